#include <stdlib.h>

#include "array.h"
#include "harness.h"

static void test_reserve_grows_and_keeps_items(void)
{
    int *items = NULL;
    size_t cap = 0, n;
    for (n = 0; n < 100; n++) {
        CHECK(array_reserve(&items, &cap, n, sizeof *items, 4));
        items[n] = (int)n * 3;
    }
    CHECK(cap == 128); /* 4, 8, 16 … doubling */
    size_t kept = 0;
    for (n = 0; n < 100; n++)
        kept += items[n] == (int)n * 3;
    CHECK(kept == 100);
    CHECK(array_reserve(&items, &cap, 50, sizeof *items, 4) && cap == 128); /* room already */
    free(items);
}

const struct unit_test array_tests[] = {
    {"array: reserve doubles from the first size and keeps the items", test_reserve_grows_and_keeps_items},
    {NULL, NULL},
};
