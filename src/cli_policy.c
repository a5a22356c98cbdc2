/* guichet policy export|import: the library's routing policy as CSV, to edit in a spreadsheet
 * and bring back. An import is all or nothing: one message per bad line and nothing written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cli_internal.h"
#include "csv.h"
#include "i18n.h"
#include "policy.h"
#include "text.h"

/* The columns of the policy file, in the order export writes them. */
enum policy_column { COL_CODE, COL_LABEL, COL_KEYWORDS, COL_ANSWER, COL_PARTNER, COL_THEME,
                     COL_BRING, COL_STAFF_NOTE, COL_COUNT };
static const char *const column_names[COL_COUNT] = {
    "code", "label", "keywords", "answer", "partner", "theme", "bring", "staff_note"};
static const bool column_required[COL_COUNT] = {[COL_CODE] = true, [COL_LABEL] = true,
                                                [COL_ANSWER] = true};

/* Partners as a policy file names them: by code for shipped ones, else by number. */
struct partner_ref {
    int64_t id;
    char *code;
};
struct partner_refs {
    struct partner_ref *items;
    size_t n, cap;
};

static int add_partner_ref(const struct partner *p, void *ctx)
{
    struct partner_refs *r = ctx;
    if (!array_reserve(&r->items, &r->cap, r->n, sizeof *r->items, 64))
        return GU_FAILURE;
    char *code = NULL;
    if (text_copy(&code, p->code))
        return GU_FAILURE;
    r->items[r->n++] = (struct partner_ref){p->id, code};
    return GU_OK;
}

static void partner_refs_free(struct partner_refs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].code);
    free(r->items);
}

/* The partner named by text (a code or a number), or 0. */
static int64_t partner_ref_find(const struct partner_refs *r, const char *text)
{
    char *end;
    long long id = strtoll(text, &end, 10);
    for (size_t i = 0; i < r->n; i++)
        if ((*end == '\0' && r->items[i].id == id) ||
            (r->items[i].code && !strcmp(r->items[i].code, text)))
            return r->items[i].id;
    return 0;
}

static const char *partner_ref_name(const struct partner_refs *r, int64_t id, char *buf,
                                    size_t size)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].id == id && r->items[i].code)
            return r->items[i].code;
    snprintf(buf, size, "%lld", (long long)id);
    return buf;
}

static int load_partner_refs(struct cli *cli, struct store *st, struct partner_refs *refs)
{
    if (store_list_partners(st, add_partner_ref, refs, &cli->err))
        return cli->err.message[0] ? cli_fail_error(cli)
                                   : cli_fail(cli, GU_FAILURE, _("out of memory"));
    return GU_OK;
}

/* ---- export -------------------------------------------------------------------------------- */

static int policy_export(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_SCOPE_SITE_OPTION, {NULL, 0, NULL, 0}};
    int status = GU_OK;
    cli->takes_site = true;
    while (!status && next_option(cli, argc, argv, "", opts, &status) != -1 && !status)
        ;
    if (!status && optind < argc - 1)
        status = cli_usage_error(cli, _("unexpected argument: %s"), argv[optind + 1]);
    const char *path = !status && optind == argc - 1 ? argv[optind] : NULL;
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct policy policy = {0};
    struct partner_refs refs = {0};
    if (!status && policy_load(st, &policy, &cli->err))
        status = cli_fail_error(cli);
    if (!status)
        status = load_partner_refs(cli, st, &refs);
    /* A file is created, never overwritten: an earlier export may be the only copy of edits. */
    FILE *out = stdout;
    if (!status && path && !(out = fopen(path, "wx")))
        status = cli_fail(cli, GU_FAILURE, errno == EEXIST ? _("the file exists already; choose another name")
                                                           : error_system_text(errno));
    for (int c = 0; !status && c < COL_COUNT; c++)
        fprintf(out, "%s%s", c ? "," : "", column_names[c]);
    if (!status)
        fputs("\r\n", out);
    for (size_t i = 0; !status && i < policy.n; i++) {
        const struct request_kind *k = &policy.kinds[i];
        char number[24];
        const char *cells[COL_COUNT] = {
            k->code, k->label, k->keywords, k->answer,
            k->partner_id ? partner_ref_name(&refs, k->partner_id, number, sizeof number) : NULL,
            k->theme, k->bring, k->staff_note};
        for (int c = 0; c < COL_COUNT; c++) {
            if (c)
                fputc(',', out);
            /* An interchange file, read back by import: values exactly as they are. */
            output_csv_field(out, cells[c], false);
        }
        fputs("\r\n", out);
    }
    if (!status && out && (fflush(out) || ferror(out)))
        status = cli_fail(cli, GU_FAILURE, _("cannot write the output"));
    if (out && out != stdout && fclose(out) && !status)
        status = cli_fail(cli, GU_FAILURE, _("cannot write the output"));
    if (!status && path) {
        char *copy; /* the name as typed: cleaned when echoed */
        fprintf(stderr, ngettext("%zu request written to %s.\n", "%zu requests written to %s.\n",
                                 (unsigned long)policy.n),
                policy.n, text_for_output(path, &copy));
        free(copy);
    }
    partner_refs_free(&refs);
    policy_free(&policy);
    store_close(st);
    return status;
}

