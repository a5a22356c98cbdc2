/* guichet appointment …: one-to-one help by appointment: booking, the agenda, moving,
 * cancelling, a no-show, the session an appointment kept becomes, and an operator's agenda as a
 * calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appointment.h"
#include "cli_internal.h"
#include "i18n.h"
#include "ics.h"
#include "person.h"
#include "strbuf.h"
#include "text.h"

enum appointment_option {
    OPT_AT = 256, OPT_DURATION, OPT_OPERATOR, OPT_SITE, OPT_REQUEST, OPT_BRING, OPT_NOTE,
    OPT_NAME, OPT_PHONE, OPT_EMAIL, OPT_FROM, OPT_TO, OPT_FORMAT, OPT_ALL, OPT_THEME, OPT_DAYS,
};

static int refuse(struct cli *cli, int status)
{
    return status ? cli_fail_error(cli) : GU_OK;
}

/* The one positional appointment number. */
static int take_appointment_id(struct cli *cli, int argc, char **argv, int64_t *id)
{
    if (optind != argc - 1)
        return cli_usage_error(cli, _("expected one %s number"), _("appointment"));
    long v;
    if (parse_count(cli, _("appointment"), argv[optind], 999999999L, &v))
        return GU_INVALID;
    *id = v;
    return GU_OK;
}

static int take_at(struct cli *cli, const char *arg, struct gu_datetime *at)
{
    if (datetime_parse(arg, at))
        return GU_OK;
    return refuse(cli, error_set(&cli->err, GU_INVALID,
                                 _("%s: \"%s\" is not a date and time like \"2026-03-14 10:30\""),
                                 "--at", arg));
}

/* A time in the past is refused, at the site's wall clock. */
static int refuse_past(struct cli *cli, const struct gu_datetime *at)
{
    struct gu_datetime now = clock_now();
    if (datetime_compare(at, &now) >= 0)
        return GU_OK;
    return refuse(cli, error_set(&cli->err, GU_INVALID, "%s",
                                 _("--at: that time is past: an appointment is made for later")));
}

/* ---- add ---------------------------------------------------------------------------------- */

static int appointment_add(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"at", required_argument, NULL, OPT_AT},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"site", required_argument, NULL, OPT_SITE},
        {"request", required_argument, NULL, OPT_REQUEST},
        {"bring", required_argument, NULL, OPT_BRING},
        {"note", required_argument, NULL, OPT_NOTE},
        {"name", required_argument, NULL, OPT_NAME},
        {"phone", required_argument, NULL, OPT_PHONE},
        {"email", required_argument, NULL, OPT_EMAIL},
        {NULL, 0, NULL, 0},
    };
    struct appointment_new a = {0};
    char *operator = NULL, *site = NULL, *request = NULL, *bring = NULL, *note = NULL;
    char *name = NULL, *phone = NULL, *email = NULL;
    bool have_at = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        switch (c) {
        case OPT_AT: status = take_at(cli, optarg, &a.at), have_at = !status; break;
        case OPT_DURATION:
            status = refuse(cli, session_parse_duration("--duration", optarg, &a.duration_min,
                                                        &cli->err));
            break;
        case OPT_OPERATOR:
            status = take_text(cli, "--operator", optarg, NAME_MAX_CHARS, &operator);
            break;
        case OPT_SITE: status = cli_take_site(cli, optarg, &site); break;
        case OPT_REQUEST: status = take_text(cli, "--request", optarg, 64, &request); break;
        case OPT_BRING: /* "" : nothing to bring, rather than the request's */
            if (!(status = take_text(cli, "--bring", optarg, APPOINTMENT_BRING_MAX, &bring)) &&
                !bring && !(bring = strdup("")))
                status = cli_fail(cli, GU_FAILURE, _("out of memory"));
            break;
        case OPT_NOTE: status = take_text(cli, "--note", optarg, APPOINTMENT_NOTE_MAX, &note); break;
        case OPT_NAME: status = take_text(cli, "--name", optarg, NAME_MAX_CHARS, &name); break;
        case OPT_PHONE:
            if (!(status = take_text(cli, "--phone", optarg, PHONE_MAX, &phone)) && phone)
                status = refuse(cli, person_validate_phone("--phone", phone, &cli->err));
            break;
        case OPT_EMAIL:
            if (!(status = take_text(cli, "--email", optarg, EMAIL_MAX, &email)) && email)
                status = refuse(cli, person_validate_email("--email", email, &cli->err));
            break;
        }
    }
    static const char *const required[] = {"--at", "--duration", "--operator", "--name"};
    const bool given[] = {have_at, a.duration_min > 0, operator != NULL, name != NULL};
    for (size_t i = 0; !status && i < ARRAY_LEN(required); i++)
        if (!given[i])
            status = cli_usage_error(cli, _("missing option: %s"), required[i]);
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = refuse(cli, cli_use_site_zone(cli, st, site));
    if (!status)
        status = refuse_past(cli, &a.at);
    a.operator_name = operator, a.site_name = site, a.request = request, a.bring = bring,
    a.note = note;
    struct person person = {.name = name, .phone = phone, .email = email};
    int64_t id = 0;
    struct appointment_slot slot;
    if (!status)
        status = refuse(cli, store_add_appointment(st, &a, &person, &id, &slot, &cli->err));
    if (!status)
        printf("%lld\n", (long long)id);
    store_close(st);
    free(operator), free(site), free(request), free(bring), free(note);
    free(name), free(phone), free(email);
    return status;
}

