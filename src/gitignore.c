/*
 * gitignore: git's pattern semantics. The glob matcher follows git's wildmatch.c
 * (WM_PATHNAME, case-sensitive), including its two abort codes, which keep `*` and
 * `**` from backtracking exponentially: once the rest of the pattern cannot match
 * anywhere further right, every enclosing star gives up at once.
 */
#include "servelint/gitignore.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "servelint/alloc.h"
#include "servelint/strbuf.h"
#include "servelint/vec.h"

/* Largest .gitignore read; beyond this the file is refused rather than truncated. */
#define SL_GITIGNORE__MAX_BYTES ((size_t)4 << 20)

typedef enum {
  SL_GITIGNORE__NOMATCH,
  SL_GITIGNORE__MATCH,
  SL_GITIGNORE__ABORT_ALL,         /* no match at this or any later text position */
  SL_GITIGNORE__ABORT_TO_STARSTAR, /* a single `*` hit '/': only an outer `**` may retry */
} SlGitignoreWild;

typedef struct {
  char *glob;          /* owned; without `!`, the leading '/' and the trailing '/' */
  bool negated;        /* `!pattern` */
  bool directory_only; /* ended in '/' */
  bool basename_only;  /* had no '/': matches the last path component at any depth */
} SlGitignorePattern;

typedef struct {
  char *base;         /* owned; "" for the root, else "a/b" without a trailing '/' */
  size_t base_length; /* strlen(base) */
  SlVec(SlGitignorePattern) patterns;
} SlGitignoreGroup;

struct SlGitignore {
  SlVec(SlGitignoreGroup) groups; /* in the order added */
};

/* ---- glob matching (wildmatch) ---- */

static SlGitignoreWild sl_gitignore__wild(const char *pattern, const char *p, const char *text);

static bool sl_gitignore__is_glob_special(char c) {
  return c == '*' || c == '?' || c == '[' || c == '\\';
}

static bool sl_gitignore__in_named_class(const char *name, size_t length, unsigned char c) {
  static const struct {
    const char *name;
    int (*test)(int);
  } classes[] = {
      {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
      {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
      {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
  };
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strlen(classes[i].name) == length && memcmp(classes[i].name, name, length) == 0)
      return classes[i].test(c) != 0;
  return false;
}

static bool sl_gitignore__is_named_class(const char *name, size_t length) {
  static const char *const names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                      "lower", "print", "punct", "space", "upper", "xdigit"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i]) == length && memcmp(names[i], name, length) == 0) return true;
  return false;
}

/* `*cursor` is at the '[' of a "[:name:]" inside a bracket expression. Returns -1 for a
 * malformed expression (the whole match aborts), 0 when this is not a named class (the
 * '[' is then an ordinary member), 1 when it is; then `*cursor` is left on its final ']'
 * and `*matched` is set if `c` belongs to the class. */
static int sl_gitignore__named_class(const char **cursor, unsigned char c, bool *matched) {
  const char *name = *cursor + 2;
  const char *end = name;
  while (*end && *end != ']') end++;
  if (!*end) return -1;
  if (end - name < 1 || end[-1] != ':') return 0;
  size_t length = (size_t)(end - name) - 1;
  if (!sl_gitignore__is_named_class(name, length)) return -1;
  if (sl_gitignore__in_named_class(name, length, c)) *matched = true;
  *cursor = end;
  return 1;
}

/* Matches one text character `c` against the bracket expression at `*cursor` (its '[').
 * On MATCH or NOMATCH `*cursor` is left on the closing ']'. A bracket expression never
 * matches '/'. */
