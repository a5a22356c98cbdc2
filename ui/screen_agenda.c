/* The agenda (a from home): the desk's site's appointments of today and the coming days, by
 * time; the person came (Enter: the session form, filled from the appointment, saved with
 * Enter), did not (m), or the appointment is cancelled (x, asked first); n books one, e moves
 * one (screen_appointment_form.c); u undoes this desk's last mark. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appointment.h"
#include "array.h"
#include "date.h"
#include "i18n.h"
#include "person.h"

#define AGENDA_DAYS 7
/* Planned appointments of these last days not marked yet (kept, missed) are listed first. */
#define AGENDA_PAST_DAYS 30

struct agenda_row {
    int64_t id;
    int sequence; /* its calendar SEQUENCE: what this desk saw of it */
    struct gu_datetime at;
    int duration;
    char *name, *contact, *request, *operator;
};

static struct agenda_row *rows; /* owned */
static size_t nrows, rows_cap, selected, top;
static size_t page_rows = 1; /* the rows the agenda showed last: PgUp and PgDn's page */
static int64_t selected_id; /* kept across reloads */
static int64_t last_ended;  /* the appointment this desk marked last, for u */
static int last_sequence;   /* its SEQUENCE after this desk's change: another's refuses u */
static bool last_kept;      /* it was kept: u deletes the session it became */

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++) {
        free(rows[i].name);
        free(rows[i].contact);
        free(rows[i].request);
        free(rows[i].operator);
    }
    nrows = 0;
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static int collect_row(const struct appointment *a, void *ctx)
{
    (void)ctx;
    if (!array_reserve(&rows, &rows_cap, nrows, sizeof *rows, 32))
        return GU_FAILURE;
    char *contact = person_contact_for_display(a->phone, a->email);
    rows[nrows++] = (struct agenda_row){a->id, a->sequence, a->at, a->duration_min,
                                        dup_or_empty(a->person_name), contact ? contact : strdup(""),
                                        dup_or_empty(a->request_label),
                                        dup_or_empty(a->operator_name)};
    return GU_OK;
}

void screen_agenda_reload(struct app *app)
{
    rows_clear();
    struct gu_error err;
    char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
    clock_today_text(-AGENDA_PAST_DAYS, from);
    clock_today_text(AGENDA_DAYS - 1, to);
    /* a site's desk sees its site's appointments (one database of one site: every one) */
    int64_t site = 0;
    if (store_site_scope(app->st, &site, &err))
        app_error(app, &err);
    const struct appointment_filter f = {.from = from, .to = to, .site_id = site};
    if (store_list_appointments(app->st, &f, collect_row, NULL, &err))
        app_error(app, &err);
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].id == selected_id)
            selected = i;
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
    selected_id = nrows ? rows[selected].id : 0;
}

void screen_agenda_select(struct app *app, int64_t id)
{
    selected_id = id;
    screen_agenda_reload(app);
}

void screen_agenda_open(struct app *app)
{
    selected = top = 0;
    selected_id = 0;
    screen_agenda_reload(app);
}

static struct draw_column columns[5];

static const char *heading(int i)
{
    const char *headings[5] = {_("Time"), _("Person"), _("Contact"), _("Request"), _("Operator")};
    return headings[i];
}

static void measure_columns(void)
{
    for (int i = 0; i < 5; i++) {
        columns[i] = (struct draw_column){.gap = i ? 1 : 0, .min = i == 1 || i == 3 ? 12 : 0};
        draw_column_want(&columns[i], heading(i));
    }
    for (size_t i = 0; i < nrows; i++) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &rows[i].at);
        draw_column_want(&columns[0], when);
        draw_column_want(&columns[1], rows[i].name);
        draw_column_want(&columns[2], rows[i].contact);
        draw_column_want(&columns[3], rows[i].request);
        draw_column_want(&columns[4], rows[i].operator);
    }
    columns[0].min = columns[0].want;
    draw_columns_fit(columns, 5, 2, COLS - 3);
}

void screen_agenda_draw(struct app *app)
{
    draw_title(app, _("Appointments"));
    measure_columns();
    int y = 2, bottom = LINES - 1 - app_message_rows(app);
    for (int i = 0; i < 5; i++)
        draw_text(y, columns[i].x, columns[i].width, heading(i), A_UNDERLINE);
    y++;
    if (!nrows) {
        draw_text(y + 1, 2, COLS - 4,
                  _("No appointment in the coming days: n books one."),
                  A_NORMAL);
        return;
    }
    int room = bottom - y;
    page_rows = room > 0 ? (size_t)room : 1;
    if (selected < top)
        top = selected;
    if (room > 0 && selected >= top + (size_t)room)
        top = selected - (size_t)room + 1;
    for (size_t i = top; i < nrows && y < bottom; i++) {
        const struct agenda_row *r = &rows[i];
        bool here = i == selected;
        unsigned attr = here ? draw_attr_focus() : A_NORMAL;
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &r->at);
        draw_text(y, 0, COLS, "", attr);
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, columns[0].x, columns[0].width, when, attr);
        draw_text(y, columns[1].x, columns[1].width, r->name, attr | A_BOLD);
        draw_text(y, columns[2].x, columns[2].width, r->contact, attr);
        draw_text(y, columns[3].x, columns[3].width, r->request, attr);
        draw_text(y++, columns[4].x, columns[4].width, r->operator, attr);
    }
}

