#include "xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "array.h"
#include "date.h"
#include "i18n.h"
#include "output.h"
#include "strbuf.h"
#include "text.h"

#define XLSX_WIDTH_MAX 80.0 /* wider columns are cut on screen anyway; Excel wraps nothing */
#define XLSX_CELL_MAX 32767 /* characters in a cell, as Excel counts them */

struct xlsx_sheet {
    struct xlsx *x; /* the workbook it belongs to */
    lxw_worksheet *ws;
    double *widths; /* the widest cell of each column, in characters */
    size_t nwidths, cap;
};

struct xlsx {
    lxw_workbook *wb;
    lxw_format *formats[XLSX_STYLES];
    char *path; /* the temporary file, or its name in /proc once unlinked */
    bool unlinked; /* path is /proc's: nothing to remove */
    int fd;
    struct xlsx_sheet **sheets;
    size_t nsheets, cap;
    size_t names_cap;
    char **names; /* the sheets' names, folded, to keep them unique as Excel compares them */
    struct gu_error err; /* the first failure, reported by xlsx_finish */
    bool failed;
};

int xlsx_check_target(FILE *f, bool output_option, struct gu_error *err)
{
    if (!isatty(fileno(f)))
        return GU_OK;
    if (output_option)
        return error_set(err, GU_INVALID, "%s",
                         _("an Excel file is not shown on a terminal: write it with --output FILE "
                           "or redirect the output to a file"));
    return error_set(err, GU_INVALID, "%s",
                     _("an Excel file is not shown on a terminal: redirect the output to a file "
                       "(> FILE.xlsx)"));
}

/* Keeps the first failure only: the later ones are usually its consequences. */
static void xlsx_fail(struct xlsx *x, lxw_error e)
{
    if (x->failed)
        return;
    x->failed = true;
    if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
        error_set(&x->err, GU_FAILURE, "%s",
                  _("too many rows for one Excel sheet (1,048,576 at most)"));
    else
        error_set(&x->err, GU_FAILURE, _("cannot write the Excel file: %s"), lxw_strerror(e));
}

struct xlsx *xlsx_new(bool constant_memory, struct gu_error *err)
{
    struct xlsx *x = calloc(1, sizeof *x);
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s/guichet-XXXXXX.xlsx", dir);
    if (!x || strbuf_failed(&b)) {
        strbuf_release(&b);
        free(x);
        error_nomem(err);
        return NULL;
    }
    x->path = strbuf_finish(&b);
    /* mkstemp creates the file with mode 0600; libxlsxwriter then rewrites it in place. */
    x->fd = mkstemps(x->path, 5);
    if (x->fd < 0) {
        error_set(err, GU_FAILURE, _("cannot create a temporary file in %s: %s"), dir,
                  error_system_text(errno));
        free(x->path);
        free(x);
        return NULL;
    }
    /* The workbook holds personal data: its name goes at once. libxlsxwriter 1.1.4 writes only
     * to a file it opens by name (no stream, no memory buffer), so it is given the open file's
     * own name in /proc: nothing is left in TMPDIR whatever ends the process, SIGKILL included.
     * Without /proc, the name stays until xlsx_finish, removed by a signal's handler meanwhile. */
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", x->fd);
    if (access(proc, W_OK) == 0 && unlink(x->path) == 0) {
        free(x->path);
        x->path = strdup(proc);
        x->unlinked = true;
    } else if (output_guard_path(x->path)) {
        unlink(x->path);
        free(x->path);
        x->path = NULL;
    }
    if (!x->path) {
        error_set(err, GU_FAILURE, "%s", _("cannot start the Excel file"));
        close(x->fd);
        free(x);
        return NULL;
    }
    /* libxlsxwriter's own temporary files (constant memory) go to the same directory. */
    lxw_workbook_options options = {.constant_memory = constant_memory, .tmpdir = (char *)dir};
    x->wb = workbook_new_opt(x->path, &options);
    if (!x->wb) {
        error_set(err, GU_FAILURE, "%s", _("cannot start the Excel file"));
        xlsx_finish(x, NULL, NULL);
        return NULL;
    }
    static const char *const number_formats[XLSX_STYLES] = {
        [XLSX_PERCENT] = "0.0%", [XLSX_DATE] = "yyyy-mm-dd",
        [XLSX_DATETIME] = "yyyy-mm-dd hh:mm", [XLSX_MONTH] = "yyyy-mm"};
    for (int i = XLSX_BOLD; i < XLSX_STYLES; i++) {
        x->formats[i] = workbook_add_format(x->wb);
        if (!x->formats[i])
            xlsx_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else if (i == XLSX_BOLD)
            format_set_bold(x->formats[i]);
        else
            format_set_num_format(x->formats[i], number_formats[i]);
    }
    return x;
}

