/* The connection, above the engine: opening, creating and migrating a database, the statements
 * each domain prepares, errors, transactions and batches, and the helpers the store's files share
 * (binding, reading columns, the audit log). */
#include "store/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "i18n.h"
#include "schema_expected.h"
#include "tsv.h"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_AUDIT_ADD,
    STMT_PARTNER_DEFAULT_ADD,
    STMT_REQUEST_KIND_DEFAULT_ADD,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_AUDIT_ADD] = "INSERT INTO audit (at, operator_id, action, entity, entity_id, detail) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STMT_PARTNER_DEFAULT_ADD] =
        "INSERT INTO partner (code, name, name_fold, typology, category, phone, website, "
        "access_methods, is_national, handles, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    [STMT_REQUEST_KIND_DEFAULT_ADD] =
        "INSERT INTO request_kind (code, label, keywords, answer, partner_id, theme, bring, "
        "staff_note, position) VALUES (?1, ?2, ?3, ?4, (SELECT id FROM partner WHERE code = ?5), "
        "?6, ?7, ?8, ?9)",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    NULL,
};

STORE_STATEMENTS(STORE_DATABASE, database)

const struct store_sql_table *const store_sql_tables[STORE_DOMAIN_COUNT] = {
    [STORE_DATABASE] = &store_sql_database,   [STORE_SITES] = &store_sql_sites,
    [STORE_SESSIONS] = &store_sql_sessions,   [STORE_SEARCH] = &store_sql_search,
    [STORE_WORKSHOPS] = &store_sql_workshops, [STORE_PEOPLE] = &store_sql_people,
    [STORE_PARTNERS] = &store_sql_partners,   [STORE_REFERRALS] = &store_sql_referrals,
    [STORE_APPOINTMENTS] = &store_sql_appointments,
};


/* Maps an SQLite failure to a message a desk can act on. */
int store_db_error(struct store *st, int rc, struct gu_error *err)
{
    const char *detail = st && st->db ? db_errmsg(st->db) : sqlite3_errstr(rc);
    const char *path = st && st->path ? st->path : "";
    /* An I/O error says more through errno: a full disk, or a medium mounted read-only. */
    int sys = st && db_sqlite(st->db) ? sqlite3_system_errno(db_sqlite(st->db)) : 0;
    if ((rc & 0xff) == DB_IOERR || (rc & 0xff) == DB_CANTOPEN) {
        if (sys == ENOSPC || sys == EDQUOT)
            rc = DB_FULL;
        else if (sys == EROFS)
            rc = DB_READONLY;
    }
    switch (rc & 0xff) {
    case DB_BUSY:
    case DB_LOCKED:
        return error_set(err, GU_FAILURE,
                         _("the database %s is busy: another desk has held it for too long; "
                           "nothing was written, try again"),
                         path);
    case DB_FULL:
        return error_set(err, GU_FAILURE,
                         _("the disk holding %s is full: nothing was written; free some space "
                           "and try again"),
                         path);
    case DB_READONLY:
        return error_set(err, GU_FAILURE,
                         _("the database %s is read-only: guichet needs to write to it"), path);
    case DB_CORRUPT:
    case DB_NOTADB:
        return error_set(err, GU_FAILURE,
                         _("the database %s is damaged (%s): restore it from a backup"), path,
                         detail);
    case DB_IOERR:
    case DB_CANTOPEN:
        return error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"), path,
                         detail);
    case DB_NOMEM:
        return error_nomem(err);
    case DB_CONSTRAINT: /* the caller's input broke a rule the schema enforces */
        return error_set(err, GU_INVALID, _("refused by the database: %s"), detail);
    default:
        return error_set(err, GU_FAILURE, _("database error on %s: %s"), path, detail);
    }
}

const char *store_statement_sql(const struct store_sql_table *table, int id, bool postgresql)
{
    return postgresql && table->sql_pg[id] ? table->sql_pg[id] : table->sql[id];
}

