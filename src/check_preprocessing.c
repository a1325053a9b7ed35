/*
 * check_preprocessing: preprocessing written twice. A function whose name says it
 * prepares inputs (preprocess, transform, clean, normalise, featurise, encode,
 * tokenise, scale, prepare) defined both in a training file and in a serving file:
 *   preprocessing-diverged: the two bodies differ (tokens compared, comments,
 *     docstrings and layout aside): the model is served inputs prepared differently
 *     from those it was trained on;
 *   preprocessing-duplicated: the bodies are the same today, but copied rather than
 *     imported from shared code, so the next change to one will not reach the other.
 * Reported at the serving copy, naming the training file.
 */
#include <ctype.h>
#include <string.h>

#include "servelint/native.h"

static bool sl_check__is_preprocessing_name(const char *qualified) {
  static const char *const words[] = {"preprocess", "transform", "clean", "normali", "featur", "encode",
                                      "tokeni", "scale", "prepare", "impute", "vectori"};
  const char *name = strrchr(qualified, '.');
  name = name ? name + 1 : qualified;
  char lower[128];
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof lower; i++) lower[i] = (char)tolower((unsigned char)name[i]);
  lower[i] = '\0';
  for (size_t w = 0; w < sizeof words / sizeof *words; w++)
    if (strstr(lower, words[w])) return true;
  return false;
}

/* The same qualified name: `preprocess` and `preprocess`, `Features.transform` and
 * `Features.transform` (two classes' `transform` methods are not copies). */
static bool sl_check__same_name(const char *a, const char *b) { return strcmp(a, b) == 0; }

static bool sl_check__is_serving(const SlFileFacts *facts) {
  return (facts->roles & (SL_ROLE_BIT(SL_ROLE_SERVING) | SL_ROLE_BIT(SL_ROLE_BATCH) | SL_ROLE_BIT(SL_ROLE_STREAMING))) &&
         !(facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING));
}

static bool sl_check__is_training(const SlFileFacts *facts) {
  return (facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) && !(facts->roles & SL_ROLE_BIT(SL_ROLE_TEST));
}

/* The training file's copy of `function`, or NULL. */
static const SlFileFacts *sl_check__training_copy(const SlRepoFacts *repo, const SlFunction *function,
                                                  const SlFunction **copy) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__is_training(facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++)
      if (sl_check__same_name(facts->functions.items[i].name, function->name)) {
        *copy = &facts->functions.items[i];
        return facts;
      }
  }
  return NULL;
}

static void sl_check__copies(const SlRepoFacts *repo, SlNativeEmitter *emitter, bool diverged) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__is_serving(facts) || !sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      const SlFunction *copy = NULL;
      if (!sl_check__is_preprocessing_name(function->name)) continue;
      const SlFileFacts *training = sl_check__training_copy(repo, function, &copy);
      if (!training || (copy->body_hash != function->body_hash) != diverged) continue;
      SlNativeVar vars[] = {{"function", function->name}, {"training_file", training->path},
                            {"training_function", copy->name}};
      SlNativeHit hit = {.path = facts->path, .span = function->name_span, .snippet = function->snippet,
                         .code = function->name, .vars = vars, .var_count = 3};
      sl_native_emit(emitter, &hit);
    }
  }
}

void sl_check_preprocessing_diverged(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__copies(repo, emitter, true);
}

void sl_check_preprocessing_duplicated(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  sl_check__copies(repo, emitter, false);
}
