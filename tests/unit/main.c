#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "error.h"
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

int harness_store_open(const char *path, struct store **st, struct gu_error *err)
{
    static char template_path[128];
    struct stat sb;
    if (stat(path, &sb) == 0)
        return store_open(path, st, err);
    if (!*template_path) {
        snprintf(template_path, sizeof template_path, "%s/template.db", tmp_root);
        struct store *made;
        if (store_open(template_path, &made, err))
            return GU_FAILURE;
        store_close(made);
    }
    FILE *in = fopen(template_path, "rb");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    char buf[65536];
    size_t got;
    bool ok = in && out;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, got, out) == got;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out)
        ok = fclose(out) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    if (!ok) {
        unlink(path);
        return error_set(err, GU_FAILURE, "cannot copy %s to %s", template_path, path);
    }
    return store_open(path, st, err);
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
    /* A line at a time also into a file (make check keeps each suite's output in one): a failed
       check's details on stderr then come just before its test's FAIL line. */
    setvbuf(stdout, NULL, _IOLBF, 0);
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
                                        person_tests, erasure_tests, search_tests, mednum_tests,
                                        idset_tests, engine_tests, appointment_tests};
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
