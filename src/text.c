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
        } else if (policy == TEXT_KEEP_LINE_FEEDS && c != '\t') {
            /* CR LF (a CSV cell written on Windows) and a lone CR are one line feed. */
            if (!(c == '\r' && i + 1 < len && s[i + 1] == '\n'))
                kept[n++] = '\n';
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
        if (!is_space(c) && c != '\n')
            break;
        start += (size_t)k;
    }
    while (end > start) {
        ucs4_t c;
        const uint8_t *p = u8_prev(&c, kept + end, kept + start);
        if (!p || (!is_space(c) && c != '\n'))
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

/* text_fold of ASCII text: case folding and NFKD change nothing but A-Z there, and no
 * character is a mark, invisible or expanded; the same result at a fraction of the cost (a
 * search folds the texts of every session it reads). */
static char *fold_ascii(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    bool pending_space = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || is_control(c)) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space)
            out[n++] = ' ';
        pending_space = false;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = '\0';
    return out;
}

char *text_fold(const char *s)
{
    size_t len = strlen(s), folded_len = 0, ascii = 0;
    while (ascii < len && !((unsigned char)s[ascii] & 0x80))
        ascii++;
    if (ascii == len)
        return fold_ascii(s, len);
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

/* A character of a word: a letter or a digit, in any script (what FTS5's unicode61 tokenizer
 * keeps as well, so that the people search cuts words the same way). */
static bool is_word_char(const uint8_t *s, size_t len, int *k)
{
    if (s[0] < 0x80) {
        *k = 1;
        return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
               (s[0] >= '0' && s[0] <= '9');
    }
    ucs4_t c;
    *k = u8_mbtouc(&c, s, len);
    return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N);
}

bool text_is_joiner(char c)
{
    return c == '-' || c == '\'';
}

/* Cuts the folded query into terms: runs of letters and digits, and of such runs joined by
 * hyphens or apostrophes ("e-mail"); each_piece makes every run a word of its own. */
static int compile(struct text_search *s, const char *query_folded, bool each_piece)
{
    *s = (struct text_search){0};
    const uint8_t *q = (const uint8_t *)(query_folded ? query_folded : "");
    size_t len = strlen((const char *)q), n = 0;
    bool in_word = false;
    for (size_t i = 0; i < len;) {
        int k;
        bool w = is_word_char(q + i, len - i, &k);
        n += w && !in_word;
        in_word = w || (in_word && !each_piece && text_is_joiner((char)q[i]));
        i += (size_t)k;
    }
    if (!n)
        return GU_OK;
    /* Each term is copied with its end marked, then its joined form: at most one NUL per byte
     * of the query, twice. */
    s->buf = malloc(2 * (len + n));
    s->words = malloc(n * sizeof *s->words);
    s->joined = calloc(n, sizeof *s->joined);
    if (!s->buf || !s->words || !s->joined) {
        text_search_free(s);
        return GU_FAILURE;
    }
    size_t used = 0, end = 0; /* end: just after the term's last letter or digit */
    in_word = false;
    for (size_t i = 0; i <= len;) {
        int k = 1;
        bool w = i < len && is_word_char(q + i, len - i, &k);
        bool joiner = i < len && !each_piece && in_word && text_is_joiner((char)q[i]);
        if (w && !in_word)
            s->words[s->n++] = s->buf + used;
        else if (!w && !joiner && in_word) {
            used = end; /* a joiner that ends the term is no part of it */
            s->buf[used++] = '\0';
        }
        if (w || joiner) {
            memcpy(s->buf + used, q + i, (size_t)k);
            used += (size_t)k;
            end = w ? used : end;
        }
        in_word = w || joiner;
        i += (size_t)k;
    }
    /* The joined forms of the terms that hold a joiner, after the terms. */
    for (size_t t = 0; t < s->n; t++) {
        if (!strpbrk(s->words[t], "-'"))
            continue;
        s->joined[t] = s->buf + used;
        for (const char *c = s->words[t]; *c; c++)
            if (!text_is_joiner(*c))
                s->buf[used++] = *c;
        s->buf[used++] = '\0';
    }
    return GU_OK;
}

int text_search_compile_folded(struct text_search *s, const char *query_folded)
{
    return compile(s, query_folded, false);
}

int text_search_compile(struct text_search *s, const char *query)
{
    *s = (struct text_search){0};
    if (!query || !*query)
        return GU_OK;
    char *folded = text_fold(query);
    if (!folded)
        return GU_FAILURE;
    int status = compile(s, folded, false);
    free(folded);
    return status;
}

