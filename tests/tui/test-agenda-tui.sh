#!/usr/bin/env bash
# End-to-end tests of the agenda (a from home): the site's appointments of today and the coming
# days with the person's phone; Enter when the person came opens the session form filled from
# the appointment (its request's theme, its duration) and Enter saves it, the appointment kept;
# m marks a no-show; x cancels after asking; another desk's booking shows up; n books one (the
# person found as typed, the request from the policy, a free slot; a slot another desk took is
# refused with the next one offered).
# Usage: tests/tui/test-agenda-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="agenda (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-17 11:10" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' HOME='$HOME' GUICHET_LOCALEDIR=${GUICHET_LOCALEDIR:-}"
DB="$TMP/agenda.db"
q() { sqlite3 "$DB" "$1"; }
book() { GUICHET_NOW="2026-03-16 09:00" "$GUICHET" --db "$DB" appointment add --operator Camille "$@" >/dev/null; }

setup() {
    "$GUICHET" --db "$DB" log --theme email --duration 10 --operator Camille --site Centre \
        --at "2026-03-16 09:00" >/dev/null &&
        book --at "2026-03-17 10:00" --duration 45 --name "Jean Dupont" --phone 0612345678 --request caf &&
        book --at "2026-03-17 11:00" --duration 30 --name "Marie Curie" &&
        book --at "2026-03-18 14:00" --duration 30 --name "Paul Roux" --phone 0699999999
}

desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

setup || { not_ok "setup" ; finish; exit; }
desk || { not_ok "the desk opens" "$(screen)"; finish; exit; }
keys a && wait_for "Appointments" && wait_for "Jean Dupont" && wait_for "06 12 34 56 78" &&
    wait_for "Paul Roux" && wait_for "Marie Curie" && wait_for "Came"
verdict "a from home: the coming days' appointments, with the person's phone and the keys" $? "$(screen)"
keys Enter && wait_for "New session" && wait_match "Duration +45" && wait_match '\[x\] a Help with administrative' &&
    keys Enter && wait_for "Appointments" && wait_for "saved" && wait_gone "Jean Dupont" &&
    [ "$(q "SELECT a.status || '|' || s.duration_min || '|' || s.started_at || '|' || t.theme FROM appointment a JOIN help_session s ON s.id = a.session_id JOIN help_session_theme t ON t.session_id = s.id WHERE a.id = 1")" = \
      "done|45|2026-03-17 10:00|aide_aux_demarches_administratives" ]
verdict "Enter, Enter: the session filled from the appointment saved, the appointment kept and off the agenda" $? \
    "$(screen)" "$(q "SELECT * FROM appointment WHERE id = 1")"
keys m && wait_for "marked missed" && wait_gone "Marie Curie" &&
    [ "$(q "SELECT status FROM appointment WHERE id = 2")" = missed ]
verdict "m: a no-show in one key" $? "$(screen)"
keys u && wait_for "Appointment 2 is planned again" && wait_match "> .*Marie Curie" &&
    [ "$(q "SELECT status FROM appointment WHERE id = 2")" = planned ] &&
    keys m && wait_for "marked missed" && wait_gone "Marie Curie"
verdict "u: the no-show said by mistake planned again, selected" $? "$(screen)"
keys x && wait_for "(y/n)" && keys n && wait_gone "(y/n)" && [ "$(q "SELECT status FROM appointment WHERE id = 3")" = planned ] &&
    keys x && wait_for "(y/n)" && keys y && wait_for "cancelled" && wait_for "No appointment in the coming days" &&
    [ "$(q "SELECT status FROM appointment WHERE id = 3")" = cancelled ]
verdict "x asks first: n keeps the appointment, y cancels it" $? "$(screen)"
book --at "2026-03-19 09:00" --duration 30 --name "Zoé Martin"
wait_for "Zoé Martin"
verdict "another desk's booking shows up" $? "$(screen)"
# Booking from the desk: the person found as the name is typed, the request from the policy
# (what to bring follows it), the first free slot of the operator offered.
keys n && wait_for "New appointment" && wait_match "Slot +< Tuesday 17 March 2026, 11:15 >" &&
    keys J e a && wait_for "Jean Dupont · 06 12 34 56 78" && keys Enter && wait_match "Name +Jean Dupont" &&
    keys Tab Tab Tab Tab c a f && wait_for "RSA" && keys Enter &&
    wait_match "What to bring +Numéro allocataire" && keys Enter && wait_for "Appointment 5 booked" &&
    wait_match "> 17/03/2026 11:15 +Jean Dupont" &&
    [ "$(q "SELECT a.starts_at || '|' || a.duration_min || '|' || a.participant_id || '|' || k.code || '|' || a.bring FROM appointment a JOIN request_kind k ON k.id = a.request_kind_id WHERE a.id = 5")" = \
      "2026-03-17 11:15|30|1|caf|Numéro allocataire, mot de passe CAF, RIB" ]
verdict "n books in a few keys: the person found as typed (the same record), the request from the policy, the first free slot" $? \
    "$(screen)" "$(q "SELECT * FROM appointment WHERE id = 5")"
