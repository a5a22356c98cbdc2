/* History: sessions newest first, filtered by day and by words as they are typed (accents and
 * capitals ignored), or a theme's sessions over a period (from the statistics); Enter opens
 * one to correct it, d deletes it after confirmation. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"

/* Enough rows to scroll through; a search narrows beyond that. */
#define HISTORY_MAX 500
#define HISTORY_FULL 100 /* callback status: stop, the list is full */

static struct help_session rows[HISTORY_MAX];
static size_t nrows, selected, top;
static struct line_edit search = {.max_chars = 60};
static bool searching;
static bool one_day;
static char day[DATE_TEXT_SIZE];
/* A theme's sessions over a period, opened from the statistics; Esc goes back there. */
static const char *theme;  /* a vocabulary code (static), or NULL */
static char range_from[DATE_TEXT_SIZE], range_to[DATE_TEXT_SIZE];
static enum screen_id back = SCREEN_HOME;

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++)
        session_clear(&rows[i]);
    nrows = 0;
}

struct collect {
    const char *needle; /* folded */
    struct gu_error *err;
};

static int collect_row(const struct help_session *s, void *ctx)
{
    struct collect *c = ctx;
    if (!session_matches(s, c->needle))
        return GU_OK;
    if (session_copy(&rows[nrows], s, c->err))
        return GU_FAILURE;
    return ++nrows == HISTORY_MAX ? HISTORY_FULL : GU_OK;
}

void screen_history_reload(struct app *app)
{
    struct gu_error err;
    rows_clear();
    char *needle = text_fold(search.text);
    struct collect c = {needle ? needle : "", &err};
    struct session_filter filter = {.newest_first = true, .theme = theme};
    if (one_day)
        filter.from = filter.to = day;
    else if (theme) {
        filter.from = range_from;
        filter.to = range_to;
    }
    int status = store_list_sessions(app->st, &filter, collect_row, &c, &err);
    if (status && status != HISTORY_FULL)
        app_error(app, &err);
    free(needle);
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
}

void screen_history_open(struct app *app)
{
    theme = NULL;
    back = SCREEN_HOME;
    screen_history_reload(app);
}

void screen_history_open_theme(struct app *app, const char *from, const char *to,
                               const char *theme_code, enum screen_id back_to)
{
    int index = vocab_find(VOCAB_THEME, theme_code);
    theme = index >= 0 ? vocab_code(VOCAB_THEME, index) : NULL;
    snprintf(range_from, sizeof range_from, "%s", from);
    snprintf(range_to, sizeof range_to, "%s", to);
    back = back_to;
    one_day = false;
    search.text[0] = '\0';
    selected = top = 0;
    app->screen = SCREEN_HISTORY;
    screen_history_reload(app);
}

