/*
 * check_dockerfile: base images a Dockerfile builds on without pinning them. A `FROM`
 * with no tag pulls `latest`, as does the tag `latest`: the image the service runs on
 * then changes with the next pull, under the same Dockerfile. A digest (`@sha256:...`)
 * or any other tag is taken as pinned (a version tag is mutable too, but it names a
 * release; flagging every tag would flag every Dockerfile).
 *
 * The file is read as Docker does, line by line: `\` continues an instruction, `#`
 * starts a comment line, instruction names are case-insensitive. `ARG` defaults are
 * substituted into `FROM` (`${BASE}`, `$BASE`, `${TAG:-latest}`); an image that still
 * holds a variable is left alone, as are `scratch` and earlier build stages
 * (`FROM builder`). `COPY --from=<image>` is read like a `FROM`.
 *
 * A second check reads `RUN` instructions for Hugging Face repositories fetched at
 * their moving main branch (`git clone https://huggingface.co/...` without a checkout,
 * `huggingface-cli download` without `--revision`), and a third `CMD` / `ENTRYPOINT` for
 * development web servers started as the service (`flask run`, `runserver`, `--reload`).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "command_text.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"

typedef struct {
  char *name;  /* owned */
  char *value; /* owned; NULL: declared without a default */
} SlDockerArg;

typedef struct {
  const SlSource *source;
  SlVec(SlDockerArg) args;
  SlStringVec stages; /* owned; `AS name` of earlier stages, lower-cased */
} SlDockerScan;

static const char *sl_docker__arg_value(const SlDockerScan *scan, const char *name, size_t length,
                                        bool *declared) {
  *declared = false;
  const char *value = NULL;
  for (size_t i = 0; i < scan->args.count; i++)
    if (strlen(scan->args.items[i].name) == length &&
        strncmp(scan->args.items[i].name, name, length) == 0) {
      *declared = true;
      value = scan->args.items[i].value; /* the last declaration wins */
    }
  return value;
}

/* `image` with ARG defaults substituted; NULL when a variable has no known value.
 * Sets *substituted when a variable was replaced. */
static char *sl_docker__substitute(const SlDockerScan *scan, const char *image, size_t length,
                                   bool *substituted) {
  SlStrbuf out = {0};
  *substituted = false;
  for (size_t i = 0; i < length;) {
    if (image[i] != '$') {
      sl_strbuf_append(&out, image + i, 1);
      i++;
      continue;
    }
    bool braced = i + 1 < length && image[i + 1] == '{';
    size_t name_start = i + 1 + braced, name_end = name_start;
    while (name_end < length && (isalnum((unsigned char)image[name_end]) || image[name_end] == '_'))
      name_end++;
    const char *fallback = NULL;
    size_t fallback_length = 0, next = name_end;
    if (braced) {
      const char *close = memchr(image + name_end, '}', length - name_end);
      if (!close) break;
      if (name_end + 1 < length && image[name_end] == ':' && image[name_end + 1] == '-') {
        fallback = image + name_end + 2;
        fallback_length = (size_t)(close - fallback);
      }
      next = (size_t)(close - image) + 1;
    }
    bool declared;
    const char *value =
        sl_docker__arg_value(scan, image + name_start, name_end - name_start, &declared);
    if (value && *value)
      sl_strbuf_puts(&out, value);
    else if (fallback)
      sl_strbuf_append(&out, fallback, fallback_length);
    else {
      sl_strbuf_delete(&out);
      return NULL;
    }
    *substituted = true;
    i = next;
  }
  return sl_strbuf_take(&out);
}

static void sl_docker__arg(SlDockerScan *scan, const char *text, size_t at) {
  size_t start, length;
  if (!sl_command_word(text, &at, &start, &length)) return;
  const char *equals = memchr(text + start, '=', length);
  size_t name_length = equals ? (size_t)(equals - (text + start)) : length;
  SlDockerArg arg = {sl_strndup(text + start, name_length), NULL};
  if (equals) {
    const char *value = equals + 1;
    size_t value_length = length - name_length - 1;
    if (value_length >= 2 && (value[0] == '"' || value[0] == '\'') &&
        value[value_length - 1] == value[0])
      value++, value_length -= 2;
    /* A default may use earlier ARGs (`ARG BASE=$OWNER/notebook`). */
    bool substituted;
    arg.value = sl_docker__substitute(scan, value, value_length, &substituted);
    if (!arg.value) arg.value = sl_strndup(value, value_length);
  }
  sl_vec_push(&scan->args, arg);
}

static bool sl_docker__is_stage(const SlDockerScan *scan, const char *image) {
  for (size_t i = 0; i < scan->stages.count; i++)
    if (strcasecmp(scan->stages.items[i], image) == 0) return true;
  return false;
}

