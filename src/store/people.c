/* People: the participants' records, found by name, shown with their bookings and referrals,
 * and two records of one person merged. */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"
#include "strbuf.h"

#define KEEP_HAS_NO_COMMUNE                                                                    \
    "participant.postal_code IS NULL AND participant.commune IS NULL AND participant.insee IS NULL"

/* 1 when the phone (the e-mail) is the one looked for, else 0. */
#define SAME_PHONE "(CASE WHEN phone = ?2 THEN 1 ELSE 0 END)"
#define SAME_EMAIL "(CASE WHEN lower(email) = lower(?3) THEN 1 ELSE 0 END)"

/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_PARTICIPANT_FIND,
    STMT_PARTICIPANT_ADD,
    STMT_PARTICIPANT_TOUCH,
    STMT_PARTICIPANT_INDEX,
    STMT_PARTICIPANT_SEARCH,
    STMT_PARTICIPANT_GET,
    STMT_PARTICIPANT_REGISTRATIONS,
    STMT_PARTICIPANT_MERGE,
    STMT_PARTICIPANT_DELETE,
    STMT_PARTICIPANT_UNINDEX,
    STMT_REGISTRATION_MOVE,
    STMT_REGISTRATION_DELETE,
    STMT_REGISTRATION_FIND,
    STMT_PERSON_GET,
    STMT_PERSON_REGISTRATIONS,
    STMT_PERSON_REFERRALS,
    STMT_APPOINTMENTS_MOVE,
    STMT_COUNT
};

/* A person p a site ?3 sees (0: every person): booked at one of its workshops or of one of no
 * site, or with an appointment there or at no site, or neither booked nor with an appointment
 * anywhere (a person belongs to no site; their bookings say where they come). */
#define PERSON_OF_SITE                                                                         \
    "(?3 = 0 OR EXISTS (SELECT 1 FROM registration r JOIN workshop w ON w.id = r.workshop_id " \
    "WHERE r.participant_id = p.id AND (w.site_id = ?3 OR w.site_id IS NULL)) OR EXISTS "      \
    "(SELECT 1 FROM appointment a WHERE a.participant_id = p.id AND (a.site_id = ?3 OR "       \
    "a.site_id IS NULL)) OR (NOT EXISTS (SELECT 1 FROM registration r WHERE "                  \
    "r.participant_id = p.id) AND NOT EXISTS (SELECT 1 FROM appointment a WHERE "              \
    "a.participant_id = p.id)))"

