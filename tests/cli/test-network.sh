#!/usr/bin/env bash
# A network of libraries on PostgreSQL (issue 19): copy-to in both directions, checked against
# the reports and rows of the source; what copy-to refuses; numbers never given twice by desks
# writing at once; a server restarted between commands; a database of an older guichet brought
# up to date; a person's data exported and erased on a server (against its copy in a file), and
# erasures at once.
# Needs the test cluster of tests/pg-cluster.sh (make check starts it): GUICHET_TEST_PG.
# Usage: tests/cli/test-network.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="a network on PostgreSQL${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB PGPASSWORD PGSERVICE
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
mkdir -p "$HOME"

if [ -z "${GUICHET_TEST_PG:-}" ]; then
    not_ok "a test cluster: GUICHET_TEST_PG names it (make check starts one)"
    finish
    exit
fi
ADMIN=$GUICHET_TEST_PG
HOST=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$ADMIN")
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql "$ADMIN" -v ON_ERROR_STOP=1 -qAtc "$1"; }
PREFIX="net_$$"
trap 'for d in $(psql "$ADMIN" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE '"'"'${PREFIX}%'"'"'"); do psql_admin "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done; rm -rf "$TMP"' EXIT

# server NAME: a new, empty database on the cluster; its connection string.
server() {
    psql_admin "CREATE DATABASE ${PREFIX}_$1" >/dev/null
    printf 'host=%s user=postgres dbname=%s_%s' "$HOST" "$PREFIX" "$1"
}

# The tables copy-to copies (src/store/copy.c), their rows compared one by one on both sides.
TABLES="setting site operator partner request_kind help_session help_session_theme
help_session_demarche help_session_material help_session_deleted workshop_series workshop
workshop_theme participant registration referral appointment audit erasure erasure_mark participant_search"

# rows_of DB TABLE: the table's rows, sorted, as text (a file's or a server's).
rows_of() {
    local order="1"
    [ "$2" = participant_search ] && order="rowid"
    local sql="SELECT * FROM $2 ORDER BY $order"
    [ "$2" = participant_search ] && sql="SELECT rowid, name_folded FROM participant_search ORDER BY rowid"
    [ "$2" = setting ] && sql="SELECT key, value FROM setting WHERE key NOT IN ('vocab_hash') ORDER BY key"
    [ "$2" = audit ] && sql="SELECT * FROM audit WHERE action <> 'copy' ORDER BY 1"
    if [[ $1 == *=* ]]; then
        psql "$1" -XqAt -F'|' -c "$sql"
    else
        command sqlite3 "$1" "$sql"
    fi | LC_ALL=C sort
}

# same_data A B: every copied table holds the same rows on both.
same_data() {
    local t
    for t in $TABLES; do
        if ! cmp -s <(rows_of "$1" "$t") <(rows_of "$2" "$t"); then
            echo "table $t differs: $(rows_of "$1" "$t" | wc -l) rows, $(rows_of "$2" "$t" | wc -l) rows"
            return 1
        fi
    done
}

# same_reports A B: the year's report (every figure, CSV) and the history are the same.
same_reports() {
    "$GUICHET" --db "$1" report --from 2020-01-01 --to 2026-12-31 --format csv >"$TMP/report.0" &&
        "$GUICHET" --db "$2" report --from 2020-01-01 --to 2026-12-31 --format csv >"$TMP/report.1" || return 1
    cmp -s "$TMP/report.0" "$TMP/report.1" || { diff "$TMP/report.0" "$TMP/report.1" | head -5; return 1; }
    "$GUICHET" --db "$1" sessions --format csv >"$TMP/s.0" && "$GUICHET" --db "$2" sessions --format csv >"$TMP/s.1" &&
        cmp -s "$TMP/s.0" "$TMP/s.1"
}

test_copy_round_trip() {
    local file="$TMP/library.db" net back="$TMP/back.db"
    net=$(server round)
    "$GUICHET" --db "$file" demo --sessions 1500 --seed 11 >/dev/null &&
        "$GUICHET" --db "$file" session delete 7 >/dev/null &&
        "$GUICHET" --db "$file" log --theme email --duration 15 --note "Mme Dupont, carte grise" >/dev/null
    run --db "$file" copy-to "$net"
    local why; why=$(same_data "$file" "$net")
    [ "$rc" = 0 ] && grep -q "written and checked" "$TMP/out" && grep -q "help_session: 1,501 rows" "$TMP/out" &&
        [ -z "$why" ] && same_reports "$file" "$net" && "$GUICHET" --db "$net" check >/dev/null
    verdict "a library's file onto the network's server: every row, report and listing the same, sound" $? \
        "rc=$rc $(tail -3 "$TMP/err")" "$why"
    # The numbers go on from the copy's: the next session and partner take new ones.
    run --db "$net" log --theme email --duration 10
    local next=$(cat "$TMP/out")
    run --db "$net" partner add --name "Épicerie solidaire" --category aide_sociale
    [ "$next" = 1502 ] && [ "$rc" = 0 ]
    verdict "after a copy, the server gives the next numbers, never one taken" $? "session: $next, partner: rc=$rc $(cat "$TMP/err")"
    run --db "$net" copy-to "$back"
    why=$(same_data "$net" "$back")
    [ "$rc" = 0 ] && [ -z "$why" ] && same_reports "$net" "$back" && [ "$(stat -c %a "$back")" = 600 ] &&
        "$GUICHET" --db "$back" check >/dev/null
    verdict "the server's database out to a file: the same rows and reports, private, sound" $? "rc=$rc $(cat "$TMP/err")" "$why"
    run --db "$net" backup "$TMP/portable.db"
    [ "$rc" = 0 ] && [ -z "$(same_data "$net" "$TMP/portable.db")" ] && "$GUICHET" --db "$TMP/portable.db" check >/dev/null
    verdict "backup FILE of a server's database: a portable SQLite copy, sound" $? "rc=$rc $(cat "$TMP/err")"
}

