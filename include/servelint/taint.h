/*
 * taint: where the bytes given to a call come from, as far as one function shows:
 * the request being served (an online entry point's parameter, `request.*`, Lambda's
 * `event`, an uploaded file), a download (urlopen, requests/httpx, hf_hub_download,
 * urlretrieve...), or neither. A light, intra-function def-use: names are followed
 * through their last assignment (or `for`/`with` binding) before the use, a few
 * levels deep. It never claims more than it sees: unknown means "not tainted".
 */
#ifndef SERVELINT_TAINT_H
#define SERVELINT_TAINT_H

#include <tree_sitter/api.h>

#include "servelint/facts.h"

typedef enum { SL_TAINT_NONE, SL_TAINT_DOWNLOAD, SL_TAINT_REQUEST } SlTaint;

/* The taint of expression `node` in the file `source` whose facts are `facts`
 * (its entry points decide which parameters carry requests). */
SlTaint sl_taint_of(const SlSource *source, const SlFileFacts *facts, TSNode node);

/* The value last bound to `name` in `scope` (an assignment, `for`, `with ... as`, `:=`)
 * by a binding starting before byte `before`, or a null node. */
TSNode sl_taint_binding_before(const char *source, TSNode scope, const char *name, uint32_t before);

#endif
