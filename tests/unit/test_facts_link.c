/* Repository facts (facts_link.c): small multi-file repositories built in memory, each
 * file parsed, given roles and facts as the engine does, then linked. Checks the
 * function lists (qualified names, decorators, callees), inference and online paths
 * within a file and across files, constants resolved across files, the memoised and
 * payload flags of model loads, and the taint of a few expressions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/python.h"
#include "servelint/roles.h"
#include "servelint/source.h"
#include "servelint/taint.h"

static SlPythonParser *parser;

/* One file of a test repository: its source and tree stay alive for taint queries. */
typedef struct {
  SlSource *source;
  TSTree *tree;
} Parsed;

typedef struct {
  const char *path;
  const char *text;
} FileSpec;

/* Builds `repo` from `count` files (in the given order) and links it. `parsed` (count
 * entries) receives each file's source and tree; free them with release(). */
static void build(SlRepoFacts *repo, Parsed *parsed, const FileSpec *files, size_t count) {
  repo->files = sl_calloc(count, sizeof *repo->files);
  repo->file_count = count;
  for (size_t i = 0; i < count; i++) {
    SlError error = {0};
    SlSource *source = sl_source_from_bytes(files[i].path, files[i].text, strlen(files[i].text));
    TSTree *tree = sl_python_parse(parser, source->path, source->bytes, source->byte_count, &error);
    CHECK(tree != NULL);
    TSNode root = ts_tree_root_node(tree);
    CHECK(ts_node_is_null(sl_python_first_error(root)));
    SlRoleSet roles = sl_roles_detect_python(source->path, root, source->bytes);
    repo->files[i] = sl_facts_extract_python(source, root, roles);
    parsed[i] = (Parsed){source, tree};
  }
}

static void release(SlRepoFacts *repo, Parsed *parsed, size_t count) {
  for (size_t i = 0; i < count; i++) {
    ts_tree_delete(parsed[i].tree);
    sl_source_delete(parsed[i].source);
  }
  sl_repo_facts_clear(repo);
  CHECK(repo->files == NULL && repo->file_count == 0);
}

static SlFileFacts *file_named(const SlRepoFacts *repo, const char *path) {
  for (size_t i = 0; i < repo->file_count; i++)
    if (strcmp(repo->files[i]->path, path) == 0) return repo->files[i];
  return NULL;
}

static const SlFunction *function_named(const SlFileFacts *facts, const char *name) {
  for (size_t i = 0; facts && i < facts->functions.count; i++)
    if (strcmp(facts->functions.items[i].name, name) == 0) return &facts->functions.items[i];
  return NULL;
}

static bool has_string(const SlStringVec *strings, const char *text) {
  for (size_t i = 0; i < strings->count; i++)
    if (strcmp(strings->items[i], text) == 0) return true;
  return false;
}

static void dump_functions(const SlFileFacts *facts) {
  for (size_t i = 0; facts && i < facts->functions.count; i++) {
    const SlFunction *function = &facts->functions.items[i];
    fprintf(stderr, "    %s:%s line %u%s%s%s callees:", facts->path, function->name,
            function->name_span.line, function->is_load_hook ? " load-hook" : "",
            function->on_inference_path ? " inference" : "",
            function->on_online_path ? " online" : "");
    for (size_t c = 0; c < function->callees.count; c++)
      fprintf(stderr, " %s", function->callees.items[c]);
    fprintf(stderr, "\n");
  }
}

/* Checks the path flags of `name` in `facts`. */
#define EXPECT_PATH(facts, name, inference, online) \
  expect_path((facts), (name), (inference), (online), __LINE__)

static void expect_path(const SlFileFacts *facts, const char *name, bool inference, bool online,
                        int caller) {
  int failures = sl_check_failures;
  const SlFunction *function = function_named(facts, name);
  CHECK(function != NULL);
  if (function) {
    CHECK(function->on_inference_path == inference);
    CHECK(function->on_online_path == online);
  }
  if (sl_check_failures != failures) {
    fprintf(stderr, "  ^ from test line %d: %s in %s; functions:\n", caller, name,
            facts ? facts->path : "(no file)");
    dump_functions(facts);
  }
}

/* The model load whose call starts on 1-based `line`. */
static const SlModelLoad *load_at(const SlFileFacts *facts, uint32_t line) {
  for (size_t i = 0; facts && i < facts->model_loads.count; i++)
    if (facts->model_loads.items[i].span.line == line) return &facts->model_loads.items[i];
  return NULL;
}

/* The smallest node spanning occurrence `nth` (0-based) of `needle` in the file. */
static TSNode node_of(const Parsed *parsed, const char *needle, int nth) {
  const char *bytes = parsed->source->bytes;
  const char *found = strstr(bytes, needle);
  for (int i = 0; found && i < nth; i++) found = strstr(found + 1, needle);
  CHECK(found != NULL);
  if (!found) return (TSNode){{0}, NULL, NULL};
  uint32_t start = (uint32_t)(found - bytes), end = start + (uint32_t)strlen(needle);
  TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(parsed->tree), start, end);
  CHECK(ts_node_start_byte(node) == start && ts_node_end_byte(node) == end);
  return node;
}

/* ---- one file: names, decorators, callees, paths ---- */

