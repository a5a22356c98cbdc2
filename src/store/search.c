/* The history's listing and search as you type, and the word sets the partner directory's
 * search shares: each word's set of rows read once from the indexes and kept between keystrokes. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"
#include "strbuf.h"

/* The same, of the deleted sessions only, read from the few marked deleted (migration 008). */
#define DELETED_SESSION_COLUMNS                                                                \
    SESSION_FIELDS "FROM help_session_deleted dd CROSS JOIN help_session s ON s.id = dd.session_id " \
    SESSION_JOINS
/* ?5: 1 for the deleted sessions, 0 for the others. */
#define DELETED_IS "AND EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id) = ?5 "

/* The numbers of the listed sessions among hit, the filter's (bind_session_filter) and its
 * paging; sorted, only the number and start: the whole sessions are read one by one after. */
#define SEARCH_HITS                                                                            \
    "SELECT s.id FROM hit CROSS JOIN help_session s ON s.id = hit.id "                        \
    "WHERE s.started_at >= ?1 AND s.started_at < ?2 " THEME_IS DELETED_IS

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_SESSIONS_OLDEST_FIRST,
    STMT_SESSIONS_NEWEST_FIRST,
    STMT_SESSION_GET,
    STMT_SEARCH_NAMES,
    STMT_SEARCH_TEXT_IDS,
    STMT_LABEL_THEME_IDS,
    STMT_LABEL_DEMARCHE_IDS,
    STMT_LABEL_OPERATOR_IDS,
    STMT_LABEL_SITE_IDS,
    STMT_SEARCH_HITS_NEWEST_FIRST,
    STMT_SEARCH_HITS_OLDEST_FIRST,
    STMT_SEARCH_IN_SET_NEWEST_FIRST,
    STMT_SEARCH_IN_SET_OLDEST_FIRST,
    STMT_DELETED_SESSIONS_NEWEST_FIRST,
    STMT_DELETED_SESSIONS_OLDEST_FIRST,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    /* ?6, ?7: the listing goes on after the session started at ?6 with number ?7 (keyset). */
    [STMT_SESSIONS_OLDEST_FIRST] = SESSION_COLUMNS THEME_IS DELETED_IS
        "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
    [STMT_SESSIONS_NEWEST_FIRST] = SESSION_COLUMNS THEME_IS DELETED_IS
        "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC LIMIT ?3",
    [STMT_SESSION_GET] = SESSION_COLUMNS "AND s.id = ?3",
    /* Every operator and site, the former ones too: their sessions keep them. */
    [STMT_SEARCH_NAMES] = "SELECT 0, id, name FROM operator UNION ALL SELECT 1, id, name FROM site",
    /* The sessions whose typed texts have a word starting with the FTS5 query ?1's (migration
     * 016), and those whose texts the index cannot vouch for, up to ?2 rows, into the set of ?3
     * (word_set_read). */
    [STMT_SEARCH_TEXT_IDS] = "WITH r(id) AS (SELECT rowid FROM session_search "
        "WHERE session_search MATCH ?1 UNION ALL SELECT session_id FROM session_search_odd "
        "LIMIT ?2) SELECT count(*), guichet_collect(?3, id) FROM r",
    /* The sessions of a theme, a démarche, an operator or a site ?1, into the set of ?2
     * (label_set_of), each from its index. */
    [STMT_LABEL_THEME_IDS] =
        "SELECT count(*), guichet_collect(?2, session_id) FROM help_session_theme WHERE theme = ?1",
    [STMT_LABEL_DEMARCHE_IDS] = "SELECT count(*), guichet_collect(?2, session_id) "
                                "FROM help_session_demarche WHERE demarche = ?1",
    [STMT_LABEL_OPERATOR_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM help_session WHERE operator_id = ?1",
    [STMT_LABEL_SITE_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM help_session WHERE site_id = ?1",
    /* The sessions among the JSON array ?8 in the listing's order after its key: only their
     * numbers, sorted; the sessions are read one by one after. */
    [STMT_SEARCH_HITS_NEWEST_FIRST] = "WITH hit(id) AS (SELECT value FROM json_each(?8)) "
        SEARCH_HITS "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC",
    [STMT_SEARCH_HITS_OLDEST_FIRST] = "WITH hit(id) AS (SELECT value FROM json_each(?8)) "
        SEARCH_HITS "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id",
    /* The listing in order (STMT_SESSIONS_*), only the sessions of the search's set (bound as
     * a pointer: idset_bind), tested from the index on started_at before a row is read. */
    [STMT_SEARCH_IN_SET_NEWEST_FIRST] = SESSION_COLUMNS "AND guichet_in_set(?8, s.id) " THEME_IS
        DELETED_IS "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC LIMIT ?3",
    [STMT_SEARCH_IN_SET_OLDEST_FIRST] = SESSION_COLUMNS "AND guichet_in_set(?8, s.id) " THEME_IS
        DELETED_IS "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
    [STMT_DELETED_SESSIONS_NEWEST_FIRST] = DELETED_SESSION_COLUMNS THEME_IS
        "AND ?5 = 1 AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC "
        "LIMIT ?3",
    /* STMT_SESSIONS_*, ?5 = 1: the deleted sessions, sorted (they are few). */
    [STMT_DELETED_SESSIONS_OLDEST_FIRST] = DELETED_SESSION_COLUMNS THEME_IS
        "AND ?5 = 1 AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    NULL,
};

STORE_STATEMENTS(STORE_SEARCH, search)

/* Binds ?1, ?2, ?4 and ?5 of STMT_SESSIONS_* (period, theme, deleted or not), and for paging
 * ?6 and ?7. The period's bounds are narrowed to the page's start, so that the index on
 * started_at reaches it at once rather than by skipping the pages before; the row value
 * comparison then orders the sessions of that same minute. */
void store_bind_session_filter(struct db_stmt *stmt, const struct session_filter *filter)
{
    char until[DATETIME_TEXT_SIZE + 1] = "9999-99-99";
    const char *from = filter->from ? filter->from : "0000";
    if (filter->to)
        store_next_day(filter->to, until);
    if (filter->after_at && filter->newest_first) {
        /* Up to and including that minute: stored times all have its 16 characters (a CHECK
         * of migration 001), so "<= at" is "< at followed by a space". */
        char through[DATETIME_TEXT_SIZE + 1];
        snprintf(through, sizeof through, "%.16s ", filter->after_at);
        if (strcmp(through, until) < 0)
            memcpy(until, through, sizeof through);
    } else if (filter->after_at && strcmp(filter->after_at, from) > 0)
        from = filter->after_at;
    db_bind_text_copy(stmt, 1, from, -1);
    db_bind_text_copy(stmt, 2, until, -1);
    store_bind_text_or_null(stmt, 4, filter->theme);
    db_bind_int(stmt, 5, filter->deleted);
    /* Without a starting point, one before the first session or after the last. */
    if (filter->after_at) {
        db_bind_text_copy(stmt, 6, filter->after_at, -1);
        db_bind_int64(stmt, 7, filter->after_id);
    } else {
        db_bind_text(stmt, 6, filter->newest_first ? "9999" : "", -1);
        db_bind_int64(stmt, 7, 0);
    }
}

/* The listing in order, every session of it passed to fn. */
static int list_in_order(struct store *st, const struct session_filter *filter,
                         store_session_fn fn, void *ctx, struct gu_error *err)
{
    enum stmt_id id = filter->deleted ? (filter->newest_first ? STMT_DELETED_SESSIONS_NEWEST_FIRST
                                                              : STMT_DELETED_SESSIONS_OLDEST_FIRST)
                                      : (filter->newest_first ? STMT_SESSIONS_NEWEST_FIRST
                                                              : STMT_SESSIONS_OLDEST_FIRST);
    struct db_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    store_bind_session_filter(stmt, filter);
    db_bind_int64(stmt, 3, filter->limit > 0 ? filter->limit : -1);

    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct help_session s;
        store_read_session_row(stmt, &s);
        status = fn(&s, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

long search_sort_limit(const struct store *st)
{
    return st->search_sort_max ? st->search_sort_max : SEARCH_SORT_MAX;
}

long search_set_limit(const struct store *st)
{
    return st->search_set_max ? st->search_set_max : SEARCH_SET_MAX;
}

/* The words a term can be found by, as simple terms into *reach: the term itself, or for a
 * term of pieces ("e-mail") its joined form and its longest piece, one of which every record
 * the term matches has (text_search_term_found): the indexes look up a superset, which
 * session_matches and partner_matches then decide. Release with text_search_free. */
int search_reach_words(const char *term, struct text_search *reach)
{
    if (!strpbrk(term, "-'"))
        return text_search_compile_folded(reach, term);
    struct strbuf b = STRBUF_INIT;
    const char *longest = term;
    size_t longest_len = 0;
    for (const char *p = term; *p;) {
        size_t piece = strcspn(p, "-'");
        if (piece > longest_len) {
            longest = p;
            longest_len = piece;
        }
        for (size_t i = 0; i < piece; i++)
            strbuf_putc(&b, p[i]);
        p += piece + (p[piece] != '\0');
    }
    strbuf_printf(&b, " %.*s", (int)longest_len, longest);
    char *words = strbuf_finish(&b);
    if (!words) {
        *reach = (struct text_search){0};
        return GU_FAILURE;
    }
    int status = text_search_compile_folded(reach, words);
    free(words);
    return status;
}

/* Whether a folded label or name has a word starting with one of the words of reach. */
bool search_reach_found(const struct text_search *reach, const char *folded)
{
    for (size_t i = 0; i < reach->n; i++)
        if (text_search_term_found(reach, i, &folded, 1))
            return true;
    return false;
}

/* The FTS5 query for the records whose indexed texts have a word starting with one of the
 * words of reach (search_reach_words), as a new string; NULL when the index cannot answer for them
 * (characters other than a-z and 0-9: the tokenizer and text_fold agree on those only) or
 * memory is short. With exact, the words themselves rather than prefixes. œ and æ are indexed
 * as such but folded to "oe" and "ae": each "oe" or "ae" of a word, and an "o" or "a" that ends
 * it, is asked both ways. */
char *search_match_query(const struct text_search *reach, bool exact)
{
    struct strbuf b = STRBUF_INIT;
    for (size_t r = 0; r < reach->n; r++) {
        const char *word = reach->words[r];
        size_t len = strlen(word), points[SEARCH_VARIANTS_MAX], n = 0;
        for (size_t i = 0; i < len; i++) {
            char c = word[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                strbuf_release(&b);
                return NULL;
            }
            if ((c == 'o' || c == 'a') && (i + 1 == len || word[i + 1] == 'e')) {
                if (n == SEARCH_VARIANTS_MAX) {
                    strbuf_release(&b);
                    return NULL;
                }
                points[n++] = i;
            }
        }
        for (unsigned v = 0; v < 1u << n; v++) {
            strbuf_puts(&b, v || r ? " OR \"" : "\"");
            size_t next = 0;
            for (size_t i = 0; i < len; i++) {
                bool here = next < n && points[next] == i;
                if (here && (v >> next++ & 1)) {
                    strbuf_puts(&b, word[i] == 'o' ? "\xC5\x93" : "\xC3\xA6"); /* œ, æ */
                    i += i + 1 < len; /* the "e" is in the ligature */
                } else
                    strbuf_putc(&b, word[i]);
            }
            strbuf_puts(&b, exact ? "\"" : "\"*");
        }
    }
    return strbuf_finish(&b);
}

/* Every operator's and site's name, folded (owned), for matching them word by word. */
struct search_name {
    int kind; /* 0: operator, 1: site */
    int64_t id;
    char *folded;
};

static void names_free(struct search_name *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i].folded);
    free(names);
}

static int search_read_names(struct store *st, struct search_name **out, size_t *n,
                             struct gu_error *err)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *stmt = stmt_get(st, STMT_SEARCH_NAMES, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        const char *name = (const char *)db_column_text(stmt, 2);
        if (!name)
            continue;
        if (!array_reserve(out, &cap, *n, sizeof **out, 64)) {
            status = error_nomem(err);
            break;
        }
        char *folded = text_fold(name);
        if (!folded) { /* not UTF-8 (a file written elsewhere): session_matches skips it too */
            continue;
        }
        (*out)[(*n)++] = (struct search_name){db_column_int(stmt, 0),
                                              db_column_int64(stmt, 1), folded};
    }
    status = store_stmt_finish(st, stmt, status, rc, err);
    if (status) {
        names_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

static void word_set_clear(struct word_set *ws)
{
    free(ws->word);
    idset_free(&ws->ids);
    *ws = (struct word_set){0};
}

void store_word_sets_forget(struct store *st)
{
    for (size_t i = 0; i < WORD_SETS_MAX; i++)
        word_set_clear(&st->word_sets[i]);
    st->word_sets_next = 0;
    free(st->partner_ordered);
    free(st->partner_rank);
    st->partner_ordered = NULL;
    st->partner_rank = NULL;
    st->partner_nordered = st->partner_rank_size = 0;
    st->partner_order_kept = false;
}

/* Forgets the words' sets when what they were read from may have changed: the language (the
 * labels), the data (any desk) or this connection's writes. */
static void word_sets_check(struct store *st)
{
    long long version = store_data_version(st);
    int64_t changes = db_total_changes(st->db);
    if (st->words_generation == i18n_generation() && st->words_version == version &&
        st->words_changes == changes)
        return;
    store_word_sets_forget(st);
    st->words_generation = i18n_generation();
    st->words_version = version;
    st->words_changes = changes;
}

static struct word_set *word_set_find(struct store *st, enum word_domain domain, const char *word)
{
    for (size_t i = 0; i < WORD_SETS_MAX; i++) {
        struct word_set *ws = &st->word_sets[i];
        if (ws->word && ws->domain == domain && !strcmp(ws->word, word))
            return ws;
    }
    return NULL;
}

/* An entry for word, emptied: its own, or the oldest one; NULL when memory is short. */
static struct word_set *word_set_take(struct store *st, enum word_domain domain, const char *word)
{
    struct word_set *ws = word_set_find(st, domain, word);
    if (ws) {
        idset_free(&ws->ids);
        ws->over = 0;
        ws->unindexed = false;
        return ws;
    }
    char *copy = strdup(word);
    if (!copy)
        return NULL;
    ws = &st->word_sets[st->word_sets_next];
    st->word_sets_next = (st->word_sets_next + 1) % WORD_SETS_MAX;
    word_set_clear(ws);
    *ws = (struct word_set){.domain = domain, .word = copy};
    return ws;
}

/* Runs stmt (bound but for its collect at index at, limited to cap + 1 rows, or not when cap
 * is -1), which gathers a word's rows into ws: all of them, or ws->over = cap when there are
 * more. A number too
 * large for a set, or memory short, leaves the word without a set (unindexed): the search then
 * reads on in order and finds the same. */
static int word_set_read(struct store *st, struct db_stmt *stmt, int at, long long cap,
                         struct word_set *ws, struct gu_error *err)
{
    struct idset_collect collect = {.set = &ws->ids};
    sqlite3_bind_pointer(db_sqlite_stmt(stmt), at, &collect, COLLECT_POINTER, NULL);
    int rc = db_step(stmt);
    if (rc == DB_ROW && cap >= 0 && db_column_int64(stmt, 0) > cap)
        ws->over = cap;
    ws->unindexed = collect.failed;
    if (ws->over || ws->unindexed)
        idset_free(&ws->ids);
    return store_stmt_finish(st, stmt, GU_OK, rc, err);
}

/* Characters in a word (UTF-8). */
static size_t word_chars(const char *word)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* A word typed on from a kept one reaches no more than it: the set of "sai" holds every row
 * "saint" can match. The longest kept prefix of word of SEARCH_PREFIX_KEPT characters or more
 * with a set is taken for it, rather than reading the index again (a prefix without an index of
 * its own costs the index's merging of all its words: 0.1 G instructions for "sain" at 100,000
 * places). Words with hyphens or apostrophes are looked up by their pieces: never so taken. */
#define SEARCH_PREFIX_KEPT 3

static const struct idset *word_set_of_prefix(struct store *st, enum word_domain domain,
                                              const char *word)
{
    if (strpbrk(word, "-'"))
        return NULL;
    size_t len = strlen(word);
    char *prefix = strdup(word);
    const struct idset *found = NULL;
    for (size_t n = len; prefix && !found && n-- > 0;) {
        if ((word[n] & 0xC0) == 0x80 || n == 0)
            continue; /* inside a character, or nothing */
        prefix[n] = '\0';
        if (word_chars(prefix) < SEARCH_PREFIX_KEPT)
            break;
        struct word_set *ws = word_set_find(st, domain, prefix);
        if (ws && !ws->unindexed && !ws->over)
            found = &ws->ids;
    }
    free(prefix);
    return found;
}

/* The entry of word when it answers without reading: *out set (its own, or a kept prefix's),
 * or NULL (no set within cap); false when the word must be read. */
bool search_word_set_kept(struct store *st, enum word_domain domain, const char *word,
                          long long cap, bool kept_only, const struct idset **out)
{
    struct word_set *ws = word_set_find(st, domain, word);
    *out = ws && !ws->unindexed && !ws->over ? &ws->ids : NULL;
    if (!ws && !*out)
        *out = word_set_of_prefix(st, domain, word);
    return *out || kept_only || (ws && (ws->unindexed || ws->over >= cap));
}

/* The operators' and sites' names, read once for a search's new words. */
struct search_names {
    struct search_name *names;
    size_t n;
    bool read;
};

/* The set of the sessions (or partners) of one label or name, kept as a word's (key: its kind
 * and code, "t:email"): read from stmt's index (bound at 1 to what, its collect at 2). *out is
 * borrowed until the next set is read, NULL when a number is too large for a set. */
static int label_set_of(struct store *st, enum word_domain domain, struct db_stmt *stmt,
                        const char *key, const char *code, int64_t number, long long cap,
                        const struct idset **out, struct gu_error *err)
{
    struct word_set *ws = word_set_find(st, domain, key);
    *out = ws && !ws->unindexed && !ws->over ? &ws->ids : NULL;
    if (*out || cap == 0 || (ws && (ws->unindexed || (cap > 0 && ws->over >= cap))))
        return GU_OK;
    if (!stmt)
        return GU_FAILURE;
    if (!(ws = word_set_take(st, domain, key)))
        return error_nomem(err);
    if (code)
        db_bind_text(stmt, 1, code, -1);
    else
        db_bind_int64(stmt, 1, number);
    int status = word_set_read(st, stmt, 2, cap, ws, err);
    if (status)
        word_set_clear(ws);
    else if (!ws->unindexed && !ws->over)
        *out = &ws->ids;
    return status;
}

/* Adds to *into the set of a label (label_set_of, up to cap); *lost when it has none. */
int search_label_set_add(struct store *st, enum word_domain domain, struct db_stmt *stmt, char kind,
                         const char *code, int64_t number, long long cap, struct idset *into,
                         bool *lost, struct gu_error *err)
{
    char key[48];
    if (code)
        snprintf(key, sizeof key, "%c:%s", kind, code); /* vocabulary codes are short */
    else
        snprintf(key, sizeof key, "%c:%lld", kind, (long long)number);
    const struct idset *set;
    int status = label_set_of(st, domain, stmt, key, code, number, cap, &set, err);
    if (!status && set && !idset_union(into, set))
        status = error_nomem(err);
    else if (!status && !set)
        *lost = true;
    return status;
}

/* The part of a word's set its indexed texts give, up to cap rows, into *ws (taken for word):
 * stmt binds match at 1, the limit at 2, the collect at 3. */
int search_word_text_set(struct store *st, enum word_domain domain, struct db_stmt *stmt,
                         const char *word, const char *match, long long cap,
                         struct word_set **out, struct gu_error *err)
{
    *out = NULL;
    if (!stmt)
        return GU_FAILURE;
    struct word_set *ws = word_set_take(st, domain, word);
    if (!ws)
        return error_nomem(err);
    if (!match) {
        ws->unindexed = true;
        *out = ws;
        return GU_OK;
    }
    db_bind_text(stmt, 1, match, -1);
    db_bind_int64(stmt, 2, cap + 1);
    int status = word_set_read(st, stmt, 3, cap, ws, err);
    if (status)
        word_set_clear(ws);
    else
        *out = ws;
    return status;
}

/* The set of a word: its texts' part (search_word_text_set) and the labels and names that have the
 * word, which label_set_of keeps; into *ws, which *out borrows when it has a set. The labels
 * are gathered apart first: reading one may take the entry of another. A word with a label
 * not read (lost) is not kept: read otherwise, it may have a set. */
int search_word_set_finish(struct word_set *ws, struct idset *labels, bool lost,
                           const struct idset **out, struct gu_error *err)
{
    int status = GU_OK;
    if (!lost && !ws->unindexed && !ws->over && !idset_union(&ws->ids, labels))
        status = error_nomem(err);
    idset_free(labels);
    if (status || lost)
        word_set_clear(ws);
    else if (!ws->unindexed && !ws->over)
        *out = &ws->ids;
    return status;
}

static int session_word_set(struct store *st, const char *word, void *ctx, long long cap,
                            long long label_cap, bool kept_only, const struct idset **out,
                            struct gu_error *err)
{
    /* On PostgreSQL no word has a set yet (its index is tsvector, not FTS5, and the sets are
     * bound as pointers): every search reads the rows in order, as for a word the index cannot
     * answer for, and session_matches or partner_matches decides; slower, never different. */
    if (store_is_server(st)) {
        *out = NULL;
        return GU_OK;
    }
    struct search_names *names = ctx;
    if (search_word_set_kept(st, WORDS_SESSIONS, word, cap, kept_only, out))
        return GU_OK;
    if (!names->read) {
        int status = search_read_names(st, &names->names, &names->n, err);
        if (status)
            return status;
        names->read = true;
    }
    struct text_search one;
    if (search_reach_words(word, &one))
        return error_nomem(err);
    char *match = search_match_query(&one, false); /* NULL: not in the index */
    struct idset labels = IDSET_INIT;
    bool lost = false;
    int status = GU_OK;
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_THEME); i++) {
        const char *label = vocab_label_folded(VOCAB_THEME, i);
        if (label && search_reach_found(&one, label))
            status = search_label_set_add(st, LABELS_SESSIONS, stmt_get(st, STMT_LABEL_THEME_IDS, err), 't',
                                   vocab_code(VOCAB_THEME, i), 0, label_cap, &labels, &lost, err);
    }
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_DEMARCHE); i++) {
        const char *label = vocab_label_folded(VOCAB_DEMARCHE, i);
        if (label && search_reach_found(&one, label))
            status = search_label_set_add(st, LABELS_SESSIONS, stmt_get(st, STMT_LABEL_DEMARCHE_IDS, err), 'd',
                                   vocab_code(VOCAB_DEMARCHE, i), 0, label_cap, &labels, &lost,
                                   err);
    }
    for (size_t i = 0; match && !status && !lost && i < names->n; i++)
        if (search_reach_found(&one, names->names[i].folded))
            status = names->names[i].kind == 0
                         ? search_label_set_add(st, LABELS_SESSIONS, stmt_get(st, STMT_LABEL_OPERATOR_IDS, err), 'o', NULL,
                                         names->names[i].id, label_cap, &labels, &lost, err)
                         : search_label_set_add(st, LABELS_SESSIONS, stmt_get(st, STMT_LABEL_SITE_IDS, err), 's', NULL,
                                         names->names[i].id, label_cap, &labels, &lost, err);
    text_search_free(&one);
    struct word_set *ws = NULL;
    if (lost) /* a label not read: no set this time, and nothing kept */
        ;
    else if (!status)
        status = search_word_text_set(st, WORDS_SESSIONS, stmt_get(st, STMT_SEARCH_TEXT_IDS, err), word, match, cap, &ws, err);
    free(match);
    if (status || !ws) {
        idset_free(&labels);
        return status;
    }
    return search_word_set_finish(ws, &labels, lost, out, err);
}

