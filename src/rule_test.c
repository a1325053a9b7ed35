/*
 * rule_test: running rules' own test cases through the real engine (same parser,
 * same combined query), so a passing rule test means the shipped binary behaves so.
 */
#include "servelint/rule_test.h"

#include <string.h>

#include "servelint/alloc.h"
#include "servelint/engine.h"
#include "servelint/strbuf.h"

typedef SlVec(uint32_t) SlLineVec;

typedef struct {
  const char *code;
  const char *path;
  const SlRuleTestFile *files; /* other files of the repository (may be none) */
  size_t file_count;
  const uint32_t *lines; /* expected lines; NULL with `any_line` */
  size_t line_count;
  bool any_line;     /* explanation example: at least one finding, any line */
  const char *label; /* where the case is written */
} SlCase;

static SlFileKind sl_rule_test__kind(const SlRule *rule) {
  static const SlFileKind kinds[] = {SL_FILE_PYTHON, SL_FILE_YAML, SL_FILE_DOCKERFILE,
                                     SL_FILE_SHELL};
  return kinds[rule->language];
}

/* The kind of another file of a case: as the walker would see it, else YAML. */
static SlFileKind sl_rule_test__kind_of_path(const char *path) {
  SlFileKind kind;
  return sl_walk_file_kind(path, &kind) ? kind : SL_FILE_YAML;
}

/* Scans one file of a case into the case's findings and repository facts. */
static void sl_rule_test__scan_file(const SlRuleSet *set, SlEngineWorker *worker, const char *path,
                                    const char *code, SlFileKind kind, SlFindingVec *findings,
                                    SlStringVec *code_texts, SlReportErrorVec *errors,
                                    SlRepoFacts *repo) {
  SlSource *source = sl_source_from_bytes(path, code, strlen(code));
  SlFileFacts *facts = NULL;
  sl_engine_scan_source(set, source, kind, worker, findings, code_texts, errors, NULL, &facts);
  if (facts) repo->files[repo->file_count++] = facts;
  sl_source_delete(source);
}

/* Lines of `rule`'s findings in the case's file, ascending; errors go to `problem`.
 * The case's files form one repository, so repository rules see all of them. */
static void sl_rule_test__scan(const SlRuleSet *set, const SlRule *rule, SlEngineWorker *worker,
                               const SlCase *test_case, SlLineVec *lines, SlStrbuf *problem) {
  SlFindingVec findings = {0};
  SlStringVec code_texts = {0};
  SlReportErrorVec errors = {0};
  SlRepoFacts repo = {sl_calloc(test_case->file_count + 1, sizeof(SlFileFacts *)), 0};
  /* In path order, as a scan of the repository walks them (a tie between two entry
   * points falls to the first file). Index file_count is the case's own file. */
  size_t total = test_case->file_count + 1;
  size_t *order = sl_calloc(total, sizeof *order);
  for (size_t i = 0; i < total; i++) {
    size_t at = i;
    const char *path = i < test_case->file_count ? test_case->files[i].path : test_case->path;
    for (; at > 0; at--) {
      size_t previous = order[at - 1];
      const char *other =
          previous < test_case->file_count ? test_case->files[previous].path : test_case->path;
      if (strcmp(other, path) <= 0) break;
      order[at] = previous;
    }
    order[at] = i;
  }
  for (size_t k = 0; k < total; k++) {
    size_t i = order[k];
    if (i == test_case->file_count)
      sl_rule_test__scan_file(set, worker, test_case->path, test_case->code,
                              sl_rule_test__kind(rule), &findings, &code_texts, &errors, &repo);
    else
      sl_rule_test__scan_file(set, worker, test_case->files[i].path, test_case->files[i].code,
                              sl_rule_test__kind_of_path(test_case->files[i].path), &findings,
                              &code_texts, &errors, &repo);
  }
  sl_free(order);
  sl_engine_run_repo_rules(set, &repo, &findings, &code_texts);
  sl_repo_facts_clear(&repo);
  sl_findings_finalize(&findings, (const char *const *)code_texts.items);
  for (size_t i = 0; i < findings.count; i++) {
    if (strcmp(findings.items[i].rule_id, rule->id) == 0 &&
        strcmp(findings.items[i].path, test_case->path) == 0)
      sl_vec_push(lines, findings.items[i].line);
    sl_finding_clear(&findings.items[i]);
    sl_free(code_texts.items[i]);
  }
  for (size_t i = 0; i < errors.count; i++) {
    sl_strbuf_printf(problem, "%s:%u: %s; ", errors.items[i].kind, errors.items[i].line,
                     errors.items[i].message);
    sl_report_error_clear(&errors.items[i]);
  }
  sl_vec_delete(&findings);
  sl_vec_delete(&code_texts);
  sl_vec_delete(&errors);
}

