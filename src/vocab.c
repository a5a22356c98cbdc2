#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "i18n.h"
#include "text.h"
#include "tsv.h"

#define VOCAB_MAX_ENTRIES 32

struct vocab_entry {
    const char *code;
    const char *label; /* English msgid */
    char key;
};

struct vocab_table {
    struct vocab_entry entries[VOCAB_MAX_ENTRIES];
    size_t count;
};

static const char *const kind_names[VOCAB_KIND_COUNT] = {
    [VOCAB_THEME] = "theme",
    [VOCAB_DEMARCHE] = "demarche",
    [VOCAB_ACTIVITY_TYPE] = "activity_type",
    [VOCAB_PLACE] = "place",
    [VOCAB_MATERIAL] = "material",
    [VOCAB_AUTONOMY] = "autonomy",
    [VOCAB_LEVEL] = "level",
    [VOCAB_AGE] = "age",
    [VOCAB_STATUS] = "status",
    [VOCAB_GENDER] = "gender",
    [VOCAB_ORIENTATION] = "orientation",
    [VOCAB_WORKSHOP_STATUS] = "workshop_status",
    [VOCAB_REGISTRATION_STATE] = "registration_state",
    [VOCAB_REFERRAL_METHOD] = "referral_method",
    [VOCAB_REFERRAL_STATUS] = "referral_status",
    [VOCAB_ACCESS] = "access",
    [VOCAB_POLICY_ANSWER] = "policy_answer",
    [VOCAB_TYPOLOGY] = "typology",
};

static struct vocab_table tables[VOCAB_KIND_COUNT];
static char *vocab_text; /* the parsed copy of the file; entries point into it, kept for life */
static int theme_demarches = VOCAB_NONE;

int vocab_kind_find(const char *name)
{
    for (int k = 0; k < VOCAB_KIND_COUNT; k++)
        if (!strcmp(kind_names[k], name))
            return k;
    return -1;
}

const char *vocab_kind_name(enum vocab_kind kind)
{
    return kind_names[kind];
}

int vocab_load(struct gu_error *err)
{
    if (vocab_text)
        return GU_OK;
    char *text = strdup(embedded_vocab_tsv);
    if (!text)
        return error_nomem(err);
    int line_no = 0;
    for (char *line = text, *next; line && *line; line = next) {
        line_no++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line == '#' || *line == '\0')
            continue;
        char *fields[4] = {NULL, NULL, NULL, NULL};
        int nf = tsv_split(line, fields, 4);
        int kind = nf >= 3 ? vocab_kind_find(fields[0]) : -1;
        if (kind < 0 || tables[kind].count == VOCAB_MAX_ENTRIES || !*fields[1] || !*fields[2]) {
            free(text);
            memset(tables, 0, sizeof tables);
            return error_set(err, GU_FAILURE, "data/vocab.tsv:%d: malformed entry", line_no);
        }
        struct vocab_table *t = &tables[kind];
        t->entries[t->count++] = (struct vocab_entry){
            .code = fields[1], .label = fields[2], .key = nf == 4 && fields[3] ? fields[3][0] : 0};
    }
    vocab_text = text;
    theme_demarches = vocab_find(VOCAB_THEME, "aide_aux_demarches_administratives");
    return GU_OK;
}

/* Loading cannot fail on a correct build; a defect there is caught by the unit tests. */
static const struct vocab_table *table(enum vocab_kind kind)
{
    if (!vocab_text)
        vocab_load(NULL);
    return &tables[kind];
}

size_t vocab_count(enum vocab_kind kind)
{
    return table(kind)->count;
}

const char *vocab_code(enum vocab_kind kind, int index)
{
    const struct vocab_table *t = table(kind);
    return index >= 0 && (size_t)index < t->count ? t->entries[index].code : "";
}

const char *vocab_label_msgid(enum vocab_kind kind, int index)
{
    const struct vocab_table *t = table(kind);
    return index >= 0 && (size_t)index < t->count ? t->entries[index].label : "";
}

const char *vocab_label(enum vocab_kind kind, int index)
{
    const char *msgid = vocab_label_msgid(kind, index);
    return *msgid ? i18n_pgettext(kind_names[kind], msgid) : msgid;
}

