/* Unit tests for the file walker, on temporary trees under /tmp/sl-walk-XXXXXX. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/strbuf.h"
#include "servelint/walk.h"

/* ---- temporary trees ---- */

static void make_dirs(const char *path) {
  char buffer[PATH_MAX];
  snprintf(buffer, sizeof buffer, "%s", path);
  for (char *slash = strchr(buffer + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    mkdir(buffer, 0755);
    *slash = '/';
  }
  mkdir(buffer, 0755);
}

static void join(char *out, size_t size, const char *dir, const char *relative) {
  snprintf(out, size, "%s/%s", dir, relative);
}

/* Writes `byte_count` bytes to dir/relative, creating parent directories. */
static void write_bytes(const char *dir, const char *relative, const char *bytes,
                        size_t byte_count) {
  char path[PATH_MAX];
  join(path, sizeof path, dir, relative);
  char *slash = strrchr(path, '/');
  *slash = '\0';
  make_dirs(path);
  *slash = '/';
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  if (fd < 0) return;
  CHECK(write(fd, bytes, byte_count) == (ssize_t)byte_count);
  close(fd);
}

static void write_text(const char *dir, const char *relative, const char *text) {
  write_bytes(dir, relative, text, strlen(text));
}

static void make_link(const char *dir, const char *relative, const char *target) {
  char path[PATH_MAX];
  join(path, sizeof path, dir, relative);
  CHECK(symlink(target, path) == 0);
}

/* Removes a tree without following symlinks; restores permissions on the way. */
static void remove_tree(const char *path) {
  struct stat status;
  if (lstat(path, &status) != 0) return;
  if (!S_ISDIR(status.st_mode)) {
    unlink(path);
    return;
  }
  chmod(path, 0755);
  DIR *directory = opendir(path);
  if (directory) {
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
      if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
      char child[PATH_MAX];
      join(child, sizeof child, path, entry->d_name);
      remove_tree(child);
    }
    closedir(directory);
  }
  CHECK(rmdir(path) == 0);
}

