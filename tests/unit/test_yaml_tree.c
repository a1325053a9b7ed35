/* Unit tests for yaml_tree: documents, marks, aliases, errors and tolerated inputs. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_tree.h"

static SlYamlFile *parse(const char *text) {
  SlError error = {0};
  SlYamlFile *file = sl_yaml_parse("t.yaml", text, strlen(text), &error);
  if (!file)
    fprintf(stderr, "unexpected parse error %u:%u: %s\n", error.line, error.column, error.message);
  return file;
}

/* Parses text that must fail; returns the error. */
static SlError parse_error(const char *text, size_t length) {
  SlError error = {0};
  SlYamlFile *file = sl_yaml_parse("bad.yaml", text, length, &error);
  CHECK(file == NULL);
  sl_yaml_file_delete(file);
  return error;
}

static bool at(const SlYamlNode *node, uint32_t line, uint32_t column) {
  if (!node) return false;
  if (node->line == line && node->column == column) return true;
  fprintf(stderr, "  node at %u:%u, expected %u:%u\n", node->line, node->column, line, column);
  return false;
}

static void test_multi_document(void) {
  SlYamlFile *file = parse(
      "a: 1\n"
      "b:\n"
      "  - x\n"
      "  - \"y\"\n"
      "---\n"
      "c: {d: e}\n"
      "---\n"
      "just a scalar\n");
  CHECK(file != NULL);
  CHECK(sl_yaml_document_count(file) == 3);
  const SlYamlNode *root = sl_yaml_document_root(file, 0);
  CHECK(root && root->kind == SL_YAML_MAPPING && root->pair_count == 2 && at(root, 1, 1));
  const SlYamlPair *a = sl_yaml_mapping_pair(root, "a");
  CHECK(a && at(a->key, 1, 1) && at(a->value, 1, 4));
  CHECK(sl_yaml_scalar_is(a->value, "1") && a->value->plain);
  const SlYamlPair *b = sl_yaml_mapping_pair(root, "b");
  CHECK(b && at(b->key, 2, 1) && b->value->kind == SL_YAML_SEQUENCE && at(b->value, 3, 3));
  CHECK(b->value->item_count == 2);
  CHECK(at(b->value->items[0], 3, 5) && sl_yaml_scalar_is(b->value->items[0], "x"));
  CHECK(at(b->value->items[1], 4, 5) && sl_yaml_scalar_is(b->value->items[1], "y"));
  CHECK(b->value->items[0]->plain && !b->value->items[1]->plain);

  const SlYamlNode *second = sl_yaml_document_root(file, 1);
  const SlYamlPair *c = sl_yaml_mapping_pair(second, "c");
  CHECK(c && at(c->key, 6, 1) && at(c->value, 6, 4) && c->value->kind == SL_YAML_MAPPING);
  const SlYamlPair *d = sl_yaml_mapping_pair(c->value, "d");
  CHECK(d && at(d->key, 6, 5) && at(d->value, 6, 8) && sl_yaml_scalar_is(d->value, "e"));

  const SlYamlNode *third = sl_yaml_document_root(file, 2);
  CHECK(third && third->kind == SL_YAML_SCALAR && at(third, 8, 1));
  CHECK_STR(third->value, "just a scalar");
  CHECK(sl_yaml_document_root(file, 3) == NULL);
  CHECK(sl_yaml_node_count(file) == 13);
  sl_yaml_file_delete(file);
}

static void test_scalars_and_keys(void) {
  SlYamlFile *file = parse(
      "a: 1\n"
      "a: 2\n"
      "1: one\n"
      "n: null\n"
      "q: 'null'\n"
      "z: \"x\\0y\"\n"
      "? [k]\n"
      ": complex\n"
      "e:\n");
  const SlYamlNode *root = sl_yaml_document_root(file, 0);
  CHECK(sl_yaml_scalar_is(sl_yaml_mapping_get(root, "a"), "2")); /* last duplicate wins */
  CHECK(at(sl_yaml_mapping_pair(root, "a")->key, 2, 1));
  CHECK(sl_yaml_scalar_is(sl_yaml_mapping_get(root, "1"), "one")); /* keys compared as text */
  CHECK(sl_yaml_mapping_get(root, "n")->plain && !sl_yaml_mapping_get(root, "q")->plain);
  const SlYamlNode *z = sl_yaml_mapping_get(root, "z");
  CHECK(z && z->value_length == 3 && memcmp(z->value, "x\0y", 4) == 0);
  CHECK(!sl_yaml_scalar_is(z, "x"));
  CHECK(sl_yaml_mapping_get(root, "k") == NULL); /* a sequence key never matches */
  const SlYamlNode *e = sl_yaml_mapping_get(root, "e");
  CHECK(e && e->kind == SL_YAML_SCALAR && e->plain && e->value_length == 0 && e->line == 9);
  CHECK(sl_yaml_mapping_get(root, "missing") == NULL);
  CHECK(sl_yaml_mapping_get(root, NULL) == NULL);
  CHECK(sl_yaml_mapping_get(NULL, "a") == NULL);
  CHECK(sl_yaml_mapping_pair(sl_yaml_mapping_get(root, "a"), "a") == NULL); /* not a mapping */
  CHECK(!sl_yaml_scalar_is(NULL, "a") && !sl_yaml_scalar_is(root, "a"));
  sl_yaml_file_delete(file);
}

