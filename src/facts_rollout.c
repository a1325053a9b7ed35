/*
 * facts_rollout: evidence that a model version can be seen and rolled back. Plain text
 * searches, deliberately: the evidence lives in prose (a runbook), in configuration
 * keys and in string constants as much as in code, and a mention is what a reviewer
 * looks for before asking "how do we roll back?".
 */
#include <ctype.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/yaml_tree.h"

/* A lower-case copy of `text` (caller frees), so that each needle (lower case) is a
 * plain strstr: one pass to fold case instead of one slow comparison per needle. */
static char *sl_facts__folded(const SlSource *source) {
  char *folded = sl_strndup(source->bytes, source->byte_count);
  for (char *c = folded; *c; c++) *c = (char)tolower((unsigned char)*c);
  return folded;
}

static bool sl_facts__mentions_any(const char *folded, const char *const *needles, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strstr(folded, needles[i])) return true;
  return false;
}

void sl_facts_find_markdown_evidence(const SlSource *source, SlFileFacts *facts) {
  static const char *const words[] = {
      "rollback",       "roll back",  "rolling back", "canary",        "shadow deploy",
      "shadow traffic", "blue/green", "blue-green",   "traffic split", "version_policy"};
  char *folded = sl_facts__folded(source);
  if (sl_facts__mentions_any(folded, words, sizeof words / sizeof *words))
    facts->rollout |= SL_ROLLOUT_DOC;
  sl_free(folded);
}

/* Whether the class whose body holds `at` (the nearest `class` line before it) is named
 * for what a service answers: `PredictionResponse`, `ModelInfo`, `InferenceResult`. */
static bool sl_facts__in_response_class(const char *folded, const char *at) {
  static const char *const words[] = {"response", "result", "output", "prediction", "info"};
  const char *header = NULL;
  for (const char *c = strstr(folded, "class "); c && c < at; c = strstr(c + 1, "class "))
    if (c == folded || c[-1] == '\n') header = c;
  if (!header) return false;
  const char *end = header + 6;
  while (isalnum((unsigned char)*end) || *end == '_') end++;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    const char *found = strstr(header + 6, words[i]);
    if (found && found < end) return true;
  }
  return false;
}

/* A response model's field (`    model_version: str` on a line of its own, in a class
 * body), not a parameter (`model_version: str = Form(...),`). A `model_uri` field counts in
 * a class named for a response only: elsewhere it is a setting that picks what to load. */
static bool sl_facts__declares_version_field(const char *folded) {
  static const char *const fields[] = {"model_version:", "model_revision:", "model_uri:"};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    for (const char *at = strstr(folded, fields[i]); at; at = strstr(at + 1, fields[i])) {
      const char *line = at;
      while (line > folded && line[-1] == ' ') line--;
      if (line == at || (line > folded && line[-1] != '\n')) continue; /* indented, alone */
      const char *end = strchr(at, '\n');
      size_t length = end ? (size_t)(end - at) : strlen(at);
      while (length > 0 && (at[length - 1] == ' ' || at[length - 1] == '\r')) length--;
      if (length == 0 || at[length - 1] == ',' || at[length - 1] == '(') continue;
      /* the last parameter of a signature spread over lines: `) -> float:` follows */
      const char *next = end ? end : at + length;
      while (*next == '\n' || *next == ' ' || *next == '\r' || *next == '\t') next++;
      if (*next == ')') continue;
      if (strcmp(fields[i], "model_uri:") != 0 || sl_facts__in_response_class(folded, at))
        return true;
    }
  return false;
}

/* `shadow` as a deployment word, not CSS in an embedded page (`box-shadow: ...`). */
static bool sl_facts__mentions_shadow(const char *folded) {
  for (const char *at = strstr(folded, "shadow"); at; at = strstr(at + 1, "shadow"))
    if (at == folded || at[-1] != '-') return true;
  return false;
}

/* Whether the value written at `value` (after a key's `:` or `=`) is a literal
 * (`"1.0"`, `'v1'`, `2`): a version typed into the response, not the served model's. */
static bool sl_facts__literal_value(const char *value) {
  while (*value == ' ' || *value == '\t') value++;
  return *value == '"' || *value == '\'' || isdigit((unsigned char)*value);
}

/* A quoted version key that is written, not read: a dict or JSON key (`"model_version":`)
 * or an assignment into a response (`body["model_version"] = v`), with a value that is not
 * a literal. Reading one out of a configuration (`config["model_version"]`) to build a URI
 * shows nothing to anyone, and `"model_version": "1.0"` names no served model. */
