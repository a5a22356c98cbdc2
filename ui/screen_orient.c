/* "Orienter": the desk types a few words of what the person asks; the policy's answer and the
 * partner's card show as they type; Enter then Enter records the referral (with the session it
 * came from, when opened from the session form). A request handled here opens a new session
 * with its theme instead. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "person.h"
#include "policy.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

#define ORIENT_MATCHES 5

static struct policy policy;
static struct line_edit need = {.max_chars = 120};
static struct policy_match matches[ORIENT_MATCHES];
static size_t nmatch, selected;
static struct partner_copy card;
static int64_t card_id, session_id;
static bool recording;

enum { REC_METHOD, REC_FOLLOW_UP, REC_NAME, REC_PHONE, REC_CONSENT, REC_COUNT };
static struct form_field rec_fields[REC_COUNT];
static struct field_form rec = {.fields = rec_fields, .n = REC_COUNT};

static const struct request_kind *chosen(void)
{
    return nmatch ? matches[selected].kind : NULL;
}

static int take_card(const struct partner *p, void *ctx)
{
    (void)ctx;
    return partner_copy_set(&card, p);
}

/* Loads the card of the chosen request's partner, when it changed. */
static void load_card(struct app *app)
{
    const struct request_kind *k = chosen();
    int64_t want = k ? k->partner_id : 0;
    if (want == card_id)
        return;
    partner_copy_free(&card);
    card_id = 0;
    struct gu_error err;
    if (want && store_get_partner(app->st, want, take_card, NULL, &err))
        app_error(app, &err);
    else
        card_id = want;
}

static void rank(struct app *app)
{
    nmatch = policy_rank(&policy, line_edit_text(&need), matches, ORIENT_MATCHES);
    selected = 0;
    load_card(app);
}

void screen_orient_reload(struct app *app)
{
    struct gu_error err;
    policy_free(&policy);
    partner_copy_free(&card); /* the partner may have changed too */
    card_id = 0;
    if (policy_load(app->st, &policy, &err))
        app_error(app, &err);
    rank(app);
}

void screen_orient_open(struct app *app, int64_t from_session)
{
    session_id = from_session;
    recording = false;
    line_edit_set(&need, NULL);
    app->screen = SCREEN_ORIENT;
    screen_orient_reload(app);
}

static const char *method_label(int index, void *ctx)
{
    (void)ctx;
    return vocab_label(VOCAB_REFERRAL_METHOD, index);
}

static void start_recording(void)
{
    field_form_release(&rec); /* the fields are filled again below */
    rec_fields[REC_METHOD] = (struct form_field){
        .label = _("How"), .kind = FORM_CHOICE, .choice = 0,
        .nchoices = (int)vocab_count(VOCAB_REFERRAL_METHOD), .choice_label = method_label,
        .hint = _("Left and Right choose how the person was sent.")};
    rec_fields[REC_FOLLOW_UP] = (struct form_field){
        .label = _("Follow up on"), .kind = FORM_TEXT, .edit = {.max_chars = 10},
        .check = field_check_date, .hint = _("The day to check how it went (DD/MM/YYYY).")};
    /* The day as the desk writes dates, 12/12/2026; an ISO date is understood too. */
    char follow_up[DATE_TEXT_SIZE], shown[32];
    int y, m, d;
    clock_today_text(REFERRAL_FOLLOW_UP_DAYS, follow_up);
    date_parse(follow_up, &y, &m, &d);
    i18n_format_date_short(shown, sizeof shown, y, m, d);
    line_edit_set(&rec_fields[REC_FOLLOW_UP].edit, shown);
    rec_fields[REC_NAME] = (struct form_field){
        .label = _("Contact name"), .kind = FORM_TEXT, .edit = {.max_chars = NAME_MAX_CHARS},
        .hint = _("Optional, and only if the person agrees to be called back.")};
    rec_fields[REC_PHONE] = (struct form_field){
        .label = _("Contact phone"), .kind = FORM_TEXT, .edit = {.max_chars = PHONE_MAX},
        .check = person_validate_phone,
        .hint = _("Optional, and only if the person agrees to be called back.")};
    rec_fields[REC_CONSENT] = (struct form_field){
        .label = _("Consent given"), .kind = FORM_CHECK,
        .hint = _("Space ticks: the person agrees that their contact is kept to follow up.")};
    rec.focus = rec.top = 0;
    rec.dirty = false;
    recording = true;
}

