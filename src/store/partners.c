/* Partners and the routing policy: the directory, its search as you type and its paging, the
 * import of places, and the request kinds the policy routes. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"

/* A partner's columns, as each_partner reads them, then its place in the directory's order. */
#define PARTNER_FIELDS                                                                         \
    "SELECT p.id, p.code, p.name, p.typology, p.category, p.address, p.address_extra, "        \
    "p.postal_code, p.commune, p.phone, p.emails, p.website, p.opening_hours, "                \
    "p.access_methods, p.handles, p.notes, p.is_national, p.mednum_id, p.pivot, p.code_insee, " \
    "p.updated_on, p.mednum_extra, p.updated_at, coalesce(p.site_id, 0), p.name_fold "          \
    "FROM partner p "

/* A partner's texts hold a character migration 019's tokenizer does not fold as text_fold does
 * (its triggers' test); ASCII text never does, and is told apart first at a fraction of the cost
 * of the pattern (0.1 s instead of 0.4 for 100,000 places). */
#define PARTNER_ODD                                                                            \
    "length(all_text) <> length(CAST(all_text AS BLOB)) "                                      \
    "AND all_text GLOB (SELECT odd FROM session_search_plain)"
#define PARTNER_ODD_PG                                                                         \
    "octet_length(all_text) <> length(all_text) "                                              \
    "AND all_text ~ (SELECT odd FROM session_search_plain)"

/* The directory's order from a key: ?1 is_national, then (name_fold, id) after (?2, ?3), read
 * through partner_by_listing; the caller goes on with is_national 0 after 1. */
