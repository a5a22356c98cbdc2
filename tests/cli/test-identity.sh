#!/usr/bin/env bash
# One person is one record (issue 14): a name, a phone and an e-mail typed in any of their usual
# forms find the same participant again, and a homonym who may be someone else is never guessed;
# a French phone number needs all its digits; phones are shown the French way (other countries'
# only with their country code apart) and kept in one form; person merge makes one record of two;
# migration 006 rewrites a database kept before.
# Usage: tests/cli/test-identity.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="identity${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DB="$TMP/i.db"
MIGRATIONS_DIR=$(dirname "$0")/../../data/migrations

q() { sqlite3 "$DB" "$1"; }
# hex_of EXPR: SQL giving EXPR's UTF-8 bytes in hexadecimal, as SQLite's hex() does.
hex_of() { if on_postgresql; then echo "upper(encode(convert_to($1, 'UTF8'), 'hex'))"; else echo "hex($1)"; fi; }
g() { "$GUICHET" --db "$DB" "$@"; }
# at TIME ARGS…: guichet as if it were TIME; its output in $TMP/out.
at() {
    local now=$1
    shift
    GUICHET_NOW="$now" "$GUICHET" --db "$DB" "$@" >"$TMP/out" 2>"$TMP/setup-err" ||
        { echo "setup failed: guichet $* ($(cat "$TMP/setup-err"))"; return 1; }
}
# new_workshop [CAPACITY]: plans a workshop next month and prints its number.
new_workshop() {
    g workshop add --title "Atelier" --at "2026-04-02 10:00" --duration 60 --capacity "${1:-10}"
}

# As bytes: the suite runs without a UTF-8 locale, where $'\u…' would not expand.
ZWSP=$'\xe2\x80\x8b'     # U+200B zero-width space
SHY=$'\xc2\xad'          # U+00AD soft hyphen
BOM=$'\xef\xbb\xbf'      # U+FEFF
NFC_ZOE=$'Zo\xc3\xa9'    # Zoé, precomposed
NFD_ZOE=$'Zoe\xcc\x81'   # Zoé, e and a combining acute

test_one_person() {
    local spelling n=0 w ok_all=0
    for spelling in "06 12 34 56 78" "0612345678" "06.12.34.56.78" "+33 6 12 34 56 78" "+33612345678" \
        "0033612345678" "+33 (0)6 12 34 56 78"; do
        w=$(new_workshop) && g workshop book "$w" --name "$NFC_ZOE Martin" --phone "$spelling" >/dev/null || ok_all=1
        n=$((n + 1))
    done
    [ "$ok_all" = 0 ] && [ "$(q "SELECT count(*) FROM participant")" = 1 ] &&
        [ "$(q "SELECT phone FROM participant")" = "+33612345678" ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE participant_id = 1")" = "$n" ]
    verdict "seven spellings of one phone number, +33 and 0033 included, make one participant" $? \
        "$(q "SELECT id, name, phone FROM participant")"

    w=$(new_workshop) && g workshop book "$w" --name "$NFD_ZOE MARTIN" --phone "06 12 34 56 78" >/dev/null
    [ "$(q "SELECT count(*) FROM participant")" = 1 ] &&
        [ "$(q "SELECT CASE WHEN name = '$NFC_ZOE Martin' THEN 1 ELSE 0 END FROM participant")" = 1 ]
    verdict "a decomposed (NFD) accent and capitals find her; the name stays in NFC" $? \
        "$(q "SELECT id, $(hex_of name) FROM participant")"

    w=$(new_workshop) && g workshop book "$w" --name "Zo${ZWSP}é Mar${SHY}tin" --phone "0612345678" >/dev/null &&
        w=$(new_workshop) && g workshop book "$w" --name "${BOM}Zoé   Martin " >/dev/null
    [ "$(q "SELECT count(*) FROM participant")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE name LIKE '%$ZWSP%' OR name LIKE '%$SHY%'")" = 0 ]
    verdict "a zero-width space, a soft hyphen, a byte order mark and extra spaces make nobody new" $? \
        "$(q "SELECT id, $(hex_of name) FROM participant")"

    w=$(new_workshop) && g workshop book "$w" --name "Zoé Martin" --phone "06 12 34 56 78" \
        --email " ZOE.Martin@EXAMPLE.org" >/dev/null &&
        w=$(new_workshop) && g workshop book "$w" --name "Zoé Martin" --email "zoe.martin@example.org" >/dev/null
    [ "$(q "SELECT count(*) FROM participant")" = 1 ] &&
        [ "$(q "SELECT email FROM participant")" = "zoe.martin@example.org" ]
    verdict "an e-mail in capitals is hers, kept in lower case, and finds her alone" $? \
        "$(q "SELECT id, name, phone, email FROM participant")"

    w=$(new_workshop) && g workshop book "$w" --name "Zoé Martin" --phone "07 11 22 33 44" \
        --email "autre.zoe@example.org" >/dev/null
    [ "$(q "SELECT count(*) FROM participant")" = 2 ] &&
        [ "$(q "SELECT phone FROM participant WHERE id = 2")" = "+33711223344" ]
    verdict "the same name with another phone and e-mail is another person" $? \
        "$(q "SELECT id, name, phone, email FROM participant")"

    w=$(new_workshop) && run --db "$DB" workshop book "$w" --name "${ZWSP}${SHY}" --phone "0612345678"
    [ "$rc" = 2 ] && grep -q 'only invisible characters' "$TMP/err" &&
        [ "$(q "SELECT count(*) FROM participant")" = 2 ]
    verdict "a name of invisible characters only is refused, nothing written" $? "rc=$rc $(cat "$TMP/err")"

    w=$(new_workshop) && g workshop book "$w" --name "Ti Malo" --phone "0692 12 34 56" >/dev/null
    [ "$(q "SELECT phone FROM participant WHERE name = 'Ti Malo'")" = "+262692123456" ]
    verdict "a Réunion mobile is kept under +262" $? "$(q "SELECT name, phone FROM participant")"
}

