/* Unit tests for finding: taxonomy names, the report order, fingerprints. */
#include <ctype.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/finding.h"

static SlFinding make_finding(const char *rule_id, const char *path, uint32_t line, uint32_t column,
                              const char *message) {
  SlFinding finding = {0};
  finding.rule_id = sl_strdup(rule_id);
  finding.rule_name = sl_strdup("some-rule");
  finding.path = sl_strdup(path);
  finding.line = line;
  finding.column = column;
  finding.end_line = line;
  finding.end_column = column + 1;
  finding.message = sl_strdup(message);
  finding.risk = sl_strdup("risk");
  finding.fix = sl_strdup("fix");
  finding.snippet = sl_strdup("snippet text");
  return finding;
}

static void delete_findings(SlFindingVec *findings) {
  for (size_t index = 0; index < findings->count; index++)
    sl_finding_clear(&findings->items[index]);
  sl_vec_delete(findings);
}

/* The fingerprint of one finding alone in its list, copied (caller frees). */
static char *lone_fingerprint(const char *rule_id, const char *path, uint32_t line,
                              const char *code) {
  SlFindingVec findings = {0};
  sl_vec_push(&findings, make_finding(rule_id, path, line, 1, "message"));
  const char *codes[] = {code};
  sl_findings_finalize(&findings, codes);
  char *fingerprint = sl_strdup(findings.items[0].fingerprint);
  delete_findings(&findings);
  return fingerprint;
}

static bool is_fingerprint(const char *text) {
  if (!text || strlen(text) != 16) return false;
  for (const char *cursor = text; *cursor; cursor++)
    if (!isxdigit((unsigned char)*cursor) || isupper((unsigned char)*cursor)) return false;
  return true;
}

static void test_taxonomy(void) {
  static const char *const families[] = {
      "pinning",          "preprocessing-parity", "inference-mode",
      "batching",         "timeouts-concurrency", "validation-errors",
      "rollout-rollback", "monitoring",           "security"};
  for (int family = 0; family < SL_FAMILY_COUNT; family++) {
    SlFamily parsed = SL_FAMILY_COUNT;
    CHECK_STR(sl_family_name((SlFamily)family), families[family]);
    CHECK(sl_family_parse(families[family], &parsed) && parsed == (SlFamily)family);
  }
  static const char *const severities[] = {"info", "low", "medium", "high"};
  for (int severity = 0; severity < SL_SEVERITY_COUNT; severity++) {
    SlSeverity parsed = SL_SEVERITY_COUNT;
    CHECK_STR(sl_severity_name((SlSeverity)severity), severities[severity]);
    CHECK(sl_severity_parse(severities[severity], &parsed) && parsed == (SlSeverity)severity);
  }
  static const char *const confidences[] = {"low", "medium", "high"};
  for (int confidence = 0; confidence < SL_CONFIDENCE_COUNT; confidence++) {
    SlConfidence parsed = SL_CONFIDENCE_COUNT;
    CHECK_STR(sl_confidence_name((SlConfidence)confidence), confidences[confidence]);
    CHECK(sl_confidence_parse(confidences[confidence], &parsed) &&
          parsed == (SlConfidence)confidence);
  }
  CHECK(SL_SEVERITY_HIGH > SL_SEVERITY_MEDIUM && SL_SEVERITY_LOW > SL_SEVERITY_INFO);
}

static void test_taxonomy_rejects(void) {
  SlSeverity severity = SL_SEVERITY_LOW;
  SlConfidence confidence = SL_CONFIDENCE_LOW;
  SlFamily family = SL_FAMILY_BATCHING;
  CHECK(!sl_severity_parse("HIGH", &severity));
  CHECK(!sl_severity_parse("critical", &severity));
  CHECK(!sl_severity_parse("", &severity));
  CHECK(!sl_severity_parse(NULL, &severity));
  CHECK(severity == SL_SEVERITY_LOW); /* untouched on failure */
  CHECK(!sl_confidence_parse("info", &confidence));
  CHECK(!sl_family_parse("timeouts", &family));
  CHECK(!sl_family_parse("preprocessing_parity", &family));
  CHECK(family == SL_FAMILY_BATCHING);
  CHECK_STR(sl_severity_name(SL_SEVERITY_COUNT), "unknown");
  CHECK_STR(sl_family_name(SL_FAMILY_COUNT), "unknown");
}

static void test_compare(void) {
  SlFinding base = make_finding("SL200", "b.py", 10, 5, "m");
  SlFinding other_path = make_finding("SL100", "a.py", 99, 9, "z");
  SlFinding later_line = make_finding("SL100", "b.py", 11, 1, "a");
  SlFinding later_column = make_finding("SL100", "b.py", 10, 6, "a");
  SlFinding later_rule = make_finding("SL300", "b.py", 10, 5, "a");
  SlFinding later_message = make_finding("SL200", "b.py", 10, 5, "n");
  SlFinding same = make_finding("SL200", "b.py", 10, 5, "m");
  CHECK(sl_finding_compare(&other_path, &base) < 0);
  CHECK(sl_finding_compare(&base, &later_line) < 0);
  CHECK(sl_finding_compare(&later_line, &base) > 0);
  CHECK(sl_finding_compare(&base, &later_column) < 0);
  CHECK(sl_finding_compare(&base, &later_rule) < 0);
  CHECK(sl_finding_compare(&base, &later_message) < 0);
  CHECK(sl_finding_compare(&base, &same) == 0);
  SlFinding *all[] = {&base,       &other_path,    &later_line, &later_column,
                      &later_rule, &later_message, &same};
  for (size_t index = 0; index < sizeof all / sizeof all[0]; index++) sl_finding_clear(all[index]);
  CHECK(base.rule_id == NULL && base.snippet == NULL && base.fingerprint == NULL);
}

