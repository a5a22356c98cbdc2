/* The SQLite engine (engine_sqlite.c), and the way to its handles for the store's parts that
 * only SQLite has: files, backups, schema comparison, SQL functions. Private to src/store/. */
#ifndef GUICHET_STORE_ENGINE_SQLITE_H
#define GUICHET_STORE_ENGINE_SQLITE_H

#include <sqlite3.h>

#include "store/engine.h"

/* A connection of the engine over handle, which it owns from now (closed by db_close, or at
 * once when memory is short: NULL then); NULL for a NULL handle. */
struct db *db_sqlite_wrap(sqlite3 *handle);
/* SQLite's handles of a connection and a statement (borrowed); NULL for another engine's. */
sqlite3 *db_sqlite(struct db *db);
sqlite3_stmt *db_sqlite_stmt(struct db_stmt *stmt);

#endif
