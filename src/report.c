#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>

#include "appointment.h"
#include "array.h"
#include "commune.h"
#include "i18n.h"
#include "output.h"
#include "strbuf.h"
#include "text.h"
#include "xlsx.h"

/* ---- building ------------------------------------------------------------------------------ */

struct tally_into {
    struct report *r;
    struct report_breakdown *breakdown;
    enum vocab_kind kind;
};

static int into_breakdown(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    struct tally_into *t = ctx;
    int i = *key ? vocab_find(t->kind, key) : VOCAB_NONE;
    t->breakdown->count[i == VOCAB_NONE ? (int)vocab_count(t->kind) : i] += v[0];
    return GU_OK;
}

static int into_totals(const char *key, const long long *v, int n, void *ctx)
{
    (void)key;
    struct report_totals *t = ctx;
    if (n == 2) {
        t->sessions = v[0];
        t->session_minutes = v[1];
    } else if (n == 4) {
        t->workshops_held = v[0];
        t->workshop_minutes = v[1];
        t->anonymous_participations = v[2];
        t->named_participations = v[3];
    } else
        t->referrals = v[0];
    return GU_OK;
}

static int into_appointments(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    struct report_totals *t = ctx;
    enum appointment_status s;
    if (appointment_status_parse(key, &s))
        *(s == APPOINTMENT_DONE     ? &t->appointments_kept
          : s == APPOINTMENT_MISSED ? &t->appointments_missed
                                    : &t->appointments_cancelled) += v[0];
    return GU_OK;
}

static int totals_for(struct store *st, const struct store_report_filter *f,
                      struct report_totals *t, struct gu_error *err)
{
    *t = (struct report_totals){0};
    int status = store_tally(st, TALLY_TOTALS, f, into_totals, t, err);
    if (!status)
        status = store_tally(st, TALLY_WORKSHOP_TOTALS, f, into_totals, t, err);
    if (!status)
        status = store_tally(st, TALLY_REFERRAL_TOTALS, f, into_totals, t, err);
    if (!status)
        status = store_tally(st, TALLY_APPOINTMENTS, f, into_appointments, t, err);
    t->people = t->sessions + t->named_participations + t->anonymous_participations;
    t->minutes = t->session_minutes + t->workshop_minutes;
    return status;
}

static int into_small(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    long long *counts = ctx; /* key "0".."3" */
    int i = key[0] - '0';
    if (i >= 0 && i < REPORT_BUCKETS && !key[1])
        counts[i] += v[0];
    return GU_OK;
}

static int find_month(struct report *r, const char *key)
{
    for (int i = 0; i < r->nmonths; i++)
        if (!strcmp(r->months[i].month, key))
            return i;
    return -1;
}

static int into_session_months(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    int i = find_month(ctx, key);
    if (i >= 0)
        ((struct report *)ctx)->months[i].sessions = v[0];
    return GU_OK;
}

static int into_workshop_months(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    int i = find_month(ctx, key);
    if (i >= 0)
        ((struct report *)ctx)->months[i].participations = v[0];
    return GU_OK;
}

static int into_workshop_themes(const char *key, const long long *v, int n, void *ctx)
{
    struct report *r = ctx;
    int i = vocab_find(VOCAB_THEME, key);
    if (i != VOCAB_NONE && i < (int)ARRAY_LEN(r->workshop_themes) && n == 5)
        r->workshop_themes[i] = (struct report_workshop_theme){v[0], v[1], v[2], v[3], v[4]};
    return GU_OK;
}

struct partners_ctx {
    struct report *r;
    struct gu_error *err;
};

static int into_partners(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    struct report *r = ((struct partners_ctx *)ctx)->r;
    struct gu_error *err = ((struct partners_ctx *)ctx)->err;
    /* Every partner, however many: a network's report lists them all. */
    if (!array_reserve(&r->partners, &r->partners_cap, (size_t)r->npartners,
                       sizeof *r->partners, 16))
        return error_nomem(err);
    struct report_partner *p = &r->partners[r->npartners];
    if (!(p->name = strdup(*key ? key : _("no partner"))))
        return error_nomem(err);
    p->referrals = v[0];
    r->npartners++;
    return GU_OK;
}

struct communes_ctx {
    struct report_communes *into;
    struct gu_error *err;
};

/* key: "INSEE<tab>name"; "not given" is kept for the end. */
static int into_communes(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    struct communes_ctx *c = ctx;
    struct report_communes *l = c->into;
    const char *tab = strchr(key, '\t');
    size_t insee_len = tab ? (size_t)(tab - key) : strlen(key);
    const char *name = tab ? tab + 1 : "";
    if (!array_reserve(&l->items, &l->cap, (size_t)l->n, sizeof *l->items, 16))
        return error_nomem(c->err);
    struct report_commune *e = &l->items[l->n];
    e->insee = strndup(key, insee_len);
    e->name = strdup(name);
    e->count = v[0];
    if (!e->insee || !e->name) {
        free(e->insee);
        free(e->name);
        return error_nomem(c->err);
    }
    l->n++;
    return GU_OK;
}

static bool commune_not_given(const struct report_commune *e)
{
    return !*e->insee && !*e->name;
}

/* "Not given" last, the others as the store ordered them (most first). */
static void communes_not_given_last(struct report_communes *l)
{
    for (int i = 0; i + 1 < l->n; i++)
        if (commune_not_given(&l->items[i])) {
            struct report_commune e = l->items[i];
            memmove(&l->items[i], &l->items[i + 1], (size_t)(l->n - i - 1) * sizeof e);
            l->items[l->n - 1] = e;
            break;
        }
}

static bool communes_have_insee(const struct report_communes *l)
{
    for (int i = 0; i < l->n; i++)
        if (*l->items[i].insee)
            return true;
    return false;
}

/* Each commune named as the site's table names it now, told apart from its namesakes by its
 * department ("Saint-Denis (93)"); a code no longer in the table keeps the name said last, and
 * its department too when another line of the report bears the same name. A list whose codes
 * come without a name (participants: said_in, their period) asks the store for that name. */
static int communes_label(struct report_communes *l, const struct commune_table *t,
                          struct store *st, const struct store_report_filter *said_in,
                          struct gu_error *err)
{
    for (int i = 0; i < l->n; i++) {
        struct report_commune *e = &l->items[i];
        if (!*e->insee)
            continue;
        bool nomem;
        char *label = commune_label_of_insee(t, e->insee, &nomem);
        if (nomem)
            return error_nomem(err);
        if (!label && said_in && !*e->name) {
            int status = store_commune_said(st, said_in, e->insee, &label, err);
            if (status)
                return status;
        }
        if (label) {
            free(e->name);
            e->name = label;
        }
    }
    for (int i = 0; i < l->n; i++) {
        struct report_commune *e = &l->items[i];
        bool twin = false;
        for (int j = 0; j < l->n && !twin && *e->insee; j++)
            twin = j != i && strcmp(l->items[j].insee, e->insee) &&
                   !strcmp(l->items[j].name, e->name);
        if (!twin)
            continue;
        char dep[4];
        commune_department(e->insee, dep);
        struct strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "%s (%s)", e->name, dep);
        char *label = strbuf_finish(&b);
        if (!label)
            return error_nomem(err);
        free(e->name);
        e->name = label;
    }
    return GU_OK;
}

/* Adds count to the "not given" line of l, making it when there is none. */
static int communes_add_not_given(struct report_communes *l, long long count,
                                  struct gu_error *err)
{
    if (count <= 0)
        return GU_OK;
    for (int i = 0; i < l->n; i++)
        if (commune_not_given(&l->items[i])) {
            l->items[i].count += count;
            return GU_OK;
        }
    if (!array_reserve(&l->items, &l->cap, (size_t)l->n, sizeof *l->items, 16))
        return error_nomem(err);
    struct report_commune *e = &l->items[l->n];
    e->insee = strdup("");
    e->name = strdup("");
    e->count = count;
    if (!e->insee || !e->name) {
        free(e->insee);
        free(e->name);
        return error_nomem(err);
    }
    l->n++;
    return GU_OK;
}

