/*
 * facts: what a Python file is and does, as far as the audit cares, computed once per
 * file in the parallel phase and merged afterwards into repository facts:
 *   - its roles (roles.h) and the modules it imports;
 *   - its entry points: functions that serve requests, batches or streams, with the
 *     framework and the serving pattern (online, batch, streaming);
 *   - its model load sites (the model inventory): the loader, the reference loaded
 *     (resolved to a literal when it is a constant) and a pinned / unpinned verdict;
 *   - evidence of monitoring (metrics, prediction logging, drift).
 * Facts hold no pointer into the tree or the source: they outlive both.
 */
#ifndef SERVELINT_FACTS_H
#define SERVELINT_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "servelint/roles.h"
#include "servelint/source.h"
#include "servelint/vec.h"

typedef enum {
  SL_PATTERN_ONLINE,
  SL_PATTERN_BATCH,
  SL_PATTERN_STREAMING,
  SL_PATTERN_COUNT
} SlServingPattern;

/* A location in a file: 1-based lines and columns (columns in bytes), end exclusive. */
typedef struct {
  uint32_t line, column, end_line, end_column;
  uint32_t start_byte, end_byte; /* the same span in bytes, for containment tests */
} SlSpan;

typedef SlVec(SlSpan) SlSpanVec;

typedef struct {
  char *path;      /* owned; report path of the file */
  char *function;  /* owned; qualified name, e.g. "predict" or "ChurnHandler.handle" */
  char *framework; /* owned; e.g. "fastapi", "flask", "bentoml", "ray-serve", "torchserve" */
  SlServingPattern pattern;
  SlSpan span;      /* the whole function definition, decorators included */
  SlSpan name_span; /* the function's name: where findings about it point */
  char *snippet;    /* owned; the text of the line name_span starts on */
  char *route;      /* owned; the path of a route decorator as written ("/predict",
                       "{prefix}/embed"), NULL when the entry has none */
  bool read_only;   /* the route answers GET only (`@app.get`, Flask's default) */
} SlEntryPoint;

typedef enum {
  SL_PIN_PINNED,
  SL_PIN_UNPINNED,
  SL_PIN_MUTABLE,
  SL_PIN_UNKNOWN,
  SL_PIN_COUNT
} SlPinVerdict;

typedef struct {
  char *path;      /* owned */
  char *loader;    /* owned; the call as written, normalised: "mlflow.pyfunc.load_model" */
  char *reference; /* owned; what is loaded: the literal, or "env:NAME", "arg:NAME",
                      "config:KEY", "var:NAME", or the expression's text (with {expr}
                      for parts computed at run time) when not a constant */
  char *origin;    /* owned; literal, constant, settings (a settings class's default), env,
                      argument, config, variable, expression,
                      default (pipeline(task) without a model) */
  SlPinVerdict verdict;
  char *reason;  /* owned; one line: why the verdict (e.g. "registry stage Production") */
  SlSpan span;   /* the load call */
  char *snippet; /* owned */
  /* What the verdict was computed from, kept so that the repository stage can judge
   * again once it resolves a name defined in another file (pinning.h's SlPinQuery). */
  int pin_family;    /* SlPinFamily */
  int revision_kind; /* SlRevisionKind */
  char *revision;    /* owned; the revision text when literal, else NULL */
  bool local_files_only;
  /* Set by the file stage for the request-path checks. */
  bool memoised;  /* under an `if` testing for a missing model, in a cached function, or a
                     parameter's default or decorator (run once, when the `def` runs) */
  bool payload;   /* its argument is request data: a deserialisation, not a model */
  bool in_loop;   /* inside a `for` body or `while` loop of its function (or of module code) */
  bool used_here; /* the function that loads it also uses it (`m = load(...); m.predict(x)`,
                     `load(...).detectMultiScale(img)`), rather than returning or storing it */
  /* 1-based line of this file where the reference's text is written (the id literal,
   * a constant's or a default's value); 0 when it is not a literal of this file. */
  uint32_t reference_line;
  char *reference_snippet; /* owned; that line's text, NULL when it is the call's line */
} SlModelLoad;

