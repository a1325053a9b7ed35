/*
 * facts_functions: every function definition of a file with its decorators and the
 * calls it makes, and which of them lie on an inference path: an entry point, or a
 * function an entry point calls (transitively) within the file. Load hooks
 * (__init__, initialize, load, setup...) run once, not per request: a path never goes
 * through them, so a model loaded there is not "loaded per request".
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pyast.h"
#include "servelint/strbuf.h"

/* A class or function being walked: its qualified name and where it ends. */
typedef struct {
  char *name;        /* owned */
  uint32_t end_byte;
  bool is_class;
  long function;     /* index in facts->functions, or -1 for a class */
} SlScope;

typedef struct {
  const SlSource *source;
  SlFileFacts *facts;
  SlVec(SlScope) scopes;
  uint32_t decorated_start; /* the function a decorated_definition already recorded */
} SlFunctionScan;

static bool sl_facts__is_load_hook(const char *qualified) {
  static const char *const hooks[] = {"__init__", "initialize", "load", "load_context", "setup",
                                      "startup", "on_startup", "lifespan", "init", "model_fn",
                                      "warmup", "load_model", "_load_model", "setup_model"};
  const char *name = strrchr(qualified, '.');
  name = name ? name + 1 : qualified;
  for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++)
    if (strcmp(name, hooks[i]) == 0) return true;
  return false;
}

static void sl_facts__leave_scopes(SlFunctionScan *scan, uint32_t start_byte) {
  while (scan->scopes.count && sl_vec_last(&scan->scopes)->end_byte <= start_byte) {
    sl_free(sl_vec_last(&scan->scopes)->name);
    scan->scopes.count--;
  }
}

static char *sl_facts__qualify(const SlFunctionScan *scan, TSNode name) {
  SlStrbuf out = {0};
  if (scan->scopes.count) {
    sl_strbuf_puts(&out, sl_vec_last(&scan->scopes)->name);
    sl_strbuf_puts(&out, ".");
  }
  char *text = sl_pyast_text(scan->source->bytes, name);
  sl_strbuf_puts(&out, text);
  sl_free(text);
  return sl_strbuf_take(&out);
}

/* "@functools.lru_cache(maxsize=1)" -> "functools.lru_cache". */
static char *sl_facts__decorator_name(const SlSource *source, TSNode decorator) {
  TSNode expression = ts_node_named_child(decorator, 0);
  if (sl_pyast_is(expression, "call")) expression = ts_node_child_by_field_name(expression, "function", 8);
  return sl_pyast_text(source->bytes, expression);
}

static void sl_facts__add_function(SlFunctionScan *scan, TSNode definition, TSNode outer) {
  TSNode name = ts_node_child_by_field_name(definition, "name", 4);
  if (ts_node_is_null(name)) return;
  SlFunction function = {.name = sl_facts__qualify(scan, name), .span = sl_span_of_node(outer),
                         .name_span = sl_span_of_node(name)};
  function.is_async = sl_pyast_is(ts_node_child(definition, 0), "async");
  function.is_load_hook = sl_facts__is_load_hook(function.name);
  uint32_t count = ts_node_named_child_count(outer);
  for (uint32_t i = 0; !ts_node_eq(outer, definition) && i < count; i++) {
    TSNode decorator = ts_node_named_child(outer, i);
    if (sl_pyast_is(decorator, "decorator"))
      sl_vec_push(&function.decorators, sl_facts__decorator_name(scan->source, decorator));
  }
  sl_vec_push(&scan->facts->functions, function);
  SlScope scope = {sl_strdup(function.name), ts_node_end_byte(definition), false,
                   (long)scan->facts->functions.count - 1};
  sl_vec_push(&scan->scopes, scope);
}

static void sl_facts__add_class(SlFunctionScan *scan, TSNode definition) {
  TSNode name = ts_node_child_by_field_name(definition, "name", 4);
  if (ts_node_is_null(name)) return;
  SlScope scope = {sl_facts__qualify(scan, name), ts_node_end_byte(definition), true, -1};
  sl_vec_push(&scan->scopes, scope);
}

/* The innermost enclosing function's index in facts->functions, or -1. */
static long sl_facts__innermost_function(const SlFunctionScan *scan) {
  for (size_t i = scan->scopes.count; i-- > 0;)
    if (!scan->scopes.items[i].is_class) return scan->scopes.items[i].function;
  return -1;
}

