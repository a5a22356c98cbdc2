/* The erasure register's marks and the search for an erased person in free text. */
#include "erasure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unictype.h>
#include <unistr.h>

#include "person.h"
#include "strbuf.h"
#include "text.h"

static const char *const kind_codes[] = {
    [ERASURE_NAME] = "name",   [ERASURE_FIRST] = "first", [ERASURE_PHONE] = "phone",
    [ERASURE_EMAIL] = "email", [ERASURE_GIVEN] = "given", [ERASURE_INITIAL] = "initial"};

const char *erasure_kind_code(enum erasure_kind kind)
{
    return kind_codes[kind];
}

bool erasure_kind_parse(const char *code, enum erasure_kind *kind)
{
    for (size_t i = 0; i < sizeof kind_codes / sizeof *kind_codes; i++)
        if (code && !strcmp(code, kind_codes[i])) {
            *kind = (enum erasure_kind)i;
            return true;
        }
    return false;
}

int erasure_key_new(uint8_t key[ERASURE_KEY_SIZE])
{
    return getrandom(key, ERASURE_KEY_SIZE, 0) == ERASURE_KEY_SIZE ? 0 : -1;
}

void erasure_key_to_hex(const uint8_t key[ERASURE_KEY_SIZE], char hex[ERASURE_KEY_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < ERASURE_KEY_SIZE; i++) {
        hex[2 * i] = digits[key[i] >> 4];
        hex[2 * i + 1] = digits[key[i] & 15];
    }
    hex[2 * ERASURE_KEY_SIZE] = '\0';
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool erasure_key_parse(const char *hex, uint8_t key[ERASURE_KEY_SIZE])
{
    if (!hex || strlen(hex) != 2 * ERASURE_KEY_SIZE)
        return false;
    for (int i = 0; i < ERASURE_KEY_SIZE; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        key[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void erasure_marks_init(struct erasure_marks *m, const uint8_t key[ERASURE_KEY_SIZE])
{
    memset(m, 0, sizeof *m);
    hmac_sha256_set_key(&m->hmac, ERASURE_KEY_SIZE, key);
}

void erasure_marks_clear(struct erasure_marks *m)
{
    free(m->marks);
    memset(m, 0, sizeof *m);
}

/* The mark of a normalised value: the kind is hashed too, so that a phone is never a name. */
static void mark_of(struct erasure_marks *m, enum erasure_kind kind, const char *value,
                    char out[ERASURE_HASH_HEX_SIZE])
{
    const char *code = kind_codes[kind];
    uint8_t digest[SHA256_DIGEST_SIZE];
    hmac_sha256_update(&m->hmac, strlen(code) + 1, (const uint8_t *)code); /* with its NUL */
    hmac_sha256_update(&m->hmac, strlen(value), (const uint8_t *)value);
    hmac_sha256_digest(&m->hmac, sizeof digest, digest); /* and ready for the next */
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < (ERASURE_HASH_HEX_SIZE - 1) / 2; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[ERASURE_HASH_HEX_SIZE - 1] = '\0';
}

int erasure_marks_add(struct erasure_marks *m, int64_t erasure, int64_t person,
                      const char *erased_at, enum erasure_kind kind, int words, const char *hash)
{
    if (strlen(hash) != ERASURE_HASH_HEX_SIZE - 1)
        return 0; /* not one of ours: it can match nothing */
    for (size_t i = 0; i < m->count; i++)
        if (m->marks[i].erasure == erasure && m->marks[i].kind == kind &&
            !strcmp(m->marks[i].hash, hash))
            return 0;
    if (m->count == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        struct erasure_mark *grown = realloc(m->marks, cap * sizeof *grown);
        if (!grown)
            return -1;
        m->marks = grown;
        m->cap = cap;
    }
    struct erasure_mark *k = &m->marks[m->count++];
    k->erasure = erasure;
    k->person = person;
    snprintf(k->erased_at, sizeof k->erased_at, "%s", erased_at ? erased_at : "");
    k->person_created_at[0] = '\0';
    k->kind = kind;
    k->words = words < 1 ? 1 : words;
    memcpy(k->hash, hash, ERASURE_HASH_HEX_SIZE);
    if (kind == ERASURE_NAME && k->words > m->max_words)
        m->max_words = k->words;
    m->sorted = false;
    return 0;
}

/* value cleaned as the screen shows it when it is not valid UTF-8 (a hostile or damaged
 * database), then normalised by fn: never NULL for bytes, only when out of memory. */
static char *normalise_any(const char *value, char *(*fn)(const char *))
{
    if (!u8_check((const uint8_t *)value, strlen(value)))
        return fn(value);
    char *shown = text_for_display(value, strlen(value));
    char *out = shown ? fn(shown) : NULL;
    free(shown);
    return out;
}

/* Who is being added: the entry, the person's number, the time of the erasure. */
struct entry {
    int64_t erasure, person;
    const char *erased_at;
};

/* A folded name as words only: apostrophes, hyphens, full stops (any punctuation) separate
 * words too, so that "d'Anne Martin", "Anne-Martin", "Z. Martin" and "Anne-Sophie D'Arbois" are
 * found however they are written. */
static char *name_words(const char *value)
{
    char *folded = text_fold(value);
    if (!folded)
        return NULL;
    struct strbuf b = STRBUF_INIT;
    bool space = false;
    for (const char *p = folded; *p;) {
        unsigned char c = (unsigned char)*p;
        bool joiner = c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                    (c >= 'A' && c <= 'Z')); /* ' - . , and the like */
        size_t k = 1;
        if (!strncmp(p, "\xE2\x80\x99", 3) || !strncmp(p, "\xE2\x80\x90", 3) ||
            !strncmp(p, "\xE2\x80\x91", 3)) /* ’ ‐ ‑ */
            joiner = true, k = 3;
        if (joiner)
            space = b.len > 0;
        else {
            if (space)
                strbuf_putc(&b, ' ');
            space = false;
            strbuf_add(&b, p, 1);
        }
        p += joiner ? k : 1;
    }
    free(folded);
    char *out = strbuf_finish(&b);
    return out;
}

void erasure_marks_set_created(struct erasure_marks *m, int64_t erasure, const char *created_at)
{
    for (size_t i = 0; i < m->count; i++)
        if (m->marks[i].erasure == erasure)
            snprintf(m->marks[i].person_created_at, sizeof m->marks[i].person_created_at, "%s",
                     created_at ? created_at : "");
}

static int add_value(struct erasure_marks *m, const struct entry *e, enum erasure_kind kind,
                     int words, const char *value)
{
    char hash[ERASURE_HASH_HEX_SIZE];
    mark_of(m, kind, value, hash);
    return erasure_marks_add(m, e->erasure, e->person, e->erased_at, kind, words, hash);
}

/* The words of a folded name (single spaces between them, as text_fold leaves them). */
static int split_name(char *folded, char ***words)
{
    int n = 0;
    for (char *p = folded; *p; p++)
        n += *p == ' ';
    *words = malloc(sizeof **words * (size_t)(n + 1));
    if (!*words)
        return -1;
    n = 0;
    for (char *p = folded, *start = folded;; p++)
        if (*p == ' ' || !*p) {
            bool end = !*p;
            *p = '\0';
            (*words)[n++] = start;
            start = p + 1;
            if (end)
                break;
        }
    return n;
}

/* Marks of a name in one order of its words: the whole name and its first word. */
static int add_name_order(struct erasure_marks *m, const struct entry *e, char **words, int n,
                          const int *order)
{
    struct strbuf b = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&b, ' ');
        strbuf_puts(&b, words[order[i]]);
    }
    char *joined = strbuf_finish(&b);
    int status = !joined || add_value(m, e, ERASURE_NAME, n, joined) ||
                         add_value(m, e, ERASURE_FIRST, 1, words[order[0]])
                     ? -1
                     : 0;
    free(joined);
    return status;
}

int erasure_marks_add_person(struct erasure_marks *m, int64_t erasure, int64_t person,
                             const char *erased_at, const char *name, const char *phone,
                             const char *email)
{
    const struct entry e = {erasure, person, erased_at};
    int status = 0;
    char *folded = name ? normalise_any(name, name_words) : NULL;
    if (name && !folded)
        return -1;
    char **words = NULL;
    int n = folded && *folded ? split_name(folded, &words) : 0;
    if (n < 0)
        status = -1;
    if (!status && n > 0) {
        /* As written, reversed ("MARTIN Zoé" on a form), and every turn of its words, the
         * surname first whatever its length: "Martin Zoé Marie", "Perrin-Gaud Odile" (its
         * hyphen a space here), "Le Goff Yvon": the orders in which French papers put a name. */
        int *order = malloc(sizeof *order * (size_t)n);
        if (!order)
            status = -1;
        for (int i = 0; !status && i < n; i++)
            order[i] = i;
        if (!status)
            status = add_name_order(m, &e, words, n, order);
        for (int i = 0; !status && i < n; i++)
            order[i] = n - 1 - i;
        if (!status && n > 1)
            status = add_name_order(m, &e, words, n, order);
        for (int turn = 1; !status && n > 2 && turn < n; turn++) {
            for (int i = 0; i < n; i++)
                order[i] = (i + turn) % n;
            status = add_name_order(m, &e, words, n, order);
        }
        free(order);
        /* The given name and its initial (its first character: a letter, folded). */
        char initial[8] = {0};
        int k = u8_mblen((const uint8_t *)words[0], strlen(words[0]));
        if (k > 0 && (size_t)k < sizeof initial)
            memcpy(initial, words[0], (size_t)k);
        if (!status)
            status = add_value(m, &e, ERASURE_GIVEN, 1, words[0]);
        if (!status && *initial)
            status = add_value(m, &e, ERASURE_INITIAL, 1, initial);
    }
    free(words);
    free(folded);
    char *canonical = !status && phone ? normalise_any(phone, person_canonical_phone) : NULL;
    if (!status && phone && !canonical)
        status = -1;
    if (!status && canonical && *canonical)
        status = add_value(m, &e, ERASURE_PHONE, 1, canonical);
    free(canonical);
    canonical = !status && email ? normalise_any(email, person_canonical_email) : NULL;
    if (!status && email && !canonical)
        status = -1;
    if (!status && canonical && *canonical)
        status = add_value(m, &e, ERASURE_EMAIL, 1, canonical);
    free(canonical);
    return status;
}

static int compare_marks(const void *a, const void *b)
{
    const struct erasure_mark *x = a, *y = b;
    int c = strcmp(x->hash, y->hash);
    return c ? c : x->kind != y->kind ? (int)x->kind - (int)y->kind : (x->erasure > y->erasure) - (x->erasure < y->erasure);
}

/* The first mark of kind with this hash (sorted by hash, then kind), or NULL. */
static const struct erasure_mark *find_mark(struct erasure_marks *m, enum erasure_kind kind,
                                            const char *hash)
{
    if (!m->sorted) {
        if (m->count)
            qsort(m->marks, m->count, sizeof *m->marks, compare_marks);
        m->sorted = true;
    }
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->marks[mid].hash, hash);
        if (!c)
            c = (int)m->marks[mid].kind - (int)kind;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->count && !strcmp(m->marks[lo].hash, hash) && m->marks[lo].kind == kind
               ? &m->marks[lo]
               : NULL;
}

