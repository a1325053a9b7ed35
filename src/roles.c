/*
 * roles: file roles from paths and imports. Deliberately cheap (one pass over the
 * tree, string tables): the facts stage refines entry points later; roles only scope
 * rules, so a file that imports a serving framework is treated as serving code.
 */
#include "servelint/roles.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "servelint/pyast.h"

static const char *const role_names[SL_ROLE_COUNT] = {
    [SL_ROLE_SERVING] = "serving",   [SL_ROLE_BATCH] = "batch", [SL_ROLE_STREAMING] = "streaming",
    [SL_ROLE_TRAINING] = "training", [SL_ROLE_TEST] = "test",   [SL_ROLE_CONFIG] = "config",
    [SL_ROLE_LIBRARY] = "library",
};

/* Module prefixes (a module matches a prefix when equal or followed by '.'). */
typedef struct {
  const char *module;
  SlRole role;
} SlModuleRole;

static const SlModuleRole module_roles[] = {
    {"fastapi", SL_ROLE_SERVING},
    {"starlette", SL_ROLE_SERVING},
    {"flask", SL_ROLE_SERVING},
    {"aiohttp.web", SL_ROLE_SERVING},
    {"bentoml", SL_ROLE_SERVING},
    {"ray.serve", SL_ROLE_SERVING},
    {"ts.torch_handler", SL_ROLE_SERVING},
    {"triton_python_backend_utils", SL_ROLE_SERVING},
    {"kserve", SL_ROLE_SERVING},
    {"seldon_core", SL_ROLE_SERVING},
    {"mlflow.pyfunc", SL_ROLE_SERVING},
    {"litserve", SL_ROLE_SERVING},
    {"sanic", SL_ROLE_SERVING},
    {"quart", SL_ROLE_SERVING},
    {"flask_restful", SL_ROLE_SERVING},
    {"flask_restx", SL_ROLE_SERVING},
    {"flask_restplus", SL_ROLE_SERVING},
    {"rest_framework", SL_ROLE_SERVING},
    {"django.http", SL_ROLE_SERVING},
    {"django.views", SL_ROLE_SERVING},
    {"django.shortcuts", SL_ROLE_SERVING},
    {"mlserver", SL_ROLE_SERVING},
    {"cog", SL_ROLE_SERVING},
    {"jina", SL_ROLE_SERVING},
    {"kafka", SL_ROLE_STREAMING},
    {"confluent_kafka", SL_ROLE_STREAMING},
    {"aiokafka", SL_ROLE_STREAMING},
    {"faust", SL_ROLE_STREAMING},
    {"google.cloud.pubsub", SL_ROLE_STREAMING},
    {"google.cloud.pubsub_v1", SL_ROLE_STREAMING},
    {"pyspark", SL_ROLE_BATCH},

    {"pytorch_lightning", SL_ROLE_TRAINING},
    {"lightning", SL_ROLE_TRAINING},
};

const char *sl_role_name(SlRole role) {
  return role < SL_ROLE_COUNT ? role_names[role] : "unknown";
}

bool sl_role_parse(const char *name, SlRoleSet *roles) {
  if (strcmp(name, "any") == 0) return (*roles = SL_ROLE_SET_DEFAULT), true;
  if (strcmp(name, "all") == 0) return (*roles = SL_ROLE_SET_ALL), true;
  for (int role = 0; role < SL_ROLE_COUNT; role++)
    if (strcmp(name, role_names[role]) == 0) return (*roles = SL_ROLE_BIT(role)), true;
  return false;
}

bool sl_roles_in_scope(SlRoleSet scope, SlRoleSet file_roles) {
  if (file_roles & SL_ROLE_BIT(SL_ROLE_TEST)) return (scope & SL_ROLE_BIT(SL_ROLE_TEST)) != 0;
  return (scope & file_roles) != 0;
}

static bool sl_roles__has_suffix(const char *text, size_t length, const char *suffix) {
  size_t suffix_length = strlen(suffix);
  return length >= suffix_length &&
         memcmp(text + length - suffix_length, suffix, suffix_length) == 0;
}

/* A directory that holds tests: tests, test, testing, unit_tests, *_tests, test_*, tests_*,
 * and the same with '-' (integration-tests, tests-integration). */
static bool sl_roles__is_test_directory(const char *name, size_t length) {
  return (length == 5 && memcmp(name, "tests", 5) == 0) ||
         (length == 4 && memcmp(name, "test", 4) == 0) ||
         (length == 7 && memcmp(name, "testing", 7) == 0) ||
         sl_roles__has_suffix(name, length, "_tests") ||
         sl_roles__has_suffix(name, length, "-tests") ||
         (length > 5 && (memcmp(name, "test_", 5) == 0 || memcmp(name, "test-", 5) == 0)) ||
         (length > 6 && (memcmp(name, "tests-", 6) == 0 || memcmp(name, "tests_", 6) == 0));
}

