/* History: sessions newest first, filtered by day and by words as they are typed, or a theme's
 * sessions over a period (from the statistics); Enter opens one to correct it, d deletes it
 * after confirmation, u brings it back, t shows the deleted sessions.
 *
 * The listing is read a page at a time around the selection, however many sessions it has, and
 * the selection is a session, not a row: across reloads, filters and other desks' writes it
 * stays on the same session (by number), so that what d names is what was looked at. When that
 * session leaves the listing, the selection goes to its neighbour and the message line says so. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "strbuf.h"
#include "text.h"

#define PAGE_ROWS 100     /* sessions read at a time, at least */
#define MARGIN_ROWS 30    /* the next page is read when the selection comes this close to an end */
#define WINDOW_ROWS 500   /* sessions held at once, at least; those far from the selection go */
#define PAGE_FULL 100     /* callback status: the page has all it wants */

/* The sessions held: a run of the listing, newest first. */
static struct help_session *rows;
static size_t nrows, rows_cap;
static bool more_newer, more_older; /* the listing goes on above rows[0], below the last row */
static size_t selected, top;
static int64_t selected_id;         /* the selection: a session's number, 0 when none */
static struct gu_datetime selected_at; /* and where it was listed, for its neighbour if it goes */
static long long total;             /* sessions in the whole listing */
static bool total_known;            /* false while words are typed: counting them is a pass */

static struct line_edit search;
static char *needle;                /* the search, folded (owned); NULL for none */
static bool searching;
static bool one_day;
static char day[DATE_TEXT_SIZE];
/* A theme's sessions over a period, opened from the statistics; Esc goes back there. */
static const char *theme;  /* a vocabulary code (static), or NULL */
static char range_from[DATE_TEXT_SIZE], range_to[DATE_TEXT_SIZE];
static enum screen_id back = SCREEN_HOME;
static bool deleted_view;           /* the deleted sessions, to bring one back */
static int64_t history_selected_id; /* the history's selection while the deleted ones show */
static int64_t last_deleted;        /* the session deleted here last, for u; 0 when none */

/* How a reload places the selection when its session is no longer listed. */
enum reload_kind {
    RELOAD_DATA,   /* another desk wrote: its neighbour, and the message line says so */
    RELOAD_QUIET,  /* this desk deleted or restored it (and said so): its neighbour */
    RELOAD_FILTER, /* the filters changed: the first session of the new listing */
};

/* A search's matches may be far apart: a screen and a row at a time, the next ones read as the
 * selection comes near (issue 18: each key of a rare search reads what one screen needs). */
static size_t page_rows(void)
{
    if (needle)
        return (size_t)(LINES > 0 ? LINES : 1) + 1;
    return LINES * 2 > PAGE_ROWS ? (size_t)LINES * 2 : PAGE_ROWS;
}

static size_t window_rows(void)
{
    return LINES * 6 > WINDOW_ROWS ? (size_t)LINES * 6 : WINDOW_ROWS;
}

static const char *folded_needle(void)
{
    return needle ? needle : "";
}

static void rows_clear(void)
{
    for (size_t i = 0; i < nrows; i++)
        session_clear(&rows[i]);
    nrows = 0;
}

static bool rows_reserve(size_t n)
{
    if (n <= rows_cap)
        return true;
    size_t cap = rows_cap ? rows_cap : 256;
    while (cap < n)
        cap *= 2;
    struct help_session *grown = realloc(rows, cap * sizeof *grown);
    if (!grown)
        return false;
    rows = grown;
    rows_cap = cap;
    return true;
}

/* The session at the selected row becomes the selection. */
static void note_selection(void)
{
    selected_id = nrows ? rows[selected].id : 0;
    if (nrows)
        selected_at = rows[selected].at;
}

/* The listing's filter: the day, the theme and its period, deleted sessions or not. */
static void listing_filter(struct session_filter *f)
{
    *f = (struct session_filter){.newest_first = true, .theme = theme, .deleted = deleted_view};
    if (one_day)
        f->from = f->to = day;
    else if (theme) {
        f->from = range_from;
        f->to = range_to;
    }
}

