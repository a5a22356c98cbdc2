/* The SQLite file under a store: where it lives by default, what a file is before SQLite opens
 * it, creating it private to its user, opening it read-only, the SQL functions guichet's schema
 * calls, and the statement trace. What only the SQLite engine has; engine_sqlite.c runs the
 * statements. */
#include "store/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "strbuf.h"

int store_sqlite_open(const char *path, sqlite3 **db, int flags)
{
    static bool configured;
    if (!configured) { /* before the library's first use; refused (harmlessly) after */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        configured = true;
    }
    return sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
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

char *store_default_path(struct gu_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    struct strbuf b = STRBUF_INIT;
    if (xdg && *xdg == '/')
        strbuf_printf(&b, "%s/guichet/guichet.db", xdg);
    else if (home && *home)
        strbuf_printf(&b, "%s/.local/share/guichet/guichet.db", home);
    else {
        error_set(err, GU_FAILURE, "%s",
                  _("cannot find where to keep the database: set HOME, or use --db FILE"));
        return NULL;
    }
    char *path = strbuf_finish(&b);
    if (!path)
        error_nomem(err);
    return path;
}

char *store_desk_folder(const char *db_path, bool create)
{
    char *local = NULL;
    if (!db_path || store_target_is_server(db_path)) {
        struct gu_error ignored = {0};
        if (!(db_path = local = store_default_path(&ignored)))
            return NULL;
        /* each folder down to it made, private, as a new account has none of them yet */
        char *slash = strrchr(local, '/');
        for (char *p = local + 1; create && slash && p <= slash; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            mkdir(local, 0700);
            *p = '/';
        }
    }
    const char *slash = db_path ? strrchr(db_path, '/') : NULL;
    char *folder = !slash ? strdup(".")
                          : strndup(db_path, slash == db_path ? 1 : (size_t)(slash - db_path));
    free(local);
    return folder;
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
    int rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < ARRAY_LEN(functions); i++)
        rc = sqlite3_create_function(db, functions[i].name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     NULL, functions[i].fn, NULL, NULL);
    if (rc == DB_OK)
        rc = sqlite3_create_function(db, "guichet_in_set", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, sql_in_set, NULL, NULL);
    if (rc == DB_OK) /* never from a file's triggers or views: only guichet's statements */
        rc = sqlite3_create_function(db, "guichet_collect", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, NULL, sql_collect_step, sql_collect_final);
    return rc;
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
void store_trace_attach(struct store *st)
{
    const char *path = getenv("GUICHET_TRACE_SQL");
    if (!path || !*path || !(st->trace = fopen(path, "a")))
        return;
    sqlite3_trace_v2(db_sqlite(st->db), SQLITE_TRACE_STMT, trace_statement, st->trace);
}

int store_open_sqlite_readonly(const char *path, sqlite3 **db)
{
    *db = NULL;
    char *uri = readonly_uri(path);
    if (!uri)
        return DB_NOMEM;
    int rc = store_sqlite_open(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    free(uri);
    if (rc == DB_OK) {
        sqlite3_extended_result_codes(*db, 1);
        sqlite3_busy_timeout(*db, BUSY_TIMEOUT_MS);
    }
    return rc;
}
