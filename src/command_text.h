/*
 * command_text: reading shell command text, as Dockerfile instructions and shell
 * scripts hold it: logical lines (a trailing `\` continues a line), words, and what a
 * command fetches without pinning it (a Hugging Face repository at its moving main
 * branch, a container image untagged or tagged `latest`).
 */
#ifndef SERVELINT_COMMAND_TEXT_H
#define SERVELINT_COMMAND_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "servelint/facts.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"
#include "servelint/vec.h"

typedef SlVec(uint32_t) SlOffsetVec;

/* The logical line starting at `*offset` (continuations joined with a space) appended to
 * `line`, with `starts[i]` the source offset of its byte i. Advances `*offset` past it. */
void sl_command_logical_line(const SlSource *source, uint32_t *offset, SlStrbuf *line,
                             SlOffsetVec *starts);

/* Calls `visit` for each logical line of `source` that holds a command (not blank, not a
 * `#` comment): `text` is the line, its first word is text[word_start, +word_length), and
 * `starts[i]` is the source offset of text[i]. */
typedef void (*SlCommandVisit)(void *context, const char *text, size_t word_start,
                               size_t word_length, const uint32_t *starts);
void sl_command_each_line(const SlSource *source, SlCommandVisit visit, void *context);

/* Splits off the next whitespace-separated word of `text` at `*at`; false at the end. */
bool sl_command_word(const char *text, size_t *at, size_t *start, size_t *length);

/* The span of source bytes [start, end). */
SlSpan sl_command_span(const SlSource *source, uint32_t start, uint32_t end);

/* Why `image` is not pinned (no tag, `latest` or a `latest-*` variant), or NULL when it
 * is (a digest or any other tag). */
const char *sl_command_image_unpinned(const char *image);

/* The words of a command, with the quotes, brackets and commas of exec form (`["vllm",
 * "serve", "org/model"]`) trimmed and a lone `\` (a continuation left in the text) skipped:
 * the next one from `*at`, in text[*start, +*length); false at the end. */
bool sl_command_bare_word(const char *text, size_t *at, size_t *start, size_t *length);

/* Whether text[0, length) can be a Hub id (`gpt2`, `org/model-v1.5`: a letter or digit
 * first, at most one `/`, not last): not a path (`/models/x`, `./x`), a variable
 * (`$MODEL`), a template or a stray word. */
bool sl_command_hub_id(const char *text, size_t length);

/* A Hugging Face repository fetched at whatever its main branch holds, in one command
 * line: `git clone https://huggingface.co/...` with no checkout of a commit,
 * `huggingface-cli download` / `hf download` without `--revision`, or Python run inline
 * that calls `snapshot_download(`, `hf_hub_download(`, `from_pretrained(` or
 * `SentenceTransformer(` with no `revision` in the line; a model server (vLLM,
 * text-generation-inference, SGLang) started on a Hub id with no `--revision`; or
 * `mlflow models serve` of a registry stage or `latest` (`models:/name/Production`); or
 * `ollama pull` / `ollama run` of a model with no tag or the `latest` tag.
 * Returns why (NULL: none), with text[*start, *end) the reference. */
const char *sl_command_hub_fetch(const char *text, size_t *start, size_t *end);

/* The image of the next `docker|podman run|create|pull` command in `text` at or after
 * `*at`: text[*start, *end). Options and their values are skipped; an image holding a
 * variable (`$IMAGE`) is no image. Advances `*at` past it; false when there is none. */
bool sl_command_container_image(const char *text, size_t *at, size_t *start, size_t *end);

/* Emits a finding at text[start, end) of a command line: `reference` is that text, `what`
 * why it is unpinned (the rules' message variables). */
void sl_command_emit_reference(SlNativeEmitter *emitter, const SlSource *source, const char *text,
                               const uint32_t *starts, size_t start, size_t end, const char *what);

/* Whether `name` (an environment variable, upper case) names a model: MODEL, MODEL_NAME,
 * MODEL_ID, MODEL_REPO, EMBEDDING_MODEL, RERANKER_MODEL_NAME, HF_MODEL. */
bool sl_command_model_variable(const char *name);

#endif
