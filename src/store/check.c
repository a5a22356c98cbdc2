/* check: the database's integrity, its codes and references, and every count and index kept
 * beside the data (tallies, search indexes) recounted from the rows. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "strbuf.h"

/* Vocabulary codes stored in columns, checked against the vocab table. */
static const char check_codes_sql[] =
    "SELECT 'help_session', id, 'place', place FROM help_session "
    "  WHERE place NOT IN (SELECT code FROM vocab WHERE kind = 'place') "
    "UNION ALL SELECT 'help_session', id, 'autonomy', autonomy FROM help_session "
    "  WHERE autonomy NOT IN (SELECT code FROM vocab WHERE kind = 'autonomy') "
    "UNION ALL SELECT 'help_session', id, 'age', age FROM help_session "
    "  WHERE age NOT IN (SELECT code FROM vocab WHERE kind = 'age') "
    "UNION ALL SELECT 'help_session', id, 'status', status FROM help_session "
    "  WHERE status NOT IN (SELECT code FROM vocab WHERE kind = 'status') "
    "UNION ALL SELECT 'help_session', id, 'gender', gender FROM help_session "
    "  WHERE gender NOT IN (SELECT code FROM vocab WHERE kind = 'gender') "
    "UNION ALL SELECT 'help_session', id, 'orientation', orientation FROM help_session "
    "  WHERE orientation NOT IN (SELECT code FROM vocab WHERE kind = 'orientation') "
    "UNION ALL SELECT 'help_session_theme', session_id, 'theme', theme FROM help_session_theme "
    "  WHERE theme NOT IN (SELECT code FROM vocab WHERE kind = 'theme') "
    "UNION ALL SELECT 'help_session_demarche', session_id, 'demarche', demarche "
    "  FROM help_session_demarche "
    "  WHERE demarche NOT IN (SELECT code FROM vocab WHERE kind = 'demarche') "
    "UNION ALL SELECT 'help_session_material', session_id, 'material', material "
    "  FROM help_session_material "
    "  WHERE material NOT IN (SELECT code FROM vocab WHERE kind = 'material') "
    "UNION ALL SELECT 'help_session', id, 'theme', '' FROM help_session s "
    "  WHERE NOT EXISTS (SELECT 1 FROM help_session_theme t WHERE t.session_id = s.id) "
    "LIMIT 100";

/* The report's per-month counts (migration 015) against the per-day counts they sum, which the
 * check above holds to the sessions: differences either way, at most 100. */
static const char check_tally_month_sql[] =
    "WITH days AS (SELECT dim, substr(day, 1, 7) AS month, site_id, operator_id, code, "
    "  sum(sessions) AS sessions, sum(minutes) AS minutes FROM session_tally GROUP BY 1, 2, 3, 4, 5 "
    "  HAVING sum(sessions) <> 0 OR sum(minutes) <> 0), "
    "months AS (SELECT dim, month, site_id, operator_id, code, sessions, minutes "
    "  FROM session_tally_month WHERE sessions <> 0 OR minutes <> 0) "
    "SELECT dim, month, code FROM (SELECT * FROM days EXCEPT SELECT * FROM months) AS d "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM days) AS d "
    "LIMIT 100";

/* Each workshop's seats, attended and absent (migration 015) against its registrations:
 * differences either way, at most 100. */
static const char check_attendance_sql[] =
    "WITH regs AS (SELECT workshop_id, "
    "  count(*) FILTER (WHERE state IN ('booked', 'attended', 'absent', 'excused')) AS seats, "
    "  count(*) FILTER (WHERE state = 'attended') AS attended, "
    "  count(*) FILTER (WHERE state = 'absent') AS absent "
    "  FROM registration GROUP BY 1), "
    "kept AS (SELECT workshop_id, seats, attended, absent FROM workshop_attendance), "
    "r AS (SELECT * FROM regs WHERE seats <> 0 OR attended <> 0 OR absent <> 0), "
    "k AS (SELECT * FROM kept WHERE seats <> 0 OR attended <> 0 OR absent <> 0) "
    "SELECT workshop_id FROM (SELECT * FROM r EXCEPT SELECT * FROM k) AS d "
    "UNION SELECT workshop_id FROM (SELECT * FROM k EXCEPT SELECT * FROM r) AS d LIMIT 100";

/* The counts of migration 017 against what they count, each month's against its days: the
 * people who attended held workshops, the held workshops, the referrals. Rows (what, day or
 * month, code), at most 100 each. */
