/*
 * matcher_compile: a rule's `match:` mapping into an SlMatcher. Every problem is a
 * located SL_ERROR_RULE; nothing unknown is ignored. See docs/rule-format.md.
 */
#include <stdlib.h>
#include <string.h>

#include "matcher_internal.h"
#include "servelint/alloc.h"
#include "servelint/rule.h"
#include "servelint/rule_yaml.h"

typedef struct {
  const char *path;       /* rule file */
  const char *file_text;  /* its whole text, for error locations */
  int language;           /* an SlLanguage: 0 python, 1 yaml, 2 dockerfile, 3 shell */
  const SlQuery *primary; /* python: the rule's own query, to check capture names */
  SlError *error;
} SlCompileContext;

static bool sl_matcher__condition(SlCompileContext *context, const SlYamlNode *node,
                                  SlCondition *out);

static bool sl_matcher__regex(SlCompileContext *context, const SlYamlNode *node, SlRegex **out) {
  if (!node || node->kind != SL_YAML_SCALAR)
    return sl_rule_yaml_fail(context->error, context->path, node, "a regex must be a string");
  SlError regex_error;
  *out = sl_regex_new(node->value, &regex_error);
  if (*out) return true;
  SlTextOrigin origin = sl_rule_yaml_origin(node, context->path, context->file_text);
  context->error->kind = SL_ERROR_RULE;
  snprintf(context->error->message, sizeof context->error->message, "%s", regex_error.message);
  sl_text_origin_locate(&origin, node->value, regex_error.column ? regex_error.column - 1 : 0,
                        context->error);
  return false;
}

static bool sl_matcher__query(SlCompileContext *context, const SlYamlNode *node, SlQuery **out) {
  if (!node || node->kind != SL_YAML_SCALAR)
    return sl_rule_yaml_fail(context->error, context->path, node, "'query' must be a string");
  SlTextOrigin origin = sl_rule_yaml_origin(node, context->path, context->file_text);
  *out = sl_query_new(node->value, &origin, context->error);
  return *out != NULL;
}

/* Checks that `name` is a capture of the rule's primary query. */
static bool sl_matcher__capture_known(SlCompileContext *context, const SlYamlNode *at,
                                      const char *name) {
  uint32_t id;
  if (!name || sl_query_capture_id(context->primary, name, &id)) return true;
  return sl_rule_yaml_fail(context->error, context->path, at,
                           "capture '@%s' is not in the rule's query", name);
}

static bool sl_matcher__node_option(SlCompileContext *context, const SlYamlNode *mapping,
                                    SlCondition *out) {
  const char *capture = NULL;
  if (!sl_rule_yaml_string(mapping, "node", false, context->path, context->error, &capture))
    return false;
  if (!sl_matcher__capture_known(context, sl_yaml_mapping_get(mapping, "node"), capture))
    return false;
  out->capture_name = capture ? sl_strdup(capture) : NULL;
  return true;
}

static bool sl_matcher__kwarg(SlCompileContext *context, const SlYamlNode *value,
                              SlCondition *out) {
  static const char *const keys[] = {"name", "value", "node", "splat", NULL};
  out->kind = SL_CONDITION_KWARG;
  out->splat_counts = true;
  if (value->kind == SL_YAML_SCALAR) {
    out->name = sl_strdup(value->value);
    return true;
  }
  const char *name = NULL, *splat = NULL;
  if (!sl_rule_yaml_check_keys(value, keys, "a keyword-argument constraint", context->path,
                               context->error) ||
      !sl_rule_yaml_string(value, "name", true, context->path, context->error, &name) ||
      !sl_rule_yaml_string(value, "splat", false, context->path, context->error, &splat) ||
      !sl_matcher__node_option(context, value, out))
    return false;
  out->name = sl_strdup(name);
  if (splat && strcmp(splat, "counts") != 0 && strcmp(splat, "ignored") != 0)
    return sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(value, "splat"),
                             "'splat' is 'counts' or 'ignored'");
  out->splat_counts = !splat || strcmp(splat, "counts") == 0;
  const SlYamlNode *regex = sl_yaml_mapping_get(value, "value");
  return !regex || sl_matcher__regex(context, regex, &out->regex);
}

