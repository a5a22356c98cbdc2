#include "cli.h"
#include "cli_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "commune.h"
#include "config.h"
#include "csv.h"
#include "date.h"
#include "demo.h"
#include "i18n.h"
#include "output.h"
#include "person.h"
#include "session.h"
#include "store.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

static const struct command *commands_find(const char *name);
static void print_usage(FILE *f, const struct command *c);

/* Prints "guichet COMMAND: message" on stderr and returns status. */
/* Messages often quote what was typed or read: they reach the terminal only as text_for_display
 * leaves them (invalid UTF-8 replaced, control and bidi-override characters shown, not obeyed). */
static void print_message(const char *text)
{
    char *clean = text_for_display(text, strlen(text));
    fputs(clean ? clean : "?", stderr);
    free(clean);
}

int cli_fail(struct cli *cli, int status, const char *message)
{
    /* TRANSLATORS: the program and its command before an error message ("guichet log: ");
     * French puts a no-break space before the colon. */
    if (cli->command)
        fprintf(stderr, _("guichet %s: "), cli->command);
    else
        fputs(_("guichet: "), stderr);
    print_message(message);
    fputc('\n', stderr);
    return status;
}

#define IMPORT_MAX_BYTES (256L * 1024 * 1024)

char *cli_read_file(struct cli *cli, const char *path, size_t *len)
{
    /* Opened without waiting (a FIFO without a writer would block for ever), and only a regular
     * file is read: a pipe, a device or a folder has no end to trust. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        error_set(&cli->err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        error_set(&cli->err, GU_INVALID, S_ISDIR(sb.st_mode) ? _("%s is a folder, not a file")
                                                             : _("%s is not a regular file"),
                  path);
        return NULL;
    }
    if (sb.st_size > IMPORT_MAX_BYTES) {
        close(fd);
        error_set(&cli->err, GU_INVALID, _("%s is too large to import (more than %ld MB)"), path,
                  IMPORT_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        error_set(&cli->err, GU_FAILURE, _("cannot read %s: %s"), path, error_system_text(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *grown = cap > (size_t)IMPORT_MAX_BYTES ? NULL : realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                error_set(&cli->err, GU_INVALID, _("%s is too large to import"), path);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + *len, 1, 65536, f);
        *len += got;
        if (got < 65536)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        error_set(&cli->err, GU_FAILURE, _("cannot read %s"), path);
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

int cli_import_args(struct cli *cli, int argc, char **argv, bool *dry_run, char **text,
                    size_t *len)
{
    static const struct option opts[] = {{"dry-run", no_argument, NULL, 'n'},
                                         CLI_SCOPE_SITE_OPTION, {NULL, 0, NULL, 0}};
    int status = GU_OK, c;
    *dry_run = false;
    *text = NULL;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        *dry_run = true;
    if (!status && optind != argc - 1)
        status = cli_usage_error(cli, "%s", _("expected one file to import"));
    if (!status && !(*text = cli_read_file(cli, argv[optind], len)))
        status = cli_fail_error(cli);
    return status;
}

int cli_import_refused(struct cli *cli, int rc, int bad)
{
    if (rc == GU_INVALID && bad) {
        fprintf(stderr,
                ngettext("guichet %s: %d line is not valid: nothing was imported.\n",
                         "guichet %s: %d lines are not valid: nothing was imported.\n",
                         (unsigned long)bad),
                cli->command, bad);
        return GU_INVALID;
    }
    return rc ? cli_fail_error(cli) : GU_OK;
}

void cli_report_problem(void *ctx, const struct csv_problem *p)
{
    (void)ctx;
    struct strbuf msg = STRBUF_INIT;
    /* Most records are one line each: then "line N" says both where and which. */
    if (p->record == p->line && p->field)
        strbuf_printf(&msg, _("line %d, field %s: %s\n"), p->line, p->field, p->why);
    else if (p->record == p->line)
        strbuf_printf(&msg, _("line %d: %s\n"), p->line, p->why);
    else if (p->field)
        strbuf_printf(&msg, _("record %d (line %d), field %s: %s"), p->record, p->line, p->field,
                      p->why);
    else
        strbuf_printf(&msg, _("record %d (line %d): %s"), p->record, p->line, p->why);
    char *text = strbuf_finish(&msg);
    if (text)
        text[strcspn(text, "\n")] = '\0';
    print_message(text ? text : _("out of memory"));
    fputc('\n', stderr);
    free(text);
}

int cli_fail_error(struct cli *cli)
{
    return cli_fail(cli, cli->err.status ? (int)cli->err.status : GU_FAILURE, cli->err.message);
}

int cli_usage_error(struct cli *cli, const char *fmt, const char *arg)
{
    /* The argument is what was typed, of any length: the message grows with it. */
    struct strbuf msg = STRBUF_INIT;
    strbuf_printf(&msg, fmt, arg);
    char *text = strbuf_finish(&msg);
    cli_fail(cli, GU_INVALID, text ? text : fmt);
    free(text);
    const struct command *c = cli->command ? commands_find(cli->command) : NULL;
    if (c)
        print_usage(stderr, c);
    fprintf(stderr, "%s\n", _("Try 'guichet --help' for more information."));
    return GU_INVALID;
}

/* getopt_long with our own translated messages. */
int next_option(struct cli *cli, int argc, char **argv, const char *shortopts,
                       const struct option *longopts, int *status)
{
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    while (c == CLI_OPT_SCOPE_SITE && cli->takes_site) {
        if ((*status = cli_check_site(cli, cli->scope_site, optarg)))
            return c;
        cli->scope_site = optarg;
        c = getopt_long(argc, argv, shortopts, longopts, NULL);
    }
    if (c == CLI_OPT_SCOPE_SITE)
        c = '?';
    if ((c == '?' || c == ':') &&
        (!strcmp(argv[optind - 1], "--help") || !strcmp(argv[optind - 1], "-h"))) {
        /* the command's usage asked for: printed, and the command stops with nothing done */
        const struct command *cmd = cli->command ? commands_find(cli->command) : NULL;
        if (cmd) {
            print_usage(stdout, cmd);
            output_wrapped(stdout, _(cmd->summary), 0, 0, 79);
            fputc('\n', stdout);
        }
        cli->help_shown = true;
        *status = GU_INVALID;
    } else if (c == '?' || c == ':') {
        const char *bad = argv[optind - 1];
        *status = cli_usage_error(cli, _("unknown option or missing value: %s"), bad);
    }
    return c;
}