static const char check_attendance_tally_sql[] =
    "WITH facts AS (SELECT dim, day, site_id, facilitator_id, code, count(*) AS people "
    "  FROM attendance_facts GROUP BY 1, 2, 3, 4, 5), "
    "tally AS (SELECT dim, day, site_id, facilitator_id, code, people FROM attendance_tally "
    "  WHERE people <> 0), "
    "summed AS (SELECT dim, substr(day, 1, 7) AS month, site_id, facilitator_id, code, sum(people) "
    "  FROM attendance_tally GROUP BY 1, 2, 3, 4, 5 HAVING sum(people) <> 0), "
    "months AS (SELECT dim, month, site_id, facilitator_id, code, people "
    "  FROM attendance_tally_month WHERE people <> 0) "
    "SELECT dim, day, code FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) AS d "
    "UNION SELECT dim, day, code FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) AS d "
    "UNION SELECT dim, month, code FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) AS d "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) AS d "
    "LIMIT 100";
#define WORKSHOP_SUMS "sum(minutes), sum(walk_ins), sum(capacity), sum(seats), sum(attended), sum(absent)"
#define WORKSHOP_COUNTS "minutes, walk_ins, capacity, seats, attended, absent"
static const char check_workshop_tally_sql[] =
    "WITH facts AS (SELECT dim, day, site_id, facilitator_id, code, count(*), " WORKSHOP_SUMS
    "  FROM workshop_facts GROUP BY 1, 2, 3, 4, 5), "
    "tally AS (SELECT dim, day, site_id, facilitator_id, code, workshops, " WORKSHOP_COUNTS
    "  FROM workshop_tally WHERE workshops <> 0 OR minutes <> 0 OR walk_ins <> 0 "
    "  OR capacity <> 0 OR seats <> 0 OR attended <> 0 OR absent <> 0), "
    "summed AS (SELECT dim, substr(day, 1, 7) AS month, site_id, facilitator_id, code, sum(workshops), "
    "  " WORKSHOP_SUMS " FROM tally GROUP BY 1, 2, 3, 4, 5), "
    "months AS (SELECT dim, month, site_id, facilitator_id, code, workshops, " WORKSHOP_COUNTS
    "  FROM workshop_tally_month WHERE workshops <> 0 OR minutes <> 0 OR walk_ins <> 0 "
    "  OR capacity <> 0 OR seats <> 0 OR attended <> 0 OR absent <> 0) "
    "SELECT dim, day, code FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) AS d "
    "UNION SELECT dim, day, code FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) AS d "
    "UNION SELECT dim, month, code FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) AS d "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) AS d "
    "LIMIT 100";
/* The referrals by site (migration 023), or on a file of schema 017 to 022 (check only reads:
 * it is not migrated) without: KEY the key's columns after the day or month. */
#define CHECK_REFERRAL_TALLY(KEY, KEY_OF, GROUP) \
    "WITH facts AS (SELECT substr(referred_at, 1, 10) AS day, " KEY_OF ", count(*) " \
    "  FROM referral GROUP BY " GROUP "), " \
    "tally AS (SELECT day, " KEY ", referrals FROM referral_tally WHERE referrals <> 0), " \
    "summed AS (SELECT substr(day, 1, 7) AS month, " KEY ", sum(referrals) FROM referral_tally " \
    "  GROUP BY " GROUP " HAVING sum(referrals) <> 0), " \
    "months AS (SELECT month, " KEY ", referrals FROM referral_tally_month WHERE referrals <> 0) " \
    "SELECT 'referral', day, status FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) AS d " \
    "UNION SELECT 'referral', day, status FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) AS d " \
    "UNION SELECT 'referral', month, status " \
    "  FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) AS d " \
    "UNION SELECT 'referral', month, status " \
    "  FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) AS d " \
    "LIMIT 100"
static const char check_referral_tally_sql[] = CHECK_REFERRAL_TALLY(
    "site_id, operator_id, status, partner_id",
    "coalesce(site_id, 0), coalesce(operator_id, 0), status, coalesce(partner_id, 0)",
    "1, 2, 3, 4, 5");
static const char check_referral_tally_017_sql[] = CHECK_REFERRAL_TALLY(
    "operator_id, status, partner_id",
    "coalesce(operator_id, 0), status, coalesce(partner_id, 0)", "1, 2, 3, 4");

/* The highest session number ever given (migration 008) below a session's: a later session
 * would take a number already used. */
