/*
 * finding: the shared taxonomy, the report order and fingerprints.
 *
 * A fingerprint identifies a finding across edits that do not touch it: it hashes
 * the rule, the path, the matched code with whitespace normalised, and the index of
 * that (rule, path, code) triple among its identical siblings in line order. The line
 * number never enters the hash, so inserting lines above a finding keeps it stable;
 * the occurrence index keeps two identical snippets in one file apart.
 */
#include "servelint/finding.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/strbuf.h"

static const char *const sl_finding__severity_names[SL_SEVERITY_COUNT] = {
    [SL_SEVERITY_INFO] = "info",
    [SL_SEVERITY_LOW] = "low",
    [SL_SEVERITY_MEDIUM] = "medium",
    [SL_SEVERITY_HIGH] = "high",
};

static const char *const sl_finding__confidence_names[SL_CONFIDENCE_COUNT] = {
    [SL_CONFIDENCE_LOW] = "low",
    [SL_CONFIDENCE_MEDIUM] = "medium",
    [SL_CONFIDENCE_HIGH] = "high",
};

static const char *const sl_finding__family_names[SL_FAMILY_COUNT] = {
    [SL_FAMILY_PINNING] = "pinning",
    [SL_FAMILY_PREPROCESSING_PARITY] = "preprocessing-parity",
    [SL_FAMILY_INFERENCE_MODE] = "inference-mode",
    [SL_FAMILY_BATCHING] = "batching",
    [SL_FAMILY_TIMEOUTS_CONCURRENCY] = "timeouts-concurrency",
    [SL_FAMILY_VALIDATION_ERRORS] = "validation-errors",
    [SL_FAMILY_ROLLOUT_ROLLBACK] = "rollout-rollback",
    [SL_FAMILY_MONITORING] = "monitoring",
    [SL_FAMILY_SECURITY] = "security",
};

/* Out-of-range values name themselves "unknown" rather than reading past a table. */
const char *sl_severity_name(SlSeverity severity) {
  return (unsigned)severity < SL_SEVERITY_COUNT ? sl_finding__severity_names[severity] : "unknown";
}

const char *sl_confidence_name(SlConfidence confidence) {
  return (unsigned)confidence < SL_CONFIDENCE_COUNT ? sl_finding__confidence_names[confidence]
                                                    : "unknown";
}

const char *sl_family_name(SlFamily family) {
  return (unsigned)family < SL_FAMILY_COUNT ? sl_finding__family_names[family] : "unknown";
}

/* Index of `name` in `names`, or -1. Exact, case-sensitive match: names are data keys. */
static int sl_finding__lookup(const char *const *names, int count, const char *name) {
  if (!name) return -1;
  for (int index = 0; index < count; index++)
    if (strcmp(names[index], name) == 0) return index;
  return -1;
}

/* The parsers leave the output untouched when the name is unknown. */
bool sl_severity_parse(const char *name, SlSeverity *severity) {
  int index = sl_finding__lookup(sl_finding__severity_names, SL_SEVERITY_COUNT, name);
  if (index < 0) return false;
  *severity = (SlSeverity)index;
  return true;
}

bool sl_confidence_parse(const char *name, SlConfidence *confidence) {
  int index = sl_finding__lookup(sl_finding__confidence_names, SL_CONFIDENCE_COUNT, name);
  if (index < 0) return false;
  *confidence = (SlConfidence)index;
  return true;
}

bool sl_family_parse(const char *name, SlFamily *family) {
  int index = sl_finding__lookup(sl_finding__family_names, SL_FAMILY_COUNT, name);
  if (index < 0) return false;
  *family = (SlFamily)index;
  return true;
}

void sl_finding_clear(SlFinding *finding) {
  char **owned[] = {&finding->rule_id, &finding->rule_name,  &finding->path,
                    &finding->message, &finding->risk,       &finding->fix,
                    &finding->snippet, &finding->fingerprint};
  for (size_t index = 0; index < sizeof owned / sizeof owned[0]; index++) {
    sl_free(*owned[index]);
    *owned[index] = NULL;
  }
}