static void communes_clear(struct report_communes *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->items[i].insee);
        free(l->items[i].name);
    }
    free(l->items);
    *l = (struct report_communes){0};
}

static int into_already_helped(const char *key, const long long *v, int n, void *ctx)
{
    (void)n;
    long long *counts = ctx; /* "", "0", "1" */
    int i = !*key ? 0 : !strcmp(key, "0") ? 1 : !strcmp(key, "1") ? 2 : -1;
    if (i >= 0)
        counts[i] += v[0];
    return GU_OK;
}

static long days_of(const char *date)
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    return date_to_days(y, m, d);
}

static void date_of(long days, char out[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_from_days(days, &y, &m, &d);
    date_format(y, m, d, out);
}

/* The same day a year earlier; 29 February becomes the 28th. */
static void year_earlier(const char *date, char out[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    date_format(y - 1, m, d, out);
}

int report_library_name(struct store *st, int64_t site_id, char **name, struct gu_error *err)
{
    struct store_named *sites;
    size_t n;
    *name = NULL;
    if (store_list_sites(st, &sites, &n, err))
        return GU_FAILURE;
    /* The site named at first start is the first created: the lowest id. */
    size_t pick = n;
    for (size_t i = 0; i < n; i++)
        if (site_id ? sites[i].id == site_id : pick == n || sites[i].id < sites[pick].id)
            pick = i;
    int status = GU_OK;
    if (pick < n) {
        struct strbuf b = STRBUF_INIT;
        if (site_id || n == 1)
            strbuf_puts(&b, sites[pick].name);
        else
            /* TRANSLATORS: whom a report covers: the library named at first start, and how
             * many other sites of the network ("Médiathèque centrale and 2 other sites"). */
            strbuf_printf(&b, ngettext("%1$s and %2$d other site", "%1$s and %2$d other sites",
                                       (unsigned long)(n - 1)),
                          sites[pick].name, (int)(n - 1));
        if (!(*name = strbuf_finish(&b)))
            status = error_nomem(err);
    }
    store_free_named(sites, n);
    return status;
}

void report_clear(struct report *r)
{
    for (int i = 0; i < r->npartners; i++)
        free(r->partners[i].name);
    free(r->partners);
    free(r->months);
    free(r->library);
    communes_clear(&r->commune_sessions);
    communes_clear(&r->commune_participants);
    communes_clear(&r->sites);
    memset(r, 0, sizeof *r);
}

int report_build(struct store *st, const struct store_report_filter *filter, struct report *r,
                 struct gu_error *err)
{
    report_clear(r);
    r->filter = *filter;
    /* The previous period has the same number of days and ends the day before. */
    long from = days_of(filter->from), to = days_of(filter->to);
    r->previous_filter = *filter;
    date_of(from - 1, r->previous_filter.to);
    date_of(from - 1 - (to - from), r->previous_filter.from);
    r->year_before_filter = *filter;
    year_earlier(filter->from, r->year_before_filter.from);
    year_earlier(filter->to, r->year_before_filter.to);
    /* A period not over yet is compared over the days elapsed, else a month begun two days ago
     * reads "-95 %" against a whole month. */
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    if (strcmp(filter->from, today) <= 0 && strcmp(today, filter->to) <= 0) {
        r->in_progress = true;
        snprintf(r->as_of, sizeof r->as_of, "%s", today);
        date_of(days_of(r->previous_filter.from) + (days_of(today) - from),
                r->previous_filter.to);
        year_earlier(today, r->year_before_filter.to);
    }
    /* Every month of the period, empty ones included. */
    int y, m, d, ty, tm, td;
    date_parse(filter->from, &y, &m, &d);
    date_parse(filter->to, &ty, &tm, &td);
    long nmonths = (ty - y) * 12L + (tm - m) + 1;
    if (nmonths > 0 && !(r->months = calloc((size_t)nmonths, sizeof *r->months)))
        return error_nomem(err);
    while ((y < ty || (y == ty && m <= tm)) && r->nmonths < nmonths) {
        snprintf(r->months[r->nmonths++].month, sizeof r->months[0].month, "%04d-%02d", y % 10000,
                 m % 100);
        if (++m == 13) {
            m = 1;
            y++;
        }
    }
    int status = report_library_name(st, filter->site_id, &r->library, err);
    if (!status)
        status = totals_for(st, filter, &r->totals, err);
    if (!status)
        status = totals_for(st, &r->previous_filter, &r->previous, err);
    if (!status)
        status = totals_for(st, &r->year_before_filter, &r->year_before, err);
    const struct {
        enum store_tally tally;
        struct report_breakdown *into;
        enum vocab_kind kind;
    } breakdowns[] = {
        {TALLY_THEMES, &r->themes, VOCAB_THEME},
        {TALLY_DEMARCHES, &r->demarches, VOCAB_DEMARCHE},
        {TALLY_MATERIALS, &r->materials, VOCAB_MATERIAL},
        {TALLY_PLACES, &r->places, VOCAB_PLACE},
        {TALLY_AUTONOMY, &r->autonomy, VOCAB_AUTONOMY},
        {TALLY_AGES, &r->ages, VOCAB_AGE},
        {TALLY_STATUSES, &r->statuses, VOCAB_STATUS},
        {TALLY_GENDERS, &r->genders, VOCAB_GENDER},
        {TALLY_ORIENTATIONS, &r->orientations, VOCAB_ORIENTATION},
        {TALLY_REFERRAL_STATUSES, &r->referral_status, VOCAB_REFERRAL_STATUS},
    };
    for (size_t i = 0; !status && i < ARRAY_LEN(breakdowns); i++) {
        struct tally_into t = {r, breakdowns[i].into, breakdowns[i].kind};
        status = store_tally(st, breakdowns[i].tally, filter, into_breakdown, &t, err);
    }
    if (!status)
        status = store_tally(st, TALLY_ORIENTED, filter, into_small, r->oriented, err);
    if (!status)
        status = store_tally(st, TALLY_DURATIONS, filter, into_small, r->durations, err);
    if (!status)
        status = store_tally(st, TALLY_SESSION_MONTHS, filter, into_session_months, r, err);
    if (!status)
        status = store_tally(st, TALLY_WORKSHOP_MONTHS, filter, into_workshop_months, r, err);
    if (!status)
        status = store_tally(st, TALLY_WORKSHOP_THEMES, filter, into_workshop_themes, r, err);
    if (!status)
        status = store_tally(st, TALLY_REFERRAL_PARTNERS, filter, into_partners,
                             &(struct partners_ctx){r, err}, err);
    if (!status)
        status = store_tally(st, TALLY_COMMUNE_SESSIONS, filter, into_communes,
                             &(struct communes_ctx){&r->commune_sessions, err}, err);
    if (!status)
        status = store_tally(st, TALLY_COMMUNE_PARTICIPANTS, filter, into_communes,
                             &(struct communes_ctx){&r->commune_participants, err}, err);
    /* Walk-ins are counted, anonymous: their commune and whether they came before are not
     * given, so that each section sums to the people it counts. */
    if (!status)
        status = communes_add_not_given(&r->commune_participants,
                                        r->totals.anonymous_participations, err);
    /* The table of communes (35,000 lines to parse) only for a report with codes to name. */
    struct commune_table *table = NULL;
    if (!status && (communes_have_insee(&r->commune_sessions) ||
                    communes_have_insee(&r->commune_participants)))
        status = commune_table_of_site(st, &table, err);
    if (!status)
        status = communes_label(&r->commune_sessions, table, st, NULL, err);
    if (!status)
        status = communes_label(&r->commune_participants, table, st, filter, err);
    commune_table_free(table);
    communes_not_given_last(&r->commune_sessions);
    communes_not_given_last(&r->commune_participants);
    if (!status)
        status = store_tally(st, TALLY_ALREADY_HELPED, filter, into_already_helped,
                             r->already_helped, err);
    if (!status)
        r->already_helped[0] += r->totals.anonymous_participations;
    /* A network's report breaks its people down by site (anonymous counts); one site's, or a
     * library on its own, has nothing to break down. */
    if (!status && !filter->site_id)
        status = store_several_sites(st, &r->by_site, err);
    if (!status && r->by_site)
        status = store_tally(st, TALLY_SITES, filter, into_communes,
                             &(struct communes_ctx){&r->sites, err}, err);
    if (!status)
        communes_not_given_last(&r->sites);
    return status;
}

const char *report_bucket_label(int bucket)
{
    static const char *const labels[REPORT_BUCKETS] = {N_("Less than 30 min"), N_("30 min to 1 h"),
                                                       N_("1 h to 2 h"), N_("2 h and more")};
    return bucket >= 0 && bucket < REPORT_BUCKETS ? _(labels[bucket]) : "";
}

/* ---- sections: every breakdown, as one list of (code, label, count) ------------------------ */

static const struct {
    const char *key, *title;
    int kind;          /* a vocab kind, or -1 for durations and oriented */
    const char *sheet; /* a shorter title for an Excel sheet (31 characters), when needed */
} sections[REPORT_SECTIONS] = {
    [SEC_SITES] = {"sites", N_("People helped by site"), -1},
    [SEC_THEMES] = {"themes", N_("Themes"), VOCAB_THEME},
    [SEC_DEMARCHES] = {"demarches", N_("Administrative procedures"), VOCAB_DEMARCHE},
    [SEC_DURATIONS] = {"durations", N_("Duration"), -1},
    [SEC_PLACES] = {"places", N_("Place"), VOCAB_PLACE},
    [SEC_MATERIALS] = {"materials", N_("Devices"), VOCAB_MATERIAL},
    [SEC_AUTONOMY] = {"autonomy", N_("Autonomy"), VOCAB_AUTONOMY},
    [SEC_AGES] = {"ages", N_("Age"), VOCAB_AGE},
    [SEC_STATUSES] = {"statuses", N_("Status"), VOCAB_STATUS},
    [SEC_GENDERS] = {"genders", N_("Gender"), VOCAB_GENDER},
    [SEC_ORIENTED] = {"oriented", N_("Oriented to another structure"), -1,
                      N_("Oriented to a structure")},
    [SEC_ORIENTATIONS] = {"orientations", N_("Orientation by category"), VOCAB_ORIENTATION},
    [SEC_REFERRALS] = {"referrals", N_("Referrals by outcome"), VOCAB_REFERRAL_STATUS},
    [SEC_ALREADY_HELPED] = {"already_helped", N_("New and returning people"), -1,
                            N_("New and returning")},
    [SEC_COMMUNE_SESSIONS] = {"commune_sessions", N_("Sessions by commune of residence"), -1,
                              N_("Sessions by commune")},
    [SEC_COMMUNE_PARTICIPANTS] = {"commune_participants",
                                  N_("Workshop participants by commune of residence"), -1,
                                  N_("Participants by commune")},
};

bool report_section_shown(const struct report *r, int s)
{
    return s != SEC_SITES || r->by_site;
}

const char *report_section_title(int s)
{
    return s >= 0 && s < REPORT_SECTIONS ? _(sections[s].title) : "";
}

/* The name of a section's Excel sheet: its title, or a shorter one where the title, in English
 * or in French, would be cut at Excel's 31 characters. */
static const char *section_sheet_title(int s)
{
    return sections[s].sheet ? _(sections[s].sheet) : report_section_title(s);
}

static const struct report_breakdown *section_breakdown(const struct report *r, int s)
{
    switch (s) {
    case SEC_THEMES: return &r->themes;
    case SEC_DEMARCHES: return &r->demarches;
    case SEC_PLACES: return &r->places;
    case SEC_MATERIALS: return &r->materials;
    case SEC_AUTONOMY: return &r->autonomy;
    case SEC_AGES: return &r->ages;
    case SEC_STATUSES: return &r->statuses;
    case SEC_GENDERS: return &r->genders;
    case SEC_ORIENTATIONS: return &r->orientations;
    case SEC_REFERRALS: return &r->referral_status;
    default: return NULL;
    }
}

int report_section_size(const struct report *r, int s)
{
    if (s == SEC_DURATIONS)
        return REPORT_BUCKETS;
    if (s == SEC_ORIENTED)
        return 2;
    if (s == SEC_ALREADY_HELPED)
        return 2 + (r->already_helped[0] ? 1 : 0);
    if (s == SEC_COMMUNE_SESSIONS)
        return r->commune_sessions.n;
    if (s == SEC_COMMUNE_PARTICIPANTS)
        return r->commune_participants.n;
    if (s == SEC_SITES)
        return r->sites.n;
    int n = (int)vocab_count(sections[s].kind);
    return n + (section_breakdown(r, s)->count[n] ? 1 : 0);
}

void report_section_entry(const struct report *r, int s, int i, const char **code,
                          const char **label, long long *count)
{
    static const char *const buckets[] = {"lt30", "30to60", "60to120", "120plus"};
    if (s == SEC_DURATIONS) {
        *code = buckets[i];
        *label = report_bucket_label(i);
        *count = r->durations[i];
    } else if (s == SEC_ORIENTED) {
        *code = i ? "yes" : "no";
        *label = i ? _("Yes") : _("No");
        *count = r->oriented[i];
    } else if (s == SEC_ALREADY_HELPED) {
        /* New people first, as councils ask; "not given" last, as everywhere. */
        static const char *const codes[] = {"no", "yes", ""};
        *code = codes[i];
        *label = i == 0 ? _("New (not helped before)")
                 : i == 1 ? _("Returning (helped before)") : _("Not given");
        *count = r->already_helped[i == 0 ? 1 : i == 1 ? 2 : 0];
    } else if (s == SEC_COMMUNE_SESSIONS || s == SEC_COMMUNE_PARTICIPANTS) {
        const struct report_commune *e = &(s == SEC_COMMUNE_SESSIONS ? &r->commune_sessions
                                                                     : &r->commune_participants)
                                              ->items[i];
        *code = e->insee;
        *label = commune_not_given(e) ? _("Not given") : e->name;
        *count = e->count;
    } else if (s == SEC_SITES) {
        const struct report_commune *e = &r->sites.items[i];
        *code = e->insee;
        /* TRANSLATORS: sessions and participations recorded without a site. */
        *label = *e->insee ? e->name : _("No site");
        *count = e->count;
    } else {
        int n = (int)vocab_count(sections[s].kind);
        *code = i < n ? vocab_code(sections[s].kind, i) : "";
        *label = i < n ? vocab_label(sections[s].kind, i) : _("Not given");
        *count = section_breakdown(r, s)->count[i];
    }
}

long long report_section_total(const struct report *r, int s)
{
    if (s == SEC_THEMES || s == SEC_MATERIALS)
        return r->totals.sessions;
    long long total = 0;
    for (int i = 0; i < report_section_size(r, s); i++) {
        const char *code, *label;
        long long count;
        report_section_entry(r, s, i, &code, &label, &count);
        total += count;
    }
    return total;
}

/* ---- writing ------------------------------------------------------------------------------- */

static void date_long(const char *date, char *buf, size_t size)
{
    int y, m, d;
    date_parse(date, &y, &m, &d);
    i18n_format_date_long(buf, size, y, m, d);
}

int report_figures(const struct report *r, struct report_figure *f)
{
    const struct report_totals *t = &r->totals, *p = &r->previous, *y = &r->year_before;
    int n = 0;
    f[n++] = (struct report_figure){"sessions", _("Individual sessions"), t->sessions, p->sessions, y->sessions};
    f[n++] = (struct report_figure){"workshops_held", _("Workshops held"), t->workshops_held,
                             p->workshops_held, y->workshops_held};
    f[n++] = (struct report_figure){"participations", _("Workshop participations"),
                             t->named_participations + t->anonymous_participations,
                             p->named_participations + p->anonymous_participations,
                             y->named_participations + y->anonymous_participations};
    f[n++] = (struct report_figure){"named_participations", _("of which named"), t->named_participations,
                             p->named_participations, y->named_participations};
    f[n++] = (struct report_figure){"anonymous_participations", _("of which anonymous (walk-ins)"),
                             t->anonymous_participations, p->anonymous_participations,
                             y->anonymous_participations};
    f[n++] = (struct report_figure){"people", _("People helped"), t->people, p->people, y->people};
    f[n++] = (struct report_figure){"hours", _("Hours of help"), (t->minutes + 30) / 60,
                             (p->minutes + 30) / 60, (y->minutes + 30) / 60};
    f[n++] = (struct report_figure){"referrals", _("Referrals to partners"), t->referrals, p->referrals,
                             y->referrals};
    /* appointments: kept (the session they became counts among the sessions), missed, cancelled */
    f[n++] = (struct report_figure){"appointments_kept", _("Appointments kept"),
                                    t->appointments_kept, p->appointments_kept,
                                    y->appointments_kept};
    f[n++] = (struct report_figure){"appointments_missed", _("Appointments missed"),
                                    t->appointments_missed, p->appointments_missed,
                                    y->appointments_missed};
    f[n++] = (struct report_figure){"appointments_cancelled", _("Appointments cancelled"),
                                    t->appointments_cancelled, p->appointments_cancelled,
                                    y->appointments_cancelled};
    return n;
}

/* "janvier 2026" ("January 2026") for "2026-01": months as people read them. */
static void month_label(const char *month, char *buf, size_t size)
{
    int y = 0, m = 0;
    if (sscanf(month, "%d-%d", &y, &m) == 2 && m >= 1 && m <= 12)
        i18n_format_month(buf, size, y, m);
    else
        snprintf(buf, size, "%s", month);
}

/* "Report made on Wednesday 2 December 2026 at 14:30", from the clock (GUICHET_NOW fixes it). */
static void report_made_on(struct strbuf *b)
{
    struct gu_datetime now = clock_now();
    char date[96], time[32];
    i18n_format_date_long(date, sizeof date, now.year, now.month, now.day);
    i18n_format_time(time, sizeof time, now.hour, now.minute);
    /* TRANSLATORS: when a report was produced: a long date, then a time ("14 h 30"). */
    strbuf_printf(b, _("Report made on %1$s at %2$s"), date, time);
}

/* "From Thursday 1 January 2026 to Thursday 31 December 2026", or "On Tuesday 1 December 2026"
 * for one day. */
static void report_period(struct strbuf *b, const struct report *r)
{
    char from[96], to[96];
    date_long(r->filter.from, from, sizeof from);
    date_long(r->filter.to, to, sizeof to);
    if (!strcmp(r->filter.from, r->filter.to))
        /* TRANSLATORS: a report's period of one day: a long date ("Tuesday 1 December 2026"). */
        strbuf_printf(b, _("On %s"), from);
    else
        strbuf_printf(b, _("From %s to %s"), from, to);
}

/* For a period not over yet: what its figures stop at, and what they are compared with, so that
 * a month begun yesterday is not read as a collapse. Nothing for a period that is over. */
static void report_progress(struct strbuf *b, const struct report *r)
{
    if (!r->in_progress)
        return;
    if (!strcmp(r->filter.from, r->filter.to)) {
        struct gu_datetime now = clock_now();
        char time[32];
        i18n_format_time(time, sizeof time, now.hour, now.minute);
        /* TRANSLATORS: under a one-day report's date, when that day is today ("14 h 30"). */
        strbuf_printf(b, _("Day in progress: figures at %s."), time);
        return;
    }
    char as_of[96];
    date_long(r->as_of, as_of, sizeof as_of);
    /* TRANSLATORS: under a report's period when it holds today; a long date. */
    strbuf_printf(b, _("Period in progress: figures as of %s, compared with the same days of the "
                       "previous period and of the year before."),
                  as_of);
}

/* The period as a title names it: "December 2026" for a whole month, else report_period's. */
static void report_period_short(struct strbuf *b, const struct report *r)
{
    int y, m, d, ty, tm, td;
    date_parse(r->filter.from, &y, &m, &d);
    date_parse(r->filter.to, &ty, &tm, &td);
    if (y == ty && m == tm && d == 1 && td == date_days_in_month(ty, tm)) {
        char month[64];
        i18n_format_month(month, sizeof month, y, m);
        strbuf_puts(b, month);
    } else
        report_period(b, r);
}

/* The page's title, which names a saved PDF: "Activity report — Library — December 2026". */
static void report_title(struct strbuf *b, const struct report *r)
{
    strbuf_puts(b, _("Activity report"));
    if (r->library) {
        char *copy;
        strbuf_puts(b, " — ");
        strbuf_puts(b, text_for_output(r->library, &copy));
        free(copy);
    }
    strbuf_puts(b, " — ");
    report_period_short(b, r);
}

/* What an empty section says: one word for every heading, whatever its gender ("Néant"). */
static const char *report_nothing(void)
{
    /* TRANSLATORS: under a report's heading with nothing in it; fits every heading. */
    return _("nothing to report");
}

/* ---- text: tables fitted to 80 columns by display width ------------------------------------ */

#define TEXT_COLUMNS 80
#define TEXT_FIGURES_MAX 4

/* A table of the text report: a label column, then figures right-aligned, each column as wide as
 * its widest title or value (a grouped number's U+202F takes one column). */
struct text_table {
    int label;                      /* the label column's width */
    int n;                          /* figure columns */
    int width[TEXT_FIGURES_MAX];
};

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static void table_fit(struct text_table *t, const char *label, const char *const *cells)
{
    if (label) { /* a name from the database is measured as it will be written */
        char *copy;
        t->label = max_int(t->label, (int)text_width(text_for_output(label, &copy)));
        free(copy);
    }
    for (int i = 0; i < t->n; i++)
        t->width[i] = max_int(t->width[i], (int)text_width(cells[i]));
}

/* Labels give way when the figures and the labels do not fit: they wrap (text_row). */
static void table_close(struct text_table *t)
{
    int figures = 2;
    for (int i = 0; i < t->n; i++)
        figures += 2 + t->width[i];
    if (t->label > TEXT_COLUMNS - figures)
        t->label = max_int(TEXT_COLUMNS - figures, 16);
}

/* A label wraps to at most this many lines; the last is cut ("…") when the label goes on (a
 * name of 300 characters, or whatever a database from elsewhere holds). */
#define TEXT_LABEL_LINES 6

/* Writes text[start, end) without the spaces it ends on, cut and padded to width columns. */
static void label_line(FILE *out, const char *text, size_t start, size_t end, int width, bool last)
{
    while (end > start && text[end - 1] == ' ')
        end--;
    char *line = strndup(text + start, end - start);
    output_pad(out, line ? line : "", width, last);
    free(line);
}

/* One row: the label in its column, the figures right-aligned after its first line. A label too
 * wide wraps where the language allows (UAX #14: never before a no-break space), its next lines
 * indented two more. */
static void text_row(FILE *out, const struct text_table *t, const char *label,
                     const char *const *cells)
{
    char *copy;
    const char *clean = text_for_output(label ? label : "", &copy);
    size_t len = strlen(clean);
    bool wrap = (int)text_width(clean) > t->label;
    char *breaks = wrap ? malloc(len) : NULL;
    if (breaks)
        u8_width_linebreaks((const uint8_t *)clean, len, t->label - 2, 0, 0, NULL, "UTF-8",
                            breaks);
    size_t start = 0;
    for (int line = 0; line == 0 || (start < len && line < TEXT_LABEL_LINES); line++) {
        size_t end = len;
        for (size_t i = start + 1; breaks && i < len; i++)
            if (breaks[i] == UC_BREAK_POSSIBLE) {
                end = i;
                break;
            }
        if (line == TEXT_LABEL_LINES - 1)
            end = len; /* the last line allowed: the rest, cut */
        fputs(line ? "    " : "  ", out);
        label_line(out, clean, start, end, line ? t->label - 2 : t->label, line || t->n == 0);
        for (int i = 0; !line && i < t->n; i++) {
            for (int pad = 2 + t->width[i] - (int)text_width(cells[i]); pad > 0; pad--)
                fputc(' ', out);
            fputs(cells[i], out);
        }
        fputc('\n', out);
        start = end;
    }
    free(breaks);
    free(copy);
}

static void text_heading(FILE *out, const struct text_table *t, const char *const *titles)
{
    text_row(out, t, "", titles);
}

/* The figures of entry i of a breakdown: its count, and its share of total. */
static void entry_cells(long long count, long long total, char cells[2][48])
{
    i18n_format_count(cells[0], sizeof cells[0], count);
    i18n_format_share(cells[1], sizeof cells[1], count, total, 1);
}

static void write_text_activities(FILE *out, const struct report *r)
{
    const char *titles[] = {_("figure"), _("previous period"), _("a year earlier")};
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    char cells[REPORT_FIGURES_MAX][3][48];
    struct text_table t = {.n = 3};
    table_fit(&t, NULL, titles);
    for (int i = 0; i < n; i++) {
        i18n_format_count(cells[i][0], sizeof cells[i][0], f[i].value);
        i18n_format_change(cells[i][1], sizeof cells[i][1], f[i].value, f[i].previous);
        i18n_format_change(cells[i][2], sizeof cells[i][2], f[i].value, f[i].year_before);
        table_fit(&t, f[i].label, (const char *[]){cells[i][0], cells[i][1], cells[i][2]});
    }
    table_close(&t);
    fprintf(out, "\n%s\n", _("Activities"));
    text_heading(out, &t, titles);
    for (int i = 0; i < n; i++)
        text_row(out, &t, f[i].label, (const char *[]){cells[i][0], cells[i][1], cells[i][2]});
}

/* The breakdowns and the referrals by partner share one table, aligned from first to last. */
static struct text_table breakdown_table(const struct report *r, long long partners_total)
{
    struct text_table t = {.n = 2};
    char cells[2][48];
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        long long total = report_section_total(r, s);
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            entry_cells(count, total, cells);
            table_fit(&t, count ? label : NULL, (const char *[]){cells[0], cells[1]});
        }
    }
    for (int i = 0; i < r->npartners; i++) {
        entry_cells(r->partners[i].referrals, partners_total, cells);
        table_fit(&t, r->partners[i].name, (const char *[]){cells[0], cells[1]});
    }
    table_close(&t);
    return t;
}

