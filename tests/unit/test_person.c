#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "person.h"
#include "store.h"
#include "text.h"

/* Invisible characters and spaces, as UTF-8. */
#define ZWSP "\xE2\x80\x8B"   /* U+200B zero-width space */
#define ZWJ "\xE2\x80\x8D"    /* U+200D zero-width joiner */
#define WJ "\xE2\x81\xA0"     /* U+2060 word joiner */
#define INVIS "\xE2\x81\xA4"  /* U+2064 invisible plus */
#define BOM "\xEF\xBB\xBF"    /* U+FEFF */
#define SHY "\xC2\xAD"        /* U+00AD soft hyphen */
#define CGJ "\xCD\x8F"        /* U+034F combining grapheme joiner */
#define MVS "\xE1\xA0\x8E"    /* U+180E Mongolian vowel separator */
#define NBSP "\xC2\xA0"       /* U+00A0 */
#define NNBSP "\xE2\x80\xAF"  /* U+202F */
#define ZOE_NFC "Zo\xC3\xA9"  /* Zoé, precomposed */
#define ZOE_NFD "Zoe\xCC\x81" /* Zoé, e + combining acute */

static void check_phone(const char *typed, const char *expected)
{
    char *c = person_canonical_phone(typed);
    if (!c || strcmp(c, expected) != 0)
        fprintf(stderr, "    canonical phone of \"%s\"\n", typed);
    CHECK_STR(c, expected);
    free(c);
}

static void test_canonical_phone_french_spellings(void)
{
    const char *spellings[] = {"06 12 34 56 78",       "0612345678",        "06.12.34.56.78",
                               "06-12-34-56-78",       "+33 6 12 34 56 78", "+33612345678",
                               "0033612345678",        "00 33 6 12 34 56 78", "+33 (0)6 12 34 56 78",
                               "0033 (0)6 12 34 56 78", "+33 06 12 34 56 78"};
    for (size_t i = 0; i < ARRAY_LEN(spellings); i++)
        check_phone(spellings[i], "+33612345678");
    check_phone("01 23 45 67 89", "+33123456789");
    check_phone("09 70 12 34 56", "+33970123456");
}

