/*
 * walk: the file walker.
 *
 * Each directory root is walked depth-first with entries in byte order, so the walk and
 * its output are deterministic. A directory is read whole and closed before its children
 * are visited, so open descriptors never grow with depth. Every directory walked is
 * recorded by (st_dev, st_ino) and never walked twice, which both ends symlink loops and
 * keeps a web of links from multiplying the walk. Symlinks to directories are followed
 * only after the real tree of the root has been walked, so a directory reachable both
 * directly and through a link is reported under its real path.
 *
 * Nothing is opened before lstat/stat says it is a regular file, and candidate files are
 * opened with O_NONBLOCK and checked again with fstat, so a FIFO or device swapped in
 * meanwhile cannot block or be read.
 */
#include "servelint/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "servelint/alloc.h"
#include "servelint/git_index.h"
#include "servelint/gitignore.h"
#include "servelint/strbuf.h"

/* Bytes read from the start of a candidate to decide whether it is binary. */
#define SL_WALK__SNIFF_BYTES 8192

typedef struct {
  SlWalkFile file;
  size_t root_index; /* of the root that reached it; the first root wins on duplicates */
} SlWalkFileEntry;

typedef struct {
  SlWalkSkip skip;
  char *file_path; /* owned; for removing duplicates across roots */
  size_t root_index;
} SlWalkSkipEntry;

typedef struct {
  dev_t device;
  ino_t inode;
  bool used;
} SlWalkDirId;

/* An open-addressing set of directories already walked; capacity is 0 or a power of two,
 * and at most half full. */
typedef struct {
  SlWalkDirId *slots; /* owned */
  size_t capacity;
  size_t count;
} SlWalkDirSet;

typedef SlVec(char *) SlWalkNames;

/* A symlink to a directory, found in the real tree and walked afterwards. */
typedef struct {
  char *report_path; /* owned */
  char *file_path;   /* owned */
} SlWalkPending;

typedef struct {
  const SlWalkOptions *options;
  const SlGitignore *excludes; /* the --exclude globs, relative to each root */
  SlVec(SlWalkFileEntry) files;
  SlVec(SlWalkSkipEntry) skipped;
  /* The root being walked: */
  size_t root_index;
  const char *root_path;        /* normalized; "." when the root is the working directory */
  char *root_real;              /* owned; realpath of the root, NULL if it could not be resolved */
  SlGitignore *gitignore;       /* owned; every .gitignore loaded under this root */
  bool in_work_tree;            /* a `.git` at the root or above: .gitignore files apply */
  SlGitIndex *tracked;          /* owned; the files git tracks when the root is a work tree's top */
  SlVec(char *) ignored_walked; /* owned; ignored directories walked for the tracked files
                                   they hold: their other entries are ignored with them */
  SlWalkDirSet visited;
  SlVec(SlWalkPending) pending;
} SlWalkState;

/* ---- small helpers ---- */

static bool sl_walk__has_suffix(const char *text, const char *suffix) {
  size_t text_length = strlen(text), suffix_length = strlen(suffix);
  return text_length >= suffix_length &&
         memcmp(text + text_length - suffix_length, suffix, suffix_length) == 0;
}

/* Dockerfile, Containerfile, api.Dockerfile, Dockerfile.gpu (any case of the stem). */
static bool sl_walk__is_dockerfile(const char *name) {
  static const char *const stems[] = {"dockerfile", "containerfile"};
  for (size_t i = 0; i < sizeof stems / sizeof *stems; i++) {
    size_t length = strlen(stems[i]), name_length = strlen(name);
    if (strncasecmp(name, stems[i], length) == 0 && (name[length] == '\0' || name[length] == '.'))
      return true;
    if (name_length > length && name[name_length - length - 1] == '.' &&
        strcasecmp(name + name_length - length, stems[i]) == 0)
      return true;
  }
  return false;
}

