/* O_TMPFILE (Linux): the workbook has no name until it is whole. */
#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unilbrk.h>
#include <unistd.h>

#include "i18n.h"
#include "strbuf.h"
#include "text.h"
#include "xlsx.h"

struct output {
    FILE *f;
    enum output_format format;
    const struct output_column *cols;
    size_t ncols, col;
    long rows;
    bool row_started; /* a visible table cell was written on this line */
    struct xlsx *xlsx; /* XLSX: the workbook and its one sheet */
    struct xlsx_sheet *sheet;
    struct gu_error err; /* XLSX: why the workbook could not be started, for output_end */
};

int output_parse_format(const char *text, enum output_format *out, struct gu_error *err)
{
    static const char *const names[] = {"table", "csv", "json", "xlsx"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        if (!strcmp(text, names[i])) {
            *out = (enum output_format)i;
            return GU_OK;
        }
    return error_set(err, GU_INVALID,
                     _("--format: unknown format \"%s\" (valid: table, csv, json, xlsx)"), text);
}

int output_check_target(FILE *f, enum output_format format, struct gu_error *err)
{
    return format == OUTPUT_XLSX ? xlsx_check_target(f, false, err) : GU_OK;
}

/* ---- files removed if a signal ends the process ---- */

#define GUARD_SLOTS 4
static const char *volatile guarded[GUARD_SLOTS];
static const int guard_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void guard_on_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < GUARD_SLOTS; i++) {
        const char *path = guarded[i];
        if (path)
            unlink(path);
    }
    errno = saved;
    /* SA_RESETHAND restored the default action and SA_NODEFER leaves sig unblocked: raising it
     * again ends the process as the signal would have, status included. */
    raise(sig);
}

int output_guard_path(const char *path)
{
    static bool installed;
    if (!installed) {
        installed = true;
        for (size_t i = 0; i < ARRAY_LEN(guard_signals); i++) {
            struct sigaction old, act = {.sa_handler = guard_on_signal,
                                         .sa_flags = SA_RESETHAND | SA_NODEFER};
            sigemptyset(&act.sa_mask);
            /* A signal already ignored or handled (the terminal interface's) is left so. */
            if (sigaction(guard_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
                !(old.sa_flags & SA_SIGINFO))
                sigaction(guard_signals[i], &act, NULL);
        }
    }
    for (size_t i = 0; i < GUARD_SLOTS; i++)
        if (!guarded[i]) {
            guarded[i] = path;
            return GU_OK;
        }
    return GU_FAILURE;
}

void output_unguard_path(const char *path)
{
    for (size_t i = 0; i < GUARD_SLOTS; i++)
        if (guarded[i] == path)
            guarded[i] = NULL;
}

/* ---- --output FILE ---- */

/* The folder of path ("." when it names none) and its last component, both new strings. */
static int path_split(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');
    *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    *base = strdup(slash ? slash + 1 : path);
    if (*dir && *base)
        return GU_OK;
    free(*dir);
    free(*base);
    *dir = *base = NULL;
    return GU_FAILURE;
}

/* Whether the folder dir (that exists) is the folder folder or lies inside it. */
static bool path_inside(const char *dir, const struct stat *dir_st, const char *folder)
{
    struct stat k;
    if (stat(folder, &k) != 0)
        return false; /* not there: nothing can be written into it */
    if (k.st_dev == dir_st->st_dev && k.st_ino == dir_st->st_ino)
        return true;
    char *real_dir = realpath(dir, NULL), *real_folder = realpath(folder, NULL);
    if (!real_dir || !real_folder) {
        free(real_dir);
        free(real_folder);
        return true; /* out of memory: refuse rather than risk it */
    }
    size_t n = strlen(real_folder);
    bool inside = !strncmp(real_dir, real_folder, n) &&
                  (real_dir[n] == '/' || (n && real_folder[n - 1] == '/'));
    free(real_dir);
    free(real_folder);
    return inside;
}

/* Whether the target (lstat'ed as *st when it exists, else exists false; in folder dir, *dir_st,
 * under the name base) is one of keep or in one of its folders. */
static bool path_kept(const struct stat *st, bool exists, const char *dir,
                      const struct stat *dir_st, const char *base,
                      const struct output_keep *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; i++) {
        struct stat k;
        if (keep[i].is_folder) {
            if (path_inside(dir, dir_st, keep[i].path))
                return true;
            continue;
        }
        if (stat(keep[i].path, &k) == 0) {
            if (exists && k.st_dev == st->st_dev && k.st_ino == st->st_ino)
                return true;
            continue;
        }
        /* Not there yet (a journal, the key): the same name in the same folder is it. */
        char *kdir, *kbase;
        if (path_split(keep[i].path, &kdir, &kbase))
            return true; /* out of memory: refuse rather than risk it */
        struct stat kd;
        bool same = !strcmp(kbase, base) && stat(kdir, &kd) == 0 &&
                    kd.st_dev == dir_st->st_dev && kd.st_ino == dir_st->st_ino;
        free(kdir);
        free(kbase);
        if (same)
            return true;
    }
    return false;
}