/* The selected appointment as it is now, into *a (released by the caller); false, said or the
 * agenda read again (gone meanwhile), when there is none. */
static bool read_selected(struct app *app, struct appointment *a)
{
    struct gu_error err;
    bool found = false;
    if (store_get_appointment(app->st, rows[selected].id, a, &found, &err)) {
        app_error(app, &err);
        return false;
    }
    if (!found)
        screen_agenda_reload(app);
    return found;
}

/* Said when an appointment's time has come and it is moved or cancelled: it is kept or missed. */
static void say_time_has_come(struct app *app, int64_t id, const struct gu_datetime *at)
{
    char when[64];
    i18n_format_datetime_short(when, sizeof when, at);
    app_message(app, true,
                _("Appointment %lld was at %s: its time has come: Enter if the person came, "
                  "m if not."),
                (long long)id, when);
}

/* Enter: the person came: the session form, filled from the appointment, its start the
 * appointment's (now, if they came early); saving it marks the appointment kept. */
static void came(struct app *app)
{
    struct gu_error err;
    struct appointment a;
    if (!read_selected(app, &a))
        return;
    struct help_session s;
    if (store_appointment_session(app->st, &a, &s, &err)) {
        app_error(app, &err);
        appointment_clear(&a);
        return;
    }
    struct gu_datetime now = clock_now();
    if (datetime_compare(&s.at, &now) > 0) /* came early: now */
        s.at = now;
    if (!appointment_keepable(&a.at, &now)) { /* said before the form: the store refuses */
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &a.at);
        app_message(app, true,
                    _("Appointment %lld is on %s: it is kept on its day (e moves it first if the "
                      "person came another day)."),
                    (long long)a.id, when);
        session_clear(&s);
        appointment_clear(&a);
        return;
    }
    last_ended = a.id; /* kept when the form is saved: u plans it again */
    last_sequence = a.sequence + 1;
    last_kept = true;
    screen_form_open_for_appointment(app, &s, a.id);
    session_clear(&s);
    appointment_clear(&a);
}

/* m and x: the person did not come; the appointment is cancelled (asked first). */
static void end_appointment(struct app *app, enum appointment_status to)
{
    const struct agenda_row *r = &rows[selected];
    char when[64];
    i18n_format_datetime_short(when, sizeof when, &r->at);
    struct gu_datetime now = clock_now();
    if (to == APPOINTMENT_CANCELLED && datetime_compare(&r->at, &now) <= 0) {
        say_time_has_come(app, r->id, &r->at); /* before asking: the store would refuse after */
        return;
    }
    if (to == APPOINTMENT_CANCELLED &&
        !app_confirm_namef(app, r->name, _("Cancel the appointment of %s on %s?"), r->name, when)) {
        app->message[0] = '\0';
        return;
    }
    struct gu_error err;
    if (store_set_appointment_status(app->st, r->id, to, NULL, app->operator_id, NULL, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    last_ended = r->id;
    last_sequence = r->sequence + 1;
    last_kept = false;
    app_message(app, false,
                to == APPOINTMENT_MISSED ? _("Appointment %lld (%s) marked missed.")
                                         : _("Appointment %lld (%s) cancelled."),
                (long long)r->id, when);
    selected_id = selected + 1 < nrows ? rows[selected + 1].id : 0;
    screen_agenda_reload(app);
}

/* e: the booking form's duration, day and slot, to move it (before its time only). */
static void move_selected(struct app *app)
{
    struct appointment a;
    if (!read_selected(app, &a))
        return;
    struct gu_datetime now = clock_now();
    if (datetime_compare(&a.at, &now) <= 0)
        say_time_has_come(app, a.id, &a.at);
    else
        screen_appointment_form_move(app, &a);
    appointment_clear(&a);
}

/* u: the appointment marked last here planned again, selected. */
static void undo(struct app *app)
{
    if (!last_ended) {
        app_message(app, true, "%s",
                    _("Nothing to undo: u plans again an appointment just marked here."));
        return;
    }
    struct gu_error err;
    struct appointment_slot slot;
    if (store_reopen_appointment(app->st, last_ended, last_sequence, app->operator_id, &slot,
                                 &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    app_message(app, false,
                last_kept ? _("Appointment %lld is planned again; the session it became is "
                              "deleted (kept again, the appointment brings it back).")
                          : _("Appointment %lld is planned again."),
                (long long)last_ended);
    selected_id = last_ended;
    last_ended = 0;
    screen_agenda_reload(app);
}

void screen_agenda_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    if (list_move_selection(action, &selected, nrows, page_rows)) {
        selected_id = nrows ? rows[selected].id : 0;
        return;
    }
    switch (action) {
    case ACT_OPEN:
        if (nrows)
            came(app);
        break;
    case ACT_NEW: screen_appointment_form_open(app); break;
    case ACT_RESTORE: undo(app); break;
    case ACT_EDIT:
        if (nrows)
            move_selected(app);
        break;
    case ACT_MISSED:
        if (nrows)
            end_appointment(app, APPOINTMENT_MISSED);
        break;
    case ACT_CANCEL_APPOINTMENT:
        if (nrows)
            end_appointment(app, APPOINTMENT_CANCELLED);
        break;
    case ACT_CANCEL:
        rows_clear();
        app_show(app, SCREEN_HOME);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
