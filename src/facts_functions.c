/*
 * facts_functions: every function definition of a file with its decorators and the
 * calls it makes, and which of them lie on an inference path: an entry point, or a
 * function an entry point calls (transitively) within the file. Load hooks
 * (__init__, initialize, load, setup...) run once, not per request: a path never goes
 * through them, so a model loaded there is not "loaded per request".
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pyast.h"
#include "servelint/roles.h"
#include "servelint/strbuf.h"

/* A class or function being walked: its qualified name and where it ends. */
typedef struct {
  char *name; /* owned */
  uint32_t end_byte;
  bool is_class;
  long function; /* index in facts->functions, or -1 for a class */
} SlScope;

/* A `with torch.no_grad():` (or inference_mode, set_grad_enabled(False)) block. */
typedef struct {
  uint32_t start_byte, end_byte;
} SlGuard;

/* `target = factory(...)`: a name bound to what a call of this file returns. */
typedef struct {
  char *target;  /* owned; "classifier", "self.model" */
  char *factory; /* owned; the callee's last part: "get_classifier", "load_model" */
  long function; /* the function the binding is in (-1: module level) */
  bool by_name;  /* the callee is a bare name (`get_engine()`), not a method or attribute */
} SlFactoryUse;

/* A name bound in one function: `row` of `row = {"prediction": y}`. */
typedef struct {
  char *name;    /* owned */
  long function; /* index in facts->functions */
} SlLocalName;

typedef struct {
  const SlSource *source;
  SlFileFacts *facts;
  SlVec(SlScope) scopes;
  SlVec(SlGuard) guards;    /* open guard blocks, innermost last */
  SlVec(SlGuard) loops;     /* open `for` bodies and `while` loops, innermost last */
  uint32_t decorated_start; /* the function a decorated_definition already recorded */
  SlVec(SlFactoryUse) factory_uses;
  SlStringVec returned;                  /* owned; "function\treturned expression" of each return */
  SlVec(SlLocalName) returned_names;     /* `return _engine`: a name a function returns */
  SlVec(SlLocalName) prediction_records; /* `row = {"pred_class": ...}` in a function */
  SlVec(SlLocalName) prediction_values;  /* `pred = model.predict(x)` in a function */
  bool scripts_module;                   /* calls torch.jit.trace / torch.jit.script */
  bool evaluates_module;                 /* puts some module in eval mode */
  uint32_t awaited_start; /* start byte of the expression the last `await` visited awaits (the
                             walk is pre-order: the await comes before its call); UINT32_MAX
                             for none */
} SlFunctionScan;

/* The last dotted part of a name: "predict" of "self.model.predict". */
static const char *sl_facts__last_part(const char *dotted) {
  const char *dot = strrchr(dotted, '.');
  return dot ? dot + 1 : dotted;
}

static bool sl_facts__is_guard_name(const char *text) {
  return strstr(text, "no_grad") || strstr(text, "inference_mode") ||
         strstr(text, "set_grad_enabled");
}

/* A torch module by its name: the last dotted part is model, net, module, backbone...
 * (`self.model`, `net`, `text_encoder`), not a constructor under torch. or nn. */
static bool sl_facts__is_module_name(const char *text) {
  static const char *const names[] = {"model",    "net",       "network", "module",
                                      "backbone", "encoder",   "decoder", "classifier",
                                      "detector", "generator", "_model"};
  static const char *const verbs[] = {"get_",     "load_", "reload_", "build_",  "create_",
                                      "make_",    "init_", "setup_",  "fetch_",  "download_",
                                      "prepare_", "log_",  "save_",   "export_", "register_"};
  if (strncmp(text, "torch.", 6) == 0 || strncmp(text, "nn.", 3) == 0) return false;
  const char *last = sl_facts__last_part(text);
  /* `get_classifier()` returns a module; calling the getter is no forward pass. */
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strncmp(last + strspn(last, "_"), verbs[i], strlen(verbs[i])) == 0) return false;
  size_t length = strlen(last);
  /* Architectures by name: `self.resnet`, `unet`, `self.bert`, `yolo`; held by the code
   * itself (a bare name or an attribute of self), not a constructor in a package
   * (`models.googlenet(...)`). */
  if (!strchr(text, '.') || strncmp(text, "self.", 5) == 0) {
    static const char *const architectures[] = {"vgg", "bert", "vit", "yolo", "lstm",
                                                "gru", "cnn",  "rnn", "mlp",  "transformer"};
    for (size_t i = 0; i < sizeof architectures / sizeof *architectures; i++)
      if (strcmp(last, architectures[i]) == 0) return true;
    if (length > 4 && strcmp(last + length - 3, "net") == 0 && last[length - 4] != '_' &&
        islower((unsigned char)last[0]))
      return true;
  }
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    size_t name_length = strlen(names[i]);
    if (strcmp(last, names[i]) == 0 ||
        (length > name_length && strcmp(last + length - name_length, names[i]) == 0 &&
         last[length - name_length - 1] == '_'))
      return true;
  }
  return false;
}

static bool sl_facts__is_load_hook(const char *qualified) {
  static const char *const hooks[] = {"__init__",    "initialize", "load",       "load_context",
                                      "setup",       "startup",    "on_startup", "lifespan",
                                      "init",        "model_fn",   "warmup",     "load_model",
                                      "_load_model", "setup_model"};
  const char *name = sl_facts__last_part(qualified);
  for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++)
    if (strcmp(name, hooks[i]) == 0) return true;
  return false;
}

static void sl_facts__leave_scopes(SlFunctionScan *scan, uint32_t start_byte) {
  while (scan->scopes.count && sl_vec_last(&scan->scopes)->end_byte <= start_byte) {
    sl_free(sl_vec_last(&scan->scopes)->name);
    scan->scopes.count--;
  }
  while (scan->guards.count && sl_vec_last(&scan->guards)->end_byte <= start_byte)
    scan->guards.count--;
  while (scan->loops.count && sl_vec_last(&scan->loops)->end_byte <= start_byte)
    scan->loops.count--;
}

/* `for` loops count from their body (the iterable is evaluated once), `while` loops
 * whole (the condition runs each time). */
static void sl_facts__enter_loop(SlFunctionScan *scan, TSNode node) {
  TSNode body =
      sl_pyast_is(node, "for_statement") ? ts_node_child_by_field_name(node, "body", 4) : node;
  if (ts_node_is_null(body)) return;
  SlGuard loop = {ts_node_start_byte(body), ts_node_end_byte(node)};
  sl_vec_push(&scan->loops, loop);
}

/* Whether one of the open `blocks` (guards or loops) opened inside function `function`
 * (its own, not an enclosing function's) holds `node`. */
static bool sl_facts__in_open_block(const SlFunctionScan *scan, const SlGuard *blocks, size_t count,
                                    TSNode node, long function) {
  uint32_t function_start =
      function >= 0 ? scan->facts->functions.items[function].span.start_byte : 0;
  for (size_t i = 0; i < count; i++)
    if (blocks[i].start_byte >= function_start && blocks[i].start_byte <= ts_node_start_byte(node))
      return true;
  return false;
}

static bool sl_facts__in_loop(const SlFunctionScan *scan, TSNode node, long function) {
  return sl_facts__in_open_block(scan, scan->loops.items, scan->loops.count, node, function);
}

static char *sl_facts__qualify(const SlFunctionScan *scan, TSNode name) {
  SlStrbuf out = {0};
  if (scan->scopes.count) {
    sl_strbuf_puts(&out, sl_vec_last(&scan->scopes)->name);
    sl_strbuf_puts(&out, ".");
  }
  char *text = sl_pyast_text(scan->source->bytes, name);
  sl_strbuf_puts(&out, text);
  sl_free(text);
  return sl_strbuf_take(&out);
}

/* "@functools.lru_cache(maxsize=1)" -> "functools.lru_cache". */
static char *sl_facts__decorator_name(const SlSource *source, TSNode decorator) {
  TSNode expression = ts_node_named_child(decorator, 0);
  if (sl_pyast_is(expression, "call"))
    expression = ts_node_child_by_field_name(expression, "function", 8);
  return sl_pyast_text(source->bytes, expression);
}

/* The text of the line `node` starts on; caller frees. */
static char *sl_facts__line_of(const SlFunctionScan *scan, TSNode node) {
  size_t length = 0;
  const char *line = sl_source_line(scan->source, ts_node_start_point(node).row, &length);
  return sl_strndup(line, length);
}

typedef struct {
  const char *source;
  uint64_t hash;    /* FNV-1a over the tokens, each followed by a separator */
  TSNode docstring; /* skipped; null when none */
} SlBodyHash;

static bool sl_facts__hash_token(void *context, TSNode node) {
  SlBodyHash *body = context;
  if (sl_pyast_is(node, "comment") ||
      (!ts_node_is_null(body->docstring) && ts_node_eq(node, body->docstring)))
    return false;
  if (ts_node_child_count(node) > 0) return true;
  for (uint32_t i = ts_node_start_byte(node); i < ts_node_end_byte(node); i++)
    body->hash = (body->hash ^ (unsigned char)body->source[i]) * 1099511628211ull;
  body->hash = (body->hash ^ 0x1f) * 1099511628211ull;
  return false;
}

/* A hash of the body's tokens: equal for two copies that differ only in comments,
 * docstring, indentation or line breaks; different when any token differs. */
