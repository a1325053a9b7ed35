/*
 * facts_link: the repository stage of the facts. Files are analysed alone and in
 * parallel; this pass connects them:
 *   - a model reference that names a constant imported from another file of the
 *     repository (`from app.config import MODEL_URI`) is resolved to its value and
 *     judged again;
 *   - an inference path continues into functions imported from other files, so a
 *     helper module's loader called by a handler is on the request path, and into the
 *     methods of other files that a call on an untyped object names distinctively
 *     (`backend.rerank_passages(...)`: every implementation, when there are few);
 *   - a no-grad guard on a caller covers the functions it calls (guarded_context).
 * Modules are matched to files by path: "app.models" is app/models.py or
 * app/models/__init__.py, also under a prefix (src/app/models.py); an ambiguous
 * module is left unresolved rather than guessed.
 */
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pinning.h"
#include "servelint/strbuf.h"

typedef SlVec(SlFileFacts *) SlFileFactsVec;

char *sl_facts_module_of_path(const char *path) {
  SlStrbuf module = {0};
  size_t length = strlen(path);
  if (length > 3 && strcmp(path + length - 3, ".py") == 0) length -= 3;
  if (length > 9 && strcmp(path + length - 9, "/__init__") == 0) length -= 9;
  sl_strbuf_append(&module, path, length);
  for (size_t i = 0; i < module.length; i++)
    if (module.data[i] == '/') module.data[i] = '.';
  return sl_strbuf_take(&module);
}

static bool sl_facts__module_matches(const char *file_module, const char *module) {
  size_t file_length = strlen(file_module), length = strlen(module);
  if (file_length < length || strcmp(file_module + file_length - length, module) != 0) return false;
  return file_length == length || file_module[file_length - length - 1] == '.';
}

bool sl_repo_facts_file_defines(const SlFileFacts *facts, const char *module) {
  return sl_facts__module_matches(facts->module, module);
}

static int sl_facts__compare_suffixes(const void *a, const void *b) {
  const SlModuleSuffix *left = a, *right = b;
  int order = strcmp(left->suffix, right->suffix);
  if (order) return order;
  return left->file < right->file ? -1 : left->file > right->file;
}

/* Indexes every dot-suffix of every file's module (sorted: a lookup is a binary search). */
static void sl_facts__index_modules(SlRepoFacts *repo) {
  repo->modules.count = 0;
  for (size_t f = 0; f < repo->file_count; f++) {
    const char *module = repo->files[f]->module;
    for (const char *at = module; at; at = strchr(at, '.') ? strchr(at, '.') + 1 : NULL) {
      SlModuleSuffix suffix = {at, f};
      sl_vec_push(&repo->modules, suffix);
    }
  }
  if (repo->modules.count)
    qsort(repo->modules.items, repo->modules.count, sizeof *repo->modules.items,
          sl_facts__compare_suffixes);
}

/* The files defining `module`, in file order, appended to `out`. */
static void sl_facts__files_defining(const SlRepoFacts *repo, const char *module,
                                     SlFileFactsVec *out) {
  if (!repo->modules.count) { /* not linked: compare with every file */
    for (size_t i = 0; i < repo->file_count; i++)
      if (sl_repo_facts_file_defines(repo->files[i], module)) sl_vec_push(out, repo->files[i]);
    return;
  }
  size_t low = 0, high = repo->modules.count; /* first suffix >= module */
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (strcmp(repo->modules.items[middle].suffix, module) < 0)
      low = middle + 1;
    else
      high = middle;
  }
  for (size_t i = low;
       i < repo->modules.count && strcmp(repo->modules.items[i].suffix, module) == 0; i++)
    sl_vec_push(out, repo->files[repo->modules.items[i].file]);
}

/* Whether `facts` defines `module` seen from `directory` (its path ends in "/" or is
 * empty): the file is directory + module's path, as Python finds a sibling module of a
 * script run from its own directory (or a module of the root, for an empty directory). */
