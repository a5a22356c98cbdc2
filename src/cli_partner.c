/* guichet partner …: the partner directory, and its import and export in the national place
 * standard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "csv.h"
#include "hours.h"
#include "i18n.h"
#include "mednum.h"
#include "strbuf.h"
#include "text.h"

enum partner_option { OPT_FORMAT = 300, OPT_PIVOT, OPT_FIELD_BASE = 400 };

/* The command-line option of each partner field. */
static const char *const partner_options[PARTNER_FIELD_COUNT] = {
    [PARTNER_NAME] = "--name",         [PARTNER_TYPOLOGY] = "--typology",
    [PARTNER_CATEGORY] = "--category", [PARTNER_ADDRESS] = "--address",
    [PARTNER_ADDRESS_EXTRA] = "--address-extra", [PARTNER_POSTAL_CODE] = "--postal-code",
    [PARTNER_COMMUNE] = "--commune",   [PARTNER_PHONE] = "--phone",
    [PARTNER_EMAILS] = "--email",      [PARTNER_WEBSITE] = "--website",
    [PARTNER_HOURS] = "--hours",       [PARTNER_ACCESS] = "--access",
    [PARTNER_HANDLES] = "--handles",   [PARTNER_NOTES] = "--notes",
};

/* Prints a message on stderr, one line, made safe for the terminal. */
static void put_err(const char *text)
{
    char *clean = text_for_display(text, strlen(text));
    fputs(clean ? clean : "", stderr);
    fputc('\n', stderr);
    free(clean);
}

/* ---- partner ------------------------------------------------------------------------------- */

static int copy_partner(const struct partner *p, void *ctx)
{
    return partner_copy_set(ctx, p);
}

/* --hours as typed (French or OpenStreetMap) into what is stored, *text replaced. Hours stored
 * already are not checked again: a place imported with hours guichet does not understand stays
 * editable. */
static int take_hours(struct cli *cli, char **text)
{
    char *osm = NULL;
    struct gu_error why;
    if (hours_from_french(*text, &osm, &why)) {
        /* TRANSLATORS: a field or option, then what is wrong with it. */
        error_set(&cli->err, GU_INVALID, _("%s: %s"), "--hours", why.message);
        return cli_fail_error(cli);
    }
    free(*text);
    *text = osm;
    return GU_OK;
}

/* Reads the field options into c, marking in seen those given (seen[PARTNER_FIELD_COUNT]: the
 * pivot, --siret or its other name --pivot, as an RNA number is one too). */
