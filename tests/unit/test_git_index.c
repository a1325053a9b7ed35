/* Unit tests for the git index reader: the paths of versions 2, 3 and 4, built here byte
 * by byte as git writes them, and malformed files refused. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "servelint/alloc.h"
#include "servelint/git_index.h"

typedef struct {
  unsigned char bytes[1024];
  size_t length;
  const char *previous; /* version 4: the previous entry's path */
} IndexBuilder;

static void put_u32(IndexBuilder *builder, uint32_t value) {
  unsigned char *at = builder->bytes + builder->length;
  at[0] = (unsigned char)(value >> 24), at[1] = (unsigned char)(value >> 16);
  at[2] = (unsigned char)(value >> 8), at[3] = (unsigned char)value;
  builder->length += 4;
}

static void start(IndexBuilder *builder, uint32_t version, uint32_t count) {
  memset(builder, 0, sizeof *builder);
  memcpy(builder->bytes, "DIRC", 4);
  builder->length = 4;
  put_u32(builder, version);
  put_u32(builder, count);
}

/* One entry: zeroed stat data and object name, the flags, then the path as `version`
 * writes it. */
static void entry(IndexBuilder *builder, uint32_t version, const char *path, bool extended) {
  size_t start_at = builder->length;
  builder->length += 60; /* stat data and object name */
  size_t length = strlen(path);
  uint16_t flags = (uint16_t)((length < 0xFFF ? length : 0xFFF) | (extended ? 0x4000 : 0));
  builder->bytes[builder->length++] = (unsigned char)(flags >> 8);
  builder->bytes[builder->length++] = (unsigned char)flags;
  if (extended) builder->length += 2;
  if (version == 4) {
    size_t common = 0;
    const char *previous = builder->previous ? builder->previous : "";
    while (previous[common] && previous[common] == path[common]) common++;
    builder->bytes[builder->length++] = (unsigned char)(strlen(previous) - common); /* < 128 */
    memcpy(builder->bytes + builder->length, path + common, length - common + 1);
    builder->length += length - common + 1;
    builder->previous = path;
    return;
  }
  memcpy(builder->bytes + builder->length, path, length);
  builder->length += length;
  size_t entry_length = builder->length - start_at;
  builder->length = start_at + ((entry_length + 8) & ~(size_t)7); /* 1 to 8 NULs */
}

static void test_versions(void) {
  for (uint32_t version = 2; version <= 4; version++) {
    IndexBuilder builder;
    start(&builder, version, 4);
    entry(&builder, version, ".gitignore", false);
    entry(&builder, version, "model-server/handler.py", version == 3);
    entry(&builder, version, "model-server/net.py", false);
    entry(&builder, version, "src/app.py", false);
    SlGitIndex *index = sl_git_index_parse(builder.bytes, builder.length + 20);
    CHECK(index != NULL);
    CHECK(sl_git_index_count(index) == 4);
    CHECK(sl_git_index_tracks(index, "model-server/handler.py"));
    CHECK(sl_git_index_tracks(index, "model-server/net.py"));
    CHECK(sl_git_index_tracks(index, "src/app.py"));
    CHECK(!sl_git_index_tracks(index, "model-server/untracked.py"));
    CHECK(!sl_git_index_tracks(index, "model-server"));
    CHECK(sl_git_index_tracks_below(index, "model-server"));
    CHECK(sl_git_index_tracks_below(index, "src"));
    CHECK(sl_git_index_tracks_below(index, ""));
    CHECK(!sl_git_index_tracks_below(index, "model"));      /* a prefix, not a directory */
    CHECK(!sl_git_index_tracks_below(index, "src/app.py")); /* a file holds nothing */
    sl_git_index_delete(index);
  }
}

static void test_malformed(void) {
  IndexBuilder builder;
  start(&builder, 2, 2);
  entry(&builder, 2, "a.py", false);
  /* The count promises two entries; the file holds one. */
  CHECK(sl_git_index_parse(builder.bytes, builder.length) == NULL);
  start(&builder, 5, 0);
  CHECK(sl_git_index_parse(builder.bytes, builder.length) == NULL); /* unknown version */
  CHECK(sl_git_index_parse((const unsigned char *)"PACK", 4) == NULL);
  start(&builder, 4, 1);
  builder.bytes[builder.length + 60] = 0;
  builder.bytes[builder.length + 61] = 4;
  builder.length += 62;
  builder.bytes[builder.length++] = 9; /* drops 9 bytes of an empty previous path */
  memcpy(builder.bytes + builder.length, "a.py", 5);
  builder.length += 5;
  CHECK(sl_git_index_parse(builder.bytes, builder.length) == NULL);
  CHECK(sl_git_index_load("/nonexistent/servelint/top") == NULL);
  /* Queries on no index answer no. */
  CHECK(!sl_git_index_tracks(NULL, "a.py") && !sl_git_index_tracks_below(NULL, ""));
}

int main(void) {
  test_versions();
  test_malformed();
  CHECK(sl_alloc_outstanding() == 0);
  return sl_check_exit();
}