static uint64_t sl_facts__body_hash(const SlSource *source, TSNode definition) {
  TSNode body = ts_node_child_by_field_name(definition, "body", 4);
  SlBodyHash hash = {source->bytes, 1469598103934665603ull, {{0}, NULL, NULL}};
  if (ts_node_is_null(body)) return hash.hash;
  TSNode first = ts_node_named_child(body, 0);
  if (sl_pyast_is(first, "expression_statement") &&
      sl_pyast_is(ts_node_named_child(first, 0), "string"))
    hash.docstring = first;
  sl_pyast_walk(body, sl_facts__hash_token, &hash);
  return hash.hash;
}

/* A drift check written by hand: a function named for it (`detect_drift`, `compute_psi`,
 * `population_stability_index`), or a two-sample test of distributions from SciPy
 * (`ks_2samp`, `wasserstein_distance`, `jensenshannon`). Monitoring evidence as much
 * as a drift library is. */
static bool sl_facts__names_drift_check(const char *name) {
  static const char *const words[] = {"drift", "psi"};
  const char *last = sl_facts__last_part(name);
  return sl_roles_has_name_segment(last, words, sizeof words / sizeof *words) ||
         strstr(last, "population_stability") || strcmp(last, "ks_2samp") == 0 ||
         strcmp(last, "wasserstein_distance") == 0 || strcmp(last, "jensenshannon") == 0;
}

/* The class a parameter's annotation names, or a null node: `service: PredictionService`,
 * `service: PredictionService = Depends(get_service)`, `Annotated[PredictionService,
 * Depends(...)]`. Only capitalised names: `x: str` or `x: dict` bind no instance. */
static TSNode sl_facts__annotated_class(const char *source, TSNode param) {
  TSNode type = ts_node_child_by_field_name(param, "type", 4);
  TSNode annotation = ts_node_is_null(type) ? type : ts_node_named_child(type, 0);
  if (sl_pyast_is(annotation, "generic_type") || sl_pyast_is(annotation, "subscript")) {
    TSNode head = ts_node_named_child(annotation, 0);
    if (!sl_pyast_text_is(source, head, "Annotated") &&
        !sl_pyast_text_is(source, head, "typing.Annotated"))
      return (TSNode){{0}, NULL, NULL};
    TSNode arguments = ts_node_named_child(annotation, 1);
    annotation =
        sl_pyast_is(arguments, "type_parameter") ? ts_node_named_child(arguments, 0) : arguments;
    if (sl_pyast_is(annotation, "type")) annotation = ts_node_named_child(annotation, 0);
  }
  if (!sl_pyast_is(annotation, "identifier") && !sl_pyast_is(annotation, "attribute"))
    return (TSNode){{0}, NULL, NULL};
  uint32_t start = ts_node_start_byte(annotation);
  const char *last = source + start;
  for (const char *c = last; c < source + ts_node_end_byte(annotation); c++)
    if (*c == '.') last = c + 1;
  return isupper((unsigned char)*last) ? annotation : (TSNode){{0}, NULL, NULL};
}

/* Each parameter annotated with a class binds an instance of it, as `x = Class()` would:
 * `def predict(features, service: PredictionService = Depends(...))` then
 * `service.predict(features)` runs `PredictionService.predict` (the dependency-injection
 * idiom of FastAPI service layers). */
static void sl_facts__bind_typed_parameters(SlFunctionScan *scan, TSNode definition,
                                            long function) {
  const char *source = scan->source->bytes;
  TSNode params = ts_node_child_by_field_name(definition, "parameters", 10);
  uint32_t count = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
  for (uint32_t i = 0; i < count; i++) {
    TSNode param = ts_node_named_child(params, i);
    TSNode name = sl_pyast_is(param, "typed_parameter") ? ts_node_named_child(param, 0)
                  : sl_pyast_is(param, "typed_default_parameter")
                      ? ts_node_child_by_field_name(param, "name", 4)
                      : (TSNode){{0}, NULL, NULL};
    if (!sl_pyast_is(name, "identifier")) continue;
    TSNode annotation = sl_facts__annotated_class(source, param);
    if (ts_node_is_null(annotation)) continue;
    char *type = sl_pyast_text(source, annotation);
    SlFactoryUse use = {sl_pyast_text(source, name), sl_strdup(sl_facts__last_part(type)), function,
                        false};
    sl_free(type);
    sl_vec_push(&scan->factory_uses, use);
  }
}

static void sl_facts__add_function(SlFunctionScan *scan, TSNode definition, TSNode outer) {
  TSNode name = ts_node_child_by_field_name(definition, "name", 4);
  if (ts_node_is_null(name)) return;
  SlFunction function = {.name = sl_facts__qualify(scan, name),
                         .span = sl_span_of_node(outer),
                         .name_span = sl_span_of_node(name)};
  function.is_async = sl_pyast_is(ts_node_child(definition, 0), "async");
  function.body_hash = sl_facts__body_hash(scan->source, definition);
  function.snippet = sl_facts__line_of(scan, name);
  function.is_load_hook = sl_facts__is_load_hook(function.name);
  if (sl_facts__names_drift_check(function.name)) scan->facts->monitoring |= SL_MONITOR_DRIFT;
  uint32_t count = ts_node_named_child_count(outer);
  for (uint32_t i = 0; !ts_node_eq(outer, definition) && i < count; i++) {
    TSNode decorator = ts_node_named_child(outer, i);
    if (!sl_pyast_is(decorator, "decorator")) continue;
    char *decorator_name = sl_facts__decorator_name(scan->source, decorator);
    function.guard_decorated |= sl_facts__is_guard_name(decorator_name);
    sl_vec_push(&function.decorators, decorator_name);
  }
  sl_vec_push(&scan->facts->functions, function);
  SlScope scope = {sl_strdup(function.name), ts_node_end_byte(definition), false,
                   (long)scan->facts->functions.count - 1};
  sl_vec_push(&scan->scopes, scope);
  sl_facts__bind_typed_parameters(scan, definition, scope.function);
}

/* A module-level `if __name__ == "__main__":` block: the script's own entry, kept as a
 * function named "<main>" (its span the block, its name span the condition) so that its
 * calls, torch module calls and guards are recorded like any function's. */
static void sl_facts__add_main_block(SlFunctionScan *scan, TSNode block) {
  /* Module level: outside every definition, and at column 0 (not nested in another
   * module-level statement). ts_node_parent would walk down from the root each time. */
  if (scan->scopes.count > 0 || ts_node_start_point(block).column != 0) return;
  if (!sl_pyast_is_main_guard(scan->source->bytes, block)) return;
  TSNode condition = ts_node_child_by_field_name(block, "condition", 9);
  SlFunction function = {.name = sl_strdup("<main>"),
                         .span = sl_span_of_node(block),
                         .name_span = sl_span_of_node(condition),
                         .snippet = sl_facts__line_of(scan, condition)};
  sl_vec_push(&scan->facts->functions, function);
  SlScope scope = {sl_strdup(function.name), ts_node_end_byte(block), false,
                   (long)scan->facts->functions.count - 1};
  sl_vec_push(&scan->scopes, scope);
}

static void sl_facts__add_class(SlFunctionScan *scan, TSNode definition) {
  TSNode name = ts_node_child_by_field_name(definition, "name", 4);
  if (ts_node_is_null(name)) return;
  SlScope scope = {sl_facts__qualify(scan, name), ts_node_end_byte(definition), true, -1};
  sl_vec_push(&scan->scopes, scope);
}

/* The innermost enclosing class's qualified name, or NULL. Borrowed from the stack. */
static const char *sl_facts__innermost_class(const SlFunctionScan *scan) {
  for (size_t i = scan->scopes.count; i-- > 0;)
    if (scan->scopes.items[i].is_class) return scan->scopes.items[i].name;
  return NULL;
}

/* The innermost enclosing function's index in facts->functions, or -1. */
static long sl_facts__innermost_function(const SlFunctionScan *scan) {
  for (size_t i = scan->scopes.count; i-- > 0;)
    if (!scan->scopes.items[i].is_class) return scan->scopes.items[i].function;
  return -1;
}

/* `logger.info(...)`, `logging.warning(...)`, `self.log.debug(...)`, `structlog...`,
 * `mlflow.log_metrics(...)`, a helper that stores predictions. */
/* `save_prediction(...)`, `db.create_db_prediction(...)`, `log_predictions(...)`. */
static bool sl_facts__records_predictions(const char *callee) {
  static const char *const verbs[] = {"log",   "save",    "store",  "record", "insert",
                                      "write", "persist", "create", "add"};
  const char *last = sl_facts__last_part(callee);
  if (!strstr(last, "prediction")) return false;
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strstr(last, verbs[i])) return true;
  return false;
}

/* Whether the receiver `callee[0, length)` names a logger by its last part. */
static bool sl_facts__names_logger(const char *callee, size_t length) {
  size_t start = length;
  while (start > 0 && callee[start - 1] != '.') start--;
  char last[64];
  size_t size = length - start;
  if (size == 0 || size >= sizeof last) return false;
  for (size_t i = 0; i < size; i++) last[i] = (char)tolower((unsigned char)callee[start + i]);
  last[size] = '\0';
  static const char *const endings[] = {"logger", "logging"};
  for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
    size_t ending = strlen(endings[i]);
    if (size >= ending && strcmp(last + size - ending, endings[i]) == 0) return true;
  }
  return strcmp(last, "log") == 0 || strcmp(last, "_log") == 0;
}

