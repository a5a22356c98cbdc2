/* Backups on the command line: guichet backup (one copy, or the daily rotation) and
 * guichet restore (a backup checked, then put in place of the database, which is kept aside). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_internal.h"
#include "i18n.h"
#include "text.h"

enum { OPT_DIR = 500, OPT_KEEP, OPT_DRY_RUN, OPT_FORCE, OPT_IF_DUE };

#define BACKUP_DIR_MAX_CHARS 1024

/* Prints fmt with one path, cleaned for the terminal. */
static void print_path(const char *fmt, const char *path)
{
    char *clean = text_for_display(path, strlen(path));
    printf(fmt, clean ? clean : "");
    free(clean);
}

/* An absolute form of dir, so that the remembered folder does not depend on where the next
 * backup is run from (caller frees). */
static char *absolute_dir(struct cli *cli, const char *dir)
{
    char cwd[PATH_MAX], *out = NULL;
    if (*dir == '/')
        out = strdup(dir);
    else if (getcwd(cwd, sizeof cwd) && (out = malloc(strlen(cwd) + strlen(dir) + 2)))
        sprintf(out, "%s/%s", cwd, dir);
    if (!out) {
        error_nomem(&cli->err);
        cli_fail_error(cli);
    }
    return out;
}

/* Changes the remembered plan when --dir or --keep say so, then writes today's copy (only when
 * there is none yet, if_due: what the desk runs when the first operator of the day comes). */
static int rotate(struct cli *cli, struct store *st, const char *dir, long keep, bool if_due)
{
    struct backup_plan plan = {NULL, BACKUP_KEEP_DEFAULT};
    /* A server's database has no folder until one is named: --dir names its first. */
    if (store_get_backup_plan(st, &plan, &cli->err) && !dir)
        return cli_fail_error(cli);
    int status = GU_OK;
    if (dir || keep) {
        if (dir) {
            free(plan.dir);
            if (!(plan.dir = absolute_dir(cli, dir)))
                status = GU_FAILURE;
        }
        if (keep)
            plan.keep = (int)keep;
        if (!status && store_set_backup_plan(st, &plan, &cli->err))
            status = cli_fail_error(cli);
    }
    char *written = NULL;
    int removed = 0;
    if (!status && (if_due ? store_backup_if_due(st, &written, &removed, &cli->err)
                           : store_backup_rotate(st, &written, &removed, &cli->err)))
        status = cli_fail_error(cli);
    char *todays = NULL;
    if (!status && !written && store_backup_todays_path(st, &todays, &cli->err))
        status = cli_fail_error(cli);
    struct stat sb;
    if (!status && !written && stat(todays, &sb) != 0) {
        print_path(_("Today's backup is being written by another process: %s\n"), todays);
    } else if (!status && !written) {
        print_path(_("Today's backup is already written: %s\n"), todays);
    } else if (!status) {
        print_path(_("Backup written to %s\n"), written);
        char *clean = text_for_display(plan.dir, strlen(plan.dir));
        printf(ngettext("Daily backups in %s: the newest %d is kept",
                        "Daily backups in %s: the newest %d are kept", (unsigned long)plan.keep),
               clean ? clean : "", plan.keep);
        free(clean);
        if (removed)
            printf(ngettext(" (%d older copy removed).\n", " (%d older copies removed).\n",
                            (unsigned long)removed),
                   removed);
        else
            printf(".\n");
    }
    free(written);
    free(todays);
    store_backup_plan_free(&plan);
    return status;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, OPT_DIR},
        {"keep", required_argument, NULL, OPT_KEEP},
        {"if-due", no_argument, NULL, OPT_IF_DUE},
        {NULL, 0, NULL, 0},
    };
    char *dir = NULL;
    long keep = 0;
    bool if_due = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        /* The folder is remembered and shown: it is cleaned like any typed text. */
        if (c == OPT_DIR && !(status = take_text(cli, "--dir", optarg, BACKUP_DIR_MAX_CHARS, &dir)) &&
            !dir)
            status = cli_usage_error(cli, "%s", _("--dir needs a folder name"));
        else if (c == OPT_KEEP)
            status = parse_count(cli, "--keep", optarg, BACKUP_KEEP_MAX, &keep);
        else if (c == OPT_IF_DUE)
            if_due = true;
    }
    const char *file = !status && optind < argc ? argv[optind] : NULL;
    if (!status && optind < argc - 1)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind + 1]);
    if (!status && file && (dir || keep || if_due))
        status = cli_usage_error(
            cli, "%s", _("--dir, --keep and --if-due are for the daily rotation, not for one FILE"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && file) {
        if (store_backup(st, file, &cli->err))
            status = cli_fail_error(cli);
        else
            print_path(_("Backup written to %s\n"), file);
    } else if (!status)
        status = rotate(cli, st, dir, keep, if_due);
    store_close(st);
    free(dir);
    return status;
}

