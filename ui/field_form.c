/* A form of labelled fields (text, choice, tick box) shared by the partner, policy and referral
 * forms: drawing with scrolling, and the keys that move, type, choose and tick. */
#include <curses.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"

static bool takes_text(const struct form_field *f)
{
    return f->kind == FORM_TEXT && !f->read_only;
}

void field_form_draw(struct field_form *form, int top, int rows)
{
    int label_w = 0;
    for (int i = 0; i < form->n; i++) {
        int w = (int)text_width(form->fields[i].label);
        label_w = w > label_w ? w : label_w;
    }
    label_w = label_w > COLS / 3 ? COLS / 3 : label_w;
    int value_x = label_w + 4, value_w = COLS - value_x - 1;
    if (form->focus < form->top)
        form->top = form->focus;
    if (form->focus >= form->top + rows)
        form->top = form->focus - rows + 1;
    int cursor_y = -1;
    for (int i = form->top; i < form->n && i - form->top < rows; i++) {
        const struct form_field *f = &form->fields[i];
        int y = top + i - form->top;
        bool focused = i == form->focus;
        draw_text(y, 0, 2, focused ? ">" : "", A_BOLD);
        draw_text(y, 2, label_w, f->label, focused ? A_BOLD : A_NORMAL);
        char value[256];
        switch (f->kind) {
        case FORM_TEXT:
            if (f->read_only)
                draw_text(y, value_x, value_w, f->edit.text, A_NORMAL);
            else if (focused)
                cursor_y = y;
            else
                line_edit_draw(&f->edit, y, value_x, value_w, false);
            break;
        case FORM_CHOICE:
            snprintf(value, sizeof value, "< %s >",
                     f->choice < 0 ? _("(none)") : f->choice_label(f->choice, f->ctx));
            draw_text(y, value_x, value_w, value, focused ? draw_attr_focus() : A_NORMAL);
            break;
        case FORM_CHECK:
            draw_text(y, value_x, value_w, f->checked ? "[x]" : "[ ]",
                      focused ? draw_attr_focus() : A_NORMAL);
            break;
        }
    }
    /* The hint of the focused field, under the form. */
    const struct form_field *focus = form->n ? &form->fields[form->focus] : NULL;
    int hint_y = top + (form->n < rows ? form->n : rows) + 1;
    if (focus && focus->hint && hint_y < LINES - 2)
        draw_text(hint_y, 2, COLS - 3, focus->hint, A_DIM);
    /* The focused text field last, so that the terminal cursor stays in it. */
    if (cursor_y >= 0)
        line_edit_draw(&form->fields[form->focus].edit, cursor_y, value_x, value_w, true);
}

static void move_focus(struct field_form *form, int step)
{
    if (form->n)
        form->focus = (form->focus + step + form->n) % form->n;
}

bool field_form_key(struct app *app, struct field_form *form, enum action_id action,
                    struct ui_key key)
{
    if (!form->n)
        return false;
    struct form_field *f = &form->fields[form->focus];
    bool typing_key = !key.function ? key.code != '\t' && key.code != '\n' && key.code != '\r' &&
                                          key.code != 27
                                    : key.code == KEY_BACKSPACE;
    if (takes_text(f) && typing_key) {
        bool refused;
        if (line_edit_key(&f->edit, key, &refused)) {
            if (refused)
                app_message(app, true, "%s", _("That is as long as this field can be."));
            else {
                form->dirty = true;
                app->message[0] = '\0';
            }
            return true;
        }
    }
    switch (action) {
    case ACT_NEXT_FIELD: move_focus(form, 1); return true;
    case ACT_PREV_FIELD: move_focus(form, -1); return true;
    case ACT_VALUE_NEXT:
    case ACT_VALUE_PREV:
        if (f->kind == FORM_CHOICE && f->nchoices > 0) {
            int lowest = f->optional ? -1 : 0, span = f->nchoices - lowest;
            int step = action == ACT_VALUE_NEXT ? 1 : -1;
            f->choice = ((f->choice - lowest + step) % span + span) % span + lowest;
            form->dirty = true;
        }
        return true;
    case ACT_TOGGLE:
        if (f->kind == FORM_CHECK) {
            f->checked = !f->checked;
            form->dirty = true;
        } else if (f->kind == FORM_CHOICE)
            return field_form_key(app, form, ACT_VALUE_NEXT, key);
        return true;
    default: return false;
    }
}

void field_form_screen_key(struct app *app, struct field_form *form, enum action_id action,
                           struct ui_key key, void (*save)(struct app *app),
                           void (*back)(struct app *app))
{
    if (field_form_key(app, form, action, key))
        return;
    bool quit = action == ACT_QUIT;
    switch (action) {
    case ACT_SAVE: save(app); break;
    case ACT_CANCEL:
    case ACT_QUIT:
        if (form->dirty && !app_confirm(app, quit ? _("Quit and lose what was typed?")
                                                  : _("Discard what was typed?")))
            break;
        form->dirty = false;
        if (quit)
            app->quit = true;
        else
            back(app);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    default: break;
    }
}
