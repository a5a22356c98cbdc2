/* A partner's form: every field of the directory, checked as the command line checks them
 * (postal code, phone, e-mails, opening hours, codes) before it is saved. The typology and the
 * ways to reach them are ticked in lists, the category chosen in one, and opening hours may be
 * typed in French: what is stored, OpenStreetMap's syntax, is shown back when the field is left. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hours.h"
#include "i18n.h"
#include "mednum.h"
#include "strbuf.h"
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
    [PARTNER_CATEGORY] = N_("Left and Right choose the category used in the activity reports; a "
                            "letter jumps to the next one starting with it."),
    [PARTNER_EMAILS] = N_("One or more addresses separated by |."),
    [PARTNER_HOURS] = N_("In French or as OpenStreetMap writes them: du lundi au vendredi 9h-12h, "
                         "14h-17h; fermé le dimanche"),
};

/* After the partner's own fields, its SIRET or RNA number: the place standard's pivot, without
 * which a place cannot be exported. */
enum { FORM_PIVOT = PARTNER_FIELD_COUNT, FORM_FIELD_COUNT };

static struct form_field fields[FORM_FIELD_COUNT];
static struct field_form form = {.fields = fields, .n = FORM_FIELD_COUNT};
static int64_t editing_id;

/* A list of codes ticked with Space, moved through with Left and Right (the typology, the ways
 * to reach them): the vocabulary's values, then the codes of the stored value that the
 * vocabulary does not know (from a file imported elsewhere), shown so that they can be
 * unticked rather than dropped unseen. */
struct code_list {
    enum vocab_kind kind;
    int field;         /* its index in fields[] */
    char **unknown;    /* owned */
    size_t nunknown;
    bool *ticked;      /* one per value, owned */
    bool changed;      /* ticked since it was filled */
    char *stored;      /* the value as filled, owned: saved again as it was when nothing changed */
    struct strbuf shown, hint; /* the text drawn for the field and under it */
};
static struct code_list typology_list = {.kind = VOCAB_TYPOLOGY, .field = PARTNER_TYPOLOGY};
static struct code_list access_list = {.kind = VOCAB_ACCESS, .field = PARTNER_ACCESS};
static struct strbuf hours_hint = STRBUF_INIT;
/* The hours stored with the partner being edited: kept verbatim when left as they are, even
 * when guichet does not understand them (imported), so that the other fields stay editable. */
static char *hours_stored;

static int code_list_count(const struct code_list *l)
{
    return (int)(vocab_count(l->kind) + l->nunknown);
}

static const char *code_list_label(const struct code_list *l, int i)
{
    int known = (int)vocab_count(l->kind);
    return i < known ? vocab_label(l->kind, i) : l->unknown[i - known];
}

static const char *code_list_code(const struct code_list *l, int i)
{
    int known = (int)vocab_count(l->kind);
    return i < known ? vocab_code(l->kind, i) : l->unknown[i - known];
}

static void code_list_release(struct code_list *l)
{
    for (size_t i = 0; i < l->nunknown; i++)
        free(l->unknown[i]);
    free(l->unknown);
    free(l->ticked);
    free(l->stored);
    l->unknown = NULL;
    l->ticked = NULL;
    l->stored = NULL;
    l->nunknown = 0;
    l->changed = false;
}

/* Ticks the codes of stored ("CAF|CPAM"; NULL for none). */
static int code_list_fill(struct code_list *l, const char *stored, struct gu_error *err)
{
    code_list_release(l);
    size_t items = 1;
    for (const char *p = stored; p && *p; p++)
        items += *p == '|';
    l->ticked = calloc(vocab_count(l->kind) + items, sizeof *l->ticked);
    l->unknown = calloc(items, sizeof *l->unknown);
    if (!l->ticked || !l->unknown || text_copy(&l->stored, stored))
        return error_nomem(err);
    for (const char *p = stored; p && *p;) {
        size_t len = strcspn(p, "|");
        char *code = strndup(p, len);
        if (!code)
            return error_nomem(err);
        p += len + (p[len] == '|');
        int i = vocab_find(l->kind, code);
        for (size_t u = 0; i == VOCAB_NONE && u < l->nunknown; u++)
            if (!strcmp(l->unknown[u], code))
                i = (int)(vocab_count(l->kind) + u);
        if (i == VOCAB_NONE && *code) {
            l->unknown[l->nunknown++] = code;
            i = code_list_count(l) - 1;
        } else
            free(code);
        if (i != VOCAB_NONE)
            l->ticked[i] = true;
    }
    return GU_OK;
}

