/*
 * facts_inventory: the model inventory (facts.h) and module-level string constants.
 *
 * One cursor walk collects what the later steps need: import aliases, module-level
 * bindings (and the string constants among them), calls whose final name is a loader's,
 * objects built by booster-like constructors, and argparse options. Then each candidate
 * call is matched against the loader table by its canonical name (import aliases
 * expanded), the argument that names the model is resolved to text (literals, constants,
 * f-strings and path joins, environment variables, command-line arguments, configuration
 * keys) and the text is classified (pinning.h). Nodes are kept only while the tree lives;
 * the facts receive copies.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pinning.h"
#include "servelint/pyast.h"
#include "servelint/strbuf.h"

/* Longest expression text recorded as a reference or loader, in bytes. */
#define SL_FACTS_TEXT_MAX 120
/* Deepest chain of names and expressions followed (also ends `X = X` cycles). */
#define SL_FACTS_RESOLVE_DEPTH 6
/* Longest attribute/subscript chain read as an argument or configuration key. */
#define SL_FACTS_CHAIN_MAX 8

enum {
  SL_FACTS_BARE = 1u << 0,     /* an unimported bare name matches too (distinctive names only) */
  SL_FACTS_KEYWORD = 1u << 1,  /* a load only when the keyword is given: Booster(model_file=) */
  SL_FACTS_PIPELINE = 1u << 2, /* transformers.pipeline: no model means the task's default */
  SL_FACTS_HUB_ONLY = 1u << 3, /* fetches from the Hub whatever the id: never a local path */
  SL_FACTS_NEWEST = 1u << 4,   /* picks the newest file of a directory: moves with each write */
};

typedef struct {
  const char *pattern; /* canonical dotted name; a '*' segment matches any one segment */
  SlPinFamily family;
  int position;         /* positional index of the model argument; -1 for keyword only */
  const char *keywords; /* keywords that name the model, space-separated, in priority order */
  unsigned flags;       /* SL_FACTS_* */
} SlFactsLoader;

static const SlFactsLoader loaders[] = {
    {"mlflow.*.load_model", SL_PIN_FAMILY_URI, 0, "model_uri", 0},
    {"mlflow.pyfunc.load_pyfunc", SL_PIN_FAMILY_URI, 0, "model_uri", 0},
    {"mlflow.pyfunc.spark_udf", SL_PIN_FAMILY_URI, 1, "model_uri", 0},
    {"bentoml.models.get", SL_PIN_FAMILY_BENTOML, 0, "tag", 0},
    {"bentoml.*.load_model", SL_PIN_FAMILY_BENTOML, 0, "bento_model tag", 0},
    {"bentoml.*.get", SL_PIN_FAMILY_BENTOML, 0, "tag",
     0}, /* 1.0 runners: bentoml.sklearn.get(tag) */
    {"bentoml.models.BentoModel", SL_PIN_FAMILY_BENTOML, 0, "tag", SL_FACTS_BARE},
    {"bentoml.models.HuggingFaceModel", SL_PIN_FAMILY_HUGGING_FACE, 0, "model_id", SL_FACTS_BARE},
    {"joblib.load", SL_PIN_FAMILY_URI, 0, "filename", 0},
    {"pickle.load", SL_PIN_FAMILY_URI, 0, "file", 0},
    {"pickle.loads", SL_PIN_FAMILY_URI, 0, "data", 0},
    {"cloudpickle.load", SL_PIN_FAMILY_URI, 0, "file", 0},
    {"cloudpickle.loads", SL_PIN_FAMILY_URI, 0, "data", 0},
    {"dill.load", SL_PIN_FAMILY_URI, 0, "file", 0},
    {"dill.loads", SL_PIN_FAMILY_URI, 0, "str", 0},
    {"torch.load", SL_PIN_FAMILY_URI, 0, "f", 0},
    {"torch.jit.load", SL_PIN_FAMILY_URI, 0, "f", 0},
    {"torch.hub.load", SL_PIN_FAMILY_TORCH_HUB, 0, "repo_or_dir", 0},
    {"torch.hub.load_state_dict_from_url", SL_PIN_FAMILY_URI, 0, "url", 0},
    {"keras.models.load_model", SL_PIN_FAMILY_URI, 0, "filepath", 0},
    {"keras.saving.load_model", SL_PIN_FAMILY_URI, 0, "filepath", 0},
    {"tensorflow.keras.models.load_model", SL_PIN_FAMILY_URI, 0, "filepath", 0},
    {"tensorflow.keras.saving.load_model", SL_PIN_FAMILY_URI, 0, "filepath", 0},
    {"tf_keras.models.load_model", SL_PIN_FAMILY_URI, 0, "filepath", 0},
    {"tensorflow.saved_model.load", SL_PIN_FAMILY_URI, 0, "export_dir", 0},
    {"tensorflow.train.latest_checkpoint", SL_PIN_FAMILY_URI, 0, "checkpoint_dir", SL_FACTS_NEWEST},
    {"onnxruntime.InferenceSession", SL_PIN_FAMILY_URI, 0, "path_or_bytes", 0},
    {"cv2.CascadeClassifier", SL_PIN_FAMILY_URI, 0, "filename", 0},
    {"cv2.dnn.readNet", SL_PIN_FAMILY_URI, 0, "model", 0},
    {"cv2.dnn.readNetFromONNX", SL_PIN_FAMILY_URI, 0, "onnxFile", 0},
    {"cv2.dnn.readNetFromCaffe", SL_PIN_FAMILY_URI, 1, "caffeModel", 0},
    {"cv2.dnn.readNetFromTensorflow", SL_PIN_FAMILY_URI, 0, "model", 0},
    {"transformers.pipeline", SL_PIN_FAMILY_HUGGING_FACE, 1, "model", SL_FACTS_PIPELINE},
    {"transformers.pipelines.pipeline", SL_PIN_FAMILY_HUGGING_FACE, 1, "model", SL_FACTS_PIPELINE},
    {"huggingface_hub.hf_hub_download", SL_PIN_FAMILY_HUGGING_FACE, 0, "repo_id",
     SL_FACTS_BARE | SL_FACTS_HUB_ONLY},
    {"huggingface_hub.snapshot_download", SL_PIN_FAMILY_HUGGING_FACE, 0, "repo_id",
     SL_FACTS_BARE | SL_FACTS_HUB_ONLY},
    {"sentence_transformers.SentenceTransformer", SL_PIN_FAMILY_HUGGING_FACE, 0,
     "model_name_or_path", SL_FACTS_BARE},
    {"sentence_transformers.CrossEncoder", SL_PIN_FAMILY_HUGGING_FACE, 0,
     "model_name_or_path model_name", 0},
    /* vLLM's offline engine and its engine arguments: `LLM(model="org/name")` */
    {"vllm.LLM", SL_PIN_FAMILY_HUGGING_FACE, 0, "model", 0},
    {"vllm.EngineArgs", SL_PIN_FAMILY_HUGGING_FACE, 0, "model", 0},
    {"vllm.AsyncEngineArgs", SL_PIN_FAMILY_HUGGING_FACE, 0, "model", 0},
    {"vllm.engine.arg_utils.EngineArgs", SL_PIN_FAMILY_HUGGING_FACE, 0, "model", 0},
    {"vllm.engine.arg_utils.AsyncEngineArgs", SL_PIN_FAMILY_HUGGING_FACE, 0, "model", 0},
    /* Embedding wrappers of RAG frameworks over sentence-transformers: a Hub id, its
     * revision (when any) in `model_kwargs` */
    {"langchain_huggingface.HuggingFaceEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1,
     "model_name model", 0},
    {"langchain_huggingface.embeddings.HuggingFaceEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1,
     "model_name model", 0},
    {"langchain_community.embeddings.HuggingFaceEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1,
     "model_name", 0},
    {"langchain_community.embeddings.HuggingFaceBgeEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1,
     "model_name", 0},
    {"langchain.embeddings.HuggingFaceEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1, "model_name", 0},
    {"langchain.embeddings.HuggingFaceBgeEmbeddings", SL_PIN_FAMILY_HUGGING_FACE, -1, "model_name",
     0},
    {"llama_index.embeddings.huggingface.HuggingFaceEmbedding", SL_PIN_FAMILY_HUGGING_FACE, -1,
     "model_name", 0},
    {"haystack.components.embedders.SentenceTransformersTextEmbedder", SL_PIN_FAMILY_HUGGING_FACE,
     -1, "model", 0},
    {"haystack.components.embedders.SentenceTransformersDocumentEmbedder",
     SL_PIN_FAMILY_HUGGING_FACE, -1, "model", 0},
    {"FlagEmbedding.BGEM3FlagModel", SL_PIN_FAMILY_HUGGING_FACE, 0, "model_name_or_path", 0},
    {"FlagEmbedding.FlagModel", SL_PIN_FAMILY_HUGGING_FACE, 0, "model_name_or_path", 0},
    {"FlagEmbedding.FlagReranker", SL_PIN_FAMILY_HUGGING_FACE, 0, "model_name_or_path", 0},
    {"ultralytics.YOLO", SL_PIN_FAMILY_URI, 0, "model", 0},
    /* OpenAI Whisper: a name maps to a checksummed release file, or a path */
    {"whisper.load_model", SL_PIN_FAMILY_URI, 0, "name", 0},
    {"ultralytics.RTDETR", SL_PIN_FAMILY_URI, 0, "model", 0},
    /* Spark ML: a fitted pipeline or model read back from a directory */
    {"pyspark.ml.PipelineModel.load", SL_PIN_FAMILY_URI, 0, "path", 0},
    {"pyspark.ml.*.*.load", SL_PIN_FAMILY_URI, 0, "path", 0},
    {"xgboost.Booster", SL_PIN_FAMILY_URI, -1, "model_file", SL_FACTS_KEYWORD},
    {"lightgbm.Booster", SL_PIN_FAMILY_URI, -1, "model_file", SL_FACTS_KEYWORD},
};

/* Any `X.from_pretrained(id)`; PEFT adapters name the adapter second. */
/* llama-cpp-python's `Llama.from_pretrained(repo_id=..., filename=...)` names the repository
 * `repo_id`. */
static const SlFactsLoader from_pretrained = {"*.from_pretrained", SL_PIN_FAMILY_HUGGING_FACE, 0,
                                              "pretrained_model_name_or_path repo_id", 0};
static const SlFactsLoader peft_from_pretrained = {"*.from_pretrained", SL_PIN_FAMILY_HUGGING_FACE,
                                                   1, "model_id", 0};
/* `.load_model(path)` on an xgboost / catboost model object. */
static const SlFactsLoader booster_load_model = {"*.load_model", SL_PIN_FAMILY_URI, 0, "fname", 0};

/* Constructors whose objects have a file-loading `.load_model`. */
static const char *const booster_constructors[] = {
    "xgboost.Booster",
    "xgboost.XGBModel",
    "xgboost.XGBClassifier",
    "xgboost.XGBRegressor",
    "xgboost.XGBRanker",
    "xgboost.XGBRFClassifier",
    "xgboost.XGBRFRegressor",
    "catboost.CatBoost",
    "catboost.CatBoostClassifier",
    "catboost.CatBoostRegressor",
    "catboost.CatBoostRanker",
};

/* Aliases so conventional that a file using them without importing (a snippet, or an
 * import elsewhere) still means the library. */
static const char *const conventional_aliases[][2] = {
    {"tf", "tensorflow"}, {"ort", "onnxruntime"}, {"xgb", "xgboost"}, {"lgb", "lightgbm"}};

typedef struct {
  char *name;   /* owned; the name bound by the import */
  char *target; /* owned; the dotted path it stands for */
} SlFactsAlias;

typedef struct {
  TSNode name;  /* the bound identifier (or target expression, for objects) */
  TSNode value; /* the right-hand side */
} SlFactsBinding;

typedef struct {
  TSNode call;
  TSNode function; /* innermost enclosing function_definition; null at module or class level */
} SlFactsSite;

typedef struct {
  uint32_t depth; /* cursor depth of the definition */
  TSNode node;    /* function_definition or class_definition */
} SlFactsScope;

typedef struct {
  const SlSource *source;
  SlFileFacts *facts;
  SlVec(SlFactsAlias) aliases;
  SlVec(SlFactsBinding) bindings; /* outside functions and classes, in source order */
  SlVec(SlFactsSite) sites;       /* calls whose final name is a loader's */
  SlVec(SlFactsBinding) objects;  /* `target = Ctor(...)` with a booster-like Ctor name, anywhere */
  SlVec(TSNode) options;          /* `*.add_argument(...)` calls */
} SlFactsScan;

/* A reference resolved to text. */
typedef struct {
  char *
      reference; /* owned; as recorded: the literal, "env:X", "arg:X", "config:a.b", "var:X", ... */
  const char *origin; /* static; literal, constant, env, argument, config, variable, expression */
  char *text;         /* owned or NULL; what is classified: the literal, a template or a default */
  char *what;         /* owned or NULL; the source named in reasons: "environment variable X" */
  bool is_template;   /* text has `{expr}` parts computed at run time */
  bool is_default;    /* text is the default of `what`, not the reference itself */
  uint32_t line;      /* 1-based line of the string literal `text` was read from; 0: none */
} SlFactsRef;

typedef struct {
  SlStrbuf loader;            /* the loader as recorded */
  const SlFactsLoader *entry; /* static */
} SlFactsMatch;

static void sl_facts__resolve(const SlFactsScan *scan, TSNode node, TSNode function, int depth,
                              SlFactsRef *out);

/* ---- text helpers ---- */

/* The bytes of `node` (borrowed from the source); "" for a null node (error recovery can
 * leave fields empty, and the runtime does not accept null nodes everywhere). */
static const char *sl_facts__text(const SlSource *source, TSNode node, size_t *length) {
  *length = 0;
  if (ts_node_is_null(node)) return "";
  *length = ts_node_end_byte(node) - ts_node_start_byte(node);
  return source->bytes + ts_node_start_byte(node);
}

static bool sl_facts__text_is(const SlSource *source, TSNode node, const char *text) {
  size_t length;
  const char *bytes = sl_facts__text(source, node, &length);
  return strlen(text) == length && memcmp(bytes, text, length) == 0;
}

static bool sl_facts__same_text(const SlSource *source, TSNode a, TSNode b) {
  size_t length_a, length_b;
  const char *text_a = sl_facts__text(source, a, &length_a),
             *text_b = sl_facts__text(source, b, &length_b);
  return length_a == length_b && memcmp(text_a, text_b, length_a) == 0;
}

static bool sl_facts__is(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static TSNode sl_facts__field(TSNode node, const char *field) {
  return ts_node_is_null(node) ? node
                               : ts_node_child_by_field_name(node, field, (uint32_t)strlen(field));
}

static bool sl_facts__contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) &&
         ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

/* The text of `node` on one line: whitespace runs become one space, or vanish when
 * `squeeze`; cut after SL_FACTS_TEXT_MAX bytes (never inside a UTF-8 sequence) with
 * "...". Caller frees. */
static char *sl_facts__compact(const SlSource *source, TSNode node, bool squeeze) {
  size_t length;
  const char *text = sl_facts__text(source, node, &length);
  SlStrbuf out = {0};
  bool space = false;
  for (size_t i = 0; i < length; i++) {
    if (isspace((unsigned char)text[i])) {
      space = true;
      continue;
    }
    if (out.length >= SL_FACTS_TEXT_MAX && ((unsigned char)text[i] & 0xC0) != 0x80) {
      sl_strbuf_puts(&out, "...");
      break;
    }
    if (space && !squeeze && out.length) sl_strbuf_append(&out, " ", 1);
    sl_strbuf_append(&out, text + i, 1);
    space = false;
  }
  return sl_strbuf_take(&out);
}

/* The content of a string literal without interpolation (between its quotes, escapes as
 * written), appended to `out`; false for anything else. */
static bool sl_facts__plain_string(const SlSource *source, TSNode node, SlStrbuf *out) {
  if (!sl_facts__is(node, "string")) return false;
  uint32_t count = ts_node_child_count(node);
  if (count < 2 || !sl_facts__is(ts_node_child(node, count - 1), "string_end")) return false;
  for (uint32_t i = 1; i + 1 < count; i++)
    if (sl_facts__is(ts_node_child(node, i), "interpolation")) return false;
  uint32_t start = ts_node_end_byte(ts_node_child(node, 0)),
           end = ts_node_start_byte(ts_node_child(node, count - 1));
  sl_strbuf_append(out, source->bytes + start, end >= start ? end - start : 0);
  return true;
}

/* ---- arguments ---- */

/* The value of keyword argument `name` (`length` bytes) in an argument_list; null if absent. */
static TSNode sl_facts__keyword_n(const SlSource *source, TSNode arguments, const char *name,
                                  size_t length) {
  uint32_t count =
      sl_facts__is(arguments, "argument_list") ? ts_node_named_child_count(arguments) : 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (!sl_facts__is(argument, "keyword_argument")) continue;
    size_t found;
    const char *text = sl_facts__text(source, sl_facts__field(argument, "name"), &found);
    if (found == length && memcmp(text, name, length) == 0)
      return sl_facts__field(argument, "value");
  }
  return (TSNode){0};
}

