/* Workshops and bookings: series, changes and cancellations, seats and the waitlist (the
 * promotion of the first waiting when a seat frees is decided here, once), attendance, calls. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "i18n.h"
#include "strbuf.h"

#define WORKSHOP_COLUMNS                                                                       \
    "SELECT w.id, w.uid, w.sequence, w.series_id, w.title, w.description, w.level, si.name, "  \
    "w.room, w.starts_at, w.duration_min, w.capacity, o.name, w.status, w.walk_ins, "          \
    "w.updated_at, (SELECT group_concat(theme) FROM workshop_theme WHERE workshop_id = w.id), " \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'booked'), "      \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'waitlisted'), "  \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'attended'), "    \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'absent'), "      \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'excused') "      \
    "FROM workshop w LEFT JOIN site si ON si.id = w.site_id "                                  \
    "LEFT JOIN operator o ON o.id = w.facilitator_id "

/* What a call is about: 1 a cancellation, 2 a reopening, 0 a reminder (written out where it
 * orders: PostgreSQL orders by no expression of an output column's name). */
#define CALL_KIND                                                                              \
    "(CASE WHEN w.status = 'cancelled' THEN 1 WHEN r.notice = 'reopened' THEN 2 ELSE 0 END)"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_SERIES_ADD,
    STMT_WORKSHOP_ADD,
    STMT_WORKSHOP_THEME_ADD,
    STMT_WORKSHOP_THEMES_CLEAR,
    STMT_WORKSHOPS_LIST,
    STMT_WORKSHOP_GET,
    STMT_WORKSHOP_BOOKABLE,
    STMT_REGISTRATION_MARK,
    STMT_WORKSHOP_UPDATE,
    STMT_WORKSHOP_CANCEL,
    STMT_WORKSHOP_CANCEL_REST,
    STMT_WORKSHOP_HELD,
    STMT_WORKSHOP_REOPEN,
    STMT_NOTICE_CANCEL,
    STMT_NOTICE_REOPEN,
    STMT_NOTICE_TO_TELL,
    STMT_NOTICE_TOLD,
    STMT_REGISTRATION_FIND,
    STMT_REGISTRATION_ADD,
    STMT_REGISTRATION_REBOOK,
    STMT_WAITLIST_POSITION,
    STMT_REGISTRATION_READ,
    STMT_REGISTRATION_SET_STATE,
    STMT_WAITLIST_FIRST,
    STMT_REGISTRATIONS_LIST,
    STMT_CALLS,
    STMT_PARTICIPANT_RESIDENCE_SET,
    STMT_REGISTRATION_HELPED_SET,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_SERIES_ADD] = "INSERT INTO workshop_series (every_weeks, created_at) VALUES (?1, ?2) RETURNING id",
    [STMT_WORKSHOP_ADD] =
        "INSERT INTO workshop (uid, series_id, title, description, level, site_id, room, "
        "starts_at, duration_min, capacity, facilitator_id, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
    [STMT_WORKSHOP_THEME_ADD] = "INSERT INTO workshop_theme (workshop_id, theme) VALUES (?1, ?2)",
    [STMT_WORKSHOP_THEMES_CLEAR] = "DELETE FROM workshop_theme WHERE workshop_id = ?1",
    [STMT_WORKSHOPS_LIST] =
        WORKSHOP_COLUMNS "WHERE w.starts_at >= ?1 AND w.starts_at < ?2 "
        /* A site's desk (store_site_scope ?3; 0: every site) lists its own and those of no site. */
        "AND (?3 = 0 OR w.site_id IS NULL OR w.site_id = ?3) ORDER BY w.starts_at, w.id",
    /* By its key: a listing's "?3 = 0 OR id = ?3" would scan every workshop. */
    [STMT_WORKSHOP_GET] = WORKSHOP_COLUMNS "WHERE w.id = ?1",
    [STMT_WORKSHOP_BOOKABLE] =
        "SELECT status, capacity, (SELECT count(*) FROM registration "
        "WHERE workshop_id = ?1 AND state = 'booked') FROM workshop WHERE id = ?1",
    [STMT_REGISTRATION_MARK] =
        "UPDATE registration SET state = ?2, updated_at = ?3 "
        "WHERE id = ?1 AND workshop_id = ?4 AND state NOT IN ('waitlisted', 'cancelled')",
    [STMT_WORKSHOP_UPDATE] =
        "UPDATE workshop SET title = ?2, description = ?3, level = ?4, site_id = ?5, room = ?6, "
        "starts_at = ?7, duration_min = ?8, capacity = ?9, facilitator_id = ?10, "
        "sequence = sequence + 1, updated_at = ?11 WHERE id = ?1",
    [STMT_WORKSHOP_CANCEL] =
        "UPDATE workshop SET status = 'cancelled', sequence = sequence + 1, updated_at = ?2 "
        "WHERE id = ?1 AND status = 'planned'",
    [STMT_WORKSHOP_CANCEL_REST] =
        "UPDATE workshop SET status = 'cancelled', sequence = sequence + 1, updated_at = ?3 "
        "WHERE series_id = ?1 AND starts_at >= ?2 AND status = 'planned'",
    [STMT_WORKSHOP_HELD] =
        "UPDATE workshop SET status = 'held', walk_ins = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_WORKSHOP_REOPEN] =
        "UPDATE workshop SET status = 'planned', sequence = sequence + 1, updated_at = ?2 "
        "WHERE id = ?1 AND status = 'cancelled'",
    /* Run before the cancellation, on the workshops it cancels (?1, or with ?2 its series from
     * ?3 on): someone told of a reopening they never heard of still believes it cancelled. */
    [STMT_NOTICE_CANCEL] =
        "UPDATE registration SET notice = CASE WHEN notice = 'reopened' THEN 'told' "
        "ELSE 'cancelled' END WHERE state IN ('booked', 'waitlisted') AND workshop_id IN "
        "(SELECT id FROM workshop WHERE status = 'planned' "
        "AND (id = ?1 OR (series_id = ?2 AND starts_at >= ?3)))",
    [STMT_NOTICE_REOPEN] =
        "UPDATE registration SET notice = CASE notice WHEN 'told' THEN 'reopened' END "
        "WHERE workshop_id = ?1 AND notice IS NOT NULL",
    [STMT_NOTICE_TO_TELL] =
        "SELECT count(*) FROM registration WHERE workshop_id = ?1 AND notice = 'reopened' "
        "AND state IN ('booked', 'waitlisted')",
    [STMT_NOTICE_TOLD] =
        "UPDATE registration SET notice = CASE notice WHEN 'cancelled' THEN 'told' END, "
        "updated_at = ?2 WHERE id = ?1 AND notice IN ('cancelled', 'reopened')",
    [STMT_REGISTRATION_FIND] =
        "SELECT id, state FROM registration WHERE workshop_id = ?1 AND participant_id = ?2",
    /* booked_at never goes below the workshop's latest booking, so that the waitlist's order
     * (booked_at, then id) is the order in which desks booked, whatever their clocks say. */
    [STMT_REGISTRATION_ADD] =
        "INSERT INTO registration (workshop_id, participant_id, state, booked_at, updated_at) "
        "VALUES (?1, ?2, ?3, max(?4, coalesce((SELECT max(booked_at) FROM registration "
        "WHERE workshop_id = ?1), '')), ?4) RETURNING id",
    /* Booked again, at the desk: nothing is left to tell them. */
    [STMT_REGISTRATION_REBOOK] =
        "UPDATE registration SET state = ?2, updated_at = ?3, notice = NULL, booked_at = max(?3, "
        "coalesce((SELECT max(r.booked_at) FROM registration r "
        "WHERE r.workshop_id = registration.workshop_id), '')) WHERE id = ?1",
    /* The place of registration ?1 in the order store_promote_first follows. */
    [STMT_WAITLIST_POSITION] =
        "SELECT count(*) FROM registration r JOIN registration me ON me.id = ?1 "
        "WHERE r.workshop_id = me.workshop_id AND r.state = 'waitlisted' "
        "AND (r.booked_at < me.booked_at OR (r.booked_at = me.booked_at AND r.id <= me.id))",
    [STMT_REGISTRATION_READ] =
        "SELECT r.id, r.workshop_id, r.state, r.booked_at, p.name, p.phone, p.email, w.status "
        "FROM registration r JOIN participant p ON p.id = r.participant_id "
        "JOIN workshop w ON w.id = r.workshop_id WHERE r.id = ?1",
    [STMT_REGISTRATION_SET_STATE] =
        "UPDATE registration SET state = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_WAITLIST_FIRST] =
        "SELECT r.id, p.name, p.phone, p.email FROM registration r "
        "JOIN participant p ON p.id = r.participant_id "
        /* An erased person waiting (no name left) is nobody to call: their place goes
         * (release_seats). */
        "WHERE r.workshop_id = ?1 AND r.state = 'waitlisted' AND p.name IS NOT NULL "
        "ORDER BY r.booked_at, r.id LIMIT 1",
    [STMT_REGISTRATIONS_LIST] =
        "SELECT r.id, r.state, r.booked_at, p.id, p.name, p.phone, p.email, r.notice, "
        "p.postal_code, p.commune, p.insee, r.already_helped "
        "FROM registration r JOIN participant p ON p.id = r.participant_id "
        "WHERE r.workshop_id = ?1 ORDER BY CASE r.state WHEN 'waitlisted' THEN 1 "
        "WHEN 'cancelled' THEN 2 ELSE 0 END, r.booked_at, r.id",
    /* The notices to tell (whatever the date: the sooner told, the better), then the
     * reminders of the coming days; a reopening to tell stands for the reminder. */
    /* The reminders of the planned appointments (issue 20) among those of the workshops, in
     * time order: their number in the eighth column, their request's label as the title. */
    [STMT_CALLS] =
        "SELECT * FROM (SELECT w.id AS workshop, w.title AS title, w.starts_at AS starts_at, "
        "r.id AS registration, p.name AS name, p.phone AS phone, p.email AS email, "
        CALL_KIND " AS kind, 0 AS appointment, p.name_fold AS name_fold "
        /* From the workshops to come (CROSS JOIN: that order), not every registration of the
         * network's history, which SQLite chose without the statistics to know. */
        "FROM workshop w CROSS JOIN registration r ON r.workshop_id = w.id "
        "JOIN participant p ON p.id = r.participant_id "
        "WHERE w.starts_at >= ?1 AND r.state IN ('booked', 'waitlisted') "
        "AND ((w.status = 'cancelled' AND r.notice = 'cancelled') "
        "OR (w.status = 'planned' AND r.notice = 'reopened') "
        "OR (w.status = 'planned' AND r.state = 'booked' AND w.starts_at < ?2)) "
        "UNION ALL SELECT 0, k.label, a.starts_at, 0, p.name, p.phone, p.email, 0, a.id, "
        "p.name_fold FROM appointment a JOIN participant p ON p.id = a.participant_id "
        "LEFT JOIN request_kind k ON k.id = a.request_kind_id WHERE a.status = 'planned' "
        "AND a.starts_at >= ?1 AND a.starts_at < ?2 AND p.name IS NOT NULL) AS calls "
        "ORDER BY kind = 0, kind, starts_at, workshop, appointment, name_fold",
    /* A participant's commune is personal data: on their record, erased with it (012's trigger). */
    [STMT_PARTICIPANT_RESIDENCE_SET] = "UPDATE participant SET postal_code = ?2, commune = ?3, "
                                       "insee = ?4 WHERE id = ?1 AND erased_at IS NULL",
    [STMT_REGISTRATION_HELPED_SET] = "UPDATE registration SET already_helped = ?2 WHERE id = ?1",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    NULL,
};

