/* appointment.c: when an appointment fits, the starts a desk offers on a day, and the free
 * periods they make; checked against the definition (appointment_fits) on a seeded random
 * agenda, and on the days the clocks change. */
#include <stdlib.h>
#include <string.h>

#include "appointment.h"
#include "harness.h"

static struct gu_datetime at(int y, int mo, int d, int h, int mi)
{
    return (struct gu_datetime){y, mo, d, h, mi};
}

/* A busy span of minutes from the wall-clock time in Paris. */
static struct busy_span busy_at(struct gu_datetime when, int minutes)
{
    long long start = 0;
    appointment_instant("Europe/Paris", &when, &start);
    return (struct busy_span){start, start + minutes, 1, when};
}

static void test_day_starts_hours(void)
{
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse("Mo-Fr 09:00-12:00,14:00-17:00", &h, &err) == GU_OK);
    struct busy_span busy[] = {busy_at(at(2026, 3, 17, 10, 0), 30)};
    struct gu_datetime out[APPOINTMENT_DAY_SLOTS], day = at(2026, 3, 17, 0, 0);
    size_t n = appointment_day_starts(h, HOURS_REGION_FRANCE, "Europe/Paris", busy, 1, &day, 30,
                                      NULL, out);
    /* 9:00-9:30 (3 starts: 9:00, 9:15, 9:30), 10:30-11:30 (5), 14:00-16:30 (11) */
    CHECK(n == 3 + 5 + 11);
    CHECK(n && out[0].hour == 9 && out[0].minute == 0);
    struct free_period p[APPOINTMENT_DAY_SLOTS];
    size_t np = appointment_free_periods("Europe/Paris", out, n, 30, p);
    CHECK(np == 3);
    CHECK(np == 3 && p[0].until.hour == 10 && p[0].until.minute == 0);
    CHECK(np == 3 && p[1].from.hour == 10 && p[1].from.minute == 30 && p[1].until.hour == 12);
    CHECK(np == 3 && p[2].from.hour == 14 && p[2].until.hour == 17);
    /* not before 14:05: from 14:15 */
    struct gu_datetime after = at(2026, 3, 17, 14, 5);
    n = appointment_day_starts(h, HOURS_REGION_FRANCE, "Europe/Paris", busy, 1, &day, 30, &after,
                               out);
    CHECK(n == 10 && out[0].hour == 14 && out[0].minute == 15);
    /* a Saturday: closed */
    day = at(2026, 3, 21, 0, 0);
    CHECK(appointment_day_starts(h, HOURS_REGION_FRANCE, "Europe/Paris", NULL, 0, &day, 30, NULL,
                                 out) == 0);
    hours_free(h);
}

static void test_day_starts_without_hours(void)
{
    struct gu_datetime out[APPOINTMENT_DAY_SLOTS], day = at(2026, 3, 21, 0, 0); /* Saturday */
    size_t n = appointment_day_starts(NULL, HOURS_REGION_FRANCE, "Europe/Paris", NULL, 0, &day, 60,
                                      NULL, out);
    /* 9:00 to 17:00 (ending by 18:00), every quarter hour */
    CHECK(n == 33 && out[0].hour == 9 && out[n - 1].hour == 17 && out[n - 1].minute == 0);
    day = at(2026, 3, 22, 0, 0); /* Sunday */
    CHECK(appointment_day_starts(NULL, HOURS_REGION_FRANCE, "Europe/Paris", NULL, 0, &day, 60, NULL,
                                 out) == 0);
    /* "sur rendez-vous" cannot tell: the working day too */
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse("Mo-Sa \"sur rendez-vous\"", &h, &err) == GU_OK);
    day = at(2026, 3, 21, 0, 0);
    CHECK(appointment_day_starts(h, HOURS_REGION_FRANCE, "Europe/Paris", NULL, 0, &day, 60, NULL,
                                 out) == 33);
    hours_free(h);
}

/* The night the clocks go forward, 02:00-03:00 does not exist: never offered. */
static void test_day_starts_clock_change(void)
{
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse("24/7", &h, &err) == GU_OK);
    struct gu_datetime out[APPOINTMENT_DAY_SLOTS], day = at(2026, 3, 29, 0, 0);
    size_t n = appointment_day_starts(h, HOURS_REGION_FRANCE, "Europe/Paris", NULL, 0, &day, 15,
                                      NULL, out);
    CHECK(n == 96 - 4);
    for (size_t i = 0; i < n; i++)
        CHECK(out[i].hour != 2);
    hours_free(h);
}

/* Against the definition: on a seeded random agenda, each start offered fits, and each quarter
 * hour of the working day not offered does not; the periods cover exactly the starts. */
static void test_day_starts_random(void)
{
    srand(20);
    for (int round = 0; round < 200; round++) {
        struct busy_span busy[6];
        size_t nb = (size_t)(rand() % 6);
        for (size_t i = 0; i < nb; i++)
            busy[i] = busy_at(at(2026, 3, 17, 8 + rand() % 10, (rand() % 12) * 5),
                              5 + rand() % 120);
        int duration = 15 * (1 + rand() % 8);
        struct gu_datetime out[APPOINTMENT_DAY_SLOTS], day = at(2026, 3, 17, 0, 0);
        size_t n = appointment_day_starts(NULL, HOURS_REGION_FRANCE, "Europe/Paris", busy, nb,
                                          &day, duration, NULL, out);
        size_t k = 0;
        for (int m = APPOINTMENT_DAY_FIRST_MIN; m + duration <= APPOINTMENT_DAY_LAST_MIN;
             m += APPOINTMENT_STEP_MIN) {
            struct gu_datetime t = at(2026, 3, 17, m / 60, m % 60);
            bool fits = appointment_fits(NULL, HOURS_REGION_FRANCE, "Europe/Paris", busy, nb, &t,
                                         duration);
            bool offered = k < n && datetime_compare(&out[k], &t) == 0;
            CHECK(fits == offered);
            k += offered;
        }
        CHECK(k == n);
        struct free_period p[APPOINTMENT_DAY_SLOTS];
        size_t np = appointment_free_periods("Europe/Paris", out, n, duration, p);
        for (size_t i = 0; i < n; i++) { /* each start's appointment inside one period */
            long long s = appointment_minutes(&out[i]);
            bool inside = false;
            for (size_t j = 0; j < np && !inside; j++)
                inside = appointment_minutes(&p[j].from) <= s &&
                         s + duration <= appointment_minutes(&p[j].until);
            CHECK(inside);
        }
        for (size_t j = 0; j < np; j++) /* and no period holds a busy minute */
            for (size_t b = 0; b < nb; b++) {
                long long from = 0, until = 0;
                appointment_instant("Europe/Paris", &p[j].from, &from);
                appointment_instant("Europe/Paris", &p[j].until, &until);
                CHECK(!(busy[b].start < until && from < busy[b].end));
            }
    }
}

const struct unit_test appointment_tests[] = {
    {"appointment: the starts of a day within the site's hours, less the operator's appointments",
     test_day_starts_hours},
    {"appointment: without hours that tell, the working day, Monday to Saturday",
     test_day_starts_without_hours},
    {"appointment: the night the clocks go forward, no start in the hour skipped",
     test_day_starts_clock_change},
    {"appointment: the starts offered against appointment_fits on random agendas, and the free "
     "periods they make",
     test_day_starts_random},
    {NULL, NULL},
};
