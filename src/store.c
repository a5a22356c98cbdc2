#include "store.h"
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "embedded.h"
#include "i18n.h"
#include "idset.h"
#include "schema_expected.h"
#include "strbuf.h"
#include "tally.h"
#include "text.h"
#include "tsv.h"


/* Prepared once per connection, reset after each use. */
enum stmt_id {
    STMT_SITE_FIND,
    STMT_SITE_ADD,
    STMT_OPERATOR_FIND,
    STMT_OPERATOR_ADD,
    STMT_SESSION_ADD,
    STMT_SESSION_THEME_ADD,
    STMT_SESSION_DEMARCHE_ADD,
    STMT_SESSION_MATERIAL_ADD,
    STMT_AUDIT_ADD,
    STMT_SESSIONS_OLDEST_FIRST,
    STMT_SESSIONS_NEWEST_FIRST,
    STMT_SESSION_GET,
    STMT_SESSION_LAST,
    STMT_SESSION_LAST_ANY,
    STMT_SESSION_UPDATE,
    STMT_SESSION_THEMES_CLEAR,
    STMT_SESSION_DEMARCHES_CLEAR,
    STMT_SESSION_MATERIALS_CLEAR,
    STMT_SESSION_DELETE,
    STMT_SESSION_RESTORE,
    STMT_SESSIONS_COUNT,
    STMT_DURATION_MOST_USED,
    STMT_SITES,
    STMT_SITE_DETAILS,
    STMT_SITE_ZONE,
    STMT_SITE_SET_ZONE,
    STMT_SITE_SET_EMAIL,
    STMT_OPERATORS,
    STMT_OPERATOR_SET_SITE,
    STMT_SETTING_GET,
    STMT_SETTING_SET,
    STMT_DATA_VERSION,
    STMT_SERIES_ADD,
    STMT_WORKSHOP_ADD,
    STMT_WORKSHOP_THEME_ADD,
    STMT_WORKSHOP_THEMES_CLEAR,
    STMT_WORKSHOPS_LIST, STMT_WORKSHOP_GET, STMT_WORKSHOP_BOOKABLE,
    STMT_REGISTRATION_MARK,
    STMT_WORKSHOP_UPDATE,
    STMT_WORKSHOP_CANCEL,
    STMT_WORKSHOP_CANCEL_REST,
    STMT_WORKSHOP_HELD,
    STMT_WORKSHOP_REOPEN,
    STMT_NOTICE_CANCEL,
    STMT_NOTICE_REOPEN,
    STMT_NOTICE_TO_TELL,
    STMT_NOTICE_TOLD,
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
    STMT_REGISTRATION_ADD,
    STMT_REGISTRATION_REBOOK,
    STMT_WAITLIST_POSITION,
    STMT_REGISTRATION_READ,
    STMT_REGISTRATION_SET_STATE,
    STMT_WAITLIST_FIRST,
    STMT_REGISTRATIONS_LIST,
    STMT_CALLS,
    STMT_PARTNER_DEFAULT_ADD,
    STMT_REQUEST_KIND_DEFAULT_ADD,
    STMT_PARTNERS,
    STMT_PARTNER_ADD,
    STMT_PARTNER_UPDATE,
    STMT_REQUEST_KINDS,
    STMT_KIND_FIND,
    STMT_KIND_ADD,
    STMT_KIND_UPDATE,
    STMT_KIND_DELETE,
    STMT_PLACE_FIND,
    STMT_PARTNER_COUNT,
    STMT_PARTNER_PAGE,
    STMT_PARTNER_PAGE_IN_SET,
    STMT_PARTNER_ORDER,
    STMT_PARTNER_PAGE_HITS,
    STMT_PARTNER_PAGE_BACK,
    STMT_PARTNER_PAGE_IN_SET_BACK,
    STMT_PARTNER_PAGE_HITS_BACK,
    STMT_PARTNER_ONE,
    STMT_PARTNER_GET,
    STMT_PARTNER_TEXT_IDS,
    STMT_LABEL_CATEGORY_IDS,
    STMT_PARTNER_INDEX_ADD,
    STMT_PARTNER_ODD_ADD,
    STMT_PARTNER_UNINDEX,
    STMT_PARTNER_ODD_REMOVE,
    STMT_PARTNER_REBUILD,
    STMT_PARTNER_ODD_CLEAR,
    STMT_PARTNER_ODD_ALL,
    STMT_PLACE_ADD,
    STMT_PLACE_UPDATE,
    STMT_REFERRAL_ADD,
    STMT_SESSION_EXISTS,
    STMT_SESSION_ORIENT,
    STMT_REFERRALS,
    STMT_REFERRALS_DUE_COUNT,
    STMT_REFERRALS_DUE,
    STMT_REFERRALS_PAGE_AFTER,
    STMT_REFERRALS_PAGE_BEFORE,
    STMT_REFERRALS_PAGE_STATUS_AFTER,
    STMT_REFERRALS_PAGE_STATUS_BEFORE,
    STMT_REFERRAL_UPDATE,
    STMT_PERSON_GET,
    STMT_PERSON_REGISTRATIONS,
    STMT_PERSON_REFERRALS,
    STMT_SESSION_RESIDENCE_SET,
    STMT_PARTICIPANT_RESIDENCE_SET,
    STMT_REGISTRATION_HELPED_SET,
    STMT_RECENT_RESIDENCES,
    STMT_RECENT_RESIDENCES_ANY,
    STMT_SESSION_THEME_ADD_MANY,
    STMT_SESSION_DEMARCHE_ADD_MANY,
    STMT_SESSION_MATERIAL_ADD_MANY,
    STMT_TALLY_DAY_ADD,
    STMT_TALLY_MONTH_ADD,
    STMT_SESSION_NUMBER_RAISE,
    STMT_SEARCH_INDEX_ADD,
    STMT_SEARCH_ODD_ADD,
    STMT_SEARCH_NAMES,
    STMT_SEARCH_TEXT_IDS,
    STMT_LABEL_THEME_IDS,
    STMT_LABEL_DEMARCHE_IDS,
    STMT_LABEL_OPERATOR_IDS,
    STMT_LABEL_SITE_IDS,
    STMT_SEARCH_HITS_NEWEST_FIRST,
    STMT_SEARCH_HITS_OLDEST_FIRST,
    STMT_SEARCH_IN_SET_NEWEST_FIRST,
    STMT_SEARCH_IN_SET_OLDEST_FIRST,
    STMT_SESSIONS_TALLIED,
    STMT_DELETED_SESSIONS_NEWEST_FIRST,
    STMT_DELETED_SESSIONS_OLDEST_FIRST,
    STMT_SESSIONS_DELETED_LISTED,
    STMT_COUNT
};

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
/* The same, of the deleted sessions only, read from the few marked deleted (migration 008). */
#define DELETED_SESSION_COLUMNS                                                                \
    SESSION_FIELDS "FROM help_session_deleted dd CROSS JOIN help_session s ON s.id = dd.session_id " \
    SESSION_JOINS

/* A session is deleted while help_session_deleted names it (migration 008). */
#define SESSION_LIVE "NOT EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id) "
/* ?5: 1 for the deleted sessions, 0 for the others. */
#define DELETED_IS "AND EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id) = ?5 "

/* ?4: a theme code the session has, or NULL for any. */
#define THEME_IS                                                                               \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM help_session_theme t "                           \
    "WHERE t.session_id = s.id AND t.theme = ?4)) "

/* The numbers of the listed sessions among hit, the filter's (bind_session_filter) and its
 * paging; sorted, only the number and start: the whole sessions are read one by one after. */
#define SEARCH_HITS                                                                            \
    "SELECT s.id FROM hit CROSS JOIN help_session s ON s.id = hit.id "                        \
    "WHERE s.started_at >= ?1 AND s.started_at < ?2 " THEME_IS DELETED_IS

/* A partner's columns, as each_partner reads them, then its place in the directory's order. */
#define PARTNER_FIELDS                                                                         \
    "SELECT p.id, p.code, p.name, p.typology, p.category, p.address, p.address_extra, "        \
    "p.postal_code, p.commune, p.phone, p.emails, p.website, p.opening_hours, "                \
    "p.access_methods, p.handles, p.notes, p.is_national, p.mednum_id, p.pivot, p.code_insee, " \
    "p.updated_on, p.mednum_extra, p.updated_at, p.name_fold FROM partner p "

/* A partner's texts hold a character migration 019's tokenizer does not fold as text_fold does
 * (its triggers' test); ASCII text never does, and is told apart first at a fraction of the cost
 * of the pattern (0.1 s instead of 0.4 for 100,000 places). */
#define PARTNER_ODD                                                                            \
    "length(all_text) <> length(CAST(all_text AS BLOB)) "                                      \
    "AND all_text GLOB (SELECT odd FROM session_search_plain)"

/* The directory's order from a key: ?1 is_national, then (name_fold, id) after (?2, ?3), read
 * through partner_by_listing; the caller goes on with is_national 0 after 1. */
#define PARTNER_FROM_KEY "WHERE p.is_national = ?1 AND (p.name_fold, p.id) > (?2, ?3) "
/* The same backwards (store_page_partners_back): the partners before the key. */
#define PARTNER_BEFORE_KEY "WHERE p.is_national = ?1 AND (p.name_fold, p.id) < (?2, ?3) "

#define WORKSHOP_COLUMNS                                                                       \
    "SELECT w.id, w.uid, w.sequence, w.series_id, w.title, w.description, w.level, si.name, "  \
    "w.room, w.starts_at, w.duration_min, w.capacity, o.name, w.status, w.walk_ins, "          \
    "w.updated_at, (SELECT group_concat(theme) FROM workshop_theme WHERE workshop_id = w.id), " \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'booked'), "      \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'waitlisted'), "  \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'attended'), "    \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'absent'), "      \
    "(SELECT count(*) FROM registration WHERE workshop_id = w.id AND state = 'excused') "      \
    "FROM workshop w LEFT JOIN site si ON si.id = w.site_id "                                  \
    "LEFT JOIN operator o ON o.id = w.facilitator_id "

/* A referral with the names of its operator, request and partner (read by referral_rows). */
#define REFERRAL_COLUMNS                                                                       \
    "SELECT r.id, r.referred_at, coalesce(r.request_kind_id, 0), coalesce(r.partner_id, 0), "  \
    "coalesce(r.session_id, 0), r.need, r.method, r.status, coalesce(r.follow_up_on, ''), "    \
    "r.contact_name, r.contact_phone, r.consent_at IS NOT NULL, o.name, k.label, p.name, "     \
    "p.phone FROM referral r LEFT JOIN operator o ON o.id = r.operator_id "                    \
    "LEFT JOIN request_kind k ON k.id = r.request_kind_id "                                    \
    "LEFT JOIN partner p ON p.id = r.partner_id "

/* The listing's order as a key, and the rows past (?2, ?3, ?4) in direction op ("<" or ">"):
 * the first column's range is what the index reads. */
#define REFERRAL_PAGE_KEY "coalesce(nullif(r.follow_up_on, ''), '~')"
#define REFERRAL_PAGE_ANY(op)                                                                  \
    REFERRAL_PAGE_KEY " " op "= ?2 AND (" REFERRAL_PAGE_KEY " " op " ?2 OR r.referred_at " op \
    " ?3 OR (r.referred_at = ?3 AND r.id " op " ?4)) "
#define REFERRAL_PAGE_ORDER(dir)                                                               \
    "ORDER BY " REFERRAL_PAGE_KEY dir ", r.referred_at" dir ", r.id" dir " LIMIT ?5"

#define KEEP_HAS_NO_COMMUNE                                                                    \
    "participant.postal_code IS NULL AND participant.commune IS NULL AND participant.insee IS NULL"

/* SET_ROWS rows of (session, code) in one INSERT: sessions written in bulk add their themes,
 * démarches and devices SET_ROWS at a time rather than one statement per row. */
#define SET_ROWS 64
#define SET_ROWS_1 "(?, ?)"
#define SET_ROWS_2 SET_ROWS_1 ", " SET_ROWS_1
#define SET_ROWS_4 SET_ROWS_2 ", " SET_ROWS_2
#define SET_ROWS_8 SET_ROWS_4 ", " SET_ROWS_4
#define SET_ROWS_16 SET_ROWS_8 ", " SET_ROWS_8
#define SET_ROWS_32 SET_ROWS_16 ", " SET_ROWS_16
#define SET_ROWS_VALUES SET_ROWS_32 ", " SET_ROWS_32

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_SITE_FIND] = "SELECT id FROM site WHERE name_fold = ?1",
    /* A new site takes the first site's zone (migration 013). */
    [STMT_SITE_ADD] = "INSERT INTO site (name, name_fold, created_at, time_zone) VALUES (?1, ?2, ?3, "
                      "coalesce((SELECT time_zone FROM site ORDER BY id LIMIT 1), 'Europe/Paris'))",
    [STMT_OPERATOR_FIND] = "SELECT id FROM operator WHERE name_fold = ?1",
    [STMT_OPERATOR_ADD] = "INSERT INTO operator (name, name_fold, created_at) VALUES (?1, ?2, ?3)",
    /* One above every number ever given, deleted ones included (session_number, migration 008). */
    [STMT_SESSION_ADD] =
        "INSERT INTO help_session (id, started_at, duration_min, place, site_id, operator_id, "
        "autonomy, age, status, gender, oriented, orientation, procedure_name, note, created_at, "
        "updated_at, postal_code, commune, insee, already_helped) "
        "VALUES (coalesce(?19, 1 + max(coalesce((SELECT max(id) FROM help_session), 0), "
        "coalesce((SELECT last FROM session_number WHERE id = 1), 0))), "
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16, ?17, ?18)",
    [STMT_SESSION_THEME_ADD] = "INSERT INTO help_session_theme (session_id, theme) VALUES (?1, ?2)",
    [STMT_SESSION_THEME_ADD_MANY] =
        "INSERT INTO help_session_theme (session_id, theme) VALUES " SET_ROWS_VALUES,
    [STMT_SESSION_DEMARCHE_ADD_MANY] =
        "INSERT INTO help_session_demarche (session_id, demarche) VALUES " SET_ROWS_VALUES,
    [STMT_SESSION_MATERIAL_ADD_MANY] =
        "INSERT INTO help_session_material (session_id, material) VALUES " SET_ROWS_VALUES,
    [STMT_SESSION_DEMARCHE_ADD] =
        "INSERT INTO help_session_demarche (session_id, demarche) VALUES (?1, ?2)",
    [STMT_SESSION_MATERIAL_ADD] =
        "INSERT INTO help_session_material (session_id, material) VALUES (?1, ?2)",
    [STMT_AUDIT_ADD] = "INSERT INTO audit (at, operator_id, action, entity, entity_id, detail) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* ?6, ?7: the listing goes on after the session started at ?6 with number ?7 (keyset). */
    [STMT_SESSIONS_OLDEST_FIRST] = SESSION_COLUMNS THEME_IS DELETED_IS
        "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
    [STMT_SESSIONS_NEWEST_FIRST] = SESSION_COLUMNS THEME_IS DELETED_IS
        "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC LIMIT ?3",
    /* STMT_SESSIONS_*, ?5 = 1: the deleted sessions, sorted (they are few). */
    [STMT_DELETED_SESSIONS_OLDEST_FIRST] = DELETED_SESSION_COLUMNS THEME_IS
        "AND ?5 = 1 AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
    [STMT_DELETED_SESSIONS_NEWEST_FIRST] = DELETED_SESSION_COLUMNS THEME_IS
        "AND ?5 = 1 AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC "
        "LIMIT ?3",
    [STMT_SESSION_GET] = SESSION_COLUMNS "AND s.id = ?3",
    /* From the end of help_session_by_operator_number (migration 020): the unary + keeps
     * SQLite off the index by operator and time, which would sort all their sessions. */
    [STMT_SESSION_LAST] =
        SESSION_FIELDS "FROM help_session s LEFT JOIN operator o ON o.id = s.operator_id "
        "LEFT JOIN site si ON si.id = s.site_id WHERE +s.started_at >= ?1 AND +s.started_at < ?2 "
        "AND s.operator_id = ?3 AND " SESSION_LIVE "ORDER BY s.id DESC LIMIT 1",
    [STMT_SESSION_LAST_ANY] =
        SESSION_COLUMNS "AND ?3 = 0 AND " SESSION_LIVE "ORDER BY s.id DESC LIMIT 1",
    [STMT_SESSION_UPDATE] =
        "UPDATE help_session SET started_at = ?1, duration_min = ?2, place = ?3, site_id = ?4, "
        "operator_id = ?5, autonomy = ?6, age = ?7, status = ?8, gender = ?9, oriented = ?10, "
        "orientation = ?11, procedure_name = ?12, note = ?13, updated_at = ?14 WHERE id = ?15 "
        "AND id NOT IN (SELECT session_id FROM help_session_deleted)",
    [STMT_SESSION_THEMES_CLEAR] = "DELETE FROM help_session_theme WHERE session_id = ?1",
    [STMT_SESSION_DEMARCHES_CLEAR] = "DELETE FROM help_session_demarche WHERE session_id = ?1",
    [STMT_SESSION_MATERIALS_CLEAR] = "DELETE FROM help_session_material WHERE session_id = ?1",
    /* Deleting marks the session (migration 008): restoring it is then exact. */
    [STMT_SESSION_DELETE] =
        "INSERT INTO help_session_deleted (session_id, deleted_at, operator_id) "
        "SELECT id, ?2, ?3 FROM help_session s WHERE id = ?1 AND " SESSION_LIVE,
    [STMT_SESSION_RESTORE] = "DELETE FROM help_session_deleted WHERE session_id = ?1",
    /* How many live sessions (dim ?5 'total', code '') or sessions of theme ?6 (dim 'theme')
     * started from day ?1 to day ?2, from the per-day and per-month counts (migrations 004 and
     * 015) that the store keeps exact: the months strictly between ?1's month (?3) and ?2's
     * (?4), and the days of those two months. Counting the rows read a million of them. */
    [STMT_SESSIONS_TALLIED] =
        "SELECT (SELECT coalesce(sum(sessions), 0) FROM session_tally_month WHERE dim = ?5 "
        "AND month > ?3 AND month < ?4 AND code = ?6) + (SELECT coalesce(sum(sessions), 0) "
        "FROM session_tally WHERE dim = ?5 AND day BETWEEN ?1 AND min(?2, ?3 || '-99') "
        "AND code = ?6) + (SELECT coalesce(sum(sessions), 0) FROM session_tally WHERE dim = ?5 "
        "AND ?3 < ?4 AND day BETWEEN max(?1, ?4 || '-00') AND ?2 AND code = ?6)",
    /* How many deleted sessions a listing has (bind_session_filter), from the few marked. */
    [STMT_SESSIONS_DELETED_LISTED] =
        "SELECT count(*) FROM help_session_deleted d JOIN help_session s ON s.id = d.session_id "
        "WHERE s.started_at >= ?1 AND s.started_at < ?2 " THEME_IS,
    [STMT_SESSIONS_COUNT] =
        "SELECT count(*) FROM help_session s WHERE started_at >= ?1 AND started_at < ?2 "
        "AND (?3 = 0 OR operator_id = ?3) AND (?4 = 0 OR site_id = ?4) AND " SESSION_LIVE,
    /* Counted per day and exact duration in session_tally (migration 020): a few rows per day
     * instead of every session of 90 days. A duration whose sessions were all deleted keeps
     * its rows at 0. */
    [STMT_DURATION_MOST_USED] =
        "SELECT CAST(code AS INTEGER) AS minutes FROM session_tally WHERE dim = 'minutes' "
        "AND day >= ?1 AND (?2 = 0 OR site_id = ?2) GROUP BY code HAVING sum(sessions) > 0 "
        "ORDER BY sum(sessions) DESC, minutes LIMIT 1",
    [STMT_SITES] = "SELECT id, name, 0 FROM site ORDER BY name_fold",
    [STMT_SITE_DETAILS] = "SELECT id, name, time_zone, email FROM site ORDER BY name_fold",
    /* The site's zone; for no site, the zone a new site would take. */
    [STMT_SITE_ZONE] = "SELECT coalesce((SELECT time_zone FROM site WHERE id = ?1), "
                       "(SELECT time_zone FROM site ORDER BY id LIMIT 1), 'Europe/Paris')",
    [STMT_SITE_SET_ZONE] = "UPDATE site SET time_zone = ?2 WHERE id = ?1",
    [STMT_SITE_SET_EMAIL] = "UPDATE site SET email = ?2 WHERE id = ?1",
    [STMT_OPERATORS] =
        "SELECT id, name, coalesce(site_id, 0) FROM operator WHERE active = 1 ORDER BY name_fold",
    [STMT_OPERATOR_SET_SITE] = "UPDATE operator SET site_id = ?2 WHERE id = ?1 AND site_id IS NULL",
    [STMT_SETTING_GET] = "SELECT value FROM setting WHERE key = ?1",
    [STMT_SETTING_SET] = "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)",
    [STMT_DATA_VERSION] = "PRAGMA data_version",
    [STMT_SERIES_ADD] = "INSERT INTO workshop_series (every_weeks, created_at) VALUES (?1, ?2)",
    [STMT_WORKSHOP_ADD] =
        "INSERT INTO workshop (uid, series_id, title, description, level, site_id, room, "
        "starts_at, duration_min, capacity, facilitator_id, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    [STMT_WORKSHOP_THEME_ADD] = "INSERT INTO workshop_theme (workshop_id, theme) VALUES (?1, ?2)",
    [STMT_WORKSHOP_THEMES_CLEAR] = "DELETE FROM workshop_theme WHERE workshop_id = ?1",
    [STMT_WORKSHOPS_LIST] =
        WORKSHOP_COLUMNS "WHERE w.starts_at >= ?1 AND w.starts_at < ?2 ORDER BY w.starts_at, w.id",
    /* By its key: a listing's "?3 = 0 OR id = ?3" would scan every workshop. */
    [STMT_WORKSHOP_GET] = WORKSHOP_COLUMNS "WHERE w.id = ?1",
    [STMT_WORKSHOP_BOOKABLE] =
        "SELECT status, capacity, (SELECT count(*) FROM registration "
        "WHERE workshop_id = ?1 AND state = 'booked') FROM workshop WHERE id = ?1",
    [STMT_WORKSHOP_UPDATE] =
        "UPDATE workshop SET title = ?2, description = ?3, level = ?4, site_id = ?5, room = ?6, "
        "starts_at = ?7, duration_min = ?8, capacity = ?9, facilitator_id = ?10, "
        "sequence = sequence + 1, updated_at = ?11 WHERE id = ?1",
    [STMT_WORKSHOP_CANCEL] =
        "UPDATE workshop SET status = 'cancelled', sequence = sequence + 1, updated_at = ?2 "
        "WHERE id = ?1 AND status = 'planned'",
    [STMT_WORKSHOP_CANCEL_REST] =
        "UPDATE workshop SET status = 'cancelled', sequence = sequence + 1, updated_at = ?3 "
        "WHERE series_id = ?1 AND starts_at >= ?2 AND status = 'planned'",
    [STMT_WORKSHOP_HELD] =
        "UPDATE workshop SET status = 'held', walk_ins = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_WORKSHOP_REOPEN] =
        "UPDATE workshop SET status = 'planned', sequence = sequence + 1, updated_at = ?2 "
        "WHERE id = ?1 AND status = 'cancelled'",
    /* Run before the cancellation, on the workshops it cancels (?1, or with ?2 its series from
     * ?3 on): someone told of a reopening they never heard of still believes it cancelled. */
    [STMT_NOTICE_CANCEL] =
        "UPDATE registration SET notice = CASE WHEN notice = 'reopened' THEN 'told' "
        "ELSE 'cancelled' END WHERE state IN ('booked', 'waitlisted') AND workshop_id IN "
        "(SELECT id FROM workshop WHERE status = 'planned' "
        "AND (id = ?1 OR (series_id = ?2 AND starts_at >= ?3)))",
    [STMT_NOTICE_REOPEN] =
        "UPDATE registration SET notice = CASE notice WHEN 'told' THEN 'reopened' END "
        "WHERE workshop_id = ?1 AND notice IS NOT NULL",
    [STMT_NOTICE_TO_TELL] =
        "SELECT count(*) FROM registration WHERE workshop_id = ?1 AND notice = 'reopened' "
        "AND state IN ('booked', 'waitlisted')",
    [STMT_NOTICE_TOLD] =
        "UPDATE registration SET notice = CASE notice WHEN 'cancelled' THEN 'told' END, "
        "updated_at = ?2 WHERE id = ?1 AND notice IN ('cancelled', 'reopened')",
    /* Who may be the same person: the same folded name, and the same phone or e-mail (exact
     * > 0), or else no contact of a kind on one side or the other (nothing that conflicts); the
     * exact ones first, then the latest. Two rows at most: find_or_add_participant only needs to
     * know whether a compatible one is alone. ?2 and ?3 are canonical (person.h); e-mails keep
     * their local part's case and are checked ASCII (person_validate_email): compared lower. */
    [STMT_PARTICIPANT_FIND] =
        "SELECT id, coalesce(phone = ?2, 0) + coalesce(lower(email) = lower(?3), 0) AS exact, "
        "coalesce(phone = ?2, 0), coalesce(lower(email) = lower(?3), 0) "
        "FROM participant WHERE name_fold = ?1 AND erased_at IS NULL "
        "AND (phone = ?2 OR lower(email) = lower(?3) "
        "OR ((phone IS NULL OR ?2 IS NULL) AND (email IS NULL OR ?3 IS NULL))) "
        "ORDER BY exact DESC, id DESC LIMIT 2",
    [STMT_PARTICIPANT_ADD] =
        "INSERT INTO participant (name, name_fold, phone, email, consent_at, last_activity_on, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
        "AND p.erased_at IS NULL ORDER BY rank, p.id DESC LIMIT ?2",
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
        "postal_code = iif(" KEEP_HAS_NO_COMMUNE ", o.postal_code, participant.postal_code), "
        "commune = iif(" KEEP_HAS_NO_COMMUNE ", o.commune, participant.commune), "
        "insee = iif(" KEEP_HAS_NO_COMMUNE ", o.insee, participant.insee) "
        "FROM (SELECT * FROM participant WHERE id = ?2) AS o WHERE participant.id = ?1",
    [STMT_PARTICIPANT_DELETE] = "DELETE FROM participant WHERE id = ?1",
    [STMT_PARTICIPANT_UNINDEX] = "DELETE FROM participant_search WHERE rowid = ?1",
    [STMT_REGISTRATION_MOVE] =
        "UPDATE registration SET participant_id = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_REGISTRATION_DELETE] = "DELETE FROM registration WHERE id = ?1",
    [STMT_REGISTRATION_FIND] =
        "SELECT id, state FROM registration WHERE workshop_id = ?1 AND participant_id = ?2",
    /* booked_at never goes below the workshop's latest booking, so that the waitlist's order
     * (booked_at, then id) is the order in which desks booked, whatever their clocks say. */
    [STMT_REGISTRATION_ADD] =
        "INSERT INTO registration (workshop_id, participant_id, state, booked_at, updated_at) "
        "VALUES (?1, ?2, ?3, max(?4, coalesce((SELECT max(booked_at) FROM registration "
        "WHERE workshop_id = ?1), '')), ?4)",
    /* Booked again, at the desk: nothing is left to tell them. */
    [STMT_REGISTRATION_REBOOK] =
        "UPDATE registration SET state = ?2, updated_at = ?3, notice = NULL, booked_at = max(?3, "
        "coalesce((SELECT max(r.booked_at) FROM registration r "
        "WHERE r.workshop_id = registration.workshop_id), '')) WHERE id = ?1",
    /* The place of registration ?1 in the order promote_first follows. */
    [STMT_WAITLIST_POSITION] =
        "SELECT count(*) FROM registration r JOIN registration me ON me.id = ?1 "
        "WHERE r.workshop_id = me.workshop_id AND r.state = 'waitlisted' "
        "AND (r.booked_at < me.booked_at OR (r.booked_at = me.booked_at AND r.id <= me.id))",
    [STMT_REGISTRATION_READ] =
        "SELECT r.id, r.workshop_id, r.state, r.booked_at, p.name, p.phone, p.email, w.status "
        "FROM registration r JOIN participant p ON p.id = r.participant_id "
        "JOIN workshop w ON w.id = r.workshop_id WHERE r.id = ?1",
    [STMT_REGISTRATION_SET_STATE] =
        "UPDATE registration SET state = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_REGISTRATION_MARK] =
        "UPDATE registration SET state = ?2, updated_at = ?3 "
        "WHERE id = ?1 AND workshop_id = ?4 AND state NOT IN ('waitlisted', 'cancelled')",
    [STMT_WAITLIST_FIRST] =
        "SELECT r.id, p.name, p.phone, p.email FROM registration r "
        "JOIN participant p ON p.id = r.participant_id "
        "WHERE r.workshop_id = ?1 AND r.state = 'waitlisted' ORDER BY r.booked_at, r.id LIMIT 1",
    [STMT_REGISTRATIONS_LIST] =
        "SELECT r.id, r.state, r.booked_at, p.id, p.name, p.phone, p.email, r.notice, "
        "p.postal_code, p.commune, p.insee, r.already_helped "
        "FROM registration r JOIN participant p ON p.id = r.participant_id "
        "WHERE r.workshop_id = ?1 ORDER BY CASE r.state WHEN 'waitlisted' THEN 1 "
        "WHEN 'cancelled' THEN 2 ELSE 0 END, r.booked_at, r.id",
    /* The notices to tell (whatever the date: the sooner told, the better), then the
     * reminders of the coming days; a reopening to tell stands for the reminder. */
    [STMT_CALLS] =
        "SELECT w.id, w.title, w.starts_at, r.id, p.name, p.phone, p.email, "
        "CASE WHEN w.status = 'cancelled' THEN 1 WHEN r.notice = 'reopened' THEN 2 ELSE 0 END "
        /* From the workshops to come (CROSS JOIN: that order), not every registration of the
         * network's history, which SQLite chose without the statistics to know. */
        "AS kind FROM workshop w CROSS JOIN registration r ON r.workshop_id = w.id "
        "JOIN participant p ON p.id = r.participant_id "
        "WHERE w.starts_at >= ?1 AND r.state IN ('booked', 'waitlisted') "
        "AND ((w.status = 'cancelled' AND r.notice = 'cancelled') "
        "OR (w.status = 'planned' AND r.notice = 'reopened') "
        "OR (w.status = 'planned' AND r.state = 'booked' AND w.starts_at < ?2)) "
        "ORDER BY kind = 0, kind, w.starts_at, w.id, p.name_fold",
    [STMT_PARTNER_DEFAULT_ADD] =
        "INSERT INTO partner (code, name, name_fold, typology, category, phone, website, "
        "access_methods, is_national, handles, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    [STMT_REQUEST_KIND_DEFAULT_ADD] =
        "INSERT INTO request_kind (code, label, keywords, answer, partner_id, theme, bring, "
        "staff_note, position) VALUES (?1, ?2, ?3, ?4, (SELECT id FROM partner WHERE code = ?5), "
        "?6, ?7, ?8, ?9)",
    [STMT_PARTNERS] =
        "SELECT id, code, name, typology, category, address, address_extra, postal_code, commune, "
        "phone, emails, website, opening_hours, access_methods, handles, notes, is_national, "
        "mednum_id, pivot, code_insee, updated_on, mednum_extra, updated_at "
        "FROM partner WHERE ?1 = 0 OR id = ?1 ORDER BY is_national DESC, name_fold, id",
    [STMT_PARTNER_ADD] =
        "INSERT INTO partner (name, name_fold, typology, category, address, address_extra, "
        "postal_code, commune, phone, emails, website, opening_hours, access_methods, handles, "
        "notes, created_at, updated_at, pivot, updated_on) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, "
        "?18)",
    [STMT_PARTNER_UPDATE] =
        "UPDATE partner SET name = ?1, name_fold = ?2, typology = ?3, category = ?4, address = ?5, "
        "address_extra = ?6, postal_code = ?7, commune = ?8, phone = ?9, emails = ?10, "
        "website = ?11, opening_hours = ?12, access_methods = ?13, handles = ?14, notes = ?15, "
        "updated_at = ?16, pivot = ?18, updated_on = ?19 WHERE id = ?17",
    /* Every partner has its place id (migration 014): an import of a partner's own export finds
     * that partner. */
    [STMT_PLACE_FIND] = "SELECT id FROM partner WHERE mednum_id = ?1",
    [STMT_PARTNER_COUNT] = "SELECT count(*) FROM partner",
    [STMT_PARTNER_PAGE] = PARTNER_FIELDS PARTNER_FROM_KEY "ORDER BY p.name_fold, p.id",
    /* The same, only the partners of the search's set (bound as a pointer: idset_bind), tested
     * from the index's numbers before a row is read. */
    [STMT_PARTNER_PAGE_IN_SET] = PARTNER_FIELDS PARTNER_FROM_KEY "AND guichet_in_set(?4, p.id) "
        "ORDER BY p.name_fold, p.id",
    /* The directory's order, for one value of is_national (partner_order_read). */
    [STMT_PARTNER_ORDER] =
        "SELECT p.id FROM partner p WHERE p.is_national = ?1 ORDER BY p.name_fold, p.id",
    /* The partners among the JSON array ?4 after the key (both values of is_national), sorted
     * by their key alone: the rows are read one by one after (STMT_PARTNER_ONE). */
    [STMT_PARTNER_PAGE_HITS] = "WITH hit(id) AS (SELECT value FROM json_each(?4)) "
        "SELECT p.id FROM partner p WHERE p.id IN hit AND (p.is_national < ?1 OR "
        "(p.is_national = ?1 AND (p.name_fold, p.id) > (?2, ?3))) "
        "ORDER BY p.is_national DESC, p.name_fold, p.id",
    /* The three above read backwards, last first (store_page_partners_back): the same index,
     * read from its end. */
    [STMT_PARTNER_PAGE_BACK] = PARTNER_FIELDS PARTNER_BEFORE_KEY
        "ORDER BY p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_PAGE_IN_SET_BACK] = PARTNER_FIELDS PARTNER_BEFORE_KEY
        "AND guichet_in_set(?4, p.id) ORDER BY p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_PAGE_HITS_BACK] = "WITH hit(id) AS (SELECT value FROM json_each(?4)) "
        "SELECT p.id FROM partner p WHERE p.id IN hit AND (p.is_national > ?1 OR "
        "(p.is_national = ?1 AND (p.name_fold, p.id) < (?2, ?3))) "
        "ORDER BY p.is_national, p.name_fold DESC, p.id DESC",
    [STMT_PARTNER_ONE] = PARTNER_FIELDS "WHERE p.id = ?1",
    /* The same for store_get_partner, whose callers may read a page meanwhile: by its key,
     * where STMT_PARTNERS's "?1 = 0 OR" read and sorted the whole directory (10 ms a partner
     * at 100,000 places, and the policy names a dozen). */
    [STMT_PARTNER_GET] = PARTNER_FIELDS "WHERE p.id = ?1",
    /* The partners whose texts have a word starting with the FTS5 query ?1's (migration 019;
     * a prefix of one or two characters is read from its prefix index), and those whose texts
     * the index cannot vouch for, up to ?2 rows, into the set of ?3 (word_set_read). */
    [STMT_PARTNER_TEXT_IDS] = "WITH r(id) AS (SELECT rowid FROM partner_search "
        "WHERE partner_search MATCH ?1 UNION ALL SELECT partner_id FROM partner_search_odd "
        "LIMIT ?2) SELECT count(*), guichet_collect(?3, id) FROM r",
    /* The partners of category ?1, into the set of ?2 (label_set_of). */
    [STMT_LABEL_CATEGORY_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM partner WHERE category = ?1",
    /* What migration 022's triggers do row by row, for the partners ?1 to ?2 an import added
     * with the triggers off. */
    [STMT_PARTNER_INDEX_ADD] =
        "INSERT INTO partner_search (rowid, name, commune, handles, postal_code, joined) "
        "SELECT id, name, commune, handles, postal_code, joined FROM partner_search_content "
        "WHERE id BETWEEN ?1 AND ?2",
    [STMT_PARTNER_ODD_ADD] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND " PARTNER_ODD,
    /* Partner ?1's words out of the index, before an import changes it with the triggers off. */
    [STMT_PARTNER_UNINDEX] =
        "INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code, "
        "joined) SELECT 'delete', id, name, commune, handles, postal_code, joined "
        "FROM partner_search_content WHERE id = ?1",
    [STMT_PARTNER_ODD_REMOVE] = "DELETE FROM partner_search_odd WHERE partner_id = ?1",
    /* The whole index again, after an import that changed many partners. */
    [STMT_PARTNER_REBUILD] = "INSERT INTO partner_search (partner_search) VALUES ('rebuild')",
    [STMT_PARTNER_ODD_CLEAR] = "DELETE FROM partner_search_odd",
    [STMT_PARTNER_ODD_ALL] =
        "INSERT INTO partner_search_odd (partner_id) SELECT id FROM partner_search_text "
        "WHERE " PARTNER_ODD,
    /* ?1-?16 as STMT_PARTNER_ADD, then ?17 mednum_id … ?22 longitude. */
    [STMT_PLACE_ADD] =
        "INSERT INTO partner (name, name_fold, typology, category, address, address_extra, "
        "postal_code, commune, phone, emails, website, opening_hours, access_methods, handles, "
        "notes, created_at, updated_at, mednum_id, pivot, code_insee, updated_on, mednum_extra, "
        "latitude, longitude) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    [STMT_PLACE_UPDATE] =
        "UPDATE partner SET name = ?1, name_fold = ?2, typology = ?3, "
        "category = coalesce(?4, category), address = ?5, "
        "address_extra = ?6, postal_code = ?7, commune = ?8, phone = ?9, emails = ?10, "
        "website = ?11, opening_hours = ?12, access_methods = ?13, handles = coalesce(?14, handles), "
        "notes = coalesce(?15, notes), updated_at = ?16, pivot = ?18, code_insee = ?19, "
        "updated_on = ?20, mednum_extra = ?21, latitude = ?22, longitude = ?23 WHERE mednum_id = ?17",
    [STMT_REFERRAL_ADD] =
        "INSERT INTO referral (referred_at, operator_id, request_kind_id, need, partner_id, method, "
        "follow_up_on, contact_name, contact_phone, consent_at, session_id, created_at, updated_at, "
        "site_id, status, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, "
        "coalesce((SELECT site_id FROM help_session WHERE id = ?11), "
        "(SELECT site_id FROM operator WHERE id = ?2)), coalesce(?13, 'a_suivre'), "
        "CASE WHEN coalesce(?13, 'a_suivre') <> 'a_suivre' THEN ?12 END)",
    [STMT_SESSION_EXISTS] = "SELECT count(*) FROM help_session s WHERE id = ?1 AND " SESSION_LIVE,
    /* A session oriented so already (written so in bulk) is left as it is: a write the less. */
    [STMT_SESSION_ORIENT] =
        "UPDATE help_session SET oriented = 1, orientation = coalesce("
        "(SELECT category FROM partner WHERE id = ?2), orientation), updated_at = ?3 WHERE id = ?1 "
        "AND (oriented IS NOT 1 OR orientation IS NOT coalesce("
        "(SELECT category FROM partner WHERE id = ?2), orientation))",
    [STMT_REFERRALS] =
        REFERRAL_COLUMNS
        "WHERE (?1 IS NULL OR r.status = ?1) "
        "AND (?2 IS NULL OR (r.status = 'a_suivre' AND r.follow_up_on <= ?2)) "
        "ORDER BY r.follow_up_on IS NULL, r.follow_up_on, r.referred_at, r.id LIMIT ?3",
    /* The open referrals to follow up by ?1, in the listing's order, from the index of their
     * status and follow-up date (migration 020) rather than every referral sorted; a follow-up
     * date of '' is none, as in the listing. */
    [STMT_REFERRALS_DUE_COUNT] =
        "SELECT count(*) FROM referral r WHERE r.status = 'a_suivre' AND "
        REFERRAL_PAGE_KEY " <= ?1",
    [STMT_REFERRALS_DUE] = REFERRAL_COLUMNS "WHERE r.status = 'a_suivre' AND " REFERRAL_PAGE_KEY
        " <= ?1 ORDER BY " REFERRAL_PAGE_KEY ", r.referred_at, r.id LIMIT ?2",
    /* A page of the listing above (its order, the open ones alone or every referral) after
     * or before the key (?2, ?3, ?4), read from referral_by_follow_up or
     * referral_by_status_follow_up (migration 020) rather than sorted whole. A follow-up date
     * of '' sorts as none. */
    [STMT_REFERRALS_PAGE_AFTER] = REFERRAL_COLUMNS "WHERE " REFERRAL_PAGE_ANY(">") REFERRAL_PAGE_ORDER(""),
    [STMT_REFERRALS_PAGE_BEFORE] = REFERRAL_COLUMNS "WHERE " REFERRAL_PAGE_ANY("<")
        REFERRAL_PAGE_ORDER(" DESC"),
    [STMT_REFERRALS_PAGE_STATUS_AFTER] = REFERRAL_COLUMNS "WHERE r.status = ?1 AND "
        REFERRAL_PAGE_ANY(">") REFERRAL_PAGE_ORDER(""),
    [STMT_REFERRALS_PAGE_STATUS_BEFORE] = REFERRAL_COLUMNS "WHERE r.status = ?1 AND "
        REFERRAL_PAGE_ANY("<") REFERRAL_PAGE_ORDER(" DESC"),
    [STMT_REFERRAL_UPDATE] =
        "UPDATE referral SET status = ?2, follow_up_on = coalesce(?3, follow_up_on), "
        "closed_at = CASE WHEN ?2 = 'a_suivre' THEN NULL ELSE ?4 END, updated_at = ?4 WHERE id = ?1",
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
    [STMT_REQUEST_KINDS] =
        "SELECT id, code, label, keywords, answer, theme, bring, staff_note, "
        "coalesce(partner_id, 0) FROM request_kind ORDER BY position, id",
    [STMT_KIND_FIND] = "SELECT id FROM request_kind WHERE code = ?1",
    /* ?1 code … ?8 staff_note, as the columns; new kinds go last. */
    [STMT_KIND_ADD] =
        "INSERT INTO request_kind (code, label, keywords, answer, partner_id, theme, bring, "
        "staff_note, position) VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5, ?6, ?7, ?8, "
        "(SELECT coalesce(max(position), 0) + 1 FROM request_kind))",
    [STMT_KIND_UPDATE] =
        "UPDATE request_kind SET label = ?2, keywords = coalesce(?3, ''), answer = ?4, "
        "partner_id = ?5, theme = ?6, bring = ?7, staff_note = ?8 WHERE code = ?1",
    [STMT_KIND_DELETE] = "DELETE FROM request_kind WHERE id = ?1",
    /* The commune of residence and "already helped" (migration 012), kept apart from the
     * statements above: ?1 the session, ?2-?4 postal code, name and INSEE code, ?5 0/1/NULL. */
    [STMT_SESSION_RESIDENCE_SET] = "UPDATE help_session SET postal_code = ?2, commune = ?3, "
                                   "insee = ?4, already_helped = ?5 WHERE id = ?1",
    /* A participant's commune is personal data: on their record, erased with it (012's trigger). */
    [STMT_PARTICIPANT_RESIDENCE_SET] = "UPDATE participant SET postal_code = ?2, commune = ?3, "
                                       "insee = ?4 WHERE id = ?1 AND erased_at IS NULL",
    [STMT_REGISTRATION_HELPED_SET] = "UPDATE registration SET already_helped = ?2 WHERE id = ?1",
    /* The site's from the end of help_session_with_insee (migration 020); anywhere (no site
     * yet) from the newest session back. */
    [STMT_RECENT_RESIDENCES] =
        "SELECT postal_code, commune, insee FROM (SELECT id, postal_code, commune, insee "
        "FROM help_session WHERE site_id = ?1 AND insee IS NOT NULL "
        "ORDER BY id DESC LIMIT 500) GROUP BY insee, coalesce(postal_code, '') "
        "ORDER BY max(id) DESC LIMIT ?2",
    [STMT_RECENT_RESIDENCES_ANY] =
        "SELECT postal_code, commune, insee FROM (SELECT id, postal_code, commune, insee "
        "FROM help_session WHERE ?1 = 0 AND insee IS NOT NULL "
        "ORDER BY id DESC LIMIT 500) GROUP BY insee, coalesce(postal_code, '') "
        "ORDER BY max(id) DESC LIMIT ?2",
    /* What the triggers of migrations 004 and 008 do row by row, for the sessions ?1 to ?2 of a
     * batch written with the triggers off: the same view, grouped, so one definition stays. */
    [STMT_TALLY_DAY_ADD] =
        "INSERT INTO session_tally (dim, day, site_id, operator_id, code, sessions, minutes) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions, "
        "minutes = minutes + excluded.minutes",
    [STMT_TALLY_MONTH_ADD] =
        "INSERT INTO session_tally_month (dim, month, site_id, operator_id, code, sessions, minutes) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions, "
        "minutes = minutes + excluded.minutes",
    [STMT_SESSION_NUMBER_RAISE] =
        "UPDATE session_number SET last = ?1 WHERE id = 1 AND last < ?1",
    /* What migration 022's triggers do row by row, for the sessions ?1 to ?2 of a batch written
     * with the triggers off; a session without any typed text costs nothing. */
    [STMT_SEARCH_INDEX_ADD] =
        "INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code, joined) "
        "SELECT id, procedure_name, note, commune, postal_code, joined FROM session_search_content "
        "WHERE id BETWEEN ?1 AND ?2 AND coalesce(procedure_name, note, commune, postal_code) "
        "IS NOT NULL",
    [STMT_SEARCH_ODD_ADD] =
        "INSERT INTO session_search_odd (session_id) SELECT id FROM session_search_text "
        "WHERE id BETWEEN ?1 AND ?2 AND all_text GLOB (SELECT odd FROM session_search_plain)",
    /* Every operator and site, the former ones too: their sessions keep them. */
    [STMT_SEARCH_NAMES] = "SELECT 0, id, name FROM operator UNION ALL SELECT 1, id, name FROM site",
    /* The sessions whose typed texts have a word starting with the FTS5 query ?1's (migration
     * 016), and those whose texts the index cannot vouch for, up to ?2 rows, into the set of ?3
     * (word_set_read). */
    [STMT_SEARCH_TEXT_IDS] = "WITH r(id) AS (SELECT rowid FROM session_search "
        "WHERE session_search MATCH ?1 UNION ALL SELECT session_id FROM session_search_odd "
        "LIMIT ?2) SELECT count(*), guichet_collect(?3, id) FROM r",
    /* The sessions of a theme, a démarche, an operator or a site ?1, into the set of ?2
     * (label_set_of), each from its index. */
    [STMT_LABEL_THEME_IDS] =
        "SELECT count(*), guichet_collect(?2, session_id) FROM help_session_theme WHERE theme = ?1",
    [STMT_LABEL_DEMARCHE_IDS] = "SELECT count(*), guichet_collect(?2, session_id) "
                                "FROM help_session_demarche WHERE demarche = ?1",
    [STMT_LABEL_OPERATOR_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM help_session WHERE operator_id = ?1",
    [STMT_LABEL_SITE_IDS] =
        "SELECT count(*), guichet_collect(?2, id) FROM help_session WHERE site_id = ?1",
    /* The sessions among the JSON array ?8 in the listing's order after its key: only their
     * numbers, sorted; the sessions are read one by one after. */
    [STMT_SEARCH_HITS_NEWEST_FIRST] = "WITH hit(id) AS (SELECT value FROM json_each(?8)) "
        SEARCH_HITS "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC",
    [STMT_SEARCH_HITS_OLDEST_FIRST] = "WITH hit(id) AS (SELECT value FROM json_each(?8)) "
        SEARCH_HITS "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id",
    /* The listing in order (STMT_SESSIONS_*), only the sessions of the search's set (bound as
     * a pointer: idset_bind), tested from the index on started_at before a row is read. */
    [STMT_SEARCH_IN_SET_NEWEST_FIRST] = SESSION_COLUMNS "AND guichet_in_set(?8, s.id) " THEME_IS
        DELETED_IS "AND (s.started_at, s.id) < (?6, ?7) ORDER BY s.started_at DESC, s.id DESC LIMIT ?3",
    [STMT_SEARCH_IN_SET_OLDEST_FIRST] = SESSION_COLUMNS "AND guichet_in_set(?8, s.id) " THEME_IS
        DELETED_IS "AND (s.started_at, s.id) > (?6, ?7) ORDER BY s.started_at, s.id LIMIT ?3",
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
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmts[STMT_COUNT];
    bool in_batch;        /* between store_batch_begin and store_batch_end */
    bool batch_spoilt;    /* a write of the batch failed after changing rows: all rolls back */
    sqlite3_int64 before; /* sqlite3_total_changes64 when the batch's current write began */
    int depth;            /* writes begun and not ended in the batch (they do not nest now) */
    long long cache_size; /* PRAGMA cache_size outside batches, put back at their end */
    dev_t dev;     /* the file opened, to notice when a restore puts another in its place */
    ino_t ino;
    FILE *trace;   /* GUICHET_TRACE_SQL's file, or NULL; owned, closed by store_close */
    /* store_tally's statements, prepared once: the statistics screen runs them all again on
     * each period key and each write of another desk, and preparing cost as much as running */
    sqlite3_stmt *tally[TALLY_COUNT];
    long search_scan_rows, search_sort_max, search_set_max; /* 0: the defaults (store_set_search_limits) */
    long partner_scan_rows, partner_sort_max, partner_set_max; /* the same, for partners */
    long partner_reindex_max; /* 0: PLACE_REINDEX_MAX */
    /* What the last search words can match (word_set_of), kept from one keystroke to the
     * next while the language, the data (any desk) and this connection's writes are as then. */
    struct word_set word_sets[WORD_SETS_MAX];
    size_t word_sets_next; /* the entry a new word takes: the oldest */
    unsigned words_generation;
    long long words_version;
    sqlite3_int64 words_changes;
    /* The directory's order (partner_order_read), kept with them: the partners' numbers by
     * rank, and each number's rank + 1 (0: no such partner). */
    int64_t *partner_ordered;
    uint32_t *partner_rank;
    size_t partner_nordered, partner_rank_size;
    bool partner_order_kept;
};

static void word_sets_forget(struct store *st);

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text);

