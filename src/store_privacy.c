/* Personal data (domain.md §6): retention and purge, a person's export and erasure. Erasing
 * goes as far as the files: secure_delete (set by store_open) zeroes what SQLite frees, the
 * full-text index is merged so that no segment keeps the name, and the write-ahead log is
 * checkpointed and truncated. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "store_internal.h"
#include "text.h"

/* A statement's parameter: text, or a number when text is NULL. */
struct sql_arg {
    const char *text;
    long long number;
};

/* Prepares sql and binds args as ?1, ?2…; NULL with err set on failure. */
static sqlite3_stmt *prepare(struct store *st, const char *sql, const struct sql_arg *args,
                             int nargs, struct gu_error *err)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(store_sqlite(st), sql, -1, &stmt, NULL);
    if (rc != SQLITE_OK) {
        store_db_error(st, rc, err);
        return NULL;
    }
    for (int i = 0; i < nargs; i++) {
        if (args[i].text)
            sqlite3_bind_text(stmt, i + 1, args[i].text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(stmt, i + 1, args[i].number);
    }
    return stmt;
}

/* Runs a write; *changes (may be NULL) receives how many rows it changed. */
static int run(struct store *st, const char *sql, const struct sql_arg *args, int nargs,
               long long *changes, struct gu_error *err)
{
    sqlite3_stmt *stmt = prepare(st, sql, args, nargs, err);
    if (!stmt)
        return GU_FAILURE;
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return store_db_error(st, rc, err);
    if (changes)
        *changes = sqlite3_changes(store_sqlite(st));
    return GU_OK;
}

/* Calls fn with each row of sql as a record of section. */
static int records(struct store *st, const char *section, const char *sql,
                   const struct sql_arg *args, int nargs, store_record_fn fn, void *ctx,
                   long long *count, struct gu_error *err)
{
    sqlite3_stmt *stmt = prepare(st, sql, args, nargs, err);
    if (!stmt)
        return GU_FAILURE;
    int n = sqlite3_column_count(stmt), status = GU_OK, rc;
    const char *names[16], *values[16];
    n = n > 16 ? 16 : n;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            names[i] = sqlite3_column_name(stmt, i);
            values[i] = (const char *)sqlite3_column_text(stmt, i);
        }
        status = fn(section, n, names, values, ctx);
        if (count)
            (*count)++;
    }
    if (!status && rc != SQLITE_DONE)
        status = store_db_error(st, rc, err);
    sqlite3_finalize(stmt);
    return status;
}

/* Digits of a phone number, to find "06 12 34 56 78" as "06.12.34.56.78". */
#define DIGITS(x) "replace(replace(replace(replace(" x ", ' ', ''), '.', ''), '-', ''), '+33', '0')"
/* Referrals made in the name of participant ?1, or with their phone. */
#define REFERRALS_OF_PERSON                                                                    \
    "SELECT r.id FROM referral r, participant p WHERE p.id = ?1 AND ("                         \
    "(r.contact_name IS NOT NULL AND guichet_fold(r.contact_name) = p.name_fold) OR "          \
    "(r.contact_phone IS NOT NULL AND p.phone IS NOT NULL AND "                                \
    DIGITS("r.contact_phone") " = " DIGITS("p.phone") "))"

/* What erasing a participant or a referral's contact sets; ?3 (participants) and ?2 (contacts)
 * are the time of erasure. */
#define ERASE_PARTICIPANT                                                                      \
    "UPDATE participant SET name = NULL, name_fold = NULL, phone = NULL, email = NULL, "       \
    "consent_at = NULL, erased_at = coalesce(erased_at, ?3) "
#define ERASE_CONTACT                                                                          \
    "UPDATE referral SET contact_name = NULL, contact_phone = NULL, consent_at = NULL, "       \
    "updated_at = ?2 "

/* One audit entry in its own transaction. */
static int audit_one(struct store *st, int64_t by_operator, const char *action, const char *entity,
                     int64_t entity_id, const char *detail, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, action, entity, entity_id, detail, err);
    return store_tx_end(st, status, err);
}

/* The search index merged into one segment (so that no old segment keeps an erased name), and
 * the write-ahead log copied into the database and truncated. Another desk reading at that
 * moment keeps the log: the next checkpoint empties it. */
