/*
 * check_hand_encoding: hand-encoded-categories. A categorical feature one-hot encoded by
 * hand at serving time, against a category list typed into the code (facts_encoding.c
 * finds the loops). Training fitted its encoder (or wrote its own list) elsewhere; when
 * a category is added, renamed or reordered there, this copy silently maps inputs to
 * the wrong columns or to all zeros.
 *
 * Judged where serving runs it: a serving file, a batch or streaming file that runs a
 * model itself (a Spark job that only builds training features does not), or a library
 * file whose function a serving file (or a library module under a path named for
 * serving) calls, when no training file calls it or imports its module (an encoding
 * shared by training and serving is one encoding, not two). Training code, tests and
 * functions named for training are left alone. One finding per function.
 */
#include <string.h>

#include "check_common.h"
#include "servelint/native.h"
#include "servelint/roles.h"

static const SlRoleSet serving_roles =
    SL_ROLE_BIT(SL_ROLE_SERVING) | SL_ROLE_BIT(SL_ROLE_BATCH) | SL_ROLE_BIT(SL_ROLE_STREAMING);
static const SlRoleSet excluded_roles = SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST);

/* A file serving code runs: serving, batch or streaming, or a library module under a
 * path named for serving (`api/services/preprocessing.py`, `inference/features.py`). */
static bool sl_encoding__serving_file(const SlFileFacts *facts) {
  static const char *const words[] = {"api",     "app",       "service",    "services",
                                      "serving", "serve",     "server",     "inference",
                                      "predict", "predictor", "prediction", "endpoints"};
  if (facts->roles & excluded_roles) return false;
  if (facts->roles & serving_roles) return true;
  return (facts->roles & SL_ROLE_BIT(SL_ROLE_LIBRARY)) &&
         sl_roles_path_has_segment(facts->path, words, sizeof words / sizeof *words);
}

static bool sl_encoding__training_file(const SlFileFacts *facts) {
  return (facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) != 0;
}

/* Whether a training file imports the module of `facts` (its functions may run there at
 * module level, where no function's callees record them). */
static bool sl_encoding__imported_by_training(const SlRepoFacts *repo, const SlFileFacts *facts) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *other = repo->files[f];
    if (!(other->roles & SL_ROLE_BIT(SL_ROLE_TRAINING))) continue;
    for (size_t i = 0; i < other->imports.count; i++) {
      const char *module = other->imports.items[i];
      module += strspn(module, "."); /* a relative import names the module's tail */
      if (*module && sl_repo_facts_file_defines(facts, module)) return true;
    }
  }
  return false;
}

/* Code serving runs in this file itself: a serving file, or a batch or streaming job that
 * runs a model itself (one that scores, not a Spark job that only builds features for
 * training); not training code or tests. */
static bool sl_encoding__serving_code(const SlFileFacts *facts) {
  if (facts->roles & excluded_roles) return false;
  return (facts->roles & SL_ROLE_BIT(SL_ROLE_SERVING)) ||
         ((facts->roles & serving_roles) && sl_facts_calls_model(facts));
}

static bool sl_encoding__served(const SlRepoFacts *repo, const SlFileFacts *facts,
                                const char *function) {
  if ((facts->roles & excluded_roles) || sl_roles_names_training(function)) return false;
  if (facts->roles & serving_roles) return sl_encoding__serving_code(facts);
  return function[0] && sl_check_called_from(repo, function, sl_encoding__serving_file) &&
         !sl_check_called_from(repo, function, sl_encoding__training_file) &&
         !sl_encoding__imported_by_training(repo, facts);
}

/* Whether some file assigns `name` a category list. */
static bool sl_encoding__category_list_named(const SlRepoFacts *repo, const char *name) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlStringVec *lists = &repo->files[f]->category_lists;
    for (size_t i = 0; i < lists->count; i++)
      if (strcmp(lists->items[i], name) == 0) return true;
  }
  return false;
}

void sl_check_hand_encoded_categories(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (facts->hand_encodings.count == 0 || !sl_native_applies(emitter, facts)) continue;
    SlVec(const char *) reported = {0}; /* functions reported: once per function */
    for (size_t i = 0; i < facts->hand_encodings.count; i++) {
      const SlHandEncoding *encoding = &facts->hand_encodings.items[i];
      if (encoding->imported && !sl_encoding__category_list_named(repo, encoding->categories))
        continue;
      bool done = false;
      for (size_t j = 0; j < reported.count && !done; j++)
        done = strcmp(reported.items[j], encoding->function) == 0;
      if (done || !sl_encoding__served(repo, facts, encoding->function)) continue;
      sl_vec_push(&reported, encoding->function);
      SlNativeVar vars[] = {{"categories", encoding->categories}, {"value", encoding->value}};
      sl_check_emit_at_line(emitter, facts, &encoding->span, NULL, vars, 2);
    }
    sl_vec_delete(&reported);
  }
}

/* typed-label-map: the model's class names typed into serving code, where the served
 * file (or its batch job) maps the model's output indices with them. Judged like the
 * encodings above, without the library case: a label list in a helper module is often
 * the training side's own. */
void sl_check_typed_label_map(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (facts->label_maps.count == 0 || !sl_native_applies(emitter, facts) ||
        !sl_encoding__serving_code(facts))
      continue;
    for (size_t i = 0; i < facts->label_maps.count; i++) {
      SlNativeVar vars[] = {{"name", facts->label_maps.items[i].name}};
      sl_check_emit_at_line(emitter, facts, &facts->label_maps.items[i].span, NULL, vars, 1);
    }
  }
}
