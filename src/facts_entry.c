/*
 * facts_entry: entry points, the functions that serve requests, batches or streams
 * (contract in include/servelint/facts.h).
 *
 * One cursor walk over the tree gathers what the decisions need: the file's imports,
 * every class, function and `if __name__ == "__main__":` block (with its enclosing
 * definition, kept on an explicit frame stack, so nesting depth costs no C stack),
 * assignments that name a Kafka consumer, a loaded model or an aiohttp route table,
 * calls that register a handler by name, consumer loops, and the batch steps (read,
 * predict, write) each scope performs. Decisions are taken after the walk, when every
 * definition and import is known, so a handler may be registered before it is defined.
 * Nodes recorded during the walk point into the tree, which outlives this stage;
 * nothing here outlives sl_facts_find_entry_points but the entry points it appends.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pyast.h"
#include "servelint/roles.h"
#include "servelint/vec.h"

/* Index sentinels for "no definition" and "module level". */
#define SL_FACTS__NONE ((size_t)-1)
#define SL_FACTS__MODULE ((size_t)-2)

/* Module families the file imports, as bits. */
enum {
  SL_MOD_FASTAPI = 1u << 0,
  SL_MOD_STARLETTE = 1u << 1,
  SL_MOD_FLASK = 1u << 2,
  SL_MOD_AIOHTTP = 1u << 3,
  SL_MOD_BENTOML = 1u << 4,
  SL_MOD_KSERVE = 1u << 5,
  SL_MOD_SELDON = 1u << 6,
  SL_MOD_MLFLOW = 1u << 7,
  SL_MOD_KAFKA = 1u << 8,
  SL_MOD_PUBSUB = 1u << 9,
  SL_MOD_OTHER_WEB = 1u << 10, /* web frameworks without a name here: no path fallback */
  SL_MOD_FAUST = 1u << 11,
  SL_MOD_CELERY = 1u << 12,
  SL_MOD_DJANGO = 1u << 13, /* also SL_MOD_OTHER_WEB */
};

typedef struct {
  const char *prefix; /* matches the module itself or any submodule */
  unsigned bit;
} SlEntryModule;

static const SlEntryModule sl_entry_modules[] = {
    {"fastapi", SL_MOD_FASTAPI},
    {"starlette", SL_MOD_STARLETTE},
    {"flask", SL_MOD_FLASK},
    {"aiohttp", SL_MOD_AIOHTTP},
    {"bentoml", SL_MOD_BENTOML},
    {"kserve", SL_MOD_KSERVE},
    {"kfserving", SL_MOD_KSERVE},
    {"seldon_core", SL_MOD_SELDON},
    {"mlflow", SL_MOD_MLFLOW},
    {"kafka", SL_MOD_KAFKA},
    {"aiokafka", SL_MOD_KAFKA},
    {"confluent_kafka", SL_MOD_KAFKA},
    {"google.cloud.pubsub", SL_MOD_PUBSUB},
    {"google.cloud.pubsub_v1", SL_MOD_PUBSUB},
    {"faust", SL_MOD_FAUST},
    {"celery", SL_MOD_CELERY},
    {"sanic", SL_MOD_OTHER_WEB},
    {"quart", SL_MOD_OTHER_WEB},
    {"bottle", SL_MOD_OTHER_WEB},
    {"falcon", SL_MOD_OTHER_WEB},
    {"tornado", SL_MOD_OTHER_WEB},
    {"litestar", SL_MOD_OTHER_WEB},
    {"django", SL_MOD_OTHER_WEB | SL_MOD_DJANGO},
    {"rest_framework", SL_MOD_OTHER_WEB | SL_MOD_DJANGO},
    {"connexion", SL_MOD_OTHER_WEB},
};

/* Name lists (NULL-terminated). */
static const char *const sl_entry_web_verbs[] = {"get",       "post",      "put",     "patch",
                                                 "delete",    "head",      "options", "trace",
                                                 "api_route", "websocket", "route",   NULL};
static const char *const sl_entry_aiohttp_adders[] = {"add_get",   "add_post",   "add_put",
                                                      "add_patch", "add_delete", "add_head",
                                                      "add_route", "add_view",   NULL};
static const char *const sl_entry_aiohttp_routes[] = {"get",  "post",  "put",  "patch", "delete",
                                                      "head", "route", "view", NULL};
static const char *const sl_entry_kafka_polls[] = {"poll", "consume", "getone", "getmany", NULL};
/* Blocking receives of work queues, called in a loop by a worker: each names its queue. */
static const struct {
  const char *method, *framework;
} sl_entry_queue_receives[] = {
    {"receive_message", "sqs"},
    {"receive_messages", "sqs"},
    {"blpop", "redis-queue"},
    {"brpop", "redis-queue"},
    {"blmove", "redis-queue"},
    {"brpoplpush", "redis-queue"},
    {"xreadgroup", "redis-queue"},
    {"basic_get", "rabbitmq"},
    {"receive_queue_message", "azure-service-bus"},
    {"receive_subscription_message", "azure-service-bus"},
};
static const char *const sl_entry_consumers[] = {"KafkaConsumer", "AIOKafkaConsumer",
                                                 "DeserializingConsumer", "Consumer", NULL};
static const char *const sl_entry_loaders[] = {"from_pretrained", "InferenceSession", "pipeline",
                                               NULL};
static const char *const sl_entry_reads[] = {
    "read_csv", "read_parquet", "read_json", "read_sql", "read_sql_query", "read_sql_table",
    "read_feather", "read_excel", "read_table", "read_orc", "read_pickle", "read_ndjson",
    "scan_csv", "scan_parquet", "scan_ndjson",
    /* Hugging Face datasets: `Dataset.from_json(path)`, `load_dataset("csv", ...)` */
    "from_json", "from_csv", "from_parquet", "load_dataset", NULL};
static const char *const sl_entry_writes[] = {
    "to_csv",      "to_parquet",    "to_sql",       "to_json",
    "to_feather",  "to_excel",      "to_orc",       "write_table",
    "write_csv",   "write_parquet", "write_ndjson", "write_dataset",
    "saveAsTable", "insertInto",    "writerows",    NULL};
static const char *const sl_entry_predicts[] = {"predict", "predict_proba", "predict_log_proba",
                                                "decision_function", NULL};
static const char *const sl_entry_fits[] = {"fit", "fit_transform", "partial_fit", "backward",
                                            NULL};
static const char *const sl_entry_torchserve_methods[] = {"handle",      "inference",  "preprocess",
                                                          "postprocess", "initialize", NULL};
static const char *const sl_entry_kserve_methods[] = {"predict", "preprocess", "postprocess",
                                                      "explain", NULL};
static const char *const sl_entry_seldon_methods[] = {
    "predict",        "predict_raw", "send_feedback", "transform_input", "transform_output",
    "predict_stream", NULL};
static const char *const sl_entry_seldon_hooks[] = {"metrics", "send_feedback", "predict_raw",
                                                    NULL};
static const char *const sl_entry_mlflow_methods[] = {"predict", "predict_stream", NULL};
/* Methods of a Ray actor (`@ray.remote class`) that score what a batch job hands them. */
static const char *const sl_entry_ray_actor_methods[] = {
    "__call__", "process",       "predict",       "infer",         "inference",
    "score",    "process_batch", "predict_batch", "run_inference", NULL};
static const char *const sl_entry_rest_methods[] = {"get", "post", "put", "patch", "delete", NULL};

typedef enum { SL_ENTRY_DEF_CLASS, SL_ENTRY_DEF_FUNCTION, SL_ENTRY_DEF_MAIN } SlEntryDefKind;

/* What a class is, as far as entry points go: decides which of its methods serve. */
typedef enum {
  SL_ENTRY_CLASS_NONE,
  SL_ENTRY_CLASS_RAY,       /* @serve.deployment */
  SL_ENTRY_CLASS_RAY_ACTOR, /* @ray.remote: a batch job calls its methods with .remote() */
  SL_ENTRY_CLASS_FLINK,     /* a PyFlink ScalarFunction / TableFunction: eval runs per row */
  SL_ENTRY_CLASS_BENTOML,   /* @bentoml.service: its @bentoml.api methods serve */
  SL_ENTRY_CLASS_TORCHSERVE,
  SL_ENTRY_CLASS_TRITON,
  SL_ENTRY_CLASS_KSERVE,
  SL_ENTRY_CLASS_SELDON,
  SL_ENTRY_CLASS_MLFLOW,
  SL_ENTRY_CLASS_LITSERVE,
  SL_ENTRY_CLASS_GRPC,
  SL_ENTRY_CLASS_COG,         /* cog.BasePredictor: its predict serves */
  SL_ENTRY_CLASS_JINA,        /* jina.Executor: its @requests methods serve */
  SL_ENTRY_CLASS_FLASK_REST,  /* flask_restful / flask_restx / flask_restplus Resource: its
                                 HTTP-verb methods serve */
  SL_ENTRY_CLASS_DRF,         /* Django REST framework APIView: the same */
  SL_ENTRY_CLASS_HF_ENDPOINT, /* Hugging Face Inference Endpoints: `class EndpointHandler`
                                 whose `__call__(self, data)` answers each request */
} SlEntryClassKind;

/* Batch-scoring steps a scope performs directly, as bits. */
enum {
  SL_STEP_READ = 1u << 0,
  SL_STEP_MODEL = 1u << 1,
  SL_STEP_WRITE = 1u << 2,
  SL_STEP_FIT = 1u << 3, /* training, which disqualifies a scope as batch scoring */
};
#define SL_STEP_BATCH (SL_STEP_READ | SL_STEP_MODEL | SL_STEP_WRITE)

typedef struct {
  SlEntryDefKind kind;
  TSNode outer;   /* the decorated_definition, else the node itself */
  TSNode node;    /* class_definition, function_definition or if_statement */
  TSNode name;    /* the name identifier; the condition of a main block */
  char *qualname; /* owned; "Class.method", "outer.inner", "<main>" */
  size_t parent;  /* innermost enclosing class or function, SL_FACTS__NONE at module level */
  unsigned steps; /* SL_STEP_* seen directly in this scope (functions and main blocks) */
  SlEntryClassKind class_kind; /* classes only */
  TSNode ingress; /* classes only: the app of @serve.ingress(app) or @bentoml.asgi_app(app) */
  const char *ingress_framework; /* "ray-serve" or "bentoml" with an ingress */
} SlEntryDef;

/* An enclosing definition (def != SL_FACTS__NONE) or loop of the node being visited. */
typedef struct {
  uint32_t end_byte;
  size_t def;
  TSNode loop;
} SlEntryFrame;

/* `from module import local` (local is the alias when there is one). */
typedef struct {
  TSNode local, module;
} SlEntryImport;

/* A handler registered by name (`add_api_route("/x", handler)`), resolved after the walk. */
typedef struct {
  TSNode handler;
  size_t class_def; /* enclosing class, for `self.method` handlers */
  const char *framework;
  SlServingPattern pattern;
} SlEntryRegistration;

/* A loop that may consume a stream: `for m in object` or `object.poll()` in a loop. */
typedef struct {
  TSNode object;         /* checked against Kafka consumers; unused for Kinesis */
  const char *framework; /* "kafka", "kinesis", "sqs", "redis-queue", "rabbitmq" */
  size_t function;       /* the enclosing function, or SL_FACTS__NONE at module level */
  TSNode loop;           /* the outermost loop of the scope, for a module-level entry */
  bool in_main;          /* module level inside the main block */
  bool returned;         /* the function only opens the stream and returns it
                            (`return spark.readStream...load()`): its callers consume it */
} SlEntryStream;

/* A call of a bare name (`score(frame)`) or of an own method (`self.read_stream()`)
 * from a function or main block, for batch steps performed through the file's own
 * helpers and the consumers of a stream a helper opens. */
typedef struct {
  size_t scope; /* the calling definition */
  TSNode callee;
} SlEntryLocalCall;

