/* The call list: first the people to tell that their workshop was cancelled (or reopened after
 * they were told), until the desk says they were told; then the people with a seat in the next
 * days' workshops, to remind. With phone numbers; printed as a list to tick. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "date.h"
#include "i18n.h"
#include "person.h"
#include "print.h"
#include "sheet.h"

struct call {
    int64_t registration_id, appointment_id; /* one of them: a workshop's or an appointment's */
    enum registration_notice notice;
    struct gu_datetime at;
    char *title, *name, *contact;
};

static struct call *calls; /* owned: everyone to call, however many */
static size_t ncalls, calls_cap, selected, top;
/* The selected row's registration or appointment, kept across reloads. */
static int64_t selected_id, selected_appointment;

/* Remembers row i (none when past the list) as the one to keep selected. */
static void keep_selected(size_t i)
{
    selected_id = i < ncalls ? calls[i].registration_id : 0;
    selected_appointment = i < ncalls ? calls[i].appointment_id : 0;
}
static int days = 1;
static int start; /* days after today where the list begins (0: from now) */

static void calls_clear(void)
{
    for (size_t i = 0; i < ncalls; i++) {
        free(calls[i].title);
        free(calls[i].name);
        free(calls[i].contact);
    }
    ncalls = 0;
}

static int collect_call(const struct call_row *c, void *ctx)
{
    (void)ctx;
    if (!array_reserve(&calls, &calls_cap, ncalls, sizeof *calls, 64))
        return GU_FAILURE;
    char *contact = person_contact_for_display(c->phone, c->email);
    if (contact && !*contact) {
        free(contact);
        contact = strdup(_("no phone number"));
    }
    calls[ncalls] = (struct call){c->registration_id, c->appointment_id, c->notice, c->at,
                                  strdup(c->title),
                                  strdup(c->name ? c->name : ""), contact};
    ncalls++;
    return GU_OK;
}

/* From now (or the start of the start-th day ahead) to the end of days days, as `guichet
 * workshop calls --days` takes it. */
static void period(char from[DATETIME_TEXT_SIZE], char until[DATE_TEXT_SIZE])
{
    struct gu_datetime now = clock_now();
    if (start == 0)
        datetime_format(&now, from);
    else {
        char first[DATE_TEXT_SIZE];
        clock_today_text(start, first);
        snprintf(from, DATETIME_TEXT_SIZE, "%s 00:00", first);
    }
    clock_today_text(start + days + 1, until);
}

void screen_calls_reload(struct app *app)
{
    calls_clear();
    struct gu_error err;
    char from[DATETIME_TEXT_SIZE], until[DATE_TEXT_SIZE];
    period(from, until);
    if (store_list_calls(app->st, from, until, collect_call, NULL, &err))
        app_error(app, &err);
    /* The same person stays selected, wherever other desks' writes moved them. */
    for (size_t i = 0; i < ncalls; i++)
        if (calls[i].registration_id == selected_id &&
            calls[i].appointment_id == selected_appointment)
            selected = i;
    if (selected >= ncalls)
        selected = ncalls ? ncalls - 1 : 0;
    keep_selected(selected);
}

void screen_calls_open(struct app *app)
{
    selected = top = 0;
    selected_id = selected_appointment = 0;
    screen_calls_reload(app);
}

/* The columns, as wide as what they hold: the date, the workshop, the name, the phone. */
static struct draw_column columns[4];

static void measure_columns(void)
{
    const char *headings[4] = {_("Date"), _("Workshop"), _("Name"), _("Contact")};
    for (int i = 0; i < 4; i++) {
        columns[i] = (struct draw_column){.gap = i ? 1 : 0, .min = i == 1 || i == 2 ? 12 : 0};
        draw_column_want(&columns[i], headings[i]);
    }
    for (size_t i = 0; i < ncalls; i++) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &calls[i].at);
        draw_column_want(&columns[0], when);
        draw_column_want(&columns[1], calls[i].title);
        draw_column_want(&columns[2], calls[i].name);
        draw_column_want(&columns[3], calls[i].contact);
    }
    columns[0].min = columns[0].want;
    draw_columns_fit(columns, 4, 2, COLS - 3);
}

static void draw_columns(int y)
{
    const char *headings[4] = {_("Date"), _("Workshop"), _("Name"), _("Contact")};
    for (int i = 0; i < 4; i++)
        draw_text(y, columns[i].x, columns[i].width, headings[i], A_UNDERLINE);
}

