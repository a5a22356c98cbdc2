/* libFuzzer harness: what a person says, matched against the routing policy's phrases (route
 * as the desk types) and against names (the desk's one search, text_search). The input is split
 * at its first two NUL bytes into query, phrases and label. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "route.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = fuzz_string(data, size, 3);
    if (!raw)
        return 0;
    const char *parts[3] = {raw, NULL, NULL};
    for (int i = 1; i < 3; i++)
        parts[i] = parts[i - 1] + strlen(parts[i - 1]) + 1; /* at worst one of the extra NULs */
    /* Only cleaned text reaches the matcher, as from the desk or the command line. */
    char *clean[3] = {NULL, NULL, NULL};
    struct gu_error err;
    bool ok = true;
    for (int i = 0; i < 3; i++)
        ok = ok && text_clean_input("f", parts[i], 0, TEXT_SPACE_BREAKS, &clean[i], &err) == GU_OK;
    if (ok) {
        const char *q = clean[0] ? clean[0] : "", *ph = clean[1] ? clean[1] : "",
                   *label = clean[2] ? clean[2] : "";
        double score = route_score(q, ph, label);
        if (score != score || score < 0)
            abort(); /* never NaN, never negative */
        if (!text_matches(label, "") || (*q && !text_matches(q, q)))
            abort(); /* the empty query matches anything; a text finds itself */
        route_one_edit(q, label);
        /* The desk's one search: every text finds itself, and the empty query finds anything. */
        struct text_search words, none;
        if (text_search_compile(&words, q) == GU_OK) {
            const char *self[] = {label, q};
            if (!text_search_matches(&words, self, 2))
                abort();
            for (size_t i = 0; i < words.n; i++)
                if (!*words.words[i])
                    abort(); /* never an empty word */
            text_search_free(&words);
        }
        if (text_search_compile(&none, "") != GU_OK || !text_search_matches(&none, &label, 1))
            abort();
    }
    for (int i = 0; i < 3; i++)
        free(clean[i]);
    free(raw);
    return 0;
}
