/* Backups and restore: a consistent copy taken while desks keep writing, a daily rotation, and a
 * restore that checks the backup first and keeps the database it replaces. */
#include "store.h"
#include "store/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "date.h"
#include "i18n.h"
#include "strbuf.h"
#include "text.h"

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

/* Flushes the folder holding path, so that a new name given to a file survives a power cut. */
static void sync_parent(const char *path)
{
    char *dir, *stem;
    if (split_db_path(path, &dir, &stem, NULL))
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
    free(stem);
}

/* Removes path and the files SQLite may have made beside it; best effort (for cleaning up). */
static void remove_with_companions(const char *path)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
        char *name = format_path("%s%s", path, suffixes[i]);
        if (name)
            unlink(name);
        free(name);
    }
}

/* ---- copies being written: DEST.partPID ----------------------------------------------------
 * A copy is written under a temporary name beside its destination and takes the destination's
 * name only once complete and flushed. Its process holds an flock on it meanwhile: a part whose
 * process is gone (the pid in its name) and whose lock is free was left by a killed backup or
 * restore, and the next one removes it, since it holds personal data. */

struct part {
    char *path; /* owned */
    int fd;     /* holds the lock until the part has its final name */
};

/* Whether name is BASE.partPID; *pid receives PID. */
static bool parse_part(const char *name, long *pid)
{
    const char *mark = strstr(name, ".part"), *next;
    while (mark && (next = strstr(mark + 1, ".part")))
        mark = next;
    if (!mark || mark == name || !mark[5])
        return false;
    char *end;
    errno = 0;
    *pid = strtol(mark + 5, &end, 10);
    return !*end && !errno && *pid > 0 && mark[5] >= '0' && mark[5] <= '9';
}

/* Whether a part of pid (parse_part) is being written by another process, alive: the pid
 * exists (one we may not signal counts). Ours is never: a part of this process's pid was left
 * by an earlier process. */
static bool part_of_live_process(long pid)
{
    return pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH);
}

/* Removes the stale parts in dir, whatever name each was to take: a copy killed in the middle
 * holds personal data, so the next backup or restore to the same folder removes it. An
 * unreadable folder has none. */
static int remove_stale_parts(const char *dir)
{
    DIR *d = opendir(dir);
    int removed = 0;
    if (!d)
        return 0;
    struct dirent *e;
    long pid;
    while ((e = readdir(d))) {
        if (!parse_part(e->d_name, &pid) || part_of_live_process(pid))
            continue; /* not a part, or being written */
        char *path = format_path("%s/%s", dir, e->d_name);
        int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) : -1;
        /* Only what a part can hold: nothing yet, or an SQLite file being filled (SQLite writes
         * its first page last, so a killed copy often starts with zeros). */
        static const char zeros[16];
        char head[16] = {0};
        ssize_t got = fd >= 0 ? pread(fd, head, sizeof head, 0) : -1;
        bool ours = got == 0 || (got == (ssize_t)sizeof head &&
                                 (!memcmp(head, "SQLite format 3", 16) || !memcmp(head, zeros, 16)));
        if (fd >= 0 && ours && flock(fd, LOCK_EX | LOCK_NB) == 0) {
            remove_with_companions(path);
            removed++;
        }
        if (fd >= 0)
            close(fd);
        free(path);
    }
    closedir(d);
    return removed;
}

/* Milliseconds since start, on the monotonic clock. */
static long elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* Waits for the part at path, locked by the live process writing it, to take its name (its lock
 * goes once it has): until start + wait's limit. False when it is still being written then. */
static bool wait_for_part(const char *path, const struct copy_wait *wait,
                          const struct timespec *start)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return true; /* gone: named or discarded meanwhile */
    struct timespec pause = {0, 20 * 1000 * 1000};
    bool done;
    for (;;) {
        done = flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK;
        long waited = elapsed_ms(start);
        if (done || waited >= wait->limit_ms)
            break;
        if (wait->fn)
            wait->fn(STORE_WAIT_BACKUP, (int)waited, wait->limit_ms, wait->ctx);
        nanosleep(&pause, NULL);
    }
    close(fd); /* and its lock, if taken */
    return done;
}

/* Waits (wait NULL: not at all) for the backups other live processes are writing in dir: a copy
 * taken before an erasure takes its name after it, and must be cleaned then. Calls busy with the
 * name each one still being written will take. */
static int wait_for_parts(const char *dir, const struct copy_wait *wait,
                          const struct timespec *start, store_copy_fn busy, void *ctx,
                          struct gu_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return GU_OK;
    static const struct copy_wait none = {0, NULL, NULL};
    int status = GU_OK;
    struct dirent *e;
    long pid;
    while (!status && (e = readdir(d))) {
        if (!parse_part(e->d_name, &pid) || !part_of_live_process(pid))
            continue; /* not a part, or one remove_stale_parts removes */
        char *path = format_path("%s/%s", dir, e->d_name);
        if (!path)
            status = error_nomem(err);
        else if (!wait_for_part(path, wait ? wait : &none, start)) {
            *strrchr(path, '.') = '\0'; /* the name it will take */
            status = busy(path, ctx, err);
        }
        free(path);
    }
    closedir(d);
    return status;
}

