/* Shared by the command-line modules (cli.c and one cli_*.c per group of commands): the
 * command's state and the helpers that print errors in one voice. Each helper that fails prints
 * "guichet COMMAND: message" on stderr and returns the exit status to use. */
#ifndef GUICHET_CLI_INTERNAL_H
#define GUICHET_CLI_INTERNAL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "output.h"
#include "store.h"
#include "vocab.h"

struct cli {
    const char *db_path; /* from --db or GUICHET_DB, NULL for the default */
    /* --site of the directory's and the policy's commands (borrowed from argv): open_store
     * makes that site's directory and policy the ones read and written (store_set_site_scope);
     * NULL for the network's. */
    const char *scope_site;
    bool takes_site; /* the command takes that --site (cli_list_all, cli_import_args) */
    const char *command; /* "log", "workshop book"… for messages */
    /* --help (-h) given to a command: its usage was printed and it stopped there (next_option:
     * the status it gives makes it stop), which is no failure (exit 0) */
    bool help_shown;
    struct gu_error err;
};

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv); /* NULL for a group (cli.c) */
    const char *usage;   /* msgid: the synopsis after "guichet "; NULL for a group: made from its table */
    const char *summary; /* msgid: one line */
};

int cli_fail(struct cli *cli, int status, const char *message);
/* Exit status of a command that did its work in part and says what is left (an erasure that
 * another desk's reading holds back). */
#define CLI_EXIT_PENDING 3
/* Prints cli->err. */
int cli_fail_error(struct cli *cli);
/* A usage error: the message (fmt with one %s), the command's usage, and status 2. */
int cli_usage_error(struct cli *cli, const char *fmt, const char *arg);
/* "--site: no site is called NAME" (or, for operator, no operator): GU_INVALID, said. */
int cli_no_such(struct cli *cli, bool operator, const char *name);
/* --site once and not blank: a usage error (status 2) when previous is set already (given
 * twice) or value is empty or blank, else GU_OK. */
int cli_check_site(struct cli *cli, const char *previous, const char *value);
/* --site NAME of log, workshop add and the directory's commands into *dst (owned): cleaned
 * text, cli_check_site's refusals. */
int cli_take_site(struct cli *cli, const char *value, char **dst);
/* --site of the commands of the directory and the policy, in an option table: next_option
 * keeps its value in cli->scope_site (refused as unknown unless cli->takes_site). */
#define CLI_OPT_SCOPE_SITE 900
#define CLI_SCOPE_SITE_OPTION {"site", required_argument, NULL, CLI_OPT_SCOPE_SITE}
/* getopt_long with translated messages; sets *status on a bad option. */
int next_option(struct cli *cli, int argc, char **argv, const char *shortopts,
                const struct option *longopts, int *status);
/* Reads a whole file (at most 64 MiB) into a new NUL-terminated buffer the caller frees; NULL
 * with cli->err set when it cannot. */
char *cli_read_file(struct cli *cli, const char *path, size_t *len);
/* The arguments of "… import FILE [--dry-run]": *text receives FILE's contents (caller frees). */
int cli_import_args(struct cli *cli, int argc, char **argv, bool *dry_run, char **text,
                    size_t *len);
/* Reports one problem of an imported file on stderr ("line N, field F: why", or "record R (line
 * N), …" when a record spans lines); a csv_problem_fn (ctx unused). */
struct csv_problem;
void cli_report_problem(void *ctx, const struct csv_problem *p);
/* The status of an import whose reading returned rc with bad lines reported: says how many lines
 * were refused (nothing imported), or reports cli->err. GU_OK when rc is. */
int cli_import_refused(struct cli *cli, int rc, int bad);
/* The database's path from --db, GUICHET_DB or the default (caller frees); NULL, reported, when
 * there is none. */
char *cli_db_path(struct cli *cli);
/* A store_check problem printed on its own line, cleaned; ctx is a long counting them. */
void cli_print_problem(const char *problem, void *ctx);
/* Opens the database named by --db, GUICHET_DB or the default; the clock then reads the zone of
 * the database's first site (cli_use_site_zone with no site), and a GUICHET_NOW that zone skips
 * is refused (clock_check_fixed_exists). */
int open_store(struct cli *cli, struct store **st);
/* The same with the clock in zone when it is not NULL (site set --zone: the zone the site takes). */
int open_store_in_zone(struct cli *cli, struct store **st, const char *zone);
/* Makes the clock ("now", "today") read the zone of the site called site_name, or, for NULL or a
 * site not yet created, the zone a new site takes; GU_INVALID, cli->err set, when GUICHET_NOW is a
 * time that zone skips. Reports nothing: the caller does. */
