/* Excel workbooks (XLSX) through libxlsxwriter, for the listings (struct output) and the report.
 * A workbook is built in a temporary file (mode 0600, in $TMPDIR) because the format is a ZIP
 * archive that needs a seekable file, then copied to its destination. It holds personal data, so
 * its name is removed as soon as it is made (libxlsxwriter writes it through /proc/self/fd);
 * without /proc, at the end, or by output_guard_path's handler if a signal ends the process. Every text
 * cell is cleaned (text_for_output) and written as a string, never as a formula; numbers are
 * numbers and dates are Excel dates with a date format; columns are fitted to their contents. */
#ifndef GUICHET_XLSX_H
#define GUICHET_XLSX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

struct xlsx;
struct xlsx_sheet;

/* How a cell is shown. */
enum xlsx_style {
    XLSX_PLAIN,
    XLSX_BOLD,     /* headers */
    XLSX_PERCENT,  /* a share between 0 and 1, shown "12.5%" */
    XLSX_DATE,     /* yyyy-mm-dd */
    XLSX_DATETIME, /* yyyy-mm-dd hh:mm */
    XLSX_MONTH,    /* yyyy-mm */
    XLSX_STYLES
};

/* GU_INVALID with a message saying how to write XLSX when f is a terminal (the format is binary:
 * a redirection, or --output FILE when output_option says the command takes it); GU_OK
 * otherwise. */
int xlsx_check_target(FILE *f, bool output_option, struct gu_error *err);

/* Starts a workbook in a new temporary file, unnamed at once (see above). constant_memory: rows are flushed as they are
 * written (long listings), which asks each sheet's rows to come in order. Returns NULL with err
 * set when the file cannot be made. The caller ends it with xlsx_finish. */
struct xlsx *xlsx_new(bool constant_memory, struct gu_error *err);

/* A new sheet named title (cleaned, characters Excel refuses replaced, cut to 31 characters, made
 * unique by " (2)"…); NULL title: a generic name. Owned by x; NULL when it cannot be added (the
 * error is reported by xlsx_finish). */
struct xlsx_sheet *xlsx_add_sheet(struct xlsx *x, const char *title);

/* Writes a bold header row at row 0 and freezes it, so that it stays in view while scrolling. */
void xlsx_header(struct xlsx_sheet *s, const char *const *titles, size_t n);

/* Cells. Rows and columns from 0; a sheet written in constant memory takes its rows in order.
 * text NULL writes nothing. A failed write (too many rows, out of memory) is reported by
 * xlsx_finish. */
void xlsx_text(struct xlsx_sheet *s, uint32_t row, uint16_t col, const char *text,
               enum xlsx_style style);
void xlsx_number(struct xlsx_sheet *s, uint32_t row, uint16_t col, double value,
                 enum xlsx_style style);
/* iso: "YYYY-MM-DD" (XLSX_DATE), "YYYY-MM" (XLSX_MONTH) or "YYYY-MM-DD HH:MM" (XLSX_DATETIME,
 * 'T' accepted). Text that is not such a date is written as text, so that nothing is lost. */
void xlsx_date(struct xlsx_sheet *s, uint32_t row, uint16_t col, const char *iso,
               enum xlsx_style style);

/* Fits the columns, closes the workbook, copies it to out (not owned; may be NULL to discard it),
 * removes the temporary file and frees x. Returns GU_OK, or GU_FAILURE with err set when
 * anything failed (then out may hold part of a file). x may be NULL. */
int xlsx_finish(struct xlsx *x, FILE *out, struct gu_error *err);

#endif
