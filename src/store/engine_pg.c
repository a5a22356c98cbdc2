/* The PostgreSQL engine (engine.h) on libpq: a network of libraries on one server.
 *
 * Statements are written as SQLite's, with numbered parameters ?1, ?2… (or ?), which become $1,
 * $2… here; each is prepared on the server under a name of its own. Parameters are sent as text,
 * their types inferred by the server. A statement's rows are read whole at its first step (libpq
 * cannot run another statement while it streams one, and the store runs statements inside
 * loops over others); those whose rows could be many have a LIMIT. Failures are mapped from
 * their SQLSTATE to the codes of engine.h. Another desk's commits are told by NOTIFY: the store
 * notifies guichet_change in each write transaction, and every connection listens to it. */
#include "store/engine_pg.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The types of the columns read, from PostgreSQL's catalogue (pg_type.dat). */
#define PG_BOOL 16
#define PG_BYTEA 17
#define PG_INT8 20
#define PG_INT2 21
#define PG_INT4 23
#define PG_TEXT 25
#define PG_OID 26
#define PG_FLOAT4 700
#define PG_FLOAT8 701
#define PG_NUMERIC 1700

#define PG_CHANNEL "guichet_change"

struct pg_db {
    struct db base;
    PGconn *conn;
    char *error;              /* the last failure's message (owned), or NULL */
    int64_t changes;          /* rows changed by the last statement */
    int64_t total_changes;    /* by all of them */
    int64_t last_id;          /* what the last INSERT returned as its id, or 0 */
    int64_t foreign_commits;  /* notifications from other connections (data_version) */
    unsigned long next_name;  /* statements are named s1, s2… */
    bool listening;
    unsigned generation;      /* the connection's: one more at each reconnection */
    bool in_transaction;      /* a BEGIN run and its end not yet: kept when the connection is
                               * lost, so that the transaction's end is told it was */
};

struct pg_stmt {
    struct db_stmt base;
    char name[24];
    int nparams;
    char **values;     /* each parameter as text, owned, or NULL for NULL */
    int *lengths;      /* for blobs (binary format), else 0 */
    int *formats;      /* 1 for a blob, else 0 (text) */
    PGresult *result;  /* the rows of the last execution, or NULL before the first step */
    int row;           /* the row read, -1 before the first */
    struct blob {
        unsigned char *data; /* a bytea column of the current row, decoded on demand */
        size_t len;
    } *blobs;
    int ncolumns;
    PGresult *description; /* columns known before a step (PQdescribePrepared), or NULL */
    char *text;            /* the statement as the server takes it (owned): prepared again on a
                            * new connection */
    unsigned generation;   /* the connection's when it was prepared there */
};

static const struct db_engine pg_engine;
static int pg_exec(struct db *db, const char *sql);

static struct pg_db *pg_of(struct db *db)
{
    return (struct pg_db *)db;
}

static struct pg_stmt *stmt_of(struct db_stmt *stmt)
{
    return (struct pg_stmt *)stmt;
}

PGconn *db_pg_conn(struct db *db)
{
    return db && db->engine == &pg_engine ? pg_of(db)->conn : NULL;
}

static void set_error(struct pg_db *db, const char *message)
{
    free(db->error);
    db->error = strdup(message ? message : "");
    /* libpq's messages end with a line break, and add their hints on lines of their own: one
     * line, for a message of the desk's status line. */
    size_t n = db->error ? strlen(db->error) : 0;
    while (n && (db->error[n - 1] == '\n' || db->error[n - 1] == ' '))
        db->error[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (db->error[i] == '\n' || db->error[i] == '\t' || db->error[i] == '\r')
            db->error[i] = ' ';
}


/* A connection the server closed (restarted, the session ended by its administrator, the network
 * cut) opened again, as it was: its settings, its LISTEN; the statements are prepared again as
 * each is next used (generation). The other desks' writes meanwhile are unknown: data_version
 * moves, so that the desk reads everything again. Only outside a transaction, which the server
 * has rolled back with the connection. */
static bool reconnect(struct pg_db *pdb)
{
    if (PQstatus(pdb->conn) != CONNECTION_BAD)
        return true;
    if (pdb->in_transaction) {
        set_error(pdb, "the connection to the server was lost: the transaction was not kept");
        return false;
    }
    PQreset(pdb->conn);
    if (PQstatus(pdb->conn) != CONNECTION_OK) {
        set_error(pdb, PQerrorMessage(pdb->conn));
        return false;
    }
    PGresult *res = PQexec(pdb->conn, PG_SESSION_SETUP "; LISTEN " PG_CHANNEL);
    bool set = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!set) {
        set_error(pdb, PQerrorMessage(pdb->conn));
        return false;
    }
    pdb->listening = true;
    pdb->generation++;
    pdb->foreign_commits++;
    return true;
}

