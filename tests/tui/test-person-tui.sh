#!/usr/bin/env bash
# End-to-end tests of the person screen (P from home): finding a person as the name is typed
# (word order, accents and capitals ignored; letters typed, never actions), their registrations
# and referrals, booking them onto a planned workshop (a seat or the waitlist, checked in the
# database), exporting their data to a file (0600, valid JSON with their name, never over another
# file), erasing them after a confirmation naming them (n keeps, y erases; a copy that remains is
# said plainly, never "erased"; the wait for another desk's reading shows), merging another
# record of theirs, hostile stored text shown inert, and Esc back to home with the search cleared.
# Usage: tests/tui/test-person-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="person screen (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; touch "$TMP/release" 2>/dev/null; on_postgresql && pg_drop_suite_databases; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
mkdir -p "$HOME"
export XDG_DATA_HOME="$TMP/x" # a server's desk writes its exports there (exports_folder)
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' GUICHET_LOCALEDIR=${GUICHET_LOCALEDIR:-}"

q() { sqlite3 "$DB" "$1"; }

# The command line as on the 10th, when the bookings and referrals were made.
earlier() { GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$DB" "$@" >/dev/null; }

# new_db NAME: in its own folder (the export goes beside the database; a server's desk writes it
# in guichet's data folder on this machine: exports_folder). Workshops: 1 Smartphone
# (the 15th, one seat, Marie Durand's), 2 Courriel (the 16th), 3 Tablette (the 12th: past). People:
# 1 Zoé Martin-Lefèvre (Tablette), 2 Marie Durand, 3 and 4 Jean Martin (two phones). Referrals:
# 1 in Zoé's name, 2 with her phone and no name, 3 for someone else. Appointment 1: Zoé's, the
# 17th. Camille is the operator.
new_db() {
    mkdir -p "$TMP/$1"
    DB="$TMP/$1/person.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        earlier workshop add --title "Smartphone" --at "2026-03-15 14:00" --duration 90 --capacity 1 &&
        earlier workshop add --title "Courriel" --at "2026-03-16 10:00" --duration 60 --capacity 8 &&
        earlier workshop add --title "Tablette" --at "2026-03-12 10:00" --duration 60 --capacity 8 &&
        earlier workshop book 3 --name "Zoé Martin-Lefèvre" --phone "06 12 34 56 78" --email "zoe@example.org" &&
        earlier workshop book 1 --name "Marie Durand" --phone "07 55 55 55 55" &&
        earlier workshop book 2 --name "Jean Martin" --phone "06 11 11 11 11" &&
        earlier workshop book 3 --name "jean  MARTIN" --phone "06 22 22 22 22" &&
        earlier referral add --request caf --contact-name "zoe martin-lefevre" --contact-phone 0612345678 --consent &&
        earlier referral add --request caf --contact-phone "+33 6 12 34 56 78" --consent &&
        earlier referral add --request caf --contact-name "Paul Roux" --contact-phone 0699999999 --consent &&
        earlier appointment add --at "2026-03-17 10:00" --duration 30 --operator Camille \
            --name "Zoé Martin-Lefèvre" --phone "06 12 34 56 78" --request caf
}

# exports_folder: where the desk writes a person's export: beside the database file; on a
# server, in guichet's data folder here (README, "A network of libraries on PostgreSQL",
# Personal data), $XDG_DATA_HOME/guichet (short, so that the path fits the message line),
# made by the desk on the first export.
exports_folder() {
    if on_postgresql; then echo "$XDG_DATA_HOME/guichet"; else dirname "$DB"; fi
}

# desk: opens the desk on $DB, Camille at the desk, on home.
desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
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

test_find_open_book_export_erase() {
    new_db main || { not_ok "setting up"; return; }
    desk || { not_ok "the desk opens" "$(screen)"; return; }
    screen | grep -q 'P People'
    verdict "home lists P People" $? "$(screen)"

    # Find as you type: words in any order, accents and capitals ignored.
    keys P && wait_for "Name:" && wait_for "Nobody shown yet: type the name." &&
        keys "LEFEVRE zo" && wait_match '^> *1 +Zoé Martin-Lefèvre +06 12 34 56 78 +zoe@example.org' &&
        ! screen | grep -q 'Marie Durand'
    verdict "P finds as the name is typed: words in any order, accents and capitals ignored" $? "$(screen)"
    # Letters are typed, not actions: q, b, e, d and ? stay in the field.
    keys C-u "qbed?" && wait_for "Nobody of that name." && screen | grep -q 'qbed?' &&
        ! screen | grep -q '\[exit' && [ "$(q "SELECT count(*) FROM registration")" = 4 ]
    verdict "letters typed in the search are text (q, b, e, d, ?), not actions" $? "$(screen)"
    keys C-u "martin" && wait_match '^> *[0-9]+ +' &&
        [ "$(screen | grep -cE '^[> ] *[0-9]+ +(Zoé Martin-Lefèvre|jean  MARTIN|jean MARTIN|Jean Martin) ')" = 3 ]
    verdict "a word finds every name with a word starting so (three people named Martin…)" $? "$(screen)"

    # Open: registrations and referrals.
    keys C-u "zoé" && wait_match '^> *1 +Zoé' && keys Enter &&
        wait_for "Person No. 1: Zoé Martin-Lefèvre" && wait_for "Phone: 06 12 34 56 78 · E-mail: zoe@example.org" &&
        wait_match '^ +1 +12/03/2026 10:00 +Tablette +Booked' &&
        wait_for "Referrals in their name: 2" && wait_for "Appointments: 1" &&
        wait_match '^ +1 +17/03/2026 10:00 +RSA, prime.* +planned' &&
        [ "$(screen | grep -cE '10/03/2026 +RSA, prime')" = 2 ] && ! screen | grep -q 'Paul'
    verdict "Enter opens the person: their registrations, appointments, and the referrals in their name or with their phone and no name" $? "$(screen)"
    screen | grep -q 'b Book' && screen | grep -q 'e Export' && screen | grep -q 'd Erase' &&
        screen | grep -q 'm Merge'
    verdict "the key bar lists b, m, e and d" $? "$(screen)"

    # Book: planned workshops to come (not the past one); the full one gives the waitlist.
    keys b && wait_for "Book Zoé Martin-Lefèvre onto which workshop?" &&
        wait_match '^> +15/03/2026 14:00 +Smartphone +1 / 1' && screen | grep -q 'Courriel' &&
        ! screen | grep -q 'Tablette' && keys Enter &&
        wait_flat "Zoé Martin-Lefèvre is on the waitlist of Smartphone, 15/03/2026 14:00, position 1 (registration 5)." &&
        wait_match '^ +5 +15/03/2026 14:00 +Smartphone +Waitlisted \(1\)'
    local shown=$?
    [ "$shown" = 0 ] &&
        [ "$(q "SELECT participant_id || '|' || workshop_id || '|' || state FROM registration WHERE id = 5")" = "1|1|waitlisted" ] &&
        [ "$(q "SELECT count(*) FROM participant")" = 4 ]
    verdict "b, Enter on a full workshop: the waitlist with its position, on the person's own record" $? "$(screen)" \
        "$(q "SELECT * FROM registration")"
    keys b && wait_match '^> \* 15/03/2026 14:00 +Smartphone' && keys Down &&
        wait_match '^>   16/03/2026 10:00 +Courriel' && keys Enter &&
        wait_flat "Zoé Martin-Lefèvre has a seat at Courriel, 16/03/2026 10:00 (registration 6)." &&
        wait_for "Workshop registrations: 3" &&
        [ "$(q "SELECT participant_id || '|' || workshop_id || '|' || state FROM registration WHERE id = 6")" = "1|2|booked" ]
    verdict "b, Down, Enter books a seat; * marks the workshops they are registered for" $? "$(screen)"
    keys b && wait_for "onto which workshop?" && keys Escape && wait_for "Workshop registrations: 3" &&
        [ "$(q "SELECT count(*) FROM registration")" = 6 ]
    verdict "Esc leaves the workshop chooser without booking" $? "$(screen)"

    # Export: a new file beside the database (a server's: in the data folder), 0600, valid JSON
    # with their name.
    local exports; exports=$(exports_folder)
    local file="$exports/guichet-person-1-2026-03-14.json"
    keys e && wait_flat "Everything guichet holds about person 1 is in $file" &&
        [ -f "$file" ] && [ "$(stat -c %a "$file")" = 600 ] &&
        python3 - "$file" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["person"][0]["name"] == "Zoé Martin-Lefèvre", d["person"]
assert d["person"][0]["phone"] == "+33612345678"
assert len(d["registrations"]) == 3, d["registrations"]
assert len(d["referrals"]) == 2, d["referrals"]
EOF
    verdict "e writes their data as JSON beside the database, mode 0600, the path on the message line" $? \
        "$(screen)" "$(ls -l "$exports")" "$(head -c 600 "$file" 2>/dev/null)"
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'participant' AND entity_id = 1")" = 1 ]
    verdict "the export is in the audit log" $? "$(q "SELECT * FROM audit WHERE action = 'export'")"
    local sum; sum=$(md5sum <"$file")
    keys e && wait_flat "guichet-person-1-2026-03-14-2.json" && [ -f "$exports/guichet-person-1-2026-03-14-2.json" ] &&
        [ "$(md5sum <"$file")" = "$sum" ]
    verdict "a second export never writes over the first" $? "$(screen)" "$(ls -l "$exports")"

    # Erase: the question names the person; n keeps them, y erases them.
    keys d && wait_flat "Erase person 1, Zoé Martin-Lefèvre, everywhere guichet keeps them? This cannot be undone. (y/n)" &&
        keys n && wait_gone "(y/n)" &&
        [ "$(q "SELECT name || '|' || CASE WHEN erased_at IS NULL THEN 1 ELSE 0 END FROM participant WHERE id = 1")" = "Zoé Martin-Lefèvre|1" ]
    verdict "d asks, naming the person's number and name; n keeps them" $? "$(screen)"
    keys d && wait_for "(y/n)" && keys y && wait_flat "Person 1 erased: 1 record of theirs (name, phone, e-mail)." &&
        wait_for "Erased on 14/03/2026: no name, phone or e-mail is kept."
    shown=$?
    [ "$shown" = 0 ] &&
        [ "$(q "SELECT coalesce(name, '-') || '|' || coalesce(phone, '-') || '|' || coalesce(email, '-') || '|' || CASE WHEN erased_at IS NOT NULL THEN 1 ELSE 0 END FROM participant WHERE id = 1")" = "-|-|-|1" ] &&
        [ "$(q "SELECT id || ':' || coalesce(contact_name, '-') || ':' || coalesce(contact_phone, '-') FROM referral ORDER BY id")" = \
          $'1:-:-\n2:-:-\n3:Paul Roux:+33699999999' ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'erase' AND entity_id = 1")" -ge 1 ] &&
        ! screen | grep -q 'Zoé'
    verdict "y erases them: record, referral contacts, audited; the screen says so" $? "$(screen)" \
        "$(q "SELECT * FROM participant WHERE id = 1; SELECT id, contact_name, contact_phone FROM referral")"

    # Esc: the list, then home; opened again, the search is empty.
    keys Escape && wait_for "Name:" && wait_for "Nobody of that name." && keys Escape &&
        wait_for "Hello, Camille." && keys P && wait_for "Nobody shown yet: type the name." &&
        ! screen | grep -q 'zoé'
    verdict "Esc goes back to the list, then home; the screen opens again with an empty search" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

test_merge() {
    new_db merge || { not_ok "merge: setting up"; return; }
    desk || { not_ok "merge: the desk opens" "$(screen)"; return; }
    keys P && wait_for "Name:" && keys "jean" && wait_match '^> *4 +jean MARTIN' && keys Enter &&
        wait_for "Person No. 4: jean MARTIN" &&
        wait_for "1 other record has this name: m to join it if it is the same person."
    verdict "a person with another record of the same name is told so" $? "$(screen)"
    # Booked by number: their own record, not the other Jean Martin's, nor a new one.
    keys b && wait_match '^> +15/03/2026 14:00 +Smartphone' && keys Enter &&
        wait_flat "jean MARTIN is on the waitlist of Smartphone, 15/03/2026 14:00, position 1" &&
        [ "$(q "SELECT participant_id FROM registration WHERE workshop_id = 1 AND state = 'waitlisted'")" = 4 ] &&
        [ "$(q "SELECT count(*) FROM participant")" = 4 ]
    verdict "b books the person's own record, whatever other records share the name" $? "$(screen)" \
        "$(q "SELECT * FROM registration")"
    keys m && wait_for "Enter joins the chosen record into record 4" &&
        wait_match '^> *3 +Jean Martin +06 11 11 11 11' && keys Enter &&
        wait_for "Join record 3 into record 4, jean MARTIN? (y/n)" && keys y &&
        wait_flat "Record 3 joined into record 4. 1 registration moved." &&
        wait_for "Workshop registrations: 3"
    local shown=$?
    [ "$shown" = 0 ] && [ "$(q "SELECT count(*) FROM participant WHERE id IN (3, 4)")" = 1 ] &&
        [ "$(q "SELECT workshop_id FROM registration WHERE participant_id = 4 ORDER BY workshop_id")" = $'1\n2\n3' ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'merge' AND entity_id = 4 AND detail = 'from 3'")" = 1 ]
    verdict "m joins the other record into this one after confirmation (database checked)" $? "$(screen)" \
        "$(q "SELECT * FROM participant; SELECT * FROM registration")"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly after a merge" $? "$(screen)"
    stop
}

test_hostile_name() {
    new_db hostile || { not_ok "hostile: setting up"; return; }
    # Written by another tool: an escape sequence and a direction override in a stored name.
    local chr=char # the character of a code point: SQLite's char(), PostgreSQL's chr()
    on_postgresql && chr=chr
    q "UPDATE participant SET name = 'Marie' || $chr(27) || '[2J' || $chr(8238) || 'Durand', email = 'm' || $chr(7) || '@x.org' WHERE id = 2"
    desk || { not_ok "hostile: the desk opens" "$(screen)"; return; }
    keys P && wait_for "Name:" && keys "durand" && wait_match '^> *2 +Marie' &&
        screen | grep -qF 'Marie�[2JDurand' && screen | grep -qF 'm�@x.org' && wait_for "Name:" &&
        keys Enter && wait_for "Person No. 2: Marie�[2JDurand" && screen | grep -qF 'Marie�[2JDurand'
    verdict "stored control characters show inert (U+FFFD), overrides dropped, in the list and the person" $? "$(screen)"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

test_erase_pending() {
    file_engine_only "an erasure names a kept copy beside the database it cannot clean" || return
    new_db pending || { not_ok "pending: setting up"; return; }
    # A copy guichet keeps (a damaged database set aside by a restore) that cannot be changed.
    printf 'not a database, but Zoé Martin-Lefèvre 0612345678\n' >"$TMP/pending/person-damaged-2026-03-01-1000.db"
    desk || { not_ok "pending: the desk opens" "$(screen)"; return; }
    keys P && wait_for "Name:" && keys "zoe" && wait_match '^> *1 +Zoé' && keys Enter &&
        wait_for "Person No. 1: Zoé Martin-Lefèvre" && keys d && wait_for "(y/n)" && keys y &&
        wait_flat "Person 1 is not completely erased yet." &&
        wait_flat "person-damaged-2026-03-01-1000.db" && ! screen | tr '\n' ' ' | grep -q 'Person 1 erased'
    verdict "a copy that remains is said plainly, named, and the person is never called erased" $? "$(screen)"
    poll_db "SELECT (name IS NULL) || (erased_at IS NOT NULL) FROM participant WHERE id = 1" 11
    verdict "the database itself is erased all the same" $? "$(q "SELECT * FROM participant WHERE id = 1")"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

test_erase_waits_for_a_reader() {
    file_engine_only "an erasure waits for another process reading the database file" || return
    new_db reader || { not_ok "reader: setting up"; return; }
    desk || { not_ok "reader: the desk opens" "$(screen)"; return; }
    keys P && wait_for "Name:" && keys "zoe" && wait_match '^> *1 +Zoé' && keys Enter &&
        wait_for "Person No. 1: Zoé Martin-Lefèvre" || { not_ok "reader: the person opens" "$(screen)"; return; }
    start_reader "$DB"
    keys d && wait_for "(y/n)" && keys y && wait_flat "Waiting for another desk to finish reading:"
    verdict "while another desk reads, the erasure's wait shows on the message line" $? "$(screen)"
    touch "$TMP/release"
    wait "$READER"
    wait_flat "Person 1 erased: 1 record of theirs" && ! screen | grep -q 'not completely'
    verdict "once the reading ends, the erasure completes and says so" $? "$(screen)"
    keys q && wait_for "[exit 0]"
    verdict "the desk leaves cleanly" $? "$(screen)"
    stop
}

test_find_open_book_export_erase
test_merge
test_hostile_name
test_erase_pending
test_erase_waits_for_a_reader
stop
finish
