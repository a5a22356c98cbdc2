#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hours.h"
#include "i18n.h"

static void check_day(const char *hours, const char *date, const char *expected);

static struct gu_datetime at(const char *text)
{
    struct gu_datetime t = {0};
    datetime_parse(text, &t);
    return t;
}

static void status_in(enum hours_region region, const char *hours, const char *when,
                      const char *expected)
{
    struct hours *h = NULL;
    struct gu_error err = {0};
    int parsed = hours_parse(hours, &h, &err);
    if (parsed)
        fprintf(stderr, "    \"%s\": %s\n", hours, err.message);
    CHECK(parsed == GU_OK);
    if (parsed)
        return;
    struct gu_datetime t = at(when);
    char *buf = hours_status(h, region, &t);
    if (buf && strcmp(buf, expected))
        fprintf(stderr, "    \"%s\" at %s\n", hours, when);
    CHECK_STR(buf, expected);
    free(buf);
    hours_free(h);
}

static void status(const char *hours, const char *when, const char *expected)
{
    status_in(HOURS_REGION_FRANCE, hours, when, expected);
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
    const enum hours_region fr = HOURS_REGION_FRANCE, am = HOURS_REGION_ALSACE_MOSELLE;
    CHECK(date_is_public_holiday(2026, 5, 1, fr, NULL));
    CHECK(date_is_public_holiday(2026, 4, 6, fr, NULL));  /* Easter Monday: Easter 5 April 2026 */
    CHECK(date_is_public_holiday(2026, 5, 14, fr, NULL)); /* Ascension */
    CHECK(date_is_public_holiday(2026, 5, 25, fr, NULL)); /* Whit Monday */
    CHECK(date_is_public_holiday(2024, 4, 1, fr, NULL));  /* Easter Monday 2024 */
    CHECK(!date_is_public_holiday(2026, 4, 7, fr, NULL));
    /* Alsace-Moselle: Good Friday and 26 December, by the postal code. */
    const char *name = NULL;
    CHECK(!date_is_public_holiday(2027, 3, 26, fr, NULL));
    CHECK(date_is_public_holiday(2027, 3, 26, am, &name));
    CHECK_STR(name, "Vendredi saint");
    CHECK(date_is_public_holiday(2026, 12, 26, am, NULL));
    CHECK(!date_is_public_holiday(2026, 12, 26, fr, NULL));
    CHECK(hours_region_of_postal_code("57000") == am);
    CHECK(hours_region_of_postal_code("67000") == am);
    CHECK(hours_region_of_postal_code("68100") == am);
    CHECK(hours_region_of_postal_code("75011") == fr);
    CHECK(hours_region_of_postal_code(NULL) == fr);
    status_in(am, "Mo-Sa 09:00-12:00; PH off", "2027-03-26 10:00",
              "Closed; opens tomorrow at 9:00 \u2013 Vendredi saint");
    status_in(fr, "Mo-Sa 09:00-12:00; PH off", "2027-03-26 10:00", "Open now, until 12:00");
    char with_ph[128];
    snprintf(with_ph, sizeof with_ph, "%s; PH off", standard);
    /* The holiday's name, as opening_hours.js gives it, is said too. */
    status(with_ph, "2026-05-01 10:00", "Closed; opens tomorrow at 8:30 \u2013 Fête du travail");
    status(with_ph, "2026-04-06 10:00", "Closed; opens tomorrow at 9:00 \u2013 Lundi de Pâques");
    status(standard, "2026-05-01 10:00", "Open now, until 12:00"); /* no PH rule: as a Friday */
    status("Mo-Sa 10:00-18:00; PH 10:00-12:00", "2026-07-14 11:00",
           "Open now, until 12:00 \u2013 Fête Nationale de la France");
    /* The later rule wins (the issue): open on a weekday holiday. */
    status("PH off; Mo-Fr 09:00-17:00", "2026-05-01 10:00", "Open now, until 17:00");
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
    /* Wall-clock days: the night after the spring clock change (2027-03-28, 23 hours long) ends
     * on Monday as any other (opening_hours.js 3.15.0 loses that hour: hours-oracle.js). */
    status("Su 22:00-02:00", "2027-03-29 00:30", "Open now, until 2:00");
    status("Sa 22:00-03:00", "2027-03-28 02:30", "Open now, until 3:00");
    status("Sa 22:00-03:00", "2027-10-31 02:30", "Open now, until 3:00");
}

