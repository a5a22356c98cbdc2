#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "strbuf.h"

void tally_init(struct tally *t, size_t period_len)
{
    *t = (struct tally){.period_len = period_len};
}

void tally_free(struct tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->entries[i].code);
    free(t->entries);
    free(t->slots);
    tally_init(t, t->period_len);
}

/* Eight bytes at a time: a session adds a dozen keys, each hashed once or twice, and a byte
 * at a time (FNV-1a) was a tenth of writing demo data. */
static uint64_t hash_bytes(uint64_t h, const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, p, n);
    h = (h ^ tail ^ ((uint64_t)n << 56)) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static uint64_t hash_key(const struct tally_entry *e, size_t period_len)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    h = hash_bytes(h, e->dim, strlen(e->dim));
    h = hash_bytes(h, e->period, period_len);
    uint64_t ids[2] = {(uint64_t)e->site_id, (uint64_t)e->operator_id};
    h = hash_bytes(h, ids, sizeof ids);
    return hash_bytes(h, e->code, strlen(e->code));
}

static bool same_key(const struct tally_entry *a, const struct tally_entry *b, size_t period_len)
{
    /* Dimensions are literals: the same one is most often the same pointer. */
    return a->site_id == b->site_id && a->operator_id == b->operator_id &&
           !memcmp(a->period, b->period, period_len) &&
           (a->dim == b->dim || !strcmp(a->dim, b->dim)) && !strcmp(a->code, b->code);
}

/* Doubles the table of slots, keeping it at most half full. */
static bool grow_slots(struct tally *t)
{
    size_t nslots = t->nslots ? t->nslots * 2 : 1024;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < t->n; i++) {
        size_t at = (size_t)hash_key(&t->entries[i], t->period_len) & (nslots - 1);
        while (slots[at])
            at = (at + 1) & (nslots - 1);
        slots[at] = i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return true;
}

int tally_add_entry(struct tally *t, const struct tally_entry *e, struct gu_error *err)
{
    if ((t->n + 1) * 2 > t->nslots && !grow_slots(t))
        return error_nomem(err);
    size_t at = (size_t)hash_key(e, t->period_len) & (t->nslots - 1);
    for (; t->slots[at]; at = (at + 1) & (t->nslots - 1)) {
        struct tally_entry *found = &t->entries[t->slots[at] - 1];
        if (same_key(found, e, t->period_len)) {
            found->sessions += e->sessions;
            found->minutes += e->minutes;
            return GU_OK;
        }
    }
    if (!array_reserve(&t->entries, &t->cap, t->n, sizeof *t->entries, 1024))
        return error_nomem(err);
    struct tally_entry *added = &t->entries[t->n];
    *added = *e;
    memset(added->period, 0, sizeof added->period);
    memcpy(added->period, e->period, t->period_len);
    if (!(added->code = strdup(e->code)))
        return error_nomem(err);
    t->slots[at] = ++t->n;
    return GU_OK;
}

static int compare_entries(const void *a, const void *b)
{
    const struct tally_entry *x = a, *y = b;
    int c = strcmp(x->dim, y->dim);
    if (!c)
        c = strcmp(x->period, y->period);
    if (!c)
        c = (x->site_id > y->site_id) - (x->site_id < y->site_id);
    if (!c)
        c = (x->operator_id > y->operator_id) - (x->operator_id < y->operator_id);
    return c ? c : strcmp(x->code, y->code);
}

void tally_sort(struct tally *t)
{
    free(t->slots);
    t->slots = NULL;
    t->nslots = 0;
    if (t->n > 1)
        qsort(t->entries, t->n, sizeof *t->entries, compare_entries);
}

/* "YYYY-MM-DD" of a valid date (years 1 to 9999), without printf's cost for every session. */
static void format_day(char out[11], int year, int month, int day)
{
    int v[3] = {year, month, day}, width[3] = {4, 2, 2};
    char *p = out;
    for (int f = 0; f < 3; f++) {
        for (int i = width[f] - 1; i >= 0; i--, v[f] /= 10)
            p[i] = (char)('0' + v[f] % 10);
        p += width[f];
        *p++ = f < 2 ? '-' : '\0';
    }
}

