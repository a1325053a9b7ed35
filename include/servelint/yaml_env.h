/*
 * yaml_env: the containers of a deployment file and their environment, as the native
 * YAML checks read them. A container is any mapping reached by walking the documents
 * (Kubernetes pod specs, KServe and Seldon predictors, Compose services, GitHub Actions
 * jobs); its environment is `environment:` (Compose: a mapping, or `NAME=value` items)
 * and `env:` (Kubernetes: `name` / `value` items; a mapping elsewhere).
 */
#ifndef SERVELINT_YAML_ENV_H
#define SERVELINT_YAML_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/strbuf.h"
#include "servelint/vec.h"
#include "servelint/yaml_tree.h"

/* Called for every mapping below a node (the node included), with the mapping key that
 * holds it (NULL for a sequence item or the root). The walk is depth-bounded (aliases may
 * make a graph of a tree). */
typedef void (*SlYamlMappingVisit)(const SlYamlNode *mapping, const SlYamlNode *key, void *context);
void sl_yaml_each_mapping(const SlYamlNode *node, SlYamlMappingVisit visit, void *context);

/* Calls `visit` for every container below a node: a mapping with an `image` (Kubernetes
 * containers, KServe and Seldon predictors, Compose services) or, in Compose, only a
 * `build`. */
typedef void (*SlYamlContainerVisit)(const SlYamlNode *container, void *context);
void sl_yaml_each_container(const SlYamlNode *node, SlYamlContainerVisit visit, void *context);

/* One environment variable with a scalar value. `node` holds the value's text, starting
 * `into` bytes in (a `NAME=value` item holds both). Strings are borrowed from the tree. */
typedef struct {
  const SlYamlNode *node;
  const SlYamlNode *name_node; /* the node where the name is written */
  const char *name;
  size_t name_length;
  const char *value; /* NUL-terminated */
  size_t value_length;
  size_t into;
  bool compose; /* from `environment:` (Compose), not `env:` */
} SlYamlEnvEntry;

typedef void (*SlYamlEnvVisit)(const SlYamlEnvEntry *entry, void *context);
/* Calls `visit` for each variable of `container`'s `environment` and `env`. */
void sl_yaml_each_env(const SlYamlNode *container, SlYamlEnvVisit visit, void *context);

/* A container's command line as its manifest writes it, a string or a list of words
 * (`entrypoint:`, `command:`, `args:`), joined with spaces; each word's node is recorded
 * with the byte where the word starts in `line`. */
typedef struct {
  SlStrbuf line;
  SlVec(const SlYamlNode *) words; /* the node of each word, in order */
  SlVec(size_t) offsets;           /* where each word starts in `line` */
} SlYamlCommandLine;

/* Appends the scalar words of `node` (a string or a list of strings; NULL: nothing). */
void sl_yaml_command_append(SlYamlCommandLine *command, const SlYamlNode *node);
/* The index of the word holding byte `at` of the line. */
size_t sl_yaml_command_word_at(const SlYamlCommandLine *command, size_t at);
void sl_yaml_command_delete(SlYamlCommandLine *command);

#endif
