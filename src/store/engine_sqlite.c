/* The SQLite engine (engine.h): the embedded default, a library on its own. Each call is
 * SQLite's own; the structures only carry the engine beside SQLite's handles. */
#include "store/engine_sqlite.h"

#include <stdlib.h>

struct sqlite_db {
    struct db base;
    sqlite3 *handle;
    sqlite3_stmt *data_version; /* prepared on first use: the desk asks on every poll */
};

struct sqlite_stmt {
    struct db_stmt base;
    sqlite3_stmt *handle;
};

static sqlite3 *handle_of(struct db *db)
{
    return ((struct sqlite_db *)db)->handle;
}

static sqlite3_stmt *stmt_of(struct db_stmt *stmt)
{
    return ((struct sqlite_stmt *)stmt)->handle;
}

static const struct db_engine sqlite_engine;

sqlite3 *db_sqlite(struct db *db)
{
    return db && db->engine == &sqlite_engine ? handle_of(db) : NULL;
}

sqlite3_stmt *db_sqlite_stmt(struct db_stmt *stmt)
{
    return stmt && stmt->engine == &sqlite_engine ? stmt_of(stmt) : NULL;
}

struct db *db_sqlite_wrap(sqlite3 *handle)
{
    if (!handle)
        return NULL;
    struct sqlite_db *db = malloc(sizeof *db);
    if (!db) {
        sqlite3_close(handle);
        return NULL;
    }
    db->base.engine = &sqlite_engine;
    db->handle = handle;
    db->data_version = NULL;
    return &db->base;
}

static int sqlite_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt **out)
{
    *out = NULL;
    struct sqlite_stmt *stmt = malloc(sizeof *stmt);
    if (!stmt)
        return DB_NOMEM;
    int rc = sqlite3_prepare_v3(handle_of(db), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                                &stmt->handle, NULL);
    if (rc != SQLITE_OK || !stmt->handle) { /* no statement: SQL of only comments, say */
        sqlite3_finalize(stmt->handle);
        free(stmt);
        return rc != SQLITE_OK ? rc : DB_ERROR;
    }
    stmt->base.engine = &sqlite_engine;
    stmt->base.db = db;
    *out = &stmt->base;
    return DB_OK;
}

static int sqlite_finalize(struct db_stmt *stmt)
{
    int rc = sqlite3_finalize(stmt_of(stmt));
    free(stmt);
    return rc;
}

static int sqlite_reset(struct db_stmt *stmt)
{
    return sqlite3_reset(stmt_of(stmt));
}

static int sqlite_clear_bindings(struct db_stmt *stmt)
{
    return sqlite3_clear_bindings(stmt_of(stmt));
}

static int sqlite_bind_parameter_count(struct db_stmt *stmt)
{
    return sqlite3_bind_parameter_count(stmt_of(stmt));
}

static int sqlite_bind_null(struct db_stmt *stmt, int index)
{
    return sqlite3_bind_null(stmt_of(stmt), index);
}

static int sqlite_bind_int64(struct db_stmt *stmt, int index, int64_t value)
{
    return sqlite3_bind_int64(stmt_of(stmt), index, value);
}

static int sqlite_bind_double(struct db_stmt *stmt, int index, double value)
{
    return sqlite3_bind_double(stmt_of(stmt), index, value);
}

