#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "harness.h"

/* Reads text as one string (NUL bytes included up to len). */
#define INIT(r, s) csv_init(&(r), (s), sizeof(s) - 1)

static void test_reads_quotes_breaks_and_lines(void)
{
    struct csv_reader r;
    INIT(r, "\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\"\r\n\"two\nlines\",x\r\n\nlast,\"\"");
    const struct csv_record *rec = csv_next(&r);
    CHECK(rec && !rec->problem && rec->n == 2 && rec->number == 1 && rec->line == 1);
    if (rec && rec->n == 2) {
        CHECK_STR(rec->fields[0], "a");
        CHECK_STR(rec->fields[1], "b,\"c\"");
    }
    rec = csv_next(&r);
    CHECK(rec && !rec->problem && rec->n == 2 && rec->number == 2 && rec->line == 2);
    if (rec && rec->n == 2)
        CHECK_STR(rec->fields[0], "two\nlines");
    rec = csv_next(&r); /* the blank line: one empty field */
    CHECK(rec && !rec->problem && rec->n == 1 && rec->number == 3 && rec->line == 4);
    rec = csv_next(&r);
    CHECK(rec && !rec->problem && rec->n == 2 && rec->number == 4 && rec->line == 5);
    if (rec && rec->n == 2)
        CHECK_STR(rec->fields[1], "");
    CHECK(!csv_next(&r));
    CHECK(!csv_next(&r)); /* the end stays the end */
    csv_release(&r);
}

/* The problem of the only malformed record of text, with where it is; then the next record. */
static void check_problem(const char *text, size_t len, const char *why_starts, int record,
                          int line, int field, bool resumes)
{
    struct csv_reader r;
    csv_init(&r, text, len);
    const struct csv_record *rec;
    while ((rec = csv_next(&r)) && !rec->problem)
        ;
    CHECK(rec != NULL);
    if (rec) {
        CHECK(!strncmp(rec->problem, why_starts, strlen(why_starts)));
        if (strncmp(rec->problem, why_starts, strlen(why_starts)))
            fprintf(stderr, "    got \"%s\", expected \"%s…\"\n", rec->problem, why_starts);
        CHECK(rec->n == 0 && rec->number == record && rec->problem_line == line &&
              rec->problem_field == field && !rec->out_of_memory);
        rec = csv_next(&r);
        CHECK(resumes ? rec && !rec->problem && rec->n == 1 && !strcmp(rec->fields[0], "next")
                      : !rec);
    }
    csv_release(&r);
}
#define PROBLEM(s, why, record, line, field, resumes) \
    check_problem((s), sizeof(s) - 1, (why), (record), (line), (field), (resumes))

static void test_every_malformed_record_has_a_problem_and_no_field(void)
{
    PROBLEM("a,b\nx,\"open\nstill open\n", "a quoted field starts here and never ends", 2, 2, 1, false);
    PROBLEM("a,b\nx,Rei\"ms\nnext", "a quote inside a field", 2, 2, 1, true);
    PROBLEM("a,\"Rei\"ms\"\nnext", "text after the closing quote", 1, 1, 1, true);
    PROBLEM("a,b\nx,Ca\0fe\nnext", "a NUL byte", 2, 2, 1, true);
    PROBLEM("a,\"ok\nCaf\xE9\"\nnext", "not valid UTF-8 text", 1, 2, 1, true);
    /* A quote opened after the problem is still read as one, so that the record ends where it
     * was meant to. */
    PROBLEM("Rei\"ms,\"x\ny\"\nnext", "a quote inside a field", 1, 1, 0, true);
}

static void test_fields_limit(void)
{
    size_t len = 2 * (CSV_FIELDS_MAX + 1);
    char *text = malloc(len + 8);
    if (!text)
        return;
    memset(text, ',', len);
    for (size_t i = 0; i < len; i += 2)
        text[i] = 'x';
    /* Exactly the limit (1,024 fields: 1,023 commas) is a record. */
    struct csv_reader r;
    csv_init(&r, text, 2 * CSV_FIELDS_MAX - 1);
    const struct csv_record *rec = csv_next(&r);
    CHECK(rec && !rec->problem && rec->n == CSV_FIELDS_MAX);
    csv_release(&r);
    /* One more is a problem, and the next record is read. */
    text[len - 1] = '\n';
    memcpy(text + len, "next", 4);
    check_problem(text, len + 4, "more than 1,024 fields", 1, 1, -1, true);
    free(text);
}