/* `.env`, `.env.prod`, `prod.env`; not the templates committed to be copied
 * (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`). */
bool sl_walk_is_env_file(const char *name) {
  static const char *const templates[] = {".example", ".sample", ".template",
                                          ".dist",    ".tpl",    ".defaults"};
  if (strcmp(name, ".env") != 0 && strncmp(name, ".env.", 5) != 0 &&
      !sl_walk__has_suffix(name, ".env"))
    return false;
  for (size_t i = 0; i < sizeof templates / sizeof *templates; i++)
    if (strstr(name, templates[i])) return false;
  return true;
}

bool sl_walk_file_kind(const char *name, SlFileKind *kind) {
  const char *slash = strrchr(name, '/');
  if (slash) name = slash + 1;
  if (sl_walk__is_dockerfile(name)) {
    *kind = SL_FILE_DOCKERFILE;
    return true;
  }
  if (sl_walk__has_suffix(name, ".py")) {
    *kind = SL_FILE_PYTHON;
    return true;
  }
  if (sl_walk__has_suffix(name, ".yaml") || sl_walk__has_suffix(name, ".yml")) {
    *kind = SL_FILE_YAML;
    return true;
  }
  if (sl_walk__has_suffix(name, ".sh") || sl_walk__has_suffix(name, ".bash") ||
      sl_walk_is_env_file(name)) {
    *kind = SL_FILE_SHELL; /* environment files are `NAME=value` lines a shell can source */
    return true;
  }
  if (sl_walk__has_suffix(name, ".md") || sl_walk__has_suffix(name, ".pbtxt")) {
    *kind = SL_FILE_MARKDOWN; /* text read for evidence: docs, Triton model configs */
    return true;
  }
  return false;
}

/* `directory` joined with `name`; "" or "." as `directory` yields `name` alone. */
static char *sl_walk__join(const char *directory, const char *name) {
  if (!directory[0] || strcmp(directory, ".") == 0) return sl_strdup(name);
  SlStrbuf joined = {0};
  sl_strbuf_puts(&joined, directory);
  if (!sl_walk__has_suffix(directory, "/")) sl_strbuf_puts(&joined, "/");
  sl_strbuf_puts(&joined, name);
  return sl_strbuf_take(&joined);
}

/* A root as the user gave it, without leading "./" and trailing '/'; "." for the working
 * directory and "/" for the file system root. */
static char *sl_walk__normalize_root(const char *root) {
  while (root[0] == '.' && root[1] == '/') {
    root += 2;
    while (*root == '/') root++;
  }
  size_t length = strlen(root);
  while (length > 1 && root[length - 1] == '/') length--;
  if (length == 0) return sl_strdup(".");
  return sl_strndup(root, length);
}

static void sl_walk__add_skip(SlWalkState *state, const char *report_path, const char *file_path,
                              const char *reason) {
  SlWalkSkipEntry entry = {
      .skip = {.report_path = sl_strdup(report_path), .reason = sl_strdup(reason)},
      .file_path = sl_strdup(file_path),
      .root_index = state->root_index,
  };
  sl_vec_push(&state->skipped, entry);
}

static void sl_walk__add_skip_errno(SlWalkState *state, const char *report_path,
                                    const char *file_path, const char *what, int error_number) {
  char reason[256];
  snprintf(reason, sizeof reason, "%s: %s", what, strerror(error_number));
  sl_walk__add_skip(state, report_path, file_path, reason);
}

/* ---- the set of directories walked ---- */

static size_t sl_walk__dir_hash(dev_t device, ino_t inode) {
  uint64_t hash = (uint64_t)device * 0x9E3779B97F4A7C15u ^ (uint64_t)inode;
  hash ^= hash >> 31;
  hash *= 0xBF58476D1CE4E5B9u;
  hash ^= hash >> 29;
  return (size_t)hash;
}

