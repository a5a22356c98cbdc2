/* copy-to of one site: a library joining a network that already holds data (its rows take the
 * network's next numbers, its site, operators, partners and policy lines found by name and code
 * where the network has them), and a library leaving a network with its own site's rows (into a
 * new database, keeping their numbers). Runs inside the target's batch that copy.c opens and
 * checks; the source is read from copy.c's snapshot.
 *
 * Every table is read whole, in the order its references allow, and each row either is found in
 * the target (a site or an operator by name, a partner by code or place id, a line of the policy
 * by code), written with its number (a new database), or written under a new number; a map per
 * table turns the source's numbers into the target's for the rows that refer to it. A row whose
 * parent was not copied (another site's session's themes) is left; an optional reference to a
 * row not copied (another site's operator) becomes empty, as deleting that row would make it. */
#include "store/internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "session.h"
#include "strbuf.h"

enum site_table_id {
    T_SITE, T_OPERATOR, T_PARTNER, T_KIND, T_SESSION, T_SESSION_THEME, T_SESSION_DEMARCHE,
    T_SESSION_MATERIAL, T_SESSION_DELETED, T_SERIES, T_WORKSHOP, T_WORKSHOP_THEME,
    T_PARTICIPANT, T_REGISTRATION, T_REFERRAL, T_APPOINTMENT, T_AUDIT, T_ERASURE, T_ERASURE_MARK,
    T_COUNT
};

/* What becomes of a reference to a row that was not copied. */
enum unmapped { REF_EMPTY, REF_SKIP_ROW, REF_NOT_A_KEY };

struct ref {
    const char *column;
    enum site_table_id parent;
    enum unmapped unmapped;
};

/* The rows of a table that belong to the site: ?1 the source's site (0 none), ?2 1 when the
 * source is one library (every row is the site's). Children are read whole and kept when their
 * parent was (REF_SKIP_ROW). */
struct site_table {
    const char *name;
    bool numbered; /* an id column the target gives */
    const char *rows;
    struct ref refs[5];
};