/* Whether the regular file at path begins as an SQLite database does: a backup of the database,
 * wherever it was put, is never replaced by a report. False when it cannot be read. */
static bool path_is_database(const char *path)
{
    static const char magic[16] = "SQLite format 3";
    char head[sizeof magic];
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, head, sizeof head);
    close(fd);
    return got == (ssize_t)sizeof head && !memcmp(head, magic, sizeof magic);
}

/* Refuses a target that must not be replaced; *in_place says it is a device or a pipe, written
 * as it is. */
static int target_refused(const char *path, const struct output_keep *keep, size_t nkeep,
                          bool *in_place, struct gu_error *err)
{
    *in_place = false;
    struct stat st, dir_st;
    bool exists = lstat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return error_set(err, GU_FAILURE, _("cannot write %s: %s"), path, error_system_text(errno));
    if (exists && S_ISLNK(st.st_mode))
        return error_set(err, GU_INVALID,
                         _("--output: %s is a symbolic link: guichet does not write through one; "
                           "give the file itself"),
                         path);
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        *in_place = true;
        return GU_OK;
    }
    if (exists && !S_ISREG(st.st_mode))
        return error_set(err, GU_INVALID, _("--output: %s exists and is not a regular file"),
                         path);
    char *dir, *base;
    if (path_split(path, &dir, &base))
        return error_nomem(err);
    int status = GU_OK;
    if (!*base)
        status = error_set(err, GU_INVALID, _("--output: %s exists and is not a regular file"),
                           path);
    else if (stat(dir, &dir_st) != 0)
        status = error_set(err, GU_FAILURE, _("cannot write %s: %s"), path, error_system_text(errno));
    else if (path_kept(&st, exists, dir, &dir_st, base, keep, nkeep))
        status = error_set(err, GU_INVALID,
                           _("--output: %s is the database, one of its files or in its backups folder: "
                             "guichet does not write there"),
                           path);
    else if (exists && path_is_database(path))
        status = error_set(err, GU_INVALID,
                           _("--output: %s is a database (a backup?): guichet does not write "
                             "over it"),
                           path);
    free(dir);
    free(base);
    return status;
}

int output_check_file(const char *path, const struct output_keep *keep, size_t nkeep,
                      struct gu_error *err)
{
    bool in_place;
    return target_refused(path, keep, nkeep, &in_place, err);
}

/* Whether name (in the folder of target, whose last component is base) is a new file guichet
 * built for target, "BASE.tmp-PID-…", left by a process that is gone (killed before its
 * rename) or by this one (whose own is renamed already). */
static bool temp_is_stale(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) || strncmp(name + n, ".tmp-", 5))
        return false;
    const char *digits = name + n + 5;
    char *end;
    errno = 0;
    long pid = strtol(digits, &end, 10);
    if (end == digits || *digits < '0' || *digits > '9' || errno || *end != '-' || !end[1] ||
        pid <= 0 || (pid_t)pid != pid)
        return false;
    return (pid_t)pid == getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