/* The slot holding (device, inode), or the empty slot where it belongs. */
static SlWalkDirId *sl_walk__dir_slot(const SlWalkDirSet *set, dev_t device, ino_t inode) {
  size_t mask = set->capacity - 1;
  for (size_t i = sl_walk__dir_hash(device, inode) & mask;; i = (i + 1) & mask) {
    SlWalkDirId *slot = &set->slots[i];
    if (!slot->used || (slot->device == device && slot->inode == inode)) return slot;
  }
}

static void sl_walk__dir_set_grow(SlWalkDirSet *set) {
  SlWalkDirSet grown = {.capacity = set->capacity ? set->capacity * 2 : 64};
  grown.slots = sl_calloc(grown.capacity, sizeof *grown.slots);
  for (size_t i = 0; i < set->capacity; i++)
    if (set->slots[i].used)
      *sl_walk__dir_slot(&grown, set->slots[i].device, set->slots[i].inode) = set->slots[i];
  grown.count = set->count;
  sl_free(set->slots);
  *set = grown;
}

/* Records a directory; returns false when it was already recorded. */
static bool sl_walk__dir_set_insert(SlWalkDirSet *set, dev_t device, ino_t inode) {
  if ((set->count + 1) * 2 > set->capacity) sl_walk__dir_set_grow(set);
  SlWalkDirId *slot = sl_walk__dir_slot(set, device, inode);
  if (slot->used) return false;
  *slot = (SlWalkDirId){.device = device, .inode = inode, .used = true};
  set->count++;
  return true;
}

/* ---- candidate files ---- */

/* Why an open regular file must not be audited, or NULL: too large or binary.
 * `reason` receives the text when the answer is not NULL. */
static const char *sl_walk__sniff(SlWalkState *state, int fd, const struct stat *status,
                                  char *reason, size_t reason_size) {
  if ((uintmax_t)status->st_size > (uintmax_t)state->options->max_file_bytes) {
    snprintf(reason, reason_size, "larger than %zu bytes", state->options->max_file_bytes);
    return reason;
  }
  char head[SL_WALK__SNIFF_BYTES];
  size_t filled = 0;
  while (filled < sizeof head) {
    ssize_t got = read(fd, head + filled, sizeof head - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      snprintf(reason, reason_size, "cannot read: %s", strerror(errno));
      return reason;
    }
    if (got == 0) break;
    filled += (size_t)got;
  }
  if (!memchr(head, '\0', filled)) return NULL;
  snprintf(reason, reason_size, "binary");
  return reason;
}

/* Audits `file_path` if it is a regular, small enough, text file; lists it in skipped
 * otherwise. The caller has checked the name and the ignore rules. */
static void sl_walk__consider_file(SlWalkState *state, const char *report_path,
                                   const char *file_path, SlFileKind kind) {
  char reason[320];
  struct stat status;
  int fd = open(file_path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    sl_walk__add_skip_errno(state, report_path, file_path, "cannot open", errno);
    return;
  }
  if (fstat(fd, &status) != 0) {
    sl_walk__add_skip_errno(state, report_path, file_path, "cannot stat", errno);
    goto out;
  }
  if (!S_ISREG(status.st_mode)) {
    sl_walk__add_skip(state, report_path, file_path, "not a regular file");
    goto out;
  }
  if (sl_walk__sniff(state, fd, &status, reason, sizeof reason)) {
    sl_walk__add_skip(state, report_path, file_path, reason);
    goto out;
  }
  SlWalkFileEntry entry = {
      .file = {.file_path = sl_strdup(file_path),
               .report_path = sl_strdup(report_path),
               .kind = kind,
               .byte_count = (size_t)status.st_size},
      .root_index = state->root_index,
  };
  sl_vec_push(&state->files, entry);
out:
  close(fd);
}

/* ---- ignore rules ---- */