static void make_temp(char *dir) {
  strcpy(dir, "/tmp/sl-walk-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
}

/* ---- result helpers ---- */

static SlWalkOptions default_options(void) {
  return (SlWalkOptions){.default_excludes = true, .max_file_bytes = 2097152};
}

static SlWalkResult *walk_one(const char *root, const SlWalkOptions *options) {
  SlError error = {0};
  SlWalkResult *result = sl_walk_run(&root, 1, options, &error);
  CHECK(result != NULL);
  return result;
}

/* The files' report paths joined with ',' (caller frees). */
static char *file_list(const SlWalkResult *result) {
  SlStrbuf list = {0};
  for (size_t i = 0; i < result->files.count; i++)
    sl_strbuf_printf(&list, "%s%s", i ? "," : "", result->files.items[i].report_path);
  return sl_strbuf_take(&list);
}

/* The skipped entries as "path=reason" joined with ',' (caller frees). */
static char *skip_list(const SlWalkResult *result) {
  SlStrbuf list = {0};
  for (size_t i = 0; i < result->skipped.count; i++)
    sl_strbuf_printf(&list, "%s%s=%s", i ? "," : "", result->skipped.items[i].report_path,
                     result->skipped.items[i].reason);
  return sl_strbuf_take(&list);
}

#define CHECK_FILES(result, expected)  \
  do {                                 \
    char *actual_ = file_list(result); \
    CHECK_STR(actual_, expected);      \
    sl_free(actual_);                  \
  } while (0)

#define CHECK_SKIPPED(result, expected) \
  do {                                  \
    char *actual_ = skip_list(result);  \
    CHECK_STR(actual_, expected);       \
    sl_free(actual_);                   \
  } while (0)

static void check_sorted(const SlWalkResult *result) {
  for (size_t i = 1; i < result->files.count; i++)
    CHECK(strcmp(result->files.items[i - 1].report_path, result->files.items[i].report_path) <= 0);
  for (size_t i = 1; i < result->skipped.count; i++)
    CHECK(strcmp(result->skipped.items[i - 1].report_path, result->skipped.items[i].report_path) <=
          0);
}

static const SlWalkFile *find_file(const SlWalkResult *result, const char *report_path) {
  for (size_t i = 0; i < result->files.count; i++)
    if (strcmp(result->files.items[i].report_path, report_path) == 0)
      return &result->files.items[i];
  return NULL;
}

/* ---- tests ---- */

static void test_gitignore_semantics(void) {
  char dir[32];
  make_temp(dir);
  write_text(dir, ".gitignore",
             "# comment\nignored.py\n/anchored.py\ngen/\n*.yaml\n!keep.yaml\ndata/**/*.py\n"
             "[xy]z.py\n\\#hash.py\ntrailing.py   \nvendor/\n!vendor/keep.py\n");
  write_text(dir, "app/.gitignore", "!ignored.py\n*.yml\n");
  write_text(dir, ".git/info/exclude", "from_info.py\n");
  const char *files[] = {
      "app/main.py",     "ignored.py",   "app/ignored.py",   "sub/ignored.py", "anchored.py",
      "app/anchored.py", "gen/x.py",     "app/gen/y.py",     "config.yaml",    "keep.yaml",
      "app/keep.yaml",   "data/a.py",    "data/deep/b.py",   "data/c.yml",     "xz.py",
      "yz.py",           "zz.py",        "#hash.py",         "trailing.py",    "vendor/keep.py",
      "app/x.yml",       "from_info.py", "sub/from_info.py", "notes.txt",
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) write_text(dir, files[i], "x = 1\n");
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result,
              "app/anchored.py,app/ignored.py,app/keep.yaml,app/main.py,data/c.yml,keep.yaml,"
              "zz.py");
  CHECK_SKIPPED(result, "");
  const SlWalkFile *main_file = find_file(result, "app/main.py");
  CHECK(main_file && main_file->kind == SL_FILE_PYTHON && main_file->byte_count == 6);
  char expected_path[PATH_MAX];
  join(expected_path, sizeof expected_path, dir, "app/main.py");
  CHECK(main_file && strcmp(main_file->file_path, expected_path) == 0);
  const SlWalkFile *yaml = find_file(result, "keep.yaml");
  CHECK(yaml && yaml->kind == SL_FILE_YAML);
  check_sorted(result);
  sl_walk_result_delete(result);
  remove_tree(dir);
}

/* git never ignores a tracked file: with a `.git/index` listing `model-server/h.py`, the
 * ignored directory is walked for that file only. The index is built here as git
 * writes version 2 (one entry: stat data and object name zeroed, the path padded). */
static void test_gitignore_spares_tracked_files(void) {
  char dir[32];
  make_temp(dir);
  write_text(dir, ".gitignore", "model-server/\nsecrets.py\n");
  write_text(dir, "model-server/h.py", "x = 1\n");
  write_text(dir, "model-server/untracked.py", "x = 1\n");
  write_text(dir, "model-server/junk/a.py", "x = 1\n");
  write_text(dir, "secrets.py", "x = 1\n");
  write_text(dir, "app.py", "x = 1\n");
  const char path[] = "model-server/h.py";
  unsigned char index[12 + 80 + 20] = {'D', 'I', 'R', 'C', 0, 0, 0, 2, 0, 0, 0, 1};
  index[12 + 61] = (unsigned char)(sizeof path - 1); /* flags: the path's length */
  memcpy(index + 12 + 62, path, sizeof path - 1);    /* then NULs to 80 bytes */
  write_bytes(dir, ".git/index", (const char *)index, sizeof index);
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "app.py,model-server/h.py");
  sl_walk_result_delete(result);
  /* A malformed index is no index: .gitignore alone decides. */
  write_bytes(dir, ".git/index", "DIRC", 4);
  result = walk_one(dir, &options);
  CHECK_FILES(result, "app.py");
  sl_walk_result_delete(result);
  remove_tree(dir);
}

