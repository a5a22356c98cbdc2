/* Drawing helpers: every string shown goes through text_for_display and is measured in columns. */
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "date.h"
#include "i18n.h"
#include "strbuf.h"
#include "text.h"

enum { PAIR_TITLE = 1, PAIR_FOCUS, PAIR_ERROR };
static bool colours;

void draw_init_colours(void)
{
    const char *no_colour = getenv("NO_COLOR");
    colours = !(no_colour && *no_colour) && has_colors() && start_color() == OK;
    if (!colours)
        return;
    use_default_colors();
    init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
    init_pair(PAIR_FOCUS, COLOR_BLACK, COLOR_CYAN);
    init_pair(PAIR_ERROR, COLOR_RED, -1);
}

/* Reverse video and bold carry the meaning; colour only adds to it. */
unsigned draw_attr_focus(void)
{
    return colours ? (unsigned)(COLOR_PAIR(PAIR_FOCUS) | A_BOLD) : (unsigned)A_REVERSE;
}

unsigned draw_attr_title(void)
{
    return colours ? (unsigned)(COLOR_PAIR(PAIR_TITLE) | A_BOLD) : (unsigned)(A_REVERSE | A_BOLD);
}

unsigned draw_attr_error(void)
{
    return colours ? (unsigned)(COLOR_PAIR(PAIR_ERROR) | A_BOLD) : (unsigned)A_BOLD;
}

void draw_text(int y, int x, int width, const char *text, unsigned attr)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + width > COLS)
        width = COLS - x;
    char *clean = text_for_display(text ? text : "", text ? strlen(text) : 0);
    char *fitted = clean ? text_fit(clean, (size_t)width) : NULL;
    attrset((int)attr);
    mvaddstr(y, x, fitted ? fitted : "");
    for (int pad = width - (fitted ? (int)text_width(fitted) : 0); pad > 0; pad--)
        addch(' ');
    attrset(A_NORMAL);
    free(fitted);
    free(clean);
}

void draw_textf(int y, int x, int width, unsigned attr, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct strbuf line = STRBUF_INIT;
    strbuf_vprintf(&line, fmt, ap);
    va_end(ap);
    draw_text(y, x, width, strbuf_str(&line), attr);
    strbuf_release(&line);
}

/* The right side of the title line: who is at the desk, where, and when. When it does not fit
 * beside the title, the date is shortened first ("mercredi 2 décembre 2026", "2 décembre 2026",
 * "02/12/2026"), then the site and the operator go, and last the date: never a cut in the
 * middle of a name or a date. When even the time does not fit, the title is shortened (with
 * "…") so that the operator and the time stay, or the time alone when the operator's name
 * would take more than a third of the line: the time is always there. */
void draw_title(struct app *app, const char *title)
{
    struct gu_datetime now = clock_now();
    char dates[4][64], time[32];
    i18n_format_date_long(dates[0], sizeof dates[0], now.year, now.month, now.day);
    i18n_format_date_medium(dates[1], sizeof dates[1], now.year, now.month, now.day);
    i18n_format_date_short(dates[2], sizeof dates[2], now.year, now.month, now.day);
    dates[3][0] = '\0';
    i18n_format_time(time, sizeof time, now.hour, now.minute);
    char *clean_title = text_for_display(title ? title : "", title ? strlen(title) : 0);
    /* The title keeps its own width; the right side takes what it leaves. */
    int room = COLS - (clean_title ? (int)text_width(clean_title) : 0) - 2;
    /* Tried in order: every form of the date with the operator and site, then with the
     * operator alone, then without them; then the time alone, with the same names. */
    char *right = NULL, *kept = NULL;
    for (int step = 0; step < 12 && !right; step++) {
        int who = step < 9 ? step / 3 : step - 9, d = step < 9 ? step % 3 : 3;
        const char *op = who < 2 ? app->operator_name : NULL;
        const char *site = who < 1 ? app->site_name : NULL;
        struct strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "%s%s%s%s%s%s%s ", op ? op : "", op ? " · " : "", site ? site : "",
                      site ? " · " : "", dates[d], dates[d][0] ? " " : "", time);
        char *text = strbuf_finish(&b);
        char *clean = text ? text_for_display(text, strlen(text)) : NULL;
        free(text);
        int w = clean ? (int)text_width(clean) : 0;
        if (clean && w <= room)
            right = clean;
        else if (clean && !kept && step >= 10 && (step == 11 || w <= COLS / 3))
            kept = clean; /* what stays when the title is too long for even the time */
        else
            free(clean);
    }
    if (!right) {
        right = kept;
        kept = NULL;
    }
    free(kept);
    int rw = right ? (int)text_width(right) : 0;
    if (rw > COLS)
        rw = COLS;
    draw_text(0, 0, COLS - rw, "", draw_attr_title());
    draw_text(0, 0, COLS - rw - 1, clean_title, draw_attr_title()); /* cut with "…" when long */
    if (right)
        draw_text(0, COLS - rw, rw, right, draw_attr_title());
    free(right);
    free(clean_title);
}

