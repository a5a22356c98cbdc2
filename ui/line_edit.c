/* The one line editor of every text field: UTF-8 text of any length, a cursor that moves by
 * grapheme cluster (a letter and its accents, a wide character, an emoji are one step), the
 * readline keys people know, pasted text, a prefilled value selected so that typing replaces it,
 * and horizontal scrolling around the cursor. Control characters never enter the text; text set
 * from elsewhere (the database) is kept whole, so that saving checks it rather than a cut copy. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>

#include "app.h"
#include "text.h"

const char *line_edit_text(const struct line_edit *e)
{
    return e->bytes ? e->bytes : "";
}

void line_edit_release(struct line_edit *e)
{
    free(e->bytes);
    e->bytes = NULL;
    e->len = e->cap = e->cursor = e->scroll = 0;
    e->selected = e->changed = false;
}

void line_edit_init(struct line_edit *e, size_t max_chars, bool digits_only)
{
    line_edit_release(e);
    *e = (struct line_edit){.max_chars = max_chars, .digits_only = digits_only};
}

/* Room for need bytes and the NUL; false when memory is short (nothing changed then). */
static bool reserve(struct line_edit *e, size_t need)
{
    if (need < e->cap)
        return true;
    size_t cap = e->cap ? e->cap : 32;
    while (cap <= need)
        cap *= 2;
    char *grown = realloc(e->bytes, cap);
    if (!grown)
        return false;
    if (!e->bytes)
        grown[0] = '\0';
    e->bytes = grown;
    e->cap = cap;
    return true;
}

void line_edit_set(struct line_edit *e, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    e->len = e->cursor = e->scroll = 0;
    if (e->bytes)
        e->bytes[0] = '\0';
    if (n && reserve(e, n)) {
        memcpy(e->bytes, text, n + 1);
        e->len = e->cursor = n;
    }
    e->selected = e->len > 0; /* a prefilled value: the first character typed replaces it */
    e->changed = false;
}

void line_edit_select_all(struct line_edit *e)
{
    e->selected = e->len > 0;
    e->cursor = e->len;
}

/* ---- grapheme clusters ----------------------------------------------------------------- */

static const uint8_t *u8(const struct line_edit *e)
{
    return (const uint8_t *)e->bytes;
}

/* The boundary after the cluster starting at at (the end when at is the end). */
static size_t next_boundary(const struct line_edit *e, size_t at)
{
    if (at >= e->len)
        return e->len;
    const uint8_t *next = u8_grapheme_next(u8(e) + at, u8(e) + e->len);
    return next ? (size_t)(next - u8(e)) : e->len;
}

/* The boundary before the cluster ending at at (0 at the start). libunistring looks back from
 * at; where that disagrees with next_boundary (bytes that are not UTF-8, from a database written
 * elsewhere), the clusters are walked from the start instead. */
static size_t prev_boundary(const struct line_edit *e, size_t at)
{
    if (!at)
        return 0;
    const uint8_t *prev = u8_grapheme_prev(u8(e) + at, u8(e));
    size_t p = prev ? (size_t)(prev - u8(e)) : 0;
    if (next_boundary(e, p) == at)
        return p;
    p = 0;
    for (size_t b = 0; b < at && b < e->len;) {
        p = b;
        b = next_boundary(e, b);
    }
    return p;
}

/* A cursor inside a cluster (a joiner or a combining mark typed in front of it merged two) moves
 * to the cluster's end. */
static void snap_cursor(struct line_edit *e)
{
    size_t b = 0;
    while (b < e->cursor && b < e->len)
        b = next_boundary(e, b);
    e->cursor = b < e->len ? b : e->len;
    if (e->scroll > e->cursor)
        e->scroll = e->cursor;
}

/* Columns a span takes once sanitised for display, as draw_text shows it. */
static int span_cols(const struct line_edit *e, size_t from, size_t to)
{
    char *shown = text_for_display(e->bytes + from, to - from);
    int w = shown ? (int)text_width(shown) : (int)(to - from);
    free(shown);
    return w;
}

/* The first code point of the cluster at at is white space (Ctrl+W stops at words). */
static bool space_at(const struct line_edit *e, size_t at)
{
    ucs4_t c;
    u8_mbtouc(&c, u8(e) + at, e->len - at);
    return c == '\t' || text_is_space(c);
}

/* ---- changes ----------------------------------------------------------------------------- */

static void erase_span(struct line_edit *e, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(e->bytes + from, e->bytes + to, e->len - to + 1);
    e->len -= to - from;
    e->cursor = from;
    e->changed = true;
    snap_cursor(e);
}