/* Outside a git work tree (no `.git` at the root or above: a release tarball, a GitHub
 * "Download ZIP") every file present was tracked, so .gitignore leaves nothing out; the
 * default excludes and --exclude still apply. Once `.git` appears, the patterns apply. */
static void test_gitignore_outside_work_tree(void) {
  char dir[32];
  make_temp(dir);
  write_text(dir, ".gitignore", "model-server/\n*.yaml\n");
  write_text(dir, "model-server/handler.py", "x = 1\n");
  write_text(dir, "deploy.yaml", "a: 1\n");
  write_text(dir, "app.py", "x = 1\n");
  write_text(dir, ".venv/lib/v.py", "x = 1\n");
  write_text(dir, ".venv/pyvenv.cfg", "home = /usr\n");
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "app.py,deploy.yaml,model-server/handler.py");
  sl_walk_result_delete(result);
  write_text(dir, ".git/HEAD", "ref: refs/heads/main\n");
  result = walk_one(dir, &options);
  CHECK_FILES(result, "app.py");
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_default_excludes(void) {
  char dir[32];
  make_temp(dir);
  const char *files[] = {
      "main.py",
      "site-packages/pkg.py",
      "lib/dist-packages/d.py",
      "node_modules/n.py",
      ".venv/v.py",
      "venv/v.py",
      "myenv/lib.py",
      "env/x.py",
      "build/b.py",
      "dist/d.py",
      "foo.egg-info/e.py",
      "__pycache__/c.py",
      ".git/hooks/h.py",
      ".tox/t.py",
      ".mypy_cache/m.py",
      ".eggs/e.py",
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) write_text(dir, files[i], "a\n");
  write_text(dir, "myenv/pyvenv.cfg", "home = /usr\n");
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "env/x.py,main.py");
  sl_walk_result_delete(result);
  write_text(dir, "env/pyvenv.cfg", "home = /usr\n");
  result = walk_one(dir, &options);
  CHECK_FILES(result, "main.py");
  sl_walk_result_delete(result);
  options.default_excludes = false;
  result = walk_one(dir, &options);
  CHECK_FILES(result,
              ".eggs/e.py,.git/hooks/h.py,.mypy_cache/m.py,.tox/t.py,.venv/v.py,__pycache__/c.py,"
              "build/b.py,dist/d.py,env/x.py,foo.egg-info/e.py,lib/dist-packages/d.py,main.py,"
              "myenv/lib.py,node_modules/n.py,site-packages/pkg.py,venv/v.py");
  check_sorted(result);
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_exclude_globs(void) {
  char dir[32];
  make_temp(dir);
  const char *files[] = {"main.py",      "tests/t.py",    "a/tests/t2.py", "gen_pb2.py",
                         "docs/conf.py", "docs/other.py", "keep_pb2.py"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) write_text(dir, files[i], "a\n");
  const char *globs[] = {"tests/", "*_pb2.py", "./docs/conf.py", "!keep_pb2.py"};
  SlWalkOptions options = default_options();
  options.exclude_globs = globs;
  options.exclude_count = 4;
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "docs/other.py,keep_pb2.py,main.py");
  sl_walk_result_delete(result);
  /* File roots honour --exclude too (pre-commit passes staged files). */
  char excluded[PATH_MAX], nested[PATH_MAX], kept[PATH_MAX];
  join(excluded, sizeof excluded, dir, "gen_pb2.py");
  join(nested, sizeof nested, dir, "tests/t.py");
  join(kept, sizeof kept, dir, "main.py");
  const char *roots[] = {excluded, nested, kept};
  SlError error = {0};
  result = sl_walk_run(roots, 3, &options, &error);
  CHECK(result && result->files.count == 1 && result->skipped.count == 0);
  if (result && result->files.count == 1) CHECK_STR(result->files.items[0].report_path, kept);
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_symlink_loops(void) {
  char dir[32];
  make_temp(dir);
  write_text(dir, "a/x.py", "a\n");
  write_text(dir, "b/y.py", "a\n");
  make_link(dir, "a/loop", "..");
  make_link(dir, "self", ".");
  make_link(dir, "b/deeper", "../b");
  make_link(dir, "alias_of_a", "a"); /* a is walked under its real path, not the link's */
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "a/x.py,b/y.py");
  CHECK_SKIPPED(result, "");
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_symlinks_inside_and_outside(void) {
  char dir[32], outside[32];
  make_temp(dir);
  make_temp(outside);
  write_text(outside, "evil.py", "a\n");
  write_text(outside, "pkg/more.py", "a\n");
  write_text(dir, "main.py", "a\n");
  write_text(dir, "real/inner.py", "a\n");
  write_text(dir, ".gitignore", "real/\n");
  write_text(dir, ".git/HEAD", "ref: refs/heads/main\n"); /* a work tree: .gitignore applies */
  char target[PATH_MAX];
  join(target, sizeof target, outside, "evil.py");
  make_link(dir, "out_file.py", target);
  make_link(dir, "out_dir", outside);
  make_link(dir, "alias.py", "main.py");
  make_link(dir, "dangling.py", "missing.py");
  make_link(dir, "escape.py", "../../etc/passwd");
  make_link(dir, "view", "real"); /* the real dir is ignored; the link is not */
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "alias.py,main.py,view/inner.py");
  CHECK_SKIPPED(result,
                "dangling.py=broken symbolic link: No such file or directory,"
                "escape.py=symbolic link points outside the root,"
                "out_dir=symbolic link points outside the root,"
                "out_file.py=symbolic link points outside the root");
  check_sorted(result);
  sl_walk_result_delete(result);
  remove_tree(dir);
  remove_tree(outside);
}