/* ---- list --------------------------------------------------------------------------------- */

static const struct output_column appointment_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 5},
    {"starts_at", N_("Date"), OUTPUT_TEXT, 19},
    {"duration_min", N_("Duration"), OUTPUT_NUMBER, 8},
    {"name", N_("Person"), OUTPUT_TEXT, 20},
    {"phone", N_("Phone"), OUTPUT_TEXT, 14},
    {"request", N_("Request"), OUTPUT_TEXT, 0},
    {"request_label", N_("Request"), OUTPUT_TEXT, 24},
    {"bring", N_("To bring"), OUTPUT_TEXT, 0},
    {"operator", N_("Operator"), OUTPUT_TEXT, 12},
    {"site", N_("Site"), OUTPUT_TEXT, 0},
    {"status", N_("Status"), OUTPUT_TEXT, 9},
    {"session", N_("Session"), OUTPUT_NUMBER, 0},
    {"note", N_("Note"), OUTPUT_TEXT, 0},
};

static int list_one_appointment(const struct appointment *a, void *ctx)
{
    struct cli_listing *l = ctx;
    output_number(l->out, a->id);
    cli_datetime_cell(l, &a->at);
    output_number(l->out, a->duration_min);
    output_text(l->out, a->person_name);
    cli_phone_cell(l, a->phone);
    output_text(l->out, a->request_code);
    output_text(l->out, a->request_label);
    output_text(l->out, a->bring);
    output_text(l->out, a->operator_name);
    output_text(l->out, a->site_name);
    output_text(l->out, l->format == OUTPUT_TABLE ? appointment_status_label(a->status)
                                                  : appointment_status_code(a->status));
    if (a->session_id && a->status == APPOINTMENT_DONE) /* planned again: its session deleted */
        output_number(l->out, a->session_id);
    else
        output_text(l->out, NULL);
    output_text(l->out, a->note);
    output_row_end(l->out);
    return GU_OK;
}

struct agenda_query {
    struct appointment_filter filter;
    char today[DATE_TEXT_SIZE];
    char *operator, *site;
    enum output_format format;
};

static int appointment_rows(struct cli_listing *l, const void *query)
{
    const struct agenda_query *q = query;
    return store_list_appointments(l->st, &q->filter, list_one_appointment, l, &l->cli->err);
}

