/*
 * strbuf: a growable NUL-terminated string, for building reports and messages.
 * Invariant: data is NULL or holds `length` bytes followed by '\0'.
 */
#ifndef SERVELINT_STRBUF_H
#define SERVELINT_STRBUF_H

#include <stddef.h>

typedef struct {
  char *data;      /* owned; NULL until the first append */
  size_t length;   /* bytes before the terminating NUL */
  size_t capacity; /* bytes allocated */
} SlStrbuf;

void sl_strbuf_append(SlStrbuf *buffer, const char *text, size_t byte_count);
void sl_strbuf_puts(SlStrbuf *buffer, const char *text);
void sl_strbuf_printf(SlStrbuf *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents, "" when empty; borrowed until the next append or delete. */
const char *sl_strbuf_cstr(const SlStrbuf *buffer);
/* Hands the string to the caller (free with sl_free) and empties the buffer. */
char *sl_strbuf_take(SlStrbuf *buffer);
void sl_strbuf_delete(SlStrbuf *buffer);

#endif