static const char one_file[] =
    "from fastapi import FastAPI\n"              /* 1 */
    "from ray import serve\n"                    /* 2 */
    "import functools\n"                         /* 3 */
    "\n"                                         /* 4 */
    "app = FastAPI()\n"                          /* 5 */
    "\n"                                         /* 6 */
    "@app.post(\"/predict\")\n"                  /* 7 */
    "def f(x: dict):\n"                          /* 8 */
    "    model = load_model()\n"                 /* 9 */
    "    return helper(x)\n"                     /* 10 */
    "\n"                                         /* 11 */
    "def helper(x):\n"                           /* 12 */
    "    return deeper(x)\n"                     /* 13 */
    "\n"                                         /* 14 */
    "@functools.lru_cache(maxsize=1)\n"          /* 15 */
    "def deeper(x):\n"                           /* 16 */
    "    return x\n"                             /* 17 */
    "\n"                                         /* 18 */
    "def load_model():\n"                        /* 19 */
    "    return download()\n"                    /* 20 */
    "\n"                                         /* 21 */
    "def download():\n"                          /* 22 */
    "    return 1\n"                             /* 23 */
    "\n"                                         /* 24 */
    "def unused():\n"                            /* 25 */
    "    return deeper(2)\n"                     /* 26 */
    "\n"                                         /* 27 */
    "def outer():\n"                             /* 28 */
    "    def inner():\n"                         /* 29 */
    "        return 1\n"                         /* 30 */
    "    return inner()\n"                       /* 31 */
    "\n"                                         /* 32 */
    "@serve.deployment\n"                        /* 33 */
    "class Model:\n"                             /* 34 */
    "    def __init__(self):\n"                  /* 35 */
    "        self.model = self.load_weights()\n" /* 36 */
    "\n"                                         /* 37 */
    "    def load_weights(self):\n"              /* 38 */
    "        return 1\n"                         /* 39 */
    "\n"                                         /* 40 */
    "    async def __call__(self, request):\n"   /* 41 */
    "        data = await request.json()\n"      /* 42 */
    "        return self.method(data)\n"         /* 43 */
    "\n"                                         /* 44 */
    "    def method(self, x):\n"                 /* 45 */
    "        return self.model.run(x)\n";        /* 46 */

static void test_one_file(void) {
  FileSpec files[] = {{"app/service.py", one_file}};
  SlRepoFacts repo = {0};
  Parsed parsed[1];
  build(&repo, parsed, files, 1);
  /* Linking a one-file repository changes nothing, and twice is the same as once. */
  sl_repo_facts_link(&repo);
  sl_repo_facts_link(&repo);
  const SlFileFacts *facts = repo.files[0];
  CHECK(sl_roles_in_scope(SL_ROLE_BIT(SL_ROLE_SERVING), facts->roles));

  /* Every definition, in source order, qualified by its class or function. */
  static const char *const names[] = {"f",
                                      "helper",
                                      "deeper",
                                      "load_model",
                                      "download",
                                      "unused",
                                      "outer",
                                      "outer.inner",
                                      "Model.__init__",
                                      "Model.load_weights",
                                      "Model.__call__",
                                      "Model.method"};
  CHECK(facts->functions.count == sizeof names / sizeof *names);
  for (size_t i = 0; i < facts->functions.count && i < sizeof names / sizeof *names; i++)
    CHECK_STR(facts->functions.items[i].name, names[i]);

  const SlFunction *f = function_named(facts, "f");
  CHECK(f && f->decorators.count == 1 && has_string(&f->decorators, "app.post"));
  CHECK(f && f->name_span.line == 8 && f->span.line == 7); /* the span includes the decorator */
  CHECK(f && has_string(&f->callees, "load_model") && has_string(&f->callees, "helper"));
  CHECK(f && !f->is_async && !f->is_load_hook);
  const SlFunction *deeper = function_named(facts, "deeper");
  CHECK(deeper && deeper->decorators.count == 1 &&
        has_string(&deeper->decorators, "functools.lru_cache"));
  const SlFunction *helper = function_named(facts, "helper");
  CHECK(helper && helper->decorators.count == 0);
  const SlFunction *outer = function_named(facts, "outer");
  CHECK(outer && has_string(&outer->callees, "inner"));
  const SlFunction *inner = function_named(facts, "outer.inner");
  CHECK(inner && inner->callees.count == 0); /* outer's call is outer's, not inner's */

  const SlFunction *init = function_named(facts, "Model.__init__");
  CHECK(init && init->is_load_hook && has_string(&init->callees, "Model.load_weights"));
  const SlFunction *call = function_named(facts, "Model.__call__");
  CHECK(call && call->is_async && !call->is_load_hook);
  CHECK(call && has_string(&call->callees, "Model.method") &&
        has_string(&call->callees, "request.json"));
  CHECK(call && !has_string(&call->callees, "self.method"));
  const SlFunction *method = function_named(facts, "Model.method");
  /* Only `self.x(...)` is rewritten; `self.model.run(...)` stays as written. */
  CHECK(method && has_string(&method->callees, "self.model.run"));
  CHECK(function_named(facts, "load_model") && function_named(facts, "load_model")->is_load_hook);
  CHECK(function_named(facts, "download") && !function_named(facts, "download")->is_load_hook);

  /* Paths: f -> helper -> deeper; not into the load hook load_model (nor what it calls). */
  EXPECT_PATH(facts, "f", true, true);
  EXPECT_PATH(facts, "helper", true, true);
  EXPECT_PATH(facts, "deeper", true, true);
  EXPECT_PATH(facts, "load_model", false, false);
  EXPECT_PATH(facts, "download", false, false);
  EXPECT_PATH(facts, "unused", false, false);
  EXPECT_PATH(facts, "outer", false, false);
  EXPECT_PATH(facts, "outer.inner", false, false);
  /* A Ray Serve deployment: __call__ serves, its self call is followed, __init__ is not. */
  EXPECT_PATH(facts, "Model.__call__", true, true);
  EXPECT_PATH(facts, "Model.method", true, true);
  EXPECT_PATH(facts, "Model.__init__", false, false);
  EXPECT_PATH(facts, "Model.load_weights", false, false);
  release(&repo, parsed, 1);
}