/* Whether a call that failed may be made again on a new connection: the connection was lost,
 * and no transaction was open before it (nothing of it can have been kept). */
static bool retry_after_loss(struct pg_db *pdb, bool idle_before)
{
    return idle_before && !pdb->in_transaction && PQstatus(pdb->conn) == CONNECTION_BAD &&
           reconnect(pdb);
}

/* Whether sql ends a transaction (COMMIT, ROLLBACK, END; not ROLLBACK TO a savepoint). */
static bool ends_transaction(const char *sql)
{
    return !strncasecmp(sql, "COMMIT", 6) || !strncasecmp(sql, "END", 3) ||
           (!strncasecmp(sql, "ROLLBACK", 8) && strncasecmp(sql, "ROLLBACK TO", 11));
}

/* The code of engine.h for a server's SQLSTATE. */
static int code_of_sqlstate(const char *state)
{
    if (!state || strlen(state) != 5)
        return DB_ERROR;
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") ||
        !strcmp(state, "57014")) /* serialization, deadlock, lock not available, timeout */
        return DB_BUSY;
    if (!strncmp(state, "23", 2))
        return DB_CONSTRAINT;
    if (!strcmp(state, "53100"))
        return DB_FULL;
    if (!strcmp(state, "53200"))
        return DB_NOMEM;
    if (!strcmp(state, "25006"))
        return DB_READONLY;
    if (!strcmp(state, "XX001") || !strcmp(state, "XX002"))
        return DB_CORRUPT;
    if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
        return DB_IOERR;
    return DB_ERROR;
}