typedef struct {
  const SlSource *source;
  TSNode root;
  unsigned modules; /* SL_MOD_* */
  bool has_class;
  SlVec(SlEntryImport) imports;
  SlVec(SlEntryDef) defs; /* in source order */
  SlVec(SlEntryFrame) frames;
  SlVec(TSNode) consumers, loaded, route_tables; /* assignment targets */
  SlVec(SlEntryRegistration) registrations;
  SlVec(SlEntryStream) streams;
  SlVec(size_t) queue_takers; /* functions taking items off an in-process queue in a loop */
  SlVec(SlEntryLocalCall) local_calls;
  unsigned module_steps; /* SL_STEP_* of module-level code outside the main block */
  TSNode top_statement;  /* the module-level statement being walked */
  TSNode module_read;    /* the module-level statement of the first read */
  SlEntryPointVec found;
} SlEntryScan;

/* ---- node and text helpers (all accept null nodes) ---- */

static TSNode sl_facts__field(TSNode node, const char *name) {
  if (ts_node_is_null(node)) return node;
  return ts_node_child_by_field_name(node, name, (uint32_t)strlen(name));
}

static bool sl_facts__type_is(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static const char *sl_facts__text(const SlEntryScan *scan, TSNode node, size_t *length) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  *length = end - start;
  return scan->source->bytes + start;
}

static bool sl_facts__is(const SlEntryScan *scan, TSNode node, const char *text) {
  if (ts_node_is_null(node)) return false;
  size_t length;
  const char *bytes = sl_facts__text(scan, node, &length);
  return strlen(text) == length && memcmp(bytes, text, length) == 0;
}

static bool sl_facts__same_text(const SlEntryScan *scan, TSNode a, TSNode b) {
  return sl_pyast_same_text(scan->source->bytes, a, b);
}

static bool sl_facts__is_one_of(const SlEntryScan *scan, TSNode node, const char *const *list) {
  for (; *list; list++)
    if (sl_facts__is(scan, node, *list)) return true;
  return false;
}

static bool sl_facts__ends_with(const SlEntryScan *scan, TSNode node, const char *suffix) {
  if (ts_node_is_null(node)) return false;
  size_t length, suffix_length = strlen(suffix);
  const char *text = sl_facts__text(scan, node, &length);
  return length >= suffix_length &&
         memcmp(text + length - suffix_length, suffix, suffix_length) == 0;
}

static bool sl_facts__starts_with(const SlEntryScan *scan, TSNode node, const char *prefix) {
  if (ts_node_is_null(node)) return false;
  size_t length, prefix_length = strlen(prefix);
  const char *text = sl_facts__text(scan, node, &length);
  return length >= prefix_length && memcmp(text, prefix, prefix_length) == 0;
}

/* Case-insensitive substring test on a node's text. */
static bool sl_facts__contains(const SlEntryScan *scan, TSNode node, const char *needle) {
  return sl_pyast_text_contains(scan->source->bytes, node, needle);
}

/* The last dotted part of a name: `b` of `a.b`, the identifier itself, else null. */
static TSNode sl_facts__last_part(TSNode node) {
  if (sl_facts__type_is(node, "attribute")) return sl_facts__field(node, "attribute");
  if (sl_facts__type_is(node, "identifier")) return node;
  return (TSNode){0};
}

/* Whether a string literal's content starts with `c` ("/predict" for '/'). */
static bool sl_facts__string_starts(const SlEntryScan *scan, TSNode node, char c) {
  if (!sl_facts__type_is(node, "string")) return false;
  size_t length, i = 0;
  const char *text = sl_facts__text(scan, node, &length);
  while (i < length && isalpha((unsigned char)text[i])) i++; /* r, b, f prefixes */
  if (i >= length) return false;
  char quote = text[i];
  for (int k = 0; k < 3 && i < length && text[i] == quote; k++) i++;
  return i < length && text[i] == c;
}

/* The `index`th positional argument of an argument_list, or null (also after a splat,
 * whose width is unknown). */
static TSNode sl_facts__positional(TSNode args, uint32_t index) {
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    const char *type = ts_node_type(arg);
    if (strcmp(type, "keyword_argument") == 0 || strcmp(type, "comment") == 0) continue;
    if (strcmp(type, "list_splat") == 0 || strcmp(type, "dictionary_splat") == 0) break;
    if (index-- == 0) return arg;
  }
  return (TSNode){0};
}

static TSNode sl_facts__keyword(const SlEntryScan *scan, TSNode args, const char *name) {
  uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (sl_facts__type_is(arg, "keyword_argument") &&
        sl_facts__is(scan, sl_facts__field(arg, "name"), name))
      return sl_facts__field(arg, "value");
  }
  return (TSNode){0};
}

/* `name=` if given, else the `index`th positional argument. */
static TSNode sl_facts__argument(const SlEntryScan *scan, TSNode args, uint32_t index,
                                 const char *name) {
  TSNode value = sl_facts__keyword(scan, args, name);
  return ts_node_is_null(value) ? sl_facts__positional(args, index) : value;
}

/* `name=` if given, else the last positional argument. */
static TSNode sl_facts__last_argument(const SlEntryScan *scan, TSNode args, const char *name) {
  TSNode value = sl_facts__keyword(scan, args, name), last = value;
  for (uint32_t i = 0; ts_node_is_null(value); i++) {
    TSNode next = sl_facts__positional(args, i);
    if (ts_node_is_null(next)) break;
    last = next;
  }
  return last;
}

/* Whether `node`'s text equals one of `nodes`' texts. */
static bool sl_facts__in_list(const SlEntryScan *scan, const TSNode *nodes, size_t count,
                              TSNode node) {
  for (size_t i = 0; i < count; i++)
    if (sl_facts__same_text(scan, nodes[i], node)) return true;
  return false;
}

/* ---- imports ---- */

static bool sl_facts__module_matches(const char *module, size_t length, const char *prefix) {
  size_t prefix_length = strlen(prefix);
  return length >= prefix_length && memcmp(module, prefix, prefix_length) == 0 &&
         (length == prefix_length || module[prefix_length] == '.');
}

/* SL_MOD_* bits of `module` (and of `module.name` for `from module import name`, so
 * `from google.cloud import pubsub_v1` counts). */
static unsigned sl_facts__module_bits(const SlEntryScan *scan, TSNode module, TSNode name) {
  size_t length;
  const char *text = sl_facts__text(scan, module, &length);
  char joined[256] = "";
  if (!ts_node_is_null(name)) {
    size_t name_length;
    const char *name_text = sl_facts__text(scan, name, &name_length);
    snprintf(joined, sizeof joined, "%.*s.%.*s", (int)length, text, (int)name_length, name_text);
  }
  unsigned bits = 0;
  for (size_t i = 0; i < sizeof sl_entry_modules / sizeof *sl_entry_modules; i++)
    if (sl_facts__module_matches(text, length, sl_entry_modules[i].prefix) ||
        sl_facts__module_matches(joined, strlen(joined), sl_entry_modules[i].prefix))
      bits |= sl_entry_modules[i].bit;
  return bits;
}

/* `from module import a, b as c`: records a and c as imported from module. */
static void sl_facts__note_from_import(SlEntryScan *scan, TSNode node) {
  TSNode module = sl_facts__field(node, "module_name");
  if (ts_node_is_null(module)) return;
  scan->modules |= sl_facts__module_bits(scan, module, (TSNode){0});
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i), local = name;
    if (ts_node_eq(name, module)) continue;
    if (sl_facts__type_is(name, "aliased_import")) {
      local = sl_facts__field(name, "alias");
      name = sl_facts__field(name, "name");
    }
    if (!sl_facts__type_is(name, "dotted_name")) continue;
    scan->modules |= sl_facts__module_bits(scan, module, name);
    SlEntryImport import = {local, module};
    sl_vec_push(&scan->imports, import);
  }
}

static void sl_facts__note_import(SlEntryScan *scan, TSNode node) {
  if (sl_facts__type_is(node, "import_from_statement")) {
    sl_facts__note_from_import(scan, node);
    return;
  }
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i);
    if (sl_facts__type_is(name, "aliased_import")) name = sl_facts__field(name, "name");
    if (sl_facts__type_is(name, "dotted_name"))
      scan->modules |= sl_facts__module_bits(scan, name, (TSNode){0});
  }
}

/* Whether the identifier `node` was imported by name from `module` or a submodule. */
static bool sl_facts__imported_from(const SlEntryScan *scan, TSNode node, const char *module) {
  if (!sl_facts__type_is(node, "identifier")) return false;
  for (size_t i = 0; i < scan->imports.count; i++) {
    const SlEntryImport *import = &scan->imports.items[i];
    size_t length;
    const char *text = sl_facts__text(scan, import->module, &length);
    if (sl_facts__same_text(scan, import->local, node) &&
        sl_facts__module_matches(text, length, module))
      return true;
  }
  return false;
}

/* Whether `callee` names `qualified` ("serve.deployment"), as written, behind a package
 * prefix ("ray.serve.deployment"), or as its last part imported from `module`. */
static bool sl_facts__names(const SlEntryScan *scan, TSNode callee, const char *qualified,
                            const char *module) {
  if (sl_facts__is(scan, callee, qualified)) return true;
  char dotted[64];
  snprintf(dotted, sizeof dotted, ".%s", qualified);
  if (sl_facts__type_is(callee, "attribute") && sl_facts__ends_with(scan, callee, dotted))
    return true;
  const char *last = strrchr(qualified, '.');
  return sl_facts__is(scan, callee, last ? last + 1 : qualified) &&
         sl_facts__imported_from(scan, callee, module);
}

/* ---- the frame stack ---- */

static void sl_facts__pop_frames(SlEntryScan *scan, uint32_t start_byte) {
  while (scan->frames.count > 0 &&
         scan->frames.items[scan->frames.count - 1].end_byte <= start_byte)
    scan->frames.count--;
}

static void sl_facts__push_frame(SlEntryScan *scan, TSNode node, size_t def) {
  SlEntryFrame frame = {.end_byte = ts_node_end_byte(node), .def = def};
  if (def == SL_FACTS__NONE) frame.loop = node;
  sl_vec_push(&scan->frames, frame);
}

/* The innermost enclosing definition of `kinds` (bits 1 << SlEntryDefKind), skipping
 * loops; SL_FACTS__NONE when the innermost definition is of another kind, and
 * SL_FACTS__MODULE when there is none. */
static size_t sl_facts__innermost(const SlEntryScan *scan, unsigned kinds, bool skip_others) {
  for (size_t i = scan->frames.count; i-- > 0;) {
    size_t def = scan->frames.items[i].def;
    if (def == SL_FACTS__NONE) continue;
    if (kinds & (1u << scan->defs.items[def].kind)) return def;
    if (!skip_others) return SL_FACTS__NONE;
  }
  return SL_FACTS__MODULE;
}

#define SL_KIND_BIT(kind) (1u << (kind))

/* The class or function a new definition is nested in (main blocks do not qualify names). */
static size_t sl_facts__owner(const SlEntryScan *scan) {
  size_t owner = sl_facts__innermost(
      scan, SL_KIND_BIT(SL_ENTRY_DEF_CLASS) | SL_KIND_BIT(SL_ENTRY_DEF_FUNCTION), true);
  return owner == SL_FACTS__MODULE ? SL_FACTS__NONE : owner;
}

/* "parent.name", or "name" at module level. */
static char *sl_facts__qualify(const SlEntryScan *scan, size_t parent, TSNode name) {
  size_t length;
  const char *text = sl_facts__text(scan, name, &length);
  const char *prefix = parent == SL_FACTS__NONE ? "" : scan->defs.items[parent].qualname;
  size_t prefix_length = strlen(prefix);
  char *qualname = sl_malloc(prefix_length + length + 2);
  memcpy(qualname, prefix, prefix_length);
  size_t at = prefix_length;
  if (prefix_length) qualname[at++] = '.';
  memcpy(qualname + at, text, length);
  qualname[at + length] = '\0';
  return qualname;
}

static void sl_facts__push_def(SlEntryScan *scan, SlEntryDefKind kind, TSNode outer, TSNode node,
                               TSNode name) {
  SlEntryDef def = {.kind = kind, .outer = outer, .node = node, .name = name};
  def.parent = sl_facts__owner(scan);
  def.qualname =
      kind == SL_ENTRY_DEF_MAIN ? sl_strdup("<main>") : sl_facts__qualify(scan, def.parent, name);
  if (kind == SL_ENTRY_DEF_CLASS) scan->has_class = true;
  sl_vec_push(&scan->defs, def);
  sl_facts__push_frame(scan, outer, scan->defs.count - 1);
}