static void sl_facts__add_call(SlFunctionScan *scan, TSNode call) {
  long index = sl_facts__innermost_function(scan);
  if (index < 0) return;
  TSNode callee = ts_node_child_by_field_name(call, "function", 8);
  char *text = sl_pyast_text(scan->source->bytes, callee);
  /* `self.x(...)` calls the enclosing class's method x. */
  const SlFunction *function = &scan->facts->functions.items[index];
  const char *dot = strrchr(function->name, '.');
  if (strncmp(text, "self.", 5) == 0 && !strchr(text + 5, '.') && dot) {
    SlStrbuf qualified = {0};
    sl_strbuf_append(&qualified, function->name, (size_t)(dot - function->name));
    sl_strbuf_printf(&qualified, ".%s", text + 5);
    sl_free(text);
    text = sl_strbuf_take(&qualified);
  }
  sl_vec_push(&scan->facts->functions.items[index].callees, text);
}

static bool sl_facts__visit_function_node(void *context, TSNode node) {
  SlFunctionScan *scan = context;
  sl_facts__leave_scopes(scan, ts_node_start_byte(node));
  if (sl_pyast_is(node, "decorated_definition")) {
    TSNode definition = ts_node_child_by_field_name(node, "definition", 10);
    if (sl_pyast_is(definition, "function_definition")) {
      sl_facts__add_function(scan, definition, node);
      scan->decorated_start = ts_node_start_byte(definition);
    }
  } else if (sl_pyast_is(node, "function_definition")) {
    if (ts_node_start_byte(node) != scan->decorated_start) sl_facts__add_function(scan, node, node);
  } else if (sl_pyast_is(node, "class_definition")) {
    sl_facts__add_class(scan, node);
  } else if (sl_pyast_is(node, "call")) {
    sl_facts__add_call(scan, node);
  }
  return true;
}

/* Whether `callee`, as written in `caller`, names `candidate`: the same qualified
 * name (a module function, or "Class.method" from a self call), or a function nested
 * in the caller. Calls through other objects or modules are not followed. */
static bool sl_facts__calls(const SlFunction *caller, const char *callee, const SlFunction *candidate) {
  if (strcmp(candidate->name, callee) == 0) return true;
  size_t caller_length = strlen(caller->name);
  return !strchr(callee, '.') && strncmp(candidate->name, caller->name, caller_length) == 0 &&
         candidate->name[caller_length] == '.' && strcmp(candidate->name + caller_length + 1, callee) == 0;
}

/* Marks function `start` and everything it calls (not through load hooks). Iterative:
 * a call graph may have cycles and depth. */
bool sl_facts_mark_path(SlFileFacts *facts, size_t start, bool online) {
  bool changed = false;
  SlVec(size_t) pending = {0};
  sl_vec_push(&pending, start);
  while (pending.count) {
    SlFunction *function = &facts->functions.items[pending.items[--pending.count]];
    if (function->is_load_hook || (function->on_inference_path && (!online || function->on_online_path)))
      continue;
    function->on_inference_path = true;
    function->on_online_path |= online;
    changed = true;
    for (size_t c = 0; c < function->callees.count; c++)
      for (size_t i = 0; i < facts->functions.count; i++)
        if (sl_facts__calls(function, function->callees.items[c], &facts->functions.items[i]))
          sl_vec_push(&pending, i);
  }
  sl_vec_delete(&pending);
  return changed;
}

static void sl_facts__mark_inference_paths(SlFileFacts *facts) {
  for (size_t e = 0; e < facts->entry_points.count; e++) {
    const SlEntryPoint *entry = &facts->entry_points.items[e];
    for (size_t i = 0; i < facts->functions.count; i++)
      if (facts->functions.items[i].name_span.start_byte == entry->name_span.start_byte)
        sl_facts_mark_path(facts, i, entry->pattern == SL_PATTERN_ONLINE);
  }
}

void sl_facts_find_functions(const SlSource *source, TSNode root, SlFileFacts *facts) {
  SlFunctionScan scan = {source, facts, {0}, UINT32_MAX};
  sl_pyast_walk(root, sl_facts__visit_function_node, &scan);
  sl_facts__leave_scopes(&scan, UINT32_MAX);
  sl_vec_delete(&scan.scopes);
  sl_facts__mark_inference_paths(facts);
}

const SlFunction *sl_facts_enclosing_function(const SlFileFacts *facts, uint32_t start_byte,
                                              uint32_t end_byte) {
  const SlFunction *innermost = NULL;
  for (size_t i = 0; i < facts->functions.count; i++) {
    const SlFunction *function = &facts->functions.items[i];
    if (function->span.start_byte <= start_byte && end_byte <= function->span.end_byte &&
        (!innermost || function->span.start_byte >= innermost->span.start_byte))
      innermost = function;
  }
  return innermost;
}
