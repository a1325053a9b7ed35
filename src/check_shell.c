/*
 * check_shell: shell-unpinned-fetch, what a shell script fetches without pinning it.
 * Scripts that start a server, prepare a model archive or deploy a container pull their
 * inputs by reference: a Hugging Face repository cloned or downloaded at its moving main
 * branch (a clone counts as pinned when the script checks a commit out anywhere), or a
 * container image run, created or pulled untagged or as `latest` (unless the script
 * builds that image itself); and a Hub id set in a model variable (`EMBEDDING_MODEL=org/name`,
 * in a script or an environment file) when the file names no revision anywhere. Each
 * logical line (a trailing `\` continues it; a line starting with `#` is a comment) is
 * read as command text (command_text.h); one finding per fetch.
 */
#include <string.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"

/* Whether the script checks a commit out anywhere: a clone on one line is pinned by a
 * `git -C dir checkout <sha>` or `reset --hard` on a later one. */
static bool sl_shell__checks_out(const char *script) {
  return strstr(script, " checkout ") || strstr(script, "reset --hard");
}

/* Whether the script builds `image` itself (`docker build -t image .`): running the
 * image it just built is no moving reference. */
static bool sl_shell__builds(const char *script, const char *image) {
  static const char *const options[] = {"-t ", "-t=", "--tag ", "--tag="};
  for (size_t i = 0; i < sizeof options / sizeof *options; i++)
    for (const char *at = strstr(script, options[i]); at; at = strstr(at + 1, options[i])) {
      const char *name = at + strlen(options[i]);
      while (*name == '"' || *name == '\'') name++;
      size_t length = strlen(image);
      if (strncmp(name, image, length) == 0 && !strchr(".-_/:@", name[length]) &&
          !(name[length] >= 'a' && name[length] <= 'z'))
        return true;
    }
  return false;
}

/* Whether the script names a revision, a commit or a SHA anywhere (`MODEL_REVISION=...`). */
static bool sl_shell__names_revision(const char *script) {
  static const char *const words[] = {"REVISION", "revision", "COMMIT", "_SHA"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strstr(script, words[i])) return true;
  return false;
}

/* `[export ]EMBEDDING_MODEL=org/name` (quotes allowed): a Hub id handed to the service in
 * a model variable; text[*start, *end) is the id. */
static bool sl_shell__model_setting(const char *text, size_t *start, size_t *end) {
  size_t at = 0;
  if (strncmp(text, "export ", 7) == 0) at = 7;
  const char *equals = strchr(text + at, '=');
  if (!equals || equals == text + at) return false;
  char name[128];
  size_t length = (size_t)(equals - (text + at));
  if (length >= sizeof name) return false;
  for (size_t i = 0; i < length; i++) {
    char c = text[at + i];
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    name[i] = c;
  }
  name[length] = '\0';
  if (!sl_command_model_variable(name) || strstr(name, "SERVED_MODEL")) return false;
  *start = (size_t)(equals + 1 - text);
  if (text[*start] == '"' || text[*start] == '\'') (*start)++;
  *end = *start;
  while (text[*end] && text[*end] != '"' && text[*end] != '\'' && text[*end] != ' ' &&
         text[*end] != '#')
    (*end)++;
  return memchr(text + *start, '/', *end - *start) &&
         sl_command_hub_id(text + *start, *end - *start);
}

static void sl_shell__line(const SlNativeFile *file, SlNativeEmitter *emitter, const char *text,
                           const uint32_t *starts, const char *script, bool checks_out) {
  size_t start, end, at = 0;
  if (!sl_shell__names_revision(script) && sl_shell__model_setting(text, &start, &end))
    sl_command_emit_reference(emitter, file->source, text, starts, start, end,
                              "a Hub model handed to the service with no revision beside it");
  const char *what = sl_command_hub_fetch(text, &start, &end);
  bool clone = what && strstr(text, "git clone");
  if (what && !(clone && checks_out))
    sl_command_emit_reference(emitter, file->source, text, starts, start, end, what);
  while (sl_command_container_image(text, &at, &start, &end)) {
    char *image = sl_strndup(text + start, end - start);
    const char *reason = sl_shell__builds(script, image) ? NULL : sl_command_image_unpinned(image);
    sl_free(image);
    if (reason) sl_command_emit_reference(emitter, file->source, text, starts, start, end, reason);
  }
}

typedef struct {
  const SlNativeFile *file;
  SlNativeEmitter *emitter;
  const char *script; /* the whole script, NUL-terminated */
  bool checks_out;
} SlShellScan;

static void sl_shell__visit(void *context, const char *text, size_t word_start, size_t word_length,
                            const uint32_t *starts) {
  (void)word_start;
  (void)word_length;
  const SlShellScan *scan = context;
  sl_shell__line(scan->file, scan->emitter, text, starts, scan->script, scan->checks_out);
}

void sl_check_shell_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  char *script = sl_strndup(file->source->bytes, file->source->byte_count);
  SlShellScan scan = {file, emitter, script, sl_shell__checks_out(script)};
  sl_command_each_line(file->source, sl_shell__visit, &scan);
  sl_free(script);
}
