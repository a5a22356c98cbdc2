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

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"

enum site_table_id {
    T_SITE, T_OPERATOR, T_PARTNER, T_KIND, T_SESSION, T_SESSION_THEME, T_SESSION_DEMARCHE,
    T_SESSION_MATERIAL, T_SESSION_DELETED, T_SERIES, T_WORKSHOP, T_WORKSHOP_THEME,
    T_PARTICIPANT, T_REGISTRATION, T_REFERRAL, T_AUDIT, T_ERASURE, T_ERASURE_MARK, T_COUNT
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
    [T_SITE] = {"site", true, "WHERE id = ?1 ORDER BY id", {{NULL}}},
    [T_OPERATOR] = {"operator", true,
                    OF_SITE("operator") "OR id IN (SELECT operator_id FROM help_session "
                    "WHERE site_id = ?1) OR id IN (SELECT facilitator_id FROM workshop WHERE "
                    "site_id = ?1) OR id IN (SELECT operator_id FROM referral WHERE site_id = ?1) "
                    "OR id IN (SELECT d.operator_id FROM help_session_deleted d JOIN help_session "
                    "s ON s.id = d.session_id WHERE s.site_id = ?1) ORDER BY id",
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
                       "JOIN workshop w ON w.id = r.workshop_id WHERE w.site_id = ?1) ORDER BY id",
                       {{NULL}}},
    [T_REGISTRATION] = {"registration", true, "ORDER BY id",
                        {{"workshop_id", T_WORKSHOP, REF_SKIP_ROW},
                         {"participant_id", T_PARTICIPANT, REF_SKIP_ROW}}},
    [T_REFERRAL] = {"referral", true, OF_SITE("referral") "ORDER BY id",
                    {{"site_id", T_SITE, REF_EMPTY}, {"operator_id", T_OPERATOR, REF_EMPTY},
                     {"request_kind_id", T_KIND, REF_EMPTY}, {"partner_id", T_PARTNER, REF_EMPTY},
                     {"session_id", T_SESSION, REF_EMPTY}}},
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
    {"participant", T_PARTICIPANT},
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
    int64_t target_site; /* the site's number in the target */
    bool marks_apply;    /* the target's register shares the source's key */
    struct id_map maps[T_COUNT];
};

/* What a column of the row being copied is written as. */
enum value_kind { VALUE_SOURCE, VALUE_NULL, VALUE_INT };
struct value {
    enum value_kind kind;
    int64_t number;
};

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

/* A row the target already has, which the source's row becomes: a site or an operator of the
 * same name, a partner of the same code or place id that the site sees (the network's or its
 * own), a line of the policy of the same code in the site's policy, or (joining) the network's
 * line that says the same. *found its number; *clear, a column to leave empty (a code or a place
 * id another site's partner has). */
struct finder {
    struct db_stmt *by_name, *by_code, *by_place, *kind_in_scope, *kind_network;
    int name_fold, code, place, label, keywords, answer, partner, theme, bring, note;
};