test_copy_refusals() {
    local full="$TMP/full.db" net
    net=$(server refusals)
    "$GUICHET" --db "$full" log --theme email --duration 15 >/dev/null
    "$GUICHET" --db "$net" log --theme sante --duration 20 >/dev/null
    local before; before=$(psql "$net" -qAtc "SELECT count(*) FROM help_session")
    run --db "$full" copy-to "$net"
    [ "$rc" = 1 ] && grep -q "already holds data" "$TMP/err" && grep -q "nothing was written" "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = "$before" ]
    verdict "copy-to a database that holds data: refused, nothing written" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$net" copy-to "$full"
    [ "$rc" = 1 ] && grep -q "already holds data" "$TMP/err" && [ "$(command sqlite3 "$full" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "copy-to a file that holds data: refused, the file untouched" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$full" copy-to "$full"
    [ "$rc" = 1 ] && grep -q "is the database being copied" "$TMP/err"
    verdict "copy-to itself: refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$full" copy-to
    [ "$rc" = 2 ]
    verdict "copy-to without a target: a usage error" $? "rc=$rc"
    run --db "$full" copy-to "host=$HOST user=postgres dbname=${PREFIX}_none"
    [ "$rc" = 1 ] && grep -q "no such database" "$TMP/err"
    verdict "copy-to a database the server does not have: said, nothing made" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$full" copy-to "postgresql://u:S3cretPW@localhost/db"
    [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err" "$TMP/out"
    verdict "copy-to a connection string holding a password: refused, never shown" $? "rc=$rc $(cat "$TMP/err")"
    # A damaged database is not copied (nor backed up): its target would hide the damage.
    psql "$net" -qAtc "DROP TRIGGER session_tally_insert ON help_session"
    run --db "$net" backup "$TMP/damaged-copy.db"
    [ "$rc" = 1 ] && grep -q "not sound" "$TMP/err" && grep -q "session_tally_insert" "$TMP/err" &&
        [ ! -e "$TMP/damaged-copy.db" ]
    verdict "a damaged server database: its backup refused, the trigger named, no file" $? "rc=$rc $(cat "$TMP/err")"
    local empty; empty=$(server untouched)
    run --db "$net" copy-to "$empty"
    [ "$rc" = 1 ] && grep -q "not sound" "$TMP/err" &&
        [ "$(psql "$empty" -qAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ]
    verdict "a damaged source: copy-to refused before anything is written on the target" $? "rc=$rc $(cat "$TMP/err")"
    # A copy that cannot be whole is not kept: a file made for it is removed.
    command sqlite3 "$full" "PRAGMA foreign_keys = OFF; INSERT INTO help_session_theme VALUES (4242, 'email')"
    run --db "$full" copy-to "$TMP/never.db"
    [ "$rc" = 1 ] && grep -q "help_session_theme.*guichet check" "$TMP/err" && [ ! -e "$TMP/never.db" ] &&
        [ ! -e "$TMP/never.db-wal" ]
    verdict "a copy that cannot be whole: refused, no file left behind" $? "rc=$rc $(cat "$TMP/err")" "$(ls "$TMP")"
}

# check names what was changed by hand on the server, beside the rows: an aggregate dropped, a
# rule, row security, triggers disabled, a table's numbers set back.
test_check_by_hand() {
    local net
    net=$(server byhand)
    "$GUICHET" --db "$net" demo --sessions 50 >/dev/null
    run --db "$net" check
    [ "$rc" = 0 ]
    verdict "check: a new server database is sound" $? "$(cat "$TMP/out" "$TMP/err")"
    psql "$net" -qAtc "DROP AGGREGATE group_concat(text); CREATE RULE r AS ON INSERT TO help_session DO INSTEAD NOTHING;
        ALTER TABLE referral ENABLE ROW LEVEL SECURITY; ALTER TABLE workshop DISABLE TRIGGER USER;
        SELECT setval('audit_id_seq', 1)" >/dev/null
    run --db "$net" check
    [ "$rc" = 1 ] && grep -qF 'the function "group_concat(text)" is missing' "$TMP/out" &&
        grep -qF 'the table "help_session" differs' "$TMP/out" && grep -qF 'the table "referral" differs' "$TMP/out" &&
        grep -qF 'the trigger "workshop_tally_insert" differs' "$TMP/out" &&
        grep -q "the numbers of the table audit are behind its rows" "$TMP/out"
    verdict "check names an aggregate dropped, a rule, row security, disabled triggers, numbers set back" $? "rc=$rc" "$(cat "$TMP/out" "$TMP/err")"
}

# Desks writing at once on one server: each session its own number, none lost.
test_numbers_at_once() {
    local net d
    net=$(server numbers)
    "$GUICHET" --db "$net" sessions >/dev/null
    for d in 1 2 3 4 5 6 7 8; do
        ( for i in 1 2 3 4 5; do "$GUICHET" --db "$net" log --theme email --duration 15 --operator "Desk$d" >>"$TMP/numbers" 2>>"$TMP/numbers.err"; done ) &
    done
    wait
    local given distinct rows
    given=$(wc -l <"$TMP/numbers")
    distinct=$(sort -u "$TMP/numbers" | wc -l)
    rows=$(psql "$net" -qAtc "SELECT count(*) FROM help_session")
    [ "$given" = 40 ] && [ "$distinct" = 40 ] && [ "$rows" = 40 ] && [ ! -s "$TMP/numbers.err" ] &&
        "$GUICHET" --db "$net" check >/dev/null
    verdict "8 desks logging at once: 40 sessions, 40 numbers, none twice, counts exact" $? \
        "given=$given distinct=$distinct rows=$rows" "$(head -3 "$TMP/numbers.err")"
}

# The server restarted between two commands: the next one connects again, nothing lost.
test_server_restart() {
    local net
    net=$(server restart)
    "$GUICHET" --db "$net" log --theme email --duration 15 >/dev/null
    local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    local data="$HOST/data"
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w -t 60 restart >/dev/null 2>&1
    else
        "$bin/pg_ctl" -D "$data" -m fast -w -t 60 restart >/dev/null 2>&1
    fi
    eventually psql "$net" -qAtc "SELECT 1" >/dev/null 2>&1
    run --db "$net" log --theme sante --duration 20
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 2 ] && [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = 2 ]
    verdict "after a server restart, the next command works and nothing was lost" $? "rc=$rc $(cat "$TMP/err")"
}

# A network's database made by an older guichet (data/pg/schema.sql alone: version 23, with its
# shipped rows and a referral) is brought up to date by the next open, once, in one transaction:
# data/pg/migrations/ run, the digests check compares recorded again; a read-only open first is
# told to open it once.
test_older_server_migrated() {
    local net schema
    net=$(server older)
    schema="$(dirname "$0")/../../data/pg/schema.sql"
    psql "$net" -v ON_ERROR_STOP=1 -qAt -1 -f "$schema" -c "
        INSERT INTO request_kind (code, label, answer, position) VALUES ('ecrivain', 'Écrivain public', 'here', 1);
        INSERT INTO referral (referred_at, request_kind_id, method, status, created_at, updated_at)
            SELECT '2026-03-01 10:00', id, 'information', 'a_suivre', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z'
            FROM request_kind WHERE code = 'ecrivain'" >/dev/null 2>"$TMP/err"
    run --db "$net" check
    [ "$rc" = 1 ] && grep -q 'open it once to bring it up to date' "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT version FROM guichet_schema")" = 23 ]
    verdict "check (which only reads) of an older server database asks for it to be opened once, nothing changed" $? \
        "rc=$rc $(cat "$TMP/err")"
    run --db "$net" referral list --format csv
    [ "$rc" = 0 ] && [ "$(psql "$net" -qAtc "SELECT version FROM guichet_schema")" = "$("$GUICHET" --db "$TMP/v.db" sessions >/dev/null; command sqlite3 "$TMP/v.db" "PRAGMA user_version")" ] &&
        [ "$(psql "$net" -qAtc "SELECT k.code FROM referral r JOIN request_kind k ON k.id = r.request_kind_id")" = ecrivain ] &&
        psql "$net" -qAtc "SELECT 1 FROM information_schema.columns WHERE table_name = 'partner' AND column_name = 'site_id'" | grep -qx 1
    verdict "the next open runs data/pg/migrations/: the current version, its columns, the referral's request kept" $? \
        "rc=$rc $(cat "$TMP/err") $(psql "$net" -qAtc "SELECT version FROM guichet_schema")"
    run --db "$net" check
    [ "$rc" = 0 ]
    verdict "check passes on the migrated server database (the definitions recorded again)" $? "$(cat "$TMP/out" "$TMP/err")"
}

# A person's data on a server: exported and erased as on a file (README: the register's key in
# the database, the marks matched in C). The export of a server's database is the export of its
# copy in a file, byte for byte; the key never goes into a file's table, and a file's key comes
# along when the file joins a server.
test_person_on_server() {
    local net file="$TMP/person.db" back="$TMP/person-back.db" net2
    net=$(server person)
    "$GUICHET" --db "$net" workshop add --title Courriel --at "2027-01-10 10:00" --duration 60 --capacity 4 >/dev/null &&
        "$GUICHET" --db "$net" workshop book 1 --name "Zoé Martin" --phone "06 12 34 56 78" --email zoe@example.org >/dev/null &&
        "$GUICHET" --db "$net" log --theme email --duration 10 --note "Zoé Martin, 06 12 34 56 78, rappeler" >/dev/null &&
        "$GUICHET" --db "$net" referral add --request caf --contact-name "Zoé MARTIN" --contact-phone 0612345678 --consent >/dev/null &&
        "$GUICHET" --db "$net" copy-to "$file" >/dev/null ||
        { not_ok "setup of a person on a server" "$(cat "$TMP/err")"; return; }
    run --db "$net" person export 1
    cp "$TMP/out" "$TMP/net.json"
    local net_rc=$rc
    run --db "$file" person export 1
    [ "$net_rc" = 0 ] && [ "$rc" = 0 ] && cmp -s "$TMP/net.json" "$TMP/out" &&
        grep -q '"note": "Zoé Martin, 06 12 34 56 78, rappeler"' "$TMP/out" && grep -q '"contact_name": "Zoé MARTIN"' "$TMP/out"
    verdict "person export on a server: the same document as from its copy in a file" $? \
        "rc=$net_rc/$rc $(diff "$TMP/net.json" "$TMP/out" | head -10)"
    run --db "$net" person erase 1
    [ "$rc" = 0 ] && grep -q 'Person 1 erased' "$TMP/out" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM participant WHERE name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL")" = 0 ] &&
        [ "$(psql "$net" -qAtc "SELECT note FROM help_session")" = "[effacé], [effacé], rappeler" ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM referral WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL")" = 0 ] &&
        psql "$net" -qAtc "SELECT value FROM setting WHERE key = 'erasure_key'" | grep -qxE '[0-9a-f]{64}' &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM erasure WHERE files_at IS NOT NULL AND copies_at IS NOT NULL")" = 1 ]
    verdict "person erase on a server: record, note and referral contact erased, the register's key in the database" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$net" check
    verdict "check: the server's database is sound after an erasure" $? "$(cat "$TMP/out" "$TMP/err")"
    "$GUICHET" --db "$net" copy-to "$back" >/dev/null
    [ "$(command sqlite3 "$back" "SELECT count(*) FROM setting WHERE key = 'erasure_key'")" = 0 ] &&
        [ "$(command sqlite3 "$back" "SELECT count(*) FROM erasure_mark")" -gt 0 ] && [ ! -e "$back-erasure-key" ]
    verdict "a server's copy in a file: the register's marks, never its key in a table" $?
    # A file whose person was erased onto a server: its key stays with the file (whoever holds
    # it could otherwise test names against the network's erasures); the entries come, finding
    # their person by number.
    "$GUICHET" --db "$file" person erase 1 >/dev/null
    net2=$(server joined)
    "$GUICHET" --db "$file" copy-to "$net2" >/dev/null
    [ "$(psql "$net2" -qAtc "SELECT count(*) FROM setting WHERE key = 'erasure_key'")" = 0 ] &&
        [ "$(psql "$net2" -qAtc "SELECT count(*) FROM erasure e JOIN participant p ON p.id = e.person_id AND p.created_at = e.person_created_at WHERE p.name IS NULL")" -ge 1 ]
    verdict "copy-to a server: the file's erasure key stays with the file, the register's entries come" $? \
        "$(ls "$TMP") $(psql "$net2" -qAtc "SELECT key FROM setting")"
    local net3
    net3=$(server keycopy)
    "$GUICHET" --db "$net" copy-to "$net3" >/dev/null
    [ "$(psql "$net3" -qAtc "SELECT value FROM setting WHERE key = 'erasure_key'")" = \
        "$(psql "$net" -qAtc "SELECT value FROM setting WHERE key = 'erasure_key'")" ]
    verdict "copy-to from a server to a server: the register's key comes along" $?
    run --db "$net" person export 1 --referral
    [ "$rc" = 2 ] && grep -q 'referral 1 has no contact: nobody to export' "$TMP/err"
    verdict "person export --referral of a contact erased: refused, not an empty document" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# Two desks erasing two people of the same workshops at once: both done, each seat given to the
