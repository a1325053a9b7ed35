/* Unit tests for the text, JSON and Markdown report writers. */
#include <cJSON.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/report.h"

typedef struct {
  SlFindingVec findings;
  SlReportErrorVec errors;
  SlWalkSkipVec skipped;
  SlReport report;
} Fixture;

static void add_finding(Fixture *fixture, const char *rule_id, const char *path, uint32_t line,
                        uint32_t column, uint32_t end_line, uint32_t end_column,
                        SlSeverity severity, const char *message, const char *snippet) {
  SlFinding finding = {0};
  finding.rule_id = sl_strdup(rule_id);
  finding.rule_name = sl_strdup("unpinned-model-uri");
  finding.family = SL_FAMILY_PINNING;
  finding.severity = severity;
  finding.confidence = SL_CONFIDENCE_HIGH;
  finding.path = sl_strdup(path);
  finding.line = line;
  finding.column = column;
  finding.end_line = end_line;
  finding.end_column = end_column;
  finding.message = sl_strdup(message);
  finding.risk = sl_strdup("The served model changes under you.");
  finding.fix = sl_strdup("Pin a version.");
  finding.snippet = sl_strdup(snippet);
  sl_vec_push(&fixture->findings, finding);
}

static void add_error(Fixture *fixture, const char *path, const char *kind, uint32_t line,
                      uint32_t column, const char *message) {
  SlReportError error = {sl_strdup(path), sl_strdup(kind), sl_strdup(message), line, column};
  sl_vec_push(&fixture->errors, error);
}

static void add_skip(Fixture *fixture, const char *path, const char *reason) {
  SlWalkSkip skip = {sl_strdup(path), sl_strdup(reason)};
  sl_vec_push(&fixture->skipped, skip);
}

static void fixture_init(Fixture *fixture, size_t files_scanned) {
  memset(fixture, 0, sizeof *fixture);
  fixture->report = (SlReport){.tool_version = "0.1.0",
                               .findings = &fixture->findings,
                               .errors = &fixture->errors,
                               .skipped = &fixture->skipped,
                               .files_scanned = files_scanned,
                               .duration_seconds = 1.23456,
                               .fail_on = SL_SEVERITY_HIGH};
}

/* Three findings (one with a tab, one spanning lines, one with an empty snippet), two
 * errors, one skipped file. The findings are deliberately given out of order. */
static void fixture_full(Fixture *fixture) {
  fixture_init(fixture, 7);
  add_finding(fixture, "SL500", "zz.py", 3, 5, 3, 6, SL_SEVERITY_LOW, "Low thing", "");
  add_finding(fixture, "SL301", "src/serve.py", 120, 2, 125, 1, SL_SEVERITY_MEDIUM, "No batching",
              "\tdef predict(x):");
  add_finding(fixture, "SL101", "src/serve.py", 9, 13, 9, 37, SL_SEVERITY_HIGH,
              "Model URI is not pinned", "    model = mlflow.pyfunc.load_model(uri)");
  const char *codes[] = {"", "def predict(x):", "mlflow.pyfunc.load_model"};
  sl_findings_finalize(&fixture->findings, codes);
  add_error(fixture, "src/bad.py", "parse", 4, 2, "unexpected indent");
  add_error(fixture, "src/io.py", "io", 0, 0, "permission denied");
  add_skip(fixture, "data/blob.py", "binary");
}

static void fixture_delete(Fixture *fixture) {
  for (size_t index = 0; index < fixture->findings.count; index++)
    sl_finding_clear(&fixture->findings.items[index]);
  for (size_t index = 0; index < fixture->errors.count; index++) {
    sl_free(fixture->errors.items[index].path);
    sl_free(fixture->errors.items[index].kind);
    sl_free(fixture->errors.items[index].message);
  }
  for (size_t index = 0; index < fixture->skipped.count; index++) {
    sl_free(fixture->skipped.items[index].report_path);
    sl_free(fixture->skipped.items[index].reason);
  }
  sl_vec_delete(&fixture->findings);
  sl_vec_delete(&fixture->errors);
  sl_vec_delete(&fixture->skipped);
}

