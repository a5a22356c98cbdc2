/* A one-line UTF-8 text field: typing appends, Backspace removes the last character, Ctrl+U
 * clears. Control characters never enter it; the length is bounded in characters. */
#include <curses.h>
#include <string.h>
#include <unistr.h>
#include <wctype.h>

#include "app.h"
#include "partner.h"
#include "session.h"
#include "text.h"
#include "workshop.h"

_Static_assert(WORKSHOP_DESCRIPTION_MAX <= LINE_EDIT_MAX_CHARS && PARTNER_TEXT_MAX <= LINE_EDIT_MAX_CHARS &&
                   SESSION_NOTE_MAX <= LINE_EDIT_MAX_CHARS,
               "every text field fits a line_edit whole");

void line_edit_set(struct line_edit *e, const char *text)
{
    /* Never shortened in silence: a text longer than the field allows (from a database written
     * elsewhere) keeps one character too many, so that saving it is refused as too long instead
     * of storing a cut value. Cuts fall between characters. */
    const uint8_t *s = (const uint8_t *)(text ? text : "");
    size_t len = strlen((const char *)s), used = 0, chars = 0;
    size_t limit = (e->max_chars && e->max_chars < LINE_EDIT_MAX_CHARS ? e->max_chars : LINE_EDIT_MAX_CHARS) + 1;
    while (used < len && chars < limit) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s + used, len - used);
        size_t step = k > 0 ? (size_t)k : 1;
        if (used + step >= sizeof e->text)
            break;
        used += step;
        chars++;
    }
    memcpy(e->text, s, used);
    e->text[used] = '\0';
}

bool line_edit_key(struct line_edit *e, struct ui_key key, bool *refused)
{
    *refused = false;
    size_t len = strlen(e->text);
    if ((key.function && key.code == KEY_BACKSPACE) ||
        (!key.function && (key.code == 127 || key.code == 8))) {
        if (len) {
            const uint8_t *start = (const uint8_t *)e->text;
            ucs4_t c;
            const uint8_t *prev = u8_prev(&c, start + len, start);
            e->text[prev ? (size_t)(prev - start) : 0] = '\0';
        }
        return true;
    }
    if (!key.function && key.code == 21) { /* Ctrl+U */
        e->text[0] = '\0';
        return true;
    }
    if (key.function || key.code < 0x20 || key.code == 127 || (key.code >= 0x80 && key.code < 0xA0))
        return false;
    if (e->digits_only && (key.code < '0' || key.code > '9'))
        return *refused = true, true;
    uint8_t buf[6];
    int n = u8_uctomb(buf, (ucs4_t)key.code, sizeof buf);
    if (n <= 0 || len + (size_t)n >= sizeof e->text ||
        (e->max_chars && text_length(e->text) >= e->max_chars))
        return *refused = true, true;
    memcpy(e->text + len, buf, (size_t)n);
    e->text[len + (size_t)n] = '\0';
    return true;
}

void line_edit_draw(const struct line_edit *e, int y, int x, int width, bool focused)
{
    if (width <= 1)
        return;
    /* Show the end of the text, where the cursor is. */
    const char *shown = e->text;
    while (text_width(shown) > (size_t)(width - 1)) {
        ucs4_t c;
        int k = u8_mbtouc(&c, (const uint8_t *)shown, strlen(shown));
        shown += k > 0 ? k : 1;
    }
    draw_text(y, x, width, shown, focused ? draw_attr_focus() : A_UNDERLINE);
    if (focused) {
        move(y, x + (int)text_width(shown));
        curs_set(1);
    }
}

bool line_edit_search_key(struct line_edit *e, struct ui_key key, bool *ends)
{
    bool refused;
    *ends = key.function ? key.code == KEY_DOWN || key.code == KEY_ENTER
                         : key.code == '\n' || key.code == '\r' || key.code == 27;
    return !*ends && line_edit_key(e, key, &refused);
}
