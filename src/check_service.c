/* check_service: which service (Dockerfile build context) each file ships in. */
#include "check_service.h"

#include <string.h>

#include "servelint/walk.h"

/* Directories whose Dockerfiles build demonstrations, not the service. */
static bool sl_services__aside(const char *path) {
  static const char *const asides[] = {"docs/",       "doc/",       "examples/",     "example/",
                                       "benchmarks/", "benchmark/", "tutorials/",    "samples/",
                                       "tests/",      "test/",      ".devcontainer/"};
  for (size_t i = 0; i < sizeof asides / sizeof *asides; i++) {
    size_t length = strlen(asides[i]);
    for (const char *at = path; at; at = strchr(at, '/'), at = at ? at + 1 : NULL)
      if (strncmp(at, asides[i], length) == 0) return true;
  }
  return false;
}

static void sl_services__add(SlServices *services, const char *root, size_t length) {
  for (size_t i = 0; i < services->roots.count; i++)
    if (services->lengths.items[i] == length &&
        strncmp(services->roots.items[i], root, length) == 0)
      return;
  sl_vec_push(&services->roots, root);
  sl_vec_push(&services->lengths, length);
}

void sl_services_find(const SlRepoFacts *repo, SlServices *services) {
  sl_services__add(services, "", 0);
  for (size_t f = 0; f < repo->file_count; f++) {
    const char *path = repo->files[f]->path;
    const char *slash = strrchr(path, '/');
    SlFileKind kind;
    if (!sl_walk_file_kind(slash ? slash + 1 : path, &kind) || kind != SL_FILE_DOCKERFILE ||
        sl_services__aside(path))
      continue;
    sl_services__add(services, path, slash ? (size_t)(slash - path) + 1 : 0);
  }
}

size_t sl_services_unit_of(const SlServices *services, const char *path) {
  size_t best = 0;
  for (size_t i = 1; i < services->roots.count; i++)
    if (services->lengths.items[i] > services->lengths.items[best] &&
        strncmp(path, services->roots.items[i], services->lengths.items[i]) == 0)
      best = i;
  return best;
}

void sl_services_delete(SlServices *services) {
  sl_vec_delete(&services->roots);
  sl_vec_delete(&services->lengths);
}