static bool sl_facts__is_logging_call(const char *callee) {
  static const char *const prefixes[] = {"logger.",       "logging.",  "log.",         "LOGGER.",
                                         "_logger.",      "_log.",     "self.logger.", "self.log.",
                                         "self._logger.", "structlog."};
  /* Warnings and errors (a rejected input, a failure) are not a record of predictions. */
  static const char *const problem_levels[] = {"warning",   "warn",     "error",
                                               "exception", "critical", "fatal"};
  const char *level = strrchr(callee, '.');
  for (size_t i = 0; level && i < sizeof problem_levels / sizeof *problem_levels; i++)
    if (strcmp(level + 1, problem_levels[i]) == 0) return false;
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strncmp(callee, prefixes[i], strlen(prefixes[i])) == 0) return true;
  /* A logger under a name of its own (`app_logger.info`, `_LOGGER.debug`,
   * `error_logging.info`, `LOG.info`): the receiver's last part ends with logger or
   * logging, or is log. */
  if (level && sl_facts__names_logger(callee, (size_t)(level - callee))) return true;
  /* MLflow and W&B tracking (`mlflow.log_metrics`, `run.log(...)`, `wandb.log`) and a
   * helper that stores predictions (a DB table) record them too; `np.log` does not. */
  static const char *const numeric[] = {"np.log",      "numpy.log", "math.log", "torch.log",
                                        "tf.math.log", "jnp.log",   "cmath.log"};
  size_t length = strlen(callee);
  bool tracker_log = length > 4 && strcmp(callee + length - 4, ".log") == 0;
  for (size_t i = 0; tracker_log && i < sizeof numeric / sizeof *numeric; i++)
    tracker_log = strcmp(callee, numeric[i]) != 0;
  return strstr(callee, ".logger.") != NULL || strncmp(callee, "mlflow.log_", 11) == 0 ||
         tracker_log || sl_facts__records_predictions(callee);
}

/* Whether a name segment names a model: it ends with a model word, digits and '_' aside
 * ("model", "clf", "sentiment_pipeline", "ort_sess", "model_v2"), and is no loader or
 * setting named after one ("load_model", "model_path"). "model_list" is not a model,
 * and a capitalised name is a class ("Model(...)" constructs one). */
static bool sl_facts__model_word(const char *segment, size_t length) {
  static const char *const words[] = {
      "model",     "pipe",    "pipeline",  "clf",      "classifier", "estimator",
      "regressor", "booster", "predictor", "learner",  "embedder",   "llm",
      "net",       "sess",    "session",   "detector", "engine",     "chain"};
  static const char *const not_calls[] = {
      "load", "get_",   "build",    "create", "make_",  "init", "path", "name", "_dir",
      "_url", "config", "download", "_for_",  "_from_", "_to_", "_of_", "_by_"};
  if (length == 0 || isupper((unsigned char)segment[0])) return false; /* a class constructs */
  /* Every call of every function comes here: the cheap suffix test first. */
  size_t end = length;
  while (end > 0 && (isdigit((unsigned char)segment[end - 1]) || segment[end - 1] == '_')) end--;
  if (end > 1 && tolower((unsigned char)segment[end - 1]) == 'v' && segment[end - 2] == '_')
    end -= 2;
  bool suffix = false;
  for (size_t i = 0; i < sizeof words / sizeof *words && !suffix; i++) {
    size_t word_length = strlen(words[i]);
    suffix =
        end >= word_length && strncasecmp(segment + end - word_length, words[i], word_length) == 0;
  }
  if (!suffix) return false;
  for (size_t i = 0; i < sizeof not_calls / sizeof *not_calls; i++) {
    size_t needle = strlen(not_calls[i]);
    for (size_t at = 0; at + needle <= length; at++)
      if (strncasecmp(segment + at, not_calls[i], needle) == 0) return false;
  }
  return true;
}

static bool sl_facts__names_prediction(const char *name, size_t length) {
  static const char *const words[] = {"predict", "inference", "infer_"};
  /* What a helper does with a prediction it did not make: `create_predict_response`,
   * `log_prediction`, `save_predictions`, `send_inference_request`. */
  static const char *const handling[] = {"response", "responses", "request", "requests",
                                         "send",     "log",       "save",    "store",
                                         "write",    "publish",   "format",  "parse"};
  char copy[128];
  if (length < sizeof copy) {
    memcpy(copy, name, length);
    copy[length] = '\0';
    if (sl_roles_has_name_segment(copy, handling, sizeof handling / sizeof *handling)) return false;
  }
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t word_length = strlen(words[i]);
    for (size_t at = 0; at + word_length <= length; at++)
      if (strncmp(name + at, words[i], word_length) == 0) return true;
  }
  return false;
}

/* Whether a callee, as written, calls a model by the names serving code gives one:
 * `model(x)`, `self.classifier(x)`, `model.predict(x)`, `self.llm.generate(...)`,
 * `sess.run(...)`, `pipeline_model.transform(df)`, any `X.predict(...)` (a service layer
 * in front of one), Ray handles (`self.classifier.remote(x)`, `handle.predict.remote(x)`)
 * and BentoML runners (`model.predict.run(x)`, `await runner.async_run(x)`). */
static bool sl_facts__is_model_call(const char *callee) {
  /* A hosted model answering through its client SDK: OpenAI-compatible servers (vLLM,
   * TGI, Ollama, LiteLLM proxies), Anthropic, Gemini, Ollama's and LiteLLM's functions. */
  static const char *const hosted[] = {".chat.completions.create",
                                       ".completions.create",
                                       ".embeddings.create",
                                       ".messages.create",
                                       ".responses.create",
                                       ".generate_content",
                                       "ollama.chat",
                                       "ollama.generate",
                                       "ollama.embed",
                                       "ollama.embeddings",
                                       "litellm.completion",
                                       "litellm.acompletion",
                                       "litellm.embedding"};
  size_t callee_length = strlen(callee);
  for (size_t i = 0; i < sizeof hosted / sizeof *hosted; i++) {
    size_t suffix = strlen(hosted[i]);
    if (callee_length >= suffix && strcmp(callee + callee_length - suffix, hosted[i]) == 0 &&
        (hosted[i][0] == '.' || callee_length == suffix ||
         callee[callee_length - suffix - 1] == '.'))
      return true;
  }
  static const char *const methods[] = {"predict", "predict_proba", "predict_log_proba",
                                        "decision_function", "generate", "encode", "embed", "infer",
                                        "forward", "run", "chat", "classify", "transform",
                                        /* a RAG engine or LangChain chain answering */
                                        "query", "ask", "invoke", "ainvoke"};
  /* Invocation wrappers say nothing of what is invoked: Ray handles (`.remote`), BentoML
   * runners (`model.predict.run`, `model.async_run`), ONNX sessions (`sess.run`: the
   * session is then judged by its own name). */
  static const char *const wrappers[] = {".remote", ".async_run", ".run"};
  size_t length = strlen(callee);
  for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++) {
    size_t wrapper = strlen(wrappers[i]);
    if (length > wrapper && strncmp(callee + length - wrapper, wrappers[i], wrapper) == 0)
      length -= wrapper;
  }
  /* `await mnist_runner.async_run(x)`: a BentoML runner is the model (`async_run` is
   * BentoML's alone; a bare `.run` on a runner could be anything's). */
  static const char async_run[] = ".async_run", runner[] = "runner";
  if (callee_length > sizeof async_run - 1 + sizeof runner - 1 &&
      strcmp(callee + callee_length - (sizeof async_run - 1), async_run) == 0 &&
      strncasecmp(callee + length - (sizeof runner - 1), runner, sizeof runner - 1) == 0)
    return true;
  size_t method_start = length;
  while (method_start > 0 && callee[method_start - 1] != '.') method_start--;
  const char *method = callee + method_start;
  size_t method_length = length - method_start;
  /* A bare name: a model object, or a prediction helper (`make_prediction(...)`,
   * `run_inference(...)`, `predict(x)`). */
  if (method_start == 0)
    return sl_facts__model_word(method, method_length) ||
           sl_facts__names_prediction(method, method_length);
  size_t receiver_start = method_start - 1;
  while (receiver_start > 0 && callee[receiver_start - 1] != '.') receiver_start--;
  bool model_receiver =
      sl_facts__model_word(callee + receiver_start, method_start - 1 - receiver_start);
  for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
    if (strlen(methods[i]) == method_length && strncmp(method, methods[i], method_length) == 0)
      return model_receiver || strncmp(method, "predict", 7) == 0;
  /* `model.chat_completions(...)`, `self.llm.generate_stream(...)`: a serving verb on a
   * model; the least ambiguous verbs on anything (`worker.generate_gate(params)`,
   * `service.infer_batch(x)`: a layer in front of a model). */
  static const char *const verbs[] = {"predict", "generat", "infer",   "classif",  "embed",
                                      "encode",  "chat",    "complet", "transcri", "translat"};
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strncmp(method, verbs[i], strlen(verbs[i])) == 0 && (model_receiver || i < 4)) return true;
  return sl_facts__model_word(method, method_length);
}

/* Whether `node` lies in a guard block opened inside the innermost function. */
static bool sl_facts__is_guarded(const SlFunctionScan *scan, TSNode node, long function) {
  return sl_facts__in_open_block(scan, scan->guards.items, scan->guards.count, node, function);
}

