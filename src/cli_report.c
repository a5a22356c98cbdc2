/* guichet report and guichet export activities|coop: the figures owed to councils and funders,
 * one row per activity in the national report's vocabulary, and the national tool's own
 * "Accompagnements" layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "array.h"
#include "cli_internal.h"
#include "commune.h"
#include "coop.h"
#include "i18n.h"
#include "report.h"
#include "store_export.h"
#include "strbuf.h"
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
    return *id ? GU_OK : cli_no_such(cli, operator, name);
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
    const char *period; /* --period, NULL for the default month */
    bool dates_given;   /* --from or --to */
    const char *output; /* --output FILE: written there (mode 0600) rather than to stdout; NULL
                         * for the standard output ("-" or no --output) */
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
            a->dates_given = true;
            if (!(status = parse_date_option(cli, c == OPT_FROM ? "--from" : "--to", optarg)))
                snprintf(c == OPT_FROM ? a->filter.from : a->filter.to, DATE_TEXT_SIZE, "%s", optarg);
            break;
        case OPT_PERIOD:
            a->period = optarg;
            status = period_bounds(cli, optarg, &a->filter);
            break;
        case OPT_SITE:
            status = cli_check_site(cli, a->site, optarg);
            a->site = optarg;
            break;
        case OPT_OPERATOR: a->operator = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_BOM: a->bom = true; break;
        case OPT_OUTPUT:
            /* "-" is the standard output, as for other tools; an empty name is no file. */
            if (!*optarg)
                status = cli_usage_error(cli, "%s", _("--output: the file name is empty"));
            a->output = strcmp(optarg, "-") ? optarg : NULL;
            break;
        }
    }
    if (!status && !with_site && (a->site || a->operator))
        status = cli_usage_error(
            cli, "%s", _("this command takes --from, --to, --period, --format, --output and --bom"));
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

/* What --output never replaces: the database's files, under every name it is opened by, and
 * its backup folders (store_get_own_paths). */
struct target_keep {
    struct store_own_paths own;
    struct output_keep *keep;
    size_t n;
};

/* The files of the database, and with st its backup folders; the error reported. */
static int target_keep_fill(struct cli *cli, struct store *st, struct target_keep *k)
{
    *k = (struct target_keep){0};
    /* The name given, a link's as much as its target's (which cli_db_path gives). */
    char *db = cli->db_path ? strdup(cli->db_path) : store_default_path(&cli->err);
    if (!db)
        return cli->db_path ? cli_fail(cli, GU_FAILURE, _("out of memory")) : cli_fail_error(cli);
    int status = store_get_own_paths(st, db, &k->own, &cli->err);
    free(db);
    if (status)
        return cli_fail_error(cli);
    if (!(k->keep = calloc(k->own.nfiles + k->own.nfolders + 1, sizeof *k->keep)))
        return cli_fail(cli, GU_FAILURE, _("out of memory"));
    for (size_t i = 0; i < k->own.nfiles; i++)
        k->keep[k->n++] = (struct output_keep){k->own.files[i], false};
    for (size_t i = 0; i < k->own.nfolders; i++)
        k->keep[k->n++] = (struct output_keep){k->own.folders[i], true};
    return GU_OK;
}

static void target_keep_clear(struct target_keep *k)
{
    store_own_paths_free(&k->own);
    free(k->keep);
    *k = (struct target_keep){0};
}

/* Where a report or an export goes: --output FILE, else the standard output. Checked first,
 * before any work: an Excel file is binary, so it is refused on a terminal; FILE is refused
 * when it must not be replaced (the backups folder is known once the store is open: checked
 * again by target_open). */
static int target_check(struct cli *cli, const struct period_args *a, bool xlsx)
{
    if (xlsx && !a->output && xlsx_check_target(stdout, true, &cli->err))
        return cli_fail_error(cli);
    if (!a->output)
        return GU_OK;
    struct target_keep keep;
    int status = target_keep_fill(cli, NULL, &keep);
    if (!status && output_check_file(a->output, keep.keep, keep.n, &cli->err))
        status = cli_fail_error(cli);
    target_keep_clear(&keep);
    return status;
}

/* Opens the destination once there is something to write: --output FILE, refused when it is the
 * database or one of its files, built beside it and put in place by target_close only; else
 * stdout. Returns the status, the error reported. */
