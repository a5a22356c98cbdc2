/* guichet workshop …: planning, booking with waitlist, attendance, call lists, attendance
 * sheets and the iCalendar export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "i18n.h"
#include "ics.h"
#include "person.h"
#include "sheet.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"
#include "workshop.h"

enum workshop_option {
    OPT_TITLE = 256, OPT_AT, OPT_DURATION, OPT_CAPACITY, OPT_THEME, OPT_LEVEL, OPT_ROOM, OPT_SITE,
    OPT_FACILITATOR, OPT_DESCRIPTION, OPT_REPEAT, OPT_EVERY, OPT_FROM, OPT_TO, OPT_FORMAT,
    OPT_POSTAL_CODE, OPT_COMMUNE, OPT_INSEE, OPT_ALREADY_HELPED,
    OPT_NAME, OPT_PHONE, OPT_EMAIL, OPT_PRESENT, OPT_ABSENT, OPT_EXCUSED, OPT_WALK_INS,
    OPT_REST, OPT_DAYS,
};

/* The one positional id of "workshop book ID", "workshop unbook REGISTRATION"… */
static int take_id(struct cli *cli, int argc, char **argv, const char *what, int64_t *id)
{
    if (optind != argc - 1)
        return cli_usage_error(cli, _("expected one %s number"), what);
    long v;
    if (parse_count(cli, what, argv[optind], 999999999L, &v))
        return GU_INVALID;
    *id = v;
    return GU_OK;
}

static int refuse(struct cli *cli, int status)
{
    return status ? cli_fail_error(cli) : GU_OK;
}

/* Reads workshop id into *w (release with workshop_clear), or says it does not exist. */
static int load_workshop(struct cli *cli, struct store *st, int64_t id, struct workshop *w)
{
    bool found = false;
    int status = refuse(cli, store_get_workshop(st, id, w, &found, &cli->err));
    if (!status && !found)
        status = refuse(cli, error_set(&cli->err, GU_INVALID, _("workshop %lld does not exist"),
                                       (long long)id));
    return status;
}

/* ---- add, edit ------------------------------------------------------------------------------ */

static const struct option workshop_fields[] = {
    {"title", required_argument, NULL, OPT_TITLE},
    {"at", required_argument, NULL, OPT_AT},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"capacity", required_argument, NULL, OPT_CAPACITY},
    {"theme", required_argument, NULL, OPT_THEME},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"room", required_argument, NULL, OPT_ROOM},
    {"site", required_argument, NULL, OPT_SITE},
    {"facilitator", required_argument, NULL, OPT_FACILITATOR},
    {"description", required_argument, NULL, OPT_DESCRIPTION},
    {"repeat-weeks", required_argument, NULL, OPT_REPEAT},
    {"every", required_argument, NULL, OPT_EVERY},
    {NULL, 0, NULL, 0},
};

struct workshop_args {
    struct workshop w;
    bool seen[OPT_EVERY - OPT_TITLE + 1];
    long dates, every;
};

static int workshop_take_option(struct cli *cli, struct workshop_args *a, int opt,
                                const char *arg)
{
    struct workshop *w = &a->w;
    struct gu_error *err = &cli->err;
    long v;
    a->seen[opt - OPT_TITLE] = true;
    switch (opt) {
    case OPT_TITLE: return take_text(cli, "--title", arg, WORKSHOP_TITLE_MAX, &w->title);
    case OPT_DESCRIPTION:
        return take_text(cli, "--description", arg, WORKSHOP_DESCRIPTION_MAX, &w->description);
    case OPT_ROOM: return take_text(cli, "--room", arg, WORKSHOP_ROOM_MAX, &w->room);
    case OPT_SITE: return cli_take_site(cli, arg, &w->site_name);
    case OPT_FACILITATOR:
        return take_text(cli, "--facilitator", arg, NAME_MAX_CHARS, &w->facilitator_name);
    case OPT_AT:
        if (!datetime_parse(arg, &w->at))
            return refuse(cli, error_set(err, GU_INVALID,
                                         _("%s: \"%s\" is not a date and time like \"2026-03-14 10:30\""),
                                         "--at", arg));
        return GU_OK;
    case OPT_DURATION:
        return refuse(cli, session_parse_duration("--duration", arg, &w->duration_min, err));
    case OPT_CAPACITY:
        if (!strcmp(arg, "0")) {
            w->capacity = 0;
            return GU_OK;
        }
        if (parse_count(cli, "--capacity", arg, WORKSHOP_CAPACITY_MAX, &v))
            return GU_INVALID;
        w->capacity = (int)v;
        return GU_OK;
    case OPT_THEME: return refuse(cli, vocab_parse_set(VOCAB_THEME, "--theme", arg, &w->themes, err));
    case OPT_LEVEL: return refuse(cli, vocab_parse_one(VOCAB_LEVEL, "--level", arg, &w->level, err));
    case OPT_REPEAT: return parse_count(cli, "--repeat-weeks", arg, WORKSHOP_SERIES_MAX, &a->dates);
    case OPT_EVERY: return parse_count(cli, "--every", arg, 52, &a->every);
    }
    return GU_OK;
}

