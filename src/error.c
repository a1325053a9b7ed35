/* error: located errors without allocation. */
#include "servelint/error.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[SL_ERROR_KIND_COUNT] = {
    [SL_ERROR_NONE] = "none",         [SL_ERROR_USAGE] = "usage", [SL_ERROR_CONFIG] = "config",
    [SL_ERROR_RULE] = "rule",         [SL_ERROR_IO] = "io",       [SL_ERROR_PARSE] = "parse",
    [SL_ERROR_INTERNAL] = "internal",
};

void sl_error_clear(SlError *error) { memset(error, 0, sizeof *error); }

void sl_error_set(SlError *error, SlErrorKind kind, const char *path, uint32_t line,
                  uint32_t column, const char *format, ...) {
  if (!error) return;
  error->kind = kind;
  snprintf(error->path, sizeof error->path, "%s", path ? path : "");
  error->line = line;
  error->column = column;
  va_list args;
  va_start(args, format);
  vsnprintf(error->message, sizeof error->message, format, args);
  va_end(args);
}

const char *sl_error_format(const SlError *error, char *buffer, size_t buffer_size) {
  if (!error->path[0])
    snprintf(buffer, buffer_size, "%s", error->message);
  else if (!error->line)
    snprintf(buffer, buffer_size, "%s: %s", error->path, error->message);
  else
    snprintf(buffer, buffer_size, "%s:%u:%u: %s", error->path, error->line,
             error->column ? error->column : 1, error->message);
  return buffer;
}

const char *sl_error_kind_name(SlErrorKind kind) {
  return kind < SL_ERROR_KIND_COUNT ? kind_names[kind] : "unknown";
}
