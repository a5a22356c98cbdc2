#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "harness.h"
#include "schema_expected.h"
#include "store.h"
#include "store/internal.h"
#include "strbuf.h"
#include "vocab.h"

static char *db_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", harness_tmpdir(), name);
    return path;
}

struct collected {
    int count;
    int64_t ids[8];
    char notes[8][64];
    vocab_set themes[8];
};

static int collect(const struct help_session *s, void *ctx)
{
    struct collected *c = ctx;
    if (c->count < 8) {
        c->ids[c->count] = s->id;
        snprintf(c->notes[c->count], sizeof c->notes[0], "%s", s->note ? s->note : "");
        c->themes[c->count] = s->themes;
    }
    c->count++;
    return 0;
}

static void test_open_creates_private_file_in_new_folder(void)
{
    char *path = db_path("a/b/guichet.db");
    struct store *st;
    struct gu_error err;
    CHECK(store_open(path, &st, &err) == GU_OK);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    store_close(st);
    /* Opening again migrates nothing and still works. */
    CHECK(store_open(path, &st, &err) == GU_OK);
    store_close(st);
}

static void test_sessions_round_trip(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("g.db"), &st, &err) == GU_OK);
    struct help_session s[2];
    session_init(&s[0]);
    session_init(&s[1]);
    s[0].themes = 1u << 5;
    s[0].note = "premi\xC3\xA8re";
    s[0].operator_name = "Camille";
    s[1].themes = (1u << 5) | (1u << vocab_theme_demarches());
    s[1].demarches = 1u << 4;
    s[1].at.day = 13;
    s[1].operator_name = "CAMILLE"; /* the same operator, folded */
    int64_t ids[2];
    CHECK(store_add_sessions(st, s, 2, ids, &err) == GU_OK);
    CHECK(ids[0] == 1 && ids[1] == 2);

    struct collected c = {0};
    struct session_filter all = {0};
    CHECK(store_list_sessions(st, &all, collect, &c, &err) == GU_OK);
    CHECK(c.count == 2 && c.ids[0] == 2 && c.ids[1] == 1); /* oldest first */
    CHECK_STR(c.notes[1], "premi\xC3\xA8re");
    CHECK(c.themes[0] == s[1].themes);

    struct collected day = {0};
    struct session_filter only14 = {.from = "2026-03-14", .to = "2026-03-14"};
    CHECK(store_list_sessions(st, &only14, collect, &day, &err) == GU_OK);
    CHECK(day.count == 1 && day.ids[0] == 1);

    struct collected newest = {0};
    struct session_filter recent = {.newest_first = true, .limit = 1};
    CHECK(store_list_sessions(st, &recent, collect, &newest, &err) == GU_OK);
    CHECK(newest.count == 1 && newest.ids[0] == 1);
    store_close(st);
}

static void count_problem(const char *problem, void *ctx)
{
    (void)problem;
    (*(int *)ctx)++;
}

static void test_check_reports_sound_database(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("c.db"), &st, &err) == GU_OK);
    bool sound = false;
    int problems = 0;
    CHECK(store_check(st, count_problem, &problems, &sound, NULL, &err) == GU_OK);
    CHECK(sound && problems == 0);
    store_close(st);
}

static void test_refuses_foreign_file(void)
{
    char *path = db_path("notes.txt");
    FILE *f = fopen(path, "w");
    fputs("These are not the droids you are looking for.\n", f);
    for (int i = 0; i < 200; i++)
        fputs("filler line to make the file bigger than a page header\n", f);
    fclose(f);
    chmod(path, 0600); /* private, so that the refusal is for what is inside */
    struct stat before, after;
    stat(path, &before);
    struct store *st = NULL;
    struct gu_error err;
    CHECK(store_open(path, &st, &err) == GU_FAILURE);
    CHECK(st == NULL);
    CHECK(strstr(err.message, "not a database at all") ||
          strstr(err.message, "not a guichet database"));
    stat(path, &after);
    CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime);
}

