/*
 * query: a tree-sitter query over Python plus the predicates servelint evaluates
 * itself (the C runtime parses but never applies them): #eq?, #not-eq?, #match?,
 * #not-match?, #any-of?, #not-any-of?. Regexes are PCRE2, compiled once.
 *
 * A query is read-only after sl_query_new and may be shared by threads; a thread
 * runs it with its own TSQueryCursor and SlRegexScratch.
 */
#ifndef SERVELINT_QUERY_H
#define SERVELINT_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "servelint/error.h"
#include "servelint/regex.h"

/* Where a query's text sits in its rule file, so that an offset into the text maps
 * to the file's line and column. A block scalar (`|`) starts on the line after its
 * key, each line indented by `indent` columns; a flow scalar starts at line:column. */
typedef struct {
  const char *path; /* borrowed; the rule file */
  uint32_t line;    /* 1-based line of the text's first character */
  uint32_t column;  /* 1-based column of the text's first character */
  uint32_t indent;  /* block scalars: columns stripped from every line after the first */
} SlTextOrigin;

/* Maps a 0-based byte offset in `text` to `error`'s line and column. */
void sl_text_origin_locate(const SlTextOrigin *origin, const char *text, size_t offset,
                           SlError *error);

typedef struct SlQuery SlQuery;

/* Compiles `text` against the Python grammar and its predicates. On failure returns
 * NULL and fills `error` (SL_ERROR_RULE) at the rule file's line and column (through
 * `origin`, which may be NULL for text already validated). Caller frees. */
SlQuery *sl_query_new(const char *text, const SlTextOrigin *origin, SlError *error);
/* NULL is a no-op. */
void sl_query_delete(SlQuery *query);

const TSQuery *sl_query_ts(const SlQuery *query);
uint32_t sl_query_pattern_count(const SlQuery *query);
/* The capture id of `name` (without '@'); false when the query has no such capture. */
bool sl_query_capture_id(const SlQuery *query, const char *name, uint32_t *capture_id);

/* Whether every predicate of the match's pattern holds for the captured text in
 * `source` (the bytes the tree was parsed from). */
bool sl_query_predicates_hold(const SlQuery *query, const TSQueryMatch *match, const char *source,
                              SlRegexScratch *scratch);

#endif