static const char *const stmt_sql[STMT_COUNT] = {
    /* Who may be the same person: the same folded name, and the same phone or e-mail (exact
     * > 0), or else no contact of a kind on one side or the other (nothing that conflicts); the
     * exact ones first, then the latest. Two rows at most: store_find_or_add_participant only needs to
     * know whether a compatible one is alone. ?2 and ?3 are canonical (person.h); e-mails keep
     * their local part's case and are checked ASCII (person_validate_email): compared lower. */
    [STMT_PARTICIPANT_FIND] =
        "SELECT id, " SAME_PHONE " + " SAME_EMAIL " AS exact, " SAME_PHONE ", " SAME_EMAIL " "
        "FROM participant WHERE name_fold = ?1 AND erased_at IS NULL "
        "AND (phone = ?2 OR lower(email) = lower(?3) "
        "OR ((phone IS NULL OR ?2 IS NULL) AND (email IS NULL OR ?3 IS NULL))) "
        "ORDER BY exact DESC, id DESC LIMIT 2",
    [STMT_PARTICIPANT_ADD] =
        "INSERT INTO participant (name, name_fold, phone, email, consent_at, last_activity_on, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [STMT_PARTICIPANT_TOUCH] =
        "UPDATE participant SET last_activity_on = max(coalesce(last_activity_on, ''), ?2), "
        "phone = coalesce(?3, phone), email = coalesce(?4, email), "
        "consent_at = CASE WHEN ?3 IS NULL AND ?4 IS NULL THEN consent_at ELSE ?5 END "
        "WHERE id = ?1 AND erased_at IS NULL",
    [STMT_PARTICIPANT_INDEX] =
        "INSERT INTO participant_search (rowid, name_folded) VALUES (?1, ?2)",
    [STMT_PARTICIPANT_SEARCH] =
        "SELECT p.id, p.name, p.phone, p.email FROM participant_search s "
        "JOIN participant p ON p.id = s.rowid WHERE participant_search MATCH ?1 "
        "AND p.erased_at IS NULL AND " PERSON_OF_SITE " ORDER BY rank, p.id DESC LIMIT ?2",
    [STMT_PARTICIPANT_GET] =
        "SELECT phone, email, erased_at IS NOT NULL FROM participant WHERE id = ?1",
    [STMT_PARTICIPANT_REGISTRATIONS] =
        "SELECT r.id, r.workshop_id, r.state, w.status FROM registration r "
        "JOIN workshop w ON w.id = r.workshop_id WHERE r.participant_id = ?1 ORDER BY r.id",
    /* ?1 keeps, ?2 goes: contact details where ?1 has none, the earlier creation and consent,
     * the later activity. */
    [STMT_PARTICIPANT_MERGE] =
        "UPDATE participant SET phone = coalesce(participant.phone, o.phone), "
        "email = coalesce(participant.email, o.email), "
        "consent_at = coalesce(min(participant.consent_at, o.consent_at), participant.consent_at, "
        "o.consent_at), "
        "last_activity_on = coalesce(max(participant.last_activity_on, o.last_activity_on), "
        "participant.last_activity_on, o.last_activity_on), "
        "created_at = min(participant.created_at, o.created_at), "
        /* the commune of residence whole, from ?2 when ?1 has none (migration 012) */
        "postal_code = CASE WHEN " KEEP_HAS_NO_COMMUNE " THEN o.postal_code "
        "ELSE participant.postal_code END, "
        "commune = CASE WHEN " KEEP_HAS_NO_COMMUNE " THEN o.commune ELSE participant.commune END, "
        "insee = CASE WHEN " KEEP_HAS_NO_COMMUNE " THEN o.insee ELSE participant.insee END "
        "FROM (SELECT * FROM participant WHERE id = ?2) AS o WHERE participant.id = ?1",
    [STMT_PARTICIPANT_DELETE] = "DELETE FROM participant WHERE id = ?1",
    [STMT_PARTICIPANT_UNINDEX] = "DELETE FROM participant_search WHERE rowid = ?1",
    [STMT_REGISTRATION_MOVE] =
        "UPDATE registration SET participant_id = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_REGISTRATION_DELETE] = "DELETE FROM registration WHERE id = ?1",
    [STMT_REGISTRATION_FIND] =
        "SELECT id, state FROM registration WHERE workshop_id = ?1 AND participant_id = ?2",
    [STMT_PERSON_GET] =
        "SELECT p.id, p.name, p.phone, p.email, p.consent_at, p.last_activity_on, p.created_at, "
        "p.erased_at, (SELECT count(*) FROM participant o WHERE o.name_fold = p.name_fold "
        "AND o.id <> p.id AND o.erased_at IS NULL) FROM participant p WHERE p.id = ?1",
    /* The position on the waitlist as STMT_WAITLIST_POSITION counts it. */
    [STMT_PERSON_REGISTRATIONS] =
        "SELECT g.id, w.id, w.title, w.starts_at, g.state, w.status, CASE WHEN g.state = "
        "'waitlisted' THEN (SELECT count(*) FROM registration o WHERE o.workshop_id = "
        "g.workshop_id AND o.state = 'waitlisted' AND (o.booked_at < g.booked_at OR "
        "(o.booked_at = g.booked_at AND o.id <= g.id))) ELSE 0 END "
        "FROM registration g JOIN workshop w ON w.id = g.workshop_id "
        "WHERE g.participant_id = ?1 ORDER BY w.starts_at DESC, g.id DESC",
    /* In their name, or with their phone and no name: a contact named otherwise with their
     * phone is someone else (a relative), as an erasure tells them apart. */
    [STMT_PERSON_REFERRALS] =
        REFERRAL_COLUMNS
        "JOIN participant me ON me.id = ?1 "
        "WHERE (r.contact_name IS NOT NULL AND guichet_fold(r.contact_name) = me.name_fold) "
        "OR (r.contact_name IS NULL AND r.contact_phone IS NOT NULL "
        "AND r.contact_phone = me.phone) "
        "ORDER BY r.referred_at DESC, r.id DESC",
    [STMT_APPOINTMENTS_MOVE] = "UPDATE appointment SET participant_id = ?1 WHERE participant_id = ?2",
};

