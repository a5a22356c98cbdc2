/* Private to the storage module (src/store/, the only files that include sqlite3.h):
 * the connection and the transaction and audit helpers that every part of the store shares. */
#ifndef GUICHET_STORE_INTERNAL_H
#define GUICHET_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"
#include "idset.h"
#include "store.h"
#include "store/engine.h"
#include "store/engine_sqlite.h"
#include "store/engine_pg.h"
#include "tally.h"
#include "text.h"

/* 'GUIC': marks the file as ours (PRAGMA application_id). */
#define GUICHET_APPLICATION_ID 1196771651
#define BUSY_TIMEOUT_MS 5000

/* Opens the SQLite database at path with flags (SQLITE_OPEN_*), as sqlite3_open_v2 does, for
 * this process's one thread: the library's memory statistics and the connection's mutex, which
 * cost a lock on every allocation and call, are left out. *db must be closed by the caller
 * whatever the result. */
int store_sqlite_open(const char *path, sqlite3 **db, int flags);
/* The connection of st (borrowed). */
sqlite3 *store_sqlite(struct store *st);
/* The database file's path (borrowed). */
const char *store_path(const struct store *st);
/* The erasure key's path for the database at db_path (DB-erasure-key); NULL when out of memory. */
char *store_key_path(const char *db_path);
/* mkdir -p for the folder holding path; folders created here are private to the user. */
int store_make_parent_dirs(const char *path, struct gu_error *err);
/* Creates the file at path with mode 0600 before SQLite sees it (SQLite gives its -wal and -shm
 * files the same mode); an existing file is refused if other users can read it. */
int store_create_private_file(const char *path, struct gu_error *err);
/* What a file is, read from its first bytes before SQLite opens it (SQLite takes any file for a
 * database, and creates -wal and -shm files beside a WAL one it reads). */
enum store_file_kind {
    STORE_FILE_MISSING,     /* nothing there */
    STORE_FILE_EMPTY,       /* 0 bytes, or an SQLite database without any table and no log */
    STORE_FILE_OURS,        /* an SQLite database marked as guichet's (sound or damaged) */
    STORE_FILE_UNSURE,      /* unmarked, with a log beside it: SQLite must read the log to tell */
    STORE_FILE_NOT_SQLITE,  /* not an SQLite database at all (a text file…) */
    STORE_FILE_FOREIGN,     /* another program's SQLite database */
    STORE_FILE_NOT_REGULAR, /* a folder, a device… */
};
int store_peek_file(const char *path, enum store_file_kind *kind, struct gu_error *err);
/* GU_OK for the kinds guichet may open; else a message naming path that says what it is and that
 * guichet leaves it alone (replacing: that a restore does not replace it). */
int store_refuse_file(const char *path, enum store_file_kind kind, bool replacing,
                      struct gu_error *err);
/* Starts the statement trace on st's connection when GUICHET_TRACE_SQL names a file (a bench
 * tool; a file that cannot be opened is no trace). */
void store_trace_attach(struct store *st);
/* Opens path for reading only, creating nothing: immutable when no log or journal lies beside
 * it. Returns the SQLite code; *db is to be closed by the caller even on failure. */
int store_open_sqlite_readonly(const char *path, sqlite3 **db);
/* Registers the SQL functions guichet's migrations and triggers call (guichet_fold…) on db;
 * returns the SQLite code. */
int store_register_functions(sqlite3 *db);
/* Compares db's schema (every table, index, trigger and view: type, name and SQL) with the one a
 * new database at db's version gets from the migrations built into this program, built in
 * memory. fn (may be NULL) receives one translated line per object missing, added or altered,
 * named; *problems counts them. path names db in errors. GU_OK when the comparison was made
 * (whatever it found), else GU_FAILURE with err set (unreadable, or newer than this guichet). */
int store_compare_schema(sqlite3 *db, const char *path, store_problem_fn fn, void *ctx,
                         long *problems, struct gu_error *err);
/* What a difference of schema is called, by the object's type ("table", "index", "trigger",
 * "view") and what differs: a translated format taking the object's name. */
