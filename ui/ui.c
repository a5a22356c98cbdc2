/* The application loop: terminal set-up and restore, keys, resize, signals and change detection.
 * Signal handlers only set a flag; the loop acts on it between keys. */
#include "ui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#include "app.h"
#include "i18n.h"

/* How often an idle screen looks for other desks' writes (a PRAGMA, no query). */
#define IDLE_TICK_MS 500
#define FINISH_ERASURES_TICKS 60

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

void app_message(struct app *app, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(app->message, sizeof app->message, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof app->message)
        message_mark_cut(app->message, sizeof app->message);
    app->message_is_error = error;
}

void app_error(struct app *app, const struct gu_error *err)
{
    app_message(app, true, "%s", err->message);
}

/* What each screen does: open (NULL for screens opened with their subject, such as a workshop),
 * draw, act on a key, and reload what other desks may have changed (NULL when nothing). */
static const struct {
    void (*open)(struct app *app);
    void (*draw)(struct app *app);
    void (*key)(struct app *app, enum action_id action, struct ui_key key);
    void (*reload)(struct app *app);
} screens[SCREEN_COUNT] = {
    [SCREEN_SETUP] = {screen_setup_open, screen_setup_draw, screen_setup_key, NULL},
    [SCREEN_OPERATOR] = {screen_operator_open, screen_operator_draw, screen_operator_key, NULL},
    [SCREEN_HOME] = {screen_home_open, screen_home_draw, screen_home_key, screen_home_reload},
    [SCREEN_FORM] = {NULL, screen_form_draw, screen_form_key, NULL},
    [SCREEN_HISTORY] = {screen_history_open, screen_history_draw, screen_history_key,
                        screen_history_reload},
    [SCREEN_WORKSHOPS] = {screen_workshops_open, screen_workshops_draw, screen_workshops_key,
                          screen_workshops_reload},
    [SCREEN_WORKSHOP] = {NULL, screen_workshop_draw, screen_workshop_key, screen_workshop_reload},
    [SCREEN_WORKSHOP_FORM] = {NULL, screen_workshop_form_draw, screen_workshop_form_key, NULL},
    [SCREEN_CALLS] = {screen_calls_open, screen_calls_draw, screen_calls_key,
                      screen_calls_reload},
    [SCREEN_ORIENT] = {NULL, screen_orient_draw, screen_orient_key, screen_orient_reload},
    [SCREEN_FOLLOW_UP] = {screen_follow_up_open, screen_follow_up_draw, screen_follow_up_key,
                          screen_follow_up_reload},
    [SCREEN_PARTNERS] = {screen_partners_open, screen_partners_draw, screen_partners_key,
                         screen_partners_reload},
    [SCREEN_PARTNER_FORM] = {NULL, screen_partner_form_draw, screen_partner_form_key, NULL},
    [SCREEN_POLICY] = {screen_policy_open, screen_policy_draw, screen_policy_key,
                       screen_policy_reload},
    [SCREEN_POLICY_FORM] = {NULL, screen_policy_form_draw, screen_policy_form_key, NULL},
    [SCREEN_STATS] = {screen_stats_open, screen_stats_draw, screen_stats_key, screen_stats_reload},
};

/* The width of the first len bytes of s. */
static size_t prefix_width(const char *s, size_t len)
{
    char buf[sizeof ((struct app *)0)->message + 8];
    snprintf(buf, sizeof buf, "%.*s", (int)len, s);
    return text_width(buf);
}

/* The message wraps between words onto up to three lines above the key bar, so that its end,
 * often what to do about it, is not cut off on a narrow terminal. */
static void draw_message(struct app *app)
{
    enum { MESSAGE_LINES = 3 };
    if (!app->message[0])
        return;
    char text[sizeof app->message + 8];
    snprintf(text, sizeof text, "%s%s", app->message_is_error ? "! " : "", app->message);
    char *clean = text_for_display(text, strlen(text));
    if (!clean)
        return;
    const char *start[MESSAGE_LINES];
    size_t len[MESSAGE_LINES];
    int n = 0;
    for (const char *p = clean; *p && n < MESSAGE_LINES; n++) {
        size_t fits = 0; /* the longest run of whole words that fits */
        for (const char *space = p;; space++) {
            space = strchr(space, ' ');
            size_t end = space ? (size_t)(space - p) : strlen(p);
            if (prefix_width(p, end) > (size_t)COLS)
                break;
            fits = end;
            if (!space)
                break;
        }
        if (!fits || n == MESSAGE_LINES - 1) /* a word wider than the line, or the last line */
            fits = strlen(p);
        start[n] = p;
        len[n] = fits;
        for (p += fits; *p == ' '; p++)
            ;
    }
    for (int i = 0; i < n; i++) {
        char line[sizeof text];
        snprintf(line, sizeof line, "%.*s", (int)len[i], start[i]);
        draw_text(LINES - 1 - n + i, 0, COLS, line, app->message_is_error ? draw_attr_error() : A_BOLD);
    }
    free(clean);
}

