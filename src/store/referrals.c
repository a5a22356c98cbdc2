/* Referrals to partners: writing them, the follow-up listing and its pages, and status changes;
 * the expiry of those left without news is decided once, with retention, in privacy.c. */
#include "store/internal.h"

#include "i18n.h"

/* The listing's order as a key, and the rows past (?2, ?3, ?4) in direction op ("<" or ">"):
 * the first column's range is what the index reads. */
#define REFERRAL_PAGE_KEY "coalesce(nullif(r.follow_up_on, ''), '~')"
#define REFERRAL_PAGE_ANY(op)                                                                  \
    REFERRAL_PAGE_KEY " " op "= ?2 AND (" REFERRAL_PAGE_KEY " " op " ?2 OR r.referred_at " op \
    " ?3 OR (r.referred_at = ?3 AND r.id " op " ?4)) "
/* A site's desk lists its own referrals and those of no site (store_site_scope ?n; 0: all):
 * another site's contacts are not its to see. */
#define REFERRAL_AT(n) "(" n " = 0 OR r.site_id IS NULL OR r.site_id = " n ") "
#define REFERRAL_PAGE_ORDER(dir)                                                               \
    "ORDER BY " REFERRAL_PAGE_KEY dir ", r.referred_at" dir ", r.id" dir " LIMIT ?5"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_REFERRAL_ADD,
    STMT_SESSION_EXISTS,
    STMT_REFERRAL_SITES,
    STMT_SESSION_ORIENT,
    STMT_REFERRALS,
    STMT_REFERRALS_DUE_COUNT,
    STMT_REFERRALS_DUE,
    STMT_REFERRALS_PAGE_AFTER,
    STMT_REFERRALS_PAGE_BEFORE,
    STMT_REFERRALS_PAGE_STATUS_AFTER,
    STMT_REFERRALS_PAGE_STATUS_BEFORE,
    STMT_REFERRAL_UPDATE,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_REFERRAL_ADD] =
        "INSERT INTO referral (referred_at, operator_id, request_kind_id, need, partner_id, method, "
        "follow_up_on, contact_name, contact_phone, consent_at, session_id, created_at, updated_at, "
        "site_id, status, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, "
        "coalesce((SELECT site_id FROM help_session WHERE id = ?11), "
        "(SELECT site_id FROM operator WHERE id = ?2)), coalesce(?13, 'a_suivre'), "
        "CASE WHEN coalesce(?13, 'a_suivre') <> 'a_suivre' THEN ?12 END) RETURNING id",
    [STMT_SESSION_EXISTS] = "SELECT count(*) FROM help_session s WHERE id = ?1 AND " SESSION_LIVE,
    /* The site a referral is made at (its session's, else its operator's: STMT_REFERRAL_ADD's),
     * its partner's and its request kind's (0: none, or the network's). */
    [STMT_REFERRAL_SITES] =
        "SELECT coalesce((SELECT site_id FROM help_session WHERE id = ?1), "
        "(SELECT site_id FROM operator WHERE id = ?2), 0), "
        "coalesce((SELECT site_id FROM partner WHERE id = ?3), 0), "
        "coalesce((SELECT site_id FROM request_kind WHERE id = ?4), 0)",
    /* A session oriented so already (written so in bulk) is left as it is: a write the less. */
    [STMT_SESSION_ORIENT] =
        "UPDATE help_session SET oriented = 1, orientation = coalesce("
        "(SELECT category FROM partner WHERE id = ?2), orientation), updated_at = ?3 WHERE id = ?1 "
        "AND (oriented IS DISTINCT FROM 1 OR orientation IS DISTINCT FROM coalesce("
        "(SELECT category FROM partner WHERE id = ?2), orientation))",
    [STMT_REFERRALS] =
        REFERRAL_COLUMNS
        "WHERE (?1 IS NULL OR r.status = ?1) "
        "AND (?2 IS NULL OR (r.status = 'a_suivre' AND r.follow_up_on <= ?2)) AND " REFERRAL_AT("?4")
        "ORDER BY r.follow_up_on IS NULL, r.follow_up_on, r.referred_at, r.id LIMIT ?3",
    /* The open referrals to follow up by ?1, in the listing's order, from the index of their
     * status and follow-up date (migration 020) rather than every referral sorted; a follow-up
     * date of '' is none, as in the listing. */
    [STMT_REFERRALS_DUE_COUNT] =
        "SELECT count(*) FROM referral r WHERE r.status = 'a_suivre' AND "
        REFERRAL_PAGE_KEY " <= ?1 AND " REFERRAL_AT("?2"),
    [STMT_REFERRALS_DUE] = REFERRAL_COLUMNS "WHERE r.status = 'a_suivre' AND " REFERRAL_PAGE_KEY
        " <= ?1 AND " REFERRAL_AT("?3") "ORDER BY " REFERRAL_PAGE_KEY ", r.referred_at, r.id LIMIT ?2",
    /* A page of the listing above (its order, the open ones alone or every referral) after
     * or before the key (?2, ?3, ?4), read from referral_by_follow_up or
     * referral_by_status_follow_up (migration 020) rather than sorted whole. A follow-up date
     * of '' sorts as none. */
    [STMT_REFERRALS_PAGE_AFTER] = REFERRAL_COLUMNS "WHERE " REFERRAL_AT("?6") "AND "
        REFERRAL_PAGE_ANY(">") REFERRAL_PAGE_ORDER(""),
    [STMT_REFERRALS_PAGE_BEFORE] = REFERRAL_COLUMNS "WHERE " REFERRAL_AT("?6") "AND "
        REFERRAL_PAGE_ANY("<") REFERRAL_PAGE_ORDER(" DESC"),
    [STMT_REFERRALS_PAGE_STATUS_AFTER] = REFERRAL_COLUMNS "WHERE r.status = ?1 AND "
        REFERRAL_AT("?6") "AND " REFERRAL_PAGE_ANY(">") REFERRAL_PAGE_ORDER(""),
    [STMT_REFERRALS_PAGE_STATUS_BEFORE] = REFERRAL_COLUMNS "WHERE r.status = ?1 AND "
        REFERRAL_AT("?6") "AND " REFERRAL_PAGE_ANY("<") REFERRAL_PAGE_ORDER(" DESC"),
    [STMT_REFERRAL_UPDATE] =
        "UPDATE referral SET status = ?2, follow_up_on = coalesce(?3, follow_up_on), "
        "closed_at = CASE WHEN ?2 = 'a_suivre' THEN NULL ELSE ?4 END, updated_at = ?4 WHERE id = ?1",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    NULL,
};

