#include "coop.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "embedded.h"
#include "tsv.h"

struct coop_entry {
    char *kind, *code, *label; /* owned, for the life of the process */
};

static struct coop_entry *entries;
static size_t entry_count, entry_cap;
static char **columns;
static size_t column_count, column_cap;
static bool loaded;

static int add_entry(char **fields, int n, int line_no, void *ctx)
{
    struct gu_error *err = ctx;
    if (n != 3 || !*fields[0] || !*fields[1] || !*fields[2])
        return error_set(err, GU_FAILURE, "data/coop/enumerations.tsv:%d: expected kind, code, label",
                         line_no);
    if (!array_reserve(&entries, &entry_cap, entry_count, sizeof *entries, 64))
        return error_nomem(err);
    struct coop_entry *e = &entries[entry_count];
    e->kind = strdup(fields[0]);
    e->code = strdup(fields[1]);
    e->label = strdup(fields[2]);
    if (!e->kind || !e->code || !e->label) {
        free(e->kind), free(e->code), free(e->label);
        return error_nomem(err);
    }
    entry_count++;
    return GU_OK;
}

static int add_column(char **fields, int n, int line_no, void *ctx)
{
    struct gu_error *err = ctx;
    if (n != 1 || !*fields[0])
        return error_set(err, GU_FAILURE,
                         "data/coop/accompagnements-columns.tsv:%d: expected one header", line_no);
    if (!array_reserve(&columns, &column_cap, column_count, sizeof *columns, 32) ||
        !(columns[column_count] = strdup(fields[0])))
        return error_nomem(err);
    column_count++;
    return GU_OK;
}

int coop_load(struct gu_error *err)
{
    if (loaded)
        return GU_OK;
    int status = tsv_each(embedded_enumerations_tsv, add_entry, err);
    if (!status)
        status = tsv_each(embedded_accompagnements_columns_tsv, add_column, err);
    loaded = status == GU_OK;
    return status;
}

/* Loading cannot fail on a correct build (the unit tests and tests/cli/test-coop.sh would say);
 * were it to, labels read "" rather than anything made up. */
static void ensure_loaded(void)
{
    struct gu_error err;
    if (!loaded)
        coop_load(&err);
}

static const char *find_label(const char *kind, const char *code)
{
    ensure_loaded();
    for (size_t i = 0; i < entry_count; i++)
        if (!strcmp(entries[i].kind, kind) && !strcmp(entries[i].code, code))
            return entries[i].label;
    return "";
}

const char *coop_label(enum vocab_kind kind, int index)
{
    if (index == VOCAB_NONE)
        return "";
    return find_label(vocab_kind_name(kind), vocab_code(kind, index));
}

const char *coop_yes_no(bool yes)
{
    return find_label("yes_no", yes ? "yes" : "no");
}

size_t coop_column_count(void)
{
    ensure_loaded();
    return column_count;
}

const char *coop_column(size_t i)
{
    ensure_loaded();
    return i < column_count ? columns[i] : "";
}
