#include <string.h>

#include "harness.h"
#include "route.h"

static const char caf[] = "caf, la caf, allocs, allocations, allocations familiales, apl, rsa, "
                          "prime d'activité, aide au logement";
static const char emploi[] = "pôle emploi, france travail, chômage, assedic, actualisation, "
                             "demandeur d'emploi";
static const char cv[] = "cv, lettre de motivation, recherche d'emploi, offre d'emploi, emploi";

static void test_one_edit(void)
{
    CHECK(route_one_edit("chomage", "chomage"));
    CHECK(route_one_edit("chomge", "chomage"));   /* deletion */
    CHECK(route_one_edit("chommage", "chomage")); /* insertion */
    CHECK(route_one_edit("chpmage", "chomage"));  /* substitution */
    CHECK(route_one_edit("cohmage", "chomage"));  /* swap */
    CHECK(!route_one_edit("chmge", "chomage"));
}

static void test_synonyms_accents_order_typos(void)
{
    CHECK(route_score("Pôle emploi", emploi, "Demandeur d'emploi") > 0);
    CHECK(route_score("pole EMPLOI", emploi, "") > 0);
    CHECK(route_score("emploi pole", emploi, "") > 0);                    /* word order */
    CHECK(route_score("mon actualisation", emploi, "") > 0);
    CHECK(route_score("le chommage", emploi, "") > 0);                    /* typo */
    CHECK(route_score("ASSEDIC", emploi, "") > 0);
    CHECK(route_score("prime activite", caf, "") > 0);
    CHECK(route_score("les allocs", caf, "") > 0);
    CHECK(route_score("la cuisine", caf, "") == 0);
    CHECK(route_score("", caf, "") == 0);
    /* "pole emploi" is France Travail's, more than the CV's "emploi". */
    CHECK(route_score("pole emploi", emploi, "") > route_score("pole emploi", cv, ""));
    /* A phrase needs all its words: "travail" alone is not "france travail". */
    CHECK(route_score("travail", emploi, "") == 0);
    CHECK(route_score("france travail", emploi, "") > 0);
}

const struct unit_test route_tests[] = {
    {"route: one edit apart", test_one_edit},
    {"route: synonyms, accents, word order, typos", test_synonyms_accents_order_typos},
    {NULL, NULL},
};