char *cli_db_path(struct cli *cli)
{
    char *given = cli->db_path ? NULL : store_default_path(&cli->err), *path = NULL;
    if (cli->db_path || given) {
        path = store_resolve_path(cli->db_path ? cli->db_path : given);
        if (!path)
            error_nomem(&cli->err);
    }
    free(given);
    if (!path)
        cli_fail_error(cli);
    return path;
}

/* --site of a directory or policy command: that site's directory and policy, its clock. A
 * name no site has is refused (exit 2): a typo would otherwise write into the network's. */
static int open_scope_site(struct cli *cli, struct store *st)
{
    char *name = NULL;
    int64_t id = 0;
    int status = cli_take_site(cli, cli->scope_site, &name);
    if (status)
        return status;
    status = store_find_site(st, name, &id, &cli->err);
    if (status)
        status = cli_fail_error(cli);
    else if (!id)
        status = cli_no_such(cli, false, name);
    else {
        store_set_site_scope(st, id);
        if (cli_use_site_zone(cli, st, name))
            status = cli_fail_error(cli);
    }
    free(name);
    return status;
}

int open_store(struct cli *cli, struct store **st)
{
    return open_store_in_zone(cli, st, NULL);
}

int open_store_in_zone(struct cli *cli, struct store **st, const char *zone)
{
    char *path = cli_db_path(cli);
    if (!path)
        return GU_FAILURE;
    int status = store_open(path, st, &cli->err);
    free(path);
    if (!status && cli->scope_site)
        return open_scope_site(cli, *st);
    /* "Now" is the database's own zone (its first site's) until a command names its site. */
    if (!status && zone) {
        clock_set_zone(zone);
        status = clock_check_fixed_exists(&cli->err);
    } else if (!status)
        status = cli_use_site_zone(cli, *st, NULL);
    return status ? cli_fail_error(cli) : GU_OK;
}

int cli_use_site_zone(struct cli *cli, struct store *st, const char *site_name)
{
    int64_t id = 0;
    const char *zone;
    int status = site_name ? store_find_site(st, site_name, &id, &cli->err) : GU_OK;
    if (!status)
        status = store_site_zone(st, id, &zone, &cli->err);
    if (!status)
        clock_set_zone(zone);
    /* A fixed clock (GUICHET_NOW) the site's zone skips is refused, now that the zone is known. */
    if (!status)
        status = clock_check_fixed_exists(&cli->err);
    return status;
}

int cli_no_such(struct cli *cli, bool operator, const char *name)
{
    char *shown = text_for_display(name, strlen(name)); /* as typed, cleaned for the terminal */
    struct strbuf msg = STRBUF_INIT;
    strbuf_printf(&msg,
                  operator ? _("--operator: no operator is called \"%s\"")
                           : _("--site: no site is called \"%s\" (guichet site list shows them)"),
                  shown ? shown : "");
    free(shown);
    char *text = strbuf_finish(&msg);
    int status = cli_fail(cli, GU_INVALID, text ? text : _("out of memory"));
    free(text);
    return status;
}

int cli_check_site(struct cli *cli, const char *previous, const char *value)
{
    if (previous) /* the last one winning would hide a typo in the first */
        return cli_usage_error(cli, "%s", _("--site is given twice"));
    if (!value || !value[strspn(value, " \t")])
        return cli_usage_error(cli, "%s", _("--site needs the name of a site"));
    return GU_OK;
}

int cli_take_site(struct cli *cli, const char *value, char **dst)
{
    int status = cli_check_site(cli, *dst, value);
    if (!status && take_text(cli, "--site", value, NAME_MAX_CHARS, dst))
        status = GU_INVALID;
    /* nothing left once cleaned (invisible characters alone) */
    if (!status && !*dst)
        status = cli_check_site(cli, NULL, NULL);
    return status;
}

/* Cleans typed text into *dst (replacing any earlier value). */
int take_text(struct cli *cli, const char *field, const char *value, size_t max,
                     char **dst)
{
    free(*dst);
    *dst = NULL;
    if (text_clean_input(field, value, max, TEXT_REJECT_CONTROLS, dst, &cli->err))
        return cli_fail_error(cli);
    if (!**dst) {
        free(*dst);
        *dst = NULL;
    }
    return GU_OK;
}

int parse_date_option(struct cli *cli, const char *field, const char *value)
{
    int y, m, d;
    if (!date_parse(value, &y, &m, &d)) {
        error_set(&cli->err, GU_INVALID, _("%s: \"%s\" is not a date like 2026-03-14"), field,
                  value);
        return cli_fail_error(cli);
    }
    return GU_OK;
}

/* ---- listings --------------------------------------------------------------------------- */

/* Columns with their titles translated, for tables. */
static struct output_column *translate_columns(const struct output_column *cols, size_t n)
{
    struct output_column *copy = malloc(sizeof *copy * n);
    if (copy)
        for (size_t i = 0; i < n; i++) {
            copy[i] = cols[i];
            copy[i].title = _(cols[i].title);
            if (copy[i].width && (int)text_width(copy[i].title) > copy[i].width)
                copy[i].width = (int)text_width(copy[i].title);
        }
    return copy;
}

