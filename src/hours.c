#include "hours.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "i18n.h"
#include "strbuf.h"
#include "text.h"

/* The comment of an open end, one string so that it is known by its address. */
static const char open_end_comment[] = HOURS_OPEN_END_COMMENT;

static const char *const day_codes[8] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH"};
static const char *const month_codes[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- Public holidays ---- */

/* Easter Sunday (anonymous Gregorian algorithm), as a day number. */
static long easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return date_to_days(year, month, day);
}

enum hours_region hours_region_of_postal_code(const char *postal_code)
{
    if (!postal_code)
        return HOURS_REGION_FRANCE;
    if (!strncmp(postal_code, "57", 2) || !strncmp(postal_code, "67", 2) ||
        !strncmp(postal_code, "68", 2))
        return HOURS_REGION_ALSACE_MOSELLE;
    /* Saint-Barthélemy and Saint-Martin share Guadeloupe's 971 but have their own holidays. */
    if (!strncmp(postal_code, "97133", 5))
        return HOURS_REGION_SAINT_BARTHELEMY;
    if (!strncmp(postal_code, "97150", 5))
        return HOURS_REGION_SAINT_MARTIN;
    static const struct { const char *prefix; enum hours_region region; } overseas[] = {
        {"971", HOURS_REGION_GUADELOUPE}, {"972", HOURS_REGION_MARTINIQUE},
        {"973", HOURS_REGION_GUYANE},     {"974", HOURS_REGION_REUNION},
        {"976", HOURS_REGION_MAYOTTE},
    };
    for (size_t i = 0; i < sizeof overseas / sizeof overseas[0]; i++)
        if (!strncmp(postal_code, overseas[i].prefix, 3))
            return overseas[i].region;
    return HOURS_REGION_FRANCE;
}

#define REGION_BIT(r) (1u << (r))
#define ALL_REGIONS 0xffffu

/* The names and regions are those of opening_hours.js (its holiday data for France, by state),
 * so that the comment a holiday gives agrees. */
bool date_is_public_holiday(int year, int month, int day, enum hours_region region,
                            const char **name)
{
    static const struct { int month, day; unsigned regions; const char *name; } fixed[] = {
        {1, 1, ALL_REGIONS, "Nouvel An"},
        {4, 27, REGION_BIT(HOURS_REGION_MAYOTTE), "Abolition de l\u2019esclavage"},
        {5, 1, ALL_REGIONS, "Fête du travail"},
        {5, 8, ALL_REGIONS, "Fête de la Victoire 1945"},
        {5, 22, REGION_BIT(HOURS_REGION_MARTINIQUE), "Abolition de l\u2019esclavage"},
        {5, 27, REGION_BIT(HOURS_REGION_GUADELOUPE) | REGION_BIT(HOURS_REGION_SAINT_MARTIN),
         "Abolition de l\u2019esclavage"},
        {6, 10, REGION_BIT(HOURS_REGION_GUYANE), "Abolition de l\u2019esclavage"},
        {7, 14, ALL_REGIONS, "Fête Nationale de la France"},
        {7, 21, REGION_BIT(HOURS_REGION_GUADELOUPE) | REGION_BIT(HOURS_REGION_MARTINIQUE),
         "Jour de Victor Schoelcher"},
        {8, 15, ALL_REGIONS, "Assomption"},
        {10, 9, REGION_BIT(HOURS_REGION_SAINT_BARTHELEMY), "Abolition de l\u2019esclavage"},
        {11, 1, ALL_REGIONS, "Toussaint"},
        {11, 11, ALL_REGIONS, "Armistice 1918"},
        {12, 20, REGION_BIT(HOURS_REGION_REUNION), "Abolition de l\u2019esclavage"},
        {12, 25, ALL_REGIONS, "Noël"},
        {12, 26, REGION_BIT(HOURS_REGION_ALSACE_MOSELLE), "Lendemain de Noël"},
    };
    static const struct { int offset; unsigned regions; const char *name; } moving[] = {
        {-2,
         REGION_BIT(HOURS_REGION_ALSACE_MOSELLE) | REGION_BIT(HOURS_REGION_GUADELOUPE) |
             REGION_BIT(HOURS_REGION_MARTINIQUE) | REGION_BIT(HOURS_REGION_SAINT_BARTHELEMY),
         "Vendredi saint"},
        {1, ALL_REGIONS, "Lundi de Pâques"},
        {39, ALL_REGIONS, "Ascension"},
        {50, ALL_REGIONS, "Lundi de Pentecôte"},
    };
    unsigned bit = REGION_BIT(region);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i].month == month && fixed[i].day == day && (fixed[i].regions & bit)) {
            if (name)
                *name = fixed[i].name;
            return true;
        }
    long d = date_to_days(year, month, day), e = easter(year);
    for (size_t i = 0; i < sizeof moving / sizeof moving[0]; i++)
        if (d == e + moving[i].offset && (moving[i].regions & bit)) {
            if (name)
                *name = moving[i].name;
            return true;
        }
    return false;
}

/* ---- The rules ----
 * Modelled on opening_hours.js, whose behaviour is the reference: a rule has groups of date
 * selectors (a date matches a group when one of its selectors matches, and the rule when every
 * group does), time selectors, a state and a comment. A time range past midnight adds a
 * "wrapped" rule that applies its end to the next day. */

enum sel_kind {
    SEL_WEEKDAY,  /* a..b, wrapping (0 Monday) */
    SEL_NTH,      /* weekday a, the nth of the month (1..5, -1..-5) */
    SEL_HOLIDAY,  /* PH */
    SEL_MONTH,    /* a..b (1-12), wrapping */
    SEL_MONTHDAY, /* from..to, see struct sel */
    SEL_YEAR,     /* a..b, every step */
    SEL_WEEK,     /* ISO weeks a..b, every step */
};

enum group { G_YEAR, G_HOLIDAY, G_MONTH, G_MONTHDAY, G_WEEK, G_WEEKDAY, G_COUNT };

struct md { /* one end of a date range: (year,) month and day, or Easter with an offset */
    int year; /* 0: every year */
    int month, day;
    bool easter;
    int offset;
};

struct sel {
    enum sel_kind kind;
    int a, b, step, nth;
    struct md from, to;
    bool short_range; /* "Aug 25" or "Aug 01-15": a day that is not that year matches nothing */
};

struct sel_list {
    struct sel *v;
    size_t n, cap;
};

struct time_sel {
    int from, to;  /* minutes; to may pass 1440 (past midnight) */
    bool open_end; /* "18:00+": unknown */
    bool all_day;  /* 24/7, 00:00-24:00 */
};

struct rule {
    struct sel_list group[G_COUNT];
    struct time_sel *times;
    size_t ntimes, captimes;
    bool meaning, unknown, fallback, additional, wrapped;
    char *comment; /* owned; NULL when none (a wrapped rule borrows its rule's) */
};

struct hours {
    struct rule *rules;
    size_t n, cap;
};

static bool rule_has_date(const struct rule *r)
{
    for (int g = 0; g < G_COUNT; g++)
        if (r->group[g].n)
            return true;
    return false;
}

void hours_free(struct hours *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        struct rule *r = &h->rules[i];
        for (int g = 0; g < G_COUNT; g++)
            if (!r->wrapped)
                free(r->group[g].v);
        free(r->times);
        if (!r->wrapped)
            free(r->comment);
    }
    free(h->rules);
    free(h);
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 4;
    void *p = realloc(*v, c * size);
    if (!p)
        return false;
    *v = p;
    *cap = c;
    return true;
}

/* ---- Tokens ---- */

enum tok_kind { T_WORD, T_NUM, T_COMMENT, T_PUNCT, T_END };

struct tok {
    enum tok_kind kind;
    size_t start, len; /* in the text; a comment without its quotes */
    long num;
    char c; /* T_PUNCT: ; , - + : [ ] / ( ) or '|' for "||" */
};

struct parser {
    const char *text;
    struct tok *t;
    size_t n, cap, i;
    struct gu_error *err;
    struct hours *h;
};

static int tokenize(struct parser *p)
{
    const char *s = p->text;
    for (size_t i = 0;;) {
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            i++;
        if (!grow((void **)&p->t, &p->cap, p->n, sizeof *p->t))
            return error_nomem(p->err);
        struct tok *t = &p->t[p->n++];
        *t = (struct tok){.start = i, .len = 1};
        if (!s[i]) {
            t->kind = T_END, t->len = 0;
            return GU_OK;
        }
        if (isdigit((unsigned char)s[i])) {
            t->kind = T_NUM;
            size_t j = i;
            for (; isdigit((unsigned char)s[j]); j++)
                t->num = t->num > 99999 ? 999999 : t->num * 10 + (s[j] - '0');
            t->len = j - i;
        } else if (isalpha((unsigned char)s[i])) {
            t->kind = T_WORD;
            size_t j = i;
            while (isalpha((unsigned char)s[j]))
                j++;
            t->len = j - i;
        } else if (s[i] == '"') {
            const char *end = strchr(s + i + 1, '"');
            if (!end)
                return error_set(p->err, GU_INVALID, _("opening hours \"%s\": a comment is not "
                                                       "closed by \""),
                                 p->text);
            for (const char *c = s + i + 1; c < end; c++)
                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                    return error_set(p->err, GU_INVALID,
                                     _("opening hours \"%s\": a comment may not hold control "
                                       "characters"),
                                     p->text);
            t->kind = T_COMMENT;
            t->start = i + 1;
            t->len = (size_t)(end - s) - i - 1;
            i = (size_t)(end - s) + 1;
            continue;
        } else if (s[i] == '|' && s[i + 1] == '|') {
            t->kind = T_PUNCT, t->c = '|', t->len = 2;
        } else if (strchr(";,-+:[]/()", s[i])) {
            t->kind = T_PUNCT, t->c = s[i];
        } else {
            /* A character of no syntax: quoted whole, however many bytes it takes. */
            ucs4_t c;
            int k = u8_mbtouc(&c, (const uint8_t *)s + i, strlen(s + i));
            t->kind = T_WORD, t->len = k > 0 ? (size_t)k : 1;
            p->n--;
            return error_set(p->err, GU_INVALID,
                             _("opening hours \"%s\": \"%.*s\" is not understood"), p->text,
                             (int)t->len, s + i);
        }
        i += t->len;
    }
}

static const struct tok *peek(const struct parser *p, size_t ahead)
{
    size_t i = p->i + ahead;
    return &p->t[i < p->n ? i : p->n - 1];
}

static bool is_punct(const struct tok *t, char c)
{
    return t->kind == T_PUNCT && t->c == c;
}

