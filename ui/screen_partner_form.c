/* A partner's form: every field of the directory, checked as the command line checks them
 * (postal code, phone, e-mails, opening hours, codes) before it is saved. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"
#include "vocab.h"

static const char *const labels[PARTNER_FIELD_COUNT] = {
    [PARTNER_NAME] = N_("Name"),
    [PARTNER_TYPOLOGY] = N_("Typology"),
    [PARTNER_CATEGORY] = N_("Category"),
    [PARTNER_ADDRESS] = N_("Address"),
    [PARTNER_ADDRESS_EXTRA] = N_("Address (more)"),
    [PARTNER_POSTAL_CODE] = N_("Postal code"),
    [PARTNER_COMMUNE] = N_("Commune"),
    [PARTNER_PHONE] = N_("Phone"),
    [PARTNER_EMAILS] = N_("E-mails"),
    [PARTNER_WEBSITE] = N_("Website"),
    [PARTNER_HOURS] = N_("Opening hours"),
    [PARTNER_ACCESS] = N_("How to reach them"),
    [PARTNER_HANDLES] = N_("What they handle"),
    [PARTNER_NOTES] = N_("Notes"),
};

static const char *const hints[PARTNER_FIELD_COUNT] = {
    [PARTNER_TYPOLOGY] = N_("Codes of the place standard separated by |, such as CAF|CPAM."),
    [PARTNER_CATEGORY] = N_("Left and Right choose the category used in the activity reports."),
    [PARTNER_EMAILS] = N_("One or more addresses separated by |."),
    [PARTNER_HOURS] = N_("OpenStreetMap syntax, such as: Mo-Fr 09:00-12:00,14:00-17:00; PH off"),
};

/* "Codes separated by |: walk_in (Walk in), phone (Phone)…", from the vocabulary. */
static const char *access_hint(void)
{
    static char hint[512];
    size_t used = (size_t)snprintf(hint, sizeof hint, "%s", _("Codes separated by |:"));
    for (size_t i = 0; i < vocab_count(VOCAB_ACCESS) && used < sizeof hint; i++) {
        int n = snprintf(hint + used, sizeof hint - used, "%s %s (%s)", i ? "," : "",
                         vocab_code(VOCAB_ACCESS, (int)i), vocab_label(VOCAB_ACCESS, (int)i));
        used += n > 0 ? (size_t)n : 0;
    }
    return hint;
}

static struct form_field fields[PARTNER_FIELD_COUNT];
static struct field_form form = {fields, PARTNER_FIELD_COUNT, 0, 0, false};
static int64_t editing_id;

bool screen_partner_form_dirty(void)
{
    return form.dirty;
}

static const char *category_label(int index, void *ctx)
{
    (void)ctx;
    return vocab_label(VOCAB_ORIENTATION, index);
}

static int fill(const struct partner *p, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        if (i == PARTNER_CATEGORY)
            fields[i].choice = p->field[i] ? vocab_find(VOCAB_ORIENTATION, p->field[i]) : VOCAB_NONE;
        else
            line_edit_set(&fields[i].edit, p->field[i]);
    return GU_OK;
}

void screen_partner_form_open(struct app *app, int64_t id)
{
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        fields[i] = (struct form_field){.label = _(labels[i]),
                                        .hint = hints[i] ? _(hints[i]) : NULL,
                                        .kind = FORM_TEXT,
                                        .edit = {.max_chars = PARTNER_TEXT_MAX}};
    fields[PARTNER_ACCESS].hint = access_hint();
    fields[PARTNER_CATEGORY] = (struct form_field){
        .label = _(labels[PARTNER_CATEGORY]), .hint = _(hints[PARTNER_CATEGORY]),
        .kind = FORM_CHOICE, .choice = VOCAB_NONE, .optional = true,
        .nchoices = (int)vocab_count(VOCAB_ORIENTATION), .choice_label = category_label};
    form.focus = form.top = 0;
    form.dirty = false;
    editing_id = id;
    struct gu_error err;
    if (id && store_get_partner(app->st, id, fill, NULL, &err)) {
        app_error(app, &err);
        return;
    }
    app->screen = SCREEN_PARTNER_FORM;
}

void screen_partner_form_draw(struct app *app)
{
    char title[128];
    if (editing_id)
        snprintf(title, sizeof title, _("Partner No. %lld"), (long long)editing_id);
    else
        snprintf(title, sizeof title, "%s", _("New partner"));
    draw_title(app, title);
    draw_text(1, 1, COLS - 2, _("Tab moves between fields; Enter saves; Esc goes back."), A_NORMAL);
    field_form_draw(&form, 3, LINES - 8);
}

static void save(struct app *app)
{
    struct partner_copy c = {0};
    c.p.id = editing_id;
    struct gu_error err;
    int status = GU_OK;
    for (int i = 0; !status && i < PARTNER_FIELD_COUNT; i++) {
        if (i == PARTNER_CATEGORY) {
            status = partner_copy_field(&c, i, fields[i].choice == VOCAB_NONE
                                                  ? NULL
                                                  : vocab_code(VOCAB_ORIENTATION, fields[i].choice));
            continue;
        }
        char *clean = NULL;
        if (text_clean_input(fields[i].label, fields[i].edit.text, PARTNER_TEXT_MAX,
                             TEXT_REJECT_CONTROLS, &clean, &err)) {
            form.focus = i;
            status = GU_INVALID;
        } else
            status = partner_copy_field(&c, i, clean);
        free(clean);
    }
    /* The message names fields as the form shows them. */
    const char *names[PARTNER_FIELD_COUNT];
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        names[i] = fields[i].label;
    if (!status && partner_validate(&c.p, names, &err)) {
        status = GU_INVALID;
        for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
            if (!strncmp(err.message, names[i], strlen(names[i])))
                form.focus = i;
    }
    int64_t id = editing_id;
    if (!status)
        status = editing_id ? store_update_partner(app->st, &c.p, app->operator_id, &err)
                            : store_add_partner(app->st, &c.p, app->operator_id, &id, &err);
    partner_copy_free(&c);
    if (status) { /* the form stays as typed */
        app_error(app, &err);
        return;
    }
    app->data_version = store_data_version(app->st);
    form.dirty = false;
    app_show(app, SCREEN_PARTNERS);
    app_message(app, false, _("Partner No. %lld saved."), (long long)id);
}

static void back(struct app *app)
{
    app_show(app, SCREEN_PARTNERS);
}

void screen_partner_form_key(struct app *app, enum action_id action, struct ui_key key)
{
    field_form_screen_key(app, &form, action, key, save, back);
}