static char *render_text(const SlReport *report, bool color) {
  SlStrbuf out = {0};
  SlTextOptions options = {color};
  sl_report_text(report, &options, &out);
  return sl_strbuf_take(&out);
}

static void test_text_exact(void) {
  Fixture fixture;
  fixture_full(&fixture);
  char *text = render_text(&fixture.report, false);
  CHECK_STR(text,
            "src/serve.py:9:13: HIGH SL101 Model URI is not pinned\n"
            "    |\n"
            "  9 |     model = mlflow.pyfunc.load_model(uri)\n"
            "    |             ^^^^^^^^^^^^^^^^^^^^^^^^\n"
            "\n"
            "src/serve.py:120:2: MEDIUM SL301 No batching\n"
            "    |\n"
            "120 | \tdef predict(x):\n"
            "    | \t^^^^^^^^^^^^^^^\n"
            "\n"
            "zz.py:3:5: LOW SL500 Low thing\n"
            "    |\n"
            "  3 |\n"
            "    |     ^\n"
            "\n"
            "src/bad.py:4:2: error[parse]: unexpected indent\n"
            "src/io.py: error[io]: permission denied\n"
            "\n"
            "Found 3 findings (1 high, 1 medium, 1 low, 0 info) in 7 files scanned; 2 errors; "
            "1 file skipped.\n");
  CHECK(strchr(text, '\x1b') == NULL);
  sl_free(text);
  fixture_delete(&fixture);
}

/* A one-digit gutter, a UTF-8 character before the span, and escape bytes in user data. */
static void test_text_frame_details(void) {
  Fixture fixture;
  fixture_init(&fixture, 1);
  add_finding(&fixture, "SL101", "a.py", 4, 12, 4, 15, SL_SEVERITY_INFO, "evil \x1b[2J message",
              "x = \"\xc3\xa9\" + f(y)");
  sl_findings_finalize(&fixture.findings, NULL);
  char *text = render_text(&fixture.report, false);
  CHECK_STR(text,
            "a.py:4:12: INFO SL101 evil ?[2J message\n"
            "  |\n"
            "4 | x = \"\xc3\xa9\" + f(y)\n"
            "  |           ^^^\n"
            "\n"
            "Found 1 finding (0 high, 0 medium, 0 low, 1 info) in 1 file scanned.\n");
  CHECK(strchr(text, '\x1b') == NULL);
  sl_free(text);
  fixture_delete(&fixture);
}

static void test_text_color(void) {
  Fixture fixture;
  fixture_full(&fixture);
  char *text = render_text(&fixture.report, true);
  CHECK(strstr(text,
               "\x1b[1msrc/serve.py:9:13\x1b[0m: \x1b[1;31mHIGH\x1b[0m \x1b[1mSL101\x1b[0m "
               "Model URI is not pinned\n") != NULL);
  CHECK(strstr(text, "\x1b[33mMEDIUM\x1b[0m") != NULL);
  CHECK(strstr(text, "\x1b[36mLOW\x1b[0m") != NULL);
  CHECK(strstr(text, "    | \t\x1b[33m^^^^^^^^^^^^^^^\x1b[0m\n") != NULL);
  sl_free(text);
  fixture_delete(&fixture);
}

static void test_text_summaries(void) {
  Fixture fixture;
  fixture_init(&fixture, 7);
  char *text = render_text(&fixture.report, false);
  CHECK_STR(text, "No findings in 7 files scanned.\n");
  sl_free(text);
  add_error(&fixture, "", "internal", 0, 0, "oops");
  add_skip(&fixture, "a.py", "fifo");
  add_skip(&fixture, "b.py", "fifo");
  fixture.report.files_scanned = 1;
  text = render_text(&fixture.report, false);
  CHECK_STR(text,
            "error[internal]: oops\n\nNo findings in 1 file scanned; 1 error; 2 files skipped.\n");
  sl_free(text);
  fixture_delete(&fixture);
}

