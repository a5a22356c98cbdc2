#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "harness.h"
#include "store.h"
#include "i18n.h"

int harness_failures;

static char tmp_root[] = "/tmp/guichet-unit-XXXXXX";
static int tmp_count;

const char *harness_tmpdir(void)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%d", tmp_root, ++tmp_count);
    if (mkdir(path, 0700) != 0)
        return NULL;
    return path;
}

int harness_count_found(const struct participant_row *p, void *ctx)
{
    struct harness_found *f = ctx;
    if (!f->n++)
        snprintf(f->first, sizeof f->first, "%s", p->name);
    return 0;
}

int main(int argc, char **argv)
{
    /* Tests assert English messages and a fixed clock. */
    setenv("LANGUAGE", "en", 1);
    setenv("GUICHET_NOW", "2026-03-14 10:30", 1);
    i18n_init();
    if (!mkdtemp(tmp_root)) {
        perror("mkdtemp");
        return 1;
    }
    const struct unit_test *suites[] = {text_tests, date_tests, vocab_tests,
                                        session_tests, output_tests, store_tests, array_tests,
                                        workshop_tests, hours_tests, route_tests, csv_tests, strbuf_tests,
                                        person_tests, erasure_tests, search_tests, mednum_tests};
    int passed = 0, failed = 0;
    for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++)
        for (const struct unit_test *t = suites[s]; t->name; t++) {
            if (argc > 1 && !strstr(t->name, argv[1]))
                continue;
            harness_failures = 0;
            t->run();
            if (harness_failures) {
                failed++;
                printf("FAIL %s\n", t->name);
            } else {
                passed++;
                printf("ok   %s\n", t->name);
            }
        }
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp_root);
    const char *results = getenv("RESULTS");
    if (results) {
        FILE *f = fopen(results, "w");
        if (f) {
            fprintf(f, "%d %d\n", passed, failed);
            fclose(f);
        }
    }
    printf("unit: %d ok, %d failing\n", passed, failed);
    return failed != 0;
}
