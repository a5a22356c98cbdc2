/* A person: found as the name is typed (the desk's one search), then what guichet holds about
 * them (their record, workshop registrations and referrals); booking them onto a planned
 * workshop, joining another record of theirs into this one, exporting their data to a file and
 * erasing them (right of access and right to erasure, domain.md §6). Lists keep their selection
 * by number across reloads; nothing here holds a transaction while a key is awaited. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "output.h"
#include "person.h"
#include "strbuf.h"
#include "text.h"

/* People listed as the name is typed: one more is asked for, to know that there are more. */
#define FOUND_MAX 200
/* Records of the same name offered for a merge (screen_workshop.c's `m` looks as far). */
#define CANDIDATES_MAX 50
#define CANDIDATES_SEARCHED 500
/* How long an erasure waits for other desks to finish reading, as `person erase` does. */
#define ERASE_WAIT_MS 30000
/* Names tried for an export file before giving up: guichet-person-ID-DATE[-N].json. */
#define EXPORT_NAMES_TRIED 100

enum mode { MODE_FIND, MODE_PERSON, MODE_BOOK, MODE_MERGE };

/* A record listed by the search, or offered for a merge: copied, so that a reload (another
 * desk writing) never leaves a borrowed string behind. */
struct someone {
    int64_t id;
    char *name, *phone, *email; /* owned; the phone as the desk reads it */
};

struct reg_line {
    int64_t registration_id, workshop_id;
    char *title; /* owned */
    struct gu_datetime at;
    int state, workshop_status, position;
};

struct appt_line {
    int64_t id;
    struct gu_datetime at;
    char *request; /* owned, never NULL */
    enum appointment_status status;
};

struct ref_line {
    int64_t id;
    char referred_at[DATETIME_TEXT_SIZE], follow_up_on[DATE_TEXT_SIZE];
    char *request, *partner; /* owned, never NULL */
    int status;
};

static enum mode mode;

/* The search. */
static struct line_edit search;
static struct someone *found;
static size_t nfound, found_cap, found_sel, found_top;
static bool found_more;

/* The person shown. */
static int64_t person_id;
static bool person_loaded;
static struct {
    char *name, *phone, *email; /* owned; name NULL once erased; phone as the desk reads it */
    char *phone_kept;           /* owned: the phone as stored, for a booking */
    char *consent_at, *last_activity_on, *created_at, *erased_at;
    long long same_name;
} person;
static struct reg_line *regs;
static size_t nregs, regs_cap;
static struct ref_line *refs;
static size_t nrefs, refs_cap;
static struct appt_line *appts;
static size_t nappts, appts_cap;
static size_t body_top; /* first line of the registrations and referrals shown */

/* Booking: the planned workshops to come. */
static struct workshop *choices;
static size_t nchoices, choices_cap, choice_sel, choice_top;

/* Merging: the other records of the same name. */
static struct someone *candidates;
static size_t ncandidates, candidates_cap, candidate_sel, candidate_top;

static void someone_free(struct someone *s)
{
    free(s->name);
    free(s->phone);
    free(s->email);
}

/* A copy of p, the phone as the desk reads it; false when out of memory. */
static bool someone_set(struct someone *s, const struct participant_row *p)
{
    *s = (struct someone){p->id, strdup(p->name ? p->name : ""), person_phone_for_display(p->phone),
                          p->email ? strdup(p->email) : NULL};
    if (s->name && (!p->phone || s->phone) && (!p->email || s->email))
        return true;
    someone_free(s);
    return false;
}

/* "03/03/2026" for the date that text ("YYYY-MM-DD…", local or UTC) begins with; text as it is
 * when it does not. */
static void short_date(char *buf, size_t size, const char *text)
{
    char day[DATE_TEXT_SIZE];
    int y, m, d;
    snprintf(day, sizeof day, "%s", text ? text : "");
    if (date_parse(day, &y, &m, &d))
        i18n_format_date_short(buf, size, y, m, d);
    else
        snprintf(buf, size, "%s", text ? text : "");
}

/* Keeps row *sel within [0, n) and in view: *top is the first of rows rows shown. */
static void keep_in_view(size_t *sel, size_t *top, size_t n, int rows)
{
    if (*sel >= n)
        *sel = n ? n - 1 : 0;
    if (*sel < *top)
        *top = *sel;
    if (rows > 0 && *sel >= *top + (size_t)rows)
        *top = *sel - (size_t)rows + 1;
}

/* ---- the search ---------------------------------------------------------------------------- */

static void found_clear(void)
{
    for (size_t i = 0; i < nfound; i++)
        someone_free(&found[i]);
    nfound = 0;
    found_more = false;
}

static int collect_found(const struct participant_row *p, void *ctx)
{
    struct gu_error *err = ctx;
    if (nfound == FOUND_MAX) {
        found_more = true;
        return GU_OK;
    }
    if (!array_reserve(&found, &found_cap, nfound, sizeof *found, 32) ||
        !someone_set(&found[nfound], p))
        return error_nomem(err);
    nfound++;
    return GU_OK;
}

/* Runs the search again; the person selected stays selected while they are found. */
static void search_reload(struct app *app)
{
    int64_t selected_id = found_sel < nfound ? found[found_sel].id : 0;
    found_clear();
    struct gu_error err;
    if (store_find_participants(app->st, line_edit_text(&search), FOUND_MAX + 1, collect_found,
                                &err, &err))
        app_error(app, &err);
    found_sel = 0;
    for (size_t i = 0; i < nfound; i++)
        if (found[i].id == selected_id)
            found_sel = i;
}

/* ---- the person ---------------------------------------------------------------------------- */

