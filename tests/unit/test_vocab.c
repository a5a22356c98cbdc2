#include <ctype.h>

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

const struct unit_test vocab_tests[] = {
    {"vocab: sizes of the national vocabularies", test_vocabulary_sizes},
    {"vocab: theme shortcuts are distinct letters", test_theme_keys_unique_letters},
    {"vocab: find and parse codes", test_find_and_parse},
    {"vocab: labels and kinds", test_labels_and_kinds},
    {NULL, NULL},
};