static void test_keys_find_repeats_in_linear_time(void)
{
    struct csv_keys k = {0};
    char key[32];
    bool ok = true;
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "lieu-%d", i);
        ok = ok && csv_keys_add(&k, key, i + 2) == 0;
    }
    CHECK(ok);
    CHECK(csv_keys_add(&k, "lieu-0", 30000) == 2);
    CHECK(csv_keys_add(&k, "lieu-19999", 30001) == 20001);
    CHECK(csv_keys_add(&k, "", 30002) == 0 && csv_keys_add(&k, "", 30003) == 30002);
    csv_keys_free(&k);
}

struct seen {
    int problems, rows;
    char last[1200];
};

static void note_problem(void *ctx, const struct csv_problem *p)
{
    struct seen *s = ctx;
    s->problems++;
    snprintf(s->last, sizeof s->last, "%d/%d %s: %s", p->record, p->line, p->field ? p->field : "-",
             p->why);
}

static int note_row(void *ctx, const struct csv_row *row, struct gu_error *err)
{
    (void)err;
    struct seen *s = ctx;
    s->rows++;
    if (row->cells[1] && !strcmp(row->cells[1], "bad")) {
        csv_row_problem(row, "b", "bad value");
        return GU_INVALID;
    }
    return GU_OK;
}

static int read_table(const char *text, struct seen *s, int *bad)
{
    static const char *const names[] = {"a", "b", "c"};
    static const bool required[] = {true, false, false};
    struct csv_table t = {.names = names, .required = required, .ncolumns = 3,
                          .unknown_column = "unknown", .row = note_row, .problem = note_problem,
                          .ctx = s};
    struct gu_error err = {0};
    memset(s, 0, sizeof *s);
    int status = csv_read_table(text, strlen(text), &t, &err);
    *bad = t.bad_records;
    if (status && !t.bad_records)
        snprintf(s->last, sizeof s->last, "%s", err.message);
    return status;
}

static void test_tables(void)
{
    struct seen s;
    int bad;
    CHECK(read_table("\n\nb,a\n\n1,2\n3,4\n", &s, &bad) == GU_OK && s.rows == 2 && !s.problems);
    CHECK(read_table("", &s, &bad) == GU_INVALID && !bad && strstr(s.last, "empty"));
    CHECK(read_table("\r\n\r\n", &s, &bad) == GU_INVALID && !bad && strstr(s.last, "empty"));
    CHECK(read_table("a,b\r\n\r\n", &s, &bad) == GU_INVALID && !bad && strstr(s.last, "no rows"));
    CHECK(read_table("b,c,d,b\n1,2,3,4\n", &s, &bad) == GU_INVALID && bad == 1 && s.problems == 3 &&
          s.rows == 0); /* d unknown, b repeated, a missing: one bad record, rows not read */
    CHECK_STR(s.last, "1/1 a: required column missing");
    CHECK(read_table("a,b\n1,bad\n\"x\ny\",2,3\n4,\"5\n", &s, &bad) == GU_INVALID && bad == 3 &&
          s.rows == 1);
    CHECK_STR(s.last, "4/5 b: a quoted field starts here and never ends (a closing \" is missing)");
}

const struct unit_test csv_tests[] = {
    {"csv: quotes, line breaks in fields, CRLF and BOM; records numbered with their lines",
     test_reads_quotes_breaks_and_lines},
    {"csv: every malformed record comes with its problem, line and field, no field, and reading resumes",
     test_every_malformed_record_has_a_problem_and_no_field},
    {"csv: 1,024 fields are a record, 1,025 a problem", test_fields_limit},
    {"csv: repeated keys found among 20,000 with the line of the first", test_keys_find_repeats_in_linear_time},
    {"csv: tables skip blank lines, refuse empty and header-only files, report every bad record",
     test_tables},
    {NULL, NULL},
};
