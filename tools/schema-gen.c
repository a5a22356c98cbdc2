/* Build tool: what the migrations compiled into embedded.o make of a new database, written to
 * standard output as C (build/gen/schema.c):
 *  - the schema, for src/store/schema_compare.c, so that check, backup and restore compare a file of the
 *    current version with it instead of replaying every migration in memory each time (some
 *    20 ms a command: SQLite parses the whole schema again after each ALTER TABLE); older
 *    versions are still replayed, rarely;
 *  - the same database as one SQL text (every object in the order the migrations left it, then
 *    every row they wrote, the search indexes' own tables included, then the file's marks), for
 *    store_open to give a new file at once rather than running the 22 migrations one by one
 *    (60 ms, 0.2 s under ASan, for every new database).
 * Generated from the migrations at each build, never written by hand: they stay the one source.
 * The migrations are run twice, so that a value drawn at random (a per-database value that a
 * snapshot would otherwise freeze into every database) fails the build unless declared in
 * drawn[] below, whose statements the snapshot runs instead of copying the row. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

/* The rows the migrations draw at random for each database, drawn again by the snapshot: the
 * row (table, condition) left out of the copy and the statement that writes it instead
 * (migration 014's place id prefix). */
static const struct {
    const char *table, *where, *insert;
} drawn[] = {
    {"setting", "key = 'place_id_prefix'",
     "INSERT INTO setting (key, value) "
     "VALUES ('place_id_prefix', 'guichet-' || lower(hex(randomblob(4))))"},
};

/* The migrations call guichet's functions on rows only, and a new database has none: a call
 * would mean the snapshot depends on a function this tool does not have, and fails the build. */
static void refuse_call(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_error(ctx, "a guichet function called on a row of a new database", -1);
}

/* A new database in memory with every migration run, in *db (the caller's to close whatever the
 * result). Returns the SQLite code. */
static int migrations_run(sqlite3 **db)
{
    static const char *const functions[] = {"guichet_fold", "guichet_clean_name", "guichet_phone",
                                            "guichet_email"};
    int rc = sqlite3_open(":memory:", db);
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof functions / sizeof *functions; i++)
        rc = sqlite3_create_function(*db, functions[i], 1, SQLITE_UTF8, NULL, refuse_call, NULL,
                                     NULL);
    /* As store_open runs them: foreign keys on. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < embedded_migration_count; i++)
        if ((rc = sqlite3_exec(*db, embedded_migrations[i].sql, NULL, NULL, NULL)) != SQLITE_OK)
            fprintf(stderr, "schema-gen: %s: %s\n", embedded_migrations[i].name,
                    sqlite3_errmsg(*db));
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

/* s as a C string literal: every byte that is not plain printable ASCII as three octal digits. */
static void put_literal(FILE *out, const unsigned char *s)
{
    putc('"', out);
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '"')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fprintf(out, "\\n\"\n    \"");
        else if (*s < 0x20 || *s >= 0x7f || *s == '?')
            fprintf(out, "\\%03o", *s);
        else
            putc(*s, out);
    }
    putc('"', out);
}

/* Writes the schema (the same objects in the same order as src/store/schema_compare.c reads them).
 * Returns the SQLite code. */
static int schema_write(sqlite3 *db)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, sql FROM sqlite_schema "
                                "WHERE type IN ('table', 'index', 'trigger', 'view') "
                                "AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' "
                                "ORDER BY type COLLATE BINARY, name COLLATE BINARY",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    printf("const int expected_schema_version = %d;\n"
           "const struct expected_schema_object expected_schema[] = {\n",
           embedded_migration_count ? embedded_migrations[embedded_migration_count - 1].version
                                    : 0);
    size_t n = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        printf("    {");
        for (int c = 0; c < 3; c++) {
            put_literal(stdout, sqlite3_column_text(stmt, c));
            printf(c < 2 ? ", " : "},\n");
        }
        n++;
    }
    printf("};\nconst size_t expected_schema_count = %zu;\n", n);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The condition leaving out table's drawn rows ("1" when it has none): fixed text of drawn[]. */
