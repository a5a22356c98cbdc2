/* libFuzzer harness: dates, times and durations as typed at the desk or given on the command
 * line. What parses is valid and reads back the same once formatted. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "date.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size, 1);
    if (!text)
        return 0;
    int y, m, d;
    if (date_parse(text, &y, &m, &d)) {
        if (!date_is_valid(y, m, d))
            abort();
        char back[DATE_TEXT_SIZE];
        date_format(y, m, d, back);
        int y2, m2, d2;
        if (!date_parse(back, &y2, &m2, &d2) || y2 != y || m2 != m || d2 != d)
            abort();
        long days = date_to_days(y, m, d);
        date_from_days(days, &y2, &m2, &d2);
        if (y2 != y || m2 != m || d2 != d || date_weekday(y, m, d) < 0 || date_weekday(y, m, d) > 6)
            abort();
    }
    struct gu_datetime at, again;
    if (datetime_parse(text, &at)) {
        char back[DATETIME_TEXT_SIZE];
        datetime_format(&at, back);
        if (!datetime_parse(back, &again) || datetime_compare(&at, &again) != 0)
            abort();
    }
    int minutes;
    struct gu_error err;
    if (session_parse_duration("duration", text, &minutes, &err) == GU_OK &&
        (minutes < 1 || minutes > 1440))
        abort();
    free(text);
    return 0;
}
