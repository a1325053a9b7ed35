/*
 * rule_doc: rule listings and explanations, from the rules' own metadata, so the
 * docs cannot drift from what the binary runs (docs/rules.md is this output).
 */
#include "servelint/rule_doc.h"

#include <cJSON.h>
#include <stdint.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/report.h"

void sl_rule_doc_list_text(const SlRuleSet *set, SlStrbuf *out) {
  sl_strbuf_printf(out, "%-7s %-36s %-22s %-8s %-10s %s\n", "ID", "NAME", "FAMILY", "SEVERITY",
                   "CONFIDENCE", "TITLE");
  for (size_t i = 0; i < sl_rule_set_count(set); i++) {
    const SlRule *rule = sl_rule_set_get(set, i);
    sl_strbuf_printf(out, "%-7s %-36s %-22s %-8s %-10s %s%s\n", rule->id, rule->name,
                     sl_family_name(rule->family), sl_severity_name(rule->severity),
                     sl_confidence_name(rule->confidence), rule->title,
                     rule->opt_in ? " (opt-in: --select it)" : "");
  }
}

static cJSON *sl_rule_doc__scope_json(SlRoleSet scope) {
  cJSON *roles = cJSON_CreateArray();
  for (int role = 0; role < SL_ROLE_COUNT; role++)
    if (scope & SL_ROLE_BIT(role))
      cJSON_AddItemToArray(roles, cJSON_CreateString(sl_role_name(role)));
  return roles;
}

static cJSON *sl_rule_doc__rule_json(const SlRule *rule) {
  cJSON *object = cJSON_CreateObject();
  cJSON_AddStringToObject(object, "id", rule->id);
  cJSON_AddStringToObject(object, "name", rule->name);
  cJSON_AddStringToObject(object, "title", rule->title);
  cJSON_AddStringToObject(object, "family", sl_family_name(rule->family));
  cJSON_AddStringToObject(object, "severity", sl_severity_name(rule->severity));
  cJSON_AddStringToObject(object, "confidence", sl_confidence_name(rule->confidence));
  cJSON_AddStringToObject(object, "language",
                          rule->language == SL_LANGUAGE_PYTHON ? "python" : "yaml");
  cJSON_AddItemToObject(object, "scope", sl_rule_doc__scope_json(rule->scope));
  cJSON_AddBoolToObject(object, "opt_in", rule->opt_in);
  cJSON_AddStringToObject(object, "message", rule->message);
  cJSON_AddStringToObject(object, "risk", rule->risk);
  cJSON_AddStringToObject(object, "fix", rule->fix);
  cJSON *references = cJSON_CreateArray();
  for (size_t i = 0; i < rule->reference_count; i++)
    cJSON_AddItemToArray(references, cJSON_CreateString(rule->references[i]));
  cJSON_AddItemToObject(object, "references", references);
  return object;
}

void sl_rule_doc_list_json(const SlRuleSet *set, SlStrbuf *out) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "schema_version", SL_REPORT_SCHEMA_VERSION);
  cJSON *rules = cJSON_CreateArray();
  for (size_t i = 0; i < sl_rule_set_count(set); i++)
    cJSON_AddItemToArray(rules, sl_rule_doc__rule_json(sl_rule_set_get(set, i)));
  cJSON_AddItemToObject(root, "rules", rules);
  char *text = cJSON_Print(root);
  if (!text) sl_alloc_fail(0); /* cJSON could not allocate */
  sl_strbuf_puts(out, text);
  sl_strbuf_puts(out, "\n");
  cJSON_free(text);
  cJSON_Delete(root);
}

static void sl_rule_doc__code_block(SlStrbuf *out, const SlRule *rule, const char *code) {
  sl_strbuf_printf(out, "```%s\n%s", rule->language == SL_LANGUAGE_PYTHON ? "python" : "yaml",
                   code);
  if (code[0] && code[strlen(code) - 1] != '\n') sl_strbuf_puts(out, "\n");
  sl_strbuf_puts(out, "```\n\n");
}

static void sl_rule_doc__scope_text(SlStrbuf *out, SlRoleSet scope) {
  const char *separator = "";
  for (int role = 0; role < SL_ROLE_COUNT; role++) {
    if (!(scope & SL_ROLE_BIT(role))) continue;
    sl_strbuf_printf(out, "%s%s", separator, sl_role_name(role));
    separator = ", ";
  }
}

void sl_rule_doc_explain(const SlRule *rule, SlStrbuf *out) {
  sl_strbuf_printf(out, "## %s %s: %s\n\n", rule->id, rule->name, rule->title);
  sl_strbuf_printf(out, "Family: %s. Severity: %s. Confidence: %s. Language: %s. Applies to: ",
                   sl_family_name(rule->family), sl_severity_name(rule->severity),
                   sl_confidence_name(rule->confidence),
                   rule->language == SL_LANGUAGE_PYTHON ? "python" : "yaml");
  sl_rule_doc__scope_text(out, rule->scope);
  sl_strbuf_puts(out, " files.");
  if (rule->opt_in)
    sl_strbuf_printf(out, " Opt-in: runs only with `--select %s` (a policy more than a defect).",
                     rule->id);
  sl_strbuf_printf(out, "\n\n### What it does\n\n%s\n\n### Why is this bad?\n\n%s\n\n", rule->what,
                   rule->why);
  sl_strbuf_puts(out, "### Example\n\n");
  sl_rule_doc__code_block(out, rule, rule->example);
  sl_strbuf_puts(out, "Use instead:\n\n");
  sl_rule_doc__code_block(out, rule, rule->use_instead);
  sl_strbuf_printf(out, "### Fix\n\n%s\n\n", rule->fix);
  if (!rule->reference_count) return;
  sl_strbuf_puts(out, "### References\n\n");
  for (size_t i = 0; i < rule->reference_count; i++)
    sl_strbuf_printf(out, "- %s\n", rule->references[i]);
  sl_strbuf_puts(out, "\n");
}

void sl_rule_doc_list_markdown(const SlRuleSet *set, SlStrbuf *out) {
  sl_strbuf_puts(out, "# servelint rules\n\n");
  sl_strbuf_puts(
      out, "<!-- Generated by `servelint --list-rules --format markdown`; do not edit. -->\n\n");
  sl_strbuf_puts(
      out, "| ID | Name | Family | Severity | Confidence | Title |\n|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < sl_rule_set_count(set); i++) {
    const SlRule *rule = sl_rule_set_get(set, i);
    sl_strbuf_printf(out, "| [%s](#%s) | %s | %s | %s | %s | ", rule->id, rule->id, rule->name,
                     sl_family_name(rule->family), sl_severity_name(rule->severity),
                     sl_confidence_name(rule->confidence));
    sl_report_markdown_cell(rule->title, out);
    sl_strbuf_puts(out, rule->opt_in ? " (opt-in) |\n" : " |\n");
  }
  sl_strbuf_puts(out, "\n");
  for (size_t i = 0; i < sl_rule_set_count(set); i++) {
    const SlRule *rule = sl_rule_set_get(set, i);
    sl_strbuf_printf(out, "<a id=\"%s\"></a>\n\n", rule->id);
    sl_rule_doc_explain(rule, out);
  }
}