bool sl_roles_is_test_path(const char *path) {
  for (const char *component = path; *component;) {
    const char *end = strchr(component, '/');
    size_t length = end ? (size_t)(end - component) : strlen(component);
    if (end && sl_roles__is_test_directory(component, length)) return true;
    if (!end)
      return (length > 5 && memcmp(component, "test_", 5) == 0) ||
             sl_roles__has_suffix(component, length, "_test.py") ||
             (length == 11 && memcmp(component, "conftest.py", 11) == 0) ||
             /* Django's per-app tests module; a `test.py` beside the code is a try-out */
             (length == 8 && memcmp(component, "tests.py", 8) == 0) ||
             (length == 7 && memcmp(component, "test.py", 7) == 0);
    component = end + 1;
  }
  return false;
}

/* train.py, training.py, train_model.py, model_train.py, or under a directory named for
 * training. */
static bool sl_roles__is_training_path(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t length = strlen(base);
  if (strcmp(base, "train.py") == 0 || strcmp(base, "training.py") == 0 ||
      strncmp(base, "train_", 6) == 0 || sl_roles__has_suffix(base, length, "_train.py") ||
      sl_roles__has_suffix(base, length, "_training.py"))
    return true;
  /* A directory named for training: training/, train/, training_pipeline/, model-training/. */
  static const char *const words[] = {"train", "training", "trainer"};
  char directory[512];
  size_t directory_length = (size_t)(base - path);
  if (directory_length == 0 || directory_length >= sizeof directory) return false;
  memcpy(directory, path, directory_length);
  directory[directory_length] = '\0';
  return sl_roles_has_name_segment(directory, words, sizeof words / sizeof *words);
}

SlRoleSet sl_roles_detect_yaml(const char *path) {
  return SL_ROLE_BIT(SL_ROLE_CONFIG) |
         (sl_roles_is_test_path(path) ? SL_ROLE_BIT(SL_ROLE_TEST) : 0);
}

static SlRoleSet sl_roles__of_module(const char *text, size_t length) {
  SlRoleSet roles = 0;
  for (size_t i = 0; i < sizeof module_roles / sizeof *module_roles; i++) {
    size_t prefix = strlen(module_roles[i].module);
    if (length >= prefix && memcmp(text, module_roles[i].module, prefix) == 0 &&
        (length == prefix || text[prefix] == '.'))
      roles |= SL_ROLE_BIT(module_roles[i].role);
  }
  return roles;
}

/* Roles of "module.name" for `from module import name` (`from google.cloud import
 * pubsub_v1` is google.cloud.pubsub_v1). */
static SlRoleSet sl_roles__of_joined(const char *source, TSNode module, TSNode name) {
  uint32_t module_start = ts_node_start_byte(module), module_end = ts_node_end_byte(module);
  uint32_t name_start = ts_node_start_byte(name), name_end = ts_node_end_byte(name);
  char joined[256];
  int length = snprintf(joined, sizeof joined, "%.*s.%.*s", (int)(module_end - module_start),
                        source + module_start, (int)(name_end - name_start), source + name_start);
  if (length <= 0 || (size_t)length >= sizeof joined) return 0;
  return sl_roles__of_module(joined, (size_t)length);
}

/* Roles from an import statement's module names, and `from X import Trainer`. */
static SlRoleSet sl_roles__of_import(TSNode node, const char *source) {
  SlRoleSet roles = 0;
  TSNode module = ts_node_child_by_field_name(node, "module_name", 11);
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode name = ts_node_named_child(node, i);
    if (strcmp(ts_node_type(name), "aliased_import") == 0) name = ts_node_named_child(name, 0);
    if (strcmp(ts_node_type(name), "dotted_name") != 0) continue;
    uint32_t start = ts_node_start_byte(name), end = ts_node_end_byte(name);
    roles |= sl_roles__of_module(source + start, end - start);
    if (!ts_node_is_null(module) && !ts_node_eq(module, name) &&
        strcmp(ts_node_type(module), "dotted_name") == 0)
      roles |= sl_roles__of_joined(source, module, name);
    if (sl_pyast_text_is(source, name, "Trainer")) roles |= SL_ROLE_BIT(SL_ROLE_TRAINING);
  }
  return roles;
}

/* Roles from one node: imports, a call to `.backward()`, a Kinesis client.
 * `*descend` says whether the node's children are worth visiting. */