static void write_text_workshops(FILE *out, const struct report *r)
{
    const char *titles[] = {_("workshops"), _("fill rate"), _("attendance"), _("no-shows")};
    struct text_table t = {.n = 4};
    char cells[4][48];
    table_fit(&t, NULL, titles);
    bool any = false;
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            table_close(&t);
            fprintf(out, "\n%s\n", _("Workshops by theme"));
            if (any)
                text_heading(out, &t, titles);
            else
                fprintf(out, "  %s\n", report_nothing());
        }
        for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
            const struct report_workshop_theme *w = &r->workshop_themes[i];
            if (!w->workshops)
                continue;
            any = true;
            i18n_format_count(cells[0], sizeof cells[0], w->workshops);
            i18n_format_share(cells[1], sizeof cells[1], w->seats, w->capacity, 0);
            i18n_format_share(cells[2], sizeof cells[2], w->attended, w->seats, 0);
            i18n_format_count(cells[3], sizeof cells[3], w->absent);
            const char *row[] = {cells[0], cells[1], cells[2], cells[3]};
            if (pass)
                text_row(out, &t, vocab_label(VOCAB_THEME, i), row);
            else
                table_fit(&t, vocab_label(VOCAB_THEME, i), row);
        }
    }
}

static void write_text_months(FILE *out, const struct report *r)
{
    const char *titles[] = {_("sessions"), _("participations")};
    struct text_table t = {.n = 2};
    char month[64], cells[2][48];
    table_fit(&t, NULL, titles);
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            table_close(&t);
            fprintf(out, "\n%s\n", _("Month by month"));
            text_heading(out, &t, titles);
        }
        for (int i = 0; i < r->nmonths; i++) {
            month_label(r->months[i].month, month, sizeof month);
            i18n_format_count(cells[0], sizeof cells[0], r->months[i].sessions);
            i18n_format_count(cells[1], sizeof cells[1], r->months[i].participations);
            const char *row[] = {cells[0], cells[1]};
            if (pass)
                text_row(out, &t, month, row);
            else
                table_fit(&t, month, row);
        }
    }
}

