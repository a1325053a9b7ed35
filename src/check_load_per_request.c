/*
 * check_load_per_request: a model loaded on the path of an online request: in the
 * handler, or in a function the handler calls, in the same file or through imports
 * of the repository (sl_repo_facts_link), so every request pays for reading and
 * deserialising the model. A repository check: paths cross files. Not a finding when
 * the load is memoised (a cached function, an `if model is None:` guard) or is a
 * payload (request bytes, reported by the deserialisation checks instead). Load hooks
 * (__init__, initialize, load, setup...) are never on a request path, except the
 * `__init__` of a class the request path constructs (`PredictionPipeline()` per request).
 *
 * Where it is reported: the defect is where the request triggers the load. A load in a
 * function that only loads (a `get_model()` helper, a class's `__init__`) is reported
 * at each call of that function on a request path, which is the line to change; a load
 * in the handler itself, or in a helper that also runs the model, at the load.
 */
#include <ctype.h>
#include <string.h>

#include "check_common.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/strbuf.h"

/* The class name of `Class.__init__` (`*length` bytes, borrowed), or NULL. */
static const char *sl_check__init_class(const SlFunction *function, size_t *length) {
  size_t name_length = strlen(function->name);
  if (name_length <= 9 || strcmp(function->name + name_length - 9, ".__init__") != 0) return NULL;
  const char *end = function->name + name_length - 9, *start = end;
  while (start > function->name && start[-1] != '.') start--;
  *length = (size_t)(end - start);
  return isupper((unsigned char)*start) ? start : NULL;
}

/* Whether the call of `callee` (as written in `caller`, a function of `file`) runs
 * `loader`: constructs its class when `loader` is an `__init__`, else calls it. */
static bool sl_check__runs(const SlRepoFacts *repo, const SlFileFacts *file,
                           const SlFunction *caller, const char *callee, const SlFunction *loader) {
  size_t length = 0;
  const char *class_name = sl_check__init_class(loader, &length);
  if (class_name) {
    const char *last = sl_check_last_part(callee);
    return strlen(last) == length && strncmp(last, class_name, length) == 0;
  }
  const SlFileFacts *callee_file = NULL;
  return sl_repo_facts_resolve_call(repo, file, caller, callee, &callee_file) == loader;
}

/* Calls the request path makes of `loader`, one at a time: the functions on an online
 * path (not load hooks) and the index of the callee that runs it. */
typedef struct {
  size_t file, function, callee;
} SlCallSite;

static bool sl_check__next_call_site(const SlRepoFacts *repo, const SlFunction *loader,
                                     SlCallSite *site) {
  for (; site->file < repo->file_count; site->file++, site->function = 0, site->callee = 0) {
    const SlFileFacts *file = repo->files[site->file];
    for (; site->function < file->functions.count; site->function++, site->callee = 0) {
      const SlFunction *caller = &file->functions.items[site->function];
      if (!caller->on_online_path || caller->is_load_hook || caller == loader) continue;
      for (; site->callee < caller->callees.count; site->callee++)
        if (sl_check__runs(repo, file, caller, caller->callees.items[site->callee], loader))
          return true;
    }
  }
  return false;
}

/* Whether a function's only job is loading `load`: it does not use it, calls no model
 * and is no entry point. Its callers decide whether the load happens per request. */
static bool sl_check__only_loads(const SlFileFacts *facts, const SlFunction *function,
                                 const SlModelLoad *load) {
  if (load->used_here || function->calls_model || function->forwards.count > 0) return false;
  for (size_t e = 0; e < facts->entry_points.count; e++)
    if (strcmp(facts->entry_points.items[e].function, function->name) == 0) return false;
  return true;
}

/* Whether `span` of `path` was reported already (a call site running two loads). */
static bool sl_check__seen(SlStringVec *seen, const char *path, const SlSpan *span) {
  SlStrbuf key = {0};
  sl_strbuf_printf(&key, "%s:%u:%u", path, span->line, span->column);
  for (size_t i = 0; i < seen->count; i++)
    if (strcmp(seen->items[i], sl_strbuf_cstr(&key)) == 0) {
      sl_strbuf_delete(&key);
      return true;
    }
  sl_vec_push(seen, sl_strbuf_take(&key));
  return false;
}

static void sl_check__emit(SlNativeEmitter *emitter, const char *path, const SlSpan *span,
                           const char *snippet, const char *loader, const char *where) {
  SlNativeVar vars[] = {{"loader", loader}, {"where", where}};
  SlNativeHit hit = {.path = path,
                     .span = *span,
                     .snippet = snippet,
                     .code = snippet,
                     .vars = vars,
                     .var_count = 2};
  sl_native_emit(emitter, &hit);
}

/* Reports `load` at each call of `function` on a request path; false when there is none
 * the facts can see. */
static bool sl_check__emit_at_calls(const SlRepoFacts *repo, SlNativeEmitter *emitter,
                                    const SlModelLoad *load, const SlFunction *function,
                                    SlStringVec *seen) {
  bool any = false;
  for (SlCallSite site = {0}; sl_check__next_call_site(repo, function, &site); site.callee++) {
    const SlFileFacts *file = repo->files[site.file];
    const SlFunction *caller = &file->functions.items[site.function];
    const SlSpan *span = &caller->callee_spans.items[site.callee];
    any = true;
    if (!sl_native_applies(emitter, file) || sl_check__seen(seen, file->path, span)) continue;
    SlStrbuf where = {0};
    sl_strbuf_printf(&where, "inside `%s` (%s:%u), which `%s` calls here", function->name,
                     load->path, load->span.line, caller->name);
    char *snippet = sl_facts_line_text(file, span->line);
    sl_check__emit(emitter, file->path, span,
                   snippet ? snippet : caller->callees.items[site.callee], load->loader,
                   sl_strbuf_cstr(&where));
    sl_free(snippet);
    sl_strbuf_delete(&where);
  }
  return any;
}

void sl_check_load_per_request(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  SlStringVec seen = {0};
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      const SlFunction *function =
          sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte);
      if (!function || load->memoised || load->payload) continue;
      size_t length = 0;
      bool constructed = sl_check__init_class(function, &length) != NULL;
      /* Other load hooks (initialize, load, setup) run once, whoever calls them. */
      if (function->is_load_hook && !constructed) continue;
      if (constructed || sl_check__only_loads(facts, function, load)) {
        if (sl_check__emit_at_calls(repo, emitter, load, function, &seen)) continue;
        if (constructed) continue; /* never constructed on a request path */
      }
      if (!function->on_online_path || !sl_native_applies(emitter, facts) ||
          sl_check__seen(&seen, load->path, &load->span))
        continue;
      SlStrbuf where = {0};
      sl_strbuf_printf(&where, "inside `%s`", function->name);
      sl_check__emit(emitter, load->path, &load->span, load->snippet, load->loader,
                     sl_strbuf_cstr(&where));
      sl_strbuf_delete(&where);
    }
  }
  for (size_t i = 0; i < seen.count; i++) sl_free(seen.items[i]);
  sl_vec_delete(&seen);
}
