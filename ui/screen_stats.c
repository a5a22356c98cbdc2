/* Statistics ("Statistiques"): the activity report of a month, a year or chosen dates on one
 * screen. Headline figures compared with the period before, a sparkline of the last twelve
 * months, then every breakdown as a table with bars; Enter on a theme lists its sessions.
 * The figures are report_build's, the same as `guichet report`. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "report.h"
#include "text.h"

#define SPARK_MONTHS 12

enum span { SPAN_MONTH, SPAN_YEAR, SPAN_DATES };

/* One line of the scrolling list: a section title, or an entry with its count and bar. */
struct stats_line {
    bool heading;
    const char *label;      /* static, or the report's: valid until the next reload */
    char extra[64];         /* what follows the count instead of a percentage */
    long long count, total, max;
    const char *theme_code; /* entries of the themes section: a drill-down */
    bool not_given;         /* "Not given: 3 305 (49,6 %)" under its table, without a bar */
    int label_w;            /* columns of the labels of its section (layout_lines) */
};

static struct report *report; /* owned; NULL until first opened */
static enum span span;
static char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
static long long spark[SPARK_MONTHS];
static struct stats_line *lines; /* owned, grown to the report's size */
static size_t lines_cap;
static int nlines, selected, top;
/* Typing chosen dates: two fields, Tab between them. */
static bool typing;
static int typing_field;
static struct line_edit edit_from = {.max_chars = 10}, edit_to = {.max_chars = 10};

static void set_month(int y, int m)
{
    date_format(y, m, 1, from);
    date_format(y, m, date_days_in_month(y, m), to);
    span = SPAN_MONTH;
}

static void set_year(int y)
{
    date_format(y, 1, 1, from);
    date_format(y, 12, 31, to);
    span = SPAN_YEAR;
}

static struct stats_line *line_add(bool heading, const char *label)
{
    if (!array_reserve(&lines, &lines_cap, (size_t)nlines, sizeof *lines, 64))
        return NULL;
    struct stats_line *l = &lines[nlines++];
    *l = (struct stats_line){.heading = heading, .label = label};
    return l;
}

/* Shows the period just chosen, from its first entry. */
static void show_period(struct app *app)
{
    selected = top = 0;
    screen_stats_reload(app);
}

/* Selects the entry at index, or the nearest one in direction (titles are passed over). */
static void select_entry(int index, int direction)
{
    if (index < 0)
        index = 0;
    if (index >= nlines)
        index = nlines - 1;
    for (int i = index; i >= 0 && i < nlines; i += direction)
        if (!lines[i].heading) {
            selected = i;
            return;
        }
    for (int i = index; i >= 0 && i < nlines; i -= direction) /* none that way: back */
        if (!lines[i].heading) {
            selected = i;
            return;
        }
}

/* Every breakdown of the report, in the printed report's order, then workshops and partners. */
/* Bars of a section are scaled to its largest given answer, as in the HTML report: a bar for
 * "Not given" would dominate and flatten the answers that were given. The lines from first on. */
static void scale_section(int first)
{
    long long max = 0;
    for (int i = first; i < nlines; i++)
        max = !lines[i].not_given && lines[i].count > max ? lines[i].count : max;
    for (int i = first; i < nlines; i++)
        lines[i].max = max;
}

static void lines_build(void)
{
    nlines = 0;
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        if (!report_section_shown(report, s))
            continue;
        long long total = report_section_total(report, s);
        line_add(true, report_section_title(s));
        int first = nlines;
        long long not_given = 0;
        for (int i = 0; i < report_section_size(report, s); i++) {
            const char *code, *label;
            long long count;
            report_section_entry(report, s, i, &code, &label, &count);
            if (!*code) { /* said under the table */
                not_given += count;
                continue;
            }
            struct stats_line *l = line_add(false, label);
            if (!l)
                return;
            l->count = count;
            l->total = total;
            l->theme_code = s == SEC_THEMES ? code : NULL;
        }
        if (not_given) {
            struct stats_line *l = line_add(false, NULL);
            if (!l)
                return;
            l->not_given = true;
            l->count = not_given;
            l->total = total;
        }
        scale_section(first);
    }
    line_add(true, _("Workshops by theme"));
    int first = nlines;
    for (size_t t = 0; t < vocab_count(VOCAB_THEME); t++) {
        const struct report_workshop_theme *w = &report->workshop_themes[t];
        if (!w->workshops)
            continue;
        struct stats_line *l = line_add(false, vocab_label(VOCAB_THEME, (int)t));
        if (!l)
            return;
        l->count = w->workshops;
        char filled[32], attended[32];
        i18n_format_share(filled, sizeof filled, w->seats, w->capacity, 0);
        i18n_format_share(attended, sizeof attended, w->attended, w->seats, 0);
        /* TRANSLATORS: a theme's workshops: the share of seats taken, the share of those
         * booked who came; both percentages are formatted already ("60 %"). */
        snprintf(l->extra, sizeof l->extra, _("filled %s, attendance %s"), filled, attended);
    }
    scale_section(first);
    line_add(true, _("Referrals by partner"));
    first = nlines;
    for (int p = 0; p < report->npartners; p++) {
        struct stats_line *l =
            line_add(false, report->partners[p].name[0] ? report->partners[p].name : _("no partner"));
        if (!l)
            return;
        l->count = report->partners[p].referrals;
        l->total = report->totals.referrals;
    }
    scale_section(first);
}

