/*
 * rule_load: one rule file's YAML into an SlRule. Strict: an unknown key, a missing
 * field, a bad enum value, a bad query or regex is refused with file:line:col.
 */
#include "servelint/rule_load.h"

#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/matcher.h"
#include "servelint/regex.h"
#include "servelint/rule.h"
#include "servelint/rule_yaml.h"

typedef struct {
  const char *path;
  const char *text;
  SlError *error;
} SlLoadContext;

static bool sl_rule__copy(SlLoadContext *context, const SlYamlNode *mapping, const char *key,
                          bool required, char **out) {
  const char *text = NULL;
  if (!sl_rule_yaml_string(mapping, key, required, context->path, context->error, &text))
    return false;
  *out = text ? sl_strdup(text) : NULL;
  return true;
}

/* A scalar that must match `pattern` (e.g. the id's shape). */
static bool sl_rule__shaped(SlLoadContext *context, const SlYamlNode *mapping, const char *key,
                            const char *pattern, const char *shape, char **out) {
  if (!sl_rule__copy(context, mapping, key, true, out)) return false;
  SlError ignored;
  SlRegex *regex = sl_regex_new(pattern, &ignored);
  SlRegexScratch *scratch = sl_regex_scratch_new();
  bool ok = sl_regex_search(regex, *out, strlen(*out), scratch);
  sl_regex_scratch_delete(scratch);
  sl_regex_delete(regex);
  if (ok) return true;
  return sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(mapping, key),
                           "'%s' must be %s, not '%s'", key, shape, *out);
}

static bool sl_rule__enums(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const char *family = NULL, *severity = NULL, *confidence = NULL, *language = NULL;
  if (!sl_rule_yaml_string(rule_node, "family", true, context->path, context->error, &family) ||
      !sl_rule_yaml_string(rule_node, "severity", true, context->path, context->error, &severity) ||
      !sl_rule_yaml_string(rule_node, "confidence", true, context->path, context->error,
                           &confidence) ||
      !sl_rule_yaml_string(rule_node, "language", true, context->path, context->error, &language))
    return false;
  const char *bad = NULL, *expected = NULL;
  if (!sl_family_parse(family, &rule->family))
    bad = "family",
    expected =
        "pinning, preprocessing-parity, inference-mode, batching, timeouts-concurrency, "
        "validation-errors, rollout-rollback, monitoring or security";
  else if (!sl_severity_parse(severity, &rule->severity))
    bad = "severity", expected = "high, medium, low or info";
  else if (!sl_confidence_parse(confidence, &rule->confidence))
    bad = "confidence", expected = "high, medium or low";
  else if (strcmp(language, "python") == 0)
    rule->language = SL_LANGUAGE_PYTHON;
  else if (strcmp(language, "yaml") == 0)
    rule->language = SL_LANGUAGE_YAML;
  else if (strcmp(language, "dockerfile") == 0)
    rule->language = SL_LANGUAGE_DOCKERFILE;
  else if (strcmp(language, "shell") == 0)
    rule->language = SL_LANGUAGE_SHELL;
  else
    bad = "language", expected = "python, yaml, dockerfile or shell";
  if (!bad) return true;
  return sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(rule_node, bad),
                           "'%s' must be one of %s", bad, expected);
}

static bool sl_rule__scope(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const char **roles = NULL;
  size_t count = 0;
  if (!sl_rule_yaml_strings(rule_node, "scope", context->path, context->error, &roles, &count))
    return false;
  rule->scope = count ? 0 : SL_ROLE_SET_DEFAULT;
  bool ok = true;
  for (size_t i = 0; i < count && ok; i++) {
    SlRoleSet roles_of_name = 0;
    ok = sl_role_parse(roles[i], &roles_of_name);
    rule->scope |= roles_of_name;
    if (!ok)
      sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(rule_node, "scope"),
                        "unknown role '%s' in scope (serving, batch, streaming, training, test, "
                        "config, library, any, all)",
                        roles[i]);
  }
  sl_free(roles);
  return ok;
}

