/* facts_entry: entry points (being written; see include/servelint/facts.h). */
#include "servelint/facts.h"

void sl_facts_find_entry_points(const SlSource *source, TSNode root, SlFileFacts *facts) {
  (void)source;
  (void)root;
  (void)facts;
}
