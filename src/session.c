#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

const int session_duration_presets[6] = {15, 30, 45, 60, 90, 120};

void session_init(struct help_session *s)
{
    *s = (struct help_session){
        .at = clock_now(),
        .duration_min = SESSION_DURATION_DEFAULT,
        .place = vocab_find(VOCAB_PLACE, "lieu_activite"),
        .autonomy = VOCAB_NONE,
        .age = VOCAB_NONE,
        .status = VOCAB_NONE,
        .gender = VOCAB_NONE,
        .orientation = VOCAB_NONE,
    };
}

void session_clear(struct help_session *s)
{
    free(s->procedure);
    free(s->note);
    free(s->operator_name);
    free(s->site_name);
    residence_clear(&s->residence);
    session_init(s);
}

int session_copy(struct help_session *dst, const struct help_session *src, struct gu_error *err)
{
    *dst = *src;
    dst->residence = (struct residence){0};
    if (text_copy(&dst->procedure, src->procedure) || text_copy(&dst->note, src->note) ||
        text_copy(&dst->operator_name, src->operator_name) ||
        text_copy(&dst->site_name, src->site_name) ||
        residence_copy(&dst->residence, &src->residence)) {
        session_clear(dst);
        return error_nomem(err);
    }
    return GU_OK;
}

int vocab_set_count(vocab_set set)
{
    return __builtin_popcount(set);
}

int session_validate(const struct help_session *s, struct gu_error *err)
{
    if (!s->themes)
        return error_set(err, GU_INVALID, "%s", _("choose at least one theme"));
    int admin = vocab_theme_demarches();
    if ((s->demarches || s->procedure) && !(s->themes & ((vocab_set)1 << admin)))
        return error_set(err, GU_INVALID, _("démarche sub-themes and the procedure name go with "
                                            "the theme \"%s\""),
                         vocab_label(VOCAB_THEME, admin));
    if (s->duration_min < 1 || s->duration_min > SESSION_DURATION_MAX)
        return error_set(err, GU_INVALID, _("the duration must be 1 to %d minutes"),
                         SESSION_DURATION_MAX);
    if (!date_is_valid(s->at.year, s->at.month, s->at.day) || s->at.hour < 0 || s->at.hour > 23 ||
        s->at.minute < 0 || s->at.minute > 59)
        return error_set(err, GU_INVALID, "%s", _("the date is not a real date"));
    struct gu_datetime now = clock_now();
    if (datetime_compare(&s->at, &now) > 0)
        return error_set(err, GU_INVALID, "%s", _("a session cannot be logged in the future"));
    /* A slip of the year ("1900", "1026"), not a session: the activity reports start long after. */
    if (s->at.year < SESSION_YEAR_MIN)
        return error_set(err, GU_INVALID, _("a session cannot be logged before %d"),
                         SESSION_YEAR_MIN);
    if (s->place == VOCAB_NONE)
        return error_set(err, GU_INVALID, "%s", _("the place is required"));
    if (s->orientation != VOCAB_NONE && !s->oriented)
        return error_set(err, GU_INVALID, "%s",
                         _("an orientation category needs the session to be oriented"));
    return GU_OK;
}

int session_parse_duration(const char *field, const char *text, int *minutes,
                           struct gu_error *err)
{
    long v = 0;
    const char *p = text;
    if (!*p)
        goto bad;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > SESSION_DURATION_MAX)
            goto bad;
        v = v * 10 + (*p - '0');
    }
    if (v < 1 || v > SESSION_DURATION_MAX)
        goto bad;
    *minutes = (int)v;
    return GU_OK;
bad:;
    char most[64];
    i18n_format_count(most, sizeof most, SESSION_DURATION_MAX);
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a whole number of minutes from 1 to %s"),
                     field, text, most);
}

/* Reads up to max digits at *p (at least one), moving *p past them. */
static bool read_number(const char **p, int max, int *out)
{
    int v = 0, n = 0;
    for (; n < max && **p >= '0' && **p <= '9'; n++, (*p)++)
        v = v * 10 + (**p - '0');
    *out = v;
    return n > 0;
}

/* The length of the space at p: a space, or the no-break spaces French typography puts in
 * "10 h 30" (U+00A0, U+202F), as the form shows a time; 0 for anything else. */
static size_t space_len(const char *p)
{
    if (*p == ' ')
        return 1;
    if (!strncmp(p, "\xC2\xA0", 2))
        return 2;
    return strncmp(p, "\xE2\x80\xAF", 3) ? 0 : 3;
}

static const char *skip_spaces(const char *p)
{
    for (size_t n; (n = space_len(p)) > 0;)
        p += n;
    return p;
}

