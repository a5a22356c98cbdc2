/* Help sessions: writing them one by one and in bulk (with their per-day counts and search
 * index), reading, changing, deleting and restoring one, and the counts the desk shows. */
#include "store/internal.h"

#include "i18n.h"

/* SET_ROWS rows of (session, code) in one INSERT: sessions written in bulk add their themes,
 * démarches and devices SET_ROWS at a time rather than one statement per row. */
#define SET_ROWS 64
#define SET_ROWS_1 "(?, ?)"
#define SET_ROWS_2 SET_ROWS_1 ", " SET_ROWS_1
#define SET_ROWS_4 SET_ROWS_2 ", " SET_ROWS_2
#define SET_ROWS_8 SET_ROWS_4 ", " SET_ROWS_4
#define SET_ROWS_16 SET_ROWS_8 ", " SET_ROWS_8
#define SET_ROWS_32 SET_ROWS_16 ", " SET_ROWS_16
#define SET_ROWS_VALUES SET_ROWS_32 ", " SET_ROWS_32

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_SESSION_ADD,
    STMT_SESSION_THEME_ADD,
    STMT_SESSION_DEMARCHE_ADD,
    STMT_SESSION_MATERIAL_ADD,
    STMT_SESSION_GET,
    STMT_SESSION_LAST,
    STMT_SESSION_LAST_ANY,
    STMT_SESSION_UPDATE,
    STMT_SESSION_THEMES_CLEAR,
    STMT_SESSION_DEMARCHES_CLEAR,
    STMT_SESSION_MATERIALS_CLEAR,
    STMT_SESSION_DELETE,
    STMT_SESSION_APPOINTMENT,
    STMT_SESSION_RESTORE,
    STMT_SESSIONS_COUNT,
    STMT_DURATION_MOST_USED,
    STMT_SESSION_RESIDENCE_SET,
    STMT_RECENT_RESIDENCES,
    STMT_RECENT_RESIDENCES_ANY,
    STMT_SESSION_THEME_ADD_MANY,
    STMT_SESSION_DEMARCHE_ADD_MANY,
    STMT_SESSION_MATERIAL_ADD_MANY,
    STMT_TALLY_DAY_ADD,
    STMT_TALLY_MONTH_ADD,
    STMT_TALLY_DAY_ADD_RANGE,
    STMT_TALLY_MONTH_ADD_RANGE,
    STMT_SESSION_NUMBER_RAISE,
    STMT_SEARCH_INDEX_ADD,
    STMT_SEARCH_ODD_ADD,
    STMT_SESSIONS_TALLIED,
    STMT_SESSIONS_DELETED_LISTED,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    /* One above every number ever given, deleted ones included (session_number, migration 008). */
    [STMT_SESSION_ADD] =
        "INSERT INTO help_session (id, started_at, duration_min, place, site_id, operator_id, "
        "autonomy, age, status, gender, oriented, orientation, procedure_name, note, created_at, "
        "updated_at, postal_code, commune, insee, already_helped) "
        "VALUES (coalesce(?19, 1 + max(coalesce((SELECT max(id) FROM help_session), 0), "
        "coalesce((SELECT last FROM session_number WHERE id = 1), 0))), "
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, ?17, ?18) RETURNING id",
    [STMT_SESSION_THEME_ADD] = "INSERT INTO help_session_theme (session_id, theme) VALUES (?1, ?2)",
    [STMT_SESSION_DEMARCHE_ADD] =
        "INSERT INTO help_session_demarche (session_id, demarche) VALUES (?1, ?2)",
    [STMT_SESSION_MATERIAL_ADD] =
        "INSERT INTO help_session_material (session_id, material) VALUES (?1, ?2)",
    [STMT_SESSION_GET] = SESSION_COLUMNS "AND s.id = ?3",
    /* From the end of help_session_by_operator_number (migration 020): the unary + keeps
     * SQLite off the index by operator and time, which would sort all their sessions. */
    [STMT_SESSION_LAST] =
        SESSION_FIELDS "FROM help_session s LEFT JOIN operator o ON o.id = s.operator_id "
        "LEFT JOIN site si ON si.id = s.site_id WHERE +s.started_at >= ?1 AND +s.started_at < ?2 "
        "AND s.operator_id = ?3 AND " SESSION_LIVE "ORDER BY s.id DESC LIMIT 1",
    [STMT_SESSION_LAST_ANY] =
        SESSION_COLUMNS "AND ?3 = 0 AND " SESSION_LIVE "ORDER BY s.id DESC LIMIT 1",
    [STMT_SESSION_UPDATE] =
        "UPDATE help_session SET started_at = ?1, duration_min = ?2, place = ?3, site_id = ?4, "
        "operator_id = ?5, autonomy = ?6, age = ?7, status = ?8, gender = ?9, oriented = ?10, "
        "orientation = ?11, procedure_name = ?12, note = ?13, updated_at = ?14 WHERE id = ?15 "
        "AND id NOT IN (SELECT session_id FROM help_session_deleted)",
    [STMT_SESSION_THEMES_CLEAR] = "DELETE FROM help_session_theme WHERE session_id = ?1",
    [STMT_SESSION_DEMARCHES_CLEAR] = "DELETE FROM help_session_demarche WHERE session_id = ?1",
    [STMT_SESSION_MATERIALS_CLEAR] = "DELETE FROM help_session_material WHERE session_id = ?1",
    /* Deleting marks the session (migration 008): restoring it is then exact. */
    [STMT_SESSION_DELETE] =
        "INSERT INTO help_session_deleted (session_id, deleted_at, operator_id) "
        "SELECT id, ?2, ?3 FROM help_session s WHERE id = ?1 AND " SESSION_LIVE,
    /* the appointment a session is what became of, and its status (done: kept) */
    [STMT_SESSION_APPOINTMENT] = "SELECT id, status FROM appointment WHERE session_id = ?1",
    [STMT_SESSION_RESTORE] = "DELETE FROM help_session_deleted WHERE session_id = ?1",
    [STMT_SESSIONS_COUNT] =
        "SELECT count(*) FROM help_session s WHERE started_at >= ?1 AND started_at < ?2 "
        "AND (?3 = 0 OR operator_id = ?3) AND (?4 = 0 OR site_id = ?4) AND " SESSION_LIVE,
    /* Counted per day and exact duration in session_tally (migration 020): a few rows per day
     * instead of every session of 90 days. A duration whose sessions were all deleted keeps
     * its rows at 0. */
    [STMT_DURATION_MOST_USED] =
        "SELECT CAST(code AS INTEGER) AS minutes FROM session_tally WHERE dim = 'minutes' "
        "AND day >= ?1 AND (?2 = 0 OR site_id = ?2) GROUP BY code HAVING sum(sessions) > 0 "
        "ORDER BY sum(sessions) DESC, minutes LIMIT 1",
    /* The commune of residence and "already helped" (migration 012), kept apart from the
     * statements above: ?1 the session, ?2-?4 postal code, name and INSEE code, ?5 0/1/NULL. */
    [STMT_SESSION_RESIDENCE_SET] = "UPDATE help_session SET postal_code = ?2, commune = ?3, "
                                   "insee = ?4, already_helped = ?5 WHERE id = ?1",
    /* The site's from the end of help_session_with_insee (migration 020); anywhere (no site
     * yet) from the newest session back. */
    [STMT_RECENT_RESIDENCES] =
        "SELECT postal_code, commune, insee FROM (SELECT id, postal_code, commune, insee "
        "FROM help_session WHERE site_id = ?1 AND insee IS NOT NULL "
        "ORDER BY id DESC LIMIT 500) AS recent GROUP BY insee, coalesce(postal_code, '') "
        "ORDER BY max(id) DESC LIMIT ?2",
    [STMT_RECENT_RESIDENCES_ANY] =
        "SELECT postal_code, commune, insee FROM (SELECT id, postal_code, commune, insee "
        "FROM help_session WHERE ?1 = 0 AND insee IS NOT NULL "
        "ORDER BY id DESC LIMIT 500) AS recent GROUP BY insee, coalesce(postal_code, '') "
        "ORDER BY max(id) DESC LIMIT ?2",
    [STMT_SESSION_THEME_ADD_MANY] =
        "INSERT INTO help_session_theme (session_id, theme) VALUES " SET_ROWS_VALUES,
    [STMT_SESSION_DEMARCHE_ADD_MANY] =
        "INSERT INTO help_session_demarche (session_id, demarche) VALUES " SET_ROWS_VALUES,
    [STMT_SESSION_MATERIAL_ADD_MANY] =
        "INSERT INTO help_session_material (session_id, material) VALUES " SET_ROWS_VALUES,
    /* What the triggers of migrations 004 and 008 do row by row, for the sessions ?1 to ?2 of a
     * batch written with the triggers off: the same view, grouped, so one definition stays. */
    [STMT_TALLY_DAY_ADD] =
        "INSERT INTO session_tally (dim, day, site_id, operator_id, code, sessions, minutes) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (dim, day, site_id, operator_id, code) DO UPDATE SET "
        "sessions = session_tally.sessions + excluded.sessions, "
        "minutes = session_tally.minutes + excluded.minutes",
    [STMT_TALLY_MONTH_ADD] =
        "INSERT INTO session_tally_month (dim, month, site_id, operator_id, code, sessions, minutes) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (dim, month, site_id, operator_id, code) DO UPDATE SET "
        "sessions = session_tally_month.sessions + excluded.sessions, "
        "minutes = session_tally_month.minutes + excluded.minutes",
    /* The same, on a server, grouped there: the sessions ?1 to ?2's facts (session_facts) added
     * to their days' and months' counts in one statement each. */
    [STMT_TALLY_DAY_ADD_RANGE] =
        "INSERT INTO session_tally (dim, day, site_id, operator_id, code, sessions, minutes) "
        "SELECT dim, day, site_id, operator_id, code, count(*), sum(minutes) FROM session_facts "
        "WHERE id BETWEEN ?1 AND ?2 GROUP BY dim, day, site_id, operator_id, code "
        "ON CONFLICT (dim, day, site_id, operator_id, code) DO UPDATE SET "
        "sessions = session_tally.sessions + excluded.sessions, "
        "minutes = session_tally.minutes + excluded.minutes",
    [STMT_TALLY_MONTH_ADD_RANGE] =
        "INSERT INTO session_tally_month (dim, month, site_id, operator_id, code, sessions, "
        "minutes) SELECT dim, substr(day, 1, 7), site_id, operator_id, code, count(*), "
        "sum(minutes) FROM session_facts WHERE id BETWEEN ?1 AND ?2 "
        "GROUP BY dim, substr(day, 1, 7), site_id, operator_id, code "
        "ON CONFLICT (dim, month, site_id, operator_id, code) DO UPDATE SET "
        "sessions = session_tally_month.sessions + excluded.sessions, "
        "minutes = session_tally_month.minutes + excluded.minutes",
    [STMT_SESSION_NUMBER_RAISE] =
        "UPDATE session_number SET last = ?1 WHERE id = 1 AND last < ?1",
    /* What migration 022's triggers do row by row, for the sessions ?1 to ?2 of a batch written
     * with the triggers off; a session without any typed text costs nothing. */
    [STMT_SEARCH_INDEX_ADD] =
        "INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code, joined) "
        "SELECT id, procedure_name, note, commune, postal_code, joined FROM session_search_content "
        "WHERE id BETWEEN ?1 AND ?2 AND coalesce(procedure_name, note, commune, postal_code) "
        "IS NOT NULL",
    [STMT_SEARCH_ODD_ADD] =
        "INSERT INTO session_search_odd (session_id) SELECT id FROM session_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND all_text GLOB (SELECT odd FROM session_search_plain)",
    /* How many live sessions (dim ?5 'total', code '') or sessions of theme ?6 (dim 'theme')
     * started from day ?1 to day ?2, from the per-day and per-month counts (migrations 004 and
     * 015) that the store keeps exact: the months strictly between ?1's month (?3) and ?2's
     * (?4), and the days of those two months. Counting the rows read a million of them. */
    [STMT_SESSIONS_TALLIED] =
        "SELECT (SELECT coalesce(sum(sessions), 0) FROM session_tally_month WHERE dim = ?5 "
        "AND month > ?3 AND month < ?4 AND code = ?6) + (SELECT coalesce(sum(sessions), 0) "
        "FROM session_tally WHERE dim = ?5 AND day BETWEEN ?1 AND min(?2, ?3 || '-99') "
        "AND code = ?6) + (SELECT coalesce(sum(sessions), 0) FROM session_tally WHERE dim = ?5 "
        "AND ?3 < ?4 AND day BETWEEN max(?1, ?4 || '-00') AND ?2 AND code = ?6)",
    /* How many deleted sessions a listing has (bind_session_filter), from the few marked. */
    [STMT_SESSIONS_DELETED_LISTED] =
        "SELECT count(*) FROM help_session_deleted d JOIN help_session s ON s.id = d.session_id "
        "WHERE s.started_at >= ?1 AND s.started_at < ?2 " THEME_IS,
};

