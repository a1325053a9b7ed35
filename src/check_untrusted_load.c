/*
 * check_untrusted_load: pickle-based deserialisation (pickle, joblib, cloudpickle,
 * dill, pandas.read_pickle, numpy.load(allow_pickle=True), torch.load without
 * weights_only=True) of bytes that come from the request being served or from a
 * download (taint.h). Unpickling runs arbitrary code: from a request it is remote code
 * execution for anyone who can call the endpoint; from a download, for anyone who can
 * tamper with the source or the transfer.
 */
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/native.h"
#include "servelint/pyast.h"
#include "servelint/taint.h"

static const char *const pickle_loaders[] = {
    "pickle.load",        "pickle.loads",  "cPickle.load", "cPickle.loads",
    "_pickle.load",       "_pickle.loads", "joblib.load",  "cloudpickle.load",
    "cloudpickle.loads",  "dill.load",     "dill.loads",   "pd.read_pickle",
    "pandas.read_pickle", "torch.load",    "np.load",      "numpy.load"};

static bool sl_check__is_pickle_loader(const char *source, TSNode function) {
  for (size_t i = 0; i < sizeof pickle_loaders / sizeof *pickle_loaders; i++)
    if (sl_pyast_text_is(source, function, pickle_loaders[i])) return true;
  return false;
}

/* torch.load(weights_only=True) and numpy.load without allow_pickle=True are safe. */
static bool sl_check__is_safe_variant(const char *source, TSNode call, TSNode function) {
  if (sl_pyast_text_is(source, function, "torch.load")) {
    TSNode weights_only = sl_pyast_keyword(source, call, "weights_only", NULL);
    return !ts_node_is_null(weights_only) && sl_pyast_text_is(source, weights_only, "True");
  }
  if (sl_pyast_text_is(source, function, "np.load") ||
      sl_pyast_text_is(source, function, "numpy.load")) {
    TSNode allow = sl_pyast_keyword(source, call, "allow_pickle", NULL);
    return ts_node_is_null(allow) || !sl_pyast_text_is(source, allow, "True");
  }
  return false;
}

static TSNode sl_check__payload_argument(const char *source, TSNode call) {
  static const char *const keywords[] = {"file",     "f",   "fp", "filepath_or_buffer",
                                         "filename", "data"};
  TSNode argument = sl_pyast_positional(call, 0);
  for (size_t i = 0; ts_node_is_null(argument) && i < sizeof keywords / sizeof *keywords; i++)
    argument = sl_pyast_keyword(source, call, keywords[i], NULL);
  return argument;
}

typedef struct {
  const SlNativeFile *file;
  SlNativeEmitter *emitter;
  SlTaint wanted;
} SlUntrustedScan;

static bool sl_check__visit_load(void *context, TSNode node) {
  SlUntrustedScan *scan = context;
  if (!sl_pyast_is(node, "call")) return true;
  const char *source = scan->file->source->bytes;
  TSNode function = ts_node_child_by_field_name(node, "function", 8);
  if (!sl_check__is_pickle_loader(source, function) ||
      sl_check__is_safe_variant(source, node, function))
    return true;
  TSNode argument = sl_check__payload_argument(source, node);
  if (ts_node_is_null(argument) ||
      sl_taint_of(scan->file->source, scan->file->facts, argument) != scan->wanted)
    return true;
  char *loader = sl_pyast_text(source, function);
  char *payload = sl_pyast_text(source, argument);
  SlNativeVar vars[] = {{"loader", loader}, {"payload", payload}};
  SlNativeHit hit = {.span = sl_span_of_node(node), .code = payload, .vars = vars, .var_count = 2};
  sl_native_emit(scan->emitter, &hit);
  sl_free(loader);
  sl_free(payload);
  return true;
}

/* Whether the file mentions any pickle-based loader at all: most do not, and a
 * substring test spares them a tree walk. */
static bool sl_check__mentions_loader(const char *bytes) {
  static const char *const words[] = {"pickle",     "joblib",  "dill",
                                      "torch.load", "np.load", "numpy.load"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strstr(bytes, words[i])) return true;
  return false;
}

void sl_check_deserialize_request(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!sl_check__mentions_loader(file->source->bytes)) return;
  SlUntrustedScan scan = {file, emitter, SL_TAINT_REQUEST};
  sl_pyast_walk(file->root, sl_check__visit_load, &scan);
}

void sl_check_deserialize_download(const SlNativeFile *file, SlNativeEmitter *emitter) {
  if (!sl_check__mentions_loader(file->source->bytes)) return;
  SlUntrustedScan scan = {file, emitter, SL_TAINT_DOWNLOAD};
  sl_pyast_walk(file->root, sl_check__visit_load, &scan);
}
