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

void draw_title(struct app *app, const char *title)
{
    struct gu_datetime now = clock_now();
    char date[64], time[32], right[256];
    i18n_format_date_long(date, sizeof date, now.year, now.month, now.day);
    i18n_format_time(time, sizeof time, now.hour, now.minute);
    snprintf(right, sizeof right, "%s%s%s%s%s %s ", app->operator_name ? app->operator_name : "",
             app->operator_name ? " · " : "", app->site_name ? app->site_name : "",
             app->site_name ? " · " : "", date, time);
    char *clean = text_for_display(right, strlen(right));
    /* The right side takes what the title leaves; the title keeps at least its own width. */
    int rw = clean ? (int)text_width(clean) : 0, room = COLS - (int)text_width(title) - 2;
    if (rw > room)
        rw = room > 0 ? room : 0;
    draw_text(0, 0, COLS - rw, title, draw_attr_title());
    draw_text(0, COLS - rw, rw, clean, draw_attr_title());
    free(clean);
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
