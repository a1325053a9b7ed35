/*
 * native: the registry of checks written in C. Adding one: write it in its own
 * check_*.c file, declare it below, add it to the table, and give it a rule in rules/.
 */
#include "servelint/native.h"

#include <string.h>

static const SlNativeCheck native_checks[] = {
    {NULL, 0, NULL, NULL}, /* sentinel; keeps the table non-empty while it grows */
};

const SlNativeCheck *sl_native_find(const char *name) {
  for (size_t i = 0; i < sizeof native_checks / sizeof *native_checks; i++)
    if (native_checks[i].name && strcmp(native_checks[i].name, name) == 0) return &native_checks[i];
  return NULL;
}
