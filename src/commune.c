#include "commune.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "array.h"
#include "embedded.h"
#include "i18n.h"
#include "store.h"
#include "strbuf.h"
#include "text.h"

struct commune_table {
    char *text;                 /* the lines, split in place; the strings below point into it */
    struct commune *rows;       /* sorted by postal code, then name */
    size_t count;
    char **keys;                /* name keys (name_key), made on the first search by name */
};

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return s[n] == '\0';
}

/* INSEE codes are five characters: digits, or 2A/2B for Corsica. */
static bool is_insee(const char *s)
{
    if (strlen(s) != 5)
        return false;
    for (int i = 0; i < 5; i++)
        if (!isdigit((unsigned char)s[i]) && !(i == 1 && s[0] == '2' && (s[i] == 'A' || s[i] == 'B')))
            return false;
    return true;
}

/* Paris, Marseille and Lyon have an INSEE code per arrondissement besides the commune's own:
 * the commune's code for an arrondissement's (75101-75120, 13201-13216, 69381-69389), with the
 * arrondissement's postal code (75001, 75116 for the 16th's north, 13001, 69001) in postal;
 * NULL for any other code. */
static const char *arrondissement_commune(const char *insee, char postal[6])
{
    static const struct {
        const char *prefix, *commune;
        int first, last, postal_base;
    } cities[] = {
        {"751", "75056", 1, 20, 75000},
        {"132", "13055", 1, 16, 13000},
        {"6938", "69123", 1, 9, 69000},
    };
    if (strlen(insee) != 5 || !is_digits(insee, 5))
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(cities); i++) {
        size_t k = strlen(cities[i].prefix);
        if (strncmp(insee, cities[i].prefix, k))
            continue;
        int n = atoi(insee + k);
        if (n < cities[i].first || n > cities[i].last)
            return NULL;
        snprintf(postal, 6, "%05d", cities[i].postal_base + n);
        return cities[i].commune;
    }
    return NULL;
}

static int row_cmp(const void *a, const void *b)
{
    const struct commune *x = a, *y = b;
    int c = strcmp(x->postal_code, y->postal_code);
    return c ? c : strcmp(x->name, y->name);
}

/* The search key of a name: folded, and hyphens, apostrophes and other punctuation made single
 * spaces, so that "saint denis" finds "Saint-Denis" and "l abergement" "L'Abergement". */
static char *name_key(const char *name)
{
    char *f = text_fold(name);
    if (!f)
        return NULL;
    char *w = f;
    bool space = true;
    for (const char *r = f; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (c < 0x80 && !isalnum(c)) {
            if (!space)
                *w++ = ' ';
            space = true;
        } else if (c == 0xE2 && (unsigned char)r[1] == 0x80 && (unsigned char)r[2] == 0x99) {
            r += 2; /* ’ */
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = (char)c;
            space = false;
        }
    }
    if (w > f && w[-1] == ' ')
        w--;
    *w = '\0';
    return f;
}

static int table_keys(struct commune_table *t)
{
    if (t->keys)
        return GU_OK;
    char **keys = calloc(t->count ? t->count : 1, sizeof *keys);
    if (!keys)
        return GU_FAILURE;
    for (size_t i = 0; i < t->count; i++)
        if (!(keys[i] = name_key(t->rows[i].name))) {
            for (size_t j = 0; j < i; j++)
                free(keys[j]);
            free(keys);
            return GU_FAILURE;
        }
    t->keys = keys;
    return GU_OK;
}

/* Spaces and tabs around a field are harmless: s without them (in place). */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* GU_INVALID, saying in why what is wrong with a commune's name (a message to follow
 * "SOURCE, line N: "); GU_OK when it is fine. */
