/*
 * check_secrets: credentials written as literals into committed configuration.
 *
 * yaml-hard-coded-secret reads deployment YAML: the environment of every container
 * (yaml_env.h: a Compose service's `environment`, a Kubernetes container's `env` list
 * with a literal `value:`, not `valueFrom:`, a CI job's `env`), and the `stringData` / `data` keys
 * of a `kind: Secret` manifest named as credentials. env-hard-coded-secret reads environment files
 * (`.env`, `prod.env`; the walk lists them as shell) and shell scripts: `NAME=value` and `export
 * NAME=value`.
 *
 * A variable is a secret by its name: one of its `_`-separated parts is PASSWORD, PASSWD,
 * PWD, SECRET, TOKEN or APIKEY, or a KEY preceded by API, ACCESS, SECRET, PRIVATE,
 * FERNET, SIGNING, MASTER, ENCRYPTION, AUTH, ACCOUNT or CLIENT; unless its last part says
 * it names where the secret is or how it behaves (`_FILE`, `_PATH`, `_NAME`, `_URL`,
 * `_LENGTH`, `_TTL`, `_ENABLED`...). A value is a literal unless it is empty, a variable or
 * a command substitution (`$X`, `${X}`, `$(...)`), a template (`{{ }}`, `<...>`) or an
 * evident placeholder (`your-...`, `changeme`, `xxx`, `***`). The value itself is never
 * repeated in a finding.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "check_common.h"
#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_env.h"
#include "servelint/yaml_tree.h"

/* ---- what a secret is ---- */

/* Whether part [start, end) of `name` equals `word`, ignoring case. */
static bool sl_secret__part_is(const char *name, size_t start, size_t end, const char *word) {
  return end - start == strlen(word) && strncasecmp(name + start, word, end - start) == 0;
}

static bool sl_secret__part_in(const char *name, size_t start, size_t end,
                               const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (sl_secret__part_is(name, start, end, words[i])) return true;
  return false;
}

/* Whether a variable named `name` (`length` bytes) holds a credential. */
static bool sl_secret_name(const char *name, size_t length) {
  static const char *const secrets[] = {"PASSWORD", "PASSWD", "PWD", "SECRET",
                                        "TOKEN",    "APIKEY", NULL};
  static const char *const key_owners[] = {"API",    "ACCESS",  "SECRET", "PRIVATE",
                                           "FERNET", "SIGNING", "MASTER", "ENCRYPTION",
                                           "AUTH",   "ACCOUNT", "CLIENT", NULL};
  static const char *const not_values[] = {
      "FILE",     "PATH",      "DIR",    "NAME",    "URL",      "URI",    "ENDPOINT",
      "HOST",     "PORT",      "LENGTH", "LEN",     "TTL",      "EXPIRE", "EXPIRES",
      "EXPIRY",   "TYPE",      "ID",     "ENABLED", "REQUIRED", "HEADER", "FIELD",
      "PARAM",    "ALGORITHM", "REF",    "MIN",     "MAX",      "POLICY", "RESET",
      "LIFETIME", "TIMEOUT",   "ENV",    "VAR",     NULL};
  if (sl_secret__part_is(name, 0, length, "PWD")) return false; /* the shell's working directory */
  bool secret = false;
  size_t previous_start = 0, previous_end = 0, last_start = 0;
  for (size_t start = 0; start <= length;) {
    size_t end = start;
    while (end < length && name[end] != '_' && name[end] != '.' && name[end] != '-') end++;
    if (end > start) {
      if (sl_secret__part_in(name, start, end, secrets)) secret = true;
      if (sl_secret__part_is(name, start, end, "KEY") && previous_end > previous_start &&
          sl_secret__part_in(name, previous_start, previous_end, key_owners))
        secret = true;
      previous_start = start;
      previous_end = end;
      last_start = start;
    }
    start = end + 1;
  }
  return secret && !sl_secret__part_in(name, last_start, length, not_values);
}

/* Whether `value` (`length` bytes, quotes already removed) is a literal credential. */
static bool sl_secret_literal(const char *value, size_t length) {
  static const char *const placeholders[] = {"your",        "change", "replace", "example", "dummy",
                                             "placeholder", "xxx",    "***",     "...",     "todo",
                                             "secret_here", "<",      "{{",      "$"};
  static const char *const non_values[] = {"true", "false", "null", "none", "~", "yes", "no", NULL};
  while (length && isspace((unsigned char)*value)) value++, length--;
  while (length && isspace((unsigned char)value[length - 1])) length--;
  if (length == 0) return false;
  /* code, not a value: `os.environ["KEY"]` in a heredoc, `getenv("KEY")` */
  if (memchr(value, '(', length) || memchr(value, '[', length)) return false;
  char *text = sl_strndup(value, length);
  bool literal = true;
  for (size_t i = 0; non_values[i] && literal; i++)
    if (strcasecmp(text, non_values[i]) == 0) literal = false;
  if (literal &&
      sl_check_contains_any(text, placeholders, sizeof placeholders / sizeof *placeholders))
    literal = false;
  sl_free(text);
  return literal;
}

static void sl_secret__emit(SlNativeEmitter *emitter, const SlSource *source, uint32_t line,
                            uint32_t column, const char *name, size_t length, const char *where) {
  char *shown = sl_strndup(name, length);
  SlNativeVar vars[] = {{"name", shown}, {"where", where}};
  uint32_t start = source->line_starts[line - 1] + column - 1;
  SlSpan span = sl_command_span(source, start, start + (uint32_t)length);
  size_t line_length = 0;
  const char *text = sl_source_line(source, line - 1, &line_length);
  char *snippet = text ? sl_strndup(text, line_length) : NULL;
  SlNativeHit hit = {.span = span, .snippet = snippet, .vars = vars, .var_count = 2};
  sl_native_emit(emitter, &hit);
  sl_free(snippet);
  sl_free(shown);
}

