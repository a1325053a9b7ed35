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
#include "servelint/native.h"
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

/* Appends a value for a message, on one line and at most `limit` bytes. */
static void sl_engine__append_excerpt(SlStrbuf *out, const char *text, size_t length,
                                      size_t limit) {
  size_t kept = 0;
  while (kept < length && kept < limit && text[kept] != '\n' && text[kept] != '\r') kept++;
  sl_strbuf_append(out, text, kept);
  if (kept < length) sl_strbuf_puts(out, "...");
}

typedef bool (*SlCaptureTextFn)(void *context, const char *name, size_t name_length,
                                const char **text, size_t *length);

/* Longest code excerpt a {{capture}} puts in a message; native checks' values (reasons
 * they composed themselves) get more room. */
#define SL_EXCERPT_CODE_BYTES 80
#define SL_EXCERPT_VALUE_BYTES 300

/* Replaces every {{name}} in `template` whose capture `lookup` knows, each value cut
 * at `limit` bytes. */
static char *sl_engine__render(const char *template, SlCaptureTextFn lookup, void *context,
                               size_t limit) {
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
      sl_engine__append_excerpt(&out, text, length, limit);
    else
      sl_strbuf_append(&out, open, (size_t)(close + 2 - open));
    cursor = close + 2;
  }
  return sl_strbuf_take(&out);
}

/* Appends one finding. `snippet` NULL: the text of `line` in the target's source. */
/* The text of a finding's line: the snippet given, else `line` of the target's source,
 * else "" (a repository check that gave none). Not NUL-terminated at `*length`. */
static const char *sl_engine__line_text(const SlEmitTarget *target, const char *snippet,
                                        uint32_t line, size_t *length) {
  if (snippet) {
    *length = strlen(snippet);
    return snippet;
  }
  if (target->source) return sl_source_line(target->source, line - 1, length);
  *length = 0;
  return "";
}

static void sl_engine__emit(SlEmitTarget *target, const SlRule *rule, char *message,
                            const char *path, const SlSpan *span, const char *snippet,
                            const char *code, size_t code_length) {
  size_t line_length = 0;
  snippet = sl_engine__line_text(target, snippet, span->line, &line_length);
  SlFinding finding = {.rule_id = sl_strdup(rule->id),
                       .rule_name = sl_strdup(rule->name),
                       .family = rule->family,
                       .severity = rule->severity,
                       .confidence = rule->confidence,
                       .path = sl_strdup(path),
                       .line = span->line,
                       .column = span->column,
                       .end_line = span->end_line,
                       .end_column = span->end_column,
                       .message = message,
                       .risk = sl_strdup(rule->risk),
                       .fix = sl_strdup(rule->fix),
                       .snippet = sl_strndup(snippet, line_length),
                       .fingerprint = NULL};
  sl_vec_push(target->findings, finding);
  sl_vec_push(target->code_texts, sl_strndup(code, code_length));
}

/* ---- native checks ---- */

struct SlNativeEmitter {
  SlEmitTarget *target; /* its source is NULL for repository checks */
  const SlRule *rule;
};

typedef struct {
  const SlNativeVar *vars;
  size_t count;
} SlNativeVars;

static bool sl_engine__native_var(void *context, const char *name, size_t name_length,
                                  const char **text, size_t *length) {
  const SlNativeVars *vars = context;
  for (size_t i = 0; i < vars->count; i++) {
    if (strlen(vars->vars[i].name) != name_length ||
        memcmp(vars->vars[i].name, name, name_length) != 0)
      continue;
    *text = vars->vars[i].value;
    *length = strlen(vars->vars[i].value);
    return true;
  }
  return false;
}

void sl_native_emit(SlNativeEmitter *emitter, const SlNativeHit *hit) {
  SlEmitTarget *target = emitter->target;
  SlNativeVars vars = {hit->vars, hit->var_count};
  char *message = sl_engine__render(emitter->rule->message, sl_engine__native_var, &vars,
                                    SL_EXCERPT_VALUE_BYTES);
  const char *path = hit->path ? hit->path : target->source->path;
  size_t line_length = 0;
  const char *line = sl_engine__line_text(target, hit->snippet, hit->span.line, &line_length);
  char *line_copy = sl_strndup(line, line_length); /* the code defaults to the whole line */
  const char *code = hit->code ? hit->code : line_copy;
  sl_engine__emit(target, emitter->rule, message, path, &hit->span, line_copy, code, strlen(code));
  sl_free(line_copy);
}