/* Intersects *out (*has: it holds a set) with word w's set, read as fn does with these
 * limits; *applied when it had one. */
static int candidates_add(struct store *st, const struct text_search *words, size_t w,
                          word_set_fn fn, void *ctx, long long cap, long long label_cap,
                          bool kept_only, struct idset *out, bool *has, bool *applied,
                          struct gu_error *err)
{
    const struct idset *set;
    int status = fn(st, words->words[w], ctx, cap, label_cap, kept_only, &set, err);
    if (status || !set)
        return status;
    *applied = true;
    if (*has)
        idset_intersect(out, set);
    else if (idset_copy(out, set))
        *has = true;
    else
        return error_nomem(err);
    return GU_OK;
}

/* A superset of what the search's words find, into *out (owned: idset_free): the words' sets
 * intersected: the kept ones, then the longer words' (their labels up to cap rows each), then
 * the short ones'; once they leave at most sort, no other is read. When no word has a set, the
 * longest word's, up to SEARCH_WIDE times cap. With narrow (the caller asks once a page read
 * in order found too few), the words left out are read again, with labels up to SEARCH_NARROW
 * times the set's size, or all of them when there is no set (a label row costs a fortieth of
 * a session read in order). With kept_only, only the
 * sets kept are taken. *has is false when there is no set at all (out
 * empty): every row can match. */