static const char *drawn_exclusion(const char *table, char *buf, size_t size)
{
    snprintf(buf, size, "1");
    for (size_t i = 0; i < sizeof drawn / sizeof *drawn; i++)
        if (!strcmp(drawn[i].table, table))
            snprintf(buf, size, "NOT (%s)", drawn[i].where);
    return buf;
}

/* Writes to out one INSERT per row of table (rowid kept for a rowid table, so that the copy is
 * the same row for row), drawn rows left out. Returns the SQLite code. */
static int rows_write(sqlite3 *db, const char *table, int without_rowid, FILE *out)
{
    /* The stored columns (not generated ones) in order, each as an SQL literal by quote(). */
    sqlite3_stmt *cols = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT group_concat(printf('\"%w\"', name), ', '), "
                                "group_concat(printf('quote(\"%w\")', name), ' || '', '' || '), "
                                "sum(lower(name) IN ('rowid', '_rowid_', 'oid')) "
                                "FROM (SELECT name FROM pragma_table_xinfo(?1) "
                                "WHERE hidden IN (0, 1) ORDER BY cid)",
                                -1, &cols, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && (rc = sqlite3_step(cols)) == SQLITE_ROW)
        rc = SQLITE_OK;
    if (rc == SQLITE_OK && sqlite3_column_int(cols, 2) && !without_rowid) {
        fprintf(stderr, "schema-gen: the table %s has a column named like its rowid\n", table);
        rc = SQLITE_ERROR;
    }
    char where[256];
    char *query = rc != SQLITE_OK ? NULL
                  : sqlite3_mprintf("SELECT %s%s FROM \"%w\" WHERE %s ORDER BY %s",
                                    without_rowid ? "" : "quote(_rowid_) || ', ' || ",
                                    (const char *)sqlite3_column_text(cols, 1), table,
                                    drawn_exclusion(table, where, sizeof where),
                                    without_rowid ? "1" : "_rowid_");
    char *head = rc != SQLITE_OK ? NULL
                 : sqlite3_mprintf("INSERT INTO \"%w\" (%s%s) VALUES (", table,
                                   without_rowid ? "" : "rowid, ",
                                   (const char *)sqlite3_column_text(cols, 0));
    if (rc == SQLITE_OK && (!query || !head))
        rc = SQLITE_NOMEM;
    sqlite3_stmt *rows = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, query, -1, &rows, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
        fprintf(out, "%s%s);\n", head, (const char *)sqlite3_column_text(rows, 0));
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(rows);
    sqlite3_finalize(cols);
    sqlite3_free(query);
    sqlite3_free(head);
    return rc;
}

/* The whole new database as SQL, in *text (the caller's to free). Objects are created in the
 * order the migrations left them (rowid of sqlite_schema: the order SQLite loads them, which
 * orders the triggers on one table among themselves), without the automatic indexes and the
 * search indexes' own tables, which their statements create; then the rows, the search
 * indexes' tables replaced by the migrations' (store_open runs this with its triggers off, so
 * that the rows are written as they are, not counted or indexed again); then the drawn rows and
 * the file's marks. Returns the SQLite code. */
