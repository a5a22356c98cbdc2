/* Workshops: the upcoming list, or one week as an agenda, with seats "3 / 8" and the waitlist. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "text.h"

static struct workshop *rows; /* owned: every workshop of the list or the week */
static size_t nrows, rows_cap, selected, top;
static int64_t selected_id; /* the selected workshop, kept across reloads */
static bool week_view;
static long week_monday; /* day number of the week shown */

struct collect {
    struct workshop **rows;
    size_t *n, *cap, max;
    struct gu_error *err;
};

static int collect_workshop(const struct workshop *w, void *ctx)
{
    struct collect *c = ctx;
    if (c->max && *c->n == c->max)
        return GU_OK;
    if (!array_reserve(c->rows, c->cap, *c->n, sizeof **c->rows, 16))
        return error_nomem(c->err);
    if (workshop_copy(&(*c->rows)[*c->n], w, c->err))
        return GU_FAILURE;
    (*c->n)++;
    return GU_OK;
}

int workshops_load(struct app *app, const char *from, const char *to, size_t max,
                   struct workshop **list, size_t *n, size_t *cap)
{
    struct gu_error err;
    workshops_free(*list, n);
    struct collect c = {list, n, cap, max, &err};
    int status = store_list_workshops(app->st, from, to, collect_workshop, &c, &err);
    if (status)
        app_error(app, &err);
    return status;
}

void workshops_free(struct workshop *list, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        workshop_clear(&list[i]);
    *n = 0;
}

/* What a workshop's line shows: when, its seats, who came without booking once held or who
 * waits, and its status unless planned. */
struct row_texts {
    char when[64], seats[48], beside[64];
    const char *status;
};

static void row_texts(const struct workshop *w, bool with_date, struct row_texts *t)
{
    if (with_date)
        i18n_format_datetime_short(t->when, sizeof t->when, &w->at);
    else
        i18n_format_time(t->when, sizeof t->when, w->at.hour, w->at.minute);
    workshop_format_seats(w, t->seats, sizeof t->seats);
    bool held = w->status == workshop_status("held");
    t->beside[0] = '\0';
    if (held && w->walk_ins)
        snprintf(t->beside, sizeof t->beside,
                 ngettext("+%d walk-in", "+%d walk-ins", (unsigned long)w->walk_ins), w->walk_ins);
    else if (!held && w->waitlisted)
        snprintf(t->beside, sizeof t->beside, _("+%d waiting"), w->waitlisted);
    t->status = w->status == workshop_status("planned")
                    ? "" : vocab_label(VOCAB_WORKSHOP_STATUS, w->status);
}

void workshops_measure(const struct workshop *list, size_t n, bool with_date, int x,
                       struct workshop_columns *cols)
{
    struct draw_column c[5] = {{.gap = 0}, {.min = 12, .gap = 1}, {.gap = 2}, {.gap = 2}, {.gap = 2}};
    for (size_t i = 0; i < n; i++) {
        struct row_texts t;
        row_texts(&list[i], with_date, &t);
        draw_column_want(&c[0], t.when);
        draw_column_want(&c[1], list[i].title);
        draw_column_want(&c[2], t.seats);
        draw_column_want(&c[3], t.beside);
        draw_column_want(&c[4], t.status);
    }
    for (int i = 0; i < 5; i++)
        if (i != 1)
            c[i].min = c[i].want;
    /* The title takes the room the others leave, so that the counts line up at the right. */
    int others = c[0].want + 1 + 2 + c[2].want + (c[3].want ? 2 + c[3].want : 0) +
                 (c[4].want ? 2 + c[4].want : 0);
    c[1].want = COLS - x - others > c[1].want ? COLS - x - others : c[1].want;
    draw_columns_fit(c, 5, x, COLS - x);
    for (int i = 0; i < 5; i++) {
        cols->x[i] = c[i].x;
        cols->width[i] = c[i].width;
    }
}

void workshops_draw_row(int y, const struct workshop *w, bool with_date,
                        const struct workshop_columns *cols, unsigned attr)
{
    struct row_texts t;
    row_texts(w, with_date, &t);
    draw_text(y, cols->x[0], COLS - cols->x[0], "", attr);
    draw_text(y, cols->x[0], cols->width[0], t.when, attr);
    draw_text(y, cols->x[1], cols->width[1], w->title, attr);
    draw_text(y, cols->x[2], cols->width[2], t.seats, attr);
    draw_text(y, cols->x[3], cols->width[3], t.beside, attr);
    draw_text(y, cols->x[4], cols->width[4], t.status, attr | A_BOLD);
}