#define RECENT_RESIDENCES_PG(where)                                                            \
    "SELECT postal_code, commune, insee FROM (SELECT DISTINCT ON (insee, "                      \
    "coalesce(postal_code, '')) id, postal_code, commune, insee FROM (SELECT id, postal_code, "  \
    "commune, insee FROM help_session WHERE " where " AND insee IS NOT NULL "                   \
    "ORDER BY id DESC LIMIT 500) AS recent ORDER BY insee, coalesce(postal_code, ''), id DESC) " \
    "AS latest ORDER BY id DESC LIMIT ?2"

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    /* SQLite takes each group's other columns from its max(id) row; PostgreSQL says so with
     * DISTINCT ON. */
    [STMT_RECENT_RESIDENCES] = RECENT_RESIDENCES_PG("site_id = ?1"),
    [STMT_RECENT_RESIDENCES_ANY] = RECENT_RESIDENCES_PG("?1 = 0"),
    /* No unary + there: PostgreSQL chooses its index by its own costs. */
    [STMT_SESSION_LAST] =
        SESSION_FIELDS "FROM help_session s LEFT JOIN operator o ON o.id = s.operator_id "
        "LEFT JOIN site si ON si.id = s.site_id WHERE s.started_at >= ?1 AND s.started_at < ?2 "
        "AND s.operator_id = ?3 AND " SESSION_LIVE "ORDER BY s.id DESC LIMIT 1",
    /* data/pg/schema.sql: session_search_plain's pattern is a regular expression there. */
    [STMT_SEARCH_ODD_ADD] =
        "INSERT INTO session_search_odd (session_id) SELECT id FROM session_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND all_text ~ (SELECT odd FROM session_search_plain)",
};

