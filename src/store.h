/* Storage: the one interface to the database. Nothing outside src/store/ knows the engine, so a
 * second one (PostgreSQL, for library networks) can be added behind these prototypes.
 * Every write runs in its own short transaction; no call leaves one open on return. */
#ifndef GUICHET_STORE_H
#define GUICHET_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "appointment.h"
#include "session.h"
#include "partner.h"
#include "date.h"
#include "workshop.h"

struct store;

/* The default database path: $XDG_DATA_HOME/guichet/guichet.db, else
 * ~/.local/share/guichet/guichet.db. Returns a new string (caller frees), or NULL with err set. */
char *store_default_path(struct gu_error *err);
/* The folder where the desk of the database at db_path keeps its files (printouts, a person's
 * exports): beside a database file; for a server's database (its connection string, or NULL),
 * guichet's data folder on this machine (store_default_path's folder), made private with the
 * folders above it when create.
 * A new string (caller frees); NULL when out of memory or when there is no such folder (no
 * HOME). */
char *store_desk_folder(const char *db_path, bool create);
/* The path to name the database at path by (caller frees; NULL when out of memory): its real
 * path when path is a symbolic link, else a copy of path. The files guichet keeps beside the
 * database (daily backups, the erasure key, restore copies) are then the same whichever name a
 * desk, a cron job or a command used. */
char *store_resolve_path(const char *path);

/* Whether target names a PostgreSQL server (a URI postgresql://… or postgres://…, or libpq's
 * "keyword=value …" string) rather than a database file. */
bool store_target_is_server(const char *target);
/* Whether st is on a server (PostgreSQL) rather than an SQLite file. */
bool store_is_server(const struct store *st);
/* How target is named in messages, as a new string safe for the terminal (NULL when memory is
 * short): a file's path, or a server's host, port and database, never the string typed. */
char *store_target_display(const char *target);

/* Opens (creating with mode 0600, and its folder, as needed) and migrates the database at path.
 * Refuses, with a translated message and nothing written, a newer schema, a foreign or damaged
 * file, a read-only file, and a file system where WAL cannot be used. *out is owned by the
 * caller: close it with store_close. */
int store_open(const char *path, struct store **out, struct gu_error *err);
void store_close(struct store *st);
/* Opens an existing database for reading only (guichet check): creates nothing, neither folder
 * nor file nor log, and migrates nothing; a missing, empty or foreign file is an error. Codes
 * are then checked against this program's vocabulary. Close with store_close. */
int store_open_readonly(const char *path, struct store **out, struct gu_error *err);

/* Schema version this build writes. */
int store_schema_version(void);

/* Stores sessions[0..n) in one transaction (all or nothing), creating the operators and sites they
 * name. Writes one audit entry. ids (may be NULL) receives the new ids: each above every number
 * ever given, deleted sessions' included, so that a number names one session for ever. Sessions
 * are validated by the caller (session_validate). */
int store_add_sessions(struct store *st, const struct help_session *sessions, size_t n,
                       int64_t *ids, struct gu_error *err);

struct session_filter {
    const char *from; /* "YYYY-MM-DD" inclusive, or NULL */
    const char *to;   /* "YYYY-MM-DD" inclusive, or NULL */
    const char *theme; /* a theme code the sessions have, or NULL for any */
    bool newest_first;
    bool deleted; /* the deleted sessions instead of the others */
    long limit; /* 0 = no limit */
    /* Paging: only the sessions listed after the one started at after_at ("YYYY-MM-DD HH:MM",
     * borrowed) with number after_id, in the listing's order (by start, then number); NULL
     * for the whole listing. */
    const char *after_at;
    int64_t after_id;
    /* Words (text_fold of what was typed, borrowed): only the sessions session_matches finds
     * with them; NULL or no word for all. limit then counts the sessions found. The callback
     * must not search the same store again (the search's plan is kept for the next page). */
    const char *search;
};

/* Calls fn for each matching session (s is valid during the call only), by start then number;
 * stops early and returns fn's status when fn returns non-zero. */
typedef int (*store_session_fn)(const struct help_session *s, void *ctx);
int store_list_sessions(struct store *st, const struct session_filter *filter,
                        store_session_fn fn, void *ctx, struct gu_error *err);
/* The communes of residence given last with sessions of site_id (any site when 0): at most max
 * distinct ones, the most recent first, looked for among the latest 500 sessions. fn receives
 * each (borrowed, valid during the call). */
typedef int (*store_residence_fn)(const struct residence *r, void *ctx);
int store_recent_residences(struct store *st, int64_t site_id, int max, store_residence_fn fn,
                            void *ctx, struct gu_error *err);
/* How many sessions store_list_sessions lists for filter, its limit and paging aside. */
int store_count_listed_sessions(struct store *st, const struct session_filter *filter,
                                long long *count, struct gu_error *err);

/* How many sessions store_list_sessions lists for filter, its limit and paging aside, when that
 * can be known without reading every session: *exact is false when filter->search has only
 * words that many sessions match (*count is then 0). */
int store_count_found_sessions(struct store *st, const struct session_filter *filter,
                               long long *count, bool *exact, struct gu_error *err);

/* Reads session id into *out (owned strings: release with session_clear), deleted or not
 * (out->deleted says). *found tells whether it exists. */
int store_get_session(struct store *st, int64_t id, struct help_session *out, bool *found,
                      struct gu_error *err);
/* The session most recently logged by operator_id (any operator when 0) and not deleted, as
 * store_get_session. */
int store_last_session(struct store *st, int64_t operator_id, struct help_session *out,
                       bool *found, struct gu_error *err);
/* Replaces the stored session s->id with s; by_operator (0 = unknown) is recorded in the audit
 * log. GU_INVALID when the session no longer exists or is deleted. */
int store_update_session(struct store *st, const struct help_session *s, int64_t by_operator,
                         struct gu_error *err);
/* Deletes session id, recording by_operator in the audit log. GU_INVALID when it does not exist
 * or is already deleted. It leaves every count and listing, but is kept whole, to be restored. */
int store_delete_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err);
/* Brings deleted session id back exactly as it was, under its number, recording by_operator in
 * the audit log. GU_INVALID when it is not a deleted session. */
