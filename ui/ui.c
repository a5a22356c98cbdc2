/* The application loop: terminal set-up and restore, keys, resize, signals and change detection.
 * Signal handlers only set a flag; the loop acts on it between keys. */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>
#include <unicase.h>
#include <unictype.h>

#include "strbuf.h"
#include "text.h"

#include "app.h"
#include "i18n.h"

static bool app_helpers_poll(struct app *app);

/* How often the desk looks whether another desk wrote (PRAGMA data_version, a read of shared
 * memory) while no key comes: the open screen shows another desk's write within this. */
#define IDLE_TICK_MS 20
#define FINISH_ERASURES_TICKS (30000 / IDLE_TICK_MS)

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
    app->message_serial++;
}

void app_error(struct app *app, const struct gu_error *err)
{
    /* The store's messages begin as the command line's do, after "guichet x: ", in lower case;
     * on the message line a sentence begins with its capital. */
    ucs4_t first;
    const uint8_t *text = (const uint8_t *)err->message;
    int len = u8_mbtouc(&first, text, u8_strlen(text));
    if (len > 0 && uc_is_lower(first)) {
        uint8_t upper[8];
        int n = u8_uctomb(upper, uc_toupper(first), (int)sizeof upper);
        if (n > 0) {
            app_message(app, true, "%.*s%s", n, (const char *)upper, err->message + len);
            return;
        }
    }
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
    [SCREEN_PERSON] = {screen_person_open, screen_person_draw, screen_person_key,
                       screen_person_reload},
    [SCREEN_AGENDA] = {screen_agenda_open, screen_agenda_draw, screen_agenda_key,
                       screen_agenda_reload},
    [SCREEN_APPOINTMENT_FORM] = {NULL, screen_appointment_form_draw, screen_appointment_form_key,
                                 NULL},
};

/* Draws text wrapped between words onto at most max_lines lines ending at line bottom, so that
 * its end, often what to do about it, is not cut off on a narrow terminal. tail (NULL for none),
 * the keys that answer a question, always shows whole at the end: when everything does not fit,
 * the text is cut before it, never the tail. joiner goes between the text and the tail. */
static void draw_wrapped(const char *text, const char *joiner, const char *tail, int bottom,
                         int max_lines, unsigned attr)
{
    if (max_lines < 1)
        return;
    struct strbuf whole = STRBUF_INIT;
    strbuf_printf(&whole, "%s%s%s", text, tail ? joiner : "", tail ? tail : "");
    int n;
    char **lines = draw_wrap(strbuf_str(&whole), COLS, &n);
    strbuf_release(&whole);
    if (lines && n <= max_lines) {
        for (int i = 0; i < n; i++)
            draw_text(bottom - n + 1 + i, 0, COLS, lines[i], attr);
        draw_wrap_free(lines, n);
        return;
    }
    draw_wrap_free(lines, n);
    /* Too long: the text's first lines, then its rest cut so that the tail ends the last one. */
    lines = draw_wrap(text, COLS, &n);
    if (!lines)
        return;
    int first = bottom - max_lines + 1;
    for (int i = 0; i < max_lines - 1 && i < n; i++)
        draw_text(first + i, 0, COLS, lines[i], attr);
    struct strbuf rest = STRBUF_INIT;
    for (int j = max_lines - 1; j < n; j++)
        strbuf_printf(&rest, "%s%s", j > max_lines - 1 ? " " : "", lines[j]);
    char *clean_tail = tail ? text_for_display(tail, strlen(tail)) : NULL;
    int tail_w = clean_tail ? (int)text_width(clean_tail) + (int)text_width(joiner) : 0;
    if (tail_w > COLS)
        tail_w = COLS;
    char *cut = text_fit(strbuf_str(&rest), (size_t)(COLS - tail_w));
    draw_textf(bottom, 0, COLS, attr, "%s%s%s", cut ? cut : "", clean_tail ? joiner : "",
               clean_tail ? clean_tail : "");
    free(cut);
    free(clean_tail);
    strbuf_release(&rest);
    draw_wrap_free(lines, n);
}

/* The message wraps onto up to three lines above the key bar. */
int app_message_rows(const struct app *app)
{
    if (!app->message[0])
        return 1;
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "%s%s", app->message_is_error ? "! " : "", app->message);
    int n = 1;
    char **lines = draw_wrap(strbuf_str(&text), COLS, &n);
    draw_wrap_free(lines, n);
    strbuf_release(&text);
    return n < 1 ? 1 : n > 3 ? 3 : n;
}

