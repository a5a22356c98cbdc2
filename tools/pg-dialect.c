/* pg-dialect CONNINFO: prepares every statement of the store's domains (store_sql_tables) on the
 * PostgreSQL database CONNINFO names, which holds data/pg/schema.sql, and says which the server
 * refuses and why: what remains to write in PostgreSQL's dialect (issue 19). A report, never a
 * test: `make pg-dialect` starts a throwaway cluster for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CONNINFO\n", argv[0]);
        return 2;
    }
    PGconn *conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "pg-dialect: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    struct db *db = db_pg_wrap(conn);
    if (!db)
        return 1;
    int total = 0, prepared = 0;
    for (int d = 0; d < STORE_DOMAIN_COUNT; d++) {
        const struct store_sql_table *t = store_sql_tables[d];
        for (int i = 0; i < t->count; i++) {
            struct db_stmt *stmt = NULL;
            total++;
            if (db_prepare(db, store_statement_sql(t, i, true), &stmt) == DB_OK) {
                prepared++;
                db_finalize(stmt);
                continue;
            }
            /* PG_DIALECT_FULL=1: the whole statement, to write its PostgreSQL text from. */
            const char *sql = store_statement_sql(t, i, true);
            int shown = getenv("PG_DIALECT_FULL") ? (int)strlen(sql) : 120;
            printf("%s #%d: %s\n    %.*s\n", t->name, i, db_errmsg(db), shown, sql);
        }
    }
    printf("%d of %d statements prepare on PostgreSQL\n", prepared, total);
    db_close(db);
    return 0;
}
