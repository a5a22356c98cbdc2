#include "sheet.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"
#include "output.h"
#include "person.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

/* ---- HTML ------------------------------------------------------------------------------------ */


/* <tag>text</tag> */
static void html_element(FILE *out, const char *tag, const char *text)
{
    fprintf(out, "<%s>", tag);
    output_html_text(out, text);
    fprintf(out, "</%s>", tag);
}

/* The page up to <body>: a title, and a style that prints on A4 without browser margins lost. */
static void html_begin(FILE *out, const char *title)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n",
            i18n_is_french() ? "fr" : "en");
    html_element(out, "title", title);
    fputs("\n<style>\n"
          "body{font-family:sans-serif;max-width:52em;margin:1em auto;color:#000}\n"
          "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em}\n"
          "dl{display:grid;grid-template-columns:max-content auto;gap:0.2em 1em}"
          "dt{font-weight:bold}dd{margin:0}\n"
          "table{border-collapse:collapse;width:100%}"
          "th,td{border:1px solid #444;padding:0.3em 0.5em;text-align:left;vertical-align:top}\n"
          "td.sign{width:35%;height:2.4em}td.box{width:4em}\n"
          ".library{font-weight:bold;margin:0}.made{color:#444;margin:.2em 0}\n"
          /* A4 as French printers have it; a row (a signature) never split between pages,
           * the table's head repeated on each. */
          "@page{size:A4;margin:15mm 15mm 15mm}\n"
          "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}\n"
          "@media print{body{margin:0;max-width:none}h2{break-after:avoid;page-break-after:avoid}}\n"
          "</style></head><body>\n",
          out);
}

/* The letterhead of a printed page: the library, and when the page was made (a sheet or a list
 * is good for a day). library may be NULL (a database with no site yet). */
static void html_letterhead(FILE *out, const char *library, const char *made)
{
    if (library) {
        fputs("<p class=\"library\">", out);
        output_html_text(out, library);
        fputs("</p>\n", out);
    }
    fputs("<p class=\"made\">", out);
    output_html_text(out, made);
    fputs("</p>\n", out);
}

/* "Made on Wednesday 2 December 2026 at 14:30" in msgid's words (a long date, then a time). */
static void made_on(struct strbuf *b, const char *msgid)
{
    struct gu_datetime now = clock_now();
    char date[96], time[32];
    i18n_format_date_long(date, sizeof date, now.year, now.month, now.day);
    i18n_format_time(time, sizeof time, now.hour, now.minute);
    strbuf_printf(b, msgid, date, time);
}

static void html_end(FILE *out)
{
    fputs("</body></html>\n", out);
}

/* A table's head row: the translated titles. */
static void html_table_begin(FILE *out, const char *const *titles, size_t n)
{
    fputs("<table><thead><tr>", out);
    for (size_t i = 0; i < n; i++)
        html_element(out, "th", titles[i]);
    fputs("</tr></thead><tbody>\n", out);
}

static void html_table_end(FILE *out)
{
    fputs("</tbody></table>\n", out);
}

/* A column of a text document: cut to width - 1 columns, then a space, so that a long value
 * never runs into the next one. */
static void text_cell(FILE *out, const char *text, int width)
{
    output_pad(out, text, width - 1, false);
    fputc(' ', out);
}

static int finish_writing(FILE *out, struct gu_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return error_set(err, GU_FAILURE, "%s", _("cannot write the output"));
    return GU_OK;
}

/* ---- the attendance sheet ------------------------------------------------------------------ */

struct sheet {
    FILE *out;
    enum sheet_format format;
    const struct workshop *w;
    const char *when, *day, *place; /* day: the long date, for the page's title */
    const char *library, *made;     /* the letterhead; library may be NULL */
    int line;
};

