#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "error.h"
#include "i18n.h"

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool date_is_valid(int year, int month, int day)
{
    return year >= 1900 && year <= 9999 && day >= 1 && day <= date_days_in_month(year, month);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
long date_to_days(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_from_days(long days, int *year, int *month, int *day)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

bool date_add_days(const char *text, long days, char *out)
{
    int y, m, d;
    if (!date_parse(text, &y, &m, &d))
        return false;
    date_from_days(date_to_days(y, m, d) + days, &y, &m, &d);
    date_format(y, m, d, out);
    return true;
}

bool date_add_months(const char *text, long months, char *out)
{
    int y, m, d;
    if (!date_parse(text, &y, &m, &d))
        return false;
    long index = (long)y * 12 + (m - 1) + months;
    y = (int)(index >= 0 ? index / 12 : (index - 11) / 12);
    m = (int)(index - (long)y * 12) + 1;
    /* A day past the month's end is carried on: the first of the month, plus d - 1 days. */
    date_from_days(date_to_days(y, m, 1) + d - 1, &y, &m, &d);
    date_format(y, m, d, out);
    return true;
}

int date_weekday(int year, int month, int day)
{
    long d = date_to_days(year, month, day);
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (int)(((d % 7) + 7 + 3) % 7);
}

/* Reads exactly n decimal digits. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *text, int *year, int *month, int *day)
{
    int y, m, d;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        !read_digits(text, 4, &y) || !read_digits(text + 5, 2, &m) ||
        !read_digits(text + 8, 2, &d) || !date_is_valid(y, m, d))
        return false;
    *year = y, *month = m, *day = d;
    return true;
}

bool datetime_parse(const char *text, struct gu_datetime *out)
{
    struct gu_datetime dt;
    char date[DATE_TEXT_SIZE];
    if (!text || strlen(text) != 16 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':')
        return false;
    memcpy(date, text, 10);
    date[10] = '\0';
    if (!date_parse(date, &dt.year, &dt.month, &dt.day) || !read_digits(text + 11, 2, &dt.hour) ||
        !read_digits(text + 14, 2, &dt.minute) || dt.hour > 23 || dt.minute > 59)
        return false;
    *out = dt;
    return true;
}

void datetime_format(const struct gu_datetime *dt, char *buf)
{
    /* Unsigned and bounded so that the compiler can see the text fits. */
    snprintf(buf, DATETIME_TEXT_SIZE, "%04u-%02u-%02u %02u:%02u", (unsigned)dt->year % 10000u,
             (unsigned)dt->month % 100u, (unsigned)dt->day % 100u, (unsigned)dt->hour % 100u,
             (unsigned)dt->minute % 100u);
}

void date_format(int year, int month, int day, char *buf)
{
    snprintf(buf, DATE_TEXT_SIZE, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)month % 100u, (unsigned)day % 100u);
}

