/* The single table of actions: it decides what a key does on each screen, and feeds the status
 * bar and the help screen, so that the three never disagree. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "strbuf.h"
#include "i18n.h"
#include "text.h"
#include "ui.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)
#define ENTER_KEYS {'\n', '\r', KEY_ENTER}
/* Screens made of a field form (the orient screen's record step is one too). */
#define FORM_SCREENS (ON(SCREEN_PARTNER_FORM) | ON(SCREEN_POLICY_FORM) | ON(SCREEN_ORIENT) | \
                      ON(SCREEN_APPOINTMENT_FORM))
/* Screens with a list to move through. */
#define LIST_SCREENS (ON(SCREEN_ORIENT) | ON(SCREEN_FOLLOW_UP) | ON(SCREEN_PARTNERS) | \
                      ON(SCREEN_POLICY) | ON(SCREEN_STATS))

static const struct action actions[] = {
    {ACT_NEW, ON(SCREEN_HOME), {'n'}, N_("n"), N_("New"),
     N_("Log a new help session: press a theme's letter, then Enter."), true},
    {ACT_REPEAT, ON(SCREEN_HOME), {'r'}, N_("r"), N_("Repeat"),
     N_("Start a new session with the choices of the last one."), true},
    {ACT_HISTORY, ON(SCREEN_HOME), {'h'}, N_("h"), N_("History"),
     N_("Show earlier sessions: search, edit, delete."), true},
    {ACT_WORKSHOPS, ON(SCREEN_HOME), {'w'}, N_("w"), N_("Workshops"),
     N_("Workshops: plan, book, take attendance, call list."), true},
    {ACT_ORIENT, ON(SCREEN_HOME), {'o'}, N_("o"), N_("Orient"),
     N_("Orient a person: type a few words of the request, see where to send them, record it."),
     true},
    {ACT_FOLLOW_UP, ON(SCREEN_HOME), {'f'}, N_("f"), N_("Follow-up"),
     N_("Referrals to follow up, those due first."), true},
    {ACT_PARTNERS, ON(SCREEN_HOME), {'p'}, N_("p"), N_("Partners"),
     N_("The partner directory and the routing policy."), true},
    {ACT_STATS, ON(SCREEN_HOME), {'s'}, N_("s"), N_("Statistics"),
     N_("Figures of a month, a year or chosen dates, with charts, as in the activity report."),
     true},
    {ACT_OPERATOR, ON(SCREEN_HOME), {'O'}, N_("O"), N_("Operator"),
     N_("Change who is at the desk (capital O)."), true},
    {ACT_AGENDA, ON(SCREEN_HOME), {'a'}, N_("a"), N_("Appointments"),
     N_("Today's and the coming days' appointments at this site: the person came, did not, or "
        "cancelled."),
     true},
    {ACT_UP, ON(SCREEN_AGENDA), {KEY_UP}, N_("Up"), N_("Up"), N_("Move up."), false},
    {ACT_DOWN, ON(SCREEN_AGENDA), {KEY_DOWN}, N_("Down"), N_("Down"), N_("Move down."), false},
    {ACT_OPEN, ON(SCREEN_AGENDA), ENTER_KEYS, N_("Enter"), N_("Came"),
     N_("The person came: the session form, filled from the appointment (its request's theme, "
        "its duration, their commune); Enter saves it and the appointment is kept."),
     true},
    {ACT_NEW, ON(SCREEN_AGENDA), {'n'}, N_("n"), N_("New"),
     N_("Book an appointment: the person, the request, the operator, then one of their free "
        "slots."),
     true},
    {ACT_EDIT, ON(SCREEN_AGENDA), {'e'}, N_("e"), N_("Move"),
     N_("Move the appointment: a new day and slot among its operator's free ones, or another "
        "duration (before its time only)."),
     true},
    {ACT_MISSED, ON(SCREEN_AGENDA), {'m'}, N_("m"), N_("Missed"),
     N_("The person did not come: the appointment is marked missed (a no-show)."), true},
    {ACT_CANCEL_APPOINTMENT, ON(SCREEN_AGENDA), {'x'}, N_("x"), N_("Cancel"),
     N_("Cancel the appointment (asks first)."), true},
    {ACT_RESTORE, ON(SCREEN_AGENDA), {'u'}, N_("u"), N_("Undo"),
     N_("Plan again the appointment just marked kept, missed or cancelled here (the session a "
        "kept one became is deleted)."),
     true},
    {ACT_PEOPLE, ON(SCREEN_HOME), {'P'}, N_("P"), N_("People"),
     N_("Find a person (capital P): their bookings and referrals; book them, export or erase "
        "their data."),
     true},
    {ACT_OPEN, ON(SCREEN_PERSON), ENTER_KEYS, N_("Enter"), N_("Open"),
     N_("Open the person selected; in a list of workshops or records, take the one selected."),
     true},
    {ACT_BOOK, ON(SCREEN_PERSON), {'b'}, N_("b"), N_("Book"),
     N_("Book this person onto a planned workshop: a seat, or the waitlist with its position."),
     true},
    {ACT_MERGE, ON(SCREEN_PERSON), {'m'}, N_("m"), N_("Merge"),
     N_("Join another record of the same person (same name) into this one."), true},
    {ACT_EXPORT, ON(SCREEN_PERSON), {'e'}, N_("e"), N_("Export"),
     N_("Write everything guichet holds about this person to a JSON file beside the database, "
        "readable by you alone (the message says where)."),
     true},
    {ACT_DELETE, ON(SCREEN_PERSON), {'d'}, N_("d"), N_("Erase"),
     N_("Erase this person everywhere guichet keeps them, after confirmation."), true},
    {ACT_UP, ON(SCREEN_PERSON), {KEY_UP}, N_("Up"), N_("Up"), N_("Move up."), false},
    {ACT_DOWN, ON(SCREEN_PERSON), {KEY_DOWN}, N_("Down"), N_("Down"), N_("Move down."), false},
    {ACT_PAGE_UP, ON(SCREEN_PERSON), {KEY_PPAGE}, N_("PgUp"), N_("Page up"),
     N_("Move one page up."), false},
    {ACT_PAGE_DOWN, ON(SCREEN_PERSON), {KEY_NPAGE}, N_("PgDn"), N_("Page down"),
     N_("Move one page down."), false},
    {ACT_ORIENT, ON(SCREEN_FORM), {CTRL('o'), KEY_F(4)}, N_("Ctrl+O"), N_("Orient"),
     N_("Save the session, then orient the person (also F4): the referral names the session."),
     true},
    {ACT_SAVE, ON(SCREEN_ORIENT), ENTER_KEYS, N_("Enter"), N_("Record"),
     N_("Record a referral to the partner shown (Enter again to confirm); a request handled "
        "here opens a new session instead."),
     true},
    {ACT_DONE, ON(SCREEN_FOLLOW_UP), {'a'}, N_("a"), N_("It worked"),
     N_("The selected referral worked out (abouti)."), true},
    {ACT_NO_OUTCOME, ON(SCREEN_FOLLOW_UP), {'s'}, N_("s"), N_("No outcome"),
     N_("The selected referral came to nothing (sans suite)."), true},
    {ACT_REFUSED, ON(SCREEN_FOLLOW_UP), {'r'}, N_("r"), N_("Refused"),
     N_("The partner refused the request (refusé)."), true},
    {ACT_POSTPONE, ON(SCREEN_FOLLOW_UP), {'+'}, N_("+"), N_("A week later"),
     N_("Follow the selected referral up a week later."), true},
    {ACT_ALL, ON(SCREEN_FOLLOW_UP), {'t'}, N_("t"), N_("All"),
     N_("Show every referral, or only those to follow up."), true},
    {ACT_SEARCH, ON(SCREEN_PARTNERS), {'/'}, N_("/"), N_("Search"),
     N_("Type words to filter (name, commune, what they handle); Enter or Esc ends typing."),
     true},
    {ACT_OPEN, ON(SCREEN_PARTNERS), ENTER_KEYS, N_("Enter"), N_("Edit"),
     N_("Change the selected partner."), true},
    {ACT_NEW, ON(SCREEN_PARTNERS), {'n'}, N_("n"), N_("New"),
     N_("Add a partner (a local branch…)."), true},
    {ACT_POLICY, ON(SCREEN_PARTNERS), {'l'}, N_("l"), N_("Policy"),
     N_("The routing policy: what the library handles and where it sends people."), true},
    {ACT_OPEN, ON(SCREEN_POLICY), ENTER_KEYS, N_("Enter"), N_("Edit"),
     N_("Change the selected request: words, answer, partner, what to bring."), true},
    {ACT_NEW, ON(SCREEN_POLICY), {'n'}, N_("n"), N_("New"),
     N_("Add a request to the policy."), true},
    {ACT_DELETE, ON(SCREEN_POLICY), {'d', KEY_DC}, N_("d"), N_("Remove"),
     N_("Remove the selected request from the policy, after confirmation."), true},
    {ACT_DAY_PREV, ON(SCREEN_STATS), {KEY_LEFT, '<', ','}, N_("Left"), N_("Before"),
     N_("The month, year or dates before (also <)."), true},
    {ACT_DAY_NEXT, ON(SCREEN_STATS), {KEY_RIGHT, '>', '.'}, N_("Right"), N_("After"),
     N_("The month, year or dates after (also >)."), true},
    {ACT_MONTH, ON(SCREEN_STATS), {'m'}, N_("m"), N_("Month"), N_("Show one month."), true},
    {ACT_YEAR, ON(SCREEN_STATS), {'y'}, N_("y"), N_("Year"), N_("Show the whole year."), true},
    {ACT_PERIOD, ON(SCREEN_STATS), {'c'}, N_("c"), N_("Dates"),
     N_("Choose the first and last day (Tab between them, Enter to show, Esc to drop)."), true},
    {ACT_OPEN, ON(SCREEN_STATS), ENTER_KEYS, N_("Enter"), N_("List"),
     N_("On a theme: list its sessions of the period, to open one."), true},
    {ACT_SAVE, ON(SCREEN_PARTNER_FORM) | ON(SCREEN_POLICY_FORM), ENTER_KEYS, N_("Enter"),
     N_("Save"), N_("Check and save the form."), true},
    {ACT_SAVE, ON(SCREEN_APPOINTMENT_FORM), ENTER_KEYS, N_("Enter"), N_("Save"),
     N_("Book the appointment in the slot chosen (refused, with the next free slot, when another "
        "desk took it meanwhile)."),
     true},
    {ACT_CLEAR, ON(SCREEN_APPOINTMENT_FORM), {KEY_DC, KEY_BACKSPACE, 0x7F}, N_("Delete"),
     N_("None"),
     N_("On the person: none, for a new person named below; on the request: none."), false},
    {ACT_CLEAR, ON(SCREEN_POLICY_FORM), {KEY_DC, KEY_BACKSPACE, 0x7F}, N_("Delete"),
     N_("No partner"),
     N_("On the partner: send people to no partner (type letters of a name, a commune or what "
        "they handle to find one; Up and Down choose, Enter takes it, Esc keeps the former "
        "one)."),
     false},
    {ACT_NEW, ON(SCREEN_WORKSHOPS), {'n'}, N_("n"), N_("New"),
     N_("Plan a new workshop, or a series of dates."), true},
    {ACT_OPEN, ON(SCREEN_WORKSHOPS), {'\n', '\r', KEY_ENTER}, N_("Enter"), N_("Open"),
     N_("Open the selected workshop: registrations, booking, attendance."), true},
    {ACT_WEEK, ON(SCREEN_WORKSHOPS), {'v'}, N_("v"), N_("Week"),
     N_("Switch between the upcoming list and a week view."), true},
    {ACT_DAY_PREV, ON(SCREEN_WORKSHOPS), {'<', ','}, N_("<"), N_("Week before"),
     N_("Week view: the week before (Esc goes back to the list)."), true},
    {ACT_DAY_NEXT, ON(SCREEN_WORKSHOPS), {'>', '.'}, N_(">"), N_("Week after"),
     N_("Week view: the week after."), true},
    {ACT_CALLS, ON(SCREEN_WORKSHOPS), {'c'}, N_("c"), N_("Calls"),
     N_("The call list: whom to tell of a cancellation, whom to remind of tomorrow's "
        "workshops."),
     true},
    {ACT_BOOK, ON(SCREEN_WORKSHOP), {'b'}, N_("b"), N_("Book"),
     N_("Book someone: type a name, known people are offered as you type."), true},
    {ACT_UNBOOK, ON(SCREEN_WORKSHOP), {'u', KEY_DC}, N_("u"), N_("Unbook"),
     N_("Cancel the selected registration; says whom to call if a seat is freed."), true},
    {ACT_ATTENDANCE, ON(SCREEN_WORKSHOP), {'a'}, N_("a"), N_("Attendance"),
     N_("Take attendance: Space changes present, absent, excused; + and - count walk-ins."),
     true},
    {ACT_EDIT, ON(SCREEN_WORKSHOP), {'e'}, N_("e"), N_("Edit"),
     N_("Change the workshop."), true},
    {ACT_MERGE, ON(SCREEN_WORKSHOP), {'m'}, N_("m"), N_("Merge"),
     N_("Join another record of the same person (same name) into this one."), true},
    {ACT_CANCEL_WORKSHOP, ON(SCREEN_WORKSHOP), {'x'}, N_("x"), N_("Cancel"),
     N_("Cancel this workshop (and, if asked, the rest of its series); its people go on the "
        "call list, to tell."),
     true},
    {ACT_REOPEN, ON(SCREEN_WORKSHOP), {'r'}, N_("r"), N_("Reopen"),
     N_("Plan this cancelled workshop again; those told of the cancellation go on the call "
        "list."),
     true},
    {ACT_PRINT, ON(SCREEN_WORKSHOP), {'p'}, N_("p"), N_("Print"),
     N_("Print the attendance sheet, or write it as a page to print (the message says where)."),
     true},
    {ACT_MORE, ON(SCREEN_WORKSHOP), {'+'}, N_("+"), N_("Walk-in"),
     N_("Taking attendance: one more walk-in (someone who came without booking)."), true},
    {ACT_LESS, ON(SCREEN_WORKSHOP), {'-'}, N_("-"), N_("Walk-in"),
     N_("Taking attendance: one walk-in less."), true},
    {ACT_UP, ON(SCREEN_CALLS), {KEY_UP}, N_("Up"), N_("Up"), N_("Move up."), false},
    {ACT_DOWN, ON(SCREEN_CALLS), {KEY_DOWN}, N_("Down"), N_("Down"), N_("Move down."), false},
    {ACT_TOLD, ON(SCREEN_CALLS), {'t'}, N_("t"), N_("Told"),
     N_("The selected person was told of the cancellation (or reopening): off the list."), true},
    {ACT_DAY_PREV, ON(SCREEN_CALLS), {'<', ','}, N_("<"), N_("Earlier"),
     N_("Begin the list a day earlier (today at the earliest)."), false},
    {ACT_DAY_NEXT, ON(SCREEN_CALLS), {'>', '.'}, N_(">"), N_("Later"),
     N_("Begin the list a day later: the people to call for the following days."), false},
    {ACT_MORE, ON(SCREEN_CALLS), {'+'}, N_("+"), N_("More days"),
     N_("Reminders: one more day ahead."), true},
    {ACT_LESS, ON(SCREEN_CALLS), {'-'}, N_("-"), N_("Fewer days"),
     N_("Reminders: one day fewer."), true},
    {ACT_PRINT, ON(SCREEN_CALLS), {'p'}, N_("p"), N_("Print"),
     N_("Print the call list, or write it as a page to print (the message says where)."), true},
    {ACT_SAVE, ON(SCREEN_FORM), ENTER_KEYS, N_("Enter"), N_("Save"),
     N_("Save the session and go back to the home screen."), true},
    {ACT_REUSE, ON(SCREEN_FORM) | ON(SCREEN_WORKSHOP), {CTRL('r')}, N_("Ctrl+R"),
     N_("Last communes"),
     N_("Commune of residence: the last one given at this desk; again, the one before (the "
        "last 5)."),
     false},
    {ACT_PAGE_DOWN, ON(SCREEN_FORM), {KEY_NPAGE}, N_("PgDn"), N_("Next commune"),
     N_("In the commune field: the next commune matching what is typed (PgUp: the one "
        "before)."),
     false},
    {ACT_PAGE_UP, ON(SCREEN_FORM), {KEY_PPAGE}, N_("PgUp"), N_("Previous commune"),
     N_("In the commune field: the previous commune matching what is typed."), false},
    {ACT_SAVE, ON(SCREEN_WORKSHOP_FORM), ENTER_KEYS, N_("Enter"), N_("Save"),
     N_("Save the workshop (every date of a series)."), true},
    {ACT_CONFIRM, ON(SCREEN_WORKSHOP), ENTER_KEYS, N_("Enter"), N_("Confirm"),
     N_("Confirm the booking or the attendance being taken."), false},
    {ACT_CONFIRM, ON(SCREEN_SETUP) | ON(SCREEN_OPERATOR), ENTER_KEYS, N_("Enter"), N_("Confirm"),
     N_("Confirm the choice."), true},
    {ACT_OPEN, ON(SCREEN_HISTORY), ENTER_KEYS, N_("Enter"), N_("Edit"),
     N_("Open the selected session to correct it."), true},
    {ACT_DELETE, ON(SCREEN_HISTORY), {'d', KEY_DC}, N_("d"), N_("Delete"),
     N_("Delete the selected session, after confirmation."), true},
    {ACT_SEARCH, ON(SCREEN_HISTORY), {'/'}, N_("/"), N_("Search"),
     N_("Type words to filter (accents and capitals do not matter); Enter or Esc ends typing."),
     true},
    {ACT_DAY_PREV, ON(SCREEN_HISTORY), {'<', ','}, N_("<"), N_("Day before"),
     N_("Show one day: the day before."), false},
    {ACT_DAY_NEXT, ON(SCREEN_HISTORY), {'>', '.'}, N_(">"), N_("Day after"),
     N_("Show one day: the day after."), false},
    {ACT_ALL_DAYS, ON(SCREEN_HISTORY), {'a'}, N_("a"), N_("All days"),
     N_("Show every day again."), false},
    {ACT_RESTORE, ON(SCREEN_HISTORY), {'u'}, N_("u"), N_("Undo"),
     N_("Bring back the session just deleted; among the deleted sessions, the selected one."),
     true},
    {ACT_DELETED, ON(SCREEN_HISTORY), {'t'}, N_("t"), N_("Deleted"),
     N_("Show the deleted sessions, to bring one back (u); t again shows the history."), true},
    {ACT_NEXT_FIELD, ON(SCREEN_FORM) | ON(SCREEN_SETUP) | ON(SCREEN_WORKSHOP_FORM) | FORM_SCREENS,
     {'\t', KEY_DOWN}, N_("Tab"),
     N_("Next field"), N_("Go to the next field (also the down arrow)."), true},
    {ACT_PREV_FIELD, ON(SCREEN_FORM) | ON(SCREEN_SETUP) | ON(SCREEN_WORKSHOP_FORM) | FORM_SCREENS,
     {KEY_BTAB, KEY_UP}, N_("Shift+Tab"),
     N_("Previous field"), N_("Go to the previous field (also the up arrow)."), false},
    {ACT_VALUE_NEXT, ON(SCREEN_FORM) | ON(SCREEN_WORKSHOP_FORM) | FORM_SCREENS, {KEY_RIGHT}, N_("Right"),
     N_("Next value"),
     N_("Choose the next value of the field."), false},
    {ACT_VALUE_PREV, ON(SCREEN_FORM) | ON(SCREEN_WORKSHOP_FORM) | FORM_SCREENS, {KEY_LEFT}, N_("Left"),
     N_("Previous value"),
     N_("Choose the previous value of the field."), false},
    {ACT_TOGGLE, ON(SCREEN_FORM) | ON(SCREEN_WORKSHOP_FORM) | ON(SCREEN_WORKSHOP) | FORM_SCREENS,
     {' '},
     N_("Space"), N_("Tick"),
     N_("Tick or untick the value under the cursor."), false},
    {ACT_UP, ON(SCREEN_HISTORY) | ON(SCREEN_OPERATOR) | ON(SCREEN_WORKSHOPS) | ON(SCREEN_WORKSHOP) |
                 LIST_SCREENS,
     {KEY_UP}, N_("Up"), N_("Up"),
     N_("Move up."), false},
    {ACT_DOWN, ON(SCREEN_HISTORY) | ON(SCREEN_OPERATOR) | ON(SCREEN_WORKSHOPS) | ON(SCREEN_WORKSHOP) |
                   LIST_SCREENS,
     {KEY_DOWN}, N_("Down"), N_("Down"),
     N_("Move down."), false},
    {ACT_PAGE_UP, ON(SCREEN_HISTORY) | ON(SCREEN_STATS) | ON(SCREEN_PARTNERS) | ON(SCREEN_POLICY) |
                      ON(SCREEN_AGENDA),
     {KEY_PPAGE}, N_("PgUp"), N_("Page up"),
     N_("Move one page up."), false},
    {ACT_PAGE_DOWN, ON(SCREEN_HISTORY) | ON(SCREEN_STATS) | ON(SCREEN_PARTNERS) | ON(SCREEN_POLICY) |
                        ON(SCREEN_AGENDA),
     {KEY_NPAGE}, N_("PgDn"), N_("Page down"),
     N_("Move one page down."), false},
    {ACT_FIRST, ON(SCREEN_PARTNERS) | ON(SCREEN_POLICY) | ON(SCREEN_AGENDA), {KEY_HOME}, N_("Home"),
     N_("First"),
     N_("Go to the first row of the list (of those the search finds)."), false},
    {ACT_LAST, ON(SCREEN_PARTNERS) | ON(SCREEN_POLICY) | ON(SCREEN_AGENDA), {KEY_END}, N_("End"),
     N_("Last"),
     N_("Go to the last row of the list (of those the search finds)."), false},
    {ACT_CANCEL, ON_ALL & ~ON(SCREEN_HOME), {KEY_ESC},
     N_("Esc"), N_("Back"), N_("Go back without saving (asks first if something was typed)."),
     true},
    {ACT_HELP, ON_ALL, {'?', KEY_F(1)}, N_("?"), N_("Help"),
     N_("Show this help (F1 everywhere; ? where no text is being typed)."), true},
    {ACT_REDRAW, ON_ALL, {CTRL('l')}, N_("Ctrl+L"), N_("Redraw"), N_("Redraw the screen."),
     false},
    {ACT_QUIT, ON_ALL & ~ON(SCREEN_SETUP), {'q'}, N_("q"), N_("Quit"),
     N_("Leave guichet (asks first if a form is being filled in)."), true},
};