static bool sl_facts__defines_from(const SlFileFacts *facts, const char *module,
                                   const char *directory, size_t directory_length) {
  if (strncmp(facts->path, directory, directory_length) != 0) return false;
  char *file_module = sl_facts_module_of_path(facts->path + directory_length);
  bool exact = strcmp(file_module, module) == 0;
  sl_free(file_module);
  return exact;
}

/* The file defining `module` for an import written in `importer`: the only one, or, when
 * several do (`utils.py` at the root and in `grpc_server/`), the importer's sibling, else
 * the root's; NULL when none or the choice is still open. */
static SlFileFacts *sl_facts__file_of_module(const SlRepoFacts *repo, const SlFileFacts *importer,
                                             const char *module) {
  SlFileFactsVec candidates = {0};
  sl_facts__files_defining(repo, module, &candidates);
  SlFileFacts *found = candidates.count == 1 ? candidates.items[0] : NULL;
  if (candidates.count > 1) {
    const char *slash = strrchr(importer->path, '/');
    size_t directory_length = slash ? (size_t)(slash - importer->path) + 1 : 0;
    for (size_t pass = 0; pass < 2; pass++) {
      size_t length = pass == 0 ? directory_length : 0, count = 0;
      found = NULL;
      for (size_t i = 0; i < candidates.count; i++)
        if (sl_facts__defines_from(candidates.items[i], module, importer->path, length))
          found = candidates.items[i], count++;
      if (count == 1) break;
      found = NULL;
    }
  }
  sl_vec_delete(&candidates);
  return found;
}

static const SlImportedName *sl_facts__imported(const SlFileFacts *facts, const char *local) {
  for (size_t i = 0; i < facts->imported_names.count; i++)
    if (strcmp(facts->imported_names.items[i].local, local) == 0)
      return &facts->imported_names.items[i];
  return NULL;
}

/* The value a module-level constant ends up with: the last assignment wins, as when
 * Python imports the module. */
static const char *sl_facts__constant(const SlFileFacts *facts, const char *name) {
  const char *value = NULL;
  for (size_t i = 0; i < facts->constants.count; i++)
    if (strcmp(facts->constants.items[i].name, name) == 0) value = facts->constants.items[i].value;
  return value;
}

/* Judges `load` again as naming `value`, which `source` describes ("constant X from m"),
 * and records it with origin `origin`. With `only_known`, a value that cannot be judged
 * leaves the load as it was. */
static void sl_facts__judge_again(SlModelLoad *load, const char *value, const char *origin,
                                  const char *source, bool only_known) {
  SlPinQuery query = {(SlPinFamily)load->pin_family, value, (SlRevisionKind)load->revision_kind,
                      load->revision, load->local_files_only};
  char classified[SL_PIN_REASON_SIZE];
  SlPinVerdict verdict = sl_pinning_classify(&query, classified);
  if (only_known && verdict == SL_PIN_UNKNOWN) return;
  load->verdict = verdict;
  SlStrbuf reason = {0};
  sl_strbuf_printf(&reason, "%s: %s", source, classified[0] ? classified : "not judged");
  sl_free(load->reason);
  load->reason = sl_strbuf_take(&reason);
  sl_free(load->reference);
  load->reference = sl_strdup(value);
  sl_free(load->origin);
  load->origin = sl_strdup(origin);
}

static void sl_facts__resolve_constants(const SlRepoFacts *repo, SlFileFacts *facts) {
  for (size_t i = 0; i < facts->model_loads.count; i++) {
    SlModelLoad *load = &facts->model_loads.items[i];
    if (strcmp(load->origin, "variable") != 0 || strncmp(load->reference, "var:", 4) != 0) continue;
    const SlImportedName *imported = sl_facts__imported(facts, load->reference + 4);
    if (!imported || !imported->name) continue;
    const SlFileFacts *definer = sl_facts__file_of_module(repo, facts, imported->module);
    const char *value = definer ? sl_facts__constant(definer, imported->name) : NULL;
    if (!value) continue;
    SlStrbuf source = {0};
    sl_strbuf_printf(&source, "constant %s from %s", imported->name, imported->module);
    sl_facts__judge_again(load, value, "constant", sl_strbuf_cstr(&source), false);
    sl_strbuf_delete(&source);
  }
}

