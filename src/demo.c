#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "partner.h"
#include "policy.h"
#include "session.h"
#include "vocab.h"
#include "workshop.h"

#define DEMO_BATCH 10000
#define DEMO_YEARS 3
/* Proportions of a médiathèque's year: a workshop for every 25 individual sessions, and a
 * referral for most oriented sessions. */
#define DEMO_SESSIONS_PER_WORKSHOP 25
#define DEMO_REFERRED_PERCENT 80

static const char *const demo_sites[] = {"Médiathèque centrale", "Médiathèque Jean-Jaurès",
                                         "Bibliothèque des Tilleuls"};
static const char *const demo_operators[] = {"Camille", "Karim", "Sophie",
                                             "Lucas", "Nadia", "Élodie"};
static const char *const demo_procedures[] = {
    "Déclaration de revenus", "Demande de RSA",     "Actualisation France Travail",
    "Carte grise",            "Attestation Ameli", "Demande de logement social"};

static const char *const demo_first_names[] = {
    "Jeanne", "Ahmed", "Monique", "Bernard", "Fatou", "Gérard", "Yvette", "Mohamed", "Simone",
    "Jacques", "Aïcha", "Roger", "Ginette", "Daniel", "Nathalie", "Mamadou", "Odile", "René",
    "Chantal", "Marcel"};
static const char *const demo_last_names[] = {
    "Martin", "Bernard", "Diallo", "Petit", "Moreau", "Lefèvre", "Benali", "Garnier", "Roux",
    "Fournier", "Nguyen", "Girard", "Mercier", "Traoré", "Lambert", "Bonnet", "François",
    "Legrand", "Gauthier", "Perrin"};
static const struct {
    const char *title;
    const char *theme;
} demo_workshops[] = {
    {"Premiers pas sur la tablette", "prendre_en_main_du_materiel"},
    {"Créer et gérer sa boîte mail", "email"},
    {"Démarches en ligne\u00a0: l’essentiel", "aide_aux_demarches_administratives"},
    {"Arnaques et sécurité sur Internet", "securite_numerique"},
    {"Ranger ses photos", "gere_ses_contenus_numeriques"},
    {"Visio avec ses proches", "reseaux_sociaux"},
    {"Mon espace santé et Ameli", "sante"},
    {"Chercher un emploi en ligne", "insertion_professionnelle"},
};

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

struct demo {
    struct store *st;
    uint64_t rng;
    long next_person; /* rotates through the pool of names */
    int64_t *people;  /* owned: each name's participant number once booked, as a desk finds
                       * them again; 0 before */
    long workshops_due; /* sessions seen since the last workshop, in DEMO_SESSIONS_PER_WORKSHOP */
    int64_t partners[32]; /* partners the policy sends people to */
    int categories[32];   /* and their orientation categories (VOCAB_NONE when none) */
    int npartners;
};

/* A workshop on day: booked from the pool of people, and when it is in the past, attended (or,
 * one time in twenty, cancelled before anyone booked). */