static bool sl_rule__once(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  static const char *const choices[] = {"each", "function", "file", NULL}; /* SlOnce order */
  size_t index = SL_ONCE_EACH;
  if (!sl_rule_yaml_choice(rule_node, "once", choices, context->path, context->error, &index))
    return false;
  rule->once = (SlOnce)index;
  return true;
}

static bool sl_rule__library_code(SlLoadContext *context, const SlYamlNode *rule_node,
                                  SlRule *rule) {
  static const char *const choices[] = {"all", "on-inference-path", "on-online-path",
                                        NULL}; /* SlLibraryCode order */
  size_t index = SL_LIBRARY_CODE_ALL;
  if (!sl_rule_yaml_choice(rule_node, "library-code", choices, context->path, context->error,
                           &index))
    return false;
  rule->library_code = (SlLibraryCode)index;
  return true;
}

static bool sl_rule__opt_in(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  static const char *const choices[] = {"false", "true", NULL};
  size_t index = 0;
  if (!sl_rule_yaml_choice(rule_node, "opt-in", choices, context->path, context->error, &index))
    return false;
  rule->opt_in = index == 1;
  return true;
}

static bool sl_rule__ignores(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const char **items = NULL;
  size_t count = 0;
  if (!sl_rule_yaml_strings(rule_node, "ignores", context->path, context->error, &items, &count))
    return false;
  rule->ignores = sl_calloc(count + 1, sizeof(char *));
  for (size_t i = 0; i < count; i++) rule->ignores[i] = sl_strdup(items[i]);
  rule->ignore_count = count;
  sl_free(items);
  return true;
}

/* `files: {path: code, ...}` (key `key` of `node`): the other files of a multi-file
 * case. On failure what was read is kept in *files for the caller to free. */
static bool sl_rule__files(SlLoadContext *context, const SlYamlNode *node, const char *key,
                           SlRuleTestFile **out, size_t *count) {
  const SlYamlNode *files = sl_yaml_mapping_get(node, key);
  if (!files) return true;
  if (files->kind != SL_YAML_MAPPING || files->pair_count == 0)
    return sl_rule_yaml_fail(context->error, context->path, files,
                             "'%s' maps file paths to their code", key);
  *out = sl_calloc(files->pair_count, sizeof **out);
  for (size_t i = 0; i < files->pair_count; i++) {
    const SlYamlPair *pair = &files->pairs[i];
    if (pair->key->kind != SL_YAML_SCALAR || pair->value->kind != SL_YAML_SCALAR)
      return sl_rule_yaml_fail(context->error, context->path, pair->key,
                               "'%s' maps file paths to their code", key);
    (*out)[i] = (SlRuleTestFile){sl_strdup(pair->key->value), sl_strdup(pair->value->value)};
    *count = i + 1;
  }
  return true;
}

static bool sl_rule__explanation(SlLoadContext *context, const SlYamlNode *rule_node,
                                 SlRule *rule) {
  static const char *const keys[] = {"what",          "why",          "example", "use-instead",
                                     "example-files", "example-path", NULL};
  const SlYamlNode *node = sl_yaml_mapping_get(rule_node, "explanation");
  if (!node)
    return sl_rule_yaml_fail(context->error, context->path, rule_node,
                             "missing required key 'explanation'");
  return sl_rule_yaml_check_keys(node, keys, "explanation", context->path, context->error) &&
         sl_rule__copy(context, node, "what", true, &rule->what) &&
         sl_rule__copy(context, node, "why", true, &rule->why) &&
         sl_rule__copy(context, node, "example", true, &rule->example) &&
         sl_rule__copy(context, node, "use-instead", true, &rule->use_instead) &&
         sl_rule__copy(context, node, "example-path", false, &rule->example_path) &&
         sl_rule__files(context, node, "example-files", &rule->example_files,
                        &rule->example_file_count);
}