/* A class or function definition; `outer` is its decorated_definition when it has
 * one, and the walk then meets the definition itself again as outer's child. */
static void sl_facts__enter_definition(SlEntryScan *scan, TSNode outer, TSNode node) {
  if (scan->frames.count > 0) {
    size_t top = scan->frames.items[scan->frames.count - 1].def;
    if (top != SL_FACTS__NONE && ts_node_eq(scan->defs.items[top].node, node)) return;
  }
  TSNode name = sl_facts__field(node, "name");
  if (ts_node_is_null(name)) name = node; /* error recovery */
  if (sl_facts__type_is(node, "function_definition"))
    sl_facts__push_def(scan, SL_ENTRY_DEF_FUNCTION, outer, node, name);
  else if (sl_facts__type_is(node, "class_definition"))
    sl_facts__push_def(scan, SL_ENTRY_DEF_CLASS, outer, node, name);
}

/* A module-level `if __name__ == "__main__":` opens the "<main>" scope. */
static void sl_facts__enter_if(SlEntryScan *scan, TSNode node) {
  if (sl_facts__innermost(scan, 0, false) != SL_FACTS__MODULE) return;
  if (sl_pyast_is_main_guard(scan->source->bytes, node))
    sl_facts__push_def(scan, SL_ENTRY_DEF_MAIN, node, node, sl_facts__field(node, "condition"));
}

/* Whether an attribute chain (`spark.read.format("x").load`) passes through `.name`. */
static bool sl_facts__chain_has(const SlEntryScan *scan, TSNode node, const char *name) {
  for (int hops = 0; hops < 16 && !ts_node_is_null(node); hops++) {
    if (sl_facts__type_is(node, "attribute")) {
      if (sl_facts__is(scan, sl_facts__field(node, "attribute"), name)) return true;
      node = sl_facts__field(node, "object");
    } else if (sl_facts__type_is(node, "call")) {
      node = sl_facts__field(node, "function");
    } else {
      break;
    }
  }
  return false;
}

/* ---- streams ---- */

/* Where a stream site belongs: the enclosing function, or at module level the
 * outermost loop. False in a class body or when no loop encloses the site. */
static bool sl_facts__stream_scope(const SlEntryScan *scan, SlEntryStream *site) {
  bool looped = false;
  for (size_t i = scan->frames.count; i-- > 0;) {
    const SlEntryFrame *frame = &scan->frames.items[i];
    if (frame->def == SL_FACTS__NONE) {
      site->loop = frame->loop;
      looped = true;
      continue;
    }
    SlEntryDefKind kind = scan->defs.items[frame->def].kind;
    if (kind == SL_ENTRY_DEF_CLASS) return false;
    if (kind == SL_ENTRY_DEF_FUNCTION) site->function = frame->def;
    site->in_main = kind == SL_ENTRY_DEF_MAIN;
    return looped;
  }
  return looped;
}

static void sl_facts__note_stream(SlEntryScan *scan, TSNode object, const char *framework) {
  SlEntryStream site = {.object = object, .framework = framework, .function = SL_FACTS__NONE};
  if (sl_facts__stream_scope(scan, &site)) sl_vec_push(&scan->streams, site);
}

/* Loops are frames too: a consumer call counts only inside one. `for i, message in
 * enumerate(consumer)` iterates the consumer. */
static void sl_facts__enter_loop(SlEntryScan *scan, TSNode node) {
  sl_facts__push_frame(scan, node, SL_FACTS__NONE);
  if (!sl_facts__type_is(node, "for_statement")) return;
  TSNode iterated = sl_facts__field(node, "right");
  if (sl_facts__type_is(iterated, "call") &&
      sl_facts__is(scan, sl_facts__field(iterated, "function"), "enumerate"))
    iterated = sl_facts__argument(scan, sl_facts__field(iterated, "arguments"), 0, "iterable");
  if (!ts_node_is_null(iterated)) sl_facts__note_stream(scan, iterated, "kafka");
}

/* Whether `node` is the value a `return` statement hands back (through the calls and
 * attributes of a method chain), before any enclosing function or lambda. */
static bool sl_facts__returned(TSNode node) {
  for (TSNode at = ts_node_parent(node); !ts_node_is_null(at); at = ts_node_parent(at)) {
    if (sl_facts__type_is(at, "return_statement")) return true;
    if (!sl_facts__type_is(at, "call") && !sl_facts__type_is(at, "attribute") &&
        !sl_facts__type_is(at, "argument_list") &&
        !sl_facts__type_is(at, "parenthesized_expression"))
      return false;
  }
  return false;
}

/* `spark.readStream...`: the scope reading it runs a Structured Streaming query. */
static void sl_facts__note_spark_stream(SlEntryScan *scan, TSNode callee) {
  SlEntryStream site = {.framework = "spark-streaming",
                        .function = SL_FACTS__NONE,
                        .loop = scan->top_statement,
                        .returned = !ts_node_is_null(callee) && sl_facts__returned(callee)};
  size_t scope = sl_facts__innermost(
      scan, SL_KIND_BIT(SL_ENTRY_DEF_FUNCTION) | SL_KIND_BIT(SL_ENTRY_DEF_MAIN), false);
  if (scope == SL_FACTS__NONE) return;
  if (scope != SL_FACTS__MODULE) {
    site.function = scan->defs.items[scope].kind == SL_ENTRY_DEF_FUNCTION ? scope : SL_FACTS__NONE;
    site.in_main = scan->defs.items[scope].kind == SL_ENTRY_DEF_MAIN;
  }
  sl_vec_push(&scan->streams, site);
}

/* A work queue read through the project's own helper, in a worker loop:
 * `task = pop_text_task()`, `job = queue.dequeue()`, `next_task()`. */
static bool sl_facts__queue_helper(const SlEntryScan *scan, TSNode name) {
  static const char *const names[] = {"get_task", "next_task", "fetch_task", "get_job",
                                      "next_job", "fetch_job", "dequeue",    NULL};
  size_t length;
  const char *text = sl_facts__text(scan, name, &length);
  if (length > 4 && strncmp(text, "pop_", 4) == 0 &&
      (sl_facts__contains(scan, name, "task") || sl_facts__contains(scan, name, "job") ||
       sl_facts__contains(scan, name, "request") || sl_facts__contains(scan, name, "message")))
    return true;
  return sl_facts__is_one_of(scan, name, names);
}

/* `item = data_queue.get(timeout=1.0)` in a loop of a function: the function takes work
 * off an in-process queue (`queue.Queue`, `multiprocessing.Queue`) that another thread or
 * process fills. Only a candidate: resolve_streams makes it an entry in a file that
 * consumes a stream and when it runs the model (the consumer hands messages over to it). */
static void sl_facts__note_queue_take(SlEntryScan *scan, TSNode callee) {
  TSNode method = sl_facts__field(callee, "attribute");
  TSNode queue = sl_facts__last_part(sl_facts__field(callee, "object"));
  if (!sl_facts__is(scan, method, "get") || !sl_facts__contains(scan, queue, "queue")) return;
  SlEntryStream site = {.function = SL_FACTS__NONE};
  if (sl_facts__stream_scope(scan, &site) && site.function != SL_FACTS__NONE)
    sl_vec_push(&scan->queue_takers, site.function);
}

static void sl_facts__note_stream_call(SlEntryScan *scan, TSNode callee) {
  TSNode last = sl_facts__last_part(callee);
  if (!ts_node_is_null(last) && sl_facts__queue_helper(scan, last)) {
    sl_facts__note_stream(scan, callee, "queue-worker");
    return;
  }
  if (!sl_facts__type_is(callee, "attribute")) return;
  sl_facts__note_queue_take(scan, callee);
  if (sl_facts__chain_has(scan, sl_facts__field(callee, "object"), "readStream")) {
    sl_facts__note_spark_stream(scan, callee);
    return;
  }
  TSNode method = sl_facts__field(callee, "attribute");
  if (sl_facts__is_one_of(scan, method, sl_entry_kafka_polls))
    sl_facts__note_stream(scan, sl_facts__field(callee, "object"), "kafka");
  else if (sl_facts__is(scan, method, "get_records"))
    sl_facts__note_stream(scan, sl_facts__field(callee, "object"), "kinesis");
  else
    for (size_t i = 0; i < sizeof sl_entry_queue_receives / sizeof *sl_entry_queue_receives; i++)
      if (sl_facts__is(scan, method, sl_entry_queue_receives[i].method))
        sl_facts__note_stream(scan, sl_facts__field(callee, "object"),
                              sl_entry_queue_receives[i].framework);
}

/* `KafkaConsumer(...)` itself: a consumer constructed where it is iterated. */
static bool sl_facts__constructs_consumer(const SlEntryScan *scan, TSNode node) {
  if (!sl_facts__type_is(node, "call")) return false;
  TSNode made = sl_facts__last_part(sl_facts__field(node, "function"));
  return !ts_node_is_null(made) && sl_facts__is_one_of(scan, made, sl_entry_consumers);
}

/* ---- assignments ---- */

/* `x = KafkaConsumer(...)`, `model = joblib.load(...)`, `routes = web.RouteTableDef()`. */
static void sl_facts__note_assignment(SlEntryScan *scan, TSNode node) {
  TSNode left = sl_facts__field(node, "left"), right = sl_facts__field(node, "right");
  if (!sl_facts__type_is(right, "call")) return;
  TSNode made = sl_facts__last_part(sl_facts__field(right, "function"));
  if (ts_node_is_null(made)) return;
  if (sl_facts__is_one_of(scan, made, sl_entry_consumers))
    sl_vec_push(&scan->consumers, left);
  else if (sl_facts__is(scan, made, "RouteTableDef"))
    sl_vec_push(&scan->route_tables, left);
  else if (sl_facts__contains(scan, made, "load") ||
           sl_facts__is_one_of(scan, made, sl_entry_loaders))
    sl_vec_push(&scan->loaded, left);
}

/* ---- registrations ---- */

static size_t sl_facts__enclosing_class(const SlEntryScan *scan) {
  size_t def = sl_facts__innermost(scan, SL_KIND_BIT(SL_ENTRY_DEF_CLASS), true);
  return def == SL_FACTS__MODULE ? SL_FACTS__NONE : def;
}

static bool sl_facts__path_like(const SlEntryScan *scan, TSNode args) {
  TSNode path = sl_facts__argument(scan, args, 0, "path");
  return sl_facts__string_starts(scan, path, '/');
}

static const char *sl_facts__asgi_framework(const SlEntryScan *scan) {
  return (scan->modules & SL_MOD_FASTAPI) ? "fastapi" : "starlette";
}

/* Starlette `Route("/x", handler)` and `app.add_route("/x", handler)`, FastAPI
 * `add_api_route`, Flask `add_url_rule`. Returns the handler expression or null. */
static TSNode sl_facts__web_registration(const SlEntryScan *scan, TSNode callee, TSNode args,
                                         const char **framework) {
  TSNode last = sl_facts__last_part(callee);
  bool asgi = (scan->modules & (SL_MOD_FASTAPI | SL_MOD_STARLETTE)) != 0;
  *framework = sl_facts__asgi_framework(scan);
  if (sl_facts__is(scan, last, "add_api_route")) {
    *framework = "fastapi";
    return sl_facts__argument(scan, args, 1, "endpoint");
  }
  if (sl_facts__is(scan, last, "add_url_rule")) {
    *framework = "flask";
    return sl_facts__argument(scan, args, 2, "view_func");
  }
  bool route = sl_facts__is(scan, last, "Route") || sl_facts__is(scan, last, "WebSocketRoute");
  if (route && (asgi || sl_facts__path_like(scan, args)))
    return sl_facts__argument(scan, args, 1, "endpoint");
  if (sl_facts__is(scan, last, "add_route") && asgi && !(scan->modules & SL_MOD_AIOHTTP))
    return sl_facts__argument(scan, args, 1, "route");
  return (TSNode){0};
}

