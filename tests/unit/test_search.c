/* The desk's one search (text_search): folded words, in any order, each the start of a word of
 * the record; and the places that use it: the history (session_matches), the people search
 * (FTS5) and Orienter's ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "route.h"
#include "session.h"
#include "store.h"
#include "text.h"
#include "workshop.h"

/* True when query finds text. */
static bool finds(const char *query, const char *text)
{
    struct text_search s;
    if (text_search_compile(&s, query) != GU_OK)
        return false;
    bool found = text_search_matches(&s, &text, 1);
    text_search_free(&s);
    return found;
}

static void test_words_are_folded_and_cut(void)
{
    struct text_search s;
    /* Typographic apostrophe, hyphen, several spaces, a no-break space, accents and capitals. */
    const char *query = "  L\xE2\x80\x99\xC3\x89" "cole   Saint-\xC3\x89tienne\xC2\xA0 42 ";
    CHECK(text_search_compile(&s, query) == GU_OK);
    CHECK(s.n == 5);
    if (s.n == 5) {
        CHECK_STR(s.words[0], "l");
        CHECK_STR(s.words[1], "ecole");
        CHECK_STR(s.words[2], "saint");
        CHECK_STR(s.words[3], "etienne");
        CHECK_STR(s.words[4], "42");
    }
    text_search_free(&s);
    CHECK(s.n == 0 && s.words == NULL);
    /* No word at all: everything matches. */
    const char *text = "Saint-\xC3\x89tienne";
    const char *queries[] = {NULL, "", "   ", "?", "- ' \xE2\x80\x99 !"};
    for (size_t i = 0; i < ARRAY_LEN(queries); i++) {
        CHECK(text_search_compile(&s, queries[i]) == GU_OK && s.n == 0);
        CHECK(text_search_matches(&s, &text, 1));
        text_search_free(&s);
    }
}

static void test_equivalences(void)
{
    /* The cases. */
    CHECK(finds("saint etienne", "Saint-\xC3\x89tienne"));
    CHECK(finds("l ecole", "l\xE2\x80\x99\xC3\x89" "cole"));
    CHECK(finds("compris bien", "a bien compris"));
    /* Hyphens and apostrophes, straight or typographic, on either side. */
    CHECK(finds("saint-etienne", "Saint \xC3\x89tienne"));
    CHECK(finds("Saint-\xC3\x89tienne", "SAINT ETIENNE"));
    CHECK(finds("l'ecole", "L\xE2\x80\x99\xC3\x89" "COLE"));
    CHECK(finds("l\xE2\x80\x99\xC3\xA9" "cole", "l'\xC3\xA9" "cole"));
    CHECK(finds("aujourd hui", "aujourd\xE2\x80\x99hui"));
    CHECK(finds("jean pierre", "Jean\xE2\x80\x91Pierre")); /* non-breaking hyphen */
    CHECK(finds("pierre jean", "Jean-Pierre"));
    /* NFD on either side. */
    CHECK(finds("E\xCC\x81" "cole", "\xC3\x89" "cole"));
    CHECK(finds("ecole", "E\xCC\x81" "cole"));
    /* Ligatures, and the sharp s. */
    CHECK(finds("oeuvre", "\xC5\x92uvre"));
    CHECK(finds("c\xC5\x93ur", "coeur"));
    CHECK(finds("fiche", "\xEF\xAC\x81" "che")); /* U+FB01 fi */
    CHECK(finds("strasse", "Stra\xC3\x9F" "e"));
    /* Several spaces, tabs of pasted text, no-break spaces. */
    CHECK(finds("  bien     compris ", "a bien compris"));
    CHECK(finds("bien\xC2\xA0" "compris", "a bien compris"));
    CHECK(finds("bien\xE2\x80\xAF" "compris", "a\xC2\xA0" "bien compris"));
    /* Prefixes of words, not the middle of one. */
    CHECK(finds("comp bi", "a bien compris"));
    CHECK(finds("42", "42000 Saint-\xC3\x89tienne"));
    CHECK(!finds("ompris", "a bien compris"));
    CHECK(!finds("etienne", "Saintetienne"));
    CHECK(!finds("bien x", "a bien compris"));
    CHECK(!finds("compris bien", "a bien"));
    /* Punctuation separates words too: a parenthesis, a slash, an e-mail address. */
    CHECK(finds("caf", "Allocations (CAF)"));
    CHECK(finds("dupont", "marie.dupont@example.org"));
    CHECK(finds("rsa apl", "RSA/APL"));
    /* Invisible characters do not split a word. */
    CHECK(finds("marie", "Ma\xE2\x80\x8Brie"));
}

