/* Workshops (ateliers numériques): the record, its rules, and what booking and cancelling
 * report back to the desk. */
#ifndef GUICHET_WORKSHOP_H
#define GUICHET_WORKSHOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "person.h"
#include "vocab.h"

#define WORKSHOP_TITLE_MAX 120
#define WORKSHOP_DESCRIPTION_MAX 1000
#define WORKSHOP_ROOM_MAX 60
#define WORKSHOP_CAPACITY_MAX 500
#define WORKSHOP_SERIES_MAX 52

struct workshop {
    int64_t id;      /* 0 until stored */
    char *uid;       /* owned; stable iCalendar UID, set by the store */
    int sequence;    /* iCalendar SEQUENCE */
    int64_t series_id;
    char *title;     /* owned */
    char *description;
    char *room;
    char *site_name;
    char *facilitator_name;
    vocab_set themes;
    int level;       /* VOCAB_NONE when not given */
    struct gu_datetime at;
    int duration_min;
    int capacity;
    int status;      /* index in VOCAB_WORKSHOP_STATUS */
    int walk_ins;
    char updated_at[21]; /* UTC, for LAST-MODIFIED */
    /* Counts by registration state, filled by listings. */
    int booked, waitlisted, attended, absent, excused;
};

void workshop_init(struct workshop *w);
/* Frees the strings w owns and resets it. */
void workshop_clear(struct workshop *w);
int workshop_copy(struct workshop *dst, const struct workshop *src, struct gu_error *err);

/* The rules of a new or edited workshop: a title, a duration of 1 to 1440 minutes, a capacity
 * of 0 to 500, a real date; a new one (is_new) cannot start in the past. */
int workshop_validate(const struct workshop *w, bool is_new, struct gu_error *err);

/* Index of a status code ("planned"…) in VOCAB_WORKSHOP_STATUS. */
int workshop_status(const char *code);

/* The seats every view shows as "taken / capacity": the people booked while the workshop is
 * planned (or cancelled), the people who came once it is held (walk-ins are counted apart, in
 * w->walk_ins). The one rule for the workshop screen, the lists, home and the command line. */
int workshop_seats_taken(const struct workshop *w);
/* Free seats: the capacity less the seats taken, never below 0. */
int workshop_seats_free(const struct workshop *w);
/* "10 / 12": workshop_seats_taken over the capacity, into buf. */
void workshop_format_seats(const struct workshop *w, char *buf, size_t size);

/* What a registrant must be told about their workshop (registration.notice): nothing; that it was
 * cancelled (not told yet); told of the cancellation; reopened since they were told (to tell). */
enum registration_notice { NOTICE_NONE, NOTICE_CANCELLED, NOTICE_TOLD, NOTICE_REOPENED };
/* The notice stored as code ("cancelled"…; NULL or unknown: NOTICE_NONE). */
enum registration_notice workshop_notice(const char *code);
/* What the call list says of a notice, translated: "cancelled: to tell", "reopened: to tell";
 * "" for NOTICE_NONE (a reminder) and NOTICE_TOLD. */
const char *workshop_notice_label(enum registration_notice notice);
/* The code kept in files (CSV, JSON): "cancelled", "reopened", "" for a reminder. */
const char *workshop_notice_code(enum registration_notice notice);

struct booking {
    int64_t registration_id;
    int64_t participant_id;
    bool waitlisted;
    int position; /* on the waitlist, from 1 */
};

/* Whom to call after a cancellation freed a seat. When promoted, name, phone and email are
 * owned strings ("" when not known), freed by promotion_clear; all NULL otherwise. */
struct promotion {
    bool promoted;
    int64_t registration_id;
    char *name;
    char *phone;
    char *email;
};

/* Frees p's strings and marks it as promoting nobody. */
void promotion_clear(struct promotion *p);

#endif
