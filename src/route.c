#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define MAX_WORDS 32

/* Words too common to tell requests apart. */
static bool is_stopword(const char *w)
{
    static const char *const stop[] = {"le", "la", "les", "l", "de", "du", "des", "d", "un",
                                       "une", "pour", "mon", "ma", "mes", "je", "j", "a", "au",
                                       "aux", "et", "ou", "en", "sur", "me", "m", "il", "elle",
                                       "faire", "avec", "son", "sa", "ses", "est", "veux", "dois"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (!strcmp(w, stop[i]))
            return true;
    return false;
}

/* The words of what a person says that tell requests apart: the desk's one search cuts them
 * (text_search: folded, letters and digits, any punctuation separating), every piece of "e-mail"
 * a word and its joined form "email" one more, then stopwords are left out. words point into
 * *pieces and *terms, which the caller releases with text_search_free. */
static int route_query_words(struct text_search *pieces, struct text_search *terms,
                             const char *text, const char **words)
{
    int n = 0;
    if (text_search_compile_pieces(pieces, text) || text_search_compile(terms, text))
        return 0;
    for (size_t i = 0; i < pieces->n && n < MAX_WORDS; i++)
        if (!is_stopword(pieces->words[i]))
            words[n++] = pieces->words[i];
    for (size_t i = 0; i < terms->n && n < MAX_WORDS; i++)
        if (terms->joined[i])
            words[n++] = terms->joined[i];
    return n;
}

bool route_one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 1 || lb > la + 1)
        return false;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (i == la && i == lb)
        return true;
    if (la == lb) {
        if (!strcmp(a + i + 1, b + i + 1)) /* substitution */
            return true;
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && !strcmp(a + i + 2, b + i + 2);
    }
    return la > lb ? !strcmp(a + i + 1, b + i) : !strcmp(a + i, b + i + 1);
}

/* How well a query word stands for a phrase word: 1 exact, 0.8 prefix, 0.7 one typo, 0 none. */
static double word_match(const char *query_word, const char *word)
{
    size_t lq = strlen(query_word), lw = strlen(word);
    if (!strcmp(query_word, word))
        return 1.0;
    if (lq >= 4 && lq < lw && !strncmp(query_word, word, lq))
        return 0.8;
    if (lq >= 5 && lw >= 5 && route_one_edit(query_word, word))
        return 0.7;
    return 0.0;
}

/* The best match of word among the query's words, weighed: longer words say more ("prime
 * d'activité" outweighs "css"). */
static double best_match(const char **query, int nq, const char *word)
{
    double best = 0.0;
    for (int j = 0; j < nq; j++) {
        double m = word_match(query[j], word);
        if (m > best)
            best = m;
    }
    return best * (strlen(word) >= 4 ? 2.0 : 1.0);
}

/* The score of one phrase: every one of its words must be matched by some query word; words
 * joined by a hyphen or an apostrophe ("e-mail") by their pieces or by their joined form
 * ("email"), whichever scores more. -1 when a word is not matched, 0 when none counts. */
static double phrase_score(const char **query, int nq, const char *phrase)
{
    struct text_search terms;
    if (text_search_compile(&terms, phrase))
        return 0.0;
    double score = 0.0;
    bool counted = false;
    for (size_t t = 0; t < terms.n && t < MAX_WORDS && score >= 0; t++) {
        double pieces = 0.0, joined = 0.0;
        bool all = true, any = false;
        for (const char *p = terms.words[t]; *p && all;) {
            size_t len = strcspn(p, "-'");
            char *piece = len ? strndup(p, len) : NULL;
            if (piece && !is_stopword(piece)) {
                double m = best_match(query, nq, piece);
                all = m > 0;
                pieces += m;
                any = true;
            }
            free(piece);
            p += len + (p[len] != '\0');
        }
        if (terms.joined[t])
            joined = best_match(query, nq, terms.joined[t]);
        if (!any && !joined)
            continue; /* stopwords only */
        counted = true;
        double best = all && any && pieces > joined ? pieces : joined;
        score = best > 0 ? score + best : -1.0;
    }
    text_search_free(&terms);
    return counted && score > 0 ? score : 0.0;
}

double route_score(const char *query, const char *phrases, const char *label)
{
    struct text_search pieces, terms;
    const char *words[MAX_WORDS];
    int nq = route_query_words(&pieces, &terms, query, words);
    double best = 0.0, others = 0.0;
    if (nq) {
        /* The label is one more phrase. */
        size_t len = strlen(phrases) + strlen(label ? label : "") + 2;
        char *all = malloc(len);
        if (all) {
            snprintf(all, len, "%s,%s", phrases, label ? label : "");
            char *save = NULL;
            for (char *p = strtok_r(all, ",;", &save); p; p = strtok_r(NULL, ",;", &save)) {
                double s = phrase_score(words, nq, p);
                if (s > best) {
                    others += best;
                    best = s;
                } else
                    others += s;
            }
            free(all);
        }
    }
    text_search_free(&pieces);
    text_search_free(&terms);
    return best > 0 ? best + others * 0.1 : 0.0;
}
