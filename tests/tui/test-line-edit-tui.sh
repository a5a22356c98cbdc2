#!/usr/bin/env bash
# The one line editor of every text field, and the keys as terminals send them: a prefilled value
# typed over, the cursor moved and text edited in the middle (accents, combining marks, wide
# characters), a long value scrolled, pasted text, and the Home, End, Delete, F1 sequences of
# xterm, PuTTY, rxvt, tmux, screen and the Linux console sent raw, whatever TERM says; a lone Esc
# still leaves. Forms refuse to save a field they show as wrong.
# Usage: tests/tui/test-line-edit-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="line editor and keys (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
BASE_ENV="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_EXTRA=$BASE_ENV

q() { sqlite3 "$1" "$2"; }

# raw BYTES…: sends bytes as a terminal would, not as tmux's key names.
raw() { tm send-keys -t t -l "$@"; }

# A database with one site and the operator Camille; the session logged on day $2 (default: the
# day before) sets the desk's usual duration to 45 when it is recent, else leaves 15.
seed_db() {
    "$GUICHET" --db "$1" log --theme sante --duration 45 --at "${2:-2026-03-13} 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null
}

# desk DB [TERM]: opens the desk, confirms the operator, waits for home.
desk() {
    ENV_EXTRA="$BASE_ENV TERM=${2:-screen-256color}"
    start 80 24 --db "$1"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# setup_field TERM: a first start with TERM, at the library's name (an empty field at column 31).
setup_field() {
    ENV_EXTRA="$BASE_ENV TERM=$1"
    start 80 24 --db "$TMP/setup-$RANDOM$RANDOM.db"
    wait_for "Name of the library:"
}

# field_is TEXT: the library's name field shows TEXT (then spaces).
# poll_cursor X: the terminal cursor is at column X.
poll_cursor() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ "$(cursor_x)" != "$1" ]; do
        [ $SECONDS -le $deadline ] || return 1
        sleep 0.05
    done
}

field_is() { poll grep -qE "^  Name of the library: +$(printf '%s' "$1" | sed 's/[][\.*^$|+?(){}]/\\&/g') *$"; }

cursor_x() { tm display-message -p -t t '#{cursor_x}'; }

# focused_line: the line of the session form's focused field ("> Label  value").
focused_line() { screen | grep '^> '; }

# to_duration: Tab from the themes until the duration has the focus (fields may come before it).
to_duration() {
    local i before deadline
    for i in 1 2 3 4 5 6; do
        before=$(focused_line)
        keys Tab
        deadline=$((SECONDS + POLL_TIMEOUT))
        while [ "$(focused_line)" = "$before" ]; do
            [ $SECONDS -le $deadline ] || return 1
            sleep 0.05
        done
        focused_line | grep -q '^> Duration' && return 0
    done
    return 1
}