void app_draw(struct app *app)
{
    curs_set(0);
    if (!draw_size_ok())
        return;
    erase();
    screens[app->screen].draw(app);
    int cy, cx;
    getyx(stdscr, cy, cx); /* a screen may have placed the cursor in a field */
    draw_message(app);
    actions_draw_bar(app->screen);
    move(cy, cx);
    refresh();
}

/* The desk's operator and site, found again by name when the data changed under the desk: after
 * a restore the same ids may name other people, or nobody (they are added back then). Only a
 * missing one is written: a write here would wake every other desk, which would look again. */
static void app_rebind_desk(struct app *app)
{
    struct gu_error err;
    int64_t site = 0, op = 0;
    if (!app->operator_name) /* no one at the desk yet */
        return;
    int status = app->site_name ? store_find_site(app->st, app->site_name, &site, &err) : GU_OK;
    if (!status && app->site_name && !site)
        status = store_ensure_site(app->st, app->site_name, &site, &err);
    if (!status)
        status = store_find_operator(app->st, app->operator_name, &op, &err);
    if (!status && !op)
        status = store_ensure_operator(app->st, app->operator_name, site, &op, &err);
    if (status) {
        app_error(app, &err);
        return;
    }
    app->site_id = site ? site : app->site_id;
    app->operator_id = op;
}

/* A restore run elsewhere moved a damaged database aside: this desk would otherwise go on
 * writing into the file set aside. It opens the new one; a form being typed stays. */
static void app_reopen_if_replaced(struct app *app)
{
    if (!store_file_replaced(app->st))
        return;
    struct gu_error err;
    struct store *fresh;
    if (store_open(app->db_path, &fresh, &err)) {
        app_message(app, true, _("The database was replaced, and the new one cannot be opened: %s"),
                    err.message);
        return;
    }
    store_close(app->st);
    app->st = fresh;
    app->data_version = -1; /* every screen reloads */
    app_message(app, false, "%s", _("The database was replaced (restored): guichet now uses the new one."));
}

bool app_read_key(struct app *app, struct ui_key *key)
{
    for (;;) {
        if (stop_signal) {
            app->quit = true;
            return false;
        }
        wint_t c;
        int r = get_wch(&c);
        if (r == ERR) { /* idle tick: did another desk write? */
            app_reopen_if_replaced(app);
            /* An erasure that another desk's reading held back is finished by whichever desk
             * sees the readers gone first (every half minute; a failure waits for the next). */
            static int ticks;
            if (++ticks % FINISH_ERASURES_TICKS == 0) {
                struct gu_error ignored = {0};
                store_finish_erasures(app->st, 0, NULL, NULL, NULL, &ignored);
            }
            long long v = store_data_version(app->st);
            if (v != app->data_version) {
                app_rebind_desk(app);
                app->data_version = store_data_version(app->st); /* rebinding may write */
                if (screens[app->screen].reload)
                    screens[app->screen].reload(app);
                app_draw(app);
            }
            continue;
        }
        if (r == KEY_CODE_YES && c == KEY_RESIZE) {
            app_draw(app);
            continue;
        }
        *key = (struct ui_key){.function = r == KEY_CODE_YES, .code = c};
        return true;
    }
}

bool app_confirm(struct app *app, const char *question)
{
    char prompt[600];
    /* TRANSLATORS: a yes/no question; %s is the question. Keep the letters in the brackets in
     * line with the "y" and "n" translations. */
    snprintf(prompt, sizeof prompt, _("%s (y/n)"), question);
    for (;;) {
        app_draw(app);
        draw_text(LINES - 2, 0, COLS, prompt, A_REVERSE | A_BOLD);
        refresh();
        struct ui_key key;
        if (!app_read_key(app, &key))
            return false;
        if (key.function)
            continue;
        /* TRANSLATORS: the key that answers yes ("o" for oui). */
        const char *yes = i18n_pgettext("answer", NC_("answer", "y"));
        /* TRANSLATORS: the key that answers no. */
        const char *no = i18n_pgettext("answer", NC_("answer", "n"));
        if (key.code == (wint_t)(unsigned char)yes[0] || key.code == 'y')
            return true;
        if (key.code == (wint_t)(unsigned char)no[0] || key.code == 'n' || key.code == 27)
            return false;
    }
}

void app_help(struct app *app, const char *extra)
{
    struct ui_key key;
    actions_show_help(app->screen, extra);
    app_read_key(app, &key);
}

