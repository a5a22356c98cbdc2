/* The commune of residence on the session form and on booking: typed as a postal code or a name,
 * chosen among what matches in the shipped table, or reused from the last ones of the desk. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commune.h"
#include "i18n.h"

/* The site's list or the shipped table, read while the desk waits for its first keys (else on
 * the first form) and kept for the desk's lifetime (a list imported meanwhile is used from the
 * next start). */
static struct commune_table *table;

static const struct commune_table *communes(void)
{
    return table;
}

static void communes_load(struct app *app)
{
    struct gu_error err;
    if (!table && commune_table_of_site(app->st, &table, &err))
        app_error(app, &err); /* the field then says that the table is missing */
}

void commune_field_preload(struct app *app)
{
    communes_load(app);
}

static int add_recent(const struct residence *r, void *ctx)
{
    struct commune_field *f = ctx;
    if (f->nrecent < COMMUNE_FIELD_RECENT && residence_copy(&f->recent[f->nrecent], r) == GU_OK)
        f->nrecent++;
    return GU_OK;
}

void commune_field_release(struct commune_field *f)
{
    line_edit_release(&f->edit);
    for (int i = 0; i < f->nrecent; i++)
        residence_clear(&f->recent[i]);
    f->nrecent = 0;
    residence_clear(&f->kept);
    free(f->kept_label);
    f->kept_label = NULL;
    f->nmatches = f->pick = 0;
    f->recent_pick = -1;
}

/* Shows r in the field, its own commune chosen among the matches. */
static void show_residence(struct commune_field *f, const struct residence *r)
{
    char *label = residence_label(r);
    line_edit_set(&f->edit, label);
    residence_clear(&f->kept);
    free(f->kept_label);
    f->kept_label = NULL;
    if (label && residence_copy(&f->kept, r) == GU_OK)
        f->kept_label = label;
    else
        free(label);
    commune_field_typed(f);
    for (size_t i = 0; i < f->nmatches; i++)
        if (r->insee && !strcmp(f->matches[i]->insee, r->insee) &&
            (!r->postal_code || !strcmp(f->matches[i]->postal_code, r->postal_code))) {
            f->pick = i;
            break;
        }
}

void commune_field_open(struct commune_field *f, struct app *app, const struct residence *initial)
{
    commune_field_release(f);
    communes_load(app);
    line_edit_init(&f->edit, COMMUNE_NAME_MAX + 6, false);
    if (initial && !residence_is_empty(initial))
        show_residence(f, initial);
    struct gu_error err;
    if (store_recent_residences(app->st, app->site_id, COMMUNE_FIELD_RECENT, add_recent, f, &err))
        app_error(app, &err);
}

void commune_field_typed(struct commune_field *f)
{
    f->nmatches = commune_search(communes(), line_edit_text(&f->edit), f->matches,
                                 COMMUNE_FIELD_MATCHES);
    f->pick = 0;
}

void commune_field_step(struct commune_field *f, int step)
{
    if (f->nmatches)
        f->pick = (size_t)(((long)f->pick + step + (long)f->nmatches) % (long)f->nmatches);
}

bool commune_field_reuse(struct commune_field *f)
{
    if (!f->nrecent)
        return false;
    f->recent_pick = (f->recent_pick + 1) % f->nrecent;
    show_residence(f, &f->recent[f->recent_pick]);
    return true;
}

/* Whether the field shows, untouched, a stored commune the table does not hold. */
static bool shows_kept(const struct commune_field *f)
{
    return !f->nmatches && f->kept_label && !strcmp(line_edit_text(&f->edit), f->kept_label);
}

void commune_field_draw(struct commune_field *f, int y, int x, int width, bool focused)
{
    int edit_w = width > 40 ? 20 : width / 2;
    int hint_x = x + edit_w + 1, hint_w = width - edit_w - 1;
    const char *typed = line_edit_text(&f->edit);
    if (!*typed)
        draw_text(y, hint_x, hint_w,
                  f->nrecent ? _("postal code or name; Ctrl+R: the last ones")
                             : _("postal code or name"),
                  A_NORMAL);
    else if (shows_kept(f))
        draw_text(y, hint_x, hint_w, _("kept as saved (no longer in the table of communes)"),
                  A_NORMAL);
    else if (!f->nmatches)
        draw_text(y, hint_x, hint_w,
                  communes() ? _("not in the table of communes") : _("table of communes missing"),
                  draw_attr_error());
    else {
        const struct commune *c = f->matches[f->pick];
        if (f->nmatches > 1)
            /* TRANSLATORS: the commune chosen among several matches, "2/3" and the keys. */
            draw_textf(y, hint_x, hint_w, A_BOLD, _("→ %s %s (%zu/%zu%s, PgDn: next)"),
                       c->postal_code, c->name, f->pick + 1, f->nmatches,
                       f->nmatches == COMMUNE_FIELD_MATCHES ? "+" : "");
        else
            draw_textf(y, hint_x, hint_w, A_BOLD, "→ %s %s", c->postal_code, c->name);
    }
    line_edit_draw(&f->edit, y, x, edit_w, focused);
}

int commune_field_value(const struct commune_field *f, struct residence *out,
                        struct gu_error *err)
{
    *out = (struct residence){0};
    const char *typed = line_edit_text(&f->edit);
    if (!*typed)
        return GU_OK;
    if (shows_kept(f))
        return residence_copy(out, &f->kept) ? error_nomem(err) : GU_OK;
    if (!f->nmatches)
        return error_set(err, GU_INVALID, _("%s: \"%s\" is not in the table of communes"),
                         _("Commune"), typed);
    const struct commune *c = f->matches[f->pick];
    struct residence r = {strdup(c->postal_code), strdup(c->name), strdup(c->insee)};
    if (!r.postal_code || !r.name || !r.insee) {
        residence_clear(&r);
        return error_nomem(err);
    }
    *out = r;
    return GU_OK;
}
