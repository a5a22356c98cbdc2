/* libFuzzer harness: the iCalendar writer's escaping. Any text guichet could hold in a
 * workshop's title, description, room and site (the organizer's CN too) gives lines that end in
 * CRLF, are folded at 75 octets, carry no bare control characters, and keep one event. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ics.h"
#include "text.h"
#include "workshop.h"

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
    free(out);
    free(title);
    free(raw);
    return 0;
}
