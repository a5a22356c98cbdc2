/* The desk's one search (text_search): folded words, in any order, each the start of a word of
 * the record; and the places that use it: the history (session_matches), the people search
 * (FTS5) and Orienter's ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "i18n.h"
#include "partner.h"
#include "store/internal.h"
#include "strbuf.h"
#include "route.h"
#include "session.h"
#include "store.h"
#include "text.h"
#include "workshop.h"

/* Under valgrind (make check runs the unit tests so too) the differential test takes a sample. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND 0
#endif

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
    /* Typographic apostrophe, hyphen, several spaces, a no-break space, accents and capitals:
     * words joined by a hyphen or an apostrophe are one term, with its joined form. */
    const char *query = "  L\xE2\x80\x99\xC3\x89" "cole   Saint-\xC3\x89tienne\xC2\xA0 42 e- -mail";
    CHECK(text_search_compile(&s, query) == GU_OK);
    CHECK(s.n == 5);
    if (s.n == 5) {
        CHECK_STR(s.words[0], "l'ecole");
        CHECK_STR(s.joined[0], "lecole");
        CHECK_STR(s.words[1], "saint-etienne");
        CHECK_STR(s.joined[1], "saintetienne");
        CHECK_STR(s.words[2], "42");
        CHECK(s.joined[2] == NULL);
        /* A hyphen at either end of a word joins nothing. */
        CHECK_STR(s.words[3], "e");
        CHECK(s.joined[3] == NULL);
        CHECK_STR(s.words[4], "mail");
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
    /* Words joined by a hyphen or an apostrophe are one word too, typed either way (issue 18). */
    CHECK(finds("email", "E-mail"));
    CHECK(finds("email", "E\xE2\x80\x91mail")); /* non-breaking hyphen */
    CHECK(finds("email", "E\xE2\x80\x90mail")); /* U+2010 hyphen */
    CHECK(finds("e-mail", "un email"));
    CHECK(finds("e-mail", "E-MAILS"));
    CHECK(finds("mail e", "E-mail"));
    CHECK(finds("aujourdhui", "aujourd\xE2\x80\x99hui"));
    CHECK(finds("aujourdhui", "aujourd'hui"));
    CHECK(finds("aujourd\xE2\x80\x99hui", "aujourdhui"));
    CHECK(finds("franceservices", "Espace France-Services"));
    CHECK(finds("france-services", "franceservices"));
    CHECK(finds("lecole", "l\xE2\x80\x99\xC3\x89" "cole"));
    CHECK(finds("saintet", "Saint-\xC3\x89tienne"));
    CHECK(finds("jeanpierrem", "Jean-Pierre-Marie"));
    /* Typed while typing: the joined form is a prefix too. */
    CHECK(finds("e-m", "E-mail"));
    CHECK(finds("e-", "E-mail"));
    /* A term with a hyphen also matches as its pieces, as when typed with spaces. */
    CHECK(finds("e-mail", "e mail"));
    CHECK(finds("pierre-jean", "Jean-Pierre"));
    /* A joined word starts where the joined words start; spaces and other signs never join. */
    CHECK(!finds("pierremarie", "Jean-Pierre-Marie"));
    CHECK(!finds("email", "e - mail"));
    CHECK(!finds("email", "e mail"));
    CHECK(!finds("email", "e.mail"));
    CHECK(!finds("mailx", "E-mail x"));
    CHECK(!finds("franceservices", "France Services"));
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

/* The characters migration 022's views take out of the texts for their joined column are
 * exactly those text_fold makes a hyphen or an apostrophe of (the joiners of text_search),
 * among the characters the tokenizer folds as text_fold does (not odd): every code point from
 * U+0001 to U+2FFF between two letters, through the very view of the database. */
static void check_joiners_agree(struct store *st)
{
    sqlite3 *db = store_sqlite(st);
    sqlite3_stmt *stmt = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 'session_search_content'",
                             -1, &stmt, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(stmt) == SQLITE_ROW);
    struct strbuf view = STRBUF_INIT;
    const char *sql = (const char *)sqlite3_column_text(stmt, 0);
    const char *from = sql ? strstr(sql, "FROM help_session") : NULL;
    CHECK(from != NULL);
    if (from) { /* the same view over a probe table */
        strbuf_puts(&view, "CREATE TEMP VIEW probe_content");
        strbuf_add(&view, sql + strlen("CREATE VIEW session_search_content"),
                   (size_t)(from - sql) - strlen("CREATE VIEW session_search_content"));
        strbuf_puts(&view, "FROM temp.probe");
    }
    sqlite3_finalize(stmt);
    CHECK(sqlite3_exec(db,
                       "CREATE TEMP TABLE probe (id INTEGER PRIMARY KEY, procedure_name, note, "
                       "commune, postal_code);"
                       "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                       "WHERE n < 12287) INSERT INTO temp.probe (id, note) "
                       "SELECT n, 'a' || char(n) || 'b' FROM c WHERE n NOT BETWEEN 55296 AND 57343",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(db, strbuf_str(&view), NULL, NULL, NULL) == SQLITE_OK);
    strbuf_release(&view);
    CHECK(sqlite3_prepare_v2(db, "SELECT id, note, joined IS NOT NULL FROM temp.probe_content "
                                 "WHERE NOT (note GLOB (SELECT odd FROM session_search_plain))",
                             -1, &stmt, NULL) == SQLITE_OK);
    int plain = 0, joiners = 0, differ = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        char *folded = text_fold((const char *)sqlite3_column_text(stmt, 1));
        bool joins = folded && (!strcmp(folded, "a-b") || !strcmp(folded, "a'b"));
        bool taken_out = sqlite3_column_int(stmt, 2);
        if (joins != taken_out && differ++ < 5)
            fprintf(stderr, "    U+%04llX: text_fold gives \"%s\", the view %s\n",
                    (unsigned long long)sqlite3_column_int64(stmt, 0), folded ? folded : "",
                    taken_out ? "takes it out" : "keeps it");
        plain++;
        joiners += joins;
        free(folded);
    }
    sqlite3_finalize(stmt);
    CHECK(differ == 0);
    CHECK(plain > 600 && joiners == 8); /* - ' and ‐ ‑ – — ‘ ’ */
    CHECK(sqlite3_exec(db, "DROP VIEW temp.probe_content; DROP TABLE temp.probe", NULL, NULL,
                       NULL) == SQLITE_OK);
}