/* ---- across files: imports, relative imports, ambiguity, constants ---- */

static const char main_py[] =
    "from fastapi import FastAPI\n"                        /* 1 */
    "import mlflow\n"                                      /* 2 */
    "from app.model import get_model\n"                    /* 3 */
    "from .features import build_features\n"               /* 4 */
    "from app.config import MODEL_URI, PINNED_URI\n"       /* 5 */
    "from app.config import MODEL_URI as URI\n"            /* 6 */
    "\n"                                                   /* 7 */
    "app = FastAPI()\n"                                    /* 8 */
    "churn = mlflow.pyfunc.load_model(MODEL_URI)\n"        /* 9 */
    "pinned = mlflow.pyfunc.load_model(PINNED_URI)\n"      /* 10 */
    "local = mlflow.pyfunc.load_model(LOCAL_URI)\n"        /* 11 */
    "aliased = mlflow.pyfunc.load_model(URI)\n"            /* 12 */
    "\n"                                                   /* 13 */
    "@app.post(\"/predict\")\n"                            /* 14 */
    "def predict(payload: dict):\n"                        /* 15 */
    "    model = get_model()\n"                            /* 16 */
    "    return model.predict(build_features(payload))\n"; /* 17 */

static const char model_py[] =
    "import mlflow\n"                                            /* 1 */
    "from app.store import fetch, load_model\n"                  /* 2 */
    "\n"                                                         /* 3 */
    "_model = None\n"                                            /* 4 */
    "\n"                                                         /* 5 */
    "def get_model():\n"                                         /* 6 */
    "    global _model\n"                                        /* 7 */
    "    if _model is None:\n"                                   /* 8 */
    "        _model = _read()\n"                                 /* 9 */
    "    return _model\n"                                        /* 10 */
    "\n"                                                         /* 11 */
    "def _read():\n"                                             /* 12 */
    "    load_model()\n"                                         /* 13 */
    "    fetch()\n"                                              /* 14 */
    "    return mlflow.pyfunc.load_model(\"models:/churn/3\")\n" /* 15 */
    "\n"                                                         /* 16 */
    "def unused_helper():\n"                                     /* 17 */
    "    return 2\n";                                            /* 18 */

/* A third hop, and a load hook reached across files (not traversed). */
static const char store_py[] =
    "def fetch():\n"
    "    return verify()\n"
    "\n"
    "def verify():\n"
    "    return True\n"
    "\n"
    "def load_model():\n"
    "    return warm()\n"
    "\n"
    "def warm():\n"
    "    return 1\n";

static const char features_py[] =
    "def build_features(payload):\n"
    "    return normalize(payload)\n"
    "\n"
    "def normalize(payload):\n"
    "    return payload\n"
    "\n"
    "def unrelated(payload):\n"
    "    return payload\n";

static const char config_py[] =
    "MODEL_URI = \"models:/churn/Production\"\n"
    "PINNED_URI = \"models:/churn/7\"\n"
    "LOCAL_URI = \"models:/churn/latest\"\n";

