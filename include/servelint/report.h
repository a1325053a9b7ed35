/*
 * report: the writers. Every writer takes the same SlReport, whose findings are
 * already sorted (sl_findings_finalize), so formats never disagree. A writer appends
 * its whole output to a string buffer; the CLI writes it to a temporary file and
 * renames it into place.
 */
#ifndef SERVELINT_REPORT_H
#define SERVELINT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "servelint/facts.h"
#include "servelint/finding.h"
#include "servelint/strbuf.h"
#include "servelint/walk.h"

/* JSON output's schema version: fields are only ever added, never renamed. */
#define SL_REPORT_SCHEMA_VERSION 1

/* A file that could not be read or parsed, or another non-fatal problem. */
typedef struct {
  char *path;    /* owned; report path, may be "" */
  char *kind;    /* owned; "io", "parse", ... (sl_error_kind_name) */
  char *message; /* owned */
  uint32_t line; /* 1-based; 0 when unknown */
  uint32_t column;
} SlReportError;

typedef SlVec(SlReportError) SlReportErrorVec;

typedef struct {
  const char *tool_version;       /* borrowed */
  const SlFindingVec *findings;   /* borrowed, sorted */
  const SlReportErrorVec *errors; /* borrowed, sorted by path */
  const SlWalkSkipVec *skipped;   /* borrowed, sorted by path */
  size_t files_scanned;
  double duration_seconds;
  SlSeverity fail_on;       /* threshold, for the summary line */
  bool fail_on_none;        /* --fail-on none */
  const SlRepoFacts *facts; /* borrowed; entry points and model inventory (NULL: none) */
} SlReport;

typedef struct {
  bool color; /* ANSI colours (only on a terminal, never with NO_COLOR) */
} SlTextOptions;

/* Counts of a report's findings, shared by the writers so their summaries agree. */
typedef struct {
  size_t total;
  size_t by_severity[SL_SEVERITY_COUNT]; /* indexed by SlSeverity */
  size_t by_family[SL_FAMILY_COUNT];     /* indexed by SlFamily */
} SlReportCounts;

/* Tallies report->findings (NULL counts as empty). */
void sl_report_count(const SlReport *report, SlReportCounts *counts);
/* True when some finding is at or above report->fail_on; always false with
 * fail_on_none. The CLI's exit status 1 and the JSON summary's "failed". */
bool sl_report_failed(const SlReport *report);

/* Per finding "path:line:col: SEVERITY RULE-ID message", a code frame (the line and a
 * caret under the span), then errors and one summary line. */
void sl_report_text(const SlReport *report, const SlTextOptions *options, SlStrbuf *out);
/* {"schema_version", "tool", "summary", "entry_points", "inventory", "findings",
 * "errors", "skipped"} */
void sl_report_json(const SlReport *report, SlStrbuf *out);
/* The review: summary, entry points (what is served, and how), model inventory, then
 * findings by severity in a table Location | Issue | Risk | Fix. */
void sl_report_markdown(const SlReport *report, SlStrbuf *out);

/* Escapes a Markdown table cell: pipes, backticks, newlines, and leading/trailing
 * space; appends to `out`. */
void sl_report_markdown_cell(const char *text, SlStrbuf *out);

#endif
