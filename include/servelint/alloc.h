/*
 * alloc: the one allocator every module uses.
 *
 * Every allocation in servelint goes through these wrappers, so "every result is
 * checked" holds in one place: on failure the default policy prints
 * "servelint: out of memory (N bytes)" and exits 2 (the contract's internal-failure
 * code), never abort(). Tests may count allocations through sl_alloc_outstanding().
 */
#ifndef SERVELINT_ALLOC_H
#define SERVELINT_ALLOC_H

#include <stddef.h>

/* Returns a block of at least `byte_count` bytes (never NULL; OOM exits 2).
 * Caller frees with sl_free. */
void *sl_malloc(size_t byte_count);
/* Like sl_malloc, zero-filled; `count * size` overflow is treated as OOM. */
void *sl_calloc(size_t count, size_t size);
/* Resizes `block` (may be NULL); the old pointer is no longer valid. */
void *sl_realloc(void *block, size_t byte_count);
/* Frees a block from this allocator; sl_free(NULL) is a no-op. */
void sl_free(void *block);
/* Copies a NUL-terminated string; caller frees with sl_free. */
char *sl_strdup(const char *text);
/* Copies `byte_count` bytes and appends a NUL; caller frees with sl_free. */
char *sl_strndup(const char *text, size_t byte_count);

/* Reports an allocation of `byte_count` bytes that failed outside this allocator
 * (a library's own, e.g. cJSON or PCRE2) and exits 2. */
_Noreturn void sl_alloc_fail(size_t byte_count);

/* Number of live allocations (thread-safe counter), for leak assertions in tests. */
long sl_alloc_outstanding(void);

#endif