/* The shapes the issue quotes as refused before. */
static void test_the_issue_s_shapes(void)
{
    status("Mo-Fr 09:00-12:00, 14:00-17:00", "2026-03-17 12:30", "Closed; opens today at 14:00");
    status("Mo-Fr 9:00-12:00", "2026-03-17 8:00", "Closed; opens today at 9:00");
    status("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "2026-03-17 10:00",
           "Open or closed: unknown \u2013 sur rendez-vous");
    status("Mo-Fr 09:00-17:00; Aug off", "2026-08-04 10:00",
           "Closed; opens on Tuesday 1 September at 9:00");
    status("Jul-Aug Tu-Fr 14:00-18:00", "2026-07-07 15:00", "Open now, until 18:00");
    status("Jul-Aug Tu-Fr 14:00-18:00", "2026-09-01 15:00",
           "Closed; opens on Thursday 1 July at 14:00");
    status("Mo-Sa 10:00-18:00; Dec 24-Jan 01 off", "2026-12-31 11:00",
           "Closed; opens Saturday at 10:00");
    status("Sa[1] 10:00-12:00", "2026-03-07 11:00", "Open now, until 12:00");
    status("Sa[1] 10:00-12:00", "2026-03-14 11:00", "Closed; opens on Saturday 4 April at 10:00");
    status("Mo[-1] 14:00-17:00", "2026-03-30 15:00", "Open now, until 17:00");
    status("Mo-Fr 09:00-17:00; easter +1 day off", "2026-04-06 10:00",
           "Closed; opens tomorrow at 9:00");
    status("Mo-Sa 09:00+", "2026-03-17 10:00",
           "Open or closed: unknown \u2013 closing time not given");
    status("Mo-Fr 09:00-17:00 || \"sur rendez-vous\"", "2026-03-21 10:00",
           "Open or closed: unknown \u2013 sur rendez-vous");
    status("week 01-53/2 Sa 10:00-12:00", "2026-01-03 11:00", "Open now, until 12:00"); /* week 1 */
    /* A week away: the weekday alone would be read as today. */
    status("week 01-53/2 Sa 10:00-12:00", "2026-01-10 11:00",
           "Closed; opens on Saturday 17 January at 10:00");
    status("Mo-Fr 09:00-17:00; 2026 Dec 25 off", "2026-12-25 10:00", "Closed; opens Monday at 9:00");
    status("Mo-Fr 09:00-17:00; PH closed \"jour férié\"", "2026-05-01 10:00",
           "Closed; opens Monday at 9:00 \u2013 jour férié");
}

