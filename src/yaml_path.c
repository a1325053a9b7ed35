/*
 * yaml_path: compile a path into steps, then select by applying the steps to a set of
 * cursors, one step at a time.
 *
 * Invariants of a selection: the current set holds each value node at most once (a
 * pointer-keyed index finds it), every cursor's depth is the shortest distance from the
 * root found so far and never exceeds SL_YAML_MAX_DEPTH, and every child examined spends
 * one unit of a per-call budget of SL_YAML_PATH__MAX_VISITS. Deduplication makes each
 * step linear in the number of distinct nodes, so shared subtrees (billion laughs) cost
 * once; the depth bound and the budget stop cycles and anything that slips past both.
 */
#include "servelint/yaml_path.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/strbuf.h"

/* Children examined per sl_yaml_path_select call, at most. */
#define SL_YAML_PATH__MAX_VISITS 1000000

/* "No cursor" for functions returning a cursor index. */
#define SL_YAML_PATH__NONE SIZE_MAX

typedef enum {
  SL_YAML_STEP_KEY,      /* name: the value of that key in a mapping (last duplicate wins) */
  SL_YAML_STEP_ANY_KEY,  /* `*`: every value of a mapping */
  SL_YAML_STEP_ANY_ITEM, /* `[*]`: every item of a sequence */
  SL_YAML_STEP_INDEX,    /* `[N]`: item N of a sequence */
  SL_YAML_STEP_DESCEND,  /* `**`: the node itself and every descendant */
} SlYamlStepKind;

typedef struct {
  SlYamlStepKind kind;
  char *key;    /* owned; SL_YAML_STEP_KEY only */
  size_t index; /* SL_YAML_STEP_INDEX only */
} SlYamlStep;

/* Invariant: at least one step. */
struct SlYamlPath {
  SlVec(SlYamlStep) steps;
};

/* ---- compiling -------------------------------------------------------------------- */

typedef struct {
  const char *text;
  size_t pos; /* byte offset of the next unread character */
  SlYamlPath *path;
  SlError *error;
} SlYamlPathParser;

/* Records a syntax error at byte `offset` of the text; returns false for `return`. */
static bool sl_yaml_path__fail(SlYamlPathParser *parser, size_t offset, const char *message) {
  uint32_t column = offset >= UINT32_MAX ? UINT32_MAX : (uint32_t)offset + 1;
  sl_error_set(parser->error, SL_ERROR_RULE, NULL, 0, column, "%s", message);
  return false;
}

static bool sl_yaml_path__fail_char(SlYamlPathParser *parser, const char *expected) {
  unsigned char c = (unsigned char)parser->text[parser->pos];
  char message[96];
  if (c >= 0x20 && c < 0x7F)
    snprintf(message, sizeof message, "unexpected character '%c'%s", c, expected);
  else
    snprintf(message, sizeof message, "unexpected byte 0x%02X%s", c, expected);
  return sl_yaml_path__fail(parser, parser->pos, message);
}

/* Characters a bare key may hold: anything printable but the path's own punctuation
 * (bytes >= 0x80 are allowed, so UTF-8 keys work unquoted). */
static bool sl_yaml_path__is_key_char(char c) {
  unsigned char u = (unsigned char)c;
  if (u <= 0x20 || u == 0x7F) return false;
  return !strchr(".[]\"'*", c);
}

static bool sl_yaml_path__is_quote(char c) { return c == '"' || c == '\''; }

static void sl_yaml_path__push(SlYamlPathParser *parser, SlYamlStep step) {
  sl_vec_push(&parser->path->steps, step);
}

static bool sl_yaml_path__parse_bare_key(SlYamlPathParser *parser) {
  size_t start = parser->pos;
  while (sl_yaml_path__is_key_char(parser->text[parser->pos])) parser->pos++;
  if (parser->text[parser->pos] == '*')
    return sl_yaml_path__fail(parser, parser->pos, "'*' must be a whole step ('*' or '**')");
  char *key = sl_strndup(parser->text + start, parser->pos - start);
  sl_yaml_path__push(parser, (SlYamlStep){.kind = SL_YAML_STEP_KEY, .key = key});
  return true;
}