static void sheet_row(struct sheet *s, const char *name, const char *phone)
{
    char number[32];
    if (s->format == SHEET_CSV)
        snprintf(number, sizeof number, "%d", ++s->line);
    else
        i18n_format_count(number, sizeof number, ++s->line);
    switch (s->format) {
    case SHEET_CSV: {
        const char *cells[] = {s->w->title, s->when,  s->place, s->w->facilitator_name,
                               number,      name,     phone,    ""};
        for (size_t i = 0; i < ARRAY_LEN(cells); i++) {
            if (i)
                fputc(',', s->out);
            output_csv_field(s->out, cells[i], true);
        }
        fputs("\r\n", s->out);
        break;
    }
    case SHEET_HTML:
        fputs("<tr>", s->out);
        html_element(s->out, "td", number);
        html_element(s->out, "td", name);
        html_element(s->out, "td", phone);
        fputs("<td class=\"sign\"></td></tr>\n", s->out);
        break;
    case SHEET_TEXT:
        text_cell(s->out, number, 4);
        text_cell(s->out, name, 30);
        text_cell(s->out, phone, 18);
        fputs("______________________\n\n", s->out);
        break;
    }
}

/* Everyone expected or seen: seats and attendance, not the waitlist nor cancellations. */
static int sheet_line(const struct registration_row *r, void *ctx)
{
    struct sheet *s = ctx;
    const char *state = vocab_code(VOCAB_REGISTRATION_STATE, r->state);
    if (!strcmp(state, "waitlisted") || !strcmp(state, "cancelled"))
        return GU_OK;
    char *shown = person_phone_for_display(r->phone);
    sheet_row(s, r->name, shown ? shown : r->phone);
    free(shown);
    return GU_OK;
}

static void sheet_head(const struct sheet *s)
{
    const char *labels[] = {_("Workshop:"), _("Date:"), _("Place:"), _("Facilitator:")};
    const char *values[] = {s->w->title, s->when, s->place, s->w->facilitator_name};
    const char *columns[] = {_("No."), _("Name"), _("Phone"), _("Signature")};
    switch (s->format) {
    case SHEET_CSV:
        fputs("workshop,starts_at,place,facilitator,line,name,phone,signature\r\n", s->out);
        break;
    case SHEET_HTML: {
        struct strbuf title = STRBUF_INIT;
        /* TRANSLATORS: the title of a printed attendance sheet: the workshop, its long date. */
        strbuf_printf(&title, _("Attendance sheet: %1$s, %2$s"), s->w->title ? s->w->title : "",
                      s->day);
        html_begin(s->out, strbuf_str(&title));
        strbuf_release(&title);
        html_letterhead(s->out, s->library, s->made);
        html_element(s->out, "h1", _("ATTENDANCE SHEET"));
        fputs("\n<dl>\n", s->out);
        for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
            html_element(s->out, "dt", labels[i]);
            html_element(s->out, "dd", values[i] ? values[i] : "");
            fputc('\n', s->out);
        }
        fputs("</dl>\n", s->out);
        html_table_begin(s->out, columns, ARRAY_LEN(columns));
        break;
    }
    case SHEET_TEXT:
        if (s->library) {
            output_clean(s->out, s->library);
            fputc('\n', s->out);
        }
        fprintf(s->out, "%s\n%s\n\n", _("ATTENDANCE SHEET"), s->made);
        for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
            output_pad(s->out, labels[i], 14, false);
            output_pad(s->out, values[i] ? values[i] : "", 60, true);
            fputc('\n', s->out);
        }
        fputc('\n', s->out);
        text_cell(s->out, columns[0], 4);
        text_cell(s->out, columns[1], 30);
        text_cell(s->out, columns[2], 18);
        fprintf(s->out, "%s\n\n", columns[3]);
        break;
    }
}

