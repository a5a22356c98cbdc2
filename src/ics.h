/* iCalendar (RFC 5545) export of workshops, written with libical: one VCALENDAR with
 * METHOD:PUBLISH, one VEVENT per workshop with its stable UID, SEQUENCE, STATUS CONFIRMED or
 * CANCELLED, and times in UTC converted from the desk's Europe/Paris wall-clock time. */
#ifndef GUICHET_ICS_H
#define GUICHET_ICS_H

#include <stdio.h>

#include "error.h"
#include "workshop.h"

struct ics;

/* Starts a calendar; NULL when out of memory. */
struct ics *ics_begin(void);
/* Adds one workshop (copied; w may go away after the call). */
int ics_add(struct ics *ics, const struct workshop *w, struct gu_error *err);
/* Writes the calendar to f (CRLF lines, folded at 75 octets) and frees ics. */
int ics_end(struct ics *ics, FILE *f, struct gu_error *err);

#endif
