/* The connection: opening, creating and migrating a database, the SQL functions guichet's
 * schema calls, the statements each domain prepares, transactions and batches, and the helpers
 * the store's files share (binding, reading columns, the audit log). */
#include "store/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "i18n.h"
#include "schema_expected.h"
#include "tsv.h"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_AUDIT_ADD,
    STMT_DATA_VERSION,
    STMT_PARTNER_DEFAULT_ADD,
    STMT_REQUEST_KIND_DEFAULT_ADD,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_AUDIT_ADD] = "INSERT INTO audit (at, operator_id, action, entity, entity_id, detail) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STMT_DATA_VERSION] = "PRAGMA data_version",
    [STMT_PARTNER_DEFAULT_ADD] =
        "INSERT INTO partner (code, name, name_fold, typology, category, phone, website, "
        "access_methods, is_national, handles, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    [STMT_REQUEST_KIND_DEFAULT_ADD] =
        "INSERT INTO request_kind (code, label, keywords, answer, partner_id, theme, bring, "
        "staff_note, position) VALUES (?1, ?2, ?3, ?4, (SELECT id FROM partner WHERE code = ?5), "
        "?6, ?7, ?8, ?9)",
};

STORE_STATEMENTS(STORE_DATABASE)

int store_sqlite_open(const char *path, sqlite3 **db, int flags)
{
    static bool configured;
    if (!configured) { /* before the library's first use; refused (harmlessly) after */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        configured = true;
    }
    return sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
}

/* Maps an SQLite failure to a message a desk can act on. */
int store_db_error(struct store *st, int rc, struct gu_error *err)
{
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    const char *path = st && st->path ? st->path : "";
    /* An I/O error says more through errno: a full disk, or a medium mounted read-only. */
    int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
    if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) {
        if (sys == ENOSPC || sys == EDQUOT)
            rc = SQLITE_FULL;
        else if (sys == EROFS)
            rc = SQLITE_READONLY;
    }
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return error_set(err, GU_FAILURE,
                         _("the database %s is busy: another desk has held it for too long; "
                           "nothing was written, try again"),
                         path);
    case SQLITE_FULL:
        return error_set(err, GU_FAILURE,
                         _("the disk holding %s is full: nothing was written; free some space "
                           "and try again"),
                         path);
    case SQLITE_READONLY:
        return error_set(err, GU_FAILURE,
                         _("the database %s is read-only: guichet needs to write to it"), path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return error_set(err, GU_FAILURE,
                         _("the database %s is damaged (%s): restore it from a backup"), path,
                         detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"), path,
                         detail);
    case SQLITE_NOMEM:
        return error_nomem(err);
    case SQLITE_CONSTRAINT: /* the caller's input broke a rule the schema enforces */
        return error_set(err, GU_INVALID, _("refused by the database: %s"), detail);
    default:
        return error_set(err, GU_FAILURE, _("database error on %s: %s"), path, detail);
    }
}

sqlite3_stmt *store_statement(struct store *st, enum store_domain domain, int id,
                              const char *const *sql, int count, struct gu_error *err)
{
    if (!st->stmts[domain]) {
        if (!(st->stmts[domain] = calloc((size_t)count, sizeof(sqlite3_stmt *)))) {
            error_nomem(err);
            return NULL;
        }
        st->stmt_counts[domain] = count;
    }
    sqlite3_stmt **slot = &st->stmts[domain][id];
    if (!*slot) {
        int rc = sqlite3_prepare_v3(st->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
        if (rc != SQLITE_OK) {
            store_db_error(st, rc, err);
            return NULL;
        }
    }
    return *slot;
}

/* Runs a statement that returns no rows and resets it. */
int store_stmt_run(struct store *st, sqlite3_stmt *stmt, struct gu_error *err)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE ? GU_OK : store_db_error(st, rc, err);
}

/* Ends a loop of sqlite3_step over stmt: a step that failed (rc neither a row nor done) becomes
 * the status unless the loop already stopped for its own reason; stmt is reset for its next use. */
