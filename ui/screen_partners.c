/* The partner directory: every partner, filtered by words as they are typed (name, commune,
 * what they handle; accents and capitals ignored), with the selected one's card below. */
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
static struct line_edit search = {.max_chars = 60};
static bool searching;

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++)
        partner_copy_free(&rows[i]);
    nrows = 0;
}

static bool partner_matches(const struct partner *p, const char *needle)
{
    const enum partner_field searched[] = {PARTNER_NAME, PARTNER_COMMUNE, PARTNER_HANDLES,
                                           PARTNER_POSTAL_CODE};
    for (size_t i = 0; i < ARRAY_LEN(searched); i++)
        if (p->field[searched[i]] && text_matches_folded(p->field[searched[i]], needle))
            return true;
    int category = p->field[PARTNER_CATEGORY] ? vocab_find(VOCAB_ORIENTATION, p->field[PARTNER_CATEGORY])
                                              : VOCAB_NONE;
    return category != VOCAB_NONE &&
           text_matches_folded(vocab_label(VOCAB_ORIENTATION, category), needle);
}

static int collect(const struct partner *p, void *ctx)
{
    const char *needle = ctx;
    if (needle && *needle && !partner_matches(p, needle))
        return GU_OK;
    if (!array_reserve(&rows, &rows_cap, nrows, sizeof *rows, 64))
        return GU_FAILURE;
    rows[nrows] = (struct partner_copy){0};
    if (partner_copy_set(&rows[nrows], p))
        return GU_FAILURE;
    nrows++;
    return GU_OK;
}

void screen_partners_reload(struct app *app)
{
    rows_clear();
    struct gu_error err = {0};
    char *needle = text_fold(search.text);
    if (store_list_partners(app->st, collect, needle, &err))
        app_error(app, &err);
    free(needle);
    if (selected >= nrows)
        selected = nrows ? nrows - 1 : 0;
}

void screen_partners_open(struct app *app)
{
    selected = top = 0;
    screen_partners_reload(app);
}

void screen_partners_draw(struct app *app)
{
    draw_title(app, _("Partner directory"));
    draw_text(1, 1, 10, _("Search:"), A_NORMAL);
    int y = 3;
    draw_text(y, 1, 36, _("Name"), A_UNDERLINE);
    draw_text(y, 38, 20, _("Commune"), A_UNDERLINE);
    draw_text(y++, 59, COLS - 60, _("Phone"), A_UNDERLINE);
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
        draw_text(row, 1, 36, p->field[PARTNER_NAME], attr);
        draw_text(row, 38, 20, p->field[PARTNER_COMMUNE], attr);
        draw_text(row, 59, COLS - 60, p->field[PARTNER_PHONE], attr);
    }
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4, _("No partner matches."), A_NORMAL);
    else
        partner_card_draw(&rows[selected].p, y + list_rows + 1, 2, COLS - 4, LINES - 2);
    line_edit_draw(&search, 1, 12, 40, searching);
}

void screen_partners_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (searching) {
        bool ends;
        if (line_edit_search_key(&search, key, &ends)) {
            selected = top = 0;
            screen_partners_reload(app);
        }
        searching = !ends;
        return;
    }
    switch (action) {
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: if (selected + 1 < nrows) selected++; break;
    case ACT_SEARCH: searching = true; break;
    case ACT_OPEN:
        if (nrows)
            screen_partner_form_open(app, rows[selected].p.id);
        break;
    case ACT_NEW: screen_partner_form_open(app, 0); break;
    case ACT_POLICY: app_show(app, SCREEN_POLICY); break;
    case ACT_CANCEL:
        rows_clear();
        app_show(app, SCREEN_HOME);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