int search_candidates(struct store *st, const struct text_search *words, word_set_fn fn,
                             void *ctx, bool kept_only, bool narrow, long long sort,
                             long long cap, struct idset *out, bool *has, struct gu_error *err)
{
    *out = (struct idset)IDSET_INIT;
    *has = false;
    word_sets_check(st);
    bool *applied = calloc(words->n + 1, sizeof *applied);
    if (!applied)
        return error_nomem(err);
    int status = GU_OK;
    for (int pass = 0; !status && pass < (narrow ? 5 : 4) && !(*has && out->count <= sort);
         pass++) {
        if (pass == 3 && !*has && !kept_only) { /* every word common: the longest one's, wider */
            size_t longest = 0;
            for (size_t w = 1; w < words->n; w++)
                if (word_chars(words->words[w]) > word_chars(words->words[longest]))
                    longest = w;
            if (words->n && word_chars(words->words[longest]) > SEARCH_SHORT_WORD)
                status = candidates_add(st, words, longest, fn, ctx, cap * SEARCH_WIDE,
                                        cap * SEARCH_WIDE, false, out, has, &applied[longest],
                                        err);
        }
        if (pass == 3 || (pass == 4 && kept_only))
            continue;
        for (size_t w = 0; !status && w < words->n && !(*has && out->count <= sort); w++) {
            bool is_short = word_chars(words->words[w]) <= SEARCH_SHORT_WORD;
            if (applied[w] || (pass == 1 && is_short) || (pass == 2 && !is_short))
                continue;
            long long label_cap = pass == 1   ? cap
                                  : pass == 4 ? (*has ? SEARCH_NARROW * out->count : -1)
                                  : *has      ? 0
                                              : cap / SEARCH_SHORT_SHARE;
            status = candidates_add(st, words, w, fn, ctx, cap, label_cap,
                                    kept_only || pass == 0, out, has, &applied[w], err);
        }
    }
    free(applied);
    if (status) {
        idset_free(out);
        *has = false;
    }
    return status;
}

