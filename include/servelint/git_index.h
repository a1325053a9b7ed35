/*
 * git_index: the paths git tracks in a working tree, read from `.git/index`.
 *
 * git never ignores a tracked file: a path listed in `.gitignore` that was committed
 * anyway (with `git add -f`, or before the pattern was added) is still part of the
 * repository, and the walk must audit it. This reader lists the index's paths (format
 * versions 2, 3 and 4, SHA-1 object names) so the walk can tell them apart; it reads
 * nothing else from the index and does not verify its checksum.
 *
 * Paths are relative to the working tree's top, '/' separators, sorted as git sorts
 * them (bytewise), which is what the queries' binary searches rely on.
 */
#ifndef SERVELINT_GIT_INDEX_H
#define SERVELINT_GIT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct SlGitIndex SlGitIndex;

/* Reads `<top>/.git/index`. NULL when there is none, or it cannot be read or parsed
 * (an unknown version, a truncated file): the walk then honours .gitignore alone. */
SlGitIndex *sl_git_index_load(const char *top);

/* Parses the bytes of an index file (exposed for tests); NULL when malformed. */
SlGitIndex *sl_git_index_parse(const unsigned char *bytes, size_t byte_count);

/* Frees an index; NULL is a no-op. */
void sl_git_index_delete(SlGitIndex *index);

/* The number of paths the index lists. */
size_t sl_git_index_count(const SlGitIndex *index);

/* Whether git tracks the file at `path`. */
bool sl_git_index_tracks(const SlGitIndex *index, const char *path);

/* Whether git tracks some file below the directory `path` ("" is the top). */
bool sl_git_index_tracks_below(const SlGitIndex *index, const char *path);

#endif
