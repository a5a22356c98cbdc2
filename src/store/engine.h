/* The database engine behind the store: the one small interface its domain files reach an
 * engine through (open, prepare, bind, step, columns, transactions, change notification), with
 * one implementation per engine (engine_sqlite.c). Private to src/store/.
 *
 * Results are SQLite's primary result codes, which every engine maps its own failures to, so
 * that store_db_error says the same thing whatever the engine. Statements take numbered
 * parameters (?1, ?2…) from 1 and columns from 0, as SQLite's do. */
#ifndef GUICHET_STORE_ENGINE_H
#define GUICHET_STORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

enum db_code {
    DB_OK = 0,
    DB_ERROR = 1,
    DB_BUSY = 5,
    DB_LOCKED = 6,
    DB_NOMEM = 7,
    DB_READONLY = 8,
    DB_IOERR = 10,
    DB_CORRUPT = 11,
    DB_FULL = 13,
    DB_CANTOPEN = 14,
    DB_CONSTRAINT = 19,
    DB_NOTADB = 26,
    DB_ROW = 100,
    DB_DONE = 101,
};

/* A column's value type (db_column_type). */
enum db_type { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

struct db;
struct db_stmt;

/* How a text or blob parameter is bound: borrowed until the statement is reset (the caller
 * keeps it alive), or copied at once. */
enum db_lifetime { DB_BORROWED, DB_COPIED };

struct db_engine {
    const char *name;
    /* Prepares sql; persistent for a statement kept for the connection's life. *out is NULL on
     * failure (the code returned, the message in errmsg). */
    int (*prepare)(struct db *db, const char *sql, bool persistent, struct db_stmt **out);
    int (*finalize)(struct db_stmt *stmt);
    int (*reset)(struct db_stmt *stmt);
    int (*clear_bindings)(struct db_stmt *stmt);
    int (*bind_parameter_count)(struct db_stmt *stmt);
    int (*bind_null)(struct db_stmt *stmt, int index);
    int (*bind_int64)(struct db_stmt *stmt, int index, int64_t value);
    int (*bind_double)(struct db_stmt *stmt, int index, double value);
    /* n: bytes, or -1 up to the NUL. */
    int (*bind_text)(struct db_stmt *stmt, int index, const char *text, int n,
                     enum db_lifetime lifetime);
    int (*bind_blob)(struct db_stmt *stmt, int index, const void *data, int n,
                     enum db_lifetime lifetime);
    /* DB_ROW with a row to read, DB_DONE at the end, else a failure. */
    int (*step)(struct db_stmt *stmt);
    int (*column_count)(struct db_stmt *stmt);
    const char *(*column_name)(struct db_stmt *stmt, int col);
    enum db_type (*column_type)(struct db_stmt *stmt, int col);
    int64_t (*column_int64)(struct db_stmt *stmt, int col);
    double (*column_double)(struct db_stmt *stmt, int col);
    /* Borrowed until the next step, reset or finalize; NULL for NULL. */
    const unsigned char *(*column_text)(struct db_stmt *stmt, int col);
    const void *(*column_blob)(struct db_stmt *stmt, int col);
    int (*column_bytes)(struct db_stmt *stmt, int col);
    /* Runs fixed SQL without parameters or rows (transaction control, settings, migrations). */
    int (*exec)(struct db *db, const char *sql);
    /* The last failure's message (borrowed). */
    const char *(*errmsg)(struct db *db);
    /* The number of the row the last INSERT added. SQLite knows it of every INSERT; on
     * PostgreSQL it is what an INSERT … RETURNING id returned (0 for an INSERT without it), so
     * that a statement whose new id is asked for returns it (SQLite takes the clause too). */
    int64_t (*last_insert_id)(struct db *db);
    /* Rows changed by the last statement, and by all of the connection's statements. */
    int64_t (*changes)(struct db *db);
    int64_t (*total_changes)(struct db *db);
    bool (*in_transaction)(struct db *db);
    /* Whether the transaction under way can only be rolled back: PostgreSQL refuses every
     * statement after one failed, where SQLite undoes only the statement that failed. */
    bool (*transaction_aborted)(struct db *db);
    /* Begins a write transaction that waits for the other writers and keeps them waiting until
     * it ends: one writer at a time on every engine, so that what a write reads before it writes
     * (a workshop's free seats, the next number) is still true when it commits. */
    int (*begin_write)(struct db *db);
    /* Begins a transaction that only reads, every statement of it seeing the database as it was
     * at its first (a copy of many tables taken while desks write). */
    int (*begin_read)(struct db *db);
    /* A number that changes when another connection commits a write (change notification):
     * the desk compares it to know when to refresh. */
    int (*data_version)(struct db *db, int64_t *version);
    /* Called in a write transaction before its commit, so that the other connections'
     * data_version changes once it is committed (and not when it is rolled back). */
    int (*announce)(struct db *db);
    void (*close)(struct db *db);
};

/* Every engine's connection and statement begin with their engine. */
struct db {
    const struct db_engine *engine;
};
struct db_stmt {
    const struct db_engine *engine;
    struct db *db;
};

static inline int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    return db->engine->prepare(db, sql, false, out);
}
static inline int db_prepare_persistent(struct db *db, const char *sql, struct db_stmt **out)
{
    return db->engine->prepare(db, sql, true, out);
}
/* Does nothing for NULL, as sqlite3_finalize. */
static inline int db_finalize(struct db_stmt *stmt)
{
    return stmt ? stmt->engine->finalize(stmt) : DB_OK;
}
static inline int db_reset(struct db_stmt *stmt) { return stmt->engine->reset(stmt); }
static inline int db_clear_bindings(struct db_stmt *stmt)
{
    return stmt->engine->clear_bindings(stmt);
}
static inline int db_bind_parameter_count(struct db_stmt *stmt)
{
    return stmt->engine->bind_parameter_count(stmt);
}
static inline int db_bind_null(struct db_stmt *stmt, int index)
{
    return stmt->engine->bind_null(stmt, index);
}
static inline int db_bind_int64(struct db_stmt *stmt, int index, int64_t value)
{
    return stmt->engine->bind_int64(stmt, index, value);
}
static inline int db_bind_int(struct db_stmt *stmt, int index, int value)
{
    return stmt->engine->bind_int64(stmt, index, value);
}
static inline int db_bind_double(struct db_stmt *stmt, int index, double value)
{
    return stmt->engine->bind_double(stmt, index, value);
}
/* text borrowed: it must outlive the statement's next reset. */
static inline int db_bind_text(struct db_stmt *stmt, int index, const char *text, int n)
{
    return stmt->engine->bind_text(stmt, index, text, n, DB_BORROWED);
}
static inline int db_bind_text_copy(struct db_stmt *stmt, int index, const char *text, int n)
{
    return stmt->engine->bind_text(stmt, index, text, n, DB_COPIED);
}
static inline int db_bind_blob(struct db_stmt *stmt, int index, const void *data, int n)
{
    return stmt->engine->bind_blob(stmt, index, data, n, DB_BORROWED);
}
static inline int db_step(struct db_stmt *stmt) { return stmt->engine->step(stmt); }
static inline int db_column_count(struct db_stmt *stmt)
{
    return stmt->engine->column_count(stmt);
}
static inline const char *db_column_name(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_name(stmt, col);
}
static inline enum db_type db_column_type(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_type(stmt, col);
}
static inline int64_t db_column_int64(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_int64(stmt, col);
}
static inline int db_column_int(struct db_stmt *stmt, int col)
{
    return (int)stmt->engine->column_int64(stmt, col);
}
static inline double db_column_double(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_double(stmt, col);
}
static inline const unsigned char *db_column_text(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_text(stmt, col);
}
static inline const void *db_column_blob(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_blob(stmt, col);
}
static inline int db_column_bytes(struct db_stmt *stmt, int col)
{
    return stmt->engine->column_bytes(stmt, col);
}
static inline int db_exec(struct db *db, const char *sql) { return db->engine->exec(db, sql); }
static inline const char *db_errmsg(struct db *db) { return db->engine->errmsg(db); }
static inline int64_t db_last_insert_id(struct db *db) { return db->engine->last_insert_id(db); }
static inline int64_t db_changes(struct db *db) { return db->engine->changes(db); }
static inline int64_t db_total_changes(struct db *db) { return db->engine->total_changes(db); }
static inline bool db_in_transaction(struct db *db) { return db->engine->in_transaction(db); }
static inline bool db_transaction_aborted(struct db *db)
{
    return db->engine->transaction_aborted(db);
}
static inline int db_begin_write(struct db *db) { return db->engine->begin_write(db); }
static inline int db_begin_read(struct db *db) { return db->engine->begin_read(db); }
static inline int db_data_version(struct db *db, int64_t *version)
{
    return db->engine->data_version(db, version);
}
static inline int db_announce(struct db *db) { return db->engine->announce(db); }
/* Does nothing for NULL. */
static inline void db_close(struct db *db)
{
    if (db)
        db->engine->close(db);
}

#endif