/* search_candidates for the sessions search (folded) finds. */
static int session_candidates(struct store *st, const char *search, bool narrow,
                              struct idset *out, bool *has, struct gu_error *err)
{
    struct text_search words;
    *out = (struct idset)IDSET_INIT;
    *has = false;
    if (text_search_compile_folded(&words, search))
        return error_nomem(err);
    struct search_names names = {0};
    int status = search_candidates(st, &words, session_word_set, &names, false, narrow,
                                   search_sort_limit(st), search_set_limit(st), out, has, err);
    names_free(names.names, names.n);
    text_search_free(&words);
    return status;
}

/* The members of set as a JSON array (owned), or NULL when memory is short. */
char *search_idset_json(const struct idset *set)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_putc(&b, '[');
    for (int64_t id = idset_next(set, -1); id >= 0; id = idset_next(set, id)) {
        char digits[24], *d = digits + sizeof digits; /* printf's cost was most of it */
        *--d = '\0';
        for (int64_t v = id; d == digits + sizeof digits - 1 || v; v /= 10)
            *--d = (char)('0' + v % 10);
        if (strbuf_str(&b)[1])
            strbuf_putc(&b, ',');
        strbuf_puts(&b, d);
    }
    strbuf_putc(&b, ']');
    return strbuf_finish(&b);
}