test_person_find() {
    run --db "$DB" person find "mar${ZWSP}tin"
    [ "$rc" = 0 ] && grep -Eq '^ +1 +Zoé Martin +06 12 34 56 78' "$TMP/out" &&
        grep -Eq '^ +2 +Zoé Martin +07 11 22 33 44' "$TMP/out"
    verdict "person find ignores an invisible character in the query; phones shown the French way" $? \
        "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" person find "zoe${SHY}" --format csv
    [ "$rc" = 0 ] && grep -q '^1,Zoé Martin,06 12 34 56 78,zoe.martin@example.org' "$TMP/out"
    verdict "person find in CSV shows the phone the French way" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" person find "malo" --format json
    [ "$rc" = 0 ] && grep -q '"phone": "+262692123456"' "$TMP/out"
    verdict "person find in JSON keeps the stored E.164 form" $? "$(cat "$TMP/out" "$TMP/err")"
}

test_display() {
    local w
    w=$(GUICHET_NOW="2026-03-17 10:00" g workshop add --title "Demain" --at "2026-03-18 10:00" --duration 60 \
        --capacity 5) && g workshop book "$w" --name "Zoé Martin" --phone "0612345678" >/dev/null &&
        g workshop book "$w" --name "Ti Malo" >/dev/null
    run --db "$DB" workshop calls
    [ "$rc" = 0 ] && grep -q 'Zoé Martin *06 12 34 56 78' "$TMP/out" && grep -q 'Ti Malo *06 92 12 34 56' "$TMP/out"
    verdict "the call list shows phones the French way, overseas ones in their 10 digits" $? "$(cat "$TMP/out")"
    run --db "$DB" workshop calls --format json
    [ "$rc" = 0 ] && grep -q '"phone": "+33612345678"' "$TMP/out"
    verdict "the call list in JSON keeps the stored form" $? "$(cat "$TMP/out")"
    run --db "$DB" workshop sheet "$w"
    [ "$rc" = 0 ] && grep -q 'Zoé Martin *06 12 34 56 78' "$TMP/out"
    verdict "the attendance sheet shows phones the French way" $? "$(cat "$TMP/out")"
    run --db "$DB" workshop sheet "$w" --format csv
    [ "$rc" = 0 ] && grep -q ',Zoé Martin,06 12 34 56 78,' "$TMP/out"
    verdict "the attendance sheet in CSV too" $? "$(cat "$TMP/out")"

    run --db "$DB" referral add --request caf --contact-name "Mme${ZWSP} Diallo" \
        --contact-phone "06.11.22.33.44" --consent
    local id; id=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(q "SELECT contact_name || '|' || contact_phone FROM referral WHERE id = $id")" = "Mme Diallo|+33611223344" ]
    verdict "a referral keeps its contact's name cleaned and phone canonical" $? \
        "rc=$rc $(cat "$TMP/err") $(q "SELECT $(hex_of contact_name), contact_phone FROM referral")"
    run --db "$DB" referral list --format csv
    [ "$rc" = 0 ] && grep -q ',Mme Diallo,06 11 22 33 44,' "$TMP/out"
    verdict "referral list shows the contact's phone the French way" $? "$(cat "$TMP/out")"
    run --db "$DB" referral list --format json
    [ "$rc" = 0 ] && grep -q '"contact_phone": "+33611223344"' "$TMP/out"
    verdict "referral list in JSON keeps the stored form" $? "$(cat "$TMP/out")"
}

