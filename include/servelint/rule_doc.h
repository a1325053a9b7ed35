/*
 * rule_doc: the rule catalogue as text for people: --list-rules (text, JSON,
 * Markdown), --explain, and docs/rules.md (the Markdown listing, generated).
 */
#ifndef SERVELINT_RULE_DOC_H
#define SERVELINT_RULE_DOC_H

#include "servelint/rule.h"
#include "servelint/strbuf.h"

/* One line per rule: id, name, family, severity, confidence, title. */
void sl_rule_doc_list_text(const SlRuleSet *set, SlStrbuf *out);
/* {"schema_version": 1, "rules": [{id, name, title, family, severity, confidence,
 * language, scope, message, risk, fix, references}]} */
void sl_rule_doc_list_json(const SlRuleSet *set, SlStrbuf *out);
/* The rule reference: an index table, then every rule's explanation. */
void sl_rule_doc_list_markdown(const SlRuleSet *set, SlStrbuf *out);
/* What it does / why it is bad / example / use instead / references. */
void sl_rule_doc_explain(const SlRule *rule, SlStrbuf *out);

#endif