static int name_problem(const char *name, struct strbuf *why)
{
    size_t len = strlen(name);
    if (!len) {
        strbuf_puts(why, _("the commune's name is missing"));
        return GU_INVALID;
    }
    if (u8_check((const uint8_t *)name, len)) {
        strbuf_puts(why, _("the name is not UTF-8 text (a file saved as Latin-1 or "
                           "Windows-1252?): save the list as UTF-8"));
        return GU_INVALID;
    }
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, (const uint8_t *)name + i, len - i);
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            strbuf_printf(why, _("the name holds a control character (U+%04X)"), (unsigned)c);
            return GU_INVALID;
        }
        if (c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
            (c >= 0x2066 && c <= 0x2069)) {
            strbuf_printf(why, _("the name holds an invisible direction mark (U+%04X)"),
                          (unsigned)c);
            return GU_INVALID;
        }
        i += (size_t)k;
    }
    size_t chars = text_length(name);
    if (chars > COMMUNE_NAME_MAX) {
        strbuf_printf(why, _("the name is %zu characters long, at most %d"), chars,
                      COMMUNE_NAME_MAX);
        return GU_INVALID;
    }
    return GU_OK;
}

/* Reads one line of a list into f (postal code, INSEE code, name), or says in why what is
 * wrong with it. Spaces around the fields are trimmed and the INSEE code upper-cased. */
static int line_fields(char *line, char *f[3], struct strbuf *why)
{
    /* The mark is invisible: quoted back, the field would look right. A second one is what a
     * file saved twice with one, or two files put together, holds. */
    if (strstr(line, "\xEF\xBB\xBF")) {
        strbuf_puts(why, _("a byte order mark (U+FEFF, invisible) in the middle of the text; "
                           "save the list as UTF-8 without it"));
        return GU_INVALID;
    }
    char *parts[4];
    int n = 0;
    for (char *p = line; p && n < 4; n++) {
        parts[n] = p;
        if ((p = strchr(p, '\t')))
            *p++ = '\0';
    }
    if (n != 3) {
        if (n > 3)
            strbuf_puts(why, _("more than 3 fields; expected a postal code, an INSEE code and a "
                               "commune name, separated by tabs"));
        else
            strbuf_puts(why, n == 2 ? _("a field is missing; expected a postal code, an INSEE "
                                        "code and a commune name, separated by tabs")
                                    : _("two fields are missing; expected a postal code, an "
                                        "INSEE code and a commune name, separated by tabs"));
        return GU_INVALID;
    }
    for (int i = 0; i < 3; i++)
        f[i] = trim(parts[i]);
    for (char *p = f[1]; *p; p++)
        *p = (char)toupper((unsigned char)*p); /* 2a004 is 2A004 */
    /* a code is quoted when it can be shown as it is */
    if (!is_digits(f[0], 5)) {
        strbuf_printf(why, _("postal code \"%s\": expected 5 digits, e.g. 51100"),
                      text_is_clean(f[0], strlen(f[0]), false) ? f[0] : "?");
        return GU_INVALID;
    }
    if (!is_insee(f[1])) {
        strbuf_printf(why, _("INSEE code \"%s\": expected 5 characters, e.g. 51454 or 2A004"),
                      text_is_clean(f[1], strlen(f[1]), false) ? f[1] : "?");
        return GU_INVALID;
    }
    return name_problem(f[2], why);
}

/* Rows to sort by INSEE code, then by line. */
struct numbered_row {
    const struct commune *row;
    int line;
};

