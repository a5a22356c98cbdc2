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

const struct unit_test session_tests[] = {
    {"session: defaults", test_defaults},
    {"session: validation rules", test_validation_rules},
    {"session: duration parsing", test_parse_duration},
    {"session: search matches labels and texts", test_matches_labels_and_texts},
    {NULL, NULL},
};
