/* A growable string: the one place where guichet assembles text whose length a person, a file or
 * the database decides. Appends never truncate; a failed allocation is remembered (sticky), so a
 * caller appends freely and checks once, at strbuf_finish or strbuf_failed. */
#ifndef GUICHET_STRBUF_H
#define GUICHET_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *text;   /* NUL-terminated once anything was appended; owned by the buffer */
    size_t len;   /* bytes before the NUL */
    size_t cap;
    bool failed;  /* an allocation failed: the content is incomplete */
};

#define STRBUF_INIT {NULL, 0, 0, false}

/* Appends n bytes of s (which may hold NULs only if the caller wants them). */
void strbuf_add(struct strbuf *b, const char *s, size_t n);
/* Appends the string s (nothing for NULL). */
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putc(struct strbuf *b, char c);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list (ap is consumed). */
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The text so far ("" when empty); borrowed, valid until the next append or strbuf_release. */
const char *strbuf_str(const struct strbuf *b);
/* True when an append was lost to a failed allocation. */
bool strbuf_failed(const struct strbuf *b);

/* Hands the text over to the caller (free it) and empties b; NULL if an append failed (b is then
 * freed all the same). */
char *strbuf_finish(struct strbuf *b);
/* Frees the text and empties b. */
void strbuf_release(struct strbuf *b);

#endif
