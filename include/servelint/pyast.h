/*
 * pyast: small helpers over tree-sitter-python nodes shared by the native checks
 * and the facts stage: node text, call arguments, and an iterative walk (deeply
 * nested input cannot exhaust the stack).
 */
#ifndef SERVELINT_PYAST_H
#define SERVELINT_PYAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

/* Whether `node`'s text in `source` is exactly `text`. */
bool sl_pyast_text_is(const char *source, TSNode node, const char *text);
/* Whether two nodes have the same text in `source`; false when either is null. */
bool sl_pyast_same_text(const char *source, TSNode a, TSNode b);
/* A copy of `node`'s text; caller frees with sl_free. */
char *sl_pyast_text(const char *source, TSNode node);
/* Whether `node` is of type `type`. */
bool sl_pyast_is(TSNode node, const char *type);
/* Whether `node`'s text holds `needle` (lower case), case aside; false for a null node. */
bool sl_pyast_text_contains(const char *source, TSNode node, const char *needle);
/* Whether `node` is an `if` statement whose condition names `__name__` and `__main__`
 * (`if __name__ == "__main__":`, also reversed or parenthesised). Where it stands (the
 * module level or not) is for the caller to judge. */
bool sl_pyast_is_main_guard(const char *source, TSNode node);

/* The argument list of a call (or of a decorator's call; an argument_list is its own);
 * a null node for other nodes. */
TSNode sl_pyast_call_arguments(TSNode call);
/* The value of keyword argument `name` of a call (any node sl_pyast_call_arguments
 * accepts), or a null node. `*has_splat`
 * (may be NULL) says whether the call passes a `**mapping` that could hold it. */
TSNode sl_pyast_keyword(const char *source, TSNode call, const char *name, bool *has_splat);
/* Positional argument `index` (0-based) of a call (any node sl_pyast_call_arguments
 * accepts), or a null node; a `*args` splat before it makes the position unknown. */
TSNode sl_pyast_positional(TSNode call, uint32_t index);
/* The innermost function definition holding `node` (not `node` itself), or a null node
 * at module level. */
TSNode sl_pyast_enclosing_function(TSNode node);

/* Visits `root` and its descendants in document order. `visit` returns whether to
 * descend into the node's children. */
typedef bool (*SlPyastVisitFn)(void *context, TSNode node);
void sl_pyast_walk(TSNode root, SlPyastVisitFn visit, void *context);

#endif
