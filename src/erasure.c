/* The erasure register's marks and the search for an erased person in free text. */
#include "erasure.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unictype.h>
#include <unistr.h>

#include "person.h"
#include "strbuf.h"
#include "text.h"

static const char *const kind_codes[] = {
    [ERASURE_NAME] = "name", [ERASURE_FIRST] = "first", [ERASURE_PHONE] = "phone",
    [ERASURE_EMAIL] = "email"};

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
                      enum erasure_kind kind, int words, const char *hash)
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

static int add_value(struct erasure_marks *m, int64_t erasure, int64_t person,
                     enum erasure_kind kind, int words, const char *value)
{
    char hash[ERASURE_HASH_HEX_SIZE];
    mark_of(m, kind, value, hash);
    return erasure_marks_add(m, erasure, person, kind, words, hash);
}

/* The words of a folded name (single spaces between them, as text_fold leaves them). */
static int split_words(char *folded, char ***words)
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
static int add_name_order(struct erasure_marks *m, int64_t erasure, int64_t person,
                          char **words, int n, const int *order)
{
    struct strbuf b = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_putc(&b, ' ');
        strbuf_puts(&b, words[order[i]]);
    }
    char *joined = strbuf_finish(&b);
    int status = !joined || add_value(m, erasure, person, ERASURE_NAME, n, joined) ||
                         add_value(m, erasure, person, ERASURE_FIRST, 1, words[order[0]])
                     ? -1
                     : 0;
    free(joined);
    return status;
}

int erasure_marks_add_person(struct erasure_marks *m, int64_t erasure, int64_t person,
                             const char *name, const char *phone, const char *email)
{
    int status = 0;
    char *folded = name ? normalise_any(name, text_fold) : NULL;
    if (name && !folded)
        return -1;
    char **words = NULL;
    int n = folded && *folded ? split_words(folded, &words) : 0;
    if (n < 0)
        status = -1;
    if (!status && n > 0) {
        /* As written, reversed ("MARTIN Zoé" on a form), and the last word first ("Martin Zoé
         * Marie"): the orders in which French papers put a name. */
        int *order = malloc(sizeof *order * (size_t)n);
        if (!order)
            status = -1;
        for (int i = 0; !status && i < n; i++)
            order[i] = i;
        if (!status)
            status = add_name_order(m, erasure, person, words, n, order);
        for (int i = 0; !status && i < n; i++)
            order[i] = n - 1 - i;
        if (!status && n > 1)
            status = add_name_order(m, erasure, person, words, n, order);
        for (int i = 0; !status && i < n; i++)
            order[i] = i == 0 ? n - 1 : i - 1;
        if (!status && n > 2)
            status = add_name_order(m, erasure, person, words, n, order);
        free(order);
    }
    free(words);
    free(folded);
    char *canonical = !status && phone ? normalise_any(phone, person_canonical_phone) : NULL;
    if (!status && phone && !canonical)
        status = -1;
    if (!status && canonical && *canonical)
        status = add_value(m, erasure, person, ERASURE_PHONE, 1, canonical);
    free(canonical);
    canonical = !status && email ? normalise_any(email, person_canonical_email) : NULL;
    if (!status && email && !canonical)
        status = -1;
    if (!status && canonical && *canonical)
        status = add_value(m, erasure, person, ERASURE_EMAIL, 1, canonical);
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

/* Whether value (normalised as kind wants) is marked; *first receives the first such mark. */
static bool is_marked(struct erasure_marks *m, enum erasure_kind kind, const char *value,
                      const struct erasure_mark **first)
{
    char hash[ERASURE_HASH_HEX_SIZE];
    mark_of(m, kind, value, hash);
    const struct erasure_mark *k = find_mark(m, kind, hash);
    if (first)
        *first = k;
    return k != NULL;
}

/* Whether entry erasure also marks value of kind. */
static bool entry_marks(struct erasure_marks *m, int64_t erasure, enum erasure_kind kind,
                        const char *value)
{
    const struct erasure_mark *k;
    if (!value || !*value || !is_marked(m, kind, value, &k))
        return false;
    const char *hash = k->hash;
    for (; k < m->marks + m->count && k->kind == kind && !strcmp(k->hash, hash); k++)
        if (k->erasure == erasure)
            return true;
    return false;
}

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
        return normalise_any(value, text_fold);
    }
}

