/*
 * git_index: reads the paths of `.git/index` (see git_index.h).
 *
 * Layout (git's Documentation/gitformat-index.txt): a 12-byte header ("DIRC", version,
 * entry count, big-endian), then the entries, then extensions and a checksum (not read).
 * Each entry: 40 bytes of stat data, a 20-byte object name, 2 bytes of flags (the low 12
 * bits: the path length, 0xFFF when longer), in version 3 and later 2 more bytes when the
 * extended flag (0x4000) is set, then the path. Versions 2 and 3 end the path with NUL
 * and pad the entry to a multiple of 8 bytes; version 4 writes the path as a varint
 * count of bytes to drop from the previous path and a NUL-terminated suffix, unpadded.
 */
#include "servelint/git_index.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servelint/alloc.h"
#include "servelint/strbuf.h"
#include "servelint/vec.h"

struct SlGitIndex {
  SlVec(char *) paths; /* owned; sorted bytewise */
};

enum { SL_GIT_INDEX_ENTRY_FIXED = 62 }; /* stat data, object name, flags */

static uint32_t sl_git_index__u32(const unsigned char *at) {
  return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
}

/* git's offset varint (version 4): 7 bits a byte, each continuation adding one. */
static bool sl_git_index__varint(const unsigned char **at, const unsigned char *end,
                                 size_t *value) {
  if (*at >= end) return false;
  unsigned char byte = *(*at)++;
  size_t result = byte & 0x7F;
  while (byte & 0x80) {
    if (*at >= end || result > (SIZE_MAX >> 8)) return false;
    byte = *(*at)++;
    result = ((result + 1) << 7) | (byte & 0x7F);
  }
  *value = result;
  return true;
}

static int sl_git_index__compare(const void *left, const void *right) {
  return strcmp(*(char *const *)left, *(char *const *)right);
}

SlGitIndex *sl_git_index_parse(const unsigned char *bytes, size_t byte_count) {
  if (byte_count < 12 || memcmp(bytes, "DIRC", 4) != 0) return NULL;
  uint32_t version = sl_git_index__u32(bytes + 4), count = sl_git_index__u32(bytes + 8);
  if (version < 2 || version > 4) return NULL;
  SlGitIndex *index = sl_calloc(1, sizeof *index);
  const unsigned char *at = bytes + 12, *end = bytes + byte_count;
  SlStrbuf previous = {0};
  bool ok = true;
  for (uint32_t i = 0; i < count && ok; i++) {
    const unsigned char *entry = at;
    if ((size_t)(end - at) < SL_GIT_INDEX_ENTRY_FIXED) {
      ok = false;
      break;
    }
    uint16_t flags = (uint16_t)(at[60] << 8 | at[61]);
    at += SL_GIT_INDEX_ENTRY_FIXED;
    if (version >= 3 && (flags & 0x4000)) at += 2;
    if (at > end) {
      ok = false;
      break;
    }
    SlStrbuf path = {0};
    if (version == 4) {
      size_t drop = 0;
      ok = sl_git_index__varint(&at, end, &drop) && drop <= previous.length;
      const unsigned char *nul = ok ? memchr(at, '\0', (size_t)(end - at)) : NULL;
      ok = ok && nul;
      if (ok) {
        sl_strbuf_append(&path, previous.data ? previous.data : "", previous.length - drop);
        sl_strbuf_append(&path, (const char *)at, (size_t)(nul - at));
        at = nul + 1;
      }
    } else {
      const unsigned char *nul = memchr(at, '\0', (size_t)(end - at));
      ok = nul != NULL;
      if (ok) {
        sl_strbuf_append(&path, (const char *)at, (size_t)(nul - at));
        /* Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start. */
        size_t length = (size_t)(nul - entry);
        size_t padded = (length + 8) & ~(size_t)7;
        at = entry + padded;
        ok = at <= end;
      }
    }
    if (!ok) {
      sl_strbuf_delete(&path);
      break;
    }
    previous.length = 0;
    sl_strbuf_append(&previous, path.data ? path.data : "", path.length);
    sl_vec_push(&index->paths, sl_strbuf_take(&path));
  }
  sl_strbuf_delete(&previous);
  if (!ok) {
    sl_git_index_delete(index);
    return NULL;
  }
  /* git keeps entries sorted; a merge conflict lists one path up to three times. */
  qsort(index->paths.items, index->paths.count, sizeof *index->paths.items, sl_git_index__compare);
  return index;
}

SlGitIndex *sl_git_index_load(const char *top) {
  SlStrbuf path = {0};
  sl_strbuf_printf(&path, "%s/.git/index", top);
  FILE *file = fopen(sl_strbuf_cstr(&path), "rb");
  sl_strbuf_delete(&path);
  if (!file) return NULL;
  SlStrbuf bytes = {0};
  char chunk[65536];
  size_t read;
  while ((read = fread(chunk, 1, sizeof chunk, file)) > 0) sl_strbuf_append(&bytes, chunk, read);
  bool failed = ferror(file) != 0;
  fclose(file);
  SlGitIndex *index =
      failed ? NULL : sl_git_index_parse((const unsigned char *)bytes.data, bytes.length);
  sl_strbuf_delete(&bytes);
  return index;
}

void sl_git_index_delete(SlGitIndex *index) {
  if (!index) return;
  for (size_t i = 0; i < index->paths.count; i++) sl_free(index->paths.items[i]);
  sl_vec_delete(&index->paths);
  sl_free(index);
}

size_t sl_git_index_count(const SlGitIndex *index) { return index ? index->paths.count : 0; }

/* The first path not below `key` in sort order. */
static size_t sl_git_index__lower_bound(const SlGitIndex *index, const char *key) {
  size_t low = 0, high = index->paths.count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (strcmp(index->paths.items[middle], key) < 0)
      low = middle + 1;
    else
      high = middle;
  }
  return low;
}

bool sl_git_index_tracks(const SlGitIndex *index, const char *path) {
  if (!index) return false;
  size_t at = sl_git_index__lower_bound(index, path);
  return at < index->paths.count && strcmp(index->paths.items[at], path) == 0;
}

bool sl_git_index_tracks_below(const SlGitIndex *index, const char *path) {
  if (!index || !index->paths.count) return false;
  if (!*path) return true;
  SlStrbuf prefix = {0};
  sl_strbuf_printf(&prefix, "%s/", path);
  size_t at = sl_git_index__lower_bound(index, sl_strbuf_cstr(&prefix));
  bool below =
      at < index->paths.count && strncmp(index->paths.items[at], prefix.data, prefix.length) == 0;
  sl_strbuf_delete(&prefix);
  return below;
}
