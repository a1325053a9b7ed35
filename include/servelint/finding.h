/*
 * finding: one reported problem, and the taxonomy every rule and report shares
 * (severity, confidence, the nine families of DESIGN.md).
 */
#ifndef SERVELINT_FINDING_H
#define SERVELINT_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "servelint/vec.h"

/* Ordered: a higher value is more severe, so `--fail-on` compares with >=. */
typedef enum {
  SL_SEVERITY_INFO,
  SL_SEVERITY_LOW,
  SL_SEVERITY_MEDIUM,
  SL_SEVERITY_HIGH,
  SL_SEVERITY_COUNT
} SlSeverity;
typedef enum {
  SL_CONFIDENCE_LOW,
  SL_CONFIDENCE_MEDIUM,
  SL_CONFIDENCE_HIGH,
  SL_CONFIDENCE_COUNT
} SlConfidence;
typedef enum {
  SL_FAMILY_PINNING,
  SL_FAMILY_PREPROCESSING_PARITY,
  SL_FAMILY_INFERENCE_MODE,
  SL_FAMILY_BATCHING,
  SL_FAMILY_TIMEOUTS_CONCURRENCY,
  SL_FAMILY_VALIDATION_ERRORS,
  SL_FAMILY_ROLLOUT_ROLLBACK,
  SL_FAMILY_MONITORING,
  SL_FAMILY_SECURITY,
  SL_FAMILY_COUNT
} SlFamily;

/* Lower-case names as they appear in rules and reports ("high", "pinning", ...). */
const char *sl_severity_name(SlSeverity severity);
const char *sl_confidence_name(SlConfidence confidence);
const char *sl_family_name(SlFamily family);
/* Parse a name; return false when it is not one of the names above. */
bool sl_severity_parse(const char *name, SlSeverity *severity);
bool sl_confidence_parse(const char *name, SlConfidence *confidence);
bool sl_family_parse(const char *name, SlFamily *family);

typedef struct {
  char *rule_id;   /* owned; e.g. "SL101" */
  char *rule_name; /* owned; e.g. "unpinned-mlflow-model-uri" */
  SlFamily family;
  SlSeverity severity;
  SlConfidence confidence;
  char *path;          /* owned; relative to the scanned root, '/' separators */
  uint32_t line;       /* 1-based */
  uint32_t column;     /* 1-based, in bytes */
  uint32_t end_line;   /* 1-based, inclusive */
  uint32_t end_column; /* 1-based, exclusive (one past the last byte) */
  char *message;       /* owned; captures already substituted */
  char *risk;          /* owned */
  char *fix;           /* owned */
  char *snippet;       /* owned; the full text of the start line, without its newline */
  char *fingerprint;   /* owned; 16 hex digits: rule, path, normalised code, occurrence */
} SlFinding;

typedef SlVec(SlFinding) SlFindingVec;

/* Frees the strings a finding owns (not the finding itself). */
void sl_finding_clear(SlFinding *finding);
/* Total order for reports: path, line, column, rule id, then message. */
int sl_finding_compare(const void *left, const void *right);
/* Sorts `findings` and assigns every fingerprint. `code_texts[i]` is the matched code
 * of findings->items[i] (borrowed), hashed after collapsing whitespace; findings that
 * share rule, path and normalised code are told apart by their order of occurrence. */
void sl_findings_finalize(SlFindingVec *findings, const char *const *code_texts);

#endif
