/* The schema a guichet file should have against the one it has: the triggers that keep the
 * report's counts and the search indexes exact are part of the data's soundness, and a file
 * whose trigger was dropped, added or altered (sqlite3 copy.db "DROP TRIGGER …") passes every
 * integrity check while its counts drift from the next write on. */
#include "store.h"
#include "store/internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "i18n.h"
#include "schema_expected.h"
#include "strbuf.h"

/* One object of sqlite_schema; the strings are owned by the list holding it. */
struct schema_object {
    char *type, *name, *sql;
};

struct schema_list {
    struct schema_object *items; /* owned */
    size_t count, cap;
};

static void schema_list_free(struct schema_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].type);
        free(list->items[i].name);
        free(list->items[i].sql);
    }
    free(list->items);
    *list = (struct schema_list){0};
}

/* A copy of a column's text ("" for NULL), NULL when out of memory. */
static char *column_dup(sqlite3_stmt *stmt, int i)
{
    const unsigned char *text = sqlite3_column_text(stmt, i);
    int n = sqlite3_column_bytes(stmt, i);
    char *out = malloc((size_t)n + 1);
    if (out) {
        if (n)
            memcpy(out, text, (size_t)n);
        out[n] = '\0';
    }
    return out;
}

/* Every table, index, trigger and view of db, sorted by type then name (bytes). The statistics
 * ANALYZE may add (sqlite_stat*) are the planner's, not the schema's. Returns the SQLite code. */
static int schema_list_read(sqlite3 *db, struct schema_list *out)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, sql FROM sqlite_schema "
                                "WHERE type IN ('table', 'index', 'trigger', 'view') "
                                "AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' "
                                "ORDER BY type COLLATE BINARY, name COLLATE BINARY",
                                -1, &stmt, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (out->count == out->cap) {
            size_t cap = out->cap ? 2 * out->cap : 64;
            struct schema_object *items = realloc(out->items, cap * sizeof *items);
            if (!items) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = items;
            out->cap = cap;
        }
        struct schema_object *o = &out->items[out->count];
        o->type = column_dup(stmt, 0);
        o->name = column_dup(stmt, 1);
        o->sql = column_dup(stmt, 2);
        out->count++;
        rc = o->type && o->name && o->sql ? SQLITE_OK : SQLITE_NOMEM;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A new database at version, in memory: the embedded migrations up to it, as a new file gets
 * them. *db is the caller's to close whatever the result; returns the SQLite code. */