/* Removes what stale "PATH.tmp-PID-…" files of guichet's are beside path: regular files of this
 * user whose process is gone (as backups remove their killed parts). Best effort. */
static void temp_remove_stale(const char *path)
{
    char *dir, *base;
    if (path_split(path, &dir, &base))
        return;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d && dfd >= 0)
        close(dfd);
    for (struct dirent *e; d && (e = readdir(d));) {
        struct stat sb;
        if (temp_is_stale(e->d_name, base) &&
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
            sb.st_uid == geteuid())
            unlinkat(dirfd(d), e->d_name, 0);
    }
    if (d)
        closedir(d);
    free(dir);
    free(base);
}

/* A file without a name in the folder of path (O_TMPFILE), mode 0600; -1 when the system or the
 * file system has none (the caller then makes a named one). */
static int temp_open_unnamed(const char *path)
{
#ifdef O_TMPFILE
    char *dir, *base;
    if (path_split(path, &dir, &base))
        return -1;
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    free(dir);
    free(base);
    if (fd >= 0 && fchmod(fd, 0600) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
#else
    (void)path;
    return -1;
#endif
}

/* Gives the unnamed file fd a new name beside of->path, "PATH.tmp-PID-N" (of->temp, guarded),
 * for the rename over the target. GU_FAILURE with errno set. */
static int temp_link_unnamed(struct output_file *of, int fd)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    for (unsigned i = 0; i < 100; i++) {
        struct strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "%s.tmp-%ld-%u", of->path, (long)getpid(), i);
        char *name = strbuf_finish(&b);
        if (!name) {
            errno = ENOMEM;
            return GU_FAILURE;
        }
        /* AT_EMPTY_PATH needs a privilege; /proc's link to the descriptor does not. */
        int rc = linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH);
        if (rc != 0 && errno != EEXIST)
            rc = linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
        if (rc == 0) {
            of->temp = name;
            if (output_guard_path(of->temp) == GU_OK)
                return GU_OK;
            unlink(name);
            free(name);
            of->temp = NULL;
            errno = ENOMEM;
            return GU_FAILURE;
        }
        int e = errno;
        free(name);
        errno = e;
        if (e != EEXIST)
            return GU_FAILURE;
    }
    return GU_FAILURE;
}

int output_open_file(struct output_file *of, const char *path, const struct output_keep *keep,
                     size_t nkeep, struct gu_error *err)
{
    *of = (struct output_file){0};
    bool in_place;
    int status = target_refused(path, keep, nkeep, &in_place, err);
    if (status)
        return status;
    of->path = strdup(path);
    if (!of->path)
        return error_nomem(err);
    int fd;
    if (in_place) {
        fd = open(path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    } else if ((fd = temp_open_unnamed(path)) >= 0) {
        of->unnamed = true; /* named only when whole, just before the rename */
    } else {
        struct strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "%s.tmp-%ld-XXXXXX", path, (long)getpid());
        if (!(of->temp = strbuf_finish(&b))) {
            output_discard_file(of);
            return error_nomem(err);
        }
        /* mkstemp: mode 0600 and O_CREAT | O_EXCL, which creates a new file of guichet's own
         * and never follows a link put at that name. */
        fd = mkstemp(of->temp);
        if (fd < 0) {
            free(of->temp);
            of->temp = NULL;
        } else if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || output_guard_path(of->temp)) {
            int e = errno ? errno : ENOMEM;
            unlink(of->temp);
            close(fd);
            free(of->temp);
            of->temp = NULL;
            fd = -1;
            errno = e;
        }
    }
    of->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!of->f) {
        error_set(err, GU_FAILURE, _("cannot write %s: %s"), path, error_system_text(errno));
        if (fd >= 0)
            close(fd);
        output_discard_file(of); /* removes the new file */
        return GU_FAILURE;
    }
    return GU_OK;
}

