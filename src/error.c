#include "error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"

void message_mark_cut(char *buf, size_t size)
{
    if (size < 4)
        return;
    size_t end = size - 4; /* room for "…" (3 bytes) and the NUL */
    while (end > 0 && ((unsigned char)buf[end] & 0xC0) == 0x80)
        end--;
    memcpy(buf + end, "\xE2\x80\xA6", 4);
}

int error_set(struct gu_error *err, enum gu_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        if (n >= (int)sizeof err->message)
            message_mark_cut(err->message, sizeof err->message);
        err->status = status;
    }
    return status;
}

int error_nomem(struct gu_error *err)
{
    return error_set(err, GU_FAILURE, "%s", _("out of memory"));
}

/* text in French typography: the typographic apostrophe, a no-break space (U+00A0) before ':'
 * and inside « », a narrow one (U+202F) before ; ! ? and %. */
static char *error_french_typography(const char *text)
{
    struct strbuf b = STRBUF_INIT;
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            strbuf_puts(&b, "\u2019");
        else if (*p == ' ' && p[1] == ':')
            strbuf_puts(&b, "\u00a0");
        else if (*p == ' ' && p[1] && strchr(";!?%", p[1]))
            strbuf_puts(&b, "\u202f");
        else if (*p == ' ' && !strncmp(p + 1, "\u00bb", 2))
            strbuf_puts(&b, "\u00a0");
        else if (!strncmp(p, "\u00ab ", 3)) {
            strbuf_puts(&b, "\u00ab\u00a0");
            p += 2;
        } else
            strbuf_putc(&b, *p);
    }
    return strbuf_finish(&b);
}

const char *error_system_text(int errnum)
{
    /* Cleaned once per number and language: messages are few, and asked for again and again
     * only on a failing disk. Linux's numbers stay below 160. */
    static struct {
        unsigned generation;
        char *text;
    } cache[160];
    const char *raw = strerror(errnum);
    if (!i18n_is_french() || errnum < 0 || (size_t)errnum >= ARRAY_LEN(cache))
        return raw;
    if (cache[errnum].text && cache[errnum].generation == i18n_generation())
        return cache[errnum].text;
    char *clean = error_french_typography(raw);
    if (!clean)
        return raw;
    free(cache[errnum].text);
    cache[errnum].text = clean;
    cache[errnum].generation = i18n_generation();
    return clean;
}