int cli_print_listing(struct cli *cli, struct store *st, enum output_format format,
                      const struct output_column *cols, size_t ncols, cli_rows_fn rows,
                      const void *query)
{
    /* An Excel file cannot go to a terminal: said before any work is done. */
    if (output_check_target(stdout, format, &cli->err))
        return cli_fail_error(cli);
    struct output_column *titled = translate_columns(cols, ncols);
    struct cli_listing l = {.cli = cli, .st = st, .format = format};
    l.out = titled ? output_begin(stdout, format, titled, ncols) : NULL;
    int status = GU_OK;
    if (!l.out) {
        error_nomem(&cli->err);
        status = cli_fail_error(cli);
    } else {
        int rows_status = rows(&l, query);
        int end_status = output_end(l.out, rows_status ? NULL : &cli->err);
        if (rows_status || end_status)
            status = cli_fail_error(cli);
    }
    free(titled);
    return status;
}

int cli_list_all(struct cli *cli, int argc, char **argv, const struct output_column *cols,
                 size_t ncols, cli_rows_fn rows)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         CLI_SCOPE_SITE_OPTION, {NULL, 0, NULL, 0}};
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        if (c == 'f' && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_print_listing(cli, st, format, cols, ncols, rows, NULL);
    store_close(st);
    return status;
}

const char *cli_vocab_cell(const struct cli_listing *l, enum vocab_kind kind, int index)
{
    if (index == VOCAB_NONE)
        return NULL;
    return l->format == OUTPUT_TABLE ? vocab_label(kind, index) : vocab_code(kind, index);
}

void cli_vocab_set_cell(const struct cli_listing *l, enum vocab_kind kind, vocab_set set)
{
    const char *items[32];
    size_t n = 0;
    for (int i = 0; set; i++, set >>= 1)
        if (set & 1)
            items[n++] = cli_vocab_cell(l, kind, i);
    output_list(l->out, items, n);
}

void cli_datetime_cell(const struct cli_listing *l, const struct gu_datetime *at)
{
    char text[64];
    if (l->format == OUTPUT_TABLE) {
        i18n_format_datetime_short(text, sizeof text, at);
        output_text(l->out, text);
    } else {
        datetime_format(at, text);
        output_datetime(l->out, text); /* a date for Excel, the same text elsewhere */
    }
}

void cli_stored_date_cell(const struct cli_listing *l, const char *stored)
{
    struct gu_datetime at = {0};
    char text[64];
    /* Tables are read by people: "02/12/2026 14 h 30"; CSV and JSON keep the stored form, and
     * XLSX makes it an Excel date. */
    bool table = l->format == OUTPUT_TABLE;
    if (!stored)
        output_text(l->out, stored);
    else if (datetime_parse(stored, &at))
        table ? cli_datetime_cell(l, &at) : output_datetime(l->out, stored);
    else if (date_parse(stored, &at.year, &at.month, &at.day)) {
        if (table) {
            i18n_format_date_short(text, sizeof text, at.year, at.month, at.day);
            output_text(l->out, text);
        } else
            output_date(l->out, stored);
    } else
        output_text(l->out, stored);
}

void cli_phone_cell(const struct cli_listing *l, const char *phone)
{
    char *shown = l->format == OUTPUT_JSON ? NULL : person_phone_for_display(phone);
    output_text(l->out, shown ? shown : phone);
    free(shown);
}

/* ---- log ---------------------------------------------------------------------------------- */

enum log_option {
    OPT_THEME = 256, OPT_DURATION, OPT_AT, OPT_PLACE, OPT_DEMARCHE, OPT_PROCEDURE, OPT_MATERIAL,
    OPT_AUTONOMY, OPT_AGE, OPT_STATUS, OPT_GENDER, OPT_REDIRECT, OPT_NOTE, OPT_OPERATOR, OPT_SITE,
    OPT_FROM, OPT_TO, OPT_FORMAT, OPT_SESSIONS, OPT_SEED, OPT_DELETED,
    OPT_POSTAL_CODE, OPT_COMMUNE, OPT_INSEE, OPT_ALREADY_HELPED,
};

int cli_take_residence(struct cli *cli, struct store *st, const char *postal_code,
                       const char *name, const char *insee, struct residence *r)
{
    struct commune_table *t = NULL;
    int status = residence_set(r, postal_code, name, insee, &cli->err);
    if (!status && !residence_is_empty(r))
        status = commune_table_of_site(st, &t, &cli->err);
    if (!status)
        status = commune_resolve(t, r, &cli->err);
    commune_table_free(t);
    return status ? cli_fail_error(cli) : GU_OK;
}

static int log_take_option(struct cli *cli, struct help_session *s, int opt, const char *arg)
{
    struct gu_error *err = &cli->err;
    int status = GU_OK;
    switch (opt) {
    case OPT_THEME:
        status = vocab_parse_set(VOCAB_THEME, "--theme", arg, &s->themes, err);
        break;
    case OPT_DURATION:
        status = session_parse_duration("--duration", arg, &s->duration_min, err);
        break;
    case OPT_AT:
        if (!datetime_parse(arg, &s->at))
            status = error_set(err, GU_INVALID,
                               _("%s: \"%s\" is not a date and time like \"2026-03-14 10:30\""),
                               "--at", arg);
        break;
    case OPT_PLACE: status = vocab_parse_one(VOCAB_PLACE, "--place", arg, &s->place, err); break;
    case OPT_DEMARCHE:
        status = vocab_parse_set(VOCAB_DEMARCHE, "--demarche", arg, &s->demarches, err);
        break;
    case OPT_MATERIAL:
        status = vocab_parse_set(VOCAB_MATERIAL, "--material", arg, &s->materials, err);
        break;
    case OPT_AUTONOMY:
        status = vocab_parse_one(VOCAB_AUTONOMY, "--autonomy", arg, &s->autonomy, err);
        break;
    case OPT_AGE: status = vocab_parse_one(VOCAB_AGE, "--age", arg, &s->age, err); break;
    case OPT_STATUS: status = vocab_parse_one(VOCAB_STATUS, "--status", arg, &s->status, err); break;
    case OPT_GENDER: status = vocab_parse_one(VOCAB_GENDER, "--gender", arg, &s->gender, err); break;
    case OPT_REDIRECT:
        status = vocab_parse_one(VOCAB_ORIENTATION, "--redirect", arg, &s->orientation, err);
        s->oriented = true;
        break;
    case OPT_PROCEDURE:
        return take_text(cli, "--procedure", arg, SESSION_PROCEDURE_MAX, &s->procedure);
    case OPT_NOTE: return take_text(cli, "--note", arg, SESSION_NOTE_MAX, &s->note);
    case OPT_OPERATOR: return take_text(cli, "--operator", arg, NAME_MAX_CHARS, &s->operator_name);
    case OPT_SITE: return cli_take_site(cli, arg, &s->site_name);
    }
    return status ? cli_fail_error(cli) : GU_OK;
}