bool erasure_marks_person(struct erasure_marks *m, int64_t id, const char *name,
                          const char *phone, const char *email)
{
    if (!name || !m->count)
        return false;
    char *folded = normalised(ERASURE_NAME, name), *p = normalised(ERASURE_PHONE, phone),
         *e = normalised(ERASURE_EMAIL, email);
    const struct erasure_mark *k = NULL;
    bool marked = false;
    if (folded && is_marked(m, ERASURE_NAME, folded, &k)) {
        const char *hash = k->hash;
        for (; !marked && k < m->marks + m->count && k->kind == ERASURE_NAME &&
               !strcmp(k->hash, hash);
             k++)
            marked = k->person == id || entry_marks(m, k->erasure, ERASURE_PHONE, p) ||
                     entry_marks(m, k->erasure, ERASURE_EMAIL, e);
    }
    free(folded);
    free(p);
    free(e);
    return marked;
}

bool erasure_marks_contact(struct erasure_marks *m, const char *name, const char *phone)
{
    if (!m->count)
        return false;
    char *folded = normalised(ERASURE_NAME, name), *p = normalised(ERASURE_PHONE, phone);
    bool marked = (folded && *folded && is_marked(m, ERASURE_NAME, folded, NULL)) ||
                  (p && *p && is_marked(m, ERASURE_PHONE, p, NULL));
    free(folded);
    free(p);
    return marked;
}

/* ---- free text ----------------------------------------------------------------------------- */

/* A word of free text: bytes [start, end) of it, punctuation around it left out. */
struct token {
    size_t start, end;
};

static bool separates(ucs4_t c)
{
    return uc_is_space(c) || c == 0xA0 || c == 0x202F || c == 0x2009 || uc_is_cntrl(c) ||
           c == ',' || c == ';' || c == ':' || c == '/' || c == '"' || c == 0xAB || c == 0xBB;
}

/* Letters, digits, '+' (a phone's) and '@' (an address's) begin and end a word. */
static bool holds(ucs4_t c)
{
    return uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M) || c == '+' || c == '@';
}

static int split_tokens(const char *text, struct token **out, size_t *count)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t len = strlen(text), n = 0, cap = 0;
    struct token *tokens = NULL;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + i, len - i);
        if (separates(c)) {
            i += (size_t)k;
            continue;
        }
        size_t start = i, end = i, last_held = 0;
        bool any = false;
        while (i < len) {
            k = u8_mbtouc(&c, s + i, len - i);
            if (separates(c))
                break;
            if (holds(c)) {
                if (!any)
                    start = i;
                any = true;
                last_held = i + (size_t)k;
            }
            i += (size_t)k;
        }
        end = last_held;
        if (!any)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            struct token *grown = realloc(tokens, cap * sizeof *grown);
            if (!grown) {
                free(tokens);
                return -1;
            }
            tokens = grown;
        }
        tokens[n++] = (struct token){start, end};
    }
    *out = tokens;
    *count = n;
    return 0;
}

static bool phone_like(const char *text, const struct token *t)
{
    bool digit = false;
    for (size_t i = t->start; i < t->end; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (!strchr("+().-", c))
            return false;
    }
    return digit;
}

static size_t digits_in(const char *text, const struct token *t)
{
    size_t n = 0;
    for (size_t i = t->start; i < t->end; i++)
        n += text[i] >= '0' && text[i] <= '9';
    return n;
}

/* The folded words i..i+n-1 joined by single spaces, as a folded name is. */
static char *folded_words(const char *text, const struct token *t, size_t i, int n)
{
    struct strbuf b = STRBUF_INIT;
    for (int w = 0; w < n; w++) {
        if (w)
            strbuf_putc(&b, ' ');
        strbuf_add(&b, text + t[i + (size_t)w].start, t[i + (size_t)w].end - t[i + (size_t)w].start);
    }
    char *joined = strbuf_finish(&b);
    char *folded = joined ? text_fold(joined) : NULL;
    free(joined);
    return folded;
}

