#!/usr/bin/env bash
# End-to-end tests of merging two records of one person from a workshop's registrations (key m):
# the chooser lists the other records with the same name (folded), Enter asks, y joins them as
# `person merge` does (registrations moved, audited, whom to call when a seat frees); Esc and n
# change nothing; a name without another record says so.
# Usage: tests/tui/test-merge-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="merging records (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

q() { sqlite3 "$DB" "$1"; }

# The command line as on the 10th, when the bookings were made.
earlier() { GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$DB" "$@" >/dev/null; }

# Workshop 1 (the 15th, 3 seats): Marie Dupont (record 1), Jean Martin twice (records 2 and 3,
# two phones), Nadia Benali (record 4) waiting. Workshop 2 (the 16th): "marie  DUPONT" with
# another phone and an e-mail (record 5, the same person typed otherwise) and Marie Durand
# (record 6, another person whose name starts alike). Registrations are numbered in the same
# order. Camille is the operator.
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        earlier workshop add --title "Smartphone" --at "2026-03-15 14:00" --duration 90 --capacity 3 &&
        earlier workshop add --title "Courriel" --at "2026-03-16 10:00" --duration 60 --capacity 8 &&
        earlier workshop book 1 --name "Marie Dupont" --phone "06 12 34 56 78" &&
        earlier workshop book 1 --name "Jean Martin" --phone "06 11 11 11 11" &&
        earlier workshop book 1 --name "Jean Martin" --phone "06 22 22 22 22" &&
        earlier workshop book 1 --name "Nadia Benali" --phone "06 98 76 54 32" &&
        earlier workshop book 2 --name "marie  DUPONT" --phone "07 11 22 33 44" --email "marie@example.org" &&
        earlier workshop book 2 --name "Marie Durand" --phone "07 55 55 55 55"
}

# The whole state a merge would change: people, registrations, audit entries.
state() {
    q "SELECT id, name, coalesce(phone, '-'), coalesce(email, '-') FROM participant ORDER BY id;
       SELECT id, workshop_id, participant_id, state FROM registration ORDER BY id;
       SELECT count(*) FROM audit WHERE action = 'merge'"
}

# desk_workshop N: opens the desk on $DB and workshop N (the Nth of the upcoming list).
desk_workshop() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille." &&
        keys w && wait_for "Workshops: upcoming" || return 1
    local i
    for ((i = 1; i < $1; i++)); do keys Down; done
    keys Enter && wait_for "Workshop No. $1:"
}

test_chooser_and_merge() {
    new_db merge || { not_ok "merge: setting up"; return; }
    [ "$(q "SELECT count(*) FROM participant")" = 6 ] || { not_ok "merge: six records to start" "$(state)"; return; }
    desk_workshop 1 || { not_ok "merge: the workshop opens" "$(screen)"; return; }
    screen | grep -q 'm Merge'
    verdict "the workshop's key bar offers m Merge" $? "$(screen)"
    keys '?' && wait_for "Help: keys of this screen" &&
        wait_for "Join another record of the same person (same name) into this one."
    verdict "the help screen explains m" $? "$(screen)"
    keys Escape && wait_gone "Help: keys of this screen" && wait_for "Workshop No. 1:" || true
    # Marie Dupont (first line, selected): record 5 is offered, with its phone the French way and
    # its e-mail; Marie Durand and Marie herself are not.
    local before; before=$(state)
    keys m && wait_for "Enter joins the chosen record into record 1" &&
        wait_match '^> *5 +marie DUPONT +07 11 22 33 44 +marie@example.org' &&
        ! screen | grep -q 'Durand' && [ "$(screen | grep -c '06 12 34 56 78')" = 1 ]
    verdict "m lists the other records of the same name: number, name, phone, e-mail" $? "$(screen)"
    # Esc goes back; n at the question too: nothing changes.
    keys Escape && wait_gone "Enter joins the chosen record" && wait_for "Workshop No. 1:" &&
        [ "$(state)" = "$before" ]
    verdict "Esc leaves the chooser without changing anything" $? "$(screen)" "$(state)"
    keys m && wait_for "Enter joins the chosen record into record 1" && keys Enter &&
        wait_for "Join record 5 into record 1, Marie Dupont? (y/n)" && keys n &&
        wait_gone "(y/n)" && [ "$(state)" = "$before" ]
    local no=$?
    keys Escape && wait_gone "Enter joins the chosen record" && keys m &&
        wait_for "Enter joins the chosen record into record 1" && keys Enter &&
        wait_for "Join record 5 into record 1, Marie Dupont? (y/n)" && keys Escape &&
        wait_gone "(y/n)" && [ "$(state)" = "$before" ] && [ "$no" = 0 ]
    verdict "n or Esc at the question changes nothing" $? "$(screen)" "$(state)"
    # Enter and y: record 5 joins record 1, which takes its e-mail and its registration.
    keys Escape && wait_gone "Enter joins the chosen record" && keys m &&
        wait_for "Enter joins the chosen record into record 1" && keys Enter &&
        wait_for "Join record 5 into record 1, Marie Dupont? (y/n)" && keys y &&
        wait_flat "Record 5 joined into record 1. 1 registration moved. E-mail taken from record 5." &&
        wait_gone "Enter joins the chosen record"
    local shown=$?
    [ "$shown" = 0 ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE name_fold = (SELECT name_fold FROM participant WHERE id = 1)")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE id = 5")" = 0 ] &&
        [ "$(q "SELECT phone || '|' || email FROM participant WHERE id = 1")" = "+33612345678|marie@example.org" ] &&
        [ "$(q "SELECT replace(group_concat(workshop_id || ':' || state), ',', ' ') FROM (SELECT * FROM registration WHERE participant_id = 1 ORDER BY id) AS t")" = "1:booked 2:booked" ] &&
        [ "$(q "SELECT count(*) FROM participant")" = 5 ] &&
        [ "$(q "SELECT a.entity || '|' || a.entity_id || '|' || a.detail || '|' || o.name FROM audit a JOIN operator o ON o.id = a.operator_id WHERE a.action = 'merge'")" = "participant|1|from 5|Camille" ]
    verdict "y joins the chosen record into the selected one: one record, registration moved, audited 'merge'" $? "$(screen)" "$(state)"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly after a merge" $? "$(screen)"
    stop
}

