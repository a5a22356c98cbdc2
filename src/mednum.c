#define PCRE2_CODE_UNIT_WIDTH 8
#include "mednum.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embedded.h"
#include "i18n.h"
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

/* Appends "a|b" codes or labels mapped through a table, into buf. */
static void map_list(const char *list, bool to_code, char *buf, size_t size)
{
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", list);
    size_t used = 0;
    buf[0] = '\0';
    for (char *save = NULL, *item = strtok_r(copy, "|", &save); item;
         item = strtok_r(NULL, "|", &save))
        for (size_t i = 0; i < sizeof access_words / sizeof access_words[0]; i++) {
            const char *from = to_code ? access_words[i].label : access_words[i].code;
            const char *to = to_code ? access_words[i].code : access_words[i].label;
            if (!strcmp(item, from) && used < size) {
                int n = snprintf(buf + used, size - used, "%s%s", used ? "|" : "", to);
                used += n > 0 ? (size_t)n : 0;
            }
        }
}

int mednum_to_partner(const struct mednum_place *place, struct partner *p, char **extra,
                      struct gu_error *err)
{
    memset(p, 0, sizeof *p);
    /* One allocation: the verbatim lines, then the access codes after their NUL. */
    enum { ACCESS_ROOM = 128 };
    size_t len = 1;
    for (size_t i = 0; i < nfields; i++)
        if (place->values[i])
            len += strlen(fields[i].name) + strlen(place->values[i]) + 2;
    if (!(*extra = malloc(len + ACCESS_ROOM)))
        return error_nomem(err);
    size_t used = 0;
    (*extra)[0] = '\0';
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
            used += (size_t)snprintf(*extra + used, len - used, "%s\t%s\n", fields[i].name, v);
    }
    int access = mednum_find("modalites_acces");
    if (access >= 0 && place->values[access]) {
        char *codes = *extra + len;
        map_list(place->values[access], true, codes, ACCESS_ROOM);
        p->field[PARTNER_ACCESS] = *codes ? codes : NULL;
    }
    if (p->field[PARTNER_TYPOLOGY])
        for (size_t i = 0; i < sizeof categories / sizeof categories[0] && !p->field[PARTNER_CATEGORY]; i++) {
            const char *t = strstr(p->field[PARTNER_TYPOLOGY], categories[i].typology);
            size_t tl = strlen(categories[i].typology);
            if (t && (t == p->field[PARTNER_TYPOLOGY] || t[-1] == '|') && (t[tl] == '|' || !t[tl]))
                p->field[PARTNER_CATEGORY] = categories[i].category;
        }
    p->mednum_extra = *extra;
    return GU_OK;
}

/* The value of name in "field<TAB>value" lines, copied into out. */
static bool extra_value(const char *extra, const char *name, char *out, size_t size)
{
    size_t nl = strlen(name);
    for (const char *line = extra; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > nl && !strncmp(line, name, nl) && line[nl] == '\t') {
            snprintf(out, size, "%.*s", (int)(ll - nl - 1), line + nl + 1);
            return true;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

bool mednum_from_partner(const struct partner *p, struct mednum_place *place, char *scratch,
                         size_t scratch_size)
{
    memset(place, 0, sizeof *place);
    size_t used = 0;
    for (size_t i = 0; i < nfields; i++) {
        const char *name = fields[i].name;
        int direct_index = direct_field(name);
        const char *v = NULL;
        char *slot = scratch + used;
        size_t room = scratch_size - used;
        if (direct_index >= 0)
            v = p->field[direct_index];
        else if (!strcmp(name, "id")) {
            if (p->mednum_id)
                v = p->mednum_id;
            else {
                snprintf(slot, room, "guichet-%lld", (long long)p->id);
                v = slot;
            }
        } else if (!strcmp(name, "pivot"))
            v = p->pivot;
        else if (!strcmp(name, "code_insee"))
            v = p->code_insee;
        else if (!strcmp(name, "date_maj")) {
            if (p->updated_on)
                v = p->updated_on;
            else if (p->updated_at) {
                snprintf(slot, room, "%.10s", p->updated_at);
                v = slot;
            }
        } else if (p->mednum_extra && extra_value(p->mednum_extra, name, slot, room))
            v = slot;
        else if (!strcmp(name, "modalites_acces") && p->field[PARTNER_ACCESS]) {
            map_list(p->field[PARTNER_ACCESS], false, slot, room);
            v = *slot ? slot : NULL;
        }
        if (v == slot)
            used += strlen(slot) + 1;
        place->values[i] = v && *v ? v : NULL;
        if (fields[i].required && !place->values[i])
            return false;
    }
    return true;
}
