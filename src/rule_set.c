/*
 * rule_set: the rules of a run. After finalize the set is read-only: rules sorted by
 * id, and every Python rule's query combined into one query, so a file's tree is
 * walked once whatever the number of rules (measured: 15 rules as one query cost
 * about a quarter of 15 separate passes). Matches are dispatched by pattern index.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/gitignore.h"
#include "servelint/matcher.h"
#include "servelint/query.h"
#include "servelint/rule.h"
#include "servelint/rule_catalog.h"
#include "servelint/rule_load.h"
#include "servelint/strbuf.h"

struct SlRuleSet {
  SlVec(SlRule *) rules;        /* owned; sorted by id after finalize */
  SlQuery *python_query;        /* owned; NULL when no Python rule */
  const SlRule **pattern_rules; /* owned array; pattern index -> rule */
  uint32_t pattern_count;
};

SlRuleSet *sl_rule_set_new(void) { return sl_calloc(1, sizeof(SlRuleSet)); }

void sl_rule_set_delete(SlRuleSet *set) {
  if (!set) return;
  for (size_t i = 0; i < set->rules.count; i++) sl_rule_delete(set->rules.items[i]);
  sl_vec_delete(&set->rules);
  sl_query_delete(set->python_query);
  sl_free(set->pattern_rules);
  sl_free(set);
}

static const SlRule *sl_rule_set__clash(const SlRuleSet *set, const SlRule *rule) {
  for (size_t i = 0; i < set->rules.count; i++) {
    const SlRule *other = set->rules.items[i];
    if (strcmp(other->id, rule->id) == 0 || strcmp(other->name, rule->name) == 0) return other;
  }
  return NULL;
}

bool sl_rule_set_add_text(SlRuleSet *set, const char *path, const char *text, size_t byte_count,
                          SlError *error) {
  SlRule *rule = sl_rule_load(path, text, byte_count, error);
  if (!rule) return false;
  const SlRule *other = sl_rule_set__clash(set, rule);
  if (other) {
    bool same_id = strcmp(other->id, rule->id) == 0;
    sl_error_set(error, SL_ERROR_RULE, path, rule->source_line, 1,
                 "duplicate rule %s '%s' (already defined in %s)", same_id ? "id" : "name",
                 same_id ? rule->id : rule->name, other->source_path);
    sl_rule_delete(rule);
    return false;
  }
  sl_vec_push(&set->rules, rule);
  return true;
}

bool sl_rule_set_add_builtin(SlRuleSet *set, SlError *error) {
  for (size_t i = 0; i < sl_embedded_rule_file_count; i++) {
    const SlEmbeddedRuleFile *file = &sl_embedded_rule_files[i];
    if (!sl_rule_set_add_text(set, file->path, file->bytes, file->byte_count, error)) return false;
  }
  return true;
}

static int sl_rule_set__compare_names(const void *left, const void *right) {
  return strcmp(*(char *const *)left, *(char *const *)right);
}

static bool sl_rule_set__is_rule_file(const char *name) {
  size_t length = strlen(name);
  return name[0] != '.' && ((length > 5 && strcmp(name + length - 5, ".yaml") == 0) ||
                            (length > 4 && strcmp(name + length - 4, ".yml") == 0));
}

static bool sl_rule_set__add_file(SlRuleSet *set, const char *path, SlError *error) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    sl_error_set(error, SL_ERROR_RULE, path, 0, 0, "cannot read rule file");
    return false;
  }
  SlStrbuf text = {0};
  char chunk[8192];
  size_t read_count;
  while ((read_count = fread(chunk, 1, sizeof chunk, file)) > 0)
    sl_strbuf_append(&text, chunk, read_count);
  fclose(file);
  bool ok = sl_rule_set_add_text(set, path, sl_strbuf_cstr(&text), text.length, error);
  sl_strbuf_delete(&text);
  return ok;
}

bool sl_rule_set_add_directory(SlRuleSet *set, const char *directory, SlError *error) {
  DIR *dir = opendir(directory);
  if (!dir) {
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0, "--rules %s: not a readable directory",
                 directory);
    return false;
  }
  SlVec(char *) names = {0};
  for (struct dirent *entry; (entry = readdir(dir));)
    if (sl_rule_set__is_rule_file(entry->d_name)) sl_vec_push(&names, sl_strdup(entry->d_name));
  closedir(dir);
  if (names.count) qsort(names.items, names.count, sizeof *names.items, sl_rule_set__compare_names);
  bool ok = true;
  for (size_t i = 0; i < names.count; i++) {
    SlStrbuf path = {0};
    sl_strbuf_printf(&path, "%s/%s", directory, names.items[i]);
    ok = ok && sl_rule_set__add_file(set, sl_strbuf_cstr(&path), error);
    sl_strbuf_delete(&path);
    sl_free(names.items[i]);
  }
  sl_vec_delete(&names);
  return ok;
}

bool sl_rule_applies(const SlRule *rule, const char *path, SlRoleSet roles) {
  if (!sl_roles_in_scope(rule->scope, roles)) return false;
  for (size_t i = 0; i < rule->ignore_count; i++)
    if (sl_gitignore_match_glob(rule->ignores[i], path)) return false;
  return true;
}