/* Creates dest's part, private and locked. Errors name dest. */
static int part_create(const char *dest, struct part *part, struct gu_error *err)
{
    part->fd = -1;
    if (!(part->path = format_path("%s.part%ld", dest, (long)getpid())))
        return error_nomem(err);
    for (int attempt = 0; attempt < 2 && part->fd < 0; attempt++) {
        part->fd = open(part->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (part->fd < 0 && errno == EEXIST && attempt == 0)
            remove_with_companions(part->path); /* our own pid: left by an earlier process */
        else if (part->fd < 0)
            break;
    }
    if (part->fd < 0) {
        int e = errno;
        free(part->path);
        part->path = NULL;
        return error_set(err, GU_FAILURE, _("cannot create %s: %s"), dest, error_system_text(e));
    }
    flock(part->fd, LOCK_EX | LOCK_NB);
    return GU_OK;
}

/* Lets go of a part that took its name: its lock, then its path. */
static void part_settled(struct part *part, const char *dest)
{
    sync_parent(dest);
    close(part->fd);
    free(part->path);
    part->path = NULL;
    part->fd = -1;
}

/* Removes an unfinished part and whatever SQLite left beside it. */
static void part_discard(struct part *part)
{
    if (part->path)
        remove_with_companions(part->path);
    if (part->fd >= 0)
        close(part->fd);
    free(part->path);
    part->path = NULL;
    part->fd = -1;
}

/* Gives path the new name dest, never over an existing file; where the file system has no hard
 * links (a FAT-formatted USB key), a rename once dest is seen free. */
static bool link_new_name(const char *path, const char *dest)
{
    if (link(path, dest) == 0)
        return true;
    struct stat sb;
    if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
        return false;
    if (stat(dest, &sb) == 0) {
        errno = EEXIST;
        return false;
    }
    return rename(path, dest) == 0;
}

/* Flushes the finished part and gives it dest's name: replacing dest, or (replace false) only as
 * a new name, never over a file made meanwhile. */
static int part_commit(struct part *part, const char *dest, bool replace, struct gu_error *err)
{
    int status = GU_OK;
    if (fsync(part->fd) != 0)
        status = error_set(err, GU_FAILURE, _("cannot write %s: %s"), dest, error_system_text(errno));
    else if (replace ? rename(part->path, dest) != 0 : !link_new_name(part->path, dest))
        status = error_set(err, GU_FAILURE, _("cannot create %s: %s"), dest, error_system_text(errno));
    if (status) {
        part_discard(part);
        return status;
    }
    if (!replace)
        unlink(part->path); /* after a link; gone already after a rename */
    part_settled(part, dest);
    return GU_OK;
}

/* The message for a copy that failed: the destination's disk when it is the destination that
 * failed (full, read-only…), the database when the source did (damaged, busy). */
static int copy_failed(sqlite3 *to, struct store *st, int rc, const char *dest,
                       struct gu_error *err)
{
    int sys = to ? sqlite3_system_errno(to) : 0, primary = rc & 0xff;
    if (primary == SQLITE_NOMEM)
        return error_nomem(err);
    if (primary == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT || sys == EFBIG)
        return error_set(err, GU_FAILURE,
                         _("cannot write %s: the disk holding it is full; nothing was written "
                           "there"),
                         dest);
    if (st && !sys &&
        (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_BUSY ||
         primary == SQLITE_LOCKED))
        return store_db_error(st, rc, err);
    return error_set(err, GU_FAILURE, _("cannot write %s: %s"), dest,
                     sys ? error_system_text(sys) : sqlite3_errstr(rc));
}

static bool reads_ok(sqlite3 *db, const char *sql, int *rc);

/* Keeps the first problem found (owned; NULL when out of memory or none). */
static void keep_first_problem(const char *problem, void *ctx)
{
    char **first = ctx;
    if (!*first)
        *first = strdup(problem);
}

/* A copy whose schema is not the migrations' (a trigger dropped, added or altered) keeps counts
 * that drift: it must not take a good copy's place in the rotation either. The comparison reads
 * the schema only (the recounts of check take minutes at a network's size). */
static int refuse_altered_schema(sqlite3 *copy, struct store *st, struct gu_error *err)
{
    long problems = 0;
    char *first = NULL;
    int status = store_compare_schema(copy, store_path(st), keep_first_problem, &first, &problems,
                                      err);
    if (!status && problems)
        status = error_set(err, GU_FAILURE,
                           _("%s is damaged (%s): guichet does not back it up, and the earlier "
                             "copies are kept; guichet check lists what differs"),
                           store_path(st), first ? first : _("out of memory"));
    free(first);
    return status;
}

/* Copies every page of from into the empty file tmp through SQLite's backup API (a consistent
 * snapshot while other desks keep writing, whatever the page size), without a journal: an
 * unfinished part is thrown away anyway. The copy's header then says "rollback journal", so
 * that reading it later creates no log beside it. */
static int copy_into(sqlite3 *from, struct store *st, const char *tmp, const char *dest,
                     struct gu_error *err)
{
    sqlite3 *to = NULL;
    int rc = store_sqlite_open(tmp, &to, SQLITE_OPEN_READWRITE);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(to, 1);
        rc = sqlite3_exec(to, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
        if (!b)
            rc = sqlite3_extended_errcode(to);
        else {
            rc = sqlite3_backup_step(b, -1);
            int finish = sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? finish : rc;
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    int status = rc == SQLITE_OK ? GU_OK : copy_failed(to, st, rc, dest, err);
    /* A copy of a damaged database is damaged too: it must never take a good copy's name, nor
     * push the oldest good copies out of the rotation. */
    int check_rc;
    if (!status && !reads_ok(to, "PRAGMA quick_check(1)", &check_rc))
        status = error_set(err, GU_FAILURE,
                           _("%s is damaged: guichet does not back it up, and the earlier "
                             "copies are kept; restore it from one of them"),
                           st ? store_path(st) : dest);
    /* A restore's copy of the database it replaces (st NULL) is kept whatever its schema: a
     * restore is how a damaged database is mended. */
    if (!status && st)
        status = refuse_altered_schema(to, st, err);
    sqlite3_close(to);
    return status;
}

/* Tests only: with GUICHET_TEST_HOLD_BACKUP=FILE, a copy once taken, before anything else,
 * creates FILE.held and waits until FILE exists: the moment an erasure can race it, held open
 * for a test to erase someone in (as SQLite's test hooks do). */
static void hold_for_test(void)
{
    const char *hold = getenv("GUICHET_TEST_HOLD_BACKUP");
    if (!hold || !*hold)
        return;
    char *held = format_path("%s.held", hold);
    int fd = held ? open(held, O_WRONLY | O_CREAT | O_CLOEXEC, 0600) : -1;
    if (fd >= 0)
        close(fd);
    free(held);
    struct stat sb;
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 3000 && stat(hold, &sb) != 0; i++) /* a minute at most */
        nanosleep(&pause, NULL);
}

/* A copy of from at dest (mode 0600), written as a part first; replace says whether it may take
 * the place of an existing dest. st (may be NULL) names the source in its errors. */
static int write_copy(sqlite3 *from, struct store *st, const char *dest, bool replace,
                      struct gu_error *err)
{
    struct stat sb;
    if (!replace && stat(dest, &sb) == 0)
        return error_set(err, GU_FAILURE, _("%s already exists: guichet does not overwrite it"),
                         dest);
    struct part part;
    int status = part_create(dest, &part, err);
    /* A server's database (no SQLite handle) is written out as a portable SQLite file. */
    if (!status)
        status = from ? copy_into(from, st, part.path, dest, err)
                      : store_copy_to(st, part.path, NULL, NULL, NULL, err);
    if (!status)
        hold_for_test();
    /* Its lock held until it has its name: an erasure from now on waits for it, then cleans it;
     * one written since the copy was taken is applied to it here. */
    if (!status && st && from && from == store_sqlite(st))
        status = store_erase_in_new_copy(st, part.path, err);
    if (!status)
        status = part_commit(&part, dest, replace, err);
    if (status)
        part_discard(&part);
    return status;
}

void store_remove_stale_parts(const char *path)
{
    char *dir, *stem;
    struct gu_error ignored = {0};
    if (split_db_path(path, &dir, &stem, &ignored))
        return;
    remove_stale_parts(dir);
    free(dir);
    free(stem);
}

int store_backup(struct store *st, const char *dest, struct gu_error *err)
{
    char *dir, *stem;
    if (split_db_path(dest, &dir, &stem, err))
        return GU_FAILURE;
    remove_stale_parts(dir);
    free(dir);
    free(stem);
    return write_copy(store_sqlite(st), st, dest, false, err);
}

/* ---- the daily rotation -------------------------------------------------------------------- */

static const char *const plan_dir_key = "backup_dir", *const plan_keep_key = "backup_keep";

/* store_get_backup_plan; with none_ok, a server's database without a folder named gives a
 * plan without one (dir NULL) rather than a failure. */
static int read_plan(struct store *st, struct backup_plan *out, bool none_ok,
                     struct gu_error *err);

int store_get_backup_plan(struct store *st, struct backup_plan *out, struct gu_error *err)
{
    return read_plan(st, out, false, err);
}

static int read_plan(struct store *st, struct backup_plan *out, bool none_ok,
                     struct gu_error *err)
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
    if (store_is_server(st)) {
        free(out->dir);
        out->dir = NULL;
        if (none_ok)
            return GU_OK;
        return error_set(err, GU_FAILURE, "%s",
                         _("a database on a PostgreSQL server has no folder beside it for its "
                           "daily copies: name one with guichet backup --dir FOLDER (the "
                           "server's own backups are its operators')"));
    }
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

static const char *const past_dirs_key = "backup_dirs_before";

/* The folders the rotation used before the current one, one per line (*dirs owned; "" when
 * none): their copies stay where they are, and an erasure must still find them. */
static int get_past_dirs(struct store *st, char **dirs, struct gu_error *err)
{
    *dirs = NULL;
    if (store_get_setting(st, past_dirs_key, dirs, err))
        return GU_FAILURE;
    if (!*dirs && !(*dirs = strdup("")))
        return error_nomem(err);
    return GU_OK;
}

/* Whether dir is one of the lines of dirs. */
static bool has_line(const char *dirs, const char *dir)
{
    size_t n = strlen(dir);
    for (const char *p = dirs; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, dir, n) && (p[n] == '\n' || !p[n]))
            return true;
    return false;
}

/* path made absolute (against the current folder): a folder remembered must mean the same
 * folder to a desk started elsewhere. Caller frees; NULL when out of memory. */
static char *absolute_path(const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char *cwd = getcwd(NULL, 0);
    char *joined = cwd ? format_path("%s/%s", cwd, path) : NULL;
    free(cwd);
    return joined;
}

/* past with dir added as a line, unless it is there or is current (*past replaced). */
static int add_past_dir(char **past, const char *dir, const char *current, struct gu_error *err)
{
    if (!dir || !*dir || strchr(dir, '\n') || (current && !strcmp(dir, current)) ||
        has_line(*past, dir))
        return GU_OK;
    char *more = format_path("%s%s%s", *past, **past ? "\n" : "", dir);
    if (!more)
        return error_nomem(err);
    free(*past);
    *past = more;
    return GU_OK;
}

int store_set_backup_plan(struct store *st, const struct backup_plan *plan, struct gu_error *err)
{
    char keep[16];
    snprintf(keep, sizeof keep, "%d", plan->keep);
    struct backup_plan before = {NULL, 0};
    char *past = NULL, *dir = absolute_path(plan->dir), *old = NULL;
    int status = dir ? read_plan(st, &before, true, err) : error_nomem(err);
    if (!status)
        status = get_past_dirs(st, &past, err);
    /* A server's first folder has none before it. */
    if (!status && !(old = before.dir ? absolute_path(before.dir) : strdup(dir)))
        status = error_nomem(err);
    if (!status)
        status = store_batch_begin(st, err);
    size_t had = past ? strlen(past) : 0;
    if (!status)
        status = add_past_dir(&past, old, dir, err);
    if (!status && strlen(past) != had)
        status = store_set_setting(st, past_dirs_key, past, err);
    free(past);
    free(old);
    store_backup_plan_free(&before);
    if (!status)
        status = store_set_setting(st, plan_dir_key, dir, err);
    if (!status)
        status = store_set_setting(st, plan_keep_key, keep, err);
    free(dir);
    return store_batch_end(st, status, err);
}

void store_backup_plan_free(struct backup_plan *plan)
{
    free(plan->dir);
    plan->dir = NULL;
}

/* ---- what belongs to the database ---------------------------------------------------------- */

/* Adds path (owned, NULL when out of memory) to the files or folders of *p. */
static int own_add(struct store_own_paths *p, bool folder, char *path, struct gu_error *err)
{
    char ***items = folder ? &p->folders : &p->files;
    size_t *n = folder ? &p->nfolders : &p->nfiles, *cap = folder ? &p->cap_folders : &p->cap_files;
    if (!path || !array_reserve(items, cap, *n, sizeof **items, 8)) {
        free(path);
        return error_nomem(err);
    }
    (*items)[(*n)++] = path;
    return GU_OK;
}

/* The files SQLite and guichet name after the database at name, and its default backups. */
static int own_add_name(struct store_own_paths *p, const char *name, struct gu_error *err)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    int status = GU_OK;
    for (size_t i = 0; !status && i < ARRAY_LEN(suffixes); i++)
        status = own_add(p, false, format_path("%s%s", name, suffixes[i]), err);
    if (!status)
        status = own_add(p, false, store_key_path(name), err);
    char *dir, *stem;
    if (!status && !(status = split_db_path(name, &dir, &stem, err))) {
        status = own_add(p, true, format_path("%s/backups", dir), err);
        free(dir);
        free(stem);
    }
    return status;
}