void app_show(struct app *app, enum screen_id screen)
{
    app->screen = screen;
    if (screens[screen].open)
        screens[screen].open(app);
}

void app_expire_referrals(struct app *app)
{
    struct gu_error err;
    int expired = 0;
    if (store_expire_referrals(app->st, &expired, &err))
        app_error(app, &err);
    else if (expired)
        app_message(app, false,
                    ngettext("%d referral older than the follow-up delay became \"no outcome\".",
                             "%d referrals older than the follow-up delay became \"no outcome\".",
                             (unsigned long)expired),
                    expired);
}

/* Personal data past retention is erased once a day, when the first operator takes the desk
 * (domain.md §6); the audit log records it with the counts. */
static void app_purge_if_due(struct app *app)
{
    struct gu_error err;
    struct purge_counts n;
    bool ran;
    if (store_purge_if_due(app->st, app->operator_id, &ran, &n, &err))
        app_error(app, &err);
    else if (ran && (n.participants || n.contacts))
        app_message(app, false,
                    _("Past retention, erased: %lld participants' details, %lld referral contacts."),
                    n.participants, n.contacts);
}

/* The daily copy of the rotation (guichet backup), taken when the first operator of the day takes
 * the desk, so that a library without any scheduled task still has its week of backups. */
static void app_backup_if_due(struct app *app)
{
    struct gu_error err;
    char *written = NULL;
    int removed;
    char earlier[sizeof app->message];
    bool earlier_is_error = app->message_is_error;
    memcpy(earlier, app->message, sizeof earlier);
    app_message(app, false, "%s", _("Writing today's backup…"));
    app_draw(app);
    app_message(app, earlier_is_error, "%s", earlier); /* what was said before stays */
    if (store_backup_if_due(app->st, &written, &removed, &err))
        app_message(app, true, _("Today's backup failed: %s"), err.message);
    free(written);
}

void app_set_operator(struct app *app, int64_t id, const char *name, int64_t site_id)
{
    struct gu_error err;
    free(app->operator_name);
    app->operator_name = strdup(name);
    /* Once per operator taking the desk, not at each return to home. */
    app_expire_referrals(app);
    app->operator_id = id;
    app_backup_if_due(app);
    app_purge_if_due(app);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    if (store_set_setting(app->st, "last_operator", idtext, &err))
        app_error(app, &err);
    /* The operator's usual site, else the first site. */
    struct store_named *sites;
    size_t n;
    if (store_list_sites(app->st, &sites, &n, &err)) {
        app_error(app, &err);
        return;
    }
    size_t pick = 0;
    for (size_t i = 0; i < n; i++)
        if (sites[i].id == site_id)
            pick = i;
    free(app->site_name);
    app->site_name = n ? strdup(sites[pick].name) : NULL;
    app->site_id = n ? sites[pick].id : 0;
    store_free_named(sites, n);
}

static void dispatch(struct app *app, enum action_id action, struct ui_key key)
{
    if (action == ACT_REDRAW) {
        clearok(curscr, TRUE);
        return;
    }
    screens[app->screen].key(app, action, key);
}

/* Leaving, on 'q' or on a signal, goes through here. */
static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal; /* no SA_RESTART: the wait for a key returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

int ui_run(const char *db_path)
{
    struct gu_error err = {0};
    struct app app = {.db_path = db_path};
    if (store_open(db_path, &app.st, &err)) {
        char *clean = text_for_display(err.message, strlen(err.message)); /* holds the path */
        fprintf(stderr, "guichet: %s\n", clean ? clean : err.message);
        free(clean);
        return err.status;
    }
    app.data_version = store_data_version(app.st);
    install_signals();
    set_escdelay(25);
    initscr();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    timeout(IDLE_TICK_MS);
    draw_init_colours();

    /* First start: the library and its first operator; later: who is at the desk? */
    struct store_named *ops;
    size_t nops = 0;
    if (store_list_operators(app.st, &ops, &nops, &err) == GU_OK)
        store_free_named(ops, nops);
    app_show(&app, nops ? SCREEN_OPERATOR : SCREEN_SETUP);

    while (!app.quit) {
        app_draw(&app);
        struct ui_key key;
        if (!app_read_key(&app, &key))
            break;
        /* Below the minimum size only leaving works (still asking first for a dirty form). */
        enum action_id action = actions_find(app.screen, key);
        if ((COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) && action != ACT_QUIT &&
            action != ACT_CANCEL)
            continue;
        dispatch(&app, action, key);
    }
    endwin();
    store_close(app.st);
    free(app.operator_name);
    free(app.site_name);
    return stop_signal ? 128 + stop_signal : GU_OK;
}
