/* Opening hours in the OpenStreetMap `opening_hours` syntax, as the national place standard
 * and French partners write them ("Mo-Fr 09:00-12:00, 14:00-18:30; Sa 08:30-12:00; PH off"),
 * evaluated the way the reference implementation (opening_hours.js) does, which `make check`
 * compares against on a generated corpus (tests/oracle/hours-check.sh).
 *
 * Understood: rules separated by ";" (a later rule replaces earlier ones on the days it
 * selects), "," (an additional rule) and "||" (a fallback rule); "24/7"; years ("2026",
 * "2026-2027"); months ("Aug", "Jul-Aug", "Nov-Feb"); dates and date ranges ("Dec 25",
 * "Dec 24-Jan 01", "Aug 01-15", "2026 Dec 25", "easter", "easter +1 day"); ISO weeks
 * ("week 01-53/2"); weekdays ("Mo-Fr", "Sa-Mo", "Mo,We"), nth weekdays of the month ("Sa[1]",
 * "Mo[-1]", "Su[1-2]"); "PH" (public holidays, by region); times "9:00-12:00", past midnight
 * ("22:00-02:00", "20:00-26:00"), open end ("18:00+", "10:00-16:00+"); the modifiers "open",
 * "off", "closed", "unknown"; comments ("sur rendez-vous"). Refused with the part not
 * understood: school holidays (SH), sunrise and sunset, points in time and periods, offsets of
 * weekdays or holidays ("PH +1 day"), anything else. */
#ifndef GUICHET_HOURS_H
#define GUICHET_HOURS_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "error.h"

/* Which public holidays apply, as opening_hours.js knows them: the national ones, with Good
 * Friday and 26 December in Alsace-Moselle (départements 57, 67, 68); overseas, the abolition
 * of slavery (Guadeloupe 27 May, Martinique 22 May, Guyane 10 June, La Réunion 20 December,
 * Mayotte 27 April, Saint-Martin 27 May, Saint-Barthélemy 9 October), Victor Schœlcher's day
 * (21 July) in Guadeloupe and Martinique, Good Friday in Guadeloupe, Martinique and
 * Saint-Barthélemy. */
enum hours_region {
    HOURS_REGION_FRANCE,
    HOURS_REGION_ALSACE_MOSELLE,
    HOURS_REGION_GUADELOUPE,       /* 971 */
    HOURS_REGION_MARTINIQUE,       /* 972 */
    HOURS_REGION_GUYANE,           /* 973 */
    HOURS_REGION_REUNION,          /* 974 */
    HOURS_REGION_MAYOTTE,          /* 976 */
    HOURS_REGION_SAINT_BARTHELEMY, /* 97133 */
    HOURS_REGION_SAINT_MARTIN,     /* 97150 */
};

/* The region of a place by its postal code: 57, 67, 68 Alsace-Moselle; 971 Guadeloupe (97133
 * Saint-Barthélemy, 97150 Saint-Martin), 972 Martinique, 973 Guyane, 974 La Réunion, 976
 * Mayotte; NULL or anything else: national holidays. */
enum hours_region hours_region_of_postal_code(const char *postal_code);

/* True on a public holiday of the region; *name (may be NULL) receives its French name, a
 * static string. */
bool date_is_public_holiday(int year, int month, int day, enum hours_region region,
                            const char **name);

/* Parsed hours: a list of rules, owned by the caller, freed with hours_free. */
struct hours;

/* Parses text into a new *out; GU_INVALID with a message quoting the part not understood (and
 * *out NULL) otherwise, GU_FAILURE when out of memory. */
int hours_parse(const char *text, struct hours **out, struct gu_error *err);
void hours_free(struct hours *h);

enum hours_state { HOURS_CLOSED, HOURS_OPEN, HOURS_UNKNOWN };

/* The state at the wall time at; *comment (may be NULL) receives the comment that applies
 * ("sur rendez-vous", a holiday's name, or HOURS_OPEN_END_COMMENT), borrowed from h or static,
 * or NULL. An open end ("18:00+") is unknown, as in opening_hours.js. */
enum hours_state hours_state_at(const struct hours *h, enum hours_region region,
                                const struct gu_datetime *at, const char **comment);
#define HOURS_OPEN_END_COMMENT "Specified as open end. Closing time was guessed."

/* What a comment says to a person: the open end's comment in the catalogue's language ("closing
 * time not given"), any other as it is (comment itself; NULL for NULL). */
const char *hours_comment_text(const char *comment);

bool hours_is_open(const struct hours *h, enum hours_region region, const struct gu_datetime *at);

/* The first minute after at, and before midnight starting the day `days` days after at's day,
 * when the state (open, closed, unknown) changes: true and *next set, false when it does not.
 * A change in the hour the spring night skips in the site's zone (clock_zone) is told at the
 * first minute after it (03:00 in Paris), never at a minute that does not exist, and hours
 * entirely inside that hour do not happen. */
bool hours_next_change(const struct hours *h, enum hours_region region,
                       const struct gu_datetime *at, int days, struct gu_datetime *next);

/* "Open now, until 12:00" / "Closed; opens Tuesday at 9:00" / "Closed; opens on Wednesday 1
 * September at 9:00" (a week or more away; with its year when a year or more ahead, whose day and
 * month alone would name an earlier date: "Closed; opens on Saturday 25 December 2027 at 10:00"
 * on 25 December 2026; looked for up to 400 days, beyond which it is just
 * "Closed") / "Open or closed: unknown" (translated); an open end's start is an opening. Followed by the comment that applies (" – sur rendez-vous", " – Fête du travail"): a new string owned
 * by the caller, NULL when out of memory. */
char *hours_status(const struct hours *h, enum hours_region region, const struct gu_datetime *at);

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

/* One line of the hours of a date, as the partner's card shows the coming week: "Monday:
 * 9:00–12:00, 14:00–17:00", "Sunday: closed", "Friday (public holiday): closed", "Tuesday:
 * 9:00–12:00 (unknown: sur rendez-vous)"; in French "lundi : 9 h – 12 h, 14 h – 17 h" with
 * French typography. Computed from the rules on that very date, so that months, holidays and
 * weeks are told truthfully. A new string owned by the caller; NULL when out of memory. */
char *hours_describe_date(const struct hours *h, enum hours_region region, int year, int month,
                          int day);

#endif