STORE_STATEMENTS(STORE_WORKSHOPS, workshops)

/* ---- workshops ----------------------------------------------------------------------------- */

/* A stable, unique iCalendar UID: 128 random bits. */
static int new_uid(char out[48], struct gu_error *err)
{
    unsigned char bytes[16];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        return error_set(err, GU_FAILURE, "%s", _("cannot read random numbers for an identifier"));
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    snprintf(out + 32, 16, "@guichet");
    return GU_OK;
}

/* Binds title … updated time at ?base … ?base+9: STMT_WORKSHOP_ADD (base 3) and
 * STMT_WORKSHOP_UPDATE (base 2) share that run of columns. */
static void bind_workshop(struct db_stmt *stmt, int base, const struct workshop *w, const char *when,
                          int64_t site_id, int64_t facilitator_id, const char *now)
{
    db_bind_text(stmt, base, w->title, -1);
    store_bind_text_or_null(stmt, base + 1, w->description);
    store_bind_code(stmt, base + 2, VOCAB_LEVEL, w->level);
    if (site_id)
        db_bind_int64(stmt, base + 3, site_id);
    store_bind_text_or_null(stmt, base + 4, w->room);
    db_bind_text(stmt, base + 5, when, -1);
    db_bind_int(stmt, base + 6, w->duration_min);
    db_bind_int(stmt, base + 7, w->capacity);
    if (facilitator_id)
        db_bind_int64(stmt, base + 8, facilitator_id);
    db_bind_text(stmt, base + 9, now, -1);
}

