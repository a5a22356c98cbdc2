/* check's recount of the sessions' per-day counts (session_tally, migration 004) without sorting
 * every fact: at a network's size the sessions give some 15 million facts, which a GROUP BY
 * sorts in temporary storage (890 MB of memory, or 750 MB of temporary file, at 1,000,000
 * sessions). The facts are streamed from session_facts, their one definition, and summed in a
 * hash table of the groups (a few hundred thousand), then compared with the counts streamed. */
#include "store.h"
#include "store/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"

/* One group: its key (the five grouping values, encoded) and what the facts sum to. */
struct group {
    unsigned char *key; /* owned; NULL: an empty slot */
    size_t key_len;
    long long sessions, minutes;
    bool seen; /* a count row matched it */
};

struct groups {
    struct group *slots; /* owned */
    size_t cap, count;   /* cap a power of two */
};

static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot of key, or the empty one where it would go. */
static struct group *groups_find(struct groups *g, const unsigned char *key, size_t len)
{
    size_t i = (size_t)hash_bytes(key, len) & (g->cap - 1);
    while (g->slots[i].key &&
           (g->slots[i].key_len != len || memcmp(g->slots[i].key, key, len) != 0))
        i = (i + 1) & (g->cap - 1);
    return &g->slots[i];
}

static bool groups_grow(struct groups *g)
{
    size_t cap = g->cap ? 2 * g->cap : 4096;
    struct group *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    struct groups bigger = {slots, cap, g->count};
    for (size_t i = 0; i < g->cap; i++)
        if (g->slots[i].key)
            *groups_find(&bigger, g->slots[i].key, g->slots[i].key_len) = g->slots[i];
    free(g->slots);
    *g = bigger;
    return true;
}

static void groups_free(struct groups *g)
{
    for (size_t i = 0; i < g->cap; i++)
        free(g->slots[i].key);
    free(g->slots);
    *g = (struct groups){0};
}

/* Columns first .. first+4 of stmt as a key: each value's type, then its bytes (text with its
 * length), so that no two different rows share a key, as EXCEPT tells them apart. */
static bool encode_key(struct db_stmt *stmt, int first, struct strbuf *key)
{
    key->len = 0; /* emptied, its memory kept for the next row */
    for (int c = first; c < first + 5; c++) {
        int type = db_column_type(stmt, c);
        strbuf_putc(key, (char)type);
        if (type == DB_INTEGER) {
            int64_t v = db_column_int64(stmt, c);
            strbuf_add(key, (const char *)&v, sizeof v);
        } else if (type == DB_FLOAT) {
            double v = db_column_double(stmt, c);
            strbuf_add(key, (const char *)&v, sizeof v);
        } else if (type != DB_NULL) {
            const void *p = db_column_blob(stmt, c);
            uint32_t n = (uint32_t)db_column_bytes(stmt, c);
            strbuf_add(key, (const char *)&n, sizeof n);
            if (n)
                strbuf_add(key, p, n);
        }
    }
    return !strbuf_failed(key);
}

/* The text of the value at *p in a key (dim, day or code; "" for another type), moving past it:
 * a malloc'd copy, NULL when out of memory. */
static char *decode_text(const unsigned char **p)
{
    int type = *(*p)++;
    if (type == DB_INTEGER || type == DB_FLOAT) {
        *p += 8;
        return strdup("");
    }
    if (type == DB_NULL)
        return strdup("");
    uint32_t n;
    memcpy(&n, *p, sizeof n);
    *p += sizeof n;
    char *out = malloc((size_t)n + 1);
    if (out) {
        memcpy(out, *p, n);
        out[n] = '\0';
    }
    *p += n;
    return out;
}

/* One difference, named as check's other count problems are: dimension, code, day. */
static void report_group(const unsigned char *key, store_problem_fn fn, void *ctx)
{
    const unsigned char *p = key;
    char *dim = decode_text(&p), *day = decode_text(&p);
    for (int skip = 0; skip < 2; skip++) { /* site and operator */
        int type = *p++;
        if (type == DB_INTEGER || type == DB_FLOAT)
            p += 8;
        else if (type != DB_NULL) {
            uint32_t n;
            memcpy(&n, p, sizeof n);
            p += sizeof n + n;
        }
    }
    char *code = decode_text(&p);
    struct strbuf line = STRBUF_INIT;
    if (dim && day && code)
        strbuf_printf(&line, _("report counts differ from the sessions: %s \"%s\" on %s"), dim,
                      code, day);
    fn(!dim || !day || !code || strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line),
       ctx);
    strbuf_release(&line);
    free(dim);
    free(day);
    free(code);
}

int store_recount_session_tally(struct db *db, long limit, store_problem_fn fn, void *ctx,
                                long *problems)
{
    *problems = 0;
    struct groups g = {0};
    struct strbuf key = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc = groups_grow(&g) ? DB_OK : DB_NOMEM;
    if (rc == DB_OK)
        rc = db_prepare(db,
                                "SELECT dim, day, site_id, operator_id, code, minutes "
                        "FROM session_facts",
                        &stmt);
    while (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        rc = DB_NOMEM;
        if (!encode_key(stmt, 0, &key))
            break;
        if (g.count + 1 > g.cap / 10 * 7 && !groups_grow(&g))
            break;
        struct group *s = groups_find(&g, (const unsigned char *)strbuf_str(&key), key.len);
        if (!s->key) {
            if (!(s->key = malloc(key.len)))
                break;
            memcpy(s->key, strbuf_str(&key), key.len);
            s->key_len = key.len;
            g.count++;
        }
        s->sessions++;
        s->minutes += db_column_int64(stmt, 5);
        rc = DB_OK;
    }
    db_finalize(stmt);
    stmt = NULL;
    if (rc == DB_DONE)
        rc = db_prepare(db,
                                "SELECT dim, day, site_id, operator_id, code, sessions, minutes "
                        "FROM session_tally WHERE sessions <> 0 OR minutes <> 0",
                        &stmt);
    while (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        rc = DB_NOMEM;
        if (!encode_key(stmt, 0, &key))
            break;
        rc = DB_OK;
        struct group *s = groups_find(&g, (const unsigned char *)strbuf_str(&key), key.len);
        if (s->key && s->sessions == db_column_int64(stmt, 5) &&
            s->minutes == db_column_int64(stmt, 6)) {
            s->seen = true;
            continue;
        }
        if (s->key)
            s->seen = true; /* reported once, from this side */
        if ((*problems)++ < limit)
            report_group((const unsigned char *)strbuf_str(&key), fn, ctx);
    }
    db_finalize(stmt);
    /* Groups of facts no count row holds. */
    for (size_t i = 0; rc == DB_DONE && i < g.cap; i++)
        if (g.slots[i].key && !g.slots[i].seen && (*problems)++ < limit)
            report_group(g.slots[i].key, fn, ctx);
    strbuf_release(&key);
    groups_free(&g);
    return rc == DB_DONE ? DB_OK : rc;
}
