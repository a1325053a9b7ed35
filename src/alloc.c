/*
 * alloc: checked allocation. Out of memory is an internal failure: exit 2 with a
 * message (DESIGN.md contract), never abort() and never a NULL the caller forgets.
 */
#include "servelint/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_long outstanding_count;

_Noreturn void sl_alloc_fail(size_t byte_count) {
  fprintf(stderr, "servelint: out of memory (%zu bytes)\n", byte_count);
  exit(2);
}

static void *sl_alloc__check(void *block, size_t byte_count) {
  if (!block && byte_count) sl_alloc_fail(byte_count);
  return block;
}

void *sl_malloc(size_t byte_count) {
  void *block = sl_alloc__check(malloc(byte_count ? byte_count : 1), byte_count);
  atomic_fetch_add(&outstanding_count, 1);
  return block;
}

void *sl_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) sl_alloc__check(NULL, SIZE_MAX);
  void *block = sl_alloc__check(calloc(count ? count : 1, size ? size : 1), count * size);
  atomic_fetch_add(&outstanding_count, 1);
  return block;
}

void *sl_realloc(void *block, size_t byte_count) {
  if (!block) return sl_malloc(byte_count);
  return sl_alloc__check(realloc(block, byte_count ? byte_count : 1), byte_count);
}

void sl_free(void *block) {
  if (!block) return;
  atomic_fetch_sub(&outstanding_count, 1);
  free(block);
}

char *sl_strndup(const char *text, size_t byte_count) {
  char *copy = sl_malloc(byte_count + 1);
  memcpy(copy, text, byte_count);
  copy[byte_count] = '\0';
  return copy;
}

char *sl_strdup(const char *text) { return sl_strndup(text, strlen(text)); }

long sl_alloc_outstanding(void) { return atomic_load(&outstanding_count); }
