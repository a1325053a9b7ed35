/*
 * matcher_yaml: running a YAML rule over a file's documents: select documents, select
 * nodes by path, keep those whose value constraints hold, report at the key (or the
 * value when the node was reached through a sequence).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "matcher_internal.h"
#include "servelint/alloc.h"

static const char *sl_matcher__base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* A Compose file's document, by its content (files are named `vllm.yml`, `gcp-compose.yml`
 * as often as `docker-compose.yml`): no Kubernetes `kind`, and a top-level `services`
 * mapping whose first service is a mapping with an `image` or a `build`. */
static bool sl_matcher__is_compose(const SlYamlNode *root) {
  if (!root || root->kind != SL_YAML_MAPPING || sl_yaml_mapping_get(root, "kind")) return false;
  const SlYamlNode *services = sl_yaml_mapping_get(root, "services");
  if (!services || services->kind != SL_YAML_MAPPING || services->pair_count == 0) return false;
  const SlYamlNode *first = services->pairs[0].value;
  return first && first->kind == SL_YAML_MAPPING &&
         (sl_yaml_mapping_get(first, "image") || sl_yaml_mapping_get(first, "build"));
}

static bool sl_matcher__selector_holds(const SlDocumentSelector *selector, const SlFileScan *scan,
                                       const SlYamlNode *root) {
  if (selector->kind_count) {
    const SlYamlNode *kind = sl_yaml_mapping_get(root, "kind");
    bool found = false;
    for (size_t i = 0; i < selector->kind_count && !found; i++)
      found = sl_yaml_scalar_is(kind, selector->kinds[i]);
    if (!found) return false;
  }
  if (selector->api_version) {
    const SlYamlNode *api = sl_yaml_mapping_get(root, "apiVersion");
    if (!api || api->kind != SL_YAML_SCALAR ||
        !sl_regex_search(selector->api_version, api->value, api->value_length, scan->scratch))
      return false;
  }
  if (selector->compose && !sl_matcher__is_compose(root)) return false;
  if (!selector->file_count) return true;
  const char *base = sl_matcher__base_name(scan->source->path);
  for (size_t i = 0; i < selector->file_count; i++)
    if (fnmatch(selector->files[i], base, 0) == 0) return true;
  return false;
}

static bool sl_matcher__document_selected(const SlMatcher *matcher, const SlFileScan *scan,
                                          const SlYamlNode *root) {
  if (!matcher->selector_count) return true;
  for (size_t i = 0; i < matcher->selector_count; i++)
    if (sl_matcher__selector_holds(&matcher->selectors[i], scan, root)) return true;
  return false;
}

/* A YAML number: decimal digits with an optional sign, fraction and exponent, or
 * `.inf` / `-.inf`. Not strtod's wider grammar: "infinity", "0x1p9" are strings in YAML. */
