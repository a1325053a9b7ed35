/*
 * check_preprocessing: preprocessing written twice. A function whose name says it
 * prepares inputs ((pre)process, transform, clean, normalise, featurise, encode,
 * tokenise, scale, prepare) defined both in a training file and in a serving file:
 *   preprocessing-diverged: the two bodies differ (tokens compared, comments,
 *     docstrings and layout aside): the model is served inputs prepared differently
 *     from those it was trained on;
 *   preprocessing-duplicated: the bodies are the same today, but copied rather than
 *     imported from shared code, so the next change to one will not reach the other.
 * Reported at the serving copy, naming the training file.
 * And preprocessing-not-loaded (below): a fitted preprocessor saved by training that
 * no serving code loads; transform-drops-normalisation: an image pipeline at serving
 * time without the normalisation training applies; normalisation-differs and
 * normalisation-copied: a serving `Normalize` whose literal statistics training never
 * used, or that are a second copy of training's.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_common.h"
#include "servelint/native.h"
#include "servelint/roles.h"

static bool sl_check__is_preprocessing_name(const char *qualified) {
  static const char *const words[] = {"process", "transform", "clean",  "normali",
                                      "featur",  "encode",    "tokeni", "scale",
                                      "prepare", "impute",    "vectori"};
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

/* The same qualified name (`preprocess`, `Features.transform`), or methods of two
 * classes with the same specific name (`DataIngestion.process_data_for_churn` and
 * `PredictionPipeline.process_data_for_churn`); two classes' `transform` methods, a
 * one-word name, are not copies of each other. */
static bool sl_check__same_name(const char *a, const char *b) {
  if (strcmp(a, b) == 0) return true;
  const char *last_a = strrchr(a, '.'), *last_b = strrchr(b, '.');
  if (!last_a || !last_b) return false;
  const char *words = strchr(last_a + 1 + strspn(last_a + 1, "_"), '_');
  return words && words[1] && strcmp(last_a, last_b) == 0;
}

static bool sl_check__is_serving(const SlFileFacts *facts) {
  return (facts->roles & (SL_ROLE_BIT(SL_ROLE_SERVING) | SL_ROLE_BIT(SL_ROLE_BATCH) |
                          SL_ROLE_BIT(SL_ROLE_STREAMING))) &&
         !(facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING));
}

/* The training side: training code, or the data preparation a training pipeline runs
 * before it (`components/data_ingestion.py`, `prepare_data.py`, `feature_engineering/`). */
static bool sl_check__is_training(const SlFileFacts *facts) {
  static const char *const preparation[] = {"ingest", "prepare_data", "data_prep",
                                            "feature_engineering"};
  if (facts->roles & SL_ROLE_BIT(SL_ROLE_TEST)) return false;
  if (facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) return true;
  if (sl_check__is_serving(facts)) return false;
  for (size_t i = 0; i < sizeof preparation / sizeof *preparation; i++)
    if (strstr(facts->path, preparation[i])) return true;
  return false;
}

/* The training file's copy of `function`, or NULL. */
static const SlFileFacts *sl_check__training_copy(const SlRepoFacts *repo,
                                                  const SlFunction *function,
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
      SlNativeVar vars[] = {{"function", function->name},
                            {"training_file", training->path},
                            {"training_function", copy->name}};
      SlNativeHit hit = {.path = facts->path,
                         .span = function->name_span,
                         .snippet = function->snippet,
                         .code = function->name,
                         .vars = vars,
                         .var_count = 3};
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

/* A fitted preprocessor by the name it is saved under or the object saved. */
static bool sl_check__is_preprocessor(const SlDump *dump) {
  static const char *const words[] = {"scaler",   "encoder",     "vectori", "preprocess",
                                      "pipeline", "transformer", "imputer", "pca",
                                      "feature",  "normali",     "tokeni",  "binarizer"};
  char lower[256];
  snprintf(lower, sizeof lower, "%s %s", dump->object, dump->basename);
  for (char *c = lower; *c; c++) *c = (char)tolower((unsigned char)*c);
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strstr(lower, words[i])) return true;
  return false;
}