int store_stmt_finish(struct store *st, sqlite3_stmt *stmt, int status, int rc,
                       struct gu_error *err)
{
    if (!status && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = store_db_error(st, rc, err);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
}

/* Runs fixed SQL without parameters (pragmas, transaction control, shipped migrations). */
int store_exec(struct store *st, const char *sql, struct gu_error *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
}

int store_read_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* store_read_int on st, its failure mapped to a message. */
int store_query_int(struct store *st, const char *sql, long long *out, struct gu_error *err)
{
    int rc = store_read_int(st->db, sql, out);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
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
    if (!st->in_batch)
        return store_exec(st, "BEGIN IMMEDIATE", err);
    /* SQLite ends the whole transaction on some failures (a full disk): the batch is gone. */
    if (st->batch_spoilt || sqlite3_get_autocommit(st->db)) {
        st->batch_spoilt = true;
        return error_set(err, GU_FAILURE, "%s", batch_spoilt_message());
    }
    if (st->depth++ == 0)
        st->before = sqlite3_total_changes64(st->db);
    return GU_OK;
}

static int tx_commit(struct store *st, struct gu_error *err)
{
    if (st->in_batch) {
        st->depth--;
        return GU_OK;
    }
    return store_exec(st, "COMMIT", err);
}

static void tx_rollback(struct store *st)
{
    if (st->in_batch) {
        if (st->depth > 0) /* not when its begin was refused */
            st->depth--;
        if (sqlite3_total_changes64(st->db) != st->before || sqlite3_get_autocommit(st->db))
            st->batch_spoilt = true;
    } else if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
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
    char pragma[128] = "PRAGMA temp_store = DEFAULT; PRAGMA wal_autocheckpoint = 1000";
    if (st->cache_size) /* 0 when the begin could not read it */
        snprintf(pragma, sizeof pragma, "PRAGMA temp_store = DEFAULT; "
                 "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = %lld", st->cache_size);
    st->cache_size = 0;
    struct gu_error ignored;
    int back = store_exec(st, pragma, status ? &ignored : err);
    return status ? status : back;
}

sqlite3 *store_sqlite(struct store *st)
{
    return st->db;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

char *store_default_path(struct gu_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char buf[4096];
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(buf, sizeof buf, "%s/guichet/guichet.db", xdg);
    else if (home && *home)
        n = snprintf(buf, sizeof buf, "%s/.local/share/guichet/guichet.db", home);
    else {
        error_set(err, GU_FAILURE, "%s",
                  _("cannot find where to keep the database: set HOME, or use --db FILE"));
        return NULL;
    }
    if (n < 0 || (size_t)n >= sizeof buf) {
        error_set(err, GU_FAILURE, "%s", _("the database path is too long"));
        return NULL;
    }
    char *path = strdup(buf);
    if (!path)
        error_nomem(err);
    return path;
}

char *store_resolve_path(const char *path)
{
    struct stat sb;
    char *real = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
    return real ? real : strdup(path); /* a dangling link: named as given, refused when opened */
}

int store_make_parent_dirs(const char *path, struct gu_error *err)
{
    char *dir = strdup(path);
    if (!dir)
        return error_nomem(err);
    char *slash = strrchr(dir, '/');
    int status = GU_OK;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; status == GU_OK; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                status = error_set(err, GU_FAILURE, _("cannot create the folder %s: %s"), dir,
                                   error_system_text(errno));
            *p = saved;
            if (!saved)
                break;
        }
    }
    free(dir);
    return status;
}

int store_create_private_file(const char *path, struct gu_error *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return GU_OK;
    }
    if (errno != EEXIST)
        return error_set(err, GU_FAILURE, _("cannot create the database %s: %s"), path,
                         error_system_text(errno));
    /* It holds names and phone numbers (domain.md §6): only its owner may read it. */
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0077))
        return error_set(err, GU_FAILURE,
                         _("the database %s can be read by other users of this computer (mode %03o): "
                           "guichet does not open it. Make it private with: chmod 600 '%s'"),
                         path, (unsigned)(sb.st_mode & 0777), path);
    return GU_OK;
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
    sqlite3_stmt *put;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO vocab (kind, code, label, position) "
                                        "VALUES (?1, ?2, ?3, ?4)", -1, &put, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    int status = GU_OK;
    for (int k = 0; !status && k < VOCAB_KIND_COUNT; k++) {
        for (size_t i = 0; !status && i < vocab_count(k); i++) {
            sqlite3_bind_text(put, 1, vocab_kind_name(k), -1, SQLITE_STATIC);
            sqlite3_bind_text(put, 2, vocab_code(k, (int)i), -1, SQLITE_STATIC);
            sqlite3_bind_text(put, 3, vocab_label_msgid(k, (int)i), -1, SQLITE_STATIC);
            sqlite3_bind_int64(put, 4, (sqlite3_int64)i);
            status = store_stmt_run(st, put, err);
        }
    }
    enum vocab_kind kind;
    const char *code;
    for (size_t i = 0; !status && former && (code = vocab_former_code(i, &kind)); i++) {
        sqlite3_bind_text(put, 1, vocab_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(put, 2, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(put, 3, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(put, 4, -1);
        status = store_stmt_run(st, put, err);
    }
    sqlite3_finalize(put);
    return status;
}

/* Loads data/vocab.tsv into the vocab table when it differs from what the database holds, so
 * that SQL users (reports, the sqlite3 shell) see the same vocabulary as the program. */
static int sync_vocabulary(struct store *st, struct gu_error *err)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%lx", hash_text(embedded_vocab_tsv));
    sqlite3_stmt *get = NULL, *set = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT value FROM setting WHERE key = 'vocab_hash'", -1,
                                &get, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    rc = sqlite3_step(get);
    bool current = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(get, 0), hash);
    sqlite3_finalize(get);
    if (current)
        return GU_OK;

    int status = store_tx_begin(st, err);
    if (status)
        return status;
    status = store_exec(st, "DELETE FROM vocab", err);
    if (!status)
        status = insert_vocabulary(st, false, err);
    if (!status &&
        (rc = sqlite3_prepare_v2(st->db,
                                 "INSERT OR REPLACE INTO setting (key, value) "
                                 "VALUES ('vocab_hash', ?1)",
                                 -1, &set, NULL)) != SQLITE_OK)
        status = store_db_error(st, rc, err);
    if (!status) {
        sqlite3_bind_text(set, 1, hash, -1, SQLITE_STATIC);
        status = store_stmt_run(st, set, err);
    }
    sqlite3_finalize(set);
    return store_tx_end(st, status, err);
}