static void person_clear(void)
{
    char **owned[] = {&person.name,       &person.phone,            &person.email,
                      &person.phone_kept, &person.consent_at,       &person.last_activity_on,
                      &person.created_at, &person.erased_at};
    for (size_t i = 0; i < ARRAY_LEN(owned); i++) {
        free(*owned[i]);
        *owned[i] = NULL;
    }
    person.same_name = 0;
    for (size_t i = 0; i < nregs; i++)
        free(regs[i].title);
    nregs = 0;
    for (size_t i = 0; i < nrefs; i++) {
        free(refs[i].request);
        free(refs[i].partner);
    }
    nrefs = 0;
    for (size_t i = 0; i < nappts; i++)
        free(appts[i].request);
    nappts = 0;
    person_loaded = false;
}

/* A copy of s into *out (NULL for NULL); false when out of memory. */
static bool copy(char **out, const char *s)
{
    *out = s ? strdup(s) : NULL;
    return !s || *out;
}

static int collect_person(const struct person_row *p, void *ctx)
{
    struct gu_error *err = ctx;
    person.same_name = p->same_name;
    person.phone = person_phone_for_display(p->phone);
    if (!copy(&person.name, p->name) || !copy(&person.email, p->email) ||
        !copy(&person.phone_kept, p->phone) || (p->phone && !person.phone) ||
        !copy(&person.consent_at, p->consent_at) ||
        !copy(&person.last_activity_on, p->last_activity_on) ||
        !copy(&person.created_at, p->created_at) || !copy(&person.erased_at, p->erased_at))
        return error_nomem(err);
    return GU_OK;
}

static int collect_registration(const struct person_registration_row *r, void *ctx)
{
    struct gu_error *err = ctx;
    if (!array_reserve(&regs, &regs_cap, nregs, sizeof *regs, 16))
        return error_nomem(err);
    regs[nregs] = (struct reg_line){r->registration_id, r->workshop_id,
                                    strdup(r->title ? r->title : ""), r->at, r->state,
                                    r->workshop_status, r->position};
    if (!regs[nregs].title)
        return error_nomem(err);
    nregs++;
    return GU_OK;
}

static int collect_referral(const struct referral *r, void *ctx)
{
    struct gu_error *err = ctx;
    if (!array_reserve(&refs, &refs_cap, nrefs, sizeof *refs, 16))
        return error_nomem(err);
    struct ref_line *l = &refs[nrefs];
    *l = (struct ref_line){.id = r->id, .status = r->status};
    snprintf(l->referred_at, sizeof l->referred_at, "%s", r->referred_at);
    snprintf(l->follow_up_on, sizeof l->follow_up_on, "%s", r->follow_up_on);
    l->request = strdup(r->request_label ? r->request_label : r->need ? r->need : "");
    l->partner = strdup(r->partner_name ? r->partner_name : "");
    if (!l->request || !l->partner) {
        free(l->request);
        free(l->partner);
        return error_nomem(err);
    }
    nrefs++;
    return GU_OK;
}

static int collect_appointment(const struct appointment *a, void *ctx)
{
    struct gu_error *err = ctx;
    if (!array_reserve(&appts, &appts_cap, nappts, sizeof *appts, 8))
        return error_nomem(err);
    appts[nappts] = (struct appt_line){a->id, a->at,
                                       strdup(a->request_label ? a->request_label : ""),
                                       a->status};
    if (!appts[nappts].request)
        return error_nomem(err);
    nappts++;
    return GU_OK;
}

static void person_reload(struct app *app)
{
    person_clear();
    struct gu_error err;
    const struct appointment_filter theirs = {.participant_id = person_id, .every_status = true};
    if (store_get_person(app->st, person_id, collect_person, &err, &person_loaded, &err) ||
        (person_loaded &&
         (store_list_person_registrations(app->st, person_id, collect_registration, &err, &err) ||
          store_list_person_referrals(app->st, person_id, collect_referral, &err, &err) ||
          store_list_appointments(app->st, &theirs, collect_appointment, &err, &err))))
        app_error(app, &err);
}

/* ---- choosers: workshops to book, records to merge ---------------------------------------- */

static void choices_clear(void)
{
    for (size_t i = 0; i < nchoices; i++)
        workshop_clear(&choices[i]);
    nchoices = 0;
}

/* Planned workshops that have not started: those a person can be booked onto. */
static int collect_choice(const struct workshop *w, void *ctx)
{
    struct gu_error *err = ctx;
    struct gu_datetime now = clock_now();
    if (w->status != workshop_status("planned") || datetime_compare(&w->at, &now) <= 0)
        return GU_OK;
    if (!array_reserve(&choices, &choices_cap, nchoices, sizeof *choices, 16))
        return error_nomem(err);
    if (workshop_copy(&choices[nchoices], w, err))
        return GU_FAILURE;
    nchoices++;
    return GU_OK;
}

/* The workshops to choose from again; the one selected stays selected while it is there. */
static void choices_reload(struct app *app)
{
    int64_t selected_id = choice_sel < nchoices ? choices[choice_sel].id : 0;
    choices_clear();
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    struct gu_error err;
    if (store_list_workshops(app->st, today, NULL, collect_choice, &err, &err))
        app_error(app, &err);
    choice_sel = 0;
    for (size_t i = 0; i < nchoices; i++)
        if (choices[i].id == selected_id)
            choice_sel = i;
}

static void candidates_clear(void)
{
    for (size_t i = 0; i < ncandidates; i++)
        someone_free(&candidates[i]);
    ncandidates = candidate_sel = candidate_top = 0;
}

struct candidate_search {
    char *fold; /* the person's folded name */
    struct gu_error *err;
};

/* Keeps the records found by name whose folded name is the person's, other than theirs. */
static int collect_candidate(const struct participant_row *p, void *ctx)
{
    struct candidate_search *cs = ctx;
    if (p->id == person_id || !p->name || ncandidates >= CANDIDATES_MAX)
        return GU_OK;
    char *fold = text_fold(p->name);
    if (!fold)
        return error_nomem(cs->err);
    bool same = !strcmp(fold, cs->fold);
    free(fold);
    if (!same)
        return GU_OK;
    if (!array_reserve(&candidates, &candidates_cap, ncandidates, sizeof *candidates, 8) ||
        !someone_set(&candidates[ncandidates], p))
        return error_nomem(cs->err);
    ncandidates++;
    return GU_OK;
}