static int find_in_target(struct site_copy *c, enum site_table_id t, struct finder *f,
                          struct db_stmt *row, const struct value *values, int64_t *found,
                          int *clear, struct gu_error *err)
{
    *found = 0;
    *clear = -1;
    struct db_stmt *q = NULL;
    int rc = DB_DONE;
    if ((t == T_SITE || t == T_OPERATOR) && !c->plan->keep_numbers) {
        q = f->by_name;
        db_bind_text(q, 1, column_text(row, f->name_fold), -1);
        if ((rc = db_step(q)) == DB_ROW)
            *found = db_column_int64(q, 0);
    } else if (t == T_PARTNER && !c->plan->keep_numbers) {
        /* by code, then by place id: a code or id another site's partner has is left empty */
        const int cols[2] = {f->code, f->place};
        struct db_stmt *qs[2] = {f->by_code, f->by_place};
        for (int i = 0; i < 2 && !*found && rc == DB_DONE; i++) {
            const char *key = column_text(row, cols[i]);
            if (!key)
                continue;
            q = qs[i];
            db_bind_text(q, 1, key, -1);
            if ((rc = db_step(q)) == DB_ROW) {
                bool seen = db_column_type(q, 1) == DB_NULL ||
                            db_column_int64(q, 1) == c->target_site;
                if (seen)
                    *found = db_column_int64(q, 0);
                else
                    *clear = cols[i];
                rc = DB_DONE;
            }
            db_reset(q);
            q = NULL;
        }
    } else if (t == T_KIND) {
        q = f->kind_in_scope;
        db_bind_text(q, 1, column_text(row, f->code), -1);
        db_bind_int64(q, 2, c->plan->keep_numbers ? 0 : c->target_site);
        if ((rc = db_step(q)) == DB_ROW) {
            *found = db_column_int64(q, 0);
            rc = DB_DONE;
        }
        db_reset(q);
        q = NULL;
        /* joining: the network's line that says what the library's says is the site's too */
        if (!*found && !c->plan->keep_numbers && rc == DB_DONE) {
            q = f->kind_network;
            db_bind_text(q, 1, column_text(row, f->code), -1);
            if ((rc = db_step(q)) == DB_ROW) {
                const struct value *p = &values[f->partner];
                bool none = p->kind == VALUE_NULL ||
                            (p->kind == VALUE_SOURCE && db_column_type(row, f->partner) == DB_NULL);
                bool same_partner = none ? db_column_type(q, 4) == DB_NULL
                                         : db_column_type(q, 4) != DB_NULL &&
                                               db_column_int64(q, 4) == p->number;
                const int mine[] = {f->label, f->keywords, f->answer, f->theme, f->bring, f->note};
                const int theirs[] = {1, 2, 3, 5, 6, 7};
                bool same = same_partner;
                for (size_t i = 0; same && i < ARRAY_LEN(mine); i++)
                    same = same_text(column_text(row, mine[i]), column_text(q, theirs[i]));
                if (same)
                    *found = db_column_int64(q, 0);
            }
        }
    }
    if (rc == DB_ROW)
        rc = DB_DONE;
    if (q)
        db_reset(q);
    return rc == DB_DONE ? GU_OK : store_db_error(c->target, rc, err);
}

static int prepare_finder(struct site_copy *c, enum site_table_id t, struct db_stmt *from,
                          struct finder *f, struct gu_error *err)
{
    static const char *const by_name[T_COUNT] = {
        [T_SITE] = "SELECT id FROM site WHERE name_fold = ?1",
        [T_OPERATOR] = "SELECT id FROM operator WHERE name_fold = ?1",
    };
    *f = (struct finder){
        .name_fold = column_index(from, "name_fold"), .code = column_index(from, "code"),
        .place = column_index(from, "mednum_id"), .label = column_index(from, "label"),
        .keywords = column_index(from, "keywords"), .answer = column_index(from, "answer"),
        .partner = column_index(from, "partner_id"), .theme = column_index(from, "theme"),
        .bring = column_index(from, "bring"), .note = column_index(from, "staff_note"),
    };
    struct db *db = c->target->db;
    int rc = DB_OK;
    if (by_name[t])
        rc = db_prepare(db, by_name[t], &f->by_name);
    else if (t == T_PARTNER) {
        rc = db_prepare(db, "SELECT id, site_id FROM partner WHERE code = ?1", &f->by_code);
        if (rc == DB_OK)
            rc = db_prepare(db, "SELECT id, site_id FROM partner WHERE mednum_id = ?1",
                            &f->by_place);
    } else if (t == T_KIND) {
        rc = db_prepare(db, "SELECT id FROM request_kind WHERE code = ?1 AND "
                            "coalesce(site_id, 0) = ?2", &f->kind_in_scope);
        if (rc == DB_OK)
            rc = db_prepare(db, "SELECT id, label, keywords, answer, partner_id, theme, bring, "
                                "staff_note FROM request_kind WHERE code = ?1 AND site_id IS NULL",
                            &f->kind_network);
    }
    return rc == DB_OK ? GU_OK : store_db_error(c->target, rc, err);
}

