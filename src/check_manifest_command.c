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

#include "check_common.h"
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

/* Whether a setting's name (upper case) names a revision, a commit or a SHA. */
static bool sl_manifest__names_revision(const char *upper) {
  return strstr(upper, "REVISION") || strstr(upper, "COMMIT") || strstr(upper, "SHA");
}

static void sl_manifest__env_visit(const SlYamlEnvEntry *entry, void *context) {
  SlManifestEnv *env = context;
  char *upper = sl_strndup(entry->name, entry->name_length);
  for (char *c = upper; *c; c++) *c = (char)toupper((unsigned char)*c);
  if (sl_manifest__names_revision(upper))
    env->revision = true;
  else if (!env->model && sl_command_model_variable(upper) && sl_manifest__hub_id(entry->value)) {
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

/* A setting's name in upper snake case: `modelName` -> MODEL_NAME, `embedding-model` ->
 * EMBEDDING_MODEL (at most `size - 1` bytes). */
static void sl_manifest__upper_snake(const char *name, size_t length, char *out, size_t size) {
  size_t at = 0;
  for (size_t i = 0; i < length && at + 2 < size; i++) {
    char c = name[i];
    if (isupper((unsigned char)c) && i > 0 && islower((unsigned char)name[i - 1])) out[at++] = '_';
    out[at++] = c == '-' || c == '.' ? '_' : (char)toupper((unsigned char)c);
  }
  out[at] = '\0';
}

/* Whether a mapping's key names a revision, a commit or a SHA (`revision`, `modelRevision`). */
static bool sl_manifest__has_revision_key(const SlYamlNode *mapping) {
  for (size_t i = 0; i < mapping->pair_count; i++) {
    const SlYamlNode *key = mapping->pairs[i].key;
    if (key->kind != SL_YAML_SCALAR) continue;
    char upper[128];
    sl_manifest__upper_snake(key->value, key->value_length, upper, sizeof upper);
    if (sl_manifest__names_revision(upper)) return true;
  }
  return false;
}

/* A hosted provider's model as LiteLLM and gateways name them (`openai/gpt-4o`,
 * `anthropic/claude-3-5-sonnet`): not a Hub repository. */
static bool sl_manifest__provider_model(const char *value) {
  static const char *const providers[] = {"openai/",      "anthropic/", "azure/",  "bedrock/",
                                          "vertex_ai/",   "gemini/",    "ollama/", "groq/",
                                          "together_ai/", "mistral/",   "cohere/", "hosted_vllm/"};
  for (size_t i = 0; i < sizeof providers / sizeof *providers; i++)
    if (strncmp(value, providers[i], strlen(providers[i])) == 0) return true;
  return false;
}

/* Settings outside a container's environment: a ConfigMap's `data` (`EMBEDDING_MODEL:
 * BAAI/bge-m3`) and a Helm values file's keys (`modelName: org/model`, or `name:` under a
 * `model:` key), holding a Hub id with no revision key beside it. */
static void sl_manifest__settings_visit(const SlYamlNode *mapping, const SlYamlNode *key,
                                        void *context) {
  const SlManifestScan *scan = context;
  if (sl_manifest__has_revision_key(mapping)) return;
  char parent[128] = "";
  if (key && key->kind == SL_YAML_SCALAR)
    sl_manifest__upper_snake(key->value, key->value_length, parent, sizeof parent);
  for (size_t i = 0; i < mapping->pair_count; i++) {
    const SlYamlNode *name = mapping->pairs[i].key, *value = mapping->pairs[i].value;
    if (name->kind != SL_YAML_SCALAR || !value || value->kind != SL_YAML_SCALAR) continue;
    char upper[128];
    sl_manifest__upper_snake(name->value, name->value_length, upper, sizeof upper);
    bool model =
        sl_command_model_variable(upper) ||
        (sl_command_model_variable(parent) &&
         (strcmp(upper, "NAME") == 0 || strcmp(upper, "ID") == 0 || strcmp(upper, "REPO") == 0));
    if (model && strstr(upper, "SERVED_MODEL") == NULL && sl_manifest__hub_id(value->value) &&
        !sl_manifest__provider_model(value->value))
      sl_manifest__emit(
          scan->emitter, scan->source, value, 0, value->value_length, value->value,
          "a Hub model named in the deployment's settings with no revision beside it");
  }
}

/* A Helm chart's values file: `values.yaml`, `values-prod.yaml`. */
static bool sl_manifest__values_file(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  return strncmp(name, "values", 6) == 0 &&
         (strstr(name, ".yaml") != NULL || strstr(name, ".yml") != NULL);
}

void sl_check_yaml_command_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!file->yaml) return;
  sl_check_each_container(file, sl_manifest__judge, emitter);
  SlManifestScan scan = {file->source, emitter};
  bool values = sl_manifest__values_file(file->source->path);
  for (size_t d = 0; d < sl_yaml_document_count(file->yaml); d++) {
    const SlYamlNode *root = sl_yaml_document_root(file->yaml, d);
    if (sl_yaml_scalar_is(sl_yaml_mapping_get(root, "kind"), "ConfigMap")) {
      const SlYamlNode *data = sl_yaml_mapping_get(root, "data");
      if (data && data->kind == SL_YAML_MAPPING) sl_manifest__settings_visit(data, NULL, &scan);
    } else if (values) {
      sl_yaml_each_mapping(root, sl_manifest__settings_visit, &scan);
    }
  }
}