static int target_open(struct cli *cli, struct store *st, const struct period_args *a, bool xlsx,
                       struct target_keep *keep, struct output_file *file, FILE **out)
{
    *file = (struct output_file){0};
    *keep = (struct target_keep){0};
    *out = stdout;
    if (!a->output)
        return GU_OK;
    int status = target_keep_fill(cli, st, keep); /* reported */
    if (!status && output_open_file(file, a->output, keep->keep, keep->n, &cli->err))
        status = cli_fail_error(cli);
    /* A terminal named (/dev/tty): an Excel file is refused there as on the standard output. */
    if (!status && xlsx && isatty(fileno(file->f))) {
        output_discard_file(file);
        error_set(&cli->err, GU_INVALID,
                  _("--output: %s is a terminal: an Excel file is not shown on one; give a file "
                    "name"),
                  a->output);
        status = cli_fail_error(cli);
    }
    if (status)
        return status;
    *out = file->f;
    return GU_OK;
}

/* Puts the file in place when status is GU_OK, else leaves the target as it was; returns
 * status, or a failure to write. */
static int target_close(struct cli *cli, struct target_keep *keep, struct output_file *file,
                        int status)
{
    if (!status && file->f && output_commit_file(file, keep->keep, keep->n, &cli->err))
        status = cli_fail_error(cli);
    output_discard_file(file);
    target_keep_clear(keep);
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
    /* --site all: the whole network, broken down by site, as without --site. */
    if (!status && a.site && !strcasecmp(a.site, "all"))
        a.site = NULL;
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && a.site)
        status = find_named(cli, st, false, a.site, &a.filter.site_id);
    /* "This month" is the site's (or the database's first site's) once the store says its zone. */
    if (!status && cli_use_site_zone(cli, st, a.site))
        status = cli_fail_error(cli);
    if (!status && !a.dates_given)
        status = period_bounds(cli, a.period ? a.period : "month", &a.filter);
    if (!status && a.operator)
        status = find_named(cli, st, true, a.operator, &a.filter.operator_id);
    struct report *r = status ? NULL : calloc(1, sizeof *r);
    if (!status && !r)
        status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    if (!status && report_build(st, &a.filter, r, &cli->err))
        status = cli_fail_error(cli);
    struct target_keep keep = {0};
    struct output_file file = {0};
    FILE *out = NULL;
    if (!status)
        status = target_open(cli, st, &a, format == REPORT_XLSX, &keep, &file, &out);
    if (!status && a.bom && format == REPORT_CSV)
        fputs("\xEF\xBB\xBF", out);
    if (!status && report_write(out, r, format, a.operator, &cli->err))
        status = cli_fail_error(cli);
    status = target_close(cli, &keep, &file, status);
    if (!status && audit_export(cli, st, "report", &a.filter))
        status = cli_fail_error(cli);
    if (r)
        report_clear(r);
    free(r);
    store_close(st);
    return status;
}

/* ---- export activities, export coop ---------------------------------------------------------- */

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

/* One activity as both exports see it: a help session or a held workshop (all borrowed). */
struct activity {
    enum store_record kind;
    int64_t id;
    const struct gu_datetime *at;
    int minutes, place;
    const char *title, *room, *description; /* workshops */
    int capacity;                            /* workshops; -1 for sessions */
    int level;
    vocab_set themes, demarches, materials;
    const char *procedure;
    int autonomy;
    bool asked_oriented; /* sessions: the form asks whether the person was oriented */
    bool oriented;
    int orientation;
    int named, anonymous;
    int absent, excused; /* workshops: the people booked who did not come; -1 for sessions */
    int age, status, gender;
    const struct residence *residence; /* sessions: the person's commune; NULL for workshops */
    enum already_helped already_helped;
    const char *note, *site, *operator;
};

struct export {
    struct cli *cli;
    struct store *st;
    struct output *out;
    struct store_times *times;
    struct held held;
    bool coop;
    int status; /* the first failure, with its message in cli->err */
};

/* ---- export activities: every field guichet holds, codes and labels side by side ---- */

