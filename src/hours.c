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

static const char *const day_codes[8] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH"};

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

bool date_is_public_holiday(int year, int month, int day)
{
    static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11},
                                   {12, 25}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i][0] == month && fixed[i][1] == day)
            return true;
    long d = date_to_days(year, month, day), e = easter(year);
    return d == e + 1 || d == e + 39 || d == e + 50; /* Easter Monday, Ascension, Whit Monday */
}

static int parse_error(struct gu_error *err, const char *text, const char *why)
{
    return error_set(err, GU_INVALID, _("opening hours \"%s\": %s"), text, why);
}

static void skip_spaces(const char **p)
{
    while (**p == ' ')
        (*p)++;
}

static int day_code(const char *p)
{
    for (int i = 0; i < 8; i++)
        if (!strncmp(p, day_codes[i], 2))
            return i;
    return -1;
}

/* "09:00" (or "24:00") into minutes. */
static bool parse_time(const char **p, int *minutes)
{
    const char *s = *p;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
        return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m))
        return false;
    *minutes = h * 60 + m;
    *p = s + 5;
    return true;
}

/* Adds [from, to) to day, splitting a range that runs past midnight onto the next day. */
static bool add_range(struct opening_hours *h, int day, int from, int to)
{
    if (to <= from) { /* overnight: 22:00-02:00 */
        if (day < 7 && !add_range(h, (day + 1) % 7, 0, to))
            return false;
        to = 1440;
    }
    if (h->count[day] == HOURS_MAX_RANGES || from == to)
        return from == to;
    h->days[day][h->count[day]++] = (struct hours_range){(short)from, (short)to};
    return true;
}

int hours_parse(const char *text, struct opening_hours *out, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    skip_spaces(&p);
    if (!strcmp(p, "24/7")) {
        for (int d = 0; d < 8; d++)
            add_range(out, d, 0, 1440);
        return GU_OK;
    }
    if (!*p)
        return parse_error(err, text, _("empty"));
    while (*p) {
        bool days[8] = {false};
        bool any_day = false;
        skip_spaces(&p);
        /* Weekday selector: Mo-Fr,Su,PH */
        while (day_code(p) >= 0) {
            int first = day_code(p), last = first;
            p += 2;
            if (*p == '-' && first < 7) {
                last = day_code(p + 1);
                if (last < 0 || last == 7)
                    return parse_error(err, text, _("a day range must end with a weekday"));
                p += 3;
            }
            for (int d = first;; d = (d + 1) % 7) {
                days[d] = true;
                if (d == last || first == 7)
                    break;
            }
            any_day = true;
            if (*p != ',' || day_code(p + 1) < 0)
                break;
            p++;
        }
        if (!any_day)
            for (int d = 0; d < 7; d++)
                days[d] = true;
        skip_spaces(&p);
        /* Times, "off"/"closed", or nothing (open all day). */
        struct opening_hours rule;
        memset(&rule, 0, sizeof rule);
        bool closed = false;
        if (!strncmp(p, "off", 3) || !strncmp(p, "closed", 6)) {
            p += p[0] == 'o' ? 3 : 6;
            closed = true;
        } else if (*p == ';' || !*p) {
            if (!any_day)
                return parse_error(err, text, _("a rule needs days or times"));
            for (int d = 0; d < 8; d++)
                add_range(&rule, d, 0, 1440);
        } else {
            for (;;) {
                int from, to;
                if (!parse_time(&p, &from) || *p++ != '-' || !parse_time(&p, &to))
                    return parse_error(err, text, _("expected times like 09:00-12:00"));
                for (int d = 0; d < 8; d++)
                    if (days[d] && !add_range(&rule, d, from, to == 0 ? 1440 : to))
                        return parse_error(err, text, _("too many time ranges in a day"));
                if (*p != ',')
                    break;
                p++;
            }
        }
        /* This rule replaces what earlier ones said about its days. */
        for (int d = 0; d < 8; d++) {
            if (!days[d])
                continue;
            out->count[d] = 0;
            if (d == HOURS_PUBLIC_HOLIDAY)
                out->holiday_rule = true;
            for (int i = 0; !closed && i < rule.count[d]; i++)
                if (!add_range(out, d, rule.days[d][i].from, rule.days[d][i].to))
                    return parse_error(err, text, _("too many time ranges in a day"));
        }
        /* An overnight range spills onto the next day. */
        for (int d = 0; d < 7 && !closed; d++)
            if (!days[d] && rule.count[d])
                for (int i = 0; i < rule.count[d]; i++)
                    add_range(out, d, rule.days[d][i].from, rule.days[d][i].to);
        skip_spaces(&p);
        if (*p == ';')
            p++;
        else if (*p)
            return parse_error(err, text, _("unexpected text; only days, times, PH and off are "
                                            "understood"));
    }
    return GU_OK;
}

