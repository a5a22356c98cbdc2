#include "person.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include "i18n.h"
#include "strbuf.h"
#include "text.h"

/* A character of an atom of the local part (RFC 5322 atext), but '|', which separates a list
 * of addresses (the place standard's courriels). */
static bool email_atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+/=?^_`{}~-", c));
}

static bool email_ldh(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

int person_validate_email(const char *field, const char *email, struct gu_error *err)
{
    const char *at = strrchr(email, '@');
    size_t local = at ? (size_t)(at - email) : 0;
    bool ok = at && local >= 1 && local <= 64 && strlen(email) <= 254;
    /* The local part: atoms separated by single dots. */
    for (size_t i = 0; ok && i < local; i++)
        ok = email_atext((unsigned char)email[i]) ||
             (email[i] == '.' && i > 0 && i + 1 < local && email[i + 1] != '.');
    /* The domain: two labels or more of letters, digits and inner hyphens (at most 63 each);
     * the last one begins with a letter (no address at a bare number). */
    const char *label = at ? at + 1 : NULL;
    int labels = 0;
    while (ok) {
        size_t n = 0;
        while (email_ldh((unsigned char)label[n]))
            n++;
        ok = n >= 1 && n <= 63 && label[0] != '-' && label[n - 1] != '-' &&
             (label[n] == '.' || !label[n]);
        labels++;
        if (!ok || !label[n])
            break;
        label += n + 1;
    }
    ok = ok && labels >= 2 && ((label[0] | 0x20) >= 'a' && (label[0] | 0x20) <= 'z');
    if (ok)
        return GU_OK;
    /* An internationalised domain (accents, any non-ASCII letter) after a valid local part:
     * guichet does not convert it (no IDNA library), the desk is told the form to type. */
    bool local_ok = at && local >= 1 && local <= 64;
    for (size_t i = 0; local_ok && i < local; i++)
        local_ok = email_atext((unsigned char)email[i]) || email[i] == '.';
    bool idn = false;
    for (const char *c = at ? at + 1 : ""; *c && local_ok; c++)
        idn = idn || (unsigned char)*c >= 0x80;
    if (local_ok && idn)
        return error_set(err, GU_INVALID,
                         _("%s: \"%s\": write the domain without accents, in its xn-- form "
                           "(médiathèque.fr is xn--mdiathque-53af.fr)"),
                         field, email);
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not an e-mail address"), field, email);
}

/* ---- names ---------------------------------------------------------------------------------- */

int person_clean_name(const char *field, const char *in, size_t max_chars, char **out,
                      struct gu_error *err)
{
    *out = NULL;
    char *typed;
    int status = text_clean_input(field, in, 0, TEXT_REJECT_CONTROLS, &typed, err);
    if (status)
        return status;
    /* A zero-width space pasted from a web page or a soft hyphen from a word processor would
     * make another person of the same name: they go, and spaces of any kind become one. */
    size_t len = strlen(typed), n = 0;
    const uint8_t *s = (const uint8_t *)typed;
    uint8_t *kept = malloc(len + 1);
    if (!kept) {
        free(typed);
        return error_nomem(err);
    }
    bool pending_space = false;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        if (text_is_space(c)) {
            pending_space = n > 0;
        } else if (!text_is_invisible(c)) {
            if (pending_space)
                kept[n++] = ' ';
            pending_space = false;
            memcpy(kept + n, s + i, (size_t)k);
            n += (size_t)k;
        }
        i += (size_t)k;
    }
    free(typed);
    if (!n) {
        free(kept);
        return error_set(err, GU_INVALID, _("%s: empty, or only invisible characters"), field);
    }
    /* Again NFC: a removed character may have kept a letter and its accent apart. */
    size_t nfc_len = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, kept, n, NULL, &nfc_len);
    free(kept);
    char *result = nfc ? malloc(nfc_len + 1) : NULL;
    if (!result) {
        free(nfc);
        return error_nomem(err);
    }
    memcpy(result, nfc, nfc_len);
    result[nfc_len] = '\0';
    free(nfc);
    if (max_chars && text_length(result) > max_chars) {
        free(result);
        return error_set(err, GU_INVALID, _("%s: too long (at most %zu characters)"), field,
                         max_chars);
    }
    *out = result;
    return GU_OK;
}

/* ---- phone numbers ------------------------------------------------------------------------- */

/* Overseas numbers of the French plan (ARCEP, plan national de numérotation, and its decisions
 * for the overseas départements of 2000 and for Mayotte of 2006): dialled from France with ten
 * digits, they have their own country code. Fixed lines: 0262 and 0263 La Réunion, 0269 Mayotte,
 * 0590 Guadeloupe (and Saint-Martin, Saint-Barthélemy), 0594 Guyane, 0596 Martinique; mobiles:
 * 0692 and 0693 La Réunion, 0639 Mayotte, 0690 and 0691 Guadeloupe, 0694 Guyane, 0696 and 0697
 * Martinique. Mayotte shares +262 with La Réunion. The national significant number keeps its
 * prefix (0692 12 34 56 → +262 692 12 34 56), except Saint-Pierre-et-Miquelon, whose 0508 is
 * followed by a 6-digit number that is the whole of it (+508 41 12 34). */
static const struct {
    char prefix[5];
    char country[4];
    size_t drop; /* leading digits of the 10 that the international form leaves out */
} overseas[] = {
    {"0262", "262", 1}, {"0263", "262", 1}, {"0692", "262", 1}, {"0693", "262", 1},
    {"0269", "262", 1}, {"0639", "262", 1}, {"0590", "590", 1}, {"0690", "590", 1},
    {"0691", "590", 1}, {"0594", "594", 1}, {"0694", "594", 1}, {"0596", "596", 1},
    {"0696", "596", 1}, {"0697", "596", 1}, {"0508", "508", 4},
};

/* Country codes of the French plan with a 9-digit national significant number, as +33's. */
static bool nine_digit_code(const char *cc)
{
    return !strcmp(cc, "33") || !strcmp(cc, "262") || !strcmp(cc, "590") ||
           !strcmp(cc, "594") || !strcmp(cc, "596");
}

/* The digits of s, in order; with drop_trunk, a "(0)" is left out: after a country code it is
 * the national trunk prefix, which the international form does not dial. */
static size_t collect_digits(const char *s, bool drop_trunk, char *out)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (drop_trunk && p[0] == '(' && p[1] == '0' && p[2] == ')')
            p += 2;
        else if (*p >= '0' && *p <= '9')
            out[n++] = *p;
    }
    out[n] = '\0';
    return n;
}

/* A 10-digit French number "0…" in E.164. */
static char *national_to_e164(const char *d)
{
    struct strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < ARRAY_LEN(overseas); i++)
        if (!strncmp(d, overseas[i].prefix, 4)) {
            strbuf_printf(&b, "+%s%s", overseas[i].country, d + overseas[i].drop);
            return strbuf_finish(&b);
        }
    strbuf_printf(&b, "+33%s", d + 1);
    return strbuf_finish(&b);
}

static bool is_digits(const char *s)
{
    return s[strspn(s, "0123456789")] == '\0';
}

/* Length of the ITU country code at the start of digits: codes are prefix-free, 1 and 7 are
 * one digit long, the two-digit ones are listed, the rest have three. */
static size_t country_code_length(const char *d)
{
    static const char two[][3] = {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41",
                                  "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54",
                                  "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
                                  "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
    if (d[0] == '1' || d[0] == '7')
        return 1;
    for (size_t i = 0; i < ARRAY_LEN(two); i++)
        if (d[0] == two[i][0] && d[1] == two[i][1])
            return 2;
    return 3;
}

/* What kind of phone number was typed. */
enum phone_kind {
    PHONE_INVALID,
    PHONE_SHORT,    /* neither "+" nor a leading 0: a short number (3949), 4 to 6 digits */
    PHONE_NATIONAL, /* 0 and 9 digits: a French number in its 10-digit form */
    PHONE_FRENCH,   /* +33, +262, +590, +594, +596 or +508 and the national significant number */
    PHONE_FOREIGN,  /* + (or 00) and 4 to 15 digits of another country's number */
};

/* Its parts, pointing into the digits read_phone collected. */
struct phone_parts {
    char cc[4];       /* PHONE_FRENCH: the country code */
    const char *nsn;  /* PHONE_FRENCH: the national significant number */
    const char *e164; /* PHONE_FOREIGN: the digits after "+" */
};

/* Reads phone: its kind, its digits into digits (strlen(phone) + 1 bytes; the number itself for
 * PHONE_SHORT and PHONE_NATIONAL) and its parts into *out. Accepted: digits, spaces, dots,
 * dashes, parentheses and a leading +, making a French number (0 and 9 digits; +33 and 9, after
 * a "(0)" or a trunk 0 typed by mistake; +262, +590, +594 and +596 likewise; +508 and 6),
 * another country's (+ or 00, a country code that does not start with 0, 4 to 15 digits in all)
 * or a short number (4 to 6 digits, no leading 0). A French number of another length cannot be
 * dialled: it is no phone number. */
static enum phone_kind read_phone(const char *phone, char *digits, struct phone_parts *out)
{
    *out = (struct phone_parts){"", NULL, NULL};
    for (const char *p = phone; *p; p++)
        if (!(*p >= '0' && *p <= '9') && !strchr(" .-()", *p) && !(*p == '+' && p == phone))
            return PHONE_INVALID;
    size_t n = collect_digits(phone, false, digits);
    bool plus = phone[0] == '+', intl = plus || (n > 2 && digits[0] == '0' && digits[1] == '0');
    if (!intl && digits[0] == '0')
        return n == 10 ? PHONE_NATIONAL : PHONE_INVALID;
    if (!intl) /* 3949, 118 712: a longer run is a number that lost its 0 or its + */
        return n >= 4 && n <= 6 ? PHONE_SHORT : PHONE_INVALID;
    collect_digits(phone, true, digits);
    const char *e164 = plus ? digits : digits + 2;
    size_t len = strlen(e164);
    if (!len || e164[0] == '0')
        return PHONE_INVALID; /* no country code starts with 0 */
    size_t cc_len = country_code_length(e164);
    if (len >= cc_len) {
        memcpy(out->cc, e164, cc_len);
        out->cc[cc_len] = '\0';
    }
    const char *nsn = e164 + strlen(out->cc);
    if (nine_digit_code(out->cc)) {
        /* "+33 06 12…": the trunk 0 kept by mistake. */
        if (strlen(nsn) == 10 && nsn[0] == '0')
            nsn++;
        out->nsn = nsn;
        return strlen(nsn) == 9 && nsn[0] != '0' ? PHONE_FRENCH : PHONE_INVALID;
    }
    if (!strcmp(out->cc, "508")) {
        out->nsn = nsn;
        return strlen(nsn) == 6 ? PHONE_FRENCH : PHONE_INVALID;
    }
    out->cc[0] = '\0';
    out->e164 = e164;
    return len >= 4 && len <= 15 ? PHONE_FOREIGN : PHONE_INVALID;
}

int person_validate_phone(const char *field, const char *phone, struct gu_error *err)
{
    char *digits = malloc(strlen(phone) + 1);
    if (!digits)
        return error_nomem(err);
    struct phone_parts parts;
    enum phone_kind kind = read_phone(phone, digits, &parts);
    free(digits);
    if (kind != PHONE_INVALID)
        return GU_OK;
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a phone number"), field, phone);
}

int person_validate_service_phone(const char *field, const char *phone, struct gu_error *err)
{
    struct gu_error ignored;
    if (person_validate_phone(field, phone, &ignored) == GU_OK)
        return GU_OK;
    /* The national place standard's own form: +33 and the French plan's codes, then 6 to 9
     * digits (its pattern), so that an imported place can be edited as it came. */
    static const char *const codes[] = {"33", "590", "594", "262", "596", "269", "687", "689",
                                        "508", "681"};
    char *digits = malloc(strlen(phone) + 1);
    if (!digits)
        return error_nomem(err);
    size_t n = 0;
    bool clean = phone[0] == '+';
    for (const char *p = phone + 1; clean && *p; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
        else if (!strchr(" .-()", *p))
            clean = false;
    digits[n] = '\0';
    bool standard = false;
    for (size_t i = 0; clean && !standard && i < ARRAY_LEN(codes); i++) {
        size_t c = strlen(codes[i]);
        standard = !strncmp(digits, codes[i], c) && n - c >= 6 && n - c <= 9 && n > c;
    }
    free(digits);
    if (standard)
        return GU_OK;
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a phone number"), field, phone);
}

char *person_canonical_phone(const char *phone)
{
    char *d = malloc(strlen(phone) + 1);
    if (!d)
        return NULL;
    struct phone_parts parts;
    struct strbuf b = STRBUF_INIT;
    char *result;
    switch (read_phone(phone, d, &parts)) {
    case PHONE_NATIONAL:
        result = national_to_e164(d);
        break;
    case PHONE_FRENCH:
        if (!strcmp(parts.cc, "33")) {
            /* "+33 692…": an overseas number, which the national form gives its own code. */
            char national[11] = "0";
            memcpy(national + 1, parts.nsn, 10);
            result = national_to_e164(national);
        } else {
            strbuf_printf(&b, "+%s%s", parts.cc, parts.nsn);
            result = strbuf_finish(&b);
        }
        break;
    case PHONE_FOREIGN:
        strbuf_printf(&b, "+%s", parts.e164);
        result = strbuf_finish(&b);
        break;
    case PHONE_SHORT:
        result = strdup(d); /* a short number (3949, 3646…): its digits */
        break;
    case PHONE_INVALID:
    default:
        result = strdup(phone); /* not a phone number: as it was */
        break;
    }
    free(d);
    return result;
}

/* "0612345678" as "06 12 34 56 78"; an odd count of digits starts with three. */
static void put_pairs(struct strbuf *b, const char *digits)
{
    size_t n = strlen(digits);
    for (size_t i = 0, take = n % 2 ? 3 : 2; i < n; i += take, take = 2) {
        if (i)
            strbuf_putc(b, ' ');
        strbuf_add(b, digits + i, take < n - i ? take : n - i);
    }
}

char *person_phone_for_display(const char *stored)
{
    if (!stored)
        return NULL;
    size_t n = strlen(stored);
    if (stored[0] != '+' || n < 5 || !is_digits(stored + 1))
        return strdup(stored); /* a short number, or older data that is not canonical */
    char *digits = malloc(n + 1);
    if (!digits)
        return NULL;
    struct phone_parts parts;
    enum phone_kind kind = read_phone(stored, digits, &parts);
    struct strbuf b = STRBUF_INIT;
    bool national_form = false;
    if (kind == PHONE_FRENCH && strlen(parts.nsn) == 9) {
        /* In 10 digits only when they dial this very number again (a +262 number outside the
         * overseas prefixes would become a +33 one). */
        char national[11] = "0";
        memcpy(national + 1, parts.nsn, 10);
        char *back = national_to_e164(national);
        national_form = back && !strcmp(back, stored);
        if (national_form)
            put_pairs(&b, national);
        free(back);
    }
    if (national_form) {
        /* 06 92 12 34 56 */
    } else if (kind == PHONE_FRENCH) {
        strbuf_printf(&b, "+%s ", parts.cc); /* the French plan's groups: +262 123 45 67 89 */
        put_pairs(&b, parts.nsn);
    } else if (kind == PHONE_FOREIGN) {
        /* Another country's groups depend on its area codes, which guichet does not know: the
         * French ones would be wrong there (+49 301 23 45 67), so only the country code stands
         * apart (+49 301234567). */
        size_t cc = country_code_length(parts.e164);
        strbuf_printf(&b, "+%.*s %s", (int)cc, parts.e164, parts.e164 + cc);
    } else {
        strbuf_puts(&b, stored); /* no number (+33123, kept before numbers were checked) */
    }
    free(digits);
    return strbuf_finish(&b);
}

char *person_contact_for_display(const char *phone, const char *email)
{
    if (phone && *phone)
        return person_phone_for_display(phone);
    return strdup(email ? email : "");
}

/* ---- e-mail addresses ---------------------------------------------------------------------- */

/* email trimmed, without invisible characters, NFC, and lower-cased from its last '@' (the whole
 * of it when !domain_only). */
static char *email_clean(const char *email, bool domain_only)
{
    if (!email)
        return NULL;
    size_t len = strlen(email);
    const uint8_t *s = (const uint8_t *)email;
    if (u8_check(s, len))
        return strdup(email);
    uint8_t *kept = malloc(len + 1);
    if (!kept)
        return NULL;
    size_t n = 0, end = 0; /* end: after the last character that is not a space */
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        bool space = text_is_space(c);
        if (!text_is_invisible(c) && !(space && n == 0)) {
            memcpy(kept + n, s + i, (size_t)k);
            n += (size_t)k;
            if (!space)
                end = n;
        }
        i += (size_t)k;
    }
    /* The part lower-cased: all of it, or from the last '@' (none: nothing lower-cased). */
    size_t from = 0;
    if (domain_only) {
        from = end;
        for (size_t i = end; i > 0; i--)
            if (kept[i - 1] == '@') {
                from = i;
                break;
            }
    }
    size_t head_len = 0, tail_len = 0;
    uint8_t *head = end ? u8_normalize(UNINORM_NFC, kept, from, NULL, &head_len) : NULL;
    uint8_t *tail = end ? u8_tolower(kept + from, end - from, NULL, UNINORM_NFC, NULL, &tail_len)
                        : NULL;
    free(kept);
    char *result = NULL;
    if (!end || ((head || !from) && (tail || from == end))) {
        result = malloc(head_len + tail_len + 1);
        if (result) {
            if (head_len)
                memcpy(result, head, head_len);
            if (tail_len)
                memcpy(result + head_len, tail, tail_len);
            result[head_len + tail_len] = '\0';
        }
    }
    free(head);
    free(tail);
    return result;
}

char *person_normalise_email(const char *email)
{
    return email_clean(email, true);
}

char *person_canonical_email(const char *email)
{
    return email_clean(email, false);
}

/* ---- a whole person ------------------------------------------------------------------------ */

int person_canonicalize(const char *name_field, const struct person *in, struct person_kept *out,
                        struct gu_error *err)
{
    *out = (struct person_kept){.id = in->id};
    if (in->name) {
        int status = person_clean_name(name_field, in->name, 0, &out->name, err);
        if (status)
            return status;
    }
    if ((in->phone && !(out->phone = person_canonical_phone(in->phone))) ||
        (in->email && !(out->email = person_normalise_email(in->email))))
        return error_nomem(err);
    return GU_OK;
}

void person_kept_clear(struct person_kept *p)
{
    free(p->name);
    free(p->phone);
    free(p->email);
    *p = (struct person_kept){0};
}
