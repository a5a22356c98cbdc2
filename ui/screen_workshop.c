/* One workshop: its details and registrations; booking (known people are offered as the name is
 * typed, so that nobody is entered twice), cancelling a registration (and whom to call), joining
 * another record of the same person into the selected one, taking attendance, cancelling the
 * workshop. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "person.h"
#include "strbuf.h"
#include "print.h"
#include "sheet.h"
#include "text.h"

#define SUGGESTIONS_MAX 5
/* Records of the same name offered for a merge: the search looks at more, as a name's words
 * also start other names. */
#define CANDIDATES_MAX 50
#define CANDIDATES_SEARCHED 500
#define CANDIDATES_SHOWN 5

enum mode { MODE_VIEW, MODE_BOOKING, MODE_ATTENDANCE, MODE_MERGE };

struct reg {
    int64_t id, participant_id;
    int state, pending; /* VOCAB_REGISTRATION_STATE indexes */
    enum registration_notice notice;
    char *name, *phone;
};

struct suggestion {
    int64_t id;
    char *name, *phone, *email;
};

static int64_t workshop_id;
static struct workshop w;
static bool loaded;
static struct reg *regs; /* owned: every registration, the whole waitlist too */
static size_t nregs, regs_cap, selected, top;
static enum mode mode;
static struct line_edit fields[3]; /* name, phone, e-mail */
/* Then the commune of residence and "already helped" (fields 3 and 4). */
#define BOOKING_FIELDS 5
static struct commune_field booking_commune;
static enum already_helped booking_helped;
static int field;
static struct suggestion suggestions[SUGGESTIONS_MAX];
static int nsuggestions, suggestion = -1;
static int walk_ins;

/* The merge chooser: the selected registration's person (kept), and the other records with the
 * same folded name, copied so that a reload (another desk writing) leaves the choice alone. */
struct candidate {
    int64_t id;
    char *name, *phone, *email; /* phone as the desk reads it */
};
static int64_t keep_id;
static char *keep_name, *keep_fold;
static struct candidate *candidates;
static size_t ncandidates, candidates_cap, candidate, candidate_top;

static int state(const char *code)
{
    return vocab_find(VOCAB_REGISTRATION_STATE, code);
}

static void regs_clear(void)
{
    for (size_t i = 0; i < nregs; i++) {
        free(regs[i].name);
        free(regs[i].phone);
    }
    nregs = 0;
}

static void suggestions_clear(void)
{
    for (int i = 0; i < nsuggestions; i++) {
        free(suggestions[i].name);
        free(suggestions[i].phone);
        free(suggestions[i].email);
    }
    nsuggestions = 0;
    suggestion = -1;
}

static int collect_reg(const struct registration_row *r, void *ctx)
{
    (void)ctx;
    if (!array_reserve(&regs, &regs_cap, nregs, sizeof *regs, 64))
        return GU_FAILURE;
    regs[nregs] = (struct reg){r->id, r->participant_id, r->state, r->state, r->notice,
                               strdup(r->name ? r->name : ""), person_phone_for_display(r->phone)};
    nregs++;
    return GU_OK;
}

/* Present by default while attendance is taken: a booked seat holder came. */
static int attendance_default(int current)
{
    return current == state("booked") ? state("attended") : current;
}

/* Attendance being taken keeps its marks through a reload (another desk's write, the day's
 * purge ending in its own process): each registration still listed keeps its mark, a new one
 * gets the default. */
void screen_workshop_reload(struct app *app)
{
    struct gu_error err;
    struct kept { int64_t id; int pending; } *kept = NULL;
    size_t nkept = 0;
    if (mode == MODE_ATTENDANCE && nregs && (kept = calloc(nregs, sizeof *kept)))
        for (size_t i = 0; i < nregs; i++)
            kept[nkept++] = (struct kept){regs[i].id, regs[i].pending};
    if (loaded)
        workshop_clear(&w);
    regs_clear();
    if (store_get_workshop(app->st, workshop_id, &w, &loaded, &err) ||
        store_list_registrations(app->st, workshop_id, collect_reg, NULL, &err))
        app_error(app, &err);
    for (size_t i = 0; mode == MODE_ATTENDANCE && i < nregs; i++) {
        regs[i].pending = attendance_default(regs[i].state);
        for (size_t k = 0; k < nkept; k++)
            if (kept[k].id == regs[i].id)
                regs[i].pending = kept[k].pending;
    }
    free(kept);
    if (selected >= nregs)
        selected = nregs ? nregs - 1 : 0;
}

static void candidates_clear(void)
{
    for (size_t i = 0; i < ncandidates; i++) {
        free(candidates[i].name);
        free(candidates[i].phone);
        free(candidates[i].email);
    }
    ncandidates = candidate = candidate_top = 0;
    free(keep_name);
    free(keep_fold);
    keep_name = keep_fold = NULL;
    keep_id = 0;
}

