/*
 * query: compiling a tree-sitter query and its predicates. Errors point into the
 * rule file: tree-sitter's byte offset (or PCRE2's) is mapped through SlTextOrigin.
 */
#include <string.h>

#include "query_internal.h"
#include "servelint/alloc.h"
#include "servelint/python.h"
#include "servelint/vec.h"

void sl_text_origin_locate(const SlTextOrigin *origin, const char *text, size_t offset,
                           SlError *error) {
  uint32_t line = origin->line, column = origin->column;
  for (size_t i = 0; i < offset && text[i]; i++) {
    if (text[i] == '\n') {
      line++;
      column = origin->indent + 1;
    } else {
      column++;
    }
  }
  snprintf(error->path, sizeof error->path, "%s", origin->path);
  error->line = line;
  error->column = column;
}

static const char *sl_query__error_name(TSQueryError kind) {
  switch (kind) {
    case TSQueryErrorSyntax:
      return "syntax error";
    case TSQueryErrorNodeType:
      return "unknown node type";
    case TSQueryErrorField:
      return "unknown field";
    case TSQueryErrorCapture:
      return "unknown capture";
    case TSQueryErrorStructure:
      return "impossible pattern structure";
    case TSQueryErrorLanguage:
      return "language mismatch";
    default:
      return "error";
  }
}

/* The text of string or capture step `step`; borrowed from the query. */
static const char *sl_query__step_text(const TSQuery *query, const TSQueryPredicateStep *step) {
  uint32_t length = 0;
  if (step->type == TSQueryPredicateStepTypeCapture)
    return ts_query_capture_name_for_id(query, step->value_id, &length);
  return ts_query_string_value_for_id(query, step->value_id, &length);
}

typedef struct {
  const SlQuery *query;
  const char *text;
  const SlTextOrigin *origin;
  uint32_t pattern;
  SlError *error;
} SlPredicateContext;

static bool sl_query__fail(SlPredicateContext *context, size_t offset, const char *format,
                           const char *detail) {
  SlError *error = context->error;
  error->kind = SL_ERROR_RULE;
  snprintf(error->message, sizeof error->message, format, detail);
  if (context->origin) sl_text_origin_locate(context->origin, context->text, offset, error);
  return false;
}

/* Byte offset of `needle` in the pattern's text (for error locations), or the
 * pattern's start when it cannot be found verbatim (escapes). */
static size_t sl_query__offset_of(SlPredicateContext *context, const char *needle) {
  size_t start = ts_query_start_byte_for_pattern(context->query->query, context->pattern);
  const char *found = strstr(context->text + start, needle);
  return found ? (size_t)(found - context->text) : start;
}

static bool sl_query__compile_regex(SlPredicateContext *context, SlPredicate *predicate,
                                    const char *pattern) {
  SlError regex_error;
  predicate->regex = sl_regex_new(pattern, &regex_error);
  if (predicate->regex) return true;
  size_t offset = sl_query__offset_of(context, pattern);
  /* regex_error.column is PCRE2's offset plus one; `offset` is 0-based. */
  return sl_query__fail(context, offset + regex_error.column - 1, "%s", regex_error.message);
}

/* Fills `predicate` from steps [0, step_count) (name first, Done excluded). */
static bool sl_query__parse_predicate(SlPredicateContext *context,
                                      const TSQueryPredicateStep *steps, uint32_t step_count,
                                      SlPredicate *predicate) {
  const TSQuery *ts = context->query->query;
  const char *name = sl_query__step_text(ts, &steps[0]);
  size_t offset = sl_query__offset_of(context, name);
  predicate->negated = strncmp(name, "not-", 4) == 0;
  const char *base = predicate->negated ? name + 4 : name;
  if (strcmp(base, "eq?") == 0)
    predicate->kind = SL_PREDICATE_EQ;
  else if (strcmp(base, "match?") == 0)
    predicate->kind = SL_PREDICATE_MATCH;
  else if (strcmp(base, "any-of?") == 0)
    predicate->kind = SL_PREDICATE_ANY_OF;
  else
    return sl_query__fail(context, offset,
                          "unknown predicate #%s (servelint evaluates #eq?, #not-eq?, #match?, "
                          "#not-match?, #any-of?, #not-any-of?)",
                          name);
  if (step_count < 3 || steps[1].type != TSQueryPredicateStepTypeCapture)
    return sl_query__fail(context, offset, "#%s takes a capture and then a value", name);
  predicate->capture_id = steps[1].value_id;
  if (predicate->kind == SL_PREDICATE_ANY_OF) {
    predicate->value_count = step_count - 2;
    predicate->values = sl_calloc(predicate->value_count, sizeof(char *));
    for (uint32_t i = 2; i < step_count; i++) {
      if (steps[i].type != TSQueryPredicateStepTypeString)
        return sl_query__fail(context, offset, "#%s takes strings after its capture", name);
      predicate->values[i - 2] = sl_strdup(sl_query__step_text(ts, &steps[i]));
    }
    return true;
  }
  if (step_count != 3)
    return sl_query__fail(context, offset, "#%s takes exactly two arguments", name);
  if (steps[2].type == TSQueryPredicateStepTypeCapture) {
    if (predicate->kind != SL_PREDICATE_EQ)
      return sl_query__fail(context, offset,
                            "#%s needs a string, not a capture, as its second argument", name);
    predicate->compare_capture = true;
    predicate->rhs_capture_id = steps[2].value_id;
    return true;
  }
  const char *value = sl_query__step_text(ts, &steps[2]);
  if (predicate->kind == SL_PREDICATE_MATCH)
    return sl_query__compile_regex(context, predicate, value);
  predicate->literal = sl_strdup(value);
  return true;
}

