/*
 * test_rule_errors: malformed rule files are refused with SL_ERROR_RULE at
 * file:line:col, a reason, and the set left unchanged. Each case is a valid rule
 * (PRINT_RULE or YAML_RULE below) with a few lines replaced, so a case fails only
 * for the defect it introduces; the positions asserted are 1-based and were checked
 * against the rule text by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "servelint/rule.h"

/* A valid Python rule; line N of the file is PRINT_RULE[N - 1]. */
static const char *const PRINT_RULE[] = {
    /*  1 */ "id: TST100",
    /*  2 */ "name: print-call",
    /*  3 */ "title: print() call instead of logging",
    /*  4 */ "family: monitoring",
    /*  5 */ "severity: low",
    /*  6 */ "confidence: high",
    /*  7 */ "language: python",
    /*  8 */ "message: \"`{{function}}(...)` writes to stdout\"",
    /*  9 */ "risk: Output bypasses structured logging.",
    /* 10 */ "fix: Use the logging module.",
    /* 11 */ "explanation:",
    /* 12 */ "  what: Flags calls of the builtin print.",
    /* 13 */ "  why: stdout is not a log.",
    /* 14 */ "  example: |",
    /* 15 */ "    print(\"hi\")",
    /* 16 */ "  use-instead: |",
    /* 17 */ "    logging.info(\"hi\")",
    /* 18 */ "match:",
    /* 19 */ "  query: |",
    /* 20 */ "    ((call function: (identifier) @function) @call",
    /* 21 */ "     (#eq? @function \"print\"))",
    /* 22 */ "  report: call",
    /* 23 */ "tests:",
    /* 24 */ "  - code: |",
    /* 25 */ "      x = 1",
    /* 26 */ "      print(x)",
    /* 27 */ "    lines: [2]",
    /* 28 */ "  - code: |",
    /* 29 */ "      log.info(x)",
    /* 30 */ "    lines: []",
    NULL,
};

/* A valid YAML rule. */
static const char *const YAML_RULE[] = {
    /*  1 */ "id: TST200",
    /*  2 */ "name: latest-image",
    /*  3 */ "title: image tagged latest",
    /*  4 */ "family: pinning",
    /*  5 */ "severity: high",
    /*  6 */ "confidence: high",
    /*  7 */ "language: yaml",
    /*  8 */ "message: \"image `{{value}}` is latest\"",
    /*  9 */ "risk: The image moves under you.",
    /* 10 */ "fix: Pin a version.",
    /* 11 */ "explanation:",
    /* 12 */ "  what: Flags latest images.",
    /* 13 */ "  why: latest moves.",
    /* 14 */ "  example: |",
    /* 15 */ "    image: app:latest",
    /* 16 */ "  use-instead: |",
    /* 17 */ "    image: app:1.0",
    /* 18 */ "match:",
    /* 19 */ "  path: \"**.image\"",
    /* 20 */ "  where:",
    /* 21 */ "    - matches: ':latest$'",
    /* 22 */ "tests:",
    /* 23 */ "  - code: |",
    /* 24 */ "      image: app:latest",
    /* 25 */ "    lines: [1]",
    /* 26 */ "  - code: |",
    /* 27 */ "      image: app:1.0",
    /* 28 */ "    lines: []",
    NULL,
};

#define MAX_EDITS 8

/* A line replacement: line `line` becomes `text` (which may hold '\n'), or is
 * dropped when `text` is NULL. */
typedef struct {
  int line;
  const char *text;
} Edit;

/* The rule text of `base` with `edits` applied; caller frees. */
static char *rule_text(const char *const *base, const Edit *edits, size_t edit_count) {
  size_t size = 1;
  for (size_t i = 0; base[i]; i++) size += strlen(base[i]) + 1;
  for (size_t e = 0; e < edit_count; e++)
    if (edits[e].text) size += strlen(edits[e].text) + 1;
  char *text = malloc(size);
  text[0] = '\0';
  for (size_t i = 0; base[i]; i++) {
    const char *line = base[i];
    bool dropped = false;
    for (size_t e = 0; e < edit_count; e++) {
      if (edits[e].line != (int)i + 1) continue;
      line = edits[e].text;
      dropped = line == NULL;
    }
    if (dropped) continue;
    strcat(text, line);
    strcat(text, "\n");
  }
  return text;
}

