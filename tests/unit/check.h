/*
 * check: the unit-test harness. CHECK records a failure with file:line and goes on;
 * CHECK_STR compares strings; sl_check_exit() returns the process status. A test file
 * that ran no CHECK at all fails, so an empty test cannot pass.
 */
#ifndef SERVELINT_TEST_CHECK_H
#define SERVELINT_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int sl_check_failures;
static int sl_check_count;

#define CHECK(condition)                                                            \
  do {                                                                              \
    sl_check_count++;                                                               \
    if (!(condition)) {                                                             \
      sl_check_failures++;                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
    }                                                                               \
  } while (0)

#define CHECK_STR(actual, expected)                                                            \
  do {                                                                                         \
    const char *sl_actual_ = (actual), *sl_expected_ = (expected);                             \
    sl_check_count++;                                                                          \
    if (!sl_actual_ || strcmp(sl_actual_, sl_expected_) != 0) {                                \
      sl_check_failures++;                                                                     \
      fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  expected: \"%s\"\n  actual:   \"%s\"\n", \
              __FILE__, __LINE__, #actual, sl_expected_, sl_actual_ ? sl_actual_ : "(null)");  \
    }                                                                                          \
  } while (0)

static inline int sl_check_exit(void) {
  if (sl_check_count == 0) {
    fprintf(stderr, "no CHECK ran\n");
    return 1;
  }
  fprintf(stderr, "%d checks, %d failed\n", sl_check_count, sl_check_failures);
  return sl_check_failures ? 1 : 0;
}

#endif