struct db_stmt *store_statement(struct store *st, enum store_domain domain, int id,
                                const struct store_sql_table *table, struct gu_error *err)
{
    if (!st->stmts[domain]) {
        if (!(st->stmts[domain] = calloc((size_t)table->count, sizeof(struct db_stmt *)))) {
            error_nomem(err);
            return NULL;
        }
        st->stmt_counts[domain] = table->count;
    }
    struct db_stmt **slot = &st->stmts[domain][id];
    if (!*slot) {
        const char *sql = store_statement_sql(table, id, db_pg_conn(st->db) != NULL);
        int rc = db_prepare_persistent(st->db, sql, slot);
        if (rc != DB_OK) {
            store_db_error(st, rc, err);
            return NULL;
        }
    }
    return *slot;
}

/* Runs a statement that returns no rows and resets it. */
int store_stmt_run(struct store *st, struct db_stmt *stmt, struct gu_error *err)
{
    int rc = db_step(stmt);
    while (rc == DB_ROW) /* an INSERT … RETURNING id: the id is read by db_last_insert_id */
        rc = db_step(stmt);
    db_reset(stmt);
    db_clear_bindings(stmt);
    return rc == DB_DONE ? GU_OK : store_db_error(st, rc, err);
}

/* Ends a loop of sqlite3_step over stmt: a step that failed (rc neither a row nor done) becomes
 * the status unless the loop already stopped for its own reason; stmt is reset for its next use. */
int store_stmt_finish(struct store *st, struct db_stmt *stmt, int status, int rc,
                       struct gu_error *err)
{
    if (!status && rc != DB_DONE && rc != DB_ROW)
        status = store_db_error(st, rc, err);
    db_reset(stmt);
    db_clear_bindings(stmt);
    return status;
}

/* Runs fixed SQL without parameters (pragmas, transaction control, shipped migrations). */
int store_exec(struct store *st, const char *sql, struct gu_error *err)
{
    int rc = db_exec(st->db, sql);
    return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
}

/* The single integer a fixed query returns on st's connection, its failure mapped to a
 * message (no row: a failure too). */
int store_query_int(struct store *st, const char *sql, long long *out, struct gu_error *err)
{
    struct db_stmt *stmt = NULL;
    int rc = db_prepare(st->db, sql, &stmt);
    if (rc == DB_OK) {
        rc = db_step(stmt);
        if (rc == DB_ROW) {
            *out = db_column_int64(stmt, 0);
            rc = DB_OK;
        }
    }
    db_finalize(stmt);
    return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
}

/* Inside a batch a write takes no savepoint: a savepoint copies every page the write touches
 * to a sub-journal, which past 64 KiB goes to a temporary file for the rest of the transaction
 * (a dozen disk writes per row of demo data). A write refused before it changed a row (the
 * usual refusal: its checks come first; a failed statement undoes itself) leaves the batch
 * intact, so the caller may go on; one that failed after changing rows spoils the batch, which
 * then rolls back whole at its end and says so. Nothing is ever half-written. */
static const char *batch_spoilt_message(void)
{
    return _("a write of the batch failed half-way: nothing of the batch was written");
}

int store_tx_begin(struct store *st, struct gu_error *err)
{
    if (!st->in_batch) {
        int rc = db_begin_write(st->db);
        return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
    }
    /* SQLite ends the whole transaction on some failures (a full disk), PostgreSQL refuses all
     * after any failure: the batch is gone. */
    if (st->batch_spoilt || !db_in_transaction(st->db) || db_transaction_aborted(st->db)) {
        st->batch_spoilt = true;
        return error_set(err, GU_FAILURE, "%s", batch_spoilt_message());
    }
    if (st->depth++ == 0)
        st->before = db_total_changes(st->db);
    return GU_OK;
}

static int tx_commit(struct store *st, struct gu_error *err)
{
    if (st->in_batch) {
        st->depth--;
        return GU_OK;
    }
    /* The other desks told of the write (engine.h: change notification) as it commits. */
    int rc = db_announce(st->db);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    return store_exec(st, "COMMIT", err);
}

