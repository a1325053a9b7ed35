/*
 * regex: PCRE2 wrapper. Matching answers "found or not" and at most where the whole match
 * starts and ends, so one ovector pair per thread suffices whatever the pattern's groups.
 */
#include "servelint/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "servelint/alloc.h"

struct SlRegex {
  pcre2_code *code; /* owned; JIT-compiled when the platform allows */
  char *pattern;    /* owned */
};

struct SlRegexScratch {
  pcre2_match_data *match_data; /* owned */
};

SlRegex *sl_regex_new(const char *pattern, SlError *error) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code *code =
      pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                    &error_code, &error_offset, NULL);
  if (!code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof message);
    sl_error_set(error, SL_ERROR_RULE, NULL, 0, (uint32_t)error_offset + 1,
                 "bad regex /%s/: %s at offset %zu", pattern, (const char *)message,
                 (size_t)error_offset);
    return NULL;
  }
  /* JIT is an optimisation: when it is unavailable, pcre2_match interprets. */
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  SlRegex *regex = sl_malloc(sizeof *regex);
  regex->code = code;
  regex->pattern = sl_strdup(pattern);
  return regex;
}

void sl_regex_delete(SlRegex *regex) {
  if (!regex) return;
  pcre2_code_free(regex->code);
  sl_free(regex->pattern);
  sl_free(regex);
}

const char *sl_regex_pattern(const SlRegex *regex) { return regex->pattern; }

SlRegexScratch *sl_regex_scratch_new(void) {
  SlRegexScratch *scratch = sl_malloc(sizeof *scratch);
  scratch->match_data = pcre2_match_data_create(1, NULL);
  if (!scratch->match_data) sl_alloc_fail(sizeof(PCRE2_SIZE) * 2);
  return scratch;
}

void sl_regex_scratch_delete(SlRegexScratch *scratch) {
  if (!scratch) return;
  pcre2_match_data_free(scratch->match_data);
  sl_free(scratch);
}

bool sl_regex_search(const SlRegex *regex, const char *subject, size_t byte_count,
                     SlRegexScratch *scratch) {
  int result =
      pcre2_match(regex->code, (PCRE2_SPTR)subject, byte_count, 0, 0, scratch->match_data, NULL);
  return result >= 0; /* 0: matched, ovector too small for the groups (irrelevant here) */
}

bool sl_regex_find(const SlRegex *regex, const char *subject, size_t byte_count,
                   SlRegexScratch *scratch, size_t *start, size_t *end) {
  if (!sl_regex_search(regex, subject, byte_count, scratch)) return false;
  const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch->match_data);
  *start = (size_t)ovector[0];
  *end = (size_t)ovector[1];
  return true;
}
