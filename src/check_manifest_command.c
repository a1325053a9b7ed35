/*
 * check_manifest_command: yaml-command-unpinned-fetch, what a container started by a
 * manifest fetches or serves without pinning it. A Kubernetes container (or KServe,
 * Seldon, Ray spec) and a Compose service give their command line as `command:` and
 * `args:`, a string or a list of words; with the `image:` beside them it is one command
 * line, read as a shell script's line is (command_text.h): a model server started on a
 * Hub id without a revision (`vllm/vllm-openai` with `--model org/model`), a Hub download
 * without `--revision`, `mlflow models serve` of a registry stage. The finding points at
 * the word that names the reference.
 */
#include <string.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"
#include "servelint/yaml_tree.h"

/* The scalar words of `node` (a string or a list of strings) appended to `line`, each
 * word's node recorded at the byte where it starts. */
typedef struct {
  SlStrbuf line;
  SlVec(const SlYamlNode *) words; /* the node of each word, in order */
  SlVec(size_t) offsets;           /* where each word starts in `line` */
} SlManifestLine;

static void sl_manifest__append(SlManifestLine *command, const SlYamlNode *node) {
  if (!node) return;
  if (node->kind == SL_YAML_SEQUENCE) {
    for (size_t i = 0; i < node->item_count; i++) sl_manifest__append(command, node->items[i]);
    return;
  }
  if (node->kind != SL_YAML_SCALAR) return;
  if (command->line.length) sl_strbuf_puts(&command->line, " ");
  sl_vec_push(&command->offsets, command->line.length);
  sl_vec_push(&command->words, node);
  sl_strbuf_append(&command->line, node->value, node->value_length);
}

static void sl_manifest__judge(const SlYamlNode *container, const SlSource *source,
                               SlNativeEmitter *emitter) {
  const SlYamlNode *command_node = sl_yaml_mapping_get(container, "command");
  const SlYamlNode *args = sl_yaml_mapping_get(container, "args");
  if (!command_node && !args) return;
  SlManifestLine command = {0};
  sl_manifest__append(&command, sl_yaml_mapping_get(container, "image"));
  sl_manifest__append(&command, sl_yaml_mapping_get(container, "entrypoint"));
  sl_manifest__append(&command, command_node);
  sl_manifest__append(&command, args);
  size_t start, end;
  const char *text = sl_strbuf_cstr(&command.line);
  const char *what = text ? sl_command_hub_fetch(text, &start, &end) : NULL;
  if (what) {
    size_t word = 0;
    while (word + 1 < command.words.count && command.offsets.items[word + 1] <= start) word++;
    const SlYamlNode *node = command.words.items[word];
    size_t into = start - command.offsets.items[word];
    char *reference = sl_strndup(text + start, end - start);
    SlNativeVar vars[] = {{"reference", reference}, {"what", what}};
    /* a plain or single-line scalar: its text starts at the node's column (a quote
     * before it moves it one column on) */
    uint32_t column = node->column + (node->plain ? 0 : 1) + (uint32_t)into;
    uint32_t start_byte = source->line_starts[node->line - 1] + column - 1;
    SlNativeHit hit = {.span = {.line = node->line,
                                .column = column,
                                .end_line = node->line,
                                .end_column = column + (uint32_t)(end - start),
                                .start_byte = start_byte,
                                .end_byte = start_byte + (uint32_t)(end - start)},
                       .vars = vars,
                       .var_count = 2};
    sl_native_emit(emitter, &hit);
    sl_free(reference);
  }
  sl_strbuf_delete(&command.line);
  sl_vec_delete(&command.words);
  sl_vec_delete(&command.offsets);
}

static void sl_manifest__walk(const SlYamlNode *node, const SlSource *source,
                              SlNativeEmitter *emitter, unsigned depth) {
  if (!node || depth > 32) return; /* manifests nest a dozen levels; aliases could loop */
  if (node->kind == SL_YAML_SEQUENCE) {
    for (size_t i = 0; i < node->item_count; i++)
      sl_manifest__walk(node->items[i], source, emitter, depth + 1);
    return;
  }
  if (node->kind != SL_YAML_MAPPING) return;
  if (sl_yaml_mapping_get(node, "image")) sl_manifest__judge(node, source, emitter);
  for (size_t i = 0; i < node->pair_count; i++)
    sl_manifest__walk(node->pairs[i].value, source, emitter, depth + 1);
}

void sl_check_yaml_command_unpinned_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!file->yaml) return;
  for (size_t d = 0; d < sl_yaml_document_count(file->yaml); d++)
    sl_manifest__walk(sl_yaml_document_root(file->yaml, d), file->source, emitter, 0);
}