static void test_refuses_what_it_does_not_understand(void)
{
    struct hours *h = NULL;
    struct gu_error err;
    const struct { const char *text, *part; } bad[] = {
        {"", "empty"},
        {"Mo 9h-12h", "9h-12h"},
        {"Mo-Fr 09:00", "end"},
        {"Mo 25:00-26:00", "25:00-26:00"},
        {"Mo-Fr 10:00-12:00; SH off", "SH"},
        {"Mo-Fr sunrise-sunset", "sunrise"},
        {"PH +1 day off", "+1 day"},
        {"Mo 10:00-12:00 \"open", "comment"},
        {"Mo 10:00-12:00 \"a\x01b\"", "control"},
        {"lundi 10:00-12:00", "lundi"},
        {"Mo 10:00-12:00 é", "é"},
        {"week 01-53/1 Mo 10:00-12:00", "53/1"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        CHECK(hours_parse(bad[i].text, &h, &err) == GU_INVALID);
        CHECK(h == NULL);
        if (!strstr(err.message, bad[i].part))
            fprintf(stderr, "    \"%s\": \"%s\" does not name \"%s\"\n", bad[i].text,
                    err.message, bad[i].part);
        CHECK(strstr(err.message, bad[i].part) != NULL);
        CHECK(strstr(err.message, "opening hours") != NULL);
    }
}

/* No limit that a string decides: many rules, many ranges. */
static void test_no_fixed_limits(void)
{
    char text[4096] = "";
    for (int i = 0; i < 40; i++) {
        char range[64];
        snprintf(range, sizeof range, "%s%02d:%02d-%02d:%02d", i ? "," : "Mo ", i / 2,
                 (i % 2) * 30, i / 2, (i % 2) * 30 + 15);
        strcat(text, range);
    }
    status(text, "2026-03-16 20:00", "Closed; opens on Monday 23 March at 0:00");
    status(text, "2026-03-16 10:35", "Open now, until 10:45");
}

/* French as typed at the desk, and what is stored. */
static void french(const char *typed, const char *expected)
{
    char *osm = NULL;
    struct gu_error err = {0};
    int status = hours_from_french(typed, &osm, &err);
    if (status != GU_OK)
        fprintf(stderr, "    \"%s\": %s\n", typed, err.message);
    CHECK(status == GU_OK);
    CHECK_STR(osm, expected);
    free(osm);
}

/* Refused, with a message quoting what was not understood. */
static void refused(const char *typed, const char *quoted)
{
    char *osm = NULL;
    struct gu_error err = {0};
    CHECK(hours_from_french(typed, &osm, &err) == GU_INVALID);
    CHECK(osm == NULL);
    if (!strstr(err.message, quoted))
        fprintf(stderr, "    \"%s\": message \"%s\" does not quote \"%s\"\n", typed,
                err.message, quoted);
    CHECK(strstr(err.message, quoted) != NULL);
    free(osm);
}

static void test_french_examples_of_the_issue(void)
{
    french("du lundi au vendredi 9h-12h, 14h-17h", "Mo-Fr 09:00-12:00,14:00-17:00");
    french("lundi 9h30-12h", "Mo 09:30-12:00");
    french("mardi et jeudi 14h à 18h", "Tu,Th 14:00-18:00");
    french("samedi matin 9h-12h", "Sa 09:00-12:00");
    french("fermé le dimanche", "Su off");
    french("tous les jours 8h-20h", "Mo-Su 08:00-20:00");
    french("24h/24", "24/7");
    french("lun-ven 9:00-17:00", "Mo-Fr 09:00-17:00");
}

static void test_french_more_ways(void)
{
    /* Several clauses, commas and "et" between hours or between days. */
    french("du lundi au vendredi de 9h à 12h et de 14h à 17h, le samedi de 9h à 12h",
           "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00");
    french("Lundi, mardi, jeudi et vendredi de 8h30 à 12h et de 13h30 à 17h ; mercredi 8h30-12h",
           "Mo,Tu,Th,Fr 08:30-12:00,13:30-17:00; We 08:30-12:00");
    french("du mardi au samedi 10h-18h, fermé dimanche et lundi",
           "Tu-Sa 10:00-18:00; Mo,Su off");
    french("lundi 9h-12h mardi 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00");
    french("Du Lundi Au Vendredi : 9 h 30 - 12 h 30 / 13 h 30 - 17 h",
           "Mo-Fr 09:30-12:30,13:30-17:00");
    french("lundi au vendredi 9h–12h", "Mo-Fr 09:00-12:00"); /* en dash */
    french("les mercredis après-midi 14h-18h", "We 14:00-18:00");
    french("le samedi de 10 heures à midi", "Sa 10:00-12:00");
    french("entre 9h et 12h du lundi au vendredi", "Mo-Fr 09:00-12:00");
    french("9-12h en semaine", "Mo-Fr 09:00-12:00");
    french("le week-end 10h-19h", "Sa,Su 10:00-19:00");
    french("Sam. 9h-12h", "Sa 09:00-12:00");
    french("vendredi 20h-2h", "Fr 20:00-02:00");             /* past midnight */
    french("samedi 18h-minuit", "Sa 18:00-24:00");
    french("tous les jours 9h-18h sauf le dimanche", "Mo-Sa 09:00-18:00; Su off");
    french("tous les jours sauf le mercredi, 9h-18h", "Mo,Tu,Th-Su 09:00-18:00");
    french("du lundi au samedi 9h-12h, fermé les jours fériés", "Mo-Sa 09:00-12:00; PH off");
    french("lundi 9h-12h; jours fériés fermé", "Mo 09:00-12:00; PH off");
    french("ouvert 24h/24 et 7j/7", "24/7");
    french("du lundi au vendredi 24h/24", "Mo-Fr 00:00-24:00");
    french("du samedi au lundi 10h-12h", "Mo,Sa,Su 10:00-12:00"); /* a range over Sunday */
    french("Mo-Fr 9h-12h", "Mo-Fr 09:00-12:00");                 /* half OpenStreetMap */
    french("lundi 9h-12h\nmardi 9h-12h", "Mo,Tu 09:00-12:00");
    french("fermé le dimanche, lundi 9h-12h", "Mo 09:00-12:00; Su off");
    french("du lundi au vendredi 9h-17h, mercredi 9h-12h",        /* a later clause wins */
           "Mo,Tu,Th,Fr 09:00-17:00; We 09:00-12:00");
    french("samedi 9h jusqu'à 12h", "Sa 09:00-12:00");
    french("Lundi : 14h-18h / Mardi au Vendredi : 9h-12h 14h-18h / Samedi : 9h-12h",
           "Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00");
    french("Lundi au vendredi 9h-17h sans interruption", "Mo-Fr 09:00-17:00");
    french("lundi 9h-12h, mardi : fermé, mercredi 14h-17h",
           "Mo 09:00-12:00; We 14:00-17:00; Tu off");
    french("dimanche et jours fériés : fermé", "Su off; PH off");
    /* As many ranges as the desk writes: no limit. */
    french("lundi 1h-2h,3h-4h,5h-6h,7h-8h,9h-10h,11h-12h,13h-14h",
           "Mo 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00");
}

static void test_french_keeps_openstreetmap(void)
{
    /* Typed in OpenStreetMap's syntax already: kept exactly as it is. */
    french("Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo-Fr 09:00-12:00,14:00-17:00; PH off");
    french("24/7", "24/7");
    french("Tu 09:00-12:00", "Tu 09:00-12:00");
    french("Mo-Fr 9:00-12:00, 14:00-17:00 \"sur rendez-vous\"",
           "Mo-Fr 9:00-12:00, 14:00-17:00 \"sur rendez-vous\"");
    french("Jul-Aug Tu-Fr 14:00-18:00; PH off", "Jul-Aug Tu-Fr 14:00-18:00; PH off");
    /* What is written is always read back by hours_parse. */
    const char *typed[] = {"du lundi au vendredi 9h-12h, 14h-17h", "fermé le dimanche",
                           "tous les jours 8h-20h", "vendredi 20h-2h"};
    for (size_t i = 0; i < ARRAY_LEN(typed); i++) {
        char *osm = NULL;
        struct gu_error err;
        struct hours *h = NULL;
        CHECK(hours_from_french(typed[i], &osm, &err) == GU_OK);
        CHECK(osm && hours_parse(osm, &h, &err) == GU_OK);
        hours_free(h);
        free(osm);
    }
}

static void test_french_refuses_what_it_does_not_understand(void)
{
    refused("du lundi au vendredi sur rendez-vous", "\"sur rendez-vous\" was not understood");
    refused("lundi 9h", "9h");                         /* no end */
    refused("lundi 9h-25h", "25h");
    refused("lundi 9h70-12h", "9h70");
    refused("du lundi au vendredi", "du lundi au vendredi"); /* no hours */
    refused("samedi matin", "matin");
    refused("fermé le mercredi après-midi", "après-midi");
    refused("lundi 9h-9h", "9h-9h");
    refused("lundi 14h-12h", "14h-12h");
    refused("", "");
    refused("ouvert", "");
    refused("lundi (9h-12h)", "(");
    refused("lundi 9h-12h, mardi", "mardi");
    refused("lundi 0900-1200", "0900");
    refused("lundi 9h-12h jusqu'à", "jusqu");
    char *osm = NULL;
    struct gu_error err;
    CHECK(hours_from_french("lundi 9h", &osm, &err) == GU_INVALID);
    CHECK(strstr(err.message, "a time needs an end") != NULL);
}

static char *day_line(const char *hours, const char *date)
{
    struct hours *h = NULL;
    struct gu_error err;
    int y, m, d;
    CHECK(date_parse(date, &y, &m, &d));
    CHECK(hours_parse(hours, &h, &err) == GU_OK);
    char *line = hours_describe_date(h, HOURS_REGION_FRANCE, y, m, d);
    hours_free(h);
    return line;
}

static void check_day(const char *hours, const char *date, const char *expected)
{
    char *line = day_line(hours, date);
    CHECK_STR(line, expected);
    free(line);
}

static void test_week_lines(void)
{
    const char *week = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00; PH off";
    /* 2026-03-16 is a Monday. */
    check_day(week, "2026-03-16", "Monday: 9:00\u2013" "12:00, 14:00\u2013" "17:00");
    check_day(week, "2026-03-21", "Saturday: 9:30\u2013" "12:00");
    check_day(week, "2026-03-22", "Sunday: closed");
    check_day(week, "2026-05-01", "Friday (public holiday): closed");
    check_day("24/7", "2026-03-18", "Wednesday: open all day");
    check_day("Fr 22:00-02:00", "2026-03-20", "Friday: 22:00\u2013" "24:00");
    check_day("Fr 22:00-02:00", "2026-03-21", "Saturday: 0:00\u2013" "2:00");
    /* Dates decide: the line is the day's own. */
    check_day("Mo-Fr 09:00-17:00; Aug off", "2026-08-03", "Monday: closed");
    check_day("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "2026-03-16",
              "Monday: 9:00\u2013" "12:00 (sur rendez-vous)");
    check_day("Mo 09:00-12:00 unknown", "2026-03-16", "Monday: 9:00\u2013" "12:00 (unknown)");
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse(week, &h, &err) == GU_OK);
    CHECK(hours_describe_date(h, HOURS_REGION_FRANCE, 2026, 2, 30) == NULL);
    hours_free(h);
}

