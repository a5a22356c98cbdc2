/* Personal data on the command line (domain.md §6): guichet purge and retention, and
 * guichet person find|export|erase for a person's rights of access and erasure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "i18n.h"
#include "text.h"

enum { OPT_DRY_RUN = 400, OPT_PARTICIPANTS, OPT_CONTACTS, OPT_AUDIT, OPT_FORMAT };

#define PERSON_FIND_MAX 50

int cmd_purge(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"dry-run", no_argument, NULL, OPT_DRY_RUN},
                                         {NULL, 0, NULL, 0}};
    bool dry_run = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        dry_run = dry_run || c == OPT_DRY_RUN;
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct retention r;
    struct purge_counts n;
    if (!status && (store_get_retention(st, &r, &cli->err) ||
                    store_purge(st, dry_run, 0, &n, &cli->err)))
        status = cli_fail_error(cli);
    if (!status) {
        printf(dry_run ? _("Past retention, would be erased:\n") : _("Erased, past retention:\n"));
        printf(_("  %lld participants' names and contact details (%d months after their last workshop)\n"),
               n.participants, r.participant_months);
        printf(_("  %lld referral contacts (%d months after the referral was closed)\n"), n.contacts,
               r.contact_months);
        printf(_("  %lld audit entries (older than %d months)\n"), n.audit, r.audit_months);
    }
    store_close(st);
    return status;
}

int cmd_retention(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"participants", required_argument, NULL, OPT_PARTICIPANTS},
        {"contacts", required_argument, NULL, OPT_CONTACTS},
        {"audit", required_argument, NULL, OPT_AUDIT},
        {NULL, 0, NULL, 0},
    };
    long months[3] = {0, 0, 0};
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        int i = c - OPT_PARTICIPANTS;
        static const char *const names[] = {"--participants", "--contacts", "--audit"};
        if (i >= 0 && i < 3)
            status = parse_count(cli, names[i], optarg, RETENTION_MONTHS_MAX, &months[i]);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct retention r;
    if (!status && store_get_retention(st, &r, &cli->err))
        status = cli_fail_error(cli);
    if (!status && (months[0] || months[1] || months[2])) {
        r.participant_months = months[0] ? (int)months[0] : r.participant_months;
        r.contact_months = months[1] ? (int)months[1] : r.contact_months;
        r.audit_months = months[2] ? (int)months[2] : r.audit_months;
        if (store_set_retention(st, &r, &cli->err))
            status = cli_fail_error(cli);
    }
    if (!status) {
        printf(_("Participants' names and contact details: %d months after their last workshop\n"),
               r.participant_months);
        printf(_("Referral contacts: %d months after the referral is closed\n"), r.contact_months);
        printf(_("Audit entries: %d months\n"), r.audit_months);
    }
    store_close(st);
    return status;
}

/* ---- person find|export|erase -------------------------------------------------------------- */

static const struct output_column person_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 6},
    {"name", N_("Name"), OUTPUT_TEXT, 30},
    {"phone", N_("Phone"), OUTPUT_TEXT, 16},
    {"email", N_("E-mail"), OUTPUT_TEXT, 0},
};

static int list_person(const struct participant_row *p, void *ctx)
{
    struct cli_listing *l = ctx;
    output_number(l->out, p->id);
    output_text(l->out, p->name);
    output_text(l->out, p->phone);
    output_text(l->out, p->email);
    output_row_end(l->out);
    return GU_OK;
}

static int person_rows(struct cli_listing *l, const void *text)
{
    return store_find_participants(l->st, text, PERSON_FIND_MAX, list_person, l, &l->cli->err);
}