static TSNode sl_facts__keyword(const SlSource *source, TSNode arguments, const char *name) {
  return sl_facts__keyword_n(source, arguments, name, strlen(name));
}

/* The value of a string key of a dictionary literal (`{"revision": "abc"}`); null if absent. */
static TSNode sl_facts__dictionary_value(const SlSource *source, TSNode dictionary,
                                         const char *key) {
  uint32_t count = ts_node_named_child_count(dictionary);
  for (uint32_t i = 0; i < count; i++) {
    TSNode pair = ts_node_named_child(dictionary, i);
    if (!sl_facts__is(pair, "pair")) continue;
    TSNode name = sl_facts__field(pair, "key");
    size_t length;
    const char *text = sl_facts__text(source, name, &length);
    if (sl_facts__is(name, "string") && length == strlen(key) + 2 &&
        memcmp(text + 1, key, strlen(key)) == 0)
      return sl_facts__field(pair, "value");
  }
  return (TSNode){0};
}

/* The positional argument at `index`; null if absent or when a `*args` before it hides
 * the positions. Sets *splat when the call passes `*args` or `**kwargs`. */
static TSNode sl_facts__positional(TSNode arguments, int index, bool *splat) {
  uint32_t count =
      sl_facts__is(arguments, "argument_list") ? ts_node_named_child_count(arguments) : 0;
  int position = 0;
  TSNode found = {0};
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    const char *type = ts_node_type(argument);
    if (strcmp(type, "list_splat") == 0 || strcmp(type, "dictionary_splat") == 0) {
      *splat = true;
      if (type[0] == 'l' && position <= index) index = -1;
    } else if (strcmp(type, "keyword_argument") != 0 && strcmp(type, "comment") != 0) {
      if (position++ == index) found = argument;
    }
  }
  return index < 0 ? (TSNode){0} : found;
}

/* The argument that names the model: the first of the loader's keywords given, else its
 * positional argument. */
static TSNode sl_facts__model_argument(const SlSource *source, TSNode arguments,
                                       const SlFactsLoader *loader, bool *splat) {
  for (const char *keyword = loader->keywords; *keyword;) {
    size_t length = strcspn(keyword, " ");
    TSNode value = sl_facts__keyword_n(source, arguments, keyword, length);
    if (!ts_node_is_null(value)) return value;
    keyword += length + (keyword[length] == ' ');
  }
  return loader->position < 0 ? (TSNode){0}
                              : sl_facts__positional(arguments, loader->position, splat);
}

/* ---- names ---- */

/* Appends the dotted name of `node` as written (identifiers joined by '.'); false when
 * the node is not a plain dotted name. */
static bool sl_facts__dotted(const SlSource *source, TSNode node, SlStrbuf *out) {
  if (sl_facts__is(node, "identifier")) {
    size_t length;
    const char *text = sl_facts__text(source, node, &length);
    sl_strbuf_append(out, text, length);
    return true;
  }
  if (!sl_facts__is(node, "attribute") ||
      !sl_facts__dotted(source, sl_facts__field(node, "object"), out))
    return false;
  size_t length;
  const char *text = sl_facts__text(source, sl_facts__field(node, "attribute"), &length);
  sl_strbuf_append(out, ".", 1);
  sl_strbuf_append(out, text, length);
  return true;
}

/* What a local name stands for through the file's imports (the last import wins);
 * NULL when no import binds it. */
static const char *sl_facts__alias_of(const SlFactsScan *scan, const char *name, size_t length) {
  for (size_t i = scan->aliases.count; i-- > 0;) {
    const SlFactsAlias *alias = &scan->aliases.items[i];
    if (strlen(alias->name) == length && memcmp(alias->name, name, length) == 0)
      return alias->target;
  }
  return NULL;
}

/* Appends the canonical form of a dotted name: its first segment replaced by the import
 * (or conventional alias) it stands for. */
