#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#include <sqlite3.h>
#include "error.h"
#include "harness.h"
#include "i18n.h"

static void test_validity_and_leap_years(void)
{
    CHECK(date_is_valid(2024, 2, 29));
    CHECK(!date_is_valid(2025, 2, 29));
    CHECK(!date_is_valid(1900, 2, 29));
    CHECK(date_is_valid(2000, 2, 29));
    CHECK(!date_is_valid(2026, 4, 31));
    CHECK(!date_is_valid(2026, 13, 1));
    CHECK(!date_is_valid(2026, 0, 1));
}

static void test_parse_is_strict(void)
{
    int y, m, d;
    CHECK(date_parse("2026-03-14", &y, &m, &d) && y == 2026 && m == 3 && d == 14);
    CHECK(!date_parse("2026-3-14", &y, &m, &d));
    CHECK(!date_parse("2026-03-14x", &y, &m, &d));
    CHECK(!date_parse("14/03/2026", &y, &m, &d));
    CHECK(!date_parse("", &y, &m, &d));
    struct gu_datetime dt;
    CHECK(datetime_parse("2026-03-14 09:05", &dt) && dt.hour == 9 && dt.minute == 5);
    CHECK(datetime_parse("2026-03-14T23:59", &dt));
    CHECK(!datetime_parse("2026-03-14 24:00", &dt));
    CHECK(!datetime_parse("2026-03-14 10:60", &dt));
    CHECK(!datetime_parse("2026-03-14", &dt));
}

static void test_days_round_trip_and_weekday(void)
{
    CHECK(date_to_days(1970, 1, 1) == 0);
    CHECK(date_weekday(2026, 3, 2) == 0); /* a Monday */
    CHECK(date_weekday(2024, 2, 29) == 3); /* a Thursday */
    for (long d = date_to_days(1999, 12, 1); d < date_to_days(2001, 3, 1); d++) {
        int y, m, dd;
        date_from_days(d, &y, &m, &dd);
        CHECK(date_is_valid(y, m, dd) && date_to_days(y, m, dd) == d);
    }
}

static void test_clock_follows_guichet_now(void)
{
    struct gu_datetime now = clock_now();
    char buf[DATETIME_TEXT_SIZE];
    datetime_format(&now, buf);
    CHECK_STR(buf, "2026-03-14 10:30");
    char utc[21];
    clock_now_utc_text(utc);
    /* GUICHET_NOW is the site's wall-clock time: 10:30 in Paris in March is 09:30 UTC. */
    CHECK_STR(utc, "2026-03-14T09:30:00Z");
    CHECK(clock_set_zone("Indian/Reunion"));
    clock_now_utc_text(utc);
    CHECK_STR(utc, "2026-03-14T06:30:00Z");
    CHECK(!clock_set_zone("Europe/Berlin") && !strcmp(clock_zone(), "Indian/Reunion"));
    CHECK(clock_set_zone(DATE_ZONE_DEFAULT));
}

/* GUICHET_NOW takes exactly "YYYY-MM-DD HH:MM"; a time the clock's zone skips is refused once
 * the zone is set, one it has is not. */
static void test_fixed_clock_checks(void)
{
    struct gu_error err = {0};
    CHECK(clock_check_fixed() == NULL && clock_check_fixed_exists(&err) == GU_OK);
    setenv("GUICHET_NOW", "2026-12-02T10:00", 1);
    CHECK(clock_check_fixed() != NULL);
    struct gu_datetime now = clock_now();
    CHECK(now.year == 1900); /* never read as a time */
    setenv("GUICHET_NOW", "2027-03-28 02:30", 1);
    CHECK(clock_check_fixed() == NULL);
    CHECK(clock_check_fixed_exists(&err) == GU_INVALID);
    CHECK(strstr(err.message, "\"2027-03-28 02:30\" does not exist in Europe/Paris") != NULL);
    CHECK(clock_set_zone("Indian/Reunion"));
    CHECK(clock_check_fixed_exists(&err) == GU_OK);
    CHECK(clock_set_zone(DATE_ZONE_DEFAULT));
    setenv("GUICHET_NOW", "2027-10-31 02:30", 1); /* happens twice: a time */
    CHECK(clock_check_fixed_exists(&err) == GU_OK);
    setenv("GUICHET_NOW", "2026-03-14 10:30", 1); /* the harness's clock */
}

