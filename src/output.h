/* Tabular output for the command line: an aligned table for people (cells sanitised and fitted
 * by display width), RFC 4180 CSV for spreadsheets (formula injection neutralised), one JSON
 * document for programs, and an Excel workbook (XLSX: one sheet, the keys as a bold frozen header
 * row, numbers and dates typed, text never read as a formula). Rows are streamed; nothing is
 * buffered beyond the current row (XLSX rows go to a temporary file, copied out at the end). */
#ifndef GUICHET_OUTPUT_H
#define GUICHET_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

enum output_format { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON, OUTPUT_XLSX };

enum output_kind {
    OUTPUT_TEXT,    /* a string, null when NULL */
    OUTPUT_NUMBER,  /* an integer, right-aligned in tables */
    OUTPUT_LIST,    /* several strings: JSON array, CSV "a|b", table "a, b" */
    /* Dates and times, given and written as ISO 8601 text in tables, CSV and JSON; a writer that
     * has real date cells (a spreadsheet) writes those instead. */
    OUTPUT_DATE,     /* a day: "YYYY-MM-DD" */
    OUTPUT_DATETIME, /* a moment: local wall-clock "YYYY-MM-DDTHH:MM", or UTC "…THH:MM:SSZ" */
};

struct output_column {
    const char *key;   /* stable name: CSV header and JSON key */
    const char *title; /* translated title for tables */
    enum output_kind kind;
    int width;         /* table column width in terminal columns */
};

/* Parses "table", "csv", "json" or "xlsx". */
int output_parse_format(const char *text, enum output_format *out, struct gu_error *err);

/* GU_INVALID with a message when format cannot be written to f: XLSX is binary and is refused on
 * a terminal (the message says to redirect it). Checked by output_end too; checking first spares
 * the work. A command that takes --output checks with xlsx_check_target instead, whose message
 * names the option. */
int output_check_target(FILE *f, enum output_format format, struct gu_error *err);

/* A file written whole or not at all (--output FILE). The document is written to a new file
 * beside the target (same folder, mode 0600, created exclusively, never through a link): without
 * a name (O_TMPFILE) where the system allows, else "FILE.tmp-PID-XXXXXX"; output_commit_file
 * names it "FILE.tmp-PID-N" and renames it over the target, then removes the FILE.tmp-PID-…
 * files of processes that are gone (killed before their rename). A failed or refused command
 * leaves the target as it was. A character device or a named pipe (/dev/null) is written in
 * place; any other existing thing that is not a regular file (a folder, a symbolic link, a
 * socket) is refused, and so is a path in keep. */
struct output_file {
    FILE *f;      /* where to write; NULL once committed or discarded */
    char *path;   /* the target */
    char *temp;   /* the new file's name, renamed over the target; NULL while it has none */
    bool unnamed; /* the new file has no name until committed (O_TMPFILE) */
};

/* A path --output must never replace: the database, its journals, its erasure key (is_folder
 * false: the same file, by device and inode, or when it does not exist yet, the same name in the
 * same folder), or a folder nothing is written into or under (the backups). */
struct output_keep {
    const char *path;
    bool is_folder;
};

/* The refusals of output_open_file alone, to refuse before any work; nothing is made. */
int output_check_file(const char *path, const struct output_keep *keep, size_t nkeep,
                      struct gu_error *err);
/* Opens *of for path, refusing (GU_INVALID, nothing written) what the comment above says.
 * GU_FAILURE when the file cannot be made. Ends with output_commit_file or output_discard_file. */
int output_open_file(struct output_file *of, const char *path, const struct output_keep *keep,
                     size_t nkeep, struct gu_error *err);
/* Flushes and syncs the new file and renames it over the target (checked again against keep),
 * or closes the device. On failure the target is left as it was and the new file removed. */
int output_commit_file(struct output_file *of, const struct output_keep *keep, size_t nkeep,
                       struct gu_error *err);
/* Closes and removes the new file: the target is left as it was. Harmless when of was committed,
 * discarded or never opened (zeroed). */
void output_discard_file(struct output_file *of);

/* Files holding personal data that must not survive the process: path is removed if SIGINT,
 * SIGTERM, SIGHUP or SIGPIPE ends it (async-signal-safe: the handler only unlinks, then lets the
 * signal end the process as it would have). A signal the process ignores stays ignored. path
 * must stay valid until output_unguard_path; a few at a time. GU_FAILURE when no slot is free. */
int output_guard_path(const char *path);
void output_unguard_path(const char *path);

struct output;

/* Starts writing to f (not owned). cols must outlive the writer. Returns NULL when out of memory;
 * any other failure (an XLSX file to a terminal, no temporary file) is reported by output_end. */
struct output *output_begin(FILE *f, enum output_format format, const struct output_column *cols,
                            size_t ncols);
/* Cells, left to right; each row must receive exactly ncols cells. text may be NULL. */
void output_text(struct output *o, const char *text);
void output_number(struct output *o, long long value);
void output_list(struct output *o, const char *const *items, size_t n);
/* A date cell (column kind OUTPUT_DATE): iso is "YYYY-MM-DD", or NULL for none. Dates are
 * written as that text in tables, CSV and JSON, as Excel dates with a date format in XLSX (text
 * that is not such a date stays text). */
void output_date(struct output *o, const char *iso);
/* A date-time cell (OUTPUT_DATETIME): iso is "YYYY-MM-DD HH:MM" (local wall-clock, as sessions
 * are stored) or "YYYY-MM-DDTHH:MM:SSZ" (UTC, as records' creation and change times are),
 * written as given in tables, CSV and JSON, as an Excel date and time in XLSX. NULL for none. */
void output_datetime(struct output *o, const char *iso);
void output_row_end(struct output *o);
/* Closes the document and frees o; returns GU_FAILURE if writing failed (disk full, closed pipe,
 * no temporary file for XLSX), GU_INVALID for XLSX to a terminal (nothing written). */
int output_end(struct output *o, struct gu_error *err);

/* Every writer below, and every cell of a table, CSV or JSON listing, writes its text as
 * text_for_output leaves it, whatever the bytes given (the database's text is input too): valid
 * UTF-8 without controls or bidi overrides. A line break stored in a value is written U+FFFD, even
 * in a quoted CSV field: guichet never stores one (text_clean_input), so one found is foreign,
 * and one record per line keeps the files safe for line-based tools. */

/* Writes text sanitised, cut to width columns and padded to it (no padding when last). */
void output_pad(FILE *f, const char *text, int width, bool last);
/* Writes one CSV field (quoted when needed; protect neutralises formulas). NULL writes nothing. */
void output_csv_field(FILE *f, const char *text, bool protect);
/* The one exception: a CSV field of multi-line text (the place standard's presentation), its
 * line feeds kept inside the quotes, each line cleaned as above (no CR, no other control).
 * Formulas are not neutralised: an interchange file, read by programs. NULL writes nothing. */
void output_csv_field_lines(FILE *f, const char *text);
/* Writes s as a JSON string literal, quotes included (NULL as ""). */
void output_json_string(FILE *f, const char *s);
/* Text inside HTML: cleaned (text_for_output), then & < > " ' escaped. NULL writes nothing. */
void output_html_text(FILE *f, const char *text);
/* Writes text sanitised, as it is otherwise (free text in a printed line); NULL writes nothing. */
void output_clean(FILE *f, const char *text);
/* Writes text sanitised and wrapped to width columns, where the language allows a line to
 * break; lines after the first begin with indent spaces. used: the columns already taken on the
 * first line. */
void output_wrapped(FILE *f, const char *text, int indent, int used, int width);

#endif