int store_sqlite_open(const char *path, sqlite3 **db, int flags)
{
    static bool configured;
    if (!configured) { /* before the library's first use; refused (harmlessly) after */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        configured = true;
    }
    return sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
}

/* Maps an SQLite failure to a message a desk can act on. */
int store_db_error(struct store *st, int rc, struct gu_error *err)
{
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    const char *path = st && st->path ? st->path : "";
    /* An I/O error says more through errno: a full disk, or a medium mounted read-only. */
    int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
    if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) {
        if (sys == ENOSPC || sys == EDQUOT)
            rc = SQLITE_FULL;
        else if (sys == EROFS)
            rc = SQLITE_READONLY;
    }
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return error_set(err, GU_FAILURE,
                         _("the database %s is busy: another desk has held it for too long; "
                           "nothing was written, try again"),
                         path);
    case SQLITE_FULL:
        return error_set(err, GU_FAILURE,
                         _("the disk holding %s is full: nothing was written; free some space "
                           "and try again"),
                         path);
    case SQLITE_READONLY:
        return error_set(err, GU_FAILURE,
                         _("the database %s is read-only: guichet needs to write to it"), path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return error_set(err, GU_FAILURE,
                         _("the database %s is damaged (%s): restore it from a backup"), path,
                         detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return error_set(err, GU_FAILURE, _("cannot read or write the database %s (%s)"), path,
                         detail);
    case SQLITE_NOMEM:
        return error_nomem(err);
    case SQLITE_CONSTRAINT: /* the caller's input broke a rule the schema enforces */
        return error_set(err, GU_INVALID, _("refused by the database: %s"), detail);
    default:
        return error_set(err, GU_FAILURE, _("database error on %s: %s"), path, detail);
    }
}

static sqlite3_stmt *stmt_get(struct store *st, enum stmt_id id, struct gu_error *err)
{
    if (!st->stmts[id]) {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->stmts[id], NULL);
        if (rc != SQLITE_OK) {
            store_db_error(st, rc, err);
            return NULL;
        }
    }
    return st->stmts[id];
}

/* Runs a statement that returns no rows and resets it. */
static int stmt_run(struct store *st, sqlite3_stmt *stmt, struct gu_error *err)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE ? GU_OK : store_db_error(st, rc, err);
}

/* Ends a loop of sqlite3_step over stmt: a step that failed (rc neither a row nor done) becomes
 * the status unless the loop already stopped for its own reason; stmt is reset for its next use. */
static int stmt_finish(struct store *st, sqlite3_stmt *stmt, int status, int rc,
                       struct gu_error *err)
{
    if (!status && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = store_db_error(st, rc, err);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
}

/* Runs fixed SQL without parameters (pragmas, transaction control, shipped migrations). */
int store_exec(struct store *st, const char *sql, struct gu_error *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
}

int store_read_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* store_read_int on st, its failure mapped to a message. */
static int query_int(struct store *st, const char *sql, long long *out, struct gu_error *err)
{
    int rc = store_read_int(st->db, sql, out);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
}

/* Inside a batch a write takes no savepoint: a savepoint copies every page the write touches
 * to a sub-journal, which past 64 KiB goes to a temporary file for the rest of the transaction
 * (a dozen disk writes per row of demo data). A write refused before it changed a row (the
 * usual refusal: its checks come first; a failed statement undoes itself) leaves the batch
 * intact, so the caller may go on; one that failed after changing rows spoils the batch, which
 * then rolls back whole at its end and says so. Nothing is ever half-written. */
static const char *batch_spoilt_message(void)
{
    return _("a write of the batch failed half-way: nothing of the batch was written");
}

int store_tx_begin(struct store *st, struct gu_error *err)
{
    if (!st->in_batch)
        return store_exec(st, "BEGIN IMMEDIATE", err);
    /* SQLite ends the whole transaction on some failures (a full disk): the batch is gone. */
    if (st->batch_spoilt || sqlite3_get_autocommit(st->db)) {
        st->batch_spoilt = true;
        return error_set(err, GU_FAILURE, "%s", batch_spoilt_message());
    }
    if (st->depth++ == 0)
        st->before = sqlite3_total_changes64(st->db);
    return GU_OK;
}

static int tx_commit(struct store *st, struct gu_error *err)
{
    if (st->in_batch) {
        st->depth--;
        return GU_OK;
    }
    return store_exec(st, "COMMIT", err);
}

static void tx_rollback(struct store *st)
{
    if (st->in_batch) {
        if (st->depth > 0) /* not when its begin was refused */
            st->depth--;
        if (sqlite3_total_changes64(st->db) != st->before || sqlite3_get_autocommit(st->db))
            st->batch_spoilt = true;
    } else if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends a transaction begun with tx_begin: commits when status is GU_OK, else (or when the commit
 * fails) rolls back, so that nothing is ever half-written. Returns the final status. */
int store_tx_end(struct store *st, int status, struct gu_error *err)
{
    if (!status)
        status = tx_commit(st, err);
    if (status)
        tx_rollback(st);
    return status;
}

/* A batch keeps SQLite's temporary files in memory: the statement journals of its many writes
 * (one per statement that may fail half-way) otherwise spill to a file once one passes 64 KiB,
 * and that file then takes every later page for the rest of the transaction. Set before the
 * transaction (SQLite refuses it inside), and back to the default after. Its page cache is
 * 32 MiB rather than 2: the indexes and tallies a batch of 10,000 sessions touches are then
 * read from the file once, not again and again. Batches checkpoint the log once it holds 64 MiB
 * rather than 4 (SQLite's 1000 pages, set back after): the pages every batch writes again
 * (tallies, the ends of tables and indexes) are copied into the database once for several
 * batches, not after each. */
int store_batch_begin(struct store *st, struct gu_error *err)
{
    st->cache_size = 0;
    int status = query_int(st, "PRAGMA cache_size", &st->cache_size, err);
    if (!status)
        status = store_exec(st, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768; "
                                "PRAGMA wal_autocheckpoint = 16384; BEGIN IMMEDIATE",
                            err);
    st->in_batch = !status;
    st->batch_spoilt = false;
    st->depth = 0;
    return status;
}

int store_batch_end(struct store *st, int status, struct gu_error *err)
{
    st->in_batch = false;
    if (!status && st->batch_spoilt)
        status = error_set(err, GU_FAILURE, "%s", batch_spoilt_message());
    st->batch_spoilt = false;
    st->depth = 0;
    status = store_tx_end(st, status, err);
    char pragma[128] = "PRAGMA temp_store = DEFAULT; PRAGMA wal_autocheckpoint = 1000";
    if (st->cache_size) /* 0 when the begin could not read it */
        snprintf(pragma, sizeof pragma, "PRAGMA temp_store = DEFAULT; "
                 "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = %lld", st->cache_size);
    st->cache_size = 0;
    struct gu_error ignored;
    int back = store_exec(st, pragma, status ? &ignored : err);
    return status ? status : back;
}

sqlite3 *store_sqlite(struct store *st)
{
    return st->db;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

char *store_default_path(struct gu_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char buf[4096];
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(buf, sizeof buf, "%s/guichet/guichet.db", xdg);
    else if (home && *home)
        n = snprintf(buf, sizeof buf, "%s/.local/share/guichet/guichet.db", home);
    else {
        error_set(err, GU_FAILURE, "%s",
                  _("cannot find where to keep the database: set HOME, or use --db FILE"));
        return NULL;
    }
    if (n < 0 || (size_t)n >= sizeof buf) {
        error_set(err, GU_FAILURE, "%s", _("the database path is too long"));
        return NULL;
    }
    char *path = strdup(buf);
    if (!path)
        error_nomem(err);
    return path;
}

char *store_resolve_path(const char *path)
{
    struct stat sb;
    char *real = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
    return real ? real : strdup(path); /* a dangling link: named as given, refused when opened */
}

int store_make_parent_dirs(const char *path, struct gu_error *err)
{
    char *dir = strdup(path);
    if (!dir)
        return error_nomem(err);
    char *slash = strrchr(dir, '/');
    int status = GU_OK;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; status == GU_OK; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                status = error_set(err, GU_FAILURE, _("cannot create the folder %s: %s"), dir,
                                   error_system_text(errno));
            *p = saved;
            if (!saved)
                break;
        }
    }
    free(dir);
    return status;
}

int store_create_private_file(const char *path, struct gu_error *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return GU_OK;
    }
    if (errno != EEXIST)
        return error_set(err, GU_FAILURE, _("cannot create the database %s: %s"), path,
                         error_system_text(errno));
    /* It holds names and phone numbers (domain.md §6): only its owner may read it. */
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0077))
        return error_set(err, GU_FAILURE,
                         _("the database %s can be read by other users of this computer (mode %03o): "
                           "guichet does not open it. Make it private with: chmod 600 '%s'"),
                         path, (unsigned)(sb.st_mode & 0777), path);
    return GU_OK;
}