/* A quoted key: '...' or "..."; a backslash takes the next character literally. */
static bool sl_yaml_path__parse_quoted(SlYamlPathParser *parser) {
  const char *text = parser->text;
  char quote = text[parser->pos];
  size_t start = parser->pos++;
  SlStrbuf key = {0};
  while (text[parser->pos] != quote) {
    if (text[parser->pos] == '\\') parser->pos++;
    if (text[parser->pos] == '\0') {
      sl_strbuf_delete(&key);
      return sl_yaml_path__fail(parser, start, "unterminated quoted key");
    }
    sl_strbuf_append(&key, text + parser->pos++, 1);
  }
  parser->pos++;
  sl_yaml_path__push(parser, (SlYamlStep){.kind = SL_YAML_STEP_KEY, .key = sl_strbuf_take(&key)});
  return true;
}

/* `*` or `**`, standing alone between separators. */
static bool sl_yaml_path__parse_stars(SlYamlPathParser *parser) {
  size_t start = parser->pos;
  while (parser->text[parser->pos] == '*') parser->pos++;
  char next = parser->text[parser->pos];
  if (parser->pos - start > 2 || sl_yaml_path__is_key_char(next) || sl_yaml_path__is_quote(next))
    return sl_yaml_path__fail(parser, start, "'*' must be a whole step ('*' or '**')");
  SlYamlStepKind kind = parser->pos - start == 1 ? SL_YAML_STEP_ANY_KEY : SL_YAML_STEP_DESCEND;
  sl_yaml_path__push(parser, (SlYamlStep){.kind = kind});
  return true;
}

static bool sl_yaml_path__parse_index(SlYamlPathParser *parser) {
  size_t start = parser->pos, index = 0;
  for (; isdigit((unsigned char)parser->text[parser->pos]); parser->pos++) {
    size_t digit = (size_t)(parser->text[parser->pos] - '0');
    if (index > (SIZE_MAX - digit) / 10)
      return sl_yaml_path__fail(parser, start, "index too large");
    index = index * 10 + digit;
  }
  sl_yaml_path__push(parser, (SlYamlStep){.kind = SL_YAML_STEP_INDEX, .index = index});
  return true;
}

/* `[*]`, `[N]`, `["key"]` or `['key']`. */
static bool sl_yaml_path__parse_bracket(SlYamlPathParser *parser) {
  char c = parser->text[++parser->pos];
  bool ok;
  if (c == '*') {
    parser->pos++;
    sl_yaml_path__push(parser, (SlYamlStep){.kind = SL_YAML_STEP_ANY_ITEM});
    ok = true;
  } else if (isdigit((unsigned char)c)) {
    ok = sl_yaml_path__parse_index(parser);
  } else if (sl_yaml_path__is_quote(c)) {
    ok = sl_yaml_path__parse_quoted(parser);
  } else {
    return sl_yaml_path__fail(parser, parser->pos,
                              "expected '*', an index or a quoted key after '['");
  }
  if (!ok) return false;
  if (parser->text[parser->pos] != ']')
    return sl_yaml_path__fail(parser, parser->pos, "expected ']'");
  parser->pos++;
  return true;
}

static bool sl_yaml_path__parse_step(SlYamlPathParser *parser) {
  char c = parser->text[parser->pos];
  if (c == '[') return sl_yaml_path__parse_bracket(parser);
  if (sl_yaml_path__is_quote(c)) return sl_yaml_path__parse_quoted(parser);
  if (c == '*') return sl_yaml_path__parse_stars(parser);
  if (sl_yaml_path__is_key_char(c)) return sl_yaml_path__parse_bare_key(parser);
  if (c == '.' || c == '\0') return sl_yaml_path__fail(parser, parser->pos, "empty step");
  return sl_yaml_path__fail_char(parser, "");
}

