/*
 * matcher: a rule's compiled `match:` section and its evaluation on one file.
 *
 * Python: a primary tree-sitter query (combined with every other rule's into one
 * query per run by the rule set) plus structural constraints (`where:`) on its
 * captures: has-kwarg / lacks-kwarg, argument, capture regexes, inside / not-inside
 * an ancestor matching a query, file-has / file-lacks, any / all / not.
 * YAML: document selectors (kind, apiVersion, file glob), a path, and value
 * constraints (matches, not-matches, equals, numeric comparisons, missing, present).
 */
#ifndef SERVELINT_MATCHER_H
#define SERVELINT_MATCHER_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "servelint/error.h"
#include "servelint/facts.h"
#include "servelint/query.h"
#include "servelint/regex.h"
#include "servelint/roles.h"
#include "servelint/source.h"
#include "servelint/yaml_tree.h"

typedef struct SlMatcher SlMatcher;
typedef struct SlFileScan SlFileScan;

/* Compiles a rule's `match` mapping (`node`, from the rule file `path` whose whole
 * text is `file_text`) for `language` (0 python, 1 yaml; see SlLanguage). Returns
 * NULL with `error` (SL_ERROR_RULE, path:line:col) on any problem: unknown key, bad
 * query, bad regex, a capture named in a constraint that the query lacks. Caller
 * frees. */
SlMatcher *sl_matcher_compile(const SlYamlNode *node, int language, const char *path,
                              const char *file_text, SlError *error);
/* NULL is a no-op. */
void sl_matcher_delete(SlMatcher *matcher);

/* Python matchers: the primary query's text (owned by the matcher) and its pattern
 * count, for the rule set's combined query. NULL for YAML matchers. */
const char *sl_matcher_query_text(const SlMatcher *matcher);
uint32_t sl_matcher_pattern_count(const SlMatcher *matcher);
/* The native check a rule names, or NULL for a query or YAML matcher. */
struct SlNativeCheck;
const struct SlNativeCheck *sl_matcher_native(const SlMatcher *matcher);

/* Resolves capture names against the combined query; called once by the rule set. */
bool sl_matcher_bind(SlMatcher *matcher, const SlQuery *combined, SlError *error);

/* Per-file state one thread uses while scanning: the source, its tree or YAML, the
 * file's roles and lazily computed answers of constraint queries. */
SlFileScan *sl_file_scan_new(const SlSource *source, TSTree *tree, const SlYamlFile *yaml,
                             SlRoleSet roles, SlRegexScratch *scratch);
void sl_file_scan_delete(SlFileScan *scan);
/* Gives the scan the file's facts (borrowed), for constraints that ask them
 * (`in-entry-point`); without them such constraints do not hold. */
void sl_file_scan_set_facts(SlFileScan *scan, const SlFileFacts *facts);
const SlSource *sl_file_scan_source(const SlFileScan *scan);
SlRoleSet sl_file_scan_roles(const SlFileScan *scan);

/* Python: whether a match of the combined query satisfies the rule (predicates are
 * checked by the caller). On true, `*report` is the node to report. */
bool sl_matcher_accept(const SlMatcher *matcher, SlFileScan *scan, const TSQueryMatch *match,
                       TSNode *report);

/* A place a YAML rule reports: 1-based line and column, and the selected text. */
typedef struct {
  uint32_t line, column, end_line, end_column;
  const char *text; /* borrowed from the YAML file */
} SlYamlHit;

typedef void (*SlYamlHitFn)(void *context, const SlYamlHit *hit);
/* YAML: calls `emit` for every place the rule reports in the scan's YAML file. */
void sl_matcher_run_yaml(const SlMatcher *matcher, SlFileScan *scan, SlYamlHitFn emit,
                         void *context);

#endif