/* With the whole text selected, an erasing key clears it. */
static bool erase_selection(struct line_edit *e)
{
    if (!e->selected)
        return false;
    e->selected = false;
    erase_span(e, 0, e->len);
    return true;
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The number a digits-only text reads as, saturated far above any field's limit. */
static long digits_value(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v > 100000000L ? v : v * 10 + (s[i] - '0');
    return v;
}

/* Inserts n bytes of valid UTF-8 without control characters at the cursor, replacing the
 * selection; false (nothing changed) when the field refuses them. */
static bool insert(struct line_edit *e, const char *s, size_t n)
{
    if (!n)
        return true;
    if (e->digits_only && !is_digits(s, n))
        return false;
    size_t kept = e->selected ? 0 : u8_mbsnlen(u8(e), e->len);
    if (e->max_chars && kept + u8_mbsnlen((const uint8_t *)s, n) > e->max_chars)
        return false;
    size_t at = e->selected ? 0 : e->cursor, rest = e->selected ? 0 : e->len - e->cursor;
    size_t before = e->selected ? 0 : e->cursor;
    if (!reserve(e, before + n + rest))
        return false;
    if (e->digits_only && e->max_value) { /* checked on the result, before changing anything */
        char *next = malloc(before + n + rest + 1);
        if (!next)
            return false;
        memcpy(next, e->bytes, before);
        memcpy(next + before, s, n);
        memcpy(next + before + n, e->bytes + at, rest);
        bool over = digits_value(next, before + n + rest) > e->max_value;
        free(next);
        if (over)
            return false;
    }
    memmove(e->bytes + before + n, e->bytes + at, rest);
    memcpy(e->bytes + before, s, n);
    e->len = before + n + rest;
    e->bytes[e->len] = '\0';
    e->cursor = before + n;
    e->selected = false;
    e->changed = true;
    snap_cursor(e);
    return true;
}

/* Pasted text becomes one line: the line break that ends a copied line is dropped, others and
 * tabs become spaces, other control characters are left out. A digits-only field takes the
 * digits of a paste only when nothing else but surrounding spaces came with them. */
static bool insert_paste(struct line_edit *e, const char *paste)
{
    size_t n = paste ? strlen(paste) : 0;
    while (n && (paste[n - 1] == '\n' || paste[n - 1] == '\r'))
        n--;
    char *line = malloc(n + 1);
    if (!line)
        return false;
    size_t used = 0;
    const uint8_t *p = (const uint8_t *)paste;
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int k = u8_mbtoucr(&c, p + i, n - i);
        if (k < 0) { /* not UTF-8: left out, as a control character would be */
            i++;
            continue;
        }
        if (c == '\r' && i + 1 < n && p[i + 1] == '\n') {
            i++;
            continue; /* CR LF is one break */
        }
        if (c == '\t' || c == '\n' || c == '\r')
            line[used++] = ' ';
        else if (!(c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029)) {
            memcpy(line + used, p + i, (size_t)k);
            used += (size_t)k;
        }
        i += (size_t)k;
    }
    size_t start = 0;
    if (e->digits_only) {
        while (start < used && line[start] == ' ')
            start++;
        while (used > start && line[used - 1] == ' ')
            used--;
    }
    bool ok = insert(e, line + start, used - start);
    free(line);
    return ok;
}

bool line_edit_key(struct line_edit *e, struct ui_key key, bool *refused)
{
    enum { CTRL_A = 1, CTRL_E = 5, CTRL_H = 8, CTRL_K = 11, CTRL_U = 21, CTRL_W = 23, DEL = 127 };
    *refused = false;
    e->changed = false;
    int code = key.function ? -(int)key.code : (int)key.code; /* one switch for both kinds */
    switch (code) {
    case -KEY_LEFT:
        e->selected = false;
        e->cursor = prev_boundary(e, e->cursor);
        return true;
    case -KEY_RIGHT:
        if (!e->selected) /* from a selection, Right keeps the value: the cursor is at its end */
            e->cursor = next_boundary(e, e->cursor);
        e->selected = false;
        return true;
    case -KEY_HOME:
    case CTRL_A:
        e->selected = false;
        e->cursor = 0;
        return true;
    case -KEY_END:
    case CTRL_E:
        e->selected = false;
        e->cursor = e->len;
        return true;
    case -KEY_BACKSPACE:
    case CTRL_H:
    case DEL:
        if (!erase_selection(e) && e->cursor)
            erase_span(e, prev_boundary(e, e->cursor), e->cursor);
        return true;
    case -KEY_DC:
        if (!erase_selection(e))
            erase_span(e, e->cursor, next_boundary(e, e->cursor));
        return true;
    case CTRL_K:
        if (!erase_selection(e))
            erase_span(e, e->cursor, e->len);
        return true;
    case CTRL_U:
        if (!erase_selection(e))
            erase_span(e, 0, e->cursor);
        return true;
    case CTRL_W:
        if (!erase_selection(e)) {
            size_t from = e->cursor;
            while (from && space_at(e, prev_boundary(e, from)))
                from = prev_boundary(e, from);
            while (from && !space_at(e, prev_boundary(e, from)))
                from = prev_boundary(e, from);
            erase_span(e, from, e->cursor);
        }
        return true;
    case -UI_KEY_PASTE:
        *refused = !insert_paste(e, key.paste);
        return true;
    default: break;
    }
    if (key.function || key.code < 0x20 || key.code == DEL || (key.code >= 0x80 && key.code < 0xA0) ||
        key.code == 0x2028 || key.code == 0x2029)
        return false; /* not the editor's: the screen's keys (Tab, Enter, Esc, arrows…) */
    uint8_t buf[6];
    int n = u8_uctomb(buf, (ucs4_t)key.code, sizeof buf);
    *refused = n <= 0 || !insert(e, (const char *)buf, (size_t)n);
    return true;
}

