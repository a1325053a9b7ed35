/*
 * error: a located error value. Loaders return NULL (or false) and fill an SlError;
 * filling one never allocates, so the error path works when memory is short.
 */
#ifndef SERVELINT_ERROR_H
#define SERVELINT_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* What went wrong; each kind maps to an exit code in sl_error_exit_code(). */
typedef enum {
  SL_ERROR_NONE = 0,
  SL_ERROR_USAGE,    /* bad option or argument (exit 2) */
  SL_ERROR_CONFIG,   /* bad configuration (exit 2) */
  SL_ERROR_RULE,     /* malformed rule file (exit 2) */
  SL_ERROR_IO,       /* a file could not be read or written */
  SL_ERROR_PARSE,    /* a source file could not be parsed */
  SL_ERROR_INTERNAL, /* anything else that stops the run (exit 2) */
  SL_ERROR_KIND_COUNT
} SlErrorKind;

/* A location is optional: `path[0] == '\0'` means none, `line == 0` means no line. */
typedef struct {
  SlErrorKind kind;
  char path[512];    /* file the error is in, as the user named it */
  uint32_t line;     /* 1-based; 0 when unknown */
  uint32_t column;   /* 1-based; 0 when unknown */
  char message[512]; /* one line, no trailing newline */
} SlError;

/* Clears `error` to SL_ERROR_NONE. */
void sl_error_clear(SlError *error);
/* Fills `error` (if not NULL) with a kind, a location and a printf-style message.
 * `path` may be NULL. Never allocates. */
void sl_error_set(SlError *error, SlErrorKind kind, const char *path, uint32_t line,
                  uint32_t column, const char *format, ...) __attribute__((format(printf, 6, 7)));
/* Writes "path:line:col: message" (or the shortest prefix that is known) into
 * `buffer`. Returns `buffer`. */
const char *sl_error_format(const SlError *error, char *buffer, size_t buffer_size);
/* The short name of a kind ("rule", "io", ...), used in reports' `errors`. */
const char *sl_error_kind_name(SlErrorKind kind);

#endif