static void test_fifo_and_special_files(void) {
  char dir[32], fifo[PATH_MAX];
  make_temp(dir);
  write_text(dir, "main.py", "a\n");
  join(fifo, sizeof fifo, dir, "pipe.py");
  CHECK(mkfifo(fifo, 0644) == 0);
  join(fifo, sizeof fifo, dir, "pipe_no_ext");
  CHECK(mkfifo(fifo, 0644) == 0);
  make_link(dir, "link_to_pipe.yaml", "pipe.py");
  alarm(20); /* opening a FIFO would block forever; SIGALRM fails the test instead */
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "main.py");
  CHECK_SKIPPED(result, "link_to_pipe.yaml=not a regular file,pipe.py=not a regular file");
  sl_walk_result_delete(result);
  join(fifo, sizeof fifo, dir, "pipe.py");
  result = walk_one(fifo, &options);
  CHECK_FILES(result, "");
  CHECK(result && result->skipped.count == 1);
  if (result && result->skipped.count == 1)
    CHECK_STR(result->skipped.items[0].reason, "not a regular file");
  sl_walk_result_delete(result);
  alarm(0);
  remove_tree(dir);
}

static void test_size_cap_and_binary(void) {
  char dir[32];
  make_temp(dir);
  char big[200];
  memset(big, 'x', sizeof big);
  write_bytes(dir, "big.py", big, sizeof big);
  write_bytes(dir, "exact.py", big, 100);
  write_bytes(dir, "bin.py", "ab\0cd", 5);
  write_bytes(dir, "late_nul.yaml", big, 100);
  char late[9000];
  memset(late, 'y', sizeof late);
  late[8500] = '\0'; /* beyond the sniffed 8 KiB: still text */
  write_bytes(dir, "late_nul.py", late, sizeof late);
  write_text(dir, "empty.yml", "");
  SlWalkOptions options = default_options();
  options.max_file_bytes = 100;
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "empty.yml,exact.py,late_nul.yaml");
  CHECK_SKIPPED(result,
                "big.py=larger than 100 bytes,bin.py=binary,late_nul.py=larger than 100 bytes");
  const SlWalkFile *exact = find_file(result, "exact.py");
  CHECK(exact && exact->byte_count == 100);
  sl_walk_result_delete(result);
  options.max_file_bytes = 1 << 20;
  result = walk_one(dir, &options);
  CHECK_FILES(result, "big.py,empty.yml,exact.py,late_nul.py,late_nul.yaml");
  CHECK_SKIPPED(result, "bin.py=binary");
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_file_roots_and_relative_paths(void) {
  char dir[32], cwd[PATH_MAX];
  make_temp(dir);
  write_text(dir, "app/main.py", "a\n");
  write_text(dir, "app/conf.yaml", "a: 1\n");
  write_text(dir, "README.md", "hi\n");
  write_text(dir, "notes.txt", "hi\n");
  write_text(dir, ".gitignore", "app/\n"); /* not applied to named files */
  write_text(dir, ".git/HEAD", "ref: refs/heads/main\n");
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK(chdir(dir) == 0);
  const char *roots[] = {"./app/main.py", "notes.txt", "app/conf.yaml", "./app/main.py",
                         "README.md"};
  SlWalkOptions options = default_options();
  SlError error = {0};
  SlWalkResult *result = sl_walk_run(roots, 5, &options, &error);
  /* Markdown is read for evidence (a rollback procedure); other text is not audited. */
  CHECK_FILES(result, "README.md,app/conf.yaml,app/main.py");
  CHECK_SKIPPED(result,
                "notes.txt=not a Python, YAML, Dockerfile, shell, Markdown or Triton config file");
  const SlWalkFile *main_file = result ? find_file(result, "app/main.py") : NULL;
  CHECK(main_file && strcmp(main_file->file_path, "app/main.py") == 0);
  sl_walk_result_delete(result);
  /* "." and "./" are the same root: no duplicates. */
  CHECK(remove(".gitignore") == 0);
  const char *same[] = {".", "./", "app"};
  result = sl_walk_run(same, 3, &options, &error);
  CHECK_FILES(result, "README.md,app/conf.yaml,app/main.py");
  main_file = result ? find_file(result, "app/main.py") : NULL;
  CHECK(main_file && strcmp(main_file->file_path, "app/main.py") == 0);
  sl_walk_result_delete(result);
  CHECK(chdir(cwd) == 0);
  remove_tree(dir);
}

