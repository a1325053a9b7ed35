/*
 * facts: the per-file facts record, imports and monitoring evidence, and the
 * orchestration of the extraction stages (entry points, model inventory).
 */
#include "servelint/facts.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "servelint/alloc.h"
#include "servelint/pyast.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"

static const char *const pattern_names[SL_PATTERN_COUNT] = {"online", "batch", "streaming"};
static const char *const verdict_names[SL_PIN_COUNT] = {"pinned", "unpinned", "mutable", "unknown"};

const char *sl_serving_pattern_name(SlServingPattern pattern) {
  return pattern < SL_PATTERN_COUNT ? pattern_names[pattern] : "unknown";
}

const char *sl_pin_verdict_name(SlPinVerdict verdict) {
  return verdict < SL_PIN_COUNT ? verdict_names[verdict] : "unknown";
}

SlSpan sl_span_of_node(TSNode node) {
  TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  return (SlSpan){start.row + 1,  start.column + 1,         end.row + 1,
                  end.column + 1, ts_node_start_byte(node), ts_node_end_byte(node)};
}

/* Modules whose import is evidence of monitoring, by kind. A module matches when it
 * equals the prefix or continues it with '.'. */
typedef struct {
  const char *module;
  uint32_t kind;
} SlMonitorModule;

static const SlMonitorModule monitor_modules[] = {
    {"prometheus_client", SL_MONITOR_METRICS},
    {"prometheus_fastapi_instrumentator", SL_MONITOR_HTTP_METRICS},
    {"prometheus_flask_exporter", SL_MONITOR_HTTP_METRICS},
    {"starlette_exporter", SL_MONITOR_HTTP_METRICS},
    {"starlette_prometheus", SL_MONITOR_HTTP_METRICS},
    {"py_grpc_prometheus", SL_MONITOR_METRICS},
    {"grpc_prometheus", SL_MONITOR_METRICS},
    {"aioprometheus", SL_MONITOR_METRICS},
    {"opentelemetry", SL_MONITOR_METRICS},
    {"statsd", SL_MONITOR_METRICS},
    {"datadog", SL_MONITOR_METRICS},
    {"ddtrace", SL_MONITOR_METRICS},
    {"ray.serve.metrics", SL_MONITOR_METRICS},
    {"ray.util.metrics", SL_MONITOR_METRICS},
    {"aws_embedded_metrics", SL_MONITOR_METRICS},
    {"aws_lambda_powertools.metrics", SL_MONITOR_METRICS},
    /* boxkite's ModelMonitoringService logs each prediction, exports Prometheus histograms
     * and compares them with the training baseline it exported. */
    {"boxkite", SL_MONITOR_METRICS | SL_MONITOR_PREDICTION_LOG | SL_MONITOR_DRIFT},
    /* LLM tracing platforms record each call's prompt and answer: prediction logging */
    {"langfuse", SL_MONITOR_PREDICTION_LOG},
    {"langsmith", SL_MONITOR_PREDICTION_LOG},
    {"opik", SL_MONITOR_PREDICTION_LOG},
    {"mlflow.tracing", SL_MONITOR_PREDICTION_LOG},
    /* Arize logs predictions to a platform that watches their drift */
    {"arize", SL_MONITOR_PREDICTION_LOG | SL_MONITOR_DRIFT},
    {"evidently", SL_MONITOR_DRIFT},
    {"whylogs", SL_MONITOR_DRIFT},
    {"alibi_detect", SL_MONITOR_DRIFT},
    {"nannyml", SL_MONITOR_DRIFT},
};

static uint32_t sl_facts__monitoring_of(const char *module) {
  uint32_t kinds = 0;
  for (size_t i = 0; i < sizeof monitor_modules / sizeof *monitor_modules; i++) {
    size_t length = strlen(monitor_modules[i].module);
    if (strncmp(module, monitor_modules[i].module, length) == 0 &&
        (module[length] == '\0' || module[length] == '.'))
      kinds |= monitor_modules[i].kind;
  }
  return kinds;
}

/* Modules whose import means the file's models are torch modules: torch itself, and
 * libraries that hand out torch modules (TorchServe handlers, transformers' AutoModel*,
 * Lightning, timm, torchvision). */
