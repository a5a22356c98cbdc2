/* Personal data on the command line (domain.md §6): guichet purge and retention, and
 * guichet person find|export|erase for a person's rights of access and erasure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "i18n.h"
#include "person.h"
#include "strbuf.h"
#include "text.h"

enum {
    OPT_DRY_RUN = 400, OPT_IF_DUE, OPT_PARTICIPANTS, OPT_CONTACTS, OPT_AUDIT, OPT_FORMAT, OPT_WAIT, OPT_REFERRAL
};

/* How long an erasure waits for other desks to finish reading, by default. */
#define ERASE_WAIT_DEFAULT_S 30

#define PERSON_FIND_MAX 50

/* "1 month", "12 months" ("1 mois", "12 mois"): a retention, in the purge's lines. */
static void format_months(char *buf, size_t size, int months)
{
    snprintf(buf, size, ngettext("%d month", "%d months", (unsigned long)months), months);
}

int cmd_purge(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"dry-run", no_argument, NULL, OPT_DRY_RUN},
                                         {"if-due", no_argument, NULL, OPT_IF_DUE},
                                         {NULL, 0, NULL, 0}};
    bool dry_run = false, if_due = false, ran = true;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        dry_run = dry_run || c == OPT_DRY_RUN;
        if_due = if_due || c == OPT_IF_DUE;
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && dry_run && if_due)
        status = cli_usage_error(cli, "%s", _("--dry-run and --if-due cannot go together"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct retention r;
    struct purge_counts n;
    if (!status && (store_get_retention(st, &r, &cli->err) ||
                    (if_due ? store_purge_if_due(st, 0, &ran, &n, &cli->err)
                            : store_purge(st, dry_run, 0, &n, &cli->err))))
        status = cli_fail_error(cli);
    if (!status && !ran)
        printf("%s\n", _("Today's purge has already run."));
    else if (!status) {
        char expired[32];
        i18n_format_count(expired, sizeof expired, n.expired);
        if (n.expired && dry_run)
            printf(ngettext("%s open referral past its follow-up would be closed first (\"sans "
                            "suite\", as of the day it became overdue)\n",
                            "%s open referrals past their follow-up would be closed first "
                            "(\"sans suite\", as of the day each became overdue)\n",
                            (unsigned long)n.expired),
                   expired);
        else if (n.expired)
            printf(ngettext("%s open referral past its follow-up was closed first (\"sans "
                            "suite\", as of the day it became overdue)\n",
                            "%s open referrals past their follow-up were closed first (\"sans "
                            "suite\", as of the day each became overdue)\n",
                            (unsigned long)n.expired),
                   expired);
        printf(dry_run ? _("Past retention, would be erased:\n") : _("Erased, past retention:\n"));
        char count[64], months[64];
        i18n_format_count(count, sizeof count, n.participants);
        format_months(months, sizeof months, r.participant_months);
        printf(ngettext("  %s participant's name and contact details (%s after their last "
                        "workshop or appointment)\n",
                        "  %s participants' names and contact details (%s after their last "
                        "workshop or appointment)\n",
                        (unsigned long)n.participants),
               count, months);
        i18n_format_count(count, sizeof count, n.contacts);
        format_months(months, sizeof months, r.contact_months);
        printf(ngettext("  %s referral contact (%s after the referral was closed)\n",
                        "  %s referral contacts (%s after the referral was closed)\n",
                        (unsigned long)n.contacts),
               count, months);
        i18n_format_count(count, sizeof count, n.audit);
        format_months(months, sizeof months, r.audit_months);
        printf(ngettext("  %s audit entry (older than %s)\n", "  %s audit entries (older than %s)\n",
                        (unsigned long)n.audit),
               count, months);
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
        printf(_("Participants' names and contact details: %d months after their last workshop or appointment\n"),
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
    {"referral", N_("Referral"), OUTPUT_NUMBER, 8},
};

static int list_person(const struct participant_row *p, void *ctx)
{
    struct cli_listing *l = ctx;
    output_number(l->out, p->id);
    output_text(l->out, p->name);
    cli_phone_cell(l, p->phone);
    output_text(l->out, p->email);
    output_text(l->out, NULL);
    output_row_end(l->out);
    return GU_OK;
}

/* A person known only as a referral's contact: no number of their own, the referral's. */
static int list_contact(const struct participant_row *p, void *ctx)
{
    struct cli_listing *l = ctx;
    output_text(l->out, NULL);
    output_text(l->out, p->name);
    cli_phone_cell(l, p->phone);
    output_text(l->out, NULL);
    output_number(l->out, p->id);
    output_row_end(l->out);
    return GU_OK;
}

static int person_rows(struct cli_listing *l, const void *text)
{
    int status = store_find_participants(l->st, text, PERSON_FIND_MAX, list_person, l, &l->cli->err);
    if (!status)
        status = store_find_contacts(l->st, text, PERSON_FIND_MAX, list_contact, l, &l->cli->err);
    return status;
}

static int person_find(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         CLI_SCOPE_SITE_OPTION, {NULL, 0, NULL, 0}};
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    cli->takes_site = true; /* the people a site's desk finds */
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    if (!status && optind >= argc)
        status = cli_usage_error(cli, "%s", _("expected the words of a name"));
    /* The words as one argument ("zoe martin") or several (zoe martin). */
    struct strbuf words = STRBUF_INIT;
    for (int i = optind; !status && i < argc; i++) {
        strbuf_puts(&words, i > optind ? " " : "");
        strbuf_puts(&words, argv[i]);
    }
    char *text = NULL;
    if (!status && strbuf_failed(&words))
        status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    if (!status)
        status = take_text(cli, _("name"), strbuf_str(&words), 200, &text);
    strbuf_release(&words);
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

/* The person's data being written: JSON (one array of objects per section), text, or CSV (one
 * line per value: section, record, field, value, so that sections of different columns share
 * one table). */
enum person_format { PERSON_JSON, PERSON_TEXT, PERSON_CSV };
struct person_writer {
    enum person_format format;
    const char *section; /* the section being written, NULL before the first */
    long record;         /* its records so far */
};

static int write_fields(struct person_writer *w, const char *section, int n,
                        const char *const *names, const char *const *values);

/* Phones the French way for people to read (text, CSV); JSON keeps the stored canonical form. */
static int write_record(const char *section, int n, const char *const *names,
                        const char *const *values, void *ctx)
{
    struct person_writer *w = ctx;
    char *shown[16] = {NULL};
    const char *out[16];
    n = n > 16 ? 16 : n;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        bool phone = len >= 5 && !strcmp(names[i] + len - 5, "phone");
        shown[i] = w->format != PERSON_JSON && phone && values[i]
                       ? person_phone_for_display(values[i])
                       : NULL;
        out[i] = shown[i] ? shown[i] : values[i];
    }
    int status = write_fields(w, section, n, names, out);
    for (int i = 0; i < n; i++)
        free(shown[i]);
    return status;
}

static int write_fields(struct person_writer *w, const char *section, int n,
                        const char *const *names, const char *const *values)
{
    bool first_of_section = !w->section || strcmp(w->section, section) != 0;
    w->record = first_of_section ? 1 : w->record + 1;
    if (w->format == PERSON_CSV) {
        if (!w->section)
            fputs("section,record,field,value\r\n", stdout);
        char number[24];
        snprintf(number, sizeof number, "%ld", w->record);
        for (int i = 0; i < n; i++)
            if (values[i]) {
                output_csv_field(stdout, section, false);
                putchar(',');
                output_csv_field(stdout, number, false);
                putchar(',');
                output_csv_field(stdout, names[i], false);
                putchar(',');
                output_csv_field(stdout, values[i], true);
                fputs("\r\n", stdout);
            }
    } else if (w->format == PERSON_JSON) {
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
                                                {"sessions", N_("Help sessions mentioning them")},
                                                {"appointments", N_("Appointments")},
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
        return cli_usage_error(cli, "%s",
                               _("expected one person number, or a referral number with "
                                 "--referral (see guichet person find)"));
    return parse_count(cli, _("person"), argv[optind], 999999999, id);
}

static int person_export(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         {"referral", no_argument, NULL, OPT_REFERRAL},
                                         {NULL, 0, NULL, 0}};
    struct person_writer w = {.format = PERSON_JSON};
    bool referral = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        referral = referral || c == OPT_REFERRAL;
        static const char *const formats[] = {[PERSON_JSON] = "json", [PERSON_TEXT] = "text",
                                              [PERSON_CSV] = "csv"};
        bool known = false;
        for (size_t i = 0; c == OPT_FORMAT && i < ARRAY_LEN(formats); i++)
            if (!strcmp(optarg, formats[i])) {
                w.format = (enum person_format)i;
                known = true;
            }
        if (c == OPT_FORMAT && !known)
            status = cli_usage_error(
                cli, _("--format: unknown format \"%s\" (valid: json, text, csv)"), optarg);
    }
    long id = 0;
    if (!status)
        status = parse_person_id(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    bool found = false;
    if (!status && (referral ? store_export_contact(st, id, 0, write_record, &w, &found, &cli->err)
                             : store_export_person(st, id, 0, write_record, &w, &found, &cli->err)))
        status = cli_fail_error(cli);
    if (!status && !found) {
        char msg[96];
        snprintf(msg, sizeof msg,
                 referral ? _("referral %ld does not exist") : _("person %ld does not exist"), id);
        status = cli_fail(cli, 2, msg);
    }
    if (!status && w.format == PERSON_JSON)
        fputs("]\n}\n", stdout);
    store_close(st);
    return status;
}

/* The progress line while an erasure waits for other desks to stop reading, or for a backup
 * being written to end; said once per reason when stderr is not a terminal. */
static void erase_waiting(enum store_wait_reason why, int waited_ms, int limit_ms, void *ctx)
{
    unsigned *shown = ctx, bit = 1u << why;
    bool backup = why == STORE_WAIT_BACKUP;
    if (isatty(STDERR_FILENO)) {
        fputc('\r', stderr); /* the same line, redrawn */
        fprintf(stderr,
                backup ? _("Waiting for the backup being written to end: %d s of at most %d s…")
                       : _("Waiting for another desk to finish reading: %d s of at most %d s…"),
                waited_ms / 1000, limit_ms / 1000);
    } else if (!(*shown & bit))
        fprintf(stderr,
                backup ? _("Waiting for the backup being written to end (at most %d s)…\n")
                       : _("Waiting for another desk to finish reading (at most %d s)…\n"),
                limit_ms / 1000);
    fflush(stderr);
    *shown |= bit;
}

static int person_erase(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"wait", required_argument, NULL, OPT_WAIT},
                                         {"referral", no_argument, NULL, OPT_REFERRAL},
                                         {NULL, 0, NULL, 0}};
    long wait_s = ERASE_WAIT_DEFAULT_S;
    bool referral = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        referral = referral || c == OPT_REFERRAL;
        if (c == OPT_WAIT)
            status = parse_count_or_zero(cli, "--wait", optarg, 3600, &wait_s);
    }
    long id = 0;
    if (!status)
        status = parse_person_id(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct erasure_outcome o = {0};
    unsigned shown = 0; /* one bit per reason of waiting said */
    if (!status &&
        (referral ? store_erase_contact(st, id, 0, (int)wait_s * 1000, erase_waiting, &shown, &o,
                                        &cli->err)
                  : store_erase_person(st, id, 0, (int)wait_s * 1000, erase_waiting, &shown, &o,
                                       &cli->err)))
        status = cli_fail_error(cli);
    if (shown && isatty(STDERR_FILENO))
        fputc('\n', stderr);
    struct backup_plan plan = {NULL, 0};
    /* The folder, to name where the copies were cleaned (a server's database may have none). */
    if (!status && o.copies && store_get_backup_plan(st, &plan, &cli->err))
        status = cli_fail_error(cli);
    char *dir = plan.dir ? text_for_display(plan.dir, strlen(plan.dir)) : NULL;
    bool on_server = st && store_is_server(st);
    if (!status) {
        bool complete = !o.files_pending && !o.failed_count;
        if (!complete && referral)
            printf(_("The contact of referral %ld is not completely erased yet: the records below "
                     "are, but a copy remains (see the message at the end).\n"),
                   id);
        else if (!complete)
            printf(_("Person %ld is not completely erased yet: the records below are, but a copy "
                     "remains (see the message at the end).\n"),
                   id);
        else if (o.already)
            printf(_("Person %ld had been erased before; what was left of them is erased now.\n"), id);
        else if (referral)
            printf(_("The contact of referral %ld erased, everywhere guichet keeps them.\n"), id);
        else
            printf(ngettext("Person %ld erased: %lld record of theirs (name, phone, e-mail).\n",
                            "Person %ld erased: %lld records of theirs (name, phone, e-mail).\n",
                            (unsigned long)o.people),
                   id, o.people);
        if ((!complete || o.already || referral) && o.people)
            printf(ngettext("  %lld record of theirs (name, phone, e-mail).\n",
                            "  %lld records of theirs (name, phone, e-mail).\n",
                            (unsigned long)o.people),
                   o.people);
        if (o.referrals)
            printf(ngettext("  The contact of %lld referral.\n", "  The contact of %lld referrals.\n",
                            (unsigned long)o.referrals),
                   o.referrals);
        if (o.texts)
            printf(ngettext("  Their name, phone or e-mail in %lld note or procedure, replaced by "
                            "\"%s\"; the rest is kept, anonymous.\n",
                            "  Their name, phone or e-mail in %lld notes or procedures, replaced by "
                            "\"%s\"; the rest is kept, anonymous.\n",
                            (unsigned long)o.texts),
                   o.texts, ERASURE_REPLACEMENT);
        printf("%s\n", _("  Their workshop registrations are kept, anonymous, for the counts."));
        if (o.released)
            printf(ngettext("  %lld seat or waitlist place of theirs in a planned workshop was "
                            "cancelled.\n",
                            "  %lld seats or waitlist places of theirs in planned workshops were "
                            "cancelled.\n",
                            (unsigned long)o.released),
                   o.released);
        if (o.appointments)
            printf(ngettext("  %lld planned appointment of theirs was cancelled.\n",
                            "  %lld planned appointments of theirs were cancelled.\n",
                            (unsigned long)o.appointments),
                   o.appointments);
        for (size_t i = 0; i < o.promotion_count; i++)
            cli_print_promotion(&o.promotions[i], NULL);
        if (o.phone_shared)
            printf("%s\n", _("  Their phone is also another person's (a family's phone): it stays "
                              "where it is that person's, and only their name was looked for in "
                              "notes."));
        if (o.copies)
            printf(ngettext("  Also erased from %d copy guichet keeps (the daily backups in %s, "
                            "the copies kept by restores).\n",
                            "  Also erased from %d copies guichet keeps (the daily backups in %s, "
                            "the copies kept by restores).\n",
                            (unsigned long)o.copies),
                   o.copies, dir ? dir : "");
        if (o.desk_files)
            printf(ngettext("  %d file the desk wrote (a printout naming them, an export of their "
                            "data) was removed.\n",
                            "  %d files the desk wrote (printouts naming them, exports of their "
                            "data) were removed.\n",
                            (unsigned long)o.desk_files),
                   o.desk_files);
        if (o.parts)
            printf(ngettext("  %d partial copy left by an interrupted backup was removed.\n",
                            "  %d partial copies left by interrupted backups were removed.\n",
                            (unsigned long)o.parts),
                   o.parts);
        if (on_server)
            printf("%s\n", _("  On a PostgreSQL server, the former versions of the rows leave "
                             "its pages once no desk still reads an older state (VACUUM, asked "
                             "now, else the server's autovacuum); its own backups (base "
                             "backups, WAL archives) and the copies guichet backup wrote before "
                             "keep them until their rotation removes them: the server's "
                             "operators know where they are."));
        else
            printf("%s\n", _("  A backup restored later will not bring them back. Copies made "
                             "elsewhere (guichet backup FILE, copies of the folder) are not known "
                             "to guichet."));
        if (o.key_was_missing && on_server)
            fprintf(stderr, "%s\n",
                    _("guichet person: warning: the database had an erasure register but no "
                      "key (a copy from another database does not bring it), and a new one was "
                      "made. People erased before are still found by their number, but no "
                      "longer by their names and phones in notes."));
        else if (o.key_was_missing)
            fprintf(stderr, "%s\n",
                    _("guichet person: warning: the erasure key beside the database "
                      "(DB-erasure-key) was missing, and a new one was made. People erased "
                      "before are still found by their number in a restored backup, but no "
                      "longer by their names and phones in its notes: put the old key file back "
                      "if you have it."));
        for (size_t i = 0; i < o.failed_count; i++) {
            char *line = text_for_display(o.failed[i], strlen(o.failed[i]));
            fprintf(stderr, _("guichet person: this copy still holds them, it could not be "
                              "changed: %s\n"),
                    line ? line : "");
            free(line);
        }
        if (o.files_pending)
            fprintf(stderr,
                    _("guichet person: not finished: another desk is still reading, so the "
                      "database's files keep a copy of person %ld until it stops. guichet finishes "
                      "by itself at the next start of a desk or command, or run this command "
                      "again.\n"),
                    id);
        if (!complete)
            status = CLI_EXIT_PENDING;
    }
    free(dir);
    store_backup_plan_free(&plan);
    erasure_outcome_clear(&o);
    store_close(st);
    return status;
}