static void sl_facts__canonicalise(const SlFactsScan *scan, const char *dotted, SlStrbuf *out) {
  size_t root = strcspn(dotted, ".");
  const char *target = sl_facts__alias_of(scan, dotted, root);
  for (size_t i = 0; !target && i < sizeof conventional_aliases / sizeof *conventional_aliases; i++)
    if (strlen(conventional_aliases[i][0]) == root &&
        memcmp(dotted, conventional_aliases[i][0], root) == 0)
      target = conventional_aliases[i][1];
  if (!target) {
    sl_strbuf_puts(out, dotted);
    return;
  }
  sl_strbuf_puts(out, target);
  sl_strbuf_puts(out, dotted + root);
}

/* Appends the canonical dotted name of `node`; false when it is not a dotted name. */
static bool sl_facts__canonical(const SlFactsScan *scan, TSNode node, SlStrbuf *out) {
  SlStrbuf written = {0};
  bool dotted = sl_facts__dotted(scan->source, node, &written);
  if (dotted) sl_facts__canonicalise(scan, sl_strbuf_cstr(&written), out);
  sl_strbuf_delete(&written);
  return dotted;
}

/* Does `name` match `pattern` segment by segment ('*' = any one segment)? */
static bool sl_facts__pattern_matches(const char *pattern, const char *name) {
  for (;;) {
    size_t pattern_length = strcspn(pattern, "."), name_length = strcspn(name, ".");
    bool wildcard = pattern_length == 1 && *pattern == '*';
    if (wildcard ? name_length == 0
                 : pattern_length != name_length || memcmp(pattern, name, name_length) != 0)
      return false;
    pattern += pattern_length;
    name += name_length;
    if (*pattern != *name) return false;
    if (!*pattern) return true;
    pattern++;
    name++;
  }
}

static const char *sl_facts__last_segment(const char *dotted) {
  const char *dot = strrchr(dotted, '.');
  return dot ? dot + 1 : dotted;
}

static bool sl_facts__is_booster_constructor(const char *canonical) {
  for (size_t i = 0; i < sizeof booster_constructors / sizeof *booster_constructors; i++) {
    const char *last = sl_facts__last_segment(booster_constructors[i]);
    if (strcmp(canonical, booster_constructors[i]) == 0) return true;
    if (strcmp(canonical, last) == 0 && strcmp(last, "Booster") != 0)
      return true; /* distinctive bare name */
  }
  return false;
}

/* The identifier a call's function ends with (`load` in `torch.load`); null otherwise. */
static TSNode sl_facts__final_name(TSNode callee) {
  if (sl_facts__is(callee, "identifier")) return callee;
  if (sl_facts__is(callee, "attribute")) return sl_facts__field(callee, "attribute");
  return (TSNode){0};
}

/* ---- the walk ---- */

/* Could a call ending with `name` be a load? (A cheap filter; matching decides.) */
static bool sl_facts__is_candidate(const SlSource *source, TSNode name) {
  if (sl_facts__text_is(source, name, "from_pretrained") ||
      sl_facts__text_is(source, name, "load_model"))
    return true;
  for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
    if (sl_facts__text_is(source, name, sl_facts__last_segment(loaders[i].pattern))) return true;
  return false;
}

static void sl_facts__add_alias(SlFactsScan *scan, TSNode name, char *target) {
  size_t length;
  const char *text = sl_facts__text(scan->source, name, &length);
  sl_vec_push(&scan->aliases, ((SlFactsAlias){sl_strndup(text, length), target}));
}

/* `import a.b` binds a to a; `import a.b as c` binds c to a.b. */
static void sl_facts__scan_import(SlFactsScan *scan, TSNode node) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i);
    if (sl_facts__is(name, "aliased_import")) {
      sl_facts__add_alias(scan, sl_facts__field(name, "alias"),
                          sl_facts__compact(scan->source, sl_facts__field(name, "name"), true));
    } else if (sl_facts__is(name, "dotted_name") && ts_node_named_child_count(name) > 0) {
      TSNode root = ts_node_named_child(name, 0);
      sl_facts__add_alias(scan, root, sl_facts__compact(scan->source, root, true));
    }
  }
}

/* `from m import a as b` binds b to m.a; `from m import a` binds a to m.a. */
static void sl_facts__scan_import_from(SlFactsScan *scan, TSNode node) {
  TSNode module = sl_facts__field(node, "module_name");
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i), local = name;
    if (ts_node_eq(name, module)) continue;
    if (sl_facts__is(name, "aliased_import")) {
      local = sl_facts__field(name, "alias");
      name = sl_facts__field(name, "name");
    }
    if (!sl_facts__is(name, "dotted_name")) continue;
    SlStrbuf target = {0};
    char *module_text = sl_facts__compact(scan->source, module, true),
         *name_text = sl_facts__compact(scan->source, name, true);
    sl_strbuf_printf(&target, "%s%s%s", module_text,
                     module_text[strlen(module_text) - 1] == '.' ? "" : ".", name_text);
    sl_free(module_text);
    sl_free(name_text);
    sl_facts__add_alias(scan, local, sl_strbuf_take(&target));
  }
}

/* A module-level `NAME = "text"` statement (also `NAME: str = "text"`): a constant. */
static void sl_facts__scan_constant(SlFactsScan *scan, TSNode left, TSNode right) {
  SlStrbuf value = {0};
  bool plain = sl_facts__plain_string(scan->source, right, &value);
  if (sl_facts__is(right, "concatenated_string")) {
    plain = true;
    for (uint32_t i = 0; plain && i < ts_node_named_child_count(right); i++)
      plain = sl_facts__plain_string(scan->source, ts_node_named_child(right, i), &value);
  }
  if (plain) {
    size_t length;
    const char *name = sl_facts__text(scan->source, left, &length);
    sl_vec_push(&scan->facts->constants,
                ((SlConstant){sl_strndup(name, length), sl_strbuf_take(&value)}));
  }
  sl_strbuf_delete(&value);
}

/* The class a class-level statement `node` belongs to, when that class derives from
 * pydantic's BaseSettings (`BaseSettings`, `pydantic_settings.BaseSettings`); else a
 * null node. */
static TSNode sl_facts__settings_class(const SlSource *source, TSNode node) {
  TSNode statement = ts_node_parent(node);
  TSNode block = ts_node_is_null(statement) ? statement : ts_node_parent(statement);
  TSNode class_node = ts_node_is_null(block) ? block : ts_node_parent(block);
  if (ts_node_is_null(class_node) || !sl_facts__is(class_node, "class_definition"))
    return (TSNode){0};
  TSNode bases = sl_facts__field(class_node, "superclasses");
  uint32_t count = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < count; i++) {
    size_t length;
    const char *text = sl_facts__text(source, ts_node_named_child(bases, i), &length);
    if (length >= 12 && memcmp(text + length - 12, "BaseSettings", 12) == 0) return class_node;
  }
  return (TSNode){0};
}

/* A settings class's `field: str = "value"` or `field: str = Field("value", ...)` /
 * `Field(default="value")`: the default the field has when no environment variable sets
 * it. */
static void sl_facts__scan_settings_field(SlFactsScan *scan, TSNode node, TSNode left,
                                          TSNode right) {
  if (!sl_facts__is(left, "identifier") ||
      ts_node_is_null(sl_facts__settings_class(scan->source, node)))
    return;
  TSNode value = right;
  if (sl_facts__is(right, "call") &&
      sl_facts__text_is(scan->source, sl_facts__field(right, "function"), "Field")) {
    TSNode arguments = sl_facts__field(right, "arguments");
    value = sl_facts__keyword(scan->source, arguments, "default");
    if (ts_node_is_null(value) && ts_node_named_child_count(arguments) > 0)
      value = ts_node_named_child(arguments, 0);
  }
  SlStrbuf text = {0};
  if (!ts_node_is_null(value) && sl_facts__plain_string(scan->source, value, &text)) {
    size_t length;
    const char *name = sl_facts__text(scan->source, left, &length);
    sl_vec_push(&scan->facts->settings_fields,
                ((SlConstant){sl_strndup(name, length), sl_strbuf_take(&text)}));
  }
  sl_strbuf_delete(&text);
}

/* Assignments: module bindings and constants when `top_level` (`depth` 2 is a statement
 * of the module itself), booster-like objects anywhere. */
static void sl_facts__scan_assignment(SlFactsScan *scan, TSNode node, uint32_t depth,
                                      bool top_level) {
  TSNode left = sl_facts__field(node, "left"), right = sl_facts__field(node, "right");
  if (ts_node_is_null(right)) return;
  sl_facts__scan_settings_field(scan, node, left, right);
  if (top_level && sl_facts__is(left, "identifier")) {
    sl_vec_push(&scan->bindings, ((SlFactsBinding){left, right}));
    if (depth == 2) sl_facts__scan_constant(scan, left, right);
  }
  if (!sl_facts__is(right, "call")) return;
  TSNode name = sl_facts__final_name(sl_facts__field(right, "function"));
  if (ts_node_is_null(name)) return;
  for (size_t i = 0; i < sizeof booster_constructors / sizeof *booster_constructors; i++)
    if (sl_facts__text_is(scan->source, name, sl_facts__last_segment(booster_constructors[i]))) {
      sl_vec_push(&scan->objects, ((SlFactsBinding){left, right}));
      return;
    }
}

static void sl_facts__scan_call(SlFactsScan *scan, TSNode node, TSNode function) {
  TSNode name = sl_facts__final_name(sl_facts__field(node, "function"));
  if (ts_node_is_null(name)) return;
  if (sl_facts__text_is(scan->source, name, "add_argument"))
    sl_vec_push(&scan->options, node);
  else if (sl_facts__is_candidate(scan->source, name))
    sl_vec_push(&scan->sites, ((SlFactsSite){node, function}));
}

static void sl_facts__visit(SlFactsScan *scan, TSNode node, uint32_t depth, TSNode function,
                            bool top_level) {
  const char *type = ts_node_type(node);
  if (strcmp(type, "import_statement") == 0)
    sl_facts__scan_import(scan, node);
  else if (strcmp(type, "import_from_statement") == 0)
    sl_facts__scan_import_from(scan, node);
  else if (strcmp(type, "assignment") == 0)
    sl_facts__scan_assignment(scan, node, depth, top_level);
  else if (strcmp(type, "call") == 0)
    sl_facts__scan_call(scan, node, function);
}

/* Preorder walk with a stack of enclosing definitions (cursor depths, so no parent
 * lookups): a node at depth d has left every definition at depth >= d. */
