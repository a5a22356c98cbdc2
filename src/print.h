/* Printing from the desk: a document goes to the printer through CUPS's lp when lp is installed
 * and takes the job; otherwise it is written as an HTML page (mode 0600: it holds names and
 * phones) in a private folder beside the database, to open in a browser and print. */
#ifndef GUICHET_PRINT_H
#define GUICHET_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "sheet.h"

/* The folder of printouts, beside the database; made 0700 on first use. */
#define PRINT_FOLDER "printouts"
/* Printouts older than this are removed from that folder when the next one is written there. */
#define PRINT_KEEP_DAYS 7

/* Writes a document to out in format (SHEET_TEXT for the printer, SHEET_HTML for a file). */
typedef int (*print_write_fn)(FILE *out, enum sheet_format format, void *ctx,
                              struct gu_error *err);

struct print_outcome {
    bool printed;   /* lp took the job */
    int lp_status;  /* lp's exit status when it refused the job (a file was written instead) */
    char *path;     /* owned: the HTML file written when not printed, else NULL */
};
void print_outcome_clear(struct print_outcome *o);

/* Prints what writer produces: as text to `lp -t title` when lp is on the PATH (as `command -v lp`
 * finds it), its output silenced so that the screen stays whole; when there is no lp, or lp
 * refuses the job (no printer set up), as HTML into a new file of the printouts folder beside
 * db_path (else, when that folder cannot be written, in $XDG_DOCUMENTS_DIR or the home folder),
 * named stem-YYYY-MM-DD-HHMM.html (-2, -3… added when that exists), never following a link;
 * out->path names it. The title is cleaned (text_for_output). */
int print_document(const char *db_path, const char *title, const char *stem,
                   print_write_fn writer, void *ctx, struct print_outcome *out,
                   struct gu_error *err);

#endif
