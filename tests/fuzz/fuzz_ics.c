/* libFuzzer harness: the iCalendar writer's escaping. Any text guichet could hold in a
 * workshop's title, description, room and site (the organizer's CN too) gives lines that end in
 * CRLF, are folded at 75 octets, carry no bare control characters, and keep one event; the
 * organizer's CN, unfolded, unquoted and decoded per RFC 6868, is the site's name as cleaned for
 * output, exactly. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ics.h"
#include "text.h"
#include "workshop.h"

/* The CN of the calendar's ORGANIZER read as RFC 5545 and RFC 6868 say (unfolded, unquoted,
 * ^^ ^n ^' decoded) must be name as text_for_output leaves it; no CN for an empty name. */
static void check_cn(const char *ics, const char *name)
{
    size_t n = strlen(ics);
    char *line = malloc(n + 1), *o = line;
    if (!line)
        abort();
    for (const char *c = ics; *c;) /* unfold */
        if (!strncmp(c, "\r\n ", 3))
            c += 3;
        else
            *o++ = *c++;
    *o = '\0';
    char *copy;
    const char *want = text_for_output(name, &copy);
    char *at = strstr(line, "\r\nORGANIZER");
    if (!at)
        abort();
    at += strlen("\r\nORGANIZER");
    if (!*want) {
        if (strncmp(at, ":mailto:", 8))
            abort();
    } else {
        if (strncmp(at, ";CN=", 4))
            abort();
        at += 4;
        bool quoted = *at == '"';
        at += quoted;
        char *got = malloc(strlen(at) + 1), *g = got;
        if (!got)
            abort();
        for (; *at && (quoted ? *at != '"' : *at != ':' && *at != ';'); at++) {
            if (*at == '^' && (at[1] == '^' || at[1] == 'n' || at[1] == '\'')) {
                at++;
                *g++ = *at == 'n' ? '\n' : *at == '\'' ? '"' : '^';
            } else
                *g++ = *at;
        }
        *g = '\0';
        if (quoted && *at++ != '"')
            abort();
        if (strcmp(got, want) || strncmp(at, ":mailto:", 8))
            abort();
        free(got);
    }
    free(copy);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = fuzz_string(data, size, 1);
    if (!raw)
        return 0;
    char *title = NULL;
    struct gu_error err;
    if (text_clean_input("title", raw, 0, TEXT_SPACE_BREAKS, &title, &err) != GU_OK || !title) {
        free(raw);
        return 0;
    }
    struct workshop w;
    workshop_init(&w);
    w.uid = "fuzz@guichet";
    w.title = title;
    w.description = title;
    w.room = title;
    w.site_name = title;
    w.at = (struct gu_datetime){2026, 3, 29, 2, 30}; /* the night the clocks go forward */
    w.duration_min = 90;
    w.capacity = 8;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    struct ics *ics = ics_begin();
    struct ics_site site = {"Europe/Paris", title, NULL};
    if (!f || !ics || ics_add(ics, &w, &site, &err) != GU_OK || ics_end(ics, f, &err) != GU_OK)
        abort();
    fclose(f);
    int events = 0;
    for (char *line = out; line < out + len;) {
        char *end = strstr(line, "\r\n");
        if (!end || end - line > 75 || (end - line == 1 && *line == ' '))
            abort(); /* too long, or an empty continuation */
        for (char *c = line; c < end; c++)
            if ((unsigned char)*c < 0x20 && *c != '\t')
                abort();
        if (!strncmp(line, "BEGIN:VEVENT", 12))
            events++;
        line = end + 2;
    }
    if (events != 1)
        abort();
    check_cn(out, title);
    free(out);
    free(title);
    free(raw);
    return 0;
}