static void sl_facts__walk(SlFactsScan *scan, TSNode root) {
  SlVec(SlFactsScope) scopes = {0};
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  for (bool more = true; more;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    while (scopes.count && scopes.items[scopes.count - 1].depth >= depth) scopes.count--;
    TSNode inner = scopes.count ? scopes.items[scopes.count - 1].node : (TSNode){0};
    sl_facts__visit(scan, node, depth,
                    sl_facts__is(inner, "function_definition") ? inner : (TSNode){0},
                    scopes.count == 0);
    if (sl_facts__is(node, "function_definition") || sl_facts__is(node, "class_definition"))
      sl_vec_push(&scopes, ((SlFactsScope){depth, node}));
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      depth++;
      continue;
    }
    while (more && !ts_tree_cursor_goto_next_sibling(&cursor))
      if ((more = ts_tree_cursor_goto_parent(&cursor))) depth--;
  }
  ts_tree_cursor_delete(&cursor);
  sl_vec_delete(&scopes);
}

/* ---- bindings ---- */

/* Does `node` bind the name `use`? Sets *value to what it binds: the right side of an
 * assignment (through `a = b = v`), the expression of `with v as use` or `(use := v)`. */
static bool sl_facts__binds(const SlSource *source, TSNode node, TSNode use, TSNode *value) {
  const char *type = ts_node_type(node);
  TSNode name = {0}, bound = {0};
  if (strcmp(type, "assignment") == 0) {
    name = sl_facts__field(node, "left");
    bound = sl_facts__field(node, "right");
    while (sl_facts__is(bound, "assignment")) bound = sl_facts__field(bound, "right");
  } else if (strcmp(type, "named_expression") == 0) {
    name = sl_facts__field(node, "name");
    bound = sl_facts__field(node, "value");
  } else if (strcmp(type, "as_pattern") == 0) {
    TSNode alias = sl_facts__field(node, "alias");
    name = ts_node_is_null(alias) ? alias : ts_node_named_child(alias, 0);
    bound = ts_node_named_child(node, 0);
  }
  if (!sl_facts__is(name, "identifier") || ts_node_is_null(bound) ||
      !sl_facts__same_text(source, name, use))
    return false;
  *value = bound;
  return true;
}

static bool sl_facts__is_scope(TSNode node) {
  return sl_facts__is(node, "function_definition") || sl_facts__is(node, "class_definition") ||
         sl_facts__is(node, "lambda");
}

/* Whether the cursor stands on a branch of an `if` (its consequence or an elif/else)
 * that does not hold `use`, while the `if` itself does: a binding there cannot reach
 * `use` (it runs on another path), as in
 *     if medusa: revision = "main"
 *     elif lora: hf_hub_download(repo, revision=revision)   # not "main" */
static bool sl_facts__is_other_branch(TSTreeCursor *cursor, TSNode node, TSNode use) {
  const char *field = ts_tree_cursor_current_field_name(cursor);
  if (!field || (strcmp(field, "consequence") != 0 && strcmp(field, "alternative") != 0))
    return false;
  if (sl_facts__contains(node, use)) return false;
  TSNode parent = ts_node_parent(node);
  return !ts_node_is_null(parent) && sl_facts__contains(parent, use);
}

/* The last binding of `use` in `function`'s body that ends before `use` and can reach
 * it (nested definitions and sibling branches of an enclosing `if` excluded). */
static bool sl_facts__lookup_local(const SlSource *source, TSNode function, TSNode use,
                                   TSNode *value) {
  TSNode body = sl_facts__field(function, "body");
  if (ts_node_is_null(body)) return false;
  uint32_t limit = ts_node_start_byte(use);
  bool found = false;
  TSTreeCursor cursor = ts_tree_cursor_new(body);
  for (bool more = true; more;) {
    TSNode node = ts_tree_cursor_current_node(&cursor), bound;
    if (ts_node_start_byte(node) >= limit) break; /* preorder: the rest is later */
    if (ts_node_end_byte(node) <= limit && sl_facts__binds(source, node, use, &bound)) {
      *value = bound;
      found = true;
    }
    if (!sl_facts__is_scope(node) && !sl_facts__is_other_branch(&cursor, node, use) &&
        ts_tree_cursor_goto_first_child(&cursor))
      continue;
    while (more && !ts_tree_cursor_goto_next_sibling(&cursor))
      more = ts_tree_cursor_goto_parent(&cursor);
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

/* The parameter of `function` named `use` (plain, typed, defaulted or splat), or a null
 * node. */
static TSNode sl_facts__parameter_named(const SlSource *source, TSNode function, TSNode use) {
  TSNode parameters = sl_facts__field(function, "parameters");
  uint32_t count = ts_node_is_null(parameters) ? 0 : ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    TSNode name = sl_facts__field(parameter, "name");
    if (ts_node_is_null(name))
      name = sl_facts__is(parameter, "identifier") ? parameter : ts_node_named_child(parameter, 0);
    if (sl_facts__is(name, "list_splat_pattern") || sl_facts__is(name, "dictionary_splat_pattern"))
      name = ts_node_named_child(name, 0);
    if (sl_facts__is(name, "identifier") && sl_facts__same_text(source, name, use))
      return parameter;
  }
  return (TSNode){0};
}

/* Is `use` the name of one of `function`'s parameters? */
static bool sl_facts__is_parameter(const SlSource *source, TSNode function, TSNode use) {
  return !ts_node_is_null(sl_facts__parameter_named(source, function, use));
}

/* The value bound to the name `use`: in its function before it, else at module level
 * (before it when `use` is itself at module level; the last binding otherwise, since
 * functions run after the module). *in_function says where it was found. A parameter
 * hides module bindings. */
static bool sl_facts__lookup(const SlFactsScan *scan, TSNode function, TSNode use, TSNode *value,
                             bool *in_function) {
  *in_function = false;
  bool inside = !ts_node_is_null(function) && sl_facts__contains(function, use);
  if (inside && sl_facts__lookup_local(scan->source, function, use, value))
    return (*in_function = true);
  if (inside && sl_facts__is_parameter(scan->source, function, use)) return false;
  bool found = false;
  for (size_t i = 0; i < scan->bindings.count; i++) {
    const SlFactsBinding *binding = &scan->bindings.items[i];
    if (!inside && ts_node_end_byte(binding->value) > ts_node_start_byte(use)) break;
    if (sl_facts__same_text(scan->source, binding->name, use)) {
      *value = binding->value;
      found = true;
    }
  }
  return found;
}

/* ---- resolution ---- */

static void sl_facts__ref_clear(SlFactsRef *ref) {
  sl_free(ref->reference);
  sl_free(ref->text);
  sl_free(ref->what);
  *ref = (SlFactsRef){0};
}

static bool sl_facts__is_constant_origin(const char *origin) {
  return origin && (strcmp(origin, "literal") == 0 || strcmp(origin, "constant") == 0);
}

/* Does the resolved reference give a fixed text (not a template, not a default)? */
static bool sl_facts__is_fixed(const SlFactsRef *ref) {
  return ref->text && !ref->is_template && !ref->is_default &&
         sl_facts__is_constant_origin(ref->origin);
}

static void sl_facts__ref_expression(const SlSource *source, TSNode node, SlFactsRef *out) {
  out->reference = sl_facts__compact(source, node, false);
  out->origin = "expression";
}

/* Sets `out` to a named source ("env:X" ...) whose value this file does not know. */
static void sl_facts__ref_source(SlFactsRef *out, const char *prefix, const char *name,
                                 const char *origin, const char *what) {
  SlStrbuf buffer = {0};
  sl_strbuf_printf(&buffer, "%s:%s", prefix, name);
  out->reference = sl_strbuf_take(&buffer);
  sl_strbuf_printf(&buffer, "%s %s", what, name);
  out->what = sl_strbuf_take(&buffer);
  out->origin = origin;
}

/* Makes the resolution of `node` the default of `out` when it is a fixed text. */
static void sl_facts__ref_default(const SlFactsScan *scan, TSNode node, TSNode function, int depth,
                                  SlFactsRef *out) {
  if (ts_node_is_null(node) || out->text) return;
  SlFactsRef fallback = {0};
  sl_facts__resolve(scan, node, function, depth + 1, &fallback);
  if (fallback.text && !fallback.is_template) {
    out->text = fallback.text;
    fallback.text = NULL;
    out->line = fallback.line;
    out->is_default = true;
    if (!out->what) out->what = sl_strdup(out->reference);
  }
  sl_facts__ref_clear(&fallback);
}

/* Sets `out` to the text built in `text` (taken): a template when a part was computed
 * at run time, else a constant when a part came from a name, else a literal. */
static void sl_facts__ref_text(SlFactsRef *out, SlStrbuf *text, bool template, bool constant) {
  out->text = sl_strbuf_take(text);
  out->reference = sl_strdup(out->text);
  out->is_template = template;
  out->origin = template ? "expression" : constant ? "constant" : "literal";
}

/* An f-string part `{expr}`: the value of a plain name or attribute when it resolves to
 * a fixed text, else the part as written. */
static void sl_facts__interpolation(const SlFactsScan *scan, TSNode part, TSNode function,
                                    int depth, SlStrbuf *text, bool *template, bool *constant) {
  TSNode expression = sl_facts__field(part, "expression");
  SlFactsRef inner = {0};
  bool plain = !ts_node_is_null(expression) && ts_node_named_child_count(part) == 1;
  if (plain) sl_facts__resolve(scan, expression, function, depth + 1, &inner);
  if (plain && sl_facts__is_fixed(&inner)) {
    sl_strbuf_puts(text, inner.text);
    *constant = true;
  } else {
    size_t length;
    const char *raw = sl_facts__text(scan->source, part, &length);
    sl_strbuf_append(text, raw, length);
    *template = true;
  }
  sl_facts__ref_clear(&inner);
}

/* Appends one string literal's content, its interpolations resolved where possible. */
static void sl_facts__string_text(const SlFactsScan *scan, TSNode string, TSNode function,
                                  int depth, SlStrbuf *text, bool *template, bool *constant) {
  uint32_t count = ts_node_child_count(string);
  if (count < 2) return;
  TSNode last = ts_node_child(string, count - 1);
  uint32_t position = ts_node_end_byte(ts_node_child(string, 0));
  uint32_t end =
      sl_facts__is(last, "string_end") ? ts_node_start_byte(last) : ts_node_end_byte(last);
  for (uint32_t i = 1; i + 1 < count; i++) {
    TSNode part = ts_node_child(string, i);
    if (!sl_facts__is(part, "interpolation")) continue;
    sl_strbuf_append(text, scan->source->bytes + position, ts_node_start_byte(part) - position);
    sl_facts__interpolation(scan, part, function, depth, text, template, constant);
    position = ts_node_end_byte(part);
  }
  if (end > position) sl_strbuf_append(text, scan->source->bytes + position, end - position);
}

static void sl_facts__resolve_string(const SlFactsScan *scan, TSNode node, TSNode function,
                                     int depth, SlFactsRef *out) {
  SlStrbuf text = {0};
  bool template = false, constant = false;
  if (sl_facts__is(node, "string"))
    sl_facts__string_text(scan, node, function, depth, &text, &template, &constant);
  for (uint32_t i = 0;
       sl_facts__is(node, "concatenated_string") && i < ts_node_named_child_count(node); i++)
    sl_facts__string_text(scan, ts_node_named_child(node, i), function, depth, &text, &template,
                          &constant);
  sl_facts__ref_text(out, &text, template, constant);
  out->line = ts_node_start_point(node).row + 1;
}

/* The default value of `function`'s parameter named `use` (`model="org/name"`), or a
 * null node. */
static TSNode sl_facts__parameter_default(const SlSource *source, TSNode function, TSNode use) {
  TSNode parameter = sl_facts__parameter_named(source, function, use);
  if (!sl_facts__is(parameter, "default_parameter") &&
      !sl_facts__is(parameter, "typed_default_parameter"))
    return (TSNode){0};
  return sl_facts__field(parameter, "value");
}

static void sl_facts__resolve_name(const SlFactsScan *scan, TSNode node, TSNode function, int depth,
                                   SlFactsRef *out) {
  TSNode value;
  bool in_function;
  if (!sl_facts__lookup(scan, function, node, &value, &in_function)) {
    char *name = sl_facts__compact(scan->source, node, true);
    TSNode fallback = ts_node_is_null(function)
                          ? (TSNode){0}
                          : sl_facts__parameter_default(scan->source, function, node);
    if (!ts_node_is_null(fallback)) {
      /* a parameter with a default: the caller may pass another, but this is the one
       * served when it does not */
      sl_facts__ref_source(out, "param", name, "argument", "parameter");
      sl_facts__ref_default(scan, fallback, (TSNode){0}, depth, out);
    } else {
      sl_facts__ref_source(out, "var", name, "variable", "variable");
    }
    sl_free(name);
    return;
  }
  sl_facts__resolve(scan, value, in_function ? function : (TSNode){0}, depth + 1, out);
  if (strcmp(out->origin, "literal") == 0) out->origin = "constant";
}

/* Path joins and concatenation: `os.path.join(a, b)`, `Path(a) / b`, `a + b`. Parts that
 * resolve to fixed text are joined as text, others as `{expr}` (a template). */
static void sl_facts__resolve_join(const SlFactsScan *scan, const TSNode *parts, uint32_t count,
                                   const char *separator, TSNode function, int depth,
                                   SlFactsRef *out) {
  SlStrbuf text = {0};
  bool template = false, constant = false;
  for (uint32_t i = 0; i < count; i++) {
    SlFactsRef part = {0};
    sl_facts__resolve(scan, parts[i], function, depth + 1, &part);
    bool usable = part.text && !part.is_default &&
                  (part.is_template || sl_facts__is_constant_origin(part.origin));
    char *piece = usable ? NULL : sl_facts__compact(scan->source, parts[i], false);
    if (*separator && text.length && text.data[text.length - 1] != '/' &&
        (!usable || part.text[0] != '/'))
      sl_strbuf_puts(&text, separator);
    if (usable)
      sl_strbuf_puts(&text, part.text);
    else
      sl_strbuf_printf(&text, "{%s}", piece);
    template |= !usable || part.is_template;
    constant |= usable && strcmp(part.origin, "constant") == 0;
    sl_free(piece);
    sl_facts__ref_clear(&part);
  }
  sl_facts__ref_text(out, &text, template, constant);
}

/* `os.getenv("X", default)`, `os.environ.get("X", default)`: "env:X". */
static void sl_facts__resolve_env(const SlFactsScan *scan, TSNode call, TSNode function, int depth,
                                  SlFactsRef *out) {
  TSNode arguments = sl_facts__field(call, "arguments");
  bool splat = false;
  TSNode key = sl_facts__keyword(scan->source, arguments, "key"),
         fallback = sl_facts__keyword(scan->source, arguments, "default");
  if (ts_node_is_null(key)) key = sl_facts__positional(arguments, 0, &splat);
  if (ts_node_is_null(fallback)) fallback = sl_facts__positional(arguments, 1, &splat);
  SlFactsRef name = {0};
  if (!ts_node_is_null(key)) sl_facts__resolve(scan, key, function, depth + 1, &name);
  if (sl_facts__is_fixed(&name)) {
    sl_facts__ref_source(out, "env", name.text, "env", "environment variable");
    sl_facts__ref_default(scan, fallback, function, depth, out);
  } else {
    sl_facts__ref_expression(scan->source, call, out);
  }
  sl_facts__ref_clear(&name);
}

static bool sl_facts__name_in(const char *name, const char *const *names, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(name, names[i]) == 0) return true;
  return false;
}

