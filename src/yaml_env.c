/*
 * yaml_env: containers and their environment variables in deployment YAML (see the
 * header).
 */
#include "servelint/yaml_env.h"

#include <string.h>

/* Manifests nest a dozen levels; the bound only stops alias loops. */
enum { SL_YAML_ENV_MAX_DEPTH = 32 };

static void sl_yaml_env__walk(const SlYamlNode *node, const SlYamlNode *key,
                              SlYamlMappingVisit visit, void *context, unsigned depth) {
  if (!node || depth > SL_YAML_ENV_MAX_DEPTH) return;
  if (node->kind == SL_YAML_SEQUENCE) {
    for (size_t i = 0; i < node->item_count; i++)
      sl_yaml_env__walk(node->items[i], NULL, visit, context, depth + 1);
    return;
  }
  if (node->kind != SL_YAML_MAPPING) return;
  visit(node, key, context);
  for (size_t i = 0; i < node->pair_count; i++)
    sl_yaml_env__walk(node->pairs[i].value, node->pairs[i].key, visit, context, depth + 1);
}

void sl_yaml_each_mapping(const SlYamlNode *node, SlYamlMappingVisit visit, void *context) {
  sl_yaml_env__walk(node, NULL, visit, context, 0);
}

static bool sl_yaml_env__scalar(const SlYamlNode *node) {
  return node && node->kind == SL_YAML_SCALAR;
}

/* `NAME: value` pairs of a mapping. */
static void sl_yaml_env__pairs(const SlYamlNode *mapping, bool compose, SlYamlEnvVisit visit,
                               void *context) {
  for (size_t i = 0; i < mapping->pair_count; i++) {
    const SlYamlNode *key = mapping->pairs[i].key, *value = mapping->pairs[i].value;
    if (!sl_yaml_env__scalar(key) || !sl_yaml_env__scalar(value)) continue;
    SlYamlEnvEntry entry = {
        value, key, key->value, key->value_length, value->value, value->value_length, 0, compose};
    visit(&entry, context);
  }
}

/* `NAME=value` items, or `name:` / `value:` mappings. */
static void sl_yaml_env__items(const SlYamlNode *sequence, bool compose, SlYamlEnvVisit visit,
                               void *context) {
  for (size_t i = 0; i < sequence->item_count; i++) {
    const SlYamlNode *item = sequence->items[i];
    if (sl_yaml_env__scalar(item)) {
      const char *equals = strchr(item->value, '=');
      if (!equals) continue;
      size_t into = (size_t)(equals + 1 - item->value);
      SlYamlEnvEntry entry = {item,        item,
                              item->value, (size_t)(equals - item->value),
                              equals + 1,  item->value_length - into,
                              into,        compose};
      visit(&entry, context);
    } else if (item && item->kind == SL_YAML_MAPPING) {
      const SlYamlNode *name = sl_yaml_mapping_get(item, "name");
      const SlYamlNode *value = sl_yaml_mapping_get(item, "value");
      if (!sl_yaml_env__scalar(name) || !sl_yaml_env__scalar(value)) continue;
      SlYamlEnvEntry entry = {
          value, name,   name->value, name->value_length, value->value, value->value_length,
          0,     compose};
      visit(&entry, context);
    }
  }
}

void sl_yaml_each_env(const SlYamlNode *container, SlYamlEnvVisit visit, void *context) {
  static const char *const keys[] = {"environment", "env"};
  for (size_t k = 0; k < 2; k++) {
    const SlYamlNode *env = sl_yaml_mapping_get(container, keys[k]);
    if (!env) continue;
    if (env->kind == SL_YAML_MAPPING) sl_yaml_env__pairs(env, k == 0, visit, context);
    if (env->kind == SL_YAML_SEQUENCE) sl_yaml_env__items(env, k == 0, visit, context);
  }
}

void sl_yaml_command_append(SlYamlCommandLine *command, const SlYamlNode *node) {
  if (!node) return;
  if (node->kind == SL_YAML_SEQUENCE) {
    for (size_t i = 0; i < node->item_count; i++) sl_yaml_command_append(command, node->items[i]);
    return;
  }
  if (node->kind != SL_YAML_SCALAR) return;
  if (command->line.length) sl_strbuf_puts(&command->line, " ");
  sl_vec_push(&command->offsets, command->line.length);
  sl_vec_push(&command->words, node);
  sl_strbuf_append(&command->line, node->value, node->value_length);
}

size_t sl_yaml_command_word_at(const SlYamlCommandLine *command, size_t at) {
  size_t word = 0;
  while (word + 1 < command->words.count && command->offsets.items[word + 1] <= at) word++;
  return word;
}

void sl_yaml_command_delete(SlYamlCommandLine *command) {
  sl_strbuf_delete(&command->line);
  sl_vec_delete(&command->words);
  sl_vec_delete(&command->offsets);
}

typedef struct {
  SlYamlContainerVisit visit;
  void *context;
} SlYamlContainerWalk;

static void sl_yaml_env__container_visit(const SlYamlNode *mapping, const SlYamlNode *key,
                                         void *context) {
  (void)key;
  const SlYamlContainerWalk *walk = context;
  if (sl_yaml_mapping_get(mapping, "image") || sl_yaml_mapping_get(mapping, "build"))
    walk->visit(mapping, walk->context);
}

void sl_yaml_each_container(const SlYamlNode *node, SlYamlContainerVisit visit, void *context) {
  SlYamlContainerWalk walk = {visit, context};
  sl_yaml_each_mapping(node, sl_yaml_env__container_visit, &walk);
}