/* True when session s belongs to the listing as it is filtered now. */
static bool listed(const struct help_session *s)
{
    if (s->deleted != deleted_view)
        return false;
    char on[DATE_TEXT_SIZE];
    date_format(s->at.year, s->at.month, s->at.day, on);
    if (one_day && strcmp(on, day) != 0)
        return false;
    if (!one_day && theme && (strcmp(on, range_from) < 0 || strcmp(on, range_to) > 0))
        return false;
    int t = theme ? vocab_find(VOCAB_THEME, theme) : VOCAB_NONE;
    if (t != VOCAB_NONE && !((s->themes >> t) & 1))
        return false;
    return session_matches(s, folded_needle());
}

struct page {
    struct help_session *out; /* room for want */
    size_t n, want;
    bool full; /* one more than wanted matched: the listing goes on */
    struct gu_error *err;
};

static int page_row(const struct help_session *s, void *ctx)
{
    struct page *p = ctx;
    if (p->n == p->want) {
        p->full = true;
        return PAGE_FULL;
    }
    if (session_copy(&p->out[p->n], s, p->err))
        return GU_FAILURE;
    p->n++;
    return GU_OK;
}

/* Reads into out up to want sessions of the listing that come after the one started at at with
 * number id (NULL: from the listing's end), older ones or newer ones, the nearest first; *n
 * receives how many, *more whether the listing goes on beyond them. */
static int read_page(struct app *app, bool older, const struct gu_datetime *at, int64_t id,
                     size_t want, struct help_session *out, size_t *n, bool *more)
{
    struct gu_error err;
    struct session_filter f;
    listing_filter(&f);
    f.newest_first = older;
    char key[DATETIME_TEXT_SIZE];
    if (at) {
        datetime_format(at, key);
        f.after_at = key;
        f.after_id = id;
    }
    f.search = needle; /* the store reads only what it must to find them (issue 18) */
    f.limit = (long)want + 1; /* one past the page: whether the listing goes on */
    struct page p = {.out = out, .want = want, .err = &err};
    int status = store_list_sessions(app->st, &f, page_row, &p, &err);
    *n = p.n;
    *more = p.full;
    if (status && status != PAGE_FULL) {
        app_error(app, &err);
        return status;
    }
    return GU_OK;
}

/* Adds the page below the last session held. */
static void load_older(struct app *app)
{
    size_t want = page_rows(), n = 0;
    if (!more_older || !nrows || !rows_reserve(nrows + want))
        return;
    const struct help_session *last = &rows[nrows - 1];
    struct gu_datetime at = last->at;
    if (read_page(app, true, &at, last->id, want, rows + nrows, &n, &more_older))
        more_older = false;
    nrows += n;
}

/* Adds the page above the first session held; the selection and scrolling follow its rows. */
static void load_newer(struct app *app)
{
    size_t want = page_rows(), n = 0;
    if (!more_newer || !nrows || !rows_reserve(nrows + want))
        return;
    struct help_session *fresh = malloc(want * sizeof *fresh);
    if (!fresh)
        return;
    struct gu_datetime at = rows[0].at;
    if (read_page(app, false, &at, rows[0].id, want, fresh, &n, &more_newer))
        more_newer = false;
    memmove(rows + n, rows, nrows * sizeof *rows);
    for (size_t i = 0; i < n; i++) /* read oldest first: the newest goes on top */
        rows[i] = fresh[n - 1 - i];
    free(fresh);
    nrows += n;
    selected += n;
    top += n;
}

/* Lets go of the sessions held far from the selection. */
static void trim_window(void)
{
    size_t max = window_rows();
    if (nrows <= max)
        return;
    size_t excess = nrows - max;
    if (selected >= nrows / 2) {
        if (excess > top)
            excess = top; /* what is on the screen stays */
        for (size_t i = 0; i < excess; i++)
            session_clear(&rows[i]);
        memmove(rows, rows + excess, (nrows - excess) * sizeof *rows);
        nrows -= excess;
        selected -= excess;
        top -= excess;
        if (excess)
            more_newer = true;
    } else {
        for (size_t i = nrows - excess; i < nrows; i++)
            session_clear(&rows[i]);
        nrows -= excess;
        more_older = true;
    }
}

/* Counts the listing. With words, the store counts them when the indexes can (a rare word);
 * words that many sessions match would need every session read: the count then says "more
 * than" the sessions held. */
