/* Error reporting shared by the core: a status and one translated, ready-to-print message. */
#ifndef GUICHET_ERROR_H
#define GUICHET_ERROR_H

#include <stddef.h>

/* Statuses double as command-line exit codes. */
enum gu_status {
    GU_OK = 0,
    GU_FAILURE = 1, /* the environment failed: I/O, database, memory */
    GU_INVALID = 2, /* the caller's input was refused; nothing was written */
};

struct gu_error {
    enum gu_status status;
    char message[1024];
};

/* Records a printf-style message (already translated by the caller) and returns status, so that
 * callers can write `return error_set(err, GU_INVALID, _("…"), …);`. err may be NULL. */
int error_set(struct gu_error *err, enum gu_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Ends buf (size bytes, filled to the brim by a printf that did not fit) with "…" between two
 * characters, never in the middle of one: a long value quoted back stays valid UTF-8. */
void message_mark_cut(char *buf, size_t size);

/* The system's message for errnum (strerror's), in the catalogue's language and, in French, in
 * its typography (domain.md §7): glibc's French writes "N'est pas un dossier" and "« anode »"
 * with plain spaces. Every message quoting the system goes through it. The text is kept until
 * the language changes (i18n_generation); strerror's own when cleaning runs out of memory. */
const char *error_system_text(int errnum);

/* Shorthand for running out of memory. */
int error_nomem(struct gu_error *err);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
