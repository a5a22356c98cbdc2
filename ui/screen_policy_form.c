/* One request of the routing policy: its label, the words people use, the answer, the partner
 * to send people to, the theme, what to bring and a note for staff. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "policy.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

enum { PF_CODE, PF_LABEL, PF_KEYWORDS, PF_ANSWER, PF_PARTNER, PF_THEME, PF_BRING, PF_NOTE,
       PF_COUNT };
static struct form_field fields[PF_COUNT];
static struct field_form form = {.fields = fields, .n = PF_COUNT};
static bool editing;

static const char *vocab_choice(int index, void *ctx)
{
    return vocab_label(*(const enum vocab_kind *)ctx, index);
}

/* The partners found as the field is typed: the directory's own search, a page of a few. */
struct found_page {
    struct form_found *out;
    size_t max, *n;
};

/* A partner as the field shows it: its name, then where it is, so that two places of one
 * name (a directory of imported places has many) are told apart. Owned; NULL when memory is
 * short. */
static char *partner_choice_label(const struct partner *p)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_puts(&b, p->field[PARTNER_NAME] ? p->field[PARTNER_NAME] : "");
    const char *parts[] = {p->field[PARTNER_ADDRESS], p->field[PARTNER_POSTAL_CODE],
                           p->field[PARTNER_COMMUNE]};
    const char *sep = " \xC2\xB7 "; /* " · " */
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i] && *parts[i]) {
            strbuf_puts(&b, sep);
            strbuf_puts(&b, parts[i]);
            sep = i == 0 ? ", " : " ";
        }
    return strbuf_finish(&b);
}

static int collect_found(const struct partner *p, void *ctx)
{
    struct found_page *page = ctx;
    if (*page->n == page->max) /* the store passes no more than asked: never reached */
        return GU_OK;
    char *label = partner_choice_label(p);
    if (!label)
        return GU_FAILURE;
    page->out[(*page->n)++] = (struct form_found){p->id, label};
    return GU_OK;
}

static void partner_find(struct app *app, const char *text, struct form_found *out, size_t max,
                         size_t *n)
{
    struct gu_error err = {0};
    struct found_page page = {out, max, n};
    *n = 0;
    int status = store_page_partners(app->st, text, NULL, (long)max, collect_found, &page, &err);
    if (status == GU_FAILURE && !err.message[0])
        error_nomem(&err);
    if (status)
        app_error(app, &err);
}

/* The request's partner: it alone is read (the directory may hold 100,000 places). */
static int take_name(const struct partner *p, void *ctx)
{
    char **name = ctx;
    return (*name = partner_choice_label(p)) ? GU_OK : GU_FAILURE;
}

static void text_field(int i, const char *label, const char *hint, size_t max, const char *value)
{
    fields[i] = (struct form_field){.label = label, .hint = hint, .kind = FORM_TEXT,
                                    .edit = {.max_chars = max}};
    line_edit_set(&fields[i].edit, value);
}

void screen_policy_form_open(struct app *app, const struct request_kind *k)
{
    static const enum vocab_kind answer_kind = VOCAB_POLICY_ANSWER, theme_kind = VOCAB_THEME;
    const struct request_kind none = {.answer = "redirect"};
    if (!k)
        k = &none;
    field_form_release(&form);
    editing = k->code != NULL;
    text_field(PF_CODE, _("Code"), _("A short code for files: lowercase letters, digits and _."), 40,
               k->code);
    fields[PF_CODE].read_only = editing;
    text_field(PF_LABEL, _("Request"), _("The request as staff read it."), 200, k->label);
    text_field(PF_KEYWORDS, _("Words people use"),
               _("Separated by commas; accents and capitals do not matter."), POLICY_TEXT_MAX,
               k->keywords);
    fields[PF_ANSWER] = (struct form_field){
        .label = _("Answer"), .kind = FORM_CHOICE,
        .choice = vocab_find(VOCAB_POLICY_ANSWER, k->answer),
        .nchoices = (int)vocab_count(VOCAB_POLICY_ANSWER), .choice_label = vocab_choice,
        .ctx = (void *)&answer_kind,
        .hint = _("Left and Right choose; a letter jumps to the next answer starting with it.")};
    char *partner = NULL;
    struct gu_error err = {0};
    int status = k->partner_id ? store_get_partner(app->st, k->partner_id, take_name, &partner,
                                                    &err)
                               : GU_OK;
    if (status == GU_FAILURE && !err.message[0])
        error_nomem(&err);
    if (status) /* gone meanwhile (another desk): no partner, said */
        app_error(app, &err);
    fields[PF_PARTNER] = (struct form_field){
        .label = _("Partner"), .kind = FORM_SEARCH, .optional = true,
        .found_id = partner ? k->partner_id : 0, .found_label = partner, .find = partner_find,
        .hint = _("Type a few letters of the partner's name, commune or what they handle to find "
                  "where people are sent; Delete leaves none.")};
    fields[PF_THEME] = (struct form_field){
        .label = _("Theme"), .kind = FORM_CHOICE,
        .choice = k->theme ? vocab_find(VOCAB_THEME, k->theme) : VOCAB_NONE, .optional = true,
        .nchoices = (int)vocab_count(VOCAB_THEME), .choice_label = vocab_choice,
        .ctx = (void *)&theme_kind,
        .hint = _("The theme of the session when it is handled here; a letter jumps to the next "
                  "theme starting with it.")};
    text_field(PF_BRING, _("What to bring"), NULL, POLICY_TEXT_MAX, k->bring);
    text_field(PF_NOTE, _("Note for staff"), NULL, POLICY_TEXT_MAX, k->staff_note);
    form.focus = editing ? PF_LABEL : PF_CODE;
    form.top = 0;
    form.dirty = false;
    app->screen = SCREEN_POLICY_FORM;
}