static void draw_message(struct app *app)
{
    if (!app->message[0])
        return;
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "%s%s", app->message_is_error ? "! " : "", app->message);
    draw_wrapped(strbuf_str(&text), "", NULL, LINES - 2, 3,
                 app->message_is_error ? draw_attr_error() : A_BOLD);
    strbuf_release(&text);
}

/* The question app_confirm is asking and the keys that answer it (owned there), and the help
 * app_help shows: every redraw (a resize, another desk's write, Ctrl+L) draws them again until a
 * key answers or closes them, so that what is armed is always what is on the screen. */
static const char *confirm_prompt, *confirm_joiner, *confirm_keys;
/* A name the question quotes: confirm_prompt is what comes before it, confirm_after the rest. */
static const char *confirm_name, *confirm_after;
static bool help_open;
static const char *help_extra;
static int help_top;      /* the first line of the help shown */
static bool help_scrolls; /* the help is longer than the screen */

/* The question over the message lines, its keys always shown; on the too-small notice, below
 * it. */
/* The question with its quoted name cut to width columns (with "…"); NULL when out of memory. */
static char *confirm_question(const char *name, int width)
{
    char *cut = text_fit(name, (size_t)(width > 0 ? width : 0));
    struct strbuf q = STRBUF_INIT;
    strbuf_printf(&q, "%s%s%s", confirm_prompt, cut ? cut : "", confirm_after);
    free(cut);
    return strbuf_finish(&q);
}

/* Whether text, with the keys after it, wraps into at most max_lines lines. */
static bool confirm_fits(const char *text, int max_lines)
{
    struct strbuf whole = STRBUF_INIT;
    strbuf_printf(&whole, "%s%s%s", text, confirm_keys ? confirm_joiner : "",
                  confirm_keys ? confirm_keys : "");
    int n;
    char **lines = draw_wrap(strbuf_str(&whole), COLS, &n);
    strbuf_release(&whole);
    bool fits = lines && n <= max_lines;
    for (int i = 0; fits && i < n; i++) /* a word wider than the line would be cut */
        fits = (int)text_width(lines[i]) <= COLS;
    draw_wrap_free(lines, n);
    return fits;
}

/* The question as drawn in max_lines lines: its quoted name as long as the rest of the
 * sentence and the keys leave room for, found by halving (the widths that fit are those up to
 * some width, wrapping aside). Caller frees; NULL when out of memory. */
static char *confirm_fitted(int max_lines)
{
    if (!confirm_name) {
        struct strbuf q = STRBUF_INIT;
        strbuf_puts(&q, confirm_prompt);
        return strbuf_finish(&q);
    }
    char *name = text_for_display(confirm_name, strlen(confirm_name));
    if (!name)
        return NULL;
    int lo = 1, hi = (int)text_width(name);
    char *best = confirm_question(name, hi);
    if (best && !confirm_fits(best, max_lines)) {
        free(best);
        best = NULL;
        while (lo < hi) { /* the widest width in [lo, hi) that fits */
            int mid = lo + (hi - lo + 1) / 2;
            char *q = confirm_question(name, mid);
            bool fits = q && confirm_fits(q, max_lines);
            free(q);
            if (fits)
                lo = mid;
            else
                hi = mid - 1;
        }
        best = confirm_question(name, lo);
    }
    free(name);
    return best;
}

static void draw_confirm_prompt(bool small)
{
    /* the lines above the key bar; too small, the lines below the notice, or its last line */
    int room = LINES - (LINES / 2 + 2), max_lines = small ? (room > 0 ? room : 1) : 3;
    char *question = confirm_fitted(max_lines);
    draw_wrapped(question ? question : confirm_prompt, confirm_joiner, confirm_keys,
                 small ? LINES - 1 : LINES - 2, max_lines, A_REVERSE | A_BOLD);
    free(question);
    curs_set(0); /* the answer is a key, not text */
}

/* Whether the screen drawn last gave a text field the focus; see ui_text_focus. */
static bool text_focus;
/* Set when the help was shown, so that F1 and ? help wherever a screen did not (dispatch). */
static bool help_shown;
/* Questions asked with app_confirm, so that q on the too-small notice knows a screen asked. */
static unsigned confirms_asked;

bool ui_text_focus(void)
{
    return text_focus;
}

void app_draw(struct app *app)
{
    curs_set(0);
    if (!draw_size_ok()) {
        if (confirm_prompt) {
            draw_confirm_prompt(true);
            refresh();
        }
        return;
    }
    if (help_open) {
        help_scrolls = actions_show_help(app->screen, help_extra, &help_top);
        return;
    }
    erase();
    screens[app->screen].draw(app);
    /* A screen shows the terminal cursor exactly when one of its text fields has the focus
     * (line_edit_draw): the one sign every screen already gives. Reading it back hides the
     * cursor for a moment, as each redraw does anyway. */
    int cursor = curs_set(0);
    if (cursor > 0)
        curs_set(cursor);
    text_focus = cursor > 0;
    int cy, cx;
    getyx(stdscr, cy, cx); /* a screen may have placed the cursor in a field */
    if (confirm_prompt)
        draw_confirm_prompt(false);
    else
        draw_message(app);
    actions_draw_bar(app->screen);
    move(cy, cx);
    refresh();
}

