/*
 * check_monitoring: monitoring-gaps, a repository check over the merged facts.
 *
 * Reported at each online prediction endpoint (one per handler class) and each stream
 * consumer that lacks prediction logging or request metrics, naming every gap: prediction
 * logging, latency and error metrics, drift detection. Metrics count when any file, Python
 * or YAML, shows a metrics library, an exporter, a framework metric hook or a scrape
 * configuration; BentoML, Ray Serve, TorchServe, Triton, KServe and Seldon export request
 * metrics themselves.
 *
 * Drift is rarely checked in the serving code itself. Its absence alone is never named
 * for an online service (one that logs predictions and reports latency and errors feeds
 * a drift check run beside it), and is named once, at the main entry point, for a stream
 * consumer. A batch scoring job writes its predictions and is watched by its scheduler:
 * only drift is asked of it, at the main entry point and at every job that loads a model
 * in its own file (not an evaluation script, nor a job whose file exports metrics).
 */
#include <stdio.h>
#include <string.h>

#include "check_common.h"
#include "servelint/native.h"
#include "servelint/strbuf.h"

static bool sl_check__framework_in(const char *framework, const char *const *names, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(framework, names[i]) == 0) return true;
  return false;
}

static bool sl_check__framework_without_metrics(const char *framework) {
  static const char *const frameworks[] = {"fastapi", "starlette", "flask", "aiohttp",
                                           "grpc",    "cog",       "django"};
  return sl_check__framework_in(framework, frameworks, sizeof frameworks / sizeof *frameworks);
}

/* Model servers that log each request and export per-model request, latency and failure
 * counts: reviewers judged a model they serve monitored without code of its own. */
static bool sl_check__framework_logs_requests(const char *framework) {
  static const char *const frameworks[] = {"kserve", "triton", "mlserver"};
  return sl_check__framework_in(framework, frameworks, sizeof frameworks / sizeof *frameworks);
}

static uint32_t sl_check__repo_monitoring(const SlRepoFacts *repo) {
  uint32_t monitoring = 0;
  for (size_t f = 0; f < repo->file_count; f++) monitoring |= repo->files[f]->monitoring;
  return monitoring;
}

/* Whether the entry calls, through an object the facts do not follow, a function of
 * the serving code that records what it did (an info log, or a print beside a model
 * call): the route's `model.predict(x)` and `HousePriceModel.predict`, which logs the
 * prediction, share the method name. */
static bool sl_check__logged_behind_object(const SlRepoFacts *repo, const SlFunction *entry) {
  SlRoleSet aside = SL_ROLE_BIT(SL_ROLE_TEST) | SL_ROLE_BIT(SL_ROLE_TRAINING);
  for (size_t f = 0; f < repo->file_count; f++) {
    if (repo->files[f]->roles & aside) continue;
    for (size_t i = 0; i < repo->files[f]->functions.count; i++) {
      const SlFunction *function = &repo->files[f]->functions.items[i];
      if (!function->logs && !(function->prints && function->calls_model)) continue;
      for (size_t c = 0; c < entry->callees.count; c++)
        if (strchr(entry->callees.items[c], '.') &&
            strcmp(sl_check_last_part(entry->callees.items[c]),
                   sl_check_last_part(function->name)) == 0)
          return true;
    }
  }
  return false;
}

/* Whether `facts` is the entry's own file or one it imports: the reach of "its" logging. */
static bool sl_check__related(const SlFileFacts *entry_file, const SlFileFacts *facts) {
  if (entry_file == facts) return true;
  for (size_t i = 0; i < entry_file->imported_names.count; i++) {
    const SlImportedName *name = &entry_file->imported_names.items[i];
    if (sl_repo_facts_file_defines(facts, name->module)) return true;
    if (name->name) {
      char joined[512];
      snprintf(joined, sizeof joined, "%s.%s", name->module, name->name);
      if (sl_repo_facts_file_defines(facts, joined)) return true;
    }
  }
  return false;
}