/* `with torch.no_grad():` and friends (also `with a, torch.no_grad():`). */
static bool sl_facts__visit_with(void *context, TSNode node) {
  SlFunctionScan *scan = context;
  if (!sl_pyast_is(node, "with_item")) return !sl_pyast_is(node, "block");
  TSNode value = ts_node_child_by_field_name(node, "value", 5);
  if (sl_pyast_is(value, "as_pattern")) value = ts_node_named_child(value, 0);
  if (!sl_pyast_is(value, "call")) return false;
  char *text =
      sl_pyast_text(scan->source->bytes, ts_node_child_by_field_name(value, "function", 8));
  bool guard = sl_facts__is_guard_name(text);
  sl_free(text);
  if (guard) {
    TSNode argument = sl_pyast_positional(value, 0);
    /* set_grad_enabled(True) switches gradients on: not a guard. */
    guard = ts_node_is_null(argument) || !sl_pyast_text_is(scan->source->bytes, argument, "True");
  }
  if (guard) scan->guards.items[scan->guards.count - 1].end_byte = UINT32_MAX; /* marked below */
  return false;
}

static void sl_facts__enter_with(SlFunctionScan *scan, TSNode with_statement) {
  SlGuard guard = {ts_node_start_byte(with_statement), 0};
  sl_vec_push(&scan->guards, guard);
  sl_pyast_walk(with_statement, sl_facts__visit_with, scan);
  SlGuard *pushed = sl_vec_last(&scan->guards);
  if (pushed->end_byte == UINT32_MAX)
    pushed->end_byte = ts_node_end_byte(with_statement);
  else
    scan->guards.count--; /* not a guard */
}

/* Whether `receiver` was assigned from a Hugging Face `pipeline(...)` in this file: a
 * pipeline runs its model under inference_mode itself. */
static bool sl_facts__is_pipeline(const SlFileFacts *facts, const char *receiver) {
  for (size_t i = 0; i < facts->pipelines.count; i++)
    if (strcmp(facts->pipelines.items[i], receiver) == 0) return true;
  return false;
}

/* Whether a bare name was imported (`from fastapi.encoders import jsonable_encoder`): a
 * function from a library, not a module built and loaded here. */
static bool sl_facts__is_imported_function(const SlFileFacts *facts, const char *receiver) {
  if (strchr(receiver, '.')) return false;
  for (size_t i = 0; i < facts->imported_names.count; i++)
    if (facts->imported_names.items[i].name &&
        strcmp(facts->imported_names.items[i].local, receiver) == 0)
      return true;
  return false;
}

/* Module calls and `.train()` are recorded for the inference-mode checks:
 * `self.model(x)` (the callee is the module), `m.forward(x)`, `m.train()`. */
static void sl_facts__note_module_call(SlFunctionScan *scan, TSNode call, TSNode callee, long index,
                                       bool guarded) {
  const char *source = scan->source->bytes;
  SlFunction *function = &scan->facts->functions.items[index];
  TSNode method = sl_pyast_is(callee, "attribute")
                      ? ts_node_child_by_field_name(callee, "attribute", 9)
                      : (TSNode){{0}, NULL, NULL};
  bool forward = !ts_node_is_null(method) && sl_pyast_text_is(source, method, "forward");
  TSNode first = sl_pyast_positional(call, 0);
  bool train = !ts_node_is_null(method) && sl_pyast_text_is(source, method, "train") &&
               (ts_node_is_null(first) || sl_pyast_text_is(source, first, "True"));
  TSNode module = forward || train ? ts_node_child_by_field_name(callee, "object", 6) : callee;
  char *receiver = sl_pyast_text(source, module);
  /* An imported name is a function unless this file loads weights into it or switches
   * its mode (`from model import model; model.load_state_dict(...)`). */
  bool given_weights = false;
  for (size_t i = 0; i < scan->facts->loaded_modules.count && !given_weights; i++)
    given_weights = strcmp(scan->facts->loaded_modules.items[i], receiver) == 0;
  for (size_t i = 0; i < scan->facts->evaluated.count && !given_weights; i++)
    given_weights = strcmp(scan->facts->evaluated.items[i], receiver) == 0;
  if (!(sl_facts__is_module_name(receiver) || given_weights) ||
      sl_facts__is_pipeline(scan->facts, receiver) ||
      (sl_facts__is_imported_function(scan->facts, receiver) && !given_weights)) {
    sl_free(receiver);
    return;
  }
  SlForwardCall record = {sl_span_of_node(call), receiver, guarded, sl_facts__line_of(scan, call)};
  sl_vec_push(train ? &function->train_calls : &function->forwards, record);
}

static bool sl_facts__starts_with_pred(const char *source, TSNode node) {
  return ts_node_end_byte(node) - ts_node_start_byte(node) >= 4 &&
         strncasecmp(source + ts_node_start_byte(node), "pred", 4) == 0;
}

/* A dict literal with a prediction among its keys or values: `{"pred_class": c,
 * "pred_conf": p}`, `{"prediction": y, ...}`, `{"Radiation": prediction}`. */
static bool sl_facts__is_prediction_record(const char *source, TSNode node) {
  if (!sl_pyast_is(node, "dictionary")) return false;
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode pair = ts_node_named_child(node, i);
    TSNode value = ts_node_child_by_field_name(pair, "value", 5);
    if (sl_pyast_is(value, "identifier") && sl_facts__starts_with_pred(source, value)) return true;
    TSNode key = ts_node_child_by_field_name(pair, "key", 3);
    if (!sl_pyast_is(key, "string") || ts_node_named_child_count(key) != 3) continue;
    if (sl_facts__starts_with_pred(source, ts_node_named_child(key, 1))) return true;
  }
  return false;
}

/* Ultralytics models run their own forward under inference mode and in eval mode, as
 * pipelines do: `YOLO("yolov8n.pt")`, `RTDETR(...)`, and YOLOv5's AutoShape wrapper from
 * `torch.hub.load("ultralytics/yolov5", ...)`; so do vLLM's `LLM(...)` engine and
 * llama.cpp's `Llama(...)`, which is no torch module at all. */
static bool sl_facts__is_self_guarding_model(const char *source, TSNode call, const char *last) {
  static const char *const classes[] = {"YOLO", "RTDETR", "LLM", "Llama"};
  for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
    if (strcmp(last, classes[i]) == 0) return true;
  if (strcmp(last, "load") != 0) return false;
  TSNode callee = ts_node_child_by_field_name(call, "function", 8);
  TSNode repository = sl_pyast_positional(call, 0);
  if (!sl_pyast_is(callee, "attribute") || !sl_pyast_is(repository, "string")) return false;
  char *callee_text = sl_pyast_text(source, callee),
       *repository_text = sl_pyast_text(source, repository);
  bool hub = strstr(callee_text, "hub.load") != NULL;
  bool ultralytics = strstr(repository_text, "ultralytics/") != NULL;
  sl_free(callee_text);
  sl_free(repository_text);
  return hub && ultralytics;
}

/* A model's answer: `model.predict(x)`, `await self.pipe(x)`, `self.classifier(text)[0]`.
 * The name bound to it holds a prediction. */
static bool sl_facts__is_model_output(const char *source, TSNode node) {
  while (sl_pyast_is(node, "await") || sl_pyast_is(node, "subscript") ||
         sl_pyast_is(node, "parenthesized_expression"))
    node = ts_node_named_child(node, 0);
  if (!sl_pyast_is(node, "call")) return false;
  char *callee = sl_pyast_text(source, ts_node_child_by_field_name(node, "function", 8));
  bool model = sl_facts__is_model_call(callee);
  sl_free(callee);
  return model;
}

/* `X = pipeline(...)` records X as a Hugging Face pipeline (any file), and every
 * `X = f(...)` as a possible factory use. In files importing
 * torch, `X = torch.load(...)` / `torch.jit.load(...)` (possibly chained: `.to(device)`,
 * `.eval()`) gives X weights; a chained `.eval()` also puts it in eval mode. */
static void sl_facts__note_module_binding(SlFunctionScan *scan, TSNode assignment) {
  TSNode left = ts_node_child_by_field_name(assignment, "left", 4);
  TSNode right = ts_node_child_by_field_name(assignment, "right", 5);
  if (sl_pyast_is(left, "identifier") && sl_facts__innermost_function(scan) >= 0) {
    bool record = sl_facts__is_prediction_record(scan->source->bytes, right);
    if (record || sl_facts__is_model_output(scan->source->bytes, right)) {
      SlLocalName name = {sl_pyast_text(scan->source->bytes, left),
                          sl_facts__innermost_function(scan)};
      if (record)
        sl_vec_push(&scan->prediction_records, name);
      else
        sl_vec_push(&scan->prediction_values, name);
    }
  }
  if (ts_node_is_null(left) || !sl_pyast_is(right, "call")) return;
  /* `pipeline(...)`, `transformers.pipeline(...)`, `load_pipeline_from_settings(...)` */
  char *callee =
      sl_pyast_text(scan->source->bytes, ts_node_child_by_field_name(right, "function", 8));
  const char *last = sl_facts__last_part(callee);
  if (strstr(last, "pipeline") ||
      sl_facts__is_self_guarding_model(scan->source->bytes, right, last))
    sl_vec_push(&scan->facts->pipelines, sl_pyast_text(scan->source->bytes, left));
  /* Remembered for pipelines made by a factory of this file (sl_facts__resolve_factories). */
  SlFactoryUse use = {sl_pyast_text(scan->source->bytes, left), sl_strdup(last),
                      sl_facts__innermost_function(scan), last == callee};
  sl_vec_push(&scan->factory_uses, use);
  sl_free(callee);
  if (!scan->facts->imports_torch) return; /* weights and eval mode matter for torch only */
  char *text = sl_pyast_text(scan->source->bytes, right);
  bool loads = strstr(text, "torch.load(") || strstr(text, "jit.load(");
  bool scripted = strstr(text, "jit.load(") != NULL;
  bool evaluated = strstr(text, ".eval()") != NULL;
  sl_free(text);
  if (!loads) return;
  if (evaluated) {
    sl_vec_push(&scan->facts->evaluated, sl_pyast_text(scan->source->bytes, left));
    return;
  }
  sl_vec_push(&scan->facts->loaded_modules, sl_pyast_text(scan->source->bytes, left));
  sl_vec_push(&scan->facts->loaded_spans, sl_span_of_node(right));
  sl_vec_push(&scan->facts->loaded_scripted, scripted);
}