/* The desk's clock ("now", "today", what is stored) reads the zone of its site, or of the
 * database's first site before anyone is at the desk, whatever the process's TZ; its directory
 * and policy are its site's (store_set_site_scope). */
static void app_use_site_zone(struct app *app)
{
    struct gu_error err;
    const char *zone;
    store_set_site_scope(app->st, app->site_id);
    if (store_site_zone(app->st, app->site_id, &zone, &err))
        app_error(app, &err);
    else {
        clock_set_zone(zone);
        if (clock_check_fixed_exists(&err)) /* a site in another zone chosen at the desk */
            app_error(app, &err);
    }
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
    app_use_site_zone(app);
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
    store_set_site_scope(app->st, app->site_id);
    app->data_version = -1; /* every screen reloads */
    app_message(app, false, "%s", _("The database was replaced (restored): guichet now uses the new one."));
}

/* ---- keys ------------------------------------------------------------------------------ */

/* Codes given to the bracketed-paste markers (define_key), above every KEY_… and UI_KEY_PASTE. */
enum { PASTE_BEGIN = UI_KEY_PASTE + 1, PASTE_END = UI_KEY_PASTE + 2 };
_Static_assert(UI_KEY_PASTE > KEY_MAX, "UI_KEY_PASTE is no ncurses key");

/* What common terminals send for the keys guichet uses, whatever terminfo says of TERM: xterm
 * (CSI and SS3 forms), PuTTY, rxvt, tmux, screen and the Linux console. PuTTY and a TERM=xterm
 * inside tmux send ESC[1~ for Home where xterm's entry says ESC OH: undecoded, that was Esc
 * (leave the screen) and three characters typed. */