int store_restore_session(struct store *st, int64_t id, int64_t by_operator, struct gu_error *err);

/* Bulk writing (demonstration data, imports of many rows): between these two, the writes of
 * the store share one transaction, so that thousands cost one commit. A write refused before
 * it changed anything leaves the batch as it was; one that failed after changing rows makes
 * the end roll everything back (and fail). The end commits when status is GU_OK and no write
 * failed half-way, else rolls everything back; it returns the final status. Never held while
 * waiting for a person. */
int store_batch_begin(struct store *st, struct gu_error *err);
int store_batch_end(struct store *st, int status, struct gu_error *err);

/* Sessions that started on day ("YYYY-MM-DD"), by operator_id and at site_id (0 = any). */
int store_count_sessions(struct store *st, const char *day, int64_t operator_id, int64_t site_id,
                         long *count, struct gu_error *err);
/* The duration most used at site_id (0 = anywhere) since day "YYYY-MM-DD"; 0 when none. */
int store_most_used_duration(struct store *st, int64_t site_id, const char *since, int *minutes,
                             struct gu_error *err);

/* A named row: a site or an operator. */
struct store_named {
    int64_t id;
    char *name;     /* owned */
    int64_t site_id; /* operators: their usual site, 0 when none */
};
/* All sites, or all active operators, by name. *items is owned by the caller: free it with
 * store_free_named. */
int store_list_sites(struct store *st, struct store_named **items, size_t *n,
                     struct gu_error *err);
int store_list_operators(struct store *st, struct store_named **items, size_t *n,
                         struct gu_error *err);
void store_free_named(struct store_named *items, size_t n);
/* The id of the site or operator called name (case and accents ignored), created when missing.
 * An operator created here gets site_id as usual site (0 = none). */
/* The id of the site or operator called name (case and accents ignored), 0 when there is none;
 * reads only. */
int store_find_site(struct store *st, const char *name, int64_t *id, struct gu_error *err);
int store_find_operator(struct store *st, const char *name, int64_t *id, struct gu_error *err);
int store_ensure_site(struct store *st, const char *name, int64_t *id, struct gu_error *err);
int store_ensure_operator(struct store *st, const char *name, int64_t site_id, int64_t *id,
                          struct gu_error *err);

/* A site with its time zone and e-mail (migration 013). */
struct store_site {
    int64_t id;
    char *name;  /* owned */
    char *zone;  /* owned; one of date_zones (an unknown stored zone reads as the default) */
    char *email; /* owned; NULL when none is set */
    char *hours; /* owned; opening hours in OpenStreetMap's syntax, NULL when none are said */
};
/* All sites by name, with their zone and e-mail. *items is owned by the caller: free it with
 * store_free_sites. */
int store_list_site_details(struct store *st, struct store_site **items, size_t *n,
                            struct gu_error *err);
void store_free_sites(struct store_site *items, size_t n);
/* The zone of site_id; for 0 or a site that does not exist, the zone a new site takes (the
 * first site's, else DATE_ZONE_DEFAULT). *zone is static storage (date_zones). */
int store_site_zone(struct store *st, int64_t site_id, const char **zone, struct gu_error *err);
/* Sets the zone (one of date_zones; NULL: unchanged) and the e-mail (already checked; NULL:
 * unchanged; "": none) of the site called name, created when missing; its id into *id. */
int store_set_site(struct store *st, const char *name, const char *zone, const char *email,
                   int64_t *id, struct gu_error *err);

/* Settings: small named values (the last operator at this desk…). *value is owned by the
 * caller; NULL when unset. */
int store_get_setting(struct store *st, const char *key, char **value, struct gu_error *err);
int store_set_setting(struct store *st, const char *key, const char *value, struct gu_error *err);

/* A number that changes whenever another connection commits: cheap change detection. */
long long store_data_version(struct store *st);
/* Whether another file now sits at the database's path: a restore in another process moved the
 * one opened aside. False while the path still names the opened file, or names nothing. */
bool store_file_replaced(const struct store *st);

/* ---- workshops ---- */

/* Stores w (validated by the caller); with dates > 1, the same workshop every every_weeks weeks,
 * dates times in all, as one series. ids (may be NULL) receives the dates new ids. Each gets a
 * stable iCalendar UID. */
int store_add_workshops(struct store *st, const struct workshop *w, int dates, int every_weeks,
                        int64_t by_operator, int64_t *ids, struct gu_error *err);

/* Calls fn for each workshop starting from from to to ("YYYY-MM-DD", inclusive, NULL for no
 * bound), in time order, with its seat counts; w is valid during the call only. */
typedef int (*store_workshop_fn)(const struct workshop *w, void *ctx);
int store_list_workshops(struct store *st, const char *from, const char *to, store_workshop_fn fn,
                         void *ctx, struct gu_error *err);
/* Reads workshop id into *out (owned: release with workshop_clear). */
int store_get_workshop(struct store *st, int64_t id, struct workshop *out, bool *found,
                       struct gu_error *err);

/* Called once per person moved from the waitlist to a seat: the desk must call them. */
typedef void (*store_promotion_fn)(const struct promotion *p, void *ctx);

/* Replaces the planned workshop w->id with w, raising its SEQUENCE. Refuses a capacity below the
 * seats already booked; new seats go to the waitlist in order, reported through fn. */
int store_update_workshop(struct store *st, const struct workshop *w, int64_t by_operator,
                          store_promotion_fn fn, void *ctx, struct gu_error *err);
/* Cancels a planned workshop, or with rest_of_series that one and the later dates of its series;
 * *count receives how many were cancelled. Their people with a seat or on the waitlist are marked
 * to be told (NOTICE_CANCELLED): the call list shows them until store_mark_told. */
int store_cancel_workshop(struct store *st, int64_t id, bool rest_of_series, int64_t by_operator,
                          int *count, struct gu_error *err);
/* Plans a cancelled workshop again (raising its SEQUENCE), audited. Its registrations are as
 * they were; those not told of the cancellation yet have nothing to be told any more, those
 * told must now be told it is on again (NOTICE_REOPENED): *to_tell (may be NULL) receives how
 * many. GU_INVALID when it does not exist or is not cancelled. */
int store_reopen_workshop(struct store *st, int64_t id, int64_t by_operator, int *to_tell,
                          struct gu_error *err);
