/*
 * vec: the one growable-array type. `SlVec(T)` declares an anonymous struct; give it a
 * name with typedef when it crosses a header. Invariant: count <= capacity, and
 * items is NULL exactly when capacity is 0.
 */
#ifndef SERVELINT_VEC_H
#define SERVELINT_VEC_H

#include <assert.h>
#include <stddef.h>

#include "servelint/alloc.h"

/// A growable array of T.
#define SlVec(T)     \
  struct {           \
    T *items;        \
    size_t count;    \
    size_t capacity; \
  }

/// Makes room for `extra` more items (amortised doubling).
#define sl_vec_reserve(vec, extra)                                               \
  sl_vec__grow((void **)&(vec)->items, &(vec)->capacity, (vec)->count + (extra), \
               sizeof(*(vec)->items))

/// Appends one item (a value of type T).
#define sl_vec_push(vec, item) (sl_vec_reserve((vec), 1), (vec)->items[(vec)->count++] = (item))

/// The item at `index`; asserts the index is in range.
#define sl_vec_get(vec, index) (assert((size_t)(index) < (vec)->count), &(vec)->items[(index)])

/// The last item; asserts the vector is not empty.
#define sl_vec_last(vec) sl_vec_get((vec), (vec)->count - 1)

/// Frees the storage (not the items' own pointers) and leaves an empty vector.
#define sl_vec_delete(vec) \
  (sl_free((vec)->items), (vec)->items = NULL, (vec)->count = 0, (vec)->capacity = 0)

/// A vector of strings (ownership is stated where it is used).
typedef SlVec(char *) SlStringVec;

/// This is not what you're looking for, see sl_vec_reserve.
void sl_vec__grow(void **items, size_t *capacity, size_t needed, size_t item_size);

#endif
