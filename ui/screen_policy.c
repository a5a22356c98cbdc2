/* The routing policy: each request the desk may hear, what the library answers and where it
 * sends people. Enter edits a request, n adds one, d removes one. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "i18n.h"
#include "policy.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

static struct policy policy;
static size_t selected, top;
/* How many rows the list shows, as last drawn: a page for PgUp and PgDn. */
static size_t page_rows = 10;

/* The numbers and names of the partners the policy's rows show (read on each reload: a few;
 * never the whole directory, which holds 100,000 places in a network). */
struct partner_names {
    struct partner_name {
        int64_t id;
        char *name; /* owned */
    } *items;
    size_t n, cap;
};
static struct partner_names shown;

static void partner_names_clear(struct partner_names *names)
{
    for (size_t i = 0; i < names->n; i++)
        free(names->items[i].name);
    free(names->items);
    *names = (struct partner_names){0};
}

static int collect_partner(const struct partner *p, void *ctx)
{
    struct partner_names *names = ctx;
    if (!array_reserve(&names->items, &names->cap, names->n, sizeof *names->items, 64))
        return GU_FAILURE;
    char *name = NULL;
    if (text_copy(&name, p->field[PARTNER_NAME] ? p->field[PARTNER_NAME] : ""))
        return GU_FAILURE;
    names->items[names->n++] = (struct partner_name){p->id, name};
    return GU_OK;
}

bool policy_code_used(const char *code)
{
    for (size_t i = 0; code && i < policy.n; i++)
        if (!strcmp(policy.kinds[i].code, code))
            return true;
    return false;
}

static const char *partner_name_of(int64_t id)
{
    for (size_t i = 0; id && i < shown.n; i++)
        if (shown.items[i].id == id)
            return shown.items[i].name;
    return "";
}

/* The names of the partners the policy's rows show, each read once. */
static int load_shown_names(struct app *app, struct gu_error *err)
{
    partner_names_clear(&shown);
    for (size_t i = 0; i < policy.n; i++) {
        int64_t id = policy.kinds[i].partner_id;
        if (!id || *partner_name_of(id))
            continue;
        int status = store_get_partner(app->st, id, collect_partner, &shown, err);
        if (status && status != GU_INVALID) /* gone meanwhile: its name is empty */
            return status;
    }
    return GU_OK;
}

/* The selected request stays selected while it exists (another desk's write, a return from
 * its form); once gone, the row at its place. */
void screen_policy_reload(struct app *app)
{
    struct gu_error err = {0};
    int64_t keep = selected < policy.n ? policy.kinds[selected].id : 0;
    policy_free(&policy);
    if (policy_load(app->st, &policy, &err) || load_shown_names(app, &err))
        app_error(app, &err);
    for (size_t i = 0; keep && i < policy.n; i++)
        if (policy.kinds[i].id == keep)
            selected = i;
    if (selected >= policy.n)
        selected = policy.n ? policy.n - 1 : 0;
}

void screen_policy_open(struct app *app)
{
    policy_free(&policy); /* a fresh start at the top, not the last visit's request */
    selected = top = 0;
    screen_policy_reload(app);
}

static const char *answer_label(const struct request_kind *k)
{
    return vocab_label(VOCAB_POLICY_ANSWER, vocab_find(VOCAB_POLICY_ANSWER, k->answer));
}