static bool sl_rule__references(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const char **items = NULL;
  size_t count = 0;
  if (!sl_rule_yaml_strings(rule_node, "references", context->path, context->error, &items, &count))
    return false;
  rule->references = sl_calloc(count + 1, sizeof(char *));
  for (size_t i = 0; i < count; i++) rule->references[i] = sl_strdup(items[i]);
  rule->reference_count = count;
  sl_free(items);
  return true;
}

static bool sl_rule__test_lines(SlLoadContext *context, const SlYamlNode *lines, SlRuleTest *test) {
  if (!lines || lines->kind != SL_YAML_SEQUENCE)
    return sl_rule_yaml_fail(context->error, context->path, lines,
                             "a test needs 'lines': the lines it must report ([] for none)");
  test->lines = sl_calloc(lines->item_count ? lines->item_count : 1, sizeof(uint32_t));
  for (size_t i = 0; i < lines->item_count; i++) {
    const SlYamlNode *item = lines->items[i];
    char *end = NULL;
    long line = item->kind == SL_YAML_SCALAR ? strtol(item->value, &end, 10) : 0;
    if (line < 1 || (end && *end) || (i > 0 && (uint32_t)line < test->lines[i - 1]))
      return sl_rule_yaml_fail(context->error, context->path, item,
                               "test lines are ascending positive integers");
    test->lines[i] = (uint32_t)line;
    test->line_count = i + 1;
  }
  return true;
}

static bool sl_rule__test_files(SlLoadContext *context, const SlYamlNode *node, SlRuleTest *test) {
  return sl_rule__files(context, node, "files", &test->files, &test->file_count);
}

static void sl_rule__free_files(SlRuleTestFile *files, size_t count) {
  for (size_t j = 0; j < count; j++) {
    sl_free(files[j].path);
    sl_free(files[j].code);
  }
  sl_free(files);
}

const char *sl_language_name(SlLanguage language) {
  static const char *const names[] = {"python", "yaml", "dockerfile", "shell"};
  return names[language];
}

const char *sl_language_example_path(SlLanguage language) {
  static const char *const paths[] = {"snippet.py", "snippet.yaml", "Dockerfile", "deploy.sh"};
  return paths[language];
}

static bool sl_rule__test(SlLoadContext *context, const SlYamlNode *node, SlRule *rule,
                          SlRuleTest *test) {
  static const char *const keys[] = {"code", "lines", "path", "files", NULL};
  const char *path = NULL;
  test->rule_line = node->line;
  if (!sl_rule_yaml_check_keys(node, keys, "a test", context->path, context->error) ||
      !sl_rule__copy(context, node, "code", true, &test->code) ||
      !sl_rule_yaml_string(node, "path", false, context->path, context->error, &path))
    return false;
  test->path = sl_strdup(path ? path : sl_language_example_path(rule->language));
  return sl_rule__test_files(context, node, test) &&
         sl_rule__test_lines(context, sl_yaml_mapping_get(node, "lines"), test);
}

static bool sl_rule__tests(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const SlYamlNode *tests = sl_yaml_mapping_get(rule_node, "tests");
  if (!tests || tests->kind != SL_YAML_SEQUENCE || tests->item_count == 0)
    return sl_rule_yaml_fail(
        context->error, context->path, tests ? tests : rule_node,
        "a rule needs 'tests': a list of cases that must and must not trigger");
  rule->tests = sl_calloc(tests->item_count, sizeof *rule->tests);
  for (size_t i = 0; i < tests->item_count; i++) {
    rule->test_count = i + 1;
    if (!sl_rule__test(context, tests->items[i], rule, &rule->tests[i])) return false;
  }
  return true;
}