static int add_workshop_themes(struct store *st, int64_t id, vocab_set themes,
                               struct gu_error *err)
{
    return store_add_set(st, stmt_get(st, STMT_WORKSHOP_THEME_ADD, err), VOCAB_THEME, id, themes, err);
}

int store_add_workshops(struct store *st, const struct workshop *w, int dates, int every_weeks,
                        int64_t by_operator, int64_t *ids, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, facilitator_id = 0, series_id = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_resolve_site_and_operator(st, &sites, &operators, w->site_name,
                                           w->facilitator_name, now, &site_id,
                                           &facilitator_id, err);
    if (!status && dates > 1) {
        struct db_stmt *stmt = stmt_get(st, STMT_SERIES_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_int(stmt, 1, every_weeks);
            db_bind_text(stmt, 2, now, -1);
            status = store_stmt_run(st, stmt, err);
            series_id = db_last_insert_id(st->db);
        }
    }
    long first_day = date_to_days(w->at.year, w->at.month, w->at.day);
    for (int i = 0; !status && i < (dates > 1 ? dates : 1); i++) {
        struct gu_datetime at = w->at;
        date_from_days(first_day + 7L * every_weeks * i, &at.year, &at.month, &at.day);
        char when[DATETIME_TEXT_SIZE], uid[48];
        datetime_format(&at, when);
        struct db_stmt *stmt = NULL;
        /* its facilitator not at an appointment then (an appointment is refused over one) */
        status = store_facilitator_free(st, facilitator_id, site_id, &at, w->duration_min, err);
        if (!status)
            status = new_uid(uid, err);
        if (!status && !(stmt = stmt_get(st, STMT_WORKSHOP_ADD, err)))
            status = GU_FAILURE;
        if (status)
            break;
        db_bind_text(stmt, 1, uid, -1);
        if (series_id)
            db_bind_int64(stmt, 2, series_id);
        bind_workshop(stmt, 3, w, when, site_id, facilitator_id, now);
        status = store_stmt_run(st, stmt, err);
        int64_t id = db_last_insert_id(st->db);
        if (!status)
            status = add_workshop_themes(st, id, w->themes, err);
        if (!status)
            status = store_add_audit(st, now, by_operator, "create", "workshop", id, NULL, err);
        if (!status && ids)
            ids[i] = id;
    }
    return store_tx_end(st, status, err);
}

