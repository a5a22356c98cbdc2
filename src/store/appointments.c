/* Appointments: booking one (the operator free then, the site open), moving, cancelling, a
 * no-show, and the session an appointment kept becomes; the agenda's listing. What fits is
 * decided by appointment.c; here, what the database holds. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "appointment.h"
#include "array.h"
#include "session.h"
#include "i18n.h"
#include "person.h"

/* An appointment with its names (read by read_appointment). */
#define APPOINTMENT_COLUMNS                                                                     \
    "SELECT a.id, a.starts_at, a.duration_min, coalesce(a.site_id, 0), a.operator_id, "       \
    "coalesce(a.participant_id, 0), coalesce(a.request_kind_id, 0), coalesce(a.session_id, 0), " \
    "si.name, o.name, p.name, p.phone, p.email, k.code, k.label, a.bring, a.note, a.status, " \
    "a.sequence "                                                                              \
    "FROM appointment a LEFT JOIN site si ON si.id = a.site_id "                              \
    "LEFT JOIN operator o ON o.id = a.operator_id "                                            \
    "LEFT JOIN participant p ON p.id = a.participant_id "                                      \
    "LEFT JOIN request_kind k ON k.id = a.request_kind_id "

enum stmt_id {
    STMT_APPOINTMENT_ADD,
    STMT_APPOINTMENT_GET,
    STMT_APPOINTMENTS,
    STMT_OPERATOR_SITE,
    STMT_SITE_HOURS,
    STMT_BUSY_APPOINTMENTS,
    STMT_BUSY_WORKSHOPS,
    STMT_KIND_OF_SITE,
    STMT_APPOINTMENT_MOVE,
    STMT_APPOINTMENT_STATUS,
    STMT_PARTICIPANT_RESIDENCE,
    STMT_PARTICIPANT_ACTIVE,
    STMT_APPOINTMENT_REOPEN,
    STMT_PARTICIPANT_MOVED,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_APPOINTMENT_ADD] =
        "INSERT INTO appointment (starts_at, duration_min, site_id, operator_id, participant_id, "
        "request_kind_id, bring, note, status, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'planned', ?9, ?9) RETURNING id",
    [STMT_APPOINTMENT_GET] = APPOINTMENT_COLUMNS "WHERE a.id = ?1",
    /* ?1, ?2 the days (inclusive, exclusive), ?3 an operator, ?4 a site, ?6 a person (0: any),
     * ?5 1: every status, else the planned ones */
    [STMT_APPOINTMENTS] = APPOINTMENT_COLUMNS
        "WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND (?3 = 0 OR a.operator_id = ?3) "
        "AND (?4 = 0 OR a.site_id = ?4) AND (?5 = 1 OR a.status = 'planned') "
        "AND (?6 = 0 OR a.participant_id = ?6) ORDER BY a.starts_at, a.id",
    /* the operator's usual site; else the only site (0: none; -1: several, which to say) */
    [STMT_OPERATOR_SITE] =
        "SELECT coalesce((SELECT site_id FROM operator WHERE id = ?1), (SELECT CASE count(*) "
        "WHEN 0 THEN 0 WHEN 1 THEN min(id) ELSE -1 END FROM site))",
    [STMT_SITE_HOURS] = "SELECT opening_hours FROM site WHERE id = ?1",
    /* What takes an operator, from ?2 to ?3 (starts, with a day's margin before): their
     * planned appointments but ?4, and the planned workshops they lead. */
    [STMT_BUSY_APPOINTMENTS] =
        "SELECT id, starts_at, duration_min, coalesce(site_id, 0) FROM appointment "
        "WHERE operator_id = ?1 AND status = 'planned' AND starts_at >= ?2 AND starts_at < ?3 "
        "AND id <> ?4",
    [STMT_BUSY_WORKSHOPS] =
        "SELECT id, starts_at, duration_min, coalesce(site_id, 0) FROM workshop "
        "WHERE facilitator_id = ?1 AND status = 'planned' AND starts_at >= ?2 AND starts_at < ?3",
    /* The line of the site's policy for a code: its own, else the network's. */
    [STMT_KIND_OF_SITE] =
        "SELECT id, bring, theme FROM request_kind WHERE code = ?1 AND (site_id = ?2 OR site_id IS NULL) "
        "ORDER BY site_id IS NULL LIMIT 1",
    [STMT_APPOINTMENT_MOVE] =
        "UPDATE appointment SET starts_at = ?2, duration_min = ?3, sequence = sequence + 1, "
        "updated_at = ?4 WHERE id = ?1",
    [STMT_APPOINTMENT_STATUS] =
        "UPDATE appointment SET status = ?2, session_id = coalesce(?3, session_id), "
        "sequence = sequence + 1, updated_at = ?4 WHERE id = ?1 AND status = 'planned'",
    [STMT_PARTICIPANT_RESIDENCE] =
        "SELECT postal_code, commune, insee FROM participant WHERE id = ?1",
    /* an appointment is activity: the person's data are kept 12 months after it */
    [STMT_PARTICIPANT_ACTIVE] =
        "UPDATE participant SET last_activity_on = ?2 WHERE id = ?1 AND "
        "(last_activity_on IS NULL OR last_activity_on < ?2)",
    /* an appointment ?4 of person ?1 moved from day ?3 to day ?2: their last activity the
     * latest of the new day and their other appointments', when it was the old day (this
     * appointment's, moved earlier) or is before the new one */
    [STMT_PARTICIPANT_MOVED] =
        "UPDATE participant SET last_activity_on = (SELECT max(d) FROM (SELECT ?2 AS d UNION ALL "
        "SELECT substr(starts_at, 1, 10) FROM appointment WHERE participant_id = ?1 AND id <> ?4 "
        "AND status <> 'cancelled') AS days) WHERE id = ?1 AND (last_activity_on IS NULL OR "
        "last_activity_on < ?2 OR last_activity_on = ?3)",
    /* session_id kept: the session it became, deleted, comes back if it is kept again */
    [STMT_APPOINTMENT_REOPEN] =
        "UPDATE appointment SET status = 'planned', sequence = sequence + 1, "
        "updated_at = ?2 "
        "WHERE id = ?1 AND status <> 'planned'",
};