static void test_failed(void) {
  Fixture fixture;
  fixture_full(&fixture);
  CHECK(sl_report_failed(&fixture.report));
  fixture.report.fail_on_none = true;
  CHECK(!sl_report_failed(&fixture.report));
  fixture.report.fail_on_none = false;
  fixture.findings.items[0].severity = SL_SEVERITY_MEDIUM; /* the only high one */
  CHECK(!sl_report_failed(&fixture.report));
  fixture.report.fail_on = SL_SEVERITY_MEDIUM;
  CHECK(sl_report_failed(&fixture.report));
  SlReportCounts counts;
  sl_report_count(&fixture.report, &counts);
  CHECK(counts.total == 3 && counts.by_severity[SL_SEVERITY_MEDIUM] == 2);
  CHECK(counts.by_family[SL_FAMILY_PINNING] == 3);
  fixture_delete(&fixture);
}

/* Checks that `object`'s keys are exactly `keys`, in order. */
static void check_keys(const cJSON *object, const char *const *keys, size_t key_count) {
  size_t index = 0;
  for (const cJSON *child = object ? object->child : NULL; child; child = child->next, index++)
    CHECK(index < key_count && strcmp(child->string, keys[index]) == 0);
  CHECK(index == key_count);
}

static void check_json_string(const cJSON *object, const char *key, const char *expected) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  CHECK(cJSON_IsString(item));
  CHECK_STR(cJSON_IsString(item) ? item->valuestring : NULL, expected);
}

static void check_json_number(const cJSON *object, const char *key, double expected) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  CHECK(cJSON_IsNumber(item) && item->valuedouble == expected);
}

static void check_json_top(const cJSON *root) {
  static const char *const keys[] = {"schema_version", "tool",     "summary", "entry_points",
                                     "inventory",      "findings", "errors",  "skipped"};
  check_keys(root, keys, 8);
  check_json_number(root, "schema_version", 1);
  const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
  static const char *const tool_keys[] = {"name", "version"};
  check_keys(tool, tool_keys, 2);
  check_json_string(tool, "name", "servelint");
  check_json_string(tool, "version", "0.1.0");
}

static void check_json_summary(const cJSON *root) {
  const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
  static const char *const keys[] = {"files_scanned", "files_skipped",    "findings",
                                     "errors",        "duration_seconds", "fail_on",
                                     "failed",        "by_severity",      "by_family"};
  check_keys(summary, keys, 9);
  check_json_number(summary, "files_scanned", 7);
  check_json_number(summary, "files_skipped", 1);
  check_json_number(summary, "findings", 3);
  check_json_number(summary, "errors", 2);
  check_json_number(summary, "duration_seconds", 1.235);
  check_json_string(summary, "fail_on", "high");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(summary, "failed")));
  const cJSON *by_severity = cJSON_GetObjectItemCaseSensitive(summary, "by_severity");
  static const char *const severities[] = {"high", "medium", "low", "info"};
  check_keys(by_severity, severities, 4);
  check_json_number(by_severity, "high", 1);
  check_json_number(by_severity, "info", 0);
  const cJSON *by_family = cJSON_GetObjectItemCaseSensitive(summary, "by_family");
  static const char *const families[] = {
      "pinning",          "preprocessing-parity", "inference-mode",
      "batching",         "timeouts-concurrency", "validation-errors",
      "rollout-rollback", "monitoring",           "security"};
  check_keys(by_family, families, 9);
  check_json_number(by_family, "pinning", 3);
  check_json_number(by_family, "security", 0);
}

static void check_json_finding(const cJSON *root, const SlFinding *expected) {
  const cJSON *finding = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "findings"), 0);
  static const char *const keys[] = {"rule_id", "rule_name", "family", "severity", "confidence",
                                     "path",    "line",      "column", "end_line", "end_column",
                                     "message", "risk",      "fix",    "snippet",  "fingerprint"};
  check_keys(finding, keys, 15);
  check_json_string(finding, "rule_id", "SL101");
  check_json_string(finding, "rule_name", "unpinned-model-uri");
  check_json_string(finding, "family", "pinning");
  check_json_string(finding, "severity", "high");
  check_json_string(finding, "confidence", "high");
  check_json_string(finding, "path", "src/serve.py");
  check_json_number(finding, "line", 9);
  check_json_number(finding, "column", 13);
  check_json_number(finding, "end_line", 9);
  check_json_number(finding, "end_column", 37);
  check_json_string(finding, "message", "Model URI is not pinned");
  check_json_string(finding, "risk", "The served model changes under you.");
  check_json_string(finding, "fix", "Pin a version.");
  check_json_string(finding, "snippet", "    model = mlflow.pyfunc.load_model(uri)");
  check_json_string(finding, "fingerprint", expected->fingerprint);
}

