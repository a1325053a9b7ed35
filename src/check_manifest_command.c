/*
 * check_manifest_command: yaml-command-unpinned-fetch, what a container started by a
 * manifest fetches or serves without pinning it. A Kubernetes container (or KServe,
 * Seldon, Ray spec) and a Compose service give their command line as `command:` and
 * `args:`, a string or a list of words; with the `image:` beside them it is one command
 * line, read as a shell script's line is (command_text.h): a model server started on a
 * Hub id without a revision (`vllm/vllm-openai` with `--model org/model`), a Hub download
 * without `--revision`, `mlflow models serve` of a registry stage. Without any of these,
 * a Hub id in a model variable of its environment (`MODEL_NAME=BAAI/bge-m3`) with no
 * revision variable or option beside it. The finding points at the reference.
 */
#include <ctype.h>
#include <string.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_env.h"
#include "servelint/yaml_tree.h"

static void sl_manifest__emit(SlNativeEmitter *emitter, const SlSource *source,
                              const SlYamlNode *node, size_t into, size_t length,
                              const char *reference, const char *what) {
  SlNativeVar vars[] = {{"reference", reference}, {"what", what}};
  /* a plain or single-line scalar: its text starts at the node's column (a quote
   * before it moves it one column on) */
  uint32_t start = source->line_starts[node->line - 1] + node->column - 1 + (node->plain ? 0 : 1) +
                   (uint32_t)into;
  SlNativeHit hit = {.span = sl_command_span(source, start, start + (uint32_t)length),
                     .vars = vars,
                     .var_count = 2};
  sl_native_emit(emitter, &hit);
}

/* Whether `name` (an environment variable) names a model: MODEL_NAME, MODEL_ID,
 * EMBEDDING_MODEL, RERANKER_MODEL_NAME, HF_MODEL. */
static bool sl_manifest__model_variable(const char *name) {
  const char *model = strstr(name, "MODEL");
  if (!model) return false;
  const char *rest = model + 5;
  return *rest == '\0' || strcmp(rest, "_NAME") == 0 || strcmp(rest, "_ID") == 0 ||
         strcmp(rest, "_REPO") == 0;
}

/* Whether `value` is a Hub id with its organisation, `org/name`. */
static bool sl_manifest__hub_id(const char *value) {
  return strchr(value, '/') && sl_command_hub_id(value, strlen(value));
}

typedef struct {
  bool revision;           /* a variable names a revision, commit or SHA */
  const SlYamlNode *model; /* the first model variable holding a Hub id */
  char *reference;         /* owned; its value */
  size_t into;             /* where the value starts in the node's text */
} SlManifestEnv;

static void sl_manifest__env_visit(const SlYamlEnvEntry *entry, void *context) {
  SlManifestEnv *env = context;
  char *upper = sl_strndup(entry->name, entry->name_length);
  for (char *c = upper; *c; c++) *c = (char)toupper((unsigned char)*c);
  if (strstr(upper, "REVISION") || strstr(upper, "COMMIT") || strstr(upper, "SHA"))
    env->revision = true;
  else if (!env->model && sl_manifest__model_variable(upper) && sl_manifest__hub_id(entry->value)) {
    env->model = entry->node;
    env->reference = sl_strdup(entry->value);
    env->into = entry->into;
  }
  sl_free(upper);
}

/* A Hub id handed to the container in a model variable (`MODEL_NAME=BAAI/bge-m3`) with no
 * revision beside it, in the environment or on the command line. */
static void sl_manifest__judge_env(const SlYamlNode *container, const char *command,
                                   const SlSource *source, SlNativeEmitter *emitter) {
  SlManifestEnv env = {0};
  sl_yaml_each_env(container, sl_manifest__env_visit, &env);
  if (env.model && !env.revision && !(command && strstr(command, "revision")))
    sl_manifest__emit(emitter, source, env.model, env.into, strlen(env.reference), env.reference,
                      "a Hub model handed to the container with no revision beside it");
  sl_free(env.reference);
}

static void sl_manifest__judge(const SlYamlNode *container, const SlSource *source,
                               SlNativeEmitter *emitter) {
  const SlYamlNode *command_node = sl_yaml_mapping_get(container, "command");
  const SlYamlNode *args = sl_yaml_mapping_get(container, "args");
  if (!command_node && !args) {
    sl_manifest__judge_env(container, NULL, source, emitter);
    return;
  }
  SlYamlCommandLine command = {0};
  sl_yaml_command_append(&command, sl_yaml_mapping_get(container, "image"));
  sl_yaml_command_append(&command, sl_yaml_mapping_get(container, "entrypoint"));
  sl_yaml_command_append(&command, command_node);
  sl_yaml_command_append(&command, args);
  size_t start, end;
  const char *text = sl_strbuf_cstr(&command.line);
  const char *what = text ? sl_command_hub_fetch(text, &start, &end) : NULL;
  if (what) {
    size_t word = sl_yaml_command_word_at(&command, start);
    char *reference = sl_strndup(text + start, end - start);
    sl_manifest__emit(emitter, source, command.words.items[word],
                      start - command.offsets.items[word], end - start, reference, what);
    sl_free(reference);
  } else {
    sl_manifest__judge_env(container, text, source, emitter);
  }
  sl_yaml_command_delete(&command);
}

typedef struct {
  const SlSource *source;
  SlNativeEmitter *emitter;
} SlManifestScan;

/* A container, or a Compose service built here. */
static void sl_manifest__container_visit(const SlYamlNode *mapping, const SlYamlNode *key,
                                         void *context) {
  (void)key;
  const SlManifestScan *scan = context;
  if (sl_yaml_mapping_get(mapping, "image") || sl_yaml_mapping_get(mapping, "build"))
    sl_manifest__judge(mapping, scan->source, scan->emitter);
}

void sl_check_yaml_command_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!file->yaml) return;
  SlManifestScan scan = {file->source, emitter};
  for (size_t d = 0; d < sl_yaml_document_count(file->yaml); d++)
    sl_yaml_each_mapping(sl_yaml_document_root(file->yaml, d), sl_manifest__container_visit, &scan);
}
