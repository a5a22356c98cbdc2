/* Reports: the aggregate queries the activity reports and the statistics screen read from the
 * per-day and per-month tallies. */
#include "store/internal.h"

#include <string.h>

/* ---- reports ------------------------------------------------------------------------------- */

/* ?1 first day, ?2 last day (included), ?3 site or 0, ?4 operator or 0.
 * Session figures come from the counts the schema's triggers keep: per month in
 * session_tally_month (migration 015) for the whole months of the period, ?5 to ?6 ("YYYY-MM"),
 * and per day in session_tally (migration 004) for the days before them, ?1 to ?7, and after
 * them, ?8 to ?2 (see tally_bind_months). A year costs a few thousand rows. Each row's "day" is
 * its day or its month: substr(day, 1, 7) is the month either way. */
#define TALLY_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR operator_id = ?4)"
#define TALLY_IN(dim) \
    " FROM (SELECT month AS day, site_id, code, sessions, minutes FROM session_tally_month " \
    "WHERE dim = '" dim "' AND month >= ?5 AND month <= ?6" TALLY_SITE \
    " UNION ALL SELECT day, site_id, code, sessions, minutes FROM session_tally " \
    "WHERE dim = '" dim "' AND day >= ?1 AND day <= ?7" TALLY_SITE \
    " UNION ALL SELECT day, site_id, code, sessions, minutes FROM session_tally " \
    "WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" TALLY_SITE ") AS tallied"
#define SESSION_TALLY(dim) "SELECT code, sum(sessions)" TALLY_IN(dim) " GROUP BY code HAVING sum(sessions) <> 0"
/* The live sessions of the period (?1-?4 as above), and the attended registrations of its held
 * workshops with their participants: read only for the name said with an INSEE code (the counts
 * keep codes). Up to the end of day ?2 in text both engines compare alike: every time of that day
 * ("YYYY-MM-DD HH:MM") sorts before the day followed by '~', and every later day after it. */
#define SESSIONS_IN \
    " FROM help_session s WHERE s.started_at >= ?1 AND s.started_at < (?2 || '~') " \
    "AND (?3 = 0 OR s.site_id = ?3) AND (?4 = 0 OR s.operator_id = ?4) AND " SESSION_LIVE
#define ATTENDED_IN \
    " FROM registration g JOIN participant p ON p.id = g.participant_id " \
    "JOIN workshop w ON w.id = g.workshop_id WHERE g.state = 'attended' AND w.status = 'held' " \
    "AND w.starts_at >= ?1 AND w.starts_at < (?2 || '~') " \
    "AND (?3 = 0 OR w.site_id = ?3) AND (?4 = 0 OR w.facilitator_id = ?4)"
/* The attended registrations of held workshops, by dimension (migration 017): whole months and
 * the days at either end as in TALLY_IN, by the workshop's site and facilitator. */
#define ATTENDANCE_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR facilitator_id = ?4)"
#define ATTENDANCE_IN(dim) \
    " FROM (SELECT code, people FROM attendance_tally_month " \
    "WHERE dim = '" dim "' AND month >= ?5 AND month <= ?6" ATTENDANCE_SITE \
    " UNION ALL SELECT code, people FROM attendance_tally " \
    "WHERE dim = '" dim "' AND day >= ?1 AND day <= ?7" ATTENDANCE_SITE \
    " UNION ALL SELECT code, people FROM attendance_tally " \
    "WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" ATTENDANCE_SITE ") AS tallied"

/* Held workshops in all ('total') or by theme, counted in workshop_tally (migration 017). */
#define WORKSHOP_TALLY_IN(dim) \
    " FROM (SELECT month AS day, site_id, code, workshops, minutes, walk_ins, capacity, seats, " \
    "attended, absent FROM workshop_tally_month WHERE dim = '" dim "' AND month >= ?5 " \
    "AND month <= ?6" ATTENDANCE_SITE " UNION ALL SELECT day, site_id, code, workshops, minutes, " \
    "walk_ins, capacity, seats, attended, absent FROM workshop_tally WHERE dim = '" dim "' " \
    "AND day >= ?1 AND day <= ?7" ATTENDANCE_SITE " UNION ALL SELECT day, site_id, code, " \
    "workshops, minutes, walk_ins, capacity, seats, " \
    "attended, absent FROM workshop_tally WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" \
    ATTENDANCE_SITE ") AS tallied"
/* Referrals by site, operator, outcome and partner (0: none), counted in referral_tally
 * (migrations 017 and 023); a referral's site is the one it was made at. */
#define REFERRAL_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR operator_id = ?4)"
#define REFERRAL_TALLY_IN \
    " FROM (SELECT status, partner_id, referrals FROM referral_tally_month " \
    "WHERE month >= ?5 AND month <= ?6" REFERRAL_SITE " UNION ALL SELECT status, partner_id, " \
    "referrals FROM referral_tally WHERE day >= ?1 AND day <= ?7" REFERRAL_SITE \
    " UNION ALL SELECT status, partner_id, referrals FROM referral_tally " \
    "WHERE day >= ?8 AND day <= ?2" REFERRAL_SITE ") AS tallied"