static int cmd_log(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"theme", required_argument, NULL, OPT_THEME},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"at", required_argument, NULL, OPT_AT},
        {"place", required_argument, NULL, OPT_PLACE},
        {"demarche", required_argument, NULL, OPT_DEMARCHE},
        {"procedure", required_argument, NULL, OPT_PROCEDURE},
        {"material", required_argument, NULL, OPT_MATERIAL},
        {"autonomy", required_argument, NULL, OPT_AUTONOMY},
        {"age", required_argument, NULL, OPT_AGE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"gender", required_argument, NULL, OPT_GENDER},
        {"redirect", required_argument, NULL, OPT_REDIRECT},
        {"note", required_argument, NULL, OPT_NOTE},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"site", required_argument, NULL, OPT_SITE},
        {"postal-code", required_argument, NULL, OPT_POSTAL_CODE},
        {"commune", required_argument, NULL, OPT_COMMUNE},
        {"insee", required_argument, NULL, OPT_INSEE},
        {"already-helped", required_argument, NULL, OPT_ALREADY_HELPED},
        {NULL, 0, NULL, 0},
    };
    struct help_session s;
    session_init(&s);
    bool has_theme = false, has_duration = false, has_at = false;
    const char *postal_code = NULL, *commune = NULL, *insee = NULL; /* borrowed from argv */
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1) {
        if (status)
            break;
        has_theme |= c == OPT_THEME;
        has_duration |= c == OPT_DURATION;
        has_at |= c == OPT_AT;
        if (c == OPT_POSTAL_CODE)
            postal_code = optarg;
        else if (c == OPT_COMMUNE)
            commune = optarg;
        else if (c == OPT_INSEE)
            insee = optarg;
        else if (c == OPT_ALREADY_HELPED) {
            if (already_helped_parse("--already-helped", optarg, &s.already_helped, &cli->err))
                status = cli_fail_error(cli);
        } else
            status = log_take_option(cli, &s, c, optarg);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && !has_theme)
        status = cli_usage_error(cli, _("missing option: %s"), "--theme");
    if (!status && !has_duration)
        status = cli_usage_error(cli, _("missing option: %s"), "--duration");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    /* "Now" and "in the future" are the site's wall-clock time. */
    if (!status && cli_use_site_zone(cli, st, s.site_name))
        status = cli_fail_error(cli);
    if (!status && !has_at)
        s.at = clock_now();
    if (!status && session_validate(&s, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        status = cli_take_residence(cli, st, postal_code, commune, insee, &s.residence);
    int64_t id;
    if (!status && store_add_sessions(st, &s, 1, &id, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        printf("%lld\n", (long long)id);
    store_close(st);
    session_clear(&s);
    return status;
}

/* ---- sessions ------------------------------------------------------------------------------ */

static const struct output_column session_columns[] = {
    {"id", N_("No."), OUTPUT_NUMBER, 6},
    {"started_at", N_("Date"), OUTPUT_TEXT, 19},
    {"duration_min", N_("Duration"), OUTPUT_NUMBER, 8},
    {"themes", N_("Themes"), OUTPUT_LIST, 36},
    {"demarches", N_("Procedures"), OUTPUT_LIST, 0},
    {"procedure", N_("Procedure name"), OUTPUT_TEXT, 0},
    {"place", N_("Place"), OUTPUT_TEXT, 0},
    {"materials", N_("Devices"), OUTPUT_LIST, 0},
    {"autonomy", N_("Autonomy"), OUTPUT_TEXT, 0},
    {"age", N_("Age"), OUTPUT_TEXT, 0},
    {"status", N_("Status"), OUTPUT_TEXT, 0},
    {"gender", N_("Gender"), OUTPUT_TEXT, 0},
    {"oriented", N_("Oriented"), OUTPUT_NUMBER, 0},
    {"orientation", N_("Oriented to"), OUTPUT_TEXT, 0},
    {"operator", N_("Operator"), OUTPUT_TEXT, 12},
    {"site", N_("Site"), OUTPUT_TEXT, 24},
    {"note", N_("Note"), OUTPUT_TEXT, 0},
    {"postal_code", N_("Postal code"), OUTPUT_TEXT, 0},
    {"commune", N_("Commune"), OUTPUT_TEXT, 0},
    {"insee", N_("INSEE code"), OUTPUT_TEXT, 0},
    {"already_helped", N_("Already helped"), OUTPUT_TEXT, 0},
};

static int list_one_session(const struct help_session *s, void *ctx)
{
    struct cli_listing *l = ctx;
    output_number(l->out, s->id);
    cli_datetime_cell(l, &s->at);
    output_number(l->out, s->duration_min);
    cli_vocab_set_cell(l, VOCAB_THEME, s->themes);
    cli_vocab_set_cell(l, VOCAB_DEMARCHE, s->demarches);
    output_text(l->out, s->procedure);
    output_text(l->out, cli_vocab_cell(l, VOCAB_PLACE, s->place));
    cli_vocab_set_cell(l, VOCAB_MATERIAL, s->materials);
    output_text(l->out, cli_vocab_cell(l, VOCAB_AUTONOMY, s->autonomy));
    output_text(l->out, cli_vocab_cell(l, VOCAB_AGE, s->age));
    output_text(l->out, cli_vocab_cell(l, VOCAB_STATUS, s->status));
    output_text(l->out, cli_vocab_cell(l, VOCAB_GENDER, s->gender));
    output_number(l->out, s->oriented);
    output_text(l->out, cli_vocab_cell(l, VOCAB_ORIENTATION, s->orientation));
    output_text(l->out, s->operator_name);
    output_text(l->out, s->site_name);
    output_text(l->out, s->note);
    output_text(l->out, s->residence.postal_code);
    output_text(l->out, s->residence.name);
    output_text(l->out, s->residence.insee);
    /* the code in files, "yes"/"no" as the options take it; nothing when not given */
    output_text(l->out, s->already_helped == HELPED_NOT_GIVEN ? NULL
                        : l->format == OUTPUT_TABLE ? already_helped_label(s->already_helped)
                                                    : already_helped_code(s->already_helped));
    output_row_end(l->out);
    return GU_OK;
}

static int session_rows(struct cli_listing *l, const void *filter)
{
    return store_list_sessions(l->st, filter, list_one_session, l, &l->cli->err);
}

static int cmd_sessions(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"deleted", no_argument, NULL, OPT_DELETED},
        {NULL, 0, NULL, 0},
    };
    struct session_filter filter = {0};
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_FROM && !(status = parse_date_option(cli, "--from", optarg)))
            filter.from = optarg;
        else if (c == OPT_TO && !(status = parse_date_option(cli, "--to", optarg)))
            filter.to = optarg;
        else if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
        else if (c == OPT_DELETED)
            filter.deleted = true;
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && filter.from && filter.to && strcmp(filter.from, filter.to) > 0) {
        error_set(&cli->err, GU_INVALID, "%s", _("--from comes after --to"));
        status = cli_fail_error(cli);
    }
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status)
        status = cli_print_listing(cli, st, format, session_columns, ARRAY_LEN(session_columns),
                                   session_rows, &filter);
    store_close(st);
    return status;
}