void screen_workshop_open(struct app *app, int64_t id)
{
    workshop_id = id;
    selected = top = 0;
    mode = MODE_VIEW;
    candidates_clear();
    app->screen = SCREEN_WORKSHOP;
    screen_workshop_reload(app);
}

static bool started(void)
{
    struct gu_datetime now = clock_now();
    return datetime_compare(&w.at, &now) <= 0;
}

/* Seat holders: the people attendance is about. */
static bool holds_seat(const struct reg *r)
{
    return r->state == state("booked") || r->state == state("attended") ||
           r->state == state("absent") || r->state == state("excused");
}

static void draw_header(void)
{
    char date[64], start[32], end[32];
    i18n_format_date_long(date, sizeof date, w.at.year, w.at.month, w.at.day);
    i18n_format_time(start, sizeof start, w.at.hour, w.at.minute);
    int end_min = w.at.hour * 60 + w.at.minute + w.duration_min;
    i18n_format_time(end, sizeof end, (end_min / 60) % 24, end_min % 60);
    draw_textf(2, 2, COLS - 4, A_BOLD, _("%1$s, %2$s to %3$s"), date, start, end);
    draw_textf(3, 2, COLS - 4, A_NORMAL, "%s%s%s%s%s", w.site_name ? w.site_name : "",
               w.room ? ", " : "", w.room ? w.room : "", w.facilitator_name ? " · " : "",
               w.facilitator_name ? w.facilitator_name : "");
    struct strbuf line = STRBUF_INIT;
    if (w.level != VOCAB_NONE)
        strbuf_puts(&line, vocab_label(VOCAB_LEVEL, w.level));
    vocab_set set = w.themes;
    for (int i = 0; set; i++, set >>= 1)
        if (set & 1)
            strbuf_printf(&line, "%s%s", line.len ? " · " : "", vocab_label(VOCAB_THEME, i));
    draw_text(4, 2, COLS - 4, strbuf_str(&line), A_NORMAL);
    strbuf_release(&line);
    char taken[48];
    workshop_format_seats(&w, taken, sizeof taken);
    if (w.status == workshop_status("held"))
        draw_textf(5, 2, COLS - 4, A_BOLD, _("Seats: %s · walk-ins: %d · %s"), taken, w.walk_ins,
                   vocab_label(VOCAB_WORKSHOP_STATUS, w.status));
    else
        draw_textf(5, 2, COLS - 4, A_BOLD, _("Seats: %s · waiting: %d · %s"), taken, w.waitlisted,
                   vocab_label(VOCAB_WORKSHOP_STATUS, w.status));
    if (mode == MODE_ATTENDANCE)
        draw_textf(6, 2, COLS - 4, draw_attr_focus(), _("Walk-ins (no booking): %d"), walk_ins);
}

/* The state of registration i as the list says it: "Waitlisted (2)", with "to tell" or "told"
 * when the workshop was cancelled or reopened. position: its place on the waitlist. */
static void reg_state(const struct reg *r, int position, char *st, size_t size)
{
    int shown = mode == MODE_ATTENDANCE ? r->pending : r->state;
    if (r->state == state("waitlisted") && mode != MODE_ATTENDANCE)
        snprintf(st, size, _("Waitlisted (%d)"), position);
    else
        snprintf(st, size, "%s", vocab_label(VOCAB_REGISTRATION_STATE, shown));
    /* Whether they know: the call list shows those still to tell. */
    bool expected = r->state == state("booked") || r->state == state("waitlisted");
    if (r->notice != NOTICE_NONE && expected) {
        size_t used = strlen(st);
        snprintf(st + used, size - used, " · %s",
                 r->notice == NOTICE_TOLD ? _("told") : _("to tell"));
    }
}

/* The columns of the registrations and of the records to merge: number, name, phone, and the
 * state or the e-mail, as wide as what they hold. */
static struct draw_column reg_cols[4];

static void measure_people(const char *last_heading, bool candidates_too)
{
    const char *headings[4] = {_("No."), _("Name"), _("Phone"), last_heading};
    for (int i = 0; i < 4; i++) {
        reg_cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 1 ? 16 : 0};
        draw_column_want(&reg_cols[i], headings[i]);
    }
    int position = 0;
    for (size_t i = 0; i < nregs; i++) {
        char num[32], st[160];
        position += regs[i].state == state("waitlisted");
        snprintf(num, sizeof num, "%lld", (long long)regs[i].id);
        reg_state(&regs[i], position, st, sizeof st);
        draw_column_want(&reg_cols[0], num);
        draw_column_want(&reg_cols[1], regs[i].name);
        draw_column_want(&reg_cols[2], regs[i].phone);
        if (!candidates_too)
            draw_column_want(&reg_cols[3], st);
    }
    for (size_t i = 0; candidates_too && i < ncandidates; i++) {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)candidates[i].id);
        draw_column_want(&reg_cols[0], num);
        draw_column_want(&reg_cols[1], candidates[i].name);
        draw_column_want(&reg_cols[2], candidates[i].phone);
        draw_column_want(&reg_cols[3], candidates[i].email);
    }
    reg_cols[0].min = reg_cols[0].want;
    reg_cols[2].min = reg_cols[2].want;
    draw_columns_fit(reg_cols, 4, 2, COLS - 3);
}

