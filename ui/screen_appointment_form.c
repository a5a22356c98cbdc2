/* Booking an appointment from the desk (n on the agenda): the person found as the name is typed
 * (or new, with a phone: consent to be called, as for a workshop booking), the request from the
 * routing policy (what to bring follows it), the operator and the duration, then one of the
 * operator's free slots, offered from a day on: the site's opening hours, the operator's other
 * appointments and the workshops they lead left out. Moving one (e on the agenda) is the same
 * form's duration, day and slot alone. The store decides again when it saves: a slot another
 * desk took meanwhile is refused, and the form then offers the next free one. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appointment.h"
#include "i18n.h"
#include "person.h"
#include "policy.h"
#include "session.h"
#include "strbuf.h"
#include "text.h"

/* How many days of free slots the slot field goes through from its day. */
#define SLOT_DAYS 14
/* The person search's last entry: the name typed, for someone who never came (a number no
 * record has). */
#define PERSON_NEW (-1)

/* Duration, day and slot follow each other: moving shows those three alone. */
enum { AF_PERSON, AF_NAME, AF_PHONE, AF_EMAIL, AF_REQUEST, AF_OPERATOR, AF_DURATION, AF_DAY,
       AF_SLOT, AF_BRING, AF_NOTE, AF_COUNT };
static struct form_field fields[AF_COUNT];
static struct field_form form = {.fields = fields, .n = AF_COUNT};
static struct appointment moving; /* the appointment moved (id 0: booking one) */

/* The durations offered: the desk's usual ones, and a moved appointment's own. */
static int durations[ARRAY_LEN(session_duration_presets) + 1];
static size_t ndurations;

static struct policy policy;
static struct store_named *operators; /* owned */
static size_t noperators;
static struct gu_datetime *slots; /* owned: the free starts the slot field offers */
static size_t nslots;
static const char *slots_zone = DATE_ZONE_DEFAULT; /* their site's zone (static storage) */
static int64_t slots_site; /* the site they are at: the desk's, or the moved appointment's */
static char *slot_hint;           /* owned: the slot field's hint, the chosen day's free time */
/* What the slots were computed for, to compute them again when one of these changes. */
static struct {
    int operator, duration;
    char day[DATE_TEXT_SIZE];
} slots_for;
/* The people the last search found, to fill the name and phone of the one taken. */
static struct found_person {
    int64_t id;
    char *name, *phone, *email; /* owned; phone as the desk reads it */
} found[FORM_FOUND_MAX];
static size_t nfound;
static char *person_typed; /* owned: the name the last person search was for */
static int64_t person_shown, request_shown; /* the choices the fields below were filled from */
static bool bring_typed;                    /* what to bring typed: a request no longer sets it */

/* ---- choices ------------------------------------------------------------------------------ */

static const char *operator_label(int i, void *ctx)
{
    (void)ctx;
    return operators[i].name ? operators[i].name : "";
}

static const char *duration_label(int i, void *ctx)
{
    static char label[32];
    (void)ctx;
    i18n_format_duration(label, sizeof label, durations[i]);
    return label;
}

/* Whether the form's focus is on field i (moving, the form starts at the duration). */
static bool focus_is(int i)
{
    return &form.fields[form.focus] == &fields[i];
}

/* The focus on field i, when the form shows it. */
static void focus_on(int i)
{
    int at = i - (int)(form.fields - fields);
    if (at >= 0 && at < form.n)
        form.focus = at;
}

/* "mardi 17 mars 2026, 10 h": the day first, as people say it on the phone. */
static void slot_text(const struct gu_datetime *at, char *buf, size_t size)
{
    char day[64], time[32];
    i18n_format_date_long(day, sizeof day, at->year, at->month, at->day);
    i18n_format_time(time, sizeof time, at->hour, at->minute);
    snprintf(buf, size, _("%s, %s"), day, time);
}

static const char *slot_label(int i, void *ctx)
{
    static char label[128];
    (void)ctx;
    slot_text(&slots[i], label, sizeof label);
    return label;
}