enum action_id actions_find(enum screen_id screen, struct ui_key key)
{
    for (size_t i = 0; i < ARRAY_LEN(actions); i++) {
        if (!(actions[i].screens & ON(screen)))
            continue;
        for (size_t k = 0; k < 3 && actions[i].keys[k]; k++) {
            int want = actions[i].keys[k];
            bool is_function = want >= KEY_MIN;
            if (is_function == key.function && (wint_t)want == key.code)
                return actions[i].id;
        }
    }
    return ACT_NONE;
}

void actions_draw_bar(enum screen_id screen)
{
    /* Every key the screen takes is shown. When their labels do not all fit, the last ones go
     * by their key alone (the help gives every sentence). */
    const char *keys[ARRAY_LEN(actions)], *labels[ARRAY_LEN(actions)];
    int n = 0, width = 0; /* with every label, each item followed by two spaces */
    /* While a text field has the focus, a letter or sign is typed into it: the actions of such
     * keys are not offered then, and help is F1 (? would be typed). */
    bool typing = ui_text_focus();
    for (size_t i = 0; i < ARRAY_LEN(actions); i++) {
        if (!actions[i].in_bar || !(actions[i].screens & ON(screen)))
            continue;
        int first = actions[i].keys[0];
        if (typing && actions[i].id != ACT_HELP && first >= 0x20 && first != 0x7F && first < KEY_MIN)
            continue;
        keys[n] = _(actions[i].key_name);
        labels[n] = _(actions[i].label);
        if (typing && actions[i].id == ACT_HELP)
            keys[n] = _("F1");
        width += (int)text_width(keys[n]) + 1 + (int)text_width(labels[n]) + 2;
        n++;
    }
    int labelled = n; /* items shown with their label; the rest by key, one space apart */
    while (labelled > 0 && width - (labelled == n ? 2 : 1) > COLS) {
        labelled--;
        width -= (int)text_width(labels[labelled]) + 2;
    }
    int y = LINES - 1, x = 0;
    move(y, 0);
    clrtoeol();
    for (int i = 0; i < n && x < COLS; i++) {
        int kw = (int)text_width(keys[i]), lw = (int)text_width(labels[i]);
        draw_text(y, x, kw, keys[i], A_REVERSE | A_BOLD);
        x += kw + 1;
        if (i < labelled) {
            draw_text(y, x, lw, labels[i], A_NORMAL);
            x += lw + 2;
        }
    }
}

