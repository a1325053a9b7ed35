/*
 * rule_load: parsing one rule file (see docs/rule-format.md) into an SlRule.
 */
#ifndef SERVELINT_RULE_LOAD_H
#define SERVELINT_RULE_LOAD_H

#include "servelint/rule.h"

/* Parses `text` (the whole file `path`). Returns a new rule, or NULL with `error`
 * (SL_ERROR_RULE, path:line:col and a reason). Caller frees with sl_rule_delete. */
SlRule *sl_rule_load(const char *path, const char *text, size_t byte_count, SlError *error);
/* Frees a rule and everything it owns; NULL is a no-op. */
void sl_rule_delete(SlRule *rule);

#endif