static const char *const stmt_sql_pg[STMT_COUNT] = {NULL};

STORE_STATEMENTS(STORE_APPOINTMENTS, appointments)

/* A row's number, or NULL for 0 (none). */
static void bind_id(struct db_stmt *stmt, int index, int64_t id)
{
    if (id)
        db_bind_int64(stmt, index, id);
    else
        db_bind_null(stmt, index);
}

static char *column_dup(struct db_stmt *stmt, int col)
{
    const char *t = (const char *)db_column_text(stmt, col);
    return t ? strdup(t) : NULL;
}

static int read_appointment(struct db_stmt *stmt, struct appointment *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_column_int64(stmt, 0);
    datetime_parse((const char *)db_column_text(stmt, 1), &a->at);
    a->duration_min = db_column_int(stmt, 2);
    a->site_id = db_column_int64(stmt, 3);
    a->operator_id = db_column_int64(stmt, 4);
    a->participant_id = db_column_int64(stmt, 5);
    a->request_kind_id = db_column_int64(stmt, 6);
    a->session_id = db_column_int64(stmt, 7);
    char **texts[] = {&a->site_name, &a->operator_name, &a->person_name, &a->phone, &a->email,
                      &a->request_code, &a->request_label, &a->bring, &a->note};
    for (int i = 0; i < 9; i++)
        if (db_column_type(stmt, 8 + i) != DB_NULL && !(*texts[i] = column_dup(stmt, 8 + i))) {
            appointment_clear(a);
            return GU_FAILURE;
        }
    if (!appointment_status_parse((const char *)db_column_text(stmt, 17), &a->status))
        a->status = APPOINTMENT_PLANNED;
    a->sequence = db_column_int(stmt, 18);
    return GU_OK;
}

int store_get_appointment(struct store *st, int64_t id, struct appointment *out, bool *found,
                          struct gu_error *err)
{
    *found = false;
    memset(out, 0, sizeof *out);
    struct db_stmt *q = stmt_get(st, STMT_APPOINTMENT_GET, err);
    if (!q)
        return GU_FAILURE;
    db_bind_int64(q, 1, id);
    int rc = db_step(q), status = GU_OK;
    if (rc == DB_ROW) {
        *found = true;
        if (read_appointment(q, out))
            status = error_nomem(err);
    }
    return store_stmt_finish(st, q, status, rc, err);
}

int store_list_appointments(struct store *st, const struct appointment_filter *f,
                            store_appointment_fn fn, void *ctx, struct gu_error *err)
{
    struct db_stmt *q = stmt_get(st, STMT_APPOINTMENTS, err);
    if (!q)
        return GU_FAILURE;
    char until[DATE_TEXT_SIZE] = "9999-99-99";
    if (f->to)
        store_next_day(f->to, until);
    db_bind_text_copy(q, 1, f->from ? f->from : "0000", -1);
    db_bind_text_copy(q, 2, until, -1);
    db_bind_int64(q, 3, f->operator_id);
    db_bind_int64(q, 4, f->site_id);
    db_bind_int(q, 5, f->every_status);
    db_bind_int64(q, 6, f->participant_id);
    int rc, status = GU_OK;
    while (!status && (rc = db_step(q)) == DB_ROW) {
        struct appointment a;
        if (read_appointment(q, &a))
            status = error_nomem(err);
        else {
            status = fn(&a, ctx);
            appointment_clear(&a);
        }
    }
    return store_stmt_finish(st, q, status, rc, err);
}

