/*
 * facts_pinning: the pinned / unpinned / mutable verdict of a model reference, from
 * frameworks.md 3.2. Texts are compared by hand (no regex): references are short and
 * this runs once per load site. A reference may be a template whose `{expr}` parts are
 * computed at run time; a decision that rests on such a part is SL_PIN_UNKNOWN.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "servelint/pinning.h"

/* Longest piece of a reference quoted in a reason. */
#define SL_PINNING_QUOTE "%.80s"

__attribute__((format(printf, 3, 4))) static SlPinVerdict sl_pinning__say(char *reason,
                                                                          SlPinVerdict verdict,
                                                                          const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(reason, SL_PIN_REASON_SIZE, format, arguments);
  va_end(arguments);
  return verdict;
}

static bool sl_pinning__starts_with(const char *text, const char *prefix) {
  return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Case-insensitive: do the `length` bytes at `text` spell `word`? */
static bool sl_pinning__word_is(const char *text, size_t length, const char *word) {
  return strlen(word) == length && strncasecmp(text, word, length) == 0;
}

static bool sl_pinning__all_digits(const char *text, size_t length) {
  for (size_t i = 0; i < length; i++)
    if (!isdigit((unsigned char)text[i])) return false;
  return length > 0;
}

/* A commit id: at least 7 hex digits (Bandit B615 accepts abbreviated SHAs). */
static bool sl_pinning__is_commit(const char *text) {
  size_t length = strlen(text);
  for (size_t i = 0; i < length; i++)
    if (!isxdigit((unsigned char)text[i])) return false;
  return length >= 7;
}

static bool sl_pinning__is_template(const char *text, size_t length) {
  return memchr(text, '{', length) != NULL;
}

static bool sl_pinning__has_model_extension(const char *text) {
  static const char *const extensions[] = {".pt",     ".pth",   ".bin",  ".safetensors", ".onnx",
                                           ".gguf",   ".ckpt",  ".h5",   ".pkl",         ".json",
                                           ".joblib", ".keras", ".model"};
  const char *dot = strrchr(text, '.');
  if (!dot || strchr(dot, '/')) return false;
  for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
    if (strcasecmp(dot, extensions[i]) == 0) return true;
  return false;
}

/* Whether a file name's words ('_', '-' and '.' separate them) include "latest":
 * `latest_model.h5`, `model-latest.pt`, `clf.latest.pkl`. */
static bool sl_pinning__file_name_says_latest(const char *name, size_t length) {
  for (size_t start = 0; start < length;) {
    size_t word = start;
    while (word < length && !strchr("_-.", name[word])) word++;
    if (word - start == 6 && strncasecmp(name + start, "latest", 6) == 0) return true;
    start = word + 1;
  }
  return false;
}

/* A path segment "latest" or "latest.<ext>" (case-insensitive), or a model file named
 * for it (`models/latest_model.h5`): an artifact replaced in place by each release.
 * Segments end at '/' or '\\'; a directory must be named "latest" itself
 * (`latest-ideas/` is a name, not a pointer). */
static bool sl_pinning__has_latest_segment(const char *text) {
  for (const char *segment = text;;) {
    size_t length = strcspn(segment, "/\\");
    if (length >= 6 && strncasecmp(segment, "latest", 6) == 0 && (length == 6 || segment[6] == '.'))
      return true;
    if (!segment[length])
      return sl_pinning__has_model_extension(segment) &&
             sl_pinning__file_name_says_latest(segment, length);
    segment += length + 1;
  }
}

bool sl_pinning_is_local_path(const char *reference) {
  if (strstr(reference, "://")) return false;
  if (reference[0] == '/' || reference[0] == '~' || strchr(reference, '\\')) return true;
  if (strcmp(reference, ".") == 0 || strcmp(reference, "..") == 0) return true;
  if (sl_pinning__starts_with(reference, "./") || sl_pinning__starts_with(reference, "../"))
    return true;
  if (isalpha((unsigned char)reference[0]) && reference[1] == ':' && reference[2] == '/')
    return true;
  const char *slash = strchr(reference, '/');
  if (slash && strchr(slash + 1, '/')) return true;
  /* `models/churn`: a directory of the repository or image, not a Hub organisation. */
  static const char *const directories[] = {"models",  "model",     "checkpoints",  "checkpoint",
                                            "ckpt",    "artifacts", "artifact",     "weights",
                                            "outputs", "output",    "saved_models", "saved_model",
                                            "data",    "tmp",       "mnt"};
  for (size_t i = 0; slash && i < sizeof directories / sizeof *directories; i++)
    if (sl_pinning__word_is(reference, (size_t)(slash - reference), directories[i])) return true;
  /* `benchmark_onnx_model`, `saved_model`: a directory name. The Hub's ids without an
   * organisation are hyphenated (`bert-base-uncased`, `t5-small`) or one word (`gpt2`). */
  if (!slash && strchr(reference, '_') && !strchr(reference, '-') && !strchr(reference, '{'))
    return true;
  return sl_pinning__has_model_extension(reference);
}

/* The words of a name: split at '_', '.', '-', ':' and lower-to-upper case changes
 * ("handler.modelId" -> handler, model, Id). Calls `visit` per word until it says stop. */
static bool sl_pinning__any_word(const char *name, bool (*visit)(const char *, size_t)) {
  const char *word = name;
  for (const char *c = name;; c++) {
    bool boundary = !*c || strchr("_.-:/[]\"' ", *c) ||
                    (c > name && islower((unsigned char)c[-1]) && isupper((unsigned char)*c));
    if (!boundary) continue;
    if (c > word && visit(word, (size_t)(c - word))) return true;
    if (!*c) return false;
    word = strchr("_.-:/[]\"' ", *c) ? c + 1 : c;
  }
}

static bool sl_pinning__is_word_in(const char *word, size_t length, const char *const *words,
                                   size_t count) {
  for (size_t i = 0; i < count; i++)
    if (sl_pinning__word_is(word, length, words[i])) return true;
  return false;
}

/* Words that make a name a place on disk: a model directory, a checkpoint file. */
static bool sl_pinning__local_word(const char *word, size_t length) {
  static const char *const words[] = {
      "path",     "paths",  "dir",     "dirs",   "directory", "folder",   "file",
      "filename", "local",  "cache",   "root",   "location",  "ckpt",     "checkpoint",
      "store",    "output", "save",    "saved",  "export",    "artifact", "artifacts",
      "mount",    "home",   "weights", "bucket", "uri",       "url"};
  return sl_pinning__is_word_in(word, length, words, sizeof words / sizeof *words);
}

/* Words that make a name a Hub repository id. */
static bool sl_pinning__hub_word(const char *word, size_t length) {
  static const char *const words[] = {"id", "ids", "name", "repo", "hub", "hf"};
  return sl_pinning__is_word_in(word, length, words, sizeof words / sizeof *words);
}

bool sl_pinning_name_suggests_hub_id(const char *name) {
  /* A name composed into a filesystem path (`/models/{args.model_name}`) is a directory. */
  if (name[0] == '/' || name[0] == '.' || name[0] == '~') return false;
  if (sl_pinning__any_word(name, sl_pinning__local_word)) return false;
  /* The last identifier decides: `model_info.get("name")`, `config.modelId`; Triton's
   * `params["model_name"]["string_value"]` is named by the key before the accessor. */
  char last[64];
  const char *end = name + strlen(name);
  const char *start;
  for (int pass = 0; pass < 2; pass++) {
    while (end > name && !(isalnum((unsigned char)end[-1]) || end[-1] == '_')) end--;
    start = end;
    while (start > name && (isalnum((unsigned char)start[-1]) || start[-1] == '_')) start--;
    if ((size_t)(end - start) != strlen("string_value") ||
        strncmp(start, "string_value", (size_t)(end - start)) != 0)
      break;
    end = start;
  }
  size_t length = (size_t)(end - start);
  if (length == 0 || length >= sizeof last) return false;
  memcpy(last, start, length);
  last[length] = '\0';
  return sl_pinning__any_word(last, sl_pinning__hub_word);
}

/* Whether a template's text names a registry stage (`{model_stage}`, `{STAGE}`). */
static bool sl_pinning__names_stage(const char *text, size_t length) {
  for (size_t i = 0; i + 5 <= length; i++)
    if (strncasecmp(text + i, "stage", 5) == 0) return true;
  return false;
}

/* `models:/...` after the scheme: name/version, name@alias, or an MLflow 3 model id. */
static SlPinVerdict sl_pinning__mlflow_model(const char *rest, char *reason) {
  size_t name_length = strcspn(rest, "/@");
  const char *tail = rest + name_length + (rest[name_length] != '\0');
  size_t length = strcspn(tail, "/");
  if (rest[name_length] == '@') {
    if (length == 0)
      return sl_pinning__say(reason, SL_PIN_UNKNOWN, "models:/ URI with an empty alias");
    if (sl_pinning__is_template(tail, length)) /* whatever alias it names, it moves */
      return sl_pinning__say(reason, SL_PIN_MUTABLE,
                             "alias from an expression (%.*s): a movable pointer, whichever it is",
                             (int)length, tail);
    return sl_pinning__say(reason, SL_PIN_MUTABLE, "alias %.*s: a movable pointer", (int)length,
                           tail);
  }
  if (rest[name_length] == '\0' || length == 0) {
    if (sl_pinning__starts_with(rest, "m-"))
      return sl_pinning__say(reason, SL_PIN_PINNED, "logged model id: immutable");
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "models:/ URI without a version");
  }
  if (sl_pinning__all_digits(tail, length))
    return sl_pinning__say(reason, SL_PIN_PINNED, "registry version %.*s", (int)length, tail);
  if (sl_pinning__word_is(tail, length, "latest"))
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "version latest: moves with every registration");
  static const char *const stages[] = {"production", "staging", "archived", "none"};
  for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
    if (sl_pinning__word_is(tail, length, stages[i]))
      return sl_pinning__say(
          reason, SL_PIN_UNPINNED,
          "registry stage %.*s: moves with every transition (stages are deprecated)", (int)length,
          tail);
  if (sl_pinning__is_template(tail, length) && sl_pinning__names_stage(tail, length))
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "registry stage from an expression (%.*s): moves with every transition",
                           (int)length, tail);
  if (sl_pinning__is_template(tail, length))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "registry version from an expression");
  return sl_pinning__say(reason, SL_PIN_UNKNOWN, "unrecognised registry version \"%.*s\"",
                         (int)length, tail);
}