/* Appointments of the period by status, at a site and with an operator (?1-?4 as above; the
 * others unused): few, counted from their rows. */
#define APPOINTMENTS_BY_STATUS                                                                 \
    "SELECT status, count(*) FROM appointment WHERE starts_at >= ?1 AND starts_at < (?2 || '~') " \
    "AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR operator_id = ?4) AND status <> 'planned' "   \
    "GROUP BY status"

static const char *const tally_sql[TALLY_COUNT] = {
    [TALLY_APPOINTMENTS] = APPOINTMENTS_BY_STATUS,
    [TALLY_TOTALS] = "SELECT '', coalesce(sum(sessions), 0), coalesce(sum(minutes), 0)" TALLY_IN("total"),
    [TALLY_WORKSHOP_TOTALS] =
        "SELECT '', coalesce(sum(workshops), 0), coalesce(sum(minutes), 0), "
        "coalesce(sum(walk_ins), 0), coalesce(sum(attended), 0)" WORKSHOP_TALLY_IN("total"),
    [TALLY_REFERRAL_TOTALS] = "SELECT '', coalesce(sum(referrals), 0)" REFERRAL_TALLY_IN,
    [TALLY_THEMES] = SESSION_TALLY("theme"),
    [TALLY_DEMARCHES] = SESSION_TALLY("demarche"),
    [TALLY_MATERIALS] = SESSION_TALLY("material"),
    [TALLY_PLACES] = SESSION_TALLY("place"),
    [TALLY_AUTONOMY] = SESSION_TALLY("autonomy"),
    [TALLY_AGES] = SESSION_TALLY("age"),
    [TALLY_STATUSES] = SESSION_TALLY("status"),
    [TALLY_GENDERS] = SESSION_TALLY("gender"),
    [TALLY_ORIENTED] = SESSION_TALLY("oriented"),
    [TALLY_ORIENTATIONS] = SESSION_TALLY("orientation"),
    [TALLY_DURATIONS] = SESSION_TALLY("duration"),
    [TALLY_SESSION_MONTHS] =
        "SELECT substr(day, 1, 7), sum(sessions)" TALLY_IN("total") " GROUP BY 1 HAVING sum(sessions) <> 0",
    [TALLY_WORKSHOP_MONTHS] =
        "SELECT substr(day, 1, 7), sum(walk_ins + attended)" WORKSHOP_TALLY_IN("total")
        " GROUP BY 1 HAVING sum(workshops) <> 0",
    [TALLY_WORKSHOP_THEMES] =
        "SELECT code, sum(workshops), sum(capacity), sum(seats), sum(attended), sum(absent)"
        WORKSHOP_TALLY_IN("theme") " GROUP BY code HAVING sum(workshops) <> 0",
    [TALLY_REFERRAL_STATUSES] =
        "SELECT status, sum(referrals)" REFERRAL_TALLY_IN " GROUP BY 1 HAVING sum(referrals) <> 0",
    [TALLY_REFERRAL_PARTNERS] =
        "SELECT coalesce(p.name, ''), t.n FROM (SELECT partner_id, sum(referrals) AS n"
        REFERRAL_TALLY_IN " GROUP BY partner_id HAVING sum(referrals) <> 0) AS t "
        "LEFT JOIN partner p ON p.id = t.partner_id ORDER BY 2 DESC, 1",
    /* Counted per INSEE code (else '/' and the name said) in session_tally (migration 015); an
     * INSEE code is named as the period's last session with it said (help_session_by_insee). */
    [TALLY_COMMUNE_SESSIONS] =
        "SELECT CASE WHEN code LIKE '/%' THEN '\t' || substr(code, 2) "
        "ELSE code || '\t' || coalesce(("
        "SELECT coalesce(s.commune, s.postal_code, '')" SESSIONS_IN " AND s.insee = code "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1), '') END, sum(sessions)" TALLY_IN("commune")
        " GROUP BY code HAVING sum(sessions) <> 0 ORDER BY 2 DESC, 1",
    /* Participants who attended, counted per day and month in attendance_tally (migration
     * 017) as sessions are in session_tally; an INSEE code comes alone, named by the table of
     * communes, else by store_commune_said. */
    [TALLY_COMMUNE_PARTICIPANTS] =
        "SELECT CASE WHEN code LIKE '/%' THEN '\t' || substr(code, 2) ELSE code || '\t' END, "
        "sum(people)" ATTENDANCE_IN("commune") " GROUP BY code HAVING sum(people) <> 0 ORDER BY 2 DESC, 1",
    [TALLY_ALREADY_HELPED] =
        "SELECT k, sum(n) FROM (SELECT code AS k, sum(sessions) AS n" TALLY_IN("already_helped")
        " GROUP BY 1 UNION ALL SELECT code, sum(people)" ATTENDANCE_IN("already_helped")
        " GROUP BY 1) AS helped GROUP BY k",
    /* People helped (sessions, participations in held workshops) by site, as "ID<TAB>name"
     * ("<TAB>" for none), most first: a network's anonymous breakdown. */
    [TALLY_SITES] =
        "SELECT CASE WHEN h.site_id = 0 THEN '\t' ELSE h.site_id || '\t' || coalesce(("
        "SELECT name FROM site WHERE id = h.site_id), '') END, sum(h.n) FROM ("
        "SELECT site_id, sum(sessions) AS n" TALLY_IN("total") " GROUP BY site_id "
        "UNION ALL SELECT site_id, sum(walk_ins + attended)" WORKSHOP_TALLY_IN("total")
        " GROUP BY site_id) AS h GROUP BY h.site_id HAVING sum(h.n) <> 0 ORDER BY 2 DESC, 1",
};

