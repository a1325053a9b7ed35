/*
 * check_common: helpers shared by the repository checks (not part of the public
 * interface): which entry point a repository-level finding points at.
 */
#ifndef SERVELINT_CHECK_COMMON_H
#define SERVELINT_CHECK_COMMON_H

#include "check_service.h"
#include "servelint/facts.h"
#include "servelint/native.h"

/* Health, readiness, docs, metrics and version routes, and load hooks (initialize,
 * setup, load): entry points, but not where a finding about serving predictions
 * should point. */
bool sl_check_is_probe(const char *function);

/* Whether an entry point serves predictions by its route path or, without a telling
 * route, its name (predict, infer, generate, chat, embed, classify, score, __call__,
 * handle, execute...) when that is not a probe's; never a training route. */
bool sl_check_is_prediction(const SlEntryPoint *entry);

/* Whether `text` contains one of `words` (lower case), case aside: gRPC methods are
 * CamelCase (`Embed`, `ChunkAndEmbed`), placeholders `YOUR_TOKEN`. */
bool sl_check_contains_any(const char *text, const char *const *words, size_t count);

/* The last dotted part of a qualified name: "predict" for "Handler.predict", "model" for
 * "self.model". */
const char *sl_check_last_part(const char *qualified);

/* Calls `judge` for every container (yaml_env.h: a mapping with an `image` or, in
 * Compose, a `build`) of every document of a YAML file: the YAML checks that read a
 * container's command line or environment. */
typedef void (*SlCheckContainerJudge)(const SlYamlNode *container, const SlSource *source,
                                      SlNativeEmitter *emitter);
void sl_check_each_container(const SlNativeFile *file, SlCheckContainerJudge judge,
                             SlNativeEmitter *emitter);

/* The facts of the file at report path `path`, or NULL. */
const SlFileFacts *sl_check_file_of(const SlRepoFacts *repo, const char *path);

/* Whether an entry point serves predictions: a prediction-like route or name (a generic
 * handler name, __call__, handle, post..., only when it reaches a model), or any entry
 * point that reaches a model and is not a probe; never a training route. */
bool sl_check_serves_predictions(const SlRepoFacts *repo, const SlEntryPoint *entry);

/* Whether a file loads a model to serve (a load that is not a request's payload). */
bool sl_check_loads_model(const SlFileFacts *facts);

/* Whether a function of a file `accepts` calls a function named `name` (by its last
 * part: `features.build_features` calls `build_features`). */
bool sl_check_called_from(const SlRepoFacts *repo, const char *name,
                          bool (*accepts)(const SlFileFacts *));

/* Whether the entry point runs the model itself: its own code calls one, or its file
 * loads one. A worker that runs the model stands for the served model better than the
 * API that queues jobs for it. */
bool sl_check_runs_model(const SlRepoFacts *repo, const SlEntryPoint *entry);

/* An online entry point that serves predictions (an SlEntryFilter). */
bool sl_check_online_prediction(const SlRepoFacts *repo, const SlEntryPoint *entry);

/* Whether an entry point calls a model, itself or through what it calls, as far as the
 * facts can tell (SlFunction.reaches_model); an entry without a function of its own (a
 * TorchServe handler inheriting handle) is taken to. */
bool sl_check_reaches_model(const SlRepoFacts *repo, const SlEntryPoint *entry);

/* Whether the repository serves a model at all: it loads one (the inventory) or one of
 * its entry points calls one. */
bool sl_check_serves_a_model(const SlRepoFacts *repo);

/* The entry point a repository-level finding points at, among those `accept` takes
 * (NULL accepts every online one): the one that best stands for serving the model (a
 * prediction-like name; not a probe; not under docs/, examples/, benchmarks/; never in a
 * test file), the first in path and line order among equals. `*count` (may be NULL) receives how
 * many were accepted. NULL: none. */
typedef bool (*SlEntryFilter)(const SlRepoFacts *repo, const SlEntryPoint *entry);
const SlEntryPoint *sl_check_main_entry_point(const SlRepoFacts *repo, SlEntryFilter accept,
                                              size_t *count);

/* The same, among the entry points of one deployable unit (check_service.h). */
const SlEntryPoint *sl_check_main_entry_point_in(const SlRepoFacts *repo, SlEntryFilter accept,
                                                 const SlServices *services, size_t unit,
                                                 size_t *count);

/* Emits a finding at `span` of the file `facts` came from, quoting that line as it stands
 * on disk (`fallback` when the file cannot be read again), with `vars` for the message. */
void sl_check_emit_at_line(SlNativeEmitter *emitter, const SlFileFacts *facts, const SlSpan *span,
                           const char *fallback, const SlNativeVar *vars, size_t var_count);

/* Emits a finding at an entry point's name, with `vars` for the rule's message. The
 * matched code is `code` (the entry's function when NULL). */
void sl_check_emit_at_entry(SlNativeEmitter *emitter, const SlEntryPoint *entry, const char *code,
                            const SlNativeVar *vars, size_t var_count);

#endif
