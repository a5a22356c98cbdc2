/* A store on a PostgreSQL server (a network of libraries): telling a server's connection string
 * from a file's path, connecting through libpq, and saying plainly, in the desk's language, why a
 * connection failed. Passwords come from libpq's usual places (~/.pgpass, PGPASSFILE,
 * PGSERVICE), never from the command line or GUICHET_DB, and never appear in a message. */
#include "store/internal.h"

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
    /* Any spelling of the scheme, so that a mistyped one is refused rather than taken for a
     * file name (a desk would then work on a stray file, unseen). */
    if (!strncasecmp(target, "postgresql:", 11) || !strncasecmp(target, "postgres:", 9))
        return true;
    /* libpq's "keyword=value …" form: a word of letters and underscores, then "=". A path never
     * starts so unless it is a bare name with "=" in it, which guichet does not create. */
    const char *p = target;
    while (*p == ' ')
        p++;
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
    PGresult *res = PQexec(conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'");
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

int store_open_server(const char *target, struct store **out, struct gu_error *err)
{
    *out = NULL;
    int status = vocab_load(err);
    PGconn *conn = NULL;
    if (!status)
        status = store_pg_connect(target, &conn, err);
    if (status)
        return status;
    char *name = server_name(conn);
    long long version = 0;
    enum schema_state state = read_schema_version(conn, &version);
    if (state == SCHEMA_UNREADABLE) {
        char *why = one_line(PQerrorMessage(conn));
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds a guichet_schema "
                             "table that guichet cannot read (%s): nothing was written"),
                           name ? name : "", why ? why : "");
        free(why);
    } else if (state == SCHEMA_FOREIGN)
        status = error_set(err, GU_FAILURE,
                           _("the database %s on the PostgreSQL server holds a guichet_schema "
                             "table that guichet did not write: nothing was written"),
                           name ? name : "");
    else if (version > store_schema_version())
        status = store_refuse_newer(name ? name : "", version, err);
    else
        status = error_set(err, GU_FAILURE,
                           _("guichet reached the PostgreSQL server %s, but cannot keep its data "
                             "there yet: a network's database on PostgreSQL comes in a later "
                             "version; nothing was written"),
                           name ? name : "");
    free(name);
    PQfinish(conn);
    return status;
}
