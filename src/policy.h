/* The library's routing policy held in memory: owned copies of its request kinds, ranked
 * against what a person says (route.h) as the desk types, and checked before they are saved. */
#ifndef GUICHET_POLICY_H
#define GUICHET_POLICY_H

#include <stddef.h>

#include "error.h"
#include "partner.h"
#include "store.h"

/* The longest text of a line of the policy (its words, answer, what to bring, note), in
 * characters. */
#define POLICY_TEXT_MAX 1000

struct policy {
    struct request_kind *kinds; /* owned, with owned strings */
    size_t n;
};

/* Loads the policy from st into *out (release with policy_free). */
int policy_load(struct store *st, struct policy *out, struct gu_error *err);
void policy_free(struct policy *p);

struct policy_match {
    double score;
    const struct request_kind *kind; /* borrowed from the policy */
};
/* The kinds matching query, best first, at most max of them written to out; returns how many. */
size_t policy_rank(const struct policy *p, const char *query, struct policy_match *out,
                   size_t max);

/* Checks a kind before saving: a code of lowercase letters, digits and '_'; a label; a known
 * answer and theme; a partner for requests sent elsewhere. The message names the field. */
int policy_validate_kind(const struct request_kind *k, struct gu_error *err);

/* Copies k's strings into *dst (release with policy_kind_free). */
int policy_kind_copy(struct request_kind *dst, const struct request_kind *k,
                     struct gu_error *err);
void policy_kind_free(struct request_kind *k);

#endif
