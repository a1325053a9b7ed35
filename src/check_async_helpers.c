/*
 * check_async_helpers: an `async def` entry point (a FastAPI or aiohttp handler, a
 * grpc.aio servicer method, an async consumer) that calls, without handing it to a
 * thread, a plain `def` function of the repository which runs a model: the model runs
 * on the event loop, and every other request on that worker waits. SL508 sees model
 * calls written in the handler itself; this check follows the calls into the
 * repository's own functions (same file or imported), using the linked facts
 * (SlFunction.reaches_model); a call SL508 judges by its name (`predict(...)`,
 * `svc.generate(...)`) is left to it.
 *
 * async-service-model-calls (SL521) is the same mistake one layer down: a model called,
 * not awaited and not handed over, in an `async def` of a file with no route of its own
 * (a service layer, a model backend) that an online route reaches across files.
 *
 * Not judged: calls handed over (`asyncio.to_thread(f, ...)`, `run_in_executor`,
 * `add_task`, `f.remote(...)`: the facts record such a callee twice at one call site),
 * callees that are themselves `async def` (awaited coroutines), Flask (async views run
 * in a thread), MLServer runtimes (inference runs in worker processes) and Ray
 * `@serve.batch` handlers (the documented place for the model call on a batch).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "check_common.h"
#include "servelint/alloc.h"
#include "servelint/native.h"

static bool sl_check__same_span(const SlSpan *a, const SlSpan *b) {
  return a->start_byte == b->start_byte && a->end_byte == b->end_byte;
}

/* Whether callee `index` of `function` is, or shares its call with, a function handed to
 * a thread, a task queue or a Ray worker (`asyncio.to_thread(f, x)` records both
 * `asyncio.to_thread` and `f` at one call). */
static bool sl_check__handed_over(const SlFunction *function, size_t index) {
  const SlSpan *span = &function->callee_spans.items[index];
  for (size_t i = index > 2 ? index - 2 : 0; i < function->callee_spans.count && i <= index + 2;
       i++)
    if (function->callee_handed_over.items[i] &&
        sl_check__same_span(span, &function->callee_spans.items[i]))
      return true;
  return false;
}

/* The last part of the receiver of `callee`, whose method name starts at `last`
 * (`self.engine` of `self.engine.query`: "engine"), and its length in `*length`. */
static const char *sl_check__receiver_part(const char *callee, const char *last, size_t *length) {
  const char *receiver = callee;
  for (const char *at = callee; at < last - 1; at++)
    if (*at == '.') receiver = at + 1;
  *length = (size_t)(last - 1 - receiver);
  return receiver;
}

/* A RAG engine or LangChain chain answering synchronously, as SL508's second pattern reads
 * it: `engine.query(q)`, `rag.ask(q)`, `qa_chain.invoke(inputs)`. */
static bool sl_check__rag_answer(const char *callee, const char *last) {
  static const char *const methods[] = {"query", "ask", "invoke"};
  static const char *const words[] = {"rag", "qa", "llm", "chain"};
  bool method = false;
  for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
    method |= strcmp(last, methods[i]) == 0;
  if (!method) return false;
  size_t length = 0;
  const char *receiver = sl_check__receiver_part(callee, last, &length);
  while (length && isdigit((unsigned char)receiver[length - 1])) length--;
  if (length && (receiver[length - 1] == 's' || receiver[length - 1] == '_')) length--;
  if ((length >= 6 && strncasecmp(receiver + length - 6, "engine", 6) == 0 &&
       (length == 6 || receiver[length - 7] == '_')))
    return true;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t word = strlen(words[i]);
    if (length >= word && strncasecmp(receiver + length - word, words[i], word) == 0) return true;
  }
  return false;
}

/* Calls SL508 judges by their name, reported there, not twice: the helpers it names
 * (`predict(...)`, `svc.infer(...)`, `run_inference(...)`), and model methods on a receiver
 * named for a model (`self.model.predict_proba(...)`, `llm.generate(...)`). Other helpers
 * (`predict_digit(file)`, `service.summarise(text)`) are this check's. */
static bool sl_check__named_model_call(const char *callee) {
  static const char *const helpers[] = {"predict", "predict_proba", "predict_batch",
                                        "infer",   "inference",     "run_inference"};
  static const char *const methods[] = {"predict", "generate", "infer",  "embed",     "complet",
                                        "chat",    "classify", "encode", "transform", "run"};
  static const char *const receivers[] = {"model",     "pipe",    "clf",  "classifier", "estimator",
                                          "regressor", "booster", "sess", "encoder",    "llm"};
  const char *last = sl_check_last_part(callee);
  for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
    if (strcmp(last, helpers[i]) == 0) return true;
  if (last == callee) return false;
  if (sl_check__rag_answer(callee, last)) return true;
  bool method = false;
  for (size_t i = 0; i < sizeof methods / sizeof *methods && !method; i++)
    method = strncmp(last, methods[i], strlen(methods[i])) == 0;
  if (!method) return false;
  /* The receiver's last part must end with a model word, as SL508's receiver pattern
   * reads it: `self.model`, `ml_models[name]`, `model_v2`, `ort_session`. */
  size_t receiver_length = 0;
  const char *receiver = sl_check__receiver_part(callee, last, &receiver_length);
  if (receiver_length && receiver[receiver_length - 1] == ']') /* `models[name]` */
    while (receiver_length && receiver[receiver_length - 1] != '[') receiver_length--;
  if (receiver_length) receiver_length -= receiver[receiver_length - 1] == '[';
  size_t digits = receiver_length; /* `model_v2`, `clf2` */
  while (receiver_length && isdigit((unsigned char)receiver[receiver_length - 1]))
    receiver_length--;
  if (receiver_length < digits && receiver_length >= 2 &&
      strncmp(receiver + receiver_length - 2, "_v", 2) == 0)
    receiver_length -= 2;
  else if (receiver_length < digits && receiver_length && receiver[receiver_length - 1] == '_')
    receiver_length--;
  for (size_t i = 0; i < sizeof receivers / sizeof *receivers; i++) {
    size_t word = strlen(receivers[i]);
    for (size_t plural = 0; plural <= 1; plural++)
      if (receiver_length >= word + plural &&
          strncasecmp(receiver + receiver_length - word - plural, receivers[i], word) == 0 &&
          (!plural || receiver[receiver_length - 1] == 's'))
        return true;
  }
  return false;
}