static void test_backup_is_private_and_never_overwrites(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("src.db"), &st, &err) == GU_OK);
    char *dest = db_path("copy.db");
    char saved[256];
    snprintf(saved, sizeof saved, "%s", dest);
    CHECK(store_backup(st, saved, &err) == GU_OK);
    struct stat sb;
    CHECK(stat(saved, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    CHECK(store_backup(st, saved, &err) == GU_FAILURE);
    store_close(st);
    CHECK(harness_store_open(saved, &st, &err) == GU_OK);
    store_close(st);
}

/* Sums the per-code counts of one tally. */
static int sum_tally(const char *key, const long long *values, int nvalues, void *ctx)
{
    (void)key;
    if (nvalues > 0)
        *(long long *)ctx += values[0];
    return 0;
}

static long long tally_of(struct store *st, enum store_tally tally, const char *from, const char *to)
{
    struct store_report_filter f = {0};
    snprintf(f.from, sizeof f.from, "%s", from);
    snprintf(f.to, sizeof f.to, "%s", to);
    long long n = 0;
    struct gu_error err;
    CHECK(store_tally(st, tally, &f, sum_tally, &n, &err) == GU_OK);
    return n;
}

/* The report's per-day counts follow sessions as they are edited and deleted (migration 004's
 * triggers), and check agrees. */
static void test_report_counts_follow_edits_and_deletes(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("tally.db"), &st, &err) == GU_OK);
    struct help_session s[3];
    for (int i = 0; i < 3; i++) {
        session_init(&s[i]);
        s[i].at = (struct gu_datetime){2026, 3, 10 + i, 10, 0};
        s[i].themes = (1u << 1) | (1u << 5);
        s[i].duration_min = 30;
        s[i].site_name = "Centre";
    }
    int64_t ids[3];
    CHECK(store_add_sessions(st, s, 3, ids, &err) == GU_OK);
    CHECK(tally_of(st, TALLY_TOTALS, "2026-03-01", "2026-03-31") == 3);
    CHECK(tally_of(st, TALLY_THEMES, "2026-03-01", "2026-03-31") == 6);

    /* Moved to April, one theme fewer, longer, to another site. */
    struct help_session moved = s[0];
    moved.id = ids[0];
    moved.at.month = 4;
    moved.themes = 1u << 5;
    moved.duration_min = 90;
    moved.site_name = "Annexe";
    CHECK(store_update_session(st, &moved, 0, &err) == GU_OK);
    CHECK(tally_of(st, TALLY_TOTALS, "2026-03-01", "2026-03-31") == 2);
    CHECK(tally_of(st, TALLY_THEMES, "2026-03-01", "2026-03-31") == 4);
    CHECK(tally_of(st, TALLY_TOTALS, "2026-04-01", "2026-04-30") == 1);
    CHECK(tally_of(st, TALLY_THEMES, "2026-04-01", "2026-04-30") == 1);
    CHECK(tally_of(st, TALLY_DURATIONS, "2026-04-01", "2026-04-30") == 1);

    CHECK(store_delete_session(st, ids[1], 0, &err) == GU_OK);
    CHECK(tally_of(st, TALLY_TOTALS, "2026-03-01", "2026-03-31") == 1);
    CHECK(tally_of(st, TALLY_THEMES, "2026-03-01", "2026-03-31") == 2);
    CHECK(tally_of(st, TALLY_PLACES, "2026-03-01", "2026-03-31") == 1);

    bool sound = false;
    int problems = 0;
    CHECK(store_check(st, count_problem, &problems, &sound, NULL, &err) == GU_OK);
    CHECK(sound && problems == 0);
    store_close(st);
}

/* A deleted session leaves the lists and the counts, keeps its number, and comes back exactly;
 * the next session never takes the number of one deleted, newest or not. */
