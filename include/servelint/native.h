/*
 * native: checks written in C, for the analyses a query cannot express (facts such
 * as the model inventory, or a whole repository). A rule names one with
 * `match: {native: NAME}`; its metadata, tests and docs still live in rules/.
 * File checks run in the parallel phase on each file in the rule's scope; repository
 * checks run once, after every file, over the merged facts.
 */
#ifndef SERVELINT_NATIVE_H
#define SERVELINT_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "servelint/facts.h"
#include "servelint/matcher.h"
#include "servelint/yaml_tree.h"

typedef struct SlNativeEmitter SlNativeEmitter; /* the engine's; see sl_native_emit */

/* A value for a {{name}} placeholder of the rule's message. */
typedef struct {
  const char *name;
  const char *value;
} SlNativeVar;

/* Where and what a native check reports. Strings are borrowed for the call. */
typedef struct {
  const char *path; /* report path; NULL: the file being scanned */
  SlSpan span;
  const char *snippet; /* the text of span's first line; NULL: read from the scanned file */
  const char *code;    /* the code judged, for the fingerprint; NULL: the snippet */
  const SlNativeVar *vars;
  size_t var_count;
} SlNativeHit;

/* Reports one finding of the check's rule. */
void sl_native_emit(SlNativeEmitter *emitter, const SlNativeHit *hit);
/* Whether the check's rule applies to a file (its scope and ignores; sl_rule_applies).
 * File checks are only called where it does; repository checks ask per file. */
bool sl_native_applies(const SlNativeEmitter *emitter, const SlFileFacts *facts);

typedef struct {
  const SlSource *source;   /* the file */
  TSNode root;              /* its tree (Python) or a null node (YAML) */
  const SlFileFacts *facts; /* its facts */
  SlFileScan *scan;         /* its scan state (regex scratch, roles) */
  const SlYamlFile *yaml;   /* its documents (YAML files); NULL otherwise */
} SlNativeFile;

typedef void (*SlNativeFileFn)(const SlNativeFile *file, SlNativeEmitter *emitter);
typedef void (*SlNativeRepoFn)(const SlRepoFacts *repo, SlNativeEmitter *emitter);

typedef struct SlNativeCheck {
  const char *name;          /* as named in rules: `native: NAME` */
  int language;              /* file checks: the SlLanguage of the files judged (0 python,
                                1 yaml, 2 dockerfile, 3 shell) */
  SlNativeFileFn file_check; /* exactly one of file_check and repo_check is set */
  SlNativeRepoFn repo_check;
} SlNativeCheck;

/* The check named `name`, or NULL. */
const SlNativeCheck *sl_native_find(const char *name);

#endif
