/* iCalendar (RFC 5545) export of workshops, written with libical: one VCALENDAR with
 * METHOD:PUBLISH, one VEVENT per workshop with its stable UID, SEQUENCE, STATUS CONFIRMED or
 * CANCELLED, an ORGANIZER (RFC 5546 asks one in a published event), and times in UTC converted
 * from the wall-clock time of the workshop's site zone (RFC 5545 §3.3.5 for times that do not
 * exist or happen twice when the clocks change). */
#ifndef GUICHET_ICS_H
#define GUICHET_ICS_H

#include <stdio.h>

#include "error.h"
#include "workshop.h"

struct ics;

/* Starts a calendar; NULL when out of memory. */
struct ics *ics_begin(void);
/* What the calendar needs of a workshop's site; all borrowed for the call, any may be NULL. */
struct ics_site {
    const char *zone;  /* the site's zone (date_zones); NULL: DATE_ZONE_DEFAULT */
    const char *name;  /* the library's name, the organizer's CN; NULL: no CN */
    const char *email; /* the site's e-mail; NULL: ICS_NO_REPLY stands in for it */
};
/* The organizer's address when the site has no e-mail: ORGANIZER must be a cal-address, and one
 * in the reserved .invalid domain (RFC 2606) is never delivered to anybody. */
#define ICS_NO_REPLY "no-reply@guichet.invalid"

/* Adds one workshop (copied; w and site may go away after the call). */
int ics_add(struct ics *ics, const struct workshop *w, const struct ics_site *site,
            struct gu_error *err);
/* Adds one event of an operator's agenda (copied): an appointment, its uid (stable: the
 * database's prefix and its number) and its summary (what it is for, never who comes: a
 * calendar leaves guichet for phones and clouds, a person's name and phone stay in guichet). */
struct appointment;
int ics_add_appointment(struct ics *ics, const struct appointment *a, const char *uid,
                        const char *summary, const struct ics_site *site, struct gu_error *err);
/* Writes the calendar to f (CRLF lines, folded at 75 octets) and frees ics. */
int ics_end(struct ics *ics, FILE *f, struct gu_error *err);

#endif