static bool sl_query__compile_pattern(SlPredicateContext *context) {
  uint32_t step_count = 0;
  const TSQueryPredicateStep *steps =
      ts_query_predicates_for_pattern(context->query->query, context->pattern, &step_count);
  SlPatternPredicates *out = &context->query->patterns[context->pattern];
  SlVec(SlPredicate) predicates = {0};
  bool ok = true;
  for (uint32_t start = 0; start < step_count && ok;) {
    uint32_t end = start;
    while (end < step_count && steps[end].type != TSQueryPredicateStepTypeDone) end++;
    SlPredicate predicate = {0};
    ok = sl_query__parse_predicate(context, steps + start, end - start, &predicate);
    sl_vec_push(&predicates, predicate); /* pushed even on failure so it is freed */
    start = end + 1;
  }
  out->items = predicates.items;
  out->count = predicates.count;
  return ok;
}

/* An error at the very end (an unclosed pattern) is reported on the last character
 * of the text, not past its final newline on the rule file's next line. */
static size_t sl_query__clamp_offset(const char *text, size_t offset) {
  size_t length = strlen(text);
  if (offset < length) return offset;
  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == ' ')) length--;
  return length ? length - 1 : 0;
}

/* The offset of the first predicate written at the top level, or -1. tree-sitter
 * accepts `(pattern) (#eq? ...)` but attaches such a predicate to the next pattern
 * (or drops it), so a rule would silently match more than it says. Strings and
 * `;` comments are skipped. */
static long sl_query__top_level_predicate(const char *text) {
  int depth = 0;
  for (const char *cursor = text; *cursor; cursor++) {
    if (*cursor == ';') {
      while (cursor[1] && cursor[1] != '\n') cursor++;
    } else if (*cursor == '"') {
      while (cursor[1] && cursor[1] != '"') cursor += cursor[1] == '\\' && cursor[2] ? 2 : 1;
      if (cursor[1]) cursor++;
    } else if (*cursor == '(') {
      if (depth == 0 && cursor[1] == '#') return cursor - text;
      depth++;
    } else if (*cursor == ')' && depth > 0) {
      depth--;
    }
  }
  return -1;
}

SlQuery *sl_query_new(const char *text, const SlTextOrigin *origin, SlError *error) {
  long stray = sl_query__top_level_predicate(text);
  if (stray >= 0) {
    error->kind = SL_ERROR_RULE;
    snprintf(error->message, sizeof error->message,
             "predicate outside its pattern: group them, as in ((call) @c (#eq? @c \"x\"))");
    if (origin) sl_text_origin_locate(origin, text, (size_t)stray, error);
    return NULL;
  }
  uint32_t error_offset = 0;
  TSQueryError error_kind = TSQueryErrorNone;
  TSQuery *ts =
      ts_query_new(sl_python_language(), text, (uint32_t)strlen(text), &error_offset, &error_kind);
  if (!ts) {
    error->kind = SL_ERROR_RULE;
    snprintf(error->message, sizeof error->message, "bad tree-sitter query: %s",
             sl_query__error_name(error_kind));
    if (origin)
      sl_text_origin_locate(origin, text, sl_query__clamp_offset(text, error_offset), error);
    return NULL;
  }
  SlQuery *query = sl_calloc(1, sizeof *query);
  query->query = ts;
  query->pattern_count = ts_query_pattern_count(ts);
  query->patterns = sl_calloc(query->pattern_count, sizeof *query->patterns);
  SlPredicateContext context = {query, text, origin, 0, error};
  for (; context.pattern < query->pattern_count; context.pattern++) {
    if (sl_query__compile_pattern(&context)) continue;
    sl_query_delete(query);
    return NULL;
  }
  return query;
}

static void sl_query__clear_predicate(SlPredicate *predicate) {
  sl_free(predicate->literal);
  sl_regex_delete(predicate->regex);
  for (size_t i = 0; i < predicate->value_count; i++) sl_free(predicate->values[i]);
  sl_free(predicate->values);
}

void sl_query_delete(SlQuery *query) {
  if (!query) return;
  for (uint32_t p = 0; p < query->pattern_count; p++) {
    for (size_t i = 0; i < query->patterns[p].count; i++)
      sl_query__clear_predicate(&query->patterns[p].items[i]);
    sl_free(query->patterns[p].items);
  }
  sl_free(query->patterns);
  ts_query_delete(query->query);
  sl_free(query);
}

const TSQuery *sl_query_ts(const SlQuery *query) { return query->query; }

uint32_t sl_query_pattern_count(const SlQuery *query) { return query->pattern_count; }

bool sl_query_capture_id(const SlQuery *query, const char *name, uint32_t *capture_id) {
  uint32_t count = ts_query_capture_count(query->query);
  for (uint32_t id = 0; id < count; id++) {
    uint32_t length = 0;
    const char *capture = ts_query_capture_name_for_id(query->query, id, &length);
    if (strlen(name) == length && memcmp(capture, name, length) == 0) {
      *capture_id = id;
      return true;
    }
  }
  return false;
}
