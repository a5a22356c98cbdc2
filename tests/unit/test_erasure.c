#include <stdlib.h>
#include <string.h>

#include "erasure.h"
#include "harness.h"

static const uint8_t key[ERASURE_KEY_SIZE] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

/* text redacted for Zoé Martin, 06 12 34 56 78, zoe.martin@example.org. */
static char *redact(const char *text, bool *found)
{
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    CHECK(erasure_marks_add_person(&m, 1, 7, "2026-03-01T10:00:00Z", "Zoé Martin",
                                   "06 12 34 56 78", "Zoe.Martin@Example.org") == 0);
    char *out = erasure_redact(&m, text, "2026-02-01T10:00:00Z", "[X]", found);
    erasure_marks_clear(&m);
    return out;
}

static void test_redacts_every_spelling(void)
{
    static const char *const cases[][2] = {
        {"Rappeler Zoé Martin au 06 12 34 56 78.", "Rappeler [X] au [X]."},
        {"MARTIN Zoé (0612345678)", "[X] ([X])"},
        {"zoe martin, tel:+33 6 12 34 56 78", "[X], tel:[X]"},
        {"Zoe\xCC\x81 Martin 06.12.34.56.78 fois 2", "[X] [X] fois 2"},
        {"mail : ZOE.MARTIN@EXAMPLE.ORG !", "mail : [X] !"},
        {"« Zoé Martin »", "« [X] »"},
        {"Zo\xE2\x80\x8B\xC3\xA9 Martin", "[X]"},
        {"le 12 34 56 et 0033612345678", "le 12 34 56 et [X]"},
        /* Glued to a word or to punctuation, as staff write them. */
        {"tel.0612345678", "tel.[X]"},
        {"Tél.06 12 34 56 78", "Tél.[X]"},
        {"port.06.12.34.56.78", "port.[X]"},
        {"tél=0612345678", "tél=[X]"},
        {"tél-0612345678", "tél-[X]"},
        {"tél+33612345678", "tél[X]"},
        {"N°06 12 34 56 78", "N°[X]"},
        {"06\xE2\x80\x93" "12\xE2\x80\x93" "34\xE2\x80\x93" "56\xE2\x80\x93" "78", "[X]"}, /* en dashes */
        {"33612345678", "[X]"},
        {"6 12 34 56 78", "[X]"},
        {"appeler Zoé Martin.Merci", "appeler [X].Merci"},
        {"a.Zoé Martin", "a.[X]"},
        {"Zoé.Martin", "[X]"},
        {"ZOÉ.MARTIN", "[X]"},
        {"0612345678\x1B[2J", "[X]\x1B[2J"},
        {"zoe.martin@example.org.", "[X]."},
        {"<zoe.martin@example.org>", "<[X]>"},
        /* Apostrophes and hyphens cut words, in a name as in a note. */
        {"Zoé-Martin", "[X]"},
        {"dossier d\xE2\x80\x99Zoé Martin", "dossier d\xE2\x80\x99[X]"},
        {"dossier d'Zoé Martin", "dossier d'[X]"},
        {"Martin-Zoé", "[X]"},
        {"Zoé Martin's", "[X]'s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool found;
        char *out = redact(cases[i][0], &found);
        CHECK_STR(out, cases[i][1]);
        CHECK(found);
        free(out);
    }
}

static void test_leaves_others_alone(void)
{
    static const char *const kept[] = {
        "", "Zoé a appelé", "Martin est venu", "Zoé Martineau", "06 12 34 56 79",
        "Rendez-vous le 12/03 à 14 h", "Zoé Martinez", "Mme Martin", "Zoéline",
        "06/12/2024", "0612345679",
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        bool found = true;
        char *out = redact(kept[i], &found);
        CHECK_STR(out, kept[i]);
        CHECK(!found);
        free(out);
    }
}

static void test_compound_names(void)
{
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    CHECK(erasure_marks_add_person(&m, 1, 7, NULL, "Anne-Sophie D\xE2\x80\x99" "Arbois", NULL, NULL) == 0);
    static const char *const found[] = {"Anne Sophie d'Arbois", "ANNE-SOPHIE D’ARBOIS",
                                        "Anne Sophie D Arbois"};
    for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
        bool f;
        char *out = erasure_redact(&m, found[i], NULL, "[X]", &f);
        CHECK_STR(out, "[X]");
        free(out);
    }
    erasure_marks_clear(&m);
    /* A one-word name is not looked for in notes: it would erase everybody's words. */
    erasure_marks_init(&m, key);
    CHECK(erasure_marks_add_person(&m, 1, 8, NULL, "A", NULL, NULL) == 0);
    bool f = true;
    char *out = erasure_redact(&m, "Il a un souci, a revoir", NULL, "[X]", &f);
    CHECK_STR(out, "Il a un souci, a revoir");
    CHECK(!f);
    free(out);
    erasure_marks_clear(&m);
}

