/* libFuzzer harness: the text sanitiser. Whatever comes in (invalid UTF-8, escape sequences,
 * bidi overrides), what is stored is valid NFC UTF-8 without controls, cleaning it again changes
 * nothing, and what is displayed has no control character and fits the width asked. The
 * canonical forms of a person (person.h) are stable too: a name cleaned again, a phone or an
 * e-mail made canonical again, and a phone shown then typed back, stay the same. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "fuzz.h"
#include "person.h"
#include "text.h"

static void check_clean(const char *s)
{
    if (u8_check((const uint8_t *)s, strlen(s)))
        abort();
    const uint8_t *p = (const uint8_t *)s;
    ucs4_t c;
    while ((p = u8_next(&c, p)))
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
            (c >= 0x2066 && c <= 0x2069))
            abort();
}

static void check_person(const char *text)
{
    struct gu_error err;
    char *name = NULL;
    if (person_clean_name("name", text, 0, &name, &err) == GU_OK) {
        check_clean(name);
        char *again = NULL;
        if (!*name || person_clean_name("name", name, 0, &again, &err) != GU_OK ||
            strcmp(again, name) != 0)
            abort();
        free(again);
    }
    free(name);
    char *phone = person_canonical_phone(text), *again = phone ? person_canonical_phone(phone) : NULL;
    if (!phone || !again || strcmp(phone, again) != 0)
        abort();
    free(again);
    if (person_validate_phone("phone", text, &err) == GU_OK) {
        char *shown = person_phone_for_display(phone), *back = shown ? person_canonical_phone(shown) : NULL;
        if (!back || strcmp(back, phone) != 0)
            abort();
        free(shown);
        free(back);
    }
    free(phone);
    char *email = person_canonical_email(text), *email_again = email ? person_canonical_email(email) : NULL;
    if (!email || !email_again || strcmp(email, email_again) != 0)
        abort();
    free(email);
    free(email_again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size, 1);
    if (!text)
        return 0;
    struct gu_error err;
    for (int policy = TEXT_REJECT_CONTROLS; policy <= TEXT_SPACE_BREAKS; policy++) {
        char *clean = NULL;
        if (text_clean_input("field", text, 0, (enum text_policy)policy, &clean, &err) == GU_OK &&
            clean) {
            if (strchr(clean, '\n') || strchr(clean, '\t'))
                abort(); /* one-line fields */
            check_clean(clean);
            char *again = NULL;
            if (text_clean_input("field", clean, 0, (enum text_policy)policy, &again, &err) != GU_OK ||
                !again || strcmp(again, clean) != 0)
                abort();
            free(again);
            char *folded = text_fold(clean);
            if (!folded || u8_check((const uint8_t *)folded, strlen(folded)))
                abort();
            free(folded);
        }
        free(clean);
    }
    check_person(text);
    char *shown = text_for_display(text, size);
    if (shown) {
        check_clean(shown);
        char *fitted = text_fit(shown, 12);
        if (!fitted || text_width(fitted) > 12)
            abort();
        free(fitted);
    }
    free(shown);
    free(text);
    return 0;
}