static bool sl_rule__match(SlLoadContext *context, const SlYamlNode *rule_node, SlRule *rule) {
  const SlYamlNode *match = sl_yaml_mapping_get(rule_node, "match");
  if (!match)
    return sl_rule_yaml_fail(context->error, context->path, rule_node,
                             "missing required key 'match'");
  rule->matcher =
      sl_matcher_compile(match, (int)rule->language, context->path, context->text, context->error);
  return rule->matcher != NULL;
}

static bool sl_rule__fill(SlLoadContext *context, const SlYamlNode *node, SlRule *rule) {
  static const char *const keys[] = {
      "id",    "name",    "title",   "family", "severity",     "confidence",  "language",
      "scope", "ignores", "message", "risk",   "fix",          "explanation", "references",
      "match", "tests",   "once",    "opt-in", "library-code", NULL};
  rule->source_path = sl_strdup(context->path);
  rule->source_line = node ? node->line : 1;
  return sl_rule_yaml_check_keys(node, keys, "a rule", context->path, context->error) &&
         sl_rule__shaped(context, node, "id", "^[A-Z]{2,8}[0-9]{1,5}$",
                         "letters then digits (e.g. SL101)", &rule->id) &&
         sl_rule__shaped(context, node, "name", "^[a-z0-9]+(-[a-z0-9]+)*$", "kebab-case",
                         &rule->name) &&
         sl_rule__copy(context, node, "title", true, &rule->title) &&
         sl_rule__enums(context, node, rule) && sl_rule__scope(context, node, rule) &&
         sl_rule__ignores(context, node, rule) && sl_rule__once(context, node, rule) &&
         sl_rule__opt_in(context, node, rule) && sl_rule__library_code(context, node, rule) &&
         sl_rule__copy(context, node, "message", true, &rule->message) &&
         sl_rule__copy(context, node, "risk", true, &rule->risk) &&
         sl_rule__copy(context, node, "fix", true, &rule->fix) &&
         sl_rule__explanation(context, node, rule) && sl_rule__references(context, node, rule) &&
         sl_rule__match(context, node, rule) && sl_rule__tests(context, node, rule);
}

SlRule *sl_rule_load(const char *path, const char *text, size_t byte_count, SlError *error) {
  SlYamlFile *file = sl_yaml_parse(path, text, byte_count, error);
  if (!file) {
    error->kind = SL_ERROR_RULE;
    return NULL;
  }
  SlRule *rule = sl_calloc(1, sizeof *rule);
  SlLoadContext context = {path, text, error};
  bool ok = true;
  if (sl_yaml_document_count(file) != 1 || !sl_yaml_document_root(file, 0))
    ok = sl_rule_yaml_fail(error, path, NULL, "a rule file holds exactly one YAML document");
  ok = ok && sl_rule__fill(&context, sl_yaml_document_root(file, 0), rule);
  sl_yaml_file_delete(file);
  if (ok) return rule;
  sl_rule_delete(rule);
  return NULL;
}

void sl_rule_delete(SlRule *rule) {
  if (!rule) return;
  char **strings[] = {&rule->id,      &rule->name,        &rule->title,       &rule->message,
                      &rule->risk,    &rule->fix,         &rule->what,        &rule->why,
                      &rule->example, &rule->use_instead, &rule->source_path, &rule->example_path};
  for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) sl_free(*strings[i]);
  for (size_t i = 0; i < rule->ignore_count; i++) sl_free(rule->ignores[i]);
  sl_free(rule->ignores);
  for (size_t i = 0; i < rule->reference_count; i++) sl_free(rule->references[i]);
  sl_free(rule->references);
  for (size_t i = 0; i < rule->test_count; i++) {
    sl_free(rule->tests[i].code);
    sl_free(rule->tests[i].path);
    sl_free(rule->tests[i].lines);
    sl_rule__free_files(rule->tests[i].files, rule->tests[i].file_count);
  }
  sl_free(rule->tests);
  sl_rule__free_files(rule->example_files, rule->example_file_count);
  sl_matcher_delete(rule->matcher);
  sl_free(rule);
}