/* ---- opening, reloading ------------------------------------------------------------------- */

void screen_person_open(struct app *app)
{
    /* From home, a new search: what was typed for someone else is not applied to this one. */
    line_edit_init(&search, NAME_MAX_CHARS, false);
    found_clear();
    person_clear();
    choices_clear();
    candidates_clear();
    found_sel = found_top = 0;
    mode = MODE_FIND;
    app->message[0] = '\0';
}

void screen_person_reload(struct app *app)
{
    if (mode == MODE_FIND) {
        search_reload(app);
        return;
    }
    person_reload(app);
    if (mode == MODE_BOOK)
        choices_reload(app);
    /* The merge chooser keeps its copies: the record chosen is checked again when joined. */
}

static void show_person(struct app *app, int64_t id)
{
    person_id = id;
    body_top = 0;
    mode = MODE_PERSON;
    app->message[0] = '\0';
    person_reload(app);
}

/* ---- drawing ------------------------------------------------------------------------------ */

/* Columns of the lists of people (found, or to merge): number, name, phone, e-mail, as wide as
 * what the list holds. */
static struct draw_column someone_cols[4];

static void measure_someone(const struct someone *list, size_t n)
{
    const char *headings[4] = {_("No."), _("Name"), _("Phone"), _("E-mail")};
    for (int i = 0; i < 4; i++) {
        someone_cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 1 ? 16 : 0};
        draw_column_want(&someone_cols[i], headings[i]);
    }
    for (size_t i = 0; i < n; i++) {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)list[i].id);
        draw_column_want(&someone_cols[0], num);
        draw_column_want(&someone_cols[1], list[i].name);
        draw_column_want(&someone_cols[2], list[i].phone);
        draw_column_want(&someone_cols[3], list[i].email);
    }
    someone_cols[0].min = someone_cols[0].want;
    someone_cols[2].min = someone_cols[2].want;
    draw_columns_fit(someone_cols, 4, 2, COLS - 3);
}

static void draw_someone_titles(int y)
{
    const char *headings[4] = {_("No."), _("Name"), _("Phone"), _("E-mail")};
    for (int i = 0; i < 4; i++)
        draw_text(y, someone_cols[i].x, someone_cols[i].width, headings[i], A_UNDERLINE);
}

static void draw_someone(int y, const struct someone *s, bool here)
{
    unsigned attr = here ? draw_attr_focus() : A_NORMAL;
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)s->id);
    draw_text(y, 0, COLS, "", attr);
    draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
    const char *cells[4] = {num, s->name, s->phone ? s->phone : "", s->email ? s->email : ""};
    for (int i = 0; i < 4; i++)
        draw_text(y, someone_cols[i].x, someone_cols[i].width, cells[i], attr);
}

static void draw_find(void)
{
    int y = 2, bottom = LINES - 3;
    draw_text(y + 1, 2, COLS - 4,
              _("Words of the name, in any order; accents and capitals do not matter."),
              A_DIM);
    measure_someone(found, nfound);
    draw_someone_titles(y + 3);
    int first = y + 4, rows = bottom - first - (found_more ? 1 : 0);
    if (!*line_edit_text(&search))
        draw_text(first, 2, COLS - 4, _("Nobody shown yet: type the name."), A_NORMAL);
    else if (!nfound)
        draw_text(first, 2, COLS - 4, _("Nobody of that name."), A_NORMAL);
    keep_in_view(&found_sel, &found_top, nfound, rows);
    for (size_t i = found_top; i < nfound && (int)(i - found_top) < rows; i++)
        draw_someone(first + (int)(i - found_top), &found[i], i == found_sel);
    if (found_more)
        draw_textf(bottom - 1, 2, COLS - 4, A_BOLD,
                   _("The first %d are shown: type more of the name."), FOUND_MAX);
    int label_w = (int)text_width(_("Name:")), field_x = label_w + 3 > 12 ? label_w + 3 : 12;
    draw_text(y, 2, label_w, _("Name:"), A_BOLD);
    line_edit_draw(&search, y, field_x, COLS - field_x - 2 < 50 ? COLS - field_x - 2 : 50,
                   true); /* the cursor last */
}

static void draw_person_header(void)
{
    char a[64], b[64], c[64];
    if (!person.name) {
        short_date(a, sizeof a, person.erased_at);
        draw_textf(2, 2, COLS - 4, A_BOLD, _("Erased on %s: no name, phone or e-mail is kept."), a);
    } else {
        draw_text(2, 2, COLS - 4, person.name, A_BOLD);
        draw_textf(3, 2, COLS - 4, A_NORMAL, _("Phone: %s · E-mail: %s"),
                   person.phone ? person.phone : _("none"), person.email ? person.email : _("none"));
    }
    short_date(a, sizeof a, person.created_at);
    short_date(b, sizeof b, person.last_activity_on);
    short_date(c, sizeof c, person.consent_at);
    draw_textf(4, 2, COLS - 4, A_NORMAL, _("Record since %s · last activity: %s"), a,
               person.last_activity_on ? b : _("none"));
    draw_textf(5, 2, COLS - 4, A_NORMAL, _("Consent to be contacted: %s"),
               person.consent_at ? c : _("none"));
    if (person.same_name)
        draw_textf(6, 2, COLS - 4, A_BOLD,
                   ngettext("%lld other record has this name: m to join it if it is the same "
                            "person.",
                            "%lld other records have this name: m to join one if it is the same "
                            "person.",
                            (unsigned long)person.same_name),
                   person.same_name);
}

/* The body, as lines: registrations, then appointments, then referrals, then what else guichet
 * holds. Each part: its title, its column headings, its rows (or a line saying none), a gap. */