static void test_missing_root(void) {
  const char *roots[] = {"/tmp", "/nonexistent/servelint/root"};
  SlWalkOptions options = default_options();
  SlError error = {0};
  SlWalkResult *result = sl_walk_run(roots, 2, &options, &error);
  CHECK(result == NULL);
  CHECK(error.kind == SL_ERROR_USAGE);
  CHECK_STR(error.message, "no such file or directory: /nonexistent/servelint/root");
}

static void test_unreadable_entries(void) {
  if (geteuid() == 0) return; /* root reads everything */
  char dir[32], path[PATH_MAX];
  make_temp(dir);
  write_text(dir, "locked/x.py", "a\n");
  write_text(dir, "secret.py", "a\n");
  write_text(dir, "ok.py", "a\n");
  join(path, sizeof path, dir, "locked");
  CHECK(chmod(path, 0) == 0);
  join(path, sizeof path, dir, "secret.py");
  CHECK(chmod(path, 0) == 0);
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "ok.py");
  CHECK_SKIPPED(result,
                "locked=cannot open: Permission denied,secret.py=cannot open: Permission denied");
  sl_walk_result_delete(result);
  remove_tree(dir);
}

/* Enough directories to grow the set of walked directories several times. */
static void test_many_directories(void) {
  char dir[32], relative[64];
  make_temp(dir);
  for (int i = 0; i < 300; i++) {
    snprintf(relative, sizeof relative, "d%03d/sub/f.py", i);
    write_text(dir, relative, "a\n");
  }
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK(result && result->files.count == 300);
  if (result && result->files.count == 300) {
    CHECK_STR(result->files.items[0].report_path, "d000/sub/f.py");
    CHECK_STR(result->files.items[299].report_path, "d299/sub/f.py");
  }
  sl_walk_result_delete(result);
  remove_tree(dir);
}

