/*
 * walk: finds the files to audit under the given roots.
 *
 * Yields `*.py`, `*.yaml`, `*.yml`, `*.md` and `*.pbtxt` files (and, later, known config names).
 * Honours .gitignore files as git does (nested files, negation, directory-only and anchored
 * patterns), the user's --exclude globs and built-in default excludes (.git,
 * virtualenvs, site-packages, node_modules, build outputs). Never follows a symlink
 * out of its root, survives symlink loops, never opens FIFOs, sockets or devices,
 * skips binary files and files above the size cap, and lists what it skipped.
 * Results are sorted by report path, so the walk is deterministic.
 */
#ifndef SERVELINT_WALK_H
#define SERVELINT_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"
#include "servelint/vec.h"

/* Markdown files and Triton model configs (*.pbtxt) are read as text for evidence only
 * (a documented rollback procedure, a version policy); no rule reports in them. */
typedef enum {
  SL_FILE_PYTHON,
  SL_FILE_YAML,
  SL_FILE_MARKDOWN,
  SL_FILE_DOCKERFILE,
  SL_FILE_SHELL
} SlFileKind;

/* The kind of a file by its name (a directory before it is ignored): *.py, *.yaml / *.yml, *.md and
 * *.pbtxt (read for evidence), Dockerfile / Containerfile / *.Dockerfile /
 * Dockerfile.*, shell scripts (*.sh, *.bash). False when servelint does not read such files. */
bool sl_walk_file_kind(const char *name, SlFileKind *kind);
/* Whether file name `name` (no directory) is an environment file: `.env`, `.env.prod`,
 * `prod.env`; not the templates committed to be copied (`.env.example`, `.env.sample`). */
bool sl_walk_is_env_file(const char *name);

typedef struct {
  const char *const *exclude_globs; /* borrowed; gitignore-syntax patterns from --exclude */
  size_t exclude_count;
  bool default_excludes; /* skip .git, venvs, site-packages, node_modules, build dirs */
  size_t max_file_bytes; /* files larger than this are skipped (listed) */
} SlWalkOptions;

typedef struct {
  char *file_path;   /* owned; path to open (root joined with the relative path) */
  char *report_path; /* owned; relative to the root, '/' separators; a root that is a file
                        keeps the path as the user gave it, without a leading "./" */
  SlFileKind kind;
  size_t byte_count; /* size seen by stat() */
} SlWalkFile;

typedef struct {
  char *report_path; /* owned */
  char *reason;      /* owned; e.g. "binary", "larger than 2097152 bytes", "fifo" */
} SlWalkSkip;

typedef SlVec(SlWalkFile) SlWalkFileVec;
typedef SlVec(SlWalkSkip) SlWalkSkipVec;

typedef struct {
  SlWalkFileVec files;   /* sorted by report_path */
  SlWalkSkipVec skipped; /* sorted by report_path; size cap, binary, special files, unreadable */
} SlWalkResult;

/* Walks every root (a directory or a file). Returns a new result, or NULL with
 * `error` filled (SL_ERROR_USAGE) when a root does not exist. Unreadable entries below
 * a root are listed in `skipped`, never fatal. Caller frees with sl_walk_result_delete. */
SlWalkResult *sl_walk_run(const char *const *roots, size_t root_count, const SlWalkOptions *options,
                          SlError *error);
/* Frees a result; NULL is a no-op. */
void sl_walk_result_delete(SlWalkResult *result);

#endif