/* ---- the searches ------------------------------------------------------------------------- */

static void found_clear(void)
{
    for (size_t i = 0; i < nfound; i++) {
        free(found[i].name);
        free(found[i].phone);
        free(found[i].email);
    }
    nfound = 0;
}

struct person_page {
    struct form_found *out;
    size_t max, *n;
};

static int collect_person(const struct participant_row *p, void *ctx)
{
    struct person_page *page = ctx;
    if (*page->n == page->max || nfound == FORM_FOUND_MAX)
        return GU_OK;
    char *phone = person_phone_for_display(p->phone);
    struct strbuf label = STRBUF_INIT;
    strbuf_puts(&label, p->name ? p->name : "");
    if (phone && *phone)
        strbuf_printf(&label, " \xC2\xB7 %s", phone); /* " · " */
    char *text = strbuf_finish(&label), *name = strdup(p->name ? p->name : "");
    char *email = p->email ? strdup(p->email) : NULL;
    if (!text || !name || (p->email && !email)) {
        free(text), free(name), free(phone), free(email);
        return GU_FAILURE;
    }
    found[nfound++] = (struct found_person){p->id, name, phone, email};
    page->out[(*page->n)++] = (struct form_found){p->id, text};
    return GU_OK;
}

/* The people whose name has words starting with those typed (the desk's one search), then the
 * name typed as a new person's. */
static void person_find(struct app *app, const char *text, struct form_found *out, size_t max,
                        size_t *n)
{
    *n = 0;
    found_clear();
    free(person_typed);
    person_typed = NULL;
    if (!text || !text[strspn(text, " ")] || max < 2)
        return;
    struct gu_error err = {0};
    struct person_page page = {out, max - 1, n};
    int status = store_find_participants(app->st, text, (int)max - 1, collect_person, &page, &err);
    if (status == GU_FAILURE && !err.message[0])
        error_nomem(&err);
    if (status)
        app_error(app, &err);
    struct strbuf label = STRBUF_INIT;
    strbuf_printf(&label, _("New person: %s"), text);
    char *new_label = strbuf_finish(&label);
    if (new_label && (person_typed = strdup(text)))
        out[(*n)++] = (struct form_found){PERSON_NEW, new_label};
    else
        free(new_label);
}

static const struct request_kind *kind_of(int64_t id)
{
    for (size_t i = 0; i < policy.n; i++)
        if (policy.kinds[i].id == id)
            return &policy.kinds[i];
    return NULL;
}

/* The policy's requests matching the words typed, best first (as on Orienter); blank: the
 * first ones in the policy's order. */
static void request_find(struct app *app, const char *text, struct form_found *out, size_t max,
                         size_t *n)
{
    (void)app;
    *n = 0;
    struct policy_match matches[FORM_FOUND_MAX];
    size_t m = 0;
    bool blank = !text || !text[strspn(text, " ")];
    if (blank)
        for (; m < policy.n && m < max && m < FORM_FOUND_MAX; m++)
            matches[m].kind = &policy.kinds[m];
    else
        m = policy_rank(&policy, text, matches, max < FORM_FOUND_MAX ? max : FORM_FOUND_MAX);
    for (size_t i = 0; i < m; i++) {
        char *label = strdup(matches[i].kind->label ? matches[i].kind->label : "");
        if (!label)
            break;
        out[(*n)++] = (struct form_found){matches[i].kind->id, label};
    }
}

/* ---- the free slots ----------------------------------------------------------------------- */