# poll_duration_line_not LINE: the Duration line, with its attributes, is no longer LINE.
poll_duration_line_not() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ $SECONDS -le $deadline ]; do
        [ "$(tm capture-pane -p -e -t t | grep 'Duration')" != "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

# On the session form's other lists, a letter chooses there: it never ticks a theme unseen.
test_letters_on_lists() {
    local db="$TMP/letters.db"
    seed_db "$db" 2025-01-10
    desk "$db" && keys n && wait_for "New session" && keys e && to_duration && keys Tab Tab &&
        wait_match '^> Place' && keys a && wait_match 'Place +< At home >' && keys r && wait_match 'Place +< Remote >' &&
        keys Enter && wait_for "saved" &&
        [ "$(q "$db" "SELECT s.place || '|' || group_concat(t.theme) FROM help_session s JOIN help_session_theme t ON t.session_id = s.id WHERE s.id = (SELECT max(id) FROM help_session) GROUP BY s.id, s.place")" = "a_distance|email" ]
    verdict "a letter on the Place list chooses a place (a then r: Remote), and ticks no theme" $? "$(screen)" \
        "$(q "$db" "SELECT * FROM help_session_theme")"
    keys q && wait_for "[exit 0]"
}

test_typed_over_defaults() {
    local db="$TMP/over.db"
    seed_db "$db" 2025-01-10 # long ago: the form's default duration is 15
    desk "$db" && keys n && wait_for "New session" && wait_match 'Duration +15 ' &&
        keys e && to_duration && keys 4 5 && wait_match 'Duration +45 ' && keys Enter && wait_for "Session No. 2 saved" &&
        [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 2")" = 45 ]
    verdict "Tab 4 5 on the duration prefilled 15 saves 45, not 154" $? "$(screen)" \
        "$(q "$db" "SELECT id, duration_min FROM help_session")"
    # With the desk's usual 45 the same keys gave 454 (refused, then saved 45 with a 4 on it).
    seed_db "$db"
    keys n && wait_for "New session" && wait_match 'Duration +45 ' && keys e && to_duration && keys 3 0 Enter &&
        wait_for "Session No. 4 saved" && [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 4")" = 30 ]
    verdict "Tab 3 0 on a duration prefilled 45 saves 30" $? "$(screen)"
    # Right, End or Home only deselect and move: typing then adds to the value.
    keys n && wait_for "New session" && keys e && to_duration && keys Right 0 && wait_match 'Duration +450 ' &&
        keys Home 1 && wait_for "1 to 1440" && wait_match 'Duration +450 ' &&
        keys End BSpace Enter && wait_for "Session No. 5 saved" &&
        [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 5")" = 45 ]
    verdict "Right deselects and moves: 45 then 0 is 450; a 1 in front (1450) is refused as typed" $? "$(screen)"
    # Backspace on a selected value clears it, and an empty duration is not saved.
    keys n && wait_for "New session" && keys e && to_duration && keys BSpace && wait_match 'Duration +min ' && keys Enter &&
        wait_for 'Duration: "" is not a whole number' && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 5 ]
    verdict "Backspace clears a selected value; an empty duration is refused" $? "$(screen)"
    # The selection is drawn: the duration's line changes when Right takes it away.
    keys Escape && wait_for "(y/n)" && keys y && wait_for "Hello, Camille." &&
        keys n && wait_for "New session" && keys e && to_duration && wait_match 'Duration +45 '
    local selected; selected=$(tm capture-pane -p -e -t t | grep 'Duration')
    keys Right && poll_duration_line_not "$selected" && wait_match 'Duration +45 '
    verdict "a selected value is drawn differently from the same value unselected" $? "$selected"
    keys Escape && wait_for "(y/n)" && keys y && wait_for "Hello, Camille." && keys q && wait_for "[exit 0]"
    verdict "leaves cleanly (no sanitizer report)" $? "$(screen)"
    stop
}