/* The desk told registration_id's person what its notice said (the call list's "to tell"):
 * a cancellation becomes told, a reopening nothing more to tell. Audited. GU_INVALID when it has
 * nothing to tell. */
int store_mark_told(struct store *st, int64_t registration_id, int64_t by_operator,
                    struct gu_error *err);

/* Books person on a planned workshop: a seat while there is one, else the waitlist. One
 * transaction decides, so that desks booking the last seat together never exceed capacity.
 * The name, phone and e-mail are kept in their canonical form (person_canonicalize). The person
 * is found again (not erased, the same folded name, and the same phone or e-mail, or no contact
 * of a kind on one side: nothing that conflicts; an exact contact match first), else created;
 * giving a phone or an e-mail records consent to be contacted, dated. */
int store_book(struct store *st, int64_t workshop_id, const struct person *person,
               int64_t by_operator, struct booking *out, struct gu_error *err);
/* Cancels registration_id; when it held a seat, the first person waiting gets it (*out: the
 * caller frees it with promotion_clear). */
int store_unbook(struct store *st, int64_t registration_id, int64_t by_operator,
                 struct promotion *out, struct gu_error *err);

struct attendance {
    const int64_t *present, *absent, *excused; /* registration ids of this workshop */
    size_t npresent, nabsent, nexcused;
    int walk_ins; /* people who came without booking; < 0 keeps the current count */
};
/* A past workshop's registrations written at once, as bookings then attendance leave them,
 * for bulk loads (demo): people[i] registered in that order in states[i] ("attended", "absent",
 * "waitlisted"…, registration_state codes), participant_ids[i] set to each one's record (found
 * or added as store_book does); then the workshop, planned, is marked held with walk_ins. The
 * triggers keep every count as for the desk's writes, which took a dozen statements a person;
 * one audit row says how many were registered. */
int store_add_held_registrations(struct store *st, int64_t workshop_id,
                                 const struct person *people, const char *const *states,
                                 size_t n, int walk_ins, int64_t *participant_ids,
                                 struct gu_error *err);
/* Records who came to a workshop that has started, and marks it held. */
int store_take_attendance(struct store *st, int64_t workshop_id, const struct attendance *a,
                          int64_t by_operator, struct gu_error *err);

struct registration_row {
    int64_t id, participant_id;
    int state; /* index in VOCAB_REGISTRATION_STATE */
    enum registration_notice notice;
    const char *booked_at, *name, *phone, *email; /* borrowed, valid during the call */
    struct residence residence;         /* the participant's commune; borrowed likewise */
    enum already_helped already_helped; /* as said at this booking */
};
typedef int (*store_registration_fn)(const struct registration_row *r, void *ctx);
/* Registrations of a workshop: seats first, then the waitlist in order, then cancellations. */
int store_list_registrations(struct store *st, int64_t workshop_id, store_registration_fn fn,
                             void *ctx, struct gu_error *err);

struct call_row {
    int64_t workshop_id, registration_id; /* 0 for an appointment */
    int64_t appointment_id;               /* an appointment's reminder; 0 for a workshop's */
    struct gu_datetime at;
    const char *title, *name, *phone, *email; /* borrowed */
    /* NOTICE_NONE: a reminder; NOTICE_CANCELLED, NOTICE_REOPENED: what to tell them. */
    enum registration_notice notice;
};
typedef int (*store_call_fn)(const struct call_row *c, void *ctx);
/* Whom to call: first the people to tell that their workshop (from from on, whatever its date)
 * was cancelled, then those to tell it was reopened, then the reminders: people with a seat in
 * planned workshops starting from from to until ("YYYY-MM-DD HH:MM"); each part in time order. */
int store_list_calls(struct store *st, const char *from, const char *until, store_call_fn fn,
                     void *ctx, struct gu_error *err);

struct participant_row {
    int64_t id;
    const char *name, *phone, *email; /* borrowed */
};
typedef int (*store_participant_fn)(const struct participant_row *p, void *ctx);
/* Participants whose name has words starting with each word of text, in any order (the desk's
 * one search, text_search: accents, case, hyphens and apostrophes ignored), best first, at most
 * limit. */
int store_find_participants(struct store *st, const char *text, int limit,
                            store_participant_fn fn, void *ctx, struct gu_error *err);

/* What store_merge_people did. */
struct merge_outcome {
    long long moved;   /* registrations of the record that went, now the kept one's */
    long long dropped; /* registrations deleted: both records had one for the same workshop */
    long long appointments; /* appointments of the record that went, now the kept one's */
    bool took_phone, took_email; /* the kept record had none and took the other's */
};
/* Makes one record of two of the same person, in one transaction: other's registrations go to
 * keep (when both are registered for one workshop, the registration that says more stays:
 * attended, booked, waitlisted, absent, excused, cancelled; a seat the deleted one held goes to
 * the first person waiting, as on a cancellation, and fn (may be NULL) is told each promotion
 * once committed); keep takes other's phone and e-mail where it has none, the earlier creation
 * and consent, the later activity; other's record and its search entry are deleted, and the
 * merge is audited. GU_INVALID, nothing written, when keep and other are the same number, or one
 * does not exist or was erased. */
int store_merge_people(struct store *st, int64_t keep, int64_t other, int64_t by_operator,
                       store_promotion_fn fn, void *ctx, struct merge_outcome *out,
                       struct gu_error *err);

/* ---- partners and the routing policy ---- */

/* Whose directory and routing policy st reads and writes from now on: site_id's (a desk's own
 * site, a command's --site) or, for 0, the network's. A partner belongs to a site or to the
 * network (site_id 0: every site sees it); a site sees the network's partners and its own. A
 * line of the policy belongs to a site or to the network; a site's line replaces the network's
 * of the same code for that site. In a database of one site, that site is the network: every
 * partner and line is the network's, as before sites had directories of their own. */
void store_set_site_scope(struct store *st, int64_t site_id);
/* The site whose directory and policy st reads now: store_set_site_scope's when the database has
 * more than one site, else 0 (the network's). */
int store_site_scope(struct store *st, int64_t *site, struct gu_error *err);
/* *several: whether the database has more than one site (a network's, not a library on its
 * own); read again only when the data changed since. */