static void tx_rollback(struct store *st)
{
    if (st->in_batch) {
        if (st->depth > 0) /* not when its begin was refused */
            st->depth--;
        if (db_total_changes(st->db) != st->before || !db_in_transaction(st->db) ||
            db_transaction_aborted(st->db))
            st->batch_spoilt = true;
    } else if (!!db_in_transaction(st->db))
        db_exec(st->db, "ROLLBACK");
}

/* Ends a transaction begun with tx_begin: commits when status is GU_OK, else (or when the commit
 * fails) rolls back, so that nothing is ever half-written. Returns the final status. */
int store_tx_end(struct store *st, int status, struct gu_error *err)
{
    if (!status)
        status = tx_commit(st, err);
    if (status)
        tx_rollback(st);
    return status;
}

/* A batch keeps SQLite's temporary files in memory: the statement journals of its many writes
 * (one per statement that may fail half-way) otherwise spill to a file once one passes 64 KiB,
 * and that file then takes every later page for the rest of the transaction. Set before the
 * transaction (SQLite refuses it inside), and back to the default after. Its page cache is
 * 32 MiB rather than 2: the indexes and tallies a batch of 10,000 sessions touches are then
 * read from the file once, not again and again. Batches checkpoint the log once it holds 64 MiB
 * rather than 4 (SQLite's 1000 pages, set back after): the pages every batch writes again
 * (tallies, the ends of tables and indexes) are copied into the database once for several
 * batches, not after each. */
int store_batch_begin(struct store *st, struct gu_error *err)
{
    st->cache_size = 0;
    st->batch_spoilt = false;
    st->depth = 0;
    if (store_is_server(st)) {
        int rc = db_begin_write(st->db);
        st->in_batch = rc == DB_OK;
        return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
    }
    int status = store_query_int(st, "PRAGMA cache_size", &st->cache_size, err);
    if (!status)
        status = store_exec(st, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768; "
                                "PRAGMA wal_autocheckpoint = 16384; BEGIN IMMEDIATE",
                            err);
    st->in_batch = !status;
    st->batch_spoilt = false;
    st->depth = 0;
    return status;
}

int store_batch_end(struct store *st, int status, struct gu_error *err)
{
    st->in_batch = false;
    if (!status && st->batch_spoilt)
        status = error_set(err, GU_FAILURE, "%s", batch_spoilt_message());
    st->batch_spoilt = false;
    st->depth = 0;
    status = store_tx_end(st, status, err);
    if (store_is_server(st))
        return status;
    char pragma[128] = "PRAGMA temp_store = DEFAULT; PRAGMA wal_autocheckpoint = 1000";
    if (st->cache_size) /* 0 when the begin could not read it */
        snprintf(pragma, sizeof pragma, "PRAGMA temp_store = DEFAULT; "
                 "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = %lld", st->cache_size);
    st->cache_size = 0;
    struct gu_error ignored;
    int back = store_exec(st, pragma, status ? &ignored : err);
    return status ? status : back;
}

bool store_is_server(const struct store *st)
{
    return db_pg_conn(st->db) != NULL;
}

sqlite3 *store_sqlite(struct store *st)
{
    return db_sqlite(st->db);
}

const char *store_path(const struct store *st)
{
    return st->path;
}