/* Reports the image at text[image_start, +image_length) when it is not pinned. */
static void sl_docker__image(SlDockerScan *scan, SlNativeEmitter *emitter, const char *text,
                             size_t image_start, size_t image_length, const uint32_t *starts,
                             const char *how) {
  bool substituted;
  char *image = sl_docker__substitute(scan, text + image_start, image_length, &substituted);
  if (!image) return; /* a variable without a known value: decided elsewhere */
  const char *reason = strcasecmp(image, "scratch") == 0 || sl_docker__is_stage(scan, image)
                           ? NULL
                           : sl_command_image_unpinned(image);
  if (reason) {
    SlStrbuf why = {0};
    sl_strbuf_puts(&why, reason);
    if (substituted) sl_strbuf_puts(&why, " (after the ARG defaults)");
    if (how) sl_strbuf_printf(&why, " (%s)", how);
    SlSpan span = sl_command_span(scan->source, starts[image_start],
                                  starts[image_start + image_length - 1] + 1);
    SlNativeVar vars[] = {{"image", image}, {"reason", sl_strbuf_cstr(&why)}};
    SlNativeHit hit = {.span = span, .vars = vars, .var_count = 2};
    sl_native_emit(emitter, &hit);
    sl_strbuf_delete(&why);
  }
  sl_free(image);
}

static void sl_docker__from(SlDockerScan *scan, SlNativeEmitter *emitter, const char *text,
                            size_t at, const uint32_t *starts) {
  size_t start, length;
  do {
    if (!sl_command_word(text, &at, &start, &length)) return;
  } while (length > 2 && text[start] == '-' && text[start + 1] == '-'); /* --platform=... */
  size_t image_start = start, image_length = length;
  size_t as_start, as_length, name_start, name_length;
  if (sl_command_word(text, &at, &as_start, &as_length) && as_length == 2 &&
      strncasecmp(text + as_start, "as", 2) == 0 &&
      sl_command_word(text, &at, &name_start, &name_length)) {
    char *stage = sl_strndup(text + name_start, name_length);
    for (char *c = stage; *c; c++) *c = (char)tolower((unsigned char)*c);
    sl_vec_push(&scan->stages, stage);
  }
  sl_docker__image(scan, emitter, text, image_start, image_length, starts, NULL);
}

/* `COPY --from=<image>` builds on that image as much as `FROM` does (the uv idiom,
 * `COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/`); a stage name or index is not an
 * image. */
static void sl_docker__copy_from(SlDockerScan *scan, SlNativeEmitter *emitter, const char *text,
                                 size_t at, const uint32_t *starts) {
  size_t start, length;
  while (sl_command_word(text, &at, &start, &length) && length > 2 && text[start] == '-' &&
         text[start + 1] == '-') {
    if (length <= 7 || strncasecmp(text + start, "--from=", 7) != 0) continue;
    size_t image_start = start + 7, image_length = length - 7;
    bool index = true;
    for (size_t i = 0; i < image_length; i++)
      index = index && isdigit((unsigned char)text[image_start + i]);
    char *image = sl_strndup(text + image_start, image_length);
    bool stage = index || sl_docker__is_stage(scan, image);
    sl_free(image);
    if (!stage)
      sl_docker__image(scan, emitter, text, image_start, image_length, starts,
                       "files are copied from it with COPY --from");
  }
}

/* A `RUN` that fetches a Hugging Face repository at whatever its main branch holds, or a
 * `CMD` / `ENTRYPOINT` that starts a model server on one (command_text.h). */
static void sl_docker__hub_fetch(const SlDockerScan *scan, SlNativeEmitter *emitter,
                                 const char *text, const uint32_t *starts) {
  size_t start, end;
  const char *what = sl_command_hub_fetch(text, &start, &end);
  if (what) sl_command_emit_reference(emitter, scan->source, text, starts, start, end, what);
}

/* Whether text[start, +length) is `word`. */
static bool sl_docker__word_is(const char *text, size_t start, size_t length, const char *word) {
  return length == strlen(word) && strncmp(text + start, word, length) == 0;
}

/* The development server a `CMD` / `ENTRYPOINT` starts, or NULL, with text[*start, *end)
 * the words that say so: `flask run`, `python -m flask run`, `manage.py runserver`,
 * `fastapi dev`, `uvicorn ... --reload`. Exec form (`["flask", "run"]`) reads the same
 * (sl_command_bare_word). */