/* `X.eval()`, `X.train(False)`, `X.freeze()` anywhere in the file put X in eval mode;
 * `X.load_state_dict(...)` gives X weights. */
static void sl_facts__note_eval(SlFunctionScan *scan, TSNode call, TSNode callee) {
  if (!sl_pyast_is(callee, "attribute")) return;
  const char *source = scan->source->bytes;
  TSNode method = ts_node_child_by_field_name(callee, "attribute", 9);
  if (sl_pyast_text_is(source, method, "load_state_dict")) {
    sl_vec_push(&scan->facts->loaded_modules,
                sl_pyast_text(source, ts_node_child_by_field_name(callee, "object", 6)));
    sl_vec_push(&scan->facts->loaded_spans, sl_span_of_node(call));
    sl_vec_push(&scan->facts->loaded_scripted, false);
    return;
  }
  if (sl_pyast_text_is(source, method, "trace") || sl_pyast_text_is(source, method, "script")) {
    char *object = sl_pyast_text(source, ts_node_child_by_field_name(callee, "object", 6));
    scan->scripts_module |= strcmp(object, "torch.jit") == 0 || strcmp(object, "jit") == 0;
    sl_free(object);
  }
  TSNode first = sl_pyast_positional(call, 0);
  bool eval = (sl_pyast_text_is(source, method, "eval") && ts_node_is_null(first)) ||
              sl_pyast_text_is(source, method, "freeze") ||
              (sl_pyast_text_is(source, method, "train") && !ts_node_is_null(first) &&
               sl_pyast_text_is(source, first, "False"));
  if (!eval) return;
  /* `X.to(device).eval()`, `X.cuda().half().eval()`: those return X itself. */
  TSNode object = ts_node_child_by_field_name(callee, "object", 6);
  while (sl_pyast_is(object, "call")) {
    TSNode inner = ts_node_child_by_field_name(object, "function", 8);
    if (!sl_pyast_is(inner, "attribute")) break;
    TSNode name = ts_node_child_by_field_name(inner, "attribute", 9);
    static const char *const returns_self[] = {"to",       "cuda",           "cpu",
                                               "half",     "float",          "double",
                                               "bfloat16", "requires_grad_", "share_memory"};
    bool chained = false;
    for (size_t i = 0; i < sizeof returns_self / sizeof *returns_self && !chained; i++)
      chained = sl_pyast_text_is(source, name, returns_self[i]);
    if (!chained) break;
    object = ts_node_child_by_field_name(inner, "object", 6);
  }
  sl_vec_push(&scan->facts->evaluated, sl_pyast_text(source, object));
  scan->evaluates_module = true;
}

/* Appends the numbers of `value` (a number, or a tuple or list of numbers) to `numbers`,
 * comma-separated; false when it holds anything else. */
static bool sl_facts__append_numbers(const char *source, TSNode value, SlStrbuf *numbers) {
  if (sl_pyast_is(value, "tuple") || sl_pyast_is(value, "list") ||
      sl_pyast_is(value, "parenthesized_expression")) {
    uint32_t count = ts_node_named_child_count(value);
    for (uint32_t i = 0; i < count; i++)
      if (!sl_facts__append_numbers(source, ts_node_named_child(value, i), numbers)) return false;
    return true;
  }
  if (!sl_pyast_is(value, "float") && !sl_pyast_is(value, "integer") &&
      !sl_pyast_is(value, "unary_operator"))
    return false;
  char *text = sl_pyast_text(source, value);
  if (sl_pyast_is(value, "unary_operator") &&
      strspn(text + 1, " 0123456789.eE-+") != strlen(text + 1)) {
    sl_free(text);
    return false;
  }
  if (numbers->length) sl_strbuf_puts(numbers, ",");
  sl_strbuf_puts(numbers, text);
  sl_free(text);
  return true;
}

/* The numbers a `Normalize(...)` call normalises with, or "" when one of its mean / std
 * arguments is not a numeric literal (a name, a computed value, the library defaults). */
static char *sl_facts__normalisation_numbers(const char *source, TSNode call) {
  SlStrbuf numbers = {0};
  TSNode arguments = sl_pyast_call_arguments(call);
  uint32_t count = ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
  bool literal = count > 0;
  for (uint32_t i = 0; i < count && literal; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (sl_pyast_is(argument, "comment")) continue;
    if (sl_pyast_is(argument, "keyword_argument")) {
      TSNode name = ts_node_child_by_field_name(argument, "name", 4);
      if (!sl_pyast_text_is(source, name, "mean") && !sl_pyast_text_is(source, name, "std"))
        continue; /* inplace=, max_pixel_value=, p= */
      argument = ts_node_child_by_field_name(argument, "value", 5);
    }
    literal = sl_facts__append_numbers(source, argument, &numbers);
  }
  char *joined = sl_strdup(literal ? sl_strbuf_cstr(&numbers) : "");
  sl_strbuf_delete(&numbers);
  return joined;
}

/* Image transform pipelines and their normalisation: `transforms.Compose([...])`,
 * `T.Compose`, albumentations `A.Compose`; `Normalize(mean, std)` in any of them. */
static void sl_facts__note_image_transform(SlFunctionScan *scan, TSNode call, TSNode callee) {
  static const char *const pipelines[] = {"transforms.Compose", "T.Compose", "A.Compose",
                                          "albumentations.Compose", "v2.Compose"};
  static const char *const steps[] = {"ToTensor", "Resize",      "CenterCrop",
                                      "Compose",  "PILToTensor", "ToImage",
                                      "ToDtype",  "Grayscale",   "ConvertImageDtype"};
  const char *source = scan->source->bytes;
  TSNode last = sl_pyast_is(callee, "attribute")
                    ? ts_node_child_by_field_name(callee, "attribute", 9)
                    : callee;
  if (sl_pyast_text_is(source, last, "Normalize")) {
    scan->facts->normalizes_images = true;
    scan->facts->builds_image_transforms = true;
    sl_vec_push(&scan->facts->normalisations, sl_facts__normalisation_numbers(source, call));
    sl_vec_push(&scan->facts->normalisation_spans, sl_span_of_node(call));
    return;
  }
  /* a transform step of a package (`transforms.ToTensor()`, `T.Resize(...)`) */
  if (sl_pyast_is(callee, "attribute"))
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
      if (sl_pyast_text_is(source, last, steps[i])) scan->facts->builds_image_transforms = true;
  bool pipeline = false;
  for (size_t i = 0; i < sizeof pipelines / sizeof *pipelines && !pipeline; i++) {
    size_t length = strlen(pipelines[i]);
    uint32_t start = ts_node_start_byte(callee), end = ts_node_end_byte(callee);
    pipeline = end - start >= length && memcmp(source + end - length, pipelines[i], length) == 0 &&
               (end - start == length || source[end - length - 1] == '.');
  }
  if (!pipeline) return;
  char *text = sl_pyast_text(source, call);
  bool normalizes = strstr(text, "Normalize") != NULL;
  sl_free(text);
  if (!normalizes) sl_vec_push(&scan->facts->image_pipelines, sl_span_of_node(call));
}

/* `joblib.dump(obj, "dir/scaler.pkl")`, `pickle.dump(obj, open("x.pkl", "wb"))`,
 * `torch.save(obj, "x.pt")`: what training persists, by file name. */
static void sl_facts__note_dump(SlFunctionScan *scan, TSNode call, TSNode callee) {
  static const char *const dumpers[] = {"joblib.dump", "pickle.dump", "cloudpickle.dump",
                                        "dill.dump",   "torch.save",  "dump"};
  const char *source = scan->source->bytes;
  bool dumper = false;
  for (size_t i = 0; i < sizeof dumpers / sizeof *dumpers && !dumper; i++)
    dumper = sl_pyast_text_is(source, callee, dumpers[i]);
  TSNode object = sl_pyast_positional(call, 0), path = sl_pyast_positional(call, 1);
  if (!dumper || ts_node_is_null(object) || ts_node_is_null(path)) return;
  if (sl_pyast_is(path, "call")) path = sl_pyast_positional(path, 0); /* open("x.pkl", "wb") */
  if (!sl_pyast_is(path, "string") || ts_node_named_child_count(path) != 3)
    return; /* a plain literal */
  char *text = sl_pyast_text(source, ts_node_named_child(path, 1));
  const char *slash = strrchr(text, '/');
  SlDump dump = {sl_pyast_text(source, object), sl_strdup(slash ? slash + 1 : text),
                 sl_span_of_node(call)};
  sl_free(text);
  sl_vec_push(&scan->facts->dumps, dump);
}

/* Records `text` (owned, taken) as a callee of function `index`. `self.x(...)` calls
 * method x of the innermost enclosing class (also from a function nested in a method). */
