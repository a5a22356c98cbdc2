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
    struct opening_hours h;
    struct gu_error err;
    if (hours_parse(text, &h, &err) == GU_OK) {
        /* Whatever parses answers every question without going wrong. */
        struct gu_datetime at = {2026, 5, 1, 11, 30}, next, until;
        char status[256];
        for (int day = 0; day < 10; day++, at.day++) {
            hours_is_open(&h, &at);
            hours_status(&h, &at, status, sizeof status);
            if (!memchr(status, '\0', sizeof status))
                abort();
            hours_next_change(&h, &at, &next, &until);
        }
    } else if (!err.message[0])
        abort(); /* a refusal always says why */
    free(text);
    return 0;
}