/* Fills w from a row of STMT_WORKSHOPS_LIST; strings are borrowed from the statement. */
static void read_workshop_row(struct db_stmt *stmt, struct workshop *w)
{
    workshop_init(w);
    w->id = db_column_int64(stmt, 0);
    w->uid = store_column_borrow(stmt, 1);
    w->sequence = db_column_int(stmt, 2);
    w->series_id = db_column_int64(stmt, 3);
    w->title = store_column_borrow(stmt, 4);
    w->description = store_column_borrow(stmt, 5);
    w->level = store_column_code(stmt, 6, VOCAB_LEVEL);
    w->site_name = store_column_borrow(stmt, 7);
    w->room = store_column_borrow(stmt, 8);
    datetime_parse((const char *)db_column_text(stmt, 9), &w->at);
    w->duration_min = db_column_int(stmt, 10);
    w->capacity = db_column_int(stmt, 11);
    w->facilitator_name = store_column_borrow(stmt, 12);
    w->status = store_column_code(stmt, 13, VOCAB_WORKSHOP_STATUS);
    w->walk_ins = db_column_int(stmt, 14);
    snprintf(w->updated_at, sizeof w->updated_at, "%s", (const char *)db_column_text(stmt, 15));
    w->themes = store_parse_codes(VOCAB_THEME, db_column_text(stmt, 16));
    w->booked = db_column_int(stmt, 17);
    w->waitlisted = db_column_int(stmt, 18);
    w->attended = db_column_int(stmt, 19);
    w->absent = db_column_int(stmt, 20);
    w->excused = db_column_int(stmt, 21);
}

/* Calls fn for workshop id, or (id 0) for those starting from from to before until. */
static int each_workshop(struct store *st, const char *from, const char *until, int64_t id,
                         store_workshop_fn fn, void *ctx, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, id ? STMT_WORKSHOP_GET : STMT_WORKSHOPS_LIST, err);
    if (!stmt)
        return GU_FAILURE;
    int64_t site = 0;
    if (!id && store_site_scope(st, &site, err))
        return GU_FAILURE;
    if (id)
        db_bind_int64(stmt, 1, id);
    else {
        db_bind_text_copy(stmt, 1, from, -1);
        db_bind_text_copy(stmt, 2, until, -1);
        db_bind_int64(stmt, 3, site);
    }
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct workshop w;
        read_workshop_row(stmt, &w);
        status = fn(&w, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

int store_list_workshops(struct store *st, const char *from, const char *to, store_workshop_fn fn,
                         void *ctx, struct gu_error *err)
{
    char until[DATE_TEXT_SIZE] = "9999-99-99";
    if (to)
        store_next_day(to, until);
    return each_workshop(st, from ? from : "0000", until, 0, fn, ctx, err);
}

struct workshop_copy_ctx {
    struct workshop *out;
    bool *found;
    struct gu_error *err;
};

static int copy_workshop(const struct workshop *w, void *ctx)
{
    struct workshop_copy_ctx *c = ctx;
    int status = workshop_copy(c->out, w, c->err);
    *c->found = status == GU_OK;
    return status;
}

int store_get_workshop(struct store *st, int64_t id, struct workshop *out, bool *found,
                       struct gu_error *err)
{
    workshop_init(out);
    *found = false;
    struct workshop_copy_ctx c = {out, found, err};
    return each_workshop(st, NULL, NULL, id, copy_workshop, &c, err);
}

int store_no_such(const char *what_fmt, int64_t id, struct gu_error *err)
{
    return error_set(err, GU_INVALID, what_fmt, (long long)id);
}

/* Reads one integer from a statement with ?1 = id and ?2 = text (may be NULL). */
int store_count_with(struct store *st, struct db_stmt *stmt, int64_t id, const char *text,
                      long long *out, struct gu_error *err)
{
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id);
    store_bind_text_or_null(stmt, 2, text);
    return store_stmt_int(st, stmt, out, err);
}

/* Gives the first waitlisted person of workshop_id a seat. *p->promoted tells if anyone waited. */
int store_promote_first(struct store *st, int64_t workshop_id, const char *now,
                         struct promotion *p, struct gu_error *err)
{
    memset(p, 0, sizeof *p);
    struct db_stmt *stmt = stmt_get(st, STMT_WAITLIST_FIRST, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, workshop_id);
    int rc = db_step(stmt);
    bool copied = true;
    if (rc == DB_ROW) {
        p->promoted = true;
        p->registration_id = db_column_int64(stmt, 0);
        const char *name = (const char *)db_column_text(stmt, 1),
                   *phone = (const char *)db_column_text(stmt, 2),
                   *email = (const char *)db_column_text(stmt, 3);
        p->name = strdup(name ? name : "");
        p->phone = strdup(phone ? phone : "");
        p->email = strdup(email ? email : "");
        copied = p->name && p->phone && p->email;
    }
    db_reset(stmt);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_db_error(st, rc, err);
    if (!copied) {
        promotion_clear(p);
        return error_nomem(err);
    }
    if (!p->promoted)
        return GU_OK;
    stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, p->registration_id);
    db_bind_text(stmt, 2, "booked", -1);
    db_bind_text(stmt, 3, now, -1);
    int status = store_stmt_run(st, stmt, err);
    if (!status)
        status = store_add_audit(st, now, 0, "promote", "registration", p->registration_id, NULL, err);
    return status;
}

