/* Shared by the libFuzzer harnesses: the parsers take C strings, the fuzzer gives bytes. */
#ifndef GUICHET_FUZZ_H
#define GUICHET_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) followed by extra NUL bytes (at least one); the caller frees it. NULL when out
 * of memory. */
static inline char *fuzz_string(const uint8_t *data, size_t size, size_t extra)
{
    char *s = malloc(size + (extra ? extra : 1));
    if (s) {
        memcpy(s, data, size);
        memset(s + size, 0, extra ? extra : 1);
    }
    return s;
}

#endif
