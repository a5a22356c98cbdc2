/* The table of communes of residence on the command line: look one up, or give the site its own
 * list (an intercommunality's communes, a list more recent than the one shipped). */
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commune.h"
#include "i18n.h"
#include "output.h"
#include "store.h"

enum { OPT_FORMAT = 256 };

#define FIND_MAX 50

static const struct output_column commune_columns[] = {
    {"postal_code", N_("Postal code"), OUTPUT_TEXT, 11},
    {"insee", N_("INSEE code"), OUTPUT_TEXT, 10},
    {"commune", N_("Commune"), OUTPUT_TEXT, 40},
};

static int commune_rows(struct cli_listing *l, const void *query)
{
    struct commune_table *t = NULL;
    if (commune_table_of_site(l->st, &t, &l->cli->err))
        return l->cli->err.status;
    const struct commune *found[FIND_MAX];
    size_t n = commune_search(t, query, found, FIND_MAX);
    for (size_t i = 0; i < n; i++) {
        output_text(l->out, found[i]->postal_code);
        output_text(l->out, found[i]->insee);
        output_text(l->out, found[i]->name);
        output_row_end(l->out);
    }
    commune_table_free(t);
    return GU_OK;
}

static int commune_find(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected a postal code or the start of a name"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_print_listing(cli, st, format, commune_columns, ARRAY_LEN(commune_columns),
                                   commune_rows, argv[optind]);
    store_close(st);
    return status;
}

static int commune_import(struct cli *cli, int argc, char **argv)
{
    bool dry_run;
    char *text = NULL;
    size_t len;
    int status = cli_import_args(cli, argc, argv, &dry_run, &text, &len);
    struct commune_table *t = NULL;
    if (!status && strlen(text) != len) {
        error_set(&cli->err, GU_INVALID, _("%s holds a NUL byte: not a list of communes"),
                  argv[optind]);
        status = cli_fail_error(cli);
    }
    if (!status && commune_table_load(text, argv[optind], &t, &cli->err))
        status = cli_fail_error(cli);
    if (!status && !commune_table_count(t)) {
        error_set(&cli->err, GU_INVALID, _("%s lists no commune"), argv[optind]);
        status = cli_fail_error(cli);
    }
    struct store *st = NULL;
    if (!status && !dry_run)
        status = open_store(cli, &st);
    if (!status && !dry_run && store_set_setting(st, COMMUNE_SETTING, text, &cli->err))
        status = cli_fail_error(cli);
    if (!status) {
        size_t n = commune_table_count(t);
        char count[32]; /* the national list has 35,000 lines: grouped as the language does */
        i18n_format_count(count, sizeof count, (long long)n);
        printf(dry_run ? ngettext("%s line of communes is valid; nothing was imported (--dry-run).\n",
                                  "%s lines of communes are valid; nothing was imported (--dry-run).\n",
                                  (unsigned long)n)
                       : ngettext("%s line of communes imported: the site's own list is used now.\n",
                                  "%s lines of communes imported: the site's own list is used now.\n",
                                  (unsigned long)n),
               count);
    }
    store_close(st);
    commune_table_free(t);
    free(text);
    return status;
}

static int commune_reset(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_set_setting(st, COMMUNE_SETTING, "", &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf("%s\n", _("The table of communes shipped with guichet is used now."));
    store_close(st);
    return status;
}

const struct command commune_commands[] = {
    {"find", commune_find, N_("commune find POSTAL-CODE|NAME [--format table|csv|json]"),
     N_("the communes with this postal code, or whose name starts so (accents and case "
        "ignored)")},
    {"import", commune_import, N_("commune import FILE [--dry-run]"),
     N_("use the site's own list of communes (postal code, INSEE code, name, tab-separated) "
        "instead of the one shipped")},
    {"reset", commune_reset, N_("commune reset"),
     N_("go back to the table of communes shipped with guichet")},
};
const size_t commune_command_count = ARRAY_LEN(commune_commands);