static void test_across_files(void) {
  FileSpec files[] = {{"app/config.py", config_py},
                      {"app/features.py", features_py},
                      {"app/main.py", main_py},
                      {"app/model.py", model_py},
                      {"app/store.py", store_py}};
  size_t count = sizeof files / sizeof *files;
  SlRepoFacts repo = {0};
  Parsed parsed[5];
  build(&repo, parsed, files, count);
  SlFileFacts *main_facts = file_named(&repo, "app/main.py");
  SlFileFacts *model = file_named(&repo, "app/model.py");
  SlFileFacts *features = file_named(&repo, "app/features.py");
  SlFileFacts *config = file_named(&repo, "app/config.py");
  SlFileFacts *store = file_named(&repo, "app/store.py");
  CHECK(main_facts && model && features && config && store);

  /* What the file stage recorded, before linking. */
  CHECK(main_facts && main_facts->imported_names.count == 7);
  bool relative_bound = false;
  for (size_t i = 0; main_facts && i < main_facts->imported_names.count; i++) {
    const SlImportedName *name = &main_facts->imported_names.items[i];
    if (strcmp(name->local, "build_features") == 0)
      relative_bound = strcmp(name->module, "app.features") == 0 && name->name &&
                       strcmp(name->name, "build_features") == 0;
  }
  CHECK(relative_bound);
  CHECK(config && config->constants.count == 3);
  const SlModelLoad *churn = load_at(main_facts, 9);
  CHECK(churn != NULL);
  if (churn) {
    CHECK_STR(churn->origin, "variable");
    CHECK_STR(churn->reference, "var:MODEL_URI");
  }
  EXPECT_PATH(main_facts, "predict", true, true);
  EXPECT_PATH(model, "get_model", false, false);
  EXPECT_PATH(features, "build_features", false, false);

  sl_repo_facts_link(&repo);

  /* The handler's imported helpers are on the online path, with what they call. */
  EXPECT_PATH(main_facts, "predict", true, true);
  EXPECT_PATH(model, "get_model", true, true);
  EXPECT_PATH(model, "_read", true, true);
  EXPECT_PATH(model, "unused_helper", false, false);
  EXPECT_PATH(features, "build_features", true, true); /* through `from .features import` */
  EXPECT_PATH(features, "normalize", true, true);
  EXPECT_PATH(features, "unrelated", false, false);
  EXPECT_PATH(store, "fetch", true, true); /* main -> model -> store */
  EXPECT_PATH(store, "verify", true, true);
  EXPECT_PATH(store, "load_model", false, false); /* a load hook, even when imported */
  EXPECT_PATH(store, "warm", false, false);

  /* The constant imported from app/config.py is resolved and judged again. */
  churn = load_at(main_facts, 9);
  CHECK(churn != NULL);
  if (churn) {
    CHECK_STR(churn->origin, "constant");
    CHECK_STR(churn->reference, "models:/churn/Production");
    CHECK(churn->verdict == SL_PIN_UNPINNED);
    CHECK(churn->reason && strstr(churn->reason, "MODEL_URI") != NULL);
    CHECK(churn->reason && strstr(churn->reason, "app.config") != NULL);
  }
  const SlModelLoad *pinned = load_at(main_facts, 10);
  CHECK(pinned != NULL);
  if (pinned) {
    CHECK_STR(pinned->origin, "constant");
    CHECK_STR(pinned->reference, "models:/churn/7");
    CHECK(pinned->verdict == SL_PIN_PINNED);
    CHECK(pinned->reason && strstr(pinned->reason, "PINNED_URI") != NULL);
  }
  /* LOCAL_URI is defined in app/config.py but not imported here: left alone. */
  const SlModelLoad *local = load_at(main_facts, 11);
  CHECK(local != NULL);
  if (local) {
    CHECK_STR(local->origin, "variable");
    CHECK_STR(local->reference, "var:LOCAL_URI");
    CHECK(local->verdict == SL_PIN_UNKNOWN);
  }
  /* `from app.config import MODEL_URI as URI`: the local name is resolved to the
   * constant's name in its module. */
  const SlModelLoad *aliased = load_at(main_facts, 12);
  CHECK(aliased != NULL);
  if (aliased) {
    CHECK_STR(aliased->origin, "constant");
    CHECK_STR(aliased->reference, "models:/churn/Production");
    CHECK(aliased->verdict == SL_PIN_UNPINNED);
    CHECK(aliased->reason && strstr(aliased->reason, "MODEL_URI") != NULL);
  }
  /* A literal reference in another file keeps its own verdict. */
  const SlModelLoad *registry = load_at(model, 15);
  CHECK(registry && registry->verdict == SL_PIN_PINNED && !registry->payload);

  /* Idempotent: a second link changes nothing. */
  sl_repo_facts_link(&repo);
  churn = load_at(main_facts, 9);
  CHECK(churn && strcmp(churn->origin, "constant") == 0 && churn->verdict == SL_PIN_UNPINNED);
  EXPECT_PATH(model, "unused_helper", false, false);
  release(&repo, parsed, count);
}

static const char api_py[] =
    "from flask import Flask\n"
    "from utils import helper\n"
    "from common import tool\n"
    "\n"
    "app = Flask(__name__)\n"
    "\n"
    "@app.route(\"/score\", methods=[\"POST\"])\n"
    "def score():\n"
    "    helper()\n"
    "    return tool()\n";

static const char utils_py[] =
    "def helper():\n"
    "    return 1\n";

static const char common_py[] =
    "def tool():\n"
    "    return 2\n";

static void test_ambiguous_module(void) {
  /* `utils` is a/utils.py or b/utils.py, neither beside the importer nor at the root:
   * not guessed. `common` is only lib/common.py (a module matched under a prefix):
   * followed. */
  FileSpec files[] = {{"a/utils.py", utils_py},
                      {"b/utils.py", utils_py},
                      {"lib/common.py", common_py},
                      {"svc/api.py", api_py}};
  size_t count = sizeof files / sizeof *files;
  SlRepoFacts repo = {0};
  Parsed parsed[4];
  build(&repo, parsed, files, count);
  sl_repo_facts_link(&repo);
  EXPECT_PATH(file_named(&repo, "svc/api.py"), "score", true, true);
  EXPECT_PATH(file_named(&repo, "a/utils.py"), "helper", false, false);
  EXPECT_PATH(file_named(&repo, "b/utils.py"), "helper", false, false);
  EXPECT_PATH(file_named(&repo, "lib/common.py"), "tool", true, true);
  release(&repo, parsed, count);

  /* Several candidates, one of them the importer's sibling: Python running
   * `svc/api.py` finds `svc/utils.py` first, as the linker does. Without a sibling, the
   * root's `utils.py` is the one `python -m` from the root imports. */
  FileSpec sibling[] = {{"utils.py", utils_py},
                        {"svc/utils.py", utils_py},
                        {"lib/common.py", common_py},
                        {"svc/api.py", api_py},
                        {"other/utils.py", utils_py}};
  count = sizeof sibling / sizeof *sibling;
  Parsed parsed_sibling[5];
  build(&repo, parsed_sibling, sibling, count);
  sl_repo_facts_link(&repo);
  EXPECT_PATH(file_named(&repo, "svc/utils.py"), "helper", true, true);
  EXPECT_PATH(file_named(&repo, "utils.py"), "helper", false, false);
  EXPECT_PATH(file_named(&repo, "other/utils.py"), "helper", false, false);
  release(&repo, parsed_sibling, count);

  FileSpec root[] = {{"utils.py", utils_py},
                     {"other/utils.py", utils_py},
                     {"lib/common.py", common_py},
                     {"svc/api.py", api_py}};
  count = sizeof root / sizeof *root;
  Parsed parsed_root[4];
  build(&repo, parsed_root, root, count);
  sl_repo_facts_link(&repo);
  EXPECT_PATH(file_named(&repo, "utils.py"), "helper", true, true);
  EXPECT_PATH(file_named(&repo, "other/utils.py"), "helper", false, false);
  release(&repo, parsed_root, count);
}