STORE_STATEMENTS(STORE_REFERRALS, referrals)

/* ---- referrals ----------------------------------------------------------------------------- */

/* STMT_REFERRAL_SITES: sites[0] where a referral of session_id by operator_id is made, sites[1]
 * partner_id's site, sites[2] request_kind_id's (0: none, or the network's). */
static int read_referral_sites(struct store *st, int64_t session_id, int64_t operator_id,
                               int64_t partner_id, int64_t request_kind_id, int64_t sites[3],
                               struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_REFERRAL_SITES, err);
    if (!stmt)
        return GU_FAILURE;
    const int64_t args[] = {session_id, operator_id, partner_id, request_kind_id};
    for (int i = 0; i < 4; i++)
        db_bind_int64(stmt, i + 1, args[i]);
    int rc = db_step(stmt);
    for (int i = 0; i < 3; i++)
        sites[i] = rc == DB_ROW ? db_column_int64(stmt, i) : 0;
    return store_stmt_finish(st, stmt, GU_OK, rc, err);
}

int store_referral_site(struct store *st, int64_t session_id, int64_t operator_id,
                        int64_t *site, struct gu_error *err)
{
    int64_t sites[3];
    int status = read_referral_sites(st, session_id, operator_id, 0, 0, sites, err);
    *site = status ? 0 : sites[0];
    return status;
}

/* A referral is made at a site (its session's, else its operator's): its partner and its request
 * are the network's or that site's own, never another site's (store_set_site_scope). */
