/* guichet referral …: the referrals made to partners, and how they turned out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "i18n.h"
#include "route.h"
#include "vocab.h"

enum referral_option {
    OPT_FORMAT = 300, OPT_REQUEST, OPT_PARTNER, OPT_METHOD, OPT_SESSION, OPT_FOLLOW_UP,
    OPT_CONTACT_NAME, OPT_CONTACT_PHONE, OPT_CONSENT, OPT_STATUS, OPT_DUE, OPT_OPERATOR
};

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
    int64_t operator_id = 0, id = 0, site = 0;
    /* Found, not made: a refused referral writes nothing (made below, once it is valid). */
    if (!status && operator_name && store_find_operator(st, operator_name, &operator_id, &cli->err))
        status = cli_fail_error(cli);
    /* The policy of the site it is made at (its session's, else its operator's), as at that
     * site's desk. */
    if (!status && store_referral_site(st, r.session_id, operator_id, &site, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        store_set_site_scope(st, site);
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