STORE_STATEMENTS(STORE_SESSIONS, sessions)

/* Inserts one row per member of set into a (session_id, code) table. */
int store_add_set(struct store *st, struct db_stmt *stmt, enum vocab_kind kind, int64_t session_id,
                  vocab_set set, struct gu_error *err)
{
    if (!stmt)
        return GU_FAILURE;
    for (int i = 0; set; i++, set >>= 1) {
        if (!(set & 1))
            continue;
        db_bind_int64(stmt, 1, session_id);
        db_bind_text(stmt, 2, vocab_code(kind, i), -1);
        int status = store_stmt_run(st, stmt, err);
        if (status)
            return status;
    }
    return GU_OK;
}

/* "already helped" as stored: NULL not given, 0 no, 1 yes. */
enum already_helped store_column_helped(struct db_stmt *stmt, int col)
{
    if (db_column_type(stmt, col) == DB_NULL)
        return HELPED_NOT_GIVEN;
    return db_column_int(stmt, col) ? HELPED_YES : HELPED_NO;
}

void store_bind_helped(struct db_stmt *stmt, int index, enum already_helped h)
{
    if (h == HELPED_NOT_GIVEN)
        db_bind_null(stmt, index);
    else
        db_bind_int(stmt, index, h == HELPED_YES);
}