/* Every other name the file real has in its own folder (its hard links there). */
static int own_add_hard_links(struct store_own_paths *p, const char *real, struct gu_error *err)
{
    struct stat sb;
    if (stat(real, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_nlink < 2)
        return GU_OK;
    char *dir, *stem;
    if (split_db_path(real, &dir, &stem, err))
        return GU_FAILURE;
    free(stem);
    DIR *d = opendir(dir);
    int status = GU_OK;
    for (struct dirent *e; !status && d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *name = format_path("%s/%s", dir, e->d_name);
        struct stat other;
        if (!name)
            status = error_nomem(err);
        else if (lstat(name, &other) == 0 && S_ISREG(other.st_mode) &&
                 other.st_dev == sb.st_dev && other.st_ino == sb.st_ino && strcmp(name, real))
            status = own_add_name(p, name, err);
        free(name);
    }
    if (d)
        closedir(d);
    free(dir);
    return status;
}

int store_get_own_paths(struct store *st, const char *db_path, struct store_own_paths *out,
                        struct gu_error *err)
{
    *out = (struct store_own_paths){0};
    /* A server's database has no file here: only the folders of its daily copies are ours. */
    bool server = st && store_is_server(st);
    const char *given = db_path ? db_path : store_path(st);
    /* SQLite names its journals after the file it really opened: on unix, symbolic links
     * resolved (sqlite3_db_filename says which); without a store, realpath finds the same. */
    const char *opened = st && !server ? sqlite3_db_filename(store_sqlite(st), "main") : NULL;
    char *real = server ? NULL : opened && *opened ? strdup(opened) : realpath(given, NULL);
    int status = server ? GU_OK : own_add_name(out, given, err);
    if (!status && st && !server && strcmp(store_path(st), given) != 0)
        status = own_add_name(out, store_path(st), err);
    if (!status && real)
        status = own_add_name(out, real, err);
    if (!status && real)
        status = own_add_hard_links(out, real, err);
    free(real);
    struct backup_plan plan = {NULL, 0};
    char *past = NULL;
    if (!status && st && !(status = read_plan(st, &plan, true, err)) && plan.dir)
        status = own_add(out, true, plan.dir, err); /* taken */
    else
        store_backup_plan_free(&plan);
    if (!status && st)
        status = get_past_dirs(st, &past, err);
    for (const char *line = past; !status && line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        status = own_add(out, true, strndup(line, len), err);
        line = end ? end + 1 : NULL;
    }
    free(past);
    if (status)
        store_own_paths_free(out);
    return status;
}

void store_own_paths_free(struct store_own_paths *paths)
{
    for (size_t i = 0; i < paths->nfiles; i++)
        free(paths->files[i]);
    for (size_t i = 0; i < paths->nfolders; i++)
        free(paths->folders[i]);
    free(paths->files);
    free(paths->folders);
    *paths = (struct store_own_paths){0};
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

/* A restore copy's place in time: "YYYY-MM-DD-HHMM" and its number in that minute (1 for none),
 * whichever kind it is. */
static void restore_copy_time(const char *name, char when[16], long *n)
{
    static const char *const kinds[] = {"-before-restore-", "-damaged-"};
    const char *p = NULL;
    for (size_t i = 0; !p && i < ARRAY_LEN(kinds); i++)
        if ((p = strstr(name, kinds[i])))
            p += strlen(kinds[i]);
    snprintf(when, 16, "%.15s", p ? p : "");
    *n = p && strlen(p) > 15 && p[15] == '-' ? strtol(p + 16, NULL, 10) : 1;
}

/* Oldest first, so that "-1430-2" (the second copy of 14:30) comes after "-1430". */
static int compare_restore_copies(const void *a, const void *b)
{
    char wa[16], wb[16];
    long na, nb;
    restore_copy_time(*(char *const *)a, wa, &na);
    restore_copy_time(*(char *const *)b, wb, &nb);
    int c = strcmp(wa, wb);
    return c ? c : (na > nb) - (na < nb);
}

/* Whether name is a copy a restore kept: STEM-before-restore-… or STEM-damaged-… (aside_name). */
static bool is_restore_copy(const char *name, const char *stem)
{
    size_t n = strlen(stem), len = strlen(name);
    static const char *const kinds[] = {"-before-restore-", "-damaged-"};
    if (strncmp(name, stem, n) || len < 3 || strcmp(name + len - 3, ".db"))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        size_t k = strlen(kinds[i]);
        int y, m, d;
        char date[DATE_TEXT_SIZE];
        if (len >= n + k + 10 + 3 && !strncmp(name + n, kinds[i], k)) {
            memcpy(date, name + n + k, 10);
            date[10] = '\0';
            return date_parse(date, &y, &m, &d);
        }
    }
    return false;
}

/* The names in dir that is_copy accepts for stem, sorted (oldest first: the dates in the names
 * sort them). *names (free with free_copy_names) and *count; a missing folder has none. */
static int list_copies(const char *dir, const char *stem, bool (*is_copy)(const char *, const char *),
                       char ***names, size_t *count, struct gu_error *err)
{
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? GU_OK
                               : error_set(err, GU_FAILURE, _("cannot read the folder %s: %s"), dir,
                                           error_system_text(errno));
    size_t cap = 0;
    int status = GU_OK;
    struct dirent *e;
    while (!status && (e = readdir(d))) {
        if (!is_copy(e->d_name, stem))
            continue;
        if (!array_reserve(names, &cap, *count, sizeof **names, 16))
            status = error_nomem(err);
        else if (!((*names)[*count] = strdup(e->d_name)))
            status = error_nomem(err);
        else
            (*count)++;
    }
    closedir(d);
    if (!status && *count)
        qsort(*names, *count, sizeof **names,
              is_copy == is_restore_copy ? compare_restore_copies : compare_names);
    return status;
}

static void free_copy_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* Removes the oldest copies (is_copy's) in dir beyond keep; *removed counts them. */
static int prune_copies(const char *dir, const char *stem, bool (*is_copy)(const char *, const char *),
                        int keep, int *removed, struct gu_error *err)
{
    char **names;
    size_t count;
    int status = list_copies(dir, stem, is_copy, &names, &count, err);
    for (size_t i = 0; !status && count > (size_t)keep && i < count - (size_t)keep; i++) {
        char *path = format_path("%s/%s", dir, names[i]);
        if (!path)
            status = error_nomem(err);
        else if (is_copy == is_restore_copy) { /* a damaged one may have its log beside it */
            remove_with_companions(path);
            (*removed)++;
        } else if (unlink(path) != 0)
            status = error_set(err, GU_FAILURE, _("cannot remove the old backup %s: %s"), path,
                               error_system_text(errno));
        else
            (*removed)++;
        free(path);
    }
    free_copy_names(names, count);
    return status;
}

/* The copies restores kept beside the database, beyond the newest keep, removed. */
static int prune_restore_copies(struct store *st, int keep, struct gu_error *err)
{
    char *dir, *stem;
    int removed = 0;
    if (split_db_path(store_path(st), &dir, &stem, err))
        return GU_FAILURE;
    int status = prune_copies(dir, stem, is_restore_copy, keep, &removed, err);
    free(dir);
    free(stem);
    return status;
}

/* Calls fn with each of the copies in dir that is_copy accepts for stem. */
static int clean_copies_in(const char *dir, const char *stem,
                           bool (*is_copy)(const char *, const char *), store_copy_fn fn, void *ctx,
                           struct gu_error *err)
{
    char **names;
    size_t count;
    int status = list_copies(dir, stem, is_copy, &names, &count, err);
    for (size_t i = 0; !status && i < count; i++) {
        char *path = format_path("%s/%s", dir, names[i]);
        status = path ? fn(path, ctx, err) : error_nomem(err);
        free(path);
    }
    free_copy_names(names, count);
    return status;
}

int store_each_kept_copy(struct store *st, const struct copy_wait *wait, store_copy_fn fn,
                         store_copy_fn busy, void *ctx, int *parts, struct gu_error *err)
{
    *parts = 0;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *dir = NULL, *stem = NULL;
    struct backup_plan plan = {NULL, 0};
    int status = split_db_path(store_path(st), &dir, &stem, err);
    if (!status)
        status = store_get_backup_plan(st, &plan, err);
    if (!status) {
        *parts += remove_stale_parts(dir);
        if (strcmp(plan.dir, dir) != 0)
            *parts += remove_stale_parts(plan.dir);
        /* Backups and restores are written in these two: the copies they took before the erasure
         * are cleaned once they have their names. */
        status = wait_for_parts(plan.dir, wait, &start, busy, ctx, err);
        if (!status && strcmp(plan.dir, dir) != 0)
            status = wait_for_parts(dir, wait, &start, busy, ctx, err);
    }
    char *past = NULL;
    if (!status)
        status = get_past_dirs(st, &past, err);
    /* The rotation's folder, the folders it used before, and the database's own. */
    for (const char *line = past; !status && line && *line;) {
        const char *end = strchr(line, '\n');
        char *one = strndup(line, end ? (size_t)(end - line) : strlen(line));
        if (!one)
            status = error_nomem(err);
        else if (strcmp(one, plan.dir) != 0 && strcmp(one, dir) != 0)
            *parts += remove_stale_parts(one);
        if (!status && strcmp(one, plan.dir) != 0)
            status = clean_copies_in(one, stem, is_rotation_copy, fn, ctx, err);
        free(one);
        line = end ? end + 1 : NULL;
    }
    if (!status)
        status = clean_copies_in(plan.dir, stem, is_rotation_copy, fn, ctx, err);
    if (!status)
        status = clean_copies_in(dir, stem, is_restore_copy, fn, ctx, err);
    free(past);
    store_backup_plan_free(&plan);
    free(dir);
    free(stem);
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

static uint32_t header_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether the file at path may stand for the day's copy (--if-due): a regular file marked as a
 * guichet database, with a schema version, as long as its header says. An empty file, a folder
 * or a copy cut short is no backup: the day's copy is then still to write. Reads 100 bytes: the
 * desk asks at every start, and a full check of a network's copy takes minutes. */
static bool todays_copy_sound(const char *path)
{
    enum store_file_kind kind;
    struct gu_error ignored = {0};
    if (store_peek_file(path, &kind, &ignored) || kind != STORE_FILE_OURS)
        return false;
    unsigned char head[100];
    struct stat sb;
    /* A symbolic link is no copy, even to a whole database (the live one itself). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0)
        return false;
    bool read = pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head && fstat(fd, &sb) == 0;
    close(fd);
    if (!read || !S_ISREG(sb.st_mode) || header_be32(head + 60) == 0 /* user_version */)
        return false;
    unsigned page = (unsigned)head[16] << 8 | head[17];
    unsigned long long page_size = page == 1 ? 65536 : page;
    if (page_size < 512 || (page_size & (page_size - 1)))
        return false;
    /* The page count is the header's when it is valid (the change counter and the version it is
     * valid for agree, as in every copy SQLite writes), else the file's size must be whole pages. */
    uint32_t pages = header_be32(head + 28);
    if (pages && header_be32(head + 24) == header_be32(head + 92))
        return (unsigned long long)sb.st_size == pages * page_size;
    return sb.st_size > 0 && (unsigned long long)sb.st_size % page_size == 0;
}

int store_backup_todays_path(struct store *st, char **path, struct gu_error *err)
{
    struct backup_plan plan;
    char *stem = NULL;
    *path = NULL;
    int status = store_get_backup_plan(st, &plan, err);
    if (!status) {
        status = todays_copy(st, &plan, path, &stem, err);
        store_backup_plan_free(&plan);
    }
    free(stem);
    return status;
}

/* Whether another live process is writing dest now: a part of its name, locked (part_create). */
static bool being_written(const char *dest)
{
    char *dir = strdup(dest), *slash = dir ? strrchr(dir, '/') : NULL;
    if (!slash) {
        free(dir);
        return false;
    }
    *slash = '\0';
    const char *base = slash + 1;
    size_t len = strlen(base);
    DIR *d = opendir(*dir ? dir : "/");
    bool found = false;
    struct dirent *e;
    long pid;
    while (d && !found && (e = readdir(d))) {
        if (strncmp(e->d_name, base, len) != 0 || strncmp(e->d_name + len, ".part", 5) != 0 ||
            !parse_part(e->d_name, &pid) || !part_of_live_process(pid))
            continue;
        char *part = format_path("%s/%s", dir, e->d_name);
        int fd = part ? open(part, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) : -1;
        found = fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
        if (fd >= 0)
            close(fd);
        free(part);
    }
    if (d)
        closedir(d);
    free(dir);
    return found;
}

/* The rotation's plan, today's copy's path and stem (owned by the caller, as *plan, whatever
 * the result), and whether that copy exists already or another process is writing it (two
 * desks starting together copy the database once). */
static int plan_today(struct store *st, struct backup_plan *plan, char **path, char **stem,
                      bool *exists, struct gu_error *err)
{
    *path = *stem = NULL;
    *exists = false;
    int status = store_get_backup_plan(st, plan, err);
    if (!status)
        status = todays_copy(st, plan, path, stem, err);
    *exists = !status && (todays_copy_sound(*path) || being_written(*path));
    return status;
}

/* A server's database whose daily copies have no folder named: never due (the desk does not
 * ask each morning), refused when asked for (store_get_backup_plan says why). */
static int server_without_folder(struct store *st, bool *without, struct gu_error *err)
{
    *without = false;
    if (!store_is_server(st))
        return GU_OK;
    char *dir = NULL;
    int status = store_get_setting(st, plan_dir_key, &dir, err);
    *without = !status && !(dir && *dir);
    free(dir);
    return status;
}

static int rotate(struct store *st, bool only_if_due, char **written, int *removed,
                  struct gu_error *err)
{
    *written = NULL;
    *removed = 0;
    bool without = false;
    if (only_if_due && (server_without_folder(st, &without, err) || without))
        return without ? GU_OK : GU_FAILURE;
    struct backup_plan plan;
    char *path, *stem;
    bool exists;
    int status = plan_today(st, &plan, &path, &stem, &exists, err);
    bool due = !status && (!only_if_due || !exists);
    if (due)
        status = store_make_parent_dirs(path, err);
    if (due && !status) {
        remove_stale_parts(plan.dir);
        status = write_copy(store_sqlite(st), st, path, true, err);
    }
    if (due && !status)
        status = prune_copies(plan.dir, stem, is_rotation_copy, plan.keep, removed, err);
    if (due && !status && !store_is_server(st)) /* restores are of files */
        status = prune_restore_copies(st, plan.keep, err);
    if (due && !status) { /* copies an erasure could not clean yet: another try, never a failure */
        struct erasure_outcome pending = {0};
        struct gu_error ignored = {0};
        store_finish_copies(st, NULL, &pending, &ignored);
        erasure_outcome_clear(&pending);
    }
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

int store_backup_due(struct store *st, bool *due, struct gu_error *err)
{
    *due = false;
    /* The desk never copies a network's database by itself: every desk of every library would
     * keep the whole network's people on its own machine. Its copies are made by backup, from
     * one machine's scheduled task (backup --if-due). */
    if (store_is_server(st))
        return GU_OK;
    struct backup_plan plan;
    char *path, *stem;
    bool exists;
    int status = plan_today(st, &plan, &path, &stem, &exists, err);
    *due = !status && !exists;
    store_backup_plan_free(&plan);
    free(path);
    free(stem);
    return status;
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
    *db = NULL;
    if (stat(file, &sb) != 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), file, error_system_text(errno));
    if (!S_ISREG(sb.st_mode))
        return error_set(err, GU_FAILURE, _("%s is not a guichet backup"), file);
    /* Read only, and creating nothing beside it: a backup is looked at, never changed. */
    int rc = store_open_sqlite_readonly(file, db);
    if (rc != SQLITE_OK) {
        error_set(err, GU_FAILURE, _("cannot read %s: %s"), file,
                  *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        sqlite3_close(*db);
        *db = NULL;
        return GU_FAILURE;
    }
    return GU_OK;
}

/* guichet_text_ok(value, breaks): whether a stored value is text guichet would have accepted
 * when typed or imported (numbers and NULL are); breaks allows tabs and line feeds. */
static void sql_text_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int type = sqlite3_value_type(argv[0]);
    const char *bytes = NULL;
    if (type == SQLITE_TEXT)
        bytes = (const char *)sqlite3_value_text(argv[0]);
    else if (type == SQLITE_BLOB)
        bytes = sqlite3_value_blob(argv[0]);
    else {
        sqlite3_result_int(ctx, 1);
        return;
    }
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    sqlite3_result_int(ctx, !bytes || text_is_clean(bytes, len, sqlite3_value_int(argv[1])));
}

/* Columns where guichet itself writes tabs and line feeds: the place standard's other fields,
 * kept as "name<TAB>value" lines. */
static bool column_holds_lines(const char *table, const char *column)
{
    return !strcmp(table, "partner") && !strcmp(column, "mednum_extra");
}

/* Up to three of the values of table.column that fail the text check, cleaned for the screen
 * and cut short, as "«…», «…»" text (caller frees). */
static char *unclean_examples(sqlite3 *db, const char *table, const char *column, bool lines)
{
    /* Table and column names come from the file: quoted with %w, the only way to name them. */
    char *sql = sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE NOT guichet_text_ok(\"%w\", %d) "
                                "LIMIT 3",
                                column, table, column, lines);
    sqlite3_stmt *stmt = NULL;
    struct strbuf out = STRBUF_INIT;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *v = sqlite3_column_blob(stmt, 0);
            char *clean = text_for_display(v ? v : "", (size_t)sqlite3_column_bytes(stmt, 0));
            char *cut = clean ? text_fit(clean, 30) : NULL;
            strbuf_printf(&out, "%s\"%s\"", out.len ? ", " : "", cut ? cut : "");
            free(clean);
            free(cut);
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
    return strbuf_finish(&out);
}

/* The first column of every row of stmt, as new strings in (*names)[0..*n) (the caller frees
 * them with free_names); finalizes stmt. GU_FAILURE with err when out of memory or unreadable. */
static int read_names(sqlite3_stmt *stmt, char ***names, size_t *n, struct gu_error *err)
{
    *names = NULL;
    *n = 0;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        if (!array_reserve(names, &cap, *n, sizeof **names, 16) ||
            !((*names)[*n] = strdup(name ? name : "")))
            status = error_nomem(err);
        else
            ++*n;
    }
    if (!status && rc != SQLITE_DONE)
        status = error_set(err, GU_FAILURE, "%s", sqlite3_errstr(rc));
    sqlite3_finalize(stmt);
    return status;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Counts the values of table that fail the text check, column by column (one pass), and reports
 * each column that has some through fn. */
static int check_table_text(sqlite3 *db, const char *table, store_problem_fn fn, void *ctx,
                            long *columns, struct gu_error *err)
{
    sqlite3_stmt *cols;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1,
                                &cols, NULL);
    char **names = NULL;
    size_t n = 0;
    struct strbuf sql = STRBUF_INIT;
    int status = GU_OK;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
        status = read_names(cols, &names, &n, err);
    }
    /* Column and table names (a backup's own, maybe hostile) can only be quoted, not bound:
     * SQLite's %w doubles their quotes. */
    for (size_t i = 0; !status && i < n; i++) {
        char *term = sqlite3_mprintf("coalesce(sum(NOT guichet_text_ok(\"%w\", %d)), 0)", names[i],
                                     column_holds_lines(table, names[i]));
        if (!term) {
            status = error_nomem(err);
            break;
        }
        strbuf_puts(&sql, i ? ", " : "SELECT ");
        strbuf_puts(&sql, term);
        sqlite3_free(term);
    }
    char *from = sqlite3_mprintf(" FROM \"%w\"", table);
    if (from)
        strbuf_puts(&sql, from);
    else if (!status)
        status = error_nomem(err);
    sqlite3_free(from);
    if (!status && strbuf_failed(&sql))
        status = error_nomem(err);
    sqlite3_stmt *count = NULL;
    if (!status && n && (rc = sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &count, NULL)) == SQLITE_OK &&
        (rc = sqlite3_step(count)) == SQLITE_ROW) {
        for (size_t i = 0; i < n; i++) {
            long long bad = sqlite3_column_int64(count, (int)i);
            if (!bad)
                continue;
            (*columns)++;
            char *examples = unclean_examples(db, table, names[i],
                                              column_holds_lines(table, names[i]));
            struct strbuf line = STRBUF_INIT;
            strbuf_printf(&line,
                          ngettext("%s.%s: %lld value with invalid UTF-8 or control characters, "
                                   "e.g. %s",
                                   "%s.%s: %lld values with invalid UTF-8 or control characters, "
                                   "e.g. %s",
                                   (unsigned long)bad),
                          table, names[i], bad, examples ? examples : "");
            free(examples);
            char *text = strbuf_finish(&line);
            if (text)
                fn(text, ctx);
            free(text);
        }
        rc = SQLITE_OK;
    }
    sqlite3_finalize(count);
    strbuf_release(&sql);
    free_names(names, n);
    if (!status && n && rc != SQLITE_OK && rc != SQLITE_DONE)
        status = error_set(err, GU_FAILURE, _("cannot read %s: %s"), table, sqlite3_errstr(rc));
    return status;
}