bool sl_rule_selected_by(const SlRule *rule, const char *selector) {
  return strcmp(rule->id, selector) == 0 || strcmp(rule->name, selector) == 0 ||
         strcmp(sl_family_name(rule->family), selector) == 0;
}

static bool sl_rule_set__named(const SlRule *rule, const char *const *selectors, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (sl_rule_selected_by(rule, selectors[i])) return true;
  return false;
}

/* An opt-in rule runs only when a selector names it by id or name (a family is not enough). */
static bool sl_rule_set__named_exactly(const SlRule *rule, const char *const *selectors,
                                       size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(rule->id, selectors[i]) == 0 || strcmp(rule->name, selectors[i]) == 0) return true;
  return false;
}

/* Every selector must name at least one loaded rule: a typo is an error, not a
 * silently empty run. */
static bool sl_rule_set__check_selectors(const SlRuleSet *set, const char *const *selectors,
                                         size_t count, const char *option, SlError *error) {
  for (size_t s = 0; s < count; s++) {
    bool found = false;
    for (size_t i = 0; i < set->rules.count && !found; i++)
      found = sl_rule_selected_by(set->rules.items[i], selectors[s]);
    if (found) continue;
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0,
                 "%s %s: no rule has this id, name or family (see --list-rules)", option,
                 selectors[s]);
    return false;
  }
  return true;
}

bool sl_rule_set_filter(SlRuleSet *set, const char *const *selectors, size_t selector_count,
                        const char *const *ignores, size_t ignore_count, bool keep_opt_in,
                        SlError *error) {
  if (!sl_rule_set__check_selectors(set, selectors, selector_count, "--select", error) ||
      !sl_rule_set__check_selectors(set, ignores, ignore_count, "--ignore", error))
    return false;
  size_t kept = 0;
  for (size_t i = 0; i < set->rules.count; i++) {
    SlRule *rule = set->rules.items[i];
    bool keep = (selector_count == 0 || sl_rule_set__named(rule, selectors, selector_count)) &&
                !sl_rule_set__named(rule, ignores, ignore_count) &&
                (keep_opt_in || !rule->opt_in ||
                 sl_rule_set__named_exactly(rule, selectors, selector_count));
    if (keep)
      set->rules.items[kept++] = rule;
    else
      sl_rule_delete(rule);
  }
  set->rules.count = kept;
  return true;
}

static int sl_rule_set__compare_rules(const void *left, const void *right) {
  return strcmp((*(SlRule *const *)left)->id, (*(SlRule *const *)right)->id);
}

static bool sl_rule_set__combine(SlRuleSet *set, SlError *error) {
  SlStrbuf text = {0};
  uint32_t expected = 0;
  for (size_t i = 0; i < set->rules.count; i++) {
    const SlRule *rule = set->rules.items[i];
    if (!sl_matcher_query_text(rule->matcher)) continue; /* YAML or native */
    sl_strbuf_puts(&text, sl_matcher_query_text(rule->matcher));
    sl_strbuf_puts(&text, "\n");
    expected += sl_matcher_pattern_count(rule->matcher);
  }
  if (!expected) {
    sl_strbuf_delete(&text);
    return true;
  }
  set->python_query = sl_query_new(sl_strbuf_cstr(&text), NULL, error);
  sl_strbuf_delete(&text);
  if (!set->python_query || sl_query_pattern_count(set->python_query) != expected) {
    sl_error_set(error, SL_ERROR_INTERNAL, NULL, 0, 0, "combining the rules' queries failed");
    return false;
  }
  set->pattern_count = expected;
  set->pattern_rules = sl_calloc(expected, sizeof *set->pattern_rules);
  return true;
}

bool sl_rule_set_finalize(SlRuleSet *set, SlError *error) {
  if (set->rules.count)
    qsort(set->rules.items, set->rules.count, sizeof *set->rules.items, sl_rule_set__compare_rules);
  if (!sl_rule_set__combine(set, error)) return false;
  uint32_t next_pattern = 0;
  for (size_t i = 0; i < set->rules.count; i++) {
    SlRule *rule = set->rules.items[i];
    if (!sl_matcher_query_text(rule->matcher)) continue;
    for (uint32_t p = 0; p < sl_matcher_pattern_count(rule->matcher); p++)
      set->pattern_rules[next_pattern++] = rule;
    if (!sl_matcher_bind(rule->matcher, set->python_query, error)) return false;
  }
  return true;
}

size_t sl_rule_set_count(const SlRuleSet *set) { return set->rules.count; }

const SlRule *sl_rule_set_get(const SlRuleSet *set, size_t index) {
  return *sl_vec_get(&set->rules, index);
}

const SlRule *sl_rule_set_find(const SlRuleSet *set, const char *id_or_name) {
  for (size_t i = 0; i < set->rules.count; i++) {
    const SlRule *rule = set->rules.items[i];
    if (strcmp(rule->id, id_or_name) == 0 || strcmp(rule->name, id_or_name) == 0) return rule;
  }
  return NULL;
}

const SlQuery *sl_rule_set_python_query(const SlRuleSet *set) { return set->python_query; }

const SlRule *sl_rule_set_rule_for_pattern(const SlRuleSet *set, uint32_t pattern_index) {
  return pattern_index < set->pattern_count ? set->pattern_rules[pattern_index] : NULL;
}
