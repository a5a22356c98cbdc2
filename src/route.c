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

/* Splits folded text into words (letters and digits; other bytes separate). words point into
 * buf, which the caller provides and which is modified. */
static int split_words(char *buf, char **words)
{
    int n = 0;
    for (char *p = buf; *p && n < MAX_WORDS;) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
            p++;
        if (!*p)
            break;
        char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
            p++;
        if (*p)
            *p++ = '\0';
        if (!is_stopword(start))
            words[n++] = start;
    }
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
static double phrase_score(char **query, int nq, const char *phrase)
{
    char *folded = text_fold(phrase);
    if (!folded)
        return 0.0;
    char *words[MAX_WORDS];
    int nw = split_words(folded, words);
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
    free(folded);
    return score > 0 ? score : 0.0;
}

double route_score(const char *query, const char *phrases, const char *label)
{
    char *q = text_fold(query);
    if (!q)
        return 0.0;
    char *words[MAX_WORDS];
    int nq = split_words(q, words);
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
    free(q);
    return best > 0 ? best + others * 0.1 : 0.0;
}