static void draw_people_headings(int y, const char *last_heading)
{
    const char *headings[4] = {_("No."), _("Name"), _("Phone"), last_heading};
    for (int i = 0; i < 4; i++)
        draw_text(y, reg_cols[i].x, reg_cols[i].width, headings[i], A_UNDERLINE);
}

static void draw_registrations(int y, int bottom)
{
    draw_people_headings(y++, _("State"));
    if (!nregs)
        draw_text(y, 2, COLS - 4, _("Nobody registered yet. Press b to book."), A_NORMAL);
    int visible = bottom - y;
    if (selected < top)
        top = selected;
    if (visible > 0 && selected >= top + (size_t)visible)
        top = selected - (size_t)visible + 1;
    int position = 0;
    for (size_t i = 0; i < nregs; i++) {
        const struct reg *r = &regs[i];
        if (r->state == state("waitlisted"))
            position++;
        if (i < top || y >= bottom)
            continue;
        bool here = i == selected && mode != MODE_BOOKING;
        unsigned attr = here ? draw_attr_focus() : A_NORMAL;
        char num[32], st[160];
        snprintf(num, sizeof num, "%lld", (long long)r->id);
        reg_state(r, position, st, sizeof st);
        draw_text(y, 0, COLS, "", attr);
        /* While a record to merge is chosen below, the kept one stays lit, without the cursor. */
        draw_text(y, 0, 2, here && mode != MODE_MERGE ? ">" : "", A_BOLD);
        draw_text(y, reg_cols[0].x, reg_cols[0].width, num, attr);
        draw_text(y, reg_cols[1].x, reg_cols[1].width, r->name, attr);
        draw_text(y, reg_cols[2].x, reg_cols[2].width, r->phone, attr);
        draw_text(y++, reg_cols[3].x, reg_cols[3].width, st,
                  attr | (mode == MODE_ATTENDANCE ? A_BOLD : 0));
    }
}

/* Lines the booking takes under the registrations: its sentence (two lines when it needs them)
 * and the three fields. */
static int booking_rows(void)
{
    int n;
    char **lines = draw_wrap(_("Book: type the name; known people appear below (arrows to "
                               "choose), Enter books, Esc stops."),
                             COLS - 2, &n);
    draw_wrap_free(lines, n);
    return (n > 1 ? 2 : 1) + BOOKING_FIELDS;
}

static void draw_booking(int y)
{
    static const char *const labels[BOOKING_FIELDS] = {N_("Name:"), N_("Phone:"), N_("E-mail:"),
                                                       N_("Commune:"), N_("Already helped:")};
    y += draw_text_wrapped(y, 1, COLS - 2, 2,
                           _("Book: type the name; known people appear below (arrows to "
                             "choose), Enter books, Esc stops."),
                           A_BOLD);
    int label_w = 0;
    for (int i = 0; i < BOOKING_FIELDS; i++) {
        int lw = (int)text_width(_(labels[i]));
        label_w = lw > label_w ? lw : label_w;
    }
    int field_x = 2 + label_w + 1, field_w = 28, list_x = field_x + field_w + 2;
    for (int i = 0; i < 3; i++) {
        draw_text(y + i, 2, label_w, _(labels[i]), i == field ? A_BOLD : A_NORMAL);
        if (i != field)
            line_edit_draw(&fields[i], y + i, field_x, field_w, false);
    }
    for (int i = 0; i < nsuggestions; i++)
        draw_textf(y + i, list_x, COLS - list_x - 1, i == suggestion ? draw_attr_focus() : A_NORMAL,
                   "%s  %s  %s", suggestions[i].name,
                   suggestions[i].phone ? suggestions[i].phone : "",
                   suggestions[i].email ? suggestions[i].email : "");
    for (int i = 3; i < BOOKING_FIELDS; i++)
        draw_text(y + i, 2, label_w, _(labels[i]), i == field ? A_BOLD : A_NORMAL);
    /* Known people listed while the name is typed take these lines' right-hand side. */
    if (field != 0 || nsuggestions <= 3)
        commune_field_draw(&booking_commune, y + 3, field_x, COLS - field_x - 1, field == 3);
    draw_textf(y + 4, field_x, COLS - field_x - 1, field == 4 ? draw_attr_focus() : A_NORMAL,
               "< %s >", already_helped_label(booking_helped));
    if (field < 3)
        line_edit_draw(&fields[field], y + field, field_x, field_w, true);
}

