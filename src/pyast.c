/* pyast: node helpers for native checks and facts. */
#include "servelint/pyast.h"

#include <ctype.h>
#include <string.h>

#include "servelint/alloc.h"

bool sl_pyast_text_is(const char *source, TSNode node, const char *text) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return strlen(text) == end - start && memcmp(source + start, text, end - start) == 0;
}

bool sl_pyast_same_text(const char *source, TSNode a, TSNode b) {
  if (ts_node_is_null(a) || ts_node_is_null(b)) return false;
  uint32_t length = ts_node_end_byte(a) - ts_node_start_byte(a);
  return length == ts_node_end_byte(b) - ts_node_start_byte(b) &&
         memcmp(source + ts_node_start_byte(a), source + ts_node_start_byte(b), length) == 0;
}

bool sl_pyast_text_contains(const char *source, TSNode node, const char *needle) {
  if (ts_node_is_null(node)) return false;
  const char *text = source + ts_node_start_byte(node);
  size_t length = ts_node_end_byte(node) - ts_node_start_byte(node), needle_length = strlen(needle);
  for (size_t i = 0; i + needle_length <= length; i++) {
    size_t j = 0;
    while (j < needle_length && tolower((unsigned char)text[i + j]) == needle[j]) j++;
    if (j == needle_length) return true;
  }
  return false;
}

bool sl_pyast_is_main_guard(const char *source, TSNode node) {
  if (ts_node_is_null(node) || strcmp(ts_node_type(node), "if_statement") != 0) return false;
  TSNode condition = ts_node_child_by_field_name(node, "condition", 9);
  return sl_pyast_text_contains(source, condition, "__name__") &&
         sl_pyast_text_contains(source, condition, "__main__");
}

char *sl_pyast_text(const char *source, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return sl_strndup(source + start, end - start);
}

bool sl_pyast_is(TSNode node, const char *type) {
  return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

TSNode sl_pyast_call_arguments(TSNode call) {
  if (sl_pyast_is(call, "argument_list")) return call;
  if (sl_pyast_is(call, "decorator") && ts_node_named_child_count(call) > 0)
    return sl_pyast_call_arguments(ts_node_named_child(call, 0));
  if (!sl_pyast_is(call, "call")) return (TSNode){{0}, NULL, NULL};
  TSNode arguments = ts_node_child_by_field_name(call, "arguments", 9);
  return sl_pyast_is(arguments, "argument_list") ? arguments : (TSNode){{0}, NULL, NULL};
}

TSNode sl_pyast_keyword(const char *source, TSNode call, const char *name, bool *has_splat) {
  TSNode arguments = sl_pyast_call_arguments(call);
  uint32_t count = ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
  if (has_splat) *has_splat = false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (has_splat && sl_pyast_is(argument, "dictionary_splat")) *has_splat = true;
    if (!sl_pyast_is(argument, "keyword_argument")) continue;
    TSNode key = ts_node_child_by_field_name(argument, "name", 4);
    if (!ts_node_is_null(key) && sl_pyast_text_is(source, key, name))
      return ts_node_child_by_field_name(argument, "value", 5);
  }
  return (TSNode){{0}, NULL, NULL};
}

TSNode sl_pyast_positional(TSNode call, uint32_t index) {
  TSNode arguments = sl_pyast_call_arguments(call);
  uint32_t count = ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
  uint32_t position = 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    const char *type = ts_node_type(argument);
    if (strcmp(type, "keyword_argument") == 0 || strcmp(type, "comment") == 0 ||
        strcmp(type, "dictionary_splat") == 0)
      continue;
    if (strcmp(type, "list_splat") == 0) break;
    if (position++ == index) return argument;
  }
  return (TSNode){{0}, NULL, NULL};
}

TSNode sl_pyast_enclosing_function(TSNode node) {
  for (TSNode parent = ts_node_parent(node); !ts_node_is_null(parent);
       parent = ts_node_parent(parent))
    if (sl_pyast_is(parent, "function_definition")) return parent;
  return (TSNode){{0}, NULL, NULL};
}

void sl_pyast_walk(TSNode root, SlPyastVisitFn visit, void *context) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (bool more = true; more;) {
    bool descend = visit(context, ts_tree_cursor_current_node(&cursor));
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    /* Climb until a sibling exists; stop on returning to the root. */
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
}