static int parse_partner_fields(struct cli *cli, int argc, char **argv, struct partner_copy *c,
                                bool *seen)
{
    struct option opts[PARTNER_FIELD_COUNT + 4];
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        opts[i] = (struct option){partner_options[i] + 2, required_argument, NULL, OPT_FIELD_BASE + i};
    opts[PARTNER_FIELD_COUNT] = (struct option){"siret", required_argument, NULL, OPT_PIVOT};
    opts[PARTNER_FIELD_COUNT + 1] = (struct option){"pivot", required_argument, NULL, OPT_PIVOT};
    opts[PARTNER_FIELD_COUNT + 2] = (struct option)CLI_SCOPE_SITE_OPTION; /* partner add's */
    opts[PARTNER_FIELD_COUNT + 3] = (struct option){NULL, 0, NULL, 0};
    int status = GU_OK, opt;
    while (!status && (opt = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (opt == OPT_PIVOT) {
            seen[PARTNER_FIELD_COUNT] = true;
            char *clean = NULL;
            status = take_text(cli, "--siret", optarg, PARTNER_TEXT_MAX, &clean);
            if (!status && partner_copy_pivot(c, clean))
                status = cli_fail(cli, GU_FAILURE, _("out of memory"));
            free(clean);
            continue;
        }
        int i = opt - OPT_FIELD_BASE;
        seen[i] = true;
        free(c->owned[i]);
        c->owned[i] = NULL;
        status = take_text(cli, partner_options[i], optarg, PARTNER_TEXT_MAX, &c->owned[i]);
        if (!status && i == PARTNER_HOURS && c->owned[i])
            status = take_hours(cli, &c->owned[i]);
        c->p.field[i] = c->owned[i];
    }
    return status;
}

static int partner_add(struct cli *cli, int argc, char **argv)
{
    struct partner_copy c = {0};
    bool seen[PARTNER_FIELD_COUNT + 1] = {false};
    cli->takes_site = true; /* the site whose directory it joins */
    int status = parse_partner_fields(cli, argc, argv, &c, seen);
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && partner_normalise(&c, partner_options, "--siret", &cli->err))
        status = cli_fail_error(cli);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    int64_t id;
    if (!status && store_add_partner(st, &c.p, 0, &id, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf("%lld\n", (long long)id);
    store_close(st);
    partner_copy_free(&c);
    return status;
}

static int partner_id_arg(struct cli *cli, int argc, char **argv, int64_t *id)
{
    if (optind != argc - 1)
        return cli_usage_error(cli, "%s", _("expected one partner number"));
    long v;
    if (parse_count(cli, _("partner"), argv[optind], 999999999L, &v))
        return GU_INVALID;
    *id = v;
    return GU_OK;
}

static int partner_edit(struct cli *cli, int argc, char **argv)
{
    struct partner_copy changes = {0}, c = {0};
    bool seen[PARTNER_FIELD_COUNT + 1] = {false};
    int64_t id = 0;
    struct store *st = NULL;
    int status = parse_partner_fields(cli, argc, argv, &changes, seen);
    if (!status)
        status = partner_id_arg(cli, argc, argv, &id);
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_get_partner(st, id, copy_partner, &c, &cli->err))
        status = cli_fail_error(cli);
    /* Only the options given change. */
    for (int i = 0; !status && i < PARTNER_FIELD_COUNT; i++)
        if (seen[i]) {
            free(c.owned[i]);
            c.p.field[i] = c.owned[i] = changes.owned[i];
            changes.owned[i] = NULL;
        }
    if (!status && seen[PARTNER_FIELD_COUNT] && partner_copy_pivot(&c, changes.pivot)) {
        error_nomem(&cli->err);
        status = cli_fail_error(cli);
    }
    if (!status && partner_normalise(&c, partner_options, "--siret", &cli->err))
        status = cli_fail_error(cli);
    c.p.id = id;
    if (!status && store_update_partner(st, &c.p, 0, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf(_("Partner %lld updated.\n"), (long long)id);
    store_close(st);
    partner_copy_free(&c);
    partner_copy_free(&changes);
    return status;
}

static int partner_show(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         {NULL, 0, NULL, 0}};
    bool json = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        json = !strcmp(optarg, "json");
    int64_t id = 0;
    if (!status)
        status = partner_id_arg(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_get_partner(st, id,
                                     json ? cli_print_partner_json : cli_print_partner_text, "",
                                     &cli->err))
        status = cli_fail_error(cli);
    if (!status && json)
        putchar('\n');
    store_close(st);
    return status;
}

static const struct output_column partner_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 4},
    {"code", N_("Code"), OUTPUT_TEXT, 0},
    {"name", N_("Name"), OUTPUT_TEXT, 40},
    {"category", N_("Category"), OUTPUT_TEXT, 0},
    {"commune", N_("Commune"), OUTPUT_TEXT, 16},
    {"phone", N_("Phone"), OUTPUT_TEXT, 14},
    {"website", N_("Website"), OUTPUT_TEXT, 0},
    {"hours", N_("Hours"), OUTPUT_TEXT, 0},
    {"national", N_("National"), OUTPUT_NUMBER, 0},
};

static int list_partner(const struct partner *p, void *ctx)
{
    struct output *out = ((struct cli_listing *)ctx)->out;
    output_number(out, p->id);
    output_text(out, p->code);
    output_text(out, p->field[PARTNER_NAME]);
    output_text(out, p->field[PARTNER_CATEGORY]);
    output_text(out, p->field[PARTNER_COMMUNE]);
    output_text(out, p->field[PARTNER_PHONE]);
    output_text(out, p->field[PARTNER_WEBSITE]);
    output_text(out, p->field[PARTNER_HOURS]);
    output_number(out, p->national);
    output_row_end(out);
    return GU_OK;
}

static int partner_rows(struct cli_listing *l, const void *query)
{
    (void)query;
    return store_list_partners(l->st, list_partner, l, &l->cli->err);
}

static int partner_list(struct cli *cli, int argc, char **argv)
{
    cli->takes_site = true;
    return cli_list_all(cli, argc, argv, partner_columns, ARRAY_LEN(partner_columns), partner_rows);
}