static void count_listing(struct app *app)
{
    struct gu_error err;
    struct session_filter f;
    listing_filter(&f);
    total_known = true;
    if (!more_newer && !more_older) { /* all of it is held */
        total = (long long)nrows;
        return;
    }
    if (needle && searching) { /* counted once typing ends */
        total = (long long)nrows;
        total_known = false;
        return;
    }
    f.search = needle;
    if (store_count_found_sessions(app->st, &f, &total, &total_known, &err))
        app_error(app, &err);
    if (!total_known)
        total = (long long)nrows;
}

/* Reads the listing again around the selected session: where it is now when it is still
 * listed, else where it was (its neighbour then), or from the top. */
static void history_load(struct app *app, enum reload_kind kind)
{
    struct gu_error err;
    int64_t was = selected_id;
    struct gu_datetime anchor = selected_at;
    bool have_anchor = false, gone = false;
    size_t screen_row = selected >= top ? selected - top : 0;
    /* Looking at the newest sessions: those written since show above, the selection staying. */
    bool at_newest = top == 0 && !more_newer;
    if (was) {
        struct help_session now;
        bool found = false;
        if (store_get_session(app->st, was, &now, &found, &err))
            app_error(app, &err);
        if (found && listed(&now)) {
            anchor = now.at;
            have_anchor = true;
        } else if (kind != RELOAD_FILTER) /* its neighbour, where it was */
            have_anchor = gone = true;
        if (found)
            session_clear(&now);
    }
    rows_clear();
    selected = 0;
    more_newer = more_older = false;
    size_t want = page_rows(), n = 0;
    if (rows_reserve(want * 2)) {
        /* Older sessions from the anchor, itself included (a number one above it); then, over
         * them, the newer ones. */
        read_page(app, true, have_anchor ? &anchor : NULL, was + 1, want, rows, &n, &more_older);
        nrows = n;
        if (have_anchor && nrows) {
            more_newer = true;
            load_newer(app);
        } else if (have_anchor) { /* nothing older: the newest ones, the last selected */
            read_page(app, false, &anchor, was, want, rows, &n, &more_newer);
            for (size_t i = 0; i < n / 2; i++) {
                struct help_session swap = rows[i];
                rows[i] = rows[n - 1 - i];
                rows[n - 1 - i] = swap;
            }
            nrows = n;
            more_older = false;
            selected = nrows ? nrows - 1 : 0;
        }
    }
    top = at_newest || selected < screen_row ? 0 : selected - screen_row;
    note_selection();
    if (gone && kind == RELOAD_DATA) {
        if (selected_id)
            app_message(app, false,
                        _("Session No. %lld is no longer in this list (deleted or changed at "
                          "another desk): No. %lld is selected."),
                        (long long)was, (long long)selected_id);
        else
            app_message(app, false,
                        _("Session No. %lld is no longer in this list (deleted or changed at "
                          "another desk)."),
                        (long long)was);
    }
    count_listing(app);
}

/* Moves the selection by delta rows, reading the pages it reaches. */
static void move_selection(struct app *app, long delta)
{
    if (delta > 0) {
        while (more_older && selected + (size_t)delta + MARGIN_ROWS >= nrows) {
            size_t before = nrows;
            load_older(app);
            if (nrows == before)
                break;
        }
        selected = selected + (size_t)delta < nrows ? selected + (size_t)delta
                                                    : (nrows ? nrows - 1 : 0);
    } else if (delta < 0) {
        size_t up = (size_t)-delta;
        while (more_newer && selected < up + MARGIN_ROWS) {
            size_t before = nrows;
            load_newer(app);
            if (nrows == before)
                break;
        }
        selected = selected > up ? selected - up : 0;
    }
    trim_window();
    note_selection();
}

void screen_history_reload(struct app *app)
{
    history_load(app, RELOAD_DATA);
}

/* The search field as typed: folded once for every session compared. */
static void search_changed(void)
{
    free(needle);
    needle = *line_edit_text(&search) ? text_fold(line_edit_text(&search)) : NULL;
}