static const char check_numbers_sql[] =
    "SELECT (SELECT coalesce(max(last), 0) FROM session_number), max(id) FROM help_session "
    "HAVING max(id) > (SELECT coalesce(max(last), 0) FROM session_number)";

/* The history's search index (migration 016): every session with a typed text indexed, no
 * entry for a session that is not there (a 'rebuild' indexes those without text too, which is
 * harmless), and the sessions it cannot vouch for listed (its words: check_search_index). */
static const char check_search_odd_sql[] =
    "SELECT id FROM session_search_text t WHERE (all_text GLOB (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM session_search_odd o WHERE o.session_id = t.id) "
    "UNION SELECT session_id FROM session_search_odd "
    "WHERE session_id NOT IN (SELECT id FROM help_session) "
    "UNION SELECT id FROM (SELECT id FROM session_search_docsize EXCEPT SELECT id FROM help_session) AS d "
    "UNION SELECT id FROM (SELECT id FROM help_session WHERE coalesce(procedure_name, note, "
    "commune, postal_code) IS NOT NULL EXCEPT SELECT id FROM session_search_docsize) AS d LIMIT 100";

/* The same of the partner directory's index (migration 019): every partner indexed, nothing
 * else, and the partners it cannot vouch for listed. */
static const char check_partner_odd_sql[] =
    "SELECT id FROM partner_search_text t WHERE (all_text GLOB (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM partner_search_odd o WHERE o.partner_id = t.id) "
    "UNION SELECT partner_id FROM partner_search_odd WHERE partner_id NOT IN (SELECT id FROM partner) "
    "UNION SELECT id FROM (SELECT id FROM partner_search_docsize EXCEPT SELECT id FROM partner) AS d "
    "UNION SELECT id FROM (SELECT id FROM partner EXCEPT SELECT id FROM partner_search_docsize) AS d "
    "LIMIT 100";

/* The same on PostgreSQL (data/pg/schema.sql): the pattern is a regular expression, and the
 * index's rows are session_search's and partner_search's own. */
static const char check_search_odd_pg_sql[] =
    "SELECT id FROM session_search_text t WHERE (all_text ~ (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM session_search_odd o WHERE o.session_id = t.id) "
    "UNION SELECT session_id FROM session_search_odd "
    "WHERE session_id NOT IN (SELECT id FROM help_session) "
    "UNION SELECT id FROM (SELECT rowid AS id FROM session_search EXCEPT SELECT id FROM help_session) AS d "
    "UNION SELECT id FROM (SELECT id FROM help_session WHERE coalesce(procedure_name, note, "
    "commune, postal_code) IS NOT NULL EXCEPT SELECT rowid FROM session_search) AS d LIMIT 100";
static const char check_partner_odd_pg_sql[] =
    "SELECT id FROM partner_search_text t WHERE (all_text ~ (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM partner_search_odd o WHERE o.partner_id = t.id) "
    "UNION SELECT partner_id FROM partner_search_odd WHERE partner_id NOT IN (SELECT id FROM partner) "
    "UNION SELECT id FROM (SELECT rowid AS id FROM partner_search EXCEPT SELECT id FROM partner) AS d "
    "UNION SELECT id FROM (SELECT id FROM partner EXCEPT SELECT rowid FROM partner_search) AS d "
    "LIMIT 100";

/* Erasures not finished: another desk's reading kept a copy in the files, or a kept copy could
 * not be cleaned (privacy.c finishes them). */
/* ?1: whether the database's write-ahead log is empty or absent, so that its files hold no
 * copy of anyone whatever files_at says (a checkpoint since the erasure copied it all in). */
static const char check_erasures_sql[] =
    "SELECT person_id, files_at IS NULL AND NOT ?1, copies_at IS NULL FROM erasure "
    "WHERE (files_at IS NULL AND NOT ?1) OR copies_at IS NULL ORDER BY id";

/* Each check is a query whose rows are problems; format writes one as a line, or returns false
 * for a row that is not one (integrity_check's "ok"). */
#define TEXT_AT(stmt, i) ((const char *)db_column_text(stmt, i))
typedef bool (*problem_format)(struct db_stmt *stmt, struct strbuf *line);

static bool format_integrity(struct db_stmt *stmt, struct strbuf *line)
{
    const char *msg = TEXT_AT(stmt, 0);
    if (!msg || !strcmp(msg, "ok"))
        return false;
    /* SQLite joins several findings with line breaks: one line, "; " between them. */
    struct strbuf joined = STRBUF_INIT;
    for (const char *p = msg; *p; p++)
        if (*p == '\n')
            strbuf_puts(&joined, "; ");
        else
            strbuf_putc(&joined, *p);
    strbuf_printf(line, _("integrity: %s"), strbuf_str(&joined));
    strbuf_release(&joined);
    return true;
}