static void finish_finder(struct finder *f)
{
    db_finalize(f->by_name);
    db_finalize(f->by_code);
    db_finalize(f->by_place);
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
    for (int col = 0; col < db_column_count(row); col++)
        values[col] = (struct value){VALUE_SOURCE, 0};
    for (size_t r = 0; r < ARRAY_LEN(st->refs) && st->refs[r].column; r++) {
        int col = ref_cols[r];
        if (col < 0)
            continue;
        const struct ref *ref = &st->refs[r];
        int64_t to;
        if (db_column_type(row, col) == DB_NULL) {
            /* a library on its own: its rows of no site are its site's */
            if (ref->parent == T_SITE && c->plan->whole)
                values[col] = (struct value){VALUE_INT, c->target_site};
            continue;
        }
        if (map_get(&c->maps[ref->parent], db_column_int64(row, col), &to))
            values[col] = (struct value){VALUE_INT, to};
        else if (ref->unmapped == REF_SKIP_ROW)
            *skip = true;
        else if (ref->unmapped == REF_EMPTY)
            values[col] = (struct value){VALUE_NULL, 0};
        else if (!c->plan->keep_numbers) /* REF_NOT_A_KEY: a number of the source's */
            values[col] = (struct value){VALUE_INT, 0};
    }
    /* the directory and policy: the joining site's own, or on a library leaving, the network's
     * of a database of one site */
    if (site_col >= 0)
        values[site_col] = c->plan->keep_numbers ? (struct value){VALUE_NULL, 0}
                                                 : (struct value){VALUE_INT, c->target_site};
    if (t == T_ERASURE_MARK && !c->marks_apply)
        *skip = true;
    if (t == T_AUDIT && entity_id_col >= 0 && db_column_type(row, entity_id_col) != DB_NULL &&
        db_column_int64(row, entity_id_col) != 0) {
        enum site_table_id named = audit_table(column_text(row, entity_col));
        int64_t to;
        if (named != T_COUNT && map_get(&c->maps[named], db_column_int64(row, entity_id_col), &to))
            values[entity_id_col] = (struct value){VALUE_INT, to};
        else if (!c->plan->whole)
            *skip = true; /* another site's row */
        else if (!c->plan->keep_numbers)
            values[entity_id_col] = (struct value){VALUE_NULL, 0}; /* a row purged since */
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
        int clear = -1;
        if ((status = find_in_target(c, t, &f, from, values, &found, &clear, err)))
            break;
        if (clear >= 0)
            values[clear] = (struct value){VALUE_NULL, 0};
        if (found) {
            ++*matched;
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
    free(values);
    db_finalize(to);
    db_finalize(from);
    return status;
}

/* The joining site's number in the target: the source's site found by name or written (by
 * T_SITE), or for a library that never named its site, the name given, found or made. */
static int resolve_target_site(struct site_copy *c, struct gu_error *err)
{
    if (c->plan->source_site) {
        if (!map_get(&c->maps[T_SITE], c->plan->source_site, &c->target_site))
            return error_set(err, GU_FAILURE, "%s", _("the site being copied was not found"));
        return GU_OK;
    }
    char now[21];
    clock_now_utc_text(now);
    return store_find_or_add_site(c->target, c->plan->site_name, now, &c->target_site, err);
}

int store_copy_site_rows(struct store *source, struct store *target,
                         const struct store_copy_site *plan, store_table_copied_fn progress,
                         void *ctx, struct gu_error *err)
{
    struct site_copy c = {.source = source, .target = target, .plan = plan};
    int status = store_erasure_marks_carried(source, target, plan->keep_numbers, &c.marks_apply,
                                             err);
    for (int t = 0; !status && t < T_COUNT; t++) {
        long long copied = 0, matched = 0;
        status = copy_site_table(&c, t, &copied, &matched, err);
        if (!status && t == T_SITE)
            status = resolve_target_site(&c, err);
        if (!status && progress)
            status = progress(site_tables[t].name, copied, matched, ctx, err);
    }
    for (int t = 0; t < T_COUNT; t++)
        free(c.maps[t].pairs);
    return status;
}