int sheet_write_attendance(FILE *out, struct store *st, int64_t id, enum sheet_format format,
                           bool *found, struct gu_error *err)
{
    struct workshop w;
    int status = store_get_workshop(st, id, &w, found, err);
    if (status || !*found)
        return status;
    char date[96] = "", start[32], end[32], when[192];
    i18n_format_date_long(date, sizeof date, w.at.year, w.at.month, w.at.day);
    if (format == SHEET_CSV)
        datetime_format(&w.at, when);
    else {
        i18n_format_time(start, sizeof start, w.at.hour, w.at.minute);
        int end_min = w.at.hour * 60 + w.at.minute + w.duration_min;
        i18n_format_time(end, sizeof end, (end_min / 60) % 24, end_min % 60);
        /* TRANSLATORS: date, start time, end time of a workshop. */
        snprintf(when, sizeof when, _("%1$s, %2$s to %3$s"), date, start, end);
    }
    /* Site and room as long as the database has them (cleaned when written). */
    struct strbuf where = STRBUF_INIT;
    strbuf_puts(&where, w.site_name);
    strbuf_puts(&where, w.site_name && w.room ? ", " : "");
    strbuf_puts(&where, w.room);
    /* The library the workshop is held in: its site, else the library named at first start. */
    char *library = NULL;
    if (!w.site_name || !(library = strdup(w.site_name)))
        status = report_library_name(st, 0, &library, err);
    struct strbuf made = STRBUF_INIT;
    /* TRANSLATORS: when an attendance sheet was printed: a long date, then a time ("14 h 30"). */
    made_on(&made, _("Sheet made on %1$s at %2$s"));
    struct sheet s = {.out = out, .format = format, .w = &w, .when = when, .day = date,
                      .place = strbuf_str(&where), .library = library, .made = strbuf_str(&made)};
    if (status) {
        free(library);
        strbuf_release(&made);
        strbuf_release(&where);
        workshop_clear(&w);
        return status;
    }
    sheet_head(&s);
    status = store_list_registrations(st, id, sheet_line, &s, err);
    for (int i = 0; !status && i < SHEET_BLANK_LINES; i++)
        sheet_row(&s, "", "");
    if (format == SHEET_HTML) {
        html_table_end(out);
        html_end(out);
    }
    if (!status && (strbuf_failed(&where) || strbuf_failed(&made)))
        status = error_nomem(err);
    if (!status)
        status = finish_writing(out, err);
    strbuf_release(&where);
    strbuf_release(&made);
    free(library);
    workshop_clear(&w);
    return status;
}

/* ---- the call list ------------------------------------------------------------------------- */

const char *sheet_calls_heading(enum registration_notice notice)
{
    switch (notice) {
    case NOTICE_CANCELLED: return _("Cancelled workshops: to tell");
    case NOTICE_REOPENED: return _("Reopened workshops: to tell");
    case NOTICE_NONE:
    case NOTICE_TOLD: break;
    }
    return _("Reminders");
}

/* The printed call list's columns, within 80: the date and time whole ("03/12/2026 14 h 30"),
 * a French phone number whole ("06 12 34 56 78"), then the box to tick. */
enum { CALLS_WHEN = 19, CALLS_WORKSHOP = 21, CALLS_NAME = 20, CALLS_REACH = 16 };

struct calls {
    FILE *out;
    bool html;
    bool any, in_part;
    enum registration_notice part;
};

static void calls_part_end(struct calls *c)
{
    if (c->in_part && c->html)
        html_table_end(c->out);
    else if (c->in_part)
        fputc('\n', c->out);
    c->in_part = false;
}

static void calls_part_begin(struct calls *c, enum registration_notice part)
{
    const char *columns[] = {_("Date"), _("Workshop"), _("Name"), _("Phone"), _("Called")};
    calls_part_end(c);
    c->part = part;
    c->in_part = true;
    if (c->html) {
        html_element(c->out, "h2", sheet_calls_heading(part));
        fputc('\n', c->out);
        html_table_begin(c->out, columns, ARRAY_LEN(columns));
        return;
    }
    fprintf(c->out, "%s\n\n", sheet_calls_heading(part));
    text_cell(c->out, columns[0], CALLS_WHEN);
    text_cell(c->out, columns[1], CALLS_WORKSHOP);
    text_cell(c->out, columns[2], CALLS_NAME);
    text_cell(c->out, columns[3], CALLS_REACH);
    output_pad(c->out, columns[4], 6, true);
    fputc('\n', c->out);
}

