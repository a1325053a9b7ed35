/*
 * matcher_internal: the compiled form of a rule's `match:` section, shared by
 * matcher_compile.c, matcher_python.c and matcher_yaml.c.
 */
#ifndef SERVELINT_MATCHER_INTERNAL_H
#define SERVELINT_MATCHER_INTERNAL_H

#include "servelint/matcher.h"
#include "servelint/native.h"
#include "servelint/vec.h"
#include "servelint/yaml_path.h"

typedef enum {
  /* Python, on a capture's node */
  SL_CONDITION_KWARG,        /* has-kwarg / lacks-kwarg (negated) */
  SL_CONDITION_ARGUMENT,     /* positional argument N matches / not-matches */
  SL_CONDITION_CAPTURE,      /* a capture's text matches / not-matches */
  SL_CONDITION_INSIDE,       /* inside / not-inside an ancestor matching a query */
  SL_CONDITION_CONTAINS,     /* contains / not-contains a descendant matching a query */
  SL_CONDITION_FILE,         /* file-has / file-lacks */
  SL_CONDITION_ENTRY,        /* in-entry-point / not-in-entry-point: the file's facts */
  SL_CONDITION_PATH,         /* path-matches / path-not-matches: the file's path */
  SL_CONDITION_MODEL_HELPER, /* calls-model-helper: the node holds a call of a function of
                                this file that runs a model (facts) */
  /* YAML, on a selected node */
  SL_CONDITION_VALUE_MATCHES,   /* matches / not-matches */
  SL_CONDITION_VALUE_EQUALS,    /* equals one of the listed strings */
  SL_CONDITION_VALUE_COMPARE,   /* "<", "<=", ">", ">=" a number */
  SL_CONDITION_KEY_PRESENT,     /* present / missing (negated) */
  SL_CONDITION_SIBLING_PRESENT, /* sibling-present / sibling-missing (negated): a key beside the
                                   selected one */
  /* combinators, both languages */
  SL_CONDITION_ALL,
  SL_CONDITION_ANY,
  SL_CONDITION_NOT,
} SlConditionKind;

typedef enum { SL_STOP_AT_NONE, SL_STOP_AT_FUNCTION, SL_STOP_AT_CLASS } SlStopAt;

typedef struct SlCondition SlCondition;
struct SlCondition {
  SlConditionKind kind;
  bool negated;
  char *capture_name;        /* owned; node the condition judges; NULL = the reported node */
  uint32_t capture_id;       /* bound in the combined query */
  char *name;                /* owned; keyword name or YAML key */
  SlRegex *regex;            /* owned; value or text regex (optional for kwargs) */
  uint32_t position;         /* argument index, 0-based */
  bool splat_counts;         /* kwargs: a `**kwargs` splat may hold the keyword */
  SlQuery *query;            /* owned; inside / file queries */
  uint32_t query_capture_id; /* inside: the capture that is the ancestor */
  SlStopAt stop_at;
  /* inside / contains `same-text: {inner: outer}`: the ancestor (or descendant) counts
   * only when its query's capture `inner` has the same text as the rule query's
   * capture `outer` (e.g. the alias of `except ... as e` and the `e` used). */
  bool same_text;
  uint32_t same_inner_id;   /* in `query` */
  char *same_outer_name;    /* owned */
  uint32_t same_outer_id;   /* bound in the combined query */
  uint32_t patterns;        /* in-entry-point: bits of SlServingPattern accepted */
  bool require_async;       /* in-entry-point: the entry point is an `async def` */
  bool require_model_call;  /* in-entry-point: the entry point's own code calls a model */
  bool reached;             /* in-entry-point: a function an online entry point of the file
                               calls (on its request path) counts as well */
  bool values_excluded;     /* in-entry-point: `values` are frameworks refused, not accepted */
  char compare_operator[3]; /* "<", "<=", ">", ">=" */
  double number;
  char **values; /* owned; equals; in-entry-point: framework names */
  size_t value_count;
  SlCondition *children; /* owned; combinators */
  size_t child_count;
};

/* One YAML document selector: all given fields must hold. */
typedef struct {
  char **kinds; /* owned; `kind` is one of these (none: any) */
  size_t kind_count;
  SlRegex *api_version; /* owned; optional */
  char **files;         /* owned; file-name globs (fnmatch on the base name) */
  size_t file_count;
  bool compose; /* `format: compose`: the document is a Compose file, whatever its name */
} SlDocumentSelector;

struct SlMatcher {
  int language;
  const SlNativeCheck *native; /* set for `match: {native: NAME}`; nothing else is then */
  /* Python */
  char *query_text; /* owned */
  uint32_t pattern_count;
  char *report_capture;       /* owned */
  uint32_t report_capture_id; /* bound in the combined query */
  /* YAML */
  SlDocumentSelector *selectors; /* owned; a document qualifies when any selector holds */
  size_t selector_count;
  SlYamlPath *path; /* owned */
  /* both */
  SlCondition where; /* an ALL node; no children = always */
};

/* Frees what a condition owns (not the condition itself). */
void sl_condition_clear(SlCondition *condition);

#endif

/* The answer of one constraint query over the whole file, computed at most once. */
typedef struct {
  const SlCondition *condition; /* the inside / file condition it answers */
  bool matched;                 /* file: the query matched somewhere */
  SlVec(TSNode) nodes;          /* inside: every captured ancestor candidate */
  SlVec(TSNode) keys; /* same-text: the inner capture of each of `nodes` (null if absent) */
} SlQueryAnswer;

struct SlFileScan {
  const SlSource *source; /* borrowed */
  TSTree *tree;           /* borrowed; NULL for YAML */
  const SlYamlFile *yaml; /* borrowed; NULL for Python */
  SlRoleSet roles;
  const SlFileFacts *facts;     /* borrowed; NULL until the engine sets it (Python) */
  SlRegexScratch *scratch;      /* borrowed; the thread's */
  TSQueryCursor *cursor;        /* owned; for constraint queries */
  SlVec(SlQueryAnswer) answers; /* owned; a handful per file, searched linearly */
};
