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
    char *request, *partner, *phone, *contact; /* the partner's phone apart: never cut */
};

static struct follow_row *rows; /* owned: every referral listed, however many */
static size_t nrows, rows_cap, selected, top;
static bool show_all; /* every status, not only those to follow up */

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++) {
        free(rows[i].request);
        free(rows[i].partner);
        free(rows[i].phone);
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
    struct strbuf contact = STRBUF_INIT;
    row->partner = copy_or_empty(r->partner_name);
    row->phone = copy_or_empty(r->partner_phone);
    char *phone = person_phone_for_display(r->contact_phone);
    if (r->contact_name || r->contact_phone)
        strbuf_printf(&contact, "%s %s", r->contact_name ? r->contact_name : "",
                      phone ? phone : "");
    free(phone);
    row->contact = strbuf_finish(&contact);
    return row->request && row->partner && row->phone && row->contact ? GU_OK : GU_FAILURE;
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

/* "13/11/2026", or "-" without a date. */
static void row_when(const struct follow_row *r, char *buf, size_t size)
{
    int y, m, d;
    if (date_parse(r->follow_up_on, &y, &m, &d))
        i18n_format_date_short(buf, size, y, m, d);
    else
        snprintf(buf, size, "-");
}

void screen_follow_up_draw(struct app *app)
{
    draw_title(app, show_all ? _("Referrals") : _("Referrals to follow up"));
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    int open = vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre");
    enum { C_WHEN, C_REQUEST, C_PARTNER, C_PHONE, C_LAST, NCOLS };
    const char *headings[NCOLS] = {_("Follow up"), _("Request"), _("Partner"), _("Phone"),
                                   show_all ? _("Status") : _("Contact")};
    /* Columns as wide as what they hold: an empty request column gives its room away, the
     * date and the partner's phone are never cut. */
    struct draw_column cols[NCOLS];
    for (int i = 0; i < NCOLS; i++) {
        cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == C_PARTNER ? 12 : 0};
        draw_column_want(&cols[i], headings[i]);
    }
    for (size_t i = 0; i < nrows; i++) {
        char when[48];
        row_when(&rows[i], when, sizeof when);
        draw_column_want(&cols[C_WHEN], when);
        draw_column_want(&cols[C_REQUEST], rows[i].request);
        draw_column_want(&cols[C_PARTNER], rows[i].partner);
        draw_column_want(&cols[C_PHONE], rows[i].phone);
        draw_column_want(&cols[C_LAST], show_all ? vocab_label(VOCAB_REFERRAL_STATUS, rows[i].status)
                                                 : rows[i].contact);
    }
    cols[C_WHEN].min = cols[C_WHEN].want;
    cols[C_PHONE].min = cols[C_PHONE].want;
    cols[C_REQUEST].min = cols[C_REQUEST].want < 12 ? cols[C_REQUEST].want : 12;
    /* Column 0 holds the mark of a due referral, "!", before its date. */
    draw_columns_fit(cols, NCOLS, 2, COLS - 3);
    int y = 2;
    for (int i = 0; i < NCOLS; i++)
        draw_text(y, cols[i].x, cols[i].width, headings[i], A_UNDERLINE);
    y++;
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4, _("Nothing to follow up."), A_NORMAL);
    int rows_shown = LINES - 4 - y;
    if (selected < top)
        top = selected;
    if (rows_shown > 0 && selected >= top + (size_t)rows_shown)
        top = selected - (size_t)rows_shown + 1;
    for (size_t i = top; i < nrows && y < LINES - 4; i++, y++) {
        const struct follow_row *r = &rows[i];
        bool due = r->status == open && r->follow_up_on[0] &&
                   strcmp(r->follow_up_on, today) <= 0;
        unsigned attr = i == selected ? draw_attr_focus() : due ? A_BOLD : A_NORMAL;
        char when[48];
        row_when(r, when, sizeof when);
        draw_text(y, 0, COLS, "", attr);
        draw_text(y, 0, 1, due ? "!" : "", attr);
        draw_text(y, cols[C_WHEN].x, cols[C_WHEN].width, when, attr);
        draw_text(y, cols[C_REQUEST].x, cols[C_REQUEST].width, r->request, attr);
        draw_name(y, cols[C_PARTNER].x, cols[C_PARTNER].width, r->partner, attr);
        draw_text(y, cols[C_PHONE].x, cols[C_PHONE].width, r->phone, attr);
        draw_text(y, cols[C_LAST].x, cols[C_LAST].width,
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
    if (follow_up) {
        int y, m, d;
        char shown[32];
        date_parse(later, &y, &m, &d);
        i18n_format_date_short(shown, sizeof shown, y, m, d);
        app_message(app, false, _("Referral No. %lld: follow up on %s."), (long long)r->id, shown);
    } else
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