/* The codes ticked, "CAF|CPAM", into *out (NULL for none): the stored value itself when the
 * ticks did not change, so that an edit elsewhere in the form leaves it as it was. */
static int code_list_value(const struct code_list *l, char **out, struct gu_error *err)
{
    if (!l->changed)
        return text_copy(out, l->stored) ? error_nomem(err) : GU_OK;
    struct strbuf b = STRBUF_INIT;
    for (int i = 0; i < code_list_count(l); i++)
        if (l->ticked[i]) {
            strbuf_puts(&b, b.len ? "|" : "");
            strbuf_puts(&b, code_list_code(l, i));
        }
    if (!b.len && !strbuf_failed(&b)) { /* none ticked */
        strbuf_release(&b);
        *out = NULL;
        return GU_OK;
    }
    *out = strbuf_finish(&b);
    return *out ? GU_OK : error_nomem(err);
}

/* The labels ticked, "Family allowance office (CAF), La Poste", into l->shown. */
static const char *code_list_ticked_labels(struct code_list *l)
{
    strbuf_release(&l->shown);
    for (int i = 0; i < code_list_count(l); i++)
        if (l->ticked[i]) {
            strbuf_puts(&l->shown, l->shown.len ? ", " : "");
            strbuf_puts(&l->shown, code_list_label(l, i));
        }
    return l->shown.len && !strbuf_failed(&l->shown) ? strbuf_str(&l->shown) : _("(none)");
}

/* What the field shows: the value under the cursor with its tick box while the field has the
 * focus ("[x] Family allowance office (CAF)"), else every value ticked. */
static const char *code_list_choice_label(int index, void *ctx)
{
    struct code_list *l = ctx;
    if (form.focus != l->field)
        return code_list_ticked_labels(l);
    strbuf_release(&l->shown);
    strbuf_printf(&l->shown, "%s %s", l->ticked[index] ? "[x]" : "[ ]", code_list_label(l, index));
    return strbuf_failed(&l->shown) ? "" : strbuf_str(&l->shown);
}

/* Under the focused list: what is ticked so far (the keys are said above the form). */
static void code_list_update_hint(struct code_list *l)
{
    strbuf_release(&l->hint);
    /* TRANSLATORS: followed by the values ticked in a list, or "(none)". */
    strbuf_puts(&l->hint, _("Ticked:"));
    strbuf_puts(&l->hint, " ");
    const char *ticked = code_list_ticked_labels(l);
    strbuf_puts(&l->hint, ticked);
    fields[l->field].hint = strbuf_failed(&l->hint) ? NULL : strbuf_str(&l->hint);
}

static struct code_list *code_list_focused(void)
{
    return form.focus == PARTNER_TYPOLOGY ? &typology_list
           : form.focus == PARTNER_ACCESS ? &access_list
                                          : NULL;
}

/* The checks of the fields the place standard constrains, as they are typed: the message
 * shows the form expected (mednum_normalise, which saving applies). */
static int standard_check(const char *name, const char *field, const char *text,
                          struct gu_error *err)
{
    char *clean = NULL, *norm = NULL;
    int status = text_clean_input(field, text, PARTNER_TEXT_MAX, TEXT_REJECT_CONTROLS, &clean, err);
    if (!status && !mednum_load(err))
        status = mednum_normalise(name, field, clean, line_edit_text(&fields[PARTNER_POSTAL_CODE].edit),
                                  &norm, err);
    free(clean);
    free(norm);
    return status;
}

static int phone_check(const char *field, const char *text, struct gu_error *err)
{
    return standard_check("telephone", field, text, err);
}

static int postal_code_check(const char *field, const char *text, struct gu_error *err)
{
    return standard_check("code_postal", field, text, err);
}

static int emails_check(const char *field, const char *text, struct gu_error *err)
{
    return standard_check("courriels", field, text, err);
}

static int website_check(const char *field, const char *text, struct gu_error *err)
{
    return standard_check("site_web", field, text, err);
}

static int pivot_check(const char *field, const char *text, struct gu_error *err)
{
    return standard_check("pivot", field, text, err);
}

