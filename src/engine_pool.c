/*
 * engine_pool: the parallel scan. Workers take the next file index from an atomic
 * counter; each file's results go to its own slot, so no lock is held while
 * scanning and the merge (in file order) makes the output independent of --jobs.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "servelint/alloc.h"
#include "servelint/engine.h"

typedef struct {
  SlFindingVec findings;
  SlStringVec code_texts;
  SlReportErrorVec errors;
  SlWalkSkipVec skipped;
  SlFileFacts *facts; /* NULL when the file could not be read or parsed */
  bool scanned;       /* read and parsed: facts exist */
} SlFileSlot;

typedef struct {
  const SlRuleSet *rules;
  const SlWalkFileVec *files;
  size_t max_file_bytes;
  SlFileSlot *slots;        /* one per file */
  atomic_size_t next_file;  /* the next index to take */
  SlEngineWorker **workers; /* one per thread, made before the threads start */
} SlPool;

typedef struct {
  SlPool *pool;
  SlEngineWorker *worker;
} SlPoolThread;

static void sl_engine__scan_file(SlPool *pool, SlEngineWorker *worker, size_t index) {
  const SlWalkFile *file = &pool->files->items[index];
  SlFileSlot *slot = &pool->slots[index];
  SlError error;
  sl_error_clear(&error);
  SlSource *source =
      sl_source_load(file->file_path, file->report_path, pool->max_file_bytes, &error);
  if (!source) {
    SlReportError entry = {sl_strdup(file->report_path), sl_strdup(sl_error_kind_name(error.kind)),
                           sl_strdup(error.message), 0, 0};
    sl_vec_push(&slot->errors, entry);
    return;
  }
  sl_engine_scan_source(pool->rules, source, file->kind, worker, &slot->findings, &slot->code_texts,
                        &slot->errors, &slot->skipped, &slot->facts);
  slot->scanned = slot->facts != NULL; /* parsed (possibly with a syntax error) */
  if (slot->facts) slot->facts->file_path = sl_strdup(file->file_path);
  sl_source_delete(source);
}

static void *sl_engine__thread(void *argument) {
  SlPoolThread *thread = argument;
  SlPool *pool = thread->pool;
  for (;;) {
    size_t index = atomic_fetch_add(&pool->next_file, 1);
    if (index >= pool->files->count) break;
    sl_engine__scan_file(pool, thread->worker, index);
  }
  return NULL;
}

static unsigned sl_engine__thread_count(unsigned jobs, size_t file_count) {
  if (jobs == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus > 0 ? (unsigned)cpus : 1;
  }
  if (jobs > file_count) jobs = file_count ? (unsigned)file_count : 1;
  return jobs;
}

/* Merges the slots in file order, runs the repository rules over the merged facts,
 * then sorts and fingerprints every finding. */
static void sl_engine__merge(const SlRuleSet *rules, SlPool *pool, SlScanResult *result) {
  SlStringVec code_texts = {0};
  result->facts.files =
      sl_calloc(pool->files->count ? pool->files->count : 1, sizeof(SlFileFacts *));
  for (size_t i = 0; i < pool->files->count; i++) {
    SlFileSlot *slot = &pool->slots[i];
    if (slot->facts) result->facts.files[result->facts.file_count++] = slot->facts;
    for (size_t j = 0; j < slot->findings.count; j++) {
      sl_vec_push(&result->findings, slot->findings.items[j]);
      sl_vec_push(&code_texts, slot->code_texts.items[j]);
    }
    for (size_t j = 0; j < slot->errors.count; j++)
      sl_vec_push(&result->errors, slot->errors.items[j]);
    for (size_t j = 0; j < slot->skipped.count; j++)
      sl_vec_push(&result->skipped, slot->skipped.items[j]);
    result->files_scanned += slot->scanned;
    sl_vec_delete(&slot->findings);
    sl_vec_delete(&slot->code_texts);
    sl_vec_delete(&slot->errors);
    sl_vec_delete(&slot->skipped);
  }
  sl_engine_run_repo_rules(rules, &result->facts, &result->findings, &code_texts);
  sl_findings_finalize(&result->findings, (const char *const *)code_texts.items);
  for (size_t i = 0; i < code_texts.count; i++) sl_free(code_texts.items[i]);
  sl_vec_delete(&code_texts);
}

bool sl_engine_scan(const SlRuleSet *rules, const SlWalkFileVec *files, unsigned jobs,
                    size_t max_file_bytes, SlScanResult *result, SlError *error) {
  unsigned thread_count = sl_engine__thread_count(jobs, files->count);
  SlPool pool = {rules,
                 files,
                 max_file_bytes,
                 sl_calloc(files->count ? files->count : 1, sizeof(SlFileSlot)),
                 0,
                 sl_calloc(thread_count, sizeof(SlEngineWorker *))};
  SlPoolThread *threads = sl_calloc(thread_count, sizeof *threads);
  pthread_t *handles = sl_calloc(thread_count, sizeof *handles);
  bool ok = true;
  unsigned started = 0;
  for (unsigned i = 0; i < thread_count && ok; i++) {
    pool.workers[i] = sl_engine_worker_new(error);
    ok = pool.workers[i] != NULL;
  }
  for (unsigned i = 0; ok && i < thread_count; i++) {
    threads[i] = (SlPoolThread){&pool, pool.workers[i]};
    /* The caller's thread does the work of thread 0 rather than wait idle. */
    if (i > 0 && pthread_create(&handles[i], NULL, sl_engine__thread, &threads[i]) != 0) break;
    started = i + 1;
  }
  if (ok) sl_engine__thread(&threads[0]);
  for (unsigned i = 1; i < started; i++) pthread_join(handles[i], NULL);
  if (ok) sl_engine__merge(rules, &pool, result);
  for (unsigned i = 0; i < thread_count; i++) sl_engine_worker_delete(pool.workers[i]);
  sl_free(pool.workers);
  sl_free(pool.slots);
  sl_free(threads);
  sl_free(handles);
  return ok;
}

void sl_scan_result_clear(SlScanResult *result) {
  sl_repo_facts_clear(&result->facts);
  for (size_t i = 0; i < result->findings.count; i++) sl_finding_clear(&result->findings.items[i]);
  for (size_t i = 0; i < result->errors.count; i++) sl_report_error_clear(&result->errors.items[i]);
  for (size_t i = 0; i < result->skipped.count; i++) {
    sl_free(result->skipped.items[i].report_path);
    sl_free(result->skipped.items[i].reason);
  }
  sl_vec_delete(&result->findings);
  sl_vec_delete(&result->errors);
  sl_vec_delete(&result->skipped);
  result->files_scanned = 0;
}