/* The people search (FTS5) follows the same rule; and the joined words of the other indexes
 * (check_joiners_agree, on the same database). */
static void test_people_search(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/s.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
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
                             "JEAN-PIERRE", "l\xE2\x80\x99\xC3\xA9pi", "pi je",
                             "jeanpierre", "jeanp", "lepine", "l'epine", "pierre-jean",
                             "jean-pi lep"};
    for (size_t i = 0; i < ARRAY_LEN(finding); i++) {
        struct harness_found f = {0};
        CHECK(store_find_participants(st, finding[i], 5, harness_count_found, &f, &err) == GU_OK);
        CHECK(f.n == 1);
    }
    const char *missing[] = {"ierre", "jean paul", "\"jean\" OR pierre", "*", "pierrel",
                             "jeanpaul", "jean-paul"};
    for (size_t i = 0; i < ARRAY_LEN(missing); i++) {
        struct harness_found f = {0};
        CHECK(store_find_participants(st, missing[i], 5, harness_count_found, &f, &err) == GU_OK);
        CHECK(f.n == 0);
    }
    check_joiners_agree(st);
    store_close(st);
}

/* Orienter's ranking cuts words the same way: punctuation never sticks to a word, and words
 * joined by a hyphen or an apostrophe are found as one word too. */
static void test_orient_words(void)
{
    const char *emploi = "p\xC3\xB4le emploi, ch\xC3\xB4mage, demandeur d'emploi";
    CHECK(route_score("\xC2\xAB" "ch\xC3\xB4mage\xC2\xBB", emploi, "") > 0); /* «chômage» */
    /* « pôle-emploi » */
    CHECK(route_score("\xC2\xAB p\xC3\xB4le-emploi \xC2\xBB", emploi, "") > 0);
    CHECK(route_score("emploi p\xC3\xB4le", emploi, "") > 0);
    CHECK(route_score("?", emploi, "") == 0);
    /* Words joined by a hyphen or an apostrophe, by their pieces or as one word. */
    const char *mail = "adresse e-mail, e-mail, aujourd\xE2\x80\x99hui";
    CHECK(route_score("email", mail, "") > 0);
    CHECK(route_score("e-mail adresse", mail, "") > 0);
    CHECK(route_score("aujourdhui", mail, "") > 0);
    CHECK(route_score("e-mail", "email", "") > 0);
    CHECK(route_score("emaux", mail, "") == 0);
    /* Joined, a piece never scores less than before. */
    CHECK(route_score("e mail", mail, "") >= route_score("email", mail, ""));
}

