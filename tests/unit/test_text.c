#include <stdlib.h>

#include "harness.h"
#include "text.h"

static char *clean(const char *in, enum text_policy policy, int *status)
{
    char *out = NULL;
    struct gu_error err;
    *status = text_clean_input("field", in, 20, policy, &out, &err);
    return out;
}

static void test_clean_accepts_and_normalises(void)
{
    int status;
    /* "e" + combining acute becomes the single precomposed "é" (NFC); spaces are trimmed. */
    char *out = clean("  Cafe\xCC\x81 \xC2\xA0", TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_OK);
    CHECK_STR(out, "Caf\xC3\xA9");
    free(out);
}

static void test_clean_rejects_invalid_utf8(void)
{
    int status;
    char *out = clean("abc\xC3(", TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_INVALID);
    CHECK(out == NULL);
    out = clean("\xED\xA0\x80", TEXT_SPACE_BREAKS, &status); /* a surrogate, never valid */
    CHECK(status == GU_INVALID);
    free(out);
}

static void test_clean_controls_per_policy(void)
{
    int status;
    char *out = clean("a\x1b[31mb", TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_INVALID);
    free(out);
    out = clean("a\x1b[31mb\tc", TEXT_SPACE_BREAKS, &status); /* never dropped in silence */
    CHECK(status == GU_INVALID && out == NULL);
    out = clean("a\tb\r\nc", TEXT_SPACE_BREAKS, &status);
    CHECK(status == GU_OK);
    CHECK_STR(out, "a b  c");
    free(out);
}

static void test_clean_strips_bidi_overrides(void)
{
    int status;
    /* U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE vanish. */
    char *out = clean("ab\xE2\x80\xAE" "cd\xE2\x81\xA6", TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_OK);
    CHECK_STR(out, "abcd");
    free(out);
}

static void test_clean_limits_length_in_characters(void)
{
    int status;
    /* 20 accented letters are 40 bytes but 20 characters: accepted; 21 are refused. */
    char *out = clean("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                      "\xC3\xA9\xC3\xA9",
                      TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_OK);
    free(out);
    out = clean("abcdefghijklmnopqrstu", TEXT_REJECT_CONTROLS, &status);
    CHECK(status == GU_INVALID);
    free(out);
}

static void test_fold_accents_case_ligatures(void)
{
    char *f = text_fold("P\xC3\xB4le  EMPLOI");
    CHECK_STR(f, "pole emploi");
    free(f);
    f = text_fold("\xC5\x92UVRE \xC3\x89l\xC3\xA8ve Stra\xC3\x9F" "e");
    CHECK_STR(f, "oeuvre eleve strasse");
    free(f);
    f = text_fold("aujourd\xE2\x80\x99hui");
    CHECK_STR(f, "aujourd'hui");
    free(f);
}

static void test_fold_drops_invisible_characters(void)
{
    /* Zero-width space, soft hyphen, word joiner, byte order mark, zero-width joiner, Mongolian
     * vowel separator, combining grapheme joiner: nothing for search to see. */
    char *f = text_fold("Zo\xE2\x80\x8B" "e\xCC\x81 Mar\xC2\xADtin\xE2\x81\xA0\xEF\xBB\xBF");
    CHECK_STR(f, "zoe martin");
    free(f);
    f = text_fold("\xE2\x80\x8D" "a\xE1\xA0\x8E" "b\xCD\x8F" "c\xE2\x81\xA4");
    CHECK_STR(f, "abc");
    free(f);
    /* No-break and narrow no-break spaces are spaces; invisible ones do not split words. */
    f = text_fold("Zo\xC3\xA9\xC2\xA0\xE2\x80\xAFMartin");
    CHECK_STR(f, "zoe martin");
    free(f);
    CHECK(text_matches("Zo\xC3\xA9 Mar\xC2\xADtin", "martin"));
    CHECK(text_matches("Zo\xC3\xA9 Martin", "mar\xE2\x80\x8Btin"));
    CHECK(text_is_invisible(0x200B) && text_is_invisible(0xFEFF) && text_is_invisible(0xAD));
    CHECK(!text_is_invisible(' ') && !text_is_invisible(0xA0) && !text_is_invisible('a'));
}

/* ASCII text is folded without libunistring (fold_ascii): the same as the full path, which a
 * zero-width space in front (dropped, and not ASCII) takes; every character from 1 to 127 alone
 * and in pairs, then random strings of them. */