#define OF_SITE(t) "WHERE ?2 = 1 OR " t ".site_id = ?1 "
static const struct site_table site_tables[T_COUNT] = {
    /* the site's own row is copy_site_row's (found by name, or renamed with --as) */
    [T_SITE] = {"site", true, NULL, {{NULL}}},
    [T_OPERATOR] = {"operator", true,
                    OF_SITE("operator") "OR id IN (SELECT operator_id FROM help_session "
                    "WHERE site_id = ?1) OR id IN (SELECT facilitator_id FROM workshop WHERE "
                    "site_id = ?1) OR id IN (SELECT operator_id FROM referral WHERE site_id = ?1) "
                    "OR id IN (SELECT d.operator_id FROM help_session_deleted d JOIN help_session "
                    "s ON s.id = d.session_id WHERE s.site_id = ?1) OR id IN (SELECT operator_id "
                    "FROM appointment WHERE site_id = ?1) ORDER BY id",
                    {{"site_id", T_SITE, REF_EMPTY}}},
    /* the network's partners and lines, which the site saw, and its own; its own lines first,
     * so that the network's line of the same code finds the site's in the target */
    [T_PARTNER] = {"partner", true, OF_SITE("partner") "OR site_id IS NULL ORDER BY id",
                   {{NULL}}},
    [T_KIND] = {"request_kind", true,
                OF_SITE("request_kind") "OR site_id IS NULL ORDER BY (site_id IS NULL), id",
                {{"partner_id", T_PARTNER, REF_EMPTY}}},
    [T_SESSION] = {"help_session", true, OF_SITE("help_session") "ORDER BY id",
                   {{"site_id", T_SITE, REF_EMPTY}, {"operator_id", T_OPERATOR, REF_EMPTY}}},
    [T_SESSION_THEME] = {"help_session_theme", false, "", {{"session_id", T_SESSION, REF_SKIP_ROW}}},
    [T_SESSION_DEMARCHE] = {"help_session_demarche", false, "",
                            {{"session_id", T_SESSION, REF_SKIP_ROW}}},
    [T_SESSION_MATERIAL] = {"help_session_material", false, "",
                            {{"session_id", T_SESSION, REF_SKIP_ROW}}},
    [T_SESSION_DELETED] = {"help_session_deleted", false, "",
                           {{"session_id", T_SESSION, REF_SKIP_ROW},
                            {"operator_id", T_OPERATOR, REF_EMPTY}}},
    [T_SERIES] = {"workshop_series", true,
                  "WHERE ?2 = 1 OR id IN (SELECT series_id FROM workshop WHERE site_id = ?1) "
                  "ORDER BY id", {{NULL}}},
    [T_WORKSHOP] = {"workshop", true, OF_SITE("workshop") "ORDER BY id",
                    {{"series_id", T_SERIES, REF_EMPTY}, {"site_id", T_SITE, REF_EMPTY},
                     {"facilitator_id", T_OPERATOR, REF_EMPTY}}},
    [T_WORKSHOP_THEME] = {"workshop_theme", false, "", {{"workshop_id", T_WORKSHOP, REF_SKIP_ROW}}},
    /* people: those booked at the site's workshops (a person belongs to no site) */
    [T_PARTICIPANT] = {"participant", true,
                       "WHERE ?2 = 1 OR id IN (SELECT r.participant_id FROM registration r "
                       "JOIN workshop w ON w.id = r.workshop_id WHERE w.site_id = ?1) OR id IN "
                       "(SELECT participant_id FROM appointment WHERE site_id = ?1) ORDER BY id",
                       {{NULL}}},
    [T_REGISTRATION] = {"registration", true, "ORDER BY id",
                        {{"workshop_id", T_WORKSHOP, REF_SKIP_ROW},
                         {"participant_id", T_PARTICIPANT, REF_SKIP_ROW}}},
    [T_REFERRAL] = {"referral", true, OF_SITE("referral") "ORDER BY id",
                    {{"site_id", T_SITE, REF_EMPTY}, {"operator_id", T_OPERATOR, REF_EMPTY},
                     {"request_kind_id", T_KIND, REF_EMPTY}, {"partner_id", T_PARTNER, REF_EMPTY},
                     {"session_id", T_SESSION, REF_EMPTY}}},
    [T_APPOINTMENT] = {"appointment", true, OF_SITE("appointment") "ORDER BY id",
                       {{"site_id", T_SITE, REF_EMPTY}, {"operator_id", T_OPERATOR, REF_SKIP_ROW},
                        {"participant_id", T_PARTICIPANT, REF_EMPTY},
                        {"request_kind_id", T_KIND, REF_EMPTY}, {"session_id", T_SESSION, REF_EMPTY}}},
    /* the log: what names a row copied (entity_id, below), and on a library's whole copy the
     * rest too */
    [T_AUDIT] = {"audit", true, "ORDER BY id", {{"operator_id", T_OPERATOR, REF_EMPTY}}},
    /* the register of erasures is the database's, every entry (it holds no name) */
    [T_ERASURE] = {"erasure", true, "ORDER BY id",
                   {{"person_id", T_PARTICIPANT, REF_NOT_A_KEY}}},
    [T_ERASURE_MARK] = {"erasure_mark", false, "", {{"erasure_id", T_ERASURE, REF_SKIP_ROW}}},
};
#undef OF_SITE

/* The audit log's entities that name a row of a copied table. */
static const struct {
    const char *entity;
    enum site_table_id table;
} audit_entities[] = {
    {"help_session", T_SESSION}, {"workshop", T_WORKSHOP}, {"registration", T_REGISTRATION},
    {"referral", T_REFERRAL},    {"partner", T_PARTNER},   {"request_kind", T_KIND},
    {"participant", T_PARTICIPANT}, {"appointment", T_APPOINTMENT},
};

/* ---- the numbers' maps ---------------------------------------------------------------------- */

struct id_pair {
    int64_t from, to;
};

struct id_map {
    struct id_pair *pairs;
    size_t n, cap;
    bool sorted;
};

static int map_put(struct id_map *m, int64_t from, int64_t to)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        struct id_pair *p = reallocarray(m->pairs, cap, sizeof *p);
        if (!p)
            return GU_FAILURE;
        m->pairs = p;
        m->cap = cap;
    }
    m->sorted = m->sorted && (!m->n || m->pairs[m->n - 1].from < from);
    m->pairs[m->n++] = (struct id_pair){from, to};
    return GU_OK;
}

static int pair_cmp(const void *a, const void *b)
{
    const struct id_pair *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

/* Whether some number of the source became to (a row this copy wrote or found). */
static bool map_has_value(const struct id_map *m, int64_t to)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->pairs[i].to == to)
            return true;
    return false;
}

static bool map_get(struct id_map *m, int64_t from, int64_t *to)
{
    if (!m->sorted) {
        qsort(m->pairs, m->n, sizeof *m->pairs, pair_cmp);
        m->sorted = true;
    }
    const struct id_pair key = {from, 0}, *hit = m->n ? bsearch(&key, m->pairs, m->n,
                                                                sizeof *m->pairs, pair_cmp)
                                                      : NULL;
    if (hit)
        *to = hit->to;
    return hit != NULL;
}

