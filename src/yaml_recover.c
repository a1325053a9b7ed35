/*
 * yaml_recover: a YAML file with a syntax error still gets checked. libyaml stops at the
 * first error and keeps nothing of the file; one bad line (a redacted secret `********`
 * read as an alias, an unquoted `{placeholder}`) would hide every image and setting around
 * it. So the line the parser fails on is blanked and the file parsed again, up to
 * SL_YAML_RECOVER_LINES times. Blanking keeps every byte offset (each byte of the line
 * but its line break becomes a space), so what the rules report points at the real file.
 * The caller still reports the first error: findings on the lines left out are lost.
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/yaml_tree.h"

enum { SL_YAML_RECOVER_LINES = 8 };

/* Blanks 1-based `line` of `text` in place; false when there is no such line. */
static bool sl_yaml__blank_line(char *text, size_t length, uint32_t line) {
  size_t at = 0;
  for (uint32_t current = 1; current < line; current++) {
    const char *newline = memchr(text + at, '\n', length - at);
    if (!newline) return false;
    at = (size_t)(newline - text) + 1;
  }
  if (at >= length) return false;
  for (; at < length && text[at] != '\n' && text[at] != '\r'; at++) text[at] = ' ';
  return true;
}

SlYamlFile *sl_yaml_parse_recovering(const char *path, const char *bytes, size_t byte_count,
                                     SlError *error, unsigned *left_out) {
  *left_out = 0;
  SlYamlFile *yaml = sl_yaml_parse(path, bytes, byte_count, error);
  if (yaml || error->kind != SL_ERROR_PARSE || error->line == 0) return yaml;
  char *copy = sl_malloc(byte_count + 1);
  memcpy(copy, bytes, byte_count);
  copy[byte_count] = '\0';
  SlError retry = *error;
  while (!yaml && *left_out < SL_YAML_RECOVER_LINES && retry.kind == SL_ERROR_PARSE &&
         sl_yaml__blank_line(copy, byte_count, retry.line)) {
    ++*left_out;
    sl_error_clear(&retry);
    yaml = sl_yaml_parse(path, copy, byte_count, &retry);
  }
  sl_free(copy);
  if (!yaml) *left_out = 0;
  return yaml;
}