static SlGitignoreWild sl_gitignore__class(const char **cursor, unsigned char c) {
  const char *p = *cursor + 1;
  unsigned char member = (unsigned char)*p;
  if (member == '^') member = '!';
  bool negated = member == '!', matched = false;
  if (negated) member = (unsigned char)*++p;
  unsigned char previous = 0;
  do {
    if (!member) return SL_GITIGNORE__ABORT_ALL;
    if (member == '\\') {
      member = (unsigned char)*++p;
      if (!member) return SL_GITIGNORE__ABORT_ALL;
      if (c == member) matched = true;
    } else if (member == '-' && previous && p[1] && p[1] != ']') {
      member = (unsigned char)*++p;
      if (member == '\\' && !(member = (unsigned char)*++p)) return SL_GITIGNORE__ABORT_ALL;
      if (c >= previous && c <= member) matched = true;
      member = 0; /* a range cannot start another range */
    } else if (member == '[' && p[1] == ':') {
      int named = sl_gitignore__named_class(&p, c, &matched);
      if (named < 0) return SL_GITIGNORE__ABORT_ALL;
      if (named > 0)
        member = 0;
      else if (c == member)
        matched = true;
    } else if (c == member) {
      matched = true;
    }
    previous = member;
    member = (unsigned char)*++p;
  } while (member != ']');
  *cursor = p;
  return matched == negated || c == '/' ? SL_GITIGNORE__NOMATCH : SL_GITIGNORE__MATCH;
}

/* Tries the rest of the pattern `p` (after a star) at each text position from `text`.
 * `match_slash` says whether the star may swallow '/' (a `**` between slashes). */
static SlGitignoreWild sl_gitignore__star_scan(const char *pattern, const char *p, const char *text,
                                               bool match_slash) {
  for (char t = *text; t != '\0'; t = *++text) {
    if (!sl_gitignore__is_glob_special(*p)) {
      /* The next literal must start the rest; skip ahead to it. */
      while ((t = *text) != '\0' && (match_slash || t != '/') && t != *p) text++;
      if (t != *p) return SL_GITIGNORE__NOMATCH;
    }
    SlGitignoreWild matched = sl_gitignore__wild(pattern, p, text);
    if (matched != SL_GITIGNORE__NOMATCH) {
      if (!match_slash || matched != SL_GITIGNORE__ABORT_TO_STARSTAR) return matched;
    } else if (!match_slash && t == '/') {
      return SL_GITIGNORE__ABORT_TO_STARSTAR;
    }
  }
  return SL_GITIGNORE__ABORT_ALL;
}

/* `p` is at a '*' of `pattern`; `text` is what is left to match. */
static SlGitignoreWild sl_gitignore__star(const char *pattern, const char *p, const char *text) {
  const char *first = p++;
  bool match_slash = false;
  if (*p == '*') {
    while (*p == '*') p++;
    bool slash_before = first == pattern || first[-1] == '/';
    bool slash_after = *p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/');
    if (slash_before && slash_after) {
      /* "**" + "/" may match no directory at all: "a/ ** /b" matches "a/b". */
      if (*p == '/' && sl_gitignore__wild(pattern, p + 1, text) == SL_GITIGNORE__MATCH)
        return SL_GITIGNORE__MATCH;
      match_slash = true;
    }
  }
  if (*p == '\0')
    return match_slash || !strchr(text, '/') ? SL_GITIGNORE__MATCH : SL_GITIGNORE__NOMATCH;
  if (!match_slash && *p == '/') {
    /* A single star before '/' swallows exactly the rest of one path component. */
    const char *slash = strchr(text, '/');
    return slash ? sl_gitignore__wild(pattern, p, slash) : SL_GITIGNORE__NOMATCH;
  }
  return sl_gitignore__star_scan(pattern, p, text, match_slash);
}

/* Matches pattern suffix `p` (within the whole `pattern`, needed to see what precedes a
 * `**`) against `text`. */
static SlGitignoreWild sl_gitignore__wild(const char *pattern, const char *p, const char *text) {
  for (; *p; p++, text++) {
    unsigned char t = (unsigned char)*text;
    if (!t && *p != '*') return SL_GITIGNORE__ABORT_ALL;
    switch (*p) {
      case '*':
        return sl_gitignore__star(pattern, p, text);
      case '?':
        if (t == '/') return SL_GITIGNORE__NOMATCH;
        break;
      case '[': {
        SlGitignoreWild member = sl_gitignore__class(&p, t);
        if (member != SL_GITIGNORE__MATCH) return member;
        break;
      }
      case '\\':
        /* A trailing backslash compares '\0' with a non-NUL t: no match, p stays put. */
        if ((unsigned char)*++p != t) return SL_GITIGNORE__NOMATCH;
        break;
      default:
        if ((unsigned char)*p != t) return SL_GITIGNORE__NOMATCH;
    }
  }
  return *text ? SL_GITIGNORE__NOMATCH : SL_GITIGNORE__MATCH;
}