void screen_history_draw(struct app *app)
{
    char title[160], shown_day[64] = "";
    if (one_day) {
        int y, m, d;
        date_parse(day, &y, &m, &d);
        i18n_format_date_long(shown_day, sizeof shown_day, y, m, d);
    }
    if (theme && !one_day) {
        int fy, fm, fd, ty, tm, td;
        char a[32], b[32];
        date_parse(range_from, &fy, &fm, &fd);
        date_parse(range_to, &ty, &tm, &td);
        i18n_format_date_short(a, sizeof a, fy, fm, fd);
        i18n_format_date_short(b, sizeof b, ty, tm, td);
        snprintf(title, sizeof title, _("History: %s, %s to %s"),
                 vocab_label(VOCAB_THEME, vocab_find(VOCAB_THEME, theme)), a, b);
    } else
        snprintf(title, sizeof title, _("History: %s"), one_day ? shown_day : _("all days"));
    draw_title(app, title);
    draw_text(1, 1, 10, _("Search:"), searching ? A_BOLD : A_NORMAL);

    char count[128];
    snprintf(count, sizeof count,
             nrows == HISTORY_MAX ? _("first %zu sessions") : ngettext("%zu session", "%zu sessions", nrows),
             nrows);
    draw_text(1, COLS - 24, 23, count, A_NORMAL);

    int y = 3;
    draw_text(y - 1, 1, 7, _("No."), A_UNDERLINE);
    draw_text(y - 1, 9, 19, _("Date"), A_UNDERLINE);
    draw_text(y - 1, 29, 8, _("Duration"), A_UNDERLINE);
    draw_text(y - 1, 38, COLS - 38 - 14, _("Themes"), A_UNDERLINE);
    draw_text(y - 1, COLS - 13, 12, _("Operator"), A_UNDERLINE);
    int visible = LINES - 2 - y;
    if (selected < top)
        top = selected;
    if (selected >= top + (size_t)visible)
        top = selected - (size_t)visible + 1;
    for (size_t i = top; i < nrows && (int)(i - top) < visible; i++) {
        const struct help_session *s = &rows[i];
        unsigned attr = i == selected && !searching ? draw_attr_focus() : A_NORMAL;
        char num[32], when[64], dur[32], themes[600] = "";
        snprintf(num, sizeof num, "%lld", (long long)s->id);
        i18n_format_datetime_short(when, sizeof when, &s->at);
        i18n_format_duration(dur, sizeof dur, s->duration_min);
        size_t used = 0;
        vocab_set set = s->themes;
        for (int t = 0; set && used < sizeof themes; t++, set >>= 1)
            if (set & 1) {
                int w = snprintf(themes + used, sizeof themes - used, "%s%s", used ? ", " : "",
                                 vocab_label(VOCAB_THEME, t));
                used += w > 0 ? (size_t)w : 0;
            }
        int row = y + (int)(i - top);
        draw_text(row, 0, COLS, "", attr);
        draw_text(row, 1, 7, num, attr);
        draw_text(row, 9, 19, when, attr);
        draw_text(row, 29, 8, dur, attr);
        draw_text(row, 38, COLS - 38 - 14, themes, attr);
        draw_text(row, COLS - 13, 12, s->operator_name, attr);
    }
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4, _("No session matches."), A_NORMAL);
    /* Drawn last so that the cursor sits in the search field while typing. */
    line_edit_draw(&search, 1, 12, 40, searching);
}

static void history_delete(struct app *app)
{
    if (!nrows)
        return;
    char question[200];
    snprintf(question, sizeof question, _("Delete session No. %lld?"),
             (long long)rows[selected].id);
    if (!app_confirm(app, question))
        return;
    struct gu_error err;
    int64_t id = rows[selected].id;
    if (store_delete_session(app->st, id, app->operator_id, &err))
        app_error(app, &err);
    else
        app_message(app, false, _("Session No. %lld deleted."), (long long)id);
    app->data_version = store_data_version(app->st);
    screen_history_reload(app);
}

static void shift_day(long days)
{
    theme = NULL; /* one day of every theme */
    if (!one_day) {
        clock_today_text(0, day);
        one_day = true;
        if (days > 0)
            return;
    }
    int y, m, d;
    date_parse(day, &y, &m, &d);
    date_from_days(date_to_days(y, m, d) + days, &y, &m, &d);
    date_format(y, m, d, day);
}

void screen_history_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (searching) {
        bool ends;
        if (line_edit_search_key(&search, key, &ends)) {
            selected = top = 0;
            screen_history_reload(app);
        }
        searching = !ends;
        return;
    }
    int page = LINES - 5 > 1 ? LINES - 5 : 1;
    switch (action) {
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: if (selected + 1 < nrows) selected++; break;
    case ACT_PAGE_UP: selected = selected > (size_t)page ? selected - (size_t)page : 0; break;
    case ACT_PAGE_DOWN:
        selected = selected + (size_t)page < nrows ? selected + (size_t)page : (nrows ? nrows - 1 : 0);
        break;
    case ACT_OPEN:
        if (nrows)
            screen_form_open(app, &rows[selected]);
        break;
    case ACT_DELETE: history_delete(app); break;
    case ACT_SEARCH: searching = true; break;
    case ACT_DAY_PREV: shift_day(-1); selected = top = 0; screen_history_reload(app); break;
    case ACT_DAY_NEXT: shift_day(1); selected = top = 0; screen_history_reload(app); break;
    case ACT_ALL_DAYS:
        one_day = false;
        theme = NULL;
        selected = top = 0;
        screen_history_reload(app);
        break;
    case ACT_CANCEL:
        rows_clear();
        app_show(app, back);
        break;
    case ACT_HELP:
        app_help(app, NULL);
        break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
