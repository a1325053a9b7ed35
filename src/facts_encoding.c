/*
 * facts_encoding: categorical features encoded by hand. A loop over category names typed
 * into the code that compares a value with each name and yields 0 or 1 is a one-hot (or
 * indicator) encoder re-implemented with a vocabulary of its own:
 *   for cat in ["MORTGAGE", "OWN", "RENT"]:
 *       feats[f"home_{cat}"] = (home == cat).astype(int)
 *   row += [1 if state == s else 0 for s in STATES]      (STATES = ["AK", "AL", ...])
 * The categories are a list, tuple or set of at least three string literals (or integer
 * codes), written in the loop or assigned to a module-level name of this file or, for an
 * upper-case name, of another. Whether the encoding is a defect (serving re-implements
 * what training fitted) is the check's to judge (check_hand_encoding.c); this stage only
 * records where it happens.
 *
 * The same for the model's output vocabulary: a label map typed into the code (a
 * label-named list of class names, or a dict from class index to name) that the file
 * indexes with a computed value or hands to a call.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "servelint/alloc.h"
#include "servelint/facts.h"
#include "servelint/pyast.h"

/* Categories written out: at least three string literals without interpolation, or
 * three integer codes (`AREA_CODES = [408, 415, 510]`), not a mix. */
static bool sl_encoding__category_literal(TSNode node) {
  if (!sl_pyast_is(node, "list") && !sl_pyast_is(node, "tuple") && !sl_pyast_is(node, "set"))
    return false;
  uint32_t strings = 0, integers = 0;
  for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
    TSNode element = ts_node_named_child(node, i);
    if (sl_pyast_is(element, "comment")) continue;
    if (sl_pyast_is(element, "integer")) {
      integers++;
      continue;
    }
    if (!sl_pyast_is(element, "string")) return false;
    for (uint32_t j = 0; j < ts_node_named_child_count(element); j++)
      if (sl_pyast_is(ts_node_named_child(element, j), "interpolation")) return false;
    strings++;
  }
  return (strings >= 3 && integers == 0) || (integers >= 3 && strings == 0);
}

/* The literal a module-level `NAME = [...]` gives `name`, or a null node. */
static TSNode sl_encoding__module_value(const char *source, TSNode root, TSNode name) {
  TSNode found = {0};
  for (uint32_t i = 0; i < ts_node_named_child_count(root); i++) {
    TSNode statement = ts_node_named_child(root, i);
    if (!sl_pyast_is(statement, "expression_statement")) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    if (!sl_pyast_is(assignment, "assignment")) continue;
    TSNode left = ts_node_child_by_field_name(assignment, "left", 4);
    if (sl_pyast_is(left, "identifier") && sl_pyast_same_text(source, left, name))
      found = ts_node_child_by_field_name(assignment, "right", 5); /* the last one wins */
  }
  return found;
}

/* A constant's name: upper-case letters, digits and underscores, a letter among them. */
static bool sl_encoding__upper_case(const char *source, TSNode name) {
  bool letter = false;
  for (uint32_t at = ts_node_start_byte(name); at < ts_node_end_byte(name); at++) {
    char c = source[at];
    if (c >= 'a' && c <= 'z') return false;
    letter |= c >= 'A' && c <= 'Z';
  }
  return letter;
}

/* What a walk of a loop's body looks for: a comparison of a value with the loop
 * variable, and a 0 / 1 / int / float / astype producing the feature. */
typedef struct {
  const char *source;
  TSNode variable;
  TSNode compared; /* the other operand of the first `value == variable` */
  bool numeric;
} SlEncodingBody;

/* Whether a 0 or 1 is a feature's value: assigned (`row[i] = 1`), chosen (`1 if ... else
 * 0`, Spark's `F.when(c, 1).otherwise(0)`, `np.where(c, 1, 0)`), appended
 * (`row.append(0)`), multiplied in (`(x == c) * 1`) or listed; not an index or another
 * call's argument (`m.group(1)`, `x[0]`). */