static const char batch_py[] =
    "from pyspark.sql import SparkSession\n"
    "from jobs.shared import prepare\n"
    "\n"
    "def main():\n"
    "    spark = SparkSession.builder.getOrCreate()\n"
    "    frame = spark.read.parquet(\"in\")\n"
    "    out = model.predict(prepare(frame))\n"
    "    out.write.parquet(\"out\")\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    main()\n";

static const char shared_py[] =
    "def prepare(frame):\n"
    "    return frame.dropna()\n";

static void test_batch_path_is_not_online(void) {
  FileSpec files[] = {{"jobs/score.py", batch_py}, {"jobs/shared.py", shared_py}};
  SlRepoFacts repo = {0};
  Parsed parsed[2];
  build(&repo, parsed, files, 2);
  sl_repo_facts_link(&repo);
  const SlFileFacts *score = file_named(&repo, "jobs/score.py");
  CHECK(score && score->entry_points.count >= 1);
  bool batch = false;
  for (size_t i = 0; score && i < score->entry_points.count; i++)
    batch |= score->entry_points.items[i].pattern == SL_PATTERN_BATCH;
  CHECK(batch);
  if (!batch) dump_functions(score);
  /* A batch entry point's imported helper is on an inference path, not an online one. */
  EXPECT_PATH(score, "main", true, false);
  EXPECT_PATH(file_named(&repo, "jobs/shared.py"), "prepare", true, false);
  release(&repo, parsed, 2);
}

/* ---- known bugs (kept failing until fixed) ---- */

/* BUG: `self.x(...)` inside a function nested in a method is recorded as
 * "Class.method.x" (the enclosing *function's* qualifier) instead of "Class.x", so
 * Class.x is not on the path. facts.h: callees hold `self.x(...)` as "Class.x". */
static const char closure_py[] =
    "from ray import serve\n"
    "\n"
    "@serve.deployment\n"
    "class Model:\n"
    "    async def __call__(self, request):\n"
    "        def run():\n"
    "            return self.score(1)\n"
    "        return run()\n"
    "\n"
    "    def score(self, x):\n"
    "        return x\n";

static void test_self_call_in_closure(void) {
  FileSpec files[] = {{"app/deploy.py", closure_py}};
  SlRepoFacts repo = {0};
  Parsed parsed[1];
  build(&repo, parsed, files, 1);
  sl_repo_facts_link(&repo);
  const SlFileFacts *facts = repo.files[0];
  const SlFunction *run = function_named(facts, "Model.__call__.run");
  CHECK(run != NULL);
  CHECK(run && has_string(&run->callees, "Model.score"));
  EXPECT_PATH(facts, "Model.__call__.run", true, true);
  EXPECT_PATH(facts, "Model.score", true, true);
  release(&repo, parsed, 1);
}

/* BUG: a constant bound twice at module level resolves across files to its *first*
 * value (facts_link.c sl_facts__constant returns the first SlConstant of that name),
 * while the same file resolves to the last binding, as Python does. */
static const char rebound_config_py[] =
    "MODEL_URI = \"models:/churn/Production\"\n"
    "MODEL_URI = \"models:/churn/7\"\n";

static const char rebound_main_py[] =
    "import mlflow\n"
    "from app.config import MODEL_URI\n"
    "LOCAL_URI = \"models:/churn/Production\"\n"
    "LOCAL_URI = \"models:/churn/7\"\n"
    "imported = mlflow.pyfunc.load_model(MODEL_URI)\n"
    "local = mlflow.pyfunc.load_model(LOCAL_URI)\n";

static void test_rebound_constant(void) {
  FileSpec files[] = {{"app/config.py", rebound_config_py}, {"app/main.py", rebound_main_py}};
  SlRepoFacts repo = {0};
  Parsed parsed[2];
  build(&repo, parsed, files, 2);
  sl_repo_facts_link(&repo);
  const SlFileFacts *main_facts = file_named(&repo, "app/main.py");
  const SlModelLoad *local = load_at(main_facts, 6);
  CHECK(local && strcmp(local->reference, "models:/churn/7") == 0 &&
        local->verdict == SL_PIN_PINNED);
  const SlModelLoad *imported = load_at(main_facts, 5);
  CHECK(imported != NULL);
  if (imported) {
    CHECK_STR(imported->origin, "constant");
    CHECK_STR(imported->reference, "models:/churn/7");
    CHECK(imported->verdict == SL_PIN_PINNED);
  }
  release(&repo, parsed, 2);
}

/* A model named by a settings attribute takes the default its pydantic settings class
 * gives the field (in another file); a field two classes default differently stays
 * unknown, as does a key no settings class declares. */
static const char settings_config_py[] =
    "from pydantic import Field\n"
    "from pydantic_settings import BaseSettings\n"
    "class Settings(BaseSettings):\n"
    "    embedding_model: str = \"sentence-transformers/all-MiniLM-L6-v2\"\n"
    "    reranker: str = Field(default=\"BAAI/bge-reranker-base\", description=\"x\")\n"
    "    llm_model: str = \"org/chat-a\"\n"
    "class Other(BaseSettings):\n"
    "    llm_model: str = \"org/chat-b\"\n"
    "class Plain:\n"
    "    summary_model: str = \"org/summary\"\n"
    "settings = Settings()\n";