static void sl_facts__push_callee(SlFunctionScan *scan, long index, char *text, bool guarded,
                                  TSNode call, bool handed_over) {
  const char *class_name = sl_facts__innermost_class(scan);
  if (strncmp(text, "self.", 5) == 0 && !strchr(text + 5, '.') && class_name) {
    SlStrbuf qualified = {0};
    sl_strbuf_printf(&qualified, "%s.%s", class_name, text + 5);
    sl_free(text);
    text = sl_strbuf_take(&qualified);
  }
  sl_vec_push(&scan->facts->functions.items[index].callees, text);
  sl_vec_push(&scan->facts->functions.items[index].callee_guarded, guarded);
  sl_vec_push(&scan->facts->functions.items[index].callee_spans, sl_span_of_node(call));
  sl_vec_push(&scan->facts->functions.items[index].callee_in_loop,
              sl_facts__in_loop(scan, call, index));
  sl_vec_push(&scan->facts->functions.items[index].callee_handed_over, handed_over);
  sl_vec_push(&scan->facts->functions.items[index].callee_awaited,
              ts_node_start_byte(call) == scan->awaited_start);
}

/* The function a call hands over to run on the request's behalf, or null:
 * `background_tasks.add_task(f, ...)`, `executor.submit(f, ...)`,
 * `asyncio.to_thread(f, ...)`, `loop.run_in_executor(None, f, ...)`: it runs for the
 * request as surely as a direct call. */
static TSNode sl_facts__deferred_function(TSNode call, const char *callee) {
  static const char *const first[] = {"add_task", "submit", "to_thread"};
  const char *last = sl_facts__last_part(callee);
  uint32_t position = UINT32_MAX;
  for (size_t i = 0; i < sizeof first / sizeof *first; i++)
    if (strcmp(last, first[i]) == 0) position = 0;
  if (strcmp(last, "run_in_executor") == 0) position = 1;
  if (position == UINT32_MAX) return (TSNode){{0}, NULL, NULL};
  TSNode function = sl_pyast_positional(call, position);
  return sl_pyast_is(function, "identifier") || sl_pyast_is(function, "attribute")
             ? function
             : (TSNode){{0}, NULL, NULL};
}

/* Whether `node` is part of a decorator (`@app.route(...)`): the app's own wiring. */
static bool sl_facts__in_decorator(TSNode node) {
  for (TSNode at = ts_node_parent(node); !ts_node_is_null(at); at = ts_node_parent(at)) {
    if (sl_pyast_is(at, "decorator")) return true;
    if (sl_pyast_is(at, "function_definition") || sl_pyast_is(at, "block")) return false;
  }
  return false;
}

/* `clf = Classifier(options); clf.run()` in one function, `service = Service()` at
 * module level and `service.predict(x)` in a handler, or `self.engine = Engine()` in a
 * method of the class and `self.engine.run(x)` in another: the call also runs `Class.method`,
 * which the linker finds in this file or the one the class is imported from. A receiver
 * bound to what a function of the repository returns (`engine = get_engine()`) runs the
 * method of whatever that returns: "get_engine().run" (sl_facts__factory_method). NULL
 * when the receiver was bound to neither. */
static char *sl_facts__instance_method(const SlFunctionScan *scan, long function,
                                       const char *callee) {
  if (strchr(callee, '(') || strchr(callee, '[')) return NULL;
  /* `self.engine.predict(x)`: the receiver is an attribute of the instance. */
  bool attribute = strncmp(callee, "self.", 5) == 0;
  const char *dot = strchr(callee + (attribute ? 5 : 0), '.');
  if (!dot || strchr(dot + 1, '.')) return NULL;
  size_t length = (size_t)(dot - callee);
  const char *class_name = attribute ? sl_facts__innermost_class(scan) : NULL;
  size_t class_length = class_name ? strlen(class_name) : 0;
  if (attribute && !class_name) return NULL;
  const SlFactoryUse *bound = NULL, *global = NULL;
  for (size_t i = 0; i < scan->factory_uses.count; i++) {
    const SlFactoryUse *use = &scan->factory_uses.items[i];
    if (strlen(use->target) != length || strncmp(use->target, callee, length) != 0) continue;
    if (attribute) {
      /* `self.engine = Engine(...)` in any method of the same class (its __init__). */
      const char *owner =
          use->function >= 0 ? scan->facts->functions.items[use->function].name : "";
      if (strncmp(owner, class_name, class_length) == 0 && owner[class_length] == '.') bound = use;
      continue;
    }
    if (use->function == function) bound = use; /* the last binding before the call */
    if (use->function < 0) global = use;        /* a module-level instance */
  }
  if (!bound) bound = global;
  if (!bound) return NULL;
  bool instance = isupper((unsigned char)bound->factory[0]);
  if (!instance && !bound->by_name) return NULL;
  SlStrbuf qualified = {0};
  sl_strbuf_printf(&qualified, instance ? "%s.%s" : "%s().%s", bound->factory, dot + 1);
  return sl_strbuf_take(&qualified);
}

/* `get_engine().run(x)`: the call runs method `run` of whatever `get_engine` returns.
 * Recorded as "get_engine().run", like a receiver bound to the factory's result
 * (sl_facts__instance_method); the class is resolved once the factory's file is read
 * (this file: sl_facts__resolve_factory_methods; another: the linker). NULL for other
 * calls. */
static char *sl_facts__factory_method(const SlFunctionScan *scan, TSNode callee) {
  const char *source = scan->source->bytes;
  if (!sl_pyast_is(callee, "attribute")) return NULL;
  TSNode object = ts_node_child_by_field_name(callee, "object", 6);
  TSNode attribute = ts_node_child_by_field_name(callee, "attribute", 9);
  if (!sl_pyast_is(object, "call") || ts_node_is_null(attribute)) return NULL;
  TSNode factory = ts_node_child_by_field_name(object, "function", 8);
  if (!sl_pyast_is(factory, "identifier") ||
      isupper((unsigned char)source[ts_node_start_byte(factory)]))
    return NULL;
  char *factory_name = sl_pyast_text(source, factory), *method = sl_pyast_text(source, attribute);
  SlStrbuf qualified = {0};
  sl_strbuf_printf(&qualified, "%s().%s", factory_name, method);
  sl_free(factory_name);
  sl_free(method);
  return sl_strbuf_take(&qualified);
}

/* The function a task call runs, or NULL: a Ray task or actor method `f.remote(...)`,
 * a Celery task `f.delay(...)` / `f.apply_async(...)` run `f` for the caller. */
static char *sl_facts__task_function(const char *callee) {
  static const char *const suffixes[] = {".remote", ".delay", ".apply_async"};
  size_t length = strlen(callee);
  for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
    size_t suffix = strlen(suffixes[i]);
    if (length > suffix && strcmp(callee + length - suffix, suffixes[i]) == 0)
      return sl_strndup(callee, length - suffix);
  }
  return NULL;
}

/* A call that writes one of its arguments somewhere: a file, a table, a log, a queue
 * (`_append_row_csv(path, row)`, `writer.writerow(row)`, `db.insert(row)`). */
static bool sl_facts__writes_record(const char *callee) {
  static const char *const verbs[] = {"append",  "write",  "insert", "save",    "persist",
                                      "store",   "record", "log",    "put",     "publish",
                                      "produce", "dump",   "upsert", "observe", "upload"};
  const char *last = sl_facts__last_part(callee);
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strstr(last, verbs[i])) return true;
  return false;
}

/* Whether function `index` is the one being scanned or encloses it: a closure sees the
 * names its enclosing functions bound. */
static bool sl_facts__in_scope(const SlFunctionScan *scan, long index) {
  for (size_t i = 0; i < scan->scopes.count; i++)
    if (!scan->scopes.items[i].is_class && scan->scopes.items[i].function == index) return true;
  return false;
}

/* Whether `node` is, or holds within a few levels, a name that the function being scanned
 * (or one enclosing it) bound in `names`: `float(pred)`, `sentiment["score"]`,
 * `json.dumps(rec) + "\n"`. */
static bool sl_facts__mentions_name(const SlFunctionScan *scan, const SlLocalName *names,
                                    size_t count, TSNode node, int depth) {
  if (sl_pyast_is(node, "identifier")) {
    for (size_t r = 0; r < count; r++)
      if (sl_pyast_text_is(scan->source->bytes, node, names[r].name) &&
          sl_facts__in_scope(scan, names[r].function))
        return true;
    return false;
  }
  if (depth == 0) return false;
  uint32_t children = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < children; i++)
    if (sl_facts__mentions_name(scan, names, count, ts_node_named_child(node, i), depth - 1))
      return true;
  return false;
}

/* `db.commit()`, `session.commit()`, `conn.commit()`: a database transaction ends. After
 * a model call in the same function, what it stores is the prediction (an ORM row built
 * from the answer, `db.add(Prediction(...))`). */
static bool sl_facts__commits_session(const char *callee) {
  static const char *const holders[] = {"db", "session", "sess", "conn", "connection", "con"};
  size_t length = strlen(callee);
  if (length < 8 || strcmp(callee + length - 7, ".commit") != 0) return false;
  const char *end = callee + length - 7, *start = end;
  while (start > callee && start[-1] != '.') start--;
  for (size_t i = 0; i < sizeof holders / sizeof *holders; i++) {
    size_t holder = strlen(holders[i]);
    if ((size_t)(end - start) >= holder && strncmp(end - holder, holders[i], holder) == 0)
      return true;
  }
  return false;
}

/* Whether a keyword names a model's answer: `prediction=`, `pred_label=`, `answer=`,
 * `score=`, `label=`, `probability=`, `confidence=`. */
static bool sl_facts__names_answer(const char *source, TSNode keyword) {
  static const char *const names[] = {"answer", "score", "label", "probability", "confidence"};
  if (!sl_pyast_is(keyword, "identifier")) return false;
  if (sl_facts__starts_with_pred(source, keyword)) return true;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (sl_pyast_text_is(source, keyword, names[i])) return true;
  return false;
}