/* Passes fn the sessions of filter in set, in order: their numbers sorted first
 * (STMT_SEARCH_HITS_*), then each session read. */
static int list_set_sorted(struct store *st, const struct session_filter *filter,
                           const struct idset *set, store_session_fn fn, void *ctx,
                           struct gu_error *err)
{
    char *json = search_idset_json(set);
    if (!json)
        return error_nomem(err);
    struct db_stmt *hits = stmt_get(st, filter->newest_first ? STMT_SEARCH_HITS_NEWEST_FIRST
                                                           : STMT_SEARCH_HITS_OLDEST_FIRST, err);
    struct db_stmt *get = hits ? stmt_get(st, STMT_SESSION_GET, err) : NULL;
    if (!get) {
        free(json);
        return GU_FAILURE;
    }
    store_bind_session_filter(hits, filter);
    db_bind_text(hits, 8, json, -1);
    db_bind_text(get, 1, "0000", -1);
    db_bind_text(get, 2, "9999", -1);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(hits)) == DB_ROW) {
        db_bind_int64(get, 3, db_column_int64(hits, 0));
        int got = db_step(get);
        if (got == DB_ROW) {
            struct help_session s;
            store_read_session_row(get, &s);
            status = fn(&s, ctx);
        } else if (got != DB_DONE)
            status = store_db_error(st, got, err);
        db_reset(get);
    }
    db_clear_bindings(get);
    status = store_stmt_finish(st, hits, status, rc, err);
    free(json);
    return status;
}