/* aiohttp `app.router.add_get("/x", handler)` and `web.get("/x", handler)`. */
static TSNode sl_facts__aiohttp_registration(const SlEntryScan *scan, TSNode callee, TSNode args) {
  if (!sl_facts__type_is(callee, "attribute")) return (TSNode){0};
  TSNode method = sl_facts__field(callee, "attribute"), object = sl_facts__field(callee, "object");
  bool aiohttp = (scan->modules & SL_MOD_AIOHTTP) != 0;
  bool router = sl_facts__is(scan, sl_facts__last_part(object), "router");
  if (sl_facts__is_one_of(scan, method, sl_entry_aiohttp_adders) && (aiohttp || router))
    return sl_facts__last_argument(scan, args, "handler");
  if (aiohttp && sl_facts__is(scan, object, "web") &&
      sl_facts__is_one_of(scan, method, sl_entry_aiohttp_routes))
    return sl_facts__last_argument(scan, args, "handler");
  return (TSNode){0};
}

/* RabbitMQ with pika: `channel.basic_consume(queue=..., on_message_callback=handler)`
 * (`basic_consume(queue, handler)`), or the handler first (pika before 1.0). A name that
 * is no function of the file registers nothing. */
static TSNode sl_facts__rabbitmq_registration(const SlEntryScan *scan, TSNode callee, TSNode args) {
  if (!sl_facts__type_is(callee, "attribute") ||
      !sl_facts__is(scan, sl_facts__field(callee, "attribute"), "basic_consume"))
    return (TSNode){0};
  TSNode handler = sl_facts__argument(scan, args, 1, "on_message_callback");
  if (ts_node_is_null(handler)) handler = sl_facts__argument(scan, args, 0, "consumer_callback");
  return sl_facts__type_is(handler, "identifier") || sl_facts__type_is(handler, "attribute")
             ? handler
             : (TSNode){0};
}

/* Pub/Sub `subscriber.subscribe(path, callback=handler)`. */
static TSNode sl_facts__pubsub_registration(const SlEntryScan *scan, TSNode callee, TSNode args) {
  if (!sl_facts__type_is(callee, "attribute") ||
      !sl_facts__is(scan, sl_facts__field(callee, "attribute"), "subscribe"))
    return (TSNode){0};
  if (!(scan->modules & SL_MOD_PUBSUB) &&
      !sl_facts__contains(scan, sl_facts__field(callee, "object"), "subscriber"))
    return (TSNode){0};
  return sl_facts__argument(scan, args, 1, "callback");
}

static void sl_facts__note_registration(SlEntryScan *scan, TSNode callee, TSNode args) {
  SlEntryRegistration registration = {.class_def = sl_facts__enclosing_class(scan),
                                      .pattern = SL_PATTERN_ONLINE};
  registration.handler = sl_facts__web_registration(scan, callee, args, &registration.framework);
  if (ts_node_is_null(registration.handler)) {
    registration.handler = sl_facts__aiohttp_registration(scan, callee, args);
    registration.framework = "aiohttp";
  }
  if (ts_node_is_null(registration.handler)) {
    registration.handler = sl_facts__pubsub_registration(scan, callee, args);
    registration.framework = "pubsub";
    registration.pattern = SL_PATTERN_STREAMING;
  }
  if (ts_node_is_null(registration.handler)) {
    registration.handler = sl_facts__rabbitmq_registration(scan, callee, args);
    registration.framework = "rabbitmq";
  }
  if (ts_node_is_null(registration.handler) && sl_facts__type_is(callee, "attribute") &&
      sl_facts__is(scan, sl_facts__field(callee, "attribute"), "foreachBatch")) {
    /* Spark micro-batches: the function named, or (a bound method of a local object)
     * the scope starting the query. */
    TSNode handler = sl_facts__argument(scan, args, 0, "func");
    if (!sl_facts__type_is(handler, "identifier")) {
      sl_facts__note_spark_stream(scan, (TSNode){0});
      return;
    }
    registration.handler = handler;
    registration.framework = "spark-foreach-batch";
    registration.pattern = SL_PATTERN_STREAMING;
  }
  if (ts_node_is_null(registration.handler) && sl_facts__type_is(callee, "attribute") &&
      sl_facts__is(scan, sl_facts__field(callee, "attribute"), "create_listener")) {
    /* MLQ, a Redis job queue: `mlq.create_listener(handler)` runs handler per job. */
    registration.handler = sl_facts__argument(scan, args, 0, "callback");
    registration.framework = "mlq";
    registration.pattern = SL_PATTERN_STREAMING;
  }
  if (ts_node_is_null(registration.handler) && sl_facts__type_is(callee, "attribute") &&
      sl_facts__is(scan, sl_facts__field(callee, "attribute"), "map_batches")) {
    /* Ray Data batch inference: `ds.map_batches(Predictor, ...)` calls a class's
     * `__call__` (or a function) on each batch of the dataset. */
    registration.handler = sl_facts__argument(scan, args, 0, "fn");
    registration.framework = "ray-data";
    registration.pattern = SL_PATTERN_BATCH;
  }
  if (!ts_node_is_null(registration.handler)) sl_vec_push(&scan->registrations, registration);
}

/* ---- batch steps ---- */

/* `open(path)` reads; `open(path, "w")` (or "a", "x") writes. */
static unsigned sl_facts__open_steps(const SlEntryScan *scan, TSNode args) {
  TSNode mode = sl_facts__argument(scan, args, 1, "mode");
  if (!sl_facts__type_is(mode, "string")) return SL_STEP_READ;
  if (sl_facts__contains(scan, mode, "w") || sl_facts__contains(scan, mode, "a") ||
      sl_facts__contains(scan, mode, "x"))
    return SL_STEP_WRITE;
  return SL_STEP_READ;
}

/* A model object: assigned from a loader, or named like one. */
static bool sl_facts__model_like(const SlEntryScan *scan, TSNode node) {
  return sl_facts__in_list(scan, scan->loaded.items, scan->loaded.count, node) ||
         sl_facts__contains(scan, node, "model") || sl_facts__contains(scan, node, "pipe");
}

static unsigned sl_facts__method_steps(const SlEntryScan *scan, TSNode method, TSNode object) {
  if (sl_facts__is_one_of(scan, method, sl_entry_reads) ||
      sl_facts__chain_has(scan, object, "read"))
    return SL_STEP_READ;
  if (sl_facts__is_one_of(scan, method, sl_entry_writes) ||
      sl_facts__chain_has(scan, object, "write"))
    return SL_STEP_WRITE;
  if ((sl_facts__is(scan, object, "json") && sl_facts__is(scan, method, "dump")) ||
      ((sl_facts__is(scan, object, "np") || sl_facts__is(scan, object, "numpy")) &&
       sl_facts__starts_with(scan, method, "save")))
    return SL_STEP_WRITE;
  /* DB-API cursors: fetch rows, insert predictions. */
  if (sl_facts__is(scan, method, "fetchall") || sl_facts__is(scan, method, "fetchmany"))
    return SL_STEP_READ;
  if (sl_facts__is(scan, method, "executemany")) return SL_STEP_WRITE;
  if (sl_facts__is(scan, sl_facts__last_part(object), "spark") &&
      (sl_facts__is(scan, method, "sql") || sl_facts__is(scan, method, "table")))
    return SL_STEP_READ;
  if (sl_facts__is_one_of(scan, method, sl_entry_predicts)) return SL_STEP_MODEL;
  if ((sl_facts__is(scan, method, "transform") || sl_facts__is(scan, method, "run")) &&
      sl_facts__model_like(scan, object))
    return SL_STEP_MODEL;
  if (sl_facts__is_one_of(scan, method, sl_entry_fits)) return SL_STEP_FIT;
  return 0;
}

/* A script whose path says it scores (`scoring_script/score0.py`, `score_batch.py`):
 * there a DataLoader over the input is its read and printing predictions its output. */
static bool sl_facts__scoring_path(const SlEntryScan *scan) {
  static const char *const words[] = {"score", "scoring"};
  return sl_roles_path_has_segment(scan->source->path, words, sizeof words / sizeof *words);
}

static unsigned sl_facts__call_steps(const SlEntryScan *scan, TSNode callee, TSNode args) {
  if (sl_facts__is(scan, callee, "open")) return sl_facts__open_steps(scan, args);
  if ((sl_facts__is(scan, callee, "DataLoader") || sl_facts__is(scan, callee, "print")) &&
      sl_facts__scoring_path(scan))
    return sl_facts__is(scan, callee, "print") ? SL_STEP_WRITE : SL_STEP_READ;
  TSNode last = sl_facts__last_part(callee);
  if (sl_facts__is(scan, last, "model") ||
      sl_facts__in_list(scan, scan->loaded.items, scan->loaded.count, callee))
    return SL_STEP_MODEL;
  if (sl_facts__type_is(callee, "identifier")) { /* `from pandas import read_csv` */
    if (sl_facts__is_one_of(scan, callee, sl_entry_reads)) return SL_STEP_READ;
    if (sl_facts__starts_with(scan, callee, "save") &&
        sl_facts__imported_from(scan, callee, "numpy"))
      return SL_STEP_WRITE;
    return 0;
  }
  if (!sl_facts__type_is(callee, "attribute")) return 0;
  return sl_facts__method_steps(scan, last, sl_facts__field(callee, "object"));
}

static void sl_facts__note_steps(SlEntryScan *scan, unsigned steps) {
  if (!steps) return;
  size_t scope = sl_facts__innermost(
      scan, SL_KIND_BIT(SL_ENTRY_DEF_FUNCTION) | SL_KIND_BIT(SL_ENTRY_DEF_MAIN), false);
  if (scope == SL_FACTS__MODULE) {
    if ((steps & SL_STEP_READ) && !(scan->module_steps & SL_STEP_READ))
      scan->module_read = scan->top_statement;
    scan->module_steps |= steps;
  } else if (scope != SL_FACTS__NONE) {
    scan->defs.items[scope].steps |= steps;
  }
}

static void sl_facts__note_call(SlEntryScan *scan, TSNode call) {
  TSNode callee = sl_facts__field(call, "function"), args = sl_facts__field(call, "arguments");
  if (!sl_facts__type_is(args, "argument_list")) args = (TSNode){0};
  sl_facts__note_registration(scan, callee, args);
  sl_facts__note_stream_call(scan, callee);
  sl_facts__note_steps(scan, sl_facts__call_steps(scan, callee, args));
  bool own_method = sl_facts__type_is(callee, "attribute") &&
                    sl_facts__is(scan, sl_facts__field(callee, "object"), "self");
  if (!sl_facts__type_is(callee, "identifier") && !own_method) return;
  size_t scope = sl_facts__innermost(
      scan, SL_KIND_BIT(SL_ENTRY_DEF_FUNCTION) | SL_KIND_BIT(SL_ENTRY_DEF_MAIN), false);
  if (scope != SL_FACTS__MODULE && scope != SL_FACTS__NONE)
    sl_vec_push(&scan->local_calls, ((SlEntryLocalCall){scope, callee}));
}

/* ---- the walk ---- */

/* Records what `node` tells; returns whether its children are worth visiting. */
static bool sl_facts__visit(SlEntryScan *scan, TSNode node) {
  const char *type = ts_node_type(node);
  if (strcmp(type, "import_statement") == 0 || strcmp(type, "import_from_statement") == 0) {
    sl_facts__note_import(scan, node);
    return false;
  }
  if (strcmp(type, "decorated_definition") == 0)
    sl_facts__enter_definition(scan, node, sl_facts__field(node, "definition"));
  else if (strcmp(type, "function_definition") == 0 || strcmp(type, "class_definition") == 0)
    sl_facts__enter_definition(scan, node, node);
  else if (strcmp(type, "if_statement") == 0)
    sl_facts__enter_if(scan, node);
  else if (strcmp(type, "for_statement") == 0 || strcmp(type, "while_statement") == 0)
    sl_facts__enter_loop(scan, node);
  else if (strcmp(type, "assignment") == 0)
    sl_facts__note_assignment(scan, node);
  else if (strcmp(type, "call") == 0)
    sl_facts__note_call(scan, node);
  return true;
}

