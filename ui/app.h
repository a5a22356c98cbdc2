/* Internal interface of the full-screen front end: the application state shared by the screens,
 * the single table of actions, and the drawing helpers. One file per screen implements
 * screen_NAME_open / _draw / _key / _reload. */
#ifndef GUICHET_UI_APP_H
#define GUICHET_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "error.h"
#include "partner.h"
#include "session.h"
#include "store.h"

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

enum screen_id { SCREEN_SETUP, SCREEN_OPERATOR, SCREEN_HOME, SCREEN_FORM, SCREEN_HISTORY,
                 SCREEN_WORKSHOPS, SCREEN_WORKSHOP, SCREEN_WORKSHOP_FORM, SCREEN_CALLS,
                 SCREEN_ORIENT, SCREEN_FOLLOW_UP, SCREEN_PARTNERS, SCREEN_PARTNER_FORM,
                 SCREEN_POLICY, SCREEN_POLICY_FORM, SCREEN_STATS, SCREEN_PERSON, SCREEN_AGENDA,
                 SCREEN_APPOINTMENT_FORM, SCREEN_COUNT };
#define ON(screen) (1u << (screen))
#define ON_ALL ((1u << SCREEN_COUNT) - 1)

enum action_id {
    ACT_NONE,
    ACT_NEW, ACT_REPEAT, ACT_HISTORY, ACT_OPERATOR, ACT_HELP, ACT_QUIT, ACT_REDRAW,
    ACT_SAVE, ACT_CANCEL, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_VALUE_NEXT, ACT_VALUE_PREV,
    ACT_TOGGLE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_OPEN, ACT_DELETE, ACT_SEARCH,
    ACT_DAY_PREV, ACT_DAY_NEXT, ACT_ALL_DAYS, ACT_CONFIRM,
    ACT_WORKSHOPS, ACT_WEEK, ACT_CALLS, ACT_BOOK, ACT_UNBOOK, ACT_ATTENDANCE, ACT_EDIT,
    ACT_CANCEL_WORKSHOP, ACT_MORE, ACT_LESS, ACT_MERGE,
    ACT_ORIENT, ACT_FOLLOW_UP, ACT_PARTNERS, ACT_POLICY, ACT_DONE, ACT_NO_OUTCOME, ACT_REFUSED,
    ACT_POSTPONE, ACT_ALL, ACT_STATS, ACT_MONTH, ACT_YEAR, ACT_PERIOD,
    ACT_REOPEN, ACT_PRINT, ACT_TOLD,
    ACT_PEOPLE, ACT_EXPORT,
    ACT_RESTORE, ACT_DELETED,
    ACT_REUSE, ACT_CLEAR,
    ACT_AGENDA, ACT_MISSED, ACT_CANCEL_APPOINTMENT,
};

/* A key as read by wget_wch: a character, or a function key (KEY_…). Text pasted into a
 * terminal that brackets pastes comes whole, as the function key UI_KEY_PASTE. */
struct ui_key {
    bool function;
    wint_t code;
    const char *paste; /* UI_KEY_PASTE: the pasted UTF-8 text; borrowed until the next key */
};
#define UI_KEY_PASTE 0x7FFF /* above every KEY_… code ncurses gives */

/* One row of the action table: the keys that trigger it on which screens, and the words that
 * the status bar and the help screen show for it. */
struct action {
    enum action_id id;
    unsigned screens;     /* ON(SCREEN_…) mask */
    int keys[3];          /* characters or KEY_… codes, 0-terminated */
    const char *key_name; /* msgid: how the key is written ("n", "Enter") */
    const char *label;    /* msgid: short, for the status bar */
    const char *help;     /* msgid: a sentence for the help screen */
    bool in_bar;          /* shown in the status bar */
};

/* The action a key triggers on screen, or ACT_NONE. */
enum action_id actions_find(enum screen_id screen, struct ui_key key);
/* Draws the status bar (last line) for screen. */
void actions_draw_bar(enum screen_id screen);
/* Lists the status-bar actions of screen, key and label in columns, from row y at column x. */
void actions_draw_list(enum screen_id screen, int y, int x);
/* Draws the help screen of screen from its line *top (kept within the help): every sentence
 * whole, wrapped. extra (may be NULL) is a paragraph the screen adds (the theme letters…).
 * Returns true when the help is longer than the screen: the arrows and page keys scroll it. */