int text_search_compile_pieces(struct text_search *s, const char *query)
{
    *s = (struct text_search){0};
    if (!query || !*query)
        return GU_OK;
    char *folded = text_fold(query);
    if (!folded)
        return GU_FAILURE;
    int status = compile(s, folded, true);
    free(folded);
    return status;
}

void text_search_free(struct text_search *s)
{
    free(s->words);
    free(s->joined);
    free(s->buf);
    *s = (struct text_search){0};
}

/* Whether word (letters and digits) begins s; when across, a hyphen or apostrophe of s is
 * passed over as if taken out ("email" begins "e-mail"). */
static bool begins(const char *word, size_t word_len, const uint8_t *s, size_t len, bool across)
{
    size_t i = 0;
    for (size_t j = 0; j < word_len; i++) {
        if (i == len)
            return false;
        if (across && text_is_joiner((char)s[i]))
            continue;
        if (s[i] != (uint8_t)word[j++])
            return false;
    }
    return true;
}

/* True when word (folded, without joiners) starts a word of the folded text: a run of letters
 * and digits, or such runs joined by hyphens and apostrophes taken as one ("e-mail" has "e",
 * "mail" and "email"). A joined word starts where the character before, joiners skipped, is
 * no letter or digit; FTS5 indexes the same texts with their joiners taken out (migration
 * 022's joined column). */
static bool starts_a_word(const char *word, size_t word_len, const char *text)
{
    const uint8_t *t = (const uint8_t *)text;
    size_t len = strlen(text);
    bool after_word = false, after_joined = false;
    for (size_t i = 0; i < len;) {
        if (text_is_joiner((char)t[i])) {
            after_word = false;
            i++;
            continue;
        }
        int k;
        bool w = is_word_char(t + i, len - i, &k);
        if (w && !after_word && begins(word, word_len, t + i, len - i, !after_joined))
            return true;
        after_word = after_joined = w;
        i += (size_t)k;
    }
    return false;
}

static bool found_in(const char *word, size_t word_len, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (texts[i] && starts_a_word(word, word_len, texts[i]))
            return true;
    return false;
}

bool text_search_term_found(const struct text_search *s, size_t term, const char *const *texts,
                            size_t n)
{
    const char *joined = s->joined ? s->joined[term] : NULL;
    if (!joined)
        return found_in(s->words[term], strlen(s->words[term]), texts, n);
    if (found_in(joined, strlen(joined), texts, n))
        return true;
    /* Else each piece, as if typed with spaces. */
    for (const char *p = s->words[term]; *p;) {
        size_t piece = strcspn(p, "-'");
        if (piece && !found_in(p, piece, texts, n))
            return false;
        p += piece + (p[piece] != '\0');
    }
    return true;
}

bool text_search_matches_folded(const struct text_search *s, const char *const *texts_folded,
                                size_t n)
{
    for (size_t w = 0; w < s->n; w++)
        if (!text_search_term_found(s, w, texts_folded, n))
            return false;
    return true;
}

bool text_search_matches(const struct text_search *s, const char *const *texts, size_t n)
{
    if (!s->n)
        return true;
    char **folded = calloc(n ? n : 1, sizeof *folded);
    if (!folded)
        return false;
    /* A text that cannot be folded (memory, or bytes from elsewhere that are not UTF-8) is left
     * out, as a missing field is. */
    for (size_t i = 0; i < n; i++)
        folded[i] = texts[i] ? text_fold(texts[i]) : NULL;
    bool found = text_search_matches_folded(s, (const char *const *)folded, n);
    for (size_t i = 0; i < n; i++)
        free(folded[i]);
    free(folded);
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

const char *text_split_label(const char *message, const char *label, size_t *label_len)
{
    size_t n = label ? strlen(label) : strcspn(message, " :\xc2\xe2");
    if (!n || (label && strncmp(message, label, n)))
        return NULL;
    const char *p = message + n;
    /* The space French puts before the colon: a plain one, U+00A0 or U+202F. */
    if (*p == ' ')
        p++;
    else if (!strncmp(p, "\xc2\xa0", 2))
        p += 2;
    else if (!strncmp(p, "\xe2\x80\xaf", 3))
        p += 3;
    if (p[0] != ':' || p[1] != ' ')
        return NULL;
    if (label_len)
        *label_len = n;
    return p + 2;
}
