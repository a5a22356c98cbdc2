/* A small unit-test harness: each test is a function in a table; CHECK records a failure with
 * its place and goes on. The runner prints one line per test and writes "passed failed" to the
 * file named by the RESULTS environment variable, for the overall count. */
#ifndef GUICHET_HARNESS_H
#define GUICHET_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int harness_failures; /* failures in the current test */

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            harness_failures++;                                                                \
            fprintf(stderr, "    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);       \
        }                                                                                      \
    } while (0)

#define CHECK_STR(actual, expected)                                                            \
    do {                                                                                       \
        const char *a_ = (actual), *e_ = (expected);                                           \
        if (!a_ || strcmp(a_, e_) != 0) {                                                      \
            harness_failures++;                                                                \
            fprintf(stderr, "    %s:%d: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__,    \
                    a_ ? a_ : "(null)", e_);                                                   \
        }                                                                                      \
    } while (0)

/* The people a participant search found (store_find_participants' callback): how many, and
 * the first one's name. */
struct participant_row;
struct harness_found {
    int n;
    char first[64];
};
int harness_count_found(const struct participant_row *p, void *ctx);

struct unit_test {
    const char *name;
    void (*run)(void);
};

/* Each test file exports its table, terminated by {NULL, NULL}. */
extern const struct unit_test text_tests[], date_tests[], vocab_tests[], session_tests[],
    output_tests[], store_tests[], workshop_tests[], hours_tests[],
    route_tests[], array_tests[], csv_tests[], strbuf_tests[], person_tests[], erasure_tests[],
    mednum_tests[],
    search_tests[], idset_tests[], engine_tests[], appointment_tests[];

/* A fresh empty folder for a test's files; the string is static. */
const char *harness_tmpdir(void);

/* store_open, but a database that does not exist yet is first copied from one made once per run:
 * creating one runs every migration, two seconds under valgrind for each test. */
struct store;
struct gu_error;
int harness_store_open(const char *path, struct store **st, struct gu_error *err);

#endif