/* "14/03/2026", "14/3/2026", "14/03" (this_year), or "2026-03-14"; spaces around are allowed. */
static bool parse_day(const char *text, int this_year, int *y, int *m, int *d)
{
    const char *p = skip_spaces(text);
    int a, b, c;
    if (!read_number(&p, 4, &a))
        return false;
    if (*p == '-') { /* ISO, as the command line and the workshop form take it */
        p++;
        if (!read_number(&p, 2, &b) || *p++ != '-' || !read_number(&p, 2, &c))
            return false;
        *y = a, *m = b, *d = c;
    } else {
        if (*p++ != '/' || !read_number(&p, 2, &b))
            return false;
        c = this_year;
        if (*p == '/' && (p++, !read_number(&p, 4, &c)))
            return false;
        *y = c, *m = b, *d = a;
    }
    return !*skip_spaces(p) && *y >= 1000 && date_is_valid(*y, *m, *d);
}

/* "10:30", "10 h 30", "10h30", "10h" or "10". */
static bool parse_clock(const char *text, int *hour, int *minute)
{
    const char *p = skip_spaces(text);
    if (!read_number(&p, 2, hour))
        return false;
    p = skip_spaces(p);
    *minute = 0;
    if (*p == ':' || *p == 'h' || *p == 'H') {
        bool colon = *p == ':';
        p = skip_spaces(p + 1);
        if (!read_number(&p, 2, minute) && colon)
            return false;
    }
    return !*skip_spaces(p) && *hour <= 23 && *minute <= 59;
}

int session_parse_when(const char *field, const char *text, int this_year,
                       struct gu_datetime *at, struct gu_error *err)
{
    /* The date is the first word, the time the rest ("10 h 30" has spaces). */
    const char *start = skip_spaces(text), *space = start;
    while (*space && !space_len(space))
        space++;
    size_t date_len = (size_t)(space - start);
    char date[16];
    struct gu_datetime when = {0};
    if (date_len >= sizeof date || !*space)
        goto bad;
    memcpy(date, start, date_len);
    date[date_len] = '\0';
    if (!parse_day(date, this_year, &when.year, &when.month, &when.day) ||
        !parse_clock(space, &when.hour, &when.minute))
        goto bad;
    *at = when;
    return GU_OK;
bad:
    return error_set(err, GU_INVALID,
                     _("%s: \"%s\" is not a date and time like 14/03/2026 10:30"), field, text);
}

/* The folded labels of set's members, appended to out from *n. */
static void add_labels(enum vocab_kind kind, vocab_set set, const char **out, size_t *n)
{
    for (int i = 0; set; i++, set >>= 1)
        if (set & 1)
            out[(*n)++] = vocab_label_folded(kind, i);
}

int session_matcher_init(struct session_matcher *m, const char *needle_folded)
{
    *m = (struct session_matcher){0};
    return text_search_compile_folded(&m->search, needle_folded) ? GU_FAILURE : GU_OK;
}

void session_matcher_free(struct session_matcher *m)
{
    text_search_free(&m->search);
    for (size_t i = 0; i < SESSION_MATCHER_NAMES; i++) {
        free(m->names[i].name);
        free(m->names[i].folded);
    }
    *m = (struct session_matcher){0};
}

/* The name folded (borrowed from m), kept for the next sessions; NULL when it is not UTF-8
 * or memory is short: the name is then not searched, as text_fold would leave it. */
static const char *matcher_fold_name(struct session_matcher *m, const char *name)
{
    for (size_t i = 0; i < SESSION_MATCHER_NAMES; i++)
        if (m->names[i].name && !strcmp(m->names[i].name, name))
            return m->names[i].folded;
    char *copy = strdup(name), *folded = copy ? text_fold(name) : NULL;
    if (!folded) {
        free(copy);
        return NULL;
    }
    size_t at = m->next;
    m->next = (m->next + 1) % SESSION_MATCHER_NAMES;
    free(m->names[at].name);
    free(m->names[at].folded);
    m->names[at].name = copy;
    m->names[at].folded = folded;
    return folded;
}

bool session_matcher_test(struct session_matcher *m, const struct help_session *s)
{
    if (!m->search.n)
        return true;
    /* The texts typed into the session, folded here; the names once; labels are folded once
     * for all. */
    const char *typed[] = {s->procedure, s->note, s->residence.name, s->residence.postal_code};
    const char *names[] = {s->operator_name, s->site_name};
    char *folded[ARRAY_LEN(typed)] = {0};
    const char *all[ARRAY_LEN(typed) + ARRAY_LEN(names) + 2 * 8 * sizeof(vocab_set)];
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_LEN(typed); i++)
        if (typed[i] && (folded[i] = text_fold(typed[i])))
            all[n++] = folded[i];
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        const char *f = names[i] ? matcher_fold_name(m, names[i]) : NULL;
        if (f)
            all[n++] = f;
    }
    add_labels(VOCAB_THEME, s->themes, all, &n);
    add_labels(VOCAB_DEMARCHE, s->demarches, all, &n);
    bool found = text_search_matches_folded(&m->search, all, n);
    for (size_t i = 0; i < ARRAY_LEN(typed); i++)
        free(folded[i]);
    return found;
}

bool session_matches(const struct help_session *s, const char *needle_folded)
{
    struct session_matcher m;
    if (session_matcher_init(&m, needle_folded))
        return false;
    bool found = session_matcher_test(&m, s);
    session_matcher_free(&m);
    return found;
}