/* Whether the call writes a prediction record: a dict literal with a prediction among
 * its arguments, or a value made of a name this function (or one enclosing it) bound to
 * such a record or to a model's answer. */
static bool sl_facts__writes_prediction(const SlFunctionScan *scan, TSNode call,
                                        const char *callee) {
  const char *source = scan->source->bytes;
  /* serialising a record (`json.dumps(row)`) writes it nowhere; collecting answers
   * (`results.append(pred)`) or sending them on (`queue.put(pred)`,
   * `producer.produce(topic, pred)`) is the job itself, not a record of it (a row of
   * predictions appended for a CSV is one) */
  static const char *const moves[] = {"append", "put", "publish", "produce"};
  const char *last = sl_facts__last_part(callee);
  if (strcmp(last, "dumps") == 0) return false;
  bool keeps = true;
  for (size_t i = 0; i < sizeof moves / sizeof *moves && keeps; i++)
    keeps = strstr(last, moves[i]) == NULL;
  TSNode arguments = ts_node_child_by_field_name(call, "arguments", 9);
  uint32_t count = ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (sl_pyast_is(argument, "keyword_argument")) {
      /* `log_query(question=q, answer=a, score=s)`: a field named for the answer */
      if (keeps && sl_facts__names_answer(source, ts_node_child_by_field_name(argument, "name", 4)))
        return true;
      argument = ts_node_child_by_field_name(argument, "value", 5);
    }
    if (sl_facts__is_prediction_record(source, argument) ||
        sl_facts__mentions_name(scan, scan->prediction_records.items,
                                scan->prediction_records.count, argument, 3) ||
        (keeps && sl_facts__mentions_name(scan, scan->prediction_values.items,
                                          scan->prediction_values.count, argument, 3)))
      return true;
  }
  return false;
}

/* A call that takes gradients: `loss.backward()`, `torch.autograd.grad(...)`,
 * torchviz's `make_dot(...)` (which draws the autograd graph). */
static bool sl_facts__takes_gradients(const char *callee) {
  const char *last = sl_facts__last_part(callee);
  return strcmp(last, "backward") == 0 || strcmp(last, "make_dot") == 0 ||
         strstr(callee, "autograd.grad") != NULL;
}

static void sl_facts__add_call(SlFunctionScan *scan, TSNode call) {
  TSNode callee = ts_node_child_by_field_name(call, "function", 8);
  sl_facts__note_eval(scan, call, callee);
  sl_facts__note_dump(scan, call, callee);
  sl_facts__note_image_transform(scan, call, callee);
  long index = sl_facts__innermost_function(scan);
  if (index < 0) {
    char *text = sl_pyast_text(scan->source->bytes, callee);
    scan->facts->module_calls_model |= sl_facts__is_model_call(text);
    scan->facts->module_logs |= sl_facts__is_logging_call(text);
    sl_free(text);
    return;
  }
  bool guarded = sl_facts__is_guarded(scan, call, index);
  if (scan->facts->imports_torch) sl_facts__note_module_call(scan, call, callee, index, guarded);
  char *text = sl_pyast_text(scan->source->bytes, callee);
  scan->facts->functions.items[index].logs |=
      sl_facts__is_logging_call(text) ||
      (sl_facts__commits_session(text) && scan->facts->functions.items[index].calls_model);
  /* a prediction written by a closure (a `_write()` run on a thread) is written by the
   * functions that define it too */
  if (sl_facts__writes_record(text) && sl_facts__writes_prediction(scan, call, text))
    for (size_t i = 0; i < scan->scopes.count; i++)
      if (!scan->scopes.items[i].is_class)
        scan->facts->functions.items[scan->scopes.items[i].function].logs = true;
  scan->facts->functions.items[index].calls_model |= sl_facts__is_model_call(text);
  /* the main block is module-level code too, for the checks that read the module's */
  if (strcmp(scan->facts->functions.items[index].name, "<main>") == 0) {
    scan->facts->module_calls_model |= sl_facts__is_model_call(text);
    scan->facts->module_logs |= sl_facts__is_logging_call(text);
  }
  scan->facts->functions.items[index].prints |= strcmp(text, "print") == 0;
  scan->facts->functions.items[index].needs_gradients |= sl_facts__takes_gradients(text);
  if (sl_facts__names_drift_check(text)) scan->facts->monitoring |= SL_MONITOR_DRIFT;
  TSNode deferred = sl_facts__deferred_function(call, text);
  char *task = sl_facts__task_function(text);
  bool decorator = sl_facts__in_decorator(call);
  char *method = decorator ? NULL : sl_facts__instance_method(scan, index, text);
  char *produced = decorator ? NULL : sl_facts__factory_method(scan, callee);
  sl_facts__push_callee(scan, index, text, guarded, call, false);
  if (task) sl_facts__push_callee(scan, index, task, guarded, call, true);
  if (method) sl_facts__push_callee(scan, index, method, guarded, call, false);
  if (produced) sl_facts__push_callee(scan, index, produced, guarded, call, false);
  if (!ts_node_is_null(deferred))
    sl_facts__push_callee(scan, index, sl_pyast_text(scan->source->bytes, deferred), false, call,
                          true);
}

/* `return expr` in a function: remembered as "function\texpr". */
static void sl_facts__note_return(SlFunctionScan *scan, TSNode node) {
  long index = sl_facts__innermost_function(scan);
  if (index < 0 || ts_node_named_child_count(node) == 0) return;
  char *expression = sl_pyast_text(scan->source->bytes, ts_node_named_child(node, 0));
  const char *name = scan->facts->functions.items[index].name;
  SlStrbuf entry = {0};
  sl_strbuf_printf(&entry, "%s\t%s", sl_facts__last_part(name), expression);
  sl_free(expression);
  sl_vec_push(&scan->returned, sl_strbuf_take(&entry));
  /* `return Engine(...)`: a new instance; `return _engine`: resolved after the walk */
  TSNode value = ts_node_named_child(node, 0);
  SlFunction *function = &scan->facts->functions.items[index];
  if (sl_pyast_is(value, "call") && !function->returns_class) {
    char *callee =
        sl_pyast_text(scan->source->bytes, ts_node_child_by_field_name(value, "function", 8));
    if (isupper((unsigned char)sl_facts__last_part(callee)[0]) && !strchr(callee, '('))
      function->returns_class = callee;
    else
      sl_free(callee);
  } else if (sl_pyast_is(value, "identifier")) {
    SlLocalName returned = {sl_pyast_text(scan->source->bytes, value), index};
    sl_vec_push(&scan->returned_names, returned);
  }
}

/* After the walk: a function returning a name bound to a new instance (`_engine =
 * Engine()` in it or at module level) returns that class. */
static void sl_facts__resolve_returned_classes(SlFunctionScan *scan) {
  for (size_t r = 0; r < scan->returned_names.count; r++) {
    const SlLocalName *returned = &scan->returned_names.items[r];
    SlFunction *function = &scan->facts->functions.items[returned->function];
    for (size_t i = 0; i < scan->factory_uses.count && !function->returns_class; i++) {
      const SlFactoryUse *use = &scan->factory_uses.items[i];
      if ((use->function == returned->function || use->function < 0) &&
          strcmp(use->target, returned->name) == 0 && isupper((unsigned char)use->factory[0]))
        function->returns_class = sl_strdup(use->factory);
    }
  }
}

/* After the walk: module-level names bound to a new instance of a class (`engine =
 * Engine()`), kept in the facts for the linker: another file's `from m import engine;
 * engine.run(x)` runs `Engine.run`. The last binding of a name wins. */
static void sl_facts__keep_module_instances(SlFunctionScan *scan) {
  for (size_t i = 0; i < scan->factory_uses.count; i++) {
    const SlFactoryUse *use = &scan->factory_uses.items[i];
    if (use->function >= 0 || !isupper((unsigned char)sl_facts__last_part(use->factory)[0]))
      continue;
    SlConstant instance = {sl_strdup(use->target), sl_strdup(use->factory)};
    sl_vec_push(&scan->facts->instances, instance);
  }
}

/* After the walk: "get_engine().run" (sl_facts__factory_method) of a factory defined in
 * this file becomes "Engine.run", which the path marking and the linker follow like any
 * method call. Factories of other files are the linker's (sl_repo_facts_resolve_call). */
static void sl_facts__resolve_factory_methods(SlFileFacts *facts) {
  for (size_t f = 0; f < facts->functions.count; f++) {
    SlStringVec *callees = &facts->functions.items[f].callees;
    const SlSpanVec *spans = &facts->functions.items[f].callee_spans;
    for (size_t c = 1; c < callees->count; c++) {
      /* only the added name, never the call as written (recorded first at its span) */
      const char *method = sl_facts_factory_method_name(callees->items[c]);
      if (!method || spans->items[c].start_byte != spans->items[c - 1].start_byte) continue;
      char *factory = sl_strndup(callees->items[c], (size_t)(method - 3 - callees->items[c]));
      const SlFunction *producer = sl_facts_function_named(facts, factory);
      sl_free(factory);
      if (!producer || !producer->returns_class) continue;
      SlStrbuf qualified = {0};
      sl_strbuf_printf(&qualified, "%s.%s", producer->returns_class, method);
      sl_free(callees->items[c]);
      callees->items[c] = sl_strbuf_take(&qualified);
    }
  }
}

/* Whether function `name` (last part) returns a pipeline: `return pipeline(...)`, or a
 * name bound to one. */