static const char settings_service_py[] =
    "from sentence_transformers import CrossEncoder, SentenceTransformer\n"
    "from transformers import pipeline\n"
    "from app.config import settings\n"
    "embedder = SentenceTransformer(settings.embedding_model)\n"
    "reranker = CrossEncoder(settings.reranker)\n"
    "chat = pipeline(\"text-generation\", model=settings.llm_model)\n"
    "summary = pipeline(\"summarization\", model=settings.summary_model)\n";

static void test_settings_defaults(void) {
  FileSpec files[] = {{"app/config.py", settings_config_py},
                      {"app/service.py", settings_service_py}};
  SlRepoFacts repo = {0};
  Parsed parsed[2];
  build(&repo, parsed, files, 2);
  sl_repo_facts_link(&repo);
  const SlFileFacts *service = file_named(&repo, "app/service.py");
  const SlModelLoad *embedder = load_at(service, 4);
  CHECK(embedder != NULL);
  if (embedder) {
    CHECK_STR(embedder->origin, "settings");
    CHECK_STR(embedder->reference, "sentence-transformers/all-MiniLM-L6-v2");
    CHECK(embedder->verdict == SL_PIN_UNPINNED);
    CHECK(embedder->reason && strstr(embedder->reason, "app/config.py") != NULL);
  }
  const SlModelLoad *reranker = load_at(service, 5);
  CHECK(reranker && strcmp(reranker->reference, "BAAI/bge-reranker-base") == 0 &&
        reranker->verdict == SL_PIN_UNPINNED);
  const SlModelLoad *chat = load_at(service, 6);
  CHECK(chat && chat->verdict == SL_PIN_UNKNOWN);
  const SlModelLoad *summary = load_at(service, 7);
  CHECK(summary && summary->verdict == SL_PIN_UNKNOWN);
  release(&repo, parsed, 2);
}

/* ---- model loads: memoised, payload; taint ---- */

static const char loads_py[] =
    "import functools\n"                          /* 1 */
    "import io\n"                                 /* 2 */
    "import requests\n"                           /* 3 */
    "import torch\n"                              /* 4 */
    "from fastapi import FastAPI, Request\n"      /* 5 */
    "\n"                                          /* 6 */
    "app = FastAPI()\n"                           /* 7 */
    "_model = None\n"                             /* 8 */
    "\n"                                          /* 9 */
    "@functools.lru_cache(maxsize=1)\n"           /* 10 */
    "def cached_model():\n"                       /* 11 */
    "    return torch.load(\"model.pt\")\n"       /* 12 */
    "\n"                                          /* 13 */
    "def lazy_model():\n"                         /* 14 */
    "    global _model\n"                         /* 15 */
    "    if _model is None:\n"                    /* 16 */
    "        _model = torch.load(\"model.pt\")\n" /* 17 */
    "    return _model\n"                         /* 18 */
    "\n"                                          /* 19 */
    "def eager_model():\n"                        /* 20 */
    "    return torch.load(\"model.pt\")\n"       /* 21 */
    "\n"                                          /* 22 */
    "@app.post(\"/upload\")\n"                    /* 23 */
    "async def upload(request: Request):\n"       /* 24 */
    "    body = await request.body()\n"           /* 25 */
    "    tensor = torch.load(io.BytesIO(body))\n" /* 26 */
    "    return tensor.tolist()\n"                /* 27 */
    "\n"                                          /* 28 */
    "@app.post(\"/score\")\n"                     /* 29 */
    "def score(data: bytes):\n"                   /* 30 */
    "    local_path = \"model.pt\"\n"             /* 31 */
    "    remote = requests.get(URL).content\n"    /* 32 */
    "    x = torch.load(io.BytesIO(data))\n"      /* 33 */
    "    y = torch.load(io.BytesIO(remote))\n"    /* 34 */
    "    z = torch.load(local_path)\n"            /* 35 */
    "    return x, y, z\n"                        /* 36 */
    "\n"                                          /* 37 */
    "def offline(data):\n"                        /* 38 */
    "    return torch.load(io.BytesIO(data))\n";  /* 39 */

static void test_loads_and_taint(void) {
  FileSpec files[] = {{"app/loads.py", loads_py}};
  SlRepoFacts repo = {0};
  Parsed parsed[1];
  build(&repo, parsed, files, 1);
  sl_repo_facts_link(&repo);
  const SlFileFacts *facts = repo.files[0];
  struct {
    uint32_t line;
    bool memoised, payload;
  } expected[] = {{12, true, false}, {17, true, false},  {21, false, false}, {26, false, true},
                  {33, false, true}, {34, false, false}, {35, false, false}, {39, false, false}};
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    const SlModelLoad *load = load_at(facts, expected[i].line);
    CHECK(load != NULL);
    if (!load) {
      fprintf(stderr, "  no load on line %u\n", expected[i].line);
      continue;
    }
    CHECK_STR(load->loader, "torch.load");
    CHECK(load->memoised == expected[i].memoised);
    CHECK(load->payload == expected[i].payload);
    if (load->memoised != expected[i].memoised || load->payload != expected[i].payload)
      fprintf(stderr, "  load on line %u: memoised %d payload %d\n", expected[i].line,
              load->memoised, load->payload);
  }
  EXPECT_PATH(facts, "upload", true, true);
  EXPECT_PATH(facts, "score", true, true);
  EXPECT_PATH(facts, "offline", false, false);
  EXPECT_PATH(facts, "cached_model", false, false);

  const Parsed *file = &parsed[0];
  const SlSource *source = file->source;
  /* A request handler's parameter, used in its body. */
  CHECK(sl_taint_of(source, facts, node_of(file, "data", 1)) == SL_TAINT_REQUEST);
  CHECK(sl_taint_of(source, facts, node_of(file, "io.BytesIO(data)", 0)) == SL_TAINT_REQUEST);
  /* The request body, awaited, and a name bound to it. */
  CHECK(sl_taint_of(source, facts, node_of(file, "await request.body()", 0)) == SL_TAINT_REQUEST);
  CHECK(sl_taint_of(source, facts, node_of(file, "io.BytesIO(body)", 0)) == SL_TAINT_REQUEST);
  /* A download, through an assignment. */
  CHECK(sl_taint_of(source, facts, node_of(file, "requests.get(URL).content", 0)) ==
        SL_TAINT_DOWNLOAD);
  CHECK(sl_taint_of(source, facts, node_of(file, "io.BytesIO(remote)", 0)) == SL_TAINT_DOWNLOAD);
  /* A plain local path, and a literal. */
  CHECK(sl_taint_of(source, facts, node_of(file, "local_path", 1)) == SL_TAINT_NONE);
  CHECK(sl_taint_of(source, facts, node_of(file, "\"model.pt\"", 0)) == SL_TAINT_NONE);
  /* The same parameter name in a function that serves nothing. */
  CHECK(sl_taint_of(source, facts, node_of(file, "io.BytesIO(data)", 1)) == SL_TAINT_NONE);
  release(&repo, parsed, 1);
}

