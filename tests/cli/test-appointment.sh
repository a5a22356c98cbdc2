#!/usr/bin/env bash
# Appointments (issue 20): booking one for a person with an operator at a site, refused with the
# next free slot when the operator is busy (another appointment, a workshop they lead) or the
# site closed (its opening hours), also by two desks booking one slot at once; the agenda in
# every format; moving, cancelling, a no-show, and the session an appointment kept becomes; the
# person's export and erasure. Runs on both engines (tests/lib.sh).
# Usage: tests/cli/test-appointment.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="appointments${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-16 09:00" HOME="$TMP/home"
DB="$TMP/a.db"
g() { "$GUICHET" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }

setup() {
    g log --theme email --duration 10 --operator Camille --site Centre >/dev/null &&
        g log --theme email --duration 10 --operator Karim --site Centre >/dev/null &&
        g site set Centre --hours "du lundi au vendredi 9h-12h, 14h-17h" >/dev/null &&
        g workshop add --title Courriel --at "2026-03-18 14:00" --duration 90 --capacity 6 \
            --site Centre --facilitator Camille >/dev/null
}

test_book() {
    run --db "$DB" appointment add --at "2026-03-17 10:00" --duration 30 --operator Camille \
        --name "Jean Dupont" --phone "06 12 34 56 78" --request caf --note "Courrier de la CAF"
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 1 ] &&
        [ "$(q "SELECT a.starts_at || '|' || a.duration_min || '|' || k.code || '|' || a.bring || '|' || a.status FROM appointment a JOIN request_kind k ON k.id = a.request_kind_id")" = \
          "2026-03-17 10:00|30|caf|Numéro allocataire, mot de passe CAF, RIB|planned" ] &&
        [ "$(q "SELECT p.name || '|' || p.phone || '|' || CASE WHEN p.consent_at IS NULL THEN 0 ELSE 1 END || '|' || p.last_activity_on FROM participant p")" = \
          "Jean Dupont|+33612345678|1|2026-03-17" ]
    verdict "add: the appointment, its request's what-to-bring, the person with their consent" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")" "$(q "SELECT * FROM appointment")"
    run --db "$DB" site list
    grep -q "Mo-Fr 09:00-12:00,14:00-17:00" "$TMP/out" || [ "$(q "SELECT opening_hours FROM site")" = "Mo-Fr 09:00-12:00,14:00-17:00" ]
    verdict "site set --hours in French: stored in OpenStreetMap's syntax" $? "$(q "SELECT name, opening_hours FROM site")"
}

refused_with() {
    local name=$1 part=$2
    shift 2
    local before; before=$(q "SELECT count(*) FROM appointment")
    run --db "$DB" appointment "$@"
    [ "$rc" = 2 ] && grep -qF -- "$part" "$TMP/err" && [ "$(q "SELECT count(*) FROM appointment")" = "$before" ]
    verdict "appointment refuses $name" $? "rc=$rc $(cat "$TMP/err")"
}

test_refusals() {
    refused_with "a time the operator has another appointment, naming the next free slot" \
        "the operator is not free then: the next free slot is 17/03/2026 10:30" \
        add --at "2026-03-17 10:15" --duration 20 --operator Camille --name "Marie Curie"
    refused_with "a time the operator leads a workshop" "the next free slot is 18/03/2026 15:30" \
        add --at "2026-03-18 15:00" --duration 30 --operator Camille --name "Marie Curie"
    refused_with "a time the site is closed, naming its next opening" \
        "the site is closed then (its opening hours): the next free slot is 17/03/2026 14:00" \
        add --at "2026-03-17 11:45" --duration 30 --operator Camille --name "Marie Curie"
    refused_with "a Saturday" "the next free slot is 23/03/2026 9:00" \
        add --at "2026-03-21 10:00" --duration 30 --operator Camille --name "Marie Curie"
    refused_with "a time past" "that time is past" \
        add --at "2026-03-16 08:00" --duration 30 --operator Camille --name "Marie Curie"
    refused_with "an operator nobody is called" 'no operator is called "Personne"' \
        add --at "2026-03-17 15:00" --duration 30 --operator Personne --name "Marie Curie"
    refused_with "a request the policy does not have" 'no request "nulle"' \
        add --at "2026-03-17 15:00" --duration 30 --operator Camille --name "Marie Curie" --request nulle
    refused_with "a missing name" "missing option: --name" \
        add --at "2026-03-17 15:00" --duration 30 --operator Camille
    refused_with "a duration of no minutes" "--duration" \
        add --at "2026-03-17 15:00" --duration 0 --operator Camille --name "Marie Curie"
    refused_with "an impossible date" "--at" \
        add --at "2026-02-30 15:00" --duration 30 --operator Camille --name "Marie Curie"
    # The other way round: a workshop over the facilitator's appointment.
    run --db "$DB" workshop add --title Tablette --at "2026-03-17 09:30" --duration 60 --capacity 4 --site Centre --facilitator Camille
    [ "$rc" = 2 ] && grep -q "the facilitator has appointment 1 then (17/03/2026 10:00)" "$TMP/err" &&
        [ "$(q "SELECT count(*) FROM workshop")" = 1 ]
    verdict "a workshop over its facilitator's appointment: refused, naming it" $? "rc=$rc $(cat "$TMP/err")"
    # Another operator is free at the same time.
    run --db "$DB" appointment add --at "2026-03-17 10:15" --duration 20 --operator Karim --name "Marie Curie"
    [ "$rc" = 0 ]
    verdict "another operator is free at that time" $? "rc=$rc $(cat "$TMP/err")"
}

