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

/* The listing is read a page at a time around the selection, however many referrals it has
 * (a network's every referral: 100,000 a year), so that every key is answered at once. */
#define PAGE_ROWS 50   /* referrals read at a time, at least */
#define MARGIN_ROWS 10 /* the next page is read when the selection comes this close to an end */
#define WINDOW_PAGES 4 /* pages held at most: the farthest are let go */

struct follow_row {
    int64_t id;
    int status;
    char follow_up_on[DATE_TEXT_SIZE], referred_at[DATETIME_TEXT_SIZE];
    char *request, *partner, *phone, *contact; /* the partner's phone apart: never cut */
};

struct row_list {
    struct follow_row *items; /* owned */
    size_t n, cap;
};

static struct row_list held; /* consecutive referrals of the listing, in its order */
static size_t selected, top;
static bool more_before, more_after; /* the listing goes on above, below what is held */
static bool show_all; /* every status, not only those to follow up */

static size_t page_rows(void)
{
    return LINES * 2 > PAGE_ROWS ? (size_t)LINES * 2 : PAGE_ROWS;
}

static void row_free(struct follow_row *r)
{
    free(r->request);
    free(r->partner);
    free(r->phone);
    free(r->contact);
}

static void list_clear(struct row_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        row_free(&l->items[i]);
    l->n = 0;
}

static void rows_clear(void)
{
    list_clear(&held);
}

static char *copy_or_empty(const char *s)
{
    char *c = NULL;
    text_copy(&c, s ? s : "");
    return c;
}