static bool sl_facts__is_torch_module(const char *module) {
  static const char *const torch_modules[] = {"torch",      "ts.torch_handler",  "transformers",
                                              "lightning",  "pytorch_lightning", "timm",
                                              "torchvision"};
  for (size_t i = 0; i < sizeof torch_modules / sizeof *torch_modules; i++) {
    size_t length = strlen(torch_modules[i]);
    if (strncmp(module, torch_modules[i], length) == 0 &&
        (module[length] == '\0' || module[length] == '.'))
      return true;
  }
  return false;
}

static void sl_facts__add_import(SlFileFacts *facts, char *module) {
  facts->monitoring |= sl_facts__monitoring_of(module);
  if (sl_facts__is_torch_module(module)) facts->imports_torch = true;
  if (strcmp(module, "torch") == 0 || strncmp(module, "torch.", 6) == 0)
    facts->imports_torch_itself = true;
  if (strcmp(module, "tensorflow") == 0 || strncmp(module, "tensorflow.", 11) == 0 ||
      strcmp(module, "keras") == 0 || strncmp(module, "keras.", 6) == 0)
    facts->imports_tensorflow = true;
  sl_vec_push(&facts->imports, module);
}

/* ".models" in "app/api/main.py" -> "app.api.models"; ".." climbs one package. */
static char *sl_facts__absolute_module(const char *path, const char *module) {
  size_t dots = 0;
  while (module[dots] == '.') dots++;
  if (!dots) return sl_strdup(module);
  SlStrbuf package = {0};
  const char *end = strrchr(path, '/');
  if (end) sl_strbuf_append(&package, path, (size_t)(end - path));
  for (size_t up = 1; up < dots && package.length; up++) {
    char *slash = strrchr(package.data, '/');
    package.length = slash ? (size_t)(slash - package.data) : 0;
    package.data[package.length] = '\0';
  }
  for (size_t i = 0; i < package.length; i++)
    if (package.data[i] == '/') package.data[i] = '.';
  if (module[dots]) sl_strbuf_printf(&package, "%s%s", package.length ? "." : "", module + dots);
  return sl_strbuf_take(&package);
}

static void sl_facts__bind_import(SlFileFacts *facts, TSNode name_node, const char *module,
                                  const SlSource *source, bool from) {
  TSNode alias = {{0}, NULL, NULL};
  if (strcmp(ts_node_type(name_node), "aliased_import") == 0) {
    alias = ts_node_child_by_field_name(name_node, "alias", 5);
    name_node = ts_node_child_by_field_name(name_node, "name", 4);
  }
  if (ts_node_is_null(name_node) || strcmp(ts_node_type(name_node), "dotted_name") != 0) return;
  char *name = sl_pyast_text(source->bytes, name_node);
  SlImportedName bound = {
      ts_node_is_null(alias) ? sl_strdup(name) : sl_pyast_text(source->bytes, alias),
      from ? sl_strdup(module) : name, from ? name : NULL};
  sl_vec_push(&facts->imported_names, bound);
}

/* `import a.b as c` and `from a.b import c` (the module is `a.b` in both). */
static void sl_facts__import_node(const SlSource *source, TSNode node, SlFileFacts *facts) {
  TSNode module = ts_node_child_by_field_name(node, "module_name", 11);
  char *absolute = NULL;
  if (!ts_node_is_null(module)) {
    char *written = sl_pyast_text(source->bytes, module);
    absolute = sl_facts__absolute_module(source->path, written);
    sl_free(written);
    sl_facts__add_import(facts, sl_strdup(absolute));
  }
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i);
    if (!ts_node_is_null(module) && ts_node_eq(name, module)) continue;
    if (!absolute && (strcmp(ts_node_type(name), "dotted_name") == 0 ||
                      strcmp(ts_node_type(name), "aliased_import") == 0)) {
      TSNode dotted =
          strcmp(ts_node_type(name), "aliased_import") == 0 ? ts_node_named_child(name, 0) : name;
      sl_facts__add_import(facts, sl_pyast_text(source->bytes, dotted));
    }
    sl_facts__bind_import(facts, name, absolute, source, absolute != NULL);
  }
  sl_free(absolute);
}

/* Framework metric hooks and prediction monitors that are attributes, not imports:
 * `bentoml.monitor(...)`, TorchServe `context.metrics`, Triton `pb_utils.MetricFamily`,
 * MLflow Tracing, CloudWatch's `put_metric_data`. */