# next person waiting (never to an erased one), whoever released it.
test_erasures_at_once() {
    local net i
    net=$(server erasures)
    "$GUICHET" --db "$net" workshop add --title W1 --at "2027-01-10 10:00" --duration 60 --capacity 1 >/dev/null &&
        "$GUICHET" --db "$net" workshop add --title W2 --at "2027-01-11 10:00" --duration 60 --capacity 1 >/dev/null ||
        { not_ok "setup of erasures at once"; return; }
    for i in 1 2 3 4; do
        "$GUICHET" --db "$net" workshop book $(( (i + 1) / 2 )) --name "Personne $i" --phone "06000000$((10 + i))" >/dev/null
    done
    # 1 and 3 hold the seats, 2 and 4 wait; 1 and 3 erased at once, and 2 as well.
    "$GUICHET" --db "$net" person erase 1 >"$TMP/e1" 2>&1 &
    local p1=$!
    "$GUICHET" --db "$net" person erase 3 >"$TMP/e3" 2>&1 &
    local p3=$!
    "$GUICHET" --db "$net" person erase 2 >"$TMP/e2" 2>&1
    local r2=$?
    wait $p1; local r1=$?
    wait $p3; local r3=$?
    [ "$r1$r2$r3" = 000 ] &&
        [ "$(psql "$net" -qAtc "SELECT string_agg(participant_id || ':' || state, ' ' ORDER BY id) FROM registration")" = \
          "1:cancelled 2:cancelled 3:cancelled 4:booked" ]
    verdict "three erasures at once: all done, the erased people's places released, the next one waiting seated" $? \
        "rc=$r1$r2$r3 $(cat "$TMP/e1" "$TMP/e2" "$TMP/e3") $(psql "$net" -qAtc "SELECT participant_id, state FROM registration ORDER BY id")"
}