/* Pre-order walk with a cursor; frames are popped as the walk leaves them. */
static void sl_facts__walk(SlEntryScan *scan, TSNode root) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  for (bool more = true; more;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (depth == 1) scan->top_statement = node;
    sl_facts__pop_frames(scan, ts_node_start_byte(node));
    if (sl_facts__visit(scan, node) && ts_tree_cursor_goto_first_child(&cursor)) {
      depth++;
      continue;
    }
    while (more && !ts_tree_cursor_goto_next_sibling(&cursor)) {
      more = ts_tree_cursor_goto_parent(&cursor);
      if (more) depth--;
    }
  }
  ts_tree_cursor_delete(&cursor);
}

/* ---- entries ---- */

/* Appends an entry unless one with the same span exists (the first decision wins). */
static void sl_facts__add_entry(SlEntryScan *scan, const char *function, const char *framework,
                                SlServingPattern pattern, TSNode outer, TSNode name) {
  SlSpan span = sl_span_of_node(outer);
  for (size_t i = 0; i < scan->found.count; i++)
    if (scan->found.items[i].span.start_byte == span.start_byte &&
        scan->found.items[i].span.end_byte == span.end_byte)
      return;
  SlEntryPoint entry = {.path = sl_strdup(scan->source->path),
                        .function = sl_strdup(function),
                        .framework = sl_strdup(framework),
                        .pattern = pattern,
                        .span = span,
                        .name_span = sl_span_of_node(name)};
  size_t length = 0;
  const char *line = sl_source_line(scan->source, entry.name_span.line - 1, &length);
  entry.snippet = sl_strndup(line, length);
  sl_vec_push(&scan->found, entry);
}

/* The callee and arguments (null without a call) of the `index`th decorator of a
 * definition; false past the last one. */
static bool sl_facts__decorator(const SlEntryDef *def, uint32_t index, TSNode *callee,
                                TSNode *args) {
  if (!sl_facts__type_is(def->outer, "decorated_definition")) return false;
  uint32_t count = ts_node_named_child_count(def->outer);
  for (uint32_t i = 0; i < count; i++) {
    TSNode child = ts_node_named_child(def->outer, i);
    if (!sl_facts__type_is(child, "decorator") || index-- > 0) continue;
    TSNode expression = ts_node_named_child(child, 0);
    bool call = sl_facts__type_is(expression, "call");
    *callee = call ? sl_facts__field(expression, "function") : expression;
    *args = call ? sl_facts__field(expression, "arguments") : (TSNode){0};
    return true;
  }
  return false;
}

/* The path of the first decorator called with a path literal (`@app.post("/predict")`,
 * `@router.get(path="/x")`), without quotes, or NULL. */
/* Whether a route decorator answers GET only: `@app.get(...)`, or `@app.route(...)`
 * without a `methods=` naming a writing verb (Flask's default is GET). */
static bool sl_facts__read_only_route(const SlEntryScan *scan, TSNode callee, TSNode args) {
  TSNode verb = sl_facts__field(callee, "attribute");
  if (sl_facts__is(scan, verb, "get")) return true;
  if (!sl_facts__is(scan, verb, "route")) return false;
  TSNode methods = sl_facts__keyword(scan, args, "methods");
  return ts_node_is_null(methods) ||
         !(sl_facts__contains(scan, methods, "POST") || sl_facts__contains(scan, methods, "PUT") ||
           sl_facts__contains(scan, methods, "post") || sl_facts__contains(scan, methods, "put"));
}

static char *sl_facts__route(const SlEntryScan *scan, const SlEntryDef *def, bool *read_only) {
  TSNode callee, args;
  for (uint32_t i = 0; sl_facts__decorator(def, i, &callee, &args); i++) {
    TSNode path = sl_facts__argument(scan, args, 0, "path");
    if (ts_node_is_null(path)) path = sl_facts__keyword(scan, args, "rule");
    if (!sl_facts__type_is(path, "string") || ts_node_named_child_count(path) < 2) continue;
    /* The text between the string_start and string_end children. */
    uint32_t start = ts_node_end_byte(ts_node_named_child(path, 0));
    uint32_t end =
        ts_node_start_byte(ts_node_named_child(path, ts_node_named_child_count(path) - 1));
    if (end > start && scan->source->bytes[start] == '/') {
      *read_only = sl_facts__read_only_route(scan, callee, args);
      return sl_strndup(scan->source->bytes + start, end - start);
    }
  }
  return NULL;
}

static void sl_facts__add_def_entry(SlEntryScan *scan, const SlEntryDef *def, const char *framework,
                                    SlServingPattern pattern) {
  size_t before = scan->found.count;
  sl_facts__add_entry(scan, def->qualname, framework, pattern, def->outer, def->name);
  if (scan->found.count == before) return;
  /* A method of a routed class (`@ns.route("/x/predict") class R(Resource)`) serves the
   * class's route. */
  bool read_only = false;
  char *route = sl_facts__route(scan, def, &read_only);
  if (!route && def->parent != SL_FACTS__NONE &&
      scan->defs.items[def->parent].kind == SL_ENTRY_DEF_CLASS)
    route = sl_facts__route(scan, &scan->defs.items[def->parent], &read_only);
  sl_vec_last(&scan->found)->route = route;
  sl_vec_last(&scan->found)->read_only = read_only;
}

/* The parameter names of a function (the name of a typed or defaulted parameter, a
 * splat as written; separators skipped), at most `max`; returns the full count. */
static size_t sl_facts__params(TSNode function, TSNode *names, size_t max) {
  TSNode params = sl_facts__field(function, "parameters");
  uint32_t count = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
  size_t found = 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode param = ts_node_named_child(params, i);
    const char *type = ts_node_type(param);
    if (strcmp(type, "comment") == 0 || strstr(type, "separator")) continue;
    if (strcmp(type, "typed_parameter") == 0)
      param = ts_node_named_child(param, 0);
    else if (strstr(type, "default_parameter"))
      param = sl_facts__field(param, "name");
    if (found < max) names[found] = param;
    found++;
  }
  return found;
}

/* ---- classes ---- */

/* Whether a class decorator mounts a web app whose routes the class's methods
 * serve: Ray Serve's @serve.ingress(app), BentoML's @bentoml.asgi_app(app). */
static const char *sl_facts__ingress_framework(const SlEntryScan *scan, TSNode callee) {
  if (sl_facts__names(scan, callee, "serve.ingress", "ray.serve")) return "ray-serve";
  if (sl_facts__names(scan, callee, "bentoml.asgi_app", "bentoml") ||
      sl_facts__names(scan, callee, "bentoml.mount_asgi_app", "bentoml"))
    return "bentoml";
  return NULL;
}

/* Ray Serve and BentoML decorators; records the app an ingress decorator mounts. */
static SlEntryClassKind sl_facts__class_by_decorators(const SlEntryScan *scan, SlEntryDef *def) {
  SlEntryClassKind kind = SL_ENTRY_CLASS_NONE;
  TSNode callee, args;
  for (uint32_t i = 0; sl_facts__decorator(def, i, &callee, &args); i++) {
    const char *ingress = sl_facts__ingress_framework(scan, callee);
    if (ingress) {
      def->ingress = sl_facts__positional(args, 0);
      def->ingress_framework = ingress;
    }
    if (sl_facts__names(scan, callee, "serve.deployment", "ray.serve") ||
        (ingress && strcmp(ingress, "ray-serve") == 0))
      kind = SL_ENTRY_CLASS_RAY;
    else if (sl_facts__names(scan, callee, "bentoml.service", "bentoml") && !kind)
      kind = SL_ENTRY_CLASS_BENTOML;
    else if (sl_facts__names(scan, callee, "ray.remote", "ray") && !kind)
      kind = SL_ENTRY_CLASS_RAY_ACTOR;
  }
  return kind;
}

/* The kind of the nearest class defined before `before` named like `base`'s last part,
 * so that subclasses of an in-file handler base are handlers too. */
static SlEntryClassKind sl_facts__class_named(const SlEntryScan *scan, size_t before, TSNode base) {
  TSNode last = sl_facts__last_part(base);
  for (size_t i = before; i-- > 0;) {
    const SlEntryDef *def = &scan->defs.items[i];
    if (def->kind != SL_ENTRY_DEF_CLASS || !sl_facts__same_text(scan, def->name, last)) continue;
    bool decorated =
        def->class_kind == SL_ENTRY_CLASS_RAY || def->class_kind == SL_ENTRY_CLASS_BENTOML;
    return decorated ? SL_ENTRY_CLASS_NONE : def->class_kind;
  }
  return SL_ENTRY_CLASS_NONE;
}

/* A class of the code protoc generates for gRPC (`x_pb2_grpc.Svc`, or imported from a
 * module `x_pb2_grpc`), whatever it is named: subclassing it implements the service. */
static bool sl_facts__from_generated_grpc(const SlEntryScan *scan, TSNode base) {
  if (sl_facts__contains(scan, base, "_pb2_grpc.")) return true;
  if (!sl_facts__type_is(base, "identifier")) return false;
  for (size_t i = 0; i < scan->imports.count; i++) {
    const SlEntryImport *import = &scan->imports.items[i];
    size_t length;
    const char *module = sl_facts__text(scan, import->module, &length);
    if (sl_facts__same_text(scan, import->local, base) && length >= 9 &&
        strncmp(module + length - 9, "_pb2_grpc", 9) == 0)
      return true;
  }
  return false;
}

/* `kserve.Model`, `Model` imported from kserve, legacy `kfserving.KFModel`. */
static bool sl_facts__is_kserve_base(const SlEntryScan *scan, TSNode base) {
  if (!sl_facts__ends_with(scan, sl_facts__last_part(base), "Model")) return false;
  return sl_facts__starts_with(scan, base, "kserve.") ||
         sl_facts__starts_with(scan, base, "kfserving.") ||
         sl_facts__imported_from(scan, base, "kserve") ||
         sl_facts__imported_from(scan, base, "kfserving");
}

static SlEntryClassKind sl_facts__base_kind(const SlEntryScan *scan, size_t index, TSNode base) {
  TSNode last = sl_facts__last_part(base);
  if (sl_facts__is(scan, last, "BaseHandler")) return SL_ENTRY_CLASS_TORCHSERVE;
  if (sl_facts__starts_with(scan, base, "ts.torch_handler.") ||
      sl_facts__imported_from(scan, base, "ts.torch_handler") ||
      (sl_facts__ends_with(scan, last, "Handler") && sl_facts__imported_from(scan, base, "ts")))
    return SL_ENTRY_CLASS_TORCHSERVE;
  if (sl_facts__is_kserve_base(scan, base)) return SL_ENTRY_CLASS_KSERVE;
  if (sl_facts__is(scan, last, "PythonModel") &&
      ((scan->modules & SL_MOD_MLFLOW) || sl_facts__contains(scan, base, "pyfunc")))
    return SL_ENTRY_CLASS_MLFLOW;
  if (sl_facts__is(scan, last, "LitAPI")) return SL_ENTRY_CLASS_LITSERVE;
  if ((sl_facts__is(scan, last, "ScalarFunction") || sl_facts__is(scan, last, "TableFunction")) &&
      (sl_facts__starts_with(scan, base, "pyflink.") ||
       sl_facts__imported_from(scan, base, "pyflink.table.udf") ||
       sl_facts__imported_from(scan, base, "pyflink.table")))
    return SL_ENTRY_CLASS_FLINK;
  if (sl_facts__is(scan, last, "BasePredictor") &&
      (sl_facts__starts_with(scan, base, "cog.") || sl_facts__imported_from(scan, base, "cog")))
    return SL_ENTRY_CLASS_COG;
  if (sl_facts__is(scan, last, "Resource") &&
      (sl_facts__contains(scan, base, "flask_rest") ||
       sl_facts__imported_from(scan, base, "flask_restful") ||
       sl_facts__imported_from(scan, base, "flask_restx") ||
       sl_facts__imported_from(scan, base, "flask_restplus")))
    return SL_ENTRY_CLASS_FLASK_REST;
  if ((sl_facts__is(scan, last, "APIView") || sl_facts__is(scan, last, "GenericAPIView")) &&
      (sl_facts__contains(scan, base, "rest_framework") ||
       sl_facts__imported_from(scan, base, "rest_framework")))
    return SL_ENTRY_CLASS_DRF;
  /* Django's class-based `View`: its get/post methods answer requests. */
  if (sl_facts__is(scan, last, "View") &&
      (sl_facts__contains(scan, base, "django") || sl_facts__imported_from(scan, base, "django")))
    return SL_ENTRY_CLASS_DRF;
  if (sl_facts__is(scan, last, "Executor") &&
      (sl_facts__starts_with(scan, base, "jina.") || sl_facts__imported_from(scan, base, "jina")))
    return SL_ENTRY_CLASS_JINA;
  if (sl_facts__is(scan, last, "MLModel") && (sl_facts__starts_with(scan, base, "mlserver.") ||
                                              sl_facts__imported_from(scan, base, "mlserver")))
    return SL_ENTRY_CLASS_SELDON; /* MLServer, Seldon Core 2's Python runtime */
  if ((sl_facts__ends_with(scan, last, "Servicer") && !sl_facts__is(scan, last, "Servicer")) ||
      (sl_facts__from_generated_grpc(scan, base) && !sl_facts__ends_with(scan, last, "Stub")))
    return SL_ENTRY_CLASS_GRPC;
  return sl_facts__class_named(scan, index, base);
}