static int collect(const struct referral *r, void *ctx)
{
    struct row_list *l = ctx;
    if (!array_reserve(&l->items, &l->cap, l->n, sizeof *l->items, 64))
        return GU_FAILURE;
    struct follow_row *row = &l->items[l->n++];
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

static struct referral_key row_key(const struct follow_row *r)
{
    struct referral_key k = {.id = r->id};
    snprintf(k.follow_up_on, sizeof k.follow_up_on, "%s", r->follow_up_on);
    snprintf(k.referred_at, sizeof k.referred_at, "%s", r->referred_at);
    return k;
}

/* Reads into out (emptied first) up to want referrals after from (or before it, backwards;
 * NULL: from that end), the nearest first; *more tells whether the listing goes on. */
static int read_page(struct app *app, const struct referral_key *from, bool backwards,
                     size_t want, struct row_list *out, bool *more)
{
    struct gu_error err;
    list_clear(out);
    int status = show_all ? VOCAB_NONE : vocab_find(VOCAB_REFERRAL_STATUS, "a_suivre");
    if (store_page_referrals(app->st, status, from, backwards, (long)want + 1, collect, out,
                             &err)) {
        app_error(app, &err);
        *more = false;
        return GU_FAILURE;
    }
    *more = out->n > want;
    if (*more)
        row_free(&out->items[--out->n]);
    return GU_OK;
}

/* Makes room for n rows in l. */
static bool reserve_rows(struct row_list *l, size_t n)
{
    while (l->cap < n)
        if (!array_reserve(&l->items, &l->cap, l->cap, sizeof *l->items, 64))
            return false;
    return true;
}

/* Lets go the first n rows held (the listing goes on above them then). */
static void drop_front(size_t n)
{
    for (size_t i = 0; i < n; i++)
        row_free(&held.items[i]);
    memmove(held.items, held.items + n, (held.n - n) * sizeof *held.items);
    held.n -= n;
    selected = selected > n ? selected - n : 0;
    top = top > n ? top - n : 0;
    more_before = more_before || n;
}

/* Adds the page after the last row held, letting the farthest rows above go. */
static void read_after(struct app *app)
{
    if (!held.n || !more_after)
        return;
    struct referral_key last = row_key(&held.items[held.n - 1]);
    struct row_list page = {0};
    if (!read_page(app, &last, false, page_rows(), &page, &more_after) &&
        reserve_rows(&held, held.n + page.n)) {
        memcpy(held.items + held.n, page.items, page.n * sizeof *held.items);
        held.n += page.n;
        page.n = 0; /* the rows are held now */
        size_t max = WINDOW_PAGES * page_rows();
        if (held.n > max)
            drop_front(held.n - max);
    }
    list_clear(&page);
    free(page.items);
}

/* Adds the page before the first row held, letting the farthest rows below go. */
static void read_before(struct app *app)
{
    if (!held.n || !more_before)
        return;
    struct referral_key first = row_key(&held.items[0]);
    struct row_list page = {0};
    if (!read_page(app, &first, true, page_rows(), &page, &more_before) &&
        reserve_rows(&held, held.n + page.n)) {
        size_t max = WINDOW_PAGES * page_rows();
        if (held.n + page.n > max) { /* the farthest below go, never the selection */
            size_t keep = max - page.n; /* page.n <= page_rows() < max */
            if (keep <= selected)
                keep = selected + 1;
            for (size_t i = keep; i < held.n; i++)
                row_free(&held.items[i]);
            if (keep < held.n) {
                more_after = true;
                held.n = keep;
            }
        }
        memmove(held.items + page.n, held.items, held.n * sizeof *held.items);
        for (size_t i = 0; i < page.n; i++) /* read nearest first: the listing's order reversed */
            held.items[i] = page.items[page.n - 1 - i];
        held.n += page.n;
        selected += page.n;
        top += page.n;
        page.n = 0;
    }
    list_clear(&page);
    free(page.items);
}

/* The selected referral stays selected while listed (another desk's write, an outcome that
 * keeps it open); once gone, the row at its place. The rows held are read again from the
 * first one's place. */
void screen_follow_up_reload(struct app *app)
{
    int64_t keep = selected < held.n ? held.items[selected].id : 0;
    struct referral_key from = {0};
    bool anchored = held.n > 0;
    if (anchored) {
        from = row_key(&held.items[0]);
        from.id--; /* that row included */
    }
    size_t want = held.n > page_rows() ? held.n : page_rows();
    if (read_page(app, anchored ? &from : NULL, false, want, &held, &more_after))
        return;
    if (!anchored)
        more_before = false;
    if (!held.n && more_before) { /* everything held is gone: the listing's last page */
        read_page(app, NULL, true, page_rows(), &held, &more_before);
        for (size_t i = 0; i < held.n / 2; i++) {
            struct follow_row t = held.items[i];
            held.items[i] = held.items[held.n - 1 - i];
            held.items[held.n - 1 - i] = t;
        }
        more_after = false;
    }
    for (size_t i = 0; keep && i < held.n; i++)
        if (held.items[i].id == keep)
            selected = i;
    if (selected >= held.n)
        selected = held.n ? held.n - 1 : 0;
}

/* Opened from home: the referrals to follow up, whatever was shown the last time (t). */
void screen_follow_up_open(struct app *app)
{
    app_expire_referrals(app);
    show_all = false;
    rows_clear();
    selected = top = 0;
    more_before = more_after = false;
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
    /* The rows shown, and columns as wide as what they show. */
    int rows_shown = LINES - 4 - 3;
    if (selected < top)
        top = selected;
    if (rows_shown > 0 && selected >= top + (size_t)rows_shown)
        top = selected - (size_t)rows_shown + 1;
    for (size_t i = top; i < held.n && i < top + (size_t)(rows_shown > 0 ? rows_shown : 0); i++) {
        char when[48];
        row_when(&held.items[i], when, sizeof when);
        draw_column_want(&cols[C_WHEN], when);
        draw_column_want(&cols[C_REQUEST], held.items[i].request);
        draw_column_want(&cols[C_PARTNER], held.items[i].partner);
        draw_column_want(&cols[C_PHONE], held.items[i].phone);
        draw_column_want(&cols[C_LAST], show_all ? vocab_label(VOCAB_REFERRAL_STATUS, held.items[i].status)
                                                 : held.items[i].contact);
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
    if (!held.n)
        draw_text(y + 1, 2, COLS - 4, _("Nothing to follow up."), A_NORMAL);
    for (size_t i = top; i < held.n && y < LINES - 4; i++, y++) {
        const struct follow_row *r = &held.items[i];
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
    if (held.n)
        draw_text(LINES - 3, 1, COLS - 2,
                  _("a: it worked · s: no outcome · r: refused · +: follow up a week later"),
                  A_DIM);
}

static void set_outcome(struct app *app, const char *status_code, int postpone_days)
{
    if (!held.n)
        return;
    struct follow_row *r = &held.items[selected];
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
    case ACT_UP:
        if (selected > 0)
            selected--;
        if (selected < MARGIN_ROWS)
            read_before(app);
        break;
    case ACT_DOWN:
        if (selected + 1 < held.n)
            selected++;
        if (selected + MARGIN_ROWS >= held.n)
            read_after(app);
        break;
    case ACT_DONE: set_outcome(app, "abouti", 0); break;
    case ACT_NO_OUTCOME: set_outcome(app, "sans_suite", 0); break;
    case ACT_REFUSED: set_outcome(app, "refuse", 0); break;
    case ACT_POSTPONE: set_outcome(app, "a_suivre", POSTPONE_DAYS); break;
    case ACT_ALL:
        show_all = !show_all;
        rows_clear();
        selected = top = 0;
        more_before = more_after = false;
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
