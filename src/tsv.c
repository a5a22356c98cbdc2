#include "tsv.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

int tsv_split(char *line, char **fields, int max)
{
    int n = 0;
    for (char *f = line; f && n < max; n++) {
        fields[n] = f;
        f = strchr(f, '\t');
        if (f)
            *f++ = '\0';
    }
    return n;
}

int tsv_each(const char *text, tsv_record_fn fn, void *ctx)
{
    char *copy = strdup(text);
    if (!copy)
        return GU_FAILURE;
    int status = GU_OK, line_no = 0;
    for (char *line = copy, *next; !status && line && *line; line = next) {
        line_no++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line == '#' || *line == '\0')
            continue;
        char *fields[16];
        int n = tsv_split(line, fields, 16);
        status = fn(fields, n, line_no, ctx);
    }
    free(copy);
    return status;
}