int store_update_workshop(struct store *st, const struct workshop *w, int64_t by_operator,
                          store_promotion_fn fn, void *ctx, struct gu_error *err)
{
    char now[21], when[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    datetime_format(&w->at, when);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, facilitator_id = 0;
    struct workshop current;
    bool found = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, w->id, &current, &found, err);
    if (!status && !found)
        status = store_no_such(_("workshop %lld does not exist"), w->id, err);
    if (!status && current.status != workshop_status("planned"))
        status = error_set(err, GU_INVALID, _("workshop %lld is no longer planned: it cannot change"),
                           (long long)w->id);
    if (!status && w->capacity < current.booked)
        status = error_set(err, GU_INVALID,
                           _("the capacity cannot go below the %d seats already booked"),
                           current.booked);
    int free_seats = found ? w->capacity - current.booked : 0;
    workshop_clear(&current);
    if (!status)
        status = store_resolve_site_and_operator(st, &sites, &operators, w->site_name,
                                           w->facilitator_name, now, &site_id,
                                           &facilitator_id, err);
    if (!status)
        status = store_facilitator_free(st, facilitator_id, site_id, &w->at, w->duration_min, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, w->id);
        bind_workshop(stmt, 2, w, when, site_id, facilitator_id, now);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_WORKSHOP_THEMES_CLEAR, err), w->id, err);
    if (!status)
        status = add_workshop_themes(st, w->id, w->themes, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "workshop", w->id, NULL, err);
    /* New seats go to the people waiting, first come first served. */
    struct promotion *promoted = free_seats > 0 ? calloc((size_t)free_seats, sizeof *promoted) : NULL;
    if (!status && free_seats > 0 && !promoted)
        status = error_nomem(err);
    int npromoted = 0;
    while (!status && npromoted < free_seats) {
        status = store_promote_first(st, w->id, now, &promoted[npromoted], err);
        if (status || !promoted[npromoted].promoted)
            break;
        npromoted++;
    }
    status = store_tx_end(st, status, err);
    for (int i = 0; !status && fn && i < npromoted; i++)
        fn(&promoted[i], ctx);
    for (int i = 0; promoted && i < free_seats; i++)
        promotion_clear(&promoted[i]);
    free(promoted);
    return status;
}

int store_cancel_workshop(struct store *st, int64_t id, bool rest_of_series, int64_t by_operator,
                          int *count, struct gu_error *err)
{
    char now[21], when[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    *count = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, id, &w, &found, err);
    if (!status && !found)
        status = store_no_such(_("workshop %lld does not exist"), id, err);
    if (!status && w.status != workshop_status("planned"))
        status = error_set(err, GU_INVALID, _("workshop %lld is not planned: nothing to cancel"),
                           (long long)id);
    if (!status && rest_of_series && !w.series_id)
        status = error_set(err, GU_INVALID, _("workshop %lld is not part of a series"),
                           (long long)id);
    struct db_stmt *stmt = NULL;
    if (found)
        datetime_format(&w.at, when);
    /* Their people are to be told; marked while the workshops are still planned. */
    if (!status && !(stmt = stmt_get(st, STMT_NOTICE_CANCEL, err)))
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, id);
        if (rest_of_series)
            db_bind_int64(stmt, 2, w.series_id);
        db_bind_text(stmt, 3, when, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && !(stmt = stmt_get(st, rest_of_series ? STMT_WORKSHOP_CANCEL_REST
                                                        : STMT_WORKSHOP_CANCEL, err)))
        status = GU_FAILURE;
    if (!status) {
        if (rest_of_series) {
            db_bind_int64(stmt, 1, w.series_id);
            db_bind_text(stmt, 2, when, -1);
            db_bind_text(stmt, 3, now, -1);
        } else {
            db_bind_int64(stmt, 1, id);
            db_bind_text(stmt, 2, now, -1);
        }
        status = store_stmt_run(st, stmt, err);
        *count = db_changes(st->db);
    }
    if (found)
        workshop_clear(&w);
    if (!status)
        status = store_add_audit(st, now, by_operator, "cancel", "workshop", id,
                           rest_of_series ? "rest of series" : NULL, err);
    return store_tx_end(st, status, err);
}

int store_reopen_workshop(struct store *st, int64_t id, int64_t by_operator, int *to_tell,
                          struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    long long reopened = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, id, &w, &found, err);
    if (!status && !found)
        status = store_no_such(_("workshop %lld does not exist"), id, err);
    if (!status && w.status != workshop_status("cancelled"))
        status = error_set(err, GU_INVALID, _("workshop %lld is not cancelled: nothing to reopen"),
                           (long long)id);
    /* its facilitator may have taken an appointment at that time since it was cancelled */
    int64_t facilitator_id = 0, site_id = 0;
    if (!status && w.facilitator_name)
        status = store_find_operator(st, w.facilitator_name, &facilitator_id, err);
    if (!status && w.site_name)
        status = store_find_site(st, w.site_name, &site_id, err);
    if (!status)
        status = store_facilitator_free(st, facilitator_id, site_id, &w.at, w.duration_min, err);
    if (found)
        workshop_clear(&w);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_REOPEN, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, id);
        db_bind_text(stmt, 2, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_NOTICE_REOPEN, err), id, err);
    if (!status)
        status = store_count_with(st, stmt_get(st, STMT_NOTICE_TO_TELL, err), id, NULL, &reopened, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "reopen", "workshop", id, NULL, err);
    status = store_tx_end(st, status, err);
    if (to_tell)
        *to_tell = status ? 0 : (int)reopened;
    return status;
}

