/* Backups and restore: a consistent copy taken while desks keep writing, a daily rotation, and a
 * restore that checks the backup first and keeps the database it replaces. */
#include "store.h"
#include "store_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "date.h"
#include "i18n.h"

/* malloc'd printf, NULL when out of memory. */
static char *format_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format_path(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (out) {
        va_start(ap, fmt);
        vsnprintf(out, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return out;
}

/* The folder holding path ("." for a bare name) and the file's name without ".db": the copies of
 * guichet.db are guichet-2026-11-21.db. Both malloc'd. */
static int split_db_path(const char *path, char **dir, char **stem, struct gu_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(base);
    if (len > 3 && !strcmp(base + len - 3, ".db"))
        len -= 3;
    *dir = slash ? (slash == path ? strdup("/") : strndup(path, (size_t)(slash - path)))
                 : strdup(".");
    *stem = strndup(base, len);
    if (*dir && *stem)
        return GU_OK;
    free(*dir);
    free(*stem);
    *dir = *stem = NULL;
    return error_nomem(err);
}

/* Flushes a finished copy to the disk before it takes its name, so that a power cut never
 * leaves a half-written backup under a good name. */
static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* VACUUM INTO a private temporary file beside dest, then gives it dest's name: a new name only
 * (link, never replacing a file made meanwhile) unless replace. */
static int write_copy(sqlite3 *db, struct store *st, const char *dest, bool replace,
                      struct gu_error *err)
{
    struct stat sb;
    if (!replace && stat(dest, &sb) == 0)
        return error_set(err, GU_FAILURE, _("%s already exists: guichet does not overwrite it"),
                         dest);
    char *tmp = format_path("%s.part%ld", dest, (long)getpid());
    if (!tmp)
        return error_nomem(err);
    /* VACUUM INTO keeps the mode of an existing empty file: make it private first. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return error_set(err, GU_FAILURE, _("cannot create %s: %s"), dest, strerror(e));
    }
    close(fd);
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, tmp, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    int status = GU_OK;
    if (rc != SQLITE_DONE)
        status = st ? store_db_error(st, rc, err)
                    : error_set(err, GU_FAILURE, _("cannot write %s: %s"), dest, sqlite3_errmsg(db));
    else if (sync_file(tmp) != 0 || (replace ? rename(tmp, dest) : link(tmp, dest)) != 0)
        status = error_set(err, GU_FAILURE, _("cannot create %s: %s"), dest, strerror(errno));
    unlink(tmp);
    free(tmp);
    return status;
}

int store_backup(struct store *st, const char *dest, struct gu_error *err)
{
    return write_copy(store_sqlite(st), st, dest, false, err);
}

/* ---- the daily rotation -------------------------------------------------------------------- */

static const char *const plan_dir_key = "backup_dir", *const plan_keep_key = "backup_keep";

int store_get_backup_plan(struct store *st, struct backup_plan *out, struct gu_error *err)
{
    out->dir = NULL;
    out->keep = BACKUP_KEEP_DEFAULT;
    char *keep = NULL;
    if (store_get_setting(st, plan_dir_key, &out->dir, err) ||
        store_get_setting(st, plan_keep_key, &keep, err))
        return GU_FAILURE;
    long n = keep ? strtol(keep, NULL, 10) : 0;
    free(keep);
    if (n >= 1 && n <= BACKUP_KEEP_MAX)
        out->keep = (int)n;
    if (out->dir && *out->dir)
        return GU_OK;
    /* By default, a "backups" folder beside the database. */
    free(out->dir);
    char *dir, *stem;
    if (split_db_path(store_path(st), &dir, &stem, err))
        return GU_FAILURE;
    out->dir = format_path("%s/backups", dir);
    free(dir);
    free(stem);
    return out->dir ? GU_OK : error_nomem(err);
}

int store_set_backup_plan(struct store *st, const struct backup_plan *plan, struct gu_error *err)
{
    char keep[16];
    snprintf(keep, sizeof keep, "%d", plan->keep);
    int status = store_batch_begin(st, err);
    if (!status)
        status = store_set_setting(st, plan_dir_key, plan->dir, err);
    if (!status)
        status = store_set_setting(st, plan_keep_key, keep, err);
    return store_batch_end(st, status, err);
}

void store_backup_plan_free(struct backup_plan *plan)
{
    free(plan->dir);
    plan->dir = NULL;
}

/* Whether name is one of the rotation's copies: STEM-YYYY-MM-DD.db. */
static bool is_rotation_copy(const char *name, const char *stem)
{
    size_t n = strlen(stem), len = strlen(name);
    int y, m, d;
    char date[DATE_TEXT_SIZE];
    if (len != n + 1 + 10 + 3 || strncmp(name, stem, n) || name[n] != '-' ||
        strcmp(name + len - 3, ".db"))
        return false;
    memcpy(date, name + n + 1, 10);
    date[10] = '\0';
    return date_parse(date, &y, &m, &d);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest copies in dir beyond keep; the dates in their names sort them. */
static int prune_copies(const char *dir, const char *stem, int keep, int *removed,
                        struct gu_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return error_set(err, GU_FAILURE, _("cannot read the folder %s: %s"), dir, strerror(errno));
    char **names = NULL;
    size_t count = 0, cap = 0;
    int status = GU_OK;
    struct dirent *e;
    while (!status && (e = readdir(d))) {
        if (!is_rotation_copy(e->d_name, stem))
            continue;
        if (!array_reserve(&names, &cap, count, sizeof *names, 16))
            status = error_nomem(err);
        else if (!(names[count] = strdup(e->d_name)))
            status = error_nomem(err);
        else
            count++;
    }
    closedir(d);
    if (!status)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; !status && count > (size_t)keep && i < count - (size_t)keep; i++) {
        char *path = format_path("%s/%s", dir, names[i]);
        if (!path)
            status = error_nomem(err);
        else if (unlink(path) != 0)
            status = error_set(err, GU_FAILURE, _("cannot remove the old backup %s: %s"), path,
                               strerror(errno));
        else
            (*removed)++;
        free(path);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return status;
}

/* Today's copy in the plan's folder: "DIR/STEM-YYYY-MM-DD.db" (caller frees). */
static int todays_copy(struct store *st, const struct backup_plan *plan, char **path, char **stem,
                       struct gu_error *err)
{
    char *dir, today[DATE_TEXT_SIZE];
    if (split_db_path(store_path(st), &dir, stem, err))
        return GU_FAILURE;
    free(dir);
    clock_today_text(0, today);
    *path = format_path("%s/%s-%s.db", plan->dir, *stem, today);
    if (*path)
        return GU_OK;
    free(*stem);
    return error_nomem(err);
}

static int rotate(struct store *st, bool only_if_due, char **written, int *removed,
                  struct gu_error *err)
{
    *written = NULL;
    *removed = 0;
    struct backup_plan plan;
    char *path = NULL, *stem = NULL;
    int status = store_get_backup_plan(st, &plan, err);
    if (!status)
        status = todays_copy(st, &plan, &path, &stem, err);
    struct stat sb;
    bool due = !status && (!only_if_due || stat(path, &sb) != 0);
    if (due)
        status = store_make_parent_dirs(path, err);
    if (due && !status)
        status = write_copy(store_sqlite(st), st, path, true, err);
    if (due && !status)
        status = prune_copies(plan.dir, stem, plan.keep, removed, err);
    if (due && !status) {
        *written = path;
        path = NULL;
    }
    free(path);
    free(stem);
    store_backup_plan_free(&plan);
    return status;
}

int store_backup_rotate(struct store *st, char **written, int *removed, struct gu_error *err)
{
    return rotate(st, false, written, removed, err);
}

int store_backup_if_due(struct store *st, char **written, int *removed, struct gu_error *err)
{
    return rotate(st, true, written, removed, err);
}

/* ---- checking a backup --------------------------------------------------------------------- */

/* Whether the first row of sql is "ok" (integrity checks). */
static bool reads_ok(sqlite3 *db, const char *sql, int *rc)
{
    sqlite3_stmt *stmt;
    bool ok = false;
    *rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (*rc == SQLITE_OK && (*rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(stmt, 0);
        ok = text && !strcmp((const char *)text, "ok");
        *rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    return ok;
}

/* Whether a foreign key check finds nothing. */
static bool references_hold(sqlite3 *db, int *rc)
{
    sqlite3_stmt *stmt;
    *rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
    bool none = *rc == SQLITE_OK && (*rc = sqlite3_step(stmt)) == SQLITE_DONE;
    if (*rc == SQLITE_DONE || *rc == SQLITE_ROW)
        *rc = SQLITE_OK;
    sqlite3_finalize(stmt);
    return none;
}

static int open_backup(const char *file, sqlite3 **db, struct gu_error *err)
{
    struct stat sb;
    if (stat(file, &sb) != 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), file, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return error_set(err, GU_FAILURE, _("%s is not a guichet backup"), file);
    int rc = sqlite3_open_v2(file, db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        error_set(err, GU_FAILURE, _("cannot read %s: %s"), file, sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
        return GU_FAILURE;
    }
    return GU_OK;
}

/* The checks a backup must pass before it may replace anything; info tells what it holds. */
static int check_backup(sqlite3 *db, const char *file, struct backup_info *info,
                        struct gu_error *err)
{
    memset(info, 0, sizeof *info);
    long long app_id = 0, version = 0;
    int rc;
    if (store_read_int(db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
        app_id != GUICHET_APPLICATION_ID)
        return error_set(err, GU_FAILURE, _("%s is not a guichet backup"), file);
    if ((rc = store_read_int(db, "PRAGMA user_version", &version)) != SQLITE_OK)
        return error_set(err, GU_FAILURE, _("%s is damaged (%s): choose another backup"), file,
                         sqlite3_errstr(rc));
    if (store_refuse_newer(file, version, err))
        return GU_FAILURE;
    if (!reads_ok(db, "PRAGMA integrity_check(1)", &rc) || !references_hold(db, &rc))
        return error_set(err, GU_FAILURE, _("%s is damaged (%s): choose another backup"), file,
                         rc == SQLITE_OK ? _("failed the integrity check") : sqlite3_errstr(rc));
    info->schema = (int)version;
    sqlite3_stmt *stmt;
    rc = sqlite3_prepare_v2(db,
                            "SELECT (SELECT count(*) FROM help_session), "
                            "(SELECT coalesce(max(substr(started_at, 1, 10)), '') FROM help_session), "
                            "(SELECT count(*) FROM workshop), "
                            "(SELECT count(*) FROM participant WHERE erased_at IS NULL)",
                            -1, &stmt, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        info->sessions = sqlite3_column_int64(stmt, 0);
        snprintf(info->last_session, sizeof info->last_session, "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        info->workshops = sqlite3_column_int64(stmt, 2);
        info->participants = sqlite3_column_int64(stmt, 3);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        return error_set(err, GU_FAILURE, _("%s is damaged (%s): choose another backup"), file,
                         sqlite3_errstr(rc));
    return GU_OK;
}

int store_inspect_backup(const char *file, struct backup_info *info, struct gu_error *err)
{
    sqlite3 *db;
    int status = open_backup(file, &db, err);
    if (!status)
        status = check_backup(db, file, info, err);
    sqlite3_close(db);
    return status;
}

/* ---- restore ------------------------------------------------------------------------------- */

/* What is at the database's path before a restore. */
enum target_state { TARGET_MISSING, TARGET_SOUND, TARGET_DAMAGED, TARGET_FOREIGN };

static enum target_state inspect_target(sqlite3 *db)
{
    long long app_id = 0, objects = 0;
    int rc;
    if ((rc = store_read_int(db, "PRAGMA application_id", &app_id)) != SQLITE_OK ||
        (rc = store_read_int(db, "SELECT count(*) FROM sqlite_schema", &objects)) != SQLITE_OK)
        return rc == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT ? TARGET_DAMAGED
                                                                      : TARGET_FOREIGN;
    if (app_id == 0 && objects == 0)
        return TARGET_MISSING; /* an empty file: nothing to keep */
    if (app_id != GUICHET_APPLICATION_ID)
        return TARGET_FOREIGN;
    return reads_ok(db, "PRAGMA quick_check(1)", &rc) ? TARGET_SOUND : TARGET_DAMAGED;
}

/* A new name beside the database for what a restore replaces: DIR/STEM-WHAT-YYYY-MM-DD-HHMM.db,
 * with -2, -3… when taken. */
static char *aside_name(const char *db_path, const char *what, struct gu_error *err)
{
    char *dir, *stem;
    if (split_db_path(db_path, &dir, &stem, err))
        return NULL;
    struct gu_datetime now = clock_now();
    char *path = NULL;
    struct stat sb;
    for (int n = 1; n < 1000; n++) {
        free(path);
        path = n == 1 ? format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d.db", dir, stem, what,
                                    now.year, now.month, now.day, now.hour, now.minute)
                      : format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d-%d.db", dir, stem, what,
                                    now.year, now.month, now.day, now.hour, now.minute, n);
        if (!path || stat(path, &sb) != 0)
            break;
    }
    free(dir);
    free(stem);
    if (!path)
        error_nomem(err);
    return path;
}

/* Moves a damaged database and its write-ahead log aside, so that the restored file starts
 * clean and a stale log is never replayed onto it. */
static int move_aside(const char *db_path, const char *aside, struct gu_error *err)
{
    if (rename(db_path, aside) != 0)
        return error_set(err, GU_FAILURE, _("cannot move %s aside: %s"), db_path, strerror(errno));
    int status = GU_OK;
    char *wal = format_path("%s-wal", db_path), *wal_aside = format_path("%s-wal", aside),
         *shm = format_path("%s-shm", db_path);
    if (!wal || !wal_aside || !shm)
        status = error_nomem(err);
    else if (rename(wal, wal_aside) != 0 && errno != ENOENT)
        status = error_set(err, GU_FAILURE, _("cannot move %s aside: %s"), wal, strerror(errno));
    else if (unlink(shm) != 0 && errno != ENOENT)
        status = error_set(err, GU_FAILURE, _("cannot remove %s: %s"), shm, strerror(errno));
    free(wal);
    free(wal_aside);
    free(shm);
    return status;
}

/* Copies every page of the backup into the database through SQLite's backup API, under the
 * database's write lock: other desks see the old data or the new, never a mixture. */
static int copy_pages(sqlite3 *from, sqlite3 *to, const char *db_path, struct gu_error *err)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
    }
    if (rc == SQLITE_DONE)
        return GU_OK;
    return error_set(err, GU_FAILURE, _("cannot write the restored data into %s: %s"), db_path,
                     sqlite3_errmsg(to));
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int store_restore(const char *db_path, const char *file, struct backup_info *info, char **kept,
                  struct store **out, struct gu_error *err)
{
    *kept = NULL;
    *out = NULL;
    if (same_file(db_path, file))
        return error_set(err, GU_INVALID, _("%s is the database itself: choose a backup"), file);
    sqlite3 *from = NULL, *to = NULL;
    int status = open_backup(file, &from, err);
    if (!status)
        status = check_backup(from, file, info, err);
    if (!status)
        status = store_make_parent_dirs(db_path, err);
    if (!status)
        status = store_create_private_file(db_path, err);
    int rc = SQLITE_OK;
    if (!status && (rc = sqlite3_open_v2(db_path, &to, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK)
        status = error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"),
                           db_path, sqlite3_errmsg(to));
    enum target_state state = TARGET_MISSING;
    if (!status) {
        sqlite3_busy_timeout(to, BUSY_TIMEOUT_MS);
        /* Looking must not change what is kept: a damaged file's log is neither checkpointed
         * into it nor deleted when this connection closes. */
        int on = 1;
        sqlite3_db_config(to, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
        sqlite3_file_control(to, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
        state = inspect_target(to);
    }
    if (!status && state == TARGET_FOREIGN)
        status = error_set(err, GU_FAILURE,
                           _("%s is not a guichet database: guichet does not replace it"), db_path);
    if (!status && state == TARGET_SOUND) {
        /* The database as it was stays at hand, in case the wrong backup was chosen. */
        if (!(*kept = aside_name(db_path, "before-restore", err)))
            status = GU_FAILURE;
        else
            status = write_copy(to, NULL, *kept, false, err);
    }
    if (!status && state == TARGET_DAMAGED) {
        sqlite3_close(to);
        to = NULL;
        if (!(*kept = aside_name(db_path, "damaged", err)))
            status = GU_FAILURE;
        if (!status)
            status = move_aside(db_path, *kept, err);
        if (!status)
            status = store_create_private_file(db_path, err);
        if (!status &&
            (rc = sqlite3_open_v2(db_path, &to, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK)
            status = error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"),
                               db_path, sqlite3_errmsg(to));
        if (!status)
            sqlite3_busy_timeout(to, BUSY_TIMEOUT_MS);
    }
    if (!status)
        status = copy_pages(from, to, db_path, err);
    sqlite3_close(from);
    sqlite3_close(to);
    if (status) {
        if (state == TARGET_SOUND && *kept) { /* nothing was replaced: the copy is not needed */
            unlink(*kept);
            free(*kept);
            *kept = NULL;
        }
        return status;
    }
    /* Opening migrates an older backup; the audit log says what happened. */
    status = store_open(db_path, out, err);
    if (!status) {
        char now[21];
        clock_now_utc_text(now);
        status = store_tx_begin(*out, err);
        if (!status)
            status = store_add_audit(*out, now, 0, "restore", "database", 0, NULL, err);
        status = store_tx_end(*out, status, err);
    }
    return status;
}