/* ---- partner import, export (the national place standard) ------------------------------- */

/* A problem of a place file, always with its record (the header is record 1) and its line: a
 * quoted field over several lines makes them differ. */
static void report_place_problem(void *ctx, const struct csv_problem *p)
{
    (void)ctx;
    struct strbuf msg = STRBUF_INIT;
    if (p->field)
        strbuf_printf(&msg, _("record %d (line %d), field %s: %s"), p->record, p->line, p->field,
                      p->why);
    else
        strbuf_printf(&msg, _("record %d (line %d): %s"), p->record, p->line, p->why);
    char *text = strbuf_finish(&msg);
    put_err(text ? text : _("out of memory"));
    free(text);
}

static int partner_import(struct cli *cli, int argc, char **argv)
{
    bool dry_run;
    char *text;
    size_t len = 0;
    cli->takes_site = true;
    int status = cli_import_args(cli, argc, argv, &dry_run, &text, &len);
    struct mednum_places places = {0};
    int bad = 0;
    int rc = status ? status : mednum_read_places(text, len, report_place_problem, NULL, &places,
                                                  &bad, &cli->err);
    if (!status && rc == GU_INVALID && bad) {
        /* Records, not lines: a presentation may run over several lines of the file. */
        fprintf(stderr,
                ngettext("guichet %s: %d record is not valid: nothing was imported.\n",
                         "guichet %s: %d records are not valid: nothing was imported.\n",
                         (unsigned long)bad),
                cli->command, bad);
        status = GU_INVALID;
    } else if (!status)
        status = cli_import_refused(cli, rc, bad);
    struct mednum_partner *partners = status || !places.n ? NULL : calloc(places.n, sizeof *partners);
    struct partner *rows = status || !places.n ? NULL : calloc(places.n, sizeof *rows);
    if (!status && (!partners || !rows)) {
        error_nomem(&cli->err);
        status = cli_fail_error(cli);
    }
    size_t made = 0;
    while (!status && made < places.n) {
        if (mednum_to_partner(&places.items[made], &partners[made], &cli->err))
            status = cli_fail_error(cli);
        else {
            rows[made] = partners[made].p;
            made++;
        }
    }
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    int added = 0, updated = 0;
    if (!status && store_import_places(st, rows, places.n, dry_run, 0, &added, &updated, &cli->err))
        status = cli_fail_error(cli);
    if (!status) { /* a network's file holds 100,000 places: counts grouped as the language does */
        char a[32], u[32];
        i18n_format_count(a, sizeof a, added);
        i18n_format_count(u, sizeof u, updated);
        printf(dry_run ? _("Dry run, nothing was written. Partners to add: %s; to update: %s.\n")
                       : _("Partners added: %s; updated: %s.\n"),
               a, u);
    }
    store_close(st);
    for (size_t r = 0; partners && r < made; r++)
        mednum_partner_free(&partners[r]);
    free(partners);
    free(rows);
    mednum_places_free(&places);
    free(text);
    return status;
}

struct export_ctx {
    struct cli *cli;
    enum { EXPORT_MEDNUM, EXPORT_CSV, EXPORT_JSON } format;
    int rows, skipped;
};

static int export_partner(const struct partner *p, void *ctx)
{
    struct export_ctx *e = ctx;
    if (e->format == EXPORT_JSON) {
        fputs(e->rows++ ? ",\n  " : "\n  ", stdout);
        return cli_print_partner_json(p, NULL);
    }
    if (e->format == EXPORT_CSV) {
        printf("%lld", (long long)p->id);
        fputc(',', stdout);
        output_csv_field(stdout, p->code, true);
        for (int i = 0; i < PARTNER_FIELD_COUNT; i++) {
            fputc(',', stdout);
            output_csv_field(stdout, p->field[i], true);
        }
        fputs("\r\n", stdout);
        e->rows++;
        return GU_OK;
    }
    struct mednum_place place;
    struct gu_error why;
    int status = mednum_from_partner(p, &place, &why);
    struct strbuf msg = STRBUF_INIT;
    if (status == GU_INVALID && (p->national || p->code) && !p->pivot &&
        !p->field[PARTNER_ADDRESS]) {
        e->skipped++; /* a shipped partner as shipped, with no address: counted, not named */
    } else if (status == GU_INVALID) {
        e->skipped++;
        /* TRANSLATORS: a partner's number and name, then what the standard misses. */
        strbuf_printf(&msg, _("partner %lld (%s) left out: %s"), (long long)p->id,
                      p->field[PARTNER_NAME] ? p->field[PARTNER_NAME] : "", why.message);
    } else if (status) {
        e->cli->err = why;
        return status;
    } else if (place.dropped) {
        /* TRANSLATORS: a partner's number and name, then fields and values. */
        strbuf_printf(&msg, _("partner %lld (%s): not in the standard's form, left out of the "
                              "export: %s"),
                      (long long)p->id, p->field[PARTNER_NAME] ? p->field[PARTNER_NAME] : "",
                      place.dropped);
    }
    if (msg.len) {
        char *text = strbuf_finish(&msg);
        put_err(text ? text : _("out of memory"));
        free(text);
    } else
        strbuf_release(&msg);
    if (status == GU_INVALID)
        return GU_OK;
    mednum_write_place(stdout, &place);
    mednum_place_free(&place);
    e->rows++;
    return GU_OK;
}

