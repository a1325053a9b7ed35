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

#include "servelint/native.h"

static bool sl_check__framework_without_metrics(const char *framework) {
  static const char *const frameworks[] = {"fastapi", "starlette", "flask", "aiohttp", "grpc"};
  for (size_t i = 0; i < sizeof frameworks / sizeof *frameworks; i++)
    if (strcmp(framework, frameworks[i]) == 0) return true;
  return false;
}

/* Probes and docs are endpoints too, but a finding reads better at a prediction route. */
static bool sl_check__is_probe(const char *function) {
  static const char *const probes[] = {"health", "healthz", "healthcheck", "health_check", "ready",
                                       "readiness", "readyz", "live", "liveness", "livez", "ping",
                                       "root", "index", "metrics", "docs", "status", "version"};
  const char *name = strrchr(function, '.');
  name = name ? name + 1 : function;
  for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
    if (strcmp(name, probes[i]) == 0) return true;
  return false;
}

void sl_check_serving_without_metrics(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  const SlEntryPoint *first = NULL;
  size_t endpoint_count = 0;
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (facts->monitoring & (SL_MONITOR_METRICS | SL_MONITOR_FRAMEWORK)) return;
    for (size_t i = 0; i < facts->entry_points.count; i++) {
      const SlEntryPoint *entry = &facts->entry_points.items[i];
      if (entry->pattern != SL_PATTERN_ONLINE || !sl_check__framework_without_metrics(entry->framework))
        continue;
      endpoint_count++;
      if (!first || (sl_check__is_probe(first->function) && !sl_check__is_probe(entry->function)))
        first = entry;
    }
  }
  if (!first) return;
  char count[32];
  snprintf(count, sizeof count, "%zu", endpoint_count);
  SlNativeVar vars[] = {{"framework", first->framework}, {"count", count}, {"function", first->function}};
  SlNativeHit hit = {.path = first->path, .span = first->name_span, .snippet = first->snippet,
                     .code = first->function, .vars = vars, .var_count = 3};
  sl_native_emit(emitter, &hit);
}
