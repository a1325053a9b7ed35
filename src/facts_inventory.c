/* facts_inventory: model load sites (being written; see include/servelint/facts.h). */
#include "servelint/facts.h"

void sl_facts_find_model_loads(const SlSource *source, TSNode root, SlFileFacts *facts) {
  (void)source;
  (void)root;
  (void)facts;
}