/* Whether mark k applies to what was made at created_at. */
static bool applies(const struct erasure_mark *k, const char *created_at)
{
    return !created_at || !*k->erased_at || strcmp(created_at, k->erased_at) <= 0;
}

/* The marks of kind with the hash of value: [*first, *end). False when there are none. */
static bool marks_of(struct erasure_marks *m, enum erasure_kind kind, const char *value,
                     const struct erasure_mark **first, const struct erasure_mark **end)
{
    char hash[ERASURE_HASH_HEX_SIZE];
    mark_of(m, kind, value, hash);
    const struct erasure_mark *k = find_mark(m, kind, hash);
    if (!k)
        return false;
    const struct erasure_mark *e = k;
    while (e < m->marks + m->count && e->kind == kind && !strcmp(e->hash, hash))
        e++;
    *first = k;
    *end = e;
    return true;
}

/* Whether value (normalised as kind wants) is marked by an entry that applies at created_at. */
static bool is_marked(struct erasure_marks *m, enum erasure_kind kind, const char *value,
                      const char *created_at)
{
    const struct erasure_mark *k, *end;
    if (!value || !*value || !marks_of(m, kind, value, &k, &end))
        return false;
    for (; k < end; k++)
        if (applies(k, created_at))
            return true;
    return false;
}