static int parse_workshop_args(struct cli *cli, int argc, char **argv, struct workshop_args *a)
{
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", workshop_fields, &status)) != -1 &&
           !status)
        status = workshop_take_option(cli, a, c, optarg);
    return status;
}

static bool seen(const struct workshop_args *a, int opt)
{
    return a->seen[opt - OPT_TITLE];
}

static int workshop_add(struct cli *cli, int argc, char **argv)
{
    struct workshop_args a = {.dates = 1, .every = 1};
    workshop_init(&a.w);
    int status = parse_workshop_args(cli, argc, argv, &a);
    static const int required[] = {OPT_TITLE, OPT_AT, OPT_DURATION, OPT_CAPACITY};
    static const char *const names[] = {"--title", "--at", "--duration", "--capacity"};
    for (size_t i = 0; !status && i < ARRAY_LEN(required); i++)
        if (!seen(&a, required[i]))
            status = cli_usage_error(cli, _("missing option: %s"), names[i]);
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && seen(&a, OPT_EVERY) && !seen(&a, OPT_REPEAT))
        status = cli_usage_error(cli, "%s", _("--every goes with --repeat-weeks"));
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    /* "In the past" is the site's wall-clock time. */
    if (!status)
        status = refuse(cli, cli_use_site_zone(cli, st, a.w.site_name));
    if (!status)
        status = refuse(cli, workshop_validate(&a.w, true, &cli->err));
    int64_t ids[WORKSHOP_SERIES_MAX];
    if (!status)
        status = refuse(cli, store_add_workshops(st, &a.w, (int)a.dates, (int)a.every, 0, ids,
                                                 &cli->err));
    for (long i = 0; !status && i < a.dates; i++)
        printf("%lld\n", (long long)ids[i]);
    store_close(st);
    workshop_clear(&a.w);
    return status;
}

void cli_print_promotion(const struct promotion *p, void *ctx)
{
    struct strbuf *into = ctx, line = STRBUF_INIT;
    /* Name, phone and e-mail come from the database: cleaned like any output. */
    char *name_copy, *contact_copy, *shown = person_contact_for_display(p->phone, p->email);
    const char *name = text_for_output(p->name, &name_copy);
    const char *contact = text_for_output(shown ? shown : "", &contact_copy);
    if (*contact)
        strbuf_printf(into ? into : &line, _("Registration %lld (%s) now has a seat: call %s\n"),
                      (long long)p->registration_id, name, contact);
    else
        strbuf_printf(into ? into : &line,
                      _("Registration %lld (%s) now has a seat; there is no phone number or "
                        "e-mail to tell them.\n"),
                      (long long)p->registration_id, name);
    fputs(strbuf_str(&line), stdout);
    strbuf_release(&line);
    free(name_copy);
    free(contact_copy);
    free(shown);
}