/* PostgreSQL's text of the statements whose SQL must differ there. */
static const char *const stmt_sql_pg[STMT_COUNT] = {
    /* Every referral with a contact's name, or their phone and no name: the names are folded
     * here, as the store folds them (text_fold), not by SQL (store_list_person_referrals). */
    [STMT_PERSON_REFERRALS] =
        REFERRAL_COLUMNS
        "JOIN participant me ON me.id = ?1 "
        "WHERE r.contact_name IS NOT NULL "
        "OR (r.contact_name IS NULL AND r.contact_phone IS NOT NULL "
        "AND r.contact_phone = me.phone) "
        "ORDER BY r.referred_at DESC, r.id DESC",
    /* ?1 a tsquery (participant_query); FTS5's rank has no counterpart: the newest first. */
    [STMT_PARTICIPANT_SEARCH] =
        "SELECT p.id, p.name, p.phone, p.email FROM participant_search s "
        "JOIN participant p ON p.id = s.rowid WHERE s.tsv @@ to_tsquery('simple', ?1) "
        "AND p.erased_at IS NULL AND " PERSON_OF_SITE " ORDER BY p.id DESC LIMIT ?2",
};

STORE_STATEMENTS(STORE_PEOPLE, people)

/* What the people's index holds of a folded name: the name, then, when it has hyphens or
 * apostrophes, the name with them taken out, so that its joined words are found too (as
 * migration 022 indexes the sessions' and partners' texts). A new string; NULL when out of
 * memory. */
char *store_participant_index_text(const char *fold)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_puts(&b, fold);
    if (strpbrk(fold, "-'")) {
        strbuf_putc(&b, ' ');
        for (const char *c = fold; *c; c++)
            if (!text_is_joiner(*c))
                strbuf_putc(&b, *c);
    }
    return strbuf_finish(&b);
}

/* The participant for person (canonical: person_canonicalize), among the records of the same
 * folded name (STMT_PARTICIPANT_FIND): the one with the same phone or e-mail; failing that, the
 * only one whose contact details do not conflict; otherwise a new record. Two or more that could
 * each be this person, none by a contact, and guessing would book one in another's place and give
 * them this person's phone or e-mail: a new record then, which person merge can join later. */
