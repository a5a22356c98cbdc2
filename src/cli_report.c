/* guichet report and guichet export activities: the figures owed to councils and funders, and
 * one row per activity in the national report's vocabulary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cli_internal.h"
#include "i18n.h"
#include "report.h"
#include "text.h"
#include "xlsx.h"

enum report_option { OPT_FROM = 300, OPT_TO, OPT_SITE, OPT_OPERATOR, OPT_FORMAT, OPT_BOM,
                     OPT_PERIOD, OPT_OUTPUT };

/* The id of the site or operator named (case and accents ignored); GU_INVALID when none is. */
static int find_named(struct cli *cli, struct store *st, bool operator, const char *name,
                      int64_t *id)
{
    struct store_named *items;
    size_t n;
    if ((operator ? store_list_operators : store_list_sites)(st, &items, &n, &cli->err))
        return cli_fail_error(cli);
    char *want = text_fold(name);
    *id = 0;
    for (size_t i = 0; want && i < n; i++) {
        char *have = text_fold(items[i].name);
        if (have && !strcmp(have, want))
            *id = items[i].id;
        free(have);
    }
    free(want);
    store_free_named(items, n);
    if (!*id)
        return cli_fail(cli, GU_INVALID,
                        operator ? _("no operator has this name") : _("no site has this name"));
    return GU_OK;
}

/* --period day|week|month|quarter|year: the one containing today. */
static int period_bounds(struct cli *cli, const char *period, struct store_report_filter *f)
{
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    long days = date_to_days(y, m, d);
    int fy = y, fm = m, fd = d, ty = y, tm = m, td = d;
    if (!strcmp(period, "week")) {
        long monday = days - date_weekday(y, m, d);
        date_from_days(monday, &fy, &fm, &fd);
        date_from_days(monday + 6, &ty, &tm, &td);
    } else if (!strcmp(period, "month")) {
        fd = 1;
        td = date_days_in_month(y, m);
    } else if (!strcmp(period, "quarter")) {
        fm = (m - 1) / 3 * 3 + 1, fd = 1;
        tm = fm + 2, td = date_days_in_month(y, tm);
    } else if (!strcmp(period, "year")) {
        fm = 1, fd = 1, tm = 12, td = 31;
    } else if (strcmp(period, "day") != 0)
        return cli_usage_error(cli, _("--period: unknown period \"%s\" (valid: day, week, month, quarter, year)"),
                               period);
    date_format(fy, fm, fd, f->from);
    date_format(ty, tm, td, f->to);
    return GU_OK;
}

struct period_args {
    struct store_report_filter filter;
    const char *site, *operator;
    bool bom;
    const char *format;
    const char *output; /* --output FILE: written there (mode 0600) rather than to stdout */
};

/* Reads --from --to --period --site --operator --format --bom --output; the default period is
 * the current month. */
static int parse_period_args(struct cli *cli, int argc, char **argv, bool with_site,
                             struct period_args *a)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"site", required_argument, NULL, OPT_SITE},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"format", required_argument, NULL, OPT_FORMAT}, {"bom", no_argument, NULL, OPT_BOM},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {NULL, 0, NULL, 0},
    };
    *a = (struct period_args){0};
    int status = period_bounds(cli, "month", &a->filter), c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        switch (c) {
        case OPT_FROM:
        case OPT_TO:
            if (!(status = parse_date_option(cli, c == OPT_FROM ? "--from" : "--to", optarg)))
                snprintf(c == OPT_FROM ? a->filter.from : a->filter.to, DATE_TEXT_SIZE, "%s", optarg);
            break;
        case OPT_PERIOD: status = period_bounds(cli, optarg, &a->filter); break;
        case OPT_SITE: a->site = optarg; break;
        case OPT_OPERATOR: a->operator = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_BOM: a->bom = true; break;
        case OPT_OUTPUT: a->output = optarg; break;
        }
    }
    if (!status && !with_site && (a->site || a->operator || a->format || a->output))
        status = cli_usage_error(cli, "%s", _("this command takes --from, --to, --period and --bom"));
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && strcmp(a->filter.from, a->filter.to) > 0) {
        error_set(&cli->err, GU_INVALID, "%s", _("--from comes after --to"));
        status = cli_fail_error(cli);
    }
    return status;
}

/* Exports go to the audit log: what and which period, never what they contained. */
static int audit_export(struct cli *cli, struct store *st, const char *what,
                        const struct store_report_filter *f)
{
    char detail[128];
    snprintf(detail, sizeof detail, "%s %s..%s%s", what, f->from, f->to,
             f->site_id || f->operator_id ? " (filtered)" : "");
    return store_audit_export(st, 0, what, detail, &cli->err);
}

