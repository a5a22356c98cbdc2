/* A partner's card as the desk reads it to a person: name, address, phone, whether it is open
 * now (or when it opens) and the week's hours day by day, how to reach them and what they
 * handle. Shared by "Orienter" and the partner directory. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hours.h"
#include "i18n.h"
#include "mednum.h"
#include "text.h"
#include "vocab.h"

static int card_line(int y, int x, int width, int max_y, const char *label, const char *value,
                     unsigned attr)
{
    if (!value || !*value || y >= max_y)
        return y;
    int lw = label ? (int)text_width(label) + 1 : 0;
    if (label)
        draw_text(y, x, lw, label, A_DIM);
    /* A long value (what they handle, notes) goes on under itself, as far as there is room. */
    return y + draw_text_wrapped(y, x + lw, width - lw, max_y - y, value, attr);
}

/* The hours of the coming seven days, one line per date from today's (in bold), computed on
 * each date so that months, holidays and weeks are told truthfully; NULL entries when out of
 * memory. Returns how many lines. */
static int week_lines(const struct hours *h, enum hours_region region, char *lines[7])
{
    struct gu_datetime now = clock_now();
    long today = date_to_days(now.year, now.month, now.day);
    for (int d = 0; d < 7; d++) {
        int y, m, day;
        date_from_days(today + d, &y, &m, &day);
        lines[d] = hours_describe_date(h, region, y, m, day);
    }
    return 7;
}

/* The place's presentation (from the place standard), each of its lines wrapped on its own. */
static int presentation_lines(const struct partner *p, int y, int x, int width, int max_y)
{
    char *text = mednum_extra_get(p->mednum_extra, "presentation_detail");
    if (!text)
        text = mednum_extra_get(p->mednum_extra, "presentation_resume");
    if (!text || y >= max_y) {
        free(text);
        return y;
    }
    draw_text(y++, x, width, _("Presentation:"), A_DIM);
    for (char *line = text, *end; line && y < max_y; line = end ? end + 1 : NULL) {
        if ((end = strchr(line, '\n')))
            *end = '\0';
        y = *line ? card_line(y, x + 2, width - 2, max_y, NULL, line, A_NORMAL) : y + 1;
    }
    free(text);
    return y;
}

int partner_card_draw(const struct partner *p, int y, int x, int width, int max_y)
{
    const char *const *f = p->field;
    struct hours *h = NULL;
    struct gu_error err;
    enum hours_region region = hours_region_of_postal_code(f[PARTNER_POSTAL_CODE]);
    bool has_hours = f[PARTNER_HOURS] && hours_parse(f[PARTNER_HOURS], &h, &err) == GU_OK;
    char *week[7] = {NULL}, *status = NULL;
    struct gu_datetime now = clock_now();
    int today = 0, nweek = has_hours ? week_lines(h, region, week) : 0;
    if (has_hours)
        status = hours_status(h, region, &now);
    /* The hours (open now, then the week) beside the rest of the card when both fit, the rest
     * keeping at least 32 columns; else under the website, in one column. */
    int week_w = status ? (int)text_width(status) : 0;
    for (int d = 0; d < nweek; d++) {
        int w = week[d] ? (int)text_width(week[d]) : 0;
        week_w = w > week_w ? w : week_w;
    }
    bool beside = nweek && width - 34 >= 24;
    if (beside && week_w > width - 34)
        week_w = width - 34;
    int card_w = beside ? width - week_w - 2 : width, top = y;
    /* Beside, the hours start level with the name when it fits, else under the name, which then
     * takes the whole width on as many lines as it needs: nothing is drawn over it. */
    bool name_fits = !f[PARTNER_NAME] || (int)text_width(f[PARTNER_NAME]) < card_w;
    /* A name that runs on (one typed whole into the form) takes two lines at most, cut with "…",
     * so that the phone and the hours stay on the card. */
    y = card_line(y, x, beside && name_fits ? card_w : width, y + 2 < max_y ? y + 2 : max_y, NULL,
                  f[PARTNER_NAME], A_BOLD);
    int hours_y = beside && !name_fits ? y : top;
    char *address = partner_address_line(p);
    y = card_line(y, x, card_w, max_y, _("Address:"), address, A_NORMAL);
    free(address);
    /* Read to a person: the phone in the French way, the e-mails separated by ", ". */
    char *phone = partner_field_for_display(PARTNER_PHONE, f[PARTNER_PHONE]);
    char *emails = partner_field_for_display(PARTNER_EMAILS, f[PARTNER_EMAILS]);
    y = card_line(y, x, card_w, max_y, _("Phone:"), phone ? phone : f[PARTNER_PHONE], A_BOLD);
    y = card_line(y, x, card_w, max_y, _("E-mail:"), emails ? emails : f[PARTNER_EMAILS],
                  A_NORMAL);
    free(phone);
    free(emails);
    y = card_line(y, x, card_w, max_y, _("Website:"), f[PARTNER_WEBSITE], A_NORMAL);
    int *hy = beside ? &hours_y : &y, hx = beside ? x + card_w + 2 : x;
    int hw = beside ? week_w : width;
    if (has_hours) /* beside, the week under it says what it is about */
        *hy = card_line(*hy, hx, hw, max_y, beside ? NULL : _("Hours:"), status,
                        hours_is_open(h, region, &now) ? A_BOLD : A_NORMAL);
    else if (f[PARTNER_HOURS]) { /* hours guichet cannot read (imported): shown as they are */
        y = card_line(y, x, card_w, max_y, _("Hours:"), f[PARTNER_HOURS], A_NORMAL);
        y = card_line(y, x + 2, card_w - 2, max_y, NULL,
                      _("Not understood by guichet; open or closed: unknown"), A_DIM);
    }
    for (int d = 0; d < nweek; d++)
        *hy = card_line(*hy, hx + (beside ? 0 : 2), hw - (beside ? 0 : 2), max_y, NULL, week[d],
                        d == today ? A_BOLD : A_NORMAL);
    if (f[PARTNER_ACCESS]) {
        char *labels = partner_access_labels(f[PARTNER_ACCESS]);
        y = card_line(y, x, card_w, max_y, _("How to reach them:"), labels, A_NORMAL);
        free(labels);
    }
    y = card_line(y, x, card_w, max_y, _("What they handle:"), f[PARTNER_HANDLES], A_NORMAL);
    y = card_line(y, x, card_w, max_y, _("Notes:"), f[PARTNER_NOTES], A_NORMAL);
    y = card_line(y, x, card_w, max_y, _("SIRET or RNA:"), p->pivot, A_NORMAL);
    y = presentation_lines(p, y, x, card_w, max_y);
    for (int d = 0; d < nweek; d++)
        free(week[d]);
    free(status);
    hours_free(h);
    return beside && hours_y > y ? hours_y : y;
}
