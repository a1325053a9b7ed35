/* command_text: logical lines, words and unpinned fetches in shell command text. */
#include "command_text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"

SlSpan sl_command_span(const SlSource *source, uint32_t start, uint32_t end) {
  uint32_t start_row = sl_source_row_of(source, start), end_row = sl_source_row_of(source, end);
  return (SlSpan){start_row + 1, start - source->line_starts[start_row] + 1,
                  end_row + 1,   end - source->line_starts[end_row] + 1,
                  start,         end};
}

void sl_command_logical_line(const SlSource *source, uint32_t *offset, SlStrbuf *line,
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

bool sl_command_word(const char *text, size_t *at, size_t *start, size_t *length) {
  while (text[*at] && isspace((unsigned char)text[*at])) (*at)++;
  if (!text[*at]) return false;
  *start = *at;
  while (text[*at] && !isspace((unsigned char)text[*at])) (*at)++;
  *length = *at - *start;
  return true;
}

void sl_command_each_line(const SlSource *source, SlCommandVisit visit, void *context) {
  SlStrbuf line = {0};
  SlOffsetVec starts = {0};
  for (uint32_t offset = 0; offset < source->byte_count;) {
    line.length = 0;
    if (line.data) line.data[0] = '\0';
    starts.count = 0;
    sl_command_logical_line(source, &offset, &line, &starts);
    const char *text = sl_strbuf_cstr(&line);
    size_t at = 0, start, length;
    if (!sl_command_word(text, &at, &start, &length) || text[start] == '#') continue;
    visit(context, text, start, length, starts.items);
  }
  sl_vec_delete(&starts);
  sl_strbuf_delete(&line);
}

const char *sl_command_image_unpinned(const char *image) {
  if (strchr(image, '@')) return NULL; /* a digest */
  const char *slash = strrchr(image, '/');
  const char *colon = strchr(slash ? slash : image, ':');
  if (!colon || !colon[1]) return "no tag, so Docker pulls `latest`";
  /* `latest`, or a variant naming it among its words: `latest-gpu`, `2-latest`. */
  for (const char *word = colon + 1; *word;) {
    size_t length = strcspn(word, "-_.");
    if (length == 6 && strncasecmp(word, "latest", 6) == 0)
      return "a `latest` tag moves with every push";
    word += length;
    if (*word) word++;
  }
  return NULL;
}

/* The end of the token starting at `at` (whitespace, a quote, `;`, `&` or `|` ends it). */
static size_t sl_command__token_end(const char *text, size_t at) {
  while (text[at] && !isspace((unsigned char)text[at]) && !strchr("\"';&|)", text[at])) at++;
  return at;
}

/* Python run from the instruction (`python -c "from huggingface_hub import
 * snapshot_download; snapshot_download(repo_id='org/model')"`) that downloads from the
 * Hub with no `revision` anywhere in the instruction: the call's name is the reference. */
static void sl_command__python_fetch(const char *text, size_t *start, size_t *end,
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

bool sl_command_bare_word(const char *text, size_t *at, size_t *start, size_t *length) {
  while (sl_command_word(text, at, start, length)) {
    while (*length && strchr("[\"',", text[*start])) (*start)++, (*length)--;
    while (*length && strchr("]\"',", text[*start + *length - 1])) (*length)--;
    if (*length && !(*length == 1 && text[*start] == '\\')) return true; /* `\` continues */
  }
  return false;
}

bool sl_command_hub_id(const char *text, size_t length) {
  if (!isalnum((unsigned char)text[0])) return false;
  size_t slashes = 0;
  for (size_t i = 0; i < length; i++) {
    if (text[i] == '/')
      slashes++;
    else if (!isalnum((unsigned char)text[i]) && !strchr("._-", text[i]))
      return false;
  }
  return slashes <= 1 && text[length - 1] != '/';
}

/* A model server started on a Hub id with no revision: `vllm serve org/model`,
 * `--model org/model` / `--model-id` / `--model_id` / `--model-path` (`--model=...`) on a
 * vLLM, text-generation-inference or SGLang command line (its image named in it, for a
 * manifest's container). A path (`/models/x`, `./x`), a
 * variable (`$MODEL`) or a template is not a Hub id. */
static const char *sl_command__server_model(const char *text, size_t *start, size_t *end) {
  static const char *const servers[] = {"vllm", "text-generation-launcher", "sglang", NULL};
  static const char *const options[] = {"--model", "--model-id", "--model_id", "--model-path",
                                        NULL};
  bool server = false;
  for (size_t i = 0; servers[i]; i++) server = server || strstr(text, servers[i]) != NULL;
  if (!server || strstr(text, "revision")) return NULL; /* --revision, --model_revision */
  size_t word, length, previous = 0, previous_length = 0;
  bool after_vllm = false, after_vllm_serve = false;
  for (size_t at = 0; sl_command_bare_word(text, &at, &word, &length);) {
    size_t value = word, value_length = 0;
    bool after_serve = after_vllm_serve;
    after_vllm_serve = after_vllm && length == 5 && strncmp(text + word, "serve", 5) == 0;
    after_vllm = (length == 4 && strncmp(text + word, "vllm", 4) == 0) ||
                 (length > 5 && strncmp(text + word + length - 5, "/vllm", 5) == 0);
    for (size_t i = 0; options[i] && !value_length; i++) {
      size_t option = strlen(options[i]);
      if (previous_length == option && strncmp(text + previous, options[i], option) == 0)
        value_length = length;
      else if (length > option + 1 && strncmp(text + word, options[i], option) == 0 &&
               text[word + option] == '=')
        value = word + option + 1, value_length = length - option - 1;
    }
    if (after_serve && text[word] != '-') value_length = length;
    if (value_length && sl_command_hub_id(text + value, value_length)) {
      *start = value;
      *end = value + value_length;
      return "a model server started on a Hub model with no `--revision`";
    }
    previous = word, previous_length = length;
  }
  return NULL;
}

/* `ollama pull llama3` / `ollama run llama3:latest`: a library model with no tag, or the
 * `latest` tag, which Ollama moves to each new release of the family. */
static const char *sl_command__ollama_pull(const char *text, size_t *start, size_t *end) {
  static const char *const verbs[] = {"ollama pull ", "ollama run "};
  for (size_t v = 0; v < 2; v++)
    for (const char *at = strstr(text, verbs[v]); at; at = strstr(at + 1, verbs[v])) {
      size_t from = (size_t)(at - text) + strlen(verbs[v]);
      while (text[from] == ' ') from++;
      size_t to = sl_command__token_end(text, from);
      while (to > from && strchr("],", text[to - 1])) to--;
      if (to <= from || !isalnum((unsigned char)text[from])) continue;
      const char *colon = memchr(text + from, ':', to - from);
      if (!colon || ((size_t)(text + to - colon) == 7 && strncmp(colon, ":latest", 7) == 0)) {
        *start = from;
        *end = to;
        return "an Ollama model with no tag or the `latest` tag, which moves with each release";
      }
    }
  return NULL;
}

/* `mlflow models serve -m models:/name/Production` (or a stage, `latest`): the server
 * loads whatever version the registry points at when it starts. */
static const char *sl_command__mlflow_serve(const char *text, size_t *start, size_t *end) {
  static const char *const moving[] = {"production", "staging", "latest", "archived", "none", NULL};
  if (!strstr(text, "mlflow")) return NULL;
  for (const char *uri = strstr(text, "models:/"); uri; uri = strstr(uri + 1, "models:/")) {
    size_t from = (size_t)(uri - text), to = sl_command__token_end(text, from);
    while (to > from && strchr("],", text[to - 1])) to--;
    const char *slash = memchr(uri + 8, '/', to - from - 8);
    if (!slash) continue;
    size_t tail = to - (size_t)(slash + 1 - text);
    for (size_t i = 0; moving[i]; i++)
      if (tail == strlen(moving[i]) && strncasecmp(slash + 1, moving[i], tail) == 0) {
        *start = from;
        *end = to;
        return "an MLflow registry stage or `latest`, not a model version";
      }
  }
  return NULL;
}

static bool sl_command__is(const char *text, size_t start, size_t length, const char *const *words);

/* Whether the line only prints a message (`echo "huggingface-cli download failed"`,
 * a script's own `error` / `info` helpers): what it names is not run. */
static bool sl_command__message(const char *text) {
  static const char *const printers[] = {"echo",    "printf", "error", "info", "warn",
                                         "warning", "log",    "die",   "fail", "msg",
                                         "print",   "debug",  NULL};
  size_t at = 0, start, length;
  if (!sl_command_word(text, &at, &start, &length)) return false;
  return sl_command__is(text, start, length, printers);
}

const char *sl_command_hub_fetch(const char *text, size_t *start, size_t *end) {
  if (sl_command__message(text)) return NULL;
  const char *clone = strstr(text, "git clone");
  const char *url = clone ? strstr(clone, "huggingface.co/") : NULL;
  const char *download = strstr(text, "huggingface-cli download ");
  if (!download) download = strstr(text, "hf download ");
  const char *what = NULL;
  *start = *end = 0;
  if (url && !strstr(text, " checkout ") && !strstr(text, "reset --hard") &&
      !strstr(text, "--revision")) {
    *start = (size_t)(url - text);
    while (*start > 0 && !isspace((unsigned char)text[*start - 1])) (*start)--;
    *end = sl_command__token_end(text, (size_t)(url - text));
    what = "`git clone` of a Hugging Face repository, with no checkout of a commit";
  } else if (download && !strstr(text, "--revision")) {
    size_t at = (size_t)(strchr(download, 'd') - text); /* the word "download" */
    at += strlen("download");
    while (text[at] == ' ') at++;
    *start = at;
    *end = sl_command__token_end(text, at);
    what = "a Hub download without `--revision`";
  }
  if (!what) sl_command__python_fetch(text, start, end, &what);
  if (!what) what = sl_command__server_model(text, start, end);
  if (!what) what = sl_command__mlflow_serve(text, start, end);
  if (!what) what = sl_command__ollama_pull(text, start, end);
  if (!what || *end <= *start || text[*start] == '-') return NULL;
  return what;
}

/* Options of `docker run` / `create` that take no value; every other option is taken
 * to take one (`-p 8080:80`, `--gpus all`) unless written `--option=value` or with the
 * value attached (`-p8080:80`). Short flags may be combined (`-it`, `-dit`). */
static bool sl_command__flag_alone(const char *word, size_t length) {
  static const char *const flags[] = {"--rm",    "--detach",     "--interactive", "--tty",
                                      "--init",  "--privileged", "--read-only",   "--help",
                                      "--quiet", "--all-tags",   "--publish-all"};
  if (memchr(word, '=', length)) return true;
  if (length >= 2 && word[1] != '-') {
    bool all_flags = true;
    for (size_t i = 1; i < length; i++) all_flags = all_flags && strchr("ditPqa", word[i]);
    /* `-it` combines flags; `-p8080:80` carries its value; `-p` takes the next word */
    return all_flags || length > 2;
  }
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
    if (strlen(flags[i]) == length && strncmp(word, flags[i], length) == 0) return true;
  return false;
}

/* Opening minus closing parentheses in word[0, length). */
static int sl_command__paren_depth(const char *word, size_t length) {
  int depth = 0;
  for (size_t i = 0; i < length; i++) depth += (word[i] == '(') - (word[i] == ')');
  return depth;
}

/* Whether text[start, +length) is one of `words` (a NULL-terminated list). */
static bool sl_command__is(const char *text, size_t start, size_t length,
                           const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == length && strncmp(text + start, *words, length) == 0) return true;
  return false;
}

bool sl_command_container_image(const char *text, size_t *at, size_t *start, size_t *end) {
  static const char *const engines[] = {"docker", "podman", "nerdctl", NULL};
  static const char *const verbs[] = {"run", "create", "pull", NULL};
  size_t word_start, length;
  while (sl_command_word(text, at, &word_start, &length)) {
    if (!sl_command__is(text, word_start, length, engines)) continue;
    size_t verb_at = *at, verb_start, verb_length;
    if (!sl_command_word(text, &verb_at, &verb_start, &verb_length) ||
        !sl_command__is(text, verb_start, verb_length, verbs))
      continue;
    *at = verb_at;
    /* the image: the first word that is neither an option nor an option's value */
    while (sl_command_word(text, at, &word_start, &length)) {
      if (text[word_start] != '-') break;
      bool alone = sl_command__flag_alone(text + word_start, length);
      int depth = sl_command__paren_depth(text + word_start, length);
      if (!alone && sl_command_word(text, at, &word_start, &length)) /* the option's value */
        depth += sl_command__paren_depth(text + word_start, length);
      /* a value holding `$(expr $PORT + 1)` spans words up to its closing parenthesis */
      while (depth > 0 && sl_command_word(text, at, &word_start, &length))
        depth += sl_command__paren_depth(text + word_start, length);
      length = 0;
    }
    if (!length) return false;
    size_t stop = sl_command__token_end(text, word_start);
    /* a variable (`$IMAGE`) or a placeholder (`{image name}`, `<image>`) is no image */
    if (stop == word_start || memchr(text + word_start, '$', stop - word_start) ||
        memchr(text + word_start, '{', stop - word_start) ||
        memchr(text + word_start, '<', stop - word_start))
      continue;
    *start = word_start;
    *end = stop;
    return true;
  }
  return false;
}

void sl_command_emit_reference(SlNativeEmitter *emitter, const SlSource *source, const char *text,
                               const uint32_t *starts, size_t start, size_t end, const char *what) {
  char *reference = sl_strndup(text + start, end - start);
  SlNativeVar vars[] = {{"reference", reference}, {"what", what}};
  SlNativeHit hit = {.span = sl_command_span(source, starts[start], starts[end - 1] + 1),
                     .vars = vars,
                     .var_count = 2};
  sl_native_emit(emitter, &hit);
  sl_free(reference);
}

bool sl_command_model_variable(const char *name) {
  const char *model = strstr(name, "MODEL");
  if (!model) return false;
  const char *rest = model + 5;
  return *rest == '\0' || strcmp(rest, "_NAME") == 0 || strcmp(rest, "_ID") == 0 ||
         strcmp(rest, "_REPO") == 0;
}