/* The slot field's hint: the chosen slot's day's free time, then how to choose. */
static void describe_slots(void)
{
    free(slot_hint);
    slot_hint = NULL;
    struct strbuf b = STRBUF_INIT;
    int chosen = fields[AF_SLOT].choice;
    struct gu_error err;
    const char *day_text = line_edit_text(&fields[AF_DAY].edit);
    if (field_check_date(fields[AF_DAY].label, day_text, &err)) {
        strbuf_puts(&b, err.message); /* the day typed is none: no slot offered from it */
    } else if (chosen < 0) {
        strbuf_printf(&b, _("No free slot in the %d days from that day: choose another day, "
                            "operator or duration."),
                      SLOT_DAYS);
    } else {
        size_t first = (size_t)chosen, last = first;
        while (first > 0 && datetime_same_day(&slots[first - 1], &slots[chosen]))
            first--;
        while (last + 1 < nslots && datetime_same_day(&slots[last + 1], &slots[chosen]))
            last++;
        struct free_period periods[APPOINTMENT_DAY_SLOTS];
        int duration = durations[fields[AF_DURATION].choice];
        size_t np = appointment_free_periods(slots_zone, slots + first, last - first + 1, duration,
                                             periods);
        char day[64];
        i18n_format_date_long(day, sizeof day, slots[chosen].year, slots[chosen].month,
                              slots[chosen].day);
        strbuf_printf(&b, _("Free on %s:"), day);
        for (size_t p = 0; p < np; p++) {
            char from[32], until[32];
            i18n_format_time(from, sizeof from, periods[p].from.hour, periods[p].from.minute);
            i18n_format_time(until, sizeof until, periods[p].until.hour, periods[p].until.minute);
            strbuf_puts(&b, p ? ", " : " ");
            /* TRANSLATORS: a free period, "9 h–12 h": an en dash between the two times */
            strbuf_printf(&b, _("%s\xE2\x80\x93%s"), from, until);
        }
        strbuf_printf(&b, ". %s", _("Left and Right go through the free slots."));
    }
    slot_hint = strbuf_finish(&b);
    fields[AF_SLOT].hint = slot_hint;
}

/* The operator's free starts from the day typed, computed again when the operator, the duration
 * or the day changed (force: always); the slot chosen kept when it is still free, else want
 * (NULL: the first). */
static void compute_slots(struct app *app, bool force, const struct gu_datetime *want)
{
    int y, m, d;
    char day[DATE_TEXT_SIZE] = "", today[DATE_TEXT_SIZE];
    if (field_read_date(line_edit_text(&fields[AF_DAY].edit), &y, &m, &d))
        date_format(y, m, d, day);
    clock_today_text(0, today);
    if (*day && strcmp(day, today) < 0) /* a day gone by: from today */
        memcpy(day, today, sizeof day);
    int op = fields[AF_OPERATOR].choice, duration = fields[AF_DURATION].choice;
    if (!force && op == slots_for.operator && duration == slots_for.duration &&
        !strcmp(day, slots_for.day))
        return;
    struct gu_datetime keep = {0};
    bool had = fields[AF_SLOT].choice >= 0;
    if (want)
        keep = *want, had = true;
    else if (had)
        keep = slots[fields[AF_SLOT].choice];
    free(slots);
    slots = NULL;
    nslots = 0;
    struct gu_error err;
    /* a day that is none offers nothing: its field says why (describe_slots too) */
    if (*day && op >= 0 &&
        store_free_slots(app->st, operators[op].id, slots_site, day, SLOT_DAYS, durations[duration],
                         moving.id, &slots_zone, &slots, &nslots, &err))
        app_error(app, &err);
    slots_for.operator = op;
    slots_for.duration = duration;
    snprintf(slots_for.day, sizeof slots_for.day, "%s", day);
    fields[AF_SLOT].nchoices = (int)nslots;
    fields[AF_SLOT].choice = nslots ? 0 : -1;
    for (size_t i = 0; had && i < nslots; i++)
        if (datetime_compare(&slots[i], &keep) == 0)
            fields[AF_SLOT].choice = (int)i;
    describe_slots();
}

/* ---- opening ------------------------------------------------------------------------------ */

static void text_field(int i, const char *label, const char *hint, size_t max)
{
    fields[i] = (struct form_field){.label = label, .hint = hint, .kind = FORM_TEXT,
                                    .edit = {.max_chars = max}};
    line_edit_set(&fields[i].edit, "");
}

