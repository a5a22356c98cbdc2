/* The full-screen front end. */
#ifndef GUICHET_UI_H
#define GUICHET_UI_H

#include <stdbool.h>

/* Opens the database at db_path and runs the desk screen until the person leaves; returns an
 * exit status. */
int ui_run(const char *db_path);

/* True when the screen drawn last gave a text field the focus (the terminal cursor shows in
 * it): letters and signs are then typed, not actions, and F1 is the key for help. */
bool ui_text_focus(void);

#endif
