/*
 * check_load_per_request: a model loaded on the path of an online request: in the
 * handler, or in a function the handler calls, in the same file or through imports
 * of the repository (sl_repo_facts_link), so every request pays for reading and
 * deserialising the model. A repository check: paths cross files. Not a finding when
 * the load is memoised (a cached function, an `if model is None:` guard) or is a
 * payload (request bytes, reported by the deserialisation checks instead). Load hooks
 * (__init__, initialize, load, setup...) are never on a request path, except the
 * `__init__` of a class the request path constructs (`PredictionPipeline()` per request).
 */
#include <ctype.h>
#include <string.h>

#include "servelint/native.h"

/* Whether a function on a request path (not a load hook) calls `Class(...)`. */
static bool sl_check__constructed_per_request(const SlRepoFacts *repo, const char *class_name,
                                              size_t length) {
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->functions.count; i++) {
      const SlFunction *function = &repo->files[f]->functions.items[i];
      if (!function->on_online_path || function->is_load_hook) continue;
      for (size_t c = 0; c < function->callees.count; c++) {
        const char *callee = function->callees.items[c];
        const char *last = strrchr(callee, '.');
        last = last ? last + 1 : callee;
        if (strlen(last) == length && strncmp(last, class_name, length) == 0) return true;
      }
    }
  return false;
}

/* Whether `function` is `Class.__init__` of a class constructed on a request path. */
static bool sl_check__init_per_request(const SlRepoFacts *repo, const SlFunction *function) {
  size_t length = strlen(function->name);
  if (length <= 9 || strcmp(function->name + length - 9, ".__init__") != 0) return false;
  const char *end = function->name + length - 9, *start = end;
  while (start > function->name && start[-1] != '.') start--;
  return isupper((unsigned char)*start) &&
         sl_check__constructed_per_request(repo, start, (size_t)(end - start));
}

void sl_check_load_per_request(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      const SlFunction *function =
          sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte);
      if (!function || load->memoised || load->payload ||
          !(function->on_online_path || sl_check__init_per_request(repo, function)))
        continue;
      SlNativeVar vars[] = {{"loader", load->loader}, {"function", function->name}};
      SlNativeHit hit = {.path = load->path,
                         .span = load->span,
                         .snippet = load->snippet,
                         .code = load->snippet,
                         .vars = vars,
                         .var_count = 2};
      sl_native_emit(emitter, &hit);
    }
  }
}