static bool sl_walk__default_excluded(const char *name, const char *file_path) {
  static const char *const names[] = {
      ".git",          ".hg",          ".svn",        ".venv", "venv",  "site-packages",
      "dist-packages", "node_modules", "__pycache__", ".tox",  ".nox",  ".mypy_cache",
      ".pytest_cache", ".ruff_cache",  "build",       "dist",  ".eggs",
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0) return true;
  if (sl_walk__has_suffix(name, ".egg-info")) return true;
  /* Any virtualenv, whatever its name ("env", ".env-3.11", ...), holds pyvenv.cfg. */
  char *marker = sl_walk__join(file_path, "pyvenv.cfg");
  struct stat status;
  bool is_venv = lstat(marker, &status) == 0;
  sl_free(marker);
  return is_venv;
}

/* Whether git ignores an entry: a .gitignore pattern matches it (or an ignored directory
 * holds it), and git does not track it (for a directory: nothing below it). Without an
 * index an ignored directory is never entered, so the path's own match decides; with one,
 * an ignored directory holding a tracked file is walked (and remembered), and its other
 * entries are ignored with it: git cannot re-include a file whose parent directory is
 * excluded. */
static bool sl_walk__ignored_by_git(SlWalkState *state, const char *report_path,
                                    bool is_directory) {
  bool ignored =
      sl_gitignore_match(state->gitignore, report_path, is_directory) == SL_GITIGNORE_IGNORED;
  if (!state->tracked) return ignored;
  for (size_t i = 0; i < state->ignored_walked.count && !ignored; i++) {
    size_t length = strlen(state->ignored_walked.items[i]);
    ignored = strncmp(report_path, state->ignored_walked.items[i], length) == 0 &&
              report_path[length] == '/';
  }
  if (!ignored) return false;
  if (!is_directory) return !sl_git_index_tracks(state->tracked, report_path);
  if (!sl_git_index_tracks_below(state->tracked, report_path)) return true;
  sl_vec_push(&state->ignored_walked, sl_strdup(report_path));
  return false;
}

/* Whether an entry below a directory root is left out, silently: by a default exclude
 * (directories only), a .gitignore pattern (unless git tracks it) or an --exclude glob. */
static bool sl_walk__excluded(SlWalkState *state, const char *name, const char *report_path,
                              const char *file_path, bool is_directory) {
  if (is_directory && state->options->default_excludes &&
      sl_walk__default_excluded(name, file_path))
    return true;
  if (sl_walk__ignored_by_git(state, report_path, is_directory)) return true;
  return sl_gitignore_match(state->excludes, report_path, is_directory) == SL_GITIGNORE_IGNORED;
}

/* Whether `file_path` (a symlink) resolves inside the root being walked. */
static bool sl_walk__inside_root(const SlWalkState *state, const char *file_path) {
  if (!state->root_real) return false;
  char *target = realpath(file_path, NULL);
  if (!target) return false;
  size_t length = strlen(state->root_real);
  bool inside =
      strcmp(state->root_real, "/") == 0 || (strncmp(target, state->root_real, length) == 0 &&
                                             (target[length] == '\0' || target[length] == '/'));
  free(target); /* realpath allocates with malloc, not sl_malloc */
  return inside;
}

/* ---- directories ---- */

static void sl_walk__directory(SlWalkState *state, const char *report_path, const char *file_path);

static int sl_walk__compare_names(const void *left, const void *right) {
  return strcmp(*(char *const *)left, *(char *const *)right);
}

/* Reads the names in a directory (without "." and ".."), sorted. Returns 0, or an errno
 * value when the directory cannot be opened or read through; `names` may then hold part
 * of the entries. The caller frees `names` in both cases. */