/* `NAME=value` (a line of an environment file or script): whether it assigns a
 * literal to a secret, and the name's length. */
static bool sl_secret__assignment(const char *text, size_t length, size_t *name_length) {
  size_t at = 0;
  while (at < length && (isalnum((unsigned char)text[at]) || text[at] == '_' || text[at] == '.'))
    at++;
  if (at == 0 || at >= length || text[at] != '=') return false;
  *name_length = at;
  const char *value = text + at + 1;
  size_t value_length = length - at - 1;
  if (value_length >= 2 && (value[0] == '"' || value[0] == '\'')) {
    const char *close = memchr(value + 1, value[0], value_length - 1);
    value_length = close ? (size_t)(close - value - 1) : value_length - 1;
    value++;
  } else {
    for (size_t i = 0; i < value_length; i++)
      if (value[i] == '#' && (i == 0 || isspace((unsigned char)value[i - 1]))) {
        value_length = i;
        break;
      }
  }
  return sl_secret_name(text, at) && sl_secret_literal(value, value_length);
}

/* ---- YAML ---- */

typedef struct {
  const SlSource *source;
  SlNativeEmitter *emitter;
  const char *where; /* the container being read, for the message */
} SlSecretScan;

static void sl_secret__env_visit(const SlYamlEnvEntry *entry, void *context) {
  const SlSecretScan *scan = context;
  if (sl_secret_name(entry->name, entry->name_length) &&
      sl_secret_literal(entry->value, entry->value_length))
    sl_secret__emit(scan->emitter, scan->source, entry->name_node->line, entry->name_node->column,
                    entry->name, entry->name_length, scan->where);
}

/* A container (or Compose service, or CI job) with an environment: its variables. */
static void sl_secret__container_visit(const SlYamlNode *mapping, const SlYamlNode *key,
                                       void *context) {
  SlSecretScan *scan = context;
  bool compose = sl_yaml_mapping_get(mapping, "environment") != NULL;
  if (!compose && !sl_yaml_mapping_get(mapping, "env")) return;
  SlStrbuf where = {0};
  if (key && key->kind == SL_YAML_SCALAR)
    sl_strbuf_printf(&where, compose ? "the environment of service `%s`" : "the `env` of `%s`",
                     key->value);
  else
    sl_strbuf_puts(&where, "a container's `env`");
  scan->where = sl_strbuf_cstr(&where);
  sl_yaml_each_env(mapping, sl_secret__env_visit, scan);
  sl_strbuf_delete(&where);
}

/* A `kind: Secret` manifest committed with its values (base64 is an encoding, not
 * encryption): its keys named as credentials (`password`, `token`; not `username`). */
static void sl_secret__secret_manifest(const SlYamlNode *root, const SlSource *source,
                                       SlNativeEmitter *emitter) {
  static const char *const sections[] = {"stringData", "data"};
  for (size_t s = 0; s < 2; s++) {
    const SlYamlNode *values = sl_yaml_mapping_get(root, sections[s]);
    if (!values || values->kind != SL_YAML_MAPPING) continue;
    for (size_t i = 0; i < values->pair_count; i++) {
      const SlYamlNode *key = values->pairs[i].key, *value = values->pairs[i].value;
      if (key && key->kind == SL_YAML_SCALAR && value && value->kind == SL_YAML_SCALAR &&
          sl_secret_name(key->value, key->value_length) &&
          sl_secret_literal(value->value, value->value_length))
        sl_secret__emit(emitter, source, key->line, key->column, key->value, key->value_length,
                        "a committed Kubernetes Secret");
    }
  }
}

void sl_check_yaml_hard_coded_secret(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!file->yaml) return;
  SlSecretScan scan = {file->source, emitter, NULL};
  for (size_t d = 0; d < sl_yaml_document_count(file->yaml); d++) {
    const SlYamlNode *root = sl_yaml_document_root(file->yaml, d);
    if (!root || root->kind != SL_YAML_MAPPING) continue;
    if (sl_yaml_scalar_is(sl_yaml_mapping_get(root, "kind"), "Secret"))
      sl_secret__secret_manifest(root, file->source, emitter);
    else
      sl_yaml_each_mapping(root, sl_secret__container_visit, &scan);
  }
}

/* ---- environment files and shell scripts ---- */

void sl_check_shell_hard_coded_secret(const SlNativeFile *file, SlNativeEmitter *emitter) {
  const SlSource *source = file->source;
  const char *slash = strrchr(source->path, '/');
  const char *base = slash ? slash + 1 : source->path;
  bool env_file = strncmp(base, ".env", 4) == 0 || strstr(base, ".env") != NULL;
  const char *where = env_file ? "environment file" : "shell script";
  const char *bytes = source->bytes, *end = bytes + source->byte_count;
  uint32_t line = 1;
  for (const char *at = bytes; at < end; line++) {
    const char *stop = memchr(at, '\n', (size_t)(end - at));
    if (!stop) stop = end;
    const char *text = at;
    while (text < stop && (*text == ' ' || *text == '\t')) text++;
    if ((size_t)(stop - text) > 7 && strncmp(text, "export ", 7) == 0) {
      text += 7;
      while (text < stop && *text == ' ') text++;
    }
    size_t name_length;
    if (text < stop && *text != '#' &&
        sl_secret__assignment(text, (size_t)(stop - text), &name_length))
      sl_secret__emit(emitter, source, line, (uint32_t)(text - at) + 1, text, name_length, where);
    at = stop + 1;
  }
}
