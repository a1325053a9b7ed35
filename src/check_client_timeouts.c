/*
 * check_client_timeouts: calls through a client object that never times out by
 * default, made without `timeout=`:
 *   - requests sessions (`s = requests.Session()`, `with requests.Session() as s`):
 *     requests applies no default timeout, on a session no more than on requests.get;
 *   - gRPC stubs (`stub = ...Stub(channel)`): a call without `timeout=` has no
 *     deadline and waits forever on a stuck server; Triton's gRPC client
 *     (`grpcclient.InferenceServerClient(url)`) likewise, its `infer` without
 *     `client_timeout=`.
 * The receiver must be assigned from the constructor in the same file (matched by its
 * exact text, e.g. `self.session`), so an unrelated `.get` is never judged. A file
 * that subclasses requests' Session or HTTPAdapter (the usual way to set a default
 * timeout) is trusted for sessions.
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/pyast.h"

/* Triton's gRPC client (`tritonclient.grpc.InferenceServerClient`) wraps a stub: its
 * `infer` takes the deadline as `client_timeout=` and has none by default. */
typedef enum { SL_CLIENT_SESSION, SL_CLIENT_STUB, SL_CLIENT_TRITON_GRPC } SlClientKind;

typedef struct {
  char *receiver; /* owned; the text the client is bound to */
  SlClientKind kind;
} SlClient;

typedef struct {
  const char *source;
  SlVec(SlClient) clients;
  bool session_wrapped; /* a Session or HTTPAdapter subclass is defined here */
} SlClientScan;

static bool sl_check__is_session_constructor(const char *source, TSNode function) {
  return sl_pyast_text_is(source, function, "requests.Session") ||
         sl_pyast_text_is(source, function, "requests.session") ||
         sl_pyast_text_is(source, function, "Session");
}

static bool sl_check__is_stub_constructor(const char *source, TSNode function) {
  uint32_t start = ts_node_start_byte(function), end = ts_node_end_byte(function);
  return end - start > 4 && memcmp(source + end - 4, "Stub", 4) == 0 &&
         (sl_pyast_is(function, "attribute") || sl_pyast_is(function, "identifier"));
}

/* `grpcclient.InferenceServerClient(...)`, `tritonclient.grpc.InferenceServerClient(...)`,
 * or the bare class in a file importing Triton's gRPC client. */
static bool sl_check__is_triton_grpc_constructor(const char *source, TSNode function) {
  char *text = sl_pyast_text(source, function);
  size_t length = strlen(text), suffix = strlen("InferenceServerClient");
  bool client = length >= suffix && strcmp(text + length - suffix, "InferenceServerClient") == 0;
  bool grpc = strstr(text, "grpc") != NULL ||
              (length == suffix && strstr(source, "tritonclient.grpc") != NULL &&
               strstr(source, "tritonclient.http") == NULL);
  sl_free(text);
  return client && grpc;
}

static void sl_check__bind(SlClientScan *scan, TSNode target, TSNode value) {
  if (!sl_pyast_is(value, "call") || ts_node_is_null(target)) return;
  TSNode function = ts_node_child_by_field_name(value, "function", 8);
  SlClientKind kind;
  if (sl_check__is_session_constructor(scan->source, function))
    kind = SL_CLIENT_SESSION;
  else if (sl_check__is_stub_constructor(scan->source, function))
    kind = SL_CLIENT_STUB;
  else if (sl_check__is_triton_grpc_constructor(scan->source, function))
    kind = SL_CLIENT_TRITON_GRPC;
  else
    return;
  SlClient client = {sl_pyast_text(scan->source, target), kind};
  sl_vec_push(&scan->clients, client);
}

static bool sl_check__class_wraps_session(const char *source, TSNode class_node) {
  TSNode bases = ts_node_child_by_field_name(class_node, "superclasses", 12);
  uint32_t count = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < count; i++) {
    char *base = sl_pyast_text(source, ts_node_named_child(bases, i));
    bool wraps = strstr(base, "HTTPAdapter") || strcmp(base, "Session") == 0 ||
                 strcmp(base, "requests.Session") == 0;
    sl_free(base);
    if (wraps) return true;
  }
  return false;
}

static bool sl_check__collect(void *context, TSNode node) {
  SlClientScan *scan = context;
  if (sl_pyast_is(node, "assignment"))
    sl_check__bind(scan, ts_node_child_by_field_name(node, "left", 4),
                   ts_node_child_by_field_name(node, "right", 5));
  else if (sl_pyast_is(node, "as_pattern") && ts_node_named_child_count(node) == 2)
    sl_check__bind(scan, ts_node_named_child(ts_node_named_child(node, 1), 0),
                   ts_node_named_child(node, 0));
  else if (sl_pyast_is(node, "class_definition") &&
           sl_check__class_wraps_session(scan->source, node))
    scan->session_wrapped = true;
  return true;
}