/* "2027-03-28 02:30" in zone, as an instant written "YYYY-MM-DD HH:MM" in UTC. */
static void utc_of(const char *zone, const char *local, char out[DATETIME_TEXT_SIZE])
{
    struct gu_datetime dt, u;
    long long t = 0;
    CHECK(datetime_parse(local, &dt) && date_to_instant(zone, &dt, &t));
    CHECK(date_from_instant("Pacific/Wallis", t - 12 * 3600, &u)); /* UTC+12, no summer time */
    datetime_format(&u, out);
}

/* RFC 5545 §3.3.5 around both clock changes: a time in the gap is read with the offset before
 * it, a time that happens twice is the first one. */
static void test_zone_conversions(void)
{
    static const char *const cases[][2] = {
        {"2027-03-28 01:30", "2027-03-28 00:30"}, {"2027-03-28 02:00", "2027-03-28 01:00"},
        {"2027-03-28 02:30", "2027-03-28 01:30"}, {"2027-03-28 03:00", "2027-03-28 01:00"},
        {"2027-10-31 01:30", "2027-10-30 23:30"}, {"2027-10-31 02:00", "2027-10-31 00:00"},
        {"2027-10-31 02:30", "2027-10-31 00:30"}, {"2027-10-31 03:00", "2027-10-31 02:00"},
        {"2027-07-01 12:00", "2027-07-01 10:00"}, {"2027-01-01 00:00", "2026-12-31 23:00"},
    };
    char out[DATETIME_TEXT_SIZE];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        utc_of("Europe/Paris", cases[i][0], out);
        CHECK_STR(out, cases[i][1]);
    }
    utc_of("Indian/Reunion", "2027-03-28 02:30", out);
    CHECK_STR(out, "2027-03-27 22:30");
    utc_of("America/Cayenne", "2027-10-31 02:30", out);
    CHECK_STR(out, "2027-10-31 05:30");
    struct gu_datetime dt;
    long long t;
    CHECK(!date_to_instant("Europe/Berlin", &dt, &t) && !date_from_instant("../etc", 0, &dt));
    /* 2027-03-28T01:00:00Z is 03:00 in Paris, the second before is 01:59. */
    CHECK(date_from_instant("Europe/Paris", 1806195600LL, &dt) && dt.hour == 3 && dt.minute == 0);
    CHECK(date_from_instant("Europe/Paris", 1806195600LL - 60, &dt) && dt.hour == 1 &&
          dt.minute == 59);
}

static void test_english_formats_without_catalogue(void)
{
    char buf[64];
    i18n_format_date_long(buf, sizeof buf, 2026, 3, 2);
    CHECK_STR(buf, "Monday 2 March 2026");
    i18n_format_time(buf, sizeof buf, 14, 5);
    CHECK_STR(buf, "14:05");
    i18n_format_duration(buf, sizeof buf, 90);
    CHECK_STR(buf, "1 h 30");
    i18n_format_duration(buf, sizeof buf, 45);
    CHECK_STR(buf, "45 min");
}

