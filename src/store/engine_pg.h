/* The PostgreSQL engine (engine_pg.c), and the way to its connection for the store's parts that
 * only PostgreSQL has: connecting, listening. Private to src/store/. */
#ifndef GUICHET_STORE_ENGINE_PG_H
#define GUICHET_STORE_ENGINE_PG_H

#include <libpq-fe.h>

#include "store/engine.h"

/* What every session of guichet's sets first (store_pg_connect), again after a reconnection:
 * guichet writes its times in UTC and its text in UTF-8, whatever the server's defaults. */
#define PG_SESSION_SETUP "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'"

/* A connection of the engine over conn, which it owns from now (closed by db_close, or at once
 * when memory is short: NULL then); NULL for a NULL conn. */
struct db *db_pg_wrap(PGconn *conn);
/* libpq's connection of db (borrowed); NULL for another engine's. */
PGconn *db_pg_conn(struct db *db);
/* sql with SQLite's parameters (?1, ?2… or ?) written as PostgreSQL's ($1, $2…), outside
 * literals, quoted names and comments, as a new string (NULL when memory is short); *nparams
 * receives the highest parameter number. */
char *db_pg_translate(const char *sql, int *nparams);

#endif
