/* Sites, operators and settings: the names sessions and workshops are filed under. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_SITE_FIND,
    STMT_SITE_ADD,
    STMT_OPERATOR_FIND,
    STMT_OPERATOR_ADD,
    STMT_SITES,
    STMT_SITE_DETAILS,
    STMT_SITE_ZONE,
    STMT_SITE_SET_ZONE,
    STMT_SITE_SET_EMAIL,
    STMT_OPERATORS,
    STMT_OPERATOR_SET_SITE,
    STMT_SETTING_GET,
    STMT_SETTING_SET,
    STMT_SITE_COUNT,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_SITE_FIND] = "SELECT id FROM site WHERE name_fold = ?1",
    /* A new site takes the first site's zone (migration 013). */
    [STMT_SITE_ADD] = "INSERT INTO site (name, name_fold, created_at, time_zone) VALUES (?1, ?2, ?3, "
                      "coalesce((SELECT time_zone FROM site ORDER BY id LIMIT 1), 'Europe/Paris')) RETURNING id",
    [STMT_OPERATOR_FIND] = "SELECT id FROM operator WHERE name_fold = ?1",
    [STMT_OPERATOR_ADD] = "INSERT INTO operator (name, name_fold, created_at) VALUES (?1, ?2, ?3) RETURNING id",
    [STMT_SITES] = "SELECT id, name, 0 FROM site ORDER BY name_fold",
    [STMT_SITE_DETAILS] =
        "SELECT id, name, time_zone, email, opening_hours FROM site ORDER BY name_fold",
    /* The site's zone; for no site, the zone a new site would take. */
    [STMT_SITE_ZONE] = "SELECT coalesce((SELECT time_zone FROM site WHERE id = ?1), "
                       "(SELECT time_zone FROM site ORDER BY id LIMIT 1), 'Europe/Paris')",
    [STMT_SITE_SET_ZONE] = "UPDATE site SET time_zone = ?2 WHERE id = ?1",
    [STMT_SITE_SET_EMAIL] = "UPDATE site SET email = ?2 WHERE id = ?1",
    [STMT_OPERATORS] =
        "SELECT id, name, coalesce(site_id, 0) FROM operator WHERE active = 1 ORDER BY name_fold",
    [STMT_OPERATOR_SET_SITE] = "UPDATE operator SET site_id = ?2 WHERE id = ?1 AND site_id IS NULL",
    [STMT_SETTING_GET] = "SELECT value FROM setting WHERE key = ?1",
    [STMT_SETTING_SET] = "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    /* Whether the database has more than one site: one is enough to know. */
    [STMT_SITE_COUNT] = "SELECT count(*) FROM (SELECT id FROM site LIMIT 2) AS s",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    NULL,
};

STORE_STATEMENTS(STORE_SITES, sites)

/* The id of the site or operator called name (matched folded), created when missing. */
/* The id of the row whose folded name is fold, through the find statement; 0 when none. */
static int find_named(struct store *st, enum stmt_id find, const char *fold, int64_t *id,
                      struct gu_error *err)
{
    *id = 0;
    struct db_stmt *q = stmt_get(st, find, err);
    if (!q)
        return GU_FAILURE;
    db_bind_text(q, 1, fold, -1);
    int rc = db_step(q);
    if (rc == DB_ROW)
        *id = db_column_int64(q, 0);
    return store_stmt_finish(st, q, GU_OK, rc, err);
}

static int find_or_add_named(struct store *st, enum stmt_id find, enum stmt_id add,
                             const char *name, const char *now, int64_t *id, struct gu_error *err)
{
    /* A site's or an operator's name is kept as a person's is: without the zero-width spaces
     * and soft hyphens a paste brings, which would show, print and export as they are. */
    char *clean = NULL;
    struct gu_error why = {0};
    int status = person_clean_name("name", name, 0, &clean, &why);
    /* A name read back from the database (a workshop's facilitator, when it is edited) is
     * found as it is, even where it is not text guichet would accept today. */
    if (status == GU_INVALID && !(clean = strdup(name)))
        return error_nomem(err);
    if (status && status != GU_INVALID)
        return error_nomem(err);
    char *fold = text_fold(clean);
    if (!fold) {
        free(clean);
        return error_nomem(err);
    }
    status = find_named(st, find, fold, id, err);
    /* "all" stands for every site (report --site all): no site takes that name. */
    if (!status && !*id && add == STMT_SITE_ADD && !strcmp(fold, "all"))
        status = error_set(err, GU_INVALID, _("a site cannot be called \"%s\": the word stands "
                                              "for every site (report --site all)"),
                           clean);
    if (!status && !*id) {
        struct db_stmt *ins = stmt_get(st, add, err);
        status = ins ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_text(ins, 1, clean, -1);
            db_bind_text(ins, 2, fold, -1);
            db_bind_text(ins, 3, now, -1);
            status = store_stmt_run(st, ins, err);
            *id = db_last_insert_id(st->db);
            if (add == STMT_SITE_ADD) /* this connection's own write: data_version stays */
                st->sites_read_at = 0;
        }
    }
    free(fold);
    free(clean);
    return status;
}

