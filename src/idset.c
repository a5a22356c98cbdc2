/* Sets of row numbers, as bits (idset.h). */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

bool idset_add(struct idset *s, int64_t id)
{
    if (id < 0 || id > IDSET_MAX_ID)
        return false;
    size_t word = (size_t)id / 64;
    if (word >= s->nbits_words) {
        size_t n = s->nbits_words ? s->nbits_words : 64;
        while (n <= word)
            n *= 2;
        uint64_t *bits = realloc(s->bits, n * sizeof *bits);
        if (!bits)
            return false;
        memset(bits + s->nbits_words, 0, (n - s->nbits_words) * sizeof *bits);
        s->bits = bits;
        s->nbits_words = n;
    }
    uint64_t bit = (uint64_t)1 << (id % 64);
    if (!(s->bits[word] & bit)) {
        s->bits[word] |= bit;
        s->count++;
    }
    return true;
}

bool idset_has(const struct idset *s, int64_t id)
{
    if (id < 0 || (uint64_t)id / 64 >= s->nbits_words)
        return false;
    return s->bits[id / 64] >> (id % 64) & 1;
}

void idset_intersect(struct idset *into, const struct idset *other)
{
    long long count = 0;
    for (size_t i = 0; i < into->nbits_words; i++) {
        into->bits[i] &= i < other->nbits_words ? other->bits[i] : 0;
        count += __builtin_popcountll(into->bits[i]);
    }
    into->count = count;
}

bool idset_union(struct idset *into, const struct idset *other)
{
    if (other->nbits_words > into->nbits_words) {
        uint64_t *bits = realloc(into->bits, other->nbits_words * sizeof *bits);
        if (!bits)
            return false;
        memset(bits + into->nbits_words, 0,
               (other->nbits_words - into->nbits_words) * sizeof *bits);
        into->bits = bits;
        into->nbits_words = other->nbits_words;
    }
    long long count = 0;
    for (size_t i = 0; i < into->nbits_words; i++) {
        if (i < other->nbits_words)
            into->bits[i] |= other->bits[i];
        count += __builtin_popcountll(into->bits[i]);
    }
    into->count = count;
    return true;
}

bool idset_copy(struct idset *dst, const struct idset *src)
{
    *dst = (struct idset)IDSET_INIT;
    if (!src->nbits_words)
        return true;
    if (!(dst->bits = malloc(src->nbits_words * sizeof *dst->bits)))
        return false;
    memcpy(dst->bits, src->bits, src->nbits_words * sizeof *dst->bits);
    dst->nbits_words = src->nbits_words;
    dst->count = src->count;
    return true;
}

int64_t idset_next(const struct idset *s, int64_t after)
{
    int64_t from = after < 0 ? 0 : after + 1;
    size_t word = (size_t)from / 64;
    if (word >= s->nbits_words)
        return -1;
    uint64_t bits = s->bits[word] & (~(uint64_t)0 << (from % 64));
    while (!bits) {
        if (++word == s->nbits_words)
            return -1;
        bits = s->bits[word];
    }
    return (int64_t)(word * 64 + (size_t)__builtin_ctzll(bits));
}

void idset_free(struct idset *s)
{
    free(s->bits);
    *s = (struct idset)IDSET_INIT;
}
