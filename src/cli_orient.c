/* guichet route and guichet partner …: where to send a person, and the partner directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "csv.h"
#include "hours.h"
#include "mednum.h"
#include "policy.h"
#include "i18n.h"
#include "route.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

enum orient_option {
    OPT_FORMAT = 300, OPT_DRY_RUN, OPT_REQUEST, OPT_PARTNER, OPT_METHOD, OPT_SESSION, OPT_FOLLOW_UP,
    OPT_CONTACT_NAME, OPT_CONTACT_PHONE, OPT_CONSENT, OPT_STATUS, OPT_DUE, OPT_OPERATOR,
    OPT_PIVOT, OPT_FIELD_BASE = 400
};

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

/* Prints text made safe for the terminal. */
static void put(const char *text)
{
    char *clean = text_for_display(text, strlen(text));
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* Prints a message on stderr, one line, made safe for the terminal. */
static void put_err(const char *text)
{
    char *clean = text_for_display(text, strlen(text));
    fputs(clean ? clean : "", stderr);
    fputc('\n', stderr);
    free(clean);
}

/* The partner's card, as the desk reads it; indent starts each line. */
static void print_partner_card(const struct partner *p, const char *indent)
{
    const char *const *f = p->field;
    printf("%s", indent);
    put(f[PARTNER_NAME]);
    printf(" (%s %lld%s)\n", _("partner"), (long long)p->id, p->national ? _(", national") : "");
    char *address = partner_address_line(p);
    if (address && *address) {
        printf("%s  %s ", indent, _("Address:"));
        put(address);
        putchar('\n');
    }
    free(address);
    const struct { const char *label; enum partner_field field; } lines[] = {
        {N_("Phone:"), PARTNER_PHONE},
        {N_("E-mail:"), PARTNER_EMAILS},
        {N_("Website:"), PARTNER_WEBSITE},
        {N_("What they handle:"), PARTNER_HANDLES},
        {N_("Notes:"), PARTNER_NOTES},
    };
    for (size_t i = 0; i < ARRAY_LEN(lines); i++)
        if (f[lines[i].field]) {
            char *shown = partner_field_for_display(lines[i].field, f[lines[i].field]);
            printf("%s  %s ", indent, _(lines[i].label));
            put(shown ? shown : f[lines[i].field]);
            putchar('\n');
            free(shown);
        }
    if (f[PARTNER_HOURS]) {
        struct hours *h = NULL;
        struct gu_error err;
        printf("%s  %s ", indent, _("Hours:"));
        put(f[PARTNER_HOURS]);
        struct gu_datetime now = clock_now();
        char *status = hours_parse(f[PARTNER_HOURS], &h, &err) == GU_OK
                           ? hours_status(h, hours_region_of_postal_code(f[PARTNER_POSTAL_CODE]),
                                          &now)
                           : NULL;
        printf(" (");
        /* Hours kept as imported but not understood: said so, never guessed. */
        put(status ? status : h ? "" : _("Not understood by guichet; open or closed: unknown"));
        printf(")\n");
        free(status);
        hours_free(h);
    }
    if (f[PARTNER_ACCESS]) {
        char *labels = partner_access_labels(f[PARTNER_ACCESS]);
        printf("%s  %s ", indent, _("How to reach them:"));
        put(labels ? labels : "");
        putchar('\n');
        free(labels);
    }
    if (p->pivot) {
        printf("%s  %s ", indent, _("SIRET or RNA:"));
        put(p->pivot);
        putchar('\n');
    }
    /* The place's presentation, line by line as it was written. */
    char *detail = mednum_extra_get(p->mednum_extra, "presentation_detail");
    if (!detail)
        detail = mednum_extra_get(p->mednum_extra, "presentation_resume");
    if (detail) {
        printf("%s  %s\n", indent, _("Presentation:"));
        for (char *line = detail, *end; line; line = end ? end + 1 : NULL) {
            if ((end = strchr(line, '\n')))
                *end = '\0';
            if (*line) {
                printf("%s    ", indent);
                put(line);
            }
            putchar('\n');
        }
        free(detail);
    }
}

/* ---- route ---------------------------------------------------------------------------------- */

#define ROUTE_MAX 8

struct json_partner {
    bool first;
};

static void json_field(const char *key, const char *value, bool *first)
{
    printf("%s", *first ? "" : ", ");
    *first = false;
    output_json_string(stdout, key);
    fputs(": ", stdout);
    if (value)
        output_json_string(stdout, value);
    else
        fputs("null", stdout);
}

static int print_partner_json(const struct partner *p, void *ctx)
{
    (void)ctx;
    static const char *const keys[PARTNER_FIELD_COUNT] = {
        "name", "typology", "category", "address", "address_extra", "postal_code", "commune",
        "phone", "emails", "website", "hours", "access", "handles", "notes"};
    bool first = true;
    printf("{\"id\": %lld, ", (long long)p->id);
    json_field("code", p->code, &first);
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        json_field(keys[i], p->field[i], &first);
    json_field("pivot", p->pivot, &first);
    json_field("updated_on", p->updated_on, &first);
    /* open_now, status, hours_comment and hours_understood always: null when there are no
     * hours; the comment in the catalogue's language (an open end's said as guichet says it). */
    struct hours *h = NULL;
    struct gu_error err;
    if (p->field[PARTNER_HOURS] && hours_parse(p->field[PARTNER_HOURS], &h, &err) == GU_OK) {
        enum hours_region region = hours_region_of_postal_code(p->field[PARTNER_POSTAL_CODE]);
        struct gu_datetime now = clock_now();
        const char *comment = NULL;
        enum hours_state state = hours_state_at(h, region, &now, &comment);
        char *status = hours_status(h, region, &now);
        /* open_now: true, false, or null when the hours do not say. */
        printf(", \"open_now\": %s", state == HOURS_OPEN     ? "true"
                                      : state == HOURS_CLOSED ? "false"
                                                              : "null");
        json_field("status", status, &(bool){false});
        json_field("hours_comment", hours_comment_text(comment), &(bool){false});
        printf(", \"hours_understood\": true");
        free(status);
        hours_free(h);
    } else if (p->field[PARTNER_HOURS]) {
        printf(", \"open_now\": null");
        json_field("status", _("Not understood by guichet; open or closed: unknown"),
                   &(bool){false});
        printf(", \"hours_comment\": null, \"hours_understood\": false");
    } else {
        printf(", \"open_now\": null, \"status\": null, \"hours_comment\": null, "
               "\"hours_understood\": null");
    }
    printf("}");
    return GU_OK;
}

static int print_partner_text(const struct partner *p, void *ctx)
{
    print_partner_card(p, ctx);
    return GU_OK;
}

int cmd_route(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (!strcmp(optarg, "json"))
            json = true;
        else if (strcmp(optarg, "text") != 0)
            status = cli_usage_error(cli, _("--format: unknown format \"%s\" (valid: text, json)"),
                                     optarg);
    }
    /* The words of the request, as typed: "guichet route pole emploi". */
    struct strbuf query = STRBUF_INIT;
    for (int i = optind; !status && i < argc; i++) {
        strbuf_putc(&query, ' ');
        strbuf_puts(&query, argv[i]);
    }
    char *clean = NULL;
    if (!status && strbuf_failed(&query))
        status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    if (!status && take_text(cli, _("request"), strbuf_str(&query), 200, &clean))
        status = GU_INVALID;
    strbuf_release(&query);
    if (!status && !clean)
        status = cli_usage_error(cli, "%s", _("say what the person asks for, in a few words"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct policy policy = {0};
    if (!status && policy_load(st, &policy, &cli->err))
        status = cli_fail_error(cli);
    struct policy_match best[ROUTE_MAX];
    size_t n = status ? 0 : policy_rank(&policy, clean, best, ROUTE_MAX);
    if (!status && json)
        fputs("[", stdout);
    for (size_t i = 0; !status && i < n; i++) {
        const struct request_kind *k = best[i].kind;
        int answer = vocab_find(VOCAB_POLICY_ANSWER, k->answer);
        if (json) {
            bool first = true;
            printf("%s\n  {", i ? "," : "");
            json_field("code", k->code, &first);
            json_field("label", k->label, &first);
            json_field("answer", k->answer, &first);
            json_field("bring", k->bring, &first);
            json_field("staff_note", k->staff_note, &first);
            printf(", \"score\": %.2f, \"partner\": ", best[i].score);
            if (!k->partner_id)
                fputs("null", stdout);
            else if (store_get_partner(st, k->partner_id, print_partner_json, NULL, &cli->err))
                status = cli_fail_error(cli);
            fputs("}", stdout);
        } else {
            printf("%zu. ", i + 1);
            put(k->label);
            printf("\n   %s %s\n", _("Answer:"), vocab_label(VOCAB_POLICY_ANSWER, answer));
            if (k->partner_id && store_get_partner(st, k->partner_id, print_partner_text, "   ",
                                                   &cli->err))
                status = cli_fail_error(cli);
            if (k->bring) {
                printf("   %s ", _("What to bring:"));
                put(k->bring);
                putchar('\n');
            }
            if (k->staff_note) {
                printf("   %s ", _("Note for staff:"));
                put(k->staff_note);
                putchar('\n');
            }
        }
    }
    if (!status && json)
        fputs(n ? "\n]\n" : "]\n", stdout);
    else if (!status && !n)
        printf("%s\n", _("No request of the policy matches: handle it here, or add it to the policy."));
    policy_free(&policy);
    free(clean);
    store_close(st);
    return status;
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
    struct option opts[PARTNER_FIELD_COUNT + 3];
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        opts[i] = (struct option){partner_options[i] + 2, required_argument, NULL, OPT_FIELD_BASE + i};
    opts[PARTNER_FIELD_COUNT] = (struct option){"siret", required_argument, NULL, OPT_PIVOT};
    opts[PARTNER_FIELD_COUNT + 1] = (struct option){"pivot", required_argument, NULL, OPT_PIVOT};
    opts[PARTNER_FIELD_COUNT + 2] = (struct option){NULL, 0, NULL, 0};
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
    if (!status && store_get_partner(st, id, json ? print_partner_json : print_partner_text, "",
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
    return cli_list_all(cli, argc, argv, partner_columns, ARRAY_LEN(partner_columns), partner_rows);
}

/* ---- referral ------------------------------------------------------------------------------ */

/* Finds the request kind a referral is about: its code, else the best match of the words. */
struct kind_pick {
    const char *code, *words;
    int64_t id, partner_id;
    double best;
};

static int pick_kind(const struct request_kind *k, void *ctx)
{
    struct kind_pick *p = ctx;
    double score = p->words ? route_score(p->words, k->keywords, k->label) : 0;
    if ((p->code && !strcmp(p->code, k->code)) || (!p->code && score > p->best)) {
        p->id = k->id;
        p->partner_id = k->partner_id;
        p->best = p->code ? 1e9 : score;
    }
    return GU_OK;
}

static int partner_exists(const struct partner *p, void *ctx)
{
    (void)p, (void)ctx;
    return GU_OK;
}

static int expire_referrals(struct cli *cli, struct store *st)
{
    int expired;
    if (store_expire_referrals(st, &expired, &cli->err))
        return cli_fail_error(cli);
    if (expired)
        fprintf(stderr,
                ngettext("%d open referral older than the limit is now without outcome.\n",
                         "%d open referrals older than the limit are now without outcome.\n",
                         (unsigned long)expired),
                expired);
    return GU_OK;
}

static int referral_add(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"request", required_argument, NULL, OPT_REQUEST},
        {"partner", required_argument, NULL, OPT_PARTNER},
        {"method", required_argument, NULL, OPT_METHOD},
        {"session", required_argument, NULL, OPT_SESSION},
        {"follow-up", required_argument, NULL, OPT_FOLLOW_UP},
        {"contact-name", required_argument, NULL, OPT_CONTACT_NAME},
        {"contact-phone", required_argument, NULL, OPT_CONTACT_PHONE},
        {"consent", no_argument, NULL, OPT_CONSENT},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {NULL, 0, NULL, 0},
    };
    struct referral r = {.method = vocab_find(VOCAB_REFERRAL_METHOD, "information")};
    char *request = NULL, *name = NULL, *phone = NULL, *operator_name = NULL;
    long v;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        switch (c) {
        case OPT_REQUEST: status = take_text(cli, "--request", optarg, 200, &request); break;
        case OPT_PARTNER:
            status = parse_count(cli, "--partner", optarg, 999999999L, &v);
            r.partner_id = v;
            break;
        case OPT_SESSION:
            status = parse_count(cli, "--session", optarg, 999999999999L, &v);
            r.session_id = v;
            break;
        case OPT_METHOD:
            if (vocab_parse_one(VOCAB_REFERRAL_METHOD, "--method", optarg, &r.method, &cli->err))
                status = cli_fail_error(cli);
            break;
        case OPT_FOLLOW_UP:
            if (!(status = parse_date_option(cli, "--follow-up", optarg)))
                snprintf(r.follow_up_on, sizeof r.follow_up_on, "%s", optarg);
            break;
        case OPT_CONTACT_NAME: status = take_text(cli, "--contact-name", optarg, NAME_MAX_CHARS, &name); break;
        case OPT_CONTACT_PHONE:
            if (!(status = take_text(cli, "--contact-phone", optarg, PHONE_MAX, &phone)) && phone &&
                person_validate_phone("--contact-phone", phone, &cli->err))
                status = cli_fail_error(cli);
            break;
        case OPT_CONSENT: r.consent = true; break;
        case OPT_OPERATOR: status = take_text(cli, "--operator", optarg, NAME_MAX_CHARS, &operator_name); break;
        }
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && !request)
        status = cli_usage_error(cli, _("missing option: %s"), "--request");
    char today[DATE_TEXT_SIZE];
    if (!status && !r.follow_up_on[0])
        clock_today_text(REFERRAL_FOLLOW_UP_DAYS, r.follow_up_on);
    clock_today_text(0, today);
    r.contact_name = name, r.contact_phone = phone;
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = expire_referrals(cli, st);
    /* A request kind's code, else the policy's best match for the words; else the words alone. */
    struct kind_pick pick = {.code = request, .words = NULL};
    if (!status && store_list_request_kinds(st, pick_kind, &pick, &cli->err))
        status = cli_fail_error(cli);
    if (!status && !pick.id) {
        pick = (struct kind_pick){.words = request};
        if (store_list_request_kinds(st, pick_kind, &pick, &cli->err))
            status = cli_fail_error(cli);
        r.need = request;
    }
    r.request_kind_id = pick.id;
    if (!r.partner_id)
        r.partner_id = pick.partner_id;
    if (!status && referral_validate(&r, today, &cli->err))
        status = cli_fail_error(cli);
    if (!status && store_get_partner(st, r.partner_id, partner_exists, NULL, &cli->err))
        status = cli_fail_error(cli); /* "partner N does not exist" */
    struct gu_datetime now = clock_now();
    datetime_format(&now, r.referred_at);
    int64_t operator_id = 0, id = 0;
    if (!status && operator_name && store_ensure_operator(st, operator_name, 0, &operator_id, &cli->err))
        status = cli_fail_error(cli);
    if (!status && store_add_referral(st, &r, operator_id, &id, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf("%lld\n", (long long)id);
    store_close(st);
    free(request);
    free(name);
    free(phone);
    free(operator_name);
    return status;
}

static const struct output_column referral_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 4},
    {"referred_at", N_("Date"), OUTPUT_TEXT, 19},
    {"request", N_("Request"), OUTPUT_TEXT, 24},
    {"partner", N_("Partner"), OUTPUT_TEXT, 18},
    {"method", N_("Method"), OUTPUT_TEXT, 0},
    {"status", N_("Status"), OUTPUT_TEXT, 12},
    {"follow_up_on", N_("Follow-up"), OUTPUT_TEXT, 10},
    {"contact_name", N_("Contact"), OUTPUT_TEXT, 0},
    {"contact_phone", N_("Contact phone"), OUTPUT_TEXT, 0},
    {"session", N_("Session"), OUTPUT_NUMBER, 0},
    {"operator", N_("Operator"), OUTPUT_TEXT, 0},
};

static int list_referral(const struct referral *r, void *ctx)
{
    struct cli_listing *l = ctx;
    struct output *out = l->out;
    output_number(out, r->id);
    cli_stored_date_cell(l, r->referred_at);
    output_text(out, r->request_label ? r->request_label : r->need);
    output_text(out, r->partner_name);
    output_text(out, cli_vocab_cell(l, VOCAB_REFERRAL_METHOD, r->method));
    output_text(out, cli_vocab_cell(l, VOCAB_REFERRAL_STATUS, r->status));
    cli_stored_date_cell(l, r->follow_up_on[0] ? r->follow_up_on : NULL);
    output_text(out, r->contact_name);
    cli_phone_cell(l, r->contact_phone);
    output_number(out, r->session_id);
    output_text(out, r->operator_name);
    output_row_end(out);
    return GU_OK;
}

static int referral_rows(struct cli_listing *l, const void *filter)
{
    return store_list_referrals(l->st, filter, list_referral, l, &l->cli->err);
}

static int referral_list(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"status", required_argument, NULL, OPT_STATUS},
        {"due", no_argument, NULL, OPT_DUE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    struct referral_filter filter = {.status = VOCAB_NONE};
    char today[DATE_TEXT_SIZE];
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_STATUS && vocab_parse_one(VOCAB_REFERRAL_STATUS, "--status", optarg,
                                               &filter.status, &cli->err))
            status = cli_fail_error(cli);
        else if (c == OPT_DUE) {
            clock_today_text(0, today);
            filter.due = today;
        } else if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = expire_referrals(cli, st);
    if (!status)
        status = cli_print_listing(cli, st, format, referral_columns, ARRAY_LEN(referral_columns),
                                   referral_rows, &filter);
    store_close(st);
    return status;
}

