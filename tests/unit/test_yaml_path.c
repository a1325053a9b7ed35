/* Unit tests for yaml_path: syntax, selection, document order, aliases and bounds. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_path.h"

/* A parsed file, the matches of the last select, and nothing else to free. */
typedef struct {
  SlYamlFile *file;
  SlYamlMatchVec matches;
} Fixture;

static Fixture fixture(const char *text) {
  SlError error = {0};
  Fixture f = {.file = sl_yaml_parse("t.yaml", text, strlen(text), &error)};
  if (!f.file) fprintf(stderr, "parse error %u:%u: %s\n", error.line, error.column, error.message);
  return f;
}

/* Replaces f->matches with the matches of `text` in document `index`; returns their count. */
static size_t select_in(Fixture *f, size_t index, const char *text) {
  SlError error = {0};
  SlYamlPath *path = sl_yaml_path_compile(text, &error);
  if (!path) fprintf(stderr, "path error col %u: %s\n", error.column, error.message);
  sl_vec_delete(&f->matches);
  sl_yaml_path_select(path, sl_yaml_document_root(f->file, index), &f->matches);
  sl_yaml_path_delete(path);
  return f->matches.count;
}

static size_t select_all(Fixture *f, const char *text) { return select_in(f, 0, text); }

static void fixture_delete(Fixture *f) {
  sl_vec_delete(&f->matches);
  sl_yaml_file_delete(f->file);
}

static bool at(const SlYamlNode *node, uint32_t line, uint32_t column) {
  if (node && node->line == line && node->column == column) return true;
  fprintf(stderr, "  node at %u:%u, expected %u:%u\n", node ? node->line : 0,
          node ? node->column : 0, line, column);
  return false;
}

static const char *value(const Fixture *f, size_t index) {
  return index < f->matches.count ? f->matches.items[index].value->value : NULL;
}