/* Adds the edited rule to a fresh set and checks it is refused as expected. A
 * `column` of 0 skips the column check; `line` is always checked. */
static void expect_error_at(const char *label, const char *const *base, const Edit *edits,
                            size_t edit_count, uint32_t line, uint32_t column,
                            const char *message_part, int source_line) {
  char *text = rule_text(base, edits, edit_count);
  SlRuleSet *set = sl_rule_set_new();
  SlError error;
  sl_error_clear(&error);
  bool added = sl_rule_set_add_text(set, "rules/bad.yaml", text, strlen(text), &error);
  int failures_before = sl_check_failures;
  CHECK(!added);
  CHECK(error.kind == SL_ERROR_RULE);
  CHECK_STR(error.path, "rules/bad.yaml");
  CHECK(error.line == line);
  if (column) CHECK(error.column == column);
  CHECK(strstr(error.message, message_part) != NULL);
  CHECK(strchr(error.message, '\n') == NULL);
  CHECK(sl_rule_set_count(set) == 0);
  if (sl_check_failures != failures_before)
    fprintf(
        stderr,
        "  ^ case '%s' (test line %d): got kind %d at %s:%u:%u: %s\n    wanted %u:%u and \"%s\"\n",
        label, source_line, (int)error.kind, error.path, error.line, error.column, error.message,
        line, column, message_part);
  sl_rule_set_delete(set);
  free(text);
}

#define EXPECT_ERROR(label, base, line, column, part, ...)                                   \
  do {                                                                                       \
    const Edit edits_[] = {__VA_ARGS__};                                                     \
    expect_error_at(label, base, edits_, sizeof edits_ / sizeof *edits_, line, column, part, \
                    __LINE__);                                                               \
  } while (0)

/* The unedited bases are valid: every failure below comes from its edit. */
static void test_bases_are_valid(void) {
  const char *const *bases[] = {PRINT_RULE, YAML_RULE};
  for (size_t b = 0; b < 2; b++) {
    char *text = rule_text(bases[b], NULL, 0);
    SlRuleSet *set = sl_rule_set_new();
    SlError error;
    sl_error_clear(&error);
    bool added = sl_rule_set_add_text(set, "rules/good.yaml", text, strlen(text), &error);
    CHECK(added);
    if (!added)
      fprintf(stderr, "  base %zu refused: %u:%u: %s\n", b, error.line, error.column,
              error.message);
    CHECK(sl_rule_set_finalize(set, &error));
    CHECK(sl_rule_set_count(set) == 1);
    sl_rule_set_delete(set);
    free(text);
  }
}

static void test_document_errors(void) {
  /* libyaml detects the unclosed flow sequence at the ':' of the next line. */
  EXPECT_ERROR("yaml syntax", PRINT_RULE, 5, 9, "did not find expected ',' or ']'",
               {4, "family: [monitoring"});
  EXPECT_ERROR("unknown top-level key", PRINT_RULE, 7, 1, "unknown key 'owner' in a rule",
               {6, "confidence: high\nowner: team-ml"});
  EXPECT_ERROR("unknown once", PRINT_RULE, 7, 7, "'once' is 'each', 'function' or 'file'",
               {6, "confidence: high\nonce: route"});
  EXPECT_ERROR("opt-in not a boolean", PRINT_RULE, 7, 9, "'opt-in' is 'false' or 'true'",
               {6, "confidence: high\nopt-in: maybe"});
  EXPECT_ERROR("unknown library-code", PRINT_RULE, 7, 15,
               "'library-code' is 'all', 'on-inference-path' or 'on-online-path'",
               {6, "confidence: high\nlibrary-code: reached"});
  EXPECT_ERROR("unknown key in match", PRINT_RULE, 23, 3, "unknown key 'captures' in match",
               {22, "  report: call\n  captures: [call]"});
  EXPECT_ERROR("unknown key in explanation", PRINT_RULE, 14, 3, "unknown key 'how' in explanation",
               {13, "  why: stdout is not a log.\n  how: use logging"});
  EXPECT_ERROR("missing risk", PRINT_RULE, 1, 1, "missing required key 'risk'", {9, NULL});
  EXPECT_ERROR("bad family", PRINT_RULE, 4, 9, "'family' must be one of", {4, "family: logging"});
  EXPECT_ERROR("bad severity", PRINT_RULE, 5, 11,
               "'severity' must be one of high, medium, low or info", {5, "severity: critical"});
  EXPECT_ERROR("bad id shape", PRINT_RULE, 1, 5, "'id' must be letters then digits",
               {1, "id: 100"});
  EXPECT_ERROR("name not kebab-case", PRINT_RULE, 2, 7, "'name' must be kebab-case",
               {2, "name: Print_Call"});
}