/* Back from the referral form to the requests, the words typed kept. */
static void stop_recording(struct app *app)
{
    (void)app;
    recording = false;
}

/* Cleans a typed field; NULL when empty. */
static int clean_field(struct app *app, int index, char **out)
{
    struct gu_error err;
    *out = NULL;
    if (text_clean_input(rec_fields[index].label, line_edit_text(&rec_fields[index].edit), 0,
                         TEXT_REJECT_CONTROLS, out, &err)) {
        rec.focus = index;
        app_error(app, &err);
        return GU_INVALID;
    }
    if (*out && !**out) {
        free(*out);
        *out = NULL;
    }
    return GU_OK;
}

/* Back home, releasing the policy and the card. */
static void leave(struct app *app)
{
    recording = false;
    field_form_release(&rec);
    line_edit_release(&need);
    partner_copy_free(&card);
    card_id = 0;
    policy_free(&policy);
    nmatch = 0;
    app_show(app, SCREEN_HOME);
}

static void record(struct app *app)
{
    const struct request_kind *k = chosen();
    struct referral r = {.request_kind_id = k->id, .partner_id = k->partner_id,
                         .session_id = session_id, .method = rec_fields[REC_METHOD].choice,
                         .consent = rec_fields[REC_CONSENT].checked};
    struct gu_datetime now = clock_now();
    datetime_format(&now, r.referred_at);
    /* field_check_date let only a day through; blank leaves the follow-up unset. */
    int fy, fm, fd;
    if (field_read_date(line_edit_text(&rec_fields[REC_FOLLOW_UP].edit), &fy, &fm, &fd))
        date_format(fy, fm, fd, r.follow_up_on);
    char *name = NULL, *phone = NULL, today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    struct gu_error err;
    int64_t id = 0;
    if (!clean_field(app, REC_NAME, &name) && !clean_field(app, REC_PHONE, &phone)) {
        r.contact_name = name;
        r.contact_phone = phone;
        if (referral_validate(&r, today, &err) ||
            store_add_referral(app->st, &r, app->operator_id, &id, &err))
            app_error(app, &err); /* the form stays as typed */
    }
    free(name);
    free(phone);
    if (!id)
        return;
    app->data_version = store_data_version(app->st);
    char shown[32] = "";
    if (field_read_date(r.follow_up_on, &fy, &fm, &fd))
        i18n_format_date_short(shown, sizeof shown, fy, fm, fd);
    struct strbuf done = STRBUF_INIT; /* said once the screen is left, which frees the card */
    strbuf_printf(&done, _("Referral No. %lld recorded: %s. Follow up on %s."), (long long)id,
                  card.p.field[PARTNER_NAME] ? card.p.field[PARTNER_NAME] : "", shown);
    leave(app);
    app_message(app, false, "%s", strbuf_str(&done));
    strbuf_release(&done);
}

/* Enter on a request: log a session when the library handles it here (whatever partner the
 * policy names for other cases, such as the Mission locale for the 16-25 year-olds), else
 * record a referral to its partner; partly here is a referral, as its card says where the rest
 * is done. */
static void choose(struct app *app)
{
    const struct request_kind *k = chosen();
    if (!k) {
        app_message(app, true, "%s",
                    _("No request of the policy matches: handle it here, or add it to the policy."));
        return;
    }
    bool here = k->answer && !strcmp(k->answer, "here");
    if (!here && k->partner_id) {
        start_recording();
        app->message[0] = '\0';
        return;
    }
    if (session_id) {
        app_message(app, false, "%s", _("Handled here: the session is saved, nothing to record."));
        return;
    }
    int theme = k->theme ? vocab_find(VOCAB_THEME, k->theme) : VOCAB_NONE;
    screen_form_open(app, NULL);
    if (theme != VOCAB_NONE)
        screen_form_tick_theme(theme);
    app_message(app, false, "%s", _("Handled here: log the session."));
}

