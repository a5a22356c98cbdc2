/* The partner directory: every partner, filtered by words as they are typed (name, commune,
 * postal code, what they handle, category: the desk's one search, partner_matches), read a page
 * at a time however large the directory (store_page_partners), with the selected one's card
 * below. The filter lasts while the directory, its forms and the policy are
 * used, shown with its count; it is cleared when the directory is left for home. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "text.h"

/* The rows held: a page of the listing or a few, from its first (the selection reads the next
 * page as it comes near their end); after End, from its last page (the selection reads the page
 * before as it comes near their start). */
struct partner_row {
    struct partner_copy c;
    char *fold; /* owned: its place in the directory's order, where the next page starts */
};

#define PAGE_ROWS 100 /* partners read at a time, at least */
#define MARGIN_ROWS 20 /* the next page is read when the selection comes this close to the end */
#define PAGE_FULL 100 /* callback status: the page has all it wants */

static struct partner_row *rows; /* owned */
static size_t nrows, rows_cap, selected, top;
static bool more;          /* partners matching the search come after the rows held */
static long long total;    /* partners in the directory, matching or not */
static struct line_edit search = {.max_chars = 60};
static bool searching;
/* Partners matching the search come before the rows held (End was pressed): before_rows is
 * then the key of the one just before them (name_fold owned), where a reload reads on from. */
static bool less;
static struct partner_key before_rows;

static void rows_free(struct partner_row *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        partner_copy_free(&list[i].c);
        free(list[i].fold);
    }
}

static void rows_clear(void)
{
    rows_free(rows, nrows);
    nrows = 0;
    more = false;
}

/* The rows held start at the first of the listing again. */
static void before_rows_clear(void)
{
    free((char *)before_rows.name_fold);
    before_rows = (struct partner_key){0};
    less = false;
}

static struct partner_key row_key(const struct partner_row *r)
{
    return (struct partner_key){.national = r->c.p.national, .name_fold = r->fold,
                                .id = r->c.p.id};
}

struct page {
    size_t want;
    bool full;
    bool backward;            /* read into got, the nearest first, not onto rows */
    struct partner_row *got;  /* owned */
    size_t ngot, got_cap;
    struct partner_key next;  /* backward and full: the partner before the page (fold owned) */
};

/* Adds p to the array *list of *n rows. */
static int row_add(struct partner_row **list, size_t *n, size_t *cap, const struct partner *p)
{
    if (!array_reserve(list, cap, *n, sizeof **list, 64))
        return GU_FAILURE;
    struct partner_row *r = &(*list)[*n];
    *r = (struct partner_row){0};
    if (partner_copy_set(&r->c, p) || !(r->fold = strdup(p->name_fold ? p->name_fold : ""))) {
        partner_copy_free(&r->c);
        return GU_FAILURE;
    }
    (*n)++;
    return GU_OK;
}

/* Keeps want partners and notes whether one more comes (backward, which one: the page before
 * starts there). */
static int collect(const struct partner *p, void *ctx)
{
    struct page *page = ctx;
    if (page->want == 0) {
        page->full = true;
        if (page->backward) {
            page->next = (struct partner_key){.national = p->national, .id = p->id,
                                              .name_fold = strdup(p->name_fold ? p->name_fold : "")};
            if (!page->next.name_fold)
                return GU_FAILURE;
        }
        return PAGE_FULL;
    }
    int status = page->backward ? row_add(&page->got, &page->ngot, &page->got_cap, p)
                                : row_add(&rows, &nrows, &rows_cap, p);
    if (!status)
        page->want--;
    return status;
}

static void page_status(struct app *app, int status, struct gu_error *err)
{
    if (status == GU_FAILURE && !err->message[0])
        error_nomem(err);
    if (status && status != PAGE_FULL)
        app_error(app, err);
}

/* Appends up to want partners of the search after the rows held (when none are held, from the
 * first of the listing, or after before_rows). */
static void read_page(struct app *app, size_t want)
{
    struct gu_error err = {0};
    struct page page = {.want = want};
    struct partner_key after = nrows ? row_key(&rows[nrows - 1]) : before_rows;
    int status = store_page_partners(app->st, line_edit_text(&search),
                                     nrows || less ? &after : NULL, (long)want + 1, collect,
                                     &page, &err);
    page_status(app, status, &err);
    more = page.full;
}

/* Puts up to want partners of the search before the rows held (when none are held, the last
 * ones of the listing), the selection and the view staying on their rows; reading backwards
 * from the end (store_page_partners_back) costs what reading from the start does. */
