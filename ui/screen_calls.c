/* The call list: people with a seat in the next days' workshops, with their phone numbers. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "person.h"


struct call {
    struct gu_datetime at;
    char *title, *name, *contact;
};

static struct call *calls; /* owned: everyone to call, however many */
static size_t ncalls, calls_cap;
static int days = 1;

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
    calls[ncalls] = (struct call){c->at, strdup(c->title), strdup(c->name), contact};
    ncalls++;
    return GU_OK;
}

void screen_calls_reload(struct app *app)
{
    calls_clear();
    struct gu_error err;
    char from[DATETIME_TEXT_SIZE], until[DATE_TEXT_SIZE];
    struct gu_datetime now = clock_now();
    datetime_format(&now, from);
    clock_today_text(days + 1, until);
    if (store_list_calls(app->st, from, until, collect_call, NULL, &err))
        app_error(app, &err);
}

void screen_calls_open(struct app *app)
{
    screen_calls_reload(app);
}

void screen_calls_draw(struct app *app)
{
    char title[128];
    snprintf(title, sizeof title,
             ngettext("Call list: workshops of the next %d day", "Call list: workshops of the next %d days",
                      (unsigned long)days),
             days);
    draw_title(app, title);
    int y = 2;
    draw_text(y, 1, 19, _("Date"), A_UNDERLINE);
    draw_text(y, 21, 24, _("Workshop"), A_UNDERLINE);
    draw_text(y, 46, 18, _("Name"), A_UNDERLINE);
    draw_text(y++, 65, COLS - 66, _("Phone"), A_UNDERLINE);
    if (!ncalls)
        draw_text(y + 1, 2, COLS - 4, _("Nobody to call."), A_NORMAL);
    for (size_t i = 0; i < ncalls && y < LINES - 2; i++, y++) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &calls[i].at);
        draw_text(y, 1, 19, when, A_NORMAL);
        draw_text(y, 21, 24, calls[i].title, A_NORMAL);
        draw_text(y, 46, 18, calls[i].name, A_BOLD);
        draw_text(y, 65, COLS - 66, calls[i].contact, A_NORMAL);
    }
}

void screen_calls_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    switch (action) {
    case ACT_MORE:
    case ACT_LESS:
        days += action == ACT_MORE ? 1 : -1;
        days = days < 1 ? 1 : days > 31 ? 31 : days;
        screen_calls_reload(app);
        break;
    case ACT_CANCEL:
        calls_clear();
        app_show(app, SCREEN_WORKSHOPS);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