static unsigned long hash_text(const char *s)
{
    unsigned long h = 1469598103934665603UL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

/* Writes the program's vocabulary into the table "vocab": main's, or the temporary one that a
 * read-only check puts in front of it; with former, guichet's former codes too (vocab_find reads
 * them), for a file older than this guichet, which its next writing open migrates. */
static int insert_vocabulary(struct store *st, bool former, struct gu_error *err)
{
    sqlite3_stmt *put;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO vocab (kind, code, label, position) "
                                        "VALUES (?1, ?2, ?3, ?4)", -1, &put, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    int status = GU_OK;
    for (int k = 0; !status && k < VOCAB_KIND_COUNT; k++) {
        for (size_t i = 0; !status && i < vocab_count(k); i++) {
            sqlite3_bind_text(put, 1, vocab_kind_name(k), -1, SQLITE_STATIC);
            sqlite3_bind_text(put, 2, vocab_code(k, (int)i), -1, SQLITE_STATIC);
            sqlite3_bind_text(put, 3, vocab_label_msgid(k, (int)i), -1, SQLITE_STATIC);
            sqlite3_bind_int64(put, 4, (sqlite3_int64)i);
            status = stmt_run(st, put, err);
        }
    }
    enum vocab_kind kind;
    const char *code;
    for (size_t i = 0; !status && former && (code = vocab_former_code(i, &kind)); i++) {
        sqlite3_bind_text(put, 1, vocab_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(put, 2, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(put, 3, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(put, 4, -1);
        status = stmt_run(st, put, err);
    }
    sqlite3_finalize(put);
    return status;
}

/* Loads data/vocab.tsv into the vocab table when it differs from what the database holds, so
 * that SQL users (reports, the sqlite3 shell) see the same vocabulary as the program. */
static int sync_vocabulary(struct store *st, struct gu_error *err)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%lx", hash_text(embedded_vocab_tsv));
    sqlite3_stmt *get = NULL, *set = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT value FROM setting WHERE key = 'vocab_hash'", -1,
                                &get, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    rc = sqlite3_step(get);
    bool current = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(get, 0), hash);
    sqlite3_finalize(get);
    if (current)
        return GU_OK;

    int status = store_tx_begin(st, err);
    if (status)
        return status;
    status = store_exec(st, "DELETE FROM vocab", err);
    if (!status)
        status = insert_vocabulary(st, false, err);
    if (!status &&
        (rc = sqlite3_prepare_v2(st->db,
                                 "INSERT OR REPLACE INTO setting (key, value) "
                                 "VALUES ('vocab_hash', ?1)",
                                 -1, &set, NULL)) != SQLITE_OK)
        status = store_db_error(st, rc, err);
    if (!status) {
        sqlite3_bind_text(set, 1, hash, -1, SQLITE_STATIC);
        status = stmt_run(st, set, err);
    }
    sqlite3_finalize(set);
    return store_tx_end(st, status, err);
}

static int load_default_partner(char **f, int n, int line_no, void *ctx)
{
    void **c = ctx;
    struct store *st = c[0];
    struct gu_error *err = c[1];
    if (n != 9)
        return error_set(err, GU_FAILURE, "data/partners.tsv:%d: malformed entry", line_no);
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTNER_DEFAULT_ADD, err);
    char *fold = text_fold(f[1]);
    if (!stmt || !fold) {
        free(fold);
        return stmt ? error_nomem(err) : GU_FAILURE;
    }
    for (int i = 0; i < 8; i++) {
        static const int column[8] = {1, 2, 4, 5, 6, 7, 8, 10}; /* skip ?3 fold and ?9 flag */
        static const int field[8] = {0, 1, 2, 3, 4, 5, 6, 8};
        bind_text_or_null(stmt, column[i], *f[field[i]] ? f[field[i]] : NULL);
    }
    sqlite3_bind_text(stmt, 3, fold, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 9, !strcmp(f[7], "1"));
    sqlite3_bind_text(stmt, 11, c[2], -1, SQLITE_STATIC);
    int status = stmt_run(st, stmt, err);
    free(fold);
    return status;
}

static int load_default_request_kind(char **f, int n, int line_no, void *ctx)
{
    void **c = ctx;
    struct store *st = c[0];
    struct gu_error *err = c[1];
    if (n != 8)
        return error_set(err, GU_FAILURE, "data/policy.tsv:%d: malformed entry", line_no);
    sqlite3_stmt *stmt = stmt_get(st, STMT_REQUEST_KIND_DEFAULT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    for (int i = 0; i < 8; i++)
        bind_text_or_null(stmt, i + 1, *f[i] ? f[i] : NULL);
    sqlite3_bind_int(stmt, 9, line_no);
    return stmt_run(st, stmt, err);
}

/* Partners and the routing policy shipped in data/, loaded once into a new database; after that
 * they are the library's own, to edit. */
static int load_defaults(struct store *st, struct gu_error *err)
{
    long long loaded;
    int status = query_int(st, "SELECT count(*) FROM setting WHERE key = 'defaults_loaded'",
                           &loaded, err);
    if (status || loaded)
        return status;
    char now[21];
    clock_now_utc_text(now);
    void *ctx[3] = {st, err, now};
    status = store_tx_begin(st, err);
    if (!status)
        status = query_int(st, "SELECT count(*) FROM setting WHERE key = 'defaults_loaded'",
                           &loaded, err);
    if (!status && !loaded) {
        status = tsv_each(embedded_partners_tsv, load_default_partner, ctx);
        if (!status)
            status = tsv_each(embedded_policy_tsv, load_default_request_kind, ctx);
        if (!status)
            status = store_exec(st, "INSERT INTO setting (key, value) VALUES ('defaults_loaded', '1')",
                              err);
    }
    return store_tx_end(st, status, err);
}

int store_schema_version(void)
{
    return embedded_migration_count
               ? embedded_migrations[embedded_migration_count - 1].version
               : 0;
}

static int set_triggers(struct store *st, bool on, struct gu_error *err);

/* A new file (no object, version 0) gets the current version at once: what the migrations make
 * of a new database, generated from them at build time (fresh_database_sql), in one
 * transaction, rather than each migration in its own (22 commits, and SQLite parsing the whole
 * schema again after each ALTER TABLE: the better part of a new database's cost).
 * Its rows are the migrations' as they left them: triggers are off meanwhile, so that they are
 * not counted or indexed twice. Looked at again under the write lock, so that of two desks
 * creating the file together one writes it and the other finds it done. */
static int create_fresh(struct store *st, struct gu_error *err)
{
    long long version, objects;
    int status = store_tx_begin(st, err);
    if (!status)
        status = query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (!status && version == 0 && objects == 0) {
        struct gu_error ignored = {0};
        status = set_triggers(st, false, err);
        if (!status)
            status = store_exec(st, fresh_database_sql, err);
        int back = set_triggers(st, true, status ? &ignored : err);
        if (!status)
            status = back;
    }
    return store_tx_end(st, status, err);
}

/* Applies each pending migration in its own BEGIN IMMEDIATE transaction. The version is read
 * again under the lock, so two desks starting together migrate once. */
static int migrate(struct store *st, struct gu_error *err)
{
    /* A file already at this guichet's schema (every open but the first after an upgrade) is
     * left alone: no write lock taken once per migration just to read the version again. */
    long long current;
    int read = query_int(st, "PRAGMA user_version", &current, err);
    if (read)
        return read;
    if (current >= store_schema_version())
        return GU_OK;
    if (current == 0) {
        read = create_fresh(st, err);
        if (!read)
            read = query_int(st, "PRAGMA user_version", &current, err);
        if (read || current >= store_schema_version())
            return read;
    }
    for (size_t i = 0; i < embedded_migration_count; i++) {
        const struct embedded_migration *m = &embedded_migrations[i];
        long long version;
        int status = store_tx_begin(st, err);
        if (!status)
            status = query_int(st, "PRAGMA user_version", &version, err);
        if (!status && version < m->version) {
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
            status = store_exec(st, m->sql, err);
            if (!status)
                status = store_exec(st, pragma, err);
        }
        status = store_tx_end(st, status, err);
        if (status)
            return status;
    }
    return GU_OK;
}

/* What is in the file, read before anything is written to it. */
static int inspect_file(struct store *st, struct gu_error *err)
{
    long long app_id, version, objects;
    int status = query_int(st, "PRAGMA application_id", &app_id, err);
    if (!status)
        status = query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (status)
        return status;
    bool empty = app_id == 0 && version == 0 && objects == 0;
    if (app_id != GUICHET_APPLICATION_ID && !empty)
        return error_set(err, GU_FAILURE,
                         _("%s is not a guichet database: guichet leaves it untouched"),
                         st->path);
    return store_refuse_newer(st->path, version, err);
}

int store_refuse_newer(const char *path, long long version, struct gu_error *err)
{
    if (version <= store_schema_version())
        return GU_OK;
    return error_set(err, GU_FAILURE,
                     _("%s was written by a newer guichet (schema %lld; this one knows up to %d): "
                       "install the newer version"),
                     path, version, store_schema_version());
}

/* guichet_fold(text): the folded form the store keeps in name_fold columns, so that SQL can
 * compare a typed or stored name with the folded ones. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *text = sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    char *folded = text_fold((const char *)text);
    if (!folded) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, folded, -1, free);
}

/* The result of a canonical form (person.h): the new text, else the value as it was (not a name
 * or a phone number: older or foreign data is kept, not lost), NULL for NULL. */
static void sql_result_canonical(sqlite3_context *ctx, sqlite3_value *in, char *canonical,
                                 bool nomem)
{
    if (canonical)
        sqlite3_result_text(ctx, canonical, -1, free);
    else if (nomem)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_value(ctx, in);
}

/* guichet_clean_name(text): person_clean_name's form, for migration 006. */
static void sql_clean_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *clean = NULL;
    struct gu_error err = {0};
    if (text)
        person_clean_name("name", text, 0, &clean, &err);
    sql_result_canonical(ctx, argv[0], clean, err.status == GU_FAILURE);
}

/* guichet_phone(text): person_canonical_phone's form. */
static void sql_phone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *canonical = text ? person_canonical_phone(text) : NULL;
    sql_result_canonical(ctx, argv[0], canonical, text && !canonical);
}

/* guichet_email(text): person_canonical_email's form. */
static void sql_email(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *canonical = text ? person_canonical_email(text) : NULL;
    sql_result_canonical(ctx, argv[0], canonical, text && !canonical);
}

/* A search's sets in SQL, bound as pointers (sqlite3_bind_pointer): guichet_in_set(SET, id)
 * tests a row before it is read, guichet_collect(COLLECT, id) gathers a word's rows inside one
 * statement. Both cost a fraction of a row brought out to C (a quarter at 1,000,000 sessions). */
#define IDSET_POINTER "guichet_idset"
#define COLLECT_POINTER "guichet_collect"

struct idset_collect {
    struct idset *set;
    bool failed; /* a number too large for a set, or memory short */
};

static void sql_in_set(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct idset *set = sqlite3_value_pointer(argv[0], IDSET_POINTER);
    sqlite3_result_int(ctx, set && idset_has(set, sqlite3_value_int64(argv[1])));
}

static void sql_collect_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)ctx;
    (void)argc;
    struct idset_collect *c = sqlite3_value_pointer(argv[0], COLLECT_POINTER);
    if (c && !c->failed && !idset_add(c->set, sqlite3_value_int64(argv[1])))
        c->failed = true;
}

static void sql_collect_final(sqlite3_context *ctx)
{
    sqlite3_result_null(ctx);
}

int store_register_functions(sqlite3 *db)
{
    static const struct {
        const char *name;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } functions[] = {{"guichet_fold", sql_fold},
                     {"guichet_clean_name", sql_clean_name},
                     {"guichet_phone", sql_phone},
                     {"guichet_email", sql_email}};
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < ARRAY_LEN(functions); i++)
        rc = sqlite3_create_function(db, functions[i].name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     NULL, functions[i].fn, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "guichet_in_set", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, sql_in_set, NULL, NULL);
    if (rc == SQLITE_OK) /* never from a file's triggers or views: only guichet's statements */
        rc = sqlite3_create_function(db, "guichet_collect", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                     NULL, NULL, sql_collect_step, sql_collect_final);
    return rc;
}

static int configure(struct store *st, struct gu_error *err)
{
    int rc = store_register_functions(st->db);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    sqlite3_stmt *stmt;
    rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    bool wal = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    if (!wal) {
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_db_error(st, rc, err);
        return error_set(err, GU_FAILURE,
                         _("cannot use write-ahead logging for %s (is it on a network or "
                           "read-only file system?): guichet needs it to keep desks safe"),
                         st->path);
    }
    return store_exec(st,
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
                    "PRAGMA secure_delete = ON",
                    err);
}

/* Whether path followed by suffix names an existing file. */
static bool companion_exists(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    char *name = malloc(n + m + 1);
    if (!name)
        return true; /* the careful answer: SQLite is then left to look */
    memcpy(name, path, n);
    memcpy(name + n, suffix, m + 1);
    struct stat sb;
    bool exists = lstat(name, &sb) == 0;
    free(name);
    return exists;
}

static uint32_t read_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int store_peek_file(const char *path, enum store_file_kind *kind, struct gu_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT) {
            *kind = STORE_FILE_MISSING;
            return GU_OK;
        }
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
    }
    if (!S_ISREG(sb.st_mode)) {
        *kind = STORE_FILE_NOT_REGULAR;
        return GU_OK;
    }
    if (sb.st_size == 0) {
        *kind = STORE_FILE_EMPTY;
        return GU_OK;
    }
    /* The 100-byte header, and page 1's b-tree header just after it (the schema table). */
    unsigned char head[108] = {0};
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
    ssize_t got = pread(fd, head, sizeof head, 0);
    int e = errno;
    close(fd);
    if (got < 0)
        return error_set(err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(e));
    if ((size_t)got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0) {
        *kind = STORE_FILE_NOT_SQLITE;
        return GU_OK;
    }
    uint32_t app_id = read_be32(head + 68);
    if (app_id == GUICHET_APPLICATION_ID)
        *kind = STORE_FILE_OURS;
    else if (app_id != 0)
        *kind = STORE_FILE_FOREIGN;
    else if (companion_exists(path, "-wal"))
        *kind = STORE_FILE_UNSURE; /* a new database's first writes may still be in its log */
    else
        /* No log: the file says it all. A schema table without a row is an empty database. */
        *kind = head[100] == 0x0D && head[103] == 0 && head[104] == 0 ? STORE_FILE_EMPTY
                                                                     : STORE_FILE_FOREIGN;
    return GU_OK;
}

int store_refuse_file(const char *path, enum store_file_kind kind, bool replacing,
                      struct gu_error *err)
{
    switch (kind) {
    case STORE_FILE_NOT_REGULAR:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a regular file: guichet does not replace it")
                                   : _("%s is not a regular file: guichet cannot use it as its "
                                       "database"),
                         path);
    case STORE_FILE_NOT_SQLITE:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a database at all (neither guichet's nor any "
                                       "SQLite one): guichet does not replace it")
                                   : _("%s is not a database at all (neither guichet's nor any "
                                       "SQLite one): guichet leaves it untouched"),
                         path);
    case STORE_FILE_FOREIGN:
        return error_set(err, GU_FAILURE,
                         replacing ? _("%s is not a guichet database: guichet does not replace it")
                                   : _("%s is not a guichet database: guichet leaves it untouched"),
                         path);
    default:
        return GU_OK;
    }
}

/* Percent-encodes path into a read-only SQLite URI; immutable when no log or journal lies beside
 * the file, so that reading a closed WAL database creates no -wal or -shm beside it. */
static char *readonly_uri(const char *path)
{
    bool alone = !companion_exists(path, "-wal") && !companion_exists(path, "-journal");
    const char *query = alone ? "?mode=ro&immutable=1" : "?mode=ro";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + strlen(query) + 1), *o = uri;
    if (!uri)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/._-~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    strcpy(o, query);
    return uri;
}

/* GUICHET_TRACE_SQL=FILE (tests/bench.sh): every statement the store runs, appended to FILE with
 * its bound values written in, each ended by ";" and a line break, so that the sqlite3 shell can
 * run the same ones. Statements run by triggers are left out (the shell's would run them too). */
static int trace_statement(unsigned type, void *ctx, void *p, void *x)
{
    FILE *out = ctx;
    if (type != SQLITE_TRACE_STMT || ((const char *)x)[0] == '-' /* "-- TRIGGER name" */)
        return 0;
    char *sql = sqlite3_expanded_sql(p);
    if (sql) {
        fprintf(out, "%s;\n", sql);
        fflush(out);
    }
    sqlite3_free(sql);
    return 0;
}

/* Starts the trace when GUICHET_TRACE_SQL names a file; a file that cannot be opened is no
 * trace (a bench tool, not a feature: the command works the same). */
static void trace_attach(struct store *st)
{
    const char *path = getenv("GUICHET_TRACE_SQL");
    if (!path || !*path || !(st->trace = fopen(path, "a")))
        return;
    sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_statement, st->trace);
}

int store_open_sqlite_readonly(const char *path, sqlite3 **db)
{
    *db = NULL;
    char *uri = readonly_uri(path);
    if (!uri)
        return SQLITE_NOMEM;
    int rc = store_sqlite_open(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    free(uri);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(*db, 1);
        sqlite3_busy_timeout(*db, BUSY_TIMEOUT_MS);
    }
    return rc;
}

int store_open_readonly(const char *path, struct store **out, struct gu_error *err)
{
    *out = NULL;
    enum store_file_kind kind;
    int status = vocab_load(err);
    if (!status)
        status = store_peek_file(path, &kind, err);
    if (status)
        return status;
    if (kind == STORE_FILE_MISSING)
        return error_set(err, GU_FAILURE, _("there is no database at %s"), path);
    if (kind == STORE_FILE_EMPTY)
        return error_set(err, GU_FAILURE, _("%s is empty: it holds no database yet"), path);
    if (store_refuse_file(path, kind, false, err))
        return GU_FAILURE;
    struct store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return error_nomem(err);
    }
    int rc = store_open_sqlite_readonly(path, &st->db);
    if (rc != SQLITE_OK)
        status = store_db_error(st, rc, err);
    else
        trace_attach(st);
    long long version = 0, objects = 0;
    if (!status)
        status = inspect_file(st, err);
    if (!status)
        status = query_int(st, "PRAGMA user_version", &version, err);
    if (!status)
        status = query_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (!status && !objects)
        status = error_set(err, GU_FAILURE, _("%s is empty: it holds no database yet"), path);
    /* The codes are checked against this program's vocabulary: a temporary table stands in
     * front of the file's own, which only a writing open brings up to date. Temporary data goes
     * to a temporary file (unlinked, away from the database), not memory: check's recounts
     * sort and compare hundreds of thousands of rows at a network's size (the sessions' facts,
     * the largest, are summed by store_recount_session_tally instead of sorted). */
    if (!status)
        status = store_exec(st, "PRAGMA temp_store = FILE; CREATE TEMP TABLE vocab "
                                "(kind TEXT, code TEXT, label TEXT, position INTEGER)",
                            err);
    if (!status)
        status = insert_vocabulary(st, version < store_schema_version(), err);
    if (status) {
        store_close(st);
        return status;
    }
    *out = st;
    return GU_OK;
}

int store_open(const char *path, struct store **out, struct gu_error *err)
{
    *out = NULL;
    int status = vocab_load(err);
    if (status)
        return status;
    /* Read before SQLite opens it: a text file would be taken for a damaged database, and
     * another program's WAL database would get files created beside it. */
    enum store_file_kind kind;
    if (store_peek_file(path, &kind, err) || store_refuse_file(path, kind, false, err))
        return GU_FAILURE;
    struct store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return error_nomem(err);
    }
    if (kind == STORE_FILE_MISSING)
        status = store_make_parent_dirs(path, err);
    if (!status)
        status = store_create_private_file(path, err);
    if (!status) {
        int rc = store_sqlite_open(path, &st->db, SQLITE_OPEN_READWRITE);
        if (rc != SQLITE_OK)
            status = store_db_error(st, rc, err);
    }
    if (!status) {
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
        trace_attach(st);
        if (sqlite3_db_readonly(st->db, "main") == 1)
            status = store_db_error(st, SQLITE_READONLY, err);
        struct stat sb;
        if (stat(path, &sb) == 0) {
            st->dev = sb.st_dev;
            st->ino = sb.st_ino;
        }
    }
    if (!status)
        status = inspect_file(st, err);
    if (!status)
        status = configure(st, err);
    if (!status)
        status = migrate(st, err);
    if (!status)
        status = sync_vocabulary(st, err);
    if (!status)
        status = load_defaults(st, err);
    /* An erasure another desk's reading held back is finished as soon as it can be. */
    if (!status)
        status = store_finish_erasures(st, 0, NULL, NULL, NULL, err);
    if (status) {
        store_close(st);
        return status;
    }
    *out = st;
    return GU_OK;
}

bool store_file_replaced(const struct store *st)
{
    struct stat sb;
    return stat(st->path, &sb) == 0 && (sb.st_dev != st->dev || sb.st_ino != st->ino);
}

void store_close(struct store *st)
{
    if (!st)
        return;
    word_sets_forget(st);
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    for (int i = 0; i < TALLY_COUNT; i++)
        sqlite3_finalize(st->tally[i]);
    sqlite3_close(st->db);
    if (st->trace)
        fclose(st->trace);
    free(st->path);
    free(st);
}

/* Binds text, or NULL for a missing value. */
static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

static void bind_code(sqlite3_stmt *stmt, int index, enum vocab_kind kind, int value)
{
    bind_text_or_null(stmt, index, value == VOCAB_NONE ? NULL : vocab_code(kind, value));
}

/* The id of the site or operator called name (matched folded), created when missing. */
/* The id of the row whose folded name is fold, through the find statement; 0 when none. */
static int find_named(struct store *st, enum stmt_id find, const char *fold, int64_t *id,
                      struct gu_error *err)
{
    *id = 0;
    sqlite3_stmt *q = stmt_get(st, find, err);
    if (!q)
        return GU_FAILURE;
    sqlite3_bind_text(q, 1, fold, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0);
    return stmt_finish(st, q, GU_OK, rc, err);
}

static int find_or_add_named(struct store *st, enum stmt_id find, enum stmt_id add,
                             const char *name, const char *now, int64_t *id, struct gu_error *err)
{
    /* A site's or an operator's name is kept as a person's is: without the zero-width spaces
     * and soft hyphens a paste brings, which would show, print and export as they are. */
    char *clean = NULL;
    struct gu_error why = {0};
    int status = person_clean_name("name", name, 0, &clean, &why);
    /* A name read back from the database (a workshop's facilitator, when it is edited) is
     * found as it is, even where it is not text guichet would accept today. */
    if (status == GU_INVALID && !(clean = strdup(name)))
        return error_nomem(err);
    if (status && status != GU_INVALID)
        return error_nomem(err);
    char *fold = text_fold(clean);
    if (!fold) {
        free(clean);
        return error_nomem(err);
    }
    status = find_named(st, find, fold, id, err);
    if (!status && !*id) {
        sqlite3_stmt *ins = stmt_get(st, add, err);
        status = ins ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_text(ins, 1, clean, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, fold, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, now, -1, SQLITE_STATIC);
            status = stmt_run(st, ins, err);
            *id = sqlite3_last_insert_rowid(st->db);
        }
    }
    free(fold);
    free(clean);
    return status;
}

static int find_by_name(struct store *st, enum stmt_id find, const char *name, int64_t *id,
                        struct gu_error *err)
{
    char *fold = text_fold(name);
    int status = fold ? find_named(st, find, fold, id, err) : error_nomem(err);
    free(fold);
    return status;
}

int store_find_site(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    return find_by_name(st, STMT_SITE_FIND, name, id, err);
}

int store_find_operator(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    return find_by_name(st, STMT_OPERATOR_FIND, name, id, err);
}

/* Inserts one row per member of set into a (session_id, code) table. */
static int add_set(struct store *st, enum stmt_id id, enum vocab_kind kind, int64_t session_id,
                   vocab_set set, struct gu_error *err)
{
    for (int i = 0; set; i++, set >>= 1) {
        if (!(set & 1))
            continue;
        sqlite3_stmt *stmt = stmt_get(st, id, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, session_id);
        sqlite3_bind_text(stmt, 2, vocab_code(kind, i), -1, SQLITE_STATIC);
        int status = stmt_run(st, stmt, err);
        if (status)
            return status;
    }
    return GU_OK;
}

int store_add_audit(struct store *st, const char *now, int64_t operator_id, const char *action,
                     const char *entity, int64_t entity_id, const char *detail,
                     struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_AUDIT_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
    if (operator_id)
        sqlite3_bind_int64(stmt, 2, operator_id);
    sqlite3_bind_text(stmt, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, entity, -1, SQLITE_STATIC);
    if (entity_id)
        sqlite3_bind_int64(stmt, 5, entity_id);
    bind_text_or_null(stmt, 6, detail);
    return stmt_run(st, stmt, err);
}

/* Remembers the last names resolved, since bulk loads repeat a handful of names (a network's
 * sites and their operators): a name seen is not folded and looked up again. The names are the
 * caller's, borrowed for the length of one call. */
#define NAME_CACHE_SIZE 16
struct name_cache {
    const char *name[NAME_CACHE_SIZE];
    int64_t id[NAME_CACHE_SIZE];
    unsigned next; /* the slot replaced next, round robin */
};

static int resolve_name(struct store *st, struct name_cache *cache, enum stmt_id find,
                        enum stmt_id add, const char *name, const char *now, int64_t *id,
                        struct gu_error *err)
{
    *id = 0;
    if (!name)
        return GU_OK;
    for (int i = 0; i < NAME_CACHE_SIZE && cache->name[i]; i++)
        if (!strcmp(cache->name[i], name)) {
            *id = cache->id[i];
            return GU_OK;
        }
    int status = find_or_add_named(st, find, add, name, now, id, err);
    if (!status) {
        unsigned slot = cache->next++ % NAME_CACHE_SIZE;
        cache->name[slot] = name;
        cache->id[slot] = *id;
    }
    return status;
}

/* "already helped" as stored: NULL not given, 0 no, 1 yes. */
static enum already_helped helped_from_column(sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
        return HELPED_NOT_GIVEN;
    return sqlite3_column_int(stmt, col) ? HELPED_YES : HELPED_NO;
}

static void bind_helped(sqlite3_stmt *stmt, int index, enum already_helped h)
{
    if (h == HELPED_NOT_GIVEN)
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_int(stmt, index, h == HELPED_YES);
}

/* Writes the commune of residence and "already helped" of session id. */
static int set_session_residence(struct store *st, int64_t id, const struct help_session *s,
                                 struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_SESSION_RESIDENCE_SET, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    bind_text_or_null(stmt, 2, s->residence.postal_code);
    bind_text_or_null(stmt, 3, s->residence.name);
    bind_text_or_null(stmt, 4, s->residence.insee);
    bind_helped(stmt, 5, s->already_helped);
    return stmt_run(st, stmt, err);
}

/* Binds ?1-?14 of STMT_SESSION_ADD and STMT_SESSION_UPDATE, which share their numbering. at
 * must outlive the statement's next step. */
static void bind_session(sqlite3_stmt *stmt, const struct help_session *s, const char *at,
                         int64_t site_id, int64_t operator_id, const char *now)
{
    sqlite3_bind_text(stmt, 1, at, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, s->duration_min);
    bind_code(stmt, 3, VOCAB_PLACE, s->place);
    if (site_id)
        sqlite3_bind_int64(stmt, 4, site_id);
    if (operator_id)
        sqlite3_bind_int64(stmt, 5, operator_id);
    bind_code(stmt, 6, VOCAB_AUTONOMY, s->autonomy);
    bind_code(stmt, 7, VOCAB_AGE, s->age);
    bind_code(stmt, 8, VOCAB_STATUS, s->status);
    bind_code(stmt, 9, VOCAB_GENDER, s->gender);
    sqlite3_bind_int(stmt, 10, s->oriented);
    bind_code(stmt, 11, VOCAB_ORIENTATION, s->orientation);
    bind_text_or_null(stmt, 12, s->procedure);
    bind_text_or_null(stmt, 13, s->note);
    sqlite3_bind_text(stmt, 14, now, -1, SQLITE_STATIC);
}

/* Writes the themes, démarches and devices of session id (after any old ones were removed). */
static int add_session_sets(struct store *st, int64_t id, const struct help_session *s,
                            struct gu_error *err)
{
    int status = add_set(st, STMT_SESSION_THEME_ADD, VOCAB_THEME, id, s->themes, err);
    if (!status)
        status = add_set(st, STMT_SESSION_DEMARCHE_ADD, VOCAB_DEMARCHE, id, s->demarches, err);
    if (!status)
        status = add_set(st, STMT_SESSION_MATERIAL_ADD, VOCAB_MATERIAL, id, s->materials, err);
    return status;
}

/* The theme, démarche or device rows of sessions written in bulk, waiting to be inserted
 * SET_ROWS at a time. */
struct set_rows {
    enum stmt_id one, many; /* the statements adding one row and SET_ROWS rows */
    enum vocab_kind kind;
    int64_t session[SET_ROWS];
    const char *code[SET_ROWS]; /* static: vocab_code's */
    size_t n;
};

/* Inserts the rows waiting in r: SET_ROWS by one statement, fewer one by one. */
static int set_rows_flush(struct store *st, struct set_rows *r, struct gu_error *err)
{
    int status = GU_OK;
    if (r->n == SET_ROWS) {
        sqlite3_stmt *stmt = stmt_get(st, r->many, err);
        if (!stmt)
            return GU_FAILURE;
        for (size_t i = 0; i < r->n; i++) {
            sqlite3_bind_int64(stmt, (int)(2 * i + 1), r->session[i]);
            sqlite3_bind_text(stmt, (int)(2 * i + 2), r->code[i], -1, SQLITE_STATIC);
        }
        status = stmt_run(st, stmt, err);
    } else
        for (size_t i = 0; !status && i < r->n; i++) {
            sqlite3_stmt *stmt = stmt_get(st, r->one, err);
            if (!stmt)
                return GU_FAILURE;
            sqlite3_bind_int64(stmt, 1, r->session[i]);
            sqlite3_bind_text(stmt, 2, r->code[i], -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
        }
    r->n = 0;
    return status;
}

/* Queues the members of set, of session id, flushing whenever SET_ROWS wait. */
static int set_rows_add(struct store *st, struct set_rows *r, int64_t id, vocab_set set,
                        struct gu_error *err)
{
    int status = GU_OK;
    for (int i = 0; set && !status; i++, set >>= 1) {
        if (!(set & 1))
            continue;
        r->session[r->n] = id;
        r->code[r->n++] = vocab_code(r->kind, i);
        if (r->n == SET_ROWS)
            status = set_rows_flush(st, r, err);
    }
    return status;
}

/* The ids of a site and an operator named by the caller (0 when a name is NULL), created when
 * missing; the caches remember the last names across a batch. */
static int resolve_site_and_operator(struct store *st, struct name_cache *sites,
                                     struct name_cache *operators, const char *site_name,
                                     const char *operator_name, const char *now, int64_t *site_id,
                                     int64_t *operator_id, struct gu_error *err)
{
    int status = resolve_name(st, sites, STMT_SITE_FIND, STMT_SITE_ADD, site_name, now, site_id,
                              err);
    if (!status)
        status = resolve_name(st, operators, STMT_OPERATOR_FIND, STMT_OPERATOR_ADD,
                              operator_name, now, operator_id, err);
    return status;
}

/* *id: the number to give, or 0 for the next free one (found so: a batch's first). */
static int insert_session(struct store *st, const struct help_session *s, int64_t site_id,
                          int64_t operator_id, const char *now, int64_t *id,
                          struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_SESSION_ADD, err);
    if (!stmt)
        return GU_FAILURE;
    char at[DATETIME_TEXT_SIZE];
    datetime_format(&s->at, at);
    bind_session(stmt, s, at, site_id, operator_id, now);
    bind_text_or_null(stmt, 15, s->residence.postal_code);
    bind_text_or_null(stmt, 16, s->residence.name);
    bind_text_or_null(stmt, 17, s->residence.insee);
    bind_helped(stmt, 18, s->already_helped);
    if (*id)
        sqlite3_bind_int64(stmt, 19, *id);
    int status = stmt_run(st, stmt, err);
    if (status)
        return status;
    *id = sqlite3_last_insert_rowid(st->db);
    return GU_OK;
}

/* Turns this connection's triggers off (on = false) or back on. SQLite then re-prepares the
 * statements, which compiled the triggers in. */
static int set_triggers(struct store *st, bool on, struct gu_error *err)
{
    int rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, (int *)NULL);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
}

/* Adds the sums of t (per day, or per month when month) to session_tally or
 * session_tally_month, one upsert per key, with the triggers off. */
static int write_tally(struct store *st, const struct tally *t, bool month,
                       struct gu_error *err)
{
    int status = GU_OK;
    for (size_t i = 0; !status && i < t->n; i++) {
        const struct tally_entry *e = &t->entries[i];
        sqlite3_stmt *stmt = stmt_get(st, month ? STMT_TALLY_MONTH_ADD : STMT_TALLY_DAY_ADD, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_text(stmt, 1, e->dim, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, e->period, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, e->site_id);
        sqlite3_bind_int64(stmt, 4, e->operator_id);
        sqlite3_bind_text(stmt, 5, e->code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 6, e->sessions);
        sqlite3_bind_int64(stmt, 7, e->minutes);
        status = stmt_run(st, stmt, err);
    }
    return status;
}

/* Adds the sessions first_id to last_id just inserted, summed in *days (sorted here), to the
 * per-day and per-month tallies, raises the highest number given to last_id and indexes their
 * texts, as the triggers of migrations 004, 008, 015 and 016 would have: one row per key
 * instead of a dozen writes per session. */
static int tally_added_sessions(struct store *st, struct tally *days, int64_t first_id,
                                int64_t last_id,
                                struct gu_error *err)
{
    struct tally months;
    tally_init(&months, 7);
    int status = GU_OK;
    for (size_t i = 0; !status && i < days->n; i++)
        status = tally_add_entry(&months, &days->entries[i], err);
    tally_sort(days);
    tally_sort(&months);
    if (!status)
        status = write_tally(st, days, false, err);
    if (!status)
        status = write_tally(st, &months, true, err);
    tally_free(&months);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_NUMBER_RAISE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, last_id);
        status = stmt_run(st, stmt, err);
    }
    /* And migration 016's search index, as its triggers would have. */
    for (enum stmt_id id = STMT_SEARCH_INDEX_ADD; !status && id <= STMT_SEARCH_ODD_ADD; id++) {
        if (!(stmt = stmt_get(st, id, err)))
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, first_id);
        sqlite3_bind_int64(stmt, 2, last_id);
        status = stmt_run(st, stmt, err);
    }
    return status;
}

/* The sessions are written with this connection's triggers off, and their counts summed in
 * memory (src/tally.h) and added once per key at the end: the row-by-row triggers cost a dozen
 * tally writes per session, and a grouped statement over session_facts spent most of its time
 * sorting. Only this function's statements run while the triggers are off; they are back on
 * before it returns, whatever happened. Nobody else writes in between (one transaction), so the
 * batch's numbers are consecutive. */
int store_add_sessions(struct store *st, const struct help_session *sessions, size_t n,
                       int64_t *ids, struct gu_error *err)
{
    if (n == 0)
        return GU_OK;
    char now[21];
    clock_now_utc_text(now);
    struct name_cache sites = {0}, operators = {0};
    struct tally days;
    tally_init(&days, 10);
    struct set_rows sets[] = {
        {.one = STMT_SESSION_THEME_ADD, .many = STMT_SESSION_THEME_ADD_MANY, .kind = VOCAB_THEME},
        {.one = STMT_SESSION_DEMARCHE_ADD, .many = STMT_SESSION_DEMARCHE_ADD_MANY,
         .kind = VOCAB_DEMARCHE},
        {.one = STMT_SESSION_MATERIAL_ADD, .many = STMT_SESSION_MATERIAL_ADD_MANY,
         .kind = VOCAB_MATERIAL}};
    int64_t first_id = 0, last_id = 0, operator_id = 0;
    int status = store_tx_begin(st, err);
    bool off = !status && !(status = set_triggers(st, false, err));
    for (size_t i = 0; !status && i < n; i++) {
        /* After the first, the next numbers: nobody else writes in the transaction, and the
         * first was above every number ever given. */
        int64_t site_id, id = i ? last_id + 1 : 0;
        status = resolve_site_and_operator(st, &sites, &operators, sessions[i].site_name,
                                           sessions[i].operator_name, now, &site_id,
                                           &operator_id, err);
        if (!status)
            status = insert_session(st, &sessions[i], site_id, operator_id, now, &id, err);
        if (!status)
            status = set_rows_add(st, &sets[0], id, sessions[i].themes, err);
        if (!status)
            status = set_rows_add(st, &sets[1], id, sessions[i].demarches, err);
        if (!status)
            status = set_rows_add(st, &sets[2], id, sessions[i].materials, err);
        if (!status)
            status = tally_add_session(&days, &sessions[i], site_id, operator_id, err);
        if (!status && ids)
            ids[i] = id;
        if (!status && i == 0)
            first_id = id;
        if (!status)
            last_id = id;
    }
    for (size_t k = 0; !status && k < ARRAY_LEN(sets); k++)
        status = set_rows_flush(st, &sets[k], err);
    if (!status && last_id - first_id != (int64_t)n - 1)
        status = error_set(err, GU_FAILURE, _("database error on %s: %s"), st->path,
                           "session numbers not consecutive");
    if (!status)
        status = tally_added_sessions(st, &days, first_id, last_id, err);
    tally_free(&days);
    if (!status) {
        char detail[32];
        snprintf(detail, sizeof detail, "%zu", n);
        status = store_add_audit(st, now, n == 1 ? operator_id : 0, "create", "help_session", first_id,
                           n == 1 ? NULL : detail, err);
    }
    if (off) {
        struct gu_error ignored;
        int back = set_triggers(st, true, status ? &ignored : err);
        status = status ? status : back;
    }
    return store_tx_end(st, status, err);
}