/* The code for a result (or its absence), its message kept; DB_OK for a success. */
static int result_code(struct pg_db *db, const PGresult *res)
{
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return DB_OK;
    if (!res) {
        set_error(db, PQerrorMessage(db->conn));
        return PQstatus(db->conn) == CONNECTION_BAD ? DB_IOERR : DB_NOMEM;
    }
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    set_error(db, primary ? primary : PQresultErrorMessage(res));
    if (PQstatus(db->conn) == CONNECTION_BAD)
        return DB_IOERR;
    return code_of_sqlstate(PQresultErrorField(res, PG_DIAG_SQLSTATE));
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The number of the parameter whose "?" p followed, p moved past its digits. */
static int read_index(const char **p, int highest)
{
    if (**p < '0' || **p > '9')
        return highest + 1; /* as SQLite numbers a bare "?" */
    int index = 0;
    while (**p >= '0' && **p <= '9' && index < 100000)
        index = index * 10 + (*(*p)++ - '0');
    return index;
}

char *db_pg_translate(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    /* "?" becomes "$N": at most 1 + 10 characters more for each. */
    char *out = malloc(n * 11 + 1);
    if (!out)
        return NULL;
    char *o = out;
    int highest = 0;
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"') { /* a literal or a quoted name, its doubled quotes too */
            char quote = *p;
            *o++ = *p++;
            while (*p) {
                if (*p == quote && p[1] == quote) {
                    *o++ = *p++;
                    *o++ = *p++;
                } else if (*p == quote) {
                    *o++ = *p++;
                    break;
                } else
                    *o++ = *p++;
            }
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                *o++ = *p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            size_t len = end ? (size_t)(end + 2 - p) : strlen(p);
            memcpy(o, p, len);
            o += len;
            p += len;
        } else if (!strncasecmp(p, "LIMIT", 5) && (p == sql || !is_name_char(p[-1])) &&
                   isspace((unsigned char)p[5]) && p[5 + strspn(p + 5, " \t\n")] == '?') {
            /* SQLite reads a negative LIMIT as none, PostgreSQL refuses it: NULL is none. */
            p += 5 + strspn(p + 5, " \t\n") + 1;
            int index = read_index(&p, highest);
            if (index > highest)
                highest = index;
            o += sprintf(o, "LIMIT (CASE WHEN $%d >= 0 THEN $%d END)", index, index);
        } else if (!strncasecmp(p, "CROSS JOIN", 10) && (p == sql || !is_name_char(p[-1])) &&
                   !is_name_char(p[10])) {
            /* SQLite's "CROSS JOIN t ON …" is an inner join whose order the planner keeps:
             * PostgreSQL takes no ON after CROSS JOIN, and chooses the order itself. The store
             * writes CROSS JOIN only with an ON. */
            o += sprintf(o, "JOIN");
            p += 10;
        } else if (*p == '?') {
            p++;
            int index;
            if (*p >= '0' && *p <= '9') {
                index = 0;
                while (*p >= '0' && *p <= '9' && index < 100000)
                    index = index * 10 + (*p++ - '0');
            } else
                index = highest + 1; /* as SQLite numbers a bare "?" */
            if (index > highest)
                highest = index;
            o += sprintf(o, "$%d", index);
        } else
            *o++ = *p++;
    }
    *o = '\0';
    *nparams = highest;
    return out;
}

static void forget_blobs(struct pg_stmt *s)
{
    for (int c = 0; s->blobs && c < s->ncolumns; c++) {
        PQfreemem(s->blobs[c].data);
        s->blobs[c].data = NULL;
    }
}

/* The rows a command changed, as SQLite's changes and total_changes count them. */
static void count_changes(struct pg_db *db, const PGresult *res)
{
    /* Rows written (an INSERT … RETURNING too), never the rows a SELECT read, which libpq
     * counts the same way. */
    const char *command = PQcmdStatus((PGresult *)res);
    bool writes = !strncmp(command, "INSERT", 6) || !strncmp(command, "UPDATE", 6) ||
                  !strncmp(command, "DELETE", 6) || !strncmp(command, "MERGE", 5);
    const char *tuples = PQcmdTuples((PGresult *)res);
    db->changes = writes && *tuples ? strtoll(tuples, NULL, 10) : 0;
    db->total_changes += db->changes;
}

/* An INSERT … RETURNING id gives the new row's id as SQLite's last_insert_rowid does, whatever
 * the triggers inserted meanwhile (lastval() would give theirs), and even when the statement
 * chose the id itself (help_session's numbers come from session_number, not a sequence). */
static void note_inserted_id(struct pg_db *db, const PGresult *res)
{
    if (strncmp(PQcmdStatus((PGresult *)res), "INSERT", 6))
        return;
    db->last_id = 0;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) >= 1 && PQnfields(res) >= 1 &&
        !strcmp(PQfname(res, 0), "id") && !PQgetisnull(res, 0, 0))
        db->last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
}

static void clear_result(struct pg_stmt *s)
{
    forget_blobs(s);
    PQclear(s->result);
    s->result = NULL;
    s->row = -1;
}

/* SQLite takes a parameter of any type anywhere; PostgreSQL must infer each one's from where it
 * stands, and refuses a statement with one it cannot ("?4 IS NULL OR …"). Such a parameter is
 * text, as guichet binds it: the statement is prepared again with its type said, until none is
 * left unknown. Inside a transaction the attempts run under a savepoint, since PostgreSQL
 * would otherwise refuse everything after the first refusal until the rollback. */