/* Writes the commune of residence and "already helped" of session id. */
static int set_session_residence(struct store *st, int64_t id, const struct help_session *s,
                                 struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_SESSION_RESIDENCE_SET, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id);
    store_bind_text_or_null(stmt, 2, s->residence.postal_code);
    store_bind_text_or_null(stmt, 3, s->residence.name);
    store_bind_text_or_null(stmt, 4, s->residence.insee);
    store_bind_helped(stmt, 5, s->already_helped);
    return store_stmt_run(st, stmt, err);
}

/* Binds ?1-?14 of STMT_SESSION_ADD and STMT_SESSION_UPDATE, which share their numbering. at
 * must outlive the statement's next step. */
static void bind_session(struct db_stmt *stmt, const struct help_session *s, const char *at,
                         int64_t site_id, int64_t operator_id, const char *now)
{
    db_bind_text(stmt, 1, at, -1);
    db_bind_int(stmt, 2, s->duration_min);
    store_bind_code(stmt, 3, VOCAB_PLACE, s->place);
    if (site_id)
        db_bind_int64(stmt, 4, site_id);
    if (operator_id)
        db_bind_int64(stmt, 5, operator_id);
    store_bind_code(stmt, 6, VOCAB_AUTONOMY, s->autonomy);
    store_bind_code(stmt, 7, VOCAB_AGE, s->age);
    store_bind_code(stmt, 8, VOCAB_STATUS, s->status);
    store_bind_code(stmt, 9, VOCAB_GENDER, s->gender);
    db_bind_int(stmt, 10, s->oriented);
    store_bind_code(stmt, 11, VOCAB_ORIENTATION, s->orientation);
    store_bind_text_or_null(stmt, 12, s->procedure);
    store_bind_text_or_null(stmt, 13, s->note);
    db_bind_text(stmt, 14, now, -1);
}

/* Writes the themes, démarches and devices of session id (after any old ones were removed). */
static int add_session_sets(struct store *st, int64_t id, const struct help_session *s,
                            struct gu_error *err)
{
    int status = store_add_set(st, stmt_get(st, STMT_SESSION_THEME_ADD, err), VOCAB_THEME, id, s->themes, err);
    if (!status)
        status = store_add_set(st, stmt_get(st, STMT_SESSION_DEMARCHE_ADD, err), VOCAB_DEMARCHE, id, s->demarches, err);
    if (!status)
        status = store_add_set(st, stmt_get(st, STMT_SESSION_MATERIAL_ADD, err), VOCAB_MATERIAL, id, s->materials, err);
    return status;
}

/* The theme, démarche or device rows of sessions written in bulk, waiting to be inserted
 * SET_ROWS at a time. */
struct set_rows {
    enum stmt_id one, many; /* the statements adding one row and SET_ROWS rows */
    enum vocab_kind kind;
    int64_t session[SET_ROWS];
    const char *code[SET_ROWS]; /* static: vocab_code's */
    size_t n;
};

/* Inserts the rows waiting in r: SET_ROWS by one statement, fewer one by one. */
static int set_rows_flush(struct store *st, struct set_rows *r, struct gu_error *err)
{
    int status = GU_OK;
    if (r->n == SET_ROWS) {
        struct db_stmt *stmt = stmt_get(st, r->many, err);
        if (!stmt)
            return GU_FAILURE;
        for (size_t i = 0; i < r->n; i++) {
            db_bind_int64(stmt, (int)(2 * i + 1), r->session[i]);
            db_bind_text(stmt, (int)(2 * i + 2), r->code[i], -1);
        }
        status = store_stmt_run(st, stmt, err);
    } else
        for (size_t i = 0; !status && i < r->n; i++) {
            struct db_stmt *stmt = stmt_get(st, r->one, err);
            if (!stmt)
                return GU_FAILURE;
            db_bind_int64(stmt, 1, r->session[i]);
            db_bind_text(stmt, 2, r->code[i], -1);
            status = store_stmt_run(st, stmt, err);
        }
    r->n = 0;
    return status;
}