static bool sl_encoding__feature_value(const char *source, TSNode number) {
  TSNode parent = ts_node_parent(number);
  if (sl_pyast_is(parent, "argument_list")) {
    TSNode function = ts_node_child_by_field_name(ts_node_parent(parent), "function", 8);
    TSNode last = sl_pyast_is(function, "attribute")
                      ? ts_node_child_by_field_name(function, "attribute", 9)
                      : function;
    static const char *const takers[] = {"append", "extend",    "insert",
                                         "when",   "otherwise", "where"};
    for (size_t i = 0; i < sizeof takers / sizeof *takers; i++)
      if (sl_pyast_text_is(source, last, takers[i])) return true;
    return false;
  }
  return sl_pyast_is(parent, "conditional_expression") || sl_pyast_is(parent, "assignment") ||
         sl_pyast_is(parent, "augmented_assignment") || sl_pyast_is(parent, "binary_operator") ||
         sl_pyast_is(parent, "list") || sl_pyast_is(parent, "return_statement");
}

static bool sl_encoding__visit_body(void *context, TSNode node) {
  SlEncodingBody *body = context;
  const char *source = body->source;
  if (sl_pyast_is(node, "integer") &&
      (sl_pyast_text_is(source, node, "0") || sl_pyast_text_is(source, node, "1")) &&
      sl_encoding__feature_value(source, node))
    body->numeric = true;
  if (sl_pyast_is(node, "call")) {
    TSNode function = ts_node_child_by_field_name(node, "function", 8);
    TSNode last = sl_pyast_is(function, "attribute")
                      ? ts_node_child_by_field_name(function, "attribute", 9)
                      : function;
    if (sl_pyast_text_is(source, last, "int") || sl_pyast_text_is(source, last, "float") ||
        sl_pyast_text_is(source, last, "astype"))
      body->numeric = true;
  }
  /* `value == variable` (either side; one comparison, not a chain) */
  if (ts_node_is_null(body->compared) && sl_pyast_is(node, "comparison_operator") &&
      ts_node_named_child_count(node) == 2 && ts_node_child_count(node) == 3 &&
      sl_pyast_text_is(source, ts_node_child(node, 1), "==")) {
    TSNode left = ts_node_named_child(node, 0), right = ts_node_named_child(node, 1);
    TSNode other = sl_pyast_same_text(source, left, body->variable)    ? right
                   : sl_pyast_same_text(source, right, body->variable) ? left
                                                                       : (TSNode){0};
    if (!ts_node_is_null(other) && !sl_pyast_is(other, "string") &&
        !sl_pyast_is(other, "integer") && !sl_pyast_same_text(source, left, right))
      body->compared = other;
  }
  return true;
}

static char *sl_encoding__shortened(const char *source, TSNode node) {
  char *text = sl_pyast_text(source, node);
  for (char *c = text; *c; c++)
    if (*c == '\n' || *c == '\t') *c = ' ';
  if (strlen(text) > 40) strcpy(text + 36, " ...");
  return text;
}

/* Records the loop `loop` (header `variable in iterable`, body `body`) when it encodes by
 * hand. */
static void sl_encoding__judge(const SlSource *source_file, TSNode root, SlFileFacts *facts,
                               TSNode loop, TSNode variable, TSNode iterable, TSNode body) {
  const char *source = source_file->bytes;
  if (!sl_pyast_is(variable, "identifier") || ts_node_is_null(body)) return;
  TSNode categories = iterable;
  bool imported = false;
  if (sl_pyast_is(iterable, "identifier")) {
    categories = sl_encoding__module_value(source, root, iterable);
    imported = ts_node_is_null(categories) && sl_encoding__upper_case(source, iterable);
  }
  if (!imported && (ts_node_is_null(categories) || !sl_encoding__category_literal(categories)))
    return;
  SlEncodingBody scan = {.source = source, .variable = variable, .numeric = false};
  sl_pyast_walk(body, sl_encoding__visit_body, &scan);
  if (ts_node_is_null(scan.compared) || !scan.numeric) return;
  SlSpan span = sl_span_of_node(loop);
  SlSpan header_end = sl_span_of_node(iterable);
  span.end_line = header_end.end_line;
  span.end_column = header_end.end_column;
  span.end_byte = header_end.end_byte;
  const SlFunction *function =
      sl_facts_enclosing_function(facts, ts_node_start_byte(loop), ts_node_end_byte(loop));
  SlHandEncoding encoding = {span, sl_strdup(function ? function->name : ""),
                             sl_encoding__shortened(source, iterable),
                             sl_encoding__shortened(source, scan.compared), imported};
  sl_vec_push(&facts->hand_encodings, encoding);
}

typedef struct {
  const SlSource *source;
  TSNode root;
  SlFileFacts *facts;
  bool compares; /* the file holds `==` and a loop over a literal or a constant: it may
                    encode by hand */
} SlEncodingScan;