#define PARTNER_FROM_KEY "WHERE p.is_national = ?1 AND (p.name_fold, p.id) > (?2, ?3) "
/* The same backwards (store_page_partners_back): the partners before the key. */
#define PARTNER_BEFORE_KEY "WHERE p.is_national = ?1 AND (p.name_fold, p.id) < (?2, ?3) "

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_PARTNERS,
    STMT_PARTNER_ADD,
    STMT_PARTNER_UPDATE,
    STMT_REQUEST_KINDS,
    STMT_KIND_FIND,
    STMT_KIND_ADD,
    STMT_KIND_UPDATE,
    STMT_KIND_DELETE,
    STMT_KIND_SITE,
    STMT_PARTNER_OWNER,
    STMT_KIND_REFERRALS_TO_NETWORK,
    STMT_KIND_AS_NETWORK,
    STMT_PLACE_OWNER,
    STMT_PARTNER_COUNT,
    STMT_PARTNER_PAGE,
    STMT_PARTNER_PAGE_IN_SET,
    STMT_PARTNER_ORDER,
    STMT_PARTNER_PAGE_HITS,
    STMT_PARTNER_PAGE_BACK,
    STMT_PARTNER_PAGE_IN_SET_BACK,
    STMT_PARTNER_PAGE_HITS_BACK,
    STMT_PARTNER_ONE,
    STMT_PARTNER_GET,
    STMT_PARTNER_TEXT_IDS,
    STMT_LABEL_CATEGORY_IDS,
    STMT_PARTNER_INDEX_ADD,
    STMT_PARTNER_ODD_ADD,
    STMT_PARTNER_UNINDEX,
    STMT_PARTNER_ODD_REMOVE,
    STMT_PARTNER_REBUILD,
    STMT_PARTNER_ODD_CLEAR,
    STMT_PARTNER_ODD_ALL,
    STMT_PLACE_ADD,
    STMT_PLACE_UPDATE,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_PARTNERS] =
        "SELECT id, code, name, typology, category, address, address_extra, postal_code, commune, "
        "phone, emails, website, opening_hours, access_methods, handles, notes, is_national, "
        "mednum_id, pivot, code_insee, updated_on, mednum_extra, updated_at, coalesce(site_id, 0) "
        "FROM partner WHERE ?1 = 0 OR site_id IS NULL OR site_id = ?1 "
        "ORDER BY is_national DESC, name_fold, id",
    [STMT_PARTNER_ADD] =
        "INSERT INTO partner (name, name_fold, typology, category, address, address_extra, "
        "postal_code, commune, phone, emails, website, opening_hours, access_methods, handles, "
        "notes, created_at, updated_at, pivot, updated_on, site_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, "
        "?18, ?19) RETURNING id",
    [STMT_PARTNER_UPDATE] =
        "UPDATE partner SET name = ?1, name_fold = ?2, typology = ?3, category = ?4, address = ?5, "
        "address_extra = ?6, postal_code = ?7, commune = ?8, phone = ?9, emails = ?10, "
        "website = ?11, opening_hours = ?12, access_methods = ?13, handles = ?14, notes = ?15, "
        "updated_at = ?16, pivot = ?18, updated_on = ?19 WHERE id = ?17",
    /* The policy of site ?1 (store_set_site_scope): its own lines and the network's whose code
     * it has no line of; for 0, the network's. */
    [STMT_REQUEST_KINDS] =
        "SELECT id, code, label, keywords, answer, theme, bring, staff_note, "
        "coalesce(partner_id, 0), coalesce(site_id, 0) FROM request_kind k "
        "WHERE k.site_id = ?1 OR (k.site_id IS NULL AND NOT EXISTS (SELECT 1 FROM request_kind o "
        "WHERE o.site_id = ?1 AND o.code = k.code)) ORDER BY position, id",
    [STMT_KIND_FIND] = "SELECT id FROM request_kind WHERE code = ?1 AND coalesce(site_id, 0) = ?2",
    /* ?1 code … ?8 staff_note, as the columns, ?9 the site (0: the network's); a new line goes
     * last, a site's own line where the network's line of its code is. */
    [STMT_KIND_ADD] =
        "INSERT INTO request_kind (code, label, keywords, answer, partner_id, theme, bring, "
        "staff_note, site_id, position) VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5, ?6, ?7, ?8, "
        "CASE WHEN ?9 = 0 THEN NULL ELSE ?9 END, "
        "coalesce((SELECT max(position) FROM request_kind WHERE code = ?1 AND site_id IS NULL "
        "AND ?9 <> 0), (SELECT coalesce(max(position), 0) + 1 FROM request_kind))) RETURNING id",
    [STMT_KIND_UPDATE] =
        "UPDATE request_kind SET label = ?2, keywords = coalesce(?3, ''), answer = ?4, "
        "partner_id = ?5, theme = ?6, bring = ?7, staff_note = ?8 "
        "WHERE code = ?1 AND coalesce(site_id, 0) = ?9",
    [STMT_KIND_DELETE] = "DELETE FROM request_kind WHERE id = ?1",
    /* Line ?1's site, 0 for the network's, -1 when there is no such line. */
    [STMT_KIND_SITE] = "SELECT coalesce((SELECT coalesce(site_id, 0) FROM request_kind "
                       "WHERE id = ?1), -1)",
    /* The referrals made with a site's own line ?1, given the network's line of its code (none:
     * NULL, as the line's removal would make it) before that line goes. */
    [STMT_KIND_REFERRALS_TO_NETWORK] =
        "UPDATE referral SET request_kind_id = (SELECT n.id FROM request_kind n "
        "JOIN request_kind o ON o.code = n.code WHERE o.id = ?1 AND n.site_id IS NULL) "
        "WHERE request_kind_id = ?1",
    /* Partner ?1's site, 0 for the network's (or none). */
    [STMT_PARTNER_OWNER] = "SELECT coalesce((SELECT site_id FROM partner WHERE id = ?1), 0)",
    /* Whether the network's line of code ?1 says exactly ?2-?8 (as STMT_KIND_UPDATE binds them):
     * a site's import of it adds no line of its own. */
    [STMT_KIND_AS_NETWORK] =
        "SELECT count(*) FROM request_kind WHERE code = ?1 AND site_id IS NULL AND label = ?2 "
        "AND keywords = coalesce(?3, '') AND answer = ?4 "
        "AND partner_id IS NOT DISTINCT FROM ?5 AND theme IS NOT DISTINCT FROM ?6 "
        "AND bring IS NOT DISTINCT FROM ?7 AND staff_note IS NOT DISTINCT FROM ?8",
    /* The partner of place id ?1, its site (0: the network's) and that site's name. */
    [STMT_PLACE_OWNER] =
        "SELECT p.id, coalesce(p.site_id, 0), coalesce(s.name, '') FROM partner p "
        "LEFT JOIN site s ON s.id = p.site_id WHERE p.mednum_id = ?1",
    [STMT_PARTNER_COUNT] =
        "SELECT count(*) FROM partner WHERE ?1 = 0 OR site_id IS NULL OR site_id = ?1",
    [STMT_PARTNER_PAGE] = PARTNER_FIELDS PARTNER_FROM_KEY "ORDER BY p.name_fold, p.id",
    /* The same, only the partners of the search's set (bound as a pointer: idset_bind), tested
     * from the index's numbers before a row is read. */
    [STMT_PARTNER_PAGE_IN_SET] = PARTNER_FIELDS PARTNER_FROM_KEY "AND guichet_in_set(?4, p.id) "
        "ORDER BY p.name_fold, p.id",
    /* The directory's order, for one value of is_national (partner_order_read). */
    [STMT_PARTNER_ORDER] =
        "SELECT p.id FROM partner p WHERE p.is_national = ?1 ORDER BY p.name_fold, p.id",
    /* The partners among the JSON array ?4 after the key (both values of is_national), sorted
     * by their key alone: the rows are read one by one after (STMT_PARTNER_ONE). */
    [STMT_PARTNER_PAGE_HITS] = "WITH hit(id) AS (SELECT value FROM json_each(?4)) "
        "SELECT p.id FROM partner p WHERE p.id IN hit AND (p.is_national < ?1 OR "
        "(p.is_national = ?1 AND (p.name_fold, p.id) > (?2, ?3))) "
        "ORDER BY p.is_national DESC, p.name_fold, p.id",
    /* The three above read backwards, last first (store_page_partners_back): the same index,
     * read from its end. */
    [STMT_PARTNER_PAGE_BACK] = PARTNER_FIELDS PARTNER_BEFORE_KEY
        "ORDER BY p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_PAGE_IN_SET_BACK] = PARTNER_FIELDS PARTNER_BEFORE_KEY
        "AND guichet_in_set(?4, p.id) ORDER BY p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_PAGE_HITS_BACK] = "WITH hit(id) AS (SELECT value FROM json_each(?4)) "
        "SELECT p.id FROM partner p WHERE p.id IN hit AND (p.is_national > ?1 OR "
        "(p.is_national = ?1 AND (p.name_fold, p.id) < (?2, ?3))) "
        "ORDER BY p.is_national, p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_ONE] = PARTNER_FIELDS "WHERE p.id = ?1",
    /* The same for store_get_partner, whose callers may read a page meanwhile: by its key,
     * where STMT_PARTNERS's "?1 = 0 OR" read and sorted the whole directory (10 ms a partner
     * at 100,000 places, and the policy names a dozen). */
    [STMT_PARTNER_GET] = PARTNER_FIELDS "WHERE p.id = ?1",
    /* The partners whose texts have a word starting with the FTS5 query ?1's (migration 019;
     * a prefix of one or two characters is read from its prefix index), and those whose texts
     * the index cannot vouch for, up to ?2 rows, into the set of ?3 (word_set_read). */
    [STMT_PARTNER_TEXT_IDS] = "WITH r(id) AS (SELECT rowid FROM partner_search "
        "WHERE partner_search MATCH ?1 UNION ALL SELECT partner_id FROM partner_search_odd "
        "LIMIT ?2) SELECT count(*), guichet_collect(?3, id) FROM r",
    /* The partners of category ?1, into the set of ?2 (label_set_of). */
    [STMT_LABEL_CATEGORY_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM partner WHERE category = ?1",
    /* What migration 022's triggers do row by row, for the partners ?1 to ?2 an import added
     * with the triggers off. */
    [STMT_PARTNER_INDEX_ADD] =
        "INSERT INTO partner_search (rowid, name, commune, handles, postal_code, joined) "
        "SELECT id, name, commune, handles, postal_code, joined FROM partner_search_content "
        "WHERE id BETWEEN ?1 AND ?2",
    [STMT_PARTNER_ODD_ADD] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND " PARTNER_ODD,
    /* Partner ?1's words out of the index, before an import changes it with the triggers off. */
    [STMT_PARTNER_UNINDEX] =
        "INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code, "
        "joined) SELECT 'delete', id, name, commune, handles, postal_code, joined "
        "FROM partner_search_content WHERE id = ?1",
    [STMT_PARTNER_ODD_REMOVE] = "DELETE FROM partner_search_odd WHERE partner_id = ?1",
    /* The whole index again, after an import that changed many partners. */
    [STMT_PARTNER_REBUILD] = "INSERT INTO partner_search (partner_search) VALUES ('rebuild')",
    [STMT_PARTNER_ODD_CLEAR] = "DELETE FROM partner_search_odd",
    [STMT_PARTNER_ODD_ALL] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE " PARTNER_ODD,
    /* ?1-?16 as STMT_PARTNER_ADD, then ?17 mednum_id … ?22 longitude. */
    [STMT_PLACE_ADD] =
        "INSERT INTO partner (name, name_fold, typology, category, address, address_extra, "
        "postal_code, commune, phone, emails, website, opening_hours, access_methods, handles, "
        "notes, created_at, updated_at, mednum_id, pivot, code_insee, updated_on, mednum_extra, "
        "latitude, longitude, site_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) RETURNING id",
    [STMT_PLACE_UPDATE] =
        "UPDATE partner SET name = ?1, name_fold = ?2, typology = ?3, "
        "category = coalesce(?4, category), address = ?5, "
        "address_extra = ?6, postal_code = ?7, commune = ?8, phone = ?9, emails = ?10, "
        "website = ?11, opening_hours = ?12, access_methods = ?13, handles = coalesce(?14, handles), "
        "notes = coalesce(?15, notes), updated_at = ?16, pivot = ?18, code_insee = ?19, "
        "updated_on = ?20, mednum_extra = ?21, latitude = ?22, longitude = ?23 WHERE mednum_id = ?17",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    /* ?2 NULL: from the last partner (bind_partner_key) */
    [STMT_PARTNER_PAGE_BACK] = PARTNER_FIELDS "WHERE p.is_national = ?1 AND (?2 IS NULL OR "
        "(p.name_fold, p.id) < (?2, ?3)) ORDER BY p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_ODD_ADD] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND " PARTNER_ODD_PG,
    [STMT_PARTNER_ODD_ALL] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE " PARTNER_ODD_PG,
    /* FTS5's commands have no counterpart there (data/pg/schema.sql): a row is deleted, and the
     * index is written again from its content. */
    [STMT_PARTNER_UNINDEX] = "DELETE FROM partner_search WHERE rowid = ?1",
    [STMT_PARTNER_REBUILD] =
        "INSERT INTO partner_search (rowid, name, commune, handles, postal_code, joined) "
        "SELECT id, name, commune, handles, postal_code, joined FROM partner_search_content "
        "ON CONFLICT (rowid) DO UPDATE SET name = excluded.name, commune = excluded.commune, "
        "handles = excluded.handles, postal_code = excluded.postal_code, "
        "joined = excluded.joined",
};