/* Queues the members of set, of session id, flushing whenever SET_ROWS wait. */
static int set_rows_add(struct store *st, struct set_rows *r, int64_t id, vocab_set set,
                        struct gu_error *err)
{
    int status = GU_OK;
    for (int i = 0; set && !status; i++, set >>= 1) {
        if (!(set & 1))
            continue;
        r->session[r->n] = id;
        r->code[r->n++] = vocab_code(r->kind, i);
        if (r->n == SET_ROWS)
            status = set_rows_flush(st, r, err);
    }
    return status;
}

/* *id: the number to give, or 0 for the next free one (found so: a batch's first). */
static int insert_session(struct store *st, const struct help_session *s, int64_t site_id,
                          int64_t operator_id, const char *now, int64_t *id,
                          struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_SESSION_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    char at[DATETIME_TEXT_SIZE];
    datetime_format(&s->at, at);
    bind_session(stmt, s, at, site_id, operator_id, now);
    store_bind_text_or_null(stmt, 15, s->residence.postal_code);
    store_bind_text_or_null(stmt, 16, s->residence.name);
    store_bind_text_or_null(stmt, 17, s->residence.insee);
    store_bind_helped(stmt, 18, s->already_helped);
    if (*id)
        db_bind_int64(stmt, 19, *id);
    int status = store_stmt_run(st, stmt, err);
    if (status)
        return status;
    *id = db_last_insert_id(st->db);
    return GU_OK;
}

/* Adds the sums of t (per day, or per month when month) to session_tally or
 * session_tally_month, one upsert per key, with the triggers off. */
static int write_tally(struct store *st, const struct tally *t, bool month,
                       struct gu_error *err)
{
    int status = GU_OK;
    for (size_t i = 0; !status && i < t->n; i++) {
        const struct tally_entry *e = &t->entries[i];
        struct db_stmt *stmt = stmt_get(st, month ? STMT_TALLY_MONTH_ADD : STMT_TALLY_DAY_ADD, err);
        if (!stmt)
            return GU_FAILURE;
        db_bind_text(stmt, 1, e->dim, -1);
        db_bind_text(stmt, 2, e->period, -1);
        db_bind_int64(stmt, 3, e->site_id);
        db_bind_int64(stmt, 4, e->operator_id);
        db_bind_text(stmt, 5, e->code, -1);
        db_bind_int64(stmt, 6, e->sessions);
        db_bind_int64(stmt, 7, e->minutes);
        status = store_stmt_run(st, stmt, err);
    }
    return status;
}

/* Adds the sessions first_id to last_id just inserted, summed in *days (sorted here; on a
 * server, summed there from session_facts), to the per-day and per-month tallies, raises the highest number given to last_id and indexes their
 * texts, as the triggers of migrations 004, 008, 015 and 016 would have: one row per key
 * instead of a dozen writes per session. */
static int tally_added_sessions(struct store *st, struct tally *days, int64_t first_id,
                                int64_t last_id,
                                struct gu_error *err)
{
    struct tally months;
    tally_init(&months, 7);
    int status = GU_OK;
    for (size_t i = 0; !status && i < days->n; i++)
        status = tally_add_entry(&months, &days->entries[i], err);
    tally_sort(days);
    tally_sort(&months);
    if (!status && !store_is_server(st))
        status = write_tally(st, days, false, err);
    if (!status && !store_is_server(st))
        status = write_tally(st, &months, true, err);
    tally_free(&months);
    static const enum stmt_id grouped[] = {STMT_TALLY_DAY_ADD_RANGE, STMT_TALLY_MONTH_ADD_RANGE};
    for (size_t i = 0; !status && store_is_server(st) && i < ARRAY_LEN(grouped); i++) {
        struct db_stmt *sum = stmt_get(st, grouped[i], err);
        if (!sum)
            return GU_FAILURE;
        db_bind_int64(sum, 1, first_id);
        db_bind_int64(sum, 2, last_id);
        status = store_stmt_run(st, sum, err);
    }
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_NUMBER_RAISE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, last_id);
        status = store_stmt_run(st, stmt, err);
    }
    /* And migration 016's search index, as its triggers would have. */
    static const enum stmt_id steps[] = {STMT_SEARCH_INDEX_ADD, STMT_SEARCH_ODD_ADD};
    for (size_t i = 0; !status && i < sizeof steps / sizeof *steps; i++) {
        if (!(stmt = stmt_get(st, steps[i], err)))
            return GU_FAILURE;
        db_bind_int64(stmt, 1, first_id);
        db_bind_int64(stmt, 2, last_id);
        status = store_stmt_run(st, stmt, err);
    }
    return status;
}

