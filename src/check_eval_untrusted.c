/*
 * check_eval_untrusted: Python's `eval` and `exec` run on text that comes from the
 * request being served or from a download (taint.h). `eval(request.shape)` to read a
 * tuple, or `exec(requests.get(url).text)` to define a model class, hands whoever sends
 * the request (or controls the download) the process: `ast.literal_eval` or
 * `json.loads` read data without running it. Only the builtins are judged (a method
 * named `eval`, `model.eval()`, is not Python's), and only their first argument.
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/pyast.h"
#include "servelint/taint.h"

typedef struct {
  const SlNativeFile *file;
  SlNativeEmitter *emitter;
} SlEvalScan;

static bool sl_check__visit_eval(void *context, TSNode node) {
  SlEvalScan *scan = context;
  if (!sl_pyast_is(node, "call")) return true;
  const char *source = scan->file->source->bytes;
  TSNode function = ts_node_child_by_field_name(node, "function", 8);
  if (!sl_pyast_text_is(source, function, "eval") && !sl_pyast_text_is(source, function, "exec"))
    return true;
  TSNode argument = sl_pyast_positional(node, 0);
  if (ts_node_is_null(argument)) return true;
  SlTaint taint = sl_taint_of(scan->file->source, scan->file->facts, argument);
  if (taint == SL_TAINT_NONE) return true;
  char *builtin = sl_pyast_text(source, function);
  char *code = sl_pyast_text(source, argument);
  SlNativeVar vars[] = {
      {"builtin", builtin},
      {"code", code},
      {"origin", taint == SL_TAINT_REQUEST ? "the request" : "a download"},
      {"who", taint == SL_TAINT_REQUEST ? "anyone who can call this service"
                                        : "anyone who can change what is downloaded"}};
  SlNativeHit hit = {.span = sl_span_of_node(node), .code = code, .vars = vars, .var_count = 4};
  sl_native_emit(scan->emitter, &hit);
  sl_free(builtin);
  sl_free(code);
  return true;
}

void sl_check_eval_untrusted(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!strstr(file->source->bytes, "eval(") && !strstr(file->source->bytes, "exec(")) return;
  SlEvalScan scan = {file, emitter};
  sl_pyast_walk(file->root, sl_check__visit_eval, &scan);
}