bool sl_gitignore_match_glob(const char *pattern, const char *text) {
  return sl_gitignore__wild(pattern, pattern, text) == SL_GITIGNORE__MATCH;
}

/* ---- parsing ---- */

SlGitignore *sl_gitignore_new(void) { return sl_calloc(1, sizeof(SlGitignore)); }

void sl_gitignore_delete(SlGitignore *gitignore) {
  if (!gitignore) return;
  for (size_t i = 0; i < gitignore->groups.count; i++) {
    SlGitignoreGroup *group = &gitignore->groups.items[i];
    for (size_t j = 0; j < group->patterns.count; j++) sl_free(group->patterns.items[j].glob);
    sl_vec_delete(&group->patterns);
    sl_free(group->base);
  }
  sl_vec_delete(&gitignore->groups);
  sl_free(gitignore);
}

/* Cuts trailing spaces, except one escaped by a backslash (git's trim_trailing_spaces). */
static void sl_gitignore__trim_trailing_spaces(char *line) {
  char *last_space = NULL;
  for (char *p = line; *p; p++) {
    if (*p == ' ') {
      if (!last_space) last_space = p;
      continue;
    }
    if (*p == '\\' && !*++p) return;
    last_space = NULL;
  }
  if (last_space) *last_space = '\0';
}

/* Parses one line (mutable, NUL-terminated, without its '\n') into `group`. */
static void sl_gitignore__add_line(SlGitignoreGroup *group, char *line) {
  size_t length = strlen(line);
  if (length && line[length - 1] == '\r') line[--length] = '\0';
  if (line[0] == '#' || line[0] == '\0') return;
  sl_gitignore__trim_trailing_spaces(line);
  SlGitignorePattern pattern = {.negated = line[0] == '!'};
  char *glob = line + pattern.negated;
  length = strlen(glob);
  pattern.directory_only = length > 0 && glob[length - 1] == '/';
  if (pattern.directory_only) glob[--length] = '\0';
  pattern.basename_only = strchr(glob, '/') == NULL;
  if (glob[0] == '/') glob++, length--;
  if (length == 0) return;
  pattern.glob = sl_strndup(glob, length);
  sl_vec_push(&group->patterns, pattern);
}

void sl_gitignore_add_patterns(SlGitignore *gitignore, const char *text, size_t byte_count,
                               const char *base_dir) {
  SlGitignoreGroup group = {0};
  size_t base_length = base_dir ? strlen(base_dir) : 0;
  while (base_length && base_dir[base_length - 1] == '/') base_length--;
  group.base = sl_strndup(base_length ? base_dir : "", base_length);
  group.base_length = base_length;
  for (size_t start = 0; start < byte_count;) {
    const char *newline = memchr(text + start, '\n', byte_count - start);
    size_t end = newline ? (size_t)(newline - text) : byte_count;
    char *line = sl_strndup(text + start, end - start);
    sl_gitignore__add_line(&group, line);
    sl_free(line);
    start = end + 1;
  }
  sl_vec_push(&gitignore->groups, group);
}

/* Reads all of an open descriptor (at most SL_GITIGNORE__MAX_BYTES) into `contents`. */
static bool sl_gitignore__read_all(int fd, SlStrbuf *contents, const char *file_path,
                                   SlError *error) {
  char chunk[8192];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      sl_error_set(error, SL_ERROR_IO, file_path, 0, 0, "cannot read: %s", strerror(errno));
      return false;
    }
    if (got == 0) return true;
    if (contents->length + (size_t)got > SL_GITIGNORE__MAX_BYTES) {
      sl_error_set(error, SL_ERROR_IO, file_path, 0, 0, "larger than %zu bytes",
                   SL_GITIGNORE__MAX_BYTES);
      return false;
    }
    sl_strbuf_append(contents, chunk, (size_t)got);
  }
}

