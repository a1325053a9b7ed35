/*
 * python: Python source through tree-sitter (tree-sitter-python 0.23.6, ABI 14).
 * A parser is per thread; the language is static and shared.
 */
#ifndef SERVELINT_PYTHON_H
#define SERVELINT_PYTHON_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "servelint/error.h"

#if TREE_SITTER_LANGUAGE_VERSION < 14
#error "servelint needs a tree-sitter runtime that loads language ABI 14 (libtree-sitter >= 0.20.7)"
#endif

/* Per-file parse budget: a file that takes longer is reported as a parse error. */
#define SL_PYTHON_PARSE_TIMEOUT_MICROS (10u * 1000u * 1000u)

/* The grammar (static, shared by every thread). */
const TSLanguage *sl_python_language(void);

typedef struct SlPythonParser SlPythonParser;

/* A parser for one thread. Returns NULL and fills `error` when the runtime refuses the
 * grammar (ABI mismatch). Caller frees with sl_python_parser_delete. */
SlPythonParser *sl_python_parser_new(SlError *error);
/* NULL is a no-op. */
void sl_python_parser_delete(SlPythonParser *parser);

/* Parses `bytes`. Returns a tree (caller frees with ts_tree_delete), possibly with
 * ERROR nodes, or NULL with `error` filled (SL_ERROR_PARSE) when the parse timed out;
 * the parser is reset and usable again either way. `path` names the file in errors. */
TSTree *sl_python_parse(SlPythonParser *parser, const char *path, const char *bytes,
                        size_t byte_count, SlError *error);

/* The first ERROR or MISSING node in document order, for a located syntax-error
 * message; a null node (ts_node_is_null) when the tree has none. */
TSNode sl_python_first_error(TSNode root);

#endif
