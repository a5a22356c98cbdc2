/* Calendar arithmetic on wall-clock dates, strict parsing, time zones, and the clock
 * (overridable by GUICHET_NOW for tests). Stored times are wall-clock times of their site's zone
 * (migration 013); the clock reads the zone set by clock_set_zone, never the process's TZ. Zone
 * data is the system's (tzdata), read through libical. */
#ifndef GUICHET_DATE_H
#define GUICHET_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct gu_datetime {
    int year, month, day; /* month 1-12, day 1-31 */
    int hour, minute;
};

/* Length of a stored timestamp "YYYY-MM-DD HH:MM" plus its terminating NUL. */
#define DATETIME_TEXT_SIZE 17
/* Length of a stored date "YYYY-MM-DD" plus NUL. */
#define DATE_TEXT_SIZE 11

bool date_is_valid(int year, int month, int day);
int date_days_in_month(int year, int month);
/* 0 = Monday … 6 = Sunday. */
int date_weekday(int year, int month, int day);
/* Days since 1970-01-01 for a valid date, and back. */
long date_to_days(int year, int month, int day);
void date_from_days(long days, int *year, int *month, int *day);

/* The "YYYY-MM-DD" day days after (before, when negative) the valid date text, into out
 * (DATE_TEXT_SIZE bytes); false when text is not a date. */
bool date_add_days(const char *text, long days, char *out);
/* The same by months, as SQLite's date(text, '+N months') counts them: the month moved, and a
 * day it does not have carried into the next (2026-03-31 less one month: 2026-03-03), so that
 * the cut-offs the store computes are those SQL computed before. */
bool date_add_months(const char *text, long months, char *out);

/* Strict "YYYY-MM-DD"; false for anything else, including impossible dates. */
bool date_parse(const char *text, int *year, int *month, int *day);
/* Strict "YYYY-MM-DD HH:MM" (also accepts a 'T' separator). */
bool datetime_parse(const char *text, struct gu_datetime *out);
/* Writes "YYYY-MM-DD HH:MM" into buf (DATETIME_TEXT_SIZE bytes at least). */
void datetime_format(const struct gu_datetime *dt, char *buf);
/* Writes "YYYY-MM-DD" into buf (DATE_TEXT_SIZE bytes at least). */
void date_format(int year, int month, int day, char *buf);
/* Orders two datetimes like strcmp. */
int datetime_compare(const struct gu_datetime *a, const struct gu_datetime *b);
/* Whether a and b fall on the same day (their times aside). */
bool datetime_same_day(const struct gu_datetime *a, const struct gu_datetime *b);

/* The zones a site may take: Europe/Paris (the default) and the overseas ones. */
#define DATE_ZONE_DEFAULT "Europe/Paris"
extern const char *const date_zones[];
extern const size_t date_zone_count;
/* True when name is one of date_zones (exactly, as IANA spells it). */
bool date_zone_is_known(const char *name);

/* The wall-clock time in zone (one of date_zones) of the instant t (seconds since 1970-01-01
 * UTC), into *out; false when the zone is unknown. */
bool date_from_instant(const char *zone, long long t, struct gu_datetime *out);
/* The instant (seconds since 1970-01-01 UTC) of the wall-clock time dt in zone, as RFC 5545
 * §3.3.5 reads it: a time that does not exist (skipped when the clocks go forward) is read with
 * the offset before the gap; a time that happens twice is the first occurrence. False when the
 * zone is unknown. */
bool date_to_instant(const char *zone, const struct gu_datetime *dt, long long *out);

/* Makes zone (one of date_zones) the zone of clock_now and clock_today_text: the zone of the site
 * the process works for. False, and the zone unchanged, when it is not known. */
bool clock_set_zone(const char *zone);
/* The clock's zone (DATE_ZONE_DEFAULT until set); static storage. */
const char *clock_zone(void);
/* The real current instant, seconds since 1970-01-01 UTC (not GUICHET_NOW): for file ages. */
long long clock_real_seconds(void);
/* GUICHET_NOW's value when it is set (not empty) but is not a valid "YYYY-MM-DD HH:MM" (exactly
 * that: a space between date and time, no 'T'), else
 * NULL: checked once at start-up (cli_main), which refuses to run with it, so that a fixed clock
 * is never silently replaced by the real one. */
const char *clock_check_fixed(void);
/* GU_OK unless GUICHET_NOW names a wall-clock time that does not exist in the clock's zone (one
 * the clocks skip when they go forward, "2027-03-28 02:30" in Europe/Paris): GU_INVALID then,
 * err saying so. Checked once the site's zone is known (clock_set_zone, after the database is
 * opened), so that such a time is never stored nor read. */
struct gu_error;
int clock_check_fixed_exists(struct gu_error *err);
/* The current wall-clock time of the clock's zone, or GUICHET_NOW ("YYYY-MM-DD HH:MM") when set
 * (a value clock_check_fixed refuses reads as 1900-01-01 00:00, never as the real clock). */
struct gu_datetime clock_now(void);
/* Today's date (following GUICHET_NOW) as "YYYY-MM-DD", and shifted by days. */
void clock_today_text(long days_offset, char buf[DATE_TEXT_SIZE]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes), for record bookkeeping; follows
 * GUICHET_NOW too (read as the clock zone's wall-clock time) so that tests are deterministic. */
void clock_now_utc_text(char buf[21]);

#endif