int store_several_sites(struct store *st, bool *several, struct gu_error *err);

/* Partners, national ones first, then by name; p is valid during the call only. */
typedef int (*store_partner_fn)(const struct partner *p, void *ctx);
int store_list_partners(struct store *st, store_partner_fn fn, void *ctx, struct gu_error *err);
/* Where a page of the directory goes on from: the last partner of the page before (its
 * national flag, name_fold and id, borrowed). */
struct partner_key {
    bool national;
    const char *name_fold;
    int64_t id;
};
/* The directory a page at a time, in store_list_partners' order: calls fn with the partners that
 * search finds (partner_matches; NULL or no words: every partner), from the one after *after
 * (NULL: from the first), until limit of them were passed (0: no limit) or fn returns other than
 * GU_OK, which is returned. p (with p->name_fold, the key of the next page) is valid during the
 * call only. The index of migration 019 chooses which partners are tested: a page costs about
 * the same whatever the size of the directory. */
int store_page_partners(struct store *st, const char *search, const struct partner_key *after,
                        long limit, store_partner_fn fn, void *ctx, struct gu_error *err);
/* store_page_partners read backwards: the partners search finds before *before (NULL: from
 * the last of the listing), the nearest first (the last partner of the listing first), until
 * limit of them were passed (0: no limit) or fn returns other than GU_OK, which is returned.
 * p is valid during the call only, as its key (p->name_fold); nothing is owned by the caller
 * but *before. The same index read from its end: the last page of 100,000 places costs about
 * what the first does (the End key of the directory). */
int store_page_partners_back(struct store *st, const char *search,
                             const struct partner_key *before, long limit, store_partner_fn fn,
                             void *ctx, struct gu_error *err);
/* *count receives how many partners the directory has. */
int store_count_partners(struct store *st, long long *count, struct gu_error *err);
/* Calls fn once with partner id; GU_INVALID when it does not exist. */
int store_get_partner(struct store *st, int64_t id, store_partner_fn fn, void *ctx,
                      struct gu_error *err);
/* Adds p (normalised by the caller: partner_normalise); *id receives its number. Its text
 * fields and p->pivot are stored; its date_maj (updated_on) is the site's today, as on every
 * change below. It gets its place id (mednum_id), kept for good: "guichet-XXXXXXXX-N", the
 * database's random prefix and its number, unique (migration 014). */
int store_add_partner(struct store *st, const struct partner *p, int64_t by_operator, int64_t *id,
                      struct gu_error *err);
/* Replaces partner p->id's text fields and pivot with p's (NULL clears), the other fields of the
 * place standard kept; date_maj (updated_on) becomes the site's today. */
int store_update_partner(struct store *st, const struct partner *p, int64_t by_operator,
                         struct gu_error *err);

/* Imports places of the national standard in one transaction: a partner whose mednum_id is a
 * place's id is updated (a partner made here is found by the id its export gave it), others are
 * added. An update keeps what the standard does not carry when the file says nothing of it
 * (orientation category, what they handle, notes). With dry_run nothing is kept. The places are
 * checked by the caller. Each keeps the date_maj its file gives: the date its source changed it. */
int store_import_places(struct store *st, const struct partner *places, size_t n, bool dry_run,
                        int64_t by_operator, int *added, int *updated, struct gu_error *err);

/* The request kinds of the policy, in their order; k is valid during the call only. */
typedef int (*store_request_kind_fn)(const struct request_kind *k, void *ctx);
int store_list_request_kinds(struct store *st, store_request_kind_fn fn, void *ctx,
                             struct gu_error *err);

/* Saves kinds (validated by the caller, partners as ids) in one transaction: a kind whose code
 * exists is replaced, others are added at the end of the policy. With dry_run nothing is kept. */
int store_save_request_kinds(struct store *st, const struct request_kind *kinds, size_t n,
                             bool dry_run, int64_t by_operator, int *added, int *updated,
                             struct gu_error *err);
/* Removes a request kind; referrals made for it keep their partner and lose the request. */
int store_delete_request_kind(struct store *st, int64_t id, int64_t by_operator,
                              struct gu_error *err);

/* ---- referrals ---- */

/* The site a referral would be made at: session_id's, else operator_id's usual site; 0 for
 * none. Its partner and request must be the network's or that site's (store_add_referral
 * refuses another site's: GU_INVALID). */
int store_referral_site(struct store *st, int64_t session_id, int64_t operator_id,
                        int64_t *site, struct gu_error *err);
/* Records r (validated by the caller) for by_operator at the desk's time; consent is dated now.
 * r->status is its outcome (closed now unless "a_suivre", index 0: a new referral's); its site
 * is its session's, else by_operator's. The contact is kept as participants are: the name
 * cleaned (person_clean_name), the phone canonical (person_canonical_phone).
 * With a session, that session becomes oriented, with the partner's category. */
int store_add_referral(struct store *st, const struct referral *r, int64_t by_operator,
                       int64_t *id, struct gu_error *err);

struct referral_filter {
    int status;       /* VOCAB_NONE for any */
    const char *due;  /* "YYYY-MM-DD": open referrals to follow up by then, or NULL */
    long limit;       /* the first ones only; 0: every one */
};
/* *count receives how many open referrals are to follow up by day ("YYYY-MM-DD"), read from
 * the index on their status and date. */
int store_count_due_referrals(struct store *st, const char *day, long long *count,
                              struct gu_error *err);
/* Referrals, oldest first, with the names of operator, request and partner; r is valid during
 * the call only. */
typedef int (*store_referral_fn)(const struct referral *r, void *ctx);
int store_list_referrals(struct store *st, const struct referral_filter *filter,
                         store_referral_fn fn, void *ctx, struct gu_error *err);
/* Where a referral stands in store_list_referrals' order (follow-up date, none last; time
 * made; number): its follow_up_on ("" for none), referred_at and id. */
struct referral_key {
    char follow_up_on[DATE_TEXT_SIZE];
    char referred_at[DATETIME_TEXT_SIZE];
    int64_t id;
};
/* A page of that listing, of status (VOCAB_NONE: any), read through an index: at most limit
 * referrals (0: no limit) after the one at from (NULL: from the first), or with backwards
 * before it (NULL: from the last), the nearest first; r is valid during the call only. */
