/* The session form: every theme has a one-key shortcut, Enter saves with sensible defaults, so
 * that a typical session takes three keys from home (n, a theme's letter, Enter). Every other
 * field is reachable with Tab or the arrows and never required. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "strbuf.h"
#include "text.h"

enum field {
    F_THEMES, F_DURATION, F_WHEN, F_DEMARCHES, F_PROCEDURE, F_PLACE, F_MATERIAL, F_AUTONOMY, F_AGE,
    F_STATUS, F_GENDER, F_COMMUNE, F_HELPED, F_ORIENTATION, F_NOTE, F_COUNT
};

/* How each field below the themes is shown and changed. */
enum field_kind { KIND_SINGLE, KIND_MULTI, KIND_TEXT, KIND_COMMUNE, KIND_HELPED };
struct field_spec {
    const char *label; /* msgid */
    enum field_kind kind;
    enum vocab_kind vocab;
    bool optional; /* single choice: "not given" is a value */
};
static const struct field_spec specs[F_COUNT] = {
    [F_THEMES] = {N_("Themes"), KIND_MULTI, VOCAB_THEME, false},
    [F_DURATION] = {N_("Duration"), KIND_TEXT, 0, false},
    [F_WHEN] = {N_("Date and time"), KIND_TEXT, 0, false},
    [F_DEMARCHES] = {N_("Procedures"), KIND_MULTI, VOCAB_DEMARCHE, false},
    [F_PROCEDURE] = {N_("Procedure name"), KIND_TEXT, 0, false},
    [F_PLACE] = {N_("Place"), KIND_SINGLE, VOCAB_PLACE, false},
    [F_MATERIAL] = {N_("Devices"), KIND_MULTI, VOCAB_MATERIAL, false},
    [F_AUTONOMY] = {N_("Autonomy"), KIND_SINGLE, VOCAB_AUTONOMY, true},
    [F_AGE] = {N_("Age"), KIND_SINGLE, VOCAB_AGE, true},
    [F_STATUS] = {N_("Status"), KIND_SINGLE, VOCAB_STATUS, true},
    [F_GENDER] = {N_("Gender"), KIND_SINGLE, VOCAB_GENDER, true},
    [F_COMMUNE] = {N_("Commune"), KIND_COMMUNE, 0, false},
    [F_HELPED] = {N_("Already helped"), KIND_HELPED, 0, false},
    [F_ORIENTATION] = {N_("Oriented to"), KIND_SINGLE, VOCAB_ORIENTATION, true},
    [F_NOTE] = {N_("Note"), KIND_TEXT, 0, false},
};

#define THEME_ROWS 10
#define FIELDS_TOP (2 + THEME_ROWS)

static struct help_session draft; /* codes and sets; texts live in the line edits below */
static struct line_edit duration, procedure, note;
/* When the session took place: now by default, earlier for one logged at the end of the day. */
static struct line_edit when;
#define WHEN_MAX_CHARS 24
static enum field focus;
static int cursor[F_COUNT]; /* option under the cursor in multiple-choice fields */
static bool dirty;
static int64_t editing_id;  /* 0 for a new session */
static int64_t appointment; /* the appointment the new session keeps (0: none) */
/* A session corrected keeps who logged it and where (owned; NULL when it had none): the desk
 * correcting it goes to the audit log, not into the session. */
static char *editing_operator, *editing_site;
static int first_field;     /* scrolling of the field list */
static struct commune_field commune; /* the commune of residence; draft.residence stays empty */

bool screen_form_dirty(void)
{
    return dirty;
}

static bool demarches_shown(void)
{
    return (draft.themes >> vocab_theme_demarches()) & 1;
}

static bool field_shown(enum field f)
{
    return (f != F_DEMARCHES && f != F_PROCEDURE) || demarches_shown();
}

static int *single_value(enum field f)
{
    switch (f) {
    case F_PLACE: return &draft.place;
    case F_AUTONOMY: return &draft.autonomy;
    case F_AGE: return &draft.age;
    case F_STATUS: return &draft.status;
    case F_GENDER: return &draft.gender;
    case F_ORIENTATION: return &draft.orientation;
    default: return NULL;
    }
}

static vocab_set *multi_value(enum field f)
{
    switch (f) {
    case F_THEMES: return &draft.themes;
    case F_DEMARCHES: return &draft.demarches;
    case F_MATERIAL: return &draft.materials;
    default: return NULL;
    }
}