/* The French of the card: weekday names from the catalogue, French typography. */
static void test_week_lines_in_french(void)
{
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    CHECK(i18n_is_french()); /* the French catalogue was found (GUICHET_LOCALEDIR) */
    const char *week = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00";
    check_day(week, "2026-03-16", "lundi\u00a0: 9\u00a0h \u2013 12\u00a0h, 14\u00a0h \u2013 17\u00a0h");
    check_day(week, "2026-03-21", "samedi\u00a0: 9\u00a0h\u00a030 \u2013 12\u00a0h");
    char *sunday = day_line(week, "2026-03-22"), expected[64];
    snprintf(expected, sizeof expected, "dimanche\u00a0: %s", _("closed"));
    CHECK_STR(sunday, expected);
    free(sunday);
    /* "Open now" speaks of the hours the same way: "12 h", not "12 h 00". */
    status(week, "2026-03-17 10:00", "Ouvert maintenant, jusqu\u2019\u00e0 12\u00a0h");
    status(week, "2026-03-17 12:00", "Ferm\u00e9\u202f; ouvre aujourd\u2019hui \u00e0 14\u00a0h");
    status(week, "2026-03-21 10:00", "Ouvert maintenant, jusqu\u2019\u00e0 12\u00a0h");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    CHECK(!i18n_is_french());
}