/* --from (today by default), --to, --operator, --site, --all (every status), --format. */
static int parse_agenda(struct cli *cli, int argc, char **argv, struct agenda_query *q,
                        bool with_format)
{
    const struct option opts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"site", required_argument, NULL, OPT_SITE},
        {"all", no_argument, NULL, OPT_ALL},
        {with_format ? "format" : "-", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    clock_today_text(0, q->today);
    q->filter.from = q->today;
    q->format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_FROM && !(status = parse_date_option(cli, "--from", optarg)))
            q->filter.from = optarg;
        else if (c == OPT_TO && !(status = parse_date_option(cli, "--to", optarg)))
            q->filter.to = optarg;
        else if (c == OPT_OPERATOR)
            status = take_text(cli, "--operator", optarg, NAME_MAX_CHARS, &q->operator);
        else if (c == OPT_SITE)
            status = cli_take_site(cli, optarg, &q->site);
        else if (c == OPT_ALL)
            q->filter.every_status = true;
        else if (c == OPT_FORMAT && output_parse_format(optarg, &q->format, &cli->err))
            status = cli_fail_error(cli);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && q->filter.to && strcmp(q->filter.from, q->filter.to) > 0)
        status = refuse(cli, error_set(&cli->err, GU_INVALID, "%s", _("--from comes after --to")));
    return status;
}

/* The operator and site named, found (an unknown name refused: a typo lists nothing). */
static int resolve_agenda(struct cli *cli, struct store *st, struct agenda_query *q)
{
    int status = GU_OK;
    if (q->operator) {
        status = refuse(cli, store_find_operator(st, q->operator, &q->filter.operator_id, &cli->err));
        if (!status && !q->filter.operator_id)
            status = cli_no_such(cli, true, q->operator);
    }
    if (!status && q->site) {
        status = refuse(cli, store_find_site(st, q->site, &q->filter.site_id, &cli->err));
        if (!status && !q->filter.site_id)
            status = cli_no_such(cli, false, q->site);
    }
    return status;
}

static int appointment_list(struct cli *cli, int argc, char **argv)
{
    struct agenda_query q = {0};
    int status = parse_agenda(cli, argc, argv, &q, true);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = resolve_agenda(cli, st, &q);
    if (!status)
        status = cli_print_listing(cli, st, q.format, appointment_columns,
                                   ARRAY_LEN(appointment_columns), appointment_rows, &q);
    store_close(st);
    free(q.operator);
    free(q.site);
    return status;
}

/* ---- free --------------------------------------------------------------------------------- */

static const struct output_column free_columns[] = {
    {"from", N_("Free from"), OUTPUT_TEXT, 19},
    {"until", N_("Until"), OUTPUT_TEXT, 19},
};

struct free_query {
    char from[DATE_TEXT_SIZE];
    int days, duration;
    int64_t operator_id, site_id;
    /* the free starts, found before anything is printed (a refusal prints no empty listing) */
    const char *zone;
    struct gu_datetime *starts; /* owned */
    size_t n;
};

static int free_rows(struct cli_listing *l, const void *query)
{
    const struct free_query *q = query;
    struct free_period *periods = q->n ? calloc(q->n, sizeof *periods) : NULL;
    if (q->n && !periods)
        return error_nomem(&l->cli->err);
    /* a site open through midnight gives one period across it */
    size_t np = appointment_free_periods(q->zone, q->starts, q->n, q->duration, periods);
    for (size_t p = 0; p < np; p++) {
        cli_datetime_cell(l, &periods[p].from);
        cli_datetime_cell(l, &periods[p].until);
        output_row_end(l->out);
    }
    free(periods);
    return GU_OK;
}