test_cursor_editing() {
    local db="$TMP/cursor.db"
    ENV_EXTRA="$BASE_ENV TERM=screen-256color"
    start 80 24 --db "$db"
    wait_for "Name of the library:" || { not_ok "cursor editing: setup opens" "$(screen)"; return; }
    keys Bibliotheque && field_is "Bibliotheque" && keys C-a "La " && field_is "La Bibliotheque" &&
        keys C-e " Zola" && field_is "La Bibliotheque Zola"
    verdict "Ctrl+A and Ctrl+E: typing at the start and at the end" $? "$(screen)"
    keys C-w && field_is "La Bibliotheque" && keys "Émile Zola" && field_is "La Bibliotheque Émile Zola"
    verdict "Ctrl+W erases the word before the cursor" $? "$(screen)"
    # Home, three steps right, nine Deletes: "Bibliothe" goes; "Médiathè" is typed in its place.
    keys Home Right Right Right DC DC DC DC DC DC DC DC DC && field_is "La que Émile Zola" &&
        keys "Médiathè" && field_is "La Médiathèque Émile Zola"
    verdict "Home, Right and Delete: text replaced in the middle, with accents" $? "$(screen)"
    # Left steps over a letter and its combining accent at once: e + U+0301 is one character.
    local e_acute=$'e\xcc\x81' name
    name="La Médiathèque Émile Zola Caf$e_acute"
    keys End " Caf$e_acute" && field_is "$name" &&
        keys Left BSpace && field_is "La Médiathèque Émile Zola Ca$e_acute" && keys f && field_is "$name"
    verdict "a letter with a combining accent is one step of the cursor" $? "$(screen)"
    # Wide characters take two columns each: the cursor stays where the text ends.
    keys End " 図書館" && field_is "$name 図書館" && poll_cursor $((31 + 31 + 6)) &&
        keys Left && poll_cursor $((31 + 31 + 4)) && keys BSpace && field_is "$name 図館" &&
        poll_cursor $((31 + 31 + 2))
    verdict "wide characters: two columns each, the cursor where it belongs" $? "$(screen)" "cursor_x=$(cursor_x)"
    keys End BSpace BSpace BSpace " xyz" && field_is "$name xyz" && keys Left Left Left Left C-k && field_is "$name"
    verdict "Ctrl+K erases from the cursor to the end" $? "$(screen)"
    keys Enter && wait_for "Your first name:" && keys "Dominique" C-u "Élodie" Enter && wait_for "Hello, Élodie." &&
        [ "$(q "$db" "SELECT name FROM site")" = "La Médiathèque Émile Zola Café" ] &&
        [ "$(q "$db" "SELECT name FROM operator")" = "Élodie" ]
    verdict "Ctrl+U erases to the start; what was edited is what is saved (in NFC)" $? "$(screen)" \
        "$(q "$db" "SELECT name FROM site")"
    keys q && wait_for "[exit 0]"
    verdict "leaves cleanly after editing (no sanitizer report)" $? "$(screen)"
    stop
}

test_long_value_scrolls() {
    setup_field screen-256color || { not_ok "scrolling: setup opens" "$(screen)"; return; }
    local long="Bibliothèque municipale à vocation régionale de la ville de Saint-Étienne"
    keys "$long" && wait_match '^  Name of the library: +….*Saint-Étienne *$' && [ "$(cursor_x)" -le 70 ]
    verdict "a value longer than its field scrolls: its end and the cursor in view" $? "$(screen)" "cursor_x=$(cursor_x)"
    keys Home && wait_match '^  Name of the library: +Bibliothèque municipale.*…$' && poll_cursor 31
    verdict "Home shows the start again, the rest marked with …" $? "$(screen)" "cursor_x=$(cursor_x)"
    stop
}

test_paste() {
    setup_field screen-256color || { not_ok "paste: setup opens" "$(screen)"; return; }
    tm set-buffer -b clip $'Médiathèque\nJean-Jaurès\n'
    tm paste-buffer -p -b clip -t t && field_is "Médiathèque Jean-Jaurès" && screen | grep -q '^  Your first name: *$'
    verdict "pasted text is typed whole; its line breaks are not Enter" $? "$(screen)"
    stop
}

