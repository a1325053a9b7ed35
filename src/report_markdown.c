/*
 * report_markdown: the review report (GitHub-flavoured Markdown).
 *
 *   # servelint audit / summary paragraph / ## Summary (by severity, by family)
 *   ## Findings / ### High (n) ... ### Info (n): | Location | Issue | Risk | Fix |
 *   ## Errors / ## Skipped files (only when there are any)
 *
 * Every piece of user or rule data in a table cell goes through
 * sl_report_markdown_cell; locations are code spans built by
 * sl_report_markdown__code_span, which picks a backtick fence longer than any backtick
 * run in the text (CommonMark), so a path holding a backtick still renders.
 */
#include <string.h>

#include "servelint/report.h"

/* Severities from the most to the least severe, with their section titles. */
static const SlSeverity sl_report_markdown__order[SL_SEVERITY_COUNT] = {
    SL_SEVERITY_HIGH, SL_SEVERITY_MEDIUM, SL_SEVERITY_LOW, SL_SEVERITY_INFO};
static const char *const sl_report_markdown__titles[SL_SEVERITY_COUNT] = {"Info", "Low", "Medium",
                                                                          "High"};

static bool sl_report_markdown__is_space(char byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' ||
         byte == '\v';
}

/* The replacement for one byte of cell text, or NULL to copy the byte as is.
 * '\' is escaped too: an unescaped one before our own '|' could swallow it. */
static const char *sl_report_markdown__cell_escape(char byte) {
  switch (byte) {
    case '|':
      return "\\|";
    case '`':
      return "\\`";
    case '\\':
      return "\\\\";
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    default:
      return NULL;
  }
}

/* Contract: trims leading and trailing whitespace; "\r\n", "\n" and a lone "\r" each
 * become "<br>"; '|' '`' '\' are backslash-escaped; '&' '<' '>' become entities (so
 * text such as "<br>" in a message is shown, not obeyed). NULL reads as "". */
void sl_report_markdown_cell(const char *text, SlStrbuf *out) {
  const char *start = text ? text : "";
  while (sl_report_markdown__is_space(*start)) start++;
  const char *end = start + strlen(start);
  while (end > start && sl_report_markdown__is_space(end[-1])) end--;
  for (const char *cursor = start; cursor < end; cursor++) {
    const char *escape = sl_report_markdown__cell_escape(*cursor);
    if (*cursor == '\r' || *cursor == '\n') {
      if (*cursor == '\r' && cursor + 1 < end && cursor[1] == '\n') cursor++;
      sl_strbuf_puts(out, "<br>");
    } else if (escape) {
      sl_strbuf_puts(out, escape);
    } else {
      sl_strbuf_append(out, cursor, 1);
    }
  }
}