# Two Zoé Martin with their own phones (the tester's case): a booking that could be either gets a
# record of its own, and neither is given contact details that may be someone else's.
test_homonyms() {
    local DB="$TMP/homonyms.db" w w2 zoe=$'Zo\xc3\xa9 Martin' lea=$'L\xc3\xa9a Roux'
    w=$(new_workshop) && g workshop book "$w" --name "$zoe" --phone 0612345678 >/dev/null &&
        g workshop book "$w" --name "$zoe" --phone 0698765432 >/dev/null
    [ "$(q "SELECT count(*) FROM participant")" = 2 ]
    verdict "homonyms: two phones, two records" $? "$(q "SELECT id, name, phone, email FROM participant")"

    run --db "$DB" workshop book "$w" --name "$zoe" --email z@x.fr
    [ "$rc" = 0 ] && [ "$(q "SELECT count(*) FROM participant")" = 3 ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE id IN (1, 2) AND email IS NULL")" = 2 ] &&
        [ "$(q "SELECT email FROM participant WHERE id = 3")" = "z@x.fr" ] &&
        [ "$(q "SELECT participant_id FROM registration WHERE workshop_id = $w ORDER BY id DESC LIMIT 1")" = 3 ]
    verdict "homonyms: an e-mail neither has makes a new record; neither Zoé is given it" $? \
        "rc=$rc $(cat "$TMP/err") $(q "SELECT id, name, phone, email FROM participant")"

    run --db "$DB" workshop book "$w" --name "$zoe"
    [ "$rc" = 0 ] && [ "$(q "SELECT count(*) FROM participant")" = 4 ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE workshop_id = $w AND state = 'booked'")" = 4 ]
    verdict "homonyms: a name alone is booked as someone new, not refused as already registered" $? \
        "rc=$rc $(cat "$TMP/err") $(q "SELECT id, name, phone, email FROM participant")"

    w2=$(new_workshop) && g workshop book "$w2" --name "ZOE MARTIN" --phone "+33 6 12 34 56 78" >/dev/null &&
        g workshop book "$w2" --name "$zoe" --email " Z@X.FR" >/dev/null &&
        g workshop book "$w2" --name "zoé martin" --phone "06 98 76 54 32" >/dev/null
    [ "$(q "SELECT group_concat(CAST(participant_id AS TEXT)) FROM (SELECT participant_id FROM registration WHERE workshop_id = $w2 ORDER BY id) AS r")" = "1,3,2" ] &&
        [ "$(q "SELECT count(*) FROM participant")" = 4 ]
    verdict "homonyms: the same phone or e-mail finds its own record" $? \
        "$(q "SELECT id, participant_id FROM registration WHERE workshop_id = $w2")"

    w=$(new_workshop) && g workshop book "$w" --name "$lea" --phone "06 11 11 11 11" >/dev/null &&
        w=$(new_workshop) && g workshop book "$w" --name "LEA ROUX" --email "lea@x.fr" >/dev/null &&
        w=$(new_workshop) && g workshop book "$w" --name "$lea" >/dev/null
    [ "$(q "SELECT count(*) || '|' || max(phone) || '|' || max(email) FROM participant WHERE name_fold = 'lea roux'")" = \
        "1|+33611111111|lea@x.fr" ]
    verdict "the only record of a name that nothing conflicts with is hers, and takes her e-mail" $? \
        "$(q "SELECT id, name, phone, email FROM participant WHERE name_fold = 'lea roux'")"
}