/* A paragraph of the text report's header, wrapped within TEXT_COLUMNS where the language
 * allows (a long library name, the period's note). */
static void text_paragraph(FILE *out, const char *text)
{
    char *copy;
    const char *clean = text_for_output(text, &copy);
    size_t len = strlen(clean);
    char *breaks = len ? malloc(len) : NULL;
    if (breaks)
        u8_width_linebreaks((const uint8_t *)clean, len, TEXT_COLUMNS, 0, 0, NULL, "UTF-8",
                            breaks);
    size_t start = 0;
    for (size_t i = 1; breaks && i < len; i++)
        if (breaks[i] == UC_BREAK_POSSIBLE) {
            size_t end = i;
            while (end > start && clean[end - 1] == ' ')
                end--;
            fprintf(out, "%.*s\n", (int)(end - start), clean + start);
            start = i;
        }
    fprintf(out, "%s\n", clean + start);
    free(breaks);
    free(copy);
}

static void write_text(FILE *out, const struct report *r, const char *op)
{
    struct strbuf line = STRBUF_INIT;
    fprintf(out, "%s\n", _("Activity report"));
    if (r->library)
        text_paragraph(out, r->library);
    report_period(&line, r);
    fprintf(out, "%s\n", strbuf_str(&line));
    strbuf_release(&line);
    report_progress(&line, r);
    if (r->in_progress)
        text_paragraph(out, strbuf_str(&line));
    strbuf_release(&line);
    /* The operator as typed: cleaned like everything else written. */
    if (op) {
        fprintf(out, "%s ", _("Operator:"));
        output_clean(out, op);
        fputc('\n', out);
    }
    report_made_on(&line);
    fprintf(out, "%s\n", strbuf_str(&line));
    strbuf_release(&line);
    write_text_activities(out, r);
    long long partners_total = 0;
    for (int i = 0; i < r->npartners; i++)
        partners_total += r->partners[i].referrals;
    struct text_table t = breakdown_table(r, partners_total);
    char cells[2][48];
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        if (!report_section_shown(r, s))
            continue;
        fprintf(out, "\n%s\n", _(sections[s].title));
        long long total = report_section_total(r, s);
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            if (count) {
                entry_cells(count, total, cells);
                text_row(out, &t, label, (const char *[]){cells[0], cells[1]});
            }
        }
        if (!total)
            fprintf(out, "  %s\n", report_nothing());
    }
    write_text_workshops(out, r);
    fprintf(out, "\n%s\n", _("Referrals by partner"));
    for (int i = 0; i < r->npartners; i++) {
        entry_cells(r->partners[i].referrals, partners_total, cells);
        text_row(out, &t, r->partners[i].name, (const char *[]){cells[0], cells[1]});
    }
    if (!r->npartners)
        fprintf(out, "  %s\n", report_nothing());
    write_text_months(out, r);
}