static int numbered_cmp(const void *a, const void *b)
{
    const struct numbered_row *x = a, *y = b;
    int c = strcmp(x->row->insee, y->row->insee);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* One INSEE code is one commune, and one name: a commune with several postal codes has a line for
 * each, the same name on all. Two names would make the commune of a session depend on the line
 * the desk happened to pick, and the report count one under the other's name. GU_INVALID naming
 * both lines. */
static int insee_names_agree(const struct commune_table *t, const int *lines, const char *source,
                             struct gu_error *err)
{
    if (t->count < 2)
        return GU_OK;
    struct numbered_row *v = malloc(t->count * sizeof *v);
    if (!v)
        return error_nomem(err);
    for (size_t i = 0; i < t->count; i++)
        v[i] = (struct numbered_row){&t->rows[i], lines[i]};
    qsort(v, t->count, sizeof *v, numbered_cmp);
    int status = GU_OK;
    for (size_t i = 1; i < t->count && !status; i++)
        if (!strcmp(v[i - 1].row->insee, v[i].row->insee) &&
            strcmp(v[i - 1].row->name, v[i].row->name))
            status = error_set(err, GU_INVALID,
                               _("%s, lines %d and %d: INSEE code %s is named \"%s\" on one and "
                                 "\"%s\" on the other; one INSEE code is one commune: give it the "
                                 "same name on each of its lines"),
                               source, v[i - 1].line, v[i].line, v[i].row->insee,
                               v[i - 1].row->name, v[i].row->name);
    free(v);
    return status;
}

int commune_table_load(const char *text, const char *source, struct commune_table **out,
                       struct gu_error *err)
{
    *out = NULL;
    if (!strncmp(text, "\xEF\xBB\xBF", 3))
        text += 3; /* the byte order mark some spreadsheets write */
    struct commune_table *t = calloc(1, sizeof *t);
    if (!t || !(t->text = strdup(text))) {
        free(t);
        return error_nomem(err);
    }
    size_t cap = 0, lines_cap = 0;
    int line_no = 0;
    int *lines = NULL; /* each row's line, for a message naming two */
    for (char *line = t->text, *next; line && *line; line = next) {
        line_no++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        const char *first = line + strspn(line, " \t");
        if (*first == '#' || *first == '\0')
            continue; /* a comment, indented or not, or a blank line */
        char *f[3];
        struct strbuf why = STRBUF_INIT;
        if (line_fields(line, f, &why)) {
            int status = strbuf_failed(&why)
                             ? error_nomem(err)
                             : error_set(err, GU_INVALID, _("%s, line %d: %s"), source, line_no,
                                         strbuf_str(&why));
            strbuf_release(&why);
            free(lines);
            commune_table_free(t);
            return status;
        }
        strbuf_release(&why);
        if (!array_reserve(&t->rows, &cap, t->count, sizeof *t->rows, 1024) ||
            !array_reserve(&lines, &lines_cap, t->count, sizeof *lines, 1024)) {
            free(lines);
            commune_table_free(t);
            return error_nomem(err);
        }
        lines[t->count] = line_no;
        t->rows[t->count++] = (struct commune){f[0], f[1], f[2]};
    }
    int status = insee_names_agree(t, lines, source, err);
    free(lines);
    if (status) {
        commune_table_free(t);
        return status;
    }
    if (t->count)
        qsort(t->rows, t->count, sizeof *t->rows, row_cmp);
    *out = t;
    return GU_OK;
}

int commune_table_default(struct commune_table **out, struct gu_error *err)
{
    return commune_table_load(embedded_communes_tsv, "data/communes.tsv", out, err);
}

int commune_table_of_site(struct store *st, struct commune_table **out, struct gu_error *err)
{
    char *own = NULL;
    int status = store_get_setting(st, COMMUNE_SETTING, &own, err);
    if (!status)
        status = own && *own ? commune_table_load(own, _("the site's list of communes"), out, err)
                             : commune_table_default(out, err);
    free(own);
    return status;
}

void commune_table_free(struct commune_table *t)
{
    if (!t)
        return;
    if (t->keys)
        for (size_t i = 0; i < t->count; i++)
            free(t->keys[i]);
    free(t->keys);
    free(t->rows);
    free(t->text);
    free(t);
}

size_t commune_table_count(const struct commune_table *t)
{
    return t ? t->count : 0;
}

/* First row whose postal code is not below prefix (rows are sorted by postal code). */
static size_t postal_lower_bound(const struct commune_table *t, const char *prefix)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->rows[mid].postal_code, prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t commune_search(const struct commune_table *t, const char *typed, const struct commune **out,
                      size_t max)
{
    if (!t || !typed || !max)
        return 0;
    while (*typed == ' ')
        typed++;
    size_t len = strlen(typed);
    while (len && typed[len - 1] == ' ')
        len--;
    if (!len)
        return 0;
    size_t n = 0;
    size_t digits = strspn(typed, "0123456789");
    if (digits == 5 && digits < len && typed[5] == ' ') {
        /* "51100 Reims", as a commune is shown: that postal code's communes named so. */
        if (table_keys((struct commune_table *)t))
            return 0;
        char *key = name_key(typed + 6);
        if (!key)
            return 0;
        size_t klen = strlen(key);
        char prefix[6];
        memcpy(prefix, typed, 5);
        prefix[5] = '\0';
        for (size_t i = postal_lower_bound(t, prefix);
             i < t->count && n < max && strcmp(t->rows[i].postal_code, prefix) == 0; i++)
            if (strncmp(t->keys[i], key, klen) == 0)
                out[n++] = &t->rows[i];
        free(key);
        return n;
    }
    if (len == 5 && (digits == 5 || (typed[0] == '2' && strchr("AaBb", typed[1]) &&
                                      strspn(typed + 2, "0123456789") == 3))) {
        /* five characters: a postal code, else an INSEE code (an arrondissement's gives its
         * commune at the arrondissement's postal code) */
        char code[6], postal[6] = "";
        for (int i = 0; i < 5; i++)
            code[i] = (char)toupper((unsigned char)typed[i]);
        code[5] = '\0';
        for (size_t i = postal_lower_bound(t, code);
             i < t->count && n < max && strcmp(t->rows[i].postal_code, code) == 0; i++)
            out[n++] = &t->rows[i];
        if (n)
            return n;
        const char *commune = arrondissement_commune(code, postal);
        const char *insee = commune ? commune : code;
        for (int pass = 0; pass < 2 && !n; pass++)
            for (size_t i = 0; i < t->count && n < max; i++)
                if (!strcmp(t->rows[i].insee, insee) &&
                    (pass || !*postal || !strcmp(t->rows[i].postal_code, postal)))
                    out[n++] = &t->rows[i];
        return n;
    }
    if (len <= 5 && digits == len) {
        char prefix[6];
        memcpy(prefix, typed, len);
        prefix[len] = '\0';
        for (size_t i = postal_lower_bound(t, prefix);
             i < t->count && n < max && strncmp(t->rows[i].postal_code, prefix, len) == 0; i++)
            out[n++] = &t->rows[i];
        return n;
    }
    /* keys are made once, on the table the caller holds: a cache, not a visible change */
    if (table_keys((struct commune_table *)t))
        return 0;
    char *key = name_key(typed);
    if (!key)
        return 0;
    size_t klen = strlen(key);
    /* Exact names first, then the others starting with it. */
    for (int pass = 0; pass < 2 && klen; pass++)
        for (size_t i = 0; i < t->count && n < max; i++) {
            bool exact = strcmp(t->keys[i], key) == 0;
            if (pass == 0 ? exact : (!exact && strncmp(t->keys[i], key, klen) == 0))
                out[n++] = &t->rows[i];
        }
    free(key);
    return n;
}

void commune_department(const char *insee, char out[4])
{
    size_t n = insee[0] == '9' && (insee[1] == '7' || insee[1] == '8') ? 3 : 2;
    size_t len = strnlen(insee, n);
    memcpy(out, insee, len);
    out[len] = '\0';
}

char *commune_label_of_insee(const struct commune_table *t, const char *insee, bool *nomem)
{
    *nomem = false;
    const struct commune *c = NULL;
    for (size_t i = 0; t && i < t->count && !c; i++)
        if (!strcmp(t->rows[i].insee, insee))
            c = &t->rows[i];
    if (!c)
        return NULL;
    bool twin = false;
    for (size_t i = 0; i < t->count && !twin; i++)
        twin = strcmp(t->rows[i].insee, insee) && !strcmp(t->rows[i].name, c->name);
    char dep[4];
    commune_department(insee, dep);
    struct strbuf b = STRBUF_INIT;
    if (twin)
        strbuf_printf(&b, "%s (%s)", c->name, dep);
    else
        strbuf_puts(&b, c->name);
    char *label = strbuf_finish(&b);
    *nomem = !label;
    return label;
}

/* "Reims, Bezannes, …": the names of rows[0..n), for messages. */
static void names_list(struct strbuf *b, const struct commune *const *rows, size_t n)
{
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < 8; i++) {
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || strcmp(rows[j]->insee, rows[i]->insee) == 0;
        if (dup)
            continue;
        strbuf_printf(b, "%s%s (%s)", shown ? ", " : "", rows[i]->name, rows[i]->insee);
        shown++;
    }
    if (n > shown && shown == 8)
        strbuf_puts(b, ", …");
}

