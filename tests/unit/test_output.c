#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "output.h"

static const struct output_column cols[] = {
    {"id", "No.", OUTPUT_NUMBER, 3},
    {"name", "Name", OUTPUT_TEXT, 6},
    {"tags", "Tags", OUTPUT_LIST, 0},
};

/* Writes two rows in format into a string owned by the caller. */
static char *render(enum output_format format)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    struct output *o = output_begin(f, format, cols, 3);
    const char *tags[] = {"a", "b"};
    output_number(o, 7);
    output_text(o, "=SUM(A1) \"x\", y");
    output_list(o, tags, 2);
    output_row_end(o);
    output_number(o, 8);
    output_text(o, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5");
    output_list(o, tags, 0);
    output_row_end(o);
    struct gu_error err;
    CHECK(output_end(o, &err) == GU_OK);
    fclose(f);
    return buf;
}

static void test_csv_quotes_and_neutralises_formulas(void)
{
    char *csv = render(OUTPUT_CSV);
    CHECK_STR(csv, "id,name,tags\r\n"
                   "7,\"'=SUM(A1) \"\"x\"\", y\",a|b\r\n"
                   "8,\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5,\r\n");
    free(csv);
}

static void test_json_is_one_document(void)
{
    char *json = render(OUTPUT_JSON);
    CHECK_STR(json, "[\n  {\"id\": 7, \"name\": \"=SUM(A1) \\\"x\\\", y\", \"tags\": [\"a\", \"b\"]},\n"
                    "  {\"id\": 8, \"name\": \"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5\", "
                    "\"tags\": []}\n]\n");
    free(json);
}

static void test_table_aligns_by_width_and_hides_file_columns(void)
{
    char *table = render(OUTPUT_TABLE);
    /* The wide name is cut at 6 columns: two wide characters and an ellipsis take 5. */
    CHECK_STR(table, "No.  Name\n"
                     "  7  =SUM(\xE2\x80\xA6\n"
                     "  8  \xE6\x97\xA5\xE6\x9C\xAC\xE2\x80\xA6\n");
    free(table);
}

/* Whatever the database holds, every writer writes clean text: one record per line in CSV, valid
 * UTF-8 without raw controls in JSON, a quoted field only where the format needs it. */
static void test_writers_clean_hostile_bytes(void)
{
    const char *hostile = "=x\x1b[31m\r\n\"y\xff\xE2\x80\xAE";
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    output_csv_field(f, hostile, true);
    fputc('|', f);
    output_json_string(f, hostile);
    fputc('|', f);
    output_clean(f, "\x07" "bell");
    fputc('|', f);
    output_csv_field(f, "\t=cmd", true); /* the tab cleaned to a space still protects */
    fclose(f);
    CHECK_STR(buf, "\"'=x\xEF\xBF\xBD[31m\xEF\xBF\xBD\xEF\xBF\xBD\"\"y\xEF\xBF\xBD\"|"
                   "\"=x\xEF\xBF\xBD[31m\xEF\xBF\xBD\xEF\xBF\xBD\\\"y\xEF\xBF\xBD\"|"
                   "\xEF\xBF\xBD" "bell|\"' =cmd\"");
    free(buf);
}

static void test_parse_format(void)
{
    enum output_format f;
    struct gu_error err;
    CHECK(output_parse_format("json", &f, &err) == GU_OK && f == OUTPUT_JSON);
    CHECK(output_parse_format("xlsx", &f, &err) == GU_OK && f == OUTPUT_XLSX);
    CHECK(output_parse_format("xml", &f, &err) == GU_INVALID);
}

/* Dates are their ISO text in CSV and JSON; XLSX is a ZIP archive written to any stream that
 * is not a terminal (open_memstream here: not even seekable). */
static void test_dates_and_xlsx(void)
{
    static const struct output_column dcols[] = {
        {"day", "Day", OUTPUT_TEXT, 10},
        {"at", "At", OUTPUT_TEXT, 16},
    };
    const enum output_format formats[] = {OUTPUT_CSV, OUTPUT_JSON, OUTPUT_XLSX};
    const char *const want[] = {"day,at\r\n2026-12-02,2026-12-02 14:30\r\n,not a date\r\n",
                                "[\n  {\"day\": \"2026-12-02\", \"at\": \"2026-12-02 14:30\"},\n"
                                "  {\"day\": null, \"at\": \"not a date\"}\n]\n",
                                NULL};
    for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        struct output *o = output_begin(f, formats[i], dcols, 2);
        output_date(o, "2026-12-02");
        output_datetime(o, "2026-12-02 14:30");
        output_row_end(o);
        output_date(o, NULL);
        output_datetime(o, "not a date");
        output_row_end(o);
        struct gu_error err;
        CHECK(output_end(o, &err) == GU_OK);
        fclose(f);
        if (want[i])
            CHECK_STR(buf, want[i]);
        else
            CHECK(size > 1000 && !memcmp(buf, "PK\x03\x04", 4));
        free(buf);
    }
}

const struct unit_test output_tests[] = {
    {"output: CSV quoting and formula protection", test_csv_quotes_and_neutralises_formulas},
    {"output: JSON is one document", test_json_is_one_document},
    {"output: table aligned by display width", test_table_aligns_by_width_and_hides_file_columns},
    {"output: every writer cleans what the database holds", test_writers_clean_hostile_bytes},
    {"output: format names", test_parse_format},
    {"output: dates as ISO text, and an XLSX archive", test_dates_and_xlsx},
    {NULL, NULL},
};
