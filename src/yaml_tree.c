/*
 * yaml_tree: libyaml's event stream folded into a graph of SlYamlNode.
 *
 * Why events rather than yaml_parser_load: the loader refuses a redefined anchor (YAML
 * lets a later definition win) and builds a yaml_document_t that we would copy again.
 * Here each event makes at most one node and an alias is a pointer to the anchored node,
 * so time and memory stay linear in the input whatever the aliases fan out to (a
 * billion-laughs document is a few hundred nodes). A collection's anchor is registered
 * at its start event, so `&a [*a]` yields a node that contains itself.
 *
 * Ownership: every node lives in a chunk of the file's node arena; every scalar text,
 * item array and pair array is one block in file->blocks. sl_yaml_file_delete frees
 * chunks and blocks without walking the graph, so cycles and sharing cost nothing.
 */
#include "servelint/yaml_tree.h"

#include <string.h>
#include <yaml.h>

#include "servelint/alloc.h"
#include "servelint/vec.h"

/* Nodes per arena chunk: large enough to amortise allocation, small enough that a
 * one-line file does not pay for much. */
#define SL_YAML__CHUNK_NODES 128

typedef SlVec(SlYamlNode *) SlYamlNodeVec;

struct SlYamlFile {
  SlYamlNodeVec chunks; /* each holds SL_YAML__CHUNK_NODES nodes */
  size_t chunk_used;    /* nodes handed out from the last chunk */
  SlVec(void *) blocks; /* scalar texts, item arrays, pair arrays */
  SlYamlNodeVec roots;  /* one per document; NULL for an empty document */
  size_t node_count;    /* nodes handed out in all chunks */
};

/* ---- locations -------------------------------------------------------------------- */

/*
 * Maps libyaml marks to servelint locations. libyaml counts lines at every break it
 * knows (CR, LF, CRLF, NEL, LS, PS) and columns in characters; SlSource and tree-sitter
 * count lines at '\n' and columns in bytes after a UTF-8 BOM. Findings are shown with
 * SlSource's code frames, so nodes use SlSource's units: the mark's character index
 * (which libyaml counts from after the BOM, CRLF as two) is walked to a byte offset.
 * Marks arrive in nondecreasing order, so the forward cursor keeps a parse linear; an
 * earlier mark restarts it. For UTF-16 input (which libyaml decodes) the walk would be
 * wrong, so libyaml's own line and column are used as they are.
 */
typedef struct {
  const unsigned char *bytes;
  size_t byte_count;
  size_t origin;      /* first byte after a UTF-8 BOM */
  bool utf16;         /* input starts with a UTF-16 BOM */
  size_t char_index;  /* cursor: characters before byte_offset */
  size_t byte_offset; /* cursor: where character char_index starts */
  size_t line;        /* cursor: 1-based line of byte_offset */
  size_t line_start;  /* cursor: byte where that line starts */
} SlYamlLocator;

static void sl_yaml__locator_rewind(SlYamlLocator *locator) {
  locator->char_index = 0;
  locator->byte_offset = locator->origin;
  locator->line = 1;
  locator->line_start = locator->origin;
}

static void sl_yaml__locator_init(SlYamlLocator *locator, const char *bytes, size_t byte_count) {
  const unsigned char *raw = (const unsigned char *)bytes;
  *locator = (SlYamlLocator){.bytes = raw, .byte_count = byte_count};
  if (byte_count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) locator->origin = 3;
  locator->utf16 =
      byte_count >= 2 && ((raw[0] == 0xFE && raw[1] == 0xFF) || (raw[0] == 0xFF && raw[1] == 0xFE));
  sl_yaml__locator_rewind(locator);
}

