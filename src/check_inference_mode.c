/*
 * check_inference_mode: repository checks over the inference paths (facts_functions.c,
 * facts_link.c), in files that import torch:
 *   forward-without-no-grad: a torch module called on an inference path where no guard
 *     covers the call: not in a `with torch.no_grad()` / `inference_mode()` /
 *     `set_grad_enabled(False)` block, not in a decorated function, and not in a
 *     function whose every call on the path is itself guarded (a guard on a caller
 *     counts, across files);
 *   module-not-in-eval: a module given weights in this file (`X = torch.load(...)`,
 *     `torch.jit.load`, `X.load_state_dict(...)`) and called on an inference path, with
 *     no `X.eval()` (nor `train(False)`, `freeze()`, a chained `.eval()`, nor
 *     `X.to(device).eval()`) in the file, unless a TorchServe handler keeps BaseHandler's
 *     initialize (which calls eval), or X comes from `torch.jit.load` in a repository
 *     that traces or scripts its modules in eval mode (TorchScript keeps that mode);
 *   train-on-inference-path: `X.train()` in a function on an inference path.
 * Modules are recognised by name (model, net, backbone, encoder... or `.forward(`):
 * HF pipelines, `generate()`, SentenceTransformer.encode, ONNX and sklearn calls are not
 * torch module calls and need no guard.
 */
#include <string.h>

#include "check_common.h"
#include "servelint/alloc.h"
#include "servelint/native.h"

static bool sl_check__names_match(const char *a, const char *b) {
  return strcmp(sl_check_last_part(a), sl_check_last_part(b)) == 0;
}

static bool sl_check__listed(const SlStringVec *list, const char *receiver) {
  for (size_t i = 0; i < list->count; i++)
    if (sl_check__names_match(list->items[i], receiver)) return true;
  return false;
}

static void sl_check__emit_at(SlNativeEmitter *emitter, const SlFileFacts *facts,
                              const SlFunction *function, const SlForwardCall *call) {
  SlNativeVar vars[] = {{"module", call->receiver}, {"function", function->name}};
  SlNativeHit hit = {.path = facts->path,
                     .span = call->span,
                     .snippet = call->snippet,
                     .code = call->snippet,
                     .vars = vars,
                     .var_count = 2};
  sl_native_emit(emitter, &hit);
}

typedef void (*SlFunctionCheck)(const SlFileFacts *facts, const SlFunction *function,
                                SlNativeEmitter *emitter);

/* Runs `check` on every function on an inference path of every in-scope torch file. */
static void sl_check__each_path_function(const SlRepoFacts *repo, SlNativeEmitter *emitter,
                                         SlFunctionCheck check) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!facts->imports_torch || !sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++)
      if (facts->functions.items[i].on_inference_path)
        check(facts, &facts->functions.items[i], emitter);
  }
}

static void sl_check__unguarded_forwards(const SlFileFacts *facts, const SlFunction *function,
                                         SlNativeEmitter *emitter) {
  if (function->guarded_context || function->needs_gradients) return;
  for (size_t i = 0; i < function->forwards.count; i++) {
    const SlForwardCall *forward = &function->forwards.items[i];
    if (!forward->guarded) sl_check__emit_at(emitter, facts, function, forward);
  }
}

/* A TorchServe handler class that keeps BaseHandler's `initialize`, which calls
 * `self.model.eval()` after loading (whatever `_load_pickled_model` or
 * `_load_torchscript_model` it overrides). */
static bool sl_check__base_handler_evaluates(const SlFileFacts *facts, const SlFunction *function) {
  const char *dot = strrchr(function->name, '.');
  if (!dot) return false;
  size_t class_length = (size_t)(dot - function->name);
  bool torchserve = false;
  for (size_t i = 0; i < facts->entry_points.count; i++) {
    const SlEntryPoint *entry = &facts->entry_points.items[i];
    torchserve |= strcmp(entry->framework, "torchserve") == 0 &&
                  strncmp(entry->function, function->name, class_length) == 0 &&
                  entry->function[class_length] == '.';
  }
  if (!torchserve) return false;
  for (size_t i = 0; i < facts->functions.count; i++) {
    const char *name = facts->functions.items[i].name;
    if (strncmp(name, function->name, class_length) == 0 &&
        strcmp(name + class_length, ".initialize") == 0)
      return false;
  }
  return true;
}

/* The index of the first load giving `receiver` its weights in this file, or -1. */
static long sl_check__first_load(const SlFileFacts *facts, const char *receiver) {
  for (size_t i = 0; i < facts->loaded_modules.count; i++)
    if (sl_check__names_match(facts->loaded_modules.items[i], receiver)) return (long)i;
  return -1;
}

/* Reported where the weights are given (the line that wants the `.eval()`), once per
 * load, naming the first function (in file order) that calls the module; one finding
 * per function. `reported[i]`: load i has its finding. */
static void sl_check__not_evaluated(const SlFileFacts *facts, const SlFunction *function,
                                    bool scripted_in_eval, bool repo_evaluates, bool *reported,
                                    SlNativeEmitter *emitter) {
  if (sl_check__base_handler_evaluates(facts, function)) return;
  for (size_t i = 0; i < function->forwards.count; i++) {
    const SlForwardCall *forward = &function->forwards.items[i];
    long load = sl_check__first_load(facts, forward->receiver);
    if (load < 0 || sl_check__listed(&facts->evaluated, forward->receiver)) continue;
    /* A module loading its own weights (`self.load_state_dict(...)` in its class) is put
     * in eval mode by whoever builds it (`FAN(path).eval()` in another file). */
    if (repo_evaluates && strcmp(forward->receiver, "self") == 0) continue;
    if (scripted_in_eval && facts->loaded_scripted.items[load]) continue;
    if (reported[load]) return;
    reported[load] = true;
    SlNativeVar vars[] = {{"module", forward->receiver}, {"function", function->name}};
    sl_check_emit_at_line(emitter, facts, &facts->loaded_spans.items[load], forward->snippet, vars,
                          2);
    return; /* one finding per function: the first call of the module */
  }
}

static void sl_check__train_calls(const SlFileFacts *facts, const SlFunction *function,
                                  SlNativeEmitter *emitter) {
  for (size_t i = 0; i < function->train_calls.count; i++)
    sl_check__emit_at(emitter, facts, function, &function->train_calls.items[i]);
}

void sl_check_forward_without_no_grad(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__each_path_function(repo, emitter, sl_check__unguarded_forwards);
}

void sl_check_module_not_in_eval(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  /* A TorchScript file keeps the mode its module was saved in: one the repository traces
   * or scripts in eval mode loads in eval mode. */
  bool scripted_in_eval = false, repo_evaluates = false;
  for (size_t f = 0; f < repo->file_count; f++) {
    scripted_in_eval |= repo->files[f]->scripts_in_eval_mode;
    repo_evaluates |= repo->files[f]->evaluated.count > 0;
  }
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!facts->imports_torch || !sl_native_applies(emitter, facts)) continue;
    bool *reported = sl_calloc(facts->loaded_modules.count + 1, sizeof *reported);
    for (size_t i = 0; i < facts->functions.count; i++)
      if (facts->functions.items[i].on_inference_path)
        sl_check__not_evaluated(facts, &facts->functions.items[i], scripted_in_eval, repo_evaluates,
                                reported, emitter);
    sl_free(reported);
  }
}

void sl_check_train_on_inference_path(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__each_path_function(repo, emitter, sl_check__train_calls);
}
