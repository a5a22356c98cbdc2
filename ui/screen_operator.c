/* "Who is at the desk?": the operators, the last one preselected so that Enter confirms; the
 * last line adds a new operator. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"

static struct store_named *operators;
static size_t count;
static size_t cursor;      /* == count: the "new operator" line */
static struct line_edit new_name;

void screen_operator_open(struct app *app)
{
    struct gu_error err;
    store_free_named(operators, count);
    operators = NULL;
    count = 0;
    cursor = 0;
    line_edit_init(&new_name, NAME_MAX_CHARS, false);
    if (store_list_operators(app->st, &operators, &count, &err)) {
        app_error(app, &err);
        return;
    }
    char *last = NULL;
    if (store_get_setting(app->st, "last_operator", &last, &err) == GU_OK && last)
        for (size_t i = 0; i < count; i++)
            if (operators[i].id == atoll(last))
                cursor = i;
    free(last);
}

void screen_operator_draw(struct app *app)
{
    draw_title(app, _("Who is at the desk?"));
    int top = 2, rows = LINES - 6;
    size_t first = cursor >= (size_t)rows ? cursor - (size_t)rows + 1 : 0;
    for (size_t i = first; i <= count && (int)(i - first) < rows; i++) {
        int y = top + (int)(i - first);
        bool here = i == cursor;
        draw_text(y, 2, 2, here ? ">" : "", A_BOLD);
        if (i < count)
            draw_text(y, 4, COLS - 6, operators[i].name, here ? draw_attr_focus() : A_NORMAL);
        else {
            int label_w = (int)text_width(_("New operator:")), x = 4 + label_w + 1 > 23 ? 4 + label_w + 1 : 23;
            draw_text(y, 4, label_w, _("New operator:"), here ? A_BOLD : A_NORMAL);
            line_edit_draw(&new_name, y, x, COLS - x - 2 < 40 ? COLS - x - 2 : 40, here);
        }
    }
}

static void operator_choose(struct app *app)
{
    struct gu_error err;
    if (cursor < count) {
        app_set_operator(app, operators[cursor].id, operators[cursor].name,
                         operators[cursor].site_id);
        app_show(app, SCREEN_HOME);
        return;
    }
    char *name = NULL;
    if (text_clean_input(_("New operator"), line_edit_text(&new_name), NAME_MAX_CHARS, TEXT_REJECT_CONTROLS,
                         &name, &err)) {
        app_error(app, &err);
        return;
    }
    int64_t id;
    if (!*name)
        app_message(app, true, "%s", _("Type the new operator's first name."));
    else if (store_ensure_operator(app->st, name, app->site_id, &id, &err))
        app_error(app, &err);
    else {
        app_set_operator(app, id, name, app->site_id);
        app_show(app, SCREEN_HOME);
    }
    free(name);
}

void screen_operator_key(struct app *app, enum action_id action, struct ui_key key)
{
    bool refused;
    if (cursor == count && action != ACT_CONFIRM && action != ACT_UP && action != ACT_HELP &&
        action != ACT_CANCEL && line_edit_key(&new_name, key, &refused)) {
        if (refused)
            app_message(app, true, "%s", _("That is as long as a name can be."));
        return;
    }
    switch (action) {
    case ACT_UP: if (cursor > 0) cursor--; break;
    case ACT_DOWN: if (cursor < count) cursor++; break;
    case ACT_CONFIRM: operator_choose(app); break;
    case ACT_CANCEL:
        if (app->operator_id)
            app_show(app, SCREEN_HOME);
        break;
    case ACT_HELP:
        app_help(app, NULL);
        break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
