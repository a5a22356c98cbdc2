#include "workshop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

void workshop_init(struct workshop *w)
{
    *w = (struct workshop){.level = VOCAB_NONE, .status = workshop_status("planned"),
                           .duration_min = 90, .capacity = 8, .at = clock_now()};
}

void workshop_clear(struct workshop *w)
{
    free(w->uid);
    free(w->title);
    free(w->description);
    free(w->room);
    free(w->site_name);
    free(w->facilitator_name);
    workshop_init(w);
}

int workshop_copy(struct workshop *dst, const struct workshop *src, struct gu_error *err)
{
    *dst = *src;
    if (text_copy(&dst->uid, src->uid) || text_copy(&dst->title, src->title) ||
        text_copy(&dst->description, src->description) || text_copy(&dst->room, src->room) ||
        text_copy(&dst->site_name, src->site_name) ||
        text_copy(&dst->facilitator_name, src->facilitator_name)) {
        workshop_clear(dst);
        return error_nomem(err);
    }
    return GU_OK;
}

int workshop_status(const char *code)
{
    return vocab_find(VOCAB_WORKSHOP_STATUS, code);
}

int workshop_seats_taken(const struct workshop *w)
{
    return w->status == workshop_status("held") ? w->attended : w->booked;
}

int workshop_seats_free(const struct workshop *w)
{
    int taken = workshop_seats_taken(w);
    return w->capacity > taken ? w->capacity - taken : 0;
}

void workshop_format_seats(const struct workshop *w, char *buf, size_t size)
{
    snprintf(buf, size, "%d / %d", workshop_seats_taken(w), w->capacity);
}

enum registration_notice workshop_notice(const char *code)
{
    if (!code)
        return NOTICE_NONE;
    if (!strcmp(code, "cancelled"))
        return NOTICE_CANCELLED;
    if (!strcmp(code, "told"))
        return NOTICE_TOLD;
    if (!strcmp(code, "reopened"))
        return NOTICE_REOPENED;
    return NOTICE_NONE;
}

const char *workshop_notice_label(enum registration_notice notice)
{
    switch (notice) {
    case NOTICE_CANCELLED: return _("cancelled: to tell");
    case NOTICE_REOPENED: return _("reopened: to tell");
    case NOTICE_NONE:
    case NOTICE_TOLD: break;
    }
    return "";
}

const char *workshop_notice_code(enum registration_notice notice)
{
    switch (notice) {
    case NOTICE_CANCELLED: return "cancelled";
    case NOTICE_REOPENED: return "reopened";
    case NOTICE_NONE:
    case NOTICE_TOLD: break;
    }
    return "";
}

int workshop_validate(const struct workshop *w, bool is_new, struct gu_error *err)
{
    if (!w->title || !*w->title)
        return error_set(err, GU_INVALID, "%s", _("a workshop needs a title"));
    if (w->duration_min < 1 || w->duration_min > 1440)
        return error_set(err, GU_INVALID, _("the duration must be 1 to %d minutes"), 1440);
    if (w->capacity < 0 || w->capacity > WORKSHOP_CAPACITY_MAX)
        return error_set(err, GU_INVALID, _("the capacity must be 0 to %d seats"),
                         WORKSHOP_CAPACITY_MAX);
    if (!date_is_valid(w->at.year, w->at.month, w->at.day))
        return error_set(err, GU_INVALID, "%s", _("the date is not a real date"));
    struct gu_datetime now = clock_now();
    if (is_new && datetime_compare(&w->at, &now) < 0)
        return error_set(err, GU_INVALID, "%s", _("a new workshop cannot start in the past"));
    return GU_OK;
}

void promotion_clear(struct promotion *p)
{
    free(p->name);
    free(p->phone);
    free(p->email);
    *p = (struct promotion){0};
}
