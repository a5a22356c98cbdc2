#define PCRE2_CODE_UNIT_WIDTH 8
#include "mednum.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embedded.h"
#include "hours.h"
#include "array.h"
#include "i18n.h"
#include "output.h"
#include "person.h"
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
/* What each field expects, in words (made at load time for the lists the patterns enumerate;
 * untranslated here, translated when said). */
static char *list_expected[MEDNUM_FIELDS_MAX];

/* The forms of the standard's patterns and types, in words, with an example. */
static const struct {
    const char *name, *expected;
} expected_forms[] = {
    {"pivot", N_("a SIRET (14 digits, such as 434 933 123 00029) or an RNA number (W and 9 "
                 "digits, such as W511000123)")},
    {"code_postal", N_("5 digits, such as 51100")},
    {"code_insee", N_("the 5 characters of an INSEE code: the département (01 to 95, 2A or 2B) "
                      "and the commune, such as 51454")},
    {"telephone", N_("10 digits such as 03 26 11 22 33 or +33 3 26 11 22 33 (overseas: +262, "
                     "+269, +508, +590, +594, +596, +681, +687 or +689 and 6 to 9 digits)")},
    {"courriels", N_("an e-mail address such as accueil@mairie.fr, several separated by |")},
    {"site_web", N_("a website address such as https://www.mairie.fr, several separated by |")},
    {"latitude", N_("a number such as 49.2583")},
    {"longitude", N_("a number such as 4.0317")},
    {"date_maj", N_("a date such as 2024-04-02")},
};

/* Fields whose text may run over several lines: kept verbatim, line feeds included. */
static const char *const multiline_fields[] = {"presentation_resume", "presentation_detail"};
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

/* The values a list pattern "(?:(?:^|\|)(A|B \(c\)))+$" enumerates, as "A; B (c)": a new
 * string, or NULL when the pattern is not such a list (or out of memory). */
static char *pattern_list(const char *pattern)
{
    const char *start = "(?:(?:^|\\|)(", *end = "))+$";
    size_t sl = strlen(start), pl = strlen(pattern), el = strlen(end);
    if (pl < sl + el || strncmp(pattern, start, sl) || strcmp(pattern + pl - el, end))
        return NULL;
    struct strbuf b = STRBUF_INIT;
    int depth = 0;
    for (const char *p = pattern + sl; p < pattern + pl - el; p++) {
        if (*p == '\\' && p[1]) /* an escaped character is itself */
            strbuf_putc(&b, *++p);
        else if (*p == '(' || *p == ')') {
            depth += *p == '(' ? 1 : -1;
            strbuf_putc(&b, *p);
        } else if (*p == '|' && !depth)
            strbuf_puts(&b, "; ");
        else
            strbuf_putc(&b, *p);
    }
    return strbuf_finish(&b);
}

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
        if (!(list_expected[nfields] = pattern_list(f[4])) && strstr(f[4], "(?:^|\\|)"))
            return error_nomem(err);
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

/* A number as Table Schema writes one in decimal: a sign, digits with a decimal point, an
 * exponent (strtod would also take hexadecimal, "inf" and "nan", which other readers refuse). */
static bool decimal_number(const char *s)
{
    s += *s == '+' || *s == '-';
    size_t whole = strspn(s, "0123456789");
    s += whole;
    size_t fraction = 0;
    if (*s == '.') {
        fraction = strspn(s + 1, "0123456789");
        s += 1 + fraction;
    }
    if (!whole && !fraction)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        s += *s == '+' || *s == '-';
        size_t exponent = strspn(s, "0123456789");
        if (!exponent)
            return false;
        s += exponent;
    }
    return !*s;
}