/* person merge KEEP OTHER: two records of one person made one. */
static int person_merge(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    long ids[2] = {0, 0}; /* KEEP, OTHER */
    if (!status && optind != argc - 2)
        status = cli_usage_error(cli, "%s",
                                 _("expected two person numbers: the record to keep, then the "
                                   "one to merge into it (see guichet person find)"));
    for (int i = 0; !status && i < 2; i++)
        status = parse_count(cli, _("person"), argv[optind + i], 999999999, &ids[i]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct merge_outcome m;
    struct strbuf calls = STRBUF_INIT; /* whom to call, said after what was done */
    if (!status && store_merge_people(st, ids[0], ids[1], 0, cli_print_promotion, &calls, &m,
                                      &cli->err))
        status = cli_fail_error(cli);
    if (!status) {
        printf(_("Person %ld merged into person %ld.\n"), ids[1], ids[0]);
        printf(ngettext("%lld registration moved.\n", "%lld registrations moved.\n",
                        (unsigned long)m.moved),
               m.moved);
        if (m.appointments)
            printf(ngettext("%lld appointment moved.\n", "%lld appointments moved.\n",
                            (unsigned long)m.appointments),
                   m.appointments);
        if (m.dropped)
            printf(ngettext("%lld registration removed: both records were registered for the "
                            "same workshop, and the one that says more was kept.\n",
                            "%lld registrations removed: both records were registered for the "
                            "same workshop, and the one that says more was kept each time.\n",
                            (unsigned long)m.dropped),
                   m.dropped);
        if (m.took_phone)
            printf(_("Person %ld now has the phone number person %ld had.\n"), ids[0], ids[1]);
        if (m.took_email)
            printf(_("Person %ld now has the e-mail address person %ld had.\n"), ids[0], ids[1]);
        fputs(strbuf_str(&calls), stdout);
    }
    strbuf_release(&calls);
    store_close(st);
    return status;
}

const struct command person_commands[] = {
    {"find", person_find, N_("person find WORDS [--site S] [--format table|csv|json|xlsx]"),
     N_("people registered for workshops whose name has these words (accents and case ignored); "
        "--site: those a site's desk finds")},
    {"export", person_export, N_("person export ID [--referral] [--format json|text|csv]"),
     N_("everything held about one person: records, registrations, referrals, the sessions whose "
        "note mentions them, audit entries")},
    {"erase", person_erase, N_("person erase ID [--referral] [--wait SECONDS]"),
     N_("erase a person everywhere guichet keeps them, copies included; anonymous counts are "
        "kept")},
    {"merge", person_merge, N_("person merge KEEP OTHER"),
     N_("make one record of two of the same person: OTHER's registrations, appointments and "
        "missing contact details go to KEEP")},
};
const size_t person_command_count = ARRAY_LEN(person_commands);
