#include <string.h>

#include "harness.h"
#include "partner.h"
#include "policy.h"
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

static void test_policy_rank(void)
{
    struct request_kind kinds[] = {
        {.id = 1, .code = "cv", .label = "CV", .keywords = cv, .answer = "here"},
        {.id = 2, .code = "emploi", .label = "Demandeur d'emploi", .keywords = emploi,
         .answer = "partly", .partner_id = 7},
        {.id = 3, .code = "caf", .label = "CAF", .keywords = caf, .answer = "redirect",
         .partner_id = 8},
    };
    struct policy p = {kinds, 3};
    struct policy_match best[2];
    CHECK(policy_rank(&p, "pole emploi", best, 2) == 2);
    CHECK(best[0].kind->id == 2 && best[1].kind->id == 1 && best[0].score > best[1].score);
    CHECK(policy_rank(&p, "rsa", best, 2) == 1 && best[0].kind->id == 3);
    CHECK(policy_rank(&p, "la cuisine", best, 2) == 0);
    CHECK(policy_rank(&p, NULL, best, 2) == 0);
    CHECK(policy_rank(&p, "emploi", best, 1) == 1); /* at most max */
}

static void test_policy_validate(void)
{
    struct gu_error err;
    struct request_kind k = {.code = "bus", .label = "Bus", .answer = "redirect", .partner_id = 3};
    CHECK(policy_validate_kind(&k, &err) == GU_OK);
    k.theme = "email";
    CHECK(policy_validate_kind(&k, &err) == GU_OK);
    k.theme = "courriel";
    CHECK(policy_validate_kind(&k, &err) == GU_INVALID && strstr(err.message, "theme"));
    k.theme = NULL;
    k.partner_id = 0;
    CHECK(policy_validate_kind(&k, &err) == GU_INVALID && !strncmp(err.message, "partner:", 8));
    k.answer = "here";
    CHECK(policy_validate_kind(&k, &err) == GU_OK); /* handled here: no partner needed */
    k.answer = "maybe";
    CHECK(policy_validate_kind(&k, &err) == GU_INVALID);
    k.answer = "here";
    k.code = "Bus Card";
    CHECK(policy_validate_kind(&k, &err) == GU_INVALID && !strncmp(err.message, "code:", 5));
    k.code = "bus";
    k.label = "";
    CHECK(policy_validate_kind(&k, &err) == GU_INVALID && !strncmp(err.message, "label:", 6));
}

static void test_referral_validate(void)
{
    struct gu_error err;
    struct referral r = {.partner_id = 2, .follow_up_on = "2026-03-27"};
    CHECK(referral_validate(&r, "2026-03-17", &err) == GU_OK);
    r.contact_name = "Mme Diallo";
    CHECK(referral_validate(&r, "2026-03-17", &err) == GU_INVALID && strstr(err.message, "consent"));
    r.consent = true;
    CHECK(referral_validate(&r, "2026-03-17", &err) == GU_OK);
    r.contact_phone = "not a phone";
    CHECK(referral_validate(&r, "2026-03-17", &err) == GU_INVALID);
    r.contact_phone = "06 12 34 56 78";
    CHECK(referral_validate(&r, "2026-03-17", &err) == GU_OK);
    CHECK(referral_validate(&r, "2026-03-28", &err) == GU_INVALID && strstr(err.message, "past"));
    strcpy(r.follow_up_on, "2026-02-30");
    CHECK(referral_validate(&r, "2026-01-01", &err) == GU_INVALID && strstr(err.message, "not a date"));
    r.follow_up_on[0] = '\0';
    r.partner_id = 0;
    CHECK(referral_validate(&r, "2026-01-01", &err) == GU_INVALID && strstr(err.message, "partner"));
}

const struct unit_test route_tests[] = {
    {"policy: ranking best first, at most max", test_policy_rank},
    {"policy: a request is checked before it is saved", test_policy_validate},
    {"referral: partner, consent, contact phone, follow-up date", test_referral_validate},
    {"route: one edit apart", test_one_edit},
    {"route: synonyms, accents, word order, typos", test_synonyms_accents_order_typos},
    {NULL, NULL},
};