/* ---- themes -------------------------------------------------------------------------------- */

static int vocabulary_rows(struct cli_listing *l, const void *query)
{
    (void)query;
    for (int k = 0; k < VOCAB_KIND_COUNT; k++)
        for (size_t i = 0; i < vocab_count(k); i++) {
            output_text(l->out, vocab_kind_name(k));
            output_text(l->out, vocab_code(k, (int)i));
            output_text(l->out, vocab_label(k, (int)i));
            output_row_end(l->out);
        }
    return GU_OK;
}

static int cmd_themes(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    static const struct output_column cols[] = {
        {"kind", N_("Vocabulary"), OUTPUT_TEXT, 18},
        {"code", N_("Code"), OUTPUT_TEXT, 34},
        {"label", N_("Label"), OUTPUT_TEXT, 60},
    };
    enum output_format format = OUTPUT_TABLE;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status)
        if (c == OPT_FORMAT && output_parse_format(optarg, &format, &cli->err))
            status = cli_fail_error(cli);
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    return status ? status
                  : cli_print_listing(cli, NULL, format, cols, ARRAY_LEN(cols), vocabulary_rows,
                                      NULL);
}

/* ---- demo ---------------------------------------------------------------------------------- */

static void demo_progress(long done, long total, void *ctx)
{
    (void)ctx;
    char a[64], b[64], share[64];
    i18n_format_count(a, sizeof a, done);
    i18n_format_count(b, sizeof b, total);
    i18n_format_percent(share, sizeof share, (double)(done * 100 / total), 0);
    /* \r and the end of line cleared: the line is rewritten in place as the count grows. */
    fprintf(stderr, "\r");
    fprintf(stderr, _("Creating demonstration sessions: %s / %s (%s)"), a, b, share);
    fputs("\033[K", stderr);
    if (done == total)
        fputc('\n', stderr);
}

/* A whole number from least (0 or 1) to max, as typed: no sign, no space. */
static int parse_whole(struct cli *cli, const char *field, const char *text, long least, long max,
                       long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < least || v > max || text[0] == '+' || text[0] == ' ') {
        char most[64];
        i18n_format_count(most, sizeof most, max);
        error_set(&cli->err, GU_INVALID,
                  least ? _("%s: \"%s\" is not a whole number from 1 to %s")
                        : _("%s: \"%s\" is not a whole number from 0 to %s"),
                  field, text, most);
        return cli_fail_error(cli);
    }
    *out = v;
    return GU_OK;
}

int parse_count(struct cli *cli, const char *field, const char *text, long max, long *out)
{
    return parse_whole(cli, field, text, 1, max, out);
}

int parse_count_or_zero(struct cli *cli, const char *field, const char *text, long max, long *out)
{
    return parse_whole(cli, field, text, 0, max, out);
}

static int cmd_demo(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"sessions", required_argument, NULL, OPT_SESSIONS},
        {"seed", required_argument, NULL, OPT_SEED},
        {NULL, 0, NULL, 0},
    };
    long count = 0, seed = 1;
    int status = GU_OK, c;
    while (!status && (c = next_option(cli, argc, argv, "", opts, &status)) != -1 && !status) {
        if (c == OPT_SESSIONS)
            status = parse_count(cli, "--sessions", optarg, 100000000L, &count);
        else if (c == OPT_SEED)
            status = parse_count(cli, "--seed", optarg, 2147483647L, &seed);
    }
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    if (!status && !count)
        status = cli_usage_error(cli, _("missing option: %s"), "--sessions");
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    if (!status && demo_fill(st, count, (uint64_t)seed, isatty(STDERR_FILENO) ? demo_progress : NULL,
                             NULL, &cli->err))
        status = cli_fail_error(cli);
    if (!status) {
        char added[64];
        i18n_format_count(added, sizeof added, count);
        printf(ngettext("%s demonstration session added\n", "%s demonstration sessions added\n",
                        (unsigned long)count),
               added);
    }
    store_close(st);
    return status;
}