static int sl_walk__read_names(const char *file_path, SlWalkNames *names) {
  DIR *directory = opendir(file_path);
  if (!directory) return errno;
  int error_number = 0;
  for (;;) {
    errno = 0;
    struct dirent *entry = readdir(directory);
    if (!entry) {
      error_number = errno;
      break;
    }
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    sl_vec_push(names, sl_strdup(entry->d_name));
  }
  closedir(directory);
  if (!error_number && names->count)
    qsort(names->items, names->count, sizeof *names->items, sl_walk__compare_names);
  return error_number;
}

static void sl_walk__free_names(SlWalkNames *names) {
  for (size_t i = 0; i < names->count; i++) sl_free(names->items[i]);
  sl_vec_delete(names);
}

/* A directory entry that is not a directory (after following a symlink). */
static void sl_walk__visit_other(SlWalkState *state, const char *name, const char *report_path,
                                 const char *file_path, const struct stat *status) {
  SlFileKind kind;
  if (!sl_walk_file_kind(name, &kind)) return;
  if (sl_walk__excluded(state, name, report_path, file_path, false)) return;
  if (!S_ISREG(status->st_mode)) {
    sl_walk__add_skip(state, report_path, file_path, "not a regular file");
    return;
  }
  sl_walk__consider_file(state, report_path, file_path, kind);
}

static void sl_walk__visit_directory(SlWalkState *state, const char *name, const char *report_path,
                                     const char *file_path, const struct stat *status,
                                     bool through_link) {
  if (sl_walk__excluded(state, name, report_path, file_path, true)) return;
  if (through_link) {
    SlWalkPending pending = {sl_strdup(report_path), sl_strdup(file_path)};
    sl_vec_push(&state->pending, pending);
    return;
  }
  if (!sl_walk__dir_set_insert(&state->visited, status->st_dev, status->st_ino)) return;
  sl_walk__directory(state, report_path, file_path);
}

/* A symlink: followed only when it resolves inside the root. A dangling or outside link
 * is listed only if it could have been audited (a directory or a candidate name). */
static void sl_walk__visit_link(SlWalkState *state, const char *name, const char *report_path,
                                const char *file_path) {
  SlFileKind kind;
  struct stat status;
  bool candidate = sl_walk_file_kind(name, &kind);
  if (stat(file_path, &status) != 0) {
    if (candidate && !sl_walk__excluded(state, name, report_path, file_path, false))
      sl_walk__add_skip_errno(state, report_path, file_path, "broken symbolic link", errno);
    return;
  }
  bool is_directory = S_ISDIR(status.st_mode);
  if (!sl_walk__inside_root(state, file_path)) {
    if ((is_directory || candidate) &&
        !sl_walk__excluded(state, name, report_path, file_path, is_directory))
      sl_walk__add_skip(state, report_path, file_path, "symbolic link points outside the root");
    return;
  }
  if (is_directory)
    sl_walk__visit_directory(state, name, report_path, file_path, &status, true);
  else
    sl_walk__visit_other(state, name, report_path, file_path, &status);
}

static void sl_walk__visit(SlWalkState *state, const char *parent_report, const char *parent_file,
                           const char *name) {
  char *report_path = sl_walk__join(parent_report, name);
  char *file_path = sl_walk__join(parent_file, name);
  struct stat status;
  if (lstat(file_path, &status) != 0) {
    if (errno != ENOENT) /* an entry deleted since readdir is simply gone */
      sl_walk__add_skip_errno(state, report_path, file_path, "cannot stat", errno);
  } else if (S_ISLNK(status.st_mode)) {
    sl_walk__visit_link(state, name, report_path, file_path);
  } else if (S_ISDIR(status.st_mode)) {
    sl_walk__visit_directory(state, name, report_path, file_path, &status, false);
  } else {
    sl_walk__visit_other(state, name, report_path, file_path, &status);
  }
  sl_free(report_path);
  sl_free(file_path);
}

