/* Growable arrays: one call where each caller used to double its own capacity. */
#ifndef GUICHET_ARRAY_H
#define GUICHET_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/* Makes room for element n of the array *items_ptr (a T **, owned by the caller, realloc'd),
 * whose capacity *cap doubles from first. False when out of memory; the array is then intact. */
bool array_reserve(void *items_ptr, size_t *cap, size_t n, size_t size, size_t first);

#endif