/* path := step (('.' step) | bracket)* ; a bracket may also follow a '.'. */
static bool sl_yaml_path__parse(SlYamlPathParser *parser) {
  if (parser->text[0] == '\0') return sl_yaml_path__fail(parser, 0, "empty path");
  for (;;) {
    if (!sl_yaml_path__parse_step(parser)) return false;
    char c = parser->text[parser->pos];
    if (c == '\0') return true;
    if (c == '.')
      parser->pos++;
    else if (c != '[')
      return sl_yaml_path__fail_char(parser, " (expected '.' or '[')");
  }
}

SlYamlPath *sl_yaml_path_compile(const char *text, SlError *error) {
  SlYamlPathParser parser = {.text = text ? text : "", .error = error};
  parser.path = sl_calloc(1, sizeof *parser.path);
  if (sl_yaml_path__parse(&parser)) return parser.path;
  sl_yaml_path_delete(parser.path);
  return NULL;
}

void sl_yaml_path_delete(SlYamlPath *path) {
  if (!path) return;
  for (size_t i = 0; i < path->steps.count; i++) sl_free(path->steps.items[i].key);
  sl_vec_delete(&path->steps);
  sl_free(path);
}

SlYamlPath *sl_yaml_path_parent(const SlYamlPath *path) {
  if (!path || path->steps.count < 2) return NULL;
  SlYamlPath *parent = sl_calloc(1, sizeof *parent);
  for (size_t i = 0; i + 1 < path->steps.count; i++) {
    SlYamlStep step = path->steps.items[i];
    if (step.key) step.key = sl_strdup(step.key);
    sl_vec_push(&parent->steps, step);
  }
  return parent;
}

const char *sl_yaml_path_last_key(const SlYamlPath *path) {
  if (!path || path->steps.count == 0) return NULL;
  const SlYamlStep *last = sl_vec_last(&path->steps);
  return last->kind == SL_YAML_STEP_KEY ? last->key : NULL;
}

/* ---- selecting -------------------------------------------------------------------- */

/* A node reached by the selection; `order` is when it was first reached. */
typedef struct {
  const SlYamlNode *key;
  const SlYamlNode *value;
  const SlYamlNode *parent; /* the mapping or sequence holding value; NULL for the root */
  uint32_t depth;
  size_t order;
} SlYamlCursor;

/* Open-addressing index from node pointer to cursor position; load factor <= 1/2 and
 * capacity a power of two (or 0). */
typedef struct {
  const SlYamlNode *node;
  size_t cursor;
} SlYamlSlot;

/* Each value node at most once: `slots` indexes `cursors` by value pointer. */
typedef struct {
  SlVec(SlYamlCursor) cursors;
  SlYamlSlot *slots;
  size_t capacity;
} SlYamlCursorSet;

typedef SlVec(size_t) SlYamlIndexVec;

typedef struct {
  size_t visits_left;
} SlYamlSelection;

static size_t sl_yaml_path__probe(const SlYamlSlot *slots, size_t capacity,
                                  const SlYamlNode *node) {
  size_t mask = capacity - 1;
  size_t slot = (size_t)(((uintptr_t)node >> 4) * 0x9E3779B97F4A7C15ull) & mask;
  while (slots[slot].node && slots[slot].node != node) slot = (slot + 1) & mask;
  return slot;
}

static void sl_yaml_path__set_grow(SlYamlCursorSet *set) {
  size_t capacity = set->capacity ? set->capacity * 2 : 32;
  SlYamlSlot *slots = sl_calloc(capacity, sizeof *slots);
  for (size_t i = 0; i < set->capacity; i++)
    if (set->slots[i].node)
      slots[sl_yaml_path__probe(slots, capacity, set->slots[i].node)] = set->slots[i];
  sl_free(set->slots);
  set->slots = slots;
  set->capacity = capacity;
}

