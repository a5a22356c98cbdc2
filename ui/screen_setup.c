/* First start: the library's name and the first operator, in two fields, and the library's time
 * zone (Europe/Paris unless an overseas zone is chosen with the arrows). */
#include <curses.h>
#include <stdlib.h>

#include "app.h"
#include "date.h"
#include "i18n.h"
#include "store.h"
#include "text.h"

static struct line_edit fields[2];
static int focus;     /* 0 and 1: the fields; 2: the time zone */
static size_t zone;   /* index in date_zones */

void screen_setup_open(struct app *app)
{
    (void)app;
    for (int i = 0; i < 2; i++)
        line_edit_init(&fields[i], NAME_MAX_CHARS, false);
    focus = 0;
    zone = 0;
}

void screen_setup_draw(struct app *app)
{
    draw_title(app, _("guichet: first start"));
    draw_text(2, 2, COLS - 4, _("Welcome. Two questions, and the desk is ready."), A_BOLD);
    static const char *const labels[3] = {N_("Name of the library:"), N_("Your first name:"),
                                          N_("Time zone:")};
    int label_w = 28; /* the labels whole, the fields after the longest */
    for (int i = 0; i < 3; i++)
        label_w = (int)text_width(_(labels[i])) > label_w ? (int)text_width(_(labels[i])) : label_w;
    int field_x = 2 + label_w + 1, field_w = COLS - field_x - 2 < 40 ? COLS - field_x - 2 : 40;
    for (int i = 0; i < 3; i++) {
        draw_text(5 + 2 * i, 2, label_w, _(labels[i]), i == focus ? A_BOLD : A_NORMAL);
    }
    /* The zone is chosen, not typed: ← and → go through the zones guichet offers. */
    draw_text(9, field_x, field_w, date_zones[zone], focus == 2 ? draw_attr_focus() : A_NORMAL);
    if (focus == 2)
        draw_text(9, field_x + (int)text_width(date_zones[zone]) + 2,
                  COLS - field_x - (int)text_width(date_zones[zone]) - 4,
                  _("(← → to change)"), A_NORMAL);
    draw_text(11, 2, COLS - 4,
              _("Only first names are needed; sessions stay anonymous."), A_NORMAL);
    for (int i = 1; i >= 0; i--) /* the focused field last, so that it keeps the cursor */
        if (i != focus)
            line_edit_draw(&fields[i], 5 + 2 * i, field_x, field_w, false);
    if (focus < 2)
        line_edit_draw(&fields[focus], 5 + 2 * focus, field_x, field_w, true);
    else
        move(9, field_x);
}

static void setup_finish(struct app *app)
{
    struct gu_error err;
    char *names[2] = {NULL, NULL};
    static const char *const what[2] = {N_("Name of the library"), N_("Your first name")};
    for (int i = 0; i < 2; i++) {
        if (text_clean_input(_(what[i]), line_edit_text(&fields[i]), NAME_MAX_CHARS, TEXT_REJECT_CONTROLS,
                             &names[i], &err)) {
            app_error(app, &err);
            focus = i;
            goto out;
        }
        if (!*names[i]) {
            app_message(app, true, _("%s: please fill it in"), _(what[i]));
            focus = i;
            goto out;
        }
    }
    int64_t site_id, operator_id;
    if (store_set_site(app->st, names[0], date_zones[zone], NULL, &site_id, &err) ||
        store_ensure_operator(app->st, names[1], site_id, &operator_id, &err)) {
        app_error(app, &err);
        goto out;
    }
    app_set_operator(app, operator_id, names[1], site_id);
    app_message(app, false, _("Welcome, %s. Press n to log your first session."), names[1]);
    app_show(app, SCREEN_HOME);
out:
    free(names[0]);
    free(names[1]);
}

void screen_setup_key(struct app *app, enum action_id action, struct ui_key key)
{
    bool refused;
    switch (action) {
    case ACT_CONFIRM:
        if (focus == 0)
            line_edit_select_all(&fields[focus = 1]);
        else
            setup_finish(app);
        return;
    case ACT_NEXT_FIELD:
    case ACT_PREV_FIELD:
        focus = (focus + (action == ACT_NEXT_FIELD ? 1 : 2)) % 3;
        if (focus < 2)
            line_edit_select_all(&fields[focus]);
        return;
    case ACT_HELP:
        app_help(app, NULL);
        return;
    case ACT_CANCEL:
        if (app_confirm(app, _("Leave without setting up the desk?")))
            app->quit = true;
        return;
    default:
        if (focus == 2) {
            if (key.function && (key.code == KEY_RIGHT || key.code == KEY_LEFT))
                zone = (zone + (key.code == KEY_RIGHT ? 1 : date_zone_count - 1)) % date_zone_count;
            return;
        }
        if (line_edit_key(&fields[focus], key, &refused) && refused)
            app_message(app, true, _("That is as long as a name can be."));
    }
}
