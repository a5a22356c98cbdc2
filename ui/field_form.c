/* A form of labelled fields (text, choice, tick box) shared by the partner, policy and referral
 * forms: drawing with scrolling, the keys that move, type, choose and tick, and the checks that
 * keep a form from being saved with a field it shows as wrong. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "app.h"
#include "date.h"
#include "i18n.h"
#include "session.h"
#include "strbuf.h"
#include "text.h"

static bool takes_text(const struct form_field *f)
{
    return f->kind == FORM_TEXT && !f->read_only;
}

/* True, with the reason in *err, when f is a text field whose check fails on what it holds;
 * blank text is left to the save (a field may be optional). */
static bool field_fails(const struct form_field *f, struct gu_error *err)
{
    if (f->kind != FORM_TEXT || f->read_only || !f->check)
        return false;
    const char *text = line_edit_text(&f->edit);
    if (!text[strspn(text, " ")])
        return false;
    char *clean = NULL;
    int status = text_clean_input(f->label, text, 0, TEXT_REJECT_CONTROLS, &clean, err);
    if (!status)
        status = f->check(f->label, clean, err);
    free(clean);
    return status != GU_OK;
}

bool field_form_check(struct app *app, struct field_form *form)
{
    struct gu_error err;
    for (int i = 0; i < form->n; i++)
        if (field_fails(&form->fields[i], &err)) {
            form->focus = i;
            app_error(app, &err);
            return false;
        }
    return true;
}

bool field_read_date(const char *text, int *year, int *month, int *day)
{
    /* The day as the session form takes it ("14/03/2026", "14/03", "2026-03-14"), read through
     * the session's own reading of a date and time, at midnight. */
    struct strbuf at = STRBUF_INIT;
    strbuf_printf(&at, "%s 0", text ? text : "");
    struct gu_datetime when;
    struct gu_error err;
    struct gu_datetime now = clock_now();
    bool ok = !strbuf_failed(&at) && text && *text && !strchr(text, ' ') &&
              session_parse_when("", strbuf_str(&at), now.year, &when, &err) == GU_OK;
    strbuf_release(&at);
    if (ok) {
        *year = when.year;
        *month = when.month;
        *day = when.day;
    }
    return ok;
}

int field_check_date(const char *field, const char *text, struct gu_error *err)
{
    int y, m, d;
    if (field_read_date(text, &y, &m, &d))
        return GU_OK;
    /* TRANSLATORS: a date typed into a form that is not one; the example is a short date. */
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a date like 14/03/2026"), field, text);
}

static void found_clear(struct field_form *form)
{
    for (size_t i = 0; i < form->nfound; i++)
        free(form->found[i].label);
    form->nfound = form->pick = 0;
}

void field_form_release(struct field_form *form)
{
    for (int i = 0; i < form->n; i++) {
        line_edit_release(&form->fields[i].edit);
        free(form->fields[i].found_label);
        form->fields[i].found_label = NULL;
    }
    found_clear(form);
    line_edit_release(&form->query);
    form->searching = false;
}