# A French number needs all its digits: "+33 1 23" is nobody's and is refused, not kept as +33123.
test_phone_checks() {
    local DB="$TMP/phones.db" w bad before all_ok=0 detail=""
    w=$(new_workshop 30)
    for bad in "+33 1 23" "+33123" "06 12 34 56 7" "+33 6 12 34 56 789" "0033 1 23" "+262 692 12 34 5" \
        "+590 12" "+594 694 12 34 56 78" "+596 1234" "+508 41 12 3" "0123" "+0612345678"; do
        run --db "$DB" workshop book "$w" --name "Paul Durand" --phone "$bad"
        if [ "$rc" != 2 ] || ! grep -qF -- "--phone: \"$bad\" is not a phone number" "$TMP/err" ||
            [ "$(q "SELECT count(*) FROM participant")" != 0 ]; then
            all_ok=1
            detail+="[$bad] rc=$rc $(cat "$TMP/err") "
        fi
    done
    [ "$all_ok" = 0 ]
    verdict "a French or overseas number without all its digits is refused (exit 2, --phone named), nothing written" $? "$detail"

    run --db "$DB" referral add --request caf --contact-name "Mme Diallo" --contact-phone "+33 1 23" --consent
    [ "$rc" = 2 ] && grep -qF -- '--contact-phone: "+33 1 23" is not a phone number' "$TMP/err" &&
        [ "$(q "SELECT count(*) FROM referral")" = 0 ]
    verdict "a referral's contact phone is checked the same way" $? "rc=$rc $(cat "$TMP/err")"

    all_ok=0 detail=""
    local typed stored n=0
    while IFS='|' read -r typed stored; do
        n=$((n + 1))
        w=$(new_workshop) && run --db "$DB" workshop book "$w" --name "Personne $n" --phone "$typed"
        if [ "$rc" != 0 ] || [ "$(q "SELECT phone FROM participant WHERE name = 'Personne $n'")" != "$stored" ]; then
            all_ok=1
            detail+="[$typed] rc=$rc $(cat "$TMP/err") $(q "SELECT phone FROM participant WHERE name = 'Personne $n'") "
        fi
    done <<'EOF2'
3949|3949
39 49|3949
+49 30 1234567|+49301234567
0049 30 1234567|+49301234567
+1 (202) 555-0123|+12025550123
+508 41 12 34|+508411234
+262 0692 12 34 56|+262692123456
+33 (0)1 23 45 67 89|+33123456789
EOF2
    [ "$all_ok" = 0 ]
    verdict "short numbers, foreign numbers (4 to 15 digits) and whole French ones are accepted" $? "$detail"
}

# Another country's groups depend on area codes guichet does not know: its numbers are never given
# the French groups (+49 301 23 45 67), only their country code apart.
test_foreign_display() {
    local DB="$TMP/foreign.db" w
    w=$(g workshop add --title "Demain" --at "2026-03-18 10:00" --duration 60 --capacity 5) &&
        g workshop book "$w" --name "Hans Weber" --phone "+49 30 1234567" >/dev/null &&
        g workshop book "$w" --name "Ann Lee" --phone "+44 20 7946 0958" >/dev/null &&
        g workshop book "$w" --name "Ti Malo" --phone "0692 12 34 56" >/dev/null
    run --db "$DB" workshop calls
    [ "$rc" = 0 ] && grep -q 'Hans Weber *+49 301234567' "$TMP/out" &&
        grep -q 'Ann Lee *+44 2079460958' "$TMP/out" && grep -q 'Ti Malo *06 92 12 34 56' "$TMP/out" &&
        ! grep -q '+49 301 23' "$TMP/out"
    verdict "a foreign number is shown with only its country code apart, never in French groups" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" person find weber
    [ "$rc" = 0 ] && grep -Eq '^ +[0-9]+ +Hans Weber +\+49 301234567' "$TMP/out"
    verdict "person find shows a foreign number the same way" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" workshop sheet "$w" --format csv
    # (CSV makes a cell starting with + inert for spreadsheets.)
    [ "$rc" = 0 ] && grep -qF ",Hans Weber,\"'+49 301234567\"," "$TMP/out"
    verdict "the attendance sheet too" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" workshop calls --format json
    [ "$rc" = 0 ] && grep -q '"phone": "+49301234567"' "$TMP/out"
    verdict "JSON keeps the stored E.164 form" $? "$(cat "$TMP/out")"
    # What is shown is typed back: the same person.
    w=$(new_workshop) && run --db "$DB" workshop book "$w" --name "Hans Weber" --phone "+49 301234567"
    [ "$rc" = 0 ] && [ "$(q "SELECT count(*) FROM participant WHERE name = 'Hans Weber'")" = 1 ]
    verdict "a foreign number typed as shown finds the same person" $? "rc=$rc $(cat "$TMP/err")"
}

