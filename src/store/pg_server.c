/* A store on a PostgreSQL server (a network of libraries): telling a server's connection string
 * from a file's path, connecting through libpq, and saying plainly, in the desk's language, why a
 * connection failed. Passwords come from libpq's usual places (~/.pgpass, PGPASSFILE,
 * PGSERVICE), never from the command line or GUICHET_DB, and never appear in a message. */
#include "store/internal.h"

#include "embedded.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "store/engine_pg.h"
#include "strbuf.h"

bool store_target_is_server(const char *target)
{
    if (!target)
        return false;
    /* Spaces or tabs pasted before it, and any spelling of the scheme, so that a mistyped one
     * is refused rather than taken for a file name (a desk would then work on a stray file,
     * unseen, and a password in it would name folders on the disk). A path never holds "://". */
    target += strspn(target, " \t");
    if (!strncasecmp(target, "postgresql:", 11) || !strncasecmp(target, "postgres:", 9) ||
        strstr(target, "://"))
        return true;
    /* libpq's keywords after a quote, a no-break space, a byte-order mark…: a file's name never
     * holds them, a connection string pasted from an env file does. */
    static const char *const keywords[] = {"password", "host=", "dbname=", "user=", "sslmode="};
    for (const char *p = target; *p; p++)
        for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
            if (!strncasecmp(p, keywords[i], strlen(keywords[i])))
                return true;
    /* libpq's "keyword=value …" form: a word of letters and underscores, then "=". A path never
     * starts so unless it is a bare name with "=" in it, which guichet does not create. */
    const char *p = target;
    const char *word = p;
    while (islower((unsigned char)*p) || *p == '_')
        p++;
    if (p == word)
        return false;
    while (*p == ' ')
        p++;
    return *p == '=';
}

/* How the server is named in messages: host (or socket folder), port and database as libpq
 * resolved them, never the string typed (it could hold what should not be shown). */
static char *server_name(PGconn *conn)
{
    struct strbuf name = {0};
    const char *host = conn ? PQhost(conn) : NULL, *port = conn ? PQport(conn) : NULL;
    const char *db = conn ? PQdb(conn) : NULL;
    bool numeric = port && *port && strspn(port, "0123456789") == strlen(port);
    strbuf_printf(&name, "%s%s%s/%s", host && *host ? host : "localhost", numeric ? ":" : "",
                  numeric ? port : "", db ? db : "");
    char *text = strbuf_finish(&name);
    char *clean = text ? text_for_display(text, strlen(text)) : NULL;
    free(text);
    return clean;
}

char *store_target_display(const char *target)
{
    if (!store_target_is_server(target))
        return text_for_display(target, strlen(target));
    PQconninfoOption *options = PQconninfoParse(target, NULL);
    const char *host = NULL, *port = NULL, *db = NULL;
    for (PQconninfoOption *o = options; o && o->keyword; o++) {
        if (!strcmp(o->keyword, "host") && o->val && *o->val)
            host = o->val;
        else if (!strcmp(o->keyword, "port") && o->val && *o->val)
            port = o->val;
        else if (!strcmp(o->keyword, "dbname") && o->val && *o->val)
            db = o->val;
    }
    struct strbuf name = STRBUF_INIT;
    bool numeric = port && strspn(port, "0123456789") == strlen(port);
    strbuf_printf(&name, "%s%s%s/%s", host ? host : "localhost", numeric ? ":" : "",
                  numeric ? port : "", db ? db : "");
    PQconninfoFree(options);
    char *text = strbuf_finish(&name);
    char *clean = text ? text_for_display(text, strlen(text)) : NULL;
    free(text);
    return clean;
}

/* Whether text holds the word "password", in any case. */
static bool mentions_password(const char *text)
{
    for (const char *p = text; *p; p++)
        if (!strncasecmp(p, "password", 8))
            return true;
    return false;
}

