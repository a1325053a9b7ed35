/*
 * test_cli_json: runs the built binary (SL_BINARY) and reads its JSON report back with
 * cJSON: the schema (every key, its type and order), the summary's counts, the order
 * and fingerprints of findings, and the exact findings of fixtures/churn-service, each
 * checked against the fixture's source line.
 */
#include <cJSON.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

typedef struct {
  char *out;  /* stdout, NUL-terminated; owned */
  char *err;  /* stderr; owned */
  int status; /* exit status, or -1 when the process did not exit normally */
} Run;

static char *read_stream(FILE *stream) {
  size_t size = 0, capacity = 4096;
  char *data = malloc(capacity);
  for (size_t got; (got = fread(data + size, 1, capacity - size - 1, stream)) > 0;) {
    size += got;
    if (capacity - size < 2) data = realloc(data, capacity *= 2);
  }
  data[size] = '\0';
  return data;
}

/* Runs `servelint ARGS` (ARGS is shell text) with NO_COLOR=1, stderr captured. */
static Run run(const char *args) {
  char err_path[] = "/tmp/servelint-cli-json-XXXXXX";
  int fd = mkstemp(err_path);
  Run result = {NULL, NULL, -1};
  if (fd < 0) {
    perror("mkstemp");
    result.out = calloc(1, 1);
    result.err = calloc(1, 1);
    return result;
  }
  close(fd);
  size_t length = strlen(SL_BINARY) + strlen(args) + strlen(err_path) + 64;
  char *command = malloc(length);
  snprintf(command, length, "NO_COLOR=1 '%s' %s 2>'%s'", SL_BINARY, args, err_path);
  FILE *pipe = popen(command, "r");
  if (!pipe) {
    perror("popen");
    result.out = calloc(1, 1);
  } else {
    result.out = read_stream(pipe);
    int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  FILE *err = fopen(err_path, "r");
  result.err = err ? read_stream(err) : calloc(1, 1);
  if (err) fclose(err);
  unlink(err_path);
  if (result.err[0]) fprintf(stderr, "[%s] stderr:\n%s\n", command, result.err);
  free(command);
  return result;
}

static void run_clear(Run *result) {
  free(result->out);
  free(result->err);
}

/* Parses the whole of stdout; reports where a parse failed. */
static cJSON *parse(const Run *result, const char *what) {
  cJSON *json = cJSON_Parse(result->out);
  if (!json)
    fprintf(stderr, "%s: stdout is not JSON (exit %d, %zu bytes): %.200s\n", what, result->status,
            strlen(result->out), result->out);
  return json;
}

static const char *string_of(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* -1 when absent or not a number. */
static double number_of(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsNumber(item) ? item->valuedouble : -1;
}

static bool is_integer(const cJSON *item) {
  return cJSON_IsNumber(item) && item->valuedouble == (double)(long)item->valuedouble;
}

/* Whether `object` has exactly `keys` (NULL-terminated), in that order. */
static bool has_keys_in_order(const cJSON *object, const char *const *keys) {
  if (!cJSON_IsObject(object)) return false;
  const cJSON *child = object->child;
  for (size_t i = 0; keys[i]; i++, child = child->next)
    if (!child || strcmp(child->string, keys[i]) != 0) {
      fprintf(stderr, "  expected key '%s', found '%s'\n", keys[i],
              child ? child->string : "(end)");
      return false;
    }
  if (child) fprintf(stderr, "  unexpected extra key '%s'\n", child->string);
  return child == NULL;
}

/* Line `line` (1-based) of the file at `path`, without its newline; caller frees. */
static char *source_line(const char *path, long line) {
  FILE *file = fopen(path, "r");
  if (!file) return NULL;
  char buffer[1024];
  char *found = NULL;
  for (long number = 1; fgets(buffer, sizeof buffer, file); number++) {
    if (number != line) continue;
    buffer[strcspn(buffer, "\n")] = '\0';
    found = strdup(buffer);
    break;
  }
  fclose(file);
  return found;
}

static const char *const FINDING_KEYS[] = {"rule_id",    "rule_name",  "family",      "severity",
                                           "confidence", "path",       "line",        "column",
                                           "end_line",   "end_column", "message",     "risk",
                                           "fix",        "snippet",    "fingerprint", NULL};
static const char *const FINDING_STRINGS[] = {"rule_id",    "rule_name", "family",      "severity",
                                              "confidence", "path",      "message",     "risk",
                                              "fix",        "snippet",   "fingerprint", NULL};
static const char *const FINDING_NUMBERS[] = {"line", "column", "end_line", "end_column", NULL};
static const char *const SEVERITIES[] = {"high", "medium", "low", "info", NULL};
static const char *const FAMILIES[] = {"pinning",
                                       "preprocessing-parity",
                                       "inference-mode",
                                       "batching",
                                       "timeouts-concurrency",
                                       "validation-errors",
                                       "rollout-rollback",
                                       "monitoring",
                                       "security",
                                       NULL};

/* Every finding of fixtures/churn-service, in report order. Each is a defect the
 * fixture has on purpose:
 *   app/main.py:15:9    load_model("models:/churn-classifier/Production"), a stage URI ("Defect"
 * comment, line 14); the whole load call is reported app/main.py:21:13
 * AutoTokenizer.from_pretrained("acme/support-notes-tokenizer", ...) with no revision=: the Hub's
 * main branch, which moves ("Defect" comment, line 20) app/main.py:21:75   the same call's
 * trust_remote_code=True, not commit-pinned ("Defect" comment, line 20) app/main.py:33:5 `predict`,
 * the only FastAPI endpoint (all three below are reported at the endpoint's name, ordered by rule
 * id): SL701: no file mentions a model version (model_version, version_id, X-Model-Version, ...):
 * the response (line 40) carries customer_id and churn_probability only, no log line exists, and
 * train.py:15 prints a run id at training time only; reported once for the repository SL802, naming
 * three gaps: neither predict nor anything it calls in main.py logs (the requests.post at line 39
 * is an HTTP call, not a logging call); no metrics library, scrape annotation or ServiceMonitor
 * (the statsd-exporter sidecar in deployment.yaml receives nothing: no file imports statsd); and no
 * file uses a drift library (Evidently, whylogs, alibi-detect, NannyML) app/main.py:39:5
 * requests.post(AUDIT_URL, ...) without timeout= ("Defect" comment, line 38)
 *   deploy/deployment.yaml:19:11   initContainer `image: busybox`, no tag (means :latest)
 *   deploy/deployment.yaml:23:11   `image: registry.example.com/churn-api:latest`
 *   deploy/docker-compose.yml:3:5  `image: "registry.example.com/churn-api:${TAG:-latest}"`
 * Not reported, on purpose: main.py:18 (a pinned default from the environment),
 * features.py:10 (has timeout=(2, 5)), train.py:14 (models:/churn-classifier/11, a version),
 * deployment.yaml:27 (v0.26.1), docker-compose.yml:7 (redis:7.2.4), and SL702 (no
 * rollback path): README.md documents a rollback and main.py:18 loads a fallback model.
 * The summary's counts (by severity, by family) are derived from this table. */
typedef struct {
  const char *rule_id, *rule_name, *family, *severity, *path;
  long line, column;
} Expected;

static const Expected CHURN_FINDINGS[] = {
    {"SL101", "unpinned-mlflow-model-uri", "pinning", "high", "app/main.py", 15, 9},
    {"SL103", "unpinned-hub-model", "pinning", "medium", "app/main.py", 21, 13},
    {"SL901", "trust-remote-code", "security", "high", "app/main.py", 21, 75},
    {"SL701", "model-version-not-observable", "rollout-rollback", "low", "app/main.py", 33, 5},
    {"SL802", "monitoring-gaps", "monitoring", "medium", "app/main.py", 33, 5},
    {"SL501", "http-call-without-timeout", "timeouts-concurrency", "medium", "app/main.py", 39, 5},
    {"SL151", "unpinned-container-image", "pinning", "high", "deploy/deployment.yaml", 19, 11},
    {"SL151", "unpinned-container-image", "pinning", "high", "deploy/deployment.yaml", 23, 11},
    {"SL151", "unpinned-container-image", "pinning", "high", "deploy/docker-compose.yml", 3, 5},
};
#define CHURN_FINDING_COUNT (sizeof CHURN_FINDINGS / sizeof *CHURN_FINDINGS)

/* How many of CHURN_FINDINGS have this severity / this family. */
static double churn_severity_count(const char *severity) {
  double count = 0;
  for (size_t i = 0; i < CHURN_FINDING_COUNT; i++)
    count += strcmp(CHURN_FINDINGS[i].severity, severity) == 0;
  return count;
}
static double churn_family_count(const char *family) {
  double count = 0;
  for (size_t i = 0; i < CHURN_FINDING_COUNT; i++)
    count += strcmp(CHURN_FINDINGS[i].family, family) == 0;
  return count;
}

static int compare_findings(const cJSON *a, const cJSON *b) {
  int order = strcmp(string_of(a, "path"), string_of(b, "path"));
  if (order) return order;
  double la = number_of(a, "line"), lb = number_of(b, "line");
  if (la != lb) return la < lb ? -1 : 1;
  double ca = number_of(a, "column"), cb = number_of(b, "column");
  if (ca != cb) return ca < cb ? -1 : 1;
  return strcmp(string_of(a, "rule_id"), string_of(b, "rule_id"));
}

static bool is_fingerprint(const char *text) {
  if (!text || strlen(text) != 16) return false;
  for (size_t i = 0; i < 16; i++)
    if (!isxdigit((unsigned char)text[i]) || isupper((unsigned char)text[i])) return false;
  return true;
}

/* Shape of one finding: all 15 keys in order, the right types, sane positions, a
 * relative '/' path. */
static void check_finding_shape(const cJSON *finding) {
  CHECK(has_keys_in_order(finding, FINDING_KEYS));
  for (size_t k = 0; FINDING_STRINGS[k]; k++) {
    const char *value = string_of(finding, FINDING_STRINGS[k]);
    CHECK(value != NULL && value[0] != '\0');
    if (!value) fprintf(stderr, "  '%s' is not a string\n", FINDING_STRINGS[k]);
  }
  for (size_t k = 0; FINDING_NUMBERS[k]; k++) {
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(finding, FINDING_NUMBERS[k]);
    CHECK(is_integer(value) && value->valuedouble >= 1);
  }
  CHECK(number_of(finding, "end_line") >= number_of(finding, "line"));
  CHECK(number_of(finding, "end_line") > number_of(finding, "line") ||
        number_of(finding, "end_column") > number_of(finding, "column"));
  const char *path = string_of(finding, "path");
  if (path) {
    CHECK(path[0] != '/');
    CHECK(strncmp(path, "./", 2) != 0);
    CHECK(strchr(path, '\\') == NULL);
    CHECK(strstr(path, "churn-service") == NULL);
  }
  CHECK(is_fingerprint(string_of(finding, "fingerprint")));
  const char *severity = string_of(finding, "severity");
  bool known = false;
  for (size_t s = 0; severity && SEVERITIES[s]; s++)
    known = known || strcmp(severity, SEVERITIES[s]) == 0;
  CHECK(known);
  const char *confidence = string_of(finding, "confidence");
  CHECK(confidence && (strcmp(confidence, "high") == 0 || strcmp(confidence, "medium") == 0 ||
                       strcmp(confidence, "low") == 0));
}

static void test_churn_service(void) {
  Run result = run("--format json '" SL_SOURCE_DIR "/fixtures/churn-service'");
  CHECK(result.status == 1); /* high findings, default --fail-on high */
  CHECK(result.err[0] == '\0');
  cJSON *json = parse(&result, "churn-service");
  CHECK(json != NULL);
  if (!json) {
    run_clear(&result);
    return;
  }

  static const char *const top_keys[] = {"schema_version", "tool",      "summary",
                                         "entry_points",   "inventory", "findings",
                                         "errors",         "skipped",   NULL};
  CHECK(has_keys_in_order(json, top_keys));
  CHECK(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(json, "entry_points")));
  CHECK(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(json, "inventory")));
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive(json, "schema_version");
  CHECK(is_integer(schema) && schema->valuedouble == 1);

  const cJSON *tool = cJSON_GetObjectItemCaseSensitive(json, "tool");
  static const char *const tool_keys[] = {"name", "version", NULL};
  CHECK(has_keys_in_order(tool, tool_keys));
  CHECK_STR(string_of(tool, "name"), "servelint");
  CHECK_STR(string_of(tool, "version"), SL_VERSION);

  const cJSON *summary = cJSON_GetObjectItemCaseSensitive(json, "summary");
  static const char *const summary_keys[] = {
      "files_scanned", "files_skipped", "findings",    "errors",    "duration_seconds",
      "fail_on",       "failed",        "by_severity", "by_family", NULL};
  CHECK(has_keys_in_order(summary, summary_keys));
  /* 3 .py, 2 YAML and README.md, read as rollout evidence (it documents a rollback). */
  CHECK(number_of(summary, "files_scanned") == 6);
  CHECK(number_of(summary, "files_skipped") == 0);
  CHECK(number_of(summary, "findings") == (double)CHURN_FINDING_COUNT);
  CHECK(number_of(summary, "errors") == 0);
  CHECK(number_of(summary, "duration_seconds") >= 0);
  CHECK_STR(string_of(summary, "fail_on"), "high");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(summary, "failed")));

  const cJSON *by_severity = cJSON_GetObjectItemCaseSensitive(summary, "by_severity");
  CHECK(has_keys_in_order(by_severity, SEVERITIES));
  /* 5 high (SL101, SL901, 3 x SL151), 3 medium (SL103, SL802, SL501), 1 low (SL701). */
  CHECK(churn_severity_count("high") == 5);
  CHECK(churn_severity_count("medium") == 3);
  CHECK(churn_severity_count("low") == 1);
  CHECK(churn_severity_count("info") == 0);
  for (size_t s = 0; SEVERITIES[s]; s++)
    CHECK(number_of(by_severity, SEVERITIES[s]) == churn_severity_count(SEVERITIES[s]));
  const cJSON *by_family = cJSON_GetObjectItemCaseSensitive(summary, "by_family");
  CHECK(has_keys_in_order(by_family, FAMILIES));
  /* pinning 5, timeouts-concurrency 1, rollout-rollback 1, monitoring 1, security 1, the
   * others 0. */
  CHECK(churn_family_count("pinning") == 5);
  CHECK(churn_family_count("timeouts-concurrency") == 1);
  CHECK(churn_family_count("rollout-rollback") == 1);
  CHECK(churn_family_count("monitoring") == 1);
  CHECK(churn_family_count("security") == 1);
  for (size_t f = 0; FAMILIES[f]; f++)
    CHECK(number_of(by_family, FAMILIES[f]) == churn_family_count(FAMILIES[f]));

  const cJSON *errors = cJSON_GetObjectItemCaseSensitive(json, "errors");
  const cJSON *skipped = cJSON_GetObjectItemCaseSensitive(json, "skipped");
  CHECK(cJSON_IsArray(errors) && cJSON_GetArraySize(errors) == 0);
  CHECK(cJSON_IsArray(skipped) && cJSON_GetArraySize(skipped) == 0);

  const cJSON *findings = cJSON_GetObjectItemCaseSensitive(json, "findings");
  CHECK(cJSON_IsArray(findings));
  CHECK(cJSON_GetArraySize(findings) == (int)CHURN_FINDING_COUNT);
  const cJSON *previous = NULL;
  size_t index = 0;
  const cJSON *finding;
  cJSON_ArrayForEach(finding, findings) {
    check_finding_shape(finding);
    if (!string_of(finding, "path") || !string_of(finding, "rule_id")) continue;
    if (previous) CHECK(compare_findings(previous, finding) < 0);
    /* Unique fingerprints. */
    for (const cJSON *other = findings->child; other != finding; other = other->next)
      CHECK(strcmp(string_of(other, "fingerprint"), string_of(finding, "fingerprint")) != 0);
    if (index < CHURN_FINDING_COUNT) {
      const Expected *want = &CHURN_FINDINGS[index];
      CHECK_STR(string_of(finding, "rule_id"), want->rule_id);
      CHECK_STR(string_of(finding, "rule_name"), want->rule_name);
      CHECK_STR(string_of(finding, "family"), want->family);
      CHECK_STR(string_of(finding, "severity"), want->severity);
      CHECK_STR(string_of(finding, "path"), want->path);
      CHECK(number_of(finding, "line") == want->line);
      CHECK(number_of(finding, "column") == want->column);
      /* The snippet is the fixture's line as written. */
      char file[1024];
      snprintf(file, sizeof file, "%s/fixtures/churn-service/%s", SL_SOURCE_DIR, want->path);
      char *line = source_line(file, want->line);
      CHECK(line != NULL);
      if (line) CHECK_STR(string_of(finding, "snippet"), line);
      free(line);
    }
    previous = finding;
    index++;
  }
  cJSON_Delete(json);
  run_clear(&result);
}