static struct line_edit *text_field(enum field f)
{
    switch (f) {
    case F_DURATION: return &duration;
    case F_WHEN: return &when;
    case F_PROCEDURE: return &procedure;
    case F_NOTE: return &note;
    default: return NULL;
    }
}

/* The duration most used at this desk over the last 90 days, else 15 minutes. */
static int default_duration(struct app *app)
{
    int minutes = 0;
    char since[DATE_TEXT_SIZE];
    clock_today_text(-90, since);
    struct gu_error err;
    if (store_most_used_duration(app->st, app->site_id, since, &minutes, &err))
        app_error(app, &err);
    return minutes > 0 ? minutes : SESSION_DURATION_DEFAULT;
}

void screen_form_open_for_appointment(struct app *app, const struct help_session *source,
                                      int64_t appointment_id)
{
    screen_form_open(app, source);
    appointment = appointment_id;
}

void screen_form_open(struct app *app, const struct help_session *source)
{
    appointment = 0;
    session_init(&draft);
    char minutes[16];
    line_edit_init(&duration, 4, true);
    duration.max_value = SESSION_DURATION_MAX; /* a longer duration is refused as it is typed */
    line_edit_init(&procedure, SESSION_PROCEDURE_MAX, false);
    line_edit_init(&note, SESSION_NOTE_MAX, false);
    line_edit_init(&when, WHEN_MAX_CHARS, false);
    editing_id = 0;
    free(editing_operator);
    free(editing_site);
    editing_operator = editing_site = NULL;
    if (source) {
        editing_operator = source->operator_name ? strdup(source->operator_name) : NULL;
        editing_site = source->site_name ? strdup(source->site_name) : NULL;
        draft = *source;
        draft.procedure = draft.note = draft.operator_name = draft.site_name = NULL;
        draft.residence = (struct residence){0}; /* held by the commune field */
        line_edit_set(&procedure, source->procedure);
        line_edit_set(&note, source->note);
        editing_id = source->id;
        snprintf(minutes, sizeof minutes, "%d", source->duration_min);
    } else
        snprintf(minutes, sizeof minutes, "%d", default_duration(app));
    line_edit_set(&duration, minutes);
    commune_field_open(&commune, app, source ? &source->residence : NULL);
    char at[64];
    i18n_format_datetime_short(at, sizeof at, &draft.at); /* now, or the session's own time */
    line_edit_set(&when, at);
    focus = F_THEMES;
    memset(cursor, 0, sizeof cursor);
    first_field = 0;
    dirty = false;
    app->screen = SCREEN_FORM;
}

/* ---- drawing --------------------------------------------------------------------------- */

static void draw_themes(void)
{
    int col_width = COLS / 2;
    for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++) {
        int y = 2 + i % THEME_ROWS, x = (i / THEME_ROWS) * col_width;
        bool on = (draft.themes >> i) & 1;
        bool here = focus == F_THEMES && cursor[F_THEMES] == i;
        char key[2] = {vocab_key(VOCAB_THEME, i), '\0'};
        /* "[x] e Label": at 80 columns the longest French label just fits on the right. */
        int label_w = (x + col_width >= COLS ? COLS - x : col_width - 1) - 6;
        draw_text(y, x, 3, on ? "[x]" : "[ ]", on ? A_BOLD : A_NORMAL);
        draw_text(y, x + 4, 1, key, A_UNDERLINE | A_BOLD);
        draw_text(y, x + 6, label_w, vocab_label(VOCAB_THEME, i),
                  here ? draw_attr_focus() : on ? A_BOLD : A_NORMAL);
    }
}

static const char *single_label(enum field f, int value)
{
    if (value != VOCAB_NONE)
        return vocab_label(specs[f].vocab, value);
    return f == F_ORIENTATION ? _("No") : _("not given");
}

static void draw_single(enum field f, int y, int x, int width)
{
    draw_textf(y, x, width, focus == f ? draw_attr_focus() : A_NORMAL, "< %s >",
               single_label(f, *single_value(f)));
}

/* The width an option takes: "[x] Label" and two spaces after it. */
static int option_width(enum vocab_kind kind, int i)
{
    return 4 + (int)text_width(vocab_label(kind, i)) + 2;
}

/* Options in a row, each whole, starting so that the cursor's option is visible; "…" says that
 * more options are before or after those shown. */