static int partner_export(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         CLI_SCOPE_SITE_OPTION, {NULL, 0, NULL, 0}};
    cli->takes_site = true;
    struct export_ctx e = {.cli = cli, .format = EXPORT_MEDNUM};
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (!strcmp(optarg, "csv"))
            e.format = EXPORT_CSV;
        else if (!strcmp(optarg, "json"))
            e.format = EXPORT_JSON;
        else if (strcmp(optarg, "mednum") != 0)
            status = cli_usage_error(cli, _("--format: unknown format \"%s\" (valid: mednum, csv, json)"),
                                     optarg);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && mednum_load(&cli->err))
        status = cli_fail_error(cli);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status) {
        if (e.format == EXPORT_MEDNUM)
            mednum_write_header(stdout);
        else if (e.format == EXPORT_CSV) {
            static const char *const keys[] = {"id", "code", "name", "typology", "category", "address",
                                               "address_extra", "postal_code", "commune", "phone", "emails",
                                               "website", "hours", "access", "handles", "notes"};
            for (size_t i = 0; i < ARRAY_LEN(keys); i++)
                printf("%s%s", i ? "," : "", keys[i]);
            fputs("\r\n", stdout);
        } else
            fputs("[", stdout);
        if (store_list_partners(st, export_partner, &e, &cli->err))
            status = cli_fail_error(cli);
        if (!status && e.format == EXPORT_JSON)
            fputs(e.rows ? "\n]\n" : "]\n", stdout);
        if (!status && e.skipped)
            fprintf(stderr,
                    ngettext("%d partner left out: the standard needs a SIRET or RNA (partner edit ID --siret), a name, an address, a postal code and a commune.\n",
                             "%d partners left out: the standard needs a SIRET or RNA (partner edit ID --siret), a name, an address, a postal code and a commune.\n",
                             (unsigned long)e.skipped),
                    e.skipped);
        if (!status && (fflush(stdout) || ferror(stdout)))
            status = cli_fail(cli, GU_FAILURE, _("cannot write the output"));
    }
    store_close(st);
    return status;
}

const struct command partner_commands[] = {
    {"list", partner_list, N_("partner list [--format table|csv|json|xlsx]"),
     N_("the partner directory")},
    {"show", partner_show, N_("partner show ID [--format text|json]"),
     N_("a partner's card, with open now or the next opening")},
    {"add", partner_add,
     N_("partner add --name NAME [--typology CODES] [--category CODE] [--address A]\n"
        "      [--address-extra A] [--postal-code P] [--commune C] [--phone P] [--email E|E]\n"
        "      [--website URL] [--hours \"Mo-Fr 09:00-12:00\"] [--access CODES] [--handles TEXT]\n"
        "      [--notes TEXT] [--siret SIRET|RNA] [--site S]"),
     N_("add a partner (a local branch…); prints its number")},
    {"edit", partner_edit, N_("partner edit ID [the options of add]"),
     N_("change a partner: only the options given change")},
    {"import", partner_import, N_("partner import FILE [--dry-run] [--site S]"),
     N_("import places in the national standard's CSV; any invalid line rejects the whole file")},
    {"export", partner_export, N_("partner export [--site S] [--format mednum|csv|json]"),
     N_("the directory in the national standard's CSV (or guichet's CSV, or JSON)")},
};
const size_t partner_command_count = ARRAY_LEN(partner_commands);
