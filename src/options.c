/*
 * options: command-line parsing from one table. Long options take `--name VALUE` or
 * `--name=VALUE`; short ones `-x VALUE` or `-xVALUE`; `--` ends the options.
 */
#include "servelint/options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"

typedef enum {
  SL_OPTION_FORMAT,
  SL_OPTION_OUTPUT,
  SL_OPTION_FAIL_ON,
  SL_OPTION_JOBS,
  SL_OPTION_EXCLUDE,
  SL_OPTION_NO_DEFAULT_EXCLUDES,
  SL_OPTION_MAX_FILE_SIZE,
  SL_OPTION_SELECT,
  SL_OPTION_IGNORE,
  SL_OPTION_RULES,
  SL_OPTION_NO_DEFAULT_RULES,
  SL_OPTION_LIST_RULES,
  SL_OPTION_EXPLAIN,
  SL_OPTION_COLOR,
  SL_OPTION_VERSION,
  SL_OPTION_HELP,
} SlOptionId;

typedef struct {
  SlOptionId id;
  const char *long_name;
  char short_name;      /* '\0': none */
  const char *argument; /* NULL: a flag */
  const char *help;
} SlOptionSpec;

static const SlOptionSpec option_table[] = {
    {SL_OPTION_FORMAT, "format", 'f', "FORMAT", "text (default), json or markdown"},
    {SL_OPTION_OUTPUT, "output", 'o', "FILE",
     "write the report to FILE (atomically) instead of stdout"},
    {SL_OPTION_FAIL_ON, "fail-on", '\0', "LEVEL",
     "exit 1 on findings at or above LEVEL: high (default), medium, low, info, none"},
    {SL_OPTION_JOBS, "jobs", 'j', "N", "scan with N threads (default: one per CPU)"},
    {SL_OPTION_EXCLUDE, "exclude", '\0', "GLOB",
     "skip paths matching GLOB (gitignore syntax; repeatable)"},
    {SL_OPTION_NO_DEFAULT_EXCLUDES, "no-default-excludes", '\0', NULL,
     "also scan .git, virtualenvs, site-packages, node_modules, build outputs"},
    {SL_OPTION_MAX_FILE_SIZE, "max-file-size", '\0', "BYTES",
     "skip files larger than BYTES (default 2097152; K and M suffixes)"},
    {SL_OPTION_SELECT, "select", '\0', "RULES",
     "run only these rules: ids, names or families, comma-separated (repeatable)"},
    {SL_OPTION_IGNORE, "ignore", '\0', "RULES",
     "do not run these rules: ids, names or families (repeatable)"},
    {SL_OPTION_RULES, "rules", '\0', "DIR",
     "also load the rule files (*.yaml) in DIR (repeatable)"},
    {SL_OPTION_NO_DEFAULT_RULES, "no-default-rules", '\0', NULL, "do not load the built-in rules"},
    {SL_OPTION_LIST_RULES, "list-rules", '\0', NULL,
     "list the rules (with --format json or markdown too) and exit"},
    {SL_OPTION_EXPLAIN, "explain", '\0', "RULE", "explain a rule (id or name) and exit"},
    {SL_OPTION_COLOR, "color", '\0', "WHEN",
     "colour text output: auto (default: a terminal without NO_COLOR), always, never"},
    {SL_OPTION_VERSION, "version", 'V', NULL, "print the version and exit"},
    {SL_OPTION_HELP, "help", 'h', NULL, "print this help and exit"},
};

#define SL_OPTION_COUNT (sizeof option_table / sizeof *option_table)