int store_find_or_add_participant(struct store *st, const struct person_kept *person,
                                   const char *now, int64_t *id, struct gu_error *err)
{
    /* Folded to find the person by name; one chosen by number needs none. */
    char *fold = person->id ? NULL : text_fold(person->name);
    if (!person->id && !fold)
        return error_nomem(err);
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    bool contact = person->phone || person->email;
    struct db_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_FIND, err);
    int status = stmt ? GU_OK : GU_FAILURE, rc = DB_DONE;
    *id = 0;
    if (!status && person->id) {
        /* The person the desk chose among those it found: that record, nobody else's; the
         * write below finds it only when it exists and is not erased. */
        *id = person->id;
    } else if (!status) {
        db_bind_text(stmt, 1, fold, -1);
        store_bind_text_or_null(stmt, 2, person->phone);
        store_bind_text_or_null(stmt, 3, person->email);
        rc = db_step(stmt);
        if (rc == DB_ROW) {
            *id = db_column_int64(stmt, 0);
            bool exact = db_column_int(stmt, 1) != 0, by_phone = db_column_int(stmt, 2),
                 by_email = db_column_int(stmt, 3);
            rc = db_step(stmt);
            /* No exact contact: only when alone. An exact one, unless another record matches
             * where this one does not (her phone on one, her e-mail on another: nobody is
             * guessed); two records of the same phone are one person's, the newest taken. */
            if (rc == DB_ROW &&
                (!exact || (db_column_int(stmt, 2) && !by_phone) ||
                 (db_column_int(stmt, 3) && !by_email)))
                *id = 0;
        }
        if (rc != DB_ROW && rc != DB_DONE)
            status = store_db_error(st, rc, err);
        db_reset(stmt);
        db_clear_bindings(stmt);
    }
    if (!status && *id) {
        stmt = stmt_get(st, STMT_PARTICIPANT_TOUCH, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_int64(stmt, 1, *id);
            db_bind_text(stmt, 2, today, -1);
            store_bind_text_or_null(stmt, 3, person->phone);
            store_bind_text_or_null(stmt, 4, person->email);
            db_bind_text(stmt, 5, now, -1);
            status = store_stmt_run(st, stmt, err);
        }
        if (!status && db_changes(st->db) == 0) {
            status = store_no_such(_("person %lld does not exist"), *id, err);
            *id = 0;
        }
    } else if (!status) {
        stmt = stmt_get(st, STMT_PARTICIPANT_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_text(stmt, 1, person->name, -1);
            db_bind_text(stmt, 2, fold, -1);
            store_bind_text_or_null(stmt, 3, person->phone);
            store_bind_text_or_null(stmt, 4, person->email);
            /* Contact details are only kept with consent, which giving them records. */
            store_bind_text_or_null(stmt, 5, contact ? now : NULL);
            db_bind_text(stmt, 6, today, -1);
            db_bind_text(stmt, 7, now, -1);
            status = store_stmt_run(st, stmt, err);
            *id = db_last_insert_id(st->db);
        }
        if (!status) {
            stmt = stmt_get(st, STMT_PARTICIPANT_INDEX, err);
            status = stmt ? GU_OK : GU_FAILURE;
        }
        char *indexed = status ? NULL : store_participant_index_text(fold);
        if (!status && !indexed)
            status = error_nomem(err);
        if (!status) {
            db_bind_int64(stmt, 1, *id);
            db_bind_text(stmt, 2, indexed, -1);
            status = store_stmt_run(st, stmt, err);
        }
        free(indexed);
    }
    free(fold);
    return status;
}

/* The FTS5 query of the desk's one search (text_search) over the people's index, which holds
 * each folded name and its words joined (store_participant_index_text): "Marie-Du Pont" ->
 * ("mariedu"* OR ("marie"* AND "du"*)) AND "pont"*, every term a prefix, all required, in any
 * order; with postgresql, the same as a tsquery ('mariedu':* | ('marie':* & 'du':*)) & 'pont':*
 * (data/pg/schema.sql: participant_search's tsv). Terms hold only letters, digits and joiners,
 * so none can close its quotes or read as an operator. "" when there is no word; NULL when out
 * of memory. */
static char *participant_query(const char *text, bool postgresql)
{
    struct text_search search;
    if (text_search_compile(&search, text))
        return NULL;
    const char *and = postgresql ? " & " : " AND ", *or = postgresql ? " | " : " OR ";
    const char *open = postgresql ? "'" : "\"", *close = postgresql ? "':*" : "\"*";
    struct strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < search.n; i++) {
        strbuf_puts(&q, i ? and : "");
        if (search.joined[i])
            strbuf_printf(&q, "(%s%s%s%s(", open, search.joined[i], close, or);
        for (const char *p = search.words[i]; *p;) {
            size_t piece = strcspn(p, "-'");
            if (piece)
                strbuf_printf(&q, "%s%s%.*s%s", p == search.words[i] ? "" : and, open,
                              (int)piece, p, close);
            p += piece + (p[piece] != '\0');
        }
        strbuf_puts(&q, search.joined[i] ? "))" : "");
    }
    text_search_free(&search);
    return strbuf_finish(&q);
}