/* The sparkline's first month, counted in months since year 0: it ends with the period's. */
static int spark_first(void)
{
    int y, m, d;
    date_parse(to, &y, &m, &d);
    return y * 12 + m - 1 - (SPARK_MONTHS - 1);
}

static int into_spark(const char *key, const long long *values, int nvalues, void *ctx)
{
    (void)ctx;
    int y, m;
    if (nvalues < 1 || sscanf(key, "%4d-%2d", &y, &m) != 2)
        return GU_OK;
    int i = y * 12 + m - 1 - spark_first();
    if (i >= 0 && i < SPARK_MONTHS)
        spark[i] = values[0];
    return GU_OK;
}

void screen_stats_reload(struct app *app)
{
    struct gu_error err;
    struct store_report_filter filter = {0};
    snprintf(filter.from, sizeof filter.from, "%s", from);
    snprintf(filter.to, sizeof filter.to, "%s", to);
    /* A network's desk shows its own site's figures (report --site all gives the network's). */
    if (store_site_scope(app->st, &filter.site_id, &err))
        app_error(app, &err);
    if (report_build(app->st, &filter, report, &err)) {
        app_error(app, &err);
        report_clear(report);
    }
    memset(spark, 0, sizeof spark);
    struct store_report_filter months = {0};
    date_format(spark_first() / 12, spark_first() % 12 + 1, 1, months.from);
    snprintf(months.to, sizeof months.to, "%s", to);
    months.site_id = filter.site_id;
    if (store_tally(app->st, TALLY_SESSION_MONTHS, &months, into_spark, NULL, &err))
        app_error(app, &err);
    lines_build();
    select_entry(selected, 1);
}

void screen_stats_open(struct app *app)
{
    if (!report) {
        report = calloc(1, sizeof *report);
        if (!report) {
            app_message(app, true, "%s", _("out of memory"));
            app_show(app, SCREEN_HOME);
            return;
        }
        struct gu_datetime now = clock_now();
        set_month(now.year, now.month);
    }
    typing = false;
    screen_stats_reload(app);
}

/* ---- drawing ------------------------------------------------------------------------------- */

static void period_title(char *buf, size_t size)
{
    int y, m, d, ty, tm, td;
    date_parse(from, &y, &m, &d);
    date_parse(to, &ty, &tm, &td);
    if (span == SPAN_MONTH)
        snprintf(buf, size, _("Statistics: %s %d"), i18n_month_name(m), y);
    else if (span == SPAN_YEAR)
        snprintf(buf, size, _("Statistics: year %d"), y);
    else if (ty == y) { /* "du 1er au 30 septembre 2026", "du 15 septembre au 2 octobre 2026" */
        char a[16], b[16];
        i18n_format_day_of_month(a, sizeof a, d);
        i18n_format_day_of_month(b, sizeof b, td);
        if (tm == m)
            /* TRANSLATORS: chosen dates within a month: first day, last day, month, year, as in
             * "Statistics: 1 to 30 September 2026" (French: "du 1er au 30 septembre 2026"). */
            snprintf(buf, size, _("Statistics: %1$s to %2$s %3$s %4$d"), a, b, i18n_month_name(m),
                     y);
        else
            /* TRANSLATORS: chosen dates within a year: first day and month, last day and month,
             * year, as in "Statistics: 15 September to 2 October 2026". */
            snprintf(buf, size, _("Statistics: %1$s %2$s to %3$s %4$s %5$d"), a,
                     i18n_month_name(m), b, i18n_month_name(tm), y);
    } else {
        char a[64], b[64];
        i18n_format_date_medium(a, sizeof a, y, m, d);
        i18n_format_date_medium(b, sizeof b, ty, tm, td);
        snprintf(buf, size, _("Statistics: %s to %s"), a, b);
    }
}

