/* The readable data files of data/ are tab-separated: one record a line, '#' starts a comment. */
#ifndef GUICHET_TSV_H
#define GUICHET_TSV_H

/* Splits line, in place, on tabs into at most max fields; returns how many. */
int tsv_split(char *line, char **fields, int max);

/* Calls fn for each record of text (a copy is made): fields as split above, and the line
 * number for messages. Stops at the first non-zero return, which it returns. */
typedef int (*tsv_record_fn)(char **fields, int n, int line_no, void *ctx);
int tsv_each(const char *text, tsv_record_fn fn, void *ctx);

#endif