STORE_STATEMENTS(STORE_PARTNERS, partners)

/* ---- partners and the routing policy --------------------------------------------------- */

/* Fills p from a row of STMT_PARTNERS (or PARTNER_FIELDS, with name_fold at 24); its strings
 * are borrowed from the statement. */
static void read_partner_row(struct db_stmt *stmt, struct partner *p)
{
    *p = (struct partner){
        .id = db_column_int64(stmt, 0),
        .code = store_column_borrow(stmt, 1),
        .national = db_column_int(stmt, 16) != 0,
    };
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++) /* columns 2-15, in the enum's order */
        p->field[i] = store_column_borrow(stmt, 2 + i);
    p->mednum_id = store_column_borrow(stmt, 17);
    p->pivot = store_column_borrow(stmt, 18);
    p->code_insee = store_column_borrow(stmt, 19);
    p->updated_on = store_column_borrow(stmt, 20);
    p->mednum_extra = store_column_borrow(stmt, 21);
    p->updated_at = store_column_borrow(stmt, 22);
    p->site_id = db_column_int64(stmt, 23);
    if (db_column_count(stmt) > 24)
        p->name_fold = store_column_borrow(stmt, 24);
}

static int each_partner(struct store *st, int64_t id, store_partner_fn fn, void *ctx,
                        struct gu_error *err)
{
    int64_t site = 0;
    if (!id && store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt = stmt_get(st, id ? STMT_PARTNER_GET : STMT_PARTNERS, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id ? id : site);
    int status = GU_OK, rc, rows = 0;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct partner p;
        read_partner_row(stmt, &p);
        rows++;
        status = fn(&p, ctx);
    }
    status = store_stmt_finish(st, stmt, status, rc, err);
    if (!status && id && !rows)
        status = store_no_such(_("partner %lld does not exist"), id, err);
    return status;
}

/* Searching the directory (store_page_partners). partner_matches is the one definition of what
 * a search finds; the store only chooses which partners it is shown, as for the history's
 * search. The listing is read in order first, PARTNER_SCAN_ROWS partners at most, and on, up to
 * SEARCH_DENSE times as many, while one in SEARCH_DENSE_RATIO of them or more is found. A rarer
 * search takes from the index the set of partners each word can reach (partner_word_set: its words
 * in the texts, and the categories whose label, in the desk's language now, has one), read up
 * to PARTNER_SET_MAX rows and kept between keystrokes (word_set_of). The sets intersected hold
 * every partner the search can find: up to PARTNER_SORT_MAX, they are sorted by their key and
 * read one by one; more, the directory's numbers are read in order from its index and only the
 * partners of the set are read. A search of words the index cannot answer for (other characters
 * than a-z and 0-9) reads on in order. */
#define PARTNER_SCAN_ROWS 300
#define PARTNER_SORT_MAX 2000
#define PARTNER_SET_MAX 100000

void store_set_partner_search_limits(struct store *st, long scan_rows, long sort_max,
                                     long set_max, long reindex_max)
{
    st->partner_reindex_max = reindex_max;
    st->partner_scan_rows = scan_rows;
    st->partner_sort_max = sort_max;
    st->partner_set_max = set_max;
    store_word_sets_forget(st); /* read with the former limits */
}

#define PARTNER_LIMIT(st, name, dflt) ((st)->partner_##name ? (st)->partner_##name : (dflt))

/* Between the store and the caller's fn: the words, the limit, the key reached. */
struct partner_pass {
    const struct text_search *words;
    store_partner_fn fn;
    void *ctx;
    long limit, listed;
    long examined, budget; /* partners tested; at most budget (0: no bound) */
    struct partner_key key; /* the last partner tested (name_fold owned) */
    bool backward;          /* from the end of the listing towards its start */
    int64_t site;           /* store_site_scope: another site's partners are passed over */
};