static void print_backup_info(const char *file, const struct backup_info *info)
{
    print_path(_("%s is a sound guichet backup:\n"), file);
    char count[64], when[96];
    if (info->sessions) {
        struct gu_datetime last = {0};
        /* The last session's day as a document writes it; the stored text if it is not a date. */
        if (datetime_parse(info->last_session, &last) ||
            date_parse(info->last_session, &last.year, &last.month, &last.day))
            i18n_format_date_long(when, sizeof when, last.year, last.month, last.day);
        else
            snprintf(when, sizeof when, "%s", info->last_session);
        i18n_format_count(count, sizeof count, info->sessions);
        printf(ngettext("  %s help session, the last on %s\n", "  %s help sessions, the last on %s\n",
                        (unsigned long)info->sessions),
               count, when);
    } else
        printf("  %s\n", _("no help session"));
    i18n_format_count(count, sizeof count, info->workshops);
    printf(ngettext("  %s workshop\n", "  %s workshops\n", (unsigned long)info->workshops), count);
    i18n_format_count(count, sizeof count, info->participants);
    printf(ngettext("  %s person with their details\n", "  %s people with their details\n",
                    (unsigned long)info->participants),
           count);
}

/* One column of the backup holding text guichet would not accept, on standard error: its
 * names come from the file, so the line is cleaned. */
static void print_text_problem(const char *problem, void *ctx)
{
    (void)ctx;
    char *clean = text_for_display(problem, strlen(problem));
    fprintf(stderr, "  %s\n", clean ? clean : "");
    free(clean);
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"force", no_argument, NULL, OPT_FORCE},
        {NULL, 0, NULL, 0},
    };
    bool dry_run = false, force = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        dry_run = dry_run || c == OPT_DRY_RUN;
        force = force || c == OPT_FORCE;
    }
    /* Refused before the backup is even read, a dry run too. */
    if (!status && cli->db_path && store_refuse_restore_target(cli->db_path, &cli->err))
        return cli_fail_error(cli);
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected one backup file name"));
    if (status)
        return status;
    const char *file = argv[optind];
    struct backup_info info;
    if (dry_run) {
        if (store_inspect_backup(file, print_text_problem, NULL, &info, &cli->err))
            return cli_fail_error(cli);
        if (info.unclean_columns && !force) {
            error_set(&cli->err, GU_FAILURE,
                      ngettext("%s holds text that guichet does not accept, in %ld column (listed "
                               "above): restore refuses it unless given --force",
                               "%s holds text that guichet does not accept, in %ld columns (listed "
                               "above): restore refuses it unless given --force",
                               (unsigned long)info.unclean_columns),
                      file, info.unclean_columns);
            return cli_fail_error(cli);
        }
        print_backup_info(file, &info);
        return GU_OK;
    }
    char *db_path = cli_db_path(cli), *kept = NULL;
    if (!db_path)
        return GU_FAILURE;
    struct store *st = NULL;
    status = store_restore(db_path, file, force, print_text_problem, NULL, &info, &kept, &st,
                           &cli->err);
    if (status)
        cli_fail_error(cli);
    else
        print_backup_info(file, &info);
    if (!status && info.erasure_key_missing)
        printf("%s\n", _("Warning: the erasure key beside the database (DB-erasure-key) is missing: "
                         "the people erased since this backup were erased again by their number, "
                         "but their names and phones in its notes could not be recognised. Put "
                         "the key file back beside the database and restore again."));
    if (!status && info.unclean_columns)
        printf("%s\n", _("Its text that guichet does not accept was restored as it is (--force); "
                         "guichet shows it inert."));
    if (kept)
        print_path(status ? _("The damaged database was moved to %s\n")
                          : _("The database it replaced is kept in %s\n"),
                   kept);
    long problems = 0;
    bool sound = false;
    if (!status && store_check(st, cli_print_problem, &problems, &sound, NULL, &cli->err))
        status = cli_fail_error(cli);
    if (!status && sound)
        print_path(_("%s is restored and sound.\n"), db_path);
    else if (!status) {
        printf(ngettext("The restored database has %ld problem.\n",
                        "The restored database has %ld problems.\n", (unsigned long)problems),
               problems);
        status = GU_FAILURE;
    }
    store_close(st);
    free(kept);
    free(db_path);
    return status;
}