/* Turns "code,code" from group_concat into a set; unknown codes (from a newer vocabulary) are
 * skipped here and reported by store_check. */
static vocab_set parse_codes(enum vocab_kind kind, const unsigned char *list)
{
    vocab_set set = 0;
    if (!list)
        return 0;
    char buf[128];
    for (const char *p = (const char *)list; *p;) {
        size_t n = strcspn(p, ",");
        if (n < sizeof buf) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            int i = vocab_find(kind, buf);
            if (i != VOCAB_NONE)
                set |= (vocab_set)1 << i;
        }
        p += n + (p[n] == ',');
    }
    return set;
}

static int column_code(sqlite3_stmt *stmt, int col, enum vocab_kind kind)
{
    const unsigned char *code = sqlite3_column_text(stmt, col);
    return code ? vocab_find(kind, (const char *)code) : VOCAB_NONE;
}

/* Text columns are borrowed: valid until the next step. */
static char *column_borrow(sqlite3_stmt *stmt, int col)
{
    return (char *)sqlite3_column_text(stmt, col);
}

/* Fills s from a row of SESSION_COLUMNS; its strings are borrowed from the statement. */
static void read_session_row(sqlite3_stmt *stmt, struct help_session *s)
{
    /* Every field is read below: session_init's reading of the clock cost as much as the row
     * (searches read thousands). */
    *s = (struct help_session){0};
    s->id = sqlite3_column_int64(stmt, 0);
    datetime_parse((const char *)sqlite3_column_text(stmt, 1), &s->at);
    s->duration_min = sqlite3_column_int(stmt, 2);
    s->place = column_code(stmt, 3, VOCAB_PLACE);
    s->autonomy = column_code(stmt, 4, VOCAB_AUTONOMY);
    s->age = column_code(stmt, 5, VOCAB_AGE);
    s->status = column_code(stmt, 6, VOCAB_STATUS);
    s->gender = column_code(stmt, 7, VOCAB_GENDER);
    s->oriented = sqlite3_column_int(stmt, 8) != 0;
    s->orientation = column_code(stmt, 9, VOCAB_ORIENTATION);
    s->procedure = column_borrow(stmt, 10);
    s->note = column_borrow(stmt, 11);
    s->operator_name = column_borrow(stmt, 12);
    s->site_name = column_borrow(stmt, 13);
    s->themes = parse_codes(VOCAB_THEME, sqlite3_column_text(stmt, 14));
    s->demarches = parse_codes(VOCAB_DEMARCHE, sqlite3_column_text(stmt, 15));
    s->materials = parse_codes(VOCAB_MATERIAL, sqlite3_column_text(stmt, 16));
    s->deleted = sqlite3_column_int(stmt, 17) != 0;
    s->residence = (struct residence){column_borrow(stmt, 18), column_borrow(stmt, 19),
                                      column_borrow(stmt, 20)};
    s->already_helped = helped_from_column(stmt, 21);
}

/* The day after a "YYYY-MM-DD" date, for exclusive upper bounds. */
static void next_day(const char *date, char out[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    date_from_days(date_to_days(y, m, d) + 1, &y, &m, &d);
    date_format(y, m, d, out);
}

/* Binds ?1, ?2, ?4 and ?5 of STMT_SESSIONS_* (period, theme, deleted or not), and for paging
 * ?6 and ?7. The period's bounds are narrowed to the page's start, so that the index on
 * started_at reaches it at once rather than by skipping the pages before; the row value
 * comparison then orders the sessions of that same minute. */
static void bind_session_filter(sqlite3_stmt *stmt, const struct session_filter *filter)
{
    char until[DATETIME_TEXT_SIZE + 1] = "9999-99-99";
    const char *from = filter->from ? filter->from : "0000";
    if (filter->to)
        next_day(filter->to, until);
    if (filter->after_at && filter->newest_first) {
        /* Up to and including that minute: stored times all have its 16 characters (a CHECK
         * of migration 001), so "<= at" is "< at followed by a space". */
        char through[DATETIME_TEXT_SIZE + 1];
        snprintf(through, sizeof through, "%.16s ", filter->after_at);
        if (strcmp(through, until) < 0)
            memcpy(until, through, sizeof through);
    } else if (filter->after_at && strcmp(filter->after_at, from) > 0)
        from = filter->after_at;
    sqlite3_bind_text(stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, until, -1, SQLITE_TRANSIENT);
    bind_text_or_null(stmt, 4, filter->theme);
    sqlite3_bind_int(stmt, 5, filter->deleted);
    /* Without a starting point, one before the first session or after the last. */
    if (filter->after_at) {
        sqlite3_bind_text(stmt, 6, filter->after_at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 7, filter->after_id);
    } else {
        sqlite3_bind_text(stmt, 6, filter->newest_first ? "9999" : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 7, 0);
    }
}

int store_recent_residences(struct store *st, int64_t site_id, int max, store_residence_fn fn,
                            void *ctx, struct gu_error *err)
{
    sqlite3_stmt *stmt =
        stmt_get(st, site_id ? STMT_RECENT_RESIDENCES : STMT_RECENT_RESIDENCES_ANY, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, site_id);
    sqlite3_bind_int(stmt, 2, max);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct residence r = {column_borrow(stmt, 0), column_borrow(stmt, 1),
                              column_borrow(stmt, 2)};
        status = fn(&r, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

static int stmt_int(struct store *st, sqlite3_stmt *stmt, long long *out, struct gu_error *err);

/* The listing in order, every session of it passed to fn. */
static int list_in_order(struct store *st, const struct session_filter *filter,
                         store_session_fn fn, void *ctx, struct gu_error *err)
{
    enum stmt_id id = filter->deleted ? (filter->newest_first ? STMT_DELETED_SESSIONS_NEWEST_FIRST
                                                              : STMT_DELETED_SESSIONS_OLDEST_FIRST)
                                      : (filter->newest_first ? STMT_SESSIONS_NEWEST_FIRST
                                                              : STMT_SESSIONS_OLDEST_FIRST);
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    bind_session_filter(stmt, filter);
    sqlite3_bind_int64(stmt, 3, filter->limit > 0 ? filter->limit : -1);

    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct help_session s;
        read_session_row(stmt, &s);
        status = fn(&s, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

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

static long sort_max(const struct store *st)
{
    return st->search_sort_max ? st->search_sort_max : SEARCH_SORT_MAX;
}

static long set_max(const struct store *st)
{
    return st->search_set_max ? st->search_set_max : SEARCH_SET_MAX;
}

/* The words a term can be found by, as simple terms into *reach: the term itself, or for a
 * term of pieces ("e-mail") its joined form and its longest piece, one of which every record
 * the term matches has (text_search_term_found): the indexes look up a superset, which
 * session_matches and partner_matches then decide. Release with text_search_free. */
static int reach_words(const char *term, struct text_search *reach)
{
    if (!strpbrk(term, "-'"))
        return text_search_compile_folded(reach, term);
    struct strbuf b = STRBUF_INIT;
    const char *longest = term;
    size_t longest_len = 0;
    for (const char *p = term; *p;) {
        size_t piece = strcspn(p, "-'");
        if (piece > longest_len) {
            longest = p;
            longest_len = piece;
        }
        for (size_t i = 0; i < piece; i++)
            strbuf_putc(&b, p[i]);
        p += piece + (p[piece] != '\0');
    }
    strbuf_printf(&b, " %.*s", (int)longest_len, longest);
    char *words = strbuf_finish(&b);
    if (!words) {
        *reach = (struct text_search){0};
        return GU_FAILURE;
    }
    int status = text_search_compile_folded(reach, words);
    free(words);
    return status;
}

/* Whether a folded label or name has a word starting with one of the words of reach. */
static bool reach_found(const struct text_search *reach, const char *folded)
{
    for (size_t i = 0; i < reach->n; i++)
        if (text_search_term_found(reach, i, &folded, 1))
            return true;
    return false;
}

/* The FTS5 query for the records whose indexed texts have a word starting with one of the
 * words of reach (reach_words), as a new string; NULL when the index cannot answer for them
 * (characters other than a-z and 0-9: the tokenizer and text_fold agree on those only) or
 * memory is short. With exact, the words themselves rather than prefixes. œ and æ are indexed
 * as such but folded to "oe" and "ae": each "oe" or "ae" of a word, and an "o" or "a" that ends
 * it, is asked both ways. */
static char *search_match_query(const struct text_search *reach, bool exact)
{
    struct strbuf b = STRBUF_INIT;
    for (size_t r = 0; r < reach->n; r++) {
        const char *word = reach->words[r];
        size_t len = strlen(word), points[SEARCH_VARIANTS_MAX], n = 0;
        for (size_t i = 0; i < len; i++) {
            char c = word[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                strbuf_release(&b);
                return NULL;
            }
            if ((c == 'o' || c == 'a') && (i + 1 == len || word[i + 1] == 'e')) {
                if (n == SEARCH_VARIANTS_MAX) {
                    strbuf_release(&b);
                    return NULL;
                }
                points[n++] = i;
            }
        }
        for (unsigned v = 0; v < 1u << n; v++) {
            strbuf_puts(&b, v || r ? " OR \"" : "\"");
            size_t next = 0;
            for (size_t i = 0; i < len; i++) {
                bool here = next < n && points[next] == i;
                if (here && (v >> next++ & 1)) {
                    strbuf_puts(&b, word[i] == 'o' ? "\xC5\x93" : "\xC3\xA6"); /* œ, æ */
                    i += i + 1 < len; /* the "e" is in the ligature */
                } else
                    strbuf_putc(&b, word[i]);
            }
            strbuf_puts(&b, exact ? "\"" : "\"*");
        }
    }
    return strbuf_finish(&b);
}

/* Every operator's and site's name, folded (owned), for matching them word by word. */
struct search_name {
    int kind; /* 0: operator, 1: site */
    int64_t id;
    char *folded;
};

static void names_free(struct search_name *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i].folded);
    free(names);
}

static int search_read_names(struct store *st, struct search_name **out, size_t *n,
                             struct gu_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *stmt = stmt_get(st, STMT_SEARCH_NAMES, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 2);
        if (!name)
            continue;
        if (!array_reserve(out, &cap, *n, sizeof **out, 64)) {
            status = error_nomem(err);
            break;
        }
        char *folded = text_fold(name);
        if (!folded) { /* not UTF-8 (a file written elsewhere): session_matches skips it too */
            continue;
        }
        (*out)[(*n)++] = (struct search_name){sqlite3_column_int(stmt, 0),
                                              sqlite3_column_int64(stmt, 1), folded};
    }
    status = stmt_finish(st, stmt, status, rc, err);
    if (status) {
        names_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

static void word_set_clear(struct word_set *ws)
{
    free(ws->word);
    idset_free(&ws->ids);
    *ws = (struct word_set){0};
}

static void word_sets_forget(struct store *st)
{
    for (size_t i = 0; i < WORD_SETS_MAX; i++)
        word_set_clear(&st->word_sets[i]);
    st->word_sets_next = 0;
    free(st->partner_ordered);
    free(st->partner_rank);
    st->partner_ordered = NULL;
    st->partner_rank = NULL;
    st->partner_nordered = st->partner_rank_size = 0;
    st->partner_order_kept = false;
}

/* Forgets the words' sets when what they were read from may have changed: the language (the
 * labels), the data (any desk) or this connection's writes. */
static void word_sets_check(struct store *st)
{
    long long version = store_data_version(st);
    sqlite3_int64 changes = sqlite3_total_changes64(st->db);
    if (st->words_generation == i18n_generation() && st->words_version == version &&
        st->words_changes == changes)
        return;
    word_sets_forget(st);
    st->words_generation = i18n_generation();
    st->words_version = version;
    st->words_changes = changes;
}

static struct word_set *word_set_find(struct store *st, enum word_domain domain, const char *word)
{
    for (size_t i = 0; i < WORD_SETS_MAX; i++) {
        struct word_set *ws = &st->word_sets[i];
        if (ws->word && ws->domain == domain && !strcmp(ws->word, word))
            return ws;
    }
    return NULL;
}

/* An entry for word, emptied: its own, or the oldest one; NULL when memory is short. */
static struct word_set *word_set_take(struct store *st, enum word_domain domain, const char *word)
{
    struct word_set *ws = word_set_find(st, domain, word);
    if (ws) {
        idset_free(&ws->ids);
        ws->over = 0;
        ws->unindexed = false;
        return ws;
    }
    char *copy = strdup(word);
    if (!copy)
        return NULL;
    ws = &st->word_sets[st->word_sets_next];
    st->word_sets_next = (st->word_sets_next + 1) % WORD_SETS_MAX;
    word_set_clear(ws);
    *ws = (struct word_set){.domain = domain, .word = copy};
    return ws;
}

/* Runs stmt (bound but for its collect at index at, limited to cap + 1 rows, or not when cap
 * is -1), which gathers a word's rows into ws: all of them, or ws->over = cap when there are
 * more. A number too
 * large for a set, or memory short, leaves the word without a set (unindexed): the search then
 * reads on in order and finds the same. */
static int word_set_read(struct store *st, sqlite3_stmt *stmt, int at, long long cap,
                         struct word_set *ws, struct gu_error *err)
{
    struct idset_collect collect = {.set = &ws->ids};
    sqlite3_bind_pointer(stmt, at, &collect, COLLECT_POINTER, NULL);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && cap >= 0 && sqlite3_column_int64(stmt, 0) > cap)
        ws->over = cap;
    ws->unindexed = collect.failed;
    if (ws->over || ws->unindexed)
        idset_free(&ws->ids);
    return stmt_finish(st, stmt, GU_OK, rc, err);
}

/* Reads (or finds kept) the set of what word (folded) can reach, its texts' part up to cap
 * rows, each label's up to label_cap (-1: all; 0: only the labels kept); *out is borrowed
 * (valid until the next search of st), NULL when the word reaches more rows, a label is not
 * read, or the index cannot answer for the word. With kept_only, a word not kept is not read.
 * ctx is the domain's (session_word_set, partner_word_set). */
typedef int (*word_set_fn)(struct store *st, const char *word, void *ctx, long long cap,
                           long long label_cap, bool kept_only, const struct idset **out,
                           struct gu_error *err);

/* Characters in a word (UTF-8). */
static size_t word_chars(const char *word)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* A word typed on from a kept one reaches no more than it: the set of "sai" holds every row
 * "saint" can match. The longest kept prefix of word of SEARCH_PREFIX_KEPT characters or more
 * with a set is taken for it, rather than reading the index again (a prefix without an index of
 * its own costs the index's merging of all its words: 0.1 G instructions for "sain" at 100,000
 * places). Words with hyphens or apostrophes are looked up by their pieces: never so taken. */
#define SEARCH_PREFIX_KEPT 3

static const struct idset *word_set_of_prefix(struct store *st, enum word_domain domain,
                                              const char *word)
{
    if (strpbrk(word, "-'"))
        return NULL;
    size_t len = strlen(word);
    char *prefix = strdup(word);
    const struct idset *found = NULL;
    for (size_t n = len; prefix && !found && n-- > 0;) {
        if ((word[n] & 0xC0) == 0x80 || n == 0)
            continue; /* inside a character, or nothing */
        prefix[n] = '\0';
        if (word_chars(prefix) < SEARCH_PREFIX_KEPT)
            break;
        struct word_set *ws = word_set_find(st, domain, prefix);
        if (ws && !ws->unindexed && !ws->over)
            found = &ws->ids;
    }
    free(prefix);
    return found;
}

/* The entry of word when it answers without reading: *out set (its own, or a kept prefix's),
 * or NULL (no set within cap); false when the word must be read. */
static bool word_set_kept(struct store *st, enum word_domain domain, const char *word,
                          long long cap, bool kept_only, const struct idset **out)
{
    struct word_set *ws = word_set_find(st, domain, word);
    *out = ws && !ws->unindexed && !ws->over ? &ws->ids : NULL;
    if (!ws && !*out)
        *out = word_set_of_prefix(st, domain, word);
    return *out || kept_only || (ws && (ws->unindexed || ws->over >= cap));
}

/* The operators' and sites' names, read once for a search's new words. */
struct search_names {
    struct search_name *names;
    size_t n;
    bool read;
};

/* The set of the sessions (or partners) of one label or name, kept as a word's (key: its kind
 * and code, "t:email"): read from stmt's index (bound at 1 to what, its collect at 2). *out is
 * borrowed until the next set is read, NULL when a number is too large for a set. */
static int label_set_of(struct store *st, enum word_domain domain, enum stmt_id id,
                        const char *key, const char *code, int64_t number, long long cap,
                        const struct idset **out, struct gu_error *err)
{
    struct word_set *ws = word_set_find(st, domain, key);
    *out = ws && !ws->unindexed && !ws->over ? &ws->ids : NULL;
    if (*out || cap == 0 || (ws && (ws->unindexed || (cap > 0 && ws->over >= cap))))
        return GU_OK;
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    if (!(ws = word_set_take(st, domain, key)))
        return error_nomem(err);
    if (code)
        sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(stmt, 1, number);
    int status = word_set_read(st, stmt, 2, cap, ws, err);
    if (status)
        word_set_clear(ws);
    else if (!ws->unindexed && !ws->over)
        *out = &ws->ids;
    return status;
}

/* Adds to *into the set of a label (label_set_of, up to cap); *lost when it has none. */
static int label_set_add(struct store *st, enum word_domain domain, enum stmt_id id, char kind,
                         const char *code, int64_t number, long long cap, struct idset *into,
                         bool *lost, struct gu_error *err)
{
    char key[48];
    if (code)
        snprintf(key, sizeof key, "%c:%s", kind, code); /* vocabulary codes are short */
    else
        snprintf(key, sizeof key, "%c:%lld", kind, (long long)number);
    const struct idset *set;
    int status = label_set_of(st, domain, id, key, code, number, cap, &set, err);
    if (!status && set && !idset_union(into, set))
        status = error_nomem(err);
    else if (!status && !set)
        *lost = true;
    return status;
}

/* The part of a word's set its indexed texts give, up to cap rows, into *ws (taken for word):
 * stmt binds match at 1, the limit at 2, the collect at 3. */
static int word_text_set(struct store *st, enum word_domain domain, enum stmt_id id,
                         const char *word, const char *match, long long cap,
                         struct word_set **out, struct gu_error *err)
{
    *out = NULL;
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    struct word_set *ws = word_set_take(st, domain, word);
    if (!ws)
        return error_nomem(err);
    if (!match) {
        ws->unindexed = true;
        *out = ws;
        return GU_OK;
    }
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, cap + 1);
    int status = word_set_read(st, stmt, 3, cap, ws, err);
    if (status)
        word_set_clear(ws);
    else
        *out = ws;
    return status;
}

/* The set of a word: its texts' part (word_text_set) and the labels and names that have the
 * word, which label_set_of keeps; into *ws, which *out borrows when it has a set. The labels
 * are gathered apart first: reading one may take the entry of another. A word with a label
 * not read (lost) is not kept: read otherwise, it may have a set. */
static int word_set_finish(struct word_set *ws, struct idset *labels, bool lost,
                           const struct idset **out, struct gu_error *err)
{
    int status = GU_OK;
    if (!lost && !ws->unindexed && !ws->over && !idset_union(&ws->ids, labels))
        status = error_nomem(err);
    idset_free(labels);
    if (status || lost)
        word_set_clear(ws);
    else if (!ws->unindexed && !ws->over)
        *out = &ws->ids;
    return status;
}

static int session_word_set(struct store *st, const char *word, void *ctx, long long cap,
                            long long label_cap, bool kept_only, const struct idset **out,
                            struct gu_error *err)
{
    struct search_names *names = ctx;
    if (word_set_kept(st, WORDS_SESSIONS, word, cap, kept_only, out))
        return GU_OK;
    if (!names->read) {
        int status = search_read_names(st, &names->names, &names->n, err);
        if (status)
            return status;
        names->read = true;
    }
    struct text_search one;
    if (reach_words(word, &one))
        return error_nomem(err);
    char *match = search_match_query(&one, false); /* NULL: not in the index */
    struct idset labels = IDSET_INIT;
    bool lost = false;
    int status = GU_OK;
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_THEME); i++) {
        const char *label = vocab_label_folded(VOCAB_THEME, i);
        if (label && reach_found(&one, label))
            status = label_set_add(st, LABELS_SESSIONS, STMT_LABEL_THEME_IDS, 't',
                                   vocab_code(VOCAB_THEME, i), 0, label_cap, &labels, &lost, err);
    }
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_DEMARCHE); i++) {
        const char *label = vocab_label_folded(VOCAB_DEMARCHE, i);
        if (label && reach_found(&one, label))
            status = label_set_add(st, LABELS_SESSIONS, STMT_LABEL_DEMARCHE_IDS, 'd',
                                   vocab_code(VOCAB_DEMARCHE, i), 0, label_cap, &labels, &lost,
                                   err);
    }
    for (size_t i = 0; match && !status && !lost && i < names->n; i++)
        if (reach_found(&one, names->names[i].folded))
            status = names->names[i].kind == 0
                         ? label_set_add(st, LABELS_SESSIONS, STMT_LABEL_OPERATOR_IDS, 'o', NULL,
                                         names->names[i].id, label_cap, &labels, &lost, err)
                         : label_set_add(st, LABELS_SESSIONS, STMT_LABEL_SITE_IDS, 's', NULL,
                                         names->names[i].id, label_cap, &labels, &lost, err);
    text_search_free(&one);
    struct word_set *ws = NULL;
    if (lost) /* a label not read: no set this time, and nothing kept */
        ;
    else if (!status)
        status = word_text_set(st, WORDS_SESSIONS, STMT_SEARCH_TEXT_IDS, word, match, cap, &ws, err);
    free(match);
    if (status || !ws) {
        idset_free(&labels);
        return status;
    }
    return word_set_finish(ws, &labels, lost, out, err);
}


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

/* Intersects *out (*has: it holds a set) with word w's set, read as fn does with these
 * limits; *applied when it had one. */
static int candidates_add(struct store *st, const struct text_search *words, size_t w,
                          word_set_fn fn, void *ctx, long long cap, long long label_cap,
                          bool kept_only, struct idset *out, bool *has, bool *applied,
                          struct gu_error *err)
{
    const struct idset *set;
    int status = fn(st, words->words[w], ctx, cap, label_cap, kept_only, &set, err);
    if (status || !set)
        return status;
    *applied = true;
    if (*has)
        idset_intersect(out, set);
    else if (idset_copy(out, set))
        *has = true;
    else
        return error_nomem(err);
    return GU_OK;
}

/* A superset of what the search's words find, into *out (owned: idset_free): the words' sets
 * intersected: the kept ones, then the longer words' (their labels up to cap rows each), then
 * the short ones'; once they leave at most sort, no other is read. When no word has a set, the
 * longest word's, up to SEARCH_WIDE times cap. With narrow (the caller asks once a page read
 * in order found too few), the words left out are read again, with labels up to SEARCH_NARROW
 * times the set's size, or all of them when there is no set (a label row costs a fortieth of
 * a session read in order). With kept_only, only the
 * sets kept are taken. *has is false when there is no set at all (out
 * empty): every row can match. */
static int search_candidates(struct store *st, const struct text_search *words, word_set_fn fn,
                             void *ctx, bool kept_only, bool narrow, long long sort,
                             long long cap, struct idset *out, bool *has, struct gu_error *err)
{
    *out = (struct idset)IDSET_INIT;
    *has = false;
    word_sets_check(st);
    bool *applied = calloc(words->n + 1, sizeof *applied);
    if (!applied)
        return error_nomem(err);
    int status = GU_OK;
    for (int pass = 0; !status && pass < (narrow ? 5 : 4) && !(*has && out->count <= sort);
         pass++) {
        if (pass == 3 && !*has && !kept_only) { /* every word common: the longest one's, wider */
            size_t longest = 0;
            for (size_t w = 1; w < words->n; w++)
                if (word_chars(words->words[w]) > word_chars(words->words[longest]))
                    longest = w;
            if (words->n && word_chars(words->words[longest]) > SEARCH_SHORT_WORD)
                status = candidates_add(st, words, longest, fn, ctx, cap * SEARCH_WIDE,
                                        cap * SEARCH_WIDE, false, out, has, &applied[longest],
                                        err);
        }
        if (pass == 3 || (pass == 4 && kept_only))
            continue;
        for (size_t w = 0; !status && w < words->n && !(*has && out->count <= sort); w++) {
            bool is_short = word_chars(words->words[w]) <= SEARCH_SHORT_WORD;
            if (applied[w] || (pass == 1 && is_short) || (pass == 2 && !is_short))
                continue;
            long long label_cap = pass == 1   ? cap
                                  : pass == 4 ? (*has ? SEARCH_NARROW * out->count : -1)
                                  : *has      ? 0
                                              : cap / SEARCH_SHORT_SHARE;
            status = candidates_add(st, words, w, fn, ctx, cap, label_cap,
                                    kept_only || pass == 0, out, has, &applied[w], err);
        }
    }
    free(applied);
    if (status) {
        idset_free(out);
        *has = false;
    }
    return status;
}

/* search_candidates for the sessions search (folded) finds. */
static int session_candidates(struct store *st, const char *search, bool narrow,
                              struct idset *out, bool *has, struct gu_error *err)
{
    struct text_search words;
    *out = (struct idset)IDSET_INIT;
    *has = false;
    if (text_search_compile_folded(&words, search))
        return error_nomem(err);
    struct search_names names = {0};
    int status = search_candidates(st, &words, session_word_set, &names, false, narrow,
                                   sort_max(st), set_max(st), out, has, err);
    names_free(names.names, names.n);
    text_search_free(&words);
    return status;
}

/* The members of set as a JSON array (owned), or NULL when memory is short. */
static char *idset_json(const struct idset *set)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_putc(&b, '[');
    for (int64_t id = idset_next(set, -1); id >= 0; id = idset_next(set, id)) {
        char digits[24], *d = digits + sizeof digits; /* printf's cost was most of it */
        *--d = '\0';
        for (int64_t v = id; d == digits + sizeof digits - 1 || v; v /= 10)
            *--d = (char)('0' + v % 10);
        if (strbuf_str(&b)[1])
            strbuf_putc(&b, ',');
        strbuf_puts(&b, d);
    }
    strbuf_putc(&b, ']');
    return strbuf_finish(&b);
}

/* Passes fn the sessions of filter in set, in order: their numbers sorted first
 * (STMT_SEARCH_HITS_*), then each session read. */
static int list_set_sorted(struct store *st, const struct session_filter *filter,
                           const struct idset *set, store_session_fn fn, void *ctx,
                           struct gu_error *err)
{
    char *json = idset_json(set);
    if (!json)
        return error_nomem(err);
    sqlite3_stmt *hits = stmt_get(st, filter->newest_first ? STMT_SEARCH_HITS_NEWEST_FIRST
                                                           : STMT_SEARCH_HITS_OLDEST_FIRST, err);
    sqlite3_stmt *get = hits ? stmt_get(st, STMT_SESSION_GET, err) : NULL;
    if (!get) {
        free(json);
        return GU_FAILURE;
    }
    bind_session_filter(hits, filter);
    sqlite3_bind_text(hits, 8, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(get, 1, "0000", -1, SQLITE_STATIC);
    sqlite3_bind_text(get, 2, "9999", -1, SQLITE_STATIC);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(hits)) == SQLITE_ROW) {
        sqlite3_bind_int64(get, 3, sqlite3_column_int64(hits, 0));
        int got = sqlite3_step(get);
        if (got == SQLITE_ROW) {
            struct help_session s;
            read_session_row(get, &s);
            status = fn(&s, ctx);
        } else if (got != SQLITE_DONE)
            status = store_db_error(st, got, err);
        sqlite3_reset(get);
    }
    sqlite3_clear_bindings(get);
    status = stmt_finish(st, hits, status, rc, err);
    free(json);
    return status;
}