/* `matches` / `not-matches` inside an argument or capture constraint. */
static bool sl_matcher__text_regex(SlCompileContext *context, const SlYamlNode *value,
                                   SlCondition *out) {
  const SlYamlNode *matches = sl_yaml_mapping_get(value, "matches");
  const SlYamlNode *not_matches = sl_yaml_mapping_get(value, "not-matches");
  if (!!matches == !!not_matches)
    return sl_rule_yaml_fail(context->error, context->path, value,
                             "give exactly one of 'matches' and 'not-matches'");
  out->negated = not_matches != NULL;
  return sl_matcher__regex(context, matches ? matches : not_matches, &out->regex);
}

static bool sl_matcher__argument(SlCompileContext *context, const SlYamlNode *value,
                                 SlCondition *out) {
  static const char *const keys[] = {"position", "matches", "not-matches", "node", NULL};
  out->kind = SL_CONDITION_ARGUMENT;
  const char *position = NULL;
  if (!sl_rule_yaml_check_keys(value, keys, "an argument constraint", context->path,
                               context->error) ||
      !sl_rule_yaml_string(value, "position", true, context->path, context->error, &position) ||
      !sl_matcher__node_option(context, value, out))
    return false;
  char *end = NULL;
  long index = strtol(position, &end, 10);
  if (*end || index < 0 || index > 255)
    return sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(value, "position"),
                             "'position' must be an integer from 0 to 255");
  out->position = (uint32_t)index;
  return sl_matcher__text_regex(context, value, out);
}

static bool sl_matcher__capture(SlCompileContext *context, const SlYamlNode *value,
                                SlCondition *out) {
  static const char *const keys[] = {"name", "matches", "not-matches", NULL};
  out->kind = SL_CONDITION_CAPTURE;
  const char *name = NULL;
  if (!sl_rule_yaml_check_keys(value, keys, "a capture constraint", context->path,
                               context->error) ||
      !sl_rule_yaml_string(value, "name", true, context->path, context->error, &name) ||
      !sl_matcher__capture_known(context, sl_yaml_mapping_get(value, "name"), name))
    return false;
  out->capture_name = sl_strdup(name);
  return sl_matcher__text_regex(context, value, out);
}

static bool sl_matcher__stop_at(SlCompileContext *context, const SlYamlNode *value,
                                SlCondition *out) {
  static const char *const choices[] = {"function", "class", "none", NULL};
  static const SlStopAt values[] = {SL_STOP_AT_FUNCTION, SL_STOP_AT_CLASS, SL_STOP_AT_NONE};
  size_t index = 2;
  if (!sl_rule_yaml_choice(value, "stop-at", choices, context->path, context->error, &index))
    return false;
  out->stop_at = values[index];
  return true;
}

/* `same-text: {inner: outer}` on an inside or contains constraint (absent: nothing to do). */
static bool sl_matcher__same_text(SlCompileContext *context, const SlYamlNode *value,
                                  SlCondition *out) {
  if (!value) return true;
  if (value->kind != SL_YAML_MAPPING || value->pair_count != 1 ||
      value->pairs[0].key->kind != SL_YAML_SCALAR || value->pairs[0].value->kind != SL_YAML_SCALAR)
    return sl_rule_yaml_fail(context->error, context->path, value,
                             "'same-text' maps one capture of this query to one capture of the "
                             "rule's query: {inner: outer}");
  const SlYamlNode *inner = value->pairs[0].key, *outer = value->pairs[0].value;
  if (!sl_query_capture_id(out->query, inner->value, &out->same_inner_id))
    return sl_rule_yaml_fail(context->error, context->path, inner,
                             "capture '@%s' is not in this query", inner->value);
  if (!sl_matcher__capture_known(context, outer, outer->value)) return false;
  out->same_text = true;
  out->same_outer_name = sl_strdup(outer->value);
  return true;
}

/* inside / not-inside / contains / not-contains / file-has / file-lacks: a query, or a
 * mapping with one. `kind` is SL_CONDITION_INSIDE, _CONTAINS or _FILE. */
