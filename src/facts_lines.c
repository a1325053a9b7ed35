/*
 * facts_lines: a fingerprint of each line of code, for finding code copied from one file
 * into another under any name (check_preprocessing.c: a serving function that repeats
 * the lines of a training script). A line's fingerprint hashes its text with every space
 * and tab outside string literals removed and its comment cut off, so re-indenting a
 * copy into a function body, or reformatting it (`a=b` / `a = b`), keeps it equal.
 *
 * Lines that say too little to show a copy get 0: blank lines, comments, lines shorter
 * than SL_LINE_PRINT_MIN_LENGTH characters once spaces are gone (`try:`, `return x`,
 * `)`), and imports and `except` clauses, which every file of a project shares.
 *
 * Fingerprints are kept only for the files the copy check compares (sl_lines__compared).
 * Runs after sl_facts_find_functions.
 */
#include <string.h>

#include "servelint/facts.h"
#include "servelint/roles.h"

enum { SL_LINE_PRINT_MIN_LENGTH = 12 };

static bool sl_lines__starts_with_word(const char *text, size_t length, const char *word) {
  size_t n = strlen(word);
  return length > n && strncmp(text, word, n) == 0 && (text[n] == ' ' || text[n] == '\t');
}

/* The fingerprint of one line (`text`, `length` bytes, no newline), 0 when it says
 * too little. The quote state does not carry over lines: a line inside a triple-quoted
 * string is hashed as code, which only makes two copies of the same docstring equal. */
static uint32_t sl_lines__print(const char *text, size_t length) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  if (!length || *text == '#' || sl_lines__starts_with_word(text, length, "import") ||
      sl_lines__starts_with_word(text, length, "from") ||
      sl_lines__starts_with_word(text, length, "except") ||
      (length >= 7 && strncmp(text, "except:", 7) == 0))
    return 0;
  uint32_t hash = 2166136261u;
  size_t kept = 0;
  char quote = 0;
  for (size_t i = 0; i < length; i++) {
    char c = text[i];
    if (quote) {
      if (c == '\\' && i + 1 < length) {
        hash = (hash ^ (unsigned char)c) * 16777619u;
        c = text[++i];
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '#') {
      break;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      continue;
    } else if (c == '"' || c == '\'') {
      quote = c;
    }
    hash = (hash ^ (unsigned char)c) * 16777619u;
    kept++;
  }
  if (kept < SL_LINE_PRINT_MIN_LENGTH) return 0;
  return hash ? hash : 1; /* 0 means "no print" */
}

/* Training and data preparation files (what serving may copy from), serving, batch
 * and streaming files, and library modules defining a preprocessing-named function
 * (what may be the copy); tests never. */
static bool sl_lines__compared(const SlFileFacts *facts) {
  if (facts->roles & SL_ROLE_BIT(SL_ROLE_TEST)) return false;
  if ((facts->roles & (SL_ROLE_BIT(SL_ROLE_SERVING) | SL_ROLE_BIT(SL_ROLE_BATCH) |
                       SL_ROLE_BIT(SL_ROLE_STREAMING) | SL_ROLE_BIT(SL_ROLE_TRAINING))) ||
      sl_roles_is_data_preparation_path(facts->path))
    return true;
  for (size_t i = 0; i < facts->functions.count; i++)
    if (sl_roles_names_preprocessing(facts->functions.items[i].name)) return true;
  return false;
}

void sl_facts_find_line_prints(const SlSource *source, SlFileFacts *facts) {
  if (!sl_lines__compared(facts)) return;
  sl_vec_reserve(&facts->line_prints, source->line_count);
  for (uint32_t row = 0; row < source->line_count; row++) {
    size_t length = 0;
    const char *text = sl_source_line(source, row, &length);
    sl_vec_push(&facts->line_prints, sl_lines__print(text, length));
  }
}