/* The sessions are written with this connection's triggers off, and their counts summed in
 * memory (src/tally.h) and added once per key at the end: the row-by-row triggers cost a dozen
 * tally writes per session, and a grouped statement over session_facts spent most of its time
 * sorting. Only this function's statements run while the triggers are off; they are back on
 * before it returns, whatever happened. Nobody else writes in between (one transaction), so the
 * batch's numbers are consecutive. */
int store_add_sessions(struct store *st, const struct help_session *sessions, size_t n,
                       int64_t *ids, struct gu_error *err)
{
    if (n == 0)
        return GU_OK;
    char now[21];
    clock_now_utc_text(now);
    struct name_cache sites = {0}, operators = {0};
    struct tally days;
    tally_init(&days, 10);
    struct set_rows sets[] = {
        {.one = STMT_SESSION_THEME_ADD, .many = STMT_SESSION_THEME_ADD_MANY, .kind = VOCAB_THEME},
        {.one = STMT_SESSION_DEMARCHE_ADD, .many = STMT_SESSION_DEMARCHE_ADD_MANY,
         .kind = VOCAB_DEMARCHE},
        {.one = STMT_SESSION_MATERIAL_ADD, .many = STMT_SESSION_MATERIAL_ADD_MANY,
         .kind = VOCAB_MATERIAL}};
    int64_t first_id = 0, last_id = 0, operator_id = 0;
    /* On a server the counts are summed there, by one grouped statement per table after the
     * rows (tally_added_sessions): summed here, they would cost one round trip per key. */
    bool summed = !store_is_server(st);
    int status = store_tx_begin(st, err);
    bool off = !status && !(status = store_set_triggers(st, false, err));
    for (size_t i = 0; !status && i < n; i++) {
        /* After the first, the next numbers: nobody else writes in the transaction, and the
         * first was above every number ever given. */
        int64_t site_id, id = i ? last_id + 1 : 0;
        status = store_resolve_site_and_operator(st, &sites, &operators, sessions[i].site_name,
                                           sessions[i].operator_name, now, &site_id,
                                           &operator_id, err);
        if (!status)
            status = insert_session(st, &sessions[i], site_id, operator_id, now, &id, err);
        if (!status)
            status = set_rows_add(st, &sets[0], id, sessions[i].themes, err);
        if (!status)
            status = set_rows_add(st, &sets[1], id, sessions[i].demarches, err);
        if (!status)
            status = set_rows_add(st, &sets[2], id, sessions[i].materials, err);
        if (!status && summed)
            status = tally_add_session(&days, &sessions[i], site_id, operator_id, err);
        if (!status && ids)
            ids[i] = id;
        if (!status && i == 0)
            first_id = id;
        if (!status)
            last_id = id;
    }
    for (size_t k = 0; !status && k < ARRAY_LEN(sets); k++)
        status = set_rows_flush(st, &sets[k], err);
    if (!status && last_id - first_id != (int64_t)n - 1)
        status = error_set(err, GU_FAILURE, _("database error on %s: %s"), st->path,
                           "session numbers not consecutive");
    if (!status)
        status = tally_added_sessions(st, &days, first_id, last_id, err);
    tally_free(&days);
    if (!status) {
        char detail[32];
        snprintf(detail, sizeof detail, "%zu", n);
        status = store_add_audit(st, now, n == 1 ? operator_id : 0, "create", "help_session", first_id,
                           n == 1 ? NULL : detail, err);
    }
    if (off) {
        struct gu_error ignored;
        int back = store_set_triggers(st, true, status ? &ignored : err);
        status = status ? status : back;
    }
    return store_tx_end(st, status, err);
}

/* Fills s from a row of SESSION_COLUMNS; its strings are borrowed from the statement. */
void store_read_session_row(struct db_stmt *stmt, struct help_session *s)
{
    /* Every field is read below: session_init's reading of the clock cost as much as the row
     * (searches read thousands). */
    *s = (struct help_session){0};
    s->id = db_column_int64(stmt, 0);
    datetime_parse((const char *)db_column_text(stmt, 1), &s->at);
    s->duration_min = db_column_int(stmt, 2);
    s->place = store_column_code(stmt, 3, VOCAB_PLACE);
    s->autonomy = store_column_code(stmt, 4, VOCAB_AUTONOMY);
    s->age = store_column_code(stmt, 5, VOCAB_AGE);
    s->status = store_column_code(stmt, 6, VOCAB_STATUS);
    s->gender = store_column_code(stmt, 7, VOCAB_GENDER);
    s->oriented = db_column_int(stmt, 8) != 0;
    s->orientation = store_column_code(stmt, 9, VOCAB_ORIENTATION);
    s->procedure = store_column_borrow(stmt, 10);
    s->note = store_column_borrow(stmt, 11);
    s->operator_name = store_column_borrow(stmt, 12);
    s->site_name = store_column_borrow(stmt, 13);
    s->themes = store_parse_codes(VOCAB_THEME, db_column_text(stmt, 14));
    s->demarches = store_parse_codes(VOCAB_DEMARCHE, db_column_text(stmt, 15));
    s->materials = store_parse_codes(VOCAB_MATERIAL, db_column_text(stmt, 16));
    s->deleted = db_column_int(stmt, 17) != 0;
    s->residence = (struct residence){store_column_borrow(stmt, 18), store_column_borrow(stmt, 19),
                                      store_column_borrow(stmt, 20)};
    s->already_helped = store_column_helped(stmt, 21);
}

