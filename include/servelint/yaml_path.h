/*
 * yaml_path: a small path language over YAML mappings and sequences, used by YAML
 * rules to select the nodes they judge.
 *
 *   spec.template.spec.containers[*].image   keys separated by '.', [*] = every item,
 *                                            [N] = item N (0-based)
 *   **.image                                 '**' = this node or any descendant
 *   metadata.annotations["seldon.io/rest-timeout"]   a quoted key may hold dots
 *   services.*.image                         '*' as a whole step = every value of a mapping
 *
 * Steps apply to one kind of node and select nothing elsewhere: a key or '*' selects
 * nothing in a sequence or scalar, '[*]' and '[N]' select nothing in a mapping or
 * scalar. '**' follows mappings' values and sequences' items, never keys. A key is the
 * last of duplicates and matches a scalar key by its text. Bare keys hold any printable
 * byte but . [ ] ' " * and space (so `x-foo_bar/baz9` and UTF-8 need no quotes); inside
 * quotes a backslash takes the next character literally. A bracket may follow a key
 * directly or after a '.' (`a[0]`, `a.[0]`), and a quoted key may also stand alone
 * between dots (`a."b.c".d`).
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
  const SlYamlNode
      *parent; /* borrowed; the mapping or sequence holding value (NULL for the root) */
} SlYamlMatch;

typedef SlVec(SlYamlMatch) SlYamlMatchVec;

/* Compiles `text`. Returns NULL and fills `error` (SL_ERROR_RULE, column = 1-based
 * offset in `text` of the problem) on a syntax error; the caller adds the rule file's
 * path and line. Caller frees with sl_yaml_path_delete. */
SlYamlPath *sl_yaml_path_compile(const char *text, SlError *error);
/* Frees a path; NULL is a no-op. */
void sl_yaml_path_delete(SlYamlPath *path);

/* Appends every node `path` selects under `root` to `matches`, in document order (by
 * the value's line and column, so a node shared through aliases sits at its anchor),
 * each node at most once (reached several times through aliases, it is reported once,
 * with the key of one of those routes). Bounded: never descends deeper than SL_YAML_MAX_DEPTH below
 * `root` and never visits more than 1,000,000 nodes per call, whatever aliases do; past that budget
 * the result is silently partial. NULL `path`, `root` or `matches`: nothing. */
void sl_yaml_path_select(const SlYamlPath *path, const SlYamlNode *root, SlYamlMatchVec *matches);

/* The path without its last step (e.g. "a.b[*].c" -> "a.b[*]"), for reporting a
 * missing key at its parent; NULL when the path has a single step. Caller frees. */
SlYamlPath *sl_yaml_path_parent(const SlYamlPath *path);
/* The last step's key name ("c" above); NULL when the last step is not a key. Borrowed. */
const char *sl_yaml_path_last_key(const SlYamlPath *path);

#endif