static int prepare_typed(struct pg_db *pdb, const char *name, const char *text, int nparams)
{
    Oid *types = nparams ? calloc((size_t)nparams, sizeof *types) : NULL;
    if (nparams && !types) {
        set_error(pdb, "out of memory");
        return DB_NOMEM;
    }
    bool guarded = PQtransactionStatus(pdb->conn) == PQTRANS_INTRANS;
    int rc = guarded ? pg_exec(&pdb->base, "SAVEPOINT guichet_prepare") : DB_OK;
    for (int attempt = 0; rc == DB_OK && attempt <= nparams; attempt++) {
        PGresult *res = PQprepare(pdb->conn, name, text, nparams, types);
        rc = result_code(pdb, res);
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        const char *dollar = message ? strrchr(message, '$') : NULL;
        int which = dollar ? atoi(dollar + 1) : 0;
        /* 42P18 indeterminate_datatype, 42P08 ambiguous_parameter: both say which one. */
        bool untyped = rc != DB_OK && state && (!strcmp(state, "42P18") || !strcmp(state, "42P08")) &&
                       which >= 1 &&
                       which <= nparams && types[which - 1] == 0;
        PQclear(res);
        if (!untyped)
            break;
        types[which - 1] = PG_TEXT;
        if (guarded && pg_exec(&pdb->base, "ROLLBACK TO SAVEPOINT guichet_prepare") != DB_OK)
            break;
        rc = DB_OK;
    }
    if (guarded) {
        char *error = pdb->error ? strdup(pdb->error) : NULL;
        if (rc != DB_OK)
            pg_exec(&pdb->base, "ROLLBACK TO SAVEPOINT guichet_prepare");
        pg_exec(&pdb->base, "RELEASE SAVEPOINT guichet_prepare");
        if (rc != DB_OK && error) { /* the refusal's message, not the savepoint's */
            free(pdb->error);
            pdb->error = error;
        } else
            free(error);
    }
    free(types);
    return rc;
}

static int pg_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt **out)
{
    (void)persistent; /* every statement is named on the server until finalized */
    struct pg_db *pdb = pg_of(db);
    *out = NULL;
    struct pg_stmt *s = calloc(1, sizeof *s);
    int nparams = 0;
    char *text = s ? db_pg_translate(sql, &nparams) : NULL;
    if (!text) {
        free(s);
        set_error(pdb, "out of memory");
        return DB_NOMEM;
    }
    snprintf(s->name, sizeof s->name, "s%lu", ++pdb->next_name);
    bool idle = !pdb->in_transaction;
    int rc = reconnect(pdb) ? prepare_typed(pdb, s->name, text, nparams) : DB_IOERR;
    if (rc != DB_OK && retry_after_loss(pdb, idle))
        rc = prepare_typed(pdb, s->name, text, nparams);
    if (rc != DB_OK) {
        free(text);
        free(s);
        return rc;
    }
    s->text = text;
    s->generation = pdb->generation;
    s->base.engine = &pg_engine;
    s->base.db = db;
    s->nparams = nparams;
    s->row = -1;
    if (nparams &&
        (!(s->values = calloc((size_t)nparams, sizeof *s->values)) ||
         !(s->lengths = calloc((size_t)nparams, sizeof *s->lengths)) ||
         !(s->formats = calloc((size_t)nparams, sizeof *s->formats)))) {
        free(s->values);
        free(s->lengths);
        free(s->text);
        free(s);
        set_error(pdb, "out of memory");
        return DB_NOMEM;
    }
    *out = &s->base;
    return DB_OK;
}

static int pg_clear_bindings(struct db_stmt *stmt)
{
    struct pg_stmt *s = stmt_of(stmt);
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
    }
    return DB_OK;
}

static int pg_finalize(struct db_stmt *stmt)
{
    struct pg_stmt *s = stmt_of(stmt);
    struct pg_db *pdb = pg_of(stmt->db);
    clear_result(s);
    PQclear(s->description);
    pg_clear_bindings(stmt);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->blobs);
    free(s->text);
    /* Not in a failed transaction, where the server refuses everything but its end: the name
     * is then left until the connection closes, harmlessly (names are never reused); nor on a
     * connection lost, or made again since (the server knows it no more). */
    if (pdb->conn && PQstatus(pdb->conn) == CONNECTION_OK &&
        s->generation == pdb->generation && PQtransactionStatus(pdb->conn) != PQTRANS_INERROR) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(pdb->conn, sql));
    }
    free(s);
    return DB_OK;
}

