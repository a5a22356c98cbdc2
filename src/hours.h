/* Opening hours in the OpenStreetMap `opening_hours` syntax, as the national place standard
 * writes them ("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off"): parsed into a week of
 * intervals, evaluated ("open now", "next opening") and described in words. Supported: "24/7";
 * rules separated by ";"; weekday selectors (Mo…Su, ranges "Mo-Fr", wrapping "Sa-Mo", lists
 * "Mo,We") and "PH" (French public holidays); time ranges "HH:MM-HH:MM" separated by ","
 * (24:00 allowed); "off" or "closed". A later rule replaces earlier ones on the days it names;
 * PH rules win on public holidays. Anything else is refused, so that no partner is said to be
 * open when it is not. */
#ifndef GUICHET_HOURS_H
#define GUICHET_HOURS_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "error.h"

#define HOURS_MAX_RANGES 6
#define HOURS_PUBLIC_HOLIDAY 7 /* index after Monday 0 … Sunday 6 */

struct hours_range {
    short from, to; /* minutes since midnight, to > from, to <= 1440 */
};

struct opening_hours {
    struct hours_range days[8][HOURS_MAX_RANGES]; /* Monday … Sunday, then public holidays */
    int count[8];
    bool holiday_rule; /* a PH rule exists: holidays follow days[7] */
};

/* Parses text into *out; GU_INVALID with a message naming the problem otherwise. */
int hours_parse(const char *text, struct opening_hours *out, struct gu_error *err);

/* True when the place is open at the desk time at. */
bool hours_is_open(const struct opening_hours *h, const struct gu_datetime *at);
/* The next moment after at when it opens, within two weeks; false when it does not. When it is
 * open at `at`, *until receives the closing time, and is left untouched when it stays open. */
bool hours_next_change(const struct opening_hours *h, const struct gu_datetime *at,
                       struct gu_datetime *next_opening, struct gu_datetime *until);

/* "Open now, until 12:00" / "Closed; opens Tuesday at 9:00" (translated), into buf. */
void hours_status(const struct opening_hours *h, const struct gu_datetime *at, char *buf,
                  size_t size);

/* True on French public holidays (Easter-based ones included). */
bool date_is_public_holiday(int year, int month, int day);

#endif