# Jean Dupont was entered twice (two phones). Workshop A (2 seats): both records booked, Claire
# waits; workshop B: only the second record; workshop C, held: the first absent, the second there.
setup_merge() {
    local ids
    at "2026-03-17 10:00" workshop add --title "A" --at "2026-04-10 10:00" --duration 60 --capacity 2 && WA=$(cat "$TMP/out") &&
        at "2026-03-17 10:00" workshop add --title "B" --at "2026-04-11 10:00" --duration 60 --capacity 5 && WB=$(cat "$TMP/out") &&
        at "2026-03-17 10:00" workshop add --title "C" --at "2026-03-18 10:00" --duration 60 --capacity 5 && WC=$(cat "$TMP/out") &&
        at "2026-03-17 10:01" workshop book "$WA" --name "Jean Dupont" --phone "06 00 00 00 01" && RA1=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-17 10:02" workshop book "$WA" --name "Jean Dupont" --phone "06 00 00 00 02" --email "jean@example.org" &&
        RA2=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-17 10:03" workshop book "$WA" --name "Claire Petit" --phone "06 00 00 00 03" && RC=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-17 10:04" workshop book "$WB" --name "Jean Dupont" --phone "06 00 00 00 02" && RB=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-17 10:05" workshop book "$WC" --name "Jean Dupont" --phone "06 00 00 00 01" && RC1=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-17 10:06" workshop book "$WC" --name "Jean Dupont" --phone "06 00 00 00 02" && RC2=$(cut -d' ' -f1 "$TMP/out") &&
        at "2026-03-18 11:00" workshop attend "$WC" --present "$RC2" --absent "$RC1" || return 1
    ids=$(q "SELECT group_concat(CAST(id AS TEXT)) FROM (SELECT id FROM participant WHERE name = 'Jean Dupont' ORDER BY id) AS p")
    KEEP=${ids%,*}
    OTHER=${ids#*,}
    [ "$KEEP" != "$OTHER" ] && [ -n "$KEEP" ] && [ "$(q "SELECT state FROM registration WHERE id = $RC")" = waitlisted ]
}

test_merge() {
    setup_merge || { not_ok "merge: setting up" "$(cat "$TMP/setup-err")"; return; }
    local audit_before; audit_before=$(q "SELECT count(*) FROM audit WHERE action = 'merge'")

    run --db "$DB" person merge "$KEEP" "$KEEP"
    [ "$rc" = 2 ] && grep -q "same record twice" "$TMP/err"
    verdict "merging a person with itself is refused (exit 2)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" person merge "$KEEP" 9999
    [ "$rc" = 2 ] && grep -q "person 9999 does not exist" "$TMP/err"
    verdict "merging a person who does not exist is refused (exit 2)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" person merge "$KEEP"
    [ "$rc" = 2 ] && grep -q "expected two person numbers" "$TMP/err"
    verdict "person merge needs two numbers" $? "rc=$rc $(cat "$TMP/err")"
    # An erased record (as the erasure leaves one).
    q "INSERT INTO participant (name, name_fold, phone, email, erased_at, created_at)
       VALUES (NULL, NULL, NULL, NULL, '2026-03-01T10:00:00Z', '2025-01-01T10:00:00Z')"
    local erased; erased=$(q "SELECT max(id) FROM participant")
    run --db "$DB" person merge "$KEEP" "$erased"
    [ "$rc" = 2 ] && grep -q "person $erased was erased" "$TMP/err"
    verdict "merging an erased person is refused (exit 2)" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" person merge "$erased" "$KEEP"
    [ "$rc" = 2 ] && grep -q "person $erased was erased" "$TMP/err" &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'merge'")" = "$audit_before" ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE name = 'Jean Dupont'")" = 2 ]
    verdict "nothing is written when a merge is refused" $? "rc=$rc $(cat "$TMP/err")"

    run --db "$DB" person merge "$KEEP" "$OTHER"
    [ "$rc" = 0 ] && grep -q "Person $OTHER merged into person $KEEP\." "$TMP/out" &&
        grep -q "^2 registrations moved\.$" "$TMP/out" && grep -q "^2 registrations removed" "$TMP/out" &&
        grep -q "Person $KEEP now has the e-mail address person $OTHER had\." "$TMP/out" &&
        ! grep -q "phone number person" "$TMP/out"
    verdict "person merge says what it did" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    grep -q "Registration $RC (Claire Petit) now has a seat: call 06 00 00 00 03" "$TMP/out" &&
        [ "$(q "SELECT state FROM registration WHERE id = $RC")" = booked ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'promote' AND entity_id = $RC")" = 1 ]
    verdict "a seat freed by the merge goes to the first person waiting, who is to be called" $? \
        "$(cat "$TMP/out") $(q "SELECT id, state FROM registration WHERE workshop_id = $WA")"
    [ "$(q "SELECT count(*) FROM participant WHERE id = $OTHER")" = 0 ] &&
        [ "$(q "SELECT count(*) FROM participant_search WHERE rowid = $OTHER")" = 0 ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE participant_id = $OTHER")" = 0 ] &&
        [ "$(q "SELECT participant_id || ',' || state FROM registration WHERE id = $RA1")" = "$KEEP,booked" ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE id = $RA2")" = 0 ] &&
        [ "$(q "SELECT participant_id FROM registration WHERE id = $RB")" = "$KEEP" ] &&
        [ "$(q "SELECT participant_id || ',' || state FROM registration WHERE id = $RC2")" = "$KEEP,attended" ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE id = $RC1")" = 0 ]
    verdict "registrations move; of two for one workshop the booked (on a tie, KEEP's) and the attended stay" $? \
        "$(q "SELECT id, workshop_id, participant_id, state FROM registration")"
    [ "$(q "SELECT phone || '|' || email FROM participant WHERE id = $KEEP")" = "+33600000001|jean@example.org" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'merge' AND entity = 'participant' AND entity_id = $KEEP AND detail = 'from $OTHER'")" = 1 ]
    verdict "KEEP keeps its phone, takes the e-mail it lacked; the merge is audited" $? \
        "$(q "SELECT * FROM participant WHERE id = $KEEP") $(q "SELECT * FROM audit WHERE action = 'merge'")"
    g check >/dev/null
    verdict "the database is sound after a merge" $? "$(g check 2>&1)"
    run --db "$DB" person merge "$KEEP" "$OTHER"
    [ "$rc" = 2 ] && grep -q "person $OTHER does not exist" "$TMP/err"
    verdict "a merged record no longer exists" $? "rc=$rc $(cat "$TMP/err")"
}