static bool sl_facts__writes_version_key(const char *folded, const char *key) {
  size_t length = strlen(key);
  for (const char *at = strstr(folded, key); at; at = strstr(at + 1, key)) {
    const char *after = at + length;
    while (*after == ' ' || *after == '\t') after++;
    if (*after == ':' && !sl_facts__literal_value(after + 1)) return true;
    if (*after == ']') {
      after++;
      while (*after == ' ' || *after == '\t') after++;
      if (after[0] == '=' && after[1] != '=' && !sl_facts__literal_value(after + 1)) return true;
    }
  }
  return false;
}

/* A written quoted key that ends with `suffix` (`"titanic_model_version": v`,
 * `"served_model_uri": uri`): a service names its model's version its own way. Written
 * in lower case, as response fields are: `"MODEL_URI": uri` sets an environment variable. */
static bool sl_facts__writes_key_ending(const char *source, const char *folded,
                                        const char *suffix) {
  size_t length = strlen(suffix);
  for (const char *at = strstr(folded, suffix); at; at = strstr(at + 1, suffix)) {
    char quote = at[length];
    if (quote != '"' && quote != '\'') continue;
    const char *start = at;
    while (start > folded && (isalnum((unsigned char)start[-1]) || start[-1] == '_')) start--;
    if (start == folded || start[-1] != quote) continue;
    bool lower = true;
    for (const char *c = source + (start - folded); lower && c < source + (at - folded) + length;
         c++)
      lower = !isupper((unsigned char)*c);
    if (!lower) continue;
    char key[128];
    size_t key_length = (size_t)(at + length + 1 - (start - 1));
    if (key_length >= sizeof key) continue;
    memcpy(key, start - 1, key_length);
    key[key_length] = '\0';
    if (sl_facts__writes_version_key(start - 1, key)) return true;
  }
  return false;
}

/* "model version" in a message the code writes (`log.info("model version %s", v)`,
 * `f"model version {v}"`): the line calls something before the words and fills a value
 * in after them. Docstrings and comments only describe. */
static bool sl_facts__logs_version_text(const char *folded) {
  static const char words[] = "model version";
  for (const char *at = strstr(folded, words); at; at = strstr(at + 1, words)) {
    const char *line = at;
    while (line > folded && line[-1] != '\n') line--;
    const char *end = strchr(at, '\n');
    if (!end) end = at + strlen(at);
    bool calls = memchr(line, '(', (size_t)(at - line)) != NULL;
    bool comment = memchr(line, '#', (size_t)(at - line)) != NULL;
    const char *after = at + sizeof words - 1;
    bool fills =
        memchr(after, '{', (size_t)(end - after)) || memchr(after, '%', (size_t)(end - after)) ||
        memchr(after, ',', (size_t)(end - after)) || memchr(after, '+', (size_t)(end - after));
    if (calls && fills && !comment) return true;
  }
  return false;
}

void sl_facts_find_python_rollout(const SlSource *source, SlFileFacts *facts) {
  static const char *const registry[] = {"set_registered_model_alias",
                                         "transition_model_version_stage",
                                         "rollback",
                                         "roll_back",
                                         "previous_model",
                                         "previous_version",
                                         "fallback_model",
                                         "canary"};
  /* Shown, not merely used: a response or log key, a header, a log message. A
   * `model_version` parameter that picks what to load shows nothing to anyone. */
  static const char *const keys[] = {"\"model_version\"",  "'model_version'",  "\"model-version\"",
                                     "'model-version'",    "\"modelversion\"", "'modelversion'",
                                     "\"model_revision\"", "'model_revision'", "\"version_id\"",
                                     "'version_id'",       "\"model_tag\"",    "'model_tag'",
                                     "\"run_id\"",         "'run_id'",         "\"model_sha\"",
                                     "'model_sha'",        "\"revision\"",     "'revision'"};
  char *folded = sl_facts__folded(source);
  if (sl_facts__mentions_any(folded, registry, sizeof registry / sizeof *registry) ||
      sl_facts__mentions_shadow(folded))
    facts->rollout |= SL_ROLLOUT_REGISTRY;
  /* Training and test code naming a version says nothing of what the server shows. */
  bool evidence_file =
      !(facts->roles & (SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST)));
  bool shown =
      evidence_file && (strstr(folded, "x-model-version") || sl_facts__logs_version_text(folded) ||
                        sl_facts__declares_version_field(folded));
  for (size_t i = 0; evidence_file && !shown && i < sizeof keys / sizeof *keys; i++)
    shown = sl_facts__writes_version_key(folded, keys[i]);
  shown = shown ||
          (evidence_file && (sl_facts__writes_key_ending(source->bytes, folded, "_model_version") ||
                             sl_facts__writes_key_ending(source->bytes, folded, "model_uri")));
  if (shown) facts->rollout |= SL_VERSION_VISIBLE;
  sl_free(folded);
}
