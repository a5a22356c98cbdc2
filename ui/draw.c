/* Drawing helpers: every string shown goes through text_for_display and is measured in columns. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "date.h"
#include "i18n.h"
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