/* Every text value of every table (the full-text index's own tables aside: they only repeat
 * the names) through the checks typed text passes: a backup brought from elsewhere is input. */
static int check_backup_text(sqlite3 *db, store_problem_fn fn, void *ctx, long *columns,
                             struct gu_error *err)
{
    *columns = 0;
    int rc = sqlite3_create_function(db, "guichet_text_ok", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_text_ok, NULL,
                                     NULL);
    if (rc != SQLITE_OK)
        return error_nomem(err);
    sqlite3_stmt *tables;
    rc = sqlite3_prepare_v2(
        db,
        "SELECT name FROM sqlite_schema t WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND NOT EXISTS (SELECT 1 FROM "
        "sqlite_schema v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND "
        "substr(t.name, 1, length(v.name) + 1) = v.name || '_') ORDER BY rowid",
        -1, &tables, NULL);
    char **names = NULL;
    size_t n = 0;
    int status = rc == SQLITE_OK ? read_names(tables, &names, &n, err)
                                 : error_set(err, GU_FAILURE, "%s", sqlite3_errstr(rc));
    for (size_t i = 0; !status && i < n; i++)
        status = check_table_text(db, names[i], fn, ctx, columns, err);
    free_names(names, n);
    return status;
}

/* Passes a problem on to the caller's function, which may be NULL (store_check's may not). */
struct problem_relay {
    store_problem_fn fn;
    void *ctx;
};