static void test_sorted_output(void) {
  char dir[32];
  make_temp(dir);
  const char *files[] = {"z.py", "a/b.py", "A.py", "a.py", "a-b.py", "m/z.yml", "m/a.yaml"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) write_text(dir, files[i], "a\n");
  SlWalkOptions options = default_options();
  SlWalkResult *result = walk_one(dir, &options);
  CHECK_FILES(result, "A.py,a-b.py,a.py,a/b.py,m/a.yaml,m/z.yml,z.py");
  check_sorted(result);
  sl_walk_result_delete(result);
  remove_tree(dir);
}

/* Which names are read, and as what: Dockerfiles by their conventional names. */
static void test_file_kinds(void) {
  SlFileKind kind = SL_FILE_PYTHON;
  CHECK(sl_walk_file_kind("app/Dockerfile", &kind) && kind == SL_FILE_DOCKERFILE);
  CHECK(sl_walk_file_kind("Containerfile", &kind) && kind == SL_FILE_DOCKERFILE);
  CHECK(sl_walk_file_kind("deploy/api.Dockerfile", &kind) && kind == SL_FILE_DOCKERFILE);
  CHECK(sl_walk_file_kind("Dockerfile.gpu", &kind) && kind == SL_FILE_DOCKERFILE);
  CHECK(sl_walk_file_kind("dockerfile", &kind) && kind == SL_FILE_DOCKERFILE);
  CHECK(sl_walk_file_kind("x/serve.py", &kind) && kind == SL_FILE_PYTHON);
  CHECK(sl_walk_file_kind("compose.yml", &kind) && kind == SL_FILE_YAML);
  CHECK(sl_walk_file_kind("scripts/start.sh", &kind) && kind == SL_FILE_SHELL);
  CHECK(sl_walk_file_kind("deploy.bash", &kind) && kind == SL_FILE_SHELL);
  /* environment files are read as shell; the templates committed to be copied are not read */
  CHECK(sl_walk_file_kind(".env", &kind) && kind == SL_FILE_SHELL);
  CHECK(sl_walk_file_kind("api/.env.production", &kind) && kind == SL_FILE_SHELL);
  CHECK(sl_walk_file_kind("api/myenv.env", &kind) && kind == SL_FILE_SHELL);
  CHECK(!sl_walk_file_kind(".env.example", &kind) && !sl_walk_file_kind("api/.env.sample", &kind) &&
        !sl_walk_file_kind("prod.env.template", &kind) && !sl_walk_file_kind(".envrc", &kind));
  CHECK(!sl_walk_file_kind("Dockerfiles", &kind) && !sl_walk_file_kind("mydockerfile", &kind) &&
        !sl_walk_file_kind(".dockerignore", &kind) && !sl_walk_file_kind("notes.txt", &kind) &&
        !sl_walk_file_kind("refresh.ksh", &kind));
}

int main(void) {
  test_file_kinds();
  test_gitignore_semantics();
  test_gitignore_spares_tracked_files();
  test_gitignore_outside_work_tree();
  test_default_excludes();
  test_exclude_globs();
  test_symlink_loops();
  test_symlinks_inside_and_outside();
  test_fifo_and_special_files();
  test_size_cap_and_binary();
  test_file_roots_and_relative_paths();
  test_missing_root();
  test_unreadable_entries();
  test_many_directories();
  test_sorted_output();
  sl_walk_result_delete(NULL);
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
