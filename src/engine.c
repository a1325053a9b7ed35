/*
 * engine: per-file scanning and the worker pool. A file is read once, parsed once
 * and walked once by the combined query; constraint queries run only where a
 * primary pattern matched. Each file's results land in its own slot, merged in
 * file order after the workers join.
 */
#include "servelint/engine.h"

#include <string.h>

#include "servelint/alloc.h"
#include "servelint/matcher.h"
#include "servelint/python.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_tree.h"

struct SlEngineWorker {
  SlPythonParser *parser;  /* owned */
  TSQueryCursor *cursor;   /* owned; for the combined query */
  SlRegexScratch *scratch; /* owned */
};

SlEngineWorker *sl_engine_worker_new(SlError *error) {
  SlPythonParser *parser = sl_python_parser_new(error);
  if (!parser) return NULL;
  SlEngineWorker *worker = sl_malloc(sizeof *worker);
  *worker = (SlEngineWorker){parser, ts_query_cursor_new(), sl_regex_scratch_new()};
  return worker;
}

void sl_engine_worker_delete(SlEngineWorker *worker) {
  if (!worker) return;
  sl_python_parser_delete(worker->parser);
  ts_query_cursor_delete(worker->cursor);
  sl_regex_scratch_delete(worker->scratch);
  sl_free(worker);
}

void sl_report_error_clear(SlReportError *error) {
  sl_free(error->path);
  sl_free(error->kind);
  sl_free(error->message);
}

static void sl_engine__add_error(SlReportErrorVec *errors, const SlError *error) {
  SlReportError entry = {sl_strdup(error->path), sl_strdup(sl_error_kind_name(error->kind)),
                         sl_strdup(error->message), error->line, error->column};
  sl_vec_push(errors, entry);
}

/* Everything needed to turn a match into a finding. */
typedef struct {
  const SlSource *source;
  SlFindingVec *findings;
  SlStringVec *code_texts;
} SlEmitTarget;

/* Appends a capture's text, on one line and at most 80 bytes, for a message. */
static void sl_engine__append_excerpt(SlStrbuf *out, const char *text, size_t length) {
  size_t kept = 0;
  while (kept < length && kept < 80 && text[kept] != '\n' && text[kept] != '\r') kept++;
  sl_strbuf_append(out, text, kept);
  if (kept < length) sl_strbuf_puts(out, "...");
}

typedef bool (*SlCaptureTextFn)(void *context, const char *name, size_t name_length,
                                const char **text, size_t *length);

/* Replaces every {{name}} in `template` whose capture `lookup` knows. */
static char *sl_engine__render(const char *template, SlCaptureTextFn lookup, void *context) {
  SlStrbuf out = {0};
  for (const char *cursor = template; *cursor;) {
    const char *open = strstr(cursor, "{{");
    const char *close = open ? strstr(open + 2, "}}") : NULL;
    if (!close) {
      sl_strbuf_puts(&out, cursor);
      break;
    }
    sl_strbuf_append(&out, cursor, (size_t)(open - cursor));
    const char *text = NULL;
    size_t length = 0;
    if (lookup(context, open + 2, (size_t)(close - open - 2), &text, &length))
      sl_engine__append_excerpt(&out, text, length);
    else
      sl_strbuf_append(&out, open, (size_t)(close + 2 - open));
    cursor = close + 2;
  }
  return sl_strbuf_take(&out);
}

static void sl_engine__emit(SlEmitTarget *target, const SlRule *rule, char *message,
                            uint32_t line, uint32_t column, uint32_t end_line,
                            uint32_t end_column, const char *code, size_t code_length) {
  size_t line_length = 0;
  const char *line_text = sl_source_line(target->source, line - 1, &line_length);
  SlFinding finding = {
      .rule_id = sl_strdup(rule->id), .rule_name = sl_strdup(rule->name),
      .family = rule->family, .severity = rule->severity, .confidence = rule->confidence,
      .path = sl_strdup(target->source->path), .line = line, .column = column,
      .end_line = end_line, .end_column = end_column, .message = message,
      .risk = sl_strdup(rule->risk), .fix = sl_strdup(rule->fix),
      .snippet = sl_strndup(line_text, line_length), .fingerprint = NULL};
  sl_vec_push(target->findings, finding);
  sl_vec_push(target->code_texts, sl_strndup(code, code_length));
}