enum schema_difference { SCHEMA_MISSING, SCHEMA_ADDED, SCHEMA_ALTERED };
const char *store_schema_difference_format(const char *type, enum schema_difference d);
/* store_compare_schema for a server: the tables, views, indexes and triggers of its database
 * against those data/pg/schema.sql creates, by name. */
int store_pg_compare_schema(struct store *st, store_problem_fn fn, void *ctx, long *problems,
                            struct gu_error *err);
/* check's recount of session_tally (migration 004) against session_facts, streamed and summed
 * in memory by group rather than sorted: fn receives one translated line per count that differs
 * (at most limit), *problems counts them all. Returns the SQLite code. */
int store_recount_session_tally(struct db *db, long limit, store_problem_fn fn, void *ctx,
                                long *problems);
/* Each identity column of a server's tables (pg_server.c), by table name: fn gets the table and
 * the column quoted for SQL, the column's sequence (as the server names it) and the table's
 * plain name; a nonzero return stops and is returned. */
typedef int (*store_pg_identity_fn)(struct store *st, const char *table, const char *column,
                                    const char *sequence, const char *name, void *ctx,
                                    struct gu_error *err);
int store_pg_each_identity(struct store *st, store_pg_identity_fn fn, void *ctx,
                           struct gu_error *err);
/* Connects to the PostgreSQL server target names (store_target_is_server): a password in target
 * refused, libpq's failures said in words a desk can act on, a server older than 15 refused;
 * the session in UTC and UTF-8. *out is the caller's to PQfinish. */
int store_pg_connect(const char *target, PGconn **out, struct gu_error *err);
/* store_open (readonly false) and store_open_readonly for a server: connects; a writing open
 * gives an empty database guichet's schema (data/pg/schema.sql) and its vocabulary and default
 * partners and policy; a schema newer than this guichet's, another program's tables or a
 * guichet_schema it did not write are refused, nothing written. */
int store_open_server(const char *target, bool readonly, struct store **out,
                      struct gu_error *err);
/* What store_open does after the schema, on either engine: data/vocab.tsv into the table vocab
 * when it changed; the partners and policy shipped in data/ into a new database. */
int store_sync_vocabulary(struct store *st, struct gu_error *err);
int store_load_defaults(struct store *st, struct gu_error *err);
/* Maps an SQLite failure to a message a desk can act on; returns the status to use. */
int store_db_error(struct store *st, int rc, struct gu_error *err);
/* Reads the single integer a fixed query returns (also on connections without a store, such
 * as a backup being checked); DB_OK, or the SQLite code of the failure (DB_DONE when
 * there is no row). */
int store_read_int(sqlite3 *db, const char *sql, long long *out);
/* GU_OK when schema version is one this guichet knows, else a message naming path. */
int store_refuse_newer(const char *path, long long version, struct gu_error *err);
/* Runs fixed SQL without parameters (pragmas, transaction control, shipped migrations). */
int store_exec(struct store *st, const char *sql, struct gu_error *err);
/* A write transaction (BEGIN IMMEDIATE, or a savepoint inside store_batch_begin). */
int store_tx_begin(struct store *st, struct gu_error *err);
/* Commits when status is GU_OK, else (or when the commit fails) rolls back; returns the final
 * status. */
int store_tx_end(struct store *st, int status, struct gu_error *err);
/* Like store_tx_end, but a dry run that went well is rolled back and reports GU_OK. */
int store_tx_end_or_dry_run(struct store *st, int status, bool dry_run, struct gu_error *err);
/* One audit entry: who (operator_id, 0 for none) did action to entity entity_id at now (UTC).
 * detail must never hold personal data. */
int store_add_audit(struct store *st, const char *now, int64_t operator_id, const char *action,
                    const char *entity, int64_t entity_id, const char *detail,
                    struct gu_error *err);

/* Closes the open referrals past the referral_expiry_days setting ("sans suite", closed as of
 * the day each became overdue, each in the audit log at now), inside the caller's transaction;
 * *count receives how many. With count_only, only counts them (a read: no transaction needed). */
int store_close_overdue_referrals(struct store *st, const char *now, bool count_only,
                                  long long *count, struct gu_error *err);