static const struct output_column activity_columns[] = {
    {"number", "number", OUTPUT_NUMBER, 0},
    {"type_code", "type_code", OUTPUT_TEXT, 0},
    {"type", "type", OUTPUT_TEXT, 0},
    {"date", "date", OUTPUT_DATE, 0},
    {"time", "time", OUTPUT_TEXT, 0},
    {"duration_min", "duration_min", OUTPUT_NUMBER, 0},
    {"place_code", "place_code", OUTPUT_TEXT, 0},
    {"place", "place", OUTPUT_TEXT, 0},
    {"workshop_title", "workshop_title", OUTPUT_TEXT, 0},
    {"room", "room", OUTPUT_TEXT, 0},
    {"description", "description", OUTPUT_TEXT, 0},
    {"capacity", "capacity", OUTPUT_NUMBER, 0},
    {"level_code", "level_code", OUTPUT_TEXT, 0},
    {"level", "level", OUTPUT_TEXT, 0},
    {"theme_codes", "theme_codes", OUTPUT_LIST, 0},
    {"themes", "themes", OUTPUT_LIST, 0},
    {"demarche_codes", "demarche_codes", OUTPUT_LIST, 0},
    {"demarches", "demarches", OUTPUT_LIST, 0},
    {"procedure", "procedure", OUTPUT_TEXT, 0},
    {"material_codes", "material_codes", OUTPUT_LIST, 0},
    {"materials", "materials", OUTPUT_LIST, 0},
    {"autonomy_code", "autonomy_code", OUTPUT_TEXT, 0},
    {"autonomy", "autonomy", OUTPUT_TEXT, 0},
    {"oriented", "oriented", OUTPUT_TEXT, 0},
    {"orientation_code", "orientation_code", OUTPUT_TEXT, 0},
    {"orientation", "orientation", OUTPUT_TEXT, 0},
    {"participants", "participants", OUTPUT_NUMBER, 0},
    {"named_participants", "named_participants", OUTPUT_NUMBER, 0},
    {"anonymous_participants", "anonymous_participants", OUTPUT_NUMBER, 0},
    {"absent", "absent", OUTPUT_NUMBER, 0},
    {"excused", "excused", OUTPUT_NUMBER, 0},
    {"age_code", "age_code", OUTPUT_TEXT, 0},
    {"age", "age", OUTPUT_TEXT, 0},
    {"status_code", "status_code", OUTPUT_TEXT, 0},
    {"status", "status", OUTPUT_TEXT, 0},
    {"gender_code", "gender_code", OUTPUT_TEXT, 0},
    {"gender", "gender", OUTPUT_TEXT, 0},
    {"postal_code", "postal_code", OUTPUT_TEXT, 0},
    {"commune", "commune", OUTPUT_TEXT, 0},
    {"insee", "insee", OUTPUT_TEXT, 0},
    {"already_helped", "already_helped", OUTPUT_TEXT, 0},
    {"note", "note", OUTPUT_TEXT, 0},
    {"site", "site", OUTPUT_TEXT, 0},
    {"operator", "operator", OUTPUT_TEXT, 0},
    {"created_at", "created_at", OUTPUT_DATETIME, 0},
    {"updated_at", "updated_at", OUTPUT_DATETIME, 0},
};

static void code_and_label(struct output *o, enum vocab_kind kind, int index)
{
    output_text(o, index == VOCAB_NONE ? NULL : vocab_code(kind, index));
    output_text(o, index == VOCAB_NONE ? NULL : vocab_label(kind, index));
}

/* vocab_set has 32 bits: no set has more members. */
static void codes_and_labels(struct output *o, enum vocab_kind kind, vocab_set set)
{
    const char *codes[32], *labels[32];
    size_t n = 0;
    for (int i = 0; i < 32; i++)
        if (set >> i & 1) {
            codes[n] = vocab_code(kind, i);
            labels[n++] = vocab_label(kind, i);
        }
    output_list(o, codes, n);
    output_list(o, labels, n);
}

/* A count, or nothing where it has no meaning (negative). */
static void number_or_none(struct output *o, int n)
{
    if (n < 0)
        output_text(o, NULL);
    else
        output_number(o, n);
}

/* Yes or No in the language of the labels beside it (export coop writes the Coop's Oui/Non). */
static const char *yes_no(bool yes)
{
    return yes ? _("Yes") : _("No");
}