/* text right-aligned so that it ends at column end. */
static void draw_right(int y, int end, const char *text, unsigned attr)
{
    int w = (int)text_width(text);
    draw_text(y, end - w, w, text, attr);
}

/* Headline figures as in the printed report: value, change against the period before and
 * against a year earlier. Returns the next free line. */
static int draw_figures(int y)
{
    struct report_figure f[REPORT_FIGURES_MAX];
    int n = report_figures(report, f), row = y + 1;
    int c3 = COLS - 2, c2 = c3 - 17, c1 = c2 - 20, value_w = 0;
    char value[REPORT_FIGURES_MAX][32];
    for (int i = 0; i < n; i++) {
        i18n_format_count(value[i], sizeof value[i], f[i].value);
        int w = (int)text_width(value[i]);
        value_w = w > value_w ? w : value_w;
    }
    draw_right(y, c1, _("figure"), A_UNDERLINE);
    draw_right(y, c2, _("previous period"), A_UNDERLINE);
    draw_right(y, c3, _("a year earlier"), A_UNDERLINE);
    for (int i = 0; i < n; i++) {
        if (!strcmp(f[i].key, "named_participations") || !strcmp(f[i].key, "anonymous_participations"))
            continue;
        /* a desk that books no appointments keeps its screen for the rest */
        if (!strncmp(f[i].key, "appointments_", 13) && !f[i].value && !f[i].previous &&
            !f[i].year_before)
            continue;
        char before[32], year[32];
        i18n_format_change(before, sizeof before, f[i].value, f[i].previous);
        i18n_format_change(year, sizeof year, f[i].value, f[i].year_before);
        draw_text(row, 1, c1 - value_w - 2, f[i].label, A_NORMAL);
        draw_right(row, c1, value[i], A_BOLD);
        draw_right(row, c2, before, A_NORMAL);
        draw_right(row, c3, year, A_NORMAL);
        row++;
    }
    return row;
}

/* "Sessions over 12 months: January 2026 ▁▂▃▅▇█▆▅▃▂▁▂ December 2026 (from 25 to 612)": when
 * it does not fit, the first month loses its year (the same as the last's), then the first
 * month goes, then the lowest and highest; never a cut in the middle. */
static void draw_spark(int y)
{
    int ly, lm, ld;
    date_parse(to, &ly, &lm, &ld);
    long long max = 0, min = -1;
    for (int i = 0; i < SPARK_MONTHS; i++) {
        max = spark[i] > max ? spark[i] : max;
        min = spark[i] && (min < 0 || spark[i] < min) ? spark[i] : min;
    }
    int first_year = spark_first() / 12, first_month = spark_first() % 12 + 1;
    char start[64], start_month[64], end[64], low[32], high[32], range[128];
    i18n_format_month(start, sizeof start, first_year, first_month);
    snprintf(start_month, sizeof start_month, "%s",
             first_year == ly ? i18n_month_name(first_month) : start);
    i18n_format_month(end, sizeof end, ly, lm);
    i18n_format_count(low, sizeof low, min < 0 ? 0 : min);
    i18n_format_count(high, sizeof high, max);
    /* TRANSLATORS: the lowest and the highest month of the sparkline, formatted already. */
    snprintf(range, sizeof range, _("(from %s to %s)"), low, high);
    const char *label = _("Sessions over 12 months:");
    const char *starts[] = {start, start_month, "", "", ""}, *ranges[] = {range, range, range, ""};
    int label_w = (int)text_width(label), room = COLS - 2, pick = 3;
    for (int i = 0; i < 3; i++) {
        int w = label_w + 1 + (*starts[i] ? (int)text_width(starts[i]) + 1 : 0) + SPARK_MONTHS + 1 +
                (int)text_width(end) + 1 + (int)text_width(ranges[i]);
        if (w <= room) {
            pick = i;
            break;
        }
    }
    int x = 1;
    draw_text(y, x, label_w, label, A_NORMAL);
    x += label_w + 1;
    if (*starts[pick]) {
        int w = (int)text_width(starts[pick]);
        draw_text(y, x, w, starts[pick], A_NORMAL);
        x += w + 1;
    }
    draw_sparkline(y, x, spark, SPARK_MONTHS);
    x += SPARK_MONTHS + 1;
    draw_textf(y, x, COLS - x - 1, A_NORMAL, "%s%s%s", end, *ranges[pick] ? " " : "", ranges[pick]);
}

/* The columns of the list, from its entries: each section's labels as wide as its longest
 * (the bars keep at least 12 columns), counts and shares as wide as theirs. */
static struct {
    int count_w, share_w;
} layout;