static int workshop_edit(struct cli *cli, int argc, char **argv)
{
    struct workshop_args a = {0};
    workshop_init(&a.w);
    int64_t id = 0;
    int status = parse_workshop_args(cli, argc, argv, &a);
    if (!status && (seen(&a, OPT_REPEAT) || seen(&a, OPT_EVERY)))
        status = cli_usage_error(cli, "%s", _("a series is made when the workshop is added"));
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct workshop w;
    workshop_init(&w);
    if (!status)
        status = load_workshop(cli, st, id, &w);
    /* Only the options given change. */
    if (!status) {
        struct workshop *n = &a.w;
#define KEEP_TEXT(field, opt)                                                                    \
    if (seen(&a, opt)) {                                                                         \
        free(w.field);                                                                           \
        w.field = n->field;                                                                      \
        n->field = NULL;                                                                         \
    }
        KEEP_TEXT(title, OPT_TITLE)
        KEEP_TEXT(description, OPT_DESCRIPTION)
        KEEP_TEXT(room, OPT_ROOM)
        KEEP_TEXT(site_name, OPT_SITE)
        KEEP_TEXT(facilitator_name, OPT_FACILITATOR)
#undef KEEP_TEXT
        if (seen(&a, OPT_AT))
            w.at = n->at;
        if (seen(&a, OPT_DURATION))
            w.duration_min = n->duration_min;
        if (seen(&a, OPT_CAPACITY))
            w.capacity = n->capacity;
        if (seen(&a, OPT_THEME))
            w.themes = n->themes;
        if (seen(&a, OPT_LEVEL))
            w.level = n->level;
        status = refuse(cli, cli_use_site_zone(cli, st, w.site_name));
        if (!status)
            status = refuse(cli, workshop_validate(&w, seen(&a, OPT_AT), &cli->err));
    }
    if (!status)
        status = refuse(cli, store_update_workshop(st, &w, 0, cli_print_promotion, NULL, &cli->err));
    store_close(st);
    workshop_clear(&w);
    workshop_clear(&a.w);
    return status;
}

/* ---- list ---------------------------------------------------------------------------------- */

static const struct output_column workshop_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 5},
    {"starts_at", N_("Date"), OUTPUT_TEXT, 19},
    {"title", N_("Title"), OUTPUT_TEXT, 28},
    {"duration_min", N_("Duration"), OUTPUT_NUMBER, 0},
    {"seats", N_("Seats"), OUTPUT_TEXT, 9},
    {"walk_ins", N_("Walk-ins"), OUTPUT_NUMBER, 8},
    {"booked", N_("Booked"), OUTPUT_NUMBER, 0},
    {"attended", N_("Attended"), OUTPUT_NUMBER, 0},
    {"capacity", N_("Capacity"), OUTPUT_NUMBER, 0},
    {"free", N_("Free"), OUTPUT_NUMBER, 0},
    {"waitlisted", N_("Waiting"), OUTPUT_NUMBER, 7},
    {"status", N_("Status"), OUTPUT_TEXT, 8},
    {"themes", N_("Themes"), OUTPUT_LIST, 0},
    {"level", N_("Level"), OUTPUT_TEXT, 0},
    {"site", N_("Site"), OUTPUT_TEXT, 0},
    {"room", N_("Room"), OUTPUT_TEXT, 12},
    {"facilitator", N_("Facilitator"), OUTPUT_TEXT, 0},
    {"series", N_("Series"), OUTPUT_NUMBER, 0},
    {"uid", N_("UID"), OUTPUT_TEXT, 0},
};

static int list_one_workshop(const struct workshop *w, void *ctx)
{
    struct cli_listing *l = ctx;
    char seats[32];
    workshop_format_seats(w, seats, sizeof seats);
    output_number(l->out, w->id);
    cli_datetime_cell(l, &w->at);
    output_text(l->out, w->title);
    output_number(l->out, w->duration_min);
    output_text(l->out, seats);
    output_number(l->out, w->walk_ins);
    output_number(l->out, w->booked);
    output_number(l->out, w->attended);
    output_number(l->out, w->capacity);
    output_number(l->out, workshop_seats_free(w));
    output_number(l->out, w->waitlisted);
    output_text(l->out, cli_vocab_cell(l, VOCAB_WORKSHOP_STATUS, w->status));
    cli_vocab_set_cell(l, VOCAB_THEME, w->themes);
    output_text(l->out, cli_vocab_cell(l, VOCAB_LEVEL, w->level));
    output_text(l->out, w->site_name);
    output_text(l->out, w->room);
    output_text(l->out, w->facilitator_name);
    output_number(l->out, w->series_id);
    output_text(l->out, w->uid);
    output_row_end(l->out);
    return GU_OK;
}

