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
#include <stdarg.h>
#include <stdio.h>
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

/* `unit`: what each reload is paid for, "request" or "message". */
static void sl_check__emit(SlNativeEmitter *emitter, const char *path, const SlSpan *span,
                           const char *snippet, const char *loader, const char *where,
                           const char *unit) {
  SlNativeVar vars[] = {{"loader", loader}, {"where", where}, {"unit", unit}};
  SlNativeHit hit = {.path = path,
                     .span = *span,
                     .snippet = snippet,
                     .code = snippet,
                     .vars = vars,
                     .var_count = 3};
  sl_native_emit(emitter, &hit);
}

/* Reports `load` where it is written; `format` says where it runs. */
__attribute__((format(printf, 4, 5))) static void sl_check__emit_at_load(SlNativeEmitter *emitter,
                                                                         const SlModelLoad *load,
                                                                         const char *unit,
                                                                         const char *format, ...) {
  va_list arguments, measure;
  va_start(arguments, format);
  va_copy(measure, arguments);
  int length = vsnprintf(NULL, 0, format, measure);
  va_end(measure);
  size_t size = length > 0 ? (size_t)length + 1 : 1;
  char *where = sl_malloc(size);
  where[0] = '\0';
  if (length > 0) vsnprintf(where, size, format, arguments);
  va_end(arguments);
  sl_check__emit(emitter, load->path, &load->span, load->snippet, load->loader, where, unit);
  sl_free(where);
}

/* Reports `load` at the `callee`th call of `caller` (a function of `file`); `where` says
 * how that call runs it. */
static void sl_check__emit_at_call(SlNativeEmitter *emitter, const SlFileFacts *file,
                                   const SlFunction *caller, size_t callee, const SlModelLoad *load,
                                   const char *where, const char *unit) {
  const SlSpan *span = &caller->callee_spans.items[callee];
  char *snippet = sl_facts_line_text(file, span->line);
  sl_check__emit(emitter, file->path, span, snippet ? snippet : caller->callees.items[callee],
                 load->loader, where, unit);
  sl_free(snippet);
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
    sl_strbuf_printf(&where, "inside `%s` (%s:%u), which `%s` calls here on the request path",
                     function->name, load->path, load->span.line, caller->name);
    sl_check__emit_at_call(emitter, file, caller, site.callee, load, sl_strbuf_cstr(&where),
                           "request");
    sl_strbuf_delete(&where);
  }
  return any;
}

/* ---- stream consumers: loads that run once per message ---- */

/* A function reached per message, with the file it is in. */
typedef struct {
  const SlFileFacts *file;
  const SlFunction *function;
} SlReached;

typedef SlVec(SlReached) SlReachedVec;

static bool sl_check__reached(const SlReachedVec *reached, const SlFunction *function) {
  for (size_t i = 0; i < reached->count; i++)
    if (reached->items[i].function == function) return true;
  return false;
}

/* Adds what `function` calls (all of it, or only the calls inside its loops), and what
 * those call in turn, never through load hooks. */
static void sl_check__per_message(const SlRepoFacts *repo, const SlFileFacts *file,
                                  const SlFunction *function, bool loops_only,
                                  SlReachedVec *reached) {
  size_t start = reached->count;
  for (size_t c = 0; c < function->callees.count; c++) {
    if (loops_only && !function->callee_in_loop.items[c]) continue;
    const SlFileFacts *callee_file = NULL;
    const SlFunction *callee =
        sl_repo_facts_resolve_call(repo, file, function, function->callees.items[c], &callee_file);
    if (callee && !callee->is_load_hook && !sl_check__reached(reached, callee))
      sl_vec_push(reached, ((SlReached){callee_file, callee}));
  }
  /* Breadth first over the new ones; every function enters once, so this ends. */
  for (size_t i = start; i < reached->count; i++) {
    const SlReached item = reached->items[i];
    for (size_t c = 0; c < item.function->callees.count; c++) {
      const SlFileFacts *callee_file = NULL;
      const SlFunction *callee = sl_repo_facts_resolve_call(
          repo, item.file, item.function, item.function->callees.items[c], &callee_file);
      if (callee && !callee->is_load_hook && !sl_check__reached(reached, callee))
        sl_vec_push(reached, ((SlReached){callee_file, callee}));
    }
  }
}

static bool sl_check__has_loop(const SlFunction *function) {
  for (size_t c = 0; c < function->callee_in_loop.count; c++)
    if (function->callee_in_loop.items[c]) return true;
  return false;
}

/* A class whose `__init__` loads a model, constructed in a consumer's per-message work
 * (`model = Detector()` in a Celery task): reported at each construction there. The
 * consumer's own calls count inside its loop only (when it has one: `reached` then holds
 * what those calls reach, not the consumer). */
static void sl_check__constructed_per_message(const SlRepoFacts *repo, SlNativeEmitter *emitter,
                                              SlStringVec *seen, const SlReached *consumer,
                                              bool loop, const SlReachedVec *reached,
                                              const char *entry) {
  for (size_t g = 0; g < repo->file_count; g++) {
    const SlFileFacts *loads = repo->files[g];
    for (size_t i = 0; i < loads->model_loads.count; i++) {
      const SlModelLoad *load = &loads->model_loads.items[i];
      const SlFunction *init =
          sl_facts_enclosing_function(loads, load->span.start_byte, load->span.end_byte);
      size_t length = 0;
      if (!init || !sl_check__init_class(init, &length) || load->memoised || load->payload)
        continue;
      for (size_t r = 0; r < reached->count + (loop ? 1 : 0); r++) {
        const SlReached *caller = r < reached->count ? &reached->items[r] : consumer;
        const SlFunction *function = caller->function;
        for (size_t c = 0; c < function->callees.count; c++) {
          if ((caller == consumer && !function->callee_in_loop.items[c]) ||
              !sl_check__runs(repo, caller->file, function, function->callees.items[c], init) ||
              !sl_native_applies(emitter, caller->file) ||
              sl_check__seen(seen, caller->file->path, &function->callee_spans.items[c]))
            continue;
          SlStrbuf where = {0};
          sl_strbuf_printf(&where,
                           "inside `%s` (%s:%u), which `%s` constructs here for every message "
                           "`%s` consumes",
                           init->name, load->path, load->span.line, function->name, entry);
          sl_check__emit_at_call(emitter, caller->file, function, c, load, sl_strbuf_cstr(&where),
                                 "message");
          sl_strbuf_delete(&where);
        }
      }
    }
  }
}

