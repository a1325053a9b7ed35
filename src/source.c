/*
 * source: loading and line indexing. Files are read whole: the size cap is applied by
 * the walker before, and again here so that a file growing under us cannot blow it.
 */
#include "servelint/source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/vec.h"

static void sl_source__index_lines(SlSource *source) {
  SlVec(uint32_t) starts = {0};
  sl_vec_push(&starts, 0);
  for (size_t i = 0; i < source->byte_count; i++)
    if (source->bytes[i] == '\n') sl_vec_push(&starts, (uint32_t)(i + 1));
  source->line_starts = starts.items;
  source->line_count = (uint32_t)starts.count;
}

SlSource *sl_source_from_bytes(const char *report_path, const char *bytes, size_t byte_count) {
  static const char bom[] = "\xEF\xBB\xBF";
  if (byte_count >= 3 && memcmp(bytes, bom, 3) == 0) {
    bytes += 3;
    byte_count -= 3;
  }
  SlSource *source = sl_calloc(1, sizeof *source);
  source->path = sl_strdup(report_path);
  source->bytes = sl_strndup(bytes, byte_count);
  source->byte_count = byte_count;
  sl_source__index_lines(source);
  return source;
}

SlSource *sl_source_load(const char *file_path, const char *report_path, size_t max_bytes,
                         SlError *error) {
  SlSource *source = NULL;
  char *buffer = NULL;
  FILE *file = fopen(file_path, "rb");
  if (!file) {
    sl_error_set(error, SL_ERROR_IO, report_path, 0, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  buffer = sl_malloc(max_bytes + 1);
  size_t byte_count = fread(buffer, 1, max_bytes + 1, file);
  if (ferror(file)) {
    sl_error_set(error, SL_ERROR_IO, report_path, 0, 0, "cannot read: %s", strerror(errno));
    goto out;
  }
  if (byte_count > max_bytes) {
    sl_error_set(error, SL_ERROR_IO, report_path, 0, 0, "larger than the size cap (%zu bytes)",
                 max_bytes);
    goto out;
  }
  source = sl_source_from_bytes(report_path, buffer, byte_count);
out:
  sl_free(buffer);
  fclose(file);
  return source;
}

void sl_source_delete(SlSource *source) {
  if (!source) return;
  sl_free(source->path);
  sl_free(source->bytes);
  sl_free(source->line_starts);
  sl_free(source);
}

const char *sl_source_line(const SlSource *source, uint32_t row, size_t *byte_count) {
  if (row >= source->line_count) {
    *byte_count = 0;
    return "";
  }
  size_t start = source->line_starts[row];
  size_t end = row + 1 < source->line_count ? source->line_starts[row + 1] - 1 : source->byte_count;
  if (end > start && source->bytes[end - 1] == '\r') end--;
  *byte_count = end - start;
  return source->bytes + start;
}

uint32_t sl_source_row_of(const SlSource *source, uint32_t offset) {
  uint32_t low = 0, high = source->line_count;
  while (high - low > 1) {
    uint32_t middle = low + (high - low) / 2;
    if (source->line_starts[middle] <= offset)
      low = middle;
    else
      high = middle;
  }
  return low;
}