/* --from/--to/--format shared by list, calls and ics. from defaults to today. */
struct period_args {
    const char *from, *to;
    char today[DATE_TEXT_SIZE];
    enum output_format format;
    long days;
};

static int parse_period(struct cli *cli, int argc, char **argv, struct period_args *p,
                        bool with_format, bool with_days)
{
    const struct option all[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {with_format ? "format" : "-", required_argument, NULL, OPT_FORMAT},
        {with_days ? "days" : "--", required_argument, NULL, OPT_DAYS},
        {NULL, 0, NULL, 0},
    };
    *p = (struct period_args){.format = OUTPUT_TABLE, .days = 1};
    clock_today_text(0, p->today);
    p->from = p->today;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", all, &status)) != -1 && !status) {
        if (c == OPT_FROM && !(status = parse_date_option(cli, "--from", optarg)))
            p->from = optarg;
        else if (c == OPT_TO && !(status = parse_date_option(cli, "--to", optarg)))
            p->to = optarg;
        else if (c == OPT_FORMAT && output_parse_format(optarg, &p->format, &cli->err))
            status = cli_fail_error(cli);
        else if (c == OPT_DAYS)
            status = parse_count(cli, "--days", optarg, 366, &p->days);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && p->to && strcmp(p->from, p->to) > 0)
        status = refuse(cli, error_set(&cli->err, GU_INVALID, "%s", _("--from comes after --to")));
    return status;
}

static int workshop_rows(struct cli_listing *l, const void *period)
{
    const struct period_args *p = period;
    return store_list_workshops(l->st, p->from, p->to, list_one_workshop, l, &l->cli->err);
}

static int workshop_list(struct cli *cli, int argc, char **argv)
{
    struct period_args p;
    int status = parse_period(cli, argc, argv, &p, true, false);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_print_listing(cli, st, p.format, workshop_columns, ARRAY_LEN(workshop_columns),
                                   workshop_rows, &p);
    store_close(st);
    return status;
}

/* ---- book, unbook ---------------------------------------------------------------------- */

static int workshop_book(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, OPT_NAME},
        {"phone", required_argument, NULL, OPT_PHONE},
        {"email", required_argument, NULL, OPT_EMAIL},
        {"postal-code", required_argument, NULL, OPT_POSTAL_CODE},
        {"commune", required_argument, NULL, OPT_COMMUNE},
        {"insee", required_argument, NULL, OPT_INSEE},
        {"already-helped", required_argument, NULL, OPT_ALREADY_HELPED},
        {NULL, 0, NULL, 0},
    };
    char *name = NULL, *phone = NULL, *email = NULL;
    const char *postal_code = NULL, *commune = NULL, *insee = NULL; /* borrowed from argv */
    struct residence residence = {0};
    enum already_helped helped = HELPED_NOT_GIVEN;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_POSTAL_CODE)
            postal_code = optarg;
        else if (c == OPT_COMMUNE)
            commune = optarg;
        else if (c == OPT_INSEE)
            insee = optarg;
        else if (c == OPT_ALREADY_HELPED)
            status = refuse(cli, already_helped_parse("--already-helped", optarg, &helped,
                                                      &cli->err));
        else if (c == OPT_NAME)
            status = take_text(cli, "--name", optarg, NAME_MAX_CHARS, &name);
        else if (c == OPT_PHONE && !(status = take_text(cli, "--phone", optarg, PHONE_MAX, &phone)) && phone)
            status = refuse(cli, person_validate_phone("--phone", phone, &cli->err));
        else if (c == OPT_EMAIL && !(status = take_text(cli, "--email", optarg, EMAIL_MAX, &email)) && email)
            status = refuse(cli, person_validate_email("--email", email, &cli->err));
    }
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    if (!status && !name)
        status = cli_usage_error(cli, _("missing option: %s"), "--name");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_take_residence(cli, st, postal_code, commune, insee, &residence);
    struct booking b;
    struct person person = {.name = name, .phone = phone, .email = email,
                            .residence = &residence, .already_helped = helped};
    if (!status)
        status = refuse(cli, store_book(st, id, &person, 0, &b, &cli->err));
    if (!status && b.waitlisted)
        printf("%lld waitlisted %d\n", (long long)b.registration_id, b.position);
    else if (!status)
        printf("%lld booked\n", (long long)b.registration_id);
    store_close(st);
    free(name);
    free(phone);
    free(email);
    residence_clear(&residence);
    return status;
}