int mednum_check(size_t i, const char *value, struct gu_error *err)
{
    const struct mednum_field *m = &fields[i];
    if (!value || !*value)
        return m->required ? error_set(err, GU_INVALID, "%s", _("required, but empty")) : GU_OK;
    if (m->max_length && text_length(value) > m->max_length)
        return error_set(err, GU_INVALID, _("longer than %zu characters"), m->max_length);
    if (!strcmp(m->type, "number") && !decimal_number(value))
        return error_set(err, GU_INVALID, "%s", _("not a number"));
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

bool mednum_field_multiline(size_t i)
{
    for (size_t k = 0; i < nfields && k < ARRAY_LEN(multiline_fields); k++)
        if (!strcmp(fields[i].name, multiline_fields[k]))
            return true;
    return false;
}

char *mednum_expected(size_t i)
{
    struct strbuf b = STRBUF_INIT;
    if (i >= nfields)
        return strbuf_finish(&b);
    for (size_t k = 0; k < ARRAY_LEN(expected_forms); k++)
        if (!strcmp(fields[i].name, expected_forms[k].name))
            strbuf_puts(&b, _(expected_forms[k].expected));
    if (!b.len && list_expected[i])
        /* TRANSLATORS: followed by the values the standard lists, separated by ";". */
        strbuf_printf(&b, _("one or more of these, separated by |: %s"), list_expected[i]);
    return strbuf_finish(&b);
}

/* ---- normalising what is typed or read to the standard's form ------------------------------ */

/* Refuses value with the message format ("%s: "%s" is not …", the label then the value): the
 * value shown cleaned and cut to 40 columns, however long what was typed or read. */
static int refuse(struct gu_error *err, const char *format, const char *label, const char *value)
{
    char *shown = text_for_display(value, strlen(value));
    char *fitted = shown ? text_fit(shown, 40) : NULL;
    error_set(err, GU_INVALID, format, label, fitted ? fitted : "");
    free(shown);
    free(fitted);
    return GU_INVALID;
}

/* s without the separators people put in numbers (spaces of any kind, dots, dashes, slashes),
 * letters in capitals when upper: a new string, NULL when out of memory. */
static char *squeeze(const char *s, bool upper)
{
    char *out = malloc(strlen(s) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || *p == '.' || *p == '-' || *p == '/' || *p == '\t') {
            p++;
        } else if (p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            p += 2;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || (p[2] >= 0x80 && p[2] <= 0x8A))) {
            p += 3; /* narrow no-break space, typographic spaces */
        } else {
            out[n++] = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : (char)*p;
            p++;
        }
    }
    out[n] = '\0';
    return out;
}

static bool all_digits(const char *s, size_t n)
{
    return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* Luhn's check of a SIREN or SIRET. */
static bool luhn_ok(const char *d)
{
    size_t n = strlen(d);
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = d[n - 1 - i] - '0';
        if (i % 2 && (v *= 2) > 9)
            v -= 9;
        sum += v;
    }
    return sum % 10 == 0;
}

/* The check of a SIREN or SIRET: Luhn's; La Poste's establishments (SIREN 356000000) other than
 * its head office (35600000000048, which passes Luhn's) have digits that add up to a multiple
 * of 5 instead (INSEE's rule): one of La Poste's passes either. */
static bool siret_check(const char *d)
{
    if (luhn_ok(d))
        return true;
    if (strlen(d) != 14 || strncmp(d, "356000000", 9))
        return false;
    int sum = 0;
    for (const char *p = d; *p; p++)
        sum += *p - '0';
    return sum % 5 == 0;
}

/* The country code of the territories whose numbers are not ten digits long, by postal code:
 * Saint-Pierre-et-Miquelon 975, Wallis-et-Futuna 986, Polynésie française 987, Nouvelle-
 * Calédonie 988 (6 digits, 8 in Polynésie). NULL elsewhere. */
static const char *pacific_code(const char *postal_code, size_t digits)
{
    static const struct {
        const char *prefix, *code;
        size_t digits;
    } plans[] = {{"975", "508", 6}, {"986", "681", 6}, {"987", "689", 8}, {"988", "687", 6}};
    for (size_t i = 0; postal_code && i < ARRAY_LEN(plans); i++)
        if (!strncmp(postal_code, plans[i].prefix, 3) && digits == plans[i].digits)
            return plans[i].code;
    return NULL;
}

static bool matches(const pcre2_code *re, const char *value)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = md ? pcre2_match(re, (PCRE2_SPTR)value, strlen(value), 0,
                              PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL)
                : -1;
    pcre2_match_data_free(md);
    return rc >= 0;
}

