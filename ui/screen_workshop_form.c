/* Planning a workshop, or a series of dates; also changing a planned one. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "person.h"
#include "text.h"

enum wfield { WF_TITLE, WF_DATE, WF_TIME, WF_DURATION, WF_CAPACITY, WF_THEMES, WF_LEVEL, WF_ROOM,
              WF_DESCRIPTION, WF_DATES, WF_EVERY, WF_COUNT };

static const char *const labels[WF_COUNT] = {
    N_("Title"), N_("Date (YYYY-MM-DD)"), N_("Time (HH:MM)"), N_("Duration (min)"),
    N_("Seats"), N_("Themes"), N_("Level"), N_("Room"), N_("Description"),
    N_("Number of dates"), N_("Every N weeks"),
};

static struct line_edit text[WF_COUNT];
static vocab_set themes;
static int theme_cursor, level;
static enum wfield focus;
static int64_t editing_id;
static struct workshop original; /* when editing: what is not on the form stays as it was */
static bool dirty;

bool screen_workshop_form_dirty(void)
{
    return dirty;
}

static bool is_text(enum wfield f)
{
    return f != WF_THEMES && f != WF_LEVEL;
}

static bool shown(enum wfield f)
{
    return !editing_id || (f != WF_DATES && f != WF_EVERY); /* a series is made when adding */
}

void screen_workshop_form_open(struct app *app, const struct workshop *source)
{
    static const size_t max[WF_COUNT] = {WORKSHOP_TITLE_MAX, 10, 5, 4, 3, 0, 0, WORKSHOP_ROOM_MAX,
                                         WORKSHOP_DESCRIPTION_MAX, 2, 2};
    for (int i = 0; i < WF_COUNT; i++)
        text[i] = (struct line_edit){.max_chars = max[i],
                                     .digits_only = i == WF_DURATION || i == WF_CAPACITY ||
                                                    i == WF_DATES || i == WF_EVERY};
    editing_id = 0;
    workshop_clear(&original);
    struct workshop w;
    workshop_init(&w);
    if (source) {
        struct gu_error err;
        if (workshop_copy(&original, source, &err)) {
            app_error(app, &err);
            return;
        }
        w = original;
        editing_id = source->id;
    } else {
        /* A week from today at two in the afternoon: a common slot, easy to change. */
        struct gu_datetime now = clock_now();
        date_from_days(date_to_days(now.year, now.month, now.day) + 7, &w.at.year, &w.at.month,
                       &w.at.day);
        w.at.hour = 14, w.at.minute = 0;
    }
    char buf[64];
    line_edit_set(&text[WF_TITLE], w.title);
    date_format(w.at.year, w.at.month, w.at.day, buf);
    line_edit_set(&text[WF_DATE], buf);
    snprintf(buf, sizeof buf, "%02d:%02d", w.at.hour % 100, w.at.minute % 100);
    line_edit_set(&text[WF_TIME], buf);
    snprintf(buf, sizeof buf, "%d", w.duration_min);
    line_edit_set(&text[WF_DURATION], buf);
    snprintf(buf, sizeof buf, "%d", w.capacity);
    line_edit_set(&text[WF_CAPACITY], buf);
    line_edit_set(&text[WF_ROOM], w.room);
    line_edit_set(&text[WF_DESCRIPTION], w.description);
    line_edit_set(&text[WF_DATES], "1");
    line_edit_set(&text[WF_EVERY], "1");
    themes = w.themes;
    level = w.level;
    theme_cursor = 0;
    focus = WF_TITLE;
    dirty = false;
    app->screen = SCREEN_WORKSHOP_FORM;
}