/* The next opening however far (a seasonal closure, a yearly date), and an open end's start as
 * an opening; bounded, beyond which it is just "Closed". */
static void test_next_opening_far_away(void)
{
    status("Mo-Fr 09:00-17:00; Aug off", "2027-07-30 18:00",
           "Closed; opens on Wednesday 1 September at 9:00");
    status("Mo-Fr 09:00-17:00; Dec 24-Jan 01 off", "2026-12-23 18:00",
           "Closed; opens on Monday 4 January at 9:00");
    status("Sa[1] 10:00-12:00", "2026-12-12 11:00", "Closed; opens on Saturday 2 January at 10:00");
    status("Dec 25 10:00-12:00", "2026-12-17 10:00", "Closed; opens on Friday 25 December at 10:00");
    status("Nov-Feb Mo 10:00-12:00", "2027-03-01 11:00",
           "Closed; opens on Monday 1 November at 10:00");
    status("Mo-Fr 18:00+", "2026-12-02 10:00", "Closed; opens today at 18:00");
    status("Mo-Fr 08:00-12:00,18:00+", "2026-12-02 13:00", "Closed; opens today at 18:00");
    status("Mo-Fr 18:00+", "2026-12-02 19:00",
           "Open or closed: unknown \u2013 closing time not given");
    status("Mo-Fr 09:00-17:00", "2026-12-04 18:00", "Closed; opens Monday at 9:00");
    /* Never, or not within the bound (400 days): "Closed", never a guess. */
    status("Mo off", "2026-03-16 10:00", "Closed");
    status("2020 Mo-Fr 09:00-17:00", "2026-03-16 10:00", "Closed");
    status("2029 Mo-Fr 09:00-17:00", "2026-03-16 10:00", "Closed");
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse("Mo-Fr 09:00-17:00; Aug off", &h, &err) == GU_OK);
    struct gu_datetime from = at("2027-07-30 18:00"), next;
    CHECK(hours_next_change(h, HOURS_REGION_FRANCE, &from, 400, &next));
    char text[DATETIME_TEXT_SIZE];
    datetime_format(&next, text);
    CHECK_STR(text, "2027-09-01 09:00");
    hours_free(h);
}

