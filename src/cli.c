/*
 * cli: the command: parse options, load rules, walk, scan, write the report, and
 * turn the outcome into the exit code. Every error is one line on stderr,
 * "servelint: <where>: <what>", and exit 2; a report is never left half-written.
 */
#include "servelint/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "servelint/alloc.h"
#include "servelint/engine.h"
#include "servelint/options.h"
#include "servelint/report.h"
#include "servelint/rule.h"
#include "servelint/rule_doc.h"
#include "servelint/rule_test.h"
#include "servelint/walk.h"

static int sl_cli__fail(const SlError *error) {
  char buffer[1200];
  fprintf(stderr, "servelint: %s\n", sl_error_format(error, buffer, sizeof buffer));
  return SL_EXIT_ERROR;
}

/* Writes `text` to `path` through a temporary file in the same directory, renamed
 * into place: an interrupted run never leaves a truncated report. */
static bool sl_cli__write_file(const char *path, const SlStrbuf *text, SlError *error) {
  size_t length = strlen(path);
  char *temporary = sl_malloc(length + 16);
  snprintf(temporary, length + 16, "%s.tmp.XXXXXX", path);
  int descriptor = mkstemp(temporary);
  FILE *file = descriptor >= 0 ? fdopen(descriptor, "wb") : NULL;
  bool ok = file && fwrite(text->data ? text->data : "", 1, text->length, file) == text->length;
  ok = file && fflush(file) == 0 && ok;
  int saved_errno = errno;
  if (file)
    ok = fclose(file) == 0 && ok;
  else if (descriptor >= 0)
    close(descriptor);
  ok = ok && rename(temporary, path) == 0;
  if (!ok) {
    sl_error_set(error, SL_ERROR_IO, path, 0, 0, "cannot write the report: %s",
                 strerror(errno ? errno : saved_errno));
    if (descriptor >= 0) unlink(temporary);
  }
  sl_free(temporary);
  return ok;
}

static bool sl_cli__write_stdout(const SlStrbuf *text, SlError *error) {
  bool ok = fwrite(text->data ? text->data : "", 1, text->length, stdout) == text->length;
  ok = fflush(stdout) == 0 && ok && !ferror(stdout);
  if (!ok)
    sl_error_set(error, SL_ERROR_IO, NULL, 0, 0, "writing to standard output failed: %s",
                 strerror(errno));
  return ok;
}

static bool sl_cli__emit(const SlOptions *options, const SlStrbuf *text, SlError *error) {
  return options->output ? sl_cli__write_file(options->output, text, error)
                         : sl_cli__write_stdout(text, error);
}

/* The rules to run (`for_scan`: opt-in rules only when selected by id or name), or to
 * list, explain and test (every loaded rule the selection names). */
static SlRuleSet *sl_cli__load_rules(const SlOptions *options, bool for_scan, SlError *error) {
  SlRuleSet *set = sl_rule_set_new();
  bool ok = !options->default_rules || sl_rule_set_add_builtin(set, error);
  for (size_t i = 0; ok && i < options->rule_dirs.count; i++)
    ok = sl_rule_set_add_directory(set, options->rule_dirs.items[i], error);
  ok = ok && sl_rule_set_filter(set, (const char *const *)options->selects.items,
                                options->selects.count, (const char *const *)options->ignores.items,
                                options->ignores.count, !for_scan, error);
  ok = ok && sl_rule_set_finalize(set, error);
  if (ok && sl_rule_set_count(set) == 0) {
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0,
                 "no rules to run (--no-default-rules without --rules, or everything ignored)");
    ok = false;
  }
  if (ok) return set;
  sl_rule_set_delete(set);
  return NULL;
}

static bool sl_cli__color(const SlOptions *options) {
  if (options->color != SL_COLOR_AUTO) return options->color == SL_COLOR_ALWAYS;
  const char *no_color = getenv("NO_COLOR");
  return !options->output && isatty(STDOUT_FILENO) && !(no_color && no_color[0]);
}

static double sl_cli__seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int sl_cli__compare_skips(const void *left, const void *right) {
  return strcmp(((const SlWalkSkip *)left)->report_path, ((const SlWalkSkip *)right)->report_path);
}

/* Walk-time and scan-time skips, merged and sorted (the walk result keeps none). */
static void sl_cli__merge_skips(SlWalkResult *walk, SlScanResult *scan) {
  for (size_t i = 0; i < scan->skipped.count; i++)
    sl_vec_push(&walk->skipped, scan->skipped.items[i]);
  scan->skipped.count = 0;
  if (walk->skipped.count > 1)
    qsort(walk->skipped.items, walk->skipped.count, sizeof *walk->skipped.items,
          sl_cli__compare_skips);
}

static void sl_cli__render(const SlOptions *options, const SlReport *report, SlStrbuf *out) {
  if (options->format == SL_FORMAT_JSON)
    sl_report_json(report, out);
  else if (options->format == SL_FORMAT_MARKDOWN)
    sl_report_markdown(report, out);
  else
    sl_report_text(report, &(SlTextOptions){.color = sl_cli__color(options)}, out);
}