/* How many sessions a search reads in order before it asks the indexes, and how many a word may
 * reach to lead sorted or filtering (0: the defaults), so that a test's small corpus goes every
 * way. */
void store_set_search_limits(struct store *st, long scan_rows, long drive_max, long filter_max);
/* The same for the partner directory's search (store_page_partners), and how many partners an
 * import updates one by one in its index before it builds it again whole (0: the defaults). */
void store_set_partner_search_limits(struct store *st, long scan_rows, long drive_max,
                                     long filter_max, long reindex_max);

/* How long to wait for the backups other processes are writing, and whom to tell meanwhile
 * (fn may be NULL). */
struct copy_wait {
    int limit_ms;
    store_wait_fn fn;
    void *ctx;
};

/* Removes the partial copies (NAME.partPID) killed processes left in the folder of path. */
void store_remove_stale_parts(const char *path);
/* Removes the partial copies left by killed backups or restores beside the database and in the
 * backup folder (*parts counts them); waits, as wait says (NULL: not at all), for the backups
 * other processes are writing there to take their names, and calls busy with the name of each
 * still being written; then calls fn with the path of each copy guichet keeps: the daily backups
 * of the rotation and the copies kept by restores. Stops at fn's or busy's failure. */
typedef int (*store_copy_fn)(const char *path, void *ctx, struct gu_error *err);
int store_each_kept_copy(struct store *st, const struct copy_wait *wait, store_copy_fn fn,
                         store_copy_fn busy, void *ctx, int *parts, struct gu_error *err);
/* After a restore: the register of previous (the replaced database; may be NULL) merged into
 * st's, and every entry applied to st, under the erasure key beside db_path (the database's
 * path: st may still be under a temporary name); without that key (*key_missing), the records
 * are still found by their number, not the mentions in notes. */
int store_reapply_erasures(struct store *st, sqlite3 *previous, const char *db_path,
                           bool *key_missing, struct gu_error *err);
/* Cleans the copies guichet keeps of the people whose erasure could not clean them all yet (the
 * register's entries without copies_at), after the backups being written, as wait says (NULL:
 * no waiting; such a backup is then listed as failed, and the entries stay pending for the next
 * backup, purge or erasure); out counts the copies and parts and lists failures. */
int store_finish_copies(struct store *st, const struct copy_wait *wait, struct erasure_outcome *out,
                        struct gu_error *err);
/* Erases from the copy of st just written at path (not named yet) the people erased after it was
 * taken (the register's entries it does not have), as in the database: a backup never takes
 * its name holding someone erased meanwhile. */
int store_erase_in_new_copy(struct store *st, const char *path, struct gu_error *err);


#define SESSION_FIELDS                                                                         \
    "SELECT s.id, s.started_at, s.duration_min, s.place, s.autonomy, s.age, s.status, "        \
    "s.gender, s.oriented, s.orientation, s.procedure_name, s.note, o.name, si.name, "         \
    "(SELECT group_concat(theme) FROM help_session_theme WHERE session_id = s.id), "           \
    "(SELECT group_concat(demarche) FROM help_session_demarche WHERE session_id = s.id), "     \
    "(SELECT group_concat(material) FROM help_session_material WHERE session_id = s.id), "    \
    "EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id), "                \
    "s.postal_code, s.commune, s.insee, s.already_helped "
#define SESSION_JOINS                                                                          \
    "LEFT JOIN operator o ON o.id = s.operator_id "                                            \
    "LEFT JOIN site si ON si.id = s.site_id WHERE s.started_at >= ?1 AND s.started_at < ?2 "
#define SESSION_COLUMNS SESSION_FIELDS "FROM help_session s " SESSION_JOINS

/* A session is deleted while help_session_deleted names it (migration 008). */
#define SESSION_LIVE "NOT EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id) "

/* ?4: a theme code the session has, or NULL for any. */
#define THEME_IS                                                                               \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM help_session_theme t "                           \
    "WHERE t.session_id = s.id AND t.theme = ?4)) "