static int sqlite_bind_text(struct db_stmt *stmt, int index, const char *text, int n,
                            enum db_lifetime lifetime)
{
    return sqlite3_bind_text(stmt_of(stmt), index, text, n,
                             lifetime == DB_COPIED ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int sqlite_bind_blob(struct db_stmt *stmt, int index, const void *data, int n,
                            enum db_lifetime lifetime)
{
    return sqlite3_bind_blob(stmt_of(stmt), index, data, n,
                             lifetime == DB_COPIED ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int sqlite_step(struct db_stmt *stmt)
{
    return sqlite3_step(stmt_of(stmt));
}

static int sqlite_column_count(struct db_stmt *stmt)
{
    return sqlite3_column_count(stmt_of(stmt));
}

static const char *sqlite_column_name(struct db_stmt *stmt, int col)
{
    return sqlite3_column_name(stmt_of(stmt), col);
}

static enum db_type sqlite_column_type(struct db_stmt *stmt, int col)
{
    switch (sqlite3_column_type(stmt_of(stmt), col)) {
    case SQLITE_INTEGER:
        return DB_INTEGER;
    case SQLITE_FLOAT:
        return DB_FLOAT;
    case SQLITE_TEXT:
        return DB_TEXT;
    case SQLITE_BLOB:
        return DB_BLOB;
    default:
        return DB_NULL;
    }
}

static int64_t sqlite_column_int64(struct db_stmt *stmt, int col)
{
    return sqlite3_column_int64(stmt_of(stmt), col);
}

static double sqlite_column_double(struct db_stmt *stmt, int col)
{
    return sqlite3_column_double(stmt_of(stmt), col);
}

static const unsigned char *sqlite_column_text(struct db_stmt *stmt, int col)
{
    return sqlite3_column_text(stmt_of(stmt), col);
}

static const void *sqlite_column_blob(struct db_stmt *stmt, int col)
{
    return sqlite3_column_blob(stmt_of(stmt), col);
}

static int sqlite_column_bytes(struct db_stmt *stmt, int col)
{
    return sqlite3_column_bytes(stmt_of(stmt), col);
}

static int sqlite_exec(struct db *db, const char *sql)
{
    return sqlite3_exec(handle_of(db), sql, NULL, NULL, NULL);
}

static const char *sqlite_errmsg(struct db *db)
{
    return sqlite3_errmsg(handle_of(db));
}

static int64_t sqlite_last_insert_id(struct db *db)
{
    return sqlite3_last_insert_rowid(handle_of(db));
}

static int64_t sqlite_changes(struct db *db)
{
    return sqlite3_changes64(handle_of(db));
}

static int64_t sqlite_total_changes(struct db *db)
{
    return sqlite3_total_changes64(handle_of(db));
}

static bool sqlite_in_transaction(struct db *db)
{
    return !sqlite3_get_autocommit(handle_of(db));
}

/* PRAGMA data_version: changes when another connection commits, not when this one does. */
static int sqlite_data_version(struct db *db, int64_t *version)
{
    struct sqlite_db *sdb = (struct sqlite_db *)db;
    *version = 0;
    int rc = SQLITE_OK;
    if (!sdb->data_version)
        rc = sqlite3_prepare_v3(sdb->handle, "PRAGMA data_version", -1,
                                SQLITE_PREPARE_PERSISTENT, &sdb->data_version, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(sdb->data_version);
        if (rc == SQLITE_ROW) {
            *version = sqlite3_column_int64(sdb->data_version, 0);
            rc = SQLITE_OK;
        }
        sqlite3_reset(sdb->data_version);
    }
    return rc;
}

/* Nothing to do: data_version sees every other connection's commit by itself. */
static int sqlite_announce(struct db *db)
{
    (void)db;
    return DB_OK;
}

static void sqlite_close(struct db *db)
{
    sqlite3_finalize(((struct sqlite_db *)db)->data_version);
    sqlite3_close(handle_of(db));
    free(db);
}

/* The write lock at once (not at the first write), so that a reading begun in the transaction
 * is not outdated by another desk's commit before this one writes. */
static int sqlite_begin_write(struct db *db)
{
    return sqlite_exec(db, "BEGIN IMMEDIATE");
}

static bool sqlite_transaction_aborted(struct db *db)
{
    (void)db;
    return false;
}

/* A deferred transaction reads one snapshot of a WAL database from its first read on. */
static int sqlite_begin_read(struct db *db)
{
    return sqlite_exec(db, "BEGIN");
}

static const struct db_engine sqlite_engine = {
    .begin_read = sqlite_begin_read,
    .transaction_aborted = sqlite_transaction_aborted,
    .begin_write = sqlite_begin_write,
    .name = "sqlite",
    .prepare = sqlite_prepare,
    .finalize = sqlite_finalize,
    .reset = sqlite_reset,
    .clear_bindings = sqlite_clear_bindings,
    .bind_parameter_count = sqlite_bind_parameter_count,
    .bind_null = sqlite_bind_null,
    .bind_int64 = sqlite_bind_int64,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .step = sqlite_step,
    .column_count = sqlite_column_count,
    .column_name = sqlite_column_name,
    .column_type = sqlite_column_type,
    .column_int64 = sqlite_column_int64,
    .column_double = sqlite_column_double,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .column_bytes = sqlite_column_bytes,
    .exec = sqlite_exec,
    .errmsg = sqlite_errmsg,
    .last_insert_id = sqlite_last_insert_id,
    .changes = sqlite_changes,
    .total_changes = sqlite_total_changes,
    .in_transaction = sqlite_in_transaction,
    .data_version = sqlite_data_version,
    .announce = sqlite_announce,
    .close = sqlite_close,
};