static const SlClient *sl_check__client_of(const SlClientScan *scan, TSNode receiver) {
  for (size_t i = 0; i < scan->clients.count; i++)
    if (sl_pyast_text_is(scan->source, receiver, scan->clients.items[i].receiver))
      return &scan->clients.items[i];
  return NULL;
}

static bool sl_check__is_http_method(const char *source, TSNode method) {
  static const char *const methods[] = {"get",    "post", "put",     "patch",
                                        "delete", "head", "options", "request"};
  for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
    if (sl_pyast_text_is(source, method, methods[i])) return true;
  return false;
}

typedef struct {
  SlClientScan *scan;
  SlClientKind kind;
  const SlNativeFile *file;
  SlNativeEmitter *emitter;
} SlClientCheck;

/* `receiver.method(...)`, or for stubs also `receiver.Method.future(...)`. */
static const SlClient *sl_check__called_client(SlClientCheck *check, TSNode function,
                                               TSNode *method) {
  if (!sl_pyast_is(function, "attribute")) return NULL;
  TSNode object = ts_node_child_by_field_name(function, "object", 6);
  *method = ts_node_child_by_field_name(function, "attribute", 9);
  const SlClient *client = sl_check__client_of(check->scan, object);
  if (client || !sl_pyast_is(object, "attribute") ||
      !sl_pyast_text_is(check->scan->source, *method, "future"))
    return client;
  *method = ts_node_child_by_field_name(object, "attribute", 9);
  client = sl_check__client_of(check->scan, ts_node_child_by_field_name(object, "object", 6));
  return client && client->kind == SL_CLIENT_STUB ? client : NULL;
}

static bool sl_check__visit_call(void *context, TSNode node) {
  SlClientCheck *check = context;
  if (!sl_pyast_is(node, "call")) return true;
  const char *source = check->scan->source;
  TSNode method;
  const SlClient *client =
      sl_check__called_client(check, ts_node_child_by_field_name(node, "function", 8), &method);
  bool triton = client && client->kind == SL_CLIENT_TRITON_GRPC;
  if (!client || (client->kind != check->kind && !(triton && check->kind == SL_CLIENT_STUB)))
    return true;
  if (client->kind == SL_CLIENT_SESSION &&
      (check->scan->session_wrapped || !sl_check__is_http_method(source, method)))
    return true;
  if (triton && !sl_pyast_text_is(source, method, "infer") &&
      !sl_pyast_text_is(source, method, "async_infer"))
    return true; /* health and metadata calls are quick */
  const char *keyword = triton ? "client_timeout" : "timeout";
  bool splat = false;
  if (!ts_node_is_null(sl_pyast_keyword(source, node, keyword, &splat)) || splat) return true;
  /* A stub call's second positional parameter is its timeout: stub.Predict(request, 10.0). */
  if (client->kind == SL_CLIENT_STUB && !ts_node_is_null(sl_pyast_positional(node, 1))) return true;
  char *method_name = sl_pyast_text(source, method);
  SlNativeVar vars[] = {
      {"client", client->receiver}, {"method", method_name}, {"keyword", keyword}};
  char *code = sl_pyast_text(source, node);
  SlNativeHit hit = {.span = sl_span_of_node(node), .code = code, .vars = vars, .var_count = 3};
  sl_native_emit(check->emitter, &hit);
  sl_free(code);
  sl_free(method_name);
  return true;
}

static void sl_check__client_calls(const SlNativeFile *file, SlNativeEmitter *emitter,
                                   SlClientKind kind) {
  /* Most files construct neither: a substring test spares them two tree walks. */
  if (!strstr(file->source->bytes, kind == SL_CLIENT_SESSION ? "ession" : "Stub") &&
      !(kind == SL_CLIENT_STUB && strstr(file->source->bytes, "InferenceServerClient")))
    return;
  SlClientScan scan = {file->source->bytes, {0}, false};
  sl_pyast_walk(file->root, sl_check__collect, &scan);
  if (scan.clients.count) {
    SlClientCheck check = {&scan, kind, file, emitter};
    sl_pyast_walk(file->root, sl_check__visit_call, &check);
  }
  for (size_t i = 0; i < scan.clients.count; i++) sl_free(scan.clients.items[i].receiver);
  sl_vec_delete(&scan.clients);
}

void sl_check_session_timeouts(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__client_calls(file, emitter, SL_CLIENT_SESSION);
}

void sl_check_grpc_timeouts(const SlNativeFile *file, SlNativeEmitter *emitter) {
  sl_check__client_calls(file, emitter, SL_CLIENT_STUB);
}