static void draw_multi(enum field f, int y, int x, int width)
{
    enum vocab_kind kind = specs[f].vocab;
    vocab_set set = *multi_value(f);
    int n = (int)vocab_count(kind), start = 0;
    /* The first option shown: the earliest from which the cursor's option fits, with the
     * marks of what is hidden before and after. */
    for (; start < cursor[f]; start++) {
        int w = start > 0 ? 2 : 0;
        for (int i = start; i <= cursor[f] && i < n; i++)
            w += option_width(kind, i);
        if (w - 2 + (cursor[f] < n - 1 ? 3 : 0) <= width)
            break;
    }
    int used = 0;
    if (start > 0) {
        draw_text(y, x, 2, "…", A_NORMAL);
        used = 2;
    }
    for (int i = start; i < n; i++) {
        int w = option_width(kind, i) - 2;
        bool last = i == n - 1;
        /* Room for this option, and for the "…" of those after it unless it is the last. */
        if (used + w + (last ? 0 : 3) > width) {
            draw_text(y, x + used, 1, "…", A_NORMAL);
            break;
        }
        bool on = (set >> i) & 1;
        draw_textf(y, x + used, w,
                   focus == f && cursor[f] == i ? draw_attr_focus() : on ? A_BOLD : A_NORMAL,
                   "[%s] %s", on ? "x" : " ", vocab_label(kind, i));
        used += w + 2;
    }
}

/* The labels' column: as wide as the longest label, so that none is cut. */
static int label_width(void)
{
    int w = 0;
    for (int f = F_DURATION; f < F_COUNT; f++) {
        int lw = (int)text_width(_(specs[f].label));
        w = lw > w ? lw : w;
    }
    return w > COLS / 3 ? COLS / 3 : w;
}

void screen_form_draw(struct app *app)
{
    char title[128];
    if (editing_id)
        snprintf(title, sizeof title, _("Edit session No. %lld"), (long long)editing_id);
    else
        snprintf(title, sizeof title, "%s", _("New session"));
    draw_title(app, title);
    /* One line under the title: the warning while the note is typed, else the keys. */
    if (focus == F_NOTE)
        draw_text(1, 1, COLS - 2,
                  _("Personal data: no health details, no opinion about the person; they may ask "
                    "to see this note."),
                  draw_attr_error());
    else
        draw_text(1, 1, COLS - 2,
                  _("Press a theme's letter to tick it, 1-6 for a duration; Enter saves."),
                  A_NORMAL);
    draw_themes();

    int rows = LINES - 2 - FIELDS_TOP;
    int shown[F_COUNT], nshown = 0, focus_pos = 0;
    for (int f = F_DURATION; f < F_COUNT; f++)
        if (field_shown(f)) {
            if (f == (int)focus)
                focus_pos = nshown;
            shown[nshown++] = f;
        }
    if (focus != F_THEMES) {
        if (focus_pos < first_field)
            first_field = focus_pos;
        if (focus_pos >= first_field + rows)
            first_field = focus_pos - rows + 1;
    }
    if (first_field > nshown - rows)
        first_field = nshown - rows > 0 ? nshown - rows : 0;

    int label_w = label_width(), value_x = label_w + 3, value_w = COLS - value_x - 1;
    enum field cursor_field = F_COUNT;
    for (int i = first_field; i < nshown && i - first_field < rows; i++) {
        enum field f = shown[i];
        int y = FIELDS_TOP + i - first_field;
        draw_text(y, 0, 2, focus == f ? ">" : "", A_BOLD);
        draw_text(y, 2, label_w, _(specs[f].label), focus == f ? A_BOLD : A_NORMAL);
        switch (specs[f].kind) {
        case KIND_SINGLE: draw_single(f, y, value_x, value_w); break;
        case KIND_MULTI: draw_multi(f, y, value_x, value_w); break;
        case KIND_HELPED:
            draw_textf(y, value_x, value_w, focus == f ? draw_attr_focus() : A_NORMAL, "< %s >",
                       already_helped_label(draft.already_helped));
            break;
        case KIND_COMMUNE:
            commune_field_draw(&commune, y, value_x, value_w, false);
            if (focus == f)
                cursor_field = f;
            break;
        case KIND_TEXT:
            if (f == F_DURATION) {
                line_edit_draw(&duration, y, value_x, 6, false);
                draw_text(y, value_x + 7, value_w - 7,
                          _("min   presets: 1=15  2=30  3=45  4=60  5=90  6=120"), A_NORMAL);
            } else if (f == F_WHEN) {
                line_edit_draw(&when, y, value_x, WHEN_MAX_CHARS, false);
                draw_text(y, value_x + WHEN_MAX_CHARS + 1, value_w - WHEN_MAX_CHARS - 1,
                          _("earlier for a session logged later"), A_NORMAL);
            } else
                line_edit_draw(text_field(f), y, value_x, value_w, false);
            if (focus == f)
                cursor_field = f;
            break;
        }
    }
    /* The focused text field is drawn last so that the terminal cursor stays in it. */
    for (int i = first_field; cursor_field != F_COUNT && i < nshown; i++)
        if (shown[i] == (int)cursor_field && cursor_field == F_COMMUNE)
            commune_field_draw(&commune, FIELDS_TOP + i - first_field, value_x, value_w, true);
        else if (shown[i] == (int)cursor_field)
            line_edit_draw(text_field(cursor_field), FIELDS_TOP + i - first_field, value_x,
                           cursor_field == F_DURATION ? 6
                           : cursor_field == F_WHEN   ? WHEN_MAX_CHARS
                                                      : value_w,
                           true);
}