static void activity_row(struct output *o, const struct activity *a,
                         const struct store_record_times *t)
{
    char date[DATE_TEXT_SIZE], time[8];
    date_format(a->at->year, a->at->month, a->at->day, date);
    snprintf(time, sizeof time, "%02d:%02d", a->at->hour % 100, a->at->minute % 100);
    output_number(o, a->id);
    code_and_label(o, VOCAB_ACTIVITY_TYPE,
                   vocab_find(VOCAB_ACTIVITY_TYPE,
                              a->kind == STORE_RECORD_WORKSHOP ? "collectif" : "individuel"));
    output_date(o, date);
    output_text(o, time);
    output_number(o, a->minutes);
    code_and_label(o, VOCAB_PLACE, a->place);
    output_text(o, a->title);
    output_text(o, a->room);
    output_text(o, a->description);
    number_or_none(o, a->capacity);
    code_and_label(o, VOCAB_LEVEL, a->level);
    codes_and_labels(o, VOCAB_THEME, a->themes);
    codes_and_labels(o, VOCAB_DEMARCHE, a->demarches);
    output_text(o, a->procedure);
    codes_and_labels(o, VOCAB_MATERIAL, a->materials);
    code_and_label(o, VOCAB_AUTONOMY, a->autonomy);
    output_text(o, a->asked_oriented ? yes_no(a->oriented) : NULL);
    code_and_label(o, VOCAB_ORIENTATION, a->oriented ? a->orientation : VOCAB_NONE);
    output_number(o, a->named + a->anonymous);
    output_number(o, a->named);
    output_number(o, a->anonymous);
    number_or_none(o, a->absent);
    number_or_none(o, a->excused);
    code_and_label(o, VOCAB_AGE, a->age);
    code_and_label(o, VOCAB_STATUS, a->status);
    code_and_label(o, VOCAB_GENDER, a->gender);
    output_text(o, a->residence ? a->residence->postal_code : NULL);
    output_text(o, a->residence ? a->residence->name : NULL);
    output_text(o, a->residence ? a->residence->insee : NULL);
    output_text(o, a->already_helped == HELPED_NOT_GIVEN ? NULL
                                                         : yes_no(a->already_helped == HELPED_YES));
    output_text(o, a->note);
    output_text(o, a->site);
    output_text(o, a->operator);
    output_datetime(o, *t->created ? t->created : NULL);
    output_datetime(o, *t->updated ? t->updated : NULL);
    output_row_end(o);
}

/* ---- export coop: La Coop de la médiation numérique's "Accompagnements" layout ---- */

/* The kinds of the columns of data/coop/accompagnements-columns.tsv, in its order. */
static const enum output_kind coop_kinds[] = {
    OUTPUT_DATE, OUTPUT_DATETIME, OUTPUT_DATETIME, /* Date, Enregistré le, Dernière modification le */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Type, Participants, Bénéficiaire */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Canaux d’accompagnement, Nom du lieu, Adresse */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Commune, Code postal, Code Insee */
    OUTPUT_NUMBER, OUTPUT_TEXT, OUTPUT_LIST,       /* Durée (min), Nom de l’atelier, Matériel… */
    OUTPUT_LIST, OUTPUT_LIST, OUTPUT_TEXT,         /* Thématique(s)…, Tags, Nom de la démarche… */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Niveau d’autonomie…, réorienté, Structure… */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Commune, Code postal, Code Insee du bénéficiaire */
    OUTPUT_TEXT, OUTPUT_TEXT, OUTPUT_TEXT,         /* Genre, Tranche d’âge, Statut du bénéficiaire */
    OUTPUT_TEXT, OUTPUT_TEXT,                      /* Notes supplémentaires, ID CRA */
};

/* The place of the activity: the Coop has the structure's name, address, commune, postal code
 * and INSEE code; guichet knows its sites by name only. */
static void coop_place_cells(struct output *o, const char *site)
{
    output_text(o, site);
    for (int i = 0; i < 4; i++)
        output_text(o, NULL);
}

/* The beneficiary's commune of residence: name, postal code, INSEE code (r may be NULL). */
static void coop_resident_cells(struct output *o, const struct residence *r)
{
    output_text(o, r ? r->name : NULL);
    output_text(o, r ? r->postal_code : NULL);
    output_text(o, r ? r->insee : NULL);
}