static const char kDeployment[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: model-server\n"
    "  annotations:\n"
    "    seldon.io/rest-timeout: \"100000\"\n"
    "    'prometheus.io/scrape': 'true'\n"
    "    x-foo_bar/baz9: yes\n"
    "spec:\n"
    "  replicas: 2\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: model\n"
    "          image: registry.local/model:latest\n"
    "        - name: sidecar\n"
    "          image: envoyproxy/envoy@sha256:abc\n";

static void test_kubernetes_images(void) {
  Fixture f = fixture(kDeployment);
  CHECK(select_all(&f, "spec.template.spec.containers[*].image") == 2);
  CHECK_STR(value(&f, 0), "registry.local/model:latest");
  CHECK_STR(value(&f, 1), "envoyproxy/envoy@sha256:abc");
  CHECK(at(f.matches.items[0].key, 15, 11) && at(f.matches.items[0].value, 15, 18));
  CHECK(at(f.matches.items[1].key, 17, 11) && at(f.matches.items[1].value, 17, 18));
  CHECK(sl_yaml_scalar_is(f.matches.items[0].key, "image"));

  CHECK(select_all(&f, "spec.template.spec.containers[1].name") == 1);
  CHECK_STR(value(&f, 0), "sidecar");
  CHECK(select_all(&f, "spec.template.spec.containers[2].name") == 0);
  CHECK(select_all(&f, "spec.template.spec.containers[0]") == 1);
  CHECK(f.matches.items[0].key == NULL && at(f.matches.items[0].value, 14, 11));
  CHECK(select_all(&f, "spec.template.spec.containers.image") == 0); /* key on a sequence */
  CHECK(select_all(&f, "spec[*]") == 0); /* [*] on a mapping selects nothing */
  CHECK(select_all(&f, "spec.template.spec.containers.*") == 0); /* '*' on a sequence */
  CHECK(select_all(&f, "spec.replicas[0]") == 0);
  CHECK(select_all(&f, "nope.deeper") == 0);
  fixture_delete(&f);
}

static void test_quoted_keys(void) {
  Fixture f = fixture(kDeployment);
  CHECK(select_all(&f, "metadata.annotations[\"seldon.io/rest-timeout\"]") == 1);
  CHECK_STR(value(&f, 0), "100000");
  CHECK(at(f.matches.items[0].key, 6, 5));
  CHECK(select_all(&f, "metadata.annotations['prometheus.io/scrape']") == 1);
  CHECK_STR(value(&f, 0), "true");
  CHECK(select_all(&f, "metadata.annotations.\"seldon.io/rest-timeout\"") == 1);
  CHECK(select_all(&f, "metadata.annotations.x-foo_bar/baz9") == 1);
  CHECK_STR(value(&f, 0), "yes");
  CHECK(select_all(&f, "[\"metadata\"][\"name\"]") == 1);
  CHECK_STR(value(&f, 0), "model-server");
  CHECK(select_all(&f, "metadata.annotations.seldon.io/rest-timeout") == 0);
  CHECK(select_all(&f, "metadata.[\"annotations\"].\"seldon.io/rest-timeout\"") == 1);
  CHECK(select_all(&f, "spec.template.spec.containers.[1].name") == 1);
  CHECK_STR(value(&f, 0), "sidecar");
  fixture_delete(&f);

  f = fixture("'a\"b': 1\n\"c'd\": 2\n\"e\\\\f\": 3\n");
  CHECK(select_all(&f, "[\"a\\\"b\"]") == 1 && value(&f, 0)[0] == '1');
  CHECK(select_all(&f, "['a\"b']") == 1);
  CHECK(select_all(&f, "[\"c'd\"]") == 1 && value(&f, 0)[0] == '2');
  CHECK(select_all(&f, "['c\\'d']") == 1);
  CHECK(select_all(&f, "['e\\\\f']") == 1 && value(&f, 0)[0] == '3');
  fixture_delete(&f);
}

static const char kCompose[] =
    "x-base: &base\n"
    "  image: python:3.11\n"
    "  restart: always\n"
    "services:\n"
    "  api:\n"
    "    image: model-api:1.2\n"
    "    deploy:\n"
    "      replicas: 2\n"
    "  worker:\n"
    "    build: ./worker\n"
    "  batch: *base\n"
    "  cron: *base\n"
    "  proxy:\n"
    "    sidecar:\n"
    "      image: envoy:v1\n"
    "    image: nginx:1.25\n";

static void test_compose(void) {
  Fixture f = fixture(kCompose);
  /* Document order: the nested sidecar image (line 15) before its parent's (line 16);
   * the aliased base image once, at its anchor. */
  CHECK(select_all(&f, "**.image") == 4);
  CHECK_STR(value(&f, 0), "python:3.11");
  CHECK_STR(value(&f, 1), "model-api:1.2");
  CHECK_STR(value(&f, 2), "envoy:v1");
  CHECK_STR(value(&f, 3), "nginx:1.25");
  CHECK(at(f.matches.items[0].key, 2, 3) && at(f.matches.items[3].key, 16, 5));

  CHECK(select_all(&f, "services.*.image") == 3); /* api, base (via batch and cron), proxy */
  CHECK_STR(value(&f, 0), "python:3.11");
  CHECK_STR(value(&f, 1), "model-api:1.2");
  CHECK_STR(value(&f, 2), "nginx:1.25");

  CHECK(select_all(&f, "services.cron.image") == 1); /* found through the alias */
  CHECK(at(f.matches.items[0].value, 2, 10));
  CHECK(select_all(&f, "services.*") == 4); /* batch and cron share one node */
  CHECK(select_all(&f, "*") == 2);
  CHECK(select_all(&f, "**.deploy.replicas") == 1 && at(f.matches.items[0].value, 8, 17));
  CHECK(select_all(&f, "services.**.replicas") == 1);
  CHECK(select_all(&f, "**.**.image") == 4);
  fixture_delete(&f);
}

static void test_descend_includes_self(void) {
  Fixture f = fixture("a:\n  - b: 1\n  - [c, {b: 2}]\n");
  CHECK(select_all(&f, "**") == 8); /* root, a's sequence, {b: 1}, 1, [c, ...], c, {b: 2}, 2 */
  CHECK(f.matches.items[0].key == NULL && f.matches.items[0].value->kind == SL_YAML_MAPPING);
  CHECK(select_all(&f, "a.**") == 7);
  CHECK(select_all(&f, "a.**.b") == 2);
  CHECK_STR(value(&f, 0), "1");
  CHECK_STR(value(&f, 1), "2");
  CHECK(select_all(&f, "**[1][*]") == 2);
  CHECK(select_all(&f, "a[1][1].b") == 1);
  fixture_delete(&f);

  f = fixture("first: 1\n---\nsecond: 2\n");
  CHECK(select_in(&f, 1, "second") == 1 && select_in(&f, 1, "first") == 0);
  fixture_delete(&f);
}

/* Nine levels of ten aliases each under the top key; the leaf mapping holds x. */
static void test_billion_laughs(void) {
  SlStrbuf text = {0};
  sl_strbuf_puts(&text, "a: &a [{x: lol}, \"lol\", \"lol\"]\n");
  for (char level = 'b'; level <= 'j'; level++) {
    sl_strbuf_printf(&text, "%c: &%c [", level, level);
    for (int i = 0; i < 10; i++) sl_strbuf_printf(&text, "%s*%c", i ? ", " : "", level - 1);
    sl_strbuf_puts(&text, "]\n");
  }
  Fixture f = fixture(sl_strbuf_cstr(&text));
  clock_t start = clock();
  CHECK(select_all(&f, "**.x") == 1);
  CHECK(at(f.matches.items[0].value, 1, 12));
  CHECK(select_all(&f, "j[*][*][*][*][*][*][*][*][*][*].x") == 1);
  CHECK(select_all(&f, "**") < 40);
  CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
  fixture_delete(&f);
  sl_strbuf_delete(&text);
}

static void test_cycles_and_bounds(void) {
  Fixture f = fixture("&a [*a, {x: 1, self: *a}]\n");
  CHECK(select_all(&f, "**.x") == 1);
  CHECK(select_all(&f, "**") == 3);
  CHECK(select_all(&f, "[0][0][0][0][1].self[1].x") == 1);
  CHECK(select_all(&f, "**.self.**.self[*]") == 2);
  fixture_delete(&f);

  /* x nested 10 deep is found; nested past SL_YAML_MAX_DEPTH it is absent. */
  SlStrbuf text = {0};
  for (int i = 0; i < 10; i++) sl_strbuf_puts(&text, "{k: ");
  sl_strbuf_puts(&text, "{x: 1}");
  for (int i = 0; i < 10; i++) sl_strbuf_puts(&text, "}");
  f = fixture(sl_strbuf_cstr(&text));
  CHECK(select_all(&f, "**.x") == 1);
  fixture_delete(&f);
  sl_strbuf_delete(&text);
  for (int i = 0; i < SL_YAML_MAX_DEPTH; i++) sl_strbuf_puts(&text, "{k: ");
  sl_strbuf_puts(&text, "{x: 1}");
  for (int i = 0; i < SL_YAML_MAX_DEPTH; i++) sl_strbuf_puts(&text, "}");
  f = fixture(sl_strbuf_cstr(&text));
  CHECK(select_all(&f, "**.x") == 0);
  CHECK(select_all(&f, "**") == SL_YAML_MAX_DEPTH + 1);
  fixture_delete(&f);
  sl_strbuf_delete(&text);

  /* The visit budget: 1.1 million aliases of one node, then a distinct last item that
   * the budget never reaches. */
  sl_strbuf_puts(&text, "[&a 0");
  for (int i = 0; i < 1100000; i++) sl_strbuf_puts(&text, ",*a");
  sl_strbuf_puts(&text, ",last]");
  f = fixture(sl_strbuf_cstr(&text));
  CHECK(select_all(&f, "[*]") == 1);
  CHECK(select_all(&f, "[1100001]") == 1); /* a direct index costs one visit */
  fixture_delete(&f);
  sl_strbuf_delete(&text);
}

/* Compiles `text`, which must fail at `column` with a message containing `message`. */
static void check_compile_error(const char *text, uint32_t column, const char *message) {
  SlError error = {0};
  SlYamlPath *path = sl_yaml_path_compile(text, &error);
  CHECK(path == NULL);
  sl_yaml_path_delete(path);
  CHECK(error.kind == SL_ERROR_RULE);
  if (error.column != column || !strstr(error.message, message))
    fprintf(stderr, "  path '%s': got col %u \"%s\", expected col %u \"%s\"\n", text, error.column,
            error.message, column, message);
  CHECK(error.column == column && strstr(error.message, message));
}

static void test_compile_errors(void) {
  check_compile_error("", 1, "empty path");
  check_compile_error(NULL, 1, "empty path");
  check_compile_error("a..b", 3, "empty step");
  check_compile_error(".a", 1, "empty step");
  check_compile_error("a.", 3, "empty step");
  check_compile_error("a[\"b", 3, "unterminated quoted key");
  check_compile_error("a['b\\'", 3, "unterminated quoted key");
  check_compile_error("a[0", 4, "expected ']'");
  check_compile_error("a[*", 4, "expected ']'");
  check_compile_error("a[\"b\".c", 6, "expected ']'");
  check_compile_error("a[]", 3, "expected '*', an index or a quoted key");
  check_compile_error("a[x]", 3, "expected '*', an index or a quoted key");
  check_compile_error("a[-1]", 3, "expected '*', an index or a quoted key");
  check_compile_error("a[", 3, "expected '*', an index or a quoted key");
  check_compile_error("a[99999999999999999999999]", 3, "index too large");
  check_compile_error("a*", 2, "'*' must be a whole step");
  check_compile_error("a.*b", 3, "'*' must be a whole step");
  check_compile_error("***", 1, "'*' must be a whole step");
  check_compile_error("a b", 2, "unexpected character ' '");
  check_compile_error("a[0]b", 5, "unexpected character 'b'");
  check_compile_error("a.\"b\"c", 6, "unexpected character 'c'");
  check_compile_error("a]", 2, "unexpected character ']'");
  check_compile_error("a.\tb", 3, "unexpected byte 0x09");
  CHECK(sl_yaml_path_compile("a[", NULL) == NULL); /* a NULL error is allowed */
}

static void test_parent_and_last_key(void) {
  SlError error = {0};
  SlYamlPath *path = sl_yaml_path_compile("a.b[*].c", &error);
  CHECK_STR(sl_yaml_path_last_key(path), "c");
  SlYamlPath *parent = sl_yaml_path_parent(path);
  CHECK(parent && sl_yaml_path_last_key(parent) == NULL);
  SlYamlPath *grandparent = sl_yaml_path_parent(parent);
  CHECK_STR(sl_yaml_path_last_key(grandparent), "b");
  SlYamlPath *top = sl_yaml_path_parent(grandparent);
  CHECK_STR(sl_yaml_path_last_key(top), "a");
  CHECK(sl_yaml_path_parent(top) == NULL);
  sl_yaml_path_delete(top);
  sl_yaml_path_delete(grandparent);
  sl_yaml_path_delete(parent);
  sl_yaml_path_delete(path);

  path = sl_yaml_path_compile("metadata.annotations[\"seldon.io/rest-timeout\"]", &error);
  CHECK_STR(sl_yaml_path_last_key(path), "seldon.io/rest-timeout");
  sl_yaml_path_delete(path);
  path = sl_yaml_path_compile("**", &error);
  CHECK(sl_yaml_path_last_key(path) == NULL && sl_yaml_path_parent(path) == NULL);
  sl_yaml_path_delete(path);

  /* A missing key is reported at the parent's match. */
  Fixture f = fixture(kDeployment);
  path = sl_yaml_path_compile("spec.template.spec.containers[*].resources", &error);
  sl_yaml_path_select(path, sl_yaml_document_root(f.file, 0), &f.matches);
  CHECK(f.matches.count == 0);
  parent = sl_yaml_path_parent(path);
  sl_yaml_path_select(parent, sl_yaml_document_root(f.file, 0), &f.matches);
  CHECK(f.matches.count == 2 && at(f.matches.items[1].value, 16, 11));
  sl_yaml_path_delete(parent);
  sl_yaml_path_delete(path);
  fixture_delete(&f);

  CHECK(sl_yaml_path_parent(NULL) == NULL && sl_yaml_path_last_key(NULL) == NULL);
  sl_yaml_path_delete(NULL);
  SlYamlMatchVec matches = {0};
  sl_yaml_path_select(NULL, NULL, &matches);
  CHECK(matches.count == 0);
}

int main(void) {
  test_kubernetes_images();
  test_quoted_keys();
  test_compose();
  test_descend_includes_self();
  test_billion_laughs();
  test_cycles_and_bounds();
  test_compile_errors();
  test_parent_and_last_key();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
