#include "error.h"

#include <stdarg.h>
#include <stdio.h>

#include "i18n.h"

int error_set(struct gu_error *err, enum gu_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

int error_nomem(struct gu_error *err)
{
    return error_set(err, GU_FAILURE, "%s", _("out of memory"));
}