keys n && wait_for "New appointment" && wait_match "Slot +< Tuesday 17 March 2026, 11:45 >" &&
    keys L é a Space P e t i t && wait_for "New person: Léa Petit" && keys Enter &&
    wait_match "Name +Léa Petit" && keys Tab 0 6 1 2 1 2 1 2 1 2 && wait_for "06121212" &&
    book --at "2026-03-17 11:45" --duration 30 --name "Autre Guichet" &&
    keys Enter && wait_for "That slot was taken meanwhile" && wait_match "Slot +< Tuesday 17 March 2026, 12:15 >" &&
    keys Enter && wait_for "booked: Léa Petit" &&
    [ "$(q "SELECT a.starts_at || '|' || p.phone || '|' || CASE WHEN p.consent_at IS NULL THEN 0 ELSE 1 END FROM appointment a JOIN participant p ON p.id = a.participant_id WHERE p.name = 'Léa Petit'")" = \
      "2026-03-17 12:15|+33612121212|1" ]
verdict "two desks, one slot: the one who saves second is told and offered the next free slot, booked with Enter; a new person with phone and consent" $? \
    "$(screen)" "$(q "SELECT id, starts_at, participant_id FROM appointment")"
keys n && wait_for "New appointment" && keys x y && wait_for "New person: xy" && keys Enter &&
    wait_match "> Name +xy" && keys Tab Tab Tab Tab Tab Tab Tab Right &&
    wait_match "> Slot +< Tuesday 17 March 2026, 13:00 >" && wait_for "Free on Tuesday 17 March 2026: 12:45–18:00." &&
    keys Escape && wait_for "Discard what was typed?" && keys y && wait_for "Came" &&
    [ "$(q "SELECT count(*) FROM appointment")" = 7 ]
verdict "Esc on the booking form asks before dropping what was typed; nothing booked" $? "$(screen)"
# e moves the selected appointment: its duration, day and slot, its own time free.
keys Up Up Up Up Up Up && wait_match "> 17/03/2026 11:15 +Jean Dupont" && keys e &&
    wait_for "Move appointment No. 5" && wait_for "Jean Dupont, now Tuesday 17 March 2026, 11:15, with Camille." &&
    wait_match "> Slot +< Tuesday 17 March 2026, 11:15 >" && keys Right && wait_match "> Slot +< Tuesday 17 March 2026, 12:45 >" &&
    keys Enter && wait_for "Appointment 5 moved to Tuesday 17 March 2026, 12:45." &&
    [ "$(q "SELECT starts_at || '|' || sequence FROM appointment WHERE id = 5")" = "2026-03-17 12:45|1" ]
verdict "e moves an appointment to one of its operator's free slots (its own time free, the next after the others)" $? \
    "$(screen)" "$(q "SELECT id, starts_at, sequence FROM appointment")"
# Two desks moving one appointment: the second is told, nothing moved, the form shows it anew.
keys e && wait_for "Move appointment No. 5" && keys Right &&
    GUICHET_NOW="2026-03-17 11:10" "$GUICHET" --db "$DB" appointment move 5 --at "2026-03-18 10:00" >/dev/null &&
    keys Enter && wait_flat "was changed at another desk since: nothing moved" &&
    wait_for "Jean Dupont, now Wednesday 18 March 2026, 10:00, with Camille." &&
    [ "$(q "SELECT starts_at FROM appointment WHERE id = 5")" = "2026-03-18 10:00" ] &&
    keys Escape && wait_for "Discard what was typed?" && keys y && wait_for "Came"
verdict "e while another desk moves it: refused, said, the form shows where it is now" $? "$(screen)"
# A choice field's letter that is a key of the screen: q asks to quit, as the status bar says.
keys n && wait_for "New appointment" && keys x y && wait_for "New person: xy" && keys Enter &&
    keys Tab Tab Tab z z z && wait_for "Nothing matches." && keys Tab && wait_gone "Nothing matches." &&
    wait_match "> Operator" && wait_match "Request +\(no request\)" &&
    keys q && wait_for "Quit and lose what was typed?" &&
    keys n && wait_gone "Quit and lose" && keys Escape && wait_for "Discard what was typed?" && keys y && wait_for "Came"
verdict "a request search that finds nothing: Tab goes on; q on a choice field asks to quit (not a jump to a letter)" $? "$(screen)"
# u undoes this desk's mark only: another desk's change since is not undone.
keys End && wait_match "> 19/03/2026 9:00 +Zoé Martin" && keys x && wait_for "(y/n)" && keys y && wait_for "cancelled" &&
    GUICHET_NOW="2026-03-17 11:10" "$GUICHET" --db "$DB" appointment reopen 4 >/dev/null &&
    GUICHET_NOW="2026-03-17 11:10" "$GUICHET" --db "$DB" appointment cancel 4 >/dev/null &&
    keys u && wait_for "was changed at another desk since: nothing undone" &&
    [ "$(q "SELECT status FROM appointment WHERE id = 4")" = cancelled ]
verdict "u after another desk changed the appointment: nothing undone, said" $? "$(screen)"
# An appointment whose time has come, not marked: listed first; x says kept or missed at once.
book --at "2026-03-17 10:30" --duration 15 --name "Tom Passé" && wait_for "Tom Passé" &&
    keys Home && wait_match "> 17/03/2026 10:30 +Tom Passé" && keys x &&
    wait_flat "its time has come: Enter if the person came, m if not." && ! screen | grep -q "(y/n)"
verdict "x on an appointment whose time has come: kept or missed said at once, not asked" $? "$(screen)"
keys "?" && wait_for "The person did not come" && wait_for "Cancel the appointment"
verdict "? helps on the agenda from the action table" $? "$(screen)"
keys Escape Escape && wait_for "Hello, Camille."
verdict "Esc goes back home" $? "$(screen)"
stop
finish