#define PARTNER_PASS_DONE 102   /* stops a pass: the caller's limit is reached */
#define PARTNER_PASS_BUDGET 103 /* stops a pass: the reading in order spent its budget */

static int partner_pass_row(struct partner_pass *x, const struct partner *p)
{
    if (x->budget && x->examined == x->budget)
        return PARTNER_PASS_BUDGET;
    x->examined++;
    char *fold = p->name_fold ? strdup(p->name_fold) : strdup("");
    if (!fold)
        return GU_FAILURE;
    free((char *)x->key.name_fold);
    x->key = (struct partner_key){.national = p->national, .name_fold = fold, .id = p->id};
    if (x->site && p->site_id && p->site_id != x->site)
        return GU_OK;
    if (x->words->n && !partner_matches(p, x->words))
        return GU_OK;
    int status = x->fn(p, x->ctx);
    if (!status && x->limit > 0 && ++x->listed == x->limit)
        return PARTNER_PASS_DONE;
    return status;
}

/* Binds ?1-?3 to the key a page goes on after (before, backward); is_national is the phase
 * read. */
static void bind_partner_key(struct store *st, struct db_stmt *stmt, bool national,
                             const struct partner_key *after, bool backward)
{
    db_bind_int(stmt, 1, national);
    if (after && after->national == national) {
        db_bind_text(stmt, 2, after->name_fold ? after->name_fold : "", -1);
        db_bind_int64(stmt, 3, after->id);
    } else if (backward) {
        /* from the last of this phase: on SQLite every text sorts before a blob; a server
         * compares a blob as text (and orders text by its collation): no key there, which
         * its statement reads as "from the end" */
        if (store_is_server(st))
            db_bind_null(stmt, 2);
        else
            db_bind_blob(stmt, 2, "", 0);
        db_bind_int64(stmt, 3, INT64_MAX);
    } else { /* from the first of this phase: every name_fold is text, ids are positive */
        db_bind_text(stmt, 2, "", -1);
        db_bind_int64(stmt, 3, INT64_MIN);
    }
}

/* Passes the partners of the listing after x->key (or from the start), in order, through
 * x; with a set, only its partners (STMT_PARTNER_PAGE_IN_SET). */
static int partner_read_in_order(struct store *st, struct partner_pass *x, bool started,
                                 const struct idset *set, struct gu_error *err)
{
    int status = GU_OK;
    /* The national partners first, then the local ones; backward, the other way round. */
    for (int phase = 0; !status && phase < 2; phase++) {
        bool national = x->backward ? phase == 1 : phase == 0;
        if (started && x->key.national != national && phase == 0)
            continue; /* that phase is behind (bind_partner_key: the next one starts from its
                       * first) */
        struct db_stmt *stmt = stmt_get(st, x->backward ? set ? STMT_PARTNER_PAGE_IN_SET_BACK
                                                            : STMT_PARTNER_PAGE_BACK
                                                      : set ? STMT_PARTNER_PAGE_IN_SET
                                                            : STMT_PARTNER_PAGE, err);
        if (!stmt)
            return GU_FAILURE;
        struct partner_key from = x->key;
        from.name_fold = from.name_fold ? strdup(from.name_fold) : NULL; /* x->key changes */
        if (x->key.name_fold && !from.name_fold)
            return error_nomem(err);
        bind_partner_key(st, stmt, national, started ? &from : NULL, x->backward);
        if (set)
            sqlite3_bind_pointer(db_sqlite_stmt(stmt), 4, (void *)set, IDSET_POINTER, NULL);
        int rc;
        while (!status && (rc = db_step(stmt)) == DB_ROW) {
            struct partner p;
            read_partner_row(stmt, &p);
            status = partner_pass_row(x, &p);
        }
        status = store_stmt_finish(st, stmt, status, rc, err);
        free((char *)from.name_fold);
    }
    return status;
}

/* Passes the partners of set after x->key, sorted, through x: their keys sorted first, then
 * each row read (STMT_PARTNER_ONE) until the page is full. */
static int partner_read_hits(struct store *st, struct partner_pass *x, const struct idset *set,
                             struct gu_error *err)
{
    char *json = search_idset_json(set);
    if (!json)
        return error_nomem(err);
    struct db_stmt *hits =
        stmt_get(st, x->backward ? STMT_PARTNER_PAGE_HITS_BACK : STMT_PARTNER_PAGE_HITS, err);
    struct db_stmt *one = hits ? stmt_get(st, STMT_PARTNER_ONE, err) : NULL;
    struct partner_key from = x->key;
    from.name_fold = one ? strdup(x->key.name_fold ? x->key.name_fold : "") : NULL;
    if (!from.name_fold) {
        free(json);
        return one ? error_nomem(err) : GU_FAILURE;
    }
    bind_partner_key(st, hits, from.national, &from, x->backward);
    db_bind_text(hits, 4, json, -1);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(hits)) == DB_ROW) {
        db_bind_int64(one, 1, db_column_int64(hits, 0));
        int got = db_step(one);
        if (got == DB_ROW) {
            struct partner p;
            read_partner_row(one, &p);
            status = partner_pass_row(x, &p);
        } else if (got != DB_DONE)
            status = store_db_error(st, got, err);
        db_reset(one);
    }
    db_clear_bindings(one);
    status = store_stmt_finish(st, hits, status, rc, err);
    free((char *)from.name_fold);
    free(json);
    return status;
}

/* Reads the directory's order once for the words' sets (store_word_sets_forget lets it go): a
 * search's partners are then put in order in C, however far apart in the directory, rather than
 * read in order from its index or sorted by SQLite on every key. Left unread (a number too
 * large), the search goes the other ways. */