static void sl_rule_test__print_lines(SlStrbuf *out, const uint32_t *lines, size_t count) {
  sl_strbuf_puts(out, "[");
  for (size_t i = 0; i < count; i++) sl_strbuf_printf(out, "%s%u", i ? ", " : "", lines[i]);
  sl_strbuf_puts(out, "]");
}

/* Runs one case; on failure appends a line to `report` and returns false. */
static bool sl_rule_test__case(const SlRuleSet *set, const SlRule *rule, SlEngineWorker *worker,
                               const SlCase *test_case, SlStrbuf *report) {
  SlLineVec lines = {0};
  SlStrbuf problem = {0};
  sl_rule_test__scan(set, rule, worker, test_case, &lines, &problem);
  bool ok = problem.length == 0;
  if (ok && test_case->any_line)
    ok = test_case->line_count ? lines.count > 0 : lines.count == 0;
  else if (ok)
    ok = lines.count == test_case->line_count &&
         (lines.count == 0 ||
          memcmp(lines.items, test_case->lines, lines.count * sizeof(uint32_t)) == 0);
  if (!ok) {
    sl_strbuf_printf(report, "  %s: expected ", test_case->label);
    if (test_case->any_line)
      sl_strbuf_puts(report, test_case->line_count ? "a finding" : "no finding");
    else
      sl_rule_test__print_lines(report, test_case->lines, test_case->line_count);
    sl_strbuf_puts(report, ", got ");
    sl_rule_test__print_lines(report, lines.items, lines.count);
    if (problem.length) sl_strbuf_printf(report, " (%s)", sl_strbuf_cstr(&problem));
    sl_strbuf_puts(report, "\n");
  }
  sl_vec_delete(&lines);
  sl_strbuf_delete(&problem);
  return ok;
}

/* Runs every case of `rule`; returns whether all passed and both kinds exist. */
static bool sl_rule_test__rule(const SlRuleSet *set, const SlRule *rule, SlEngineWorker *worker,
                               FILE *out, size_t *case_total) {
  SlStrbuf report = {0};
  size_t passed = 0, triggering = 0, clean = 0, total = rule->test_count + 2;
  /* The name test cases default to too (rule_load.c): neutral, so that no rule ignores it. */
  const char *example_path =
      rule->example_path ? rule->example_path : sl_language_example_path(rule->language);
  static const uint32_t any = 1;
  for (size_t i = 0; i < total; i++) {
    char label[600];
    SlCase test_case;
    if (i < rule->test_count) {
      const SlRuleTest *test = &rule->tests[i];
      snprintf(label, sizeof label, "%s:%u", rule->source_path, test->rule_line);
      test_case = (SlCase){test->code,  test->path,       test->files, test->file_count,
                           test->lines, test->line_count, false,       label};
    } else {
      bool example = i == rule->test_count;
      snprintf(label, sizeof label, "%s: explanation.%s", rule->source_path,
               example ? "example" : "use-instead");
      test_case = (SlCase){example ? rule->example : rule->use_instead,
                           example_path,
                           rule->example_files,
                           rule->example_file_count,
                           &any,
                           example ? 1u : 0u,
                           true,
                           label};
    }
    passed += sl_rule_test__case(set, rule, worker, &test_case, &report);
    /* Only the rule's own cases count towards "has both kinds": the explanation's
     * example and use-instead are required, so they would always supply both. */
    if (i < rule->test_count) test_case.line_count ? triggering++ : clean++;
  }
  bool ok = passed == total && triggering > 0 && clean > 0;
  if (!triggering || !clean)
    sl_strbuf_printf(&report, "  %s: the tests need a case that triggers and one that does not\n",
                     rule->source_path);
  fprintf(out, "%s %s %s (%zu cases)\n", ok ? "PASS" : "FAIL", rule->id, rule->name, total);
  fputs(sl_strbuf_cstr(&report), out);
  sl_strbuf_delete(&report);
  *case_total += total;
  return ok;
}

int sl_rule_tests_run(const SlRuleSet *set, FILE *out) {
  SlError error;
  sl_error_clear(&error);
  SlEngineWorker *worker = sl_engine_worker_new(&error);
  if (!worker) {
    fprintf(out, "servelint: %s\n", error.message);
    return -1;
  }
  int failed = 0;
  size_t case_total = 0;
  for (size_t i = 0; i < sl_rule_set_count(set); i++)
    failed += !sl_rule_test__rule(set, sl_rule_set_get(set, i), worker, out, &case_total);
  sl_engine_worker_delete(worker);
  if (case_total == 0) {
    fprintf(out, "no rule test ran\n");
    return -1;
  }
  fprintf(out, "%zu rules, %zu cases, %d failed\n", sl_rule_set_count(set), case_total, failed);
  return failed;
}
