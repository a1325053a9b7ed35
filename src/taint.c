/* taint: request and download sources of an expression, within its function. */
#include "servelint/taint.h"

#include <string.h>

#include "servelint/alloc.h"
#include "servelint/pyast.h"

/* How many names deep a value is followed. */
#define SL_TAINT_DEPTH 4

static bool sl_taint__is_word_byte(char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
         (byte >= '0' && byte <= '9') || byte == '_';
}

/* Whether a needle occurs at a word start: "req." must not match "freq.", nor
 * "request." the standard library's `urllib.request.` (a download, not a request). */
static bool sl_taint__contains_any(const char *text, const char *const *needles, size_t count) {
  static const char urllib[] = "urllib.";
  const size_t urllib_length = sizeof urllib - 1;
  for (size_t i = 0; i < count; i++)
    for (const char *found = strstr(text, needles[i]); found; found = strstr(found + 1, needles[i]))
      if ((found == text || !sl_taint__is_word_byte(found[-1]) ||
           !sl_taint__is_word_byte(needles[i][0])) &&
          !((size_t)(found - text) >= urllib_length &&
            strncmp(found - urllib_length, urllib, urllib_length) == 0))
        return true;
  return false;
}

/* Markers in an expression's own text. Request: a web request object, Lambda's
 * event, an uploaded file. Download: a fetch over the network. */
static SlTaint sl_taint__of_text(const char *text) {
  static const char *const request_markers[] = {
      "request.",         "request[",      "await request",
      "event[\"body\"]",  "event['body']", "event.get(\"body\"",
      "event.get('body'", "UploadFile",    ".file.read(",
      "request.files",    "req.",          "flask.request"};
  static const char *const download_markers[] = {
      "urlopen(",         "requests.get(", "requests.post(",        "httpx.get(",
      "hf_hub_download(", "urlretrieve(",  "download_url_to_file(", "wget.download(",
      "http://",          "https://",      "snapshot_download("};
  if (sl_taint__contains_any(text, request_markers,
                             sizeof request_markers / sizeof *request_markers))
    return SL_TAINT_REQUEST;
  if (sl_taint__contains_any(text, download_markers,
                             sizeof download_markers / sizeof *download_markers))
    return SL_TAINT_DOWNLOAD;
  return SL_TAINT_NONE;
}

typedef struct {
  const char *source;
  const char *name; /* the name looked up */
  uint32_t before;  /* only bindings that end before this byte */
  TSNode value;     /* the last binding's value so far */
} SlBindingSearch;

/* `name = value`, `for name in value`, `with value as name`, `name := value`. */
static bool sl_taint__visit_binding(void *context, TSNode node) {
  SlBindingSearch *search = context;
  if (ts_node_start_byte(node) >= search->before) return false;
  const char *left_field = NULL, *right_field = NULL;
  if (sl_pyast_is(node, "assignment"))
    left_field = "left", right_field = "right";
  else if (sl_pyast_is(node, "for_statement"))
    left_field = "left", right_field = "right";
  else if (sl_pyast_is(node, "named_expression"))
    left_field = "name", right_field = "value";
  if (left_field) {
    TSNode left = ts_node_child_by_field_name(node, left_field, (uint32_t)strlen(left_field));
    TSNode right = ts_node_child_by_field_name(node, right_field, (uint32_t)strlen(right_field));
    /* The value must be complete before the use: in `text = text.replace(...)` the `text`
     * on the right is the earlier binding's, not this one's. */
    if (!ts_node_is_null(left) && !ts_node_is_null(right) &&
        ts_node_end_byte(right) <= search->before &&
        sl_pyast_text_is(search->source, left, search->name))
      search->value = right;
  } else if (sl_pyast_is(node, "as_pattern") && ts_node_named_child_count(node) == 2) {
    TSNode target = ts_node_named_child(ts_node_named_child(node, 1), 0);
    TSNode value = ts_node_named_child(node, 0);
    if (!ts_node_is_null(target) && ts_node_end_byte(value) <= search->before &&
        sl_pyast_text_is(search->source, target, search->name))
      search->value = value;
  }
  return true;
}

TSNode sl_taint_binding_before(const char *source, TSNode scope, const char *name,
                               uint32_t before) {
  SlBindingSearch search = {source, name, before, {{0}, NULL, NULL}};
  sl_pyast_walk(scope, sl_taint__visit_binding, &search);
  return search.value;
}

/* Whether `function` is itself an online entry point that serves requests (not a
 * load hook such as TorchServe's initialize, which frameworks also call). */