/* Passes fn the sessions of filter in set, in order (STMT_SEARCH_IN_SET_*). */
static int list_set_in_order(struct store *st, const struct session_filter *filter,
                             const struct idset *set, store_session_fn fn, void *ctx,
                             struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, filter->newest_first ? STMT_SEARCH_IN_SET_NEWEST_FIRST
                                                           : STMT_SEARCH_IN_SET_OLDEST_FIRST, err);
    if (!stmt)
        return GU_FAILURE;
    bind_session_filter(stmt, filter);
    sqlite3_bind_int64(stmt, 3, -1);
    sqlite3_bind_pointer(stmt, 8, (void *)set, IDSET_POINTER, NULL);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct help_session s;
        read_session_row(stmt, &s);
        status = fn(&s, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

/* Between the store and the caller's fn: the search's words, the limit, and the reading in
 * order's budget. */
struct search_pass {
    const struct session_filter *filter;
    struct session_matcher matcher; /* filter->search's */
    store_session_fn fn;
    void *ctx;
    long listed;         /* sessions passed to fn */
    long examined, budget; /* sessions read in order; at most budget (0: no bound) */
    bool out_of_budget;
    char last_at[DATETIME_TEXT_SIZE]; /* the last session read, to go on after it */
    int64_t last_id;
};

#define SEARCH_LIMIT_REACHED 101 /* stops a pass: the caller's limit is reached */

static int search_pass_row(const struct help_session *s, void *ctx)
{
    struct search_pass *p = ctx;
    if (p->budget && p->examined == p->budget) {
        p->out_of_budget = true;
        return GU_FAILURE; /* told apart by out_of_budget */
    }
    p->examined++;
    datetime_format(&s->at, p->last_at);
    p->last_id = s->id;
    if (!session_matcher_test(&p->matcher, s))
        return GU_OK;
    int status = p->fn(s, p->ctx);
    if (!status && p->filter->limit > 0 && ++p->listed == p->filter->limit)
        return SEARCH_LIMIT_REACHED;
    return status;
}

static bool has_words(const char *search)
{
    struct text_search words;
    if (text_search_compile_folded(&words, search))
        return true; /* out of memory: the search path reports it */
    bool any = words.n > 0;
    text_search_free(&words);
    return any;
}

/* Goes on after the last session p read: the next reading starts there. */
static void search_go_on(struct session_filter *scan, const struct search_pass *p)
{
    if (p->examined) {
        scan->after_at = p->last_at;
        scan->after_id = p->last_id;
    }
}

/* Reads on in order from the last session p read, within budget more (0: no bound). */
static int search_read_on(struct store *st, struct session_filter *scan, struct search_pass *p,
                          long budget, struct gu_error *err)
{
    if (p->examined) {
        scan->after_at = p->last_at;
        scan->after_id = p->last_id;
    }
    p->out_of_budget = false;
    p->budget = budget ? p->examined + budget : 0;
    return list_in_order(st, scan, search_pass_row, p, err);
}

int store_list_sessions(struct store *st, const struct session_filter *filter,
                        store_session_fn fn, void *ctx, struct gu_error *err)
{
    if (!filter->search || !has_words(filter->search))
        return list_in_order(st, filter, fn, ctx, err);
    struct session_filter scan = *filter;
    scan.limit = 0; /* the limit counts sessions found, not read */
    long scan_rows = st->search_scan_rows ? st->search_scan_rows : SEARCH_SCAN_ROWS;
    struct search_pass p = {.filter = filter, .fn = fn, .ctx = ctx, .budget = scan_rows};
    if (session_matcher_init(&p.matcher, filter->search))
        return error_nomem(err);
    int status = list_in_order(st, &scan, search_pass_row, &p, err);
    /* Common words, found often among the newest: read on in order a while. */
    if (p.out_of_budget && p.listed * SEARCH_DENSE_RATIO >= p.examined)
        status = search_read_on(st, &scan, &p, scan_rows * SEARCH_DENSE, err);
    struct idset set = IDSET_INIT;
    bool has = false;
    if (p.out_of_budget) { /* rare: from the last session read on, only those of the sets */
        search_go_on(&scan, &p);
        status = session_candidates(st, filter->search, false, &set, &has, err);
    }
    if (!status && p.out_of_budget && (!has || set.count > sort_max(st)) && !filter->deleted) {
        /* A page of a large set (or of every session), read in order within a budget; when its
         * sessions rarely match, the sets of the words left out narrow it. */
        if (has) {
            p.budget = p.examined + scan_rows * SEARCH_NARROW_BUDGET;
            p.out_of_budget = false;
            status = list_set_in_order(st, &scan, &set, search_pass_row, &p, err);
        } else
            status = search_read_on(st, &scan, &p, scan_rows * SEARCH_NARROW_BUDGET, err);
        if (p.out_of_budget) {
            search_go_on(&scan, &p);
            idset_free(&set);
            status = session_candidates(st, filter->search, true, &set, &has, err);
        }
    }
    if (!status && p.out_of_budget) {
        p.budget = 0;
        if (has && set.count <= sort_max(st))
            status = list_set_sorted(st, &scan, &set, search_pass_row, &p, err);
        else if (has && !filter->deleted)
            status = list_set_in_order(st, &scan, &set, search_pass_row, &p, err);
        else /* no set, or the deleted sessions (few): every session, in order */
            status = search_read_on(st, &scan, &p, 0, err);
    }
    idset_free(&set);
    session_matcher_free(&p.matcher);
    return status == SEARCH_LIMIT_REACHED ? GU_OK : status;
}

void store_set_search_limits(struct store *st, long scan_rows, long sort_max, long set_max)
{
    word_sets_forget(st); /* read with the former limits */
    st->search_scan_rows = scan_rows;
    st->search_sort_max = sort_max;
    st->search_set_max = set_max;
}

/* Counts the sessions search_pass_row passes on. */
static int count_one(const struct help_session *s, void *ctx)
{
    (void)s;
    (*(long long *)ctx)++;
    return GU_OK;
}

int store_count_found_sessions(struct store *st, const struct session_filter *filter,
                               long long *count, bool *exact, struct gu_error *err)
{
    *count = 0;
    *exact = true;
    if (!filter->search || !has_words(filter->search))
        return store_count_listed_sessions(st, filter, count, err);
    struct session_filter whole = *filter;
    whole.after_at = NULL;
    whole.limit = 0;
    struct idset set;
    bool has;
    /* Counted when typing ends (the desk), not on each key: the words' sets are read. */
    int status = session_candidates(st, filter->search, true, &set, &has, err);
    if (!status && has && set.count <= sort_max(st)) {
        struct search_pass p = {.filter = &whole, .fn = count_one, .ctx = count};
        if (session_matcher_init(&p.matcher, filter->search))
            status = error_nomem(err);
        else
            status = list_set_sorted(st, &whole, &set, search_pass_row, &p, err);
        session_matcher_free(&p.matcher);
    } else
        *exact = false; /* common words: counting would read every session */
    idset_free(&set);
    return status;
}

/* Runs a SESSION_COLUMNS statement whose ?3 is key and copies its first row into *out. */
static int fetch_one_session(struct store *st, enum stmt_id id, int64_t key,
                             struct help_session *out, bool *found, struct gu_error *err)
{
    session_init(out);
    *found = false;
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, "0000", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, "9999", -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, key);
    int status = GU_OK, rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        struct help_session borrowed;
        read_session_row(stmt, &borrowed);
        status = session_copy(out, &borrowed, err);
        *found = status == GU_OK;
    } else if (rc != SQLITE_DONE)
        status = store_db_error(st, rc, err);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
}

int store_get_session(struct store *st, int64_t id, struct help_session *out, bool *found,
                      struct gu_error *err)
{
    return fetch_one_session(st, STMT_SESSION_GET, id, out, found, err);
}

int store_last_session(struct store *st, int64_t operator_id, struct help_session *out,
                       bool *found, struct gu_error *err)
{
    return fetch_one_session(st, operator_id ? STMT_SESSION_LAST : STMT_SESSION_LAST_ANY,
                             operator_id, out, found, err);
}

/* Runs a statement whose only parameter is id. */
static int run_with_id(struct store *st, enum stmt_id id, int64_t value, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, value);
    return stmt_run(st, stmt, err);
}

static int no_such_session(int64_t id, struct gu_error *err)
{
    return error_set(err, GU_INVALID, _("session %lld does not exist (deleted at another desk?)"),
                     (long long)id);
}

int store_update_session(struct store *st, const struct help_session *s, int64_t by_operator,
                         struct gu_error *err)
{
    char now[21], at[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    datetime_format(&s->at, at);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, operator_id = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = resolve_site_and_operator(st, &sites, &operators, s->site_name,
                                           s->operator_name, now, &site_id,
                                           &operator_id, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        bind_session(stmt, s, at, site_id, operator_id, now);
        sqlite3_bind_int64(stmt, 15, s->id);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) != 1)
        status = no_such_session(s->id, err);
    if (!status)
        status = run_with_id(st, STMT_SESSION_THEMES_CLEAR, s->id, err);
    if (!status)
        status = run_with_id(st, STMT_SESSION_DEMARCHES_CLEAR, s->id, err);
    if (!status)
        status = run_with_id(st, STMT_SESSION_MATERIALS_CLEAR, s->id, err);
    if (!status)
        status = add_session_sets(st, s->id, s, err);
    if (!status)
        status = set_session_residence(st, s->id, s, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "help_session", s->id, NULL, err);
    return store_tx_end(st, status, err);
}

int store_delete_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_SESSION_DELETE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
        if (by_operator)
            sqlite3_bind_int64(stmt, 3, by_operator);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) != 1)
        status = no_such_session(id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "delete", "help_session", id, NULL, err);
    return store_tx_end(st, status, err);
}

int store_restore_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = run_with_id(st, STMT_SESSION_RESTORE, id, err);
    if (!status && sqlite3_changes(st->db) != 1)
        status = error_set(err, GU_INVALID,
                           _("session %lld is not among the deleted sessions (restored at "
                             "another desk?)"),
                           (long long)id);
    if (!status)
        status = store_add_audit(st, now, by_operator, "restore", "help_session", id, NULL, err);
    return store_tx_end(st, status, err);
}

/* Steps a statement expected to return one integer (0 when it returns no row), and resets it. */
static int stmt_int(struct store *st, sqlite3_stmt *stmt, long long *out, struct gu_error *err)
{
    int rc = sqlite3_step(stmt);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? GU_OK : store_db_error(st, rc, err);
}

int store_count_listed_sessions(struct store *st, const struct session_filter *filter,
                                long long *count, struct gu_error *err)
{
    if (!filter->deleted) { /* the per-day and per-month counts */
        sqlite3_stmt *stmt = stmt_get(st, STMT_SESSIONS_TALLIED, err);
        if (!stmt)
            return GU_FAILURE;
        const char *from = filter->from ? filter->from : "0000-00-00";
        const char *to = filter->to ? filter->to : "9999-99-99";
        sqlite3_bind_text(stmt, 1, from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 2, to, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 3, from, 7, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 4, to, 7, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 5, filter->theme ? "theme" : "total", -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 6, filter->theme ? filter->theme : "", -1, SQLITE_TRANSIENT);
        return stmt_int(st, stmt, count, err);
    }
    sqlite3_stmt *stmt = stmt_get(st, STMT_SESSIONS_DELETED_LISTED, err);
    if (!stmt)
        return GU_FAILURE;
    struct session_filter whole = *filter;
    whole.after_at = NULL;
    bind_session_filter(stmt, &whole);
    return stmt_int(st, stmt, count, err);
}

int store_count_sessions(struct store *st, const char *day, int64_t operator_id, int64_t site_id,
                         long *count, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_SESSIONS_COUNT, err);
    if (!stmt)
        return GU_FAILURE;
    char until[DATE_TEXT_SIZE];
    next_day(day, until);
    sqlite3_bind_text(stmt, 1, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, until, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 3, operator_id);
    sqlite3_bind_int64(stmt, 4, site_id);
    long long v;
    int status = stmt_int(st, stmt, &v, err);
    *count = (long)v;
    return status;
}

int store_most_used_duration(struct store *st, int64_t site_id, const char *since, int *minutes,
                             struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_DURATION_MOST_USED, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, since, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, site_id);
    long long v;
    int status = stmt_int(st, stmt, &v, err);
    *minutes = (int)v;
    return status;
}

void store_free_named(struct store_named *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i].name);
    free(items);
}

static int list_named(struct store *st, enum stmt_id id, struct store_named **items, size_t *n,
                      struct gu_error *err)
{
    *items = NULL;
    *n = 0;
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!array_reserve(items, &cap, *n, sizeof **items, 8)) {
            status = error_nomem(err);
            break;
        }
        struct store_named *it = &(*items)[*n];
        it->id = sqlite3_column_int64(stmt, 0);
        it->site_id = sqlite3_column_int64(stmt, 2);
        if (!(it->name = strdup((const char *)sqlite3_column_text(stmt, 1))))
            status = error_nomem(err);
        else
            (*n)++;
    }
    status = stmt_finish(st, stmt, status, rc, err);
    if (status) {
        store_free_named(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return status;
}

int store_list_sites(struct store *st, struct store_named **items, size_t *n,
                     struct gu_error *err)
{
    return list_named(st, STMT_SITES, items, n, err);
}

void store_free_sites(struct store_site *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].zone);
        free(items[i].email);
    }
    free(items);
}

/* A column's text copied into *dst (NULL for NULL); false when out of memory. */
static bool column_dup(sqlite3_stmt *stmt, int col, char **dst)
{
    const unsigned char *text = sqlite3_column_text(stmt, col);
    *dst = text ? strdup((const char *)text) : NULL;
    return !text || *dst;
}

int store_list_site_details(struct store *st, struct store_site **items, size_t *n,
                            struct gu_error *err)
{
    *items = NULL;
    *n = 0;
    sqlite3_stmt *stmt = stmt_get(st, STMT_SITE_DETAILS, err);
    if (!stmt)
        return GU_FAILURE;
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!array_reserve(items, &cap, *n, sizeof **items, 8)) {
            status = error_nomem(err);
            break;
        }
        struct store_site *it = &(*items)[*n];
        *it = (struct store_site){.id = sqlite3_column_int64(stmt, 0)};
        (*n)++;
        if (!column_dup(stmt, 1, &it->name) || !column_dup(stmt, 2, &it->zone) ||
            !column_dup(stmt, 3, &it->email))
            status = error_nomem(err);
        /* A zone guichet does not offer (a database edited by hand) reads as the default. */
        if (!status && !date_zone_is_known(it->zone)) {
            free(it->zone);
            if (!(it->zone = strdup(DATE_ZONE_DEFAULT)))
                status = error_nomem(err);
        }
    }
    status = stmt_finish(st, stmt, status, rc, err);
    if (status) {
        store_free_sites(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return status;
}

int store_site_zone(struct store *st, int64_t site_id, const char **zone, struct gu_error *err)
{
    *zone = DATE_ZONE_DEFAULT;
    sqlite3_stmt *stmt = stmt_get(st, STMT_SITE_ZONE, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, site_id);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        for (size_t i = 0; text && i < date_zone_count; i++)
            if (!strcmp(text, date_zones[i]))
                *zone = date_zones[i];
    }
    return stmt_finish(st, stmt, GU_OK, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

int store_set_site(struct store *st, const char *name, const char *zone, const char *email,
                   int64_t *id, struct gu_error *err)
{
    if (zone && !date_zone_is_known(zone))
        return error_set(err, GU_INVALID, _("unknown time zone: %s"), zone);
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_SITE_FIND, STMT_SITE_ADD, name, now, id, err);
    const enum stmt_id which[] = {STMT_SITE_SET_ZONE, STMT_SITE_SET_EMAIL};
    const char *values[] = {zone, email};
    for (size_t i = 0; i < 2 && !status; i++) {
        if (!values[i])
            continue;
        sqlite3_stmt *stmt = stmt_get(st, which[i], err);
        if (!stmt) {
            status = GU_FAILURE;
            break;
        }
        sqlite3_bind_int64(stmt, 1, *id);
        if (*values[i])
            sqlite3_bind_text(stmt, 2, values[i], -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(stmt, 2);
        status = stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}

int store_list_operators(struct store *st, struct store_named **items, size_t *n,
                         struct gu_error *err)
{
    return list_named(st, STMT_OPERATORS, items, n, err);
}

int store_ensure_site(struct store *st, const char *name, int64_t *id, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_SITE_FIND, STMT_SITE_ADD, name, now, id, err);
    return store_tx_end(st, status, err);
}

int store_ensure_operator(struct store *st, const char *name, int64_t site_id, int64_t *id,
                          struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    if (!status)
        status = find_or_add_named(st, STMT_OPERATOR_FIND, STMT_OPERATOR_ADD, name, now, id, err);
    sqlite3_stmt *stmt = NULL;
    if (!status && site_id && !(stmt = stmt_get(st, STMT_OPERATOR_SET_SITE, err)))
        status = GU_FAILURE;
    if (!status && stmt) {
        sqlite3_bind_int64(stmt, 1, *id);
        sqlite3_bind_int64(stmt, 2, site_id);
        status = stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}

int store_get_setting(struct store *st, const char *key, char **value, struct gu_error *err)
{
    *value = NULL;
    sqlite3_stmt *stmt = stmt_get(st, STMT_SETTING_GET, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int status = GU_OK, rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && !(*value = strdup((const char *)sqlite3_column_text(stmt, 0))))
        status = error_nomem(err);
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = store_db_error(st, rc, err);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
}

int store_set_setting(struct store *st, const char *key, const char *value, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_SETTING_SET, err);
    if (!stmt)
        return GU_FAILURE;
    int status = store_tx_begin(st, err);
    if (!status) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    return store_tx_end(st, status, err);
}

long long store_data_version(struct store *st)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_DATA_VERSION, NULL);
    long long v = 0;
    if (stmt)
        stmt_int(st, stmt, &v, NULL);
    return v;
}

/* Vocabulary codes stored in columns, checked against the vocab table. */
static const char check_codes_sql[] =
    "SELECT 'help_session', id, 'place', place FROM help_session "
    "  WHERE place NOT IN (SELECT code FROM vocab WHERE kind = 'place') "
    "UNION ALL SELECT 'help_session', id, 'autonomy', autonomy FROM help_session "
    "  WHERE autonomy NOT IN (SELECT code FROM vocab WHERE kind = 'autonomy') "
    "UNION ALL SELECT 'help_session', id, 'age', age FROM help_session "
    "  WHERE age NOT IN (SELECT code FROM vocab WHERE kind = 'age') "
    "UNION ALL SELECT 'help_session', id, 'status', status FROM help_session "
    "  WHERE status NOT IN (SELECT code FROM vocab WHERE kind = 'status') "
    "UNION ALL SELECT 'help_session', id, 'gender', gender FROM help_session "
    "  WHERE gender NOT IN (SELECT code FROM vocab WHERE kind = 'gender') "
    "UNION ALL SELECT 'help_session', id, 'orientation', orientation FROM help_session "
    "  WHERE orientation NOT IN (SELECT code FROM vocab WHERE kind = 'orientation') "
    "UNION ALL SELECT 'help_session_theme', session_id, 'theme', theme FROM help_session_theme "
    "  WHERE theme NOT IN (SELECT code FROM vocab WHERE kind = 'theme') "
    "UNION ALL SELECT 'help_session_demarche', session_id, 'demarche', demarche "
    "  FROM help_session_demarche "
    "  WHERE demarche NOT IN (SELECT code FROM vocab WHERE kind = 'demarche') "
    "UNION ALL SELECT 'help_session_material', session_id, 'material', material "
    "  FROM help_session_material "
    "  WHERE material NOT IN (SELECT code FROM vocab WHERE kind = 'material') "
    "UNION ALL SELECT 'help_session', id, 'theme', '' FROM help_session s "
    "  WHERE NOT EXISTS (SELECT 1 FROM help_session_theme t WHERE t.session_id = s.id) "
    "LIMIT 100";

/* The report's per-month counts (migration 015) against the per-day counts they sum, which the
 * check above holds to the sessions: differences either way, at most 100. */
static const char check_tally_month_sql[] =
    "WITH days AS (SELECT dim, substr(day, 1, 7) AS month, site_id, operator_id, code, "
    "  sum(sessions) AS sessions, sum(minutes) AS minutes FROM session_tally GROUP BY 1, 2, 3, 4, 5 "
    "  HAVING sum(sessions) <> 0 OR sum(minutes) <> 0), "
    "months AS (SELECT dim, month, site_id, operator_id, code, sessions, minutes "
    "  FROM session_tally_month WHERE sessions <> 0 OR minutes <> 0) "
    "SELECT dim, month, code FROM (SELECT * FROM days EXCEPT SELECT * FROM months) "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM days) "
    "LIMIT 100";

/* Each workshop's seats, attended and absent (migration 015) against its registrations:
 * differences either way, at most 100. */
static const char check_attendance_sql[] =
    "WITH regs AS (SELECT workshop_id, sum(state IN ('booked', 'attended', 'absent', 'excused')) "
    "  AS seats, sum(state = 'attended') AS attended, sum(state = 'absent') AS absent "
    "  FROM registration GROUP BY 1), "
    "kept AS (SELECT workshop_id, seats, attended, absent FROM workshop_attendance), "
    "r AS (SELECT * FROM regs WHERE seats <> 0 OR attended <> 0 OR absent <> 0), "
    "k AS (SELECT * FROM kept WHERE seats <> 0 OR attended <> 0 OR absent <> 0) "
    "SELECT workshop_id FROM (SELECT * FROM r EXCEPT SELECT * FROM k) "
    "UNION SELECT workshop_id FROM (SELECT * FROM k EXCEPT SELECT * FROM r) LIMIT 100";

/* The counts of migration 017 against what they count, each month's against its days: the
 * people who attended held workshops, the held workshops, the referrals. Rows (what, day or
 * month, code), at most 100 each. */
static const char check_attendance_tally_sql[] =
    "WITH facts AS (SELECT dim, day, site_id, facilitator_id, code, count(*) AS people "
    "  FROM attendance_facts GROUP BY 1, 2, 3, 4, 5), "
    "tally AS (SELECT dim, day, site_id, facilitator_id, code, people FROM attendance_tally "
    "  WHERE people <> 0), "
    "summed AS (SELECT dim, substr(day, 1, 7) AS month, site_id, facilitator_id, code, sum(people) "
    "  FROM attendance_tally GROUP BY 1, 2, 3, 4, 5 HAVING sum(people) <> 0), "
    "months AS (SELECT dim, month, site_id, facilitator_id, code, people "
    "  FROM attendance_tally_month WHERE people <> 0) "
    "SELECT dim, day, code FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) "
    "UNION SELECT dim, day, code FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) "
    "UNION SELECT dim, month, code FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) "
    "LIMIT 100";
#define WORKSHOP_SUMS "sum(minutes), sum(walk_ins), sum(capacity), sum(seats), sum(attended), sum(absent)"
#define WORKSHOP_COUNTS "minutes, walk_ins, capacity, seats, attended, absent"
static const char check_workshop_tally_sql[] =
    "WITH facts AS (SELECT dim, day, site_id, facilitator_id, code, count(*), " WORKSHOP_SUMS
    "  FROM workshop_facts GROUP BY 1, 2, 3, 4, 5), "
    "tally AS (SELECT dim, day, site_id, facilitator_id, code, workshops, " WORKSHOP_COUNTS
    "  FROM workshop_tally WHERE workshops <> 0 OR minutes <> 0 OR walk_ins <> 0 "
    "  OR capacity <> 0 OR seats <> 0 OR attended <> 0 OR absent <> 0), "
    "summed AS (SELECT dim, substr(day, 1, 7) AS month, site_id, facilitator_id, code, sum(workshops), "
    "  " WORKSHOP_SUMS " FROM tally GROUP BY 1, 2, 3, 4, 5), "
    "months AS (SELECT dim, month, site_id, facilitator_id, code, workshops, " WORKSHOP_COUNTS
    "  FROM workshop_tally_month WHERE workshops <> 0 OR minutes <> 0 OR walk_ins <> 0 "
    "  OR capacity <> 0 OR seats <> 0 OR attended <> 0 OR absent <> 0) "
    "SELECT dim, day, code FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) "
    "UNION SELECT dim, day, code FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) "
    "UNION SELECT dim, month, code FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) "
    "UNION SELECT dim, month, code FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) "
    "LIMIT 100";
/* The referrals by site (migration 023), or on a file of schema 017 to 022 (check only reads:
 * it is not migrated) without: KEY the key's columns after the day or month. */
#define CHECK_REFERRAL_TALLY(KEY, KEY_OF, GROUP) \
    "WITH facts AS (SELECT substr(referred_at, 1, 10) AS day, " KEY_OF ", count(*) " \
    "  FROM referral GROUP BY " GROUP "), " \
    "tally AS (SELECT day, " KEY ", referrals FROM referral_tally WHERE referrals <> 0), " \
    "summed AS (SELECT substr(day, 1, 7) AS month, " KEY ", sum(referrals) FROM referral_tally " \
    "  GROUP BY " GROUP " HAVING sum(referrals) <> 0), " \
    "months AS (SELECT month, " KEY ", referrals FROM referral_tally_month WHERE referrals <> 0) " \
    "SELECT 'referral', day, status FROM (SELECT * FROM facts EXCEPT SELECT * FROM tally) " \
    "UNION SELECT 'referral', day, status FROM (SELECT * FROM tally EXCEPT SELECT * FROM facts) " \
    "UNION SELECT 'referral', month, status " \
    "  FROM (SELECT * FROM summed EXCEPT SELECT * FROM months) " \
    "UNION SELECT 'referral', month, status " \
    "  FROM (SELECT * FROM months EXCEPT SELECT * FROM summed) " \
    "LIMIT 100"
static const char check_referral_tally_sql[] = CHECK_REFERRAL_TALLY(
    "site_id, operator_id, status, partner_id",
    "coalesce(site_id, 0), coalesce(operator_id, 0), status, coalesce(partner_id, 0)",
    "1, 2, 3, 4, 5");
static const char check_referral_tally_017_sql[] = CHECK_REFERRAL_TALLY(
    "operator_id, status, partner_id",
    "coalesce(operator_id, 0), status, coalesce(partner_id, 0)", "1, 2, 3, 4");

/* The highest session number ever given (migration 008) below a session's: a later session
 * would take a number already used. */
static const char check_numbers_sql[] =
    "SELECT (SELECT coalesce(max(last), 0) FROM session_number), max(id) FROM help_session "
    "HAVING max(id) > (SELECT coalesce(max(last), 0) FROM session_number)";

/* The history's search index (migration 016): every session with a typed text indexed, no
 * entry for a session that is not there (a 'rebuild' indexes those without text too, which is
 * harmless), and the sessions it cannot vouch for listed (its words: check_search_index). */
static const char check_search_odd_sql[] =
    "SELECT id FROM session_search_text t WHERE (all_text GLOB (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM session_search_odd o WHERE o.session_id = t.id) "
    "UNION SELECT session_id FROM session_search_odd "
    "WHERE session_id NOT IN (SELECT id FROM help_session) "
    "UNION SELECT id FROM (SELECT id FROM session_search_docsize EXCEPT SELECT id FROM help_session) "
    "UNION SELECT id FROM (SELECT id FROM help_session WHERE coalesce(procedure_name, note, "
    "commune, postal_code) IS NOT NULL EXCEPT SELECT id FROM session_search_docsize) LIMIT 100";

/* The same of the partner directory's index (migration 019): every partner indexed, nothing
 * else, and the partners it cannot vouch for listed. */
static const char check_partner_odd_sql[] =
    "SELECT id FROM partner_search_text t WHERE (all_text GLOB (SELECT odd FROM session_search_plain)) "
    "<> EXISTS (SELECT 1 FROM partner_search_odd o WHERE o.partner_id = t.id) "
    "UNION SELECT partner_id FROM partner_search_odd WHERE partner_id NOT IN (SELECT id FROM partner) "
    "UNION SELECT id FROM (SELECT id FROM partner_search_docsize EXCEPT SELECT id FROM partner) "
    "UNION SELECT id FROM (SELECT id FROM partner EXCEPT SELECT id FROM partner_search_docsize) "
    "LIMIT 100";

/* Erasures not finished: another desk's reading kept a copy in the files, or a kept copy could
 * not be cleaned (store_privacy.c finishes them). */
/* ?1: whether the database's write-ahead log is empty or absent, so that its files hold no
 * copy of anyone whatever files_at says (a checkpoint since the erasure copied it all in). */
static const char check_erasures_sql[] =
    "SELECT person_id, files_at IS NULL AND NOT ?1, copies_at IS NULL FROM erasure "
    "WHERE (files_at IS NULL AND NOT ?1) OR copies_at IS NULL ORDER BY id";

/* Each check is a query whose rows are problems; format writes one as a line, or returns false
 * for a row that is not one (integrity_check's "ok"). */
#define TEXT_AT(stmt, i) ((const char *)sqlite3_column_text(stmt, i))
typedef bool (*problem_format)(sqlite3_stmt *stmt, struct strbuf *line);

static bool format_integrity(sqlite3_stmt *stmt, struct strbuf *line)
{
    const char *msg = TEXT_AT(stmt, 0);
    if (!msg || !strcmp(msg, "ok"))
        return false;
    /* SQLite joins several findings with line breaks: one line, "; " between them. */
    struct strbuf joined = STRBUF_INIT;
    for (const char *p = msg; *p; p++)
        if (*p == '\n')
            strbuf_puts(&joined, "; ");
        else
            strbuf_putc(&joined, *p);
    strbuf_printf(line, _("integrity: %s"), strbuf_str(&joined));
    strbuf_release(&joined);
    return true;
}

static bool format_reference(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("%s row %lld refers to a missing %s row"), TEXT_AT(stmt, 0),
             (long long)sqlite3_column_int64(stmt, 1), TEXT_AT(stmt, 2));
    return true;
}

static bool format_code(sqlite3_stmt *stmt, struct strbuf *line)
{
    const char *code = TEXT_AT(stmt, 3);
    if (code && *code)
        strbuf_printf(line, _("%s row %lld: unknown %s code \"%s\""), TEXT_AT(stmt, 0),
                 (long long)sqlite3_column_int64(stmt, 1), TEXT_AT(stmt, 2), code);
    else
        strbuf_printf(line, _("%s row %lld has no theme"), TEXT_AT(stmt, 0),
                 (long long)sqlite3_column_int64(stmt, 1));
    return true;
}

static bool format_erasure(sqlite3_stmt *stmt, struct strbuf *line)
{
    long long person = sqlite3_column_int64(stmt, 0);
    if (sqlite3_column_int(stmt, 1))
        strbuf_printf(line, _("the erasure of person %lld is not finished: the database's files "
                              "still hold a copy (any command finishes it once no other desk "
                              "reads)"),
                      person);
    else
        strbuf_printf(line, _("the erasure of person %lld is not finished: a backup or a copy "
                              "kept by a restore still holds them (guichet purge or guichet "
                              "person erase %lld again finishes it)"),
                      person, person);
    return true;
}

static bool format_numbers(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the highest session number kept (%lld) is below session %lld"),
                  (long long)sqlite3_column_int64(stmt, 0), (long long)sqlite3_column_int64(stmt, 1));
    return true;
}

static bool format_attendance(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("report counts differ from the registrations of workshop %lld"),
                  (long long)sqlite3_column_int64(stmt, 0));
    return true;
}

/* (what, day or month, code) of a count of migration 017 that differs. */
static bool format_tally_017(sqlite3_stmt *stmt, struct strbuf *line)
{
    const char *what = TEXT_AT(stmt, 0);
    if (what && !strcmp(what, "referral"))
        strbuf_printf(line, _("report counts differ from the referrals: \"%s\" on %s"),
                      TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    else if (what && (!strcmp(what, "total") || !strcmp(what, "theme")))
        strbuf_printf(line, _("report counts differ from the held workshops: %s \"%s\" on %s"),
                      what, TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    else
        strbuf_printf(line,
                      _("report counts differ from the workshop attendance: %s \"%s\" on %s"),
                      what ? what : "", TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    return true;
}

static bool format_partner_search(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the partner directory's search index differs from partner %lld"),
                  (long long)sqlite3_column_int64(stmt, 0));
    return true;
}

static bool format_search(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("the history's search index differs from session %lld"),
                  (long long)sqlite3_column_int64(stmt, 0));
    return true;
}

/* The index of the sessions' texts (migrations 016 and 022) against the texts: the check's
 * connection only reads, so the index is built again in a temporary table from the same
 * content and their words compared, each with how many sessions have it (a damaged index is a
 * problem reported, not a failure). A file not yet migrated to 022 is checked as 016 made it. */
#define SEARCH_COLUMNS "procedure_name, note, commune, postal_code"
#define PARTNER_SEARCH_COLUMNS "name, commune, handles, postal_code"
/* *present: whether the file's schema has an object named name followed by suffix. */
static int schema_has(struct store *st, const char *name, const char *suffix, long long *present,
                      struct gu_error *err)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema WHERE name = ?1 || ?2",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, suffix, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
        *present = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
        rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_OK ? GU_OK : store_db_error(st, rc, err);
}

/* The identifiers formatted below (index, columns, table, where) are constants of this file,
 * never text from a user or a file: SQL cannot bind them. */
static int check_fts_index(struct store *st, const char *index, const char *columns,
                           const char *table, const char *where, const char *problem,
                           store_problem_fn fn, void *ctx, bool *sound, struct gu_error *err)
{
    long long present = 0, joined = 0, differ = 0;
    int status = schema_has(st, index, "", &present, err);
    if (status || !present)
        return status;
    if ((status = schema_has(st, index, "_content", &joined, err)))
        return status;
    char *sql = sqlite3_mprintf(
        "CREATE VIRTUAL TABLE temp.index_check USING fts5(%s%s, detail = none, "
        "tokenize = 'unicode61 remove_diacritics 2');"
        "INSERT INTO temp.index_check (rowid, %s%s) SELECT id, %s%s FROM main.%s%s %s;"
        "CREATE VIRTUAL TABLE temp.index_check_terms USING fts5vocab(temp, index_check, row);"
        "CREATE VIRTUAL TABLE temp.index_terms USING fts5vocab(main, %s, row);",
        columns, joined ? ", joined" : "", columns, joined ? ", joined" : "", columns,
        joined ? ", joined" : "", joined ? index : table, joined ? "_content" : "", where, index);
    status = sql ? store_exec(st, sql, err) : error_nomem(err);
    sqlite3_free(sql);
    if (!status)
        status = query_int(st,
            "SELECT (SELECT count(*) FROM (SELECT term, doc FROM temp.index_check_terms EXCEPT "
            "SELECT term, doc FROM temp.index_terms)) + (SELECT count(*) FROM (SELECT term, doc "
            "FROM temp.index_terms EXCEPT SELECT term, doc FROM temp.index_check_terms))",
            &differ, err);
    struct gu_error ignored;
    store_exec(st, "DROP TABLE IF EXISTS temp.index_terms; DROP TABLE IF EXISTS "
                   "temp.index_check_terms; DROP TABLE IF EXISTS temp.index_check", &ignored);
    if (!status && differ) {
        *sound = false;
        /* Not the words themselves: notes hold personal data. */
        fn(problem, ctx);
    }
    return status;
}

