/* The full-screen front end. */
#ifndef GUICHET_UI_H
#define GUICHET_UI_H

/* Opens the database at db_path and runs the desk screen until the person leaves; returns an
 * exit status. */
int ui_run(const char *db_path);

#endif