/* Bytes in the UTF-8 character whose first byte is `lead` (1 for a stray byte). */
static size_t sl_yaml__utf8_width(unsigned char lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

/* Moves the cursor forward one character; false at the end of the input. */
static bool sl_yaml__locator_step(SlYamlLocator *locator) {
  size_t left = locator->byte_count - locator->byte_offset;
  if (left == 0) return false;
  unsigned char lead = locator->bytes[locator->byte_offset];
  size_t width = sl_yaml__utf8_width(lead);
  locator->byte_offset += width < left ? width : left;
  locator->char_index++;
  if (lead == '\n') {
    locator->line++;
    locator->line_start = locator->byte_offset;
  }
  return true;
}

static uint32_t sl_yaml__clamp(size_t value) {
  return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

static void sl_yaml__locator_report(const SlYamlLocator *locator, uint32_t *line,
                                    uint32_t *column) {
  *line = sl_yaml__clamp(locator->line);
  *column = sl_yaml__clamp(locator->byte_offset - locator->line_start + 1);
}

/* Location of a libyaml mark. */
static void sl_yaml__locate_mark(SlYamlLocator *locator, yaml_mark_t mark, uint32_t *line,
                                 uint32_t *column) {
  if (locator->utf16) {
    *line = sl_yaml__clamp(mark.line + 1);
    *column = sl_yaml__clamp(mark.column + 1);
    return;
  }
  if (mark.index < locator->char_index) sl_yaml__locator_rewind(locator);
  while (locator->char_index < mark.index && sl_yaml__locator_step(locator)) {
  }
  sl_yaml__locator_report(locator, line, column);
}

/* Location of a raw byte offset (libyaml's reader errors have no mark); 0:0 for UTF-16. */
static void sl_yaml__locate_byte(SlYamlLocator *locator, size_t offset, uint32_t *line,
                                 uint32_t *column) {
  *line = *column = 0;
  if (locator->utf16) return;
  if (offset < locator->byte_offset) sl_yaml__locator_rewind(locator);
  while (locator->byte_offset < offset && sl_yaml__locator_step(locator)) {
  }
  sl_yaml__locator_report(locator, line, column);
}

/* ---- anchors ---------------------------------------------------------------------- */

/* Open-addressing table from anchor name (owned copy) to node; load factor <= 1/2 and
 * capacity a power of two (or 0), so a probe always ends at the name or an empty slot. */
typedef struct {
  char *name;
  SlYamlNode *node;
} SlYamlAnchor;

typedef struct {
  SlYamlAnchor *slots;
  size_t capacity;
  size_t count;
} SlYamlAnchorTable;

/* FNV-1a. */
static size_t sl_yaml__hash(const char *text) {
  uint64_t hash = 14695981039346656037ull;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++)
    hash = (hash ^ *p) * 1099511628211ull;
  return (size_t)hash;
}

static size_t sl_yaml__anchors_probe(const SlYamlAnchorTable *table, const char *name) {
  size_t mask = table->capacity - 1;
  size_t slot = sl_yaml__hash(name) & mask;
  while (table->slots[slot].name && strcmp(table->slots[slot].name, name) != 0)
    slot = (slot + 1) & mask;
  return slot;
}

static void sl_yaml__anchors_grow(SlYamlAnchorTable *table) {
  SlYamlAnchorTable grown = {.capacity = table->capacity ? table->capacity * 2 : 16};
  grown.slots = sl_calloc(grown.capacity, sizeof *grown.slots);
  for (size_t i = 0; i < table->capacity; i++) {
    if (!table->slots[i].name) continue;
    grown.slots[sl_yaml__anchors_probe(&grown, table->slots[i].name)] = table->slots[i];
    grown.count++;
  }
  sl_free(table->slots);
  *table = grown;
}

/* Binds `name` to `node`; a redefinition replaces the earlier binding, as YAML says. */
static void sl_yaml__anchors_put(SlYamlAnchorTable *table, const char *name, SlYamlNode *node) {
  if ((table->count + 1) * 2 > table->capacity) sl_yaml__anchors_grow(table);
  SlYamlAnchor *slot = &table->slots[sl_yaml__anchors_probe(table, name)];
  if (!slot->name) {
    slot->name = sl_strdup(name);
    table->count++;
  }
  slot->node = node;
}

static SlYamlNode *sl_yaml__anchors_get(const SlYamlAnchorTable *table, const char *name) {
  if (!table->capacity) return NULL;
  return table->slots[sl_yaml__anchors_probe(table, name)].node;
}

static void sl_yaml__anchors_clear(SlYamlAnchorTable *table) {
  for (size_t i = 0; i < table->capacity; i++) sl_free(table->slots[i].name);
  sl_free(table->slots);
  *table = (SlYamlAnchorTable){0};
}

/* ---- building --------------------------------------------------------------------- */

/* An open collection: its node and the children seen so far (for a mapping: key, value,
 * key, value, ...; libyaml guarantees an even count at the end event). */
typedef struct {
  SlYamlNode *node;
  SlYamlNodeVec children;
} SlYamlFrame;

typedef struct {
  SlYamlFile *file;
  SlVec(SlYamlFrame) stack;
  SlYamlAnchorTable anchors; /* of the current document only */
  SlYamlLocator locator;
  SlYamlNode *root; /* of the current document */
  const char *path;
  SlError *error;
} SlYamlBuilder;

static SlYamlNode *sl_yaml__node_new(SlYamlBuilder *builder, SlYamlKind kind, yaml_mark_t mark) {
  SlYamlFile *file = builder->file;
  if (file->chunks.count == 0 || file->chunk_used == SL_YAML__CHUNK_NODES) {
    sl_vec_push(&file->chunks, sl_calloc(SL_YAML__CHUNK_NODES, sizeof(SlYamlNode)));
    file->chunk_used = 0;
  }
  SlYamlNode *node = &(*sl_vec_last(&file->chunks))[file->chunk_used++];
  file->node_count++;
  node->kind = kind;
  sl_yaml__locate_mark(&builder->locator, mark, &node->line, &node->column);
  return node;
}

/* Makes `node` the next child of the open collection, or the document's root. */
static void sl_yaml__attach(SlYamlBuilder *builder, SlYamlNode *node) {
  if (builder->stack.count == 0)
    builder->root = node;
  else
    sl_vec_push(&sl_vec_last(&builder->stack)->children, node);
}

static void sl_yaml__register_anchor(SlYamlBuilder *builder, const yaml_char_t *anchor,
                                     SlYamlNode *node) {
  if (anchor) sl_yaml__anchors_put(&builder->anchors, (const char *)anchor, node);
}

static void sl_yaml__on_scalar(SlYamlBuilder *builder, const yaml_event_t *event) {
  const char *value = (const char *)event->data.scalar.value;
  size_t length = event->data.scalar.length;
  const yaml_char_t *anchor = event->data.scalar.anchor;
  bool plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  /* libyaml reports a document with no content as an empty plain scalar at its root. */
  if (builder->stack.count == 0 && plain && length == 0 && !event->data.scalar.tag && !anchor)
    return;
  SlYamlNode *node = sl_yaml__node_new(builder, SL_YAML_SCALAR, event->start_mark);
  node->value = sl_strndup(value, length);
  node->value_length = length;
  node->plain = plain;
  node->literal = event->data.scalar.style == YAML_LITERAL_SCALAR_STYLE;
  sl_vec_push(&builder->file->blocks, node->value);
  sl_yaml__register_anchor(builder, anchor, node);
  sl_yaml__attach(builder, node);
}

/* Opens a collection; it is attached now so its parent keeps document order. */
static void sl_yaml__on_start(SlYamlBuilder *builder, const yaml_event_t *event, SlYamlKind kind,
                              const yaml_char_t *anchor) {
  SlYamlNode *node = sl_yaml__node_new(builder, kind, event->start_mark);
  sl_yaml__register_anchor(builder, anchor, node);
  sl_yaml__attach(builder, node);
  sl_vec_push(&builder->stack, ((SlYamlFrame){.node = node}));
}

/* Closes the innermost collection, handing its children to the file's blocks. */
static void sl_yaml__on_end(SlYamlBuilder *builder) {
  SlYamlFrame frame = *sl_vec_last(&builder->stack);
  builder->stack.count--;
  SlYamlNode *node = frame.node;
  if (node->kind == SL_YAML_SEQUENCE) {
    node->items = frame.children.items;
    node->item_count = frame.children.count;
    if (node->items) sl_vec_push(&builder->file->blocks, node->items);
    return;
  }
  node->pair_count = frame.children.count / 2;
  if (node->pair_count) {
    node->pairs = sl_malloc(node->pair_count * sizeof *node->pairs);
    for (size_t i = 0; i < node->pair_count; i++)
      node->pairs[i] = (SlYamlPair){frame.children.items[2 * i], frame.children.items[2 * i + 1]};
    sl_vec_push(&builder->file->blocks, node->pairs);
  }
  sl_vec_delete(&frame.children);
}

static bool sl_yaml__on_alias(SlYamlBuilder *builder, const yaml_event_t *event) {
  const char *name = (const char *)event->data.alias.anchor;
  SlYamlNode *target = sl_yaml__anchors_get(&builder->anchors, name);
  if (!target) {
    uint32_t line, column;
    sl_yaml__locate_mark(&builder->locator, event->start_mark, &line, &column);
    sl_error_set(builder->error, SL_ERROR_PARSE, builder->path, line, column,
                 "found undefined alias '%s'", name);
    return false;
  }
  sl_yaml__attach(builder, target);
  return true;
}

/* Applies one event; false (error filled) when the document cannot be built. */
static bool sl_yaml__on_event(SlYamlBuilder *builder, const yaml_event_t *event) {
  switch (event->type) {
    case YAML_DOCUMENT_START_EVENT:
      sl_yaml__anchors_clear(&builder->anchors); /* anchors never cross documents */
      builder->root = NULL;
      return true;
    case YAML_DOCUMENT_END_EVENT:
      sl_vec_push(&builder->file->roots, builder->root);
      return true;
    case YAML_SCALAR_EVENT:
      sl_yaml__on_scalar(builder, event);
      return true;
    case YAML_SEQUENCE_START_EVENT:
      sl_yaml__on_start(builder, event, SL_YAML_SEQUENCE, event->data.sequence_start.anchor);
      return true;
    case YAML_MAPPING_START_EVENT:
      sl_yaml__on_start(builder, event, SL_YAML_MAPPING, event->data.mapping_start.anchor);
      return true;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      sl_yaml__on_end(builder);
      return true;
    case YAML_ALIAS_EVENT:
      return sl_yaml__on_alias(builder, event);
    default:
      return true;
  }
}

/* Fills the builder's error from a failed yaml_parser_parse. */
static void sl_yaml__parser_error(SlYamlBuilder *builder, const yaml_parser_t *parser) {
  if (parser->error == YAML_MEMORY_ERROR) {
    sl_error_set(builder->error, SL_ERROR_INTERNAL, builder->path, 0, 0, "libyaml: out of memory");
    return;
  }
  uint32_t line, column;
  const char *problem = parser->problem ? parser->problem : "invalid YAML";
  if (parser->error == YAML_READER_ERROR) {
    sl_yaml__locate_byte(&builder->locator, parser->problem_offset, &line, &column);
    if (parser->problem_value != -1)
      sl_error_set(builder->error, SL_ERROR_PARSE, builder->path, line, column, "%s (#x%X)",
                   problem, (unsigned)parser->problem_value);
    else
      sl_error_set(builder->error, SL_ERROR_PARSE, builder->path, line, column, "%s", problem);
    return;
  }
  sl_yaml__locate_mark(&builder->locator, parser->problem_mark, &line, &column);
  if (parser->context)
    sl_error_set(builder->error, SL_ERROR_PARSE, builder->path, line, column, "%s (%s)", problem,
                 parser->context);
  else
    sl_error_set(builder->error, SL_ERROR_PARSE, builder->path, line, column, "%s", problem);
}

/* Releases the parse-time state (not the file). */
static void sl_yaml__builder_delete(SlYamlBuilder *builder) {
  for (size_t i = 0; i < builder->stack.count; i++)
    sl_vec_delete(&builder->stack.items[i].children);
  sl_vec_delete(&builder->stack);
  sl_yaml__anchors_clear(&builder->anchors);
}

SlYamlFile *sl_yaml_parse(const char *path, const char *bytes, size_t byte_count, SlError *error) {
  if (!bytes) byte_count = 0;
  if (!byte_count) bytes = ""; /* libyaml asserts a non-NULL input */
  SlYamlBuilder builder = {.path = path, .error = error};
  sl_yaml__locator_init(&builder.locator, bytes, byte_count);
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    sl_error_set(error, SL_ERROR_INTERNAL, path, 0, 0, "libyaml: out of memory");
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)bytes, byte_count);
  builder.file = sl_calloc(1, sizeof *builder.file);
  bool ok = true, done = false;
  while (ok && !done) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      sl_yaml__parser_error(&builder, &parser);
      ok = false;
      break;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    ok = sl_yaml__on_event(&builder, &event);
    yaml_event_delete(&event);
  }
  sl_yaml__builder_delete(&builder);
  yaml_parser_delete(&parser);
  if (ok) return builder.file;
  sl_yaml_file_delete(builder.file);
  return NULL;
}