static int person_find(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         {NULL, 0, NULL, 0}};
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected the words of a name"));
    char *text = NULL;
    if (!status)
        status = take_text(cli, _("name"), argv[optind], 200, &text);
    if (!status && !text)
        status = cli_usage_error(cli, "%s", _("expected the words of a name"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_print_listing(cli, st, format, person_columns, ARRAY_LEN(person_columns),
                                   person_rows, text);
    store_close(st);
    free(text);
    return status;
}

/* The person's data being written, as JSON (one array of objects per section) or as text. */
struct person_writer {
    bool json;
    const char *section; /* the section being written, NULL before the first */
};

static int write_record(const char *section, int n, const char *const *names,
                        const char *const *values, void *ctx)
{
    struct person_writer *w = ctx;
    bool first_of_section = !w->section || strcmp(w->section, section) != 0;
    if (w->json) {
        if (first_of_section) {
            fputs(w->section ? "],\n  " : "{\n  ", stdout);
            output_json_string(stdout, section);
            fputs(": [", stdout);
        } else
            fputs(",", stdout);
        fputs("\n    {", stdout);
        for (int i = 0; i < n; i++) {
            fputs(i ? ", " : "", stdout);
            output_json_string(stdout, names[i]);
            fputs(": ", stdout);
            if (values[i])
                output_json_string(stdout, values[i]);
            else
                fputs("null", stdout);
        }
        fputs("}", stdout);
    } else {
        static const char *const titles[][2] = {{"person", N_("Person")},
                                                {"registrations", N_("Workshop registrations")},
                                                {"referrals", N_("Referrals")},
                                                {"audit", N_("Audit log")}};
        const char *title = section;
        for (size_t i = 0; i < ARRAY_LEN(titles); i++)
            if (!strcmp(titles[i][0], section))
                title = _(titles[i][1]);
        if (first_of_section)
            printf("%s%s\n", w->section ? "\n" : "", title);
        for (int i = 0; i < n; i++)
            if (values[i]) {
                char *clean = text_for_display(values[i], strlen(values[i]));
                printf("  %s: %s\n", names[i], clean ? clean : "");
                free(clean);
            }
        if (strcmp(section, "person") != 0)
            putchar('\n');
    }
    w->section = section;
    return GU_OK;
}

static int parse_person_id(struct cli *cli, int argc, char **argv, long *id)
{
    if (optind != argc - 1)
        return cli_usage_error(cli, "%s", _("expected one person number (see guichet person find)"));
    return parse_count(cli, _("person"), argv[optind], 999999999, id);
}

static int person_export(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         {NULL, 0, NULL, 0}};
    struct person_writer w = {.json = true};
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_FORMAT && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
            w.json = !strcmp(optarg, "json");
        else if (c == OPT_FORMAT)
            status = cli_usage_error(cli, _("--format: unknown format \"%s\" (valid: json, text)"),
                                     optarg);
    }
    long id = 0;
    if (!status)
        status = parse_person_id(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    bool found = false;
    if (!status && store_export_person(st, id, 0, write_record, &w, &found, &cli->err))
        status = cli_fail_error(cli);
    if (!status && !found) {
        char msg[96];
        snprintf(msg, sizeof msg, _("person %ld does not exist"), id);
        status = cli_fail(cli, 2, msg);
    }
    if (!status && w.json)
        fputs("]\n}\n", stdout);
    store_close(st);
    return status;
}

static int person_erase(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    long id = 0;
    if (!status)
        status = parse_person_id(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    long long referrals = 0;
    if (!status && (status = store_erase_person(st, id, 0, &referrals, &cli->err)))
        status = cli_fail_error(cli);
    if (!status)
        printf(ngettext("Person %ld erased: name and contact details, and the contact of %lld "
                        "referral. Their registrations are kept, anonymous.\n",
                        "Person %ld erased: name and contact details, and the contact of %lld "
                        "referrals. Their registrations are kept, anonymous.\n",
                        (unsigned long)referrals),
               id, referrals);
    struct backup_plan plan;
    if (!status && !store_get_backup_plan(st, &plan, &cli->err)) {
        /* What the person should be told: copies made before remain for a while. */
        char *dir = text_for_display(plan.dir, strlen(plan.dir));
        printf(ngettext("Any daily backup in %s made before now keeps them until it rotates out, "
                        "within %d day.\n",
                        "Any daily backup in %s made before now keeps them until it rotates out, "
                        "within %d days.\n",
                        (unsigned long)plan.keep),
               dir ? dir : "", plan.keep);
        free(dir);
        store_backup_plan_free(&plan);
    }
    store_close(st);
    return status;
}

const struct command person_commands[] = {
    {"find", person_find, N_("person find WORDS [--format table|csv|json]"),
     N_("people registered for workshops whose name has these words (accents and case ignored)")},
    {"export", person_export, N_("person export ID [--format json|text]"),
     N_("everything held about one person: identity, registrations, referrals, audit entries")},
    {"erase", person_erase, N_("person erase ID"),
     N_("erase a person's name and contact details everywhere; anonymous counts are kept")},
};
const size_t person_command_count = ARRAY_LEN(person_commands);