/* ---- check ------------------------------------------------------------------------- */

void cli_print_problem(const char *problem, void *ctx)
{
    (*(long *)ctx)++;
    char *clean = text_for_display(problem, strlen(problem));
    printf("%s\n", clean ? clean : "");
    free(clean);
}

static int cmd_check(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int status = GU_OK;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    if (!status && optind < argc)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind]);
    struct store *st = NULL;
    char *path = status ? NULL : cli_db_path(cli);
    if (!status && !path)
        status = GU_FAILURE;
    /* Reading only: a check creates nothing, not even a missing database. */
    if (!status && store_open_readonly(path, &st, &cli->err))
        status = cli_fail_error(cli);
    free(path);
    bool sound = false;
    long problems = 0, unfinished = 0;
    if (!status && store_check(st, cli_print_problem, &problems, &sound, &unfinished, &cli->err))
        status = cli_fail_error(cli);
    if (!status && sound && unfinished) { /* no damage: a backup would be the wrong advice */
        printf(ngettext("The database is sound, but %ld erasure is not finished, as said above.\n",
                        "The database is sound, but %ld erasures are not finished, as said above.\n",
                        (unsigned long)unfinished),
               unfinished);
        status = CLI_EXIT_PENDING;
    } else if (!status && sound)
        printf("%s\n", _("The database is sound."));
    else if (!status) {
        problems -= unfinished;
        printf(ngettext("The database has %ld problem: restore it from a backup.\n",
                        "The database has %ld problems: restore it from a backup.\n",
                        (unsigned long)problems),
               problems);
        status = GU_FAILURE;
    }
    store_close(st);
    return status;
}

/* ---- help ---------------------------------------------------------------------------------- */

static int cmd_help(struct cli *cli, int argc, char **argv);
static int cmd_version(struct cli *cli, int argc, char **argv);

static const struct command commands[] = {
    {"log", cmd_log,
     N_("log --theme CODE[,CODE…] --duration MINUTES [--at \"YYYY-MM-DD HH:MM\"] [--place CODE]\n"
        "      [--demarche CODE[,…]] [--procedure TEXT] [--material CODE[,…]] [--autonomy CODE]\n"
        "      [--age CODE] [--status CODE] [--gender CODE] [--redirect CATEGORY] [--note TEXT]\n"
        "      [--operator NAME] [--site NAME] [--postal-code CODE] [--commune NAME]\n"
        "      [--insee CODE] [--already-helped yes|no]"),
     N_("record one help session and print its number")},
    {"sessions", cmd_sessions,
     N_("sessions [--from DATE] [--to DATE] [--deleted] [--format table|csv|json|xlsx]"),
     N_("list help sessions (--deleted: the deleted ones, which can be restored)")},
    {"session", NULL, NULL,
     N_("delete a help session, or bring a deleted one back under its number")},
    {"themes", cmd_themes, N_("themes [--format table|csv|json|xlsx]"),
     N_("show the vocabularies: codes and labels")},
    {"demo", cmd_demo, N_("demo --sessions N [--seed S]"),
     N_("fill the database with realistic demonstration data")},
    {"check", cmd_check, N_("check"), N_("check the database's integrity")},
    {"backup", cmd_backup, N_("backup [FILE] [--dir DIR] [--keep N] [--if-due]"),
     N_("copy the database: to FILE, or today's copy in the daily rotation")},
    {"restore", cmd_restore, N_("restore FILE [--dry-run] [--force]"),
     N_("check a backup, then put it in place of the database (kept aside)")},
    {"copy-to", cmd_copy_to, N_("copy-to TARGET [--site S [--as NAME]]"),
     N_("copy the whole database into another, new one (an SQLite file or a PostgreSQL "
        "database), or one site's: out to a new one, or into a network's that holds data")},
    {"workshop", NULL, NULL,
     N_("workshops: planning, booking, waitlist, attendance, call list, sheet, calendar")},
    {"appointment", NULL, NULL,
     N_("one-to-one appointments: booking, the agenda, moving, cancelling, kept or missed")},
    {"route", cmd_route, N_("route WORDS… [--site S] [--format text|json]"),
     N_("what the library does with a request, and where to send the person")},
    {"partner", NULL, NULL,
     N_("the partner directory: where people are sent")},
    {"referral", NULL, NULL,
     N_("referrals to partners, and their follow-up")},
    {"report", cmd_report,
     N_("report [--from DATE] [--to DATE] [--period day|week|month|quarter|year] [--site S|all]\n"
        "      [--operator O] [--format text|csv|json|html|xlsx] [--bom] [--output FILE]"),
     N_("the activity report: figures, breakdowns, month by month, compared with before")},
    {"export", NULL, NULL,
     N_("one row per activity, in the national report's vocabulary")},
    {"policy", NULL, NULL,
     N_("the routing policy as CSV: what the library handles, and where it sends people")},
    {"person", NULL, NULL,
     N_("a person's data: find, export everything held, erase, merge two records")},
    {"commune", NULL, NULL,
     N_("the table of communes of residence: look one up, or use the site's own list")},
    {"purge", cmd_purge, N_("purge [--dry-run | --if-due]"),
     N_("erase personal data past its retention (also done once a day by the desk)")},
    {"site", NULL, NULL, N_("the library's sites: time zone, e-mail address for calendars")},
    {"retention", cmd_retention,
     N_("retention [--participants MONTHS] [--contacts MONTHS] [--audit MONTHS]"),
     N_("how long personal data is kept")},
    {"help", cmd_help, N_("help [COMMAND [SUBCOMMAND]]"), N_("show this help, or a command's")},
    {"version", cmd_version, N_("version"), N_("show the version")},
};

