#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "date.h"
#include "i18n.h"
#include "strbuf.h"
#include "text.h"

/* Where the desks are: their wall-clock times are Paris times. */
#define DESK_TIME_ZONE "Europe/Paris"

struct ics {
    icalcomponent *calendar;
};

struct ics *ics_begin(void)
{
    struct ics *ics = calloc(1, sizeof *ics);
    if (!ics)
        return NULL;
    ics->calendar = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
        icalproperty_new_prodid("-//guichet//guichet " GUICHET_VERSION "//FR"),
        icalproperty_new_calscale("GREGORIAN"), icalproperty_new_method(ICAL_METHOD_PUBLISH),
        (void *)0);
    if (!ics->calendar) {
        free(ics);
        return NULL;
    }
    return ics;
}

/* A desk time (Paris wall clock) plus minutes, as UTC. */
static struct icaltimetype desk_time_utc(const struct gu_datetime *at, int plus_minutes)
{
    struct icaltimetype t = icaltime_null_time();
    t.year = at->year, t.month = at->month, t.day = at->day;
    t.hour = at->hour, t.minute = at->minute, t.second = 0, t.is_date = 0;
    t = icaltime_set_timezone(&t, icaltimezone_get_builtin_timezone(DESK_TIME_ZONE));
    if (plus_minutes) {
        struct icaldurationtype d = icaldurationtype_null_duration();
        d.minutes = (unsigned int)plus_minutes;
        t = icaltime_add(t, d);
    }
    return icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
}

/* "2026-03-14T10:30:00Z" as an iCalendar UTC time. */
static struct icaltimetype utc_from_text(const char *text)
{
    struct icaltimetype t = icaltime_null_time();
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &t.year, &t.month, &t.day, &t.hour, &t.minute,
               &t.second) != 6)
        return icaltime_null_time();
    return icaltime_set_timezone(&t, icaltimezone_get_utc_timezone());
}

/* What libical is given: text as text_for_output leaves it, so that the calendar holds valid
 * UTF-8 without controls whatever the database holds (libical escapes , ; \ and line breaks,
 * and folds by octets, but copies any other byte as it is). Caller frees. */
static char *ics_text(const char *raw)
{
    char *copy;
    const char *clean = text_for_output(raw ? raw : "", &copy);
    return copy ? copy : strdup(clean);
}

int ics_add(struct ics *ics, const struct workshop *w, struct gu_error *err)
{
    char now[21];
    clock_now_utc_text(now);
    struct strbuf location = STRBUF_INIT, categories = STRBUF_INIT;
    strbuf_puts(&location, w->site_name);
    strbuf_puts(&location, w->site_name && w->room ? ", " : "");
    strbuf_puts(&location, w->room);
    vocab_set set = w->themes;
    for (int i = 0; set; i++, set >>= 1)
        if (set & 1) {
            strbuf_puts(&categories, categories.len ? "," : "");
            strbuf_puts(&categories, vocab_label(VOCAB_THEME, i));
        }
    char *uid = ics_text(w->uid), *summary = ics_text(w->title),
         *where = ics_text(strbuf_str(&location)), *description = ics_text(w->description),
         *themes = ics_text(strbuf_str(&categories));
    bool failed = strbuf_failed(&location) || strbuf_failed(&categories) || !uid || !summary ||
                  !where || !description || !themes;
    strbuf_release(&location);
    strbuf_release(&categories);
    bool cancelled = w->status == workshop_status("cancelled");
    icalcomponent *event = failed ? NULL : icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid),
        icalproperty_new_dtstamp(utc_from_text(now)),
        icalproperty_new_dtstart(desk_time_utc(&w->at, 0)),
        icalproperty_new_dtend(desk_time_utc(&w->at, w->duration_min)),
        icalproperty_new_sequence(w->sequence), icalproperty_new_summary(summary),
        icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED),
        (void *)0);
    if (event) {
        if (w->updated_at[0])
            icalcomponent_add_property(event,
                                       icalproperty_new_lastmodified(utc_from_text(w->updated_at)));
        if (*where)
            icalcomponent_add_property(event, icalproperty_new_location(where));
        if (*description)
            icalcomponent_add_property(event, icalproperty_new_description(description));
        if (*themes)
            icalcomponent_add_property(event, icalproperty_new_categories(themes));
        icalcomponent_add_component(ics->calendar, event);
    }
    free(uid);
    free(summary);
    free(where);
    free(description);
    free(themes);
    return event ? GU_OK : error_nomem(err);
}

/* libical before 4.0.3 folds a content line together with its CRLF when the fold falls at the
 * line's end (libical pull request 1338): "CR CR LF SP LF", which breaks parsers, or
 * "CR LF SP CR LF", an empty continuation. Both become the plain CRLF they stand for. */
static void repair_folds(char *text)
{
    static const char *const broken[] = {"\r\r\n \n", "\r\n \r\n"};
    char *out = text;
    for (const char *in = text; *in;) {
        size_t skip = 0;
        for (size_t i = 0; i < 2 && !skip; i++)
            if (!strncmp(in, broken[i], 5))
                skip = 5;
        if (skip) {
            memcpy(out, "\r\n", 2);
            out += 2;
            in += skip;
        } else
            *out++ = *in++;
    }
    *out = '\0';
}

int ics_end(struct ics *ics, FILE *f, struct gu_error *err)
{
    char *text = icalcomponent_as_ical_string_r(ics->calendar);
    int status = GU_OK;
    if (text)
        repair_folds(text);
    if (!text)
        status = error_nomem(err);
    else if (fputs(text, f) == EOF || fflush(f) != 0)
        status = error_set(err, GU_FAILURE, "%s", _("cannot write the output"));
    free(text);
    icalcomponent_free(ics->calendar);
    free(ics);
    return status;
}
