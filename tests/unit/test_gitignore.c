/* Unit tests for the .gitignore matcher: wildmatch globs and git's precedence rules. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/gitignore.h"

#define GLOB_MATCHES(pattern, text) CHECK(sl_gitignore_match_glob((pattern), (text)))
#define GLOB_DIFFERS(pattern, text) CHECK(!sl_gitignore_match_glob((pattern), (text)))

static void test_glob_literals_and_wildcards(void) {
  GLOB_MATCHES("foo", "foo");
  GLOB_DIFFERS("foo", "bar");
  GLOB_DIFFERS("foo", "foobar");
  GLOB_MATCHES("", "");
  GLOB_MATCHES("???", "foo");
  GLOB_DIFFERS("??", "foo");
  GLOB_MATCHES("*", "foo");
  GLOB_MATCHES("f*", "foo");
  GLOB_DIFFERS("*f", "foo");
  GLOB_MATCHES("*foo*", "foo");
  GLOB_MATCHES("*ob*a*r*", "foobar");
  GLOB_MATCHES("*ab", "aaaaaaabababab");
  GLOB_MATCHES("foo\\*", "foo*");
  GLOB_DIFFERS("foo\\*bar", "foobar");
  GLOB_MATCHES("f\\\\oo", "f\\oo");
  GLOB_DIFFERS("foo\\", "foo");
  GLOB_DIFFERS("foo*bar", "foo/baz/bar");
  GLOB_DIFFERS("foo**bar", "foo/baz/bar");
  GLOB_DIFFERS("foo?bar", "foo/bar");
  GLOB_DIFFERS("*", "a/b");
}

static void test_glob_classes(void) {
  GLOB_MATCHES("*[al]?", "ball");
  GLOB_DIFFERS("[ten]", "ten");
  GLOB_MATCHES("**[!te]", "ten");
  GLOB_DIFFERS("**[!ten]", "ten");
  GLOB_MATCHES("t[a-g]n", "ten");
  GLOB_DIFFERS("t[!a-g]n", "ten");
  GLOB_MATCHES("t[!a-g]n", "ton");
  GLOB_MATCHES("t[^a-g]n", "ton");
  GLOB_MATCHES("a[]]b", "a]b");
  GLOB_MATCHES("a[]-]b", "a-b");
  GLOB_MATCHES("a[]-]b", "a]b");
  GLOB_DIFFERS("a[]-]b", "aab");
  GLOB_MATCHES("a[]a-]b", "aab");
  GLOB_MATCHES("]", "]");
  GLOB_DIFFERS("foo[/]bar", "foo/bar");
  GLOB_DIFFERS("a[", "a["); /* unterminated class: no match, as in git */
  GLOB_MATCHES("[\\]]", "]");
  GLOB_MATCHES("[[:alpha:]][[:digit:]][[:upper:]]", "a1B");
  GLOB_DIFFERS("[[:digit:][:upper:][:space:]]", "a");
  GLOB_MATCHES("[[:digit:][:upper:][:space:]]", "A");
  GLOB_MATCHES("[[:digit:][:punct:][:space:]]", ".");
  GLOB_MATCHES("[a-c[:digit:]x-z]", "5");
  GLOB_MATCHES("[[:xdigit:]]", "f");
  GLOB_DIFFERS("[[:nosuch:]]", "x");
  GLOB_MATCHES("[[:]", "[");
}

static void test_glob_double_star(void) {
  GLOB_MATCHES("**/foo", "foo");
  GLOB_MATCHES("**/foo", "XXX/foo");
  GLOB_MATCHES("**/foo", "bar/baz/foo");
  GLOB_DIFFERS("*/foo", "bar/baz/foo");
  GLOB_DIFFERS("**/bar*", "foo/bar/baz");
  GLOB_MATCHES("**/bar/*", "deep/foo/bar/baz");
  GLOB_DIFFERS("**/bar/*", "deep/foo/bar/baz/");
  GLOB_MATCHES("**/bar/**", "deep/foo/bar/baz/");
  GLOB_DIFFERS("**/bar/*", "deep/foo/bar");
  GLOB_MATCHES("*/bar/**", "foo/bar/baz/x");
  GLOB_DIFFERS("*/bar/**", "deep/foo/bar/baz/x");
  GLOB_MATCHES("**/bar/*/*", "deep/foo/bar/baz/x");
  GLOB_MATCHES("a/**/b", "a/b");
  GLOB_MATCHES("a/**/b", "a/x/y/b");
  GLOB_DIFFERS("a/**/b", "a/xb");
  GLOB_DIFFERS("foo/**", "foo");
  GLOB_MATCHES("foo/**", "foo/a/b");
  GLOB_MATCHES("**", "a/b/c");
  GLOB_MATCHES("**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt");
  GLOB_DIFFERS("**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz");
  GLOB_MATCHES("-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
               "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1");
  GLOB_DIFFERS("XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
               "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1");
}

