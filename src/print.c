#include "print.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "i18n.h"
#include "store.h"
#include "strbuf.h"
#include "text.h"

extern char **environ;

void print_outcome_clear(struct print_outcome *o)
{
    free(o->path);
    *o = (struct print_outcome){0};
}

/* lp's path as `command -v lp` finds it: the first executable regular file named lp in a folder
 * of PATH (empty entries, the current folder, are skipped). NULL when there is none; else the
 * caller frees it. */
static char *find_lp(void)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n) {
            struct strbuf candidate = STRBUF_INIT;
            strbuf_add(&candidate, path, n);
            strbuf_puts(&candidate, "/lp");
            char *file = strbuf_finish(&candidate);
            struct stat sb;
            if (file && stat(file, &sb) == 0 && S_ISREG(sb.st_mode) && access(file, X_OK) == 0)
                return file;
            free(file);
        }
        path += n + (path[n] == ':');
    }
    return NULL;
}

/* Sends the text document to lp: *lp_status receives its exit status (-1 when it could not run
 * or was killed). Its output goes to /dev/null: the desk's screen is the terminal. */
static void print_with_lp(const char *lp, const char *title, print_write_fn writer, void *ctx,
                          int *lp_status)
{
    *lp_status = -1;
    int fds[2];
    if (pipe(fds) != 0)
        return;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    char *copy;
    const char *clean = text_for_output(title, &copy);
    char *argv[] = {"lp", "-s", "-t", (char *)(clean && *clean ? clean : "guichet"), NULL};
    posix_spawn_file_actions_t actions;
    pid_t pid = -1;
    int rc = posix_spawn_file_actions_init(&actions);
    if (!rc) {
        /* dup2 clears close-on-exec on the copies only: the pipe's own ends close. */
        if (!(rc = posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)) &&
            !(rc = posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null",
                                                    O_WRONLY, 0)))
            rc = posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        if (!rc)
            rc = posix_spawn(&pid, lp, &actions, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
    }
    free(copy);
    close(fds[0]);
    if (rc) {
        close(fds[1]);
        return;
    }
    /* lp may stop reading early (a refused job): a write then fails with EPIPE, not a signal. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &old);
    FILE *to_lp = fdopen(fds[1], "w");
    struct gu_error ignored = {0};
    bool written = false;
    if (to_lp) {
        written = writer(to_lp, SHEET_TEXT, ctx, &ignored) == GU_OK;
        written = fclose(to_lp) == 0 && written;
    } else
        close(fds[1]);
    int wstatus;
    pid_t done;
    while ((done = waitpid(pid, &wstatus, 0)) == -1 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    if (done == pid && WIFEXITED(wstatus))
        *lp_status = WEXITSTATUS(wstatus);
    if (*lp_status == 0 && !written)
        *lp_status = -1; /* lp took part of it: the whole goes to a file */
}