static void relay_problem(const char *problem, void *ctx)
{
    struct problem_relay *relay = ctx;
    if (relay->fn)
        relay->fn(problem, relay->ctx);
}

/* What `check` verifies beyond SQLite's own checks (check_backup): the schema against the
 * migrations' and the report's counts and search indexes against what they count. A backup whose
 * trigger was dropped passes every other check and would be restored as sound, its reports
 * drifting from the next write on. Problems go to fn, and refuse the backup. */
static int check_backup_derived(const char *file, store_problem_fn fn, void *ctx,
                                struct gu_error *err)
{
    struct store *st;
    if (store_open_readonly(file, &st, err))
        return GU_FAILURE;
    struct problem_relay relay = {fn, ctx};
    bool sound = false;
    int status = store_check_derived(st, relay_problem, &relay, &sound, err);
    store_close(st);
    if (!status && !sound)
        status = error_set(err, GU_FAILURE, _("%s is damaged (%s): choose another backup"), file,
                           _("its schema or its report counts are not those guichet keeps, as "
                             "listed above"));
    return status;
}

/* The checks a backup must pass before it may replace anything; info tells what it holds. Text
 * guichet would not accept is reported through fn and counted in info->unclean_columns. */
static int check_backup(sqlite3 *db, const char *file, store_problem_fn fn, void *ctx,
                        struct backup_info *info, struct gu_error *err)
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
        /* A date, unless the file says otherwise: shown cleaned. */
        const char *last = (const char *)sqlite3_column_text(stmt, 1);
        char *clean = last ? text_for_display(last, strlen(last)) : NULL;
        snprintf(info->last_session, sizeof info->last_session, "%s", clean ? clean : "");
        free(clean);
        info->workshops = sqlite3_column_int64(stmt, 2);
        info->participants = sqlite3_column_int64(stmt, 3);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        return error_set(err, GU_FAILURE, _("%s is damaged (%s): choose another backup"), file,
                         sqlite3_errstr(rc));
    return check_backup_text(db, fn, ctx, &info->unclean_columns, err);
}

