/* Activity reports (domain.md §2): figures for a period and optionally one site or operator,
 * their breakdowns in the national vocabulary, a monthly series, and comparisons with the
 * previous period and the same period a year earlier. Every figure comes from an aggregate
 * query of the store (store_tally); nothing loads the activities themselves. */
#ifndef GUICHET_REPORT_H
#define GUICHET_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "error.h"
#include "store.h"
#include "vocab.h"

#define REPORT_BUCKETS 4      /* < 30 min, 30 min to 1 h, 1 h to 2 h, 2 h and more */

/* Counts by entry of a vocabulary kind, with one more for "not given" at the end. */
struct report_breakdown {
    long long count[33];
};

struct report_totals {
    long long sessions, session_minutes;
    long long workshops_held, workshop_minutes, named_participations, anonymous_participations;
    long long people;     /* sessions + participations (domain.md §2) */
    long long minutes;    /* sessions' minutes + held workshops' minutes */
    long long referrals;
    long long appointments_kept, appointments_missed, appointments_cancelled;
};

/* Held workshops only, as "Workshops held": a planned one has no attendance yet. */
struct report_workshop_theme {
    long long workshops, capacity, seats, attended, absent; /* seats: everyone who had one */
};

struct report_month {
    char month[12]; /* "YYYY-MM" */
    long long sessions, participations;
};

struct report_partner {
    char *name; /* owned; "no partner" (translated) for referrals to none */
    long long referrals;
};

/* One commune of residence in a report: its INSEE code ("" for "not given") and name. */
struct report_commune {
    char *insee, *name; /* owned */
    long long count;
};
struct report_communes {
    struct report_commune *items; /* owned; most first, "not given" last */
    int n;
    size_t cap;
};

struct report {
    struct store_report_filter filter;
    struct report_totals totals, previous, year_before;
    struct store_report_filter previous_filter, year_before_filter;
    struct report_breakdown themes, demarches, materials, places, autonomy, ages, statuses,
        genders, orientations, referral_status;
    long long oriented[2];              /* no, yes */
    /* Commune of residence: of the sessions, and of the people who attended workshops. */
    struct report_communes commune_sessions, commune_participants;
    /* People helped by site (insee: the site's number, "" for none), for a report of a whole
     * network (by_site: no site asked for, and more than one in the database). */
    struct report_communes sites;
    bool by_site;
    long long already_helped[3];        /* not given, no (new people), yes (returning) */
    long long durations[REPORT_BUCKETS];
    struct report_workshop_theme workshop_themes[32];
    struct report_month *months; /* every month of the period, owned */
    int nmonths;
    struct report_partner *partners; /* owned */
    int npartners;
    size_t partners_cap;
    char *library;    /* owned: whom the report is for (report_library_name); NULL when no site */
    bool in_progress; /* the period holds today: its figures stop at as_of */
    char as_of[DATE_TEXT_SIZE];
};

/* The library's name as the database knows it: site_id's name, or (0) the site named at first
 * start, "and N other sites" when there are more. *name is NULL when there is no site; else the
 * caller frees it. */
int report_library_name(struct store *st, int64_t site_id, char **name, struct gu_error *err);

/* Fills r for filter: from and to are "YYYY-MM-DD", both included. A period holding today is
 * compared over the days elapsed: the same days of the previous period and of the year before. r is zeroed (calloc) or holds
 * an earlier report, which is cleared first. Whatever the status, report_clear frees r's
 * contents. */
int report_build(struct store *st, const struct store_report_filter *filter, struct report *r,
                 struct gu_error *err);
/* Frees the months and partners of r (not r itself) and zeroes it. */
void report_clear(struct report *r);

/* The label of a duration bucket ("Moins de 30 min"…). */
const char *report_bucket_label(int bucket);

/* The breakdowns as one list of sections of (code, label, count) entries, in the order of the
 * printed report; every format and the statistics screen read them through these. */
enum report_section { SEC_SITES, SEC_THEMES, SEC_DEMARCHES, SEC_DURATIONS, SEC_PLACES, SEC_MATERIALS,
                      SEC_AUTONOMY, SEC_AGES, SEC_STATUSES, SEC_GENDERS, SEC_ORIENTED,
                      SEC_ORIENTATIONS, SEC_REFERRALS, SEC_ALREADY_HELPED, SEC_COMMUNE_SESSIONS,
                      SEC_COMMUNE_PARTICIPANTS, REPORT_SECTIONS };
/* The translated title of section s. */
const char *report_section_title(int s);
/* Whether r has section s: people helped by site is a network's report's only. */
bool report_section_shown(const struct report *r, int s);
/* Entries of section s: the vocabulary, then "not given" when some are. */
int report_section_size(const struct report *r, int s);
/* Entry i of section s; code and label are static or translated strings. */
void report_section_entry(const struct report *r, int s, int i, const char **code,
                          const char **label, long long *count);
/* What the section's percentages are of: sessions for themes and devices (a session may have
 * several), else the section's own sum. */
long long report_section_total(const struct report *r, int s);

/* The headline figures (sessions, workshops, participations…), each with its value for the
 * previous period and a year earlier; labels translated. Returns how many (at most
 * REPORT_FIGURES_MAX). */
#define REPORT_FIGURES_MAX 11
struct report_figure {
    const char *key, *label;
    long long value, previous, year_before;
};
int report_figures(const struct report *r, struct report_figure *f);

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_HTML, REPORT_XLSX };
/* Writes r to out, headed by r->library; operator_name (may be NULL) names the filter. XLSX is
 * an Excel workbook: a first sheet saying for whom, which period and when, then one sheet per
 * section (figures, months, each breakdown with its shares, workshops by theme, partners), a
 * frozen bold header on each; out must not be a terminal (xlsx_check_target). Returns GU_OK, or
 * GU_FAILURE with err set. */
int report_write(FILE *out, const struct report *r, enum report_format format,
                 const char *operator_name, struct gu_error *err);

#endif