/* Pins the algorithm: FNV-1a("SL101\0src/serve.py\0model = load(uri)\0" "0"). */
static void test_fingerprint_value(void) {
  char *fingerprint = lone_fingerprint("SL101", "src/serve.py", 7, "model = load(uri)");
  CHECK_STR(fingerprint, "4245d5a59eea5c86");
  CHECK(is_fingerprint(fingerprint));
  sl_free(fingerprint);
}

static void test_fingerprint_stability(void) {
  char *base = lone_fingerprint("SL101", "src/serve.py", 7, "model = load(uri)");
  char *moved = lone_fingerprint("SL101", "src/serve.py", 70, "model = load(uri)");
  char *spaced = lone_fingerprint("SL101", "src/serve.py", 7, "  model  =\tload(uri)\n ");
  char *other_rule = lone_fingerprint("SL102", "src/serve.py", 7, "model = load(uri)");
  char *other_path = lone_fingerprint("SL101", "src/app.py", 7, "model = load(uri)");
  char *other_code = lone_fingerprint("SL101", "src/serve.py", 7, "model = load(url)");
  char *joined = lone_fingerprint("SL101", "src/serve.py", 7, "model=load(uri)");
  CHECK_STR(moved, base);
  CHECK_STR(spaced, base);
  CHECK(strcmp(other_rule, base) != 0);
  CHECK(strcmp(other_path, base) != 0);
  CHECK(strcmp(other_code, base) != 0);
  CHECK(strcmp(joined, base) != 0); /* whitespace is collapsed, not removed */
  char *all[] = {base, moved, spaced, other_rule, other_path, other_code, joined};
  for (size_t index = 0; index < sizeof all / sizeof all[0]; index++) sl_free(all[index]);
}

/* Two identical snippets in one file: the first in line order is occurrence 0 (and so
 * keeps a lone finding's fingerprint), whatever order the rules produced them in. */
static void test_fingerprint_occurrence(void) {
  SlFindingVec findings = {0};
  sl_vec_push(&findings, make_finding("SL101", "src/serve.py", 40, 1, "message"));
  sl_vec_push(&findings, make_finding("SL101", "src/serve.py", 7, 1, "message"));
  const char *codes[] = {"model = load(uri)", "model   = load(uri)"};
  sl_findings_finalize(&findings, codes);
  CHECK(findings.items[0].line == 7 && findings.items[1].line == 40);
  CHECK_STR(findings.items[0].fingerprint, "4245d5a59eea5c86");
  CHECK_STR(findings.items[1].fingerprint, "4245d6a59eea5e39");
  /* Inserting lines above both keeps both fingerprints. */
  findings.items[0].line += 3;
  findings.items[1].line += 3;
  char first[17], second[17];
  memcpy(first, findings.items[0].fingerprint, sizeof first);
  memcpy(second, findings.items[1].fingerprint, sizeof second);
  const char *same_codes[] = {"model = load(uri)", "model = load(uri)"};
  sl_findings_finalize(&findings, same_codes);
  CHECK_STR(findings.items[0].fingerprint, first);
  CHECK_STR(findings.items[1].fingerprint, second);
  delete_findings(&findings);
}

/* Sorting keeps code_texts aligned with their findings; NULL texts use the snippet. */
static void test_finalize_sorts(void) {
  SlFindingVec findings = {0};
  sl_vec_push(&findings, make_finding("SL101", "src/serve.py", 9, 1, "message"));
  sl_vec_push(&findings, make_finding("SL101", "src/app.py", 3, 1, "message"));
  sl_vec_push(&findings, make_finding("SL101", "src/serve.py", 2, 1, "message"));
  const char *codes[] = {"nine()", "three()", "two()"};
  sl_findings_finalize(&findings, codes);
  CHECK_STR(findings.items[0].path, "src/app.py");
  CHECK(findings.items[1].line == 2 && findings.items[2].line == 9);
  char *three = lone_fingerprint("SL101", "src/app.py", 1, "three()");
  char *two = lone_fingerprint("SL101", "src/serve.py", 1, "two()");
  char *nine = lone_fingerprint("SL101", "src/serve.py", 1, "nine()");
  CHECK_STR(findings.items[0].fingerprint, three);
  CHECK_STR(findings.items[1].fingerprint, two);
  CHECK_STR(findings.items[2].fingerprint, nine);
  sl_free(three), sl_free(two), sl_free(nine);
  sl_findings_finalize(&findings, NULL);
  char *snippet = lone_fingerprint("SL101", "src/app.py", 1, "snippet   text");
  CHECK_STR(findings.items[0].fingerprint, snippet);
  sl_free(snippet);
  delete_findings(&findings);
  sl_findings_finalize(&findings, NULL); /* empty list */
  CHECK(findings.count == 0);
}

int main(void) {
  test_taxonomy();
  test_taxonomy_rejects();
  test_compare();
  test_fingerprint_value();
  test_fingerprint_stability();
  test_fingerprint_occurrence();
  test_finalize_sorts();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