int store_recent_residences(struct store *st, int64_t site_id, int max, store_residence_fn fn,
                            void *ctx, struct gu_error *err)
{
    struct db_stmt *stmt =
        stmt_get(st, site_id ? STMT_RECENT_RESIDENCES : STMT_RECENT_RESIDENCES_ANY, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, site_id);
    db_bind_int(stmt, 2, max);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct residence r = {store_column_borrow(stmt, 0), store_column_borrow(stmt, 1),
                              store_column_borrow(stmt, 2)};
        status = fn(&r, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* Runs a SESSION_COLUMNS statement whose ?3 is key and copies its first row into *out. */
static int fetch_one_session(struct store *st, enum stmt_id id, int64_t key,
                             struct help_session *out, bool *found, struct gu_error *err)
{
    session_init(out);
    *found = false;
    struct db_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text(stmt, 1, "0000", -1);
    db_bind_text(stmt, 2, "9999", -1);
    db_bind_int64(stmt, 3, key);
    int status = GU_OK, rc = db_step(stmt);
    if (rc == DB_ROW) {
        struct help_session borrowed;
        store_read_session_row(stmt, &borrowed);
        status = session_copy(out, &borrowed, err);
        *found = status == GU_OK;
    } else if (rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_reset(stmt);
    db_clear_bindings(stmt);
    return status;
}

int store_get_session(struct store *st, int64_t id, struct help_session *out, bool *found,
                      struct gu_error *err)
{
    return fetch_one_session(st, STMT_SESSION_GET, id, out, found, err);
}

int store_last_session(struct store *st, int64_t operator_id, struct help_session *out,
                       bool *found, struct gu_error *err)
{
    return fetch_one_session(st, operator_id ? STMT_SESSION_LAST : STMT_SESSION_LAST_ANY,
                             operator_id, out, found, err);
}

int store_run_with_id(struct store *st, struct db_stmt *stmt, int64_t value, struct gu_error *err)
{
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, value);
    return store_stmt_run(st, stmt, err);
}

int store_no_such_session(int64_t id, struct gu_error *err)
{
    return error_set(err, GU_INVALID, _("session %lld does not exist (deleted at another desk?)"),
                     (long long)id);
}

int store_update_session(struct store *st, const struct help_session *s, int64_t by_operator,
                         struct gu_error *err)
{
    char now[21], at[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    datetime_format(&s->at, at);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, operator_id = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_resolve_site_and_operator(st, &sites, &operators, s->site_name,
                                           s->operator_name, now, &site_id,
                                           &operator_id, err);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        bind_session(stmt, s, at, site_id, operator_id, now);
        db_bind_int64(stmt, 15, s->id);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) != 1)
        status = store_no_such_session(s->id, err);
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_SESSION_THEMES_CLEAR, err), s->id, err);
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_SESSION_DEMARCHES_CLEAR, err), s->id, err);
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_SESSION_MATERIALS_CLEAR, err), s->id, err);
    if (!status)
        status = add_session_sets(st, s->id, s, err);
    if (!status)
        status = set_session_residence(st, s->id, s, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "help_session", s->id, NULL, err);
    return store_tx_end(st, status, err);
}

/* The appointment session id is what became of (*appointment 0: none), and its status: kept
 * (done), or planned again since (and perhaps missed or cancelled then). */
static int session_appointment(struct store *st, int64_t id, int64_t *appointment,
                               enum appointment_status *now, struct gu_error *err)
{
    *appointment = 0;
    *now = APPOINTMENT_PLANNED;
    struct db_stmt *q = stmt_get(st, STMT_SESSION_APPOINTMENT, err);
    if (!q)
        return GU_FAILURE;
    db_bind_int64(q, 1, id);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *appointment = db_column_int64(q, 0);
        appointment_status_parse((const char *)db_column_text(q, 1), now);
    }
    return store_stmt_finish(st, q, GU_OK, rc, err);
}

