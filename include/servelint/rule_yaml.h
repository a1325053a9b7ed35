/*
 * rule_yaml: strict readers for rule files. Each reader checks a node's type and
 * fills `error` (SL_ERROR_RULE, path:line:col of the offending node) on a mismatch,
 * so a malformed rule is refused with a precise location, never ignored.
 */
#ifndef SERVELINT_RULE_YAML_H
#define SERVELINT_RULE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"
#include "servelint/query.h"
#include "servelint/yaml_tree.h"

/* Fills `error` at `node` (line/column 0 when node is NULL) with a printf message. */
bool sl_rule_yaml_fail(SlError *error, const char *path, const SlYamlNode *node, const char *format,
                       ...) __attribute__((format(printf, 4, 5)));

/* Fails on the first key of mapping `node` that is not in the NULL-terminated
 * `allowed` list ("unknown key 'x' in <where>"), and when `node` is not a mapping. */
bool sl_rule_yaml_check_keys(const SlYamlNode *node, const char *const *allowed, const char *where,
                             const char *path, SlError *error);

/* The scalar text of key `key` of `mapping`. With `required`, a missing key fails
 * ("missing required key 'x'"); without, `*text` is NULL. A non-scalar value fails.
 * `*text` is borrowed from the YAML file. */
bool sl_rule_yaml_string(const SlYamlNode *mapping, const char *key, bool required,
                         const char *path, SlError *error, const char **text);

/* Optional `key` whose value is one of `choices` (NULL-terminated): `*index` is its
 * position, or stays as the caller set it when the key is absent. Any other value fails
 * with "'key' is 'a', 'b' or 'c'" at the value. */
bool sl_rule_yaml_choice(const SlYamlNode *mapping, const char *key, const char *const *choices,
                         const char *path, SlError *error, size_t *index);

/* A scalar or a sequence of scalars, as a NULL-terminated array of borrowed strings
 * (caller frees the array with sl_free, not the strings). Missing key: `*items` NULL. */
bool sl_rule_yaml_strings(const SlYamlNode *mapping, const char *key, const char *path,
                          SlError *error, const char ***items, size_t *count);

/* The origin (for error mapping) of scalar `node`'s text in the rule file whose whole
 * text is `file_text`: after the opening quote of a quoted scalar; for a block scalar
 * (`|`, `>`), the first content line at the block's indentation. */
SlTextOrigin sl_rule_yaml_origin(const SlYamlNode *node, const char *path, const char *file_text);

#endif