/* The name Excel accepts for title: no []:*?/\, no apostrophe at either end, at most 31
 * characters. Caller frees; NULL when out of memory. */
static char *sheet_name(const char *title, const char *suffix)
{
    char *copy;
    const char *clean = text_for_output(title, &copy);
    size_t room = LXW_SHEETNAME_MAX - strlen(suffix); /* the suffix is ASCII */
    struct strbuf b = STRBUF_INIT;
    size_t chars = 0;
    bool cut = false;
    for (const char *p = clean; *p && !cut; p++) {
        bool lead = ((unsigned char)*p & 0xC0) != 0x80;
        if (lead && chars == room)
            cut = true;
        else {
            chars += lead;
            strbuf_putc(&b, strchr("[]:*?/\\", *p) ? '-' : *p);
        }
    }
    free(copy);
    char *name = strbuf_finish(&b);
    if (!name)
        return NULL;
    /* A title cut ends on a whole word when one ends far enough in ("…vers une autre"). */
    char *space = cut ? strrchr(name, ' ') : NULL;
    if (space && space - name >= 12)
        *space = '\0';
    size_t len = strlen(name);
    while (len && name[len - 1] == '\'')
        name[--len] = '\0';
    size_t lead = strspn(name, "'");
    memmove(name, name + lead, len - lead + 1);
    struct strbuf full = STRBUF_INIT;
    strbuf_puts(&full, *name ? name : "-");
    strbuf_puts(&full, suffix);
    free(name);
    return strbuf_finish(&full);
}

/* A name for title that no sheet of x has yet (Excel ignores case). NULL when out of memory. */
static char *unique_name(struct xlsx *x, const char *title, char **folded)
{
    for (int n = 1; n < 1000; n++) {
        char suffix[16] = "";
        if (n > 1)
            snprintf(suffix, sizeof suffix, " (%d)", n);
        char *name = sheet_name(title, suffix), *fold = name ? text_fold(name) : NULL;
        if (!fold) {
            free(name);
            return NULL;
        }
        bool taken = false;
        for (size_t i = 0; i < x->nsheets && !taken; i++)
            taken = !strcmp(x->names[i], fold);
        if (!taken) {
            *folded = fold;
            return name;
        }
        free(name);
        free(fold);
    }
    return NULL;
}

struct xlsx_sheet *xlsx_add_sheet(struct xlsx *x, const char *title)
{
    char *name = NULL, *folded = NULL;
    struct xlsx_sheet *s = calloc(1, sizeof *s);
    if (s && !array_reserve(&x->sheets, &x->cap, x->nsheets, sizeof *x->sheets, 8))
        goto fail;
    if (s && !array_reserve(&x->names, &x->names_cap, x->nsheets, sizeof *x->names, 8))
        goto fail;
    if (!s || !(name = unique_name(x, title ? title : _("Data"), &folded)))
        goto fail;
    s->x = x;
    s->ws = workbook_add_worksheet(x->wb, name);
    free(name);
    if (!s->ws)
        goto fail;
    x->names[x->nsheets] = folded;
    x->sheets[x->nsheets++] = s;
    return s;
fail:
    free(folded);
    free(s);
    xlsx_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return NULL;
}

static void note_width(struct xlsx_sheet *s, uint16_t col, double width)
{
    if (col >= s->nwidths) {
        if (!array_reserve(&s->widths, &s->cap, col, sizeof *s->widths, 16))
            return; /* a column left at its default width */
        memset(s->widths + s->nwidths, 0, ((size_t)col + 1 - s->nwidths) * sizeof *s->widths);
        s->nwidths = (size_t)col + 1;
    }
    if (width > s->widths[col])
        s->widths[col] = width;
}

static void check(struct xlsx_sheet *s, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        xlsx_fail(s->x, e);
}

void xlsx_text(struct xlsx_sheet *s, uint32_t row, uint16_t col, const char *text,
               enum xlsx_style style)
{
    if (!s || !text)
        return;
    char *copy;
    const char *clean = text_for_output(text, &copy);
    /* A cell holds at most 32,767 characters (UTF-16 units for Excel): text longer than as many
     * bytes, which never count fewer, is cut there, at a character's start. */
    char *cut = NULL;
    size_t len = strlen(clean);
    if (len > XLSX_CELL_MAX) {
        size_t end = XLSX_CELL_MAX;
        while (end && ((unsigned char)clean[end] & 0xC0) == 0x80)
            end--;
        cut = strndup(clean, end);
    }
    check(s, worksheet_write_string(s->ws, row, col, cut ? cut : clean,
                                    s->x->formats[style]));
    note_width(s, col, (double)text_width(cut ? cut : clean) + (style == XLSX_BOLD ? 2 : 1));
    free(cut);
    free(copy);
}