/* ---- what fits --------------------------------------------------------------------------- */

/* The spans that take operator from two days before at (a site a day's zones away) to days
 * days after it: their planned appointments but skip's, and with workshops the planned
 * workshops they lead; each at the instant its own site's clock gives it. Their count into *n,
 * the array owned by the caller. */
static int read_busy(struct store *st, int64_t operator_id, const struct gu_datetime *at,
                     int64_t skip, int days, bool workshops, struct busy_span **out, size_t *n,
                     struct gu_error *err)
{
    *out = NULL;
    *n = 0;
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE], day[DATE_TEXT_SIZE];
    date_format(at->year, at->month, at->day, day);
    date_add_days(day, -2, from);
    date_add_days(day, days + 2, to);
    struct busy_span *spans = NULL;
    size_t cap = 0, count = 0;
    int64_t zone_of = -1; /* the site whose zone is read last: most rows share one */
    const char *zone = DATE_ZONE_DEFAULT;
    int status = GU_OK;
    for (int kind = 0; !status && kind < (workshops ? 2 : 1); kind++) {
        struct db_stmt *q = stmt_get(st, kind ? STMT_BUSY_WORKSHOPS : STMT_BUSY_APPOINTMENTS, err);
        if (!q) {
            status = GU_FAILURE;
            break;
        }
        db_bind_int64(q, 1, operator_id);
        db_bind_text(q, 2, from, -1);
        db_bind_text(q, 3, to, -1);
        if (!kind)
            db_bind_int64(q, 4, skip);
        int rc = DB_DONE;
        while (!status && (rc = db_step(q)) == DB_ROW) {
            struct busy_span span = {.appointment = kind ? 0 : db_column_int64(q, 0)};
            long long t = 0;
            if (!datetime_parse((const char *)db_column_text(q, 1), &span.at))
                continue;
            if (db_column_int64(q, 3) != zone_of) {
                zone_of = db_column_int64(q, 3);
                if ((status = store_site_zone(st, zone_of, &zone, err)))
                    break;
            }
            /* a time the clocks skipped, as ics reads it */
            if (!date_to_instant(zone, &span.at, &t))
                continue;
            span.start = t / 60;
            span.end = span.start + db_column_int(q, 2);
            if (!array_reserve(&spans, &cap, count, sizeof *spans, 16))
                status = error_nomem(err);
            else
                spans[count++] = span;
        }
        status = store_stmt_finish(st, q, status, rc, err);
    }
    if (status) {
        free(spans);
        return status;
    }
    *n = count;
    *out = spans;
    return GU_OK;
}

int store_facilitator_free(struct store *st, int64_t operator_id, int64_t site_id,
                           const struct gu_datetime *at, int duration, struct gu_error *err)
{
    if (!operator_id)
        return GU_OK;
    const char *zone = DATE_ZONE_DEFAULT;
    long long t;
    int status = store_site_zone(st, site_id, &zone, err);
    if (status || !date_to_instant(zone, at, &t))
        return status;
    long long start = t / 60;
    struct busy_span *busy = NULL;
    size_t n = 0;
    status = read_busy(st, operator_id, at, 0, 1 + duration / 1440, false, &busy, &n, err);
    for (size_t i = 0; !status && i < n; i++)
        if (busy[i].start < start + duration && start < busy[i].end) {
            char when[64]; /* as people read it: "17/03/2026 10 h 30" */
            i18n_format_datetime_short(when, sizeof when, &busy[i].at);
            status = error_set(err, GU_INVALID,
                               _("the facilitator has appointment %lld then (%s): move it "
                                 "first"),
                               (long long)busy[i].appointment, when);
        }
    free(busy);
    return status;
}

/* The site's opening hours (*hours NULL: none said, every hour). */
static int read_hours(struct store *st, int64_t site_id, struct hours **hours,
                      struct gu_error *err)
{
    *hours = NULL;
    if (!site_id)
        return GU_OK;
    struct db_stmt *q = stmt_get(st, STMT_SITE_HOURS, err);
    if (!q)
        return GU_FAILURE;
    db_bind_int64(q, 1, site_id);
    int rc = db_step(q), status = GU_OK;
    if (rc == DB_ROW && db_column_type(q, 0) != DB_NULL) {
        struct gu_error ignored = {0};
        /* hours stored by guichet parse; others are no hours at all rather than a refusal */
        if (hours_parse((const char *)db_column_text(q, 0), hours, &ignored) == GU_FAILURE)
            status = error_nomem(err);
    }
    return store_stmt_finish(st, q, status, rc, err);
}

