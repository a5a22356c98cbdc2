#include <string.h>

#include "harness.h"
#include "hours.h"

static struct gu_datetime at(const char *text)
{
    struct gu_datetime t = {0};
    datetime_parse(text, &t);
    return t;
}

static void status(const char *hours, const char *when, const char *expected)
{
    struct opening_hours h;
    struct gu_error err;
    char buf[128];
    CHECK(hours_parse(hours, &h, &err) == GU_OK);
    struct gu_datetime t = at(when);
    hours_status(&h, &t, buf, sizeof buf);
    CHECK_STR(buf, expected);
}

static const char standard[] = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00";

static void test_days_and_lunch_breaks(void)
{
    /* 2026-03-17 is a Tuesday. */
    status(standard, "2026-03-17 10:00", "Open now, until 12:00");
    status(standard, "2026-03-17 12:00", "Closed; opens today at 14:00");
    status(standard, "2026-03-17 18:30", "Closed; opens tomorrow at 9:00");
    status(standard, "2026-03-20 19:00", "Closed; opens tomorrow at 8:30");   /* Friday */
    status(standard, "2026-03-21 13:00", "Closed; opens Monday at 9:00");     /* Saturday */
    status(standard, "2026-03-22 10:00", "Closed; opens tomorrow at 9:00");   /* Sunday */
    status("Mo-Fr 09:00-17:00; We off", "2026-03-17 18:00", "Closed; opens Thursday at 9:00");
}

static void test_public_holidays(void)
{
    CHECK(date_is_public_holiday(2026, 5, 1));
    CHECK(date_is_public_holiday(2026, 4, 6));  /* Easter Monday: Easter was 5 April 2026 */
    CHECK(date_is_public_holiday(2026, 5, 14)); /* Ascension */
    CHECK(date_is_public_holiday(2026, 5, 25)); /* Whit Monday */
    CHECK(date_is_public_holiday(2024, 4, 1));  /* Easter Monday 2024 */
    CHECK(!date_is_public_holiday(2026, 4, 7));
    char with_ph[128];
    snprintf(with_ph, sizeof with_ph, "%s; PH off", standard);
    status(with_ph, "2026-05-01 10:00", "Closed; opens tomorrow at 8:30"); /* a Friday */
    status(with_ph, "2026-04-06 10:00", "Closed; opens tomorrow at 9:00");
    status(standard, "2026-05-01 10:00", "Open now, until 12:00"); /* no PH rule: as a Friday */
    status("Mo-Sa 10:00-18:00; PH 10:00-12:00", "2026-07-14 11:00", "Open now, until 12:00");
}

static void test_ranges_and_special_forms(void)
{
    status("Sa-Mo 10:00-12:00", "2026-03-22 11:00", "Open now, until 12:00"); /* wraps Su */
    status("Sa-Mo 10:00-12:00", "2026-03-24 11:00", "Closed; opens Saturday at 10:00");
    status("Mo,We,Fr 14:00-17:00", "2026-03-17 15:00", "Closed; opens tomorrow at 14:00");
    status("24/7", "2026-03-17 03:00", "Open now");
    status("Fr 22:00-02:00", "2026-03-21 01:00", "Open now, until 2:00"); /* overnight */
    status("Mo-Fr 08:00-24:00", "2026-03-17 23:00", "Open now, until midnight");
    status("Mo off", "2026-03-16 10:00", "Closed");
}

static void test_refuses_what_it_does_not_understand(void)
{
    struct opening_hours h;
    struct gu_error err;
    const char *bad[] = {"", "Jan-Mar Mo 10:00-12:00", "Mo 9h-12h", "Mo-Fr 09:00", "Mo-PH 10:00-11:00",
                         "Mo 10:00-12:00 \"sur rendez-vous\"", "Mo 25:00-26:00"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        CHECK(hours_parse(bad[i], &h, &err) == GU_INVALID);
    CHECK(strstr(err.message, "opening hours") != NULL);
}

const struct unit_test hours_tests[] = {
    {"hours: days and lunch breaks", test_days_and_lunch_breaks},
    {"hours: public holidays (PH)", test_public_holidays},
    {"hours: ranges, lists, 24/7, overnight", test_ranges_and_special_forms},
    {"hours: refuses what it does not understand", test_refuses_what_it_does_not_understand},
    {NULL, NULL},
};