int store_mark_told(struct store *st, int64_t registration_id, int64_t by_operator,
                    struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_NOTICE_TOLD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, registration_id);
        db_bind_text(stmt, 2, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) == 0)
        status = error_set(err, GU_INVALID,
                           _("registration %lld has nothing to tell (told already, or no such "
                             "registration)"),
                           (long long)registration_id);
    if (!status)
        status = store_add_audit(st, now, by_operator, "told", "registration", registration_id,
                                 NULL, err);
    return store_tx_end(st, status, err);
}

/* The commune given on booking, onto the participant's record (nothing given keeps theirs),
 * and "already helped" onto the registration (a new one has it not given already; one booked
 * again takes the new answer). */
static int set_booking_residence(struct store *st, int64_t participant_id,
                                 int64_t registration_id, bool rebooked,
                                 const struct person *typed, struct gu_error *err)
{
    const struct residence *r = typed->residence;
    int status = GU_OK;
    if (r && !residence_is_empty(r)) {
        struct db_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_RESIDENCE_SET, err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_int64(stmt, 1, participant_id);
        store_bind_text_or_null(stmt, 2, r->postal_code);
        store_bind_text_or_null(stmt, 3, r->name);
        store_bind_text_or_null(stmt, 4, r->insee);
        status = store_stmt_run(st, stmt, err);
    }
    if (status || (!rebooked && typed->already_helped == HELPED_NOT_GIVEN))
        return status;
    struct db_stmt *stmt = stmt_get(st, STMT_REGISTRATION_HELPED_SET, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, registration_id);
    store_bind_helped(stmt, 2, typed->already_helped);
    return store_stmt_run(st, stmt, err);
}

