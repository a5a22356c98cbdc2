/* Planning a workshop, or a series of dates; also changing a planned one. The site and the
 * facilitator are chosen among the library's sites and operators, as the command line names
 * them. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "app.h"
#include "i18n.h"
#include "person.h"
#include "text.h"

enum wfield { WF_TITLE, WF_DATE, WF_TIME, WF_DURATION, WF_CAPACITY, WF_THEMES, WF_LEVEL, WF_ROOM,
              WF_DESCRIPTION, WF_DATES, WF_EVERY, WF_SITE, WF_FACILITATOR, WF_COUNT };

static const char *const labels[WF_COUNT] = {
    N_("Title"), N_("Date (YYYY-MM-DD)"), N_("Time (HH:MM)"), N_("Duration (min)"),
    N_("Seats"), N_("Themes"), N_("Level"), N_("Room"), N_("Description"),
    N_("Number of dates"), N_("Every N weeks"), N_("Site"), N_("Facilitator"),
};

/* The names a choice field offers (sites, operators), owned, and the one chosen (-1: none). */
struct names {
    char **names;
    size_t n;
    int chosen;
};
static struct names sites, facilitators;

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
    return f != WF_THEMES && f != WF_LEVEL && f != WF_SITE && f != WF_FACILITATOR;
}

static void names_clear(struct names *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->names[i]);
    free(c->names);
    *c = (struct names){.chosen = -1};
}

/* Fills c with the store's list, plus keep when it is not among them (an operator who left still
 * facilitates the workshops they had), and chooses keep, or else the one numbered id. */
static int names_fill(struct names *c, const struct store_named *list, size_t n, const char *keep,
                      int64_t id)
{
    names_clear(c);
    c->names = calloc(n + 1, sizeof *c->names);
    if (!c->names)
        return GU_FAILURE;
    for (size_t i = 0; i < n; i++) {
        if (!(c->names[c->n] = strdup(list[i].name ? list[i].name : "")))
            return GU_FAILURE;
        if (keep ? !strcmp(list[i].name, keep) : list[i].id == id)
            c->chosen = (int)c->n;
        c->n++;
    }
    if (keep && c->chosen < 0) {
        if (!(c->names[c->n] = strdup(keep)))
            return GU_FAILURE;
        c->chosen = (int)c->n++;
    }
    return GU_OK;
}

/* The sites and active operators, the workshop's own (or the desk's, for a new one) chosen. */
static void load_choices(struct app *app, const struct workshop *w)
{
    struct gu_error err;
    struct store_named *list = NULL;
    size_t n = 0;
    int status = store_list_sites(app->st, &list, &n, &err);
    if (!status && names_fill(&sites, list, n, w ? w->site_name : NULL, app->site_id))
        status = error_nomem(&err);
    store_free_named(list, n);
    list = NULL;
    n = 0;
    if (!status)
        status = store_list_operators(app->st, &list, &n, &err);
    if (!status && names_fill(&facilitators, list, n, w ? w->facilitator_name : NULL,
                              app->operator_id))
        status = error_nomem(&err);
    store_free_named(list, n);
    if (status)
        app_error(app, &err);
}

static struct names *choice_of(enum wfield f)
{
    return f == WF_SITE ? &sites : f == WF_FACILITATOR ? &facilitators : NULL;
}

/* The label of choice i of field f (a level, a site, an operator). */
static const char *choice_label(enum wfield f, int i)
{
    if (f == WF_LEVEL)
        return vocab_label(VOCAB_LEVEL, i);
    return choice_of(f)->names[i];
}

static int choice_count(enum wfield f)
{
    return f == WF_LEVEL ? (int)vocab_count(VOCAB_LEVEL) : (int)choice_of(f)->n;
}

/* A letter typed on a choice: the next value whose label starts with it, accents and case
 * aside ("e" finds "Élodie"); current when none does. */