int store_page_referrals(struct store *st, int status, const struct referral_key *from,
                         bool backwards, long limit, store_referral_fn fn, void *ctx,
                         struct gu_error *err);
/* Sets the status of referral id (and its follow-up date when follow_up is not NULL). */
int store_update_referral(struct store *st, int64_t id, int status, const char *follow_up,
                          int64_t by_operator, struct gu_error *err);
/* Open referrals made more than the configured number of days ago (setting
 * referral_expiry_days, default 30) become "sans suite", closed as of the day each became
 * overdue (so that the contact's retention counts from then), each recorded in the audit log.
 * *count receives how many; nothing is written when there are none. store_purge does it first. */
int store_expire_referrals(struct store *st, int *count, struct gu_error *err);

/* ---- one person, as the desk shows them (reads only) ---- */

/* A workshop participant; strings borrowed, valid during the call, NULL when absent (name, phone
 * and e-mail are NULL once erased). */
struct person_row {
    int64_t id;
    const char *name, *phone, *email;
    const char *consent_at, *last_activity_on, *created_at, *erased_at;
    long long same_name; /* other records, not erased, with the same folded name */
};
typedef int (*store_person_fn)(const struct person_row *p, void *ctx);
/* Calls fn once with participant id when it exists; *found tells whether it does. */
int store_get_person(struct store *st, int64_t id, store_person_fn fn, void *ctx, bool *found,
                     struct gu_error *err);

struct person_registration_row {
    int64_t registration_id, workshop_id;
    const char *title; /* borrowed, valid during the call */
    struct gu_datetime at;
    int state;           /* VOCAB_REGISTRATION_STATE index */
    int workshop_status; /* VOCAB_WORKSHOP_STATUS index */
    int position;        /* on the waitlist, from 1; 0 when not waiting */
};
typedef int (*store_person_registration_fn)(const struct person_registration_row *r, void *ctx);
/* Participant id's registrations, the latest workshop first. */
int store_list_person_registrations(struct store *st, int64_t id, store_person_registration_fn fn,
                                    void *ctx, struct gu_error *err);
/* The referrals in participant id's name (the same folded name), or with their phone and no
 * name, the latest first, as store_list_referrals gives them. store_export_person lists every
 * referral an erasure would reach (also the name in reverse order, or in the request's words). */
int store_list_person_referrals(struct store *st, int64_t id, store_referral_fn fn, void *ctx,
                                struct gu_error *err);

/* ---- reports ---- */

/* Which activities a report counts: days from and to ("YYYY-MM-DD", both included), and one
 * site or operator (facilitator, for workshops) when not 0. */
struct store_report_filter {
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
    int64_t site_id, operator_id;
};
/* The aggregates a report is made of; each calls back once per group with its key (a code, a
 * month "YYYY-MM", a partner's name; "" for none) and its values. */
enum store_tally {
    TALLY_TOTALS,            /* "": sessions, minutes */
    TALLY_WORKSHOP_TOTALS,   /* "": held workshops, minutes, walk-ins, attended registrations */
    TALLY_REFERRAL_TOTALS,   /* "": referrals */
    TALLY_THEMES,            /* theme: sessions */
    TALLY_DEMARCHES,         /* démarche: sessions */
    TALLY_MATERIALS,         /* material: sessions */
    TALLY_PLACES,            /* place: sessions */
    TALLY_AUTONOMY,
    TALLY_AGES,
    TALLY_STATUSES,
    TALLY_GENDERS,
    TALLY_ORIENTED,          /* "0" or "1": sessions */
    TALLY_ORIENTATIONS,      /* category of oriented sessions: sessions */
    TALLY_DURATIONS,         /* "0".."3" (bucket): sessions */
    TALLY_SESSION_MONTHS,    /* "YYYY-MM": sessions */
    TALLY_WORKSHOP_MONTHS,   /* "YYYY-MM": participations (attended + walk-ins) of held ones */
    TALLY_WORKSHOP_THEMES,   /* theme: held workshops, capacity, seats, attended, absent */
    TALLY_REFERRAL_STATUSES, /* status: referrals */
    TALLY_REFERRAL_PARTNERS, /* partner name: referrals, most first */
    /* Commune of residence, keyed "INSEE<tab>name" ("\t" when not given), most first: one key
     * per INSEE code, named as said last (per name when no INSEE code was said). */
    TALLY_COMMUNE_SESSIONS,     /* sessions, by the commune said for each */
    /* attended registrations of held workshops, by the person's; an INSEE code comes with no
     * name ("INSEE\t"): the table of communes names it, else store_commune_said */
    TALLY_COMMUNE_PARTICIPANTS,
    TALLY_ALREADY_HELPED,       /* "1", "0" or "": sessions + attended registrations */
    TALLY_SITES,                /* "ID<TAB>name": sessions + participations of held workshops */
    TALLY_APPOINTMENTS,         /* status ("done", "missed", "cancelled"): appointments then */
    TALLY_COUNT
};
typedef int (*store_tally_fn)(const char *key, const long long *values, int nvalues, void *ctx);
int store_tally(struct store *st, enum store_tally tally, const struct store_report_filter *filter,
                store_tally_fn fn, void *ctx, struct gu_error *err);

/* The name (or postal code) said last in the period with the INSEE code insee by a person who
 * attended a held workshop: *name, owned by the caller (free), "" when none. For a code the
 * table of communes no longer has (rare: the report reads counts, not registrations). */
int store_commune_said(struct store *st, const struct store_report_filter *filter,
                       const char *insee, char **name, struct gu_error *err);

/* Integrity, foreign keys and vocabulary codes; the schema against the migrations' (every
 * table, index, trigger and view, named when missing, added or altered); the report's counts
 * and the search indexes against what they count. fn receives each problem as a translated
 * line; *sound tells the verdict. Erasures not finished yet (copies or files still holding
 * someone) are work left, not damage: also told to fn, counted in *unfinished (may be NULL),
 * leaving *sound as it is. */
typedef void (*store_problem_fn)(const char *problem, void *ctx);
int store_check(struct store *st, store_problem_fn fn, void *ctx, bool *sound, long *unfinished,
                struct gu_error *err);