void sl_options_help(SlStrbuf *out) {
  sl_strbuf_puts(
      out,
      "Usage: servelint [OPTION]... [PATH]...\n"
      "       servelint test-rules [DIR]...\n\n"
      "Audit ML model-serving code (Python, YAML, Dockerfiles, shell scripts) under each PATH\n"
      "(default: .).\n\n"
      "Options:\n");
  for (size_t i = 0; i < SL_OPTION_COUNT; i++) {
    const SlOptionSpec *spec = &option_table[i];
    char left[64];
    snprintf(left, sizeof left, "%s%c%s--%s%s%s", spec->short_name ? "-" : "",
             spec->short_name ? spec->short_name : ' ', spec->short_name ? ", " : "  ",
             spec->long_name, spec->argument ? " " : "", spec->argument ? spec->argument : "");
    sl_strbuf_printf(out, "  %-30s %s\n", spec->short_name ? left : left + 1, spec->help);
  }
  sl_strbuf_puts(out,
                 "\nExit status: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
                 "2 usage, configuration or rule error, or an internal failure.\n");
}

static void sl_options__split(SlStringVec *list, const char *value) {
  for (const char *start = value; *start;) {
    const char *comma = strchr(start, ',');
    size_t length = comma ? (size_t)(comma - start) : strlen(start);
    if (length) sl_vec_push(list, sl_strndup(start, length));
    start += length + (comma ? 1 : 0);
  }
}

static bool sl_options__size(const char *value, size_t *bytes) {
  errno = 0;
  char *end = NULL;
  unsigned long long number = strtoull(value, &end, 10);
  unsigned long long scale = 1;
  if (end == value || value[0] == '-' || errno) return false;
  if (*end == 'K' || *end == 'k')
    scale = 1024, end++;
  else if (*end == 'M' || *end == 'm')
    scale = 1024 * 1024, end++;
  if (*end || number == 0 || number > (1ull << 40) / scale) return false;
  *bytes = (size_t)(number * scale);
  return true;
}

static bool sl_options__value(SlOptions *options, const SlOptionSpec *spec, const char *value,
                              SlError *error) {
  SlOptionId id = spec->id;
  bool ok = true;
  char *end = NULL;
  switch (id) {
    case SL_OPTION_FORMAT:
      if (strcmp(value, "text") == 0)
        options->format = SL_FORMAT_TEXT;
      else if (strcmp(value, "json") == 0)
        options->format = SL_FORMAT_JSON;
      else if (strcmp(value, "markdown") == 0 || strcmp(value, "md") == 0)
        options->format = SL_FORMAT_MARKDOWN;
      else
        ok = false;
      break;
    case SL_OPTION_OUTPUT:
      options->output = value;
      ok = value[0] != '\0';
      break;
    case SL_OPTION_FAIL_ON:
      options->fail_on_none = strcmp(value, "none") == 0;
      ok = options->fail_on_none || sl_severity_parse(value, &options->fail_on);
      break;
    case SL_OPTION_JOBS: {
      long jobs = strtol(value, &end, 10);
      ok = end != value && !*end && jobs >= 1 && jobs <= 256;
      options->jobs = ok ? (unsigned)jobs : 0;
      break;
    }
    case SL_OPTION_EXCLUDE:
      sl_vec_push(&options->excludes, (char *)value);
      break;
    case SL_OPTION_MAX_FILE_SIZE:
      ok = sl_options__size(value, &options->max_file_bytes);
      break;
    case SL_OPTION_SELECT:
      sl_options__split(&options->selects, value);
      break;
    case SL_OPTION_IGNORE:
      sl_options__split(&options->ignores, value);
      break;
    case SL_OPTION_RULES:
      sl_vec_push(&options->rule_dirs, (char *)value);
      break;
    case SL_OPTION_EXPLAIN:
      options->explain = value;
      options->command = SL_COMMAND_EXPLAIN;
      break;
    case SL_OPTION_COLOR:
      if (strcmp(value, "auto") == 0)
        options->color = SL_COLOR_AUTO;
      else if (strcmp(value, "always") == 0)
        options->color = SL_COLOR_ALWAYS;
      else if (strcmp(value, "never") == 0)
        options->color = SL_COLOR_NEVER;
      else
        ok = false;
      break;
    default:
      break;
  }
  if (!ok)
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0, "invalid value '%s' for --%s", value,
                 spec->long_name);
  return ok;
}