static void test_aliases(void) {
  SlYamlFile *file = parse(
      "base: &b {image: x}\n"
      "svc: *b\n"
      "one: &v 1\n"
      "one_again: &v 2\n"
      "latest: *v\n");
  const SlYamlNode *root = sl_yaml_document_root(file, 0);
  const SlYamlNode *base = sl_yaml_mapping_get(root, "base");
  CHECK(base && sl_yaml_mapping_get(root, "svc") == base); /* shared, not copied */
  CHECK(at(sl_yaml_mapping_get(base, "image"), 1, 18));
  CHECK(sl_yaml_scalar_is(sl_yaml_mapping_get(root, "latest"), "2")); /* redefinition wins */
  CHECK(sl_yaml_node_count(file) == 11);
  sl_yaml_file_delete(file);

  SlError error = parse_error("a: &x 1\n---\nb: *x\n", 18); /* anchors stay in their document */
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 3 && error.column == 4);
  CHECK(strstr(error.message, "undefined alias") != NULL);
}

/* Nine levels of ten aliases each: 10^9 leaves if expanded, ~100 nodes as a graph. */
static void test_billion_laughs(void) {
  SlStrbuf text = {0};
  sl_strbuf_puts(&text, "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
  for (char level = 'b'; level <= 'j'; level++) {
    sl_strbuf_printf(&text, "%c: &%c [", level, level);
    for (int i = 0; i < 10; i++) sl_strbuf_printf(&text, "%s*%c", i ? ", " : "", level - 1);
    sl_strbuf_puts(&text, "]\n");
  }
  clock_t start = clock();
  SlYamlFile *file = parse(sl_strbuf_cstr(&text));
  CHECK(file && sl_yaml_node_count(file) < 40);
  const SlYamlNode *j = sl_yaml_mapping_get(sl_yaml_document_root(file, 0), "j");
  CHECK(j && j->item_count == 10 && j->items[0] == j->items[9]);
  CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
  sl_yaml_file_delete(file);
  sl_strbuf_delete(&text);
}

static void test_cycles_and_depth(void) {
  SlYamlFile *file = parse("&a [*a, {k: *a}]\n");
  const SlYamlNode *root = sl_yaml_document_root(file, 0);
  CHECK(root && root->kind == SL_YAML_SEQUENCE && root->items[0] == root);
  CHECK(sl_yaml_mapping_get(root->items[1], "k") == root);
  sl_yaml_file_delete(file);

  /* Deep nesting is built and freed without recursion. */
  SlStrbuf deep = {0};
  for (int i = 0; i < 20000; i++) sl_strbuf_puts(&deep, "[");
  for (int i = 0; i < 20000; i++) sl_strbuf_puts(&deep, "]");
  file = parse(sl_strbuf_cstr(&deep));
  CHECK(file && sl_yaml_node_count(file) == 20000);
  sl_yaml_file_delete(file);
  sl_strbuf_delete(&deep);
}

static void test_syntax_errors(void) {
  SlError error = parse_error("key: value\nbad: x: y\n", 21);
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 2 && error.column == 7);
  CHECK_STR(error.path, "bad.yaml");
  CHECK(strstr(error.message, "mapping values are not allowed") != NULL);

  error = parse_error("a:\n  - b\n  c: d\n", 16);
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 3 && error.column == 3);
  CHECK(strstr(error.message, "(while parsing a block") != NULL); /* context appended */

  error = parse_error("a:\n\tb: 1\n", 9); /* a tab cannot indent */
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 2 && error.column == 1);

  error = parse_error("a: 1\nb: \xff\n", 9); /* invalid UTF-8 */
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 2 && error.column == 4);
  CHECK(strstr(error.message, "UTF-8") != NULL);

  error = parse_error("a: x\0y\n", 7); /* NUL byte */
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 1 && error.column == 5);

  error = parse_error("a: [1, 2\n", 9);
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 2 && error.column == 1);

  error = parse_error("a: *nope\n", 9);
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 1 && error.column == 4);
  CHECK_STR(error.message, "found undefined alias 'nope'");
  CHECK(sl_yaml_parse("x", "[", 1, NULL) == NULL); /* a NULL error is allowed */
}

