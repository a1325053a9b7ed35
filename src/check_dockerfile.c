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
 * `huggingface-cli download` without `--revision`).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/source.h"
#include "servelint/strbuf.h"

typedef SlVec(uint32_t) SlOffsetVec;

typedef struct {
  char *name;  /* owned */
  char *value; /* owned; NULL: declared without a default */
} SlDockerArg;

typedef struct {
  const SlSource *source;
  SlVec(SlDockerArg) args;
  SlStringVec stages; /* owned; `AS name` of earlier stages, lower-cased */
} SlDockerScan;

static SlSpan sl_docker__span(const SlSource *source, uint32_t start, uint32_t end) {
  uint32_t start_row = sl_source_row_of(source, start), end_row = sl_source_row_of(source, end);
  return (SlSpan){start_row + 1, start - source->line_starts[start_row] + 1,
                  end_row + 1,   end - source->line_starts[end_row] + 1,
                  start,         end};
}

/* The logical line starting at `*offset` (continuations joined with a space), with
 * `starts[i]` the source offset of its byte i. Advances `*offset` past it. */
static void sl_docker__logical_line(const SlSource *source, uint32_t *offset, SlStrbuf *line,
                                    SlOffsetVec *starts) {
  const char *bytes = source->bytes;
  uint32_t at = *offset, count = (uint32_t)source->byte_count;
  while (at < count) {
    uint32_t end = at;
    while (end < count && bytes[end] != '\n') end++;
    uint32_t content_end = end;
    if (content_end > at && bytes[content_end - 1] == '\r') content_end--;
    uint32_t trimmed = content_end;
    while (trimmed > at && isspace((unsigned char)bytes[trimmed - 1])) trimmed--;
    bool continued = trimmed > at && bytes[trimmed - 1] == '\\';
    uint32_t take_end = continued ? trimmed - 1 : content_end;
    for (uint32_t i = at; i < take_end; i++) {
      sl_strbuf_append(line, bytes + i, 1);
      sl_vec_push(starts, i);
    }
    at = end < count ? end + 1 : end;
    if (!continued) break;
    sl_strbuf_append(line, " ", 1);
    sl_vec_push(starts, take_end);
  }
  *offset = at;
}

/* Splits off the next whitespace-separated word of `text` at `*at`; false at the end. */
static bool sl_docker__word(const char *text, size_t *at, size_t *start, size_t *length) {
  while (text[*at] && isspace((unsigned char)text[*at])) (*at)++;
  if (!text[*at]) return false;
  *start = *at;
  while (text[*at] && !isspace((unsigned char)text[*at])) (*at)++;
  *length = *at - *start;
  return true;
}

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

/* Why `image` is not pinned, or NULL when it is. `latest` and its variants
 * (`latest-gpu`, `latest_cpu`) move with every push. */
static const char *sl_docker__unpinned(const char *image) {
  if (strchr(image, '@')) return NULL; /* a digest */
  const char *slash = strrchr(image, '/');
  const char *colon = strchr(slash ? slash : image, ':');
  if (!colon || !colon[1]) return "no tag, so Docker pulls `latest`";
  if (strncasecmp(colon + 1, "latest", 6) == 0 &&
      (colon[7] == '\0' || colon[7] == '-' || colon[7] == '_'))
    return "a `latest` tag moves with every push";
  return NULL;
}

static void sl_docker__arg(SlDockerScan *scan, const char *text, size_t at) {
  size_t start, length;
  if (!sl_docker__word(text, &at, &start, &length)) return;
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
                             size_t image_start, size_t image_length, const uint32_t *starts) {
  bool substituted;
  char *image = sl_docker__substitute(scan, text + image_start, image_length, &substituted);
  if (!image) return; /* a variable without a known value: decided elsewhere */
  const char *reason = strcasecmp(image, "scratch") == 0 || sl_docker__is_stage(scan, image)
                           ? NULL
                           : sl_docker__unpinned(image);
  if (reason) {
    SlStrbuf why = {0};
    if (substituted)
      sl_strbuf_printf(&why, "%s (after the ARG defaults)", reason);
    else
      sl_strbuf_puts(&why, reason);
    SlSpan span = sl_docker__span(scan->source, starts[image_start],
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
    if (!sl_docker__word(text, &at, &start, &length)) return;
  } while (length > 2 && text[start] == '-' && text[start + 1] == '-'); /* --platform=... */
  size_t image_start = start, image_length = length;
  size_t as_start, as_length, name_start, name_length;
  if (sl_docker__word(text, &at, &as_start, &as_length) && as_length == 2 &&
      strncasecmp(text + as_start, "as", 2) == 0 &&
      sl_docker__word(text, &at, &name_start, &name_length)) {
    char *stage = sl_strndup(text + name_start, name_length);
    for (char *c = stage; *c; c++) *c = (char)tolower((unsigned char)*c);
    sl_vec_push(&scan->stages, stage);
  }
  sl_docker__image(scan, emitter, text, image_start, image_length, starts);
}

/* `COPY --from=<image>` builds on that image as much as `FROM` does (the uv idiom,
 * `COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/`); a stage name or index is not an
 * image. */
static void sl_docker__copy_from(SlDockerScan *scan, SlNativeEmitter *emitter, const char *text,
                                 size_t at, const uint32_t *starts) {
  size_t start, length;
  while (sl_docker__word(text, &at, &start, &length) && length > 2 && text[start] == '-' &&
         text[start + 1] == '-') {
    if (length <= 7 || strncasecmp(text + start, "--from=", 7) != 0) continue;
    size_t image_start = start + 7, image_length = length - 7;
    bool index = true;
    for (size_t i = 0; i < image_length; i++)
      index = index && isdigit((unsigned char)text[image_start + i]);
    char *image = sl_strndup(text + image_start, image_length);
    bool stage = index || sl_docker__is_stage(scan, image);
    sl_free(image);
    if (!stage) sl_docker__image(scan, emitter, text, image_start, image_length, starts);
  }
}

/* The end of the token starting at `at` (whitespace, a quote, `;`, `&` or `|` ends it). */
static size_t sl_docker__token_end(const char *text, size_t at) {
  while (text[at] && !isspace((unsigned char)text[at]) && !strchr("\"';&|)", text[at])) at++;
  return at;
}

/* Python run from the instruction (`python -c "from huggingface_hub import
 * snapshot_download; snapshot_download(repo_id='org/model')"`) that downloads from the
 * Hub with no `revision` anywhere in the instruction: the call's name is the reference. */
static void sl_docker__python_fetch(const char *text, size_t *start, size_t *end,
                                    const char **what) {
  static const char *const calls[] = {"snapshot_download(", "hf_hub_download(", "from_pretrained(",
                                      "SentenceTransformer("};
  if (strstr(text, "revision")) return;
  for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
    const char *call = strstr(text, calls[i]);
    if (!call) continue;
    *start = (size_t)(call - text);
    *end = *start + strlen(calls[i]) - 1;
    *what = "a Hub download in Python without `revision=`";
    return;
  }
}