static void read_page_back(struct app *app, size_t want)
{
    struct gu_error err = {0};
    struct page page = {.want = want, .backward = true};
    struct partner_key first = nrows ? row_key(&rows[0]) : (struct partner_key){0};
    int status = store_page_partners_back(app->st, line_edit_text(&search),
                                          nrows ? &first : NULL, (long)want + 1, collect,
                                          &page, &err);
    page_status(app, status, &err);
    bool room = true;
    while (room && page.ngot && rows_cap < nrows + page.ngot)
        room = array_reserve(&rows, &rows_cap, rows_cap, sizeof *rows, 64);
    if (!room || (status && status != PAGE_FULL)) {
        if (!room) {
            error_nomem(&err);
            app_error(app, &err);
        }
        rows_free(page.got, page.ngot);
        free(page.got);
        free((char *)page.next.name_fold);
        return;
    }
    memmove(rows + page.ngot, rows, nrows * sizeof *rows);
    for (size_t i = 0; i < page.ngot; i++)
        rows[i] = page.got[page.ngot - 1 - i];
    nrows += page.ngot;
    selected += page.ngot;
    top += page.ngot;
    free(page.got);
    before_rows_clear();
    if (page.full) {
        less = true;
        before_rows = page.next;
    }
}

/* Loads the partners matching the search, as many as were held (a page at least). The selected
 * partner stays selected while listed (another desk's write, a return from its form, a search
 * it still matches); once gone, the row at its place, or the first one when the search
 * changed. */
static void partners_load(struct app *app, bool search_changed)
{
    int64_t keep = selected < nrows ? rows[selected].c.p.id : 0;
    /* As many as were held, so that the selection keeps its place; a new search, a page. */
    size_t want = !search_changed && nrows > PAGE_ROWS ? nrows : PAGE_ROWS;
    rows_clear();
    if (search_changed)
        before_rows_clear();
    struct gu_error err = {0};
    /* A key of the search changes no count; a write or a return from a form may. */
    if (!search_changed && store_count_partners(app->st, &total, &err))
        app_error(app, &err);
    read_page(app, want);
    bool kept = false;
    for (size_t i = 0; keep && i < nrows && !kept; i++)
        if ((kept = rows[i].c.p.id == keep))
            selected = i;
    if (!kept && search_changed)
        selected = top = 0;
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
}

/* How many rows the list shows, as last drawn: a page for PgUp and PgDn. */
static size_t page_rows = 10;

/* Moves the selection down by one, reading the next page as it nears the end. */
static void select_next(struct app *app)
{
    if (more && selected + MARGIN_ROWS >= nrows)
        read_page(app, PAGE_ROWS);
    if (selected + 1 < nrows)
        selected++;
}

/* Moves the selection up by one, reading the page before as it nears the start (after End). */
static void select_prev(struct app *app)
{
    if (less && selected < MARGIN_ROWS)
        read_page_back(app, PAGE_ROWS);
    if (selected > 0)
        selected--;
}

/* Home: the first partner of the listing, its first page read again when the rows held start
 * later. */
static void select_first(struct app *app)
{
    if (less) {
        rows_clear();
        before_rows_clear();
        read_page(app, PAGE_ROWS);
    }
    selected = top = 0;
}

/* End: the last partner of the listing, its last page read backwards when the rows held end
 * earlier: never the pages between. */
static void select_last(struct app *app)
{
    if (more) {
        rows_clear();
        before_rows_clear();
        selected = top = 0;
        read_page_back(app, PAGE_ROWS);
    }
    selected = nrows ? nrows - 1 : 0;
    top = 0; /* drawn at the foot of a full page */
}

void screen_partners_reload(struct app *app)
{
    partners_load(app, false);
}

/* From home, or back from a partner's form or the policy: a search typed earlier lasts only
 * within the directory (leaving for home clears it). */
void screen_partners_open(struct app *app)
{
    screen_partners_reload(app);
}

/* Back home: the next visit starts on the whole directory, at the top. */
static void partners_leave(struct app *app)
{
    rows_clear();
    before_rows_clear();
    line_edit_release(&search);
    searching = false;
    selected = top = 0;
    app_show(app, SCREEN_HOME);
}