/* A model called directly, as a callable named for one: `self.model(x)`,
 * `sentiment_pipe(text)`, `self.classifier(batch)`; not a loader or a getter named for
 * what it returns (`load_model(...)`, `get_pipeline(...)`). Not `..._generator` nor
 * `..._encoder`: Python generators and FastAPI's `jsonable_encoder` go by those names. */
static bool sl_check__model_called_directly(const char *callee) {
  static const char *const models[] = {"model",    "pipe",     "pipeline", "classifier",
                                       "clf",      "detector", "embedder", "llm",
                                       "reranker", "regressor"};
  static const char *const verbs[] = {"get_", "load_", "build_",  "create_",   "init_",  "make_",
                                      "set_", "save_", "reload_", "download_", "fetch_", "new_"};
  const char *last = sl_check_last_part(callee);
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strncmp(last, verbs[i], strlen(verbs[i])) == 0) return false;
  size_t length = strlen(last);
  for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
    size_t word = strlen(models[i]);
    if (length == word ? strcmp(last, models[i]) == 0
                       : length > word && last[length - word - 1] == '_' &&
                             strcmp(last + length - word, models[i]) == 0)
      return true;
  }
  return false;
}

static bool sl_check__judged_entry(const SlEntryPoint *entry, const SlFunction *function) {
  if (!function->is_async || entry->pattern == SL_PATTERN_BATCH) return false;
  if (strcmp(entry->framework, "flask") == 0 || strcmp(entry->framework, "seldon") == 0)
    return false;
  for (size_t i = 0; i < function->decorators.count; i++)
    if (strstr(function->decorators.items[i], "serve.batch")) return false;
  return true;
}

void sl_check_async_model_helpers(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t e = 0; e < facts->entry_points.count; e++) {
      const SlEntryPoint *entry = &facts->entry_points.items[e];
      const SlFunction *handler = sl_facts_function_named(facts, entry->function);
      if (!handler || !sl_check__judged_entry(entry, handler)) continue;
      const SlSpan *reported = NULL; /* one report per call, under whichever name resolved */
      for (size_t c = 0; c < handler->callees.count; c++) {
        if (reported && sl_check__same_span(reported, &handler->callee_spans.items[c])) continue;
        /* Quoted as written: `service.moderate`, recorded first at its call, not the
         * `ModerationService.moderate` the facts resolved it to; judged by SL508 when
         * either name is one it reads. */
        size_t written = c;
        while (written > 0 && sl_check__same_span(&handler->callee_spans.items[written - 1],
                                                  &handler->callee_spans.items[c]))
          written--;
        if (sl_check__handed_over(handler, c) ||
            sl_check__named_model_call(handler->callees.items[c]) ||
            sl_check__named_model_call(handler->callees.items[written]))
          continue;
        const SlFileFacts *callee_file = NULL;
        const SlFunction *callee = sl_repo_facts_resolve_call(
            repo, facts, handler, handler->callees.items[c], &callee_file);
        if (!callee || callee == handler || callee->is_async || callee->is_load_hook ||
            !callee->reaches_model)
          continue;
        SlNativeVar vars[] = {{"callee", handler->callees.items[written]},
                              {"function", handler->name},
                              {"defined", callee_file->path}};
        sl_check_emit_at_line(emitter, facts, &handler->callee_spans.items[c],
                              handler->callees.items[written], vars, 3);
        reported = &handler->callee_spans.items[c];
      }
    }
  }
}

/* Whether the file has an online entry point: SL508 judges such files, their routes and
 * the async helpers those call; the service layers of other files are this check's. */
static bool sl_check__file_serves_online(const SlFileFacts *facts) {
  for (size_t e = 0; e < facts->entry_points.count; e++)
    if (facts->entry_points.items[e].pattern == SL_PATTERN_ONLINE) return true;
  return false;
}

void sl_check_async_service_model_calls(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_native_applies(emitter, facts) || sl_check__file_serves_online(facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      if (!function->is_async || !function->on_online_path || function->is_load_hook) continue;
      for (size_t c = 0; c < function->callees.count; c++) {
        /* one report per call: a call may be recorded under two names */
        if ((c > 0 && sl_check__same_span(&function->callee_spans.items[c - 1],
                                          &function->callee_spans.items[c])) ||
            function->callee_awaited.items[c] || sl_check__handed_over(function, c))
          continue;
        const char *callee = function->callees.items[c];
        if (!sl_check__model_called_directly(callee) &&
            (!sl_check__named_model_call(callee) || !strchr(callee, '.')))
          continue;
        SlNativeVar vars[] = {{"callee", function->callees.items[c]}, {"function", function->name}};
        sl_check_emit_at_line(emitter, facts, &function->callee_spans.items[c],
                              function->callees.items[c], vars, 2);
      }
    }
  }
}