static int check_referral_sites(struct store *st, const struct referral *r, int64_t by_operator,
                                struct gu_error *err)
{
    int64_t sites[3];
    int status = read_referral_sites(st, r->session_id, by_operator, r->partner_id,
                                     r->request_kind_id, sites, err);
    if (!status && sites[1] && sites[1] != sites[0])
        status = error_set(err, GU_INVALID,
                           _("partner %lld is in another site's directory: a referral made at a "
                             "site goes to the network's partners or that site's own"),
                           (long long)r->partner_id);
    else if (!status && sites[2] && sites[2] != sites[0])
        status = error_set(err, GU_INVALID,
                           _("request %lld is another site's own: a referral made at a site "
                             "follows the network's policy or that site's own"),
                           (long long)r->request_kind_id);
    return status;
}

int store_add_referral(struct store *st, const struct referral *r, int64_t by_operator,
                       int64_t *id, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    /* The contact in the form participants have, so that the person's export and erasure find
     * their referrals too. */
    struct person_kept contact;
    struct person typed = {.name = r->contact_name, .phone = r->contact_phone};
    int status = person_canonicalize(_("contact name"), &typed, &contact, err);
    if (status) {
        person_kept_clear(&contact);
        return status;
    }
    status = store_tx_begin(st, err);
    long long exists = 1;
    if (!status && r->session_id)
        status = store_count_with(st, stmt_get(st, STMT_SESSION_EXISTS, err), r->session_id, NULL, &exists, err);
    if (!status && !exists)
        status = store_no_such_session(r->session_id, err);
    if (!status)
        status = check_referral_sites(st, r, by_operator, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_REFERRAL_ADD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_text(stmt, 1, r->referred_at, -1);
        if (by_operator)
            db_bind_int64(stmt, 2, by_operator);
        if (r->request_kind_id)
            db_bind_int64(stmt, 3, r->request_kind_id);
        store_bind_text_or_null(stmt, 4, r->need);
        if (r->partner_id)
            db_bind_int64(stmt, 5, r->partner_id);
        store_bind_code(stmt, 6, VOCAB_REFERRAL_METHOD, r->method);
        store_bind_text_or_null(stmt, 7, r->follow_up_on[0] ? r->follow_up_on : NULL);
        store_bind_text_or_null(stmt, 8, r->consent ? contact.name : NULL);
        store_bind_text_or_null(stmt, 9, r->consent ? contact.phone : NULL);
        store_bind_text_or_null(stmt, 10, r->consent ? now : NULL);
        if (r->session_id)
            db_bind_int64(stmt, 11, r->session_id);
        db_bind_text(stmt, 12, now, -1);
        store_bind_code(stmt, 13, VOCAB_REFERRAL_STATUS, r->status);
        status = store_stmt_run(st, stmt, err);
        *id = db_last_insert_id(st->db);
    }
    if (!status && r->session_id) {
        stmt = stmt_get(st, STMT_SESSION_ORIENT, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_int64(stmt, 1, r->session_id);
            db_bind_int64(stmt, 2, r->partner_id);
            db_bind_text(stmt, 3, now, -1);
            status = store_stmt_run(st, stmt, err); /* its existence was read above */
        }
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "create", "referral", *id, NULL, err);
    status = store_tx_end(st, status, err);
    person_kept_clear(&contact);
    return status;
}