/* Whether entry erasure also marks value of kind. */
static bool entry_marks(struct erasure_marks *m, int64_t erasure, enum erasure_kind kind,
                        const char *value)
{
    const struct erasure_mark *k, *end;
    if (!value || !*value || !marks_of(m, kind, value, &k, &end))
        return false;
    for (; k < end; k++)
        if (k->erasure == erasure)
            return true;
    return false;
}

/* value cleaned as the screen shows it when it is not valid UTF-8 (a hostile or damaged
 * database), then normalised as kind wants: NULL for NULL, else only when out of memory. */
static char *normalised(enum erasure_kind kind, const char *value)
{
    if (!value)
        return NULL;
    switch (kind) {
    case ERASURE_PHONE:
        return normalise_any(value, person_canonical_phone);
    case ERASURE_EMAIL:
        return normalise_any(value, person_canonical_email);
    default:
        return normalise_any(value, name_words);
    }
}

bool erasure_marks_person(struct erasure_marks *m, int64_t id, const char *name,
                          const char *phone, const char *email, const char *created_at)
{
    if (!name || !m->count)
        return false;
    char *folded = normalised(ERASURE_NAME, name), *p = normalised(ERASURE_PHONE, phone),
         *e = normalised(ERASURE_EMAIL, email);
    const struct erasure_mark *k, *end;
    bool marked = false;
    if (folded && *folded && marks_of(m, ERASURE_NAME, folded, &k, &end))
        for (; !marked && k < end; k++)
            marked = applies(k, created_at) &&
                     (k->person == id || entry_marks(m, k->erasure, ERASURE_PHONE, p) ||
                      entry_marks(m, k->erasure, ERASURE_EMAIL, e));
    free(folded);
    free(p);
    free(e);
    return marked;
}