static void check_json_lists(const cJSON *root) {
  const cJSON *findings = cJSON_GetObjectItemCaseSensitive(root, "findings");
  CHECK(cJSON_GetArraySize(findings) == 3);
  check_json_string(cJSON_GetArrayItem(findings, 2), "path", "zz.py");
  const cJSON *errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
  CHECK(cJSON_GetArraySize(errors) == 2);
  static const char *const error_keys[] = {"path", "kind", "line", "column", "message"};
  check_keys(cJSON_GetArrayItem(errors, 0), error_keys, 5);
  check_json_string(cJSON_GetArrayItem(errors, 0), "kind", "parse");
  check_json_number(cJSON_GetArrayItem(errors, 0), "line", 4);
  check_json_number(cJSON_GetArrayItem(errors, 1), "column", 0);
  check_json_string(cJSON_GetArrayItem(errors, 1), "message", "permission denied");
  const cJSON *skipped = cJSON_GetObjectItemCaseSensitive(root, "skipped");
  static const char *const skip_keys[] = {"path", "reason"};
  CHECK(cJSON_GetArraySize(skipped) == 1);
  check_keys(cJSON_GetArrayItem(skipped, 0), skip_keys, 2);
  check_json_string(cJSON_GetArrayItem(skipped, 0), "path", "data/blob.py");
  check_json_string(cJSON_GetArrayItem(skipped, 0), "reason", "binary");
}

static void test_json(void) {
  Fixture fixture;
  fixture_full(&fixture);
  SlStrbuf out = {0};
  sl_report_json(&fixture.report, &out);
  const char *text = sl_strbuf_cstr(&out);
  CHECK(out.length > 0 && text[out.length - 1] == '\n' && text[out.length - 2] == '}');
  CHECK(strstr(text, "\"line\":\t9,") != NULL); /* integral numbers print as integers */
  cJSON *root = cJSON_Parse(text);
  CHECK(root != NULL);
  check_json_top(root);
  check_json_summary(root);
  check_json_finding(root, &fixture.findings.items[0]);
  check_json_lists(root);
  cJSON_Delete(root);
  sl_strbuf_delete(&out);
  fixture_delete(&fixture);
}

/* fail_on_none, an empty report, and invalid UTF-8 made valid. */
static void test_json_edges(void) {
  Fixture fixture;
  fixture_init(&fixture, 0);
  fixture.report.fail_on_none = true;
  fixture.report.duration_seconds = -1;
  add_finding(&fixture, "SL101", "a.py", 1, 1, 1, 2, SL_SEVERITY_HIGH, "bad \xff byte",
              "\xc3(\xed\xa0\x80");
  sl_findings_finalize(&fixture.findings, NULL);
  SlStrbuf out = {0};
  sl_report_json(&fixture.report, &out);
  cJSON *root = cJSON_Parse(sl_strbuf_cstr(&out));
  const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
  check_json_string(summary, "fail_on", "none");
  CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(summary, "failed")));
  check_json_number(summary, "duration_seconds", 0);
  const cJSON *finding = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "findings"), 0);
  check_json_string(finding, "message", "bad \xef\xbf\xbd byte");
  check_json_string(finding, "snippet", "\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "errors")) == 0);
  cJSON_Delete(root);
  sl_strbuf_delete(&out);
  fixture_delete(&fixture);
}

static char *render_cell(const char *text) {
  SlStrbuf out = {0};
  sl_report_markdown_cell(text, &out);
  return sl_strbuf_take(&out);
}

static void test_markdown_cell(void) {
  const char *cases[][2] = {
      {"  a | b `c`\nd\r\ne  ", "a \\| b \\`c\\`<br>d<br>e"},
      {"<br> & \\", "&lt;br&gt; &amp; \\\\"},
      {"\n\t ", ""},
      {"plain", "plain"},
  };
  for (size_t index = 0; index < sizeof cases / sizeof cases[0]; index++) {
    char *cell = render_cell(cases[index][0]);
    CHECK_STR(cell, cases[index][1]);
    sl_free(cell);
  }
  char *cell = render_cell(NULL);
  CHECK_STR(cell, "");
  sl_free(cell);
}

