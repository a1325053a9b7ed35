/*
 * yaml_tree: YAML through libyaml into a node tree that keeps marks.
 *
 * A file may hold several documents. Every node carries the 1-based line and column
 * where it starts. Aliases are not expanded: an alias becomes a pointer to the
 * anchored node, so the structure is a graph that may share nodes (and, with a
 * self-referencing anchor, contain a cycle). Walkers must bound their depth with
 * SL_YAML_MAX_DEPTH; sl_yaml_node_count() bounds total work.
 *
 * Locations use SlSource's units, so code frames line up: lines end at '\n' only (a
 * lone CR, NEL, LS or PS, which libyaml also counts, does not start a line) and columns
 * count bytes from the line start, after a UTF-8 BOM. A node with an anchor or tag
 * starts at the anchor or tag. (UTF-16 input keeps libyaml's own line and column.)
 * Anchors are scoped to their document; a redefined anchor replaces the earlier one.
 */
#ifndef SERVELINT_YAML_TREE_H
#define SERVELINT_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "servelint/error.h"

/* Deepest nesting any walker follows; deeper nodes are treated as absent. */
#define SL_YAML_MAX_DEPTH 64

typedef enum { SL_YAML_SCALAR, SL_YAML_MAPPING, SL_YAML_SEQUENCE } SlYamlKind;

typedef struct SlYamlNode SlYamlNode;

typedef struct {
  SlYamlNode *key;   /* borrowed from the file */
  SlYamlNode *value; /* borrowed from the file */
} SlYamlPair;

struct SlYamlNode {
  SlYamlKind kind;
  uint32_t line;   /* 1-based */
  uint32_t column; /* 1-based */
  /* SL_YAML_SCALAR: the value (NUL-terminated, may hold NULs; length in value_length). */
  char *value;
  size_t value_length;
  bool plain; /* scalar written without quotes (so `null`, `~`, numbers keep their meaning) */
  /* a literal block scalar (`|`): line k of the value is line `line + 1 + k` of the file */
  bool literal;
  /* SL_YAML_MAPPING: pairs in document order. */
  SlYamlPair *pairs;
  size_t pair_count;
  /* SL_YAML_SEQUENCE: items in document order. */
  SlYamlNode **items;
  size_t item_count;
};

typedef struct SlYamlFile SlYamlFile;

/* Parses every document in `bytes`. Returns NULL and fills `error` (SL_ERROR_PARSE,
 * with libyaml's line and column, 1-based) when the text is not YAML, including invalid
 * UTF-8 and an undefined alias; SL_ERROR_INTERNAL when libyaml runs out of memory.
 * `path` is used only for the error. Caller frees with sl_yaml_file_delete. */
SlYamlFile *sl_yaml_parse(const char *path, const char *bytes, size_t byte_count, SlError *error);
/* Like sl_yaml_parse, but when the text fails on a line, parses it again with that line
 * blanked, up to 8 lines (yaml_recover.c). `error` keeps the first failure and
 * `*left_out` counts the lines blanked (0: parsed as it is). NULL, and `*left_out` 0,
 * when even that does not parse. */
SlYamlFile *sl_yaml_parse_recovering(const char *path, const char *bytes, size_t byte_count,
                                     SlError *error, unsigned *left_out);
/* Frees the file and every node; NULL is a no-op. */
void sl_yaml_file_delete(SlYamlFile *file);

/* Number of documents (an empty file has 0). */
size_t sl_yaml_document_count(const SlYamlFile *file);
/* Root node of document `index`; NULL for an empty document (`---` with no content)
 * or an index out of range. Borrowed. */
const SlYamlNode *sl_yaml_document_root(const SlYamlFile *file, size_t index);
/* Total distinct nodes in the file. */
size_t sl_yaml_node_count(const SlYamlFile *file);

/* The value for scalar key `key` in a mapping, or NULL (also when `node` is NULL or
 * not a mapping). With duplicate keys the last wins, as most loaders do. */
const SlYamlNode *sl_yaml_mapping_get(const SlYamlNode *node, const char *key);
/* The pair whose key is `key` (for the key's own mark), or NULL. */
const SlYamlPair *sl_yaml_mapping_pair(const SlYamlNode *node, const char *key);
/* True when `node` is a scalar equal to `text`. */
bool sl_yaml_scalar_is(const SlYamlNode *node, const char *text);

#endif