static void test_delete_restore_and_numbers(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("undo.db"), &st, &err) == GU_OK);
    struct help_session s[3];
    for (int i = 0; i < 3; i++) {
        session_init(&s[i]);
        s[i].themes = (1u << 5) | (1u << vocab_theme_demarches());
        s[i].demarches = 1u << 2;
        s[i].materials = 1u << 1;
        s[i].note = "rappeler";
        s[i].at.hour = 8 + i;
    }
    int64_t ids[3];
    CHECK(store_add_sessions(st, s, 3, ids, &err) == GU_OK);
    CHECK(store_delete_session(st, ids[2], 0, &err) == GU_OK);
    CHECK(store_delete_session(st, ids[2], 0, &err) == GU_INVALID); /* already deleted */
    CHECK(tally_of(st, TALLY_TOTALS, "2026-03-01", "2026-03-31") == 2);

    struct collected live = {0}, gone = {0};
    struct session_filter all = {0}, deleted = {.deleted = true};
    CHECK(store_list_sessions(st, &all, collect, &live, &err) == GU_OK);
    CHECK(store_list_sessions(st, &deleted, collect, &gone, &err) == GU_OK);
    CHECK(live.count == 2 && gone.count == 1 && gone.ids[0] == ids[2]);
    long long n = 0;
    CHECK(store_count_listed_sessions(st, &all, &n, &err) == GU_OK && n == 2);
    CHECK(store_count_listed_sessions(st, &deleted, &n, &err) == GU_OK && n == 1);
    /* A deleted session is neither edited nor the "last session" to repeat. */
    struct help_session edited = s[2];
    edited.id = ids[2];
    CHECK(store_update_session(st, &edited, 0, &err) == GU_INVALID);
    struct help_session got;
    bool found = false;
    CHECK(store_last_session(st, 0, &got, &found, &err) == GU_OK && found && got.id == ids[1]);
    session_clear(&got);
    CHECK(store_get_session(st, ids[2], &got, &found, &err) == GU_OK && found && got.deleted);
    session_clear(&got);

    /* The newest was deleted: the next number is still a new one. */
    int64_t next;
    CHECK(store_add_sessions(st, s, 1, &next, &err) == GU_OK && next == ids[2] + 1);
    CHECK(store_restore_session(st, ids[2], 0, &err) == GU_OK);
    CHECK(store_restore_session(st, ids[2], 0, &err) == GU_INVALID);
    CHECK(store_get_session(st, ids[2], &got, &found, &err) == GU_OK && found && !got.deleted);
    CHECK(got.themes == s[2].themes && got.demarches == s[2].demarches &&
          got.materials == s[2].materials && got.at.hour == 10 && got.note &&
          !strcmp(got.note, "rappeler"));
    session_clear(&got);
    CHECK(tally_of(st, TALLY_TOTALS, "2026-03-01", "2026-03-31") == 4);
    CHECK(tally_of(st, TALLY_DEMARCHES, "2026-03-01", "2026-03-31") == 4);

    bool sound = false;
    int problems = 0;
    CHECK(store_check(st, count_problem, &problems, &sound, NULL, &err) == GU_OK);
    CHECK(sound && problems == 0);
    store_close(st);
}

/* Paging: each page starts after the last session of the one before, in either order, and
 * together they list every session once. */
static void test_sessions_page_by_key(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("pages.db"), &st, &err) == GU_OK);
    struct help_session s[7];
    for (int i = 0; i < 7; i++) {
        session_init(&s[i]);
        s[i].themes = 1u << 5;
        s[i].at.hour = 9 + i / 2; /* pairs at the same minute: the number breaks the tie */
        s[i].at.minute = 0;
    }
    int64_t ids[7];
    CHECK(store_add_sessions(st, s, 7, ids, &err) == GU_OK);
    char at[DATETIME_TEXT_SIZE] = "";
    int64_t after = 0, seen[7];
    int nseen = 0;
    for (int page = 0; page < 4; page++) {
        struct collected c = {0};
        struct session_filter f = {.newest_first = true, .limit = 3};
        if (page) {
            f.after_at = at;
            f.after_id = after;
        }
        CHECK(store_list_sessions(st, &f, collect, &c, &err) == GU_OK);
        for (int i = 0; i < c.count && nseen < 7; i++)
            seen[nseen++] = c.ids[i];
        if (!c.count)
            break;
        struct help_session last;
        bool found;
        CHECK(store_get_session(st, c.ids[c.count - 1], &last, &found, &err) == GU_OK && found);
        datetime_format(&last.at, at);
        after = last.id;
        session_clear(&last);
    }
    CHECK(nseen == 7);
    for (int i = 0; i < nseen; i++)
        CHECK(seen[i] == ids[6 - i]);
    /* Oldest first from the third newest: the two after it. */
    struct collected up = {0};
    struct session_filter f = {.limit = 5, .after_at = "2026-03-14 11:00", .after_id = ids[4]};
    CHECK(store_list_sessions(st, &f, collect, &up, &err) == GU_OK);
    CHECK(up.count == 2 && up.ids[0] == ids[5] && up.ids[1] == ids[6]);
    store_close(st);
}