int store_delete_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    /* a kept appointment's session goes with the appointment (reopening it deletes both): else
     * it would count kept with no session */
    int64_t kept_by = 0;
    enum appointment_status then;
    if (!status)
        status = session_appointment(st, id, &kept_by, &then, err);
    if (!status && kept_by && then == APPOINTMENT_DONE)
        status = error_set(err, GU_INVALID,
                           _("session %lld is what appointment %lld became: plan the appointment "
                             "again (u on the agenda, guichet appointment reopen %lld), which "
                             "deletes it"),
                           (long long)id, (long long)kept_by, (long long)kept_by);
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_DELETE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_int64(stmt, 1, id);
        db_bind_text(stmt, 2, now, -1);
        if (by_operator)
            db_bind_int64(stmt, 3, by_operator);
        status = store_stmt_run(st, stmt, err);
    }
    if (!status && db_changes(st->db) != 1)
        status = store_no_such_session(id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "delete", "help_session", id, NULL, err);
    return store_tx_end(st, status, err);
}

/* Brings deleted session id back; unless of_appointment (its appointment is being kept again),
 * refused for the session of an appointment planned again since. */
static int restore_session(struct store *st, int64_t id, int64_t by_operator, bool of_appointment,
                           struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    /* the session of an appointment planned again since: kept again, the appointment brings it
     * back; restored alone it would count beside the appointment's next session */
    int64_t appointment = 0;
    enum appointment_status then = APPOINTMENT_PLANNED;
    if (!status && !of_appointment)
        status = session_appointment(st, id, &appointment, &then, err);
    if (!status && appointment && then == APPOINTMENT_PLANNED)
        status = error_set(err, GU_INVALID,
                           _("session %lld is what appointment %lld became, planned again since: "
                             "mark the appointment kept (Enter on the agenda, guichet appointment "
                             "done %lld), which brings this session back"),
                           (long long)id, (long long)appointment, (long long)appointment);
    else if (!status && appointment && then != APPOINTMENT_DONE)
        status = error_set(err, GU_INVALID,
                           _("session %lld is what appointment %lld became, marked %s since: plan "
                             "it again (guichet appointment reopen %lld), then mark it kept, which "
                             "brings this session back"),
                           (long long)id, (long long)appointment, appointment_status_label(then),
                           (long long)appointment);
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_SESSION_RESTORE, err), id, err);
    if (!status && db_changes(st->db) != 1)
        status = error_set(err, GU_INVALID,
                           _("session %lld is not among the deleted sessions (restored at "
                             "another desk?)"),
                           (long long)id);
    if (!status)
        status = store_add_audit(st, now, by_operator, "restore", "help_session", id, NULL, err);
    return store_tx_end(st, status, err);
}

int store_restore_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err)
{
    return restore_session(st, id, by_operator, false, err);
}

int store_restore_appointment_session(struct store *st, int64_t id, int64_t by_operator,
                                      struct gu_error *err)
{
    return restore_session(st, id, by_operator, true, err);
}

int store_count_listed_sessions(struct store *st, const struct session_filter *filter,
                                long long *count, struct gu_error *err)
{
    if (!filter->deleted) { /* the per-day and per-month counts */
        struct db_stmt *stmt = stmt_get(st, STMT_SESSIONS_TALLIED, err);
        if (!stmt)
            return GU_FAILURE;
        const char *from = filter->from ? filter->from : "0000-00-00";
        const char *to = filter->to ? filter->to : "9999-99-99";
        db_bind_text_copy(stmt, 1, from, -1);
        db_bind_text_copy(stmt, 2, to, -1);
        db_bind_text_copy(stmt, 3, from, 7);
        db_bind_text_copy(stmt, 4, to, 7);
        db_bind_text(stmt, 5, filter->theme ? "theme" : "total", -1);
        db_bind_text_copy(stmt, 6, filter->theme ? filter->theme : "", -1);
        return store_stmt_int(st, stmt, count, err);
    }
    struct db_stmt *stmt = stmt_get(st, STMT_SESSIONS_DELETED_LISTED, err);
    if (!stmt)
        return GU_FAILURE;
    struct session_filter whole = *filter;
    whole.after_at = NULL;
    store_bind_session_filter(stmt, &whole);
    return store_stmt_int(st, stmt, count, err);
}

int store_count_sessions(struct store *st, const char *day, int64_t operator_id, int64_t site_id,
                         long *count, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_SESSIONS_COUNT, err);
    if (!stmt)
        return GU_FAILURE;
    char until[DATE_TEXT_SIZE];
    store_next_day(day, until);
    db_bind_text_copy(stmt, 1, day, -1);
    db_bind_text_copy(stmt, 2, until, -1);
    db_bind_int64(stmt, 3, operator_id);
    db_bind_int64(stmt, 4, site_id);
    long long v;
    int status = store_stmt_int(st, stmt, &v, err);
    *count = (long)v;
    return status;
}

int store_most_used_duration(struct store *st, int64_t site_id, const char *since, int *minutes,
                             struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_DURATION_MOST_USED, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text_copy(stmt, 1, since, -1);
    db_bind_int64(stmt, 2, site_id);
    long long v;
    int status = store_stmt_int(st, stmt, &v, err);
    *minutes = (int)v;
    return status;
}