test_merge_frees_a_seat() {
    new_db seat || { not_ok "seat: setting up"; return; }
    # Workshop 1 holds 3 seats: Marie, Jean (record 2), Jean (record 3); Nadia waits.
    desk_workshop 1 || { not_ok "seat: the workshop opens" "$(screen)"; return; }
    wait_match 'Waitlisted \(1\)' && keys Down &&
        wait_match '^> *2 +Jean Martin +06 11 11 11 11' && keys m &&
        wait_for "Enter joins the chosen record into record 2" &&
        wait_match '^> *3 +Jean Martin +06 22 22 22 22' && keys Enter &&
        wait_for "Join record 3 into record 2, Jean Martin? (y/n)" && keys y &&
        wait_flat "Record 3 joined into record 2. 0 registrations moved. 1 registration removed: both records had one for the same workshop. New seat for Nadia Benali: call 06 98 76 54 32."
    local shown=$?
    [ "$shown" = 0 ] &&
        [ "$(q "SELECT group_concat(entry) FROM (SELECT p.name || ':' || r.state AS entry FROM registration r JOIN participant p ON p.id = r.participant_id WHERE r.workshop_id = 1 ORDER BY r.id) AS t")" = "Marie Dupont:booked,Jean Martin:booked,Nadia Benali:booked" ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE id = 3")" = 0 ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'merge' AND entity_id = 2 AND detail = 'from 3'")" = 1 ] &&
        wait_for "Seats: 3 / 3 · waiting: 0" && ! screen | grep -q 'Waitlisted'
    verdict "a merge that frees a seat promotes the first waiting and says whom to call; the list reloads" $? "$(screen)" "$(state)"
    # The kept person stays selected after the reload.
    screen | grep -qE '^> *2 +Jean Martin'
    verdict "the kept registration stays selected" $? "$(screen)"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

test_no_candidate() {
    new_db alone || { not_ok "alone: setting up"; return; }
    desk_workshop 2 || { not_ok "alone: the workshop opens" "$(screen)"; return; }
    local before; before=$(state)
    # Marie Durand (second line of workshop 2): nobody else has that name.
    keys Down && wait_match '^> *[0-9]+ +Marie Durand' && keys m &&
        wait_for "No other record is named Marie Durand: nothing to merge." &&
        ! screen | grep -q "Enter joins the chosen record" && [ "$(state)" = "$before" ]
    verdict "m without another record of that name says so and changes nothing" $? "$(screen)"
    # An erased person's registration stays, anonymous and cancelled (their seat freed): nothing
    # to merge either.
    "$GUICHET" --db "$DB" person erase 6 --wait 5 >/dev/null 2>&1
    poll_db "SELECT count(*) FROM participant WHERE id = 6 AND erased_at IS NOT NULL" 1 &&
        wait_match '^> *6 +Cancelled' && keys m && wait_for "This person was erased: there is nothing to merge." &&
        ! screen | grep -q "Enter joins the chosen record"
    verdict "m on an erased person's registration says there is nothing to merge" $? "$(screen)"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

# poll_db SQL VALUE: true once SQL on $DB gives VALUE.
poll_db() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ $SECONDS -le $deadline ]; do
        [ "$(q "$1")" = "$2" ] && return 0
        sleep 0.05
    done
    return 1
}

test_chooser_and_merge
test_merge_frees_a_seat
test_no_candidate
stop
finish