bool line_edit_search_key(struct line_edit *e, struct ui_key key, bool *ends)
{
    bool refused;
    *ends = key.function ? key.code == KEY_DOWN || key.code == KEY_ENTER
                         : key.code == '\n' || key.code == '\r' || key.code == 27;
    return !*ends && line_edit_key(e, key, &refused) && e->changed;
}

/* ---- drawing ----------------------------------------------------------------------------- */

/* True when the clusters from from to to take at most limit columns; stops early. */
static bool span_fits(const struct line_edit *e, size_t from, size_t to, int limit)
{
    int used = 0;
    for (size_t b = from; b < to && used <= limit;) {
        size_t n = next_boundary(e, b);
        used += span_cols(e, b, n);
        b = n;
    }
    return used <= limit;
}

/* Moves the first shown cluster so that the cursor is in view, and back towards the start
 * while the rest of the text fits: the view only moves when it must. Column 0 shows "…" once the
 * start is out of view, and the last column "…" when text continues past it. */
static void scroll_to_cursor(struct line_edit *e, int width)
{
    if (e->scroll > e->cursor)
        e->scroll = e->cursor;
    /* The cursor's cell: the cluster under it, or one cell after the text. */
    int tail = e->cursor < e->len ? span_cols(e, e->cursor, next_boundary(e, e->cursor)) + 1 : 1;
    size_t lowest = e->cursor; /* the earliest start that keeps the cursor in view */
    int used = 0;
    while (lowest > 0) {
        size_t p = prev_boundary(e, lowest);
        int w = span_cols(e, p, lowest);
        if ((p > 0) + used + w + tail > width)
            break;
        used += w;
        lowest = p;
    }
    if (e->scroll < lowest)
        e->scroll = lowest;
    while (e->scroll > 0) {
        size_t p = prev_boundary(e, e->scroll);
        if (!span_fits(e, p, e->len, width - (p > 0) - 1))
            break;
        e->scroll = p;
    }
}

void line_edit_draw(struct line_edit *e, int y, int x, int width, bool focused)
{
    if (width <= 2)
        return;
    unsigned field_attr = focused ? draw_attr_focus() : (unsigned)A_UNDERLINE;
    /* Reverse of the focused field, in colour or not: the selection never relies on colour. */
    unsigned text_attr = focused && e->selected ? (draw_attr_focus() ^ (unsigned)A_REVERSE) | A_BOLD
                                                : field_attr;
    draw_text(y, x, width, "", field_attr);
    /* A field without the focus shows its start, as a form is read; the view around the cursor
     * comes back with the focus. */
    size_t kept_scroll = e->scroll;
    if (!e->bytes) {
        e->len = e->cursor = e->scroll = kept_scroll = 0;
    } else if (focused)
        scroll_to_cursor(e, width);
    else
        e->scroll = 0;
    int lead = e->scroll > 0;
    bool all_fit = span_fits(e, e->scroll, e->len, width - lead - (focused && e->cursor == e->len));
    int room = width - lead - (all_fit ? 0 : 1), cols = 0, cursor_col = 0;
    size_t end = e->scroll;
    while (end < e->len) {
        size_t n = next_boundary(e, end);
        int w = span_cols(e, end, n);
        if (cols + w > room)
            break;
        if (end < e->cursor)
            cursor_col += w;
        cols += w;
        end = n;
    }
    if (lead)
        draw_text(y, x, 1, "…", field_attr);
    if (end > e->scroll) {
        char *shown = strndup(e->bytes + e->scroll, end - e->scroll);
        draw_text(y, x + lead, cols, shown ? shown : "", text_attr);
        free(shown);
    }
    if (!all_fit)
        draw_text(y, x + width - 1, 1, "…", field_attr);
    if (focused) {
        move(y, x + lead + cursor_col);
        curs_set(1);
    } else
        e->scroll = kept_scroll;
}