/* A module-level assignment of a string literal, `NAME = "text"`, kept so that a
 * reference loaded elsewhere (another file's `from config import NAME`) can be
 * resolved at the repository level. */
typedef struct {
  char *name;  /* owned */
  char *value; /* owned; the string's content, without quotes */
} SlConstant;

typedef SlVec(SlConstant) SlConstantVec;

/* A categorical feature encoded by hand: a loop over category names typed into the code
 * that compares a value with each and yields 0 or 1 (facts_encoding.c). */
typedef struct {
  SlSpan span;      /* the loop's header: `for cat in [...]`, or the comprehension */
  char *function;   /* owned; the enclosing function's qualified name, "" at module level */
  char *categories; /* owned; the category list as written (a constant's name, or the literal
                       shortened) */
  char *value;      /* owned; the value compared with each category, as written */
  bool imported;    /* the categories are an upper-case name this file does not assign (`from
                       constants import STATES`): an encoding only if another file assigns it
                       a category list (category_lists) */
} SlHandEncoding;

typedef SlVec(SlHandEncoding) SlHandEncodingVec;

/* A label map typed into the code: a label-named list of at least three class names
 * (`CLASSES = ["cat", "dog", "bird"]`, `idx_to_class = {0: "O", 1: "B-PER", ...}`) that
 * the file indexes with a computed value (facts_encoding.c). */
typedef struct {
  SlSpan span; /* the assignment */
  char *name;  /* owned; the target as written: "CLASSES", "self.categories" */
} SlLabelMap;

typedef SlVec(SlLabelMap) SlLabelMapVec;

/* An object saved to a literal path (`joblib.dump(scaler, "scaler.pkl")`). */
typedef struct {
  char *object;   /* owned; the saved expression as written */
  char *basename; /* owned; the file name the path ends with */
  SlSpan span;
} SlDump;

typedef SlVec(SlDump) SlDumpVec;

/* A name an import binds: `from module import name as local` (name set), or
 * `import module as local` (name NULL). Relative modules are made absolute from the
 * file's path ("app/main.py": ".models" -> "app.models"). */
typedef struct {
  char *local;  /* owned */
  char *module; /* owned */
  char *name;   /* owned; NULL for `import module` */
} SlImportedName;

typedef SlVec(SlImportedName) SlImportedNameVec;

/* A call of a torch module (`model(x)`, `self.net(x)`, `m.forward(x)`) in a function. */
typedef struct {
  SlSpan span;
  char *receiver; /* owned; the module as written: "self.model" */
  bool guarded; /* inside `with torch.no_grad()` / `inference_mode()` / `set_grad_enabled(False)` */
  char *snippet; /* owned; the text of the call's first line */
} SlForwardCall;

typedef SlVec(SlForwardCall) SlForwardCallVec;
typedef SlVec(bool) SlBoolVec;
typedef SlVec(uint32_t) SlLinePrintVec;