static void sl_options__flag(SlOptions *options, SlOptionId id) {
  switch (id) {
    case SL_OPTION_NO_DEFAULT_EXCLUDES:
      options->default_excludes = false;
      break;
    case SL_OPTION_NO_DEFAULT_RULES:
      options->default_rules = false;
      break;
    case SL_OPTION_LIST_RULES:
      options->command = SL_COMMAND_LIST_RULES;
      break;
    case SL_OPTION_VERSION:
      options->command = SL_COMMAND_VERSION;
      break;
    case SL_OPTION_HELP:
      options->command = SL_COMMAND_HELP;
      break;
    default:
      break;
  }
}

static const SlOptionSpec *sl_options__find(const char *long_name, size_t length, char short_name) {
  for (size_t i = 0; i < SL_OPTION_COUNT; i++) {
    const SlOptionSpec *spec = &option_table[i];
    if (short_name
            ? spec->short_name == short_name
            : strlen(spec->long_name) == length && memcmp(spec->long_name, long_name, length) == 0)
      return spec;
  }
  return NULL;
}

/* Parses argv[*index] (an option); may consume the next argument as its value. */
static bool sl_options__one(int argc, char **argv, int *index, SlOptions *options, SlError *error) {
  const char *argument = argv[*index];
  bool is_long = argument[1] == '-';
  const char *name = argument + (is_long ? 2 : 1);
  const char *equals = is_long ? strchr(name, '=') : NULL;
  size_t length = equals ? (size_t)(equals - name) : strlen(name);
  const SlOptionSpec *spec = sl_options__find(name, length, is_long ? '\0' : name[0]);
  if (!spec) {
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0, "unknown option '%s' (see --help)", argument);
    return false;
  }
  const char *value = equals ? equals + 1 : (!is_long && name[1]) ? name + 1 : NULL;
  if (!spec->argument) {
    if (value) {
      sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0, "--%s takes no value", spec->long_name);
      return false;
    }
    sl_options__flag(options, spec->id);
    return true;
  }
  if (!value && *index + 1 < argc) value = argv[++*index];
  if (!value) {
    sl_error_set(error, SL_ERROR_USAGE, NULL, 0, 0, "--%s needs a value (%s)", spec->long_name,
                 spec->argument);
    return false;
  }
  return sl_options__value(options, spec, value, error);
}

bool sl_options_parse(int argc, char **argv, SlOptions *options, SlError *error) {
  *options = (SlOptions){.command = SL_COMMAND_SCAN,
                         .fail_on = SL_SEVERITY_HIGH,
                         .default_excludes = true,
                         .max_file_bytes = 2u * 1024u * 1024u,
                         .default_rules = true};
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "test-rules") == 0) {
    options->command = SL_COMMAND_TEST_RULES;
    first = 2;
  }
  bool options_done = false;
  for (int i = first; i < argc; i++) {
    const char *argument = argv[i];
    if (!options_done && strcmp(argument, "--") == 0)
      options_done = true;
    else if (!options_done && argument[0] == '-' && argument[1] != '\0') {
      if (!sl_options__one(argc, argv, &i, options, error)) return false;
    } else
      sl_vec_push(&options->paths, (char *)argument);
  }
  return true;
}

void sl_options_clear(SlOptions *options) {
  for (size_t i = 0; i < options->selects.count; i++) sl_free(options->selects.items[i]);
  for (size_t i = 0; i < options->ignores.count; i++) sl_free(options->ignores.items[i]);
  sl_vec_delete(&options->selects);
  sl_vec_delete(&options->ignores);
  sl_vec_delete(&options->paths);
  sl_vec_delete(&options->excludes);
  sl_vec_delete(&options->rule_dirs);
}
