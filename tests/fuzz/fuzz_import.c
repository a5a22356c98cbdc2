/* libFuzzer harness, end to end: a whole file in the national place standard's CSV through
 * what `partner import` does (mednum_read_places, mednum_to_partner, store_import_places) into a
 * real database, then what `partner export` does (mednum_from_partner, mednum_write_place), then
 * the import's reading again. Property: the second reading gives exactly the values of the
 * first, or the first refused the file (with a message for each bad record, or one for the whole
 * file). The database is a temporary file; each input's writes are rolled back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "mednum.h"
#include "store.h"

static struct store *st;
static char dir[] = "/tmp/guichet-fuzz-import.XXXXXX";
static char db_path[sizeof dir + 16];

static void remove_store(void)
{
    store_close(st);
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[sizeof db_path + 16];
        snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_import: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Problems are counted (each must name a record and a line) and not printed. */
static void count_problem(void *ctx, const struct csv_problem *p)
{
    if (p->record < 1 || p->line < p->record || !p->why || !*p->why)
        die("a problem without its record, line or reason", p->why);
    ++*(int *)ctx;
}

struct export {
    FILE *out;
    struct gu_error *err;
};

static int export_place(const struct partner *p, void *ctx)
{
    struct export *e = ctx;
    struct mednum_place place;
    int status = mednum_from_partner(p, &place, e->err);
    if (status == GU_INVALID)
        return GU_OK; /* left out, as partner export does */
    if (status)
        return status;
    mednum_write_place(e->out, &place);
    mednum_place_free(&place);
    return GU_OK;
}

static const struct mednum_place *find_place(const struct mednum_places *places, size_t id_field,
                                             const char *id)
{
    for (size_t i = 0; i < places->n; i++)
        if (!strcmp(places->items[i].values[id_field], id))
            return &places->items[i];
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gu_error err = {0};
    if (!st) {
        if (!mkdtemp(dir))
            die("cannot make a temporary folder", NULL);
        snprintf(db_path, sizeof db_path, "%s/f.db", dir);
        if (store_open(db_path, &st, &err))
            die("cannot open the store", err.message);
        atexit(remove_store);
    }
    char *text = fuzz_string(data, size, 1);
    if (!text)
        return 0;
    struct mednum_places first = {0}, second = {0};
    int problems = 0, bad = 0;
    int status = mednum_read_places(text, size, count_problem, &problems, &first, &bad, &err);
    if (status) {
        if (status != GU_INVALID)
            die("the reading failed", err.message);
        if (bad ? problems < bad : !*err.message)
            die("a file refused without a message for each bad record", NULL);
        if (first.n)
            die("a refused file left places behind", NULL);
        free(text);
        return 0;
    }
    if (problems || !first.n)
        die("a file accepted with problems, or with no place", NULL);

    struct mednum_partner *made = calloc(first.n, sizeof *made);
    struct partner *rows = calloc(first.n, sizeof *rows);
    if (!made || !rows)
        die("out of memory", NULL);
    for (size_t i = 0; i < first.n; i++) {
        if (mednum_to_partner(&first.items[i], &made[i], &err))
            die("mednum_to_partner", err.message);
        rows[i] = made[i].p;
    }
    char *exported = NULL;
    size_t exported_len = 0;
    FILE *out = open_memstream(&exported, &exported_len);
    if (!out)
        die("open_memstream", NULL);
    mednum_write_header(out);
    int added = 0, updated = 0;
    if (store_batch_begin(st, &err))
        die("store_batch_begin", err.message);
    if (store_import_places(st, rows, first.n, false, 0, &added, &updated, &err))
        die("the store refused checked places", err.message);
    if ((size_t)(added + updated) != first.n)
        die("not every place was written", NULL);
    struct export e = {out, &err};
    if (store_list_partners(st, export_place, &e, &err))
        die("the export failed", err.message);
    store_batch_end(st, GU_INVALID, &err); /* rolled back: the next input starts afresh */
    if (fclose(out))
        die("fclose", NULL);

    problems = 0;
    status = mednum_read_places(exported, exported_len, count_problem, &problems, &second, &bad, &err);
    if (status) {
        fprintf(stderr, "%.*s\n", (int)(exported_len < 4000 ? exported_len : 4000), exported);
        die("the export of an accepted file is refused", err.message);
    }
    size_t id_field = (size_t)mednum_find("id");
    for (size_t i = 0; i < first.n; i++) {
        const struct mednum_place *a = &first.items[i];
        const struct mednum_place *b = find_place(&second, id_field, a->values[id_field]);
        if (!b)
            die("a place is missing from the export", a->values[id_field]);
        for (size_t f = 0; f < mednum_field_count(); f++) {
            const char *x = a->values[f], *y = b->values[f];
            if ((!x) != (!y) || (x && strcmp(x, y))) {
                fprintf(stderr, "field %s: \"%s\" became \"%s\"\n", mednum_field_name(f),
                        x ? x : "(none)", y ? y : "(none)");
                die("a value changed through import, export and import", NULL);
            }
        }
    }
    mednum_places_free(&second);
    free(exported);
    for (size_t i = 0; i < first.n; i++)
        mednum_partner_free(&made[i]);
    free(made);
    free(rows);
    mednum_places_free(&first);
    free(text);
    return 0;
}