static void csv_row(FILE *out, const char *section, const char *code, const char *label,
                    long long value)
{
    output_csv_field(out, section, true);
    fputc(',', out);
    output_csv_field(out, code, true);
    fputc(',', out);
    output_csv_field(out, label, true);
    fprintf(out, ",%lld\r\n", value);
}

static void write_csv(FILE *out, const struct report *r)
{
    fputs("section,code,label,value\r\n", out);
    csv_row(out, "period", "from", r->filter.from, 0);
    csv_row(out, "period", "to", r->filter.to, 0);
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    for (int i = 0; i < n; i++) {
        csv_row(out, "activities", f[i].key, f[i].label, f[i].value);
        csv_row(out, "previous_period", f[i].key, f[i].label, f[i].previous);
        csv_row(out, "year_before", f[i].key, f[i].label, f[i].year_before);
    }
    for (int s = 0; s < REPORT_SECTIONS; s++)
        for (int i = 0; report_section_shown(r, s) && i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            csv_row(out, sections[s].key, code, label, count);
        }
    static const char *const wkeys[] = {"workshop_count", "workshop_capacity", "workshop_seats",
                                        "workshop_attended", "workshop_absent"};
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        const struct report_workshop_theme *w = &r->workshop_themes[i];
        const long long v[] = {w->workshops, w->capacity, w->seats, w->attended, w->absent};
        for (int k = 0; w->workshops && k < 5; k++)
            csv_row(out, wkeys[k], vocab_code(VOCAB_THEME, i), vocab_label(VOCAB_THEME, i), v[k]);
    }
    for (int i = 0; i < r->npartners; i++)
        csv_row(out, "referral_partners", "", r->partners[i].name, r->partners[i].referrals);
    char month[64];
    for (int i = 0; i < r->nmonths; i++) {
        month_label(r->months[i].month, month, sizeof month);
        csv_row(out, "month_sessions", r->months[i].month, month, r->months[i].sessions);
        csv_row(out, "month_participations", r->months[i].month, month,
                r->months[i].participations);
    }
}