# report_of DB [--site S]: the year's report in CSV.
report_of() {
    local db=$1; shift
    "$GUICHET" --db "$db" report --from 2020-01-01 --to 2026-12-31 --format csv "$@"
}

# A library on its own (no site named, a person erased, its own partner and policy line) joins a
# network's server that holds two sites: its rows under the network's next numbers, its site's
# report the library's, the network's own directory and policy untouched; then a library of a
# file network (several sites) brings one site; copying again is refused.
test_library_joins() {
    local net lib="$TMP/alone.db" demo="$TMP/three.db"
    net=$(server joining)
    "$GUICHET" --db "$net" log --theme email --duration 30 --site "Médiathèque A" --operator Alice >/dev/null &&
        "$GUICHET" --db "$net" log --theme sante --duration 20 --site "Médiathèque B" --operator Bruno >/dev/null &&
        "$GUICHET" --db "$net" workshop add --title "Courriel" --at "2026-04-02 10:00" --duration 60 --capacity 4 --site "Médiathèque A" >/dev/null &&
        "$GUICHET" --db "$net" workshop book 1 --name "Anne Réseau" --phone 0611111111 >/dev/null &&
        "$GUICHET" --db "$net" person erase 1 >/dev/null &&
        "$GUICHET" --db "$lib" log --theme email --duration 15 --note "Mme Nord" >/dev/null &&
        "$GUICHET" --db "$lib" log --theme sante --duration 25 --operator Chloé >/dev/null &&
        "$GUICHET" --db "$lib" log --theme insertion_professionnelle --duration 40 --at "2026-02-10 14:00" >/dev/null &&
        "$GUICHET" --db "$lib" session delete 2 >/dev/null &&
        "$GUICHET" --db "$lib" workshop add --title "Smartphone" --at "2026-03-20 14:00" --duration 90 --capacity 2 >/dev/null &&
        "$GUICHET" --db "$lib" workshop book 1 --name "Léa Nord" --phone 0622222222 >/dev/null &&
        "$GUICHET" --db "$lib" workshop book 1 --name "Marc Nord" --phone 0633333333 >/dev/null &&
        "$GUICHET" --db "$lib" workshop book 1 --name "Effacée Nord" --phone 0644444444 >/dev/null &&
        "$GUICHET" --db "$lib" person erase 3 >/dev/null &&
        "$GUICHET" --db "$lib" partner add --name "Épicerie du Nord" --category aide_sociale >/dev/null &&
        "$GUICHET" --db "$lib" referral add --request caf --contact-name "Léa Nord" --contact-phone 0622222222 --consent >/dev/null ||
        { not_ok "setup of a library joining a network" "$(cat "$TMP/err" 2>/dev/null)"; return; }
    local policy_before; policy_before=$("$GUICHET" --db "$net" policy export)
    local last_before; last_before=$(psql "$net" -qAtc "SELECT last FROM session_number")
    run --db "$lib" copy-to "$net"
    [ "$rc" = 1 ] && grep -q "already holds data" "$TMP/err" && grep -q -- "--site" "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = 2 ]
    verdict "copy-to a network that holds data without --site: refused, the way to join said" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$lib" copy-to "$net" --site "Médiathèque Nord"
    local nord; nord=$(psql "$net" -qAtc "SELECT id FROM site WHERE name = 'Médiathèque Nord'")
    [ "$rc" = 0 ] && grep -q "written and checked" "$TMP/out" && [ -n "$nord" ] &&
        grep -q "partner: 1 row, 16 found there already" "$TMP/out" &&
        "$GUICHET" --db "$net" check >/dev/null &&
        cmp -s <(report_of "$lib") <(report_of "$net" --site "Médiathèque Nord")
    verdict "a library on its own joins a network: its site made, the national partners found, sound, its report the site's" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(diff <(report_of "$lib") <(report_of "$net" --site "Médiathèque Nord") | head -6)"
    [ "$(psql "$net" -qAtc "SELECT string_agg(id::text, ' ' ORDER BY id) FROM help_session WHERE site_id = $nord")" = \
        "$((last_before + 1)) $((last_before + 2)) $((last_before + 3))" ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session_deleted d JOIN help_session s ON s.id = d.session_id WHERE s.site_id = $nord")" = 1 ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session WHERE site_id <> $nord")" = 2 ] &&
        [ "$("$GUICHET" --db "$net" log --theme email --duration 5)" = "$((last_before + 4))" ]
    verdict "the library's sessions take the network's next numbers (its deleted one kept deleted), and the next session the one after" $? \
        "$(psql "$net" -qAtc "SELECT id, site_id FROM help_session ORDER BY id")"
    [ "$("$GUICHET" --db "$net" policy export)" = "$policy_before" ] &&
        "$GUICHET" --db "$net" partner list --site "Médiathèque Nord" --format csv | grep -q "Épicerie du Nord" &&
        ! "$GUICHET" --db "$net" partner list --site "Médiathèque A" --format csv | grep -q "Épicerie du Nord" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM request_kind WHERE site_id = $nord")" = 0 ] &&
        [ "$(psql "$net" -qAtc "SELECT o.name FROM operator o WHERE o.site_id = $nord")" = "Chloé" ]
    verdict "the network's policy and directory untouched: the library's own partner its site's, its policy the network's where it says the same" $? \
        "$(psql "$net" -qAtc "SELECT code, site_id FROM request_kind ORDER BY code") $(psql "$net" -qAtc "SELECT name, site_id FROM operator")"
    # people, bookings, the referral's contact and request; the erased person stays erased
    [ "$(psql "$net" -qAtc "SELECT string_agg(coalesce(p.name, '-') || ':' || r.state, ' ' ORDER BY r.id) FROM registration r JOIN participant p ON p.id = r.participant_id JOIN workshop w ON w.id = r.workshop_id WHERE w.site_id = $nord")" = \
        "Léa Nord:booked Marc Nord:booked -:cancelled" ] &&
        [ "$(psql "$net" -qAtc "SELECT k.code || ':' || r.contact_name FROM referral r JOIN request_kind k ON k.id = r.request_kind_id WHERE r.site_id = $nord")" = "caf:Léa Nord" ] &&
        "$GUICHET" --db "$net" person find "Marc Nord" | grep -q "Marc Nord" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM erasure")" = 2 ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM erasure e JOIN participant p ON p.id = e.person_id AND p.created_at = e.person_created_at WHERE p.name IS NULL")" = 2 ]
    verdict "the library's people, bookings and referral follow; its register's entries find their erased person under the new number" $? \
        "$(psql "$net" -qAtc "SELECT * FROM erasure") $(psql "$net" -qAtc "SELECT id, name FROM participant")"
    # The network's key was made by its own erasure: the library's marks (another key) stay out.
    [ "$(psql "$net" -qAtc "SELECT count(DISTINCT erasure_id) FROM erasure_mark")" = 1 ]
    verdict "a network with its own erasure key: the joining register's entries kept, their marks (another key's) left out" $?
    run --db "$lib" copy-to "$net" --site "Médiathèque Nord"
    [ "$rc" = 1 ] && grep -q "a site joins once" "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = 6 ]
    verdict "the same library copied again: refused, nothing doubled" $? "rc=$rc $(cat "$TMP/err")"
    # A network without an erasure key does not take the joining library's (which stays with
    # its file), nor its marks: the entries alone.
    local keyless; keyless=$(server keyless)
    "$GUICHET" --db "$keyless" log --theme email --duration 30 --site "Médiathèque A" >/dev/null
    run --db "$lib" copy-to "$keyless" --site "Médiathèque Nord"
    [ "$rc" = 0 ] && [ "$(psql "$keyless" -qAtc "SELECT count(*) FROM setting WHERE key = 'erasure_key'")" = 0 ] &&
        [ "$(psql "$keyless" -qAtc "SELECT count(*) FROM erasure_mark")" = 0 ] &&
        [ "$(psql "$keyless" -qAtc "SELECT count(*) FROM erasure")" = "$(command sqlite3 "$lib" "SELECT count(*) FROM erasure")" ]
    verdict "a network without an erasure key: the joining library's key and marks stay with its file, its entries come" $? "rc=$rc $(cat "$TMP/err")"
    # A network in a file with three sites brings one of them (the demo's).
    "$GUICHET" --db "$demo" demo --sessions 400 --seed 3 >/dev/null
    run --db "$demo" copy-to "$net" --site "Bibliothèque Ailleurs"
    [ "$rc" = 2 ] && grep -q 'no site called "Bibliothèque Ailleurs"' "$TMP/err"
    verdict "copy-to --site naming no site of a database with sites: refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$demo" copy-to "$net" --site "médiathèque centrale"
    [ "$rc" = 0 ] && "$GUICHET" --db "$net" check >/dev/null &&
        cmp -s <(report_of "$demo" --site "Médiathèque centrale") <(report_of "$net" --site "Médiathèque centrale") &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM site")" = 4 ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session s JOIN site t ON t.id = s.site_id WHERE t.name = 'Médiathèque centrale'")" = \
          "$(command sqlite3 "$demo" "SELECT count(*) FROM help_session s JOIN site t ON t.id = s.site_id WHERE t.name = 'Médiathèque centrale'")" ]
    verdict "one site of a network's file joins the server: its report the same there, the other sites left" $? \
        "rc=$rc $(cat "$TMP/err") $(diff <(report_of "$demo" --site "Médiathèque centrale") <(report_of "$net" --site "Médiathèque centrale") | head -6)"
    # The library leaves again: its site out to a file, numbers kept, nobody else's data.
    local out="$TMP/nord-out.db"
    run --db "$net" copy-to "$out" --site "Médiathèque Nord"
    [ "$rc" = 0 ] && "$GUICHET" --db "$out" check >/dev/null && [ "$(stat -c %a "$out")" = 600 ] &&
        cmp -s <(report_of "$net" --site "Médiathèque Nord") <(report_of "$out") &&
        [ "$(command sqlite3 "$out" "SELECT group_concat(id, ' ') FROM (SELECT id FROM help_session ORDER BY id)")" = \
          "$(psql "$net" -qAtc "SELECT string_agg(id::text, ' ' ORDER BY id) FROM help_session WHERE site_id = $nord")" ] &&
        [ "$(command sqlite3 "$out" "SELECT group_concat(name, ',') FROM site")" = "Médiathèque Nord" ] &&
        [ "$(command sqlite3 "$out" "SELECT count(*) FROM participant WHERE name = 'Anne Réseau' OR name LIKE '%centrale%'")" = 0 ] &&
        [ "$(command sqlite3 "$out" "SELECT count(*) FROM operator WHERE name IN ('Alice', 'Bruno')")" = 0 ] &&
        [ "$(command sqlite3 "$out" "SELECT count(*) FROM partner WHERE site_id IS NOT NULL") $(command sqlite3 "$out" "SELECT count(*) FROM request_kind WHERE site_id IS NOT NULL")" = "0 0" ] &&
        "$GUICHET" --db "$out" partner list --format csv | grep -q "Épicerie du Nord"
    verdict "a library leaves: its site out to a file with its numbers, its report the same, no other site's people or operators" $? \
        "rc=$rc $(cat "$TMP/err") $(diff <(report_of "$net" --site "Médiathèque Nord") <(report_of "$out") | head -6)"
}