static bool format_reference(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("%s row %lld refers to a missing %s row"), TEXT_AT(stmt, 0),
             (long long)db_column_int64(stmt, 1), TEXT_AT(stmt, 2));
    return true;
}

static bool format_code(struct db_stmt *stmt, struct strbuf *line)
{
    const char *code = TEXT_AT(stmt, 3);
    if (code && *code)
        strbuf_printf(line, _("%s row %lld: unknown %s code \"%s\""), TEXT_AT(stmt, 0),
                 (long long)db_column_int64(stmt, 1), TEXT_AT(stmt, 2), code);
    else
        strbuf_printf(line, _("%s row %lld has no theme"), TEXT_AT(stmt, 0),
                 (long long)db_column_int64(stmt, 1));
    return true;
}

static bool format_erasure(struct db_stmt *stmt, struct strbuf *line)
{
    long long person = db_column_int64(stmt, 0);
    if (db_column_int(stmt, 1))
        strbuf_printf(line, _("the erasure of person %lld is not finished: the database's files "
                              "still hold a copy (any command finishes it once no other desk "
                              "reads)"),
                      person);
    else
        strbuf_printf(line, _("the erasure of person %lld is not finished: a backup or a copy "
                              "kept by a restore still holds them (guichet purge or guichet "
                              "person erase %lld again finishes it)"),
                      person, person);
    return true;
}

static bool format_numbers(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the highest session number kept (%lld) is below session %lld"),
                  (long long)db_column_int64(stmt, 0), (long long)db_column_int64(stmt, 1));
    return true;
}

static bool format_attendance(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("report counts differ from the registrations of workshop %lld"),
                  (long long)db_column_int64(stmt, 0));
    return true;
}