/* Rows the merge chooser takes: its lines of instructions, column titles and the records. */
static int merge_rows(void)
{
    return 3 + (int)(ncandidates < CANDIDATES_SHOWN ? ncandidates : CANDIDATES_SHOWN);
}

static void draw_merge(int y)
{
    struct strbuf line = STRBUF_INIT;
    strbuf_printf(&line,
                  _("Same person? Enter joins the chosen record into record %lld; Esc goes back."),
                  (long long)keep_id);
    y += draw_text_wrapped(y, 1, COLS - 2, 2, strbuf_str(&line), A_BOLD);
    strbuf_release(&line);
    draw_people_headings(y++, _("E-mail"));
    if (candidate < candidate_top)
        candidate_top = candidate;
    if (candidate >= candidate_top + CANDIDATES_SHOWN)
        candidate_top = candidate - CANDIDATES_SHOWN + 1;
    for (size_t i = candidate_top; i < ncandidates && i < candidate_top + CANDIDATES_SHOWN; i++) {
        const struct candidate *c = &candidates[i];
        bool here = i == candidate;
        unsigned attr = here ? draw_attr_focus() : A_NORMAL;
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)c->id);
        draw_text(y, 0, COLS, "", attr);
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, reg_cols[0].x, reg_cols[0].width, num, attr);
        draw_text(y, reg_cols[1].x, reg_cols[1].width, c->name, attr);
        draw_text(y, reg_cols[2].x, reg_cols[2].width, c->phone ? c->phone : "", attr);
        draw_text(y++, reg_cols[3].x, reg_cols[3].width, c->email ? c->email : "", attr);
    }
}

void screen_workshop_draw(struct app *app)
{
    struct strbuf title = STRBUF_INIT; /* as long as the workshop's title is */
    strbuf_printf(&title, _("Workshop No. %lld: %s"), (long long)workshop_id,
                  loaded ? w.title : "");
    draw_title(app, strbuf_str(&title));
    strbuf_release(&title);
    if (!loaded) {
        draw_text(2, 2, COLS - 4, _("This workshop no longer exists."), A_BOLD);
        return;
    }
    draw_header();
    int bottom = LINES - 2;
    if (mode == MODE_BOOKING)
        bottom -= booking_rows() + 2;
    else if (mode == MODE_MERGE)
        bottom -= merge_rows() + 1;
    measure_people(mode == MODE_MERGE ? _("E-mail") : _("State"), mode == MODE_MERGE);
    draw_registrations(8, bottom);
    if (mode == MODE_BOOKING)
        draw_booking(bottom + 1);
    else if (mode == MODE_MERGE)
        draw_merge(bottom + 1);
}

/* ---- booking ------------------------------------------------------------------------------ */

static int collect_suggestion(const struct participant_row *p, void *ctx)
{
    (void)ctx;
    if (nsuggestions < SUGGESTIONS_MAX) {
        /* The phone as the desk reads it; booking makes it canonical again. */
        suggestions[nsuggestions++] = (struct suggestion){
            p->id, strdup(p->name ? p->name : ""), person_phone_for_display(p->phone),
            p->email ? strdup(p->email) : NULL};
    }
    return GU_OK;
}

static void refresh_suggestions(struct app *app)
{
    struct gu_error err;
    suggestions_clear();
    if (text_length(line_edit_text(&fields[0])) >= 2 &&
        store_find_participants(app->st, line_edit_text(&fields[0]), SUGGESTIONS_MAX, collect_suggestion, NULL,
                                &err))
        app_error(app, &err);
}

static void booking_start(struct app *app)
{
    if (w.status != workshop_status("planned")) {
        app_message(app, true, "%s", _("Only a planned workshop takes bookings."));
        return;
    }
    line_edit_init(&fields[0], NAME_MAX_CHARS, false);
    line_edit_init(&fields[1], PHONE_MAX, false);
    line_edit_init(&fields[2], EMAIL_MAX, false);
    commune_field_open(&booking_commune, app, NULL);
    booking_helped = HELPED_NOT_GIVEN;
    field = 0;
    suggestions_clear();
    mode = MODE_BOOKING;
    app->message[0] = '\0';
}

/* Cleans one booking field into *out (NULL when empty). */
static int booking_field(int i, const char *label, char **out, struct gu_error *err)
{
    size_t max = i == 0 ? NAME_MAX_CHARS : i == 1 ? PHONE_MAX : EMAIL_MAX;
    if (text_clean_input(label, line_edit_text(&fields[i]), max, TEXT_REJECT_CONTROLS, out, err))
        return GU_INVALID;
    if (!**out) {
        free(*out);
        *out = NULL;
    }
    if (*out && i == 1)
        return person_validate_phone(label, *out, err);
    if (*out && i == 2)
        return person_validate_email(label, *out, err);
    return GU_OK;
}

