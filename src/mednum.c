#define PCRE2_CODE_UNIT_WIDTH 8
#include "mednum.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embedded.h"
#include "array.h"
#include "i18n.h"
#include "output.h"
#include "strbuf.h"
#include "text.h"
#include "tsv.h"
#include "vocab.h"

struct mednum_field {
    const char *name;
    bool required;
    const char *type;
    size_t max_length;
    pcre2_code *pattern; /* NULL when none */
};

static struct mednum_field fields[MEDNUM_FIELDS_MAX];
static size_t nfields;
static char *fields_text; /* the parsed copy: names point into it, kept for life */

/* Which partner text field each standard field fills directly. */
static const struct {
    const char *name;
    enum partner_field field;
} direct[] = {
    {"nom", PARTNER_NAME},          {"commune", PARTNER_COMMUNE},
    {"code_postal", PARTNER_POSTAL_CODE}, {"adresse", PARTNER_ADDRESS},
    {"complement_adresse", PARTNER_ADDRESS_EXTRA}, {"typologie", PARTNER_TYPOLOGY},
    {"telephone", PARTNER_PHONE},   {"courriels", PARTNER_EMAILS},
    {"site_web", PARTNER_WEBSITE},  {"horaires", PARTNER_HOURS},
};

/* How to reach them, in the standard's words. */
static const struct {
    const char *label, *code;
} access_words[] = {
    {"Se présenter", "walk_in"},
    {"Téléphoner", "phone"},
    {"Prendre un RDV en ligne", "online_appointment"},
    {"Envoyer un mail avec une fiche de prescription", "prescription_email"},
};

/* The orientation category of a typology (domain.md §2). */
static const struct {
    const char *typology, *category;
} categories[] = {
    {"CAF", "operateur_ou_organisme_en_charge"}, {"CPAM", "operateur_ou_organisme_en_charge"},
    {"MSA", "operateur_ou_organisme_en_charge"}, {"MDPH", "operateur_ou_organisme_en_charge"},
    {"FT", "insertion_professionnelle"},        {"ML", "insertion_professionnelle"},
    {"CCAS", "aide_sociale"},                    {"MDS", "aide_sociale"},
    {"MSAP", "aide_aux_demarches_administratives"}, {"MUNI", "administration"},
    {"PREF", "administration"},                  {"EPN", "mediation_numerique"},
    {"TIERS_LIEUX", "mediation_numerique"},      {"BIB", "mediation_numerique"},
    {"PIMMS", "aide_aux_demarches_administratives"},
};

static int load_field(char **f, int n, int line_no, void *ctx)
{
    struct gu_error *err = ctx;
    if (n < 4 || nfields == MEDNUM_FIELDS_MAX)
        return error_set(err, GU_FAILURE, "data/mednum-fields.tsv:%d: malformed entry", line_no);
    struct mednum_field *m = &fields[nfields];
    *m = (struct mednum_field){.name = f[0], .required = !strcmp(f[1], "1"), .type = f[2],
                               .max_length = (size_t)atoi(f[3])};
    if (n >= 5 && *f[4]) {
        int code;
        PCRE2_SIZE offset;
        m->pattern = pcre2_compile((PCRE2_SPTR)f[4], PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                   &offset, NULL);
        if (!m->pattern)
            return error_set(err, GU_FAILURE, "data/mednum-fields.tsv:%d: bad pattern", line_no);
    }
    nfields++;
    return GU_OK;
}

int mednum_load(struct gu_error *err)
{
    if (fields_text)
        return GU_OK;
    /* tsv_each works on its own copy; keep one so that the names stay valid. */
    if (!(fields_text = strdup(embedded_mednum_fields_tsv)))
        return error_nomem(err);
    nfields = 0;
    char *copy = fields_text;
    int line_no = 0;
    for (char *line = copy, *next; line && *line; line = next) {
        line_no++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line == '#' || !*line)
            continue;
        char *f[6];
        int n = tsv_split(line, f, 6);
        if (load_field(f, n, line_no, err))
            return GU_FAILURE;
    }
    return GU_OK;
}

