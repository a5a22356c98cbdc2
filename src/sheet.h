/* The workshops' printed documents: the attendance sheet (feuille d'émargement) and the call
 * list, in one writer that the command line (workshop sheet) and the desk's printing share. Plain
 * text for a terminal or a printer, CSV (the sheet) for a spreadsheet, and HTML: one page without
 * scripts or external resources, to open in a browser and print. Every value the database holds
 * is written as text_for_output leaves it, and HTML-escaped in HTML. */
#ifndef GUICHET_SHEET_H
#define GUICHET_SHEET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "store.h"

enum sheet_format { SHEET_TEXT, SHEET_CSV, SHEET_HTML };

/* Lines left blank at the end of an attendance sheet, for people who come without booking. */
#define SHEET_BLANK_LINES 5

/* Writes workshop id's attendance sheet to out: title, date, place, facilitator, one line per
 * person expected or seen (seats and attendance; not the waitlist nor cancellations) with a
 * signature column, and blank lines for walk-ins. *found tells whether the workshop exists;
 * nothing is written when it does not. A write error (a full disk) is GU_FAILURE. */
int sheet_write_attendance(FILE *out, struct store *st, int64_t id, enum sheet_format format,
                           bool *found, struct gu_error *err);

/* The call list's title for a list from from ("YYYY-MM-DD HH:MM": now, or the start of a later
 * day) over days days: "… of the next N days", or "… from DAY, N days". Caller frees; NULL when
 * out of memory. */
char *sheet_calls_title(const char *from, int days);

/* Writes the call list to out, in text or HTML (SHEET_CSV writes text): what store_list_calls
 * gives for from and until, in its parts (cancellations to tell, reopenings to tell, reminders of
 * the next days days), each line with a box to tick once called. */
int sheet_write_calls(FILE *out, struct store *st, const char *from, const char *until, int days,
                      enum sheet_format format, struct gu_error *err);

/* Headings of the call list's parts, translated, as the desk shows them too. */
const char *sheet_calls_heading(enum registration_notice notice);

#endif
