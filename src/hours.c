#include "hours.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

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
        i18n_format_time(time, sizeof time, until.hour, until.minute);
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
    i18n_format_time(time, sizeof time, next.hour, next.minute);
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
