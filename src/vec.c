/* vec: the growth policy shared by every SlVec. */
#include "servelint/vec.h"

#include <stdint.h>

void sl_vec__grow(void **items, size_t *capacity, size_t needed, size_t item_size) {
  if (needed <= *capacity) return;
  size_t new_capacity = *capacity ? *capacity * 2 : 8;
  while (new_capacity < needed) new_capacity *= 2;
  if (new_capacity > SIZE_MAX / item_size) new_capacity = needed; /* sl_realloc reports OOM */
  *items = sl_realloc(*items, new_capacity * item_size);
  *capacity = new_capacity;
}