/* Whether a function's logging can be about predictions: it runs or reaches the model
 * (the answer is at hand), or it is named for keeping records (`log_request`,
 * `record_prediction`, `audit`). A model manager logging "loading bert" is not. */
static bool sl_check__sees_prediction(const SlFunction *function) {
  static const char *const keepers[] = {"log",   "record", "track",   "monitor", "audit",
                                        "store", "save",   "persist", "emit",    "publish"};
  if (function->calls_model || function->reaches_model) return true;
  const char *name = sl_check_last_part(function->name);
  for (size_t i = 0; i < sizeof keepers / sizeof *keepers; i++)
    if (strstr(name, keepers[i])) return true;
  return false;
}

/* Whether the entry point logs: its own function, or a function on an online path (an
 * inference path, for stream consumers) that is not itself an entry point (a logging
 * helper or a service layer the handler calls) in its own file or one its file imports. */
static bool sl_check__logs(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  const SlFileFacts *entry_file = sl_check_file_of(repo, entry->path);
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    bool same_file = facts == entry_file;
    if (same_file && entry->function[0] == '<' && facts->module_logs) return true;
    if (!entry_file || !sl_check__related(entry_file, facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      if (same_file && function->name_span.start_byte == entry->name_span.start_byte &&
          (sl_check__logged_behind_object(repo, function) ||
           (function->prints && function->calls_model)))
        return true;
      if (!function->logs) continue;
      if (same_file && function->span.start_byte == entry->span.start_byte) return true;
      bool is_entry = false;
      for (size_t e = 0; e < facts->entry_points.count && !is_entry; e++)
        is_entry =
            facts->entry_points.items[e].name_span.start_byte == function->name_span.start_byte;
      bool on_path = entry->pattern == SL_PATTERN_ONLINE ? function->on_online_path
                                                         : function->on_inference_path;
      if (on_path && !is_entry && sl_check__sees_prediction(function)) return true;
    }
  }
  return false;
}

/* The class part of "Class.method", for one finding per handler class. */
static size_t sl_check__class_length(const char *function) {
  const char *dot = strrchr(function, '.');
  return dot ? (size_t)(dot - function) : 0;
}

/* Two stages of one handler class (TorchServe preprocess/inference/postprocess, KServe,
 * Seldon, MLflow, LitServe, Cog): one endpoint. A gRPC servicer's or a BentoML service's
 * methods are endpoints of their own. */
static bool sl_check__same_handler(const SlEntryPoint *a, const SlEntryPoint *b) {
  static const char *const staged[] = {"torchserve",    "kserve",   "seldon",
                                       "mlflow-pyfunc", "litserve", "cog"};
  bool stages = false;
  for (size_t i = 0; i < sizeof staged / sizeof *staged && !stages; i++)
    stages = strcmp(a->framework, staged[i]) == 0;
  size_t length = sl_check__class_length(a->function);
  return stages && length && length == sl_check__class_length(b->function) &&
         strcmp(a->path, b->path) == 0 && strncmp(a->function, b->function, length) == 0;
}

/* The entry points judged: online prediction endpoints, stream consumers that call a
 * model and batch scoring jobs (whatever their names). */
static bool sl_check__is_monitored(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  switch (entry->pattern) {
    case SL_PATTERN_ONLINE:
      return sl_check_online_prediction(repo, entry);
    case SL_PATTERN_STREAMING: /* a consumer that scores, not one that only moves data */
      return sl_check_reaches_model(repo, entry);
    default:
      return true;
  }
}

/* An evaluation script (evaluate.py, eval_model.py) scores a test set once, to measure
 * the model: it is no production batch job to watch. */
static bool sl_check__is_evaluation(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return strncmp(base, "evaluat", 7) == 0 || strncmp(base, "eval_", 5) == 0 ||
         strstr(base, "_eval") != NULL;
}

