/*
 * regex: PCRE2 patterns, compiled once (JIT where available) and shared read-only by
 * every thread; each thread matches with its own SlRegexScratch.
 */
#ifndef SERVELINT_REGEX_H
#define SERVELINT_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"

typedef struct SlRegex SlRegex;
typedef struct SlRegexScratch SlRegexScratch;

/* Compiles `pattern` (UTF-8, invalid UTF-8 in subjects tolerated). Returns NULL and
 * fills `error` (SL_ERROR_RULE; column = 1-based offset PCRE2 reports, message =
 * PCRE2's) on a bad pattern. Caller frees with sl_regex_delete. */
SlRegex *sl_regex_new(const char *pattern, SlError *error);
/* NULL is a no-op. */
void sl_regex_delete(SlRegex *regex);
/* The pattern text; borrowed. */
const char *sl_regex_pattern(const SlRegex *regex);

/* Per-thread match state. Caller frees with sl_regex_scratch_delete (NULL: no-op). */
SlRegexScratch *sl_regex_scratch_new(void);
void sl_regex_scratch_delete(SlRegexScratch *scratch);

/* Whether `regex` matches anywhere in `subject` (unanchored search). */
bool sl_regex_search(const SlRegex *regex, const char *subject, size_t byte_count,
                     SlRegexScratch *scratch);

/* Like sl_regex_search; on a match also stores the byte offsets of its start and of the
 * byte just past it. */
bool sl_regex_find(const SlRegex *regex, const char *subject, size_t byte_count,
                   SlRegexScratch *scratch, size_t *start, size_t *end);

#endif
