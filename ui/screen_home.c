/* Home ("Accueil"): today's counts and the keys to every screen. */
#include <curses.h>
#include <stdio.h>

#include "app.h"
#include "i18n.h"

static long mine, site_total;
#define TODAY_MAX 6
static struct workshop *today_workshops; /* owned, at most TODAY_MAX */
static size_t ntoday, today_cap;
#define DUE_SHOWN 3
static char due_lines[DUE_SHOWN][160];
static long ndue;

/* Counts the referrals due today or earlier and keeps the first few, as lines. */
static int collect_due(const struct referral *r, void *ctx)
{
    (void)ctx;
    if (ndue < DUE_SHOWN) {
        int y, m, d;
        date_parse(r->follow_up_on, &y, &m, &d);
        snprintf(due_lines[ndue], sizeof due_lines[ndue], "%02d/%02d  %s → %s", d, m,
                 r->request_label ? r->request_label : r->need ? r->need : "",
                 r->partner_name ? r->partner_name : "");
    }
    ndue++;
    return GU_OK;
}

void screen_home_reload(struct app *app)
{
    struct gu_error err;
    char day[DATE_TEXT_SIZE];
    clock_today_text(0, day);
    workshops_load(app, day, day, TODAY_MAX, &today_workshops, &ntoday, &today_cap);
    if (store_count_sessions(app->st, day, app->operator_id, app->site_id, &mine, &err) ||
        store_count_sessions(app->st, day, 0, app->site_id, &site_total, &err))
        app_error(app, &err);
    ndue = 0;
    struct referral_filter due = {.status = VOCAB_NONE, .due = day};
    if (store_list_referrals(app->st, &due, collect_due, NULL, &err))
        app_error(app, &err);
}

void screen_home_open(struct app *app)
{
    screen_home_reload(app);
}

void screen_home_draw(struct app *app)
{
    draw_title(app, _("guichet: home"));
    char line[256];
    snprintf(line, sizeof line, _("Hello, %s."), app->operator_name ? app->operator_name : "");
    draw_text(2, 2, COLS - 4, line, A_BOLD);
    draw_text(4, 2, COLS - 4, _("Today"), A_UNDERLINE | A_BOLD);
    snprintf(line, sizeof line, ngettext("You: %ld session", "You: %ld sessions", (unsigned long)mine),
             mine);
    draw_text(5, 4, COLS - 6, line, A_NORMAL);
    snprintf(line, sizeof line,
             ngettext("Whole site: %ld session", "Whole site: %ld sessions",
                      (unsigned long)site_total),
             site_total);
    draw_text(6, 4, COLS - 6, line, A_NORMAL);
    draw_text(8, 2, COLS - 4, _("Today's workshops"), A_UNDERLINE | A_BOLD);
    if (!ntoday)
        draw_text(9, 4, COLS - 6, _("none"), A_NORMAL);
    for (size_t i = 0; i < ntoday; i++)
        workshops_draw_row(9 + (int)i, 4, &today_workshops[i], false, A_NORMAL);
    int y = 10 + (int)(ntoday ? ntoday : 1);
    if (ndue) {
        snprintf(line, sizeof line,
                 ngettext("%ld referral to follow up (f)", "%ld referrals to follow up (f)",
                          (unsigned long)ndue),
                 ndue);
        draw_text(++y, 2, COLS - 4, line, A_UNDERLINE | A_BOLD);
        for (long i = 0; i < ndue && i < DUE_SHOWN; i++)
            draw_text(++y, 4, COLS - 6, due_lines[i], A_NORMAL);
        y += 2;
    }
    int keys_y = y;

    actions_draw_list(SCREEN_HOME, keys_y, 4);
}

void screen_home_key(struct app *app, enum action_id action, struct ui_key key)
{
    (void)key; /* home acts on actions only */
    struct gu_error err;
    switch (action) {
    case ACT_NEW:
        app->message[0] = '\0';
        screen_form_open(app, NULL);
        break;
    case ACT_REPEAT: {
        struct help_session last;
        bool found;
        if (store_last_session(app->st, app->operator_id, &last, &found, &err)) {
            app_error(app, &err);
            break;
        }
        if (!found) {
            app_message(app, true, "%s", _("Nothing to repeat yet: press n for a new session."));
            break;
        }
        last.id = 0; /* a new session with the same choices, now */
        last.at = clock_now();
        app->message[0] = '\0';
        screen_form_open(app, &last);
        session_clear(&last);
        break;
    }
    case ACT_HISTORY: app_show(app, SCREEN_HISTORY); break;
    case ACT_WORKSHOPS: app_show(app, SCREEN_WORKSHOPS); break;
    case ACT_OPERATOR: app_show(app, SCREEN_OPERATOR); break;
    case ACT_ORIENT:
        app->message[0] = '\0';
        screen_orient_open(app, 0);
        break;
    case ACT_FOLLOW_UP: app_show(app, SCREEN_FOLLOW_UP); break;
    case ACT_PARTNERS: app_show(app, SCREEN_PARTNERS); break;
    case ACT_STATS: app_show(app, SCREEN_STATS); break;
    case ACT_PEOPLE: app_show(app, SCREEN_PERSON); break;
    case ACT_HELP:
        app_help(app, NULL);
        break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
