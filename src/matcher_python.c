/*
 * matcher_python: deciding whether a match of the combined query is a finding of a
 * rule, by its `where:` constraints. Constraint queries run over the whole file at
 * most once per file (SlFileScan caches their answers), only for files where some
 * rule's primary query matched.
 */
#include <string.h>

#include "matcher_internal.h"
#include "servelint/alloc.h"
#include "servelint/pyast.h"

typedef struct {
  SlFileScan *scan;
  const TSQueryMatch *match;
  TSNode report; /* the rule's reported node */
} SlMatchContext;

SlFileScan *sl_file_scan_new(const SlSource *source, TSTree *tree, const SlYamlFile *yaml,
                             SlRoleSet roles, SlRegexScratch *scratch) {
  SlFileScan *scan = sl_calloc(1, sizeof *scan);
  *scan = (SlFileScan){
      .source = source, .tree = tree, .yaml = yaml, .roles = roles, .scratch = scratch};
  if (tree) scan->cursor = ts_query_cursor_new();
  return scan;
}

void sl_file_scan_set_facts(SlFileScan *scan, const SlFileFacts *facts) { scan->facts = facts; }

void sl_file_scan_delete(SlFileScan *scan) {
  if (!scan) return;
  for (size_t i = 0; i < scan->answers.count; i++) {
    sl_vec_delete(&scan->answers.items[i].nodes);
    sl_vec_delete(&scan->answers.items[i].keys);
  }
  sl_vec_delete(&scan->answers);
  if (scan->cursor) ts_query_cursor_delete(scan->cursor);
  sl_free(scan);
}

const SlSource *sl_file_scan_source(const SlFileScan *scan) { return scan->source; }

SlRoleSet sl_file_scan_roles(const SlFileScan *scan) { return scan->roles; }

static bool sl_matcher__capture_node(const TSQueryMatch *match, uint32_t capture_id, TSNode *node) {
  for (uint16_t i = 0; i < match->capture_count; i++) {
    if (match->captures[i].index != capture_id) continue;
    *node = match->captures[i].node;
    return true;
  }
  return false;
}

/* Runs `condition`'s query over the file once and keeps the answer. */
static const SlQueryAnswer *sl_matcher__answer(SlFileScan *scan, const SlCondition *condition) {
  for (size_t i = 0; i < scan->answers.count; i++)
    if (scan->answers.items[i].condition == condition) return &scan->answers.items[i];
  SlQueryAnswer answer = {.condition = condition};
  ts_query_cursor_exec(scan->cursor, sl_query_ts(condition->query), ts_tree_root_node(scan->tree));
  TSQueryMatch match;
  while (ts_query_cursor_next_match(scan->cursor, &match)) {
    if (!sl_query_predicates_hold(condition->query, &match, scan->source->bytes, scan->scratch))
      continue;
    answer.matched = true;
    TSNode node;
    if ((condition->kind == SL_CONDITION_INSIDE || condition->kind == SL_CONDITION_CONTAINS) &&
        sl_matcher__capture_node(&match, condition->query_capture_id, &node)) {
      sl_vec_push(&answer.nodes, node);
      TSNode key = {{0}, NULL, NULL};
      if (condition->same_text) sl_matcher__capture_node(&match, condition->same_inner_id, &key);
      sl_vec_push(&answer.keys, key);
    } else if (condition->kind == SL_CONDITION_FILE && condition->same_text) {
      TSNode key = {{0}, NULL, NULL};
      if (sl_matcher__capture_node(&match, condition->same_inner_id, &key))
        sl_vec_push(&answer.keys, key); /* every match: one of them must bind */
    } else if (condition->kind == SL_CONDITION_FILE) {
      break; /* one match answers file-has / file-lacks */
    }
  }
  sl_vec_push(&scan->answers, answer);
  return sl_vec_last(&scan->answers);
}

static bool sl_matcher__node_text_matches(const SlFileScan *scan, TSNode node,
                                          const SlRegex *regex) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return sl_regex_search(regex, scan->source->bytes + start, end - start, scan->scratch);
}