void screen_calls_draw(struct app *app)
{
    char from[DATETIME_TEXT_SIZE], until[DATE_TEXT_SIZE];
    period(from, until);
    char *title = sheet_calls_title(from, days);
    draw_title(app, title ? title : "");
    free(title);
    measure_columns();
    int y = 2, bottom = LINES - 1 - app_message_rows(app);
    if (!ncalls) {
        draw_columns(y);
        draw_text(y + 2, 2, COLS - 4, _("Nobody to call."), A_NORMAL);
        return;
    }
    /* Each part has a heading and the column titles: scroll so that the selected line shows
     * with the heading of its part above it. */
    if (selected < top)
        top = selected;
    for (;;) {
        int lines = 0;
        for (size_t i = top; i <= selected; i++)
            lines += 1 + (i == top || calls[i].notice != calls[i - 1].notice) * 2;
        if (y + lines <= bottom || top >= selected)
            break;
        top++;
    }
    for (size_t i = top; i < ncalls && y < bottom; i++) {
        const struct call *c = &calls[i];
        if (i == top || c->notice != calls[i - 1].notice) {
            if (i != top)
                y++;
            if (y + 2 >= bottom)
                break;
            draw_text(y++, 1, COLS - 2, sheet_calls_heading(c->notice), A_BOLD);
            draw_columns(y++);
        }
        bool here = i == selected;
        unsigned attr = here ? draw_attr_focus() : A_NORMAL;
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &c->at);
        draw_text(y, 0, COLS, "", attr);
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, columns[0].x, columns[0].width, when, attr);
        draw_text(y, columns[1].x, columns[1].width, c->title, attr);
        draw_text(y, columns[2].x, columns[2].width, c->name, attr | A_BOLD);
        draw_text(y++, columns[3].x, columns[3].width, c->contact, attr);
    }
}

/* t: the selected person was told what their part of the list says. */
static void mark_told(struct app *app)
{
    if (!ncalls)
        return;
    const struct call *c = &calls[selected];
    if (c->notice == NOTICE_NONE) {
        app_message(app, true, "%s",
                    c->appointment_id
                        ? _("A reminder stays on the list until the appointment: only a "
                            "workshop's cancellation or reopening is marked as told.")
                        : _("A reminder stays on the list until the workshop: only a "
                            "cancellation or a reopening is marked as told."));
        return;
    }
    struct gu_error err;
    if (store_mark_told(app->st, c->registration_id, app->operator_id, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    app_message(app, false, _("%s: told (registration %lld)."), c->name,
                (long long)c->registration_id);
    keep_selected(selected + 1);
    screen_calls_reload(app);
}

static int write_calls(FILE *out, enum sheet_format format, void *ctx, struct gu_error *err)
{
    struct app *app = ctx;
    char from[DATETIME_TEXT_SIZE], until[DATE_TEXT_SIZE];
    period(from, until);
    return sheet_write_calls(out, app->st, from, until, days, format, err);
}

/* p: the list as shown, to the printer or into a page to print. */
static void print_calls(struct app *app)
{
    struct print_outcome done;
    struct gu_error err;
    if (print_document(app->db_path, _("Call list"), "calls", write_calls, app, &done, &err)) {
        app_error(app, &err);
        return;
    }
    if (done.printed)
        app_message(app, false, "%s", _("The call list was sent to the printer."));
    else if (done.lp_status)
        app_message(app, false, _("The printer did not take it (lp: %d): the call list is in %s"),
                    done.lp_status, done.path);
    else
        app_message(app, false, _("No printer here: the call list is in %s"), done.path);
    print_outcome_clear(&done);
}

void screen_calls_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    if (list_move_selection(action, &selected, ncalls, 1)) {
        keep_selected(selected);
        return;
    }
    switch (action) {
    case ACT_DAY_PREV:
    case ACT_DAY_NEXT: /* the list begins a day earlier or later (never before today) */
        start += action == ACT_DAY_NEXT ? 1 : -1;
        start = start < 0 ? 0 : start > 366 ? 366 : start;
        screen_calls_reload(app);
        break;
    case ACT_MORE:
    case ACT_LESS:
        days += action == ACT_MORE ? 1 : -1;
        days = days < 1 ? 1 : days > 31 ? 31 : days;
        screen_calls_reload(app);
        break;
    case ACT_TOLD: mark_told(app); break;
    case ACT_PRINT: print_calls(app); break;
    case ACT_CANCEL:
        calls_clear();
        app_show(app, SCREEN_WORKSHOPS);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