/* A referral with the names of its operator, request and partner (read by store_referral_rows). */
#define REFERRAL_COLUMNS                                                                       \
    "SELECT r.id, r.referred_at, coalesce(r.request_kind_id, 0), coalesce(r.partner_id, 0), "  \
    "coalesce(r.session_id, 0), r.need, r.method, r.status, coalesce(r.follow_up_on, ''), "    \
    "r.contact_name, r.contact_phone, r.consent_at IS NOT NULL, o.name, k.label, p.name, "     \
    "p.phone FROM referral r LEFT JOIN operator o ON o.id = r.operator_id "                    \
    "LEFT JOIN request_kind k ON k.id = r.request_kind_id "                                    \
    "LEFT JOIN partner p ON p.id = r.partner_id "


/* The store's files that prepare statements, each with its own table (STORE_STATEMENTS). */
enum store_domain {
    STORE_DATABASE, STORE_SITES, STORE_SESSIONS, STORE_SEARCH, STORE_WORKSHOPS, STORE_PEOPLE,
    STORE_PARTNERS, STORE_REFERRALS, STORE_APPOINTMENTS, STORE_DOMAIN_COUNT
};

/* What one search word can reach, a superset of the sessions or partners it finds: those of
 * its indexed texts, and of the labels and names that have it (session_word_set,
 * partner_word_set); the latter kept by label, for every word that reaches it. */
enum word_domain { WORDS_SESSIONS, WORDS_PARTNERS, LABELS_SESSIONS, LABELS_PARTNERS };
struct word_set {
    enum word_domain domain;
    char *word;     /* folded, owned; NULL: an entry free */
    bool unindexed; /* the index cannot answer for it (characters other than a-z and 0-9) */
    long long over; /* 0: ids holds all it reaches; else it reaches more rows than that */
    struct idset ids;
};
#define WORD_SETS_MAX 64 /* 128 KiB each at 1,000,000 sessions, when full */

struct store {
    struct db *db; /* the engine's connection (engine.h) */
    char *path;
    int64_t site_scope; /* store_set_site_scope: whose directory and policy, 0 the network's */
    /* store_several_sites's answer, and one more than the data version it was read at (0: to
     * read again); asked by every listing of a site's desk, read only when the data changed. */
    bool several_sites;
    long long sites_read_at;
    /* Each domain's statements (STORE_STATEMENTS), prepared on first use, finalized at close. */
    struct db_stmt **stmts[STORE_DOMAIN_COUNT];
    int stmt_counts[STORE_DOMAIN_COUNT];
    bool in_batch;        /* between store_batch_begin and store_batch_end */
    bool batch_spoilt;    /* a write of the batch failed after changing rows: all rolls back */
    int64_t before; /* sqlite3_total_changes64 when the batch's current write began */
    int depth;            /* writes begun and not ended in the batch (they do not nest now) */
    long long cache_size; /* PRAGMA cache_size outside batches, put back at their end */
    dev_t dev;     /* the file opened, to notice when a restore puts another in its place */
    ino_t ino;
    FILE *trace;   /* GUICHET_TRACE_SQL's file, or NULL; owned, closed by store_close */
    /* store_tally's statements, prepared once: the statistics screen runs them all again on
     * each period key and each write of another desk, and preparing cost as much as running */
    struct db_stmt *tally[TALLY_COUNT];
    long search_scan_rows, search_sort_max, search_set_max; /* 0: the defaults (store_set_search_limits) */
    long partner_scan_rows, partner_sort_max, partner_set_max; /* the same, for partners */
    long partner_reindex_max; /* 0: PLACE_REINDEX_MAX */
    /* What the last search words can match (word_set_of), kept from one keystroke to the
     * next while the language, the data (any desk) and this connection's writes are as then. */
    struct word_set word_sets[WORD_SETS_MAX];
    size_t word_sets_next; /* the entry a new word takes: the oldest */
    unsigned words_generation;
    long long words_version;
    int64_t words_changes;
    /* The directory's order (partner_order_read), kept with them: the partners' numbers by
     * rank, and each number's rank + 1 (0: no such partner). */
    int64_t *partner_ordered;
    uint32_t *partner_rank;
    size_t partner_nordered, partner_rank_size;
    bool partner_order_kept;
};


/* A domain's statements as SQL: its name, its table, PostgreSQL's own text of those that must
 * differ there (NULL: the same text on both), and their count (tools/pg-dialect.c prepares
 * them all on PostgreSQL). */