static void sl_engine__run_native_file_rules(const SlRuleSet *rules, const SlNativeFile *file,
                                             SlEmitTarget *target, int language) {
  for (size_t i = 0; i < sl_rule_set_count(rules); i++) {
    const SlRule *rule = sl_rule_set_get(rules, i);
    const SlNativeCheck *native = sl_matcher_native(rule->matcher);
    if (!native || !native->file_check || native->language != language ||
        !sl_rule_applies(rule, file->facts->path, file->facts->roles))
      continue;
    SlNativeEmitter emitter = {target, rule};
    native->file_check(file, &emitter);
  }
}

bool sl_native_applies(const SlNativeEmitter *emitter, const SlFileFacts *facts) {
  return sl_rule_applies(emitter->rule, facts->path, facts->roles);
}

/* The facts of the file at report path `path` (repository files are in report-path
 * order), or NULL. */
static const SlFileFacts *sl_engine__facts_of(const SlRepoFacts *repo, const char *path) {
  size_t low = 0, high = repo->file_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    int order = strcmp(repo->files[middle]->path, path);
    if (order == 0) return repo->files[middle];
    if (order < 0)
      low = middle + 1;
    else
      high = middle;
  }
  for (size_t i = 0; i < repo->file_count; i++) /* not in order after all */
    if (strcmp(repo->files[i]->path, path) == 0) return repo->files[i];
  return NULL;
}

/* Whether a finding of a rule with `library-code:` other than all stays: outside library
 * files always; in one, when the innermost function holding its line is reached from an
 * entry point (an online one for on-online-path), as the linked facts say. A library
 * file has no other role (roles.c: library is "none of the above"). */
static bool sl_engine__library_finding_kept(const SlRule *rule, const SlRepoFacts *repo,
                                            const SlFinding *finding) {
  const SlFileFacts *facts = sl_engine__facts_of(repo, finding->path);
  if (!facts || !(facts->roles & SL_ROLE_BIT(SL_ROLE_LIBRARY))) return true;
  const SlFunction *inner = sl_facts_function_at_line(facts, finding->line);
  if (!inner || inner->is_load_hook) return false;
  return rule->library_code == SL_LIBRARY_CODE_ONLINE_PATH ? inner->on_online_path
                                                           : inner->on_inference_path;
}

/* Drops the file-stage findings of `library-code:` rules that sl_engine__library_finding_kept
 * refuses, with their code texts. */
static void sl_engine__filter_library_findings(const SlRuleSet *rules, const SlRepoFacts *repo,
                                               SlFindingVec *findings, SlStringVec *code_texts) {
  size_t kept = 0;
  for (size_t i = 0; i < findings->count; i++) {
    const SlRule *rule = sl_rule_set_find(rules, findings->items[i].rule_id);
    if (rule && rule->library_code != SL_LIBRARY_CODE_ALL &&
        !sl_engine__library_finding_kept(rule, repo, &findings->items[i])) {
      sl_finding_clear(&findings->items[i]);
      sl_free(code_texts->items[i]);
      continue;
    }
    findings->items[kept] = findings->items[i];
    code_texts->items[kept++] = code_texts->items[i];
  }
  findings->count = code_texts->count = kept;
}