/* A password given in the string itself (keyword password, or user:password@ in a URI). */
static int refuse_password(const char *target, struct gu_error *err)
{
    char *why = NULL;
    PQconninfoOption *options = PQconninfoParse(target, &why);
    if (!options) {
        PQfreemem(why); /* libpq's words may quote the string: not shown */
        return error_set(err, GU_INVALID, "%s",
                         _("the PostgreSQL connection string is not understood: write it as "
                           "postgresql://host/database or \"host=… dbname=…\" (a database file "
                           "whose name has \"=\" or starts with \"postgres:\" is written "
                           "./NAME)"));
    }
    /* password and sslpassword; and a value holding "password=" (a string quoted inside
     * dbname, say), which libpq would read as a string of its own. */
    bool password = false;
    for (PQconninfoOption *o = options; o->keyword; o++)
        if (o->val && *o->val &&
            (!strcmp(o->keyword, "password") || !strcmp(o->keyword, "sslpassword") ||
             mentions_password(o->val)))
            password = true;
    /* postgresql://user:secret/base, its "@" forgotten: libpq reads the password as the port,
     * and would say it back. A port must be a number (or numbers, one per host). */
    for (PQconninfoOption *o = options; o->keyword; o++)
        if (!strcmp(o->keyword, "port") && o->val && strspn(o->val, "0123456789,") != strlen(o->val))
            password = true;
    PQconninfoFree(options);
    if (password)
        return error_set(err, GU_INVALID, "%s",
                         _("guichet takes no password in --db or GUICHET_DB, where others may read "
                           "it: put it in ~/.pgpass (or the file PGPASSFILE names, or a "
                           "service of PGSERVICE)"));
    return GU_OK;
}

/* Why libpq could not connect, in words a desk can act on; detail is libpq's message. */
static const char *const auth_words[] = {
    "password authentication failed", "no password supplied", "authentication failed",
    "authentification par mot de passe", "aucun mot de passe", "authentification", NULL,
};
static const char *const missing_words[] = {"does not exist", "n’existe pas", "n'existe pas", NULL};
static const char *const role_words[] = {"role \"", "le rôle", NULL};
static const char *const database_words[] = {"database \"", "base de données", NULL};

static const char *const hba_words[] = {"pg_hba.conf", NULL};

static bool has_any(const char *text, const char *const *words)
{
    for (; *words; words++)
        if (strstr(text, *words))
            return true;
    return false;
}

/* libpq's message on one line, made safe for the terminal; NULL when memory is short. */
static char *one_line(const char *message)
{
    char *flat = strdup(message);
    if (!flat)
        return NULL;
    /* libpq's hints start a line with a tab: a sentence of their own. */
    char *o = flat;
    for (const char *p = message; *p; p++) {
        if (*p == '\n' && p[1] == '\t') {
            while (o > flat && o[-1] == ' ')
                o--;
            if (o > flat && o[-1] != '.')
                *o++ = '.';
            *o++ = ' ';
            p++;
        } else if (*p == '\n' || *p == '\t' || *p == '\r') {
            if (o > flat && o[-1] != ' ')
                *o++ = ' ';
        } else if (*p == ' ' && o > flat && o[-1] == ' ')
            continue;
        else
            *o++ = *p;
    }
    *o = '\0';
    size_t n = strlen(flat);
    while (n && flat[n - 1] == ' ')
        flat[--n] = '\0';
    char *clean = text_for_display(flat, n);
    free(flat);
    return clean;
}

static int connection_error(PGconn *conn, struct gu_error *err)
{
    const char *detail = conn ? PQerrorMessage(conn) : "";
    char *name = server_name(conn);
    char *clean = one_line(detail);
    const char *server = name ? name : "";
    int status;
    /* The server's words are in its own language (English or French here), libpq's in the
     * desk's: both are looked for. */
    if (!conn)
        status = error_nomem(err);
    else if (has_any(detail, hba_words))
        status = error_set(err, GU_FAILURE,
                           _("the PostgreSQL server %s does not let this desk in (pg_hba.conf): "
                             "ask its administrators"),
                           server);
    else if (PQconnectionNeedsPassword(conn) || has_any(detail, auth_words) ||
             (has_any(detail, role_words) && has_any(detail, missing_words)))
        status = error_set(err, GU_FAILURE,
                           _("the PostgreSQL server %s refused the user or the password: check "
                             "the user in --db and the password in ~/.pgpass"),
                           server);
    else if (has_any(detail, database_words) && has_any(detail, missing_words))
        status = error_set(err, GU_FAILURE,
                           _("the PostgreSQL server %s has no such database: create it first "
                             "(createdb), as the README says"),
                           server);
    else if (strstr(detail, "FATAL"))
        /* The server answered, and refused: no right to connect to the database, connections
         * closed to it, too many connections… its own words say which. */
        status = error_set(err, GU_FAILURE,
                           _("the PostgreSQL server %s refused the connection: %s; ask its "
                             "administrators"),
                           server, clean ? clean : "");
    else if (strstr(detail, "SSL") || strstr(detail, "ssl"))
        status = error_set(err, GU_FAILURE,
                           _("the encrypted connection to the PostgreSQL server %s failed "
                             "(sslmode): %s"),
                           server, clean ? clean : "");
    else
        status = error_set(err, GU_FAILURE,
                           _("cannot reach the PostgreSQL server %s: nothing was written; check "
                             "that it runs and that the address is right (%s)"),
                           server, clean ? clean : "");
    free(clean);
    free(name);
    return status;
}

