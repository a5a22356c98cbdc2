#!/usr/bin/env bash
# End-to-end tests of the workshop screens: seats after attendance on every view (the workshop,
# the list, the week, home, and `workshop list`), the attendance message's plurals, a cancelled
# workshop reopened and its people on the call list until told, the site and facilitator chosen
# on the form, printing (to lp when there is one, else to a private HTML page), and the keys that
# the status bars show.
# Usage: tests/tui/test-workshop-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="workshop screens (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
# No lp on the PATH guichet sees, whatever this machine has: printing writes a page.
mkdir -p "$TMP/nolp" "$TMP/fakelp" "$TMP/refusinglp"
NOLP="PATH=$TMP/nolp"
at() { ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$1' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR ${2:-$NOLP}"; }
at "$GUICHET_NOW"
# Where the desk writes its printouts: beside the database file; on a server, in guichet's own
# data folder on this machine ($XDG_DATA_HOME/guichet, set here short enough for the path to
# fit on an 80-column screen).
PRINTOUTS=$TMP/printouts
if on_postgresql; then
    export XDG_DATA_HOME="$TMP/data"
    PRINTOUTS=$XDG_DATA_HOME/guichet/printouts
fi

q() { sqlite3 "$DB" "$1"; }

# poll_db SQL VALUE: true once SQL gives VALUE (the desk is expected to write it).
poll_db() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ $SECONDS -le $deadline ]; do
        [ "$(q "$1")" = "$2" ] && return 0
        sleep 0.05
    done
    return 1
}

# The command line as on the 1st, when the workshops were planned and booked.
earlier() { GUICHET_NOW="2026-03-01 09:00" "$GUICHET" --db "$DB" "$@"; }

# Workshop 1, today at 14:00, 12 seats, ten people booked; workshop 2 on the 20th, 8 seats, Marie
# Dupont and Jean Martin booked. Two sites and two operators, Camille first at the desk.
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme email --duration 15 --at "2026-03-13 10:00" \
        --operator Dominique --site Annexe >/dev/null &&
        "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
            --operator Camille --site "Médiathèque centrale" >/dev/null &&
        earlier workshop add --title "Courriel" --at "2026-03-14 14:00" --duration 60 --capacity 12 \
            --site "Médiathèque centrale" --facilitator Camille >/dev/null &&
        earlier workshop add --title "Tablette" --at "2026-03-20 10:00" --duration 90 --capacity 8 \
            --site "Médiathèque centrale" --facilitator Camille >/dev/null || return 1
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do earlier workshop book 1 --name "Personne $i" >/dev/null || return 1; done
    earlier workshop book 2 --name "Marie Dupont" --phone "06 12 34 56 78" >/dev/null &&
        earlier workshop book 2 --name "Jean Martin" --phone "07 00 00 00 01" >/dev/null
}

# desk: opens the desk on $DB, Camille at the desk.
desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# The screen's lines joined by one space: a long message wraps onto up to three lines.
flat() { screen | sed 's/ *$//' | tr '\n' ' ' | tr -s ' '; }

# The status bar: the screen's last line.
bar() { screen | tail -n 1; }
# bar_has KEY…: every KEY is on the status bar, as a word of its own.
bar_has() {
    local b k
    b=" $(bar) "
    for k in "$@"; do
        case "$b" in *" $k "*) ;; *) return 1 ;; esac
    done
}

test_seats_after_attendance() {
    new_db seats || { not_ok "seats: the database is made"; return; }
    at "2026-03-14 15:10"
    desk && keys w && wait_for "Workshops: upcoming" && screen | grep -q 'Courriel *10 / 12' &&
        keys Enter && wait_for "Workshop No. 1: Courriel" && wait_for "Seats: 10 / 12 · waiting: 0" &&
        keys a && wait_for "Space: present, absent, excused" && keys + + + Enter &&
        wait_for "Attendance saved: 10 present, 3 walk-ins." &&
        [ "$(q "SELECT status || ',' || walk_ins || ',' || (SELECT count(*) FROM registration WHERE state = 'attended') FROM workshop WHERE id = 1")" = "held,3,10" ]
    verdict "attendance taken on the desk: 10 present, 3 walk-ins" $? "$(screen)"
    wait_for "Seats: 10 / 12 · walk-ins: 3 · Held"
    verdict "the workshop shows the people present over capacity, walk-ins beside" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && wait_match 'Courriel +10 / 12 +\+3 walk-ins +Held'
    verdict "the list shows 10 / 12 and the walk-ins once held" $? "$(screen)"
    keys v && wait_for "Workshops: week of Monday 9 March 2026" && wait_match 'Courriel +10 / 12 +\+3 walk-ins'
    verdict "the week view shows 10 / 12 too" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming"
    verdict "Esc from the week view goes back to the list" $? "$(screen)"
    keys Escape && wait_for "Today's workshops" && wait_match '14:00 +Courriel +10 / 12 +\+3 walk-ins'
    verdict "home shows 10 / 12 for today's workshop" $? "$(screen)"
    GUICHET_NOW="2026-03-14 15:10" run --db "$DB" workshop list
    grep -q 'Courriel *10 / 12 *3 ' "$TMP/out"
    verdict "workshop list says 10 / 12 as the desk does" $? "$(cat "$TMP/out")"
    stop
    # One present, one walk-in: each count takes its own number.
    earlier workshop add --title "Un seul" --at "2026-03-14 09:00" --duration 60 --capacity 4 >/dev/null
    earlier workshop book 3 --name "Solo Personne" >/dev/null
    desk && keys w && wait_for "Workshops: upcoming" && keys Enter && wait_for "Workshop No. 3: Un seul" &&
        keys a && wait_for "Space: present, absent, excused" && keys + Enter &&
        wait_for "Attendance saved: 1 present, 1 walk-in."
    verdict "the attendance message agrees with one present and one walk-in" $? "$(screen)"
    stop
    at "$GUICHET_NOW"
}