static int pg_reset(struct db_stmt *stmt)
{
    clear_result(stmt_of(stmt));
    return DB_OK;
}

static int pg_bind_parameter_count(struct db_stmt *stmt)
{
    return stmt_of(stmt)->nparams;
}

/* Keeps value (owned from now) as parameter index; DB_ERROR for an index out of range. */
static int bind_owned(struct db_stmt *stmt, int index, char *value, int length, int format)
{
    struct pg_stmt *s = stmt_of(stmt);
    if (index < 1 || index > s->nparams) {
        free(value);
        return DB_ERROR;
    }
    free(s->values[index - 1]);
    s->values[index - 1] = value;
    s->lengths[index - 1] = length;
    s->formats[index - 1] = format;
    return DB_OK;
}

static int pg_bind_null(struct db_stmt *stmt, int index)
{
    return bind_owned(stmt, index, NULL, 0, 0);
}

static int pg_bind_int64(struct db_stmt *stmt, int index, int64_t value)
{
    char *text = malloc(24);
    if (!text)
        return DB_NOMEM;
    snprintf(text, 24, "%" PRId64, value);
    return bind_owned(stmt, index, text, 0, 0);
}

static int pg_bind_double(struct db_stmt *stmt, int index, double value)
{
    char *text = malloc(32);
    if (!text)
        return DB_NOMEM;
    snprintf(text, 32, "%.17g", value);
    return bind_owned(stmt, index, text, 0, 0);
}

/* Text is always copied: libpq reads the values only when the statement runs. */
static int pg_bind_text(struct db_stmt *stmt, int index, const char *text, int n,
                        enum db_lifetime lifetime)
{
    (void)lifetime;
    if (!text)
        return pg_bind_null(stmt, index);
    size_t len = n < 0 ? strlen(text) : (size_t)n;
    char *copy = malloc(len + 1);
    if (!copy)
        return DB_NOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    return bind_owned(stmt, index, copy, 0, 0);
}

static int pg_bind_blob(struct db_stmt *stmt, int index, const void *data, int n,
                        enum db_lifetime lifetime)
{
    (void)lifetime;
    size_t len = n < 0 ? 0 : (size_t)n;
    char *copy = malloc(len + 1);
    if (!copy)
        return DB_NOMEM;
    if (len)
        memcpy(copy, data, len);
    return bind_owned(stmt, index, copy, (int)len, 1);
}

static int pg_step(struct db_stmt *stmt)
{
    struct pg_stmt *s = stmt_of(stmt);
    struct pg_db *pdb = pg_of(stmt->db);
    if (!s->result) {
        bool idle = !pdb->in_transaction;
        int rc = DB_OK;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (!reconnect(pdb))
                return DB_IOERR;
            /* Prepared on a connection since lost: again on this one, under its name. */
            if (s->generation != pdb->generation) {
                rc = prepare_typed(pdb, s->name, s->text, s->nparams);
                if (rc != DB_OK)
                    return rc;
                s->generation = pdb->generation;
            }
            s->result = PQexecPrepared(pdb->conn, s->name, s->nparams,
                                       (const char *const *)s->values, s->lengths, s->formats,
                                       0);
            rc = result_code(pdb, s->result);
            if (rc == DB_OK || !retry_after_loss(pdb, idle))
                break;
            clear_result(s);
        }
        if (rc != DB_OK) {
            clear_result(s);
            return rc;
        }
        count_changes(pdb, s->result);
        note_inserted_id(pdb, s->result);
        int ncolumns = PQnfields(s->result);
        if (ncolumns > s->ncolumns) {
            struct blob *more = realloc(s->blobs, (size_t)ncolumns * sizeof *more);
            if (!more) {
                clear_result(s);
                return DB_NOMEM;
            }
            for (int c = s->ncolumns; c < ncolumns; c++)
                more[c] = (struct blob){0};
            s->blobs = more;
            s->ncolumns = ncolumns;
        }
    }
    forget_blobs(s);
    if (PQresultStatus(s->result) != PGRES_TUPLES_OK || s->row + 1 >= PQntuples(s->result)) {
        s->row = PQntuples(s->result);
        return DB_DONE;
    }
    s->row++;
    return DB_ROW;
}