/* Call sites: each callee keeps the span of its call, sl_repo_facts_resolve_call finds
 * the function a call runs (same file or imported), a load's `used_here` tells a loader
 * from a helper that also uses the model, and sl_facts_line_text reads a line again
 * from the file the facts came from. */
static void test_call_sites(void) {
  FileSpec files[] = {{"app/api.py",
                       "from flask import Flask\n"
                       "from app.models import get_model\n"
                       "app = Flask(__name__)\n"
                       "@app.route('/p', methods=['POST'])\n"
                       "def predict():\n"
                       "    m = get_model()\n"
                       "    return helper(m)\n"
                       "def helper(m):\n"
                       "    return m\n"},
                      {"app/models.py",
                       "import joblib\n"
                       "def get_model():\n"
                       "    return joblib.load('m.joblib')\n"
                       "def score(x):\n"
                       "    model = joblib.load('m.joblib')\n"
                       "    return model.predict(x)\n"}};
  SlRepoFacts repo = {0};
  Parsed parsed[2];
  build(&repo, parsed, files, 2);
  sl_repo_facts_link(&repo);
  const SlFileFacts *api = file_named(&repo, "app/api.py");
  const SlFileFacts *models = file_named(&repo, "app/models.py");
  const SlFunction *predict = function_named(api, "predict");
  /* The decorator's call (`app.route(...)`) counts: the definition includes it. */
  CHECK(predict && predict->callees.count == 3 && predict->callee_spans.count == 3);
  if (predict && predict->callee_spans.count == 3) {
    CHECK_STR(predict->callees.items[1], "get_model");
    CHECK(predict->callee_spans.items[1].line == 6 && predict->callee_spans.items[1].column == 9);
    const SlFileFacts *where = NULL;
    CHECK(sl_repo_facts_resolve_call(&repo, api, predict, "get_model", &where) ==
              function_named(models, "get_model") &&
          where == models);
    CHECK(sl_repo_facts_resolve_call(&repo, api, predict, "helper", &where) ==
              function_named(api, "helper") &&
          where == api);
    CHECK(sl_repo_facts_resolve_call(&repo, api, predict, "print", &where) == NULL);
  }
  CHECK(!load_at(models, 3)->used_here && load_at(models, 5)->used_here);
  /* Scanned from memory: no file to read again. */
  CHECK(sl_facts_line_text(api, 6) == NULL);
  char path[] = "/tmp/servelint_line_textXXXXXX";
  int descriptor = mkstemp(path);
  CHECK(descriptor >= 0);
  FILE *file = fdopen(descriptor, "w");
  fputs("first\r\nsecond\n", file);
  fclose(file);
  repo.files[0]->file_path = sl_strdup(path);
  char *line = sl_facts_line_text(api, 2);
  CHECK_STR(line, "second");
  sl_free(line);
  CHECK(sl_facts_line_text(api, 9) == NULL);
  remove(path);
  release(&repo, parsed, 2);
}

/* Training code by its path: the file's name, or a directory named for training. */
static void test_training_paths(void) {
  static const struct {
    const char *path;
    bool training;
  } cases[] = {{"train.py", true},
               {"src/model_train.py", true},
               {"training/tasks.py", true},
               {"fraud/training_pipeline/tasks.py", true},
               {"model-training/run.py", true},
               {"app/trainer/loop.py", true},
               {"app/serve.py", false},
               {"app/constraints/rules.py", false},
               {"trainsets/load.py", false}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    SlError error = {0};
    const char *text = "x = 1\n";
    TSTree *tree = sl_python_parse(parser, cases[i].path, text, strlen(text), &error);
    CHECK(tree != NULL);
    if (!tree) continue;
    SlRoleSet roles = sl_roles_detect_python(cases[i].path, ts_tree_root_node(tree), text);
    bool training = (roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) != 0;
    CHECK(training == cases[i].training);
    if (training != cases[i].training)
      fprintf(stderr, "  %s: training %d\n", cases[i].path, training);
    ts_tree_delete(tree);
  }
}