enum { BODY_TITLE, BODY_HEAD, BODY_ROW, BODY_NONE, BODY_GAP, BODY_NOTE };
enum { PART_REGS, PART_APPTS, PART_REFS, PART_COUNT };

static size_t part_rows(int part)
{
    size_t n = part == PART_REGS ? nregs : part == PART_APPTS ? nappts : nrefs;
    return n ? n : 1;
}

static size_t body_lines(void)
{
    size_t n = 1; /* the note */
    for (int p = 0; p < PART_COUNT; p++)
        n += 2 + part_rows(p) + 1;
    return n;
}

/* What body line i is, in which part (*part), *item the row it shows. */
static int body_kind(size_t i, int *part, size_t *item)
{
    for (int p = 0; p < PART_COUNT; p++) {
        *part = p;
        size_t rows = part_rows(p);
        if (i < 2)
            return i ? BODY_HEAD : BODY_TITLE;
        if (i < 2 + rows) {
            *item = i - 2;
            size_t n = p == PART_REGS ? nregs : p == PART_APPTS ? nappts : nrefs;
            return n ? BODY_ROW : BODY_NONE;
        }
        if (i == 2 + rows)
            return BODY_GAP;
        i -= 3 + rows;
    }
    return BODY_NOTE;
}

static void registration_state(const struct reg_line *r, char *st, size_t size)
{
    if (r->state == vocab_find(VOCAB_REGISTRATION_STATE, "waitlisted"))
        snprintf(st, size, _("Waitlisted (%d)"), r->position);
    else
        snprintf(st, size, "%s", vocab_label(VOCAB_REGISTRATION_STATE, r->state));
    if (r->workshop_status == workshop_status("cancelled")) {
        size_t used = strlen(st);
        snprintf(st + used, size - used, " · %s",
                 vocab_label(VOCAB_WORKSHOP_STATUS, r->workshop_status));
    }
}

static void referral_status(const struct ref_line *r, char *st, size_t size)
{
    snprintf(st, size, "%s", vocab_label(VOCAB_REFERRAL_STATUS, r->status));
    if (r->status == vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre") && r->follow_up_on[0]) {
        char due[32];
        short_date(due, sizeof due, r->follow_up_on);
        size_t used = strlen(st);
        snprintf(st + used, size - used, " (%s)", due);
    }
}

/* The columns of the registrations (number, date, workshop, state) and of the referrals (date,
 * request, partner, status), as wide as what they hold. */
static struct draw_column reg_cols[4], ref_cols[4], appt_cols[4];

static const char *appt_heading(int i)
{
    const char *headings[4] = {_("No."), _("Date"), _("Request"), _("Status")};
    return headings[i];
}

static void measure_body(void)
{
    const char *reg_headings[4] = {_("No."), _("Date"), _("Workshop"), _("State")};
    const char *ref_headings[4] = {_("Date"), _("Request"), _("Partner"), _("Status")};
    for (int i = 0; i < 4; i++) {
        reg_cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 2 ? 16 : 0};
        ref_cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 1 || i == 2 ? 12 : 0};
        draw_column_want(&reg_cols[i], reg_headings[i]);
        draw_column_want(&ref_cols[i], ref_headings[i]);
    }
    for (size_t i = 0; i < nregs; i++) {
        char num[32], when[64], st[160];
        snprintf(num, sizeof num, "%lld", (long long)regs[i].registration_id);
        i18n_format_datetime_short(when, sizeof when, &regs[i].at);
        registration_state(&regs[i], st, sizeof st);
        draw_column_want(&reg_cols[0], num);
        draw_column_want(&reg_cols[1], when);
        draw_column_want(&reg_cols[2], regs[i].title);
        draw_column_want(&reg_cols[3], st);
    }
    for (size_t i = 0; i < nrefs; i++) {
        char when[32], st[160];
        short_date(when, sizeof when, refs[i].referred_at);
        referral_status(&refs[i], st, sizeof st);
        draw_column_want(&ref_cols[0], when);
        draw_column_want(&ref_cols[1], refs[i].request);
        draw_column_want(&ref_cols[2], refs[i].partner);
        draw_column_want(&ref_cols[3], st);
    }
    for (int i = 0; i < 4; i++) {
        appt_cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 2 ? 12 : 0};
        draw_column_want(&appt_cols[i], appt_heading(i));
    }
    for (size_t i = 0; i < nappts; i++) {
        char num[32], when[64];
        snprintf(num, sizeof num, "%lld", (long long)appts[i].id);
        i18n_format_datetime_short(when, sizeof when, &appts[i].at);
        draw_column_want(&appt_cols[0], num);
        draw_column_want(&appt_cols[1], when);
        draw_column_want(&appt_cols[2], appts[i].request);
        draw_column_want(&appt_cols[3], appointment_status_label(appts[i].status));
    }
    appt_cols[0].min = appt_cols[0].want;
    appt_cols[1].min = appt_cols[1].want;
    appt_cols[3].min = appt_cols[3].want;
    draw_columns_fit(appt_cols, 4, 2, COLS - 3);
    reg_cols[0].min = reg_cols[0].want;
    reg_cols[1].min = reg_cols[1].want;
    ref_cols[0].min = ref_cols[0].want;
    ref_cols[3].min = ref_cols[3].want; /* "To follow up (20/03/2026)" whole */
    reg_cols[3].min = reg_cols[3].want;
    ref_cols[1].min = ref_cols[1].want < 12 ? ref_cols[1].want : 12;
    draw_columns_fit(reg_cols, 4, 2, COLS - 3);
    draw_columns_fit(ref_cols, 4, 2, COLS - 3);
}

static void draw_registration(int y, const struct reg_line *r)
{
    char num[32], when[64], st[160];
    snprintf(num, sizeof num, "%lld", (long long)r->registration_id);
    i18n_format_datetime_short(when, sizeof when, &r->at);
    registration_state(r, st, sizeof st);
    const char *cells[4] = {num, when, r->title, st};
    for (int i = 0; i < 4; i++)
        draw_text(y, reg_cols[i].x, reg_cols[i].width, cells[i], A_NORMAL);
}