static unsigned long hash_text(const char *s)
{
    unsigned long h = 1469598103934665603UL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

/* Writes the program's vocabulary into the table "vocab": main's, or the temporary one that a
 * read-only check puts in front of it; with former, guichet's former codes too (vocab_find reads
 * them), for a file older than this guichet, which its next writing open migrates. */
static int insert_vocabulary(struct store *st, bool former, struct gu_error *err)
{
    struct db_stmt *put;
    int rc = db_prepare(st->db, "INSERT INTO vocab (kind, code, label, position) "
                                        "VALUES (?1, ?2, ?3, ?4)", &put);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    int status = GU_OK;
    for (int k = 0; !status && k < VOCAB_KIND_COUNT; k++) {
        for (size_t i = 0; !status && i < vocab_count(k); i++) {
            db_bind_text(put, 1, vocab_kind_name(k), -1);
            db_bind_text(put, 2, vocab_code(k, (int)i), -1);
            db_bind_text(put, 3, vocab_label_msgid(k, (int)i), -1);
            db_bind_int64(put, 4, (int64_t)i);
            status = store_stmt_run(st, put, err);
        }
    }
    enum vocab_kind kind;
    const char *code;
    for (size_t i = 0; !status && former && (code = vocab_former_code(i, &kind)); i++) {
        db_bind_text(put, 1, vocab_kind_name(kind), -1);
        db_bind_text(put, 2, code, -1);
        db_bind_text(put, 3, code, -1);
        db_bind_int64(put, 4, -1);
        status = store_stmt_run(st, put, err);
    }
    db_finalize(put);
    return status;
}

/* Loads data/vocab.tsv into the vocab table when it differs from what the database holds, so
 * that SQL users (reports, the sqlite3 shell) see the same vocabulary as the program. */
int store_sync_vocabulary(struct store *st, struct gu_error *err)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%lx", hash_text(embedded_vocab_tsv));
    struct db_stmt *get = NULL, *set = NULL;
    int rc = db_prepare(st->db, "SELECT value FROM setting WHERE key = 'vocab_hash'", &get);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    rc = db_step(get);
    bool current = rc == DB_ROW && !strcmp((const char *)db_column_text(get, 0), hash);
    db_finalize(get);
    if (current)
        return GU_OK;

    int status = store_tx_begin(st, err);
    if (status)
        return status;
    status = store_exec(st, "DELETE FROM vocab", err);
    if (!status)
        status = insert_vocabulary(st, false, err);
    if (!status &&
        (rc = db_prepare(st->db,
                         "INSERT INTO setting (key, value) VALUES ('vocab_hash', ?1) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         &set)) != DB_OK)
        status = store_db_error(st, rc, err);
    if (!status) {
        db_bind_text(set, 1, hash, -1);
        status = store_stmt_run(st, set, err);
    }
    db_finalize(set);
    return store_tx_end(st, status, err);
}

static int load_default_partner(char **f, int n, int line_no, void *ctx)
{
    void **c = ctx;
    struct store *st = c[0];
    struct gu_error *err = c[1];
    if (n != 9)
        return error_set(err, GU_FAILURE, "data/partners.tsv:%d: malformed entry", line_no);
    struct db_stmt *stmt = stmt_get(st, STMT_PARTNER_DEFAULT_ADD, err);
    char *fold = text_fold(f[1]);
    if (!stmt || !fold) {
        free(fold);
        return stmt ? error_nomem(err) : GU_FAILURE;
    }
    for (int i = 0; i < 8; i++) {
        static const int column[8] = {1, 2, 4, 5, 6, 7, 8, 10}; /* skip ?3 fold and ?9 flag */
        static const int field[8] = {0, 1, 2, 3, 4, 5, 6, 8};
        store_bind_text_or_null(stmt, column[i], *f[field[i]] ? f[field[i]] : NULL);
    }
    db_bind_text(stmt, 3, fold, -1);
    db_bind_int(stmt, 9, !strcmp(f[7], "1"));
    db_bind_text(stmt, 11, c[2], -1);
    int status = store_stmt_run(st, stmt, err);
    free(fold);
    return status;
}

static int load_default_request_kind(char **f, int n, int line_no, void *ctx)
{
    void **c = ctx;
    struct store *st = c[0];
    struct gu_error *err = c[1];
    if (n != 8)
        return error_set(err, GU_FAILURE, "data/policy.tsv:%d: malformed entry", line_no);
    struct db_stmt *stmt = stmt_get(st, STMT_REQUEST_KIND_DEFAULT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    for (int i = 0; i < 8; i++)
        store_bind_text_or_null(stmt, i + 1, *f[i] ? f[i] : NULL);
    db_bind_int(stmt, 9, line_no);
    return store_stmt_run(st, stmt, err);
}

/* Partners and the routing policy shipped in data/, loaded once into a new database; after that
 * they are the library's own, to edit. */
int store_load_defaults(struct store *st, struct gu_error *err)
{
    long long loaded;
    int status = store_query_int(st, "SELECT count(*) FROM setting WHERE key = 'defaults_loaded'",
                           &loaded, err);
    if (status || loaded)
        return status;
    char now[21];
    clock_now_utc_text(now);
    void *ctx[3] = {st, err, now};
    status = store_tx_begin(st, err);
    if (!status)
        status = store_query_int(st, "SELECT count(*) FROM setting WHERE key = 'defaults_loaded'",
                           &loaded, err);
    if (!status && !loaded) {
        status = tsv_each(embedded_partners_tsv, load_default_partner, ctx);
        if (!status)
            status = tsv_each(embedded_policy_tsv, load_default_request_kind, ctx);
        if (!status)
            status = store_exec(st, "INSERT INTO setting (key, value) VALUES ('defaults_loaded', '1')",
                              err);
    }
    return store_tx_end(st, status, err);
}

int store_schema_version(void)
{
    return embedded_migration_count
               ? embedded_migrations[embedded_migration_count - 1].version
               : 0;
}

/* A new file (no object, version 0) gets the current version at once: what the migrations make
 * of a new database, generated from them at build time (fresh_database_sql), in one
 * transaction, rather than each migration in its own (22 commits, and SQLite parsing the whole
 * schema again after each ALTER TABLE: the better part of a new database's cost).
 * Its rows are the migrations' as they left them: triggers are off meanwhile, so that they are
 * not counted or indexed twice. Looked at again under the write lock, so that of two desks
 * creating the file together one writes it and the other finds it done. */
static int create_fresh(struct store *st, struct gu_error *err)
{
    long long version, objects;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = store_query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (!status && version == 0 && objects == 0) {
        struct gu_error ignored = {0};
        status = store_set_triggers(st, false, err);
        if (!status)
            status = store_exec(st, fresh_database_sql, err);
        int back = store_set_triggers(st, true, status ? &ignored : err);
        if (!status)
            status = back;
    }
    return store_tx_end(st, status, err);
}

/* A migration run with foreign keys off leaves every reference as it found it: no more broken
 * ones than before (a file damaged earlier, which check reports, still migrates). */
static int count_broken_references(struct store *st, long long *broken, struct gu_error *err)
{
    return store_query_int(st, "SELECT count(*) FROM pragma_foreign_key_check", broken, err);
}

/* Applies each pending migration in its own BEGIN IMMEDIATE transaction. The version is read
 * again under the lock, so two desks starting together migrate once. */
static int migrate(struct store *st, struct gu_error *err)
{
    /* A file already at this guichet's schema (every open but the first after an upgrade) is
     * left alone: no write lock taken once per migration just to read the version again. */
    long long current;
    int read = store_query_int(st, "PRAGMA user_version", &current, err);
    if (read)
        return read;
    if (current >= store_schema_version())
        return GU_OK;
    if (current == 0) {
        read = create_fresh(st, err);
        if (!read)
            read = store_query_int(st, "PRAGMA user_version", &current, err);
        if (read || current >= store_schema_version())
            return read;
    }
    for (size_t i = 0; i < embedded_migration_count; i++) {
        const struct embedded_migration *m = &embedded_migrations[i];
        /* A migration that makes a table again turns foreign keys off around its transaction
         * (inside one the pragma does nothing), as SQLite's documented procedure does, and
         * checks every reference before it commits. */
        bool keys_off = strstr(m->sql, "\n-- guichet-migration: foreign-keys-off\n") != NULL;
        long long version;
        int status = keys_off ? store_exec(st, "PRAGMA foreign_keys = OFF", err) : GU_OK;
        if (!status)
            status = store_tx_begin(st, err);
        if (!status)
            status = store_query_int(st, "PRAGMA user_version", &version, err);
        long long broken_before = 0, broken_after = 0;
        if (!status && version < m->version && keys_off)
            status = count_broken_references(st, &broken_before, err);
        if (!status && version < m->version) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
            status = store_exec(st, m->sql, err);
            if (!status && keys_off)
                status = count_broken_references(st, &broken_after, err);
            if (!status && broken_after > broken_before)
                status = error_set(err, GU_FAILURE,
                                   _("migration %s would break %lld references in %s: nothing "
                                     "was changed"),
                                   m->name, broken_after - broken_before, st->path);
            if (!status)
                status = store_exec(st, pragma, err);
        }
        status = store_tx_end(st, status, err);
        if (keys_off) {
            struct gu_error ignored = {0};
            int back = store_exec(st, "PRAGMA foreign_keys = ON", status ? &ignored : err);
            if (!status)
                status = back;
        }
        if (status)
            return status;
    }
    return GU_OK;
}

/* What is in the file, read before anything is written to it. */
static int inspect_file(struct store *st, struct gu_error *err)
{
    long long app_id, version, objects;
    int status = store_query_int(st, "PRAGMA application_id", &app_id, err);
    if (!status)
        status = store_query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = store_query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (status)
        return status;
    bool empty = app_id == 0 && version == 0 && objects == 0;
    if (app_id != GUICHET_APPLICATION_ID && !empty)
        return error_set(err, GU_FAILURE,
                         _("%s is not a guichet database: guichet leaves it untouched"),
                         st->path);
    return store_refuse_newer(st->path, version, err);
}

int store_refuse_newer(const char *path, long long version, struct gu_error *err)
{
    if (version <= store_schema_version())
        return GU_OK;
    return error_set(err, GU_FAILURE,
                     _("%s was written by a newer guichet (schema %lld; this one knows up to %d): "
                       "install the newer version"),
                     path, version, store_schema_version());
}

static int configure(struct store *st, struct gu_error *err)
{
    int rc = store_register_functions(db_sqlite(st->db));
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    struct db_stmt *stmt;
    rc = db_prepare(st->db, "PRAGMA journal_mode = WAL", &stmt);
    if (rc == DB_OK)
        rc = db_step(stmt);
    bool wal = rc == DB_ROW && !strcmp((const char *)db_column_text(stmt, 0), "wal");
    db_finalize(stmt);
    if (!wal) {
        if (rc != DB_ROW && rc != DB_DONE)
            return store_db_error(st, rc, err);
        return error_set(err, GU_FAILURE,
                         _("cannot use write-ahead logging for %s (is it on a network or "
                           "read-only file system?): guichet needs it to keep desks safe"),
                         st->path);
    }
    return store_exec(st,
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
                    "PRAGMA secure_delete = ON",
                    err);
}

int store_open_readonly(const char *path, struct store **out, struct gu_error *err)
{
    *out = NULL;
    if (store_target_is_server(path))
        return store_open_server(path, true, out, err);
    enum store_file_kind kind;
    int status = vocab_load(err);
    if (!status)
        status = store_peek_file(path, &kind, err);
    if (status)
        return status;
    if (kind == STORE_FILE_MISSING)
        return error_set(err, GU_FAILURE, _("there is no database at %s"), path);
    if (kind == STORE_FILE_EMPTY)
        return error_set(err, GU_FAILURE, _("%s is empty: it holds no database yet"), path);
    if (store_refuse_file(path, kind, false, err))
        return GU_FAILURE;
    struct store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return error_nomem(err);
    }
    sqlite3 *handle = NULL;
    int rc = store_open_sqlite_readonly(path, &handle);
    if (!(st->db = db_sqlite_wrap(handle)) && rc == DB_OK)
        rc = DB_NOMEM;
    if (rc != DB_OK)
        status = store_db_error(st, rc, err);
    else
        store_trace_attach(st);
    long long version = 0, objects = 0;
    if (!status)
        status = inspect_file(st, err);
    if (!status)
        status = store_query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = store_query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (!status && !objects)
        status = error_set(err, GU_FAILURE, _("%s is empty: it holds no database yet"), path);
    /* The codes are checked against this program's vocabulary: a temporary table stands in
     * front of the file's own, which only a writing open brings up to date. Temporary data goes
     * to a temporary file (unlinked, away from the database), not memory: check's recounts
     * sort and compare hundreds of thousands of rows at a network's size (the sessions' facts,
     * the largest, are summed by store_recount_session_tally instead of sorted). */
    if (!status)
        status = store_exec(st, "PRAGMA temp_store = FILE; CREATE TEMP TABLE vocab "
                                "(kind TEXT, code TEXT, label TEXT, position INTEGER)",
                            err);
    if (!status)
        status = insert_vocabulary(st, version < store_schema_version(), err);
    if (status) {
        store_close(st);
        return status;
    }
    *out = st;
    return GU_OK;
}

int store_open(const char *path, struct store **out, struct gu_error *err)
{
    *out = NULL;
    if (store_target_is_server(path))
        return store_open_server(path, false, out, err);
    int status = vocab_load(err);
    if (status)
        return status;
    /* Read before SQLite opens it: a text file would be taken for a damaged database, and
     * another program's WAL database would get files created beside it. */
    enum store_file_kind kind;
    if (store_peek_file(path, &kind, err) || store_refuse_file(path, kind, false, err))
        return GU_FAILURE;
    struct store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return error_nomem(err);
    }
    if (kind == STORE_FILE_MISSING)
        status = store_make_parent_dirs(path, err);
    if (!status)
        status = store_create_private_file(path, err);
    if (!status) {
        sqlite3 *handle = NULL;
        int rc = store_sqlite_open(path, &handle, SQLITE_OPEN_READWRITE);
        if (!(st->db = db_sqlite_wrap(handle)) && rc == DB_OK)
            rc = DB_NOMEM;
        if (rc != DB_OK)
            status = store_db_error(st, rc, err);
    }
    if (!status) {
        sqlite3_extended_result_codes(db_sqlite(st->db), 1);
        sqlite3_busy_timeout(db_sqlite(st->db), BUSY_TIMEOUT_MS);
        store_trace_attach(st);
        if (sqlite3_db_readonly(db_sqlite(st->db), "main") == 1)
            status = store_db_error(st, DB_READONLY, err);
        struct stat sb;
        if (stat(path, &sb) == 0) {
            st->dev = sb.st_dev;
            st->ino = sb.st_ino;
        }
    }
    if (!status)
        status = inspect_file(st, err);
    if (!status)
        status = configure(st, err);
    if (!status)
        status = migrate(st, err);
    if (!status)
        status = store_sync_vocabulary(st, err);
    if (!status)
        status = store_load_defaults(st, err);
    /* An erasure another desk's reading held back is finished as soon as it can be. */
    if (!status)
        status = store_finish_erasures(st, 0, NULL, NULL, NULL, err);
    if (status) {
        store_close(st);
        return status;
    }
    *out = st;
    return GU_OK;
}

bool store_file_replaced(const struct store *st)
{
    struct stat sb;
    return stat(st->path, &sb) == 0 && (sb.st_dev != st->dev || sb.st_ino != st->ino);
}

void store_close(struct store *st)
{
    if (!st)
        return;
    store_word_sets_forget(st);
    for (int d = 0; d < STORE_DOMAIN_COUNT; d++) {
        for (int i = 0; st->stmts[d] && i < st->stmt_counts[d]; i++)
            db_finalize(st->stmts[d][i]);
        free(st->stmts[d]);
    }
    for (int i = 0; i < TALLY_COUNT; i++)
        db_finalize(st->tally[i]);
    db_close(st->db);
    if (st->trace)
        fclose(st->trace);
    free(st->path);
    free(st);
}

/* Binds text, or NULL for a missing value. */
void store_bind_text_or_null(struct db_stmt *stmt, int index, const char *text)
{
    if (text)
        db_bind_text(stmt, index, text, -1);
    else
        db_bind_null(stmt, index);
}

void store_bind_code(struct db_stmt *stmt, int index, enum vocab_kind kind, int value)
{
    store_bind_text_or_null(stmt, index, value == VOCAB_NONE ? NULL : vocab_code(kind, value));
}

int store_add_audit(struct store *st, const char *now, int64_t operator_id, const char *action,
                     const char *entity, int64_t entity_id, const char *detail,
                     struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_AUDIT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_text(stmt, 1, now, -1);
    if (operator_id)
        db_bind_int64(stmt, 2, operator_id);
    db_bind_text(stmt, 3, action, -1);
    db_bind_text(stmt, 4, entity, -1);
    if (entity_id)
        db_bind_int64(stmt, 5, entity_id);
    store_bind_text_or_null(stmt, 6, detail);
    return store_stmt_run(st, stmt, err);
}

/* Turns this connection's triggers off (on = false) or back on. SQLite then re-prepares the
 * statements, which compiled the triggers in. */
int store_set_triggers(struct store *st, bool on, struct gu_error *err)
{
    /* data/pg/schema.sql: every trigger asks guichet_triggers_on() in its WHEN; LOCAL, so that
     * a transaction that fails half-way leaves none off. */
    if (store_is_server(st))
        return store_exec(st, on ? "SET LOCAL guichet.triggers = 'on'"
                                 : "SET LOCAL guichet.triggers = 'off'", err);
    int rc = sqlite3_db_config(db_sqlite(st->db), SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0,
                               (int *)NULL);
    return rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
}

/* Turns "code,code" from group_concat into a set; unknown codes (from a newer vocabulary) are
 * skipped here and reported by store_check. */
vocab_set store_parse_codes(enum vocab_kind kind, const unsigned char *list)
{
    vocab_set set = 0;
    if (!list)
        return 0;
    char buf[128];
    for (const char *p = (const char *)list; *p;) {
        size_t n = strcspn(p, ",");
        if (n < sizeof buf) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            int i = vocab_find(kind, buf);
            if (i != VOCAB_NONE)
                set |= (vocab_set)1 << i;
        }
        p += n + (p[n] == ',');
    }
    return set;
}