static void sl_encoding__judge_assignment(const SlEncodingScan *scan, TSNode node);

static bool sl_encoding__visit(void *context, TSNode node) {
  SlEncodingScan *scan = context;
  if (sl_pyast_is(node, "assignment")) sl_encoding__judge_assignment(scan, node);
  if (!scan->compares) return true;
  if (sl_pyast_is(node, "for_statement")) {
    sl_encoding__judge(scan->source, scan->root, scan->facts, node,
                       ts_node_child_by_field_name(node, "left", 4),
                       ts_node_child_by_field_name(node, "right", 5),
                       ts_node_child_by_field_name(node, "body", 4));
  } else if (sl_pyast_is(node, "list_comprehension") || sl_pyast_is(node, "generator_expression") ||
             sl_pyast_is(node, "set_comprehension")) {
    /* `[1 if x == c else 0 for c in CATS]`: one for clause, the element is the body */
    TSNode clause = {0};
    for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
      if (sl_pyast_is(ts_node_named_child(node, i), "for_in_clause")) {
        if (!ts_node_is_null(clause)) return true; /* nested clauses: not a plain encoding */
        clause = ts_node_named_child(node, i);
      }
    if (!ts_node_is_null(clause))
      sl_encoding__judge(scan->source, scan->root, scan->facts, node,
                         ts_node_child_by_field_name(clause, "left", 4),
                         ts_node_child_by_field_name(clause, "right", 5),
                         ts_node_child_by_field_name(node, "body", 4));
  }
  return true;
}

/* Module-level names assigned a category list, for encodings in other files. */
static void sl_encoding__note_category_lists(const char *source, TSNode root, SlFileFacts *facts) {
  for (uint32_t i = 0; i < ts_node_named_child_count(root); i++) {
    TSNode statement = ts_node_named_child(root, i);
    TSNode assignment = sl_pyast_is(statement, "expression_statement")
                            ? ts_node_named_child(statement, 0)
                            : (TSNode){0};
    if (!sl_pyast_is(assignment, "assignment")) continue;
    TSNode left = ts_node_child_by_field_name(assignment, "left", 4);
    TSNode right = ts_node_child_by_field_name(assignment, "right", 5);
    if (sl_pyast_is(left, "identifier") && sl_encoding__category_literal(right))
      sl_vec_push(&facts->category_lists, sl_pyast_text(source, left));
  }
}

/* ---- label maps ---- */

/* A label map's literal: a list, tuple or set of at least three strings, or a dict of at
 * least three integer keys to strings (`{0: "O", 1: "B-PER", 2: "I-PER"}`). */
static bool sl_encoding__label_literal(TSNode node) {
  if (!sl_pyast_is(node, "dictionary")) {
    if (!sl_encoding__category_literal(node)) return false;
    for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
      if (sl_pyast_is(ts_node_named_child(node, i), "integer")) return false;
    return true;
  }
  uint32_t pairs = 0;
  for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
    TSNode pair = ts_node_named_child(node, i);
    if (sl_pyast_is(pair, "comment")) continue;
    if (!sl_pyast_is(pair, "pair") ||
        !sl_pyast_is(ts_node_child_by_field_name(pair, "key", 3), "integer") ||
        !sl_pyast_is(ts_node_child_by_field_name(pair, "value", 5), "string"))
      return false;
    pairs++;
  }
  return pairs >= 3;
}

/* A target named for class labels: `CLASSES`, `class_names`, `self.categories`,
 * `idx_to_class`, `id2label`, `LABELS`; not a classifier, nor feature, column or input
 * names. */
static bool sl_encoding__label_name(const char *source, TSNode target) {
  TSNode name = sl_pyast_is(target, "attribute")
                    ? ts_node_child_by_field_name(target, "attribute", 9)
                    : target;
  if (!sl_pyast_is(name, "identifier")) return false;
  if (sl_pyast_is(target, "attribute") &&
      !sl_pyast_text_is(source, ts_node_child_by_field_name(target, "object", 6), "self"))
    return false;
  char *text = sl_pyast_text(source, name);
  for (char *c = text; *c; c++)
    if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
  bool label = (strstr(text, "label") || strstr(text, "class") || strstr(text, "categor")) &&
               !strstr(text, "classif") && !strstr(text, "feature") && !strstr(text, "column") &&
               !strstr(text, "field") && !strstr(text, "input") && !strstr(text, "key");
  sl_free(text);
  return label;
}