/* Whether a word of the folded name (name_words) is a marked given name, or a lone letter its
 * marked initial. */
static bool variant_marked(struct erasure_marks *m, const char *folded, const char *created_at)
{
    if (!folded)
        return false;
    bool marked = false;
    for (const char *w = folded; !marked && *w;) {
        const char *end = strchr(w, ' ');
        size_t len = end ? (size_t)(end - w) : strlen(w);
        char *word = strndup(w, len);
        if (word)
            marked = is_marked(m, u8_mblen((const uint8_t *)word, len) == (int)len ? ERASURE_INITIAL
                                                                                    : ERASURE_GIVEN,
                               word, created_at);
        free(word);
        w = end ? end + 1 : w + len;
    }
    return marked;
}

bool erasure_name_variant(const char *name, const char *other)
{
    char *a = name ? normalised(ERASURE_NAME, name) : NULL, *b = other ? normalised(ERASURE_NAME, other) : NULL;
    bool variant = false;
    if (a && b && *a) {
        size_t given_len = strcspn(a, " ");
        int initial = u8_mblen((const uint8_t *)a, given_len);
        for (const char *w = b; !variant && *w;) {
            size_t len = strcspn(w, " ");
            variant = (len == given_len && !strncmp(w, a, len)) ||
                      (initial > 0 && len == (size_t)initial && !strncmp(w, a, len));
            w += len + (w[len] == ' ');
        }
    }
    free(a);
    free(b);
    return variant;
}

bool erasure_marks_contact(struct erasure_marks *m, const char *name, const char *phone,
                           const char *created_at)
{
    if (!m->count)
        return false;
    char *folded = normalised(ERASURE_NAME, name), *p = normalised(ERASURE_PHONE, phone);
    bool marked = is_marked(m, ERASURE_NAME, folded, created_at);
    if (!marked && p && *p && is_marked(m, ERASURE_PHONE, p, created_at))
        marked = !name || variant_marked(m, folded, created_at);
    free(folded);
    free(p);
    return marked;
}

/* ---- free text ----------------------------------------------------------------------------- */

/* Bytes [start, end) of a text: a word, or a mention to replace. */
struct span {
    size_t start, end;
};

struct spans {
    struct span *items;
    size_t count, cap;
    bool failed; /* out of memory: the answer is incomplete */
};

static void spans_add(struct spans *v, size_t start, size_t end)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        struct span *grown = realloc(v->items, cap * sizeof *grown);
        if (!grown) {
            v->failed = true;
            return;
        }
        v->items = grown;
        v->cap = cap;
    }
    v->items[v->count++] = (struct span){start, end};
}

/* The character at text[i] (valid UTF-8), its length in *k. */
static ucs4_t char_at(const char *text, size_t len, size_t i, int *k)
{
    ucs4_t c;
    *k = u8_mbtouc(&c, (const uint8_t *)text + i, len - i);
    return c;
}

static bool in_word(ucs4_t c)
{
    return uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M) || text_is_invisible(c);
}

/* Words: letters, digits and marks; anything else separates them, apostrophes, hyphens and full
 * stops included ("d’Anne", "Jean-Pierre", "Zoé.Martin"), as name_words cuts a name. */