static bool sl_matcher__kwarg(const SlCondition *condition, SlMatchContext *context, TSNode node) {
  bool splat = false;
  TSNode value = sl_pyast_keyword(context->scan->source->bytes, node, condition->name, &splat);
  bool found =
      !ts_node_is_null(value) &&
      (!condition->regex || sl_matcher__node_text_matches(context->scan, value, condition->regex));
  /* A `**kwargs` splat may carry the keyword: neither "has" nor "lacks" is certain,
   * so the constraint does not hold either way (no finding on a guess). */
  if (!found && splat && condition->splat_counts) return false;
  return found != condition->negated;
}

static bool sl_matcher__argument(const SlCondition *condition, SlMatchContext *context,
                                 TSNode node) {
  TSNode argument = sl_pyast_positional(node, condition->position);
  if (ts_node_is_null(argument))
    return false; /* no such argument (or after *args): nothing to judge */
  return sl_matcher__node_text_matches(context->scan, argument, condition->regex) !=
         condition->negated;
}

/* The outermost node a stop-at boundary allows an ancestor to be: the innermost
 * enclosing function (or class) of `node`, with its decorators. Null: no boundary. */
static TSNode sl_matcher__boundary(TSNode node, SlStopAt stop_at) {
  const char *wanted = stop_at == SL_STOP_AT_FUNCTION ? "function_definition" : "class_definition";
  for (TSNode parent = ts_node_parent(node); !ts_node_is_null(parent);
       parent = ts_node_parent(parent)) {
    if (strcmp(ts_node_type(parent), wanted) != 0) continue;
    TSNode decorated = ts_node_parent(parent);
    if (!ts_node_is_null(decorated) && strcmp(ts_node_type(decorated), "decorated_definition") == 0)
      return decorated;
    return parent;
  }
  return (TSNode){0};
}

static bool sl_matcher__contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) &&
         ts_node_end_byte(inner) <= ts_node_end_byte(outer) && !ts_node_eq(outer, inner);
}

/* Whether candidate `i` of an answer passes the condition's same-text binding: its
 * inner capture's text equals the text of the rule query's outer capture. */
static bool sl_matcher__same_text_holds(const SlCondition *condition, SlMatchContext *context,
                                        const SlQueryAnswer *answer, size_t i) {
  if (!condition->same_text) return true;
  TSNode outer, inner = answer->keys.items[i];
  if (ts_node_is_null(inner) ||
      !sl_matcher__capture_node(context->match, condition->same_outer_id, &outer))
    return false;
  uint32_t inner_length = ts_node_end_byte(inner) - ts_node_start_byte(inner);
  uint32_t outer_length = ts_node_end_byte(outer) - ts_node_start_byte(outer);
  const char *bytes = context->scan->source->bytes;
  return inner_length == outer_length &&
         memcmp(bytes + ts_node_start_byte(inner), bytes + ts_node_start_byte(outer),
                inner_length) == 0;
}

static bool sl_matcher__inside(const SlCondition *condition, SlMatchContext *context, TSNode node) {
  const SlQueryAnswer *answer = sl_matcher__answer(context->scan, condition);
  TSNode boundary = condition->stop_at == SL_STOP_AT_NONE
                        ? (TSNode){0}
                        : sl_matcher__boundary(node, condition->stop_at);
  bool inside = false;
  for (size_t i = 0; i < answer->nodes.count && !inside; i++) {
    TSNode ancestor = answer->nodes.items[i];
    inside = sl_matcher__contains(ancestor, node) &&
             (ts_node_is_null(boundary) || ts_node_eq(ancestor, boundary) ||
              sl_matcher__contains(boundary, ancestor)) &&
             sl_matcher__same_text_holds(condition, context, answer, i);
  }
  return inside != condition->negated;
}

/* Whether a node captured by the condition's query lies strictly within `node`. */
static bool sl_matcher__contains_match(const SlCondition *condition, SlMatchContext *context,
                                       TSNode node) {
  const SlQueryAnswer *answer = sl_matcher__answer(context->scan, condition);
  bool contains = false;
  for (size_t i = 0; i < answer->nodes.count && !contains; i++)
    contains = sl_matcher__contains(node, answer->nodes.items[i]) &&
               sl_matcher__same_text_holds(condition, context, answer, i);
  return contains != condition->negated;
}

