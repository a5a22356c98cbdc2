/* The partner directory: every partner, filtered by words as they are typed (name, commune,
 * postal code, what they handle, category: the desk's one search, text_search), with the
 * selected one's card below. The filter lasts while the directory, its forms and the policy are
 * used, shown with its count; it is cleared when the directory is left for home. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "text.h"
#include "vocab.h"

static struct partner_copy *rows; /* owned: the whole directory, however large */
static size_t nrows, rows_cap, selected, top;
static size_t total; /* partners in the directory, matching or not */
static struct line_edit search = {.max_chars = 60};
static bool searching;

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++)
        partner_copy_free(&rows[i]);
    nrows = 0;
}

/* Every word of the search starts a word of one of the fields searched, in any order. */
static bool partner_matches(const struct partner *p, const struct text_search *words)
{
    int category = p->field[PARTNER_CATEGORY] ? vocab_find(VOCAB_ORIENTATION, p->field[PARTNER_CATEGORY])
                                              : VOCAB_NONE;
    const char *searched[] = {p->field[PARTNER_NAME], p->field[PARTNER_COMMUNE],
                              p->field[PARTNER_HANDLES], p->field[PARTNER_POSTAL_CODE],
                              category != VOCAB_NONE ? vocab_label(VOCAB_ORIENTATION, category)
                                                     : NULL};
    return text_search_matches(words, searched, ARRAY_LEN(searched));
}

static int collect(const struct partner *p, void *ctx)
{
    const struct text_search *words = ctx;
    total++;
    if (words->n && !partner_matches(p, words))
        return GU_OK;
    if (!array_reserve(&rows, &rows_cap, nrows, sizeof *rows, 64))
        return GU_FAILURE;
    rows[nrows] = (struct partner_copy){0};
    if (partner_copy_set(&rows[nrows], p))
        return GU_FAILURE;
    nrows++;
    return GU_OK;
}

/* Loads the partners matching the search. The selected partner stays selected while listed
 * (another desk's write, a return from its form, a search it still matches); once gone, the
 * row at its place, or the first one when the search changed. */
static void partners_load(struct app *app, bool search_changed)
{
    int64_t keep = selected < nrows ? rows[selected].p.id : 0;
    rows_clear();
    total = 0;
    struct gu_error err = {0};
    struct text_search words;
    int status = text_search_compile(&words, line_edit_text(&search))
                     ? error_nomem(&err)
                     : store_list_partners(app->st, collect, &words, &err);
    if (status)
        app_error(app, &err);
    text_search_free(&words);
    bool kept = false;
    for (size_t i = 0; keep && i < nrows && !kept; i++)
        if ((kept = rows[i].p.id == keep))
            selected = i;
    if (!kept && search_changed)
        selected = top = 0;
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
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
    i18n_format_count(all, sizeof all, (long long)total);
    if (filtered)
        /* TRANSLATORS: the partners shown and all of them, counts formatted already. */
        draw_textf(1, 54, COLS - 55, A_BOLD,
                   ngettext("%s of %s partner", "%s of %s partners", total), shown, all);
    else
        /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
        draw_textf(1, 54, COLS - 55, A_NORMAL, ngettext("%s partner", "%s partners", total), all);
    int y = 3;
    const char *headings[3] = {_("Name"), _("Commune"), _("Phone")};
    struct draw_column cols[3];
    for (int i = 0; i < 3; i++) {
        cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i ? 0 : 20};
        draw_column_want(&cols[i], headings[i]);
    }
    for (size_t i = 0; i < nrows; i++) {
        draw_column_want(&cols[0], rows[i].p.field[PARTNER_NAME]);
        draw_column_want(&cols[1], rows[i].p.field[PARTNER_COMMUNE]);
        char *phone = partner_field_for_display(PARTNER_PHONE, rows[i].p.field[PARTNER_PHONE]);
        draw_column_want(&cols[2], phone ? phone : rows[i].p.field[PARTNER_PHONE]);
        free(phone);
    }
    cols[2].min = cols[2].want < 16 ? cols[2].want : 16;
    cols[1].min = cols[1].want < 12 ? cols[1].want : 12;
    draw_columns_fit(cols, 3, 1, COLS - 2);
    for (int i = 0; i < 3; i++)
        draw_text(y, cols[i].x, cols[i].width, headings[i], A_UNDERLINE);
    y++;
    int list_rows = (LINES - 4 - y) / 2 > 3 ? (LINES - 4 - y) / 2 : 3;
    if (selected < top)
        top = selected;
    if (selected >= top + (size_t)list_rows)
        top = selected - (size_t)list_rows + 1;
    for (size_t i = top; i < nrows && (int)(i - top) < list_rows; i++) {
        const struct partner *p = &rows[i].p;
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
        partner_card_draw(&rows[selected].p, y + list_rows + 1, 2, COLS - 4, LINES - 2);
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
    case ACT_DOWN: if (selected + 1 < nrows) selected++; break;
    case ACT_SEARCH:
        searching = true;
        line_edit_select_all(&search); /* typing replaces the filter; an arrow keeps it */
        break;
    case ACT_OPEN:
        if (nrows)
            screen_partner_form_open(app, rows[selected].p.id);
        break;
    case ACT_NEW: screen_partner_form_open(app, 0); break;
    case ACT_POLICY: app_show(app, SCREEN_POLICY); break;
    case ACT_CANCEL: partners_leave(app); break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