static void draw_referral(int y, const struct ref_line *r)
{
    char when[32], st[160];
    short_date(when, sizeof when, r->referred_at);
    referral_status(r, st, sizeof st);
    draw_text(y, ref_cols[0].x, ref_cols[0].width, when, A_NORMAL);
    draw_text(y, ref_cols[1].x, ref_cols[1].width, r->request, A_NORMAL);
    draw_name(y, ref_cols[2].x, ref_cols[2].width, r->partner, A_NORMAL);
    draw_text(y, ref_cols[3].x, ref_cols[3].width, st, A_NORMAL);
}

static void draw_appointment(int y, const struct appt_line *a)
{
    char num[32], when[64];
    snprintf(num, sizeof num, "%lld", (long long)a->id);
    i18n_format_datetime_short(when, sizeof when, &a->at);
    const char *cells[4] = {num, when, a->request, appointment_status_label(a->status)};
    for (int i = 0; i < 4; i++)
        draw_text(y, appt_cols[i].x, appt_cols[i].width, cells[i], A_NORMAL);
}

static void draw_body_line(int y, size_t i)
{
    size_t item = 0;
    int part = 0;
    const char *reg_headings[4] = {_("No."), _("Date"), _("Workshop"), _("State")};
    const char *ref_headings[4] = {_("Date"), _("Request"), _("Partner"), _("Status")};
    const struct draw_column *cols;
    switch (body_kind(i, &part, &item)) {
    case BODY_TITLE:
        if (part == PART_REGS)
            draw_textf(y, 2, COLS - 4, A_BOLD, _("Workshop registrations: %zu"), nregs);
        else if (part == PART_APPTS)
            draw_textf(y, 2, COLS - 4, A_BOLD, _("Appointments: %zu"), nappts);
        else
            draw_textf(y, 2, COLS - 4, A_BOLD, _("Referrals in their name: %zu"), nrefs);
        break;
    case BODY_HEAD:
        cols = part == PART_REGS ? reg_cols : part == PART_APPTS ? appt_cols : ref_cols;
        for (int c = 0; c < 4; c++)
            draw_text(y, cols[c].x, cols[c].width,
                      part == PART_REGS    ? reg_headings[c]
                      : part == PART_APPTS ? appt_heading(c)
                                           : ref_headings[c],
                      A_UNDERLINE);
        break;
    case BODY_ROW:
        if (part == PART_REGS)
            draw_registration(y, &regs[item]);
        else if (part == PART_APPTS)
            draw_appointment(y, &appts[item]);
        else
            draw_referral(y, &refs[item]);
        break;
    case BODY_NONE:
        draw_text(y, 2, COLS - 4,
                  part == PART_REGS    ? _("None yet: b books one.")
                  : part == PART_APPTS ? _("None (n on the agenda books one).")
                                       : _("None."),
                  A_NORMAL);
        break;
    case BODY_NOTE:
        draw_text(y, 2, COLS - 4,
                  _("Notes that mention them and the audit log too: e exports everything."),
                  A_DIM);
        break;
    default: break;
    }
}

/* Lines the body may take: from BODY_Y to above the message line. */
#define BODY_Y 8
static int body_rows(void)
{
    int rows = LINES - 3 - BODY_Y;
    return rows > 1 ? rows : 1;
}

static void draw_person(void)
{
    draw_person_header();
    measure_body();
    int y = BODY_Y, rows = body_rows();
    size_t n = body_lines();
    if (body_top + (size_t)rows > n)
        body_top = n > (size_t)rows ? n - (size_t)rows : 0;
    for (size_t i = body_top; i < n && (int)(i - body_top) < rows; i++)
        draw_body_line(y++, i);
}

static bool registered_for(int64_t workshop_id)
{
    int cancelled = vocab_find(VOCAB_REGISTRATION_STATE, "cancelled");
    for (size_t i = 0; i < nregs; i++)
        if (regs[i].workshop_id == workshop_id && regs[i].state != cancelled)
            return true;
    return false;
}

static void draw_book(void)
{
    draw_textf(2, 2, COLS - 4, A_BOLD, _("Book %s onto which workshop?"),
               person.name ? person.name : "");
    draw_text(3, 2, COLS - 4,
              _("Up and Down choose, Enter books, Esc goes back; * already registered."), A_DIM);
    int first = 5, rows = LINES - 3 - first;
    if (!nchoices)
        draw_text(first, 2, COLS - 4,
                  _("No planned workshop to come: plan one from the workshops (w)."), A_NORMAL);
    keep_in_view(&choice_sel, &choice_top, nchoices, rows);
    struct workshop_columns cols;
    workshops_measure(choices, nchoices, true, 4, &cols);
    for (size_t i = choice_top; i < nchoices && (int)(i - choice_top) < rows; i++) {
        int y = first + (int)(i - choice_top);
        bool here = i == choice_sel;
        draw_text(y, 0, 2, here ? ">" : "", A_BOLD);
        draw_text(y, 2, 1, registered_for(choices[i].id) ? "*" : "", A_BOLD);
        workshops_draw_row(y, &choices[i], true, &cols, here ? draw_attr_focus() : A_NORMAL);
    }
}

static void draw_merge(void)
{
    struct strbuf line = STRBUF_INIT;
    strbuf_printf(&line,
                  _("Same person? Enter joins the chosen record into record %lld; Esc goes back."),
                  (long long)person_id);
    draw_text_wrapped(2, 2, COLS - 4, 2, strbuf_str(&line), A_BOLD);
    strbuf_release(&line);
    measure_someone(candidates, ncandidates);
    draw_someone_titles(4);
    int first = 5, rows = LINES - 3 - first;
    keep_in_view(&candidate_sel, &candidate_top, ncandidates, rows);
    for (size_t i = candidate_top; i < ncandidates && (int)(i - candidate_top) < rows; i++)
        draw_someone(first + (int)(i - candidate_top), &candidates[i], i == candidate_sel);
}