/* ---- import -------------------------------------------------------------------------------- */

struct policy_import {
    struct request_kind *kinds; /* owned strings */
    size_t n, cap;
    struct csv_keys codes;
    const struct partner_refs *refs;
};

static void policy_import_free(struct policy_import *im)
{
    for (size_t i = 0; i < im->n; i++)
        policy_kind_free(&im->kinds[i]);
    free(im->kinds);
    csv_keys_free(&im->codes);
}

/* Checks one row into a new request kind; reports it and keeps it out when it is not valid. */
static int read_kind(void *ctx, const struct csv_row *row, struct gu_error *err)
{
    struct policy_import *im = ctx;
    if (!array_reserve(&im->kinds, &im->cap, im->n, sizeof *im->kinds, 32))
        return error_nomem(err);
    char *value[COL_COUNT] = {NULL};
    struct gu_error why;
    int status = GU_OK;
    for (int col = 0; !status && col < COL_COUNT; col++) {
        if (!row->cells[col])
            continue;
        int rc = text_clean_input(column_names[col], row->cells[col], POLICY_TEXT_MAX,
                                  TEXT_SPACE_BREAKS, &value[col], &why);
        if (rc == GU_INVALID) {
            /* The message starts with the column's name, which the report gives already. */
            const char *text = text_split_label(why.message, column_names[col], NULL);
            csv_row_problem(row, column_names[col], text ? text : why.message);
            status = GU_INVALID;
        } else if (rc)
            status = error_nomem(err);
        else if (value[col] && !*value[col]) {
            free(value[col]);
            value[col] = NULL;
        }
    }
    int64_t partner = 0;
    if (!status && value[COL_PARTNER] && !(partner = partner_ref_find(im->refs, value[COL_PARTNER]))) {
        csv_row_problem(row, "partner", _("no partner has this code or number"));
        status = GU_INVALID;
    }
    struct request_kind candidate = {
        .partner_id = partner, .code = value[COL_CODE], .label = value[COL_LABEL],
        .keywords = value[COL_KEYWORDS], .answer = value[COL_ANSWER], .theme = value[COL_THEME],
        .bring = value[COL_BRING], .staff_note = value[COL_STAFF_NOTE]};
    if (!status && policy_validate_kind(&candidate, &why)) {
        /* The message starts with the field's name: "answer: …". */
        size_t len = 0;
        const char *text = text_split_label(why.message, NULL, &len);
        char *field = text ? strndup(why.message, len) : NULL;
        csv_row_problem(row, field, field ? text : why.message);
        free(field);
        status = GU_INVALID;
    }
    /* Codes identify requests: one row each. */
    if (!status)
        status = csv_row_unique(row, &im->codes, "code", candidate.code,
                                _("the same code as line %d"), err);
    if (!status && policy_kind_copy(&im->kinds[im->n], &candidate, err))
        status = GU_FAILURE;
    if (!status)
        im->n++;
    for (int c = 0; c < COL_COUNT; c++)
        free(value[c]);
    return status;
}

/* Reads every record of text; GU_INVALID when any line is bad (each reported), *bad counting them. */
static int policy_import_read(struct cli *cli, const char *text, size_t len,
                              struct policy_import *im, int *bad)
{
    struct csv_table t = {.names = column_names, .required = column_required, .ncolumns = COL_COUNT,
                          .unknown_column = _("not a column of the policy file"),
                          .row = read_kind, .problem = cli_report_problem, .ctx = im};
    int status = csv_read_table(text, len, &t, &cli->err);
    *bad = t.bad_records;
    return status;
}

static int policy_import(struct cli *cli, int argc, char **argv)
{
    bool dry_run;
    char *text;
    size_t len = 0;
    cli->takes_site = true;
    int status = cli_import_args(cli, argc, argv, &dry_run, &text, &len);
    struct store *st = NULL;
    if (!status)
        status = open_store(cli, &st);
    struct partner_refs refs = {0};
    if (!status)
        status = load_partner_refs(cli, st, &refs);
    struct policy_import im = {.refs = &refs};
    int bad = 0;
    int rc = status ? status : policy_import_read(cli, text, len, &im, &bad);
    if (!status)
        status = cli_import_refused(cli, rc, bad);
    int added = 0, updated = 0;
    if (!status && store_save_request_kinds(st, im.kinds, im.n, dry_run, 0, &added, &updated,
                                            &cli->err))
        status = cli_fail_error(cli);
    if (!status) {
        char a[32], u[32];
        i18n_format_count(a, sizeof a, added);
        i18n_format_count(u, sizeof u, updated);
        printf(dry_run ? _("Dry run, nothing was written. Requests to add: %s; to update: %s.\n")
                       : _("Requests added: %s; updated: %s.\n"),
               a, u);
    }
    policy_import_free(&im);
    partner_refs_free(&refs);
    store_close(st);
    free(text);
    return status;
}

const struct command policy_commands[] = {
    {"export", policy_export, N_("policy export [FILE] [--site S]"),
     N_("the routing policy as CSV, on standard output or in a new FILE")},
    {"import", policy_import, N_("policy import FILE [--dry-run] [--site S]"),
     N_("add and replace requests from a policy CSV (by code); any invalid line rejects the file")},
};
const size_t policy_command_count = ARRAY_LEN(policy_commands);