/* Loads a directory's .gitignore; one that exists but cannot be used is listed. */
static void sl_walk__load_gitignore(SlWalkState *state, const char *report_path,
                                    const char *file_path) {
  char *ignore_path = sl_walk__join(file_path, ".gitignore");
  SlError error = {0};
  if (!sl_gitignore_add_file(state->gitignore, ignore_path, report_path, &error)) {
    char *ignore_report = sl_walk__join(report_path, ".gitignore");
    sl_walk__add_skip(state, ignore_report, ignore_path, error.message);
    sl_free(ignore_report);
  }
  sl_free(ignore_path);
}

/* Walks one directory already accepted (recorded in `visited`). `report_path` is "" for
 * the root itself. */
static void sl_walk__directory(SlWalkState *state, const char *report_path, const char *file_path) {
  SlWalkNames names = {0};
  int error_number = sl_walk__read_names(file_path, &names);
  if (error_number) {
    const char *shown = report_path[0] ? report_path : state->root_path;
    sl_walk__add_skip_errno(state, shown, file_path, "cannot open", error_number);
    goto out;
  }
  if (state->in_work_tree) sl_walk__load_gitignore(state, report_path, file_path);
  for (size_t i = 0; i < names.count; i++)
    sl_walk__visit(state, report_path, file_path, names.items[i]);
out:
  sl_walk__free_names(&names);
}

/* Walks the directory links found so far, and those found inside them, in order. */
static void sl_walk__follow_pending(SlWalkState *state) {
  for (size_t i = 0; i < state->pending.count; i++) {
    /* A copy: walking may push more pending links and move the array. */
    SlWalkPending pending = state->pending.items[i];
    struct stat status;
    if (stat(pending.file_path, &status) == 0 && S_ISDIR(status.st_mode) &&
        sl_walk__dir_set_insert(&state->visited, status.st_dev, status.st_ino))
      sl_walk__directory(state, pending.report_path, pending.file_path);
  }
  for (size_t i = 0; i < state->pending.count; i++) {
    sl_free(state->pending.items[i].report_path);
    sl_free(state->pending.items[i].file_path);
  }
  sl_vec_delete(&state->pending);
}

/* ---- roots ---- */

/* Whether `real_path` (absolute, resolved) lies in a git work tree: `.git` (a directory, or
 * the file a worktree or submodule has) at it or above it. Outside one, the files present are
 * an export (a release tarball, a "Download ZIP", `git archive`), which holds only what git
 * tracked, so .gitignore patterns name nothing that should be left out: they are not applied. */
static bool sl_walk__in_work_tree(const char *real_path) {
  if (!real_path) return true; /* unresolvable: keep git's view, the cautious default */
  char *path = sl_strdup(real_path);
  bool found = false;
  for (;;) {
    char *marker = sl_walk__join(path[0] ? path : "/", ".git");
    struct stat status;
    found = lstat(marker, &status) == 0;
    sl_free(marker);
    char *slash = strrchr(path, '/');
    if (found || !slash || path[0] == '\0') break;
    *slash = '\0';
  }
  sl_free(path);
  return found;
}

static void sl_walk__directory_root(SlWalkState *state, const struct stat *status) {
  state->root_real = realpath(state->root_path, NULL);
  state->in_work_tree = sl_walk__in_work_tree(state->root_real);
  state->gitignore = sl_gitignore_new();
  state->tracked = sl_git_index_load(state->root_path);
  char *exclude_path = sl_walk__join(state->root_path, ".git/info/exclude");
  SlError error = {0};
  if (!sl_gitignore_add_file(state->gitignore, exclude_path, "", &error))
    sl_walk__add_skip(state, ".git/info/exclude", exclude_path, error.message);
  sl_free(exclude_path);
  sl_walk__dir_set_insert(&state->visited, status->st_dev, status->st_ino);
  sl_walk__directory(state, "", state->root_path);
  sl_walk__follow_pending(state);
  free(state->root_real); /* from realpath: malloc, not sl_malloc */
  state->root_real = NULL;
  sl_gitignore_delete(state->gitignore);
  state->gitignore = NULL;
  sl_git_index_delete(state->tracked);
  state->tracked = NULL;
  for (size_t i = 0; i < state->ignored_walked.count; i++) sl_free(state->ignored_walked.items[i]);
  sl_vec_delete(&state->ignored_walked);
  sl_free(state->visited.slots);
  state->visited = (SlWalkDirSet){0};
}