/* Pathological patterns must fail fast (the abort codes stop the backtracking). */
static void test_glob_no_exponential_backtracking(void) {
  clock_t start = clock();
  GLOB_DIFFERS("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  GLOB_DIFFERS("**/*a/**/*a/**/*a/**/*a/**/*a/**/*b", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a");
  CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
}

static SlGitignore *from_text(const char *text, const char *base) {
  SlGitignore *gitignore = sl_gitignore_new();
  sl_gitignore_add_patterns(gitignore, text, strlen(text), base);
  return gitignore;
}

static SlGitignoreMatch verdict(const SlGitignore *gitignore, const char *path, bool is_dir) {
  return sl_gitignore_match(gitignore, path, is_dir);
}

static void test_comments_blanks_escapes(void) {
  SlGitignore *g = from_text(
      "# a comment\n\n   \n\\#hash.py\n\\!bang.py\nspaced.py   \n"
      "kept\\ \ncrlf.py\r\n",
      "");
  CHECK(verdict(g, "# a comment", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "#hash.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "hash.py", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "!bang.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "bang.py", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "spaced.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "kept ", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "kept", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "crlf.py", false) == SL_GITIGNORE_IGNORED);
  sl_gitignore_delete(g);
}

static void test_negation_last_match_wins(void) {
  SlGitignore *g = from_text("*.py\n!keep.py\n!again.py\nagain.py\n", NULL);
  CHECK(verdict(g, "other.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "a/b/other.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "keep.py", false) == SL_GITIGNORE_INCLUDED);
  CHECK(verdict(g, "again.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "other.yaml", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(!sl_gitignore_is_ignored(g, "keep.py", false));
  sl_gitignore_delete(g);
}

static void test_directory_only_and_anchoring(void) {
  SlGitignore *g = from_text("logs/\n/top.py\ndoc/frotz\nfrotz2\n/build/\n", "");
  CHECK(verdict(g, "logs", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "a/b/logs", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "logs", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "top.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "sub/top.py", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "doc/frotz", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "a/doc/frotz", true) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "a/doc/frotz2", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "build", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "src/build", true) == SL_GITIGNORE_UNMATCHED);
  CHECK(sl_gitignore_is_ignored(g, "logs/today.py", false));
  CHECK(sl_gitignore_is_ignored(g, "x/logs/y/today.py", false));
  CHECK(!sl_gitignore_is_ignored(g, "src/build/x.py", false));
  sl_gitignore_delete(g);
}

static void test_double_star_patterns(void) {
  SlGitignore *g = from_text("**/cache\nout/**\na/**/b.py\n**/gen/*.py\n", "");
  CHECK(verdict(g, "cache", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "x/y/cache", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "out", true) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "out/x.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "out/x/y.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "a/b.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "a/x/y/b.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "z/a/b.py", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "gen/m.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "p/q/gen/m.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "p/q/gen/sub/m.py", false) == SL_GITIGNORE_UNMATCHED);
  sl_gitignore_delete(g);
}

static void test_character_classes(void) {
  SlGitignore *g = from_text("[abc].py\nfile?.yaml\n[!0-9]x.yml\n", "");
  CHECK(verdict(g, "b.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "d.py", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "sub/a.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "file1.yaml", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "file12.yaml", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "ax.yml", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "1x.yml", false) == SL_GITIGNORE_UNMATCHED);
  sl_gitignore_delete(g);
}

static void test_nested_groups(void) {
  SlGitignore *g = sl_gitignore_new();
  /* The deeper group is added first on purpose: depth, not order, decides. */
  const char *sub = "!*.yaml\n/only.py\nlocal/\n";
  sl_gitignore_add_patterns(g, sub, strlen(sub), "sub/");
  const char *root = "*.yaml\nonly.py\n";
  sl_gitignore_add_patterns(g, root, strlen(root), "");
  CHECK(verdict(g, "x.yaml", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "other/x.yaml", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "sub/x.yaml", false) == SL_GITIGNORE_INCLUDED);
  CHECK(verdict(g, "sub/deep/x.yaml", false) == SL_GITIGNORE_INCLUDED);
  CHECK(verdict(g, "subx/x.yaml", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "sub/only.py", false) == SL_GITIGNORE_IGNORED);
  /* sub's "/only.py" does not match deeper, but the root's unanchored one does. */
  CHECK(verdict(g, "sub/deeper/only.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "sub/local", true) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "local", true) == SL_GITIGNORE_UNMATCHED);
  CHECK(verdict(g, "sub", true) == SL_GITIGNORE_UNMATCHED);
  sl_gitignore_delete(g);
}

static void test_same_base_later_group_wins(void) {
  SlGitignore *g = sl_gitignore_new();
  sl_gitignore_add_patterns(g, "!a.py\nb.py\n", 11, "");
  sl_gitignore_add_patterns(g, "a.py\n", 5, "");
  CHECK(verdict(g, "a.py", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "b.py", false) == SL_GITIGNORE_IGNORED);
  sl_gitignore_delete(g);
}

static void test_negation_inside_excluded_directory(void) {
  SlGitignore *g = from_text("vendor/\n!vendor/keep.py\nlib/*\n!lib/keep/\n", "");
  CHECK(verdict(g, "vendor/keep.py", false) == SL_GITIGNORE_INCLUDED);
  CHECK(sl_gitignore_is_ignored(g, "vendor/keep.py", false));
  CHECK(sl_gitignore_is_ignored(g, "lib/other.py", false));
  CHECK(!sl_gitignore_is_ignored(g, "lib/keep/x.py", false));
  sl_gitignore_delete(g);
}

static void write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  if (fd < 0) return;
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  close(fd);
}

static void test_add_file(void) {
  char dir[] = "/tmp/sl-walk-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[512], link[512], fifo[512];
  snprintf(path, sizeof path, "%s/.gitignore", dir);
  snprintf(link, sizeof link, "%s/link", dir);
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  write_text(path, "*.log\n!keep.log\n");
  SlGitignore *g = sl_gitignore_new();
  SlError error = {0};
  CHECK(sl_gitignore_add_file(g, path, "pkg", &error));
  CHECK(verdict(g, "pkg/a.log", false) == SL_GITIGNORE_IGNORED);
  CHECK(verdict(g, "pkg/keep.log", false) == SL_GITIGNORE_INCLUDED);
  CHECK(verdict(g, "a.log", false) == SL_GITIGNORE_UNMATCHED);
  CHECK(sl_gitignore_add_file(g, "/nonexistent/dir/.gitignore", "", &error));
  CHECK(symlink(path, link) == 0);
  CHECK(!sl_gitignore_add_file(g, link, "", &error));
  CHECK(error.kind == SL_ERROR_IO);
  CHECK(mkfifo(fifo, 0644) == 0);
  alarm(10); /* a blocking open would hang here; fail loudly instead */
  CHECK(!sl_gitignore_add_file(g, fifo, "", &error));
  alarm(0);
  CHECK_STR(error.message, "not a regular file");
  sl_gitignore_delete(g);
  unlink(path);
  unlink(link);
  unlink(fifo);
  CHECK(rmdir(dir) == 0);
}

int main(void) {
  test_glob_literals_and_wildcards();
  test_glob_classes();
  test_glob_double_star();
  test_glob_no_exponential_backtracking();
  test_comments_blanks_escapes();
  test_negation_last_match_wins();
  test_directory_only_and_anchoring();
  test_double_star_patterns();
  test_character_classes();
  test_nested_groups();
  test_same_base_later_group_wins();
  test_negation_inside_excluded_directory();
  test_add_file();
  sl_gitignore_delete(NULL);
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
