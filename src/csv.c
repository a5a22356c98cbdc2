#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "array.h"
#include "i18n.h"
#include "strbuf.h"

_Static_assert(CSV_FIELDS_MAX == 1024, "the message \"more than 1,024 fields\" names the limit");

void csv_init(struct csv_reader *r, const char *text, size_t len)
{
    *r = (struct csv_reader){.text = text, .len = len, .line = 1};
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        r->pos = 3;
}

void csv_release(struct csv_reader *r)
{
    free(r->buf);
    free(r->starts);
    free(r->lines);
    free(r->fields);
    *r = (struct csv_reader){0};
}

/* Records the first problem of the current record; later ones add nothing. */
static void set_problem(struct csv_reader *r, const char *why, int line, int field)
{
    if (r->record.problem)
        return;
    r->record.problem = why;
    r->record.problem_line = line;
    r->record.problem_field = field;
}

static void set_nomem(struct csv_reader *r)
{
    r->record.problem = NULL; /* out of memory wins over any other problem */
    set_problem(r, _("out of memory"), r->line, -1);
    r->record.out_of_memory = true;
    r->done = true;
}

/* Appends byte c to the current field; nothing once the record has a problem. */
static void put(struct csv_reader *r, char c)
{
    if (r->record.problem)
        return;
    if (r->used + 1 >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        char *b = realloc(r->buf, cap);
        if (!b) {
            set_nomem(r);
            return;
        }
        r->buf = b;
        r->cap = cap;
    }
    r->buf[r->used++] = c;
}

/* Starts a field at the current position of buf. */
static void start_field(struct csv_reader *r)
{
    if (r->record.problem)
        return;
    if (r->nstarts == CSV_FIELDS_MAX) {
        set_problem(r, _("more than 1,024 fields"), r->line, -1);
        return;
    }
    if (!array_reserve(&r->starts, &r->starts_cap, r->nstarts, sizeof *r->starts, 16) ||
        !array_reserve(&r->lines, &r->lines_cap, r->nstarts, sizeof *r->lines, 16)) {
        set_nomem(r);
        return;
    }
    r->starts[r->nstarts] = r->used;
    r->lines[r->nstarts++] = r->line;
}

/* True when the byte at pos ends a line ("\n", "\r\n" counted once at its '\n', or a lone "\r"). */
static bool breaks_line(const char *s, size_t pos, size_t len)
{
    return s[pos] == '\n' || (s[pos] == '\r' && (pos + 1 >= len || s[pos + 1] != '\n'));
}

/* The first invalid UTF-8 sequence of each field, reported with the line where it is. */
static void check_utf8(struct csv_reader *r)
{
    for (size_t i = 0; i < r->nstarts && !r->record.problem; i++) {
        const char *f = r->buf + r->starts[i];
        size_t len = strlen(f);
        const uint8_t *bad = u8_check((const uint8_t *)f, len);
        if (!bad)
            continue;
        int line = r->lines[i];
        for (size_t k = 0; k < (size_t)((const char *)bad - f); k++)
            line += breaks_line(f, k, len);
        set_problem(r, _("not valid UTF-8 text"), line, (int)i);
    }
}

const struct csv_record *csv_next(struct csv_reader *r)
{
    if (r->done || r->pos >= r->len)
        return NULL;
    r->record = (struct csv_record){.number = ++r->records, .line = r->line, .problem_field = -1};
    r->used = 0;
    r->nstarts = 0;
    start_field(r);
    enum { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE } state = FIELD_START;
    int quote_line = 0;
    const char *s = r->text;
    while (!r->done) {
        if (r->pos >= r->len) {
            if (state == QUOTED)
                set_problem(r, _("a quoted field starts here and never ends (a closing \" is missing)"),
                            quote_line, (int)r->nstarts - 1);
            break;
        }
        size_t at = r->pos++;
        char c = s[at];
        if (c == '\0')
            set_problem(r, _("a NUL byte (is this a text file?)"), r->line, (int)r->nstarts - 1);
        if (state == QUOTED) {
            if (c == '"' && r->pos < r->len && s[r->pos] == '"') {
                put(r, '"');
                r->pos++;
            } else if (c == '"')
                state = AFTER_QUOTE;
            else {
                if (breaks_line(s, at, r->len))
                    r->line++;
                put(r, c);
            }
            continue;
        }
        if (c == ',') {
            put(r, '\0');
            start_field(r);
            state = FIELD_START;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && r->pos < r->len && s[r->pos] == '\n')
                r->pos++;
            r->line++;
            break;
        } else if (c == '"' && state == FIELD_START) {
            state = QUOTED;
            quote_line = r->line;
        } else {
            /* A quote inside an unquoted field, or text after a closing quote, is a problem;
             * the rest of the field reads as unquoted text, so that the record still ends at
             * its line end and reading resumes with the next one. */
            if (c == '"' && state == UNQUOTED)
                set_problem(r, _("a quote inside a field that does not start with one (write it \"\" in a quoted field)"),
                            r->line, (int)r->nstarts - 1);
            else if (state == AFTER_QUOTE)
                set_problem(r, _("text after the closing quote of a field"), r->line,
                            (int)r->nstarts - 1);
            put(r, c);
            state = UNQUOTED;
        }
    }
    put(r, '\0');
    if (!r->record.problem)
        check_utf8(r);
    while (!r->record.problem && r->fields_cap < r->nstarts)
        if (!array_reserve(&r->fields, &r->fields_cap, r->fields_cap, sizeof *r->fields, 16))
            set_nomem(r);
    if (!r->record.problem) {
        for (size_t i = 0; i < r->nstarts; i++)
            r->fields[i] = r->buf + r->starts[i];
        r->record.fields = r->fields;
        r->record.n = r->nstarts;
    }
    return &r->record;
}

