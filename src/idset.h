/* Sets of row numbers, as bits: what a search word can match, kept between keystrokes and
 * intersected word by word without asking the database again. */
#ifndef GUICHET_IDSET_H
#define GUICHET_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Row numbers above this are not kept (a set would need more than 8 MiB): idset_add refuses
 * them, and the caller searches without a set. */
#define IDSET_MAX_ID ((int64_t)1 << 26)

struct idset {
    uint64_t *bits; /* owned; NULL while empty */
    size_t nbits_words; /* 64-bit words allocated */
    long long count;    /* members */
};

#define IDSET_INIT {NULL, 0, 0}

/* Adds id (0 to IDSET_MAX_ID); false when id is out of that range or memory is short (the
 * set is then unchanged). */
bool idset_add(struct idset *s, int64_t id);
bool idset_has(const struct idset *s, int64_t id);
/* Keeps in *into only the members of other, and counts them. */
void idset_intersect(struct idset *into, const struct idset *other);
/* Adds to *into the members of other; false when memory is short (*into is then unchanged). */
bool idset_union(struct idset *into, const struct idset *other);
/* Makes *dst (uninitialised or freed) a copy of src; false when memory is short (*dst is then
 * empty). */
bool idset_copy(struct idset *dst, const struct idset *src);
/* The smallest member above after (-1 for the first), or -1 when there is none. */
int64_t idset_next(const struct idset *s, int64_t after);
void idset_free(struct idset *s);

#endif