/* The ranges that apply on a date. */
static int ranges_for(const struct opening_hours *h, int y, int m, int d,
                      const struct hours_range **ranges)
{
    int index = h->holiday_rule && date_is_public_holiday(y, m, d) ? HOURS_PUBLIC_HOLIDAY
                                                                    : date_weekday(y, m, d);
    *ranges = h->days[index];
    return h->count[index];
}

bool hours_is_open(const struct opening_hours *h, const struct gu_datetime *at)
{
    const struct hours_range *r;
    int n = ranges_for(h, at->year, at->month, at->day, &r), now = at->hour * 60 + at->minute;
    for (int i = 0; i < n; i++)
        if (now >= r[i].from && now < r[i].to)
            return true;
    return false;
}

static struct gu_datetime at_minutes(long day, int minutes)
{
    struct gu_datetime t;
    date_from_days(day + minutes / 1440, &t.year, &t.month, &t.day);
    minutes %= 1440;
    t.hour = minutes / 60, t.minute = minutes % 60;
    return t;
}

/* Scans forward minute by minute (two weeks is 20,160 cheap checks), with each day's ranges
 * looked up once: simple enough to be obviously right across midnight, weeks and holidays. */
bool hours_next_change(const struct opening_hours *h, const struct gu_datetime *at,
                       struct gu_datetime *next_opening, struct gu_datetime *until)
{
    long start_day = date_to_days(at->year, at->month, at->day);
    long start = start_day * 1440 + at->hour * 60 + at->minute;
    bool was_open = hours_is_open(h, at);
    long cached_day = -1;
    const struct hours_range *r = NULL;
    int n = 0;
    for (long t = start + 1; t <= start + 14L * 1440; t++) {
        long day = t / 1440;
        int minute = (int)(t % 1440);
        if (day != cached_day) {
            int y, m, d;
            date_from_days(day, &y, &m, &d);
            n = ranges_for(h, y, m, d, &r);
            cached_day = day;
        }
        bool open = false;
        for (int i = 0; i < n && !open; i++)
            open = minute >= r[i].from && minute < r[i].to;
        if (was_open && !open)
            *until = at_minutes(day, minute);
        if (!was_open && open) {
            *next_opening = at_minutes(day, minute);
            return true;
        }
        was_open = open;
    }
    return false;
}

static void hours_format_clock(char *buf, size_t size, int minutes);

void hours_status(const struct opening_hours *h, const struct gu_datetime *at, char *buf,
                  size_t size)
{
    struct gu_datetime next, until = {0};
    bool open = hours_is_open(h, at);
    bool has_next = hours_next_change(h, at, &next, &until);
    char time[32];
    if (open && until.year == 0) { /* never closes in the next two weeks */
        snprintf(buf, size, "%s", _("Open now"));
        return;
    }
    if (open) {
        hours_format_clock(time, sizeof time, until.hour * 60 + until.minute);
        if (until.hour == 0 && until.minute == 0)
            snprintf(buf, size, "%s", _("Open now, until midnight"));
        else
            snprintf(buf, size, _("Open now, until %s"), time);
        return;
    }
    if (!has_next) {
        snprintf(buf, size, "%s", _("Closed"));
        return;
    }
    hours_format_clock(time, sizeof time, next.hour * 60 + next.minute);
    long days = date_to_days(next.year, next.month, next.day) -
                date_to_days(at->year, at->month, at->day);
    if (days == 0)
        snprintf(buf, size, _("Closed; opens today at %s"), time);
    else if (days == 1)
        snprintf(buf, size, _("Closed; opens tomorrow at %s"), time);
    else
        /* TRANSLATORS: weekday name, time ("Fermé ; ouvre mardi à 9 h"). */
        snprintf(buf, size, _("Closed; opens %1$s at %2$s"),
                 i18n_weekday_name(date_weekday(next.year, next.month, next.day)), time);
}

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
#define FR_HOLIDAYS (1u << HOURS_PUBLIC_HOLIDAY)

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
    struct hours_range ranges[HOURS_MAX_RANGES]; /* to < from: past midnight */
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
    struct hours_range ranges[8][HOURS_MAX_RANGES];
    int n[8];
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
        memcpy(w->ranges[d], done.ranges, sizeof done.ranges);
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
        const struct hours_range *r = &w->ranges[d][i];
        strbuf_printf(b, "%s%02d:%02d-%02d:%02d", i ? "," : "", r->from / 60, r->from % 60,
                      r->to / 60, r->to % 60);
    }
}