static int reference_build(long long version, sqlite3 **db)
{
    int rc = store_sqlite_open(":memory:", db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                  SQLITE_OPEN_MEMORY);
    if (rc == SQLITE_OK)
        rc = store_register_functions(*db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "BEGIN", NULL, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < embedded_migration_count; i++)
        if (embedded_migrations[i].version <= version)
            rc = sqlite3_exec(*db, embedded_migrations[i].sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

/* The current version's schema, generated at build time: a copy. Returns the SQLite code. */
static int schema_list_expected(struct schema_list *out)
{
    out->items = calloc(expected_schema_count ? expected_schema_count : 1, sizeof *out->items);
    if (!out->items)
        return SQLITE_NOMEM;
    out->cap = expected_schema_count;
    for (size_t i = 0; i < expected_schema_count; i++) {
        struct schema_object *o = &out->items[out->count++];
        o->type = strdup(expected_schema[i].type);
        o->name = strdup(expected_schema[i].name);
        o->sql = strdup(expected_schema[i].sql);
        if (!o->type || !o->name || !o->sql)
            return SQLITE_NOMEM;
    }
    return SQLITE_OK;
}

const char *store_schema_difference_format(const char *type, enum schema_difference d)
{
    static const struct {
        const char *type, *formats[3];
    } kinds[] = {
        {"table",
         {N_("schema: the table \"%s\" is missing"),
          N_("schema: the table \"%s\" is not one guichet creates"),
          N_("schema: the table \"%s\" differs from the one guichet creates")}},
        {"index",
         {N_("schema: the index \"%s\" is missing"),
          N_("schema: the index \"%s\" is not one guichet creates"),
          N_("schema: the index \"%s\" differs from the one guichet creates")}},
        {"trigger",
         {N_("schema: the trigger \"%s\" is missing"),
          N_("schema: the trigger \"%s\" is not one guichet creates"),
          N_("schema: the trigger \"%s\" differs from the one guichet creates")}},
        {"view",
         {N_("schema: the view \"%s\" is missing"),
          N_("schema: the view \"%s\" is not one guichet creates"),
          N_("schema: the view \"%s\" differs from the one guichet creates")}},
        /* PostgreSQL's triggers run functions of the schema's own. */
        {"function",
         {N_("schema: the function \"%s\" is missing"),
          N_("schema: the function \"%s\" is not one guichet creates"),
          N_("schema: the function \"%s\" differs from the one guichet creates")}},
    };
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
        if (!strcmp(kinds[i].type, type))
            return _(kinds[i].formats[d]);
    return _(kinds[0].formats[d]); /* the queries read only these types */
}

static void report(const struct schema_object *o, enum schema_difference d, store_problem_fn fn,
                   void *ctx, long *problems)
{
    (*problems)++;
    if (!fn)
        return;
    /* The name comes from the file: as long as it is (the caller cleans the line). */
    struct strbuf line = STRBUF_INIT;
    strbuf_printf(&line, store_schema_difference_format(o->type, d), o->name);
    fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
    strbuf_release(&line);
}

/* Orders objects as schema_list_read sorts them. */
static int object_compare(const struct schema_object *a, const struct schema_object *b)
{
    int c = strcmp(a->type, b->type);
    return c ? c : strcmp(a->name, b->name);
}

int store_compare_schema(sqlite3 *db, const char *path, store_problem_fn fn, void *ctx,
                         long *problems, struct gu_error *err)
{
    *problems = 0;
    long long version = 0;
    int rc = store_read_int(db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK && version > store_schema_version())
        return store_refuse_newer(path, version, err);
    struct schema_list have = {0}, want = {0};
    if (rc == SQLITE_OK)
        rc = schema_list_read(db, &have);
    /* The current version's from the build; an older file's (rare: before its first writing
     * open, or a backup) replayed from the migrations. */
    sqlite3 *ref = NULL;
    int ref_rc = SQLITE_OK;
    if (rc == SQLITE_OK && version == expected_schema_version)
        ref_rc = schema_list_expected(&want);
    else if (rc == SQLITE_OK) {
        ref_rc = reference_build(version, &ref);
        if (ref_rc == SQLITE_OK)
            ref_rc = schema_list_read(ref, &want);
    }
    sqlite3_close(ref);
    int status = GU_OK;
    if (rc == SQLITE_NOMEM || ref_rc == SQLITE_NOMEM)
        status = error_nomem(err);
    else if (rc != SQLITE_OK)
        status = error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, sqlite3_errstr(rc));
    else if (ref_rc != SQLITE_OK) /* the migrations built into this program failed: a bug */
        status = error_set(err, GU_FAILURE, _("cannot build the reference schema: %s"),
                           sqlite3_errstr(ref_rc));
    /* Both sorted the same way: one merge. */
    for (size_t i = 0, j = 0; !status && (i < have.count || j < want.count);) {
        int c = i == have.count  ? 1
                : j == want.count ? -1
                                  : object_compare(&have.items[i], &want.items[j]);
        if (c < 0)
            report(&have.items[i++], SCHEMA_ADDED, fn, ctx, problems);
        else if (c > 0)
            report(&want.items[j++], SCHEMA_MISSING, fn, ctx, problems);
        else {
            if (strcmp(have.items[i].sql, want.items[j].sql))
                report(&have.items[i], SCHEMA_ALTERED, fn, ctx, problems);
            i++;
            j++;
        }
    }
    schema_list_free(&have);
    schema_list_free(&want);
    return status;
}
