/* Personal data (domain.md §6): retention and purge, a person's export and erasure. Erasing
 * goes as far as the files: secure_delete (set by store_open) zeroes what SQLite frees, the
 * full-text index is merged so that no segment keeps the name, and the write-ahead log is
 * checkpointed and truncated. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "date.h"
#include "erasure.h"
#include "i18n.h"
#include "print.h"
#include "store/internal.h"
#include "strbuf.h"
#include "text.h"

/* A statement's parameter: text, or a number when text is NULL. */
struct sql_arg {
    const char *text;
    long long number; /* when text is NULL; SQL_ARG_NULL binds NULL (a text that may be absent) */
};
#define SQL_ARG_NULL LLONG_MIN

/* Prepares sql and binds args as ?1, ?2…; NULL with err set on failure. */
static struct db_stmt *prepare(struct store *st, const char *sql, const struct sql_arg *args,
                             int nargs, struct gu_error *err)
{
    struct db_stmt *stmt;
    int rc = db_prepare(st->db, sql, &stmt);
    if (rc != DB_OK) {
        store_db_error(st, rc, err);
        return NULL;
    }
    for (int i = 0; i < nargs; i++) {
        if (!args[i].text && args[i].number == SQL_ARG_NULL)
            db_bind_null(stmt, i + 1);
        else if (args[i].text)
            db_bind_text(stmt, i + 1, args[i].text, -1);
        else
            db_bind_int64(stmt, i + 1, args[i].number);
    }
    return stmt;
}

/* Runs a write; *changes (may be NULL) receives how many rows it changed. */
static int run(struct store *st, const char *sql, const struct sql_arg *args, int nargs,
               long long *changes, struct gu_error *err)
{
    struct db_stmt *stmt = prepare(st, sql, args, nargs, err);
    if (!stmt)
        return GU_FAILURE;
    int rc = db_step(stmt);
    db_finalize(stmt);
    if (rc != DB_DONE)
        return store_db_error(st, rc, err);
    if (changes)
        *changes = db_changes(st->db);
    return GU_OK;
}

/* Calls fn with each row of sql as a record of section. */
static int records(struct store *st, const char *section, const char *sql,
                   const struct sql_arg *args, int nargs, store_record_fn fn, void *ctx,
                   long long *count, struct gu_error *err)
{
    struct db_stmt *stmt = prepare(st, sql, args, nargs, err);
    if (!stmt)
        return GU_FAILURE;
    int n = db_column_count(stmt), status = GU_OK, rc;
    const char *names[16], *values[16];
    n = n > 16 ? 16 : n;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        for (int i = 0; i < n; i++) {
            names[i] = db_column_name(stmt, i);
            values[i] = (const char *)db_column_text(stmt, i);
        }
        status = fn(section, n, names, values, ctx);
        if (count)
            (*count)++;
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(stmt);
    return status;
}

/* What erasing a participant or a referral's contact sets; ?1 is the time of erasure. */
#define ERASE_PARTICIPANT                                                                      \
    "UPDATE participant SET name = NULL, name_fold = NULL, phone = NULL, email = NULL, "       \
    "consent_at = NULL, erased_at = coalesce(erased_at, ?1) "
#define ERASE_CONTACT                                                                          \
    "UPDATE referral SET contact_name = NULL, contact_phone = NULL, consent_at = NULL, "       \
    "updated_at = ?1 "

/* One audit entry in its own transaction. */
static int audit_one(struct store *st, int64_t by_operator, const char *action, const char *entity,
                     int64_t entity_id, const char *detail, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, action, entity, entity_id, detail, err);
    return store_tx_end(st, status, err);
}

static bool has_table(sqlite3 *db, const char *name);

/* The search indexes merged into one segment each, so that no old segment keeps an erased name
 * (secure_delete, set on every connection, zeroes the pages freed): the people's, and the
 * sessions' typed texts (migration 016), whose notes were just redacted. */
static int merge_search_index(sqlite3 *db)
{
    int rc = sqlite3_exec(db, "INSERT INTO participant_search (participant_search) VALUES "
                              "('optimize')", NULL, NULL, NULL);
    if (rc == SQLITE_OK && has_table(db, "session_search"))
        rc = sqlite3_exec(db, "INSERT INTO session_search (session_search) VALUES ('optimize')",
                          NULL, NULL, NULL);
    return rc;
}

/* ---- the erasure register's marks in SQL --------------------------------------------------- */

static void sql_erased_person(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct erasure_marks *m = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, erasure_marks_person(m, sqlite3_value_int64(argv[0]),
                                                 (const char *)sqlite3_value_text(argv[1]),
                                                 (const char *)sqlite3_value_text(argv[2]),
                                                 (const char *)sqlite3_value_text(argv[3]),
                                                 (const char *)sqlite3_value_text(argv[4])));
}

static void sql_erased_contact(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct erasure_marks *m = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, erasure_marks_contact(m, (const char *)sqlite3_value_text(argv[0]),
                                                  (const char *)sqlite3_value_text(argv[1]),
                                                  (const char *)sqlite3_value_text(argv[2])));
}

static void sql_mentions(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int found = erasure_mentions(sqlite3_user_data(ctx), (const char *)sqlite3_value_text(argv[0]),
                                 (const char *)sqlite3_value_text(argv[1]));
    if (found < 0)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_int(ctx, found);
}

static void sql_redact(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    bool found;
    char *redacted = erasure_redact(sqlite3_user_data(ctx), text,
                                    (const char *)sqlite3_value_text(argv[1]), ERASURE_REPLACEMENT,
                                    &found);
    if (!redacted)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, redacted, -1, free);
}

static const struct {
    const char *name;
    int args;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} mark_functions[] = {
    {"guichet_erased_person", 5, sql_erased_person},
    {"guichet_erased_contact", 3, sql_erased_contact},
    {"guichet_mentions", 2, sql_mentions},
    {"guichet_redact", 2, sql_redact},
};

/* Lets SQL on db ask m (borrowed until marks_detach). */
static int marks_attach(sqlite3 *db, struct erasure_marks *m)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < ARRAY_LEN(mark_functions); i++)
        rc = sqlite3_create_function(db, mark_functions[i].name, mark_functions[i].args, SQLITE_UTF8,
                                     m, mark_functions[i].fn, NULL, NULL);
    return rc;
}

static void marks_detach(sqlite3 *db)
{
    for (size_t i = 0; i < ARRAY_LEN(mark_functions); i++)
        sqlite3_create_function(db, mark_functions[i].name, mark_functions[i].args, SQLITE_UTF8,
                                NULL, NULL, NULL, NULL);
}

static bool has_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *stmt;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    return found;
}

/* Runs one write on db with now as ?1 (and id as ?2 when not 0); *changes may be NULL. */
static int sqlite_run(sqlite3 *db, const char *sql, const char *now, long long *changes)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    if (now)
        sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return rc;
    if (changes)
        *changes += sqlite3_changes(db);
    return SQLITE_OK;
}

struct apply_counts {
    long long people, referrals, texts;
};

/* Erases whoever m marks in db, inside the caller's transaction: participants' records, referral
 * contacts, mentions in free text. The same statements serve the database, its copies and a
 * restored backup, whatever schema version they have (from 1). Returns the SQLite code. */
static int apply_marks(sqlite3 *db, struct erasure_marks *m, const char *now,
                       struct apply_counts *c)
{
    int rc = marks_attach(db, m);
    if (rc == SQLITE_OK)
        rc = sqlite_run(db,
                    ERASE_PARTICIPANT "WHERE name IS NOT NULL AND "
                    "guichet_erased_person(id, name, phone, email, created_at)",
                    now, &c->people);
    /* The record itself, by its number and when it was made, which needs no key: a copy of this
     * database restored without its key file still loses the people erased since. */
    if (rc == SQLITE_OK && has_table(db, "erasure"))
        rc = sqlite_run(db,
                    ERASE_PARTICIPANT "WHERE name IS NOT NULL AND EXISTS (SELECT 1 FROM erasure e "
                    "WHERE e.person_id = participant.id AND e.person_created_at = "
                    "participant.created_at)",
                    now, &c->people);
    if (rc == SQLITE_OK && has_table(db, "participant_search"))
        rc = sqlite_run(db,
                    "DELETE FROM participant_search WHERE rowid IN "
                    "(SELECT id FROM participant WHERE name IS NULL)",
                    NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite_run(db,
                    ERASE_CONTACT "WHERE (contact_name IS NOT NULL OR contact_phone IS NOT NULL) "
                    "AND guichet_erased_contact(contact_name, contact_phone, created_at)",
                    now, &c->referrals);
    if (rc == SQLITE_OK)
        rc = sqlite_run(db,
                    "UPDATE help_session SET note = guichet_redact(note, created_at), "
                    "procedure_name = guichet_redact(procedure_name, created_at), updated_at = ?1 "
                    "WHERE guichet_mentions(note, created_at) "
                    "OR guichet_mentions(procedure_name, created_at)",
                    now, &c->texts);
    if (rc == SQLITE_OK)
        rc = sqlite_run(db,
                    "UPDATE referral SET need = guichet_redact(need, created_at), updated_at = ?1 "
                    "WHERE guichet_mentions(need, created_at)",
                    now, &c->texts);
    /* an appointment's note (migration 025: a copy older than it has none) */
    if (rc == SQLITE_OK && has_table(db, "appointment"))
        rc = sqlite_run(db,
                    "UPDATE appointment SET note = guichet_redact(note, created_at), "
                    "bring = guichet_redact(bring, created_at), updated_at = ?1 "
                    "WHERE guichet_mentions(note, created_at) OR guichet_mentions(bring, created_at)",
                    now, &c->texts);
    marks_detach(db);
    return rc;
}

/* The register's key lives in its own file beside the database (DB-erasure-key, mode 0600), not
 * in the database: a database or a backup alone cannot be searched for whom it erased. */
static char *key_path(const char *db_path)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s-erasure-key", db_path);
    return strbuf_finish(&b);
}

