/* Translation (gettext, English msgids) and French-aware formatting of dates and times that does
 * not depend on the system having a French locale. */
#ifndef GUICHET_I18N_H
#define GUICHET_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* Marks a msgid with a context for xgettext; translate with i18n_pgettext(ctxt, s). */
#define NC_(ctxt, s) (s)

/* Sets the locale and picks the message language: the environment's (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), or French when none names a language. Falls back to C.UTF-8 when the
 * requested locale is not installed. Call once, first thing in main. */
void i18n_init(void);
/* Changes at each i18n_init: what was translated or folded before may be in another language. */
unsigned i18n_generation(void);

/* True when the locale the person set (before i18n_init insisted on UTF-8) was UTF-8: the
 * terminal can then be trusted with characters beyond accents, such as block drawings. */
bool i18n_user_locale_is_utf8(void);

/* Translation of msgid in context ctxt (msgctxt in the catalogue); returns msgid untranslated. */
const char *i18n_pgettext(const char *ctxt, const char *msgid);

/* True when the catalogue in use is French (for the few rules that are not just strings). */
int i18n_is_french(void);

/* Dates and numbers as the catalogue's language writes them (French by default, English when
 * the person asked for it). Every output of guichet formats through these, so that the screen,
 * the reports and the printouts agree. buf receives at most size bytes, always terminated; the
 * results are short and bounded, so callers pass small arrays. */

/* "lundi 3 mars 2026", "mardi 1er avril 2026" ("Monday 3 March 2026"): headers and documents. */
void i18n_format_date_long(char *buf, size_t size, int year, int month, int day);
/* A day of the month as a date writes it: "1er" for the first in French, "1" in English. */
void i18n_format_day_of_month(char *buf, size_t size, int day);
/* "3 mars 2026", "1er avril 2026": the long date without its weekday (a header short of room). */
void i18n_format_date_medium(char *buf, size_t size, int year, int month, int day);
/* "03/03/2026": lists and tables. */
void i18n_format_date_short(char *buf, size_t size, int year, int month, int day);
/* "mars 2026" ("March 2026"): a month of a report. */
void i18n_format_month(char *buf, size_t size, int year, int month);
/* Writes "03/03/2026 14 h 30" (short date and time) into buf. */
struct gu_datetime;
void i18n_format_datetime_short(char *buf, size_t size, const struct gu_datetime *at);
/* Writes "14 h 30" (or "14:30") into buf. */
void i18n_format_time(char *buf, size_t size, int hour, int minute);
/* Writes a duration in minutes as "45 min" or "1 h 30" into buf. */
void i18n_format_duration(char *buf, size_t size, int minutes);
/* Translated weekday (0 = Monday) and month (1 = January) names. */
const char *i18n_weekday_name(int weekday);
const char *i18n_month_name(int month);

/* A count: "11 184" with a narrow no-break space in French ("11,184" in English); negative
 * counts take the minus sign below. */
void i18n_format_count(char *buf, size_t size, long long value);
/* A decimal number with the given decimals (0 to 6): "4,2" ("4.2"); never "-0" or "-0,0". */
void i18n_format_decimal(char *buf, size_t size, double value, int decimals);
/* A percentage: "60,0 %" with a narrow no-break space in French ("60.0%"). */
void i18n_format_percent(char *buf, size_t size, double value, int decimals);
/* part as a percentage of whole (0 when whole is 0). */
void i18n_format_share(char *buf, size_t size, long long part, long long whole, int decimals);
/* The change from before to now as "+12 %", "−5 %" or "0 %"; "new" when before is 0 and now is
 * not, "=" when both are 0. */
void i18n_format_change(char *buf, size_t size, long long now, long long before);
/* The minus sign of the language: U+2212 in French, "-" in English. */
const char *i18n_minus_sign(void);

#endif