static void release(void)
{
    form.fields = fields; /* every field, whichever the form showed */
    form.n = AF_COUNT;
    field_form_release(&form);
    policy_free(&policy);
    store_free_named(operators, noperators);
    operators = NULL;
    noperators = 0;
    free(slots);
    slots = NULL;
    nslots = 0;
    free(slot_hint);
    slot_hint = NULL;
    found_clear();
    free(person_typed);
    person_typed = NULL;
    appointment_clear(&moving);
    memset(&moving, 0, sizeof moving);
}

/* The durations offered, own (a moved appointment's, 0: none) among them; the index of want. */
static int durations_fill(int own, int want)
{
    ndurations = 0;
    int chosen = 0;
    for (size_t i = 0; i < ARRAY_LEN(session_duration_presets); i++) {
        if (own && own < session_duration_presets[i] &&
            (i == 0 || own > session_duration_presets[i - 1]))
            durations[ndurations++] = own;
        durations[ndurations++] = session_duration_presets[i];
    }
    if (own > session_duration_presets[ARRAY_LEN(session_duration_presets) - 1])
        durations[ndurations++] = own;
    for (size_t i = 0; i < ndurations; i++)
        if (durations[i] == want)
            chosen = (int)i;
    return chosen;
}

static void fields_open(struct app *app, int64_t operator_id, int duration, const char *day_text);
static void phone_hint(void);

void screen_appointment_form_open(struct app *app)
{
    release();
    struct gu_error err;
    if (policy_load(app->st, &policy, &err) ||
        store_list_operators(app->st, &operators, &noperators, &err)) {
        app_error(app, &err);
        release();
        return;
    }
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    slots_site = app->site_id;
    fields_open(app, app->operator_id, 30, today); /* 30 minutes: the usual appointment */
    form.fields = fields;
    form.n = AF_COUNT;
    form.focus = AF_PERSON;
    form.top = 0;
    form.dirty = false;
    app->screen = SCREEN_APPOINTMENT_FORM;
}

/* Moving appointment a (borrowed): its duration, a day (its own), a slot among its operator's
 * free ones, its own time free. */
void screen_appointment_form_move(struct app *app, const struct appointment *a)
{
    release();
    struct gu_error err;
    if (store_list_operators(app->st, &operators, &noperators, &err) ||
        store_get_appointment(app->st, a->id, &moving, &(bool){false}, &err)) {
        app_error(app, &err);
        release();
        return;
    }
    char day[DATE_TEXT_SIZE];
    date_format(a->at.year, a->at.month, a->at.day, day);
    slots_site = a->site_id;
    fields_open(app, a->operator_id, a->duration_min, day);
    form.fields = &fields[AF_DURATION];
    form.n = AF_SLOT - AF_DURATION + 1;
    form.focus = AF_SLOT - AF_DURATION;
    form.top = 0;
    form.dirty = false;
    app->screen = SCREEN_APPOINTMENT_FORM;
}

/* Every field, empty but the operator (operator_id's), the duration and the day (day_text,
 * "YYYY-MM-DD"); the free slots from that day computed. */
