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

/* Whether the entry point logs: its own function, or a function on an online path
 * anywhere in the repository that is not itself an entry point (a logging helper or a
 * service layer the handler calls, across files). */
static bool sl_check__logs(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    bool same_file = strcmp(facts->path, entry->path) == 0;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      if (!function->logs) continue;
      if (same_file && function->span.start_byte == entry->span.start_byte) return true;
      bool is_entry = false;
      for (size_t e = 0; e < facts->entry_points.count && !is_entry; e++)
        is_entry = facts->entry_points.items[e].name_span.start_byte == function->name_span.start_byte;
      if (function->on_online_path && !is_entry) return true;
    }
  }
  return false;
}

/* The class part of "Class.method", for one finding per handler class. */
static size_t sl_check__class_length(const char *function) {
  const char *dot = strrchr(function, '.');
  return dot ? (size_t)(dot - function) : 0;
}

static bool sl_check__same_handler(const SlEntryPoint *a, const SlEntryPoint *b) {
  size_t length = sl_check__class_length(a->function);
  return length && length == sl_check__class_length(b->function) && strcmp(a->path, b->path) == 0 &&
         strncmp(a->function, b->function, length) == 0;
}

static bool sl_check__is_online_prediction(const SlEntryPoint *entry) {
  return entry->pattern == SL_PATTERN_ONLINE && sl_check_is_prediction(entry);
}

/* monitoring-gaps: per online prediction endpoint (one per handler class), a missing
 * prediction log; the repository-wide absence of a drift check is named once, at the
 * main entry point. */
void sl_check_monitoring_gaps(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  bool drift = (sl_check__repo_monitoring(repo) & SL_MONITOR_DRIFT) != 0;
  bool logged_anywhere = (sl_check__repo_monitoring(repo) & SL_MONITOR_PREDICTION_LOG) != 0;
  const SlEntryPoint *main_entry = sl_check_main_entry_point(repo, sl_check__is_online_prediction, NULL);
  const SlEntryPoint *previous = NULL;
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->entry_points.count; i++) {
      const SlEntryPoint *entry = &repo->files[f]->entry_points.items[i];
      if (!sl_check__is_online_prediction(entry) || !sl_native_applies(emitter, repo->files[f])) continue;
      if (previous && sl_check__same_handler(previous, entry)) continue;
      previous = entry;
      bool logged = logged_anywhere || sl_check__logs(repo, entry);
      bool report_drift = !drift && entry == main_entry;
      if (logged && !report_drift) continue;
      const char *missing = !logged && report_drift ? "no prediction logging, and no drift check anywhere in the repository"
                            : !logged               ? "no prediction logging"
                                                    : "no drift check anywhere in the repository";
      SlNativeVar vars[] = {{"function", entry->function}, {"missing", missing}};
      SlNativeHit hit = {.path = entry->path, .span = entry->name_span, .snippet = entry->snippet,
                         .code = entry->function, .vars = vars, .var_count = 2};
      sl_native_emit(emitter, &hit);
    }
}