/* ---- keys -------------------------------------------------------------------------------- */

static void move_focus(int step)
{
    int f = (int)focus;
    do
        f = (f + step + F_COUNT) % F_COUNT;
    while (!field_shown(f));
    focus = f;
    if (text_field(focus)) /* entered: typing replaces what it holds */
        line_edit_select_all(text_field(focus));
    if (focus == F_COMMUNE)
        line_edit_select_all(&commune.edit);
}

static void change_single(enum field f, int step)
{
    int *v = single_value(f);
    int n = (int)vocab_count(specs[f].vocab);
    int lowest = specs[f].optional ? VOCAB_NONE : 0;
    int span = n - lowest;
    *v = ((*v - lowest + step) % span + span) % span + lowest;
    if (f == F_ORIENTATION)
        draft.oriented = *v != VOCAB_NONE;
    dirty = true;
}

/* Not given, no, yes, in a circle. */
static void change_helped(int step)
{
    draft.already_helped = (enum already_helped)(((int)draft.already_helped + step + 3) % 3);
    dirty = true;
}

static void toggle_multi(enum field f, int option)
{
    *multi_value(f) ^= (vocab_set)1 << option;
    if (f == F_THEMES && !demarches_shown()) {
        draft.demarches = 0; /* they go with the procedures theme only */
        line_edit_release(&procedure);
    }
    dirty = true;
}

/* Back to where the form was opened from. */
static void form_close(struct app *app)
{
    if (editing_id) /* the history as it was left, the session still selected */
        screen_history_return(app);
    else if (appointment) /* the agenda, the appointment kept off it */
        app_show(app, SCREEN_AGENDA);
    else
        app_show(app, SCREEN_HOME);
}

/* The date and time typed, into *at; false, said on the message line with the focus on the
 * field, when it is not one or is in the future. */
static bool form_read_when(struct app *app, struct gu_datetime *at)
{
    struct gu_error err;
    struct gu_datetime now = clock_now();
    if (session_parse_when(_("Date and time"), line_edit_text(&when), now.year, at, &err)) {
        focus = F_WHEN;
        app_error(app, &err);
        return false;
    }
    if (datetime_compare(at, &now) > 0) {
        char typed[64], current[64];
        i18n_format_datetime_short(typed, sizeof typed, at);
        i18n_format_datetime_short(current, sizeof current, &now);
        focus = F_WHEN;
        app_message(app, true,
                    _("%s is in the future (it is %s now): a session is logged once it has taken "
                      "place."),
                    typed, current);
        return false;
    }
    return true;
}