# appointment free: an operator's free time, by the site's hours, their appointments and the
# workshops they lead, not before now; without hours, a working day.
test_free() {
    run --db "$DB" appointment free --operator Camille --from 2026-03-17 --days 2 --format csv
    [ "$rc" = 0 ] && [ "$(tr -d '\r' < "$TMP/out")" = "from,until
2026-03-17 09:00,2026-03-17 10:00
2026-03-17 10:30,2026-03-17 12:00
2026-03-17 14:00,2026-03-17 17:00
2026-03-18 09:00,2026-03-18 12:00
2026-03-18 15:30,2026-03-18 17:00" ]
    verdict "free: the opening hours less the operator's appointment and workshop" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    GUICHET_NOW="2026-03-17 10:40" run --db "$DB" appointment free --operator Camille --days 1 --duration 60 --format json
    [ "$rc" = 0 ] && python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
assert rows == [{"from": "2026-03-17 10:45", "until": "2026-03-17 12:00"},
                {"from": "2026-03-17 14:00", "until": "2026-03-17 17:00"}], rows' "$TMP/out"
    verdict "free from now on, for an hour: JSON" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" appointment free --operator Camille --from 2026-03-21 --days 2
    [ "$rc" = 0 ] && ! grep -q "2026" "$TMP/out"
    verdict "free: none at a weekend the site is closed" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" appointment free --operator Nobody
    [ "$rc" = 2 ] && grep -q 'no operator is called "Nobody"' "$TMP/err"
    verdict "free: an unknown operator refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment free --operator Camille --days 61
    [ "$rc" = 2 ] && grep -q -- "--days" "$TMP/err"
    verdict "free: more days than searched refused" $? "rc=$rc $(cat "$TMP/err")"
    local db="$TMP/free.db"
    "$GUICHET" --db "$db" log --theme email --duration 10 --operator Bob --site Nord >/dev/null
    run --db "$db" appointment free --operator Bob --from 2026-03-21 --days 2 --format csv
    [ "$rc" = 0 ] && [ "$(tr -d '\r' < "$TMP/out")" = "from,until
2026-03-21 09:00,2026-03-21 18:00" ]
    verdict "free: without opening hours, a working day from Monday to Saturday" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# The clocks going forward, and sites in other zones: appointments compared as the instants
# they are.
test_clocks() {
    local db="$TMP/clocks.db"
    "$GUICHET" --db "$db" log --theme email --duration 10 --operator Bob --site Paris >/dev/null &&
        "$GUICHET" --db "$db" site set Tahiti --zone Pacific/Tahiti >/dev/null ||
        { not_ok "setup of the clocks"; return; }
    run --db "$db" appointment add --at "2026-03-29 02:30" --duration 30 --operator Bob --name A
    [ "$rc" = 2 ] && grep -q "that time does not exist at the site (the clocks go forward): the next free slot is 29/03/2026 3:00" "$TMP/err"
    verdict "a time the clocks skip: refused, the next free slot one that exists" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$db" appointment add --at "2026-03-29 01:30" --duration 60 --operator Bob --name B >/dev/null
    run --db "$db" appointment add --at "2026-03-29 03:00" --duration 30 --operator Bob --name C
    [ "$rc" = 2 ] && grep -q "next free slot is 29/03/2026 3:30" "$TMP/err"
    verdict "an hour from 01:30 ends at 03:30 the night the clocks go forward" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$db" appointment add --site Paris --at "2026-12-10 10:00" --duration 30 --operator Bob --name P >/dev/null
    run --db "$db" appointment add --site Tahiti --at "2026-12-09 23:00" --duration 30 --operator Bob --name T
    [ "$rc" = 2 ] && grep -q "the operator is not free then" "$TMP/err"
    verdict "the same instant at a site eleven hours away: the operator is not free" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" appointment add --site Tahiti --at "2026-12-10 10:00" --duration 30 --operator Bob --name T
    [ "$rc" = 0 ]
    verdict "the same wall-clock time at that site, hours later: free" $? "rc=$rc $(cat "$TMP/err")"
}

# Two desks booking one slot at once: one has it, the other is told the next free slot.
test_two_desks() {
    local i
    for i in 1 2; do
        "$GUICHET" --db "$DB" appointment add --at "2026-03-19 09:00" --duration 30 --operator Camille \
            --name "Personne $i" >"$TMP/desk$i.out" 2>"$TMP/desk$i.err" &
    done
    local r1 r2
    wait %1; r1=$?
    wait %2; r2=$?
    [ "$(q "SELECT count(*) FROM appointment WHERE starts_at = '2026-03-19 09:00'")" = 1 ] &&
        { { [ "$r1$r2" = 02 ] && grep -q "next free slot is 19/03/2026 9:30" "$TMP/desk2.err"; } ||
          { [ "$r1$r2" = 20 ] && grep -q "next free slot is 19/03/2026 9:30" "$TMP/desk1.err"; }; }
    verdict "two desks booking one slot at once: one has it, the other is told the next free slot" $? \
        "rc=$r1/$r2 $(cat "$TMP/desk1.err" "$TMP/desk2.err")"
}

test_agenda() {
    run --db "$DB" appointment list --format csv
    [ "$rc" = 0 ] && [ "$(head -1 "$TMP/out" | tr -d '\r')" = "id,starts_at,duration_min,name,phone,request,request_label,bring,operator,site,status,session,note" ] &&
        python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
assert len(rows) == 3, rows
r = rows[0]
assert (r['id'], r['starts_at'], r['name'], r['request']) == ('1', '2026-03-17 10:00', 'Jean Dupont', 'caf'), r
assert r['phone'].replace('\u00a0', ' ').replace('\u202f', ' ') == '06 12 34 56 78', r" "$TMP/out"
    verdict "list --format csv: the planned appointments from today, with the person's phone" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" appointment list --operator Karim --format json
    [ "$rc" = 0 ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]['operator']=='Karim' and d[0]['status']=='planned', d" "$TMP/out"
    verdict "list --operator --format json: that operator's agenda" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" appointment list
    [ "$rc" = 0 ] && grep -q "06 12 34 56 78" "$TMP/out" && grep -q "Jean Dupont" "$TMP/out"
    verdict "list as a table: the phone the French way" $? "$(cat "$TMP/out")"
    run --db "$DB" appointment list --operator Personne
    [ "$rc" = 2 ]
    verdict "list --operator naming nobody: refused" $? "rc=$rc"
}

test_changes() {
    run --db "$DB" appointment move 1 --at "2026-03-17 10:10"
    [ "$rc" = 0 ] && [ "$(q "SELECT starts_at FROM appointment WHERE id = 1")" = "2026-03-17 10:10" ]
    verdict "move a little: its own old time is no conflict" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment move 1 --at "2026-03-19 09:15"
    [ "$rc" = 2 ] && grep -q "next free slot is 19/03/2026 9:30" "$TMP/err" &&
        [ "$(q "SELECT starts_at FROM appointment WHERE id = 1")" = "2026-03-17 10:10" ]
    verdict "move onto another appointment: refused with the next free slot, nothing changed" $? "rc=$rc $(cat "$TMP/err")"
    local karim; karim=$(q "SELECT id FROM appointment WHERE operator_id = (SELECT id FROM operator WHERE name = 'Karim')")
    run --db "$DB" appointment cancel "$karim"
    [ "$rc" = 0 ] && [ "$(q "SELECT status FROM appointment WHERE id = $karim")" = cancelled ]
    verdict "cancel" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment cancel "$karim"
    [ "$rc" = 2 ] && grep -q "is cancelled already" "$TMP/err"
    verdict "cancel twice: refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment missed 1
    [ "$rc" = 2 ] && grep -q "it is missed only once its time has come" "$TMP/err" &&
        [ "$(q "SELECT status FROM appointment WHERE id = 1")" = planned ]
    verdict "missed before its time: refused (a no-show said too early would count for good)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment missed 999
    [ "$rc" = 2 ] && grep -q "appointment 999 does not exist" "$TMP/err"
    verdict "an appointment that does not exist: refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment done 1
    [ "$rc" = 2 ]
    verdict "done before it happens: refused (a session is not logged in the future)" $? "rc=$rc $(cat "$TMP/err")"
    export GUICHET_NOW="2026-03-17 10:45"
    run --db "$DB" appointment done 1
    local session; session=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ -n "$session" ] &&
        [ "$(q "SELECT s.started_at || '|' || s.duration_min || '|' || t.theme || '|' || o.name || '|' || si.name FROM help_session s JOIN help_session_theme t ON t.session_id = s.id JOIN operator o ON o.id = s.operator_id JOIN site si ON si.id = s.site_id WHERE s.id = $session")" = \
          "2026-03-17 10:10|30|aide_aux_demarches_administratives|Camille|Centre" ] &&
        [ "$(q "SELECT status || '|' || session_id FROM appointment WHERE id = 1")" = "done|$session" ] &&
        [ -z "$(q "SELECT note FROM help_session WHERE id = $session")" ]
    verdict "done: the session it became (start, duration, the request's theme, operator, site; not its note)" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")" "$(q "SELECT * FROM help_session WHERE id = ${session:-0}")"
    local other; other=$(q "SELECT id FROM appointment WHERE starts_at = '2026-03-19 09:00'")
    export GUICHET_NOW="2026-03-19 10:00"
    run --db "$DB" appointment missed "$other"
    [ "$rc" = 0 ] && [ "$(q "SELECT status FROM appointment WHERE id = $other")" = missed ]
    verdict "missed: a no-show" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" appointment list --all --from 2026-03-01 --format csv
    [ "$(python3 -c "import csv,sys; print(' '.join(sorted(r['status'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')))))" "$TMP/out")" = "cancelled done missed" ]
    verdict "list --all: every status" $? "$(cat "$TMP/out")"
    run --db "$DB" report --from 2026-03-01 --to 2026-03-31 --format json
    [ "$rc" = 0 ] && python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))['totals']
assert (t['appointments_kept'], t['appointments_missed'], t['appointments_cancelled']) == (1, 1, 1), t" "$TMP/out"
    verdict "report: appointments kept, missed and cancelled in the period" $? "rc=$rc $(head -c 800 "$TMP/out") $(cat "$TMP/err")"
    run --db "$DB" report --from 2026-03-01 --to 2026-03-31 --operator Karim --format csv
    [ "$rc" = 0 ] && grep -q '^activities,appointments_cancelled,Appointments cancelled,1' "$TMP/out" &&
        grep -q '^activities,appointments_kept,Appointments kept,0' "$TMP/out"
    verdict "report --operator: that operator's appointments" $? "$(grep appointments "$TMP/out")"
    export GUICHET_NOW="2026-03-16 09:00"
}

# An operator's agenda as iCalendar, read by python3-icalendar: times in UTC from the site's
# zone, what each is for, the cancelled one CANCELLED, and never who comes.
test_ics() {
    run --db "$DB" appointment ics --operator Camille --from 2026-03-01 --all
    cp "$TMP/out" "$TMP/agenda.ics"
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/agenda.ics" <<'PY'
import sys, datetime
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = {str(e['UID']): e for e in cal.walk('VEVENT')}
assert len(events) == 2, events.keys()
first = [e for u, e in events.items() if u.endswith('-appointment-1@guichet')][0]
utc = datetime.timezone.utc
assert first['DTSTART'].dt == datetime.datetime(2026, 3, 17, 9, 10, tzinfo=utc), first['DTSTART'].dt
assert first['DTEND'].dt == datetime.datetime(2026, 3, 17, 9, 40, tzinfo=utc), first['DTEND'].dt
assert str(first['SUMMARY']).startswith('Appointment: RSA'), first['SUMMARY']
text = open(sys.argv[1], encoding='utf-8').read()
for name in ('Jean', 'Dupont', '+33612345678', '06 12', 'Personne 1'):
    assert name not in text, name
PY
    verdict "appointment ics: the operator's agenda in UTC, what each is for, nobody's name or phone" $? \
        "rc=$rc $(head -c 800 "$TMP/agenda.ics") $(cat "$TMP/err")"
    run --db "$DB" appointment ics
    [ "$rc" = 2 ] && grep -q -- "--operator" "$TMP/err"
    verdict "appointment ics without --operator: refused" $? "rc=$rc $(cat "$TMP/err")"
}

# The call list of the day before: the appointments with the person's phone, among the
# workshops' reminders.
test_calls() {
    GUICHET_NOW="2026-03-18 17:00" run --db "$DB" workshop calls --days 1 --format csv
    [ "$rc" = 0 ] && python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
apps = [r for r in rows if r['appointment']]
assert len(apps) == 1 and apps[0]['starts_at'] == '2026-03-19 09:00' and apps[0]['workshop'] == '' and apps[0]['title'] == 'Appointment', rows" "$TMP/out"
    verdict "workshop calls: tomorrow's appointment with the person, among the reminders" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_person() {
    run --db "$DB" appointment add --at "2026-03-24 14:00" --duration 30 --operator Camille \
        --name "Zoé Martin" --email zoe@example.org --note "Mme Martin rappelle lundi" --bring ""
    local id; id=$(cat "$TMP/out")
    local person; person=$(q "SELECT participant_id FROM appointment WHERE id = ${id:-0}")
    run --db "$DB" appointment add --at "2026-03-24 15:00" --duration 30 --operator Camille \
        --name "Paul Voisin" --bring "la lettre de Martin Zoé"
    local other; other=$(cat "$TMP/out")
    [ "$(q "SELECT count(*) FROM appointment WHERE id = $id AND bring IS NULL")" = 1 ]
    verdict "--bring \"\": nothing to bring" $? "$(q "SELECT bring FROM appointment WHERE id = ${id:-0}")"
    run --db "$DB" person export "$person" --format json
    [ "$rc" = 0 ] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
a = d['appointments']
assert len(a) == 2 and a[0]['note'] == 'Mme Martin rappelle lundi' and a[1]['bring'] == 'la lettre de Martin Zoé', a
assert any(e['entity'] == 'appointment' for e in d['audit']), d['audit']" "$TMP/out"
    verdict "person export: their appointments, those naming them, and the audit entries about them" $? "rc=$rc $(head -c 900 "$TMP/out") $(cat "$TMP/err")"
    run --db "$DB" person erase "$person"
    [ "$rc" = 0 ] && [ "$(q "SELECT status || '|' || coalesce(note, '-') FROM appointment WHERE id = $id")" = "cancelled|-" ] &&
        [ "$(q "SELECT bring FROM appointment WHERE id = $other")" = "la lettre de [effacé]" ] &&
        [ "$(q "SELECT count(*) FROM appointment a JOIN participant p ON p.id = a.participant_id WHERE p.name IS NOT NULL AND a.id = $id")" = 0 ]
    verdict "person erase: their planned appointment cancelled and its note gone, their name taken out of another's" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")" "$(q "SELECT id, status, note, bring FROM appointment")"
    # Retention: an appointment to come keeps a person whose record is old.
    "$GUICHET" --db "$DB" appointment add --at "2026-03-16 11:00" --duration 30 --operator Camille --name "Loin Devant" --phone 0611111111 >/dev/null
    GUICHET_NOW="2027-03-01 10:00" run --db "$DB" appointment add --at "2027-03-22 10:00" --duration 30 --operator Camille --name "Loin Devant" --phone 0611111111
    local far; far=$(cat "$TMP/out")
    GUICHET_NOW="2027-03-17 10:00" run --db "$DB" purge
    [ "$rc" = 0 ] && [ "$(q "SELECT a.status || '|' || p.name || '|' || substr(p.created_at, 1, 4) FROM appointment a JOIN participant p ON p.id = a.participant_id WHERE a.id = ${far:-0}")" = "planned|Loin Devant|2026" ]
    verdict "purge keeps a person with an appointment to come" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" check
    verdict "check: the database is sound" $? "$(cat "$TMP/out" "$TMP/err")"
}

# Putting right: an appointment marked by mistake planned again (a kept one's session deleted
# with it, which alone is refused); cancelling once the time has come refused; kept early on its
# day, at the time it was; two records of one person merged with their appointments; a
# cancelled workshop reopened over its facilitator's appointment refused; an erasure cancelling
# only what is to come, said; the calendar numbering each change; the site's hours shown and
# carried by copy-to.
test_mending() {
    local db="$TMP/m.db"
    mg() { "$GUICHET" --db "$db" "$@"; }
    mq() { sqlite3 "$db" "$1"; }
    mg log --theme email --duration 10 --operator Alice --site Nord --at "2026-03-16 08:00" >/dev/null &&
        mg site set Nord --hours "du lundi au samedi 9h-18h" >/dev/null || { not_ok "mending setup"; return; }
    export GUICHET_NOW="2026-03-16 09:00"
    local a1 a2 a3
    a1=$(mg appointment add --at "2026-03-16 10:00" --duration 30 --operator Alice --name "Jean Dupuis" --phone 0611111111 --request caf)
    a2=$(mg appointment add --at "2026-03-17 10:00" --duration 30 --operator Alice --name "Jean Dupuis" --phone 0622222222)
    a3=$(mg appointment add --at "2026-03-20 10:00" --duration 30 --operator Alice --name "Ana Roux")
    GUICHET_NOW="2026-03-16 09:40" run --db "$db" appointment done "$a1"
    local session; session=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(mq "SELECT started_at FROM help_session WHERE id = ${session:-0}")" = "2026-03-16 09:40" ]
    verdict "done early on its day: the session at the time the person came" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" session delete "$session"
    [ "$rc" = 2 ] && grep -q "is what appointment $a1 became" "$TMP/err"
    verdict "deleting the session a kept appointment became: refused, naming the appointment" $? "rc=$rc $(cat "$TMP/err")"
    GUICHET_NOW="2026-03-16 09:45" run --db "$db" appointment reopen "$a1"
    [ "$rc" = 0 ] && [ "$(mq "SELECT status FROM appointment WHERE id = $a1")" = planned ] &&
        [ "$(mq "SELECT count(*) FROM help_session_deleted WHERE session_id = $session")" = 1 ]
    verdict "reopen a kept appointment: planned again, its session deleted" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" session restore "$session"
    [ "$rc" = 2 ] && grep -q "is what appointment $a1 became, planned again since" "$TMP/err" &&
        [ "$(mq "SELECT count(*) FROM help_session_deleted WHERE session_id = $session")" = 1 ]
    verdict "restoring that session alone: refused (it would count beside the appointment's next)" $? "rc=$rc $(cat "$TMP/err")"
    GUICHET_NOW="2026-03-16 09:50" run --db "$db" appointment done "$a1"
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = "$session" ] &&
        [ "$(mq "SELECT count(*) FROM help_session_deleted WHERE session_id = $session")" = 0 ] &&
        [ "$(mq "SELECT count(*) FROM help_session WHERE started_at LIKE '2026-03-16%' AND id NOT IN (SELECT session_id FROM help_session_deleted)")" = 2 ]
    verdict "kept again: the same session back, one visit one session" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")" \
        "$(mq "SELECT id, started_at FROM help_session")"
    GUICHET_NOW="2026-03-16 09:55" mg appointment reopen "$a1" >/dev/null
    run --db "$db" appointment reopen "$a1"
    [ "$rc" = 2 ] && grep -q "is planned already" "$TMP/err"
    verdict "reopen a planned appointment: refused" $? "rc=$rc $(cat "$TMP/err")"
    GUICHET_NOW="2026-03-16 10:05" run --db "$db" appointment cancel "$a1"
    [ "$rc" = 2 ] && grep -q "its time has come" "$TMP/err"
    verdict "cancel once its time has come: refused (kept or missed)" $? "rc=$rc $(cat "$TMP/err")"
    GUICHET_NOW="2026-03-16 10:05" run --db "$db" appointment done "$a2" --theme email
    [ "$rc" = 2 ] && grep -q "it is kept on its day" "$TMP/err"
    verdict "done on a day before the appointment's: refused" $? "rc=$rc $(cat "$TMP/err")"
    mg appointment cancel "$a3" >/dev/null
    mg appointment add --at "2026-03-20 10:00" --duration 30 --operator Alice --name "Lou Blanc" >/dev/null
    run --db "$db" appointment reopen "$a3"
    [ "$rc" = 2 ] && grep -q "the next free slot is" "$TMP/err" && [ "$(mq "SELECT status FROM appointment WHERE id = $a3")" = cancelled ]
    verdict "reopen a cancelled appointment whose time was taken since: refused with the next free slot" $? "rc=$rc $(cat "$TMP/err")"
    # two records of one person (two phones): merged with their appointments
    local p1 p2
    p1=$(mq "SELECT participant_id FROM appointment WHERE id = $a1")
    p2=$(mq "SELECT participant_id FROM appointment WHERE id = $a2")
    run --db "$db" person merge "$p1" "$p2"
    [ "$rc" = 0 ] && [ "$p1" != "$p2" ] && [ "$(mq "SELECT count(*) FROM appointment WHERE participant_id = $p1")" = 2 ] &&
        grep -q "^1 appointment moved" "$TMP/out"
    verdict "person merge: the other record's appointments are the kept one's" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # a cancelled workshop reopened over its facilitator's appointment
    mg workshop add --title Tablette --at "2026-03-18 14:00" --duration 60 --capacity 5 --facilitator Alice --site Nord >/dev/null &&
        mg workshop cancel 1 >/dev/null &&
        mg appointment add --at "2026-03-18 14:30" --duration 30 --operator Alice --name "Zoé Noir" >/dev/null
    run --db "$db" workshop reopen 1
    [ "$rc" = 2 ] && grep -q "the facilitator has appointment" "$TMP/err" && [ "$(mq "SELECT status FROM workshop WHERE id = 1")" = cancelled ]
    verdict "workshop reopen over its facilitator's appointment: refused, naming it" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # erasure: the planned appointment to come cancelled and said; one gone by unmarked stays
    local past; past=$(mq "SELECT count(*) FROM appointment WHERE status = 'planned' AND starts_at < '2026-03-17 12:00'")
    export GUICHET_NOW="2026-03-17 12:00"
    mg appointment add --at "2026-03-19 09:00" --duration 30 --operator Alice --name "Jean Dupuis" --phone 0611111111 >/dev/null
    run --db "$db" report --from 2026-03-01 --to 2026-03-31 --format json
    local before; before=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['totals']; print(t['appointments_cancelled'])" "$TMP/out")
    run --db "$db" person erase "$p1"
    [ "$rc" = 0 ] && grep -q "1 planned appointment of theirs was cancelled" "$TMP/out" &&
        [ "$(mq "SELECT status FROM appointment WHERE starts_at = '2026-03-19 09:00'")" = cancelled ] &&
        [ "$(mq "SELECT count(*) FROM appointment WHERE status = 'planned' AND starts_at < '2026-03-17 12:00'")" = "$past" ] &&
        [ "$(mq "SELECT count(*) FROM audit WHERE entity = 'appointment' AND action = 'cancelled'")" -ge 1 ]
    verdict "person erase: their appointment to come cancelled, audited and said; those gone by as they were" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")" "$(mq "SELECT id, starts_at, status FROM appointment")"
    run --db "$db" report --from 2026-03-01 --to 2026-03-31 --format json
    [ "$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['totals']; print(t['appointments_cancelled'])" "$TMP/out")" = "$((before + 1))" ]
    verdict "the month's report: one more cancelled, the past unchanged" $? "before=$before $(head -c 600 "$TMP/out")"
    # the calendar numbers each change of an appointment
    local a4; a4=$(mg appointment add --at "2026-03-23 10:00" --duration 30 --operator Alice --name "Eva Gris")
    mg appointment move "$a4" --at "2026-03-23 11:00" >/dev/null && mg appointment cancel "$a4" >/dev/null
    run --db "$db" appointment ics --operator Alice --all
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/out" "$a4" <<'PY'
import sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
e = [e for e in cal.walk('VEVENT') if str(e['UID']).endswith('-appointment-%s@guichet' % sys.argv[2])][0]
assert int(e['SEQUENCE']) == 2 and str(e['STATUS']) == 'CANCELLED', (e.get('SEQUENCE'), e.get('STATUS'))
PY
    verdict "appointment ics: SEQUENCE raised by a move and a cancellation" $? "rc=$rc $(head -c 1500 "$TMP/out")"
    # moving: not once its time has come (a no-show is missed, not moved), nor to the same time
    # (nothing changes, not even its calendar SEQUENCE), nor more than a year ahead
    local a6; a6=$(mg appointment add --at "2026-03-18 10:00" --duration 30 --operator Alice --name "Ida Brun")
    local seq; seq=$(mq "SELECT sequence FROM appointment WHERE id = ${a6:-0}")
    run --db "$db" appointment move "$a6" --at "2026-03-18 10:00"
    [ "$rc" = 0 ] && [ "$(mq "SELECT sequence FROM appointment WHERE id = ${a6:-0}")" = "$seq" ]
    verdict "move to its own time: nothing changed, its SEQUENCE neither" $? "rc=$rc $(cat "$TMP/err")"
    GUICHET_NOW="2026-03-18 10:10" run --db "$db" appointment move "$a6" --at "2026-03-19 10:00"
    [ "$rc" = 2 ] && grep -q "its time has come" "$TMP/err" && [ "$(mq "SELECT starts_at FROM appointment WHERE id = ${a6:-0}")" = "2026-03-18 10:00" ]
    verdict "move once its time has come: refused (kept or missed, not moved)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" appointment move "$a6" --at "2027-06-01 10:00"
    [ "$rc" = 2 ] && grep -q "at most 366 days ahead" "$TMP/err"
    verdict "move more than a year ahead: refused (is the year right?)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" appointment add --at "9999-12-31 09:00" --duration 30 --operator Alice --name "Far"
    [ "$rc" = 2 ] && grep -q "at most 366 days ahead" "$TMP/err"
    verdict "add in year 9999: refused" $? "rc=$rc $(cat "$TMP/err")"
    # an operator of no particular site, in a network of two: the site must be named
    mg log --theme email --duration 10 --operator Bob --site Sud --at "2026-03-16 08:30" >/dev/null
    mg log --theme email --duration 10 --operator Zed --at "2026-03-16 08:30" >/dev/null
    run --db "$db" appointment add --at "2026-03-19 10:00" --duration 30 --operator Zed --name "Sans Site"
    [ "$rc" = 2 ] && grep -q "name the site" "$TMP/err"
    verdict "an operator of no site among several: the site asked for, nothing booked" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" appointment free --operator Zed --format json
    [ "$rc" = 2 ] && grep -q "name the site" "$TMP/err" && [ ! -s "$TMP/out" ]
    verdict "free for an operator of no site among several: the site asked for, nothing printed" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" appointment free --operator Alice --from 2030-01-01
    [ "$rc" = 2 ] && grep -q "at most 366 days ahead" "$TMP/err" && [ ! -s "$TMP/out" ]
    verdict "free from a day more than a year ahead: refused, as booking is" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" appointment free --operator Alice --from 2027-03-15 --days 10 --format csv
    [ "$rc" = 0 ] && ! grep -q "2027-03-19\|2027-03-2" "$TMP/out" && grep -q "2027-03-18" "$TMP/out"
    verdict "free up to the last day an appointment can be booked (366 days from today, the 17th)" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" appointment free --operator Alice --from 2026-03-23 --days 1 --duration 7 --format csv
    [ "$rc" = 0 ] && [ "$(tr -d '\r' < "$TMP/out")" = "from,until
2026-03-23 09:00,2026-03-23 17:52" ]
    verdict "free for 7 minutes: one period, not one per quarter hour" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # done without a request on a later day: the day said first, not the missing theme
    GUICHET_NOW="2026-03-17 09:00" run --db "$db" appointment done "$a6"
    [ "$rc" = 2 ] && grep -q "it is kept on its day" "$TMP/err"
    verdict "done a day early without a request: the day is what is said" $? "rc=$rc $(cat "$TMP/err")"
    # done when the request's policy line gives no theme: --theme named
    local a7; a7=$(mg appointment add --at "2026-03-17 14:00" --duration 30 --operator Alice --name "Ugo Noir" --request urgence_sociale)
    GUICHET_NOW="2026-03-17 14:40" run --db "$db" appointment done "$a7"
    [ "$rc" = 2 ] && grep -q "gives the session no theme.*--theme" "$TMP/err"
    verdict "done on a request without a theme: --theme asked for" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # done --duration alone: the request's theme still, that duration
    local a8; a8=$(mg appointment add --at "2026-03-17 15:00" --duration 30 --operator Alice --name "Eve Rose" --request caf)
    GUICHET_NOW="2026-03-17 15:30" run --db "$db" appointment done "$a8" --duration 20
    local s8; s8=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(mq "SELECT s.duration_min || '|' || t.theme FROM help_session s JOIN help_session_theme t ON t.session_id = s.id WHERE s.id = ${s8:-0}")" = "20|aide_aux_demarches_administratives" ]
    verdict "done --duration: that duration, the request's theme" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # help for one subcommand, and a command's --help: exit 0
    run appointment reopen --help
    [ "$rc" = 0 ] && grep -q "usage: guichet appointment reopen ID" "$TMP/out"
    verdict "COMMAND --help: its usage, exit 0" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run help appointment free
    [ "$rc" = 0 ] && grep -q -- "--operator NAME" "$TMP/out" && ! grep -q "appointment add" "$TMP/out"
    verdict "help GROUP SUBCOMMAND: that one's usage" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # a person's last activity follows their appointment moved, later or earlier
    local a5; a5=$(mg appointment add --at "2026-06-01 10:00" --duration 30 --operator Alice --name "Léo Vert")
    local leo; leo=$(mq "SELECT participant_id FROM appointment WHERE id = ${a5:-0}")
    mg appointment move "$a5" --at "2026-09-01 10:00" >/dev/null
    local later; later=$(mq "SELECT last_activity_on FROM participant WHERE id = ${leo:-0}")
    mg appointment move "$a5" --at "2026-04-01 10:00" >/dev/null
    [ "$later" = 2026-09-01 ] && [ "$(mq "SELECT last_activity_on FROM participant WHERE id = ${leo:-0}")" = 2026-04-01 ]
    verdict "move: the person's last activity the appointment's new day, later or earlier" $? \
        "later=$later $(mq "SELECT last_activity_on FROM participant WHERE id = ${leo:-0}")"
    # the site's opening hours shown, and carried by a site leaving
    run --db "$db" site list --format csv
    [ "$rc" = 0 ] && grep -q "Nord,.*Mo-Sa 09:00-18:00" "$TMP/out"
    verdict "site list: the opening hours as stored" $? "$(cat "$TMP/out")"
    local leave="$TMP/leave.db"
    run --db "$db" copy-to "$leave" --site Nord
    [ "$rc" = 0 ] && [ "$(file_sqlite3 "$leave" "SELECT opening_hours FROM site WHERE name = 'Nord'")" = "Mo-Sa 09:00-18:00" ]
    verdict "copy-to --site: the site's opening hours go with it" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    export GUICHET_NOW="2026-03-16 09:00"
}

setup || { not_ok "setup" "$(cat "$TMP/err" 2>/dev/null)"; finish; exit; }
test_book
test_refusals
test_free
test_clocks
test_two_desks
test_agenda
test_calls
test_changes
test_ics
test_person
test_mending
finish