static void booking_confirm(struct app *app)
{
    struct gu_error err;
    if (suggestion >= 0) { /* a known person: take their details */
        line_edit_set(&fields[0], suggestions[suggestion].name);
        line_edit_set(&fields[1], suggestions[suggestion].phone);
        line_edit_set(&fields[2], suggestions[suggestion].email);
    }
    char *values[3] = {NULL, NULL, NULL};
    struct residence residence = {0};
    const char *labels[3] = {_("Name"), _("Phone"), _("E-mail")};
    for (int i = 0; i < 3; i++)
        if (booking_field(i, labels[i], &values[i], &err)) {
            app_error(app, &err);
            field = i;
            goto out;
        }
    if (!values[0]) {
        app_message(app, true, "%s", _("Type the person's name."));
        field = 0;
        goto out;
    }
    if (commune_field_value(&booking_commune, &residence, &err)) {
        app_error(app, &err);
        field = 3;
        goto out;
    }
    /* A known person chosen: that record, whoever else has the same name. */
    struct person person = {.name = values[0], .phone = values[1], .email = values[2],
                            .id = suggestion >= 0 ? suggestions[suggestion].id : 0,
                            .residence = &residence, .already_helped = booking_helped};
    struct booking b;
    if (store_book(app->st, workshop_id, &person, app->operator_id, &b, &err)) {
        app_error(app, &err);
        goto out;
    }
    app->data_version = store_data_version(app->st);
    if (b.waitlisted)
        app_message(app, false, _("%s is on the waitlist, position %d (registration %lld)."),
                    values[0], b.position, (long long)b.registration_id);
    else
        app_message(app, false, _("%s has a seat (registration %lld)."), values[0],
                    (long long)b.registration_id);
    mode = MODE_VIEW;
    suggestions_clear();
    screen_workshop_reload(app);
out:
    for (int i = 0; i < 3; i++)
        free(values[i]);
    residence_clear(&residence);
}

static void booking_key(struct app *app, enum action_id action, struct ui_key key)
{
    bool refused;
    if (!key.function && key.code == 27) {
        /* Like every form: a name or a number typed is not dropped without asking. */
        bool typed = *line_edit_text(&booking_commune.edit) || booking_helped != HELPED_NOT_GIVEN;
        for (int i = 0; i < 3; i++)
            typed = typed || *line_edit_text(&fields[i]);
        if (typed && !app_confirm(app, _("Discard what was typed?")))
            return;
        mode = MODE_VIEW;
        suggestions_clear();
        return;
    }
    if (action == ACT_CONFIRM) {
        booking_confirm(app);
        return;
    }
    if ((!key.function && key.code == '\t') || (key.function && key.code == KEY_BTAB)) {
        field = (field + (key.function ? BOOKING_FIELDS - 1 : 1)) % BOOKING_FIELDS;
        if (field < 3)
            line_edit_select_all(&fields[field]);
        else if (field == 3)
            line_edit_select_all(&booking_commune.edit);
        return;
    }
    if (action == ACT_REUSE) {
        if (commune_field_reuse(&booking_commune))
            field = 3;
        else
            app_message(app, true, "%s", _("No commune was given with a session at this desk yet."));
        return;
    }
    if (field == 3 && key.function && (key.code == KEY_NPAGE || key.code == KEY_PPAGE)) {
        commune_field_step(&booking_commune, key.code == KEY_NPAGE ? 1 : -1);
        return;
    }
    if (field == 4) { /* y or o (oui) yes, n no; Space and the arrows go round */
        if (!key.function && key.code < 128 && key.code && strchr("yYoO", (int)key.code))
            booking_helped = HELPED_YES;
        else if (!key.function && (key.code == 'n' || key.code == 'N'))
            booking_helped = HELPED_NO;
        else if ((!key.function && key.code == ' ') ||
                 (key.function && (key.code == KEY_RIGHT || key.code == KEY_LEFT)))
            booking_helped = (enum already_helped)(((int)booking_helped +
                                                    (key.code == KEY_LEFT ? 2 : 1)) % 3);
        return;
    }
    if (field == 3) {
        if (line_edit_key(&booking_commune.edit, key, &refused) && booking_commune.edit.changed)
            commune_field_typed(&booking_commune);
        return;
    }
    if (field == 0 && key.function && (key.code == KEY_DOWN || key.code == KEY_UP)) {
        int step = key.code == KEY_DOWN ? 1 : -1;
        suggestion = suggestion + step < -1 ? -1
                     : suggestion + step >= nsuggestions ? nsuggestions - 1
                                                         : suggestion + step;
        return;
    }
    if (line_edit_key(&fields[field], key, &refused)) {
        if (refused)
            app_message(app, true, "%s", _("That is as long as this field can be."));
        if (field == 0 && fields[0].changed)
            refresh_suggestions(app);
    }
}