static int load_default_partner(char **f, int n, int line_no, void *ctx)
{
    void **c = ctx;
    struct store *st = c[0];
    struct gu_error *err = c[1];
    if (n != 9)
        return error_set(err, GU_FAILURE, "data/partners.tsv:%d: malformed entry", line_no);
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTNER_DEFAULT_ADD, err);
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
    sqlite3_bind_text(stmt, 3, fold, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 9, !strcmp(f[7], "1"));
    sqlite3_bind_text(stmt, 11, c[2], -1, SQLITE_STATIC);
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
    sqlite3_stmt *stmt = stmt_get(st, STMT_REQUEST_KIND_DEFAULT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    for (int i = 0; i < 8; i++)
        store_bind_text_or_null(stmt, i + 1, *f[i] ? f[i] : NULL);
    sqlite3_bind_int(stmt, 9, line_no);
    return store_stmt_run(st, stmt, err);
}

/* Partners and the routing policy shipped in data/, loaded once into a new database; after that
 * they are the library's own, to edit. */
static int load_defaults(struct store *st, struct gu_error *err)
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
        long long version;
        int status = store_tx_begin(st, err);
        if (!status)
            status = store_query_int(st, "PRAGMA user_version", &version, err);
        if (!status && version < m->version) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
            status = store_exec(st, m->sql, err);
            if (!status)
                status = store_exec(st, pragma, err);
        }
        status = store_tx_end(st, status, err);
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

/* guichet_fold(text): the folded form the store keeps in name_fold columns, so that SQL can
 * compare a typed or stored name with the folded ones. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *text = sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    char *folded = text_fold((const char *)text);
    if (!folded) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, folded, -1, free);
}

/* The result of a canonical form (person.h): the new text, else the value as it was (not a name
 * or a phone number: older or foreign data is kept, not lost), NULL for NULL. */
static void sql_result_canonical(sqlite3_context *ctx, sqlite3_value *in, char *canonical,
                                 bool nomem)
{
    if (canonical)
        sqlite3_result_text(ctx, canonical, -1, free);
    else if (nomem)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_value(ctx, in);
}

/* guichet_clean_name(text): person_clean_name's form, for migration 006. */
static void sql_clean_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *clean = NULL;
    struct gu_error err = {0};
    if (text)
        person_clean_name("name", text, 0, &clean, &err);
    sql_result_canonical(ctx, argv[0], clean, err.status == GU_FAILURE);
}

/* guichet_phone(text): person_canonical_phone's form. */
static void sql_phone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *canonical = text ? person_canonical_phone(text) : NULL;
    sql_result_canonical(ctx, argv[0], canonical, text && !canonical);
}

/* guichet_email(text): person_canonical_email's form. */
static void sql_email(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *canonical = text ? person_canonical_email(text) : NULL;
    sql_result_canonical(ctx, argv[0], canonical, text && !canonical);
}

static void sql_in_set(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct idset *set = sqlite3_value_pointer(argv[0], IDSET_POINTER);
    sqlite3_result_int(ctx, set && idset_has(set, sqlite3_value_int64(argv[1])));
}

