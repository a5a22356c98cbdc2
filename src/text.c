#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "i18n.h"

static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* U+2026 */

/* Characters that reorder text on screen and can disguise it (Trojan Source). */
static bool is_bidi_control(ucs4_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

static bool is_control(ucs4_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

static bool is_space(ucs4_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x202F || (c >= 0x2000 && c <= 0x200A) || c == 0x205F ||
           c == 0x3000;
}

bool text_is_space(uint32_t c)
{
    return is_space(c);
}

bool text_is_invisible(uint32_t c)
{
    return (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
           c == 0x00AD || c == 0x034F || c == 0x180E;
}

int text_clean_input(const char *field, const char *in, size_t max_chars, enum text_policy policy,
                     char **out, struct gu_error *err)
{
    *out = NULL;
    size_t len = strlen(in);
    const uint8_t *s = (const uint8_t *)in;
    if (u8_check(s, len))
        return error_set(err, GU_INVALID, _("%s: the text is not valid UTF-8"), field);

    uint8_t *kept = malloc(len + 1);
    if (!kept)
        return error_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        bool breaks = c == '\t' || c == '\n' || c == '\r';
        if (is_control(c) && (policy == TEXT_REJECT_CONTROLS || !breaks)) {
            free(kept);
            return error_set(err, GU_INVALID, _("%s: control characters are not allowed"), field);
        }
        if (!is_control(c) && !is_bidi_control(c)) {
            memcpy(kept + n, s + i, (size_t)k);
            n += (size_t)k;
        } else if (breaks) {
            kept[n++] = ' ';
        }
        i += (size_t)k;
    }

    /* Trim: leading and trailing spaces only, inner ones are the person's business. */
    size_t start = 0, end = n;
    while (start < end) {
        ucs4_t c;
        int k = u8_mbtouc(&c, kept + start, end - start);
        if (!is_space(c))
            break;
        start += (size_t)k;
    }
    while (end > start) {
        ucs4_t c;
        const uint8_t *p = u8_prev(&c, kept + end, kept + start);
        if (!p || !is_space(c))
            break;
        end = (size_t)(p - kept);
    }

    size_t nfc_len = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, kept + start, end - start, NULL, &nfc_len);
    free(kept);
    if (!nfc && end > start)
        return error_nomem(err);
    char *result = malloc(nfc_len + 1);
    if (!result) {
        free(nfc);
        return error_nomem(err);
    }
    if (nfc_len)
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

/* Ligatures that case folding keeps but that people type as two letters. */
static const char *fold_expansion(ucs4_t c)
{
    switch (c) {
    case 0x0153: return "oe"; /* œ */
    case 0x00E6: return "ae"; /* æ */
    case 0x2019: case 0x2018: case 0x02BC: return "'";
    case 0x2010: case 0x2011: case 0x2013: case 0x2014: return "-";
    default: return NULL;
    }
}

char *text_fold(const char *s)
{
    size_t len = strlen(s), folded_len = 0;
    uint8_t *folded = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFKD, NULL, &folded_len);
    if (!folded && len)
        return NULL;
    char *out = malloc(folded_len * 2 + 1); /* an expansion doubles a 2-byte character at most */
    if (!out) {
        free(folded);
        return NULL;
    }
    size_t n = 0;
    bool pending_space = false;
    for (size_t i = 0; i < folded_len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, folded + i, folded_len - i);
        i += (size_t)k;
        if (uc_is_general_category(c, UC_CATEGORY_M) || text_is_invisible(c))
            continue; /* accents after NFKD decomposition; characters nobody sees */
        if (is_space(c) || is_control(c)) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space)
            out[n++] = ' ';
        pending_space = false;
        const char *exp = fold_expansion(c);
        if (exp) {
            size_t el = strlen(exp);
            memcpy(out + n, exp, el);
            n += el;
        } else {
            memcpy(out + n, folded + i - k, (size_t)k);
            n += (size_t)k;
        }
    }
    out[n] = '\0';
    free(folded);
    return out;
}

bool text_matches_folded(const char *haystack, const char *needle_folded)
{
    char *h = text_fold(haystack);
    bool found = h && strstr(h, needle_folded) != NULL;
    free(h);
    return found;
}

bool text_matches(const char *haystack, const char *needle)
{
    char *n = text_fold(needle);
    bool found = n && text_matches_folded(haystack, n);
    free(n);
    return found;
}

char *text_for_display(const char *bytes, size_t len)
{
    static const uint8_t replacement[] = {0xEF, 0xBF, 0xBD}; /* U+FFFD */
    const uint8_t *s = (const uint8_t *)bytes;
    char *out = malloc(len * 3 + 1); /* each byte becomes at most one U+FFFD */
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtoucr(&c, s + i, len - i);
        if (k < 0) { /* invalid or truncated: replace one byte and resynchronise */
            memcpy(out + n, replacement, 3);
            n += 3;
            i++;
            continue;
        }
        if (c == '\t') {
            out[n++] = ' ';
        } else if (is_control(c)) {
            memcpy(out + n, replacement, 3);
            n += 3;
        } else if (!is_bidi_control(c)) {
            memcpy(out + n, s + i, (size_t)k);
            n += (size_t)k;
        }
        i += (size_t)k;
    }
    out[n] = '\0';
    return out;
}

/* True when text_for_display would return bytes unchanged: printable ASCII needs no decoding. */
static bool output_ready(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if (s[i] >= 0x20 && s[i] < 0x7F) {
            i++;
            continue;
        }
        ucs4_t c;
        int k = u8_mbtoucr(&c, s + i, len - i);
        if (k < 0 || is_control(c) || is_bidi_control(c))
            return false;
        i += (size_t)k;
    }
    return true;
}

const char *text_for_output(const char *s, char **copy)
{
    *copy = NULL;
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (output_ready((const uint8_t *)s, len))
        return s;
    *copy = text_for_display(s, len);
    return *copy ? *copy : "";
}

size_t text_width(const char *s)
{
    int w = u8_strwidth((const uint8_t *)s, "UTF-8");
    return w < 0 ? 0 : (size_t)w;
}

int text_copy(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src && !*dst ? -1 : 0;
}

size_t text_length(const char *s)
{
    return u8_mbsnlen((const uint8_t *)s, strlen(s));
}

char *text_fit(const char *s, size_t width)
{
    size_t len = strlen(s);
    if (text_width(s) <= width)
        return strdup(s);
    char *out = malloc(len + sizeof ELLIPSIS);
    if (!out)
        return NULL;
    if (width == 0) {
        out[0] = '\0';
        return out;
    }
    size_t used = 0, n = 0;
    const uint8_t *p = (const uint8_t *)s;
    while (n < len) {
        ucs4_t c;
        int k = u8_mbtouc(&c, p + n, len - n);
        int w = uc_width(c, "UTF-8");
        if (w < 0)
            w = 0;
        if (used + (size_t)w > width - 1) /* keep one column for the ellipsis */
            break;
        used += (size_t)w;
        n += (size_t)k;
    }
    memcpy(out, s, n);
    memcpy(out + n, ELLIPSIS, sizeof ELLIPSIS);
    return out;
}

bool text_is_clean(const char *bytes, size_t len, bool allow_breaks)
{
    const uint8_t *s = (const uint8_t *)bytes;
    if (u8_check(s, len))
        return false;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        bool line_break = c == '\t' || c == '\n';
        if (is_bidi_control(c) || (is_control(c) && !(allow_breaks && line_break)))
            return false;
        i += (size_t)k;
    }
    return true;
}
