/*
 * rule: a rule's metadata, tests and matcher, loaded from YAML (rules/ *.yaml, or a
 * user's --rules DIR). Every check servelint ships is such a file; see
 * docs/rule-format.md for the schema.
 */
#ifndef SERVELINT_RULE_H
#define SERVELINT_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "servelint/error.h"
#include "servelint/finding.h"
#include "servelint/query.h"
#include "servelint/roles.h"
#include "servelint/vec.h"

typedef enum {
  SL_LANGUAGE_PYTHON,
  SL_LANGUAGE_YAML,
  SL_LANGUAGE_DOCKERFILE,
  SL_LANGUAGE_SHELL
} SlLanguage;

/* "python", "yaml", "dockerfile", "shell": as written in rule files. */
const char *sl_language_name(SlLanguage language);
/* The file name a rule's test snippet is scanned as when its case names none:
 * "snippet.py", "snippet.yaml", "Dockerfile", "deploy.sh". */
const char *sl_language_example_path(SlLanguage language);

/* Another file of a multi-file test case (`files:`), scanned with it as one repository. */
typedef struct {
  char *path; /* owned */
  char *code; /* owned */
} SlRuleTestFile;

/* One rule test case: a snippet and the 1-based lines it must report (none: must not).
 * With `files:`, the other files form a repository with it; only findings in `path`
 * are compared. */
typedef struct {
  char *code;            /* owned */
  char *path;            /* owned; the file name the snippet is scanned as (roles follow it) */
  SlRuleTestFile *files; /* owned; the other files of the case (may be none) */
  size_t file_count;
  uint32_t *lines;    /* owned; expected finding lines, ascending */
  size_t line_count;  /* 0 for a case that must not trigger */
  uint32_t rule_line; /* where the case is written in the rule file, for messages */
} SlRuleTest;

typedef struct SlMatcher SlMatcher; /* compiled matcher; see matcher.h */

/* `once:`: how many findings of the rule one scope may hold (Python rules). */
typedef enum {
  SL_ONCE_EACH,     /* every match is a finding (the default) */
  SL_ONCE_FUNCTION, /* the first per innermost enclosing function; module level is one scope */
  SL_ONCE_FILE,     /* the first per file */
} SlOnce;

/* `library-code:`: which findings of a Python rule in library files (code that is neither a
 * service, a job nor training by its own imports: a service layer, a model wrapper) are
 * kept, once the repository stage knows which functions the entry points reach. */
typedef enum {
  SL_LIBRARY_CODE_ALL,            /* every one (the default) */
  SL_LIBRARY_CODE_INFERENCE_PATH, /* those inside a function an entry point reaches, across
                                     files (not a load hook) */
  SL_LIBRARY_CODE_ONLINE_PATH,    /* the same, from an online (request-serving) entry point */
} SlLibraryCode;

typedef struct {
  char *id;    /* owned; "SL101" */
  char *name;  /* owned; "unpinned-mlflow-model-uri" */
  char *title; /* owned; one line */
  SlFamily family;
  SlSeverity severity;
  SlConfidence confidence;
  SlLanguage language;
  SlRoleSet scope; /* roles the rule applies to (SL_ROLE_SET_DEFAULT when unspecified) */
  char **ignores;  /* owned; NULL-terminated path globs (git wildmatch) the rule skips */
  size_t ignore_count;
  SlOnce once;
  SlLibraryCode library_code;
  bool opt_in;        /* runs only when --select names it by id or name (a policy, not a defect) */
  char *message;      /* owned; may hold {{capture}} placeholders */
  char *risk;         /* owned */
  char *fix;          /* owned */
  char *what;         /* owned; explanation: what it does */
  char *why;          /* owned; why it is bad */
  char *example;      /* owned; code that triggers (also run as a test) */
  char *use_instead;  /* owned; code that does not (also run as a test) */
  char *example_path; /* owned or NULL; the file name example and use-instead are scanned as
                         (NULL: sl_language_example_path) */
  SlRuleTestFile *example_files; /* owned; other files scanned with example and use-instead */
  size_t example_file_count;
  char **references; /* owned */
  size_t reference_count;
  SlRuleTest *tests; /* owned */
  size_t test_count;
  char *source_path; /* owned; the rule file, as the user named it */
  uint32_t source_line;
  SlMatcher *matcher; /* owned */
} SlRule;

typedef struct SlRuleSet SlRuleSet;

/* A new, empty set. Caller frees with sl_rule_set_delete. */
SlRuleSet *sl_rule_set_new(void);
/* Frees every rule and compiled query; NULL is a no-op. */
void sl_rule_set_delete(SlRuleSet *set);

/* Parses one rule file's text and adds its rule. On failure returns false, fills
 * `error` (SL_ERROR_RULE, path:line:col) and leaves the set unchanged. */
bool sl_rule_set_add_text(SlRuleSet *set, const char *path, const char *text, size_t byte_count,
                          SlError *error);
/* Adds the built-in catalogue. */
bool sl_rule_set_add_builtin(SlRuleSet *set, SlError *error);
/* Adds every *.yaml / *.yml file of `directory` (sorted by name). */
bool sl_rule_set_add_directory(SlRuleSet *set, const char *directory, SlError *error);

/* Keeps only rules named by `selectors` (ids, names or families; NULL/0 keeps all),
 * then drops those named by `ignores`; unless `keep_opt_in` (listing, explaining,
 * testing), an opt-in rule stays only when a selector names it by id or name. Returns
 * false with `error` (SL_ERROR_USAGE) naming a selector that matches no rule. */
bool sl_rule_set_filter(SlRuleSet *set, const char *const *selectors, size_t selector_count,
                        const char *const *ignores, size_t ignore_count, bool keep_opt_in,
                        SlError *error);

/* Compiles the combined per-language queries. Must be called once after the last add
 * and filter; the set is then read-only and may be shared by threads. */
bool sl_rule_set_finalize(SlRuleSet *set, SlError *error);

size_t sl_rule_set_count(const SlRuleSet *set);
/* Rules in id order; borrowed from the set. */
const SlRule *sl_rule_set_get(const SlRuleSet *set, size_t index);
/* By id or name; NULL when absent. */
const SlRule *sl_rule_set_find(const SlRuleSet *set, const char *id_or_name);

/* The combined query of every Python rule (NULL when there is none); valid after
 * finalize, borrowed from the set. */
const SlQuery *sl_rule_set_python_query(const SlRuleSet *set);
/* The rule that owns pattern `pattern_index` of the combined query. */
const SlRule *sl_rule_set_rule_for_pattern(const SlRuleSet *set, uint32_t pattern_index);

/* Whether `rule` applies to the file at report path `path` with `roles`: its scope
 * holds the roles and no `ignores` glob matches the path. */
bool sl_rule_applies(const SlRule *rule, const char *path, SlRoleSet roles);

/* Whether `selector` names `rule`: its id, its name or its family. */
bool sl_rule_selected_by(const SlRule *rule, const char *selector);

#endif
