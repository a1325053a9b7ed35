/*
 * check_xcom_pickling: Airflow configured to pickle XCom values
 * (`AIRFLOW__CORE__ENABLE_XCOM_PICKLING=True`), in a Dockerfile's `ENV`, a Compose or
 * Kubernetes environment, or an environment file. Every value a task returns is then
 * stored pickled in the metadata database and unpickled by the next task: whoever can
 * write an XCom row (any DAG author, anyone with the database) runs code in the workers.
 *
 * The files are read as text, line by line: the variable's name, then `=`, `:` or
 * spaces, then a true value (`True`, `true`, `1`, quoted or not). Comment lines (`#`)
 * are skipped.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"

static const char xcom_pickling[] = "AIRFLOW__CORE__ENABLE_XCOM_PICKLING";

/* Whether the text after the variable's name sets it true: `=True`, `: "true"`,
 * ` 1` (Dockerfile `ENV NAME value`), or `, value: "True"` in a flow mapping. A
 * Kubernetes `- name: X` whose `value:` is on the next line is not followed. */
static bool sl_xcom__sets_true(const char *text, size_t length) {
  static const char separators[] = " \t\"':=,}{";
  size_t at = 0;
  while (at < length && strchr(separators, text[at])) at++;
  if (length - at > 5 && strncmp(text + at, "value", 5) == 0) {
    at += 5;
    while (at < length && strchr(separators, text[at])) at++;
  }
  static const char *const truthy[] = {"true", "1"};
  for (size_t i = 0; i < sizeof truthy / sizeof *truthy; i++) {
    size_t word = strlen(truthy[i]);
    if (length - at >= word && strncasecmp(text + at, truthy[i], word) == 0 &&
        (length - at == word || !isalnum((unsigned char)text[at + word])))
      return true;
  }
  return false;
}

void sl_check_xcom_pickling(const SlNativeFile *file, SlNativeEmitter *emitter) {
  const SlSource *source = file->source;
  if (!strstr(source->bytes, xcom_pickling)) return;
  const size_t name_length = sizeof xcom_pickling - 1;
  for (uint32_t line = 0; line < source->line_count; line++) {
    size_t length = 0;
    const char *text = sl_source_line(source, line, &length);
    if (!text) continue;
    size_t indent = 0;
    while (indent < length && isspace((unsigned char)text[indent])) indent++;
    if (indent < length && text[indent] == '#') continue;
    const char *found = NULL;
    for (size_t at = indent; at + name_length <= length && !found; at++)
      if (memcmp(text + at, xcom_pickling, name_length) == 0) found = text + at;
    if (!found) continue;
    size_t after = (size_t)(found - text) + name_length;
    if (!sl_xcom__sets_true(text + after, length - after)) continue;
    uint32_t start = source->line_starts[line] + (uint32_t)(found - text);
    char *snippet = sl_strndup(text, length);
    SlNativeVar vars[] = {{"name", xcom_pickling}};
    SlNativeHit hit = {.span = sl_command_span(source, start, start + (uint32_t)name_length),
                       .snippet = snippet,
                       .vars = vars,
                       .var_count = 1};
    sl_native_emit(emitter, &hit);
    sl_free(snippet);
  }
}
