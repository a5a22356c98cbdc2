/* copy-to: a whole database into another, empty one, on either engine (a library joining a
 * network brings its SQLite file to the network's server; one leaving takes its database out to
 * a file; a backup of a server's database is such a file). The rows the store keeps are copied
 * with their numbers; what it derives from them (the report's counts, the search indexes) is
 * made again by the target's own triggers as the rows arrive, so that nothing derived crosses
 * engines. All of it in one transaction on the target, checked (store_check) before the commit:
 * a copy that is not sound is not kept. */
#include "store/internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "i18n.h"
#include "strbuf.h"

/* The tables of the data, in the order their references allow (a row's parents first). The
 * others are derived (counts, indexes, session_number's highest number, raised by the sessions'
 * own trigger) or the program's (vocab, guichet_schema); participant_search, which guichet writes
 * itself, is written again from the people (copy_people_index). tests/cli/test-copy.sh checks
 * that every table holds as many rows on both sides. */
static const char *const copied_tables[] = {
    "setting", "site", "operator", "partner", "request_kind", "help_session",
    "help_session_theme", "help_session_demarche", "help_session_material",
    "help_session_deleted", "workshop_series", "workshop", "workshop_theme", "participant",
    "registration", "referral", "appointment", "audit", "erasure", "erasure_mark",
};

/* Tables a new database fills itself (its settings, the partners and policy of data/): a target
 * holding rows only there holds no data yet. */
static bool filled_when_new(const char *table)
{
    return !strcmp(table, "setting") || !strcmp(table, "partner") ||
           !strcmp(table, "request_kind");
}

/* Whether target holds no data: no file (or an empty one), a server's database without tables,
 * or a guichet database with nothing in it but what a new one has (a copy that failed left it
 * so, or guichet was started on it once). *created: nothing was there at all. */
static int target_is_empty(const char *target, bool *empty, bool *created, struct gu_error *err)
{
    *empty = *created = false;
    if (!store_target_is_server(target)) {
        enum store_file_kind kind;
        if (store_peek_file(target, &kind, err))
            return GU_FAILURE;
        *created = kind == STORE_FILE_MISSING;
        if (kind == STORE_FILE_MISSING || kind == STORE_FILE_EMPTY) {
            *empty = true;
            return GU_OK;
        }
    } else {
        PGconn *conn = NULL;
        if (store_pg_connect(target, &conn, err))
            return GU_FAILURE;
        PGresult *res = PQexec(conn, "SELECT count(*) FROM pg_catalog.pg_tables "
                                     "WHERE schemaname = current_schema()");
        bool read = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
        bool none = read && !strcmp(PQgetvalue(res, 0, 0), "0");
        PQclear(res);
        PQfinish(conn);
        if (none) {
            *empty = true;
            return GU_OK;
        }
    }
    struct store *st = NULL;
    if (store_open(target, &st, err))
        return GU_FAILURE;
    long long rows = 0;
    int status = GU_OK;
    for (size_t t = 0; !status && !rows && t < ARRAY_LEN(copied_tables); t++) {
        if (filled_when_new(copied_tables[t]))
            continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) AS r",
                 copied_tables[t]);
        status = store_query_int(st, sql, &rows, err);
    }
    store_close(st);
    *empty = !status && !rows;
    return status;
}

/* The same database twice (a file by another name, or the same server's database). */
static bool same_database(struct store *source, const char *target)
{
    if (store_is_server(source) != store_target_is_server(target))
        return false;
    if (store_is_server(source))
        return false; /* a server's database being copied holds data: target_is_empty says */
    char *a = realpath(store_path(source), NULL), *b = realpath(target, NULL);
    bool same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    return same;
}