static char *render_markdown(const SlReport *report) {
  SlStrbuf out = {0};
  sl_report_markdown(report, &out);
  return sl_strbuf_take(&out);
}

static void test_markdown_report(void) {
  Fixture fixture;
  fixture_full(&fixture);
  sl_free(fixture.findings.items[0].message);
  fixture.findings.items[0].message = sl_strdup("URI | `latest`\nnot pinned");
  sl_free(fixture.findings.items[2].path);
  fixture.findings.items[2].path = sl_strdup("odd`na|me.py");
  char *text = render_markdown(&fixture.report);
  CHECK(strncmp(text,
                "# servelint audit\n\nservelint 0.1.0 scanned 7 files and found **3 "
                "findings**: 1 high, 1 medium, 1 low, 0 info. 2 errors, 1 file skipped. "
                "Threshold `--fail-on high`: **failed**.\n\n## Summary\n",
                strlen("# servelint audit\n\nservelint 0.1.0 scanned 7 files and found **3 "
                       "findings**: 1 high, 1 medium, 1 low, 0 info. 2 errors, 1 file skipped. "
                       "Threshold `--fail-on high`: **failed**.\n\n## Summary\n")) == 0);
  CHECK(strstr(text, "| High | 1 |\n| Medium | 1 |\n| Low | 1 |\n| Info | 0 |\n") != NULL);
  CHECK(strstr(text, "| pinning | 3 |\n") != NULL && strstr(text, "| security |") == NULL);
  CHECK(strstr(text,
               "### High (1)\n\n| Location | Issue | Risk | Fix |\n|---|---|---|---|\n"
               "| `src/serve.py:9` | **SL101** unpinned-model-uri: URI \\| \\`latest\\`<br>"
               "not pinned | The served model changes under you. | Pin a version. |\n") != NULL);
  CHECK(strstr(text, "### Medium (1)\n") != NULL && strstr(text, "### Low (1)\n") != NULL);
  CHECK(strstr(text, "### Info") == NULL);
  CHECK(strstr(text, "| `` odd`na\\|me.py:3 `` | **SL500**") != NULL);
  CHECK(strstr(text,
               "## Errors\n\n| Location | Kind | Message |\n|---|---|---|\n"
               "| `src/bad.py:4:2` | parse | unexpected indent |\n"
               "| `src/io.py` | io | permission denied |\n") != NULL);
  CHECK(strstr(text,
               "## Skipped files\n\n| Path | Reason |\n|---|---|\n"
               "| `data/blob.py` | binary |\n") != NULL);
  size_t length = strlen(text);
  CHECK(length > 2 && text[length - 1] == '\n' && text[length - 2] != '\n');
  sl_free(text);
  fixture_delete(&fixture);
}

static void test_markdown_empty(void) {
  Fixture fixture;
  fixture_init(&fixture, 2);
  char *text = render_markdown(&fixture.report);
  CHECK_STR(text,
            "# servelint audit\n\n"
            "servelint 0.1.0 scanned 2 files and found no findings. 0 errors, 0 files skipped. "
            "Threshold `--fail-on high`: **passed**.\n\n"
            "## Summary\n\n"
            "| Severity | Findings |\n|---|---:|\n"
            "| High | 0 |\n| Medium | 0 |\n| Low | 0 |\n| Info | 0 |\n| **Total** | **0** |\n\n"
            "## Entry points\n\nNo serving entry point found.\n\n"
            "## Model inventory\n\nNo model load site found.\n\n"
            "## Findings\n\n"
            "No findings.\n");
  sl_free(text);
  fixture_delete(&fixture);
}

int main(void) {
  test_text_exact();
  test_text_frame_details();
  test_text_color();
  test_text_summaries();
  test_failed();
  test_json();
  test_json_edges();
  test_markdown_cell();
  test_markdown_report();
  test_markdown_empty();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