/* Whether operator_id can take an appointment of duration at at at site_id (but skip: the one
 * being moved): else the reason in err (GU_INVALID), with the next free slot in slot. */
static int check_fits(struct store *st, int64_t operator_id, int64_t site_id,
                      const struct gu_datetime *at, int duration, int64_t skip,
                      struct appointment_slot *slot, struct gu_error *err)
{
    struct busy_span *busy = NULL;
    size_t n = 0;
    struct hours *hours = NULL;
    const char *zone = DATE_ZONE_DEFAULT;
    struct gu_datetime now = clock_now();
    if (date_to_days(at->year, at->month, at->day) >
        date_to_days(now.year, now.month, now.day) + APPOINTMENT_AHEAD_DAYS)
        return error_set(err, GU_INVALID,
                         _("an appointment is booked at most %d days ahead: is the year right?"),
                         APPOINTMENT_AHEAD_DAYS);
    int status = store_site_zone(st, site_id, &zone, err);
    if (!status)
        status = read_busy(st, operator_id, at, skip, APPOINTMENT_SEARCH_DAYS, true, &busy, &n,
                           err);
    if (!status)
        status = read_hours(st, site_id, &hours, err);
    if (!status && !appointment_fits(hours, HOURS_REGION_FRANCE, zone, busy, n, at, duration)) {
        slot->taken = true;
        slot->found = appointment_next_free(hours, HOURS_REGION_FRANCE, zone, busy, n, at,
                                            duration, &slot->next) &&
                      date_to_days(slot->next.year, slot->next.month, slot->next.day) <=
                          date_to_days(now.year, now.month, now.day) + APPOINTMENT_AHEAD_DAYS;
        char next[64]; /* as people read it: "17/03/2026 10 h 30" */
        if (slot->found)
            i18n_format_datetime_short(next, sizeof next, &slot->next);
        long long start = 0;
        bool exists = appointment_instant(zone, at, &start), overlaps = false;
        for (size_t i = 0; exists && i < n && !overlaps; i++)
            overlaps = busy[i].start < start + duration && start < busy[i].end;
        const char *why = !exists ? _("that time does not exist at the site (the clocks go "
                                      "forward)")
                          : overlaps ? _("the operator is not free then")
                                     : _("the site is closed then (its opening hours)");
        status = slot->found
                     ? error_set(err, GU_INVALID, _("%s: the next free slot is %s"), why, next)
                     : error_set(err, GU_INVALID, _("%s, and has no free slot in the next %d days"),
                                 why, APPOINTMENT_SEARCH_DAYS);
    }
    hours_free(hours);
    free(busy);
    return status;
}

/* The site an appointment is at: the one named, else the operator's usual site, else the
 * only site (0: none at all); refused when there are several and the operator has none. */
static int appointment_site(struct store *st, const char *site_name, int64_t operator_id,
                            int64_t *site_id, struct gu_error *err);

int store_free_slots(struct store *st, int64_t operator_id, int64_t site_id, const char *from,
                     int days, int duration, int64_t skip, const char **zone_out,
                     struct gu_datetime **out, size_t *n, struct gu_error *err)
{
    *out = NULL;
    *n = 0;
    *zone_out = DATE_ZONE_DEFAULT;
    struct gu_datetime first = {0};
    if (!date_parse(from, &first.year, &first.month, &first.day))
        return error_set(err, GU_INVALID, _("\"%s\" is not a date like 2026-03-14"), from);
    days = days < 1 ? 1 : days > APPOINTMENT_SEARCH_DAYS ? APPOINTMENT_SEARCH_DAYS : days;
    /* no further than an appointment is booked */
    struct gu_datetime today = clock_now();
    long last = date_to_days(today.year, today.month, today.day) + APPOINTMENT_AHEAD_DAYS;
    long day0 = date_to_days(first.year, first.month, first.day);
    if (day0 > last)
        return error_set(err, GU_INVALID,
                         _("an appointment is booked at most %d days ahead: is the year right?"),
                         APPOINTMENT_AHEAD_DAYS);
    if (day0 + days - 1 > last)
        days = (int)(last - day0 + 1);
    int status = site_id ? GU_OK : appointment_site(st, NULL, operator_id, &site_id, err);
    const char *zone = DATE_ZONE_DEFAULT;
    struct busy_span *busy = NULL;
    size_t nbusy = 0;
    struct hours *hours = NULL;
    if (!status)
        status = store_site_zone(st, site_id, &zone, err);
    if (!status)
        status = read_busy(st, operator_id, &first, skip, days, true, &busy, &nbusy, err);
    if (!status)
        status = read_hours(st, site_id, &hours, err);
    /* now at the site's clock (the desk's may be another zone's) */
    struct gu_datetime now = clock_now(), *starts = NULL;
    long long t;
    if (date_to_instant(clock_zone(), &now, &t))
        date_from_instant(zone, t, &now);
    size_t count = 0, cap = 0;
    for (int d = 0; !status && d < days; d++) {
        struct gu_datetime day = {0};
        date_from_days(day0 + d, &day.year, &day.month, &day.day);
        if (!array_reserve(&starts, &cap, count + APPOINTMENT_DAY_SLOTS - 1, sizeof *starts,
                           APPOINTMENT_DAY_SLOTS)) {
            status = error_nomem(err);
            break;
        }
        count += appointment_day_starts(hours, HOURS_REGION_FRANCE, zone, busy, nbusy, &day,
                                        duration, &now, starts + count);
    }
    hours_free(hours);
    free(busy);
    if (status || !count) {
        free(starts);
        return status;
    }
    *zone_out = zone;
    *out = starts;
    *n = count;
    return GU_OK;
}