void actions_draw_list(enum screen_id screen, int y, int x)
{
    /* Key and short label in columns, so that every key fits on a 80×24 home screen; the help
     * screen gives the sentences. */
    int column_w = 26, columns = (COLS - x) / column_w > 0 ? (COLS - x) / column_w : 1, at = 0;
    for (size_t i = 0; i < ARRAY_LEN(actions) && y < LINES - 2; i++) {
        if (!actions[i].in_bar || !(actions[i].screens & ON(screen)))
            continue;
        const char *key = _(actions[i].key_name);
        int cx = x + (at % columns) * column_w, kw = (int)text_width(key);
        draw_text(y, cx, kw, key, A_REVERSE | A_BOLD);
        draw_text(y, cx + kw + 1, column_w - kw - 2, _(actions[i].label), A_NORMAL);
        if (++at % columns == 0)
            y++;
    }
}

enum { HELP_KEY_X = 2, HELP_TEXT_X = 13 };

/* One line of the help: a key (NULL on the lines that go on with a sentence, and for the
 * screen's own paragraph), its text (owned) and where the text starts. */
struct help_line {
    const char *key;
    char *text;
    int x;
};

static void help_add(struct help_line **lines, size_t *n, size_t *cap, const char *key,
                     char *text, int x)
{
    if (!text || !array_reserve(lines, cap, *n, sizeof **lines, 32)) {
        free(text);
        return;
    }
    (*lines)[(*n)++] = (struct help_line){key, text, x};
}