int store_inspect_backup(const char *file, store_problem_fn fn, void *ctx,
                         struct backup_info *info, struct gu_error *err)
{
    sqlite3 *db;
    int status = open_backup(file, &db, err);
    if (!status)
        status = check_backup(db, file, fn, ctx, info, err);
    sqlite3_close(db);
    if (!status)
        status = check_backup_derived(file, fn, ctx, err);
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

/* Looks at what db_path holds, creating and changing nothing: a file that is not guichet's is
 * refused here. *to stays open on an existing database (for its copy), NULL otherwise. */
static int open_target(const char *db_path, sqlite3 **to, enum target_state *state,
                       struct gu_error *err)
{
    *to = NULL;
    *state = TARGET_MISSING;
    enum store_file_kind kind;
    if (store_peek_file(db_path, &kind, err) || store_refuse_file(db_path, kind, true, err))
        return GU_FAILURE;
    if (kind == STORE_FILE_MISSING || kind == STORE_FILE_EMPTY)
        return GU_OK;
    if (store_create_private_file(db_path, err)) /* refuses a file others can read */
        return GU_FAILURE;
    int rc = store_sqlite_open(db_path, to, SQLITE_OPEN_READWRITE);
    if (rc != SQLITE_OK)
        return error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"), db_path,
                         *to ? sqlite3_errmsg(*to) : sqlite3_errstr(rc));
    if (sqlite3_db_readonly(*to, "main") == 1)
        return error_set(err, GU_FAILURE,
                         _("the database %s is read-only: guichet needs to write to it"), db_path);
    sqlite3_busy_timeout(*to, BUSY_TIMEOUT_MS);
    /* Looking must not change what is kept: a damaged file's log is neither checkpointed into
     * it nor deleted when this connection closes. */
    int on = 1;
    sqlite3_db_config(*to, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_file_control(*to, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
    *state = inspect_target(*to);
    if (*state == TARGET_FOREIGN)
        return error_set(err, GU_FAILURE,
                         _("%s is not a guichet database: guichet does not replace it"), db_path);
    return GU_OK;
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
    /* After the last one of this minute (not in a gap a rotation left): the numbers order them. */
    int last = 0;
    for (int n = 1; n < 1000; n++) {
        free(path);
        path = n == 1 ? format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d.db", dir, stem, what,
                                    now.year, now.month, now.day, now.hour, now.minute)
                      : format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d-%d.db", dir, stem, what,
                                    now.year, now.month, now.day, now.hour, now.minute, n);
        if (!path)
            break;
        if (stat(path, &sb) == 0)
            last = n;
    }
    free(path);
    path = last == 0 ? format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d.db", dir, stem, what,
                                   now.year, now.month, now.day, now.hour, now.minute)
                     : format_path("%s/%s-%s-%04d-%02d-%02d-%02d%02d-%d.db", dir, stem, what,
                                   now.year, now.month, now.day, now.hour, now.minute, last + 1);
    free(dir);
    free(stem);
    if (!path)
        error_nomem(err);
    return path;
}

