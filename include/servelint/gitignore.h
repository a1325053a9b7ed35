/*
 * gitignore: a matcher for .gitignore patterns with git's semantics.
 *
 * Patterns arrive in groups: one group per .gitignore file (or per call), each with the
 * directory that holds it (`base_dir`, relative to the walk root, '/' separators, ""
 * for the root). A group applies only to paths strictly below its base directory, and
 * its patterns are matched against the path relative to that base.
 *
 * Precedence follows git: among the groups whose base is an ancestor of the path, the
 * deepest one that has a matching pattern decides; within a group the last matching
 * pattern decides (so `!pattern` re-includes what an earlier line excluded); between
 * groups with the same base, the one added later decides (add .git/info/exclude before
 * the root .gitignore). Matching is case-sensitive, as git's default on Linux.
 *
 * Paths given to the queries are relative to the walk root, use '/' separators, and
 * have no leading "./" or '/' and no trailing '/'.
 */
#ifndef SERVELINT_GITIGNORE_H
#define SERVELINT_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/error.h"

typedef struct SlGitignore SlGitignore;

/* The verdict of the patterns on one path, ignoring its parent directories. */
typedef enum {
  SL_GITIGNORE_UNMATCHED, /* no pattern matched */
  SL_GITIGNORE_IGNORED,   /* the deciding pattern excludes the path */
  SL_GITIGNORE_INCLUDED,  /* the deciding pattern is a negation (`!pattern`) */
} SlGitignoreMatch;

/* Returns an empty matcher (never NULL). Caller frees with sl_gitignore_delete. */
SlGitignore *sl_gitignore_new(void);
/* Frees a matcher; NULL is a no-op. */
void sl_gitignore_delete(SlGitignore *gitignore);

/* Adds one group from the text of a .gitignore file: `byte_count` bytes, lines ending
 * in "\n" or "\r\n", `#` comments, blank lines, trailing spaces trimmed unless escaped,
 * `\#` and `\!` escapes, `!` negation, trailing `/` for directories only, a leading or
 * inner `/` anchoring to `base_dir`, `*`, `?`, `[...]` and `**`. `base_dir` may be NULL
 * (the root); a trailing '/' on it is ignored. Never fails. */
void sl_gitignore_add_patterns(SlGitignore *gitignore, const char *text, size_t byte_count,
                               const char *base_dir);
/* Reads `file_path` and adds its patterns as one group under `base_dir`. A missing file
 * (ENOENT, ENOTDIR) adds nothing and returns true. The file is opened without following
 * a symlink (as git does for .gitignore) and without blocking, and must be a regular file
 * no larger than 4 MiB. Returns false with `error` (SL_ERROR_IO, "cannot open: ...",
 * "cannot read: ...", "not a regular file", "larger than ...") and adds nothing when the
 * file exists but cannot be used. */
bool sl_gitignore_add_file(SlGitignore *gitignore, const char *file_path, const char *base_dir,
                           SlError *error);

/* The verdict on `path` alone. Its parent directories are not consulted: a walker that
 * never descends into ignored directories needs no more, as git does. */
SlGitignoreMatch sl_gitignore_match(const SlGitignore *gitignore, const char *path,
                                    bool is_directory);
/* Whether `path` is ignored, either by its own verdict or because one of its parent
 * directories is ignored (a file inside an excluded directory cannot be re-included). */
bool sl_gitignore_is_ignored(const SlGitignore *gitignore, const char *path, bool is_directory);

/* Whether `text` matches the glob `pattern` as git's wildmatch does with WM_PATHNAME:
 * `*`, `?` and `[...]` never match '/', `**` between slashes (or at either end) matches
 * any number of directories, `\` escapes the next character. */
bool sl_gitignore_match_glob(const char *pattern, const char *text);

#endif