static bool is_word(const struct parser *p, const struct tok *t, const char *w)
{
    return t->kind == T_WORD && t->len == strlen(w) && !strncmp(p->text + t->start, w, t->len);
}

static int code_of(const struct parser *p, const struct tok *t, const char *const *codes, int n)
{
    for (int i = 0; i < n; i++)
        if (is_word(p, t, codes[i]))
            return i;
    return -1;
}

static int weekday_of(const struct parser *p, const struct tok *t)
{
    return code_of(p, t, day_codes, 7);
}

static int month_of(const struct parser *p, const struct tok *t)
{
    return code_of(p, t, month_codes, 12);
}

static bool at_time(const struct parser *p, size_t ahead)
{
    return peek(p, ahead)->kind == T_NUM && is_punct(peek(p, ahead + 1), ':');
}

/* A day of the month after a month: a number that does not start a time. */
static bool at_day(const struct parser *p, size_t ahead)
{
    return peek(p, ahead)->kind == T_NUM && !at_time(p, ahead);
}

/* Refuses, quoting the token at and a little of what follows it. */
static int refuse(struct parser *p, const struct tok *t, const char *why)
{
    if (t->kind == T_END)
        return error_set(p->err, GU_INVALID, _("opening hours \"%s\": %s at the end"), p->text,
                         why);
    size_t len = strcspn(p->text + t->start, " ;,");
    if (!len)
        len = t->len;
    return error_set(p->err, GU_INVALID, _("opening hours \"%s\": \"%.*s\": %s"), p->text,
                     (int)len, p->text + t->start, why);
}

/* Refuses the part from token `first` to token `last`, both included, quoted exactly. */
static int refuse_span(struct parser *p, const struct tok *first, const struct tok *last,
                       const char *why)
{
    size_t end = last->start + last->len;
    return error_set(p->err, GU_INVALID, _("opening hours \"%s\": \"%.*s\": %s"), p->text,
                     (int)(end - first->start), p->text + first->start, why);
}

/* Refuses an offset in days at the current token (its sign): "+1 day", "-2 days", "+1". */
static int refuse_offset(struct parser *p, const char *why)
{
    size_t k = 0;
    if (peek(p, 1)->kind == T_NUM) {
        k = 1;
        if (is_word(p, peek(p, 2), "day") || is_word(p, peek(p, 2), "days"))
            k = 2;
    }
    return refuse_span(p, peek(p, 0), peek(p, k), why);
}

static int push_sel(struct parser *p, struct rule *r, enum group g, struct sel s)
{
    struct sel_list *l = &r->group[g];
    if (!grow((void **)&l->v, &l->cap, l->n, sizeof *l->v))
        return error_nomem(p->err);
    l->v[l->n++] = s;
    return GU_OK;
}

static int push_time(struct parser *p, struct rule *r, struct time_sel t)
{
    if (!grow((void **)&r->times, &r->captimes, r->ntimes, sizeof *r->times))
        return error_nomem(p->err);
    r->times[r->ntimes++] = t;
    return GU_OK;
}

/* A number in [min, max] or a refusal naming it. */
static int number(struct parser *p, long min, long max, const char *why, int *out)
{
    const struct tok *t = peek(p, 0);
    if (t->kind != T_NUM || t->num < min || t->num > max)
        return t->kind == T_NUM ? refuse_span(p, t, t, why) : refuse(p, t, why);
    *out = (int)t->num;
    p->i++;
    return GU_OK;
}

/* "Mo", "Mo-Fr", "Sa[1]", "Su[-1,2-3]", lists with "," (PH may be in the list). */
static int parse_weekdays(struct parser *p, struct rule *r)
{
    for (;;) {
        const struct tok *t = peek(p, 0);
        if (is_word(p, t, "PH")) {
            p->i++;
            if (push_sel(p, r, G_WEEKDAY, (struct sel){.kind = SEL_HOLIDAY}))
                return GU_FAILURE;
        } else if (is_word(p, t, "SH")) {
            return refuse(p, t, _("school holidays (SH) are not understood"));
        } else {
            int a = weekday_of(p, t), b;
            if (a < 0)
                return refuse(p, t, _("a weekday (Mo, Tu, We, Th, Fr, Sa, Su) was expected"));
            p->i++;
            if (is_punct(peek(p, 0), '[')) {
                p->i++;
                for (;;) {
                    int neg = is_punct(peek(p, 0), '-'), from, to;
                    const struct tok *sign = peek(p, 0);
                    p->i += neg;
                    const struct tok *nth = peek(p, 0);
                    if (nth->kind == T_NUM && (nth->num < 1 || nth->num > 5))
                        return refuse_span(p, sign, nth,
                                           _("the nth weekday is between -5 and 5 (not 0)"));
                    if (number(p, 1, 5, _("the nth weekday is between -5 and 5 (not 0)"), &from))
                        return GU_INVALID;
                    to = from;
                    if (!neg && is_punct(peek(p, 0), '-') && peek(p, 1)->kind == T_NUM) {
                        p->i++;
                        if (number(p, from, 5, _("the nth weekday is between -5 and 5 (not 0)"), &to))
                            return GU_INVALID;
                    }
                    for (int k = from; k <= to; k++)
                        if (push_sel(p, r, G_WEEKDAY,
                                     (struct sel){.kind = SEL_NTH, .a = a, .nth = neg ? -k : k}))
                            return GU_FAILURE;
                    if (!is_punct(peek(p, 0), ','))
                        break;
                    p->i++;
                }
                if (!is_punct(peek(p, 0), ']'))
                    return refuse(p, peek(p, 0), _("\"]\" was expected"));
                p->i++;
                if (is_punct(peek(p, 0), '+') || is_punct(peek(p, 0), '-'))
                    return refuse_offset(p, _("offsets of weekdays are not understood"));
            } else {
                b = a;
                if (is_punct(peek(p, 0), '-')) {
                    b = weekday_of(p, peek(p, 1));
                    if (b < 0)
                        return refuse(p, peek(p, 1), _("a weekday range must end with a weekday"));
                    p->i += 2;
                }
                if (push_sel(p, r, G_WEEKDAY, (struct sel){.kind = SEL_WEEKDAY, .a = a, .b = b}))
                    return GU_FAILURE;
            }
        }
        if (!is_punct(peek(p, 0), ',') ||
            (weekday_of(p, peek(p, 1)) < 0 && !is_word(p, peek(p, 1), "PH") &&
             !is_word(p, peek(p, 1), "SH")))
            return GU_OK;
        p->i++;
    }
}

/* "PH" not followed by "," and a weekday: a group of its own, and-ed with the weekdays. */
static int parse_holiday(struct parser *p, struct rule *r)
{
    if (is_punct(peek(p, 1), ',') &&
        (weekday_of(p, peek(p, 2)) >= 0 || is_word(p, peek(p, 2), "SH")))
        return parse_weekdays(p, r);
    p->i++;
    if (is_punct(peek(p, 0), '+') || is_punct(peek(p, 0), '-'))
        return refuse_offset(p, _("offsets of public holidays are not understood"));
    return push_sel(p, r, G_HOLIDAY, (struct sel){.kind = SEL_HOLIDAY});
}

/* "easter", "easter +1 day", "easter -2 days" */
static int parse_easter(struct parser *p, struct md *m)
{
    p->i++;
    m->easter = true;
    const struct tok *sign = peek(p, 0);
    if ((is_punct(sign, '+') || is_punct(sign, '-')) && peek(p, 1)->kind == T_NUM &&
        (is_word(p, peek(p, 2), "day") || is_word(p, peek(p, 2), "days"))) {
        int n;
        if (peek(p, 1)->num > 200) /* as opening_hours.js */
            return refuse_offset(p, _("an offset from easter is at most 200 days"));
        p->i++;
        if (number(p, 0, 200, _("an offset from easter is at most 200 days"), &n))
            return GU_INVALID;
        p->i++;
        m->offset = is_punct(sign, '-') ? -n : n;
    }
    return GU_OK;
}

/* One end of a date range after its optional year: "Dec 25", "easter". */
static int parse_md(struct parser *p, struct md *m, bool need_day)
{
    if (is_word(p, peek(p, 0), "easter"))
        return parse_easter(p, m);
    int month = month_of(p, peek(p, 0));
    if (month < 0)
        return refuse(p, peek(p, 0), _("a month (Jan … Dec) was expected"));
    p->i++;
    m->month = month + 1;
    if (!at_day(p, 0)) {
        if (need_day)
            return refuse(p, peek(p, 0), _("a day of the month was expected"));
        return GU_OK;
    }
    const struct tok *t = peek(p, 0);
    int most = date_days_in_month(2024, m->month);
    if (t->kind == T_NUM && (t->num < 1 || t->num > most)) {
        char why[160];
        if (m->month == 2)
            /* TRANSLATORS: a date such as "Feb 30" in opening hours. */
            snprintf(why, sizeof why, "%s", _("day out of range: February has 28 or 29 days"));
        else
            /* TRANSLATORS: a date such as "Apr 31": %1$s the month's name (April, from the
             * month names), %2$d its days. */
            snprintf(why, sizeof why, _("day out of range: %1$s has %2$d days"),
                     i18n_month_name(m->month), most);
        return refuse_span(p, &p->t[p->i - 1], t, why); /* "Feb 30" */
    }
    if (number(p, 1, most, _("not a day of that month"), &m->day))
        return GU_INVALID;
    return GU_OK;
}

/* Years, months, dates: "2026", "2026-2027", "Aug", "Jul-Aug", "Dec 25", "Dec 24-Jan 01",
 * "Aug 01-15", "2026 Dec 25", "easter". */