static int normalise_phone(const char *label, const char *value, const char *postal_code,
                           char **out, struct gu_error *err)
{
    char *digits = squeeze(value, false);
    if (!digits)
        return error_nomem(err);
    size_t nd = strspn(digits, "0123456789");
    const char *code = !digits[nd] ? pacific_code(postal_code, nd) : NULL;
    struct strbuf b = STRBUF_INIT;
    struct gu_error ignored;
    if (code) { /* "41 23 45" in Saint-Pierre: +508 412345 */
        strbuf_printf(&b, "+%s%s", code, digits);
        *out = strbuf_finish(&b);
    } else if (person_validate_phone(label, value, &ignored) == GU_OK) {
        *out = person_canonical_phone(value);
    } else {
        free(digits);
        return refuse(err,
                         _("%s: \"%s\" is not a phone number; expected 10 digits such as 03 26 11 "
                           "22 33 or +33 3 26 11 22 33"), label, value);
    }
    free(digits);
    if (!*out)
        return error_nomem(err);
    /* A short number (3949) is a service's, kept as it is; an international one must be of the
     * French plan, as the standard lists its codes. */
    int tel = mednum_find("telephone");
    if ((*out)[0] == '+' && tel >= 0 && fields[tel].pattern && !matches(fields[tel].pattern, *out)) {
        free(*out);
        *out = NULL;
        return refuse(err,
                         _("%s: \"%s\" is not a French number; the place standard takes +33 and "
                           "the overseas codes +262, +269, +508, +590, +594, +596, +681, +687 "
                           "and +689"), label, value);
    }
    return GU_OK;
}

/* Splits list on '|' (and, when loose, on commas, semicolons and white space) into *items,
 * each trimmed of spaces; empty items dropped. Returns the count, or -1 when out of memory. */
static int split_items(const char *list, bool loose, char ***items)
{
    char *copy = strdup(list);
    size_t n = 0;
    *items = copy ? calloc(strlen(list) + 2, sizeof **items) : NULL;
    if (!*items) {
        free(copy);
        return -1;
    }
    const char *seps = loose ? "|,; \t" : "|";
    for (char *save = NULL, *it = strtok_r(copy, seps, &save); it; it = strtok_r(NULL, seps, &save)) {
        while (*it == ' ')
            it++;
        size_t len = strlen(it);
        while (len && it[len - 1] == ' ')
            it[--len] = '\0';
        if (len)
            (*items)[n++] = it;
    }
    (*items)[n] = copy; /* freed with the array, by free_items */
    return (int)n;
}

static void free_items(char **items, int n)
{
    if (items)
        free(items[n]);
    free(items);
}

static int normalise_emails(const char *label, const char *value, char **out,
                            struct gu_error *err)
{
    char **items;
    int n = split_items(value, true, &items);
    if (n < 0)
        return error_nomem(err);
    struct strbuf b = STRBUF_INIT;
    int status = GU_OK;
    struct gu_error ignored;
    for (int i = 0; i < n && !status; i++) {
        const char *at = strrchr(items[i], '@');
        bool idn = false;
        for (const char *c = at ? at + 1 : ""; *c; c++)
            idn = idn || (unsigned char)*c >= 0x80;
        if (person_validate_email(label, items[i], &ignored))
            status = refuse(err,
                            idn ? _("%s: \"%s\": write the domain without accents, in its xn-- "
                                    "form (médiathèque.fr is xn--mdiathque-53af.fr)")
                                : _("%s: \"%s\" is not an e-mail address; expected an address "
                                    "such as accueil@mairie.fr, several separated by |"),
                            label, items[i]);
        /* Kept as every address is (person_normalise_email): the domain lower-cased. */
        char *kept = status ? NULL : person_normalise_email(items[i]);
        if (!status && !kept)
            status = error_nomem(err);
        strbuf_puts(&b, i ? "|" : "");
        strbuf_puts(&b, kept ? kept : items[i]);
        free(kept);
    }
    free_items(items, n);
    *out = strbuf_finish(&b);
    if (status || !*out) {
        free(*out);
        *out = NULL;
        return status ? status : error_nomem(err);
    }
    return GU_OK;
}

