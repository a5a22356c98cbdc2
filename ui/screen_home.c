/* Home ("Accueil"): today's counts and the keys to every screen. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "text.h"

static long mine, site_total;
#define TODAY_MAX 6
static struct workshop *today_workshops; /* owned, at most TODAY_MAX */
static size_t ntoday, today_cap;
#define DUE_SHOWN 3
/* The first referrals due, as lines: the date to follow up, the request, the partner (owned). */
static struct due {
    int year, month, day;
    char *request, *partner;
} due_lines[DUE_SHOWN];
static long ndue;

static void due_clear(void)
{
    for (long i = 0; i < ndue && i < DUE_SHOWN; i++) {
        free(due_lines[i].request);
        free(due_lines[i].partner);
    }
    ndue = 0;
}

/* Counts the referrals due today or earlier and keeps the first few. */
static int collect_due(const struct referral *r, void *ctx)
{
    (void)ctx;
    if (ndue < DUE_SHOWN) {
        struct due *d = &due_lines[ndue];
        *d = (struct due){0};
        date_parse(r->follow_up_on, &d->year, &d->month, &d->day);
        d->request = strdup(r->request_label ? r->request_label : r->need ? r->need : "");
        d->partner = strdup(r->partner_name ? r->partner_name : "");
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
    due_clear();
    /* The first few shown and how many in all: a network has thousands due. */
    struct referral_filter due = {.status = VOCAB_NONE, .due = day, .limit = DUE_SHOWN};
    long long all = 0;
    if (store_list_referrals(app->st, &due, collect_due, NULL, &err) ||
        store_count_due_referrals(app->st, day, &all, &err))
        app_error(app, &err);
    else if (all > ndue) /* never fewer than the lines kept: another desk may write between */
        ndue = (long)all;
}

void screen_home_open(struct app *app)
{
    screen_home_reload(app);
}

void screen_home_draw(struct app *app)
{
    draw_title(app, _("guichet: home"));
    draw_textf(2, 2, COLS - 4, A_BOLD, _("Hello, %s."), app->operator_name ? app->operator_name : "");
    draw_text(4, 2, COLS - 4, _("Today"), A_UNDERLINE | A_BOLD);
    char count[32];
    i18n_format_count(count, sizeof count, mine);
    /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
    draw_textf(5, 4, COLS - 6, A_NORMAL,
               ngettext("You: %s session", "You: %s sessions", (unsigned long)mine), count);
    i18n_format_count(count, sizeof count, site_total);
    /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
    draw_textf(6, 4, COLS - 6, A_NORMAL,
               ngettext("Whole site: %s session", "Whole site: %s sessions",
                        (unsigned long)site_total),
               count);
    draw_text(8, 2, COLS - 4, _("Today's workshops"), A_UNDERLINE | A_BOLD);
    if (!ntoday)
        draw_text(9, 4, COLS - 6, _("none"), A_NORMAL);
    struct workshop_columns cols;
    workshops_measure(today_workshops, ntoday, false, 4, &cols);
    for (size_t i = 0; i < ntoday; i++)
        workshops_draw_row(9 + (int)i, &today_workshops[i], false, &cols, A_NORMAL);
    int y = 10 + (int)(ntoday ? ntoday : 1);
    if (ndue) {
        i18n_format_count(count, sizeof count, ndue);
        /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
        draw_textf(++y, 2, COLS - 4, A_UNDERLINE | A_BOLD,
                   ngettext("%s referral to follow up (f)", "%s referrals to follow up (f)",
                            (unsigned long)ndue),
                   count);
        /* The date, the request when there is one, and the partner with its abbreviation. */
        for (long i = 0; i < ndue && i < DUE_SHOWN; i++) {
            const struct due *d = &due_lines[i];
            char date[32];
            i18n_format_date_short(date, sizeof date, d->year, d->month, d->day);
            int x = 4, width = COLS - 6;
            draw_text(++y, x, (int)text_width(date), date, A_NORMAL);
            x += (int)text_width(date) + 2;
            if (d->request && *d->request) {
                int rw = (int)text_width(d->request), half = (COLS - x - 2) / 2;
                rw = rw > half ? half : rw;
                draw_text(y, x, rw, d->request, A_NORMAL);
                x += rw + 1;
            }
            draw_text(y, x, 2, "→", A_NORMAL);
            draw_name(y, x + 2, width + 4 - x - 2, d->partner, A_NORMAL);
        }
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
    case ACT_AGENDA: app_show(app, SCREEN_AGENDA); break;
    case ACT_HELP:
        app_help(app, NULL);
        break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
