/* The partner's card, in text and in JSON: what guichet route and guichet partner show and
 * partner export --format json print (declared in cli_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "hours.h"
#include "i18n.h"
#include "mednum.h"
#include "text.h"

/* Prints text made safe for the terminal. */
void cli_put_text(const char *text)
{
    char *clean = text_for_display(text, strlen(text));
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* The partner's card, as the desk reads it; indent starts each line. */
static void print_partner_card(const struct partner *p, const char *indent)
{
    const char *const *f = p->field;
    printf("%s", indent);
    cli_put_text(f[PARTNER_NAME]);
    printf(" (%s %lld%s)\n", _("partner"), (long long)p->id, p->national ? _(", national") : "");
    char *address = partner_address_line(p);
    if (address && *address) {
        printf("%s  %s ", indent, _("Address:"));
        cli_put_text(address);
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
            cli_put_text(shown ? shown : f[lines[i].field]);
            putchar('\n');
            free(shown);
        }
    if (f[PARTNER_HOURS]) {
        struct hours *h = NULL;
        struct gu_error err;
        printf("%s  %s ", indent, _("Hours:"));
        cli_put_text(f[PARTNER_HOURS]);
        struct gu_datetime now = clock_now();
        char *status = hours_parse(f[PARTNER_HOURS], &h, &err) == GU_OK
                           ? hours_status(h, hours_region_of_postal_code(f[PARTNER_POSTAL_CODE]),
                                          &now)
                           : NULL;
        printf(" (");
        /* Hours kept as imported but not understood: said so, never guessed. */
        cli_put_text(status ? status
                            : h ? ""
                                : _("Not understood by guichet; open or closed: unknown"));
        printf(")\n");
        free(status);
        hours_free(h);
    }
    if (f[PARTNER_ACCESS]) {
        char *labels = partner_access_labels(f[PARTNER_ACCESS]);
        printf("%s  %s ", indent, _("How to reach them:"));
        cli_put_text(labels ? labels : "");
        putchar('\n');
        free(labels);
    }
    if (p->pivot) {
        printf("%s  %s ", indent, _("SIRET or RNA:"));
        cli_put_text(p->pivot);
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
                cli_put_text(line);
            }
            putchar('\n');
        }
        free(detail);
    }
}

struct json_partner {
    bool first;
};

void cli_put_json_field(const char *key, const char *value, bool *first)
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

int cli_print_partner_json(const struct partner *p, void *ctx)
{
    (void)ctx;
    static const char *const keys[PARTNER_FIELD_COUNT] = {
        "name", "typology", "category", "address", "address_extra", "postal_code", "commune",
        "phone", "emails", "website", "hours", "access", "handles", "notes"};
    bool first = true;
    printf("{\"id\": %lld, ", (long long)p->id);
    cli_put_json_field("code", p->code, &first);
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++)
        cli_put_json_field(keys[i], p->field[i], &first);
    cli_put_json_field("pivot", p->pivot, &first);
    cli_put_json_field("updated_on", p->updated_on, &first);
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
        cli_put_json_field("status", status, &(bool){false});
        cli_put_json_field("hours_comment", hours_comment_text(comment), &(bool){false});
        printf(", \"hours_understood\": true");
        free(status);
        hours_free(h);
    } else if (p->field[PARTNER_HOURS]) {
        printf(", \"open_now\": null");
        cli_put_json_field("status", _("Not understood by guichet; open or closed: unknown"),
                   &(bool){false});
        printf(", \"hours_comment\": null, \"hours_understood\": false");
    } else {
        printf(", \"open_now\": null, \"status\": null, \"hours_comment\": null, "
               "\"hours_understood\": null");
    }
    printf("}");
    return GU_OK;
}

int cli_print_partner_text(const struct partner *p, void *ctx)
{
    print_partner_card(p, ctx);
    return GU_OK;
}