/* ---- one copy ------------------------------------------------------------------------------- */

struct site_copy {
    struct store *source, *target;
    const struct store_copy_site *plan;
    const struct store_copy_progress *progress; /* may be NULL */
    int64_t target_site;    /* the site's number in the target */
    char *site_name;        /* its name there (owned) */
    bool marks_apply; /* the source's register's marks are copied */
    struct id_map maps[T_COUNT];
};

/* Tells the caller what the counts do not say (a name changed, rows left). */
static void copy_note(struct site_copy *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void copy_note(struct site_copy *c, const char *fmt, ...)
{
    if (!c->progress || !c->progress->note)
        return;
    struct strbuf b = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (!strbuf_failed(&b))
        c->progress->note(strbuf_str(&b), c->progress->ctx);
    strbuf_release(&b);
}

/* What a column of the row being copied is written as. */
enum value_kind { VALUE_SOURCE, VALUE_NULL, VALUE_INT, VALUE_TEXT };
struct value {
    enum value_kind kind;
    int64_t number;
    char *text; /* VALUE_TEXT's, owned */
};

static void values_clear(struct value *values, int n)
{
    for (int col = 0; col < n; col++) {
        free(values[col].text);
        values[col] = (struct value){VALUE_SOURCE, 0, NULL};
    }
}

static int column_index(struct db_stmt *stmt, const char *name)
{
    for (int c = 0; c < db_column_count(stmt); c++)
        if (!strcmp(db_column_name(stmt, c), name))
            return c;
    return -1;
}

static const char *column_text(struct db_stmt *stmt, int col)
{
    return col >= 0 ? (const char *)db_column_text(stmt, col) : NULL;
}

static bool same_text(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* The INSERT of the source's columns (not id when the target numbers the rows; a session's number
 * taken as sessions.c takes it, past every number ever given). */
static char *site_insert_sql(const struct site_copy *c, enum site_table_id t, struct db_stmt *from,
                             int id_col)
{
    bool renumber = site_tables[t].numbered && !c->plan->keep_numbers;
    struct strbuf cols = STRBUF_INIT, values = STRBUF_INIT;
    int n = 0, param = 0;
    for (int col = 0; col < db_column_count(from); col++) {
        if (renumber && col == id_col && t != T_SESSION)
            continue;
        strbuf_printf(&cols, "%s%s", n ? ", " : "", db_column_name(from, col));
        if (renumber && col == id_col)
            strbuf_printf(&values, "%s1 + max(coalesce((SELECT max(id) FROM help_session), 0), "
                                   "coalesce((SELECT last FROM session_number WHERE id = 1), 0))",
                          n ? ", " : "");
        else
            strbuf_printf(&values, "%s?%d", n ? ", " : "", ++param);
        n++;
    }
    struct strbuf sql = STRBUF_INIT;
    strbuf_printf(&sql, "INSERT INTO %s (%s) VALUES (%s)%s", site_tables[t].name,
                  strbuf_str(&cols), strbuf_str(&values),
                  renumber ? " RETURNING id" : "");
    bool failed = strbuf_failed(&cols) || strbuf_failed(&values);
    strbuf_release(&cols);
    strbuf_release(&values);
    if (failed)
        strbuf_release(&sql);
    return failed ? NULL : strbuf_finish(&sql);
}

/* Whether the target's row q (every column) says what the source's row says, its mapped values
 * included, the columns named in skip (NULL-terminated) aside. Numbers are compared as numbers,
 * whichever engine's type holds them. */
static bool same_content(struct db_stmt *row, const struct value *values, struct db_stmt *q,
                         const char *const *skip)
{
    for (int tc = 0; tc < db_column_count(q); tc++) {
        const char *name = db_column_name(q, tc);
        bool skipped = false;
        for (const char *const *k = skip; *k && !skipped; k++)
            skipped = !strcmp(*k, name);
        int sc = column_index(row, name);
        if (skipped || sc < 0)
            continue;
        const struct value *v = &values[sc];
        enum db_type theirs = db_column_type(q, tc);
        enum db_type mine = v->kind == VALUE_NULL   ? DB_NULL
                            : v->kind == VALUE_INT  ? DB_INTEGER
                            : v->kind == VALUE_TEXT ? DB_TEXT
                                                    : db_column_type(row, sc);
        if (mine == DB_NULL || theirs == DB_NULL) {
            if (mine != theirs)
                return false;
        } else if ((mine == DB_INTEGER || mine == DB_FLOAT) &&
                   (theirs == DB_INTEGER || theirs == DB_FLOAT)) {
            double a = v->kind == VALUE_INT ? (double)v->number : db_column_double(row, sc);
            if (a != db_column_double(q, tc))
                return false;
        } else if (!same_text(v->kind == VALUE_TEXT ? v->text : column_text(row, sc),
                              column_text(q, tc)))
            return false;
    }
    return true;
}

/* The finder's statements on the target and the source row's columns it reads. */
struct finder {
    struct db_stmt *by_name, *by_code, *by_place, *partner, *kind_in_scope, *kind_network;
    int name, name_fold, code, place;
};

/* A partner's columns that say nothing of the place itself. */
static const char *const partner_own_columns[] = {"id", "site_id", "code", "mednum_id", "name_fold",
                                                  "created_at", "updated_at", "updated_on", NULL};
/* A line of the policy's columns besides what it answers. */
static const char *const kind_own_columns[] = {"id", "code", "position", "site_id", NULL};

/* Joining: a partner of the same code or place id that the site sees (the network's or its own)
 * and that says the same of the place; a code or place id another site's partner has, or one
 * whose partner says otherwise (the library's own details: its CAF's phone), is left empty on
 * the library's partner, which becomes its site's own (*clear_code, *clear_place). */
static int find_partner(struct site_copy *c, struct finder *f, struct db_stmt *row,
                        const struct value *values, int64_t *found, bool *clear_code,
                        bool *clear_place, struct gu_error *err)
{
    const int cols[2] = {f->code, f->place};
    struct db_stmt *qs[2] = {f->by_code, f->by_place};
    bool *clear[2] = {clear_code, clear_place};
    int rc = DB_DONE;
    for (int i = 0; i < 2 && rc == DB_DONE; i++) {
        const char *key = column_text(row, cols[i]);
        if (!key)
            continue;
        db_bind_text(qs[i], 1, key, -1);
        int64_t candidate = 0;
        bool seen = false;
        if ((rc = db_step(qs[i])) == DB_ROW) {
            candidate = db_column_int64(qs[i], 0);
            seen = db_column_type(qs[i], 1) == DB_NULL ||
                   db_column_int64(qs[i], 1) == c->target_site;
            rc = DB_DONE;
        }
        db_reset(qs[i]);
        if (!candidate || rc != DB_DONE)
            continue;
        *clear[i] = true;
        if (!seen || *found)
            continue;
        db_bind_int64(f->partner, 1, candidate);
        if ((rc = db_step(f->partner)) == DB_ROW) {
            if (same_content(row, values, f->partner, partner_own_columns))
                *found = candidate;
            rc = DB_DONE;
        }
        db_reset(f->partner);
    }
    if (*found)
        *clear_code = *clear_place = false;
    return rc == DB_DONE ? GU_OK : store_db_error(c->target, rc, err);
}

/* A line of the policy: the site's own of the same code (on a library leaving, the site's line
 * the network's line of its code gives way to), or joining, the network's line of the same code
 * that answers the same. */
static int find_kind(struct site_copy *c, struct finder *f, struct db_stmt *row,
                     const struct value *values, int64_t *found, struct gu_error *err)
{
    db_bind_text(f->kind_in_scope, 1, column_text(row, f->code), -1);
    db_bind_int64(f->kind_in_scope, 2, c->plan->keep_numbers ? 0 : c->target_site);
    int rc = db_step(f->kind_in_scope);
    if (rc == DB_ROW) {
        *found = db_column_int64(f->kind_in_scope, 0);
        rc = DB_DONE;
    }
    db_reset(f->kind_in_scope);
    if (!*found && !c->plan->keep_numbers && rc == DB_DONE) {
        db_bind_text(f->kind_network, 1, column_text(row, f->code), -1);
        if ((rc = db_step(f->kind_network)) == DB_ROW) {
            if (same_content(row, values, f->kind_network, kind_own_columns))
                *found = db_column_int64(f->kind_network, 0);
            rc = DB_DONE;
        }
        db_reset(f->kind_network);
    }
    return rc == DB_DONE ? GU_OK : store_db_error(c->target, rc, err);
}

/* Joining: an operator of the same name at the joining site or at none is the same person; a
 * name another site's operator has is someone else, who takes the name with the site's after it
 * ("Élodie (Médiathèque du Village)", then numbered), said in a note. */
static int find_operator(struct site_copy *c, struct finder *f, struct db_stmt *row,
                         struct value *values, int64_t *found, struct gu_error *err)
{
    const char *name = column_text(row, f->name);
    int status = GU_OK;
    char *fold = NULL, *renamed = NULL;
    for (int attempt = 0; !status && attempt < 100; attempt++) {
        free(fold);
        fold = NULL;
        if (attempt) {
            free(renamed);
            /* with the site's name while that is within a name's length, else numbered */
            struct strbuf b = STRBUF_INIT;
            const char *own = name ? name : "";
            size_t chars = text_length(own) + text_length(c->site_name) + 3;
            if (chars + (attempt > 1 ? 4 : 0) <= NAME_MAX_CHARS)
                strbuf_printf(&b, "%s (%s)", own, c->site_name);
            else {
                char *cut = text_fit(own, NAME_MAX_CHARS - 8);
                if (!cut) {
                    strbuf_release(&b);
                    status = error_nomem(err);
                    break;
                }
                strbuf_puts(&b, cut);
                free(cut);
            }
            if (attempt > 1 || chars > NAME_MAX_CHARS)
                strbuf_printf(&b, " (%d)", attempt);
            if (!(renamed = strbuf_finish(&b)) || !(fold = text_fold(renamed))) {
                status = error_nomem(err);
                break;
            }
        }
        db_bind_text(f->by_name, 1, fold ? fold : column_text(row, f->name_fold), -1);
        int rc = db_step(f->by_name);
        bool taken = rc == DB_ROW, ours = false;
        if (taken) {
            /* an operator this copy wrote (another one renamed into this name) is not them */
            int64_t there = db_column_int64(f->by_name, 0);
            ours = (db_column_type(f->by_name, 1) == DB_NULL ||
                    db_column_int64(f->by_name, 1) == c->target_site) &&
                   !map_has_value(&c->maps[T_OPERATOR], there);
            if (ours)
                *found = there;
            rc = DB_DONE;
        }
        db_reset(f->by_name);
        if (rc != DB_DONE)
            status = store_db_error(c->target, rc, err);
        else if (!taken || ours) {
            if (!taken && renamed) {
                values[f->name] = (struct value){VALUE_TEXT, 0, renamed};
                values[f->name_fold] = (struct value){VALUE_TEXT, 0, fold};
                copy_note(c, _("operator %s is called %s there: another operator there has "
                               "that name"),
                          name ? name : "", renamed);
                renamed = fold = NULL;
            }
            break;
        }
    }
    free(fold);
    free(renamed);
    return status;
}

/* The row the target already has that the source's row becomes, by table (joining; and on a
 * library leaving, the site's own line of the policy for the network's of its code). */
static int find_in_target(struct site_copy *c, enum site_table_id t, struct finder *f,
                          struct db_stmt *row, struct value *values, int64_t *found,
                          struct gu_error *err)
{
    *found = 0;
    bool clear_code = false, clear_place = false;
    int status = GU_OK;
    if (t == T_OPERATOR && !c->plan->keep_numbers)
        status = find_operator(c, f, row, values, found, err);
    else if (t == T_PARTNER && !c->plan->keep_numbers)
        status = find_partner(c, f, row, values, found, &clear_code, &clear_place, err);
    else if (t == T_KIND)
        status = find_kind(c, f, row, values, found, err);
    if (clear_code)
        values[f->code] = (struct value){VALUE_NULL, 0, NULL};
    if (clear_place)
        values[f->place] = (struct value){VALUE_NULL, 0, NULL};
    return status;
}

static int prepare_finder(struct site_copy *c, enum site_table_id t, struct db_stmt *from,
                          struct finder *f, struct gu_error *err)
{
    *f = (struct finder){
        .name = column_index(from, "name"), .name_fold = column_index(from, "name_fold"),
        .code = column_index(from, "code"), .place = column_index(from, "mednum_id"),
    };
    struct db *db = c->target->db;
    int rc = DB_OK;
    if (t == T_OPERATOR)
        rc = db_prepare(db, "SELECT id, site_id FROM operator WHERE name_fold = ?1", &f->by_name);
    else if (t == T_PARTNER) {
        rc = db_prepare(db, "SELECT id, site_id FROM partner WHERE code = ?1", &f->by_code);
        if (rc == DB_OK)
            rc = db_prepare(db, "SELECT id, site_id FROM partner WHERE mednum_id = ?1",
                            &f->by_place);
        if (rc == DB_OK)
            rc = db_prepare(db, "SELECT * FROM partner WHERE id = ?1", &f->partner);
    } else if (t == T_KIND) {
        rc = db_prepare(db, "SELECT id FROM request_kind WHERE code = ?1 AND "
                            "coalesce(site_id, 0) = ?2", &f->kind_in_scope);
        if (rc == DB_OK)
            rc = db_prepare(db, "SELECT * FROM request_kind WHERE code = ?1 AND site_id IS NULL",
                            &f->kind_network);
    }
    return rc == DB_OK ? GU_OK : store_db_error(c->target, rc, err);
}

static void finish_finder(struct finder *f)
{
    db_finalize(f->by_name);
    db_finalize(f->by_code);
    db_finalize(f->by_place);
    db_finalize(f->partner);
    db_finalize(f->kind_in_scope);
    db_finalize(f->kind_network);
}

/* The table's entity in the audit log, or T_COUNT. */
static enum site_table_id audit_table(const char *entity)
{
    for (size_t i = 0; entity && i < ARRAY_LEN(audit_entities); i++)
        if (!strcmp(entity, audit_entities[i].entity))
            return audit_entities[i].table;
    return T_COUNT;
}

/* Works out what row's columns are written as; *skip when the row is not the site's. */
static void map_row(struct site_copy *c, enum site_table_id t, struct db_stmt *row,
                    const int *ref_cols, int site_col, int entity_col, int entity_id_col,
                    struct value *values, bool *skip)
{
    const struct site_table *st = &site_tables[t];
    *skip = false;
    values_clear(values, db_column_count(row));
    for (size_t r = 0; r < ARRAY_LEN(st->refs) && st->refs[r].column; r++) {
        int col = ref_cols[r];
        if (col < 0)
            continue;
        const struct ref *ref = &st->refs[r];
        int64_t to;
        if (db_column_type(row, col) == DB_NULL) {
            /* a library on its own: its rows of no site are its site's */
            if (ref->parent == T_SITE && c->plan->whole)
                values[col] = (struct value){VALUE_INT, c->target_site, NULL};
            continue;
        }
        if (map_get(&c->maps[ref->parent], db_column_int64(row, col), &to))
            values[col] = (struct value){VALUE_INT, to, NULL};
        else if (ref->unmapped == REF_SKIP_ROW)
            *skip = true;
        else if (ref->unmapped == REF_EMPTY)
            values[col] = (struct value){VALUE_NULL, 0, NULL};
        /* REF_NOT_A_KEY (an erasure's person): a referral's contact's entry (0) is the
         * library's on its own; a person not copied (another site's, or purged since) leaves
         * the entry, which would find nobody under a new number */
        else if (db_column_int64(row, col) == 0 ? !c->plan->whole
                                                 : !c->plan->keep_numbers || !c->plan->whole)
            *skip = true;
    }
    /* the directory and policy: the joining site's own, or on a library leaving, the network's
     * of a database of one site */
    if (site_col >= 0)
        values[site_col] = c->plan->keep_numbers ? (struct value){VALUE_NULL, 0, NULL}
                                                 : (struct value){VALUE_INT, c->target_site, NULL};
    if (t == T_ERASURE_MARK && !c->marks_apply)
        *skip = true;
    if (t == T_AUDIT && entity_id_col >= 0 && db_column_type(row, entity_id_col) != DB_NULL &&
        db_column_int64(row, entity_id_col) != 0) {
        enum site_table_id named = audit_table(column_text(row, entity_col));
        int64_t to;
        if (named != T_COUNT && map_get(&c->maps[named], db_column_int64(row, entity_id_col), &to))
            values[entity_id_col] = (struct value){VALUE_INT, to, NULL};
        else if (!c->plan->whole)
            *skip = true; /* another site's row */
        else if (!c->plan->keep_numbers)
            values[entity_id_col] = (struct value){VALUE_NULL, 0, NULL}; /* purged since */
    } else if (t == T_AUDIT && !c->plan->whole)
        *skip = true; /* the network's events (a purge, a restore) */
}

static int copy_site_table(struct site_copy *c, enum site_table_id t, long long *copied,
                           long long *matched, struct gu_error *err)
{
    const struct site_table *st = &site_tables[t];
    *copied = *matched = 0;
    struct strbuf select = STRBUF_INIT;
    strbuf_printf(&select, "SELECT * FROM %s %s", st->name, st->rows);
    if (strbuf_failed(&select))
        return error_nomem(err);
    struct db_stmt *from = NULL, *to = NULL;
    int rc = db_prepare(c->source->db, strbuf_str(&select), &from);
    strbuf_release(&select);
    if (rc != DB_OK)
        return store_db_error(c->source, rc, err);
    if (db_bind_parameter_count(from) >= 1)
        db_bind_int64(from, 1, c->plan->source_site);
    if (db_bind_parameter_count(from) >= 2)
        db_bind_int(from, 2, c->plan->whole);
    int id_col = st->numbered ? column_index(from, "id") : -1;
    int ref_cols[ARRAY_LEN(st->refs)];
    for (size_t r = 0; r < ARRAY_LEN(st->refs); r++)
        ref_cols[r] = st->refs[r].column ? column_index(from, st->refs[r].column) : -1;
    int site_col = t == T_PARTNER || t == T_KIND ? column_index(from, "site_id") : -1;
    int entity_col = t == T_AUDIT ? column_index(from, "entity") : -1;
    int entity_id_col = t == T_AUDIT ? column_index(from, "entity_id") : -1;
    struct finder f = {0};
    struct value *values = calloc((size_t)db_column_count(from) + 1, sizeof *values);
    char *insert = values ? site_insert_sql(c, t, from, id_col) : NULL;
    int status = insert ? GU_OK : error_nomem(err);
    if (!status && (rc = db_prepare(c->target->db, insert, &to)) != DB_OK)
        status = store_db_error(c->target, rc, err);
    if (!status)
        status = prepare_finder(c, t, from, &f, err);
    bool renumber = st->numbered && !c->plan->keep_numbers;
    while (!status && (rc = db_step(from)) == DB_ROW) {
        bool skip;
        map_row(c, t, from, ref_cols, site_col, entity_col, entity_id_col, values, &skip);
        if (skip)
            continue;
        int64_t found = 0;
        if ((status = find_in_target(c, t, &f, from, values, &found, err)))
            break;
        if (found) {
            *matched += !c->plan->keep_numbers; /* leaving: the network's line gives way */
            if (map_put(&c->maps[t], db_column_int64(from, id_col), found))
                status = error_nomem(err);
            continue;
        }
        /* the parameters in the order of site_insert_sql's columns, without the id renumbered */
        for (int col = 0, param = 0; col < db_column_count(from); col++) {
            if (renumber && col == id_col)
                continue;
            ++param;
            if (values[col].kind == VALUE_NULL)
                db_bind_null(to, param);
            else if (values[col].kind == VALUE_INT)
                db_bind_int64(to, param, values[col].number);
            else if (values[col].kind == VALUE_TEXT)
                db_bind_text(to, param, values[col].text, -1);
            else
                store_bind_like(to, param, from, col);
        }
        int written = db_step(to);
        int64_t id = renumber && written == DB_ROW ? db_column_int64(to, 0) : 0;
        while (written == DB_ROW)
            written = db_step(to);
        db_reset(to);
        db_clear_bindings(to);
        if ((written & 0xff) == DB_CONSTRAINT)
            status = error_set(err, GU_FAILURE,
                               _("a row of the table %s is refused by the database copied into "
                                 "(%s): nothing was written"),
                               st->name, db_errmsg(c->target->db));
        else if (written != DB_DONE)
            status = store_db_error(c->target, written, err);
        else if (st->numbered &&
                 map_put(&c->maps[t], db_column_int64(from, id_col),
                         renumber ? id : db_column_int64(from, id_col)))
            status = error_nomem(err);
        else
            ++*copied;
    }
    if (!status && rc != DB_DONE)
        status = store_db_error(c->source, rc, err);
    finish_finder(&f);
    free(insert);
    if (values)
        values_clear(values, db_column_count(from));
    free(values);
    db_finalize(to);
    db_finalize(from);
    return status;
}

/* The site's row: on a library leaving, written with its number (and the name given with --as);
 * joining, the site of its name in the target (or the name given with --as), which must hold no
 * data of its own yet (two libraries of one name would make one), else made, with the source's
 * zone, e-mail and opening hours. A source without sites takes the name given. */
static int copy_site_row(struct site_copy *c, long long *copied, long long *matched,
                         struct gu_error *err)
{
    struct db_stmt *q = NULL;
    int rc = db_prepare(c->source->db, "SELECT name, time_zone, email, created_at, "
                                       "opening_hours FROM site "
                                       "WHERE id = ?1", &q);
    if (rc == DB_OK) {
        db_bind_int64(q, 1, c->plan->source_site);
        rc = db_step(q);
    }
    bool have = rc == DB_ROW;
    int status = have || rc == DB_DONE ? GU_OK : store_db_error(c->source, rc, err);
    const char *name = c->plan->target_name ? c->plan->target_name
                       : have                ? (const char *)db_column_text(q, 0)
                                             : c->plan->site_name;
    if (!status && !(c->site_name = strdup(name ? name : "")))
        status = error_nomem(err);
    char now[21];
    clock_now_utc_text(now);
    int64_t id = 0;
    if (!status)
        status = store_find_site(c->target, c->site_name, &id, err);
    long long held = 0;
    if (!status && id && !c->plan->keep_numbers) {
        struct db_stmt *data = NULL;
        rc = db_prepare(c->target->db,
                        "SELECT (SELECT count(*) FROM help_session WHERE site_id = ?1) + "
                        "(SELECT count(*) FROM workshop WHERE site_id = ?1) + "
                        "(SELECT count(*) FROM referral WHERE site_id = ?1), name "
                        "FROM site WHERE id = ?1", &data);
        if (rc == DB_OK) {
            db_bind_int64(data, 1, id);
            rc = db_step(data);
        }
        if (rc == DB_ROW && (held = db_column_int64(data, 0)))
            status = error_set(err, GU_FAILURE,
                               _("the database copied into has a site called \"%s\" with "
                                 "sessions, workshops or referrals of its own: the library "
                                 "joins under another name (--as NAME); nothing was written"),
                               (const char *)db_column_text(data, 1));
        else if (rc == DB_ROW)
            ++*matched;
        else
            status = store_db_error(c->target, rc, err);
        db_finalize(data);
    }
    if (!status && !id) {
        status = store_find_or_add_site(c->target, c->site_name, now, &id, err);
        /* leaving: the site keeps its number, as every row copied with it */
        if (!status && c->plan->keep_numbers && have && id != c->plan->source_site) {
            struct db_stmt *renumber = NULL;
            rc = db_prepare(c->target->db, "UPDATE site SET id = ?1 WHERE id = ?2", &renumber);
            if (rc == DB_OK) {
                db_bind_int64(renumber, 1, c->plan->source_site);
                db_bind_int64(renumber, 2, id);
                status = store_stmt_run(c->target, renumber, err);
                id = c->plan->source_site;
            } else
                status = store_db_error(c->target, rc, err);
            db_finalize(renumber);
        }
        if (!status && have) {
            struct db_stmt *details = NULL;
            rc = db_prepare(c->target->db, "UPDATE site SET time_zone = ?1, email = ?2, "
                                           "created_at = ?3, opening_hours = ?4 WHERE id = ?5",
                            &details);
            if (rc == DB_OK) {
                for (int col = 1; col <= 4; col++)
                    store_bind_like(details, col, q, col);
                db_bind_int64(details, 5, id);
                status = store_stmt_run(c->target, details, err);
            } else
                status = store_db_error(c->target, rc, err);
            db_finalize(details);
        }
        if (!status)
            ++*copied;
    }
    db_finalize(q);
    c->target_site = id;
    if (!status && c->plan->source_site && map_put(&c->maps[T_SITE], c->plan->source_site, id))
        status = error_nomem(err);
    return status;
}

/* One site of a network's database: what belongs to no site stays (the network's own), said. */
static int note_left_rows(struct site_copy *c, struct gu_error *err)
{
    long long sessions = 0, workshops = 0, referrals = 0;
    int status = store_query_int(c->source, "SELECT count(*) FROM help_session WHERE "
                                            "site_id IS NULL", &sessions, err);
    if (!status)
        status = store_query_int(c->source, "SELECT count(*) FROM workshop WHERE "
                                            "site_id IS NULL", &workshops, err);
    if (!status)
        status = store_query_int(c->source, "SELECT count(*) FROM referral WHERE "
                                            "site_id IS NULL", &referrals, err);
    if (!status && (sessions || workshops || referrals))
        copy_note(c, _("not copied, as no site's in the database being copied: sessions: "
                       "%lld; workshops: %lld; referrals: %lld"),
                  sessions, workshops, referrals);
    return status;
}

int store_copy_site_rows(struct store *source, struct store *target,
                         const struct store_copy_site *plan,
                         const struct store_copy_progress *progress, struct gu_error *err)
{
    struct site_copy c = {.source = source, .target = target, .plan = plan,
                          .progress = progress};
    int status = GU_OK;
    /* A library on its own leaving into a new database takes its register whole, as a whole
     * copy does. Joining, the entries come without their marks: keyed by the library's key,
     * which stays with its file and is never the network's (whoever holds that file could
     * test a guessed name against the network's erasures); each entry finds its person by the
     * new number. One site of a network's takes only its people's entries, never a mark. */
    c.marks_apply = plan->whole && plan->keep_numbers;
    for (int t = 0; !status && t < T_COUNT; t++) {
        long long copied = 0, matched = 0;
        status = t == T_SITE ? copy_site_row(&c, &copied, &matched, err)
                             : copy_site_table(&c, t, &copied, &matched, err);
        if (!status && progress && progress->table)
            status = progress->table(site_tables[t].name, copied, matched, progress->ctx, err);
    }
    if (!status && !plan->whole)
        status = note_left_rows(&c, err);
    for (int t = 0; t < T_COUNT; t++)
        free(c.maps[t].pairs);
    free(c.site_name);
    return status;
}