/* `v1.2`, `1.0.3`, `2025-04-14`: an optional `v`, then digits separated by dots or
 * dashes, at least one separator (`fp16` is a branch, `abc123` a short hash). */
static bool sl_pinning__is_release_tag(const char *revision) {
  const char *at = revision + (*revision == 'v' || *revision == 'V');
  bool digit = false, separator = false;
  for (; *at; at++) {
    if (isdigit((unsigned char)*at))
      digit = true;
    else if ((*at == '.' || *at == '-') && digit)
      separator = true, digit = false;
    else
      return false;
  }
  return separator && digit;
}

/* A Hub revision given as a literal: a commit pins, a release tag is taken as a pin (as
 * mutable), a branch or anything else is a movable ref. */
static SlPinVerdict sl_pinning__literal_revision(const char *revision, char *reason) {
  if (sl_pinning__is_commit(revision))
    return sl_pinning__say(reason, SL_PIN_PINNED, "revision " SL_PINNING_QUOTE ": a commit",
                           revision);
  if (strcmp(revision, "main") == 0 || strcmp(revision, "master") == 0)
    return sl_pinning__say(reason, SL_PIN_UNPINNED, "revision \"%s\": a branch, which moves",
                           revision);
  if (sl_pinning__starts_with(revision, "refs/pr/"))
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "revision \"" SL_PINNING_QUOTE "\": a pull-request ref, which moves",
                           revision);
  if (!*revision)
    return sl_pinning__say(reason, SL_PIN_UNPINNED, "empty revision: the Hub's main branch");
  /* A version or date tag (`v1.2`, `2025-04-14`) is a deliberate pin, as reviewers read
   * it; the Hub lets an owner move a tag, so it is recorded as mutable, not reported. */
  if (sl_pinning__is_release_tag(revision))
    return sl_pinning__say(reason, SL_PIN_MUTABLE,
                           "revision \"" SL_PINNING_QUOTE
                           "\": a release tag, fixed by convention (Hub tags can be moved)",
                           revision);
  return sl_pinning__say(reason, SL_PIN_UNPINNED,
                         "revision \"" SL_PINNING_QUOTE
                         "\": a branch or tag, which can move (Hub tags are mutable)",
                         revision);
}