/* A function or method definition and what it calls, for inference paths. */
typedef struct {
  char *name;  /* owned; qualified as entry points are: "predict", "Handler.handle" */
  SlSpan span; /* the definition, decorators included */
  SlSpan name_span;
  SlStringVec decorators; /* owned; each decorator's callee without '@' or arguments */
  SlStringVec callees;    /* owned; called names as written, `self.x(...)` as "Class.x";
                             `c = Class(...); c.x()` in one function, or `c: Class` a
                             parameter, also as "Class.x" */
  SlBoolVec
      callee_guarded;     /* callee_guarded.items[i]: callees[i] is called under a no-grad guard */
  SlSpanVec callee_spans; /* callee_spans.items[i]: the call of callees[i] */
  SlBoolVec callee_in_loop;     /* callee_in_loop.items[i]: callees[i] is called inside a `for` body
                                   or `while` loop of this function (once per item) */
  SlBoolVec callee_handed_over; /* callee_handed_over.items[i]: callees[i] is a function the call
                                   hands to a thread, task queue or Ray worker (`to_thread(f)`,
                                   `f.remote()`), not run on the caller's own stack */
  SlBoolVec callee_awaited;     /* callee_awaited.items[i]: the call of callees[i] is awaited
                                   (`await self.engine.generate(...)`): a coroutine, not a block */
  SlForwardCallVec forwards;    /* owned; torch module calls (files importing torch only) */
  SlForwardCallVec train_calls; /* `<module>.train()` calls: training mode switched on here */
  bool guard_decorated; /* @torch.no_grad(), @torch.inference_mode(), @torch.set_grad_enabled(False)
                         */
  bool guarded_context; /* decorated, or every call reaching it on an inference path is
                           guarded (set by sl_repo_facts_link) */
  bool needs_gradients; /* its own code takes gradients (`.backward()`, `torch.autograd.grad`,
                           torchviz `make_dot`): saliency maps, Grad-CAM, graph drawings need
                           autograd on */
  bool is_async;
  bool is_load_hook; /* __init__, initialize, load, load_context, setup, startup...: runs once */
  bool on_inference_path; /* an entry point, or called (transitively, in this file) by one,
                             not through a load hook */
  bool on_online_path;    /* the same, from an online (request-serving) entry point */
  bool logs;              /* calls a logger (logging, logger, log, structlog...), or keeps a
                             prediction: writes, stores or observes it, commits it to a DB */
  bool prints;            /* calls print(...) */
  bool calls_model;       /* calls something model-like: `model.predict(x)`, `self.pipe(x)`, a torch
                             module, `sess.run(...)`, `self.classifier.remote(x)` (by name) */
  bool reaches_model;     /* calls_model here or in a function it calls on an inference path,
                             across files (set by sl_repo_facts_link) */
  char *snippet;          /* owned; the text of the line the name is on */
  char *returns_class;    /* owned or NULL; the class whose new instance it returns, as the
                             call names it (`return Engine(...)`, `return _engine` with
                             `_engine = Engine()`): what `get_engine().run()` runs */
  uint64_t body_hash;     /* the body's tokens (comments, docstring and layout aside), for
                             comparing a function defined in two places */
} SlFunction;

typedef SlVec(SlFunction) SlFunctionVec;
typedef SlVec(SlEntryPoint) SlEntryPointVec;
typedef SlVec(SlModelLoad) SlModelLoadVec;

/* Monitoring evidence kinds, as bits. */
enum {
  SL_MONITOR_METRICS = 1u << 0,        /* prometheus_client, OpenTelemetry, statsd, exporters */
  SL_MONITOR_PREDICTION_LOG = 1u << 1, /* a prediction logged (logger, bentoml.monitor, ...) */
  SL_MONITOR_DRIFT = 1u << 2,          /* Evidently, whylogs, alibi-detect, NannyML, a drift
                                          check by hand (detect_drift, compute_psi, ks_2samp) */
  SL_MONITOR_FRAMEWORK = 1u << 3,      /* framework metric hooks (Seldon metrics(), TorchServe
                                          context.metrics, Triton MetricFamily) */
  SL_MONITOR_HTTP_METRICS = 1u << 4,   /* HTTP middleware exporters (FastAPI instrumentator,
                                          Flask and Starlette exporters): not gRPC */
  SL_MONITOR_LATENCY_LOG = 1u << 5,    /* a duration measured by hand (perf_counter pairs):
                                          latency, but no exporter behind it */
};

/* Rollout and rollback evidence kinds, as bits. */
enum {
  SL_ROLLOUT_DOC = 1u << 0,     /* Markdown mentions rollback, canary, shadow, blue/green */
  SL_ROLLOUT_TRAFFIC = 1u << 1, /* YAML: canary / shadow / traffic split / Argo Rollout / Flagger */
  SL_ROLLOUT_REGISTRY =
      1u << 2, /* Python: registry alias or stage switch, a previous-version setting */
  SL_VERSION_VISIBLE = 1u << 3, /* the served model version appears in responses, logs or labels */
};