test_cancel_tell_reopen() {
    new_db reopen || { not_ok "reopen: the database is made"; return; }
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 2: Tablette" &&
        keys x && wait_for "Cancel workshop No." && keys y &&
        wait_flat "1 workshop cancelled: the people registered are on the call list" &&
        wait_for "Booked · to tell" &&
        [ "$(q "SELECT status FROM workshop WHERE id = 2")" = cancelled ] &&
        [ "$(q "SELECT group_concat(notice) FROM registration WHERE workshop_id = 2")" = "cancelled,cancelled" ]
    verdict "x cancels; the people booked are marked to be told" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && keys c && wait_for "Cancelled workshops: to tell" &&
        screen | grep -q 'Tablette *Marie Dupont *06 12 34 56 78' && screen | grep -q 'Jean Martin'
    verdict "the call list shows a cancelled workshop's people to tell, six days ahead" $? "$(screen)"
    bar_has t + - p Esc
    verdict "the call list's status bar shows t, +, -, p" $? "$(bar)"
    keys Down t && wait_for "Marie Dupont: told" &&
        [ "$(q "SELECT notice FROM registration WHERE id = 11")" = told ] && ! screen | grep -q 'Marie Dupont *06'
    verdict "t: told, and off the call list" $? "$(screen)" "$(q "SELECT id, notice FROM registration WHERE workshop_id = 2")"
    keys Escape && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 2: Tablette" &&
        bar_has x r p + -
    verdict "the workshop's status bar shows x, r, p, + and -" $? "$(bar)"
    keys r && wait_for "Reopen workshop No. 2, Tablette? (y/n)" && keys y &&
        wait_flat "Workshop reopened. 1 person was told of the cancellation" &&
        [ "$(q "SELECT status || ',' || sequence FROM workshop WHERE id = 2")" = "planned,2" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'reopen' AND entity = 'workshop' AND entity_id = 2")" = 1 ] &&
        [ "$(q "SELECT group_concat(coalesce(notice, '-')) FROM (SELECT notice FROM registration WHERE workshop_id = 2 ORDER BY id) AS t")" = "reopened,-" ]
    verdict "r reopens the cancelled workshop, audited; the person told is to tell again" $? "$(screen)"
    keys r && wait_for "Only a cancelled workshop can be reopened."
    verdict "r on a planned workshop says why it does nothing" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && keys c && wait_for "Reopened workshops: to tell" &&
        screen | grep -q 'Tablette *Marie Dupont' && ! screen | grep -q 'Cancelled workshops'
    verdict "the call list shows whom to tell of the reopening" $? "$(screen)"
    stop
}