/* strcmp that orders a NULL string as "", so a half-built finding cannot crash a sort. */
static int sl_finding__strcmp(const char *left, const char *right) {
  return strcmp(left ? left : "", right ? right : "");
}

static int sl_finding__compare_u32(uint32_t left, uint32_t right) {
  return (left > right) - (left < right);
}

int sl_finding_compare(const void *left, const void *right) {
  const SlFinding *a = left, *b = right;
  int order = sl_finding__strcmp(a->path, b->path);
  if (!order) order = sl_finding__compare_u32(a->line, b->line);
  if (!order) order = sl_finding__compare_u32(a->column, b->column);
  if (!order) order = sl_finding__strcmp(a->rule_id, b->rule_id);
  if (!order) order = sl_finding__strcmp(a->message, b->message);
  return order;
}

/* A finding travelling with its code text and input position through qsort, which has
 * no context argument; `position` makes the order total, so the sort is deterministic. */
typedef struct {
  SlFinding finding;
  const char *code;
  size_t position;
} SlFindingSortEntry;

static int sl_finding__compare_entries(const void *left, const void *right) {
  const SlFindingSortEntry *a = left, *b = right;
  int order = sl_finding_compare(&a->finding, &b->finding);
  if (!order) order = sl_finding__strcmp(a->code, b->code);
  if (!order) order = (a->position > b->position) - (a->position < b->position);
  return order;
}

/* Sorts findings->items and returns the code texts in the new order (caller frees
 * the array, not the borrowed strings). A missing code text falls back to the
 * snippet, so every finding still gets a meaningful fingerprint. */
static const char **sl_finding__sort(SlFindingVec *findings, const char *const *code_texts) {
  size_t count = findings->count;
  SlFindingSortEntry *entries = sl_calloc(count ? count : 1, sizeof *entries);
  for (size_t index = 0; index < count; index++) {
    const char *code = code_texts ? code_texts[index] : NULL;
    entries[index].finding = findings->items[index];
    entries[index].code = code ? code : findings->items[index].snippet;
    entries[index].position = index;
  }
  qsort(entries, count, sizeof *entries, sl_finding__compare_entries);
  const char **sorted_codes = sl_calloc(count ? count : 1, sizeof *sorted_codes);
  for (size_t index = 0; index < count; index++) {
    findings->items[index] = entries[index].finding;
    sorted_codes[index] = entries[index].code;
  }
  sl_free(entries);
  return sorted_codes;
}

/* A copy of `text` (NULL reads as "") with every whitespace run collapsed to one space
 * and no leading or trailing space, so reindenting or rewrapping the code keeps its
 * fingerprint. Caller frees with sl_free. */
static char *sl_finding__normalise_code(const char *text) {
  SlStrbuf out = {0};
  bool pending_space = false;
  for (const char *cursor = text ? text : ""; *cursor; cursor++) {
    if (strchr(" \t\n\r\f\v", *cursor)) {
      pending_space = out.length > 0;
      continue;
    }
    if (pending_space) sl_strbuf_append(&out, " ", 1);
    pending_space = false;
    sl_strbuf_append(&out, cursor, 1);
  }
  return sl_strbuf_take(&out);
}

#define SL_FINDING_FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define SL_FINDING_FNV_PRIME UINT64_C(0x100000001b3)

/* 64-bit FNV-1a over `byte_count` bytes, continuing from `hash`. */
static uint64_t sl_finding__fnv1a(uint64_t hash, const char *bytes, size_t byte_count) {
  for (size_t index = 0; index < byte_count; index++) {
    hash ^= (unsigned char)bytes[index];
    hash *= SL_FINDING_FNV_PRIME;
  }
  return hash;
}

