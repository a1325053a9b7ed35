/*
 * engine: runs a finalized rule set over files, in parallel. Each worker thread owns a
 * parser, a query cursor and regex scratch; the rule set's queries are shared
 * read-only. Results are kept per file and merged in file order, so the output does
 * not depend on the number of threads.
 */
#ifndef SERVELINT_ENGINE_H
#define SERVELINT_ENGINE_H

#include <stddef.h>

#include "servelint/facts.h"
#include "servelint/finding.h"
#include "servelint/report.h"
#include "servelint/rule.h"
#include "servelint/source.h"
#include "servelint/walk.h"

typedef struct {
  SlRepoFacts facts;       /* owned; every scanned file's facts, in file order */
  SlFindingVec findings;   /* owned; sorted and fingerprinted */
  SlReportErrorVec errors; /* owned; unreadable or unparsable files, in file order */
  SlWalkSkipVec skipped;   /* owned; files set aside while scanning (Helm templates) */
  size_t files_scanned;    /* files read and parsed (with or without findings) */
} SlScanResult;

typedef struct SlEngineWorker SlEngineWorker;

/* Per-thread state. Returns NULL with `error` when the grammar cannot be loaded. */
SlEngineWorker *sl_engine_worker_new(SlError *error);
/* NULL is a no-op. */
void sl_engine_worker_delete(SlEngineWorker *worker);

/* Scans `files` with `rules` (finalized) on `jobs` threads (0: one per CPU). Never
 * fails on a file: a file that cannot be read or parsed becomes an entry in
 * `errors`. Returns false with `error` only for an internal failure (no parser). */
bool sl_engine_scan(const SlRuleSet *rules, const SlWalkFileVec *files, unsigned jobs,
                    size_t max_file_bytes, SlScanResult *result, SlError *error);

/* Scans one in-memory source of `kind` on the caller's thread, appending findings (in
 * match order, not fingerprinted) and their matched code texts (owned by the caller,
 * free with sl_free), errors and skips (`skipped` may be NULL). `*facts` receives the
 * file's facts (caller frees; NULL when the file could not be parsed); `facts` may be
 * NULL. Used by the scan itself and by rule tests. */
void sl_engine_scan_source(const SlRuleSet *rules, const SlSource *source, SlFileKind kind,
                           SlEngineWorker *worker, SlFindingVec *findings, SlStringVec *code_texts,
                           SlReportErrorVec *errors, SlWalkSkipVec *skipped, SlFileFacts **facts);

/* Links `repo` (sl_repo_facts_link), then runs the repository rules (native
 * repository checks) once over it, appending findings and code texts as
 * sl_engine_scan_source does. */
void sl_engine_run_repo_rules(const SlRuleSet *rules, SlRepoFacts *repo, SlFindingVec *findings,
                              SlStringVec *code_texts);

/* Frees everything a result owns and leaves it empty. */
void sl_scan_result_clear(SlScanResult *result);
/* Frees the strings of an error entry. */
void sl_report_error_clear(SlReportError *error);

#endif
