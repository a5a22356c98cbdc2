/* Text handling on libunistring: every string that comes from a person or a file passes through
 * text_clean_input before it is stored, every search goes through text_fold, and every string
 * shown on a terminal goes through text_for_display and is measured by text_width. */
#ifndef GUICHET_TEXT_H
#define GUICHET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum text_policy {
    TEXT_REJECT_CONTROLS, /* typed input: a control character is an error */
    TEXT_SPACE_BREAKS,    /* imported files: a tab or line break becomes a space (a cell's lines
                           * still separate words); any other control character is an error */
    TEXT_KEEP_LINE_FEEDS, /* multi-line text (the place standard's presentation): a line break
                           * (LF, CR LF or CR) is kept as one LF, a tab becomes a space; any
                           * other control character is an error */
};

/* Validates UTF-8, removes bidi-override and isolate characters, handles control characters per
 * policy, trims surrounding white space (and line breaks) and normalises to NFC. max_chars (0 = no limit) bounds
 * the result in characters. field names the input in error messages. On success *out is a new
 * string owned by the caller (free it); on error *out is NULL and err says why (GU_INVALID). */
int text_clean_input(const char *field, const char *in, size_t max_chars, enum text_policy policy,
                     char **out, struct gu_error *err);

/* The search key of valid UTF-8 text: case folded, accents removed, ligatures expanded,
 * invisible characters (text_is_invisible) dropped, white space collapsed. Returns a new string
 * owned by the caller, or NULL when out of memory. */
char *text_fold(const char *s);

/* Characters that take no room and show nothing, yet make two names differ: zero-width space,
 * joiners and non-joiner (U+200B-U+200D), word joiner and invisible operators (U+2060-U+2064),
 * byte order mark (U+FEFF), soft hyphen (U+00AD), combining grapheme joiner (U+034F), Mongolian
 * vowel separator (U+180E). Bidi marks are not listed: text_clean_input removes them already. */
bool text_is_invisible(uint32_t c);
/* White space inside a line: the ASCII space, no-break spaces (U+00A0, U+202F), the typographic
 * spaces U+2000-U+200A and U+205F, the ideographic space U+3000. */
bool text_is_space(uint32_t c);

/* True when needle occurs in haystack, ignoring case and accents (both folded here). */
bool text_matches(const char *haystack, const char *needle);
/* The same when needle_folded already comes from text_fold: only haystack is folded. */
bool text_matches_folded(const char *haystack, const char *needle_folded);

/* One search for every list of the desk (history, partners, people, Orienter): the query is
 * folded (text_fold) and cut into terms of letters and digits at spaces and punctuation; words
 * joined by hyphens or apostrophes make one term ("e-mail", "aujourd'hui"). A record matches
 * when each term is the start of some word of the record, in any order: "compris bien" finds
 * "a bien compris", "saint etienne" finds "Saint-Étienne", "l ecole" finds "l’École". A record's
 * words are its runs of letters and digits, and also such runs joined by hyphens or apostrophes
 * taken as one word: "E-mail" has the words "e", "mail" and "email", "aujourd’hui" has
 * "aujourdhui". A term holding a hyphen or an apostrophe matches as its joined form ("e-mail"
 * finds "email") or as its pieces, each as if typed alone ("saint-etienne" finds "Saint
 * Etienne"). A query without words matches everything. The history's and the directory's
 * indexes (migration 022) and the people's hold the joined words too. */
struct text_search {
    size_t n;            /* number of terms */
    const char **words;  /* n folded terms: letters and digits, pieces joined by '-' or '\''
                          * as typed ("e-mail"); owned */
    const char **joined; /* n: a term's pieces joined ("email"), NULL for a term of one piece;
                          * owned */
    char *buf;           /* owned: holds the terms and their joined forms */
};
/* Compiles query (valid UTF-8, may be NULL) into *s; text_search_compile_folded takes a query
 * that already comes from text_fold. Returns GU_OK, or GU_FAILURE when out of memory (*s is
 * then empty and matches everything); release with text_search_free. */
int text_search_compile(struct text_search *s, const char *query);
int text_search_compile_folded(struct text_search *s, const char *query_folded);
/* The same, each run of letters and digits a term of its own, never joined (Orienter's
 * ranking, which weighs each word). */
int text_search_compile_pieces(struct text_search *s, const char *query);
void text_search_free(struct text_search *s);
/* True when every term of s starts a word of one of the n texts (NULL entries are skipped);
 * texts are folded here, or taken as folded already by text_search_matches_folded. */
bool text_search_matches(const struct text_search *s, const char *const *texts, size_t n);
bool text_search_matches_folded(const struct text_search *s, const char *const *texts_folded,
                                size_t n);
/* Whether term number term of s starts a word of one of the n folded texts. */
bool text_search_term_found(const struct text_search *s, size_t term, const char *const *texts,
                            size_t n);
/* The characters that join words in folded text: the hyphen and the apostrophe, which text_fold
 * gives for all their forms (‐ ‑ – — ’ ‘). */
bool text_is_joiner(char c);

/* A printable copy of arbitrary bytes: invalid sequences and control characters become U+FFFD,
 * bidi controls are dropped, tabs become spaces. Never NULL except when out of memory; the
 * caller frees it. */
char *text_for_display(const char *bytes, size_t len);

/* Whether len bytes are text that text_clean_input would have let through: valid UTF-8, no NUL
 * or other control character (tab and line feed allowed when allow_breaks), no bidi control.
 * Checks what the database holds when it comes from elsewhere (a backup being restored). */
bool text_is_clean(const char *bytes, size_t len, bool allow_breaks);

/* Text fit for every output (terminal, CSV, JSON, iCalendar, HTML, messages), whatever bytes s
 * holds: what the database holds is input too. The contract is text_for_display's: valid UTF-8
 * in which invalid sequences and control characters (C0, DEL, C1, U+2028, U+2029) become U+FFFD,
 * a tab becomes a space and bidi controls are dropped; so no stored line break can split a line
 * or a record, and every format's own escaping only has printable text to quote. Returns s itself
 * when it is clean already (the common case, without copying); else a cleaned copy, also stored
 * in *copy, which the caller frees (*copy is NULL when nothing was allocated). NULL for NULL;
 * "" when out of memory, so that the raw bytes are never written instead. */
const char *text_for_output(const char *s, char **copy);

/* Terminal columns taken by valid UTF-8 text (wide characters count two). */
size_t text_width(const char *s);

/* A copy of s cut to at most width columns, ending with "…" when cut. Caller frees. */
char *text_fit(const char *s, size_t width);

/* Sets *dst to a copy of src (NULL for NULL); returns -1 when out of memory, else 0. */
int text_copy(char **dst, const char *src);

/* Number of characters (code points) in valid UTF-8 text. */
size_t text_length(const char *s);

/* A message "field: why" as guichet writes them ("answer : code inconnu…" in French, whatever
 * space precedes the colon): returns why and sets *label_len to the field's length, or NULL when
 * the message does not start so. label, when not NULL, is the field it must start with. */
const char *text_split_label(const char *message, const char *label, size_t *label_len);

#endif