static bool fr_same_day(const struct fr_week *w, int a, int b)
{
    return w->state[a] == w->state[b] && w->n[a] == w->n[b] &&
           !memcmp(w->ranges[a], w->ranges[b], (size_t)w->n[a] * sizeof w->ranges[a][0]);
}

/* The week as OpenStreetMap rules: days with the same hours together, open days first, then
 * closed ones, public holidays last (so that they win, as in opening_hours.js). */
static char *fr_week_to_osm(const struct fr_week *w)
{
    bool all_day = w->state[HOURS_PUBLIC_HOLIDAY] == FR_UNSAID;
    for (int d = 0; d < 7 && all_day; d++)
        all_day = w->state[d] == FR_OPEN && w->n[d] == 1 && w->ranges[d][0].from == 0 &&
                  w->ranges[d][0].to == 1440;
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
    if (w->state[HOURS_PUBLIC_HOLIDAY] != FR_UNSAID) {
        strbuf_puts(&b, b.len ? "; PH " : "PH ");
        fr_write_ranges(&b, w, HOURS_PUBLIC_HOLIDAY);
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
            if (c.n == HOURS_MAX_RANGES)
                return fr_error(err, _("\"%s\": too many time ranges in a day"), text, c.start,
                                t[next - 1].end);
            c.ranges[c.n++] = (struct hours_range){(short)from, (short)to};
            c.last = FR_LAST_TIMES;
            fr_span(&c, before, k, &t[next - 1]);
            i = next;
        }
    }
    return fr_commit(&c, w, text, err);
}

int hours_from_french(const char *text, char **osm, struct gu_error *err)
{
    *osm = NULL;
    struct opening_hours h;
    struct gu_error ignored;
    if (hours_parse(text, &h, &ignored) == GU_OK) /* OpenStreetMap already: kept as typed */
        return text_copy(osm, text) ? error_nomem(err) : GU_OK;
    struct fr_tokens tk = {0};
    struct fr_week w;
    memset(&w, 0, sizeof w); /* every day FR_UNSAID */
    int status = fr_tokenize(text, &tk, err);
    if (!status)
        status = fr_read(text, &tk, &w, err);
    fr_tokens_free(&tk);
    if (status)
        return status;
    bool said = false;
    for (int d = 0; d < 8; d++)
        said = said || w.state[d] != FR_UNSAID;
    if (!said)
        return error_set(err, GU_INVALID, "%s",
                         _("no opening hours were understood; write for example: du lundi au "
                           "vendredi 9h-12h, 14h-17h"));
    char *result = fr_week_to_osm(&w);
    if (!result)
        return error_nomem(err);
    /* The rules written are checked by the one parser that reads them back. */
    if (hours_parse(result, &h, err)) {
        free(result);
        return GU_INVALID;
    }
    *osm = result;
    return GU_OK;
}

/* ---- The week, as the card shows it ---- */

/* Opening hours are written as every time of guichet: "9 h", "9 h 30" in French, ranges
 * "9 h – 12 h"; 24:00 (the end of a day) stays itself. */
static void hours_format_clock(char *buf, size_t size, int minutes)
{
    i18n_format_time(buf, size, minutes / 60, minutes % 60);
}

char *hours_describe_day(const struct opening_hours *h, int day)
{
    if (day < 0 || day > HOURS_PUBLIC_HOLIDAY)
        return NULL;
    bool french = i18n_is_french();
    struct strbuf b = STRBUF_INIT;
    /* TRANSLATORS: the line of public holidays under the weekdays of a partner's hours
     * (French: "jours fériés"). */
    strbuf_puts(&b, day == HOURS_PUBLIC_HOLIDAY ? _("Public holidays") : i18n_weekday_name(day));
    strbuf_puts(&b, french ? "\u00a0: " : ": ");
    const struct hours_range *r = h->days[day];
    if (!h->count[day])
        /* TRANSLATORS: a day without opening hours (French: "fermé"). */
        strbuf_puts(&b, _("closed"));
    else if (h->count[day] == 1 && r[0].from == 0 && r[0].to == 1440)
        /* TRANSLATORS: a day open round the clock (French: "ouvert 24 h sur 24"). */
        strbuf_puts(&b, _("open all day"));
    else
        for (int i = 0; i < h->count[day]; i++) {
            char from[32], to[32];
            hours_format_clock(from, sizeof from, r[i].from);
            hours_format_clock(to, sizeof to, r[i].to);
            strbuf_printf(&b, "%s%s%s%s", i ? ", " : "", from, french ? " \u2013 " : "\u2013", to);
        }
    return strbuf_finish(&b);
}
