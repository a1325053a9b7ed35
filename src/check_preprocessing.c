/*
 * check_preprocessing: preprocessing written twice. A function whose name says it
 * prepares inputs ((pre)process, transform, clean, normalise, featurise, encode,
 * tokenise, scale, prepare) defined both in a training file and in a serving file:
 *   preprocessing-diverged: the two bodies differ (tokens compared, comments,
 *     docstrings and layout aside): the model is served inputs prepared differently
 *     from those it was trained on;
 *   preprocessing-duplicated: the bodies are the same today, but copied rather than
 *     imported from shared code, so the next change to one will not reach the other;
 *     or, under any name, most of the function's lines are lines of a training file
 *     (line fingerprints of facts_lines.c).
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
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/roles.h"
#include "servelint/strbuf.h"

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
  if (facts->roles & SL_ROLE_BIT(SL_ROLE_TEST)) return false;
  if (facts->roles & SL_ROLE_BIT(SL_ROLE_TRAINING)) return true;
  return !sl_check__is_serving(facts) && sl_roles_is_data_preparation_path(facts->path);
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

/* A training file's line fingerprints sorted, to look a serving line up in it. */
typedef struct {
  uint32_t print, line;
} SlLineRef;

static int sl_check__compare_refs(const void *a, const void *b) {
  const SlLineRef *x = a, *y = b;
  if (x->print != y->print) return x->print < y->print ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Each training file's fingerprinted lines, sorted by fingerprint; NULL for other files. */
typedef struct {
  SlLineRef **refs;
  size_t *counts;
} SlTrainingLines;

static SlTrainingLines sl_check__training_lines(const SlRepoFacts *repo) {
  SlTrainingLines lines = {sl_calloc(repo->file_count + 1, sizeof *lines.refs),
                           sl_calloc(repo->file_count + 1, sizeof *lines.counts)};
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    if (!sl_check__is_training(facts) || !facts->line_prints.count) continue;
    SlLineRef *refs = sl_calloc(facts->line_prints.count, sizeof *refs);
    size_t count = 0;
    for (size_t i = 0; i < facts->line_prints.count; i++)
      if (facts->line_prints.items[i])
        refs[count++] = (SlLineRef){facts->line_prints.items[i], (uint32_t)i + 1};
    qsort(refs, count, sizeof *refs, sl_check__compare_refs);
    lines.refs[f] = refs;
    lines.counts[f] = count;
  }
  return lines;
}

static void sl_check__training_lines_delete(const SlRepoFacts *repo, SlTrainingLines *lines) {
  for (size_t f = 0; f < repo->file_count; f++) sl_free(lines->refs[f]);
  sl_free(lines->refs);
  sl_free(lines->counts);
}

/* The first line of the sorted `refs` with fingerprint `print`, or 0. */
static uint32_t sl_check__find_line(const SlLineRef *refs, size_t count, uint32_t print) {
  size_t low = 0, high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (refs[middle].print < print)
      low = middle + 1;
    else
      high = middle;
  }
  return low < count && refs[low].print == print ? refs[low].line : 0;
}

/* A serving function's lines found in one training file. */
typedef struct {
  size_t file;      /* index in repo->files */
  uint32_t lines;   /* fingerprinted lines of the serving body */
  uint32_t matched; /* of which the training file has the same */
  uint32_t *at;     /* owned; the training line of each match */
} SlLineCopy;

/* The fingerprints of `function`'s body: the lines after its `def` to its end. */
static uint32_t sl_check__body_prints(const SlFileFacts *facts, const SlFunction *function,
                                      uint32_t **prints) {
  uint32_t count = 0;
  *prints = NULL;
  uint32_t first = function->name_span.line + 1, last = function->span.end_line;
  if (last > facts->line_prints.count) last = (uint32_t)facts->line_prints.count;
  if (first > last) return 0;
  *prints = sl_calloc(last - first + 1, sizeof **prints);
  for (uint32_t line = first; line <= last; line++)
    if (facts->line_prints.items[line - 1]) (*prints)[count++] = facts->line_prints.items[line - 1];
  return count;
}

/* The training file holding most of `function`'s lines, when it holds at least
 * SL_COPY_MIN_LINES of them and three in five: code copied from it, under any name.
 * Lines shared by chance (`df = pd.read_csv(path)`) are too few to pass both. */
enum { SL_COPY_MIN_LINES = 3 };
static bool sl_check__line_copy(const SlRepoFacts *repo, const SlTrainingLines *training,
                                const SlFileFacts *facts, const SlFunction *function,
                                SlLineCopy *copy) {
  uint32_t *prints = NULL;
  uint32_t count = sl_check__body_prints(facts, function, &prints);
  *copy = (SlLineCopy){0};
  for (size_t f = 0; count >= SL_COPY_MIN_LINES && f < repo->file_count; f++) {
    if (!training->refs[f] || repo->files[f] == facts) continue;
    uint32_t matched = 0;
    for (uint32_t i = 0; i < count; i++)
      matched += sl_check__find_line(training->refs[f], training->counts[f], prints[i]) != 0;
    if (matched < SL_COPY_MIN_LINES || matched * 5 < count * 3 || matched <= copy->matched)
      continue;
    sl_free(copy->at);
    *copy = (SlLineCopy){f, count, matched, sl_calloc(matched, sizeof *copy->at)};
    for (uint32_t i = 0, k = 0; i < count; i++) {
      uint32_t line = sl_check__find_line(training->refs[f], training->counts[f], prints[i]);
      if (line) copy->at[k++] = line;
    }
  }
  sl_free(prints);
  return copy->matched > 0;
}

/* Where in the training file the copied lines are: the function holding most of them,
 * or its module-level code with the first and last line. */