static int check_search_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                              struct gu_error *err)
{
    return check_fts_index(st, "session_search", SEARCH_COLUMNS, "help_session",
                           "WHERE coalesce(" SEARCH_COLUMNS ") IS NOT NULL",
                           _("the history's search index differs from the sessions' texts"), fn,
                           ctx, sound, err);
}

/* The partner directory's index (migrations 019 and 022) against the partners' texts, the same
 * way. */
static int check_partner_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                               struct gu_error *err)
{
    return check_fts_index(st, "partner_search", PARTNER_SEARCH_COLUMNS, "partner", "",
                           _("the partner directory's search index differs from the partners' "
                             "texts"),
                           fn, ctx, sound, err);
}

static char *participant_index_text(const char *fold);

/* The people's index (kept by guichet, not by triggers) against their names: each person not
 * erased has one row, participant_index_text of their folded name, and nobody else has one.
 * `person find` reads only the index: a row lost or wrong hides or shows the wrong person. At
 * most PEOPLE_INDEX_SAID people are named; the rest counted. */
#define PEOPLE_INDEX_SAID 10
static int check_people_index(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                              struct gu_error *err)
{
    long long present = 0;
    int status = query_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'participant_search'",
                           &present, err);
    if (status || !present)
        return status;
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT p.id, p.name_fold, s.name_folded FROM participant p "
                                "LEFT JOIN participant_search s ON s.rowid = p.id "
                                "WHERE p.erased_at IS NULL AND p.name_fold IS NOT NULL "
                                "UNION ALL SELECT s.rowid, NULL, s.name_folded "
                                "FROM participant_search s LEFT JOIN participant p ON p.id = s.rowid "
                                "AND p.erased_at IS NULL AND p.name_fold IS NOT NULL "
                                "WHERE p.id IS NULL",
                                -1, &stmt, NULL);
    long differ = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *fold = (const char *)sqlite3_column_text(stmt, 1);
        const char *indexed = (const char *)sqlite3_column_text(stmt, 2);
        char *expected = fold ? participant_index_text(fold) : NULL;
        if (fold && !expected) {
            rc = SQLITE_NOMEM;
            break;
        }
        bool same = expected ? indexed && !strcmp(expected, indexed) : false;
        free(expected);
        if (!same && differ++ < PEOPLE_INDEX_SAID) {
            struct strbuf line = STRBUF_INIT;
            strbuf_printf(&line, _("the people's search index differs from person %lld"),
                          (long long)sqlite3_column_int64(stmt, 0));
            fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
            strbuf_release(&line);
        }
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    if (differ > PEOPLE_INDEX_SAID) {
        struct strbuf line = STRBUF_INIT;
        strbuf_printf(&line,
                      ngettext("the people's search index differs from %ld other person",
                               "the people's search index differs from %ld other people",
                               (unsigned long)(differ - PEOPLE_INDEX_SAID)),
                      differ - PEOPLE_INDEX_SAID);
        fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
        strbuf_release(&line);
    }
    if (differ)
        *sound = false;
    return GU_OK;
}

static bool format_tally(sqlite3_stmt *stmt, struct strbuf *line)
{
    strbuf_printf(line, _("report counts differ from the sessions: %s \"%s\" on %s"),
             TEXT_AT(stmt, 0), TEXT_AT(stmt, 2), TEXT_AT(stmt, 1));
    return true;
}

/* Whether the write-ahead log beside the database at path is empty or absent. */
static bool log_empty(const char *path)
{
    struct strbuf wal = STRBUF_INIT;
    strbuf_printf(&wal, "%s-wal", path);
    struct stat sb;
    bool empty = !strbuf_failed(&wal) && (stat(strbuf_str(&wal), &sb) != 0 || sb.st_size == 0);
    strbuf_release(&wal);
    return empty;
}

/* store_check, or only what the store derives from the data (derived: store_check_derived). */
static int check(struct store *st, bool derived, store_problem_fn fn, void *ctx, bool *sound,
                 long *unfinished, struct gu_error *err)
{
    static const struct {
        const char *sql;
        problem_format format;
        const char *needs; /* a check of a later schema: skipped on an older, unmigrated file */
        bool data;         /* the data's own soundness, not what the store derives from it */
        bool task;         /* work left to do, not damage: counted in *unfinished */
    } checks[] = {
        {"PRAGMA integrity_check(100)", format_integrity, NULL, true, false},
        {"PRAGMA foreign_key_check", format_reference, NULL, true, false},
        {check_codes_sql, format_code, NULL, true, false},
        {check_tally_month_sql, format_tally,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_tally_month'", false, false},
        {check_attendance_sql, format_attendance,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'workshop_attendance'", false, false},
        {check_attendance_tally_sql, format_tally_017,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'attendance_tally'", false, false},
        {check_workshop_tally_sql, format_tally_017,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'workshop_tally'", false, false},
        {check_referral_tally_sql, format_tally_017,
         "SELECT count(*) FROM pragma_table_info('referral_tally') WHERE name = 'site_id'", false, false},
        {check_referral_tally_017_sql, format_tally_017,
         "SELECT count(*) = 1 FROM sqlite_schema WHERE name = 'referral_tally' AND NOT EXISTS "
         "(SELECT 1 FROM pragma_table_info('referral_tally') WHERE name = 'site_id')", false, false},
        {check_numbers_sql, format_numbers,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_number'", false, false},
        {check_erasures_sql, format_erasure,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'erasure'", false, true},
        {check_search_odd_sql, format_search,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'session_search_odd'", false, false},
        {check_partner_odd_sql, format_partner_search,
         "SELECT count(*) FROM sqlite_schema WHERE name = 'partner_search_odd'", false, false},
    };
    *sound = true;
    if (unfinished)
        *unfinished = 0;
    /* The triggers keeping the counts and indexes exact first: a file whose schema is not the
     * migrations' may have counts right today and drifting from the next write on. */
    long schema_problems = 0;
    if (store_compare_schema(st->db, st->path, fn, ctx, &schema_problems, err))
        return GU_FAILURE;
    *sound = !schema_problems;
    for (size_t c = 0; c < ARRAY_LEN(checks); c++) {
        sqlite3_stmt *stmt;
        long long present = 1;
        if (derived && (checks[c].data || checks[c].task))
            continue; /* a backup's unfinished erasures are the register's, applied by restore */
        /* With another schema, the recounts' queries may not even compile: SQLite's own checks
         * only, the verdict already given. */
        if (schema_problems && checks[c].sql != checks[0].sql && checks[c].sql != checks[1].sql)
            continue;
        if (checks[c].needs && (query_int(st, checks[c].needs, &present, err) || !present)) {
            if (present)
                return GU_FAILURE;
            continue;
        }
        int rc = sqlite3_prepare_v2(st->db, checks[c].sql, -1, &stmt, NULL);
        if (rc == SQLITE_OK && sqlite3_bind_parameter_count(stmt))
            sqlite3_bind_int(stmt, 1, log_empty(st->path));
        while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            /* The codes shown come from the file: as long as they are. */
            struct strbuf line = STRBUF_INIT;
            if (checks[c].format(stmt, &line)) {
                if (!checks[c].task)
                    *sound = false;
                else if (unfinished)
                    ++*unfinished;
                fn(strbuf_failed(&line) ? _("out of memory") : strbuf_str(&line), ctx);
            }
            strbuf_release(&line);
            rc = SQLITE_OK;
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE && rc != SQLITE_OK)
            return store_db_error(st, rc, err);
    }
    if (schema_problems)
        return GU_OK;
    /* The per-day counts of the sessions (migration 004) against the facts they count. */
    long long present = 0;
    long recount_problems = 0;
    int status = query_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'session_tally'",
                           &present, err);
    if (!status && present) {
        int rc = store_recount_session_tally(st->db, 100, fn, ctx, &recount_problems);
        if (rc != SQLITE_OK)
            return store_db_error(st, rc, err);
        if (recount_problems)
            *sound = false;
    }
    if (!status)
        status = check_search_index(st, fn, ctx, sound, err);
    if (!status)
        status = check_partner_index(st, fn, ctx, sound, err);
    return status ? status : check_people_index(st, fn, ctx, sound, err);
}

int store_check(struct store *st, store_problem_fn fn, void *ctx, bool *sound, long *unfinished,
                struct gu_error *err)
{
    return check(st, false, fn, ctx, sound, unfinished, err);
}

int store_check_derived(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                        struct gu_error *err)
{
    return check(st, true, fn, ctx, sound, NULL, err);
}

/* ---- workshops ----------------------------------------------------------------------------- */

/* A stable, unique iCalendar UID: 128 random bits. */
static int new_uid(char out[48], struct gu_error *err)
{
    unsigned char bytes[16];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        return error_set(err, GU_FAILURE, "%s", _("cannot read random numbers for an identifier"));
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    snprintf(out + 32, 16, "@guichet");
    return GU_OK;
}

/* Binds title … updated time at ?base … ?base+9: STMT_WORKSHOP_ADD (base 3) and
 * STMT_WORKSHOP_UPDATE (base 2) share that run of columns. */
static void bind_workshop(sqlite3_stmt *stmt, int base, const struct workshop *w, const char *when,
                          int64_t site_id, int64_t facilitator_id, const char *now)
{
    sqlite3_bind_text(stmt, base, w->title, -1, SQLITE_STATIC);
    bind_text_or_null(stmt, base + 1, w->description);
    bind_code(stmt, base + 2, VOCAB_LEVEL, w->level);
    if (site_id)
        sqlite3_bind_int64(stmt, base + 3, site_id);
    bind_text_or_null(stmt, base + 4, w->room);
    sqlite3_bind_text(stmt, base + 5, when, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, base + 6, w->duration_min);
    sqlite3_bind_int(stmt, base + 7, w->capacity);
    if (facilitator_id)
        sqlite3_bind_int64(stmt, base + 8, facilitator_id);
    sqlite3_bind_text(stmt, base + 9, now, -1, SQLITE_STATIC);
}

static int add_workshop_themes(struct store *st, int64_t id, vocab_set themes,
                               struct gu_error *err)
{
    return add_set(st, STMT_WORKSHOP_THEME_ADD, VOCAB_THEME, id, themes, err);
}

int store_add_workshops(struct store *st, const struct workshop *w, int dates, int every_weeks,
                        int64_t by_operator, int64_t *ids, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, facilitator_id = 0, series_id = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = resolve_site_and_operator(st, &sites, &operators, w->site_name,
                                           w->facilitator_name, now, &site_id,
                                           &facilitator_id, err);
    if (!status && dates > 1) {
        sqlite3_stmt *stmt = stmt_get(st, STMT_SERIES_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_int(stmt, 1, every_weeks);
            sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
            series_id = sqlite3_last_insert_rowid(st->db);
        }
    }
    long first_day = date_to_days(w->at.year, w->at.month, w->at.day);
    for (int i = 0; !status && i < (dates > 1 ? dates : 1); i++) {
        struct gu_datetime at = w->at;
        date_from_days(first_day + 7L * every_weeks * i, &at.year, &at.month, &at.day);
        char when[DATETIME_TEXT_SIZE], uid[48];
        datetime_format(&at, when);
        sqlite3_stmt *stmt = NULL;
        status = new_uid(uid, err);
        if (!status && !(stmt = stmt_get(st, STMT_WORKSHOP_ADD, err)))
            status = GU_FAILURE;
        if (status)
            break;
        sqlite3_bind_text(stmt, 1, uid, -1, SQLITE_STATIC);
        if (series_id)
            sqlite3_bind_int64(stmt, 2, series_id);
        bind_workshop(stmt, 3, w, when, site_id, facilitator_id, now);
        status = stmt_run(st, stmt, err);
        int64_t id = sqlite3_last_insert_rowid(st->db);
        if (!status)
            status = add_workshop_themes(st, id, w->themes, err);
        if (!status)
            status = store_add_audit(st, now, by_operator, "create", "workshop", id, NULL, err);
        if (!status && ids)
            ids[i] = id;
    }
    return store_tx_end(st, status, err);
}

/* Fills w from a row of STMT_WORKSHOPS_LIST; strings are borrowed from the statement. */
static void read_workshop_row(sqlite3_stmt *stmt, struct workshop *w)
{
    workshop_init(w);
    w->id = sqlite3_column_int64(stmt, 0);
    w->uid = column_borrow(stmt, 1);
    w->sequence = sqlite3_column_int(stmt, 2);
    w->series_id = sqlite3_column_int64(stmt, 3);
    w->title = column_borrow(stmt, 4);
    w->description = column_borrow(stmt, 5);
    w->level = column_code(stmt, 6, VOCAB_LEVEL);
    w->site_name = column_borrow(stmt, 7);
    w->room = column_borrow(stmt, 8);
    datetime_parse((const char *)sqlite3_column_text(stmt, 9), &w->at);
    w->duration_min = sqlite3_column_int(stmt, 10);
    w->capacity = sqlite3_column_int(stmt, 11);
    w->facilitator_name = column_borrow(stmt, 12);
    w->status = column_code(stmt, 13, VOCAB_WORKSHOP_STATUS);
    w->walk_ins = sqlite3_column_int(stmt, 14);
    snprintf(w->updated_at, sizeof w->updated_at, "%s", (const char *)sqlite3_column_text(stmt, 15));
    w->themes = parse_codes(VOCAB_THEME, sqlite3_column_text(stmt, 16));
    w->booked = sqlite3_column_int(stmt, 17);
    w->waitlisted = sqlite3_column_int(stmt, 18);
    w->attended = sqlite3_column_int(stmt, 19);
    w->absent = sqlite3_column_int(stmt, 20);
    w->excused = sqlite3_column_int(stmt, 21);
}

/* Calls fn for workshop id, or (id 0) for those starting from from to before until. */
static int each_workshop(struct store *st, const char *from, const char *until, int64_t id,
                         store_workshop_fn fn, void *ctx, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, id ? STMT_WORKSHOP_GET : STMT_WORKSHOPS_LIST, err);
    if (!stmt)
        return GU_FAILURE;
    if (id)
        sqlite3_bind_int64(stmt, 1, id);
    else {
        sqlite3_bind_text(stmt, 1, from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 2, until, -1, SQLITE_TRANSIENT);
    }
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct workshop w;
        read_workshop_row(stmt, &w);
        status = fn(&w, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

int store_list_workshops(struct store *st, const char *from, const char *to, store_workshop_fn fn,
                         void *ctx, struct gu_error *err)
{
    char until[DATE_TEXT_SIZE] = "9999-99-99";
    if (to)
        next_day(to, until);
    return each_workshop(st, from ? from : "0000", until, 0, fn, ctx, err);
}

struct workshop_copy_ctx {
    struct workshop *out;
    bool *found;
    struct gu_error *err;
};

static int copy_workshop(const struct workshop *w, void *ctx)
{
    struct workshop_copy_ctx *c = ctx;
    int status = workshop_copy(c->out, w, c->err);
    *c->found = status == GU_OK;
    return status;
}

int store_get_workshop(struct store *st, int64_t id, struct workshop *out, bool *found,
                       struct gu_error *err)
{
    workshop_init(out);
    *found = false;
    struct workshop_copy_ctx c = {out, found, err};
    return each_workshop(st, NULL, NULL, id, copy_workshop, &c, err);
}

static int no_such(const char *what_fmt, int64_t id, struct gu_error *err)
{
    return error_set(err, GU_INVALID, what_fmt, (long long)id);
}

/* Reads one integer from a statement with ?1 = id and ?2 = text (may be NULL). */
static int count_with(struct store *st, enum stmt_id sid, int64_t id, const char *text,
                      long long *out, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, sid, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    bind_text_or_null(stmt, 2, text);
    return stmt_int(st, stmt, out, err);
}

/* Gives the first waitlisted person of workshop_id a seat. *p->promoted tells if anyone waited. */
static int promote_first(struct store *st, int64_t workshop_id, const char *now,
                         struct promotion *p, struct gu_error *err)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *stmt = stmt_get(st, STMT_WAITLIST_FIRST, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, workshop_id);
    int rc = sqlite3_step(stmt);
    bool copied = true;
    if (rc == SQLITE_ROW) {
        p->promoted = true;
        p->registration_id = sqlite3_column_int64(stmt, 0);
        const char *name = (const char *)sqlite3_column_text(stmt, 1),
                   *phone = (const char *)sqlite3_column_text(stmt, 2),
                   *email = (const char *)sqlite3_column_text(stmt, 3);
        p->name = strdup(name ? name : "");
        p->phone = strdup(phone ? phone : "");
        p->email = strdup(email ? email : "");
        copied = p->name && p->phone && p->email;
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_db_error(st, rc, err);
    if (!copied) {
        promotion_clear(p);
        return error_nomem(err);
    }
    if (!p->promoted)
        return GU_OK;
    stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, p->registration_id);
    sqlite3_bind_text(stmt, 2, "booked", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
    int status = stmt_run(st, stmt, err);
    if (!status)
        status = store_add_audit(st, now, 0, "promote", "registration", p->registration_id, NULL, err);
    return status;
}

int store_update_workshop(struct store *st, const struct workshop *w, int64_t by_operator,
                          store_promotion_fn fn, void *ctx, struct gu_error *err)
{
    char now[21], when[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    datetime_format(&w->at, when);
    struct name_cache sites = {0}, operators = {0};
    int64_t site_id = 0, facilitator_id = 0;
    struct workshop current;
    bool found = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, w->id, &current, &found, err);
    if (!status && !found)
        status = no_such(_("workshop %lld does not exist"), w->id, err);
    if (!status && current.status != workshop_status("planned"))
        status = error_set(err, GU_INVALID, _("workshop %lld is no longer planned: it cannot change"),
                           (long long)w->id);
    if (!status && w->capacity < current.booked)
        status = error_set(err, GU_INVALID,
                           _("the capacity cannot go below the %d seats already booked"),
                           current.booked);
    int free_seats = found ? w->capacity - current.booked : 0;
    workshop_clear(&current);
    if (!status)
        status = resolve_site_and_operator(st, &sites, &operators, w->site_name,
                                           w->facilitator_name, now, &site_id,
                                           &facilitator_id, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, w->id);
        bind_workshop(stmt, 2, w, when, site_id, facilitator_id, now);
        status = stmt_run(st, stmt, err);
    }
    if (!status)
        status = run_with_id(st, STMT_WORKSHOP_THEMES_CLEAR, w->id, err);
    if (!status)
        status = add_workshop_themes(st, w->id, w->themes, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "workshop", w->id, NULL, err);
    /* New seats go to the people waiting, first come first served. */
    struct promotion *promoted = free_seats > 0 ? calloc((size_t)free_seats, sizeof *promoted) : NULL;
    if (!status && free_seats > 0 && !promoted)
        status = error_nomem(err);
    int npromoted = 0;
    while (!status && npromoted < free_seats) {
        status = promote_first(st, w->id, now, &promoted[npromoted], err);
        if (status || !promoted[npromoted].promoted)
            break;
        npromoted++;
    }
    status = store_tx_end(st, status, err);
    for (int i = 0; !status && fn && i < npromoted; i++)
        fn(&promoted[i], ctx);
    for (int i = 0; promoted && i < free_seats; i++)
        promotion_clear(&promoted[i]);
    free(promoted);
    return status;
}

int store_cancel_workshop(struct store *st, int64_t id, bool rest_of_series, int64_t by_operator,
                          int *count, struct gu_error *err)
{
    char now[21], when[DATETIME_TEXT_SIZE];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    *count = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, id, &w, &found, err);
    if (!status && !found)
        status = no_such(_("workshop %lld does not exist"), id, err);
    if (!status && w.status != workshop_status("planned"))
        status = error_set(err, GU_INVALID, _("workshop %lld is not planned: nothing to cancel"),
                           (long long)id);
    if (!status && rest_of_series && !w.series_id)
        status = error_set(err, GU_INVALID, _("workshop %lld is not part of a series"),
                           (long long)id);
    sqlite3_stmt *stmt = NULL;
    if (found)
        datetime_format(&w.at, when);
    /* Their people are to be told; marked while the workshops are still planned. */
    if (!status && !(stmt = stmt_get(st, STMT_NOTICE_CANCEL, err)))
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, id);
        if (rest_of_series)
            sqlite3_bind_int64(stmt, 2, w.series_id);
        sqlite3_bind_text(stmt, 3, when, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status && !(stmt = stmt_get(st, rest_of_series ? STMT_WORKSHOP_CANCEL_REST
                                                        : STMT_WORKSHOP_CANCEL, err)))
        status = GU_FAILURE;
    if (!status) {
        if (rest_of_series) {
            sqlite3_bind_int64(stmt, 1, w.series_id);
            sqlite3_bind_text(stmt, 2, when, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(stmt, 1, id);
            sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
        }
        status = stmt_run(st, stmt, err);
        *count = sqlite3_changes(st->db);
    }
    if (found)
        workshop_clear(&w);
    if (!status)
        status = store_add_audit(st, now, by_operator, "cancel", "workshop", id,
                           rest_of_series ? "rest of series" : NULL, err);
    return store_tx_end(st, status, err);
}

int store_reopen_workshop(struct store *st, int64_t id, int64_t by_operator, int *to_tell,
                          struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    long long reopened = 0;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, id, &w, &found, err);
    if (!status && !found)
        status = no_such(_("workshop %lld does not exist"), id, err);
    if (!status && w.status != workshop_status("cancelled"))
        status = error_set(err, GU_INVALID, _("workshop %lld is not cancelled: nothing to reopen"),
                           (long long)id);
    if (found)
        workshop_clear(&w);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_REOPEN, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status)
        status = run_with_id(st, STMT_NOTICE_REOPEN, id, err);
    if (!status)
        status = count_with(st, STMT_NOTICE_TO_TELL, id, NULL, &reopened, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "reopen", "workshop", id, NULL, err);
    status = store_tx_end(st, status, err);
    if (to_tell)
        *to_tell = status ? 0 : (int)reopened;
    return status;
}

int store_mark_told(struct store *st, int64_t registration_id, int64_t by_operator,
                    struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_NOTICE_TOLD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, registration_id);
        sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) == 0)
        status = error_set(err, GU_INVALID,
                           _("registration %lld has nothing to tell (told already, or no such "
                             "registration)"),
                           (long long)registration_id);
    if (!status)
        status = store_add_audit(st, now, by_operator, "told", "registration", registration_id,
                                 NULL, err);
    return store_tx_end(st, status, err);
}

/* What the people's index holds of a folded name: the name, then, when it has hyphens or
 * apostrophes, the name with them taken out, so that its joined words are found too (as
 * migration 022 indexes the sessions' and partners' texts). A new string; NULL when out of
 * memory. */
static char *participant_index_text(const char *fold)
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
static int find_or_add_participant(struct store *st, const struct person_kept *person,
                                   const char *now, int64_t *id, struct gu_error *err)
{
    /* Folded to find the person by name; one chosen by number needs none. */
    char *fold = person->id ? NULL : text_fold(person->name);
    if (!person->id && !fold)
        return error_nomem(err);
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    bool contact = person->phone || person->email;
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_FIND, err);
    int status = stmt ? GU_OK : GU_FAILURE, rc = SQLITE_DONE;
    *id = 0;
    if (!status && person->id) {
        /* The person the desk chose among those it found: that record, nobody else's; the
         * write below finds it only when it exists and is not erased. */
        *id = person->id;
    } else if (!status) {
        sqlite3_bind_text(stmt, 1, fold, -1, SQLITE_STATIC);
        bind_text_or_null(stmt, 2, person->phone);
        bind_text_or_null(stmt, 3, person->email);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *id = sqlite3_column_int64(stmt, 0);
            bool exact = sqlite3_column_int(stmt, 1) != 0, by_phone = sqlite3_column_int(stmt, 2),
                 by_email = sqlite3_column_int(stmt, 3);
            rc = sqlite3_step(stmt);
            /* No exact contact: only when alone. An exact one, unless another record matches
             * where this one does not (her phone on one, her e-mail on another: nobody is
             * guessed); two records of the same phone are one person's, the newest taken. */
            if (rc == SQLITE_ROW &&
                (!exact || (sqlite3_column_int(stmt, 2) && !by_phone) ||
                 (sqlite3_column_int(stmt, 3) && !by_email)))
                *id = 0;
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            status = store_db_error(st, rc, err);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    if (!status && *id) {
        stmt = stmt_get(st, STMT_PARTICIPANT_TOUCH, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_int64(stmt, 1, *id);
            sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
            bind_text_or_null(stmt, 3, person->phone);
            bind_text_or_null(stmt, 4, person->email);
            sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
        }
        if (!status && sqlite3_changes(st->db) == 0) {
            status = no_such(_("person %lld does not exist"), *id, err);
            *id = 0;
        }
    } else if (!status) {
        stmt = stmt_get(st, STMT_PARTICIPANT_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_text(stmt, 1, person->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 2, fold, -1, SQLITE_STATIC);
            bind_text_or_null(stmt, 3, person->phone);
            bind_text_or_null(stmt, 4, person->email);
            /* Contact details are only kept with consent, which giving them records. */
            bind_text_or_null(stmt, 5, contact ? now : NULL);
            sqlite3_bind_text(stmt, 6, today, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
            *id = sqlite3_last_insert_rowid(st->db);
        }
        if (!status) {
            stmt = stmt_get(st, STMT_PARTICIPANT_INDEX, err);
            status = stmt ? GU_OK : GU_FAILURE;
        }
        char *indexed = status ? NULL : participant_index_text(fold);
        if (!status && !indexed)
            status = error_nomem(err);
        if (!status) {
            sqlite3_bind_int64(stmt, 1, *id);
            sqlite3_bind_text(stmt, 2, indexed, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
        }
        free(indexed);
    }
    free(fold);
    return status;
}

/* The commune given on booking, onto the participant's record (nothing given keeps theirs),
 * and "already helped" onto the registration (a new one has it not given already; one booked
 * again takes the new answer). */
static int set_booking_residence(struct store *st, int64_t participant_id,
                                 int64_t registration_id, bool rebooked,
                                 const struct person *typed, struct gu_error *err)
{
    const struct residence *r = typed->residence;
    int status = GU_OK;
    if (r && !residence_is_empty(r)) {
        sqlite3_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_RESIDENCE_SET, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, participant_id);
        bind_text_or_null(stmt, 2, r->postal_code);
        bind_text_or_null(stmt, 3, r->name);
        bind_text_or_null(stmt, 4, r->insee);
        status = stmt_run(st, stmt, err);
    }
    if (status || (!rebooked && typed->already_helped == HELPED_NOT_GIVEN))
        return status;
    sqlite3_stmt *stmt = stmt_get(st, STMT_REGISTRATION_HELPED_SET, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, registration_id);
    bind_helped(stmt, 2, typed->already_helped);
    return stmt_run(st, stmt, err);
}

int store_book(struct store *st, int64_t workshop_id, const struct person *typed,
               int64_t by_operator, struct booking *out, struct gu_error *err)
{
    memset(out, 0, sizeof *out);
    /* One form of each name, phone and e-mail, so that the same person is found again however
     * the desk typed them. */
    struct person_kept person;
    int status = person_canonicalize(_("name"), typed, &person, err);
    if (status) {
        person_kept_clear(&person);
        return status;
    }
    status = store_tx_begin(st, err);
    /* The time of the booking is read once this desk holds the write lock: a desk that read
     * the clock, then waited for another's booking, would otherwise book "before" it. */
    char now[21];
    clock_now_utc_text(now);
    /* Only what booking needs of the workshop: whether it is planned, its seats and how many
     * are taken, read inside the write transaction: no other desk can book in between. */
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_BOOKABLE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int capacity = 0;
    long long booked = 0;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, workshop_id);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            int ws = vocab_find(VOCAB_WORKSHOP_STATUS, (const char *)sqlite3_column_text(stmt, 0));
            capacity = sqlite3_column_int(stmt, 1);
            booked = sqlite3_column_int64(stmt, 2);
            if (ws != workshop_status("planned"))
                status = error_set(err, GU_INVALID, _("workshop %lld is not open for booking (%s)"),
                                   (long long)workshop_id,
                                   ws == VOCAB_NONE ? "?" : vocab_label(VOCAB_WORKSHOP_STATUS, ws));
        } else if (rc == SQLITE_DONE)
            status = no_such(_("workshop %lld does not exist"), workshop_id, err);
        else
            status = store_db_error(st, rc, err);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    if (!status)
        status = find_or_add_participant(st, &person, now, &out->participant_id, err);
    const char *state = booked < capacity ? "booked" : "waitlisted";
    out->waitlisted = booked >= capacity;
    stmt = status ? NULL : stmt_get(st, STMT_REGISTRATION_FIND, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int64_t existing = 0;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, workshop_id);
        sqlite3_bind_int64(stmt, 2, out->participant_id);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            existing = sqlite3_column_int64(stmt, 0);
            if (strcmp((const char *)sqlite3_column_text(stmt, 1), "cancelled") != 0)
                status = error_set(err, GU_INVALID,
                                   _("%s is already registered for this workshop (registration %lld)"),
                                   person.name, (long long)existing);
        } else if (rc != SQLITE_DONE)
            status = store_db_error(st, rc, err);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    if (!status) {
        stmt = stmt_get(st, existing ? STMT_REGISTRATION_REBOOK : STMT_REGISTRATION_ADD, err);
        status = stmt ? GU_OK : GU_FAILURE;
    }
    if (!status) {
        if (existing) {
            sqlite3_bind_int64(stmt, 1, existing);
            sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(stmt, 1, workshop_id);
            sqlite3_bind_int64(stmt, 2, out->participant_id);
            sqlite3_bind_text(stmt, 3, state, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
        }
        status = stmt_run(st, stmt, err);
        out->registration_id = existing ? existing : sqlite3_last_insert_rowid(st->db);
    }
    if (!status && out->waitlisted) {
        sqlite3_stmt *pos = stmt_get(st, STMT_WAITLIST_POSITION, err);
        status = pos ? GU_OK : GU_FAILURE;
        if (!status) {
            long long position;
            sqlite3_bind_int64(pos, 1, out->registration_id);
            status = stmt_int(st, pos, &position, err);
            out->position = (int)position;
        }
    }
    if (!status)
        status = set_booking_residence(st, out->participant_id, out->registration_id,
                                       existing != 0, typed, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "book", "registration", out->registration_id,
                           state, err);
    person_kept_clear(&person);
    return store_tx_end(st, status, err);
}