static bool sl_taint__is_request_handler(const SlFileFacts *facts, TSNode function) {
  TSNode name = ts_node_child_by_field_name(function, "name", 4);
  if (ts_node_is_null(name)) return false;
  uint32_t start = ts_node_start_byte(name);
  for (size_t i = 0; i < facts->functions.count; i++)
    if (facts->functions.items[i].name_span.start_byte == start &&
        facts->functions.items[i].is_load_hook)
      return false;
  for (size_t i = 0; i < facts->entry_points.count; i++)
    if (facts->entry_points.items[i].name_span.start_byte == start &&
        facts->entry_points.items[i].pattern == SL_PATTERN_ONLINE)
      return true;
  return false;
}

/* Whether `name` is a parameter of `function`, an online request handler. */
static bool sl_taint__is_request_parameter(const char *source, const SlFileFacts *facts,
                                           TSNode function, const char *name) {
  if (!sl_pyast_is(function, "function_definition") || strcmp(name, "self") == 0 ||
      strcmp(name, "context") == 0 || strcmp(name, "ctx") == 0 || strcmp(name, "cls") == 0 ||
      !sl_taint__is_request_handler(facts, function))
    return false;
  TSNode parameters = ts_node_child_by_field_name(function, "parameters", 10);
  uint32_t count = ts_node_is_null(parameters) ? 0 : ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    if (!sl_pyast_is(parameter, "identifier")) parameter = ts_node_named_child(parameter, 0);
    if (!ts_node_is_null(parameter) && sl_pyast_text_is(source, parameter, name)) return true;
  }
  return false;
}

typedef struct {
  const char *source;
  const SlFileFacts *facts;
  TSNode function;
  uint32_t before;
  int depth;
  SlTaint taint;
} SlTaintWalk;

static SlTaint sl_taint__expression(SlTaintWalk *walk, TSNode node);

/* Follows one identifier: a request parameter, or its last binding before use. */
static SlTaint sl_taint__name(SlTaintWalk *walk, TSNode identifier) {
  char *name = sl_pyast_text(walk->source, identifier);
  SlTaint taint = SL_TAINT_NONE;
  if (sl_taint__is_request_parameter(walk->source, walk->facts, walk->function, name)) {
    taint = SL_TAINT_REQUEST;
  } else if (walk->depth < SL_TAINT_DEPTH) {
    TSNode value =
        sl_taint_binding_before(walk->source, walk->function, name, ts_node_start_byte(identifier));
    if (!ts_node_is_null(value)) {
      SlTaintWalk deeper = *walk;
      deeper.depth++;
      deeper.before = ts_node_start_byte(value);
      taint = sl_taint__expression(&deeper, value);
    }
  }
  sl_free(name);
  return taint;
}

static bool sl_taint__visit_identifier(void *context, TSNode node) {
  SlTaintWalk *walk = context;
  if (walk->taint == SL_TAINT_REQUEST) return false;
  /* In `a.b`, only `a` names a value; keyword names and attributes do not. */
  if (sl_pyast_is(node, "attribute")) {
    TSNode object = ts_node_child_by_field_name(node, "object", 6);
    if (sl_pyast_is(object, "identifier")) {
      SlTaint taint = sl_taint__name(walk, object);
      if (taint > walk->taint) walk->taint = taint;
      return false;
    }
    return true;
  }
  if (sl_pyast_is(node, "keyword_argument")) {
    TSNode value = ts_node_child_by_field_name(node, "value", 5);
    if (!ts_node_is_null(value)) sl_pyast_walk(value, sl_taint__visit_identifier, walk);
    return false;
  }
  if (sl_pyast_is(node, "identifier")) {
    SlTaint taint = sl_taint__name(walk, node);
    if (taint > walk->taint) walk->taint = taint;
  }
  return true;
}

static SlTaint sl_taint__expression(SlTaintWalk *walk, TSNode node) {
  char *text = sl_pyast_text(walk->source, node);
  SlTaint taint = sl_taint__of_text(text);
  sl_free(text);
  if (taint == SL_TAINT_REQUEST) return taint;
  SlTaintWalk inner = *walk;
  inner.taint = taint;
  sl_pyast_walk(node, sl_taint__visit_identifier, &inner);
  return inner.taint;
}

SlTaint sl_taint_of(const SlSource *source, const SlFileFacts *facts, TSNode node) {
  /* Module-level code is its own scope: the module plays the function's part. */
  TSNode scope = sl_pyast_enclosing_function(node);
  if (ts_node_is_null(scope)) scope = ts_tree_root_node(node.tree);
  SlTaintWalk walk = {source->bytes, facts, scope, ts_node_start_byte(node), 0, SL_TAINT_NONE};
  return sl_taint__expression(&walk, node);
}