static void sl_yaml_path__set_delete(SlYamlCursorSet *set) {
  sl_vec_delete(&set->cursors);
  sl_free(set->slots);
  *set = (SlYamlCursorSet){0};
}

/* Adds `value` at `depth`, or lowers the depth of its cursor (taking `key`) when this
 * path is shorter. Returns the cursor's position when it was added or lowered (its
 * children need a new look), SL_YAML_PATH__NONE otherwise or when past the depth bound. */
static size_t sl_yaml_path__add(SlYamlCursorSet *set, const SlYamlNode *key,
                                const SlYamlNode *value, const SlYamlNode *parent, uint32_t depth) {
  if (!value || depth > SL_YAML_MAX_DEPTH) return SL_YAML_PATH__NONE;
  if ((set->cursors.count + 1) * 2 > set->capacity) sl_yaml_path__set_grow(set);
  SlYamlSlot *slot = &set->slots[sl_yaml_path__probe(set->slots, set->capacity, value)];
  if (slot->node) {
    SlYamlCursor *cursor = &set->cursors.items[slot->cursor];
    if (depth >= cursor->depth) return SL_YAML_PATH__NONE;
    cursor->depth = depth;
    cursor->key = key;
    cursor->parent = parent;
    return slot->cursor;
  }
  *slot = (SlYamlSlot){.node = value, .cursor = set->cursors.count};
  SlYamlCursor cursor = {
      .key = key, .value = value, .parent = parent, .depth = depth, .order = set->cursors.count};
  sl_vec_push(&set->cursors, cursor);
  return slot->cursor;
}

/* Takes one unit of the budget; false once it is spent. */
static bool sl_yaml_path__spend(SlYamlSelection *selection) {
  if (!selection->visits_left) return false;
  selection->visits_left--;
  return true;
}

/* Adds every child of `from` (a mapping's values with their keys, a sequence's items)
 * to `out`; positions that need a look of their own go to `fresh` when it is given. */
static void sl_yaml_path__add_children(SlYamlSelection *selection, SlYamlCursorSet *out,
                                       SlYamlCursor from, SlYamlIndexVec *fresh) {
  const SlYamlNode *node = from.value;
  bool mapping = node->kind == SL_YAML_MAPPING;
  size_t count = mapping ? node->pair_count : node->kind == SL_YAML_SEQUENCE ? node->item_count : 0;
  for (size_t i = 0; i < count && sl_yaml_path__spend(selection); i++) {
    const SlYamlNode *key = mapping ? node->pairs[i].key : NULL;
    const SlYamlNode *value = mapping ? node->pairs[i].value : node->items[i];
    size_t added = sl_yaml_path__add(out, key, value, node, from.depth + 1);
    if (fresh && added != SL_YAML_PATH__NONE) sl_vec_push(fresh, added);
  }
}

/* The value of `key` in a mapping cursor, scanning from the end (last duplicate wins). */
static void sl_yaml_path__add_key(SlYamlSelection *selection, SlYamlCursorSet *out,
                                  SlYamlCursor from, const char *key) {
  const SlYamlNode *node = from.value;
  if (node->kind != SL_YAML_MAPPING) return;
  for (size_t i = node->pair_count; i-- > 0 && sl_yaml_path__spend(selection);) {
    if (!sl_yaml_scalar_is(node->pairs[i].key, key)) continue;
    sl_yaml_path__add(out, node->pairs[i].key, node->pairs[i].value, node, from.depth + 1);
    return;
  }
}

static void sl_yaml_path__add_index(SlYamlSelection *selection, SlYamlCursorSet *out,
                                    SlYamlCursor from, size_t index) {
  const SlYamlNode *node = from.value;
  if (node->kind != SL_YAML_SEQUENCE || index >= node->item_count) return;
  if (sl_yaml_path__spend(selection))
    sl_yaml_path__add(out, NULL, node->items[index], node, from.depth + 1);
}

