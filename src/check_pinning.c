/*
 * check_pinning: findings from the model inventory (facts_inventory.c). The inventory
 * has already resolved each load's reference (a literal, a constant, an environment
 * variable's default) and judged it (pinning.c); these checks only choose which
 * loads each rule speaks for, so one load is never reported by two pinning rules.
 */
#include <string.h>

#include "servelint/native.h"

typedef enum {
  SL_LOADER_MLFLOW,
  SL_LOADER_HUGGING_FACE,
  SL_LOADER_TORCH_HUB,
  SL_LOADER_BENTOML,
  SL_LOADER_ARTIFACT, /* files and URLs: joblib, pickle, torch.load, ONNX, Keras... */
} SlLoaderGroup;

static bool sl_check__contains(const char *text, const char *part) { return strstr(text, part) != NULL; }

static SlLoaderGroup sl_check__loader_group(const char *loader) {
  if (strncmp(loader, "mlflow.", 7) == 0) return SL_LOADER_MLFLOW;
  if (strcmp(loader, "torch.hub.load") == 0) return SL_LOADER_TORCH_HUB;
  if (strncmp(loader, "bentoml.", 8) == 0 || sl_check__contains(loader, "BentoModel"))
    return SL_LOADER_BENTOML;
  if (sl_check__contains(loader, "from_pretrained") || sl_check__contains(loader, "pipeline") ||
      sl_check__contains(loader, "hf_hub_download") || sl_check__contains(loader, "snapshot_download") ||
      sl_check__contains(loader, "SentenceTransformer"))
    return SL_LOADER_HUGGING_FACE;
  return SL_LOADER_ARTIFACT;
}

/* Emits every load of `group` whose verdict is `verdict`. */
static void sl_check__loads(const SlNativeFile *file, SlNativeEmitter *emitter, SlLoaderGroup group,
                            SlPinVerdict verdict) {
  const SlModelLoadVec *loads = &file->facts->model_loads;
  for (size_t i = 0; i < loads->count; i++) {
    const SlModelLoad *load = &loads->items[i];
    if (load->verdict != verdict || sl_check__loader_group(load->loader) != group) continue;
    SlNativeVar vars[] = {{"loader", load->loader}, {"reference", load->reference}, {"reason", load->reason}};
    SlNativeHit hit = {.span = load->span, .code = load->snippet, .vars = vars, .var_count = 3};
    sl_native_emit(emitter, &hit);
  }
}

void sl_check_pinning_mlflow(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_MLFLOW, SL_PIN_UNPINNED);
}

void sl_check_pinning_mlflow_alias(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_MLFLOW, SL_PIN_MUTABLE);
}

void sl_check_pinning_hub(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_HUGGING_FACE, SL_PIN_UNPINNED);
}

void sl_check_pinning_torch_hub(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_TORCH_HUB, SL_PIN_UNPINNED);
}

void sl_check_pinning_bentoml(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_BENTOML, SL_PIN_UNPINNED);
}

void sl_check_pinning_artifact(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__loads(file, emitter, SL_LOADER_ARTIFACT, SL_PIN_UNPINNED);
}