/* store_check without SQLite's integrity and reference checks and the codes: only the schema and
 * what the store derives from the data (counts, indexes), for a backup already checked so. */
int store_check_derived(struct store *st, store_problem_fn fn, void *ctx, bool *sound,
                        struct gu_error *err);

/* ---- appointments (store/appointments.c; the rules in appointment.h) ---- */

/* An appointment to book: at a site's wall-clock time, for a duration, with an operator (who
 * must exist) at a site (NULL: the operator's usual site), for a request of that site's policy
 * (a code, NULL: none) whose "what to bring" it copies unless bring is given; a short note.
 * The strings borrowed. */
struct appointment_new {
    struct gu_datetime at;
    int duration_min;
    const char *operator_name, *site_name, *request, *bring, *note;
};
/* Why a time was refused: taken (the operator busy, or the site closed then), and the next free
 * slot when one was found within APPOINTMENT_SEARCH_DAYS days. */
struct appointment_slot {
    bool taken, found;
    struct gu_datetime next;
};
/* Books an appointment for person (found or made as for a workshop booking: the same record,
 * consent with a phone or an e-mail), decided inside the write transaction so that two desks
 * booking one slot give it to one; *id its number. A slot taken: GU_INVALID, the reason and
 * the next free slot in err and *slot. */
int store_add_appointment(struct store *st, const struct appointment_new *in,
                          const struct person *person, int64_t *id, struct appointment_slot *slot,
                          struct gu_error *err);
/* The starts a desk offers for an appointment of duration with operator_id at site_id (0: the
 * operator's usual site), from the day from ("YYYY-MM-DD") for days days (at most
 * APPOINTMENT_SEARCH_DAYS), none before now (appointment_day_starts, every quarter hour); *out
 * (owned by the caller, NULL when none) holds *n of them in order, wall-clock times of the
 * site's *zone (static storage); but skip (0: none), an appointment being moved, whose own time
 * is free. */
int store_free_slots(struct store *st, int64_t operator_id, int64_t site_id, const char *from,
                     int days, int duration, int64_t skip, const char **zone,
                     struct gu_datetime **out, size_t *n, struct gu_error *err);
/* Reads appointment id into *out (release with appointment_clear); *found false when none. */
int store_get_appointment(struct store *st, int64_t id, struct appointment *out, bool *found,
                          struct gu_error *err);
/* The agenda: from and to ("YYYY-MM-DD" inclusive, NULL: no bound), an operator's, a site's
 * or a person's (0: any), the planned appointments or every_status. */
struct appointment_filter {
    const char *from, *to;
    int64_t operator_id, site_id;
    int64_t participant_id; /* 0: anyone's */
    bool every_status;
};
typedef int (*store_appointment_fn)(const struct appointment *a, void *ctx);
int store_list_appointments(struct store *st, const struct appointment_filter *f,
                            store_appointment_fn fn, void *ctx, struct gu_error *err);
/* Moves a planned appointment to at (and duration_min, 0: its own), checked as when booked;
 * refused once its time has come, and when it changed since it was at sequence (its calendar
 * SEQUENCE, as the desk read it; -1: whatever it is). */
int store_move_appointment(struct store *st, int64_t id, const struct gu_datetime *at,
                           int duration_min, int sequence, int64_t by_operator,
                           struct appointment_slot *slot,
                           struct gu_error *err);
/* Ends a planned appointment: cancelled, missed (a no-show), or done, which logs the session it
 * became in the same transaction (kept, validated by the caller, or when NULL the appointment's
 * own: its start, duration, site, operator, request's theme and the person's commune) and links
 * it, *session_id (may be NULL) its number. */
int store_set_appointment_status(struct store *st, int64_t id, enum appointment_status to,
                                 const struct help_session *kept, int64_t by_operator,
                                 int64_t *session_id, struct gu_error *err);
/* Plans appointment id again: one marked kept, missed or cancelled by mistake; the session a
 * kept one became is deleted (the history can restore it). A time to come is checked as when
 * booked (taken: GU_INVALID and the next free slot in *slot); an appointment already planned,
 * or whose person was erased, is refused; so is one changed since it was at sequence (its
 * calendar SEQUENCE; -1: whatever it is), an undo that would undo another desk's change. */
int store_reopen_appointment(struct store *st, int64_t id, int sequence, int64_t by_operator,
                             struct appointment_slot *slot, struct gu_error *err);
/* The session appointment a becomes when kept, as store_set_appointment_status makes it (for
 * the desk's form to show first); release with session_clear. */
int store_appointment_session(struct store *st, const struct appointment *a,
                              struct help_session *out, struct gu_error *err);
/* Sets the opening hours (OpenStreetMap's syntax, checked by the caller; NULL: none) of the
 * site called site_name. */
int store_set_site_hours(struct store *st, const char *site_name, const char *hours,
                         struct gu_error *err);

/* ---- copying a database to another engine (store/copy.c) ---- */

/* What copy-to tells as it goes (each member may be NULL): table, after each table copied, its
 * name, how many rows were written and how many were found in the target already (a joining
 * library's site, operators, partners, lines of the policy; a failure it returns stops the
 * copy); note, what the counts do not say (an operator renamed, rows left as no site's). */
typedef int (*store_table_copied_fn)(const char *table, long long rows, long long found,
                                     void *ctx, struct gu_error *err);
struct store_copy_progress {
    store_table_copied_fn table;
    void (*note)(const char *text, void *ctx);
    void *ctx;
};
/* Copies the whole database of source into target (an SQLite file, or a PostgreSQL connection
 * string: store_target_is_server), which must hold no data yet (no file, an empty database, or
 * a guichet database with nothing but what a new one has): every row of the data with its
 * number, the audit log included; the counts and search indexes made again by target's own
 * triggers. One transaction on target, read from one snapshot of source while desks go on
 * writing; target's check must find it sound before it is committed, else nothing is written
 * (and a file made for it is removed). progress (may be NULL) follows the tables. */