bool datetime_same_day(const struct gu_datetime *a, const struct gu_datetime *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

int datetime_compare(const struct gu_datetime *a, const struct gu_datetime *b)
{
    const int av[] = {a->year, a->month, a->day, a->hour, a->minute};
    const int bv[] = {b->year, b->month, b->day, b->hour, b->minute};
    for (size_t i = 0; i < 5; i++)
        if (av[i] != bv[i])
            return av[i] < bv[i] ? -1 : 1;
    return 0;
}

/* ---- time zones ------------------------------------------------------------------------------ */

const char *const date_zones[] = {
    DATE_ZONE_DEFAULT,    "America/Guadeloupe", "America/Martinique", "America/Cayenne",
    "Indian/Reunion",     "Indian/Mayotte",     "America/Miquelon",   "Pacific/Noumea",
    "Pacific/Tahiti",     "Pacific/Wallis",
};
const size_t date_zone_count = sizeof date_zones / sizeof date_zones[0];

bool date_zone_is_known(const char *name)
{
    for (size_t i = 0; name && i < date_zone_count; i++)
        if (!strcmp(name, date_zones[i]))
            return true;
    return false;
}

/* libical's zone (built from the system's tzdata, cached by libical), NULL when unknown. Only
 * names of date_zones reach libical, so that no typed text becomes a file name. */
static icaltimezone *zone_get(const char *name)
{
    return date_zone_is_known(name) ? icaltimezone_get_builtin_timezone(name) : NULL;
}

static long long floor_div(long long a, long long b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Seconds of a wall-clock time counted as if it were UTC. */
static long long wall_seconds(const struct gu_datetime *dt)
{
    return (long long)date_to_days(dt->year, dt->month, dt->day) * 86400 + dt->hour * 3600 +
           dt->minute * 60;
}

/* The offset from UTC (seconds, east positive) in force at the instant t. */
static int zone_offset_at(icaltimezone *zone, long long t)
{
    long long days = floor_div(t, 86400), rest = t - days * 86400;
    struct icaltimetype u = icaltime_null_time();
    date_from_days((long)days, &u.year, &u.month, &u.day);
    u.hour = (int)(rest / 3600), u.minute = (int)(rest / 60 % 60), u.second = (int)(rest % 60);
    int is_daylight;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &u, &is_daylight);
}

bool date_from_instant(const char *zone, long long t, struct gu_datetime *out)
{
    icaltimezone *z = zone_get(zone);
    if (!z)
        return false;
    long long local = t + zone_offset_at(z, t), days = floor_div(local, 86400);
    long long rest = local - days * 86400;
    date_from_days((long)days, &out->year, &out->month, &out->day);
    out->hour = (int)(rest / 3600), out->minute = (int)(rest / 60 % 60);
    return true;
}

bool date_to_instant(const char *zone, const struct gu_datetime *dt, long long *out)
{
    icaltimezone *z = zone_get(zone);
    if (!z)
        return false;
    /* The offsets a day before and a day after: around a change, "before" and "after" (zones
     * change their offset at most once a day). Each gives a candidate instant that is right when
     * that offset is really in force then. */
    long long local = wall_seconds(dt);
    int before = zone_offset_at(z, local - 86400), after = zone_offset_at(z, local + 86400);
    long long first = local - before, second = local - after;
    bool first_ok = zone_offset_at(z, first) == before;
    bool second_ok = zone_offset_at(z, second) == after;
    if (first_ok && second_ok) /* twice (clocks back): the earlier of the two */
        *out = first < second ? first : second;
    else if (first_ok || second_ok)
        *out = first_ok ? first : second;
    else /* in the gap (clocks forward): the offset before the gap, RFC 5545 §3.3.5 */
        *out = first;
    return true;
}

/* ---- the clock ---------------------------------------------------------------------------------- */

static const char *clock_zone_name = DATE_ZONE_DEFAULT;

bool clock_set_zone(const char *zone)
{
    for (size_t i = 0; zone && i < date_zone_count; i++)
        if (!strcmp(zone, date_zones[i])) {
            clock_zone_name = date_zones[i];
            return true;
        }
    return false;
}

const char *clock_zone(void)
{
    return clock_zone_name;
}

long long clock_real_seconds(void)
{
    return (long long)time(NULL);
}

/* GUICHET_NOW when set and not empty; NULL otherwise. */
static const char *clock_fixed_text(void)
{
    const char *fixed = getenv("GUICHET_NOW");
    return fixed && *fixed ? fixed : NULL;
}

/* GUICHET_NOW's one form, "YYYY-MM-DD HH:MM" (no 'T', which datetime_parse also takes). */
static bool clock_fixed_parse(const char *text, struct gu_datetime *out)
{
    return strlen(text) == 16 && text[10] == ' ' && datetime_parse(text, out);
}

const char *clock_check_fixed(void)
{
    const char *fixed = clock_fixed_text();
    struct gu_datetime dt;
    return fixed && !clock_fixed_parse(fixed, &dt) ? fixed : NULL;
}

/* Whether the wall-clock time dt happens in zone: not skipped when the clocks go forward. */
static bool wall_time_exists(const char *zone, const struct gu_datetime *dt)
{
    long long t;
    struct gu_datetime back;
    return !date_to_instant(zone, dt, &t) || !date_from_instant(zone, t, &back) ||
           datetime_compare(&back, dt) == 0;
}

int clock_check_fixed_exists(struct gu_error *err)
{
    const char *fixed = clock_fixed_text();
    struct gu_datetime dt;
    if (!fixed || !clock_fixed_parse(fixed, &dt) || wall_time_exists(clock_zone_name, &dt))
        return GU_OK;
    /* TRANSLATORS: %1$s GUICHET_NOW, %2$s its value ("2027-03-28 02:30"), %3$s the site's time
     * zone (Europe/Paris): that time is skipped when the clocks go forward. */
    return error_set(err, GU_INVALID,
                     _("%1$s: \"%2$s\" does not exist in %3$s: the clocks go forward over it"),
                     "GUICHET_NOW", fixed, clock_zone_name);
}

/* The fixed time when GUICHET_NOW is set. A value that cannot be read is refused at start-up
 * (clock_check_fixed); should a caller have skipped that check, it still never stands for the
 * real clock: it reads as the earliest time a date may have, visibly wrong. */
static bool clock_fixed(struct gu_datetime *out)
{
    const char *fixed = clock_fixed_text();
    if (fixed && !clock_fixed_parse(fixed, out))
        *out = (struct gu_datetime){1900, 1, 1, 0, 0};
    return fixed != NULL;
}

struct gu_datetime clock_now(void)
{
    struct gu_datetime dt;
    if (clock_fixed(&dt))
        return dt;
    /* The last answer, while the second and the zone are the same: every new session and
     * workshop starts from now, and libical's offset look-up costs more than the rest of it. */
    static const char *last_zone;
    static long long last_t;
    static struct gu_datetime last;
    long long t = clock_real_seconds();
    if (last_zone == clock_zone_name && last_t == t)
        return last;
    if (!date_from_instant(clock_zone_name, t, &dt))
        date_from_instant(DATE_ZONE_DEFAULT, t, &dt);
    last_zone = clock_zone_name, last_t = t, last = dt;
    return dt;
}

void clock_today_text(long days_offset, char buf[DATE_TEXT_SIZE])
{
    struct gu_datetime now = clock_now();
    int y, m, d;
    date_from_days(date_to_days(now.year, now.month, now.day) + days_offset, &y, &m, &d);
    date_format(y, m, d, buf);
}

void clock_now_utc_text(char buf[21])
{
    struct gu_datetime dt;
    long long t = clock_real_seconds();
    if (clock_fixed(&dt) && !date_to_instant(clock_zone_name, &dt, &t))
        t = wall_seconds(&dt);
    long long days = floor_div(t, 86400), rest = t - days * 86400;
    int y, m, d;
    date_from_days((long)days, &y, &m, &d);
    snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u, (unsigned)(rest / 3600) % 100u, (unsigned)(rest / 60 % 60),
             (unsigned)(rest % 60));
}