static SlEntryClassKind sl_facts__class_by_bases(const SlEntryScan *scan, size_t index) {
  TSNode bases = sl_facts__field(scan->defs.items[index].node, "superclasses");
  uint32_t count = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < count; i++) {
    TSNode base = ts_node_named_child(bases, i);
    if (!sl_facts__type_is(base, "identifier") && !sl_facts__type_is(base, "attribute")) continue;
    SlEntryClassKind kind = sl_facts__base_kind(scan, index, base);
    if (kind != SL_ENTRY_CLASS_NONE) return kind;
  }
  return SL_ENTRY_CLASS_NONE;
}

/* The method `name` defined directly in class `index`, or SL_FACTS__NONE. Definitions
 * nested in the class follow it in source order, so the search stops at its end. */
static size_t sl_facts__method(const SlEntryScan *scan, size_t index, const char *name) {
  uint32_t end = ts_node_end_byte(scan->defs.items[index].outer);
  for (size_t i = index + 1; i < scan->defs.count; i++) {
    const SlEntryDef *def = &scan->defs.items[i];
    if (ts_node_start_byte(def->outer) >= end) break;
    if (def->parent == index && def->kind == SL_ENTRY_DEF_FUNCTION &&
        sl_facts__is(scan, def->name, name))
      return i;
  }
  return SL_FACTS__NONE;
}

/* Seldon's Python wrapper: `predict(self, X, ...)` in a file importing seldon_core, or
 * `predict` beside one of the wrapper's other hooks (metrics, send_feedback, ...), or
 * the wrapper's file naming convention. */
static bool sl_facts__is_seldon(const SlEntryScan *scan, size_t index) {
  size_t predict = sl_facts__method(scan, index, "predict");
  if (predict == SL_FACTS__NONE) return false;
  TSNode names[2];
  if ((scan->modules & SL_MOD_SELDON) &&
      sl_facts__params(scan->defs.items[predict].node, names, 2) >= 2)
    return true;
  for (const char *const *hook = sl_entry_seldon_hooks; *hook; hook++)
    if (sl_facts__method(scan, index, *hook) != SL_FACTS__NONE) return true;
  /* The wrapper's signature, `predict(self, X, feature_names)`, names the wrapper's own
   * second argument. */
  TSNode three[3];
  if (sl_facts__params(scan->defs.items[predict].node, three, 3) >= 3 &&
      sl_facts__is(scan, three[1], "X") &&
      (sl_facts__is(scan, three[2], "feature_names") ||
       sl_facts__is(scan, three[2], "features_names")))
    return true;
  /* The wrapper's convention without its import: `MyModel.py` holding `class MyModel`
   * whose `predict(self, X, ...)` takes the request's features as `X`
   * (`seldon-core-microservice MyModel` serves it). A snake-case module
   * (`logistic_regression.py` holding `LogisticRegression`) is as often a from-scratch
   * estimator with the same `predict(self, X)`, so only the exact name counts. */
  const char *path = scan->source->path, *slash = strrchr(path, '/');
  const char *file = slash ? slash + 1 : path;
  size_t length;
  const char *name = sl_facts__text(scan, scan->defs.items[index].name, &length);
  return sl_facts__params(scan->defs.items[predict].node, names, 2) >= 2 &&
         sl_facts__is(scan, names[1], "X") && strncmp(file, name, length) == 0 &&
         strcmp(file + length, ".py") == 0;
}

/* A custom TorchServe service class without a base: `initialize(self, context)` and
 * `handle(self, data, context)`. */
static bool sl_facts__is_custom_torchserve(const SlEntryScan *scan, size_t index) {
  size_t handle = sl_facts__method(scan, index, "handle");
  if (handle == SL_FACTS__NONE || sl_facts__method(scan, index, "initialize") == SL_FACTS__NONE)
    return false;
  TSNode names[3];
  return sl_facts__params(scan->defs.items[handle].node, names, 3) == 3 &&
         sl_facts__is(scan, names[2], "context");
}

static void sl_facts__classify_class(SlEntryScan *scan, size_t index) {
  SlEntryDef *def = &scan->defs.items[index];
  SlEntryClassKind kind = sl_facts__class_by_decorators(scan, def);
  if (!kind && sl_facts__is(scan, def->name, "TritonPythonModel")) kind = SL_ENTRY_CLASS_TRITON;
  if (!kind && sl_facts__is(scan, def->name, "EndpointHandler") &&
      sl_facts__method(scan, index, "__call__") != SL_FACTS__NONE)
    kind = SL_ENTRY_CLASS_HF_ENDPOINT;
  if (!kind) kind = sl_facts__class_by_bases(scan, index);
  if (!kind && sl_facts__is_custom_torchserve(scan, index)) kind = SL_ENTRY_CLASS_TORCHSERVE;
  if (!kind && sl_facts__is_seldon(scan, index)) kind = SL_ENTRY_CLASS_SELDON;
  def->class_kind = kind;
}

/* ---- functions ---- */

typedef struct {
  const char *framework; /* NULL: not an entry point */
  SlServingPattern pattern;
} SlEntryVerdict;

/* What a route decorator's path argument says: a literal starting with "/" (or "",
 * a router prefix's own route) is a path, any other literal is not (`@mock.patch("a.b")`,
 * `@cache.get("key")`), an expression or no argument leaves it open. */
typedef enum { SL_ROUTE_PATH, SL_ROUTE_NOT_PATH, SL_ROUTE_OPEN } SlEntryRoutePath;

static SlEntryRoutePath sl_facts__route_path(const SlEntryScan *scan, TSNode args) {
  TSNode path = sl_facts__argument(scan, args, 0, "path");
  if (ts_node_is_null(path)) path = sl_facts__keyword(scan, args, "rule");
  if (sl_facts__type_is(path, "concatenated_string")) path = ts_node_named_child(path, 0);
  if (!sl_facts__type_is(path, "string")) return SL_ROUTE_OPEN;
  /* An f-string that starts with an interpolation (f"{PREFIX}/predict") is an
   * expression as far as its start goes: the file's imports decide. */
  if (ts_node_named_child_count(path) > 2 &&
      sl_facts__type_is(ts_node_named_child(path, 1), "interpolation"))
    return SL_ROUTE_OPEN;
  /* An empty literal has only its string_start and string_end children. */
  bool empty = ts_node_named_child_count(path) == 2;
  return empty || sl_facts__string_starts(scan, path, '/') ? SL_ROUTE_PATH : SL_ROUTE_NOT_PATH;
}

/* The web framework of a route decorator `@<object>.<verb>(args)`, or NULL. A literal
 * path decides; without one, the file must import a web framework. */
static const char *sl_facts__route_framework(const SlEntryScan *scan, TSNode callee, TSNode args) {
  TSNode verb = sl_facts__field(callee, "attribute"), object = sl_facts__field(callee, "object");
  if (ts_node_is_null(args) || !sl_facts__is_one_of(scan, verb, sl_entry_web_verbs)) return NULL;
  SlEntryRoutePath path = sl_facts__route_path(scan, args);
  if (path == SL_ROUTE_NOT_PATH) return NULL;
  unsigned modules = scan->modules;
  bool route = sl_facts__is(scan, verb, "route");
  bool asgi_only = sl_facts__is(scan, verb, "api_route") || sl_facts__is(scan, verb, "websocket");
  if (sl_facts__in_list(scan, scan->route_tables.items, scan->route_tables.count, object))
    return "aiohttp";
  if ((modules & SL_MOD_FASTAPI) && !(route && (modules & SL_MOD_FLASK))) return "fastapi";
  if ((modules & SL_MOD_FLASK) && !asgi_only) return "flask";
  if (modules & SL_MOD_STARLETTE) return "starlette";
  if (path != SL_ROUTE_PATH || (modules & SL_MOD_OTHER_WEB)) return NULL;
  if (modules & SL_MOD_AIOHTTP) return "aiohttp";
  return route ? "flask" : "fastapi";
}

static SlEntryVerdict sl_facts__decorator_verdict(const SlEntryScan *scan, const SlEntryDef *def,
                                                  TSNode callee, TSNode args) {
  SlEntryVerdict none = {NULL, SL_PATTERN_ONLINE};
  if (sl_facts__names(scan, callee, "bentoml.api", "bentoml") ||
      sl_facts__names(scan, callee, "bentoml.task", "bentoml") ||
      ((scan->modules & SL_MOD_BENTOML) && !ts_node_is_null(args) &&
       sl_facts__is(scan, sl_facts__field(callee, "attribute"), "api")))
    return (SlEntryVerdict){"bentoml", SL_PATTERN_ONLINE};
  if (sl_facts__names(scan, callee, "serve.deployment", "ray.serve") ||
      sl_facts__names(scan, callee, "serve.batch", "ray.serve"))
    return (SlEntryVerdict){"ray-serve", SL_PATTERN_ONLINE};
  /* An orchestrated job that scores (a Prefect flow, an Airflow DAG, a Dagster job named
   * for prediction): a batch job whose steps live in tasks, often in other files. */
  const char *orchestrator =
      sl_facts__names(scan, callee, "prefect.flow", "prefect")                        ? "prefect"
      : sl_facts__names(scan, callee, "airflow.decorators.dag", "airflow.decorators") ? "airflow"
      : sl_facts__names(scan, callee, "dagster.job", "dagster")                       ? "dagster"
                                                                                      : NULL;
  if (orchestrator &&
      (sl_facts__contains(scan, def->name, "predict") ||
       sl_facts__contains(scan, def->name, "scor") || sl_facts__contains(scan, def->name, "infer")))
    return (SlEntryVerdict){orchestrator, SL_PATTERN_BATCH};
  /* A Celery task runs once per message of its queue: `@app.task`, `@shared_task`
   * (in a file importing celery), `@celery_app.task` (the app named so). */
  bool task_decorator = sl_facts__type_is(callee, "attribute") &&
                        sl_facts__is(scan, sl_facts__field(callee, "attribute"), "task");
  if (((scan->modules & SL_MOD_CELERY) &&
       (sl_facts__names(scan, callee, "celery.shared_task", "celery") || task_decorator)) ||
      (task_decorator && sl_facts__contains(scan, sl_facts__field(callee, "object"), "celery")))
    return (SlEntryVerdict){"celery", SL_PATTERN_STREAMING};
  if (!sl_facts__type_is(callee, "attribute")) return none;
  if ((scan->modules & SL_MOD_FAUST) &&
      sl_facts__is(scan, sl_facts__field(callee, "attribute"), "agent"))
    return (SlEntryVerdict){"faust", SL_PATTERN_STREAMING}; /* @app.agent(topic) */
  const SlEntryDef *owner = def->parent == SL_FACTS__NONE ? NULL : &scan->defs.items[def->parent];
  if (owner && owner->kind == SL_ENTRY_DEF_CLASS && !ts_node_is_null(args) &&
      sl_facts__same_text(scan, owner->ingress, sl_facts__field(callee, "object")))
    return (SlEntryVerdict){owner->ingress_framework, SL_PATTERN_ONLINE};
  const char *framework = sl_facts__route_framework(scan, callee, args);
  return (SlEntryVerdict){framework, SL_PATTERN_ONLINE};
}

