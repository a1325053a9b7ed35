/*
 * check_request_fetch: server-side request forgery. A fetch (requests, httpx, urllib,
 * a LangChain web loader, an image helper's `from_url`) whose URL the client chose:
 * the request's own value decides the start of the URL (its scheme and host), in the
 * route itself or in a helper of the same file the route hands it to (up to
 * SL_FETCH_DEPTH calls deep). The server then fetches any address for its caller:
 * internal services, the cloud metadata endpoint and its credentials included.
 *
 * Only the leading part of the URL counts: `f"{API_BASE}/items/{req.item_id}"` or
 * `BASE + req.path` keeps the host fixed and is not flagged. A function on the path
 * that checks the host (an allow-list, `urlparse(...).hostname`, `ipaddress`) clears it.
 */
#include <string.h>

#include "check_common.h"
#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/pyast.h"
#include "servelint/taint.h"

/* How many helper calls a request value is followed through to the fetch. */
#define SL_FETCH_DEPTH 3
/* How many bindings deep one name is followed inside a function. */
#define SL_ORIGIN_DEPTH 6

/* Fetch calls and where their URL is: the callee's text (or its last attribute when it
 * starts with '.'), the positional index, the keyword. */
typedef struct {
  const char *callee;
  uint32_t position;
  const char *keyword;
} SlFetchSink;

static const SlFetchSink fetch_sinks[] = {
    {"requests.get", 0, "url"},
    {"requests.post", 0, "url"},
    {"requests.head", 0, "url"},
    {"requests.request", 1, "url"},
    {"httpx.get", 0, "url"},
    {"httpx.post", 0, "url"},
    {"httpx.stream", 1, "url"},
    {"urlopen", 0, "url"},
    {"urllib.request.urlopen", 0, "url"},
    {"request.urlopen", 0, "url"},
    {"urlretrieve", 0, "url"},
    {"urllib.request.urlretrieve", 0, "url"},
    {"wget.download", 0, "url"},
    {"WebBaseLoader", 0, "web_path"},
    {"WebBaseLoader", 0, "web_paths"},
    {"UnstructuredURLLoader", 0, "urls"},
    {"AsyncHtmlLoader", 0, "web_path"},
    {"RecursiveUrlLoader", 0, "url"},
    {"SitemapLoader", 0, "web_path"},
    {".from_url", 0, "url"},
};

typedef enum { SL_ORIGIN_NONE, SL_ORIGIN_REQUEST, SL_ORIGIN_PARAMETER } SlOriginKind;

typedef struct {
  SlOriginKind kind;
  uint32_t parameter; /* SL_ORIGIN_PARAMETER: its index among the function's parameters */
} SlOrigin;

typedef struct {
  const SlNativeFile *file;
  SlNativeEmitter *emitter;
  SlVec(uint32_t) reported; /* start bytes of the fetches already reported */
} SlFetchScan;

static const char *sl_fetch__source(const SlFetchScan *scan) { return scan->file->source->bytes; }

/* The name node of parameter `parameter` (any parameter form), or a null node. */
static TSNode sl_fetch__parameter_name(TSNode parameter) {
  if (sl_pyast_is(parameter, "identifier")) return parameter;
  if (sl_pyast_is(parameter, "typed_parameter")) return ts_node_named_child(parameter, 0);
  TSNode name = ts_node_child_by_field_name(parameter, "name", 4);
  return sl_pyast_is(name, "identifier") ? name : (TSNode){{0}, NULL, NULL};
}

/* The index of the parameter of `function` named `name`, or -1. */
static int sl_fetch__parameter_index(const char *source, TSNode function, const char *name) {
  TSNode parameters = ts_node_child_by_field_name(function, "parameters", 10);
  uint32_t count = ts_node_is_null(parameters) ? 0 : ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter_name = sl_fetch__parameter_name(ts_node_named_child(parameters, i));
    if (!ts_node_is_null(parameter_name) && sl_pyast_text_is(source, parameter_name, name))
      return (int)i;
  }
  return -1;
}

static SlOrigin sl_fetch__origin(const SlFetchScan *scan, TSNode function, TSNode node, int depth);

/* A name: its bindings before the use, latest first, four at most (a value set on any
 * branch counts: `payload = await request.json()` in a `try` whose `except` sets None),
 * else a parameter of the function: the request when the function is an online entry
 * point (taint.h), else the parameter's index, for its callers to resolve (self and cls
 * are the object, not a value a caller passes). */