/* Every sentence of the help wrapped beside its key, then the screen's paragraph (items
 * separated by " · ", wrapped between items): the lines to show, however many. */
static size_t help_lines(enum screen_id screen, const char *extra, struct help_line **lines)
{
    size_t n = 0, cap = 0;
    *lines = NULL;
    for (size_t i = 0; i < ARRAY_LEN(actions); i++) {
        if (!(actions[i].screens & ON(screen)))
            continue;
        int count;
        char **wrapped = draw_wrap(_(actions[i].help), COLS - HELP_TEXT_X - 1, &count);
        for (int j = 0; wrapped && j < count; j++) {
            help_add(lines, &n, &cap, j ? NULL : _(actions[i].key_name), wrapped[j], HELP_TEXT_X);
            wrapped[j] = NULL;
        }
        draw_wrap_free(wrapped, count);
    }
    if (extra && *extra) /* a blank line before the paragraph */
        help_add(lines, &n, &cap, NULL, strdup(""), HELP_KEY_X);
    struct strbuf line = STRBUF_INIT;
    for (const char *item = extra; item && *item;) {
        const char *end = strstr(item, " · ");
        size_t len = end ? (size_t)(end - item) : strlen(item);
        struct strbuf one = STRBUF_INIT;
        strbuf_add(&one, item, len);
        if (line.len && (int)(text_width(strbuf_str(&line)) + 3 + text_width(strbuf_str(&one))) >
                            COLS - HELP_KEY_X - 1) {
            help_add(lines, &n, &cap, NULL, strbuf_finish(&line), HELP_KEY_X);
            line = (struct strbuf)STRBUF_INIT;
        }
        strbuf_printf(&line, "%s%s", line.len ? "   " : "", strbuf_str(&one));
        strbuf_release(&one);
        item = end ? end + strlen(" · ") : NULL;
    }
    if (line.len)
        help_add(lines, &n, &cap, NULL, strbuf_finish(&line), HELP_KEY_X);
    strbuf_release(&line);
    return n;
}