/* Where a report or an export goes: --output FILE, else the standard output. An Excel file is
 * binary, so it is refused on a terminal: checked first, before any work. */
static int target_check(struct cli *cli, const struct period_args *a, bool xlsx)
{
    if (xlsx && !a->output && xlsx_check_target(stdout, true, &cli->err))
        return cli_fail_error(cli);
    return GU_OK;
}

/* Opens the destination once there is something to write: --output FILE (mode 0600, *created
 * saying whether this made it) or stdout. Returns the status, the error reported. */
static int target_open(struct cli *cli, const struct period_args *a, FILE **out, bool *created)
{
    *created = false;
    *out = a->output ? output_open_file(a->output, created, &cli->err) : stdout;
    return *out ? GU_OK : cli_fail_error(cli);
}

/* Closes what target_open opened; returns status, or a failure to close. A failed command
 * removes the file it created, so that no half-written file is taken for a whole one. */
static int target_close(struct cli *cli, const struct period_args *a, FILE *out, bool created,
                        int status)
{
    if (out && out != stdout && fclose(out) && !status) {
        error_set(&cli->err, GU_FAILURE, "%s", _("cannot write the output"));
        status = cli_fail_error(cli);
    }
    if (status && created)
        remove(a->output);
    return status;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    struct period_args a;
    int status = parse_period_args(cli, argc, argv, true, &a);
    enum report_format format = REPORT_TEXT;
    static const char *const formats[] = {"text", "csv", "json", "html", "xlsx"};
    if (!status && a.format) {
        size_t i = 0;
        while (i < ARRAY_LEN(formats) && strcmp(formats[i], a.format))
            i++;
        if (i == ARRAY_LEN(formats))
            status = cli_usage_error(cli, _("--format: unknown format \"%s\" (valid: text, csv, json, html, xlsx)"),
                                     a.format);
        format = (enum report_format)i;
    }
    if (!status)
        status = target_check(cli, &a, format == REPORT_XLSX);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && a.site)
        status = find_named(cli, st, false, a.site, &a.filter.site_id);
    if (!status && a.operator)
        status = find_named(cli, st, true, a.operator, &a.filter.operator_id);
    struct report *r = status ? NULL : calloc(1, sizeof *r);
    if (!status && !r)
        status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    if (!status && report_build(st, &a.filter, r, &cli->err))
        status = cli_fail_error(cli);
    bool created = false;
    FILE *out = NULL;
    if (!status)
        status = target_open(cli, &a, &out, &created);
    if (!status && a.bom && format == REPORT_CSV)
        fputs("\xEF\xBB\xBF", out);
    if (!status && report_write(out, r, format, a.operator, &cli->err))
        status = cli_fail_error(cli);
    status = target_close(cli, &a, out, created, status);
    if (!status && audit_export(cli, st, "report", &a.filter))
        status = cli_fail_error(cli);
    if (r)
        report_clear(r);
    free(r);
    store_close(st);
    return status;
}

/* ---- export activities --------------------------------------------------------------------- */

struct held {
    struct workshop *items;
    size_t n, cap, next;
};

static int keep_held(const struct workshop *w, void *ctx)
{
    struct held *h = ctx;
    if (w->status != workshop_status("held"))
        return GU_OK;
    if (!array_reserve(&h->items, &h->cap, h->n, sizeof *h->items, 64))
        return GU_FAILURE;
    struct gu_error err;
    if (workshop_copy(&h->items[h->n], w, &err))
        return GU_FAILURE;
    h->n++;
    return GU_OK;
}

static void cell(const char *text)
{
    output_csv_field(stdout, text, true);
    fputc(',', stdout);
}

/* The codes and the labels of a set, each joined by '|'. */
static void set_cells(enum vocab_kind kind, vocab_set set)
{
    char codes[1024] = "", labels[2048] = "";
    for (int i = 0; set; i++, set >>= 1)
        if (set & 1) {
            size_t c = strlen(codes), l = strlen(labels);
            snprintf(codes + c, sizeof codes - c, "%s%s", c ? "|" : "", vocab_code(kind, i));
            snprintf(labels + l, sizeof labels - l, "%s%s", l ? "|" : "", vocab_label(kind, i));
        }
    cell(codes);
    cell(labels);
}

static void one_cells(enum vocab_kind kind, int index)
{
    cell(index == VOCAB_NONE ? NULL : vocab_code(kind, index));
    cell(index == VOCAB_NONE ? NULL : vocab_label(kind, index));
}