/* The groups of subcommands (commands whose run is NULL): "workshop book", "partner add"… */
static const struct {
    const char *name;
    const struct command *commands;
    const size_t *count;
} groups[] = {
    {"workshop", workshop_commands, &workshop_command_count},
    {"appointment", appointment_commands, &appointment_command_count},
    {"partner", partner_commands, &partner_command_count},
    {"referral", referral_commands, &referral_command_count},
    {"policy", policy_commands, &policy_command_count},
    {"export", export_commands, &export_command_count},
    {"person", person_commands, &person_command_count},
    {"session", session_commands, &session_command_count},
    {"site", site_commands, &site_command_count},
    {"commune", commune_commands, &commune_command_count},
};

static int cmd_help(struct cli *cli, int argc, char **argv);

/* Runs "GROUP SUB …" from the group's table of subcommands (argv[0] is the group); "GROUP
 * --help" (-h, help) is "help GROUP". */
static int dispatch_group(struct cli *cli, int argc, char **argv)
{
    size_t g = 0;
    while (g < ARRAY_LEN(groups) && strcmp(groups[g].name, argv[0]) != 0)
        g++;
    if (g == ARRAY_LEN(groups)) /* a command table entry without run nor group: a defect */
        return cli_usage_error(cli, _("unknown command: %s"), argv[0]);
    const char *group = groups[g].name;
    const struct command *subcommands = groups[g].commands;
    size_t count = *groups[g].count;
    if (argc < 2) {
        char msg[160];
        snprintf(msg, sizeof msg, _("expected a command after %1$s; see 'guichet help %2$s'"),
                 group, group);
        return cli_usage_error(cli, "%s", msg);
    }
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
                      !strcmp(argv[1], "help"))) {
        char *help[] = {(char *)"help", argv[0], NULL};
        return cmd_help(cli, 2, help);
    }
    for (size_t i = 0; i < count; i++)
        if (!strcmp(subcommands[i].name, argv[1])) {
            static char name[64];
            snprintf(name, sizeof name, "%s %s", group, argv[1]);
            cli->command = name;
            optind = 0;
            return subcommands[i].run(cli, argc - 1, argv + 1);
        }
    char what[64];
    snprintf(what, sizeof what, "%s %s", group, argv[1]);
    return cli_usage_error(cli, _("unknown command: %s"), what);
}

static const struct command *commands_find(const char *name)
{
    for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
        size_t len = strlen(groups[g].name);
        if (!strncmp(name, groups[g].name, len) && name[len] == ' ')
            for (size_t i = 0; i < *groups[g].count; i++)
                if (!strcmp(groups[g].commands[i].name, name + len + 1))
                    return &groups[g].commands[i];
    }
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void print_help(FILE *f)
{
    output_wrapped(f, _("guichet: the help desk of a médiathèque (help sessions, workshops, "
                        "referrals, reports)."), 0, 0, 79);
    fputs("\n\n", f);
    fprintf(f, "%s\n\n", _("Usage: guichet [--db FILE] [COMMAND [OPTIONS…]]"));
    fprintf(f, "%s\n", _("Without a command, guichet opens the full-screen desk."));
    fprintf(f, "\n%s\n", _("Commands:"));
    /* Summaries wrap under themselves, to fit the 80 columns of a terminal, in a column as
     * wide as the longest command's name. */
    int name_width = 0;
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if ((int)strlen(commands[i].name) > name_width)
            name_width = (int)strlen(commands[i].name);
    for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
        fprintf(f, "  %-*s ", name_width, commands[i].name);
        output_wrapped(f, _(commands[i].summary), name_width + 3, name_width + 3, 79);
        fputc('\n', f);
    }
    fprintf(f, "\n%s\n", _("Options:"));
    const char *options[][2] = {
        /* TRANSLATORS: the option and its argument's name in the help; FILE is the word used
         * in "use the database FILE". */
        {_("--db FILE"), _("use the database FILE, or a PostgreSQL server's given by its "
                           "connection string (also GUICHET_DB)")},
        {"--help", _("show this help")},
        {"--version", _("show the version")},
    };
    int width = 0; /* the widest option, translated */
    for (size_t i = 0; i < ARRAY_LEN(options); i++)
        width = (int)text_width(options[i][0]) > width ? (int)text_width(options[i][0]) : width;
    for (size_t i = 0; i < ARRAY_LEN(options); i++) {
        fputs("  ", f);
        output_pad(f, options[i][0], width + 2, false);
        output_wrapped(f, options[i][1], width + 4, width + 4, 79);
        fputc('\n', f);
    }
    fprintf(f, "\n%s\n", _("'guichet help COMMAND' shows the options of a command."));
}

/* A synopsis of possibly several lines (a msgid may hold a line break), each wrapped to 80
 * columns: the first begins after first_used columns, the others are indented by indent. */
static void help_print_synopsis(FILE *f, const char *synopsis, int first_used, int indent)
{
    /* A synopsis breaks between its words only: "--capacity N", a bracketed "[--site S]" or a
     * quoted "YYYY-MM-DD HH:MM" never split, as the language's rules would after a hyphen or a bar;
     * the line breaks the text has are spaces, each line filled to 79 columns. */
    int used = first_used;
    bool line_start = true;
    for (const char *p = synopsis + strspn(synopsis, " \n"); *p;) {
        size_t n = 0;
        bool quoted = false;
        int depth = 0; /* inside [ ] */
        for (int part = 0; part < 2; part++) {
            while (p[n] && (quoted || depth > 0 || (p[n] != ' ' && p[n] != '\n'))) {
                if (p[n] == '"')
                    quoted = !quoted;
                else if (!quoted && p[n] == '[')
                    depth++;
                else if (!quoted && p[n] == ']' && depth > 0)
                    depth--;
                n++;
            }
            /* an option and its value ("--operator NAME") go together */
            size_t gap = strspn(p + n, " \n");
            if (part || p[0] != '-' || !p[n] || !p[n + gap] || strchr("-[|", p[n + gap]))
                break;
            n += gap;
        }
        char *word = strndup(p, n);
        int width = word ? (int)text_width(word) : (int)n;
        if (!line_start && used + 1 + width > 79) {
            fprintf(f, "\n%*s", indent + 2, "");
            used = indent + 2;
            line_start = true;
        }
        if (!line_start) {
            fputc(' ', f);
            used++;
        }
        output_clean(f, word);
        free(word);
        used += width;
        line_start = false;
        p += n;
        p += strspn(p, " \n");
    }
    fputc('\n', f);
}