static void split_words(const char *text, struct spans *words)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int k;
        ucs4_t c = char_at(text, len, i, &k);
        if (!in_word(c)) {
            i += (size_t)k;
            continue;
        }
        size_t start = i, end = i + (size_t)k;
        i = end;
        while (i < len) {
            c = char_at(text, len, i, &k);
            if (in_word(c)) {
                i += (size_t)k;
                end = i;
                continue;
            }
            break;
        }
        spans_add(words, start, end);
    }
}

/* The folded words [i, i + n) joined by single spaces, as a folded name is. */
static char *folded_words(const char *text, const struct spans *w, size_t i, int n)
{
    struct strbuf b = STRBUF_INIT;
    for (int j = 0; j < n; j++) {
        const struct span *x = &w->items[i + (size_t)j];
        char *one = strndup(text + x->start, x->end - x->start);
        char *folded = one ? name_words(one) : NULL;
        if (j)
            strbuf_putc(&b, ' ');
        if (!folded)
            b.failed = true;
        else
            strbuf_puts(&b, folded);
        free(one);
        free(folded);
    }
    return strbuf_finish(&b);
}

/* Names: n consecutive words that fold to a marked name, the longest first. */
static void find_names(struct erasure_marks *m, const char *text, const char *created_at,
                       struct spans *out)
{
    struct spans w = {0};
    split_words(text, &w);
    out->failed = out->failed || w.failed;
    for (size_t i = 0; !out->failed && i < w.count;) {
        char *first = folded_words(text, &w, i, 1);
        size_t used = 0;
        if (!first)
            out->failed = true;
        else if (is_marked(m, ERASURE_FIRST, first, created_at))
            /* Two words at least: a one-word "name" ("A", "Internet") would erase words of
             * everybody's notes. */
            for (int n = m->max_words; !used && n >= 2; n--) {
                if (i + (size_t)n > w.count)
                    continue;
                char *name = folded_words(text, &w, i, n);
                out->failed = out->failed || !name;
                if (name && is_marked(m, ERASURE_NAME, name, created_at))
                    used = (size_t)n;
                free(name);
            }
        free(first);
        if (used)
            spans_add(out, w.items[i].start, w.items[i + used - 1].end);
        i += used ? used : 1;
    }
    free(w.items);
}

/* What a written phone number is made of besides its digits. */
static bool in_number(ucs4_t c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '(' || c == ')' || c == '.' || c == '-' ||
           c == '/' || c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2010 ||
           c == 0x2011 || c == 0x2013 || c == 0x2014;
}

/* Whether the digits (a '+' first or not) are a marked number: as written, and as someone may
 * write a French one without its 0 or its + ("6 12 34 56 78", "33612345678"). */
static bool number_marked(struct erasure_marks *m, const char *digits, const char *created_at,
                          bool *failed)
{
    static const char *const prefixes[] = {"", "+", "0"};
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
        if (*prefixes[p] && digits[0] == '+')
            break;
        struct strbuf b = STRBUF_INIT;
        strbuf_puts(&b, prefixes[p]);
        strbuf_puts(&b, digits);
        char *written = strbuf_finish(&b);
        char *canonical = written ? person_canonical_phone(written) : NULL;
        *failed = *failed || !canonical;
        bool marked = canonical && is_marked(m, ERASURE_PHONE, canonical, created_at);
        free(written);
        free(canonical);
        if (marked)
            return true;
    }
    return false;
}

/* Phone numbers: within each run of digits and what separates their groups, the longest run of
 * groups that is a marked number, whatever is glued before it ("tél.06…", "N°06…"). */
static void find_numbers(struct erasure_marks *m, const char *text, const char *created_at,
                         struct spans *out)
{
    size_t len = strlen(text);
    struct spans groups = {0};
    for (size_t i = 0; i <= len && !out->failed;) {
        int k = 1;
        ucs4_t c = i < len ? char_at(text, len, i, &k) : 0;
        if (i < len && c >= '0' && c <= '9') { /* a group, with the '+' just before it */
            size_t start = i > 0 && text[i - 1] == '+' ? i - 1 : i;
            while (i < len && text[i] >= '0' && text[i] <= '9')
                i++;
            spans_add(&groups, start, i);
            continue;
        }
        if (i < len && in_number(c)) {
            i += (size_t)k;
            continue;
        }
        /* The run ends: its groups, each start against each end, the longest first. */
        for (size_t a = 0; a < groups.count && !out->failed;) {
            size_t used = 0;
            for (size_t b = groups.count; !used && b > a; b--) {
                struct strbuf d = STRBUF_INIT;
                size_t digits = 0;
                for (size_t g = a; g < b; g++)
                    for (size_t x = groups.items[g].start; x < groups.items[g].end; x++)
                        if (text[x] != '+' || x == groups.items[a].start) {
                            strbuf_putc(&d, text[x]);
                            digits += text[x] != '+';
                        }
                char *candidate = strbuf_finish(&d);
                out->failed = out->failed || !candidate;
                if (candidate && digits >= 4 && digits <= 15 &&
                    number_marked(m, candidate, created_at, &out->failed))
                    used = b - a;
                free(candidate);
            }
            if (used)
                spans_add(out, groups.items[a].start, groups.items[a + used - 1].end);
            a += used ? used : 1;
        }
        groups.count = 0;
        out->failed = out->failed || groups.failed;
        i += (size_t)k;
    }
    free(groups.items);
}

