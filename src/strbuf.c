#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Room for need more bytes and a NUL; false (and failed set) when that cannot be had. */
static bool strbuf_reserve(struct strbuf *b, size_t need)
{
    if (b->failed)
        return false;
    if (need > SIZE_MAX / 2 - b->len - 1) {
        b->failed = true;
        return false;
    }
    size_t want = b->len + need + 1;
    if (want <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    char *t = realloc(b->text, cap);
    if (!t) {
        b->failed = true;
        return false;
    }
    b->text = t;
    b->cap = cap;
    return true;
}

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
    if (!strbuf_reserve(b, n))
        return;
    if (n)
        memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
    if (s)
        strbuf_add(b, s, strlen(s));
}

void strbuf_putc(struct strbuf *b, char c)
{
    strbuf_add(b, &c, 1);
}

void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0 || !strbuf_reserve(b, (size_t)(n < 0 ? 0 : n))) {
        b->failed = b->failed || n < 0;
        va_end(again);
        return;
    }
    vsnprintf(b->text + b->len, (size_t)n + 1, fmt, again);
    va_end(again);
    b->len += (size_t)n;
}

void strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *strbuf_str(const struct strbuf *b)
{
    return b->text ? b->text : "";
}

bool strbuf_failed(const struct strbuf *b)
{
    return b->failed;
}

char *strbuf_finish(struct strbuf *b)
{
    char *t = NULL;
    if (!b->failed)
        t = b->text ? b->text : strdup("");
    else
        free(b->text);
    *b = (struct strbuf)STRBUF_INIT;
    return t;
}

void strbuf_release(struct strbuf *b)
{
    free(b->text);
    *b = (struct strbuf)STRBUF_INIT;
}
