#include "demo.h"

#include <stdlib.h>

#include "date.h"
#include "session.h"
#include "vocab.h"

#define DEMO_BATCH 10000
#define DEMO_YEARS 3

static const char *const demo_sites[] = {"Médiathèque centrale", "Médiathèque Jean-Jaurès",
                                         "Bibliothèque des Tilleuls"};
static const char *const demo_operators[] = {"Camille", "Karim", "Sophie",
                                             "Lucas", "Nadia", "Élodie"};
static const char *const demo_procedures[] = {
    "Déclaration de revenus", "Demande de RSA",     "Actualisation France Travail",
    "Carte grise",            "Attestation Ameli", "Demande de logement social"};

/* splitmix64: small, fast and good enough for plausible data. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int pick(uint64_t *rng, int n)
{
    return (int)(next_random(rng) % (uint64_t)n);
}

/* Index drawn from weights[0..n). */
static int pick_weighted(uint64_t *rng, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    int r = pick(rng, total);
    for (int i = 0; i < n; i++) {
        if (r < weights[i])
            return i;
        r -= weights[i];
    }
    return n - 1;
}

/* An optional single value: absent with probability (100 - percent) %. */
static int pick_optional(uint64_t *rng, enum vocab_kind kind, int percent)
{
    return pick(rng, 100) < percent ? pick(rng, (int)vocab_count(kind)) : VOCAB_NONE;
}

static void demo_make_session(uint64_t *rng, long day, struct help_session *s)
{
    /* Weights follow the order of data/vocab.tsv themes: e-mail, devices and procedures lead. */
    static const int theme_weights[] = {3, 14, 4, 6, 10, 16, 6, 4, 7, 4, 1, 8, 5, 1, 2, 1, 2, 2, 18};
    static const int duration_weights[] = {35, 30, 12, 13, 6, 4};
    session_init(s);
    date_from_days(day, &s->at.year, &s->at.month, &s->at.day);
    int slot = pick(rng, 34); /* quarter hours from 10:00 to 18:15 */
    s->at.hour = 10 + slot / 4;
    s->at.minute = (slot % 4) * 15;
    s->duration_min = session_duration_presets[pick_weighted(rng, duration_weights, 6)];
    int nthemes = pick(rng, 100) < 70 ? 1 : pick(rng, 100) < 83 ? 2 : 3;
    for (int i = 0; i < nthemes; i++)
        s->themes |= (vocab_set)1 << pick_weighted(rng, theme_weights, (int)ARRAY_LEN(theme_weights));
    if (s->themes & ((vocab_set)1 << vocab_theme_demarches())) {
        s->demarches = (vocab_set)1 << pick(rng, (int)vocab_count(VOCAB_DEMARCHE));
        if (pick(rng, 100) < 30)
            s->procedure = (char *)demo_procedures[pick(rng, (int)ARRAY_LEN(demo_procedures))];
    }
    if (pick(rng, 100) < 8)
        s->place = pick(rng, (int)vocab_count(VOCAB_PLACE));
    if (pick(rng, 100) < 70)
        s->materials = (vocab_set)1 << pick(rng, (int)vocab_count(VOCAB_MATERIAL));
    s->autonomy = pick_optional(rng, VOCAB_AUTONOMY, 50);
    s->age = pick_optional(rng, VOCAB_AGE, 60);
    s->status = pick_optional(rng, VOCAB_STATUS, 50);
    s->gender = pick_optional(rng, VOCAB_GENDER, 60);
    if (pick(rng, 100) < 12) {
        s->oriented = true;
        s->orientation = pick(rng, (int)vocab_count(VOCAB_ORIENTATION));
    }
    int site = pick(rng, (int)ARRAY_LEN(demo_sites));
    s->site_name = (char *)demo_sites[site];
    s->operator_name = (char *)demo_operators[site * 2 + pick(rng, 2)];
}

int demo_fill(struct store *st, long count, uint64_t seed, demo_progress_fn progress, void *ctx,
              struct gu_error *err)
{
    struct gu_datetime now = clock_now();
    long last = date_to_days(now.year, now.month, now.day) - 1; /* up to yesterday: never future */
    long first = date_to_days(now.year - DEMO_YEARS, now.month, 1);
    /* Desk days only: Tuesday to Saturday. */
    long ndays = 0;
    long *days = malloc(sizeof *days * (size_t)(last - first + 1));
    struct help_session *batch = malloc(sizeof *batch * DEMO_BATCH);
    if (!days || !batch) {
        free(days);
        free(batch);
        return error_nomem(err);
    }
    for (long d = first; d <= last; d++) {
        int y, m, dd;
        date_from_days(d, &y, &m, &dd);
        if (date_weekday(y, m, dd) >= 1 && date_weekday(y, m, dd) <= 5)
            days[ndays++] = d;
    }
    uint64_t rng = seed;
    int status = GU_OK;
    for (long done = 0; !status && done < count;) {
        long n = count - done < DEMO_BATCH ? count - done : DEMO_BATCH;
        for (long i = 0; i < n; i++) /* spread evenly over the days, in time order */
            demo_make_session(&rng, days[(long)((double)(done + i) * (double)ndays / (double)count)],
                              &batch[i]);
        status = store_add_sessions(st, batch, (size_t)n, NULL, err);
        done += n;
        if (!status && progress)
            progress(done, count, ctx);
    }
    free(days);
    free(batch);
    return status;
}