static uint32_t sl_facts__monitoring_attribute(const SlSource *source, TSNode node) {
  TSNode attribute = ts_node_child_by_field_name(node, "attribute", 9);
  TSNode object = ts_node_child_by_field_name(node, "object", 6);
  if (ts_node_is_null(attribute) || ts_node_is_null(object)) return 0;
  if (sl_pyast_text_is(source->bytes, attribute, "monitor") &&
      sl_pyast_text_is(source->bytes, object, "bentoml"))
    return SL_MONITOR_PREDICTION_LOG;
  if (sl_pyast_text_is(source->bytes, attribute, "MetricFamily")) return SL_MONITOR_FRAMEWORK;
  /* MLflow Tracing: `mlflow.start_span(...)`, `@mlflow.trace` record inputs and outputs */
  if ((sl_pyast_text_is(source->bytes, attribute, "start_span") ||
       sl_pyast_text_is(source->bytes, attribute, "trace")) &&
      sl_pyast_text_is(source->bytes, object, "mlflow"))
    return SL_MONITOR_PREDICTION_LOG;
  /* CloudWatch custom metrics through boto3: `cloudwatch.put_metric_data(...)`. */
  if (sl_pyast_text_is(source->bytes, attribute, "put_metric_data")) return SL_MONITOR_METRICS;
  if (sl_pyast_text_is(source->bytes, attribute, "metrics") &&
      sl_pyast_text_is(source->bytes, object, "context"))
    return SL_MONITOR_FRAMEWORK;
  return 0;
}

/* Whether `node`'s text names a measured time: latency, elapsed, duration. */
static bool sl_facts__names_timing(const SlSource *source, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  for (uint32_t i = start; i + 7 <= end; i++)
    if (strncasecmp(source->bytes + i, "latency", 7) == 0 ||
        strncasecmp(source->bytes + i, "elapsed", 7) == 0 ||
        (i + 8 <= end && strncasecmp(source->bytes + i, "duration", 8) == 0))
      return true;
  return false;
}

/* A measured time handed by name to a method that keeps it: `store.record_request(duration_ms)`,
 * `histogram.observe(elapsed)`, `timings.append(latency)`: a method whose name starts with a
 * recording verb (record, observe, log, info, append, set, send...); the identifier, or a
 * null node. Plain functions (`round(elapsed)`, `print(...)`) and computations
 * (`np.mean(durations)`) record nothing. */
static TSNode sl_facts__timing_argument(const SlSource *source, TSNode node) {
  TSNode none = {{0}, NULL, NULL};
  /* the name first: ts_node_parent walks down from the root, too slow for every identifier */
  if (!sl_pyast_is(node, "identifier") || !sl_facts__names_timing(source, node)) return none;
  TSNode arguments = ts_node_parent(node);
  if (!sl_pyast_is(arguments, "argument_list")) return none;
  TSNode callee = ts_node_child_by_field_name(ts_node_parent(arguments), "function", 8);
  if (!sl_pyast_is(callee, "attribute")) return none;
  static const char *const verbs[] = {"record", "observe", "log",       "info", "debug", "warning",
                                      "timing", "gauge",   "histogram", "emit", "track", "report",
                                      "append", "add",     "set",       "send", "put",   "push",
                                      "write",  "inc",     NULL};
  TSNode method = ts_node_child_by_field_name(callee, "attribute", 9);
  uint32_t start = ts_node_start_byte(method), length = ts_node_end_byte(method) - start;
  for (size_t i = 0; verbs[i]; i++) {
    size_t verb = strlen(verbs[i]);
    if (length >= verb && strncmp(source->bytes + start, verbs[i], verb) == 0) return node;
  }
  return none;
}

/* A request's latency handed to a call, which records it (a structured log, a row of a
 * predictions table, a metrics client): `PredictionRow(..., latency_ms=elapsed)`,
 * `logger.info("done", extra={"latency_ms": ms})`, or a variable named for a latency,
 * duration or elapsed time handed to a method (sl_facts__timing_argument). A latency in a
 * returned dict only tells the client. */