/* The id of the site named name, 0 when there is none. */
static int64_t site_id_of(struct store *st, const char *name)
{
    struct store_named *sites;
    size_t n;
    struct gu_error err;
    int64_t id = 0;
    if (store_list_sites(st, &sites, &n, &err) != GU_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(sites[i].name, name))
            id = sites[i].id;
    store_free_named(sites, n);
    return id;
}

/* count sessions of minutes at site on day (YYYY-MM-DD), added in one batch; their ids in ids. */
static void add_durations(struct store *st, int count, int minutes, char *site, int year,
                          int month, int day, int64_t *ids)
{
    struct help_session s[8];
    struct gu_error err;
    for (int i = 0; i < count; i++) {
        session_init(&s[i]);
        s[i].at = (struct gu_datetime){year, month, day, 10, i};
        s[i].themes = 1u << 5;
        s[i].duration_min = minutes;
        s[i].site_name = site;
    }
    CHECK(store_add_sessions(st, s, (size_t)count, ids, &err) == GU_OK);
}

static int most_used(struct store *st, int64_t site_id)
{
    int minutes = -1;
    struct gu_error err;
    CHECK(store_most_used_duration(st, site_id, "2025-12-14", &minutes, &err) == GU_OK);
    return minutes;
}

/* The form's default duration, the one most used since a day at a site or anywhere, read from
 * the per-day counts (migration 020): known answers through batches, edits, deletes, restores,
 * the first day counted and the day before it, and a tie (the shorter wins). */
static void test_most_used_duration(void)
{
    struct store *st;
    struct gu_error err;
    /* The database the purge test left (creating one costs two seconds under valgrind). */
    CHECK(harness_store_open(db_path("purge.db"), &st, &err) == GU_OK);
    int none = -1;
    CHECK(store_most_used_duration(st, 0, "2025-12-14", &none, &err) == GU_OK && none == 0);
    int64_t c45[3], c20[2], a20[4], a90[5], c60[5], one[1];
    add_durations(st, 3, 45, "Centre", 2026, 3, 10, c45);
    add_durations(st, 2, 20, "Centre", 2026, 3, 11, c20);
    add_durations(st, 4, 20, "Annexe", 2026, 3, 12, a20);
    add_durations(st, 5, 90, "Annexe", 2025, 12, 14, a90); /* the first day counted */
    add_durations(st, 5, 60, "Centre", 2025, 12, 13, c60); /* the day before: not counted */
    int64_t centre = site_id_of(st, "Centre"), annexe = site_id_of(st, "Annexe");
    CHECK(centre && annexe);
    CHECK(most_used(st, 0) == 20);      /* 20: 6, 90: 5, 45: 3 */
    CHECK(most_used(st, centre) == 45); /* 45: 3, 20: 2 */
    CHECK(most_used(st, annexe) == 90); /* 90: 5, 20: 4 */

    CHECK(store_delete_session(st, c45[0], 0, &err) == GU_OK);
    CHECK(most_used(st, centre) == 20); /* 45: 2, 20: 2: the shorter */
    add_durations(st, 1, 45, "Centre", 2026, 3, 13, one);
    CHECK(most_used(st, centre) == 45); /* 45: 3, 20: 2 */
    CHECK(store_restore_session(st, c45[0], 0, &err) == GU_OK);
    struct help_session edited;
    bool found = false;
    CHECK(store_get_session(st, c20[0], &edited, &found, &err) == GU_OK && found);
    edited.duration_min = 120;
    CHECK(store_update_session(st, &edited, 0, &err) == GU_OK);
    session_clear(&edited);
    CHECK(most_used(st, centre) == 45); /* 45: 4, 20: 1, 120: 1 */
    CHECK(store_get_session(st, a90[0], &edited, &found, &err) == GU_OK && found);
    edited.at = (struct gu_datetime){2025, 12, 13, 9, 0}; /* moved out of the 90 days */
    CHECK(store_update_session(st, &edited, 0, &err) == GU_OK);
    session_clear(&edited);
    CHECK(most_used(st, annexe) == 20); /* 20: 4, 90: 4: the shorter */
    CHECK(most_used(st, 0) == 20);
    /* That the counts are the view's, through batches and triggers: the test of report counts
     * runs check after both. */
    store_close(st);
}