# What an independent tester found: a library joins once whatever name it gives; a site of
# the network's name holding data is not merged into (--as names the newcomer); an operator
# of another site's name is renamed, said; a partner the library changed stays its own; one
# site of a network's file leaves what is no site's, said; a site leaving takes neither the
# network's erasure key nor its marks, nor the prefix of its place ids.
test_join_refinements() {
    local net lib="$TMP/village.db" multi="$TMP/multi.db" out
    net=$(server refine)
    "$GUICHET" --db "$net" log --theme email --duration 30 --site "Centre" --operator Élodie >/dev/null &&
        "$GUICHET" --db "$lib" log --theme email --duration 20 --site "Village" --operator "élodie" >/dev/null &&
        "$GUICHET" --db "$lib" partner edit 9 --phone 0324000000 --address "1 place de la Mairie" >/dev/null &&
        "$GUICHET" --db "$lib" referral add --request caf --partner 9 >/dev/null ||
        { not_ok "setup of the join's refinements" "$(cat "$TMP/err" 2>/dev/null)"; return; }
    run --db "$lib" copy-to "$net" --site Village
    local village; village=$(psql "$net" -qAtc "SELECT id FROM site WHERE name = 'Village'")
    [ "$rc" = 0 ] && grep -q "operator élodie is called élodie (Village) there" "$TMP/out" &&
        [ "$(psql "$net" -qAtc "SELECT name FROM operator WHERE site_id = $village")" = "élodie (Village)" ] &&
        [ "$(psql "$net" -qAtc "SELECT p.phone || '|' || p.site_id || '|' || coalesce(p.code, '-') FROM referral r JOIN partner p ON p.id = r.partner_id WHERE r.site_id = $village")" = "+33324000000|$village|-" ] &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM partner WHERE code = 'mairie' AND site_id IS NULL AND phone IS NULL")" = 1 ] &&
        cmp -s <(report_of "$lib") <(report_of "$net" --site Village)
    verdict "joining: another site's operator's name renamed and said; a partner the library changed its site's own, the network's untouched" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(psql "$net" -qAtc "SELECT id, name, code, phone, site_id FROM partner WHERE name ILIKE '%mairie%'")"
    # A network made by a whole copy of a file: that file cannot join it again.
    local first lone="$TMP/lone.db"; first=$(server first)
    "$GUICHET" --db "$lone" log --theme email --duration 20 --site Village >/dev/null &&
        "$GUICHET" --db "$lone" copy-to "$first" >/dev/null
    run --db "$lone" copy-to "$first" --site Village --as "Village ter"
    [ "$rc" = 1 ] && grep -q "are copies of one database" "$TMP/err" &&
        [ "$(psql "$first" -qAtc "SELECT count(*) FROM help_session")" = 1 ]
    verdict "a file joining the network made by its own whole copy: refused, nothing doubled" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$lib" copy-to "$net" --site Village --as "Village bis"
    [ "$rc" = 1 ] && grep -q "a site joins once" "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = 2 ]
    verdict "the same library under another name: refused, nothing doubled" $? "rc=$rc $(cat "$TMP/err")"
    # Another library whose site has the name of one of the network's, with data.
    "$GUICHET" --db "$multi" log --theme email --duration 20 --site "Centre" >/dev/null &&
        "$GUICHET" --db "$multi" log --theme email --duration 25 --site "Hameau" >/dev/null &&
        "$GUICHET" --db "$multi" log --theme sante --duration 15 >/dev/null &&
        "$GUICHET" --db "$multi" workshop add --title "Sans site" --at "2027-06-01 10:00" --duration 60 --capacity 4 >/dev/null
    run --db "$multi" copy-to "$net" --site Centre
    [ "$rc" = 1 ] && grep -q 'has a site called "Centre" with sessions' "$TMP/err" && grep -q -- "--as" "$TMP/err" &&
        [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session")" = 2 ]
    verdict "a site of the network's name with data of its own: not merged into, --as said, nothing written" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$multi" copy-to "$net" --site Centre --as "Centre du Hameau"
    [ "$rc" = 0 ] && [ "$(psql "$net" -qAtc "SELECT count(*) FROM help_session s JOIN site t ON t.id = s.site_id WHERE t.name = 'Centre du Hameau'")" = 1 ] &&
        grep -q "not copied, as no site's in the database being copied: sessions: 1; workshops: 1; referrals: 0" "$TMP/out"
    verdict "--as: the site joins under that name; what is no site's in a network's file is said, not copied" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # A site leaves a network that erased someone elsewhere.
    "$GUICHET" --db "$net" workshop add --title "Courriel" --at "2027-04-02 10:00" --duration 60 --capacity 4 --site Centre >/dev/null &&
        "$GUICHET" --db "$net" workshop book 1 --name "Nina Nordiste" --email nina@example.org >/dev/null &&
        "$GUICHET" --db "$net" person erase 1 >/dev/null
    out=$(server leaving)
    run --db "$net" copy-to "$out" --site Village
    [ "$rc" = 0 ] && [ "$(psql "$out" -qAtc "SELECT count(*) FROM setting WHERE key IN ('erasure_key', 'database_id') OR key LIKE 'joined:%'")" = 0 ] &&
        [ "$(psql "$out" -qAtc "SELECT count(*) FROM erasure") $(psql "$out" -qAtc "SELECT count(*) FROM erasure_mark")" = "0 0" ] &&
        [ "$(psql "$out" -qAtc "SELECT value FROM setting WHERE key = 'place_id_prefix'")" != \
          "$(psql "$net" -qAtc "SELECT value FROM setting WHERE key = 'place_id_prefix'")" ] &&
        "$GUICHET" --db "$out" check >/dev/null
    verdict "a site leaving onto a server: neither the network's erasure key nor another site's erasures, its own place ids" $? \
        "rc=$rc $(cat "$TMP/err") $(psql "$out" -qAtc "SELECT key FROM setting")"
    # What a second tester found: a backup made before joining, a site that left, joining again.
    local before="$TMP/before.db" lib3="$TMP/port.db" net3
    net3=$(server again)
    "$GUICHET" --db "$lib3" log --theme email --duration 20 --site Port >/dev/null &&
        "$GUICHET" --db "$lib3" backup "$before" >/dev/null &&
        "$GUICHET" --db "$lib3" copy-to "$net3" --site Port >/dev/null
    run --db "$before" copy-to "$net3" --site Port --as "Port (ancien)"
    [ "$rc" = 1 ] && grep -q "a site taken out of the other" "$TMP/err" &&
        [ "$(psql "$net3" -qAtc "SELECT count(*) FROM help_session")" = 1 ]
    verdict "a backup of a library made before its site was copied into a new network: refused, nothing doubled" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$net3" copy-to "$TMP/port-out.db" --site Port >/dev/null
    run --db "$TMP/port-out.db" copy-to "$net3" --site Port --as "Port retour"
    [ "$rc" = 1 ] && grep -q "a site taken out of the other" "$TMP/err" &&
        [ "$(psql "$net3" -qAtc "SELECT count(*) FROM help_session")" = 1 ]
    verdict "a site taken out of a network joining it again: refused, nothing doubled" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$net3" backup "$TMP/net3.db" >/dev/null
    run --db "$TMP/net3.db" copy-to "$net3" --site Port --as "Port bis"
    [ "$rc" = 1 ] && grep -q "are copies of one database" "$TMP/err"
    verdict "a network's own backup joining it: refused" $? "rc=$rc $(cat "$TMP/err")"
    # A file of several sites brings them one at a time; a source that does not exist is refused.
    run --db "$multi" copy-to "$net3" --site Hameau
    [ "$rc" = 0 ]
    verdict "a second site of the same file joins after the first" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$TMP/missing.db" copy-to "$net3" --site Ailleurs
    [ "$rc" = 1 ] && [ ! -e "$TMP/missing.db" ] && [ "$(psql "$net3" -qAtc "SELECT count(*) FROM site WHERE name = 'Ailleurs'")" = 0 ]
    verdict "copy-to from a database that does not exist: refused, nothing made" $? "rc=$rc $(cat "$TMP/err")"
}