/* The history's search through the indexes (migration 016, store_list_sessions with words)
 * against its one definition, session_matches over every session, on a seeded random corpus:
 * accents, ligatures, hyphens, digits, characters the index cannot vouch for, labels in either
 * language, operators renamed behind guichet's back, deleted sessions, notes rewritten, and the
 * day, theme and paging filters. The search reads 30 sessions in order here (300 normally)
 * before it asks the indexes; a word that can match up to 50 sessions (3,000) leads sorted, up to
 * 150 (20,000) filtering the reading in order, so that this small corpus goes every way. */
static unsigned long search_seed = 18;

static void check_quiet(const char *problem, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "    check: %s\n", problem);
}

static unsigned search_rand(unsigned n)
{
    search_seed = search_seed * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned)(search_seed >> 33) % n;
}

static const char *const corpus_words[] = {
    "Mairie", "mairie-annexe", "c\xC5\x93ur", "\xC5\x92uvre", "s\xC5\x93ur", "CAF", "caf\xC3\xA9",
    "l\xE2\x80\x99\xC3\xA9" "cole", "Saint-\xC3\x89tienne", "12", "69001", "Jean-Pierre", "rdv",
    "10h30", "\xC3\x89LODIE", "S\xC3\xB8ren", "Ameli", "imp\xC3\xB4ts", "ex\xC3\xA6quo",
    "\xC2\xAB" "retraite\xC2\xBB", "ANTS", "permis", "zqx", "zqy7", "w\xC3\xA9" "b", "courriel",
    /* Words joined by hyphens and apostrophes in their forms, and one word written so. */
    "E-mail", "email", "e\xE2\x80\x91mail", "aujourd\xE2\x80\x99hui", "aujourd'hui",
    "France-Services", "franceservices", "rendez\xE2\x80\x90vous", "Jean-Pierre-Marie", "e - mail",
};

/* Words whose characters the index cannot vouch for (migration 016's session_search_odd). */
static const char *const corpus_odd_words[] = {
    "n\xC2\xB0" "12", "m\xC2\xB2", "Stra\xC3\x9F" "e", "\xEF\xAC\x81nances", "\xE5\x8C\x97\xE4\xBA\xAC",
};

static const char *const corpus_queries[] = {
    "mair", "mairie annexe", "coeur", "c\xC5\x93", "oeuvre", "\xC5\x93", "soe", "co", "caf",
    "cafe", "ecole", "l ecole", "saint etienne", "etienne saint", "12", "n 12", "6900", "m2",
    "strasse", "stra", "finances", "fin", "jean pierre", "10h", "10h30", "elodie", "soren",
    "s\xC3\xB8", "ameli", "impot", "exae", "exaeq", "retraite", "ants", "zqx", "zq", "zqy7",
    "web", "we", "e", "a", "courriel", "mail", "sante", "health", "email", "logement",
    "housing", "karim", "marie", "mediatheque", "tilleuls", "centrale", "nouveau", "xyzzy",
    "\xE5\x8C\x97", "demarches", "admin", "a ecole", "zqx mair", "mair coeur", "e mail",
    "e-mail", "e-m", "aujourdhui", "aujourd'hui", "aujourd\xE2\x80\x99", "franceservices",
    "france-serv", "mairieannexe", "mairie-annexe", "jeanpierre", "pierre-jean", "lecole",
    "l'ecole", "saintetienne", "rendezvous", "pierremarie", "zqx-mair", "c\xC5\x93ur-caf",
};

static char *corpus_text(int words)
{
    struct strbuf b = STRBUF_INIT;
    for (int i = 0; i < words; i++) {
        strbuf_puts(&b, i ? (search_rand(4) ? " " : search_rand(3) ? "-" : "\xE2\x80\x99") : "");
        if (search_rand(5) == 0)
            strbuf_printf(&b, "zq%u", search_rand(400)); /* rare words */
        else if (search_rand(25) == 0)
            strbuf_puts(&b, corpus_odd_words[search_rand(ARRAY_LEN(corpus_odd_words))]);
        else
            strbuf_puts(&b, corpus_words[search_rand(ARRAY_LEN(corpus_words))]);
    }
    return strbuf_finish(&b);
}