/* The hour the spring night skips (2027-03-28 in Paris, 02:00-02:59): a change there is told at
 * 03:00, hours inside it do not happen. */
static void test_spring_gap(void)
{
    status("Su 02:15-02:45", "2027-03-28 01:50", "Closed; opens on Sunday 4 April at 2:15");
    status("Su 01:00-02:30", "2027-03-28 01:50", "Open now, until 3:00");
    status("Sa 18:00-26:30", "2027-03-28 01:30", "Open now, until 3:00");
    status("Su 02:30-05:00", "2027-03-28 01:00", "Closed; opens today at 3:00");
    /* Other nights as written. */
    status("Su 01:00-02:30", "2027-03-21 01:50", "Open now, until 2:30");
    status("Su 02:15-02:45", "2027-10-31 01:50", "Closed; opens today at 2:15");
    struct hours *h = NULL;
    struct gu_error err;
    CHECK(hours_parse("Su 02:15-02:45", &h, &err) == GU_OK);
    struct gu_datetime from = at("2027-03-28 01:50"), next;
    CHECK(hours_next_change(h, HOURS_REGION_FRANCE, &from, 8, &next));
    char text[DATETIME_TEXT_SIZE];
    datetime_format(&next, text);
    CHECK_STR(text, "2027-04-04 02:15");
    hours_free(h);
    /* The card's line of that Sunday says the same. */
    check_day("Su 02:15-02:45", "2027-03-28", "Sunday: closed");
    check_day("Su 01:00-02:30", "2027-03-28", "Sunday: 1:00\u2013" "3:00");
    check_day("Su 02:30-05:00", "2027-03-28", "Sunday: 3:00\u2013" "5:00");
    check_day("Su 02:15-02:45", "2027-04-04", "Sunday: 2:15\u2013" "2:45");
}