/* The one default the repository's settings classes give field `name`, or NULL when
 * none does or they disagree. */
static const char *sl_facts__settings_default(const SlRepoFacts *repo, const char *name,
                                              const char **path) {
  const char *value = NULL;
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlConstantVec *fields = &repo->files[f]->settings_fields;
    for (size_t i = 0; i < fields->count; i++) {
      if (strcmp(fields->items[i].name, name) != 0) continue;
      if (value && strcmp(value, fields->items[i].value) != 0) return NULL;
      value = fields->items[i].value;
      *path = repo->files[f]->path;
    }
  }
  return value;
}

/* A model named by a settings attribute (`SentenceTransformer(settings.embedding_model)`,
 * recorded as "config:embedding_model") is judged by the default its pydantic settings
 * class gives the field: what serves unless the deployment sets the variable. */
static void sl_facts__resolve_settings(const SlRepoFacts *repo, SlFileFacts *facts) {
  for (size_t i = 0; i < facts->model_loads.count; i++) {
    SlModelLoad *load = &facts->model_loads.items[i];
    if (strcmp(load->origin, "config") != 0 || strncmp(load->reference, "config:", 7) != 0 ||
        strchr(load->reference + 7, '.') || load->verdict != SL_PIN_UNKNOWN)
      continue;
    const char *field = load->reference + 7, *path = NULL;
    const char *value = sl_facts__settings_default(repo, field, &path);
    if (!value) continue;
    SlStrbuf source = {0};
    sl_strbuf_printf(&source, "settings field %s defaults to \"%s\" (%s)", field, value, path);
    /* judge_again frees load->reference (`field` points into it): `value` and `source`
     * do not alias it. */
    sl_facts__judge_again(load, value, "settings", sl_strbuf_cstr(&source), true);
    sl_strbuf_delete(&source);
  }
}

static long sl_facts__function_index(const SlFileFacts *facts, const char *name) {
  const SlFunction *function = sl_facts_function_named(facts, name);
  return function ? (long)(function - facts->functions.items) : -1;
}

/* The index of method `method_name` of class `class_name` in `facts` ("Class.method"), or
 * -1 (also for NULL facts). */
static long sl_facts__method_index(const SlFileFacts *facts, const char *class_name,
                                   const char *method_name) {
  if (!facts) return -1;
  SlStrbuf method = {0};
  sl_strbuf_printf(&method, "%s.%s", class_name, method_name);
  long index = sl_facts__function_index(facts, sl_strbuf_cstr(&method));
  sl_strbuf_delete(&method);
  return index;
}

/* `from pkg.mod import Class` in `importer`, then `Class.method(...)`: the method of that
 * class in pkg.mod. Sets *target (NULL when pkg.mod is not the repository's) and *index. */
static bool sl_facts__imported_class_method(const SlRepoFacts *repo, const SlFileFacts *importer,
                                            const SlImportedName *class_import,
                                            const char *method_name, SlFileFacts **target,
                                            long *index) {
  *target = sl_facts__file_of_module(repo, importer, class_import->module);
  *index = sl_facts__method_index(*target, class_import->name, method_name);
  return *index >= 0;
}

static bool sl_facts__resolve_import(const SlRepoFacts *repo, const SlFileFacts *facts,
                                     const char *callee, SlFileFacts **target, long *index);

/* "get_engine().run" (facts_functions.c) with `get_engine` imported from another file of
 * the repository: method `run` of the class `get_engine` returns there (`Engine.run` of that
 * file, or of the file it imports `Engine` from). */