static void json_key(FILE *out, const char *key)
{
    output_json_string(out, key);
    fputs(": ", out);
}

static void write_json_totals(FILE *out, const char *key, const struct report_totals *t,
                              const struct store_report_filter *f)
{
    json_key(out, key);
    fprintf(out, "{\"from\": \"%s\", \"to\": \"%s\", \"sessions\": %lld, \"session_minutes\": %lld, "
                 "\"workshops_held\": %lld, \"workshop_minutes\": %lld, "
                 "\"named_participations\": %lld, \"anonymous_participations\": %lld, "
                 "\"people\": %lld, \"minutes\": %lld, \"referrals\": %lld, "
                 "\"appointments_kept\": %lld, \"appointments_missed\": %lld, "
                 "\"appointments_cancelled\": %lld}",
            f->from, f->to, t->sessions, t->session_minutes, t->workshops_held, t->workshop_minutes,
            t->named_participations, t->anonymous_participations, t->people, t->minutes,
            t->referrals, t->appointments_kept, t->appointments_missed, t->appointments_cancelled);
}

static void write_json(FILE *out, const struct report *r)
{
    fputs("{\n  ", out);
    write_json_totals(out, "totals", &r->totals, &r->filter);
    fputs(",\n  ", out);
    write_json_totals(out, "previous_period", &r->previous, &r->previous_filter);
    fputs(",\n  ", out);
    write_json_totals(out, "year_before", &r->year_before, &r->year_before_filter);
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        if (!report_section_shown(r, s))
            continue;
        fputs(",\n  ", out);
        json_key(out, sections[s].key);
        fputc('[', out);
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            fputs(i ? ", {\"code\": " : "{\"code\": ", out);
            output_json_string(out, code);
            fputs(", \"label\": ", out);
            output_json_string(out, label);
            fprintf(out, ", \"count\": %lld}", count);
        }
        fputc(']', out);
    }
    fputs(",\n  \"workshop_themes\": [", out);
    bool first = true;
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        const struct report_workshop_theme *w = &r->workshop_themes[i];
        if (!w->workshops)
            continue;
        fputs(first ? "{\"code\": " : ", {\"code\": ", out);
        first = false;
        output_json_string(out, vocab_code(VOCAB_THEME, i));
        fprintf(out, ", \"workshops\": %lld, \"capacity\": %lld, \"seats\": %lld, "
                     "\"attended\": %lld, \"absent\": %lld}",
                w->workshops, w->capacity, w->seats, w->attended, w->absent);
    }
    fputs("],\n  \"referral_partners\": [", out);
    for (int i = 0; i < r->npartners; i++) {
        fputs(i ? ", {\"name\": " : "{\"name\": ", out);
        output_json_string(out, r->partners[i].name);
        fprintf(out, ", \"referrals\": %lld}", r->partners[i].referrals);
    }
    fputs("],\n  \"months\": [", out);
    for (int i = 0; i < r->nmonths; i++)
        fprintf(out, "%s{\"month\": \"%s\", \"sessions\": %lld, \"participations\": %lld}",
                i ? ", " : "", r->months[i].month, r->months[i].sessions, r->months[i].participations);
    fputs("]\n}\n", out);
}


/* ---- HTML: one page, for the screen and for A4 paper ---------------------------------------- */

/* Read on a screen and printed for a council: A4 with its margins, sections never split across
 * pages where they fit on one, each title kept with its table, two columns of charts. */
static const char html_style[] =
    "@page{size:A4;margin:11mm 12mm 12mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font:15px/1.3 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#1b1b1b;"
    "max-width:66em;margin:1.5em auto;padding:0 1em}\n"
    "header{border-bottom:2px solid #2a5d8f;margin-bottom:.9em;padding-bottom:.3em}\n"
    "h1{font-size:1.6em;margin:0 0 .15em}header p{margin:.1em 0}.made{color:#555}\n"
    ".library{font-size:1.2em;font-weight:bold}.progress{font-style:italic}\n"
    "h2{font-size:1.05em;margin:0 0 .25em;padding-bottom:.1em;color:#1d4770;"
    "border-bottom:1px solid #9fb3c8;break-after:avoid;page-break-after:avoid}\n"
    "section{margin:0 0 1em;break-inside:avoid;page-break-inside:avoid}\n"
    ".cols{columns:2;column-gap:2em;margin-bottom:.9em}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{padding:1px 3px;border-bottom:1px solid #e4e4e4;vertical-align:top}\n"
    "th{text-align:left;font-weight:normal}\n"
    "thead th{color:#555;font-size:.85em;vertical-align:bottom;border-bottom:1px solid #bbb}\n"
    ".n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "thead th.n{white-space:normal;padding-left:.6em}\n"
    "#activities td.n:first-of-type{font-weight:bold}#activities th.sub{padding-left:1.2em}\n"
    "table.chart{table-layout:fixed}col.c{width:3.9em}col.p{width:4.1em}col.b{width:19%}\n"
    "col.m{width:8.3em}.month th{white-space:nowrap}.month col.b{width:17%}\n"
    "td.bar span{display:block;height:.7em;margin-top:.3em;min-width:1px;background:#2a5d8f;"
    "print-color-adjust:exact;-webkit-print-color-adjust:exact}\n"
    "td.bar span.zero{min-width:0}\n"
    "p.nr{margin:.2em 0 0 3px;color:#444;font-size:.92em}\n"
    "p.none{margin:.2em 3px;color:#555}\n"
    "@media screen and (max-width:50em){.cols{columns:1}}\n"
    "@media print{body{font-size:8pt;max-width:none;margin:0;padding:0}section{margin-bottom:.8em}}\n";

static void html_section_begin(FILE *out, const char *id, const char *title)
{
    fprintf(out, "<section id=\"%s\">\n<h2>", id);
    output_html_text(out, title);
    fputs("</h2>\n", out);
}

static void html_cell(FILE *out, const char *tag, const char *class, const char *text)
{
    if (class)
        fprintf(out, "<%s class=\"%s\">", tag, class);
    else
        fprintf(out, "<%s>", tag);
    output_html_text(out, text);
    fprintf(out, "</%s>", tag);
}

/* A table's head: an empty corner over the labels, then the figures' titles. */
static void html_head(FILE *out, const char *const *titles, int n, bool bar)
{
    fputs("<thead><tr><th></th>", out);
    for (int i = 0; i < n; i++)
        html_cell(out, "th", "n", titles[i]);
    fputs(bar ? "<th></th></tr></thead>\n" : "</tr></thead>\n", out);
}

/* A chart's table: the labels take what the figures and the bar leave; every chart alike. */
static void html_chart_begin(FILE *out, bool months)
{
    fputs(months ? "<table class=\"chart month\"><colgroup><col><col class=\"m\"><col class=\"m\">"
                   "<col class=\"b\"></colgroup>\n"
                 : "<table class=\"chart\"><colgroup><col><col class=\"c\"><col class=\"p\">"
                   "<col class=\"b\"></colgroup>\n",
          out);
}

/* A bar's length: the count over the largest count shown (not given is never among them). */
static void html_bar(FILE *out, long long count, long long max)
{
    double width = max > 0 ? 100.0 * (double)count / (double)max : 0.0;
    fprintf(out, "<td class=\"bar\"><span%s style=\"width:%.1f%%\"></span></td>",
            count > 0 ? "" : " class=\"zero\"", width);
}