int store_column_code(struct db_stmt *stmt, int col, enum vocab_kind kind)
{
    const unsigned char *code = db_column_text(stmt, col);
    return code ? vocab_find(kind, (const char *)code) : VOCAB_NONE;
}

/* Text columns are borrowed: valid until the next step. */
char *store_column_borrow(struct db_stmt *stmt, int col)
{
    return (char *)db_column_text(stmt, col);
}

/* The day after a "YYYY-MM-DD" date, for exclusive upper bounds. */
void store_next_day(const char *date, char out[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    date_from_days(date_to_days(y, m, d) + 1, &y, &m, &d);
    date_format(y, m, d, out);
}

/* Steps a statement expected to return one integer (0 when it returns no row), and resets it. */
int store_stmt_int(struct store *st, struct db_stmt *stmt, long long *out, struct gu_error *err)
{
    int rc = db_step(stmt);
    *out = rc == DB_ROW ? db_column_int64(stmt, 0) : 0;
    db_reset(stmt);
    db_clear_bindings(stmt);
    return rc == DB_ROW || rc == DB_DONE ? GU_OK : store_db_error(st, rc, err);
}

long long store_data_version(struct store *st)
{
    int64_t v = 0;
    db_data_version(st->db, &v);
    return v;
}

/* Ends an import's transaction: committed, or rolled back after a dry run that went well. */
int store_tx_end_or_dry_run(struct store *st, int status, bool dry_run, struct gu_error *err)
{
    if (dry_run && !status) {
        tx_rollback(st);
        return GU_OK;
    }
    return store_tx_end(st, status, err);
}