void screen_history_open(struct app *app)
{
    /* From home, a fresh history: every day, no words, the sessions that are not deleted; the
     * session selected last time stays selected if it is still there. */
    if (!search.max_chars)
        line_edit_init(&search, 60, false);
    line_edit_set(&search, "");
    search_changed();
    searching = one_day = deleted_view = false;
    theme = NULL;
    back = SCREEN_HOME;
    last_deleted = 0;
    /* Every day and no words list more than any filter did: a selection not listed now was
     * deleted or changed meanwhile, which its neighbour's selection says. */
    history_load(app, RELOAD_DATA);
}

void screen_history_return(struct app *app)
{
    app->screen = SCREEN_HISTORY;
    history_load(app, RELOAD_QUIET);
}

void screen_history_open_theme(struct app *app, const char *from, const char *to,
                               const char *theme_code, enum screen_id back_to)
{
    int index = vocab_find(VOCAB_THEME, theme_code);
    theme = index >= 0 ? vocab_code(VOCAB_THEME, index) : NULL;
    snprintf(range_from, sizeof range_from, "%s", from);
    snprintf(range_to, sizeof range_to, "%s", to);
    back = back_to;
    one_day = searching = deleted_view = false;
    if (!search.max_chars)
        line_edit_init(&search, 60, false);
    line_edit_set(&search, "");
    search_changed();
    selected_id = 0;
    selected = top = 0;
    last_deleted = 0;
    app->screen = SCREEN_HISTORY;
    history_load(app, RELOAD_FILTER);
}

/* The themes of set, by label, joined with ", "; after max of them (0: no limit), "…". */
static void add_themes(struct strbuf *b, vocab_set set, int max)
{
    int shown = 0;
    for (int t = 0; set; t++, set >>= 1)
        if (set & 1) {
            if (max && shown == max) {
                strbuf_puts(b, ", …");
                break;
            }
            strbuf_printf(b, "%s%s", shown ? ", " : "", vocab_label(VOCAB_THEME, t));
            shown++;
        }
}

/* "14/03/2026 10:30, 45 min, E-mail, Health": what a question or a message says of a session
 * besides its number, so that the person sees which one it acts on. A new string (caller
 * frees); NULL when memory is short. */
static char *session_summary(const struct help_session *s)
{
    char when[64], dur[32];
    i18n_format_datetime_short(when, sizeof when, &s->at);
    i18n_format_duration(dur, sizeof dur, s->duration_min);
    struct strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s, %s, ", when, dur);
    add_themes(&b, s->themes, 3); /* so that the question's end, (y/n), stays on the screen */
    return strbuf_finish(&b);
}