char *store_key_path(const char *db_path)
{
    return key_path(db_path);
}

/* The key beside the database at db_path: *have tells whether there is one (a database that
 * never erased anyone has none). A file that is not a key is an error, never replaced. */
static int read_key(const char *db_path, uint8_t key[ERASURE_KEY_SIZE], bool *have,
                    struct gu_error *err)
{
    *have = false;
    char *path = key_path(db_path);
    if (!path)
        return error_nomem(err);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), status = GU_OK;
    char hex[ERASURE_KEY_HEX_SIZE + 1] = {0};
    if (fd < 0 && errno != ENOENT)
        status = error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
    if (fd >= 0) {
        ssize_t got = read(fd, hex, sizeof hex - 1);
        close(fd);
        if (got >= 2 * ERASURE_KEY_SIZE)
            hex[2 * ERASURE_KEY_SIZE] = '\0';
        if (!erasure_key_parse(hex, key))
            status = error_set(err, GU_FAILURE,
                               _("%s is not guichet's erasure key: guichet leaves it untouched"),
                               path);
        else
            *have = true;
    }
    free(path);
    return status;
}

/* Makes the key beside the database at db_path (another desk may make it at the same moment:
 * then its key is the one). */
static int create_key(const char *db_path, uint8_t key[ERASURE_KEY_SIZE], struct gu_error *err)
{
    if (erasure_key_new(key))
        return error_set(err, GU_FAILURE, "%s", _("the system gives no random numbers"));
    char *path = key_path(db_path), hex[ERASURE_KEY_HEX_SIZE];
    if (!path)
        return error_nomem(err);
    erasure_key_to_hex(key, hex);
    hex[2 * ERASURE_KEY_SIZE] = '\n'; /* a line, without its NUL */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600), status = GU_OK;
    if (fd < 0 && errno == EEXIST) {
        bool have;
        free(path);
        return read_key(db_path, key, &have, err);
    }
    if (fd < 0 || write(fd, hex, sizeof hex) != (ssize_t)sizeof hex || fsync(fd) != 0)
        status = error_set(err, GU_FAILURE, _("cannot write %s: %s"), path, error_system_text(errno));
    if (fd >= 0)
        close(fd);
    if (status)
        unlink(path);
    free(path);
    return status;
}

/* The register's marks, with their entry's: ?1 only that entry (0: all). */
#define MARKS_SELECT                                                                           \
    "SELECT e.id, e.person_id, k.kind, k.words, k.mark, e.erased_at, e.person_created_at "     \
    "FROM erasure e JOIN erasure_mark k ON k.erasure_id = e.id WHERE (?1 = 0 OR e.id = ?1)"

/* The register's entries of db added to m: only one entry (or 0 for all), and only those whose
 * copies are still to clean when pending_copies. A database from before the register has none. */
static int read_marks_after(sqlite3 *db, int64_t only, int64_t after, bool pending_copies,
                            struct erasure_marks *m);
static int read_marks(sqlite3 *db, int64_t only, bool pending_copies, struct erasure_marks *m)
{
    return read_marks_after(db, only, 0, pending_copies, m);
}

/* The same, of the entries after the entry numbered after only. */
static int read_marks_after(sqlite3 *db, int64_t only, int64_t after, bool pending_copies,
                            struct erasure_marks *m)
{
    if (!has_table(db, "erasure_mark"))
        return SQLITE_OK;
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, MARKS_SELECT " AND (?2 = 0 OR e.copies_at IS NULL) "
                                "AND e.id > ?3", -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, only);
    sqlite3_bind_int(stmt, 2, pending_copies);
    sqlite3_bind_int64(stmt, 3, after);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        enum erasure_kind kind;
        const char *hash = (const char *)sqlite3_column_text(stmt, 4);
        if (hash && erasure_kind_parse((const char *)sqlite3_column_text(stmt, 2), &kind) &&
            erasure_marks_add(m, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
                              (const char *)sqlite3_column_text(stmt, 5), kind,
                              sqlite3_column_int(stmt, 3), hash)) {
            rc = SQLITE_NOMEM;
            break;
        }
        if (sqlite3_column_text(stmt, 6))
            erasure_marks_set_created(m, sqlite3_column_int64(stmt, 0),
                                      (const char *)sqlite3_column_text(stmt, 6));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Writes the entries of m into db's register (those it has already are left), when db has one;
 * they are done there (files_at, copies_at: now). */
