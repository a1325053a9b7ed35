/*
 * source: a file's bytes plus a line index. Tolerates a UTF-8 BOM (skipped for
 * parsing, columns count from after it), CRLF (a line ends at '\n'; a trailing '\r'
 * is not part of the line text), invalid UTF-8 and NUL bytes (kept as they are).
 */
#ifndef SERVELINT_SOURCE_H
#define SERVELINT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "servelint/error.h"

typedef struct {
  char *path;            /* owned; report path: relative to the scanned root, '/' separators */
  char *bytes;           /* owned; byte_count bytes plus a NUL terminator */
  size_t byte_count;     /* bytes of content, BOM excluded */
  uint32_t *line_starts; /* owned; line_starts[row] = byte offset of 0-based row */
  uint32_t line_count;   /* >= 1 (an empty file has one empty line) */
} SlSource;

/* Reads `file_path` (at most `max_bytes`) into a new source reported as
 * `report_path`. Returns NULL and fills `error` (kind SL_ERROR_IO) on failure.
 * Caller frees with sl_source_delete. */
SlSource *sl_source_load(const char *file_path, const char *report_path, size_t max_bytes,
                         SlError *error);
/* Builds a source from bytes in memory (copied, not retained). Never fails. */
SlSource *sl_source_from_bytes(const char *report_path, const char *bytes, size_t byte_count);
/* Frees a source; sl_source_delete(NULL) is a no-op. */
void sl_source_delete(SlSource *source);

/* The 0-based row holding byte `offset` (of `bytes`, BOM excluded). */
uint32_t sl_source_row_of(const SlSource *source, uint32_t offset);

/* The text of 0-based `row` without its line terminator; borrowed from `source`.
 * `*byte_count` receives its length. Returns "" for a row out of range. */
const char *sl_source_line(const SlSource *source, uint32_t row, size_t *byte_count);

#endif
