#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

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