static char *sl_check__copy_source(const SlFileFacts *training, const SlLineCopy *copy) {
  const SlFunction **holders = sl_calloc(copy->matched, sizeof *holders); /* NULL: module */
  for (uint32_t i = 0; i < copy->matched; i++)
    holders[i] = sl_facts_function_at_line(training, copy->at[i]);
  const SlFunction *best = NULL;
  uint32_t best_count = 0, outside = 0, first = UINT32_MAX, last = 0;
  for (uint32_t i = 0; i < copy->matched; i++) {
    if (!holders[i]) {
      outside++;
      if (copy->at[i] < first) first = copy->at[i];
      if (copy->at[i] > last) last = copy->at[i];
      continue;
    }
    uint32_t same = 0;
    for (uint32_t j = 0; j < copy->matched; j++) same += holders[j] == holders[i];
    if (same > best_count) best = holders[i], best_count = same;
  }
  sl_free(holders);
  SlStrbuf text = {0};
  if (best && best_count >= outside)
    sl_strbuf_printf(&text, "`%s`", best->name);
  else
    sl_strbuf_printf(&text, "its module-level code (lines %u-%u)", first, last);
  return sl_strbuf_take(&text);
}

/* Emits a finding at the name of `function`, defined in `facts`. */
static void sl_check__emit_at_function(SlNativeEmitter *emitter, const SlFileFacts *facts,
                                       const SlFunction *function, const SlNativeVar *vars,
                                       size_t var_count) {
  SlNativeHit hit = {.path = facts->path,
                     .span = function->name_span,
                     .snippet = function->snippet,
                     .code = function->name,
                     .vars = vars,
                     .var_count = var_count};
  sl_native_emit(emitter, &hit);
}

static void sl_check__emit_copy(SlNativeEmitter *emitter, const SlFileFacts *facts,
                                const SlFunction *function, const char *training_file,
                                const char *copied) {
  SlNativeVar vars[] = {
      {"function", function->name}, {"training_file", training_file}, {"copied", copied}};
  sl_check__emit_at_function(emitter, facts, function, vars, 3);
}

/* A serving function with no training namesake that repeats a training file's lines:
 * duplicated, whatever its name. Reported as duplicated (not diverged) even when some
 * lines differ: the lines alone do not tell a changed behaviour from a changed name. */
static void sl_check__line_copies(const SlRepoFacts *repo, const SlTrainingLines *training,
                                  SlNativeEmitter *emitter, const SlFileFacts *facts,
                                  const SlFunction *function) {
  SlLineCopy copy;
  if (!sl_check__line_copy(repo, training, facts, function, &copy)) return;
  const SlFileFacts *source = repo->files[copy.file];
  char *where = sl_check__copy_source(source, &copy);
  SlStrbuf copied = {0};
  if (copy.matched == copy.lines)
    sl_strbuf_printf(&copied, "repeats %s of %s line for line", where, source->path);
  else
    sl_strbuf_printf(&copied, "repeats %u of its %u lines of code from %s of %s", copy.matched,
                     copy.lines, where, source->path);
  sl_check__emit_copy(emitter, facts, function, source->path, sl_strbuf_cstr(&copied));
  sl_strbuf_delete(&copied);
  sl_free(where);
  sl_free(copy.at);
}

/* Whether `function` of a library module runs where serving does (not the data
 * preparation of a training pipeline): its module is an inference wrapper that loads a
 * model and runs it (`ml/model.py`, which a service imports), or a serving file calls it
 * (by name). */
static bool sl_check__served_library_function(const SlRepoFacts *repo, const SlFileFacts *facts,
                                              const SlFunction *function) {
  if (!(facts->roles & SL_ROLE_BIT(SL_ROLE_LIBRARY)) || sl_check__is_training(facts)) return false;
  return (sl_check_loads_model(facts) && sl_facts_calls_model(facts)) ||
         sl_check_called_from(repo, function->name, sl_check__is_serving);
}

static void sl_check__copies(const SlRepoFacts *repo, SlNativeEmitter *emitter, bool diverged) {
  SlTrainingLines training = {0};
  if (!diverged) training = sl_check__training_lines(repo);
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    bool serving = sl_check__is_serving(facts);
    if (!serving && (diverged || !(facts->roles & SL_ROLE_BIT(SL_ROLE_LIBRARY)))) continue;
    if (!sl_native_applies(emitter, facts)) continue;
    for (size_t i = 0; i < facts->functions.count; i++) {
      const SlFunction *function = &facts->functions.items[i];
      const SlFunction *copy = NULL;
      if (!sl_roles_names_preprocessing(function->name)) continue;
      if (!serving && !sl_check__served_library_function(repo, facts, function)) continue;
      const SlFileFacts *training_file = sl_check__training_copy(repo, function, &copy);
      if (!training_file) {
        if (!diverged) sl_check__line_copies(repo, &training, emitter, facts, function);
        continue;
      }
      if ((copy->body_hash != function->body_hash) != diverged) continue;
      if (diverged) {
        SlNativeVar vars[] = {{"function", function->name},
                              {"training_file", training_file->path},
                              {"training_function", copy->name}};
        sl_check__emit_at_function(emitter, facts, function, vars, 3);
        continue;
      }
      SlStrbuf copied = {0};
      sl_strbuf_printf(&copied, "is a copy of `%s` in %s, identical today", copy->name,
                       training_file->path);
      sl_check__emit_copy(emitter, facts, function, training_file->path, sl_strbuf_cstr(&copied));
      sl_strbuf_delete(&copied);
    }
  }
  if (!diverged) sl_check__training_lines_delete(repo, &training);
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