static bool sl_facts__resolve_factory_method(const SlRepoFacts *repo, const SlFileFacts *facts,
                                             const char *callee, SlFileFacts **target,
                                             long *index) {
  const char *method_name = sl_facts_factory_method_name(callee);
  char *factory = sl_strndup(callee, (size_t)(method_name - 3 - callee));
  SlFileFacts *producer_file = NULL;
  long producer = -1;
  bool imported = !strchr(factory, '(') &&
                  sl_facts__resolve_import(repo, facts, factory, &producer_file, &producer);
  sl_free(factory);
  const char *class_name = imported ? producer_file->functions.items[producer].returns_class : NULL;
  if (!class_name) return false;
  *target = producer_file;
  *index = sl_facts__method_index(producer_file, class_name, method_name);
  if (*index >= 0) return true;
  SlStrbuf method = {0};
  sl_strbuf_printf(&method, "%s.%s", class_name, method_name);
  bool found =
      sl_facts__resolve_import(repo, producer_file, sl_strbuf_cstr(&method), target, index);
  sl_strbuf_delete(&method);
  return found;
}

/* `from pkg.mod import engine; engine.method(...)` with `engine = Engine()` at module
 * level of pkg.mod (*target on entry): `Engine.method` of that file, or of the file it
 * imports `Engine` from. */
static bool sl_facts__resolve_instance(const SlRepoFacts *repo, const SlImportedName *imported,
                                       const char *method_name, SlFileFacts **target, long *index) {
  const char *class_name = NULL;
  for (size_t i = 0; i < (*target)->instances.count; i++) /* the last binding wins */
    if (strcmp((*target)->instances.items[i].name, imported->name) == 0)
      class_name = (*target)->instances.items[i].value;
  if (!class_name || strchr(class_name, '(')) return false;
  *index = sl_facts__method_index(*target, class_name, method_name);
  if (*index >= 0) return true;
  /* one hop, never through another instance: `from engines import Engine` there */
  const SlImportedName *class_import = sl_facts__imported(*target, class_name);
  return class_import && class_import->name &&
         sl_facts__imported_class_method(repo, *target, class_import, method_name, target, index);
}

/* The function `callee` (as written in `facts`) names in the file it is imported
 * from; false when it is not an import of the repository's own code. */
static bool sl_facts__resolve_import(const SlRepoFacts *repo, const SlFileFacts *facts,
                                     const char *callee, SlFileFacts **target, long *index) {
  if (sl_facts_factory_method_name(callee))
    return sl_facts__resolve_factory_method(repo, facts, callee, target, index);
  const char *dot = strchr(callee, '.');
  SlStrbuf local = {0};
  sl_strbuf_append(&local, callee, dot ? (size_t)(dot - callee) : strlen(callee));
  const SlImportedName *imported = sl_facts__imported(facts, sl_strbuf_cstr(&local));
  sl_strbuf_delete(&local);
  if (!imported || (!dot && !imported->name)) return false;
  /* `from pkg import module as m; m.f()`: the module is pkg.module. */
  SlStrbuf module = {0};
  sl_strbuf_puts(&module, imported->module);
  if (dot && imported->name) sl_strbuf_printf(&module, ".%s", imported->name);
  *target = sl_facts__file_of_module(repo, facts, sl_strbuf_cstr(&module));
  sl_strbuf_delete(&module);
  *index = *target ? sl_facts__function_index(*target, dot ? dot + 1 : imported->name) : -1;
  if (*index < 0 && dot && imported->name) {
    /* `from pkg.mod import Class; Class.method(...)`: a method of a class of pkg.mod. */
    sl_facts__imported_class_method(repo, facts, imported, dot + 1, target, index);
    if (*index < 0 && *target)
      return sl_facts__resolve_instance(repo, imported, dot + 1, target, index);
  }
  return *index >= 0;
}

const SlFunction *sl_repo_facts_resolve_call(const SlRepoFacts *repo, const SlFileFacts *file,
                                             const SlFunction *caller, const char *callee,
                                             const SlFileFacts **callee_file) {
  for (size_t i = 0; i < file->functions.count; i++)
    if (sl_facts_calls(caller, callee, &file->functions.items[i])) {
      *callee_file = file;
      return &file->functions.items[i];
    }
  SlFileFacts *target = NULL;
  long index = -1;
  if (!sl_facts__resolve_import(repo, file, callee, &target, &index)) return NULL;
  *callee_file = target;
  return &target->functions.items[index];
}

