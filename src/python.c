/*
 * python: the tree-sitter front. The grammar's parser.c is compiled into the build
 * from the npm package (cmake/grammar.cmake); tree_sitter_python() is its entry.
 */
#include "servelint/python.h"

#include <string.h>

#include "servelint/alloc.h"

const TSLanguage *tree_sitter_python(void);

struct SlPythonParser {
  TSParser *parser; /* owned */
};

const TSLanguage *sl_python_language(void) { return tree_sitter_python(); }

SlPythonParser *sl_python_parser_new(SlError *error) {
  TSParser *parser = ts_parser_new();
  const TSLanguage *language = sl_python_language();
  if (!ts_parser_set_language(parser, language)) {
    sl_error_set(error, SL_ERROR_INTERNAL, NULL, 0, 0,
                 "the tree-sitter runtime (ABI %d-%d) refuses the Python grammar (ABI %u)",
                 TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION,
                 ts_language_version(language));
    ts_parser_delete(parser);
    return NULL;
  }
  ts_parser_set_timeout_micros(parser, SL_PYTHON_PARSE_TIMEOUT_MICROS);
  SlPythonParser *wrapper = sl_malloc(sizeof *wrapper);
  wrapper->parser = parser;
  return wrapper;
}

void sl_python_parser_delete(SlPythonParser *parser) {
  if (!parser) return;
  ts_parser_delete(parser->parser);
  sl_free(parser);
}

TSTree *sl_python_parse(SlPythonParser *parser, const char *path, const char *bytes,
                        size_t byte_count, SlError *error) {
  TSTree *tree = ts_parser_parse_string(parser->parser, NULL, bytes, (uint32_t)byte_count);
  if (!tree) {
    /* A timeout leaves the parser mid-parse; reset so the next file starts clean. */
    ts_parser_reset(parser->parser);
    sl_error_set(error, SL_ERROR_PARSE, path, 0, 0, "parse timed out after %u s",
                 SL_PYTHON_PARSE_TIMEOUT_MICROS / 1000000u);
  }
  return tree;
}

static bool sl_python__is_error(TSNode node) {
  return ts_node_is_missing(node) || strcmp(ts_node_type(node), "ERROR") == 0;
}

/* Iterative descent (a cursor, not recursion): deeply nested input cannot exhaust the
 * stack. Only subtrees that contain an error are entered. */
TSNode sl_python_first_error(TSNode root) {
  TSNode found = {0};
  if (!ts_node_has_error(root)) return found;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (sl_python__is_error(node)) {
      found = node;
      break;
    }
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor))
      if (!ts_tree_cursor_goto_parent(&cursor)) goto out;
  }
out:
  ts_tree_cursor_delete(&cursor);
  return found;
}