/* Overseas departments' holidays by postal code, as opening_hours.js knows them. */
static void test_overseas_holidays(void)
{
    const char *name = NULL;
    CHECK(hours_region_of_postal_code("97400") == HOURS_REGION_REUNION);
    CHECK(hours_region_of_postal_code("97100") == HOURS_REGION_GUADELOUPE);
    CHECK(hours_region_of_postal_code("97200") == HOURS_REGION_MARTINIQUE);
    CHECK(hours_region_of_postal_code("97300") == HOURS_REGION_GUYANE);
    CHECK(hours_region_of_postal_code("97600") == HOURS_REGION_MAYOTTE);
    CHECK(hours_region_of_postal_code("97133") == HOURS_REGION_SAINT_BARTHELEMY);
    CHECK(hours_region_of_postal_code("97150") == HOURS_REGION_SAINT_MARTIN);
    CHECK(hours_region_of_postal_code("97500") == HOURS_REGION_FRANCE);
    CHECK(date_is_public_holiday(2027, 12, 20, HOURS_REGION_REUNION, &name));
    CHECK_STR(name, "Abolition de l\u2019esclavage");
    CHECK(!date_is_public_holiday(2027, 12, 20, HOURS_REGION_FRANCE, NULL));
    CHECK(date_is_public_holiday(2027, 5, 27, HOURS_REGION_GUADELOUPE, NULL));
    CHECK(date_is_public_holiday(2027, 5, 22, HOURS_REGION_MARTINIQUE, NULL));
    CHECK(date_is_public_holiday(2027, 6, 10, HOURS_REGION_GUYANE, NULL));
    CHECK(date_is_public_holiday(2027, 4, 27, HOURS_REGION_MAYOTTE, NULL));
    CHECK(date_is_public_holiday(2027, 7, 21, HOURS_REGION_MARTINIQUE, &name));
    CHECK_STR(name, "Jour de Victor Schoelcher");
    CHECK(date_is_public_holiday(2027, 3, 26, HOURS_REGION_GUADELOUPE, &name));
    CHECK_STR(name, "Vendredi saint");
    CHECK(!date_is_public_holiday(2027, 3, 26, HOURS_REGION_REUNION, NULL));
    CHECK(!date_is_public_holiday(2027, 12, 26, HOURS_REGION_GUADELOUPE, NULL));
    status_in(HOURS_REGION_REUNION, "Mo-Fr 09:00-17:00; PH off", "2027-12-20 10:00",
              "Closed; opens tomorrow at 9:00 \u2013 Abolition de l\u2019esclavage");
    status_in(HOURS_REGION_GUADELOUPE, "Mo-Fr 09:00-17:00; PH off", "2027-05-27 10:00",
              "Closed; opens tomorrow at 9:00 \u2013 Abolition de l\u2019esclavage");
}

/* Refusals name the part not understood, in the syntax's terms, also through the French
 * reader (partner add --hours, the partner form). */
static void test_refusals_name_the_part(void)
{
    const struct { const char *text, *part; } bad[] = {
        {"Feb 30 off", "\"Feb 30\": day out of range: February has 28 or 29 days"},
        {"Apr 31 off", "\"Apr 31\": day out of range: April has 30 days"},
        {"Dec 32 off", "\"Dec 32\": day out of range: December has 31 days"},
        {"10:00-12:00/01:00", "\"/01:00\": periods"}, /* no weekday before it */
        {"\"unclosed", "opening hours \"\"unclosed\": a comment is not closed"},
        {"easter -400 days off", "\"-400 days\""},
        {"PH +1 day off", "\"+1 day\": offsets of public holidays"},
        {"Sa[1] -1 day 10:00-12:00", "\"-1 day\": offsets of weekdays"},
        {"Mo-Fr 10:00-12:00/01:00", "\"/01:00\": periods"},
        {"Sa[6] 10:00-12:00", "\"6\": the nth weekday is between -5 and 5"},
        {"Sa[-6] 10:00-12:00", "\"-6\""},
        {"Mo-Fr 10:00-12:00; SH off", "\"SH\""},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct hours *h = NULL;
        struct gu_error err;
        CHECK(hours_parse(bad[i].text, &h, &err) == GU_INVALID);
        if (!strstr(err.message, bad[i].part))
            fprintf(stderr, "    \"%s\": \"%s\" does not name %s\n", bad[i].text, err.message,
                    bad[i].part);
        CHECK(strstr(err.message, bad[i].part) != NULL);
        refused(bad[i].text, bad[i].part);
    }
    refused("lundi 9h-12h/3", "3"); /* French: the French reader's message */
}

/* A month in a message is named in the catalogue's language, as dates are. */
static void test_refusals_name_months_in_french(void)
{
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    CHECK(i18n_is_french());
    refused("Apr 31 off", "\u00ab\u00a0Apr 31\u00a0\u00bb\u00a0: jour hors limites\u00a0: avril a 30 jours");
    refused("Dec 32 off", "d\u00e9cembre a 31 jours");
    refused("Feb 30 off", _("day out of range: February has 28 or 29 days"));
    setenv("LANGUAGE", "en", 1);
    i18n_init();
}

/* A date with a year that year does not have ("2027 Feb 29") is no day at all, as in
 * opening_hours.js: never 1 March. A long range's end is its day after, as there. */