/* A `RUN` that fetches a Hugging Face repository at whatever its main branch holds:
 * `git clone https://huggingface.co/org/model` with no checkout of a commit in the same
 * instruction, `huggingface-cli download org/model` (or `hf download`) without
 * `--revision`. */
static void sl_docker__hub_fetch(const SlDockerScan *scan, SlNativeEmitter *emitter,
                                 const char *text, const uint32_t *starts) {
  const char *clone = strstr(text, "git clone");
  const char *url = clone ? strstr(clone, "huggingface.co/") : NULL;
  const char *download = strstr(text, "huggingface-cli download ");
  if (!download) download = strstr(text, "hf download ");
  size_t start = 0, end = 0;
  const char *what = NULL;
  if (url && !strstr(text, " checkout ") && !strstr(text, "reset --hard") &&
      !strstr(text, "--revision")) {
    start = (size_t)(url - text);
    while (start > 0 && !isspace((unsigned char)text[start - 1])) start--;
    end = sl_docker__token_end(text, (size_t)(url - text));
    what = "`git clone` of a Hugging Face repository, with no checkout of a commit";
  } else if (download && !strstr(text, "--revision")) {
    size_t at = (size_t)(strchr(download, 'd') - text); /* the word "download" */
    at += strlen("download");
    while (text[at] == ' ') at++;
    start = at;
    end = sl_docker__token_end(text, at);
    what = "a Hub download without `--revision`";
  }
  if (!what) sl_docker__python_fetch(text, &start, &end, &what);
  if (!what || end <= start || text[start] == '-') return;
  char *reference = sl_strndup(text + start, end - start);
  SlNativeVar vars[] = {{"reference", reference}, {"what", what}};
  SlNativeHit hit = {.span = sl_docker__span(scan->source, starts[start], starts[end - 1] + 1),
                     .vars = vars,
                     .var_count = 2};
  sl_native_emit(emitter, &hit);
  sl_free(reference);
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
  if (length == 3 && strncasecmp(keyword, "RUN", 3) == 0)
    sl_docker__hub_fetch(scan, emitter, text, starts);
}

static void sl_docker__walk(const SlNativeFile *file, SlNativeEmitter *emitter,
                            SlDockerVisit visit) {
  SlDockerScan scan = {file->source, {0}, {0}};
  SlStrbuf line = {0};
  SlOffsetVec starts = {0};
  for (uint32_t offset = 0; offset < file->source->byte_count;) {
    line.length = 0;
    if (line.data) line.data[0] = '\0';
    starts.count = 0;
    sl_docker__logical_line(file->source, &offset, &line, &starts);
    const char *text = sl_strbuf_cstr(&line);
    size_t at = 0, start, length;
    if (!sl_docker__word(text, &at, &start, &length) || text[start] == '#') continue;
    visit(&scan, emitter, text + start, length, text, at, starts.items);
  }
  for (size_t i = 0; i < scan.args.count; i++) {
    sl_free(scan.args.items[i].name);
    sl_free(scan.args.items[i].value);
  }
  sl_vec_delete(&scan.args);
  for (size_t i = 0; i < scan.stages.count; i++) sl_free(scan.stages.items[i]);
  sl_vec_delete(&scan.stages);
  sl_vec_delete(&starts);
  sl_strbuf_delete(&line);
}

void sl_check_dockerfile_hub_fetch(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_docker__walk(file, emitter, sl_docker__hub_fetch_visit);
}

void sl_check_dockerfile_base_image(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_docker__walk(file, emitter, sl_docker__base_image_visit);
}