/* Opening hours as typed (French, or OpenStreetMap's syntax) into what is stored, *osm (NULL
 * when blank); err names the field. */
static int hours_to_stored(const char *typed, char **osm, struct gu_error *err)
{
    *osm = NULL;
    char *clean = NULL;
    int status = text_clean_input(fields[PARTNER_HOURS].label, typed, PARTNER_TEXT_MAX,
                                  TEXT_REJECT_CONTROLS, &clean, err);
    if (!status && *clean && hours_stored && !strcmp(clean, hours_stored)) {
        *osm = clean;
        return GU_OK;
    }
    if (!status && *clean) {
        struct gu_error why;
        status = hours_from_french(clean, osm, &why);
        if (status)
            error_set(err, status, "%s: %s", fields[PARTNER_HOURS].label, why.message);
    }
    free(clean);
    return status;
}

/* The check of the hours field as it is typed: what is not understood is said under it. */
static int hours_check(const char *field, const char *text, struct gu_error *err)
{
    (void)field;
    char *osm = NULL;
    int status = hours_to_stored(text, &osm, err);
    free(osm);
    return status;
}

/* Under the hours field: how they will be stored, once that differs from what is typed. */
static void hours_update_hint(void)
{
    const char *typed = line_edit_text(&fields[PARTNER_HOURS].edit);
    char *osm = NULL;
    struct gu_error err;
    fields[PARTNER_HOURS].hint = _(hints[PARTNER_HOURS]);
    if (form.focus != PARTNER_HOURS || hours_to_stored(typed, &osm, &err) || !osm ||
        !strcmp(osm, typed)) {
        free(osm);
        return;
    }
    strbuf_release(&hours_hint);
    strbuf_printf(&hours_hint, _("Will be stored as: %s"), osm);
    free(osm);
    if (!strbuf_failed(&hours_hint))
        fields[PARTNER_HOURS].hint = strbuf_str(&hours_hint);
}

/* Leaving the hours field writes them as they will be stored, or says what was not understood. */
static void hours_field_left(struct app *app)
{
    char *osm = NULL;
    struct gu_error err;
    const char *typed = line_edit_text(&fields[PARTNER_HOURS].edit);
    if (hours_to_stored(typed, &osm, &err)) {
        app_error(app, &err);
        return;
    }
    if (osm && strcmp(osm, typed)) {
        line_edit_set(&fields[PARTNER_HOURS].edit, osm);
        app_message(app, false, _("Opening hours will be stored as: %s"), osm);
    }
    free(osm);
}

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
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        if (i == PARTNER_CATEGORY)
            fields[i].choice = p->field[i] ? vocab_find(VOCAB_ORIENTATION, p->field[i]) : VOCAB_NONE;
        else if (i != PARTNER_TYPOLOGY && i != PARTNER_ACCESS)
            line_edit_set(&fields[i].edit, p->field[i]);
    line_edit_set(&fields[FORM_PIVOT].edit, p->pivot);
    free(hours_stored);
    hours_stored = NULL;
    if (p->field[PARTNER_HOURS] && text_copy(&hours_stored, p->field[PARTNER_HOURS]))
        return GU_FAILURE;
    if (code_list_fill(&typology_list, p->field[PARTNER_TYPOLOGY], ctx) ||
        code_list_fill(&access_list, p->field[PARTNER_ACCESS], ctx))
        return GU_FAILURE;
    fields[PARTNER_TYPOLOGY].nchoices = code_list_count(&typology_list);
    fields[PARTNER_ACCESS].nchoices = code_list_count(&access_list);
    return GU_OK;
}

/* A list field of l, its cursor on the first value ticked. */
static void code_list_field(struct code_list *l)
{
    int first = 0;
    while (first < code_list_count(l) && !l->ticked[first])
        first++;
    if (first == code_list_count(l))
        first = 0;
    fields[l->field] = (struct form_field){
        .label = _(labels[l->field]), .kind = FORM_CHOICE, .choice = first,
        .nchoices = code_list_count(l), .choice_label = code_list_choice_label, .ctx = l};
}