/* Columns taken by the len bytes of s from its start. */
static int span_width(const char *s, size_t len)
{
    char *part = strndup(s, len);
    int w = part ? (int)text_width(part) : (int)len;
    free(part);
    return w;
}

char **draw_wrap(const char *text, int width, int *n)
{
    *n = 0;
    char *clean = text_for_display(text ? text : "", text ? strlen(text) : 0);
    if (!clean)
        return NULL;
    /* Lines break at spaces only: a no-break space keeps "Nom :" and "60,0 %" whole, and a
     * path or an address is never split where it could not be copied back. */
    size_t spaces = 1;
    for (const char *p = clean; *p; p++)
        spaces += *p == ' ';
    char **lines = calloc(spaces, sizeof *lines);
    if (!lines) {
        free(clean);
        return NULL;
    }
    const char *p = clean;
    while (*p == ' ')
        p++;
    while (*p) {
        size_t fits = 0; /* the longest run of whole words that fits */
        for (const char *space = p;; space++) {
            space = strchr(space, ' ');
            size_t end = space ? (size_t)(space - p) : strlen(p);
            if (fits && span_width(p, end) > width)
                break;
            fits = end; /* a word wider than the line stays whole on its own */
            if (!space || span_width(p, end) > width)
                break;
        }
        size_t end = fits;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        if (!(lines[*n] = strndup(p, end))) {
            draw_wrap_free(lines, *n);
            free(clean);
            *n = 0;
            return NULL;
        }
        (*n)++;
        for (p += fits; *p == ' '; p++)
            ;
    }
    free(clean);
    return lines;
}

void draw_wrap_free(char **lines, int n)
{
    for (int i = 0; lines && i < n; i++)
        free(lines[i]);
    free(lines);
}

int draw_text_wrapped(int y, int x, int width, int max_lines, const char *text, unsigned attr)
{
    if (max_lines < 1 || width < 1)
        return 0;
    int n;
    char **lines = draw_wrap(text, width, &n);
    if (!lines) { /* out of memory: one line, cut */
        draw_text(y, x, width, text, attr);
        return 1;
    }
    int shown = n < max_lines ? n : max_lines;
    for (int i = 0; i < shown; i++) {
        if (i == shown - 1 && n > shown) { /* the rest joins the last line, cut with "…" */
            struct strbuf rest = STRBUF_INIT;
            for (int j = i; j < n; j++)
                strbuf_printf(&rest, "%s%s", j > i ? " " : "", lines[j]);
            draw_text(y + i, x, width, strbuf_str(&rest), attr);
            strbuf_release(&rest);
        } else
            draw_text(y + i, x, width, lines[i], attr);
    }
    draw_wrap_free(lines, n);
    return shown;
}

void draw_columns_fit(struct draw_column *cols, int n, int x, int width)
{
    /* Each column asks for its widest content; when they do not all fit, the widest ones give
     * up columns first, never below their minimum, so that short columns (a date, a number)
     * stay whole and the long texts share what is left. */
    int gaps = 0, total = 0;
    for (int i = 0; i < n; i++) {
        cols[i].width = cols[i].want > cols[i].min ? cols[i].want : cols[i].min;
        total += cols[i].width;
        gaps += i ? cols[i].gap : 0;
    }
    while (total + gaps > width) {
        int widest = -1;
        for (int i = 0; i < n; i++)
            if (cols[i].width > cols[i].min && (widest < 0 || cols[i].width > cols[widest].width))
                widest = i;
        if (widest < 0)
            break;
        cols[widest].width--;
        total--;
    }
    /* What is left goes to the last column, so that a row's highlight spans the line. */
    if (n && total + gaps < width)
        cols[n - 1].width += width - total - gaps;
    for (int i = 0; i < n; i++) {
        cols[i].x = x;
        x += cols[i].width + (i + 1 < n ? cols[i + 1].gap : 0);
    }
}

void draw_column_want(struct draw_column *col, const char *text)
{
    if (!text)
        return;
    char *clean = text_for_display(text, strlen(text));
    int w = clean ? (int)text_width(clean) : 0;
    free(clean);
    if (w > col->want)
        col->want = w;
}