typedef struct {
  char *path;      /* owned */
  char *module;    /* owned; the dotted module the path defines: "src.app.models" for
                      "src/app/models.py" and "src/app/models/__init__.py" */
  char *file_path; /* owned or NULL; where the file was read from, to quote a line of it again
                      after the scan (NULL: scanned from memory) */
  SlRoleSet roles;
  uint32_t rollout;                 /* SL_ROLLOUT_* and SL_VERSION_VISIBLE bits seen in this file */
  SlStringVec imports;              /* owned strings; dotted module names, as imported */
  SlEntryPointVec entry_points;     /* owned; in source order */
  SlModelLoadVec model_loads;       /* owned; in source order */
  uint32_t monitoring;              /* SL_MONITOR_* bits seen in this file */
  SlConstantVec constants;          /* owned; module-level string constants */
  SlConstantVec instances;          /* owned; module-level instances, name -> class as the call
                                       names it: `inference_engine = InferenceEngine()` (for
                                       `from m import inference_engine` in another file) */
  SlConstantVec settings_fields;    /* owned; string defaults of pydantic settings classes
                                       (`class Settings(BaseSettings): embedding_model: str =
                                       "all-MiniLM-L6-v2"`), by field name */
  SlFunctionVec functions;          /* owned; every definition, in source order */
  SlImportedNameVec imported_names; /* owned; what each import binds */
  bool imports_torch_itself, imports_tensorflow; /* (a TF transformers file holds no torch) */
  /* Module-level code (outside every function): what a `<module>` / `<main>` entry runs. */
  bool module_calls_model, module_logs;
  bool imports_torch;         /* the file imports torch or a library handing out torch modules
                                               (transformers, TorchServe, Lightning...): forward calls are
                                 recorded */
  SlStringVec evaluated;      /* owned; receivers put in eval mode here: `X.eval()`,
                                 `X.train(False)`, `X.freeze()`, `X = load(...).eval()` */
  SlStringVec pipelines;      /* owned; names assigned from a Hugging Face `pipeline(...)` */
  SlDumpVec dumps;            /* owned; objects saved to literal paths (joblib, pickle, torch) */
  SlStringVec loaded_modules; /* owned; receivers given weights here: `X = torch.load(...)`,
                                 `X = torch.jit.load(...)`, `X.load_state_dict(...)` */
  SlSpanVec loaded_spans;     /* loaded_spans.items[i]: the call giving loaded_modules[i] its
                                 weights */
  SlBoolVec loaded_scripted;  /* loaded_scripted.items[i]: loaded_modules[i] comes from
                                 `torch.jit.load` (keeps the mode it was saved in) */
  SlSpanVec image_pipelines;  /* image transform pipelines (`transforms.Compose([...])`,
                                 albumentations `A.Compose`) that hold no `Normalize` step */
  bool normalizes_images;     /* calls a `Normalize(...)` transform (torchvision, albumentations) */
  bool builds_image_transforms;  /* calls a torchvision / albumentations transform (`Compose`,
                                    `ToTensor`, `Resize`, `Normalize`...) */
  SlStringVec normalisations;    /* owned; the numbers of each `Normalize(...)` call, joined by ','
                                    (`0.5,0.5,0.5,0.25,0.25,0.25`), or "" when an argument is not a
                                    numeric literal (a name, the library's defaults) */
  SlSpanVec normalisation_spans; /* normalisation_spans.items[i]: the call of normalisations[i] */
  SlHandEncodingVec hand_encodings; /* owned; one-hot or indicator encodings written by hand */
  SlLabelMapVec label_maps;         /* owned; label maps typed into the code */
  SlStringVec category_lists;       /* owned; module-level names assigned a list of at least three
                                       string literals (`STATES = ["AK", "AL", ...]`) */
  SlStringVec image_copies;         /* owned; Dockerfiles: sources of `COPY` / `ADD` that are
                                       environment or credential files (`.env`, `credentials.json`),
                                       as written (`./.env`) */
  SlSpanVec image_copy_spans;       /* image_copy_spans.items[i]: the word of image_copies[i] */
  SlLinePrintVec line_prints;       /* line_prints.items[i]: the fingerprint of line i + 1's code
                                       (layout and comment aside), 0 for a line that says too
                                       little; training, data preparation and serving files
                                       only, else empty (facts_lines.c) */
  bool scripts_in_eval_mode; /* traces or scripts a module (`torch.jit.trace` / `script`) in a
                                file that puts modules in eval mode: what it saves loads in
                                eval mode */
} SlFileFacts;

