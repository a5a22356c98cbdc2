#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool array_reserve(void *items_ptr, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return true;
    size_t grown_cap = *cap ? *cap * 2 : first;
    if (grown_cap > SIZE_MAX / size)
        return false;
    void *items;
    memcpy(&items, items_ptr, sizeof items); /* items_ptr points to any T * */
    void *grown = realloc(items, grown_cap * size);
    if (!grown)
        return false;
    memcpy(items_ptr, &grown, sizeof grown);
    *cap = grown_cap;
    return true;
}
