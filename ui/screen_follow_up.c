/* Follow-up of referrals: open ones, those due first; one key records how it turned out or
 * puts the follow-up a week later. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "strbuf.h"
#include "i18n.h"
#include "person.h"
#include "text.h"
#include "vocab.h"

#define POSTPONE_DAYS 7

struct follow_row {
    int64_t id;
    int status;
    char follow_up_on[DATE_TEXT_SIZE], referred_at[DATETIME_TEXT_SIZE];
    char *request, *partner, *contact;
};

static struct follow_row *rows; /* owned: every referral listed, however many */
static size_t nrows, rows_cap, selected, top;
static bool show_all; /* every status, not only those to follow up */

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++) {
        free(rows[i].request);
        free(rows[i].partner);
        free(rows[i].contact);
    }
    nrows = 0;
}

static char *copy_or_empty(const char *s)
{
    char *c = NULL;
    text_copy(&c, s ? s : "");
    return c;
}

static int collect(const struct referral *r, void *ctx)
{
    (void)ctx;
    if (!array_reserve(&rows, &rows_cap, nrows, sizeof *rows, 64))
        return GU_FAILURE;
    struct follow_row *row = &rows[nrows++];
    *row = (struct follow_row){.id = r->id, .status = r->status};
    snprintf(row->follow_up_on, sizeof row->follow_up_on, "%s", r->follow_up_on);
    snprintf(row->referred_at, sizeof row->referred_at, "%s", r->referred_at);
    row->request = copy_or_empty(r->request_label ? r->request_label : r->need);
    struct strbuf partner = STRBUF_INIT, contact = STRBUF_INIT;
    strbuf_printf(&partner, "%s%s%s", r->partner_name ? r->partner_name : "",
                  r->partner_phone ? " · " : "", r->partner_phone ? r->partner_phone : "");
    char *phone = person_phone_for_display(r->contact_phone);
    if (r->contact_name || r->contact_phone)
        strbuf_printf(&contact, "%s %s", r->contact_name ? r->contact_name : "",
                      phone ? phone : "");
    free(phone);
    row->partner = strbuf_finish(&partner);
    row->contact = strbuf_finish(&contact);
    return row->request && row->partner && row->contact ? GU_OK : GU_FAILURE;
}

/* The selected referral stays selected while listed (another desk's write, an outcome that
 * keeps it open); once gone, the row at its place. */
void screen_follow_up_reload(struct app *app)
{
    int64_t keep = selected < nrows ? rows[selected].id : 0;
    rows_clear();
    struct gu_error err;
    struct referral_filter filter = {
        .status = show_all ? VOCAB_NONE : vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre")};
    if (store_list_referrals(app->st, &filter, collect, NULL, &err))
        app_error(app, &err);
    for (size_t i = 0; keep && i < nrows; i++)
        if (rows[i].id == keep)
            selected = i;
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
}

/* Opened from home: the referrals to follow up, whatever was shown the last time (t). */
void screen_follow_up_open(struct app *app)
{
    app_expire_referrals(app);
    show_all = false;
    rows_clear();
    selected = top = 0;
    screen_follow_up_reload(app);
}

void screen_follow_up_draw(struct app *app)
{
    draw_title(app, show_all ? _("Referrals") : _("Referrals to follow up"));
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    int y = 2;
    draw_text(y, 1, 12, _("Follow up"), A_UNDERLINE);
    draw_text(y, 14, 25, _("Request"), A_UNDERLINE);
    draw_text(y, 40, 24, _("Partner"), A_UNDERLINE);
    draw_text(y++, 65, COLS - 66, show_all ? _("Status") : _("Contact"), A_UNDERLINE);
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4, _("Nothing to follow up."), A_NORMAL);
    int rows_shown = LINES - 4 - y;
    if (selected < top)
        top = selected;
    if (rows_shown > 0 && selected >= top + (size_t)rows_shown)
        top = selected - (size_t)rows_shown + 1;
    int open = vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre");
    for (size_t i = top; i < nrows && y < LINES - 4; i++, y++) {
        const struct follow_row *r = &rows[i];
        bool due = r->status == open && r->follow_up_on[0] &&
                   strcmp(r->follow_up_on, today) <= 0;
        unsigned attr = i == selected ? draw_attr_focus() : due ? A_BOLD : A_NORMAL;
        char when[40];
        int yy, mm, dd;
        if (date_parse(r->follow_up_on, &yy, &mm, &dd))
            snprintf(when, sizeof when, "%s%02d/%02d/%04d", due ? "! " : "", dd, mm, yy);
        else
            snprintf(when, sizeof when, "-");
        draw_text(y, 0, COLS, "", attr);
        draw_text(y, 1, 12, when, attr);
        draw_text(y, 14, 25, r->request, attr);
        draw_text(y, 40, 24, r->partner, attr);
        draw_text(y, 65, COLS - 66,
                  show_all ? vocab_label(VOCAB_REFERRAL_STATUS, r->status) : r->contact, attr);
    }
    if (nrows)
        draw_text(LINES - 3, 1, COLS - 2,
                  _("a: it worked · s: no outcome · r: refused · +: follow up a week later"),
                  A_DIM);
}

static void set_outcome(struct app *app, const char *status_code, int postpone_days)
{
    if (!nrows)
        return;
    struct follow_row *r = &rows[selected];
    char later[DATE_TEXT_SIZE];
    const char *follow_up = NULL;
    if (postpone_days) {
        int y, m, d;
        char today[DATE_TEXT_SIZE];
        clock_today_text(0, today);
        /* A week after the later of today and the date set. */
        const char *from = strcmp(r->follow_up_on, today) > 0 ? r->follow_up_on : today;
        date_parse(from, &y, &m, &d);
        date_from_days(date_to_days(y, m, d) + postpone_days, &y, &m, &d);
        date_format(y, m, d, later);
        follow_up = later;
    }
    int status = vocab_find(VOCAB_REFERRAL_STATUS, status_code);
    struct gu_error err;
    if (store_update_referral(app->st, r->id, status, follow_up, app->operator_id, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    if (follow_up)
        app_message(app, false, _("Referral No. %lld: follow up on %s."), (long long)r->id, later);
    else
        app_message(app, false, _("Referral No. %lld: %s."), (long long)r->id,
                    vocab_label(VOCAB_REFERRAL_STATUS, status));
    screen_follow_up_reload(app);
}

void screen_follow_up_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    switch (action) {
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: if (selected + 1 < nrows) selected++; break;
    case ACT_DONE: set_outcome(app, "abouti", 0); break;
    case ACT_NO_OUTCOME: set_outcome(app, "sans_suite", 0); break;
    case ACT_REFUSED: set_outcome(app, "refuse", 0); break;
    case ACT_POSTPONE: set_outcome(app, "a_suivre", POSTPONE_DAYS); break;
    case ACT_ALL:
        show_all = !show_all;
        selected = top = 0;
        screen_follow_up_reload(app);
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