static int demo_add_workshop(struct demo *d, long day, bool past, struct gu_error *err)
{
    int kind = pick(&d->rng, (int)ARRAY_LEN(demo_workshops));
    int site = pick(&d->rng, (int)ARRAY_LEN(demo_sites));
    struct workshop w;
    workshop_init(&w);
    w.title = (char *)demo_workshops[kind].title;
    w.site_name = (char *)demo_sites[site];
    w.facilitator_name = (char *)demo_operators[site * 2 + pick(&d->rng, 2)];
    int theme = vocab_find(VOCAB_THEME, demo_workshops[kind].theme);
    w.themes = (vocab_set)1 << theme; /* the codes above are data/vocab.tsv's */
    date_from_days(day, &w.at.year, &w.at.month, &w.at.day);
    w.at.hour = pick(&d->rng, 2) ? 10 : 14;
    w.duration_min = pick(&d->rng, 2) ? 90 : 120;
    w.capacity = 8 + pick(&d->rng, 5);
    int64_t id;
    int status = store_add_workshops(d->st, &w, 1, 1, 0, &id, err);
    if (status || (past && pick(&d->rng, 20) == 0)) {
        int cancelled;
        return status ? status : store_cancel_workshop(d->st, id, false, 0, &cancelled, err);
    }
    int wanted = w.capacity - 3 + pick(&d->rng, 6); /* sometimes more than the seats */
    long pool = (long)(ARRAY_LEN(demo_first_names) * ARRAY_LEN(demo_last_names));
    struct person people[16];
    const char *states[16];
    char names[16][64], phones[16][20];
    int64_t ids[16];
    int walk_ins = pick(&d->rng, 3);
    for (int i = 0; i < wanted; i++) {
        long n = d->next_person + i;
        snprintf(names[i], sizeof names[i], "%s %s", demo_first_names[n % ARRAY_LEN(demo_first_names)],
                 demo_last_names[(n / (long)ARRAY_LEN(demo_first_names)) % (long)ARRAY_LEN(demo_last_names)]);
        snprintf(phones[i], sizeof phones[i], "06 %02ld %02ld %02ld %02ld", 10 + n % pool % 90,
                 n % pool / 90 + 10, 20 + n % pool % 70, 40 + n % pool % 50);
        people[i] = (struct person){.id = d->people[n % pool], .name = names[i], .phone = phones[i]};
        /* First come, first served: past the seats, on the waiting list. */
        states[i] = i >= w.capacity ? "waitlisted"
                    : !past         ? "booked"
                    : pick(&d->rng, 100) < 88 ? "attended" : "absent";
    }
    if (past) /* booked and attended in one write (store_book, store_take_attendance else) */
        status = store_add_held_registrations(d->st, id, people, states, (size_t)wanted, walk_ins,
                                              ids, err);
    for (int i = 0; !status && !past && i < wanted; i++) {
        struct booking b;
        status = store_book(d->st, id, &people[i], 0, &b, err);
        ids[i] = b.participant_id;
    }
    for (int i = 0; !status && i < wanted; i++)
        d->people[(d->next_person + i) % pool] = ids[i];
    d->next_person += wanted;
    return status;
}

/* A referral for an oriented session to the partner planned, at the session's time. Old ones
 * have an outcome, recorded with them. */