/* ---- writing ---------------------------------------------------------------------------- */

static int appointment_site(struct store *st, const char *site_name, int64_t operator_id,
                            int64_t *site_id, struct gu_error *err)
{
    *site_id = 0;
    if (site_name) {
        int status = store_find_site(st, site_name, site_id, err);
        if (!status && !*site_id)
            status = error_set(err, GU_INVALID, _("--site: no site is called \"%s\""), site_name);
        return status;
    }
    struct db_stmt *q = stmt_get(st, STMT_OPERATOR_SITE, err);
    if (!q)
        return GU_FAILURE;
    db_bind_int64(q, 1, operator_id);
    long long v = 0;
    int status = store_stmt_int(st, q, &v, err);
    if (!status && v < 0) /* booked at a site no desk shows: refused */
        status = error_set(err, GU_INVALID, "%s",
                           _("--site: the operator works at no site in particular and there are "
                             "several: name the site"));
    *site_id = v > 0 ? v : 0;
    return status;
}

/* The line of the site's policy for request (a code), and what to bring from it. */
static int find_request(struct store *st, const char *request, int64_t site_id, int64_t *kind,
                        char **bring, char **theme, struct gu_error *err)
{
    *kind = 0;
    if (!request)
        return GU_OK;
    struct db_stmt *q = stmt_get(st, STMT_KIND_OF_SITE, err);
    if (!q)
        return GU_FAILURE;
    db_bind_text(q, 1, request, -1);
    db_bind_int64(q, 2, site_id);
    int rc = db_step(q), status = GU_OK;
    if (rc == DB_ROW) {
        *kind = db_column_int64(q, 0);
        if (bring && db_column_type(q, 1) != DB_NULL && !(*bring = column_dup(q, 1)))
            status = error_nomem(err);
        if (theme && db_column_type(q, 2) != DB_NULL && !(*theme = column_dup(q, 2)))
            status = error_nomem(err);
    } else if (rc == DB_DONE)
        status = error_set(err, GU_INVALID,
                           _("--request: the routing policy has no request \"%s\" (guichet "
                             "policy export lists them)"),
                           request);
    return store_stmt_finish(st, q, status, rc, err);
}