static int copy_or_null(char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return GU_OK;
    }
    *dst = strdup(src);
    return *dst ? GU_OK : GU_FAILURE;
}

static int resolve_checked(const struct commune_table *t, struct residence *r,
                           struct gu_error *err)
{
    if (residence_is_empty(r))
        return GU_OK;
    if (r->postal_code && !is_digits(r->postal_code, 5))
        return error_set(err, GU_INVALID, _("postal code \"%s\": expected 5 digits, e.g. 51100"),
                         r->postal_code);
    if (r->insee && !is_insee(r->insee))
        return error_set(err, GU_INVALID,
                         _("INSEE code \"%s\": expected 5 characters, e.g. 51454 or 2A004"),
                         r->insee);
    if (!t || !t->count)
        return error_set(err, GU_FAILURE, _("the table of communes is empty"));
    char arr_postal[6];
    const char *arr_commune = r->insee ? arrondissement_commune(r->insee, arr_postal) : NULL;
    if (arr_commune) {
        /* an arrondissement is counted with its commune, at its postal code unless told */
        char *insee = strdup(arr_commune);
        char *postal = r->postal_code ? NULL : strdup(arr_postal);
        if (!insee || (!r->postal_code && !postal)) {
            free(insee);
            free(postal);
            return error_nomem(err);
        }
        free(r->insee);
        r->insee = insee;
        if (postal) {
            bool known = false;
            for (size_t i = 0; i < t->count && !known; i++)
                known = !strcmp(t->rows[i].postal_code, postal) &&
                        !strcmp(t->rows[i].insee, insee);
            if (known)
                r->postal_code = postal;
            else
                free(postal);
        }
    }
    if (r->name && table_keys((struct commune_table *)t))
        return error_nomem(err);
    char *key = r->name ? name_key(r->name) : NULL;
    if (r->name && !key)
        return error_nomem(err);
    const struct commune **found = NULL;
    size_t n = 0, cap = 0;
    bool postal_known = false, insee_known = false, name_known = false;
    for (size_t i = 0; i < t->count; i++) {
        const struct commune *c = &t->rows[i];
        bool p = !r->postal_code || strcmp(c->postal_code, r->postal_code) == 0;
        bool s = !r->insee || strcmp(c->insee, r->insee) == 0;
        bool m = !key || strcmp(t->keys[i], key) == 0;
        postal_known = postal_known || (r->postal_code && p);
        insee_known = insee_known || (r->insee && s);
        name_known = name_known || (key && m);
        if (p && s && m) {
            if (!array_reserve(&found, &cap, n, sizeof *found, 8)) {
                free(key);
                free(found);
                return error_nomem(err);
            }
            found[n++] = c;
        }
    }
    free(key);
    int status = GU_OK;
    size_t communes = 0; /* distinct INSEE codes among the rows found */
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(found[j]->insee, found[i]->insee) == 0;
        communes += !seen;
    }
    struct strbuf list = STRBUF_INIT;
    if (r->postal_code && !postal_known)
        status = error_set(err, GU_INVALID, _("postal code \"%s\" is not in the table of communes"),
                           r->postal_code);
    else if (r->insee && !insee_known)
        status = error_set(err, GU_INVALID, _("INSEE code \"%s\" is not in the table of communes"),
                           r->insee);
    else if (r->name && !name_known)
        status = error_set(err, GU_INVALID, _("commune \"%s\" is not in the table of communes"),
                           r->name);
    else if (n == 0) {
        /* Each part exists, not together: say what the postal code holds. */
        if (r->postal_code) {
            const struct commune *here[64];
            size_t k = commune_search(t, r->postal_code, here, ARRAY_LEN(here));
            names_list(&list, here, k);
            status = error_set(err, GU_INVALID,
                               r->insee ? _("postal code %s does not go with INSEE code "
                                            "\"%s\"; its communes: %s")
                                        : _("postal code %s does not go with commune \"%s\"; "
                                            "its communes: %s"),
                               r->postal_code, r->insee ? r->insee : r->name, strbuf_str(&list));
        } else
            status = error_set(err, GU_INVALID,
                               _("INSEE code %s is not the commune \"%s\""), r->insee, r->name);
    } else if (communes > 1) {
        names_list(&list, found, n);
        status = error_set(err, GU_INVALID,
                           r->postal_code && !r->name && !r->insee
                               ? _("postal code %s has several communes; give the commune or "
                                   "the INSEE code: %s")
                               : _("several communes are called \"%s\"; give the postal code or "
                                   "the INSEE code: %s"),
                           r->postal_code && !r->name && !r->insee ? r->postal_code : r->name,
                           strbuf_str(&list));
    } else {
        /* One commune: its name and INSEE code, and its postal code when it has only one. */
        const char *postal = r->postal_code;
        if (!postal && n == 1)
            postal = found[0]->postal_code;
        struct residence done = {0};
        if (copy_or_null(&done.postal_code, postal) ||
            copy_or_null(&done.name, found[0]->name) ||
            copy_or_null(&done.insee, found[0]->insee)) {
            residence_clear(&done);
            status = error_nomem(err);
        } else {
            residence_clear(r);
            *r = done;
        }
    }
    if (strbuf_failed(&list) && !status)
        status = error_nomem(err);
    strbuf_release(&list);
    free(found);
    return status;
}