/* A root naming a file: audited if it is a candidate; --exclude applies, .gitignore and
 * the default excludes do not (the user named it). */
static void sl_walk__file_root(SlWalkState *state, const struct stat *status) {
  const char *path = state->root_path;
  const char *match_path = path;
  while (*match_path == '/') match_path++;
  SlFileKind kind;
  if (*match_path && sl_gitignore_is_ignored(state->excludes, match_path, false)) return;
  if (!sl_walk_file_kind(path, &kind))
    sl_walk__add_skip(state, path, path,
                      "not a Python, YAML, Dockerfile, shell, Markdown or Triton config file");
  else if (!S_ISREG(status->st_mode))
    sl_walk__add_skip(state, path, path, "not a regular file");
  else
    sl_walk__consider_file(state, path, path, kind);
}

/* ---- results ---- */

static int sl_walk__compare_file_paths(const void *left, const void *right) {
  const SlWalkFileEntry *a = left, *b = right;
  int order = strcmp(a->file.file_path, b->file.file_path);
  if (order) return order;
  return (a->root_index > b->root_index) - (a->root_index < b->root_index);
}

static int sl_walk__compare_skip_paths(const void *left, const void *right) {
  const SlWalkSkipEntry *a = left, *b = right;
  int order = strcmp(a->file_path, b->file_path);
  if (order) return order;
  return (a->root_index > b->root_index) - (a->root_index < b->root_index);
}

static int sl_walk__compare_files(const void *left, const void *right) {
  const SlWalkFile *a = left, *b = right;
  int order = strcmp(a->report_path, b->report_path);
  return order ? order : strcmp(a->file_path, b->file_path);
}

static int sl_walk__compare_skips(const void *left, const void *right) {
  const SlWalkSkip *a = left, *b = right;
  int order = strcmp(a->report_path, b->report_path);
  return order ? order : strcmp(a->reason, b->reason);
}

/* Moves the files into `result`, keeping one entry per file path (the first root's). */
static void sl_walk__finish_files(SlWalkState *state, SlWalkResult *result) {
  SlWalkFileEntry *items = state->files.items;
  size_t count = state->files.count;
  if (count) qsort(items, count, sizeof *items, sl_walk__compare_file_paths);
  const char *kept = NULL; /* file path of the last entry moved into `result` */
  for (size_t i = 0; i < count; i++) {
    if (kept && strcmp(items[i].file.file_path, kept) == 0) {
      sl_free(items[i].file.file_path);
      sl_free(items[i].file.report_path);
      continue;
    }
    sl_vec_push(&result->files, items[i].file);
    kept = items[i].file.file_path;
  }
  sl_vec_delete(&state->files);
  if (result->files.count)
    qsort(result->files.items, result->files.count, sizeof *result->files.items,
          sl_walk__compare_files);
}

/* Moves the skipped entries into `result`, one per file path. */
static void sl_walk__finish_skips(SlWalkState *state, SlWalkResult *result) {
  SlWalkSkipEntry *items = state->skipped.items;
  size_t count = state->skipped.count;
  if (count) qsort(items, count, sizeof *items, sl_walk__compare_skip_paths);
  for (size_t i = 0; i < count; i++) {
    /* File paths are freed only after the loop, so items[i - 1] is still readable. */
    if (i && strcmp(items[i].file_path, items[i - 1].file_path) == 0) {
      sl_free(items[i].skip.report_path);
      sl_free(items[i].skip.reason);
      continue;
    }
    sl_vec_push(&result->skipped, items[i].skip);
  }
  for (size_t i = 0; i < count; i++) sl_free(items[i].file_path);
  sl_vec_delete(&state->skipped);
  if (result->skipped.count)
    qsort(result->skipped.items, result->skipped.count, sizeof *result->skipped.items,
          sl_walk__compare_skips);
}

