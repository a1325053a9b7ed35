/*
 * report_text: the terminal format. Per finding a header line and a code frame:
 *
 *   serve.py:12:5: HIGH SL101 message
 *      |
 *   12 |     model = load(uri)
 *      |             ^^^^^^^^^
 *
 * then one line per error and one summary line. The gutter is as wide as the largest
 * line number in the report, so every frame lines up. Bytes below 0x20 (except tab)
 * and DEL in user data print as '?': a scanned file must not be able to send escape
 * sequences to the terminal, and without colour the output holds no escape byte.
 *
 * Also home of sl_report_count and sl_report_failed, which every writer shares.
 */
#include <stdio.h>
#include <string.h>

#include "servelint/report.h"

void sl_report_count(const SlReport *report, SlReportCounts *counts) {
  memset(counts, 0, sizeof *counts);
  const SlFindingVec *findings = report->findings;
  for (size_t index = 0; findings && index < findings->count; index++) {
    const SlFinding *finding = &findings->items[index];
    counts->total++;
    if ((unsigned)finding->severity < SL_SEVERITY_COUNT) counts->by_severity[finding->severity]++;
    if ((unsigned)finding->family < SL_FAMILY_COUNT) counts->by_family[finding->family]++;
  }
}

bool sl_report_failed(const SlReport *report) {
  if (report->fail_on_none || !report->findings) return false;
  for (size_t index = 0; index < report->findings->count; index++)
    if (report->findings->items[index].severity >= report->fail_on) return true;
  return false;
}

#define SL_TEXT_RESET "\x1b[0m"
#define SL_TEXT_BOLD "\x1b[1m"
#define SL_TEXT_ERROR "\x1b[1;31m"

/* Indexed by SlSeverity: info blue, low cyan, medium yellow, high bold red. */
static const char *const sl_report_text__severity_colors[SL_SEVERITY_COUNT] = {
    "\x1b[34m", "\x1b[36m", "\x1b[33m", "\x1b[1;31m"};
static const char *const sl_report_text__severity_words[SL_SEVERITY_COUNT] = {"INFO", "LOW",
                                                                              "MEDIUM", "HIGH"};

/* What every line of the report needs. */
typedef struct {
  int width;      /* digits of the largest line number in the report: the gutter */
  bool use_color; /* false: not one escape byte is written */
  SlStrbuf *out;
} SlTextWriter;

/* Opens a style when colour is on; every open is paired with sl_report_text__close. */
static void sl_report_text__open(const SlTextWriter *writer, const char *style) {
  if (writer->use_color) sl_strbuf_puts(writer->out, style);
}

static void sl_report_text__close(const SlTextWriter *writer) {
  if (writer->use_color) sl_strbuf_puts(writer->out, SL_TEXT_RESET);
}

static bool sl_report_text__is_control(unsigned char byte) {
  return (byte < 0x20 && byte != '\t') || byte == 0x7f;
}

/* UTF-8 continuation bytes take no column of their own on the terminal. */
static bool sl_report_text__is_continuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

/* Appends user data with control bytes shown as '?' (one column, like the byte's slot). */
static void sl_report_text__put_safe(SlStrbuf *out, const char *text) {
  const char *run = text ? text : "";
  while (*run) {
    size_t length = 0;
    while (run[length] && !sl_report_text__is_control((unsigned char)run[length])) length++;
    sl_strbuf_append(out, run, length);
    if (!run[length]) break;
    sl_strbuf_append(out, "?", 1);
    run += length + 1;
  }
}

static int sl_report_text__digits(uint32_t number) {
  int digits = 1;
  while (number >= 10) number /= 10, digits++;
  return digits;
}

static int sl_report_text__gutter_width(const SlFindingVec *findings) {
  uint32_t largest = 0;
  for (size_t index = 0; findings && index < findings->count; index++)
    if (findings->items[index].line > largest) largest = findings->items[index].line;
  return sl_report_text__digits(largest);
}

static const char *sl_report_text__severity_color(SlSeverity severity) {
  return (unsigned)severity < SL_SEVERITY_COUNT ? sl_report_text__severity_colors[severity] : "";
}

static const char *sl_report_text__severity_word(SlSeverity severity) {
  return (unsigned)severity < SL_SEVERITY_COUNT ? sl_report_text__severity_words[severity]
                                                : "UNKNOWN";
}

/* "path:line:col: SEVERITY RULE-ID message\n" */
static void sl_report_text__header(const SlTextWriter *writer, const SlFinding *finding) {
  SlStrbuf *out = writer->out;
  sl_report_text__open(writer, SL_TEXT_BOLD);
  sl_report_text__put_safe(out, finding->path);
  sl_strbuf_printf(out, ":%u:%u", (unsigned)finding->line, (unsigned)finding->column);
  sl_report_text__close(writer);
  sl_strbuf_puts(out, ": ");
  sl_report_text__open(writer, sl_report_text__severity_color(finding->severity));
  sl_strbuf_puts(out, sl_report_text__severity_word(finding->severity));
  sl_report_text__close(writer);
  sl_strbuf_puts(out, " ");
  sl_report_text__open(writer, SL_TEXT_BOLD);
  sl_report_text__put_safe(out, finding->rule_id);
  sl_report_text__close(writer);
  sl_strbuf_puts(out, " ");
  sl_report_text__put_safe(out, finding->message);
  sl_strbuf_puts(out, "\n");
}

/* Pads the caret line up to the (1-based, byte) column: a tab stays a tab so the carets
 * land under the same cell, a multi-byte UTF-8 character takes one space, and a column
 * past the end of the snippet is reached with spaces. */