/* "1/3": the Coop writes autonomy (or a workshop's level) as stars out of the number of steps;
 * guichet's entries are in the same order, from the least autonomous or the beginners. */
static void coop_stars(struct output *o, enum vocab_kind kind, int index)
{
    char stars[32];
    snprintf(stars, sizeof stars, "%d/%zu", index + 1, vocab_count(kind));
    output_text(o, index == VOCAB_NONE ? NULL : stars);
}

/* The Coop writes "Non communiqué…" for a public field not given. */
static const char *coop_public(enum vocab_kind kind, int index)
{
    return coop_label(kind, index == VOCAB_NONE ? vocab_find(kind, "non_communique") : index);
}

/* One accompaniment: the activity's row for participant `index` (from 0) of `count`. */
static void coop_row(struct output *o, const struct activity *a, const struct store_record_times *t,
                     int index, int count, const char *beneficiary, const struct residence *resident)
{
    char date[DATE_TEXT_SIZE], participants[48], id[40];
    date_format(a->at->year, a->at->month, a->at->day, date);
    output_date(o, date);
    output_datetime(o, *t->created ? t->created : NULL);
    /* The Coop leaves "last changed" empty for a record never changed. */
    output_datetime(o, *t->updated && strcmp(t->updated, t->created) ? t->updated : NULL);
    bool workshop = a->kind == STORE_RECORD_WORKSHOP;
    output_text(o, coop_label(VOCAB_ACTIVITY_TYPE,
                              vocab_find(VOCAB_ACTIVITY_TYPE, workshop ? "collectif" : "individuel")));
    snprintf(participants, sizeof participants, "%d/%d", index + 1, count);
    output_text(o, count == 1 ? "1" : participants);
    output_text(o, beneficiary && *beneficiary ? beneficiary : "Bénéficiaire anonyme");
    output_text(o, coop_label(VOCAB_PLACE, a->place));
    coop_place_cells(o, a->site);
    output_number(o, a->minutes);
    output_text(o, a->title);
    const char *items[64]; /* two sets of at most 32 */
    size_t n = 0;
    for (int i = 0; i < 32; i++)
        if (a->materials >> i & 1)
            items[n++] = coop_label(VOCAB_MATERIAL, i);
    output_list(o, items, n);
    n = 0; /* the Coop lists the démarche themes among the themes */
    for (int i = 0; i < 32; i++)
        if (a->themes >> i & 1)
            items[n++] = coop_label(VOCAB_THEME, i);
    for (int i = 0; i < 32; i++)
        if (a->demarches >> i & 1)
            items[n++] = coop_label(VOCAB_DEMARCHE, i);
    output_list(o, items, n);
    output_list(o, NULL, 0); /* Tags: guichet has none */
    output_text(o, a->procedure);
    if (workshop)
        coop_stars(o, VOCAB_LEVEL, a->level);
    else
        coop_stars(o, VOCAB_AUTONOMY, a->autonomy);
    output_text(o, a->asked_oriented ? coop_yes_no(a->oriented) : NULL);
    output_text(o, a->oriented ? coop_label(VOCAB_ORIENTATION, a->orientation) : NULL);
    coop_resident_cells(o, resident);
    output_text(o, coop_public(VOCAB_GENDER, a->gender));
    output_text(o, coop_public(VOCAB_AGE, a->age));
    output_text(o, coop_public(VOCAB_STATUS, a->status));
    /* as the Coop: the note once, on the first row; a workshop's is its description */
    output_text(o, index == 0 ? (workshop ? a->description : a->note) : NULL);
    snprintf(id, sizeof id, "%s-%lld", workshop ? "collectif" : "individuel", (long long)a->id);
    output_text(o, id);
    output_row_end(o);
}

/* The named participants who came: name and commune of residence, owned. */
struct attendee {
    char *name;
    struct residence residence;
};
struct attendees {
    struct attendee *items;
    size_t n, cap;
};

static int keep_attended(const struct registration_row *r, void *ctx)
{
    struct attendees *names = ctx;
    if (r->state != vocab_find(VOCAB_REGISTRATION_STATE, "attended"))
        return GU_OK;
    if (!array_reserve(&names->items, &names->cap, names->n, sizeof *names->items, 16))
        return GU_FAILURE;
    struct attendee *p = &names->items[names->n];
    *p = (struct attendee){.name = strdup(r->name ? r->name : "")};
    if (!p->name || residence_copy(&p->residence, &r->residence)) {
        free(p->name);
        residence_clear(&p->residence);
        return GU_FAILURE;
    }
    names->n++;
    return GU_OK;
}