int store_find_participants(struct store *st, const char *text, int limit,
                            store_participant_fn fn, void *ctx, struct gu_error *err)
{
    char *query = participant_query(text, store_is_server(st));
    if (!query)
        return error_nomem(err);
    if (!*query) {
        free(query);
        return GU_OK;
    }
    int64_t site = 0;
    int status = store_site_scope(st, &site, err), rc = DB_DONE;
    struct db_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTICIPANT_SEARCH, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        db_bind_text(stmt, 1, query, -1);
        db_bind_int(stmt, 2, limit);
        db_bind_int64(stmt, 3, site);
        while (!status && (rc = db_step(stmt)) == DB_ROW) {
            struct participant_row p = {
                .id = db_column_int64(stmt, 0),
                .name = store_column_borrow(stmt, 1),
                .phone = store_column_borrow(stmt, 2),
                .email = store_column_borrow(stmt, 3),
            };
            status = fn(&p, ctx);
        }
        status = store_stmt_finish(st, stmt, status, rc, err);
    }
    free(query);
    return status;
}

/* ---- two records of one person ------------------------------------------------------------ */

/* How much a registration says of the person: of two for one workshop, the heavier stays. */
static int state_weight(const char *state)
{
    static const char *const lightest_first[] = {"cancelled", "excused", "absent", "waitlisted",
                                                 "booked", "attended"};
    for (size_t i = 0; state && i < ARRAY_LEN(lightest_first); i++)
        if (!strcmp(state, lightest_first[i]))
            return (int)i + 1;
    return 0;
}