int store_add_appointment(struct store *st, const struct appointment_new *in,
                          const struct person *typed, int64_t *id, struct appointment_slot *slot,
                          struct gu_error *err)
{
    *id = 0;
    *slot = (struct appointment_slot){0};
    struct person_kept person;
    int status = person_canonicalize(_("name"), typed, &person, err);
    if (status) {
        person_kept_clear(&person);
        return status;
    }
    status = store_tx_begin(st, err);
    char now[21];
    clock_now_utc_text(now);
    int64_t operator_id = 0, site_id = 0, kind = 0, participant = 0;
    char *bring = NULL;
    if (!status)
        status = store_find_operator(st, in->operator_name, &operator_id, err);
    if (!status && !operator_id)
        status = error_set(err, GU_INVALID, _("--operator: no operator is called \"%s\""),
                           in->operator_name);
    if (!status)
        status = appointment_site(st, in->site_name, operator_id, &site_id, err);
    if (!status)
        status = find_request(st, in->request, site_id, &kind, in->bring ? NULL : &bring, NULL,
                              err);
    /* decided inside the write transaction: two desks booking one slot, one has it */
    if (!status)
        status = check_fits(st, operator_id, site_id, &in->at, in->duration_min, 0, slot, err);
    if (!status)
        status = store_find_or_add_participant(st, &person, now, &participant, err);
    char at[DATETIME_TEXT_SIZE], day[DATE_TEXT_SIZE];
    datetime_format(&in->at, at);
    date_format(in->at.year, in->at.month, in->at.day, day);
    struct db_stmt *q = status ? NULL : stmt_get(st, STMT_APPOINTMENT_ADD, err);
    if (!status && !q)
        status = GU_FAILURE;
    if (!status) {
        db_bind_text(q, 1, at, -1);
        db_bind_int(q, 2, in->duration_min);
        bind_id(q, 3, site_id);
        db_bind_int64(q, 4, operator_id);
        db_bind_int64(q, 5, participant);
        bind_id(q, 6, kind);
        /* bring given: that ("": nothing); else the request's */
        store_bind_text_or_null(q, 7, in->bring ? (*in->bring ? in->bring : NULL) : bring);
        store_bind_text_or_null(q, 8, in->note);
        db_bind_text(q, 9, now, -1);
        status = store_stmt_run(st, q, err);
        *id = db_last_insert_id(st->db);
    }
    q = status ? NULL : stmt_get(st, STMT_PARTICIPANT_ACTIVE, err);
    if (!status && !q)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(q, 1, participant);
        db_bind_text(q, 2, day, -1);
        status = store_stmt_run(st, q, err);
    }
    if (!status)
        status = store_add_audit(st, now, operator_id, "create", "appointment", *id, NULL, err);
    free(bring);
    person_kept_clear(&person);
    return store_tx_end(st, status, err);
}

/* Reads appointment id inside a write: it must exist and be planned. */
static int planned_appointment(struct store *st, int64_t id, struct appointment *a,
                               struct gu_error *err)
{
    bool found = false;
    int status = store_get_appointment(st, id, a, &found, err);
    if (!status && !found)
        status = store_no_such(_("appointment %lld does not exist"), id, err);
    else if (!status && a->status != APPOINTMENT_PLANNED)
        status = error_set(err, GU_INVALID, _("appointment %lld is %s already"), (long long)id,
                           appointment_status_label(a->status));
    return status;
}

int store_move_appointment(struct store *st, int64_t id, const struct gu_datetime *at,
                           int duration_min, int sequence, int64_t by_operator,
                           struct appointment_slot *slot,
                           struct gu_error *err)
{
    *slot = (struct appointment_slot){0};
    struct appointment a = {0};
    int status = store_tx_begin(st, err);
    if (!status)
        status = planned_appointment(st, id, &a, err);
    if (!status && sequence >= 0 && a.sequence != sequence)
        status = error_set(err, GU_INVALID,
                           _("appointment %lld was changed at another desk since: nothing "
                             "moved"),
                           (long long)id);
    /* its time come, the person came or did not: kept or missed, not moved (a no-show moved
     * then cancelled would count as cancelled) */
    struct gu_datetime now_local = clock_now();
    if (!status && datetime_compare(&a.at, &now_local) <= 0) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &a.at);
        status = error_set(err, GU_INVALID,
                           _("appointment %lld was at %s: its time has come, so the person came "
                             "(kept) or did not (missed); book another for a new time"),
                           (long long)id, when);
    }
    int duration = duration_min ? duration_min : a.duration_min;
    /* the same time and duration: nothing to change, nor to tell calendars */
    if (!status && datetime_compare(&a.at, at) == 0 && duration == a.duration_min) {
        appointment_clear(&a);
        return store_tx_end(st, GU_OK, err);
    }
    if (!status)
        status = check_fits(st, a.operator_id, a.site_id, at, duration, id, slot, err);
    char now[21], when[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    datetime_format(at, when);
    struct db_stmt *q = status ? NULL : stmt_get(st, STMT_APPOINTMENT_MOVE, err);
    if (!status && !q)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(q, 1, id);
        db_bind_text(q, 2, when, -1);
        db_bind_int(q, 3, duration);
        db_bind_text(q, 4, now, -1);
        status = store_stmt_run(st, q, err);
    }
    if (!status && a.participant_id) {
        char from_day[DATE_TEXT_SIZE], to_day[DATE_TEXT_SIZE];
        date_format(a.at.year, a.at.month, a.at.day, from_day);
        date_format(at->year, at->month, at->day, to_day);
        q = stmt_get(st, STMT_PARTICIPANT_MOVED, err);
        status = q ? GU_OK : GU_FAILURE;
        if (q) {
            db_bind_int64(q, 1, a.participant_id);
            db_bind_text(q, 2, to_day, -1);
            db_bind_text(q, 3, from_day, -1);
            db_bind_int64(q, 4, id);
            status = store_stmt_run(st, q, err);
        }
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "move", "appointment", id, NULL, err);
    appointment_clear(&a);
    return store_tx_end(st, status, err);
}

