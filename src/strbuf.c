/* strbuf: growable strings on the checked allocator. */
#include "servelint/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/vec.h"

void sl_strbuf_append(SlStrbuf *buffer, const char *text, size_t byte_count) {
  sl_vec__grow((void **)&buffer->data, &buffer->capacity, buffer->length + byte_count + 1, 1);
  memcpy(buffer->data + buffer->length, text, byte_count);
  buffer->length += byte_count;
  buffer->data[buffer->length] = '\0';
}

void sl_strbuf_puts(SlStrbuf *buffer, const char *text) {
  sl_strbuf_append(buffer, text, strlen(text));
}

void sl_strbuf_printf(SlStrbuf *buffer, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int needed = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (needed <= 0) return;
  sl_vec__grow((void **)&buffer->data, &buffer->capacity, buffer->length + (size_t)needed + 1, 1);
  va_start(args, format);
  vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, args);
  va_end(args);
  buffer->length += (size_t)needed;
}

const char *sl_strbuf_cstr(const SlStrbuf *buffer) { return buffer->data ? buffer->data : ""; }

char *sl_strbuf_take(SlStrbuf *buffer) {
  char *taken = buffer->data ? buffer->data : sl_strdup("");
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
  return taken;
}

void sl_strbuf_delete(SlStrbuf *buffer) {
  sl_free(buffer->data);
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
}