/* free: an operator's free time, from which an appointment of --duration can start. */
static int appointment_free(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"site", required_argument, NULL, OPT_SITE},
        {"from", required_argument, NULL, OPT_FROM},
        {"days", required_argument, NULL, OPT_DAYS},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    struct free_query q = {.days = 7, .duration = 30};
    char *operator = NULL, *site = NULL;
    const char *from = NULL;
    enum output_format format = OUTPUT_TABLE;
    long days = q.days;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        switch (c) {
        case OPT_OPERATOR:
            status = take_text(cli, "--operator", optarg, NAME_MAX_CHARS, &operator);
            break;
        case OPT_SITE: status = cli_take_site(cli, optarg, &site); break;
        case OPT_FROM:
            if (!(status = parse_date_option(cli, "--from", optarg)))
                from = optarg;
            break;
        case OPT_DAYS:
            if (!(status = parse_count(cli, "--days", optarg, APPOINTMENT_SEARCH_DAYS, &days)))
                q.days = (int)days;
            break;
        case OPT_DURATION:
            status = refuse(cli, session_parse_duration("--duration", optarg, &q.duration,
                                                        &cli->err));
            break;
        case OPT_FORMAT:
            if (output_parse_format(optarg, &format, &cli->err))
                status = cli_fail_error(cli);
            break;
        }
    }
    if (!status && !operator)
        status = cli_usage_error(cli, _("missing option: %s"), "--operator");
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = refuse(cli, store_find_operator(st, operator, &q.operator_id, &cli->err));
    if (!status && !q.operator_id)
        status = cli_no_such(cli, true, operator);
    if (!status && site) {
        status = refuse(cli, store_find_site(st, site, &q.site_id, &cli->err));
        if (!status && !q.site_id)
            status = cli_no_such(cli, false, site);
    }
    /* today at the site's clock */
    if (!status)
        status = refuse(cli, cli_use_site_zone(cli, st, site));
    if (!status) {
        if (from)
            snprintf(q.from, sizeof q.from, "%s", from);
        else
            clock_today_text(0, q.from);
        status = refuse(cli, store_free_slots(st, q.operator_id, q.site_id, q.from, q.days,
                                              q.duration, 0, &q.zone, &q.starts, &q.n,
                                              &cli->err));
    }
    if (!status)
        status = cli_print_listing(cli, st, format, free_columns, ARRAY_LEN(free_columns),
                                   free_rows, &q);
    free(q.starts);
    store_close(st);
    free(operator);
    free(site);
    return status;
}

/* ---- move, cancel, missed, done -------------------------------------------------------------- */

/* Reads appointment id (*found false when none: the store's refusal names it), and works on its
 * site's clock: "past" and "its time has come" are the site's. */
static int load_appointment(struct cli *cli, struct store *st, int64_t id, struct appointment *a,
                            bool *found)
{
    int status = refuse(cli, store_get_appointment(st, id, a, found, &cli->err));
    if (!status && *found)
        status = refuse(cli, cli_use_site_zone(cli, st, a->site_name));
    return status;
}

static int appointment_move(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"at", required_argument, NULL, OPT_AT},
        {"duration", required_argument, NULL, OPT_DURATION},
        {NULL, 0, NULL, 0},
    };
    struct gu_datetime at;
    int duration = 0;
    bool have_at = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_AT)
            status = take_at(cli, optarg, &at), have_at = !status;
        else if (c == OPT_DURATION)
            status = refuse(cli, session_parse_duration("--duration", optarg, &duration, &cli->err));
    }
    int64_t id = 0;
    if (!status)
        status = take_appointment_id(cli, argc, argv, &id);
    if (!status && !have_at)
        status = cli_usage_error(cli, _("missing option: %s"), "--at");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct appointment a = {0};
    bool found = false;
    if (!status)
        status = load_appointment(cli, st, id, &a, &found);
    if (!status && found)
        status = refuse_past(cli, &at);
    struct appointment_slot slot;
    if (!status)
        status = refuse(cli, store_move_appointment(st, id, &at, duration, -1, 0, &slot, &cli->err));
    if (!status) {
        char when[64];
        i18n_format_datetime_short(when, sizeof when, &at);
        printf(_("Appointment %lld moved to %s.\n"), (long long)id, when);
    }
    appointment_clear(&a);
    store_close(st);
    return status;
}

/* A command taking the appointment's number and nothing else (cancel, missed, reopen): its
 * number, the store opened (*st, closed by the caller) and the appointment read into *a
 * (released by the caller), the clock at its site's ("its time has come" is the site's). */