void screen_workshop_form_draw(struct app *app)
{
    char title[160];
    if (editing_id)
        snprintf(title, sizeof title, _("Change workshop No. %lld"), (long long)editing_id);
    else
        snprintf(title, sizeof title, "%s", _("New workshop"));
    draw_title(app, title);
    draw_text(1, 1, COLS - 2, _("Tab moves between fields; Enter saves; Esc goes back."), A_NORMAL);
    int y = 3, value_x = 22, value_w = COLS - value_x - 1;
    int cursor_y = -1;
    for (int f = 0; f < WF_COUNT; f++) {
        if (!shown(f))
            continue;
        bool here = focus == (enum wfield)f;
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, 2, value_x - 3, _(labels[f]), here ? A_BOLD : A_NORMAL);
        if (f == WF_THEMES) {
            char line[256];
            int on = vocab_set_count(themes);
            snprintf(line, sizeof line, "< [%s] %s >   (%d)", (themes >> theme_cursor) & 1 ? "x" : " ",
                     vocab_label(VOCAB_THEME, theme_cursor), on);
            draw_text(y, value_x, value_w, line, here ? draw_attr_focus() : A_NORMAL);
        } else if (f == WF_LEVEL) {
            char line[128];
            snprintf(line, sizeof line, "< %s >",
                     level == VOCAB_NONE ? _("not given") : vocab_label(VOCAB_LEVEL, level));
            draw_text(y, value_x, value_w, line, here ? draw_attr_focus() : A_NORMAL);
        } else if (here)
            cursor_y = y;
        else
            line_edit_draw(&text[f], y, value_x, value_w, false);
        y += 1 + (f == WF_DESCRIPTION);
    }
    if (!editing_id)
        draw_text(y + 1, 2, COLS - 4,
                  _("A series books each date separately; the site and facilitator are yours."),
                  A_NORMAL);
    if (cursor_y >= 0)
        line_edit_draw(&text[focus], cursor_y, value_x, value_w, true);
}

static void form_back(struct app *app)
{
    if (editing_id)
        screen_workshop_open(app, editing_id);
    else
        app_show(app, SCREEN_WORKSHOPS);
}

static void report_promotion(const struct promotion *p, void *ctx)
{
    struct app *app = ctx;
    char *contact = person_contact_for_display(p->phone, p->email);
    app_message(app, false, _("New seat for %s: call %s."), p->name,
                contact && *contact ? contact : _("no phone number"));
    free(contact);
}

/* A positive whole number from a digits-only field. */
static int number(enum wfield f, int min, int max, int *out, struct gu_error *err)
{
    int v = atoi(text[f].text);
    if (!*text[f].text || v < min || v > max)
        return error_set(err, GU_INVALID, _("%s: a whole number from %d to %d"), _(labels[f]), min,
                         max);
    *out = v;
    return GU_OK;
}