# Joining between files (a network kept in an SQLite file): a site whose own policy line differs
# from the network's keeps it as its own.
test_join_files() {
    local net="$TMP/net-file.db" lib="$TMP/lib-file.db"
    "$GUICHET" --db "$net" log --theme email --duration 30 --site Centre >/dev/null &&
        "$GUICHET" --db "$net" log --theme email --duration 30 --site Annexe >/dev/null &&
        "$GUICHET" --db "$lib" log --theme email --duration 30 --site Village >/dev/null &&
        "$GUICHET" --db "$lib" policy export >"$TMP/policy.csv" &&
        sed -i 's/Numéro de sécurité sociale/Carte Vitale et numéro de sécurité sociale/' "$TMP/policy.csv" &&
        "$GUICHET" --db "$lib" policy import "$TMP/policy.csv" >/dev/null ||
        { not_ok "setup of files joining" "$(cat "$TMP/err" 2>/dev/null)"; return; }
    run --db "$lib" copy-to "$net" --site Village
    [ "$rc" = 0 ] && grep -q "request_kind: 3 rows, 12 found there already" "$TMP/out" && "$GUICHET" --db "$net" check >/dev/null &&
        "$GUICHET" --db "$net" route --site Village ameli | grep -q "Carte Vitale et numéro" &&
        ! "$GUICHET" --db "$net" route --site Centre ameli | grep -q "Carte Vitale et numéro"
    verdict "a file joining a file network: its own answer to a request stays its site's, the others' unchanged" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # Two operators of a joining site, one named as the other would be renamed: never one.
    local hamlet="$TMP/hamlet.db" long
    long=$(printf 'Médiathèque intercommunale %.0s' 1 2)Hameau
    "$GUICHET" --db "$net" log --theme email --duration 30 --site Centre --operator Élodie >/dev/null &&
        "$GUICHET" --db "$hamlet" log --theme email --duration 10 --site "$long" --operator Élodie >/dev/null &&
        "$GUICHET" --db "$hamlet" log --theme email --duration 15 --site "$long" --operator "Élodie ($long)" >/dev/null ||
        { not_ok "setup of operators' names" "$(cat "$TMP/err" 2>/dev/null)"; return; }
    run --db "$hamlet" copy-to "$net" --site "$long"
    [ "$rc" = 0 ] && [ "$(command sqlite3 "$net" "SELECT count(DISTINCT s.operator_id) FROM help_session s JOIN site t ON t.id = s.site_id WHERE t.name = '$long'")" = 2 ] &&
        [ "$(command sqlite3 "$net" "SELECT max(length(name)) <= 80 FROM operator")" = 1 ] && "$GUICHET" --db "$net" check >/dev/null
    verdict "operators renamed on joining stay two people, their names within 80 characters" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(command sqlite3 "$net" "SELECT id, name, site_id FROM operator")"
}

# NETWORK_PART=restart runs the server's restart alone (make check runs it while no other suite
# uses the cluster); NETWORK_PART=rest the others, beside other suites; unset, both.
if [ "${NETWORK_PART:-}" != restart ]; then
    test_copy_round_trip
    test_copy_refusals
    test_check_by_hand
    test_numbers_at_once
    test_older_server_migrated
    test_person_on_server
    test_erasures_at_once
    test_library_joins
    test_join_refinements
    test_join_files
fi
[ "${NETWORK_PART:-}" != rest ] && test_server_restart
finish
