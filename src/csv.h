/* Reading CSV (RFC 4180): comma-separated, fields quoted with '"' may hold commas, quotes ("")
 * and line breaks; CRLF or LF line ends; a UTF-8 byte order mark is skipped. */
#ifndef GUICHET_CSV_H
#define GUICHET_CSV_H

#include <stddef.h>

#include "error.h"

struct csv_reader;

/* Reads over text[0..len) (not copied: it must outlive the reader). NULL when out of memory. */
struct csv_reader *csv_open(const char *text, size_t len);
void csv_close(struct csv_reader *r);

/* The next record: *fields[0..*n) stay valid until the next call; *line is the line where the
 * record starts. Returns 1 for a record, 0 at the end, and GU_INVALID (with err) for a quoted
 * field that never ends. */
int csv_next(struct csv_reader *r, char ***fields, size_t *n, int *line, struct gu_error *err);

#endif