int commune_resolve(const struct commune_table *t, struct residence *r, struct gu_error *err)
{
    /* on a copy, that an arrondissement's code made its commune's leaves r as it was on error */
    struct residence w;
    if (residence_copy(&w, r))
        return error_nomem(err);
    int status = resolve_checked(t, &w, err);
    if (status)
        residence_clear(&w);
    else {
        residence_clear(r);
        *r = w;
    }
    return status;
}

int residence_set(struct residence *r, const char *postal_code, const char *name,
                  const char *insee, struct gu_error *err)
{
    struct residence n = {0};
    int status = GU_OK;
    if (postal_code && *postal_code)
        status = text_clean_input(_("postal code"), postal_code, 10, TEXT_REJECT_CONTROLS,
                                  &n.postal_code, err);
    if (!status && name && *name)
        status = text_clean_input(_("commune"), name, COMMUNE_NAME_MAX, TEXT_REJECT_CONTROLS,
                                  &n.name, err);
    if (!status && insee && *insee)
        status = text_clean_input(_("INSEE code"), insee, 10, TEXT_REJECT_CONTROLS, &n.insee, err);
    if (!status && n.insee)
        for (char *p = n.insee; *p; p++)
            *p = (char)toupper((unsigned char)*p); /* 2a004 is 2A004 */
    /* a cleaned value may be empty: none */
    char **parts[] = {&n.postal_code, &n.name, &n.insee};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++)
        if (*parts[i] && !**parts[i]) {
            free(*parts[i]);
            *parts[i] = NULL;
        }
    if (status) {
        residence_clear(&n);
        return status;
    }
    residence_clear(r);
    *r = n;
    return GU_OK;
}