/* `hf://org/repo[:revision]` (KServe storageUri). */
static SlPinVerdict sl_pinning__hf_uri(const char *rest, char *reason) {
  const char *colon = strchr(rest, ':');
  if (!colon || !colon[1])
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "hf:// URI without a revision: the main branch");
  if (sl_pinning__is_template(colon + 1, strlen(colon + 1)))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "revision from an expression");
  return sl_pinning__literal_revision(colon + 1, reason);
}

static SlPinVerdict sl_pinning__uri(const char *reference, char *reason) {
  if (!*reference) return sl_pinning__say(reason, SL_PIN_UNKNOWN, "empty reference");
  if (sl_pinning__starts_with(reference, "models:/"))
    return sl_pinning__mlflow_model(reference + 8, reason);
  if (sl_pinning__starts_with(reference, "runs:/")) {
    if (!reference[6] || reference[6] == '/')
      return sl_pinning__say(reason, SL_PIN_UNKNOWN, "runs:/ URI without a run id");
    return sl_pinning__say(reason, SL_PIN_PINNED, "run artifact: immutable once logged");
  }
  if (sl_pinning__starts_with(reference, "hf://")) return sl_pinning__hf_uri(reference + 5, reason);
  if (sl_pinning__has_latest_segment(reference))
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "\"latest\" in the path: replaced in place by each release");
  if (sl_pinning__starts_with(reference, "http://"))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "fetched over plain http");
  if (sl_pinning__is_template(reference, strlen(reference)))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "path built from an expression");
  return sl_pinning__say(reason, SL_PIN_PINNED, "artifact path: as fixed as the deployed file");
}