/* Whether participant id, who must exist and not be erased, has a phone and an e-mail. */
static int read_participant(struct store *st, int64_t id, bool *phone, bool *email,
                            struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_GET, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id);
    int rc = db_step(stmt), status = GU_OK;
    if (rc == DB_ROW) {
        *phone = db_column_type(stmt, 0) != DB_NULL;
        *email = db_column_type(stmt, 1) != DB_NULL;
        if (db_column_int(stmt, 2))
            status = error_set(err, GU_INVALID, _("person %lld was erased: there is nothing to merge"),
                               (long long)id);
    } else if (rc == DB_DONE) {
        status = store_no_such(_("person %lld does not exist"), id, err);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* A registration of the record that goes. */
struct merged_registration {
    int64_t id, workshop_id;
    int weight;
    bool booked, planned; /* it holds a seat; its workshop is still planned */
};

static int read_registrations(struct store *st, int64_t participant_id,
                              struct merged_registration **regs, size_t *n, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_REGISTRATIONS, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, participant_id);
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        if (!array_reserve(regs, &cap, *n, sizeof **regs, 8)) {
            status = error_nomem(err);
            break;
        }
        const char *state = (const char *)db_column_text(stmt, 2),
                   *workshop = (const char *)db_column_text(stmt, 3);
        (*regs)[(*n)++] = (struct merged_registration){
            .id = db_column_int64(stmt, 0),
            .workshop_id = db_column_int64(stmt, 1),
            .weight = state_weight(state),
            .booked = state && !strcmp(state, "booked"),
            .planned = workshop && !strcmp(workshop, "planned"),
        };
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* Gives keep the registration r. When keep is registered for the same workshop, the heavier of
 * the two stays and the other is deleted; a seat the deleted one held goes to the first person
 * waiting, as when a booking is cancelled (*p, which tells whether anyone was promoted). */
static int merge_registration(struct store *st, int64_t keep, const struct merged_registration *r,
                              const char *now, struct promotion *p, struct merge_outcome *out,
                              struct gu_error *err)
{
    memset(p, 0, sizeof *p);
    struct db_stmt *stmt = stmt_get(st, STMT_REGISTRATION_FIND, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, r->workshop_id);
    db_bind_int64(stmt, 2, keep);
    int64_t kept_id = 0;
    int kept_weight = 0;
    bool kept_booked = false;
    int rc = db_step(stmt);
    if (rc == DB_ROW) {
        const char *state = (const char *)db_column_text(stmt, 1);
        kept_id = db_column_int64(stmt, 0);
        kept_weight = state_weight(state);
        kept_booked = state && !strcmp(state, "booked");
    }
    int status = store_stmt_finish(st, stmt, GU_OK, rc, err);
    bool move = true, freed_seat = false;
    if (!status && kept_id) {
        move = r->weight > kept_weight; /* on a tie, keep's own stays */
        freed_seat = move ? kept_booked : r->booked;
        status = store_run_with_id(st, stmt_get(st, STMT_REGISTRATION_DELETE, err), move ? kept_id : r->id, err);
        out->dropped++;
    }
    if (!status && move) {
        stmt = stmt_get(st, STMT_REGISTRATION_MOVE, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            db_bind_int64(stmt, 1, r->id);
            db_bind_int64(stmt, 2, keep);
            db_bind_text(stmt, 3, now, -1);
            status = store_stmt_run(st, stmt, err);
        }
        out->moved += !status;
    }
    if (!status && freed_seat && r->planned)
        status = store_promote_first(st, r->workshop_id, now, p, err);
    return status;
}

int store_merge_people(struct store *st, int64_t keep, int64_t other, int64_t by_operator,
                       store_promotion_fn fn, void *ctx, struct merge_outcome *out,
                       struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    if (keep == other)
        return error_set(err, GU_INVALID,
                         _("person %lld is the same record twice: give two different numbers"),
                         (long long)keep);
    char now[21];
    clock_now_utc_text(now);
    struct merged_registration *regs = NULL;
    size_t nregs = 0;
    struct promotion *promoted = NULL;
    size_t npromoted = 0, promoted_cap = 0;
    bool keep_phone = false, keep_email = false, other_phone = false, other_email = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = read_participant(st, keep, &keep_phone, &keep_email, err);
    if (!status)
        status = read_participant(st, other, &other_phone, &other_email, err);
    if (!status)
        status = read_registrations(st, other, &regs, &nregs, err);
    for (size_t i = 0; !status && i < nregs; i++) {
        if (!array_reserve(&promoted, &promoted_cap, npromoted, sizeof *promoted, 4)) {
            status = error_nomem(err);
            break;
        }
        status = merge_registration(st, keep, &regs[i], now, &promoted[npromoted], out, err);
        if (promoted[npromoted].promoted)
            npromoted++;
    }
    /* the other record's appointments are the kept one's; then its details join the kept
     * record's (both statements: ?1 keeps, ?2 goes) */
    static const enum stmt_id joins[] = {STMT_APPOINTMENTS_MOVE, STMT_PARTICIPANT_MERGE};
    for (size_t j = 0; !status && j < ARRAY_LEN(joins); j++) {
        struct db_stmt *stmt = stmt_get(st, joins[j], err);
        if (!stmt) {
            status = GU_FAILURE;
            break;
        }
        db_bind_int64(stmt, 1, keep);
        db_bind_int64(stmt, 2, other);
        status = store_stmt_run(st, stmt, err);
        if (!status && joins[j] == STMT_APPOINTMENTS_MOVE)
            out->appointments = db_changes(st->db);
    }
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_PARTICIPANT_UNINDEX, err), other, err);
    if (!status)
        status = store_run_with_id(st, stmt_get(st, STMT_PARTICIPANT_DELETE, err), other, err);
    char detail[40];
    snprintf(detail, sizeof detail, "from %lld", (long long)other);
    if (!status)
        status = store_add_audit(st, now, by_operator, "merge", "participant", keep, detail, err);
    status = store_tx_end(st, status, err);
    if (!status) {
        out->took_phone = !keep_phone && other_phone;
        out->took_email = !keep_email && other_email;
    }
    for (size_t i = 0; !status && fn && i < npromoted; i++)
        fn(&promoted[i], ctx);
    for (size_t i = 0; i < npromoted; i++) /* one that promoted nobody holds nothing */
        promotion_clear(&promoted[i]);
    free(promoted);
    free(regs);
    if (status)
        memset(out, 0, sizeof *out); /* rolled back: nothing was done */
    return status;
}