static SlEntryVerdict sl_facts__by_decorators(const SlEntryScan *scan, const SlEntryDef *def) {
  TSNode callee, args;
  for (uint32_t i = 0; sl_facts__decorator(def, i, &callee, &args); i++) {
    SlEntryVerdict verdict = sl_facts__decorator_verdict(scan, def, callee, args);
    if (verdict.framework) return verdict;
  }
  return (SlEntryVerdict){NULL, SL_PATTERN_ONLINE};
}

/* gRPC servicer methods take (self, request, context). */
static bool sl_facts__is_rpc(const SlEntryScan *scan, const SlEntryDef *def) {
  TSNode names[3];
  return sl_facts__params(def->node, names, 3) == 3 &&
         (sl_facts__is(scan, names[1], "request") ||
          sl_facts__is(scan, names[1], "request_iterator")) &&
         sl_facts__is(scan, names[2], "context");
}

/* Jina's `@requests` / `@requests(on="/path")` (as `jina.requests` too). */
static bool sl_facts__has_requests_decorator(const SlEntryScan *scan, const SlEntryDef *def) {
  TSNode callee, args;
  for (uint32_t i = 0; sl_facts__decorator(def, i, &callee, &args); i++)
    if (sl_facts__names(scan, callee, "jina.requests", "jina")) return true;
  return false;
}

/* A method of a class whose kind says which methods serve. */
static const char *sl_facts__method_framework(const SlEntryScan *scan, const SlEntryDef *def,
                                              SlEntryClassKind kind) {
  switch (kind) {
    case SL_ENTRY_CLASS_RAY:
      return sl_facts__is(scan, def->name, "__call__") ? "ray-serve" : NULL;
    case SL_ENTRY_CLASS_RAY_ACTOR:
      return sl_facts__is_one_of(scan, def->name, sl_entry_ray_actor_methods) ? "ray-actor" : NULL;
    case SL_ENTRY_CLASS_FLINK:
      return sl_facts__is(scan, def->name, "eval") ? "pyflink" : NULL;
    case SL_ENTRY_CLASS_TORCHSERVE:
      return sl_facts__is_one_of(scan, def->name, sl_entry_torchserve_methods) ? "torchserve"
                                                                               : NULL;
    case SL_ENTRY_CLASS_TRITON:
      return sl_facts__is(scan, def->name, "execute") ? "triton" : NULL;
    case SL_ENTRY_CLASS_KSERVE:
      return sl_facts__is_one_of(scan, def->name, sl_entry_kserve_methods) ? "kserve" : NULL;
    case SL_ENTRY_CLASS_SELDON:
      return sl_facts__is_one_of(scan, def->name, sl_entry_seldon_methods) ? "seldon" : NULL;
    case SL_ENTRY_CLASS_MLFLOW:
      return sl_facts__is_one_of(scan, def->name, sl_entry_mlflow_methods) ? "mlflow-pyfunc" : NULL;
    case SL_ENTRY_CLASS_LITSERVE:
      return sl_facts__is(scan, def->name, "predict") ? "litserve" : NULL;
    case SL_ENTRY_CLASS_GRPC:
      return sl_facts__is_rpc(scan, def) ? "grpc" : NULL;
    case SL_ENTRY_CLASS_COG:
      return sl_facts__is(scan, def->name, "predict") ? "cog" : NULL;
    case SL_ENTRY_CLASS_FLASK_REST:
      return sl_facts__is_one_of(scan, def->name, sl_entry_rest_methods) ? "flask" : NULL;
    case SL_ENTRY_CLASS_DRF:
      return sl_facts__is_one_of(scan, def->name, sl_entry_rest_methods) ? "django" : NULL;
    case SL_ENTRY_CLASS_HF_ENDPOINT:
      return sl_facts__is(scan, def->name, "__call__") ? "hf-endpoints" : NULL;
    case SL_ENTRY_CLASS_JINA:
      return sl_facts__has_requests_decorator(scan, def) ? "jina" : NULL;
    default:
      return NULL;
  }
}

/* Module-level signatures: SageMaker's `predict_fn` beside `model_fn`; AWS Lambda
 * `handler(event, context)`; TorchServe's
 * module-level `handle(data, context)` (any second parameter name in a file without
 * classes; with classes it usually delegates to a `_service` instance). */
/* Whether the file defines a module-level function named `name`. */
static bool sl_facts__defines_function(const SlEntryScan *scan, const char *name) {
  for (size_t i = 0; i < scan->defs.count; i++)
    if (scan->defs.items[i].kind == SL_ENTRY_DEF_FUNCTION &&
        scan->defs.items[i].parent == SL_FACTS__NONE &&
        sl_facts__is(scan, scan->defs.items[i].name, name))
      return true;
  return false;
}

/* A Django function view: a module-level function of a file importing Django whose first
 * parameter is the request, in a views module (`views.py`, `views/`, `api_views.py`) or
 * decorated as a view (`@api_view`, `@require_POST`, `@require_http_methods`,
 * `@csrf_exempt`). URLconfs route to such functions from another file; a private helper
 * (`_handle_post(request, ...)`) is no view. */
static bool sl_facts__is_django_view(const SlEntryScan *scan, const SlEntryDef *def) {
  static const char *const decorators[] = {
      "api_view",     "require_POST",   "require_GET", "csrf_exempt", "require_http_methods",
      "require_safe", "login_required", NULL};
  if (!(scan->modules & SL_MOD_DJANGO) || sl_facts__starts_with(scan, def->name, "_"))
    return false; /* `_handle_post(request, ...)`: a helper of the views */
  TSNode names[1];
  if (sl_facts__params(def->node, names, 1) == 0 || !sl_facts__is(scan, names[0], "request"))
    return false;
  const char *path = scan->source->path;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (strstr(base, "views") || strstr(path, "views/")) return true;
  TSNode callee, args;
  for (uint32_t i = 0; sl_facts__decorator(def, i, &callee, &args); i++)
    if (sl_facts__is_one_of(scan, sl_facts__last_part(callee), decorators)) return true;
  return false;
}

static const char *sl_facts__signature_framework(const SlEntryScan *scan, const SlEntryDef *def) {
  if (sl_facts__is_django_view(scan, def)) return "django";
  /* A SageMaker inference script: `model_fn` loads, `predict_fn` / `transform_fn`
   * serve each request (`input_fn` parses its body). */
  if ((sl_facts__is(scan, def->name, "predict_fn") ||
       sl_facts__is(scan, def->name, "transform_fn") ||
       sl_facts__is(scan, def->name, "input_fn")) &&
      sl_facts__defines_function(scan, "model_fn"))
    return "sagemaker";
  TSNode names[2];
  size_t count = sl_facts__params(def->node, names, 2);
  if (count != 2) return NULL;
  if ((sl_facts__is(scan, def->name, "handler") ||
       sl_facts__ends_with(scan, def->name, "_handler")) &&
      sl_facts__is(scan, names[0], "event") &&
      (sl_facts__is(scan, names[1], "context") || sl_facts__is(scan, names[1], "_context") ||
       sl_facts__is(scan, names[1], "_")))
    return "aws-lambda"; /* an unused context is often `_context` or `_` */
  if (sl_facts__is(scan, def->name, "handle") &&
      (!scan->has_class || sl_facts__is(scan, names[1], "context")))
    return "torchserve";
  return NULL;
}

static void sl_facts__classify_function(SlEntryScan *scan, const SlEntryDef *def) {
  SlEntryVerdict verdict = sl_facts__by_decorators(scan, def);
  const SlEntryDef *owner = def->parent == SL_FACTS__NONE ? NULL : &scan->defs.items[def->parent];
  if (!verdict.framework && owner && owner->kind == SL_ENTRY_DEF_CLASS) {
    verdict.framework = sl_facts__method_framework(scan, def, owner->class_kind);
    if (owner->class_kind == SL_ENTRY_CLASS_RAY_ACTOR || owner->class_kind == SL_ENTRY_CLASS_FLINK)
      verdict.pattern = SL_PATTERN_BATCH;
  }
  if (!verdict.framework && !owner) verdict.framework = sl_facts__signature_framework(scan, def);
  if (verdict.framework) sl_facts__add_def_entry(scan, def, verdict.framework, verdict.pattern);
}

/* A TorchServe handler class that overrides neither handle nor inference serves
 * through the base class's handle: its entry is "Class.handle" at the class name. */
static void sl_facts__add_inherited_handle(SlEntryScan *scan, size_t index) {
  const SlEntryDef *def = &scan->defs.items[index];
  if (def->class_kind != SL_ENTRY_CLASS_TORCHSERVE ||
      sl_facts__method(scan, index, "handle") != SL_FACTS__NONE ||
      sl_facts__method(scan, index, "inference") != SL_FACTS__NONE)
    return;
  size_t length = strlen(def->qualname);
  char *function = sl_malloc(length + sizeof ".handle");
  memcpy(function, def->qualname, length);
  memcpy(function + length, ".handle", sizeof ".handle");
  sl_facts__add_entry(scan, function, "torchserve", SL_PATTERN_ONLINE, def->outer, def->name);
  sl_free(function);
}

/* A Ray Serve deployment inherits `__call__` from an undecorated base class of the
 * same file (`@serve.deployment class Small(Factory): pass`): the base's methods serve
 * the deployment's requests, so the base is a deployment class too. */
static void sl_facts__ray_bases(SlEntryScan *scan, size_t index) {
  if (scan->defs.items[index].class_kind != SL_ENTRY_CLASS_RAY) return;
  TSNode bases = sl_facts__field(scan->defs.items[index].node, "superclasses");
  uint32_t count = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t b = 0; b < count; b++) {
    TSNode base = ts_node_named_child(bases, b);
    if (!sl_facts__type_is(base, "identifier")) continue;
    for (size_t i = index; i-- > 0;) {
      SlEntryDef *def = &scan->defs.items[i];
      if (def->kind != SL_ENTRY_DEF_CLASS || def->parent != SL_FACTS__NONE ||
          !sl_facts__same_text(scan, def->name, base))
        continue;
      if (def->class_kind == SL_ENTRY_CLASS_NONE) def->class_kind = SL_ENTRY_CLASS_RAY;
      break;
    }
  }
}

static void sl_facts__classify(SlEntryScan *scan) {
  for (size_t i = 0; i < scan->defs.count; i++)
    if (scan->defs.items[i].kind == SL_ENTRY_DEF_CLASS) sl_facts__classify_class(scan, i);
  for (size_t i = 0; i < scan->defs.count; i++)
    if (scan->defs.items[i].kind == SL_ENTRY_DEF_CLASS) sl_facts__ray_bases(scan, i);
  for (size_t i = 0; i < scan->defs.count; i++) {
    if (scan->defs.items[i].kind == SL_ENTRY_DEF_FUNCTION)
      sl_facts__classify_function(scan, &scan->defs.items[i]);
    else if (scan->defs.items[i].kind == SL_ENTRY_DEF_CLASS)
      sl_facts__add_inherited_handle(scan, i);
  }
}

/* ---- resolution of names recorded during the walk ---- */

/* The function a registered handler names: `handler` (preferring a module-level one)
 * or `self.handler` in the registering class; SL_FACTS__NONE if not in this file. */
static size_t sl_facts__find_function(const SlEntryScan *scan, TSNode handler, size_t class_def) {
  TSNode name = handler;
  size_t parent = SL_FACTS__NONE, found = SL_FACTS__NONE;
  if (sl_facts__type_is(handler, "attribute")) {
    TSNode object = sl_facts__field(handler, "object");
    if (class_def != SL_FACTS__NONE &&
        (sl_facts__is(scan, object, "self") || sl_facts__is(scan, object, "cls")))
      parent = class_def;
    else /* `Consumer.on_message`: a class of this file */
      for (size_t i = 0; i < scan->defs.count && parent == SL_FACTS__NONE; i++)
        if (scan->defs.items[i].kind == SL_ENTRY_DEF_CLASS &&
            sl_facts__same_text(scan, scan->defs.items[i].name, object))
          parent = i;
    if (parent == SL_FACTS__NONE) return SL_FACTS__NONE;
    name = sl_facts__field(handler, "attribute");
  } else if (!sl_facts__type_is(handler, "identifier")) {
    return SL_FACTS__NONE;
  }
  for (size_t i = 0; i < scan->defs.count; i++) {
    const SlEntryDef *def = &scan->defs.items[i];
    if (def->kind != SL_ENTRY_DEF_FUNCTION || !sl_facts__same_text(scan, def->name, name)) continue;
    if (def->parent == parent) return i;
    if (parent == SL_FACTS__NONE && found == SL_FACTS__NONE) found = i;
  }
  return found;
}