bool draw_size_ok(void)
{
    if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES)
        return true;
    erase();
    char msg[256];
    snprintf(msg, sizeof msg, _("Terminal too small: %d×%d needed, %d×%d here."), UI_MIN_COLS,
             UI_MIN_LINES, COLS, LINES);
    draw_text(LINES / 2, 0, COLS, msg, A_BOLD);
    if (LINES > 1)
        draw_text(LINES / 2 + 1, 0, COLS, _("Enlarge the window, or press q to leave."), A_NORMAL);
    refresh();
    return false;
}

bool draw_blocks_ok(void)
{
    /* Eighth blocks need a UTF-8 terminal with a font that has them: not the Linux console or
     * a serial terminal. GUICHET_ASCII=1 forces plain ASCII. */
    static int ok = -1;
    if (ok < 0) {
        const char *ascii = getenv("GUICHET_ASCII"), *term = getenv("TERM");
        ok = i18n_user_locale_is_utf8() && !(ascii && *ascii && strcmp(ascii, "0") != 0) &&
             !(term && (strcmp(term, "linux") == 0 || strncmp(term, "vt", 2) == 0 ||
                        strcmp(term, "dumb") == 0));
    }
    return ok;
}

void draw_bar(int y, int x, int width, long long value, long long max)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (width <= 0 || max <= 0 || value <= 0)
        return;
    long long units = (value * width * 8 + max / 2) / max; /* in eighths of a column */
    if (units < 1)
        units = 1; /* something shows that it is not zero */
    move(y, x);
    if (!draw_blocks_ok()) {
        long long columns = (units + 4) / 8 ? (units + 4) / 8 : 1;
        for (long long i = 0; i < columns; i++)
            addch('#');
        return;
    }
    for (long long i = 0; i < units / 8; i++)
        addstr("█");
    addstr(eighths[units % 8]);
}

void draw_sparkline(int y, int x, const long long *values, int n)
{
    static const char *const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ascii[] = "_.-=+*#@";
    /* Scaled from the lowest value shown to the highest, as sparklines are, so that the shape
     * of the year shows; zero stays a blank. */
    long long max = 0, min = 0;
    for (int i = 0; i < n; i++) {
        max = values[i] > max ? values[i] : max;
        min = values[i] > 0 && (!min || values[i] < min) ? values[i] : min;
    }
    move(y, x);
    for (int i = 0; i < n; i++) {
        int level = values[i] <= 0 ? -1 : max == min ? 7 : (int)((values[i] - min) * 7 / (max - min));
        if (level < 0)
            addch(' ');
        else if (draw_blocks_ok())
            addstr(levels[level]);
        else
            addch((chtype)ascii[level]);
    }
}

void draw_name(int y, int x, int width, const char *name, unsigned attr)
{
    char *clean = text_for_display(name ? name : "", name ? strlen(name) : 0);
    const char *open = clean ? strrchr(clean, '(') : NULL;
    size_t len = clean ? strlen(clean) : 0;
    /* "Maison départementale des personnes handicapées (MDPH)": the abbreviation people know
     * stays when the rest is cut. */
    if (!clean || (int)text_width(clean) <= width || !open || open == clean || open[-1] != ' ' ||
        clean[len - 1] != ')' || (int)text_width(open) * 2 > width) {
        draw_text(y, x, width, clean ? clean : name, attr);
        free(clean);
        return;
    }
    char *head = strndup(clean, (size_t)(open - 1 - clean));
    char *cut = head ? text_fit(head, (size_t)(width - (int)text_width(open) - 1)) : NULL;
    draw_textf(y, x, width, attr, "%s %s", cut ? cut : "", open);
    free(cut);
    free(head);
    free(clean);
}

bool list_move_selection(enum action_id action, size_t *selected, size_t n, size_t page)
{
    size_t last = n ? n - 1 : 0;
    page = page ? page : 1;
    switch (action) {
    case ACT_UP: *selected = *selected > 0 ? *selected - 1 : 0; break;
    case ACT_DOWN: *selected = *selected < last ? *selected + 1 : last; break;
    case ACT_PAGE_UP: *selected = *selected > page ? *selected - page : 0; break;
    case ACT_PAGE_DOWN: *selected = *selected + page < last ? *selected + page : last; break;
    case ACT_FIRST: *selected = 0; break;
    case ACT_LAST: *selected = last; break;
    default: return false;
    }
    return true;
}