static int demo_add_referral(struct demo *d, const struct help_session *s, int64_t session_id,
                             int partner, long today, struct gu_error *err)
{
    struct referral r = {.session_id = session_id,
                         .partner_id = d->partners[partner],
                         .method = pick(&d->rng, (int)vocab_count(VOCAB_REFERRAL_METHOD)),
                         .status = vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre")};
    snprintf(r.referred_at, sizeof r.referred_at, "%04d-%02d-%02d %02d:%02d", s->at.year,
             s->at.month, s->at.day, s->at.hour, s->at.minute);
    long day = date_to_days(s->at.year, s->at.month, s->at.day);
    int y, m, dd;
    date_from_days(day + REFERRAL_FOLLOW_UP_DAYS, &y, &m, &dd);
    snprintf(r.follow_up_on, sizeof r.follow_up_on, "%04d-%02d-%02d", y, m, dd);
    if (today - day > REFERRAL_EXPIRY_DAYS) {
        int roll = pick(&d->rng, 100);
        r.status = vocab_find(VOCAB_REFERRAL_STATUS,
                              roll < 55 ? "abouti" : roll < 85 ? "sans_suite" : "refuse");
    }
    int64_t id;
    return store_add_referral(d->st, &r, 0, &id, err);
}

/* Workshops and referrals in proportion to the n sessions just stored, in their batch;
 * referred[i] is the partner planned for batch[i] (-1: none). */
static int demo_add_around(struct demo *d, const struct help_session *batch, const int64_t *ids,
                           const int *referred, long n, long today, struct gu_error *err)
{
    int status = GU_OK;
    for (long i = 0; !status && i < n; i++) {
        const struct help_session *s = &batch[i];
        if (++d->workshops_due >= DEMO_SESSIONS_PER_WORKSHOP) {
            d->workshops_due = 0;
            status = demo_add_workshop(d, date_to_days(s->at.year, s->at.month, s->at.day), true,
                                       err);
        }
        if (!status && referred[i] >= 0)
            status = demo_add_referral(d, s, ids[i], referred[i], today, err);
    }
    return status;
}

static int demo_partner_category(const struct partner *p, void *ctx)
{
    const char *code = p->field[PARTNER_CATEGORY];
    *(int *)ctx = code && *code ? vocab_find(VOCAB_ORIENTATION, code) : VOCAB_NONE;
    return GU_OK;
}

/* The partners the policy sends people to, for plausible referrals, with their categories. */
static int demo_load_partners(struct demo *d, struct gu_error *err)
{
    struct policy policy;
    int status = policy_load(d->st, &policy, err);
    for (size_t i = 0; !status && i < policy.n && d->npartners < (int)ARRAY_LEN(d->partners); i++) {
        int64_t p = policy.kinds[i].partner_id;
        bool seen = false;
        for (int j = 0; j < d->npartners; j++)
            seen = seen || d->partners[j] == p;
        if (p && !seen) {
            d->categories[d->npartners] = VOCAB_NONE;
            status = store_get_partner(d->st, p, demo_partner_category,
                                       &d->categories[d->npartners], err);
            d->partners[d->npartners++] = p;
        }
    }
    policy_free(&policy);
    return status;
}

/* Chooses now whether session s will be referred, and to whom (-1: not referred). A referral
 * sets the session's orientation to its partner's category (store_add_referral): the session
 * is written with it already, so that the referral moves none of its counts. */
static int demo_plan_referral(struct demo *d, struct help_session *s)
{
    if (!s->oriented || !d->npartners || pick(&d->rng, 100) >= DEMO_REFERRED_PERCENT)
        return -1;
    int partner = pick(&d->rng, d->npartners);
    if (d->categories[partner] != VOCAB_NONE)
        s->orientation = d->categories[partner];
    return partner;
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
    int64_t *ids = malloc(sizeof *ids * DEMO_BATCH);
    int *referred = malloc(sizeof *referred * DEMO_BATCH);
    if (!days || !batch || !ids || !referred) {
        free(days);
        free(batch);
        free(ids);
        free(referred);
        return error_nomem(err);
    }
    for (long d = first; d <= last; d++) {
        int y, m, dd;
        date_from_days(d, &y, &m, &dd);
        if (date_weekday(y, m, dd) >= 1 && date_weekday(y, m, dd) <= 5)
            days[ndays++] = d;
    }
    struct demo d = {.st = st, .rng = seed,
                     .people = calloc(ARRAY_LEN(demo_first_names) * ARRAY_LEN(demo_last_names),
                                      sizeof *d.people)};
    int status = d.people ? demo_load_partners(&d, err) : error_nomem(err);
    long today = last + 1;
    for (long done = 0; !status && done < count;) {
        long n = count - done < DEMO_BATCH ? count - done : DEMO_BATCH;
        for (long i = 0; i < n; i++) { /* spread evenly over the days, in time order */
            demo_make_session(&d.rng, days[(long)((double)(done + i) * (double)ndays / (double)count)],
                              &batch[i]);
            referred[i] = demo_plan_referral(&d, &batch[i]);
        }
        /* One transaction for the sessions and what comes with them. */
        status = store_batch_begin(st, err);
        if (!status)
            status = store_add_sessions(st, batch, (size_t)n, ids, err);
        if (!status)
            status = demo_add_around(&d, batch, ids, referred, n, today, err);
        status = store_batch_end(st, status, err);
        done += n;
        if (!status && progress)
            progress(done, count, ctx);
    }
    /* A few workshops to come, with their bookings, to try the desk on. */
    if (!status)
        status = store_batch_begin(st, err);
    for (int i = 0; i < 6 && count >= DEMO_SESSIONS_PER_WORKSHOP && !status; i++)
        status = demo_add_workshop(&d, today + 1 + i * 3, false, err);
    if (count >= DEMO_SESSIONS_PER_WORKSHOP || status)
        status = store_batch_end(st, status, err);
    free(days);
    free(batch);
    free(ids);
    free(referred);
    free(d.people);
    return status;
}