/* Hashes "rule\0path\0code\0": the part of the fingerprint that identical siblings share. */
static uint64_t sl_finding__triple_hash(const SlFinding *finding, const char *normalised_code) {
  const char *parts[] = {finding->rule_id, finding->path, normalised_code};
  uint64_t hash = SL_FINDING_FNV_OFFSET;
  for (size_t index = 0; index < 3; index++) {
    const char *part = parts[index] ? parts[index] : "";
    hash = sl_finding__fnv1a(hash, part, strlen(part) + 1); /* includes the '\0' */
  }
  return hash;
}

/* One finding's fingerprint inputs, sortable on their own to group identical triples. */
typedef struct {
  uint64_t triple_hash;
  const char *rule_id;
  const char *path;
  const char *code; /* normalised, owned by the caller */
  size_t position;  /* index in the sorted findings: the order of occurrence */
} SlFindingTriple;

/* Groups identical triples together, each group in order of occurrence. */
static int sl_finding__compare_triples(const void *left, const void *right) {
  const SlFindingTriple *a = left, *b = right;
  int order = (a->triple_hash > b->triple_hash) - (a->triple_hash < b->triple_hash);
  if (!order) order = sl_finding__strcmp(a->rule_id, b->rule_id);
  if (!order) order = sl_finding__strcmp(a->path, b->path);
  if (!order) order = strcmp(a->code, b->code);
  if (!order) order = (a->position > b->position) - (a->position < b->position);
  return order;
}

static bool sl_finding__same_triple(const SlFindingTriple *a, const SlFindingTriple *b) {
  return a->triple_hash == b->triple_hash && !sl_finding__strcmp(a->rule_id, b->rule_id) &&
         !sl_finding__strcmp(a->path, b->path) && !strcmp(a->code, b->code);
}

/* Finishes the hash with the decimal occurrence and stores 16 lowercase hex digits. */
static void sl_finding__set_fingerprint(SlFinding *finding, uint64_t triple_hash,
                                        size_t occurrence) {
  char digits[32], hex[17];
  int length = snprintf(digits, sizeof digits, "%zu", occurrence);
  uint64_t hash = sl_finding__fnv1a(triple_hash, digits, (size_t)length);
  snprintf(hex, sizeof hex, "%016" PRIx64, hash);
  sl_free(finding->fingerprint);
  finding->fingerprint = sl_strdup(hex);
}

/* Sorting the triples costs O(n log n), where counting earlier siblings per finding
 * would cost O(n^2) on a file with thousands of identical matches. */
static void sl_finding__fingerprint_all(SlFindingVec *findings, const char **codes) {
  size_t count = findings->count;
  SlFindingTriple *triples = sl_calloc(count ? count : 1, sizeof *triples);
  for (size_t index = 0; index < count; index++) {
    const SlFinding *finding = &findings->items[index];
    char *code = sl_finding__normalise_code(codes[index]);
    triples[index] = (SlFindingTriple){sl_finding__triple_hash(finding, code), finding->rule_id,
                                       finding->path, code, index};
  }
  qsort(triples, count, sizeof *triples, sl_finding__compare_triples);
  size_t occurrence = 0;
  for (size_t index = 0; index < count; index++) {
    bool repeat = index > 0 && sl_finding__same_triple(&triples[index - 1], &triples[index]);
    occurrence = repeat ? occurrence + 1 : 0;
    sl_finding__set_fingerprint(&findings->items[triples[index].position],
                                triples[index].triple_hash, occurrence);
  }
  for (size_t index = 0; index < count; index++) sl_free((char *)triples[index].code);
  sl_free(triples);
}

void sl_findings_finalize(SlFindingVec *findings, const char *const *code_texts) {
  const char **sorted_codes = sl_finding__sort(findings, code_texts);
  sl_finding__fingerprint_all(findings, sorted_codes);
  sl_free(sorted_codes);
}
