/*
 * query_internal: the compiled form of a query's predicates, shared by query.c
 * (compile) and query_predicate.c (evaluate). Not part of the public interface.
 */
#ifndef SERVELINT_QUERY_INTERNAL_H
#define SERVELINT_QUERY_INTERNAL_H

#include "servelint/query.h"

typedef enum { SL_PREDICATE_EQ, SL_PREDICATE_MATCH, SL_PREDICATE_ANY_OF } SlPredicateKind;

typedef struct {
  SlPredicateKind kind;
  bool negated;         /* #not-eq?, #not-match?, #not-any-of? */
  uint32_t capture_id;  /* the left-hand capture */
  bool compare_capture; /* #eq? @a @b: compare with rhs_capture_id's text */
  uint32_t rhs_capture_id;
  char *literal;  /* owned; #eq? with a string */
  SlRegex *regex; /* owned; #match? */
  char **values;  /* owned; #any-of? */
  size_t value_count;
} SlPredicate;

typedef struct {
  SlPredicate *items; /* owned */
  size_t count;
} SlPatternPredicates;

struct SlQuery {
  TSQuery *query;                /* owned */
  SlPatternPredicates *patterns; /* owned; one entry per pattern */
  uint32_t pattern_count;
};

#endif