int store_pg_connect(const char *target, PGconn **out, struct gu_error *err)
{
    *out = NULL;
    target += strspn(target, " \t"); /* pasted with a space before it */
    if (refuse_password(target, err))
        return err->status;
    /* A server that takes the connection and never answers would hold the desk for ever: ten
     * seconds unless the string or PGCONNECT_TIMEOUT says otherwise (the string's own values,
     * expanded from dbname, come after this one and win). */
    const char *timeout = getenv("PGCONNECT_TIMEOUT");
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const values[] = {timeout && *timeout ? timeout : "10", target, NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        int status = connection_error(conn, err);
        PQfinish(conn);
        return status;
    }
    int version = PQserverVersion(conn);
    if (version < 150000) {
        char *name = server_name(conn);
        const char *said = PQparameterStatus(conn, "server_version");
        char *shown = one_line(said ? said : "?");
        error_set(err, GU_FAILURE,
                  _("the PostgreSQL server %s runs version %s: guichet needs version 15 or "
                    "newer"),
                  name ? name : "", shown ? shown : "?");
        free(shown);
        free(name);
        PQfinish(conn);
        return GU_FAILURE;
    }
    /* Every session in UTC and UTF-8, whatever the server's defaults: guichet writes its times
     * in UTC and its text in UTF-8. */
    PGresult *res = PQexec(conn, PG_SESSION_SETUP);
    bool set = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!set) {
        int status = connection_error(conn, err);
        PQfinish(conn);
        return status;
    }
    *out = conn;
    return GU_OK;
}

/* What a database holds of guichet's schema: none, a version (guichet_schema, kept by the
 * PostgreSQL migrations), a table that cannot be read, or one holding no version guichet writes
 * (none, or not above 0). */
enum schema_state { SCHEMA_NONE, SCHEMA_VERSION, SCHEMA_UNREADABLE, SCHEMA_FOREIGN };

static enum schema_state read_schema_version(PGconn *conn, long long *version)
{
    *version = 0;
    PGresult *res = PQexec(conn, "SELECT to_regclass('guichet_schema') IS NOT NULL");
    bool read = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    bool present = read && *PQgetvalue(res, 0, 0) == 't';
    PQclear(res);
    if (!read)
        return SCHEMA_UNREADABLE;
    if (!present)
        return SCHEMA_NONE;
    res = PQexec(conn, "SELECT max(version)::bigint FROM guichet_schema");
    enum schema_state state = SCHEMA_UNREADABLE;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        *version = PQgetisnull(res, 0, 0) ? 0 : strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        state = *version > 0 ? SCHEMA_VERSION : SCHEMA_FOREIGN;
    }
    PQclear(res);
    return state;
}

/* Whether the database already holds tables of its own in the schema guichet would write in
 * (another program's, or a half-made guichet schema without its version). */
static int count_own_tables(struct db *db, long long *count)
{
    struct db_stmt *stmt = NULL;
    int rc = db_prepare(db, "SELECT count(*) FROM pg_catalog.pg_tables "
                            "WHERE schemaname = current_schema()", &stmt);
    if (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        *count = db_column_int64(stmt, 0);
        rc = DB_OK;
    }
    db_finalize(stmt);
    return rc;
}

static int record_digests(struct store *st, struct gu_error *err);

/* The version data/pg/schema.sql makes; data/pg/migrations/ go on from there. */
#define PG_BASE_VERSION 23

/* Runs the PostgreSQL migrations above version `from`, in the caller's write transaction, then
 * records the definitions check compares the schema with. */