/* Gives the damaged database, and its log or journal when there is one, a second name aside
 * (hard links: the file stays where it is until the restored one replaces it, so that a restore
 * killed now leaves it in place). */
static int keep_damaged(const char *db_path, const char *aside, struct gu_error *err)
{
    static const char *const suffixes[] = {"", "-wal", "-journal"};
    int status = GU_OK;
    for (size_t i = 0; !status && i < ARRAY_LEN(suffixes); i++) {
        char *from = format_path("%s%s", db_path, suffixes[i]),
             *to = format_path("%s%s", aside, suffixes[i]);
        if (!from || !to)
            status = error_nomem(err);
        else if (!link_new_name(from, to) && (i == 0 || errno != ENOENT))
            status = error_set(err, GU_FAILURE, _("cannot move %s aside: %s"), from,
                               error_system_text(errno));
        free(from);
        free(to);
    }
    return status;
}

/* The setting key of db (a raw connection), owned; NULL when unset or unreadable. */
static char *read_setting(sqlite3 *db, const char *key)
{
    sqlite3_stmt *stmt;
    char *value = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM setting WHERE key = ?1", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
            value = strdup((const char *)sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
}

/* After a restore, the backup plan is the replaced database's (previous): its folder, how many
 * it keeps, and every folder either used before, so that erasures still find every copy. */
static int carry_backup_folders(struct store *st, sqlite3 *previous, struct gu_error *err)
{
    char *prev_dir = read_setting(previous, plan_dir_key), *prev_keep = read_setting(previous, plan_keep_key),
         *prev_past = read_setting(previous, past_dirs_key), *own_dir = NULL, *past = NULL;
    int status = get_past_dirs(st, &past, err);
    /* The backup's own folder, when it named one (the default beside the database is this
     * installation's default too). */
    char *own_setting = NULL;
    if (!status)
        status = store_get_setting(st, plan_dir_key, &own_setting, err);
    if (!status && own_setting && *own_setting && !(own_dir = absolute_path(own_setting)))
        status = error_nomem(err);
    size_t had = past ? strlen(past) : 0;
    /* The union of both lists and the backup's own folder, less the folder in use. */
    for (const char *line = prev_past; !status && line && *line;) {
        size_t n = strcspn(line, "\n");
        char *one = strndup(line, n);
        status = one ? add_past_dir(&past, one, prev_dir, err) : error_nomem(err);
        free(one);
        line += n + (line[n] == '\n');
    }
    if (!status)
        status = add_past_dir(&past, own_dir, prev_dir, err);
    bool changed = !status && ((past && strlen(past) != had) ||
                               (prev_dir ? !own_setting || strcmp(prev_dir, own_setting) != 0
                                         : own_setting != NULL) ||
                               prev_keep);
    if (changed)
        status = store_batch_begin(st, err);
    if (changed && !status && past && *past)
        status = store_set_setting(st, past_dirs_key, past, err);
    if (changed && !status && prev_dir)
        status = store_set_setting(st, plan_dir_key, prev_dir, err);
    if (changed && !status && prev_keep)
        status = store_set_setting(st, plan_keep_key, prev_keep, err);
    if (changed && !status && !prev_dir) /* the default folder beside the database */
        status = store_exec(st, "DELETE FROM setting WHERE key = 'backup_dir'", err);
    if (changed)
        status = store_batch_end(st, status, err);
    free(own_setting);
    free(own_dir);
    free(past);
    free(prev_dir);
    free(prev_keep);
    free(prev_past);
    return status;
}

/* Builds the restored database in part: the backup's pages, migrated, the restore in its audit
 * log, its log folded in, flushed. Nothing at the database's path changes. */
static int build_restored(sqlite3 *from, sqlite3 *previous, struct part *part, const char *db_path,
                          bool *key_missing, struct gu_error *err)
{
    int status = copy_into(from, NULL, part->path, db_path, err);
    struct store *st = NULL;
    if (!status)
        status = store_open(part->path, &st, err); /* migrates an older backup */
    if (!status) {
        char now[21];
        clock_now_utc_text(now);
        status = store_tx_begin(st, err);
        if (!status)
            status = store_add_audit(st, now, 0, "restore", "database", 0, NULL, err);
        status = store_tx_end(st, status, err);
    }
    /* Whoever was erased since the backup was made stays erased. */
    if (!status)
        status = store_reapply_erasures(st, previous, db_path, key_missing, err);
    /* This installation's backup folders, not the backup's: the copies are where they are. */
    if (!status && previous)
        status = carry_backup_folders(st, previous, err);
    /* One self-contained file: nothing of it may stay in a log that would not follow it. It
     * stays a WAL database, so that opening it after the rename writes nothing (a journal
     * left by a kill then would stop a read-only check). */
    long long busy = 1;
    if (!status)
        status = store_read_int(store_sqlite(st), "PRAGMA wal_checkpoint(TRUNCATE)", &busy) ==
                         SQLITE_OK && !busy
                     ? GU_OK
                     : error_set(err, GU_FAILURE, _("cannot write %s: %s"), db_path,
                                 sqlite3_errmsg(store_sqlite(st)));
    store_close(st);
    if (!status) { /* emptied by the checkpoint: what is left of them holds nothing */
        char *wal = format_path("%s-wal", part->path), *shm = format_path("%s-shm", part->path);
        if (wal)
            unlink(wal);
        if (shm)
            unlink(shm);
        free(wal);
        free(shm);
    }
    if (!status && fsync(part->fd) != 0)
        status = error_set(err, GU_FAILURE, _("cannot write %s: %s"), db_path, error_system_text(errno));
    return status;
}

/* Puts the restored part in the database's place in one rename. The old database's log and
 * index go first: left beside the new file, SQLite would replay the old log onto it. A sound
 * database is checkpointed before, so that the file alone holds all of it should the restore be
 * killed between the two steps. */
static int swap_in(struct part *part, const char *db_path, sqlite3 *to, enum target_state state,
                   struct gu_error *err)
{
    if (state == TARGET_SOUND)
        sqlite3_exec(to, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
        char *name = format_path("%s%s", db_path, suffixes[i]);
        if (!name)
            return error_nomem(err);
        int failed = unlink(name) != 0 && errno != ENOENT;
        int e = errno;
        if (failed) {
            error_set(err, GU_FAILURE, _("cannot remove %s: %s"), name, error_system_text(e));
            free(name);
            return GU_FAILURE;
        }
        free(name);
    }
    if (rename(part->path, db_path) != 0)
        return error_set(err, GU_FAILURE, _("cannot write the restored data into %s: %s"),
                         db_path, error_system_text(errno));
    part_settled(part, db_path);
    return GU_OK;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int restore_at(const char *db_path, const char *file, bool force, store_problem_fn fn,
                      void *ctx, struct backup_info *info, char **kept, struct store **out,
                      struct gu_error *err);

int store_refuse_restore_target(const char *db_path, struct gu_error *err)
{
    /* A restore puts a file in the database file's place: a server's database is not one, and
     * its string must never become the name of folders and copies beside the desk. */
    if (!store_target_is_server(db_path))
        return GU_OK;
    return error_set(err, GU_FAILURE, "%s",
                     _("restore puts a backup file in place of a database file: a database on "
                       "a PostgreSQL server is restored by the server's operators (pg_restore); "
                       "nothing was written"));
}

int store_restore(const char *db_path, const char *file, bool force, store_problem_fn fn,
                  void *ctx, struct backup_info *info, char **kept, struct store **out,
                  struct gu_error *err)
{
    *kept = NULL;
    *out = NULL;
    if (store_refuse_restore_target(db_path, err))
        return GU_FAILURE;
    if (same_file(db_path, file))
        return error_set(err, GU_INVALID, _("%s is the database itself: choose a backup"), file);
    /* The rename replaces a name: through a symbolic link, it is the file linked to. */
    struct stat sb;
    char *real = lstat(db_path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(db_path, NULL) : NULL;
    int status = restore_at(real ? real : db_path, file, force, fn, ctx, info, kept, out, err);
    free(real);
    return status;
}

static int restore_at(const char *db_path, const char *file, bool force, store_problem_fn fn,
                      void *ctx, struct backup_info *info, char **kept, struct store **out,
                      struct gu_error *err)
{
    sqlite3 *from = NULL, *to = NULL;
    int status = open_backup(file, &from, err);
    if (!status)
        status = check_backup(from, file, fn, ctx, info, err);
    if (!status)
        status = check_backup_derived(file, fn, ctx, err);
    if (!status && info->unclean_columns && !force)
        status = error_set(err, GU_FAILURE,
                           ngettext("%s holds text that guichet does not accept, in %ld column "
                                    "(listed above): nothing was restored. To restore it all the "
                                    "same, add --force: guichet then shows that text inert.",
                                    "%s holds text that guichet does not accept, in %ld columns "
                                    "(listed above): nothing was restored. To restore it all the "
                                    "same, add --force: guichet then shows that text inert.",
                                    (unsigned long)info->unclean_columns),
                           file, info->unclean_columns);
    enum target_state state = TARGET_MISSING;
    if (!status)
        status = open_target(db_path, &to, &state, err);
    char *dir = NULL, *stem = NULL;
    if (!status)
        status = split_db_path(db_path, &dir, &stem, err);
    if (!status && state == TARGET_MISSING)
        status = store_make_parent_dirs(db_path, err);
    if (!status)
        remove_stale_parts(dir);
    struct part part = {NULL, -1};
    if (!status)
        status = part_create(db_path, &part, err);
    if (!status)
        status = build_restored(from, state == TARGET_SOUND ? to : NULL, &part, db_path,
                                &info->erasure_key_missing, err);
    sqlite3_close(from);
    bool keeping = false;
    if (!status && state == TARGET_SOUND) {
        /* The database as it was stays at hand, in case the wrong backup was chosen. */
        if (!(*kept = aside_name(db_path, "before-restore", err)))
            status = GU_FAILURE;
        else
            status = write_copy(to, NULL, *kept, false, err);
        keeping = !status;
    }
    if (!status && state == TARGET_DAMAGED) {
        if (!(*kept = aside_name(db_path, "damaged", err)))
            status = GU_FAILURE;
        else
            status = keep_damaged(db_path, *kept, err);
        keeping = !status;
    }
    bool swapping = !status;
    if (!status)
        status = swap_in(&part, db_path, to, state, err);
    sqlite3_close(to);
    part_discard(&part);
    free(dir);
    free(stem);
    if (status) {
        /* Nothing was replaced: what was kept aside is not needed, unless the swap failed
         * half-way (the damaged file's log may then be only there). */
        if (keeping && !swapping) {
            remove_with_companions(*kept);
            free(*kept);
            *kept = NULL;
        }
        return status;
    }
    status = store_open(db_path, out, err);
    /* The copies restores keep rotate like backups (at worst, the next backup prunes them). */
    struct backup_plan plan;
    struct gu_error ignored = {0};
    if (!status && !store_get_backup_plan(*out, &plan, &ignored)) {
        prune_restore_copies(*out, plan.keep, &ignored);
        store_backup_plan_free(&plan);
    }
    return status;
}