void screen_policy_form_draw(struct app *app)
{
    draw_title(app, editing ? _("Edit a request of the policy") : _("New request of the policy"));
    draw_text(1, 1, COLS - 2, _("Tab moves between fields; Enter saves; Esc goes back."), A_NORMAL);
    field_form_draw(&form, 3, LINES - 8);
}

/* Back to the policy, keeping its selection (app_show would start at the top). */
static void back(struct app *app)
{
    app->screen = SCREEN_POLICY;
    screen_policy_reload(app);
}

static void save(struct app *app)
{
    char *text[PF_COUNT] = {NULL};
    struct gu_error err;
    int status = GU_OK;
    for (int i = 0; !status && i < PF_COUNT; i++) {
        if (fields[i].kind != FORM_TEXT)
            continue;
        if (text_clean_input(fields[i].label, line_edit_text(&fields[i].edit), fields[i].edit.max_chars,
                             TEXT_REJECT_CONTROLS, &text[i], &err)) {
            form.focus = i;
            status = GU_INVALID;
        } else if (text[i] && !*text[i]) {
            free(text[i]);
            text[i] = NULL;
        }
    }
    struct request_kind k = {
        .code = text[PF_CODE], .label = text[PF_LABEL], .keywords = text[PF_KEYWORDS],
        .answer = vocab_code(VOCAB_POLICY_ANSWER, fields[PF_ANSWER].choice),
        .partner_id = fields[PF_PARTNER].found_id,
        .theme = fields[PF_THEME].choice < 0 ? NULL : vocab_code(VOCAB_THEME, fields[PF_THEME].choice),
        .bring = text[PF_BRING], .staff_note = text[PF_NOTE]};
    if (!status && policy_validate_kind(&k, &err)) {
        status = GU_INVALID;
        static const char *const names[PF_COUNT] = {"code", "label", "keywords", "answer",
                                                    "partner", "theme", "bring", "staff_note"};
        for (int i = 0; i < PF_COUNT; i++) {
            /* "partner: …" becomes "Partner: …", as the form names it; the separator is the
             * language's (policy_validate_kind writes it with the same "%s: %s"). */
            char prefix[64];
            snprintf(prefix, sizeof prefix, _("%s: %s"), names[i], "");
            size_t len = strlen(prefix);
            if (!strncmp(err.message, prefix, len)) {
                char why[sizeof err.message];
                snprintf(why, sizeof why, "%s", err.message + len);
                error_set(&err, GU_INVALID, _("%s: %s"), fields[i].label, why);
                form.focus = i;
                break;
            }
        }
    }
    if (!status && !editing && policy_code_used(k.code)) {
        status = error_set(&err, GU_INVALID, "%s", _("Another request has this code already."));
        form.focus = PF_CODE;
    }
    int added = 0, updated = 0;
    if (!status && store_save_request_kinds(app->st, &k, 1, false, app->operator_id, &added,
                                            &updated, &err))
        status = GU_FAILURE;
    for (int i = 0; i < PF_COUNT; i++)
        free(text[i]);
    if (status) { /* the form stays as typed */
        app_error(app, &err);
        return;
    }
    app_message(app, false, "%s", _("Policy saved."));
    app->data_version = store_data_version(app->st);
    form.dirty = false;
    back(app);
}

void screen_policy_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    field_form_screen_key(app, &form, action, key, save, back);
}