static int find_by_name(struct store *st, enum stmt_id find, const char *name, int64_t *id,
                        struct gu_error *err)
{
    char *fold = text_fold(name);
    int status = fold ? find_named(st, find, fold, id, err) : error_nomem(err);
    free(fold);
    return status;
}

void store_set_site_scope(struct store *st, int64_t site_id)
{
    st->site_scope = site_id;
}

int store_several_sites(struct store *st, bool *several, struct gu_error *err)
{
    /* Inside a transaction the answer may be rolled back with it: read, not kept. */
    bool keep = !db_in_transaction(st->db);
    long long version = keep ? store_data_version(st) + 1 : 0;
    if (keep && version == st->sites_read_at) {
        *several = st->several_sites;
        return GU_OK;
    }
    long long sites = 0;
    struct db_stmt *stmt = stmt_get(st, STMT_SITE_COUNT, err);
    int status = stmt ? store_stmt_int(st, stmt, &sites, err) : GU_FAILURE;
    *several = !status && sites > 1;
    if (!status && keep) {
        st->several_sites = *several;
        st->sites_read_at = version;
    }
    return status;
}

int store_site_scope(struct store *st, int64_t *site, struct gu_error *err)
{
    *site = 0;
    bool several = false;
    int status = st->site_scope ? store_several_sites(st, &several, err) : GU_OK;
    if (!status && several)
        *site = st->site_scope;
    return status;
}

int store_find_site(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    return find_by_name(st, STMT_SITE_FIND, name, id, err);
}

int store_find_operator(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    return find_by_name(st, STMT_OPERATOR_FIND, name, id, err);
}

/* *looked_up tells whether the database was asked (the name was not in the cache). */
static int resolve_name(struct store *st, struct name_cache *cache, enum stmt_id find,
                        enum stmt_id add, const char *name, const char *now, int64_t *id,
                        bool *looked_up, struct gu_error *err)
{
    *id = 0;
    *looked_up = false;
    if (!name)
        return GU_OK;
    for (int i = 0; i < NAME_CACHE_SIZE && cache->name[i]; i++)
        if (!strcmp(cache->name[i], name)) {
            *id = cache->id[i];
            return GU_OK;
        }
    *looked_up = true;
    int status = find_or_add_named(st, find, add, name, now, id, err);
    if (!status) {
        unsigned slot = cache->next++ % NAME_CACHE_SIZE;
        cache->name[slot] = name;
        cache->id[slot] = *id;
    }
    return status;
}

/* The ids of a site and an operator named by the caller (0 when a name is NULL), created when
 * missing; the caches remember the last names across a batch. An operator without a usual site
 * takes the first site named with them (their desk then opens there, with its directory and
 * policy: store_set_site_scope). */
int store_resolve_site_and_operator(struct store *st, struct name_cache *sites,
                                     struct name_cache *operators, const char *site_name,
                                     const char *operator_name, const char *now, int64_t *site_id,
                                     int64_t *operator_id, struct gu_error *err)
{
    bool site_new, operator_new;
    int status = resolve_name(st, sites, STMT_SITE_FIND, STMT_SITE_ADD, site_name, now, site_id,
                              &site_new, err);
    if (!status)
        status = resolve_name(st, operators, STMT_OPERATOR_FIND, STMT_OPERATOR_ADD,
                              operator_name, now, operator_id, &operator_new, err);
    struct db_stmt *stmt = NULL;
    if (!status && operator_new && *site_id && !(stmt = stmt_get(st, STMT_OPERATOR_SET_SITE, err)))
        status = GU_FAILURE;
    if (!status && stmt) {
        db_bind_int64(stmt, 1, *operator_id);
        db_bind_int64(stmt, 2, *site_id);
        status = store_stmt_run(st, stmt, err);
    }
    return status;
}

void store_free_named(struct store_named *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i].name);
    free(items);
}

static int list_named(struct store *st, enum stmt_id id, struct store_named **items, size_t *n,
                      struct gu_error *err)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        if (!array_reserve(items, &cap, *n, sizeof **items, 8)) {
            status = error_nomem(err);
            break;
        }
        struct store_named *it = &(*items)[*n];
        it->id = db_column_int64(stmt, 0);
        it->site_id = db_column_int64(stmt, 2);
        if (!(it->name = strdup((const char *)db_column_text(stmt, 1))))
            status = error_nomem(err);
        else
            (*n)++;
    }
    status = store_stmt_finish(st, stmt, status, rc, err);
    if (status) {
        store_free_named(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return status;
}

int store_list_sites(struct store *st, struct store_named **items, size_t *n,
                     struct gu_error *err)
{
    return list_named(st, STMT_SITES, items, n, err);
}

void store_free_sites(struct store_site *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].zone);
        free(items[i].email);
        free(items[i].hours);
    }
    free(items);
}