/* Saves the form; returns the session's number, or 0 when it was not saved (the form stays). */
static int64_t form_save(struct app *app)
{
    struct gu_error err;
    struct help_session s = draft;
    s.procedure = s.note = NULL;
    /* a correction keeps its session's operator and site; an appointment kept is its
     * operator's and site's, as on the command line */
    s.operator_name = editing_id || appointment ? editing_operator : app->operator_name;
    s.site_name = editing_id || appointment ? editing_site : app->site_name;
    int status = session_parse_duration(_("Duration"), line_edit_text(&duration), &s.duration_min, &err);
    if (status) {
        focus = F_DURATION;
        app_error(app, &err);
        return 0;
    }
    if (!form_read_when(app, &s.at))
        return 0;
    if (text_clean_input(_("Procedure name"), line_edit_text(&procedure), SESSION_PROCEDURE_MAX,
                         TEXT_REJECT_CONTROLS, &s.procedure, &err) ||
        text_clean_input(_("Note"), line_edit_text(&note), SESSION_NOTE_MAX, TEXT_REJECT_CONTROLS, &s.note,
                         &err)) {
        focus = s.procedure ? F_NOTE : F_PROCEDURE; /* the field refused gets the focus */
        app_error(app, &err);
        goto out;
    }
    if (s.procedure && !*s.procedure) {
        free(s.procedure);
        s.procedure = NULL;
    }
    if (s.note && !*s.note) {
        free(s.note);
        s.note = NULL;
    }
    if (commune_field_value(&commune, &s.residence, &err)) {
        focus = F_COMMUNE;
        app_error(app, &err);
        goto out;
    }
    if (session_validate(&s, &err)) {
        app_error(app, &err);
        if (!s.themes)
            focus = F_THEMES;
        goto out;
    }
    int64_t id = editing_id;
    if (editing_id) {
        s.id = editing_id;
        status = store_update_session(app->st, &s, app->operator_id, &err);
    } else if (appointment) /* the session and the appointment kept, together */
        status = store_set_appointment_status(app->st, appointment, APPOINTMENT_DONE, &s,
                                              app->operator_id, &id, &err);
    else
        status = store_add_sessions(app->st, &s, 1, &id, &err);
    if (status) { /* the form stays as typed, to be saved once the problem is fixed */
        app_error(app, &err);
        goto out;
    }
    app->data_version = store_data_version(app->st);
    dirty = false;
    form_close(app);
    if (editing_id)
        app_message(app, false, _("Session No. %lld corrected."), (long long)id);
    else {
        long mine = 0;
        char day[DATE_TEXT_SIZE], saved_day[DATE_TEXT_SIZE];
        clock_today_text(0, day);
        date_format(s.at.year, s.at.month, s.at.day, saved_day);
        store_count_sessions(app->st, day, app->operator_id, app->site_id, &mine, &err);
        if (strcmp(saved_day, day) != 0) { /* logged later: say which day it counts on */
            char on[64];
            i18n_format_date_long(on, sizeof on, s.at.year, s.at.month, s.at.day);
            app_message(app, false, _("Session No. %lld saved on %s."), (long long)id, on);
        } else
            app_message(app, false,
                        ngettext("Session No. %lld saved: %ld today for you.",
                                 "Session No. %lld saved: %ld today for you.", (unsigned long)mine),
                        (long long)id, mine);
    }
    free(s.procedure);
    free(s.note);
    residence_clear(&s.residence);
    return id;
out:
    free(s.procedure);
    free(s.note);
    residence_clear(&s.residence);
    return 0;
}

void screen_form_tick_theme(int theme)
{
    draft.themes |= (vocab_set)1 << theme;
    cursor[F_THEMES] = theme;
}

static void form_leave(struct app *app, bool quit)
{
    const char *question = quit ? _("Quit and lose the session being typed?")
                                : _("Discard the session being typed?");
    if (dirty && !app_confirm(app, question))
        return;
    dirty = false;
    if (quit)
        app->quit = true;
    else {
        app->message[0] = '\0'; /* a refusal spoke of the form just discarded */
        form_close(app);
    }
}

/* Keys typed into the focused text field. True when used. */
static bool form_type(struct app *app, struct ui_key key)
{
    struct line_edit *e = focus == F_COMMUNE ? &commune.edit : text_field(focus);
    bool refused;
    if (!e || !line_edit_key(e, key, &refused)) /* Tab, Enter, Esc, Up, Down: the form's */
        return false;
    if (e == &commune.edit && e->changed)
        commune_field_typed(&commune);
    if (refused)
        app_message(app, true, "%s",
                    focus == F_DURATION ? _("The duration is a whole number of minutes, 1 to 1440.")
                                        : _("That is as long as this field can be."));
    else if (e->changed) {
        dirty = true;
        app->message[0] = '\0';
    }
    return true;
}

/* On a list other than the themes, a letter goes to the next value whose label (as shown,
 * accents and case ignored) starts with it; true when it was one of its labels' letters. */
