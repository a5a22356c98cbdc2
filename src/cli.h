/* The command line: global options, one table of commands, exit statuses 0 (done), 1 (failure)
 * and 2 (usage error or refused input, nothing written). */
#ifndef GUICHET_CLI_H
#define GUICHET_CLI_H

/* Starts the full-screen interface on the database at db_path; returns an exit status. Supplied
 * by the front end, so that the core never links the terminal library. */
typedef int (*cli_interactive_fn)(const char *db_path);

/* Runs guichet with argv; interactive is called when no command is given. */
int cli_main(int argc, char **argv, cli_interactive_fn interactive);

#endif
