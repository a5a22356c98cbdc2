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

/* Opening hours as a French desk writes them, into the OpenStreetMap syntax that is stored:
 * "du lundi au vendredi 9h-12h, 14h-17h" gives "Mo-Fr 09:00-12:00,14:00-17:00". Understood:
 * weekdays in full, plural or short ("lundi", "les lundis", "lun", "Mo"), ranges ("du lundi au
 * vendredi", "lun-ven") and lists ("mardi et jeudi"), "tous les jours", "en semaine", "le
 * week-end", "jours fériés", "7j/7"; times "9h", "9 h 30", "09:30", "midi", "minuit", ranges
 * "9h-12h", "de 9h à 12h", "entre 9h et 12h", several separated by "," or "et"; "24h/24";
 * "fermé le dimanche", "sauf le mercredi"; "matin", "après-midi" beside the hours they name.
 * Several clauses may follow each other ("lundi 9h-12h, mardi 14h-17h"); a later one replaces
 * what an earlier one said of its days, as in OpenStreetMap. Text hours_parse accepts already
 * is kept exactly as typed. text: valid UTF-8 (from text_clean_input). On GU_OK *osm is a new
 * string owned by the caller; otherwise *osm is NULL and err quotes what was not understood. */
int hours_from_french(const char *text, char **osm, struct gu_error *err);

/* One line of the week for day (0 Monday … 6 Sunday, HOURS_PUBLIC_HOLIDAY), as the partner's
 * card shows it: "Monday: 9:00–12:00, 14:00–17:00", "Sunday: closed"; in French "lundi : 9 h –
 * 12 h, 14 h – 17 h" with French typography (narrow no-break space before the colon, spaced en
 * dash, "9 h 30"). A new string owned by the caller; NULL when out of memory or day is out of
 * range. */
char *hours_describe_day(const struct opening_hours *h, int day);

/* True on French public holidays (Easter-based ones included). */
bool date_is_public_holiday(int year, int month, int day);

#endif
