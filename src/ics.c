#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "appointment.h"
#include "config.h"
#include "date.h"
#include "i18n.h"
#include "person.h"
#include "strbuf.h"
#include "text.h"

static char *ics_text(const char *raw);

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

/* A wall-clock time of zone, plus minutes, as UTC. The duration is added to the instant, not to
 * the wall clock: 90 minutes from 01:30 on the night the clocks go forward end at 04:00 local. */
static struct icaltimetype site_time_utc(const char *zone, const struct gu_datetime *at,
                                         int plus_minutes)
{
    long long t;
    if (!date_to_instant(zone ? zone : DATE_ZONE_DEFAULT, at, &t) &&
        !date_to_instant(DATE_ZONE_DEFAULT, at, &t))
        return icaltime_null_time();
    t += (long long)plus_minutes * 60;
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* Whether libical writes a '^' of a parameter value as "^^" itself (asked once). */
static bool libical_doubles_caret(void)
{
    static int doubles = -1;
    if (doubles < 0) {
        icalparameter *probe = icalparameter_new_cn("^");
        char *written = probe ? icalparameter_as_ical_string_r(probe) : NULL;
        if (written) /* out of memory: asked again next time */
            doubles = strstr(written, "^^") != NULL;
        free(written);
        if (probe)
            icalparameter_free(probe);
    }
    return doubles > 0;
}

/* A parameter value (CN) as libical must be given it for the calendar to hold it per RFC 6868,
 * so that a reader gets back exactly raw (after ics_text's cleaning). libical 3.0 writes '"' as
 * "^'" and a line break as "^n", and quotes a value holding ':', ';' or ','; but it copies '^'
 * as it is, so a typed "^n" or "^'" would read back as a line break or a double quote: '^' is
 * doubled here, unless this libical does so itself. Caller frees; NULL when out of memory. */
static char *ics_param_text(const char *raw)
{
    char *clean = ics_text(raw);
    if (!clean || !strchr(clean, '^') || libical_doubles_caret())
        return clean;
    struct strbuf out = STRBUF_INIT;
    for (const char *c = clean; *c; c++) {
        if (*c == '^')
            strbuf_putc(&out, '^');
        strbuf_putc(&out, *c);
    }
    free(clean);
    return strbuf_finish(&out);
}

/* ORGANIZER;CN=name:mailto:email (RFC 5546: a published event names its organizer). Caller
 * frees the property (or gives it to a component); NULL when out of memory. */
static icalproperty *organizer_new(const struct ics_site *site)
{
    struct strbuf address = STRBUF_INIT;
    strbuf_puts(&address, "mailto:");
    /* The stored address again checked: a database edited by other hands could hold anything,
     * and a cal-address is written as it is (no escaping). */
    struct gu_error ignored;
    char *clean = site && site->email ? ics_text(site->email) : NULL;
    bool usable = clean && !strcmp(clean, site->email) &&
                  person_validate_email("email", clean, &ignored) == GU_OK &&
                  !strpbrk(clean, "\"<>\\:");
    for (const char *c = clean; usable && *c; c++)
        usable = (unsigned char)*c > 0x20 && *c != 0x7f;
    strbuf_puts(&address, usable ? clean : ICS_NO_REPLY);
    free(clean);
    char *value = strbuf_finish(&address);
    char *cn = site && site->name && *site->name ? ics_param_text(site->name) : NULL;
    icalproperty *p = value ? icalproperty_new_organizer(value) : NULL;
    if (p && cn && *cn)
        icalproperty_add_parameter(p, icalparameter_new_cn(cn));
    free(value);
    free(cn);
    return p;
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

/* An event's common part: its UID, stamp, start and end at the site's clock, SEQUENCE (when
 * sequence >= 0), summary, status and organizer (uid and summary already ics_text's), in the
 * order the workshops' calendar always wrote them; NULL when out of memory. */
static icalcomponent *event_new(const char *uid, const char *summary, const char *zone,
                                const struct gu_datetime *at, int duration, int sequence,
                                bool cancelled, const struct ics_site *site)
{
    char now[21];
    clock_now_utc_text(now);
    icalcomponent *event = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid),
        icalproperty_new_dtstamp(utc_from_text(now)),
        icalproperty_new_dtstart(site_time_utc(zone, at, 0)),
        icalproperty_new_dtend(site_time_utc(zone, at, duration)), (void *)0);
    if (event && sequence >= 0)
        icalcomponent_add_property(event, icalproperty_new_sequence(sequence));
    if (event) {
        icalcomponent_add_property(event, icalproperty_new_summary(summary));
        icalcomponent_add_property(event, icalproperty_new_status(
            cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    }
    icalproperty *organizer = event ? organizer_new(site) : NULL;
    if (event && !organizer) {
        icalcomponent_free(event);
        return NULL;
    }
    if (event)
        icalcomponent_add_property(event, organizer);
    return event;
}

int ics_add(struct ics *ics, const struct workshop *w, const struct ics_site *site,
            struct gu_error *err)
{
    const char *zone = site ? site->zone : NULL;
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
    icalcomponent *event =
        failed ? NULL
               : event_new(uid, summary, zone, &w->at, w->duration_min, w->sequence,
                           w->status == workshop_status("cancelled"), site);
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

int ics_add_appointment(struct ics *ics, const struct appointment *a, const char *uid_text,
                        const char *summary_text, const struct ics_site *site,
                        struct gu_error *err)
{
    char *uid = ics_text(uid_text), *summary = ics_text(summary_text),
         *where = ics_text(a->site_name ? a->site_name : "");
    icalcomponent *event =
        !uid || !summary || !where
            ? NULL
            : event_new(uid, summary, site ? site->zone : NULL, &a->at, a->duration_min, a->sequence,
                        a->status == APPOINTMENT_CANCELLED, site);
    if (event) {
        if (*where)
            icalcomponent_add_property(event, icalproperty_new_location(where));
        icalcomponent_add_component(ics->calendar, event);
    }
    free(uid);
    free(summary);
    free(where);
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
