/*
 * options: the command line, parsed from one static table that also prints --help,
 * so the two cannot drift.
 */
#ifndef SERVELINT_OPTIONS_H
#define SERVELINT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"
#include "servelint/finding.h"
#include "servelint/strbuf.h"
#include "servelint/vec.h"

typedef enum { SL_FORMAT_TEXT, SL_FORMAT_JSON, SL_FORMAT_MARKDOWN } SlFormat;
typedef enum { SL_COLOR_AUTO, SL_COLOR_ALWAYS, SL_COLOR_NEVER } SlColor;
typedef enum {
  SL_COMMAND_SCAN,
  SL_COMMAND_TEST_RULES,
  SL_COMMAND_LIST_RULES,
  SL_COMMAND_EXPLAIN,
  SL_COMMAND_HELP,
  SL_COMMAND_VERSION
} SlCommand;

typedef struct {
  SlCommand command;
  SlStringVec paths; /* borrowed from argv; PATH... (scan) or DIR... (test-rules) */
  SlFormat format;
  const char *output; /* borrowed; NULL: standard output */
  SlSeverity fail_on;
  bool fail_on_none;
  unsigned jobs;        /* 0: one per CPU */
  SlStringVec excludes; /* borrowed */
  bool default_excludes;
  size_t max_file_bytes;
  SlStringVec selects;   /* owned copies (comma lists are split) */
  SlStringVec ignores;   /* owned copies */
  SlStringVec rule_dirs; /* borrowed */
  bool default_rules;
  const char *explain; /* borrowed; --explain RULE */
  SlColor color;
} SlOptions;

/* Parses argv into `options` (defaults first). Returns false with `error`
 * (SL_ERROR_USAGE, message naming the option) on a bad option or value. */
bool sl_options_parse(int argc, char **argv, SlOptions *options, SlError *error);
/* Frees what `options` owns. */
void sl_options_clear(SlOptions *options);
/* The --help text, from the option table. */
void sl_options_help(SlStrbuf *out);

#endif