static void test_query_errors(void) {
  /* Line 21 `     (#eq? @function "print")) ]`: the stray ']' is column 32. */
  EXPECT_ERROR("query syntax", PRINT_RULE, 21, 32, "bad tree-sitter query: syntax error",
               {21, "     (#eq? @function \"print\")) ]"});
  /* An unclosed pattern: tree-sitter detects it at the end of the query text. The
   * location must stay on the block's last line (21), not on the next key (`report:`,
   * line 22). KNOWN FAILURE: servelint reports 22:5. */
  EXPECT_ERROR("unclosed pattern", PRINT_RULE, 21, 0, "bad tree-sitter query: syntax error",
               {21, "     (#eq? @function \"print\")"});
  /* Line 20 `    ((call function: (identifer) ...`: the node name starts at column 23. */
  EXPECT_ERROR("unknown node type", PRINT_RULE, 20, 23, "bad tree-sitter query: unknown node type",
               {20, "    ((call function: (identifer) @function) @call"});
  /* Line 21 `     (#match? @function "pr[z-a]"))`: the pattern starts at column 26 and
   * PCRE2 reports offset 5, the 'a' of the reversed range: column 31 (as for a `where`
   * regex below). KNOWN FAILURE: servelint reports 32, one past (src/query.c adds
   * PCRE2's 1-based column to a 0-based offset). */
  EXPECT_ERROR("bad #match? regex", PRINT_RULE, 21, 31, "range out of order in character class",
               {21, "     (#match? @function \"pr[z-a]\"))"});
  EXPECT_ERROR("bad #match? regex (unclosed group)", PRINT_RULE, 21, 0,
               "missing closing parenthesis", {21, "     (#match? @function \"^pr(int\"))"});
  /* The predicate on line 21 sits after its pattern closed on line 20. */
  EXPECT_ERROR("predicate outside its pattern", PRINT_RULE, 21, 5, "predicate outside its pattern",
               {20, "    ((call function: (identifier) @function) @call)"},
               {21, "    (#eq? @function \"print\")"});
  /* The predicate's name (after '#') is column 8. */
  EXPECT_ERROR("unknown predicate", PRINT_RULE, 21, 8, "unknown predicate #contains?",
               {21, "     (#contains? @function \"print\"))"});
  EXPECT_ERROR("unknown native check", PRINT_RULE, 19, 11, "unknown native check 'nope'",
               {19, "  native: nope"}, {20, NULL}, {21, NULL}, {22, NULL});
  EXPECT_ERROR("report names no capture", PRINT_RULE, 22, 11,
               "capture '@nope' is not in the rule's query", {22, "  report: nope"});
}