/* How many tokens from i make a mention (0 when none): a name, an e-mail, or a phone number,
 * the longest first. */
static size_t mention_at(struct erasure_marks *m, const char *text, const struct token *t,
                         size_t count, size_t i, bool *failed)
{
    char *word = folded_words(text, t, i, 1);
    if (!word) {
        *failed = true;
        return 0;
    }
    bool first = *word && is_marked(m, ERASURE_FIRST, word, NULL);
    bool address = strchr(word, '@') != NULL;
    free(word);
    for (int n = m->max_words; first && n >= 1; n--) {
        if (i + (size_t)n > count)
            continue;
        char *name = folded_words(text, t, i, n);
        bool marked = name && is_marked(m, ERASURE_NAME, name, NULL);
        *failed = *failed || !name;
        free(name);
        if (marked)
            return (size_t)n;
    }
    if (address) {
        char *e = strndup(text + t[i].start, t[i].end - t[i].start);
        char *canonical = e ? person_canonical_email(e) : NULL;
        bool marked = canonical && is_marked(m, ERASURE_EMAIL, canonical, NULL);
        *failed = *failed || !canonical;
        free(e);
        free(canonical);
        if (marked)
            return 1;
    }
    if (!phone_like(text, &t[i]))
        return 0;
    /* A number is written in groups ("06 12 34 56 78"): the longest run of groups from here
     * that is a marked number. */
    size_t last = i, digits = 0;
    while (last < count && phone_like(text, &t[last]) && (digits += digits_in(text, &t[last])) <= 15)
        last++;
    for (size_t end = last; end > i; end--) {
        struct strbuf b = STRBUF_INIT;
        for (size_t j = i; j < end; j++)
            strbuf_add(&b, text + t[j].start, t[j].end - t[j].start);
        char *joined = strbuf_finish(&b);
        char *canonical = joined ? person_canonical_phone(joined) : NULL;
        bool marked = canonical && *canonical && is_marked(m, ERASURE_PHONE, canonical, NULL);
        *failed = *failed || !canonical;
        free(joined);
        free(canonical);
        if (marked)
            return end - i;
    }
    return 0;
}

static char *redact_valid(struct erasure_marks *m, const char *text, const char *replacement,
                          bool *found);

char *erasure_redact(struct erasure_marks *m, const char *text, const char *replacement,
                     bool *found)
{
    *found = false;
    if (!u8_check((const uint8_t *)text, strlen(text)))
        return redact_valid(m, text, replacement, found);
    /* Bytes that are not text (a damaged or hostile database): searched as the screen shows
     * them; rewritten so only when a mention is found there. */
    char *shown = text_for_display(text, strlen(text));
    char *out = shown ? redact_valid(m, shown, replacement, found) : NULL;
    free(shown);
    if (out && !*found) {
        free(out);
        out = strdup(text);
    }
    return out;
}

/* erasure_redact on valid UTF-8. */
static char *redact_valid(struct erasure_marks *m, const char *text, const char *replacement,
                          bool *found)
{
    *found = false;
    struct token *t = NULL;
    size_t count = 0;
    if (split_tokens(text, &t, &count))
        return NULL;
    struct strbuf b = STRBUF_INIT;
    size_t copied = 0;
    bool failed = false;
    for (size_t i = 0; m->count && i < count && !failed;) {
        size_t n = mention_at(m, text, t, count, i, &failed);
        if (!n) {
            i++;
            continue;
        }
        *found = true;
        strbuf_add(&b, text + copied, t[i].start - copied);
        strbuf_puts(&b, replacement);
        copied = t[i + n - 1].end;
        i += n;
    }
    strbuf_puts(&b, text + copied);
    free(t);
    char *out = strbuf_finish(&b);
    if (failed) {
        free(out);
        return NULL;
    }
    return out;
}

int erasure_mentions(struct erasure_marks *m, const char *text)
{
    if (!text || !m->count)
        return 0;
    bool found = false;
    char *redacted = erasure_redact(m, text, "", &found);
    int answer = redacted ? found : -1;
    free(redacted);
    return answer;
}