/* file-has: the query matched somewhere (with same-text: a match binding the text). */
static bool sl_matcher__file_has(const SlCondition *condition, SlMatchContext *context) {
  const SlQueryAnswer *answer = sl_matcher__answer(context->scan, condition);
  if (!condition->same_text) return answer->matched;
  for (size_t i = 0; i < answer->keys.count; i++)
    if (sl_matcher__same_text_holds(condition, context, answer, i)) return true;
  return false;
}

/* in-entry-point: the innermost function holding `node` is one of the file's entry
 * points, of an accepted pattern (and async when asked). */
/* Whether one entry point satisfies the condition's pattern, framework and (for a
 * function) async and model-call requirements. `function` is NULL for module-level
 * code (`<module>` / `<main>` entries), which calls a model when the file's module
 * code does. */
static bool sl_matcher__entry_accepts(const SlCondition *condition, const SlFileFacts *facts,
                                      const SlEntryPoint *entry, const SlFunction *function) {
  bool listed = false;
  for (size_t v = 0; v < condition->value_count && !listed; v++)
    listed = strcmp(condition->values[v], entry->framework) == 0;
  bool calls_model =
      function ? function->calls_model || function->forwards.count > 0 : facts->module_calls_model;
  return (condition->patterns & (1u << entry->pattern)) &&
         (!condition->require_async || (function && function->is_async)) &&
         (!condition->require_model_call || calls_model) &&
         (condition->value_count == 0 || listed != condition->values_excluded);
}

/* in-entry-point: the innermost function holding `node` is one of the file's entry
 * points; outside every function, a module-level entry (a consumer loop at the top of
 * a script) whose span holds it; with `reached`, also a function an online entry point
 * of the file calls, judged (async, model call) on its own code. */
static bool sl_matcher__in_entry_point(const SlCondition *condition, SlMatchContext *context,
                                       TSNode node) {
  const SlFileFacts *facts = context->scan->facts;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  const SlFunction *function = facts ? sl_facts_enclosing_function(facts, start, end) : NULL;
  bool inside = false;
  for (size_t i = 0; facts && i < facts->entry_points.count && !inside; i++) {
    const SlEntryPoint *entry = &facts->entry_points.items[i];
    bool here = function ? strcmp(entry->function, function->name) == 0
                         : entry->function[0] == '<' && entry->span.start_byte <= start &&
                               end <= entry->span.end_byte;
    inside = here && sl_matcher__entry_accepts(condition, facts, entry, function);
  }
  /* `reached`: a function on the request path of an online entry point of the file (an
   * async helper the route awaits) stands for it. */
  for (size_t i = 0; condition->reached && function && function->on_online_path &&
                     i < facts->entry_points.count && !inside;
       i++) {
    const SlEntryPoint *entry = &facts->entry_points.items[i];
    inside = entry->pattern == SL_PATTERN_ONLINE &&
             sl_matcher__entry_accepts(condition, facts, entry, function);
  }
  return inside != condition->negated;
}

static bool sl_matcher__runs_model(const SlFileFacts *facts, const SlFunction *function, int depth);

/* Whether callee `c` of `caller` names another function of the same file that runs a
 * model, `depth` calls deep at most below it. */
static bool sl_matcher__callee_runs_model(const SlFileFacts *facts, const SlFunction *caller,
                                          size_t c, int depth) {
  for (size_t f = 0; f < facts->functions.count; f++) {
    const SlFunction *candidate = &facts->functions.items[f];
    if (candidate != caller && sl_facts_calls(caller, caller->callees.items[c], candidate) &&
        sl_matcher__runs_model(facts, candidate, depth))
      return true;
  }
  return false;
}

/* Whether `function` runs a model: its own code calls one, or a function of the same file
 * it calls does, `depth` calls deep at most (helpers of helpers; recursion ends there). */
static bool sl_matcher__runs_model(const SlFileFacts *facts, const SlFunction *function,
                                   int depth) {
  if (function->calls_model || function->forwards.count > 0) return true;
  for (size_t c = 0; depth > 0 && c < function->callees.count; c++)
    if (sl_matcher__callee_runs_model(facts, function, c, depth - 1)) return true;
  return false;
}

/* calls-model-helper: a call inside `node` (or `node` itself) names a function of this
 * file that runs a model (`result = run_pipeline(x)` where run_pipeline calls
 * `model.predict`). The calls are the enclosing function's recorded callees, by span. */