static bool sl_matcher__query_condition(SlCompileContext *context, const SlYamlNode *value,
                                        SlCondition *out, SlConditionKind kind) {
  static const char *const inside_keys[] = {"query", "capture",   "stop-at",
                                            "node",  "same-text", NULL};
  static const char *const file_keys[] = {"query", "same-text", NULL};
  bool inside = kind != SL_CONDITION_FILE;
  out->kind = kind;
  const SlYamlNode *query = value;
  const char *capture = NULL;
  if (value->kind == SL_YAML_MAPPING) {
    if (!sl_rule_yaml_check_keys(value, inside ? inside_keys : file_keys, "a query constraint",
                                 context->path, context->error) ||
        (inside &&
         (!sl_matcher__stop_at(context, value, out) ||
          !sl_matcher__node_option(context, value, out) ||
          !sl_rule_yaml_string(value, "capture", false, context->path, context->error, &capture))))
      return false;
    query = sl_yaml_mapping_get(value, "query");
    if (!query)
      return sl_rule_yaml_fail(context->error, context->path, value,
                               "missing required key 'query'");
  }
  if (!sl_matcher__query(context, query, &out->query)) return false;
  if (!inside)
    return value->kind != SL_YAML_MAPPING ||
           sl_matcher__same_text(context, sl_yaml_mapping_get(value, "same-text"), out);
  if (!capture) {
    if (ts_query_capture_count(sl_query_ts(out->query)) == 0)
      return sl_rule_yaml_fail(
          context->error, context->path, query,
          "an inside or contains query needs a capture naming the node to look for");
    out->query_capture_id = 0;
    return sl_matcher__same_text(context, sl_yaml_mapping_get(value, "same-text"), out);
  }
  if (!sl_query_capture_id(out->query, capture, &out->query_capture_id))
    return sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(value, "capture"),
                             "capture '@%s' is not in this query", capture);
  return sl_matcher__same_text(context, sl_yaml_mapping_get(value, "same-text"), out);
}

static bool sl_matcher__children(SlCompileContext *context, const SlYamlNode *value,
                                 SlCondition *out) {
  if (value->kind != SL_YAML_SEQUENCE || value->item_count == 0)
    return sl_rule_yaml_fail(context->error, context->path, value,
                             "'any' and 'all' take a non-empty list of constraints");
  out->children = sl_calloc(value->item_count, sizeof *out->children);
  for (size_t i = 0; i < value->item_count; i++) {
    out->child_count = i + 1; /* counted before compiling, so a failure still frees it */
    if (!sl_matcher__condition(context, value->items[i], &out->children[i])) return false;
  }
  return true;
}

static bool sl_matcher__number(SlCompileContext *context, const SlYamlNode *value,
                               const char *operator, SlCondition * out) {
  out->kind = SL_CONDITION_VALUE_COMPARE;
  snprintf(out->compare_operator, sizeof out->compare_operator, "%s", operator);
  char *end = NULL;
  if (value->kind == SL_YAML_SCALAR) out->number = strtod(value->value, &end);
  if (value->kind != SL_YAML_SCALAR || end == value->value || *end)
    return sl_rule_yaml_fail(context->error, context->path, value, "'%s' takes a number", operator);
  return true;
}

static bool sl_matcher__equals(SlCompileContext *context, const SlYamlNode *value,
                               SlCondition *out) {
  out->kind = SL_CONDITION_VALUE_EQUALS;
  size_t count = value->kind == SL_YAML_SEQUENCE ? value->item_count : 1;
  out->values = sl_calloc(count, sizeof(char *));
  for (size_t i = 0; i < count; i++) {
    const SlYamlNode *item = value->kind == SL_YAML_SEQUENCE ? value->items[i] : value;
    if (item->kind != SL_YAML_SCALAR)
      return sl_rule_yaml_fail(context->error, context->path, item, "'equals' takes strings");
    out->values[i] = sl_strdup(item->value);
    out->value_count = i + 1;
  }
  return true;
}

static bool sl_matcher__key_condition(SlCompileContext *context, const SlYamlNode *value,
                                      SlCondition *out, const char *kind) {
  out->kind =
      strncmp(kind, "sibling-", 8) == 0 ? SL_CONDITION_SIBLING_PRESENT : SL_CONDITION_KEY_PRESENT;
  out->negated = strstr(kind, "missing") != NULL;
  if (value->kind != SL_YAML_SCALAR)
    return sl_rule_yaml_fail(context->error, context->path, value, "'%s' takes a key name", kind);
  out->name = sl_strdup(value->value);
  return true;
}

/* An optional true/false key of a mapping. */
static bool sl_matcher__flag(SlCompileContext *context, const SlYamlNode *mapping, const char *key,
                             bool *out) {
  const SlYamlNode *value = sl_yaml_mapping_get(mapping, key);
  if (!value) return true;
  if (value->kind != SL_YAML_SCALAR ||
      (strcmp(value->value, "true") != 0 && strcmp(value->value, "false") != 0))
    return sl_rule_yaml_fail(context->error, context->path, value, "'%s' is true or false", key);
  *out = strcmp(value->value, "true") == 0;
  return true;
}