static int parse_wide(struct parser *p, struct rule *r)
{
    /* The months and dates of one list go in the group of the first, as alternatives ("Apr,
     * Jul 27" is April or 27 July), as opening_hours.js reads them. */
    int group = -1;
    bool after_month = false;
    for (;;) {
        const struct tok *t = peek(p, 0);
        int year = 0;
        if (after_month && (t->kind == T_NUM || is_word(p, t, "easter")))
            /* "Jan, 2028 Fr": refused by opening_hours.js, and read in more than one way. */
            return refuse_span(p, t, t, _("a list of months may not go on with a year or easter"));
        after_month = false;
        if (t->kind == T_NUM) {
            if (t->len != 4 || t->num < 1900 || t->num > 9999)
                return refuse(p, t, _("a year like 2026 was expected"));
            year = (int)t->num;
            p->i++;
            /* A year alone or a range of years ("2026 Dec" is a year and a month). */
            if ((month_of(p, peek(p, 0)) < 0 || !at_day(p, 1)) &&
                !is_word(p, peek(p, 0), "easter")) {
                int to = year, step = 1;
                if (is_punct(peek(p, 0), '-')) {
                    p->i++;
                    if (number(p, year, 9999, _("a range of years must go forward"), &to))
                        return GU_INVALID;
                    if (is_punct(peek(p, 0), '/')) {
                        p->i++;
                        if (number(p, 2, 9999, _("a period of years is 2 or more"), &step))
                            return GU_INVALID;
                    }
                } else if (is_punct(peek(p, 0), '+'))
                    return refuse(p, peek(p, 0), _("open-ended years are not understood"));
                if (push_sel(p, r, G_YEAR,
                             (struct sel){.kind = SEL_YEAR, .a = year, .b = to, .step = step}))
                    return GU_FAILURE;
                goto next;
            }
        }
        struct md from = {.year = year}, to;
        bool is_month = month_of(p, peek(p, 0)) >= 0 && !at_day(p, 1);
        if (is_month && !year) { /* months: "Jul-Aug", "Aug" */
            int a = month_of(p, peek(p, 0)) + 1, b = a;
            p->i++;
            if (is_punct(peek(p, 0), '-') && month_of(p, peek(p, 1)) >= 0 && !at_day(p, 2)) {
                b = month_of(p, peek(p, 1)) + 1;
                p->i += 2;
            }
            group = group < 0 ? G_MONTH : group;
            if (push_sel(p, r, group, (struct sel){.kind = SEL_MONTH, .a = a, .b = b}))
                return GU_FAILURE;
            after_month = true;
            /* "Jan Fr[1]" is a date, the first Friday of January (as for opening_hours.js):
             * one number, which reads the same as the month and the nth weekday together. */
            if (a == b && weekday_of(p, peek(p, 0)) >= 0 && is_punct(peek(p, 1), '[')) {
                size_t k = is_punct(peek(p, 2), '-') ? 3 : 2;
                if (peek(p, k)->kind != T_NUM || !is_punct(peek(p, k + 1), ']'))
                    return refuse(p, peek(p, 0),
                                  _("the weekday of a month takes one number, as in Jan Fr[1]"));
            }
            goto next;
        }
        if (parse_md(p, &from, true))
            return GU_INVALID;
        to = from;
        bool short_range = !is_punct(peek(p, 0), '-');
        if (is_punct(peek(p, 0), '-')) {
            p->i++;
            if (at_day(p, 0) && peek(p, 0)->len <= 2 && !from.easter) {
                short_range = true;
                if (number(p, from.day, date_days_in_month(2024, from.month),
                           _("a range of days must go forward"), &to.day))
                    return GU_INVALID;
            } else {
                to = (struct md){0};
                if (peek(p, 0)->kind == T_NUM && peek(p, 0)->len == 4) {
                    to.year = (int)peek(p, 0)->num;
                    p->i++;
                }
                if (parse_md(p, &to, true))
                    return GU_INVALID;
                if (!!to.year != !!from.year)
                    return refuse(p, peek(p, 0), _("both ends of a date range need a year"));
            }
        }
        if (from.easter != to.easter)
            return refuse(p, peek(p, 0), _("a range from or to easter is not understood"));
        if (is_punct(peek(p, 0), '/'))
            return refuse(p, peek(p, 0), _("periods of days are not understood"));
        group = group < 0 ? G_MONTHDAY : group;
        if (push_sel(p, r, group, (struct sel){.kind = SEL_MONTHDAY, .from = from, .to = to,
                                  .short_range = short_range && !from.easter}))
            return GU_FAILURE;
    next:
        if (!is_punct(peek(p, 0), ','))
            return GU_OK;
        const struct tok *n = peek(p, 1);
        if (month_of(p, n) < 0 && !is_word(p, n, "easter") && !(n->kind == T_NUM && n->len == 4))
            return GU_OK;
        p->i++;
    }
}

/* "week 01-53/2", "week 1,3-5" */
static int parse_weeks(struct parser *p, struct rule *r)
{
    p->i++;
    for (;;) {
        int a, b, step = 1;
        if (number(p, 1, 53, _("a week number (1 to 53) was expected"), &a))
            return GU_INVALID;
        b = a;
        if (is_punct(peek(p, 0), '-')) {
            p->i++;
            if (number(p, a, 53, _("a week number (1 to 53) was expected"), &b))
                return GU_INVALID;
            if (is_punct(peek(p, 0), '/')) {
                p->i++;
                if (number(p, 2, 53, _("a period of weeks is 2 or more"), &step))
                    return GU_INVALID;
            }
        }
        if (push_sel(p, r, G_WEEK, (struct sel){.kind = SEL_WEEK, .a = a, .b = b, .step = step}))
            return GU_FAILURE;
        if (!is_punct(peek(p, 0), ',') || peek(p, 1)->kind != T_NUM)
            return GU_OK;
        p->i++;
    }
}


/* "9:00" or "09:00", up to max minutes. */
static int parse_clock(struct parser *p, int max, int *minutes)
{
    const struct tok *h = peek(p, 0), *m = peek(p, 2);
    if (!at_time(p, 0) || h->len > 2 || m->kind != T_NUM || m->len != 2)
        return refuse(p, h, _("a time like 09:00 was expected"));
    if (m->num > 59 || h->num * 60 + m->num > max)
        return refuse(p, h, _("not a time of day"));
    *minutes = (int)(h->num * 60 + m->num);
    p->i += 3;
    return GU_OK;
}

/* Open end from `from` (minutes, may pass a day): as opening_hours.js guesses it. */
static struct time_sel open_end_from(int from)
{
    if (from == 0) /* as opening_hours.js: "00:00+" is the whole day, open */
        return (struct time_sel){.from = 0, .to = 1440, .all_day = true};
    int to = from >= 22 * 60 ? from + 8 * 60 : from >= 17 * 60 ? from + 10 * 60 : 1440;
    return (struct time_sel){.from = from, .to = to, .open_end = true};
}

/* "09:00-12:00, 14:00-18:00", "22:00-02:00", "18:00+", "10:00-16:00+" */
static int parse_times(struct parser *p, struct rule *r)
{
    for (;;) {
        int from, to;
        if (peek(p, 0)->kind == T_WORD &&
            (is_word(p, peek(p, 0), "sunrise") || is_word(p, peek(p, 0), "sunset") ||
             is_word(p, peek(p, 0), "dawn") || is_word(p, peek(p, 0), "dusk")))
            return refuse(p, peek(p, 0), _("sunrise and sunset times are not understood"));
        if (parse_clock(p, 1439, &from))
            return GU_INVALID;
        struct time_sel t;
        if (is_punct(peek(p, 0), '+')) {
            p->i++;
            t = open_end_from(from);
        } else {
            if (!is_punct(peek(p, 0), '-'))
                return refuse(p, peek(p, 0), _("a time range like 09:00-12:00 was expected"));
            p->i++;
            if (parse_clock(p, 2880, &to))
                return GU_INVALID;
            if (to <= from)
                to += 1440;
            if (to > 2880)
                return refuse(p, &p->t[p->i - 3], _("a time range may not pass two midnights"));
            t = (struct time_sel){.from = from, .to = to};
            if (is_punct(peek(p, 0), '/'))
                return refuse(p, peek(p, 0), _("periods of time are not understood"));
        }
        t.all_day = t.all_day || (t.from == 0 && t.to == 1440 && !t.open_end);
        if (!t.open_end && is_punct(peek(p, 0), '+')) { /* "10:00-16:00+" */
            if (t.to > 1440)
                return refuse(p, peek(p, 0), _("an open end past midnight is not understood"));
            p->i++;
            /* Before the range, as opening_hours.js orders them: the open end is then only
             * its first minute. */
            if (push_time(p, r, open_end_from(t.to)))
                return GU_FAILURE;
        }
        if (push_time(p, r, t))
            return GU_FAILURE;
        if (!is_punct(peek(p, 0), ',') || !at_time(p, 1))
            return GU_OK;
        p->i++;
    }
}

/* One rule, up to ";", "||", the end, or "," starting an additional rule. Returns GU_OK with
 * *additional_next when a "," follows. */
static int parse_rule(struct parser *p, struct rule *r, bool *additional_next)
{
    bool stated = false, after_times = false;
    *additional_next = false;
    r->meaning = true;
    for (;;) {
        const struct tok *t = peek(p, 0);
        if (t->kind == T_END || is_punct(t, ';') || is_punct(t, '|'))
            break;
        if (stated && !is_punct(t, ',') && t->kind != T_COMMENT)
            return refuse(p, t, _("nothing may follow the state of a rule"));
        bool times = false;
        if (is_word(p, t, "PH")) {
            if (parse_holiday(p, r))
                return GU_INVALID;
        } else if (is_word(p, t, "SH")) {
            return refuse(p, t, _("school holidays (SH) are not understood"));
        } else if (weekday_of(p, t) >= 0) {
            if (parse_weekdays(p, r))
                return GU_INVALID;
        } else if (is_word(p, t, "week")) {
            if (parse_weeks(p, r))
                return GU_INVALID;
        } else if (month_of(p, t) >= 0 || is_word(p, t, "easter") ||
                   (t->kind == T_NUM && t->len == 4 && !is_punct(peek(p, 1), ':'))) {
            if (parse_wide(p, r))
                return GU_INVALID;
        } else if (t->kind == T_NUM && at_time(p, 0)) {
            if (parse_times(p, r))
                return GU_INVALID;
            times = true;
        } else if (t->kind == T_NUM && t->num == 24 && is_punct(peek(p, 1), '/') &&
                   peek(p, 2)->kind == T_NUM && peek(p, 2)->num == 7) {
            p->i += 3; /* 24/7 */
            if (push_time(p, r, (struct time_sel){.from = 0, .to = 1440, .all_day = true}))
                return GU_FAILURE;
        } else if (is_word(p, t, "open") || is_word(p, t, "off") || is_word(p, t, "closed") ||
                   is_word(p, t, "unknown")) {
            r->meaning = is_word(p, t, "open");
            r->unknown = is_word(p, t, "unknown");
            stated = true;
            p->i++;
        } else if (t->kind == T_COMMENT) {
            free(r->comment);
            r->comment = strndup(p->text + t->start, t->len);
            if (!r->comment)
                return error_nomem(p->err);
            if (!stated)
                r->meaning = false, r->unknown = true;
            stated = true;
            p->i++;
        } else if (is_punct(t, ',') && (after_times || stated)) {
            /* As opening_hours.js: a rule goes on after its times, state or comment. */
            p->i++;
            *additional_next = true;
            return GU_OK;
        } else if (is_punct(t, ':') && p->i > 0 && !after_times && peek(p, 1)->kind != T_END &&
                   !is_punct(peek(p, 1), ';') && !is_punct(peek(p, 1), '|')) {
            p->i++; /* "Mo-Fr: 09:00-12:00", a separator for readability */
        } else if (is_word(p, t, "sunrise") || is_word(p, t, "sunset") || is_word(p, t, "dawn") ||
                   is_word(p, t, "dusk")) {
            return refuse(p, t, _("sunrise and sunset times are not understood"));
        } else if (t->kind == T_WORD) {
            return refuse(p, t, _("not understood"));
        } else {
            return refuse(p, t, _("not understood here"));
        }
        after_times = times;
    }
    return GU_OK;
}