void store_bind_like(struct db_stmt *to, int param, struct db_stmt *from, int col)
{
    switch (db_column_type(from, col)) {
    case DB_INTEGER:
        db_bind_int64(to, param, db_column_int64(from, col));
        break;
    case DB_FLOAT:
        db_bind_double(to, param, db_column_double(from, col));
        break;
    case DB_BLOB:
        db_bind_blob(to, param, db_column_blob(from, col), db_column_bytes(from, col));
        break;
    case DB_TEXT:
        db_bind_text(to, param, (const char *)db_column_text(from, col),
                     db_column_bytes(from, col));
        break;
    default:
        db_bind_null(to, param);
    }
}

/* The INSERT of table's columns as from names them (both engines keep one order: test-pg-schema
 * checks it); settings take the source's value over the new database's own. */
static char *insert_sql(const char *table, struct db_stmt *from)
{
    struct strbuf sql = STRBUF_INIT;
    int n = db_column_count(from);
    strbuf_printf(&sql, "INSERT INTO %s (", table);
    for (int c = 0; c < n; c++)
        strbuf_printf(&sql, "%s%s", c ? ", " : "", db_column_name(from, c));
    strbuf_puts(&sql, ") VALUES (");
    for (int c = 0; c < n; c++)
        strbuf_printf(&sql, "%s?%d", c ? ", " : "", c + 1);
    strbuf_puts(&sql, ")");
    if (!strcmp(table, "setting"))
        strbuf_puts(&sql, " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return strbuf_finish(&sql);
}

/* Every row of table from source into target; *rows counts them. The names are this file's. */
static int copy_table(struct store *source, struct store *target, const char *table,
                      bool one_site, long long *rows, struct gu_error *err)
{
    *rows = 0;
    struct strbuf select = STRBUF_INIT;
    /* A server's erasure key (privacy.c) is never copied into a table: a file's is a file. A
     * site leaving takes the settings but what makes the network's database itself: the prefix
     * of its new place ids, which is also its identity (the new database has its own, so that
     * both never make the same), the libraries that joined it and where it came from. */
    strbuf_printf(&select, "SELECT * FROM %s%s", table,
                  strcmp(table, "setting") ? ""
                  : one_site ? " WHERE key NOT IN ('erasure_key', 'place_id_prefix', "
                               "'copied_from') AND key NOT LIKE 'joined:%'"
                             : " WHERE key <> 'erasure_key'");
    if (strbuf_failed(&select))
        return error_nomem(err);
    struct db_stmt *from = NULL, *to = NULL;
    int rc = db_prepare(source->db, strbuf_str(&select), &from);
    strbuf_release(&select);
    if (rc != DB_OK)
        return store_db_error(source, rc, err);
    int status = GU_OK;
    char *insert = insert_sql(table, from);
    if (!insert)
        status = error_nomem(err);
    else if ((rc = db_prepare(target->db, insert, &to)) != DB_OK)
        status = store_db_error(target, rc, err);
    free(insert);
    while (!status && (rc = db_step(from)) == DB_ROW) {
        for (int c = 0; c < db_column_count(from); c++)
            store_bind_like(to, c + 1, from, c);
        int written = db_step(to);
        while (written == DB_ROW)
            written = db_step(to);
        db_reset(to);
        db_clear_bindings(to);
        /* A row the target refuses is the source's damage (a broken reference, a code the
         * schema does not take): said so, with what finds it. */
        if ((written & 0xff) == DB_CONSTRAINT) /* SQLite's extended codes too */
            status = error_set(err, GU_FAILURE,
                               _("a row of the table %s is refused by the new database (%s): "
                                 "guichet check on the source says what is wrong; nothing was "
                                 "written"),
                               table, db_errmsg(target->db));
        else if (written != DB_DONE)
            status = store_db_error(target, written, err);
        ++*rows;
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(source, rc, err);
    db_finalize(to);
    db_finalize(from);
    return status;
}

/* The people's index, which guichet writes itself (store_participant_index_text), for everyone
 * not erased and not in it yet (a network joined holds its own people indexed). */
static int copy_people_index(struct store *target, struct gu_error *err)
{
    struct db_stmt *people = NULL, *put = NULL;
    int rc = db_prepare(target->db,
                        "SELECT id, name_fold FROM participant "
                        "WHERE erased_at IS NULL AND name_fold IS NOT NULL AND NOT EXISTS "
                        "(SELECT 1 FROM participant_search s WHERE s.rowid = participant.id)",
                        &people);
    if (rc == DB_OK)
        rc = db_prepare(target->db,
                        "INSERT INTO participant_search (rowid, name_folded) VALUES (?1, ?2)",
                        &put);
    int status = rc == DB_OK ? GU_OK : store_db_error(target, rc, err);
    while (!status && (rc = db_step(people)) == DB_ROW) {
        char *indexed = store_participant_index_text((const char *)db_column_text(people, 1));
        if (!indexed) {
            status = error_nomem(err);
            break;
        }
        db_bind_int64(put, 1, db_column_int64(people, 0));
        db_bind_text(put, 2, indexed, -1);
        status = store_stmt_run(target, put, err);
        free(indexed);
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(target, rc, err);
    db_finalize(put);
    db_finalize(people);
    return status;
}

/* The highest session number ever given: deleted and purged sessions' numbers are never given
 * again, on the target either. */
static int copy_session_number(struct store *source, struct store *target,
                               struct gu_error *err)
{
    long long last = 0;
    int status = store_query_int(source, "SELECT coalesce(max(last), 0) FROM session_number",
                                 &last, err);
    struct db_stmt *raise = NULL;
    int rc = status ? DB_OK
                    : db_prepare(target->db, "UPDATE session_number SET last = ?1 "
                                             "WHERE id = 1 AND last < ?1", &raise);
    if (!status && rc != DB_OK)
        status = store_db_error(target, rc, err);
    if (!status) {
        db_bind_int64(raise, 1, last);
        status = store_stmt_run(target, raise, err);
    }
    db_finalize(raise);
    return status;
}

/* The next number of sequence past column's highest in table (a row copied with its number). */
static int advance_one(struct store *st, const char *table, const char *column,
                       const char *sequence, const char *name, void *ctx, struct gu_error *err)
{
    (void)name, (void)ctx;
    struct strbuf sql = STRBUF_INIT;
    /* never back: a database joined may have given numbers above its rows' (rows deleted) */
    strbuf_printf(&sql,
                  "SELECT setval('%s', greatest(coalesce(max(%s), 0) + 1, (SELECT last_value + "
                  "CASE WHEN is_called THEN 1 ELSE 0 END FROM %s)), false) FROM %s",
                  sequence, column, sequence, table);
    long long ignored;
    int status = strbuf_failed(&sql) ? error_nomem(err)
                                     : store_query_int(st, strbuf_str(&sql), &ignored, err);
    strbuf_release(&sql);
    return status;
}

/* On PostgreSQL, rows given their numbers leave the identity columns' sequences behind: each
 * is moved past the highest number copied, so that the next row added takes a new one. The
 * names come from the catalog, quoted by the server. */
static int advance_sequences(struct store *target, struct gu_error *err)
{
    return store_is_server(target) ? store_pg_each_identity(target, advance_one, NULL, err)
                                   : GU_OK;
}

/* A file made by a copy that failed, and SQLite's files beside it. */
static void remove_new_file(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
        struct strbuf name = STRBUF_INIT;
        strbuf_printf(&name, "%s%s", path, suffixes[i]);
        if (!strbuf_failed(&name))
            unlink(strbuf_str(&name));
        strbuf_release(&name);
    }
}

struct copy_problems {
    struct strbuf said;
    long n;
};

static void note_problem(const char *problem, void *ctx)
{
    struct copy_problems *p = ctx;
    if (p->n++ < 5)
        strbuf_printf(&p->said, "%s%s", p->n > 1 ? "; " : "", problem);
}

/* One text a query on st gives (owned; NULL when none, *status the error). */
static char *query_text(struct store *st, const char *sql, int *status, struct gu_error *err)
{
    struct db_stmt *q = NULL;
    char *text = NULL;
    int rc = db_prepare(st->db, sql, &q);
    if (rc == DB_OK && (rc = db_step(q)) == DB_ROW) {
        const char *t = (const char *)db_column_text(q, 0);
        if (t && !(text = strdup(t)))
            *status = error_nomem(err);
        rc = DB_DONE;
    }
    db_finalize(q);
    if (rc != DB_DONE)
        *status = store_db_error(st, rc, err);
    return text;
}

/* The same server's database, found once both are open (its name and when its server started:
 * two servers never start at the same microsecond). */
static int same_server_database(struct store *source, struct store *target, bool *same,
                                struct gu_error *err)
{
    static const char sql[] =
        "SELECT current_database() || ' ' || pg_catalog.pg_postmaster_start_time()::text";
    *same = false;
    if (!store_is_server(source) || !store_is_server(target))
        return GU_OK;
    int status = GU_OK;
    char *a = query_text(source, sql, &status, err), *b = status ? NULL
                                                                 : query_text(target, sql, &status, err);
    *same = !status && a && b && !strcmp(a, b);
    free(a);
    free(b);
    return status;
}

/* Which rows copy-to takes: a whole database into an empty one (plan NULL: every row with its
 * number), or one site's (site named, or a library joining a database that holds data). */
static int plan_copy(struct store *source, const char *target, const char *site, const char *as,
                     bool target_empty, struct store_copy_site *plan, bool *by_site,
                     struct gu_error *err)
{
    *plan = (struct store_copy_site){.site_name = site, .target_name = as,
                                     .keep_numbers = target_empty};
    if (as && !site)
        return error_set(err, GU_INVALID, "%s",
                         _("--as names the site the one copied takes there: it goes with --site"));
    *by_site = site || !target_empty;
    if (!*by_site)
        return GU_OK;
    long long sites = 0;
    int status = store_query_int(source, "SELECT count(*) FROM site", &sites, err);
    if (!status && site)
        status = store_find_site(source, site, &plan->source_site, err);
    if (status)
        return status;
    if (site && !plan->source_site && sites)
        return error_set(err, GU_INVALID, _("the database being copied has no site called \"%s\""),
                         site);
    /* joining a database that holds data is asked for by naming the site that joins */
    if (!site) {
        char *shown = store_target_display(target);
        error_set(err, GU_FAILURE,
                  _("%s already holds data: copy-to writes a whole database only into a new, "
                    "empty one, and adds a library to one that holds data only when told which "
                    "site joins (--site S); nothing was written"),
                  shown ? shown : "");
        free(shown);
        return GU_FAILURE;
    }
    plan->whole = sites <= 1; /* a library on its own: every row is its site's */
    return GU_OK;
}

/* A database's identity: the prefix of its place ids (setting place_id_prefix), drawn at random
 * when it was made, the same in its whole copies and backups; a site copied out takes its own.
 * *id owned (NULL when the database has none). */
static int identity_of(struct store *st, char **id, struct gu_error *err)
{
    return store_get_setting(st, "place_id_prefix", id, err);
}

/* The setting by which target remembers that site (0: none) of the database of identity id
 * joined it. */
static char *joined_key(const char *id, int64_t site)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "joined:%s:%lld", id, (long long)site);
    return strbuf_finish(&b);
}

