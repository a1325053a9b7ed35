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

void sl_facts_find_python_rollout(const SlSource *source, SlFileFacts *facts) {
  static const char *const registry[] = {"set_registered_model_alias",
                                         "transition_model_version_stage",
                                         "rollback",
                                         "roll_back",
                                         "previous_model",
                                         "previous_version",
                                         "fallback_model",
                                         "canary",
                                         "shadow"};
  static const char *const version[] = {"model_version",  "model-version", "modelversion",
                                        "model_revision", "version_id",    "x-model-version",
                                        "model_tag",      "run_id",        "model_sha",
                                        "\"revision\"",   "'revision'"};
  char *folded = sl_facts__folded(source);
  if (sl_facts__mentions_any(folded, registry, sizeof registry / sizeof *registry))
    facts->rollout |= SL_ROLLOUT_REGISTRY;
  /* Training and test code naming a version says nothing of what the server shows. */
  bool evidence_file =
      !(facts->roles & (SL_ROLE_BIT(SL_ROLE_TRAINING) | SL_ROLE_BIT(SL_ROLE_TEST)));
  if (evidence_file && sl_facts__mentions_any(folded, version, sizeof version / sizeof *version))
    facts->rollout |= SL_VERSION_VISIBLE;
  sl_free(folded);
}