static int push_rule(struct parser *p, struct rule *r)
{
    struct hours *h = p->h;
    if (!grow((void **)&h->rules, &h->cap, h->n, sizeof *h->rules))
        return error_nomem(p->err);
    h->rules[h->n++] = *r;
    return GU_OK;
}

/* The wrapped rule of a rule with ranges past midnight: the same date selectors (shared, read
 * a day late), the parts after midnight. */
static int push_wrapped(struct parser *p, size_t index)
{
    struct rule w = {0};
    const struct rule *r = &p->h->rules[index];
    for (size_t i = 0; i < r->ntimes; i++)
        if (r->times[i].to > 1440 &&
            push_time(p, &w, (struct time_sel){.from = 0, .to = r->times[i].to - 1440,
                                               .open_end = r->times[i].open_end}))
            return GU_FAILURE;
    if (!w.ntimes)
        return GU_OK;
    r = &p->h->rules[index];
    memcpy(w.group, r->group, sizeof w.group);
    w.meaning = r->meaning, w.unknown = r->unknown, w.comment = r->comment;
    w.wrapped = true;
    if (push_rule(p, &w)) {
        free(w.times);
        return GU_FAILURE;
    }
    return GU_OK;
}

int hours_parse(const char *text, struct hours **out, struct gu_error *err)
{
    *out = NULL;
    struct parser p = {.text = text, .err = err};
    p.h = calloc(1, sizeof *p.h);
    if (!p.h)
        return error_nomem(err);
    int status = tokenize(&p);
    bool fallback = false, additional = false;
    while (!status && peek(&p, 0)->kind != T_END) {
        if (is_punct(peek(&p, 0), ';')) {
            p.i++;
            fallback = additional = false;
            continue;
        }
        if (is_punct(peek(&p, 0), '|')) {
            if (!p.h->n)
                status = refuse(&p, peek(&p, 0), _("\"||\" needs a rule before it"));
            p.i++;
            fallback = true, additional = false;
            continue;
        }
        struct rule r = {.fallback = fallback, .additional = additional};
        bool next_additional;
        status = parse_rule(&p, &r, &next_additional);
        if (!status)
            status = push_rule(&p, &r);
        if (status) {
            for (int g = 0; g < G_COUNT; g++)
                free(r.group[g].v);
            free(r.times);
            free(r.comment);
            break;
        }
        status = push_wrapped(&p, p.h->n - 1);
        additional = next_additional; /* a fallback's additional rules are fallbacks too */
    }
    if (!status && !p.h->n)
        status = error_set(err, GU_INVALID, _("opening hours \"%s\": empty"), text);
    free(p.t);
    if (status) {
        hours_free(p.h);
        return status;
    }
    *out = p.h;
    return GU_OK;
}

/* ---- Evaluation ---- */

/* ISO 8601 week number of a day number. */
static int iso_week(long days)
{
    int y, m, d;
    date_from_days(days, &y, &m, &d);
    int wd = date_weekday(y, m, d);    /* 0 Monday */
    long thursday = days - wd + 3;     /* the week's Thursday gives its year */
    date_from_days(thursday, &y, &m, &d);
    return (int)((thursday - date_to_days(y, 1, 1)) / 7) + 1;
}

static long md_days(const struct md *m, int year)
{
    if (m->easter)
        return easter(year) + m->offset;
    int day = m->day ? m->day : 1;
    if (day > date_days_in_month(year, m->month)) /* Feb 29 in another year: Mar 1 */
        return date_to_days(year, m->month, date_days_in_month(year, m->month)) + 1;
    return date_to_days(year, m->month, day);
}

static bool monthday_matches(const struct sel *s, long days, int year)
{
    /* "Feb 29", "Feb 28-29" a year without 29 February, "2027 Feb 29": nothing, as in
     * opening_hours.js (a long range's end, "2027 Feb 29-2027 Mar 02", is 1 March there). */
    if (s->short_range && (s->from.day > date_days_in_month(s->from.year ? s->from.year : year,
                                                            s->from.month) ||
                           s->to.day > date_days_in_month(s->to.year ? s->to.year : year,
                                                          s->to.month)))
        return false;
    if (s->from.year) {
        long a = md_days(&s->from, s->from.year), b = md_days(&s->to, s->to.year);
        if (!s->to.day && !s->to.easter) /* "2026 Dec" to a whole month */
            b = md_days(&s->to, s->to.year) + date_days_in_month(s->to.year, s->to.month) - 1;
        return days >= a && days <= b;
    }
    long a = md_days(&s->from, year), b = md_days(&s->to, year);
    if (s->from.easter || b + 1 >= a) /* "Jan 14-Jan 13" is empty, as in opening_hours.js */
        return days >= a && days <= b;
    if (b < a) /* over the new year: "Dec 24-Jan 01", "May 29-May 24" */
        return days >= a || days <= b;
    return days >= a && days <= b;
}

static bool sel_matches(const struct sel *s, int y, int m, int d, long days,
                        enum hours_region region, const char **holiday)
{
    switch (s->kind) {
    case SEL_WEEKDAY: {
        int wd = date_weekday(y, m, d);
        return s->a <= s->b ? wd >= s->a && wd <= s->b : wd >= s->a || wd <= s->b;
    }
    case SEL_NTH: {
        if (date_weekday(y, m, d) != s->a)
            return false;
        int n = s->nth > 0 ? (d - 1) / 7 + 1 : -((date_days_in_month(y, m) - d) / 7 + 1);
        return n == s->nth;
    }
    case SEL_HOLIDAY:
        return date_is_public_holiday(y, m, d, region, holiday);
    case SEL_MONTH:
        return s->a <= s->b ? m >= s->a && m <= s->b : m >= s->a || m <= s->b;
    case SEL_MONTHDAY:
        return monthday_matches(s, days, y);
    case SEL_YEAR:
        return y >= s->a && y <= s->b && (y - s->a) % s->step == 0;
    case SEL_WEEK: {
        int w = iso_week(days);
        return w >= s->a && w <= s->b && (w - s->a) % s->step == 0;
    }
    }
    return false;
}

/* Whether the rule's date selectors select the day; *holiday receives the name of a public
 * holiday a PH selector matched. */
static bool rule_matches_day(const struct rule *r, long days, enum hours_region region,
                             const char **holiday)
{
    if (r->wrapped)
        days--;
    int y, m, d;
    date_from_days(days, &y, &m, &d);
    for (int g = 0; g < G_COUNT; g++) {
        const struct sel_list *l = &r->group[g];
        bool any = false;
        for (size_t i = 0; i < l->n; i++) {
            const char *name = NULL;
            if (sel_matches(&l->v[i], y, m, d, days, region, &name)) {
                any = true;
                if (name && !r->wrapped) /* the day before's holiday names nothing */
                    *holiday = name;
            }
        }
        if (l->n && !any)
            return false;
    }
    return true;
}

static bool time_matches(const struct rule *r, const struct time_sel *t, int minute)
{
    if (t->all_day)
        return true;
    if (r->wrapped)
        return minute < t->to;
    if (t->to > 1440)
        return minute >= t->from;
    return minute >= t->from && minute < t->to;
}

struct eval {
    enum hours_state state;
    const char *comment;
    bool carried; /* an open end started the day before ("We 18:00+" on Thursday night) */
};

/* The state at a minute of a day, as opening_hours.js's getStatePair computes it. */
static struct eval evaluate(const struct hours *h, enum hours_region region, long days,
                            int minute)
{
    /* The rules that apply that day: a rule with date selectors that opens (or says unknown)
     * replaces those before it, unless it is additional, a fallback or wrapped. */
    size_t start = 0;
    const char *holiday_name = NULL;
    size_t holiday_rule = SIZE_MAX;
    bool *matching = NULL;
    bool small[32];
    matching = h->n <= 32 ? small : malloc(h->n * sizeof *matching);
    if (!matching)
        return (struct eval){HOURS_UNKNOWN, NULL, false};
    for (size_t i = 0; i < h->n; i++) {
        const struct rule *r = &h->rules[i];
        const char *name = NULL;
        matching[i] = rule_matches_day(r, days, region, &name);
        if (name)
            holiday_name = name, holiday_rule = i;
        if (matching[i] &&
            (rule_has_date(r) || (i > 0 && r->meaning && !rule_has_date(&h->rules[i - 1]))) &&
            (r->meaning || r->unknown) && !r->wrapped && !r->additional && !r->fallback)
            start = i;
    }
    bool open = false, unknown = false, carried = false;
    size_t match = SIZE_MAX;
    const char *comment = NULL;
    size_t comment_rule = SIZE_MAX;
    if (holiday_name)
        comment = holiday_name, comment_rule = holiday_rule;
    for (size_t i = start; i < h->n; i++) {
        const struct rule *r = &h->rules[i];
        if (!matching[i])
            continue;
        if (!r->ntimes && (!r->fallback || !(open || unknown))) {
            open = r->meaning, unknown = r->unknown, match = i;
        }
        for (size_t k = 0; k < r->ntimes; k++) {
            if (!time_matches(r, &r->times[k], minute))
                continue;
            if (r->fallback && (open || unknown))
                continue;
            open = r->meaning, unknown = r->unknown, match = i, carried = false;
            if (comment == open_end_comment)
                comment = NULL;
            if (r->times[k].open_end && (open || unknown)) {
                comment = open_end_comment, comment_rule = i, carried = r->wrapped;
                open = false, unknown = true;
                /* As opening_hours.js: an open end followed by a range that has not begun
                 * ("07:00+,12:00-16:00") is closed after its first minute. */
                if (k + 1 < r->ntimes && !r->wrapped &&
                    !time_matches(r, &r->times[k + 1], minute) &&
                    time_matches(r, &r->times[k], minute ? minute - 1 : 1439))
                    open = false, unknown = false;
            }
        }
    }
    if (matching != small)
        free(matching);
    if (match != SIZE_MAX && h->rules[match].comment)
        comment = h->rules[match].comment;
    else if (comment_rule != match)
        comment = NULL;
    return (struct eval){open ? HOURS_OPEN : unknown ? HOURS_UNKNOWN : HOURS_CLOSED, comment,
                         carried && comment == open_end_comment};
}

