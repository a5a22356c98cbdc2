#include <stdlib.h>

#include "harness.h"
#include "idset.h"

/* The sets a search keeps, against a plain array of flags: random members, intersected,
 * united, copied and walked in order; the ends of the range refused or kept. */
static void test_idset_agrees_with_flags(void)
{
    enum { N = 5000 };
    unsigned char *a = calloc(N, 1), *b = calloc(N, 1);
    struct idset x = IDSET_INIT, y = IDSET_INIT, z;
    unsigned seed = 7;
    for (int i = 0; i < 3000; i++) {
        seed = seed * 1103515245 + 12345;
        int id = (int)(seed >> 8) % N, which = (int)(seed >> 4) & 1;
        CHECK(idset_add(which ? &x : &y, id));
        (which ? a : b)[id] = 1;
    }
    CHECK(idset_add(&x, 0) && idset_add(&y, N - 1)); /* the ends of the words */
    a[0] = b[N - 1] = 1;
    long long na = 0, nb = 0, both = 0, either = 0;
    for (int i = 0; i < N; i++) {
        na += a[i];
        nb += b[i];
        both += a[i] && b[i];
        either += a[i] || b[i];
    }
    CHECK(x.count == na && y.count == nb);
    CHECK(idset_copy(&z, &x));
    idset_intersect(&z, &y);
    CHECK(z.count == both);
    int wrong = 0;
    for (int i = 0; i < N; i++)
        wrong += idset_has(&z, i) != (a[i] && b[i]);
    CHECK(wrong == 0);
    idset_free(&z);
    CHECK(idset_copy(&z, &y));
    CHECK(idset_union(&z, &x));
    CHECK(z.count == either);
    long long walked = 0;
    int64_t last = -1;
    wrong = 0;
    for (int64_t id = idset_next(&z, -1); id >= 0; id = idset_next(&z, id)) {
        wrong += id <= last || !(a[id] || b[id]);
        last = id;
        walked++;
    }
    CHECK(wrong == 0 && walked == either);
    CHECK(!idset_add(&x, -1) && !idset_add(&x, IDSET_MAX_ID + 1) && x.count == na);
    CHECK(!idset_has(&x, -1) && !idset_has(&x, IDSET_MAX_ID) && !idset_has(&x, N * 64));
    idset_free(&x);
    idset_free(&y);
    idset_free(&z);
    struct idset empty = IDSET_INIT;
    CHECK(idset_next(&empty, -1) == -1 && idset_copy(&z, &empty) && z.count == 0);
    free(a);
    free(b);
}

const struct unit_test idset_tests[] = {
    {"idset: members, intersection, union and order agree with flags", test_idset_agrees_with_flags},
    {NULL, NULL},
};