static void corpus_session(struct help_session *s)
{
    static const char *const operators[] = {"Karim", "Marie Caf\xC3\xA9", "\xC3\x89lodie", "Jean"};
    static const char *const sites[] = {"M\xC3\xA9" "diath\xC3\xA8que centrale", "Les Tilleuls"};
    session_init(s);
    s->at = (struct gu_datetime){2023 + (int)search_rand(3), 1 + (int)search_rand(12),
                                 1 + (int)search_rand(28), 8 + (int)search_rand(10),
                                 (int)search_rand(2) * 30};
    s->themes = (vocab_set)(1 + search_rand((1u << 12) - 1)) << search_rand(6);
    s->themes &= (1u << vocab_count(VOCAB_THEME)) - 1;
    if (!s->themes)
        s->themes = 1;
    if (search_rand(3) == 0) {
        s->themes |= (vocab_set)1 << vocab_theme_demarches();
        s->demarches = (vocab_set)1 << search_rand((unsigned)vocab_count(VOCAB_DEMARCHE));
    }
    if (s->themes & ((vocab_set)1 << vocab_theme_demarches()) && search_rand(2))
        s->procedure = corpus_text(1 + (int)search_rand(2));
    if (search_rand(3) == 0)
        s->note = corpus_text(1 + (int)search_rand(6));
    if (search_rand(4) == 0) {
        s->residence.name = corpus_text(1);
        s->residence.postal_code = strdup(search_rand(2) ? "69001" : "42000");
    }
    s->operator_name = strdup(operators[search_rand(ARRAY_LEN(operators))]);
    s->site_name = strdup(sites[search_rand(ARRAY_LEN(sites))]);
}

struct id_list {
    int64_t *ids;
    size_t n, cap;
};

static void add_id(struct id_list *l, int64_t id)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->ids = realloc(l->ids, l->cap * sizeof *l->ids);
        if (!l->ids)
            abort();
    }
    l->ids[l->n++] = id;
}

static int collect_ids(const struct help_session *s, void *ctx)
{
    add_id(ctx, s->id);
    return GU_OK;
}

/* The sessions of a listing, copied, for the reference. */
struct session_list {
    struct help_session *s;
    size_t n, cap;
};

static int collect_sessions(const struct help_session *s, void *ctx)
{
    struct session_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->s = realloc(l->s, l->cap * sizeof *l->s);
        if (!l->s)
            abort();
    }
    struct gu_error err;
    return session_copy(&l->s[l->n++], s, &err);
}

static bool same_ids(const struct id_list *a, const struct id_list *b)
{
    return a->n == b->n && (!a->n || !memcmp(a->ids, b->ids, a->n * sizeof *a->ids));
}

/* A query typed letter by letter: each of its beginnings finds what session_matches finds
 * (the store keeps each word's set from key to key, and takes a kept word's set for the words
 * typed on from it). */
static void check_typed(struct store *st, const struct session_filter *base,
                        const struct session_list *all, const char *query, const char *lang)
{
    struct gu_error err;
    size_t len = strlen(query);
    for (size_t n = 1; n <= len; n++) {
        if (n < len && (query[n] & 0xC0) == 0x80)
            continue; /* inside a character */
        char *typed = strndup(query, n), *folded = text_fold(typed);
        struct id_list want = {0}, got = {0};
        for (size_t i = 0; i < all->n; i++)
            if (session_matches(&all->s[i], folded))
                add_id(&want, all->s[i].id);
        struct session_filter f = *base;
        f.search = folded;
        f.limit = 0;
        f.after_at = NULL;
        CHECK(store_list_sessions(st, &f, collect_ids, &got, &err) == GU_OK);
        if (!same_ids(&want, &got))
            fprintf(stderr, "    %s, \"%s\" typed: %zu sessions, %zu found\n", lang, typed,
                    want.n, got.n);
        CHECK(same_ids(&want, &got));
        free(want.ids);
        free(got.ids);
        free(typed);
        free(folded);
    }
}

/* The queries of corpus_queries, on the whole listing and filtered (a third of them, or one in
 * step); every fifth also by pages, every fourth typed letter by letter. */