/* The framework names of an in-entry-point constraint (`frameworks:` accepted, or
 * `not-frameworks:` refused; not both). */
static bool sl_matcher__entry_frameworks(SlCompileContext *context, const SlYamlNode *value,
                                         SlCondition *out) {
  const char **names = NULL;
  size_t count = 0;
  const char *key = sl_yaml_mapping_get(value, "not-frameworks") ? "not-frameworks" : "frameworks";
  if (sl_yaml_mapping_get(value, "frameworks") && sl_yaml_mapping_get(value, "not-frameworks"))
    return sl_rule_yaml_fail(context->error, context->path, value,
                             "give 'frameworks' or 'not-frameworks', not both");
  if (!sl_rule_yaml_strings(value, key, context->path, context->error, &names, &count))
    return false;
  out->values_excluded = key[0] == 'n';
  out->values = sl_calloc(count ? count : 1, sizeof *out->values);
  for (size_t i = 0; i < count; i++) out->values[out->value_count++] = sl_strdup(names[i]);
  sl_free(names);
  return true;
}

/* `in-entry-point: {patterns: [online, streaming], async: true, not-frameworks: [x],
 * calls-model: true, reached: true}` (every key optional: any pattern, async or not, any
 * framework, entry points only). */
static bool sl_matcher__entry_condition(SlCompileContext *context, const SlYamlNode *value,
                                        SlCondition *out) {
  static const char *const keys[] = {"patterns",    "async",   "frameworks", "not-frameworks",
                                     "calls-model", "reached", NULL};
  out->kind = SL_CONDITION_ENTRY;
  out->patterns = (1u << SL_PATTERN_COUNT) - 1u;
  if (value->kind == SL_YAML_SCALAR && value->value[0] == '\0') return true; /* `in-entry-point:` */
  const char **names = NULL;
  size_t count = 0;
  if (!sl_rule_yaml_check_keys(value, keys, "an in-entry-point constraint", context->path,
                               context->error) ||
      !sl_rule_yaml_strings(value, "patterns", context->path, context->error, &names, &count))
    return false;
  bool ok = true;
  if (count) out->patterns = 0;
  for (size_t i = 0; i < count; i++) {
    uint32_t bit = 0;
    for (int pattern = 0; pattern < SL_PATTERN_COUNT; pattern++)
      if (strcmp(names[i], sl_serving_pattern_name((SlServingPattern)pattern)) == 0)
        bit = 1u << pattern;
    if (!bit && ok)
      ok = sl_rule_yaml_fail(context->error, context->path, sl_yaml_mapping_get(value, "patterns"),
                             "unknown serving pattern '%s' (online, batch, streaming)", names[i]);
    out->patterns |= bit;
  }
  sl_free(names);
  if (ok) ok = sl_matcher__entry_frameworks(context, value, out);
  return ok && sl_matcher__flag(context, value, "async", &out->require_async) &&
         sl_matcher__flag(context, value, "calls-model", &out->require_model_call) &&
         sl_matcher__flag(context, value, "reached", &out->reached);
}

/* `calls-model-helper: true` judges the reported node, `calls-model-helper: NAME` the
 * rule query's capture NAME. */
static bool sl_matcher__model_helper(SlCompileContext *context, const SlYamlNode *value,
                                     SlCondition *out) {
  if (value->kind != SL_YAML_SCALAR || value->value[0] == '\0')
    return sl_rule_yaml_fail(context->error, context->path, value,
                             "calls-model-helper takes 'true' or the name of a capture");
  out->kind = SL_CONDITION_MODEL_HELPER;
  if (strcmp(value->value, "true") == 0) return true;
  out->capture_name = sl_strdup(value->value);
  return sl_matcher__capture_known(context, value, value->value);
}