static void test_where_errors(void) {
  /* Line 24 `    - capture: {name: function, matches: 'pr[z-a]'}`: the regex text starts at
   * column 43 (after the quote); PCRE2 offset 5 is column 48. */
  EXPECT_ERROR(
      "bad where regex", PRINT_RULE, 24, 48, "range out of order in character class",
      {22, "  report: call\n  where:\n    - capture: {name: function, matches: 'pr[z-a]'}"});
  /* Line 24 `    - lacks-kwarg: {name: file, node: nope}`: `nope` is column 39. */
  EXPECT_ERROR("where names an unknown capture", PRINT_RULE, 24, 39,
               "capture '@nope' is not in the rule's query",
               {22, "  report: call\n  where:\n    - lacks-kwarg: {name: file, node: nope}"});
  /* same-text: {inner: outer}; the inner capture belongs to the constraint's query, the
   * outer one to the rule's. */
  EXPECT_ERROR("same-text names an unknown inner capture", PRINT_RULE, 24, 62,
               "capture '@nope' is not in this query",
               {22,
                "  report: call\n  where:\n    - inside: {query: '((for_statement) @loop)', "
                "same-text: {nope: function}}"});
  EXPECT_ERROR("same-text names an unknown outer capture", PRINT_RULE, 24, 68,
               "capture '@nope' is not in the rule's query",
               {22,
                "  report: call\n  where:\n    - inside: {query: '((for_statement) @loop)', "
                "same-text: {loop: nope}}"});
  EXPECT_ERROR("same-text is not a one-pair mapping", PRINT_RULE, 24, 61,
               "'same-text' maps one capture of this query to one capture of the rule's query",
               {22,
                "  report: call\n  where:\n    - inside: {query: '((for_statement) @loop)', "
                "same-text: [loop, function]}"});
  EXPECT_ERROR("unknown constraint", PRINT_RULE, 24, 7, "unknown Python constraint 'has-argument'",
               {22, "  report: call\n  where:\n    - has-argument: file"});
  EXPECT_ERROR("in-entry-point with an unknown pattern", PRINT_RULE, 24, 34,
               "unknown serving pattern 'offline' (online, batch, streaming)",
               {22, "  report: call\n  where:\n    - in-entry-point: {patterns: [offline]}"});
  EXPECT_ERROR("in-entry-point with async not a boolean", PRINT_RULE, 24, 31,
               "'async' is true or false",
               {22, "  report: call\n  where:\n    - in-entry-point: {async: maybe}"});
  EXPECT_ERROR("in-entry-point with calls-model not a boolean", PRINT_RULE, 24, 37,
               "'calls-model' is true or false",
               {22, "  report: call\n  where:\n    - in-entry-point: {calls-model: 1}"});
  EXPECT_ERROR("in-entry-point with both framework lists", PRINT_RULE, 24, 23,
               "give 'frameworks' or 'not-frameworks', not both",
               {22,
                "  report: call\n  where:\n    - in-entry-point: {frameworks: [grpc], "
                "not-frameworks: [seldon]}"});
  EXPECT_ERROR("in-entry-point with an unknown key", PRINT_RULE, 24, 24,
               "unknown key 'pattern' in an in-entry-point constraint",
               {22, "  report: call\n  where:\n    - in-entry-point: {pattern: online}"});
  EXPECT_ERROR("calls-model-helper with an empty value", PRINT_RULE, 24, 27,
               "calls-model-helper takes 'true' or the name of a capture",
               {22, "  report: call\n  where:\n    - calls-model-helper: ''"});
  EXPECT_ERROR("calls-model-helper naming an unknown capture", PRINT_RULE, 24, 27,
               "capture '@nope' is not in the rule's query",
               {22, "  report: call\n  where:\n    - calls-model-helper: nope"});
  EXPECT_ERROR("constraint with two keys", PRINT_RULE, 24, 7,
               "a constraint is a mapping with exactly one key",
               {22, "  report: call\n  where:\n    - lacks-kwarg: file\n      has-kwarg: end"});
}