test_form_site_and_facilitator() {
    new_db form || { not_ok "form: the database is made"; return; }
    # The desk's site (Camille's usual one, the first named with her) and operator are offered
    # first. Title, then 11 Tabs to the site (date, time, duration, seats, themes, level, room,
    # description, number of dates, every N weeks).
    desk && keys w && wait_for "Workshops: upcoming" && keys n && wait_for "New workshop" &&
        screen | grep -q 'Site *< Médiathèque centrale >' && screen | grep -q 'Facilitator *< Camille >' &&
        keys "Atelier photo" && for i in 1 2 3 4 5 6 7 8 9 10 11; do keys Tab; done &&
        keys a && wait_for "< Annexe >" && keys Tab d && wait_for "< Dominique >" &&
        keys Enter && wait_for "Workshop No. 3: Atelier photo" &&
        [ "$(q "SELECT si.name || '|' || o.name FROM workshop w JOIN site si ON si.id = w.site_id JOIN operator o ON o.id = w.facilitator_id WHERE w.title = 'Atelier photo'")" = "Annexe|Dominique" ]
    verdict "the form chooses the site and the facilitator (a letter jumps to a name)" $? "$(screen)"
    # Editing: no series fields, so 9 Tabs to the site; Right takes the one after, and before
    # the first operator comes "not given".
    keys e && wait_for "Change workshop No. 3" && screen | grep -q 'Site *< Annexe >' &&
        screen | grep -q 'Facilitator *< Dominique >' &&
        for i in 1 2 3 4 5 6 7 8 9; do keys Tab; done && keys Right Tab Left Left &&
        wait_match 'Facilitator +< not given >' && keys Enter &&
        poll_db "SELECT si.name || '|' || coalesce(CAST(w.facilitator_id AS TEXT), '-') FROM workshop w JOIN site si ON si.id = w.site_id WHERE w.id = 3" "Médiathèque centrale|-"
    verdict "an edit changes the site and can leave the facilitator out" $? "$(screen)"
    stop
}

# check_page FILE NAME…: FILE is private (0600, its folder 0700), parses as HTML, and holds
# every NAME.
check_page() {
    local file=$1
    shift
    [ -f "$file" ] && [ "$(stat -c %a "$file")" = 600 ] && [ "$(stat -c %a "$(dirname "$file")")" = 700 ] &&
        /usr/bin/python3 - "$file" "$@" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.text = []; self.tags = []
    def handle_starttag(self, tag, attrs): self.tags.append(tag)
    def handle_data(self, d): self.text.append(d)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
text = " ".join(p.text)
assert p.tags[:2] == ["html", "head"] and "table" in p.tags, p.tags
for name in sys.argv[2:]:
    assert name in text, (name, text[:500])
PY
}

test_printing() {
    new_db print || { not_ok "print: the database is made"; return; }
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 2: Tablette" &&
        keys p && wait_flat "No printer here: the attendance sheet is in $PRINTOUTS/sheet-2-2026-03-14-1030.html" &&
        check_page "$PRINTOUTS/sheet-2-2026-03-14-1030.html" "ATTENDANCE SHEET" "Tablette" "Marie Dupont" "06 12 34 56 78" "Jean Martin"
    verdict "p without lp writes the attendance sheet as a private HTML page, the path shown" $? "$(screen)" \
        "$(ls -la "$PRINTOUTS" 2>&1)"
    keys p && wait_flat "sheet-2-2026-03-14-1030-2.html" && [ -f "$PRINTOUTS/sheet-2-2026-03-14-1030-2.html" ]
    verdict "a second printout the same minute takes another name" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && keys c && wait_for "Call list" && keys + &&
        wait_for "Call list: workshops of the next 2 days" && keys + + + + + && wait_for "next 7 days" &&
        keys p && wait_flat "No printer here: the call list is in $PRINTOUTS/calls-2026-03-14-1030.html" &&
        check_page "$PRINTOUTS/calls-2026-03-14-1030.html" "Call list: workshops of the next 7 days" "Marie Dupont" "Jean Martin" "Reminders"
    verdict "p on the call list writes it as a private HTML page" $? "$(screen)"
    keys '>' && wait_for "Call list: workshops from Sunday 15 March 2026, 7 days" &&
        keys p && wait_flat "calls-2026-03-14-1030-2.html" &&
        check_page "$PRINTOUTS/calls-2026-03-14-1030-2.html" "Call list: workshops from Sunday 15 March 2026, 7 days" &&
        keys '<' '<' &&
        wait_for "Call list: workshops of the next 7 days" && screen | grep -q "Marie Dupont" &&
        keys F1 && wait_for "Begin the list a day later" && keys Escape
    verdict "< and > begin the call list a day earlier or later (today at the earliest), printed so, in the help" $? "$(screen)"
    stop
    # A printer: lp takes the text of the sheet.
    printf '#!/bin/sh\nPATH=/usr/bin:/bin\nprintf "%%s\\n" "$@" >"%s/lp-args"\ncat >"%s/lp-job"\n' "$TMP" "$TMP" >"$TMP/fakelp/lp"
    printf '#!/bin/sh\nPATH=/usr/bin:/bin\ncat >/dev/null\necho "lp: Error - No default destination." >&2\nexit 1\n' >"$TMP/refusinglp/lp"
    chmod 755 "$TMP/fakelp/lp" "$TMP/refusinglp/lp"
    at "$GUICHET_NOW" "PATH=$TMP/fakelp"
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 2: Tablette" &&
        keys p && wait_for "The attendance sheet was sent to the printer." &&
        grep -q '^ATTENDANCE SHEET' "$TMP/lp-job" && grep -q 'Marie Dupont *06 12 34 56 78' "$TMP/lp-job" &&
        grep -qx -- '-t' "$TMP/lp-args" && grep -qx 'ATTENDANCE SHEET: Tablette' "$TMP/lp-args" &&
        [ "$(ls "$PRINTOUTS" | wc -l)" = 4 ]
    verdict "with lp, p sends the sheet to the printer as text, and writes no file" $? "$(screen)" \
        "$(cat "$TMP/lp-args" "$TMP/lp-job" 2>&1 | head -20)"
    stop
    at "$GUICHET_NOW" "PATH=$TMP/refusinglp"
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 2: Tablette" &&
        keys p && wait_flat "The printer did not take it (lp: 1): the attendance sheet is in $PRINTOUTS/sheet-2-2026-03-14-1030-3.html" &&
        check_page "$PRINTOUTS/sheet-2-2026-03-14-1030-3.html" "Marie Dupont"
    verdict "lp refusing the job (no printer set up): the sheet goes to a page instead" $? "$(screen)"
    stop
    at "$GUICHET_NOW"
}