size_t mednum_field_count(void)
{
    return nfields;
}

const char *mednum_field_name(size_t i)
{
    return i < nfields ? fields[i].name : "";
}

bool mednum_field_required(size_t i)
{
    return i < nfields && fields[i].required;
}

int mednum_find(const char *name)
{
    for (size_t i = 0; i < nfields; i++)
        if (!strcmp(fields[i].name, name))
            return (int)i;
    return -1;
}

int mednum_check(size_t i, const char *value, struct gu_error *err)
{
    const struct mednum_field *m = &fields[i];
    if (!value || !*value)
        return m->required ? error_set(err, GU_INVALID, "%s", _("required, but empty")) : GU_OK;
    if (m->max_length && text_length(value) > m->max_length)
        return error_set(err, GU_INVALID, _("longer than %zu characters"), m->max_length);
    if (!strcmp(m->type, "number")) {
        char *end;
        strtod(value, &end);
        if (*end || end == value)
            return error_set(err, GU_INVALID, "%s", _("not a number"));
    }
    int y, mo, d;
    if (!strcmp(m->type, "date") && !date_parse(value, &y, &mo, &d))
        return error_set(err, GU_INVALID, "%s", _("not a date like 2024-04-02"));
    if (m->pattern) {
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(m->pattern, NULL);
        if (!md)
            return error_nomem(err);
        int rc = pcre2_match(m->pattern, (PCRE2_SPTR)value, strlen(value), 0,
                             PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
        pcre2_match_data_free(md);
        if (rc < 0)
            return error_set(err, GU_INVALID, "%s", _("not in the form the standard requires"));
    }
    return GU_OK;
}

static int direct_field(const char *name)
{
    for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++)
        if (!strcmp(direct[i].name, name))
            return (int)direct[i].field;
    return -1;
}

/* Appends to out the items of the '|'-separated list mapped through access_words (labels to codes
 * or back), '|'-separated; items the table does not know are left out. */
static void map_list(const char *list, bool to_code, struct strbuf *out)
{
    for (const char *item = list; item;) {
        const char *bar = strchr(item, '|');
        size_t len = bar ? (size_t)(bar - item) : strlen(item);
        for (size_t i = 0; i < ARRAY_LEN(access_words); i++) {
            const char *from = to_code ? access_words[i].label : access_words[i].code;
            const char *to = to_code ? access_words[i].code : access_words[i].label;
            if (strlen(from) == len && !memcmp(item, from, len)) {
                if (out->len)
                    strbuf_putc(out, '|');
                strbuf_puts(out, to);
                break;
            }
        }
        item = bar ? bar + 1 : NULL;
    }
}

void mednum_partner_free(struct mednum_partner *mp)
{
    free(mp->extra);
    free(mp->access);
    memset(mp, 0, sizeof *mp);
}