static int scrub_files(struct store *st, struct gu_error *err)
{
    int status = store_exec(st, "INSERT INTO participant_search (participant_search) "
                                "VALUES ('optimize')", err);
    if (!status)
        sqlite3_wal_checkpoint_v2(store_sqlite(st), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return status;
}

/* ---- retention ----------------------------------------------------------------------------- */

static const struct {
    const char *key;
    int fallback;
    size_t offset;
} retention_settings[] = {
    {"retention_participant_months", RETENTION_PARTICIPANT_MONTHS,
     offsetof(struct retention, participant_months)},
    {"retention_contact_months", RETENTION_CONTACT_MONTHS, offsetof(struct retention, contact_months)},
    {"retention_audit_months", RETENTION_AUDIT_MONTHS, offsetof(struct retention, audit_months)},
};

int store_get_retention(struct store *st, struct retention *out, struct gu_error *err)
{
    for (size_t i = 0; i < ARRAY_LEN(retention_settings); i++) {
        char *value = NULL;
        if (store_get_setting(st, retention_settings[i].key, &value, err))
            return GU_FAILURE;
        long months = value ? strtol(value, NULL, 10) : 0;
        free(value);
        *(int *)((char *)out + retention_settings[i].offset) =
            months >= 1 && months <= RETENTION_MONTHS_MAX ? (int)months : retention_settings[i].fallback;
    }
    return GU_OK;
}

int store_set_retention(struct store *st, const struct retention *r, struct gu_error *err)
{
    int status = store_batch_begin(st, err); /* the three settings change together */
    for (size_t i = 0; !status && i < ARRAY_LEN(retention_settings); i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", *(const int *)((const char *)r + retention_settings[i].offset));
        status = store_set_setting(st, retention_settings[i].key, value, err);
    }
    return store_batch_end(st, status, err);
}

/* ---- purge --------------------------------------------------------------------------------- */

int store_purge(struct store *st, bool dry_run, int64_t by_operator, struct purge_counts *out,
                struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    struct retention r;
    char today[DATE_TEXT_SIZE], now[21];
    clock_today_text(0, today);
    clock_now_utc_text(now);
    int status = store_get_retention(st, &r, err);
    if (status || (status = store_tx_begin(st, err)))
        return status;
    /* A participant's last activity is their last workshop (one still to come keeps them), or
     * when they were entered if they never booked. */
    const struct sql_arg people[] = {{today, 0}, {NULL, r.participant_months}, {now, 0}};
    status = run(st,
               ERASE_PARTICIPANT
               "WHERE erased_at IS NULL AND coalesce((SELECT max(substr(w.starts_at, 1, 10)) "
               "FROM registration g JOIN workshop w ON w.id = g.workshop_id "
               "WHERE g.participant_id = participant.id), substr(created_at, 1, 10)) "
               "< date(?1, '-' || ?2 || ' months')",
               people, 3, &out->participants, err);
    if (!status)
        status = run(st,
                     "DELETE FROM participant_search WHERE rowid IN "
                     "(SELECT id FROM participant WHERE erased_at IS NOT NULL)",
                     NULL, 0, NULL, err);
    const struct sql_arg contacts[] = {{today, 0}, {now, 0}, {NULL, r.contact_months}};
    if (!status)
        status = run(st,
                     ERASE_CONTACT
                     "WHERE (contact_name IS NOT NULL OR contact_phone IS NOT NULL) "
                     "AND status <> 'a_suivre' AND substr(coalesce(closed_at, updated_at), 1, 10) "
                     "< date(?1, '-' || ?3 || ' months')",
                     contacts, 3, &out->contacts, err);
    const struct sql_arg audit[] = {{today, 0}, {NULL, r.audit_months}};
    if (!status)
        status = run(st, "DELETE FROM audit WHERE substr(at, 1, 10) < date(?1, '-' || ?2 || ' months')",
                     audit, 2, &out->audit, err);
    char detail[128];
    snprintf(detail, sizeof detail, "participants=%lld contacts=%lld audit=%lld",
             out->participants, out->contacts, out->audit);
    if (!status)
        status = store_add_audit(st, now, by_operator, "purge", "retention", 0, detail, err);
    status = store_tx_end_or_dry_run(st, status, dry_run, err);
    if (!status && !dry_run && (out->participants || out->contacts))
        status = scrub_files(st, err);
    return status;
}

int store_purge_if_due(struct store *st, int64_t by_operator, bool *ran, struct purge_counts *out,
                       struct gu_error *err)
{
    *ran = false;
    memset(out, 0, sizeof *out);
    char today[DATE_TEXT_SIZE], *last = NULL;
    clock_today_text(0, today);
    int status = store_get_setting(st, "purge_last_on", &last, err);
    bool due = !status && (!last || strcmp(last, today) != 0);
    free(last);
    if (due)
        status = store_purge(st, false, by_operator, out, err);
    if (due && !status) {
        *ran = true;
        status = store_set_setting(st, "purge_last_on", today, err);
    }
    return status;
}

/* ---- one person ---------------------------------------------------------------------------- */

int store_export_person(struct store *st, int64_t id, int64_t by_operator, store_record_fn fn,
                        void *ctx, bool *found, struct gu_error *err)
{
    *found = false;
    const struct sql_arg args[] = {{NULL, id}};
    long long people = 0;
    /* One read transaction: the sections agree with each other. */
    int status = store_exec(st, "BEGIN", err);
    if (status)
        return status;
    status = records(st, "person",
                     "SELECT id, name, phone, email, consent_at, last_activity_on, created_at, "
                     "erased_at FROM participant WHERE id = ?1",
                     args, 1, fn, ctx, &people, err);
    *found = people > 0;
    if (!status && *found)
        status = records(st, "registrations",
                         "SELECT g.id AS registration, w.id AS workshop, w.title, w.starts_at, "
                         "g.state, g.booked_at FROM registration g "
                         "JOIN workshop w ON w.id = g.workshop_id WHERE g.participant_id = ?1 "
                         "ORDER BY w.starts_at, g.id",
                         args, 1, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "referrals",
                         "SELECT r.id AS referral, r.referred_at, k.label AS request, "
                         "p.name AS partner, r.status, r.follow_up_on, r.contact_name, "
                         "r.contact_phone, r.consent_at FROM referral r "
                         "LEFT JOIN partner p ON p.id = r.partner_id "
                         "LEFT JOIN request_kind k ON k.id = r.request_kind_id "
                         "WHERE r.id IN (" REFERRALS_OF_PERSON ") ORDER BY r.referred_at, r.id",
                         args, 1, fn, ctx, NULL, err);
    if (!status && *found)
        status = records(st, "audit",
                         "SELECT a.at, o.name AS operator, a.action, a.entity, a.entity_id, a.detail "
                         "FROM audit a LEFT JOIN operator o ON o.id = a.operator_id "
                         "WHERE (a.entity = 'participant' AND a.entity_id = ?1) "
                         "OR (a.entity = 'registration' AND a.entity_id IN "
                         "(SELECT id FROM registration WHERE participant_id = ?1)) "
                         "OR (a.entity = 'referral' AND a.entity_id IN (" REFERRALS_OF_PERSON ")) "
                         "ORDER BY a.at, a.id",
                         args, 1, fn, ctx, NULL, err);
    sqlite3_exec(store_sqlite(st), "COMMIT", NULL, NULL, NULL);
    if (status || !*found)
        return status;
    return audit_one(st, by_operator, "export", "participant", id, NULL, err);
}

int store_erase_person(struct store *st, int64_t id, int64_t by_operator, long long *referrals,
                       struct gu_error *err)
{
    *referrals = 0;
    char now[21];
    clock_now_utc_text(now);
    const struct sql_arg args[] = {{NULL, id}, {now, 0}, {now, 0}};
    long long people = 0;
    int status = store_tx_begin(st, err);
    if (status)
        return status;
    /* The referrals first: they are found by the name and phone about to be erased. */
    status = run(st, ERASE_CONTACT "WHERE id IN (" REFERRALS_OF_PERSON ")", args, 2, referrals, err);
    if (!status)
        status = run(st, ERASE_PARTICIPANT "WHERE id = ?1", args, 3, &people, err);
    if (!status && !people)
        status = error_set(err, GU_INVALID, _("person %lld does not exist"), (long long)id);
    if (!status)
        status = run(st, "DELETE FROM participant_search WHERE rowid = ?1", args, 1, NULL, err);
    char detail[64];
    snprintf(detail, sizeof detail, "referrals=%lld", *referrals);
    if (!status)
        status = store_add_audit(st, now, by_operator, "erase", "participant", id, detail, err);
    status = store_tx_end(st, status, err);
    if (!status)
        status = scrub_files(st, err);
    return status;
}

int store_audit_export(struct store *st, int64_t by_operator, const char *entity,
                       const char *detail, struct gu_error *err)
{
    return audit_one(st, by_operator, "export", entity, 0, detail, err);
}