int store_unbook(struct store *st, int64_t registration_id, int64_t by_operator,
                 struct promotion *out, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    memset(out, 0, sizeof *out);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_REGISTRATION_READ, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    int64_t workshop_id = 0;
    char state[16] = "", workshop_state[16] = "";
    if (!status) {
        sqlite3_bind_int64(stmt, 1, registration_id);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            workshop_id = sqlite3_column_int64(stmt, 1);
            snprintf(state, sizeof state, "%s", (const char *)sqlite3_column_text(stmt, 2));
            snprintf(workshop_state, sizeof workshop_state, "%s",
                     (const char *)sqlite3_column_text(stmt, 7));
        } else if (rc == SQLITE_DONE)
            status = no_such(_("registration %lld does not exist"), registration_id, err);
        else
            status = store_db_error(st, rc, err);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    if (!status && strcmp(state, "booked") != 0 && strcmp(state, "waitlisted") != 0)
        status = error_set(err, GU_INVALID, _("registration %lld cannot be cancelled (%s)"),
                           (long long)registration_id,
                           vocab_label(VOCAB_REGISTRATION_STATE,
                                       vocab_find(VOCAB_REGISTRATION_STATE, state)));
    if (!status && strcmp(workshop_state, "planned") != 0)
        status = error_set(err, GU_INVALID, "%s", _("the workshop is no longer planned"));
    if (!status) {
        stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
        status = stmt ? GU_OK : GU_FAILURE;
    }
    if (!status) {
        sqlite3_bind_int64(stmt, 1, registration_id);
        sqlite3_bind_text(stmt, 2, "cancelled", -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "unbook", "registration", registration_id, NULL,
                           err);
    if (!status && !strcmp(state, "booked"))
        status = promote_first(st, workshop_id, now, out, err);
    status = store_tx_end(st, status, err);
    if (status)
        promotion_clear(out); /* rolled back: nobody has the seat */
    return status;
}

/* Sets the state of each registration in ids, which must belong to workshop_id. */
static int set_states(struct store *st, int64_t workshop_id, const int64_t *ids, size_t n,
                      const char *state, const char *now, struct gu_error *err)
{
    for (size_t i = 0; i < n; i++) {
        /* The usual line, one of this workshop's that is booked or already marked, in one
         * write; the others are read to tell which they are. */
        sqlite3_stmt *stmt = stmt_get(st, STMT_REGISTRATION_MARK, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, ids[i]);
        sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 4, workshop_id);
        int status = stmt_run(st, stmt, err);
        if (status)
            return status;
        if (sqlite3_changes(st->db) == 1)
            continue;
        stmt = stmt_get(st, STMT_REGISTRATION_READ, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, ids[i]);
        int rc = sqlite3_step(stmt);
        bool ours = rc == SQLITE_ROW && sqlite3_column_int64(stmt, 1) == workshop_id;
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_db_error(st, rc, err);
        if (!ours)
            return error_set(err, GU_INVALID,
                             _("registration %lld is not one of this workshop's"),
                             (long long)ids[i]);
        if (strcmp(state, "attended") != 0)
            continue; /* only people who came change a waitlisted or cancelled line */
        stmt = stmt_get(st, STMT_REGISTRATION_SET_STATE, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, ids[i]);
        sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
        if (status)
            return status;
    }
    return GU_OK;
}

int store_take_attendance(struct store *st, int64_t workshop_id, const struct attendance *a,
                          int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct workshop w;
    bool found = false;
    int status = store_tx_begin(st, err);
    if (!status)
        status = store_get_workshop(st, workshop_id, &w, &found, err);
    if (!status && !found)
        status = no_such(_("workshop %lld does not exist"), workshop_id, err);
    struct gu_datetime clock = clock_now();
    if (!status && datetime_compare(&w.at, &clock) > 0)
        status = error_set(err, GU_INVALID, "%s",
                           _("attendance is taken once the workshop has started"));
    if (!status && w.status == workshop_status("cancelled"))
        status = error_set(err, GU_INVALID, "%s", _("the workshop was cancelled"));
    int walk_ins = found ? (a->walk_ins >= 0 ? a->walk_ins : w.walk_ins) : 0;
    if (found)
        workshop_clear(&w);
    if (!status)
        status = set_states(st, workshop_id, a->present, a->npresent, "attended", now, err);
    if (!status)
        status = set_states(st, workshop_id, a->absent, a->nabsent, "absent", now, err);
    if (!status)
        status = set_states(st, workshop_id, a->excused, a->nexcused, "excused", now, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_HELD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, workshop_id);
        sqlite3_bind_int(stmt, 2, walk_ins);
        sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "attendance", "workshop", workshop_id, NULL, err);
    return store_tx_end(st, status, err);
}

int store_add_held_registrations(struct store *st, int64_t workshop_id,
                                 const struct person *people, const char *const *states,
                                 size_t n, int walk_ins, int64_t *participant_ids,
                                 struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_WORKSHOP_BOOKABLE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        /* Only a planned workshop: a held one's registrations would be counted twice. */
        sqlite3_bind_int64(stmt, 1, workshop_id);
        int rc = sqlite3_step(stmt);
        const unsigned char *ws = rc == SQLITE_ROW ? sqlite3_column_text(stmt, 0) : NULL;
        if (rc == SQLITE_ROW && (!ws || strcmp((const char *)ws, "planned") != 0))
            status = error_set(err, GU_INVALID, _("workshop %lld is not open for booking (%s)"),
                               (long long)workshop_id, ws ? (const char *)ws : "?");
        else if (rc == SQLITE_DONE)
            status = no_such(_("workshop %lld does not exist"), workshop_id, err);
        else if (rc != SQLITE_ROW)
            status = store_db_error(st, rc, err);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    for (size_t i = 0; !status && i < n; i++) {
        if (vocab_find(VOCAB_REGISTRATION_STATE, states[i]) == VOCAB_NONE) {
            status = error_set(err, GU_INVALID, "store_add_held_registrations: state \"%s\"",
                               states[i]);
            break;
        }
        struct person_kept person;
        status = person_canonicalize(_("name"), &people[i], &person, err);
        if (!status)
            status = find_or_add_participant(st, &person, now, &participant_ids[i], err);
        person_kept_clear(&person);
        if (!status && !(stmt = stmt_get(st, STMT_REGISTRATION_ADD, err)))
            status = GU_FAILURE;
        if (!status) {
            sqlite3_bind_int64(stmt, 1, workshop_id);
            sqlite3_bind_int64(stmt, 2, participant_ids[i]);
            sqlite3_bind_text(stmt, 3, states[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
        }
        if (!status)
            status = set_booking_residence(st, participant_ids[i], sqlite3_last_insert_rowid(st->db),
                                           false, &people[i], err);
    }
    /* Held once its registrations are in: the workshop's triggers count them then, and those
     * of each registration, not yet of a held workshop, did nothing but its seats. */
    if (!status && !(stmt = stmt_get(st, STMT_WORKSHOP_HELD, err)))
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, workshop_id);
        sqlite3_bind_int(stmt, 2, walk_ins);
        sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status) {
        char detail[32];
        snprintf(detail, sizeof detail, "%zu", n);
        status = store_add_audit(st, now, 0, "attendance", "workshop", workshop_id, detail, err);
    }
    return store_tx_end(st, status, err);
}

int store_list_registrations(struct store *st, int64_t workshop_id, store_registration_fn fn,
                             void *ctx, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_REGISTRATIONS_LIST, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, workshop_id);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct registration_row r = {
            .id = sqlite3_column_int64(stmt, 0),
            .state = column_code(stmt, 1, VOCAB_REGISTRATION_STATE),
            .booked_at = column_borrow(stmt, 2),
            .participant_id = sqlite3_column_int64(stmt, 3),
            .name = column_borrow(stmt, 4),
            .phone = column_borrow(stmt, 5),
            .email = column_borrow(stmt, 6),
            .notice = workshop_notice((const char *)sqlite3_column_text(stmt, 7)),
            .residence = {column_borrow(stmt, 8), column_borrow(stmt, 9), column_borrow(stmt, 10)},
            .already_helped = helped_from_column(stmt, 11),
        };
        status = fn(&r, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

int store_list_calls(struct store *st, const char *from, const char *until, store_call_fn fn,
                     void *ctx, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_CALLS, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, until, -1, SQLITE_TRANSIENT);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct call_row c = {
            .workshop_id = sqlite3_column_int64(stmt, 0),
            .title = column_borrow(stmt, 1),
            .registration_id = sqlite3_column_int64(stmt, 3),
            .name = column_borrow(stmt, 4),
            .phone = column_borrow(stmt, 5),
            .email = column_borrow(stmt, 6),
        };
        int kind = sqlite3_column_int(stmt, 7);
        c.notice = kind == 1 ? NOTICE_CANCELLED : kind == 2 ? NOTICE_REOPENED : NOTICE_NONE;
        datetime_parse((const char *)sqlite3_column_text(stmt, 2), &c.at);
        status = fn(&c, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

/* The FTS5 query of the desk's one search (text_search) over the people's index, which holds
 * each folded name and its words joined (participant_index_text): "Marie-Du Pont" ->
 * ("mariedu"* OR ("marie"* AND "du"*)) AND "pont"*, every term a prefix, all required, in any
 * order. Terms hold only letters, digits and joiners, so none can close its quotes or read as
 * an FTS5 operator. "" when there is no word; NULL when out of memory. */
static char *participant_query(const char *text)
{
    struct text_search search;
    if (text_search_compile(&search, text))
        return NULL;
    struct strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < search.n; i++) {
        strbuf_puts(&q, i ? " AND " : "");
        if (search.joined[i])
            strbuf_printf(&q, "(\"%s\"* OR (", search.joined[i]);
        for (const char *p = search.words[i]; *p;) {
            size_t piece = strcspn(p, "-'");
            if (piece)
                strbuf_printf(&q, "%s\"%.*s\"*", p == search.words[i] ? "" : " AND ",
                              (int)piece, p);
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
    char *query = participant_query(text);
    if (!query)
        return error_nomem(err);
    if (!*query) {
        free(query);
        return GU_OK;
    }
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_SEARCH, err);
    int status = stmt ? GU_OK : GU_FAILURE, rc = SQLITE_DONE;
    if (!status) {
        sqlite3_bind_text(stmt, 1, query, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 2, limit);
        while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            struct participant_row p = {
                .id = sqlite3_column_int64(stmt, 0),
                .name = column_borrow(stmt, 1),
                .phone = column_borrow(stmt, 2),
                .email = column_borrow(stmt, 3),
            };
            status = fn(&p, ctx);
        }
        status = stmt_finish(st, stmt, status, rc, err);
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
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_GET, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt), status = GU_OK;
    if (rc == SQLITE_ROW) {
        *phone = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
        *email = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
        if (sqlite3_column_int(stmt, 2))
            status = error_set(err, GU_INVALID, _("person %lld was erased: there is nothing to merge"),
                               (long long)id);
    } else if (rc == SQLITE_DONE) {
        status = no_such(_("person %lld does not exist"), id, err);
    }
    return stmt_finish(st, stmt, status, rc, err);
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
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTICIPANT_REGISTRATIONS, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, participant_id);
    size_t cap = 0;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!array_reserve(regs, &cap, *n, sizeof **regs, 8)) {
            status = error_nomem(err);
            break;
        }
        const char *state = (const char *)sqlite3_column_text(stmt, 2),
                   *workshop = (const char *)sqlite3_column_text(stmt, 3);
        (*regs)[(*n)++] = (struct merged_registration){
            .id = sqlite3_column_int64(stmt, 0),
            .workshop_id = sqlite3_column_int64(stmt, 1),
            .weight = state_weight(state),
            .booked = state && !strcmp(state, "booked"),
            .planned = workshop && !strcmp(workshop, "planned"),
        };
    }
    return stmt_finish(st, stmt, status, rc, err);
}

/* Gives keep the registration r. When keep is registered for the same workshop, the heavier of
 * the two stays and the other is deleted; a seat the deleted one held goes to the first person
 * waiting, as when a booking is cancelled (*p, which tells whether anyone was promoted). */
static int merge_registration(struct store *st, int64_t keep, const struct merged_registration *r,
                              const char *now, struct promotion *p, struct merge_outcome *out,
                              struct gu_error *err)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *stmt = stmt_get(st, STMT_REGISTRATION_FIND, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, r->workshop_id);
    sqlite3_bind_int64(stmt, 2, keep);
    int64_t kept_id = 0;
    int kept_weight = 0;
    bool kept_booked = false;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(stmt, 1);
        kept_id = sqlite3_column_int64(stmt, 0);
        kept_weight = state_weight(state);
        kept_booked = state && !strcmp(state, "booked");
    }
    int status = stmt_finish(st, stmt, GU_OK, rc, err);
    bool move = true, freed_seat = false;
    if (!status && kept_id) {
        move = r->weight > kept_weight; /* on a tie, keep's own stays */
        freed_seat = move ? kept_booked : r->booked;
        status = run_with_id(st, STMT_REGISTRATION_DELETE, move ? kept_id : r->id, err);
        out->dropped++;
    }
    if (!status && move) {
        stmt = stmt_get(st, STMT_REGISTRATION_MOVE, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_int64(stmt, 1, r->id);
            sqlite3_bind_int64(stmt, 2, keep);
            sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err);
        }
        out->moved += !status;
    }
    if (!status && freed_seat && r->planned)
        status = promote_first(st, r->workshop_id, now, p, err);
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
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTICIPANT_MERGE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, keep);
        sqlite3_bind_int64(stmt, 2, other);
        status = stmt_run(st, stmt, err);
    }
    if (!status)
        status = run_with_id(st, STMT_PARTICIPANT_UNINDEX, other, err);
    if (!status)
        status = run_with_id(st, STMT_PARTICIPANT_DELETE, other, err);
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

/* ---- partners and the routing policy --------------------------------------------------- */

/* Fills p from a row of STMT_PARTNERS (or PARTNER_FIELDS, with name_fold at 23); its strings
 * are borrowed from the statement. */
static void read_partner_row(sqlite3_stmt *stmt, struct partner *p)
{
    *p = (struct partner){
        .id = sqlite3_column_int64(stmt, 0),
        .code = column_borrow(stmt, 1),
        .national = sqlite3_column_int(stmt, 16) != 0,
    };
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++) /* columns 2-15, in the enum's order */
        p->field[i] = column_borrow(stmt, 2 + i);
    p->mednum_id = column_borrow(stmt, 17);
    p->pivot = column_borrow(stmt, 18);
    p->code_insee = column_borrow(stmt, 19);
    p->updated_on = column_borrow(stmt, 20);
    p->mednum_extra = column_borrow(stmt, 21);
    p->updated_at = column_borrow(stmt, 22);
    if (sqlite3_column_count(stmt) > 23)
        p->name_fold = column_borrow(stmt, 23);
}

static int each_partner(struct store *st, int64_t id, store_partner_fn fn, void *ctx,
                        struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, id ? STMT_PARTNER_GET : STMT_PARTNERS, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    int status = GU_OK, rc, rows = 0;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct partner p;
        read_partner_row(stmt, &p);
        rows++;
        status = fn(&p, ctx);
    }
    status = stmt_finish(st, stmt, status, rc, err);
    if (!status && id && !rows)
        status = no_such(_("partner %lld does not exist"), id, err);
    return status;
}

/* Searching the directory (store_page_partners). partner_matches is the one definition of what
 * a search finds; the store only chooses which partners it is shown, as for the history's
 * search. The listing is read in order first, PARTNER_SCAN_ROWS partners at most, and on, up to
 * SEARCH_DENSE times as many, while one in SEARCH_DENSE_RATIO of them or more is found. A rarer
 * search takes from the index the set of partners each word can reach (partner_word_set: its words
 * in the texts, and the categories whose label, in the desk's language now, has one), read up
 * to PARTNER_SET_MAX rows and kept between keystrokes (word_set_of). The sets intersected hold
 * every partner the search can find: up to PARTNER_SORT_MAX, they are sorted by their key and
 * read one by one; more, the directory's numbers are read in order from its index and only the
 * partners of the set are read. A search of words the index cannot answer for (other characters
 * than a-z and 0-9) reads on in order. */
#define PARTNER_SCAN_ROWS 300
#define PARTNER_SORT_MAX 2000
#define PARTNER_SET_MAX 100000

void store_set_partner_search_limits(struct store *st, long scan_rows, long sort_max,
                                     long set_max, long reindex_max)
{
    st->partner_reindex_max = reindex_max;
    st->partner_scan_rows = scan_rows;
    st->partner_sort_max = sort_max;
    st->partner_set_max = set_max;
    word_sets_forget(st); /* read with the former limits */
}

#define PARTNER_LIMIT(st, name, dflt) ((st)->partner_##name ? (st)->partner_##name : (dflt))

/* Between the store and the caller's fn: the words, the limit, the key reached. */
struct partner_pass {
    const struct text_search *words;
    store_partner_fn fn;
    void *ctx;
    long limit, listed;
    long examined, budget; /* partners tested; at most budget (0: no bound) */
    struct partner_key key; /* the last partner tested (name_fold owned) */
    bool backward;          /* from the end of the listing towards its start */
};

#define PARTNER_PASS_DONE 102   /* stops a pass: the caller's limit is reached */
#define PARTNER_PASS_BUDGET 103 /* stops a pass: the reading in order spent its budget */

static int partner_pass_row(struct partner_pass *x, const struct partner *p)
{
    if (x->budget && x->examined == x->budget)
        return PARTNER_PASS_BUDGET;
    x->examined++;
    char *fold = p->name_fold ? strdup(p->name_fold) : strdup("");
    if (!fold)
        return GU_FAILURE;
    free((char *)x->key.name_fold);
    x->key = (struct partner_key){.national = p->national, .name_fold = fold, .id = p->id};
    if (x->words->n && !partner_matches(p, x->words))
        return GU_OK;
    int status = x->fn(p, x->ctx);
    if (!status && x->limit > 0 && ++x->listed == x->limit)
        return PARTNER_PASS_DONE;
    return status;
}

/* Binds ?1-?3 to the key a page goes on after (before, backward); is_national is the phase
 * read. */
static void bind_partner_key(sqlite3_stmt *stmt, bool national, const struct partner_key *after,
                             bool backward)
{
    sqlite3_bind_int(stmt, 1, national);
    if (after && after->national == national) {
        sqlite3_bind_text(stmt, 2, after->name_fold ? after->name_fold : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, after->id);
    } else if (backward) { /* from the last of this phase: every text sorts before a blob */
        sqlite3_bind_blob(stmt, 2, "", 0, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, INT64_MAX);
    } else { /* from the first of this phase: every name_fold is text, ids are positive */
        sqlite3_bind_text(stmt, 2, "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, INT64_MIN);
    }
}

/* Passes the partners of the listing after x->key (or from the start), in order, through
 * x; with a set, only its partners (STMT_PARTNER_PAGE_IN_SET). */
static int partner_read_in_order(struct store *st, struct partner_pass *x, bool started,
                                 const struct idset *set, struct gu_error *err)
{
    int status = GU_OK;
    /* The national partners first, then the local ones; backward, the other way round. */
    for (int phase = 0; !status && phase < 2; phase++) {
        bool national = x->backward ? phase == 1 : phase == 0;
        if (started && x->key.national != national && phase == 0)
            continue; /* that phase is behind (bind_partner_key: the next one starts from its
                       * first) */
        sqlite3_stmt *stmt = stmt_get(st, x->backward ? set ? STMT_PARTNER_PAGE_IN_SET_BACK
                                                            : STMT_PARTNER_PAGE_BACK
                                                      : set ? STMT_PARTNER_PAGE_IN_SET
                                                            : STMT_PARTNER_PAGE, err);
        if (!stmt)
            return GU_FAILURE;
        struct partner_key from = x->key;
        from.name_fold = from.name_fold ? strdup(from.name_fold) : NULL; /* x->key changes */
        if (x->key.name_fold && !from.name_fold)
            return error_nomem(err);
        bind_partner_key(stmt, national, started ? &from : NULL, x->backward);
        if (set)
            sqlite3_bind_pointer(stmt, 4, (void *)set, IDSET_POINTER, NULL);
        int rc;
        while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            struct partner p;
            read_partner_row(stmt, &p);
            status = partner_pass_row(x, &p);
        }
        status = stmt_finish(st, stmt, status, rc, err);
        free((char *)from.name_fold);
    }
    return status;
}

/* Passes the partners of set after x->key, sorted, through x: their keys sorted first, then
 * each row read (STMT_PARTNER_ONE) until the page is full. */
static int partner_read_hits(struct store *st, struct partner_pass *x, const struct idset *set,
                             struct gu_error *err)
{
    char *json = idset_json(set);
    if (!json)
        return error_nomem(err);
    sqlite3_stmt *hits =
        stmt_get(st, x->backward ? STMT_PARTNER_PAGE_HITS_BACK : STMT_PARTNER_PAGE_HITS, err);
    sqlite3_stmt *one = hits ? stmt_get(st, STMT_PARTNER_ONE, err) : NULL;
    struct partner_key from = x->key;
    from.name_fold = one ? strdup(x->key.name_fold ? x->key.name_fold : "") : NULL;
    if (!from.name_fold) {
        free(json);
        return one ? error_nomem(err) : GU_FAILURE;
    }
    bind_partner_key(hits, from.national, &from, x->backward);
    sqlite3_bind_text(hits, 4, json, -1, SQLITE_STATIC);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(hits)) == SQLITE_ROW) {
        sqlite3_bind_int64(one, 1, sqlite3_column_int64(hits, 0));
        int got = sqlite3_step(one);
        if (got == SQLITE_ROW) {
            struct partner p;
            read_partner_row(one, &p);
            status = partner_pass_row(x, &p);
        } else if (got != SQLITE_DONE)
            status = store_db_error(st, got, err);
        sqlite3_reset(one);
    }
    sqlite3_clear_bindings(one);
    status = stmt_finish(st, hits, status, rc, err);
    free((char *)from.name_fold);
    free(json);
    return status;
}

/* Reads the directory's order once for the words' sets (word_sets_forget lets it go): a
 * search's partners are then put in order in C, however far apart in the directory, rather than
 * read in order from its index or sorted by SQLite on every key. Left unread (a number too
 * large), the search goes the other ways. */
static int partner_order_read(struct store *st, struct gu_error *err)
{
    if (st->partner_order_kept)
        return GU_OK;
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTNER_ORDER, err);
    if (!stmt)
        return GU_FAILURE;
    int64_t *ordered = NULL, max = 0;
    size_t n = 0, cap = 0;
    int status = GU_OK;
    for (int national = 1; !status && national >= 0; national--) {
        sqlite3_bind_int(stmt, 1, national);
        int rc;
        while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(stmt, 0);
            if (!array_reserve(&ordered, &cap, n, sizeof *ordered, 1024))
                status = error_nomem(err);
            else {
                ordered[n++] = id;
                max = id > max ? id : max;
            }
        }
        status = stmt_finish(st, stmt, status, rc, err);
    }
    uint32_t *rank = NULL;
    bool fits = n < UINT32_MAX && max <= IDSET_MAX_ID;
    for (size_t r = 0; !status && fits && r < n; r++) {
        if (!rank && !(rank = calloc((size_t)max + 1, sizeof *rank)))
            status = error_nomem(err);
        else if (ordered[r] < 0)
            fits = false;
        else
            rank[ordered[r]] = (uint32_t)r + 1;
    }
    if (status || !fits) {
        free(ordered);
        free(rank);
        return status;
    }
    st->partner_ordered = ordered;
    st->partner_rank = rank;
    st->partner_nordered = n;
    st->partner_rank_size = (size_t)max + 1;
    st->partner_order_kept = true;
    return GU_OK;
}

static int rank_ascending(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int rank_descending(const void *a, const void *b)
{
    return rank_ascending(b, a);
}

#define PARTNER_NOT_RANKED 104 /* partner_read_ranked cannot answer: another way must */

/* Passes the partners of set after x->key (before, backward), in the directory's order (kept
 * by partner_order_read), through x: a set of more than sort walked rank by rank, a smaller
 * one's ranks sorted. PARTNER_NOT_RANKED when the order is not kept or the key's partner is not in it. */
static int partner_read_ranked(struct store *st, struct partner_pass *x, bool started,
                               const struct idset *set, long long sort, struct gu_error *err)
{
    if (!st->partner_order_kept)
        return PARTNER_NOT_RANKED;
    size_t n = st->partner_nordered;
    int64_t from = x->backward ? (int64_t)n : -1; /* the rank to go on after (before) */
    if (started) {
        int64_t id = x->key.id;
        if (id < 0 || (uint64_t)id >= st->partner_rank_size || !st->partner_rank[id])
            return PARTNER_NOT_RANKED;
        from = st->partner_rank[id] - 1;
    }
    sqlite3_stmt *one = stmt_get(st, STMT_PARTNER_ONE, err);
    if (!one)
        return GU_FAILURE;
    uint32_t *ranks = NULL;
    size_t count = 0;
    bool walk = set->count > sort; /* a large set: walked rather than sorted */
    if (!walk) {
        if (!(ranks = malloc(((size_t)set->count + 1) * sizeof *ranks)))
            return error_nomem(err);
        for (int64_t id = idset_next(set, -1); id >= 0; id = idset_next(set, id)) {
            if ((uint64_t)id >= st->partner_rank_size || !st->partner_rank[id])
                continue; /* not a partner now */
            int64_t r = st->partner_rank[id] - 1;
            if (x->backward ? r < from : r > from)
                ranks[count++] = (uint32_t)r;
        }
        qsort(ranks, count, sizeof *ranks, x->backward ? rank_descending : rank_ascending);
    }
    int status = GU_OK;
    for (size_t i = 0; !status; i++) {
        int64_t r;
        if (!walk && i == count)
            break;
        if (!walk)
            r = ranks[i];
        else if ((r = x->backward ? from - 1 - (int64_t)i : from + 1 + (int64_t)i) < 0 ||
                 r >= (int64_t)n)
            break;
        int64_t id = st->partner_ordered[r];
        if (walk && !idset_has(set, id))
            continue;
        sqlite3_bind_int64(one, 1, id);
        int got = sqlite3_step(one);
        if (got == SQLITE_ROW) {
            struct partner p;
            read_partner_row(one, &p);
            status = partner_pass_row(x, &p);
        } else if (got != SQLITE_DONE)
            status = store_db_error(st, got, err);
        sqlite3_reset(one);
    }
    sqlite3_clear_bindings(one);
    free(ranks);
    return status;
}

static int partner_word_set(struct store *st, const char *word, void *ctx, long long cap,
                            long long label_cap, bool kept_only, const struct idset **out,
                            struct gu_error *err)
{
    (void)ctx;
    if (word_set_kept(st, WORDS_PARTNERS, word, cap, kept_only, out))
        return GU_OK;
    struct text_search one;
    if (reach_words(word, &one))
        return error_nomem(err);
    char *match = search_match_query(&one, false); /* NULL: not in the index */
    struct idset labels = IDSET_INIT;
    bool lost = false;
    int status = GU_OK;
    for (int i = 0; match && !status && !lost && i < (int)vocab_count(VOCAB_ORIENTATION); i++) {
        const char *label = vocab_label_folded(VOCAB_ORIENTATION, i);
        if (label && reach_found(&one, label))
            status = label_set_add(st, LABELS_PARTNERS, STMT_LABEL_CATEGORY_IDS, 'c',
                                   vocab_code(VOCAB_ORIENTATION, i), 0, label_cap, &labels,
                                   &lost, err);
    }
    text_search_free(&one);
    struct word_set *ws = NULL;
    if (lost) /* a label not read: no set this time, and nothing kept */
        ;
    else if (!status)
        status = word_text_set(st, WORDS_PARTNERS, STMT_PARTNER_TEXT_IDS, word, match, cap, &ws, err);
    free(match);
    if (status || !ws) {
        idset_free(&labels);
        return status;
    }
    return word_set_finish(ws, &labels, lost, out, err);
}

/* store_page_partners, or backward store_page_partners_back. */
static int partner_page(struct store *st, const char *search, const struct partner_key *after,
                        bool backward, long limit, store_partner_fn fn, void *ctx,
                        struct gu_error *err)
{
    struct text_search words;
    if (text_search_compile(&words, search))
        return error_nomem(err);
    long sort = PARTNER_LIMIT(st, sort_max, PARTNER_SORT_MAX),
         cap = PARTNER_LIMIT(st, set_max, PARTNER_SET_MAX);
    long scan = PARTNER_LIMIT(st, scan_rows, PARTNER_SCAN_ROWS);
    struct partner_pass x = {.words = &words, .fn = fn, .ctx = ctx, .limit = limit,
                             .budget = words.n ? scan : 0, .backward = backward};
    if (after) {
        x.key = *after;
        if (!(x.key.name_fold = strdup(after->name_fold ? after->name_fold : ""))) {
            text_search_free(&words);
            return error_nomem(err);
        }
    }
    int status = partner_read_in_order(st, &x, after != NULL, NULL, err);
    /* Common words, found often in the first partners read: read on in order a while. */
    if (status == PARTNER_PASS_BUDGET && x.listed * SEARCH_DENSE_RATIO >= x.examined) {
        x.budget = x.examined + scan * SEARCH_DENSE;
        status = partner_read_in_order(st, &x, true, NULL, err);
    }
    if (status == PARTNER_PASS_BUDGET) {
        /* Rare: from the last partner read on, only those of the words' sets; a large set
         * first within a budget, then narrowed by the words left out of it (as the history). */
        struct idset set;
        bool has;
        status = search_candidates(st, &words, partner_word_set, NULL, false, false, sort, cap,
                                   &set, &has, err);
        if (!status && has)
            status = partner_order_read(st, err);
        if (!status && (!has || set.count > sort)) {
            x.budget = x.examined + scan * SEARCH_NARROW_BUDGET;
            status = has ? partner_read_ranked(st, &x, true, &set, sort, err)
                         : partner_read_in_order(st, &x, true, NULL, err);
            if (status == PARTNER_PASS_BUDGET) {
                idset_free(&set);
                status = search_candidates(st, &words, partner_word_set, NULL, false, true, sort,
                                           cap, &set, &has, err);
                if (!status && has)
                    status = partner_order_read(st, err);
            }
        }
        x.budget = 0;
        if (!status && has)
            status = partner_read_ranked(st, &x, true, &set, sort, err);
        if (status == PARTNER_NOT_RANKED && set.count <= sort)
            status = partner_read_hits(st, &x, &set, err);
        else if (status == PARTNER_NOT_RANKED || (!status && !has))
            /* with a set, or all in order when no word has one */
            status = partner_read_in_order(st, &x, true, has ? &set : NULL, err);
        idset_free(&set);
    }
    free((char *)x.key.name_fold);
    text_search_free(&words);
    return status == PARTNER_PASS_DONE ? GU_OK : status;
}

int store_page_partners(struct store *st, const char *search, const struct partner_key *after,
                        long limit, store_partner_fn fn, void *ctx, struct gu_error *err)
{
    return partner_page(st, search, after, false, limit, fn, ctx, err);
}

int store_page_partners_back(struct store *st, const char *search,
                             const struct partner_key *before, long limit, store_partner_fn fn,
                             void *ctx, struct gu_error *err)
{
    return partner_page(st, search, before, true, limit, fn, ctx, err);
}

int store_count_partners(struct store *st, long long *count, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_PARTNER_COUNT, err);
    return stmt ? stmt_int(st, stmt, count, err) : GU_FAILURE;
}

int store_list_partners(struct store *st, store_partner_fn fn, void *ctx, struct gu_error *err)
{
    return each_partner(st, 0, fn, ctx, err);
}

int store_get_partner(struct store *st, int64_t id, store_partner_fn fn, void *ctx,
                      struct gu_error *err)
{
    return each_partner(st, id, fn, ctx, err);
}

/* Binds ?1-?16 of STMT_PARTNER_ADD and STMT_PARTNER_UPDATE, which share their numbering. */
static int bind_partner(sqlite3_stmt *stmt, const struct partner *p, const char *now, char **fold)
{
    if (!(*fold = text_fold(p->field[PARTNER_NAME])))
        return GU_FAILURE;
    /* ?1 name, ?2 its folded form, ?3-?15 the other fields in the enum's order, ?16 now. */
    bind_text_or_null(stmt, 1, p->field[PARTNER_NAME]);
    sqlite3_bind_text(stmt, 2, *fold, -1, SQLITE_STATIC);
    for (int i = 1; i < PARTNER_FIELD_COUNT; i++)
        bind_text_or_null(stmt, i + 2, p->field[i]);
    sqlite3_bind_text(stmt, 16, now, -1, SQLITE_STATIC);
    return GU_OK;
}

/* The place standard's date_maj of a partner changed at the desk or on the command line: the
 * site's today, set here and only here (an import keeps the date its file gives). */
static void bind_changed_on(sqlite3_stmt *stmt, int index, char today[DATE_TEXT_SIZE])
{
    clock_today_text(0, today);
    sqlite3_bind_text(stmt, index, today, -1, SQLITE_STATIC);
}

int store_add_partner(struct store *st, const struct partner *p, int64_t by_operator, int64_t *id,
                      struct gu_error *err)
{
    char now[21], today[DATE_TEXT_SIZE], *fold = NULL;
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTNER_ADD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status && bind_partner(stmt, p, now, &fold))
        status = error_nomem(err);
    if (!status) {
        bind_text_or_null(stmt, 17, p->pivot);
        bind_changed_on(stmt, 18, today);
        status = stmt_run(st, stmt, err);
    }
    if (!status) {
        *id = sqlite3_last_insert_rowid(st->db);
        status = store_add_audit(st, now, by_operator, "create", "partner", *id, NULL, err);
    }
    free(fold);
    return store_tx_end(st, status, err);
}