/* Whether any non-training file loads `basename`, or loads something this stage cannot
 * name (a reference from configuration or a variable: given the benefit of the doubt). */
static bool sl_check__maybe_loaded(const SlRepoFacts *repo, const char *basename) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (facts->roles & (SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST))) continue;
    for (size_t i = 0; i < facts->model_loads.count; i++) {
      const SlModelLoad *load = &facts->model_loads.items[i];
      if (strstr(load->reference, basename) || load->verdict == SL_PIN_UNKNOWN) return true;
    }
  }
  return false;
}

static bool sl_check__is_online(const SlRepoFacts *repo, const SlEntryPoint *entry) {
  (void)repo;
  return entry->pattern == SL_PATTERN_ONLINE || entry->pattern == SL_PATTERN_BATCH;
}

/* preprocessing-not-loaded: training persists a fitted preprocessor that no serving
 * code loads: the server re-implements the transform by hand, or skips it. */
void sl_check_preprocessing_not_loaded(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  const SlEntryPoint *entry = sl_check_main_entry_point(repo, sl_check__is_online, NULL);
  if (!entry) return;
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__is_training(facts)) continue;
    for (size_t i = 0; i < facts->dumps.count; i++) {
      const SlDump *dump = &facts->dumps.items[i];
      if (!sl_check__is_preprocessor(dump) || sl_check__maybe_loaded(repo, dump->basename))
        continue;
      SlNativeVar vars[] = {{"object", dump->object},
                            {"artifact", dump->basename},
                            {"training_file", facts->path},
                            {"function", entry->function}};
      sl_check_emit_at_entry(emitter, entry, dump->basename, vars, 4);
      return; /* once per repository: the first such artifact */
    }
  }
}

/* transform-drops-normalisation: training normalises its images (`Normalize(mean, std)`)
 * and a serving file builds an image transform pipeline with no normalisation at all:
 * the model sees pixel values on another scale than in training. Reported at the first
 * such pipeline of each serving file, naming a training file that normalises. */
/* The serving side of an image model: serving code, or a script whose path says it scores
 * (`scoring_script/score0.py`, `inference/predict.py`) outside training and tests. */
static bool sl_check__scores_images(const SlFileFacts *facts) {
  static const char *const words[] = {"score",   "scoring",   "inference", "infer",
                                      "predict", "predictor", "serve",     "serving"};
  if (sl_check__is_serving(facts)) return true;
  if (facts->roles & (SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST))) return false;
  return sl_roles_path_has_segment(facts->path, words, sizeof words / sizeof *words);
}

void sl_check_transform_drops_normalisation(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  const SlFileFacts *training = NULL;
  for (size_t f = 0; f < repo->file_count && !training; f++)
    if (repo->files[f]->normalizes_images && sl_check__is_training(repo->files[f]))
      training = repo->files[f];
  if (!training) return;
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__scores_images(facts) || facts->normalizes_images ||
        facts->image_pipelines.count == 0 || !sl_native_applies(emitter, facts))
      continue;
    SlNativeVar vars[] = {{"training", training->path}};
    sl_check_emit_at_line(emitter, facts, &facts->image_pipelines.items[0], NULL, vars, 1);
  }
}

/* normalisation-differs: a serving image pipeline normalises with literal constants that
 * the rest of the repository never uses: training normalises with other numbers, or
 * builds its image transforms without any normalisation. Judged only when every
 * normalisation outside serving is literal (a computed or named mean could be anything)
 * and a training file builds image transforms. Reported once per serving file, at the
 * first such `Normalize(...)`. */
static bool sl_check__same_numbers(const char *a, const char *b) {
  while (*a && *b) {
    char *a_end, *b_end;
    double x = strtod(a, &a_end), y = strtod(b, &b_end);
    if (a_end == a || b_end == b || fabs(x - y) > 1e-4 * (fabs(x) + fabs(y) + 1e-9)) return false;
    a = a_end + (*a_end == ',');
    b = b_end + (*b_end == ',');
  }
  return !*a && !*b;
}