void screen_history_draw(struct app *app)
{
    char shown_day[64] = "";
    struct strbuf title = STRBUF_INIT;
    if (one_day) {
        int y, m, d;
        date_parse(day, &y, &m, &d);
        i18n_format_date_long(shown_day, sizeof shown_day, y, m, d);
    }
    if (theme && !one_day) {
        int fy, fm, fd, ty, tm, td;
        char a[32], b[32];
        date_parse(range_from, &fy, &fm, &fd);
        date_parse(range_to, &ty, &tm, &td);
        i18n_format_date_short(a, sizeof a, fy, fm, fd);
        i18n_format_date_short(b, sizeof b, ty, tm, td);
        strbuf_printf(&title,
                      deleted_view ? _("Deleted sessions: %s, %s to %s") : _("History: %s, %s to %s"),
                      vocab_label(VOCAB_THEME, vocab_find(VOCAB_THEME, theme)), a, b);
    } else
        strbuf_printf(&title, deleted_view ? _("Deleted sessions: %s") : _("History: %s"),
                      one_day ? shown_day : _("all days"));
    draw_title(app, strbuf_str(&title));
    strbuf_release(&title);
    int search_x = 2 + (int)text_width(_("Search:")) > 12 ? 2 + (int)text_width(_("Search:")) : 12;
    draw_text(1, 1, search_x - 2, _("Search:"), searching ? A_BOLD : A_NORMAL);

    char number[32];
    struct strbuf count = STRBUF_INIT;
    i18n_format_count(number, sizeof number, total);
    if (total_known)
        /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
        strbuf_printf(&count, ngettext("%s session", "%s sessions", (unsigned long)total), number);
    else
        /* TRANSLATORS: %s is a count, formatted already ("1 234"). */
        strbuf_printf(&count, ngettext("more than %s session", "more than %s sessions",
                                       (unsigned long)total),
                      number);
    /* Right-aligned after the search field ("plus de 100 accompagnements" fits at 80 columns). */
    int count_w = (int)text_width(strbuf_str(&count)), count_x = COLS - 1 - count_w;
    if (count_x < 50)
        count_x = 50;
    draw_text(1, count_x, COLS - 1 - count_x, strbuf_str(&count), A_NORMAL);
    strbuf_release(&count);

    int y = 3;
    int visible = LINES - 1 - app_message_rows(app) - y;
    if (visible < 1)
        visible = 1;
    if (selected < top)
        top = selected;
    if (selected >= top + (size_t)visible)
        top = selected - (size_t)visible + 1;
    if (!more_older && top + (size_t)visible > nrows) /* no blank lines under the last session */
        top = nrows > (size_t)visible ? nrows - (size_t)visible : 0;
    /* Columns as wide as the sessions held need (a number, a date, a duration, a name); the
     * themes take the rest. */
    const char *headings[5] = {_("No."), _("Date"), _("Duration"), _("Themes"), _("Operator")};
    struct draw_column cols[5];
    for (int i = 0; i < 5; i++) {
        cols[i] = (struct draw_column){.gap = i ? 2 : 0};
        draw_column_want(&cols[i], headings[i]);
    }
    for (size_t i = 0; i < nrows; i++) {
        char num[32], when[64], dur[32];
        snprintf(num, sizeof num, "%lld", (long long)rows[i].id);
        i18n_format_datetime_short(when, sizeof when, &rows[i].at);
        i18n_format_duration(dur, sizeof dur, rows[i].duration_min);
        draw_column_want(&cols[0], num);
        draw_column_want(&cols[1], when);
        draw_column_want(&cols[2], dur);
        draw_column_want(&cols[4], rows[i].operator_name);
    }
    for (int i = 0; i < 3; i++)
        cols[i].min = cols[i].want;
    cols[3].min = 20;
    cols[3].want = COLS; /* the themes take what the others leave */
    cols[4].min = cols[4].want < 12 ? cols[4].want : 12;
    draw_columns_fit(cols, 5, 1, COLS - 2);
    for (int i = 0; i < 5; i++)
        draw_text(y - 1, cols[i].x, cols[i].width, headings[i], A_UNDERLINE);
    for (size_t i = top; i < nrows && (int)(i - top) < visible; i++) {
        const struct help_session *s = &rows[i];
        unsigned attr = i == selected && !searching ? draw_attr_focus() : A_NORMAL;
        char num[32], when[64], dur[32];
        snprintf(num, sizeof num, "%lld", (long long)s->id);
        i18n_format_datetime_short(when, sizeof when, &s->at);
        i18n_format_duration(dur, sizeof dur, s->duration_min);
        struct strbuf themes = STRBUF_INIT;
        add_themes(&themes, s->themes, 0);
        int row = y + (int)(i - top);
        draw_text(row, 0, COLS, "", attr);
        draw_text(row, cols[0].x, cols[0].width, num, attr);
        draw_text(row, cols[1].x, cols[1].width, when, attr);
        draw_text(row, cols[2].x, cols[2].width, dur, attr);
        draw_text(row, cols[3].x, cols[3].width, strbuf_str(&themes), attr);
        draw_text(row, cols[4].x, cols[4].width, s->operator_name, attr);
        strbuf_release(&themes);
    }
    if (!nrows)
        draw_text(y + 1, 2, COLS - 4,
                  deleted_view ? _("No deleted session matches.") : _("No session matches."),
                  A_NORMAL);
    /* Drawn last so that the cursor sits in the search field while typing. */
    line_edit_draw(&search, 1, search_x, 36 - (search_x - 12), searching);
}

static void history_delete(struct app *app)
{
    if (!nrows)
        return;
    if (deleted_view) {
        app_message(app, false, "%s", _("This session is deleted already: u brings it back."));
        return;
    }
    /* The number is taken now: the question and the deletion name the same session, whatever
     * a redraw or another desk's write does to the rows while the question waits. */
    int64_t id = rows[selected].id;
    char *summary = session_summary(&rows[selected]);
    bool yes = app_confirm_namef(app, summary, _("Delete session No. %lld (%s)?"), (long long)id,
                                 summary ? summary : "");
    if (yes) {
        struct gu_error err;
        if (store_delete_session(app->st, id, app->operator_id, &err))
            app_error(app, &err);
        else {
            last_deleted = id;
            app_message(app, false, _("Session No. %lld deleted (%s): u brings it back."),
                        (long long)id, summary ? summary : "");
        }
        app->data_version = store_data_version(app->st);
        history_load(app, RELOAD_QUIET);
    }
    free(summary);
}