static int workshop_unbook(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("registration"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct promotion p;
    if (!status)
        status = refuse(cli, store_unbook(st, id, 0, &p, &cli->err));
    if (!status) {
        printf(_("Registration %lld cancelled.\n"), (long long)id);
        if (p.promoted)
            cli_print_promotion(&p, NULL);
        promotion_clear(&p);
    }
    store_close(st);
    return status;
}

/* ---- attend, cancel -------------------------------------------------------------------- */

/* "3,5,8" into a new array (caller frees). */
static int parse_ids(struct cli *cli, const char *field, const char *text, int64_t **ids,
                     size_t *n)
{
    free(*ids);
    *ids = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    *ids = calloc(cap, sizeof **ids);
    if (!*ids)
        return refuse(cli, error_nomem(&cli->err));
    char *copy = strdup(text);
    if (!copy)
        return refuse(cli, error_nomem(&cli->err));
    int status = GU_OK;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && !status; tok = strtok_r(NULL, ",", &save)) {
        long v;
        status = parse_count(cli, field, tok, 999999999L, &v);
        (*ids)[(*n)++] = v;
    }
    if (!status && *n == 0)
        status = cli_usage_error(cli, _("%s: expected registration numbers separated by commas"),
                                 field);
    free(copy);
    return status;
}

static int workshop_attend(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"present", required_argument, NULL, OPT_PRESENT},
        {"absent", required_argument, NULL, OPT_ABSENT},
        {"excused", required_argument, NULL, OPT_EXCUSED},
        {"walk-ins", required_argument, NULL, OPT_WALK_INS},
        {NULL, 0, NULL, 0},
    };
    int64_t *present = NULL, *absent = NULL, *excused = NULL;
    struct attendance a = {.walk_ins = -1};
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_PRESENT)
            status = parse_ids(cli, "--present", optarg, &present, &a.npresent);
        else if (c == OPT_ABSENT)
            status = parse_ids(cli, "--absent", optarg, &absent, &a.nabsent);
        else if (c == OPT_EXCUSED)
            status = parse_ids(cli, "--excused", optarg, &excused, &a.nexcused);
        else if (c == OPT_WALK_INS) {
            long v = 0;
            if (strcmp(optarg, "0") != 0)
                status = parse_count(cli, "--walk-ins", optarg, 1000, &v);
            a.walk_ins = (int)v;
        }
    }
    a.present = present, a.absent = absent, a.excused = excused;
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = refuse(cli, store_take_attendance(st, id, &a, 0, &cli->err));
    if (!status)
        printf(_("Attendance recorded for workshop %lld.\n"), (long long)id);
    store_close(st);
    free(present);
    free(absent);
    free(excused);
    return status;
}

static int workshop_cancel(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"rest-of-series", no_argument, NULL, OPT_REST},
        {NULL, 0, NULL, 0},
    };
    bool rest = false;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        rest |= c == OPT_REST;
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    int count = 0;
    if (!status)
        status = refuse(cli, store_cancel_workshop(st, id, rest, 0, &count, &cli->err));
    if (!status)
        printf(ngettext("%d workshop cancelled; the people registered are on the call list, to "
                        "tell (guichet workshop calls).\n",
                        "%d workshops cancelled; the people registered are on the call list, to "
                        "tell (guichet workshop calls).\n",
                        (unsigned long)count),
               count);
    store_close(st);
    return status;
}

static int workshop_reopen(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    int to_tell = 0;
    if (!status)
        status = refuse(cli, store_reopen_workshop(st, id, 0, &to_tell, &cli->err));
    if (!status) {
        printf(_("Workshop %lld reopened.\n"), (long long)id);
        if (to_tell)
            printf(ngettext("%d person was told of the cancellation: tell them it is on again "
                            "(guichet workshop calls).\n",
                            "%d people were told of the cancellation: tell them it is on again "
                            "(guichet workshop calls).\n",
                            (unsigned long)to_tell),
                   to_tell);
    }
    store_close(st);
    return status;
}