struct store_sql_table {
    const char *name;
    const char *const *sql;
    const char *const *sql_pg;
    int count;
};
/* Statement id of domain's table, in the text for st's engine, prepared on its first use on st's
 * connection and kept until store_close; borrowed. NULL, with err set, when it cannot be
 * prepared. */
struct db_stmt *store_statement(struct store *st, enum store_domain domain, int id,
                                const struct store_sql_table *table, struct gu_error *err);
/* The text of table's statement id for engine (its PostgreSQL text, or the common one). */
const char *store_statement_sql(const struct store_sql_table *table, int id, bool postgresql);
/* Every domain's table, by enum store_domain. */
extern const struct store_sql_table *const store_sql_tables[STORE_DOMAIN_COUNT];
/* Defines stmt_get(st, id, err) for a file's statements (its enum stmt_id, its stmt_sql and
 * stmt_sql_pg), and the table store_sql_NAME. */
#define STORE_STATEMENTS(domain, name)                                                         \
    const struct store_sql_table store_sql_##name = {#name, stmt_sql, stmt_sql_pg, STMT_COUNT}; \
    static struct db_stmt *stmt_get(struct store *st, enum stmt_id id, struct gu_error *err)   \
    {                                                                                          \
        return store_statement(st, domain, id, &store_sql_##name, err);                        \
    }
extern const struct store_sql_table store_sql_database, store_sql_sites, store_sql_sessions,
    store_sql_search, store_sql_workshops, store_sql_people, store_sql_partners,
    store_sql_referrals, store_sql_appointments;

/* A search's sets in SQL, bound as pointers (sqlite3_bind_pointer): guichet_in_set(SET, id)
 * tests a row before it is read, guichet_collect(COLLECT, id) gathers a word's rows inside one
 * statement. Both cost a fraction of a row brought out to C (a quarter at 1,000,000 sessions). */
#define IDSET_POINTER "guichet_idset"
#define COLLECT_POINTER "guichet_collect"

struct idset_collect {
    struct idset *set;
    bool failed; /* a number too large for a set, or memory short */
};

/* Remembers the last names resolved, since bulk loads repeat a handful of names (a network's
 * sites and their operators): a name seen is not folded and looked up again. The names are the
 * caller's, borrowed for the length of one call. */
#define NAME_CACHE_SIZE 16
struct name_cache {
    const char *name[NAME_CACHE_SIZE];
    int64_t id[NAME_CACHE_SIZE];
    unsigned next; /* the slot replaced next, round robin */
};

/* Searching (session_filter.search). session_matches is the one definition of what a search
 * finds; the store only chooses which sessions it is shown. Words that many sessions match fill
 * a page from the newest sessions: these are read in order first, SEARCH_SCAN_ROWS of them at
 * most, and on, up to SEARCH_DENSE times as many, while one in SEARCH_DENSE_RATIO of them or more
 * is found. A rarer search then takes from the indexes the set of sessions each word can reach
 * (SEARCH_REACH: migration 016's index of the typed texts, and the sessions of the themes,
 * démarches, operators and sites whose label or name matches it, labels read in the desk's
 * language now, names as they are now). A word's set is read up to SEARCH_SET_MAX rows and kept
 * between keystrokes while nothing changed (word_set_of), so that typing a word reads only its
 * own set, and not even that when the others' sets already leave few sessions. The sets
 * intersected hold every session the search can find: up to SEARCH_SORT_MAX, these are sorted
 * and read; more, the listing's numbers are read in order from the index on started_at and only
 * the sessions of the set are read. When every word reaches more, the longest word's set is read
 * up to SEARCH_WIDE times as many rows; a search of words the index cannot answer for reads on
 * in order. */
#define SEARCH_SCAN_ROWS 200
#define SEARCH_DENSE 10
#define SEARCH_DENSE_RATIO 20
#define SEARCH_SORT_MAX 2000
#define SEARCH_SET_MAX 100000
#define SEARCH_WIDE 4
#define SEARCH_VARIANTS_MAX 4 /* "oe" and "ae" in a word, looked up with "œ" and "æ" too */

/* Reads (or finds kept) the set of what word (folded) can reach, its texts' part up to cap
 * rows, each label's up to label_cap (-1: all; 0: only the labels kept); *out is borrowed
 * (valid until the next search of st), NULL when the word reaches more rows, a label is not
 * read, or the index cannot answer for the word. With kept_only, a word not kept is not read.
 * ctx is the domain's (session_word_set, partner_word_set). */
typedef int (*word_set_fn)(struct store *st, const char *word, void *ctx, long long cap,
                           long long label_cap, bool kept_only, const struct idset **out,
                           struct gu_error *err);


/* A word this short reaches most rows through some label or name: without another word's set,
 * each of its labels is read up to a SEARCH_SHORT_SHARE of the texts' limit (a label of more
 * makes it common: no set). */
#define SEARCH_SHORT_WORD 2
#define SEARCH_SHORT_SHARE 5
/* When a set of more than sort rows read in order finds too few (SEARCH_NARROW_BUDGET times the
 * rows read first), a word left out is read if its labels hold at most SEARCH_NARROW times as many
 * rows: reading a label row costs a fiftieth of testing a row of the set that the word would
 * have left out ("camille k": 0.9 s, when the set of "k" is read in 30 ms). */
#define SEARCH_NARROW 4
#define SEARCH_NARROW_BUDGET 10 /* times the first reading's rows */


/* ---- database.c ---- */
/* Runs a statement and resets it: its rows, if any (an INSERT … RETURNING id), are passed over. */
int store_stmt_run(struct store *st, struct db_stmt *stmt, struct gu_error *err);
/* Ends a loop of sqlite3_step over stmt: a step that failed (rc neither a row nor done) becomes
 * the status unless the loop already stopped for its own reason; stmt is reset for its next use. */
int store_stmt_finish(struct store *st, struct db_stmt *stmt, int status, int rc,
                       struct gu_error *err);
/* store_read_int on st, its failure mapped to a message. */
int store_query_int(struct store *st, const char *sql, long long *out, struct gu_error *err);
/* Binds text, or NULL for a missing value. */
void store_bind_text_or_null(struct db_stmt *stmt, int index, const char *text);
void store_bind_code(struct db_stmt *stmt, int index, enum vocab_kind kind, int value);
/* Turns this connection's triggers off (on = false) or back on. SQLite then re-prepares the
 * statements, which compiled the triggers in. */
int store_set_triggers(struct store *st, bool on, struct gu_error *err);
/* Turns "code,code" from group_concat into a set; unknown codes (from a newer vocabulary) are
 * skipped here and reported by store_check. */
vocab_set store_parse_codes(enum vocab_kind kind, const unsigned char *list);
int store_column_code(struct db_stmt *stmt, int col, enum vocab_kind kind);
/* Text columns are borrowed: valid until the next step. */
char *store_column_borrow(struct db_stmt *stmt, int col);
/* The day after a "YYYY-MM-DD" date, for exclusive upper bounds. */
void store_next_day(const char *date, char out[DATE_TEXT_SIZE]);
/* Steps a statement expected to return one integer (0 when it returns no row), and resets it. */
int store_stmt_int(struct store *st, struct db_stmt *stmt, long long *out, struct gu_error *err);

/* ---- sessions.c ---- */
/* store_restore_session for the session an appointment became, as it is kept again. */
int store_restore_appointment_session(struct store *st, int64_t id, int64_t by_operator,
                                      struct gu_error *err);

/* ---- sites.c ---- */
/* The ids of a site and an operator named by the caller (0 when a name is NULL), created when
 * missing; the caches remember the last names across a batch. */
int store_resolve_site_and_operator(struct store *st, struct name_cache *sites,
                                     struct name_cache *operators, const char *site_name,
                                     const char *operator_name, const char *now, int64_t *site_id,
                                     int64_t *operator_id, struct gu_error *err);

/* ---- sessions.c ---- */
/* Inserts one row per member of set into a (session_id, code) table through stmt (from
 * stmt_get: NULL, its failure, fails). */
int store_add_set(struct store *st, struct db_stmt *stmt, enum vocab_kind kind, int64_t session_id,
                  vocab_set set, struct gu_error *err);
/* "already helped" as stored: NULL not given, 0 no, 1 yes. */
enum already_helped store_column_helped(struct db_stmt *stmt, int col);
void store_bind_helped(struct db_stmt *stmt, int index, enum already_helped h);
/* Fills s from a row of SESSION_COLUMNS; its strings are borrowed from the statement. */
void store_read_session_row(struct db_stmt *stmt, struct help_session *s);
/* Runs stmt (from stmt_get: NULL, its failure, fails) with its only parameter, value. */
int store_run_with_id(struct store *st, struct db_stmt *stmt, int64_t value, struct gu_error *err);
int store_no_such_session(int64_t id, struct gu_error *err);

/* ---- search.c ---- */
/* Binds ?1, ?2, ?4 and ?5 of STMT_SESSIONS_* (period, theme, deleted or not), and for paging
 * ?6 and ?7. The period's bounds are narrowed to the page's start, so that the index on
 * started_at reaches it at once rather than by skipping the pages before; the row value
 * comparison then orders the sessions of that same minute. */
void store_bind_session_filter(struct db_stmt *stmt, const struct session_filter *filter);
long search_sort_limit(const struct store *st);
long search_set_limit(const struct store *st);
/* The words a term can be found by, as simple terms into *reach: the term itself, or for a
 * term of pieces ("e-mail") its joined form and its longest piece, one of which every record
 * the term matches has (text_search_term_found): the indexes look up a superset, which
 * session_matches and partner_matches then decide. Release with text_search_free. */
int search_reach_words(const char *term, struct text_search *reach);
/* Whether a folded label or name has a word starting with one of the words of reach. */
bool search_reach_found(const struct text_search *reach, const char *folded);
/* The FTS5 query for the records whose indexed texts have a word starting with one of the
 * words of reach (search_reach_words), as a new string; NULL when the index cannot answer for them
 * (characters other than a-z and 0-9: the tokenizer and text_fold agree on those only) or
 * memory is short. With exact, the words themselves rather than prefixes. œ and æ are indexed
 * as such but folded to "oe" and "ae": each "oe" or "ae" of a word, and an "o" or "a" that ends
 * it, is asked both ways. */
char *search_match_query(const struct text_search *reach, bool exact);
void store_word_sets_forget(struct store *st);
/* The entry of word when it answers without reading: *out set (its own, or a kept prefix's),
 * or NULL (no set within cap); false when the word must be read. */
bool search_word_set_kept(struct store *st, enum word_domain domain, const char *word,
                          long long cap, bool kept_only, const struct idset **out);
/* Adds to *into the set of a label (label_set_of, up to cap); *lost when it has none. */
int search_label_set_add(struct store *st, enum word_domain domain, struct db_stmt *stmt, char kind,
                         const char *code, int64_t number, long long cap, struct idset *into,
                         bool *lost, struct gu_error *err);
/* The part of a word's set its indexed texts give, up to cap rows, into *ws (taken for word):
 * stmt binds match at 1, the limit at 2, the collect at 3. */
int search_word_text_set(struct store *st, enum word_domain domain, struct db_stmt *stmt,
                         const char *word, const char *match, long long cap,
                         struct word_set **out, struct gu_error *err);
/* The set of a word: its texts' part (search_word_text_set) and the labels and names that have the
 * word, which label_set_of keeps; into *ws, which *out borrows when it has a set. The labels
 * are gathered apart first: reading one may take the entry of another. A word with a label
 * not read (lost) is not kept: read otherwise, it may have a set. */
int search_word_set_finish(struct word_set *ws, struct idset *labels, bool lost,
                           const struct idset **out, struct gu_error *err);
/* A superset of what the search's words find, into *out (owned: idset_free): the words' sets
 * intersected: the kept ones, then the longer words' (their labels up to cap rows each), then
 * the short ones'; once they leave at most sort, no other is read. When no word has a set, the
 * longest word's, up to SEARCH_WIDE times cap. With narrow (the caller asks once a page read
 * in order found too few), the words left out are read again, with labels up to SEARCH_NARROW
 * times the set's size, or all of them when there is no set (a label row costs a fortieth of
 * a session read in order). With kept_only, only the
 * sets kept are taken. *has is false when there is no set at all (out
 * empty): every row can match. */
int search_candidates(struct store *st, const struct text_search *words, word_set_fn fn,
                             void *ctx, bool kept_only, bool narrow, long long sort,
                             long long cap, struct idset *out, bool *has, struct gu_error *err);
/* The members of set as a JSON array (owned), or NULL when memory is short. */
char *search_idset_json(const struct idset *set);

/* ---- workshops.c ---- */
int store_no_such(const char *what_fmt, int64_t id, struct gu_error *err);
/* Reads one integer from stmt (from stmt_get: NULL fails) with ?1 = id and ?2 = text (may be
 * NULL). */
int store_count_with(struct store *st, struct db_stmt *stmt, int64_t id, const char *text,
                      long long *out, struct gu_error *err);
/* Gives the first waitlisted person of workshop_id a seat. *p->promoted tells if anyone waited. */
int store_promote_first(struct store *st, int64_t workshop_id, const char *now,
                         struct promotion *p, struct gu_error *err);

/* ---- people.c ---- */
/* What the people's index holds of a folded name: the name, then, when it has hyphens or
 * apostrophes, the name with them taken out, so that its joined words are found too (as
 * migration 022 indexes the sessions' and partners' texts). A new string; NULL when out of
 * memory. */
char *store_participant_index_text(const char *fold);
/* The participant for person (canonical: person_canonicalize), among the records of the same
 * folded name (STMT_PARTICIPANT_FIND): the one with the same phone or e-mail; failing that, the
 * only one whose contact details do not conflict; otherwise a new record. Two or more that could
 * each be this person, none by a contact, and guessing would book one in another's place and give
 * them this person's phone or e-mail: a new record then, which person merge can join later. */
int store_find_or_add_participant(struct store *st, const struct person_kept *person,
                                   const char *now, int64_t *id, struct gu_error *err);

/* ---- referrals.c ---- */
/* Calls fn with each row of stmt (bound, REFERRAL_COLUMNS), then finishes it. */
int store_referral_rows(struct store *st, struct db_stmt *stmt, store_referral_fn fn, void *ctx,
                         struct gu_error *err);


/* A server's erasure key into target's table when target is a server's database too (a
 * network moving), inside target's transaction; nothing otherwise: a copy into a file carries
 * the register's marks but no key, as a file's own backups do, and a file's key stays beside
 * it (the server makes its own at its first erasure). */
int store_carry_erasure_key(struct store *source, struct store *target, struct gu_error *err);
/* ---- appointments.c ---- */
/* GU_INVALID, naming it, when operator_id (0: none) has a planned appointment overlapping a
 * workshop of duration at at, at site_id's clock (an appointment elsewhere, at its own). */
int store_facilitator_free(struct store *st, int64_t operator_id, int64_t site_id,
                           const struct gu_datetime *at, int duration, struct gu_error *err);

/* ---- copy-to (copy.c, copy_site.c) ---- */

/* Binds column col of from's current row to parameter param of to, as its type is. */
void store_bind_like(struct db_stmt *to, int param, struct db_stmt *from, int col);
/* One site's rows to copy: source_site's (0: the source has no site, and site_name is the one
 * its rows take), every row when whole (a library on its own), with their numbers into a new
 * database (keep_numbers), else under the target's next numbers; target_name (--as), the name
 * the site takes in the target (NULL: its own). */
struct store_copy_site {
    int64_t source_site;
    const char *site_name, *target_name; /* borrowed */
    bool whole, keep_numbers;
};
/* Copies plan's rows from source (in its read snapshot) into target (in its batch), telling
 * progress (may be NULL) each table's rows written and found there already, and notes. */
int store_copy_site_rows(struct store *source, struct store *target,
                         const struct store_copy_site *plan,
                         const struct store_copy_progress *progress, struct gu_error *err);
/* The site called name (matched folded) in st, added (created_at now) when missing, inside the
 * caller's transaction. */
int store_find_or_add_site(struct store *st, const char *name, const char *now, int64_t *id,
                           struct gu_error *err);

#endif