int store_book(struct store *st, int64_t workshop_id, const struct person *typed,
               int64_t by_operator, struct booking *out, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    /* One form of each name, phone and e-mail, so that the same person is found again however
     * the desk typed them. */
    struct person_kept person;
    int status = person_canonicalize(_("name"), typed, &person, err);
    if (status) {
        person_kept_clear(&person);
        return status;
    }
    status = store_tx_begin(st, err);
    /* The time of the booking is read once this desk holds the write lock: a desk that read
     * the clock, then waited for another's booking, would otherwise book "before" it. */
    char now[21];
    clock_now_utc_text(now);
    /* Only what booking needs of the workshop: whether it is planned, its seats and how many
     * are taken, read inside the write transaction: no other desk can book in between. */
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_BOOKABLE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int capacity = 0;
    long long booked = 0;
    if (!status) {
        db_bind_int64(stmt, 1, workshop_id);
        int rc = db_step(stmt);
        if (rc == DB_ROW) {
            int ws = vocab_find(VOCAB_WORKSHOP_STATUS, (const char *)db_column_text(stmt, 0));
            capacity = db_column_int(stmt, 1);
            booked = db_column_int64(stmt, 2);
            if (ws != workshop_status("planned"))
                status = error_set(err, GU_INVALID, _("workshop %lld is not open for booking (%s)"),
                                   (long long)workshop_id,
                                   ws == VOCAB_NONE ? "?" : vocab_label(VOCAB_WORKSHOP_STATUS, ws));
        } else if (rc == DB_DONE)
            status = store_no_such(_("workshop %lld does not exist"), workshop_id, err);
        else
            status = store_db_error(st, rc, err);
        db_reset(stmt);
        db_clear_bindings(stmt);
    }
    if (!status)
        status = store_find_or_add_participant(st, &person, now, &out->participant_id, err);
    const char *state = booked < capacity ? "booked" : "waitlisted";
    out->waitlisted = booked >= capacity;
    stmt = status ? NULL : stmt_get(st, STMT_REGISTRATION_FIND, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int64_t existing = 0;
    if (!status) {
        db_bind_int64(stmt, 1, workshop_id);
        db_bind_int64(stmt, 2, out->participant_id);
        int rc = db_step(stmt);
        if (rc == DB_ROW) {
            existing = db_column_int64(stmt, 0);
            if (strcmp((const char *)db_column_text(stmt, 1), "cancelled") != 0)
                status = error_set(err, GU_INVALID,
                                   _("%s is already registered for this workshop (registration %lld)"),
                                   person.name, (long long)existing);
        } else if (rc != DB_DONE)
            status = store_db_error(st, rc, err);
        db_reset(stmt);
        db_clear_bindings(stmt);
    }
    if (!status) {
        stmt = stmt_get(st, existing ? STMT_REGISTRATION_REBOOK : STMT_REGISTRATION_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
    }
    if (!status) {
        if (existing) {
            db_bind_int64(stmt, 1, existing);
            db_bind_text(stmt, 2, state, -1);
            db_bind_text(stmt, 3, now, -1);
        } else {
            db_bind_int64(stmt, 1, workshop_id);
            db_bind_int64(stmt, 2, out->participant_id);
            db_bind_text(stmt, 3, state, -1);
            db_bind_text(stmt, 4, now, -1);
        }
        status = store_stmt_run(st, stmt, err);
        out->registration_id = existing ? existing : db_last_insert_id(st->db);
    }
    if (!status && out->waitlisted) {
        struct db_stmt *pos = stmt_get(st, STMT_WAITLIST_POSITION, err);
        status = pos ? GU_OK : GU_FAILURE;
        if (!status) {
            long long position;
            db_bind_int64(pos, 1, out->registration_id);
            status = store_stmt_int(st, pos, &position, err);
            out->position = (int)position;
        }
    }
    if (!status)
        status = set_booking_residence(st, out->participant_id, out->registration_id,
                                       existing != 0, typed, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "book", "registration", out->registration_id,
                           state, err);
    person_kept_clear(&person);
    return store_tx_end(st, status, err);
}

int store_unbook(struct store *st, int64_t registration_id, int64_t by_operator,
                 struct promotion *out, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    memset(out, 0, sizeof *out);
    int status = store_tx_begin(st, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_REGISTRATION_READ, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int64_t workshop_id = 0;
    char state[16] = "", workshop_state[16] = "";
    if (!status) {
        db_bind_int64(stmt, 1, registration_id);
        int rc = db_step(stmt);
        if (rc == DB_ROW) {
            workshop_id = db_column_int64(stmt, 1);
            snprintf(state, sizeof state, "%s", (const char *)db_column_text(stmt, 2));
            snprintf(workshop_state, sizeof workshop_state, "%s",
                     (const char *)db_column_text(stmt, 7));
        } else if (rc == DB_DONE)
            status = store_no_such(_("registration %lld does not exist"), registration_id, err);
        else
            status = store_db_error(st, rc, err);
        db_reset(stmt);
        db_clear_bindings(stmt);
    }
    if (!status && strcmp(state, "booked") != 0 && strcmp(state, "waitlisted") != 0)
        status = error_set(err, GU_INVALID, _("registration %lld cannot be cancelled (%s)"),
                           (long long)registration_id,
                           vocab_label(VOCAB_REGISTRATION_STATE,
                                       vocab_find(VOCAB_REGISTRATION_STATE, state)));
    if (!status && strcmp(workshop_state, "planned") != 0)
        status = error_set(err, GU_INVALID, "%s", _("the workshop is no longer planned"));
    if (!status) {
        stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
        status = stmt ? GU_OK : GU_FAILURE;
    }
    if (!status) {
        db_bind_int64(stmt, 1, registration_id);
        db_bind_text(stmt, 2, "cancelled", -1);
        db_bind_text(stmt, 3, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "unbook", "registration", registration_id, NULL,
                           err);
    if (!status && !strcmp(state, "booked"))
        status = store_promote_first(st, workshop_id, now, out, err);
    status = store_tx_end(st, status, err);
    if (status)
        promotion_clear(out); /* rolled back: nobody has the seat */
    return status;
}

/* Sets the state of each registration in ids, which must belong to workshop_id. */
static int set_states(struct store *st, int64_t workshop_id, const int64_t *ids, size_t n,
                      const char *state, const char *now, struct gu_error *err)
{
    for (size_t i = 0; i < n; i++) {
        /* The usual line, one of this workshop's that is booked or already marked, in one
         * write; the others are read to tell which they are. */
        struct db_stmt *stmt = stmt_get(st, STMT_REGISTRATION_MARK, err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_int64(stmt, 1, ids[i]);
        db_bind_text(stmt, 2, state, -1);
        db_bind_text(stmt, 3, now, -1);
        db_bind_int64(stmt, 4, workshop_id);
        int status = store_stmt_run(st, stmt, err);
        if (status)
            return status;
        if (db_changes(st->db) == 1)
            continue;
        stmt = stmt_get(st, STMT_REGISTRATION_READ, err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_int64(stmt, 1, ids[i]);
        int rc = db_step(stmt);
        bool ours = rc == DB_ROW && db_column_int64(stmt, 1) == workshop_id;
        db_reset(stmt);
        db_clear_bindings(stmt);
        if (rc != DB_ROW && rc != DB_DONE)
            return store_db_error(st, rc, err);
        if (!ours)
            return error_set(err, GU_INVALID,
                             _("registration %lld is not one of this workshop's"),
                             (long long)ids[i]);
        if (strcmp(state, "attended") != 0)
            continue; /* only people who came change a waitlisted or cancelled line */
        stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_int64(stmt, 1, ids[i]);
        db_bind_text(stmt, 2, state, -1);
        db_bind_text(stmt, 3, now, -1);
        status = store_stmt_run(st, stmt, err);
        if (status)
            return status;
    }
    return GU_OK;
}

int store_take_attendance(struct store *st, int64_t workshop_id, const struct attendance *a,
                          int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, workshop_id, &w, &found, err);
    if (!status && !found)
        status = store_no_such(_("workshop %lld does not exist"), workshop_id, err);
    struct gu_datetime clock = clock_now();
    if (!status && datetime_compare(&w.at, &clock) > 0)
        status = error_set(err, GU_INVALID, "%s",
                           _("attendance is taken once the workshop has started"));
    if (!status && w.status == workshop_status("cancelled"))
        status = error_set(err, GU_INVALID, "%s", _("the workshop was cancelled"));
    int walk_ins = found ? (a->walk_ins >= 0 ? a->walk_ins : w.walk_ins) : 0;
    if (found)
        workshop_clear(&w);
    if (!status)
        status = set_states(st, workshop_id, a->present, a->npresent, "attended", now, err);
    if (!status)
        status = set_states(st, workshop_id, a->absent, a->nabsent, "absent", now, err);
    if (!status)
        status = set_states(st, workshop_id, a->excused, a->nexcused, "excused", now, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_HELD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, workshop_id);
        db_bind_int(stmt, 2, walk_ins);
        db_bind_text(stmt, 3, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "attendance", "workshop", workshop_id, NULL, err);
    return store_tx_end(st, status, err);
}

int store_add_held_registrations(struct store *st, int64_t workshop_id,
                                 const struct person *people, const char *const *states,
                                 size_t n, int walk_ins, int64_t *participant_ids,
                                 struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_BOOKABLE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        /* Only a planned workshop: a held one's registrations would be counted twice. */
        db_bind_int64(stmt, 1, workshop_id);
        int rc = db_step(stmt);
        const unsigned char *ws = rc == DB_ROW ? db_column_text(stmt, 0) : NULL;
        if (rc == DB_ROW && (!ws || strcmp((const char *)ws, "planned") != 0))
            status = error_set(err, GU_INVALID, _("workshop %lld is not open for booking (%s)"),
                               (long long)workshop_id, ws ? (const char *)ws : "?");
        else if (rc == DB_DONE)
            status = store_no_such(_("workshop %lld does not exist"), workshop_id, err);
        else if (rc != DB_ROW)
            status = store_db_error(st, rc, err);
        db_reset(stmt);
        db_clear_bindings(stmt);
    }
    for (size_t i = 0; !status && i < n; i++) {
        if (vocab_find(VOCAB_REGISTRATION_STATE, states[i]) == VOCAB_NONE) {
            status = error_set(err, GU_INVALID, "store_add_held_registrations: state \"%s\"",
                               states[i]);
            break;
        }
        struct person_kept person;
        status = person_canonicalize(_("name"), &people[i], &person, err);
        if (!status)
            status = store_find_or_add_participant(st, &person, now, &participant_ids[i], err);
        person_kept_clear(&person);
        if (!status && !(stmt = stmt_get(st, STMT_REGISTRATION_ADD, err)))
            status = GU_FAILURE;
        if (!status) {
            db_bind_int64(stmt, 1, workshop_id);
            db_bind_int64(stmt, 2, participant_ids[i]);
            db_bind_text(stmt, 3, states[i], -1);
            db_bind_text(stmt, 4, now, -1);
            status = store_stmt_run(st, stmt, err);
        }
        if (!status)
            status = set_booking_residence(st, participant_ids[i], db_last_insert_id(st->db),
                                           false, &people[i], err);
    }
    /* Held once its registrations are in: the workshop's triggers count them then, and those
     * of each registration, not yet of a held workshop, did nothing but its seats. */
    if (!status && !(stmt = stmt_get(st, STMT_WORKSHOP_HELD, err)))
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, workshop_id);
        db_bind_int(stmt, 2, walk_ins);
        db_bind_text(stmt, 3, now, -1);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status) {
        char detail[32];
        snprintf(detail, sizeof detail, "%zu", n);
        status = store_add_audit(st, now, 0, "attendance", "workshop", workshop_id, detail, err);
    }
    return store_tx_end(st, status, err);
}

int store_list_registrations(struct store *st, int64_t workshop_id, store_registration_fn fn,
                             void *ctx, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_REGISTRATIONS_LIST, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, workshop_id);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct registration_row r = {
            .id = db_column_int64(stmt, 0),
            .state = store_column_code(stmt, 1, VOCAB_REGISTRATION_STATE),
            .booked_at = store_column_borrow(stmt, 2),
            .participant_id = db_column_int64(stmt, 3),
            .name = store_column_borrow(stmt, 4),
            .phone = store_column_borrow(stmt, 5),
            .email = store_column_borrow(stmt, 6),
            .notice = workshop_notice((const char *)db_column_text(stmt, 7)),
            .residence = {store_column_borrow(stmt, 8), store_column_borrow(stmt, 9), store_column_borrow(stmt, 10)},
            .already_helped = store_column_helped(stmt, 11),
        };
        status = fn(&r, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

int store_list_calls(struct store *st, const char *from, const char *until, store_call_fn fn,
                     void *ctx, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_CALLS, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text_copy(stmt, 1, from, -1);
    db_bind_text_copy(stmt, 2, until, -1);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct call_row c = {
            .workshop_id = db_column_int64(stmt, 0),
            .title = store_column_borrow(stmt, 1),
            .registration_id = db_column_int64(stmt, 3),
            .name = store_column_borrow(stmt, 4),
            .phone = store_column_borrow(stmt, 5),
            .email = store_column_borrow(stmt, 6),
            .appointment_id = db_column_int64(stmt, 8),
        };
        /* an appointment's title: what it is for */
        char *title = NULL;
        if (c.appointment_id) {
            struct strbuf b = STRBUF_INIT;
            if (c.title)
                strbuf_printf(&b, _("Appointment: %s"), c.title);
            else
                strbuf_puts(&b, _("Appointment"));
            if (!(title = strbuf_finish(&b))) {
                status = error_nomem(err);
                break;
            }
            c.title = title;
        }
        int kind = db_column_int(stmt, 7);
        c.notice = kind == 1 ? NOTICE_CANCELLED : kind == 2 ? NOTICE_REOPENED : NOTICE_NONE;
        datetime_parse((const char *)db_column_text(stmt, 2), &c.at);
        status = fn(&c, ctx);
        free(title);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}
