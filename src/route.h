/* Routing: which request kinds of the library's policy match what a person says. Matching is
 * done on folded words (no case, no accents), in any order, and forgives one typo in longer
 * words, so that "pole emploi", "Pôle-Emploi" and "emploi pole" all find France Travail; words
 * joined by a hyphen or an apostrophe match by their pieces or as one word ("email", "e-mail"). */
#ifndef GUICHET_ROUTE_H
#define GUICHET_ROUTE_H

#include <stdbool.h>

/* How well query matches a request kind described by its comma-separated phrases and its label:
 * 0 for no match, higher is better. The best phrase counts most (its words weigh by length and
 * exactness); the others add a little, so that "rsa caf" ranks the CAF first. */
double route_score(const char *query, const char *phrases, const char *label);

/* True when word a is within one edit (insertion, deletion, substitution or swap) of b. */
bool route_one_edit(const char *a, const char *b);

#endif