/* A chart's row: label, count, share of total, bar. */
static void html_bar_row(FILE *out, const char *label, long long count, long long total,
                         long long max)
{
    char cells[2][48];
    entry_cells(count, total, cells);
    fputs("<tr>", out);
    html_cell(out, "th", NULL, label);
    html_cell(out, "td", "n", cells[0]);
    html_cell(out, "td", "n", cells[1]);
    html_bar(out, count, max);
    fputs("</tr>\n", out);
}

static void html_none(FILE *out)
{
    html_cell(out, "p", "none", report_nothing());
    fputc('\n', out);
}

static void html_activities(FILE *out, const struct report *r)
{
    const char *titles[] = {_("figure"), _("previous period"), _("a year earlier")};
    html_section_begin(out, "activities", _("Activities"));
    fputs("<table>\n", out);
    html_head(out, titles, 3, false);
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    char cell[48];
    for (int i = 0; i < n; i++) {
        fputs("<tr>", out);
        /* "of which named", "of which anonymous" belong to the participations above them. */
        bool sub = !strcmp(f[i].key, "named_participations") ||
                   !strcmp(f[i].key, "anonymous_participations");
        html_cell(out, "th", sub ? "sub" : NULL, f[i].label);
        i18n_format_count(cell, sizeof cell, f[i].value);
        html_cell(out, "td", "n", cell);
        i18n_format_change(cell, sizeof cell, f[i].value, f[i].previous);
        html_cell(out, "td", "n", cell);
        i18n_format_change(cell, sizeof cell, f[i].value, f[i].year_before);
        html_cell(out, "td", "n", cell);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n</section>\n", out);
}

/* A breakdown as a bar chart. "Not given" is said under it, apart: a bar of its own would be the
 * longest of several charts and flatten the answers that were given. */
static void html_breakdown(FILE *out, const struct report *r, int s)
{
    if (!report_section_shown(r, s))
        return;
    long long total = report_section_total(r, s), max = 0, not_given = 0;
    int n = report_section_size(r, s);
    for (int i = 0; i < n; i++) {
        const char *code, *label;
        long long count;
        report_section_entry(r, s, i, &code, &label, &count);
        if (!*code)
            not_given += count;
        else if (count > max)
            max = count;
    }
    html_section_begin(out, sections[s].key, _(sections[s].title));
    html_chart_begin(out, false);
    for (int i = 0; i < n; i++) {
        const char *code, *label;
        long long count;
        report_section_entry(r, s, i, &code, &label, &count);
        if (*code)
            html_bar_row(out, label, count, total, max);
    }
    fputs("</table>\n", out);
    if (not_given) {
        char cells[2][48];
        entry_cells(not_given, total, cells);
        struct strbuf line = STRBUF_INIT;
        /* TRANSLATORS: under a chart: how many did not say, and their share ("12.0%"). */
        strbuf_printf(&line, _("Not given: %1$s (%2$s)"), cells[0], cells[1]);
        html_cell(out, "p", "nr", strbuf_str(&line));
        fputc('\n', out);
        strbuf_release(&line);
    }
    fputs("</section>\n", out);
}

static void html_workshops(FILE *out, const struct report *r)
{
    const char *titles[] = {_("workshops"), _("capacity"), _("seats taken"), _("fill rate"),
                            _("attended"), _("attendance"), _("no-shows")};
    html_section_begin(out, "workshop_themes", _("Workshops by theme"));
    bool any = false;
    char cell[48];
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        const struct report_workshop_theme *w = &r->workshop_themes[i];
        if (!w->workshops)
            continue;
        if (!any) {
            fputs("<table>\n", out);
            html_head(out, titles, 7, false);
        }
        any = true;
        fputs("<tr>", out);
        html_cell(out, "th", NULL, vocab_label(VOCAB_THEME, i));
        const long long counts[] = {w->workshops, w->capacity, w->seats};
        for (int k = 0; k < 3; k++) {
            i18n_format_count(cell, sizeof cell, counts[k]);
            html_cell(out, "td", "n", cell);
        }
        i18n_format_share(cell, sizeof cell, w->seats, w->capacity, 0);
        html_cell(out, "td", "n", cell);
        i18n_format_count(cell, sizeof cell, w->attended);
        html_cell(out, "td", "n", cell);
        i18n_format_share(cell, sizeof cell, w->attended, w->seats, 0);
        html_cell(out, "td", "n", cell);
        i18n_format_count(cell, sizeof cell, w->absent);
        html_cell(out, "td", "n", cell);
        fputs("</tr>\n", out);
    }
    if (any)
        fputs("</table>\n", out);
    else
        html_none(out);
    fputs("</section>\n", out);
}

static void html_partners(FILE *out, const struct report *r)
{
    long long total = 0, max = 0;
    for (int i = 0; i < r->npartners; i++) {
        total += r->partners[i].referrals;
        max = r->partners[i].referrals > max ? r->partners[i].referrals : max;
    }
    html_section_begin(out, "referral_partners", _("Referrals by partner"));
    if (r->npartners) {
        html_chart_begin(out, false);
        for (int i = 0; i < r->npartners; i++)
            html_bar_row(out, r->partners[i].name, r->partners[i].referrals, total, max);
        fputs("</table>\n", out);
    } else
        html_none(out);
    fputs("</section>\n", out);
}

static void html_months(FILE *out, const struct report *r)
{
    const char *titles[] = {_("sessions"), _("participations")};
    long long max = 0;
    for (int i = 0; i < r->nmonths; i++) {
        long long v = r->months[i].sessions + r->months[i].participations;
        max = v > max ? v : max;
    }
    html_section_begin(out, "months", _("Month by month"));
    html_chart_begin(out, true);
    html_head(out, titles, 2, true);
    char month[64], cell[48];
    for (int i = 0; i < r->nmonths; i++) {
        fputs("<tr>", out);
        month_label(r->months[i].month, month, sizeof month);
        html_cell(out, "th", NULL, month);
        i18n_format_count(cell, sizeof cell, r->months[i].sessions);
        html_cell(out, "td", "n", cell);
        i18n_format_count(cell, sizeof cell, r->months[i].participations);
        html_cell(out, "td", "n", cell);
        html_bar(out, r->months[i].sessions + r->months[i].participations, max);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n</section>\n", out);
}

static void write_html(FILE *out, const struct report *r, const char *op)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            i18n_is_french() ? "fr" : "en");
    struct strbuf line = STRBUF_INIT;
    report_title(&line, r);
    html_cell(out, "title", NULL, strbuf_str(&line));
    strbuf_release(&line);
    fprintf(out, "\n<style>\n%s</style></head><body>\n<header>\n", html_style);
    html_cell(out, "h1", NULL, _("Activity report"));
    if (r->library) {
        fputc('\n', out);
        html_cell(out, "p", "library", r->library);
    }
    report_period(&line, r);
    fputc('\n', out);
    html_cell(out, "p", "period", strbuf_str(&line));
    strbuf_release(&line);
    if (r->in_progress) {
        report_progress(&line, r);
        fputc('\n', out);
        html_cell(out, "p", "progress", strbuf_str(&line));
        strbuf_release(&line);
    }
    if (op) {
        fputs("\n<p>", out);
        output_html_text(out, _("Operator:"));
        fputc(' ', out);
        output_html_text(out, op);
        fputs("</p>", out);
    }
    report_made_on(&line);
    fputc('\n', out);
    html_cell(out, "p", "made", strbuf_str(&line));
    strbuf_release(&line);
    fputs("\n</header>\n", out);
    /* What was done, then whom for and where they were sent: two columns around the workshops'
     * table, which needs the page's width. */
    fputs("<div class=\"cols\">\n", out);
    html_activities(out, r);
    html_months(out, r);
    static const int activity[] = {SEC_SITES, SEC_THEMES, SEC_DEMARCHES, SEC_DURATIONS, SEC_PLACES,
                                   SEC_MATERIALS, SEC_AUTONOMY};
    for (size_t i = 0; i < ARRAY_LEN(activity); i++)
        html_breakdown(out, r, activity[i]);
    fputs("</div>\n", out);
    html_workshops(out, r);
    fputs("<div class=\"cols\">\n", out);
    static const int public_and_referrals[] = {SEC_AGES, SEC_STATUSES, SEC_GENDERS,
                                               SEC_ALREADY_HELPED, SEC_COMMUNE_SESSIONS,
                                               SEC_COMMUNE_PARTICIPANTS, SEC_ORIENTED,
                                               SEC_ORIENTATIONS, SEC_REFERRALS};
    for (size_t i = 0; i < ARRAY_LEN(public_and_referrals); i++)
        html_breakdown(out, r, public_and_referrals[i]);
    html_partners(out, r);
    fputs("</div>\n</body></html>\n", out);
}