static int partner_order_read(struct store *st, struct gu_error *err)
{
    if (st->partner_order_kept)
        return GU_OK;
    struct db_stmt *stmt = stmt_get(st, STMT_PARTNER_ORDER, err);
    if (!stmt)
        return GU_FAILURE;
    int64_t *ordered = NULL, max = 0;
    size_t n = 0, cap = 0;
    int status = GU_OK;
    for (int national = 1; !status && national >= 0; national--) {
        db_bind_int(stmt, 1, national);
        int rc;
        while (!status && (rc = db_step(stmt)) == DB_ROW) {
            int64_t id = db_column_int64(stmt, 0);
            if (!array_reserve(&ordered, &cap, n, sizeof *ordered, 1024))
                status = error_nomem(err);
            else {
                ordered[n++] = id;
                max = id > max ? id : max;
            }
        }
        status = store_stmt_finish(st, stmt, status, rc, err);
    }
    uint32_t *rank = NULL;
    bool fits = n < UINT32_MAX && max <= IDSET_MAX_ID;
    for (size_t r = 0; !status && fits && r < n; r++) {
        if (!rank && !(rank = calloc((size_t)max + 1, sizeof *rank)))
            status = error_nomem(err);
        else if (ordered[r] < 0)
            fits = false;
        else
            rank[ordered[r]] = (uint32_t)r + 1;
    }
    if (status || !fits) {
        free(ordered);
        free(rank);
        return status;
    }
    st->partner_ordered = ordered;
    st->partner_rank = rank;
    st->partner_nordered = n;
    st->partner_rank_size = (size_t)max + 1;
    st->partner_order_kept = true;
    return GU_OK;
}

static int rank_ascending(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int rank_descending(const void *a, const void *b)
{
    return rank_ascending(b, a);
}

#define PARTNER_NOT_RANKED 104 /* partner_read_ranked cannot answer: another way must */

/* Passes the partners of set after x->key (before, backward), in the directory's order (kept
 * by partner_order_read), through x: a set of more than sort walked rank by rank, a smaller
 * one's ranks sorted. PARTNER_NOT_RANKED when the order is not kept or the key's partner is not in it. */
static int partner_read_ranked(struct store *st, struct partner_pass *x, bool started,
                               const struct idset *set, long long sort, struct gu_error *err)
{
    if (!st->partner_order_kept)
        return PARTNER_NOT_RANKED;
    size_t n = st->partner_nordered;
    int64_t from = x->backward ? (int64_t)n : -1; /* the rank to go on after (before) */
    if (started) {
        int64_t id = x->key.id;
        if (id < 0 || (uint64_t)id >= st->partner_rank_size || !st->partner_rank[id])
            return PARTNER_NOT_RANKED;
        from = st->partner_rank[id] - 1;
    }
    struct db_stmt *one = stmt_get(st, STMT_PARTNER_ONE, err);
    if (!one)
        return GU_FAILURE;
    uint32_t *ranks = NULL;
    size_t count = 0;
    bool walk = set->count > sort; /* a large set: walked rather than sorted */
    if (!walk) {
        if (!(ranks = malloc(((size_t)set->count + 1) * sizeof *ranks)))
            return error_nomem(err);
        for (int64_t id = idset_next(set, -1); id >= 0; id = idset_next(set, id)) {
            if ((uint64_t)id >= st->partner_rank_size || !st->partner_rank[id])
                continue; /* not a partner now */
            int64_t r = st->partner_rank[id] - 1;
            if (x->backward ? r < from : r > from)
                ranks[count++] = (uint32_t)r;
        }
        qsort(ranks, count, sizeof *ranks, x->backward ? rank_descending : rank_ascending);
    }
    int status = GU_OK;
    for (size_t i = 0; !status; i++) {
        int64_t r;
        if (!walk && i == count)
            break;
        if (!walk)
            r = ranks[i];
        else if ((r = x->backward ? from - 1 - (int64_t)i : from + 1 + (int64_t)i) < 0 ||
                 r >= (int64_t)n)
            break;
        int64_t id = st->partner_ordered[r];
        if (walk && !idset_has(set, id))
            continue;
        db_bind_int64(one, 1, id);
        int got = db_step(one);
        if (got == DB_ROW) {
            struct partner p;
            read_partner_row(one, &p);
            status = partner_pass_row(x, &p);
        } else if (got != DB_DONE)
            status = store_db_error(st, got, err);
        db_reset(one);
    }
    db_clear_bindings(one);
    free(ranks);
    return status;
}

static int partner_word_set(struct store *st, const char *word, void *ctx, long long cap,
                            long long label_cap, bool kept_only, const struct idset **out,
                            struct gu_error *err)
{
    /* On PostgreSQL no word has a set yet (its index is tsvector, not FTS5, and the sets are
     * bound as pointers): every search reads the rows in order, as for a word the index cannot
     * answer for, and session_matches or partner_matches decides; slower, never different. */
    if (store_is_server(st)) {
        *out = NULL;
        return GU_OK;
    }
    (void)ctx;
    if (search_word_set_kept(st, WORDS_PARTNERS, word, cap, kept_only, out))
        return GU_OK;
    struct text_search one;
    if (search_reach_words(word, &one))
        return error_nomem(err);
    char *match = search_match_query(&one, false); /* NULL: not in the index */
    struct idset labels = IDSET_INIT;
    bool lost = false;
    int status = GU_OK;
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_ORIENTATION); i++) {
        const char *label = vocab_label_folded(VOCAB_ORIENTATION, i);
        if (label && search_reach_found(&one, label))
            status = search_label_set_add(st, LABELS_PARTNERS, stmt_get(st, STMT_LABEL_CATEGORY_IDS, err), 'c',
                                   vocab_code(VOCAB_ORIENTATION, i), 0, label_cap, &labels,
                                   &lost, err);
    }
    text_search_free(&one);
    struct word_set *ws = NULL;
    if (lost) /* a label not read: no set this time, and nothing kept */
        ;
    else if (!status)
        status = search_word_text_set(st, WORDS_PARTNERS, stmt_get(st, STMT_PARTNER_TEXT_IDS, err), word, match, cap, &ws, err);
    free(match);
    if (status || !ws) {
        idset_free(&labels);
        return status;
    }
    return search_word_set_finish(ws, &labels, lost, out, err);
}