int output_commit_file(struct output_file *of, const struct output_keep *keep, size_t nkeep,
                       struct gu_error *err)
{
    if (!of->f)
        return error_set(err, GU_FAILURE, "%s", _("cannot write the output"));
    int e = 0;
    bool built = of->temp || of->unnamed;
    if (fflush(of->f) != 0 || ferror(of->f) || (built && fsync(fileno(of->f)) != 0))
        e = errno ? errno : EIO;
    if (!e && of->unnamed && temp_link_unnamed(of, fileno(of->f)))
        e = errno ? errno : EIO;
    if (fclose(of->f) != 0 && !e)
        e = errno ? errno : EIO;
    of->f = NULL;
    int status = e ? error_set(err, GU_FAILURE, _("cannot write %s: %s"), of->path, error_system_text(e))
                   : GU_OK;
    bool in_place = false;
    /* The target looked at again: what sits there now must still be fit to replace. */
    if (!status && of->temp && !(status = target_refused(of->path, keep, nkeep, &in_place, err)) &&
        in_place)
        status = error_set(err, GU_INVALID, _("--output: %s exists and is not a regular file"),
                           of->path);
    if (!status && of->temp && rename(of->temp, of->path) != 0)
        status = error_set(err, GU_FAILURE, _("cannot write %s: %s"), of->path, error_system_text(errno));
    if (!status && of->temp) {
        output_unguard_path(of->temp);
        free(of->temp);
        of->temp = NULL;
        /* What a killed command left beside the target goes now. */
        temp_remove_stale(of->path);
    }
    output_discard_file(of);
    return status;
}

void output_discard_file(struct output_file *of)
{
    if (of->f)
        fclose(of->f);
    of->f = NULL;
    if (of->temp) {
        unlink(of->temp);
        output_unguard_path(of->temp);
    }
    free(of->temp);
    free(of->path);
    of->temp = of->path = NULL;
    of->unnamed = false;
}