/* Extracts the facts of a parsed Python file. Never fails. Caller frees with
 * sl_file_facts_delete. */
SlFileFacts *sl_facts_extract_python(const SlSource *source, TSNode root, SlRoleSet roles);
/* Facts of a YAML file (roles only, for now). */
SlFileFacts *sl_facts_new(const char *path, SlRoleSet roles);
/* NULL is a no-op. */
void sl_file_facts_delete(SlFileFacts *facts);
/* The text of 1-based `line` of the file, read again from `file_path` (owned by the
 * caller), or NULL when it cannot be read. For repository checks reporting a line the
 * facts did not keep: sources are freed after the file stage. */
char *sl_facts_line_text(const SlFileFacts *facts, uint32_t line);

/* One dot-suffix of a file's module ("app.models" and "models" of "src.app.models"),
 * for finding the files an import can name without comparing it with every file. */
typedef struct {
  const char *suffix; /* borrowed from files[file]->module */
  size_t file;
} SlModuleSuffix;
typedef SlVec(SlModuleSuffix) SlModuleSuffixVec;

/* Repository facts: every scanned file's facts, in report-path order. */
typedef struct {
  SlFileFacts **files; /* owned, with each element */
  size_t file_count;
  SlModuleSuffixVec modules; /* owned; built by sl_repo_facts_link, sorted by suffix then file;
                                empty before (lookups then compare with every file) */
} SlRepoFacts;

void sl_repo_facts_clear(SlRepoFacts *repo);
/* Links the repository: resolves model references to constants defined in other
 * files (judging them again) and extends inference paths through imported
 * functions (facts_link.c). Idempotent. */
void sl_repo_facts_link(SlRepoFacts *repo);

/* The function `callee`, as written in `caller` (a function of `file`), calls: in the
 * same file, or imported from the repository's own code. Sets *callee_file. NULL when
 * it is neither (a library call, a method of an unknown object). */
const SlFunction *sl_repo_facts_resolve_call(const SlRepoFacts *repo, const SlFileFacts *file,
                                             const SlFunction *caller, const char *callee,
                                             const SlFileFacts **callee_file);

/* The dotted module a report path defines: "src/app/models.py" -> "src.app.models"
 * (facts_link.c). Caller frees. */
char *sl_facts_module_of_path(const char *path);
/* Whether `facts` is the file defining dotted `module`: "app.models" for
 * "src/app/models.py" or "app/models/__init__.py" (a suffix on dot boundaries). */
bool sl_repo_facts_file_defines(const SlFileFacts *facts, const char *module);

const char *sl_serving_pattern_name(SlServingPattern pattern);
const char *sl_pin_verdict_name(SlPinVerdict verdict);

/* Span of a tree-sitter node. */
SlSpan sl_span_of_node(TSNode node);

/* ---- extraction stages, one file each (facts_*.c) ---- */

/* Appends entry points found in the tree (facts_entry.c). */
void sl_facts_find_entry_points(const SlSource *source, TSNode root, SlFileFacts *facts);
/* Appends model load sites with resolved references and verdicts (facts_inventory.c). */
void sl_facts_find_model_loads(const SlSource *source, TSNode root, SlFileFacts *facts);
/* Records rollout evidence in a Markdown file's text, and in a Python file's text
 * (registry switches, previous-version settings, a visible model version)
 * (facts_rollout.c). */