/* With site (not NULL), only that site's rows: into an empty target (a library leaving a
 * network) with their numbers, its directory and policy the new database's; into a target that
 * holds data (a library joining a network; site then names the source's site, or the name a
 * source without sites takes there) under the target's next numbers, its site, operators,
 * partners (by code or place id, saying the same) and policy lines (by code, answering the
 * same) found there when it has them, its other partners and lines the site's own; a library
 * joins once. as (may be NULL) is the name the site takes in the target. Without site, a target
 * holding data is refused. progress may be NULL. */
int store_copy_to(struct store *source, const char *target, const char *site, const char *as,
                  const struct store_copy_progress *progress, struct gu_error *err);

/* ---- backups and restore (store/backup.c) ---- */

/* A consistent copy of the database in a new file at dest (mode 0600), taken while other desks
 * keep writing, whatever its page size. Written as dest.partPID first, renamed once complete:
 * a part left by a killed backup is removed by the next one; errors name dest. Refuses to
 * overwrite an existing file. */
int store_backup(struct store *st, const char *dest, struct gu_error *err);

/* The daily rotation: copies named STEM-YYYY-MM-DD.db (guichet-2026-11-21.db for guichet.db) in
 * dir, the keep newest kept. */
#define BACKUP_KEEP_DEFAULT 7
#define BACKUP_KEEP_MAX 366
struct backup_plan {
    char *dir; /* owned; by default a "backups" folder beside the database */
    int keep;
};
/* Fills *out (free with store_backup_plan_free) from the settings. */
int store_get_backup_plan(struct store *st, struct backup_plan *out, struct gu_error *err);
/* Remembers plan for the next backups, the desk's daily one included. */
int store_set_backup_plan(struct store *st, const struct backup_plan *plan, struct gu_error *err);
void store_backup_plan_free(struct backup_plan *plan);

/* What belongs to the database, for a file guichet writes elsewhere (--output) never to replace:
 * files holds the database under the name given and under the name SQLite really opens (links
 * resolved), and under every other name it has in that folder (hard links: another desk may open
 * it so); under each, its journals (-journal, -wal, -shm) and its erasure key (-erasure-key).
 * folders holds every backup folder: the current one, those used before, and "backups" beside
 * each name. db_path is the name the database was given as (--db: guichet opens a symbolic link's
 * target, store_resolve_path), may be NULL with st; with st NULL (before the store is open),
 * db_path alone, the settings unread. */
struct store_own_paths {
    char **files, **folders; /* owned */
    size_t nfiles, nfolders, cap_files, cap_folders;
};
int store_get_own_paths(struct store *st, const char *db_path, struct store_own_paths *out,
                        struct gu_error *err);
void store_own_paths_free(struct store_own_paths *paths);
/* Writes today's copy (replacing an earlier one of today), then removes the oldest beyond the
 * plan's count. *written (caller frees) names the copy; *removed counts the copies removed. */
int store_backup_rotate(struct store *st, char **written, int *removed, struct gu_error *err);
/* The desk's daily copy: store_backup_rotate when today's copy does not exist yet, else nothing
 * (*written stays NULL). */
int store_backup_if_due(struct store *st, char **written, int *removed, struct gu_error *err);
/* Whether today's copy of the rotation is still to be written (*due), as store_backup_if_due
 * would find it: a look at the backup folder, nothing written. Only a regular file marked as a
 * guichet database and whole (its header's size) counts as the day's copy: an empty file or a
 * folder of its name does not. */
int store_backup_due(struct store *st, bool *due, struct gu_error *err);
/* Today's copy's path in the rotation, written or not (*path: caller frees). */
int store_backup_todays_path(struct store *st, char **path, struct gu_error *err);

/* What a checked backup holds. */
struct backup_info {
    int schema;
    long long sessions, workshops, participants;
    char last_session[DATE_TEXT_SIZE]; /* "YYYY-MM-DD", empty without sessions */
    long unclean_columns; /* columns holding text guichet would not accept (see below) */
    bool erasure_key_missing; /* restore: the erasure key file beside the database is missing, so
                               * people erased since this backup were found by number only */
};
/* Checks that file is a sound guichet backup this version can read (mark, schema version,
 * integrity, references) and says what it holds; reads only, and creates nothing beside it.
 * Its text is checked as typed text is (valid UTF-8, no control character, no direction
 * override): fn receives one translated line per column holding such values ("table.column",
 * how many, a few examples cleaned), counted in info->unclean_columns. */
int store_inspect_backup(const char *file, store_problem_fn fn, void *ctx,
                         struct backup_info *info, struct gu_error *err);
/* GU_OK when db_path may be restored onto (a file's path), else a message: a PostgreSQL server's
 * database is restored by its operators. store_restore checks it first; a dry run asks too. */
int store_refuse_restore_target(const char *db_path, struct gu_error *err);
/* Replaces the database at db_path with the backup file, once checked as store_inspect_backup
 * does; text guichet would not accept refuses the backup unless force. Refuses a db_path that
 * holds anything but a guichet database. The restored database is built under a temporary name
 * beside it and renamed into place, so that a restore killed at any moment leaves the old
 * database or the new one. The database it replaces is kept beside it: a copy when sound, the
 * file itself (with its log) when damaged; *kept (caller frees, NULL when there was nothing to
 * keep) names it, even when the restore then fails. On success *out is the restored database,
 * opened (and so migrated), with the restore in its audit log. Other desks' connections are left
 * on the old file: store_file_replaced tells them to reopen. */
int store_restore(const char *db_path, const char *file, bool force, store_problem_fn fn,
                  void *ctx, struct backup_info *info, char **kept, struct store **out,
                  struct gu_error *err);

/* ---- personal data (store/privacy.c, domain.md §6) ---- */

/* How long personal data is kept, in months: participants' identities after their last
 * workshop, referral contacts after the referral is closed, audit entries. */
struct retention {
    int participant_months, contact_months, audit_months;
};
#define RETENTION_PARTICIPANT_MONTHS 12
#define RETENTION_CONTACT_MONTHS 3
#define RETENTION_AUDIT_MONTHS 12
#define RETENTION_MONTHS_MAX 120
/* The settings, or the defaults above where none is set. */
int store_get_retention(struct store *st, struct retention *out, struct gu_error *err);
/* Saves r (each from 1 to RETENTION_MONTHS_MAX; the caller checks). */
int store_set_retention(struct store *st, const struct retention *r, struct gu_error *err);