void screen_policy_draw(struct app *app)
{
    draw_title(app, _("Routing policy"));
    int y = 2;
    const char *headings[3] = {_("Request"), _("Answer"), _("Partner")};
    struct draw_column cols[3];
    for (int i = 0; i < 3; i++) {
        cols[i] = (struct draw_column){.gap = i ? 2 : 0, .min = i == 1 ? 0 : 16};
        draw_column_want(&cols[i], headings[i]);
    }
    for (size_t i = 0; i < policy.n; i++) {
        draw_column_want(&cols[0], policy.kinds[i].label);
        draw_column_want(&cols[1], answer_label(&policy.kinds[i]));
        draw_column_want(&cols[2], partner_name_of(policy.kinds[i].partner_id));
    }
    cols[1].min = cols[1].want; /* "Orienté ailleurs" stays whole */
    draw_columns_fit(cols, 3, 1, COLS - 2);
    for (int i = 0; i < 3; i++)
        draw_text(y, cols[i].x, cols[i].width, headings[i], A_UNDERLINE);
    y++;
    int list_rows = LINES - 10 - y > 3 ? LINES - 10 - y : 3;
    page_rows = (size_t)list_rows;
    if (selected < top)
        top = selected;
    if (selected >= top + (size_t)list_rows)
        top = selected - (size_t)list_rows + 1;
    for (size_t i = top; i < policy.n && (int)(i - top) < list_rows; i++) {
        const struct request_kind *k = &policy.kinds[i];
        unsigned attr = i == selected ? draw_attr_focus() : A_NORMAL;
        int row = y + (int)(i - top);
        draw_text(row, 0, COLS, "", attr);
        draw_text(row, cols[0].x, cols[0].width, k->label, attr);
        draw_text(row, cols[1].x, cols[1].width, answer_label(k), attr);
        draw_name(row, cols[2].x, cols[2].width, partner_name_of(k->partner_id), attr);
    }
    if (!policy.n) {
        draw_text(y + 1, 2, COLS - 4, _("The policy is empty: press n to add a request."), A_NORMAL);
        return;
    }
    /* Under the list, the selected request whole: its words, what to bring, the note. */
    const struct request_kind *k = &policy.kinds[selected];
    y += list_rows + 1;
    int bottom = LINES - 2, width = COLS - 4;
    int later = (k->bring != NULL) + (k->staff_note != NULL); /* lines kept for them */
    struct strbuf line = STRBUF_INIT;
    if ((int)text_width(k->label) > cols[0].width && y < bottom - 1 - later)
        y += draw_text_wrapped(y, 2, width, 2, k->label, A_BOLD);
    if (k->site_id && y < bottom - 1 - later) /* in a network: store_set_site_scope */
        y += draw_text_wrapped(y, 2, width, 1, _("This site's own answer; the other sites of "
                                                 "the network keep theirs."), A_DIM);
    strbuf_printf(&line, "%s %s", _("Words people use:"), k->keywords ? k->keywords : "");
    y += draw_text_wrapped(y, 2, width, bottom - y - later, strbuf_str(&line), A_NORMAL);
    if (k->bring && y < bottom) {
        strbuf_release(&line);
        strbuf_printf(&line, "%s %s", _("What to bring:"), k->bring);
        y += draw_text_wrapped(y, 2, width, bottom - y - (k->staff_note != NULL),
                               strbuf_str(&line), A_NORMAL);
    }
    if (k->staff_note && y < bottom) {
        strbuf_release(&line);
        strbuf_printf(&line, "%s %s", _("Note for staff:"), k->staff_note);
        draw_text_wrapped(y, 2, width, bottom - y, strbuf_str(&line), A_DIM);
    }
    strbuf_release(&line);
}

static void delete_kind(struct app *app)
{
    if (!policy.n)
        return;
    const struct request_kind *k = &policy.kinds[selected];
    struct gu_error err;
    int64_t site = 0;
    if (store_site_scope(app->st, &site, &err)) {
        app_error(app, &err);
        return;
    }
    /* A network's line is every site's: said before asking (store_delete_request_kind
     * refuses it too). */
    if (site && !k->site_id) {
        app_message(app, true, "%s", _("This request is the network's, which every site follows: "
                                        "this site can answer it its own way (Enter), not remove "
                                        "it."));
        return;
    }
    if (!app_confirm_namef(app, k->label, _("Remove \"%s\" from the policy?"), k->label))
        return;
    bool own = k->site_id != 0;
    if (store_delete_request_kind(app->st, k->id, app->operator_id, &err)) {
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    app_message(app, false, "%s",
                own ? _("This site's own answer removed: the network's line of the request, if "
                        "it has one, applies again.")
                    : _("Request removed from the policy."));
    screen_policy_reload(app);
}

void screen_policy_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key;
    switch (action) {
    case ACT_UP: if (selected > 0) selected--; break;
    case ACT_DOWN: if (selected + 1 < policy.n) selected++; break;
    case ACT_PAGE_UP: selected = selected > page_rows ? selected - page_rows : 0; break;
    case ACT_PAGE_DOWN: /* the policy is read whole: a page on, at most to its last request */
        selected = selected + page_rows < policy.n ? selected + page_rows
                   : policy.n ? policy.n - 1 : 0;
        break;
    case ACT_FIRST: selected = 0; break;
    case ACT_LAST: selected = policy.n ? policy.n - 1 : 0; break;
    case ACT_OPEN:
        if (policy.n)
            screen_policy_form_open(app, &policy.kinds[selected]);
        break;
    case ACT_NEW: screen_policy_form_open(app, NULL); break;
    case ACT_DELETE: delete_kind(app); break;
    case ACT_CANCEL:
        policy_free(&policy);
        partner_names_clear(&shown);
        app_show(app, SCREEN_PARTNERS);
        break;
    case ACT_HELP: app_help(app, NULL); break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