static void check_queries(struct store *st, const char *lang, size_t step)
{
    struct gu_error err;
    for (int variant = 0; variant < 5; variant++) {
        struct session_filter f = {.newest_first = variant != 1, .deleted = variant == 2};
        if (variant == 3)
            f.theme = vocab_code(VOCAB_THEME, vocab_theme_demarches());
        if (variant == 4)
            f.from = "2024-01-15", f.to = "2024-06-10";
        struct session_list all = {0};
        CHECK(store_list_sessions(st, &f, collect_sessions, &all, &err) == GU_OK);
        long long listed = -1; /* the count without words, from the per-day and -month counts */
        CHECK(store_count_listed_sessions(st, &f, &listed, &err) == GU_OK);
        CHECK(listed == (long long)all.n);
        /* Filtered listings with a third of the queries: the reference costs. */
        size_t every = variant > 0 ? 3 * step : step;
        for (size_t q = (size_t)variant % every; q < ARRAY_LEN(corpus_queries); q += every) {
            if (variant == 0 && q % (4 * step) == 1)
                check_typed(st, &f, &all, corpus_queries[q], lang);
            char *folded = text_fold(corpus_queries[q]);
            struct id_list want = {0}, got = {0};
            for (size_t i = 0; i < all.n; i++)
                if (session_matches(&all.s[i], folded))
                    add_id(&want, all.s[i].id);
            f.search = folded;
            f.limit = 0;
            f.after_at = NULL;
            if (store_list_sessions(st, &f, collect_ids, &got, &err) != GU_OK) {
                fprintf(stderr, "    %s\n", err.message);
                CHECK(false);
            }
            if (!same_ids(&want, &got))
                fprintf(stderr, "    %s, \"%s\", filter %d: %zu sessions, %zu found\n", lang,
                        corpus_queries[q], variant, want.n, got.n);
            CHECK(same_ids(&want, &got));
            long long count;
            bool exact;
            CHECK(store_count_found_sessions(st, &f, &count, &exact, &err) == GU_OK);
            CHECK(!exact || count == (long long)want.n);
            /* By pages, each after the last of the one before. */
            struct id_list paged = {0};
            char at[DATETIME_TEXT_SIZE];
            f.limit = 15 + (long)(want.n / 4);
            for (size_t before = (size_t)-1; q % 5 == 0 && paged.n != before;) {
                before = paged.n;
                CHECK(store_list_sessions(st, &f, collect_ids, &paged, &err) == GU_OK);
                if (paged.n == before)
                    break;
                struct help_session last;
                bool found;
                CHECK(store_get_session(st, paged.ids[paged.n - 1], &last, &found, &err) == GU_OK);
                datetime_format(&last.at, at);
                session_clear(&last);
                f.after_at = at;
                f.after_id = paged.ids[paged.n - 1];
            }
            CHECK(q % 5 || same_ids(&want, &paged));
            free(want.ids);
            free(got.ids);
            free(paged.ids);
            free(folded);
        }
        for (size_t i = 0; i < all.n; i++)
            session_clear(&all.s[i]);
        free(all.s);
    }
}

static void test_history_index_agrees(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/index.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    /* A tenth of it under valgrind, the limits with it. */
    int tenth = UNDER_VALGRIND ? 10 : 1, bulk = 400 / tenth, one_by_one = 50 / tenth;
    store_set_search_limits(st, 30 / tenth, 50 / tenth, 150 / tenth);
    struct help_session *s = calloc(bulk, sizeof *s);
    for (int i = 0; i < bulk; i++)
        corpus_session(&s[i]);
    CHECK(store_add_sessions(st, s, bulk, NULL, &err) == GU_OK); /* triggers off, then grouped */
    for (int i = 0; i < bulk; i++)
        session_clear(&s[i]);
    for (int i = 0; i < one_by_one; i++) { /* through the triggers */
        corpus_session(&s[0]);
        CHECK(store_add_sessions(st, s, 1, NULL, &err) == GU_OK);
        session_clear(&s[0]);
    }
    free(s);
    /* Notes rewritten, removed and given; sessions deleted and some restored. */
    for (int i = 0; i < 60 / tenth; i++) {
        struct help_session old;
        bool found;
        int64_t id = 1 + search_rand(bulk + one_by_one);
        CHECK(store_get_session(st, id, &old, &found, &err) == GU_OK && found);
        free(old.note);
        old.note = search_rand(3) ? corpus_text(3) : NULL;
        CHECK(store_update_session(st, &old, 0, &err) == (old.deleted ? GU_INVALID : GU_OK));
        session_clear(&old);
        CHECK(store_delete_session(st, 1 + search_rand(bulk + one_by_one), 0, &err) == GU_OK ||
              err.status == GU_INVALID);
    }
    /* Written as the sqlite3 shell would: an operator renamed, notes and communes changed. */
    sqlite3 *db = store_sqlite(st);
    CHECK(sqlite3_exec(db,
                       "UPDATE operator SET name = 'Nouveau Nom' WHERE name = 'Karim';"
                       "UPDATE help_session SET note = 'Straße zqx' WHERE id % 97 = 0;"
                       "UPDATE help_session SET commune = 'Saint-Étienne', postal_code = '42000' "
                       "WHERE id % 89 = 0;"
                       "UPDATE help_session SET note = NULL, procedure_name = NULL, "
                       "commune = NULL, postal_code = NULL WHERE id % 83 = 0;",
                       NULL, NULL, NULL) == SQLITE_OK);
    bool sound = true;
    CHECK(store_check(st, check_quiet, NULL, &sound, NULL, &err) == GU_OK && sound);
    /* One day's count, as the history's < and > show them. */
    for (int day = 1; day <= 28; day += 9) {
        char on[DATE_TEXT_SIZE];
        date_format(2025, 1 + day % 12, day, on);
        struct session_filter f = {.newest_first = true, .from = on, .to = on};
        struct id_list ids = {0};
        long long listed = -1;
        CHECK(store_list_sessions(st, &f, collect_ids, &ids, &err) == GU_OK);
        CHECK(store_count_listed_sessions(st, &f, &listed, &err) == GU_OK);
        CHECK(listed == (long long)ids.n);
        free(ids.ids);
    }
    size_t step = UNDER_VALGRIND ? 3 : 1;
    check_queries(st, "en", step);
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    check_queries(st, "fr", step);
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    store_close(st);
}