static bool sl_matcher__python_condition(SlCompileContext *context, const char *kind,
                                         const SlYamlNode *value, SlCondition *out, bool *known) {
  *known = true;
  if (strcmp(kind, "in-entry-point") == 0) return sl_matcher__entry_condition(context, value, out);
  if (strcmp(kind, "not-in-entry-point") == 0)
    return (out->negated = true) && sl_matcher__entry_condition(context, value, out);
  if (strcmp(kind, "path-matches") == 0 || strcmp(kind, "path-not-matches") == 0) {
    out->kind = SL_CONDITION_PATH;
    out->negated = strcmp(kind, "path-not-matches") == 0;
    return sl_matcher__regex(context, value, &out->regex);
  }
  if (strcmp(kind, "calls-model-helper") == 0) return sl_matcher__model_helper(context, value, out);
  if (strcmp(kind, "has-kwarg") == 0) return sl_matcher__kwarg(context, value, out);
  if (strcmp(kind, "lacks-kwarg") == 0)
    return (out->negated = true) && sl_matcher__kwarg(context, value, out);
  if (strcmp(kind, "argument") == 0) return sl_matcher__argument(context, value, out);
  if (strcmp(kind, "capture") == 0) return sl_matcher__capture(context, value, out);
  if (strcmp(kind, "inside") == 0)
    return sl_matcher__query_condition(context, value, out, SL_CONDITION_INSIDE);
  if (strcmp(kind, "not-inside") == 0)
    return (out->negated = true) &&
           sl_matcher__query_condition(context, value, out, SL_CONDITION_INSIDE);
  if (strcmp(kind, "contains") == 0)
    return sl_matcher__query_condition(context, value, out, SL_CONDITION_CONTAINS);
  if (strcmp(kind, "not-contains") == 0)
    return (out->negated = true) &&
           sl_matcher__query_condition(context, value, out, SL_CONDITION_CONTAINS);
  if (strcmp(kind, "file-has") == 0)
    return sl_matcher__query_condition(context, value, out, SL_CONDITION_FILE);
  if (strcmp(kind, "file-lacks") == 0)
    return (out->negated = true) &&
           sl_matcher__query_condition(context, value, out, SL_CONDITION_FILE);
  *known = false;
  return false;
}

static bool sl_matcher__yaml_condition(SlCompileContext *context, const char *kind,
                                       const SlYamlNode *value, SlCondition *out, bool *known) {
  static const char *const operators[] = {"<", "<=", ">", ">=", NULL};
  *known = true;
  if (strcmp(kind, "matches") == 0 || strcmp(kind, "not-matches") == 0) {
    out->kind = SL_CONDITION_VALUE_MATCHES;
    out->negated = kind[0] == 'n';
    return sl_matcher__regex(context, value, &out->regex);
  }
  if (strcmp(kind, "equals") == 0) return sl_matcher__equals(context, value, out);
  if (strcmp(kind, "present") == 0 || strcmp(kind, "missing") == 0 ||
      strcmp(kind, "sibling-present") == 0 || strcmp(kind, "sibling-missing") == 0)
    return sl_matcher__key_condition(context, value, out, kind);
  for (size_t i = 0; operators[i]; i++)
    if (strcmp(kind, operators[i]) == 0) return sl_matcher__number(context, value, kind, out);
  *known = false;
  return false;
}

static bool sl_matcher__condition(SlCompileContext *context, const SlYamlNode *node,
                                  SlCondition *out) {
  if (node->kind != SL_YAML_MAPPING || node->pair_count != 1)
    return sl_rule_yaml_fail(context->error, context->path, node,
                             "a constraint is a mapping with exactly one key");
  const SlYamlNode *key = node->pairs[0].key, *value = node->pairs[0].value;
  const char *kind = key->kind == SL_YAML_SCALAR ? key->value : "";
  bool known = false, ok = false;
  if (strcmp(kind, "any") == 0 || strcmp(kind, "all") == 0) {
    out->kind = kind[1] == 'n' ? SL_CONDITION_ANY : SL_CONDITION_ALL;
    return sl_matcher__children(context, value, out);
  }
  if (strcmp(kind, "not") == 0) {
    out->kind = SL_CONDITION_NOT;
    out->children = sl_calloc(1, sizeof *out->children);
    out->child_count = 1;
    return sl_matcher__condition(context, value, out->children);
  }
  ok = context->language == 0 ? sl_matcher__python_condition(context, kind, value, out, &known)
                              : sl_matcher__yaml_condition(context, kind, value, out, &known);
  if (known) return ok;
  return sl_rule_yaml_fail(context->error, context->path, key, "unknown %s constraint '%s'",
                           context->language == 0 ? "Python" : "YAML", kind);
}

