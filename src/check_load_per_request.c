/*
 * check_load_per_request: a model loaded on the path of an online request: in the
 * handler, or in a function the handler calls, in the same file or through imports
 * of the repository (sl_repo_facts_link), so every request pays for reading and
 * deserialising the model. A repository check: paths cross files. Not a finding when
 * the load is memoised (a cached function, an `if model is None:` guard) or is a
 * payload (request bytes, reported by the deserialisation checks instead). Load hooks
 * (__init__, initialize, load, setup...) are never on a request path.
 */
#include "servelint/native.h"

void sl_check_load_per_request(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      const SlFunction *function =
          sl_facts_enclosing_function(facts, load->span.start_byte, load->span.end_byte);
      if (!function || !function->on_online_path || load->memoised || load->payload) continue;
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