/* A column's text copied into *dst (NULL for NULL); false when out of memory. */
static bool column_dup(struct db_stmt *stmt, int col, char **dst)
{
    const unsigned char *text = db_column_text(stmt, col);
    *dst = text ? strdup((const char *)text) : NULL;
    return !text || *dst;
}

int store_list_site_details(struct store *st, struct store_site **items, size_t *n,
                            struct gu_error *err)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *stmt = stmt_get(st, STMT_SITE_DETAILS, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        if (!array_reserve(items, &cap, *n, sizeof **items, 8)) {
            status = error_nomem(err);
            break;
        }
        struct store_site *it = &(*items)[*n];
        *it = (struct store_site){.id = db_column_int64(stmt, 0)};
        (*n)++;
        if (!column_dup(stmt, 1, &it->name) || !column_dup(stmt, 2, &it->zone) ||
            !column_dup(stmt, 3, &it->email) || !column_dup(stmt, 4, &it->hours))
            status = error_nomem(err);
        /* A zone guichet does not offer (a database edited by hand) reads as the default. */
        if (!status && !date_zone_is_known(it->zone)) {
            free(it->zone);
            if (!(it->zone = strdup(DATE_ZONE_DEFAULT)))
                status = error_nomem(err);
        }
    }
    status = store_stmt_finish(st, stmt, status, rc, err);
    if (status) {
        store_free_sites(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return status;
}

int store_site_zone(struct store *st, int64_t site_id, const char **zone, struct gu_error *err)
{
    *zone = DATE_ZONE_DEFAULT;
    struct db_stmt *stmt = stmt_get(st, STMT_SITE_ZONE, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, site_id);
    int rc = db_step(stmt);
    if (rc == DB_ROW) {
        const char *text = (const char *)db_column_text(stmt, 0);
        for (size_t i = 0; text && i < date_zone_count; i++)
            if (!strcmp(text, date_zones[i]))
                *zone = date_zones[i];
    }
    return store_stmt_finish(st, stmt, GU_OK, rc == DB_ROW ? DB_DONE : rc, err);
}

int store_set_site(struct store *st, const char *name, const char *zone, const char *email,
                   int64_t *id, struct gu_error *err)
{
    if (zone && !date_zone_is_known(zone))
        return error_set(err, GU_INVALID, _("unknown time zone: %s"), zone);
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_SITE_FIND, STMT_SITE_ADD, name, now, id, err);
    const enum stmt_id which[] = {STMT_SITE_SET_ZONE, STMT_SITE_SET_EMAIL};
    const char *values[] = {zone, email};
    for (size_t i = 0; i < 2 && !status; i++) {
        if (!values[i])
            continue;
        struct db_stmt *stmt = stmt_get(st, which[i], err);
        if (!stmt) {
            status = GU_FAILURE;
            break;
        }
        db_bind_int64(stmt, 1, *id);
        if (*values[i])
            db_bind_text_copy(stmt, 2, values[i], -1);
        else
            db_bind_null(stmt, 2);
        status = store_stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}

int store_list_operators(struct store *st, struct store_named **items, size_t *n,
                         struct gu_error *err)
{
    return list_named(st, STMT_OPERATORS, items, n, err);
}

int store_ensure_site(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_SITE_FIND, STMT_SITE_ADD, name, now, id, err);
    return store_tx_end(st, status, err);
}

int store_find_or_add_site(struct store *st, const char *name, const char *now, int64_t *id,
                           struct gu_error *err)
{
    return find_or_add_named(st, STMT_SITE_FIND, STMT_SITE_ADD, name, now, id, err);
}

int store_ensure_operator(struct store *st, const char *name, int64_t site_id, int64_t *id,
                          struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_OPERATOR_FIND, STMT_OPERATOR_ADD, name, now, id, err);
    struct db_stmt *stmt = NULL;
    if (!status && site_id && !(stmt = stmt_get(st, STMT_OPERATOR_SET_SITE, err)))
        status = GU_FAILURE;
    if (!status && stmt) {
        db_bind_int64(stmt, 1, *id);
        db_bind_int64(stmt, 2, site_id);
        status = store_stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}

int store_get_setting(struct store *st, const char *key, char **value, struct gu_error *err)
{
    *value = NULL;
    struct db_stmt *stmt = stmt_get(st, STMT_SETTING_GET, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text(stmt, 1, key, -1);
    int status = GU_OK, rc = db_step(stmt);
    if (rc == DB_ROW && !(*value = strdup((const char *)db_column_text(stmt, 0))))
        status = error_nomem(err);
    else if (rc != DB_ROW && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_reset(stmt);
    db_clear_bindings(stmt);
    return status;
}

int store_set_setting(struct store *st, const char *key, const char *value, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_SETTING_SET, err);
    if (!stmt)
        return GU_FAILURE;
    int status = store_tx_begin(st, err);
    if (!status) {
        db_bind_text(stmt, 1, key, -1);
        db_bind_text(stmt, 2, value, -1);
        status = store_stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}