/* ---- attendance ------------------------------------------------------------------------- */

static void attendance_start(struct app *app)
{
    if (!started()) {
        app_message(app, true, "%s", _("Attendance is taken once the workshop has started."));
        return;
    }
    if (w.status == workshop_status("cancelled")) {
        app_message(app, true, "%s", _("This workshop was cancelled."));
        return;
    }
    for (size_t i = 0; i < nregs; i++)
        regs[i].pending = attendance_default(regs[i].state);
    walk_ins = w.walk_ins;
    mode = MODE_ATTENDANCE;
    app_message(app, false, "%s",
                _("Space: present, absent, excused · + and -: walk-ins · Enter saves · Esc stops."));
}

static void attendance_cycle(void)
{
    struct reg *r = nregs ? &regs[selected] : NULL;
    if (!r || !holds_seat(r))
        return;
    int order[3] = {state("attended"), state("absent"), state("excused")};
    int next = 0;
    for (int i = 0; i < 3; i++)
        if (r->pending == order[i])
            next = (i + 1) % 3;
    r->pending = order[next];
}

static void attendance_save(struct app *app)
{
    int64_t *lists[3];
    size_t counts[3] = {0, 0, 0};
    int order[3] = {state("attended"), state("absent"), state("excused")};
    for (int k = 0; k < 3; k++)
        lists[k] = calloc(nregs + 1, sizeof **lists);
    if (!lists[0] || !lists[1] || !lists[2]) {
        struct gu_error err;
        error_nomem(&err);
        app_error(app, &err);
        goto out;
    }
    for (size_t i = 0; i < nregs; i++)
        for (int k = 0; k < 3; k++)
            if (holds_seat(&regs[i]) && regs[i].pending == order[k])
                lists[k][counts[k]++] = regs[i].id;
    struct attendance a = {lists[0], lists[1], lists[2], counts[0], counts[1], counts[2], walk_ins};
    struct gu_error err;
    if (store_take_attendance(app->st, workshop_id, &a, app->operator_id, &err)) {
        app_error(app, &err);
        goto out;
    }
    app->data_version = store_data_version(app->st);
    /* Each count agrees with its own noun: "1 présent, 2 sans réservation". */
    char present[64], came[64];
    snprintf(present, sizeof present,
             ngettext("%zu present", "%zu present", (unsigned long)counts[0]), counts[0]);
    snprintf(came, sizeof came, ngettext("%d walk-in", "%d walk-ins", (unsigned long)walk_ins),
             walk_ins);
    /* TRANSLATORS: the people present, then the walk-ins ("2 present", "1 walk-in"). */
    app_message(app, false, _("Attendance saved: %s, %s."), present, came);
    mode = MODE_VIEW;
    screen_workshop_reload(app);
out:
    for (int k = 0; k < 3; k++)
        free(lists[k]);
}

/* ---- view -------------------------------------------------------------------------------- */

