/* check_common: choosing where repository-level findings point. */
#include "check_common.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"
#include "servelint/roles.h"
#include "servelint/yaml_env.h"

const char *sl_check_last_part(const char *qualified) {
  const char *dot = strrchr(qualified, '.');
  return dot ? dot + 1 : qualified;
}

const SlFileFacts *sl_check_file_of(const SlRepoFacts *repo, const char *path) {
  for (size_t f = 0; f < repo->file_count; f++)
    if (strcmp(repo->files[f]->path, path) == 0) return repo->files[f];
  return NULL;
}

bool sl_check_is_probe(const char *function) {
  static const char *const probes[] = {"health",
                                       "healthz",
                                       "healthcheck",
                                       "health_check",
                                       "ready",
                                       "readiness",
                                       "readyz",
                                       "live",
                                       "liveness",
                                       "livez",
                                       "ping",
                                       "root",
                                       "index",
                                       "home",
                                       "metrics",
                                       "docs",
                                       "status",
                                       "version",
                                       "heartbeat",
                                       "get_heartbeat",
                                       "get_hearbeat",
                                       "list_models",
                                       "models",
                                       "info",
                                       "initialize",
                                       "setup",
                                       "load",
                                       "load_context",
                                       "__init__",
                                       "openapi",
                                       "openapi_spec_view",
                                       "schema_view",
                                       "shutdown",
                                       "shutdown_endpoint",
                                       "get_status",
                                       "api_get_status",
                                       "register_worker",
                                       "receive_heart_beat",
                                       "_index",
                                       "get_result",
                                       "retry_task",
                                       "cancel_task",
                                       "api_count_token",
                                       "api_get_conv",
                                       "api_model_details"};
  const char *name = sl_check_last_part(function);
  for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
    if (strcmp(name, probes[i]) == 0) return true;
  return false;
}

bool sl_check_contains_any(const char *text, const char *const *words, size_t count) {
  for (size_t i = 0; i < count; i++) {
    size_t length = strlen(words[i]);
    for (const char *at = text; *at; at++)
      if (strncasecmp(at, words[i], length) == 0) return true;
  }
  return false;
}

/* Prediction-like name fragments, matched where a word of the method or function name
 * starts (`get_embeddings`, `textClassify`, `/v1/chat`; not `regenerate_token`). */
static const char *const sl_check__prediction_words[] = {
    "predict", "infer",    "generat",   "chat",     "complet", "embed",   "encode",   "classif",
    "score",   "rank",     "rerank",    "__call__", "handle",  "execute", "transcri", "detect",
    "segment", "translat", "recommend", "forecast", "summar",  "caption"};
#define SL_CHECK__PREDICTION_WORD_COUNT \
  (sizeof sl_check__prediction_words / sizeof *sl_check__prediction_words)

/* Training routes, the monitoring side of a service (drift reports, dashboards,
 * feedback) and its accounts (register, login, tokens): entry points that do not serve
 * predictions, whatever else they call. */
static bool sl_check__not_serving_word(const char *text) {
  static const char *const words[] = {"report",     "reports",  "dashboard", "drift",  "monitor",
                                      "monitoring", "feedback", "register",  "signup", "login",
                                      "logout",     "auth",     "password",  "users"};
  return sl_roles_names_training(text) ||
         sl_roles_has_name_segment(text, words, sizeof words / sizeof *words);
}

/* Test, debug and legacy variants of an endpoint: not the one that stands for the service. */
static bool sl_check__variant_word(const char *text) {
  static const char *const words[] = {"test",      "debug",        "demo",    "legacy", "old",
                                      "unbatched", "experimental", "sandbox", "dummy",  "mock"};
  return sl_roles_has_name_segment(text, words, sizeof words / sizeof *words);
}

static bool sl_check__has_prediction_word(const char *text) {
  for (const char *at = text; *at; at++) {
    bool word_start = at == text || !isalpha((unsigned char)at[-1]) ||
                      (isupper((unsigned char)at[0]) && islower((unsigned char)at[-1]));
    if (!word_start) continue;
    for (size_t i = 0; i < SL_CHECK__PREDICTION_WORD_COUNT; i++)
      if (strncasecmp(at, sl_check__prediction_words[i], strlen(sl_check__prediction_words[i])) ==
          0)
        return true;
  }
  return false;
}

/* A prediction-like route path (`@app.post("/predict") def index()`) decides; without
 * one, a prediction-like function name that is not a probe's. Training routes never. */
bool sl_check_is_prediction(const SlEntryPoint *entry) {
  const char *name = sl_check_last_part(entry->function);
  if (sl_check__not_serving_word(name) ||
      (entry->route && sl_check__not_serving_word(entry->route)))
    return false;
  if (entry->route && sl_check__has_prediction_word(entry->route)) return true;
  return !sl_check_is_probe(entry->function) && sl_check__has_prediction_word(name);
}