static void sl_facts__resolve_access(const SlFactsScan *scan, TSNode node, TSNode function,
                                     int depth, SlFactsRef *out);

static void sl_facts__resolve_call(const SlFactsScan *scan, TSNode node, TSNode function, int depth,
                                   SlFactsRef *out) {
  static const char *const env_getters[] = {"os.getenv", "os.environ.get"};
  static const char *const passthrough[] = {"open",
                                            "io.open",
                                            "gzip.open",
                                            "bz2.open",
                                            "bz2.BZ2File",
                                            "lzma.open",
                                            "str",
                                            "pathlib.Path",
                                            "Path",
                                            "os.fspath",
                                            "os.path.expanduser",
                                            "os.path.abspath",
                                            "os.path.realpath"};
  static const char *const joins[] = {"os.path.join", "posixpath.join"};
  SlStrbuf name = {0};
  bool dotted = sl_facts__canonical(scan, sl_facts__field(node, "function"), &name);
  const char *callee = sl_strbuf_cstr(&name);
  TSNode arguments = sl_facts__field(node, "arguments"), first = {0};
  bool splat = false;
  if (dotted) first = sl_facts__positional(arguments, 0, &splat);
  if (dotted && sl_facts__name_in(callee, env_getters, 2)) {
    sl_facts__resolve_env(scan, node, function, depth, out);
  } else if (!ts_node_is_null(first) &&
             sl_facts__name_in(callee, passthrough, sizeof passthrough / sizeof *passthrough)) {
    sl_facts__resolve(scan, first, function, depth + 1, out);
  } else if (!ts_node_is_null(first) && !splat && sl_facts__name_in(callee, joins, 2)) {
    TSNode parts[16];
    uint32_t count = 0;
    for (uint32_t i = 0; i < ts_node_named_child_count(arguments) && count < 16; i++)
      if (!sl_facts__is(ts_node_named_child(arguments, i), "comment"))
        parts[count++] = ts_node_named_child(arguments, i);
    sl_facts__resolve_join(scan, parts, count, "/", function, depth, out);
  } else {
    sl_facts__resolve_access(scan, node, function, depth, out);
  }
  sl_strbuf_delete(&name);
}

/* ---- argument and configuration chains ---- */

typedef struct {
  const char *keys[SL_FACTS_CHAIN_MAX]; /* borrowed from the source (or static "*"); root first */
  size_t lengths[SL_FACTS_CHAIN_MAX];
  uint32_t count;
  TSNode fallback; /* the default of an outermost `.get(key, default)`, or null */
} SlFactsChain;

static bool sl_facts__chain_push(SlFactsChain *chain, const char *key, size_t length) {
  if (chain->count == SL_FACTS_CHAIN_MAX) return false;
  chain->keys[chain->count] = key;
  chain->lengths[chain->count++] = length;
  return true;
}

/* The key of a subscript or `.get()`: a plain string's content, an integer, else "*". */
static bool sl_facts__chain_key(const SlSource *source, TSNode key, SlFactsChain *chain) {
  size_t length;
  const char *text = sl_facts__text(source, key, &length);
  if (sl_facts__is(key, "string") && ts_node_child_count(key) == 3 &&
      sl_facts__is(ts_node_child(key, 1), "string_content"))
    text = sl_facts__text(source, ts_node_child(key, 1), &length);
  else if (!sl_facts__is(key, "integer"))
    text = "*", length = 1;
  return sl_facts__chain_push(chain, text, length);
}

/* One step of a chain, outermost first: `x.key`, `x["key"]`, `x.get("key"[, default])`.
 * Sets *next to x; false when `node` is no such step. */
static bool sl_facts__chain_step(const SlSource *source, TSNode node, SlFactsChain *chain,
                                 TSNode *next) {
  if (sl_facts__is(node, "attribute")) {
    *next = sl_facts__field(node, "object");
    size_t length;
    const char *text = sl_facts__text(source, sl_facts__field(node, "attribute"), &length);
    return sl_facts__chain_push(chain, text, length);
  }
  if (sl_facts__is(node, "subscript")) {
    *next = sl_facts__field(node, "value");
    return sl_facts__chain_key(source, sl_facts__field(node, "subscript"), chain);
  }
  TSNode callee = sl_facts__field(node, "function"), arguments = sl_facts__field(node, "arguments");
  if (!sl_facts__is(node, "call") || !sl_facts__is(callee, "attribute") ||
      !sl_facts__text_is(source, sl_facts__field(callee, "attribute"), "get"))
    return false;
  bool splat = false;
  TSNode key = sl_facts__positional(arguments, 0, &splat);
  if (ts_node_is_null(key)) return false;
  if (chain->count == 0) chain->fallback = sl_facts__positional(arguments, 1, &splat);
  *next = sl_facts__field(callee, "object");
  return sl_facts__chain_key(source, key, chain);
}

/* Reads `node` as a chain of keys ending in a name; keys come out root first. */
static bool sl_facts__chain(const SlSource *source, TSNode node, SlFactsChain *chain) {
  *chain = (SlFactsChain){0};
  while (!sl_facts__is(node, "identifier"))
    if (!sl_facts__chain_step(source, node, chain, &node)) return false;
  size_t length;
  const char *root = sl_facts__text(source, node, &length);
  if (!sl_facts__chain_push(chain, root, length)) return false;
  for (uint32_t i = 0; i < chain->count / 2; i++) {
    uint32_t j = chain->count - 1 - i;
    const char *key = chain->keys[i];
    size_t key_length = chain->lengths[i];
    chain->keys[i] = chain->keys[j], chain->lengths[i] = chain->lengths[j];
    chain->keys[j] = key, chain->lengths[j] = key_length;
  }
  return true;
}

