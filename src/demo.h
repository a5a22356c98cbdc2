/* Realistic demonstration data, for trying guichet and for benchmarks. */
#ifndef GUICHET_DEMO_H
#define GUICHET_DEMO_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/* Called after each batch with how many sessions are stored so far. */
typedef void (*demo_progress_fn)(long done, long total, void *ctx);

/* Adds count help sessions over the three years up to today (desk days Tuesday to Saturday,
 * opening hours, three sites, six operators, themes and publics in plausible proportions),
 * with workshops in proportion (one for 25 sessions: bookings, waitlists, attendance, walk-ins,
 * a few cancelled, six to come) and referrals for most oriented sessions, their outcomes
 * recorded once past follow-up. The same seed gives the same data. Each batch of 10,000
 * sessions and what goes with them is one transaction. */
int demo_fill(struct store *st, long count, uint64_t seed, demo_progress_fn progress, void *ctx,
              struct gu_error *err);

#endif