bool actions_show_help(enum screen_id screen, const char *extra, int *top)
{
    erase();
    draw_text(0, 0, COLS, _("Help: keys of this screen (any key to go back)"), draw_attr_title());
    struct help_line *lines;
    size_t n = help_lines(screen, extra, &lines);
    /* Lines 2 to LINES - 1 hold the help; when it is longer, the last one says how to scroll. */
    int rows = LINES - 2 > 1 ? LINES - 2 : 1;
    bool scrolls = (int)n > rows;
    if (scrolls)
        rows--;
    int last_top = (int)n > rows ? (int)n - rows : 0;
    *top = *top < 0 ? 0 : *top > last_top ? last_top : *top;
    for (int i = 0; i < rows && (size_t)(*top + i) < n; i++) {
        const struct help_line *l = &lines[*top + i];
        if (l->key)
            draw_text(2 + i, HELP_KEY_X, HELP_TEXT_X - HELP_KEY_X - 1, l->key, A_BOLD);
        draw_text(2 + i, l->x, COLS - l->x, l->text, A_NORMAL);
    }
    if (scrolls)
        draw_text(LINES - 1, 0, COLS,
                  _("Up, Down, PgUp and PgDn scroll the help; any other key goes back."),
                  A_REVERSE | A_BOLD);
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
    refresh();
    return scrolls;
}