/* (what, day or month, code) of a count of migration 017 that differs. */
static bool format_tally_017(struct db_stmt *stmt, struct strbuf *line)
{
    const char *what = TEXT_AT(stmt, 0);
    if (what && !strcmp(what, "referral"))
        strbuf_printf(line, _("report counts differ from the referrals: \"%s\" on %s"),
                      TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    else if (what && (!strcmp(what, "total") || !strcmp(what, "theme")))
        strbuf_printf(line, _("report counts differ from the held workshops: %s \"%s\" on %s"),
                      what, TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    else
        strbuf_printf(line,
                      _("report counts differ from the workshop attendance: %s \"%s\" on %s"),
                      what ? what : "", TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    return true;
}

static bool format_partner_search(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the partner directory's search index differs from partner %lld"),
                  (long long)db_column_int64(stmt, 0));
    return true;
}

static bool format_search(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the history's search index differs from session %lld"),
                  (long long)db_column_int64(stmt, 0));
    return true;
}

/* The index of the sessions' texts (migrations 016 and 022) against the texts: the check's
 * connection only reads, so the index is built again in a temporary table from the same
 * content and their words compared, each with how many sessions have it (a damaged index is a
 * problem reported, not a failure). A file not yet migrated to 022 is checked as 016 made it. */
#define SEARCH_COLUMNS "procedure_name, note, commune, postal_code"
#define PARTNER_SEARCH_COLUMNS "name, commune, handles, postal_code"
/* *present: whether the file's schema has an object named name followed by suffix. */
static int schema_has(struct store *st, const char *name, const char *suffix, long long *present,
                      struct gu_error *err)
{
    struct db_stmt *stmt;
    int rc = db_prepare(st->db, "SELECT count(*) FROM sqlite_schema WHERE name = ?1 || ?2", &stmt);
    if (rc == DB_OK) {
        db_bind_text(stmt, 1, name, -1);
        db_bind_text(stmt, 2, suffix, -1);
        rc = db_step(stmt);
        *present = rc == DB_ROW ? db_column_int64(stmt, 0) : 0;
        rc = rc == DB_ROW ? DB_OK : rc;
    }
    db_finalize(stmt);
    return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
}

/* The identifiers formatted below (index, columns, table, where) are constants of this file,
 * never text from a user or a file: SQL cannot bind them. */
static int check_fts_index(struct store *st, const char *index, const char *columns,
                           const char *table, const char *where, const char *problem,
                           store_problem_fn fn, void *ctx, bool *sound, struct gu_error *err)
{
    long long present = 0, joined = 0, differ = 0;
    int status = schema_has(st, index, "", &present, err);
    if (status || !present)
        return status;
    if ((status = schema_has(st, index, "_content", &joined, err)))
        return status;
    char *sql = sqlite3_mprintf(
        "CREATE VIRTUAL TABLE temp.index_check USING fts5(%s%s, detail = none, "
        "tokenize = 'unicode61 remove_diacritics 2');"
        "INSERT INTO temp.index_check (rowid, %s%s) SELECT id, %s%s FROM main.%s%s %s;"
        "CREATE VIRTUAL TABLE temp.index_check_terms USING fts5vocab(temp, index_check, row);"
        "CREATE VIRTUAL TABLE temp.index_terms USING fts5vocab(main, %s, row);",
        columns, joined ? ", joined" : "", columns, joined ? ", joined" : "", columns,
        joined ? ", joined" : "", joined ? index : table, joined ? "_content" : "", where, index);
    status = sql ? store_exec(st, sql, err) : error_nomem(err);
    sqlite3_free(sql);
    if (!status)
        status = store_query_int(st,
            "SELECT (SELECT count(*) FROM (SELECT term, doc FROM temp.index_check_terms EXCEPT "
            "SELECT term, doc FROM temp.index_terms) AS d) + (SELECT count(*) FROM (SELECT term, "
            "doc FROM temp.index_terms EXCEPT SELECT term, doc FROM temp.index_check_terms) AS d)",
            &differ, err);
    struct gu_error ignored;
    store_exec(st, "DROP TABLE IF EXISTS temp.index_terms; DROP TABLE IF EXISTS "
                   "temp.index_check_terms; DROP TABLE IF EXISTS temp.index_check", &ignored);
    if (!status && differ) {
        *sound = false;
        /* Not the words themselves: notes hold personal data. */
        fn(problem, ctx);
    }
    return status;
}

/* The same on PostgreSQL, where the words (tsv) are generated from the index row's own texts:
 * the rows and their texts against what the content view gives now, both ways. */
static int check_tsv_index(struct store *st, const char *index, const char *columns,
                           const char *where, const char *problem, store_problem_fn fn,
                           void *ctx, bool *sound, struct gu_error *err)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_printf(&sql,
                  "SELECT count(*) FROM ((SELECT rowid, %s, joined FROM %s EXCEPT "
                  "SELECT id, %s, joined FROM %s_content %s) UNION ALL "
                  "(SELECT id, %s, joined FROM %s_content %s EXCEPT "
                  "SELECT rowid, %s, joined FROM %s)) AS d",
                  columns, index, columns, index, where, columns, index, where, columns, index);
    long long differ = 0;
    int status = strbuf_failed(&sql) ? error_nomem(err)
                                     : store_query_int(st, strbuf_str(&sql), &differ, err);
    strbuf_release(&sql);
    if (!status && differ) {
        *sound = false;
        fn(problem, ctx); /* not the words themselves: notes hold personal data */
    }
    return status;
}

static int check_search_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                              struct gu_error *err)
{
    if (store_is_server(st))
        return check_tsv_index(st, "session_search", SEARCH_COLUMNS,
                               "WHERE coalesce(" SEARCH_COLUMNS ") IS NOT NULL",
                               _("the history's search index differs from the sessions' texts"),
                               fn, ctx, sound, err);
    return check_fts_index(st, "session_search", SEARCH_COLUMNS, "help_session",
                           "WHERE coalesce(" SEARCH_COLUMNS ") IS NOT NULL",
                           _("the history's search index differs from the sessions' texts"), fn,
                           ctx, sound, err);
}

/* The partner directory's index (migrations 019 and 022) against the partners' texts, the same
 * way. */
static int check_partner_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                               struct gu_error *err)
{
    if (store_is_server(st))
        return check_tsv_index(st, "partner_search", PARTNER_SEARCH_COLUMNS, "",
                               _("the partner directory's search index differs from the "
                                 "partners' texts"),
                               fn, ctx, sound, err);
    return check_fts_index(st, "partner_search", PARTNER_SEARCH_COLUMNS, "partner", "",
                           _("the partner directory's search index differs from the partners' "
                             "texts"),
                           fn, ctx, sound, err);
}

/* The people's index (kept by guichet, not by triggers) against their names: each person not
 * erased has one row, store_participant_index_text of their folded name, and nobody else has one.
 * `person find` reads only the index: a row lost or wrong hides or shows the wrong person. At
 * most PEOPLE_INDEX_SAID people are named; the rest counted. */
