/*
 * cli: the command line. Parses options from one static table (which also prints
 * --help), runs the pipeline and returns the exit code: 0 nothing at or above
 * --fail-on, 1 findings at or above it, 2 usage, configuration, rule or internal error.
 */
#ifndef SERVELINT_CLI_H
#define SERVELINT_CLI_H

enum { SL_EXIT_OK = 0, SL_EXIT_FINDINGS = 1, SL_EXIT_ERROR = 2 };

int sl_cli_main(int argc, char **argv);

#endif