/* store_page_partners, or backward store_page_partners_back. */
static int partner_page(struct store *st, const char *search, const struct partner_key *after,
                        bool backward, long limit, store_partner_fn fn, void *ctx,
                        struct gu_error *err)
{
    struct text_search words;
    if (text_search_compile(&words, search))
        return error_nomem(err);
    long sort = PARTNER_LIMIT(st, sort_max, PARTNER_SORT_MAX),
         cap = PARTNER_LIMIT(st, set_max, PARTNER_SET_MAX);
    long scan = PARTNER_LIMIT(st, scan_rows, PARTNER_SCAN_ROWS);
    struct partner_pass x = {.words = &words, .fn = fn, .ctx = ctx, .limit = limit,
                             .budget = words.n ? scan : 0, .backward = backward};
    if (store_site_scope(st, &x.site, err)) {
        text_search_free(&words);
        return GU_FAILURE;
    }
    if (after) {
        x.key = *after;
        if (!(x.key.name_fold = strdup(after->name_fold ? after->name_fold : ""))) {
            text_search_free(&words);
            return error_nomem(err);
        }
    }
    int status = partner_read_in_order(st, &x, after != NULL, NULL, err);
    /* Common words, found often in the first partners read: read on in order a while. */
    if (status == PARTNER_PASS_BUDGET && x.listed * SEARCH_DENSE_RATIO >= x.examined) {
        x.budget = x.examined + scan * SEARCH_DENSE;
        status = partner_read_in_order(st, &x, true, NULL, err);
    }
    if (status == PARTNER_PASS_BUDGET) {
        /* Rare: from the last partner read on, only those of the words' sets; a large set
         * first within a budget, then narrowed by the words left out of it (as the history). */
        struct idset set;
        bool has;
        status = search_candidates(st, &words, partner_word_set, NULL, false, false, sort, cap,
                                   &set, &has, err);
        if (!status && has)
            status = partner_order_read(st, err);
        if (!status && (!has || set.count > sort)) {
            x.budget = x.examined + scan * SEARCH_NARROW_BUDGET;
            status = has ? partner_read_ranked(st, &x, true, &set, sort, err)
                         : partner_read_in_order(st, &x, true, NULL, err);
            if (status == PARTNER_PASS_BUDGET) {
                idset_free(&set);
                status = search_candidates(st, &words, partner_word_set, NULL, false, true, sort,
                                           cap, &set, &has, err);
                if (!status && has)
                    status = partner_order_read(st, err);
            }
        }
        x.budget = 0;
        if (!status && has)
            status = partner_read_ranked(st, &x, true, &set, sort, err);
        if (status == PARTNER_NOT_RANKED && set.count <= sort)
            status = partner_read_hits(st, &x, &set, err);
        else if (status == PARTNER_NOT_RANKED || (!status && !has))
            /* with a set, or all in order when no word has one */
            status = partner_read_in_order(st, &x, true, has ? &set : NULL, err);
        idset_free(&set);
    }
    free((char *)x.key.name_fold);
    text_search_free(&words);
    return status == PARTNER_PASS_DONE ? GU_OK : status;
}

int store_page_partners(struct store *st, const char *search, const struct partner_key *after,
                        long limit, store_partner_fn fn, void *ctx, struct gu_error *err)
{
    return partner_page(st, search, after, false, limit, fn, ctx, err);
}

int store_page_partners_back(struct store *st, const char *search,
                             const struct partner_key *before, long limit, store_partner_fn fn,
                             void *ctx, struct gu_error *err)
{
    return partner_page(st, search, before, true, limit, fn, ctx, err);
}

int store_count_partners(struct store *st, long long *count, struct gu_error *err)
{
    int64_t site;
    if (store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt = stmt_get(st, STMT_PARTNER_COUNT, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, site);
    return store_stmt_int(st, stmt, count, err);
}

int store_list_partners(struct store *st, store_partner_fn fn, void *ctx, struct gu_error *err)
{
    return each_partner(st, 0, fn, ctx, err);
}

int store_get_partner(struct store *st, int64_t id, store_partner_fn fn, void *ctx,
                      struct gu_error *err)
{
    return each_partner(st, id, fn, ctx, err);
}

/* Binds ?1-?16 of STMT_PARTNER_ADD and STMT_PARTNER_UPDATE, which share their numbering. */
static int bind_partner(struct db_stmt *stmt, const struct partner *p, const char *now, char **fold)
{
    if (!(*fold = text_fold(p->field[PARTNER_NAME])))
        return GU_FAILURE;
    /* ?1 name, ?2 its folded form, ?3-?15 the other fields in the enum's order, ?16 now. */
    store_bind_text_or_null(stmt, 1, p->field[PARTNER_NAME]);
    db_bind_text(stmt, 2, *fold, -1);
    for (int i = 1; i < PARTNER_FIELD_COUNT; i++)
        store_bind_text_or_null(stmt, i + 2, p->field[i]);
    db_bind_text(stmt, 16, now, -1);
    return GU_OK;
}

/* The place standard's date_maj of a partner changed at the desk or on the command line: the
 * site's today, set here and only here (an import keeps the date its file gives). */
static void bind_changed_on(struct db_stmt *stmt, int index, char today[DATE_TEXT_SIZE])
{
    clock_today_text(0, today);
    db_bind_text(stmt, index, today, -1);
}

int store_add_partner(struct store *st, const struct partner *p, int64_t by_operator, int64_t *id,
                      struct gu_error *err)
{
    char now[21], today[DATE_TEXT_SIZE], *fold = NULL;
    clock_now_utc_text(now);
    int64_t site = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_site_scope(st, &site, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTNER_ADD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status && bind_partner(stmt, p, now, &fold))
        status = error_nomem(err);
    if (!status) {
        store_bind_text_or_null(stmt, 17, p->pivot);
        bind_changed_on(stmt, 18, today);
        if (site) /* else NULL: the network's */
            db_bind_int64(stmt, 19, site);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status) {
        *id = db_last_insert_id(st->db);
        status = store_add_audit(st, now, by_operator, "create", "partner", *id, NULL, err);
    }
    free(fold);
    return store_tx_end(st, status, err);
}

int store_update_partner(struct store *st, const struct partner *p, int64_t by_operator,
                         struct gu_error *err)
{
    char now[21], today[DATE_TEXT_SIZE], *fold = NULL;
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTNER_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status && bind_partner(stmt, p, now, &fold))
        status = error_nomem(err);
    if (!status) {
        db_bind_int64(stmt, 17, p->id);
        store_bind_text_or_null(stmt, 18, p->pivot);
        bind_changed_on(stmt, 19, today);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) != 1)
        status = store_no_such(_("partner %lld does not exist"), p->id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "partner", p->id, NULL, err);
    free(fold);
    return store_tx_end(st, status, err);
}