static void keys_define(void)
{
    static const struct {
        const char *seq;
        int code;
    } known[] = {
        {"\033[H", KEY_HOME},   {"\033OH", KEY_HOME},   {"\033[1~", KEY_HOME},  {"\033[7~", KEY_HOME},
        {"\033[F", KEY_END},    {"\033OF", KEY_END},    {"\033[4~", KEY_END},   {"\033[8~", KEY_END},
        {"\033[2~", KEY_IC},    {"\033[3~", KEY_DC},    {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
        {"\033[A", KEY_UP},     {"\033[B", KEY_DOWN},   {"\033[C", KEY_RIGHT},  {"\033[D", KEY_LEFT},
        {"\033OA", KEY_UP},     {"\033OB", KEY_DOWN},   {"\033OC", KEY_RIGHT},  {"\033OD", KEY_LEFT},
        {"\033OP", KEY_F(1)},   {"\033OQ", KEY_F(2)},   {"\033OR", KEY_F(3)},   {"\033OS", KEY_F(4)},
        {"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
        {"\033[[A", KEY_F(1)},  {"\033[[B", KEY_F(2)},  {"\033[[C", KEY_F(3)},  {"\033[[D", KEY_F(4)},
        {"\033[Z", KEY_BTAB},   {"\033OM", KEY_ENTER},  {"\033[200~", PASTE_BEGIN}, {"\033[201~", PASTE_END},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int now = key_defined(known[i].seq);
        if (now == known[i].code)
            continue;
        if (now > 0) /* another meaning (vt220's Find and Select): ours wins */
            define_key(known[i].seq, 0);
        define_key(known[i].seq, known[i].code);
    }
}

/* Asks the terminal to bracket pasted text (xterm's mode 2004, understood by most terminals and
 * ignored by the others), so that a pasted line break does not act as Enter. */
static void paste_brackets(bool on)
{
    const char *term = getenv("TERM");
    if (!term || !strcmp(term, "dumb"))
        return;
    fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
    fflush(stdout);
}

/* The keypad of some terminals in application mode, and vt220's Find and Select. */
static wint_t key_normalise(wint_t code)
{
    switch (code) {
    case KEY_A1:
    case KEY_FIND: return KEY_HOME;
    case KEY_C1:
    case KEY_SELECT: return KEY_END;
    case KEY_A3: return KEY_PPAGE;
    case KEY_C3: return KEY_NPAGE;
    default: return code;
    }
}

/* After an Esc, what came with it in the same burst: nothing is a lone Esc (given at once: ncurses
 * waited ESCDELAY already). ESC [ and ESC O begin a sequence of a key that nothing above decoded
 * (Ctrl+Shift+F7…): it is read to its end and dropped, never taken for Esc and typing. Returns
 * true when the Esc stands alone. */
static bool escape_alone(void)
{
    wint_t c;
    timeout(0);
    int r = get_wch(&c);
    bool alone = true;
    if (r == OK && (c == '[' || c == 'O')) {
        wint_t first = c;
        r = get_wch(&c);
        if (r == ERR) {
            unget_wch(first); /* Esc, then [ or O typed: they come next */
        } else {
            alone = false;
            /* CSI: parameters and intermediates (0x20-0x3F), then one final byte; SS3: one. */
            for (int n = 0; first == '[' && r == OK && c >= 0x20 && c <= 0x3F && n < 32; n++)
                r = get_wch(&c);
        }
    } else if (r == KEY_CODE_YES) {
        ungetch((int)c); /* Esc, then a key: both count (Alt+key is not used) */
    } else if (r == OK) {
        unget_wch(c);
    }
    timeout(IDLE_TICK_MS);
    return alone;
}

/* Reads a bracketed paste to its end marker into text (emptied first); a terminal that never
 * sends the end marker ends it after a quiet moment. */
static void paste_read(struct strbuf *text)
{
    strbuf_release(text);
    strbuf_puts(text, "");
    for (;;) {
        wint_t c;
        int r = get_wch(&c);
        if (r == ERR || (r == KEY_CODE_YES && c == PASTE_END))
            return;
        if (r == KEY_CODE_YES || c == 0)
            continue; /* a key sequence inside the paste, a resize: the next draw catches up */
        uint8_t buf[6];
        int n = u8_uctomb(buf, (ucs4_t)c, sizeof buf);
        if (n > 0)
            strbuf_add(text, (const char *)buf, (size_t)n);
    }
}

/* GUICHET_TRACE_KEYS=FILE (tests/bench.sh): one line "ready SECONDS" each time the desk has drawn
 * its answer and waits for a key, and "key SECONDS" when one comes; times only, never the keys. */
static FILE *trace_keys;

static void trace_open(void)
{
    const char *path = getenv("GUICHET_TRACE_KEYS");
    if (path && *path)
        trace_keys = fopen(path, "a"); /* NULL: no trace, the desk works the same */
}

static void trace_event(const char *what)
{
    struct timespec ts;
    if (!trace_keys || clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return;
    fprintf(trace_keys, "%s %lld.%06ld\n", what, (long long)ts.tv_sec, ts.tv_nsec / 1000);
    fflush(trace_keys);
}

bool app_read_key(struct app *app, struct ui_key *key)
{
    static bool ready_traced;
    static struct strbuf pasted = STRBUF_INIT; /* what UI_KEY_PASTE points to */
    for (;;) {
        if (stop_signal) {
            app->quit = true;
            return false;
        }
        wint_t c;
        if (trace_keys && !ready_traced) {
            refresh(); /* what get_wch would write first: the answer is on the terminal */
            trace_event("ready");
            ready_traced = true;
        }
        int r = get_wch(&c);
        if (r != ERR && trace_keys) {
            trace_event("key");
            ready_traced = false;
        }
        if (r == ERR) { /* idle tick: did another desk write? */
            if (app_helpers_poll(app))
                app_draw(app);
            /* The table of communes, read once an operator has the desk and no key waits, so
             * that the first session form opens at once. */
            static bool communes_read;
            if (!communes_read && app->operator_id) {
                communes_read = true;
                commune_field_preload(app);
            }
            app_reopen_if_replaced(app);
            /* An erasure that another desk's reading held back is finished by whichever desk
             * sees the readers gone first (every half minute; a failure waits for the next). */
            static int ticks;
            if (++ticks % FINISH_ERASURES_TICKS == 0) {
                struct gu_error ignored = {0};
                store_finish_erasures(app->st, 0, NULL, NULL, NULL, &ignored);
            }
            /* Not while a question waits: the screen's list must stay the one the question is
             * about (a pointer into it acts on the answer); the reload follows the answer. */
            long long v = store_data_version(app->st);
            if (v != app->data_version && !confirm_prompt) {
                app_rebind_desk(app);
                app->data_version = store_data_version(app->st); /* rebinding may write */
                if (screens[app->screen].reload)
                    screens[app->screen].reload(app);
                app_draw(app);
                if (trace_keys) { /* the reloaded screen is on the terminal */
                    refresh();
                    trace_event("refresh");
                }
            }
            continue;
        }
        if (r == KEY_CODE_YES && c == KEY_RESIZE) {
            app_draw(app);
            continue;
        }
        if (r == KEY_CODE_YES && c == PASTE_END)
            continue;
        if (r == KEY_CODE_YES && c == PASTE_BEGIN) {
            paste_read(&pasted);
            if (strbuf_failed(&pasted))
                continue;
            *key = (struct ui_key){.function = true, .code = UI_KEY_PASTE, .paste = strbuf_str(&pasted)};
            return true;
        }
        if (r != KEY_CODE_YES && c == 27 && !escape_alone())
            continue;
        *key = (struct ui_key){.function = r == KEY_CODE_YES,
                               .code = r == KEY_CODE_YES ? key_normalise(c) : c};
        return true;
    }
}

/* Asks before name after (name NULL: the question is before alone). */
static bool confirm_parts(struct app *app, const char *before, const char *name, const char *after)
{
    /* Modal: only the answer leaves it. app_draw shows the question on every redraw, so that a
     * resize or another desk's write never hides it while it stays armed. */
    /* TRANSLATORS: a yes/no question; %s is the question. Keep the letters in the brackets in
     * line with the "y" and "n" translations. */
    const char *format = _("%s (y/n)"), *at = strstr(format, "%s");
    /* What follows the question in the translation is the keys' hint: drawn whole, the question
     * cut before it when they do not fit together. */
    struct strbuf prompt = STRBUF_INIT, joiner = STRBUF_INIT, keys = STRBUF_INIT;
    if (at) {
        strbuf_add(&prompt, format, (size_t)(at - format));
        strbuf_puts(&prompt, before);
        const char *tail = at + 2;
        size_t spaces = strspn(tail, " ");
        strbuf_add(&joiner, tail, spaces);
        strbuf_puts(&keys, tail + spaces);
    } else
        strbuf_puts(&prompt, before);
    confirms_asked++;
    confirm_name = name;
    confirm_after = after;
    confirm_prompt = strbuf_str(&prompt);
    confirm_joiner = strbuf_str(&joiner);
    confirm_keys = keys.len ? strbuf_str(&keys) : NULL;
    bool answer = false;
    for (;;) {
        app_draw(app);
        struct ui_key key;
        if (!app_read_key(app, &key))
            break;
        if (!key.function && key.code == ('l' & 0x1f)) { /* Ctrl+L: redraw, the question too */
            clearok(curscr, TRUE);
            continue;
        }
        if (key.function)
            continue;
        /* TRANSLATORS: the key that answers yes ("o" for oui). */
        const char *yes = i18n_pgettext("answer", NC_("answer", "y"));
        /* TRANSLATORS: the key that answers no. */
        const char *no = i18n_pgettext("answer", NC_("answer", "n"));
        if (key.code == (wint_t)(unsigned char)yes[0] || key.code == 'y') {
            answer = true;
            break;
        }
        if (key.code == (wint_t)(unsigned char)no[0] || key.code == 'n' || key.code == 27)
            break;
    }
    confirm_prompt = confirm_joiner = confirm_keys = confirm_name = confirm_after = NULL;
    strbuf_release(&prompt);
    strbuf_release(&joiner);
    strbuf_release(&keys);
    return answer;
}

bool app_confirm(struct app *app, const char *question)
{
    return confirm_parts(app, question, NULL, "");
}

bool app_confirm_namef(struct app *app, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct strbuf question = STRBUF_INIT;
    strbuf_vprintf(&question, fmt, ap);
    va_end(ap);
    /* The name as it stands in the question: where the format's last conversion put it (the
     * name is the last thing a question quotes, in every language), else its first occurrence. */
    const char *q = strbuf_str(&question), *at = NULL;
    if (name && *name) {
        const char *last = NULL;
        for (const char *f = fmt; (f = strchr(f, '%'));) {
            if (f[1] == '%') {
                f += 2;
                continue;
            }
            for (f++; *f && strchr("0123456789$.-+ #'lhzjt", *f); f++)
                ;
            if (*f)
                f++;
            last = f;
        }
        struct strbuf tail = STRBUF_INIT; /* the format after it, as printed */
        for (const char *f = last; f && *f; f++) {
            strbuf_add(&tail, f, 1);
            f += f[0] == '%' && f[1] == '%';
        }
        size_t ql = strlen(q), nl = strlen(name), tl = tail.len;
        if (last && ql >= nl + tl && !strcmp(q + ql - tl, strbuf_str(&tail)) &&
            !strncmp(q + ql - tl - nl, name, nl))
            at = q + ql - tl - nl;
        else
            at = strstr(q, name);
        strbuf_release(&tail);
    }
    bool yes;
    if (at) {
        char *before = strndup(q, (size_t)(at - q));
        char *quoted = strndup(at, strlen(name));
        yes = before && quoted ? confirm_parts(app, before, quoted, at + strlen(name))
                               : confirm_parts(app, q, NULL, "");
        free(before);
        free(quoted);
    } else
        yes = confirm_parts(app, q, NULL, "");
    strbuf_release(&question);
    return yes;
}

bool app_confirmf(struct app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct strbuf question = STRBUF_INIT;
    strbuf_vprintf(&question, fmt, ap);
    va_end(ap);
    bool yes = app_confirm(app, strbuf_str(&question));
    strbuf_release(&question);
    return yes;
}

void app_help(struct app *app, const char *extra)
{
    struct ui_key key;
    help_shown = true;
    /* Shown by app_draw until a key closes it: a resize or another desk's write draws it again
     * (at the new size) rather than the screen beneath. A help longer than the screen scrolls
     * with the arrows and page keys; any other key closes it. */
    help_open = true;
    help_extra = extra;
    help_top = 0;
    for (;;) {
        app_draw(app);
        if (!app_read_key(app, &key))
            break;
        int page = LINES - 4 > 1 ? LINES - 4 : 1;
        int step = !help_scrolls || !key.function ? 0
                   : key.code == KEY_DOWN         ? 1
                   : key.code == KEY_UP           ? -1
                   : key.code == KEY_NPAGE        ? page
                   : key.code == KEY_PPAGE        ? -page
                                                  : 0;
        if (!step)
            break;
        help_top += step;
    }
    help_open = false;
    help_extra = NULL;
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

/* Long daily tasks run as other guichet processes, so that the desk goes on answering while
 * they work on a large database: the day's copy of the rotation (`backup --if-due`; copying a
 * network's database takes seconds) and the day's purge (`purge`; reading a network's
 * registrations takes one or two). Their messages come back through a pipe: a failure is said
 * when one ends (a success is not: the message line keeps what the desk said meanwhile), and
 * the desk waits for them before quitting. */
struct helper {
    pid_t pid;              /* -1 when none runs */
    int fd;                 /* the read end of its stderr, -1 when none */
    struct strbuf said;     /* what it wrote so far (at most 4 KB) */
    const char *failed;     /* its failure message, untranslated, with one %s: why */
    const char *abnormal;   /* why, when it said nothing, untranslated */
    const char *finishing;  /* said while the desk waits for it to quit, untranslated */
    char *failure;          /* its last failure as said, owned; NULL when none */
    char *outcome;          /* what it did, as said, when it ended well; owned; NULL when none */
    unsigned failure_serial; /* the message line's serial while it still says either */
};
static struct helper backup = {-1, -1, STRBUF_INIT, N_("Today's backup failed: %s"),
                               N_("the backup process ended abnormally"),
                               N_("Finishing today's backup…"), NULL, NULL, 0};
static struct helper purge = {-1, -1, STRBUF_INIT, N_("Today's purge failed: %s"),
                              N_("the purge process ended abnormally"),
                              N_("Finishing today's purge…"), NULL, NULL, 0};

/* Says h's failure (why, translated) on the message line. Both helpers start together: the
 * other's failure or outcome still on the line is said with it, the backup's first, rather
 * than hidden. */
static void helper_say_failure(struct app *app, struct helper *h, const char *why)
{
    struct helper *other = h == &backup ? &purge : &backup;
    struct strbuf mine = STRBUF_INIT;
    strbuf_printf(&mine, _(h->failed), why);
    free(h->failure);
    h->failure = strbuf_finish(&mine); /* NULL when out of memory */
    const char *said = h->failure ? h->failure : _(h->abnormal);
    /* Still on the line: nothing said since, and not cleared (a screen may empty it). */
    const char *other_said = other->failure ? other->failure : other->outcome;
    if (other_said && other->failure_serial == app->message_serial && app->message[0])
        /* TRANSLATORS: two sentences on the message line, the backup's then the purge's
         * ("Today's backup failed: …"), the first without its final full stop. */
        app_message(app, true, _("%s. %s"), h == &backup ? said : other_said,
                    h == &backup ? other_said : said);
    else
        app_message(app, true, "%s", said);
    h->failure_serial = other->failure_serial = app->message_serial;
}

/* Starts guichet --db DB COMMAND [OPTION] as h; says why on the message line when it cannot. */
static void helper_start(struct app *app, struct helper *h, const char *command,
                         const char *option)
{
    int fds[2];
    free(h->failure); /* a new day's run: an earlier failure is no longer news */
    h->failure = NULL;
    if (pipe(fds) != 0) {
        helper_say_failure(app, h, error_system_text(errno));
        return;
    }
    /* Neither end goes to a process the desk starts later (an lp), only to this one's stderr. */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) { /* the child: nothing of the desk's (curses, SQLite) is used before exec */
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(fds[1], 2) < 0)
            _exit(127);
        setsid();               /* it ends its work even if the terminal goes */
        signal(SIGPIPE, SIG_IGN); /* and if the desk is gone */
        unsetenv("GUICHET_TRACE_KEYS");
        unsetenv("GUICHET_TRACE_SQL");
        char *argv[] = {"guichet", "--db", (char *)app->db_path, (char *)command, (char *)option,
                        NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        helper_say_failure(app, h, error_system_text(errno));
        return;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    h->pid = pid;
    h->fd = fds[0];
    strbuf_release(&h->said);
}

/* Reads what h said so far; once it has ended (waiting for it when wait), says so if it failed.
 * *ended (may be NULL) tells whether it ended now; true when the message line changed. */
static bool helper_poll(struct app *app, struct helper *h, bool wait, bool *ended_now)
{
    if (ended_now)
        *ended_now = false;
    if (h->pid <= 0)
        return false;
    char buf[512];
    ssize_t got;
    while ((got = read(h->fd, buf, sizeof buf)) > 0)
        if (h->said.len < 4096) /* a message, not a flood */
            strbuf_add(&h->said, buf, (size_t)got);
    int st;
    pid_t ended = waitpid(h->pid, &st, wait ? 0 : WNOHANG);
    if (ended == 0 || (ended < 0 && errno == EINTR))
        return false;
    while ((got = read(h->fd, buf, sizeof buf)) > 0)
        if (h->said.len < 4096)
            strbuf_add(&h->said, buf, (size_t)got);
    close(h->fd);
    h->fd = -1;
    h->pid = -1;
    if (ended_now)
        *ended_now = true;
    bool failed = !(ended > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    if (failed) {
        /* Its first line, without the program's name: "guichet backup: cannot write …". */
        const char *said = strbuf_str(&h->said), *colon = strstr(said, ": ");
        const char *why = colon && colon - said < 40 ? colon + 2 : said;
        char *line = strndup(why, strcspn(why, "\n"));
        char *clean = line ? text_for_display(line, strlen(line)) : NULL;
        helper_say_failure(app, h, clean && *clean ? clean : _(h->abnormal));
        free(clean);
        free(line);
    }
    strbuf_release(&h->said);
    return failed;
}

/* The daily copy of the rotation (guichet backup), taken when the first operator of the day takes
 * the desk, so that a library without any scheduled task still has its week of backups. */
static void app_backup_if_due(struct app *app)
{
    struct gu_error err;
    bool due = false;
    if (backup.pid > 0)
        return;
    if (store_backup_due(app->st, &due, &err)) {
        free(backup.failure);
        backup.failure = NULL;
        helper_say_failure(app, &backup, err.message);
        return;
    }
    if (due && app->db_path)
        helper_start(app, &backup, "backup", "--if-due");
}

/* Personal data past retention is erased once a day, when the first operator takes the desk
 * (domain.md §6), by another process: at a network's size the purge reads for seconds, and the
 * desk answers meanwhile. The audit log records it with the counts; the desk says them when
 * it ends. A purge that fails leaves the day due: the next desk to start tries again. */
static void app_purge_if_due(struct app *app)
{
    struct gu_error err;
    bool due = false;
    if (purge.pid > 0)
        return;
    if (store_purge_due(app->st, &due, &err)) {
        free(purge.failure);
        purge.failure = NULL;
        helper_say_failure(app, &purge, err.message);
    } else if (due && app->db_path)
        helper_start(app, &purge, "purge", "--if-due");
}

/* Polls both helpers: true when the message line changed. */
static bool app_helpers_poll(struct app *app)
{
    bool changed = helper_poll(app, &backup, false, NULL), ended;
    bool purge_failed = helper_poll(app, &purge, false, &ended); /* said on the line */
    changed |= purge_failed;
    struct purge_counts n;
    struct gu_error err;
    bool found = false;
    /* A purge that ended well says what it erased, even when the backup's failure was said
     * in the same poll: it is said with it. */
    if (ended && !purge_failed && !store_last_purge(app->st, &n, &found, &err) && found &&
        (n.participants || n.contacts)) {
        char people[64], contacts[64];
        i18n_format_count(people, sizeof people, n.participants);
        i18n_format_count(contacts, sizeof contacts, n.contacts);
        struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
        strbuf_printf(&a, ngettext("%s participant's details", "%s participants' details",
                                   (unsigned long)n.participants), people);
        strbuf_printf(&b, ngettext("%s referral contact", "%s referral contacts",
                                   (unsigned long)n.contacts), contacts);
        struct strbuf both = STRBUF_INIT;
        /* TRANSLATORS: the day's purge done; "%s participants' details" and "%s referral
         * contacts" follow, each with its count. */
        strbuf_printf(&both, _("Past retention, erased: %s, %s."), strbuf_str(&a), strbuf_str(&b));
        strbuf_release(&a);
        strbuf_release(&b);
        free(purge.outcome);
        purge.outcome = strbuf_finish(&both); /* NULL when out of memory: nothing said */
        /* A backup's failure still on the line stays said, before the purge's outcome. */
        if (purge.outcome && backup.failure && backup.failure_serial == app->message_serial &&
            app->message[0])
            app_message(app, true, _("%s. %s"), backup.failure, purge.outcome);
        else if (purge.outcome)
            app_message(app, false, "%s", purge.outcome);
        purge.failure_serial = backup.failure_serial = app->message_serial;
        changed = true;
    }
    return changed;
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
    app_use_site_zone(app);
    /* Last: the purge writes for a moment, the desk's own writes above are done. */
    app_purge_if_due(app);
}

static void dispatch(struct app *app, enum action_id action, struct ui_key key)
{
    if (action == ACT_REDRAW) {
        clearok(curscr, TRUE);
        return;
    }
    /* Letters and signs typed while a text field has the focus are text, never an action:
     * there `?` and `q` are typed, and F1 still helps. */
    if (text_focus && !key.function && key.code >= 0x20 && key.code != 0x7F)
        action = ACT_NONE;
    help_shown = false;
    enum screen_id screen = app->screen;
    unsigned said = app->message_serial;
    screens[screen].key(app, action, key);
    /* A message belongs to the screen that said it: one going to another screen leaves it
     * behind, unless the move itself said something ("Session No. 2 corrected."). */
    if (app->screen != screen && app->message_serial == said)
        app->message[0] = '\0';
    /* F1, and ? where nothing is typed, help on every screen and in every mode of one (a
     * search being typed, attendance, a booking), even where the screen let the key pass. */
    if (action == ACT_HELP && !help_shown && !app->quit && app->screen == screen)
        app_help(app, NULL);
}

/* On the too-small notice the screen is hidden: only leaving works, and no key may reach a
 * field the notice hides. Esc goes back as usual; q reaches the screen as a bare "quit", with
 * no character to type, so that a form being filled in still asks first, and leaves even where
 * the screen's own mode (a search, a booking being typed) would have taken the letter. */
static void dispatch_too_small(struct app *app, enum action_id action, struct ui_key key)
{
    if (action == ACT_CANCEL) {
        dispatch(app, action, key);
        return;
    }
    if (action != ACT_QUIT)
        return;
    unsigned asked = confirms_asked;
    const struct ui_key bare = {.function = true, .code = 0};
    screens[app->screen].key(app, ACT_QUIT, bare);
    if (!app->quit && confirms_asked == asked)
        app->quit = true;
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
        fprintf(stderr, "%s%s\n", _("guichet: "), clean ? clean : err.message);
        free(clean);
        return err.status;
    }
    app.data_version = store_data_version(app.st);
    app_use_site_zone(&app);
    /* A fixed clock the site's zone skips is refused before the screen, as an unreadable one. */
    if (clock_check_fixed_exists(&err)) {
        fprintf(stderr, "%s%s\n", _("guichet: "), err.message);
        store_close(app.st);
        return err.status;
    }
    trace_open();
    install_signals();
    set_escdelay(25);
    initscr();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    keys_define();
    paste_brackets(true);
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
        enum action_id action = actions_find(app.screen, key);
        if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES)
            dispatch_too_small(&app, action, key);
        else
            dispatch(&app, action, key);
    }
    /* The copy is whole, the purge's erasures done, before the desk is gone. */
    struct helper *helpers[] = {&backup, &purge};
    bool failed_last[2] = {false, false}; /* while quitting: said on the terminal after */
    for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
        if (helpers[i]->pid > 0 && !stop_signal) {
            app_message(&app, false, "%s", _(helpers[i]->finishing));
            app_draw(&app);
            refresh();
            failed_last[i] = helper_poll(&app, helpers[i], true, NULL);
        }
    paste_brackets(false);
    endwin();
    for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++) {
        if (failed_last[i] && helpers[i]->failure)
            fprintf(stderr, "%s%s\n", _("guichet: "), helpers[i]->failure);
        free(helpers[i]->failure);
        free(helpers[i]->outcome);
        helpers[i]->failure = helpers[i]->outcome = NULL;
    }
    if (trace_keys)
        fclose(trace_keys);
    store_close(app.st);
    free(app.operator_name);
    free(app.site_name);
    return stop_signal ? 128 + stop_signal : GU_OK;
}