static bool sl_facts__returns_pipeline(const SlFunctionScan *scan, const char *name) {
  size_t length = strlen(name);
  for (size_t i = 0; i < scan->returned.count; i++) {
    const char *entry = scan->returned.items[i];
    if (strncmp(entry, name, length) != 0 || entry[length] != '\t') continue;
    const char *expression = entry + length + 1;
    if (strstr(expression, "pipeline(") || sl_facts__is_pipeline(scan->facts, expression))
      return true;
  }
  return false;
}

/* After the walk: names bound to what a pipeline factory returns are pipelines too
 * (`self.model = self.load_model()`, `classifier = get_classifier()`), and their calls
 * are no torch module calls (a pipeline runs under inference_mode itself). */
static void sl_facts__resolve_factories(SlFunctionScan *scan) {
  for (size_t i = 0; i < scan->factory_uses.count; i++) {
    const SlFactoryUse *use = &scan->factory_uses.items[i];
    if (!sl_facts__is_pipeline(scan->facts, use->target) &&
        sl_facts__returns_pipeline(scan, use->factory))
      sl_vec_push(&scan->facts->pipelines, sl_strdup(use->target));
  }
  for (size_t f = 0; f < scan->facts->functions.count; f++) {
    SlForwardCallVec *forwards = &scan->facts->functions.items[f].forwards;
    size_t kept = 0;
    for (size_t i = 0; i < forwards->count; i++) {
      if (sl_facts__is_pipeline(scan->facts, forwards->items[i].receiver)) {
        sl_free(forwards->items[i].receiver);
        sl_free(forwards->items[i].snippet);
        continue;
      }
      forwards->items[kept++] = forwards->items[i];
    }
    forwards->count = kept;
  }
}

static bool sl_facts__visit_function_node(void *context, TSNode node) {
  SlFunctionScan *scan = context;
  sl_facts__leave_scopes(scan, ts_node_start_byte(node));
  if (sl_pyast_is(node, "decorated_definition")) {
    TSNode definition = ts_node_child_by_field_name(node, "definition", 10);
    if (sl_pyast_is(definition, "function_definition")) {
      sl_facts__add_function(scan, definition, node);
      scan->decorated_start = ts_node_start_byte(definition);
    }
  } else if (sl_pyast_is(node, "function_definition")) {
    if (ts_node_start_byte(node) != scan->decorated_start) sl_facts__add_function(scan, node, node);
  } else if (sl_pyast_is(node, "class_definition")) {
    sl_facts__add_class(scan, node);
  } else if (sl_pyast_is(node, "if_statement")) {
    sl_facts__add_main_block(scan, node);
  } else if (sl_pyast_is(node, "await") && ts_node_is_named(node)) { /* not the keyword */
    /* `ts_node_parent` from the call would descend from the root again: note the await
     * on the way down instead */
    TSNode awaited = ts_node_named_child(node, 0);
    scan->awaited_start = sl_pyast_is(awaited, "call") ? ts_node_start_byte(awaited) : UINT32_MAX;
  } else if (sl_pyast_is(node, "call")) {
    sl_facts__add_call(scan, node);
  } else if (sl_pyast_is(node, "for_statement") || sl_pyast_is(node, "while_statement")) {
    sl_facts__enter_loop(scan, node);
  } else if (sl_pyast_is(node, "with_statement") && scan->facts->imports_torch) {
    sl_facts__enter_with(scan, node);
  } else if (sl_pyast_is(node, "assignment")) {
    sl_facts__note_module_binding(scan, node);
  } else if (sl_pyast_is(node, "return_statement")) {
    sl_facts__note_return(scan, node);
  }
  return true;
}

/* Whether `callee`, as written in `caller`, names `candidate`: the same qualified
 * name (a module function, or "Class.method" from a self call), or a function nested
 * in the caller. Calls through other objects or modules are not followed. */
bool sl_facts_calls(const SlFunction *caller, const char *callee, const SlFunction *candidate) {
  if (strcmp(candidate->name, callee) == 0) return true;
  size_t caller_length = strlen(caller->name);
  return !strchr(callee, '.') && strncmp(candidate->name, caller->name, caller_length) == 0 &&
         candidate->name[caller_length] == '.' &&
         strcmp(candidate->name + caller_length + 1, callee) == 0;
}

const char *sl_facts_factory_method_name(const char *callee) {
  const char *marker = strstr(callee, "().");
  if (!marker || strchr(marker + 3, '.') || strchr(marker + 3, '(')) return NULL;
  return marker + 3;
}

/* Marks function `start` and everything it calls (not through load hooks). Iterative:
 * a call graph may have cycles and depth. */
bool sl_facts_mark_path(SlFileFacts *facts, size_t start, bool online) {
  bool changed = false;
  SlVec(size_t) pending = {0};
  sl_vec_push(&pending, start);
  while (pending.count) {
    SlFunction *function = &facts->functions.items[pending.items[--pending.count]];
    if (function->is_load_hook ||
        (function->on_inference_path && (!online || function->on_online_path)))
      continue;
    function->on_inference_path = true;
    function->on_online_path |= online;
    changed = true;
    for (size_t c = 0; c < function->callees.count; c++)
      for (size_t i = 0; i < facts->functions.count; i++)
        if (sl_facts_calls(function, function->callees.items[c], &facts->functions.items[i]))
          sl_vec_push(&pending, i);
  }
  sl_vec_delete(&pending);
  return changed;
}

static void sl_facts__mark_inference_paths(SlFileFacts *facts) {
  for (size_t e = 0; e < facts->entry_points.count; e++) {
    const SlEntryPoint *entry = &facts->entry_points.items[e];
    /* A training route (`POST /train`) runs training, not inference, on the request. */
    const char *name = strrchr(entry->function, '.');
    if (sl_roles_names_training(name ? name + 1 : entry->function) ||
        (entry->route && sl_roles_names_training(entry->route)))
      continue;
    /* a main block's entry is named for the block, wherever its span starts */
    bool main = strcmp(entry->function, "<main>") == 0;
    for (size_t i = 0; i < facts->functions.count; i++)
      if (main ? strcmp(facts->functions.items[i].name, "<main>") == 0
               : facts->functions.items[i].name_span.start_byte == entry->name_span.start_byte)
        sl_facts_mark_path(facts, i, entry->pattern == SL_PATTERN_ONLINE);
  }
}

void sl_facts_find_functions(const SlSource *source, TSNode root, SlFileFacts *facts) {
  SlFunctionScan scan = {
      .source = source, .facts = facts, .decorated_start = UINT32_MAX, .awaited_start = UINT32_MAX};
  sl_pyast_walk(root, sl_facts__visit_function_node, &scan);
  sl_facts__leave_scopes(&scan, UINT32_MAX);
  sl_facts__resolve_factories(&scan);
  sl_facts__resolve_returned_classes(&scan);
  sl_facts__resolve_factory_methods(facts);
  facts->scripts_in_eval_mode = scan.scripts_module && scan.evaluates_module;
  sl_facts__keep_module_instances(&scan);
  for (size_t i = 0; i < scan.factory_uses.count; i++) {
    sl_free(scan.factory_uses.items[i].target);
    sl_free(scan.factory_uses.items[i].factory);
  }
  sl_vec_delete(&scan.factory_uses);
  for (size_t i = 0; i < scan.prediction_records.count; i++)
    sl_free(scan.prediction_records.items[i].name);
  sl_vec_delete(&scan.prediction_records);
  for (size_t i = 0; i < scan.prediction_values.count; i++)
    sl_free(scan.prediction_values.items[i].name);
  sl_vec_delete(&scan.prediction_values);
  for (size_t i = 0; i < scan.returned.count; i++) sl_free(scan.returned.items[i]);
  sl_vec_delete(&scan.returned);
  for (size_t i = 0; i < scan.returned_names.count; i++) sl_free(scan.returned_names.items[i].name);
  sl_vec_delete(&scan.returned_names);
  sl_vec_delete(&scan.scopes);
  sl_vec_delete(&scan.guards);
  sl_vec_delete(&scan.loops);
  sl_facts__mark_inference_paths(facts);
}

const SlFunction *sl_facts_function_named(const SlFileFacts *facts, const char *name) {
  for (size_t i = 0; i < facts->functions.count; i++)
    if (strcmp(facts->functions.items[i].name, name) == 0) return &facts->functions.items[i];
  return NULL;
}

bool sl_facts_calls_model(const SlFileFacts *facts) {
  for (size_t i = 0; i < facts->functions.count; i++)
    if (facts->functions.items[i].calls_model) return true;
  return facts->module_calls_model;
}

const SlFunction *sl_facts_function_at_line(const SlFileFacts *facts, uint32_t line) {
  const SlFunction *innermost = NULL;
  for (size_t i = 0; i < facts->functions.count; i++) {
    const SlFunction *function = &facts->functions.items[i];
    if (function->span.line <= line && line <= function->span.end_line &&
        (!innermost || function->span.start_byte >= innermost->span.start_byte))
      innermost = function;
  }
  return innermost;
}

const SlFunction *sl_facts_enclosing_function(const SlFileFacts *facts, uint32_t start_byte,
                                              uint32_t end_byte) {
  const SlFunction *innermost = NULL;
  for (size_t i = 0; i < facts->functions.count; i++) {
    const SlFunction *function = &facts->functions.items[i];
    if (function->span.start_byte <= start_byte && end_byte <= function->span.end_byte &&
        (!innermost || function->span.start_byte >= innermost->span.start_byte))
      innermost = function;
  }
  return innermost;
}
