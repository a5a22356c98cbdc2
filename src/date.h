/* Calendar arithmetic on local wall-clock dates, strict parsing, and the clock (overridable by
 * GUICHET_NOW for tests). No time zone conversions: the desk records what its clock shows. */
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

/* The current local time, or GUICHET_NOW ("YYYY-MM-DD HH:MM") when set and valid. */
struct gu_datetime clock_now(void);
/* Today's date (following GUICHET_NOW) as "YYYY-MM-DD", and shifted by days. */
void clock_today_text(long days_offset, char buf[DATE_TEXT_SIZE]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes), for record bookkeeping; follows
 * GUICHET_NOW too so that tests are deterministic. */
void clock_now_utc_text(char buf[21]);

#endif
