#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "session.h"

static void test_defaults(void)
{
    struct help_session s;
    session_init(&s);
    CHECK(s.duration_min == 15);
    CHECK_STR(vocab_code(VOCAB_PLACE, s.place), "lieu_activite");
    CHECK(s.themes == 0 && s.age == VOCAB_NONE && !s.oriented);
    CHECK(s.at.year == 2026 && s.at.month == 3 && s.at.day == 14);
}

static void test_validation_rules(void)
{
    struct help_session s;
    struct gu_error err;
    session_init(&s);
    CHECK(session_validate(&s, &err) == GU_INVALID); /* no theme */
    s.themes = 1u << vocab_find(VOCAB_THEME, "email");
    CHECK(session_validate(&s, &err) == GU_OK);
    s.demarches = 1u;
    CHECK(session_validate(&s, &err) == GU_INVALID); /* démarche without its theme */
    s.themes |= 1u << vocab_theme_demarches();
    CHECK(session_validate(&s, &err) == GU_OK);
    s.duration_min = 0;
    CHECK(session_validate(&s, &err) == GU_INVALID);
    s.duration_min = 1441;
    CHECK(session_validate(&s, &err) == GU_INVALID);
    s.duration_min = 30;
    s.at.minute = 31; /* GUICHET_NOW is 10:30 */
    CHECK(session_validate(&s, &err) == GU_INVALID);
    CHECK(strstr(err.message, "future") != NULL);
    s.at.minute = 30;
    s.orientation = 0;
    CHECK(session_validate(&s, &err) == GU_INVALID); /* category without orientation */
    s.oriented = true;
    CHECK(session_validate(&s, &err) == GU_OK);
}

static void test_parse_duration(void)
{
    struct gu_error err;
    int m = 0;
    CHECK(session_parse_duration("d", "45", &m, &err) == GU_OK && m == 45);
    CHECK(session_parse_duration("d", "1440", &m, &err) == GU_OK);
    const char *bad[] = {"0", "-5", "1441", "4.5", "", "abc", "99999999999999999999", " 5"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        CHECK(session_parse_duration("d", bad[i], &m, &err) == GU_INVALID);
}

static void test_matches_labels_and_texts(void)
{
    struct help_session s;
    session_init(&s);
    s.themes = 1u << vocab_theme_demarches();
    s.procedure = strdup("Actualisation P\xC3\xB4le emploi");
    CHECK(session_matches(&s, "pole emploi"));
    CHECK(session_matches(&s, "administrative"));
    CHECK(!session_matches(&s, "banking"));
    struct help_session copy;
    struct gu_error err;
    CHECK(session_copy(&copy, &s, &err) == GU_OK);
    CHECK(copy.procedure != s.procedure && !strcmp(copy.procedure, s.procedure));
    session_clear(&copy);
    session_clear(&s);
    CHECK(s.procedure == NULL);
}

/* The day and time typed in the session form, for a session logged later. */
static void test_parse_when(void)
{
    struct gu_datetime at;
    struct gu_error err;
    CHECK(session_parse_when("When", "13/03/2026 16:45", 2026, &at, &err) == GU_OK);
    CHECK(at.year == 2026 && at.month == 3 && at.day == 13 && at.hour == 16 && at.minute == 45);
    CHECK(session_parse_when("When", " 2/1  9 h 05 ", 2026, &at, &err) == GU_OK);
    CHECK(at.year == 2026 && at.month == 1 && at.day == 2 && at.hour == 9 && at.minute == 5);
    CHECK(session_parse_when("When", "2025-12-31 14h", 2026, &at, &err) == GU_OK);
    CHECK(at.year == 2025 && at.month == 12 && at.day == 31 && at.hour == 14 && at.minute == 0);
    CHECK(session_parse_when("When", "1/1/2026 8H30", 2026, &at, &err) == GU_OK && at.minute == 30);
    /* As the French form shows it: no-break spaces in "10 h 30" and before it. */
    CHECK(session_parse_when("When", "14/03/2026\xC2\xA0" "10\xC2\xA0h\xE2\x80\xAF" "30", 2026, &at, &err) ==
          GU_OK);
    CHECK(at.day == 14 && at.hour == 10 && at.minute == 30);
    CHECK(session_parse_when("When", "30/02/2026 10:00", 2026, &at, &err) == GU_INVALID);
    CHECK(strstr(err.message, "When") && strstr(err.message, "30/02/2026 10:00"));
    const char *bad[] = {"13/03/26 10:00", "", "13/03/2026", "13/03/2026 24:00",
                         "13/03/2026 10:", "13/03/2026 10:5x", "10:00", "13/03/2026  ",
                         "13/03/2026 10:00 x", "13-03-2026 10:00", "99999999999999999 10:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(session_parse_when("When", bad[i], 2026, &at, &err) == GU_INVALID);
}

const struct unit_test session_tests[] = {
    {"session: defaults", test_defaults},
    {"session: validation rules", test_validation_rules},
    {"session: duration parsing", test_parse_duration},
    {"session: the date and time of a session logged later", test_parse_when},
    {"session: search matches labels and texts", test_matches_labels_and_texts},
    {NULL, NULL},
};