/* The partner directory's index (migration 019) and its paging (store_page_partners, and
 * backwards store_page_partners_back) against
 * the one definition, partner_matches over every partner in the directory's order, on a seeded
 * random directory: the words of the history's corpus in names, communes and what they handle,
 * postal codes, categories found by their label in either language, partners imported (the
 * triggers off, indexed in one statement), added and edited one by one, imported again over
 * themselves, and changed and removed as the sqlite3 shell would. The limits are small so that
 * this small directory goes every way: read in order, sorted from the rarest word, filtered. */
struct partner_ref {
    struct id_list ids;
    struct partner_copy *rows;
    size_t n, cap;
};

static int collect_partners(const struct partner *p, void *ctx)
{
    struct partner_ref *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->rows = realloc(r->rows, r->cap * sizeof *r->rows);
        if (!r->rows)
            abort();
    }
    r->rows[r->n] = (struct partner_copy){0};
    if (partner_copy_set(&r->rows[r->n], p))
        abort();
    r->n++;
    return GU_OK;
}

/* A page's partners, and where the next one starts. */
struct partner_page {
    struct id_list ids;
    struct partner_key last;
    char *last_fold;
};

static int collect_partner_page(const struct partner *p, void *ctx)
{
    struct partner_page *pg = ctx;
    add_id(&pg->ids, p->id);
    free(pg->last_fold);
    pg->last_fold = strdup(p->name_fold ? p->name_fold : "");
    pg->last = (struct partner_key){.national = p->national, .name_fold = pg->last_fold,
                                    .id = p->id};
    return GU_OK;
}

static void check_count(const char *problem, void *ctx)
{
    (void)problem;
    ++*(int *)ctx;
}

static const char *const partner_queries[] = {
    "administration", "admin", "sociale", "social", "aide", "structure", "insertion", "help",
    "demarches", "operateur", "autre", "other", "reims", "51", "51100", "42", "haY", "l hay",
    "roses", "saint etienne reims", "caf", "france travail", "emploi", "mediation", "aide caf",
};

/* Sorted from a word a category's label has (about 40 partners each), or filtering. */
static const long partner_limits[][3] = {{10, 80, 200}, {10, 20, 60}};

/* A query typed letter by letter in the directory: each beginning finds what partner_matches
 * finds, the words' sets kept from key to key (check_typed's for the history). */
static void check_partner_typed(struct store *st, const struct partner_ref *all,
                                const char *query, const char *lang)
{
    struct gu_error err;
    size_t len = strlen(query);
    for (size_t n = 1; n <= len; n++) {
        if (n < len && (query[n] & 0xC0) == 0x80)
            continue; /* inside a character */
        char *typed = strndup(query, n);
        struct text_search words;
        CHECK(text_search_compile(&words, typed) == GU_OK);
        struct id_list want = {0};
        for (size_t i = 0; i < all->n; i++)
            if (partner_matches(&all->rows[i].p, &words))
                add_id(&want, all->rows[i].p.id);
        text_search_free(&words);
        struct partner_page got = {0};
        CHECK(store_page_partners(st, typed, NULL, 0, collect_partner_page, &got, &err) == GU_OK);
        if (!same_ids(&want, &got.ids))
            fprintf(stderr, "    %s, \"%s\" typed: %zu partners, %zu found\n", lang, typed,
                    want.n, got.ids.n);
        CHECK(same_ids(&want, &got.ids));
        free(want.ids);
        free(got.ids.ids);
        free(got.last_fold);
        free(typed);
    }
}