/* "usage: guichet COMMAND …"; a group's line is made from its table of subcommands, so that it
 * never forgets one ("workshop add|edit|…|told …"). */
static void print_usage(FILE *f, const struct command *c)
{
    if (c->usage) {
        struct strbuf line = STRBUF_INIT;
        strbuf_printf(&line, _("usage: guichet %s\n"), _(c->usage));
        char *text = strbuf_finish(&line);
        if (text) {
            size_t len = strlen(text);
            if (len && text[len - 1] == '\n')
                text[len - 1] = '\0';
            help_print_synopsis(f, text, 0, 6);
        }
        free(text);
        return;
    }
    struct strbuf line = STRBUF_INIT;
    strbuf_puts(&line, c->name);
    for (size_t g = 0; g < ARRAY_LEN(groups); g++)
        for (size_t i = 0; !strcmp(c->name, groups[g].name) && i < *groups[g].count; i++)
            strbuf_printf(&line, "%s%s", i ? "|" : " ", groups[g].commands[i].name);
    strbuf_puts(&line, " …");
    char *text = strbuf_finish(&line);
    fprintf(f, _("usage: guichet %s\n"), text ? text : c->name);
    free(text);
}

static int cmd_help(struct cli *cli, int argc, char **argv)
{
    if (argc > 3)
        return cli_usage_error(cli, _("unexpected argument: %s"), argv[3]);
    if (argc == 3) { /* one subcommand: "help appointment add" is "appointment add --help" */
        struct strbuf name = STRBUF_INIT;
        strbuf_printf(&name, "%s %s", argv[1], argv[2]);
        const struct command *c = strbuf_failed(&name) ? NULL : commands_find(strbuf_str(&name));
        if (!c || !c->run) {
            int status = cli_usage_error(cli, _("unknown command: %s"), strbuf_str(&name));
            strbuf_release(&name);
            return status;
        }
        strbuf_release(&name);
        print_usage(stdout, c);
        output_wrapped(stdout, _(c->summary), 0, 0, 79);
        fputc('\n', stdout);
        return GU_OK;
    }
    if (argc == 2) {
        const struct command *c = commands_find(argv[1]);
        if (!c)
            return cli_usage_error(cli, _("unknown command: %s"), argv[1]);
        print_usage(stdout, c);
        output_wrapped(stdout, _(c->summary), 0, 0, 79);
        fputc('\n', stdout);
        /* Each subcommand's synopsis and summary, wrapped to 80 columns under themselves. */
        for (size_t g = 0; g < ARRAY_LEN(groups); g++)
            for (size_t i = 0; !strcmp(c->name, groups[g].name) && i < *groups[g].count; i++) {
                fputs("\n  guichet ", stdout);
                help_print_synopsis(stdout, _(groups[g].commands[i].usage), 10, 10);
                fputs("    ", stdout);
                output_wrapped(stdout, _(groups[g].commands[i].summary), 4, 4, 79);
                fputc('\n', stdout);
            }
        return GU_OK;
    }
    print_help(stdout);
    return GU_OK;
}

static int cmd_version(struct cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    printf("guichet %s\n", GUICHET_VERSION);
    return GU_OK;
}

int cli_main(int argc, char **argv, cli_interactive_fn interactive)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct cli cli = {.db_path = getenv("GUICHET_DB")};
    if (cli.db_path && !*cli.db_path)
        cli.db_path = NULL;
    if (vocab_load(&cli.err))
        return cli_fail_error(&cli);

    int status = GU_OK, c;
    /* '+': stop at the command, whose options are its own. */
    while ((c = next_option(&cli, argc, argv, "+", opts, &status)) != -1) {
        if (status)
            return status;
        if (c == 'd')
            cli.db_path = optarg;
        else if (c == 'h') {
            print_help(stdout);
            return GU_OK;
        } else if (c == 'V')
            return cmd_version(&cli, 0, NULL);
    }
    if (cli.db_path && !*cli.db_path)
        return cli_usage_error(&cli, "%s", _("--db needs a file name"));
    /* A fixed clock that cannot be read is refused before anything (a command or the desk) runs:
     * the real clock silently standing in for it would stamp records with the wrong time. */
    const char *bad_now = clock_check_fixed();
    if (bad_now) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_printf(&msg, _("%s: \"%s\" is not a date and time like \"2026-03-14 10:30\""),
                      "GUICHET_NOW", bad_now);
        char *text = strbuf_finish(&msg);
        cli_fail(&cli, GU_INVALID, text ? text : "GUICHET_NOW");
        free(text);
        return GU_INVALID;
    }
    if (optind >= argc) {
        char *path = cli_db_path(&cli);
        if (!path) /* said by cli_db_path */
            return cli.err.status ? (int)cli.err.status : GU_FAILURE;
        status = interactive(path);
        free(path);
        return status;
    }
    const struct command *cmd = commands_find(argv[optind]);
    if (!cmd)
        return cli_usage_error(&cli, _("unknown command: %s"), argv[optind]);
    cli.command = cmd->name;
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    optind = 0; /* 0 makes glibc reinitialise getopt for the command's own options */
    /* A command without its own function is a group: "workshop book", "partner add"… */
    int done = cmd->run ? cmd->run(&cli, sub_argc, sub_argv)
                        : dispatch_group(&cli, sub_argc, sub_argv);
    return cli.help_shown ? GU_OK : done;
}