static bool sl_matcher__calls_model_helper(SlMatchContext *context, TSNode node) {
  const SlFileFacts *facts = context->scan->facts;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  const SlFunction *function = facts ? sl_facts_enclosing_function(facts, start, end) : NULL;
  for (size_t c = 0; function && c < function->callees.count; c++) {
    SlSpan call = function->callee_spans.items[c];
    if (call.start_byte >= start && call.end_byte <= end &&
        sl_matcher__callee_runs_model(facts, function, c, 2))
      return true;
  }
  return false;
}

static bool sl_matcher__holds(const SlCondition *condition, SlMatchContext *context);

static bool sl_matcher__combinator(const SlCondition *condition, SlMatchContext *context) {
  if (condition->kind == SL_CONDITION_NOT)
    return !sl_matcher__holds(&condition->children[0], context);
  bool any = condition->kind == SL_CONDITION_ANY;
  for (size_t i = 0; i < condition->child_count; i++)
    if (sl_matcher__holds(&condition->children[i], context) == any) return any;
  return !any;
}

static bool sl_matcher__holds(const SlCondition *condition, SlMatchContext *context) {
  TSNode node = context->report;
  if (condition->capture_name &&
      !sl_matcher__capture_node(context->match, condition->capture_id, &node))
    return false; /* an optional capture that did not match: nothing to judge */
  switch (condition->kind) {
    case SL_CONDITION_KWARG:
      return sl_matcher__kwarg(condition, context, node);
    case SL_CONDITION_ARGUMENT:
      return sl_matcher__argument(condition, context, node);
    case SL_CONDITION_CAPTURE:
      return sl_matcher__node_text_matches(context->scan, node, condition->regex) !=
             condition->negated;
    case SL_CONDITION_INSIDE:
      return sl_matcher__inside(condition, context, node);
    case SL_CONDITION_CONTAINS:
      return sl_matcher__contains_match(condition, context, node);
    case SL_CONDITION_FILE:
      return sl_matcher__file_has(condition, context) != condition->negated;
    case SL_CONDITION_ENTRY:
      return sl_matcher__in_entry_point(condition, context, node);
    case SL_CONDITION_MODEL_HELPER:
      return sl_matcher__calls_model_helper(context, node);
    case SL_CONDITION_PATH: {
      const char *path = context->scan->source->path;
      return sl_regex_search(condition->regex, path, strlen(path), context->scan->scratch) !=
             condition->negated;
    }
    case SL_CONDITION_ALL:
    case SL_CONDITION_ANY:
    case SL_CONDITION_NOT:
      return sl_matcher__combinator(condition, context);
    default:
      return false; /* YAML conditions never reach a Python matcher (compile refuses) */
  }
}

bool sl_matcher_accept(const SlMatcher *matcher, SlFileScan *scan, const TSQueryMatch *match,
                       TSNode *report) {
  SlMatchContext context = {scan, match, {{0}, NULL, NULL}};
  if (!sl_matcher__capture_node(match, matcher->report_capture_id, &context.report)) return false;
  if (!sl_matcher__holds(&matcher->where, &context)) return false;
  *report = context.report;
  return true;
}

static bool sl_matcher__bind_condition(SlCondition *condition, const SlQuery *combined) {
  if (condition->capture_name &&
      !sl_query_capture_id(combined, condition->capture_name, &condition->capture_id))
    return false;
  if (condition->same_text &&
      !sl_query_capture_id(combined, condition->same_outer_name, &condition->same_outer_id))
    return false;
  for (size_t i = 0; i < condition->child_count; i++)
    if (!sl_matcher__bind_condition(&condition->children[i], combined)) return false;
  return true;
}

bool sl_matcher_bind(SlMatcher *matcher, const SlQuery *combined, SlError *error) {
  if (matcher->language != 0 || matcher->native) return true;
  if (sl_query_capture_id(combined, matcher->report_capture, &matcher->report_capture_id) &&
      sl_matcher__bind_condition(&matcher->where, combined))
    return true;
  sl_error_set(error, SL_ERROR_INTERNAL, NULL, 0, 0, "capture lost in the combined query");
  return false;
}