static bool sl_check__training_entry(const SlEntryPoint *entry) {
  const char *name = sl_check_last_part(entry->function);
  return sl_check__not_serving_word(name) ||
         (entry->route && sl_check__not_serving_word(entry->route));
}

/* Names every handler class has, which say nothing about serving predictions. */
static bool sl_check__generic_name(const SlEntryPoint *entry) {
  static const char *const generic[] = {"__call__", "handle", "execute", "get",   "post",
                                        "put",      "patch",  "delete",  "route", "handler"};
  const char *name = sl_check_last_part(entry->function);
  for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
    if (strcmp(name, generic[i]) == 0) return true;
  return false;
}

/* Create, read, update and delete routes over stored results (`insert_detection`,
 * `get_detections`, `delete_prediction`): a prediction word names what they store. */
static bool sl_check__crud_entry(const SlEntryPoint *entry) {
  /* Not create or add: `create_chat_completion`, `create_embedding` serve models. */
  static const char *const verbs[] = {"insert", "delete", "update", "get",
                                      "list",   "remove", "save",   "store"};
  const char *name = sl_check_last_part(entry->function);
  size_t length = strcspn(name, "_");
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (name[length] == '_' && strlen(verbs[i]) == length && strncmp(name, verbs[i], length) == 0)
      return true;
  return false;
}

bool sl_check_serves_predictions(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  if (sl_check__training_entry(entry)) return false;
  bool reaches = sl_check_reaches_model(repo, entry);
  if (!reaches && sl_check__crud_entry(entry)) return false;
  /* TorchServe's handle and Triton's execute are inference by contract. */
  bool contract =
      strcmp(entry->framework, "torchserve") == 0 || strcmp(entry->framework, "triton") == 0;
  /* A GET route that reaches no model reads stored results (`/predictions/<id>`). */
  if (entry->read_only && !reaches) return false;
  /* A prediction-like name is trusted (the model call may hide behind layers the facts do
   * not follow) unless it is a generic handler name; any other entry must reach a model. */
  if (sl_check_is_prediction(entry)) return !sl_check__generic_name(entry) || contract || reaches;
  return reaches && !sl_check_is_probe(entry->function);
}

bool sl_check_online_prediction(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  return entry->pattern == SL_PATTERN_ONLINE && sl_check_serves_predictions(repo, entry);
}

/* A file kept beside the real one: `app copy.py`, `app-cp.py`, `server_backup.py`,
 * `server_baseline.py`, `main_old.py`. */
static bool sl_check__copy_file(const char *path) {
  static const char *const words[] = {"copy", "cp",   "backup", "bak",  "baseline",
                                      "old",  "orig", "tmp",    "draft"};
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  if (strstr(name, " copy") || strstr(name, " (")) return true;
  return sl_roles_has_name_segment(name, words, sizeof words / sizeof *words);
}

bool sl_check_loads_model(const SlFileFacts *facts) {
  for (size_t i = 0; i < facts->model_loads.count; i++)
    if (!facts->model_loads.items[i].payload) return true;
  return false;
}

bool sl_check_called_from(const SlRepoFacts *repo, const char *name,
                          bool (*accepts)(const SlFileFacts *)) {
  const char *wanted = sl_check_last_part(name);
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!accepts(facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlStringVec *callees = &facts->functions.items[i].callees;
      for (size_t c = 0; c < callees->count; c++)
        if (strcmp(sl_check_last_part(callees->items[c]), wanted) == 0) return true;
    }
  }
  return false;
}

bool sl_check_runs_model(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  const SlFileFacts *facts = sl_check_file_of(repo, entry->path);
  if (!facts) return false;
  if (sl_check_loads_model(facts)) return true;
  if (entry->function[0] == '<') return facts->module_calls_model;
  const SlFunction *function = sl_facts_function_named(facts, entry->function);
  return function && (function->calls_model || function->forwards.count > 0);
}

/* A file named as a service's entry: app.py, main.py, server.py, serve.py, service.py,
 * api.py. Among equals it is the main one (`app.py` beside `app-densenet.py`). */
static bool sl_check__entry_file(const char *path) {
  static const char *const names[] = {"app.py",   "main.py",    "server.py",
                                      "serve.py", "service.py", "api.py"};
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0) return true;
  return false;
}

/* How well an entry point stands for "the model being served": serving predictions and
 * running the model itself count for it, a probe, a training route, a copy of another
 * file or a file under docs/, examples/, benchmarks/ against it. */