/* A website: http or https, a host with a dot, nothing that cannot be in an address. */
static bool website_ok(const char *url)
{
    const char *host = !strncmp(url, "https://", 8) ? url + 8 : !strncmp(url, "http://", 7) ? url + 7 : NULL;
    if (!host)
        return false;
    size_t hl = strcspn(host, "/?#");
    if (!hl || !memchr(host, '.', hl) || host[0] == '.' || host[hl - 1] == '.')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || strchr("\"<>\\^`{}|", *p))
            return false;
    for (size_t i = 0; i < hl; i++)
        if (!(host[i] & 0x80) && !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789.-:", host[i]))
            return false;
    return true;
}

static int normalise_websites(const char *label, const char *value, char **out,
                              struct gu_error *err)
{
    /* Split where the standard separates addresses, at '|' only: a comma or a semicolon may be
     * part of one (https://b.fr/x?y=1,2). */
    char **items;
    int n = split_items(value, false, &items);
    if (n < 0)
        return error_nomem(err);
    struct strbuf b = STRBUF_INIT;
    int status = GU_OK;
    for (int i = 0; i < n && !status; i++) {
        struct strbuf url = STRBUF_INIT;
        /* "www.mairie.fr" as people write it: the web's secure address. */
        bool bare = !strstr(items[i], "://");
        strbuf_printf(&url, "%s%s", bare ? "https://" : "", items[i]);
        char *u = strbuf_finish(&url);
        if (!u) {
            status = error_nomem(err);
            break;
        }
        /* The scheme in small letters, as addresses are compared. */
        for (char *p = u; *p && *p != ':'; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        if (!website_ok(u))
            status = refuse(err,
                               _("%s: \"%s\" is not a website address; expected an address such "
                                 "as https://www.mairie.fr, several separated by |"), label, items[i]);
        strbuf_puts(&b, i ? "|" : "");
        strbuf_puts(&b, u);
        free(u);
    }
    free_items(items, n);
    *out = strbuf_finish(&b);
    if (status || !*out) {
        free(*out);
        *out = NULL;
        return status ? status : error_nomem(err);
    }
    return GU_OK;
}

static int normalise_pivot(const char *label, const char *value, char **out, struct gu_error *err)
{
    char *d = squeeze(value, true);
    if (!d)
        return error_nomem(err);
    size_t n = strlen(d);
    bool rna = n == 10 && d[0] == 'W' && strspn(d + 1, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 9 &&
               strspn(d + 4, "0123456789") == 6;
    bool siret = all_digits(d, 14), siren = all_digits(d, 9);
    if ((siret || siren) && !siret_check(d)) {
        free(d);
        return refuse(err,
                         _("%s: \"%s\" is not a valid SIRET: its check digit is wrong (a digit "
                           "mistyped?)"), label, value);
    }
    if (!rna && !siret && !siren) {
        free(d);
        return refuse(err,
                         _("%s: \"%s\" is neither a SIRET nor an RNA number; expected 14 digits "
                           "such as 434 933 123 00029 (SIRET) or W and 9 digits such as W511000123 "
                           "(RNA)"), label, value);
    }
    *out = d;
    return GU_OK;
}

/* Hours as French desks write them read as the command line and the desk read them
 * (hours_from_french: "du lundi au vendredi 9h-12h" is "Mo-Fr 09:00-12:00"; the OpenStreetMap
 * syntax is kept as it is); what neither reads is kept verbatim, never refused nor guessed. */
static int normalise_hours(const char *value, char **out, struct gu_error *err)
{
    struct gu_error why;
    int rc = hours_from_french(value, out, &why);
    if (rc == GU_INVALID)
        return text_copy(out, value) ? error_nomem(err) : GU_OK;
    return rc ? error_nomem(err) : GU_OK;
}

int mednum_normalise(const char *name, const char *label, const char *value,
                     const char *postal_code, char **out, struct gu_error *err)
{
    *out = NULL;
    if (!value || !*value)
        return GU_OK;
    if (!strcmp(name, "telephone"))
        return normalise_phone(label, value, postal_code, out, err);
    if (!strcmp(name, "courriels"))
        return normalise_emails(label, value, out, err);
    if (!strcmp(name, "site_web"))
        return normalise_websites(label, value, out, err);
    if (!strcmp(name, "pivot"))
        return normalise_pivot(label, value, out, err);
    if (!strcmp(name, "horaires"))
        return normalise_hours(value, out, err);
    if (!strcmp(name, "code_postal")) {
        char *d = squeeze(value, false);
        if (!d)
            return error_nomem(err);
        if (!all_digits(d, 5)) {
            free(d);
            return refuse(err,
                             _("%s: \"%s\" is not a postal code; expected 5 digits such as 51100"), label, value);
        }
        *out = d;
        return GU_OK;
    }
    return text_copy(out, value) ? error_nomem(err) : GU_OK;
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
 * when there is none, or (with *out NULL) when out of memory. A multi-line value goes on over
 * the lines that follow without a tab (no value holds one: they are cleaned to spaces). */
static bool extra_value(const char *extra, const char *name, char **out)
{
    size_t nl = strlen(name);
    *out = NULL;
    for (const char *line = extra; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > nl && !strncmp(line, name, nl) && line[nl] == '\t') {
            const char *v = line + nl + 1, *stop = end;
            /* Continuation lines: up to the next line with a tab, or the end. */
            while (stop && stop[1]) {
                const char *next = strchr(stop + 1, '\n');
                size_t len = next ? (size_t)(next - stop - 1) : strlen(stop + 1);
                if (memchr(stop + 1, '\t', len))
                    break;
                if (!next) {
                    stop = stop + 1 + len;
                    break;
                }
                stop = next;
            }
            *out = strndup(v, stop ? (size_t)(stop - v) : strlen(v));
            return true;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

char *mednum_extra_get(const char *extra, const char *name)
{
    char *v;
    return extra_value(extra, name, &v) ? v : NULL;
}

void mednum_place_free(struct mednum_place *place)
{
    for (size_t i = 0; i < MEDNUM_FIELDS_MAX; i++)
        free(place->owned[i]);
    free(place->dropped);
    memset(place, 0, sizeof *place);
}

int mednum_from_partner(const struct partner *p, struct mednum_place *place, struct gu_error *err)
{
    memset(place, 0, sizeof *place);
    struct strbuf missing = STRBUF_INIT, dropped = STRBUF_INIT;
    for (size_t i = 0; i < nfields; i++) {
        const char *name = fields[i].name;
        int direct_index = direct_field(name);
        const char *v = NULL;
        struct strbuf made = STRBUF_INIT; /* a value made up for this place */
        bool make = false;
        if (direct_index >= 0)
            v = p->field[direct_index];
        else if (!strcmp(name, "id"))
            v = p->mednum_id; /* given once, when the partner was added (migration 014) */
        else if (!strcmp(name, "pivot"))
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
                strbuf_release(&missing);
                strbuf_release(&dropped);
                return error_nomem(err);
            }
            v = place->owned[i];
        } else if (!strcmp(name, "modalites_acces") && p->field[PARTNER_ACCESS]) {
            map_list(p->field[PARTNER_ACCESS], false, &made);
            make = true;
        }
        if (make && !(v = place->owned[i] = strbuf_finish(&made))) {
            mednum_place_free(place);
            strbuf_release(&missing);
            strbuf_release(&dropped);
            return error_nomem(err);
        }
        place->values[i] = v && *v ? v : NULL;
        /* What was stored before guichet normalised it (or a service's short number) is put in
         * the standard's form now, or left out and said, never written so as to fail it. */
        char *norm = NULL;
        struct gu_error why;
        int rc = place->values[i] ? mednum_normalise(name, name, place->values[i],
                                                     p->field[PARTNER_POSTAL_CODE], &norm, &why)
                                  : GU_OK;
        bool fits = rc == GU_OK && (!norm || mednum_check(i, norm, &why) == GU_OK);
        if (fits && norm) {
            free(place->owned[i]);
            place->values[i] = place->owned[i] = norm;
        } else if (rc == GU_FAILURE) {
            mednum_place_free(place);
            strbuf_release(&missing);
            strbuf_release(&dropped);
            return error_nomem(err);
        } else if (place->values[i]) {
            free(norm);
            strbuf_printf(&dropped, "%s%s \"%s\"", dropped.len ? ", " : "", name,
                          place->values[i]);
            if (!fields[i].required) {
                free(place->owned[i]);
                place->owned[i] = NULL;
                place->values[i] = NULL;
            }
        }
        if (fields[i].required && (!place->values[i] || !fits))
            strbuf_printf(&missing, "%s%s", missing.len ? ", " : "", name);
    }
    if (missing.len) {
        char *list = strbuf_finish(&missing);
        strbuf_release(&dropped);
        mednum_place_free(place);
        if (!list)
            return error_nomem(err);
        /* TRANSLATORS: followed by the standard's field names, such as "pivot, adresse". */
        error_set(err, GU_INVALID, _("the standard requires what is missing or not in its form: %s"),
                  list);
        free(list);
        return GU_INVALID;
    }
    strbuf_release(&missing);
    if (dropped.len && !(place->dropped = strbuf_finish(&dropped))) {
        mednum_place_free(place);
        return error_nomem(err);
    }
    strbuf_release(&dropped);
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
        if (mednum_field_multiline(i))
            output_csv_field_lines(out, place->values[i]);
        else
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

/* Reports what is wrong with field f of row: why (without the field's name, which the report
 * gives), the value when given (shown cleaned and cut short), and with add_expected the form
 * the standard expects.
 * GU_INVALID, or GU_FAILURE when out of memory. */
static int report_value(const struct csv_row *row, size_t f, const char *value, const char *why,
                        bool add_expected)
{
    const char *text = text_split_label(why, fields[f].name, NULL);
    char *expected = mednum_expected(f), *shown = NULL, *fitted = NULL;
    if (value) {
        shown = text_for_display(value, strlen(value));
        fitted = shown ? text_fit(shown, 40) : NULL;
    }
    struct strbuf b = STRBUF_INIT;
    if (fitted && *fitted)
        strbuf_printf(&b, "\"%s\": ", fitted);
    strbuf_puts(&b, text ? text : why);
    /* The normalisation's messages say the form already. */
    if (add_expected && expected && *expected)
        /* TRANSLATORS: after what is wrong with a value, the form the standard asks for. */
        strbuf_printf(&b, _("; expected %s"), expected);
    char *message = strbuf_finish(&b);
    free(expected);
    free(shown);
    free(fitted);
    if (!message)
        return GU_FAILURE;
    csv_row_problem(row, fields[f].name, message);
    free(message);
    return GU_INVALID;
}

/* Cleans, normalises and checks one row into a new place; a bad row is reported and kept out. */
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
    int postal = mednum_find("code_postal");
    /* Every field is checked, so that one reading of a file says all that is wrong in it. */
    for (size_t f = 0; f < nfields && status != GU_FAILURE; f++) {
        if (!row->cells[f])
            continue;
        /* A field that fills a partner's own has the partner's limit, so that what is imported
         * can be edited and saved on the desk and on the command line alike. */
        size_t max = direct_field(fields[f].name) >= 0 ? PARTNER_TEXT_MAX : 0;
        char *clean = NULL;
        int rc = text_clean_input(fields[f].name, row->cells[f], max,
                                  mednum_field_multiline(f) ? TEXT_KEEP_LINE_FEEDS
                                                            : TEXT_SPACE_BREAKS,
                                  &clean, &why);
        if (rc == GU_OK) {
            /* The same normalisation as the desk's and the command line's (mednum_normalise). */
            const char *pc = postal >= 0 && (size_t)postal < f ? place->owned[postal] : NULL;
            rc = mednum_normalise(fields[f].name, fields[f].name, clean, pc, &place->owned[f],
                                  &why);
            if (rc == GU_OK && (rc = mednum_check(f, place->owned[f], &why)) == GU_INVALID)
                rc = report_value(row, f, clean, why.message, true);
            else if (rc == GU_INVALID)
                rc = report_value(row, f, NULL, why.message, false);
        } else if (rc == GU_INVALID) {
            rc = report_value(row, f, NULL, why.message, false);
        }
        free(clean);
        if (rc == GU_INVALID)
            status = GU_INVALID;
        else if (rc)
            status = error_nomem(err);
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
