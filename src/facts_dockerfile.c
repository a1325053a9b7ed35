/*
 * facts_dockerfile: the files a Dockerfile copies into its image that hold secrets by
 * convention: environment files (`.env`, `.env.production`, `prod.env`) and credential
 * files (`credentials.json`, a service-account key, `.netrc`, an SSH private key).
 * `COPY` and `ADD` are read in both forms (`COPY --chown=app .env ./`,
 * `COPY [".env", "/app/"]`, through sl_command_bare_word): every word but the options and
 * the last (the destination) is a source. Sources holding a variable or a wildcard are left alone:
 * what they name is not known here; so are copies from another stage or image (`COPY
 * --from=builder`). check_image_secrets judges what was recorded.
 */
#include <string.h>
#include <strings.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/walk.h"

bool sl_facts_is_credential_file(const char *name) {
  static const char *const exact[] = {
      "credentials.json", ".netrc", ".pypirc",      ".git-credentials", "id_rsa",     "id_ed25519",
      "id_ecdsa",         "id_dsa", "secrets.toml", ".dockercfg",       "gcloud.json"};
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
    if (strcasecmp(name, exact[i]) == 0) return true;
  size_t length = strlen(name);
  bool json = length > 5 && strcasecmp(name + length - 5, ".json") == 0;
  if (json && strncasecmp(name, "client_secret", 13) == 0) return true;
  return json &&
         (strstr(name, "service-account") || strstr(name, "service_account") ||
          strstr(name, "serviceaccount") || strstr(name, "sa-key") || strstr(name, "sa_key"));
}

/* Whether the source word names a secret file: its last path component. */
static bool sl_facts__secret_source(const char *word) {
  if (strpbrk(word, "$*?[")) return false;
  const char *slash = strrchr(word, '/');
  const char *name = slash ? slash + 1 : word;
  if (!*name) return false; /* a directory, `config/` */
  return sl_walk_is_env_file(name) || sl_facts_is_credential_file(name);
}

typedef struct {
  const SlSource *source;
  SlFileFacts *facts;
} SlDockerCopies;

static void sl_facts__copy_visit(void *context, const char *text, size_t word_start,
                                 size_t word_length, const uint32_t *starts) {
  SlDockerCopies *copies = context;
  if (!((word_length == 4 && strncasecmp(text + word_start, "COPY", 4) == 0) ||
        (word_length == 3 && strncasecmp(text + word_start, "ADD", 3) == 0)))
    return;
  /* The sources: every word after the options but the last (exec form read the same). */
  size_t at = word_start + word_length, start, length;
  size_t word_starts[64], word_lengths[64], count = 0;
  while (count < 64 && sl_command_bare_word(text, &at, &start, &length)) {
    if (count == 0 && length > 2 && text[start] == '-' && text[start + 1] == '-') {
      if (length > 7 && strncasecmp(text + start, "--from=", 7) == 0) return; /* another image */
      continue;
    }
    word_starts[count] = start, word_lengths[count] = length, count++;
  }
  for (size_t i = 0; i + 1 < count; i++) {
    char *word = sl_strndup(text + word_starts[i], word_lengths[i]);
    if (sl_facts__secret_source(word)) {
      size_t end = word_starts[i] + word_lengths[i];
      sl_vec_push(&copies->facts->image_copy_spans,
                  sl_command_span(copies->source, starts[word_starts[i]], starts[end - 1] + 1));
      sl_vec_push(&copies->facts->image_copies, word);
    } else {
      sl_free(word);
    }
  }
}

void sl_facts_find_dockerfile_copies(const SlSource *source, SlFileFacts *facts) {
  SlDockerCopies copies = {source, facts};
  sl_command_each_line(source, sl_facts__copy_visit, &copies);
}