/* Calls fn with each row of stmt (bound, REFERRAL_COLUMNS), then finishes it. */
int store_referral_rows(struct store *st, struct db_stmt *stmt, store_referral_fn fn, void *ctx,
                         struct gu_error *err)
{
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct referral r = {
            .id = db_column_int64(stmt, 0),
            .request_kind_id = db_column_int64(stmt, 2),
            .partner_id = db_column_int64(stmt, 3),
            .session_id = db_column_int64(stmt, 4),
            .need = store_column_borrow(stmt, 5),
            .method = store_column_code(stmt, 6, VOCAB_REFERRAL_METHOD),
            .status = store_column_code(stmt, 7, VOCAB_REFERRAL_STATUS),
            .contact_name = store_column_borrow(stmt, 9),
            .contact_phone = store_column_borrow(stmt, 10),
            .consent = db_column_int(stmt, 11) != 0,
            .operator_name = store_column_borrow(stmt, 12),
            .request_label = store_column_borrow(stmt, 13),
            .partner_name = store_column_borrow(stmt, 14),
            .partner_phone = store_column_borrow(stmt, 15),
        };
        snprintf(r.referred_at, sizeof r.referred_at, "%s", (const char *)db_column_text(stmt, 1));
        snprintf(r.follow_up_on, sizeof r.follow_up_on, "%s", (const char *)db_column_text(stmt, 8));
        status = fn(&r, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

int store_list_referrals(struct store *st, const struct referral_filter *filter,
                         store_referral_fn fn, void *ctx, struct gu_error *err)
{
    long long limit = filter->limit > 0 ? filter->limit : -1;
    int64_t site;
    if (store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt;
    if (filter->due && filter->status == VOCAB_NONE) {
        if (!(stmt = stmt_get(st, STMT_REFERRALS_DUE, err)))
            return GU_FAILURE;
        db_bind_text(stmt, 1, filter->due, -1);
        db_bind_int64(stmt, 2, limit);
        db_bind_int64(stmt, 3, site);
        return store_referral_rows(st, stmt, fn, ctx, err);
    }
    if (!(stmt = stmt_get(st, STMT_REFERRALS, err)))
        return GU_FAILURE;
    store_bind_code(stmt, 1, VOCAB_REFERRAL_STATUS, filter->status);
    store_bind_text_or_null(stmt, 2, filter->due);
    db_bind_int64(stmt, 3, limit);
    db_bind_int64(stmt, 4, site);
    return store_referral_rows(st, stmt, fn, ctx, err);
}

int store_count_due_referrals(struct store *st, const char *day, long long *count,
                              struct gu_error *err)
{
    int64_t site;
    if (store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt = stmt_get(st, STMT_REFERRALS_DUE_COUNT, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text(stmt, 1, day, -1);
    db_bind_int64(stmt, 2, site);
    return store_stmt_int(st, stmt, count, err);
}

int store_page_referrals(struct store *st, int status, const struct referral_key *from,
                         bool backwards, long limit, store_referral_fn fn, void *ctx,
                         struct gu_error *err)
{
    enum stmt_id id = status == VOCAB_NONE
                          ? (backwards ? STMT_REFERRALS_PAGE_BEFORE : STMT_REFERRALS_PAGE_AFTER)
                          : (backwards ? STMT_REFERRALS_PAGE_STATUS_BEFORE
                                       : STMT_REFERRALS_PAGE_STATUS_AFTER);
    int64_t site;
    if (store_site_scope(st, &site, err))
        return GU_FAILURE;
    struct db_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 6, site);
    store_bind_code(stmt, 1, VOCAB_REFERRAL_STATUS, status);
    /* From an end: before every key ('' is the least text) or after every key (SQLite
     * orders any blob after any text). */
    if (from)
        db_bind_text_copy(stmt, 2, from->follow_up_on[0] ? from->follow_up_on : "~", -1);
    else if (backwards)
        db_bind_blob(stmt, 2, "\xff", 1);
    else
        db_bind_text(stmt, 2, "", -1);
    db_bind_text_copy(stmt, 3, from ? from->referred_at : "", -1);
    db_bind_int64(stmt, 4, from ? from->id : INT64_MIN);
    db_bind_int64(stmt, 5, limit > 0 ? limit : -1);
    return store_referral_rows(st, stmt, fn, ctx, err);
}

int store_update_referral(struct store *st, int64_t id, int status_code, const char *follow_up,
                          int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_REFERRAL_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, id);
        store_bind_code(stmt, 2, VOCAB_REFERRAL_STATUS, status_code);
        store_bind_text_or_null(stmt, 3, follow_up);
        db_bind_text(stmt, 4, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) != 1)
        status = store_no_such(_("referral %lld does not exist"), id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "referral", id,
                           vocab_code(VOCAB_REFERRAL_STATUS, status_code), err);
    return store_tx_end(st, status, err);
}

int store_expire_referrals(struct store *st, int *count, struct gu_error *err)
{
    *count = 0;
    char now[21];
    clock_now_utc_text(now);
    long long closed = 0;
    /* A read first: most days there is nothing to close, and then no desk takes the write lock
     * (this runs whenever referrals are listed). */
    int status = store_close_overdue_referrals(st, now, true, &closed, err);
    if (status || !closed)
        return status;
    status = store_tx_begin(st, err);
    if (!status)
        status = store_close_overdue_referrals(st, now, false, &closed, err);
    status = store_tx_end(st, status, err);
    if (!status)
        *count = (int)closed;
    return status;
}
