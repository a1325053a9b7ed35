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

/* The line a load is reported on: the call's, except where the id is written on a line
 * of its own: a keyword of a call spread over lines (`model="org/name",`), or the default
 * of a function's parameter (`def __init__(self, model="org/name")`; not a command-line
 * option's, which many loads share). That line names the model to
 * pin. A constant's definition is not used: one constant often serves several loads,
 * which the findings must tell apart. */
static uint32_t sl_check__report_line(const SlModelLoad *load) {
  bool placed = strcmp(load->origin, "literal") == 0 || strncmp(load->reference, "param:", 6) == 0;
  return placed && load->reference_snippet ? load->reference_line : load->span.line;
}

static bool sl_check__reported(const SlModelLoad *load, SlLoaderGroup group, SlPinVerdict verdict) {
  return load->verdict == verdict && sl_check__loader_group(load) == group;
}

/* Whether an earlier load of the file is reported on the same line with the same
 * reference (two calls sharing one parameter default): one finding says it. */
static bool sl_check__said_before(const SlFileFacts *facts, size_t index, SlLoaderGroup group,
                                  SlPinVerdict verdict) {
  const SlModelLoad *load = &facts->model_loads.items[index];
  for (size_t j = 0; j < index; j++) {
    const SlModelLoad *other = &facts->model_loads.items[j];
    if (sl_check__reported(other, group, verdict) &&
        sl_check__report_line(other) == sl_check__report_line(load) &&
        strcmp(other->reference, load->reference) == 0)
      return true;
  }
  return false;
}

/* Emits a load at the line sl_check__report_line chooses, underlining that line's text
 * when it is not the call's. */
static void sl_check__emit(SlNativeEmitter *emitter, const SlModelLoad *load) {
  SlNativeVar vars[] = {
      {"loader", load->loader}, {"reference", load->reference}, {"reason", load->reason}};
  SlSpan span = load->span;
  uint32_t line = sl_check__report_line(load);
  const char *text = line != span.line ? load->reference_snippet : NULL; /* its own line */
  if (text) {
    size_t start = strspn(text, " \t"), end = strlen(text);
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
    span.line = span.end_line = line;
    span.column = (uint32_t)start + 1;
    span.end_column = (uint32_t)end + 1;
  }
  SlNativeHit hit = {.path = load->path,
                     .span = span,
                     .snippet = text ? text : load->snippet,
                     .code = load->snippet,
                     .vars = vars,
                     .var_count = 3};
  sl_native_emit(emitter, &hit);
}

/* Emits every load of `group` whose verdict is `verdict`, in files of the rule's
 * scope. Repository checks: they run after sl_repo_facts_link has resolved constants
 * imported from other files. */
static void sl_check__loads(const SlRepoFacts *repo, SlNativeEmitter *emitter, SlLoaderGroup group,
                            SlPinVerdict verdict) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->model_loads.count; i++)
      if (sl_check__reported(&facts->model_loads.items[i], group, verdict) &&
          !sl_check__said_before(facts, i, group, verdict))
        sl_check__emit(emitter, &facts->model_loads.items[i]);
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