# A database kept by guichet before migration 006 (schema 5): built from migrations 001 to 005
# with the sqlite3 shell, holding names, phones and e-mails as they used to be kept.
test_migration() {
    file_engine_only "an older SQLite file migrated" || return
    local old="$TMP/old.db"
    schema_5_database "$old" 2>"$TMP/why" || { not_ok "migration: building schema 5" "$(cat "$TMP/why")"; return; }
    sqlite3 "$old" "
        INSERT INTO workshop (uid, title, starts_at, duration_min, capacity, created_at, updated_at)
            VALUES ('w1@guichet', 'Atelier', '2026-04-02 10:00', 60, 5, '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z');
        INSERT INTO participant (id, name, name_fold, phone, email, consent_at, last_activity_on, created_at) VALUES
            (1, 'Zoe' || char(0x301) || ' Mar' || char(0x200b) || 'tin', 'zoe mar' || char(0x200b) || 'tin',
             '06.12.34.56.78', ' ZOE@Example.ORG', '2026-01-01T10:00:00Z', '2026-01-01', '2026-01-01T10:00:00Z'),
            (2, 'Paul' || char(0xa0, 0xa0) || 'Durand', 'paul  durand', 'appelez-moi', NULL, NULL, '2026-01-01', '2026-01-01T10:00:00Z'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T10:00:00Z'),
            (4, 'Léa Roux', 'lea roux', '+33 6 99 99 99 99', NULL, '2026-01-01T10:00:00Z', '2026-01-01', '2026-01-01T10:00:00Z'),
            (5, 'Léa Roux', 'lea roux', NULL, NULL, NULL, '2026-01-02', '2026-01-02T10:00:00Z');
        UPDATE participant SET erased_at = '2026-02-01T10:00:00Z' WHERE id = 3;
        INSERT INTO participant_search (rowid, name_folded) VALUES (1, 'zoe mar' || char(0x200b) || 'tin'),
            (2, 'paul  durand'), (4, 'lea roux'), (5, 'lea roux');
        INSERT INTO referral (referred_at, method, contact_name, contact_phone, consent_at, created_at, updated_at)
            VALUES ('2026-01-05 10:00', 'information', 'Mme' || char(0x200b) || ' Diallo', '06 11 22 33 44',
                    '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z');" ||
        { not_ok "migration: an old database" "sqlite3 failed"; return; }
    local n; n=$(ls "$MIGRATIONS_DIR" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1) # the highest number
    run --db "$old" person find "martin"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "PRAGMA user_version")" = "$n" ] &&
        grep -Eq '^ +1 +Zoé Martin +06 12 34 56 78' "$TMP/out"
    verdict "migration 006 runs on a schema-5 database; the rewritten name is found" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    [ "$(sqlite3 "$old" "SELECT name || '|' || name_fold || '|' || phone || '|' || email FROM participant WHERE id = 1")" = \
        "Zoé Martin|zoe martin|+33612345678|zoe@example.org" ] &&
        [ "$(sqlite3 "$old" "SELECT name || '|' || name_fold || '|' || phone FROM participant WHERE id = 2")" = \
            "Paul Durand|paul durand|appelez-moi" ] &&
        [ "$(sqlite3 "$old" "SELECT phone FROM participant WHERE id = 4")" = "+33699999999" ] &&
        [ "$(sqlite3 "$old" "SELECT contact_name || '|' || contact_phone FROM referral")" = "Mme Diallo|+33611223344" ]
    verdict "names, folded names, phones, e-mails and referral contacts are rewritten; what is no phone stays" $? \
        "$(sqlite3 "$old" "SELECT id, hex(name), name_fold, phone, email FROM participant; SELECT * FROM referral")"
    [ "$(sqlite3 "$old" "SELECT group_concat(rowid || ':' || name_folded, ' ') FROM (SELECT rowid, name_folded FROM participant_search ORDER BY rowid)")" = \
        "1:zoe martin 2:paul durand 4:lea roux 5:lea roux" ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM participant WHERE name = 'Léa Roux'")" = 2 ]
    verdict "the search index is rebuilt without erased people; look-alike records are not merged" $? \
        "$(sqlite3 "$old" "SELECT rowid, name_folded FROM participant_search")"
    # Léa Roux twice: the newer record has no phone, the older has hers. Her phone finds the older.
    run --db "$old" workshop book 1 --name "Léa Roux" --phone "06 99 99 99 99"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "SELECT participant_id FROM registration")" = 4 ]
    verdict "a booking prefers the record with the same phone to one without any" $? \
        "rc=$rc $(cat "$TMP/err") $(sqlite3 "$old" "SELECT * FROM registration")"
    "$GUICHET" --db "$old" check >/dev/null
    verdict "the migrated database is sound" $? "$("$GUICHET" --db "$old" check 2>&1)"
}

test_one_person
test_person_find
test_display
test_homonyms
test_phone_checks
test_foreign_display
test_merge
test_migration
finish