/* The printouts folder beside db_path, made private when new; a link or a file there refused. */
static char *printouts_folder(const char *desk, struct gu_error *err)
{
    struct strbuf dir = STRBUF_INIT;
    strbuf_printf(&dir, "%s/" PRINT_FOLDER, desk);
    char *folder = strbuf_finish(&dir);
    if (!folder) {
        error_nomem(err);
        return NULL;
    }
    struct stat sb;
    if (mkdir(folder, 0700) != 0 && errno != EEXIST) {
        error_set(err, GU_FAILURE, _("cannot create the folder %s: %s"), folder, error_system_text(errno));
        free(folder);
        return NULL;
    }
    if (lstat(folder, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        error_set(err, GU_FAILURE, _("%s is not a folder: the printout cannot be written there"),
                  folder);
        free(folder);
        return NULL;
    }
    return folder;
}

/* Printouts hold names and phones: those older than PRINT_KEEP_DAYS go (only guichet's own
 * .html files; anything else in the folder is left alone). */
static void remove_old_printouts(const char *folder)
{
    DIR *d = opendir(folder);
    if (!d)
        return;
    long long limit = clock_real_seconds() - (long long)PRINT_KEEP_DAYS * 24 * 3600;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        struct stat sb;
        if (n > 5 && !strcmp(e->d_name + n - 5, ".html") &&
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
            sb.st_mtime < limit)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* A new file in folder: stem-YYYY-MM-DD-HHMM.html, or with -2, -3… when taken. *path owned. */
static int create_printout(const char *folder, const char *stem, char **path, int *fd,
                           struct gu_error *err)
{
    struct gu_datetime now = clock_now();
    for (int attempt = 1; attempt < 1000; attempt++) {
        struct strbuf name = STRBUF_INIT;
        strbuf_printf(&name, "%s/%s-%04d-%02d-%02d-%02d%02d", folder, stem, now.year, now.month,
                      now.day, now.hour, now.minute);
        if (attempt > 1)
            strbuf_printf(&name, "-%d", attempt);
        strbuf_puts(&name, ".html");
        *path = strbuf_finish(&name);
        if (!*path)
            return error_nomem(err);
        *fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (*fd >= 0)
            return GU_OK;
        int e = errno;
        if (e != EEXIST) {
            error_set(err, GU_FAILURE, _("cannot write the printout %s: %s"), *path, error_system_text(e));
            free(*path);
            *path = NULL;
            return GU_FAILURE;
        }
        free(*path);
        *path = NULL;
    }
    return error_set(err, GU_FAILURE, _("cannot write the printout: too many in %s"), folder);
}

/* Where a printout goes when the database's folder cannot take it (a read-only medium): the
 * documents folder ($XDG_DOCUMENTS_DIR), else the home folder. NULL when neither is set. */
static char *fallback_folder(void)
{
    const char *dir = getenv("XDG_DOCUMENTS_DIR");
    struct stat sb;
    if (!dir || !*dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        dir = getenv("HOME");
    return dir && *dir ? strdup(dir) : NULL;
}

static int print_to_file(const char *db_path, const char *stem, print_write_fn writer, void *ctx,
                         char **path, struct gu_error *err)
{
    /* A server's database has no folder here: its desk keeps its printouts in guichet's own
     * data folder on this machine (where a library's own database would be), cleaned as
     * beside a file. */
    char *desk = store_desk_folder(db_path, true);
    char *folder = desk ? printouts_folder(desk, err) : NULL;
    if (!desk)
        error_set(err, GU_FAILURE, "%s",
                  _("cannot find where to keep the database: set HOME, or use --db FILE"));
    free(desk);
    if (folder)
        remove_old_printouts(folder);
    int fd = -1;
    int status = folder ? create_printout(folder, stem, path, &fd, err) : GU_FAILURE;
    free(folder);
    if (status && (folder = fallback_folder())) {
        status = create_printout(folder, stem, path, &fd, err);
        free(folder);
    }
    if (status)
        return status;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        status = error_nomem(err);
    } else {
        status = writer(f, SHEET_HTML, ctx, err);
        int e = 0;
        if (fclose(f) != 0)
            e = errno;
        if (!status && e)
            status = error_set(err, GU_FAILURE, _("cannot write the printout %s: %s"), *path,
                               error_system_text(e));
    }
    if (status) {
        unlink(*path);
        free(*path);
        *path = NULL;
    }
    return status;
}

int print_document(const char *db_path, const char *title, const char *stem,
                   print_write_fn writer, void *ctx, struct print_outcome *out,
                   struct gu_error *err)
{
    *out = (struct print_outcome){0};
    char *lp = find_lp();
    if (lp) {
        print_with_lp(lp, title, writer, ctx, &out->lp_status);
        free(lp);
        if (out->lp_status == 0) {
            out->printed = true;
            return GU_OK;
        }
    }
    return print_to_file(db_path, stem, writer, ctx, &out->path, err);
}