static void check_partner_queries(struct store *st, const char *lang)
{
    struct gu_error err;
    struct partner_ref all = {0};
    CHECK(store_list_partners(st, collect_partners, &all, &err) == GU_OK);
    size_t nq = ARRAY_LEN(corpus_queries) + ARRAY_LEN(partner_queries);
    for (size_t q = 0; q < nq; q += UNDER_VALGRIND ? 4 : 1) { /* a quarter under valgrind */
        const char *query = q < ARRAY_LEN(corpus_queries)
                                ? corpus_queries[q]
                                : partner_queries[q - ARRAY_LEN(corpus_queries)];
        struct text_search words;
        CHECK(text_search_compile(&words, query) == GU_OK);
        struct id_list want = {0};
        for (size_t i = 0; i < all.n; i++)
            if (partner_matches(&all.rows[i].p, &words))
                add_id(&want, all.rows[i].p.id);
        text_search_free(&words);
        for (size_t l = 0; l < ARRAY_LEN(partner_limits); l++) {
            const long *lim = partner_limits[l];
            store_set_partner_search_limits(st, lim[0], lim[1], lim[2], 0);
            if (q % 4 == 1 + l)
                check_partner_typed(st, &all, query, lang);
            struct partner_page got = {0};
            if (store_page_partners(st, query, NULL, 0, collect_partner_page, &got, &err)) {
                fprintf(stderr, "    %s\n", err.message);
                CHECK(false);
            }
            if (!same_ids(&want, &got.ids))
                fprintf(stderr, "    %s, \"%s\", limits %zu: %zu partners, %zu found\n", lang,
                        query, l, want.n, got.ids.n);
            CHECK(same_ids(&want, &got.ids));
            /* By pages, each after the last of the one before (every third query). */
            struct partner_page paged = {0};
            long limit = 3 + (long)(want.n / 5);
            for (size_t before = (size_t)-1; q % 3 == l && paged.ids.n != before;) {
                before = paged.ids.n;
                struct partner_key after = paged.last;
                CHECK(store_page_partners(st, query, before ? &after : NULL, limit,
                                          collect_partner_page, &paged, &err) == GU_OK);
                CHECK(paged.ids.n - before <= (size_t)limit);
            }
            if (q % 3 == l && !same_ids(&want, &paged.ids))
                fprintf(stderr, "    %s, \"%s\" by pages of %ld: %zu partners, %zu found\n",
                        lang, query, limit, want.n, paged.ids.n);
            CHECK(q % 3 != l || same_ids(&want, &paged.ids));
            /* Backwards (store_page_partners_back): the same partners, last first, whole and
             * by pages each before the last one passed. */
            struct id_list reversed = {0};
            for (size_t i = want.n; i > 0; i--)
                add_id(&reversed, want.ids[i - 1]);
            struct partner_page back = {0}, back_paged = {0};
            CHECK(store_page_partners_back(st, query, NULL, 0, collect_partner_page, &back,
                                           &err) == GU_OK);
            if (!same_ids(&reversed, &back.ids))
                fprintf(stderr, "    %s, \"%s\" backwards, limits %zu: %zu partners, %zu found\n",
                        lang, query, l, want.n, back.ids.n);
            CHECK(same_ids(&reversed, &back.ids));
            for (size_t before = (size_t)-1; q % 3 == l && back_paged.ids.n != before;) {
                before = back_paged.ids.n;
                struct partner_key key = back_paged.last;
                CHECK(store_page_partners_back(st, query, before ? &key : NULL, limit,
                                               collect_partner_page, &back_paged, &err) == GU_OK);
                CHECK(back_paged.ids.n - before <= (size_t)limit);
            }
            CHECK(q % 3 != l || same_ids(&reversed, &back_paged.ids));
            free(reversed.ids);
            free(back.ids.ids);
            free(back.last_fold);
            free(back_paged.ids.ids);
            free(back_paged.last_fold);
            free(got.ids.ids);
            free(got.last_fold);
            free(paged.ids.ids);
            free(paged.last_fold);
        }
        free(want.ids);
    }
    for (size_t i = 0; i < all.n; i++)
        partner_copy_free(&all.rows[i]);
    free(all.rows);
}

/* A random partner's text fields (owned by c), with place id mednum_id when imported. */
static void corpus_partner(struct partner_copy *c, int n)
{
    static const char *const communes[] = {
        "Saint-\xC3\x89tienne", "L\xE2\x80\x99Ha\xC3\xBF-les-Roses", "Reims", "Ch\xC3\xA2lons",
        "\xC5\x92uilly", "Saint-Denis"};
    static const char *const postal[] = {"42000", "94240", "51100", "51000", "02000", "93200"};
    *c = (struct partner_copy){0};
    char *name = corpus_text(1 + (int)search_rand(3));
    unsigned town = search_rand(ARRAY_LEN(communes));
    if (partner_copy_field(c, PARTNER_NAME, name) ||
        partner_copy_field(c, PARTNER_COMMUNE, search_rand(5) ? communes[town] : NULL) ||
        partner_copy_field(c, PARTNER_POSTAL_CODE, search_rand(4) ? postal[town] : NULL))
        abort();
    free(name);
    if (search_rand(3) == 0) {
        char *handles = corpus_text(2 + (int)search_rand(4));
        if (partner_copy_field(c, PARTNER_HANDLES, handles))
            abort();
        free(handles);
    }
    if (search_rand(3)) {
        int k = (int)search_rand((unsigned)vocab_count(VOCAB_ORIENTATION));
        if (partner_copy_field(c, PARTNER_CATEGORY, vocab_code(VOCAB_ORIENTATION, k)))
            abort();
    }
    (void)n;
}