/* ---- one person, as the desk shows them ------------------------------------------------- */

int store_get_person(struct store *st, int64_t id, store_person_fn fn, void *ctx, bool *found,
                     struct gu_error *err)
{
    *found = false;
    struct db_stmt *stmt = stmt_get(st, STMT_PERSON_GET, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct person_row p = {
            .id = db_column_int64(stmt, 0),
            .name = store_column_borrow(stmt, 1),
            .phone = store_column_borrow(stmt, 2),
            .email = store_column_borrow(stmt, 3),
            .consent_at = store_column_borrow(stmt, 4),
            .last_activity_on = store_column_borrow(stmt, 5),
            .created_at = store_column_borrow(stmt, 6),
            .erased_at = store_column_borrow(stmt, 7),
            .same_name = db_column_int64(stmt, 8),
        };
        *found = true;
        status = fn(&p, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

int store_list_person_registrations(struct store *st, int64_t id, store_person_registration_fn fn,
                                    void *ctx, struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_PERSON_REGISTRATIONS, err);
    if (!stmt)
        return GU_FAILURE;
    db_bind_int64(stmt, 1, id);
    int status = GU_OK, rc;
    while (!status && (rc = db_step(stmt)) == DB_ROW) {
        struct person_registration_row r = {
            .registration_id = db_column_int64(stmt, 0),
            .workshop_id = db_column_int64(stmt, 1),
            .title = store_column_borrow(stmt, 2),
            .state = store_column_code(stmt, 4, VOCAB_REGISTRATION_STATE),
            .workshop_status = store_column_code(stmt, 5, VOCAB_WORKSHOP_STATUS),
            .position = db_column_int(stmt, 6),
        };
        const char *at = (const char *)db_column_text(stmt, 3);
        if (!at || !datetime_parse(at, &r.at))
            r.at = (struct gu_datetime){0};
        status = fn(&r, ctx);
    }
    return store_stmt_finish(st, stmt, status, rc, err);
}

/* On a server: of the referrals with a contact's name, only those in the person's name. */
struct in_their_name {
    const char *name_fold;
    store_referral_fn fn;
    void *ctx;
    bool short_of_memory;
};

static int keep_in_their_name(const struct referral *r, void *ctx)
{
    struct in_their_name *c = ctx;
    if (r->contact_name) {
        char *fold = text_fold(r->contact_name);
        if (!fold) {
            c->short_of_memory = true;
            return GU_FAILURE;
        }
        bool theirs = c->name_fold && !strcmp(fold, c->name_fold);
        free(fold);
        if (!theirs)
            return GU_OK;
    }
    return c->fn(r, c->ctx);
}

int store_list_person_referrals(struct store *st, int64_t id, store_referral_fn fn, void *ctx,
                                struct gu_error *err)
{
    struct db_stmt *stmt = stmt_get(st, STMT_PERSON_REFERRALS, err);
    if (!stmt)
        return GU_FAILURE;
    if (!store_is_server(st)) {
        db_bind_int64(stmt, 1, id);
        return store_referral_rows(st, stmt, fn, ctx, err);
    }
    struct db_stmt *me = NULL;
    int rc = db_prepare(st->db, "SELECT name_fold FROM participant WHERE id = ?1", &me);
    char *name_fold = NULL;
    if (rc == DB_OK) {
        db_bind_int64(me, 1, id);
        if ((rc = db_step(me)) == DB_ROW && db_column_text(me, 0) &&
            !(name_fold = strdup((const char *)db_column_text(me, 0))))
            rc = DB_NOMEM;
        else if (rc == DB_ROW || rc == DB_DONE)
            rc = DB_OK;
    }
    db_finalize(me);
    if (rc != DB_OK)
        return store_db_error(st, rc, err);
    struct in_their_name filter = {name_fold, fn, ctx, false};
    db_bind_int64(stmt, 1, id);
    int status = store_referral_rows(st, stmt, keep_in_their_name, &filter, err);
    if (filter.short_of_memory)
        status = error_nomem(err);
    free(name_fold);
    return status;
}
