#include "store_export.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/internal.h"

struct store_times {
    struct store *st;
    struct db_stmt *stmt[2]; /* by enum store_record */
};

int store_times_open(struct store *st, struct store_times **out, struct gu_error *err)
{
    static const char *const sql[2] = {
        "SELECT created_at, updated_at FROM help_session WHERE id = ?1",
        "SELECT created_at, updated_at FROM workshop WHERE id = ?1",
    };
    *out = NULL;
    struct store_times *t = calloc(1, sizeof *t);
    if (!t)
        return error_nomem(err);
    t->st = st;
    for (int i = 0; i < 2; i++) {
        int rc = db_prepare(st->db, sql[i], &t->stmt[i]);
        if (rc != DB_OK) {
            int status = store_db_error(st, rc, err);
            store_times_close(t);
            return status;
        }
    }
    *out = t;
    return GU_OK;
}

/* Times are stored as 'YYYY-MM-DDTHH:MM:SSZ'; anything longer is not one and is left out. */
static void copy_time(struct db_stmt *stmt, int col, char *dst, size_t size)
{
    const unsigned char *text = db_column_text(stmt, col);
    if (text && (size_t)db_column_bytes(stmt, col) < size)
        snprintf(dst, size, "%s", (const char *)text);
    else
        dst[0] = '\0';
}

int store_times_get(struct store_times *t, enum store_record kind, int64_t id,
                    struct store_record_times *out, struct gu_error *err)
{
    struct db_stmt *stmt = t->stmt[kind == STORE_RECORD_WORKSHOP];
    out->created[0] = out->updated[0] = '\0';
    db_bind_int64(stmt, 1, id);
    int rc = db_step(stmt), status = GU_OK;
    if (rc == DB_ROW) {
        copy_time(stmt, 0, out->created, sizeof out->created);
        copy_time(stmt, 1, out->updated, sizeof out->updated);
    } else if (rc != DB_DONE)
        status = store_db_error(t->st, rc, err);
    db_reset(stmt);
    return status;
}

void store_times_close(struct store_times *t)
{
    if (!t)
        return;
    for (int i = 0; i < 2; i++)
        db_finalize(t->stmt[i]);
    free(t);
}