/* "" for a value not given, as coalesce(code, '') in the view. */
static const char *code_or_empty(enum vocab_kind kind, int value)
{
    return value == VOCAB_NONE ? "" : vocab_code(kind, value);
}

static int add_fact(struct tally *t, struct tally_entry *e, const char *dim, const char *code,
                    struct gu_error *err)
{
    e->dim = dim;
    e->code = (char *)code; /* copied by tally_add_entry when new */
    return tally_add_entry(t, e, err);
}

static int add_set_facts(struct tally *t, struct tally_entry *e, const char *dim,
                         enum vocab_kind kind, vocab_set set, struct gu_error *err)
{
    int status = GU_OK;
    for (int i = 0; set && !status; i++, set >>= 1)
        if (set & 1)
            status = add_fact(t, e, dim, vocab_code(kind, i), err);
    return status;
}

int tally_add_session(struct tally *t, const struct help_session *s, int64_t site_id,
                      int64_t operator_id, struct gu_error *err)
{
    struct tally_entry e = {.site_id = site_id, .operator_id = operator_id, .sessions = 1,
                            .minutes = s->duration_min};
    format_day(e.period, s->at.year, s->at.month, s->at.day);
    const struct residence *r = &s->residence;
    /* coalesce(insee, '/' || coalesce(commune, postal_code, '')) */
    struct strbuf commune = STRBUF_INIT;
    if (!r->insee)
        strbuf_printf(&commune, "/%s", r->name ? r->name : r->postal_code ? r->postal_code : "");
    const char *commune_code = r->insee            ? r->insee
                               : strbuf_failed(&commune) ? NULL
                                                         : strbuf_str(&commune);
    const char *duration = s->duration_min < 30 ? "0" : s->duration_min < 60 ? "1"
                           : s->duration_min < 120 ? "2" : "3";
    char minutes[16]; /* CAST(duration_min AS TEXT) */
    snprintf(minutes, sizeof minutes, "%d", s->duration_min);
    const char *helped = s->already_helped == HELPED_NOT_GIVEN ? ""
                         : s->already_helped == HELPED_YES    ? "1" : "0";
    int status = !commune_code ? error_nomem(err) : GU_OK;
    if (!status)
        status = add_fact(t, &e, "total", "", err);
    if (!status)
        status = add_fact(t, &e, "place", code_or_empty(VOCAB_PLACE, s->place), err);
    if (!status)
        status = add_fact(t, &e, "autonomy", code_or_empty(VOCAB_AUTONOMY, s->autonomy), err);
    if (!status)
        status = add_fact(t, &e, "age", code_or_empty(VOCAB_AGE, s->age), err);
    if (!status)
        status = add_fact(t, &e, "status", code_or_empty(VOCAB_STATUS, s->status), err);
    if (!status)
        status = add_fact(t, &e, "gender", code_or_empty(VOCAB_GENDER, s->gender), err);
    if (!status)
        status = add_fact(t, &e, "oriented", s->oriented ? "1" : "0", err);
    if (!status && s->oriented)
        status = add_fact(t, &e, "orientation",
                          code_or_empty(VOCAB_ORIENTATION, s->orientation), err);
    if (!status)
        status = add_fact(t, &e, "duration", duration, err);
    if (!status)
        status = add_fact(t, &e, "minutes", minutes, err);
    if (!status)
        status = add_fact(t, &e, "already_helped", helped, err);
    if (!status)
        status = add_fact(t, &e, "commune", commune_code, err);
    if (!status)
        status = add_set_facts(t, &e, "theme", VOCAB_THEME, s->themes, err);
    if (!status)
        status = add_set_facts(t, &e, "demarche", VOCAB_DEMARCHE, s->demarches, err);
    if (!status)
        status = add_set_facts(t, &e, "material", VOCAB_MATERIAL, s->materials, err);
    strbuf_release(&commune);
    return status;
}