bool actions_show_help(enum screen_id screen, const char *extra, int *top);

struct app {
    struct store *st;
    const char *db_path; /* borrowed from the command line, to reopen after a restore */
    enum screen_id screen;
    int64_t operator_id, site_id;
    char *operator_name, *site_name; /* owned */
    char message[512];
    bool message_is_error;
    unsigned message_serial; /* counts app_message: a message said while the screen changed */
    bool quit;
    long long data_version;
};

/* Sets the message line (printf-style, already translated). */
void app_message(struct app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The lines the message takes above the status bar (1 to 3: a long one wraps upwards); a list
 * ends above them, so that the row selected is never under the message. */
int app_message_rows(const struct app *app);
/* Asks a yes/no question on the message line; true for yes. Redraws on resize. */
bool app_confirm(struct app *app, const char *question);
/* app_confirm of a question formatted whole (printf-style, already translated), however long
 * the names in it: when it does not fit, it is cut before its keys, never the keys. */
bool app_confirmf(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* app_confirmf of a question that quotes a name a person typed (a request, a title, a person's
 * name), passed again as name: when the question does not fit, the name is shortened with "…"
 * so that the rest of the sentence, its "?" and the keys stay whole. */
bool app_confirm_namef(struct app *app, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads one key, handling resize and signals; returns false when the app must stop. */
bool app_read_key(struct app *app, struct ui_key *key);
/* Switches screen and opens it. */
void app_show(struct app *app, enum screen_id screen);
/* Redraws everything. */
void app_draw(struct app *app);
/* Shows the current screen's help (extra as in actions_show_help) until a key is pressed. */
void app_help(struct app *app, const char *extra);
/* Reports a storage failure on the message line. */
void app_error(struct app *app, const struct gu_error *err);
/* Makes operator id (with name) the one at the desk, remembered for the next start. */
void app_set_operator(struct app *app, int64_t id, const char *name, int64_t site_id);

/* Open referrals past the configured delay become "sans suite" (said on the message line). */
void app_expire_referrals(struct app *app);

/* Drawing: text is sanitised, cut to width columns with "…" and padded to width. */
void draw_text(int y, int x, int width, const char *text, unsigned attr);
/* draw_text of a formatted line, however long what goes into it (names, e-mails): formatted
 * whole, then cut to width. */
void draw_textf(int y, int x, int width, unsigned attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The title line: screen title on the left, operator, site, date and time on the right (the
 * date shortened, then the names left out, rather than cut, when the title leaves no room). */
void draw_title(struct app *app, const char *title);
/* text (sanitised) wrapped to width columns at its spaces (never at a no-break space, so that
 * "Nom :" and "60,0 %" stay whole): *n new strings, in a new array (draw_wrap_free); NULL when
 * out of memory. A word wider than width stays whole on its line (draw_text cuts it). */
char **draw_wrap(const char *text, int width, int *n);
void draw_wrap_free(char **lines, int n);
/* Draws text wrapped from line y at column x, on at most max_lines lines (the last one cut with
 * "…" when the text is longer); returns the lines drawn. */
int draw_text_wrapped(int y, int x, int width, int max_lines, const char *text, unsigned attr);
/* draw_text of a name: when it is cut, an abbreviation in brackets at its end stays ("Maison
 * départementale des pers… (MDPH)"). */
void draw_name(int y, int x, int width, const char *name, unsigned attr);
/* The columns of a list: each asks for the width of its widest content (draw_column_want, the
 * heading included), at least min; draw_columns_fit gives them x and width within width
 * columns from x, the widest giving up room first when they do not all fit, the last taking
 * what is left. gap: the blank columns before it. */
struct draw_column {
    int min, want, gap;
    int x, width; /* set by draw_columns_fit */
};
void draw_column_want(struct draw_column *col, const char *text);
void draw_columns_fit(struct draw_column *cols, int n, int x, int width);
/* True when the terminal is big enough; otherwise draws the "too small" notice. */
bool draw_size_ok(void);
/* Moves a list's selection, *selected among n rows, for Up, Down, PgUp, PgDn (page rows at a
 * time), Home and End; false, nothing moved, for any other action. */
bool list_move_selection(enum action_id action, size_t *selected, size_t n, size_t page);
/* Attribute for focus and for emphasis (reverse video and bold work in monochrome too). */
unsigned draw_attr_focus(void);
unsigned draw_attr_title(void);
unsigned draw_attr_error(void);
/* True when bars may be drawn with Unicode block characters; plain ASCII otherwise. */
bool draw_blocks_ok(void);
/* A horizontal bar at y, x of at most width columns for value out of max (eighths of a
 * column with blocks, '#' in ASCII); nothing for 0. */
void draw_bar(int y, int x, int width, long long value, long long max);
/* One column per value, eight heights from the lowest value to the highest (blocks, or
 * "_.-=+*#@" in ASCII); blank for 0. */
void draw_sparkline(int y, int x, const long long *values, int n);
/* Sets up colours unless NO_COLOR is set or the terminal has none. */
void draw_init_colours(void);

/* The one-line text field of every screen (line_edit.c): UTF-8 text of any length, a cursor
 * moving by grapheme cluster, Left Right Home End Backspace Delete, Ctrl+A Ctrl+E Ctrl+K Ctrl+U
 * Ctrl+W, pasted text; a prefilled value is selected, so that the first character typed replaces
 * it. A zeroed struct is an empty field. The field owns its text: line_edit_release (or
 * line_edit_init) frees it; assigning over a field that holds text loses it. */
struct line_edit {
    char *bytes;         /* owned, NULL while nothing was set: read it with line_edit_text */
    size_t len, cap;     /* bytes used and allocated */
    size_t cursor;       /* byte offset, between grapheme clusters */
    size_t scroll;       /* byte offset of the first cluster shown */
    bool selected;       /* the whole text is selected: typing replaces it, erasing clears it */
    bool changed;        /* the last key given to line_edit_key changed the text */
    size_t max_chars;    /* 0, or the most characters typing may reach */
    bool digits_only;    /* only 0-9 may be typed */
    long max_value;      /* digits_only: 0, or the largest number typing may reach */
};
/* The text, never NULL; borrowed until the field changes. */
const char *line_edit_text(const struct line_edit *e);
/* Frees the text and empties the field, then sets its limits (the field's first use, or reuse). */
void line_edit_init(struct line_edit *e, size_t max_chars, bool digits_only);
/* Frees the text; the field is empty, its limits kept. */
void line_edit_release(struct line_edit *e);
/* Replaces the text by a copy of text (NULL: empty), kept whole even beyond max_chars so that
 * saving refuses it rather than storing a cut value; selected, the cursor at its end. */
void line_edit_set(struct line_edit *e, const char *text);
/* Selects the whole text, the cursor at its end: a screen calls it when focus enters the field. */
void line_edit_select_all(struct line_edit *e);
/* Applies key to the field; returns true when the key was the editor's (typed, erased, moved,
 * or refused: *refused then, nothing changed). False for the screen's keys (Tab, Enter, Esc, Up,
 * Down…). e->changed tells whether the text changed. */
bool line_edit_key(struct line_edit *e, struct ui_key key, bool *refused);
/* Draws the field at y, x in width columns, scrolled around the cursor, with the cursor and the
 * selection shown when focused. */
void line_edit_draw(struct line_edit *e, int y, int x, int width, bool focused);

/* A form of labelled fields (field_form.c). Labels and hints are translated by the caller and
 * must outlive the form. */
enum form_field_kind { FORM_TEXT, FORM_CHOICE, FORM_CHECK, FORM_SEARCH };
/* FORM_SEARCH: a choice among too many values to list (a directory of 100,000 places), found as
 * it is typed: a letter typed on the field (or Space, Left, Right) opens a search under it,
 * whose matches Up and Down go through, Enter takes, Esc leaves the former choice; Delete leaves
 * none. */
#define FORM_FOUND_MAX 8
struct form_found {
    int64_t id;
    char *label; /* owned */
};
/* Fills out with at most max values text finds (NULL or blank: the first ones), *n of them
 * (labels owned by the form); says on the message line why when it cannot. */
typedef void (*form_find_fn)(struct app *app, const char *text, struct form_found *out,
                             size_t max, size_t *n);
struct form_field {
    const char *label, *hint;  /* hint (may be NULL): shown under the form while focused */
    enum form_field_kind kind;
    bool read_only;            /* FORM_TEXT shown, not edited */
    struct line_edit edit;     /* FORM_TEXT */
    int choice, nchoices;      /* FORM_CHOICE: 0..nchoices-1, or -1 for none when optional */
    bool optional;
    const char *(*choice_label)(int index, void *ctx);
    void *ctx;
    bool checked;              /* FORM_CHECK */
    int64_t found_id;          /* FORM_SEARCH: the value chosen, 0 for none (when optional) */
    const char *none;          /* FORM_CHOICE, FORM_SEARCH: shown for none (NULL: "(none)") */
    char *found_label;         /* FORM_SEARCH: its label, owned (field_form_release frees it) */
    form_find_fn find;         /* FORM_SEARCH */
    /* FORM_TEXT: NULL, or how a value that is not blank is checked (person_validate_phone…):
     * GU_OK, or an error naming field. A failing value is said under the form as it is typed,
     * and the form is not saved while it fails. */
    int (*check)(const char *field, const char *text, struct gu_error *err);
};
struct field_form {
    struct form_field *fields;
    int n, focus, top;
    bool dirty;
    /* The focused FORM_SEARCH field being searched: what is typed, and what it finds. */
    bool searching;
    struct line_edit query;
    struct form_found found[FORM_FOUND_MAX];
    size_t nfound, pick;
};
/* Draws the form from line top in at most rows lines, scrolled to the focused field. */
void field_form_draw(struct field_form *form, int top, int rows);
/* Frees the text of every field and any search (before the fields are filled again, or when
 * leaving). */
void field_form_release(struct field_form *form);
/* False, with the focus on the first failing field and its reason on the message line, when a
 * field's check fails: a form is never saved with a field it shows as wrong. */
bool field_form_check(struct app *app, struct field_form *form);
/* A day typed as the desk shows it, "14/03/2026" (or "14/03" this year), or "2026-03-14"; false
 * when it is not a day. */
bool field_read_date(const char *text, int *year, int *month, int *day);
/* A check for date fields: a day field_read_date reads. */
int field_check_date(const char *field, const char *text, struct gu_error *err);
/* Applies a key: typing into the focused text field, moving, choosing, ticking. Returns true
 * when the key was used. */
bool field_form_key(struct app *app, struct field_form *form, enum action_id action,
                    struct ui_key key);

/* The keys of a screen that is one form: typing, moving and choosing (field_form_key), Enter
 * calls save, Esc calls back and q quits, both asking before dropping what was typed. */
void field_form_screen_key(struct app *app, struct field_form *form, enum action_id action,
                           struct ui_key key, void (*save)(struct app *app),
                           void (*back)(struct app *app));
/* A search field being typed: Enter, Esc and Down end typing (*ends set); returns true when
 * the text changed. */
bool line_edit_search_key(struct line_edit *e, struct ui_key key, bool *ends);

/* Screens. */
void screen_setup_open(struct app *app);
void screen_setup_draw(struct app *app);
void screen_setup_key(struct app *app, enum action_id action, struct ui_key key);
void screen_operator_open(struct app *app);
void screen_operator_draw(struct app *app);
void screen_operator_key(struct app *app, enum action_id action, struct ui_key key);
void screen_home_open(struct app *app);
void screen_home_draw(struct app *app);
void screen_home_key(struct app *app, enum action_id action, struct ui_key key);
/* Opens the session form: empty (NULL), or a copy of source; editing when source->id != 0. */
void screen_form_open(struct app *app, const struct help_session *source);
/* screen_form_open with the session appointment_id becomes (source: store_appointment_session):
 * saving it marks that appointment kept, in the same transaction. */
void screen_form_open_for_appointment(struct app *app, const struct help_session *source,
                                      int64_t appointment_id);
void screen_form_draw(struct app *app);
void screen_form_key(struct app *app, enum action_id action, struct ui_key key);
bool screen_form_dirty(void);
void screen_history_open(struct app *app);
void screen_history_draw(struct app *app);
void screen_history_key(struct app *app, enum action_id action, struct ui_key key);
void screen_history_reload(struct app *app);
/* Back to the history from the session opened there: its filters and selection as they were. */
void screen_history_return(struct app *app);
/* Opens the history on the sessions of theme (a code) from from to to ("YYYY-MM-DD"); Esc goes
 * back to screen back. */
void screen_history_open_theme(struct app *app, const char *from, const char *to,
                               const char *theme, enum screen_id back);
void screen_stats_open(struct app *app);
void screen_stats_draw(struct app *app);
void screen_stats_key(struct app *app, enum action_id action, struct ui_key key);
void screen_stats_reload(struct app *app);
/* Loads the workshops from from to to (NULL: no end), at most max (0: all), into *list (grown
 * as needed, capacity *cap; owned by the caller, emptied first); *n receives how many. */
int workshops_load(struct app *app, const char *from, const char *to, size_t max,
                   struct workshop **list, size_t *n, size_t *cap);
/* Frees the workshops' strings; *n becomes 0 (the array stays, for the next load). */
void workshops_free(struct workshop *list, size_t *n);
/* One workshop on a line: time (and date), title, seats "3 / 8" (workshop_seats_taken), the
 * walk-ins once held or the waitlist, and the status unless planned; in columns measured once
 * for the list shown (workshops_measure), from column x to the end of the line. */
struct workshop_columns {
    int x[5], width[5];
};
void workshops_measure(const struct workshop *list, size_t n, bool with_date, int x,
                       struct workshop_columns *cols);
void workshops_draw_row(int y, const struct workshop *w, bool with_date,
                        const struct workshop_columns *cols, unsigned attr);
void screen_workshops_open(struct app *app);
void screen_workshops_draw(struct app *app);
void screen_workshops_key(struct app *app, enum action_id action, struct ui_key key);
void screen_workshops_reload(struct app *app);
/* Opens workshop id's detail. */
void screen_workshop_open(struct app *app, int64_t id);
void screen_workshop_draw(struct app *app);
void screen_workshop_key(struct app *app, enum action_id action, struct ui_key key);
void screen_workshop_reload(struct app *app);
/* Opens the workshop form: new (NULL) or editing a copy of source. */
void screen_workshop_form_open(struct app *app, const struct workshop *source);
void screen_workshop_form_draw(struct app *app);
void screen_workshop_form_key(struct app *app, enum action_id action, struct ui_key key);
bool screen_workshop_form_dirty(void);
void screen_agenda_open(struct app *app);
void screen_agenda_draw(struct app *app);
void screen_agenda_key(struct app *app, enum action_id action, struct ui_key key);
void screen_agenda_reload(struct app *app);
/* Reloads the agenda with appointment id selected (when it is in it). */
void screen_agenda_select(struct app *app, int64_t id);
void screen_appointment_form_open(struct app *app);
/* Moving appointment a (borrowed: read again) from the desk: its duration, day and slot. */
struct appointment;
void screen_appointment_form_move(struct app *app, const struct appointment *a);
void screen_appointment_form_draw(struct app *app);
void screen_appointment_form_key(struct app *app, enum action_id action, struct ui_key key);
void screen_calls_open(struct app *app);
void screen_calls_draw(struct app *app);
void screen_calls_key(struct app *app, enum action_id action, struct ui_key key);
void screen_calls_reload(struct app *app);
void screen_home_reload(struct app *app);
/* Adds a theme to the session form just opened (a request handled here). */
void screen_form_tick_theme(int theme);
/* Draws partner p's card from line y at column x, within width columns and above line max_y;
 * returns the line after it. */
int partner_card_draw(const struct partner *p, int y, int x, int width, int max_y);
/* Opens "Orienter"; from_session links the referral to that session (0 for none). */
void screen_orient_open(struct app *app, int64_t from_session);
void screen_orient_draw(struct app *app);
void screen_orient_key(struct app *app, enum action_id action, struct ui_key key);
void screen_orient_reload(struct app *app);
void screen_follow_up_open(struct app *app);
void screen_follow_up_draw(struct app *app);
void screen_follow_up_key(struct app *app, enum action_id action, struct ui_key key);
void screen_follow_up_reload(struct app *app);
void screen_partners_open(struct app *app);
void screen_partners_draw(struct app *app);
void screen_partners_key(struct app *app, enum action_id action, struct ui_key key);
void screen_partners_reload(struct app *app);
/* Opens the partner form: a new partner (id 0) or partner id. */
void screen_partner_form_open(struct app *app, int64_t id);
void screen_partner_form_draw(struct app *app);
void screen_partner_form_key(struct app *app, enum action_id action, struct ui_key key);
bool screen_partner_form_dirty(void);
void screen_policy_open(struct app *app);
void screen_policy_draw(struct app *app);
void screen_policy_key(struct app *app, enum action_id action, struct ui_key key);
void screen_policy_reload(struct app *app);
/* True when a request of the loaded policy has this code. */
bool policy_code_used(const char *code);
/* Opens the policy form: a new request (NULL) or editing a copy of k. */
void screen_policy_form_open(struct app *app, const struct request_kind *k);
void screen_policy_form_draw(struct app *app);
void screen_policy_form_key(struct app *app, enum action_id action, struct ui_key key);
/* A person (screen_person.c): found as the name is typed; their registrations and referrals;
 * booking them, joining another record of theirs, exporting or erasing their data. */
void screen_person_open(struct app *app);
void screen_person_draw(struct app *app);
void screen_person_key(struct app *app, enum action_id action, struct ui_key key);
void screen_person_reload(struct app *app);

/* The commune of residence typed at the desk (commune_field.c): a postal code offers its
 * communes, a name is found accents and case aside; PgDn and PgUp go through what matches, and
 * one key (Ctrl+R) gives back the communes last used at this desk, one after the other. */
#define COMMUNE_FIELD_MATCHES 9
#define COMMUNE_FIELD_RECENT 5
struct commune_field {
    struct line_edit edit;
    const struct commune *matches[COMMUNE_FIELD_MATCHES]; /* borrowed from the shipped table */
    size_t nmatches, pick;
    struct residence recent[COMMUNE_FIELD_RECENT]; /* owned */
    int nrecent, recent_pick;
    /* The commune last shown as stored (the form's own, or one of the last ones) and its label:
     * kept as it is while the text is untouched, even when the table no longer has it. */
    struct residence kept; /* owned */
    char *kept_label;      /* owned; NULL when nothing was shown */
};
/* Empties f (releasing what it held), then shows initial (may be NULL) and reads the last
 * communes of this desk's site. */
/* Reads the table of communes now (30 ms for the shipped one) rather than on the first form. */
void commune_field_preload(struct app *app);
void commune_field_open(struct commune_field *f, struct app *app, const struct residence *initial);
void commune_field_release(struct commune_field *f);
/* After the text changed: what it matches now. */
void commune_field_typed(struct commune_field *f);
/* The next (step 1) or previous (-1) commune among those matching. */
void commune_field_step(struct commune_field *f, int step);
/* The next of the last communes used; false when there is none. */
bool commune_field_reuse(struct commune_field *f);
/* The field and, after it, the commune chosen or what to do. */
void commune_field_draw(struct commune_field *f, int y, int x, int width, bool focused);
/* The commune chosen into *out (owned by the caller: residence_clear); nothing typed is an
 * empty residence; the commune shown as stored, untouched and matching nothing in the table
 * (a commune the site's list no longer holds), is kept as stored. GU_INVALID, naming the
 * field, when what is typed matches no commune. */
int commune_field_value(const struct commune_field *f, struct residence *out,
                        struct gu_error *err);

#endif