int mednum_to_partner(const struct mednum_place *place, struct mednum_partner *mp,
                      struct gu_error *err)
{
    memset(mp, 0, sizeof *mp);
    struct partner *p = &mp->p;
    struct strbuf extra = STRBUF_INIT, access = STRBUF_INIT;
    for (size_t i = 0; i < nfields; i++) {
        const char *v = place->values[i];
        if (!v)
            continue;
        int direct_index = direct_field(fields[i].name);
        if (direct_index >= 0)
            p->field[direct_index] = v;
        else if (!strcmp(fields[i].name, "id"))
            p->mednum_id = v;
        else if (!strcmp(fields[i].name, "pivot"))
            p->pivot = v;
        else if (!strcmp(fields[i].name, "code_insee"))
            p->code_insee = v;
        else if (!strcmp(fields[i].name, "date_maj"))
            p->updated_on = v;
        else
            strbuf_printf(&extra, "%s\t%s\n", fields[i].name, v);
    }
    int access_field = mednum_find("modalites_acces");
    if (access_field >= 0 && place->values[access_field])
        map_list(place->values[access_field], true, &access);
    bool no_access = !access.len;
    mp->extra = strbuf_finish(&extra);
    mp->access = strbuf_finish(&access);
    if (!mp->extra || !mp->access) {
        mednum_partner_free(mp);
        return error_nomem(err);
    }
    if (no_access) {
        free(mp->access);
        mp->access = NULL;
    }
    p->field[PARTNER_ACCESS] = mp->access;
    if (p->field[PARTNER_TYPOLOGY])
        for (size_t i = 0; i < ARRAY_LEN(categories) && !p->field[PARTNER_CATEGORY]; i++) {
            const char *t = strstr(p->field[PARTNER_TYPOLOGY], categories[i].typology);
            size_t tl = strlen(categories[i].typology);
            if (t && (t == p->field[PARTNER_TYPOLOGY] || t[-1] == '|') && (t[tl] == '|' || !t[tl]))
                p->field[PARTNER_CATEGORY] = categories[i].category;
        }
    p->mednum_extra = mp->extra;
    return GU_OK;
}

/* The value of name in "field<TAB>value" lines, as a new string (caller frees) in *out: false
 * when there is none, or (with *out NULL) when out of memory. */