/* Passes fn the sessions of filter in set, in order (STMT_SEARCH_IN_SET_*). */
static int list_set_in_order(struct store *st, const struct session_filter *filter,
                             const struct idset *set, store_session_fn fn, void *ctx,
                             struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, filter->newest_first ? STMT_SEARCH_IN_SET_NEWEST_FIRST
                                                           : STMT_SEARCH_IN_SET_OLDEST_FIRST, err);
    if (!stmt)
        return GU_FAILURE;
    store_bind_session_filter(stmt, filter);
    db_bind_int64(stmt, 3, -1);
    sqlite3_bind_pointer(db_sqlite_stmt(stmt), 8, (void *)set, IDSET_POINTER, NULL);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct help_session s;
        store_read_session_row(stmt, &s);
        status = fn(&s, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* Between the store and the caller's fn: the search's words, the limit, and the reading in
 * order's budget. */
struct search_pass {
    const struct session_filter *filter;
    struct session_matcher matcher; /* filter->search's */
    store_session_fn fn;
    void *ctx;
    long listed;         /* sessions passed to fn */
    long examined, budget; /* sessions read in order; at most budget (0: no bound) */
    bool out_of_budget;
    char last_at[DATETIME_TEXT_SIZE]; /* the last session read, to go on after it */
    int64_t last_id;
};

#define SEARCH_LIMIT_REACHED 101 /* stops a pass: the caller's limit is reached */

static int search_pass_row(const struct help_session *s, void *ctx)
{
    struct search_pass *p = ctx;
    if (p->budget && p->examined == p->budget) {
        p->out_of_budget = true;
        return GU_FAILURE; /* told apart by out_of_budget */
    }
    p->examined++;
    datetime_format(&s->at, p->last_at);
    p->last_id = s->id;
    if (!session_matcher_test(&p->matcher, s))
        return GU_OK;
    int status = p->fn(s, p->ctx);
    if (!status && p->filter->limit > 0 && ++p->listed == p->filter->limit)
        return SEARCH_LIMIT_REACHED;
    return status;
}

static bool has_words(const char *search)
{
    struct text_search words;
    if (text_search_compile_folded(&words, search))
        return true; /* out of memory: the search path reports it */
    bool any = words.n > 0;
    text_search_free(&words);
    return any;
}

/* Goes on after the last session p read: the next reading starts there. */
static void search_go_on(struct session_filter *scan, const struct search_pass *p)
{
    if (p->examined) {
        scan->after_at = p->last_at;
        scan->after_id = p->last_id;
    }
}

/* Reads on in order from the last session p read, within budget more (0: no bound). */
static int search_read_on(struct store *st, struct session_filter *scan, struct search_pass *p,
                          long budget, struct gu_error *err)
{
    if (p->examined) {
        scan->after_at = p->last_at;
        scan->after_id = p->last_id;
    }
    p->out_of_budget = false;
    p->budget = budget ? p->examined + budget : 0;
    return list_in_order(st, scan, search_pass_row, p, err);
}

int store_list_sessions(struct store *st, const struct session_filter *filter,
                        store_session_fn fn, void *ctx, struct gu_error *err)
{
    if (!filter->search || !has_words(filter->search))
        return list_in_order(st, filter, fn, ctx, err);
    struct session_filter scan = *filter;
    scan.limit = 0; /* the limit counts sessions found, not read */
    long scan_rows = st->search_scan_rows ? st->search_scan_rows : SEARCH_SCAN_ROWS;
    struct search_pass p = {.filter = filter, .fn = fn, .ctx = ctx, .budget = scan_rows};
    if (session_matcher_init(&p.matcher, filter->search))
        return error_nomem(err);
    int status = list_in_order(st, &scan, search_pass_row, &p, err);
    /* Common words, found often among the newest: read on in order a while. */
    if (p.out_of_budget && p.listed * SEARCH_DENSE_RATIO >= p.examined)
        status = search_read_on(st, &scan, &p, scan_rows * SEARCH_DENSE, err);
    struct idset set = IDSET_INIT;
    bool has = false;
    if (p.out_of_budget) { /* rare: from the last session read on, only those of the sets */
        search_go_on(&scan, &p);
        status = session_candidates(st, filter->search, false, &set, &has, err);
    }
    if (!status && p.out_of_budget && (!has || set.count > search_sort_limit(st)) && !filter->deleted) {
        /* A page of a large set (or of every session), read in order within a budget; when its
         * sessions rarely match, the sets of the words left out narrow it. */
        if (has) {
            p.budget = p.examined + scan_rows * SEARCH_NARROW_BUDGET;
            p.out_of_budget = false;
            status = list_set_in_order(st, &scan, &set, search_pass_row, &p, err);
        } else
            status = search_read_on(st, &scan, &p, scan_rows * SEARCH_NARROW_BUDGET, err);
        if (p.out_of_budget) {
            search_go_on(&scan, &p);
            idset_free(&set);
            status = session_candidates(st, filter->search, true, &set, &has, err);
        }
    }
    if (!status && p.out_of_budget) {
        p.budget = 0;
        if (has && set.count <= search_sort_limit(st))
            status = list_set_sorted(st, &scan, &set, search_pass_row, &p, err);
        else if (has && !filter->deleted)
            status = list_set_in_order(st, &scan, &set, search_pass_row, &p, err);
        else /* no set, or the deleted sessions (few): every session, in order */
            status = search_read_on(st, &scan, &p, 0, err);
    }
    idset_free(&set);
    session_matcher_free(&p.matcher);
    return status == SEARCH_LIMIT_REACHED ? GU_OK : status;
}

void store_set_search_limits(struct store *st, long scan_rows, long sort_max, long set_max)
{
    store_word_sets_forget(st); /* read with the former limits */
    st->search_scan_rows = scan_rows;
    st->search_sort_max = sort_max;
    st->search_set_max = set_max;
}

/* Counts the sessions search_pass_row passes on. */
static int count_one(const struct help_session *s, void *ctx)
{
    (void)s;
    (*(long long *)ctx)++;
    return GU_OK;
}

int store_count_found_sessions(struct store *st, const struct session_filter *filter,
                               long long *count, bool *exact, struct gu_error *err)
{
    *count = 0;
    *exact = true;
    if (!filter->search || !has_words(filter->search))
        return store_count_listed_sessions(st, filter, count, err);
    struct session_filter whole = *filter;
    whole.after_at = NULL;
    whole.limit = 0;
    struct idset set;
    bool has;
    /* Counted when typing ends (the desk), not on each key: the words' sets are read. */
    int status = session_candidates(st, filter->search, true, &set, &has, err);
    if (!status && has && set.count <= search_sort_limit(st)) {
        struct search_pass p = {.filter = &whole, .fn = count_one, .ctx = count};
        if (session_matcher_init(&p.matcher, filter->search))
            status = error_nomem(err);
        else
            status = list_set_sorted(st, &whole, &set, search_pass_row, &p, err);
        session_matcher_free(&p.matcher);
    } else
        *exact = false; /* common words: counting would read every session */
    idset_free(&set);
    return status;
}
