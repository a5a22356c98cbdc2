/* Appointments: statuses and the free slots of an operator (appointment.h). */
#include "appointment.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const status_codes[APPOINTMENT_STATUS_COUNT] = {
    [APPOINTMENT_PLANNED] = "planned", [APPOINTMENT_DONE] = "done",
    [APPOINTMENT_MISSED] = "missed",   [APPOINTMENT_CANCELLED] = "cancelled",
};

const char *appointment_status_code(enum appointment_status s)
{
    return s < APPOINTMENT_STATUS_COUNT ? status_codes[s] : "";
}

bool appointment_status_parse(const char *code, enum appointment_status *out)
{
    for (int s = 0; code && s < APPOINTMENT_STATUS_COUNT; s++)
        if (!strcmp(code, status_codes[s])) {
            *out = (enum appointment_status)s;
            return true;
        }
    return false;
}

const char *appointment_status_label(enum appointment_status s)
{
    switch (s) {
    case APPOINTMENT_PLANNED: return _("planned");
    case APPOINTMENT_DONE: return _("kept");
    case APPOINTMENT_MISSED: return _("missed");
    case APPOINTMENT_CANCELLED: return _("cancelled");
    default: return "";
    }
}

bool appointment_keepable(const struct gu_datetime *at, const struct gu_datetime *now)
{
    return datetime_same_day(at, now) || datetime_compare(at, now) <= 0;
}

void appointment_clear(struct appointment *a)
{
    char **texts[] = {&a->site_name, &a->operator_name, &a->person_name, &a->phone, &a->email,
                      &a->request_code, &a->request_label, &a->bring, &a->note};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        free(*texts[i]);
        *texts[i] = NULL;
    }
}

long long appointment_minutes(const struct gu_datetime *at)
{
    return (long long)date_to_days(at->year, at->month, at->day) * 1440 + at->hour * 60 +
           at->minute;
}

/* The local date and time minutes stands for. */
static struct gu_datetime from_minutes(long long minutes)
{
    struct gu_datetime at = {0};
    long days = (long)(minutes / 1440);
    int rest = (int)(minutes % 1440);
    date_from_days(days, &at.year, &at.month, &at.day);
    at.hour = rest / 60;
    at.minute = rest % 60;
    return at;
}

/* Not closed at any moment from at to end (wall-clock times at the site): open, or unknown
 * (hours "sur rendez-vous", an open end: guichet cannot tell, the desk can), at its start and
 * at each change before its end. */
static bool open_throughout(const struct hours *hours, enum hours_region region,
                            const struct gu_datetime *at, const struct gu_datetime *end)
{
    if (!hours)
        return true;
    long long until = appointment_minutes(end);
    long days = 1 + (long)((until - appointment_minutes(at)) / 1440);
    struct gu_datetime t = *at;
    for (int changes = 0; changes < 64; changes++) {
        if (hours_state_at(hours, region, &t, NULL) == HOURS_CLOSED)
            return false;
        struct gu_datetime next;
        if (!hours_next_change(hours, region, &t, (int)days, &next) ||
            appointment_minutes(&next) >= until)
            return true;
        t = next;
    }
    return true;
}

/* The wall-clock time at the site when an appointment from at (which exists there) ends:
 * duration real minutes later, across a change of the clocks too (an hour from 01:30 the
 * night they go forward ends at 03:30). */
static bool end_at(const char *zone, const struct gu_datetime *at, int duration,
                   struct gu_datetime *end)
{
    long long start;
    return appointment_instant(zone, at, &start) &&
           date_from_instant(zone, (start + duration) * 60, end);
}

bool appointment_instant(const char *zone, const struct gu_datetime *at, long long *minutes)
{
    long long t;
    struct gu_datetime back;
    if (!date_to_instant(zone, at, &t) || !date_from_instant(zone, t, &back) ||
        datetime_compare(&back, at) != 0)
        return false;
    *minutes = t / 60;
    return true;
}