static int sl_check__score(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  static const char *const asides[] = {"docs/",    "doc/",        "examples/",
                                       "example/", "benchmarks/", "benchmark/",
                                       "scripts/", "tutorials/",  "samples/"};
  int score = 0;
  if (sl_check_serves_predictions(repo, entry)) score += 4;
  if (sl_check_reaches_model(repo, entry)) score += 1;
  /* A route or name that says prediction beats one that only reaches the model (`GET
   * /model` returning its parameters beside `POST /model/predict`). */
  if (sl_check_is_prediction(entry)) score += 2;
  if (sl_check_runs_model(repo, entry)) score += 2;
  /* A TorchServe handler's `handle` is where each request arrives; its `inference` stage
   * runs the model for it. */
  if (strcmp(entry->framework, "torchserve") == 0 &&
      strcmp(sl_check_last_part(entry->function), "handle") == 0)
    score += 3;
  if (sl_check__copy_file(entry->path)) score -= 2;
  if (sl_check__entry_file(entry->path)) score += 1;
  /* The service answering requests stands for the served model before a batch job that
   * scores with the same model (`serve_http.py` beside `batch_score.py`). */
  if (entry->pattern == SL_PATTERN_ONLINE) score += 1;
  if (entry->read_only) score -= 1;
  const SlFileFacts *file = sl_check_file_of(repo, entry->path);
  if (sl_check__training_entry(entry) || (file && (file->roles & SL_ROLE_BIT(SL_ROLE_TRAINING))))
    score -= 3;
  if (sl_check__variant_word(entry->function) ||
      (entry->route && sl_check__variant_word(entry->route)))
    score -= 1;
  if (sl_check_is_probe(entry->function) && !sl_check_is_prediction(entry)) score -= 4;
  if (sl_check_contains_any(entry->path, asides, sizeof asides / sizeof *asides)) score -= 2;
  return score;
}

const SlEntryPoint *sl_check_main_entry_point(const SlRepoFacts *repo, SlEntryFilter accept,
                                              size_t *count) {
  return sl_check_main_entry_point_in(repo, accept, NULL, 0, count);
}

const SlEntryPoint *sl_check_main_entry_point_in(const SlRepoFacts *repo, SlEntryFilter accept,
                                                 const SlServices *services, size_t unit,
                                                 size_t *count) {
  const SlEntryPoint *best = NULL;
  int best_score = 0;
  size_t accepted = 0;
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->entry_points.count; i++) {
      const SlEntryPoint *entry = &repo->files[f]->entry_points.items[i];
      if (repo->files[f]->roles & SL_ROLE_BIT(SL_ROLE_TEST)) continue;
      if (services && sl_services_unit_of(services, entry->path) != unit) continue;
      if (accept ? !accept(repo, entry) : entry->pattern != SL_PATTERN_ONLINE) continue;
      accepted++;
      int score = sl_check__score(repo, entry);
      if (!best || score > best_score) best = entry, best_score = score;
    }
  if (count) *count = accepted;
  return best;
}

bool sl_check_reaches_model(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  const SlFileFacts *facts = sl_check_file_of(repo, entry->path);
  if (!facts) return true;
  for (size_t i = 0; i < facts->functions.count; i++)
    if (facts->functions.items[i].name_span.start_byte == entry->name_span.start_byte)
      return facts->functions.items[i].reaches_model;
  return entry->function[0] == '<' ? facts->module_calls_model : true; /* <module>, <main> */
}

bool sl_check_serves_a_model(const SlRepoFacts *repo) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (sl_check_loads_model(facts)) return true;
    for (size_t i = 0; i < facts->entry_points.count; i++)
      if (sl_check_reaches_model(repo, &facts->entry_points.items[i])) return true;
  }
  return false;
}

void sl_check_emit_at_entry(SlNativeEmitter *emitter, const SlEntryPoint *entry, const char *code,
                            const SlNativeVar *vars, size_t var_count) {
  SlNativeHit hit = {.path = entry->path,
                     .span = entry->name_span,
                     .snippet = entry->snippet,
                     .code = code ? code : entry->function,
                     .vars = vars,
                     .var_count = var_count};
  sl_native_emit(emitter, &hit);
}

void sl_check_emit_at_line(SlNativeEmitter *emitter, const SlFileFacts *facts, const SlSpan *span,
                           const char *fallback, const SlNativeVar *vars, size_t var_count) {
  char *line = sl_facts_line_text(facts, span->line);
  SlNativeHit hit = {.path = facts->path,
                     .span = *span,
                     .snippet = line ? line : fallback,
                     .code = line ? line : fallback,
                     .vars = vars,
                     .var_count = var_count};
  sl_native_emit(emitter, &hit);
  sl_free(line);
}

typedef struct {
  const SlSource *source;
  SlCheckContainerJudge judge;
  SlNativeEmitter *emitter;
} SlCheckContainerScan;

static void sl_check__container_visit(const SlYamlNode *container, void *context) {
  const SlCheckContainerScan *scan = context;
  scan->judge(container, scan->source, scan->emitter);
}

void sl_check_each_container(const SlNativeFile *file, SlCheckContainerJudge judge,
                             SlNativeEmitter *emitter) {
  if (!file->yaml) return;
  SlCheckContainerScan scan = {file->source, judge, emitter};
  for (size_t d = 0; d < sl_yaml_document_count(file->yaml); d++)
    sl_yaml_each_container(sl_yaml_document_root(file->yaml, d), sl_check__container_visit, &scan);
}