static SlOrigin sl_fetch__name_origin(const SlFetchScan *scan, TSNode function, TSNode node,
                                      int depth) {
  const char *source = sl_fetch__source(scan);
  SlOrigin origin = {SL_ORIGIN_NONE, 0};
  if (ts_node_is_null(function)) return origin;
  char *name = sl_pyast_text(source, node);
  uint32_t before = ts_node_start_byte(node);
  for (int tries = 0; tries < 4 && origin.kind == SL_ORIGIN_NONE; tries++) {
    TSNode value = sl_taint_binding_before(source, function, name, before);
    if (ts_node_is_null(value)) break;
    before = ts_node_start_byte(ts_node_parent(value));
    /* `url = url.strip()`: the use sits in its own binding's value; the bindings before
     * that statement are the ones that count. */
    bool holds_use = ts_node_start_byte(value) <= ts_node_start_byte(node) &&
                     ts_node_end_byte(node) <= ts_node_end_byte(value);
    if (!holds_use && depth < SL_ORIGIN_DEPTH)
      origin = sl_fetch__origin(scan, function, value, depth + 1);
  }
  int index = sl_fetch__parameter_index(source, function, name);
  if (origin.kind == SL_ORIGIN_NONE && index >= 0 && strcmp(name, "self") != 0 &&
      strcmp(name, "cls") != 0) {
    origin = sl_taint_of(scan->file->source, scan->file->facts, node) == SL_TAINT_REQUEST
                 ? (SlOrigin){SL_ORIGIN_REQUEST, 0}
                 : (SlOrigin){SL_ORIGIN_PARAMETER, (uint32_t)index};
  }
  sl_free(name);
  return origin;
}

/* Where the leading part of a URL expression comes from: the part that decides the
 * scheme and host. */
static SlOrigin sl_fetch__origin(const SlFetchScan *scan, TSNode function, TSNode node, int depth) {
  SlOrigin none = {SL_ORIGIN_NONE, 0};
  if (ts_node_is_null(node) || depth > SL_ORIGIN_DEPTH) return none;
  const char *source = sl_fetch__source(scan);
  if (sl_pyast_is(node, "identifier")) return sl_fetch__name_origin(scan, function, node, depth);
  if (sl_pyast_is(node, "string")) {
    /* An f-string: a literal start (`"https://api/..."`, `"/v1/..."`) fixes the host;
     * one starting with `{x}` takes x's origin. */
    TSNode first = ts_node_named_child(node, 1);
    if (ts_node_named_child_count(node) < 2 || !sl_pyast_is(first, "interpolation")) return none;
    return sl_fetch__origin(scan, function, ts_node_named_child(first, 0), depth + 1);
  }
  /* `a + b`, `a or default`, `a if ok else b`: the first operand leads. */
  if (sl_pyast_is(node, "binary_operator") || sl_pyast_is(node, "concatenated_string") ||
      sl_pyast_is(node, "boolean_operator") || sl_pyast_is(node, "conditional_expression"))
    return sl_fetch__origin(scan, function, ts_node_named_child(node, 0), depth + 1);
  if (sl_pyast_is(node, "parenthesized_expression") || sl_pyast_is(node, "tuple") ||
      sl_pyast_is(node, "list") || sl_pyast_is(node, "await") ||
      sl_pyast_is(node, "keyword_argument"))
    return sl_fetch__origin(scan, function,
                            sl_pyast_is(node, "keyword_argument")
                                ? ts_node_child_by_field_name(node, "value", 5)
                                : ts_node_named_child(node, 0),
                            depth + 1);
  if (!sl_pyast_is(node, "attribute") && !sl_pyast_is(node, "subscript") &&
      !sl_pyast_is(node, "call"))
    return none;
  /* `request.args`, `req.url`, `event["body"]`: the request itself. */
  if (sl_pyast_is(node, "attribute")) {
    if (sl_taint_of(scan->file->source, scan->file->facts, node) == SL_TAINT_REQUEST)
      return (SlOrigin){SL_ORIGIN_REQUEST, 0};
    return sl_fetch__origin(scan, function, ts_node_child_by_field_name(node, "object", 6),
                            depth + 1);
  }
  if (sl_pyast_is(node, "subscript")) {
    TSNode value = ts_node_child_by_field_name(node, "value", 5);
    SlOrigin origin = sl_fetch__origin(scan, function, value, depth + 1);
    if (origin.kind == SL_ORIGIN_NONE &&
        sl_taint_of(scan->file->source, scan->file->facts, value) == SL_TAINT_REQUEST)
      return (SlOrigin){SL_ORIGIN_REQUEST, 0};
    return origin;
  }
  /* A call: a method of a value (`url.strip()`, `body.get("url")`, `urls.split(",")`,
   * `request.args.get("url")`, `await request.json()`) keeps its origin; `str(x)`,
   * `urljoin(base, x)`, `quote(x)` and `urllib.request.Request(url)` take their first
   * argument's; any other call makes a new value. */
  TSNode callee = ts_node_child_by_field_name(node, "function", 8);
  static const char *const wrapping[] = {"str", "urljoin", "quote", "Request",
                                         "urllib.request.Request"};
  for (size_t i = 0; i < sizeof wrapping / sizeof *wrapping; i++)
    if (sl_pyast_text_is(source, callee, wrapping[i]))
      return sl_fetch__origin(scan, function, sl_pyast_positional(node, 0), depth + 1);
  if (sl_pyast_is(callee, "attribute")) {
    static const char *const keeping[] = {"strip", "lstrip", "rstrip",  "split", "get",
                                          "lower", "decode", "replace", "pop"};
    TSNode attribute = ts_node_child_by_field_name(callee, "attribute", 9);
    bool from_request =
        sl_taint_of(scan->file->source, scan->file->facts, callee) == SL_TAINT_REQUEST;
    bool keeps = from_request;
    for (size_t i = 0; !keeps && i < sizeof keeping / sizeof *keeping; i++)
      keeps = sl_pyast_text_is(source, attribute, keeping[i]);
    if (!keeps) return none;
    SlOrigin origin = sl_fetch__origin(scan, function,
                                       ts_node_child_by_field_name(callee, "object", 6), depth + 1);
    if (origin.kind == SL_ORIGIN_NONE && from_request) return (SlOrigin){SL_ORIGIN_REQUEST, 0};
    return origin;
  }
  return none;
}