static void test_fold_ascii_agrees(void)
{
    char text[64], slow[68];
    int failures = 0;
    for (int a = 1; a < 128; a++)
        for (int b = 0; b < 128; b++) {
            text[0] = (char)a;
            text[1] = (char)b;
            text[2] = '\0';
            snprintf(slow, sizeof slow, "\xE2\x80\x8B%s", text);
            char *f = text_fold(text), *g = text_fold(slow);
            failures += !f || !g || strcmp(f, g) != 0;
            free(f);
            free(g);
        }
    unsigned seed = 12345;
    for (int i = 0; i < 20000; i++) {
        size_t len = (seed = seed * 1103515245 + 12345) >> 16 & 31;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245 + 12345;
            unsigned r = seed >> 16;
            /* spaces and controls often, to try their runs at both ends */
            text[k] = r % 4 == 0 ? " \t\n\x7f"[r / 4 % 4] : (char)(1 + r / 4 % 127);
        }
        text[len] = '\0';
        snprintf(slow, sizeof slow, "\xE2\x80\x8B%s", text);
        char *f = text_fold(text), *g = text_fold(slow);
        failures += !f || !g || strcmp(f, g) != 0;
        free(f);
        free(g);
    }
    CHECK(failures == 0);
}

static void test_matches_is_accent_and_case_insensitive(void)
{
    CHECK(text_matches("Inscription P\xC3\xB4le emploi", "pole EMPLOI"));
    CHECK(text_matches("pole emploi", "P\xC3\xB4le"));
    CHECK(!text_matches("France Travail", "pole"));
    CHECK(text_matches("anything", ""));
}

static void test_display_makes_bytes_inert(void)
{
    const char raw[] = "A\x1b]0;owned\x07\xff" "B\xE2\x80\xAE";
    char *d = text_for_display(raw, sizeof raw - 1);
    CHECK(d && !strchr(d, 0x1b) && !strchr(d, 0x07));
    CHECK_STR(d, "A\xEF\xBF\xBD]0;owned\xEF\xBF\xBD\xEF\xBF\xBD" "B");
    free(d);
}

static void test_for_output_cleans_only_what_needs_it(void)
{
    char *copy;
    const char *clean = "M\xC3\xA9" "diath\xC3\xA8que, 12 \xE2\x82\xAC";
    CHECK(text_for_output(clean, &copy) == clean && !copy); /* clean text: no copy */
    CHECK(text_for_output(NULL, &copy) == NULL && !copy);
    /* ESC, BEL, C1 CSI (as UTF-8 and raw), a line break, a tab, a bidi override, an overlong
     * '/', a cut sequence: valid UTF-8 without any control comes out. */
    const char *out = text_for_output("a\x1b[2J\x07\xC2\x9B\x9B\r\n\tb\xE2\x80\xAE" "c\xC0\xAF\xE2\x82", &copy);
    CHECK(out == copy);
    CHECK_STR(out, "a\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                   "bc\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(copy);
}

static void test_width_counts_columns(void)
{
    CHECK(text_width("abc") == 3);
    CHECK(text_width("\xC3\xA9t\xC3\xA9") == 3);     /* été */
    CHECK(text_width("\xE6\x97\xA5\xE6\x9C\xAC") == 4); /* 日本: wide */
    CHECK(text_width("e\xCC\x81") == 1);              /* combining accent takes no column */
}

static void test_fit_cuts_by_width_with_ellipsis(void)
{
    char *f = text_fit("M\xC3\xA9" "diath\xC3\xA8que", 6);
    CHECK_STR(f, "M\xC3\xA9" "dia\xE2\x80\xA6");
    CHECK(text_width(f) == 6);
    free(f);
    f = text_fit("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4); /* 日本語 in 4 columns */
    CHECK_STR(f, "\xE6\x97\xA5\xE2\x80\xA6");
    CHECK(text_width(f) <= 4);
    free(f);
    f = text_fit("short", 10);
    CHECK_STR(f, "short");
    free(f);
}

const struct unit_test text_tests[] = {
    {"text: clean accepts and normalises to NFC", test_clean_accepts_and_normalises},
    {"text: clean rejects invalid UTF-8", test_clean_rejects_invalid_utf8},
    {"text: control characters rejected or stripped", test_clean_controls_per_policy},
    {"text: bidi overrides stripped", test_clean_strips_bidi_overrides},
    {"text: length limit counts characters", test_clean_limits_length_in_characters},
    {"text: fold removes accents, case, ligatures", test_fold_accents_case_ligatures},
    {"text: fold drops invisible characters", test_fold_drops_invisible_characters},
    {"text: fold of ASCII text agrees with the full fold", test_fold_ascii_agrees},
    {"text: search is accent- and case-insensitive", test_matches_is_accent_and_case_insensitive},
    {"text: display makes escapes and bad bytes inert", test_display_makes_bytes_inert},
    {"text: output is cleaned, and copied only when it must be", test_for_output_cleans_only_what_needs_it},
    {"text: width counts terminal columns", test_width_counts_columns},
    {"text: fit cuts by width with an ellipsis", test_fit_cuts_by_width_with_ellipsis},
    {NULL, NULL},
};
