/* Reading CSV (RFC 4180): comma-separated, fields quoted with '"' may hold commas, quotes ("")
 * and line breaks; CRLF, LF or CR line ends; a UTF-8 byte order mark is skipped.
 *
 * A record comes whole or not at all: csv_next returns every record, and a malformed one carries
 * its problem and no fields, so that no caller can take part of a file for all of it. Above the
 * reader, csv_read_table reads a whole table (a header, then rows) for the imports. */
#ifndef GUICHET_CSV_H
#define GUICHET_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Fields a record may have; more is a problem of that record ("more than 1,024 fields"). */
#define CSV_FIELDS_MAX 1024

struct csv_record {
    const char *const *fields; /* fields[0..n), NUL-terminated; valid until the next csv_next */
    size_t n;                  /* 0 whenever problem is set */
    int number;                /* 1 for the first record of the text (blank lines count) */
    int line;                  /* the line where the record starts */
    /* NULL when the record is well-formed; else why it is not (translated, static): */
    const char *problem;
    int problem_line;   /* the line where the problem is (a quoted field may span lines) */
    int problem_field;  /* the field (from 0) where it is, or -1 */
    bool out_of_memory; /* the problem is the machine's, not the file's; reading stops */
};

/* The reader's state: members are private, use the functions below. */
struct csv_reader {
    const char *text;
    size_t len, pos;
    int line, records;
    bool done;
    char *buf; /* the current record's fields, NUL-separated */
    size_t used, cap;
    size_t *starts; /* offset in buf of each field */
    int *lines;     /* the line where each field starts */
    size_t nstarts, starts_cap, lines_cap;
    const char **fields;
    size_t fields_cap;
    struct csv_record record;
};

/* Reads over text[0..len) (not copied: it must outlive the reader). Cannot fail. */
void csv_init(struct csv_reader *r, const char *text, size_t len);
/* The next record (borrowed from r, valid until the next call), or NULL at the end of the text
 * only. After a malformed record, reading resumes at the next record where the problem allows it
 * (after an unterminated quote or out of memory, there is no next record). */
const struct csv_record *csv_next(struct csv_reader *r);
/* Frees what r holds (not the text). */
void csv_release(struct csv_reader *r);

/* ---- tables: a header naming the columns, then one row per record ------------------------- */

/* One problem of a table file. */
struct csv_problem {
    int record;        /* 1 for the header, then 2, 3…: blank lines skipped are not records */
    int line;          /* the file line where the problem is */
    const char *field; /* the column's name as the file writes it, or NULL */
    const char *why;   /* translated */
};
typedef void (*csv_problem_fn)(void *ctx, const struct csv_problem *p);

struct csv_table;

/* A row, as a table's row callback receives it. */
struct csv_row {
    const char *const *cells; /* cells[i]: column i of the table; NULL when the file lacks it */
    int record, line; /* as in struct csv_problem: blank lines not counted; the file line */
    void *state; /* private: for csv_row_problem */
};

struct csv_table {
    const char *const *names; /* names[0..ncolumns): the columns a file may have */
    const bool *required;     /* required[i]: the header must name column i (NULL: none is) */
    size_t ncolumns;
    const char *unknown_column; /* translated: why a header name not in names is refused */
    /* Checks and keeps one row: GU_OK; GU_INVALID after reporting with csv_row_problem;
     * GU_FAILURE with err set (reading stops). */
    int (*row)(void *ctx, const struct csv_row *row, struct gu_error *err);
    csv_problem_fn problem; /* receives every problem, in the order of the file */
    void *ctx;
    int bad_records; /* set by csv_read_table: records with at least one problem */
};

/* Reports a problem of row (field: a column's name, or NULL). */
void csv_row_problem(const struct csv_row *row, const char *field, const char *why);

/* Reads every record of text as a table: blank lines skipped, the header checked (known,
 * unrepeated names, every required one present), each row given to t->row with exactly the
 * header's number of fields. Every problem is reported through t->problem with its record and
 * line, and reading goes on to find the others. Returns GU_OK when the file has rows and no
 * problem; GU_INVALID when t->bad_records > 0, or (bad_records 0, err says why) for a file
 * with no header or no rows; GU_FAILURE with err when out of memory or when t->row failed. */
int csv_read_table(const char *text, size_t len, struct csv_table *t, struct gu_error *err);

/* ---- keys that must be unique in a column (ids, codes), in linear time ----------------------- */

struct csv_keys {
    struct csv_key *slots; /* private */
    size_t n, cap;
};

/* Adds key (copied), first seen on line. Returns 0 when it is new, the line where it was first
 * seen when it is not, and -1 when out of memory. */
int csv_keys_add(struct csv_keys *k, const char *key, int line);
void csv_keys_free(struct csv_keys *k);

/* Adds key, the value of column field in row, to k. GU_OK when it is new; GU_INVALID when an
 * earlier row had it, reported on row with why_fmt (translated, one %d: that row's line);
 * GU_FAILURE with err when out of memory. */
int csv_row_unique(const struct csv_row *row, struct csv_keys *k, const char *field,
                   const char *key, const char *why_fmt, struct gu_error *err);

#endif