static int workshop_told(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("registration"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = refuse(cli, store_mark_told(st, id, 0, &cli->err));
    if (!status)
        printf(_("Registration %lld: told.\n"), (long long)id);
    store_close(st);
    return status;
}

/* ---- calls, sheet, ics ----------------------------------------------------------------- */

static const struct output_column call_columns[] = {
    {"starts_at", N_("Date"), OUTPUT_TEXT, 19},
    {"workshop", N_("No."), OUTPUT_NUMBER, 5},
    {"title", N_("Workshop"), OUTPUT_TEXT, 24},
    {"registration", N_("Registration"), OUTPUT_NUMBER, 0},
    {"appointment", N_("Appointment"), OUTPUT_NUMBER, 11},
    {"name", N_("Name"), OUTPUT_TEXT, 22},
    {"phone", N_("Phone"), OUTPUT_TEXT, 16},
    {"email", N_("E-mail"), OUTPUT_TEXT, 24},
    {"notice", N_("To tell"), OUTPUT_TEXT, 18},
};

static int list_one_call(const struct call_row *c, void *ctx)
{
    struct cli_listing *l = ctx;
    cli_datetime_cell(l, &c->at);
    /* a workshop's registration, or an appointment: the other's numbers empty */
    const int64_t numbers[] = {c->workshop_id, c->registration_id, c->appointment_id};
    for (int i = 0; i < 3; i++) {
        if (numbers[i])
            output_number(l->out, numbers[i]);
        else
            output_text(l->out, NULL);
        if (i == 0)
            output_text(l->out, c->title);
    }
    output_text(l->out, c->name);
    cli_phone_cell(l, c->phone);
    output_text(l->out, c->email);
    /* What to tell them, as the desk says it in a table, as a code in files. */
    const char *code = workshop_notice_code(c->notice);
    output_text(l->out, l->format == OUTPUT_TABLE ? workshop_notice_label(c->notice)
                        : *code ? code : NULL);
    output_row_end(l->out);
    return GU_OK;
}

/* period[0] and period[1]: from and until, as store_list_calls takes them. */
static int call_rows(struct cli_listing *l, const void *period)
{
    const char *const *p = period;
    return store_list_calls(l->st, p[0], p[1], list_one_call, l, &l->cli->err);
}

static int workshop_calls(struct cli *cli, int argc, char **argv)
{
    struct period_args p;
    int status = parse_period(cli, argc, argv, &p, true, true);
    /* From now to the end of the N-th day ahead: tomorrow's workshops when --days is 1. */
    char from[DATETIME_TEXT_SIZE], until[DATE_TEXT_SIZE];
    struct gu_datetime now = clock_now();
    datetime_format(&now, from);
    clock_today_text(p.days + 1, until);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    const char *period[2] = {from, until};
    if (!status)
        status = cli_print_listing(cli, st, p.format, call_columns, ARRAY_LEN(call_columns),
                                   call_rows, period);
    store_close(st);
    return status;
}

static int workshop_sheet(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    enum sheet_format format = SHEET_TEXT;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (!strcmp(optarg, "csv"))
            format = SHEET_CSV;
        else if (!strcmp(optarg, "html"))
            format = SHEET_HTML;
        else if (!strcmp(optarg, "text"))
            format = SHEET_TEXT;
        else
            status = refuse(cli, error_set(&cli->err, GU_INVALID,
                                           _("--format: unknown format \"%s\" (valid: text, csv, "
                                             "html)"),
                                           optarg));
    }
    int64_t id = 0;
    if (!status)
        status = take_id(cli, argc, argv, _("workshop"), &id);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    bool found = false;
    if (!status)
        status = refuse(cli, sheet_write_attendance(stdout, st, id, format, &found, &cli->err));
    if (!status && !found)
        status = refuse(cli, error_set(&cli->err, GU_INVALID, _("workshop %lld does not exist"),
                                       (long long)id));
    store_close(st);
    return status;
}

/* What the calendar is written with: the sites' zones and addresses, looked up by name. */
struct calendar_ctx {
    struct ics *ics;
    struct store_site *sites;
    size_t n;
    struct gu_error *err;
};

