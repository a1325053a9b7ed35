/*
 * facts_loads: two facts about each model load that need the tree, recorded so that
 * the repository stage (which has no trees) can judge request paths:
 *   memoised: the enclosing function is cached (lru_cache, cache, cached...), the
 *             load sits under an `if` that tests for a missing model
 *             (`if model is None:`, `if name not in self.models:`), or the function
 *             returns early once it is there (`if _session is not None: return`);
 *   payload:  its argument is request data (taint.h): `torch.load(io.BytesIO(body))`
 *             deserialises the request, it does not load a model;
 *   used_here: the loading function also uses the model (a call on the name it is
 *             bound to, or on the load itself), so it is no mere loader;
 *   in_loop:  a `for` body or `while` loop of its function holds it (once per item).
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pyast.h"
#include "servelint/taint.h"

static bool sl_facts__is_cached(const SlFunction *function) {
  for (size_t i = 0; function && i < function->decorators.count; i++)
    if (strstr(function->decorators.items[i], "cache")) return true;
  return false;
}

static bool sl_facts__is_memo_condition(const char *text) {
  return strstr(text, "None") || strncmp(text, "not ", 4) == 0 || strstr(text, " not in ") ||
         strstr(text, "cache") || strstr(text, "loaded");
}

/* Whether an early-return test says the model is already there (`_session is not None`,
 * `name in self.models`, `self.loaded`). A test for something missing
 * (`if not os.path.exists(path): return error`) leaves before loading, not after. */
static bool sl_facts__is_present_condition(const char *text) {
  if (strncmp(text, "not ", 4) == 0 || strstr(text, " is None") || strstr(text, " not in "))
    return false;
  return strstr(text, " is not None") || strstr(text, " in ") || strstr(text, "cache") ||
         strstr(text, "loaded");
}

/* Whether an `if` between `call` and the top of `function` guards a lazy load. */
static bool sl_facts__is_guarded(const SlSource *source, TSNode call, const SlFunction *function) {
  uint32_t top = function ? function->span.start_byte : 0;
  for (TSNode node = ts_node_parent(call);
       !ts_node_is_null(node) && ts_node_start_byte(node) >= top; node = ts_node_parent(node)) {
    if (!sl_pyast_is(node, "if_statement")) continue;
    TSNode condition = ts_node_child_by_field_name(node, "condition", 9);
    if (ts_node_is_null(condition)) continue;
    char *text = sl_pyast_text(source->bytes, condition);
    bool memo = sl_facts__is_memo_condition(text);
    sl_free(text);
    if (memo) return true;
    if (ts_node_start_byte(node) == top) break;
  }
  return false;
}

/* Whether, earlier in the function holding `call`, a statement `if <memo test>: return`
 * leaves once the model is there: a lazy singleton (`if _session is not None: return`). */
static bool sl_facts__returns_early(const SlSource *source, TSNode call) {
  TSNode function = ts_node_parent(call);
  while (!ts_node_is_null(function) && !sl_pyast_is(function, "function_definition"))
    function = ts_node_parent(function);
  if (ts_node_is_null(function)) return false; /* a module-level load runs once anyway */
  TSNode body = ts_node_child_by_field_name(function, "body", 4);
  if (ts_node_is_null(body)) return false;
  uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count; i++) {
    TSNode statement = ts_node_named_child(body, i);
    if (ts_node_start_byte(statement) >= ts_node_start_byte(call)) break;
    if (!sl_pyast_is(statement, "if_statement")) continue;
    TSNode condition = ts_node_child_by_field_name(statement, "condition", 9);
    TSNode consequence = ts_node_child_by_field_name(statement, "consequence", 11);
    if (ts_node_is_null(condition) || ts_node_is_null(consequence) ||
        ts_node_named_child_count(consequence) == 0 ||
        !sl_pyast_is(ts_node_named_child(consequence, ts_node_named_child_count(consequence) - 1),
                     "return_statement"))
      continue;
    char *text = sl_pyast_text(source->bytes, condition);
    bool memo = sl_facts__is_present_condition(text);
    sl_free(text);
    if (memo) return true;
  }
  return false;
}