/* ---- tables -------------------------------------------------------------------------------- */

/* Reports a problem, counting each record once. */
static void table_report(struct csv_table *t, int *last_bad, int record, int line,
                         const char *field, const char *why)
{
    if (*last_bad != record) {
        *last_bad = record;
        t->bad_records++;
    }
    t->problem(t->ctx, &(struct csv_problem){record, line, field, why});
}

/* What csv_row_problem needs: the table, and the record last counted bad. */
struct table_state {
    struct csv_table *table;
    int last_bad;
};

void csv_row_problem(const struct csv_row *row, const char *field, const char *why)
{
    struct table_state *ts = row->state;
    table_report(ts->table, &ts->last_bad, row->record, row->line, field, why);
}

static bool is_blank(const struct csv_record *rec)
{
    return !rec->problem && rec->n == 1 && !*rec->fields[0];
}

/* A reader's problem, with the column's name when the header gave one. */
static void report_record(struct table_state *ts, const struct csv_record *rec, int number,
                          const char *const *header, size_t nheader)
{
    const char *field = NULL;
    if (rec->problem_field >= 0 && (size_t)rec->problem_field < nheader)
        field = header[rec->problem_field];
    table_report(ts->table, &ts->last_bad, number, rec->problem_line, field, rec->problem);
}

/* Checks the header: columns[c] receives the table column of the file's column c. False when
 * out of memory. */
static bool read_header(struct table_state *ts, const struct csv_record *rec, size_t *columns)
{
    struct csv_table *t = ts->table;
    bool *seen = calloc(t->ncolumns ? t->ncolumns : 1, sizeof *seen);
    if (!seen)
        return false;
    for (size_t c = 0; c < rec->n; c++) {
        size_t k = 0;
        while (k < t->ncolumns && strcmp(rec->fields[c], t->names[k]))
            k++;
        columns[c] = k;
        if (k == t->ncolumns || seen[k])
            table_report(t, &ts->last_bad, 1, rec->line, rec->fields[c],
                         k == t->ncolumns ? t->unknown_column : _("repeated column"));
        else
            seen[k] = true;
    }
    for (size_t k = 0; t->required && k < t->ncolumns; k++)
        if (t->required[k] && !seen[k])
            table_report(t, &ts->last_bad, 1, rec->line, t->names[k],
                         _("required column missing"));
    free(seen);
    return true;
}