int cli_use_site_zone(struct cli *cli, struct store *st, const char *site_name);
/* Cleans typed text into *dst (replacing any earlier value); an empty result becomes NULL. */
int take_text(struct cli *cli, const char *field, const char *value, size_t max, char **dst);
/* Checks a "YYYY-MM-DD" option. */
int parse_date_option(struct cli *cli, const char *field, const char *value);
/* A whole number from 1 to max. */
int parse_count(struct cli *cli, const char *field, const char *text, long max, long *out);
/* A whole number from 0 to max. */
int parse_count_or_zero(struct cli *cli, const char *field, const char *text, long max, long *out);
/* A listing being written: row callbacks receive it and write cells through out. */
struct cli_listing {
    struct cli *cli;
    struct store *st;
    struct output *out;
    enum output_format format;
};
/* Writes every row through l (store errors go to l->cli->err); returns a status. */
typedef int (*cli_rows_fn)(struct cli_listing *l, const void *query);
/* Prints a listing of cols (titles translated for tables) whose rows come from rows(query);
 * returns the exit status, having reported any failure. */
int cli_print_listing(struct cli *cli, struct store *st, enum output_format format,
                      const struct output_column *cols, size_t ncols, cli_rows_fn rows,
                      const void *query);
/* A listing of every row, with --format as its only option: parses argv, opens the store and
 * prints through cli_print_listing; returns the exit status. */
int cli_list_all(struct cli *cli, int argc, char **argv, const struct output_column *cols,
                 size_t ncols, cli_rows_fn rows);
/* A vocabulary cell: the label for people (tables), the code for files; NULL for VOCAB_NONE. */
const char *cli_vocab_cell(const struct cli_listing *l, enum vocab_kind kind, int index);
/* A cell listing the members of a set, as cli_vocab_cell. */
void cli_vocab_set_cell(const struct cli_listing *l, enum vocab_kind kind, vocab_set set);
/* A date and time: "14/03/2026 10 h 30" for people, "2026-03-14 10:30" for files. */
void cli_datetime_cell(const struct cli_listing *l, const struct gu_datetime *at);
/* A stored "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (NULL: an empty cell): the short French form in
 * tables, as stored in CSV and JSON. */
void cli_stored_date_cell(const struct cli_listing *l, const char *stored);
/* A person's phone: "06 12 34 56 78" in tables and CSV, read by people; the stored canonical form
 * ("+33612345678") in JSON, read by programs. */
void cli_phone_cell(const struct cli_listing *l, const char *phone);
/* Says whom to call now that registration p->registration_id has a seat (a store_promotion_fn):
 * on standard output when ctx is NULL, else appended to ctx, a struct strbuf. */
void cli_print_promotion(const struct promotion *p, void *ctx);

/* The workshop commands (cli_workshop.c). */
extern const struct command workshop_commands[];
extern const size_t workshop_command_count;

/* Routing (cli_route.c). */
int cmd_route(struct cli *cli, int argc, char **argv);
/* The partner directory (cli_partner.c). */
extern const struct command partner_commands[];
extern const size_t partner_command_count;
/* The partner's card, shared by route and partner (cli_partner_card.c). */
/* Prints text on standard output made safe for the terminal (text_for_display), with no newline;
 * text is the caller's, read only. */
void cli_put_text(const char *text);
/* Prints "key": value (value a JSON string, or null when NULL) on standard output, after ", "
 * unless *first, which it then clears. */
void cli_put_json_field(const char *key, const char *value, bool *first);
/* The partner's card as the desk reads it on standard output, each line started by ctx (the
 * indent, a const char *); a store_partner_fn, always GU_OK. */
int cli_print_partner_text(const struct partner *p, void *ctx);
/* The partner as one JSON object, with no newline, on standard output: its fields, and open_now,
 * status, hours_comment and hours_understood from its hours; a store_partner_fn (ctx unused),
 * always GU_OK. */
int cli_print_partner_json(const struct partner *p, void *ctx);
/* Reports and exports (cli_report.c). */
int cmd_report(struct cli *cli, int argc, char **argv);
extern const struct command export_commands[];
extern const size_t export_command_count;
/* The routing policy as CSV (cli_policy.c). */
extern const struct command policy_commands[];
extern const size_t policy_command_count;
/* Referrals to partners (cli_referral.c). */
extern const struct command referral_commands[];
extern const size_t referral_command_count;
/* Personal data: retention, purge and a person's rights (cli_privacy.c). */
int cmd_purge(struct cli *cli, int argc, char **argv);
int cmd_retention(struct cli *cli, int argc, char **argv);
extern const struct command person_commands[];
extern const size_t person_command_count;
/* One-to-one appointments (cli_appointment.c). */
extern const struct command appointment_commands[];
extern const size_t appointment_command_count;
/* Deleting and restoring a help session (cli_session.c). */
extern const struct command session_commands[];
extern const size_t session_command_count;
/* Sites: time zone and e-mail (cli_site.c). */
extern const struct command site_commands[];
extern const size_t site_command_count;
/* Backups and restore (cli_backup.c). */
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_copy_to(struct cli *cli, int argc, char **argv);

/* The commune of residence given on the command line (each part optional, NULL or "" when
 * not given) into *r, checked against the table of communes and completed (commune_resolve);
 * a refusal is reported (cli_fail_error). */
struct residence;
struct store;
int cli_take_residence(struct cli *cli, struct store *st, const char *postal_code,
                       const char *name, const char *insee, struct residence *r);
/* The table of communes (cli_commune.c). */
extern const struct command commune_commands[];
extern const size_t commune_command_count;

#endif