typedef struct {
  const char *source;
  const char *name; /* the name the load is bound to */
  uint32_t after;   /* the load's end: uses come later */
  bool used;
} SlUseSearch;

/* A call of the bound name, or of a method on it: `m(x)`, `m.predict(x)`. */
static bool sl_facts__visit_use(void *context, TSNode node) {
  SlUseSearch *search = context;
  if (search->used || ts_node_start_byte(node) < search->after || !sl_pyast_is(node, "call"))
    return !search->used;
  TSNode callee = ts_node_child_by_field_name(node, "function", 8);
  if (sl_pyast_is(callee, "attribute")) callee = ts_node_child_by_field_name(callee, "object", 6);
  search->used = sl_pyast_text_is(search->source, callee, search->name);
  return !search->used;
}

static bool sl_facts__is_used_here(const SlSource *source, TSNode call) {
  TSNode parent = ts_node_parent(call);
  if (sl_pyast_is(parent, "attribute")) return true; /* load(...).predict(x) */
  if (!sl_pyast_is(parent, "assignment")) return false;
  TSNode target = ts_node_child_by_field_name(parent, "left", 4);
  if (!sl_pyast_is(target, "identifier")) return false; /* self.model = load(...): stored */
  TSNode function = parent;
  while (!ts_node_is_null(function) && !sl_pyast_is(function, "function_definition"))
    function = ts_node_parent(function);
  if (ts_node_is_null(function)) return false;
  char *name = sl_pyast_text(source->bytes, target);
  SlUseSearch search = {source->bytes, name, ts_node_end_byte(call), false};
  sl_pyast_walk(ts_node_child_by_field_name(function, "body", 4), sl_facts__visit_use, &search);
  sl_free(name);
  return search.used;
}

/* Whether a `for` body or a `while` loop holds `call`, before the function holding it. */
static bool sl_facts__is_in_loop(TSNode call) {
  TSNode child = call;
  for (TSNode node = ts_node_parent(call); !ts_node_is_null(node);
       child = node, node = ts_node_parent(node)) {
    if (sl_pyast_is(node, "function_definition") || sl_pyast_is(node, "lambda")) return false;
    if (sl_pyast_is(node, "while_statement")) return true;
    if (sl_pyast_is(node, "for_statement") &&
        ts_node_eq(child, ts_node_child_by_field_name(node, "body", 4)))
      return true;
  }
  return false;
}

/* Whether the call is a parameter's default or in a decorator: it runs once, when the
 * `def` runs (`def predict(x, model=pickle.load(open(PATH, "rb"))):`), not per call. */
static bool sl_facts__runs_at_definition(TSNode call) {
  for (TSNode node = ts_node_parent(call); !ts_node_is_null(node); node = ts_node_parent(node)) {
    if (sl_pyast_is(node, "default_parameter") || sl_pyast_is(node, "typed_default_parameter") ||
        sl_pyast_is(node, "decorator"))
      return true;
    if (sl_pyast_is(node, "block") || sl_pyast_is(node, "lambda")) return false;
  }
  return false;
}

void sl_facts_annotate_loads(const SlSource *source, TSNode root, SlFileFacts *facts) {
  for (size_t i = 0; i < facts->model_loads.count; i++) {
    SlModelLoad *load = &facts->model_loads.items[i];
    TSNode call =
        ts_node_descendant_for_byte_range(root, load->span.start_byte, load->span.end_byte);
    const SlFunction *function =
        sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte);
    load->memoised = sl_facts__runs_at_definition(call) || sl_facts__is_cached(function) ||
                     sl_facts__is_guarded(source, call, function) ||
                     sl_facts__returns_early(source, call);
    load->used_here = sl_facts__is_used_here(source, call);
    load->in_loop = sl_facts__is_in_loop(call);
    TSNode argument = sl_pyast_positional(call, 0);
    load->payload =
        !ts_node_is_null(argument) && sl_taint_of(source, facts, argument) == SL_TAINT_REQUEST;
  }
}