enum hours_state hours_state_at(const struct hours *h, enum hours_region region,
                                const struct gu_datetime *at, const char **comment)
{
    struct eval e = evaluate(h, region, date_to_days(at->year, at->month, at->day),
                             at->hour * 60 + at->minute);
    if (comment)
        *comment = e.comment;
    return e.state;
}

bool hours_is_open(const struct hours *h, enum hours_region region, const struct gu_datetime *at)
{
    return hours_state_at(h, region, at, NULL) == HOURS_OPEN;
}

static int compare_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* The minutes of a day at which the state may change: midnight, every end of a time range, and
 * the minute after each (the open-end rule looks one minute back). A new sorted array. */
static int *change_minutes(const struct hours *h, size_t *count)
{
    size_t n = 0, cap = 2;
    for (size_t i = 0; i < h->n; i++)
        cap += 4 * h->rules[i].ntimes;
    int *v = malloc(cap * sizeof *v);
    if (!v)
        return NULL;
    v[n++] = 0;
    v[n++] = 1;
    for (size_t i = 0; i < h->n; i++)
        for (size_t k = 0; k < h->rules[i].ntimes; k++) {
            const struct time_sel *t = &h->rules[i].times[k];
            int ends[2] = {t->from % 1440, t->to % 1440};
            for (int e = 0; e < 2; e++) {
                v[n++] = ends[e];
                v[n++] = (ends[e] + 1) % 1440;
            }
        }
    qsort(v, n, sizeof *v, compare_int);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || v[u - 1] != v[i])
            v[u++] = v[i];
    *count = u;
    return v;
}

/* Whether the wall-clock minute t happens in the site's zone (clock_zone): false in the hour the
 * spring night skips. */
static bool wall_minute_exists(const struct gu_datetime *t)
{
    const char *zone = clock_zone();
    long long s;
    struct gu_datetime back;
    if (!date_to_instant(zone, t, &s) || !date_from_instant(zone, s, &back))
        return true; /* a zone without data: every minute is taken as it is */
    return datetime_compare(&back, t) == 0;
}

/* The first minute at or after t that happens (t itself, or the first minute after a gap). */
static struct gu_datetime first_real_minute(struct gu_datetime t)
{
    for (int step = 0; step < 24 * 60 && !wall_minute_exists(&t); step++) {
        long day = date_to_days(t.year, t.month, t.day);
        int minute = t.hour * 60 + t.minute + 1;
        if (minute == 1440)
            date_from_days(day + 1, &t.year, &t.month, &t.day), minute = 0;
        t.hour = minute / 60, t.minute = minute % 60;
    }
    return t;
}

bool hours_next_change(const struct hours *h, enum hours_region region,
                       const struct gu_datetime *at, int days, struct gu_datetime *next)
{
    long day0 = date_to_days(at->year, at->month, at->day);
    int minute0 = at->hour * 60 + at->minute;
    enum hours_state first = evaluate(h, region, day0, minute0).state;
    size_t n;
    int *minutes = change_minutes(h, &n);
    if (!minutes)
        return false;
    bool found = false;
    for (long day = day0; day < day0 + days && !found; day++)
        for (size_t i = 0; i < n && !found; i++) {
            if (day == day0 && minutes[i] <= minute0)
                continue;
            if (evaluate(h, region, day, minutes[i]).state == first)
                continue;
            struct gu_datetime t = {0};
            date_from_days(day, &t.year, &t.month, &t.day);
            t.hour = minutes[i] / 60, t.minute = minutes[i] % 60;
            /* A change in the hour the spring night skips happens at the first minute after
             * it, if the state there still differs: a range within the gap never happens. */
            struct gu_datetime real = first_real_minute(t);
            if (datetime_compare(&real, &t) != 0) {
                long rday = date_to_days(real.year, real.month, real.day);
                if (evaluate(h, region, rday, real.hour * 60 + real.minute).state == first)
                    continue;
            }
            *next = real;
            found = true;
        }
    free(minutes);
    return found;
}

const char *hours_comment_text(const char *comment)
{
    /* TRANSLATORS: hours written with an open end ("18:00+"): when it closes is not known. */
    return comment == open_end_comment ? _("closing time not given") : comment;
}

#define FR_PUBLIC_HOLIDAY 7 /* index after Monday 0 … Sunday 6 */

struct fr_range {
    short from, to; /* minutes since midnight; to < from: past midnight */
};

/* ---- Opening hours as French desks write them ----
 * The text is cut into tokens (words folded without accents or case, numbers, punctuation),
 * then read as clauses, each some days with their hours ("du lundi au vendredi 9h-12h, 14h-17h")
 * or their closing ("fermé le dimanche"). Clauses fill a week the way OpenStreetMap rules do, a
 * later one replacing what an earlier one said of its days, and the week is written back as
 * OpenStreetMap rules. Anything not understood is refused, quoting it: a wrong guess would send
 * people to a closed door. */

enum fr_kind { FR_WORD, FR_NUM, FR_DASH, FR_COLON, FR_DOT, FR_SLASH, FR_SEP, FR_END_RULE, FR_END };

struct fr_token {
    enum fr_kind kind;
    char *word;        /* FR_WORD: folded, owned */
    int num, digits;   /* FR_NUM: value (capped), number of digits */
    size_t start, end; /* bytes of the text it comes from, for messages */
};

struct fr_tokens {
    struct fr_token *t;
    size_t n, cap;
};

static void fr_tokens_free(struct fr_tokens *tk)
{
    for (size_t i = 0; i < tk->n; i++)
        free(tk->t[i].word);
    free(tk->t);
    tk->t = NULL;
    tk->n = tk->cap = 0;
}

/* The part [start, end) of text quoted in a message: a new string, cut by error_set when long. */
static int fr_error(struct gu_error *err, const char *fmt, const char *text, size_t start,
                    size_t end)
{
    char *part = strndup(text + start, end - start);
    if (!part)
        return error_nomem(err);
    /* fmt is one of the literal messages below, already translated. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    error_set(err, GU_INVALID, fmt, part);
#pragma GCC diagnostic pop
    free(part);
    return GU_INVALID;
}

static bool fr_push(struct fr_tokens *tk, struct fr_token token)
{
    if (tk->n == tk->cap) {
        size_t cap = tk->cap ? tk->cap * 2 : 32;
        struct fr_token *t = realloc(tk->t, cap * sizeof *t);
        if (!t) {
            free(token.word);
            return false;
        }
        tk->t = t;
        tk->cap = cap;
    }
    tk->t[tk->n++] = token;
    return true;
}

static bool fr_is_letter(ucs4_t c)
{
    return uc_is_alpha(c) || uc_is_general_category(c, UC_CATEGORY_M);
}

static int fr_tokenize(const char *text, struct fr_tokens *tk, struct gu_error *err)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        size_t step = k > 0 ? (size_t)k : 1;
        struct fr_token t = {.start = i, .end = i + step};
        if (c == ' ' || c == '\t' || text_is_space(c) || text_is_invisible(c)) {
            i += step;
            continue;
        }
        if (c >= '0' && c <= '9') {
            size_t j = i;
            t.kind = FR_NUM;
            for (; j < len && s[j] >= '0' && s[j] <= '9'; j++, t.digits++)
                t.num = t.num > 9999 ? 99999 : t.num * 10 + (s[j] - '0');
            t.end = j;
        } else if (fr_is_letter(c)) {
            size_t j = i + step;
            while (j < len) {
                ucs4_t d;
                int m = u8_mbtouc(&d, s + j, len - j);
                if (m <= 0 || !fr_is_letter(d))
                    break;
                j += (size_t)m;
            }
            char *raw = strndup(text + i, j - i);
            t.kind = FR_WORD;
            t.word = raw ? text_fold(raw) : NULL;
            free(raw);
            if (!t.word)
                return error_nomem(err);
            t.end = j;
        } else if (c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == '~')
            t.kind = FR_DASH;
        else if (c == ':')
            t.kind = FR_COLON;
        else if (c == '.')
            t.kind = FR_DOT;
        else if (c == '/')
            t.kind = FR_SLASH;
        else if (c == ',' || c == '+' || c == '&')
            t.kind = FR_SEP;
        else if (c == ';' || c == '\n' || c == '\r')
            t.kind = FR_END_RULE;
        else if (c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC) { /* l'après-midi */
            i += step;
            continue;
        } else
            return fr_error(err, _("\"%s\" was not understood"), text, i, i + step);
        if (!fr_push(tk, t))
            return error_nomem(err);
        i = t.end;
    }
    if (!fr_push(tk, (struct fr_token){.kind = FR_END, .start = len, .end = len}))
        return error_nomem(err);
    return GU_OK;
}

static bool fr_is(const struct fr_token *t, const char *word)
{
    return t->kind == FR_WORD && !strcmp(t->word, word);
}

static bool fr_is_any(const struct fr_token *t, const char *const *words)
{
    for (; *words; words++)
        if (fr_is(t, *words))
            return true;
    return false;
}

/* Words that only join the others ("le", "de", "et", "ouvert"…) or say nothing the hours do
 * not ("sans interruption", "en continu"): how many tokens from t, 0 when none. */
static size_t fr_filler(const struct fr_token *t)
{
    static const char *const words[] = {
        "le", "la", "les", "l", "de", "du", "d", "des", "et", "puis", "ouvert", "ouverte",
        "ouverts", "ouvertes", "ouverture", "horaire", "horaires", "uniquement", "seulement",
        "aussi", "egalement", "nonstop", NULL};
    if (fr_is_any(t, words))
        return 1;
    if ((fr_is(&t[0], "sans") && fr_is(&t[1], "interruption")) ||
        (fr_is(&t[0], "en") && fr_is(&t[1], "continu")))
        return 2;
    if (fr_is(&t[0], "non") && t[1].kind == FR_DASH && fr_is(&t[2], "stop"))
        return 3;
    return 0;
}

static bool fr_is_closed(const struct fr_token *t)
{
    static const char *const words[] = {"ferme", "fermee", "fermes", "fermees", "fermeture",
                                        "clos", "close", "closed", "off", NULL};
    return fr_is_any(t, words);
}

/* One weekday (0 Monday … 6 Sunday), in full, plural, abbreviated or as OpenStreetMap writes
 * it ("lundi", "lundis", "lun", "lu", "mo"); -1 otherwise. */