static void activity_row(const char *type, const struct gu_datetime *at, int minutes, int place,
                         vocab_set themes, vocab_set demarches, vocab_set materials, int autonomy,
                         bool oriented, int orientation, int named, int anonymous,
                         const char *site, const char *operator)
{
    char date[DATE_TEXT_SIZE], time[8], number[24];
    date_format(at->year, at->month, at->day, date);
    snprintf(time, sizeof time, "%02d:%02d", at->hour % 100, at->minute % 100);
    one_cells(VOCAB_ACTIVITY_TYPE, vocab_find(VOCAB_ACTIVITY_TYPE, type));
    cell(date);
    cell(time);
    snprintf(number, sizeof number, "%d", minutes);
    cell(number);
    one_cells(VOCAB_PLACE, place);
    set_cells(VOCAB_THEME, themes);
    set_cells(VOCAB_DEMARCHE, demarches);
    set_cells(VOCAB_MATERIAL, materials);
    one_cells(VOCAB_AUTONOMY, autonomy);
    cell(oriented ? "oui" : "non");
    one_cells(VOCAB_ORIENTATION, oriented ? orientation : VOCAB_NONE);
    printf("%d,%d,%d,", named + anonymous, named, anonymous);
    cell(site);
    output_csv_field(stdout, operator, true);
    fputs("\r\n", stdout);
}

static bool before(const struct gu_datetime *a, const struct gu_datetime *b)
{
    char x[DATETIME_TEXT_SIZE], y[DATETIME_TEXT_SIZE];
    datetime_format(a, x);
    datetime_format(b, y);
    return strcmp(x, y) < 0;
}

static void flush_workshops(struct held *h, const struct gu_datetime *until)
{
    for (; h->next < h->n && (!until || before(&h->items[h->next].at, until)); h->next++) {
        const struct workshop *w = &h->items[h->next];
        activity_row("collectif", &w->at, w->duration_min, vocab_find(VOCAB_PLACE, "lieu_activite"),
                     w->themes, 0, 0, VOCAB_NONE, false, VOCAB_NONE, w->attended, w->walk_ins,
                     w->site_name, w->facilitator_name);
    }
}

static int export_session(const struct help_session *s, void *ctx)
{
    flush_workshops(ctx, &s->at);
    activity_row("individuel", &s->at, s->duration_min, s->place, s->themes, s->demarches,
                 s->materials, s->autonomy, s->oriented, s->orientation, 1, 0, s->site_name,
                 s->operator_name);
    return ferror(stdout) ? GU_FAILURE : GU_OK;
}

static int export_activities(struct cli *cli, int argc, char **argv)
{
    struct period_args a;
    int status = parse_period_args(cli, argc, argv, false, &a);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct held held = {0};
    if (!status && store_list_workshops(st, a.filter.from, a.filter.to, keep_held, &held, &cli->err))
        status = cli->err.message[0] ? cli_fail_error(cli) : cli_fail(cli, GU_FAILURE, _("out of memory"));
    if (!status) {
        if (a.bom)
            fputs("\xEF\xBB\xBF", stdout);
        fputs("type_code,type,date,time,duration_min,place_code,place,theme_codes,themes,"
              "demarche_codes,demarches,material_codes,materials,autonomy_code,autonomy,oriented,"
              "orientation_code,orientation,participants,named_participants,"
              "anonymous_participants,site,operator\r\n",
              stdout);
        struct session_filter filter = {.from = a.filter.from, .to = a.filter.to};
        if (store_list_sessions(st, &filter, export_session, &held, &cli->err))
            status = cli->err.message[0] ? cli_fail_error(cli)
                                         : cli_fail(cli, GU_FAILURE, _("cannot write the output"));
        flush_workshops(&held, NULL);
    }
    if (!status && (fflush(stdout) || ferror(stdout)))
        status = cli_fail(cli, GU_FAILURE, _("cannot write the output"));
    if (!status && audit_export(cli, st, "activities", &a.filter))
        status = cli_fail_error(cli);
    for (size_t i = 0; i < held.n; i++)
        workshop_clear(&held.items[i]);
    free(held.items);
    store_close(st);
    return status;
}

const struct command export_commands[] = {
    {"activities", export_activities,
     N_("export activities [--from DATE] [--to DATE] [--period P] [--bom]"),
     N_("one CSV row per activity in the national report's vocabulary, codes and French labels")},
};
const size_t export_command_count = ARRAY_LEN(export_commands);