static bool sl_matcher__where(SlCompileContext *context, const SlYamlNode *match,
                              SlMatcher *matcher) {
  matcher->where.kind = SL_CONDITION_ALL;
  const SlYamlNode *where = sl_yaml_mapping_get(match, "where");
  if (!where) return true;
  return sl_matcher__children(context, where, &matcher->where);
}

static bool sl_matcher__python(SlCompileContext *context, const SlYamlNode *match,
                               SlMatcher *matcher) {
  static const char *const keys[] = {"query", "report", "where", NULL};
  const char *report = NULL;
  SlQuery *query = NULL;
  bool ok = sl_rule_yaml_check_keys(match, keys, "match", context->path, context->error) &&
            sl_rule_yaml_string(match, "report", false, context->path, context->error, &report);
  const SlYamlNode *query_node = sl_yaml_mapping_get(match, "query");
  if (ok && !query_node)
    ok = sl_rule_yaml_fail(context->error, context->path, match, "missing required key 'query'");
  if (!ok || !sl_matcher__query(context, query_node, &query)) return false;
  matcher->query_text = sl_strdup(query_node->value);
  matcher->pattern_count = sl_query_pattern_count(query);
  context->primary = query;
  uint32_t length = 0, id = 0;
  if (!report && sl_query_capture_id(query, "report", &id)) report = "report";
  if (!report && ts_query_capture_count(sl_query_ts(query)) > 0)
    report = ts_query_capture_name_for_id(sl_query_ts(query), 0, &length);
  if (!report)
    ok = sl_rule_yaml_fail(context->error, context->path, query_node,
                           "the query has no capture to report");
  else if ((ok = sl_matcher__capture_known(context, sl_yaml_mapping_get(match, "report"), report)))
    matcher->report_capture = sl_strdup(report);
  ok = ok && sl_matcher__where(context, match, matcher);
  sl_query_delete(query);
  context->primary = NULL;
  return ok;
}

static bool sl_matcher__selector(SlCompileContext *context, const SlYamlNode *node,
                                 SlDocumentSelector *out) {
  static const char *const keys[] = {"kind", "api-version", "file", "format", NULL};
  const char **kinds = NULL, **files = NULL;
  bool ok =
      sl_rule_yaml_check_keys(node, keys, "a document selector", context->path, context->error) &&
      sl_rule_yaml_strings(node, "kind", context->path, context->error, &kinds, &out->kind_count) &&
      sl_rule_yaml_strings(node, "file", context->path, context->error, &files, &out->file_count);
  out->kinds = sl_calloc(out->kind_count + 1, sizeof(char *));
  out->files = sl_calloc(out->file_count + 1, sizeof(char *));
  for (size_t i = 0; ok && i < out->kind_count; i++) out->kinds[i] = sl_strdup(kinds[i]);
  for (size_t i = 0; ok && i < out->file_count; i++) out->files[i] = sl_strdup(files[i]);
  if (!ok) out->kind_count = out->file_count = 0;
  sl_free(kinds);
  sl_free(files);
  const SlYamlNode *format = sl_yaml_mapping_get(node, "format");
  if (ok && format) {
    ok = sl_yaml_scalar_is(format, "compose");
    if (!ok)
      sl_rule_yaml_fail(context->error, context->path, format,
                        "unknown document format (known: compose)");
    out->compose = ok;
  }
  const SlYamlNode *api = sl_yaml_mapping_get(node, "api-version");
  return ok && (!api || sl_matcher__regex(context, api, &out->api_version));
}

static bool sl_matcher__yaml(SlCompileContext *context, const SlYamlNode *match,
                             SlMatcher *matcher) {
  static const char *const keys[] = {"documents", "path", "where", NULL};
  const char *path_text = NULL;
  if (!sl_rule_yaml_check_keys(match, keys, "match", context->path, context->error) ||
      !sl_rule_yaml_string(match, "path", true, context->path, context->error, &path_text))
    return false;
  SlError path_error;
  matcher->path = sl_yaml_path_compile(path_text, &path_error);
  if (!matcher->path) {
    const SlYamlNode *node = sl_yaml_mapping_get(match, "path");
    SlTextOrigin origin = sl_rule_yaml_origin(node, context->path, context->file_text);
    *context->error = path_error;
    sl_text_origin_locate(&origin, node->value, path_error.column ? path_error.column - 1 : 0,
                          context->error);
    return false;
  }
  const SlYamlNode *documents = sl_yaml_mapping_get(match, "documents");
  if (documents && (documents->kind != SL_YAML_SEQUENCE || documents->item_count == 0))
    return sl_rule_yaml_fail(context->error, context->path, documents,
                             "'documents' is a non-empty list of selectors");
  size_t count = documents ? documents->item_count : 0;
  matcher->selectors = sl_calloc(count ? count : 1, sizeof *matcher->selectors);
  for (size_t i = 0; i < count; i++) {
    matcher->selector_count = i + 1;
    if (!sl_matcher__selector(context, documents->items[i], &matcher->selectors[i])) return false;
  }
  return sl_matcher__where(context, match, matcher);
}