static int fr_weekday(const struct fr_token *t)
{
    static const char *const names[7][6] = {
        {"lundi", "lundis", "lun", "lu", "mo", NULL},
        {"mardi", "mardis", "mar", "ma", "tu", NULL},
        {"mercredi", "mercredis", "mer", "me", "we", NULL},
        {"jeudi", "jeudis", "jeu", "je", "th", NULL},
        {"vendredi", "vendredis", "ven", "ve", "fr", NULL},
        {"samedi", "samedis", "sam", "sa", NULL, NULL},
        {"dimanche", "dimanches", "dim", "di", "su", NULL},
    };
    for (int d = 0; d < 7; d++)
        if (fr_is_any(t, names[d]))
            return d;
    return -1;
}

#define FR_ALL_WEEK 0x7fu
#define FR_HOLIDAYS (1u << FR_PUBLIC_HOLIDAY)

/* Days at t[*i]: a weekday, a range of them ("du lundi au vendredi", "lun-ven", "Mo-Fr"), or a
 * set in words ("tous les jours", "en semaine", "le week-end", "jours fériés", "7j/7"). Sets
 * *days (bits: Monday 0 … Sunday 6, public holidays 7) and moves *i past them. */
static bool fr_days(const struct fr_token *t, size_t *i, unsigned *days)
{
    size_t j = *i;
    int first = fr_weekday(&t[j]);
    if (first >= 0) {
        j++;
        int last = -1;
        if ((t[j].kind == FR_DASH || fr_is(&t[j], "au") || fr_is(&t[j], "a")) &&
            (last = fr_weekday(&t[j + 1])) >= 0)
            j += 2;
        *days = 0;
        for (int d = first;; d = (d + 1) % 7) {
            *days |= 1u << d;
            if (last < 0 || d == last)
                break;
        }
        *i = j;
        return true;
    }
    static const char *const holidays[] = {"ferie", "feries", "ph", NULL};
    static const char *const day_words[] = {"jour", "jours", NULL};
    static const char *const ouvres[] = {"ouvre", "ouvres", NULL};
    static const char *const ouvrables[] = {"ouvrable", "ouvrables", NULL};
    if (fr_is_any(&t[j], holidays)) {
        *days = FR_HOLIDAYS, *i = j + 1;
        return true;
    }
    if (fr_is_any(&t[j], day_words)) {
        unsigned d = fr_is_any(&t[j + 1], holidays) ? FR_HOLIDAYS
                     : fr_is_any(&t[j + 1], ouvres) ? 0x1fu
                     : fr_is_any(&t[j + 1], ouvrables) ? 0x3fu
                                                        : 0;
        if (d)
            *days = d, *i = j + 2;
        return d != 0;
    }
    if (fr_is(&t[j], "tous") && fr_is(&t[j + 1], "les") && fr_is_any(&t[j + 2], day_words)) {
        *days = FR_ALL_WEEK, *i = j + 3;
        return true;
    }
    if ((fr_is(&t[j], "chaque") && fr_is(&t[j + 1], "jour")) ||
        (fr_is(&t[j], "toute") && fr_is(&t[j + 1], "la") && fr_is(&t[j + 2], "semaine"))) {
        *days = FR_ALL_WEEK, *i = j + (t[j].word[0] == 'c' ? 2 : 3);
        return true;
    }
    if (fr_is(&t[j], "tlj")) {
        *days = FR_ALL_WEEK, *i = j + 1;
        return true;
    }
    if (fr_is(&t[j], "semaine") || (fr_is(&t[j], "en") && fr_is(&t[j + 1], "semaine"))) {
        *days = 0x1fu, *i = j + (fr_is(&t[j], "en") ? 2 : 1);
        return true;
    }
    if (fr_is(&t[j], "weekend") || fr_is(&t[j], "weekends")) {
        *days = 0x60u, *i = j + 1;
        return true;
    }
    if (fr_is(&t[j], "week") && t[j + 1].kind == FR_DASH &&
        (fr_is(&t[j + 2], "end") || fr_is(&t[j + 2], "ends"))) {
        *days = 0x60u, *i = j + 3;
        return true;
    }
    /* 7j/7, 7 jours sur 7, 7/7 */
    if (t[j].kind == FR_NUM && t[j].num == 7) {
        size_t m = j + 1;
        if (fr_is(&t[m], "j") || fr_is_any(&t[m], day_words))
            m++;
        if ((t[m].kind == FR_SLASH || fr_is(&t[m], "sur")) && t[m + 1].kind == FR_NUM &&
            t[m + 1].num == 7) {
            *days = FR_ALL_WEEK, *i = m + 2;
            return true;
        }
    }
    return false;
}

/* A time of day at t[*i]: "9", "9h", "9 h 30", "9h30", "09:30", "9.30", "midi", "minuit".
 * 1 with *minutes set and *i moved past it; 0 when there is none; -1 when it is not a time of
 * day ("25h", "9h75"). */
static int fr_time(const struct fr_token *t, size_t *i, int *minutes)
{
    size_t j = *i;
    if (fr_is(&t[j], "midi") || fr_is(&t[j], "minuit")) {
        *minutes = fr_is(&t[j], "midi") ? 720 : 0;
        *i = j + 1;
        return 1;
    }
    if (t[j].kind != FR_NUM || t[j].digits > 2)
        return 0;
    int h = t[j++].num, m = 0;
    if (fr_is(&t[j], "h") || fr_is(&t[j], "heure") || fr_is(&t[j], "heures")) {
        j++;
        /* Minutes: "9h30", "9 h 30"; but in "12h 14h-18h" the 14 is the next time. */
        if (t[j].kind == FR_NUM && t[j].digits == 2 &&
            (t[j].start == t[j - 1].end ||
             !(fr_is(&t[j + 1], "h") || fr_is(&t[j + 1], "heures") || t[j + 1].kind == FR_COLON)))
            m = t[j++].num;
    } else if ((t[j].kind == FR_COLON || t[j].kind == FR_DOT) && t[j + 1].kind == FR_NUM &&
               t[j + 1].digits == 2) {
        m = t[j + 1].num;
        j += 2;
    }
    *i = j;
    if (h > 24 || m > 59 || (h == 24 && m))
        return -1;
    *minutes = h * 60 + m;
    return 1;
}

/* "24h/24", "24 h sur 24", "24/24": the whole day. */
static bool fr_whole_day(const struct fr_token *t, size_t *i)
{
    size_t j = *i;
    if (t[j].kind != FR_NUM || t[j].num != 24)
        return false;
    j++;
    if (fr_is(&t[j], "h") || fr_is(&t[j], "heures"))
        j++;
    if ((t[j].kind == FR_SLASH || fr_is(&t[j], "sur")) && t[j + 1].kind == FR_NUM &&
        t[j + 1].num == 24) {
        *i = j + 2;
        return true;
    }
    return false;
}

/* A time range at t[*i]: "9h-12h", "de 9h à 12h", "entre 9h et 12h", "9h jusqu'à 12h", "9-12".
 * 1 with the range (to may be before from: past midnight); 0 when t[*i] starts no time; -1 with
 * err set when it starts one that is not a range. */
static int fr_range(const struct fr_token *t, size_t *i, const char *text, int *from, int *to,
                    struct gu_error *err)
{
    size_t j = *i, start = t[j].start;
    bool between = fr_is(&t[j], "entre");
    if (between)
        j++;
    size_t time_start = j;
    int r = fr_time(t, &j, from);
    if (r == 0 && !between)
        return 0;
    if (r == 0) {
        fr_error(err, _("\"%s\" was not understood"), text, start, t[*i].end);
        return -1;
    }
    if (r < 0) {
        fr_error(err, _("\"%s\" is not a time of day"), text, t[time_start].start, t[j - 1].end);
        return -1;
    }
    if (t[j].kind == FR_DASH || fr_is(&t[j], "a") || fr_is(&t[j], "au") ||
        (between && fr_is(&t[j], "et")))
        j++;
    else if (fr_is(&t[j], "jusqu") && fr_is(&t[j + 1], "a"))
        j += 2;
    else {
        fr_error(err, _("\"%s\": a time needs an end, as in 9h-12h"), text, start, t[j - 1].end);
        return -1;
    }
    size_t end_start = j;
    r = fr_time(t, &j, to);
    if (r < 0) {
        fr_error(err, _("\"%s\" is not a time of day"), text, t[end_start].start, t[j - 1].end);
        return -1;
    }
    if (r == 0) {
        fr_error(err, _("\"%s\": a time needs an end, as in 9h-12h"), text, start,
                 t[end_start - 1].end);
        return -1;
    }
    if (*to == 0)
        *to = 1440; /* "22h-minuit", "18h-0h" */
    /* Past midnight ("20h-2h") from the evening into the night; "12h-10h" is a slip. */
    if (*from == *to || (*to < *from && (*from < 18 * 60 || *to > 8 * 60))) {
        fr_error(err, _("\"%s\": the hours end before they begin"), text, start, t[j - 1].end);
        return -1;
    }
    *i = j;
    return 1;
}

/* One clause being read: days, then hours or a closing (in either order). */
enum fr_last { FR_LAST_NONE, FR_LAST_DAYS, FR_LAST_TIMES, FR_LAST_CLOSED, FR_LAST_QUALIFIER };
struct fr_clause {
    unsigned days;
    bool has_days, closed, qualifier;
    size_t first; /* its ranges: n of them from first in the week's pool */
    int n;
    enum fr_last last;
    bool content_first; /* "fermé le dimanche": the closing or hours came before the days */
    size_t start, end, qualifier_start, qualifier_end; /* its text, for messages */
    bool started;
};

/* The week as the clauses leave it: per day, nothing said, closed, or open with ranges. */
enum fr_state { FR_UNSAID, FR_CLOSED, FR_OPEN };
struct fr_week {
    enum fr_state state[8];
    size_t first[8]; /* each day's ranges: n of them from first in pool */
    int n[8];
    struct fr_range *pool; /* every range read, in order (to < from: past midnight); owned */
    size_t npool, cappool;
};

/* The clause's text runs from its first token (or the filler words just before it, such as the
 * "du" of "du lundi") to its last. */
static void fr_span(struct fr_clause *c, size_t lead, const struct fr_token *from,
                    const struct fr_token *to)
{
    if (!c->started)
        c->start = lead < from->start ? lead : from->start, c->started = true;
    c->end = to->end;
}

/* After the days of a clause that said its hours or closing first ("fermé le dimanche"), more
 * days are more of the same ("… et le lundi") unless hours or a closing of their own follow
 * them ("…, lundi 9h-12h"). */
static bool fr_days_have_their_own(const struct fr_token *t, size_t i)
{
    unsigned days;
    while (t[i].kind != FR_END && t[i].kind != FR_END_RULE) {
        size_t next = i;
        if (fr_days(t, &next, &days))
            i = next;
        else if (t[i].kind != FR_WORD && t[i].kind != FR_NUM)
            i++;
        else if (fr_filler(&t[i]))
            i += fr_filler(&t[i]);
        else
            break;
    }
    size_t j = i;
    int minutes;
    return fr_is_closed(&t[i]) || fr_time(t, &j, &minutes) != 0 || fr_whole_day(t, &j) ||
           fr_is(&t[i], "entre") || fr_is(&t[i], "matin") || fr_is(&t[i], "apres");
}

