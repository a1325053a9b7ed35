/*
 * check_notebook: yaml-unauthenticated-notebook, a Jupyter server a manifest starts with
 * its token switched off (`--NotebookApp.token=''`, `--ServerApp.token=`,
 * `--IdentityProvider.token=""`) and no password, listening on every interface
 * (`--ip=0.0.0.0`, `--ip='*'`): whoever reaches the port runs code in the container,
 * next to the models and the credentials mounted there. The command line is the
 * container's `entrypoint:`, `command:` and `args:` (yaml_env.h); the finding points at
 * the empty token.
 */
#include <string.h>

#include "check_common.h"
#include "command_text.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/yaml_env.h"
#include "servelint/yaml_tree.h"

/* Whether the option at `value` (just after its `=`) is empty: `''`, `""` or nothing. */
static bool sl_notebook__empty_value(const char *value) {
  if ((value[0] == '\'' && value[1] == '\'') || (value[0] == '"' && value[1] == '"'))
    value += 2;
  else if (value[0] == '\\' && value[1] == '"' && value[2] == '\\' && value[3] == '"')
    value += 4;
  return *value == '\0' || *value == ' ' || *value == '"' || *value == '\'' || *value == '\n';
}

/* The first `<app>.<name>=` option of `line` (`--NotebookApp.token=`), with whether its
 * value is empty; NULL when the line sets none. */
static const char *sl_notebook__option(const char *line, const char *name, bool *empty) {
  static const char *const apps[] = {"NotebookApp.", "ServerApp.", "IdentityProvider.", "LabApp.",
                                     "PasswordIdentityProvider."};
  for (size_t i = 0; i < sizeof apps / sizeof *apps; i++)
    for (const char *at = strstr(line, apps[i]); at; at = strstr(at + 1, apps[i])) {
      const char *option = at + strlen(apps[i]);
      size_t length = strlen(name);
      if (strncmp(option, name, length) != 0 || option[length] != '=') continue;
      *empty = sl_notebook__empty_value(option + length + 1);
      return at;
    }
  return NULL;
}

/* Whether the server listens beyond the loopback interface. */
static bool sl_notebook__listens_everywhere(const char *line) {
  static const char *const binds[] = {"ip=0.0.0.0", "ip='*'",       "ip=\"*\"",      "ip=*",
                                      "ip=::",      "ip='0.0.0.0'", "ip=\"0.0.0.0\""};
  for (size_t i = 0; i < sizeof binds / sizeof *binds; i++)
    if (strstr(line, binds[i])) return true;
  return false;
}

/* The source offset of `needle` at or after the start of `node`'s line (a folded or
 * literal block holds its text on the lines below the key), or the node's own start. */
static uint32_t sl_notebook__locate(const SlSource *source, const SlYamlNode *node,
                                    const char *needle, size_t length) {
  uint32_t from = source->line_starts[node->line - 1];
  for (uint32_t at = from; at + length <= source->byte_count; at++)
    if (memcmp(source->bytes + at, needle, length) == 0) return at;
  return from + node->column - 1;
}

static void sl_notebook__judge(const SlYamlNode *container, const SlSource *source,
                               SlNativeEmitter *emitter) {
  SlYamlCommandLine command = {0};
  sl_yaml_command_append(&command, sl_yaml_mapping_get(container, "entrypoint"));
  sl_yaml_command_append(&command, sl_yaml_mapping_get(container, "command"));
  sl_yaml_command_append(&command, sl_yaml_mapping_get(container, "args"));
  const char *line = sl_strbuf_cstr(&command.line);
  bool token_empty = false, password_empty = true;
  const char *token =
      strstr(line, "jupyter") ? sl_notebook__option(line, "token", &token_empty) : NULL;
  if (token && token_empty && sl_notebook__listens_everywhere(line)) {
    const char *password = sl_notebook__option(line, "password", &password_empty);
    if (!password || password_empty) {
      const char *end = token;
      while (*end && *end != ' ' && *end != '"' && *end != ',') end++;
      while (*end == '\'' || *end == '"') end++;
      size_t length = (size_t)(end - token);
      const SlYamlNode *node =
          command.words.items[sl_yaml_command_word_at(&command, (size_t)(token - line))];
      uint32_t start = sl_notebook__locate(source, node, token, length);
      SlNativeHit hit = {.span = sl_command_span(source, start, start + (uint32_t)length)};
      sl_native_emit(emitter, &hit);
    }
  }
  sl_yaml_command_delete(&command);
}

void sl_check_yaml_unauthenticated_notebook(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check_each_container(file, sl_notebook__judge, emitter);
}