/* ---- XLSX: one sheet per section, numbers and dates typed --------------------------------- */

/* A sheet with its header row (bold, frozen); NULL titles end the list. */
static struct xlsx_sheet *xlsx_section(struct xlsx *x, const char *title,
                                       const char *const *headers, size_t n)
{
    struct xlsx_sheet *s = xlsx_add_sheet(x, title);
    xlsx_header(s, headers, n);
    return s;
}

/* The first sheet: whom and which period the report is for, and when it was made. */
static void xlsx_cover(struct xlsx *x, const struct report *r, const char *op)
{
    struct xlsx_sheet *s = xlsx_add_sheet(x, _("Activity report"));
    uint32_t row = 0;
    xlsx_text(s, row++, 0, _("Activity report"), XLSX_BOLD);
    if (r->library) {
        xlsx_text(s, row, 0, _("Library"), XLSX_BOLD);
        xlsx_text(s, row++, 1, r->library, XLSX_PLAIN);
    }
    struct strbuf line = STRBUF_INIT;
    report_period(&line, r);
    xlsx_text(s, row, 0, _("Period"), XLSX_BOLD);
    xlsx_text(s, row++, 1, strbuf_str(&line), XLSX_PLAIN);
    strbuf_release(&line);
    xlsx_text(s, row, 0, _("First day"), XLSX_BOLD);
    xlsx_date(s, row++, 1, r->filter.from, XLSX_DATE);
    xlsx_text(s, row, 0, _("Last day"), XLSX_BOLD);
    xlsx_date(s, row++, 1, r->filter.to, XLSX_DATE);
    if (r->in_progress) {
        xlsx_text(s, row, 0, _("Figures as of"), XLSX_BOLD);
        xlsx_date(s, row++, 1, r->as_of, XLSX_DATE);
    }
    if (op) {
        xlsx_text(s, row, 0, _("Operator"), XLSX_BOLD);
        xlsx_text(s, row++, 1, op, XLSX_PLAIN);
    }
    char now[DATETIME_TEXT_SIZE];
    struct gu_datetime at = clock_now();
    datetime_format(&at, now);
    xlsx_text(s, row, 0, _("Produced on"), XLSX_BOLD);
    xlsx_date(s, row, 1, now, XLSX_DATETIME);
}

static void xlsx_activities(struct xlsx *x, const struct report *r)
{
    const char *headers[] = {_("Figure"), _("This period"), _("Previous period"),
                             _("A year earlier"), _("Code")};
    struct xlsx_sheet *s = xlsx_section(x, _("Activities"), headers, ARRAY_LEN(headers));
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    for (int i = 0; i < n; i++) {
        uint32_t row = (uint32_t)i + 1;
        xlsx_text(s, row, 0, f[i].label, XLSX_PLAIN);
        xlsx_number(s, row, 1, (double)f[i].value, XLSX_PLAIN);
        xlsx_number(s, row, 2, (double)f[i].previous, XLSX_PLAIN);
        xlsx_number(s, row, 3, (double)f[i].year_before, XLSX_PLAIN);
        xlsx_text(s, row, 4, f[i].key, XLSX_PLAIN);
    }
}

/* A breakdown: each entry's count and its share of report_section_total. */
static void xlsx_breakdown(struct xlsx *x, const struct report *r, int sec)
{
    const char *headers[] = {_("Label"), _("Count"), _("Share"), _("Code")};
    struct xlsx_sheet *s = xlsx_section(x, section_sheet_title(sec), headers,
                                        ARRAY_LEN(headers));
    long long total = report_section_total(r, sec);
    for (int i = 0; i < report_section_size(r, sec); i++) {
        const char *code, *label;
        long long count;
        report_section_entry(r, sec, i, &code, &label, &count);
        uint32_t row = (uint32_t)i + 1;
        xlsx_text(s, row, 0, label, XLSX_PLAIN);
        xlsx_number(s, row, 1, (double)count, XLSX_PLAIN);
        if (total > 0)
            xlsx_number(s, row, 2, (double)count / (double)total, XLSX_PERCENT);
        xlsx_text(s, row, 3, code, XLSX_PLAIN);
    }
}

static void xlsx_workshops(struct xlsx *x, const struct report *r)
{
    const char *headers[] = {_("Theme"), _("Workshops"), _("Capacity"), _("Seats taken"),
                             _("Attended"), _("No-shows"), _("Code")};
    struct xlsx_sheet *s = xlsx_section(x, _("Workshops by theme"), headers, ARRAY_LEN(headers));
    uint32_t row = 1;
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        const struct report_workshop_theme *w = &r->workshop_themes[i];
        if (!w->workshops)
            continue;
        const long long v[] = {w->workshops, w->capacity, w->seats, w->attended, w->absent};
        xlsx_text(s, row, 0, vocab_label(VOCAB_THEME, i), XLSX_PLAIN);
        for (int k = 0; k < 5; k++)
            xlsx_number(s, row, (uint16_t)(k + 1), (double)v[k], XLSX_PLAIN);
        xlsx_text(s, row++, 6, vocab_code(VOCAB_THEME, i), XLSX_PLAIN);
    }
}

static void xlsx_partners(struct xlsx *x, const struct report *r)
{
    const char *headers[] = {_("Partner"), _("Referrals")};
    struct xlsx_sheet *s = xlsx_section(x, _("Referrals by partner"), headers,
                                        ARRAY_LEN(headers));
    for (int i = 0; i < r->npartners; i++) {
        xlsx_text(s, (uint32_t)i + 1, 0, r->partners[i].name, XLSX_PLAIN);
        xlsx_number(s, (uint32_t)i + 1, 1, (double)r->partners[i].referrals, XLSX_PLAIN);
    }
}

static void xlsx_months(struct xlsx *x, const struct report *r)
{
    const char *headers[] = {_("Month"), _("Individual sessions"), _("Workshop participations")};
    struct xlsx_sheet *s = xlsx_section(x, _("Month by month"), headers, ARRAY_LEN(headers));
    for (int i = 0; i < r->nmonths; i++) {
        uint32_t row = (uint32_t)i + 1;
        xlsx_date(s, row, 0, r->months[i].month, XLSX_MONTH);
        xlsx_number(s, row, 1, (double)r->months[i].sessions, XLSX_PLAIN);
        xlsx_number(s, row, 2, (double)r->months[i].participations, XLSX_PLAIN);
    }
}

/* The sheets follow the printed report: activities, months, breakdowns, workshops, partners. */
static int write_xlsx(FILE *out, const struct report *r, const char *op, struct gu_error *err)
{
    struct xlsx *x = xlsx_new(false, err);
    if (!x)
        return GU_FAILURE;
    xlsx_cover(x, r, op);
    xlsx_activities(x, r);
    xlsx_months(x, r);
    for (int sec = 0; sec < REPORT_SECTIONS; sec++)
        if (report_section_shown(r, sec))
            xlsx_breakdown(x, r, sec);
    xlsx_workshops(x, r);
    xlsx_partners(x, r);
    return xlsx_finish(x, out, err);
}

int report_write(FILE *out, const struct report *r, enum report_format format,
                 const char *operator_name, struct gu_error *err)
{
    switch (format) {
    case REPORT_XLSX: return write_xlsx(out, r, operator_name, err);
    case REPORT_TEXT: write_text(out, r, operator_name); break;
    case REPORT_CSV: write_csv(out, r); break;
    case REPORT_JSON: write_json(out, r); break;
    case REPORT_HTML: write_html(out, r, operator_name); break;
    }
    if (fflush(out) || ferror(out))
        return error_set(err, GU_FAILURE, "%s", _("cannot write the output"));
    return GU_OK;
}