static void test_person_and_contact(void)
{
    struct erasure_marks m;
    erasure_marks_init(&m, key);
    const char *when = "2026-03-01T10:00:00Z", *before = "2026-02-01T10:00:00Z",
               *after = "2026-04-01T10:00:00Z";
    CHECK(erasure_marks_add_person(&m, 1, 7, when, "Zoé Martin", "0612345678", NULL) == 0);
    CHECK(erasure_marks_person(&m, 7, "ZOE MARTIN", NULL, NULL, before));           /* the record */
    CHECK(erasure_marks_person(&m, 9, "Zoé Martin", "+33612345678", NULL, before)); /* a duplicate */
    CHECK(!erasure_marks_person(&m, 9, "Zoé Martin", "0699999999", NULL, before));  /* a homonym */
    CHECK(!erasure_marks_person(&m, 9, "Zoé Martin", NULL, NULL, before));
    CHECK(!erasure_marks_person(&m, 7, "Yves Lent", "0612345678", NULL, before));   /* another name */
    /* She came back after the erasure, with new consent: her new record is not touched. */
    CHECK(!erasure_marks_person(&m, 9, "Zoé Martin", "0612345678", NULL, after));
    CHECK(erasure_marks_contact(&m, "Zoé Martin", NULL, before));
    CHECK(erasure_marks_contact(&m, NULL, "06 12 34 56 78", before));
    CHECK(!erasure_marks_contact(&m, "Zoé Martin", NULL, after));
    CHECK(!erasure_marks_contact(&m, "Paul Martin", "0612345678", before)); /* the family's phone */
    CHECK(erasure_marks_contact(&m, "Zoe MARTIN-DURAND", "0612345678", before)); /* her, married */
    CHECK(erasure_marks_contact(&m, "Z. Martin", "0612345678", before));         /* her initial */
    CHECK(!erasure_marks_contact(&m, "Z. Martin", "0699999999", before));
    CHECK(erasure_name_variant("Zoé Martin", "MARTIN Zoe") && erasure_name_variant("Zoé Martin", "Z Martin"));
    CHECK(!erasure_name_variant("Zoé Martin", "Paul Martin") && !erasure_name_variant("Zoé Martin", "Zoéline Martin"));
    CHECK(!erasure_marks_contact(&m, "Yves Lent", "0699999999", before));
    bool found = true;
    char *out = erasure_redact(&m, "Zoé Martin 0612345678", after, "[X]", &found);
    CHECK_STR(out, "Zoé Martin 0612345678"); /* a note written after the erasure */
    CHECK(!found);
    free(out);
    erasure_marks_clear(&m);

    /* The same identifiers under another key are other marks. */
    uint8_t other[ERASURE_KEY_SIZE] = {9};
    struct erasure_marks a, b;
    erasure_marks_init(&a, key);
    erasure_marks_init(&b, other);
    CHECK(!erasure_marks_add_person(&a, 1, 7, NULL, "Zoé Martin", NULL, NULL));
    CHECK(!erasure_marks_add_person(&b, 1, 7, NULL, "Zoé Martin", NULL, NULL));
    CHECK(a.count == b.count && strcmp(a.marks[0].hash, b.marks[0].hash) != 0);
    CHECK(strlen(a.marks[0].hash) == ERASURE_HASH_HEX_SIZE - 1);
    CHECK(!strstr(a.marks[0].hash, "zoe"));
    erasure_marks_clear(&a);
    erasure_marks_clear(&b);
}

static void test_key_round_trip(void)
{
    uint8_t k[ERASURE_KEY_SIZE], back[ERASURE_KEY_SIZE];
    char hex[ERASURE_KEY_HEX_SIZE];
    CHECK(erasure_key_new(k) == 0);
    erasure_key_to_hex(k, hex);
    CHECK(erasure_key_parse(hex, back) && !memcmp(k, back, sizeof k));
    CHECK(!erasure_key_parse("abc", back));
    CHECK(!erasure_key_parse(NULL, back));
    hex[3] = 'G';
    CHECK(!erasure_key_parse(hex, back));
}

const struct unit_test erasure_tests[] = {
    {"erasure: every spelling of the name, phone and e-mail is redacted", test_redacts_every_spelling},
    {"erasure: other words, names and numbers stay", test_leaves_others_alone},
    {"erasure: a record, a duplicate, a homonym, a contact", test_person_and_contact},
    {"erasure: compound names, apostrophes, one-word names", test_compound_names},
    {"erasure: the key round-trips", test_key_round_trip},
    {NULL, NULL},
};