static SlPinVerdict sl_pinning__hugging_face(const SlPinQuery *query, char *reason) {
  const char *reference = query->reference;
  if (query->local_files_only)
    return sl_pinning__say(reason, SL_PIN_UNKNOWN,
                           "local_files_only=True: whatever copy is on the machine");
  if (reference && (sl_pinning_is_local_path(reference) || strstr(reference, "://")))
    return sl_pinning__uri(reference, reason);
  if (query->revision_kind == SL_REVISION_LITERAL)
    return sl_pinning__literal_revision(query->revision, reason);
  if (query->revision_kind == SL_REVISION_EXPRESSION)
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "revision from an expression");
  if (!reference) return SL_PIN_UNKNOWN; /* the caller says where the reference came from */
  if (reference[0] == '{')
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "model id from an expression, no revision=");
  return sl_pinning__say(reason, SL_PIN_UNPINNED,
                         "no revision=: the Hub's main branch, which moves");
}

static SlPinVerdict sl_pinning__torch_hub(const char *reference, char *reason) {
  if (sl_pinning_is_local_path(reference)) return sl_pinning__uri(reference, reason);
  const char *colon = strchr(reference, ':');
  if (!colon || !colon[1])
    return sl_pinning__say(reason, SL_PIN_UNPINNED,
                           "no :ref in the repository: its default branch, which moves");
  const char *ref = colon + 1;
  if (sl_pinning__is_template(ref, strlen(ref)))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "ref from an expression");
  if (strcmp(ref, "main") == 0 || strcmp(ref, "master") == 0)
    return sl_pinning__say(reason, SL_PIN_UNPINNED, "ref \"%s\": a branch, which moves", ref);
  return sl_pinning__say(reason, SL_PIN_PINNED, "ref " SL_PINNING_QUOTE, ref);
}

static SlPinVerdict sl_pinning__bentoml(const char *reference, char *reason) {
  const char *colon = strchr(reference, ':');
  if (!colon || !colon[1])
    return sl_pinning__say(reason, SL_PIN_UNPINNED, "no version in the tag: the latest build");
  const char *version = colon + 1;
  if (sl_pinning__is_template(version, strlen(version)))
    return sl_pinning__say(reason, SL_PIN_UNKNOWN, "tag version from an expression");
  if (strcasecmp(version, "latest") == 0)
    return sl_pinning__say(reason, SL_PIN_UNPINNED, "tag version latest: moves with every build");
  return sl_pinning__say(reason, SL_PIN_PINNED, "tag version " SL_PINNING_QUOTE, version);
}

SlPinVerdict sl_pinning_classify(const SlPinQuery *query, char *reason) {
  reason[0] = '\0';
  if (query->family == SL_PIN_FAMILY_HUGGING_FACE) return sl_pinning__hugging_face(query, reason);
  if (!query->reference) return SL_PIN_UNKNOWN;
  switch (query->family) {
    case SL_PIN_FAMILY_TORCH_HUB:
      return sl_pinning__torch_hub(query->reference, reason);
    case SL_PIN_FAMILY_BENTOML:
      return sl_pinning__bentoml(query->reference, reason);
    default:
      return sl_pinning__uri(query->reference, reason);
  }
}
