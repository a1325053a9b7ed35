/*
 * check_pinning: findings from the model inventory (facts_inventory.c). The inventory
 * has already resolved each load's reference (a literal, a constant, an environment
 * variable's default) and judged it (pinning.c); these checks only choose which
 * loads each rule speaks for, so one load is never reported by two pinning rules.
 */
#include <string.h>

#include "servelint/native.h"
#include "servelint/pinning.h"

typedef enum {
  SL_LOADER_MLFLOW,
  SL_LOADER_HUGGING_FACE,
  SL_LOADER_TORCH_HUB,
  SL_LOADER_BENTOML,
  SL_LOADER_ARTIFACT, /* files and URLs: joblib, pickle, torch.load, ONNX, Keras... */
} SlLoaderGroup;

/* The rule group of a load: by the family its reference was judged in (a Hub id with
 * revision=, a torch.hub repo, a BentoML tag), and among URIs, MLflow's loaders apart
 * from plain artifacts. */
static SlLoaderGroup sl_check__loader_group(const SlModelLoad *load) {
  switch ((SlPinFamily)load->pin_family) {
    case SL_PIN_FAMILY_HUGGING_FACE:
      return SL_LOADER_HUGGING_FACE;
    case SL_PIN_FAMILY_TORCH_HUB:
      return SL_LOADER_TORCH_HUB;
    case SL_PIN_FAMILY_BENTOML:
      return SL_LOADER_BENTOML;
    default:
      return strncmp(load->loader, "mlflow.", 7) == 0 ? SL_LOADER_MLFLOW : SL_LOADER_ARTIFACT;
  }
}

/* Emits every load of `group` whose verdict is `verdict`, in files of the rule's
 * scope. Repository checks: they run after sl_repo_facts_link has resolved constants
 * imported from other files. */
static void sl_check__loads(const SlRepoFacts *repo, SlNativeEmitter *emitter, SlLoaderGroup group,
                            SlPinVerdict verdict) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      if (load->verdict != verdict || sl_check__loader_group(load) != group) continue;
      SlNativeVar vars[] = {
          {"loader", load->loader}, {"reference", load->reference}, {"reason", load->reason}};
      SlNativeHit hit = {.path = load->path,
                         .span = load->span,
                         .snippet = load->snippet,
                         .code = load->snippet,
                         .vars = vars,
                         .var_count = 3};
      sl_native_emit(emitter, &hit);
    }
  }
}

void sl_check_pinning_mlflow(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_MLFLOW, SL_PIN_UNPINNED);
}

void sl_check_pinning_mlflow_alias(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_MLFLOW, SL_PIN_MUTABLE);
}

void sl_check_pinning_hub(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_HUGGING_FACE, SL_PIN_UNPINNED);
}

void sl_check_pinning_torch_hub(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_TORCH_HUB, SL_PIN_UNPINNED);
}

void sl_check_pinning_bentoml(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_BENTOML, SL_PIN_UNPINNED);
}

void sl_check_pinning_artifact(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__loads(repo, emitter, SL_LOADER_ARTIFACT, SL_PIN_UNPINNED);
}