void sl_facts_find_markdown_evidence(const SlSource *source, SlFileFacts *facts);
void sl_facts_find_python_rollout(const SlSource *source, SlFileFacts *facts);
/* Records the environment and credential files a Dockerfile copies into its image
 * (facts_dockerfile.c). */
void sl_facts_find_dockerfile_copies(const SlSource *source, SlFileFacts *facts);
/* Whether a file name (no directory) names a credential file by convention:
 * `credentials.json`, a service-account key, `.netrc`, `.pypirc`, an SSH private key,
 * Streamlit's `secrets.toml` (facts_dockerfile.c). */
bool sl_facts_is_credential_file(const char *name);
/* Records monitoring evidence in a YAML file's documents (facts_yaml.c). */
struct SlYamlFile;
void sl_facts_find_yaml_evidence(const struct SlYamlFile *yaml, SlFileFacts *facts);
/* The same evidence, read from the text of a template that is not YAML until rendered
 * (a Helm chart's `templates/servicemonitor.yaml`, `{{ ... }}` inside): kinds and keys as
 * written (facts_yaml.c). */
void sl_facts_find_template_evidence(const SlSource *source, SlFileFacts *facts);
/* Appends every function definition with its callees, then marks the ones on an
 * inference path of this file's entry points (facts_functions.c). Needs the entry
 * points first. */
void sl_facts_find_functions(const SlSource *source, TSNode root, SlFileFacts *facts);
/* Appends the categorical features encoded by hand and the label maps typed into the
 * code (facts_encoding.c). Needs the functions first. */
void sl_facts_find_hand_encodings(const SlSource *source, TSNode root, SlFileFacts *facts);
/* Fingerprints each line of a file the copy check compares (facts_lines.c). */
void sl_facts_find_line_prints(const SlSource *source, SlFileFacts *facts);
/* The first function of `facts` with qualified name `name` ("predict", "Handler.handle"),
 * or NULL: an entry point's function, a callee resolved by name. */
const SlFunction *sl_facts_function_named(const SlFileFacts *facts, const char *name);
/* Whether the file's own code calls a model: one of its functions, or its module-level
 * code (SlFunction.calls_model, SlFileFacts.module_calls_model). */
bool sl_facts_calls_model(const SlFileFacts *facts);
/* The innermost function of `facts` whose definition (decorators included) holds 1-based
 * `line`, or NULL for module-level code. */
const SlFunction *sl_facts_function_at_line(const SlFileFacts *facts, uint32_t line);
/* The innermost function whose span holds [start_byte, end_byte), or NULL. */
const SlFunction *sl_facts_enclosing_function(const SlFileFacts *facts, uint32_t start_byte,
                                              uint32_t end_byte);
/* Marks each model load memoised (cached function, `if model is None:` guard) or
 * payload (its argument is request data) (facts_loads.c). Needs functions and entry
 * points first. */
void sl_facts_annotate_loads(const SlSource *source, TSNode root, SlFileFacts *facts);
/* Whether `callee`, as written in `caller`, names `candidate` of the same file: the
 * same qualified name, or a function nested in the caller. */
bool sl_facts_calls(const SlFunction *caller, const char *callee, const SlFunction *candidate);
/* The method name of a callee recorded as "factory().method" (a call on what `factory`
 * returns: `get_engine().run(x)`, or `engine = get_engine(); engine.run(x)`), else NULL;
 * the factory's name is the text before the "()." that precedes it. */
const char *sl_facts_factory_method_name(const char *callee);
/* Marks function `index` and what it calls in its file as on an inference path (online
 * when `online`), never through load hooks. Returns whether anything changed. */
bool sl_facts_mark_path(SlFileFacts *facts, size_t index, bool online);
/* Records imports and monitoring evidence (facts.c). */
void sl_facts_find_imports(const SlSource *source, TSNode root, SlFileFacts *facts);

#endif
