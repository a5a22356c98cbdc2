#include <ctype.h>

#include "coop.h"
#include "harness.h"
#include "vocab.h"

static void test_vocabulary_sizes(void)
{
    struct gu_error err;
    CHECK(vocab_load(&err) == GU_OK);
    CHECK(vocab_count(VOCAB_THEME) == 19);
    CHECK(vocab_count(VOCAB_DEMARCHE) == 11);
    CHECK(vocab_count(VOCAB_PLACE) == 4);
    CHECK(vocab_count(VOCAB_MATERIAL) == 5);
    CHECK(vocab_count(VOCAB_AGE) == 8);
    CHECK(vocab_count(VOCAB_ORIENTATION) == 7);
    CHECK(vocab_count(VOCAB_TYPOLOGY) == 17);
    for (int k = 0; k < VOCAB_KIND_COUNT; k++)
        CHECK(vocab_count(k) > 0 && vocab_count(k) <= 32);
}

static void test_theme_keys_unique_letters(void)
{
    int seen[26] = {0};
    for (size_t i = 0; i < vocab_count(VOCAB_THEME); i++) {
        char k = vocab_key(VOCAB_THEME, (int)i);
        CHECK(k >= 'a' && k <= 'z');
        if (k >= 'a' && k <= 'z')
            CHECK(seen[k - 'a']++ == 0);
    }
}

static void test_find_and_parse(void)
{
    CHECK(vocab_find(VOCAB_THEME, "email") == 5);
    CHECK(vocab_find(VOCAB_THEME, "nope") == VOCAB_NONE);
    CHECK(vocab_theme_demarches() == vocab_find(VOCAB_THEME, "aide_aux_demarches_administratives"));
    struct gu_error err;
    vocab_set set;
    CHECK(vocab_parse_set(VOCAB_THEME, "--theme", "email,sante", &set, &err) == GU_OK);
    CHECK(set == ((1u << 5) | (1u << 8)));
    CHECK(vocab_parse_set(VOCAB_THEME, "--theme", "email,", &set, &err) == GU_INVALID);
    CHECK(vocab_parse_set(VOCAB_THEME, "--theme", "", &set, &err) == GU_INVALID);
    CHECK(vocab_parse_set(VOCAB_THEME, "--theme", "mail", &set, &err) == GU_INVALID);
    CHECK(strstr(err.message, "--theme") && strstr(err.message, "\"mail\""));
    int one;
    CHECK(vocab_parse_one(VOCAB_AGE, "--age", "60_69", &one, &err) == GU_OK && one == 5);
    CHECK(vocab_parse_one(VOCAB_AGE, "--age", "60-69", &one, &err) == GU_INVALID);
}

static void test_labels_and_kinds(void)
{
    CHECK_STR(vocab_label(VOCAB_THEME, 5), "E-mail");
    CHECK_STR(vocab_kind_name(VOCAB_ORIENTATION), "orientation");
    CHECK(vocab_kind_find("typology") == VOCAB_TYPOLOGY);
    CHECK(vocab_kind_find("nope") == -1);
    CHECK_STR(vocab_code(VOCAB_THEME, 99), "");
}

/* Former age codes are found as the Coop's, and nothing else is aliased. */
static void test_former_codes(void)
{
    static const char *const pairs[][2] = {
        {"moins_12", "moins_de_douze"}, {"12_17", "douze_dix_huit"},
        {"18_24", "dix_huit_vingt_quatre"}, {"25_39", "vingt_cinq_trente_neuf"},
        {"40_59", "quarante_cinquante_neuf"}, {"60_69", "soixante_soixante_neuf"},
        {"70_plus", "soixante_dix_plus"},
    };
    for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
        int index = vocab_find(VOCAB_AGE, pairs[i][0]);
        CHECK(index != VOCAB_NONE && index == vocab_find(VOCAB_AGE, pairs[i][1]));
        CHECK_STR(vocab_code(VOCAB_AGE, index), pairs[i][1]);
        CHECK(vocab_find(VOCAB_STATUS, pairs[i][0]) == VOCAB_NONE);
    }
}

/* Every entry of a vocabulary guichet shares with the Coop has the Coop's label (export coop
 * writes them), and the export's layout is the Coop's 29 columns. */
static void test_coop_labels(void)
{
    static const enum vocab_kind shared[] = {
        VOCAB_THEME, VOCAB_DEMARCHE, VOCAB_ACTIVITY_TYPE, VOCAB_PLACE, VOCAB_MATERIAL,
        VOCAB_AUTONOMY, VOCAB_LEVEL, VOCAB_AGE, VOCAB_STATUS, VOCAB_GENDER, VOCAB_ORIENTATION,
    };
    struct gu_error err;
    CHECK(coop_load(&err) == GU_OK);
    for (size_t k = 0; k < ARRAY_LEN(shared); k++)
        for (size_t i = 0; i < vocab_count(shared[k]); i++)
            CHECK(*coop_label(shared[k], (int)i));
    CHECK_STR(coop_label(VOCAB_AGE, vocab_find(VOCAB_AGE, "70_plus")), "70 ans et plus");
    CHECK_STR(coop_label(VOCAB_PLACE, vocab_find(VOCAB_PLACE, "lieu_activite")), "Lieu d’activité");
    CHECK_STR(coop_label(VOCAB_AGE, VOCAB_NONE), "");
    CHECK_STR(coop_yes_no(true), "Oui");
    CHECK_STR(coop_yes_no(false), "Non");
    CHECK(coop_column_count() == 29);
    CHECK_STR(coop_column(0), "Date");
    CHECK_STR(coop_column(28), "ID CRA");
    CHECK_STR(coop_column(29), "");
}

const struct unit_test vocab_tests[] = {
    {"vocab: sizes of the national vocabularies", test_vocabulary_sizes},
    {"vocab: theme shortcuts are distinct letters", test_theme_keys_unique_letters},
    {"vocab: find and parse codes", test_find_and_parse},
    {"vocab: labels and kinds", test_labels_and_kinds},
    {"vocab: guichet's former age codes read as the Coop's", test_former_codes},
    {"vocab: the Coop's labels and export columns from data/coop", test_coop_labels},
    {NULL, NULL},
};
