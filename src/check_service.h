/*
 * check_service: the deployable units of a repository. A directory holding a Dockerfile
 * is a build context, so the code under it ships as one service (`microservices/
 * detector/`, `app/worker/`); every file under no such directory belongs to the
 * repository's own unit. Dockerfiles under docs/, examples/, samples/... describe
 * demonstrations, not services. Repository checks that speak of "the served model"
 * (rollback, version) speak of it once per unit that serves one.
 */
#ifndef SERVELINT_CHECK_SERVICE_H
#define SERVELINT_CHECK_SERVICE_H

#include <stddef.h>

#include "servelint/facts.h"
#include "servelint/vec.h"

/* Invariant: roots[0] is the repository's unit (""); each root is a directory prefix
 * ending in '/', borrowed from the repository facts' paths, and appears once. */
typedef struct {
  SlVec(const char *) roots;
  SlVec(size_t) lengths;
} SlServices;

/* Fills `services` (which must be zeroed) from the Dockerfiles among the facts. */
void sl_services_find(const SlRepoFacts *repo, SlServices *services);

/* The index of the unit `path` belongs to: the deepest root that is a prefix of it. */
size_t sl_services_unit_of(const SlServices *services, const char *path);

void sl_services_delete(SlServices *services);

#endif