void field_form_draw(struct field_form *form, int top, int rows)
{
    int label_w = 0;
    for (int i = 0; i < form->n; i++) {
        int w = (int)text_width(form->fields[i].label);
        label_w = w > label_w ? w : label_w;
    }
    /* The labels whole: their column is as wide as the longest, up to two fifths of the line. */
    label_w = label_w > COLS * 2 / 5 ? COLS * 2 / 5 : label_w;
    int value_x = label_w + 4, value_w = COLS - value_x - 1;
    if (form->focus < form->top)
        form->top = form->focus;
    if (form->focus >= form->top + rows)
        form->top = form->focus - rows + 1;
    int cursor_y = -1;
    for (int i = form->top; i < form->n && i - form->top < rows; i++) {
        struct form_field *f = &form->fields[i];
        int y = top + i - form->top;
        bool focused = i == form->focus;
        draw_text(y, 0, 2, focused ? ">" : "", A_BOLD);
        draw_text(y, 2, label_w, f->label, focused ? A_BOLD : A_NORMAL);
        struct strbuf value = STRBUF_INIT; /* a choice's label: as long as it is */
        switch (f->kind) {
        case FORM_TEXT:
            if (f->read_only)
                draw_text(y, value_x, value_w, line_edit_text(&f->edit), A_NORMAL);
            else if (focused)
                cursor_y = y;
            else
                line_edit_draw(&f->edit, y, value_x, value_w, false);
            break;
        case FORM_CHOICE:
            strbuf_printf(&value, "< %s >",
                          f->choice < 0 ? (f->none ? f->none : _("(none)"))
                                        : f->choice_label(f->choice, f->ctx));
            draw_text(y, value_x, value_w, strbuf_str(&value),
                      focused ? draw_attr_focus() : A_NORMAL);
            break;
        case FORM_CHECK:
            draw_text(y, value_x, value_w, f->checked ? "[x]" : "[ ]",
                      focused ? draw_attr_focus() : A_NORMAL);
            break;
        case FORM_SEARCH:
            if (focused && form->searching)
                cursor_y = y;
            else
                draw_name(y, value_x, value_w,
                          f->found_id ? f->found_label : f->none ? f->none : _("(none)"),
                          focused ? draw_attr_focus() : A_NORMAL);
            break;
        }
        strbuf_release(&value);
    }
    /* A search's matches under its field, over the fields below, the one Enter takes shown. */
    int list_end = -1;
    if (form->searching && cursor_y >= 0) {
        int y = cursor_y + 1;
        for (size_t i = 0; i < form->nfound && y < LINES - 3; i++, y++) {
            draw_text(y, 0, COLS, "", A_NORMAL);
            draw_name(y, value_x, value_w, form->found[i].label,
                      i == form->pick ? draw_attr_focus() : A_NORMAL);
        }
        if (!form->nfound && y < LINES - 3) {
            draw_text(y, 0, COLS, "", A_NORMAL);
            draw_text(y++, value_x, value_w, _("Nothing matches."), A_DIM);
        }
        list_end = y;
    }
    /* Under the form: what is wrong with the focused field as typed, else its hint; a choice
     * too long for its field is said whole there first. */
    const struct form_field *focus = form->n ? &form->fields[form->focus] : NULL;
    int hint_y = top + (form->n < rows ? form->n : rows) + 1;
    if (list_end >= 0) {
        hint_y = hint_y > list_end ? hint_y : list_end;
        if (hint_y < LINES - 2)
            draw_text_wrapped(hint_y, 2, COLS - 3, LINES - 2 - hint_y,
                              _("Type to find; Up and Down choose, Enter takes it, Esc keeps the "
                                "former choice."),
                              A_DIM);
        hint_y = LINES; /* said: not the field's hint too */
    }
    struct gu_error err;
    if (focus && focus->kind == FORM_CHOICE && focus->choice >= 0 && hint_y < LINES - 3) {
        const char *label = focus->choice_label(focus->choice, focus->ctx);
        if ((int)text_width(label) + 4 > value_w)
            hint_y += draw_text_wrapped(hint_y, 2, COLS - 3, 2, label, A_BOLD);
    }
    if (focus && hint_y < LINES - 2) {
        if (field_fails(focus, &err))
            draw_text_wrapped(hint_y, 2, COLS - 3, LINES - 2 - hint_y, err.message,
                              draw_attr_error());
        else if (focus->hint)
            draw_text_wrapped(hint_y, 2, COLS - 3, LINES - 2 - hint_y, focus->hint, A_DIM);
    }
    /* The focused text field last, so that the terminal cursor stays in it. */
    if (cursor_y >= 0)
        line_edit_draw(form->searching ? &form->query : &form->fields[form->focus].edit,
                       cursor_y, value_x, value_w, true);
    else if (focus && focus->kind == FORM_SEARCH && form->focus >= form->top &&
             form->focus - form->top < rows) {
        /* A letter starts its search: the cursor says that it is typed (and the status bar
         * then offers no key a letter would be taken for, such as q). */
        move(top + form->focus - form->top, value_x);
        curs_set(1);
    }
}

/* Entering a text field selects what it holds, so that typing replaces it. */
static void move_focus(struct field_form *form, int step)
{
    if (!form->n)
        return;
    form->focus = (form->focus + step + form->n) % form->n;
    line_edit_select_all(&form->fields[form->focus].edit);
}

/* A letter or digit typed on a choice list jumps to the next value whose label, as shown
 * (translated; accents and case ignored), starts with it; a tick box ("[x] ") or punctuation
 * drawn before the label does not count. */
static bool choice_jump_to_letter(struct app *app, struct field_form *form, struct form_field *f,
                                  struct ui_key key)
{
    uint8_t typed[8];
    int n = key.function || !uc_is_alnum((ucs4_t)key.code)
                ? 0 : u8_uctomb(typed, (ucs4_t)key.code, sizeof typed - 1);
    if (n <= 0 || f->nchoices <= 0 || !f->choice_label)
        return false;
    typed[n] = '\0';
    char *letter = text_fold((const char *)typed);
    bool found = false;
    for (int step = 1; letter && step <= f->nchoices && !found; step++) {
        int i = (f->choice + step) % f->nchoices; /* from the next value, -1 (none) too */
        char *label = text_fold(f->choice_label(i, f->ctx));
        const char *p = label ? label : "";
        if (!strncmp(p, "[x] ", 4) || !strncmp(p, "[ ] ", 4))
            p += 4;
        ucs4_t c;
        int k;
        while (*p && (k = u8_mbtouc(&c, (const uint8_t *)p, strlen(p))) > 0 && !uc_is_alnum(c))
            p += k;
        if (!strncmp(p, letter, strlen(letter))) {
            f->choice = i;
            form->dirty = found = true;
            app->message[0] = '\0';
        }
        free(label);
    }
    if (letter && !found)
        app_message(app, true, _("No value starts with \"%s\"."), (const char *)typed);
    free(letter);
    return true;
}