/* Prints each table as it is copied: a network's database takes a while. The heading comes
 * with the first, once the copy is under way (not before a refusal). */
static int print_table_copied(const char *table, long long rows, long long found, void *ctx,
                              struct gu_error *err)
{
    const char **shown = ctx;
    (void)err;
    if (*shown) {
        printf(_("Copying into %s:\n"), *shown);
        *shown = NULL;
    }
    char count[64], there[64];
    i18n_format_count(count, sizeof count, rows);
    if (!found)
        printf(ngettext("  %s: %s row\n", "  %s: %s rows\n", (unsigned long)rows), table, count);
    else {
        /* a library joining: its site, operators, partners and lines found there */
        i18n_format_count(there, sizeof there, found);
        printf(ngettext("  %s: %s row, %s found there already\n",
                        "  %s: %s rows, %s found there already\n", (unsigned long)rows),
               table, count, there);
    }
    fflush(stdout);
    return GU_OK;
}

/* What the counts do not say (an operator renamed, rows left as no site's). */
static void print_copy_note(const char *text, void *ctx)
{
    (void)ctx;
    printf("  (%s)\n", text);
    fflush(stdout);
}

int cmd_copy_to(struct cli *cli, int argc, char **argv)
{
    enum { OPT_SITE = 1, OPT_AS };
    static const struct option opts[] = {{"site", required_argument, NULL, OPT_SITE},
                                         {"as", required_argument, NULL, OPT_AS},
                                         {NULL, 0, NULL, 0}};
    int status = GU_OK, c;
    char *site = NULL, *as = NULL;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_SITE)
            status = cli_take_site(cli, optarg, &site);
        else if (c == OPT_AS && as)
            status = cli_usage_error(cli, "%s", _("--as is given twice"));
        else if (c == OPT_AS && (take_text(cli, "--as", optarg, NAME_MAX_CHARS, &as) || !as))
            status = as ? GU_INVALID
                        : cli_usage_error(cli, "%s", _("--as needs the name the site takes"));
    }
    const char *target = !status && optind < argc ? argv[optind] : NULL;
    if (!status && !target)
        status = cli_usage_error(cli, "%s", _("copy-to needs the database to copy into"));
    if (!status && optind < argc - 1)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind + 1]);
    if (!status && !*target)
        status = cli_usage_error(cli, "%s", _("copy-to needs the database to copy into"));
    /* Read only: a copy writes nothing into the database copied, and a mistyped one is not
     * created (an empty site would join a network). */
    struct store *st = NULL;
    char *path = status ? NULL : cli_db_path(cli);
    if (!status && !path)
        status = GU_FAILURE;
    if (!status && store_open_readonly(path, &st, &cli->err))
        status = cli_fail_error(cli);
    free(path);
    char *shown = status ? NULL : store_target_display(target);
    const char *heading = shown ? shown : "";
    const struct store_copy_progress progress = {print_table_copied, print_copy_note, &heading};
    if (!status && store_copy_to(st, target, site, as, &progress, &cli->err))
        status = cli_fail_error(cli);
    else if (!status)
        printf(_("Copy into %s written and checked: the database is sound.\n"),
               shown ? shown : "");
    free(shown);
    free(site);
    free(as);
    store_close(st);
    return status;
}