static void test_canonical_phone_overseas(void)
{
    static const char *const cases[][2] = {
        {"02 62 12 34 56", "+262262123456"}, /* La Réunion, fixed */
        {"0263 12 34 56", "+262263123456"},
        {"06 92 12 34 56", "+262692123456"}, /* La Réunion, mobile */
        {"0693123456", "+262693123456"},
        {"02 69 61 23 45", "+262269612345"}, /* Mayotte shares +262 */
        {"06 39 12 34 56", "+262639123456"},
        {"05 90 12 34 56", "+590590123456"}, /* Guadeloupe */
        {"0690 12 34 56", "+590690123456"},
        {"0691 12 34 56", "+590691123456"},
        {"05 94 12 34 56", "+594594123456"}, /* Guyane */
        {"0694 12 34 56", "+594694123456"},
        {"05 96 12 34 56", "+596596123456"}, /* Martinique */
        {"0696 12 34 56", "+596696123456"},
        {"0697 12 34 56", "+596697123456"},
        {"05 08 41 12 34", "+508411234"},    /* Saint-Pierre-et-Miquelon: 6 digits */
        {"+33 6 92 12 34 56", "+262692123456"}, /* written under +33 all the same */
        {"+262 692 12 34 56", "+262692123456"},
        {"00 262 692 12 34 56", "+262692123456"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        check_phone(cases[i][0], cases[i][1]);
}

static void test_canonical_phone_others(void)
{
    check_phone("+44 20 7946 0958", "+442079460958");
    check_phone("00 44 20 7946 0958", "+442079460958");
    check_phone("+44 (0)20 7946 0958", "+442079460958");
    check_phone("+1 (202) 555-0123", "+12025550123");
    check_phone("3949", "3949");      /* a short number: its digits */
    check_phone("39 49", "3949");
    check_phone("+49 30 1234567", "+49301234567");
    check_phone("3646", "3646");
    check_phone("+262 0692 12 34 56", "+262692123456"); /* a trunk 0 typed by mistake */
    check_phone("+590 (0)690 12 34 56", "+590690123456");
    check_phone("+508 41 12 34", "+508411234");
    check_phone("0508411234", "+508411234");
    /* Not numbers that can be dialled, so not phone numbers: as they were. */
    check_phone("(0)1-23", "(0)1-23");
    check_phone("+33 0 12 34 56", "+33 0 12 34 56");
    check_phone("+330123456", "+330123456");
    check_phone("+33 1 23", "+33 1 23");
    check_phone("call me", "call me"); /* not a phone number: as it was */
    check_phone("", "");
}

/* Whether person_validate_phone accepts typed, and names the field when it does not. */
static bool phone_accepted(const char *typed)
{
    struct gu_error err;
    int status = person_validate_phone("--phone", typed, &err);
    if (status != GU_OK && (status != GU_INVALID || !strstr(err.message, "--phone") ||
                            !strstr(err.message, "is not a phone number")))
        fprintf(stderr, "    refusal of \"%s\": %s\n", typed, err.message);
    return status == GU_OK;
}

static void test_validate_phone(void)
{
    static const char *const good[] = {
        "06 12 34 56 78", "01.23.45.67.89", "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78",
        "+33 06 12 34 56 78", "0033 6 12 34 56 78", "0692 12 34 56", "+262 692 12 34 56",
        "+262 0692 12 34 56", "+590 690 12 34 56", "+594 694 12 34 56", "+596 696 12 34 56",
        "+262 123 45 67 89", "05 08 41 12 34", "+508 41 12 34", "00 508 41 12 34",
        /* Other countries: 4 to 15 digits, whatever their plan. */
        "+49 30 1234567", "+44 20 7946 0958", "+1 (202) 555-0123", "00 41 22 123 45 67",
        "+687 12 34 56", "+1234", "+123456789012345",
        /* Short numbers: no + and no leading 0, 4 to 6 digits. */
        "3949", "39 49", "3646", "118 218",
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        if (!phone_accepted(good[i]))
            fprintf(stderr, "    \"%s\" refused\n", good[i]);
        CHECK(phone_accepted(good[i]));
    }
    static const char *const bad[] = {
        /* A mobile number that lost its 0, a long run without + or 0. */
        "612345678", "123456789012345",
        /* French numbers without their 10 digits (9 after +33). */
        "+33 1 23", "+33123", "+33 6 12 34 56 7", "+33 6 12 34 56 789", "0033 1 23",
        "06 12 34 56 7", "06 12 34 56 78 9", "0123", "(0)1-23", "+33 0 12 34 56 78",
        "+33 (0)6 12 34 56", "+33 06 12 34 56 7",
        /* Overseas codes: 9 digits after the code; +508: 6. */
        "+262 692 12 34 5", "+262 692 12 34 56 7", "+590 12", "+594 694 12 34", "+596 1234",
        "+262 0 12 34 56 78", "+508 41 12 3", "+508 41 12 34 5", "00 508 41 12",
        /* Others: no country code starts with 0; 4 to 15 digits. */
        "+0612345678", "+00 33 6 12 34 56 78", "+123", "+1234567890123456", "00 12",
        "1234567890123456", "12", "call me", "33+6", "06 12 34 56 78 ext", "",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        if (phone_accepted(bad[i]))
            fprintf(stderr, "    \"%s\" accepted\n", bad[i]);
        CHECK(!phone_accepted(bad[i]));
    }
    /* What is accepted is made canonical, and the canonical form is accepted again. */
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        char *c = person_canonical_phone(good[i]), *again = c ? person_canonical_phone(c) : NULL;
        CHECK(c && phone_accepted(c));
        CHECK_STR(again, c);
        free(c);
        free(again);
    }
}

static void check_display(const char *stored, const char *expected)
{
    char *d = person_phone_for_display(stored);
    CHECK_STR(d, expected);
    free(d);
}

static void test_phone_for_display(void)
{
    check_display("+33612345678", "06 12 34 56 78");
    check_display("+33123456789", "01 23 45 67 89");
    check_display("+262692123456", "06 92 12 34 56");
    check_display("+262269612345", "02 69 61 23 45");
    check_display("+590590123456", "05 90 12 34 56");
    check_display("+594694123456", "06 94 12 34 56");
    check_display("+596696123456", "06 96 12 34 56");
    check_display("+508411234", "+508 41 12 34");
    /* Another country's groups depend on area codes guichet does not know: the French way would
     * be wrong there (+49 301 23 45 67), so only the country code stands apart. */
    check_display("+49301234567", "+49 301234567");
    check_display("+4930123456", "+49 30123456");
    check_display("+442079460958", "+44 2079460958");
    check_display("+12025550123", "+1 2025550123");
    check_display("+74951234567", "+7 4951234567");
    check_display("+41221234567", "+41 221234567");
    check_display("+687123456", "+687 123456");
    check_display("+352123456", "+352 123456");
    check_display("3949", "3949");
    check_display("06.12.34.56.78", "06.12.34.56.78"); /* older data, not canonical */
    check_display("+33 6 12", "+33 6 12");
    check_display("+33123", "+33123"); /* kept before numbers were checked: not regrouped */
    check_display("+2621234", "+2621234");
    /* A +262 number outside the overseas prefixes would dial a +33 one in 10 digits. */
    check_display("+262123456789", "+262 123 45 67 89");
    check_display("+12", "+12");
    CHECK(person_phone_for_display(NULL) == NULL);
    /* What is shown is typed again as it is: the canonical form comes back. */
    const char *stored[] = {"+33612345678", "+262692123456", "+590690123456", "+442079460958",
                            "+508411234", "+12025550123", "3949", "+49301234567",
                            "+262123456789", "+74951234567", "+687123456"};
    for (size_t i = 0; i < ARRAY_LEN(stored); i++) {
        char *shown = person_phone_for_display(stored[i]);
        check_phone(shown, stored[i]);
        free(shown);
    }
}

static void test_contact_for_display(void)
{
    char *c = person_contact_for_display("+33612345678", "zoe@example.org");
    CHECK_STR(c, "06 12 34 56 78");
    free(c);
    c = person_contact_for_display("", "zoe@example.org");
    CHECK_STR(c, "zoe@example.org");
    free(c);
    c = person_contact_for_display(NULL, NULL);
    CHECK_STR(c, "");
    free(c);
}

static char *clean_name(const char *in, size_t max, int *status)
{
    char *out = NULL;
    struct gu_error err;
    *status = person_clean_name("name", in, max, &out, &err);
    return out;
}

static void test_clean_name(void)
{
    int status;
    char *n = clean_name(ZOE_NFD " Martin", 0, &status);
    CHECK(status == GU_OK);
    CHECK_STR(n, ZOE_NFC " Martin");
    free(n);
    /* Each invisible character goes; spaces of any kind, however many, become one. */
    n = clean_name(" Zo" ZWSP "\xC3\xA9" SHY NBSP NNBSP "  Mar" ZWJ "t" WJ "i" INVIS "n" BOM MVS CGJ,
                   0, &status);
    CHECK(status == GU_OK);
    CHECK_STR(n, ZOE_NFC " Martin");
    free(n);
    /* A letter and its accent kept apart by an invisible character meet again (NFC). */
    n = clean_name("Zoe" ZWSP "\xCC\x81", 0, &status);
    CHECK(status == GU_OK);
    CHECK_STR(n, ZOE_NFC);
    free(n);
    n = clean_name(ZWSP BOM " " SHY, 0, &status);
    CHECK(status == GU_INVALID && n == NULL);
    n = clean_name("Zo\x1b[2Je", 0, &status);
    CHECK(status == GU_INVALID && n == NULL);
    n = clean_name("\xC3(", 0, &status);
    CHECK(status == GU_INVALID && n == NULL);
    /* The limit counts what is kept, not the invisible characters. */
    n = clean_name("abc" ZWSP ZWSP ZWSP, 3, &status);
    CHECK(status == GU_OK);
    CHECK_STR(n, "abc");
    free(n);
    n = clean_name("abcd", 3, &status);
    CHECK(status == GU_INVALID && n == NULL);
}

static void check_email(const char *typed, const char *expected)
{
    char *e = person_canonical_email(typed);
    CHECK_STR(e, expected);
    free(e);
}

static void test_canonical_email(void)
{
    check_email("  Zoe.Martin@Example.ORG ", "zoe.martin@example.org");
    check_email("\xC3\x89LODIE@Exemple.FR", "\xC3\xA9lodie@exemple.fr"); /* ÉLODIE */
    check_email("zoe" ZWSP "@example.org" BOM, "zoe@example.org");
    check_email(NBSP "zoe@example.org" NNBSP, "zoe@example.org");
    check_email("", "");
    check_email("\xFF@x.fr", "\xFF@x.fr"); /* not UTF-8: as it was */
    CHECK(person_canonical_email(NULL) == NULL);
}

/* The form kept: the domain lower-cased, the local part as typed (RFC 5321 §2.4). */
static void check_kept_email(const char *typed, const char *expected)
{
    char *e = person_normalise_email(typed);
    CHECK_STR(e, expected);
    free(e);
}

static void test_normalise_email(void)
{
    check_kept_email("  A.B@Sub.Example.CO.UK ", "A.B@sub.example.co.uk");
    check_kept_email("Zoe" ZWSP "@Example.org" BOM, "Zoe@example.org");
    check_kept_email("a@b@C.FR", "a@b@c.fr"); /* from the last '@' */
    check_kept_email("NoAt", "NoAt");
    check_kept_email("", "");
    check_kept_email("\xFF@X.fr", "\xFF@X.fr"); /* not UTF-8: as it was */
    CHECK(person_normalise_email(NULL) == NULL);
    struct gu_error err;
    CHECK(person_validate_email("e", "jean@m\xC3\xA9" "diath\xC3\xA8" "que.fr", &err) == GU_INVALID &&
          strstr(err.message, "xn--mdiathque-53af.fr"));
    CHECK(person_validate_email("e", "jean@xn--mdiathque-53af.fr", &err) == GU_OK);
}

static void test_canonicalize(void)
{
    struct person typed = {.name = ZOE_NFD SHY " Martin", .phone = "06 12 34 56 78",
                           .email = " ZOE@Example.org"};
    struct person_kept kept;
    struct gu_error err;
    CHECK(person_canonicalize("name", &typed, &kept, &err) == GU_OK);
    CHECK_STR(kept.name, ZOE_NFC " Martin");
    CHECK_STR(kept.phone, "+33612345678");
    CHECK_STR(kept.email, "ZOE@example.org"); /* the domain lower-cased, the name as typed */
    person_kept_clear(&kept);
    struct person none = {.phone = "3949"};
    CHECK(person_canonicalize("name", &none, &kept, &err) == GU_OK);
    CHECK(kept.name == NULL && kept.email == NULL);
    CHECK_STR(kept.phone, "3949");
    person_kept_clear(&kept);
    struct person invisible = {.name = ZWSP};
    CHECK(person_canonicalize("name", &invisible, &kept, &err) == GU_INVALID);
    CHECK(strstr(err.message, "name") != NULL);
    person_kept_clear(&kept);
}

/* ---- the store finds the same person again ------------------------------------------------- */

static int64_t book(struct store *st, int64_t workshop, const char *name, const char *phone,
                    const char *email)
{
    struct person p = {.name = name, .phone = phone, .email = email};
    struct booking b;
    struct gu_error err;
    if (store_book(st, workshop, &p, 0, &b, &err) != GU_OK) {
        fprintf(stderr, "    booking %s: %s\n", name, err.message);
        return 0;
    }
    return b.participant_id;
}

static int64_t new_workshop(struct store *st)
{
    struct workshop w;
    workshop_init(&w);
    w.title = "Courriel";
    w.capacity = 20;
    w.at.day = 20; /* GUICHET_NOW is 2026-03-14 10:30 */
    int64_t id = 0;
    struct gu_error err;
    CHECK(store_add_workshops(st, &w, 1, 1, 0, &id, &err) == GU_OK);
    return id;
}

static void test_booking_finds_the_same_person(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/p.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    /* Each booking in its own workshop: one person may book each once. */
    int64_t zoe = book(st, new_workshop(st), ZOE_NFC " Martin", "06 12 34 56 78", NULL);
    CHECK(zoe != 0);
    CHECK(book(st, new_workshop(st), ZOE_NFD " MARTIN", "+33 6 12 34 56 78", NULL) == zoe);
    CHECK(book(st, new_workshop(st), "Zo" ZWSP "\xC3\xA9 Mar" SHY "tin", "0033612345678", NULL) == zoe);
    /* No contact given: the same name is enough. */
    CHECK(book(st, new_workshop(st), "zoe martin", NULL, NULL) == zoe);
    /* An e-mail where she had none: nothing conflicts, it is hers now. */
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", NULL, "Zoe@Example.org") == zoe);
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", "0612345678", "ZOE@EXAMPLE.ORG") == zoe);
    /* Another phone and another e-mail: another Zoé Martin. */
    int64_t other = book(st, new_workshop(st), ZOE_NFC " Martin", "07 00 00 00 01", "z2@example.org");
    CHECK(other != 0 && other != zoe);
    /* Her e-mail with a new phone: her, by the e-mail. */
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", "07 99 99 99 99", "zoe@example.org") == zoe);
    /* The other Zoé's phone finds her. */
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", "07 00 00 00 01", NULL) == other);
    /* A name of invisible characters only is refused. */
    struct person blank = {.name = ZWSP BOM};
    struct booking b;
    CHECK(store_book(st, new_workshop(st), &blank, 0, &b, &err) == GU_INVALID);
    store_close(st);
}

struct contact {
    char phone[32], email[64];
    bool none_phone, none_email;
};

static int copy_contact(const struct person_row *p, void *ctx)
{
    struct contact *c = ctx;
    c->none_phone = !p->phone;
    c->none_email = !p->email;
    snprintf(c->phone, sizeof c->phone, "%s", p->phone ? p->phone : "");
    snprintf(c->email, sizeof c->email, "%s", p->email ? p->email : "");
    return 0;
}

/* Participant id's phone and e-mail, "-" for none: "+33612345678|-". */
static const char *contact_of(struct store *st, int64_t id)
{
    static char out[100];
    struct contact c = {0};
    struct gu_error err;
    bool found = false;
    if (store_get_person(st, id, copy_contact, &c, &found, &err) != GU_OK || !found)
        return "(no such person)";
    snprintf(out, sizeof out, "%s|%s", c.none_phone ? "-" : c.phone, c.none_email ? "-" : c.email);
    return out;
}

/* Issue 14's homonyms: two Zoé Martin with their own phones. A booking with only an e-mail, or
 * nothing, could be either: a new record, nobody's contact details touched. */
static void test_booking_homonyms(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/homonyms.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    int64_t w = new_workshop(st);
    int64_t a = book(st, w, ZOE_NFC " Martin", "0612345678", NULL);
    int64_t b = book(st, w, ZOE_NFC " Martin", "0698765432", NULL);
    CHECK(a != 0 && b != 0 && a != b);
    /* An e-mail neither has: either could be her, so neither is. */
    int64_t c = book(st, new_workshop(st), ZOE_NFC " Martin", NULL, "Z@x.fr");
    CHECK(c != 0 && c != a && c != b);
    CHECK_STR(contact_of(st, a), "+33612345678|-");
    CHECK_STR(contact_of(st, b), "+33698765432|-");
    CHECK_STR(contact_of(st, c), "-|Z@x.fr");
    /* In the same workshop as the first two, with no contact: not refused as one of them
     * "already registered", but booked as someone new. */
    int64_t d = book(st, w, "zoe martin", NULL, NULL);
    CHECK(d != 0 && d != a && d != b && d != c);
    /* An exact contact wins among them all. */
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", "+33 6 12 34 56 78", NULL) == a);
    CHECK(book(st, new_workshop(st), ZOE_NFC " MARTIN", "06 98 76 54 32", NULL) == b);
    CHECK(book(st, new_workshop(st), ZOE_NFC " Martin", NULL, "z@X.fr") == c);
    /* A phone neither of them has, no e-mail: c and d could be her, so a new record again. */
    int64_t e = book(st, new_workshop(st), ZOE_NFC " Martin", "07 00 00 00 00", NULL);
    CHECK(e != 0 && e != a && e != b && e != c && e != d);
    CHECK_STR(contact_of(st, c), "-|z@x.fr");
    CHECK_STR(contact_of(st, d), "-|-");

    /* The only compatible record is reused, and takes the contact it lacked. */
    int64_t lou = book(st, new_workshop(st), "Lou Petit", "06 11 11 11 11", NULL);
    CHECK(lou != 0 && book(st, new_workshop(st), "Lou Petit", NULL, "lou@x.fr") == lou);
    CHECK_STR(contact_of(st, lou), "+33611111111|lou@x.fr");
    CHECK(book(st, new_workshop(st), "LOU PETIT", NULL, NULL) == lou);
    /* A conflicting phone is someone else, and does not make the first one ambiguous. */
    int64_t lou2 = book(st, new_workshop(st), "Lou Petit", "06 22 22 22 22", "lou2@x.fr");
    CHECK(lou2 != 0 && lou2 != lou);
    CHECK(book(st, new_workshop(st), "Lou Petit", "06 11 11 11 11", NULL) == lou);
    CHECK(book(st, new_workshop(st), "Lou Petit", NULL, "lou2@x.fr") == lou2);
    /* Both are compatible with a name alone: nobody is guessed. */
    int64_t lou3 = book(st, new_workshop(st), "Lou Petit", NULL, NULL);
    CHECK(lou3 != 0 && lou3 != lou && lou3 != lou2);
    /* Her phone on one record, her e-mail on another: nobody is guessed, nothing is mixed. */
    int64_t eve1 = book(st, new_workshop(st), "Eve Roux", "06 31 31 31 31", NULL);
    int64_t eve2 = book(st, new_workshop(st), "Eve Roux", "06 32 32 32 32", "eve@x.fr");
    int64_t eve3 = book(st, new_workshop(st), "Eve Roux", "06 31 31 31 31", "eve@x.fr");
    CHECK(eve1 && eve2 && eve3 && eve1 != eve2 && eve3 != eve1 && eve3 != eve2);
    CHECK_STR(contact_of(st, eve1), "+33631313131|-");
    /* The desk chose one of them among its suggestions: that record, nobody else's. */
    struct person chosen = {.name = "Lou Petit", .id = lou2};
    struct booking bk;
    CHECK(store_book(st, new_workshop(st), &chosen, 0, &bk, &err) == GU_OK && bk.participant_id == lou2);
    chosen.id = 999999; /* gone meanwhile (erased, merged): refused, not guessed */
    CHECK(store_book(st, new_workshop(st), &chosen, 0, &bk, &err) == GU_INVALID);
    store_close(st);
}

const struct unit_test person_tests[] = {
    {"person: French phone spellings give one E.164 form", test_canonical_phone_french_spellings},
    {"person: overseas numbers under their own country code", test_canonical_phone_overseas},
    {"person: international, short and unreadable numbers", test_canonical_phone_others},
    {"person: a French number has all its digits; others 4 to 15", test_validate_phone},
    {"person: phones shown the French way, and typed back the same", test_phone_for_display},
    {"person: the contact to call, phone first", test_contact_for_display},
    {"person: names lose invisible characters and extra spaces", test_clean_name},
    {"person: e-mail addresses trimmed and lower-cased", test_canonical_email},
    {"person: e-mail addresses kept with the domain lower-cased, an IDN refused", test_normalise_email},
    {"person: a whole person made canonical", test_canonicalize},
    {"person: a booking finds the same person however typed", test_booking_finds_the_same_person},
    {"person: homonyms: an exact contact, else the only compatible record, else a new one",
     test_booking_homonyms},
    {NULL, NULL},
};