bool appointment_fits(const struct hours *hours, enum hours_region region, const char *zone,
                      const struct busy_span *busy, size_t n, const struct gu_datetime *at,
                      int duration)
{
    long long start;
    struct gu_datetime until;
    if (!appointment_instant(zone, at, &start) || !end_at(zone, at, duration, &until))
        return false;
    long long end = start + duration;
    for (size_t i = 0; i < n; i++)
        if (busy[i].start < end && start < busy[i].end)
            return false;
    return open_throughout(hours, region, at, &until);
}

bool appointment_next_free(const struct hours *hours, enum hours_region region, const char *zone,
                           const struct busy_span *busy, size_t n, const struct gu_datetime *from,
                           int duration, struct gu_datetime *out)
{
    long long start = appointment_minutes(from);
    long long last = start + (long long)APPOINTMENT_SEARCH_DAYS * 1440;
    /* from itself, then the quarter hours after it */
    for (long long t = start; t <= last;
         t = t == start ? (start / APPOINTMENT_STEP_MIN + 1) * APPOINTMENT_STEP_MIN
                        : t + APPOINTMENT_STEP_MIN) {
        struct gu_datetime at = from_minutes(t);
        if (appointment_fits(hours, region, zone, busy, n, &at, duration)) {
            *out = at;
            return true;
        }
    }
    return false;
}

/* Offered by the site's hours at start: open then by them; when they cannot tell (none, "sur
 * rendez-vous"), within the usual working day, Monday to Saturday, ending by its close (the
 * end a wall-clock time at the site). */
static bool offered_by_hours(const struct hours *hours, enum hours_region region,
                             const struct gu_datetime *at, const struct gu_datetime *end)
{
    enum hours_state state = hours ? hours_state_at(hours, region, at, NULL) : HOURS_UNKNOWN;
    if (state != HOURS_UNKNOWN)
        return state == HOURS_OPEN;
    int start = at->hour * 60 + at->minute, until = end->hour * 60 + end->minute;
    return date_weekday(at->year, at->month, at->day) < 6 && start >= APPOINTMENT_DAY_FIRST_MIN &&
           datetime_same_day(at, end) && until <= APPOINTMENT_DAY_LAST_MIN;
}

size_t appointment_day_starts(const struct hours *hours, enum hours_region region,
                              const char *zone, const struct busy_span *busy, size_t n,
                              const struct gu_datetime *day, int duration,
                              const struct gu_datetime *not_before, struct gu_datetime *out)
{
    size_t count = 0;
    struct gu_datetime at = {.year = day->year, .month = day->month, .day = day->day};
    for (int minute = 0; minute < 24 * 60; minute += APPOINTMENT_STEP_MIN) {
        at.hour = minute / 60;
        at.minute = minute % 60;
        if (not_before && datetime_compare(&at, not_before) < 0)
            continue;
        struct gu_datetime end;
        if (end_at(zone, &at, duration, &end) && offered_by_hours(hours, region, &at, &end) &&
            appointment_fits(hours, region, zone, busy, n, &at, duration))
            out[count++] = at;
    }
    return count;
}

size_t appointment_free_periods(const char *zone, const struct gu_datetime *starts, size_t n,
                                int duration, struct free_period *out)
{
    size_t count = 0;
    long long until = 0, last = 0; /* the instants the period so far ends and last starts at */
    for (size_t i = 0; i < n; i++) {
        long long start;
        struct gu_datetime end;
        if (!appointment_instant(zone, &starts[i], &start) ||
            !end_at(zone, &starts[i], duration, &end))
            continue; /* never offered: a time the clocks skip */
        /* follows or overlaps the period before, or starts the next step after its last start:
         * an appointment shorter than the step, offered every step, makes one period of its
         * starts (the minutes between two of them taken as free, as they nearly always are) */
        if (count && (start <= until || start - last <= APPOINTMENT_STEP_MIN))
            out[count - 1].until = end;
        else
            out[count++] = (struct free_period){starts[i], end};
        until = start + duration;
        last = start;
    }
    return count;
}
