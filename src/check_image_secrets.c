/*
 * check_image_secrets: a Dockerfile that copies secrets into its image. Every layer of
 * an image can be read by whoever can pull it (`docker save`, `docker history`), and a
 * later `RUN rm` does not remove a file from the layer that added it.
 *
 * An environment file the repository holds is judged by its content (SL910 reports the
 * credentials committed in it); one it does not hold is ignored by git and comes from the
 * machine that builds the image, where `.env` holds that developer's or CI's real
 * credentials. A credential file (`credentials.json`, an SSH key) is a secret whether or
 * not it is committed. The build context is not known from the Dockerfile alone: a
 * source is looked for relative to the Dockerfile's directory and to each directory above
 * it up to the scanned root.
 */
#include <string.h>

#include "check_common.h"
#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/strbuf.h"

/* Whether the scanned repository holds the file `source` copied by the Dockerfile at
 * `dockerfile`, under the Dockerfile's directory or a directory above it. */
static bool sl_check__repository_holds(const SlRepoFacts *repo, const char *dockerfile,
                                       const char *source) {
  /* `./.env` and `/.env` both name the file at the root of the build context */
  while (strncmp(source, "./", 2) == 0 || *source == '/') source += *source == '/' ? 1 : 2;
  const char *slash = strrchr(dockerfile, '/');
  size_t directory = slash ? (size_t)(slash - dockerfile) : 0;
  for (;;) {
    SlStrbuf path = {0};
    if (directory) {
      sl_strbuf_append(&path, dockerfile, directory);
      sl_strbuf_append(&path, "/", 1);
    }
    sl_strbuf_append(&path, source, strlen(source));
    bool found = false;
    for (size_t f = 0; f < repo->file_count && !found; f++)
      found = strcmp(repo->files[f]->path, path.data) == 0;
    sl_strbuf_delete(&path);
    if (found) return true;
    if (!directory) return false;
    while (directory > 0 && dockerfile[directory - 1] != '/') directory--;
    if (directory) directory--; /* drop the '/' */
  }
}

void sl_check_secret_file_in_image(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!facts->image_copies.count || !sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->image_copies.count; i++) {
      const char *source = facts->image_copies.items[i];
      const char *slash = strrchr(source, '/');
      bool credential = sl_facts_is_credential_file(slash ? slash + 1 : source);
      if (!credential && sl_check__repository_holds(repo, facts->path, source)) continue;
      SlNativeVar vars[] = {
          {"file", source},
          {"why", credential ? "holds credentials by its name"
                             : "is not in the repository: it comes from the machine that builds "
                               "the image, with whatever credentials it holds there"}};
      sl_check_emit_at_line(emitter, facts, &facts->image_copy_spans.items[i], source, vars, 2);
    }
  }
}