/* The `__call__` of the class of this file `handler` names (a callable class handed to
 * Ray Data), or SL_FACTS__NONE. */
static size_t sl_facts__find_call_method(const SlEntryScan *scan, TSNode handler) {
  if (!sl_facts__type_is(handler, "identifier")) return SL_FACTS__NONE;
  for (size_t c = 0; c < scan->defs.count; c++) {
    if (scan->defs.items[c].kind != SL_ENTRY_DEF_CLASS ||
        !sl_facts__same_text(scan, scan->defs.items[c].name, handler))
      continue;
    for (size_t i = 0; i < scan->defs.count; i++)
      if (scan->defs.items[i].kind == SL_ENTRY_DEF_FUNCTION && scan->defs.items[i].parent == c &&
          sl_facts__is(scan, scan->defs.items[i].name, "__call__"))
        return i;
  }
  return SL_FACTS__NONE;
}

static void sl_facts__resolve_registrations(SlEntryScan *scan) {
  for (size_t i = 0; i < scan->registrations.count; i++) {
    const SlEntryRegistration *registration = &scan->registrations.items[i];
    size_t def = sl_facts__find_function(scan, registration->handler, registration->class_def);
    if (def == SL_FACTS__NONE) def = sl_facts__find_call_method(scan, registration->handler);
    if (def != SL_FACTS__NONE)
      sl_facts__add_def_entry(scan, &scan->defs.items[def], registration->framework,
                              registration->pattern);
  }
}

/* A Kafka consumer: assigned from a consumer constructor, or (in a file importing a
 * Kafka client) any object whose name says consumer. */
static bool sl_facts__is_consumer(const SlEntryScan *scan, TSNode object) {
  if (!(scan->modules & SL_MOD_KAFKA)) return false;
  if (sl_facts__constructs_consumer(scan, object)) return true;
  return sl_facts__in_list(scan, scan->consumers.items, scan->consumers.count, object) ||
         sl_facts__contains(scan, sl_facts__last_part(object), "consumer");
}

/* The callers of a helper that opens a stream and returns it: `self.read_stream()` from a
 * method of the same class, `read_stream()` from any function. Each becomes the entry;
 * false when the file has none. */
static bool sl_facts__add_stream_callers(SlEntryScan *scan, const SlEntryStream *site) {
  const SlEntryDef *helper = &scan->defs.items[site->function];
  bool found = false;
  for (size_t c = 0; c < scan->local_calls.count; c++) {
    const SlEntryLocalCall *call = &scan->local_calls.items[c];
    const SlEntryDef *caller = &scan->defs.items[call->scope];
    if (call->scope == site->function || caller->kind != SL_ENTRY_DEF_FUNCTION) continue;
    TSNode name = call->callee;
    if (sl_facts__type_is(name, "attribute")) {
      if (caller->parent == SL_FACTS__NONE || caller->parent != helper->parent) continue;
      name = sl_facts__field(name, "attribute");
    } else if (helper->parent != SL_FACTS__NONE &&
               scan->defs.items[helper->parent].kind == SL_ENTRY_DEF_CLASS) {
      continue; /* a bare name does not call a method */
    }
    if (!sl_facts__same_text(scan, name, helper->name)) continue;
    bool seen = false;
    for (size_t e = 0; e < scan->found.count && !seen; e++)
      seen = ts_node_start_byte(caller->name) == scan->found.items[e].name_span.start_byte;
    if (!seen) sl_facts__add_def_entry(scan, caller, site->framework, SL_PATTERN_STREAMING);
    found = true;
  }
  return found;
}

static void sl_facts__resolve_streams(SlEntryScan *scan) {
  for (size_t i = 0; i < scan->streams.count; i++) {
    const SlEntryStream *site = &scan->streams.items[i];
    if (strcmp(site->framework, "kafka") == 0 && !sl_facts__is_consumer(scan, site->object))
      continue;
    if (site->function != SL_FACTS__NONE) {
      if (site->returned && sl_facts__add_stream_callers(scan, site)) continue;
      sl_facts__add_def_entry(scan, &scan->defs.items[site->function], site->framework,
                              SL_PATTERN_STREAMING);
      continue;
    }
    sl_facts__add_entry(scan, site->in_main ? "<main>" : "<module>", site->framework,
                        SL_PATTERN_STREAMING, site->loop, ts_node_child(site->loop, 0));
  }
  /* A consumer that hands each message to an in-process queue: the function taking them
   * off it and running the model is where the stream is scored. */
  bool consumes = false;
  for (size_t i = 0; i < scan->found.count && !consumes; i++)
    consumes = scan->found.items[i].pattern == SL_PATTERN_STREAMING;
  for (size_t i = 0; consumes && i < scan->queue_takers.count; i++) {
    const SlEntryDef *def = &scan->defs.items[scan->queue_takers.items[i]];
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = scan->queue_takers.items[j] == scan->queue_takers.items[i];
    if (!seen && (def->steps & SL_STEP_MODEL))
      sl_facts__add_def_entry(scan, def, "queue-worker", SL_PATTERN_STREAMING);
  }
}

/* The module-level function a bare callee names, or SL_FACTS__NONE. */
static size_t sl_facts__module_function(const SlEntryScan *scan, TSNode callee) {
  for (size_t i = 0; i < scan->defs.count; i++) {
    const SlEntryDef *def = &scan->defs.items[i];
    if (def->kind == SL_ENTRY_DEF_FUNCTION && def->parent == SL_FACTS__NONE &&
        sl_facts__same_text(scan, def->name, callee))
      return i;
  }
  return SL_FACTS__NONE;
}

/* Evaluation, validation and benchmark functions read, predict and write too, but score
 * nothing for anyone: a segment of the function's name, or of its file's (`eval.py`,
 * `evaluate_model.py`), says so. */
static bool sl_facts__evaluation_name(const SlEntryScan *scan, const SlEntryDef *def) {
  static const char *const words[] = {"eval",       "evaluate",  "evaluation", "validate",
                                      "validation", "benchmark", "test",       "backtest"};
  static const size_t count = sizeof words / sizeof *words;
  if (def->kind != SL_ENTRY_DEF_FUNCTION) return false;
  const char *path = scan->source->path, *slash = strrchr(path, '/');
  if (sl_roles_has_name_segment(slash ? slash + 1 : path, words, count)) return true;
  size_t length;
  const char *text = sl_facts__text(scan, def->name, &length);
  char *name = sl_strndup(text, length);
  bool evaluation = sl_roles_has_name_segment(name, words, count);
  sl_free(name);
  return evaluation;
}

static bool sl_facts__is_batch(unsigned steps) {
  return (steps & (SL_STEP_BATCH | SL_STEP_FIT)) == SL_STEP_BATCH;
}

/* Batch scoring: a scope that reads, predicts and writes, and does not train. Only
 * for files without any other entry point. A scope does the steps itself, or (for a
 * function) through the module-level functions of the file it calls: then only the
 * outermost such function is the entry (`main` calling `load`, `score`, `save`). */
static void sl_facts__find_batch(SlEntryScan *scan) {
  size_t count = scan->defs.count;
  unsigned *closure = sl_calloc(count ? count : 1, sizeof *closure);
  bool *called = sl_calloc(count ? count : 1, sizeof *called);
  for (size_t i = 0; i < count; i++) closure[i] = scan->defs.items[i].steps;
  /* Each round adds at least one step bit somewhere or stops: bounded by 4 x count. */
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t c = 0; c < scan->local_calls.count; c++) {
      const SlEntryLocalCall *call = &scan->local_calls.items[c];
      size_t target = sl_facts__module_function(scan, call->callee);
      if (target == SL_FACTS__NONE || target == call->scope) continue;
      unsigned merged = closure[call->scope] | closure[target];
      if (merged != closure[call->scope]) closure[call->scope] = merged, changed = true;
    }
  }
  /* called: called by a batch function; delegates: calls a function that is a batch
   * job by itself (then that one is the entry, not its caller). */
  bool *delegates = sl_calloc(count ? count : 1, sizeof *delegates);
  for (size_t c = 0; c < scan->local_calls.count; c++) {
    const SlEntryLocalCall *call = &scan->local_calls.items[c];
    size_t target = sl_facts__module_function(scan, call->callee);
    if (target == SL_FACTS__NONE || target == call->scope) continue;
    if (scan->defs.items[call->scope].kind == SL_ENTRY_DEF_FUNCTION &&
        sl_facts__is_batch(closure[call->scope]))
      called[target] = true;
    if (sl_facts__is_batch(scan->defs.items[target].steps)) delegates[call->scope] = true;
  }
  for (size_t i = 0; i < count; i++) {
    const SlEntryDef *def = &scan->defs.items[i];
    if (def->kind == SL_ENTRY_DEF_CLASS || sl_facts__evaluation_name(scan, def)) continue;
    bool direct = sl_facts__is_batch(def->steps);
    bool through_helpers = def->kind == SL_ENTRY_DEF_FUNCTION && !called[i] && !delegates[i] &&
                           sl_facts__is_batch(closure[i]);
    if (direct || through_helpers)
      sl_facts__add_def_entry(scan, def, "batch-script", SL_PATTERN_BATCH);
  }
  sl_free(closure);
  sl_free(called);
  sl_free(delegates);
  if (sl_facts__is_batch(scan->module_steps) && !ts_node_is_null(scan->module_read))
    sl_facts__add_entry(scan, "<module>", "batch-script", SL_PATTERN_BATCH, scan->root,
                        scan->module_read);
}

/* ---- output ---- */

static int sl_facts__compare_entries(const void *a, const void *b) {
  const SlEntryPoint *left = a, *right = b;
  if (left->span.start_byte != right->span.start_byte)
    return left->span.start_byte < right->span.start_byte ? -1 : 1;
  if (left->span.end_byte != right->span.end_byte)
    return left->span.end_byte > right->span.end_byte ? -1 : 1;
  return (left->name_span.start_byte > right->name_span.start_byte) -
         (left->name_span.start_byte < right->name_span.start_byte);
}

/* Moves the entries found, in source order, into the facts. */
static void sl_facts__emit(SlEntryScan *scan, SlFileFacts *facts) {
  if (scan->found.count > 1)
    qsort(scan->found.items, scan->found.count, sizeof *scan->found.items,
          sl_facts__compare_entries);
  for (size_t i = 0; i < scan->found.count; i++)
    sl_vec_push(&facts->entry_points, scan->found.items[i]);
  sl_vec_delete(&scan->found);
}

static void sl_facts__scan_delete(SlEntryScan *scan) {
  for (size_t i = 0; i < scan->defs.count; i++) sl_free(scan->defs.items[i].qualname);
  sl_vec_delete(&scan->defs);
  sl_vec_delete(&scan->imports);
  sl_vec_delete(&scan->frames);
  sl_vec_delete(&scan->consumers);
  sl_vec_delete(&scan->loaded);
  sl_vec_delete(&scan->route_tables);
  sl_vec_delete(&scan->registrations);
  sl_vec_delete(&scan->streams);
  sl_vec_delete(&scan->queue_takers);
  sl_vec_delete(&scan->local_calls);
}

void sl_facts_find_entry_points(const SlSource *source, TSNode root, SlFileFacts *facts) {
  SlEntryScan scan = {.source = source, .root = root};
  sl_facts__walk(&scan, root);
  sl_facts__classify(&scan);
  sl_facts__resolve_registrations(&scan);
  sl_facts__resolve_streams(&scan);
  if (scan.found.count == 0) sl_facts__find_batch(&scan);
  sl_facts__emit(&scan, facts);
  sl_facts__scan_delete(&scan);
}