static int write_marks(sqlite3 *db, const struct erasure_marks *m, const char *now)
{
    if (!m->count || !has_table(db, "erasure_mark"))
        return SQLITE_OK;
    sqlite3_stmt *entry = NULL, *mark = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT OR IGNORE INTO erasure (id, person_id, erased_at, "
                                "person_created_at, files_at, copies_at) "
                                "VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?5)",
                                -1, &entry, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT OR IGNORE INTO erasure_mark (erasure_id, kind, words, mark) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                -1, &mark, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < m->count; i++) {
        const struct erasure_mark *k = &m->marks[i];
        sqlite3_bind_int64(entry, 1, k->erasure);
        sqlite3_bind_int64(entry, 2, k->person);
        sqlite3_bind_text(entry, 3, *k->erased_at ? k->erased_at : now, -1, SQLITE_STATIC);
        sqlite3_bind_text(entry, 4, k->person_created_at, -1, SQLITE_STATIC);
        /* In another database (a copy, a restored one), the entry is history: done there. */
        sqlite3_bind_text(entry, 5, now, -1, SQLITE_STATIC);
        rc = sqlite3_step(entry) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_reset(entry);
        sqlite3_bind_int64(mark, 1, k->erasure);
        sqlite3_bind_text(mark, 2, erasure_kind_code(k->kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(mark, 3, k->words);
        sqlite3_bind_text(mark, 4, k->hash, -1, SQLITE_STATIC);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(mark) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_reset(mark);
    }
    sqlite3_finalize(entry);
    sqlite3_finalize(mark);
    return rc;
}

/* ---- the files: no copy left behind -------------------------------------------------------- */

/* Checkpoints db's write-ahead log into the database and truncates it, which needs every other
 * reader to be on the latest state: retried for up to wait_ms, telling wait. True when done. */
static bool checkpoint_files(sqlite3 *db, int wait_ms, store_wait_fn wait, void *ctx)
{
    sqlite3_busy_timeout(db, 0); /* this loop waits, and says so */
    struct timespec start, now, pause = {0, 100 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    bool done = false;
    for (;;) {
        int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        if (rc == SQLITE_OK) {
            done = true;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long waited = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            break;
        if (waited >= wait_ms)
            break;
        if (wait)
            wait(STORE_WAIT_READERS, (int)waited, wait_ms, ctx);
        nanosleep(&pause, NULL);
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    return done;
}

int store_finish_erasures(struct store *st, int wait_ms, store_wait_fn wait, void *wait_ctx,
                          bool *pending, struct gu_error *err)
{
    if (pending)
        *pending = false;
    /* A server keeps no file of ours, and takes no erasure yet (erase_subject). */
    if (store_is_server(st))
        return GU_OK;
    long long waiting = 0;
    int rc = store_read_int(store_sqlite(st), "SELECT count(*) FROM erasure WHERE files_at IS NULL",
                            &waiting);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    if (!waiting)
        return GU_OK;
    if (!checkpoint_files(store_sqlite(st), wait_ms, wait, wait_ctx)) {
        if (pending)
            *pending = true;
        return GU_OK;
    }
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status) {
        rc = sqlite_run(store_sqlite(st),
                        "INSERT INTO audit (at, action, entity, entity_id, detail) "
                        "SELECT ?1, 'erase', 'participant', person_id, 'files' FROM erasure "
                        "WHERE files_at IS NULL",
                        now, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite_run(store_sqlite(st), "UPDATE erasure SET files_at = ?1 WHERE files_at IS NULL",
                        now, NULL);
        if (rc != SQLITE_OK)
            status = store_db_error(st, rc, err);
    }
    return store_tx_end(st, status, err);
}

/* ---- retention ----------------------------------------------------------------------------- */

static const struct {
    const char *key;
    int fallback;
    size_t offset;
} retention_settings[] = {
    {"retention_participant_months", RETENTION_PARTICIPANT_MONTHS,
     offsetof(struct retention, participant_months)},
    {"retention_contact_months", RETENTION_CONTACT_MONTHS, offsetof(struct retention, contact_months)},
    {"retention_audit_months", RETENTION_AUDIT_MONTHS, offsetof(struct retention, audit_months)},
};

int store_get_retention(struct store *st, struct retention *out, struct gu_error *err)
{
    for (size_t i = 0; i < ARRAY_LEN(retention_settings); i++) {
        char *value = NULL;
        if (store_get_setting(st, retention_settings[i].key, &value, err))
            return GU_FAILURE;
        long months = value ? strtol(value, NULL, 10) : 0;
        free(value);
        *(int *)((char *)out + retention_settings[i].offset) =
            months >= 1 && months <= RETENTION_MONTHS_MAX ? (int)months : retention_settings[i].fallback;
    }
    return GU_OK;
}

int store_set_retention(struct store *st, const struct retention *r, struct gu_error *err)
{
    int status = store_batch_begin(st, err); /* the three settings change together */
    for (size_t i = 0; !status && i < ARRAY_LEN(retention_settings); i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", *(const int *)((const char *)r + retention_settings[i].offset));
        status = store_set_setting(st, retention_settings[i].key, value, err);
    }
    return store_batch_end(st, status, err);
}

/* ---- purge --------------------------------------------------------------------------------- */

/* The counts of a purge in its audit entry, written and read back (store_last_purge). */
#define PURGE_DETAIL "participants=%lld contacts=%lld audit=%lld expired=%lld"

int store_close_overdue_referrals(struct store *st, const char *now, bool count_only,
                                  long long *count, struct gu_error *err)
{
    *count = 0;
    char *setting = NULL, today[DATE_TEXT_SIZE];
    int status = store_get_setting(st, "referral_expiry_days", &setting, err);
    if (status)
        return status;
    long days = setting ? strtol(setting, NULL, 10) : 0;
    free(setting);
    days = days > 0 ? days : REFERRAL_EXPIRY_DAYS;
    clock_today_text(0, today);
    /* The cut-off computed here, where both engines count days alike. */
    char before[DATE_TEXT_SIZE];
    date_add_days(today, -days, before);
    /* Closed as of the day each became overdue, not today: the contact's retention counts from
     * then, however long nobody looked. One read first: most days there is nothing to do. */
    const struct sql_arg args[] = {{now, 0}, {before, 0}, {NULL, days}};
#define OVERDUE "status = 'a_suivre' AND referred_at < ?2"
    static const char *const sql[3] = {
        "SELECT count(*) FROM referral WHERE " OVERDUE,
        "INSERT INTO audit (at, action, entity, entity_id, detail) "
        "SELECT ?1, 'expire', 'referral', id, 'sans_suite' FROM referral WHERE " OVERDUE,
        "UPDATE referral SET status = 'sans_suite', updated_at = ?1, closed_at = "
        "date(substr(referred_at, 1, 10), '+' || ?3 || ' days') || 'T00:00:00Z' WHERE " OVERDUE,
    };
    /* The day each became overdue, in PostgreSQL's date arithmetic. */
    static const char close_pg[] =
        "UPDATE referral SET status = 'sans_suite', updated_at = ?1, closed_at = "
        "to_char(CAST(substr(referred_at, 1, 10) AS date) + CAST(?3 AS integer), 'YYYY-MM-DD') "
        "|| 'T00:00:00Z' WHERE " OVERDUE;
#undef OVERDUE
    struct db_stmt *stmt = prepare(st, sql[0], args, 3, err);
    if (!stmt)
        status = GU_FAILURE;
    if (stmt) {
        int rc = db_step(stmt);
        if (rc == DB_ROW)
            *count = db_column_int64(stmt, 0);
        else
            status = store_db_error(st, rc, err);
        db_finalize(stmt);
    }
    if (!status && *count && !count_only)
        status = run(st, sql[1], args, 3, NULL, err);
    if (!status && *count && !count_only)
        status = run(st, store_is_server(st) ? close_pg : sql[2], args, 3, NULL, err);
    return status;
}

/* store_purge; with if_due, only when today's has not run yet, which is read under the write
 * lock: two desks starting together purge once (*ran tells, may be NULL). */
static int purge(struct store *st, bool dry_run, bool if_due, int64_t by_operator,
                 struct purge_counts *out, bool *ran, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    if (ran)
        *ran = false;
    struct retention r;
    char today[DATE_TEXT_SIZE], now[21];
    clock_today_text(0, today);
    clock_now_utc_text(now);
    int status = store_get_retention(st, &r, err);
    if (status || (status = store_tx_begin(st, err)))
        return status;
    bool due = true;
    if (if_due && (status = store_purge_due(st, &due, err)) == GU_OK && !due)
        return store_tx_end(st, GU_OK, err); /* another desk's, or a scheduled one, ran */
    if (status)
        return store_tx_end(st, status, err);
    if (ran)
        *ran = true;
    /* Overdue referrals first, so that their contacts go when they are due. */
    status = store_close_overdue_referrals(st, now, false, &out->expired, err);
    /* A participant's last activity is their last workshop (one still to come keeps them), or
     * when they were entered if they never booked. Read from the workshops since the limit
     * (their registrations, from the index of (workshop, participant)) rather than from every
     * registration of every participant: at a network's size, 30 ms instead of 1.3 s. The
     * dates are compared whole: "2025-03-17 14:00" < "2025-03-18" as its day is. */
    char people_before[DATE_TEXT_SIZE], contacts_before[DATE_TEXT_SIZE], audit_before[DATE_TEXT_SIZE];
    date_add_months(today, -r.participant_months, people_before);
    date_add_months(today, -r.contact_months, contacts_before);
    date_add_months(today, -r.audit_months, audit_before);
    const struct sql_arg people[] = {{now, 0}, {people_before, 0}};
    if (!status)
        status = run(st,
                     ERASE_PARTICIPANT
                     "WHERE erased_at IS NULL AND id NOT IN (SELECT g.participant_id "
                     "FROM workshop w JOIN registration g ON g.workshop_id = w.id "
                     "WHERE w.starts_at >= ?2) "
                     /* an appointment since the limit, or to come, keeps them too (025) */
                     "AND id NOT IN (SELECT participant_id FROM appointment "
                     "WHERE starts_at >= ?2 AND participant_id IS NOT NULL) "
                     "AND (created_at < ?2 OR EXISTS (SELECT 1 "
                     "FROM registration g JOIN workshop w ON w.id = g.workshop_id "
                     "WHERE g.participant_id = participant.id) OR EXISTS (SELECT 1 "
                     "FROM appointment a WHERE a.participant_id = participant.id))",
                     people, 2, &out->participants, err);
    if (!status)
        status = run(st,
                     "DELETE FROM participant_search WHERE rowid IN "
                     "(SELECT id FROM participant WHERE erased_at IS NOT NULL)",
                     NULL, 0, NULL, err);
    const struct sql_arg contacts[] = {{now, 0}, {contacts_before, 0}};
    if (!status)
        status = run(st,
                     ERASE_CONTACT
                     "WHERE (contact_name IS NOT NULL OR contact_phone IS NOT NULL) "
                     "AND status <> 'a_suivre' AND coalesce(closed_at, updated_at) "
                     "< ?2", /* referral_contact_closed, 020 */
                     contacts, 2, &out->contacts, err);
    const struct sql_arg audit[] = {{audit_before, 0}};
    if (!status)
        status = run(st, "DELETE FROM audit WHERE at < ?1", /* by_time */
                     audit, 1, &out->audit, err);
    char detail[160];
    snprintf(detail, sizeof detail, PURGE_DETAIL,
             out->participants, out->contacts, out->audit, out->expired);
    if (!status)
        status = store_add_audit(st, now, by_operator, "purge", "retention", 0, detail, err);
    /* The day's purge is done, whoever ran it (the desk's, a scheduled one): with the erasures,
     * so that a purge that fails is tried again by the next desk to start. */
    const struct sql_arg day[] = {{today, 0}};
    if (!status)
        status = run(st, "INSERT INTO setting (key, value) VALUES ('purge_last_on', ?1) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                     day, 1, NULL, err);
    status = store_tx_end_or_dry_run(st, status, dry_run, err);
    /* On a server the rows' former versions stay in its pages until VACUUM reclaims them:
     * asked for at once of the tables the purge cleaned (the owner's right; when refused, the
     * server's autovacuum does it later, and the README says so). */
    if (!status && !dry_run && (out->participants || out->contacts || out->audit) &&
        store_is_server(st))
        db_exec(st->db, "VACUUM participant, participant_search, referral, audit");
    if (!status && !dry_run && (out->participants || out->contacts) && !store_is_server(st)) {
        int rc = merge_search_index(store_sqlite(st));
        if (rc != DB_OK)
            status = store_db_error(st, rc, err);
        else
            checkpoint_files(store_sqlite(st), 0, NULL, NULL);
    }
    /* And what an erasure left pending: the files, if no desk reads an old state any more, and
     * the copies it could not clean (a copy that still fails stays pending, for the next time). */
    if (!status && !dry_run)
        status = store_finish_erasures(st, 0, NULL, NULL, NULL, err);
    struct erasure_outcome copies = {0};
    if (!status && !dry_run)
        status = store_finish_copies(st, NULL, &copies, err);
    erasure_outcome_clear(&copies);
    return status;
}

int store_purge(struct store *st, bool dry_run, int64_t by_operator, struct purge_counts *out,
                struct gu_error *err)
{
    return purge(st, dry_run, false, by_operator, out, NULL, err);
}

int store_purge_due(struct store *st, bool *due, struct gu_error *err)
{
    char today[DATE_TEXT_SIZE], *last = NULL;
    clock_today_text(0, today);
    int status = store_get_setting(st, "purge_last_on", &last, err);
    *due = !status && (!last || strcmp(last, today) != 0);
    free(last);
    return status;
}

int store_purge_if_due(struct store *st, int64_t by_operator, bool *ran, struct purge_counts *out,
                       struct gu_error *err)
{
    int status = purge(st, false, true, by_operator, out, ran, err);
    if (status)
        *ran = false;
    return status;
}

int store_last_purge(struct store *st, struct purge_counts *out, bool *found, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    struct db_stmt *stmt = prepare(st, "SELECT detail FROM audit WHERE action = 'purge' "
                                 "AND entity = 'retention' ORDER BY id DESC LIMIT 1", NULL, 0, err);
    if (!stmt)
        return GU_FAILURE;
    int status = GU_OK, rc = db_step(stmt);
    if (rc == DB_ROW) {
        const char *detail = (const char *)db_column_text(stmt, 0);
        *found = detail && sscanf(detail, PURGE_DETAIL, &out->participants, &out->contacts,
                                  &out->audit, &out->expired) == 4;
    } else if (rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(stmt);
    return status;
}

/* ---- the desk's own files: printouts, exports ------------------------------------------------ */

/* The folder of the database at st (owned). */
static char *db_folder(struct store *st)
{
    /* A server's desk keeps its printouts in guichet's data folder on this machine. */
    return store_desk_folder(store_is_server(st) ? NULL : store_path(st), false);
}

/* Whether the regular file name in the folder d mentions someone m marks (read whole: guichet's
 * printouts are a few pages). */
static bool file_mentions(DIR *d, const char *name, struct erasure_marks *m)
{
    int fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > 64L * 1024 * 1024) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    char *text = malloc((size_t)sb.st_size + 1);
    ssize_t got = text ? read(fd, text, (size_t)sb.st_size) : -1;
    close(fd);
    bool found = false;
    if (got >= 0) {
        text[got] = '\0';
        found = erasure_mentions(m, text, NULL) != 0; /* out of memory: removed, to be sure */
    }
    free(text);
    return found || got < 0;
}

/* In folder, the printouts (stem-….html of guichet's stems; any .html in guichet's own printouts
 * folder) that mention someone m marks, and the exports of participant id
 * (guichet-person-ID-….json), removed; *count counts them. Other files are left alone. */
static void remove_in_folder(const char *folder, bool own_printouts, int64_t id,
                             struct erasure_marks *m, int *count)
{
    DIR *d = folder ? opendir(folder) : NULL;
    if (!d)
        return;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "guichet-person-%lld-", (long long)id);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *name = e->d_name;
        size_t n = strlen(name);
        bool html = n > 5 && !strcmp(name + n - 5, ".html"),
             json = n > 5 && !strcmp(name + n - 5, ".json");
        bool printout = html && (own_printouts || !strncmp(name, "sheet-", 6) ||
                                 !strncmp(name, "calls-", 6));
        /* An export named after their number, which names them too: the same number in another
         * database sharing the folder (a server's desk, the home folder) is someone else. */
        bool export = id && json && !strncmp(name, prefix, strlen(prefix));
        if ((export || printout) && file_mentions(d, name, m) && unlinkat(dirfd(d), name, 0) == 0)
            (*count)++;
    }
    closedir(d);
}

/* The desk's files naming the person: its printouts (printouts/ beside the database, or where
 * it wrote them when that could not be: $XDG_DOCUMENTS_DIR, the home folder) and the exports of
 * their data it wrote (beside the database, or in the home folder). */
static void remove_desk_files(struct store *st, int64_t id, struct erasure_marks *m, int *count)
{
    char *folder = db_folder(st);
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s/%s", folder ? folder : ".", PRINT_FOLDER);
    char *printouts = strbuf_finish(&b);
    remove_in_folder(printouts, true, 0, m, count);
    remove_in_folder(folder, false, id, m, count);
    const char *docs = getenv("XDG_DOCUMENTS_DIR"), *home = getenv("HOME");
    if (docs && *docs)
        remove_in_folder(docs, false, id, m, count);
    if (home && *home && (!docs || strcmp(docs, home) != 0))
        remove_in_folder(home, false, id, m, count);
    free(printouts);
    free(folder);
}

/* ---- one person ---------------------------------------------------------------------------- */

/* ---- on a server: the same register, its key in the database, its marks matched in C ------ */

/* The register's key of a server's database: the desks that erase share no folder, so it is
 * kept in the database (setting erasure_key), read and written inside the caller's
 * transaction. copy-to never copies it into a file's table: a file's key is a file beside it. */
static int read_server_key(struct store *st, uint8_t key[ERASURE_KEY_SIZE], bool *have,
                           struct gu_error *err)
{
    *have = false;
    struct db_stmt *q = prepare(st, "SELECT value FROM setting WHERE key = 'erasure_key'", NULL,
                                0, err);
    if (!q)
        return GU_FAILURE;
    int rc = db_step(q), status = GU_OK;
    if (rc == DB_ROW && !erasure_key_parse((const char *)db_column_text(q, 0), key))
        status = error_set(err, GU_FAILURE, "%s",
                           _("the database's erasure key (setting erasure_key) is not guichet's: "
                             "guichet leaves it untouched"));
    else if (rc == DB_ROW)
        *have = true;
    else if (rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(q);
    return status;
}

/* key into st's table; a key there already is kept unless replace. */
static int write_server_key(struct store *st, const uint8_t key[ERASURE_KEY_SIZE], bool replace,
                            struct gu_error *err)
{
    char hex[ERASURE_KEY_HEX_SIZE];
    erasure_key_to_hex(key, hex);
    const struct sql_arg value[] = {{hex, 0}};
    return run(st, replace ? "INSERT INTO setting (key, value) VALUES ('erasure_key', ?1) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                           : "INSERT INTO setting (key, value) VALUES ('erasure_key', ?1) "
                             "ON CONFLICT (key) DO NOTHING",
               value, 1, NULL, err);
}

/* The server's key, made now when create and it has none (another desk's, made at the same
 * moment, is the one kept: read again). */
static int server_key(struct store *st, bool create, uint8_t key[ERASURE_KEY_SIZE], bool *have,
                      struct gu_error *err)
{
    int status = read_server_key(st, key, have, err);
    if (status || *have || !create)
        return status;
    if (erasure_key_new(key))
        return error_set(err, GU_FAILURE, "%s", _("the system gives no random numbers"));
    status = write_server_key(st, key, false, err);
    return status ? status : read_server_key(st, key, have, err);
}

/* The key of st's register, from its file or, on a server, its table; *have false when none. */
static int read_own_key(struct store *st, uint8_t key[ERASURE_KEY_SIZE], bool *have,
                        struct gu_error *err)
{
    return store_is_server(st) ? read_server_key(st, key, have, err)
                               : read_key(store_path(st), key, have, err);
}

/* The register's key of st, made now when create and it has none (*have then true). */
static int get_key(struct store *st, bool create, uint8_t key[ERASURE_KEY_SIZE], bool *have,
                   struct gu_error *err)
{
    if (store_is_server(st))
        return server_key(st, create, key, have, err);
    int status = read_key(store_path(st), key, have, err);
    if (status || *have || !create)
        return status;
    *have = true;
    return create_key(store_path(st), key, err);
}

int store_carry_erasure_key(struct store *source, struct store *target, struct gu_error *err)
{
    /* Only a network's database moving to another server takes its key along: a library's
     * file keeps its key beside it, which would otherwise let whoever holds that file test a
     * guessed name against the erasures the network makes from then on. */
    if (!store_is_server(target) || !store_is_server(source))
        return GU_OK;
    uint8_t key[ERASURE_KEY_SIZE];
    bool have = false;
    /* A file's key beside it, a server's in its table (read in the copy's snapshot). */
    int status = read_own_key(source, key, &have, err);
    if (status || !have)
        return status;
    return write_server_key(target, key, true, err);
}

/* read_marks through st's engine: entry only's marks (0: every entry). */
static int read_marks_of(struct store *st, int64_t only, struct erasure_marks *m,
                         struct gu_error *err)
{
    const struct sql_arg args[] = {{NULL, only}};
    struct db_stmt *q = prepare(st, MARKS_SELECT, args, 1, err);
    if (!q)
        return GU_FAILURE;
    int rc, status = GU_OK;
    while (!status && (rc = db_step(q)) == DB_ROW) {
        enum erasure_kind kind;
        const char *hash = (const char *)db_column_text(q, 4);
        if (hash && erasure_kind_parse((const char *)db_column_text(q, 2), &kind) &&
            erasure_marks_add(m, db_column_int64(q, 0), db_column_int64(q, 1),
                              (const char *)db_column_text(q, 5), kind, db_column_int(q, 3),
                              hash))
            status = error_nomem(err);
        else if (db_column_text(q, 6))
            erasure_marks_set_created(m, db_column_int64(q, 0), (const char *)db_column_text(q, 6));
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(q);
    return status;
}

/* The marks of m's entries written into st's register through its engine (the entry itself is
 * there already: store's erase_subject wrote it). */
static int write_marks_of(struct store *st, const struct erasure_marks *m, struct gu_error *err)
{
    int status = GU_OK;
    for (size_t i = 0; !status && i < m->count; i++) {
        const struct erasure_mark *k = &m->marks[i];
        const struct sql_arg args[] = {{NULL, k->erasure}, {erasure_kind_code(k->kind), 0},
                                       {NULL, k->words}, {k->hash, 0}};
        status = run(st, "INSERT INTO erasure_mark (erasure_id, kind, words, mark) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                     args, 4, NULL, err);
    }
    return status;
}

/* One row a server's erasure changes: its number, and its texts redacted (owned). */
struct marked_row {
    int64_t id;
    char *text[2];
};

struct marked_rows {
    struct marked_row *items;
    size_t n, cap;
};

static void marked_rows_clear(struct marked_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].text[0]);
        free(r->items[i].text[1]);
    }
    free(r->items);
    *r = (struct marked_rows){0};
}

enum marked_test { MARKED_PERSON, MARKED_CONTACT, MARKED_TEXTS };

/* The rows of sql (id, then the columns the test reads, then created_at) that m marks, read
 * whole before anything is written: what apply_marks asks of SQLite through its SQL functions,
 * asked here of the same C functions, row by row. */
static int collect_marked(struct store *st, const char *sql, enum marked_test test,
                          struct erasure_marks *m, struct marked_rows *out, struct gu_error *err)
{
    struct db_stmt *q = prepare(st, sql, NULL, 0, err);
    if (!q)
        return GU_FAILURE;
    int rc, status = GU_OK;
    while (!status && (rc = db_step(q)) == DB_ROW) {
        int64_t id = db_column_int64(q, 0);
        const char *a = (const char *)db_column_text(q, 1), *b = (const char *)db_column_text(q, 2);
        struct marked_row row = {id, {NULL, NULL}};
        bool marked = false;
        if (test == MARKED_PERSON) {
            const char *email = (const char *)db_column_text(q, 3);
            marked = erasure_marks_person(m, id, a, b, email, (const char *)db_column_text(q, 4));
        } else if (test == MARKED_CONTACT)
            marked = erasure_marks_contact(m, a, b, (const char *)db_column_text(q, 3));
        else {
            const char *made = (const char *)db_column_text(q, 3);
            const char *texts[2] = {a, b};
            for (int i = 0; !status && i < 2; i++) {
                bool found = false;
                if (texts[i] && !(row.text[i] = erasure_redact(m, texts[i], made,
                                                               ERASURE_REPLACEMENT, &found)))
                    status = error_nomem(err);
                marked = marked || found;
            }
        }
        if (!status && marked &&
            !array_reserve(&out->items, &out->cap, out->n, sizeof *out->items, 16))
            status = error_nomem(err);
        if (!status && marked)
            out->items[out->n++] = row;
        else {
            free(row.text[0]);
            free(row.text[1]);
        }
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(q);
    return status;
}

/* What the marks are asked of on a server, in apply_marks's order: the rows read (id, the
 * columns the test reads, created_at), how they are tested, the set an export lists them in
 * (list_subject) and the write that erases them (apply_marks_server: ?1 now, ?2 the id, ?3 and
 * ?4 the texts redacted) with the count it adds to. */
static const struct {
    const char *select;
    enum marked_test test;
    const char *subject, *update;
    size_t count; /* offset in struct apply_counts */
} marked_sets[] = {
    {"SELECT id, name, phone, email, created_at FROM participant WHERE name IS NOT NULL",
     MARKED_PERSON, "person", ERASE_PARTICIPANT "WHERE id = ?2",
     offsetof(struct apply_counts, people)},
    {"SELECT id, contact_name, contact_phone, created_at FROM referral "
     "WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL",
     MARKED_CONTACT, "referral", ERASE_CONTACT "WHERE id = ?2",
     offsetof(struct apply_counts, referrals)},
    {"SELECT id, note, procedure_name, created_at FROM help_session "
     "WHERE note IS NOT NULL OR procedure_name IS NOT NULL",
     MARKED_TEXTS, "session",
     "UPDATE help_session SET note = ?3, procedure_name = ?4, updated_at = ?1 WHERE id = ?2",
     offsetof(struct apply_counts, texts)},
    {"SELECT id, need, NULL, created_at FROM referral WHERE need IS NOT NULL",
     MARKED_TEXTS, "referral", "UPDATE referral SET need = ?3, updated_at = ?1 WHERE id = ?2",
     offsetof(struct apply_counts, texts)},
    {"SELECT id, note, bring, created_at FROM appointment WHERE note IS NOT NULL "
     "OR bring IS NOT NULL",
     MARKED_TEXTS, "appointment",
     "UPDATE appointment SET note = ?3, bring = ?4, updated_at = ?1 WHERE id = ?2",
     offsetof(struct apply_counts, texts)},
};

/* apply_marks on a server, inside the caller's transaction: the same rows erased and texts
 * redacted, found by the same questions (erasure.h) in C rather than by SQL functions. */
static int apply_marks_server(struct store *st, struct erasure_marks *m, const char *now,
                              struct apply_counts *c, struct gu_error *err)
{
    int status = GU_OK;
    for (size_t s = 0; !status && s < ARRAY_LEN(marked_sets); s++) {
        struct marked_rows rows = {0};
        status = collect_marked(st, marked_sets[s].select, marked_sets[s].test, m, &rows, err);
        for (size_t i = 0; !status && i < rows.n; i++) {
            char *const *text = rows.items[i].text;
            const struct sql_arg args[] = {{now, 0}, {NULL, rows.items[i].id},
                                           {text[0], SQL_ARG_NULL}, {text[1], SQL_ARG_NULL}};
            long long changed = 0;
            status = run(st, marked_sets[s].update, args,
                         marked_sets[s].test == MARKED_TEXTS ? 4 : 2, &changed, err);
            *(long long *)((char *)c + marked_sets[s].count) += changed;
        }
        marked_rows_clear(&rows);
    }
    /* The record itself, by its number and when it was made, as apply_marks does. */
    long long changed = 0;
    if (!status)
        status = run(st, ERASE_PARTICIPANT "WHERE name IS NOT NULL AND EXISTS (SELECT 1 FROM "
                         "erasure e WHERE e.person_id = participant.id AND "
                         "e.person_created_at = participant.created_at)",
                     (const struct sql_arg[]){{now, 0}}, 1, &changed, err);
    c->people += changed;
    if (!status)
        status = run(st, "DELETE FROM participant_search WHERE rowid IN "
                         "(SELECT id FROM participant WHERE name IS NULL)",
                     NULL, 0, NULL, err);
    return status;
}

/* Whom an export or an erasure is about: a participant, or the contact of a referral (a person
 * known only through a referral has the same rights). */
struct subject {
    int64_t id;
    bool referral;
};

/* The identifiers of who: *found tells whether the record exists; name, phone and e-mail
 * (owned, NULL when absent or erased). */
static int read_person(struct store *st, struct subject who, bool *found, char **name,
                       char **phone, char **email, struct gu_error *err)
{
    *found = false;
    *name = *phone = *email = NULL;
    const struct sql_arg args[] = {{NULL, who.id}};
    struct db_stmt *stmt = prepare(st,
                                 who.referral
                                     ? "SELECT contact_name, contact_phone, NULL FROM referral WHERE id = ?1"
                                     : "SELECT name, phone, email FROM participant WHERE id = ?1",
                                 args, 1, err);
    if (!stmt)
        return GU_FAILURE;
    int rc = db_step(stmt), status = GU_OK;
    if (rc == DB_ROW) {
        *found = true;
        char **out[] = {name, phone, email};
        for (int i = 0; !status && i < 3; i++)
            if (text_copy(out[i], (const char *)db_column_text(stmt, i)))
                status = error_nomem(err);
    } else if (rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(stmt);
    return status;
}

/* When someone else also gave *phone (a family's phone: another given name, "Paul Martin" for
 * "Zoé Martin"), it does not identify the person (participant id, or 0, named name): *phone is
 * freed and set to NULL, *shared set. A variant of their own name ("Z. Martin") is them. */
static int drop_shared_phone(struct store *st, int64_t id, const char *name, char **phone,
                             bool *shared, struct gu_error *err)
{
    *shared = false;
    /* Compared in the stored form (guichet_phone's, computed here for either engine). */
    char *canonical = person_canonical_phone(*phone);
    const struct sql_arg args[] = {{NULL, id}, {canonical ? canonical : *phone, 0}};
    struct db_stmt *q = prepare(st,
                              "SELECT name FROM participant WHERE id <> ?1 AND erased_at IS NULL "
                              "AND name IS NOT NULL AND phone = ?2 "
                              "UNION ALL SELECT contact_name FROM referral WHERE contact_name IS "
                              "NOT NULL AND contact_phone = ?2",
                              args, 2, err);
    if (!q) {
        free(canonical);
        return GU_FAILURE;
    }
    int rc;
    while (!*shared && (rc = db_step(q)) == DB_ROW)
        *shared = !erasure_name_variant(name, (const char *)db_column_text(q, 0));
    int status = !*shared && rc != DB_DONE ? store_db_error(st, rc, err) : GU_OK;
    db_finalize(q);
    free(canonical); /* bound without a copy: kept until the statement is done */
    if (*shared) {
        free(*phone);
        *phone = NULL;
    }
    return status;
}

/* The people a record of participant ?1 is (itself, and any other record of the same person). */
#define PEOPLE                                                                                 \
    "people(id) AS (SELECT id FROM participant WHERE id = ?1 OR (name IS NOT NULL AND "       \
    "guichet_erased_person(id, name, phone, email, created_at))) "
/* Referrals in their name, with their phone, or mentioning them. */
#define THEIR_REFERRALS                                                                        \
    "their_referrals(id) AS (SELECT id FROM referral WHERE guichet_erased_contact("           \
    "contact_name, contact_phone, created_at) OR guichet_mentions(need, created_at)) "
#define THEIR_SESSIONS                                                                         \
    "their_sessions(id) AS (SELECT id FROM help_session WHERE guichet_mentions(note, created_at) " \
    "OR guichet_mentions(procedure_name, created_at)) "

/* On a server, the same sets listed in the temporary table guichet_subject (list_subject). */
#define PEOPLE_LISTED                                                                          \
    "people(id) AS (SELECT CAST(?1 AS bigint) UNION SELECT id FROM guichet_subject "           \
    "WHERE kind = 'person') "
#define THEIR_REFERRALS_LISTED                                                                 \
    "their_referrals(id) AS (SELECT id FROM guichet_subject WHERE kind = 'referral') "
#define THEIR_SESSIONS_LISTED                                                                  \
    "their_sessions(id) AS (SELECT id FROM guichet_subject WHERE kind = 'session') "

/* Their appointments: booked for them, or whose note mentions them (on a server, the notes the
 * marks found are listed in guichet_subject). */
#define THEIR_APPOINTMENTS                                                                     \
    "their_appointments(id) AS (SELECT id FROM appointment WHERE participant_id IN "          \
    "(SELECT id FROM people) OR guichet_mentions(note, created_at) "                           \
    "OR guichet_mentions(bring, created_at)) "
#define THEIR_APPOINTMENTS_LISTED                                                              \
    "their_appointments(id) AS (SELECT id FROM appointment WHERE participant_id IN "          \
    "(SELECT id FROM people) UNION SELECT id FROM guichet_subject WHERE kind = 'appointment') "

/* The sections of a person's export, given the sets above (either engine's). */
#define PERSON_SQL(people)                                                                     \
    "WITH " people "SELECT id, name, phone, email, consent_at, last_activity_on, created_at, "  \
    "erased_at, postal_code, commune, insee FROM participant "                                 \
    "WHERE id IN (SELECT id FROM people) ORDER BY id <> ?1, id"
#define REGISTRATIONS_SQL(people)                                                              \
    "WITH " people "SELECT g.id AS registration, g.participant_id AS person, w.id AS workshop, " \
    "w.title, w.starts_at, g.state, g.booked_at, CASE g.already_helped "                       \
    "WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END AS already_helped FROM registration g "            \
    "JOIN workshop w ON w.id = g.workshop_id WHERE g.participant_id IN (SELECT id FROM people) " \
    "ORDER BY w.starts_at, g.id"
#define REFERRALS_SQL(referrals)                                                               \
    "WITH " referrals "SELECT r.id AS referral, r.referred_at, k.label AS request, r.need, "   \
    "p.name AS partner, r.status, r.follow_up_on, r.contact_name, r.contact_phone, "           \
    "r.consent_at FROM referral r LEFT JOIN partner p ON p.id = r.partner_id "                 \
    "LEFT JOIN request_kind k ON k.id = r.request_kind_id "                                    \
    "WHERE r.id IN (SELECT id FROM their_referrals) ORDER BY r.referred_at, r.id"
#define SESSIONS_SQL(sessions)                                                                 \
    "WITH " sessions "SELECT id AS session, started_at, procedure_name, note FROM help_session " \
    "WHERE id IN (SELECT id FROM their_sessions) ORDER BY started_at, id"
#define APPOINTMENTS_SQL(people, appointments)                                                 \
    "WITH " people ", " appointments "SELECT a.id AS appointment, a.starts_at, a.duration_min, " \
    "a.status, k.label AS request, a.bring, a.note, o.name AS operator, si.name AS site "      \
    "FROM appointment a LEFT JOIN request_kind k ON k.id = a.request_kind_id "                 \
    "LEFT JOIN operator o ON o.id = a.operator_id LEFT JOIN site si ON si.id = a.site_id "     \
    "WHERE a.id IN (SELECT id FROM their_appointments) ORDER BY a.starts_at, a.id"
#define AUDIT_SQL(people, referrals, sessions, appointments)                                   \
    "WITH " people ", " referrals ", " sessions ", " appointments                              \
    "SELECT a.at, o.name AS operator, a.action, a.entity, a.entity_id, a.detail "              \
    "FROM audit a LEFT JOIN operator o ON o.id = a.operator_id "                               \
    "WHERE (a.entity = 'participant' AND a.entity_id IN (SELECT id FROM people)) "             \
    "OR (a.entity = 'registration' AND a.entity_id IN "                                        \
    "(SELECT id FROM registration WHERE participant_id IN (SELECT id FROM people))) "          \
    "OR (a.entity = 'referral' AND a.entity_id IN (SELECT id FROM their_referrals)) "          \
    "OR (a.entity = 'help_session' AND a.entity_id IN (SELECT id FROM their_sessions)) "       \
    "OR (a.entity = 'appointment' AND a.entity_id IN (SELECT id FROM their_appointments)) "    \
    "ORDER BY a.at, a.id"

/* The people, referrals and sessions m marks, listed in guichet_subject (a temporary table
 * dropped with the caller's transaction) for the export's sections on a server: the same
 * questions as PEOPLE, THEIR_REFERRALS and THEIR_SESSIONS, asked in C. */
static int list_subject(struct store *st, struct erasure_marks *m, struct gu_error *err)
{
    int status = run(st, "CREATE TEMPORARY TABLE guichet_subject (kind text NOT NULL, "
                         "id bigint NOT NULL) ON COMMIT DROP", NULL, 0, NULL, err);
    for (size_t s = 0; !status && s < ARRAY_LEN(marked_sets); s++) {
        struct marked_rows rows = {0};
        status = collect_marked(st, marked_sets[s].select, marked_sets[s].test, m, &rows, err);
        for (size_t i = 0; !status && i < rows.n; i++) {
            const struct sql_arg args[] = {{marked_sets[s].subject, 0},
                                           {NULL, rows.items[i].id}};
            status = run(st, "INSERT INTO guichet_subject (kind, id) VALUES (?1, ?2)", args, 2,
                         NULL, err);
        }
        marked_rows_clear(&rows);
    }
    return status;
}

static int export_subject(struct store *st, struct subject who, int64_t by_operator,
                          store_record_fn fn, void *ctx, bool *found, struct gu_error *err)
{
    *found = false;
    int64_t id = who.referral ? 0 : who.id; /* ?1: the participant's record, none for a contact */
    const struct sql_arg args[] = {{NULL, id}};
    char *name = NULL, *phone = NULL, *email = NULL;
    uint8_t key[ERASURE_KEY_SIZE];
    bool have_key = false, marks_ready = false;
    struct erasure_marks m;
    /* What mentions them is found by the erasure's marks: matched by SQL functions on SQLite,
     * listed first in C on a server (list_subject). */
    bool server = store_is_server(st);
    /* One read transaction: the sections agree with each other. */
    int status = store_exec(st, "BEGIN", err);
    if (status)
        return status;
    status = read_person(st, who, found, &name, &phone, &email, err);
    if (!status && *found && who.referral && !name && !phone)
        status = error_set(err, GU_INVALID, _("referral %lld has no contact: nobody to export"),
                           (long long)who.id);
    if (!status && *found)
        status = get_key(st, false, key, &have_key, err);
    if (!status && *found && !have_key && erasure_key_new(key)) /* for this export only */
        status = error_set(err, GU_FAILURE, "%s", _("the system gives no random numbers"));
    if (!status && *found) {
        /* The same marks as an erasure would make: the export lists what erasing would erase. */
        bool shared = false;
        if (name && phone)
            status = drop_shared_phone(st, id, name, &phone, &shared, err);
        erasure_marks_init(&m, key);
        marks_ready = true;
        if (erasure_marks_add_person(&m, 1, id, NULL, name, phone, email))
            status = error_nomem(err);
        if (!status && server)
            status = list_subject(st, &m, err);
        int rc = status || server ? DB_OK : marks_attach(store_sqlite(st), &m);
        if (rc != DB_OK)
            status = store_db_error(st, rc, err);
    }
    if (!status && *found)
        status = records(st, "person", server ? PERSON_SQL(PEOPLE_LISTED) : PERSON_SQL(PEOPLE),
                         args, 1, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "registrations",
                         server ? REGISTRATIONS_SQL(PEOPLE_LISTED) : REGISTRATIONS_SQL(PEOPLE),
                         args, 1, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "referrals",
                         server ? REFERRALS_SQL(THEIR_REFERRALS_LISTED)
                                : REFERRALS_SQL(THEIR_REFERRALS),
                         args, 0, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "sessions",
                         server ? SESSIONS_SQL(THEIR_SESSIONS_LISTED)
                                : SESSIONS_SQL(THEIR_SESSIONS),
                         args, 0, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "appointments",
                         server ? APPOINTMENTS_SQL(PEOPLE_LISTED, THEIR_APPOINTMENTS_LISTED)
                                : APPOINTMENTS_SQL(PEOPLE, THEIR_APPOINTMENTS),
                         args, 1, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "audit",
                         server ? AUDIT_SQL(PEOPLE_LISTED, THEIR_REFERRALS_LISTED,
                                            THEIR_SESSIONS_LISTED, THEIR_APPOINTMENTS_LISTED)
                                : AUDIT_SQL(PEOPLE, THEIR_REFERRALS, THEIR_SESSIONS,
                                            THEIR_APPOINTMENTS),
                         args, 1, fn, ctx, NULL, err);
    if (marks_ready) {
        if (!server)
            marks_detach(store_sqlite(st));
        erasure_marks_clear(&m);
    }
    db_exec(st->db, "COMMIT"); /* guichet_subject, on a server, goes with it */
    free(name);
    free(phone);
    free(email);
    if (status || !*found)
        return status;
    return audit_one(st, by_operator, "export", who.referral ? "referral" : "participant", who.id,
                     NULL, err);
}

int store_export_person(struct store *st, int64_t id, int64_t by_operator, store_record_fn fn,
                        void *ctx, bool *found, struct gu_error *err)
{
    return export_subject(st, (struct subject){id, false}, by_operator, fn, ctx, found, err);
}

int store_export_contact(struct store *st, int64_t referral_id, int64_t by_operator,
                         store_record_fn fn, void *ctx, bool *found, struct gu_error *err)
{
    return export_subject(st, (struct subject){referral_id, true}, by_operator, fn, ctx, found, err);
}

void erasure_outcome_clear(struct erasure_outcome *o)
{
    for (size_t i = 0; i < o->failed_count; i++)
        free(o->failed[i]);
    free(o->failed);
    for (size_t i = 0; i < o->promotion_count; i++)
        promotion_clear(&o->promotions[i]);
    free(o->promotions);
    memset(o, 0, sizeof *o);
}

/* Records that a copy could not be cleaned, and why. */
static int copy_failed(struct erasure_outcome *o, const char *path, const char *why,
                       struct gu_error *err)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, _("%s: %s"), path, why);
    char *line = strbuf_finish(&b);
    char **grown = line ? realloc(o->failed, (o->failed_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(line);
        return error_nomem(err);
    }
    o->failed = grown;
    o->failed[o->failed_count++] = line;
    return GU_OK;
}

/* What cleaning a copy needs: the marks, the time, where to say how it went. */
struct copy_job {
    struct erasure_marks *marks;
    const char *now;
    struct erasure_outcome *out;
    const char *db_path; /* the database's: a restore's part takes its name */
};

/* Erases the marked people from the guichet database at path (a backup, a restore's copy): the
 * same statements as in the database, its register updated, its free pages zeroed. In WAL mode,
 * so that a cleaning killed half-way leaves the copy as it was (to be cleaned again), never a hot
 * journal that a restore would not replay. */
static int clean_copy(const char *path, void *ctx, struct gu_error *err)
{
    struct copy_job *job = ctx;
    sqlite3 *db = NULL;
    int rc = store_sqlite_open(path, &db, SQLITE_OPEN_READWRITE);
    long long app = 0;
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
        rc = store_read_int(db, "PRAGMA application_id", &app);
    }
    if (rc == SQLITE_OK && app != GUICHET_APPLICATION_ID) {
        sqlite3_close(db);
        return copy_failed(job->out, path, _("not a guichet database"), err);
    }
    struct apply_counts counts = {0, 0, 0};
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL; BEGIN IMMEDIATE",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = apply_marks(db, job->marks, job->now, &counts);
        if (rc == SQLITE_OK)
            rc = write_marks(db, job->marks, job->now);
        rc = sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK
                 ? rc
                 : sqlite3_errcode(db);
    }
    if (rc == SQLITE_OK && (counts.people || counts.texts) && has_table(db, "participant_search"))
        rc = merge_search_index(db);
    if (rc == SQLITE_OK && !checkpoint_files(db, 0, NULL, NULL))
        rc = SQLITE_BUSY;
    int status = rc == SQLITE_OK ? GU_OK : copy_failed(job->out, path, sqlite3_errstr(rc), err);
    sqlite3_close(db);
    if (rc == SQLITE_OK)
        job->out->copies++;
    return status;
}

/* A backup another process is still writing at path: it may hold the erased, taken before. The
 * entries stay pending, and the backup applies them before it takes its name
 * (store_erase_in_new_copy); a restore's part takes the database's own name. */
static int copy_busy(const char *path, void *ctx, struct gu_error *err)
{
    struct copy_job *job = ctx;
    struct stat named, db;
    if (stat(path, &named) == 0 && stat(job->db_path, &db) == 0 && named.st_dev == db.st_dev &&
        named.st_ino == db.st_ino)
        return copy_failed(job->out, path,
                           _("a restore is still putting a backup in place of the database; "
                             "erase the person again once it has ended"),
                           err);
    return copy_failed(job->out, path,
                       _("a backup is still writing this copy; it is cleaned when that backup "
                         "ends"),
                       err);
}

int store_erase_in_new_copy(struct store *st, const char *path, struct gu_error *err)
{
    uint8_t key[ERASURE_KEY_SIZE];
    bool have = false;
    int status = read_key(store_path(st), key, &have, err);
    if (status || !have)
        return status; /* no key, no register: nobody was erased */
    /* The newest entry the copy has: those after it were written once the copy was taken. */
    sqlite3 *copy = NULL;
    long long newest = 0;
    int rc = store_sqlite_open(path, &copy, SQLITE_OPEN_READONLY);
    if (rc == SQLITE_OK && has_table(copy, "erasure"))
        rc = store_read_int(copy, "SELECT coalesce(max(id), 0) FROM erasure", &newest);
    sqlite3_close(copy);
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    if (rc == SQLITE_OK)
        rc = read_marks_after(store_sqlite(st), 0, newest, false, &m);
    if (rc != SQLITE_OK)
        status = store_db_error(st, rc, err);
    struct erasure_outcome out = {0};
    char now[21];
    clock_now_utc_text(now);
    struct copy_job job = {&m, now, &out, store_path(st)};
    if (!status && m.count)
        status = clean_copy(path, &job, err);
    if (!status && out.failed_count)
        status = error_set(err, GU_FAILURE, _("cannot erase from the copy the people erased while "
                                              "it was written: %s"),
                           out.failed[0]);
    erasure_outcome_clear(&out);
    erasure_marks_clear(&m);
    return status;
}

int store_finish_copies(struct store *st, const struct copy_wait *wait, struct erasure_outcome *out,
                        struct gu_error *err)
{
    uint8_t key[ERASURE_KEY_SIZE];
    bool have = false;
    if (store_is_server(st))
        return GU_OK; /* no erasure is made there yet (erase_subject) */
    int status = read_key(store_path(st), key, &have, err);
    if (status || !have)
        return status; /* no key, no register */
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    long long last = 0;
    int rc = store_read_int(store_sqlite(st),
                            "SELECT coalesce(max(id), 0) FROM erasure WHERE copies_at IS NULL", &last);
    if (rc == DB_OK && last)
        rc = read_marks(store_sqlite(st), 0, true, &m);
    if (rc != DB_OK)
        status = store_db_error(st, rc, err);
    char now[21];
    clock_now_utc_text(now);
    struct copy_job job = {&m, now, out, store_path(st)};
    size_t failed_before = out->failed_count;
    if (!status && m.count)
        status = store_each_kept_copy(st, wait, clean_copy, copy_busy, &job, &out->parts, err);
    /* Done for these entries once no copy failed; else the next erasure, purge or backup. */
    if (!status && m.count && out->failed_count == failed_before) {
        const struct sql_arg args[] = {{now, 0}, {NULL, last}};
        status = store_tx_begin(st, err);
        if (!status)
            status = run(st, "UPDATE erasure SET copies_at = ?1 WHERE copies_at IS NULL AND id <= ?2",
                         args, 2, NULL, err);
        status = store_tx_end(st, status, err);
    }
    erasure_marks_clear(&m);
    return status;
}

/* Cancels the bookings and waitlist places in planned workshops held by erased people (nobody
 * can call them: a seat would go to nobody); the promotions they bring are kept in out, to be
 * called. */
/* The numbers q gives (its first column), read whole into *ids (owned by the caller, *n of
 * them) before anything is changed by them; q is finalized. */
static int read_ids(struct store *st, struct db_stmt *q, int64_t **ids, size_t *n,
                    struct gu_error *err)
{
    *ids = NULL;
    *n = 0;
    if (!q)
        return GU_FAILURE;
    size_t cap = 0;
    int rc, status = GU_OK;
    while (!status && (rc = db_step(q)) == DB_ROW) {
        if (!array_reserve(ids, &cap, *n, sizeof **ids, 8))
            status = error_nomem(err);
        else
            (*ids)[(*n)++] = db_column_int64(q, 0);
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(q);
    return status;
}

static int release_seats(struct store *st, int64_t by_operator, struct erasure_outcome *out,
                         struct gu_error *err)
{
    struct db_stmt *q = prepare(st,
                              "SELECT g.id FROM registration g "
                              "JOIN participant p ON p.id = g.participant_id "
                              "JOIN workshop w ON w.id = g.workshop_id "
                              "WHERE p.erased_at IS NOT NULL AND w.status = 'planned' "
                              "AND g.state IN ('booked', 'waitlisted') "
                              "ORDER BY g.state = 'waitlisted', w.starts_at, g.id",
                              NULL, 0, err);
    int64_t *ids = NULL;
    size_t n = 0;
    int status = read_ids(st, q, &ids, &n, err);
    for (size_t i = 0; !status && i < n; i++) {
        struct promotion p;
        status = store_unbook(st, ids[i], by_operator, &p, err);
        /* Released meanwhile by another desk's erasure (or the workshop was held, cancelled):
         * nothing left to do for that one. */
        if (status == GU_INVALID) {
            status = GU_OK;
            *err = (struct gu_error){0};
            continue;
        }
        if (!status)
            out->released++;
        if (!status && p.promoted) {
            struct promotion *grown =
                realloc(out->promotions, (out->promotion_count + 1) * sizeof *grown);
            if (!grown) {
                promotion_clear(&p);
                status = error_nomem(err);
            } else {
                out->promotions = grown;
                out->promotions[out->promotion_count++] = p;
            }
        } else
            promotion_clear(&p);
    }
    free(ids);
    return status;
}

/* The planned appointments to come of the people erased: nobody will come (cancelled, each
 * audited, as the desk cancels one); those gone by stay as they were, and so do the reports. */
static int cancel_appointments(struct store *st, int64_t by_operator, struct erasure_outcome *out,
                               struct gu_error *err)
{
    char now[DATETIME_TEXT_SIZE];
    struct gu_datetime at = clock_now();
    datetime_format(&at, now);
    const struct sql_arg from[] = {{now, 0}};
    struct db_stmt *q = prepare(st,
                              "SELECT a.id FROM appointment a "
                              "JOIN participant p ON p.id = a.participant_id "
                              "WHERE p.erased_at IS NOT NULL AND a.status = 'planned' "
                              "AND a.starts_at >= ?1 ORDER BY a.id",
                              from, 1, err);
    int64_t *ids = NULL;
    size_t n = 0;
    int status = read_ids(st, q, &ids, &n, err);
    for (size_t i = 0; !status && i < n; i++) {
        status = store_set_appointment_status(st, ids[i], APPOINTMENT_CANCELLED, NULL, by_operator,
                                              NULL, err);
        if (status == GU_INVALID) { /* ended meanwhile at another desk */
            status = GU_OK;
            *err = (struct gu_error){0};
        } else if (!status)
            out->appointments++;
    }
    free(ids);
    return status;
}

static int erase_subject(struct store *st, struct subject who, int64_t by_operator, int wait_ms,
                         store_wait_fn wait, void *wait_ctx, struct erasure_outcome *out,
                         struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    /* On a server the same register and marks, its key in the database, the marks matched in C
     * (apply_marks_server); it keeps no file nor copy of ours to clean. */
    bool server = store_is_server(st);
    int64_t id = who.referral ? 0 : who.id; /* the participant's number; none for a contact */
    char now[21];
    clock_now_utc_text(now);
    char *name = NULL, *phone = NULL, *email = NULL;
    bool found = false, have_key = false;
    uint8_t key[ERASURE_KEY_SIZE];
    struct erasure_marks m;
    bool marks_ready = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = read_person(st, who, &found, &name, &phone, &email, err);
    if (!status && !found)
        status = who.referral
                     ? error_set(err, GU_INVALID, _("referral %lld does not exist"), (long long)who.id)
                     : error_set(err, GU_INVALID, _("person %lld does not exist"), (long long)who.id);
    if (!status && who.referral && !name && !phone)
        status = error_set(err, GU_INVALID, _("referral %lld has no contact: nobody to erase"),
                           (long long)who.id);
    if (!status) {
        /* A register without its key: names in notes of older copies cannot be recognised any
         * more; their records still can, by number. Said, not hidden. */
        long long entries = 0;
        bool had_key = false;
        status = store_query_int(st, "SELECT count(*) FROM erasure", &entries, err);
        if (!status)
            status = read_own_key(st, key, &had_key, err);
        out->key_was_missing = !status && !had_key && entries > 0;
    }
    if (!status)
        status = get_key(st, true, key, &have_key, err);
    if (!status) {
        erasure_marks_init(&m, key);
        marks_ready = true;
    }
    sqlite3 *db = store_sqlite(st);
    int rc = DB_OK;
    /* A phone someone of another name also gave is a family's: it does not identify them. */
    if (!status && name && phone)
        status = drop_shared_phone(st, id, name, &phone, &out->phone_shared, err);
    if (!status && (name || phone)) {
        /* A new entry in the register, with their marks: no name. */
        const struct sql_arg entry[] = {{NULL, id}, {now, 0}};
        /* Its number read back (RETURNING: either engine's last insert). */
        struct db_stmt *add = prepare(st,
                                      "INSERT INTO erasure (person_id, erased_at, person_created_at) "
                                      "VALUES (?1, ?2, (SELECT created_at FROM participant "
                                      "WHERE id = ?1)) RETURNING id",
                                      entry, 2, err);
        int64_t entry_id = 0;
        int added = add ? db_step(add) : DB_ERROR;
        if (added == DB_ROW)
            entry_id = db_column_int64(add, 0);
        else if (add)
            status = store_db_error(st, added, err);
        else
            status = GU_FAILURE;
        db_finalize(add);
        if (!status && erasure_marks_add_person(&m, entry_id, id, now, name, phone, email))
            status = error_nomem(err);
        if (!status && server)
            status = write_marks_of(st, &m, err);
        else if (!status)
            rc = write_marks(db, &m, now);
    } else if (!status) {
        /* Erased before: the same marks again finish what may be left (copies, the files). */
        out->already = true;
        const struct sql_arg which[] = {{NULL, id}};
        struct db_stmt *last = prepare(st, "SELECT max(id) FROM erasure WHERE person_id = ?1", which,
                                     1, err);
        status = last ? GU_OK : GU_FAILURE;
        int64_t entry = 0;
        if (last && db_step(last) == DB_ROW)
            entry = db_column_int64(last, 0);
        db_finalize(last);
        if (!status && entry && server)
            status = read_marks_of(st, entry, &m, err);
        else if (!status && entry)
            rc = read_marks(db, entry, false, &m);
    }
    struct apply_counts counts = {0, 0, 0};
    if (!status && rc == DB_OK && server)
        status = apply_marks_server(st, &m, now, &counts, err);
    else if (!status && rc == DB_OK)
        rc = apply_marks(db, &m, now, &counts);
    /* A server has no file of ours nor copies guichet keeps: its entry is done there now (its
     * WAL archives and base backups are its operators', as the README says). */
    if (!status && rc == DB_OK && server && m.count) {
        const struct sql_arg done[] = {{now, 0}, {NULL, m.marks[0].erasure}};
        status = run(st, "UPDATE erasure SET files_at = ?1, copies_at = ?1 WHERE id = ?2", done,
                     2, NULL, err);
    }
    if (!status && rc != DB_OK)
        status = store_db_error(st, rc, err);
    out->people = counts.people;
    out->referrals = counts.referrals;
    out->texts = counts.texts;
    char detail[96];
    snprintf(detail, sizeof detail, "people=%lld referrals=%lld texts=%lld", counts.people,
             counts.referrals, counts.texts);
    if (!status)
        status = store_add_audit(st, now, by_operator, "erase",
                                 who.referral ? "referral" : "participant", who.id, detail, err);
    status = store_tx_end(st, status, err);
    free(name);
    free(phone);
    free(email);
    if (!status && !server && (rc = merge_search_index(db)) != DB_OK)
        status = store_db_error(st, rc, err);
    /* The rows' former versions leave the server's pages (the purge's VACUUM: when the role may
     * not, the server's autovacuum does it later). */
    if (!status && server)
        db_exec(st->db, "VACUUM participant, participant_search, referral, help_session, "
                        "session_search, audit");
    /* Their seats and places in planned workshops: nobody can call them any more. */
    if (!status)
        status = release_seats(st, by_operator, out, err);
    if (!status)
        status = cancel_appointments(st, by_operator, out, err);
    /* The files: the log folded in and emptied once no desk reads an older state. The waits for
     * it and for a backup being written share one limit, the one the caller said. */
    struct timespec started, ended;
    clock_gettime(CLOCK_MONOTONIC, &started);
    if (!status)
        status = store_finish_erasures(st, wait_ms, wait, wait_ctx, &out->files_pending, err);
    clock_gettime(CLOCK_MONOTONIC, &ended);
    long waited = (ended.tv_sec - started.tv_sec) * 1000 + (ended.tv_nsec - started.tv_nsec) / 1000000;
    /* The copies guichet keeps: this erasure's, and any an earlier one could not finish. An entry
     * erased before and done everywhere is cleaned again on request (its copies_at set again). */
    if (!status && !server && out->already && m.count) {
        const struct sql_arg entry[] = {{NULL, m.marks[0].erasure}};
        status = run(st, "UPDATE erasure SET copies_at = NULL WHERE id = ?1", entry, 1, NULL, err);
    }
    const struct copy_wait copies_wait = {waited < wait_ms ? wait_ms - (int)waited : 0, wait,
                                          wait_ctx};
    if (!status)
        status = store_finish_copies(st, &copies_wait, out, err);
    /* The desk's printouts naming them, and the exports it wrote of them. */
    if (!status && m.count)
        remove_desk_files(st, id, &m, &out->desk_files);
    if (marks_ready)
        erasure_marks_clear(&m);
    return status;
}

int store_erase_person(struct store *st, int64_t id, int64_t by_operator, int wait_ms,
                       store_wait_fn wait, void *wait_ctx, struct erasure_outcome *out,
                       struct gu_error *err)
{
    return erase_subject(st, (struct subject){id, false}, by_operator, wait_ms, wait, wait_ctx, out,
                         err);
}

int store_erase_contact(struct store *st, int64_t referral_id, int64_t by_operator, int wait_ms,
                        store_wait_fn wait, void *wait_ctx, struct erasure_outcome *out,
                        struct gu_error *err)
{
    return erase_subject(st, (struct subject){referral_id, true}, by_operator, wait_ms, wait,
                         wait_ctx, out, err);
}

int store_find_contacts(struct store *st, const char *text, int limit, store_participant_fn fn,
                        void *ctx, struct gu_error *err)
{
    /* The desk's one search, as store_find_participants: every term the start of a word of
     * the name, in any order, words joined by hyphens or apostrophes found either way. */
    struct text_search words;
    if (text_search_compile(&words, text))
        return error_nomem(err);
    if (!words.n)
        return GU_OK;
    /* at a site's desk, the contacts of its referrals and of those of no site */
    int64_t site = 0;
    if (store_site_scope(st, &site, err)) {
        text_search_free(&words);
        return GU_FAILURE;
    }
    const struct sql_arg args[] = {{NULL, site}};
    struct db_stmt *stmt = prepare(st,
                                 "SELECT id, contact_name, contact_phone FROM referral "
                                 "WHERE contact_name IS NOT NULL AND (?1 = 0 OR site_id = ?1 OR "
                                 "site_id IS NULL) ORDER BY id DESC",
                                 args, 1, err);
    int status = stmt ? GU_OK : GU_FAILURE, rc = DB_DONE, listed = 0;
    while (!status && listed < limit && (rc = db_step(stmt)) == DB_ROW) {
        const char *name = (const char *)db_column_text(stmt, 1);
        if (name && text_search_matches(&words, &name, 1)) {
            struct participant_row row = {db_column_int64(stmt, 0), name,
                                          (const char *)db_column_text(stmt, 2), NULL};
            status = fn(&row, ctx);
            listed++;
        }
    }
    if (!status && rc != DB_DONE && rc != DB_ROW)
        status = store_db_error(st, rc, err);
    db_finalize(stmt);
    text_search_free(&words);
    return status;
}

/* Marks of every entry in previous's register (the database a restore replaces) added to st's
 * and applied to it, with st's own, under the key beside the database at db_path: a restored
 * backup never brings back an erased person. */
int store_reapply_erasures(struct store *st, sqlite3 *previous, const char *db_path,
                           bool *key_missing, struct gu_error *err)
{
    *key_missing = false;
    uint8_t key[ERASURE_KEY_SIZE] = {0};
    bool have = false;
    int status = read_key(db_path, key, &have, err);
    if (status)
        return status;
    /* Without the key, the marks are still copied (they are only hashes) and the records found
     * by their number; names in notes cannot be recognised. */
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    char now[21];
    clock_now_utc_text(now);
    sqlite3 *db = store_sqlite(st);
    int rc = previous ? read_marks(previous, 0, false, &m) : SQLITE_OK;
    if (rc == SQLITE_OK)
        rc = read_marks(db, 0, false, &m);
    if (rc != SQLITE_OK)
        status = store_db_error(st, rc, err);
    *key_missing = !have && m.count;
    if (!status)
        status = store_tx_begin(st, err);
    struct apply_counts counts = {0, 0, 0};
    if (!status && m.count) {
        rc = write_marks(db, &m, now);
        struct erasure_marks none;
        erasure_marks_init(&none, key);
        if (rc == SQLITE_OK)
            rc = apply_marks(db, have ? &m : &none, now, &counts);
        erasure_marks_clear(&none);
        if (rc != SQLITE_OK)
            status = store_db_error(st, rc, err);
    }
    if (!status && counts.people + counts.referrals + counts.texts) {
        char detail[96];
        snprintf(detail, sizeof detail, "people=%lld referrals=%lld texts=%lld", counts.people,
                 counts.referrals, counts.texts);
        status = store_add_audit(st, now, 0, "erase", "restore", 0, detail, err);
    }
    status = store_tx_end(st, status, err);
    if (!status && (counts.people || counts.texts) && (rc = merge_search_index(db)) != SQLITE_OK)
        status = store_db_error(st, rc, err);
    /* Their seats in planned workshops, given back by the restore, go again. */
    struct erasure_outcome released = {0};
    if (!status)
        status = release_seats(st, 0, &released, err);
    erasure_outcome_clear(&released);
    erasure_marks_clear(&m);
    return status;
}

int store_audit_export(struct store *st, int64_t by_operator, const char *entity,
                       const char *detail, struct gu_error *err)
{
    return audit_one(st, by_operator, "export", entity, 0, detail, err);
}