struct referral_ids {
    int64_t ids[64];
    struct referral_key last;
    size_t n;
};

static int collect_referral(const struct referral *r, void *ctx)
{
    struct referral_ids *c = ctx;
    if (c->n < 64)
        c->ids[c->n++] = r->id;
    c->last = (struct referral_key){.id = r->id};
    snprintf(c->last.follow_up_on, sizeof c->last.follow_up_on, "%s", r->follow_up_on);
    snprintf(c->last.referred_at, sizeof c->last.referred_at, "%s", r->referred_at);
    return GU_OK;
}

/* The listing of status read page by page, forward (backwards: from the end, reversed), into
 * out; false when a page failed. */
static bool page_through(struct store *st, int status, bool backwards, long limit,
                         struct referral_ids *out)
{
    struct gu_error err;
    out->n = 0;
    struct referral_key from;
    bool first = true;
    for (int pages = 0; pages < 64; pages++) {
        struct referral_ids page = {0};
        if (store_page_referrals(st, status, first ? NULL : &from, backwards, limit,
                                 collect_referral, &page, &err) != GU_OK)
            return false;
        for (size_t i = 0; i < page.n && out->n < 64; i++)
            out->ids[out->n++] = page.ids[i];
        if (page.n < (size_t)limit)
            break;
        from = page.last;
        first = false;
    }
    for (size_t i = 0; backwards && i < out->n / 2; i++) {
        int64_t t = out->ids[i];
        out->ids[i] = out->ids[out->n - 1 - i];
        out->ids[out->n - 1 - i] = t;
    }
    return true;
}

/* The follow-up screen's pages (issue 18): every referral, and the open ones, read a few at a
 * time forward and backwards, are exactly the listing's order (follow-up date, none last; time
 * made; number), ties on date and time included. */
static void test_referral_pages(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("purge.db"), &st, &err) == GU_OK); /* as above */
    for (int i = 0; i < 24; i++) {
        setenv("GUICHET_NOW", i < 12 ? "2026-03-14 10:30" : "2026-03-14 09:15", 1);
        struct referral r = {.partner_id = 1, .need = "aide",
                             .method = vocab_find(VOCAB_REFERRAL_METHOD, "information"),
                             .status = vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre")};
        if (i % 5)
            snprintf(r.follow_up_on, sizeof r.follow_up_on, "2026-03-%02d", 15 + i % 7);
        int64_t id;
        CHECK(store_add_referral(st, &r, 0, &id, &err) == GU_OK);
        if (i % 3 == 0)
            CHECK(store_update_referral(st, id, vocab_find(VOCAB_REFERRAL_STATUS, "abouti"), NULL,
                                        0, &err) == GU_OK);
    }
    setenv("GUICHET_NOW", "2026-03-14 10:30", 1); /* the harness's clock */
    int statuses[] = {VOCAB_NONE, vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre")};
    for (size_t s = 0; s < 2; s++) {
        struct referral_filter filter = {.status = statuses[s]};
        struct referral_ids whole = {0}, forward, backward;
        CHECK(store_list_referrals(st, &filter, collect_referral, &whole, &err) == GU_OK);
        CHECK(whole.n == (s ? 16 : 24));
        CHECK(page_through(st, statuses[s], false, 7, &forward));
        CHECK(page_through(st, statuses[s], true, 6, &backward));
        CHECK(forward.n == whole.n && !memcmp(forward.ids, whole.ids, whole.n * sizeof *whole.ids));
        CHECK(backward.n == whole.n &&
              !memcmp(backward.ids, whole.ids, whole.n * sizeof *whole.ids));
    }
    store_close(st);
}

/* The desk purges once a day: a second start the same day does nothing, the next day does. */
static void test_purge_runs_once_a_day(void)
{
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(db_path("purge.db"), &st, &err) == GU_OK);
    struct purge_counts n;
    bool ran = false;
    setenv("GUICHET_NOW", "2026-03-17 09:00", 1);
    CHECK(store_purge_if_due(st, 0, &ran, &n, &err) == GU_OK && ran);
    setenv("GUICHET_NOW", "2026-03-17 18:00", 1);
    CHECK(store_purge_if_due(st, 0, &ran, &n, &err) == GU_OK && !ran);
    setenv("GUICHET_NOW", "2026-03-18 09:00", 1);
    CHECK(store_purge_if_due(st, 0, &ran, &n, &err) == GU_OK && ran);
    setenv("GUICHET_NOW", "2026-03-14 10:30", 1); /* the harness's clock, for the other tests */
    store_close(st);
}