void screen_partner_form_open(struct app *app, int64_t id)
{
    field_form_release(&form);
    free(hours_stored);
    hours_stored = NULL;
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        fields[i] = (struct form_field){.label = _(labels[i]),
                                        .hint = hints[i] ? _(hints[i]) : NULL,
                                        .kind = FORM_TEXT,
                                        .edit = {.max_chars = PARTNER_TEXT_MAX}};
    fields[FORM_PIVOT] = (struct form_field){.label = _("SIRET or RNA"),
                                             .hint = _("The place's SIRET (14 digits) or, for an "
                                                       "association, its RNA number (W and 9 "
                                                       "digits): the place standard needs it."),
                                             .kind = FORM_TEXT,
                                             .edit = {.max_chars = PARTNER_TEXT_MAX},
                                             .check = pivot_check};
    fields[PARTNER_HOURS].check = hours_check;
    fields[PARTNER_PHONE].check = phone_check;
    fields[PARTNER_POSTAL_CODE].check = postal_code_check;
    fields[PARTNER_EMAILS].check = emails_check;
    fields[PARTNER_WEBSITE].check = website_check;
    fields[PARTNER_CATEGORY] = (struct form_field){
        .label = _(labels[PARTNER_CATEGORY]), .hint = _(hints[PARTNER_CATEGORY]),
        .kind = FORM_CHOICE, .choice = VOCAB_NONE, .optional = true,
        .nchoices = (int)vocab_count(VOCAB_ORIENTATION), .choice_label = category_label};
    form.focus = form.top = 0;
    form.dirty = false;
    editing_id = id;
    struct gu_error err;
    int status = code_list_fill(&typology_list, NULL, &err);
    if (!status)
        status = code_list_fill(&access_list, NULL, &err);
    if (!status && id)
        status = store_get_partner(app->st, id, fill, &err, &err);
    if (status) {
        app_error(app, &err);
        return;
    }
    code_list_field(&typology_list);
    code_list_field(&access_list);
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
    const char *keys = _("Tab moves between fields; Enter saves; Esc goes back.");
    if (code_list_focused())
        keys = _("Space ticks or unticks; Left and Right move; a letter jumps; Enter saves.");
    draw_text(1, 1, COLS - 2, keys, A_NORMAL);
    code_list_update_hint(&typology_list);
    code_list_update_hint(&access_list);
    hours_update_hint();
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
        if (i == PARTNER_TYPOLOGY || i == PARTNER_ACCESS || i == PARTNER_HOURS) {
            if (i == PARTNER_HOURS)
                status = hours_to_stored(line_edit_text(&fields[i].edit), &clean, &err);
            else
                status = code_list_value(i == PARTNER_TYPOLOGY ? &typology_list : &access_list,
                                         &clean, &err);
            if (!status)
                status = partner_copy_field(&c, i, clean);
            else
                form.focus = i;
            free(clean);
            continue;
        }
        if (text_clean_input(fields[i].label, line_edit_text(&fields[i].edit), PARTNER_TEXT_MAX,
                             TEXT_REJECT_CONTROLS, &clean, &err)) {
            form.focus = i;
            status = GU_INVALID;
        } else
            status = partner_copy_field(&c, i, clean);
        free(clean);
    }
    if (!status) {
        char *clean = NULL;
        if (text_clean_input(fields[FORM_PIVOT].label, line_edit_text(&fields[FORM_PIVOT].edit),
                             PARTNER_TEXT_MAX, TEXT_REJECT_CONTROLS, &clean, &err)) {
            form.focus = FORM_PIVOT;
            status = GU_INVALID;
        } else if (partner_copy_pivot(&c, clean))
            status = error_nomem(&err);
        free(clean);
    }
    /* The message names fields as the form shows them. */
    const char *names[PARTNER_FIELD_COUNT];
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        names[i] = fields[i].label;
    if (!status && (status = partner_normalise(&c, names, fields[FORM_PIVOT].label, &err)) ==
                       GU_INVALID) {
        for (int i = 0; i < FORM_FIELD_COUNT; i++)
            if (!strncmp(err.message, fields[i].label, strlen(fields[i].label)))
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
    struct code_list *list = code_list_focused();
    if (list && action == ACT_TOGGLE) {
        int i = fields[list->field].choice;
        list->ticked[i] = !list->ticked[i];
        list->changed = form.dirty = true;
        return;
    }
    int before = form.focus;
    field_form_screen_key(app, &form, action, key, save, back);
    if (app->screen == SCREEN_PARTNER_FORM && before == PARTNER_HOURS &&
        form.focus != PARTNER_HOURS && (action == ACT_NEXT_FIELD || action == ACT_PREV_FIELD))
        hours_field_left(app);
}