/* The session an appointment kept becomes: its start, duration, site and operator, its
 * request's theme (else the session's usual first theme is left to the caller's), the person's
 * commune of residence; nothing of its note, which may name them. */
static int session_of(struct store *st, const struct appointment *a, const char *theme,
                      struct help_session *s, struct gu_error *err)
{
    session_init(s);
    s->at = a->at;
    s->duration_min = a->duration_min;
    if (theme) {
        int t = vocab_find(VOCAB_THEME, theme);
        if (t != VOCAB_NONE)
            s->themes |= (vocab_set)1 << t;
    }
    int status = GU_OK;
    if ((a->operator_name && !(s->operator_name = strdup(a->operator_name))) ||
        (a->site_name && !(s->site_name = strdup(a->site_name))))
        status = error_nomem(err);
    struct db_stmt *q = status || !a->participant_id
                            ? NULL
                            : stmt_get(st, STMT_PARTICIPANT_RESIDENCE, err);
    if (q) {
        db_bind_int64(q, 1, a->participant_id);
        int rc = db_step(q);
        if (rc == DB_ROW) {
            s->residence.postal_code = column_dup(q, 0);
            s->residence.name = column_dup(q, 1);
            s->residence.insee = column_dup(q, 2);
        }
        status = store_stmt_finish(st, q, status, rc, err);
    }
    return status;
}

int store_appointment_session(struct store *st, const struct appointment *a,
                              struct help_session *out, struct gu_error *err)
{
    char *theme = NULL;
    int64_t kind = 0;
    int status = GU_OK;
    if (a->request_code &&
        find_request(st, a->request_code, a->site_id, &kind, NULL, &theme, err) == GU_FAILURE)
        status = GU_FAILURE;
    if (!status)
        status = session_of(st, a, theme, out, err);
    free(theme);
    return status;
}

int store_set_appointment_status(struct store *st, int64_t id, enum appointment_status to,
                                 const struct help_session *kept, int64_t by_operator,
                                 int64_t *session_id, struct gu_error *err)
{
    if (session_id)
        *session_id = 0;
    struct appointment a = {0};
    struct help_session s;
    session_init(&s);
    /* a batch: the session kept and the appointment done together, or neither */
    int status = store_batch_begin(st, err);
    bool batch = !status;
    if (!status)
        status = planned_appointment(st, id, &a, err);
    /* kept or missed once its time has come (at the site's clock, which the caller set): a
     * no-show said too early would count for good */
    struct gu_datetime now_local = clock_now();
    bool to_come = datetime_compare(&a.at, &now_local) > 0;
    const char *why = NULL;
    if (to == APPOINTMENT_MISSED && to_come)
        why = _("appointment %lld is at %s: it is missed only once its time has come");
    else if (to == APPOINTMENT_DONE && !appointment_keepable(&a.at, &now_local))
        why = _("appointment %lld is at %s: it is kept on its day, once the person has come "
                "(move it first if they came another day)");
    else if (to == APPOINTMENT_CANCELLED && !to_come)
        why = _("appointment %lld was at %s: its time has come, so the person came (kept) or did "
                "not (missed)");
    if (!status && why) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &a.at);
        status = error_set(err, GU_INVALID, why, (long long)id, when);
    }
    /* the session's theme: the one said (the desk's form, --theme), else the request's now (a
     * line removed since gives none) */
    bool need_theme = to == APPOINTMENT_DONE && (!kept || !kept->themes);
    if (!status && need_theme && !a.request_code)
        status = error_set(err, GU_INVALID,
                           _("appointment %lld has no request to take the session's theme from: "
                             "give --theme"),
                           (long long)id);
    int64_t made = 0;
    if (!status && to == APPOINTMENT_DONE) {
        char *theme = NULL;
        int64_t kind = 0;
        if (need_theme &&
            find_request(st, a.request_code, a.site_id, &kind, NULL, &theme, err) == GU_FAILURE)
            status = GU_FAILURE;
        if (!status && need_theme && !theme)
            status = error_set(err, GU_INVALID,
                               _("appointment %lld's request gives the session no theme (the "
                                 "policy has none for it): give --theme"),
                               (long long)id);
        if (!status && kept) {
            status = session_copy(&s, kept, err);
            int t = theme ? vocab_find(VOCAB_THEME, theme) : VOCAB_NONE;
            if (!status && !s.themes && t != VOCAB_NONE) /* only its duration said */
                s.themes |= (vocab_set)1 << t;
        } else if (!status)
            status = session_of(st, &a, theme, &s, err);
        if (!status && datetime_compare(&s.at, &now_local) > 0) /* came early: now */
            s.at = now_local;
        free(theme);
        if (!status)
            status = session_validate(&s, err);
        /* kept again after being planned again: the session it became comes back, with what
         * is said now (one appointment, one session, whatever was undone between) */
        if (!status && a.session_id) {
            status = store_restore_appointment_session(st, a.session_id, by_operator, err);
            if (status == GU_INVALID) /* restored meanwhile (refused now, but an older guichet) */
                status = GU_OK;
            s.id = a.session_id;
            if (!status)
                status = store_update_session(st, &s, by_operator, err);
            made = a.session_id;
        } else if (!status)
            status = store_add_sessions(st, &s, 1, &made, err);
    }
    char now[21];
    clock_now_utc_text(now);
    struct db_stmt *q = status ? NULL : stmt_get(st, STMT_APPOINTMENT_STATUS, err);
    if (!status && !q)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(q, 1, id);
        db_bind_text(q, 2, appointment_status_code(to), -1);
        bind_id(q, 3, made);
        db_bind_text(q, 4, now, -1);
        status = store_stmt_run(st, q, err);
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, appointment_status_code(to), "appointment",
                                 id, NULL, err);
    if (batch)
        status = store_batch_end(st, status, err);
    if (!status && session_id)
        *session_id = made;
    session_clear(&s);
    appointment_clear(&a);
    return status;
}