/* ---- Python ---- */

typedef struct {
  const SlQuery *query;
  const TSQueryMatch *match;
  const char *bytes;
} SlPythonCaptures;

static bool sl_engine__python_capture(void *context, const char *name, size_t name_length,
                                      const char **text, size_t *length) {
  SlPythonCaptures *captures = context;
  char key[64];
  if (name_length >= sizeof key) return false;
  memcpy(key, name, name_length);
  key[name_length] = '\0';
  uint32_t id;
  if (!sl_query_capture_id(captures->query, key, &id)) return false;
  for (uint16_t i = 0; i < captures->match->capture_count; i++) {
    if (captures->match->captures[i].index != id) continue;
    TSNode node = captures->match->captures[i].node;
    *text = captures->bytes + ts_node_start_byte(node);
    *length = ts_node_end_byte(node) - ts_node_start_byte(node);
    return true;
  }
  return false;
}

/* Several patterns (or matches) of one rule may report the same node: keep one. */
static bool sl_engine__already_reported(const SlEmitTarget *target, size_t first, const SlRule *rule,
                                        TSNode node) {
  TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  for (size_t i = first; i < target->findings->count; i++) {
    const SlFinding *finding = &target->findings->items[i];
    if (finding->line == start.row + 1 && finding->column == start.column + 1 &&
        finding->end_line == end.row + 1 && finding->end_column == end.column + 1 &&
        strcmp(finding->rule_id, rule->id) == 0)
      return true;
  }
  return false;
}

static void sl_engine__report_python(SlEmitTarget *target, size_t first, const SlRule *rule,
                                     const SlQuery *query, const TSQueryMatch *match, TSNode node) {
  if (sl_engine__already_reported(target, first, rule, node)) return;
  SlPythonCaptures captures = {query, match, target->source->bytes};
  char *message = sl_engine__render(rule->message, sl_engine__python_capture, &captures);
  TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  uint32_t start_byte = ts_node_start_byte(node);
  sl_engine__emit(target, rule, message, start.row + 1, start.column + 1, end.row + 1,
                  end.column + 1, target->source->bytes + start_byte,
                  ts_node_end_byte(node) - start_byte);
}

static void sl_engine__run_python_rules(const SlRuleSet *rules, SlEngineWorker *worker,
                                        SlFileScan *scan, TSNode root, SlEmitTarget *target) {
  const SlQuery *query = sl_rule_set_python_query(rules);
  if (!query) return;
  size_t first = target->findings->count;
  SlRoleSet roles = sl_file_scan_roles(scan);
  ts_query_cursor_exec(worker->cursor, sl_query_ts(query), root);
  TSQueryMatch match;
  TSNode report;
  while (ts_query_cursor_next_match(worker->cursor, &match)) {
    const SlRule *rule = sl_rule_set_rule_for_pattern(rules, match.pattern_index);
    if (!rule || !sl_roles_in_scope(rule->scope, roles) ||
        !sl_query_predicates_hold(query, &match, target->source->bytes, worker->scratch) ||
        !sl_matcher_accept(rule->matcher, scan, query, &match, &report))
      continue;
    sl_engine__report_python(target, first, rule, query, &match, report);
  }
}