static int sl_cli__scan(const SlOptions *options) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  SlError error;
  sl_error_clear(&error);
  int status = SL_EXIT_ERROR;
  SlScanResult scan = {0};
  SlWalkResult *walk = NULL;
  SlStrbuf text = {0};
  SlRuleSet *rules = sl_cli__load_rules(options, true, &error);
  if (!rules) goto out;
  static const char *const default_paths[] = {"."};
  const char *const *roots =
      options->paths.count ? (const char *const *)options->paths.items : default_paths;
  SlWalkOptions walk_options = {(const char *const *)options->excludes.items,
                                options->excludes.count, options->default_excludes,
                                options->max_file_bytes};
  walk = sl_walk_run(roots, options->paths.count ? options->paths.count : 1, &walk_options, &error);
  if (!walk ||
      !sl_engine_scan(rules, &walk->files, options->jobs, options->max_file_bytes, &scan, &error))
    goto out;
  sl_cli__merge_skips(walk, &scan);
  SlReport report = {SL_VERSION,       &scan.findings,        &scan.errors,
                     &walk->skipped,   scan.files_scanned,    sl_cli__seconds_since(&start),
                     options->fail_on, options->fail_on_none, &scan.facts};
  sl_cli__render(options, &report, &text);
  if (sl_cli__emit(options, &text, &error))
    status = sl_report_failed(&report) ? SL_EXIT_FINDINGS : SL_EXIT_OK;
out:
  if (error.kind != SL_ERROR_NONE) sl_cli__fail(&error);
  sl_strbuf_delete(&text);
  sl_scan_result_clear(&scan);
  sl_walk_result_delete(walk);
  sl_rule_set_delete(rules);
  return status;
}

static int sl_cli__list_rules(const SlOptions *options) {
  SlError error;
  sl_error_clear(&error);
  SlRuleSet *rules = sl_cli__load_rules(options, false, &error);
  if (!rules) return sl_cli__fail(&error);
  SlStrbuf text = {0};
  if (options->format == SL_FORMAT_JSON)
    sl_rule_doc_list_json(rules, &text);
  else if (options->format == SL_FORMAT_MARKDOWN)
    sl_rule_doc_list_markdown(rules, &text);
  else
    sl_rule_doc_list_text(rules, &text);
  bool ok = sl_cli__emit(options, &text, &error);
  sl_strbuf_delete(&text);
  sl_rule_set_delete(rules);
  return ok ? SL_EXIT_OK : sl_cli__fail(&error);
}

static int sl_cli__explain(const SlOptions *options) {
  SlError error;
  sl_error_clear(&error);
  SlRuleSet *rules = sl_cli__load_rules(options, false, &error);
  if (!rules) return sl_cli__fail(&error);
  const SlRule *rule = sl_rule_set_find(rules, options->explain);
  SlStrbuf text = {0};
  bool ok = rule != NULL;
  if (!rule)
    sl_error_set(&error, SL_ERROR_USAGE, NULL, 0, 0,
                 "--explain %s: no rule has this id or name (see --list-rules)", options->explain);
  else
    sl_rule_doc_explain(rule, &text);
  ok = ok && sl_cli__emit(options, &text, &error);
  sl_strbuf_delete(&text);
  sl_rule_set_delete(rules);
  return ok ? SL_EXIT_OK : sl_cli__fail(&error);
}

/* test-rules [DIR...]: the named directories' rules (none: the built-in ones). */
static int sl_cli__test_rules(SlOptions *options) {
  for (size_t i = 0; i < options->paths.count; i++)
    sl_vec_push(&options->rule_dirs, options->paths.items[i]);
  if (options->paths.count) options->default_rules = false;
  SlError error;
  sl_error_clear(&error);
  SlRuleSet *rules = sl_cli__load_rules(options, false, &error);
  if (!rules) return sl_cli__fail(&error);
  int failed = sl_rule_tests_run(rules, stdout);
  sl_rule_set_delete(rules);
  if (fflush(stdout) != 0) return SL_EXIT_ERROR;
  return failed == 0 ? SL_EXIT_OK : failed < 0 ? SL_EXIT_ERROR : SL_EXIT_FINDINGS;
}

static int sl_cli__print(const char *text) {
  fputs(text, stdout);
  return fflush(stdout) == 0 && !ferror(stdout) ? SL_EXIT_OK : SL_EXIT_ERROR;
}

int sl_cli_main(int argc, char **argv) {
  SlOptions options;
  SlError error;
  sl_error_clear(&error);
  int status;
  if (!sl_options_parse(argc, argv, &options, &error)) {
    status = sl_cli__fail(&error);
    fputs("Try 'servelint --help' for more information.\n", stderr);
  } else if (options.command == SL_COMMAND_HELP) {
    SlStrbuf help = {0};
    sl_options_help(&help);
    status = sl_cli__print(sl_strbuf_cstr(&help));
    sl_strbuf_delete(&help);
  } else if (options.command == SL_COMMAND_VERSION) {
    status = sl_cli__print("servelint " SL_VERSION "\n");
  } else if (options.command == SL_COMMAND_LIST_RULES) {
    status = sl_cli__list_rules(&options);
  } else if (options.command == SL_COMMAND_EXPLAIN) {
    status = sl_cli__explain(&options);
  } else if (options.command == SL_COMMAND_TEST_RULES) {
    status = sl_cli__test_rules(&options);
  } else {
    status = sl_cli__scan(&options);
  }
  sl_options_clear(&options);
  return status;
}
