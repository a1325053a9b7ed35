/* rule_yaml: typed, located access to rule-file YAML. */
#include "servelint/rule_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "servelint/alloc.h"

bool sl_rule_yaml_fail(SlError *error, const char *path, const SlYamlNode *node, const char *format,
                       ...) {
  error->kind = SL_ERROR_RULE;
  snprintf(error->path, sizeof error->path, "%s", path);
  error->line = node ? node->line : 0;
  error->column = node ? node->column : 0;
  va_list args;
  va_start(args, format);
  vsnprintf(error->message, sizeof error->message, format, args);
  va_end(args);
  return false;
}

static bool sl_rule_yaml__allowed(const char *key, const char *const *allowed) {
  for (; *allowed; allowed++)
    if (strcmp(key, *allowed) == 0) return true;
  return false;
}

bool sl_rule_yaml_check_keys(const SlYamlNode *node, const char *const *allowed, const char *where,
                             const char *path, SlError *error) {
  if (!node || node->kind != SL_YAML_MAPPING)
    return sl_rule_yaml_fail(error, path, node, "%s must be a mapping", where);
  for (size_t i = 0; i < node->pair_count; i++) {
    const SlYamlNode *key = node->pairs[i].key;
    if (key->kind != SL_YAML_SCALAR || !sl_rule_yaml__allowed(key->value, allowed))
      return sl_rule_yaml_fail(error, path, key, "unknown key '%s' in %s",
                               key->kind == SL_YAML_SCALAR ? key->value : "?", where);
  }
  return true;
}

bool sl_rule_yaml_string(const SlYamlNode *mapping, const char *key, bool required,
                         const char *path, SlError *error, const char **text) {
  *text = NULL;
  const SlYamlPair *pair = sl_yaml_mapping_pair(mapping, key);
  if (!pair) {
    if (required) return sl_rule_yaml_fail(error, path, mapping, "missing required key '%s'", key);
    return true;
  }
  if (pair->value->kind != SL_YAML_SCALAR)
    return sl_rule_yaml_fail(error, path, pair->value, "'%s' must be a string", key);
  if (required && pair->value->value_length == 0)
    return sl_rule_yaml_fail(error, path, pair->value, "'%s' must not be empty", key);
  *text = pair->value->value;
  return true;
}

bool sl_rule_yaml_choice(const SlYamlNode *mapping, const char *key, const char *const *choices,
                         const char *path, SlError *error, size_t *index) {
  const char *text = NULL;
  if (!sl_rule_yaml_string(mapping, key, false, path, error, &text)) return false;
  if (!text) return true;
  char expected[160] = "";
  size_t count = 0;
  while (choices[count]) count++;
  for (size_t i = 0; i < count; i++) {
    if (strcmp(text, choices[i]) == 0) return (*index = i), true;
    size_t used = strlen(expected);
    snprintf(expected + used, sizeof expected - used, "%s'%s'",
             i == 0           ? ""
             : i + 1 == count ? " or "
                              : ", ",
             choices[i]);
  }
  return sl_rule_yaml_fail(error, path, sl_yaml_mapping_get(mapping, key), "'%s' is %s", key,
                           expected);
}

bool sl_rule_yaml_strings(const SlYamlNode *mapping, const char *key, const char *path,
                          SlError *error, const char ***items, size_t *count) {
  *items = NULL;
  *count = 0;
  const SlYamlNode *value = sl_yaml_mapping_get(mapping, key);
  if (!value) return true;
  if (value->kind == SL_YAML_SCALAR) {
    *items = sl_calloc(2, sizeof **items);
    (*items)[0] = value->value;
    *count = 1;
    return true;
  }
  if (value->kind != SL_YAML_SEQUENCE)
    return sl_rule_yaml_fail(error, path, value, "'%s' must be a string or a list of strings", key);
  *items = sl_calloc(value->item_count + 1, sizeof **items);
  for (size_t i = 0; i < value->item_count; i++) {
    if (value->items[i]->kind != SL_YAML_SCALAR) {
      sl_free(*items);
      *items = NULL;
      return sl_rule_yaml_fail(error, path, value->items[i], "'%s' items must be strings", key);
    }
    (*items)[i] = value->items[i]->value;
  }
  *count = value->item_count;
  return true;
}

/* The start of 1-based `line` in `text`, or NULL past the end. */
static const char *sl_rule_yaml__line_start(const char *text, uint32_t line) {
  for (uint32_t row = 1; row < line; row++) {
    text = strchr(text, '\n');
    if (!text) return NULL;
    text++;
  }
  return text;
}

SlTextOrigin sl_rule_yaml_origin(const SlYamlNode *node, const char *path, const char *file_text) {
  SlTextOrigin origin = {path, node->line, node->column, 0};
  const char *line = sl_rule_yaml__line_start(file_text, node->line);
  if (!line || strlen(line) < node->column) return origin;
  char first = line[node->column - 1];
  if (first == '"' || first == '\'') {
    origin.column++;
  } else if (first == '|' || first == '>') {
    /* A block scalar's text starts on the next line, at the block's indentation. */
    const char *next = sl_rule_yaml__line_start(line, 2);
    uint32_t indent = 0;
    while (next && next[indent] == ' ') indent++;
    origin = (SlTextOrigin){path, node->line + 1, indent + 1, indent};
  }
  return origin;
}
