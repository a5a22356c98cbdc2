/* libFuzzer harness: opening hours in OpenStreetMap syntax (partner cards, imports). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size, 1);
    if (!text)
        return 0;
    struct hours *h = NULL;
    struct gu_error err;
    if (hours_parse(text, &h, &err) == GU_OK) {
        /* Whatever parses answers every question without going wrong, in every region. */
        static const enum hours_region regions[] = {
            HOURS_REGION_FRANCE,     HOURS_REGION_ALSACE_MOSELLE,   HOURS_REGION_GUADELOUPE,
            HOURS_REGION_MARTINIQUE, HOURS_REGION_GUYANE,           HOURS_REGION_REUNION,
            HOURS_REGION_MAYOTTE,    HOURS_REGION_SAINT_BARTHELEMY, HOURS_REGION_SAINT_MARTIN};
        struct gu_datetime at = {2026, 5, 1, 11, 30}, next;
        for (int day = 0; day < 4; day++, at.day++) {
            enum hours_region region = regions[(day + size) % (sizeof regions / sizeof *regions)];
            const char *comment;
            hours_state_at(h, region, &at, &comment);
            char *status = hours_status(h, region, &at);
            char *line = hours_describe_date(h, region, at.year, at.month, at.day);
            if (!status || !line)
                abort();
            free(status);
            free(line);
            if (hours_next_change(h, region, &at, 8, &next) &&
                datetime_compare(&next, &at) <= 0)
                abort(); /* the next change is after the moment asked about */
        }
        /* The spring night (Paris, 2027-03-28): never a change at a minute that does not exist. */
        struct gu_datetime night = {2027, 3, 28, 1, 50};
        if (hours_next_change(h, HOURS_REGION_FRANCE, &night, 1, &next) && next.day == 28 &&
            next.hour == 2)
            abort();
        char *status = hours_status(h, HOURS_REGION_FRANCE, &night);
        if (!status)
            abort();
        free(status);
        hours_free(h);
    } else if (!err.message[0] || h)
        abort(); /* a refusal always says why, and gives nothing */
    /* What the French reader writes is read back. */
    char *osm = NULL;
    h = NULL;
    if (hours_from_french(text, &osm, &err) == GU_OK) {
        if (hours_parse(osm, &h, &err) != GU_OK)
            abort();
        hours_free(h);
        free(osm);
    }
    free(text);
    return 0;
}