void output_csv_field(FILE *f, const char *raw, bool protect)
{
    char *copy;
    const char *text = text_for_output(raw, &copy);
    if (!text)
        return;
    /* A leading = + - @ (or tab, CR) makes spreadsheets evaluate the cell: prefix a quote. A
     * leading space is one (a tab cleaned) or foreign text, as guichet trims what it stores. */
    bool formula = protect && text[0] && strchr("=+-@ \t\r", text[0]);
    bool quote = formula || strpbrk(text, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    if (quote)
        fputc('"', f);
    free(copy);
}

void output_csv_field_lines(FILE *f, const char *raw)
{
    if (!raw)
        return;
    /* Each line is cleaned on its own: only the line feeds between them are kept. */
    struct strbuf b = STRBUF_INIT;
    for (const char *line = raw; line;) {
        const char *end = strchr(line, '\n');
        char *one = end ? strndup(line, (size_t)(end - line)) : NULL, *copy;
        if (end && !one) {
            strbuf_release(&b);
            return;
        }
        const char *clean = text_for_output(end ? one : line, &copy);
        if (line != raw)
            strbuf_putc(&b, '\n');
        strbuf_puts(&b, clean);
        free(copy);
        free(one);
        line = end ? end + 1 : NULL;
    }
    char *joined = strbuf_finish(&b);
    if (!joined)
        return;
    bool quote = strpbrk(joined, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    for (const char *p = joined; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    if (quote)
        fputc('"', f);
    free(joined);
}

void output_json_string(FILE *f, const char *raw)
{
    char *copy;
    const char *s = text_for_output(raw ? raw : "", &copy);
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: /* cleaned text holds no control; escaping stays for any that would */
            if (*p < 0x20 || *p == 0x7F)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
    free(copy);
}

void output_clean(FILE *f, const char *text)
{
    char *copy;
    const char *clean = text_for_output(text, &copy);
    if (clean)
        fputs(clean, f);
    free(copy);
}

/* Writes text cut to width columns and padded to it, except at the end of a line. */
static void table_cell(FILE *f, const char *text, int width, bool right, bool last)
{
    char *copy;
    const char *clean = text_for_output(text ? text : "", &copy);
    char *fitted = text_fit(clean, (size_t)width);
    if (!fitted) {
        free(copy);
        return;
    }
    int pad = width - (int)text_width(fitted);
    if (right)
        fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", fitted);
    else
        fprintf(f, "%s%*s", fitted, pad > 0 && !last ? pad : 0, "");
    free(fitted);
    free(copy);
}

/* Tables leave out columns of width 0: those are for files only. */
static bool cell_hidden(const struct output *o)
{
    return o->format == OUTPUT_TABLE && o->cols[o->col].width == 0;
}

void output_pad(FILE *f, const char *text, int width, bool last)
{
    table_cell(f, text, width, false, last);
}

static void cell_begin(struct output *o)
{
    if (o->format == OUTPUT_JSON) {
        if (o->col == 0)
            fputs(o->rows ? ",\n  {" : "\n  {", o->f);
        else
            fputs(", ", o->f);
        output_json_string(o->f, o->cols[o->col].key);
        fputs(": ", o->f);
    } else if (o->format == OUTPUT_CSV && o->col > 0)
        fputc(',', o->f);
    else if (o->format == OUTPUT_TABLE && o->row_started)
        fputs("  ", o->f);
    o->row_started = true;
}

struct output *output_begin(FILE *f, enum output_format format, const struct output_column *cols,
                            size_t ncols)
{
    struct output *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    *o = (struct output){.f = f, .format = format, .cols = cols, .ncols = ncols};
    if (format == OUTPUT_XLSX) {
        /* The keys head the sheet as they head a CSV file: the same stable names. */
        const char **keys = malloc(sizeof *keys * (ncols ? ncols : 1));
        if (!keys) {
            free(o);
            return NULL;
        }
        for (size_t i = 0; i < ncols; i++)
            keys[i] = cols[i].key;
        if (!output_check_target(f, format, &o->err) && (o->xlsx = xlsx_new(true, &o->err))) {
            o->sheet = xlsx_add_sheet(o->xlsx, NULL);
            xlsx_header(o->sheet, keys, ncols);
        }
        free(keys);
        return o;
    }
    if (format == OUTPUT_JSON) {
        fputc('[', f);
        return o;
    }
    size_t last_visible = 0;
    for (size_t i = 0; i < ncols; i++)
        if (cols[i].width)
            last_visible = i;
    bool started = false;
    for (size_t i = 0; i < ncols; i++) {
        if (format == OUTPUT_CSV) {
            if (i)
                fputc(',', f);
            output_csv_field(f, cols[i].key, false);
        } else if (cols[i].width) {
            if (started)
                fputs("  ", f);
            started = true;
            table_cell(f, cols[i].title, cols[i].width, cols[i].kind == OUTPUT_NUMBER,
                       i == last_visible);
        }
    }
    fputs(format == OUTPUT_CSV ? "\r\n" : "\n", f);
    return o;
}

/* True when no visible column follows the current one. */
static bool cell_last(const struct output *o)
{
    for (size_t i = o->col + 1; i < o->ncols; i++)
        if (o->cols[i].width)
            return false;
    return true;
}

void output_text(struct output *o, const char *text)
{
    if (cell_hidden(o)) {
        o->col++;
        return;
    }
    cell_begin(o);
    const struct output_column *c = &o->cols[o->col];
    switch (o->format) {
    case OUTPUT_JSON:
        if (text)
            output_json_string(o->f, text);
        else
            fputs("null", o->f);
        break;
    case OUTPUT_CSV:
        output_csv_field(o->f, text, true);
        break;
    case OUTPUT_TABLE:
        table_cell(o->f, text, c->width, false, cell_last(o));
        break;
    case OUTPUT_XLSX:
        xlsx_text(o->sheet, (uint32_t)o->rows + 1, (uint16_t)o->col, text, XLSX_PLAIN);
        break;
    }
    o->col++;
}

void output_number(struct output *o, long long value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", value);
    if (cell_hidden(o)) {
        o->col++;
        return;
    }
    cell_begin(o);
    if (o->format == OUTPUT_TABLE)
        table_cell(o->f, buf, o->cols[o->col].width, true, cell_last(o));
    else if (o->format == OUTPUT_XLSX)
        xlsx_number(o->sheet, (uint32_t)o->rows + 1, (uint16_t)o->col, (double)value, XLSX_PLAIN);
    else
        fputs(buf, o->f);
    o->col++;
}

void output_list(struct output *o, const char *const *items, size_t n)
{
    if (o->format == OUTPUT_JSON) {
        cell_begin(o);
        fputc('[', o->f);
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputs(", ", o->f);
            output_json_string(o->f, items[i]);
        }
        fputc(']', o->f);
        o->col++;
        return;
    }
    const char *sep = o->format == OUTPUT_TABLE ? ", " : "|";
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(items[i]) + strlen(sep);
    char *joined = malloc(len);
    if (!joined) {
        output_text(o, NULL);
        return;
    }
    joined[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(joined, sep);
        strcat(joined, items[i]);
    }
    output_text(o, n ? joined : NULL);
    free(joined);
}

/* A date cell: typed in XLSX, the ISO text itself elsewhere. */
static void date_cell(struct output *o, const char *iso, enum xlsx_style style)
{
    if (o->format != OUTPUT_XLSX) {
        output_text(o, iso);
        return;
    }
    xlsx_date(o->sheet, (uint32_t)o->rows + 1, (uint16_t)o->col, iso, style);
    o->col++;
}

void output_date(struct output *o, const char *iso)
{
    date_cell(o, iso, XLSX_DATE);
}

void output_datetime(struct output *o, const char *iso)
{
    date_cell(o, iso, XLSX_DATETIME);
}

void output_row_end(struct output *o)
{
    if (o->format == OUTPUT_JSON)
        fputc('}', o->f);
    else if (o->format != OUTPUT_XLSX) /* XLSX: the next cells go to the next row */
        fputs(o->format == OUTPUT_CSV ? "\r\n" : "\n", o->f);
    o->col = 0;
    o->row_started = false;
    o->rows++;
}

int output_end(struct output *o, struct gu_error *err)
{
    if (o->format == OUTPUT_XLSX) {
        int status = o->xlsx ? xlsx_finish(o->xlsx, o->f, err)
                             : error_set(err, o->err.status, "%s", o->err.message);
        free(o);
        return status;
    }
    if (o->format == OUTPUT_JSON)
        fputs(o->rows ? "\n]\n" : "]\n", o->f);
    int failed = fflush(o->f) != 0 || ferror(o->f);
    free(o);
    return failed ? error_set(err, GU_FAILURE, "%s", _("cannot write the output")) : GU_OK;
}

void output_html_text(FILE *f, const char *text)
{
    char *copy;
    for (const char *s = text_for_output(text, &copy); s && *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    free(copy);
}

void output_wrapped(FILE *f, const char *text, int indent, int used, int width)
{
    char *copy;
    const char *clean = text_for_output(text, &copy);
    if (!clean)
        return;
    size_t len = strlen(clean);
    char *breaks = len ? malloc(len) : NULL;
    if (len && !breaks) {
        fputs(clean, f); /* unwrapped rather than lost */
        free(copy);
        return;
    }
    /* libunistring knows where a line may break (UAX #14: never before a no-break space, so
     * "accompagnement :" stays whole) and how wide each character is. */
    /* Each line after a break starts at the indent, where libunistring counts column 0: the
     * width is what is left of it (the first line starts used - indent columns further). */
    if (len)
        u8_width_linebreaks((const uint8_t *)clean, len, width > indent ? width - indent : 1,
                            used > indent ? used - indent : 0, 0, NULL, "UTF-8", breaks);
    for (size_t i = 0; i < len; i++) {
        if (breaks[i] == UC_BREAK_POSSIBLE) {
            fprintf(f, "\n%*s", indent, "");
        }
        if (clean[i] == ' ' && i + 1 < len && breaks[i + 1] == UC_BREAK_POSSIBLE)
            continue; /* the space a line ends on is not written */
        fputc(clean[i], f);
    }
    free(breaks);
    free(copy);
}