static void unbook_selected(struct app *app)
{
    if (!nregs)
        return;
    struct reg *r = &regs[selected];
    if (r->state != state("booked") && r->state != state("waitlisted")) {
        app_message(app, true, "%s", _("Only a seat or a place on the waitlist can be cancelled."));
        return;
    }
    if (!app_confirm_namef(app, r->name, _("Cancel the registration of %s?"), r->name))
        return;
    struct gu_error err;
    struct promotion p;
    if (store_unbook(app->st, r->id, app->operator_id, &p, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    char *contact = p.promoted ? person_contact_for_display(p.phone, p.email) : NULL;
    if (p.promoted)
        app_message(app, false, _("Registration cancelled. %s now has the seat: call %s."), p.name,
                    contact && *contact ? contact : _("no phone number"));
    else
        app_message(app, false, "%s", _("Registration cancelled."));
    free(contact);
    promotion_clear(&p);
    screen_workshop_reload(app);
}

static void cancel_workshop(struct app *app)
{
    if (w.status != workshop_status("planned")) {
        app_message(app, true, "%s", _("Only a planned workshop can be cancelled."));
        return;
    }
    /* The question names the workshop it acts on, as every question does. */
    if (!app_confirm_namef(app, w.title, _("Cancel workshop No. %lld, %s?"),
                           (long long)workshop_id, w.title ? w.title : ""))
        return;
    bool rest = w.series_id && app_confirm(app, _("Also cancel the later dates of its series?"));
    struct gu_error err;
    int count;
    if (store_cancel_workshop(app->st, workshop_id, rest, app->operator_id, &count, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    app_message(app, false,
                ngettext("%d workshop cancelled: the people registered are on the call list "
                         "(c on the list), to tell.",
                         "%d workshops cancelled: the people registered are on the call list "
                         "(c on the list), to tell.",
                         (unsigned long)count),
                count);
    screen_workshop_reload(app);
}

/* r: a cancelled workshop planned again (a cancellation made by mistake, a facilitator back). */
static void reopen_workshop(struct app *app)
{
    if (w.status != workshop_status("cancelled")) {
        app_message(app, true, "%s", _("Only a cancelled workshop can be reopened."));
        return;
    }
    if (!app_confirm_namef(app, w.title, _("Reopen workshop No. %lld, %s?"),
                           (long long)workshop_id, w.title ? w.title : ""))
        return;
    struct gu_error err;
    int to_tell = 0;
    if (store_reopen_workshop(app->st, workshop_id, app->operator_id, &to_tell, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    if (to_tell)
        app_message(app, false,
                    ngettext("Workshop reopened. %d person was told of the cancellation: they are "
                             "on the call list, to tell.",
                             "Workshop reopened. %d people were told of the cancellation: they "
                             "are on the call list, to tell.",
                             (unsigned long)to_tell),
                    to_tell);
    else
        app_message(app, false, "%s", _("Workshop reopened."));
    screen_workshop_reload(app);
}

static int write_sheet(FILE *out, enum sheet_format format, void *ctx, struct gu_error *err)
{
    struct app *app = ctx;
    bool found;
    int status = sheet_write_attendance(out, app->st, workshop_id, format, &found, err);
    if (!status && !found)
        status = error_set(err, GU_INVALID, "%s", _("This workshop no longer exists."));
    return status;
}

/* p: the attendance sheet, to the printer or into a page to print. */
static void print_sheet(struct app *app)
{
    char stem[64];
    snprintf(stem, sizeof stem, "sheet-%lld", (long long)workshop_id);
    struct strbuf title = STRBUF_INIT; /* as long as the workshop's title is */
    strbuf_printf(&title, "%s: %s", _("ATTENDANCE SHEET"), w.title ? w.title : "");
    struct print_outcome done;
    struct gu_error err;
    int status = print_document(app->db_path, strbuf_str(&title), stem, write_sheet, app, &done, &err);
    strbuf_release(&title);
    if (status) {
        app_error(app, &err);
        return;
    }
    if (done.printed)
        app_message(app, false, "%s", _("The attendance sheet was sent to the printer."));
    else if (done.lp_status)
        app_message(app, false,
                    _("The printer did not take it (lp: %d): the attendance sheet is in %s"),
                    done.lp_status, done.path);
    else
        app_message(app, false, _("No printer here: the attendance sheet is in %s"), done.path);
    print_outcome_clear(&done);
}

/* ---- two records of one person ---------------------------------------------------------- */

/* Keeps the records found by name whose folded name is the kept person's, other than theirs. */
static int collect_candidate(const struct participant_row *p, void *ctx)
{
    struct gu_error *err = ctx;
    if (p->id == keep_id || !p->name || ncandidates >= CANDIDATES_MAX)
        return GU_OK;
    char *fold = text_fold(p->name);
    if (!fold)
        return error_nomem(err);
    bool same = !strcmp(fold, keep_fold);
    free(fold);
    if (!same)
        return GU_OK;
    if (!array_reserve(&candidates, &candidates_cap, ncandidates, sizeof *candidates, 8))
        return error_nomem(err);
    struct candidate c = {p->id, strdup(p->name), person_phone_for_display(p->phone),
                          p->email ? strdup(p->email) : NULL};
    if (!c.name || (p->phone && !c.phone) || (p->email && !c.email)) {
        free(c.name);
        free(c.phone);
        free(c.email);
        return error_nomem(err);
    }
    candidates[ncandidates++] = c;
    return GU_OK;
}

/* m: the other records with the selected registration's name, to choose the one to join. */
static void merge_start(struct app *app)
{
    if (!nregs)
        return;
    const struct reg *r = &regs[selected];
    struct gu_error err;
    candidates_clear();
    if (!r->name) {
        error_nomem(&err);
        app_error(app, &err);
        return;
    }
    if (!*r->name) { /* an erased person's registration stays, anonymous */
        app_message(app, true, "%s", _("This person was erased: there is nothing to merge."));
        return;
    }
    keep_id = r->participant_id;
    keep_name = strdup(r->name);
    keep_fold = text_fold(r->name);
    int status = keep_name && keep_fold ? GU_OK : error_nomem(&err);
    if (!status)
        status = store_find_participants(app->st, keep_name, CANDIDATES_SEARCHED,
                                         collect_candidate, &err, &err);
    if (status) {
        app_error(app, &err);
        candidates_clear();
        return;
    }
    if (!ncandidates) {
        app_message(app, false, _("No other record is named %s: nothing to merge."), keep_name);
        candidates_clear();
        return;
    }
    app->message[0] = '\0';
    mode = MODE_MERGE;
}

/* Sentences of a message, one after the other. */
struct merge_said {
    struct strbuf text; /* sentences, however many people are named */
};

static void say(struct merge_said *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct merge_said *s, const char *fmt, ...)
{
    if (s->text.len)
        strbuf_putc(&s->text, ' ');
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&s->text, fmt, ap);
    va_end(ap);
}

/* Whom to call, for each person the merge gave a seat (as after a cancellation), said after
 * what was done. */
static void merge_promotion(const struct promotion *p, void *ctx)
{
    char *contact = person_contact_for_display(p->phone, p->email);
    say(ctx, _("New seat for %s: call %s."), p->name,
        contact && *contact ? contact : _("no phone number"));
    free(contact);
}

static void merge_confirm(struct app *app)
{
    const struct candidate *c = &candidates[candidate];
    int64_t keep = keep_id, other = c->id;
    if (!app_confirm_namef(app, keep_name, _("Join record %lld into record %lld, %s?"),
                           (long long)other, (long long)keep, keep_name))
        return;
    struct gu_error err;
    struct merge_outcome m;
    struct merge_said calls = {STRBUF_INIT};
    if (store_merge_people(app->st, keep, other, app->operator_id, merge_promotion, &calls, &m,
                           &err)) {
        strbuf_release(&calls.text);
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    struct merge_said done = {STRBUF_INIT};
    say(&done, _("Record %lld joined into record %lld."), (long long)other, (long long)keep);
    say(&done, ngettext("%lld registration moved.", "%lld registrations moved.",
                        (unsigned long)m.moved),
        m.moved);
    if (m.appointments)
        say(&done, ngettext("%lld appointment moved.", "%lld appointments moved.",
                            (unsigned long)m.appointments),
            m.appointments);
    if (m.dropped)
        say(&done,
            ngettext("%lld registration removed: both records had one for the same workshop.",
                     "%lld registrations removed: both records had one for the same workshop.",
                     (unsigned long)m.dropped),
            m.dropped);
    if (m.took_phone && m.took_email)
        say(&done, _("Phone number and e-mail taken from record %lld."), (long long)other);
    else if (m.took_phone)
        say(&done, _("Phone number taken from record %lld."), (long long)other);
    else if (m.took_email)
        say(&done, _("E-mail taken from record %lld."), (long long)other);
    app_message(app, false, "%s%s%s", strbuf_str(&done.text), calls.text.len ? " " : "",
                strbuf_str(&calls.text));
    strbuf_release(&done.text);
    strbuf_release(&calls.text);
    mode = MODE_VIEW;
    candidates_clear();
    screen_workshop_reload(app);
    for (size_t i = 0; i < nregs; i++) /* the kept person stays selected */
        if (regs[i].participant_id == keep) {
            selected = i;
            break;
        }
}

static void merge_key(struct app *app, enum action_id action)
{
    switch (action) {
    case ACT_UP: if (candidate > 0) candidate--; break;
    case ACT_DOWN: if (candidate + 1 < ncandidates) candidate++; break;
    case ACT_CONFIRM: merge_confirm(app); break;
    case ACT_CANCEL:
        mode = MODE_VIEW;
        candidates_clear();
        app->message[0] = '\0';
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}

void screen_workshop_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (mode == MODE_MERGE) {
        merge_key(app, action);
        return;
    }
    if (mode == MODE_BOOKING) {
        booking_key(app, action, key);
        return;
    }
    if (mode == MODE_ATTENDANCE) {
        switch (action) {
        case ACT_TOGGLE: attendance_cycle(); return;
        case ACT_MORE: walk_ins += walk_ins < 1000; return;
        case ACT_LESS: walk_ins -= walk_ins > 0; return;
        case ACT_CONFIRM: attendance_save(app); return;
        case ACT_CANCEL: mode = MODE_VIEW; app->message[0] = '\0'; return;
        case ACT_UP: if (selected > 0) selected--; return;
        case ACT_DOWN: if (selected + 1 < nregs) selected++; return;
        default: return;
        }
    }
    switch (action) {
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: if (selected + 1 < nregs) selected++; break;
    case ACT_BOOK: if (loaded) booking_start(app); break;
    case ACT_UNBOOK: unbook_selected(app); break;
    case ACT_ATTENDANCE: if (loaded) attendance_start(app); break;
    case ACT_MERGE: merge_start(app); break;
    case ACT_EDIT:
        if (loaded && w.status == workshop_status("planned"))
            screen_workshop_form_open(app, &w);
        else
            app_message(app, true, "%s", _("Only a planned workshop can be changed."));
        break;
    case ACT_CANCEL_WORKSHOP: if (loaded) cancel_workshop(app); break;
    case ACT_REOPEN: if (loaded) reopen_workshop(app); break;
    case ACT_PRINT: if (loaded) print_sheet(app); break;
    case ACT_CANCEL:
        regs_clear();
        app_show(app, SCREEN_WORKSHOPS);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