static int referral_update(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"status", required_argument, NULL, OPT_STATUS},
        {"follow-up", required_argument, NULL, OPT_FOLLOW_UP},
        {NULL, 0, NULL, 0},
    };
    int code = VOCAB_NONE;
    const char *follow_up = NULL;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_STATUS && vocab_parse_one(VOCAB_REFERRAL_STATUS, "--status", optarg, &code,
                                               &cli->err))
            status = cli_fail_error(cli);
        else if (c == OPT_FOLLOW_UP && !(status = parse_date_option(cli, "--follow-up", optarg)))
            follow_up = optarg;
    }
    long id = 0;
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected one referral number"));
    if (!status)
        status = parse_count(cli, _("referral"), argv[optind], 999999999L, &id);
    if (!status && code == VOCAB_NONE)
        status = cli_usage_error(cli, _("missing option: %s"), "--status");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && store_update_referral(st, id, code, follow_up, 0, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf(_("Referral %ld: %s.\n"), id, vocab_label(VOCAB_REFERRAL_STATUS, code));
    store_close(st);
    return status;
}

static int referral_expire_after(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    long days = 0;
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected a number of days"));
    if (!status)
        status = parse_count(cli, _("days"), argv[optind], 3650, &days);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    char text[16];
    snprintf(text, sizeof text, "%ld", days);
    if (!status && store_set_setting(st, "referral_expiry_days", text, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        status = expire_referrals(cli, st);
    store_close(st);
    return status;
}

const struct command referral_commands[] = {
    {"add", referral_add,
     N_("referral add --request CODE|WORDS [--partner ID] [--method CODE] [--session ID]\n"
        "      [--follow-up DATE] [--contact-name N --contact-phone P --consent] [--operator NAME]"),
     N_("record a referral; prints its number")},
    {"list", referral_list, N_("referral list [--status S] [--due] [--format table|csv|json|xlsx]"),
     N_("referrals, those to follow up first")},
    {"update", referral_update, N_("referral update ID --status S [--follow-up DATE]"),
     N_("record how a referral turned out")},
    {"expire-after", referral_expire_after, N_("referral expire-after DAYS"),
     N_("after how many days an open referral becomes without outcome (30 by default)")},
};
const size_t referral_command_count = ARRAY_LEN(referral_commands);


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
        return print_partner_json(p, NULL);
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
                                         {NULL, 0, NULL, 0}};
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
        "      [--notes TEXT] [--siret SIRET|RNA]"),
     N_("add a partner (a local branch…); prints its number")},
    {"edit", partner_edit, N_("partner edit ID [the options of add]"),
     N_("change a partner: only the options given change")},
    {"import", partner_import, N_("partner import FILE [--dry-run]"),
     N_("import places in the national standard's CSV; any invalid line rejects the whole file")},
    {"export", partner_export, N_("partner export [--format mednum|csv|json]"),
     N_("the directory in the national standard's CSV (or guichet's CSV, or JSON)")},
};
const size_t partner_command_count = ARRAY_LEN(partner_commands);