static int choice_jump(enum wfield f, int current, wint_t typed)
{
    uint8_t utf8[8];
    int len = u8_uctomb(utf8, (ucs4_t)typed, (int)sizeof utf8 - 1);
    if (len <= 0)
        return current;
    utf8[len] = '\0';
    char *letter = text_fold((const char *)utf8);
    int n = choice_count(f), found = current;
    for (int step = 1; letter && *letter && step <= n; step++) {
        int i = ((current < 0 ? -1 : current) + step + n) % n;
        char *fold = text_fold(choice_label(f, i));
        bool starts = fold && !strncmp(fold, letter, strlen(letter));
        free(fold);
        if (starts) {
            found = i;
            break;
        }
    }
    free(letter);
    return found;
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
        line_edit_init(&text[i], max[i],
                       i == WF_DURATION || i == WF_CAPACITY || i == WF_DATES || i == WF_EVERY);
    editing_id = 0;
    workshop_clear(&original);
    struct workshop w;
    workshop_init(&w);
    load_choices(app, source);
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
    /* The labels whole: their column is as wide as the longest translated one. */
    int label_w = 0;
    for (int f = 0; f < WF_COUNT; f++) {
        int w = (int)text_width(_(labels[f]));
        label_w = w > label_w ? w : label_w;
    }
    label_w = label_w > COLS / 3 ? COLS / 3 : label_w;
    int y = 3, value_x = label_w + 4, value_w = COLS - value_x - 1;
    int cursor_y = -1;
    for (int f = 0; f < WF_COUNT; f++) {
        if (!shown(f))
            continue;
        bool here = focus == (enum wfield)f;
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, 2, label_w, _(labels[f]), here ? A_BOLD : A_NORMAL);
        if (f == WF_THEMES) {
            int on = vocab_set_count(themes);
            draw_textf(y, value_x, value_w, here ? draw_attr_focus() : A_NORMAL, "< [%s] %s >   (%d)",
                       (themes >> theme_cursor) & 1 ? "x" : " ",
                       vocab_label(VOCAB_THEME, theme_cursor), on);
        } else if (f == WF_LEVEL || choice_of(f)) {
            int chosen = f == WF_LEVEL ? level : choice_of(f)->chosen;
            const char *name = chosen < 0 ? _("not given") : choice_label(f, chosen);
            draw_textf(y, value_x, value_w, here ? draw_attr_focus() : A_NORMAL, "< %s >", name);
        } else if (here)
            cursor_y = y;
        else
            line_edit_draw(&text[f], y, value_x, value_w, false);
        y += 1 + (f == WF_DESCRIPTION);
    }
    if (!editing_id)
        draw_text(y + 1, 2, COLS - 4, _("A series books each date separately."), A_NORMAL);
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
    int v = atoi(line_edit_text(&text[f]));
    if (!*line_edit_text(&text[f]) || v < min || v > max)
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
    char when[64]; /* a date and a time: longer is not one, and is refused whole */
    if (snprintf(when, sizeof when, "%s %s", line_edit_text(&text[WF_DATE]),
                 line_edit_text(&text[WF_TIME])) >= (int)sizeof when)
        when[0] = '\0';
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
    if (!status && (status = text_clean_input(_("Title"), line_edit_text(&text[WF_TITLE]),
                                              WORKSHOP_TITLE_MAX, TEXT_REJECT_CONTROLS, &w.title,
                                              &err)))
        focus = WF_TITLE;
    if (!status && (status = text_clean_input(_("Room"), line_edit_text(&text[WF_ROOM]),
                                              WORKSHOP_ROOM_MAX, TEXT_REJECT_CONTROLS, &w.room,
                                              &err)))
        focus = WF_ROOM;
    if (!status && (status = text_clean_input(_("Description"), line_edit_text(&text[WF_DESCRIPTION]),
                                              WORKSHOP_DESCRIPTION_MAX, TEXT_REJECT_CONTROLS,
                                              &w.description, &err)))
        focus = WF_DESCRIPTION;
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
        /* Borrowed from the choices; the store finds them by name, as the command line does. */
        w.site_name = sites.chosen < 0 ? NULL : sites.names[sites.chosen];
        w.facilitator_name =
            facilitators.chosen < 0 ? NULL : facilitators.names[facilitators.chosen];
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
    if (is_text(focus))
        line_edit_select_all(&text[focus]);
}

void screen_workshop_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    bool refused;
    if (is_text(focus) && line_edit_key(&text[focus], key, &refused)) {
        dirty |= text[focus].changed;
        if (refused)
            app_message(app, true, "%s",
                        text[focus].digits_only ? _("Digits only here.")
                                                : _("That is as long as this field can be."));
        else
            app->message[0] = '\0';
        return;
    }
    int nthemes = (int)vocab_count(VOCAB_THEME), nlevels = (int)vocab_count(VOCAB_LEVEL);
    struct names *names = choice_of(focus);
    if (action == ACT_NONE && !key.function && (focus == WF_LEVEL || names)) {
        int *chosen = names ? &names->chosen : &level;
        int jumped = choice_jump(focus, *chosen, key.code);
        dirty |= jumped != *chosen;
        *chosen = jumped;
        return;
    }
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
        } else if (names) {
            int n = (int)names->n;
            names->chosen = (names->chosen + 1 + step + n + 1) % (n + 1) - 1; /* -1: none */
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
