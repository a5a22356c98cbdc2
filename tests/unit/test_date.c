#include <stdlib.h>

#include "date.h"
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
    CHECK_STR(utc, "2026-03-14T10:30:00Z");
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

const struct unit_test date_tests[] = {
    {"date: validity and leap years", test_validity_and_leap_years},
    {"date: parsing is strict", test_parse_is_strict},
    {"date: day numbers round-trip; weekdays", test_days_round_trip_and_weekday},
    {"date: clock follows GUICHET_NOW", test_clock_follows_guichet_now},
    {"date: English formats", test_english_formats_without_catalogue},
    {NULL, NULL},
};