/* One value of a row as text: its type, then the value (a blob in hexadecimal), so that 1, 1.0,
 * '1' and X'31' differ. The place id prefix drawn for each database (migration 014) is said by
 * its form only. */
static void value_put(struct strbuf *out, sqlite3_stmt *row, int i, bool drawn)
{
    int type = sqlite3_column_type(row, i);
    strbuf_printf(out, "%d:", type);
    if (type == SQLITE_BLOB) {
        const unsigned char *b = sqlite3_column_blob(row, i);
        for (int k = 0; k < sqlite3_column_bytes(row, i); k++)
            strbuf_printf(out, "%02x", b[k]);
    } else if (type != SQLITE_NULL) {
        const char *text = (const char *)sqlite3_column_text(row, i);
        bool prefix = drawn && strlen(text) == 16 && !strncmp(text, "guichet-", 8) &&
                      strspn(text + 8, "0123456789abcdef") == 8;
        strbuf_puts(out, prefix ? "guichet-XXXXXXXX" : text);
    }
    strbuf_putc(out, '|');
}

/* db's whole content as text, one line each: its objects in sqlite_schema's order (the order
 * SQLite loads them in), every row of every table (the search indexes' own tables included)
 * with its rowid, and the file's marks. A new string, NULL on failure. */
static char *database_text(sqlite3 *db)
{
    struct strbuf out = STRBUF_INIT;
    sqlite3_stmt *objects = NULL, *tables = NULL, *row = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                                "ORDER BY rowid",
                                -1, &objects, NULL);
    while (rc == SQLITE_OK && sqlite3_step(objects) == SQLITE_ROW) {
        for (int i = 0; i < 4; i++)
            value_put(&out, objects, i, false);
        strbuf_putc(&out, '\n');
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "SELECT s.name, l.wr FROM sqlite_schema AS s JOIN pragma_table_list "
                                "AS l ON l.schema = 'main' AND l.name = s.name "
                                "WHERE l.type IN ('table', 'shadow') ORDER BY s.rowid",
                                -1, &tables, NULL);
    while (rc == SQLITE_OK && sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        bool without_rowid = sqlite3_column_int(tables, 1);
        char *sql = sqlite3_mprintf("SELECT %s* FROM \"%w\"%s", without_rowid ? "" : "_rowid_, ",
                                    name, without_rowid ? "" : " ORDER BY _rowid_");
        rc = sql ? sqlite3_prepare_v2(db, sql, -1, &row, NULL) : SQLITE_NOMEM;
        sqlite3_free(sql);
        while (rc == SQLITE_OK && sqlite3_step(row) == SQLITE_ROW) {
            strbuf_printf(&out, "%s: ", name);
            for (int i = 0; i < sqlite3_column_count(row); i++)
                value_put(&out, row, i, !strcmp(name, "setting"));
            strbuf_putc(&out, '\n');
        }
        sqlite3_finalize(row);
        row = NULL;
    }
    static const char *const pragmas[] = {"PRAGMA application_id", "PRAGMA user_version",
                                          "PRAGMA encoding", "PRAGMA page_size",
                                          "PRAGMA auto_vacuum"};
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof pragmas / sizeof *pragmas; i++) {
        rc = sqlite3_prepare_v2(db, pragmas[i], -1, &row, NULL);
        if (rc == SQLITE_OK && sqlite3_step(row) == SQLITE_ROW) {
            strbuf_printf(&out, "%s: ", pragmas[i]);
            value_put(&out, row, 0, false);
            strbuf_putc(&out, '\n');
        }
        sqlite3_finalize(row);
        row = NULL;
    }
    sqlite3_finalize(objects);
    sqlite3_finalize(tables);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "    %s\n", sqlite3_errmsg(db));
        strbuf_release(&out);
        return NULL;
    }
    return strbuf_finish(&out);
}