static bool extra_value(const char *extra, const char *name, char **out)
{
    size_t nl = strlen(name);
    *out = NULL;
    for (const char *line = extra; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > nl && !strncmp(line, name, nl) && line[nl] == '\t') {
            *out = strndup(line + nl + 1, ll - nl - 1);
            return true;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

void mednum_place_free(struct mednum_place *place)
{
    for (size_t i = 0; i < MEDNUM_FIELDS_MAX; i++)
        free(place->owned[i]);
    memset(place, 0, sizeof *place);
}

int mednum_from_partner(const struct partner *p, struct mednum_place *place, struct gu_error *err)
{
    memset(place, 0, sizeof *place);
    for (size_t i = 0; i < nfields; i++) {
        const char *name = fields[i].name;
        int direct_index = direct_field(name);
        const char *v = NULL;
        struct strbuf made = STRBUF_INIT; /* a value made up for this place */
        bool make = false;
        if (direct_index >= 0)
            v = p->field[direct_index];
        else if (!strcmp(name, "id")) {
            if (p->mednum_id)
                v = p->mednum_id;
            else {
                strbuf_printf(&made, "guichet-%lld", (long long)p->id);
                make = true;
            }
        } else if (!strcmp(name, "pivot"))
            v = p->pivot;
        else if (!strcmp(name, "code_insee"))
            v = p->code_insee;
        else if (!strcmp(name, "date_maj")) {
            if (p->updated_on)
                v = p->updated_on;
            else if (p->updated_at) {
                strbuf_printf(&made, "%.10s", p->updated_at);
                make = true;
            }
        } else if (p->mednum_extra && extra_value(p->mednum_extra, name, &place->owned[i])) {
            if (!place->owned[i]) {
                mednum_place_free(place);
                return error_nomem(err);
            }
            v = place->owned[i];
        } else if (!strcmp(name, "modalites_acces") && p->field[PARTNER_ACCESS]) {
            map_list(p->field[PARTNER_ACCESS], false, &made);
            make = true;
        }
        if (make && !(v = place->owned[i] = strbuf_finish(&made))) {
            mednum_place_free(place);
            return error_nomem(err);
        }
        place->values[i] = v && *v ? v : NULL;
        if (fields[i].required && !place->values[i]) {
            mednum_place_free(place);
            return GU_INVALID;
        }
    }
    return GU_OK;
}

void mednum_write_header(FILE *out)
{
    for (size_t i = 0; i < nfields; i++) {
        if (i)
            fputc(',', out);
        output_csv_field(out, fields[i].name, false);
    }
    fputs("\r\n", out);
}

void mednum_write_place(FILE *out, const struct mednum_place *place)
{
    for (size_t i = 0; i < nfields; i++) {
        if (i)
            fputc(',', out);
        output_csv_field(out, place->values[i], false);
    }
    fputs("\r\n", out);
}

/* ---- reading a file of places ---------------------------------------------------------------- */

struct places_reader {
    struct mednum_places *out;
    struct csv_keys ids;
    int id_field;
    csv_problem_fn problem; /* the caller's */
    void *problem_ctx;
};

static void forward_problem(void *ctx, const struct csv_problem *p)
{
    struct places_reader *pr = ctx;
    pr->problem(pr->problem_ctx, p);
}

void mednum_places_free(struct mednum_places *places)
{
    for (size_t i = 0; i < places->n; i++)
        mednum_place_free(&places->items[i]);
    free(places->items);
    memset(places, 0, sizeof *places);
}

/* Cleans and checks one row into a new place; a bad row is reported and kept out. */
static int read_place(void *ctx, const struct csv_row *row, struct gu_error *err)
{
    struct places_reader *pr = ctx;
    struct mednum_places *out = pr->out;
    if (!array_reserve(&out->items, &out->cap, out->n, sizeof *out->items, 64))
        return error_nomem(err);
    struct mednum_place *place = &out->items[out->n];
    memset(place, 0, sizeof *place);
    place->record = row->record;
    place->line = row->line;
    int status = GU_OK;
    struct gu_error why;
    for (size_t f = 0; f < nfields && status == GU_OK; f++) {
        if (!row->cells[f])
            continue;
        /* A field that fills a partner's own has the partner's limit, so that what is imported
         * can be edited and saved on the desk and on the command line alike. */
        size_t max = direct_field(fields[f].name) >= 0 ? PARTNER_TEXT_MAX : 0;
        int rc = text_clean_input(fields[f].name, row->cells[f], max, TEXT_SPACE_BREAKS,
                                  &place->owned[f], &why);
        if (rc == GU_INVALID) {
            /* The message starts with the field's name, which the report gives already. */
            const char *text = text_split_label(why.message, fields[f].name, NULL);
            csv_row_problem(row, fields[f].name, text ? text : why.message);
            status = GU_INVALID;
        } else if (rc) {
            status = error_nomem(err);
        } else if ((rc = mednum_check(f, place->owned[f], &why))) {
            if (rc == GU_INVALID)
                csv_row_problem(row, fields[f].name, why.message);
            status = rc == GU_INVALID ? GU_INVALID : error_nomem(err);
        }
        if (place->owned[f] && !*place->owned[f]) {
            free(place->owned[f]);
            place->owned[f] = NULL;
        }
        place->values[f] = place->owned[f];
    }
    /* Ids identify places: one row each. */
    const char *id = place->values[pr->id_field];
    if (!status && id)
        status = csv_row_unique(row, &pr->ids, "id", id, _("the same id as line %d"), err);
    if (status)
        mednum_place_free(place);
    else
        out->n++;
    return status;
}

int mednum_read_places(const char *text, size_t len, csv_problem_fn problem, void *ctx,
                       struct mednum_places *out, int *bad_records, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    *bad_records = 0;
    if (mednum_load(err))
        return GU_FAILURE;
    const char *names[MEDNUM_FIELDS_MAX];
    bool required[MEDNUM_FIELDS_MAX];
    for (size_t i = 0; i < nfields; i++) {
        names[i] = fields[i].name;
        required[i] = fields[i].required;
    }
    int id_field = mednum_find("id");
    struct places_reader pr = {.out = out, .id_field = id_field < 0 ? 0 : id_field,
                               .problem = problem, .problem_ctx = ctx};
    struct csv_table t = {.names = names, .required = required, .ncolumns = nfields,
                          .unknown_column = _("not a column of the standard"),
                          .row = read_place, .problem = forward_problem, .ctx = &pr};
    int status = csv_read_table(text, len, &t, err);
    *bad_records = t.bad_records;
    csv_keys_free(&pr.ids);
    if (status)
        mednum_places_free(out);
    return status;
}