static void sl_report_text__caret_padding(SlStrbuf *out, const char *snippet, size_t column) {
  size_t length = strlen(snippet);
  for (size_t index = 0; index + 1 < column; index++) {
    unsigned char byte = index < length ? (unsigned char)snippet[index] : ' ';
    if (byte == '\t')
      sl_strbuf_append(out, "\t", 1);
    else if (!sl_report_text__is_continuation(byte))
      sl_strbuf_append(out, " ", 1);
  }
}

/* Carets under the span on the start line: to end_column when the span ends on that
 * line, otherwise to the end of the snippet; one caret per character, at least one. */
static size_t sl_report_text__caret_count(const SlFinding *finding, const char *snippet,
                                          size_t column) {
  size_t length = strlen(snippet);
  size_t end = length;
  if (finding->end_line == finding->line && finding->end_column > 0) end = finding->end_column - 1;
  if (end > length) end = length;
  size_t count = 0;
  for (size_t index = column - 1; index < end; index++)
    if (!sl_report_text__is_continuation((unsigned char)snippet[index])) count++;
  return count ? count : 1;
}

static void sl_report_text__gutter(const SlTextWriter *writer) {
  sl_strbuf_printf(writer->out, "%*s |", writer->width, "");
}

/* The blank gutter line, the numbered source line, the caret line and a blank line. */
static void sl_report_text__frame(const SlTextWriter *writer, const SlFinding *finding) {
  SlStrbuf *out = writer->out;
  const char *snippet = finding->snippet ? finding->snippet : "";
  size_t column = finding->column ? finding->column : 1;
  sl_report_text__gutter(writer);
  sl_strbuf_printf(out, "\n%*u |", writer->width, (unsigned)finding->line);
  if (*snippet) sl_strbuf_puts(out, " ");
  sl_report_text__put_safe(out, snippet);
  sl_strbuf_puts(out, "\n");
  sl_report_text__gutter(writer);
  sl_strbuf_puts(out, " ");
  sl_report_text__caret_padding(out, snippet, column);
  sl_report_text__open(writer, sl_report_text__severity_color(finding->severity));
  for (size_t count = sl_report_text__caret_count(finding, snippet, column); count; count--)
    sl_strbuf_append(out, "^", 1);
  sl_report_text__close(writer);
  sl_strbuf_puts(out, "\n\n");
}

/* "path:line:col: error[kind]: message\n", dropping the parts of the location that are
 * unknown (empty path, line 0, column 0). */
static void sl_report_text__error(const SlTextWriter *writer, const SlReportError *error) {
  SlStrbuf *out = writer->out;
  if (error->path && *error->path) {
    sl_report_text__put_safe(out, error->path);
    if (error->line) sl_strbuf_printf(out, ":%u", (unsigned)error->line);
    if (error->line && error->column) sl_strbuf_printf(out, ":%u", (unsigned)error->column);
    sl_strbuf_puts(out, ": ");
  }
  sl_report_text__open(writer, SL_TEXT_ERROR);
  sl_strbuf_puts(out, "error[");
  sl_report_text__put_safe(out, error->kind);
  sl_strbuf_puts(out, "]");
  sl_report_text__close(writer);
  sl_strbuf_puts(out, ": ");
  sl_report_text__put_safe(out, error->message);
  sl_strbuf_puts(out, "\n");
}

/* "N word" or "N words". */
static void sl_report_text__counted(SlStrbuf *out, size_t count, const char *singular,
                                    const char *plural) {
  sl_strbuf_printf(out, "%zu %s", count, count == 1 ? singular : plural);
}

/* "Found 5 findings (2 high, 2 medium, 1 low, 0 info) in 7 files scanned; 1 error;
 * 2 files skipped." or "No findings in 7 files scanned." */
static void sl_report_text__summary(const SlReport *report, SlStrbuf *out) {
  SlReportCounts counts;
  sl_report_count(report, &counts);
  size_t errors = report->errors ? report->errors->count : 0;
  size_t skipped = report->skipped ? report->skipped->count : 0;
  if (counts.total) {
    sl_strbuf_puts(out, "Found ");
    sl_report_text__counted(out, counts.total, "finding", "findings");
    sl_strbuf_printf(out, " (%zu high, %zu medium, %zu low, %zu info) in ",
                     counts.by_severity[SL_SEVERITY_HIGH], counts.by_severity[SL_SEVERITY_MEDIUM],
                     counts.by_severity[SL_SEVERITY_LOW], counts.by_severity[SL_SEVERITY_INFO]);
  } else {
    sl_strbuf_puts(out, "No findings in ");
  }
  sl_report_text__counted(out, report->files_scanned, "file scanned", "files scanned");
  if (errors) {
    sl_strbuf_puts(out, "; ");
    sl_report_text__counted(out, errors, "error", "errors");
  }
  if (skipped) {
    sl_strbuf_puts(out, "; ");
    sl_report_text__counted(out, skipped, "file skipped", "files skipped");
  }
  sl_strbuf_puts(out, ".\n");
}

void sl_report_text(const SlReport *report, const SlTextOptions *options, SlStrbuf *out) {
  const SlFindingVec *findings = report->findings;
  SlTextWriter writer = {sl_report_text__gutter_width(findings), options && options->color, out};
  for (size_t index = 0; findings && index < findings->count; index++) {
    sl_report_text__header(&writer, &findings->items[index]);
    sl_report_text__frame(&writer, &findings->items[index]);
  }
  const SlReportErrorVec *errors = report->errors;
  for (size_t index = 0; errors && index < errors->count; index++)
    sl_report_text__error(&writer, &errors->items[index]);
  if (errors && errors->count) sl_strbuf_puts(out, "\n");
  sl_report_text__summary(report, out);
}