const char *vocab_label_folded(enum vocab_kind kind, int index)
{
    /* Folded once per language: the history's search asks for them for every session. */
    static char *folded[VOCAB_KIND_COUNT][VOCAB_MAX_ENTRIES];
    static unsigned folded_in[VOCAB_KIND_COUNT][VOCAB_MAX_ENTRIES]; /* i18n_generation */
    const struct vocab_table *t = table(kind);
    if (index < 0 || (size_t)index >= t->count)
        return "";
    if (!folded[kind][index] || folded_in[kind][index] != i18n_generation()) {
        free(folded[kind][index]);
        folded[kind][index] = text_fold(vocab_label(kind, index));
        folded_in[kind][index] = i18n_generation();
    }
    return folded[kind][index] ? folded[kind][index] : "";
}

char vocab_key(enum vocab_kind kind, int index)
{
    const struct vocab_table *t = table(kind);
    return index >= 0 && (size_t)index < t->count ? t->entries[index].key : '\0';
}

/* Codes guichet used before it took the national tool's (migration 011 rewrote them in the
 * database): still accepted wherever a code is read, command line, CSV files and old rows, and
 * never written. The one place where old spellings are mapped. */
static const struct {
    enum vocab_kind kind;
    const char *old, *code;
} aliases[] = {
    {VOCAB_AGE, "moins_12", "moins_de_douze"},
    {VOCAB_AGE, "12_17", "douze_dix_huit"},
    {VOCAB_AGE, "18_24", "dix_huit_vingt_quatre"},
    {VOCAB_AGE, "25_39", "vingt_cinq_trente_neuf"},
    {VOCAB_AGE, "40_59", "quarante_cinquante_neuf"},
    {VOCAB_AGE, "60_69", "soixante_soixante_neuf"},
    {VOCAB_AGE, "70_plus", "soixante_dix_plus"},
};

static int find_exact(const struct vocab_table *t, const char *code)
{
    for (size_t i = 0; i < t->count; i++)
        if (!strcmp(t->entries[i].code, code))
            return (int)i;
    return VOCAB_NONE;
}

int vocab_find(enum vocab_kind kind, const char *code)
{
    const struct vocab_table *t = table(kind);
    int i = find_exact(t, code);
    for (size_t a = 0; i == VOCAB_NONE && a < ARRAY_LEN(aliases); a++)
        if (aliases[a].kind == kind && !strcmp(aliases[a].old, code))
            i = find_exact(t, aliases[a].code);
    return i;
}

const char *vocab_former_code(size_t i, enum vocab_kind *kind)
{
    if (i >= ARRAY_LEN(aliases))
        return NULL;
    *kind = aliases[i].kind;
    return aliases[i].old;
}

int vocab_theme_demarches(void)
{
    table(VOCAB_THEME);
    return theme_demarches;
}

static int unknown_code(enum vocab_kind kind, const char *field, const char *code,
                        struct gu_error *err)
{
    char valid[700] = "";
    size_t used = 0;
    const struct vocab_table *t = table(kind);
    for (size_t i = 0; i < t->count && used < sizeof valid; i++) {
        int n = snprintf(valid + used, sizeof valid - used, "%s%s", i ? ", " : "",
                         t->entries[i].code);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return error_set(err, GU_INVALID, _("%s: unknown code \"%s\" (valid: %s)"), field, code,
                     valid);
}

int vocab_parse_one(enum vocab_kind kind, const char *field, const char *code, int *out,
                    struct gu_error *err)
{
    *out = VOCAB_NONE;
    if (!code)
        return GU_OK;
    int i = vocab_find(kind, code);
    if (i == VOCAB_NONE)
        return unknown_code(kind, field, code, err);
    *out = i;
    return GU_OK;
}

int vocab_parse_set(enum vocab_kind kind, const char *field, const char *list, vocab_set *out,
                    struct gu_error *err)
{
    *out = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        char code[128];
        if (n == 0 || n >= sizeof code)
            return error_set(err, GU_INVALID, _("%s: expected a comma-separated list of codes"),
                             field);
        memcpy(code, p, n);
        code[n] = '\0';
        int i = vocab_find(kind, code);
        if (i == VOCAB_NONE)
            return unknown_code(kind, field, code, err);
        *out |= (vocab_set)1 << i;
        p += n;
        if (*p == ',' && !*++p)
            return error_set(err, GU_INVALID, _("%s: expected a comma-separated list of codes"),
                             field);
    }
    if (!*out)
        return error_set(err, GU_INVALID, _("%s: expected a comma-separated list of codes"),
                         field);
    return GU_OK;
}