bool sl_gitignore_add_file(SlGitignore *gitignore, const char *file_path, const char *base_dir,
                           SlError *error) {
  bool ok = false;
  SlStrbuf contents = {0};
  struct stat status;
  int fd = open(file_path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return true;
    sl_error_set(error, SL_ERROR_IO, file_path, 0, 0, "cannot open: %s", strerror(errno));
    return false;
  }
  if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    sl_error_set(error, SL_ERROR_IO, file_path, 0, 0, "not a regular file");
    goto out;
  }
  if (!sl_gitignore__read_all(fd, &contents, file_path, error)) goto out;
  sl_gitignore_add_patterns(gitignore, sl_strbuf_cstr(&contents), contents.length, base_dir);
  ok = true;
out:
  sl_strbuf_delete(&contents);
  close(fd);
  return ok;
}

/* ---- queries ---- */

static bool sl_gitignore__pattern_matches(const SlGitignorePattern *pattern, const char *relative,
                                          bool is_directory) {
  if (pattern->directory_only && !is_directory) return false;
  if (!pattern->basename_only) return sl_gitignore_match_glob(pattern->glob, relative);
  const char *slash = strrchr(relative, '/');
  return sl_gitignore_match_glob(pattern->glob, slash ? slash + 1 : relative);
}

/* The verdict of one group; UNMATCHED when its base is not a proper ancestor of `path`. */
static SlGitignoreMatch sl_gitignore__group_match(const SlGitignoreGroup *group, const char *path,
                                                  bool is_directory) {
  const char *relative = path;
  if (group->base_length) {
    if (strncmp(path, group->base, group->base_length) != 0) return SL_GITIGNORE_UNMATCHED;
    if (path[group->base_length] != '/') return SL_GITIGNORE_UNMATCHED;
    relative = path + group->base_length + 1;
  }
  if (!*relative) return SL_GITIGNORE_UNMATCHED;
  for (size_t i = group->patterns.count; i-- > 0;) {
    const SlGitignorePattern *pattern = &group->patterns.items[i];
    if (sl_gitignore__pattern_matches(pattern, relative, is_directory))
      return pattern->negated ? SL_GITIGNORE_INCLUDED : SL_GITIGNORE_IGNORED;
  }
  return SL_GITIGNORE_UNMATCHED;
}

SlGitignoreMatch sl_gitignore_match(const SlGitignore *gitignore, const char *path,
                                    bool is_directory) {
  SlGitignoreMatch verdict = SL_GITIGNORE_UNMATCHED;
  size_t verdict_depth = 0;
  /* Latest group first, so that of two groups with the same base the later one wins. */
  for (size_t i = gitignore->groups.count; i-- > 0;) {
    const SlGitignoreGroup *group = &gitignore->groups.items[i];
    if (verdict != SL_GITIGNORE_UNMATCHED && group->base_length <= verdict_depth) continue;
    SlGitignoreMatch match = sl_gitignore__group_match(group, path, is_directory);
    if (match == SL_GITIGNORE_UNMATCHED) continue;
    verdict = match;
    verdict_depth = group->base_length;
  }
  return verdict;
}

bool sl_gitignore_is_ignored(const SlGitignore *gitignore, const char *path, bool is_directory) {
  char *prefix = sl_strdup(path);
  bool ignored = false;
  for (char *slash = strchr(prefix, '/'); slash && !ignored; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    ignored = sl_gitignore_match(gitignore, prefix, true) == SL_GITIGNORE_IGNORED;
    *slash = '/';
  }
  if (!ignored) ignored = sl_gitignore_match(gitignore, path, is_directory) == SL_GITIGNORE_IGNORED;
  sl_free(prefix);
  return ignored;
}