void xlsx_number(struct xlsx_sheet *s, uint32_t row, uint16_t col, double value,
                 enum xlsx_style style)
{
    if (!s)
        return;
    check(s, worksheet_write_number(s->ws, row, col, value, s->x->formats[style]));
    char buf[64];
    snprintf(buf, sizeof buf, style == XLSX_PERCENT ? "%.1f%%" : "%.15g",
             style == XLSX_PERCENT ? value * 100 : value);
    note_width(s, col, (double)strlen(buf) + 2);
}

void xlsx_date(struct xlsx_sheet *s, uint32_t row, uint16_t col, const char *iso,
               enum xlsx_style style)
{
    if (!s || !iso)
        return;
    lxw_datetime dt = {0};
    struct gu_datetime at;
    bool ok = false;
    if (style == XLSX_DATETIME) {
        /* "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM" or a UTC stamp "YYYY-MM-DDTHH:MM:SSZ": the
         * time as written (the column's name says which clock). */
        char local[DATETIME_TEXT_SIZE];
        size_t n = strlen(iso);
        int seconds = 0;
        if (n == 16 || (n == 20 && iso[16] == ':' && iso[19] == 'Z' && isdigit((unsigned char)iso[17]) &&
                        isdigit((unsigned char)iso[18]))) {
            memcpy(local, iso, 16);
            local[16] = '\0';
            if (local[10] == 'T')
                local[10] = ' ';
            seconds = n == 20 ? (iso[17] - '0') * 10 + (iso[18] - '0') : 0;
            ok = seconds < 60 && datetime_parse(local, &at);
        }
        if (ok)
            dt = (lxw_datetime){at.year, at.month, at.day, at.hour, at.minute, seconds};
    } else if (style == XLSX_DATE && date_parse(iso, &dt.year, &dt.month, &dt.day))
        ok = true;
    else if (style == XLSX_MONTH) {
        char day[DATE_TEXT_SIZE + 4];
        snprintf(day, sizeof day, "%.7s-01", iso);
        ok = strlen(iso) == 7 && date_parse(day, &dt.year, &dt.month, &dt.day);
    }
    if (!ok) {
        xlsx_text(s, row, col, iso, XLSX_PLAIN);
        return;
    }
    check(s, worksheet_write_datetime(s->ws, row, col, &dt, s->x->formats[style]));
    note_width(s, col, style == XLSX_DATETIME ? 18 : style == XLSX_DATE ? 12 : 9);
}

void xlsx_header(struct xlsx_sheet *s, const char *const *titles, size_t n)
{
    if (!s)
        return;
    for (size_t i = 0; i < n; i++)
        xlsx_text(s, 0, (uint16_t)i, titles[i], XLSX_BOLD);
    worksheet_freeze_panes(s->ws, 1, 0);
}

/* Copies the finished file, which libxlsxwriter wrote through its own stream, from fd's start
 * to out. False when reading or writing failed. */
static bool copy_out(int fd, FILE *out)
{
    char buf[65536];
    if (lseek(fd, 0, SEEK_SET) < 0)
        return false;
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return false;
        if (got == 0)
            break;
        if (fwrite(buf, 1, (size_t)got, out) != (size_t)got)
            return false;
    }
    return fflush(out) == 0 && !ferror(out);
}

int xlsx_finish(struct xlsx *x, FILE *out, struct gu_error *err)
{
    if (!x)
        return GU_OK;
    for (size_t i = 0; i < x->nsheets; i++) {
        struct xlsx_sheet *s = x->sheets[i];
        for (size_t c = 0; c < s->nwidths; c++)
            if (s->widths[c] > 0)
                worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                                     s->widths[c] < XLSX_WIDTH_MAX ? s->widths[c] : XLSX_WIDTH_MAX,
                                     NULL);
    }
    lxw_error closed = x->wb ? workbook_close(x->wb) : LXW_NO_ERROR; /* frees the workbook */
    if (closed != LXW_NO_ERROR)
        xlsx_fail(x, closed);
    if (!x->failed && out && !copy_out(x->fd, out)) {
        error_set(&x->err, GU_FAILURE, "%s", _("cannot write the output"));
        x->failed = true;
    }
    if (!x->unlinked) {
        unlink(x->path);
        output_unguard_path(x->path);
    }
    close(x->fd);
    free(x->path);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i]->widths);
        free(x->sheets[i]);
        free(x->names[i]);
    }
    free(x->sheets);
    free(x->names);
    int status = x->failed ? error_set(err, x->err.status, "%s", x->err.message) : GU_OK;
    free(x);
    return status;
}
