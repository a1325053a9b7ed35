/*
 * pinning: whether a model reference names one immutable artifact (frameworks.md 3.2).
 * Pure string classification, no tree and no allocation: the model inventory
 * (facts_inventory.c) resolves a load call's arguments to text and asks here; YAML checks
 * (KServe storageUri, bentofile.yaml models) can ask the same questions.
 */
#ifndef SERVELINT_PINNING_H
#define SERVELINT_PINNING_H

#include <stdbool.h>
#include <stddef.h>

#include "servelint/facts.h"

/* How a loader names its model, which decides the rules applied. */
typedef enum {
  SL_PIN_FAMILY_URI,          /* MLflow URIs (models:/, runs:/), hf://, artifact paths, URLs */
  SL_PIN_FAMILY_HUGGING_FACE, /* a Hub id plus revision= (from_pretrained, pipeline, ...) */
  SL_PIN_FAMILY_TORCH_HUB,    /* torch.hub.load("owner/repo[:ref]") */
  SL_PIN_FAMILY_BENTOML,      /* a BentoML model tag "name[:version]" */
  SL_PIN_FAMILY_COUNT
} SlPinFamily;

typedef enum {
  SL_REVISION_ABSENT,     /* no revision= (or revision=None) */
  SL_REVISION_LITERAL,    /* a string literal, or a constant holding one */
  SL_REVISION_EXPRESSION, /* anything else: given the benefit of the doubt (Bandit B615) */
} SlRevisionKind;

typedef struct {
  SlPinFamily family;
  /* Borrowed. The reference as text: a literal, or a template in which `{expr}` marks a
   * part computed at run time (f-strings, joins). NULL when it is not known at all (an
   * environment variable without default, an argument, a variable). */
  const char *reference;
  SlRevisionKind revision_kind; /* Hugging Face only */
  const char *revision;         /* borrowed; the text when revision_kind is SL_REVISION_LITERAL */
  bool local_files_only;        /* Hugging Face only: local_files_only=True */
} SlPinQuery;

/* Longest reason written, terminator included; longer texts are truncated. */
#define SL_PIN_REASON_SIZE 192

/* Classifies `query` and writes a one-line reason into `reason` (SL_PIN_REASON_SIZE
 * bytes). When nothing in the query decides (reference NULL and no revision that does),
 * returns SL_PIN_UNKNOWN with an empty reason: the caller knows where the reference
 * came from and says so. Never fails. */
SlPinVerdict sl_pinning_classify(const SlPinQuery *query, char *reason);

/* True when `reference` looks like a local filesystem path rather than a Hub id or
 * URI: it starts with '/', "./", "../", '~' or a drive letter, contains '\\', has more
 * than one '/', starts with a directory no Hub organisation is named (models/, checkpoints/,
 * artifacts/, outputs/...), or ends with a model file extension (.pt, .bin, ...). */
bool sl_pinning_is_local_path(const char *reference);

/* True when a variable, argument, configuration key or environment variable is named
 * like a Hub repository id (model_id, model_name, MODEL_ID, repo_id, handler.modelId)
 * and not like a place on disk (model_dir, model_name_or_path, ckpt, cache_dir). Used
 * where the value itself is unknown: a name is weaker evidence than a value. */
bool sl_pinning_name_suggests_hub_id(const char *name);

#endif