static void fields_open(struct app *app, int64_t operator_id, int duration, const char *day_text)
{
    fields[AF_PERSON] = (struct form_field){
        .label = _("Person"), .kind = FORM_SEARCH, .optional = true, .find = person_find,
        .none = _("(nobody yet)"),
        .hint = _("Type the name: someone who came before is found; else take \"New person\" "
                  "and give their phone.")};
    text_field(AF_NAME, _("Name"), _("A new person's first name and surname."), NAME_MAX_CHARS);
    text_field(AF_PHONE, _("Phone"), NULL, PHONE_MAX);
    fields[AF_PHONE].check = person_validate_phone;
    text_field(AF_EMAIL, _("E-mail"), NULL, EMAIL_MAX);
    fields[AF_EMAIL].check = person_validate_email;
    fields[AF_REQUEST] = (struct form_field){
        .label = _("Request"), .kind = FORM_SEARCH, .optional = true, .find = request_find,
        .none = _("(no request)"),
        .hint = _("Type a few words of what the person asks, as on Orient; what to bring "
                  "follows the policy.")};
    int op = 0;
    for (size_t i = 0; i < noperators; i++)
        if (operators[i].id == operator_id)
            op = (int)i;
    fields[AF_OPERATOR] = (struct form_field){
        .label = _("Operator"), .kind = FORM_CHOICE, .choice = noperators ? op : -1,
        .nchoices = (int)noperators, .choice_label = operator_label,
        .hint = _("Whose agenda: Left and Right, or a letter, choose.")};
    int own = moving.id ? duration : 0;
    fields[AF_DURATION] = (struct form_field){
        .label = _("Duration"), .kind = FORM_CHOICE, .choice = durations_fill(own, duration),
        .nchoices = (int)ndurations, .choice_label = duration_label,
        .hint = _("Left and Right choose.")};
    text_field(AF_DAY, _("From the day"),
               _("The free slots below are offered from this day on (14/03/2026, or 14/03)."), 10);
    fields[AF_DAY].check = field_check_date;
    int y, m, d;
    if (date_parse(day_text, &y, &m, &d)) {
        char shown[32];
        i18n_format_date_short(shown, sizeof shown, y, m, d);
        line_edit_set(&fields[AF_DAY].edit, shown);
    }
    fields[AF_SLOT] = (struct form_field){.label = _("Slot"), .kind = FORM_CHOICE, .choice = -1,
                                          .choice_label = slot_label};
    text_field(AF_BRING, _("What to bring"), _("Said to the person; from the request's policy."),
               APPOINTMENT_BRING_MAX);
    text_field(AF_NOTE, _("Note"), _("A short note for the operator (not in any report)."),
               APPOINTMENT_NOTE_MAX);
    person_shown = request_shown = 0;
    bring_typed = false;
    slots_for.operator = -2;
    compute_slots(app, true, moving.id ? &moving.at : NULL);
    phone_hint();
}

/* ---- drawing ------------------------------------------------------------------------------ */

void screen_appointment_form_draw(struct app *app)
{
    if (moving.id) {
        char title[160], when[128];
        slot_text(&moving.at, when, sizeof when);
        snprintf(title, sizeof title, _("Move appointment No. %lld"), (long long)moving.id);
        draw_title(app, title);
        /* whose, and when it is now: the form has only the new time */
        struct strbuf said = STRBUF_INIT;
        strbuf_printf(&said, _("%s, now %s, with %s."),
                      moving.person_name ? moving.person_name : "", when,
                      moving.operator_name ? moving.operator_name : "");
        draw_text(1, 1, COLS - 2, strbuf_str(&said), A_BOLD);
        strbuf_release(&said);
        draw_text(2, 1, COLS - 2, _("Tab moves between fields; Enter moves it; Esc goes back."),
                  A_NORMAL);
        field_form_draw(&form, 4, LINES - 9);
        return;
    }
    draw_title(app, _("New appointment"));
    draw_text(1, 1, COLS - 2, _("Tab moves between fields; Enter books; Esc goes back."),
              A_NORMAL);
    field_form_draw(&form, 3, LINES - 8);
}

/* ---- keys --------------------------------------------------------------------------------- */

/* The hints of the person's fields: a new person's phone is their consent; a known person's
 * name is their record's, a phone typed replaces theirs. */
static void phone_hint(void)
{
    fields[AF_NAME].hint = person_shown > 0
                               ? _("The name on record of the person found (Delete on Person for "
                                   "someone new).")
                               : _("A new person's first name and surname.");
    fields[AF_PHONE].hint =
        person_shown > 0
            ? _("Their phone on record; one typed here replaces it (left empty, theirs is kept).")
            : _("To call them the day before (the call list); giving it records their consent "
                "to be called.");
    fields[AF_EMAIL].hint = fields[AF_PHONE].hint;
}