static const char *sl_docker__dev_server(const char *text, size_t at, size_t *start, size_t *end) {
  size_t previous = 0, previous_length = 0, word, length;
  bool uvicorn = false;
  for (size_t cursor = at; sl_command_bare_word(text, &cursor, &word, &length);) {
    bool after_flask = sl_docker__word_is(text, previous, previous_length, "flask");
    bool after_fastapi = sl_docker__word_is(text, previous, previous_length, "fastapi");
    const char *what = NULL;
    if (after_flask && sl_docker__word_is(text, word, length, "run"))
      what = "Flask's development server (`flask run`)";
    else if (after_fastapi && sl_docker__word_is(text, word, length, "dev"))
      what = "`fastapi dev`, the auto-reloading development server";
    else if (sl_docker__word_is(text, word, length, "runserver"))
      what = "Django's development server (`runserver`)";
    else if (uvicorn && (sl_docker__word_is(text, word, length, "--reload") ||
                         strncmp(text + word, "--reload=", 9) == 0))
      what = "uvicorn with `--reload`, a file watcher restarting one development process";
    if (what) {
      *start = after_flask || after_fastapi ? previous : word;
      *end = word + length;
      return what;
    }
    uvicorn |= sl_docker__word_is(text, word, length, "uvicorn") ||
               (length > 8 && strncmp(text + word + length - 8, "/uvicorn", 8) == 0);
    previous = word, previous_length = length;
  }
  return NULL;
}

static void sl_docker__dev_server_visit(SlDockerScan *scan, SlNativeEmitter *emitter,
                                        const char *keyword, size_t length, const char *text,
                                        size_t at, const uint32_t *starts) {
  if (!((length == 3 && strncasecmp(keyword, "CMD", 3) == 0) ||
        (length == 10 && strncasecmp(keyword, "ENTRYPOINT", 10) == 0)))
    return;
  size_t start, end;
  const char *what = sl_docker__dev_server(text, at, &start, &end);
  if (what) sl_command_emit_reference(emitter, scan->source, text, starts, start, end, what);
}

/* Walks the logical lines of a Dockerfile, handing each instruction to `visit`. */
typedef void (*SlDockerVisit)(SlDockerScan *scan, SlNativeEmitter *emitter, const char *keyword,
                              size_t keyword_length, const char *text, size_t at,
                              const uint32_t *starts);

static void sl_docker__base_image_visit(SlDockerScan *scan, SlNativeEmitter *emitter,
                                        const char *keyword, size_t length, const char *text,
                                        size_t at, const uint32_t *starts) {
  if (length == 3 && strncasecmp(keyword, "ARG", 3) == 0)
    sl_docker__arg(scan, text, at);
  else if (length == 4 && strncasecmp(keyword, "FROM", 4) == 0)
    sl_docker__from(scan, emitter, text, at, starts);
  else if (length == 4 && strncasecmp(keyword, "COPY", 4) == 0)
    sl_docker__copy_from(scan, emitter, text, at, starts);
}

static void sl_docker__hub_fetch_visit(SlDockerScan *scan, SlNativeEmitter *emitter,
                                       const char *keyword, size_t length, const char *text,
                                       size_t at, const uint32_t *starts) {
  (void)at;
  if ((length == 3 && strncasecmp(keyword, "RUN", 3) == 0) ||
      (length == 3 && strncasecmp(keyword, "CMD", 3) == 0) ||
      (length == 10 && strncasecmp(keyword, "ENTRYPOINT", 10) == 0))
    sl_docker__hub_fetch(scan, emitter, text, starts);
}

typedef struct {
  SlDockerScan *scan;
  SlNativeEmitter *emitter;
  SlDockerVisit visit;
} SlDockerWalk;

static void sl_docker__visit_line(void *context, const char *text, size_t word_start,
                                  size_t word_length, const uint32_t *starts) {
  SlDockerWalk *walk = context;
  walk->visit(walk->scan, walk->emitter, text + word_start, word_length, text,
              word_start + word_length, starts);
}

static void sl_docker__walk(const SlNativeFile *file, SlNativeEmitter *emitter,
                            SlDockerVisit visit) {
  SlDockerScan scan = {file->source, {0}, {0}};
  SlDockerWalk walk = {&scan, emitter, visit};
  sl_command_each_line(file->source, sl_docker__visit_line, &walk);
  for (size_t i = 0; i < scan.args.count; i++) {
    sl_free(scan.args.items[i].name);
    sl_free(scan.args.items[i].value);
  }
  sl_vec_delete(&scan.args);
  for (size_t i = 0; i < scan.stages.count; i++) sl_free(scan.stages.items[i]);
  sl_vec_delete(&scan.stages);
}

void sl_check_dockerfile_hub_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_docker__walk(file, emitter, sl_docker__hub_fetch_visit);
}

void sl_check_dockerfile_base_image(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_docker__walk(file, emitter, sl_docker__base_image_visit);
}

void sl_check_dockerfile_dev_server(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_docker__walk(file, emitter, sl_docker__dev_server_visit);
}