static int snapshot_build(sqlite3 *db, char **text)
{
    size_t size = 0;
    FILE *out = open_memstream(text, &size);
    if (!out)
        return SQLITE_NOMEM;
    sqlite3_stmt *objects = NULL, *tables = NULL, *count = NULL;
    /* Only objects a snapshot knows how to carry: no statistics, no other internal table. */
    int rc = sqlite3_prepare_v2(db,
                                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite\\_%' "
                                "ESCAPE '\\' AND type <> 'index' AND name <> 'sqlite_sequence'",
                                -1, &count, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(count)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (sqlite3_column_int(count, 0)) {
            fprintf(stderr, "schema-gen: the migrations made an internal table (sqlite_stat1…) "
                            "that the snapshot does not carry\n");
            rc = SQLITE_ERROR;
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "SELECT s.sql FROM sqlite_schema AS s WHERE s.sql IS NOT NULL "
                                "AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "AND s.name NOT IN (SELECT name FROM pragma_table_list "
                                "WHERE schema = 'main' AND type = 'shadow') ORDER BY s.rowid",
                                -1, &objects, NULL);
    fprintf(out, "PRAGMA defer_foreign_keys = ON;\n");
    while (rc == SQLITE_OK && (rc = sqlite3_step(objects)) == SQLITE_ROW) {
        fprintf(out, "%s;\n", (const char *)sqlite3_column_text(objects, 0));
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = sqlite3_prepare_v2(db,
                                "SELECT s.name, l.type = 'shadow', l.wr FROM sqlite_schema AS s "
                                "JOIN pragma_table_list AS l ON l.schema = 'main' "
                                "AND l.name = s.name WHERE l.type IN ('table', 'shadow') "
                                "AND s.name <> 'sqlite_schema' ORDER BY s.rowid",
                                -1, &tables, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(tables)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        if (sqlite3_column_int(tables, 1)) {
            char *clear = sqlite3_mprintf("DELETE FROM \"%w\";\n", name);
            if (!clear) {
                rc = SQLITE_NOMEM;
                break;
            }
            fputs(clear, out);
            sqlite3_free(clear);
        }
        rc = rows_write(db, name, sqlite3_column_int(tables, 2), out);
    }
    if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
        for (size_t i = 0; i < sizeof drawn / sizeof *drawn; i++)
            fprintf(out, "%s;\n", drawn[i].insert);
    }
    long long app_id = 0;
    sqlite3_stmt *pragma = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &pragma, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(pragma)) == SQLITE_ROW) {
        app_id = sqlite3_column_int64(pragma, 0);
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_OK)
        fprintf(out, "PRAGMA application_id = %lld;\nPRAGMA user_version = %d;\n", app_id,
                embedded_migration_count
                    ? embedded_migrations[embedded_migration_count - 1].version
                    : 0);
    sqlite3_finalize(pragma);
    sqlite3_finalize(count);
    sqlite3_finalize(objects);
    sqlite3_finalize(tables);
    if (fclose(out) != 0 && rc == SQLITE_OK)
        rc = SQLITE_NOMEM;
    return rc;
}

/* Whether each row of drawn[] is there, else the declaration outlived its migration. Returns
 * the SQLite code. */
static int drawn_check(sqlite3 *db)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof drawn / sizeof *drawn; i++) {
        char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE %s", drawn[i].table,
                                    drawn[i].where);
        sqlite3_stmt *stmt = NULL;
        rc = sql ? sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) : SQLITE_NOMEM;
        if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
            rc = sqlite3_column_int(stmt, 0) == 1 ? SQLITE_OK : SQLITE_ERROR;
        if (rc != SQLITE_OK)
            fprintf(stderr, "schema-gen: no row of %s where %s\n", drawn[i].table,
                    drawn[i].where);
        sqlite3_finalize(stmt);
        sqlite3_free(sql);
    }
    return rc;
}

int main(void)
{
    sqlite3 *db = NULL, *again = NULL;
    char *snapshot = NULL, *snapshot_again = NULL;
    int rc = migrations_run(&db);
    if (rc == SQLITE_OK)
        rc = migrations_run(&again);
    if (rc == SQLITE_OK)
        rc = drawn_check(db);
    if (rc == SQLITE_OK)
        rc = snapshot_build(db, &snapshot);
    if (rc == SQLITE_OK)
        rc = snapshot_build(again, &snapshot_again);
    if (rc == SQLITE_OK && strcmp(snapshot, snapshot_again)) {
        fprintf(stderr, "schema-gen: two runs of the migrations wrote different rows: a value "
                        "drawn for each database must be declared in drawn[]\n");
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK) {
        printf("/* Generated by tools/schema-gen.c from data/migrations: do not edit. */\n"
               "#include \"schema_expected.h\"\n\n");
        rc = schema_write(db);
    }
    if (rc == SQLITE_OK) {
        printf("const char fresh_database_sql[] =\n    ");
        put_literal(stdout, (const unsigned char *)snapshot);
        printf(";\n");
    }
    /* A failure SQLite reported (the tool's own are said where they are found). */
    if (rc != SQLITE_OK && (!db || sqlite3_errcode(db) != SQLITE_OK))
        fprintf(stderr, "schema-gen: %s\n", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    free(snapshot);
    free(snapshot_again);
    sqlite3_close(again);
    sqlite3_close(db);
    return rc == SQLITE_OK && fflush(stdout) == 0 ? 0 : 1;
}