static void test_partner_index_agrees(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/partners.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    int bulk = UNDER_VALGRIND ? 40 : 200, one_by_one = UNDER_VALGRIND ? 6 : 30;
    struct partner_copy *c = calloc((size_t)bulk, sizeof *c);
    struct partner *places = calloc((size_t)bulk, sizeof *places);
    char (*ids)[16] = calloc((size_t)bulk, sizeof *ids);
    int added, updated;
    /* Imported, the triggers off; then half again over themselves, with other texts: half of
     * those indexed again one by one, then the whole index built again. */
    store_set_partner_search_limits(st, 0, 0, 0, bulk / 4);
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < bulk; i++) {
            partner_copy_free(&c[i]);
            corpus_partner(&c[i], i);
            snprintf(ids[i], sizeof ids[i], "t-%d", round ? 2 * i : i);
            places[i] = c[i].p;
            places[i].mednum_id = ids[i];
        }
        CHECK(store_import_places(st, places, (size_t)(round ? bulk / 2 : bulk), false, 0, &added,
                                  &updated, &err) == GU_OK);
    }
    for (int i = 0; i < bulk; i++)
        partner_copy_free(&c[i]);
    bool sound = true;
    CHECK(store_check(st, check_quiet, NULL, &sound, NULL, &err) == GU_OK && sound);
    /* Added and edited one by one, through the triggers. */
    for (int i = 0; i < one_by_one; i++) {
        int64_t id;
        corpus_partner(&c[0], i);
        CHECK(store_add_partner(st, &c[0].p, 0, &id, &err) == GU_OK);
        partner_copy_free(&c[0]);
        corpus_partner(&c[0], i);
        c[0].p.id = 1 + search_rand((unsigned)(bulk + i));
        CHECK(store_update_partner(st, &c[0].p, 0, &err) == GU_OK);
        partner_copy_free(&c[0]);
    }
    free(c);
    free(places);
    free(ids);
    /* Written as the sqlite3 shell would. */
    sqlite3 *db = store_sqlite(st);
    CHECK(sqlite3_exec(db,
                       "UPDATE partner SET handles = 'Straße zqx' WHERE id % 23 = 0;"
                       "UPDATE partner SET commune = 'Saint-Étienne', postal_code = '42000', "
                       "category = 'aide_sociale' WHERE id % 19 = 0;"
                       "UPDATE partner SET name = 'Maison n° 12' WHERE id % 29 = 0;"
                       "DELETE FROM partner WHERE id % 31 = 0 AND is_national = 0 "
                       "AND id NOT IN (SELECT partner_id FROM request_kind "
                       "WHERE partner_id IS NOT NULL);",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_check(st, check_quiet, NULL, &sound, NULL, &err) == GU_OK && sound);
    if (!UNDER_VALGRIND) /* there, French only: its memory is what is looked at */
        check_partner_queries(st, "en");
    setenv("LANGUAGE", "fr", 1);
    i18n_init();
    check_partner_queries(st, "fr");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    /* A damaged index is a problem check reports. */
    CHECK(sqlite3_exec(db, "DELETE FROM partner_search_odd", NULL, NULL, NULL) == SQLITE_OK);
    int problems = 0;
    CHECK(store_check(st, check_count, &problems, &sound, NULL, &err) == GU_OK && !sound && problems);
    store_close(st);
}

const struct unit_test search_tests[] = {
    {"search: words folded and cut", test_words_are_folded_and_cut},
    {"search: accents, case, hyphens, apostrophes, ligatures, order", test_equivalences},
    {"search: each word in some field of the record", test_words_across_fields},
    {"search: history (session_matches)", test_history_search},
    {"search: people (FTS5) by the same rule; the indexes join words as it does",
     test_people_search},
    {"search: Orienter cuts words the same way", test_orient_words},
    {"search: the history's indexes find what session_matches finds", test_history_index_agrees},
    {"search: the partner directory's index finds what partner_matches finds",
     test_partner_index_agrees},
    {NULL, NULL},
};