static void test_tests_errors(void) {
  EXPECT_ERROR("missing tests", PRINT_RULE, 1, 1, "a rule needs 'tests'", {23, NULL}, {24, NULL},
               {25, NULL}, {26, NULL}, {27, NULL}, {28, NULL}, {29, NULL}, {30, NULL});
  EXPECT_ERROR("empty tests", PRINT_RULE, 23, 8, "a rule needs 'tests'", {23, "tests: []"},
               {24, NULL}, {25, NULL}, {26, NULL}, {27, NULL}, {28, NULL}, {29, NULL}, {30, NULL});
  EXPECT_ERROR("test lines not a list", PRINT_RULE, 27, 12, "a test needs 'lines'",
               {27, "    lines: 2"});
  EXPECT_ERROR("test lines not ascending", PRINT_RULE, 27, 16,
               "test lines are ascending positive integers", {27, "    lines: [2, 1]"});
  EXPECT_ERROR("unknown key in a test", PRINT_RULE, 28, 5, "unknown key 'expect' in a test",
               {27, "    lines: [2]\n    expect: 1"});
}

static void test_yaml_matcher_errors(void) {
  /* Line 19 `  path: "spec..image"`: the path text starts at column 10, the empty step
   * at offset 5 is column 15. */
  EXPECT_ERROR("bad yaml path", YAML_RULE, 19, 15, "empty step", {19, "  path: \"spec..image\""});
  EXPECT_ERROR("python constraint in a yaml rule", YAML_RULE, 21, 7,
               "unknown YAML constraint 'lacks-kwarg'", {21, "    - lacks-kwarg: timeout"});
  EXPECT_ERROR("bad yaml where regex", YAML_RULE, 21, 0, "missing closing parenthesis",
               {21, "    - matches: ':(latest$'"});
  /* Line 19 becomes two: `  documents:` and `    - format: helm`, whose value starts at
   * column 15 of line 20; the rest of the file moves down a line. */
  EXPECT_ERROR("unknown document format", YAML_RULE, 20, 15, "unknown document format",
               {19, "  documents:\n    - format: helm\n  path: \"**.image\""});
}

static void test_duplicates(void) {
  char *first = rule_text(PRINT_RULE, NULL, 0);
  const Edit same_id[] = {{2, "name: another-print-call"}};
  const Edit same_name[] = {{1, "id: TST101"}};
  char *second_id = rule_text(PRINT_RULE, same_id, 1);
  char *second_name = rule_text(PRINT_RULE, same_name, 1);
  SlRuleSet *set = sl_rule_set_new();
  SlError error;
  sl_error_clear(&error);
  CHECK(sl_rule_set_add_text(set, "rules/a/print.yaml", first, strlen(first), &error));

  sl_error_clear(&error);
  CHECK(!sl_rule_set_add_text(set, "rules/b/print.yaml", second_id, strlen(second_id), &error));
  CHECK(error.kind == SL_ERROR_RULE);
  CHECK_STR(error.path, "rules/b/print.yaml");
  CHECK(error.line == 1);
  CHECK_STR(error.message, "duplicate rule id 'TST100' (already defined in rules/a/print.yaml)");

  sl_error_clear(&error);
  CHECK(!sl_rule_set_add_text(set, "rules/c/print.yaml", second_name, strlen(second_name), &error));
  CHECK(error.kind == SL_ERROR_RULE);
  CHECK_STR(error.path, "rules/c/print.yaml");
  CHECK(error.line == 1);
  CHECK_STR(error.message,
            "duplicate rule name 'print-call' (already defined in rules/a/print.yaml)");

  /* The refused rules left the set as it was. */
  CHECK(sl_rule_set_count(set) == 1);
  CHECK(sl_rule_set_finalize(set, &error));
  CHECK(sl_rule_set_find(set, "TST101") == NULL);
  CHECK(sl_rule_set_find(set, "another-print-call") == NULL);
  const SlRule *kept = sl_rule_set_find(set, "print-call");
  CHECK(kept != NULL && strcmp(kept->source_path, "rules/a/print.yaml") == 0);
  sl_rule_set_delete(set);
  free(first);
  free(second_id);
  free(second_name);
}

int main(void) {
  test_bases_are_valid();
  test_document_errors();
  test_query_errors();
  test_where_errors();
  test_tests_errors();
  test_yaml_matcher_errors();
  test_duplicates();
  return sl_check_exit();
}