#define PEOPLE_INDEX_SAID 10
static int check_people_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                              struct gu_error *err)
{
    long long present = 1;
    int status = store_is_server(st)
                     ? GU_OK
                     : store_query_int(st, "SELECT count(*) FROM sqlite_schema "
                                           "WHERE name = 'participant_search'", &present, err);
    if (status || !present)
        return status;
    struct db_stmt *stmt;
    int rc = db_prepare(st->db,
                                "SELECT p.id, p.name_fold, s.name_folded FROM participant p "
                                "LEFT JOIN participant_search s ON s.rowid = p.id "
                                "WHERE p.erased_at IS NULL AND p.name_fold IS NOT NULL "
                                "UNION ALL SELECT s.rowid, NULL, s.name_folded "
                                "FROM participant_search s LEFT JOIN participant p ON p.id = s.rowid "
                                "AND p.erased_at IS NULL AND p.name_fold IS NOT NULL "
                                "WHERE p.id IS NULL", &stmt);
    long differ = 0;
    while (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        const char *fold = (const char *)db_column_text(stmt, 1);
        const char *indexed = (const char *)db_column_text(stmt, 2);
        char *expected = fold ? store_participant_index_text(fold) : NULL;
        if (fold && !expected) {
            rc = DB_NOMEM;
            break;
        }
        bool same = expected ? indexed && !strcmp(expected, indexed) : false;
        free(expected);
        if (!same && differ++ < PEOPLE_INDEX_SAID) {
            struct strbuf line = STRBUF_INIT;
            strbuf_printf(&line, _("the people's search index differs from person %lld"),
                          (long long)db_column_int64(stmt, 0));
            fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
            strbuf_release(&line);
        }
        rc = DB_OK;
    }
    db_finalize(stmt);
    if (rc != DB_DONE && rc != DB_OK)
        return store_db_error(st, rc, err);
    if (differ > PEOPLE_INDEX_SAID) {
        struct strbuf line = STRBUF_INIT;
        strbuf_printf(&line,
                      ngettext("the people's search index differs from %ld other person",
                               "the people's search index differs from %ld other people",
                               (unsigned long)(differ - PEOPLE_INDEX_SAID)),
                      differ - PEOPLE_INDEX_SAID);
        fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
        strbuf_release(&line);
    }
    if (differ)
        *sound = false;
    return GU_OK;
}

static bool format_tally(struct db_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("report counts differ from the sessions: %s \"%s\" on %s"),
             TEXT_AT(stmt, 0), TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    return true;
}

/* Whether the write-ahead log beside the database at path is empty or absent. */
static bool log_empty(const char *path)
{
    struct strbuf wal = STRBUF_INIT;
    strbuf_printf(&wal, "%s-wal", path);
    struct stat sb;
    bool empty = !strbuf_failed(&wal) && (stat(strbuf_str(&wal), &sb) != 0 || sb.st_size == 0);
    strbuf_release(&wal);
    return empty;
}

/* PostgreSQL's counterpart of SQLite's foreign_key_check: the server enforces every reference
 * as it writes, but its superuser can write past them (session_replication_role, a restore
 * without its constraints). Each single-column reference of the schema is looked up; the rows
 * named by their id (or, without one, by the referring value). Names come from the catalog,
 * quoted by the server. */