/* A site joins a database once: refused when target is a copy of the source (or the source a
 * backup of it), when the source is a site taken out of it, or when that site of the source
 * joined it already, whatever name it took; else target remembers it (in the copy's
 * transaction: kept only with the copy). */
static int join_once(struct store *source, struct store *target,
                     const struct store_copy_site *plan, const char *site,
                     struct gu_error *err)
{
    char *id = NULL, *theirs = NULL, *from = NULL, *their_from = NULL, *key = NULL,
         *before = NULL;
    int status = identity_of(source, &id, err);
    if (!status)
        status = identity_of(target, &theirs, err);
    if (!status)
        status = store_get_setting(source, "copied_from", &from, err);
    if (!status)
        status = store_get_setting(target, "copied_from", &their_from, err);
    if (!status && id && !(key = joined_key(id, plan->source_site)))
        status = error_nomem(err);
    if (!status && key)
        status = store_get_setting(target, key, &before, err);
    if (status) {
    } else if (id && theirs && !strcmp(id, theirs))
        status = error_set(err, GU_FAILURE, "%s",
                           _("the database copied into and this one are copies of one database "
                             "(a backup, a whole copy): its rows are there already; nothing was "
                             "written"));
    else if ((from && theirs && !strcmp(from, theirs)) ||
             (their_from && id && !strcmp(their_from, id)))
        status = error_set(err, GU_FAILURE, "%s",
                           _("one of these databases is a site taken out of the other: its rows "
                             "are there already; nothing was written"));
    else if (before)
        status = error_set(err, GU_FAILURE,
                           _("this site of this database joined the database copied into "
                             "already (%s): a site joins once; nothing was written"),
                           before);
    else if (key) {
        char now[21];
        clock_now_utc_text(now);
        struct strbuf value = STRBUF_INIT;
        strbuf_printf(&value, "%s, %s", now, site);
        struct db_stmt *q = NULL;
        int rc = strbuf_failed(&value) ? DB_NOMEM
                                       : db_prepare(target->db, "INSERT INTO setting (key, value) "
                                                                "VALUES (?1, ?2)", &q);
        if (rc == DB_OK) {
            db_bind_text(q, 1, key, -1);
            db_bind_text(q, 2, strbuf_str(&value), -1);
            status = store_stmt_run(target, q, err);
        } else
            status = rc == DB_NOMEM ? error_nomem(err) : store_db_error(target, rc, err);
        db_finalize(q);
        strbuf_release(&value);
    }
    free(before);
    free(key);
    free(their_from);
    free(from);
    free(theirs);
    free(id);
    return status;
}