static int fr_commit(struct fr_clause *c, struct fr_week *w, const char *text,
                     struct gu_error *err)
{
    struct fr_clause done = *c;
    *c = (struct fr_clause){0};
    if (!done.has_days && !done.n && !done.closed && !done.qualifier)
        return GU_OK;
    if (done.qualifier && !done.n)
        return fr_error(err, _("\"%s\": say the hours, as in 9h-12h"), text,
                        done.qualifier_start, done.qualifier_end);
    if (!done.n && !done.closed)
        return fr_error(err, _("\"%s\": say the hours, as in 9h-12h, or fermé"), text,
                        done.start, done.end);
    unsigned days = done.has_days ? done.days : FR_ALL_WEEK;
    if (!days)
        return fr_error(err, _("\"%s\": no day is left"), text, done.start, done.end);
    for (int d = 0; d < 8; d++) {
        if (!(days & (1u << d)))
            continue;
        w->state[d] = done.closed ? FR_CLOSED : FR_OPEN;
        w->n[d] = done.closed ? 0 : done.n;
        w->first[d] = done.first;
    }
    return GU_OK;
}

/* "Mo-Fr", "Mo,We,Fr", "Sa,Su": runs of three days or more as ranges. */
static void fr_write_days(struct strbuf *b, unsigned days)
{
    const char *sep = "";
    for (int d = 0; d < 7; d++) {
        if (!(days & (1u << d)))
            continue;
        int e = d;
        while (e + 1 < 7 && (days & (1u << (e + 1))))
            e++;
        if (e - d >= 2)
            strbuf_printf(b, "%s%s-%s", sep, day_codes[d], day_codes[e]);
        else
            for (int k = d; k <= e; k++, sep = ",")
                strbuf_printf(b, "%s%s", sep, day_codes[k]);
        sep = ",";
        d = e;
    }
}

static void fr_write_ranges(struct strbuf *b, const struct fr_week *w, int d)
{
    if (w->state[d] == FR_CLOSED) {
        strbuf_puts(b, "off");
        return;
    }
    for (int i = 0; i < w->n[d]; i++) {
        const struct fr_range *r = &w->pool[w->first[d] + (size_t)i];
        strbuf_printf(b, "%s%02d:%02d-%02d:%02d", i ? "," : "", r->from / 60, r->from % 60,
                      r->to / 60, r->to % 60);
    }
}

static bool fr_same_day(const struct fr_week *w, int a, int b)
{
    return w->state[a] == w->state[b] && w->n[a] == w->n[b] &&
           (!w->n[a] ||
            !memcmp(w->pool + w->first[a], w->pool + w->first[b], (size_t)w->n[a] * sizeof *w->pool));
}

/* The week as OpenStreetMap rules: days with the same hours together, open days first, then
 * closed ones, public holidays last (so that they win, as in opening_hours.js). */
static char *fr_week_to_osm(const struct fr_week *w)
{
    bool all_day = w->state[FR_PUBLIC_HOLIDAY] == FR_UNSAID;
    for (int d = 0; d < 7 && all_day; d++)
        all_day = w->state[d] == FR_OPEN && w->n[d] == 1 && w->pool[w->first[d]].from == 0 &&
                  w->pool[w->first[d]].to == 1440;
    struct strbuf b = STRBUF_INIT;
    if (all_day) {
        strbuf_puts(&b, "24/7");
        return strbuf_finish(&b);
    }
    bool written[7] = {false};
    for (int pass = 0; pass < 2; pass++)
        for (int d = 0; d < 7; d++) {
            if (written[d] || w->state[d] != (pass == 0 ? FR_OPEN : FR_CLOSED))
                continue;
            unsigned days = 0;
            for (int e = d; e < 7; e++)
                if (!written[e] && fr_same_day(w, d, e)) {
                    days |= 1u << e;
                    written[e] = true;
                }
            strbuf_puts(&b, b.len ? "; " : "");
            fr_write_days(&b, days);
            strbuf_putc(&b, ' ');
            fr_write_ranges(&b, w, d);
        }
    if (w->state[FR_PUBLIC_HOLIDAY] != FR_UNSAID) {
        strbuf_puts(&b, b.len ? "; PH " : "PH ");
        fr_write_ranges(&b, w, FR_PUBLIC_HOLIDAY);
    }
    return strbuf_finish(&b);
}

static int fr_read(const char *text, const struct fr_tokens *tk, struct fr_week *w,
                   struct gu_error *err)
{
    const struct fr_token *t = tk->t;
    struct fr_clause c = {0};
    bool except = false;
    size_t lead = SIZE_MAX; /* where the filler words before the next token begin */
    static const char *const excepts[] = {"sauf", "excepte", "hors", NULL};
    static const char *const qualifiers[] = {"matin", "matins", "matinee", "soir", "soirs",
                                             "soiree", "aprem", NULL};
    for (size_t i = 0; t[i].kind != FR_END;) {
        const struct fr_token *k = &t[i];
        size_t next = i;
        unsigned days;
        int from = 0, to = 0;
        if (k->kind == FR_END_RULE) {
            if (fr_commit(&c, w, text, err))
                return GU_INVALID;
            except = false;
            lead = SIZE_MAX;
            i++;
            continue;
        }
        if (k->kind != FR_WORD && k->kind != FR_NUM) {
            i++; /* ", : / - ." between words only separate them */
            lead = SIZE_MAX;
            continue;
        }
        if (fr_filler(k)) {
            lead = lead == SIZE_MAX ? k->start : lead;
            i += fr_filler(k);
            continue;
        }
        size_t before = lead;
        lead = SIZE_MAX;
        if (fr_is_any(k, excepts)) {
            except = true;
            i++;
        } else if (fr_is_closed(k)) {
            except = false;
            if ((c.n || c.closed) && fr_commit(&c, w, text, err))
                return GU_INVALID;
            c.closed = true;
            c.last = FR_LAST_CLOSED;
            fr_span(&c, before, k, k);
            i++;
        } else if (fr_is_any(k, qualifiers) ||
                   (fr_is(k, "apres") && (fr_is(&t[i + 1], "midi") ||
                                          (t[i + 1].kind == FR_DASH && fr_is(&t[i + 2], "midi"))))) {
            /* "samedi matin 9h-12h": the morning says nothing the hours do not say. */
            next = fr_is(k, "apres") ? i + (t[i + 1].kind == FR_DASH ? 3 : 2) : i + 1;
            except = false;
            if (!c.qualifier)
                c.qualifier_start = k->start, c.qualifier_end = t[next - 1].end;
            c.qualifier = true;
            if (!c.n && !c.closed)
                c.last = FR_LAST_QUALIFIER;
            fr_span(&c, before, k, &t[next - 1]);
            i = next;
        } else if (fr_days(t, &next, &days)) {
            if (except) {
                if (c.n || c.closed) { /* "tous les jours 9h-18h sauf le dimanche" */
                    if (fr_commit(&c, w, text, err))
                        return GU_INVALID;
                    c.days = days, c.has_days = true, c.closed = true;
                } else { /* "tous les jours sauf le dimanche, 9h-18h" */
                    if (!c.has_days)
                        c.days = FR_ALL_WEEK, c.has_days = true;
                    c.days &= ~days;
                }
            } else if (c.has_days && c.last == FR_LAST_DAYS &&
                       !(c.content_first && fr_days_have_their_own(t, i)))
                c.days |= days; /* "mardi et jeudi" */
            else if (c.has_days) {
                if (fr_commit(&c, w, text, err))
                    return GU_INVALID;
                c.days = days, c.has_days = true;
            } else {
                c.content_first = c.n || c.closed;
                c.days = days, c.has_days = true;
            }
            c.last = FR_LAST_DAYS;
            fr_span(&c, before, k, &t[next - 1]);
            i = next;
        } else {
            bool whole_day = fr_whole_day(t, &next);
            int r = whole_day ? 1 : fr_range(t, &next, text, &from, &to, err);
            if (r < 0)
                return GU_INVALID;
            if (r == 0) { /* quoted with the words that go with it: "sur rendez-vous" */
                size_t end = i + 1;
                while (t[end].kind == FR_WORD ||
                       (t[end].kind == FR_DASH && t[end + 1].kind == FR_WORD))
                    end++;
                return fr_error(err, _("\"%s\" was not understood"), text, k->start,
                                t[end - 1].end);
            }
            if (whole_day)
                from = 0, to = 1440;
            except = false;
            if (!(c.n && c.last == FR_LAST_TIMES) && (c.n || c.closed) &&
                fr_commit(&c, w, text, err))
                return GU_INVALID;
            /* A clause's ranges follow each other in the pool: nothing else is read between. */
            if (!grow((void **)&w->pool, &w->cappool, w->npool, sizeof *w->pool))
                return error_nomem(err);
            if (!c.n)
                c.first = w->npool;
            w->pool[w->npool++] = (struct fr_range){(short)from, (short)to};
            c.n++;
            c.last = FR_LAST_TIMES;
            fr_span(&c, before, k, &t[next - 1]);
            i = next;
        }
    }
    return fr_commit(&c, w, text, err);
}

/* Whether every word of text (outside comments) is one of OpenStreetMap's syntax: hours
 * written in it ("Feb 30 off", "PH +1 day off"), whose refusal is best told by hours_parse,
 * naming the part in its terms, rather than by the French reader. */
static bool hours_looks_like_osm(const char *text)
{
    static const char *const words[] = {"PH", "SH", "easter", "week", "day", "days", "off",
                                        "closed", "open", "unknown", "sunrise", "sunset",
                                        "dawn", "dusk"};
    bool any = false;
    for (const char *c = text; *c;) {
        if (*c == '"') {
            const char *end = strchr(c + 1, '"');
            if (!end) /* an unclosed comment: told with the hours around it */
                return true;
            c = end + 1;
            continue;
        }
        if (!isalpha((unsigned char)*c)) {
            if ((unsigned char)*c >= 0x80) /* an accented letter: French */
                return false;
            c++;
            continue;
        }
        size_t len = 0;
        while (isalpha((unsigned char)c[len]))
            len++;
        bool known = false;
        for (size_t i = 0; i < 7 && !known; i++)
            known = len == 2 && !strncmp(c, day_codes[i], 2);
        for (size_t i = 0; i < 12 && !known; i++)
            known = len == 3 && !strncmp(c, month_codes[i], 3);
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !known; i++)
            known = len == strlen(words[i]) && !strncmp(c, words[i], len);
        if (!known)
            return false;
        any = true;
        c += len;
    }
    /* No word at all but a time as OpenStreetMap writes it ("10:00-12:00/01:00"): the part
     * its parser names is the right one. */
    return any || strchr(text, ':');
}