static void form_save(struct app *app)
{
    struct gu_error err;
    struct workshop w = original; /* borrowed strings: only the form's own are owned below */
    w.title = w.room = w.description = NULL;
    char when[sizeof text[0].text * 2];
    snprintf(when, sizeof when, "%s %s", text[WF_DATE].text, text[WF_TIME].text);
    int dates = 1, every = 1, status = GU_OK;
    if (!datetime_parse(when, &w.at)) {
        status = error_set(&err, GU_INVALID, _("\"%s\" is not a date and time like 2026-03-14 14:00"),
                           when);
        focus = WF_DATE;
    }
    if (!status && (status = number(WF_DURATION, 1, 1440, &w.duration_min, &err)))
        focus = WF_DURATION;
    if (!status && (status = number(WF_CAPACITY, 0, WORKSHOP_CAPACITY_MAX, &w.capacity, &err)))
        focus = WF_CAPACITY;
    if (!status && !editing_id && (status = number(WF_DATES, 1, WORKSHOP_SERIES_MAX, &dates, &err)))
        focus = WF_DATES;
    if (!status && !editing_id && (status = number(WF_EVERY, 1, 52, &every, &err)))
        focus = WF_EVERY;
    if (!status)
        status = text_clean_input(_("Title"), text[WF_TITLE].text, WORKSHOP_TITLE_MAX,
                                  TEXT_REJECT_CONTROLS, &w.title, &err);
    if (!status)
        status = text_clean_input(_("Room"), text[WF_ROOM].text, WORKSHOP_ROOM_MAX,
                                  TEXT_REJECT_CONTROLS, &w.room, &err);
    if (!status)
        status = text_clean_input(_("Description"), text[WF_DESCRIPTION].text,
                                  WORKSHOP_DESCRIPTION_MAX, TEXT_REJECT_CONTROLS, &w.description,
                                  &err);
    if (!status) {
        if (w.room && !*w.room) {
            free(w.room);
            w.room = NULL;
        }
        if (w.description && !*w.description) {
            free(w.description);
            w.description = NULL;
        }
        w.themes = themes;
        w.level = level;
        if (!editing_id) {
            w.site_name = app->site_name;
            w.facilitator_name = app->operator_name;
        }
        status = workshop_validate(&w, !editing_id ||
                                           datetime_compare(&w.at, &original.at) != 0, &err);
    }
    int64_t first = editing_id;
    if (!status && editing_id) {
        w.id = editing_id;
        app->message[0] = '\0';
        status = store_update_workshop(app->st, &w, app->operator_id, report_promotion, app, &err);
    } else if (!status) {
        int64_t ids[WORKSHOP_SERIES_MAX];
        status = store_add_workshops(app->st, &w, dates, every, app->operator_id, ids, &err);
        first = ids[0];
    }
    if (status)
        app_error(app, &err);
    else {
        app->data_version = store_data_version(app->st);
        dirty = false;
        if (!app->message[0])
            app_message(app, false,
                        ngettext("Workshop saved.", "Workshop saved: %d dates.", (unsigned long)dates),
                        dates);
        screen_workshop_open(app, first);
    }
    free(w.title);
    free(w.room);
    free(w.description);
}

static void move_focus(int step)
{
    int f = (int)focus;
    do
        f = (f + step + WF_COUNT) % WF_COUNT;
    while (!shown(f));
    focus = f;
}

void screen_workshop_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    bool refused;
    bool typing = is_text(focus) && !(key.function && key.code != KEY_BACKSPACE) &&
                  !(!key.function && (key.code == '\t' || key.code == '\n' || key.code == '\r' ||
                                      key.code == 27));
    if (typing && line_edit_key(&text[focus], key, &refused)) {
        dirty = true;
        if (refused)
            app_message(app, true, "%s",
                        text[focus].digits_only ? _("Digits only here.")
                                                : _("That is as long as this field can be."));
        else
            app->message[0] = '\0';
        return;
    }
    int nthemes = (int)vocab_count(VOCAB_THEME), nlevels = (int)vocab_count(VOCAB_LEVEL);
    switch (action) {
    case ACT_SAVE: form_save(app); break;
    case ACT_NEXT_FIELD: move_focus(1); break;
    case ACT_PREV_FIELD: move_focus(-1); break;
    case ACT_VALUE_NEXT:
    case ACT_VALUE_PREV: {
        int step = action == ACT_VALUE_NEXT ? 1 : -1;
        if (focus == WF_THEMES)
            theme_cursor = (theme_cursor + step + nthemes) % nthemes;
        else if (focus == WF_LEVEL) {
            level = (level + 1 + step + nlevels + 1) % (nlevels + 1) - 1; /* -1 = not given */
            dirty = true;
        }
        break;
    }
    case ACT_TOGGLE:
        if (focus == WF_THEMES) {
            themes ^= (vocab_set)1 << theme_cursor;
            dirty = true;
        }
        break;
    case ACT_CANCEL:
        if (!dirty || app_confirm(app, _("Leave without saving this workshop?"))) {
            dirty = false;
            form_back(app);
        }
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT:
        if (!dirty || app_confirm(app, _("Quit and lose this workshop?")))
            app->quit = true;
        break;
    default: break;
    }
}