/* At most this many methods of other files answer to one distinctive name: more, and the
 * name is a convention (`process_item`, `get_data`) rather than one service's method. */
enum { SL_FACTS_METHOD_IMPLEMENTATIONS = 3 };

/* Whether the method name `name` is distinctive enough to dispatch on: a compound name
 * (`rerank_passages`, `generate_answer`), not a protocol's (`__call__`) nor one Python or
 * a library gives every object (`get`, `run`, `predict`). */
static bool sl_facts__distinctive_method(const char *name) {
  const char *underscore = strchr(name, '_');
  return underscore && underscore != name && underscore[1] != '\0' && strncmp(name, "__", 2) != 0;
}

/* A model getter (`get_production_model`, `load_nb_model`): reached through an untyped
 * object it is most often a lazy cache's miss (`if name not in models: models[name] =
 * handler.get_production_model(...)`), which the facts cannot see from here; following it
 * would call every request a reload. */
static bool sl_facts__model_getter(const char *name) {
  static const char *const verbs[] = {"get_",  "load_",  "fetch_",  "download_",
                                      "init_", "build_", "create_", "setup_"};
  if (!strstr(name, "model")) return false;
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (strncmp(name, verbs[i], strlen(verbs[i])) == 0) return true;
  return false;
}

/* The methods of the serving code (not tests, not training) with distinctive names,
 * sorted by method name: what a call on an untyped object may run. Built once per
 * repository, so that a lookup is a binary search, not a walk over every function. */
typedef struct {
  const char *method; /* points into the function's name, after its last dot */
  SlFileFacts *file;
  size_t index;
} SlMethodEntry;

typedef SlVec(SlMethodEntry) SlMethodIndex;

static int sl_facts__compare_methods(const void *a, const void *b) {
  return strcmp(((const SlMethodEntry *)a)->method, ((const SlMethodEntry *)b)->method);
}

static void sl_facts__index_methods(const SlRepoFacts *repo, SlMethodIndex *index) {
  SlRoleSet aside = SL_ROLE_BIT(SL_ROLE_TEST) | SL_ROLE_BIT(SL_ROLE_TRAINING);
  for (size_t f = 0; f < repo->file_count; f++) {
    if (repo->files[f]->roles & aside) continue;
    for (size_t i = 0; i < repo->files[f]->functions.count; i++) {
      const char *dot = strrchr(repo->files[f]->functions.items[i].name, '.');
      if (dot && sl_facts__distinctive_method(dot + 1) && !sl_facts__model_getter(dot + 1))
        sl_vec_push(index, ((SlMethodEntry){dot + 1, repo->files[f], i}));
    }
  }
  if (index->count > 1)
    qsort(index->items, index->count, sizeof *index->items, sl_facts__compare_methods);
}

/* The methods of other files that `callee` (`self.backend.rerank_passages`,
 * `service.generate_answer`: an object the facts cannot type) may run: every indexed
 * method with that name, when there are at most SL_FACTS_METHOD_IMPLEMENTATIONS of them
 * (a service and its backends). Invokes `visit` on each. */
typedef void (*SlMethodVisit)(void *context, SlFileFacts *file, size_t index);

static void sl_facts__dispatch_method(const SlMethodIndex *index, const SlFileFacts *facts,
                                      const char *callee, SlMethodVisit visit, void *context) {
  const char *dot = strrchr(callee, '.');
  if (!dot || index->count == 0) return;
  size_t low = 0, high = index->count; /* first entry not below the name */
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (strcmp(index->items[middle].method, dot + 1) < 0)
      low = middle + 1;
    else
      high = middle;
  }
  size_t end = low, found = 0;
  for (; end < index->count && strcmp(index->items[end].method, dot + 1) == 0; end++)
    found += index->items[end].file != facts;
  if (found > SL_FACTS_METHOD_IMPLEMENTATIONS) return;
  for (size_t i = low; i < end; i++)
    if (index->items[i].file != facts) visit(context, index->items[i].file, index->items[i].index);
}

