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
 * page as it comes near their end). */
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

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++) {
        partner_copy_free(&rows[i].c);
        free(rows[i].fold);
    }
    nrows = 0;
    more = false;
}

struct page {
    size_t want;
    bool full;
};

/* Keeps want partners and notes whether one more comes. */
static int collect(const struct partner *p, void *ctx)
{
    struct page *page = ctx;
    if (page->want == 0) {
        page->full = true;
        return PAGE_FULL;
    }
    if (!array_reserve(&rows, &rows_cap, nrows, sizeof *rows, 64))
        return GU_FAILURE;
    rows[nrows] = (struct partner_row){0};
    if (partner_copy_set(&rows[nrows].c, p) ||
        !(rows[nrows].fold = strdup(p->name_fold ? p->name_fold : ""))) {
        partner_copy_free(&rows[nrows].c);
        return GU_FAILURE;
    }
    nrows++;
    page->want--;
    return GU_OK;
}

/* Appends up to want partners of the search after the rows held (all of them from the first
 * when none are held). */
static void read_page(struct app *app, size_t want)
{
    struct gu_error err = {0};
    struct page page = {.want = want};
    struct partner_key after = {0};
    if (nrows)
        after = (struct partner_key){.national = rows[nrows - 1].c.p.national,
                                     .name_fold = rows[nrows - 1].fold,
                                     .id = rows[nrows - 1].c.p.id};
    int status = store_page_partners(app->st, line_edit_text(&search), nrows ? &after : NULL,
                                     (long)want + 1, collect, &page, &err);
    if (status == GU_FAILURE && !err.message[0])
        error_nomem(&err);
    if (status && status != PAGE_FULL)
        app_error(app, &err);
    more = page.full;
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

/* Moves the selection down by one, reading the next page as it nears the end. */
/* How many rows the list shows, as last drawn: a page for PgUp and PgDn. */
static size_t page_rows = 10;

static void select_next(struct app *app)
{
    if (more && selected + MARGIN_ROWS >= nrows)
        read_page(app, PAGE_ROWS);
    if (selected + 1 < nrows)
        selected++;
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
    if (filtered && more)
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
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: select_next(app); break;
    case ACT_PAGE_UP: selected = selected > page_rows ? selected - page_rows : 0; break;
    case ACT_PAGE_DOWN: /* a page on, reading more of the directory as Down does */
        for (size_t i = 0; i < page_rows; i++)
            select_next(app);
        break;
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