void screen_person_draw(struct app *app)
{
    if (mode == MODE_FIND) {
        draw_title(app, _("People"));
        draw_find();
        return;
    }
    struct strbuf title = STRBUF_INIT; /* as long as the name is */
    strbuf_printf(&title, _("Person No. %lld: %s"), (long long)person_id,
                  person.name ? person.name : person_loaded ? _("erased") : "");
    draw_title(app, strbuf_str(&title));
    strbuf_release(&title);
    if (!person_loaded) {
        draw_text(2, 2, COLS - 4,
                  _("This record no longer exists (joined into another one, or removed)."), A_BOLD);
        return;
    }
    if (mode == MODE_BOOK)
        draw_book();
    else if (mode == MODE_MERGE)
        draw_merge();
    else
        draw_person();
}

/* ---- booking ------------------------------------------------------------------------------ */

static void book_start(struct app *app)
{
    if (!person.name) {
        app_message(app, true, "%s", _("This person was erased: there is nobody to book."));
        return;
    }
    choice_sel = choice_top = 0;
    nchoices = 0;
    choices_reload(app);
    mode = MODE_BOOK;
    app->message[0] = '\0';
}

static void book_confirm(struct app *app)
{
    if (!nchoices || !person.name)
        return;
    const struct workshop *w = &choices[choice_sel];
    /* Their own record, by number: never another of the same name. */
    struct person who = {.name = person.name, .phone = person.phone_kept, .email = person.email,
                         .id = person_id};
    struct booking b;
    struct gu_error err;
    if (store_book(app->st, w->id, &who, app->operator_id, &b, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    char when[64];
    i18n_format_datetime_short(when, sizeof when, &w->at);
    struct strbuf said = STRBUF_INIT;
    if (b.waitlisted)
        strbuf_printf(&said, _("%s is on the waitlist of %s, %s, position %d (registration %lld)."),
                      person.name, w->title, when, b.position, (long long)b.registration_id);
    else
        strbuf_printf(&said, _("%s has a seat at %s, %s (registration %lld)."), person.name,
                      w->title, when, (long long)b.registration_id);
    char *text = strbuf_finish(&said);
    app_message(app, false, "%s", text ? text : "");
    free(text);
    mode = MODE_PERSON;
    choices_clear();
    person_reload(app);
}

/* ---- merging ------------------------------------------------------------------------------ */

static void merge_start(struct app *app)
{
    if (!person.name) {
        app_message(app, true, "%s", _("This person was erased: there is nothing to merge."));
        return;
    }
    candidates_clear();
    struct gu_error err;
    struct candidate_search cs = {text_fold(person.name), &err};
    int status = cs.fold ? GU_OK : error_nomem(&err);
    if (!status)
        status = store_find_participants(app->st, person.name, CANDIDATES_SEARCHED,
                                         collect_candidate, &cs, &err);
    free(cs.fold);
    if (status) {
        app_error(app, &err);
        candidates_clear();
        return;
    }
    if (!ncandidates) {
        app_message(app, false, _("No other record is named %s: nothing to merge."), person.name);
        return;
    }
    app->message[0] = '\0';
    mode = MODE_MERGE;
}

/* Whom to call, for each person the merge gave a seat (as after a cancellation). */
static void merge_promotion(const struct promotion *p, void *ctx)
{
    char *contact = person_contact_for_display(p->phone, p->email);
    strbuf_putc(ctx, ' ');
    strbuf_printf(ctx, _("New seat for %s: call %s."), p->name,
                  contact && *contact ? contact : _("no phone number"));
    free(contact);
}

static void merge_confirm(struct app *app)
{
    if (!ncandidates)
        return;
    int64_t other = candidates[candidate_sel].id;
    if (!app_confirm_namef(app, person.name, _("Join record %lld into record %lld, %s?"),
                           (long long)other, (long long)person_id, person.name ? person.name : ""))
        return;
    struct gu_error err;
    struct merge_outcome m;
    struct strbuf calls = STRBUF_INIT;
    if (store_merge_people(app->st, person_id, other, app->operator_id, merge_promotion, &calls,
                           &m, &err)) {
        strbuf_release(&calls);
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    struct strbuf done = STRBUF_INIT;
    strbuf_printf(&done, _("Record %lld joined into record %lld."), (long long)other,
                  (long long)person_id);
    strbuf_putc(&done, ' ');
    strbuf_printf(&done,
                  ngettext("%lld registration moved.", "%lld registrations moved.",
                           (unsigned long)m.moved),
                  m.moved);
    if (m.appointments) {
        strbuf_putc(&done, ' ');
        strbuf_printf(&done,
                      ngettext("%lld appointment moved.", "%lld appointments moved.",
                               (unsigned long)m.appointments),
                      m.appointments);
    }
    if (m.dropped) {
        strbuf_putc(&done, ' ');
        strbuf_printf(
            &done,
            ngettext("%lld registration removed: both records had one for the same workshop.",
                     "%lld registrations removed: both records had one for the same workshop.",
                     (unsigned long)m.dropped),
            m.dropped);
    }
    if (m.took_phone || m.took_email) {
        strbuf_putc(&done, ' ');
        const char *took = m.took_phone && m.took_email
                               ? _("Phone number and e-mail taken from record %lld.")
                           : m.took_phone ? _("Phone number taken from record %lld.")
                                          : _("E-mail taken from record %lld.");
        strbuf_printf(&done, took, (long long)other);
    }
    strbuf_puts(&done, strbuf_str(&calls));
    strbuf_release(&calls);
    char *text = strbuf_finish(&done);
    app_message(app, false, "%s", text ? text : "");
    free(text);
    mode = MODE_PERSON;
    candidates_clear();
    person_reload(app);
}

/* ---- export ------------------------------------------------------------------------------- */

/* The person's data as one JSON document, as `person export` writes it: an array of objects per
 * section, phones as stored. */
struct export_writer {
    FILE *f;
    const char *section; /* the section being written (a literal of the store), NULL before */
};

static int export_record(const char *section, int n, const char *const *names,
                         const char *const *values, void *ctx)
{
    struct export_writer *w = ctx;
    if (!w->section || strcmp(w->section, section) != 0) {
        fputs(w->section ? "\n  ],\n  " : "{\n  ", w->f);
        output_json_string(w->f, section);
        fputs(": [", w->f);
    } else
        fputc(',', w->f);
    fputs("\n    {", w->f);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", w->f);
        output_json_string(w->f, names[i]);
        fputs(": ", w->f);
        if (values[i])
            output_json_string(w->f, values[i]);
        else
            fputs("null", w->f);
    }
    fputc('}', w->f);
    w->section = section;
    return GU_OK;
}

/* A new file in folder for person id's export, created 0600 and never over another file:
 * *path (owned) names it. -1 with errno set when none could be created. */
static int export_create(const char *folder, int64_t id, char **path)
{
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    *path = NULL;
    for (int n = 1; n <= EXPORT_NAMES_TRIED; n++) {
        struct strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "%s%sguichet-person-%lld-%s", folder,
                      folder[strlen(folder) - 1] == '/' ? "" : "/", (long long)id, today);
        if (n > 1)
            strbuf_printf(&b, "-%d", n);
        strbuf_puts(&b, ".json");
        char *candidate = strbuf_finish(&b);
        if (!candidate) {
            errno = ENOMEM;
            return -1;
        }
        int fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            fchmod(fd, 0600); /* whatever the umask: it holds personal data */
            *path = candidate;
            return fd;
        }
        int saved = errno;
        free(candidate);
        errno = saved;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

static void export_person(struct app *app)
{
    /* beside the database; a server's desk, in guichet's data folder here, as its printouts */
    char *folder = store_desk_folder(app->db_path, true), *path = NULL;
    int fd = folder ? export_create(folder, person_id, &path) : -1;
    int first_errno = errno;
    const char *home = getenv("HOME");
    if (fd < 0 && home && *home) { /* a folder the desk cannot write to: the home folder */
        free(folder);
        folder = strdup(home);
        fd = folder ? export_create(folder, person_id, &path) : -1;
    }
    if (fd < 0) {
        app_message(app, true, _("The export file could not be created beside the database: %s."),
                    error_system_text(first_errno));
        free(folder);
        return;
    }
    free(folder);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        app_message(app, true, _("The export file could not be written: %s."), error_system_text(errno));
        free(path);
        return;
    }
    struct export_writer w = {f, NULL};
    struct gu_error err;
    bool exists = false;
    int status = store_export_person(app->st, person_id, app->operator_id, export_record, &w,
                                     &exists, &err);
    if (!status && exists)
        fputs(w.section ? "\n  ]\n}\n" : "{}\n", f);
    /* Flushed to the disk before it is said to be there. */
    bool written = !ferror(f) && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int write_errno = errno;
    written = fclose(f) == 0 && written;
    if (status || !exists || !written) {
        unlink(path);
        if (status)
            app_error(app, &err);
        else if (!exists)
            app_message(app, true, _("Person %lld no longer exists: nothing was exported."),
                        (long long)person_id);
        else
            app_message(app, true, _("The export file could not be written: %s."),
                        error_system_text(write_errno ? write_errno : EIO));
        free(path);
        return;
    }
    app->data_version = store_data_version(app->st);
    app_message(app, false,
                _("Everything guichet holds about person %lld is in %s (readable by you alone: "
                  "hand it over, then delete it)."),
                (long long)person_id, path);
    free(path);
}

/* ---- erasure ------------------------------------------------------------------------------ */

/* The message line while the erasure waits for other desks to stop reading, or for a backup
 * being written to end. */
static void erase_waiting(enum store_wait_reason why, int waited_ms, int limit_ms, void *ctx)
{
    struct app *app = ctx;
    app_message(app, false,
                why == STORE_WAIT_BACKUP
                    ? _("Waiting for the backup being written to end: %d s of at most %d s…")
                    : _("Waiting for another desk to finish reading: %d s of at most %d s…"),
                waited_ms / 1000, limit_ms / 1000);
    app_draw(app);
}

static void erase_person(struct app *app)
{
    if (!app_confirm_namef(app, person.name,
                           _("Erase person %lld, %s, everywhere guichet keeps them? This cannot be "
                             "undone."),
                           (long long)person_id, person.name ? person.name : _("erased")))
        return;
    app_message(app, false, "%s", _("Erasing…"));
    app_draw(app);
    struct erasure_outcome o;
    struct gu_error err;
    int status = store_erase_person(app->st, person_id, app->operator_id, ERASE_WAIT_MS,
                                    erase_waiting, app, &o, &err);
    app->data_version = store_data_version(app->st);
    if (status) {
        app_error(app, &err);
        erasure_outcome_clear(&o);
        person_reload(app);
        return;
    }
    struct strbuf said = STRBUF_INIT;
    bool pending = o.files_pending || o.failed_count;
    if (pending) /* said plainly: never "erased" while a copy of them remains */
        strbuf_printf(&said, _("Person %lld is not completely erased yet."), (long long)person_id);
    else if (o.already)
        strbuf_printf(&said, _("Person %lld had been erased before; what was left of them is "
                               "erased now."),
                      (long long)person_id);
    else
        strbuf_printf(&said,
                      ngettext("Person %lld erased: %lld record of theirs (name, phone, e-mail).",
                               "Person %lld erased: %lld records of theirs (name, phone, e-mail).",
                               (unsigned long)o.people),
                      (long long)person_id, o.people);
    if (o.files_pending) {
        strbuf_putc(&said, ' ');
        strbuf_puts(&said, _("Another desk is still reading, so the database's files keep a copy "
                             "of them until it stops: guichet finishes by itself, or press d "
                             "again."));
    }
    if (o.failed_count) {
        strbuf_putc(&said, ' ');
        strbuf_printf(&said,
                      ngettext("%zu copy guichet keeps could not be changed: %s",
                               "%zu copies guichet keeps could not be changed, the first: %s",
                               (unsigned long)o.failed_count),
                      o.failed_count, o.failed[0]);
    }
    if (!pending) {
        if (o.referrals) {
            strbuf_putc(&said, ' ');
            strbuf_printf(&said,
                          ngettext("The contact of %lld referral.",
                                   "The contact of %lld referrals.", (unsigned long)o.referrals),
                          o.referrals);
        }
        if (o.texts) {
            strbuf_putc(&said, ' ');
            strbuf_printf(&said,
                          ngettext("Their name, phone or e-mail in %lld note or procedure.",
                                   "Their name, phone or e-mail in %lld notes or procedures.",
                                   (unsigned long)o.texts),
                          o.texts);
        }
        strbuf_putc(&said, ' ');
        strbuf_printf(&said,
                      ngettext("Also from %d copy guichet keeps; registrations stay, anonymous.",
                               "Also from %d copies guichet keeps; registrations stay, anonymous.",
                               (unsigned long)o.copies),
                      o.copies);
    }
    if (o.appointments) {
        strbuf_putc(&said, ' ');
        strbuf_printf(&said,
                      ngettext("%lld planned appointment of theirs cancelled.",
                               "%lld planned appointments of theirs cancelled.",
                               (unsigned long)o.appointments),
                      o.appointments);
    }
    /* Their seats went to the first people waiting: whom to call, as after a cancellation. */
    for (size_t i = 0; i < o.promotion_count; i++) {
        const struct promotion *p = &o.promotions[i];
        char *contact = person_contact_for_display(p->phone, p->email);
        strbuf_putc(&said, ' ');
        strbuf_printf(&said, _("New seat for %s: call %s."), p->name ? p->name : "",
                      contact && *contact ? contact : _("no phone number"));
        free(contact);
    }
    char *text = strbuf_finish(&said);
    app_message(app, pending, "%s", text ? text : "");
    free(text);
    erasure_outcome_clear(&o);
    person_reload(app);
}

/* ---- keys --------------------------------------------------------------------------------- */

static void leave(struct app *app)
{
    line_edit_release(&search);
    found_clear();
    person_clear();
    choices_clear();
    candidates_clear();
    app_show(app, SCREEN_HOME);
}

static void list_key(struct app *app, enum action_id action, size_t *sel, size_t n)
{
    int page = LINES - 8 > 1 ? LINES - 8 : 1;
    switch (action) {
    case ACT_UP: if (*sel > 0) (*sel)--; break;
    case ACT_DOWN: if (*sel + 1 < n) (*sel)++; break;
    case ACT_PAGE_UP: *sel = *sel > (size_t)page ? *sel - (size_t)page : 0; break;
    case ACT_PAGE_DOWN: *sel = *sel + (size_t)page < n ? *sel + (size_t)page : n ? n - 1 : 0; break;
    case ACT_CANCEL:
        mode = MODE_PERSON;
        choices_clear();
        candidates_clear();
        app->message[0] = '\0';
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}

static void find_key(struct app *app, enum action_id action, struct ui_key key)
{
    switch (action) {
    case ACT_CANCEL: leave(app); return;
    case ACT_OPEN:
        if (nfound)
            show_person(app, found[found_sel].id);
        return;
    case ACT_UP: if (found_sel > 0) found_sel--; return;
    case ACT_DOWN: if (found_sel + 1 < nfound) found_sel++; return;
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN: list_key(app, action, &found_sel, nfound); return;
    case ACT_HELP: app_help(app, NULL); return;
    case ACT_QUIT: app->quit = true; return; /* only as the too-small notice's q: q is typed */
    default: break;
    }
    bool refused;
    if (line_edit_key(&search, key, &refused)) {
        if (refused)
            app_message(app, true, "%s", _("That is as long as this field can be."));
        if (search.changed) {
            found_sel = found_top = 0;
            search_reload(app);
        }
    }
}

static void person_key(struct app *app, enum action_id action)
{
    size_t n = body_lines(), rows = (size_t)body_rows(), last = n > rows ? n - rows : 0;
    switch (action) {
    case ACT_UP: if (body_top > 0) body_top--; break;
    case ACT_DOWN: if (body_top < last) body_top++; break;
    case ACT_PAGE_UP: body_top = body_top > rows ? body_top - rows : 0; break;
    case ACT_PAGE_DOWN: body_top = body_top + rows < last ? body_top + rows : last; break;
    case ACT_BOOK: if (person_loaded) book_start(app); break;
    case ACT_MERGE: if (person_loaded) merge_start(app); break;
    case ACT_EXPORT: if (person_loaded) export_person(app); break;
    case ACT_DELETE: if (person_loaded) erase_person(app); break;
    case ACT_CANCEL: /* back to the people found, this one still selected */
        mode = MODE_FIND;
        person_clear();
        app->message[0] = '\0';
        search_reload(app);
        for (size_t i = 0; i < nfound; i++)
            if (found[i].id == person_id)
                found_sel = i;
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}

void screen_person_key(struct app *app, enum action_id action, struct ui_key key)
{
    switch (mode) {
    case MODE_FIND: find_key(app, action, key); break;
    case MODE_PERSON: person_key(app, action); break;
    case MODE_BOOK:
        if (action == ACT_OPEN)
            book_confirm(app);
        else
            list_key(app, action, &choice_sel, nchoices);
        break;
    case MODE_MERGE:
        if (action == ACT_OPEN)
            merge_confirm(app);
        else
            list_key(app, action, &candidate_sel, ncandidates);
        break;
    }
}