static void test_dates_a_year_does_not_have(void)
{
    status("2027 Feb 29 10:00-12:00", "2027-03-01 11:00", "Closed");
    status("2027 Feb 28-29 10:00-12:00", "2027-02-28 11:00", "Closed");
    status("2028 Feb 29 10:00-12:00", "2028-02-29 11:00", "Open now, until 12:00");
    status("Feb 29 10:00-12:00", "2027-03-01 11:00", "Closed; opens on Tuesday 29 February at 10:00");
    status("2027 Feb 29-2027 Mar 02 10:00-12:00", "2027-03-01 11:00", "Open now, until 12:00");
    check_day("2027 Feb 29 10:00-12:00", "2027-03-01", "Monday: closed");
}

/* An open end is its start on its day, never hours made up for the night after. */
static void test_open_end_on_the_card(void)
{
    const char *hours = "We 18:00+; Fr 09:00-12:00"; /* 2026-12-02 is a Wednesday */
    check_day(hours, "2026-12-02", "Wednesday: 18:00, closing time not given");
    check_day(hours, "2026-12-03", "Thursday: closed");
    check_day(hours, "2026-12-04", "Friday: 9:00\u2013" "12:00");
    check_day("Mo-Fr 08:00-12:00,18:00+", "2026-12-01",
              "Tuesday: 8:00\u2013" "12:00, 18:00, closing time not given");
    check_day("Mo-Fr 10:00+", "2026-12-01", "Tuesday: 10:00, closing time not given");
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    char expected[128] = "mercredi\u00a0: ";
    size_t len = strlen(expected);
    snprintf(expected + len, sizeof expected - len, _("%s, closing time not given"), "18\u00a0h");
    check_day(hours, "2026-12-02", expected); /* "18 h, fermeture non précisée" */
    setenv("LANGUAGE", "en", 1);
    i18n_init();
}

/* A next opening a year or more away gives its year: its day and month alone would name an
 * earlier date. Nearer, the day and month say it. */
static void test_next_opening_gives_a_far_year(void)
{
    status("Dec 25 10:00-11:00", "2026-12-25 11:30",
           "Closed; opens on Saturday 25 December 2027 at 10:00");
    status("Dec 25 10:00-11:00", "2026-12-17 10:00", "Closed; opens on Friday 25 December at 10:00");
    status("Mo-Fr 09:00-17:00; Dec 24-Jan 01 off", "2026-12-23 18:00",
           "Closed; opens on Monday 4 January at 9:00");
    status("Dec 25 10:00-11:00", "2026-12-26 10:00", "Closed; opens on Saturday 25 December at 10:00");
    status("Dec 24 10:00-11:00", "2026-12-25 11:30", "Closed; opens on Friday 24 December at 10:00");
}

const struct unit_test hours_tests[] = {
    {"hours: the next opening far away, an open end's start", test_next_opening_far_away},
    {"hours: the hour the spring night skips", test_spring_gap},
    {"hours: overseas departments' holidays", test_overseas_holidays},
    {"hours: refusals name the part, through the French reader too",
     test_refusals_name_the_part},
    {"hours: French as typed (the issue's examples)", test_french_examples_of_the_issue},
    {"hours: French, more ways of writing hours", test_french_more_ways},
    {"hours: OpenStreetMap typed as such is kept", test_french_keeps_openstreetmap},
    {"hours: French that is not understood is refused, quoted",
     test_french_refuses_what_it_does_not_understand},
    {"hours: the week's lines of the card", test_week_lines},
    {"hours: the week's lines in French typography", test_week_lines_in_french},
    {"hours: days and lunch breaks", test_days_and_lunch_breaks},
    {"hours: public holidays (PH)", test_public_holidays},
    {"hours: ranges, lists, 24/7, overnight", test_ranges_and_special_forms},
    {"hours: refuses what it does not understand, naming it",
     test_refuses_what_it_does_not_understand},
    {"hours: the shapes the issue quotes", test_the_issue_s_shapes},
    {"hours: no limit a string decides", test_no_fixed_limits},
    {"hours: months named in the catalogue's language", test_refusals_name_months_in_french},
    {"hours: a date a year does not have", test_dates_a_year_does_not_have},
    {"hours: an open end on the card", test_open_end_on_the_card},
    {"hours: a next opening a year away gives its year", test_next_opening_gives_a_far_year},
    {NULL, NULL},
};