static void test_empty_inputs(void) {
  SlYamlFile *file = parse("");
  CHECK(file && sl_yaml_document_count(file) == 0 && sl_yaml_node_count(file) == 0);
  CHECK(sl_yaml_document_root(file, 0) == NULL);
  sl_yaml_file_delete(file);

  SlError error = {0};
  file = sl_yaml_parse("t.yaml", NULL, 0, &error);
  CHECK(file && sl_yaml_document_count(file) == 0);
  sl_yaml_file_delete(file);

  file = parse("# only a comment\n\n");
  CHECK(file && sl_yaml_document_count(file) == 0);
  sl_yaml_file_delete(file);

  file = parse("---\n---\n--- ''\n");
  CHECK(file && sl_yaml_document_count(file) == 3);
  CHECK(sl_yaml_document_root(file, 0) == NULL && sl_yaml_document_root(file, 1) == NULL);
  CHECK(sl_yaml_scalar_is(sl_yaml_document_root(file, 2), "")); /* quoted: not empty */
  sl_yaml_file_delete(file);

  CHECK(sl_yaml_document_count(NULL) == 0 && sl_yaml_node_count(NULL) == 0);
  CHECK(sl_yaml_document_root(NULL, 0) == NULL);
  sl_yaml_file_delete(NULL);
}

/* Lines count '\n' and columns count bytes after a BOM, as SlSource does. */
static void test_line_endings_and_units(void) {
  SlYamlFile *file = parse("a: 1\r\nb:\r\n  c: 2\r\n");
  const SlYamlNode *b = sl_yaml_mapping_get(sl_yaml_document_root(file, 0), "b");
  const SlYamlPair *c = sl_yaml_mapping_pair(b, "c");
  CHECK(c && at(c->key, 3, 3) && at(c->value, 3, 6) && sl_yaml_scalar_is(c->value, "2"));
  sl_yaml_file_delete(file);

  file = parse(
      "\xEF\xBB\xBF"
      "a: 1\nb: 2\n");
  const SlYamlNode *root = sl_yaml_document_root(file, 0);
  CHECK(at(sl_yaml_mapping_pair(root, "a")->key, 1, 1));
  CHECK(at(sl_yaml_mapping_pair(root, "b")->value, 2, 4));
  sl_yaml_file_delete(file);

  file = parse("k: \xC3\xA9\nx: {\xC3\xA9: 1, b: 2}\ns: \"x\ry\"\nt: 3\n");
  root = sl_yaml_document_root(file, 0);
  CHECK(at(sl_yaml_mapping_pair(sl_yaml_mapping_get(root, "x"), "b")->key, 2, 12));
  CHECK(at(sl_yaml_mapping_pair(root, "t")->key, 4, 1)); /* a lone CR is not a line end */
  sl_yaml_file_delete(file);

  SlError error = parse_error(
      "\xEF\xBB\xBF"
      "a: 1\r\nb: [\r\n",
      15);
  CHECK(error.line == 3 && error.column == 1);
}

/* A bad line is blanked and the rest of the file parsed, positions unchanged; the first
 * error is kept for the report. */
static void test_recovery(void) {
  const char *redacted =
      "spec:\r\n"
      "  env:\r\n"
      "    - name: API_KEY\r\n"
      "      value: ********\r\n"
      "  image: acme/api:latest\r\n";
  SlError error = {0};
  unsigned left_out = 9;
  SlYamlFile *file =
      sl_yaml_parse_recovering("r.yaml", redacted, strlen(redacted), &error, &left_out);
  CHECK(file != NULL && left_out == 1);
  CHECK(error.kind == SL_ERROR_PARSE && error.line == 4 && strstr(error.message, "alias"));
  const SlYamlNode *image =
      sl_yaml_mapping_get(sl_yaml_mapping_get(sl_yaml_document_root(file, 0), "spec"), "image");
  CHECK(sl_yaml_scalar_is(image, "acme/api:latest") && at(image, 5, 10));
  sl_yaml_file_delete(file);

  /* two bad lines, each blanked in turn */
  const char *twice = "a: 1\nb: *one\nc: 2\nd: *two\ne: 3\n";
  file = sl_yaml_parse_recovering("r.yaml", twice, strlen(twice), &error, &left_out);
  CHECK(file != NULL && left_out == 2 && error.line == 2);
  CHECK(sl_yaml_scalar_is(sl_yaml_mapping_get(sl_yaml_document_root(file, 0), "e"), "3"));
  sl_yaml_file_delete(file);

  /* valid text: nothing left out, no error */
  sl_error_clear(&error);
  file = sl_yaml_parse_recovering("r.yaml", "a: 1\n", 5, &error, &left_out);
  CHECK(file != NULL && left_out == 0 && error.kind == SL_ERROR_NONE);
  sl_yaml_file_delete(file);

  /* an error past the last line (an unclosed flow sequence) cannot be blanked */
  file = sl_yaml_parse_recovering("r.yaml", "key: [unclosed\n", 15, &error, &left_out);
  CHECK(file == NULL && left_out == 0 && error.line == 2);
}

int main(void) {
  test_multi_document();
  test_scalars_and_keys();
  test_aliases();
  test_billion_laughs();
  test_cycles_and_depth();
  test_syntax_errors();
  test_empty_inputs();
  test_line_endings_and_units();
  test_recovery();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
