/*
 * query_predicate: evaluating #eq? / #match? / #any-of? on a match. A capture that is
 * quantified may hold several nodes; a predicate holds when it holds for every node
 * the capture holds (and vacuously when the capture matched nothing).
 */
#include <string.h>

#include "query_internal.h"

typedef struct {
  const char *bytes;
  size_t length;
} SlSpan;

static SlSpan sl_query__node_text(const char *source, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return (SlSpan){source + start, end - start};
}

static bool sl_query__span_equals(SlSpan span, const char *text, size_t length) {
  return span.length == length && memcmp(span.bytes, text, length) == 0;
}

/* The text of the first node captured as `capture_id`; empty when none. */
static SlSpan sl_query__first_capture(const TSQueryMatch *match, const char *source,
                                      uint32_t capture_id) {
  for (uint16_t i = 0; i < match->capture_count; i++)
    if (match->captures[i].index == capture_id)
      return sl_query__node_text(source, match->captures[i].node);
  return (SlSpan){"", 0};
}

static bool sl_query__test_span(const SlPredicate *predicate, SlSpan span,
                                const TSQueryMatch *match, const char *source,
                                SlRegexScratch *scratch) {
  switch (predicate->kind) {
    case SL_PREDICATE_EQ:
      if (predicate->compare_capture) {
        SlSpan other = sl_query__first_capture(match, source, predicate->rhs_capture_id);
        return sl_query__span_equals(span, other.bytes, other.length);
      }
      return sl_query__span_equals(span, predicate->literal, strlen(predicate->literal));
    case SL_PREDICATE_MATCH:
      return sl_regex_search(predicate->regex, span.bytes, span.length, scratch);
    case SL_PREDICATE_ANY_OF:
      for (size_t i = 0; i < predicate->value_count; i++)
        if (sl_query__span_equals(span, predicate->values[i], strlen(predicate->values[i])))
          return true;
      return false;
  }
  return false;
}

static bool sl_query__predicate_holds(const SlPredicate *predicate, const TSQueryMatch *match,
                                      const char *source, SlRegexScratch *scratch) {
  for (uint16_t i = 0; i < match->capture_count; i++) {
    if (match->captures[i].index != predicate->capture_id) continue;
    SlSpan span = sl_query__node_text(source, match->captures[i].node);
    if (sl_query__test_span(predicate, span, match, source, scratch) == predicate->negated)
      return false;
  }
  return true;
}

bool sl_query_predicates_hold(const SlQuery *query, const TSQueryMatch *match, const char *source,
                              SlRegexScratch *scratch) {
  const SlPatternPredicates *predicates = &query->patterns[match->pattern_index];
  for (size_t i = 0; i < predicates->count; i++)
    if (!sl_query__predicate_holds(&predicates->items[i], match, source, scratch)) return false;
  return true;
}