/* A Ray task (`f.remote(x)`) and a Celery task (`f.delay(x)`) run `f`: the call reaches it. */
static void test_task_calls(void) {
  FileSpec files[] = {{"worker/consume.py",
                       "from worker.tasks import classify, embed\n"
                       "def handle(message):\n"
                       "    a = ray.get(classify.remote(message))\n"
                       "    return a, embed.delay(message)\n"},
                      {"worker/tasks.py",
                       "def classify(x):\n"
                       "    return model.predict(x)\n"
                       "def embed(x):\n"
                       "    return x\n"}};
  SlRepoFacts repo = {0};
  Parsed parsed[2];
  build(&repo, parsed, files, 2);
  sl_repo_facts_link(&repo);
  const SlFileFacts *consume = file_named(&repo, "worker/consume.py");
  const SlFileFacts *tasks = file_named(&repo, "worker/tasks.py");
  const SlFunction *handle = function_named(consume, "handle");
  const SlFileFacts *where = NULL;
  CHECK(handle && sl_repo_facts_resolve_call(&repo, consume, handle, "classify", &where) ==
                      function_named(tasks, "classify"));
  bool remote = false, delay = false;
  for (size_t i = 0; handle && i < handle->callees.count; i++) {
    remote |= strcmp(handle->callees.items[i], "classify") == 0;
    delay |= strcmp(handle->callees.items[i], "embed") == 0;
  }
  CHECK(remote && delay);
  release(&repo, parsed, 2);
}

/* `get_pipeline().answer(q)` and `engine = get_engine(); engine.run(x)`: the call runs a
 * method of the class the factory returns, a new instance (`return Engine()`) or a
 * singleton bound to one (`_pipeline = RAGPipeline()`), in the factory's file or the file
 * that file imports the class from. A factory returning anything else leads nowhere. */
static void test_factory_instances(void) {
  FileSpec files[] = {{"app/main.py",
                       "from fastapi import FastAPI\n"
                       "from app.rag import get_pipeline\n"
                       "from app.engines import get_engine, get_loaded\n"
                       "app = FastAPI()\n"
                       "@app.post('/query')\n"
                       "def query(body: dict):\n"
                       "    return get_pipeline().answer(body['q'])\n"
                       "@app.post('/run')\n"
                       "def run(body: dict):\n"
                       "    engine = get_engine()\n"
                       "    return engine.run(body)\n"
                       "@app.post('/other')\n"
                       "def other(body: dict):\n"
                       "    thing = get_loaded()\n"
                       "    return thing.answer(body)\n"
                       "def local():\n"
                       "    return make_helper().work(1)\n"
                       "class Helper:\n"
                       "    def work(self, x):\n"
                       "        return model.predict(x)\n"
                       "def make_helper():\n"
                       "    return Helper()\n"},
                      {"app/rag.py",
                       "_pipeline = None\n"
                       "class RAGPipeline:\n"
                       "    def answer(self, q):\n"
                       "        return self.llm.invoke(q)\n"
                       "def get_pipeline():\n"
                       "    global _pipeline\n"
                       "    if _pipeline is None:\n"
                       "        _pipeline = RAGPipeline()\n"
                       "    return _pipeline\n"},
                      {"app/engines.py",
                       "import joblib\n"
                       "from app.core import Engine\n"
                       "def get_engine():\n"
                       "    return Engine(threads=2)\n"
                       "def get_loaded():\n"
                       "    return joblib.load('x.pkl')\n"},
                      {"app/core.py",
                       "class Engine:\n"
                       "    def run(self, x):\n"
                       "        return self.model.predict(x)\n"}};
  SlRepoFacts repo = {0};
  Parsed parsed[4];
  build(&repo, parsed, files, 4);
  sl_repo_facts_link(&repo);
  const SlFileFacts *main_file = file_named(&repo, "app/main.py");
  const SlFileFacts *rag = file_named(&repo, "app/rag.py");
  const SlFileFacts *core = file_named(&repo, "app/core.py");
  const SlFunction *get_pipeline = function_named(rag, "get_pipeline");
  CHECK(get_pipeline && get_pipeline->returns_class &&
        strcmp(get_pipeline->returns_class, "RAGPipeline") == 0);
  const SlFunction *answer = function_named(rag, "RAGPipeline.answer");
  CHECK(answer && answer->on_inference_path && answer->on_online_path);
  const SlFunction *run = function_named(core, "Engine.run");
  CHECK(run && run->on_online_path);
  const SlFunction *query = function_named(main_file, "query");
  CHECK(query && query->reaches_model);
  const SlFileFacts *where = NULL;
  CHECK(query && sl_repo_facts_resolve_call(&repo, main_file, query, "get_pipeline().answer",
                                            &where) == answer);
  CHECK(where == rag);
  const SlFunction *route = function_named(main_file, "run");
  CHECK(route && route->reaches_model);
  CHECK(route && has_string(&route->callees, "get_engine().run"));
  const SlFunction *other = function_named(main_file, "other");
  CHECK(other && !other->reaches_model);
  /* in one file the added name is the class's method; the call as written stays first */
  const SlFunction *local = function_named(main_file, "local");
  CHECK(local && has_string(&local->callees, "Helper.work") &&
        has_string(&local->callees, "make_helper().work"));
  release(&repo, parsed, 4);
}

int main(void) {
  SlError error = {0};
  parser = sl_python_parser_new(&error);
  CHECK(parser != NULL);
  if (!parser) return sl_check_exit();
  test_one_file();
  test_across_files();
  test_ambiguous_module();
  test_batch_path_is_not_online();
  test_loads_and_taint();
  test_self_call_in_closure();
  test_rebound_constant();
  test_settings_defaults();
  test_call_sites();
  test_training_paths();
  test_task_calls();
  test_factory_instances();
  sl_python_parser_delete(parser);
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