static SlRoleSet sl_roles__of_node(TSNode node, const char *source, bool *descend) {
  const char *type = ts_node_type(node);
  *descend = true;
  if (strcmp(type, "import_statement") == 0 || strcmp(type, "import_from_statement") == 0) {
    *descend = false;
    return sl_roles__of_import(node, source);
  }
  if (strcmp(type, "call") == 0) {
    TSNode function = ts_node_child_by_field_name(node, "function", 8);
    TSNode attribute = strcmp(ts_node_type(function), "attribute") == 0
                           ? ts_node_child_by_field_name(function, "attribute", 9)
                           : (TSNode){0};
    if (!ts_node_is_null(attribute) && sl_pyast_text_is(source, attribute, "backward"))
      return SL_ROLE_BIT(SL_ROLE_TRAINING);
    /* An optimizer built (`torch.optim.AdamW(...)`, `optim.SGD(...)`: importing torch.optim
     * alone trains nothing); a Lightning or HF Trainer. */
    uint32_t start = ts_node_start_byte(function), end = ts_node_end_byte(function);
    if ((end - start > 12 && memcmp(source + start, "torch.optim.", 12) == 0) ||
        (end - start > 7 && memcmp(source + start, "optim.", 6) == 0 &&
         isupper((unsigned char)source[start + 6])) ||
        sl_pyast_text_is(source, function, "Trainer") ||
        sl_pyast_text_is(source, function, "pl.Trainer") ||
        sl_pyast_text_is(source, function, "L.Trainer"))
      return SL_ROLE_BIT(SL_ROLE_TRAINING);
  }
  if (strcmp(type, "string_content") == 0 && sl_pyast_text_is(source, node, "kinesis"))
    return SL_ROLE_BIT(SL_ROLE_STREAMING);
  return 0;
}

/* The walk's state: the file's text and the roles seen so far. */
typedef struct {
  const char *source;
  SlRoleSet roles;
} SlRoleScan;

static bool sl_roles__visit(void *context, TSNode node) {
  SlRoleScan *scan = context;
  bool descend = true;
  scan->roles |= sl_roles__of_node(node, scan->source, &descend);
  return descend;
}

SlRoleSet sl_roles_detect_python(const char *path, TSNode root, const char *source) {
  SlRoleScan scan = {source, 0};
  sl_pyast_walk(root, sl_roles__visit, &scan);
  SlRoleSet roles = scan.roles;
  if (sl_roles_is_test_path(path)) roles |= SL_ROLE_BIT(SL_ROLE_TEST);
  if (sl_roles__is_training_path(path)) roles |= SL_ROLE_BIT(SL_ROLE_TRAINING);
  return roles ? roles : SL_ROLE_BIT(SL_ROLE_LIBRARY);
}

bool sl_roles_has_name_segment(const char *text, const char *const *words, size_t count) {
  for (const char *segment = text; *segment;) {
    size_t length = strcspn(segment, "_/-.{}");
    for (size_t i = 0; i < count; i++)
      if (length == strlen(words[i]) && strncasecmp(segment, words[i], length) == 0) return true;
    segment += length;
    if (*segment) segment++;
  }
  return false;
}

bool sl_roles_path_has_segment(const char *path, const char *const *words, size_t count) {
  char copy[512];
  size_t length = strlen(path);
  if (length >= sizeof copy) return false;
  memcpy(copy, path, length + 1);
  for (char *c = copy; *c; c++)
    if (isdigit((unsigned char)*c)) *c = '_';
  return sl_roles_has_name_segment(copy, words, count);
}

bool sl_roles_is_data_preparation_path(const char *path) {
  static const char *const preparation[] = {"ingest", "prepare_data", "data_prep",
                                            "feature_engineering"};
  for (size_t i = 0; i < sizeof preparation / sizeof *preparation; i++)
    if (strstr(path, preparation[i])) return true;
  return false;
}

bool sl_roles_names_preprocessing(const char *qualified) {
  static const char *const words[] = {"process", "transform", "clean",  "normali",
                                      "featur",  "encode",    "tokeni", "scale",
                                      "prepare", "impute",    "vectori"};
  const char *name = strrchr(qualified, '.');
  name = name ? name + 1 : qualified;
  char lower[128];
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof lower; i++) lower[i] = (char)tolower((unsigned char)name[i]);
  lower[i] = '\0';
  for (size_t w = 0; w < sizeof words / sizeof *words; w++)
    if (strstr(lower, words[w])) return true;
  return false;
}

bool sl_roles_names_training(const char *name) {
  static const char *const words[] = {"train", "training", "retrain", "fit", "finetune"};
  return sl_roles_has_name_segment(name, words, sizeof words / sizeof *words);
}
