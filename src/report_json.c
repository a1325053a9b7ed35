/*
 * report_json: the machine format, for scripts and golden tests.
 *
 * Shape (keys in this order; schema_version 1, fields only ever added):
 *   {"schema_version", "tool": {"name", "version"},
 *    "summary": {"files_scanned", "files_skipped", "findings", "errors", "duration_seconds",
 *                "fail_on", "failed", "by_severity": {high..info}, "by_family": {nine}},
 *    "findings": [{"rule_id", "rule_name", "family", "severity", "confidence", "path",
 *                  "line", "column", "end_line", "end_column", "message", "risk", "fix",
 *                  "snippet", "fingerprint"}],
 *    "errors": [{"path", "kind", "line", "column", "message"}],
 *    "skipped": [{"path", "reason"}]}
 *
 * Strings are made valid UTF-8 first (each invalid byte becomes U+FFFD), because the
 * loader tolerates invalid UTF-8 in sources but a JSON consumer need not. A NULL string
 * is written as "". cJSON allocates with its own hooks; a failed cJSON allocation is an
 * internal failure (exit 2, like sl_malloc), never a silently truncated report.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/report.h"

static void sl_report_json__out_of_memory(void) {
  fputs("servelint: out of memory (JSON report)\n", stderr);
  exit(2);
}

/* Passes a cJSON result through, exiting 2 when cJSON could not allocate it. */
static cJSON *sl_report_json__check(cJSON *item) {
  if (!item) sl_report_json__out_of_memory();
  return item;
}

/* Length of the well-formed UTF-8 sequence at `text` (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one. */
static size_t sl_report_json__utf8_length(const unsigned char *text) {
  unsigned char lead = text[0];
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xc2 && lead <= 0xdf   ? 2
                  : lead >= 0xe0 && lead <= 0xef ? 3
                  : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                 : 0;
  unsigned char low = 0x80, high = 0xbf; /* the range of the second byte */
  if (lead == 0xe0) low = 0xa0;
  if (lead == 0xed) high = 0x9f;
  if (lead == 0xf0) low = 0x90;
  if (lead == 0xf4) high = 0x8f;
  if (length && (text[1] < low || text[1] > high)) return 0;
  for (size_t index = 2; index < length; index++)
    if ((text[index] & 0xc0) != 0x80) return 0;
  return length;
}

/* A copy of `text` (NULL reads as "") that is valid UTF-8; caller frees with sl_free. */
static char *sl_report_json__utf8_copy(const char *text) {
  SlStrbuf out = {0};
  const unsigned char *cursor = (const unsigned char *)(text ? text : "");
  while (*cursor) {
    size_t length = sl_report_json__utf8_length(cursor);
    if (length)
      sl_strbuf_append(&out, (const char *)cursor, length);
    else
      sl_strbuf_append(&out, "\xef\xbf\xbd", 3); /* U+FFFD for one invalid byte */
    cursor += length ? length : 1;
  }
  return sl_strbuf_take(&out);
}

static void sl_report_json__string(cJSON *object, const char *key, const char *value) {
  char *clean = sl_report_json__utf8_copy(value);
  sl_report_json__check(cJSON_AddStringToObject(object, key, clean));
  sl_free(clean);
}

static void sl_report_json__number(cJSON *object, const char *key, double value) {
  sl_report_json__check(cJSON_AddNumberToObject(object, key, value));
}

static cJSON *sl_report_json__object(cJSON *object, const char *key) {
  return sl_report_json__check(cJSON_AddObjectToObject(object, key));
}

static cJSON *sl_report_json__array(cJSON *object, const char *key) {
  return sl_report_json__check(cJSON_AddArrayToObject(object, key));
}

/* Appends a new empty object to `array` and returns it. */
static cJSON *sl_report_json__element(cJSON *array) {
  cJSON *element = sl_report_json__check(cJSON_CreateObject());
  if (!cJSON_AddItemToArray(array, element)) sl_report_json__out_of_memory();
  return element;
}

/* Seconds rounded to milliseconds; a negative or NaN duration reads as 0 and an
 * absurd one is clamped, so the value always prints as a JSON number. */
static double sl_report_json__seconds(double seconds) {
  if (!(seconds > 0)) return 0;
  if (!(seconds < 1e12)) return 1e12;
  return (double)(long long)(seconds * 1000.0 + 0.5) / 1000.0;
}

static void sl_report_json__tool(const SlReport *report, cJSON *root) {
  cJSON *tool = sl_report_json__object(root, "tool");
  sl_report_json__string(tool, "name", "servelint");
  sl_report_json__string(tool, "version", report->tool_version);
}

static void sl_report_json__tallies(const SlReportCounts *counts, cJSON *summary) {
  cJSON *by_severity = sl_report_json__object(summary, "by_severity");
  for (int severity = SL_SEVERITY_COUNT - 1; severity >= 0; severity--)
    sl_report_json__number(by_severity, sl_severity_name((SlSeverity)severity),
                           (double)counts->by_severity[severity]);
  cJSON *by_family = sl_report_json__object(summary, "by_family");
  for (int family = 0; family < SL_FAMILY_COUNT; family++)
    sl_report_json__number(by_family, sl_family_name((SlFamily)family),
                           (double)counts->by_family[family]);
}

