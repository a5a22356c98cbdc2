/* One-to-one help by appointment: a person's appointment with an operator at a site, its
 * statuses, its checks, and the free slots of an operator (issue 20). No storage here: the store
 * reads and writes appointments (store.h), this file decides. */
#ifndef GUICHET_APPOINTMENT_H
#define GUICHET_APPOINTMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "hours.h"

#define APPOINTMENT_NOTE_MAX 280
/* What to bring: as long as the policy line's it is copied from (POLICY_TEXT_MAX). */
#define APPOINTMENT_BRING_MAX 1000
/* How far the next free slot is looked for, and the step between the starts tried. */
#define APPOINTMENT_SEARCH_DAYS 60
#define APPOINTMENT_STEP_MIN 15
/* How far ahead an appointment is booked: a year (calendars and time zones beyond that are
 * guesses, and a typo of the year would hold a slot for good). */
#define APPOINTMENT_AHEAD_DAYS 366

enum appointment_status {
    APPOINTMENT_PLANNED, APPOINTMENT_DONE, APPOINTMENT_MISSED, APPOINTMENT_CANCELLED,
    APPOINTMENT_STATUS_COUNT
};

/* The stored code of s ("planned", "done", "missed", "cancelled"). */
const char *appointment_status_code(enum appointment_status s);
/* The status of a stored code; false when code is none of them. */
bool appointment_status_parse(const char *code, enum appointment_status *out);
/* What s is called for people, translated ("kept", "missed"…). */
const char *appointment_status_label(enum appointment_status s);

/* Whether an appointment at at can be kept now: from its day on (a person may come early that
 * day; another day, it is moved first). */
bool appointment_keepable(const struct gu_datetime *at, const struct gu_datetime *now);

/* An appointment as the store reads it; the strings owned (appointment_clear). */
struct appointment {
    int64_t id;
    struct gu_datetime at;
    int duration_min;
    int64_t site_id, operator_id, participant_id, request_kind_id, session_id; /* 0: none */
    char *site_name, *operator_name;        /* NULL: none */
    char *person_name, *phone, *email;      /* the person's, NULL once erased */
    char *request_code, *request_label;     /* the policy's line, NULL: none */
    char *bring, *note;
    enum appointment_status status;
    int sequence; /* iCalendar SEQUENCE: raised at each change */
};
void appointment_clear(struct appointment *a);

/* A time an operator is taken, in minutes since 1970-01-01 UTC: spans at sites of different
 * zones, or across a change of the clocks, compare as the instants they are. */
struct busy_span {
    long long start, end; /* [start, end) */
    int64_t appointment;  /* the appointment that takes it (0: a workshop) */
    struct gu_datetime at; /* its start at its own site's clock */
};
/* Minutes since the epoch day of a local date and time (wall-clock arithmetic). */
long long appointment_minutes(const struct gu_datetime *at);
/* The instant of the wall-clock time at in zone, in minutes since 1970-01-01 UTC; false when
 * that time does not exist there (skipped when the clocks go forward) or the zone is unknown. */
bool appointment_instant(const char *zone, const struct gu_datetime *at, long long *minutes);

/* Whether an appointment of duration minutes at the wall-clock time at, in zone, fits: the time
 * exists there, no span of busy[0..n) overlaps it, and hours (NULL: every hour) does not have
 * the site closed at any moment of it. */
bool appointment_fits(const struct hours *hours, enum hours_region region, const char *zone,
                      const struct busy_span *busy, size_t n, const struct gu_datetime *at,
                      int duration);
/* The first start from from on (from itself, then every APPOINTMENT_STEP_MIN minutes from the
 * next quarter hour) where appointment_fits, within APPOINTMENT_SEARCH_DAYS days; false when
 * none. */
bool appointment_next_free(const struct hours *hours, enum hours_region region, const char *zone,
                           const struct busy_span *busy, size_t n, const struct gu_datetime *from,
                           int duration, struct gu_datetime *out);

/* The slots a desk offers: without opening hours that say (none given, "sur rendez-vous"),
 * the starts of a usual working day, Monday to Saturday. */
#define APPOINTMENT_DAY_FIRST_MIN (9 * 60)
#define APPOINTMENT_DAY_LAST_MIN (18 * 60)
#define APPOINTMENT_DAY_SLOTS (24 * 60 / APPOINTMENT_STEP_MIN)

/* The starts offered on day (its date; the time ignored) for an appointment of duration: each
 * quarter hour, not before not_before (NULL: any), where appointment_fits and the site is open
 * at its start by its hours (without hours that tell, within the usual working day, ending by
 * its close). Writes them in order to out (APPOINTMENT_DAY_SLOTS of room) and returns how many. */
size_t appointment_day_starts(const struct hours *hours, enum hours_region region,
                              const char *zone, const struct busy_span *busy, size_t n,
                              const struct gu_datetime *day, int duration,
                              const struct gu_datetime *not_before, struct gu_datetime *out);

/* A time free for an appointment: from its first start to the end of its last one. */
struct free_period {
    struct gu_datetime from, until;
};
/* Joins starts[0..n) (in order, wall-clock times in zone) whose appointments of duration
 * follow or overlap in time into periods, each ending when its last appointment really ends
 * (across a change of the clocks, or midnight), written to out (n of room); returns how many. */
size_t appointment_free_periods(const char *zone, const struct gu_datetime *starts, size_t n,
                                int duration, struct free_period *out);

#endif
