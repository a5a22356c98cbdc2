/* "guichet site list|set": the library's sites, each with its time zone (its clock, its
 * stored times, its calendar) and the e-mail address its calendars name as ORGANIZER. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "date.h"
#include "hours.h"
#include "i18n.h"
#include "person.h"
#include "store.h"
#include "strbuf.h"

enum { OPT_ZONE = 256, OPT_EMAIL, OPT_HOURS };

static const struct output_column site_columns[] = {
    {"name", N_("Site"), OUTPUT_TEXT, 30},
    {"time_zone", N_("Time zone"), OUTPUT_TEXT, 20},
    {"email", N_("E-mail"), OUTPUT_TEXT, 30},
    {"opening_hours", N_("Opening hours"), OUTPUT_TEXT, 30},
};

static int site_rows(struct cli_listing *l, const void *query)
{
    (void)query;
    struct store_site *sites;
    size_t n;
    if (store_list_site_details(l->st, &sites, &n, &l->cli->err))
        return GU_FAILURE;
    for (size_t i = 0; i < n; i++) {
        output_text(l->out, sites[i].name);
        output_text(l->out, sites[i].zone);
        output_text(l->out, sites[i].email);
        output_text(l->out, sites[i].hours);
        output_row_end(l->out);
    }
    store_free_sites(sites, n);
    return GU_OK;
}

static int site_list(struct cli *cli, int argc, char **argv)
{
    return cli_list_all(cli, argc, argv, site_columns, ARRAY_LEN(site_columns), site_rows);
}

/* "unknown time zone: X; one of: Europe/Paris, America/Guadeloupe, …". */
static int refuse_zone(struct cli *cli, const char *zone)
{
    struct strbuf list = STRBUF_INIT;
    for (size_t i = 0; i < date_zone_count; i++)
        strbuf_printf(&list, "%s%s", i ? ", " : "", date_zones[i]);
    char *text = strbuf_finish(&list);
    error_set(&cli->err, GU_INVALID, _("unknown time zone: %s; one of: %s"), zone,
              text ? text : "");
    free(text);
    return cli_fail_error(cli);
}

static int refuse_nomem(struct cli *cli)
{
    error_nomem(&cli->err);
    return cli_fail_error(cli);
}

/* "Médiathèque du Port: Indian/Reunion, accueil@example.org" for the site id, as stored. */
static int site_print_one(struct cli *cli, struct store *st, int64_t id)
{
    struct store_site *sites;
    size_t n;
    if (store_list_site_details(st, &sites, &n, &cli->err))
        return cli_fail_error(cli);
    for (size_t i = 0; i < n; i++)
        if (sites[i].id == id) {
            char *line = NULL;
            struct strbuf b = STRBUF_INIT;
            /* TRANSLATORS: a site, its time zone and its e-mail address (or "no e-mail"). */
            strbuf_printf(&b, _("%s: %s, %s"), sites[i].name, sites[i].zone,
                          sites[i].email ? sites[i].email : _("no e-mail"));
            /* its opening hours as stored, to see how they were understood */
            strbuf_printf(&b, _("; opening hours: %s"),
                          sites[i].hours ? sites[i].hours : _("not said"));
            line = strbuf_finish(&b);
            output_clean(stdout, line ? line : sites[i].name);
            fputc('\n', stdout);
            free(line);
        }
    store_free_sites(sites, n);
    return GU_OK;
}

static int site_set(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"zone", required_argument, NULL, OPT_ZONE},
        {"email", required_argument, NULL, OPT_EMAIL},
        {"hours", required_argument, NULL, OPT_HOURS},
        {NULL, 0, NULL, 0},
    };
    const char *zone = NULL;
    char *email = NULL, *name = NULL, *hours = NULL, *osm = NULL;
    bool has_email = false, has_hours = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_ZONE)
            zone = optarg;
        else if (c == OPT_EMAIL) {
            has_email = true;
            status = take_text(cli, "--email", optarg, 254, &email);
        } else if (c == OPT_HOURS) {
            has_hours = true;
            status = take_text(cli, "--hours", optarg, 500, &hours);
        }
    }
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected one site name"));
    if (!status)
        status = take_text(cli, _("site"), argv[optind], NAME_MAX_CHARS, &name);
    if (!status && !name)
        status = cli_usage_error(cli, "%s", _("expected one site name"));
    if (!status && !zone && !has_email && !has_hours)
        status = cli_usage_error(cli, _("missing option: %s"), "--zone, --email, --hours");
    /* The site's opening hours, where its operators' appointments go: in OpenStreetMap's
     * syntax or typed in French, stored in OpenStreetMap's ("" takes them away). */
    if (!status && hours && hours_from_french(hours, &osm, &cli->err))
        status = cli_fail_error(cli);
    if (!status && zone && !date_zone_is_known(zone))
        status = refuse_zone(cli, zone);
    /* An empty --email takes the address away; another is checked and kept as every address is
     * (person_normalise_email: the domain lower-cased, the local part as typed). */
    if (!status && email && person_validate_email("--email", email, &cli->err))
        status = cli_fail_error(cli);
    char *canonical = NULL;
    if (!status && email && !(canonical = person_normalise_email(email)))
        status = refuse_nomem(cli);
    struct store *st = NULL;
    if (!status)
        status = open_store_in_zone(cli, &st, zone); /* the site's zone being given */
    int64_t id;
    if (!status && store_set_site(st, name, zone, has_email ? (canonical ? canonical : "") : NULL,
                                  &id, &cli->err))
        status = cli_fail_error(cli);
    if (!status && has_hours && store_set_site_hours(st, name, osm, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        status = site_print_one(cli, st, id);
    store_close(st);
    free(canonical);
    free(email);
    free(hours);
    free(osm);
    free(name);
    return status;
}

const struct command site_commands[] = {
    {"list", site_list, N_("site list [--format table|csv|json]"),
     N_("the sites, with their time zone, e-mail address and opening hours")},
    {"set", site_set, N_("site set NAME [--zone ZONE] [--email ADDRESS] [--hours HOURS]"),
     N_("set a site's time zone (Europe/Paris, or an overseas zone), the e-mail address its "
        "calendars give as organizer, or its opening hours, where appointments go (\"\" takes "
        "them away); the site is created when missing")},
};
const size_t site_command_count = ARRAY_LEN(site_commands);
