/* A partner's card as the desk reads it to a person: name, address, phone, whether it is open
 * now (or when it opens), how to reach them and what they handle. Shared by "Orienter" and the
 * partner directory. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hours.h"
#include "i18n.h"
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
    draw_text(y, x + lw, width - lw, value, attr);
    return y + 1;
}

int partner_card_draw(const struct partner *p, int y, int x, int width, int max_y)
{
    const char *const *f = p->field;
    y = card_line(y, x, width, max_y, NULL, f[PARTNER_NAME], A_BOLD);
    char *address = partner_address_line(p);
    y = card_line(y, x, width, max_y, _("Address:"), address, A_NORMAL);
    free(address);
    y = card_line(y, x, width, max_y, _("Phone:"), f[PARTNER_PHONE], A_BOLD);
    y = card_line(y, x, width, max_y, _("E-mail:"), f[PARTNER_EMAILS], A_NORMAL);
    y = card_line(y, x, width, max_y, _("Website:"), f[PARTNER_WEBSITE], A_NORMAL);
    struct opening_hours h;
    struct gu_error err;
    if (f[PARTNER_HOURS] && hours_parse(f[PARTNER_HOURS], &h, &err) == GU_OK) {
        char status[160];
        struct gu_datetime now = clock_now();
        hours_status(&h, &now, status, sizeof status);
        y = card_line(y, x, width, max_y, _("Hours:"), status,
                      hours_is_open(&h, &now) ? A_BOLD : A_NORMAL);
    }
    if (f[PARTNER_ACCESS]) {
        char *labels = partner_access_labels(f[PARTNER_ACCESS]);
        y = card_line(y, x, width, max_y, _("How to reach them:"), labels, A_NORMAL);
        free(labels);
    }
    y = card_line(y, x, width, max_y, _("What they handle:"), f[PARTNER_HANDLES], A_NORMAL);
    y = card_line(y, x, width, max_y, _("Notes:"), f[PARTNER_NOTES], A_NORMAL);
    return y;
}