/* What the search typed finds now, the first one picked. */
static void search_run(struct app *app, struct field_form *form, struct form_field *f)
{
    found_clear(form);
    f->find(app, line_edit_text(&form->query), form->found, FORM_FOUND_MAX, &form->nfound);
}

/* Opens the search of field f, with key typed in it when it is a character. */
static void search_open(struct app *app, struct field_form *form, struct form_field *f,
                        const struct ui_key *key)
{
    bool refused;
    line_edit_init(&form->query, 60, false);
    if (key)
        line_edit_key(&form->query, *key, &refused);
    form->searching = true;
    app->message[0] = '\0';
    search_run(app, form, f);
}

/* A key while a search is open: typing finds, Up and Down (Tab, Shift+Tab) go through what it
 * found, Enter takes it, Esc keeps the former choice; when it found nothing, Enter keeps the
 * former choice too and Tab goes on to the next field. Help passes. */
static bool search_key(struct app *app, struct field_form *form, struct form_field *f,
                       enum action_id action, struct ui_key key)
{
    bool refused;
    switch (action) {
    case ACT_SAVE:
        if (form->nfound) {
            free(f->found_label);
            f->found_label = form->found[form->pick].label;
            form->found[form->pick].label = NULL;
            f->found_id = form->found[form->pick].id;
            form->dirty = true;
        }
        /* nothing found: the former choice stays, as with Esc, rather than a key doing nothing */
        form->searching = false;
        found_clear(form);
        return true;
    case ACT_CANCEL:
        form->searching = false;
        found_clear(form);
        return true;
    case ACT_NEXT_FIELD:
    case ACT_PREV_FIELD:
        if (action == ACT_NEXT_FIELD && form->pick + 1 < form->nfound)
            form->pick++;
        else if (action == ACT_PREV_FIELD && form->pick > 0)
            form->pick--;
        else if (!form->nfound) { /* nothing to go through: on to the next field */
            form->searching = false;
            found_clear(form);
            move_focus(form, action == ACT_NEXT_FIELD ? 1 : -1);
        }
        return true;
    case ACT_QUIT: /* bare, from the too-small notice (q is typed here): the form asks */
        form->searching = false;
        found_clear(form);
        return false;
    case ACT_HELP:
    case ACT_REDRAW: return false;
    default: break;
    }
    if (line_edit_key(&form->query, key, &refused) && form->query.changed)
        search_run(app, form, f);
    return true; /* nothing else reaches the form while searching */
}

bool field_form_key(struct app *app, struct field_form *form, enum action_id action,
                    struct ui_key key)
{
    if (!form->n)
        return false;
    struct form_field *f = &form->fields[form->focus];
    if (form->searching && f->kind == FORM_SEARCH)
        return search_key(app, form, f, action, key);
    bool refused;
    /* The editor takes only its own keys: Tab, Enter, Esc and Up/Down stay the form's. */
    if (takes_text(f) && line_edit_key(&f->edit, key, &refused)) {
        if (refused)
            app_message(app, true, "%s", _("That is as long as this field can be."));
        else if (f->edit.changed) {
            form->dirty = true;
            app->message[0] = '\0';
        }
        return true;
    }
    /* a letter the screen gives an action to (q quits, as its status bar says) is not a jump */
    if (f->kind == FORM_CHOICE && action == ACT_NONE && choice_jump_to_letter(app, form, f, key))
        return true;
    if (f->kind == FORM_SEARCH) {
        /* A letter or digit starts the search with it; Space and the arrows that choose open
         * it on the first values. */
        if (!key.function && uc_is_alnum((ucs4_t)key.code)) {
            search_open(app, form, f, &key);
            return true;
        }
        if (action == ACT_TOGGLE || action == ACT_VALUE_NEXT || action == ACT_VALUE_PREV) {
            search_open(app, form, f, NULL);
            return true;
        }
        if (action == ACT_CLEAR && f->optional) {
            free(f->found_label);
            f->found_label = NULL;
            form->dirty = form->dirty || f->found_id != 0;
            f->found_id = 0;
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
    case ACT_SAVE:
        if (field_form_check(app, form))
            save(app);
        break;
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