/*
 * `**`: every cursor and everything below it. Nodes are expanded level by level
 * (buckets by depth), so each is expanded once, at the shortest depth any path reaches
 * it; a bucket entry whose cursor was since lowered to a shallower level is stale and
 * skipped.
 */
static void sl_yaml_path__descend(SlYamlSelection *selection, const SlYamlCursorSet *in,
                                  SlYamlCursorSet *out) {
  SlYamlIndexVec buckets[SL_YAML_MAX_DEPTH + 1] = {0};
  for (size_t i = 0; i < in->cursors.count; i++) {
    SlYamlCursor cursor = in->cursors.items[i];
    size_t added = sl_yaml_path__add(out, cursor.key, cursor.value, cursor.parent, cursor.depth);
    if (added != SL_YAML_PATH__NONE) sl_vec_push(&buckets[cursor.depth], added);
  }
  for (uint32_t depth = 0; depth <= SL_YAML_MAX_DEPTH; depth++) {
    for (size_t i = 0; i < buckets[depth].count; i++) {
      SlYamlCursor cursor = out->cursors.items[buckets[depth].items[i]];
      if (cursor.depth == depth && depth < SL_YAML_MAX_DEPTH)
        sl_yaml_path__add_children(selection, out, cursor, &buckets[depth + 1]);
    }
    sl_vec_delete(&buckets[depth]);
  }
}

/* Applies one step to every cursor of `in`, filling `out` (empty on entry). */
static void sl_yaml_path__apply(SlYamlSelection *selection, const SlYamlStep *step,
                                const SlYamlCursorSet *in, SlYamlCursorSet *out) {
  if (step->kind == SL_YAML_STEP_DESCEND) {
    sl_yaml_path__descend(selection, in, out);
    return;
  }
  for (size_t i = 0; i < in->cursors.count; i++) {
    SlYamlCursor cursor = in->cursors.items[i];
    SlYamlKind kind = cursor.value->kind;
    if (step->kind == SL_YAML_STEP_KEY)
      sl_yaml_path__add_key(selection, out, cursor, step->key);
    else if (step->kind == SL_YAML_STEP_INDEX)
      sl_yaml_path__add_index(selection, out, cursor, step->index);
    else if ((step->kind == SL_YAML_STEP_ANY_KEY && kind == SL_YAML_MAPPING) ||
             (step->kind == SL_YAML_STEP_ANY_ITEM && kind == SL_YAML_SEQUENCE))
      sl_yaml_path__add_children(selection, out, cursor, NULL);
  }
}

/* Document order: where the value starts; ties (empty scalars) by discovery. */
static int sl_yaml_path__compare(const void *left, const void *right) {
  const SlYamlCursor *a = left, *b = right;
  if (a->value->line != b->value->line) return a->value->line < b->value->line ? -1 : 1;
  if (a->value->column != b->value->column) return a->value->column < b->value->column ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

void sl_yaml_path_select(const SlYamlPath *path, const SlYamlNode *root, SlYamlMatchVec *matches) {
  if (!path || !root || !matches) return;
  SlYamlSelection selection = {.visits_left = SL_YAML_PATH__MAX_VISITS};
  SlYamlCursorSet current = {0};
  sl_yaml_path__add(&current, NULL, root, NULL, 0);
  for (size_t i = 0; i < path->steps.count && current.cursors.count; i++) {
    SlYamlCursorSet next = {0};
    sl_yaml_path__apply(&selection, &path->steps.items[i], &current, &next);
    sl_yaml_path__set_delete(&current);
    current = next;
  }
  if (current.cursors.count)
    qsort(current.cursors.items, current.cursors.count, sizeof *current.cursors.items,
          sl_yaml_path__compare);
  for (size_t i = 0; i < current.cursors.count; i++) {
    SlYamlCursor cursor = current.cursors.items[i];
    sl_vec_push(matches,
                ((SlYamlMatch){.key = cursor.key, .value = cursor.value, .parent = cursor.parent}));
  }
  sl_yaml_path__set_delete(&current);
}