void screen_orient_draw(struct app *app)
{
    draw_title(app, session_id ? _("Orient the person of this session") : _("Orient a person"));
    const struct request_kind *k = chosen();
    int width = COLS - 4;
    if (recording) {
        struct strbuf line = STRBUF_INIT;
        strbuf_printf(&line, "%s → %s", k->label,
                      card.p.field[PARTNER_NAME] ? card.p.field[PARTNER_NAME] : "");
        int n = draw_text_wrapped(2, 2, width, 2, strbuf_str(&line), A_BOLD);
        strbuf_release(&line);
        draw_text(2 + n, 2, width, _("Enter records the referral; Esc goes back."), A_NORMAL);
        field_form_draw(&rec, 4 + n, REC_COUNT);
        return;
    }
    int need_w = (int)text_width(_("Need:")), need_x = 2 + need_w + 1 > 12 ? 2 + need_w + 1 : 12;
    draw_text(2, 2, need_w, _("Need:"), A_BOLD);
    bool here = k && k->answer && !strcmp(k->answer, "here") && !session_id;
    draw_text(3, 2, width,
              here ? _("Type a few words; Up and Down choose; Enter logs a session: handled here.")
                   : _("Type a few words; Up and Down choose; Enter records."),
              A_DIM);
    int y = 5;
    if (!nmatch && *line_edit_text(&need))
        draw_text(y++, 4, width - 2,
                  _("No request of the policy matches: handle it here, or add it to the policy."),
                  A_NORMAL);
    for (size_t i = 0; i < nmatch; i++, y++) {
        const struct request_kind *m = matches[i].kind;
        int answer = vocab_find(VOCAB_POLICY_ANSWER, m->answer);
        /* The answer stays whole at the end of the line; the request is cut before it. */
        const char *label = vocab_label(VOCAB_POLICY_ANSWER, answer);
        int answer_w = (int)text_width(label) + 2, label_w = width - answer_w - 2;
        unsigned attr = i == selected ? draw_attr_focus() : A_NORMAL;
        draw_text(y, 2, width + 2, "", attr);
        char *request = text_fit(m->label ? m->label : "", (size_t)(label_w > 0 ? label_w : 0));
        draw_textf(y, 2, width + 2, attr, "%s  [%s]", request ? request : "", label);
        free(request);
    }
    y = 5 + ORIENT_MATCHES + 1;
    if (k) {
        int answer = vocab_find(VOCAB_POLICY_ANSWER, k->answer);
        draw_textf(y++, 2, width, A_BOLD | A_UNDERLINE, "%s %s", _("Answer:"),
                   vocab_label(VOCAB_POLICY_ANSWER, answer));
        if (card_id) /* a line kept for what to bring and for the note */
            y = partner_card_draw(&card.p, y, 4, width - 2,
                                  LINES - 3 - (k->bring != NULL) - (k->staff_note != NULL));
        struct strbuf line = STRBUF_INIT;
        if (k->bring && y < LINES - 3) {
            strbuf_printf(&line, "%s %s", _("What to bring:"), k->bring);
            y += draw_text_wrapped(y, 4, width - 2, LINES - 3 - y - (k->staff_note != NULL),
                                   strbuf_str(&line), A_NORMAL);
        }
        if (k->staff_note && y < LINES - 3) {
            strbuf_release(&line);
            strbuf_printf(&line, "%s %s", _("Note for staff:"), k->staff_note);
            draw_text_wrapped(y, 4, width - 2, LINES - 3 - y, strbuf_str(&line), A_DIM);
        }
        strbuf_release(&line);
    }
    line_edit_draw(&need, 2, need_x, COLS - need_x - 2, true);
}

void screen_orient_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (recording) {
        if (action == ACT_UP)
            action = ACT_PREV_FIELD;
        else if (action == ACT_DOWN)
            action = ACT_NEXT_FIELD;
        /* Esc and q ask before dropping a typed name or phone, as every form does. */
        field_form_screen_key(app, &rec, action, key, record, stop_recording);
        return;
    }
    /* The request field always has the focus: every key of the editor is its own (? and q are
     * typed); Up, Down, Enter, Esc and F1 are the screen's. */
    bool refused;
    if (line_edit_key(&need, key, &refused)) {
        if (need.changed) {
            rank(app);
            app->message[0] = '\0';
        }
        return;
    }
    switch (action) {
    case ACT_UP:
        if (selected > 0)
            selected--;
        load_card(app);
        break;
    case ACT_DOWN:
        if (selected + 1 < nmatch)
            selected++;
        load_card(app);
        break;
    case ACT_SAVE: choose(app); break;
    case ACT_CANCEL: leave(app); break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break; /* a bare quit, from the too-small notice */
    default: break;
    }
}
