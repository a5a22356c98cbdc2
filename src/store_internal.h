/* Private to the storage module (store.c and store_*.c, the only files that include sqlite3.h):
 * the connection and the transaction and audit helpers that every part of the store shares. */
#ifndef GUICHET_STORE_INTERNAL_H
#define GUICHET_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* 'GUIC': marks the file as ours (PRAGMA application_id). */
#define GUICHET_APPLICATION_ID 1196771651
#define BUSY_TIMEOUT_MS 5000

/* Opens the SQLite database at path with flags (SQLITE_OPEN_*), as sqlite3_open_v2 does, for
 * this process's one thread: the library's memory statistics and the connection's mutex, which
 * cost a lock on every allocation and call, are left out. *db must be closed by the caller
 * whatever the result. */
int store_sqlite_open(const char *path, sqlite3 **db, int flags);
/* The connection of st (borrowed). */
sqlite3 *store_sqlite(struct store *st);
/* The database file's path (borrowed). */
const char *store_path(const struct store *st);
/* The erasure key's path for the database at db_path (DB-erasure-key); NULL when out of memory. */
char *store_key_path(const char *db_path);
/* mkdir -p for the folder holding path; folders created here are private to the user. */
int store_make_parent_dirs(const char *path, struct gu_error *err);
/* Creates the file at path with mode 0600 before SQLite sees it (SQLite gives its -wal and -shm
 * files the same mode); an existing file is refused if other users can read it. */
int store_create_private_file(const char *path, struct gu_error *err);
/* What a file is, read from its first bytes before SQLite opens it (SQLite takes any file for a
 * database, and creates -wal and -shm files beside a WAL one it reads). */
enum store_file_kind {
    STORE_FILE_MISSING,     /* nothing there */
    STORE_FILE_EMPTY,       /* 0 bytes, or an SQLite database without any table and no log */
    STORE_FILE_OURS,        /* an SQLite database marked as guichet's (sound or damaged) */
    STORE_FILE_UNSURE,      /* unmarked, with a log beside it: SQLite must read the log to tell */
    STORE_FILE_NOT_SQLITE,  /* not an SQLite database at all (a text file…) */
    STORE_FILE_FOREIGN,     /* another program's SQLite database */
    STORE_FILE_NOT_REGULAR, /* a folder, a device… */
};
int store_peek_file(const char *path, enum store_file_kind *kind, struct gu_error *err);
/* GU_OK for the kinds guichet may open; else a message naming path that says what it is and that
 * guichet leaves it alone (replacing: that a restore does not replace it). */
int store_refuse_file(const char *path, enum store_file_kind kind, bool replacing,
                      struct gu_error *err);
/* Opens path for reading only, creating nothing: immutable when no log or journal lies beside
 * it. Returns the SQLite code; *db is to be closed by the caller even on failure. */
int store_open_sqlite_readonly(const char *path, sqlite3 **db);
/* Registers the SQL functions guichet's migrations and triggers call (guichet_fold…) on db;
 * returns the SQLite code. */
int store_register_functions(sqlite3 *db);
/* Compares db's schema (every table, index, trigger and view: type, name and SQL) with the one a
 * new database at db's version gets from the migrations built into this program, built in
 * memory. fn (may be NULL) receives one translated line per object missing, added or altered,
 * named; *problems counts them. path names db in errors. GU_OK when the comparison was made
 * (whatever it found), else GU_FAILURE with err set (unreadable, or newer than this guichet). */
int store_compare_schema(sqlite3 *db, const char *path, store_problem_fn fn, void *ctx,
                         long *problems, struct gu_error *err);
/* check's recount of session_tally (migration 004) against session_facts, streamed and summed
 * in memory by group rather than sorted: fn receives one translated line per count that differs
 * (at most limit), *problems counts them all. Returns the SQLite code. */
int store_recount_session_tally(sqlite3 *db, long limit, store_problem_fn fn, void *ctx,
                                long *problems);
/* Maps an SQLite failure to a message a desk can act on; returns the status to use. */
int store_db_error(struct store *st, int rc, struct gu_error *err);
/* Reads the single integer a fixed query returns (also on connections without a store, such
 * as a backup being checked); SQLITE_OK, or the SQLite code of the failure (SQLITE_DONE when
 * there is no row). */