static int check_pg_references(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                               struct gu_error *err)
{
    struct db_stmt *refs = NULL;
    int rc = db_prepare(st->db,
        "SELECT quote_ident(cl.relname), quote_ident(a.attname), quote_ident(pl.relname), "
        "quote_ident(af.attname), EXISTS (SELECT 1 FROM pg_catalog.pg_attribute i "
        "WHERE i.attrelid = c.conrelid AND i.attname = 'id' AND NOT i.attisdropped), "
        "cl.relname, pl.relname "
        "FROM pg_catalog.pg_constraint c "
        "JOIN pg_catalog.pg_class cl ON cl.oid = c.conrelid "
        "JOIN pg_catalog.pg_class pl ON pl.oid = c.confrelid "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_catalog.pg_attribute af ON af.attrelid = c.confrelid "
        "AND af.attnum = c.confkey[1] "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace "
        "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND n.nspname = current_schema() "
        "ORDER BY cl.relname, a.attname", &refs);
    int status = GU_OK;
    while (!status && rc == DB_OK && (rc = db_step(refs)) == DB_ROW) {
        const char *table = TEXT_AT(refs, 0), *column = TEXT_AT(refs, 1);
        const char *parent = TEXT_AT(refs, 2), *key = TEXT_AT(refs, 3);
        /* The row named by its id, or without one by the value that refers. */
        bool has_id = db_column_int(refs, 4) != 0;
        struct strbuf sql = STRBUF_INIT;
        strbuf_printf(&sql, "SELECT x.%s FROM %s x WHERE x.%s IS NOT NULL AND NOT EXISTS "
                      "(SELECT 1 FROM %s y WHERE y.%s = x.%s) ORDER BY 1 LIMIT 100",
                      has_id ? "id" : column, table, column, parent, key, column);
        struct db_stmt *orphans = NULL;
        int orc = strbuf_failed(&sql) ? DB_NOMEM : db_prepare(st->db, strbuf_str(&sql), &orphans);
        while (orc == DB_OK && (orc = db_step(orphans)) == DB_ROW) {
            struct strbuf line = STRBUF_INIT;
            strbuf_printf(&line, _("%s row %lld refers to a missing %s row"), TEXT_AT(refs, 5),
                          (long long)db_column_int64(orphans, 0), TEXT_AT(refs, 6));
            *sound = false;
            fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
            strbuf_release(&line);
            orc = DB_OK;
        }
        db_finalize(orphans);
        strbuf_release(&sql);
        if (orc != DB_DONE && orc != DB_OK)
            status = store_db_error(st, orc, err);
        rc = DB_OK;
    }
    db_finalize(refs);
    if (!status && rc != DB_DONE && rc != DB_OK)
        status = store_db_error(st, rc, err);
    return status;
}

/* A table's identity sequence behind its highest number (set back by hand, or a restore of the
 * rows without it): the next row added would take a number given already, and be refused. */
struct sequence_check {
    store_problem_fn fn;
    void *ctx;
    bool *sound;
};

static int check_pg_sequence(struct store *st, const char *table, const char *column,
                             const char *sequence, const char *name, void *ctx,
                             struct gu_error *err)
{
    struct sequence_check *c = ctx;
    /* the sessions' numbers come from session_number, checked with the numbers */
    if (!strcmp(name, "help_session"))
        return GU_OK;
    struct strbuf sql = STRBUF_INIT;
    strbuf_printf(&sql, "SELECT (SELECT CASE WHEN is_called THEN last_value "
                  "ELSE last_value - 1 END FROM %s) < coalesce(max(%s), 0) FROM %s",
                  sequence, column, table);
    long long behind = 0;
    int status = strbuf_failed(&sql) ? error_nomem(err)
                                     : store_query_int(st, strbuf_str(&sql), &behind, err);
    strbuf_release(&sql);
    if (!status && behind) {
        struct strbuf line = STRBUF_INIT;
        strbuf_printf(&line, _("the numbers of the table %s are behind its rows: the next one "
                               "added would take a number given already"),
                      name);
        *c->sound = false;
        c->fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), c->ctx);
        strbuf_release(&line);
    }
    return status;
}

static int check_pg_sequences(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                              struct gu_error *err)
{
    struct sequence_check c = {fn, ctx, sound};
    return store_pg_each_identity(st, check_pg_sequence, &c, err);
}