/* Whether a class of `facts` itself defines the method `callee` names (`self.helper.x`
 * with a `Helper.x` in the same file): the object is most likely of that class. */
static bool sl_facts__calls_in_file(const SlFileFacts *facts, const char *callee) {
  const char *dot = strrchr(callee, '.');
  for (size_t i = 0; dot && i < facts->functions.count; i++) {
    const char *method = strrchr(facts->functions.items[i].name, '.');
    if (method && strcmp(method, dot) == 0) return true;
  }
  return false;
}

/* Visits what `callee` (as written in `facts`) runs in another file: the function it is
 * imported as, else the methods its distinctive name dispatches to (not when a class of
 * `facts` defines that method: the object is most likely of that class). */
static void sl_facts__each_other_file_target(const SlRepoFacts *repo, const SlMethodIndex *methods,
                                             const SlFileFacts *facts, const char *callee,
                                             SlMethodVisit visit, void *context) {
  SlFileFacts *target = NULL;
  long index = -1;
  if (sl_facts__resolve_import(repo, facts, callee, &target, &index))
    visit(context, target, (size_t)index);
  else if (strchr(callee, '.') && !sl_facts__calls_in_file(facts, callee))
    sl_facts__dispatch_method(methods, facts, callee, visit, context);
}

typedef struct {
  bool online;
  bool changed;
} SlMarkVisit;

static void sl_facts__mark_visit(void *context, SlFileFacts *file, size_t index) {
  SlMarkVisit *mark = context;
  mark->changed |= sl_facts_mark_path(file, index, mark->online);
}

/* Follows `callee` (as written in `facts`) into the other files it runs. */
static bool sl_facts__follow(const SlRepoFacts *repo, const SlMethodIndex *methods,
                             const SlFileFacts *facts, const char *callee, bool online) {
  SlMarkVisit mark = {online, false};
  sl_facts__each_other_file_target(repo, methods, facts, callee, sl_facts__mark_visit, &mark);
  return mark.changed;
}

/* A call from one function to another on an inference path, anywhere in the repository. */
typedef struct {
  SlFunction *caller;
  SlFunction *callee;
  bool guarded; /* the call site sits in a no-grad guard block */
} SlCallEdge;

typedef SlVec(SlCallEdge) SlCallEdgeVec;

typedef struct {
  SlCallEdgeVec *edges;
  SlFunction *caller;
  bool guarded;
} SlEdgeVisit;

static void sl_facts__edge_visit(void *context, SlFileFacts *file, size_t index) {
  SlEdgeVisit *visit = context;
  sl_vec_push(visit->edges,
              ((SlCallEdge){visit->caller, &file->functions.items[index], visit->guarded}));
}

static void sl_facts__edges_of(const SlRepoFacts *repo, const SlMethodIndex *methods,
                               SlFileFacts *facts, SlFunction *caller, SlCallEdgeVec *edges) {
  for (size_t c = 0; c < caller->callees.count; c++) {
    const char *callee = caller->callees.items[c];
    bool guarded = caller->callee_guarded.items[c];
    for (size_t i = 0; i < facts->functions.count; i++)
      if (sl_facts_calls(caller, callee, &facts->functions.items[i]))
        sl_vec_push(edges, ((SlCallEdge){caller, &facts->functions.items[i], guarded}));
    SlEdgeVisit visit = {edges, caller, guarded};
    sl_facts__each_other_file_target(repo, methods, facts, callee, sl_facts__edge_visit, &visit);
  }
}

/* guarded_context: a function is guarded when it is decorated with a no-grad guard, or
 * when it is called (on an inference path) and every such call is either in a guard
 * block or made by a guarded function: "a guard placed on a caller counts". A fixed
 * point from the decorated functions; entry points have no callers and start unguarded. */