static void sl_report_json__summary(const SlReport *report, cJSON *root) {
  SlReportCounts counts;
  sl_report_count(report, &counts);
  cJSON *summary = sl_report_json__object(root, "summary");
  sl_report_json__number(summary, "files_scanned", (double)report->files_scanned);
  sl_report_json__number(summary, "files_skipped",
                         (double)(report->skipped ? report->skipped->count : 0));
  sl_report_json__number(summary, "findings", (double)counts.total);
  sl_report_json__number(summary, "errors", (double)(report->errors ? report->errors->count : 0));
  sl_report_json__number(summary, "duration_seconds",
                         sl_report_json__seconds(report->duration_seconds));
  sl_report_json__string(summary, "fail_on",
                         report->fail_on_none ? "none" : sl_severity_name(report->fail_on));
  sl_report_json__check(cJSON_AddBoolToObject(summary, "failed", sl_report_failed(report)));
  sl_report_json__tallies(&counts, summary);
}

static void sl_report_json__finding(const SlFinding *finding, cJSON *object) {
  sl_report_json__string(object, "rule_id", finding->rule_id);
  sl_report_json__string(object, "rule_name", finding->rule_name);
  sl_report_json__string(object, "family", sl_family_name(finding->family));
  sl_report_json__string(object, "severity", sl_severity_name(finding->severity));
  sl_report_json__string(object, "confidence", sl_confidence_name(finding->confidence));
  sl_report_json__string(object, "path", finding->path);
  sl_report_json__number(object, "line", finding->line);
  sl_report_json__number(object, "column", finding->column);
  sl_report_json__number(object, "end_line", finding->end_line);
  sl_report_json__number(object, "end_column", finding->end_column);
  sl_report_json__string(object, "message", finding->message);
  sl_report_json__string(object, "risk", finding->risk);
  sl_report_json__string(object, "fix", finding->fix);
  sl_report_json__string(object, "snippet", finding->snippet);
  sl_report_json__string(object, "fingerprint", finding->fingerprint);
}

static void sl_report_json__location(cJSON *object, const char *path, const SlSpan *span) {
  sl_report_json__string(object, "path", path);
  sl_report_json__number(object, "line", span->line);
  sl_report_json__number(object, "column", span->column);
}

/* "entry_points" and "inventory": what is served, how, and which models from where. */
static void sl_report_json__facts(const SlReport *report, cJSON *root) {
  cJSON *entries = sl_report_json__array(root, "entry_points");
  cJSON *inventory = sl_report_json__array(root, "inventory");
  for (size_t f = 0; report->facts && f < report->facts->file_count; f++) {
    const SlFileFacts *facts = report->facts->files[f];
    for (size_t i = 0; i < facts->entry_points.count; i++) {
      const SlEntryPoint *entry = &facts->entry_points.items[i];
      cJSON *object = sl_report_json__element(entries);
      sl_report_json__location(object, entry->path, &entry->name_span);
      sl_report_json__string(object, "function", entry->function);
      sl_report_json__string(object, "framework", entry->framework);
      sl_report_json__string(object, "pattern", sl_serving_pattern_name(entry->pattern));
      if (entry->route) sl_report_json__string(object, "route", entry->route);
    }
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      cJSON *object = sl_report_json__element(inventory);
      sl_report_json__location(object, load->path, &load->span);
      sl_report_json__string(object, "loader", load->loader);
      sl_report_json__string(object, "reference", load->reference);
      sl_report_json__string(object, "origin", load->origin);
      sl_report_json__string(object, "verdict", sl_pin_verdict_name(load->verdict));
      sl_report_json__string(object, "reason", load->reason);
    }
  }
}

static void sl_report_json__lists(const SlReport *report, cJSON *root) {
  cJSON *findings = sl_report_json__array(root, "findings");
  for (size_t index = 0; report->findings && index < report->findings->count; index++)
    sl_report_json__finding(&report->findings->items[index], sl_report_json__element(findings));
  cJSON *errors = sl_report_json__array(root, "errors");
  for (size_t index = 0; report->errors && index < report->errors->count; index++) {
    const SlReportError *error = &report->errors->items[index];
    cJSON *object = sl_report_json__element(errors);
    sl_report_json__string(object, "path", error->path);
    sl_report_json__string(object, "kind", error->kind);
    sl_report_json__number(object, "line", error->line);
    sl_report_json__number(object, "column", error->column);
    sl_report_json__string(object, "message", error->message);
  }
  cJSON *skipped = sl_report_json__array(root, "skipped");
  for (size_t index = 0; report->skipped && index < report->skipped->count; index++) {
    cJSON *object = sl_report_json__element(skipped);
    sl_report_json__string(object, "path", report->skipped->items[index].report_path);
    sl_report_json__string(object, "reason", report->skipped->items[index].reason);
  }
}

void sl_report_json(const SlReport *report, SlStrbuf *out) {
  cJSON *root = sl_report_json__check(cJSON_CreateObject());
  sl_report_json__number(root, "schema_version", SL_REPORT_SCHEMA_VERSION);
  sl_report_json__tool(report, root);
  sl_report_json__summary(report, root);
  sl_report_json__facts(report, root);
  sl_report_json__lists(report, root);
  char *printed = cJSON_Print(root);
  cJSON_Delete(root);
  if (!printed) sl_report_json__out_of_memory();
  sl_strbuf_puts(out, printed);
  sl_strbuf_puts(out, "\n");
  cJSON_free(printed);
}