static int migrate_server(struct store *st, long long from, struct gu_error *err)
{
    int status = GU_OK;
    for (size_t i = 0; !status && i < embedded_pg_migration_count; i++) {
        const struct embedded_migration *m = &embedded_pg_migrations[i];
        if (m->version <= from)
            continue;
        char set[96];
        snprintf(set, sizeof set, "UPDATE guichet_schema SET version = %d", m->version);
        status = store_exec(st, m->sql, err);
        if (!status)
            status = store_exec(st, set, err);
    }
    if (!status)
        status = store_exec(st, "DELETE FROM guichet_schema_object", err);
    if (!status)
        status = record_digests(st, err);
    return status;
}

/* Reads the schema's version under the write lock (engine.h: begin_write), so that of two desks
 * opening a new database together one creates the schema and the other finds it made; an empty
 * database gets data/pg/schema.sql in that same transaction, all or nothing. */
static int prepare_schema(struct store *st, const char *name, bool readonly,
                          struct gu_error *err)
{
    PGconn *conn = db_pg_conn(st->db);
    long long version = 0;
    /* Every open but a new database's finds the schema current: read without the write lock,
     * as migrate does on SQLite, not a transaction at each desk's start. */
    if (!readonly && read_schema_version(conn, &version) == SCHEMA_VERSION &&
        version == store_schema_version())
        return GU_OK;
    int status = readonly ? GU_OK : store_tx_begin(st, err);
    if (status)
        return status;
    enum schema_state state = read_schema_version(conn, &version);
    if (state == SCHEMA_UNREADABLE) {
        char *why = one_line(PQerrorMessage(conn));
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds a guichet_schema "
                             "table that guichet cannot read (%s): nothing was written"),
                           name, why ? why : "");
        free(why);
    } else if (state == SCHEMA_FOREIGN)
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds a guichet_schema "
                             "table that guichet did not write: nothing was written"),
                           name);
    else if (version > store_schema_version())
        status = store_refuse_newer(name, version, err);
    else if (state == SCHEMA_VERSION && version < PG_BASE_VERSION)
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds guichet's schema "
                             "version %lld, which this guichet cannot bring up to date: nothing "
                             "was written"),
                           name, version);
    else if (state == SCHEMA_VERSION && readonly && version < store_schema_version())
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds guichet's schema "
                             "version %lld: open it once to bring it up to date (version %d)"),
                           name, version, store_schema_version());
    else if (state == SCHEMA_VERSION && version < store_schema_version())
        status = migrate_server(st, version, err);
    else if (state == SCHEMA_NONE && readonly)
        status = error_set(err, GU_FAILURE, _("the database %s on the PostgreSQL server holds "
                                              "no guichet database yet"),
                           name);
    else if (state == SCHEMA_NONE) {
        long long tables = 0;
        int rc = count_own_tables(st->db, &tables);
        if (rc != DB_OK)
            status = store_db_error(st, rc, err);
        else if (tables > 0)
            status = error_set(err, GU_FAILURE,
                               ngettext("the database %s on the PostgreSQL server already holds "
                                        "%lld table of another program: guichet keeps its data "
                                        "in a database of its own; nothing was written",
                                        "the database %s on the PostgreSQL server already holds "
                                        "%lld tables of another program: guichet keeps its data "
                                        "in a database of its own; nothing was written",
                                        (unsigned long)tables),
                               name, tables);
        else
            status = store_exec(st, embedded_pg_schema_sql, err);
        if (!status && tables == 0)
            status = migrate_server(st, PG_BASE_VERSION, err);
    }
    return readonly ? status : store_tx_end(st, status, err);
}

int store_open_server(const char *target, bool readonly, struct store **out,
                      struct gu_error *err)
{
    *out = NULL;
    int status = vocab_load(err);
    PGconn *conn = NULL;
    if (!status)
        status = store_pg_connect(target, &conn, err);
    if (status)
        return status;
    char *name = server_name(conn);
    struct store *st = calloc(1, sizeof *st);
    if (!st || !name) {
        free(st);
        free(name);
        PQfinish(conn);
        return error_nomem(err);
    }
    st->path = name;
    if (!(st->db = db_pg_wrap(conn))) {
        store_close(st);
        return error_nomem(err);
    }
    status = prepare_schema(st, name, readonly, err);
    if (!status && !readonly)
        status = store_sync_vocabulary(st, err);
    if (!status && !readonly)
        status = store_load_defaults(st, err);
    if (status) {
        store_close(st);
        return status;
    }
    *out = st;
    return GU_OK;
}