static int calls_line(const struct call_row *r, void *ctx)
{
    struct calls *c = ctx;
    if (!c->in_part || r->notice != c->part)
        calls_part_begin(c, r->notice);
    c->any = true;
    char when[64];
    i18n_format_datetime_short(when, sizeof when, &r->at);
    char *contact = person_contact_for_display(r->phone, r->email);
    const char *reach = contact && *contact ? contact : _("no phone number");
    if (c->html) {
        fputs("<tr>", c->out);
        html_element(c->out, "td", when);
        html_element(c->out, "td", r->title);
        html_element(c->out, "td", r->name);
        html_element(c->out, "td", reach);
        fputs("<td class=\"box\"></td></tr>\n", c->out);
    } else {
        text_cell(c->out, when, CALLS_WHEN);
        text_cell(c->out, r->title, CALLS_WORKSHOP);
        text_cell(c->out, r->name, CALLS_NAME);
        text_cell(c->out, reach, CALLS_REACH);
        fputs("[ ]\n", c->out);
    }
    free(contact);
    return GU_OK;
}

char *sheet_calls_title(const char *from, int days)
{
    char today[DATE_TEXT_SIZE];
    clock_today_text(0, today);
    struct strbuf b = STRBUF_INIT;
    int y, m, d;
    char first[DATE_TEXT_SIZE] = "";
    snprintf(first, sizeof first, "%.10s", from);
    if (strcmp(first, today) <= 0 || !date_parse(first, &y, &m, &d))
        strbuf_printf(&b,
                      ngettext("Call list: workshops of the next %d day",
                               "Call list: workshops of the next %d days", (unsigned long)days),
                      days);
    else {
        char shown[64];
        i18n_format_date_long(shown, sizeof shown, y, m, d);
        strbuf_printf(&b,
                      ngettext("Call list: workshops from %s, %d day",
                               "Call list: workshops from %s, %d days", (unsigned long)days),
                      shown, days);
    }
    return strbuf_finish(&b);
}

int sheet_write_calls(FILE *out, struct store *st, const char *from, const char *until, int days,
                      enum sheet_format format, struct gu_error *err)
{
    char *title = sheet_calls_title(from, days);
    if (!title)
        return error_nomem(err);
    /* The library (every site's workshops are listed), and when the list was made, long as in
     * every document's heading: a list is good for a day. */
    char *library = NULL;
    int status = report_library_name(st, 0, &library, err);
    if (status) {
        free(title);
        return status;
    }
    struct strbuf made = STRBUF_INIT;
    /* TRANSLATORS: when a call list was printed: a long date, then a time ("14 h 30"). */
    made_on(&made, _("List made on %1$s at %2$s"));
    const char *today = strbuf_str(&made);
    struct calls c = {.out = out, .html = format == SHEET_HTML};
    if (c.html) {
        html_begin(out, title);
        html_letterhead(out, library, today);
        html_element(out, "h1", title);
        fputc('\n', out);
    } else {
        if (library) {
            output_clean(out, library);
            fputc('\n', out);
        }
        fprintf(out, "%s\n%s\n\n", title, today);
    }
    status = store_list_calls(st, from, until, calls_line, &c, err);
    calls_part_end(&c);
    if (!c.any) {
        if (c.html)
            html_element(out, "p", _("Nobody to call."));
        else
            fputs(_("Nobody to call."), out);
        fputc('\n', out);
    }
    if (c.html)
        html_end(out);
    free(title);
    free(library);
    strbuf_release(&made);
    if (!status)
        status = finish_writing(out, err);
    return status;
}