/* A held workshop: one row per participant, the named ones then the walk-ins (one row when
 * nobody came, so that the activity is not lost). */
static int coop_workshop_rows(struct export *x, const struct activity *a,
                              const struct store_record_times *t)
{
    struct attendees names = {0};
    int status = store_list_registrations(x->st, a->id, keep_attended, &names, &x->cli->err);
    if (status && !x->cli->err.message[0])
        error_nomem(&x->cli->err);
    int count = (int)names.n + a->anonymous;
    for (int i = 0; !status && i < (count ? count : 1); i++)
        coop_row(x->out, a, t, i, count ? count : 1,
                 (size_t)i < names.n ? names.items[i].name : NULL,
                 (size_t)i < names.n ? &names.items[i].residence : NULL);
    for (size_t i = 0; i < names.n; i++) {
        free(names.items[i].name);
        residence_clear(&names.items[i].residence);
    }
    free(names.items);
    return status;
}

/* ---- both exports: sessions and held workshops, in time order ---- */

static int export_activity(struct export *x, const struct activity *a)
{
    struct store_record_times t;
    int status = store_times_get(x->times, a->kind, a->id, &t, &x->cli->err);
    if (!status) {
        if (!x->coop)
            activity_row(x->out, a, &t);
        else if (a->kind == STORE_RECORD_WORKSHOP)
            status = coop_workshop_rows(x, a, &t);
        else
            coop_row(x->out, a, &t, 0, 1, NULL, a->residence);
    }
    if (!status && ferror(stdout))
        status = error_set(&x->cli->err, GU_FAILURE, "%s", _("cannot write the output"));
    return status;
}

static bool before(const struct gu_datetime *a, const struct gu_datetime *b)
{
    char x[DATETIME_TEXT_SIZE], y[DATETIME_TEXT_SIZE];
    datetime_format(a, x);
    datetime_format(b, y);
    return strcmp(x, y) < 0;
}

static int flush_workshops(struct export *x, const struct gu_datetime *until)
{
    struct held *h = &x->held;
    int status = GU_OK;
    for (; !status && h->next < h->n && (!until || before(&h->items[h->next].at, until)); h->next++) {
        const struct workshop *w = &h->items[h->next];
        struct activity a = {
            .kind = STORE_RECORD_WORKSHOP, .id = w->id, .at = &w->at, .minutes = w->duration_min,
            .place = vocab_find(VOCAB_PLACE, "lieu_activite"), .title = w->title, .level = w->level,
            .room = w->room, .description = w->description, .capacity = w->capacity,
            .absent = w->absent, .excused = w->excused,
            .themes = w->themes, .autonomy = VOCAB_NONE, .orientation = VOCAB_NONE,
            .named = w->attended, .anonymous = w->walk_ins, .age = VOCAB_NONE,
            .status = VOCAB_NONE, .gender = VOCAB_NONE, .site = w->site_name,
            .operator = w->facilitator_name,
        };
        status = export_activity(x, &a);
    }
    return status;
}

static int export_session(const struct help_session *s, void *ctx)
{
    struct export *x = ctx;
    int status = flush_workshops(x, &s->at);
    struct activity a = {
        .kind = STORE_RECORD_SESSION, .id = s->id, .at = &s->at, .minutes = s->duration_min,
        .place = s->place, .level = VOCAB_NONE, .themes = s->themes, .demarches = s->demarches,
        .materials = s->materials, .procedure = s->procedure, .autonomy = s->autonomy,
        .asked_oriented = true, .oriented = s->oriented, .orientation = s->orientation,
        .named = 1, .capacity = -1, .absent = -1, .excused = -1,
        .age = s->age, .status = s->status, .gender = s->gender,
        .residence = &s->residence, .already_helped = s->already_helped, .note = s->note,
        .site = s->site_name, .operator = s->operator_name,
    };
    return status ? status : export_activity(x, &a);
}

