#include "csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct csv_reader {
    const char *text;
    size_t len, pos;
    int line;
    char *buf;     /* the current record's fields, NUL-separated */
    size_t cap;
    char **fields;
    size_t nfields, fields_cap;
};

struct csv_reader *csv_open(const char *text, size_t len)
{
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->text = text;
    r->len = len;
    r->line = 1;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        r->pos = 3;
    return r;
}

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->fields);
    free(r);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

int csv_next(struct csv_reader *r, char ***fields, size_t *n, int *line, struct gu_error *err)
{
    if (r->pos >= r->len)
        return 0;
    *line = r->line;
    size_t used = 0;
    size_t starts[1024];
    size_t nstarts = 0;
    starts[nstarts++] = 0;
    bool quoted = false, at_field_start = true;
    for (;;) {
        if (grow((void **)&r->buf, &r->cap, used + 2, 1))
            return error_nomem(err);
        if (r->pos >= r->len) {
            if (quoted)
                return error_set(err, GU_INVALID, _("line %d: a quoted field never ends"), *line);
            break;
        }
        char c = r->text[r->pos++];
        if (quoted) {
            if (c == '"' && r->pos < r->len && r->text[r->pos] == '"') {
                r->buf[used++] = '"';
                r->pos++;
            } else if (c == '"')
                quoted = false;
            else {
                if (c == '\n')
                    r->line++;
                r->buf[used++] = c;
            }
            continue;
        }
        if (c == '"' && at_field_start) {
            quoted = true;
            at_field_start = false;
        } else if (c == ',') {
            r->buf[used++] = '\0';
            if (nstarts == sizeof starts / sizeof starts[0])
                return error_set(err, GU_INVALID, _("line %d: too many fields"), *line);
            starts[nstarts++] = used;
            at_field_start = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && r->pos < r->len && r->text[r->pos] == '\n')
                r->pos++;
            r->line++;
            break;
        } else {
            r->buf[used++] = c;
            at_field_start = false;
        }
    }
    r->buf[used] = '\0';
    if (grow((void **)&r->fields, &r->fields_cap, nstarts, sizeof *r->fields))
        return error_nomem(err);
    for (size_t i = 0; i < nstarts; i++)
        r->fields[i] = r->buf + starts[i];
    *fields = r->fields;
    *n = nstarts;
    return 1;
}