void sl_walk_result_delete(SlWalkResult *result) {
  if (!result) return;
  for (size_t i = 0; i < result->files.count; i++) {
    sl_free(result->files.items[i].file_path);
    sl_free(result->files.items[i].report_path);
  }
  for (size_t i = 0; i < result->skipped.count; i++) {
    sl_free(result->skipped.items[i].report_path);
    sl_free(result->skipped.items[i].reason);
  }
  sl_vec_delete(&result->files);
  sl_vec_delete(&result->skipped);
  sl_free(result);
}

/* ---- entry point ---- */

/* Normalizes every root and checks that it exists. Returns false with `error` set (and
 * `normalized` freed) when one does not. */
static bool sl_walk__check_roots(const char *const *roots, size_t root_count,
                                 SlWalkNames *normalized, SlError *error) {
  for (size_t i = 0; i < root_count; i++) {
    struct stat status;
    if (stat(roots[i], &status) != 0) {
      int error_number = errno;
      if (error_number == ENOENT || error_number == ENOTDIR)
        sl_error_set(error, SL_ERROR_USAGE, roots[i], 0, 0, "no such file or directory: %s",
                     roots[i]);
      else
        sl_error_set(error, SL_ERROR_USAGE, roots[i], 0, 0, "cannot access %s: %s", roots[i],
                     strerror(error_number));
      for (size_t j = 0; j < normalized->count; j++) sl_free(normalized->items[j]);
      sl_vec_delete(normalized);
      return false;
    }
    sl_vec_push(normalized, sl_walk__normalize_root(roots[i]));
  }
  return true;
}

static SlGitignore *sl_walk__compile_excludes(const SlWalkOptions *options) {
  SlGitignore *excludes = sl_gitignore_new();
  for (size_t i = 0; i < options->exclude_count; i++) {
    const char *glob = options->exclude_globs[i];
    while (glob[0] == '.' && glob[1] == '/') glob += 2;
    sl_gitignore_add_patterns(excludes, glob, strlen(glob), NULL);
  }
  return excludes;
}

static void sl_walk__root(SlWalkState *state) {
  struct stat status;
  /* Checked in sl_walk__check_roots; a root that vanished since is listed, not fatal. */
  if (stat(state->root_path, &status) != 0)
    sl_walk__add_skip_errno(state, state->root_path, state->root_path, "cannot stat", errno);
  else if (S_ISDIR(status.st_mode))
    sl_walk__directory_root(state, &status);
  else
    sl_walk__file_root(state, &status);
}

SlWalkResult *sl_walk_run(const char *const *roots, size_t root_count, const SlWalkOptions *options,
                          SlError *error) {
  static const SlWalkOptions defaults = {.default_excludes = true, .max_file_bytes = SIZE_MAX};
  if (!options) options = &defaults;
  SlWalkNames normalized = {0};
  if (!sl_walk__check_roots(roots, root_count, &normalized, error)) return NULL;
  SlGitignore *excludes = sl_walk__compile_excludes(options);
  SlWalkState state = {.options = options, .excludes = excludes};
  for (size_t i = 0; i < normalized.count; i++) {
    state.root_index = i;
    state.root_path = normalized.items[i];
    sl_walk__root(&state);
  }
  SlWalkResult *result = sl_calloc(1, sizeof *result);
  sl_walk__finish_files(&state, result);
  sl_walk__finish_skips(&state, result);
  sl_gitignore_delete(excludes);
  for (size_t i = 0; i < normalized.count; i++) sl_free(normalized.items[i]);
  sl_vec_delete(&normalized);
  return result;
}
