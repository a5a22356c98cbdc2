#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"
#include "output.h"
#include "text.h"

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

static int totals_for(struct store *st, const struct store_report_filter *f,
                      struct report_totals *t, struct gu_error *err)
{
    *t = (struct report_totals){0};
    int status = store_tally(st, TALLY_TOTALS, f, into_totals, t, err);
    if (!status)
        status = store_tally(st, TALLY_WORKSHOP_TOTALS, f, into_totals, t, err);
    if (!status)
        status = store_tally(st, TALLY_REFERRAL_TOTALS, f, into_totals, t, err);
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

void report_clear(struct report *r)
{
    for (int i = 0; i < r->npartners; i++)
        free(r->partners[i].name);
    free(r->partners);
    free(r->months);
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
    int status = totals_for(st, filter, &r->totals, err);
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
    int kind; /* a vocab kind, or -1 for durations and oriented */
} sections[REPORT_SECTIONS] = {
    [SEC_THEMES] = {"themes", N_("Themes"), VOCAB_THEME},
    [SEC_DEMARCHES] = {"demarches", N_("Administrative procedures"), VOCAB_DEMARCHE},
    [SEC_DURATIONS] = {"durations", N_("Duration"), -1},
    [SEC_PLACES] = {"places", N_("Place"), VOCAB_PLACE},
    [SEC_MATERIALS] = {"materials", N_("Devices"), VOCAB_MATERIAL},
    [SEC_AUTONOMY] = {"autonomy", N_("Autonomy"), VOCAB_AUTONOMY},
    [SEC_AGES] = {"ages", N_("Age"), VOCAB_AGE},
    [SEC_STATUSES] = {"statuses", N_("Status"), VOCAB_STATUS},
    [SEC_GENDERS] = {"genders", N_("Gender"), VOCAB_GENDER},
    [SEC_ORIENTED] = {"oriented", N_("Oriented to another structure"), -1},
    [SEC_ORIENTATIONS] = {"orientations", N_("Orientation by category"), VOCAB_ORIENTATION},
    [SEC_REFERRALS] = {"referrals", N_("Referrals by outcome"), VOCAB_REFERRAL_STATUS},
};

const char *report_section_title(int s)
{
    return s >= 0 && s < REPORT_SECTIONS ? _(sections[s].title) : "";
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
    } else {
        int n = (int)vocab_count(sections[s].kind);
        *code = i < n ? vocab_code(sections[s].kind, i) : "";
        *label = i < n ? vocab_label(sections[s].kind, i) : _("not given");
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

static double percent(long long part, long long whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void report_change(char *buf, size_t size, long long now, long long before)
{
    if (!before)
        snprintf(buf, size, "%s", now ? _("new") : "=");
    else
        snprintf(buf, size, "%+.0f %%", 100.0 * (double)(now - before) / (double)before);
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
    return n;
}

/* text right-aligned in width columns (display width, not bytes). */
static void right(FILE *out, const char *text, int width)
{
    for (int pad = width - (int)text_width(text); pad > 0; pad--)
        fputc(' ', out);
    fputs(text, out);
}

static void write_text(FILE *out, const struct report *r, const char *site, const char *op)
{
    char from[64], to[64], a[32], b[32];
    date_long(r->filter.from, from, sizeof from);
    date_long(r->filter.to, to, sizeof to);
    fprintf(out, "%s\n", _("Activity report"));
    fprintf(out, _("From %s to %s"), from, to);
    fputc('\n', out);
    /* The site and operator as typed: cleaned like everything else written. */
    if (site) {
        fprintf(out, "%s ", _("Site:"));
        output_clean(out, site);
        fputc('\n', out);
    }
    if (op) {
        fprintf(out, "%s ", _("Operator:"));
        output_clean(out, op);
        fputc('\n', out);
    }
    fprintf(out, "\n%s\n", _("Activities"));
    /* Columns are padded by display width (output_pad), as labels are French. */
    fputs("  ", out);
    output_pad(out, "", 34, false);
    right(out, _("figure"), 10);
    right(out, _("previous period"), 20);
    right(out, _("a year earlier"), 18);
    fputc('\n', out);
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    for (int i = 0; i < n; i++) {
        report_change(a, sizeof a, f[i].value, f[i].previous);
        report_change(b, sizeof b, f[i].value, f[i].year_before);
        char value[24];
        snprintf(value, sizeof value, "%lld", f[i].value);
        fputs("  ", out);
        output_pad(out, f[i].label, 34, false);
        right(out, value, 10);
        right(out, a, 20);
        right(out, b, 18);
        fputc('\n', out);
    }
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        fprintf(out, "\n%s\n", _(sections[s].title));
        long long total = report_section_total(r, s);
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            if (count) {
                fputs("  ", out);
                output_pad(out, label, 60, false);
                fprintf(out, " %8lld  %5.1f %%\n", count, percent(count, total));
            }
        }
        if (!total)
            fprintf(out, "  %s\n", _("none"));
    }
    fprintf(out, "\n%s\n", _("Workshops by theme"));
    bool any = false;
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        const struct report_workshop_theme *w = &r->workshop_themes[i];
        if (!w->workshops)
            continue;
        any = true;
        fprintf(out, _("  %s: %lld workshops, filled %.0f %%, attendance %.0f %%, %lld no-shows\n"),
                vocab_label(VOCAB_THEME, i), w->workshops, percent(w->seats, w->capacity),
                percent(w->attended, w->seats), w->absent);
    }
    if (!any)
        fprintf(out, "  %s\n", _("none"));
    fprintf(out, "\n%s\n", _("Referrals by partner"));
    for (int i = 0; i < r->npartners; i++)
    {
        fputs("  ", out);
        output_pad(out, r->partners[i].name, 60, false);
        fprintf(out, " %8lld\n", r->partners[i].referrals);
    }
    if (!r->npartners)
        fprintf(out, "  %s\n", _("none"));
    fprintf(out, "\n%s\n", _("Month by month"));
    fputs("  ", out);
    output_pad(out, "", 10, false);
    right(out, _("sessions"), 11);
    right(out, _("participations"), 17);
    fputc('\n', out);
    for (int i = 0; i < r->nmonths; i++)
        fprintf(out, "  %-10s %10lld %16lld\n", r->months[i].month, r->months[i].sessions,
                r->months[i].participations);
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
        for (int i = 0; i < report_section_size(r, s); i++) {
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
    for (int i = 0; i < r->nmonths; i++) {
        csv_row(out, "month_sessions", r->months[i].month, r->months[i].month, r->months[i].sessions);
        csv_row(out, "month_participations", r->months[i].month, r->months[i].month,
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
                 "\"people\": %lld, \"minutes\": %lld, \"referrals\": %lld}",
            f->from, f->to, t->sessions, t->session_minutes, t->workshops_held, t->workshop_minutes,
            t->named_participations, t->anonymous_participations, t->people, t->minutes,
            t->referrals);
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


static void html_bar_row(FILE *out, const char *label, long long count, long long max,
                         long long total)
{
    fputs("<tr><th>", out);
    output_html_text(out, label);
    fprintf(out, "</th><td class=\"n\">%lld</td><td class=\"n\">%.1f&nbsp;%%</td>"
                 "<td class=\"bar\"><span style=\"width:%.1f%%\"></span></td></tr>\n",
            count, percent(count, total), max ? 100.0 * (double)count / (double)max : 0.0);
}

static void write_html(FILE *out, const struct report *r, const char *site, const char *op)
{
    char from[64], to[64], a[32], b[32];
    date_long(r->filter.from, from, sizeof from);
    date_long(r->filter.to, to, sizeof to);
    fputs("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n<title>", out);
    output_html_text(out, _("Activity report"));
    fputs("</title>\n<style>\n"
          "body{font-family:sans-serif;max-width:60em;margin:1em auto;color:#111}\n"
          "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #999}\n"
          "table{border-collapse:collapse;width:100%}th{text-align:left;font-weight:normal}\n"
          "td,th{padding:2px 6px;border-bottom:1px solid #ddd}.n{text-align:right;white-space:nowrap}\n"
          ".bar{width:40%}.bar span{display:block;height:0.9em;background:#2a5d8f;"
          "print-color-adjust:exact;-webkit-print-color-adjust:exact}\n"
          "@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}\n"
          "</style></head><body>\n<h1>", out);
    output_html_text(out, _("Activity report"));
    fputs("</h1>\n<p>", out);
    char period[200];
    snprintf(period, sizeof period, _("From %s to %s"), from, to);
    output_html_text(out, period);
    if (site) {
        fputs("<br>", out);
        output_html_text(out, _("Site:"));
        fputc(' ', out);
        output_html_text(out, site);
    }
    if (op) {
        fputs("<br>", out);
        output_html_text(out, _("Operator:"));
        fputc(' ', out);
        output_html_text(out, op);
    }
    fputs("</p>\n<h2>", out);
    output_html_text(out, _("Activities"));
    fputs("</h2>\n<table><tr><th></th><th class=\"n\">", out);
    output_html_text(out, _("figure"));
    fputs("</th><th class=\"n\">", out);
    output_html_text(out, _("previous period"));
    fputs("</th><th class=\"n\">", out);
    output_html_text(out, _("a year earlier"));
    fputs("</th></tr>\n", out);
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(r, f);
    for (int i = 0; i < n; i++) {
        report_change(a, sizeof a, f[i].value, f[i].previous);
        report_change(b, sizeof b, f[i].value, f[i].year_before);
        fputs("<tr><th>", out);
        output_html_text(out, f[i].label);
        fprintf(out, "</th><td class=\"n\">%lld</td><td class=\"n\">", f[i].value);
        output_html_text(out, a);
        fputs("</td><td class=\"n\">", out);
        output_html_text(out, b);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        long long total = report_section_total(r, s), max = 0;
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            max = count > max ? count : max;
        }
        fputs("<h2>", out);
        output_html_text(out, _(sections[s].title));
        fputs("</h2>\n<table>\n", out);
        for (int i = 0; i < report_section_size(r, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(r, s, i, &code, &label, &count);
            html_bar_row(out, label, count, max, total);
        }
        fputs("</table>\n", out);
    }
    fputs("<h2>", out);
    output_html_text(out, _("Month by month"));
    fputs("</h2>\n<table>\n", out);
    long long max = 0, total = 0;
    for (int i = 0; i < r->nmonths; i++) {
        long long v = r->months[i].sessions + r->months[i].participations;
        max = v > max ? v : max;
        total += v;
    }
    for (int i = 0; i < r->nmonths; i++)
        html_bar_row(out, r->months[i].month, r->months[i].sessions + r->months[i].participations,
                     max, total);
    fputs("</table>\n</body></html>\n", out);
}

int report_write(FILE *out, const struct report *r, enum report_format format,
                 const char *site_name, const char *operator_name)
{
    switch (format) {
    case REPORT_TEXT: write_text(out, r, site_name, operator_name); break;
    case REPORT_CSV: write_csv(out, r); break;
    case REPORT_JSON: write_json(out, r); break;
    case REPORT_HTML: write_html(out, r, site_name, operator_name); break;
    }
    return fflush(out) || ferror(out) ? GU_FAILURE : GU_OK;
}