static void test_fail_on_none(void) {
  Run result = run("--format json --fail-on none '" SL_SOURCE_DIR "/fixtures/churn-service'");
  CHECK(result.status == 0);
  cJSON *json = parse(&result, "--fail-on none");
  CHECK(json != NULL);
  if (json) {
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(json, "summary");
    CHECK_STR(string_of(summary, "fail_on"), "none");
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(summary, "failed")));
    CHECK(number_of(summary, "findings") == (double)CHURN_FINDING_COUNT);
  }
  cJSON_Delete(json);
  run_clear(&result);
}

/* A broken YAML file does not hide the Python finding next to it; it is listed in
 * errors, and the exit status follows the findings only. */
static void test_parse_error_tree(void) {
  const char *const fail_on[] = {"", "--fail-on medium "};
  for (size_t round = 0; round < 2; round++) {
    char args[1024];
    snprintf(args, sizeof args, "--format json %s'%s/tests/data/trees/parse-error'", fail_on[round],
             SL_SOURCE_DIR);
    Run result = run(args);
    CHECK(result.status == (round == 0 ? 0 : 1));
    CHECK(result.err[0] == '\0');
    cJSON *json = parse(&result, "parse-error tree");
    CHECK(json != NULL);
    if (!json) {
      run_clear(&result);
      continue;
    }
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(json, "summary");
    CHECK(number_of(summary, "findings") == 1);
    CHECK(number_of(summary, "errors") == 1);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(summary, "failed")) == (round == 1));
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(json, "findings");
    CHECK(cJSON_GetArraySize(findings) == 1);
    const cJSON *finding = cJSON_GetArrayItem(findings, 0);
    CHECK_STR(string_of(finding, "rule_id"), "SL501");
    CHECK_STR(string_of(finding, "path"), "app/client.py");
    CHECK(number_of(finding, "line") == 5);

    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(json, "errors");
    CHECK(cJSON_GetArraySize(errors) == 1);
    const cJSON *error = cJSON_GetArrayItem(errors, 0);
    static const char *const error_keys[] = {"path", "kind", "line", "column", "message", NULL};
    CHECK(has_keys_in_order(error, error_keys));
    CHECK_STR(string_of(error, "path"), "deploy/broken.yaml");
    CHECK_STR(string_of(error, "kind"), "parse");
    /* `key: [unclosed` is one line; libyaml finds the missing ']' at the end of the
     * input, line 2 column 1. */
    CHECK(number_of(error, "line") == 2);
    CHECK(number_of(error, "column") == 1);
    const char *message = string_of(error, "message");
    CHECK(message && strstr(message, "did not find expected ',' or ']'") != NULL);
    cJSON_Delete(json);
    run_clear(&result);
  }
}