int store_read_int(sqlite3 *db, const char *sql, long long *out);
/* GU_OK when schema version is one this guichet knows, else a message naming path. */
int store_refuse_newer(const char *path, long long version, struct gu_error *err);
/* Runs fixed SQL without parameters (pragmas, transaction control, shipped migrations). */
int store_exec(struct store *st, const char *sql, struct gu_error *err);
/* A write transaction (BEGIN IMMEDIATE, or a savepoint inside store_batch_begin). */
int store_tx_begin(struct store *st, struct gu_error *err);
/* Commits when status is GU_OK, else (or when the commit fails) rolls back; returns the final
 * status. */
int store_tx_end(struct store *st, int status, struct gu_error *err);
/* Like store_tx_end, but a dry run that went well is rolled back and reports GU_OK. */
int store_tx_end_or_dry_run(struct store *st, int status, bool dry_run, struct gu_error *err);
/* One audit entry: who (operator_id, 0 for none) did action to entity entity_id at now (UTC).
 * detail must never hold personal data. */
int store_add_audit(struct store *st, const char *now, int64_t operator_id, const char *action,
                    const char *entity, int64_t entity_id, const char *detail,
                    struct gu_error *err);

/* Closes the open referrals past the referral_expiry_days setting ("sans suite", closed as of
 * the day each became overdue, each in the audit log at now), inside the caller's transaction;
 * *count receives how many. With count_only, only counts them (a read: no transaction needed). */
int store_close_overdue_referrals(struct store *st, const char *now, bool count_only,
                                  long long *count, struct gu_error *err);

/* How many sessions a search reads in order before it asks the indexes, and how many a word may
 * reach to lead sorted or filtering (0: the defaults), so that a test's small corpus goes every
 * way. */
void store_set_search_limits(struct store *st, long scan_rows, long drive_max, long filter_max);
/* The same for the partner directory's search (store_page_partners), and how many partners an
 * import updates one by one in its index before it builds it again whole (0: the defaults). */
void store_set_partner_search_limits(struct store *st, long scan_rows, long drive_max,
                                     long filter_max, long reindex_max);

/* How long to wait for the backups other processes are writing, and whom to tell meanwhile
 * (fn may be NULL). */
struct copy_wait {
    int limit_ms;
    store_wait_fn fn;
    void *ctx;
};

/* Removes the partial copies left by killed backups or restores beside the database and in the
 * backup folder (*parts counts them); waits, as wait says (NULL: not at all), for the backups
 * other processes are writing there to take their names, and calls busy with the name of each
 * still being written; then calls fn with the path of each copy guichet keeps: the daily backups
 * of the rotation and the copies kept by restores. Stops at fn's or busy's failure. */
typedef int (*store_copy_fn)(const char *path, void *ctx, struct gu_error *err);
int store_each_kept_copy(struct store *st, const struct copy_wait *wait, store_copy_fn fn,
                         store_copy_fn busy, void *ctx, int *parts, struct gu_error *err);
/* After a restore: the register of previous (the replaced database; may be NULL) merged into
 * st's, and every entry applied to st, under the erasure key beside db_path (the database's
 * path: st may still be under a temporary name); without that key (*key_missing), the records
 * are still found by their number, not the mentions in notes. */
int store_reapply_erasures(struct store *st, sqlite3 *previous, const char *db_path,
                           bool *key_missing, struct gu_error *err);
/* Cleans the copies guichet keeps of the people whose erasure could not clean them all yet (the
 * register's entries without copies_at), after the backups being written, as wait says (NULL:
 * no waiting; such a backup is then listed as failed, and the entries stay pending for the next
 * backup, purge or erasure); out counts the copies and parts and lists failures. */
int store_finish_copies(struct store *st, const struct copy_wait *wait, struct erasure_outcome *out,
                        struct gu_error *err);
/* Erases from the copy of st just written at path (not named yet) the people erased after it was
 * taken (the register's entries it does not have), as in the database: a backup never takes
 * its name holding someone erased meanwhile. */
int store_erase_in_new_copy(struct store *st, const char *path, struct gu_error *err);

#endif