static void line_texts(const struct stats_line *l, char *count, size_t count_size, char *share,
                       size_t share_size)
{
    i18n_format_count(count, count_size, l->count);
    if (l->extra[0])
        snprintf(share, share_size, "%s", l->extra);
    else if (l->total)
        i18n_format_share(share, share_size, l->count, l->total, 1);
    else
        share[0] = '\0';
}

static void layout_lines(void)
{
    layout.count_w = layout.share_w = 0;
    for (int i = 0; i < nlines; i++) {
        if (lines[i].heading)
            continue;
        char count[32], share[64];
        line_texts(&lines[i], count, sizeof count, share, sizeof share);
        int cw = (int)text_width(count), sw = lines[i].extra[0] ? 0 : (int)text_width(share);
        layout.count_w = cw > layout.count_w ? cw : layout.count_w;
        layout.share_w = sw > layout.share_w ? sw : layout.share_w;
    }
    int most = COLS - 3 - 1 - layout.count_w - 2 - layout.share_w - 2 - 12;
    for (int first = 0; first < nlines;) {
        int end = first + 1, label_w = 0;
        while (end < nlines && !lines[end].heading)
            end++;
        for (int i = first; i < end; i++)
            if (!lines[i].heading && !lines[i].not_given) {
                int w = (int)text_width(lines[i].label);
                label_w = w > label_w ? w : label_w;
            }
        for (int i = first; i < end; i++)
            lines[i].label_w = label_w > most ? most : label_w;
        first = end;
    }
}

static void draw_line(int row, const struct stats_line *l, bool focused)
{
    unsigned attr = focused ? draw_attr_focus() : A_NORMAL;
    if (l->heading) {
        draw_text(row, 1, COLS - 2, l->label, A_BOLD | A_UNDERLINE);
        return;
    }
    if (l->not_given) { /* as the HTML report says it: a line under the table, no bar */
        char count[32], share[64];
        line_texts(l, count, sizeof count, share, sizeof share);
        draw_text(row, 0, COLS, "", attr);
        /* TRANSLATORS: under a table: how many did not say, and their share ("12.0%"). */
        draw_textf(row, 3, COLS - 4, attr, _("Not given: %1$s (%2$s)"), count, share);
        return;
    }
    int count_x = 3 + l->label_w + 1, share_x = count_x + layout.count_w + 2,
        bar_x = share_x + layout.share_w + 2;
    char count[32], share[64];
    line_texts(l, count, sizeof count, share, sizeof share);
    draw_text(row, 0, COLS, "", attr);
    draw_name(row, 3, l->label_w, l->label, attr);
    int cw = (int)text_width(count);
    draw_text(row, count_x + layout.count_w - cw, cw, count, attr);
    if (l->extra[0]) {
        draw_text(row, share_x, COLS - share_x - 1, share, attr);
        return;
    }
    int sw = (int)text_width(share); /* right-aligned: the decimal commas line up */
    draw_text(row, share_x, layout.share_w - sw, "", attr);
    draw_text(row, share_x + layout.share_w - sw, sw, share, attr);
    draw_bar(row, bar_x, COLS - bar_x - 1, l->count, l->max);
}

void screen_stats_draw(struct app *app)
{
    char title[160];
    period_title(title, sizeof title);
    draw_title(app, title);
    if (typing) {
        /* TRANSLATORS: the hint says how a date is typed, in the order of the short date. */
        draw_text(1, 1, 20, _("From (DD/MM/YYYY):"), A_BOLD);
        draw_text(1, 34, 6, _("to:"), A_BOLD);
    }
    int y = draw_figures(2);
    draw_spark(y);
    int list_top = y + 2, visible = LINES - 2 - list_top;
    if (visible < 1)
        visible = 1;
    if (selected < top)
        top = selected;
    if (selected >= top + visible)
        top = selected - visible + 1;
    layout_lines();
    for (int i = top; i < nlines && i - top < visible; i++)
        draw_line(list_top + i - top, &lines[i], i == selected && !typing);
    if (typing) { /* last, so that the cursor sits in the field being typed */
        struct line_edit *focused = typing_field ? &edit_to : &edit_from;
        line_edit_draw(typing_field ? &edit_from : &edit_to, 1, typing_field ? 21 : 41, 12, false);
        line_edit_draw(focused, 1, typing_field ? 41 : 21, 12, true);
    }
}

/* ---- keys ---------------------------------------------------------------------------------- */