int csv_read_table(const char *text, size_t len, struct csv_table *t, struct gu_error *err)
{
    struct table_state ts = {t, 0};
    t->bad_records = 0;
    struct csv_reader r;
    csv_init(&r, text, len);
    const struct csv_record *rec;
    while ((rec = csv_next(&r)) && is_blank(rec))
        ;
    if (!rec) {
        csv_release(&r);
        return error_set(err, GU_INVALID, "%s", _("the file is empty: no header line"));
    }
    if (rec->out_of_memory) {
        csv_release(&r);
        return error_nomem(err);
    }
    if (rec->problem) {
        report_record(&ts, rec, 1, NULL, 0);
        csv_release(&r);
        return GU_INVALID;
    }
    /* The header's names and where each goes, kept while the reader moves on. */
    size_t nheader = rec->n;
    char **header = calloc(nheader, sizeof *header);
    size_t *columns = calloc(nheader, sizeof *columns);
    const char **cells = calloc(t->ncolumns ? t->ncolumns : 1, sizeof *cells);
    int status = header && columns && cells ? GU_OK : error_nomem(err);
    for (size_t c = 0; !status && c < nheader; c++)
        if (!(header[c] = strdup(rec->fields[c])))
            status = error_nomem(err);
    if (!status && !read_header(&ts, rec, columns))
        status = error_nomem(err);
    /* A header in error: its problems are reported, the rows are not worth reading. */
    bool header_ok = !t->bad_records;
    /* Records are numbered without the blank lines skipped (the header is record 1): the file
     * line is given beside, for a text editor. */
    int number = 1;
    size_t rows = 0;
    struct strbuf why = STRBUF_INIT;
    while (!status && header_ok && (rec = csv_next(&r))) {
        if (rec->out_of_memory) {
            status = error_nomem(err);
            break;
        }
        if (is_blank(rec))
            continue;
        rows++;
        number++;
        if (rec->problem) {
            report_record(&ts, rec, number, (const char *const *)header, nheader);
            continue;
        }
        if (rec->n != nheader) {
            strbuf_printf(&why, _("%zu fields where the header has %zu"), rec->n, nheader);
            table_report(t, &ts.last_bad, number, rec->line, NULL,
                         strbuf_failed(&why) ? _("out of memory") : strbuf_str(&why));
            strbuf_release(&why);
            continue;
        }
        for (size_t k = 0; k < t->ncolumns; k++)
            cells[k] = NULL;
        for (size_t c = 0; c < nheader; c++)
            cells[columns[c]] = rec->fields[c];
        struct csv_row row = {cells, number, rec->line, &ts};
        int rc = t->row(t->ctx, &row, err);
        if (rc == GU_INVALID && ts.last_bad != number) /* refused without a word: say so */
            table_report(t, &ts.last_bad, number, rec->line, NULL, _("not valid"));
        else if (rc != GU_OK && rc != GU_INVALID)
            status = rc;
    }
    csv_release(&r);
    free(cells);
    free(columns);
    for (size_t c = 0; header && c < nheader; c++)
        free(header[c]);
    free(header);
    if (status)
        return status;
    if (t->bad_records)
        return GU_INVALID;
    if (!rows)
        return error_set(err, GU_INVALID, "%s",
                         _("the file has a header line but no rows: nothing to import"));
    return GU_OK;
}

/* ---- unique keys ----------------------------------------------------------------------------- */

struct csv_key {
    char *key; /* NULL for an empty slot */
    size_t hash;
    int line;
};

static size_t key_hash(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

/* Doubles the table (open addressing, load at most one half). */
static bool keys_grow(struct csv_keys *k)
{
    size_t cap = k->cap ? k->cap * 2 : 64;
    struct csv_key *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < k->cap; i++)
        if (k->slots[i].key) {
            size_t j = k->slots[i].hash & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = k->slots[i];
        }
    free(k->slots);
    k->slots = slots;
    k->cap = cap;
    return true;
}

int csv_keys_add(struct csv_keys *k, const char *key, int line)
{
    if ((k->n + 1) * 2 > k->cap && !keys_grow(k))
        return -1;
    size_t h = key_hash(key), j = h & (k->cap - 1);
    for (; k->slots[j].key; j = (j + 1) & (k->cap - 1))
        if (k->slots[j].hash == h && !strcmp(k->slots[j].key, key))
            return k->slots[j].line;
    if (!(k->slots[j].key = strdup(key)))
        return -1;
    k->slots[j].hash = h;
    k->slots[j].line = line;
    k->n++;
    return 0;
}

void csv_keys_free(struct csv_keys *k)
{
    for (size_t i = 0; i < k->cap; i++)
        free(k->slots[i].key);
    free(k->slots);
    *k = (struct csv_keys){0};
}

int csv_row_unique(const struct csv_row *row, struct csv_keys *k, const char *field,
                   const char *key, const char *why_fmt, struct gu_error *err)
{
    int first = csv_keys_add(k, key, row->line);
    if (first < 0)
        return error_nomem(err);
    if (!first)
        return GU_OK;
    struct strbuf msg = STRBUF_INIT;
    strbuf_printf(&msg, why_fmt, first);
    csv_row_problem(row, field, strbuf_failed(&msg) ? _("out of memory") : strbuf_str(&msg));
    strbuf_release(&msg);
    return GU_INVALID;
}
