/* Tabular output for the command line: an aligned table for people (cells sanitised and fitted
 * by display width), RFC 4180 CSV for spreadsheets (formula injection neutralised), and one JSON
 * document for programs. Rows are streamed; nothing is buffered beyond the current row. */
#ifndef GUICHET_OUTPUT_H
#define GUICHET_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

enum output_format { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON };

enum output_kind {
    OUTPUT_TEXT,    /* a string, null when NULL */
    OUTPUT_NUMBER,  /* an integer, right-aligned in tables */
    OUTPUT_LIST,    /* several strings: JSON array, CSV "a|b", table "a, b" */
};

struct output_column {
    const char *key;   /* stable name: CSV header and JSON key */
    const char *title; /* translated title for tables */
    enum output_kind kind;
    int width;         /* table column width in terminal columns */
};

/* Parses "table", "csv" or "json". */
int output_parse_format(const char *text, enum output_format *out, struct gu_error *err);

struct output;

/* Starts writing to f (not owned). cols must outlive the writer. Returns NULL when out of memory. */
struct output *output_begin(FILE *f, enum output_format format, const struct output_column *cols,
                            size_t ncols);
/* Cells, left to right; each row must receive exactly ncols cells. text may be NULL. */
void output_text(struct output *o, const char *text);
void output_number(struct output *o, long long value);
void output_list(struct output *o, const char *const *items, size_t n);
void output_row_end(struct output *o);
/* Closes the document and frees o; returns GU_FAILURE if writing failed (disk full, closed pipe). */
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
