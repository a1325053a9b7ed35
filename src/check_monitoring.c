/*
 * check_monitoring: repository checks over the merged facts.
 *
 * serving-without-metrics: online entry points of frameworks that export no request
 * metrics by themselves (FastAPI, Starlette, Flask, aiohttp, gRPC servicers), in a
 * repository where no file, Python or YAML, shows a metrics library, an exporter, a
 * framework metric hook or a scrape configuration. Reported once, at the first such
 * entry point in path order: one missing capability is one finding, not one per route.
 * BentoML, Ray Serve, TorchServe, Triton, KServe and Seldon serve request metrics
 * out of the box, so their entry points never trigger it.
 */
#include <stdio.h>
#include <string.h>

#include "check_common.h"
#include "servelint/native.h"

static bool sl_check__framework_without_metrics(const char *framework) {
  static const char *const frameworks[] = {"fastapi", "starlette", "flask", "aiohttp", "grpc"};
  for (size_t i = 0; i < sizeof frameworks / sizeof *frameworks; i++)
    if (strcmp(framework, frameworks[i]) == 0) return true;
  return false;
}

static bool sl_check__needs_metrics(const SlEntryPoint *entry) {
  return entry->pattern == SL_PATTERN_ONLINE &&
         sl_check__framework_without_metrics(entry->framework);
}

static uint32_t sl_check__repo_monitoring(const SlRepoFacts *repo) {
  uint32_t monitoring = 0;
  for (size_t f = 0; f < repo->file_count; f++) monitoring |= repo->files[f]->monitoring;
  return monitoring;
}

void sl_check_serving_without_metrics(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  if (sl_check__repo_monitoring(repo) & (SL_MONITOR_METRICS | SL_MONITOR_FRAMEWORK)) return;
  size_t endpoint_count = 0;
  const SlEntryPoint *first =
      sl_check_main_entry_point(repo, sl_check__needs_metrics, &endpoint_count);
  if (!first) return;
  char count[32];
  snprintf(count, sizeof count, "%zu", endpoint_count);
  SlNativeVar vars[] = {
      {"framework", first->framework}, {"count", count}, {"function", first->function}};
  SlNativeHit hit = {.path = first->path,
                     .span = first->name_span,
                     .snippet = first->snippet,
                     .code = first->function,
                     .vars = vars,
                     .var_count = 3};
  sl_native_emit(emitter, &hit);
}

/* Whether some function of the entry point's file on an inference path logs. */
static bool sl_check__logs(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (strcmp(facts->path, entry->path) != 0) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      bool own = function->span.start_byte == entry->span.start_byte;
      if (function->logs && (own || function->on_online_path)) return true;
    }
  }
  return false;
}

void sl_check_monitoring_gaps(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  uint32_t monitoring = sl_check__repo_monitoring(repo);
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->entry_points.count; i++) {
      const SlEntryPoint *entry = &repo->files[f]->entry_points.items[i];
      if (entry->pattern != SL_PATTERN_ONLINE || sl_check_is_probe(entry->function) ||
          !sl_native_applies(emitter, repo->files[f]))
        continue;
      bool logged = (monitoring & SL_MONITOR_PREDICTION_LOG) || sl_check__logs(repo, entry);
      bool drift = (monitoring & SL_MONITOR_DRIFT) != 0;
      if (logged && drift) continue;
      const char *missing = !logged && !drift ? "no prediction logging and no drift check"
                            : !logged         ? "no prediction logging"
                                              : "no drift check";
      SlNativeVar vars[] = {{"function", entry->function}, {"missing", missing}};
      SlNativeHit hit = {.path = entry->path,
                         .span = entry->name_span,
                         .snippet = entry->snippet,
                         .code = entry->function,
                         .vars = vars,
                         .var_count = 2};
      sl_native_emit(emitter, &hit);
    }
}