/* The result that describes the columns: the rows read, or the statement's description. */
static const PGresult *columns_of(struct pg_stmt *s)
{
    if (s->result)
        return s->result;
    if (!s->description)
        s->description = PQdescribePrepared(pg_of(s->base.db)->conn, s->name);
    return s->description;
}

static int pg_column_count(struct db_stmt *stmt)
{
    const PGresult *res = columns_of(stmt_of(stmt));
    return res ? PQnfields(res) : 0;
}

static const char *pg_column_name(struct db_stmt *stmt, int col)
{
    const PGresult *res = columns_of(stmt_of(stmt));
    return res ? PQfname(res, col) : NULL;
}

/* The current row's value of col, or NULL for NULL or no row. */
static const char *value_of(struct pg_stmt *s, int col)
{
    if (!s->result || s->row < 0 || s->row >= PQntuples(s->result) || col < 0 ||
        col >= PQnfields(s->result) || PQgetisnull(s->result, s->row, col))
        return NULL;
    return PQgetvalue(s->result, s->row, col);
}

static enum db_type pg_column_type(struct db_stmt *stmt, int col)
{
    struct pg_stmt *s = stmt_of(stmt);
    if (!value_of(s, col))
        return DB_NULL;
    switch (PQftype(s->result, col)) {
    case PG_BOOL:
    case PG_INT2:
    case PG_INT4:
    case PG_INT8:
    case PG_OID:
        return DB_INTEGER;
    case PG_FLOAT4:
    case PG_FLOAT8:
    case PG_NUMERIC:
        return DB_FLOAT;
    case PG_BYTEA:
        return DB_BLOB;
    default:
        return DB_TEXT;
    }
}