void sl_yaml_file_delete(SlYamlFile *file) {
  if (!file) return;
  for (size_t i = 0; i < file->chunks.count; i++) sl_free(file->chunks.items[i]);
  for (size_t i = 0; i < file->blocks.count; i++) sl_free(file->blocks.items[i]);
  sl_vec_delete(&file->chunks);
  sl_vec_delete(&file->blocks);
  sl_vec_delete(&file->roots);
  sl_free(file);
}

/* ---- queries ---------------------------------------------------------------------- */

size_t sl_yaml_document_count(const SlYamlFile *file) { return file ? file->roots.count : 0; }

const SlYamlNode *sl_yaml_document_root(const SlYamlFile *file, size_t index) {
  if (!file || index >= file->roots.count) return NULL;
  return file->roots.items[index];
}

size_t sl_yaml_node_count(const SlYamlFile *file) { return file ? file->node_count : 0; }

bool sl_yaml_scalar_is(const SlYamlNode *node, const char *text) {
  if (!node || !text || node->kind != SL_YAML_SCALAR) return false;
  size_t length = strlen(text);
  return node->value_length == length && memcmp(node->value, text, length) == 0;
}

/* Scans from the end so the last duplicate wins. Keys are compared by their text,
 * whatever their tag or style (`1: x` is found by "1"); non-scalar keys never match. */
const SlYamlPair *sl_yaml_mapping_pair(const SlYamlNode *node, const char *key) {
  if (!node || !key || node->kind != SL_YAML_MAPPING) return NULL;
  for (size_t i = node->pair_count; i-- > 0;)
    if (sl_yaml_scalar_is(node->pairs[i].key, key)) return &node->pairs[i];
  return NULL;
}

const SlYamlNode *sl_yaml_mapping_get(const SlYamlNode *node, const char *key) {
  const SlYamlPair *pair = sl_yaml_mapping_pair(node, key);
  return pair ? pair->value : NULL;
}