/* After a key (person_taken: Enter took one of the person search's entries): the fields that
 * follow a choice (the person's name, phone and e-mail, the request's what-to-bring, the free
 * slots) follow it. */
static void follow_choices(struct app *app, bool person_taken)
{
    if (fields[AF_PERSON].found_id != person_shown ||
        (person_taken && fields[AF_PERSON].found_id == PERSON_NEW)) {
        person_shown = fields[AF_PERSON].found_id;
        fields[AF_NAME].read_only = person_shown > 0;
        for (size_t i = 0; i < nfound; i++)
            if (found[i].id == person_shown) {
                line_edit_set(&fields[AF_NAME].edit, found[i].name);
                line_edit_set(&fields[AF_PHONE].edit, found[i].phone ? found[i].phone : "");
                line_edit_set(&fields[AF_EMAIL].edit, found[i].email ? found[i].email : "");
            }
        if (person_shown == PERSON_NEW && person_typed) { /* the name typed, to complete */
            line_edit_set(&fields[AF_NAME].edit, person_typed);
            line_edit_set(&fields[AF_PHONE].edit, "");
            line_edit_set(&fields[AF_EMAIL].edit, "");
            free(person_typed);
            person_typed = NULL;
            focus_on(AF_NAME);
        } else if (!person_shown) /* none again: a new person, typed below */
            line_edit_set(&fields[AF_NAME].edit, "");
        phone_hint();
    }
    if (fields[AF_REQUEST].found_id != request_shown) {
        request_shown = fields[AF_REQUEST].found_id;
        const struct request_kind *k = kind_of(request_shown);
        if (!bring_typed)
            line_edit_set(&fields[AF_BRING].edit, k && k->bring ? k->bring : "");
    }
    if (focus_is(AF_BRING) && fields[AF_BRING].edit.changed)
        bring_typed = true;
    compute_slots(app, false, NULL);
    if (focus_is(AF_SLOT) || focus_is(AF_DAY))
        describe_slots();
}

static void back(struct app *app)
{
    release();
    app->screen = SCREEN_AGENDA;
    screen_agenda_reload(app);
}

/* The text of field i cleaned into *out (NULL when blank); false, said, when it cannot be. */
static bool take(struct app *app, int i, char **out)
{
    struct gu_error err;
    if (text_clean_input(fields[i].label, line_edit_text(&fields[i].edit),
                         fields[i].edit.max_chars, TEXT_REJECT_CONTROLS, out, &err)) {
        focus_on(i);
        app_error(app, &err);
        return false;
    }
    if (!**out) {
        free(*out);
        *out = NULL;
    }
    return true;
}

/* The store refused the slot: taken meanwhile at another desk, its next free one chosen, said. */
static void slot_taken(struct app *app, const struct appointment_slot *slot, bool booking)
{
    if (!slot->taken)
        return;
    compute_slots(app, true, slot->found ? &slot->next : NULL);
    focus_on(AF_SLOT);
    if (fields[AF_SLOT].choice >= 0) {
        char next[128];
        slot_text(&slots[fields[AF_SLOT].choice], next, sizeof next);
        app_message(app, true,
                    booking ? _("That slot was taken meanwhile: the next free one, %s, is "
                                "chosen; Enter books it.")
                            : _("That slot was taken meanwhile: the next free one, %s, is "
                                "chosen; Enter moves it there."),
                    next);
    }
}