/* store_check, or only what the store derives from the data (derived: store_check_derived). */
static int check(struct store *st, bool derived, store_problem_fn fn, void *ctx, bool *sound,
                 long *unfinished, struct gu_error *err)
{
    static const struct {
        const char *sql;
        problem_format format;
        const char *needs; /* a check of a later schema: skipped on an older, unmigrated file */
        bool data;         /* the data's own soundness, not what the store derives from it */
        bool task;         /* work left to do, not damage: counted in *unfinished */
        const char *sql_pg; /* PostgreSQL's text, when it differs; "" for none there */
    } checks[] = {
        /* The server checks its own pages and enforces every reference as it writes. */
        {"PRAGMA integrity_check(100)", format_integrity, NULL, true, false, ""},
        {"PRAGMA foreign_key_check", format_reference, NULL, true, false, ""},
        {check_codes_sql, format_code, NULL, true, false, NULL},
        {check_tally_month_sql, format_tally,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_tally_month'", false, false, NULL},
        {check_attendance_sql, format_attendance,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'workshop_attendance'", false, false, NULL},
        {check_attendance_tally_sql, format_tally_017,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'attendance_tally'", false, false, NULL},
        {check_workshop_tally_sql, format_tally_017,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'workshop_tally'", false, false, NULL},
        {check_referral_tally_sql, format_tally_017,
         "SELECT count(*) FROM pragma_table_info('referral_tally') WHERE name = 'site_id'", false, false, NULL},
        {check_referral_tally_017_sql, format_tally_017,
         "SELECT count(*) = 1 FROM sqlite_schema WHERE name = 'referral_tally' AND NOT EXISTS "
         "(SELECT 1 FROM pragma_table_info('referral_tally') WHERE name = 'site_id')", false, false,
         "" /* the schema before migration 023's: never a server's */},
        {check_numbers_sql, format_numbers,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_number'", false, false, NULL},
        {check_erasures_sql, format_erasure,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'erasure'", false, true, NULL},
        {check_search_odd_sql, format_search,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_search_odd'", false, false,
         check_search_odd_pg_sql},
        {check_partner_odd_sql, format_partner_search,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'partner_search_odd'", false, false,
         check_partner_odd_pg_sql},
    };
    *sound = true;
    if (unfinished)
        *unfinished = 0;
    /* The triggers keeping the counts and indexes exact first: a file whose schema is not the
     * migrations' may have counts right today and drifting from the next write on. */
    long schema_problems = 0;
    bool server = store_is_server(st);
    if (server ? store_pg_compare_schema(st, fn, ctx, &schema_problems, err)
               : store_compare_schema(store_sqlite(st), st->path, fn, ctx, &schema_problems, err))
        return GU_FAILURE;
    *sound = !schema_problems;
    if (server && !derived && (check_pg_references(st, fn, ctx, sound, err) ||
                               check_pg_sequences(st, fn, ctx, sound, err)))
        return GU_FAILURE;
    for (size_t c = 0; c < ARRAY_LEN(checks); c++) {
        struct db_stmt *stmt;
        long long present = 1;
        if (derived && (checks[c].data || checks[c].task))
            continue; /* a backup's unfinished erasures are the register's, applied by restore */
        /* With another schema, the recounts' queries may not even compile: SQLite's own checks
         * only, the verdict already given. */
        if (schema_problems && checks[c].sql != checks[0].sql && checks[c].sql != checks[1].sql)
            continue;
        /* A server's schema is always this guichet's (store_open_server): nothing to skip. */
        const char *sql = server && checks[c].sql_pg ? checks[c].sql_pg : checks[c].sql;
        if (!*sql)
            continue;
        if (!server && checks[c].needs &&
            (store_query_int(st, checks[c].needs, &present, err) || !present)) {
            if (present)
                return GU_FAILURE;
            continue;
        }
        int rc = db_prepare(st->db, sql, &stmt);
        if (rc == DB_OK && db_bind_parameter_count(stmt)) /* a server keeps no log beside */
            db_bind_int(stmt, 1, server || log_empty(st->path));
        while (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
            /* The codes shown come from the file: as long as they are. */
            struct strbuf line = STRBUF_INIT;
            if (checks[c].format(stmt, &line)) {
                if (!checks[c].task)
                    *sound = false;
                else if (unfinished)
                    ++*unfinished;
                fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
            }
            strbuf_release(&line);
            rc = DB_OK;
        }
        db_finalize(stmt);
        if (rc != DB_DONE && rc != DB_OK)
            return store_db_error(st, rc, err);
    }
    if (schema_problems)
        return GU_OK;
    /* The per-day counts of the sessions (migration 004) against the facts they count. */
    long long present = 0;
    long recount_problems = 0;
    int status = server ? (present = 1, GU_OK)
                        : store_query_int(st, "SELECT count(*) FROM sqlite_schema "
                                              "WHERE name = 'session_tally'", &present, err);
    if (!status && present) {
        int rc = store_recount_session_tally(st->db, 100, fn, ctx, &recount_problems);
        if (rc != DB_OK)
            return store_db_error(st, rc, err);
        if (recount_problems)
            *sound = false;
    }
    if (!status)
        status = check_search_index(st, fn, ctx, sound, err);
    if (!status)
        status = check_partner_index(st, fn, ctx, sound, err);
    return status ? status : check_people_index(st, fn, ctx, sound, err);
}

int store_check(struct store *st, store_problem_fn fn, void *ctx, bool *sound, long *unfinished,
                struct gu_error *err)
{
    return check(st, false, fn, ctx, sound, unfinished, err);
}

int store_check_derived(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                        struct gu_error *err)
{
    return check(st, true, fn, ctx, sound, NULL, err);
}