int store_list_request_kinds(struct store *st, store_request_kind_fn fn, void *ctx,
                             struct gu_error *err)
{
    int64_t site;
    if (store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt = stmt_get(st, STMT_REQUEST_KINDS, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, site);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct request_kind k = {
            .id = db_column_int64(stmt, 0),
            .code = store_column_borrow(stmt, 1),
            .label = store_column_borrow(stmt, 2),
            .keywords = store_column_borrow(stmt, 3),
            .answer = store_column_borrow(stmt, 4),
            .theme = store_column_borrow(stmt, 5),
            .bring = store_column_borrow(stmt, 6),
            .staff_note = store_column_borrow(stmt, 7),
            .partner_id = db_column_int64(stmt, 8),
            .site_id = db_column_int64(stmt, 9),
        };
        status = fn(&k, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* A number from the standard's latitude or longitude line, as REAL, or NULL. */
static void bind_coordinate(struct db_stmt *stmt, int index, const char *extra, const char *name)
{
    size_t nl = strlen(name);
    for (const char *line = extra; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (!strncmp(line, name, nl) && line[nl] == '\t') {
            db_bind_double(stmt, index, strtod(line + nl + 1, NULL));
            return;
        }
    db_bind_null(stmt, index);
}

/* The number (or 0) of site's own line of code (0: the network's line): the line an import
 * updates, if any. */
static int find_kind(struct store *st, const char *code, int64_t site, long long *id,
                     struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_KIND_FIND, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text(stmt, 1, code, -1);
    db_bind_int64(stmt, 2, site);
    return store_stmt_int(st, stmt, id, err);
}

/* The partner place id mednum_id names (0: none, *exists), which an import may update only from
 * its own scope: a site's import changes that site's places, the network's import the
 * network's (GU_INVALID, naming whose it is, otherwise). */
static int place_owner(struct store *st, const char *mednum_id, int64_t site, long long *exists,
                       struct gu_error *err)
{
    *exists = 0;
    struct db_stmt *q = stmt_get(st, STMT_PLACE_OWNER, err);
    if (!q)
        return GU_FAILURE;
    db_bind_text(q, 1, mednum_id, -1);
    int rc = db_step(q), status = GU_OK;
    if (rc == DB_ROW) {
        *exists = db_column_int64(q, 0);
        int64_t owner = db_column_int64(q, 1);
        if (owner != site && owner)
            status = error_set(err, GU_INVALID,
                               _("place \"%s\" is already in the directory of the site %s: an "
                                 "import changes the places of its own directory only (that "
                                 "site's import, with --site)"),
                               mednum_id, (const char *)db_column_text(q, 2));
        else if (owner != site)
            status = error_set(err, GU_INVALID,
                               _("place \"%s\" is already in the network's directory: an import "
                                 "changes the places of its own directory only (the network's: "
                                 "without --site)"),
                               mednum_id);
    } else if (rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_reset(q);
    db_clear_bindings(q);
    return status;
}

/* A partner updated by an import costs about 40 µs to index again on its own (its words out,
 * then in); building the whole index again, about 5 µs per partner of the directory. */
#define PLACE_REINDEX_MAX 1000

/* Indexes the partners first to last (migration 019), as its triggers would have. */
static int partner_index_range(struct store *st, int64_t first, int64_t last,
                               struct gu_error *err)
{
    static const enum stmt_id steps[] = {STMT_PARTNER_INDEX_ADD, STMT_PARTNER_ODD_ADD};
    int status = GU_OK;
    for (size_t i = 0; !status && i < sizeof steps / sizeof *steps; i++) {
        struct db_stmt *stmt = stmt_get(st, steps[i], err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_int64(stmt, 1, first);
        db_bind_int64(stmt, 2, last);
        status = store_stmt_run(st, stmt, err);
    }
    return status;
}

int store_import_places(struct store *st, const struct partner *places, size_t n, bool dry_run,
                        int64_t by_operator, int *added, int *updated, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    *added = *updated = 0;
    int64_t first_added = 0, last_added = 0, site = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_site_scope(st, &site, err);
    /* The rows are written with this connection's triggers off: migration 019's index takes the
     * partners added in one statement at the end, and a partner updated its words out before and
     * in after (with per-row triggers, 100,000 places took five times as long). No trigger of
     * partner but 019's and 014's, whose place id an import always gives, has work here. */
    bool off = !status && !(status = store_set_triggers(st, false, err)), rebuild = false;
    long reindexed = 0;
    for (size_t i = 0; !status && i < n; i++) {
        const struct partner *p = &places[i];
        long long exists = 0;
        status = place_owner(st, p->mednum_id, site, &exists, err);
        /* A partner this import added is indexed with the others at the end; past
         * PLACE_REINDEX_MAX partners updated, the whole index is built again at the end. */
        bool reindex = exists && !rebuild && !(first_added && exists >= first_added);
        if (reindex && ++reindexed > (st->partner_reindex_max ? st->partner_reindex_max
                                                              : PLACE_REINDEX_MAX))
            reindex = !(rebuild = true);
        if (!status && reindex)
            status = store_run_with_id(st, stmt_get(st, STMT_PARTNER_UNINDEX, err), exists, err);
        if (!status && reindex)
            status = store_run_with_id(st, stmt_get(st, STMT_PARTNER_ODD_REMOVE, err), exists, err);
        struct db_stmt *stmt = status ? NULL : stmt_get(st, exists ? STMT_PLACE_UPDATE : STMT_PLACE_ADD, err);
        if (!status && !stmt)
            status = GU_FAILURE;
        char *fold = NULL;
        if (!status && bind_partner(stmt, p, now, &fold))
            status = error_nomem(err);
        if (!status) {
            const char *more[] = {p->mednum_id, p->pivot, p->code_insee, p->updated_on,
                                  p->mednum_extra};
            for (int k = 0; k < 5; k++)
                store_bind_text_or_null(stmt, 17 + k, more[k]);
            bind_coordinate(stmt, 22, p->mednum_extra, "latitude");
            bind_coordinate(stmt, 23, p->mednum_extra, "longitude");
            if (!exists && site) /* a place added joins the scope's directory */
                db_bind_int64(stmt, 24, site);
            status = store_stmt_run(st, stmt, err);
        }
        free(fold);
        if (!status && !exists) {
            last_added = db_last_insert_id(st->db);
            if (!first_added)
                first_added = last_added;
        }
        if (!status && reindex)
            status = partner_index_range(st, exists, exists, err);
        if (!status)
            (*(exists ? updated : added))++;
    }
    /* Nobody else writes in the transaction: the partners added have consecutive numbers. */
    if (!status && first_added && !rebuild)
        status = partner_index_range(st, first_added, last_added, err);
    /* The index built again, and the partners it cannot vouch for listed again. */
    static const enum stmt_id rebuild_steps[] = {STMT_PARTNER_REBUILD, STMT_PARTNER_ODD_CLEAR,
                                                 STMT_PARTNER_ODD_ALL};
    for (size_t i = 0; !status && rebuild && i < sizeof rebuild_steps / sizeof *rebuild_steps; i++) {
        struct db_stmt *stmt = stmt_get(st, rebuild_steps[i], err);
        status = stmt ? store_stmt_run(st, stmt, err) : GU_FAILURE;
    }
    if (off) {
        struct gu_error ignored;
        int back = store_set_triggers(st, true, status ? &ignored : err);
        status = status ? status : back;
    }
    if (!status) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d added, %d updated", *added, *updated);
        status = store_add_audit(st, now, by_operator, "import", "partner", 0, detail, err);
    }
    return store_tx_end_or_dry_run(st, status, dry_run, err);
}

/* ---- the routing policy ------------------------------------------------------------------- */

/* Binds ?1 code … ?8 staff_note of k, as the columns (STMT_KIND_ADD, _UPDATE, _AS_NETWORK). */
static void bind_kind(struct db_stmt *stmt, const struct request_kind *k)
{
    const char *text[] = {k->code, k->label, k->keywords, k->answer};
    for (int c = 0; c < 4; c++)
        store_bind_text_or_null(stmt, c + 1, text[c]);
    if (k->partner_id)
        db_bind_int64(stmt, 5, k->partner_id);
    else
        db_bind_null(stmt, 5);
    store_bind_text_or_null(stmt, 6, k->theme);
    store_bind_text_or_null(stmt, 7, k->bring);
    store_bind_text_or_null(stmt, 8, k->staff_note);
}

/* k's partner is one site's scope sees: the network's policy names the network's partners, a
 * site's those and its own, never another site's (GU_INVALID). */
static int check_kind_partner(struct store *st, const struct request_kind *k, int64_t site,
                              struct gu_error *err)
{
    if (!k->partner_id)
        return GU_OK;
    struct db_stmt *own = stmt_get(st, STMT_PARTNER_OWNER, err);
    long long owner = 0;
    if (!own)
        return GU_FAILURE;
    db_bind_int64(own, 1, k->partner_id);
    int status = store_stmt_int(st, own, &owner, err);
    if (!status && owner && owner != site)
        status = error_set(err, GU_INVALID,
                           site ? _("request \"%s\": partner %lld is in another site's "
                                    "directory; a site's policy names the network's partners "
                                    "and its own")
                                : _("request \"%s\": partner %lld is in one site's directory; "
                                    "the network's policy names the network's partners (a "
                                    "site's own answer is imported with --site)"),
                           k->code, (long long)k->partner_id);
    return status;
}

/* *same: whether the network's line of k's code says exactly what k says: a site's line of it
 * is then no line of its own (exporting a site's policy and importing it again changes
 * nothing). */
static int kind_as_network(struct store *st, const struct request_kind *k, bool *same,
                           struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_KIND_AS_NETWORK, err);
    long long equal = 0;
    if (!stmt)
        return GU_FAILURE;
    bind_kind(stmt, k);
    int status = store_stmt_int(st, stmt, &equal, err);
    *same = equal > 0;
    return status;
}

int store_save_request_kinds(struct store *st, const struct request_kind *kinds, size_t n,
                             bool dry_run, int64_t by_operator, int *added, int *updated,
                             struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    *added = *updated = 0;
    int64_t site = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_site_scope(st, &site, err);
    for (size_t i = 0; !status && i < n; i++) {
        const struct request_kind *k = &kinds[i];
        long long id = 0;
        /* The scope's own line of that code: a site's first change of a network line is a line
         * of its own, the network's kept for the other sites. */
        status = find_kind(st, k->code, site, &id, err);
        if (!status)
            status = check_kind_partner(st, k, site, err);
        bool as_network = false;
        if (!status && site && !id)
            status = kind_as_network(st, k, &as_network, err);
        if (as_network)
            continue;
        struct db_stmt *stmt = status ? NULL : stmt_get(st, id ? STMT_KIND_UPDATE : STMT_KIND_ADD, err);
        if (!status && !stmt)
            status = GU_FAILURE;
        if (!status) {
            bind_kind(stmt, k);
            db_bind_int64(stmt, 9, site);
            status = store_stmt_run(st, stmt, err);
        }
        bool existed = id != 0;
        if (!status && !existed)
            id = db_last_insert_id(st->db);
        if (!status)
            status = store_add_audit(st, now, by_operator, existed ? "update" : "create", "request_kind",
                               id, NULL, err);
        if (!status)
            (*(existed ? updated : added))++;
    }
    return store_tx_end_or_dry_run(st, status, dry_run, err);
}

int store_delete_request_kind(struct store *st, int64_t id, int64_t by_operator,
                              struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int64_t site = 0;
    long long owner = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_site_scope(st, &site, err);
    struct db_stmt *find = status ? NULL : stmt_get(st, STMT_KIND_SITE, err);
    if (!status && !find)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(find, 1, id);
        status = store_stmt_int(st, find, &owner, err);
    }
    /* A site removes its own lines; the network's are every site's (policy import, without
     * --site, changes them). */
    if (!status && site && owner > 0 && owner != site) /* another site's: not this one's to see */
        status = store_no_such(_("request %lld does not exist"), id, err);
    else if (!status && site && owner == 0)
        status = error_set(err, GU_INVALID,
                           _("request %lld is the network's, which every site follows: this "
                             "site can answer it its own way (edit it), not remove it"),
                           (long long)id);
    /* A site's own line removed: the referrals made with it keep their request, the network's. */
    if (!status && owner > 0)
        status = store_run_with_id(st, stmt_get(st, STMT_KIND_REFERRALS_TO_NETWORK, err), id, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_KIND_DELETE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, id);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) != 1)
        status = store_no_such(_("request %lld does not exist"), id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "delete", "request_kind", id, NULL, err);
    return store_tx_end(st, status, err);
}