/* Enter on a move: the appointment at the slot chosen. */
static void save_move(struct app *app)
{
    if (fields[AF_SLOT].choice < 0) {
        app_message(app, true, "%s", _("Choose a free slot (Left and Right on Slot)."));
        focus_on(AF_SLOT);
        return;
    }
    const struct gu_datetime at = slots[fields[AF_SLOT].choice];
    struct appointment_slot slot;
    struct gu_error err;
    int64_t id = moving.id;
    if (store_move_appointment(app->st, id, &at, durations[fields[AF_DURATION].choice],
                               moving.sequence, app->operator_id, &slot, &err)) {
        app_error(app, &err);
        slot_taken(app, &slot, false);
        if (!slot.taken) { /* changed at another desk: the header shows it as it is now */
            struct appointment now;
            bool exists = false;
            if (!store_get_appointment(app->st, id, &now, &exists, &err) && exists) {
                appointment_clear(&moving);
                moving = now;
            }
            /* ended meanwhile (kept, missed, cancelled): nothing left to move, the message said */
            if (!exists || moving.status != APPOINTMENT_PLANNED) {
                form.dirty = false;
                back(app);
            }
        }
        return;
    }
    char when[128];
    slot_text(&at, when, sizeof when);
    app_message(app, false, _("Appointment %lld moved to %s."), (long long)id, when);
    app->data_version = store_data_version(app->st);
    form.dirty = false;
    back(app);
    screen_agenda_select(app, id);
}

static void save(struct app *app)
{
    if (moving.id) {
        save_move(app);
        return;
    }
    char *name = NULL, *phone = NULL, *email = NULL, *bring = NULL, *note = NULL;
    if (!take(app, AF_NAME, &name) || !take(app, AF_PHONE, &phone) ||
        !take(app, AF_EMAIL, &email) || !take(app, AF_BRING, &bring) || !take(app, AF_NOTE, &note))
        goto out;
    if (!name) {
        app_message(app, true, "%s", _("Find the person, or type a new person's name."));
        focus_on(AF_PERSON);
        goto out;
    }
    if (fields[AF_OPERATOR].choice < 0 || fields[AF_SLOT].choice < 0) {
        app_message(app, true, "%s", _("Choose a free slot (Left and Right on Slot)."));
        focus_on(fields[AF_OPERATOR].choice < 0 ? AF_OPERATOR : AF_SLOT);
        goto out;
    }
    const struct request_kind *k = kind_of(fields[AF_REQUEST].found_id);
    const struct gu_datetime at = slots[fields[AF_SLOT].choice];
    struct appointment_new in = {
        .at = at, .duration_min = durations[fields[AF_DURATION].choice],
        .operator_name = operators[fields[AF_OPERATOR].choice].name,
        .site_name = app->site_name, .request = k ? k->code : NULL,
        .bring = bring ? bring : "", .note = note};
    int64_t known = fields[AF_PERSON].found_id > 0 ? fields[AF_PERSON].found_id : 0;
    struct person person = {.name = name, .phone = phone, .email = email, .id = known};
    struct appointment_slot slot;
    struct gu_error err;
    int64_t id = 0;
    if (store_add_appointment(app->st, &in, &person, &id, &slot, &err)) {
        app_error(app, &err);
        slot_taken(app, &slot, true);
        goto out;
    }
    char when[128];
    slot_text(&at, when, sizeof when);
    app_message(app, false, _("Appointment %lld booked: %s, %s, with %s."), (long long)id, name,
                when, in.operator_name);
    app->data_version = store_data_version(app->st);
    form.dirty = false;
    back(app);
    screen_agenda_select(app, id);
out:
    free(name), free(phone), free(email), free(bring), free(note);
}

void screen_appointment_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    /* a known person's name is their record's: said rather than typed into nothing */
    if (focus_is(AF_NAME) && fields[AF_NAME].read_only && action == ACT_NONE && !key.function &&
        key.code >= 0x20) {
        app_message(app, true, "%s",
                    _("This is the record of the person found: Delete on Person for someone "
                      "new."));
        return;
    }
    bool taking = form.searching && focus_is(AF_PERSON) && action == ACT_SAVE;
    field_form_screen_key(app, &form, action, key, save, back);
    if (app->screen == SCREEN_APPOINTMENT_FORM)
        follow_choices(app, taking && !form.searching);
}