/* The French of every date and number of guichet, whatever the system's locale (issue 16). */
static void test_french_formats(void)
{
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    CHECK(i18n_is_french()); /* the French catalogue was found (GUICHET_LOCALEDIR) */
    char buf[64];
    i18n_format_date_long(buf, sizeof buf, 2026, 12, 2);
    CHECK_STR(buf, "mercredi 2 d\u00e9cembre 2026");
    i18n_format_date_long(buf, sizeof buf, 2027, 1, 1);
    CHECK_STR(buf, "vendredi 1er janvier 2027");
    i18n_format_date_medium(buf, sizeof buf, 2027, 1, 1);
    CHECK_STR(buf, "1er janvier 2027");
    i18n_format_date_short(buf, sizeof buf, 2026, 12, 2);
    CHECK_STR(buf, "02/12/2026");
    i18n_format_month(buf, sizeof buf, 2026, 1);
    CHECK_STR(buf, "janvier 2026");
    i18n_format_time(buf, sizeof buf, 14, 30);
    CHECK_STR(buf, "14\u00a0h\u00a030");
    i18n_format_time(buf, sizeof buf, 9, 0);
    CHECK_STR(buf, "9\u00a0h");
    i18n_format_count(buf, sizeof buf, 11184);
    CHECK_STR(buf, "11\u202f184");
    i18n_format_count(buf, sizeof buf, 1532);
    CHECK_STR(buf, "1\u202f532");
    i18n_format_count(buf, sizeof buf, 999);
    CHECK_STR(buf, "999");
    i18n_format_count(buf, sizeof buf, 1234567);
    CHECK_STR(buf, "1\u202f234\u202f567");
    i18n_format_count(buf, sizeof buf, -2500);
    CHECK_STR(buf, "\u22122\u202f500");
    i18n_format_decimal(buf, sizeof buf, 4.25, 1);
    CHECK(!strcmp(buf, "4,2") || !strcmp(buf, "4,3")); /* binary rounding of 4.25 */
    i18n_format_decimal(buf, sizeof buf, -0.04, 1);
    CHECK_STR(buf, "0,0");
    i18n_format_decimal(buf, sizeof buf, 12345.678, 2);
    CHECK_STR(buf, "12\u202f345,68");
    i18n_format_percent(buf, sizeof buf, 60.0, 1);
    CHECK_STR(buf, "60,0\u202f%");
    i18n_format_share(buf, sizeof buf, 1, 3, 1);
    CHECK_STR(buf, "33,3\u202f%");
    i18n_format_share(buf, sizeof buf, 5, 0, 0);
    CHECK_STR(buf, "0\u202f%");
    i18n_format_change(buf, sizeof buf, 112, 100);
    CHECK_STR(buf, "+12\u202f%");
    i18n_format_change(buf, sizeof buf, 95, 100);
    CHECK_STR(buf, "\u22125\u202f%");
    i18n_format_change(buf, sizeof buf, 1000, 1001); /* -0.1 %: nothing, not "-0 %" */
    CHECK_STR(buf, "0\u202f%");
    i18n_format_change(buf, sizeof buf, 0, 0);
    CHECK_STR(buf, "=");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    i18n_format_count(buf, sizeof buf, 11184);
    CHECK_STR(buf, "11,184");
    i18n_format_percent(buf, sizeof buf, 4.2, 1);
    CHECK_STR(buf, "4.2%");
    i18n_format_change(buf, sizeof buf, 95, 100);
    CHECK_STR(buf, "-5%");
    i18n_format_date_long(buf, sizeof buf, 2027, 1, 1);
    CHECK_STR(buf, "Friday 1 January 2027");
    i18n_format_month(buf, sizeof buf, 2026, 1);
    CHECK_STR(buf, "January 2026");
    i18n_format_time(buf, sizeof buf, 9, 0);
    CHECK_STR(buf, "9:00");
}

/* The system's messages quoted in French ones take French typography, whatever glibc's French
 * writes (domain.md §7); in English they are strerror's own. */