static bool sl_facts__records_latency(const SlSource *source, TSNode node) {
  if (sl_pyast_is(node, "keyword_argument"))
    return sl_facts__names_timing(source, ts_node_child_by_field_name(node, "name", 4));
  if (sl_pyast_is(node, "pair")) {
    TSNode key = ts_node_child_by_field_name(node, "key", 3);
    if (!sl_facts__names_timing(source, key)) return false;
    TSNode holder = ts_node_parent(ts_node_parent(node));
    return sl_pyast_is(holder, "argument_list") || sl_pyast_is(holder, "keyword_argument");
  }
  return !ts_node_is_null(sl_facts__timing_argument(source, node));
}

typedef struct {
  const SlSource *source;
  SlFileFacts *facts;
} SlImportScan;

static bool sl_facts__visit_import(void *context, TSNode node) {
  SlImportScan *scan = context;
  const char *type = ts_node_type(node);
  if (strcmp(type, "import_statement") == 0 || strcmp(type, "import_from_statement") == 0) {
    sl_facts__import_node(scan->source, node, scan->facts);
    return false;
  }
  if (strcmp(type, "attribute") == 0)
    scan->facts->monitoring |= sl_facts__monitoring_attribute(scan->source, node);
  else if (!(scan->facts->roles & SL_ROLE_BIT(SL_ROLE_TEST)) &&
           sl_facts__records_latency(scan->source, node))
    scan->facts->monitoring |= SL_MONITOR_LATENCY_LOG;
  return true;
}

void sl_facts_find_imports(const SlSource *source, TSNode root, SlFileFacts *facts) {
  SlImportScan scan = {source, facts};
  sl_pyast_walk(root, sl_facts__visit_import, &scan);
}

SlFileFacts *sl_facts_new(const char *path, SlRoleSet roles) {
  SlFileFacts *facts = sl_calloc(1, sizeof *facts);
  facts->path = sl_strdup(path);
  facts->module = sl_facts_module_of_path(path);
  facts->roles = roles;
  return facts;
}

char *sl_facts_line_text(const SlFileFacts *facts, uint32_t line) {
  if (!facts->file_path || line == 0) return NULL;
  struct stat status;
  if (stat(facts->file_path, &status) != 0 || !S_ISREG(status.st_mode)) return NULL;
  SlError error;
  SlSource *source = sl_source_load(facts->file_path, facts->path, (size_t)status.st_size, &error);
  if (!source) return NULL;
  size_t length = 0;
  const char *text = sl_source_line(source, line - 1, &length);
  char *copy = line <= source->line_count ? sl_strndup(text, length) : NULL;
  sl_source_delete(source);
  return copy;
}

SlFileFacts *sl_facts_extract_python(const SlSource *source, TSNode root, SlRoleSet roles) {
  SlFileFacts *facts = sl_facts_new(source->path, roles);
  sl_facts_find_imports(source, root, facts);
  /* transformers or Lightning beside TensorFlow and without torch: TF models, no autograd. */
  if (facts->imports_tensorflow && !facts->imports_torch_itself) facts->imports_torch = false;
  sl_facts_find_entry_points(source, root, facts);
  sl_facts_find_model_loads(source, root, facts);
  sl_facts_find_functions(source, root, facts);
  sl_facts_find_hand_encodings(source, root, facts);
  sl_facts_find_line_prints(source, facts);
  sl_facts_annotate_loads(source, root, facts);
  sl_facts_find_python_rollout(source, facts);
  return facts;
}