/* `match: {native: NAME}`: a check written in C (native.h). */
static bool sl_matcher__native(SlCompileContext *context, const SlYamlNode *match,
                               SlMatcher *matcher) {
  static const char *const keys[] = {"native", NULL};
  const char *name = NULL;
  if (!sl_rule_yaml_check_keys(match, keys, "a native match", context->path, context->error) ||
      !sl_rule_yaml_string(match, "native", true, context->path, context->error, &name))
    return false;
  matcher->native = sl_native_find(name);
  const SlYamlNode *at = sl_yaml_mapping_get(match, "native");
  if (!matcher->native)
    return sl_rule_yaml_fail(context->error, context->path, at, "unknown native check '%s'", name);
  static const char *const languages[] = {"Python", "YAML", "Dockerfile"};
  if (matcher->native->file_check && matcher->native->language != context->language)
    return sl_rule_yaml_fail(context->error, context->path, at,
                             "native check '%s' judges %s files, not this rule's language", name,
                             languages[matcher->native->language]);
  return true;
}

SlMatcher *sl_matcher_compile(const SlYamlNode *node, int language, const char *path,
                              const char *file_text, SlError *error) {
  SlCompileContext context = {path, file_text, language, NULL, error};
  SlMatcher *matcher = sl_calloc(1, sizeof *matcher);
  matcher->language = language;
  bool ok;
  if (node && node->kind == SL_YAML_MAPPING && sl_yaml_mapping_get(node, "native"))
    ok = sl_matcher__native(&context, node, matcher);
  else if (language == SL_LANGUAGE_DOCKERFILE || language == SL_LANGUAGE_SHELL)
    ok = sl_rule_yaml_fail(error, path, node,
                           language == SL_LANGUAGE_SHELL
                               ? "a shell rule matches with a native check (`native: NAME`)"
                               : "a Dockerfile rule matches with a native check (`native: NAME`)");
  else
    ok = language == 0 ? sl_matcher__python(&context, node, matcher)
                       : sl_matcher__yaml(&context, node, matcher);
  if (ok) return matcher;
  sl_matcher_delete(matcher);
  return NULL;
}

void sl_condition_clear(SlCondition *condition) {
  sl_free(condition->capture_name);
  sl_free(condition->same_outer_name);
  sl_free(condition->name);
  sl_regex_delete(condition->regex);
  sl_query_delete(condition->query);
  for (size_t i = 0; i < condition->value_count; i++) sl_free(condition->values[i]);
  sl_free(condition->values);
  for (size_t i = 0; i < condition->child_count; i++) sl_condition_clear(&condition->children[i]);
  sl_free(condition->children);
}

static void sl_matcher__clear_selector(SlDocumentSelector *selector) {
  for (size_t i = 0; i < selector->kind_count; i++) sl_free(selector->kinds[i]);
  for (size_t i = 0; i < selector->file_count; i++) sl_free(selector->files[i]);
  sl_free(selector->kinds);
  sl_free(selector->files);
  sl_regex_delete(selector->api_version);
}

void sl_matcher_delete(SlMatcher *matcher) {
  if (!matcher) return;
  sl_free(matcher->query_text);
  sl_free(matcher->report_capture);
  for (size_t i = 0; i < matcher->selector_count; i++)
    sl_matcher__clear_selector(&matcher->selectors[i]);
  sl_free(matcher->selectors);
  sl_yaml_path_delete(matcher->path);
  sl_condition_clear(&matcher->where);
  sl_free(matcher);
}

const char *sl_matcher_query_text(const SlMatcher *matcher) { return matcher->query_text; }

const SlNativeCheck *sl_matcher_native(const SlMatcher *matcher) { return matcher->native; }

uint32_t sl_matcher_pattern_count(const SlMatcher *matcher) { return matcher->pattern_count; }