static void shift_period(struct app *app, int direction)
{
    int y, m, d;
    date_parse(from, &y, &m, &d);
    if (span == SPAN_MONTH) {
        m += direction;
        if (m == 0) {
            m = 12;
            y--;
        } else if (m == 13) {
            m = 1;
            y++;
        }
        set_month(y, m);
    } else if (span == SPAN_YEAR)
        set_year(y + direction);
    else { /* chosen dates: the same number of days before or after */
        int ty, tm, td;
        date_parse(to, &ty, &tm, &td);
        long a = date_to_days(y, m, d), b = date_to_days(ty, tm, td), len = b - a + 1;
        date_from_days(a + direction * len, &y, &m, &d);
        date_format(y, m, d, from);
        date_from_days(b + direction * len, &y, &m, &d);
        date_format(y, m, d, to);
    }
    show_period(app);
}

/* Puts an ISO date into a field in the short form a person types. */
static void field_set_short_date(struct line_edit *edit, const char *iso)
{
    int y, m, d;
    char shown[32];
    if (date_parse(iso, &y, &m, &d)) {
        i18n_format_date_short(shown, sizeof shown, y, m, d);
        line_edit_set(edit, shown);
    } else
        line_edit_set(edit, iso);
}

/* Applies the typed dates, or says what is wrong and keeps them for correcting. */
static void apply_dates(struct app *app)
{
    /* Read as the session form reads a day: "01/09/2026", "01/09" or "2026-09-01". */
    int y, m, d, ty, tm, td;
    if (!field_read_date(line_edit_text(&edit_from), &y, &m, &d)) {
        /* TRANSLATORS: a typed date that is not one; the example is a short date. */
        app_message(app, true, _("\"%s\" is not a date like 14/03/2026"), line_edit_text(&edit_from));
        typing_field = 0;
        return;
    }
    if (!field_read_date(line_edit_text(&edit_to), &ty, &tm, &td)) {
        app_message(app, true, _("\"%s\" is not a date like 14/03/2026"), line_edit_text(&edit_to));
        typing_field = 1;
        return;
    }
    long a = date_to_days(y, m, d), b = date_to_days(ty, tm, td);
    if (b < a || b - a > 366L * 20) {
        app_message(app, true, "%s", _("the end must come after the start, within twenty years"));
        typing_field = 1;
        return;
    }
    date_format(y, m, d, from);
    date_format(ty, tm, td, to);
    span = SPAN_DATES;
    typing = false;
    app->message[0] = '\0';
    show_period(app);
}

static void typing_key(struct app *app, struct ui_key key)
{
    bool enter = (!key.function && (key.code == '\n' || key.code == '\r')) ||
                 (key.function && key.code == KEY_ENTER);
    if (!key.function && key.code == 27) {
        typing = false;
        app->message[0] = '\0';
    } else if (enter)
        apply_dates(app);
    else if ((!key.function && key.code == '\t') || (key.function && key.code == KEY_BTAB)) {
        typing_field = !typing_field;
        line_edit_select_all(typing_field ? &edit_to : &edit_from);
    }
    else {
        bool refused;
        line_edit_key(typing_field ? &edit_to : &edit_from, key, &refused);
    }
}

void screen_stats_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (typing) {
        typing_key(app, key);
        return;
    }
    int page = LINES - 10 > 1 ? LINES - 10 : 1;
    struct gu_datetime now = clock_now();
    int y, m, d;
    date_parse(from, &y, &m, &d);
    switch (action) {
    case ACT_UP: select_entry(selected - 1, -1); break;
    case ACT_DOWN: select_entry(selected + 1, 1); break;
    case ACT_PAGE_UP: select_entry(selected - page, -1); break;
    case ACT_PAGE_DOWN: select_entry(selected + page, 1); break;
    case ACT_DAY_PREV: shift_period(app, -1); break;
    case ACT_DAY_NEXT: shift_period(app, 1); break;
    case ACT_MONTH:
        /* From a year, its month that is today's, or January of a past year. */
        set_month(y, span == SPAN_YEAR ? (y == now.year ? now.month : 1) : m);
        show_period(app);
        break;
    case ACT_YEAR:
        set_year(y);
        show_period(app);
        break;
    case ACT_PERIOD:
        typing = true;
        typing_field = 0;
        field_set_short_date(&edit_from, from); /* shown as they are typed: 01/09/2026 */
        field_set_short_date(&edit_to, to);
        break;
    case ACT_OPEN:
        if (nlines && lines[selected].theme_code)
            screen_history_open_theme(app, from, to, lines[selected].theme_code, SCREEN_STATS);
        else
            app_message(app, false, "%s", _("Enter lists the sessions of a theme: choose a theme."));
        break;
    case ACT_CANCEL: app_show(app, SCREEN_HOME); break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