/* A stream consumer's per-message work: the calls inside its loop (a callback without a
 * loop is per message as a whole), and what they call. A model loaded there, not
 * memoised, is loaded again for every message; so is one loaded inside the loop itself. */
static void sl_check__stream_loads(const SlRepoFacts *repo, SlNativeEmitter *emitter,
                                   SlStringVec *seen) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    for (size_t e = 0; e < facts->entry_points.count; e++) {
      const SlEntryPoint *entry = &facts->entry_points.items[e];
      /* A Structured Streaming driver (`spark.readStream...writeStream.start()`) runs
       * once and defines the query; its foreachBatch handler is what runs per batch. */
      const SlFunction *consumer = entry->pattern == SL_PATTERN_STREAMING &&
                                           strcmp(entry->framework, "spark-streaming") != 0
                                       ? sl_facts_function_named(facts, entry->function)
                                       : NULL;
      if (!consumer) continue;
      bool loop = sl_check__has_loop(consumer);
      SlReachedVec reached = {0};
      if (!loop) sl_vec_push(&reached, ((SlReached){facts, consumer}));
      sl_check__per_message(repo, facts, consumer, loop, &reached);
      for (size_t r = 0; r < reached.count; r++) {
        const SlFileFacts *file = reached.items[r].file;
        for (size_t i = 0; i < file->model_loads.count; i++) {
          const SlModelLoad *load = &file->model_loads.items[i];
          if (load->memoised || load->payload || !sl_native_applies(emitter, file) ||
              sl_facts_enclosing_function(file, load->span.start_byte, load->span.end_byte) !=
                  reached.items[r].function ||
              sl_check__seen(seen, load->path, &load->span))
            continue;
          sl_check__emit_at_load(emitter, load, "message",
                                 "inside `%s`, for every message `%s` consumes",
                                 reached.items[r].function->name, entry->function);
        }
      }
      /* Loads inside the consumer's own loop. */
      for (size_t i = 0; loop && i < facts->model_loads.count; i++) {
        const SlModelLoad *load = &facts->model_loads.items[i];
        if (!load->in_loop || load->memoised || load->payload ||
            !sl_native_applies(emitter, facts) ||
            sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte) !=
                consumer ||
            sl_check__seen(seen, load->path, &load->span))
          continue;
        sl_check__emit_at_load(emitter, load, "message",
                               "inside the loop of `%s`, for every message", entry->function);
      }
      SlReached self = {facts, consumer};
      sl_check__constructed_per_message(repo, emitter, seen, &self, loop, &reached,
                                        entry->function);
      sl_vec_delete(&reached);
    }
  }
}

/* A serving class's prediction method that loads the model it then runs
 * (`def predict(self, x): model = pickle.load(f); return model.predict(x)`): whoever calls
 * it (often through a registry the facts cannot follow), each prediction pays the load. */
static bool sl_check__prediction_method(const SlFileFacts *facts, const SlFunction *function) {
  static const char *const prefixes[] = {"predict", "infer", "classify", "compute_prediction"};
  const SlRoleSet elsewhere = SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST) |
                              SL_ROLE_BIT(SL_ROLE_BATCH) | SL_ROLE_BIT(SL_ROLE_STREAMING);
  const char *dot = strrchr(function->name, '.');
  if (!dot || !function->calls_model || (facts->roles & elsewhere)) return false;
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strncmp(dot + 1, prefixes[i], strlen(prefixes[i])) == 0) return true;
  return false;
}

void sl_check_load_per_request(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  SlStringVec seen = {0};
  sl_check__stream_loads(repo, emitter, &seen);
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      const SlFunction *function =
          sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte);
      if (!function || load->memoised || load->payload) continue;
      size_t length = 0;
      bool constructed = sl_check__init_class(function, &length) != NULL;
      /* Other load hooks (initialize, load, setup) run once, whoever calls them; a
       * module-level `load_model()` is a hook by name only, and runs whenever it is called. */
      bool module_function = strchr(function->name, '.') == NULL;
      if (function->is_load_hook && !constructed && !module_function) continue;
      if (constructed || sl_check__only_loads(facts, function, load)) {
        if (sl_check__emit_at_calls(repo, emitter, load, function, &seen)) continue;
        if (constructed) continue; /* never constructed on a request path */
      }
      bool on_path = function->on_online_path;
      if ((!on_path && !sl_check__prediction_method(facts, function)) ||
          !sl_native_applies(emitter, facts) || sl_check__seen(&seen, load->path, &load->span))
        continue;
      sl_check__emit_at_load(emitter, load, "request",
                             on_path ? "inside `%s`, on the request path"
                                     : "inside `%s`, which serves each prediction",
                             function->name);
    }
  }
  for (size_t i = 0; i < seen.count; i++) sl_free(seen.items[i]);
  sl_vec_delete(&seen);
}