int store_pg_each_identity(struct store *st, store_pg_identity_fn fn, void *ctx,
                           struct gu_error *err)
{
    struct db_stmt *columns = NULL;
    int rc = db_prepare(st->db,
        "SELECT quote_ident(c.relname), quote_ident(a.attname), "
        "pg_get_serial_sequence(quote_ident(c.relname), a.attname), c.relname "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND a.attidentity <> '' AND c.relkind = 'r' "
        "ORDER BY c.relname", &columns);
    int status = rc == DB_OK ? GU_OK : store_db_error(st, rc, err);
    while (!status && (rc = db_step(columns)) == DB_ROW)
        if (db_column_text(columns, 2))
            status = fn(st, (const char *)db_column_text(columns, 0),
                        (const char *)db_column_text(columns, 1),
                        (const char *)db_column_text(columns, 2),
                        (const char *)db_column_text(columns, 3), ctx, err);
    if (!status && rc != DB_DONE)
        status = store_db_error(st, rc, err);
    db_finalize(columns);
    return status;
}

/* ---- check: the schema by name ------------------------------------------------------------ */

/* One object data/pg/schema.sql creates: its type as check names it, and its name. */
struct pg_object {
    const char *type;
    char name[64]; /* PostgreSQL's names are at most 63 bytes */
    bool seen;
};

/* Adds (or, for a DROP, takes out) the object a line of the embedded schema or of a migration
 * names ("CREATE TABLE name", "DROP INDEX name", at a line's start); -1 when memory is short. */
static int pg_schema_line(const char *line, struct pg_object **out, long *n, long *size)
{
    static const struct {
        const char *prefix, *type;
        bool drop;
    } kinds[] = {
        {"CREATE TABLE ", "table", false},   {"CREATE UNIQUE INDEX ", "index", false},
        {"CREATE INDEX ", "index", false},   {"CREATE VIEW ", "view", false},
        {"CREATE TRIGGER ", "trigger", false}, {"DROP TABLE ", "table", true},
        {"DROP INDEX ", "index", true},      {"DROP VIEW ", "view", true},
        {"DROP TRIGGER ", "trigger", true},
    };
    for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
        size_t len = strlen(kinds[k].prefix);
        if (strncmp(line, kinds[k].prefix, len))
            continue;
        const char *at = line + len;
        if (!strncmp(at, "IF EXISTS ", 10))
            at += 10;
        int name = (int)strspn(at, "abcdefghijklmnopqrstuvwxyz0123456789_");
        if (kinds[k].drop) {
            for (long i = 0; i < *n; i++)
                if (!strcmp((*out)[i].type, kinds[k].type) &&
                    (int)strlen((*out)[i].name) == name && !strncmp((*out)[i].name, at, (size_t)name))
                    (*out)[i] = (*out)[--*n];
            return 0;
        }
        if (*n == *size) {
            *size = *size ? *size * 2 : 256;
            struct pg_object *more = realloc(*out, (size_t)*size * sizeof *more);
            if (!more)
                return -1;
            *out = more;
        }
        (*out)[*n] = (struct pg_object){.type = kinds[k].type};
        snprintf((*out)[*n].name, sizeof (*out)[*n].name, "%.*s", name, at);
        ++*n;
        return 0;
    }
    return 0;
}

/* The objects the embedded schema and its migrations create, into *out (the caller frees it);
 * -1 when memory is short. */
static long pg_schema_objects(struct pg_object **out)
{
    long n = 0, size = 0;
    *out = NULL;
    for (size_t m = 0; m <= embedded_pg_migration_count; m++) {
        const char *text = m ? embedded_pg_migrations[m - 1].sql : embedded_pg_schema_sql;
        for (const char *line = text; line && *line;) {
            if (pg_schema_line(line, out, &n, &size)) {
                free(*out);
                *out = NULL;
                return -1;
            }
            line = strchr(line, '\n');
            line = line ? line + 1 : NULL;
        }
    }
    return n;
}

static void pg_schema_report(const char *type, const char *name, enum schema_difference d,
                             store_problem_fn fn, void *ctx, long *problems)
{
    (*problems)++;
    if (!fn)
        return;
    struct strbuf line = STRBUF_INIT;
    strbuf_printf(&line, store_schema_difference_format(type, d), name);
    fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
    strbuf_release(&line);
}