/* Whether the function checks the host it fetches: an allow-list, the parsed host. */
static bool sl_fetch__checks_host(const SlFetchScan *scan, TSNode function) {
  static const char *const checks[] = {"allowed_host", "allowed_domain", "allowed_url", "allowlist",
                                       "allow_list",   "whitelist",      "netloc",      ".hostname",
                                       "ipaddress",    "is_private",     "ip_address"};
  if (ts_node_is_null(function)) return false;
  char *text = sl_pyast_text(sl_fetch__source(scan), function);
  bool found = sl_check_contains_any(text, checks, sizeof checks / sizeof *checks);
  sl_free(text);
  return found;
}

static void sl_fetch__report(SlFetchScan *scan, TSNode call, TSNode url) {
  uint32_t start = ts_node_start_byte(call);
  for (size_t i = 0; i < scan->reported.count; i++)
    if (scan->reported.items[i] == start) return;
  sl_vec_push(&scan->reported, start);
  const char *source = sl_fetch__source(scan);
  char *callee = sl_pyast_text(source, ts_node_child_by_field_name(call, "function", 8));
  char *value = sl_pyast_text(source, url);
  SlNativeVar vars[] = {{"call", callee}, {"url", value}};
  SlNativeHit hit = {.span = sl_span_of_node(call), .code = value, .vars = vars, .var_count = 2};
  sl_native_emit(scan->emitter, &hit);
  sl_free(callee);
  sl_free(value);
}

/* The argument a call passes for parameter `index` of `callee` (a method's `self` is
 * not passed), or a null node. */
static TSNode sl_fetch__argument_for(const char *source, TSNode call, TSNode callee,
                                     uint32_t index) {
  TSNode parameters = ts_node_child_by_field_name(callee, "parameters", 10);
  TSNode parameter = ts_node_named_child(parameters, index);
  TSNode name = sl_fetch__parameter_name(parameter);
  if (!ts_node_is_null(name)) {
    char *text = sl_pyast_text(source, name);
    TSNode keyword = sl_pyast_keyword(source, call, text, NULL);
    sl_free(text);
    if (!ts_node_is_null(keyword)) return keyword;
  }
  TSNode first = sl_fetch__parameter_name(ts_node_named_child(parameters, 0));
  bool method = !ts_node_is_null(first) &&
                (sl_pyast_text_is(source, first, "self") || sl_pyast_text_is(source, first, "cls"));
  if (method && index == 0) return (TSNode){{0}, NULL, NULL};
  return sl_pyast_positional(call, method ? index - 1 : index);
}

/* Whether `call` calls `function` by its name (`helper(...)`, `self.helper(...)`,
 * `obj.helper(...)`). */