/* The longest run of backticks in `text`. */
static size_t sl_report_markdown__longest_backtick_run(const char *text) {
  size_t longest = 0, run = 0;
  for (const char *cursor = text; *cursor; cursor++) {
    run = *cursor == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/* Appends `text` as an inline code span that survives a table cell. Code spans take
 * no backslash escapes, so: the fence is one backtick longer than the longest run
 * inside, padded with a space on each side when the text holds a backtick (CommonMark
 * strips exactly one); '|' is written "\|", which GFM's table splitter removes before
 * the span is parsed; line breaks, impossible in a cell, show as spaces. */
static void sl_report_markdown__code_span(const char *text, SlStrbuf *out) {
  if (!*text) return; /* "``" would be literal backticks: an empty cell is clearer */
  size_t fence = sl_report_markdown__longest_backtick_run(text) + 1;
  const char *pad = fence > 1 ? " " : "";
  for (size_t count = 0; count < fence; count++) sl_strbuf_puts(out, "`");
  sl_strbuf_puts(out, pad);
  for (const char *cursor = text; *cursor; cursor++) {
    if (*cursor == '|')
      sl_strbuf_puts(out, "\\|");
    else if (*cursor == '\n' || *cursor == '\r')
      sl_strbuf_puts(out, " ");
    else
      sl_strbuf_append(out, cursor, 1);
  }
  sl_strbuf_puts(out, pad);
  for (size_t count = 0; count < fence; count++) sl_strbuf_puts(out, "`");
}

/* A location "path:line[:column]" as a code span; column 0 is left out. */
static void sl_report_markdown__location(const char *path, uint32_t line, uint32_t column,
                                         SlStrbuf *out) {
  SlStrbuf text = {0};
  sl_strbuf_puts(&text, path ? path : "");
  if (line) sl_strbuf_printf(&text, ":%u", (unsigned)line);
  if (line && column) sl_strbuf_printf(&text, ":%u", (unsigned)column);
  sl_report_markdown__code_span(sl_strbuf_cstr(&text), out);
  sl_strbuf_delete(&text);
}

static const char *sl_report_markdown__plural(size_t count, const char *singular,
                                              const char *plural) {
  return count == 1 ? singular : plural;
}

/* "servelint 0.1.0 scanned 7 files and found **5 findings**: 2 high, ... 0 info." plus
 * errors, skipped files and the --fail-on verdict. */
static void sl_report_markdown__paragraph(const SlReport *report, const SlReportCounts *counts,
                                          SlStrbuf *out) {
  sl_strbuf_puts(out, "servelint ");
  sl_report_markdown_cell(report->tool_version, out);
  sl_strbuf_printf(out, " scanned %zu %s", report->files_scanned,
                   sl_report_markdown__plural(report->files_scanned, "file", "files"));
  if (counts->total)
    sl_strbuf_printf(out, " and found **%zu %s**: %zu high, %zu medium, %zu low, %zu info.",
                     counts->total,
                     sl_report_markdown__plural(counts->total, "finding", "findings"),
                     counts->by_severity[SL_SEVERITY_HIGH], counts->by_severity[SL_SEVERITY_MEDIUM],
                     counts->by_severity[SL_SEVERITY_LOW], counts->by_severity[SL_SEVERITY_INFO]);
  else
    sl_strbuf_puts(out, " and found no findings.");
  size_t errors = report->errors ? report->errors->count : 0;
  size_t skipped = report->skipped ? report->skipped->count : 0;
  sl_strbuf_printf(out, " %zu %s, %zu %s skipped.", errors,
                   sl_report_markdown__plural(errors, "error", "errors"), skipped,
                   sl_report_markdown__plural(skipped, "file", "files"));
  if (report->fail_on_none)
    sl_strbuf_puts(out, " Threshold `--fail-on none`: passed.\n");
  else
    sl_strbuf_printf(out, " Threshold `--fail-on %s`: **%s**.\n", sl_severity_name(report->fail_on),
                     sl_report_failed(report) ? "failed" : "passed");
}

/* Two count tables: every severity, and the families that have findings. */
static void sl_report_markdown__summary(const SlReportCounts *counts, SlStrbuf *out) {
  sl_strbuf_puts(out, "\n## Summary\n\n| Severity | Findings |\n|---|---:|\n");
  for (int rank = 0; rank < SL_SEVERITY_COUNT; rank++) {
    SlSeverity severity = sl_report_markdown__order[rank];
    sl_strbuf_printf(out, "| %s | %zu |\n", sl_report_markdown__titles[severity],
                     counts->by_severity[severity]);
  }
  sl_strbuf_printf(out, "| **Total** | **%zu** |\n", counts->total);
  if (!counts->total) return;
  sl_strbuf_puts(out, "\n| Family | Findings |\n|---|---:|\n");
  for (int family = 0; family < SL_FAMILY_COUNT; family++)
    if (counts->by_family[family])
      sl_strbuf_printf(out, "| %s | %zu |\n", sl_family_name((SlFamily)family),
                       counts->by_family[family]);
}

/* Rollout and rollback gaps concern the whole service, not a line: the summary names
 * them so a reader of the review sees them before the tables. */
static void sl_report_markdown__rollout(const SlFindingVec *findings, SlStrbuf *out) {
  bool any = false;
  for (size_t i = 0; findings && i < findings->count; i++) {
    const SlFinding *finding = &findings->items[i];
    if (finding->family != SL_FAMILY_ROLLOUT_ROLLBACK) continue;
    if (!any) sl_strbuf_puts(out, "\n**Rollout and rollback:**\n\n");
    any = true;
    sl_strbuf_puts(out, "- ");
    sl_report_markdown__location(finding->path, finding->line, 0, out);
    sl_strbuf_printf(out, " **%s** ", finding->rule_id);
    sl_report_markdown_cell(finding->message, out);
    sl_strbuf_puts(out, "\n");
  }
}

/* | `path:line` | **RULE** rule-name: message | risk | fix | */
static void sl_report_markdown__finding_row(const SlFinding *finding, SlStrbuf *out) {
  sl_strbuf_puts(out, "| ");
  sl_report_markdown__location(finding->path, finding->line, 0, out);
  sl_strbuf_puts(out, " | **");
  sl_report_markdown_cell(finding->rule_id, out);
  sl_strbuf_puts(out, "** ");
  sl_report_markdown_cell(finding->rule_name, out);
  sl_strbuf_puts(out, ": ");
  sl_report_markdown_cell(finding->message, out);
  sl_strbuf_puts(out, " | ");
  sl_report_markdown_cell(finding->risk, out);
  sl_strbuf_puts(out, " | ");
  sl_report_markdown_cell(finding->fix, out);
  sl_strbuf_puts(out, " |\n");
}

/* "### High (n)" and its table; nothing when the severity has no finding. Rows keep
 * the report order (path, line). */
static void sl_report_markdown__section(const SlFindingVec *findings, SlSeverity severity,
                                        size_t count, SlStrbuf *out) {
  if (!count) return;
  sl_strbuf_printf(out, "\n### %s (%zu)\n\n", sl_report_markdown__titles[severity], count);
  sl_strbuf_puts(out, "| Location | Issue | Risk | Fix |\n|---|---|---|---|\n");
  for (size_t index = 0; index < findings->count; index++)
    if (findings->items[index].severity == severity)
      sl_report_markdown__finding_row(&findings->items[index], out);
}

static void sl_report_markdown__findings(const SlReport *report, const SlReportCounts *counts,
                                         SlStrbuf *out) {
  sl_strbuf_puts(out, "\n## Findings\n");
  if (!counts->total) {
    sl_strbuf_puts(out, "\nNo findings.\n");
    return;
  }
  for (int rank = 0; rank < SL_SEVERITY_COUNT; rank++) {
    SlSeverity severity = sl_report_markdown__order[rank];
    sl_report_markdown__section(report->findings, severity, counts->by_severity[severity], out);
  }
}

static void sl_report_markdown__errors(const SlReportErrorVec *errors, SlStrbuf *out) {
  if (!errors || !errors->count) return;
  sl_strbuf_puts(out, "\n## Errors\n\n| Location | Kind | Message |\n|---|---|---|\n");
  for (size_t index = 0; index < errors->count; index++) {
    const SlReportError *error = &errors->items[index];
    sl_strbuf_puts(out, "| ");
    sl_report_markdown__location(error->path, error->line, error->column, out);
    sl_strbuf_puts(out, " | ");
    sl_report_markdown_cell(error->kind, out);
    sl_strbuf_puts(out, " | ");
    sl_report_markdown_cell(error->message, out);
    sl_strbuf_puts(out, " |\n");
  }
}

static void sl_report_markdown__skipped(const SlWalkSkipVec *skipped, SlStrbuf *out) {
  if (!skipped || !skipped->count) return;
  sl_strbuf_puts(out, "\n## Skipped files\n\n| Path | Reason |\n|---|---|\n");
  for (size_t index = 0; index < skipped->count; index++) {
    const char *path = skipped->items[index].report_path;
    sl_strbuf_puts(out, "| ");
    sl_report_markdown__code_span(path ? path : "", out);
    sl_strbuf_puts(out, " | ");
    sl_report_markdown_cell(skipped->items[index].reason, out);
    sl_strbuf_puts(out, " |\n");
  }
}

static size_t sl_report_markdown__fact_count(const SlRepoFacts *repo, bool entries) {
  size_t count = 0;
  for (size_t f = 0; repo && f < repo->file_count; f++)
    count += entries ? repo->files[f]->entry_points.count : repo->files[f]->model_loads.count;
  return count;
}

/* "What is served, and how": one row per entry point. */
static void sl_report_markdown__entry_points(const SlRepoFacts *repo, SlStrbuf *out) {
  sl_strbuf_puts(out, "\n## Entry points\n\n");
  if (!sl_report_markdown__fact_count(repo, true)) {
    sl_strbuf_puts(out, "No serving entry point found.\n");
    return;
  }
  sl_strbuf_puts(out, "| Location | Function | Framework | Pattern |\n|---|---|---|---|\n");
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->entry_points.count; i++) {
      const SlEntryPoint *entry = &repo->files[f]->entry_points.items[i];
      sl_strbuf_puts(out, "| ");
      sl_report_markdown__location(entry->path, entry->name_span.line, 0, out);
      sl_strbuf_puts(out, " | ");
      sl_report_markdown__code_span(entry->function, out);
      sl_strbuf_puts(out, " | ");
      sl_report_markdown_cell(entry->framework, out);
      sl_strbuf_printf(out, " | %s |\n", sl_serving_pattern_name(entry->pattern));
    }
}

/* "Which models are served from where": one row per load site. */
static void sl_report_markdown__inventory(const SlRepoFacts *repo, SlStrbuf *out) {
  sl_strbuf_puts(out, "\n## Model inventory\n\n");
  if (!sl_report_markdown__fact_count(repo, false)) {
    sl_strbuf_puts(out, "No model load site found.\n");
    return;
  }
  sl_strbuf_puts(out, "| Location | Loader | Reference | Verdict | Why |\n|---|---|---|---|---|\n");
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->model_loads.count; i++) {
      const SlModelLoad *load = &repo->files[f]->model_loads.items[i];
      sl_strbuf_puts(out, "| ");
      sl_report_markdown__location(load->path, load->span.line, 0, out);
      sl_strbuf_puts(out, " | ");
      sl_report_markdown__code_span(load->loader, out);
      sl_strbuf_puts(out, " | ");
      if (load->reference[0]) sl_report_markdown__code_span(load->reference, out);
      sl_strbuf_printf(out, " | %s | ", sl_pin_verdict_name(load->verdict));
      sl_report_markdown_cell(load->reason, out);
      sl_strbuf_puts(out, " |\n");
    }
}

/* Every block starts with a blank line and ends with its last line's newline, so
 * blocks are separated by exactly one blank line and the report ends with one "\n". */
void sl_report_markdown(const SlReport *report, SlStrbuf *out) {
  SlReportCounts counts;
  sl_report_count(report, &counts);
  sl_strbuf_puts(out, "# servelint audit\n\n");
  sl_report_markdown__paragraph(report, &counts, out);
  sl_report_markdown__summary(&counts, out);
  sl_report_markdown__rollout(report->findings, out);
  sl_report_markdown__entry_points(report->facts, out);
  sl_report_markdown__inventory(report->facts, out);
  sl_report_markdown__findings(report, &counts, out);
  sl_report_markdown__errors(report->errors, out);
  sl_report_markdown__skipped(report->skipped, out);
}