static void test_system_messages(void)
{
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    CHECK(i18n_is_french());
    for (int e = 1; e < 134; e++) {
        const char *text = error_system_text(e);
        CHECK(text && !strchr(text, '\''));
        CHECK(text && !strstr(text, " :") && !strstr(text, " ;") && !strstr(text, " ?") &&
              !strstr(text, " !") && !strstr(text, "\u00ab ") && !strstr(text, " \u00bb"));
        if (text && (strchr(text, '\'') || strstr(text, " :") || strstr(text, "\u00ab ")))
            fprintf(stderr, "    %d: %s\n", e, text);
    }
    /* glibc's own French, when installed (libc-l10n): "N'est pas un dossier". */
    if (strstr(strerror(ENOTDIR), "N'est"))
        CHECK_STR(error_system_text(ENOTDIR), "N\u2019est pas un dossier");
    CHECK(error_system_text(ENOTDIR) == error_system_text(ENOTDIR)); /* kept, not made again */
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    CHECK_STR(error_system_text(ENOTDIR), strerror(ENOTDIR));
    CHECK_STR(error_system_text(ENOTDIR), "Not a directory");
}

/* The store's retention cut-offs, computed in C for both engines, against SQLite's date(),
 * which computed them before: every day of eight years, from 36 months back to 36 ahead. */
static void test_add_days_and_months_as_sqlite(void)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    sqlite3_stmt *stmt = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT date(?1, ?2 || ' months'), date(?1, ?2 || ' days')",
                             -1, &stmt, NULL) == SQLITE_OK);
    long differ = 0;
    for (long day = date_to_days(2022, 1, 1); stmt && day < date_to_days(2030, 1, 1); day += 1) {
        int y, m, d;
        date_from_days(day, &y, &m, &d);
        char text[DATE_TEXT_SIZE];
        date_format(y, m, d, text);
        for (long n = -36; n <= 36; n += (day % 7) + 1) {
            char months[DATE_TEXT_SIZE], days[DATE_TEXT_SIZE], by[24];
            snprintf(by, sizeof by, "%+ld", n);
            sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 2, by, -1, SQLITE_STATIC);
            bool ok = sqlite3_step(stmt) == SQLITE_ROW && date_add_months(text, n, months) &&
                      date_add_days(text, n * 10, days);
            char want_months[DATE_TEXT_SIZE + 1] = "-", want_days[DATE_TEXT_SIZE + 1] = "-";
            if (ok && sqlite3_column_text(stmt, 0)) /* copied: the reset frees it */
                snprintf(want_months, sizeof want_months, "%s", sqlite3_column_text(stmt, 0));
            sqlite3_reset(stmt);
            snprintf(by, sizeof by, "%+ld", n * 10);
            sqlite3_bind_text(stmt, 2, by, -1, SQLITE_STATIC);
            ok = ok && sqlite3_step(stmt) == SQLITE_ROW;
            if (ok && sqlite3_column_text(stmt, 1))
                snprintf(want_days, sizeof want_days, "%s", sqlite3_column_text(stmt, 1));
            if (!ok || strcmp(months, want_months) || strcmp(days, want_days)) {
                if (differ++ < 3)
                    fprintf(stderr, "    %s %+ld: %s %s, SQLite %s %s\n", text, n, months, days,
                            want_months, want_days);
            }
            sqlite3_reset(stmt);
        }
    }
    CHECK(differ == 0);
    char out[DATE_TEXT_SIZE] = "";
    CHECK(!date_add_months("2026-02-30", 1, out) && !date_add_days("hier", 1, out));
    CHECK(date_add_months("2026-03-31", -1, out) && !strcmp(out, "2026-03-03"));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

const struct unit_test date_tests[] = {
    {"date: validity and leap years", test_validity_and_leap_years},
    {"date: days and months added as SQLite's date() adds them", test_add_days_and_months_as_sqlite},
    {"date: parsing is strict", test_parse_is_strict},
    {"date: day numbers round-trip; weekdays", test_days_round_trip_and_weekday},
    {"date: clock follows GUICHET_NOW", test_clock_follows_guichet_now},
    {"date: GUICHET_NOW's form, and a time the zone skips", test_fixed_clock_checks},
    {"date: zones across both clock changes (RFC 5545)", test_zone_conversions},
    {"date: English formats", test_english_formats_without_catalogue},
    {"date: French dates and numbers (typography)", test_french_formats},
    {"date: system messages in French typography", test_system_messages},
    {NULL, NULL},
};