static void sl_engine__scan_python(const SlRuleSet *rules, SlEngineWorker *worker,
                                   SlEmitTarget *target, SlReportErrorVec *errors) {
  const SlSource *source = target->source;
  SlError error;
  sl_error_clear(&error);
  TSTree *tree = sl_python_parse(worker->parser, source->path, source->bytes, source->byte_count, &error);
  if (!tree) {
    sl_engine__add_error(errors, &error);
    return;
  }
  TSNode root = ts_tree_root_node(tree);
  SlRoleSet roles = sl_roles_detect_python(source->path, root, source->bytes);
  SlFileScan *scan = sl_file_scan_new(source, tree, NULL, roles, worker->scratch);
  sl_engine__run_python_rules(rules, worker, scan, root, target);
  sl_file_scan_delete(scan);
  ts_tree_delete(tree);
}

/* ---- YAML ---- */

typedef struct {
  SlEmitTarget *target;
  const SlRule *rule;
} SlYamlEmit;

static bool sl_engine__yaml_capture(void *context, const char *name, size_t name_length,
                                    const char **text, size_t *length) {
  const SlYamlHit *hit = context;
  if (name_length != 5 || memcmp(name, "value", 5) != 0) return false;
  *text = hit->text;
  *length = strlen(hit->text);
  return true;
}

static void sl_engine__yaml_hit(void *context, const SlYamlHit *hit) {
  SlYamlEmit *emit = context;
  char *message = sl_engine__render(emit->rule->message, sl_engine__yaml_capture, (void *)hit);
  size_t line_length = 0;
  const char *line = sl_source_line(emit->target->source, hit->line - 1, &line_length);
  const char *code = hit->text[0] ? hit->text : line;
  sl_engine__emit(emit->target, emit->rule, message, hit->line, hit->column, hit->end_line,
                  hit->end_column, code, hit->text[0] ? strlen(hit->text) : line_length);
}

/* Helm chart templates are not YAML until rendered: set them aside, not as errors. */
static bool sl_engine__is_template(const SlSource *source) {
  return strstr(source->path, "templates/") && strstr(source->bytes, "{{");
}

static void sl_engine__scan_yaml(const SlRuleSet *rules, SlEngineWorker *worker,
                                 SlEmitTarget *target, SlReportErrorVec *errors,
                                 SlWalkSkipVec *skipped) {
  const SlSource *source = target->source;
  SlError error;
  sl_error_clear(&error);
  SlYamlFile *yaml = sl_yaml_parse(source->path, source->bytes, source->byte_count, &error);
  if (!yaml) {
    if (sl_engine__is_template(source) && skipped) {
      SlWalkSkip skip = {sl_strdup(source->path), sl_strdup("template (not YAML until rendered)")};
      sl_vec_push(skipped, skip);
    } else {
      sl_engine__add_error(errors, &error);
    }
    return;
  }
  SlFileScan *scan = sl_file_scan_new(source, NULL, yaml, sl_roles_detect_yaml(source->path), worker->scratch);
  for (size_t i = 0; i < sl_rule_set_count(rules); i++) {
    const SlRule *rule = sl_rule_set_get(rules, i);
    if (rule->language != SL_LANGUAGE_YAML || !sl_roles_in_scope(rule->scope, sl_file_scan_roles(scan)))
      continue;
    SlYamlEmit emit = {target, rule};
    sl_matcher_run_yaml(rule->matcher, scan, sl_engine__yaml_hit, &emit);
  }
  sl_file_scan_delete(scan);
  sl_yaml_file_delete(yaml);
}

void sl_engine_scan_source(const SlRuleSet *rules, const SlSource *source, SlFileKind kind,
                           SlEngineWorker *worker, SlFindingVec *findings,
                           SlStringVec *code_texts, SlReportErrorVec *errors,
                           SlWalkSkipVec *skipped) {
  SlEmitTarget target = {source, findings, code_texts};
  if (kind == SL_FILE_PYTHON) sl_engine__scan_python(rules, worker, &target, errors);
  else sl_engine__scan_yaml(rules, worker, &target, errors, skipped);
}