static int run_export(struct cli *cli, int argc, char **argv, bool coop)
{
    struct period_args a;
    int status = parse_period_args(cli, argc, argv, false, &a);
    /* An export is a file: output_parse_format's table is not offered. */
    enum output_format format = OUTPUT_CSV;
    if (!status && a.format && (output_parse_format(a.format, &format, &cli->err) ||
                                format == OUTPUT_TABLE))
        status = cli_usage_error(cli, _("--format: unknown format \"%s\" (valid: csv, json, xlsx)"),
                                 a.format);
    if (!status)
        status = target_check(cli, &a, format == OUTPUT_XLSX);
    /* The Coop's columns are read from data/coop/ and written by coop_row in coop_kinds' order. */
    struct output_column cols[ARRAY_LEN(coop_kinds)];
    if (!status && coop && (coop_load(&cli->err) || coop_column_count() != ARRAY_LEN(coop_kinds)))
        status = cli_fail(cli, GU_FAILURE, "data/coop/accompagnements-columns.tsv");
    for (size_t i = 0; !status && coop && i < ARRAY_LEN(coop_kinds); i++)
        cols[i] = (struct output_column){coop_column(i), coop_column(i), coop_kinds[i], 0};
    struct export x = {.cli = cli, .coop = coop};
    if (!status)
        status = open_store(cli, &x.st);
    /* "This month" is the database's first site's, once the store says its zone. */
    if (!status && cli_use_site_zone(cli, x.st, NULL))
        status = cli_fail_error(cli);
    if (!status && !a.dates_given)
        status = period_bounds(cli, a.period ? a.period : "month", &a.filter);
    if (!status && store_times_open(x.st, &x.times, &cli->err))
        status = cli_fail_error(cli);
    if (!status && store_list_workshops(x.st, a.filter.from, a.filter.to, keep_held, &x.held,
                                        &cli->err))
        status = cli->err.message[0] ? cli_fail_error(cli) : cli_fail(cli, GU_FAILURE, _("out of memory"));
    struct target_keep keep = {0};
    struct output_file file = {0};
    FILE *out = NULL;
    if (!status)
        status = target_open(cli, x.st, &a, format == OUTPUT_XLSX, &keep, &file, &out);
    if (!status) {
        if (a.bom && format == OUTPUT_CSV)
            fputs("\xEF\xBB\xBF", out);
        x.out = coop ? output_begin(out, format, cols, ARRAY_LEN(coop_kinds))
                     : output_begin(out, format, activity_columns, ARRAY_LEN(activity_columns));
        if (!x.out)
            status = cli_fail(cli, GU_FAILURE, _("out of memory"));
    }
    if (!status) {
        struct session_filter filter = {.from = a.filter.from, .to = a.filter.to};
        status = store_list_sessions(x.st, &filter, export_session, &x, &cli->err);
        if (!status)
            status = flush_workshops(&x, NULL);
        struct gu_error end_err;
        int end = output_end(x.out, &end_err);
        if (!status && end) {
            cli->err = end_err;
            status = end;
        }
        if (status)
            status = cli->err.message[0] ? cli_fail_error(cli)
                                         : cli_fail(cli, GU_FAILURE, _("cannot write the output"));
    }
    status = target_close(cli, &keep, &file, status);
    if (!status && audit_export(cli, x.st, coop ? "coop" : "activities", &a.filter))
        status = cli_fail_error(cli);
    for (size_t i = 0; i < x.held.n; i++)
        workshop_clear(&x.held.items[i]);
    free(x.held.items);
    store_times_close(x.times);
    store_close(x.st);
    return status;
}

static int export_activities(struct cli *cli, int argc, char **argv)
{
    return run_export(cli, argc, argv, false);
}

static int export_coop(struct cli *cli, int argc, char **argv)
{
    return run_export(cli, argc, argv, true);
}

const struct command export_commands[] = {
    {"activities", export_activities,
     N_("export activities [--from DATE] [--to DATE] [--period P] [--format csv|json|xlsx] "
        "[--output FILE] [--bom]"),
     N_("one row per activity with every field guichet holds, codes and labels side by side")},
    {"coop", export_coop,
     N_("export coop [--from DATE] [--to DATE] [--period P] [--format csv|json|xlsx] "
        "[--output FILE] [--bom]"),
     N_("the national tool's \"Accompagnements\" layout: one row per person helped")},
};
const size_t export_command_count = ARRAY_LEN(export_commands);