static void week_bounds(char from[DATE_TEXT_SIZE], char to[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_from_days(week_monday, &y, &m, &d);
    date_format(y, m, d, from);
    date_from_days(week_monday + 6, &y, &m, &d);
    date_format(y, m, d, to);
}

void screen_workshops_reload(struct app *app)
{
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
    if (week_view)
        week_bounds(from, to);
    else
        clock_today_text(0, from);
    workshops_load(app, from, week_view ? to : NULL, 0, &rows, &nrows, &rows_cap);
    /* The same workshop stays selected, wherever another desk's change moved it. */
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].id == selected_id)
            selected = i;
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
    selected_id = nrows ? rows[selected].id : 0;
}

/* Shows the list or the week (of week_monday), from its first workshop. */
static void show(struct app *app, bool week)
{
    week_view = week;
    selected = top = 0;
    selected_id = 0;
    screen_workshops_reload(app);
}

void screen_workshops_open(struct app *app)
{
    if (!week_monday) {
        struct gu_datetime now = clock_now();
        long today = date_to_days(now.year, now.month, now.day);
        week_monday = today - date_weekday(now.year, now.month, now.day);
    }
    screen_workshops_reload(app);
}

void screen_workshops_draw(struct app *app)
{
    char title[160];
    if (week_view) {
        char first[64];
        int y, m, d;
        date_from_days(week_monday, &y, &m, &d);
        i18n_format_date_long(first, sizeof first, y, m, d);
        snprintf(title, sizeof title, _("Workshops: week of %s"), first);
    } else
        snprintf(title, sizeof title, "%s", _("Workshops: upcoming"));
    draw_title(app, title);
    int y = 2, bottom = LINES - 1 - app_message_rows(app);
    if (!nrows)
        draw_text(y, 2, COLS - 4, _("No workshop planned. Press n to plan one."), A_NORMAL);
    if (selected < top)
        top = selected;
    /* The week view puts a line for each day above its workshops. */
    for (;;) {
        int rows_needed = 0, last_day = -1;
        for (size_t i = top; i <= selected && i < nrows; i++) {
            long day = date_to_days(rows[i].at.year, rows[i].at.month, rows[i].at.day);
            rows_needed += 1 + (week_view && day != last_day);
            last_day = (int)day;
        }
        if (y + rows_needed <= bottom || top >= selected)
            break;
        top++;
    }
    long last_day = -1;
    struct workshop_columns cols;
    workshops_measure(rows, nrows, !week_view, 1, &cols);
    for (size_t i = top; i < nrows && y < bottom; i++) {
        const struct workshop *w = &rows[i];
        long day = date_to_days(w->at.year, w->at.month, w->at.day);
        if (week_view && day != last_day) {
            char date[64];
            i18n_format_date_long(date, sizeof date, w->at.year, w->at.month, w->at.day);
            draw_text(y++, 1, COLS - 2, date, A_BOLD | A_UNDERLINE);
            if (y >= bottom)
                break;
        }
        last_day = day;
        bool here = i == selected;
        draw_text(y, 0, 1, here ? ">" : "", A_BOLD);
        workshops_draw_row(y++, w, !week_view, &cols, here ? draw_attr_focus() : A_NORMAL);
    }
}

void screen_workshops_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    if (list_move_selection(action, &selected, nrows, 1)) {
        selected_id = nrows ? rows[selected].id : 0;
        return;
    }
    switch (action) {
    case ACT_OPEN:
        if (nrows)
            screen_workshop_open(app, rows[selected].id);
        break;
    case ACT_NEW: screen_workshop_form_open(app, NULL); break;
    case ACT_WEEK: show(app, !week_view); break;
    case ACT_DAY_PREV:
    case ACT_DAY_NEXT:
        week_monday += action == ACT_DAY_NEXT ? 7 : -7;
        show(app, true);
        break;
    case ACT_CALLS: app_show(app, SCREEN_CALLS); break;
    case ACT_CANCEL: /* the week view goes back to the list, the list home */
        if (week_view) {
            show(app, false);
            break;
        }
        workshops_free(rows, &nrows);
        app_show(app, SCREEN_HOME);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
