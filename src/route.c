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

/* The words of text that tell requests apart: the desk's one search cuts them (text_search:
 * folded, letters and digits, any punctuation separating, pieces of "e-mail" each a word),
 * then stopwords are left out. words
 * point into *s, which the caller releases with text_search_free. */
static int route_words(struct text_search *s, const char *text, const char **words)
{
    int n = 0;
    if (text_search_compile_pieces(s, text))
        return 0;
    for (size_t i = 0; i < s->n && n < MAX_WORDS; i++)
        if (!is_stopword(s->words[i]))
            words[n++] = s->words[i];
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

/* The score of one phrase: every one of its words must be matched by some query word. */
static double phrase_score(const char **query, int nq, const char *phrase)
{
    struct text_search search;
    const char *words[MAX_WORDS];
    int nw = route_words(&search, phrase, words);
    double score = nw ? 0.0 : -1.0;
    for (int i = 0; i < nw && score >= 0; i++) {
        double best = 0.0;
        for (int j = 0; j < nq; j++) {
            double m = word_match(query[j], words[i]);
            if (m > best)
                best = m;
        }
        /* Longer words say more: "prime d'activité" outweighs "css". */
        score = best > 0 ? score + best * (strlen(words[i]) >= 4 ? 2.0 : 1.0) : -1.0;
    }
    text_search_free(&search);
    return score > 0 ? score : 0.0;
}

double route_score(const char *query, const char *phrases, const char *label)
{
    struct text_search search;
    const char *words[MAX_WORDS];
    int nq = route_words(&search, query, words);
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
    text_search_free(&search);
    return best > 0 ? best + others * 0.1 : 0.0;
}