static bool jump_to_letter(enum field f, wint_t letter)
{
    enum field_kind kind = specs[f].kind;
    if (f == F_THEMES || (kind != KIND_SINGLE && kind != KIND_MULTI) || letter >= 128 ||
        !((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z')))
        return false;
    int n = (int)vocab_count(specs[f].vocab), from = kind == KIND_SINGLE ? *single_value(f)
                                                                        : cursor[f];
    char wanted = (char)(letter | 0x20);
    for (int step = 1; step <= n; step++) {
        int i = ((from < 0 ? -1 : from) + step) % n;
        char *folded = text_fold(_(vocab_label(specs[f].vocab, i)));
        bool starts = folded && folded[0] == wanted;
        free(folded);
        if (!starts)
            continue;
        if (kind == KIND_SINGLE) {
            *single_value(f) = i;
            if (f == F_ORIENTATION)
                draft.oriented = true;
            dirty = true;
        } else
            cursor[f] = i;
        return true;
    }
    return false;
}

void screen_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (form_type(app, key))
        return;
    /* "Already helped": one key says it, y or o (oui) for yes, n for no. */
    if (focus == F_HELPED && !key.function && key.code < 128 &&
        strchr("yYoOnN", (int)key.code) && key.code) {
        draft.already_helped = (key.code | 0x20) == 'n' ? HELPED_NO : HELPED_YES;
        dirty = true;
        app->message[0] = '\0';
        return;
    }
    /* A letter on another list chooses there (it never ticks a theme unseen). */
    if (!key.function && focus != F_THEMES && specs[focus].kind != KIND_TEXT &&
        specs[focus].kind != KIND_HELPED &&
        focus != F_DURATION && key.code < 128 && ((key.code | 0x20) >= 'a' && (key.code | 0x20) <= 'z')) {
        char typed[2] = {(char)key.code, '\0'};
        if (!jump_to_letter(focus, key.code))
            app_message(app, true, _("No value starts with \"%s\"."), typed);
        else
            app->message[0] = '\0';
        return;
    }
    if (!key.function && key.code < 128) {
        for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++)
            if (vocab_key(VOCAB_THEME, i) == (char)key.code) {
                toggle_multi(F_THEMES, i);
                cursor[F_THEMES] = i;
                app->message[0] = '\0';
                return;
            }
        if (key.code >= '1' && key.code <= '6') {
            char minutes[16];
            snprintf(minutes, sizeof minutes, "%d", session_duration_presets[key.code - '1']);
            line_edit_set(&duration, minutes);
            dirty = true;
            return;
        }
    }
    enum field_kind kind = specs[focus].kind;
    int n = focus == F_DURATION || kind == KIND_TEXT || kind == KIND_COMMUNE || kind == KIND_HELPED
                ? 0
                : (int)vocab_count(specs[focus].vocab);
    switch (action) {
    case ACT_REUSE:
        if (commune_field_reuse(&commune)) {
            focus = F_COMMUNE;
            dirty = true;
            app->message[0] = '\0';
        } else
            app_message(app, true, "%s", _("No commune was given with a session at this desk yet."));
        break;
    case ACT_PAGE_DOWN:
    case ACT_PAGE_UP:
        if (focus == F_COMMUNE)
            commune_field_step(&commune, action == ACT_PAGE_DOWN ? 1 : -1);
        break;
    case ACT_SAVE: form_save(app); break;
    case ACT_ORIENT: {
        /* The session is saved first, so that the referral can name it. */
        int64_t id = form_save(app);
        if (id)
            screen_orient_open(app, id);
        break;
    }
    case ACT_CANCEL: form_leave(app, false); break;
    case ACT_QUIT: form_leave(app, true); break;
    case ACT_NEXT_FIELD: move_focus(1); break;
    case ACT_PREV_FIELD: move_focus(-1); break;
    case ACT_VALUE_NEXT:
    case ACT_VALUE_PREV: {
        int step = action == ACT_VALUE_NEXT ? 1 : -1;
        if (kind == KIND_SINGLE)
            change_single(focus, step);
        else if (kind == KIND_MULTI)
            cursor[focus] = (cursor[focus] + step + n) % n;
        else if (kind == KIND_HELPED)
            change_helped(step);
        break;
    }
    case ACT_TOGGLE:
        if (kind == KIND_HELPED)
            change_helped(1);
        else if (kind == KIND_MULTI)
            toggle_multi(focus, cursor[focus]);
        else if (kind == KIND_SINGLE)
            change_single(focus, 1);
        break;
    case ACT_HELP: {
        struct strbuf extra = STRBUF_INIT; /* every theme's letter, however long the labels */
        for (int i = 0; i < (int)vocab_count(VOCAB_THEME); i++)
            strbuf_printf(&extra, "%s%c %s", i ? " · " : "", vocab_key(VOCAB_THEME, i),
                          vocab_label(VOCAB_THEME, i));
        app_help(app, strbuf_str(&extra));
        strbuf_release(&extra);
        break;
    }
    default: break;
    }
}