static bool in_address(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("._%+-", c)) || (c & 0x80);
}

/* E-mail addresses: around each '@', the characters an address is made of. */
static void find_addresses(struct erasure_marks *m, const char *text, const char *created_at,
                           struct spans *out)
{
    for (const char *at = strchr(text, '@'); at && !out->failed; at = strchr(at + 1, '@')) {
        const char *start = at, *end = at + 1;
        while (start > text && in_address(start[-1]))
            start--;
        while (in_address(*end) || *end == '@')
            end++;
        while (end > at + 1 && strchr(".-", end[-1])) /* the sentence's full stop */
            end--;
        char *address = strndup(start, (size_t)(end - start));
        char *canonical = address ? person_canonical_email(address) : NULL;
        out->failed = out->failed || !canonical;
        if (canonical && is_marked(m, ERASURE_EMAIL, canonical, created_at))
            spans_add(out, (size_t)(start - text), (size_t)(end - text));
        free(address);
        free(canonical);
    }
}

static int compare_spans(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->start != y->start ? (x->start > y->start) - (x->start < y->start)
                                : (x->end < y->end) - (x->end > y->end);
}

static char *redact_valid(struct erasure_marks *m, const char *text, const char *created_at,
                          const char *replacement, bool *found);

char *erasure_redact(struct erasure_marks *m, const char *text, const char *created_at,
                     const char *replacement, bool *found)
{
    *found = false;
    if (!u8_check((const uint8_t *)text, strlen(text)))
        return redact_valid(m, text, created_at, replacement, found);
    /* Bytes that are not text (a damaged or hostile database): searched as the screen shows
     * them; rewritten so only when a mention is found there. */
    char *shown = text_for_display(text, strlen(text));
    char *out = shown ? redact_valid(m, shown, created_at, replacement, found) : NULL;
    free(shown);
    if (out && !*found) {
        free(out);
        out = strdup(text);
    }
    return out;
}

/* erasure_redact on valid UTF-8: the mentions found by the three searches, overlapping ones
 * joined, each replaced once. */
static char *redact_valid(struct erasure_marks *m, const char *text, const char *created_at,
                          const char *replacement, bool *found)
{
    *found = false;
    struct spans mentions = {0};
    if (m->count) {
        find_names(m, text, created_at, &mentions);
        find_numbers(m, text, created_at, &mentions);
        find_addresses(m, text, created_at, &mentions);
    }
    if (mentions.failed) {
        free(mentions.items);
        return NULL;
    }
    if (mentions.count)
        qsort(mentions.items, mentions.count, sizeof *mentions.items, compare_spans);
    struct strbuf b = STRBUF_INIT;
    size_t copied = 0;
    for (size_t i = 0; i < mentions.count; i++) {
        struct span x = mentions.items[i];
        if (x.end <= copied)
            continue; /* inside the one just replaced */
        if (x.start < copied)
            x.start = copied;
        *found = true;
        strbuf_add(&b, text + copied, x.start - copied);
        strbuf_puts(&b, replacement);
        copied = x.end;
        /* One replacement for mentions that overlap this one. */
        while (i + 1 < mentions.count && mentions.items[i + 1].start < copied) {
            if (mentions.items[i + 1].end > copied)
                copied = mentions.items[i + 1].end;
            i++;
        }
    }
    strbuf_puts(&b, text + copied);
    free(mentions.items);
    return strbuf_finish(&b);
}

int erasure_mentions(struct erasure_marks *m, const char *text, const char *created_at)
{
    if (!text || !m->count)
        return 0;
    bool found = false;
    char *redacted = erasure_redact(m, text, created_at, "", &found);
    int answer = redacted ? found : -1;
    free(redacted);
    return answer;
}
