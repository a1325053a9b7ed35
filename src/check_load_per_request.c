/*
 * check_load_per_request: a model loaded on the path of an online request (in the
 * handler, or a function it calls in the same file), so every request pays for
 * reading and deserialising the model. Not a finding when the load is memoised:
 * the function is cached (lru_cache, cache, cached...), or the load sits under an
 * `if` that tests for a missing model (`if model is None:`, `if name not in cache:`).
 * Load hooks (__init__, initialize, load, setup...) are never on a request path.
 */
#include <string.h>

#include "servelint/native.h"
#include "servelint/alloc.h"
#include "servelint/pyast.h"
#include "servelint/taint.h"

static bool sl_check__is_cached(const SlFunction *function) {
  for (size_t i = 0; i < function->decorators.count; i++)
    if (strstr(function->decorators.items[i], "cache")) return true;
  return false;
}

/* Whether an `if` between the load and its function tests for an absent model. */
static bool sl_check__is_memoised(const SlNativeFile *file, const SlModelLoad *load, const SlFunction *function) {
  TSNode node = ts_node_descendant_for_byte_range(file->root, load->span.start_byte, load->span.end_byte);
  for (; !ts_node_is_null(node) && ts_node_start_byte(node) > function->span.start_byte; node = ts_node_parent(node)) {
    if (!sl_pyast_is(node, "if_statement")) continue;
    TSNode condition = ts_node_child_by_field_name(node, "condition", 9);
    if (ts_node_is_null(condition)) continue;
    char *text = sl_pyast_text(file->source->bytes, condition);
    bool memo = strstr(text, "None") || strncmp(text, "not ", 4) == 0 || strstr(text, " not in ") ||
                strstr(text, "cache") || strstr(text, "loaded");
    sl_free(text);
    if (memo) return true;
  }
  return false;
}

/* `torch.load(io.BytesIO(request_bytes))` deserialises the request, not a model: that
 * is an untrusted-deserialisation finding (check_untrusted_load.c), not a reload. */
static bool sl_check__is_payload(const SlNativeFile *file, const SlModelLoad *load) {
  TSNode call = ts_node_descendant_for_byte_range(file->root, load->span.start_byte, load->span.end_byte);
  TSNode argument = sl_pyast_positional(call, 0);
  return !ts_node_is_null(argument) && sl_taint_of(file->source, file->facts, argument) == SL_TAINT_REQUEST;
}

void sl_check_load_per_request(const SlNativeFile *file, SlNativeEmitter *emitter) {
  for (size_t i = 0; i < file->facts->model_loads.count; i++) {
    const SlModelLoad *load = &file->facts->model_loads.items[i];
    const SlFunction *function = sl_facts_enclosing_function(file->facts, load->span.start_byte, load->span.end_byte);
    if (!function || !function->on_online_path || sl_check__is_cached(function) ||
        sl_check__is_memoised(file, load, function) || sl_check__is_payload(file, load))
      continue;
    SlNativeVar vars[] = {{"loader", load->loader}, {"function", function->name}};
    SlNativeHit hit = {.span = load->span, .code = load->snippet, .vars = vars, .var_count = 2};
    sl_native_emit(emitter, &hit);
  }
}