test_bars_and_help() {
    new_db keys || { not_ok "keys: the database is made"; return; }
    desk && keys w && wait_for "Workshops: upcoming" && bar_has n v '<' '>' c Esc
    verdict "the workshop list's status bar shows n, v, <, >, c" $? "$(bar)"
    keys v && wait_for "week of" && bar_has '<' '>'
    verdict "the week view's status bar shows < and >" $? "$(bar)"
    keys Escape Enter && wait_for "Workshop No. 1" && keys '?' && wait_for "Help: keys of this screen" &&
        screen | grep -q 'one more walk-in' && screen | grep -q 'Plan this cancelled workshop again' &&
        screen | grep -q 'Print the attendance sheet'
    verdict "the help lists +, r and p with the workshop's other keys" $? "$(screen)"
    stop
}

# Booking asks the commune of residence (kept on the person's record) and "already helped" (on
# the booking), as the session form does.
test_book_commune() {
    new_db bookcommune || { not_ok "booking commune: the database is made"; return; }
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter &&
        wait_for "Workshop No. 2: Tablette" && keys b && wait_for "Book: type the name" &&
        keys "Lou Bernard" Tab Tab Tab epernay && wait_for "→ 51200 Épernay" && keys Tab o &&
        wait_match "Already helped: +< Yes >" && keys Enter && wait_for "Lou Bernard has a seat" &&
        poll_db "SELECT p.postal_code || ' ' || p.commune || ' ' || p.insee || ' ' || g.already_helped
                 FROM participant p JOIN registration g ON g.participant_id = p.id
                 WHERE p.name = 'Lou Bernard'" "51200 Épernay 51230 1"
    verdict "booking: the commune goes on the person's record, already helped on the booking" $? "$(screen)"
    # The booking's message stays with the workshop: not on the statistics screen.
    keys Escape && wait_for "Workshops: upcoming" && wait_gone "Lou Bernard has a seat" &&
        keys Escape && wait_for "Hello, Camille." && keys s && wait_for "Statistics" &&
        screen | not_on_screen "Lou Bernard has a seat"
    verdict "a message is left behind with its screen (workshop, then statistics)" $? "$(screen)"
    stop
}

# A commune the site's list no longer holds, given back by Ctrl+R, is kept as saved.
test_book_commune_gone() {
    new_db bookgone || { not_ok "booking commune gone: the database is made"; return; }
    printf '51999\t51999\tVieille-Commune\n' >"$TMP/gone.tsv"
    "$GUICHET" --db "$DB" commune import "$TMP/gone.tsv" >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 15 --at "2026-03-13 11:00" --operator Camille \
            --site "Médiathèque centrale" --postal-code 51999 >/dev/null &&
        "$GUICHET" --db "$DB" commune reset >/dev/null
    desk && keys w && wait_for "Workshops: upcoming" && keys Down Enter &&
        wait_for "Workshop No. 2: Tablette" && keys b && wait_for "Book: type the name" &&
        keys "Lou Bernard" Tab Tab Tab C-r && wait_for "kept as saved" && keys Enter &&
        wait_for "Lou Bernard has a seat" &&
        poll_db "SELECT postal_code || ' ' || commune || ' ' || insee FROM participant WHERE name = 'Lou Bernard'" \
            "51999 Vieille-Commune 51999"
    verdict "booking: a commune the list no longer holds, given back by Ctrl+R, is kept as saved" $? "$(screen)"
    stop
}

test_book_commune
test_book_commune_gone
test_seats_after_attendance
test_cancel_tell_reopen
test_form_site_and_facilitator
test_printing
test_bars_and_help
finish