int store_update_partner(struct store *st, const struct partner *p, int64_t by_operator,
                         struct gu_error *err)
{
    char now[21], today[DATE_TEXT_SIZE], *fold = NULL;
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_PARTNER_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status && bind_partner(stmt, p, now, &fold))
        status = error_nomem(err);
    if (!status) {
        sqlite3_bind_int64(stmt, 17, p->id);
        bind_text_or_null(stmt, 18, p->pivot);
        bind_changed_on(stmt, 19, today);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) != 1)
        status = no_such(_("partner %lld does not exist"), p->id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "partner", p->id, NULL, err);
    free(fold);
    return store_tx_end(st, status, err);
}

int store_list_request_kinds(struct store *st, store_request_kind_fn fn, void *ctx,
                             struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_REQUEST_KINDS, err);
    if (!stmt)
        return GU_FAILURE;
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct request_kind k = {
            .id = sqlite3_column_int64(stmt, 0),
            .code = column_borrow(stmt, 1),
            .label = column_borrow(stmt, 2),
            .keywords = column_borrow(stmt, 3),
            .answer = column_borrow(stmt, 4),
            .theme = column_borrow(stmt, 5),
            .bring = column_borrow(stmt, 6),
            .staff_note = column_borrow(stmt, 7),
            .partner_id = sqlite3_column_int64(stmt, 8),
        };
        status = fn(&k, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

/* ---- referrals ----------------------------------------------------------------------------- */

int store_add_referral(struct store *st, const struct referral *r, int64_t by_operator,
                       int64_t *id, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    /* The contact in the form participants have, so that the person's export and erasure find
     * their referrals too. */
    struct person_kept contact;
    struct person typed = {.name = r->contact_name, .phone = r->contact_phone};
    int status = person_canonicalize(_("contact name"), &typed, &contact, err);
    if (status) {
        person_kept_clear(&contact);
        return status;
    }
    status = store_tx_begin(st, err);
    long long exists = 1;
    if (!status && r->session_id)
        status = count_with(st, STMT_SESSION_EXISTS, r->session_id, NULL, &exists, err);
    if (!status && !exists)
        status = no_such_session(r->session_id, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_REFERRAL_ADD, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_text(stmt, 1, r->referred_at, -1, SQLITE_STATIC);
        if (by_operator)
            sqlite3_bind_int64(stmt, 2, by_operator);
        if (r->request_kind_id)
            sqlite3_bind_int64(stmt, 3, r->request_kind_id);
        bind_text_or_null(stmt, 4, r->need);
        if (r->partner_id)
            sqlite3_bind_int64(stmt, 5, r->partner_id);
        bind_code(stmt, 6, VOCAB_REFERRAL_METHOD, r->method);
        bind_text_or_null(stmt, 7, r->follow_up_on[0] ? r->follow_up_on : NULL);
        bind_text_or_null(stmt, 8, r->consent ? contact.name : NULL);
        bind_text_or_null(stmt, 9, r->consent ? contact.phone : NULL);
        bind_text_or_null(stmt, 10, r->consent ? now : NULL);
        if (r->session_id)
            sqlite3_bind_int64(stmt, 11, r->session_id);
        sqlite3_bind_text(stmt, 12, now, -1, SQLITE_STATIC);
        bind_code(stmt, 13, VOCAB_REFERRAL_STATUS, r->status);
        status = stmt_run(st, stmt, err);
        *id = sqlite3_last_insert_rowid(st->db);
    }
    if (!status && r->session_id) {
        stmt = stmt_get(st, STMT_SESSION_ORIENT, err);
        status = stmt ? GU_OK : GU_FAILURE;
        if (!status) {
            sqlite3_bind_int64(stmt, 1, r->session_id);
            sqlite3_bind_int64(stmt, 2, r->partner_id);
            sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
            status = stmt_run(st, stmt, err); /* its existence was read above */
        }
    }
    if (!status)
        status = store_add_audit(st, now, by_operator, "create", "referral", *id, NULL, err);
    status = store_tx_end(st, status, err);
    person_kept_clear(&contact);
    return status;
}

/* Calls fn with each row of stmt (bound, REFERRAL_COLUMNS), then finishes it. */
static int referral_rows(struct store *st, sqlite3_stmt *stmt, store_referral_fn fn, void *ctx,
                         struct gu_error *err)
{
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct referral r = {
            .id = sqlite3_column_int64(stmt, 0),
            .request_kind_id = sqlite3_column_int64(stmt, 2),
            .partner_id = sqlite3_column_int64(stmt, 3),
            .session_id = sqlite3_column_int64(stmt, 4),
            .need = column_borrow(stmt, 5),
            .method = column_code(stmt, 6, VOCAB_REFERRAL_METHOD),
            .status = column_code(stmt, 7, VOCAB_REFERRAL_STATUS),
            .contact_name = column_borrow(stmt, 9),
            .contact_phone = column_borrow(stmt, 10),
            .consent = sqlite3_column_int(stmt, 11) != 0,
            .operator_name = column_borrow(stmt, 12),
            .request_label = column_borrow(stmt, 13),
            .partner_name = column_borrow(stmt, 14),
            .partner_phone = column_borrow(stmt, 15),
        };
        snprintf(r.referred_at, sizeof r.referred_at, "%s", (const char *)sqlite3_column_text(stmt, 1));
        snprintf(r.follow_up_on, sizeof r.follow_up_on, "%s", (const char *)sqlite3_column_text(stmt, 8));
        status = fn(&r, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

int store_list_referrals(struct store *st, const struct referral_filter *filter,
                         store_referral_fn fn, void *ctx, struct gu_error *err)
{
    long long limit = filter->limit > 0 ? filter->limit : -1;
    sqlite3_stmt *stmt;
    if (filter->due && filter->status == VOCAB_NONE) {
        if (!(stmt = stmt_get(st, STMT_REFERRALS_DUE, err)))
            return GU_FAILURE;
        sqlite3_bind_text(stmt, 1, filter->due, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, limit);
        return referral_rows(st, stmt, fn, ctx, err);
    }
    if (!(stmt = stmt_get(st, STMT_REFERRALS, err)))
        return GU_FAILURE;
    bind_code(stmt, 1, VOCAB_REFERRAL_STATUS, filter->status);
    bind_text_or_null(stmt, 2, filter->due);
    sqlite3_bind_int64(stmt, 3, limit);
    return referral_rows(st, stmt, fn, ctx, err);
}

int store_count_due_referrals(struct store *st, const char *day, long long *count,
                              struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_REFERRALS_DUE_COUNT, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, day, -1, SQLITE_STATIC);
    return stmt_int(st, stmt, count, err);
}

int store_page_referrals(struct store *st, int status, const struct referral_key *from,
                         bool backwards, long limit, store_referral_fn fn, void *ctx,
                         struct gu_error *err)
{
    enum stmt_id id = status == VOCAB_NONE
                          ? (backwards ? STMT_REFERRALS_PAGE_BEFORE : STMT_REFERRALS_PAGE_AFTER)
                          : (backwards ? STMT_REFERRALS_PAGE_STATUS_BEFORE
                                       : STMT_REFERRALS_PAGE_STATUS_AFTER);
    sqlite3_stmt *stmt = stmt_get(st, id, err);
    if (!stmt)
        return GU_FAILURE;
    bind_code(stmt, 1, VOCAB_REFERRAL_STATUS, status);
    /* From an end: before every key ('' is the least text) or after every key (SQLite
     * orders any blob after any text). */
    if (from)
        sqlite3_bind_text(stmt, 2, from->follow_up_on[0] ? from->follow_up_on : "~", -1,
                          SQLITE_TRANSIENT);
    else if (backwards)
        sqlite3_bind_blob(stmt, 2, "\xff", 1, SQLITE_STATIC);
    else
        sqlite3_bind_text(stmt, 2, "", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, from ? from->referred_at : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 4, from ? from->id : INT64_MIN);
    sqlite3_bind_int64(stmt, 5, limit > 0 ? limit : -1);
    return referral_rows(st, stmt, fn, ctx, err);
}

/* ---- one person, as the desk shows them ------------------------------------------------- */

int store_get_person(struct store *st, int64_t id, store_person_fn fn, void *ctx, bool *found,
                     struct gu_error *err)
{
    *found = false;
    sqlite3_stmt *stmt = stmt_get(st, STMT_PERSON_GET, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct person_row p = {
            .id = sqlite3_column_int64(stmt, 0),
            .name = column_borrow(stmt, 1),
            .phone = column_borrow(stmt, 2),
            .email = column_borrow(stmt, 3),
            .consent_at = column_borrow(stmt, 4),
            .last_activity_on = column_borrow(stmt, 5),
            .created_at = column_borrow(stmt, 6),
            .erased_at = column_borrow(stmt, 7),
            .same_name = sqlite3_column_int64(stmt, 8),
        };
        *found = true;
        status = fn(&p, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

int store_list_person_registrations(struct store *st, int64_t id, store_person_registration_fn fn,
                                    void *ctx, struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_PERSON_REGISTRATIONS, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    int status = GU_OK, rc;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct person_registration_row r = {
            .registration_id = sqlite3_column_int64(stmt, 0),
            .workshop_id = sqlite3_column_int64(stmt, 1),
            .title = column_borrow(stmt, 2),
            .state = column_code(stmt, 4, VOCAB_REGISTRATION_STATE),
            .workshop_status = column_code(stmt, 5, VOCAB_WORKSHOP_STATUS),
            .position = sqlite3_column_int(stmt, 6),
        };
        const char *at = (const char *)sqlite3_column_text(stmt, 3);
        if (!at || !datetime_parse(at, &r.at))
            r.at = (struct gu_datetime){0};
        status = fn(&r, ctx);
    }
    return stmt_finish(st, stmt, status, rc, err);
}

int store_list_person_referrals(struct store *st, int64_t id, store_referral_fn fn, void *ctx,
                                struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, STMT_PERSON_REFERRALS, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_int64(stmt, 1, id);
    return referral_rows(st, stmt, fn, ctx, err);
}

int store_update_referral(struct store *st, int64_t id, int status_code, const char *follow_up,
                          int64_t by_operator, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_REFERRAL_UPDATE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, id);
        bind_code(stmt, 2, VOCAB_REFERRAL_STATUS, status_code);
        bind_text_or_null(stmt, 3, follow_up);
        sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) != 1)
        status = no_such(_("referral %lld does not exist"), id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "update", "referral", id,
                           vocab_code(VOCAB_REFERRAL_STATUS, status_code), err);
    return store_tx_end(st, status, err);
}

int store_expire_referrals(struct store *st, int *count, struct gu_error *err)
{
    *count = 0;
    char now[21];
    clock_now_utc_text(now);
    long long closed = 0;
    /* A read first: most days there is nothing to close, and then no desk takes the write lock
     * (this runs whenever referrals are listed). */
    int status = store_close_overdue_referrals(st, now, true, &closed, err);
    if (status || !closed)
        return status;
    status = store_tx_begin(st, err);
    if (!status)
        status = store_close_overdue_referrals(st, now, false, &closed, err);
    status = store_tx_end(st, status, err);
    if (!status)
        *count = (int)closed;
    return status;
}

/* A number from the standard's latitude or longitude line, as REAL, or NULL. */
static void bind_coordinate(sqlite3_stmt *stmt, int index, const char *extra, const char *name)
{
    size_t nl = strlen(name);
    for (const char *line = extra; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (!strncmp(line, name, nl) && line[nl] == '\t') {
            sqlite3_bind_double(stmt, index, strtod(line + nl + 1, NULL));
            return;
        }
    sqlite3_bind_null(stmt, index);
}

/* The id (or 0) that statement find (?1 = key) reads: the row an import updates, if any. */
static int find_by_key(struct store *st, enum stmt_id find, const char *key, long long *id,
                       struct gu_error *err)
{
    sqlite3_stmt *stmt = stmt_get(st, find, err);
    if (!stmt)
        return GU_FAILURE;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    return stmt_int(st, stmt, id, err);
}

/* Ends an import's transaction: committed, or rolled back after a dry run that went well. */
int store_tx_end_or_dry_run(struct store *st, int status, bool dry_run, struct gu_error *err)
{
    if (dry_run && !status) {
        tx_rollback(st);
        return GU_OK;
    }
    return store_tx_end(st, status, err);
}

/* A partner updated by an import costs about 40 µs to index again on its own (its words out,
 * then in); building the whole index again, about 5 µs per partner of the directory. */
#define PLACE_REINDEX_MAX 1000

/* Indexes the partners first to last (migration 019), as its triggers would have. */
static int partner_index_range(struct store *st, int64_t first, int64_t last,
                               struct gu_error *err)
{
    int status = GU_OK;
    for (enum stmt_id id = STMT_PARTNER_INDEX_ADD; !status && id <= STMT_PARTNER_ODD_ADD; id++) {
        sqlite3_stmt *stmt = stmt_get(st, id, err);
        if (!stmt)
            return GU_FAILURE;
        sqlite3_bind_int64(stmt, 1, first);
        sqlite3_bind_int64(stmt, 2, last);
        status = stmt_run(st, stmt, err);
    }
    return status;
}

int store_import_places(struct store *st, const struct partner *places, size_t n, bool dry_run,
                        int64_t by_operator, int *added, int *updated, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    *added = *updated = 0;
    int64_t first_added = 0, last_added = 0;
    int status = store_tx_begin(st, err);
    /* The rows are written with this connection's triggers off: migration 019's index takes the
     * partners added in one statement at the end, and a partner updated its words out before and
     * in after (with per-row triggers, 100,000 places took five times as long). No trigger of
     * partner but 019's and 014's, whose place id an import always gives, has work here. */
    bool off = !status && !(status = set_triggers(st, false, err)), rebuild = false;
    long reindexed = 0;
    for (size_t i = 0; !status && i < n; i++) {
        const struct partner *p = &places[i];
        long long exists = 0;
        status = find_by_key(st, STMT_PLACE_FIND, p->mednum_id, &exists, err);
        /* A partner this import added is indexed with the others at the end; past
         * PLACE_REINDEX_MAX partners updated, the whole index is built again at the end. */
        bool reindex = exists && !rebuild && !(first_added && exists >= first_added);
        if (reindex && ++reindexed > (st->partner_reindex_max ? st->partner_reindex_max
                                                              : PLACE_REINDEX_MAX))
            reindex = !(rebuild = true);
        if (!status && reindex)
            status = run_with_id(st, STMT_PARTNER_UNINDEX, exists, err);
        if (!status && reindex)
            status = run_with_id(st, STMT_PARTNER_ODD_REMOVE, exists, err);
        sqlite3_stmt *stmt = status ? NULL : stmt_get(st, exists ? STMT_PLACE_UPDATE : STMT_PLACE_ADD, err);
        if (!status && !stmt)
            status = GU_FAILURE;
        char *fold = NULL;
        if (!status && bind_partner(stmt, p, now, &fold))
            status = error_nomem(err);
        if (!status) {
            const char *more[] = {p->mednum_id, p->pivot, p->code_insee, p->updated_on,
                                  p->mednum_extra};
            for (int k = 0; k < 5; k++)
                bind_text_or_null(stmt, 17 + k, more[k]);
            bind_coordinate(stmt, 22, p->mednum_extra, "latitude");
            bind_coordinate(stmt, 23, p->mednum_extra, "longitude");
            status = stmt_run(st, stmt, err);
        }
        free(fold);
        if (!status && !exists) {
            last_added = sqlite3_last_insert_rowid(st->db);
            if (!first_added)
                first_added = last_added;
        }
        if (!status && reindex)
            status = partner_index_range(st, exists, exists, err);
        if (!status)
            (*(exists ? updated : added))++;
    }
    /* Nobody else writes in the transaction: the partners added have consecutive numbers. */
    if (!status && first_added && !rebuild)
        status = partner_index_range(st, first_added, last_added, err);
    for (enum stmt_id id = STMT_PARTNER_REBUILD; !status && rebuild && id <= STMT_PARTNER_ODD_ALL;
         id++) {
        sqlite3_stmt *stmt = stmt_get(st, id, err);
        status = stmt ? stmt_run(st, stmt, err) : GU_FAILURE;
    }
    if (off) {
        struct gu_error ignored;
        int back = set_triggers(st, true, status ? &ignored : err);
        status = status ? status : back;
    }
    if (!status) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d added, %d updated", *added, *updated);
        status = store_add_audit(st, now, by_operator, "import", "partner", 0, detail, err);
    }
    return store_tx_end_or_dry_run(st, status, dry_run, err);
}

/* ---- the routing policy ------------------------------------------------------------------- */

int store_save_request_kinds(struct store *st, const struct request_kind *kinds, size_t n,
                             bool dry_run, int64_t by_operator, int *added, int *updated,
                             struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    *added = *updated = 0;
    int status = store_tx_begin(st, err);
    for (size_t i = 0; !status && i < n; i++) {
        const struct request_kind *k = &kinds[i];
        long long id = 0;
        status = find_by_key(st, STMT_KIND_FIND, k->code, &id, err);
        sqlite3_stmt *stmt = status ? NULL : stmt_get(st, id ? STMT_KIND_UPDATE : STMT_KIND_ADD, err);
        if (!status && !stmt)
            status = GU_FAILURE;
        if (!status) {
            const char *text[] = {k->code, k->label, k->keywords, k->answer};
            for (int c = 0; c < 4; c++)
                bind_text_or_null(stmt, c + 1, text[c]);
            if (k->partner_id)
                sqlite3_bind_int64(stmt, 5, k->partner_id);
            bind_text_or_null(stmt, 6, k->theme);
            bind_text_or_null(stmt, 7, k->bring);
            bind_text_or_null(stmt, 8, k->staff_note);
            status = stmt_run(st, stmt, err);
        }
        bool existed = id != 0;
        if (!status && !existed)
            id = sqlite3_last_insert_rowid(st->db);
        if (!status)
            status = store_add_audit(st, now, by_operator, existed ? "update" : "create", "request_kind",
                               id, NULL, err);
        if (!status)
            (*(existed ? updated : added))++;
    }
    return store_tx_end_or_dry_run(st, status, dry_run, err);
}

int store_delete_request_kind(struct store *st, int64_t id, int64_t by_operator,
                              struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    int status = store_tx_begin(st, err);
    sqlite3_stmt *stmt = status ? NULL : stmt_get(st, STMT_KIND_DELETE, err);
    if (!status && !stmt)
        status = GU_FAILURE;
    if (!status) {
        sqlite3_bind_int64(stmt, 1, id);
        status = stmt_run(st, stmt, err);
    }
    if (!status && sqlite3_changes(st->db) != 1)
        status = no_such(_("request %lld does not exist"), id, err);
    if (!status)
        status = store_add_audit(st, now, by_operator, "delete", "request_kind", id, NULL, err);
    return store_tx_end(st, status, err);
}

/* ---- reports ------------------------------------------------------------------------------- */

/* ?1 first day, ?2 last day (included), ?3 site or 0, ?4 operator or 0.
 * Session figures come from the counts the schema's triggers keep: per month in
 * session_tally_month (migration 015) for the whole months of the period, ?5 to ?6 ("YYYY-MM"),
 * and per day in session_tally (migration 004) for the days before them, ?1 to ?7, and after
 * them, ?8 to ?2 (see tally_bind_months). A year costs a few thousand rows. Each row's "day" is
 * its day or its month: substr(day, 1, 7) is the month either way. */
#define TALLY_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR operator_id = ?4)"
#define TALLY_IN(dim) \
    " FROM (SELECT month AS day, code, sessions, minutes FROM session_tally_month " \
    "WHERE dim = '" dim "' AND month >= ?5 AND month <= ?6" TALLY_SITE \
    " UNION ALL SELECT day, code, sessions, minutes FROM session_tally " \
    "WHERE dim = '" dim "' AND day >= ?1 AND day <= ?7" TALLY_SITE \
    " UNION ALL SELECT day, code, sessions, minutes FROM session_tally " \
    "WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" TALLY_SITE ")"
#define SESSION_TALLY(dim) "SELECT code, sum(sessions)" TALLY_IN(dim) " GROUP BY code HAVING sum(sessions) <> 0"
/* The live sessions of the period (?1-?4 as above), and the attended registrations of its held
 * workshops with their participants: read only for the name said with an INSEE code (the counts
 * keep codes). */
#define SESSIONS_IN \
    " FROM help_session s WHERE s.started_at >= ?1 AND s.started_at < date(?2, '+1 day') " \
    "AND (?3 = 0 OR s.site_id = ?3) AND (?4 = 0 OR s.operator_id = ?4) AND " SESSION_LIVE
#define ATTENDED_IN \
    " FROM registration g JOIN participant p ON p.id = g.participant_id " \
    "JOIN workshop w ON w.id = g.workshop_id WHERE g.state = 'attended' AND w.status = 'held' " \
    "AND w.starts_at >= ?1 AND w.starts_at < date(?2, '+1 day') " \
    "AND (?3 = 0 OR w.site_id = ?3) AND (?4 = 0 OR w.facilitator_id = ?4)"
/* The attended registrations of held workshops, by dimension (migration 017): whole months and
 * the days at either end as in TALLY_IN, by the workshop's site and facilitator. */
#define ATTENDANCE_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR facilitator_id = ?4)"
#define ATTENDANCE_IN(dim) \
    " FROM (SELECT code, people FROM attendance_tally_month " \
    "WHERE dim = '" dim "' AND month >= ?5 AND month <= ?6" ATTENDANCE_SITE \
    " UNION ALL SELECT code, people FROM attendance_tally " \
    "WHERE dim = '" dim "' AND day >= ?1 AND day <= ?7" ATTENDANCE_SITE \
    " UNION ALL SELECT code, people FROM attendance_tally " \
    "WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" ATTENDANCE_SITE ")"

/* Held workshops in all ('total') or by theme, counted in workshop_tally (migration 017). */
#define WORKSHOP_TALLY_IN(dim) \
    " FROM (SELECT month AS day, code, workshops, minutes, walk_ins, capacity, seats, attended, " \
    "absent FROM workshop_tally_month WHERE dim = '" dim "' AND month >= ?5 AND month <= ?6" \
    ATTENDANCE_SITE " UNION ALL SELECT day, code, workshops, minutes, walk_ins, capacity, seats, " \
    "attended, absent FROM workshop_tally WHERE dim = '" dim "' AND day >= ?1 AND day <= ?7" \
    ATTENDANCE_SITE " UNION ALL SELECT day, code, workshops, minutes, walk_ins, capacity, seats, " \
    "attended, absent FROM workshop_tally WHERE dim = '" dim "' AND day >= ?8 AND day <= ?2" \
    ATTENDANCE_SITE ")"
/* Referrals by site, operator, outcome and partner (0: none), counted in referral_tally
 * (migrations 017 and 023); a referral's site is the one it was made at. */
#define REFERRAL_SITE " AND (?3 = 0 OR site_id = ?3) AND (?4 = 0 OR operator_id = ?4)"
#define REFERRAL_TALLY_IN \
    " FROM (SELECT status, partner_id, referrals FROM referral_tally_month " \
    "WHERE month >= ?5 AND month <= ?6" REFERRAL_SITE " UNION ALL SELECT status, partner_id, " \
    "referrals FROM referral_tally WHERE day >= ?1 AND day <= ?7" REFERRAL_SITE \
    " UNION ALL SELECT status, partner_id, referrals FROM referral_tally " \
    "WHERE day >= ?8 AND day <= ?2" REFERRAL_SITE ")"

static const char *const tally_sql[TALLY_COUNT] = {
    [TALLY_TOTALS] = "SELECT '', coalesce(sum(sessions), 0), coalesce(sum(minutes), 0)" TALLY_IN("total"),
    [TALLY_WORKSHOP_TOTALS] =
        "SELECT '', coalesce(sum(workshops), 0), coalesce(sum(minutes), 0), "
        "coalesce(sum(walk_ins), 0), coalesce(sum(attended), 0)" WORKSHOP_TALLY_IN("total"),
    [TALLY_REFERRAL_TOTALS] = "SELECT '', coalesce(sum(referrals), 0)" REFERRAL_TALLY_IN,
    [TALLY_THEMES] = SESSION_TALLY("theme"),
    [TALLY_DEMARCHES] = SESSION_TALLY("demarche"),
    [TALLY_MATERIALS] = SESSION_TALLY("material"),
    [TALLY_PLACES] = SESSION_TALLY("place"),
    [TALLY_AUTONOMY] = SESSION_TALLY("autonomy"),
    [TALLY_AGES] = SESSION_TALLY("age"),
    [TALLY_STATUSES] = SESSION_TALLY("status"),
    [TALLY_GENDERS] = SESSION_TALLY("gender"),
    [TALLY_ORIENTED] = SESSION_TALLY("oriented"),
    [TALLY_ORIENTATIONS] = SESSION_TALLY("orientation"),
    [TALLY_DURATIONS] = SESSION_TALLY("duration"),
    [TALLY_SESSION_MONTHS] =
        "SELECT substr(day, 1, 7), sum(sessions)" TALLY_IN("total") " GROUP BY 1 HAVING sum(sessions) <> 0",
    [TALLY_WORKSHOP_MONTHS] =
        "SELECT substr(day, 1, 7), sum(walk_ins + attended)" WORKSHOP_TALLY_IN("total")
        " GROUP BY 1 HAVING sum(workshops) <> 0",
    [TALLY_WORKSHOP_THEMES] =
        "SELECT code, sum(workshops), sum(capacity), sum(seats), sum(attended), sum(absent)"
        WORKSHOP_TALLY_IN("theme") " GROUP BY code HAVING sum(workshops) <> 0",
    [TALLY_REFERRAL_STATUSES] =
        "SELECT status, sum(referrals)" REFERRAL_TALLY_IN " GROUP BY 1 HAVING sum(referrals) <> 0",
    [TALLY_REFERRAL_PARTNERS] =
        "SELECT coalesce(p.name, ''), t.n FROM (SELECT partner_id, sum(referrals) AS n"
        REFERRAL_TALLY_IN " GROUP BY partner_id HAVING n <> 0) AS t "
        "LEFT JOIN partner p ON p.id = t.partner_id ORDER BY 2 DESC, 1",
    /* Counted per INSEE code (else '/' and the name said) in session_tally (migration 015); an
     * INSEE code is named as the period's last session with it said (help_session_by_insee). */
    [TALLY_COMMUNE_SESSIONS] =
        "SELECT CASE WHEN code LIKE '/%' THEN char(9) || substr(code, 2) "
        "ELSE code || char(9) || coalesce(("
        "SELECT coalesce(s.commune, s.postal_code, '')" SESSIONS_IN " AND s.insee = code "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1), '') END, sum(sessions)" TALLY_IN("commune")
        " GROUP BY code HAVING sum(sessions) <> 0 ORDER BY 2 DESC, 1",
    /* Participants who attended, counted per day and month in attendance_tally (migration
     * 017) as sessions are in session_tally; an INSEE code comes alone, named by the table of
     * communes, else by store_commune_said. */
    [TALLY_COMMUNE_PARTICIPANTS] =
        "SELECT CASE WHEN code LIKE '/%' THEN char(9) || substr(code, 2) ELSE code || char(9) END, "
        "sum(people)" ATTENDANCE_IN("commune") " GROUP BY code HAVING sum(people) <> 0 ORDER BY 2 DESC, 1",
    [TALLY_ALREADY_HELPED] =
        "SELECT k, sum(n) FROM (SELECT code AS k, sum(sessions) AS n" TALLY_IN("already_helped")
        " GROUP BY 1 UNION ALL SELECT code, sum(people)" ATTENDANCE_IN("already_helped")
        " GROUP BY 1) GROUP BY k",
};

int store_commune_said(struct store *st, const struct store_report_filter *filter,
                       const char *insee, char **name, struct gu_error *err)
{
    *name = NULL;
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT coalesce(p.commune, p.postal_code, '')" ATTENDED_IN
                                " AND p.insee = ?5 ORDER BY w.starts_at DESC, g.id DESC LIMIT 1",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    sqlite3_bind_text(stmt, 1, filter->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, filter->to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, filter->site_id);
    sqlite3_bind_int64(stmt, 4, filter->operator_id);
    sqlite3_bind_text(stmt, 5, insee, -1, SQLITE_STATIC);
    int status = GU_OK;
    rc = sqlite3_step(stmt);
    const unsigned char *said = rc == SQLITE_ROW ? sqlite3_column_text(stmt, 0) : NULL;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = store_db_error(st, rc, err);
    else if (!(*name = strdup(said ? (const char *)said : "")))
        status = error_nomem(err);
    sqlite3_finalize(stmt);
    return status;
}

/* Splits the period filter->from..to for TALLY_IN: ?5..?6 its whole months, ?7 the last day
 * before the first of them, ?8 the first day after the last. A period without a whole month
 * (or with dates that do not parse) is read from the per-day rows alone: ?5 > ?6, ?7 its last
 * day, ?8 after any date. */
static void tally_bind_months(sqlite3_stmt *stmt, const struct store_report_filter *filter)
{
    int y1, m1, d1, y2, m2, d2;
    long first = 1, last = 0; /* whole months, counted from year 0: none unless both dates parse */
    if (date_parse(filter->from, &y1, &m1, &d1) && date_parse(filter->to, &y2, &m2, &d2)) {
        first = y1 * 12L + (m1 - 1) + (d1 != 1);
        last = y2 * 12L + (m2 - 1) - (d2 != date_days_in_month(y2, m2));
    }
    /* Sized for any long: "-" + 19 digits twice, separators and NUL. */
    char from_month[48] = "~", to_month[48] = "0", head_end[48], tail_start[48] = "~";
    snprintf(head_end, sizeof head_end, "%s", filter->to);
    if (first <= last) {
        snprintf(from_month, sizeof from_month, "%04ld-%02ld", first / 12, first % 12 + 1);
        snprintf(to_month, sizeof to_month, "%04ld-%02ld", last / 12, last % 12 + 1);
        int y, m, d;
        date_from_days(date_to_days((int)(first / 12), (int)(first % 12 + 1), 1) - 1, &y, &m, &d);
        snprintf(head_end, sizeof head_end, "%04d-%02d-%02d", y, m, d);
        last++;
        snprintf(tail_start, sizeof tail_start, "%04ld-%02ld-01", last / 12, last % 12 + 1);
    }
    sqlite3_bind_text(stmt, 5, from_month, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, to_month, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 7, head_end, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 8, tail_start, -1, SQLITE_TRANSIENT);
}

int store_tally(struct store *st, enum store_tally tally, const struct store_report_filter *filter,
                store_tally_fn fn, void *ctx, struct gu_error *err)
{
    if ((unsigned)tally >= TALLY_COUNT)
        return error_set(err, GU_FAILURE, "store_tally: no aggregate %d", (int)tally);
    int rc;
    if (!st->tally[tally] &&
        (rc = sqlite3_prepare_v3(st->db, tally_sql[tally], -1, SQLITE_PREPARE_PERSISTENT,
                                 &st->tally[tally], NULL)) != SQLITE_OK)
        return store_db_error(st, rc, err);
    sqlite3_stmt *stmt = st->tally[tally];
    sqlite3_bind_text(stmt, 1, filter->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, filter->to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, filter->site_id);
    sqlite3_bind_int64(stmt, 4, filter->operator_id);
    if (sqlite3_bind_parameter_count(stmt) >= 8)
        tally_bind_months(stmt, filter);
    int status = GU_OK;
    long long values[8];
    int n = sqlite3_column_count(stmt) - 1;
    n = n > 8 ? 8 : n;
    while (!status && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++)
            values[i] = sqlite3_column_int64(stmt, i + 1);
        const unsigned char *key = sqlite3_column_text(stmt, 0);
        status = fn(key ? (const char *)key : "", values, n, ctx);
    }
    if (!status && rc != SQLITE_DONE)
        status = store_db_error(st, rc, err);
    sqlite3_reset(stmt); /* kept for the next call, its bindings (filter's, static) dropped */
    sqlite3_clear_bindings(stmt);
    return status;
}
