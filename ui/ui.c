#include "ui.h"

#include <curses.h>
#include <stdio.h>

#include "error.h"
#include "i18n.h"
#include "store.h"

int ui_run(const char *db_path)
{
    struct gu_error err = {0};
    struct store *st;
    if (store_open(db_path, &st, &err)) {
        fprintf(stderr, "guichet: %s\n", err.message);
        return err.status;
    }
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    mvaddstr(1, 2, _("guichet: the desk screen is being built. Press q to leave."));
    refresh();
    while (getch() != 'q')
        ;
    endwin();
    store_close(st);
    return GU_OK;
}