/* Prints the first line where got and want differ. */
static void first_difference(const char *got, const char *want)
{
    size_t line = 1, start = 0, i = 0;
    for (; got[i] && got[i] == want[i]; i++)
        if (got[i] == '\n') {
            line++;
            start = i + 1;
        }
    fprintf(stderr, "    line %zu differs:\n    got:  %.300s\n    want: %.300s\n", line,
            got + start, want + start);
}

/* The text store_open gives a new file (build/gen/schema.c) against the migrations themselves,
 * both in memory, before anything else is written: the same objects in the same order, the same
 * rows (the search indexes' tables too, which 'rebuild' and 'optimize' leave otherwise than a
 * bare CREATE VIRTUAL TABLE), the same marks; and a prefix drawn for each. (test-cli.sh compares
 * two files guichet made, one new and one migrated step by step, once the defaults are in.) */
static void test_new_database_is_the_migrations(void)
{
    sqlite3 *migrated = NULL, *fresh = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
    int rc = store_sqlite_open(":memory:", &migrated, flags);
    if (rc == SQLITE_OK)
        rc = store_register_functions(migrated);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(migrated, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
    /* Each migration, then the version as store_open's migrate sets it after each. */
    char version[64];
    snprintf(version, sizeof version, "PRAGMA user_version = %d", store_schema_version());
    for (size_t i = 0; rc == SQLITE_OK && i < embedded_migration_count; i++)
        rc = sqlite3_exec(migrated, embedded_migrations[i].sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(migrated, version, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(migrated, "COMMIT", NULL, NULL, NULL);
    CHECK(rc == SQLITE_OK);
    /* As store_open runs it: foreign keys on, triggers off, one transaction. */
    rc = store_sqlite_open(":memory:", &fresh, flags);
    if (rc == SQLITE_OK)
        rc = store_register_functions(fresh);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(fresh, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(fresh, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(fresh, fresh_database_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(fresh, "COMMIT", NULL, NULL, NULL);
    CHECK(rc == SQLITE_OK);
    char *want = database_text(migrated), *got = database_text(fresh);
    CHECK(want && got);
    if (want && got && strcmp(got, want)) {
        CHECK(!"a new database differs from the migrations'");
        first_difference(got, want);
    }
    CHECK(got && strstr(got, "setting: 3:place_id_prefix|3:guichet-XXXXXXXX|"));
    free(want);
    free(got);
    sqlite3_close(migrated);
    sqlite3_close(fresh);
}

const struct unit_test store_tests[] = {
    {"store: a new database is what every migration makes", test_new_database_is_the_migrations},
    {"store: the desk's purge runs once a day", test_purge_runs_once_a_day},
    {"store: the follow-up's pages are the referrals' order, forward and backwards",
     test_referral_pages},
    {"store: the form's default duration, the most used, from the per-day counts",
     test_most_used_duration},
    {"store: report counts follow edits and deletes", test_report_counts_follow_edits_and_deletes},
    {"store: deleted sessions come back exactly; numbers are never given twice",
     test_delete_restore_and_numbers},
    {"store: sessions page by start and number", test_sessions_page_by_key},
    {"store: creates a private file in a new folder", test_open_creates_private_file_in_new_folder},
    {"store: sessions round-trip with filters", test_sessions_round_trip},
    {"store: check passes on a sound database", test_check_reports_sound_database},
    {"store: refuses a foreign file untouched", test_refuses_foreign_file},
    {"store: backup is private and never overwrites", test_backup_is_private_and_never_overwrites},
    {NULL, NULL},
};