static void test_list_rules_json(void) {
  Run result = run("--list-rules --format json");
  CHECK(result.status == 0);
  CHECK(result.err[0] == '\0');
  cJSON *json = parse(&result, "--list-rules --format json");
  CHECK(json != NULL);
  if (json) {
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(json, "schema_version");
    CHECK(is_integer(schema) && schema->valuedouble == 1);
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(json, "rules");
    /* The whole catalogue, in id order: the one place its ids are listed. */
    static const struct {
      const char *id, *language;
    } catalogue[] = {
        {"SL101", "python"},     {"SL102", "python"},     {"SL103", "python"},
        {"SL104", "python"},     {"SL105", "python"},     {"SL106", "python"},
        {"SL107", "python"},     {"SL108", "python"},     {"SL109", "python"},
        {"SL110", "python"},     {"SL111", "python"},     {"SL112", "python"},
        {"SL151", "yaml"},       {"SL152", "dockerfile"}, {"SL153", "yaml"},
        {"SL154", "dockerfile"}, {"SL155", "yaml"},       {"SL156", "yaml"},
        {"SL157", "yaml"},       {"SL158", "yaml"},       {"SL159", "shell"},
        {"SL160", "yaml"},       {"SL161", "yaml"},       {"SL201", "python"},
        {"SL202", "python"},     {"SL203", "python"},     {"SL204", "python"},
        {"SL205", "python"},     {"SL206", "python"},     {"SL207", "python"},
        {"SL208", "python"},     {"SL209", "python"},     {"SL210", "python"},
        {"SL211", "python"},     {"SL212", "python"},     {"SL213", "python"},
        {"SL301", "python"},     {"SL302", "python"},     {"SL303", "python"},
        {"SL304", "python"},     {"SL401", "python"},     {"SL402", "python"},
        {"SL403", "python"},     {"SL404", "python"},     {"SL501", "python"},
        {"SL502", "python"},     {"SL503", "python"},     {"SL504", "python"},
        {"SL505", "python"},     {"SL506", "python"},     {"SL507", "python"},
        {"SL508", "python"},     {"SL509", "python"},     {"SL510", "python"},
        {"SL511", "python"},     {"SL512", "python"},     {"SL513", "python"},
        {"SL514", "python"},     {"SL515", "python"},     {"SL516", "python"},
        {"SL517", "python"},     {"SL518", "dockerfile"}, {"SL519", "python"},
        {"SL520", "python"},     {"SL521", "python"},     {"SL522", "python"},
        {"SL523", "python"},     {"SL601", "python"},     {"SL602", "python"},
        {"SL603", "python"},     {"SL604", "python"},     {"SL605", "python"},
        {"SL606", "python"},     {"SL607", "python"},     {"SL608", "python"},
        {"SL609", "python"},     {"SL610", "python"},     {"SL611", "python"},
        {"SL612", "python"},     {"SL613", "python"},     {"SL614", "python"},
        {"SL615", "python"},     {"SL616", "python"},     {"SL617", "python"},
        {"SL618", "python"},     {"SL701", "python"},     {"SL702", "python"},
        {"SL802", "python"},     {"SL901", "python"},     {"SL902", "python"},
        {"SL903", "python"},     {"SL904", "python"},     {"SL905", "python"},
        {"SL906", "python"},     {"SL907", "python"},     {"SL908", "python"},
        {"SL909", "yaml"},       {"SL910", "shell"},      {"SL911", "yaml"},
        {"SL912", "python"},     {"SL913", "python"},     {"SL914", "dockerfile"},
        {"SL915", "yaml"},       {"SL916", "shell"},      {"SL917", "dockerfile"},
        {"SL918", "python"},
    };
    const int count = (int)(sizeof catalogue / sizeof *catalogue);
    CHECK(cJSON_IsArray(rules) && cJSON_GetArraySize(rules) == count);
    for (int i = 0; i < count && i < cJSON_GetArraySize(rules); i++) {
      const cJSON *rule = cJSON_GetArrayItem(rules, i);
      CHECK_STR(string_of(rule, "id"), catalogue[i].id);
      CHECK_STR(string_of(rule, "language"), catalogue[i].language);
      CHECK(string_of(rule, "name") && string_of(rule, "title") && string_of(rule, "risk") &&
            string_of(rule, "fix") && string_of(rule, "message"));
    }
  }
  cJSON_Delete(json);
  run_clear(&result);
}

int main(void) {
  test_churn_service();
  test_fail_on_none();
  test_parse_error_tree();
  test_list_rules_json();
  return sl_check_exit();
}