/* u: the session deleted here last, or, among the deleted sessions, the selected one. */
static void history_restore(struct app *app)
{
    int64_t id = deleted_view ? (nrows ? rows[selected].id : 0) : last_deleted;
    if (!id) {
        app_message(app, false, "%s",
                    _("Nothing to undo here: t shows the deleted sessions, to bring one back."));
        return;
    }
    struct gu_error err;
    struct help_session s;
    bool found = false;
    if (store_get_session(app->st, id, &s, &found, &err))
        found = false;
    char *summary = found ? session_summary(&s) : NULL;
    struct gu_datetime at = found ? s.at : selected_at;
    if (found)
        session_clear(&s);
    if (store_restore_session(app->st, id, app->operator_id, &err))
        app_error(app, &err);
    else {
        app_message(app, false, _("Session No. %lld restored (%s)."), (long long)id,
                    summary ? summary : "");
        if (!deleted_view) { /* back where it was, selected */
            selected_id = id;
            selected_at = at;
        } else
            history_selected_id = id;
    }
    if (id == last_deleted)
        last_deleted = 0;
    free(summary);
    app->data_version = store_data_version(app->st);
    history_load(app, RELOAD_QUIET);
}

/* t: the deleted sessions, with the same day and words; t again, the history as it was. */
static void toggle_deleted(struct app *app)
{
    deleted_view = !deleted_view;
    if (deleted_view) {
        history_selected_id = selected_id;
        selected_id = last_deleted;
    } else
        selected_id = history_selected_id;
    history_load(app, RELOAD_FILTER);
}

static void shift_day(long days)
{
    theme = NULL; /* one day of every theme */
    if (!one_day) {
        clock_today_text(0, day);
        one_day = true;
        if (days > 0)
            return;
    }
    int y, m, d;
    date_parse(day, &y, &m, &d);
    date_from_days(date_to_days(y, m, d) + days, &y, &m, &d);
    date_format(y, m, d, day);
}

void screen_history_key(struct app *app, enum action_id action, struct ui_key key)
{
    if (searching) {
        bool ends;
        if (line_edit_search_key(&search, key, &ends)) {
            search_changed();
            history_load(app, RELOAD_FILTER);
        }
        searching = !ends;
        if (!searching && !total_known)
            count_listing(app);
        return;
    }
    long page = LINES - 5 > 1 ? LINES - 5 : 1;
    switch (action) {
    case ACT_UP: move_selection(app, -1); break;
    case ACT_DOWN: move_selection(app, 1); break;
    case ACT_PAGE_UP: move_selection(app, -page); break;
    case ACT_PAGE_DOWN: move_selection(app, page); break;
    case ACT_OPEN:
        if (nrows && deleted_view)
            app_message(app, false, "%s",
                        _("A deleted session is not edited: u brings it back first."));
        else if (nrows)
            screen_form_open(app, &rows[selected]);
        break;
    case ACT_DELETE: history_delete(app); break;
    case ACT_RESTORE: history_restore(app); break;
    case ACT_DELETED: toggle_deleted(app); break;
    case ACT_SEARCH: searching = true; break;
    case ACT_DAY_PREV: shift_day(-1); history_load(app, RELOAD_FILTER); break;
    case ACT_DAY_NEXT: shift_day(1); history_load(app, RELOAD_FILTER); break;
    case ACT_ALL_DAYS:
        one_day = false;
        theme = NULL;
        history_load(app, RELOAD_FILTER);
        break;
    case ACT_CANCEL:
        if (deleted_view) { /* Esc leaves the deleted sessions first */
            toggle_deleted(app);
            break;
        }
        rows_clear();
        app_show(app, back);
        break;
    case ACT_HELP:
        app_help(app, NULL);
        break;
    case ACT_QUIT: app->quit = true; break;
    default: break;
    }
}
