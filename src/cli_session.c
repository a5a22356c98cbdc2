/* "guichet session delete|restore": a help session taken out of the counts, and brought back
 * exactly, under its own number (the desk's history does the same with d and u). */
#include <stdio.h>

#include "cli_internal.h"
#include "i18n.h"
#include "store.h"

/* The one session number of "session VERB ID": *id receives it. */
static int session_id_argument(struct cli *cli, int argc, char **argv, long *id)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected one session number"));
    if (!status)
        status = parse_count(cli, _("session"), argv[optind], 999999999999L, id);
    return status;
}

static int session_delete(struct cli *cli, int argc, char **argv)
{
    long id = 0;
    int status = session_id_argument(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_delete_session(st, id, 0, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf(_("Session %ld deleted; 'guichet session restore %ld' brings it back.\n"), id, id);
    store_close(st);
    return status;
}

static int session_restore(struct cli *cli, int argc, char **argv)
{
    long id = 0;
    int status = session_id_argument(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_restore_session(st, id, 0, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf(_("Session %ld restored.\n"), id);
    store_close(st);
    return status;
}

const struct command session_commands[] = {
    {"delete", session_delete, N_("session delete ID"),
     N_("delete a help session: it leaves the lists and the report, and can be restored")},
    {"restore", session_restore, N_("session restore ID"),
     N_("bring a deleted session back, exactly as it was, under its number")},
};
const size_t session_command_count = ARRAY_LEN(session_commands);