void sl_engine_run_repo_rules(const SlRuleSet *rules, SlRepoFacts *repo, SlFindingVec *findings,
                              SlStringVec *code_texts) {
  sl_repo_facts_link(repo);
  sl_engine__filter_library_findings(rules, repo, findings, code_texts);
  SlEmitTarget target = {NULL, findings, code_texts};
  for (size_t i = 0; i < sl_rule_set_count(rules); i++) {
    const SlRule *rule = sl_rule_set_get(rules, i);
    const SlNativeCheck *native = sl_matcher_native(rule->matcher);
    if (!native || !native->repo_check) continue;
    SlNativeEmitter emitter = {&target, rule};
    native->repo_check(repo, &emitter);
  }
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
static bool sl_engine__already_reported(const SlEmitTarget *target, size_t first,
                                        const SlRule *rule, TSNode node) {
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

/* The start byte of the scope a `once:` rule reports at most once in: the innermost
 * function holding `node` (a decorator belongs to the function it decorates, as in the
 * facts' spans), or UINT32_MAX for module-level code (and for `once: file`). */
static uint32_t sl_engine__once_scope(const SlRule *rule, TSNode node) {
  if (rule->once != SL_ONCE_FUNCTION) return UINT32_MAX;
  for (TSNode parent = ts_node_parent(node); !ts_node_is_null(parent);
       parent = ts_node_parent(parent)) {
    if (strcmp(ts_node_type(parent), "function_definition") == 0) return ts_node_start_byte(parent);
    if (strcmp(ts_node_type(parent), "decorated_definition") == 0) {
      TSNode definition = ts_node_child_by_field_name(parent, "definition", 10);
      if (!ts_node_is_null(definition) &&
          strcmp(ts_node_type(definition), "function_definition") == 0)
        return ts_node_start_byte(definition);
    }
  }
  return UINT32_MAX;
}

/* Whether a `once:` rule already reported in the scope of `node` in this file. The
 * earlier findings' nodes are found again from their start points. */
static bool sl_engine__once_reported(const SlEmitTarget *target, size_t first, const SlRule *rule,
                                     TSNode node) {
  if (rule->once == SL_ONCE_EACH) return false;
  uint32_t scope = sl_engine__once_scope(rule, node);
  TSNode root = ts_tree_root_node(node.tree);
  for (size_t i = first; i < target->findings->count; i++) {
    const SlFinding *finding = &target->findings->items[i];
    if (strcmp(finding->rule_id, rule->id) != 0) continue;
    TSPoint at = {finding->line - 1, finding->column - 1};
    TSNode earlier = ts_node_descendant_for_point_range(root, at, at);
    if (sl_engine__once_scope(rule, earlier) == scope) return true;
  }
  return false;
}

static void sl_engine__report_python(SlEmitTarget *target, size_t first, const SlRule *rule,
                                     const SlQuery *query, const TSQueryMatch *match, TSNode node) {
  if (sl_engine__already_reported(target, first, rule, node) ||
      sl_engine__once_reported(target, first, rule, node))
    return;
  SlPythonCaptures captures = {query, match, target->source->bytes};
  char *message =
      sl_engine__render(rule->message, sl_engine__python_capture, &captures, SL_EXCERPT_CODE_BYTES);
  SlSpan span = sl_span_of_node(node);
  sl_engine__emit(target, rule, message, target->source->path, &span, NULL,
                  target->source->bytes + span.start_byte, span.end_byte - span.start_byte);
}

/* Whether a file is library code whose own code calls no model: rules with
 * `library-code:` other than all skip it. Their findings there would stand only on an
 * inference path, and the rules that use it judge model calls (a per-row loop needs one
 * in the file, itself or in a helper of the file); judging every call of every library
 * module cost a fifth of the scan of an installed package tree. */
static bool sl_engine__library_without_model(const SlFileFacts *facts) {
  return (facts->roles & SL_ROLE_BIT(SL_ROLE_LIBRARY)) && !sl_facts_calls_model(facts);
}

static void sl_engine__run_python_rules(const SlRuleSet *rules, SlEngineWorker *worker,
                                        SlFileScan *scan, const SlFileFacts *facts, TSNode root,
                                        SlEmitTarget *target) {
  const SlQuery *query = sl_rule_set_python_query(rules);
  if (!query) return;
  size_t first = target->findings->count;
  SlRoleSet roles = sl_file_scan_roles(scan);
  bool library_without_model = sl_engine__library_without_model(facts);
  ts_query_cursor_exec(worker->cursor, sl_query_ts(query), root);
  TSQueryMatch match;
  TSNode report;
  while (ts_query_cursor_next_match(worker->cursor, &match)) {
    const SlRule *rule = sl_rule_set_rule_for_pattern(rules, match.pattern_index);
    if (!rule || !sl_rule_applies(rule, target->source->path, roles) ||
        (library_without_model && rule->library_code != SL_LIBRARY_CODE_ALL) ||
        !sl_query_predicates_hold(query, &match, target->source->bytes, worker->scratch) ||
        !sl_matcher_accept(rule->matcher, scan, &match, &report))
      continue;
    sl_engine__report_python(target, first, rule, query, &match, report);
  }
}

/* A tree with ERROR or MISSING nodes still gets every rule (tree-sitter recovers
 * locally), but the report says where parsing went wrong: findings near it may be
 * missing. Measured: 0 of 9,869 installed site-packages files and 3 of 1,662 stdlib
 * files (two of them deliberately invalid) have such nodes. */
static void sl_engine__note_syntax_error(const SlSource *source, TSNode root,
                                         SlReportErrorVec *errors) {
  TSNode error_node = sl_python_first_error(root);
  if (ts_node_is_null(error_node)) return;
  TSPoint at = ts_node_start_point(error_node);
  SlError error;
  sl_error_set(&error, SL_ERROR_PARSE, source->path, at.row + 1, at.column + 1,
               "syntax error; findings in this file may be incomplete");
  sl_engine__add_error(errors, &error);
}

static SlFileFacts *sl_engine__scan_python(const SlRuleSet *rules, SlEngineWorker *worker,
                                           SlEmitTarget *target, SlReportErrorVec *errors) {
  const SlSource *source = target->source;
  SlError error;
  sl_error_clear(&error);
  TSTree *tree =
      sl_python_parse(worker->parser, source->path, source->bytes, source->byte_count, &error);
  if (!tree) {
    sl_engine__add_error(errors, &error);
    return NULL;
  }
  TSNode root = ts_tree_root_node(tree);
  sl_engine__note_syntax_error(source, root, errors);
  SlRoleSet roles = sl_roles_detect_python(source->path, root, source->bytes);
  SlFileFacts *facts = sl_facts_extract_python(source, root, roles);
  /* A file the facts find serving requests, consuming a stream or scoring a batch has
   * that role, whatever it imports (a grpc.aio servicer, a TorchServe handler without the
   * ts import, a pandas scoring script). */
  static const SlRole pattern_roles[SL_PATTERN_COUNT] = {
      [SL_PATTERN_ONLINE] = SL_ROLE_SERVING,
      [SL_PATTERN_BATCH] = SL_ROLE_BATCH,
      [SL_PATTERN_STREAMING] = SL_ROLE_STREAMING};
  SlRoleSet served = 0;
  for (size_t i = 0; i < facts->entry_points.count; i++)
    served |= SL_ROLE_BIT(pattern_roles[facts->entry_points.items[i].pattern]);
  if (served && !(roles & SL_ROLE_BIT(SL_ROLE_TEST)))
    roles = (roles & ~SL_ROLE_BIT(SL_ROLE_LIBRARY)) | served; /* library: "none of the above" */
  facts->roles = roles;
  SlFileScan *scan = sl_file_scan_new(source, tree, NULL, roles, worker->scratch);
  sl_file_scan_set_facts(scan, facts);
  sl_engine__run_python_rules(rules, worker, scan, facts, root, target);
  SlNativeFile file = {source, root, facts, scan};
  sl_engine__run_native_file_rules(rules, &file, target, 0);
  sl_file_scan_delete(scan);
  ts_tree_delete(tree);
  return facts;
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
  char *message = sl_engine__render(emit->rule->message, sl_engine__yaml_capture, (void *)hit,
                                    SL_EXCERPT_CODE_BYTES);
  size_t line_length = 0;
  const char *line = sl_source_line(emit->target->source, hit->line - 1, &line_length);
  const char *code = hit->text[0] ? hit->text : line;
  SlSpan span = {hit->line, hit->column, hit->end_line, hit->end_column, 0, 0};
  sl_engine__emit(emit->target, emit->rule, message, emit->target->source->path, &span, NULL, code,
                  hit->text[0] ? strlen(hit->text) : line_length);
}

/* Templated YAML (Helm charts, Jinja, kustomize replacements written as {{ }}) is
 * not YAML until rendered: when such a file does not parse it is set aside as a
 * skipped template, not reported as an error. */
static bool sl_engine__is_template(const SlSource *source) {
  return strstr(source->bytes, "{{") != NULL;
}

static SlFileFacts *sl_engine__scan_yaml(const SlRuleSet *rules, SlEngineWorker *worker,
                                         SlEmitTarget *target, SlReportErrorVec *errors,
                                         SlWalkSkipVec *skipped) {
  const SlSource *source = target->source;
  SlError error;
  sl_error_clear(&error);
  unsigned left_out = 0;
  bool template = sl_engine__is_template(source);
  /* A Helm template is not YAML until rendered: no recovery, its lines are not errors. */
  SlYamlFile *yaml = template
                         ? sl_yaml_parse(source->path, source->bytes, source->byte_count, &error)
                         : sl_yaml_parse_recovering(source->path, source->bytes, source->byte_count,
                                                    &error, &left_out);
  if (left_out > 0) { /* reported, and the rest of the file checked all the same */
    size_t length = strlen(error.message);
    snprintf(error.message + length, sizeof error.message - length,
             "; the rest of the file is checked without %u line%s", left_out,
             left_out == 1 ? "" : "s");
    sl_engine__add_error(errors, &error);
  }
  if (!yaml) {
    if (template) {
      if (skipped) {
        SlWalkSkip skip = {sl_strdup(source->path),
                           sl_strdup("template (not YAML until rendered)")};
        sl_vec_push(skipped, skip);
      }
      /* its monitoring and rollout evidence still counts for the repository */
      SlFileFacts *facts = sl_facts_new(source->path, sl_roles_detect_yaml(source->path));
      sl_facts_find_template_evidence(source, facts);
      return facts;
    }
    sl_engine__add_error(errors, &error);
    return NULL;
  }
  SlRoleSet roles = sl_roles_detect_yaml(source->path);
  SlFileFacts *facts = sl_facts_new(source->path, roles);
  sl_facts_find_yaml_evidence(yaml, facts);
  SlFileScan *scan = sl_file_scan_new(source, NULL, yaml, roles, worker->scratch);
  for (size_t i = 0; i < sl_rule_set_count(rules); i++) {
    const SlRule *rule = sl_rule_set_get(rules, i);
    if (rule->language != SL_LANGUAGE_YAML ||
        !sl_rule_applies(rule, source->path, sl_file_scan_roles(scan)))
      continue;
    if (sl_matcher_native(rule->matcher)) continue;
    SlYamlEmit emit = {target, rule};
    sl_matcher_run_yaml(rule->matcher, scan, sl_engine__yaml_hit, &emit);
  }
  SlNativeFile file = {.source = source, .facts = facts, .scan = scan, .yaml = yaml}; /* no tree */
  sl_engine__run_native_file_rules(rules, &file, target, 1);
  sl_file_scan_delete(scan);
  sl_yaml_file_delete(yaml);
  return facts;
}

/* A Dockerfile or a shell script has no tree: its rules are native checks reading the
 * command text. */
static SlFileFacts *sl_engine__scan_commands(const SlRuleSet *rules, SlEmitTarget *target,
                                             SlLanguage language) {
  const SlSource *source = target->source;
  SlRoleSet roles = sl_roles_detect_yaml(source->path); /* deployment configuration */
  SlFileFacts *facts = sl_facts_new(source->path, roles);
  if (language == SL_LANGUAGE_DOCKERFILE) sl_facts_find_dockerfile_copies(source, facts);
  SlNativeFile file = {.source = source, .facts = facts}; /* no tree, no scan state */
  sl_engine__run_native_file_rules(rules, &file, target, (int)language);
  return facts;
}

/* Markdown is read for evidence only (a documented rollback procedure). */
static SlFileFacts *sl_engine__scan_markdown(const SlSource *source) {
  SlFileFacts *facts = sl_facts_new(source->path, SL_ROLE_BIT(SL_ROLE_LIBRARY));
  sl_facts_find_markdown_evidence(source, facts);
  return facts;
}

void sl_engine_scan_source(const SlRuleSet *rules, const SlSource *source, SlFileKind kind,
                           SlEngineWorker *worker, SlFindingVec *findings, SlStringVec *code_texts,
                           SlReportErrorVec *errors, SlWalkSkipVec *skipped, SlFileFacts **facts) {
  SlEmitTarget target = {source, findings, code_texts};
  SlFileFacts *file_facts =
      kind == SL_FILE_PYTHON ? sl_engine__scan_python(rules, worker, &target, errors)
      : kind == SL_FILE_YAML ? sl_engine__scan_yaml(rules, worker, &target, errors, skipped)
      : kind == SL_FILE_DOCKERFILE
          ? sl_engine__scan_commands(rules, &target, SL_LANGUAGE_DOCKERFILE)
      : kind == SL_FILE_SHELL ? sl_engine__scan_commands(rules, &target, SL_LANGUAGE_SHELL)
                              : sl_engine__scan_markdown(source);
  if (facts)
    *facts = file_facts;
  else
    sl_file_facts_delete(file_facts);
}
