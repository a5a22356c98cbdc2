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

int person_validate_phone(const char *field, const char *phone, struct gu_error *err)
{
    int digits = 0;
    for (const char *p = phone; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" .-()", *p) && !(*p == '+' && p == phone))
            goto bad;
    }
    if (digits >= 4 && digits <= 15)
        return GU_OK;
bad:
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a phone number"), field, phone);
}

int person_validate_email(const char *field, const char *email, struct gu_error *err)
{
    const char *at = strchr(email, '@');
    if (at && at != email && at[1] && !strchr(at + 1, '@') && !strpbrk(email, " \t,;<>") &&
        strchr(at + 1, '.'))
        return GU_OK;
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

char *person_canonical_phone(const char *phone)
{
    if (person_validate_phone("", phone, NULL))
        return strdup(phone);
    char *d = malloc(strlen(phone) + 1);
    if (!d)
        return NULL;
    size_t n = collect_digits(phone, false, d);
    bool plus = phone[0] == '+', intl = plus || (n > 2 && d[0] == '0' && d[1] == '0');
    if (intl)
        collect_digits(phone, true, d);
    char *result;
    if (intl) {
        const char *e164 = plus ? d : d + 2;
        /* "+33 06 12…": the trunk 0 kept by mistake; "+33 692…": an overseas number, which the
         * national form gives its own country code. */
        bool french = !strncmp(e164, "33", 2);
        const char *nsn = french ? e164 + 2 : e164;
        if (french && strlen(nsn) == 10 && nsn[0] == '0')
            nsn++;
        if (french && strlen(nsn) == 9) {
            char national[11] = "0";
            memcpy(national + 1, nsn, 10);
            result = national_to_e164(national);
        } else {
            struct strbuf b = STRBUF_INIT;
            strbuf_printf(&b, "+%s", e164);
            result = strbuf_finish(&b);
        }
    } else if (n == 10 && d[0] == '0' && d[1] != '0') {
        result = national_to_e164(d);
    } else {
        result = strdup(d); /* a short number (3949, 115…), or one of another plan */
    }
    free(d);
    return result;
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
    const char *d = stored + 1;
    struct strbuf b = STRBUF_INIT;
    size_t cc = country_code_length(d);
    const char *rest = d + cc;
    bool french = !strncmp(d, "33", 2) || !strncmp(d, "262", 3) || !strncmp(d, "590", 3) ||
                  !strncmp(d, "594", 3) || !strncmp(d, "596", 3);
    if (french && strlen(rest) == 9 && rest[0] != '0') {
        /* In 10 digits only when they dial this very number again (a +262 number outside the
         * overseas prefixes would become a +33 one). */
        char national[11] = "0";
        memcpy(national + 1, rest, 10);
        char *back = national_to_e164(national);
        bool same = back && !strcmp(back, stored);
        free(back);
        if (same) {
            put_pairs(&b, national);
            return strbuf_finish(&b);
        }
    }
    if (cc == 1 && d[0] == '1' && strlen(rest) == 10) {
        strbuf_printf(&b, "+1 %.3s %.3s %s", rest, rest + 3, rest + 6); /* North America */
    } else {
        strbuf_printf(&b, "+%.*s", (int)cc, d);
        if (*rest) {
            strbuf_puts(&b, " ");
            put_pairs(&b, rest);
        }
    }
    return strbuf_finish(&b);
}

char *person_contact_for_display(const char *phone, const char *email)
{
    if (phone && *phone)
        return person_phone_for_display(phone);
    return strdup(email ? email : "");
}

/* ---- e-mail addresses ---------------------------------------------------------------------- */

char *person_canonical_email(const char *email)
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
    size_t lower_len = 0;
    uint8_t *lower = end ? u8_tolower(kept, end, NULL, UNINORM_NFC, NULL, &lower_len) : NULL;
    free(kept);
    if (end && !lower)
        return NULL;
    char *result = malloc(lower_len + 1);
    if (result) {
        if (lower_len)
            memcpy(result, lower, lower_len);
        result[lower_len] = '\0';
    }
    free(lower);
    return result;
}

/* ---- a whole person ------------------------------------------------------------------------ */

int person_canonicalize(const char *name_field, const struct person *in, struct person_kept *out,
                        struct gu_error *err)
{
    *out = (struct person_kept){0};
    if (in->name) {
        int status = person_clean_name(name_field, in->name, 0, &out->name, err);
        if (status)
            return status;
    }
    if ((in->phone && !(out->phone = person_canonical_phone(in->phone))) ||
        (in->email && !(out->email = person_canonical_email(in->email))))
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