struct purge_counts {
    long long participants, contacts, audit;
    long long expired; /* overdue referrals closed first, as of the day they became overdue */
};
/* Erases what is past retention: participants' names, phones and e-mails (their registrations
 * stay, anonymous), referral contacts, old audit entries; then removes them from the search
 * index and the write-ahead log. Logged in the audit with the counts, today recorded as the
 * day's purge (store_purge_due). A dry run only counts. */
int store_purge(struct store *st, bool dry_run, int64_t by_operator, struct purge_counts *out,
                struct gu_error *err);
/* Whether no purge ran yet today (store_purge records its day in the setting purge_last_on). */
int store_purge_due(struct store *st, bool *due, struct gu_error *err);
/* store_purge, at most once a day; *ran tells whether it ran. */
int store_purge_if_due(struct store *st, int64_t by_operator, bool *ran, struct purge_counts *out,
                       struct gu_error *err);
/* The counts of the last purge, from its audit entry; *found false when none is recorded. */
int store_last_purge(struct store *st, struct purge_counts *out, bool *found,
                     struct gu_error *err);

/* Everything guichet holds about participant id, section by section ("person": their record
 * and any other record of the same person, "registrations", "referrals": those in their name,
 * with their phone or mentioning them, "sessions": those whose note or procedure mentions them,
 * "audit"): fn receives each record as n names and values (values may be NULL; valid during the
 * call). What is listed is exactly what store_erase_person erases. *found tells whether the
 * person exists. The export is recorded in the audit log. */
typedef int (*store_record_fn)(const char *section, int n, const char *const *names,
                               const char *const *values, void *ctx);
int store_export_person(struct store *st, int64_t id, int64_t by_operator, store_record_fn fn,
                        void *ctx, bool *found, struct gu_error *err);

/* What an erasure waits for: other desks to finish reading (the database's files keep a copy of
 * the erased until then), or a backup being written by another process (a copy taken before the
 * erasure, to be cleaned once it has its name). */
enum store_wait_reason { STORE_WAIT_READERS, STORE_WAIT_BACKUP };

/* Told while an erasure waits: for what, how long it has waited and how long it will wait at
 * most, in milliseconds. */
typedef void (*store_wait_fn)(enum store_wait_reason why, int waited_ms, int limit_ms, void *ctx);

/* What an erasure did, and what it could not finish. */
struct erasure_outcome {
    bool already;          /* the person had been erased before: this finished what was left */
    long long people;      /* records erased: the person's, and others of the same person */
    long long referrals;   /* referral contacts erased */
    long long texts;       /* session notes, procedure names and referral needs redacted */
    bool files_pending;    /* another desk still reads an older state: the database's files keep
                            * a copy until it stops; finished by the next open, purge or erase */
    int copies;            /* copies guichet keeps (daily backups, restore copies) cleaned */
    int parts;             /* partial copies of killed backups or restores removed */
    char **failed;         /* copies that could not be cleaned, each "PATH: why" (owned) */
    size_t failed_count;
    bool phone_shared;     /* their phone is also another person's: kept where it is theirs */
    long long released;    /* their seats and waitlist places in planned workshops, cancelled */
    long long appointments; /* their planned appointments to come, cancelled */
    int desk_files;        /* the desk's printouts naming them and exports of them, removed */
    bool key_was_missing;  /* the register's key file was missing: a new one was made, and the
                            * people erased before are found in old copies by number only */
    struct promotion *promotions; /* who got a seat freed so (owned), to be called */
    size_t promotion_count;
};
void erasure_outcome_clear(struct erasure_outcome *o);

/* What replaces an erased person's name, phone or e-mail in free text: the same words whatever
 * the language of the desk that erased them, since the notes are the library's (French). */
#define ERASURE_REPLACEMENT "[effacé]"

/* Erases participant id everywhere guichet keeps them: their record and any other record of
 * the same person (the same folded name with the same phone or e-mail), the contact of referrals
 * in their name or with their phone, their name, phone and e-mail in session notes, procedure
 * names and referral needs (replaced by ERASURE_REPLACEMENT, the rest kept, anonymous); registrations are
 * kept, anonymous, except seats and waitlist places in planned workshops, which are cancelled (the
 * waitlist moves up). A phone also held by someone of another name is a family's: it stays
 * theirs, and only the name identifies the person then. The erasure register keeps their marks, not their name, and is applied to
 * every copy guichet keeps and to any backup restored later. Then the search index is merged and
 * the write-ahead log checkpointed and truncated, waiting up to wait_ms (reporting to wait, may
 * be NULL) for other desks' readings to end; out says what is left pending. GU_INVALID when no
 * such person. */
int store_erase_person(struct store *st, int64_t id, int64_t by_operator, int wait_ms,
                       store_wait_fn wait, void *wait_ctx, struct erasure_outcome *out,
                       struct gu_error *err);
/* The same for a person known only as the contact of referral referral_id: the same rights. */
int store_export_contact(struct store *st, int64_t referral_id, int64_t by_operator,
                         store_record_fn fn, void *ctx, bool *found, struct gu_error *err);
int store_erase_contact(struct store *st, int64_t referral_id, int64_t by_operator, int wait_ms,
                        store_wait_fn wait, void *wait_ctx, struct erasure_outcome *out,
                        struct gu_error *err);
/* Referral contacts whose name the desk's one search finds (text_search: each word of text
 * the start of a word of the name, in any order), newest first, at most limit; none when text
 * has no word. fn receives the referral's number as id, and no e-mail. */
int store_find_contacts(struct store *st, const char *text, int limit, store_participant_fn fn,
                        void *ctx, struct gu_error *err);
/* Finishes erasures whose files kept a copy (see files_pending): checkpoints and truncates the
 * write-ahead log when no desk reads an older state, waiting up to wait_ms; records each one
 * finished in the audit log. *pending (may be NULL) tells whether some remain. */
int store_finish_erasures(struct store *st, int wait_ms, store_wait_fn wait, void *wait_ctx,
                          bool *pending, struct gu_error *err);
/* Records in the audit log that by_operator exported entity (what, for how long), without
 * personal data. */
int store_audit_export(struct store *st, int64_t by_operator, const char *entity,
                       const char *detail, struct gu_error *err);

#endif