static int open_appointment(struct cli *cli, int argc, char **argv, int64_t *id,
                            struct store **st, struct appointment *a)
{
    static const struct option none[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", none, &status) != -1 && !status)
        ;
    if (!status)
        status = take_appointment_id(cli, argc, argv, id);
    if (!status)
        status = open_store(cli, st);
    bool found = false;
    if (!status)
        status = load_appointment(cli, *st, *id, a, &found);
    return status;
}

/* cancel and missed. */
static int appointment_end(struct cli *cli, int argc, char **argv, enum appointment_status to)
{
    int64_t id = 0;
    struct store *st = NULL;
    struct appointment a = {0};
    int status = open_appointment(cli, argc, argv, &id, &st, &a);
    if (!status)
        status = refuse(cli, store_set_appointment_status(st, id, to, NULL, 0, NULL, &cli->err));
    if (!status)
        printf(to == APPOINTMENT_CANCELLED ? _("Appointment %lld cancelled.\n")
                                           : _("Appointment %lld marked missed.\n"),
               (long long)id);
    appointment_clear(&a);
    store_close(st);
    return status;
}

static int appointment_cancel(struct cli *cli, int argc, char **argv)
{
    return appointment_end(cli, argc, argv, APPOINTMENT_CANCELLED);
}

static int appointment_missed(struct cli *cli, int argc, char **argv)
{
    return appointment_end(cli, argc, argv, APPOINTMENT_MISSED);
}

/* reopen: planned again, after a kept, missed or cancelled said by mistake. */
static int appointment_reopen(struct cli *cli, int argc, char **argv)
{
    int64_t id = 0;
    struct store *st = NULL;
    struct appointment a = {0};
    int status = open_appointment(cli, argc, argv, &id, &st, &a); /* "to come" at its site's */
    struct appointment_slot slot;
    if (!status)
        status = refuse(cli, store_reopen_appointment(st, id, -1, 0, &slot, &cli->err));
    if (!status)
        printf(a.status == APPOINTMENT_DONE && a.session_id
                   ? _("Appointment %lld is planned again; session %lld it became is deleted.\n")
                   : _("Appointment %lld is planned again.\n"),
               (long long)id, (long long)a.session_id);
    appointment_clear(&a);
    store_close(st);
    return status;
}

/* done: the session it became, with the appointment's request's theme and duration unless
 * --theme or --duration say otherwise; prints the session's number. */
static int appointment_done(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"duration", required_argument, NULL, OPT_DURATION},
        {"theme", required_argument, NULL, OPT_THEME},
        {NULL, 0, NULL, 0},
    };
    int duration = 0;
    vocab_set themes = 0;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_DURATION)
            status = refuse(cli, session_parse_duration("--duration", optarg, &duration, &cli->err));
        else if (c == OPT_THEME)
            status = refuse(cli, vocab_parse_set(VOCAB_THEME, "--theme", optarg, &themes, &cli->err));
    }
    int64_t id = 0;
    if (!status)
        status = take_appointment_id(cli, argc, argv, &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct appointment a = {0};
    bool found = false;
    if (!status)
        status = load_appointment(cli, st, id, &a, &found);
    /* what the command line changes of the session the appointment gives */
    struct help_session kept;
    session_init(&kept);
    bool own = duration || themes;
    if (!status && found && own) {
        struct gu_datetime now = clock_now(); /* the site's: load_appointment set it */
        kept.at = datetime_compare(&a.at, &now) > 0 ? now : a.at; /* came early: now */
        kept.duration_min = duration ? duration : a.duration_min;
        kept.themes = themes;
        if ((a.operator_name && !(kept.operator_name = strdup(a.operator_name))) ||
            (a.site_name && !(kept.site_name = strdup(a.site_name))))
            status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    }
    int64_t session = 0;
    if (!status)
        status = refuse(cli, store_set_appointment_status(st, id, APPOINTMENT_DONE,
                                                          own ? &kept : NULL, 0, &session,
                                                          &cli->err));
    if (!status)
        printf("%lld\n", (long long)session);
    session_clear(&kept);
    appointment_clear(&a);
    store_close(st);
    return status;
}

/* ---- ics ---------------------------------------------------------------------------------- */

struct agenda_calendar {
    struct ics *ics;
    struct store_site *sites;
    size_t n;
    char *prefix; /* the database's place ids' prefix: the events' UIDs unique across copies */
    struct gu_error *err;
};

