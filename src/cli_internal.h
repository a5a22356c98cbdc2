/* Shared by the command-line modules (cli.c and one cli_*.c per group of commands): the
 * command's state and the helpers that print errors in one voice. Each helper that fails prints
 * "guichet COMMAND: message" on stderr and returns the exit status to use. */
#ifndef GUICHET_CLI_INTERNAL_H
#define GUICHET_CLI_INTERNAL_H

#include <getopt.h>
#include <stddef.h>

#include "error.h"
#include "output.h"
#include "store.h"

struct cli {
    const char *db_path; /* from --db or GUICHET_DB, NULL for the default */
    const char *command; /* "log", "workshop book"… for messages */
    struct gu_error err;
};

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    const char *usage;   /* msgid: the synopsis after "guichet " */
    const char *summary; /* msgid: one line */
};

int cli_fail(struct cli *cli, int status, const char *message);
/* Prints cli->err. */
int cli_fail_error(struct cli *cli);
/* A usage error: the message (fmt with one %s), the command's usage, and status 2. */
int cli_usage_error(struct cli *cli, const char *fmt, const char *arg);
/* getopt_long with translated messages; sets *status on a bad option. */
int next_option(struct cli *cli, int argc, char **argv, const char *shortopts,
                const struct option *longopts, int *status);
/* Opens the database named by --db, GUICHET_DB or the default. */
int open_store(struct cli *cli, struct store **st);
/* Cleans typed text into *dst (replacing any earlier value); an empty result becomes NULL. */
int take_text(struct cli *cli, const char *field, const char *value, size_t max, char **dst);
/* Checks a "YYYY-MM-DD" option. */
int parse_date_option(struct cli *cli, const char *field, const char *value);
/* A whole number from 1 to max. */
int parse_count(struct cli *cli, const char *field, const char *text, long max, long *out);
/* A copy of cols with translated titles (caller frees). */
struct output_column *translate_columns(const struct output_column *cols, size_t n);

/* Runs "GROUP SUB …" from a group's table of subcommands (argv[0] is the group). */
int cli_dispatch_group(struct cli *cli, int argc, char **argv, const char *group,
                       const struct command *commands, size_t count);

/* The workshop commands (cli_workshop.c). */
int cmd_workshop(struct cli *cli, int argc, char **argv);
extern const struct command workshop_commands[];
extern const size_t workshop_command_count;

/* Routing and the partner directory (cli_orient.c). */
int cmd_route(struct cli *cli, int argc, char **argv);
int cmd_partner(struct cli *cli, int argc, char **argv);
extern const struct command partner_commands[];
extern const size_t partner_command_count;
int cmd_referral(struct cli *cli, int argc, char **argv);
extern const struct command referral_commands[];
extern const size_t referral_command_count;

#endif
