/*
 * rule_catalog: the built-in rule files, embedded at build time from rules/NAME.yaml
 * (cmake/embed_rules.cmake), in sorted file-name order.
 */
#ifndef SERVELINT_RULE_CATALOG_H
#define SERVELINT_RULE_CATALOG_H

#include <stddef.h>

typedef struct {
  const char *path;  /* "rules/<file>.yaml"; static */
  const char *bytes; /* static, NUL-terminated */
  size_t byte_count;
} SlEmbeddedRuleFile;

/* sl_embedded_rule_file_count entries, followed by a zeroed sentinel. */
extern const SlEmbeddedRuleFile sl_embedded_rule_files[];
extern const size_t sl_embedded_rule_file_count;

#endif