/* What a walk for the uses of a label map looks for: `target[computed]`, or `target`
 * handed to a call. */
typedef struct {
  const char *source;
  TSNode target;
  bool used;
} SlLabelUse;

static bool sl_encoding__visit_use(void *context, TSNode node) {
  SlLabelUse *use = context;
  if (use->used) return false;
  if (sl_pyast_is(node, "subscript")) {
    TSNode index = ts_node_child_by_field_name(node, "subscript", 9);
    if (sl_pyast_same_text(use->source, ts_node_child_by_field_name(node, "value", 5),
                           use->target) &&
        !sl_pyast_is(index, "string") && !sl_pyast_is(index, "integer") &&
        !sl_pyast_is(index, "slice"))
      use->used = true;
  } else if (sl_pyast_is(node, "argument_list")) {
    for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
      if (sl_pyast_same_text(use->source, ts_node_named_child(node, i), use->target))
        use->used = true;
  }
  return true;
}

/* Records `node` when it assigns a label map the file uses. */
static void sl_encoding__judge_assignment(const SlEncodingScan *scan, TSNode node) {
  TSNode left = ts_node_child_by_field_name(node, "left", 4);
  TSNode right = ts_node_child_by_field_name(node, "right", 5);
  const char *source = scan->source->bytes;
  if (ts_node_is_null(right) || !sl_encoding__label_literal(right) ||
      !sl_encoding__label_name(source, left))
    return;
  SlLabelUse use = {source, left, false};
  sl_pyast_walk(scan->root, sl_encoding__visit_use, &use);
  if (use.used)
    sl_vec_push(&scan->facts->label_maps,
                ((SlLabelMap){sl_span_of_node(node), sl_pyast_text(source, left)}));
}

/* Whether `at` (after optional blanks and line breaks) opens a string or a number: the
 * first element of a literal list of categories. */
static bool sl_encoding__opens_literal_element(const char *at) {
  at += strspn(at, " \t\r\n");
  return *at == '"' || *at == '\'' || (*at >= '0' && *at <= '9');
}

/* Whether the text may loop over categories: ` in ` followed by a bracket opening a string
 * or a number (`in ["OWN", ...`, `in (408, ...`), or by an upper-case name. */
static bool sl_encoding__may_loop_over_categories(const char *text) {
  for (const char *at = strstr(text, " in "); at; at = strstr(at + 4, " in ")) {
    char next = at[4];
    if ((next == '[' || next == '(' || next == '{') && sl_encoding__opens_literal_element(at + 5))
      return true;
    if (next >= 'A' && next <= 'Z') return true;
  }
  return false;
}

/* Whether the text may assign a label map: a name holding `label`, `categor`, `classes`,
 * `class_`, `_class` or `id2` (in any case; not the `class` keyword) assigned a literal
 * list, tuple, set or dict (`CLASSES = [`, `self.id2label = {`). */
static bool sl_encoding__may_name_labels(const char *text) {
  static const char *const words[] = {"label", "categor", "classes", "class_", "_class", "id2"};
  for (const char *at = text; *at; at++) {
    char c = (char)tolower((unsigned char)*at);
    if (c != 'l' && c != 'c' && c != '_' && c != 'i') continue;
    bool word = false;
    for (size_t w = 0; w < sizeof words / sizeof *words && !word; w++)
      word = strncasecmp(at, words[w], strlen(words[w])) == 0;
    if (!word) continue;
    const char *end = at;
    while (*end == '_' || isalnum((unsigned char)*end)) end++;
    end += strspn(end, " \t");
    if (end[0] != '=' || end[1] == '=') continue;
    end += 1 + strspn(end + 1, " \t");
    if (*end == '[' || *end == '(' || *end == '{') return true;
  }
  return false;
}

void sl_facts_find_hand_encodings(const SlSource *source, TSNode root, SlFileFacts *facts) {
  sl_encoding__note_category_lists(source->bytes, root, facts);
  /* Most files can hold neither: a text test spares them the walk. Every encoding
   * compares with `==` and loops over categories; every label map is named for labels. */
  bool compares =
      strstr(source->bytes, "==") != NULL && sl_encoding__may_loop_over_categories(source->bytes);
  if (!compares && !sl_encoding__may_name_labels(source->bytes)) return;
  SlEncodingScan scan = {source, root, facts, compares};
  sl_pyast_walk(root, sl_encoding__visit, &scan);
}