static void sl_facts__propagate_guards(const SlRepoFacts *repo, const SlCallEdgeVec *edges) {
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->functions.count; i++) {
      SlFunction *function = &repo->files[f]->functions.items[i];
      function->guarded_context = function->guard_decorated;
    }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t f = 0; f < repo->file_count; f++)
      for (size_t i = 0; i < repo->files[f]->functions.count; i++) {
        SlFunction *function = &repo->files[f]->functions.items[i];
        if (function->guarded_context || !function->on_inference_path) continue;
        bool called = false, all_guarded = true;
        for (size_t e = 0; e < edges->count && all_guarded; e++) {
          if (edges->items[e].callee != function) continue;
          called = true;
          all_guarded = edges->items[e].guarded || edges->items[e].caller->guarded_context;
        }
        if (called && all_guarded) function->guarded_context = changed = true;
      }
  }
}

/* Whether a callee as recorded ("Class.attr" for `self.attr(...)`) calls the Hugging
 * Face pipeline assigned to `pipeline` ("classifier", "self.classifier"). */
static bool sl_facts__names_pipeline(const char *callee, const char *pipeline) {
  if (strncmp(pipeline, "self.", 5) != 0) return strcmp(callee, pipeline) == 0;
  const char *dot = strchr(callee, '.');
  return dot && !strchr(dot + 1, '.') && strcmp(dot + 1, pipeline + 5) == 0;
}

/* reaches_model: a fixed point over the call edges of inference paths, from the
 * functions that call a model themselves (by name, a torch module, a pipeline). */
static void sl_facts__propagate_model_calls(const SlRepoFacts *repo, const SlCallEdgeVec *edges) {
  for (size_t f = 0; f < repo->file_count; f++) {
    const SlFileFacts *facts = repo->files[f];
    for (size_t i = 0; i < facts->functions.count; i++) {
      SlFunction *function = &facts->functions.items[i];
      function->reaches_model = function->calls_model || function->forwards.count > 0;
      for (size_t c = 0; c < function->callees.count && !function->reaches_model; c++)
        for (size_t p = 0; p < facts->pipelines.count && !function->reaches_model; p++)
          function->reaches_model =
              sl_facts__names_pipeline(function->callees.items[c], facts->pipelines.items[p]);
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t e = 0; e < edges->count; e++)
      if (edges->items[e].callee->reaches_model && !edges->items[e].caller->reaches_model)
        edges->items[e].caller->reaches_model = changed = true;
  }
}

static bool sl_facts__extend_paths(const SlRepoFacts *repo, const SlMethodIndex *methods,
                                   const SlFileFacts *facts) {
  bool changed = false;
  for (size_t i = 0; i < facts->functions.count; i++) {
    const SlFunction *function = &facts->functions.items[i];
    if (!function->on_inference_path) continue;
    for (size_t c = 0; c < function->callees.count; c++)
      changed |= sl_facts__follow(repo, methods, facts, function->callees.items[c],
                                  function->on_online_path);
  }
  return changed;
}

void sl_repo_facts_link(SlRepoFacts *repo) {
  sl_facts__index_modules(repo);
  for (size_t i = 0; i < repo->file_count; i++) {
    sl_facts__resolve_constants(repo, repo->files[i]);
    sl_facts__resolve_settings(repo, repo->files[i]);
  }
  SlMethodIndex methods = {0};
  sl_facts__index_methods(repo, &methods);
  /* Each round marks at least one more function, so the loop ends; the bound guards
   * against a mistake turning into a hang. */
  for (size_t round = 0; round < 1000; round++) {
    bool changed = false;
    for (size_t i = 0; i < repo->file_count; i++)
      changed |= sl_facts__extend_paths(repo, &methods, repo->files[i]);
    if (!changed) break;
  }
  SlCallEdgeVec edges = {0};
  for (size_t f = 0; f < repo->file_count; f++)
    for (size_t i = 0; i < repo->files[f]->functions.count; i++)
      if (repo->files[f]->functions.items[i].on_inference_path)
        sl_facts__edges_of(repo, &methods, repo->files[f], &repo->files[f]->functions.items[i],
                           &edges);
  sl_facts__propagate_guards(repo, &edges);
  sl_facts__propagate_model_calls(repo, &edges);
  sl_vec_delete(&edges);
  sl_vec_delete(&methods);
}