static bool sl_fetch__calls(const char *source, TSNode call, TSNode function) {
  TSNode callee = ts_node_child_by_field_name(call, "function", 8);
  if (sl_pyast_is(callee, "attribute"))
    callee = ts_node_child_by_field_name(callee, "attribute", 9);
  TSNode name = ts_node_child_by_field_name(function, "name", 4);
  if (ts_node_is_null(callee) || ts_node_is_null(name)) return false;
  char *text = sl_pyast_text(source, name);
  bool same = sl_pyast_text_is(source, callee, text);
  sl_free(text);
  return same;
}

typedef struct {
  SlFetchScan *scan;
  TSNode helper;     /* the function whose parameter reaches the fetch */
  uint32_t index;    /* that parameter */
  TSNode fetch, url; /* the fetch to report */
  int depth;
} SlFetchCaller;

static void sl_fetch__follow(SlFetchScan *scan, TSNode fetch, TSNode url, TSNode function,
                             SlOrigin origin, int depth);

static bool sl_fetch__visit_caller(void *context, TSNode node) {
  SlFetchCaller *caller = context;
  const char *source = sl_fetch__source(caller->scan);
  if (!sl_pyast_is(node, "call") || !sl_fetch__calls(source, node, caller->helper)) return true;
  TSNode argument = sl_fetch__argument_for(source, node, caller->helper, caller->index);
  if (ts_node_is_null(argument)) return true;
  TSNode function = sl_pyast_enclosing_function(node);
  if (ts_node_eq(function, caller->helper) || sl_fetch__checks_host(caller->scan, function))
    return true;
  SlOrigin origin = sl_fetch__origin(caller->scan, function, argument, 0);
  sl_fetch__follow(caller->scan, caller->fetch, caller->url, function, origin, caller->depth + 1);
  return true;
}

/* Reports the fetch when the URL's origin is the request; follows a parameter's origin
 * to the calls of its function. */
static void sl_fetch__follow(SlFetchScan *scan, TSNode fetch, TSNode url, TSNode function,
                             SlOrigin origin, int depth) {
  if (origin.kind == SL_ORIGIN_REQUEST) {
    sl_fetch__report(scan, fetch, url);
  } else if (origin.kind == SL_ORIGIN_PARAMETER && depth < SL_FETCH_DEPTH &&
             !ts_node_is_null(function)) {
    SlFetchCaller caller = {scan, function, origin.parameter, fetch, url, depth};
    sl_pyast_walk(scan->file->root, sl_fetch__visit_caller, &caller);
  }
}

/* The URL argument of a fetch call, or a null node when `call` is not one. */
static TSNode sl_fetch__url(const char *source, TSNode call) {
  TSNode callee = ts_node_child_by_field_name(call, "function", 8);
  TSNode last = sl_pyast_is(callee, "attribute")
                    ? ts_node_child_by_field_name(callee, "attribute", 9)
                    : (TSNode){{0}, NULL, NULL};
  for (size_t i = 0; i < sizeof fetch_sinks / sizeof *fetch_sinks; i++) {
    const SlFetchSink *sink = &fetch_sinks[i];
    bool named = sink->callee[0] == '.'
                     ? !ts_node_is_null(last) && sl_pyast_text_is(source, last, sink->callee + 1)
                     : sl_pyast_text_is(source, callee, sink->callee);
    if (!named) continue;
    TSNode url = sl_pyast_keyword(source, call, sink->keyword, NULL);
    if (ts_node_is_null(url)) url = sl_pyast_positional(call, sink->position);
    if (!ts_node_is_null(url)) return url;
  }
  return (TSNode){{0}, NULL, NULL};
}

static bool sl_fetch__visit_fetch(void *context, TSNode node) {
  SlFetchScan *scan = context;
  if (!sl_pyast_is(node, "call")) return true;
  TSNode url = sl_fetch__url(sl_fetch__source(scan), node);
  if (ts_node_is_null(url)) return true;
  TSNode function = sl_pyast_enclosing_function(node);
  if (sl_fetch__checks_host(scan, function)) return true;
  sl_fetch__follow(scan, node, url, function, sl_fetch__origin(scan, function, url, 0), 0);
  return true;
}

/* Words one of which every file with a fetch holds: most files have none, and a
 * substring test spares them a tree walk. */
static const char *const fetch_words[] = {"requests", "httpx",  "urlopen", "urlretrieve",
                                          "wget",     "loader", "from_url"};

void sl_check_fetch_request_url(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!file->facts || file->facts->entry_points.count == 0 ||
      !sl_check_contains_any(file->source->bytes, fetch_words,
                             sizeof fetch_words / sizeof *fetch_words))
    return;
  SlFetchScan scan = {file, emitter, {0}};
  sl_pyast_walk(file->root, sl_fetch__visit_fetch, &scan);
  sl_vec_delete(&scan.reported);
}