static void sql_collect_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)ctx;
    (void)argc;
    struct idset_collect *c = sqlite3_value_pointer(argv[0], COLLECT_POINTER);
    if (c && !c->failed && !idset_add(c->set, sqlite3_value_int64(argv[1])))
        c->failed = true;
}

static void sql_collect_final(sqlite3_context *ctx)
{
    sqlite3_result_null(ctx);
}

int store_register_functions(sqlite3 *db)
{
    static const struct {
        const char *name;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } functions[] = {{"guichet_fold", sql_fold},
                     {"guichet_clean_name", sql_clean_name},
                     {"guichet_phone", sql_phone},
                     {"guichet_email", sql_email}};
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < ARRAY_LEN(functions); i++)
        rc = sqlite3_create_function(db, functions[i].name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     NULL, functions[i].fn, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "guichet_in_set", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, sql_in_set, NULL, NULL);
    if (rc == SQLITE_OK) /* never from a file's triggers or views: only guichet's statements */
        rc = sqlite3_create_function(db, "guichet_collect", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, NULL, sql_collect_step, sql_collect_final);
    return rc;
}

static int configure(struct store *st, struct gu_error *err)
{
    int rc = store_register_functions(st->db);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    sqlite3_stmt *stmt;
    rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    bool wal = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    if (!wal) {
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
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

/* Whether path followed by suffix names an existing file. */
static bool companion_exists(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    char *name = malloc(n + m + 1);
    if (!name)
        return true; /* the careful answer: SQLite is then left to look */
    memcpy(name, path, n);
    memcpy(name + n, suffix, m + 1);
    struct stat sb;
    bool exists = lstat(name, &sb) == 0;
    free(name);
    return exists;
}

static uint32_t read_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int store_peek_file(const char *path, enum store_file_kind *kind, struct gu_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT) {
            *kind = STORE_FILE_MISSING;
            return GU_OK;
        }
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
    }
    if (!S_ISREG(sb.st_mode)) {
        *kind = STORE_FILE_NOT_REGULAR;
        return GU_OK;
    }
    if (sb.st_size == 0) {
        *kind = STORE_FILE_EMPTY;
        return GU_OK;
    }
    /* The 100-byte header, and page 1's b-tree header just after it (the schema table). */
    unsigned char head[108] = {0};
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
    ssize_t got = pread(fd, head, sizeof head, 0);
    int e = errno;
    close(fd);
    if (got < 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(e));
    if ((size_t)got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0) {
        *kind = STORE_FILE_NOT_SQLITE;
        return GU_OK;
    }
    uint32_t app_id = read_be32(head + 68);
    if (app_id == GUICHET_APPLICATION_ID)
        *kind = STORE_FILE_OURS;
    else if (app_id != 0)
        *kind = STORE_FILE_FOREIGN;
    else if (companion_exists(path, "-wal"))
        *kind = STORE_FILE_UNSURE; /* a new database's first writes may still be in its log */
    else
        /* No log: the file says it all. A schema table without a row is an empty database. */
        *kind = head[100] == 0x0D && head[103] == 0 && head[104] == 0 ? STORE_FILE_EMPTY
                                                                     : STORE_FILE_FOREIGN;
    return GU_OK;
}

int store_refuse_file(const char *path, enum store_file_kind kind, bool replacing,
                      struct gu_error *err)
{
    switch (kind) {
    case STORE_FILE_NOT_REGULAR:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a regular file: guichet does not replace it")
                                   : _("%s is not a regular file: guichet cannot use it as its "
                                       "database"),
                         path);
    case STORE_FILE_NOT_SQLITE:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a database at all (neither guichet's nor any "
                                       "SQLite one): guichet does not replace it")
                                   : _("%s is not a database at all (neither guichet's nor any "
                                       "SQLite one): guichet leaves it untouched"),
                         path);
    case STORE_FILE_FOREIGN:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a guichet database: guichet does not replace it")
                                   : _("%s is not a guichet database: guichet leaves it untouched"),
                         path);
    default:
        return GU_OK;
    }
}

/* Percent-encodes path into a read-only SQLite URI; immutable when no log or journal lies beside
 * the file, so that reading a closed WAL database creates no -wal or -shm beside it. */
static char *readonly_uri(const char *path)
{
    bool alone = !companion_exists(path, "-wal") && !companion_exists(path, "-journal");
    const char *query = alone ? "?mode=ro&immutable=1" : "?mode=ro";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + strlen(query) + 1), *o = uri;
    if (!uri)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/._-~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    strcpy(o, query);
    return uri;
}

