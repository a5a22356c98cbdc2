/* The place standard's normalisation (mednum_normalise), shared by the command line, the desk's
 * form and the import; multi-line text kept through cleaning and the CSV writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mednum.h"
#include "output.h"
#include "text.h"

/* The normalised form of value for field name, or "!" followed by the message when refused. */
static char result[1200];
static const char *norm(const char *name, const char *value, const char *postal_code)
{
    struct gu_error err;
    char *out = NULL;
    if (mednum_load(&err))
        return "!load";
    int rc = mednum_normalise(name, "--x", value, postal_code, &out, &err);
    snprintf(result, sizeof result, "%s%s", rc ? "!" : "", rc ? err.message : out ? out : "(none)");
    free(out);
    return result;
}

static void test_phones(void)
{
    CHECK_STR(norm("telephone", "03 26 11 22 33", NULL), "+33326112233");
    CHECK_STR(norm("telephone", "03.26.11.22.33", NULL), "+33326112233");
    CHECK_STR(norm("telephone", "03-26-11-22-33", NULL), "+33326112233");
    CHECK_STR(norm("telephone", "+33 (0)3 26 11 22 33", NULL), "+33326112233");
    CHECK_STR(norm("telephone", "0590 12 34 56", NULL), "+590590123456");
    CHECK_STR(norm("telephone", "0692 12 34 56", NULL), "+262692123456");
    CHECK_STR(norm("telephone", "0694 12 34 56", NULL), "+594694123456");
    CHECK_STR(norm("telephone", "0696 12 34 56", NULL), "+596696123456");
    /* Plans of 6 and 8 digits, told by the postal code. */
    CHECK_STR(norm("telephone", "41 23 45", "97500"), "+508412345");
    CHECK_STR(norm("telephone", "72 12 34", "98600"), "+681721234");
    CHECK_STR(norm("telephone", "40 12 34 56", "98714"), "+68940123456");
    CHECK_STR(norm("telephone", "27 12 34", "98800"), "+687271234");
    CHECK_STR(norm("telephone", "+687 27 12 34", NULL), "+687271234");
    CHECK_STR(norm("telephone", "3949", NULL), "3949"); /* a service's short number */
    CHECK_STR(norm("telephone", "03 26", NULL),
              "!--x: \"03 26\" is not a phone number; expected 10 digits such as 03 26 11 22 33 "
              "or +33 3 26 11 22 33");
    CHECK(result[0] == '!' && norm("telephone", "+44 20 7946 0958", NULL)[0] == '!');
    CHECK_STR(norm("telephone", "", NULL), "(none)");
    /* However long the value, the message shows it cut short, and inert. */
    char long_value[400];
    memset(long_value, '7', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    long_value[0] = '\x1b';
    CHECK(norm("telephone", long_value, NULL)[0] == '!' && strstr(result, "…\" is not") &&
          strlen(result) < 200 && !strchr(result, '\x1b'));
}

static void test_other_fields(void)
{
    CHECK_STR(norm("code_postal", " 51 100", NULL), "51100");
    CHECK(norm("code_postal", "5110", NULL)[0] == '!' && strstr(result, "expected 5 digits"));
    CHECK_STR(norm("courriels", "a@b.fr, c@d.fr; e@f.fr", NULL), "a@b.fr|c@d.fr|e@f.fr");
    CHECK(norm("courriels", "a@b.fr|nope", NULL)[0] == '!' && strstr(result, "\"nope\""));
    CHECK_STR(norm("site_web", "www.reims.fr|HTTP://x.fr/a", NULL), "https://www.reims.fr|http://x.fr/a");
    CHECK(norm("site_web", "https://localhost", NULL)[0] == '!');
    CHECK_STR(norm("pivot", "434 933 123 00029", NULL), "43493312300029");
    CHECK_STR(norm("pivot", "w511000123", NULL), "W511000123");
    CHECK_STR(norm("pivot", "35600000000001", NULL), "35600000000001"); /* La Poste: sum % 5, not Luhn */
    CHECK(norm("pivot", "43493312300028", NULL)[0] == '!' && strstr(result, "check digit"));
    CHECK(norm("pivot", "ABC", NULL)[0] == '!' && strstr(result, "W and 9 digits"));
    CHECK_STR(norm("nom", "Médiathèque", NULL), "Médiathèque");
}

static void test_expected_forms(void)
{
    struct gu_error err;
    CHECK(mednum_load(&err) == GU_OK);
    char *e = mednum_expected((size_t)mednum_find("itinerance"));
    CHECK_STR(e, "one or more of these, separated by |: Itinérant; Fixe");
    free(e);
    e = mednum_expected((size_t)mednum_find("prise_en_charge_specifique"));
    CHECK(e && strstr(e, "; Langues étrangères (anglais); "));
    free(e);
    CHECK(mednum_field_multiline((size_t)mednum_find("presentation_detail")));
    CHECK(!mednum_field_multiline((size_t)mednum_find("nom")));
}

static void test_lines_kept(void)
{
    struct gu_error err;
    char *out = NULL;
    CHECK(text_clean_input("f", "\n Un\r\nDeux\r\n\nTrois\rQuatre\tcinq\xE2\x80\xAE \n", 0,
                           TEXT_KEEP_LINE_FEEDS, &out, &err) == GU_OK);
    CHECK_STR(out, "Un\nDeux\n\nTrois\nQuatre cinq");
    free(out);
    CHECK(text_clean_input("f", "a\x01" "b", 0, TEXT_KEEP_LINE_FEEDS, &out, &err) == GU_INVALID);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    output_csv_field_lines(f, "Un \"deux\"\nTrois\xC2\x85");
    fclose(f);
    CHECK_STR(buf, "\"Un \"\"deux\"\"\nTrois\xEF\xBF\xBD\"");
    free(buf);
    /* A value over several lines goes through the partner's extra lines whole. */
    char *v = mednum_extra_get("source\tHubik\npresentation_detail\tUn\n\nDeux\nitinerance\tFixe\n",
                               "presentation_detail");
    CHECK_STR(v, "Un\n\nDeux");
    free(v);
    v = mednum_extra_get("presentation_detail\tUn\nDeux\n", "presentation_detail");
    CHECK_STR(v, "Un\nDeux");
    free(v);
}

const struct unit_test mednum_tests[] = {
    {"mednum: phones to +33… and the overseas codes", test_phones},
    {"mednum: postal codes, e-mails, websites, SIRET and RNA", test_other_fields},
    {"mednum: the form each pattern expects, in words", test_expected_forms},
    {"mednum: multi-line text kept, cleaned and written", test_lines_kept},
    {NULL, NULL},
};