# The sequences of each terminal for Home, End and Delete, under a TERM whose terminfo does not
# list them: "bc", Home, "a", End, "d", Home, Delete gives "bcd" only when all three were read.
test_terminal_sequences() {
    local term name home end del
    while IFS='|' read -r term name home end del; do
        setup_field "$term" || { not_ok "$name: setup opens" "$(screen)"; continue; }
        keys bc && field_is bc && raw "$(printf '%b' "$home")" && keys a && raw "$(printf '%b' "$end")" &&
            keys d && field_is abcd && raw "$(printf '%b' "$home")" && raw "$(printf '%b' "$del")" &&
            field_is bcd && screen | grep -q "Name of the library:"
        verdict "Home, End and Delete as $name sends them (TERM=$term)" $? "$(screen)"
    done <<'EOF'
xterm-256color|PuTTY, tmux and screen (ESC[1~ ESC[4~)|\e[1~|\e[4~|\e[3~
xterm-256color|rxvt (ESC[7~ ESC[8~)|\e[7~|\e[8~|\e[3~
screen-256color|xterm (ESC[H ESC[F)|\e[H|\e[F|\e[3~
screen-256color|xterm in application mode (ESC OH ESC OF)|\eOH|\eOF|\e[3~
linux|xterm under TERM=linux (ESC[H ESC[F)|\e[H|\e[F|\e[3~
EOF
    stop
    # A key that no table knows (Ctrl+Right in xterm, under TERM=screen) is dropped whole: no Esc,
    # nothing typed.
    setup_field screen-256color && keys xy && field_is xy && raw $'\e[1;5C' && keys z && field_is xyz
    verdict "an unknown key sequence is ignored, not taken for Esc and typing" $? "$(screen)"
    stop
}

test_keys_on_screens() {
    local db="$TMP/keys.db"
    seed_db "$db"
    # Home as PuTTY sends it, in the history: no jump to the home screen. Typing after it shows
    # that the history still has the keys.
    desk "$db" xterm-256color && keys h && wait_for "History: " && raw $'\e[1~' && keys / z z &&
        wait_match '^ Search: +zz' && screen | grep -q "History: "
    verdict "Home (ESC[1~) in the history stays in the history" $? "$(screen)"
    keys Escape Escape && wait_for "Hello, Camille."
    verdict "Esc alone still leaves at once" $? "$(screen)"
    # End as PuTTY sends it, in a typed form: no question, no 4 typed; the cursor goes to the end.
    keys n && wait_for "New session" && keys e && to_duration && wait_match 'Duration +45 ' && raw $'\e[4~' && keys 0 &&
        wait_match 'Duration +450 ' && ! screen | grep -q "(y/n)" && keys Enter && wait_for "Session No. 2 saved" &&
        [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 2")" = 450 ]
    verdict "End (ESC[4~) in a form moves to the end: no question, no 4 typed" $? "$(screen)"
    # F1 as the Linux console and PuTTY send it.
    raw $'\e[[A' && wait_for "Help: keys of this screen" && keys x && wait_for "Hello, Camille." &&
        raw $'\e[11~' && wait_for "Help: keys of this screen" && keys x && wait_for "Hello, Camille."
    verdict "F1 as the Linux console (ESC[[A) and PuTTY (ESC[11~) send it shows the help" $? "$(screen)"
    keys n && wait_for "New session" && keys Escape && wait_for "Hello, Camille."
    verdict "Esc on an untouched form leaves at once" $? "$(screen)"
    stop
}

# A form is never saved with a field it shows as wrong: the follow-up date of a referral.
test_form_refuses_wrong_field() {
    local db="$TMP/refuse.db"
    seed_db "$db"
    desk "$db" && keys o && wait_for "Orient a person" && keys chomage && wait_for "France Travail" &&
        keys Enter && wait_for "Follow up on" && keys Tab 2026-02-30 &&
        wait_for '"2026-02-30" is not a date like 14/03/2026' && keys Enter && wait_for "Follow up on" &&
        screen | grep -q '^> Follow up on' && [ "$(q "$db" "SELECT count(*) FROM referral")" = 0 ]
    verdict "a field shown as wrong is said under the form, and the form is not saved" $? "$(screen)"
    keys Home Right Right Right Right Right DC DC DC DC DC "03-30" && wait_gone "is not a date" &&
        keys Enter && wait_for "recorded" && [ "$(q "$db" "SELECT follow_up_on FROM referral")" = 2026-03-30 ]
    verdict "once corrected where it was typed, it saves" $? "$(screen)"
    stop
}

test_typed_over_defaults
test_cursor_editing
test_long_value_scrolls
test_paste
test_terminal_sequences
test_keys_on_screens
test_form_refuses_wrong_field
test_letters_on_lists
stop
finish