static int add_to_calendar(const struct workshop *w, void *ctx)
{
    struct calendar_ctx *c = ctx;
    /* A workshop without a site is the database's first site's (the lowest id, whose zone
     * store_site_zone gives for no site): its zone, and its name and e-mail for the organizer. */
    const struct store_site *found = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (w->site_name ? !strcmp(c->sites[i].name, w->site_name)
                         : !found || c->sites[i].id < found->id)
            found = &c->sites[i];
    struct ics_site site = {clock_zone(), NULL, NULL};
    if (found)
        site = (struct ics_site){found->zone, found->name, found->email};
    return ics_add(c->ics, w, &site, c->err);
}

static int workshop_ics(struct cli *cli, int argc, char **argv)
{
    struct period_args p;
    int status = parse_period(cli, argc, argv, &p, false, false);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct calendar_ctx c = {.err = &cli->err};
    if (!status && store_list_site_details(st, &c.sites, &c.n, &cli->err))
        status = refuse(cli, GU_FAILURE);
    c.ics = status ? NULL : ics_begin();
    if (!status && !c.ics)
        status = refuse(cli, error_nomem(&cli->err));
    if (!status) {
        int s1 = store_list_workshops(st, p.from, p.to, add_to_calendar, &c, &cli->err);
        int s2 = ics_end(c.ics, stdout, s1 ? NULL : &cli->err);
        status = refuse(cli, s1 ? s1 : s2);
    }
    store_free_sites(c.sites, c.n);
    store_close(st);
    return status;
}

/* ---- dispatch ------------------------------------------------------------------------- */

const struct command workshop_commands[] = {
    {"add", workshop_add,
     N_("workshop add --title T --at \"YYYY-MM-DD HH:MM\" --duration MIN --capacity N\n"
        "      [--theme CODES] [--level CODE] [--room R] [--site S] [--facilitator NAME]\n"
        "      [--description TEXT] [--repeat-weeks K [--every N]]"),
     N_("plan a workshop, or K dates of it every N weeks; prints the new numbers")},
    {"edit", workshop_edit,
     N_("workshop edit ID [--title T] [--at …] [--duration MIN] [--capacity N] [other fields]"),
     N_("change a planned workshop; new seats go to the waitlist, whom to call is printed")},
    {"list", workshop_list, N_("workshop list [--from DATE] [--to DATE] [--format table|csv|json|xlsx]"),
     N_("list workshops with seats taken and free")},
    {"book", workshop_book, N_("workshop book ID --name NAME [--phone P] [--email E] [--postal-code CODE]\n"
        "      [--commune NAME] [--insee CODE] [--already-helped yes|no]"),
     N_("book a seat, or a place on the waitlist; prints the registration number")},
    {"unbook", workshop_unbook, N_("workshop unbook REGISTRATION"),
     N_("cancel a registration; prints whom to call if a waiting person gets the seat")},
    {"attend", workshop_attend,
     N_("workshop attend ID --present R[,R…] [--absent R,…] [--excused R,…] [--walk-ins N]"),
     N_("record attendance after the workshop")},
    {"cancel", workshop_cancel, N_("workshop cancel ID [--rest-of-series]"),
     N_("cancel a workshop, or it and the later dates of its series")},
    {"reopen", workshop_reopen, N_("workshop reopen ID"),
     N_("plan a cancelled workshop again; says whom to tell")},
    {"calls", workshop_calls, N_("workshop calls [--days N] [--format table|csv|json|xlsx]"),
     N_("people to call: those to tell of a cancellation or a reopening, then booked seats and "
        "planned appointments of the next N days, with phone numbers")},
    {"told", workshop_told, N_("workshop told REGISTRATION"),
     N_("the person was told of the cancellation (or reopening): off the call list")},
    {"sheet", workshop_sheet, N_("workshop sheet ID [--format text|csv|html]"),
     N_("the attendance sheet, with a signature column")},
    {"ics", workshop_ics, N_("workshop ics [--from DATE] [--to DATE]"),
     N_("the workshops as an iCalendar file (RFC 5545) for publishing")},
};
const size_t workshop_command_count = ARRAY_LEN(workshop_commands);