void residence_clear(struct residence *r)
{
    free(r->postal_code);
    free(r->name);
    free(r->insee);
    *r = (struct residence){0};
}

int residence_copy(struct residence *dst, const struct residence *src)
{
    struct residence n = {0};
    if (copy_or_null(&n.postal_code, src->postal_code) || copy_or_null(&n.name, src->name) ||
        copy_or_null(&n.insee, src->insee)) {
        residence_clear(&n);
        *dst = (struct residence){0};
        return GU_FAILURE;
    }
    *dst = n;
    return GU_OK;
}

bool residence_is_empty(const struct residence *r)
{
    return !r->postal_code && !r->name && !r->insee;
}

char *residence_label(const struct residence *r)
{
    if (!r->postal_code && !r->name)
        return r->insee ? strdup(r->insee) : NULL;
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s%s%s", r->postal_code ? r->postal_code : "",
                   r->postal_code && r->name ? " " : "", r->name ? r->name : "");
    return strbuf_finish(&b);
}

const char *already_helped_code(enum already_helped h)
{
    return h == HELPED_YES ? "yes" : h == HELPED_NO ? "no" : "";
}

int already_helped_parse(const char *field, const char *text, enum already_helped *h,
                         struct gu_error *err)
{
    if (!text || !*text)
        *h = HELPED_NOT_GIVEN;
    else if (!strcasecmp(text, "yes") || !strcasecmp(text, "oui"))
        *h = HELPED_YES;
    else if (!strcasecmp(text, "no") || !strcasecmp(text, "non"))
        *h = HELPED_NO;
    else
        return error_set(err, GU_INVALID, _("%s: expected yes or no, not \"%s\""), field, text);
    return GU_OK;
}

const char *already_helped_label(enum already_helped h)
{
    return h == HELPED_YES ? _("Yes") : h == HELPED_NO ? _("No") : _("Not given");
}
