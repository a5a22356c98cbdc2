/* libFuzzer harness: the CSV reader (partner and policy imports) on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader *r = csv_open((const char *)data, size);
    if (!r)
        return 0;
    char **fields;
    size_t n;
    int line, last_line = 0, status;
    struct gu_error err;
    while ((status = csv_next(r, &fields, &n, &line, &err)) == 1) {
        if (line < last_line || line < 1)
            abort(); /* records come in order, from line 1 */
        last_line = line;
        for (size_t i = 0; i < n; i++)
            if (!fields[i] || strlen(fields[i]) > size)
                abort(); /* a field is never longer than the input */
    }
    if (status != 0 && status != GU_INVALID)
        abort();
    csv_close(r);
    return 0;
}
