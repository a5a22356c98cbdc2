/* The counts a batch of new sessions adds to the reports' tallies, summed in memory.
 *
 * A session counts once in each of its facts, as the view session_facts defines them
 * (data/migrations/020_desk_keys.sql): the total, place, autonomy, age, status, gender,
 * oriented, orientation (when oriented), duration bucket, exact duration in minutes, already
 * helped, commune, and each
 * theme, démarche and device. store_add_sessions writes many sessions with the triggers off and
 * adds these sums once per key, per day and per month, instead of a dozen trigger writes per
 * session; `guichet check` compares the tallies with the view, and the tests run it after
 * every kind of write, so that the two definitions cannot drift apart unseen. */
#ifndef GUICHET_TALLY_H
#define GUICHET_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* One key of session_tally (per day: "YYYY-MM-DD") or session_tally_month ("YYYY-MM"). */
struct tally_entry {
    const char *dim;  /* static */
    char period[11];
    int64_t site_id, operator_id; /* 0 when none */
    char *code;       /* owned */
    long sessions, minutes;
};

struct tally {
    struct tally_entry *entries; /* owned, in the order first seen */
    size_t n, cap;
    size_t *slots;               /* owned: open addressing, index + 1, 0 when free */
    size_t nslots;
    size_t period_len;           /* 10 per day, 7 per month */
};

/* An empty tally keyed per day (period_len 10) or per month (7). */
void tally_init(struct tally *t, size_t period_len);
/* Adds the facts of session s, stored with these site and operator numbers (0: none). GU_OK,
 * or GU_FAILURE out of memory (err set; the tally is then only partly summed). */
int tally_add_session(struct tally *t, const struct help_session *s, int64_t site_id,
                      int64_t operator_id, struct gu_error *err);
/* Adds the counts of entry e under its key with the period cut to t's length. */
int tally_add_entry(struct tally *t, const struct tally_entry *e, struct gu_error *err);
/* Sorts the entries in the order of the tables' primary key (dim, period, site, operator,
 * code), so that writing them walks the table's B-tree forward rather than seeking at random.
 * The table of slots is dropped: nothing can be added afterwards. */
void tally_sort(struct tally *t);
/* Frees what t owns and empties it. */
void tally_free(struct tally *t);

#endif
