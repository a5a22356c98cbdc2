/* guichet route: where to send a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "i18n.h"
#include "policy.h"
#include "strbuf.h"
#include "vocab.h"

enum route_option { OPT_FORMAT = 300 };

#define ROUTE_MAX 8

int cmd_route(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        CLI_SCOPE_SITE_OPTION,
        {NULL, 0, NULL, 0},
    };
    cli->takes_site = true; /* that site's policy and partners */
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
            cli_put_json_field("code", k->code, &first);
            cli_put_json_field("label", k->label, &first);
            cli_put_json_field("answer", k->answer, &first);
            cli_put_json_field("bring", k->bring, &first);
            cli_put_json_field("staff_note", k->staff_note, &first);
            printf(", \"score\": %.2f, \"partner\": ", best[i].score);
            if (!k->partner_id)
                fputs("null", stdout);
            else if (store_get_partner(st, k->partner_id, cli_print_partner_json, NULL, &cli->err))
                status = cli_fail_error(cli);
            fputs("}", stdout);
        } else {
            printf("%zu. ", i + 1);
            cli_put_text(k->label);
            printf("\n   %s %s\n", _("Answer:"), vocab_label(VOCAB_POLICY_ANSWER, answer));
            if (k->partner_id && store_get_partner(st, k->partner_id, cli_print_partner_text, "   ",
                                                   &cli->err))
                status = cli_fail_error(cli);
            if (k->bring) {
                printf("   %s ", _("What to bring:"));
                cli_put_text(k->bring);
                putchar('\n');
            }
            if (k->staff_note) {
                printf("   %s ", _("Note for staff:"));
                cli_put_text(k->staff_note);
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
