/* libFuzzer harness: the CSV reader (partner and policy imports) on any bytes. Every record comes
 * whole or with a problem and no field, in order, and the reader always reaches the end. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "fuzz.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader r;
    csv_init(&r, (const char *)data, size);
    const struct csv_record *rec;
    int last_number = 0, last_line = 0;
    while ((rec = csv_next(&r))) {
        if (rec->number != last_number + 1 || rec->line < 1 || rec->line < last_line)
            abort(); /* records come in order, numbered from 1 */
        last_number = rec->number;
        last_line = rec->line;
        if (rec->problem) {
            if (rec->n || !*rec->problem || rec->problem_line < rec->line)
                abort(); /* a malformed record has no field, a reason and a line */
            continue;
        }
        if (!rec->n || rec->n > CSV_FIELDS_MAX)
            abort();
        for (size_t i = 0; i < rec->n; i++)
            if (!rec->fields[i] || strlen(rec->fields[i]) > size ||
                u8_check((const uint8_t *)rec->fields[i], strlen(rec->fields[i])))
                abort(); /* a field is valid UTF-8, never longer than the input */
    }
    csv_release(&r);
    return 0;
}