/* A site taken out says where from: it cannot join that database again (join_once). */
static int note_copied_from(struct store *source, struct store *target, struct gu_error *err)
{
    char *id = NULL;
    int status = identity_of(source, &id, err);
    struct db_stmt *q = NULL;
    int rc = status || !id ? DB_OK
                           : db_prepare(target->db, "INSERT INTO setting (key, value) VALUES "
                                                    "('copied_from', ?1)", &q);
    if (!status && id && rc == DB_OK) {
        db_bind_text(q, 1, id, -1);
        status = store_stmt_run(target, q, err);
    } else if (!status && rc != DB_OK)
        status = store_db_error(target, rc, err);
    db_finalize(q);
    free(id);
    return status;
}

int store_copy_to(struct store *source, const char *target, const char *site, const char *as,
                  const struct store_copy_progress *progress, struct gu_error *err)
{
    bool empty = false, created = false;
    if (same_database(source, target))
        return error_set(err, GU_FAILURE, _("%s is the database being copied"),
                         store_path(source));
    if (target_is_empty(target, &empty, &created, err))
        return GU_FAILURE;
    /* The source read from one snapshot, and checked before anything is written anywhere. */
    int rc = db_begin_read(source->db);
    int status = rc == DB_OK ? GU_OK : store_db_error(source, rc, err);
    struct store_copy_site plan;
    bool by_site = false;
    if (!status)
        status = plan_copy(source, target, site, as, empty, &plan, &by_site, err);
    /* A damaged database is not copied, as backup refuses one: the target's triggers would make
     * its counts right again, and hide what check finds. */
    struct copy_problems problems = {.said = STRBUF_INIT};
    bool sound = false;
    if (!status)
        status = store_check(source, note_problem, &problems, &sound, NULL, err);
    if (!status && !sound)
        status = error_set(err, GU_FAILURE,
                           _("the database being copied is not sound (%s): guichet check says "
                             "what is wrong; nothing was written"),
                           strbuf_failed(&problems.said) ? "" : strbuf_str(&problems.said));
    strbuf_release(&problems.said);
    problems = (struct copy_problems){.said = STRBUF_INIT};
    if (status) {
        if (db_in_transaction(source->db))
            db_exec(source->db, "ROLLBACK");
        return status;
    }
    /* A new file is written under a part's name (FILE.partPID, as backup's, which the next
     * backup there removes if this process dies) and takes its name only once whole and sound:
     * a copy cut short is never left under the name of a copy. */
    char *part = NULL;
    if (created) {
        struct strbuf name = STRBUF_INIT;
        strbuf_printf(&name, "%s.part%ld", target, (long)getpid());
        if (!(part = strbuf_finish(&name))) {
            db_exec(source->db, "ROLLBACK");
                return error_nomem(err);
        }
        remove_new_file(part); /* our own pid's, left by an earlier process */
        store_remove_stale_parts(target); /* and those of copies killed before */
    }
    struct store *to = NULL;
    if (store_open(part ? part : target, &to, err)) {
        if (part)
            remove_new_file(part);
        free(part);
        db_exec(source->db, "ROLLBACK");
        return GU_FAILURE;
    }
    bool same = false;
    if (!empty && !(status = same_server_database(source, to, &same, err)) && same) {
        char *shown = store_target_display(target);
        status = error_set(err, GU_FAILURE, _("%s is the database being copied"),
                           shown ? shown : "");
        free(shown);
    }
    if (!status)
        status = store_batch_begin(to, err);
    bool writing = !status;
    if (!status && !empty)
        status = join_once(source, to, &plan, as ? as : site, err);
    if (!status && empty && by_site)
        status = note_copied_from(source, to, err);
    /* A new database comes with the partners and policy shipped in data/: the source's own
     * take their place (its request kinds refer to its partners). */
    if (!status && empty)
        status = store_exec(to, "DELETE FROM request_kind; DELETE FROM partner", err);
    for (size_t t = 0; !status && t < ARRAY_LEN(copied_tables); t++) {
        /* one site's rows: the new database's settings are the source's still */
        if (by_site && strcmp(copied_tables[t], "setting"))
            continue;
        if (by_site && !empty)
            break; /* a network joined keeps its own settings */
        long long rows = 0;
        status = copy_table(source, to, copied_tables[t], by_site, &rows, err);
        if (!status && progress && progress->table)
            status = progress->table(copied_tables[t], rows, 0, progress->ctx, err);
    }
    if (!status && by_site)
        status = store_copy_site_rows(source, to, &plan, progress, err);
    if (!status && empty && (!by_site || plan.whole)) /* a network's key stays its own */
        status = store_carry_erasure_key(source, to, err);
    if (!status && empty)
        status = copy_session_number(source, to, err);
    if (!status)
        status = copy_people_index(to, err);
    if (!status)
        status = advance_sequences(to, err);
    /* Checked before it is kept: the counts and indexes the target's triggers made against the
     * rows, the references and the codes. */
    sound = false;
    if (!status)
        status = store_check(to, note_problem, &problems, &sound, NULL, err);
    if (!status && !sound)
        status = error_set(err, GU_FAILURE,
                           _("the copy is not sound (%s): nothing was written"),
                           strbuf_failed(&problems.said) ? "" : strbuf_str(&problems.said));
    strbuf_release(&problems.said);
    if (!status) {
        char now[21];
        clock_now_utc_text(now);
        status = store_add_audit(to, now, 0, "copy", by_site ? "site" : "database", 0, NULL,
                                 err);
    }
    if (writing)
        status = store_batch_end(to, status, err);
    if (db_in_transaction(source->db))
        db_exec(source->db, "ROLLBACK");
    store_close(to);
    /* Its name, never over a file made meanwhile (link, then the part's name removed). */
    if (!status && part && link(part, target) != 0)
        status = error_set(err, GU_FAILURE, _("cannot create %s: %s"), target,
                           error_system_text(errno));
    if (part)
        remove_new_file(part);
    free(part);
    return status;
}