/* The gaps of one endpoint, in the order the message names them. */
static void sl_check__describe_gaps(SlStrbuf *out, bool logged, bool metrics, bool drift) {
  const char *gaps[3];
  size_t count = 0;
  if (!logged) gaps[count++] = "no prediction logging";
  if (!metrics) gaps[count++] = "no latency or error metrics";
  if (!drift) gaps[count++] = "no drift check anywhere in the repository";
  for (size_t i = 0; i < count; i++)
    sl_strbuf_printf(out, "%s%s", i == 0 ? "" : i + 1 == count ? " and " : ", ", gaps[i]);
}

void sl_check_monitoring_gaps(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  uint32_t monitoring = sl_check__repo_monitoring(repo);
  bool drift = (monitoring & SL_MONITOR_DRIFT) != 0;
  bool logged_anywhere = (monitoring & SL_MONITOR_PREDICTION_LOG) != 0;
  bool metrics_anywhere =
      (monitoring & (SL_MONITOR_METRICS | SL_MONITOR_FRAMEWORK | SL_MONITOR_LATENCY_LOG)) != 0;
  /* HTTP middleware exporters measure HTTP routes only, not a gRPC servicer's methods. */
  bool http_metrics = (monitoring & SL_MONITOR_HTTP_METRICS) != 0;
  const SlEntryPoint *main_entry =
      sl_check_main_entry_point(repo, sl_check_online_prediction, NULL);
  if (!main_entry) main_entry = sl_check_main_entry_point(repo, sl_check__is_monitored, NULL);
  const SlEntryPoint *previous = NULL;
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->entry_points.count; i++) {
      const SlEntryPoint *entry = &repo->files[f]->entry_points.items[i];
      if (!sl_check__is_monitored(repo, entry) || !sl_native_applies(emitter, repo->files[f]))
        continue;
      if (previous && sl_check__same_handler(previous, entry)) continue;
      previous = entry;
      /* A batch job writes its predictions (that is what makes it one) and is watched by
       * its scheduler: only drift is asked of it. */
      bool batch = entry->pattern == SL_PATTERN_BATCH;
      if (entry->pattern == SL_PATTERN_ONLINE &&
          sl_check__framework_logs_requests(entry->framework))
        continue;
      bool logged = batch || logged_anywhere || sl_check__logs(repo, entry);
      bool grpc = strcmp(entry->framework, "grpc") == 0;
      bool metrics = batch || metrics_anywhere || (http_metrics && !grpc) ||
                     (entry->pattern == SL_PATTERN_ONLINE &&
                      !sl_check__framework_without_metrics(entry->framework));
      /* An online service that logs its predictions and reports latency and errors (by a
       * library or by hand) feeds the drift check a platform runs outside the repository:
       * drift alone is not asked of it. Reviewers judged such services monitored. */
      bool drift_outside = entry->pattern == SL_PATTERN_ONLINE;
      /* A batch job that loads a model in its file and scores with no drift check in the
       * repository is named at its entry, whichever is the main one: nothing watches what
       * it writes. (A job that posts rows to the repository's prediction API is watched
       * wherever that API is.) */
      bool batch_unwatched = batch && !drift && !sl_check__is_evaluation(entry->path) &&
                             sl_check_loads_model(repo->files[f]) &&
                             sl_check_reaches_model(repo, entry) &&
                             !(repo->files[f]->monitoring & SL_MONITOR_METRICS);
      if (logged && metrics && (drift || drift_outside || entry != main_entry) && !batch_unwatched)
        continue;
      SlStrbuf missing = {0};
      sl_check__describe_gaps(&missing, logged, metrics, drift);
      SlNativeVar vars[] = {{"function", entry->function}, {"missing", sl_strbuf_cstr(&missing)}};
      sl_check_emit_at_entry(emitter, entry, NULL, vars, 2);
      sl_strbuf_delete(&missing);
    }
}