int hours_from_french(const char *text, char **osm, struct gu_error *err)
{
    *osm = NULL;
    struct hours *h = NULL;
    struct gu_error osm_err;
    if (hours_parse(text, &h, &osm_err) == GU_OK) { /* OpenStreetMap already: kept as typed */
        hours_free(h);
        return text_copy(osm, text) ? error_nomem(err) : GU_OK;
    }
    struct fr_tokens tk = {0};
    struct fr_week w;
    memset(&w, 0, sizeof w); /* every day FR_UNSAID */
    int status = fr_tokenize(text, &tk, err);
    if (!status)
        status = fr_read(text, &tk, &w, err);
    fr_tokens_free(&tk);
    bool said = false;
    for (int d = 0; d < 8; d++)
        said = said || w.state[d] != FR_UNSAID;
    char *result = NULL;
    if (!status && !said)
        status = error_set(err, GU_INVALID, "%s",
                           _("no opening hours were understood; write for example: du lundi au "
                             "vendredi 9h-12h, 14h-17h"));
    if (!status && !(result = fr_week_to_osm(&w)))
        status = error_nomem(err);
    free(w.pool);
    /* The rules written are checked by the one parser that reads them back. */
    if (!status && hours_parse(result, &h, err))
        status = GU_INVALID;
    hours_free(h);
    if (status) {
        free(result);
        if (status == GU_INVALID && osm_err.status == GU_INVALID && hours_looks_like_osm(text))
            *err = osm_err;
        return status;
    }
    *osm = result;
    return GU_OK;
}

/* ---- Status and the week, as the card shows them ---- */

/* Opening hours are written as every time of guichet: "9 h", "9 h 30" in French, ranges
 * "9 h – 12 h"; 24:00 (the end of a day) stays itself. */
static void hours_format_clock(char *buf, size_t size, int minutes)
{
    i18n_format_time(buf, size, minutes / 60, minutes % 60);
}

#define comment_text hours_comment_text

/* The next time after at when the place opens, or starts an open end ("18:00+": open, closing
 * time not given), within HOURS_OPENING_SEARCH_DAYS days: seasonal closures and yearly dates
 * included. */
#define HOURS_OPENING_SEARCH_DAYS 400
static bool next_opening(const struct hours *h, enum hours_region region,
                         const struct gu_datetime *at, struct gu_datetime *when)
{
    struct gu_datetime t = *at;
    long last = date_to_days(at->year, at->month, at->day) + HOURS_OPENING_SEARCH_DAYS;
    for (;;) {
        long day = date_to_days(t.year, t.month, t.day);
        if (day >= last || !hours_next_change(h, region, &t, (int)(last - day), &t))
            return false;
        const char *comment = NULL;
        enum hours_state state = hours_state_at(h, region, &t, &comment);
        if (state == HOURS_OPEN || (state == HOURS_UNKNOWN && comment == open_end_comment)) {
            *when = t;
            return true;
        }
    }
}

char *hours_status(const struct hours *h, enum hours_region region, const struct gu_datetime *at)
{
    const char *comment = NULL;
    enum hours_state state = hours_state_at(h, region, at, &comment);
    struct gu_datetime next;
    char time[32];
    struct strbuf b = STRBUF_INIT;
    if (state == HOURS_OPEN) {
        if (!hours_next_change(h, region, at, 8, &next))
            strbuf_puts(&b, _("Open now"));
        else if (next.hour == 0 && next.minute == 0)
            strbuf_puts(&b, _("Open now, until midnight"));
        else {
            hours_format_clock(time, sizeof time, next.hour * 60 + next.minute);
            strbuf_printf(&b, _("Open now, until %s"), time);
        }
    } else if (state == HOURS_UNKNOWN) {
        /* TRANSLATORS: the hours do not say whether the place is open now. */
        strbuf_puts(&b, _("Open or closed: unknown"));
    } else if (!next_opening(h, region, at, &next)) {
        strbuf_puts(&b, _("Closed"));
    } else {
        hours_format_clock(time, sizeof time, next.hour * 60 + next.minute);
        long days = date_to_days(next.year, next.month, next.day) -
                    date_to_days(at->year, at->month, at->day);
        if (days == 0)
            strbuf_printf(&b, _("Closed; opens today at %s"), time);
        else if (days == 1)
            strbuf_printf(&b, _("Closed; opens tomorrow at %s"), time);
        else if (days < 7)
            /* TRANSLATORS: weekday name, time ("Fermé ; ouvre mardi à 9 h"). */
            strbuf_printf(&b, _("Closed; opens %1$s at %2$s"),
                          i18n_weekday_name(date_weekday(next.year, next.month, next.day)), time);
        else {
            /* A week or more away: the weekday alone would be read as this week's. */
            char day[16];
            i18n_format_day_of_month(day, sizeof day, next.day);
            /* TRANSLATORS: weekday name, day of the month, month name, time: "Closed; opens on
             * Wednesday 1 September at 9:00" (French: "Fermé ; ouvre le mercredi 1er
             * septembre à 9 h"). */
            /* A year or more ahead, the day and month alone would name an earlier date (on 25
             * December, "25 December" is read as today): the year is given. */
            bool year_given = date_to_days(next.year, next.month, next.day) >=
                              date_to_days(at->year + 1, at->month, at->day);
            const char *weekday = i18n_weekday_name(date_weekday(next.year, next.month, next.day));
            if (!year_given)
                strbuf_printf(&b, _("Closed; opens on %1$s %2$s %3$s at %4$s"), weekday, day,
                              i18n_month_name(next.month), time);
            else
                /* TRANSLATORS: as "Closed; opens on Wednesday 1 September at 9:00", with the
                 * year (%4$d): a date a year or so away, "Closed; opens on Saturday 25
                 * December 2027 at 10:00". */
                strbuf_printf(&b, _("Closed; opens on %1$s %2$s %3$s %4$d at %5$s"), weekday, day,
                              i18n_month_name(next.month), next.year, time);
        }
    }
    if (comment) /* a dash, as the status is often shown in parentheses */
        strbuf_printf(&b, " \u2013 %s", comment_text(comment));
    return strbuf_finish(&b);
}

char *hours_describe_date(const struct hours *h, enum hours_region region, int year, int month,
                          int day)
{
    if (!date_is_valid(year, month, day))
        return NULL;
    bool french = i18n_is_french();
    long days = date_to_days(year, month, day);
    struct strbuf b = STRBUF_INIT;
    strbuf_puts(&b, i18n_weekday_name(date_weekday(year, month, day)));
    if (date_is_public_holiday(year, month, day, region, NULL))
        /* TRANSLATORS: after a weekday on the card: that day is a public holiday. */
        strbuf_printf(&b, " (%s)", _("public holiday"));
    strbuf_puts(&b, french ? "\u00a0: " : ": ");
    /* The day's ranges as the rules make them, whatever they depend on: the state can only
     * change at the minutes change_minutes lists. */
    size_t n;
    int *minutes = change_minutes(h, &n);
    if (!minutes) {
        strbuf_release(&b);
        return NULL;
    }
    /* A day shorter than 24 hours (the spring night) skips minutes: a change there is at the
     * first minute after the gap, and hours inside it do not happen. */
    bool short_day = false;
    {
        struct gu_datetime midnight = {year, month, day, 0, 0}, next_midnight = {0};
        date_from_days(days + 1, &next_midnight.year, &next_midnight.month, &next_midnight.day);
        long long a, z;
        short_day = date_to_instant(clock_zone(), &midnight, &a) &&
                    date_to_instant(clock_zone(), &next_midnight, &z) && z - a < 86400;
    }
    struct eval prev = evaluate(h, region, days, 0);
    int from = 0, ranges = 0;
    for (size_t i = 1; i <= n; i++) {
        int minute = i < n ? minutes[i] : 1440;
        if (short_day && minute < 1440) {
            struct gu_datetime t = {year, month, day, minute / 60, minute % 60};
            struct gu_datetime real = first_real_minute(t);
            if (datetime_compare(&real, &t) != 0)
                minute = real.day == day ? real.hour * 60 + real.minute : 1440;
        }
        struct eval e = minute < 1440 ? evaluate(h, region, days, minute)
                                      : (struct eval){HOURS_CLOSED, NULL, false};
        if (e.state == prev.state && e.comment == prev.comment && e.carried == prev.carried &&
            minute < 1440)
            continue;
        bool open_end = prev.state == HOURS_UNKNOWN && prev.comment == open_end_comment;
        if (open_end && prev.carried) {
            /* The night after an open end ("We 18:00+" on Thursday): its closing time is not
             * known, so no hours are made up for it; the day before tells it. */
        } else if (open_end) {
            /* "18 h, closing time not given": its start alone, on its day. */
            char a[32];
            hours_format_clock(a, sizeof a, from);
            if (ranges)
                strbuf_puts(&b, ", ");
            /* TRANSLATORS: on the card, hours with an open end ("18:00+"): its start time
             * (French: "18 h, fermeture non précisée"). */
            strbuf_printf(&b, _("%s, closing time not given"), a);
            ranges++;
        } else if (prev.state != HOURS_CLOSED) {
            if (prev.state == HOURS_OPEN && from == 0 && minute == 1440 && !prev.comment)
                /* TRANSLATORS: a day open round the clock (French: "ouvert 24 h sur 24"). */
                strbuf_puts(&b, _("open all day"));
            else {
                char a[32], z[32];
                hours_format_clock(a, sizeof a, from);
                hours_format_clock(z, sizeof z, minute);
                strbuf_printf(&b, "%s%s%s%s", ranges ? ", " : "", a, french ? " \u2013 " : "\u2013",
                              z);
            }
            if (prev.state == HOURS_UNKNOWN && prev.comment)
                strbuf_printf(&b, " (%s)", comment_text(prev.comment));
            else if (prev.state == HOURS_UNKNOWN)
                /* TRANSLATORS: hours of a day when the place may or may not be open. */
                strbuf_printf(&b, " (%s)", _("unknown"));
            else if (prev.comment)
                strbuf_printf(&b, " (%s)", prev.comment);
            ranges++;
        }
        prev = e;
        from = minute;
    }
    free(minutes);
    if (!ranges)
        /* TRANSLATORS: a day without opening hours (French: "fermé"). */
        strbuf_puts(&b, _("closed"));
    return strbuf_finish(&b);
}