/* Every object of the schemas live and expected (names from the catalog, the definitions as the
 * server writes them back, each schema's name taken out), for the comparison below. */
#define PG_OBJECTS                                                                             \
    "WITH objs AS ("                                                                            \
    "SELECT n.nspname AS sch, 'trigger' AS type, t.tgname::text AS name, "                      \
    "pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text AS def FROM pg_catalog.pg_trigger t "  \
    "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "                                          \
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "        \
    "UNION ALL SELECT n.nspname, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' "    \
    "ELSE 'table' END, c.relname::text, CASE c.relkind WHEN 'v' THEN pg_get_viewdef(c.oid) "    \
    "WHEN 'i' THEN pg_get_indexdef(c.oid) ELSE (SELECT string_agg(a.attname || ' ' || "         \
    "format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' "  \
    "END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || a.attidentity::text || "\
    "a.attgenerated::text, ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a "            \
    "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "       \
    "WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) || ' ' || "              \
    "coalesce((SELECT string_agg(pg_get_constraintdef(k.oid), ', ' ORDER BY "                   \
    "pg_get_constraintdef(k.oid)) FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid), "  \
    "'') || coalesce((SELECT ' ' || string_agg(pg_get_ruledef(r.oid), ' ' ORDER BY r.rulename) "  \
    "FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN'), '') || " \
    "CASE WHEN c.relrowsecurity THEN ' row security' ELSE '' END "                              \
    "END FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "                            \
    "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'i') AND NOT EXISTS "         \
    "(SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = c.oid) "                      \
    "UNION ALL SELECT n.nspname, 'function', p.proname || '(' || "                              \
    "pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid) "              \
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "       \
    "WHERE p.prokind = 'f' "                                                                    \
    "UNION ALL SELECT n.nspname, 'function', p.proname || '(' || "                              \
    "pg_get_function_identity_arguments(p.oid) || ')', 'aggregate ' || a.aggtransfn::text || "  \
    "' ' || a.aggfinalfn::text || ' ' || a.aggtranstype::regtype::text "                        \
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "       \
    "JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid WHERE p.prokind = 'a') "

/* What differs between live (with digests) and the expected objects ref (type, name, digest):
 * a definition (SCHEMA_ALTERED), and the functions, whose forms the names' comparison cannot
 * tell apart, missing or added. */
#define PG_DIFFERENCES(ref)                                                                    \
    "SELECT l.type, l.name, 2 FROM live l JOIN " ref " r ON r.type = l.type AND r.name = l.name " \
    "WHERE r.digest <> l.digest UNION ALL SELECT r.type, r.name, 0 FROM " ref " r "             \
    "WHERE r.type = 'function' AND NOT EXISTS (SELECT 1 FROM live l WHERE l.type = r.type "     \
    "AND l.name = r.name) UNION ALL SELECT l.type, l.name, 1 FROM live l "                      \
    "WHERE l.type = 'function' AND NOT EXISTS (SELECT 1 FROM " ref " r WHERE r.type = l.type "  \
    "AND r.name = l.name) ORDER BY 1, 2"

/* What differs between the live schema (?1) and the expected one (?2) made beside it. */
static const char pg_altered_sql[] =
    PG_OBJECTS
    ", live AS (SELECT type, replace(name, quote_ident(?1) || '.', '') AS name, "
    "md5(replace(def, quote_ident(?1) || '.', '')) AS digest FROM objs WHERE sch = ?1), "
    "exp AS (SELECT type, replace(name, quote_ident(?2) || '.', '') AS name, "
    "md5(replace(def, quote_ident(?2) || '.', '')) AS digest FROM objs WHERE sch = ?2) "
    PG_DIFFERENCES("exp");

/* Each object of the schema ?1 with the digest of its definition, the schema's name taken out;
 * read with search_path empty, so that every name in a definition is written whole. */
#define PG_DIGESTS                                                                             \
    PG_OBJECTS "SELECT type, replace(name, quote_ident(?1) || '.', '') AS name, "               \
    "md5(replace(def, quote_ident(?1) || '.', '')) AS digest FROM objs WHERE sch = ?1"

/* The database's schema (guichet's tables live there) as it is named and as SQL quotes it;
 * then search_path emptied for the rest of the caller's transaction, so that the server writes
 * every name in a definition whole (PG_DIGESTS takes the schema's name out again). */
static int name_schema(struct store *st, char **schema, char **quoted, struct gu_error *err)
{
    *schema = *quoted = NULL;
    struct db_stmt *stmt = NULL;
    int rc = db_prepare(st->db, "SELECT current_schema(), quote_ident(current_schema())", &stmt);
    if (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        *schema = strdup((const char *)db_column_text(stmt, 0));
        *quoted = strdup((const char *)db_column_text(stmt, 1));
        rc = *schema && *quoted ? DB_OK : DB_NOMEM;
    }
    db_finalize(stmt);
    if (rc == DB_OK)
        rc = db_exec(st->db, "SET LOCAL search_path = ''");
    if (rc == DB_OK)
        return GU_OK;
    free(*schema);
    free(*quoted);
    *schema = *quoted = NULL;
    return store_db_error(st, rc, err);
}

/* Prepares sql, in which %s stands for the quoted schema, with ?1 bound to its name. */
static int prepare_in_schema(struct store *st, const char *sql, const char *schema,
                             const char *quoted, struct db_stmt **out, struct gu_error *err)
{
    *out = NULL;
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, sql, quoted);
    int rc = strbuf_failed(&text) ? DB_NOMEM : db_prepare(st->db, strbuf_str(&text), out);
    strbuf_release(&text);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    db_bind_text(*out, 1, schema, -1);
    return GU_OK;
}

/* Reports each row (type, name, enum schema_difference) of stmt, a PG_DIFFERENCES query. */
static int report_differences(struct store *st, struct db_stmt *stmt, store_problem_fn fn,
                              void *ctx, long *problems, struct gu_error *err)
{
    int rc;
    while ((rc = db_step(stmt)) == DB_ROW) {
        const char *name = (const char *)db_column_text(stmt, 1);
        char *shown = text_for_display(name, strlen(name));
        pg_schema_report((const char *)db_column_text(stmt, 0), shown ? shown : "?",
                         (enum schema_difference)db_column_int(stmt, 2), fn, ctx, problems);
        free(shown);
    }
    return rc == DB_DONE ? GU_OK : store_db_error(st, rc, err);
}

/* Right after the schema is made, in its transaction: the digests check compares it with. */
static int record_digests(struct store *st, struct gu_error *err)
{
    char *schema = NULL, *quoted = NULL;
    struct db_stmt *put = NULL;
    int status = name_schema(st, &schema, &quoted, err);
    if (!status)
        status = prepare_in_schema(st,
            "INSERT INTO %s.guichet_schema_object (type, name, digest, server) "
            "SELECT type, name, digest, current_setting('server_version_num')::int "
            "FROM (" PG_DIGESTS ") AS d", schema, quoted, &put, err);
    if (!status)
        status = store_stmt_run(st, put, err);
    db_finalize(put);
    free(schema);
    free(quoted);
    if (!status)
        status = store_exec(st, "SET LOCAL search_path = DEFAULT", err);
    return status;
}

/* The objects whose definition's digest differs from the one recorded when the schema was made;
 * *compared false when none was recorded on this server's version (the schema made by another
 * version of the server: the definitions may be written back otherwise), and the schema is then
 * made again beside it (pg_compare_definitions). */
static int pg_compare_digests(struct store *st, store_problem_fn fn, void *ctx, long *problems,
                              bool *compared, struct gu_error *err)
{
    *compared = false;
    long long recorded = 0;
    int status = store_query_int(st, "SELECT count(*) FROM guichet_schema_object "
                                     "WHERE server = current_setting('server_version_num')::int",
                                 &recorded, err);
    if (status || !recorded)
        return status;
    bool nested = db_in_transaction(st->db);
    if (!nested && (status = store_exec(st, "BEGIN", err)))
        return status;
    char *schema = NULL, *quoted = NULL;
    struct db_stmt *stmt = NULL;
    status = name_schema(st, &schema, &quoted, err);
    if (!status)
        status = prepare_in_schema(st,
            "WITH live AS (" PG_DIGESTS "), rec AS (SELECT type, name, digest "
            "FROM %s.guichet_schema_object) " PG_DIFFERENCES("rec"),
            schema, quoted, &stmt, err);
    if (!status)
        status = report_differences(st, stmt, fn, ctx, problems, err);
    db_finalize(stmt);
    free(schema);
    free(quoted);
    db_exec(st->db, nested ? "SET LOCAL search_path = DEFAULT" : "ROLLBACK");
    *compared = !status;
    return status;
}

/* A schema of the expected objects made beside the live one, in a transaction rolled back: the
 * definitions the server writes back for each are compared, as SQLite's check compares a new
 * database's schema made in memory. Needs the right to create a schema in the database (its
 * owner's); without it, the comparison by name stands alone. */
static int pg_compare_definitions(struct store *st, store_problem_fn fn, void *ctx,
                                  long *problems, struct gu_error *err)
{
    /* Inside the caller's transaction (copy-to checks its copy before the commit) a savepoint,
     * whose rollback leaves the caller's writes alone. */
    bool nested = db_in_transaction(st->db);
    const char *undo = nested ? "ROLLBACK TO SAVEPOINT guichet_expected; "
                                "RELEASE SAVEPOINT guichet_expected"
                              : "ROLLBACK";
    if (db_exec(st->db, nested ? "SAVEPOINT guichet_expected" : "BEGIN") != DB_OK)
        return GU_OK;
    if (db_exec(st->db, "CREATE SCHEMA guichet_expected; "
                        "SET LOCAL search_path = guichet_expected") != DB_OK) {
        db_exec(st->db, undo);
        return GU_OK;
    }
    /* Made, then every name written whole (name_schema) and each side's schema taken out. */
    char *schema = NULL, *quoted = NULL;
    struct db_stmt *stmt = NULL;
    bool made = db_exec(st->db, embedded_pg_schema_sql) == DB_OK;
    for (size_t m = 0; made && m < embedded_pg_migration_count; m++)
        made = db_exec(st->db, embedded_pg_migrations[m].sql) == DB_OK;
    int status = made && db_exec(st->db, "RESET search_path") == DB_OK
                     ? GU_OK
                     : store_db_error(st, DB_ERROR, err);
    if (!status)
        status = name_schema(st, &schema, &quoted, err);
    if (!status)
        status = prepare_in_schema(st, pg_altered_sql, schema, quoted, &stmt, err);
    if (!status) {
        db_bind_text(stmt, 2, "guichet_expected", -1);
        status = report_differences(st, stmt, fn, ctx, problems, err);
    }
    db_finalize(stmt);
    free(schema);
    free(quoted);
    db_exec(st->db, undo);
    return status;
}

int store_pg_compare_schema(struct store *st, store_problem_fn fn, void *ctx, long *problems,
                            struct gu_error *err)
{
    *problems = 0;
    struct pg_object *expected;
    long n = pg_schema_objects(&expected);
    if (n < 0)
        return error_nomem(err);
    /* The schema's own objects: not the indexes behind its keys and unique constraints, nor the
     * triggers that enforce its references (PostgreSQL makes those of the tables' text); the
     * functions, each form by its arguments, with the definitions below. */
    struct db_stmt *stmt = NULL;
    int rc = db_prepare(st->db,
        "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' ELSE 'table' END, "
        "c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'i') "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = c.oid) "
        "UNION ALL SELECT 'trigger', t.tgname FROM pg_catalog.pg_trigger t "
        "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1, 2",
        &stmt);
    while (rc == DB_OK && (rc = db_step(stmt)) == DB_ROW) {
        const char *type = (const char *)db_column_text(stmt, 0);
        const char *name = (const char *)db_column_text(stmt, 1);
        bool known = false; /* every entry of the name: a function may have several forms */
        for (long i = 0; i < n; i++)
            if (!strcmp(expected[i].type, type) && !strcmp(expected[i].name, name))
                known = expected[i].seen = true;
        if (!known) {
            char *shown = text_for_display(name, strlen(name)); /* the server's: any text */
            pg_schema_report(type, shown ? shown : "?", SCHEMA_ADDED, fn, ctx, problems);
            free(shown);
        }
        rc = DB_OK;
    }
    db_finalize(stmt);
    for (long i = 0; (rc == DB_DONE || rc == DB_OK) && i < n; i++)
        if (!expected[i].seen)
            pg_schema_report(expected[i].type, expected[i].name, SCHEMA_MISSING, fn, ctx,
                             problems);
    free(expected);
    if (rc != DB_DONE && rc != DB_OK)
        return store_db_error(st, rc, err);
    bool compared = false;
    int status = pg_compare_digests(st, fn, ctx, problems, &compared, err);
    return status || compared ? status : pg_compare_definitions(st, fn, ctx, problems, err);
}
