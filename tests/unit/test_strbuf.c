#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "error.h"
#include "harness.h"
#include "strbuf.h"

static void test_strbuf_grows_without_cutting(void)
{
    struct strbuf b = STRBUF_INIT;
    CHECK(!strcmp(strbuf_str(&b), ""));
    for (int i = 0; i < 10000; i++)
        strbuf_printf(&b, "%s%d", i ? "," : "", i % 10);
    CHECK(!strbuf_failed(&b) && b.len == 19999);
    strbuf_puts(&b, NULL); /* nothing */
    strbuf_putc(&b, '!');
    char *s = strbuf_finish(&b);
    CHECK(s && strlen(s) == 20000 && s[19999] == '!' && !strncmp(s, "0,1,2", 5));
    CHECK(b.text == NULL && b.len == 0); /* handed over */
    free(s);
    s = strbuf_finish(&b); /* an empty buffer still gives a string */
    CHECK(s && !*s);
    free(s);
}

static void test_message_cut_between_characters(void)
{
    struct gu_error err;
    char *long_text = malloc(3001);
    for (int i = 0; i < 1500; i++)
        memcpy(long_text + 2 * i, "\xC3\xA9", 2); /* é */
    long_text[3000] = '\0';
    for (int shift = 0; shift < 4; shift++) {
        error_set(&err, GU_INVALID, "%.*s%s", shift, "xyz", long_text);
        size_t len = strlen(err.message);
        CHECK(u8_check((const uint8_t *)err.message, len) == NULL);
        CHECK(len >= 3 && !strcmp(err.message + len - 3, "\xE2\x80\xA6"));
    }
    error_set(&err, GU_INVALID, "%s", "short");
    CHECK(!strcmp(err.message, "short"));
    free(long_text);
}

const struct unit_test strbuf_tests[] = {
    {"strbuf: grows to any length and hands the text over", test_strbuf_grows_without_cutting},
    {"error_set: a long message ends with … between characters", test_message_cut_between_characters},
    {NULL, NULL},
};