int store_commune_said(struct store *st, const struct store_report_filter *filter,
                       const char *insee, char **name, struct gu_error *err)
{
    *name = NULL;
    struct db_stmt *stmt;
    int rc = db_prepare(st->db,
                                "SELECT coalesce(p.commune, p.postal_code, '')" ATTENDED_IN
                                " AND p.insee = ?5 ORDER BY w.starts_at DESC, g.id DESC LIMIT 1", &stmt);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    db_bind_text(stmt, 1, filter->from, -1);
    db_bind_text(stmt, 2, filter->to, -1);
    db_bind_int64(stmt, 3, filter->site_id);
    db_bind_int64(stmt, 4, filter->operator_id);
    db_bind_text(stmt, 5, insee, -1);
    int status = GU_OK;
    rc = db_step(stmt);
    const unsigned char *said = rc == DB_ROW ? db_column_text(stmt, 0) : NULL;
    if (rc != DB_ROW && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    else if (!(*name = strdup(said ? (const char *)said : "")))
        status = error_nomem(err);
    db_finalize(stmt);
    return status;
}

/* Splits the period filter->from..to for TALLY_IN: ?5..?6 its whole months, ?7 the last day
 * before the first of them, ?8 the first day after the last. A period without a whole month
 * (or with dates that do not parse) is read from the per-day rows alone: ?5 > ?6, ?7 its last
 * day, ?8 after any date. */
static void tally_bind_months(struct db_stmt *stmt, const struct store_report_filter *filter)
{
    int y1, m1, d1, y2, m2, d2;
    long first = 1, last = 0; /* whole months, counted from year 0: none unless both dates parse */
    if (date_parse(filter->from, &y1, &m1, &d1) && date_parse(filter->to, &y2, &m2, &d2)) {
        first = y1 * 12L + (m1 - 1) + (d1 != 1);
        last = y2 * 12L + (m2 - 1) - (d2 != date_days_in_month(y2, m2));
    }
    /* Sized for any long: "-" + 19 digits twice, separators and NUL. */
    char from_month[48] = "~", to_month[48] = "0", head_end[48], tail_start[48] = "~";
    snprintf(head_end, sizeof head_end, "%s", filter->to);
    if (first <= last) {
        snprintf(from_month, sizeof from_month, "%04ld-%02ld", first / 12, first % 12 + 1);
        snprintf(to_month, sizeof to_month, "%04ld-%02ld", last / 12, last % 12 + 1);
        int y, m, d;
        date_from_days(date_to_days((int)(first / 12), (int)(first % 12 + 1), 1) - 1, &y, &m, &d);
        snprintf(head_end, sizeof head_end, "%04d-%02d-%02d", y, m, d);
        last++;
        snprintf(tail_start, sizeof tail_start, "%04ld-%02ld-01", last / 12, last % 12 + 1);
    }
    db_bind_text_copy(stmt, 5, from_month, -1);
    db_bind_text_copy(stmt, 6, to_month, -1);
    db_bind_text_copy(stmt, 7, head_end, -1);
    db_bind_text_copy(stmt, 8, tail_start, -1);
}

int store_tally(struct store *st, enum store_tally tally, const struct store_report_filter *filter,
                store_tally_fn fn, void *ctx, struct gu_error *err)
{
    if ((unsigned)tally >= TALLY_COUNT)
        return error_set(err, GU_FAILURE, "store_tally: no aggregate %d", (int)tally);
    int rc;
    if (!st->tally[tally] &&
        (rc = db_prepare_persistent(st->db, tally_sql[tally], &st->tally[tally])) != DB_OK)
        return store_db_error(st, rc, err);
    struct db_stmt *stmt = st->tally[tally];
    db_bind_text(stmt, 1, filter->from, -1);
    db_bind_text(stmt, 2, filter->to, -1);
    db_bind_int64(stmt, 3, filter->site_id);
    db_bind_int64(stmt, 4, filter->operator_id);
    if (db_bind_parameter_count(stmt) >= 8)
        tally_bind_months(stmt, filter);
    int status = GU_OK;
    long long values[8];
    int n = db_column_count(stmt) - 1;
    n = n > 8 ? 8 : n;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        for (int i = 0; i < n; i++)
            values[i] = db_column_int64(stmt, i + 1);
        const unsigned char *key = db_column_text(stmt, 0);
        status = fn(key ? (const char *)key : "", values, n, ctx);
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_reset(stmt); /* kept for the next call, its bindings (filter's, static) dropped */
    db_clear_bindings(stmt);
    return status;
}

