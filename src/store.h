/* Storage: the one interface to the database. Nothing outside store.c knows the engine, so a
 * second one (PostgreSQL, for library networks) can be added behind these prototypes.
 * Every write runs in its own short transaction; no call leaves one open on return. */
#ifndef GUICHET_STORE_H
#define GUICHET_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "session.h"

struct store;

/* The default database path: $XDG_DATA_HOME/guichet/guichet.db, else
 * ~/.local/share/guichet/guichet.db. Returns a new string (caller frees), or NULL with err set. */
char *store_default_path(struct gu_error *err);

/* Opens (creating with mode 0600, and its folder, as needed) and migrates the database at path.
 * Refuses, with a translated message and nothing written, a newer schema, a foreign or damaged
 * file, a read-only file, and a file system where WAL cannot be used. *out is owned by the
 * caller: close it with store_close. */
int store_open(const char *path, struct store **out, struct gu_error *err);
void store_close(struct store *st);

/* Schema version this build writes. */
int store_schema_version(void);

/* Stores sessions[0..n) in one transaction (all or nothing), creating the operators and sites they
 * name. Writes one audit entry. ids (may be NULL) receives the new ids. Sessions are validated
 * by the caller (session_validate). */
int store_add_sessions(struct store *st, const struct help_session *sessions, size_t n,
                       int64_t *ids, struct gu_error *err);

struct session_filter {
    const char *from; /* "YYYY-MM-DD" inclusive, or NULL */
    const char *to;   /* "YYYY-MM-DD" inclusive, or NULL */
    bool newest_first;
    long limit; /* 0 = no limit */
};

/* Calls fn for each matching session (s is valid during the call only); stops early and returns
 * fn's status when fn returns non-zero. */
typedef int (*store_session_fn)(const struct help_session *s, void *ctx);
int store_list_sessions(struct store *st, const struct session_filter *filter,
                        store_session_fn fn, void *ctx, struct gu_error *err);

/* Integrity, foreign keys and vocabulary codes. fn receives each problem as a translated line;
 * *sound tells the verdict. */
typedef void (*store_problem_fn)(const char *problem, void *ctx);
int store_check(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                struct gu_error *err);

/* A consistent copy of the database in a new file at dest (mode 0600), taken while other desks
 * keep writing. Refuses to overwrite an existing file. */
int store_backup(struct store *st, const char *dest, struct gu_error *err);

#endif