/* GUICHET_TRACE_SQL=FILE (tests/bench.sh): every statement the store runs, appended to FILE with
 * its bound values written in, each ended by ";" and a line break, so that the sqlite3 shell can
 * run the same ones. Statements run by triggers are left out (the shell's would run them too). */
static int trace_statement(unsigned type, void *ctx, void *p, void *x)
{
    FILE *out = ctx;
    if (type != SQLITE_TRACE_STMT || ((const char *)x)[0] == '-' /* "-- TRIGGER name" */)
        return 0;
    char *sql = sqlite3_expanded_sql(p);
    if (sql) {
        fprintf(out, "%s;\n", sql);
        fflush(out);
    }
    sqlite3_free(sql);
    return 0;
}

/* Starts the trace when GUICHET_TRACE_SQL names a file; a file that cannot be opened is no
 * trace (a bench tool, not a feature: the command works the same). */
static void trace_attach(struct store *st)
{
    const char *path = getenv("GUICHET_TRACE_SQL");
    if (!path || !*path || !(st->trace = fopen(path, "a")))
        return;
    sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_statement, st->trace);
}

int store_open_sqlite_readonly(const char *path, sqlite3 **db)
{
    *db = NULL;
    char *uri = readonly_uri(path);
    if (!uri)
        return SQLITE_NOMEM;
    int rc = store_sqlite_open(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    free(uri);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(*db, 1);
        sqlite3_busy_timeout(*db, BUSY_TIMEOUT_MS);
    }
    return rc;
}

int store_open_readonly(const char *path, struct store **out, struct gu_error *err)
{
    *out = NULL;
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
    int rc = store_open_sqlite_readonly(path, &st->db);
    if (rc != SQLITE_OK)
        status = store_db_error(st, rc, err);
    else
        trace_attach(st);
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
        int rc = store_sqlite_open(path, &st->db, SQLITE_OPEN_READWRITE);
        if (rc != SQLITE_OK)
            status = store_db_error(st, rc, err);
    }
    if (!status) {
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
        trace_attach(st);
        if (sqlite3_db_readonly(st->db, "main") == 1)
            status = store_db_error(st, SQLITE_READONLY, err);
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
        status = sync_vocabulary(st, err);
    if (!status)
        status = load_defaults(st, err);
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
            sqlite3_finalize(st->stmts[d][i]);
        free(st->stmts[d]);
    }
    for (int i = 0; i < TALLY_COUNT; i++)
        sqlite3_finalize(st->tally[i]);
    sqlite3_close(st->db);
    if (st->trace)
        fclose(st->trace);
    free(st->path);
    free(st);
}

/* Binds text, or NULL for a missing value. */
void store_bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

void store_bind_code(sqlite3_stmt *stmt, int index, enum vocab_kind kind, int value)
{
    store_bind_text_or_null(stmt, index, value == VOCAB_NONE ? NULL : vocab_code(kind, value));
}

int store_add_audit(struct store *st, const char *now, int64_t operator_id, const char *action,
                     const char *entity, int64_t entity_id, const char *detail,
                     struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_AUDIT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
    if (operator_id)
        sqlite3_bind_int64(stmt, 2, operator_id);
    sqlite3_bind_text(stmt, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, entity, -1, SQLITE_STATIC);
    if (entity_id)
        sqlite3_bind_int64(stmt, 5, entity_id);
    store_bind_text_or_null(stmt, 6, detail);
    return store_stmt_run(st, stmt, err);
}

/* Turns this connection's triggers off (on = false) or back on. SQLite then re-prepares the
 * statements, which compiled the triggers in. */
int store_set_triggers(struct store *st, bool on, struct gu_error *err)
{
    int rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, (int *)NULL);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
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

int store_column_code(sqlite3_stmt *stmt, int col, enum vocab_kind kind)
{
    const unsigned char *code = sqlite3_column_text(stmt, col);
    return code ? vocab_find(kind, (const char *)code) : VOCAB_NONE;
}

/* Text columns are borrowed: valid until the next step. */
char *store_column_borrow(sqlite3_stmt *stmt, int col)
{
    return (char *)sqlite3_column_text(stmt, col);
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
int store_stmt_int(struct store *st, sqlite3_stmt *stmt, long long *out, struct gu_error *err)
{
    int rc = sqlite3_step(stmt);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? GU_OK : store_db_error(st, rc, err);
}

long long store_data_version(struct store *st)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_DATA_VERSION, NULL);
    long long v = 0;
    if (stmt)
        store_stmt_int(st, stmt, &v, NULL);
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