static bool sl_matcher__yaml_number(const char *text, double *value) {
  const char *cursor = text + (*text == '+' || *text == '-');
  if (strcmp(cursor, ".inf") == 0 || strcmp(cursor, ".Inf") == 0 || strcmp(cursor, ".INF") == 0) {
    *value = *text == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  size_t digits = strspn(cursor, "0123456789");
  if (cursor[digits] == '.') digits += 1 + strspn(cursor + digits + 1, "0123456789");
  if (digits == 0 || (digits == 1 && *cursor == '.')) return false;
  const char *rest = cursor + digits;
  if (*rest == 'e' || *rest == 'E') {
    rest += 1 + (rest[1] == '+' || rest[1] == '-');
    size_t exponent = strspn(rest, "0123456789");
    if (!exponent) return false;
    rest += exponent;
  }
  if (*rest) return false;
  *value = strtod(text, NULL);
  return true;
}

static bool sl_matcher__compare(const SlCondition *condition, const SlYamlNode *node) {
  if (node->kind != SL_YAML_SCALAR) return false;
  double value;
  if (!sl_matcher__yaml_number(node->value, &value))
    return false; /* not a number: nothing to compare */
  const char *operator= condition->compare_operator;
  if (strcmp(operator, "<") == 0) return value < condition->number;
  if (strcmp(operator, "<=") == 0) return value <= condition->number;
  if (strcmp(operator, ">") == 0) return value > condition->number;
  return value >= condition->number;
}

static bool sl_matcher__yaml_holds(const SlCondition *condition, const SlFileScan *scan,
                                   const SlYamlMatch *match);

static bool sl_matcher__yaml_combinator(const SlCondition *condition, const SlFileScan *scan,
                                        const SlYamlMatch *match) {
  if (condition->kind == SL_CONDITION_NOT)
    return !sl_matcher__yaml_holds(condition->children, scan, match);
  bool any = condition->kind == SL_CONDITION_ANY;
  for (size_t i = 0; i < condition->child_count; i++)
    if (sl_matcher__yaml_holds(&condition->children[i], scan, match) == any) return any;
  return !any;
}

/* Value constraints judge scalars; a mapping or sequence satisfies neither `matches`
 * nor `not-matches` (there is no text to judge), only present / missing. */
static bool sl_matcher__yaml_holds(const SlCondition *condition, const SlFileScan *scan,
                                   const SlYamlMatch *match) {
  const SlYamlNode *node = match->value;
  switch (condition->kind) {
    case SL_CONDITION_VALUE_MATCHES:
      return node->kind == SL_YAML_SCALAR &&
             sl_regex_search(condition->regex, node->value, node->value_length, scan->scratch) !=
                 condition->negated;
    case SL_CONDITION_VALUE_EQUALS:
      for (size_t i = 0; i < condition->value_count; i++)
        if (sl_yaml_scalar_is(node, condition->values[i])) return true;
      return false;
    case SL_CONDITION_VALUE_COMPARE:
      return sl_matcher__compare(condition, node);
    case SL_CONDITION_KEY_PRESENT:
      return node->kind == SL_YAML_MAPPING &&
             (sl_yaml_mapping_get(node, condition->name) != NULL) != condition->negated;
    case SL_CONDITION_SIBLING_PRESENT:
      return match->parent && match->parent->kind == SL_YAML_MAPPING &&
             (sl_yaml_mapping_get(match->parent, condition->name) != NULL) != condition->negated;
    case SL_CONDITION_ALL:
    case SL_CONDITION_ANY:
    case SL_CONDITION_NOT:
      return sl_matcher__yaml_combinator(condition, scan, match);
    default:
      return false; /* Python conditions never reach a YAML matcher (compile refuses) */
  }
}

/* Where the first positive `matches` of the where clause that holds matched the value. */
static bool sl_matcher__match_span(const SlCondition *condition, const SlFileScan *scan,
                                   const SlYamlNode *value, size_t *start, size_t *end) {
  if (condition->kind == SL_CONDITION_VALUE_MATCHES)
    return !condition->negated && sl_regex_find(condition->regex, value->value, value->value_length,
                                                scan->scratch, start, end);
  if (condition->kind != SL_CONDITION_ALL && condition->kind != SL_CONDITION_ANY) return false;
  for (size_t i = 0; i < condition->child_count; i++)
    if (sl_matcher__match_span(&condition->children[i], scan, value, start, end)) return true;
  return false;
}

/* A literal block scalar (a CI `run: |` script) spans many lines: the finding goes to the
 * line where the rule's pattern match ends, not to its key, so it points at the command.
 * A pattern that judges the whole value (a list of tags) keeps the key. */
static bool sl_matcher__block_line(const SlMatcher *matcher, const SlFileScan *scan,
                                   const SlYamlNode *value, SlYamlHit *hit) {
  size_t start = 0, end = 0;
  if (!value->literal || !sl_matcher__match_span(&matcher->where, scan, value, &start, &end))
    return false;
  bool to_last_line = end + 1 >= value->value_length;
  if (end == 0 || (start == 0 && to_last_line)) return false;
  uint32_t line = value->line + 1;
  for (size_t i = 0; i + 1 < end; i++) line += value->value[i] == '\n';
  const SlSource *source = scan->source;
  if (line > source->line_count) return false;
  const char *text = source->bytes + source->line_starts[line - 1];
  uint32_t column = 1;
  while (text[column - 1] == ' ' || text[column - 1] == '\t') column++;
  *hit = (SlYamlHit){line, column, line, column + 1, value->value};
  return true;
}

static void sl_matcher__emit(const SlMatcher *matcher, const SlFileScan *scan,
                             const SlYamlMatch *match, SlYamlHitFn emit, void *context) {
  const SlYamlNode *at = match->key ? match->key : match->value;
  SlYamlHit hit = {at->line, at->column, at->line, at->column + 1, ""};
  if (match->value->kind == SL_YAML_SCALAR &&
      sl_matcher__block_line(matcher, scan, match->value, &hit)) {
    emit(context, &hit);
    return;
  }
  if (match->value->kind == SL_YAML_SCALAR) {
    hit.text = match->value->value;
    if (match->value->line == at->line)
      hit.end_column = match->value->column + (uint32_t)match->value->value_length;
  } else if (at->kind == SL_YAML_SCALAR) {
    hit.end_column = at->column + (uint32_t)at->value_length;
  }
  emit(context, &hit);
}

void sl_matcher_run_yaml(const SlMatcher *matcher, SlFileScan *scan, SlYamlHitFn emit,
                         void *context) {
  SlYamlMatchVec matches = {0};
  size_t document_count = sl_yaml_document_count(scan->yaml);
  for (size_t d = 0; d < document_count; d++) {
    const SlYamlNode *root = sl_yaml_document_root(scan->yaml, d);
    if (!root || !sl_matcher__document_selected(matcher, scan, root)) continue;
    matches.count = 0;
    sl_yaml_path_select(matcher->path, root, &matches);
    for (size_t i = 0; i < matches.count; i++)
      if (sl_matcher__yaml_holds(&matcher->where, scan, &matches.items[i]))
        sl_matcher__emit(matcher, scan, &matches.items[i], emit, context);
  }
  sl_vec_delete(&matches);
}