void sl_file_facts_delete(SlFileFacts *facts) {
  if (!facts) return;
  for (size_t i = 0; i < facts->imports.count; i++) sl_free(facts->imports.items[i]);
  sl_vec_delete(&facts->imports);
  for (size_t i = 0; i < facts->entry_points.count; i++) {
    SlEntryPoint *entry = &facts->entry_points.items[i];
    sl_free(entry->path);
    sl_free(entry->function);
    sl_free(entry->framework);
    sl_free(entry->snippet);
    sl_free(entry->route);
  }
  sl_vec_delete(&facts->entry_points);
  for (size_t i = 0; i < facts->model_loads.count; i++) {
    SlModelLoad *load = &facts->model_loads.items[i];
    char *strings[] = {load->path,   load->loader,  load->reference, load->origin,
                       load->reason, load->snippet, load->revision,  load->reference_snippet};
    for (size_t j = 0; j < sizeof strings / sizeof *strings; j++) sl_free(strings[j]);
  }
  sl_vec_delete(&facts->model_loads);
  for (size_t i = 0; i < facts->hand_encodings.count; i++) {
    SlHandEncoding *encoding = &facts->hand_encodings.items[i];
    sl_free(encoding->function);
    sl_free(encoding->categories);
    sl_free(encoding->value);
  }
  sl_vec_delete(&facts->hand_encodings);
  for (size_t i = 0; i < facts->label_maps.count; i++) sl_free(facts->label_maps.items[i].name);
  sl_vec_delete(&facts->label_maps);
  for (size_t i = 0; i < facts->category_lists.count; i++) sl_free(facts->category_lists.items[i]);
  sl_vec_delete(&facts->category_lists);
  SlConstantVec *constant_lists[] = {&facts->constants, &facts->settings_fields, &facts->instances};
  for (size_t l = 0; l < sizeof constant_lists / sizeof *constant_lists; l++) {
    for (size_t i = 0; i < constant_lists[l]->count; i++) {
      sl_free(constant_lists[l]->items[i].name);
      sl_free(constant_lists[l]->items[i].value);
    }
    sl_vec_delete(constant_lists[l]);
  }
  for (size_t i = 0; i < facts->functions.count; i++) {
    SlFunction *function = &facts->functions.items[i];
    sl_free(function->name);
    sl_free(function->snippet);
    sl_free(function->returns_class);
    for (size_t j = 0; j < function->decorators.count; j++) sl_free(function->decorators.items[j]);
    for (size_t j = 0; j < function->callees.count; j++) sl_free(function->callees.items[j]);
    for (size_t j = 0; j < function->forwards.count; j++) {
      sl_free(function->forwards.items[j].receiver);
      sl_free(function->forwards.items[j].snippet);
    }
    for (size_t j = 0; j < function->train_calls.count; j++) {
      sl_free(function->train_calls.items[j].receiver);
      sl_free(function->train_calls.items[j].snippet);
    }
    sl_vec_delete(&function->decorators);
    sl_vec_delete(&function->callees);
    sl_vec_delete(&function->callee_guarded);
    sl_vec_delete(&function->callee_spans);
    sl_vec_delete(&function->callee_in_loop);
    sl_vec_delete(&function->callee_handed_over);
    sl_vec_delete(&function->callee_awaited);
    sl_vec_delete(&function->forwards);
    sl_vec_delete(&function->train_calls);
  }
  sl_vec_delete(&facts->functions);
  for (size_t i = 0; i < facts->imported_names.count; i++) {
    sl_free(facts->imported_names.items[i].local);
    sl_free(facts->imported_names.items[i].module);
    sl_free(facts->imported_names.items[i].name);
  }
  sl_vec_delete(&facts->imported_names);
  for (size_t i = 0; i < facts->evaluated.count; i++) sl_free(facts->evaluated.items[i]);
  sl_vec_delete(&facts->evaluated);
  for (size_t i = 0; i < facts->dumps.count; i++) {
    sl_free(facts->dumps.items[i].object);
    sl_free(facts->dumps.items[i].basename);
  }
  sl_vec_delete(&facts->dumps);
  for (size_t i = 0; i < facts->pipelines.count; i++) sl_free(facts->pipelines.items[i]);
  sl_vec_delete(&facts->pipelines);
  for (size_t i = 0; i < facts->loaded_modules.count; i++) sl_free(facts->loaded_modules.items[i]);
  sl_vec_delete(&facts->loaded_modules);
  sl_vec_delete(&facts->loaded_spans);
  sl_vec_delete(&facts->loaded_scripted);
  sl_vec_delete(&facts->image_pipelines);
  for (size_t i = 0; i < facts->image_copies.count; i++) sl_free(facts->image_copies.items[i]);
  sl_vec_delete(&facts->image_copies);
  sl_vec_delete(&facts->image_copy_spans);
  sl_vec_delete(&facts->line_prints);
  for (size_t i = 0; i < facts->normalisations.count; i++) sl_free(facts->normalisations.items[i]);
  sl_vec_delete(&facts->normalisations);
  sl_vec_delete(&facts->normalisation_spans);
  sl_free(facts->path);
  sl_free(facts->module);
  sl_free(facts->file_path);
  sl_free(facts);
}

void sl_repo_facts_clear(SlRepoFacts *repo) {
  for (size_t i = 0; i < repo->file_count; i++) sl_file_facts_delete(repo->files[i]);
  sl_free(repo->files);
  repo->files = NULL;
  repo->file_count = 0;
  sl_vec_delete(&repo->modules);
}