static bool sl_facts__word_is(const char *text, size_t length, const char *word) {
  return strlen(word) == length && strncasecmp(text, word, length) == 0;
}

static bool sl_facts__has_suffix(const char *text, size_t length, const char *suffix) {
  size_t suffix_length = strlen(suffix);
  return length >= suffix_length &&
         strncasecmp(text + length - suffix_length, suffix, suffix_length) == 0;
}

static bool sl_facts__contains_word(const char *text, size_t length, const char *word) {
  size_t word_length = strlen(word);
  for (size_t i = 0; i + word_length <= length; i++)
    if (strncasecmp(text + i, word, word_length) == 0) return true;
  return false;
}

/* Parsed command-line arguments: `args`, `opts`, `FLAGS`, `parsed_args`, `*_args`. */
static bool sl_facts__is_arguments_name(const char *text, size_t length) {
  static const char *const names[] = {"args",      "opt",      "opts",       "flags",
                                      "arguments", "cli_args", "parsed_args"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (sl_facts__word_is(text, length, names[i])) return true;
  return sl_facts__has_suffix(text, length, "_args");
}

/* Configuration objects: `config`, `cfg`, `settings`, `app_config`, `params`, `hparams`,
 * and a function's `**kwargs` (`kwargs.get("model_name", "all-MiniLM-L6-v2")`: the default
 * is what loads when the caller passes nothing). */
static bool sl_facts__is_config_name(const char *text, size_t length) {
  static const char *const names[] = {"conf", "params", "hparams", "hyperparams", "kwargs"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (sl_facts__word_is(text, length, names[i])) return true;
  return sl_facts__contains_word(text, length, "config") ||
         sl_facts__contains_word(text, length, "cfg") ||
         sl_facts__contains_word(text, length, "settings") ||
         sl_facts__has_suffix(text, length, "_conf") ||
         sl_facts__has_suffix(text, length, "_params");
}

/* The argparse destination of an `add_argument` call: dest=, else its first long
 * option, else its positional name; '-' become '_'. */
static void sl_facts__option_dest(const SlSource *source, TSNode call, SlStrbuf *out) {
  TSNode arguments = sl_facts__field(call, "arguments");
  if (sl_facts__plain_string(source, sl_facts__keyword(source, arguments, "dest"), out)) return;
  bool splat = false;
  for (int i = 0; i < 4 && !out->length; i++) {
    SlStrbuf name = {0};
    bool string = sl_facts__plain_string(source, sl_facts__positional(arguments, i, &splat), &name);
    const char *text = sl_strbuf_cstr(&name);
    if (string && (strncmp(text, "--", 2) == 0 || (i == 0 && text[0] != '-')))
      for (const char *c = text + strspn(text, "-"); *c; c++)
        sl_strbuf_append(out, *c == '-' ? "_" : c, 1);
    sl_strbuf_delete(&name);
    if (!string) break;
  }
}

/* The default= of the argparse option whose destination is `key`; null if none. */
static TSNode sl_facts__option_default(const SlFactsScan *scan, const char *key) {
  for (size_t i = 0; i < scan->options.count; i++) {
    SlStrbuf dest = {0};
    sl_facts__option_dest(scan->source, scan->options.items[i], &dest);
    bool same = strcmp(sl_strbuf_cstr(&dest), key) == 0;
    sl_strbuf_delete(&dest);
    if (same)
      return sl_facts__keyword(scan->source, sl_facts__field(scan->options.items[i], "arguments"),
                               "default");
  }
  return (TSNode){0};
}

/* `os.environ["X"]` -> "env:X"; `sys.argv[1]` -> "arg:argv[1]". */
static bool sl_facts__resolve_subscript(const SlFactsScan *scan, TSNode node, SlFactsRef *out) {
  SlStrbuf name = {0}, key = {0};
  bool matched = false;
  TSNode index = sl_facts__field(node, "subscript");
  if (sl_facts__is(node, "subscript") &&
      sl_facts__canonical(scan, sl_facts__field(node, "value"), &name)) {
    if (strcmp(sl_strbuf_cstr(&name), "os.environ") == 0 &&
        sl_facts__plain_string(scan->source, index, &key)) {
      sl_facts__ref_source(out, "env", sl_strbuf_cstr(&key), "env", "environment variable");
      matched = true;
    } else if (strcmp(sl_strbuf_cstr(&name), "sys.argv") == 0) {
      char *text = sl_facts__compact(scan->source, index, true);
      sl_strbuf_printf(&key, "argv[%s]", text);
      sl_free(text);
      sl_facts__ref_source(out, "arg", sl_strbuf_cstr(&key), "argument", "command-line argument");
      matched = true;
    }
  }
  sl_strbuf_delete(&name);
  sl_strbuf_delete(&key);
  return matched;
}

/* The first element of a chain, before its last, that names parsed arguments (*kind
 * 'a') or configuration ('c'); chain->count when none does. */
static uint32_t sl_facts__chain_source(const SlFactsChain *chain, char *kind) {
  for (uint32_t i = 0; i + 1 < chain->count; i++) {
    *kind = sl_facts__is_arguments_name(chain->keys[i], chain->lengths[i]) ? 'a'
            : sl_facts__is_config_name(chain->keys[i], chain->lengths[i])  ? 'c'
                                                                           : 0;
    if (*kind) return i;
  }
  return chain->count;
}

/* Attribute, subscript and `.get()` chains through parsed arguments ("arg:model":
 * `args.model`, `self.args.model`) or configuration ("config:model.uri": `cfg.model.uri`,
 * `ctx.model_yaml_config["model"]["uri"]`), with argparse or `.get()` defaults. Anything
 * else is an expression. */
static void sl_facts__resolve_access(const SlFactsScan *scan, TSNode node, TSNode function,
                                     int depth, SlFactsRef *out) {
  if (sl_facts__resolve_subscript(scan, node, out)) return;
  SlFactsChain chain;
  if (!sl_facts__chain(scan->source, node, &chain)) {
    sl_facts__ref_expression(scan->source, node, out);
    return;
  }
  char kind = 0;
  uint32_t first = sl_facts__chain_source(&chain, &kind);
  if (first == chain.count) {
    sl_facts__ref_expression(scan->source, node, out);
    return;
  }
  bool arguments = kind == 'a';
  SlStrbuf keys = {0};
  for (uint32_t i = first + 1; i < chain.count; i++)
    sl_strbuf_printf(&keys, "%s%.*s", i > first + 1 ? "." : "", (int)chain.lengths[i],
                     chain.keys[i]);
  const char *key = sl_strbuf_cstr(&keys);
  if (arguments) {
    sl_facts__ref_source(out, "arg", key, "argument", "command-line argument");
    sl_facts__ref_default(scan, sl_facts__option_default(scan, key), (TSNode){0}, depth, out);
  } else {
    sl_facts__ref_source(out, "config", key, "config", "configuration key");
    sl_facts__ref_default(scan, chain.fallback, function, depth, out);
  }
  sl_strbuf_delete(&keys);
}

/* ---- instance and class attributes ---- */

typedef struct {
  const SlSource *source;
  TSNode attribute;    /* the name looked for */
  TSNode class_body;   /* assignments directly in it are class attributes */
  TSNode use_function; /* the method the use is in */
  uint32_t use_start;
  TSNode best, best_function;
  int best_rank; /* 3: earlier in the use's method, 2: a load hook, 1: any other method, 0: the
                    class body */
} SlFactsAttributeSearch;

/* The method (innermost function) holding `node` within the class, or null. */
static TSNode sl_facts__method_of(TSNode node, TSNode class_body) {
  for (TSNode parent = ts_node_parent(node);
       !ts_node_is_null(parent) && !ts_node_eq(parent, class_body); parent = ts_node_parent(parent))
    if (sl_facts__is(parent, "function_definition")) return parent;
  return (TSNode){0};
}

static bool sl_facts__visit_attribute_assignment(void *context, TSNode node) {
  SlFactsAttributeSearch *search = context;
  if (sl_facts__is(node, "class_definition")) return false; /* a nested class is another one */
  if (!sl_facts__is(node, "assignment")) return true;
  TSNode left = sl_facts__field(node, "left"), right = sl_facts__field(node, "right");
  if (ts_node_is_null(right)) return true;
  TSNode method = sl_facts__method_of(node, search->class_body);
  bool self_attribute =
      sl_facts__is(left, "attribute") &&
      sl_facts__text_is(search->source, sl_facts__field(left, "object"), "self") &&
      sl_facts__same_text(search->source, sl_facts__field(left, "attribute"), search->attribute);
  bool class_attribute = ts_node_is_null(method) && sl_facts__is(left, "identifier") &&
                         ts_node_eq(ts_node_parent(ts_node_parent(node)), search->class_body) &&
                         sl_facts__same_text(search->source, left, search->attribute);
  if (!self_attribute && !class_attribute) return true;
  int rank = 0;
  if (!ts_node_is_null(method)) {
    TSNode name = sl_facts__field(method, "name");
    bool hook = sl_facts__text_is(search->source, name, "__init__") ||
                sl_facts__text_is(search->source, name, "setup") ||
                sl_facts__text_is(search->source, name, "initialize") ||
                sl_facts__text_is(search->source, name, "load");
    bool earlier =
        ts_node_eq(method, search->use_function) && ts_node_end_byte(node) <= search->use_start;
    rank = earlier ? 3 : hook ? 2 : 1;
  }
  if (ts_node_is_null(search->best) || rank > search->best_rank) {
    search->best = right;
    search->best_function = method;
    search->best_rank = rank;
  }
  return true;
}

/* `self.X` (or a class attribute read as `self.X`) in a method: the value assigned to it
 * in the class: earlier in the same method, else in a load hook (__init__, setup...),
 * else in any method, else in the class body. False when the class assigns none. */
static bool sl_facts__resolve_self_attribute(const SlFactsScan *scan, TSNode node, TSNode function,
                                             int depth, SlFactsRef *out) {
  if (!sl_facts__is(node, "attribute") || ts_node_is_null(function) ||
      !sl_facts__text_is(scan->source, sl_facts__field(node, "object"), "self"))
    return false;
  TSNode class_body = {0};
  for (TSNode parent = ts_node_parent(function); !ts_node_is_null(parent);
       parent = ts_node_parent(parent))
    if (sl_facts__is(parent, "class_definition")) {
      class_body = sl_facts__field(parent, "body");
      break;
    }
  if (ts_node_is_null(class_body)) return false;
  SlFactsAttributeSearch search = {.source = scan->source,
                                   .attribute = sl_facts__field(node, "attribute"),
                                   .class_body = class_body,
                                   .use_function = function,
                                   .use_start = ts_node_start_byte(node)};
  sl_pyast_walk(class_body, sl_facts__visit_attribute_assignment, &search);
  if (ts_node_is_null(search.best)) return false;
  sl_facts__resolve(scan, search.best, search.best_function, depth + 1, out);
  if (out->origin && strcmp(out->origin, "literal") == 0) out->origin = "constant";
  return true;
}

/* `a / b` and `a + b` as joins; `a or b` as `a` with default `b`. */
static void sl_facts__resolve_operator(const SlFactsScan *scan, TSNode node, TSNode function,
                                       int depth, SlFactsRef *out) {
  TSNode parts[2] = {sl_facts__field(node, "left"), sl_facts__field(node, "right")};
  TSNode operator= sl_facts__field(node, "operator");
  bool slash = sl_facts__text_is(scan->source, operator, "/"),
       plus = sl_facts__text_is(scan->source, operator, "+");
  if (sl_facts__is(node, "binary_operator") && (slash || plus)) {
    sl_facts__resolve_join(scan, parts, 2, slash ? "/" : "", function, depth, out);
  } else if (sl_facts__is(node, "boolean_operator") &&
             sl_facts__text_is(scan->source, operator, "or")) {
    sl_facts__resolve(scan, parts[0], function, depth + 1, out);
    sl_facts__ref_default(scan, parts[1], function, depth, out);
  } else {
    sl_facts__ref_expression(scan->source, node, out);
  }
}

/* Resolves `node` into `out` (zeroed by the caller; cleared with sl_facts__ref_clear).
 * `function` is the function whose local bindings are visible, or null. */
static void sl_facts__resolve(const SlFactsScan *scan, TSNode node, TSNode function, int depth,
                              SlFactsRef *out) {
  const char *type = ts_node_is_null(node) ? "" : ts_node_type(node);
  if (depth > SL_FACTS_RESOLVE_DEPTH || !*type) {
    sl_facts__ref_expression(scan->source, node, out);
  } else if (strcmp(type, "string") == 0 || strcmp(type, "concatenated_string") == 0) {
    sl_facts__resolve_string(scan, node, function, depth, out);
  } else if (strcmp(type, "integer") == 0) {
    out->text = sl_facts__compact(scan->source, node, true);
    out->reference = sl_strdup(out->text);
    out->origin = "literal";
  } else if (strcmp(type, "identifier") == 0) {
    sl_facts__resolve_name(scan, node, function, depth, out);
  } else if (strcmp(type, "parenthesized_expression") == 0 &&
             ts_node_named_child_count(node) == 1) {
    sl_facts__resolve(scan, ts_node_named_child(node, 0), function, depth + 1, out);
  } else if (strcmp(type, "call") == 0) {
    sl_facts__resolve_call(scan, node, function, depth, out);
  } else if (strcmp(type, "attribute") == 0 || strcmp(type, "subscript") == 0) {
    if (!sl_facts__resolve_self_attribute(scan, node, function, depth, out))
      sl_facts__resolve_access(scan, node, function, depth, out);
  } else if (strcmp(type, "binary_operator") == 0 || strcmp(type, "boolean_operator") == 0) {
    sl_facts__resolve_operator(scan, node, function, depth, out);
  } else {
    sl_facts__ref_expression(scan->source, node, out);
  }
}

/* ---- matching ---- */

/* `object.load_model(...)` where object is built by a booster-like constructor, directly
 * or through a name assigned anywhere in the file. The loader is "<Ctor>.load_model". */
static bool sl_facts__match_booster(const SlFactsScan *scan, TSNode object, SlFactsMatch *match) {
  TSNode constructor =
      sl_facts__is(object, "call") ? sl_facts__field(object, "function") : (TSNode){0};
  for (size_t i = 0; ts_node_is_null(constructor) && i < scan->objects.count; i++)
    if (sl_facts__same_text(scan->source, scan->objects.items[i].name, object))
      constructor = sl_facts__field(scan->objects.items[i].value, "function");
  SlStrbuf canonical = {0};
  bool booster = !ts_node_is_null(constructor) &&
                 sl_facts__canonical(scan, constructor, &canonical) &&
                 sl_facts__is_booster_constructor(sl_strbuf_cstr(&canonical));
  sl_strbuf_delete(&canonical);
  if (!booster) return false;
  char *text = sl_facts__compact(scan->source, constructor, true);
  sl_strbuf_printf(&match->loader, "%s.load_model", text);
  sl_free(text);
  match->entry = &booster_load_model;
  return true;
}

/* `X.from_pretrained(...)` for any X; PEFT classes take the adapter second. */
static void sl_facts__match_from_pretrained(const SlFactsScan *scan, TSNode object,
                                            SlFactsMatch *match) {
  char *text = sl_facts__compact(scan->source, object, true);
  sl_strbuf_printf(&match->loader, "%s.from_pretrained", text);
  match->entry = strncmp(sl_facts__last_segment(text), "Peft", 4) == 0 ? &peft_from_pretrained
                                                                       : &from_pretrained;
  sl_free(text);
}

/* The loader table, by canonical name; a bare name imported with `from m import name` is
 * recorded by its canonical name, anything else as written. */
static bool sl_facts__match_table(const SlFactsScan *scan, TSNode callee, SlFactsMatch *match) {
  SlStrbuf written = {0}, canonical = {0};
  bool found = false;
  if (sl_facts__dotted(scan->source, callee, &written)) {
    const char *name = sl_strbuf_cstr(&written);
    bool bare = !strchr(name, '.'), imported = sl_facts__alias_of(scan, name, strlen(name)) != NULL;
    sl_facts__canonicalise(scan, name, &canonical);
    for (size_t i = 0; !found && i < sizeof loaders / sizeof *loaders; i++) {
      const SlFactsLoader *loader = &loaders[i];
      found = sl_facts__pattern_matches(loader->pattern, sl_strbuf_cstr(&canonical)) ||
              ((loader->flags & SL_FACTS_BARE) && bare && !imported &&
               strcmp(name, sl_facts__last_segment(loader->pattern)) == 0);
      if (found) match->entry = loader;
    }
    if (found) sl_strbuf_puts(&match->loader, bare ? sl_strbuf_cstr(&canonical) : name);
  }
  sl_strbuf_delete(&written);
  sl_strbuf_delete(&canonical);
  return found;
}

static bool sl_facts__match(const SlFactsScan *scan, TSNode call, SlFactsMatch *match) {
  TSNode callee = sl_facts__field(call, "function");
  if (sl_facts__is(callee, "attribute")) {
    TSNode method = sl_facts__field(callee, "attribute"),
           object = sl_facts__field(callee, "object");
    if (sl_facts__text_is(scan->source, method, "from_pretrained")) {
      sl_facts__match_from_pretrained(scan, object, match);
      return true;
    }
    if (sl_facts__text_is(scan->source, method, "load_model") &&
        sl_facts__match_booster(scan, object, match))
      return true;
  }
  return sl_facts__match_table(scan, callee, match);
}

/* ---- verdicts and records ---- */

/* The revision= of a Hugging Face load, into `query` (`holder` keeps its text alive). A
 * revision with a default (`args.revision` whose argparse default is "main") is judged
 * by its default, like references. */
static void sl_facts__revision(const SlFactsScan *scan, const SlFactsSite *site, SlPinQuery *query,
                               SlFactsRef *holder) {
  TSNode arguments = sl_facts__field(site->call, "arguments");
  TSNode value = sl_facts__keyword(scan->source, arguments, "revision");
  query->revision_kind = SL_REVISION_ABSENT;
  /* A wrapper's own `from_pretrained(model_id, revision)` takes it positionally: a name
   * that says revision is one (transformers' loaders never take it positionally). */
  for (uint32_t i = 1; ts_node_is_null(value) && i < ts_node_named_child_count(arguments); i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (!sl_facts__is(argument, "identifier") && !sl_facts__is(argument, "attribute")) continue;
    TSNode name = sl_facts__final_name(argument);
    char *text = ts_node_is_null(name) ? NULL : sl_facts__compact(scan->source, name, true);
    if (text && strstr(text, "revision")) value = argument;
    sl_free(text);
  }
  /* Embedding wrappers pass it on in `model_kwargs={"revision": ...}` (a literal: kwargs
   * built elsewhere rarely hold one, and usually say `device`). */
  TSNode kwargs = sl_facts__keyword(scan->source, arguments, "model_kwargs");
  if (ts_node_is_null(value) && sl_facts__is(kwargs, "dictionary"))
    value = sl_facts__dictionary_value(scan->source, kwargs, "revision");
  if (ts_node_is_null(value) || sl_facts__is(value, "none")) return;
  sl_facts__resolve(scan, value, site->function, 0, holder);
  /* a revision parameter (`def load(name, revision="main")`) is the caller's to pin: its
   * default is not what every caller serves */
  bool parameter = holder->reference && strncmp(holder->reference, "param:", 6) == 0;
  bool defaulted = holder->is_default && !holder->is_template;
  query->revision_kind = !parameter && (sl_facts__is_fixed(holder) || defaulted)
                             ? SL_REVISION_LITERAL
                             : SL_REVISION_EXPRESSION;
  query->revision = holder->text;
}

/* Why a reference this file cannot resolve is unknown. */
static void sl_facts__explain_unresolved(const SlFactsRef *ref, SlStrbuf *out) {
  const char *origin = ref->origin;
  if (strcmp(origin, "env") == 0 || strcmp(origin, "argument") == 0)
    sl_strbuf_printf(out, "%s, with no default in this file", ref->what);
  else if (strcmp(origin, "config") == 0)
    sl_strbuf_printf(out, "%s, set outside this file", ref->what);
  else if (strcmp(origin, "variable") == 0)
    sl_strbuf_printf(out, "%s, not resolved in this file", ref->what);
  else
    sl_strbuf_puts(out, "computed at run time");
}

/* The recorded reason: the classification, said of the default when the reference (or
 * else the revision) is an environment variable, argument or configuration key with
 * one. One line. */
static char *sl_facts__explain(const SlFactsRef *ref, const SlFactsRef *revision,
                               const char *classified) {
  SlStrbuf out = {0};
  if (ref->is_default)
    sl_strbuf_printf(&out, "%s defaults to \"%.80s\": %s", ref->what, ref->text, classified);
  else if (revision->is_default && revision->text)
    sl_strbuf_printf(&out, "%s defaults to \"%.80s\": %s", revision->what, revision->text,
                     classified);
  else if (*classified)
    sl_strbuf_puts(&out, classified);
  else
    sl_facts__explain_unresolved(ref, &out);
  char *reason = sl_strbuf_take(&out);
  for (char *c = reason; *c; c++)
    if ((unsigned char)*c < 0x20) *c = ' ';
  return reason;
}

static SlPinVerdict sl_facts__judge(const SlFactsScan *scan, const SlFactsSite *site,
                                    const SlFactsLoader *loader, const SlFactsRef *ref,
                                    char **reason, SlModelLoad *basis) {
  TSNode arguments = sl_facts__field(site->call, "arguments");
  SlPinQuery query = {loader->family, ref->text, SL_REVISION_ABSENT, NULL, false};
  SlStrbuf source = {0};
  if (loader->family == SL_PIN_FAMILY_TORCH_HUB &&
      sl_facts__plain_string(scan->source, sl_facts__keyword(scan->source, arguments, "source"),
                             &source) &&
      strcmp(sl_strbuf_cstr(&source), "local") == 0)
    query.family = SL_PIN_FAMILY_URI;
  sl_strbuf_delete(&source);
  SlFactsRef revision = {0};
  if (loader->family == SL_PIN_FAMILY_HUGGING_FACE) {
    sl_facts__revision(scan, site, &query, &revision);
    query.local_files_only =
        sl_facts__is(sl_facts__keyword(scan->source, arguments, "local_files_only"), "true");
  }
  char classified[SL_PIN_REASON_SIZE];
  SlPinVerdict verdict = sl_pinning_classify(&query, classified);
  /* snapshot_download and hf_hub_download only ever fetch from the Hub: whatever the id
   * (a variable, an argument), no revision= means the main branch. */
  if (verdict == SL_PIN_UNKNOWN && (loader->flags & SL_FACTS_HUB_ONLY) &&
      query.revision_kind == SL_REVISION_ABSENT && !query.local_files_only) {
    verdict = SL_PIN_UNPINNED;
    snprintf(classified, sizeof classified,
             "no revision=: the Hub's main branch, which moves (this loader only fetches "
             "from the Hub)");
  }
  /* An id this file cannot resolve, held in a name that says "Hub id" (model_id,
   * MODEL_NAME, repo_id) and not "path": weaker than a value, but such a name rarely
   * holds a directory, and without revision= a Hub id serves the main branch. */
  if (verdict == SL_PIN_UNKNOWN && query.family == SL_PIN_FAMILY_HUGGING_FACE &&
      query.revision_kind == SL_REVISION_ABSENT && !query.local_files_only && ref->reference &&
      sl_pinning_name_suggests_hub_id(ref->reference)) {
    verdict = SL_PIN_UNPINNED;
    snprintf(classified, sizeof classified,
             "%.80s is named as a Hub id and no revision= is given: a Hub id serves the main "
             "branch, which moves",
             ref->what ? ref->what : ref->reference);
  }
  if (loader->flags & SL_FACTS_NEWEST) {
    verdict = SL_PIN_UNPINNED;
    snprintf(classified, sizeof classified,
             "the newest checkpoint in the directory: whatever training wrote last");
  }
  *reason = sl_facts__explain(ref, &revision, classified);
  basis->pin_family = (int)query.family;
  basis->revision_kind = (int)query.revision_kind;
  basis->revision = query.revision_kind == SL_REVISION_LITERAL && query.revision
                        ? sl_strdup(query.revision)
                        : NULL;
  basis->local_files_only = query.local_files_only;
  sl_facts__ref_clear(&revision);
  return verdict;
}

static void sl_facts__record(const SlFactsScan *scan, TSNode call, SlFactsMatch *match,
                             SlFactsRef *ref, SlPinVerdict verdict, char *reason,
                             const SlModelLoad *basis) {
  size_t length;
  const char *line = sl_source_line(scan->source, ts_node_start_point(call).row, &length);
  SlModelLoad load = {sl_strdup(scan->source->path),
                      sl_strbuf_take(&match->loader),
                      ref->reference,
                      sl_strdup(ref->origin),
                      verdict,
                      reason,
                      sl_span_of_node(call),
                      sl_strndup(line, length),
                      basis ? basis->pin_family : (int)match->entry->family,
                      basis ? basis->revision_kind : SL_REVISION_ABSENT,
                      basis ? basis->revision : NULL,
                      basis ? basis->local_files_only : false,
                      false,
                      false};
  load.reference_line = ref->line;
  if (ref->line && ref->line != load.span.line) {
    const char *text = sl_source_line(scan->source, ref->line - 1, &length);
    load.reference_snippet = sl_strndup(text, length);
  }
  ref->reference = NULL;
  sl_vec_push(&scan->facts->model_loads, load);
}

/* Is the model argument of a pipeline an object loaded elsewhere (a call, or a name
 * bound to one), rather than a model id? That load is recorded where it happens. */
static bool sl_facts__is_model_object(const SlFactsScan *scan, const SlFactsSite *site,
                                      TSNode argument) {
  static const char *const text_calls[] = {"getenv", "get", "join", "str", "Path", "format"};
  bool in_function;
  if (sl_facts__is(argument, "identifier") &&
      !sl_facts__lookup(scan, site->function, argument, &argument, &in_function))
    return false;
  if (!sl_facts__is(argument, "call")) return false;
  TSNode name = sl_facts__final_name(sl_facts__field(argument, "function"));
  if (ts_node_is_null(name)) return true;
  char *text = sl_facts__compact(scan->source, name, true);
  bool is_text = sl_facts__name_in(text, text_calls, sizeof text_calls / sizeof *text_calls);
  sl_free(text);
  return !is_text;
}

/* A load call whose model argument is missing: a pipeline's default model, or unknown. */
static void sl_facts__record_missing(const SlFactsScan *scan, TSNode call, SlFactsMatch *match,
                                     bool splat) {
  bool pipeline = (match->entry->flags & SL_FACTS_PIPELINE) && !splat;
  SlFactsRef ref = {sl_strdup(""), pipeline ? "default" : "expression", NULL, NULL, false, false};
  const char *reason =
      pipeline ? "pipeline(task) without a model: the library's default model for the task"
      : splat  ? "model passed through *args or **kwargs"
               : "no model argument in the call";
  sl_facts__record(scan, call, match, &ref, pipeline ? SL_PIN_UNPINNED : SL_PIN_UNKNOWN,
                   sl_strdup(reason), NULL);
  sl_facts__ref_clear(&ref);
}

/* Whether a generic deserialiser's result is bound to a name for data, not a model:
 * `stopwords = pickle.load(f)`, `_embedding_vi = pickle.loads(blob)`,
 * `history = joblib.load(...)`. */
static bool sl_facts__loads_named_data(const SlFactsScan *scan, const SlFactsMatch *match,
                                       TSNode call) {
  static const char *const generic[] = {"joblib.load",      "pickle.load",       "pickle.loads",
                                        "cloudpickle.load", "cloudpickle.loads", "dill.load",
                                        "dill.loads"};
  static const char *const words[] = {"embedding", "stopword", "dataset", "history",
                                      "payload",   "message",  "result",  "corpus"};
  bool deserialiser = false;
  for (size_t i = 0; i < sizeof generic / sizeof *generic && !deserialiser; i++)
    deserialiser = strcmp(match->entry->pattern, generic[i]) == 0;
  TSNode parent = ts_node_parent(call);
  if (!deserialiser || !sl_facts__is(parent, "assignment")) return false;
  TSNode target = sl_facts__final_name(sl_facts__field(parent, "left"));
  if (ts_node_is_null(target)) return false;
  uint32_t start = ts_node_start_byte(target), end = ts_node_end_byte(target);
  char name[128];
  size_t length = end - start < sizeof name - 1 ? end - start : sizeof name - 1;
  for (size_t i = 0; i < length; i++)
    name[i] = (char)tolower((unsigned char)scan->source->bytes[start + i]);
  name[length] = '\0';
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strstr(name, words[i])) return true;
  return false;
}

/* `pickle.loads(pickle.dumps(x))` and `pickle.loads(b"...")`: a round trip or an inline
 * payload, not a model loaded from anywhere. */
static bool sl_facts__is_payload(const SlFactsScan *scan, const SlFactsMatch *match,
                                 TSNode argument) {
  if (strcmp(sl_facts__last_segment(match->entry->pattern), "loads") != 0) return false;
  if (sl_facts__is(argument, "string") || sl_facts__is(argument, "concatenated_string"))
    return true;
  TSNode name = sl_facts__is(argument, "call")
                    ? sl_facts__final_name(sl_facts__field(argument, "function"))
                    : argument;
  return sl_facts__is(argument, "call") && sl_facts__text_is(scan->source, name, "dumps");
}

static void sl_facts__inspect(const SlFactsScan *scan, const SlFactsSite *site) {
  SlFactsMatch match = {0};
  if (!sl_facts__match(scan, site->call, &match)) return;
  const SlFactsLoader *loader = match.entry;
  bool splat = false;
  TSNode argument = sl_facts__model_argument(scan->source, sl_facts__field(site->call, "arguments"),
                                             loader, &splat);
  if (ts_node_is_null(argument)) {
    if (!(loader->flags & SL_FACTS_KEYWORD))
      sl_facts__record_missing(scan, site->call, &match, splat);
  } else if (!((loader->flags & SL_FACTS_PIPELINE) &&
               sl_facts__is_model_object(scan, site, argument)) &&
             !sl_facts__is_payload(scan, &match, argument) &&
             !sl_facts__loads_named_data(scan, &match, site->call)) {
    SlFactsRef ref = {0};
    sl_facts__resolve(scan, argument, site->function, 0, &ref);
    char *reason;
    SlModelLoad basis = {0};
    SlPinVerdict verdict = sl_facts__judge(scan, site, loader, &ref, &reason, &basis);
    sl_facts__record(scan, site->call, &match, &ref, verdict, reason, &basis);
    sl_facts__ref_clear(&ref);
  }
  sl_strbuf_delete(&match.loader);
}

void sl_facts_find_model_loads(const SlSource *source, TSNode root, SlFileFacts *facts) {
  SlFactsScan scan = {.source = source, .facts = facts};
  sl_facts__walk(&scan, root);
  for (size_t i = 0; i < scan.sites.count; i++) sl_facts__inspect(&scan, &scan.sites.items[i]);
  for (size_t i = 0; i < scan.aliases.count; i++) {
    sl_free(scan.aliases.items[i].name);
    sl_free(scan.aliases.items[i].target);
  }
  sl_vec_delete(&scan.aliases);
  sl_vec_delete(&scan.bindings);
  sl_vec_delete(&scan.sites);
  sl_vec_delete(&scan.objects);
  sl_vec_delete(&scan.options);
}