/* A file whose normalisation is the reference serving is compared with: anything but
 * tests and the serving side itself. */
static bool sl_check__normalisation_reference(const SlFileFacts *facts) {
  return !(facts->roles & SL_ROLE_BIT(SL_ROLE_TEST)) && !sl_check__scores_images(facts);
}

void sl_check_normalisation_differs(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  const SlFileFacts *training = NULL;
  SlVec(const char *) references = {0}; /* the literal numbers normalised with outside serving */
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__normalisation_reference(facts)) continue;
    if (facts->builds_image_transforms && sl_check__is_training(facts) && !training)
      training = facts;
    for (size_t i = 0; i < facts->normalisations.count; i++) {
      if (!facts->normalisations.items[i][0]) { /* named or computed: unknown numbers */
        sl_vec_delete(&references);
        return;
      }
      sl_vec_push(&references, facts->normalisations.items[i]);
    }
  }
  for (size_t f = 0; training && f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__scores_images(facts) || !sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->normalisations.count; i++) {
      const char *numbers = facts->normalisations.items[i];
      if (!numbers[0]) continue;
      bool used = false;
      for (size_t r = 0; r < references.count && !used; r++)
        used = sl_check__same_numbers(numbers, references.items[r]);
      if (used) continue;
      SlNativeVar vars[] = {
          {"training", training->path},
          {"difference", references.count ? "normalises with other numbers"
                                          : "builds its image transforms without normalising"}};
      sl_check_emit_at_line(emitter, facts, &facts->normalisation_spans.items[i], NULL, vars, 2);
      break; /* once per file */
    }
  }
  sl_vec_delete(&references);
}

/* normalisation-copied: a serving image pipeline normalises with the same literal
 * statistics as a `Normalize` written elsewhere outside serving (training's transform):
 * the numbers are right today but typed twice, so a retraining with other statistics
 * leaves the serving copy behind. Judged only for numbers that read as fitted dataset
 * statistics: at least one with a fraction other than .0 or .5 (`(0.5, 0.5, 0.5)` maps
 * pixels to [-1, 1] by convention), and not ImageNet's published mean and std, which are
 * the contract of pretrained weights rather than a training run's output. Reported once
 * per serving file, at the first such `Normalize(...)`. */
static bool sl_check__fitted_statistics(const char *numbers) {
  static const double imagenet[] = {0.485,   0.456,  0.406,  0.229,  0.224, 0.225,
                                    123.675, 116.28, 103.53, 58.395, 57.12, 57.375};
  bool fitted = false;
  for (const char *at = numbers; *at;) {
    char *end;
    double value = fabs(strtod(at, &end));
    if (end == at) return false;
    for (size_t i = 0; i < sizeof imagenet / sizeof *imagenet; i++)
      if (fabs(value - imagenet[i]) < 1e-3) return false;
    double twice = value * 2;
    fitted |= fabs(twice - round(twice)) > 1e-9;
    at = end + (*end == ',');
  }
  return fitted;
}

void sl_check_normalisation_copied(const SlRepoFacts *repo, SlNativeEmitter *emitter) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__scores_images(facts) || !sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->normalisations.count; i++) {
      const char *numbers = facts->normalisations.items[i];
      if (!sl_check__fitted_statistics(numbers)) continue;
      const SlFileFacts *reference = NULL;
      for (size_t r = 0; r < repo->file_count && !reference; r++) {
        const SlFileFacts *other = repo->files[r];
        if (!sl_check__normalisation_reference(other)) continue;
        for (size_t n = 0; n < other->normalisations.count && !reference; n++)
          if (sl_check__same_numbers(numbers, other->normalisations.items[n])) reference = other;
      }
      if (!reference) continue;
      SlNativeVar vars[] = {{"reference", reference->path}};
      sl_check_emit_at_line(emitter, facts, &facts->normalisation_spans.items[i], NULL, vars, 1);
      break; /* once per file */
    }
  }
}