static void test_words_across_fields(void)
{
    struct text_search s;
    CHECK(text_search_compile(&s, "etienne caf") == GU_OK);
    const char *partner[] = {"CAF de la Loire", NULL, "Saint-\xC3\x89tienne"};
    CHECK(text_search_matches(&s, partner, 3));
    CHECK(!text_search_matches(&s, partner, 1));
    const char *folded[] = {"caf de la loire", "saint-etienne"};
    CHECK(text_search_matches_folded(&s, folded, 2));
    text_search_free(&s);
}

static void test_history_search(void)
{
    struct help_session s;
    session_init(&s);
    s.themes = 1u << vocab_theme_demarches();
    s.note = strdup("Elle a bien compris, \xC3\xA0 revoir \xC3\xA0 Saint-\xC3\x89tienne");
    CHECK(session_matches(&s, "compris bien"));
    CHECK(session_matches(&s, "saint etienne"));
    CHECK(session_matches(&s, "administrative compris")); /* a theme's label and the note */
    CHECK(session_matches(&s, ""));
    CHECK(!session_matches(&s, "bien mal"));
    CHECK(!session_matches(&s, "ompris"));
    session_clear(&s);
}

/* The people search (FTS5) follows the same rule. */
static void test_people_search(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/s.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(store_open(path, &st, &err) == GU_OK);
    struct workshop w;
    workshop_init(&w);
    w.title = "Courriel";
    w.capacity = 5;
    w.at.day = 20;
    int64_t id;
    CHECK(store_add_workshops(st, &w, 1, 1, 0, &id, &err) == GU_OK);
    struct person jp = {.name = "Jean-Pierre L\xE2\x80\x99\xC3\x89pine"};
    struct booking b;
    CHECK(store_book(st, id, &jp, 0, &b, &err) == GU_OK);
    const char *finding[] = {"jean pierre", "pierre jean", "l epine", "epine jean",
                             "JEAN-PIERRE", "l\xE2\x80\x99\xC3\xA9pi", "pi je"};
    for (size_t i = 0; i < ARRAY_LEN(finding); i++) {
        struct harness_found f = {0};
        CHECK(store_find_participants(st, finding[i], 5, harness_count_found, &f, &err) == GU_OK);
        CHECK(f.n == 1);
    }
    const char *missing[] = {"ierre", "jean paul", "\"jean\" OR pierre", "*"};
    for (size_t i = 0; i < ARRAY_LEN(missing); i++) {
        struct harness_found f = {0};
        CHECK(store_find_participants(st, missing[i], 5, harness_count_found, &f, &err) == GU_OK);
        CHECK(f.n == 0);
    }
    store_close(st);
}

/* Orienter's ranking cuts words the same way: punctuation never sticks to a word. */
static void test_orient_words(void)
{
    const char *emploi = "p\xC3\xB4le emploi, ch\xC3\xB4mage, demandeur d'emploi";
    CHECK(route_score("\xC2\xAB" "ch\xC3\xB4mage\xC2\xBB", emploi, "") > 0); /* «chômage» */
    /* « pôle-emploi » */
    CHECK(route_score("\xC2\xAB p\xC3\xB4le-emploi \xC2\xBB", emploi, "") > 0);
    CHECK(route_score("emploi p\xC3\xB4le", emploi, "") > 0);
    CHECK(route_score("?", emploi, "") == 0);
}

const struct unit_test search_tests[] = {
    {"search: words folded and cut", test_words_are_folded_and_cut},
    {"search: accents, case, hyphens, apostrophes, ligatures, order", test_equivalences},
    {"search: each word in some field of the record", test_words_across_fields},
    {"search: history (session_matches)", test_history_search},
    {"search: people (FTS5) by the same rule", test_people_search},
    {"search: Orienter cuts words the same way", test_orient_words},
    {NULL, NULL},
};