void screen_partners_draw(struct app *app)
{
    draw_title(app, _("Partner directory"));
    bool filtered = *line_edit_text(&search) != '\0';
    int search_x = 2 + (int)text_width(_("Search:")) > 12 ? 2 + (int)text_width(_("Search:")) : 12;
    draw_text(1, 1, search_x - 2, _("Search:"), searching || filtered ? A_BOLD : A_NORMAL);
    /* A kept filter says so, with how much it hides. */
    char shown[32], all[32];
    i18n_format_count(shown, sizeof shown, (long long)nrows);
    i18n_format_count(all, sizeof all, total);
    if (filtered && (more || less))
        /* TRANSLATORS: the partners read so far of those the search finds, and all of them,
         * counts formatted already: the list is read a page at a time. */
        draw_textf(1, 54, COLS - 55, A_BOLD,
                   ngettext("%s+ of %s partner", "%s+ of %s partners", (unsigned long)total),
                   shown, all);
    else if (filtered)
        /* TRANSLATORS: the partners shown and all of them, counts formatted already. */
        draw_textf(1, 54, COLS - 55, A_BOLD,
                   ngettext("%s of %s partner", "%s of %s partners", (unsigned long)total), shown, all);
    else
        /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
        draw_textf(1, 54, COLS - 55, A_NORMAL, ngettext("%s partner", "%s partners", (unsigned long)total), all);
    int y = 3;
    const char *headings[3] = {_("Name"), _("Commune"), _("Phone")};
    struct draw_column cols[3];
    for (int i = 0; i < 3; i++) {
        cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i ? 0 : 20};
        draw_column_want(&cols[i], headings[i]);
    }
    for (size_t i = 0; i < nrows; i++) {
        draw_column_want(&cols[0], rows[i].c.p.field[PARTNER_NAME]);
        draw_column_want(&cols[1], rows[i].c.p.field[PARTNER_COMMUNE]);
        char *phone = partner_field_for_display(PARTNER_PHONE, rows[i].c.p.field[PARTNER_PHONE]);
        draw_column_want(&cols[2], phone ? phone : rows[i].c.p.field[PARTNER_PHONE]);
        free(phone);
    }
    cols[2].min = cols[2].want < 16 ? cols[2].want : 16;
    cols[1].min = cols[1].want < 12 ? cols[1].want : 12;
    draw_columns_fit(cols, 3, 1, COLS - 2);
    for (int i = 0; i < 3; i++)
        draw_text(y, cols[i].x, cols[i].width, headings[i], A_UNDERLINE);
    y++;
    int list_rows = (LINES - 4 - y) / 2 > 3 ? (LINES - 4 - y) / 2 : 3;
    page_rows = (size_t)list_rows;
    if (selected < top)
        top = selected;
    if (selected >= top + (size_t)list_rows)
        top = selected - (size_t)list_rows + 1;
    for (size_t i = top; i < nrows && (int)(i - top) < list_rows; i++) {
        const struct partner *p = &rows[i].c.p;
        unsigned attr = i == selected ? draw_attr_focus() : A_NORMAL;
        int row = y + (int)(i - top);
        draw_text(row, 0, COLS, "", attr);
        draw_name(row, cols[0].x, cols[0].width, p->field[PARTNER_NAME], attr);
        draw_text(row, cols[1].x, cols[1].width, p->field[PARTNER_COMMUNE], attr);
        /* The phone the French way, as on the card (stored +33…). */
        char *phone = partner_field_for_display(PARTNER_PHONE, p->field[PARTNER_PHONE]);
        draw_text(row, cols[2].x, cols[2].width, phone ? phone : p->field[PARTNER_PHONE], attr);
        free(phone);
    }
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4, _("No partner matches."), A_NORMAL);
    else
        partner_card_draw(&rows[selected].c.p, y + list_rows + 1, 2, COLS - 4, LINES - 2);
    line_edit_draw(&search, 1, search_x, 40 - (search_x - 12), searching);
}

void screen_partners_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (searching) {
        bool ends;
        if (line_edit_search_key(&search, key, &ends))
            partners_load(app, true);
        searching = !ends;
        return;
    }
    switch (action) {
    case ACT_UP: select_prev(app); break;
    case ACT_DOWN: select_next(app); break;
    case ACT_PAGE_UP: /* a page back, reading the page before as Up does (after End) */
        for (size_t i = 0; i < page_rows; i++)
            select_prev(app);
        break;
    case ACT_PAGE_DOWN: /* a page on, reading more of the directory as Down does */
        for (size_t i = 0; i < page_rows; i++)
            select_next(app);
        break;
    case ACT_FIRST: select_first(app); break;
    case ACT_LAST: select_last(app); break;
    case ACT_SEARCH:
        searching = true;
        line_edit_select_all(&search); /* typing replaces the filter; an arrow keeps it */
        break;
    case ACT_OPEN:
        if (nrows)
            screen_partner_form_open(app, rows[selected].c.p.id);
        break;
    case ACT_NEW: screen_partner_form_open(app, 0); break;
    case ACT_POLICY: app_show(app, SCREEN_POLICY); break;
    case ACT_CANCEL: partners_leave(app); break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