static int64_t pg_column_int64(struct db_stmt *stmt, int col)
{
    struct pg_stmt *s = stmt_of(stmt);
    const char *v = value_of(s, col);
    if (!v)
        return 0;
    if (PQftype(s->result, col) == PG_BOOL)
        return *v == 't';
    if (PQftype(s->result, col) == PG_NUMERIC || PQftype(s->result, col) == PG_FLOAT8 ||
        PQftype(s->result, col) == PG_FLOAT4)
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_column_double(struct db_stmt *stmt, int col)
{
    struct pg_stmt *s = stmt_of(stmt);
    const char *v = value_of(s, col);
    if (!v)
        return 0;
    if (PQftype(s->result, col) == PG_BOOL)
        return *v == 't';
    return strtod(v, NULL);
}

static const unsigned char *pg_column_blob_bytes(struct pg_stmt *s, int col, size_t *len)
{
    *len = 0;
    const char *v = value_of(s, col);
    if (!v)
        return NULL;
    if (PQftype(s->result, col) != PG_BYTEA) {
        *len = (size_t)PQgetlength(s->result, s->row, col);
        return (const unsigned char *)v;
    }
    struct blob *b = &s->blobs[col];
    if (!b->data)
        b->data = PQunescapeBytea((const unsigned char *)v, &b->len);
    *len = b->data ? b->len : 0;
    return b->data;
}

static const unsigned char *pg_column_text(struct db_stmt *stmt, int col)
{
    struct pg_stmt *s = stmt_of(stmt);
    const char *v = value_of(s, col);
    if (!v)
        return NULL;
    if (PQftype(s->result, col) == PG_BOOL)
        return (const unsigned char *)(*v == 't' ? "1" : "0");
    if (PQftype(s->result, col) == PG_BYTEA) {
        size_t len;
        return pg_column_blob_bytes(s, col, &len);
    }
    return (const unsigned char *)v;
}

static const void *pg_column_blob(struct db_stmt *stmt, int col)
{
    size_t len;
    return pg_column_blob_bytes(stmt_of(stmt), col, &len);
}

static int pg_column_bytes(struct db_stmt *stmt, int col)
{
    size_t len;
    pg_column_blob_bytes(stmt_of(stmt), col, &len);
    return (int)len;
}

static int pg_exec(struct db *db, const char *sql)
{
    struct pg_db *pdb = pg_of(db);
    /* PostgreSQL only warns of a BEGIN inside a transaction, and the COMMIT or ROLLBACK meant
     * for the inner one then ends the outer: refused, as SQLite refuses it. */
    PGTransactionStatusType before = PQtransactionStatus(pdb->conn);
    if (!strncasecmp(sql, "BEGIN", 5) &&
        (before == PQTRANS_INTRANS || before == PQTRANS_INERROR || before == PQTRANS_ACTIVE)) {
        set_error(pdb, "cannot start a transaction within a transaction");
        return DB_ERROR;
    }
    bool ends = ends_transaction(sql), begins = !strncasecmp(sql, "BEGIN", 5);
    if (ends && PQstatus(pdb->conn) == CONNECTION_BAD) {
        /* The server rolled the transaction back with the connection: a rollback is done, a
         * commit failed. */
        bool commit = strncasecmp(sql, "ROLLBACK", 8) != 0;
        pdb->in_transaction = false;
        if (!commit)
            return DB_OK;
        set_error(pdb, "the connection to the server was lost before the commit: nothing of "
                       "the transaction was kept");
        return DB_IOERR;
    }
    if (!reconnect(pdb))
        return DB_IOERR;
    bool idle = !pdb->in_transaction;
    PGresult *res = PQexec(pdb->conn, sql);
    int rc = result_code(pdb, res);
    if (rc != DB_OK && retry_after_loss(pdb, idle)) {
        PQclear(res);
        res = PQexec(pdb->conn, sql);
        rc = result_code(pdb, res);
    }
    if (rc == DB_OK)
        count_changes(pdb, res);
    PQclear(res);
    /* Lost while the server was committing: whether it kept the write, nobody here can know. */
    if (rc != DB_OK && ends && strncasecmp(sql, "ROLLBACK", 8) &&
        PQstatus(pdb->conn) == CONNECTION_BAD)
        set_error(pdb, "the connection to the server was lost during the commit: the write may "
                       "have been kept; look before doing it again");
    if (ends)
        pdb->in_transaction = false;
    else if (begins && rc == DB_OK)
        pdb->in_transaction = true;
    else if (begins)
        pdb->in_transaction = PQtransactionStatus(pdb->conn) == PQTRANS_INERROR ||
                              PQtransactionStatus(pdb->conn) == PQTRANS_INTRANS;
    return rc;
}

static const char *pg_errmsg(struct db *db)
{
    struct pg_db *pdb = pg_of(db);
    return pdb->error ? pdb->error : "not an error";
}

/* What the last INSERT returned as its id (engine.h: last_insert_id). */
static int64_t pg_last_insert_id(struct db *db)
{
    return pg_of(db)->last_id;
}

static int64_t pg_changes(struct db *db)
{
    return pg_of(db)->changes;
}

static int64_t pg_total_changes(struct db *db)
{
    return pg_of(db)->total_changes;
}

static bool pg_in_transaction(struct db *db)
{
    struct pg_db *pdb = pg_of(db);
    PGTransactionStatusType t = PQtransactionStatus(pdb->conn);
    /* A transaction whose connection was lost stays open for the program, which ends it. */
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE ||
           (pdb->in_transaction && PQstatus(pdb->conn) == CONNECTION_BAD);
}

/* The notifications arrived since last asked, read without waiting; those of this connection's
 * own commits are not counted (PostgreSQL delivers them to their sender too). */
static int pg_data_version(struct db *db, int64_t *version)
{
    struct pg_db *pdb = pg_of(db);
    if (!pdb->listening) {
        int rc = pg_exec(db, "LISTEN " PG_CHANNEL);
        if (rc != DB_OK)
            return rc;
        pdb->listening = true;
    }
    /* A connection lost between two reads is made again here, the desk's regular look: its
     * next screen reads everything anew (reconnect moves the version). */
    if (PQstatus(pdb->conn) == CONNECTION_BAD && !reconnect(pdb)) {
        *version = pdb->foreign_commits;
        return DB_IOERR;
    }
    if (!PQconsumeInput(pdb->conn) && !(PQstatus(pdb->conn) == CONNECTION_BAD &&
                                        reconnect(pdb) && PQconsumeInput(pdb->conn))) {
        set_error(pdb, PQerrorMessage(pdb->conn));
        *version = pdb->foreign_commits;
        return DB_IOERR;
    }
    int self = PQbackendPID(pdb->conn);
    for (PGnotify *n; (n = PQnotifies(pdb->conn));) {
        if (n->be_pid != self)
            pdb->foreign_commits++;
        PQfreemem(n);
    }
    *version = pdb->foreign_commits;
    return DB_OK;
}

static void pg_close(struct db *db)
{
    struct pg_db *pdb = pg_of(db);
    PQfinish(pdb->conn);
    free(pdb->error);
    free(pdb);
}

/* The server's notices (a DROP … IF EXISTS of nothing, say) are not for the desk: libpq would
 * print them on standard error, over the screen. */
static void ignore_notice(void *ctx, const char *message)
{
    (void)ctx;
    (void)message;
}

struct db *db_pg_wrap(PGconn *conn)
{
    if (!conn)
        return NULL;
    PQsetNoticeProcessor(conn, ignore_notice, NULL);
    struct pg_db *db = calloc(1, sizeof *db);
    if (!db) {
        PQfinish(conn);
        return NULL;
    }
    db->base.engine = &pg_engine;
    db->conn = conn;
    /* Listening from the connection on: the other desks' writes are counted from the moment
     * it opens, not from the first time a desk asks (data_version tries again if this fails). */
    db->listening = pg_exec(&db->base, "LISTEN " PG_CHANNEL) == DB_OK;
    return &db->base;
}

/* Delivered to the listeners at the commit, not at all on a rollback. */
static int pg_announce(struct db *db)
{
    return pg_exec(db, "SELECT pg_notify('" PG_CHANNEL "', '')");
}

/* PostgreSQL lets writers run together and would refuse the later of two conflicting ones only
 * at SERIALIZABLE; the store's writes read then write (a workshop's last seat, the next session
 * number) as SQLite's one writer at a time lets them. A transaction-level advisory lock, taken
 * before anything is read, gives every engine that same order: the writers of every desk wait
 * in turn (readers never wait), and the lock goes with the commit or rollback. */
#define PG_WRITE_LOCK "1196771651" /* 'GUIC', as SQLite's application_id */
static int pg_begin_write(struct db *db)
{
    return pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
}

static bool pg_transaction_aborted(struct db *db)
{
    return PQtransactionStatus(pg_of(db)->conn) == PQTRANS_INERROR;
}

/* PostgreSQL's default, READ COMMITTED, gives each statement its own snapshot. */
static int pg_begin_read(struct db *db)
{
    return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

static const struct db_engine pg_engine = {
    .begin_read = pg_begin_read,
    .transaction_aborted = pg_transaction_aborted,
    .begin_write = pg_begin_write,
    .name = "postgresql",
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .clear_bindings = pg_clear_bindings,
    .bind_parameter_count = pg_bind_parameter_count,
    .bind_null = pg_bind_null,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_type = pg_column_type,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_bytes = pg_column_bytes,
    .exec = pg_exec,
    .errmsg = pg_errmsg,
    .last_insert_id = pg_last_insert_id,
    .changes = pg_changes,
    .total_changes = pg_total_changes,
    .in_transaction = pg_in_transaction,
    .data_version = pg_data_version,
    .announce = pg_announce,
    .close = pg_close,
};