int store_reopen_appointment(struct store *st, int64_t id, int sequence, int64_t by_operator,
                             struct appointment_slot *slot, struct gu_error *err)
{
    *slot = (struct appointment_slot){0};
    char now[21];
    clock_now_utc_text(now);
    struct appointment a = {0};
    bool found = false;
    /* a batch: the session deleted and the appointment planned again together, or neither */
    int status = store_batch_begin(st, err);
    bool batch = !status;
    if (!status)
        status = store_get_appointment(st, id, &a, &found, err);
    if (!status && !found)
        status = store_no_such(_("appointment %lld does not exist"), id, err);
    if (!status && sequence >= 0 && a.sequence != sequence)
        status = error_set(err, GU_INVALID,
                           _("appointment %lld was changed at another desk since: nothing undone "
                             "(guichet appointment list --all says how it stands)"),
                           (long long)id);
    if (!status && a.status == APPOINTMENT_PLANNED)
        status = error_set(err, GU_INVALID, _("appointment %lld is planned already"),
                           (long long)id);
    if (!status && a.participant_id && !a.person_name)
        status = error_set(err, GU_INVALID,
                           _("appointment %lld was with a person whose data were erased"),
                           (long long)id);
    /* a time to come must still be free (another appointment may have taken it since); one
     * gone by is only put right */
    struct gu_datetime now_local = clock_now();
    if (!status && datetime_compare(&a.at, &now_local) > 0)
        status = check_fits(st, a.operator_id, a.site_id, &a.at, a.duration_min, id, slot, err);
    if (!status) {
        struct db_stmt *q = stmt_get(st, STMT_APPOINTMENT_REOPEN, err);
        status = q ? GU_OK : GU_FAILURE;
        if (q) {
            db_bind_int64(q, 1, id);
            db_bind_text(q, 2, now, -1);
            status = store_stmt_run(st, q, err);
        }
    }
    /* kept by mistake: the session it became leaves the counts (deleted; kept again, the
     * appointment brings it back) */
    if (!status && a.status == APPOINTMENT_DONE && a.session_id)
        status = store_delete_session(st, a.session_id, by_operator, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "reopen", "appointment", id, NULL, err);
    if (batch)
        status = store_batch_end(st, status, err);
    appointment_clear(&a);
    return status;
}

int store_set_site_hours(struct store *st, const char *site_name, const char *hours,
                         struct gu_error *err)
{
    int64_t id = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_find_site(st, site_name, &id, err);
    if (!status && !id)
        status = error_set(err, GU_INVALID, _("--site: no site is called \"%s\""), site_name);
    struct db_stmt *q = NULL;
    int rc = status ? DB_OK
                    : db_prepare(st->db, "UPDATE site SET opening_hours = ?2 WHERE id = ?1", &q);
    if (!status && rc != DB_OK)
        status = store_db_error(st, rc, err);
    if (!status) {
        db_bind_int64(q, 1, id);
        store_bind_text_or_null(q, 2, hours);
        status = store_stmt_run(st, q, err);
    }
    db_finalize(q);
    return store_tx_end(st, status, err);
}