static int add_appointment(const struct appointment *a, void *ctx)
{
    struct agenda_calendar *c = ctx;
    const struct store_site *found = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (a->site_name ? !strcmp(c->sites[i].name, a->site_name)
                         : !found || c->sites[i].id < found->id)
            found = &c->sites[i];
    struct ics_site site = {clock_zone(), NULL, NULL};
    if (found)
        site = (struct ics_site){found->zone, found->name, found->email};
    struct strbuf uid = STRBUF_INIT, summary = STRBUF_INIT;
    strbuf_printf(&uid, "%s-appointment-%lld@guichet", c->prefix ? c->prefix : "guichet",
                  (long long)a->id);
    /* what it is for, never who comes */
    if (a->request_label)
        strbuf_printf(&summary, _("Appointment: %s"), a->request_label);
    else
        strbuf_puts(&summary, _("Appointment"));
    int status = strbuf_failed(&uid) || strbuf_failed(&summary)
                     ? error_nomem(c->err)
                     : ics_add_appointment(c->ics, a, strbuf_str(&uid), strbuf_str(&summary),
                                           &site, c->err);
    strbuf_release(&uid);
    strbuf_release(&summary);
    return status;
}

/* ics: an operator's agenda as iCalendar, for their own calendar: times and what each
 * appointment is for, never the person's name or phone. */
static int appointment_ics(struct cli *cli, int argc, char **argv)
{
    struct agenda_query q = {0};
    int status = parse_agenda(cli, argc, argv, &q, false);
    if (!status && !q.operator)
        status = cli_usage_error(cli, _("missing option: %s"), "--operator");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = resolve_agenda(cli, st, &q);
    struct agenda_calendar c = {.err = &cli->err};
    if (!status && store_list_site_details(st, &c.sites, &c.n, &cli->err))
        status = refuse(cli, GU_FAILURE);
    if (!status && store_get_setting(st, "place_id_prefix", &c.prefix, &cli->err))
        status = refuse(cli, GU_FAILURE);
    c.ics = status ? NULL : ics_begin();
    if (!status && !c.ics)
        status = refuse(cli, error_nomem(&cli->err));
    if (!status) {
        int s1 = store_list_appointments(st, &q.filter, add_appointment, &c, &cli->err);
        int s2 = ics_end(c.ics, stdout, s1 ? NULL : &cli->err);
        status = refuse(cli, s1 ? s1 : s2);
    }
    store_free_sites(c.sites, c.n);
    free(c.prefix);
    store_close(st);
    free(q.operator);
    free(q.site);
    return status;
}

const struct command appointment_commands[] = {
    {"add", appointment_add,
     N_("appointment add --at \"YYYY-MM-DD HH:MM\" --duration MINUTES --operator NAME --name "
        "NAME [--phone P] [--email E] [--site S] [--request CODE] [--bring TEXT] [--note TEXT]"),
     N_("book a person's appointment with an operator; a time the operator is not free, or the "
        "site closed, is refused with the next free slot")},
    {"list", appointment_list,
     N_("appointment list [--from DATE] [--to DATE] [--operator NAME] [--site S] [--all] "
        "[--format table|csv|json|xlsx]"),
     N_("the agenda: the planned appointments from today (--all: every status)")},
    {"free", appointment_free,
     N_("appointment free --operator NAME [--site S] [--from DATE] [--days N] [--duration MINUTES] "
        "[--format table|csv|json|xlsx]"),
     N_("an operator's free time over the coming days (7; from today), where an appointment of "
        "the duration (30 minutes) fits: within the site's opening hours, its other "
        "appointments and workshops excluded")},
    {"move", appointment_move, N_("appointment move ID --at \"YYYY-MM-DD HH:MM\" [--duration MINUTES]"),
     N_("move a planned appointment, checked as when booked")},
    {"cancel", appointment_cancel, N_("appointment cancel ID"), N_("cancel a planned appointment")},
    {"done", appointment_done, N_("appointment done ID [--duration MINUTES] [--theme CODES]"),
     N_("the person came: log the help session it became (the request's theme, its duration) "
        "and print its number")},
    {"missed", appointment_missed, N_("appointment missed ID"),
     N_("the person did not come (a no-show)")},
    {"reopen", appointment_reopen, N_("appointment reopen ID"),
     N_("plan again an appointment marked kept, missed or cancelled by mistake (the session a kept "
        "one became is deleted; a time to come must still be free)")},
    {"ics", appointment_ics,
     N_("appointment ics --operator NAME [--from DATE] [--to DATE] [--site S] [--all]"),
     N_("an operator's agenda as iCalendar (RFC 5545): times and requests, never who comes")},
};
const size_t appointment_command_count = ARRAY_LEN(appointment_commands);
