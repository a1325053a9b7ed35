/*
 * yaml_path: a small path language over YAML mappings and sequences, used by YAML
 * rules to select the nodes they judge.
 *
 *   spec.template.spec.containers[*].image   keys separated by '.', [*] = every item,
 *                                            [N] = item N (0-based)
 *   **.image                                 '**' = this node or any descendant
 *   metadata.annotations["seldon.io/rest-timeout"]   a quoted key may hold dots
 *
 * A match is the selected value node plus, when it was reached through a mapping key,
 * that key node (findings point at the key's line and column). For a "missing"
 * constraint the rule engine asks for the parent (sl_yaml_path_parent) and reports at it.
 */
#ifndef SERVELINT_YAML_PATH_H
#define SERVELINT_YAML_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"
#include "servelint/vec.h"
#include "servelint/yaml_tree.h"

typedef struct SlYamlPath SlYamlPath;

typedef struct {
  const SlYamlNode *key;   /* borrowed; NULL when reached through a sequence index or the root */
  const SlYamlNode *value; /* borrowed; never NULL */
} SlYamlMatch;

typedef SlVec(SlYamlMatch) SlYamlMatchVec;

/* Compiles `text`. Returns NULL and fills `error` (SL_ERROR_RULE, column = 1-based
 * offset in `text` of the problem) on a syntax error; the caller adds the rule file's
 * path and line. Caller frees with sl_yaml_path_delete. */
SlYamlPath *sl_yaml_path_compile(const char *text, SlError *error);
/* Frees a path; NULL is a no-op. */
void sl_yaml_path_delete(SlYamlPath *path);

/* Appends every node `path` selects under `root` to `matches`, in document order,
 * each node at most once. Bounded: never descends deeper than SL_YAML_MAX_DEPTH and
 * never visits more than 1,000,000 nodes per call, whatever aliases do. */
void sl_yaml_path_select(const SlYamlPath *path, const SlYamlNode *root, SlYamlMatchVec *matches);

/* The path without its last step (e.g. "a.b[*].c" -> "a.b[*]"), for reporting a
 * missing key at its parent; NULL when the path has a single step. Caller frees. */
SlYamlPath *sl_yaml_path_parent(const SlYamlPath *path);
/* The last step's key name ("c" above); NULL when the last step is not a key. Borrowed. */
const char *sl_yaml_path_last_key(const SlYamlPath *path);

#endif
