#!/usr/bin/env bash
# Command-line tests: exit statuses, golden outputs, and the database state after each command.
# Usage: tests/cli/test-cli.sh GUICHET_BINARY
set -u
GUICHET=$(realpath "$1")
SUITE="command line${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"

# English messages and a fixed clock, unless a test says otherwise.
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home" XDG_DATA_HOME=""
DB="$TMP/desk.db"

count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }

test_log_records_and_prints_ids() {
    run --db "$DB" log --theme email,sante --duration 30 --operator Camille --site "Médiathèque centrale"
    local first=$rc out1; out1=$(cat "$TMP/out")
    run --db "$DB" log --theme aide_aux_demarches_administratives --demarche logement,justice \
        --procedure "Demande APL" --duration 45 --at "2026-03-02 09:15" --place domicile \
        --material telephone,tablette --autonomy autonome --age 60_69 --status retraite \
        --gender feminin --redirect aide_sociale --note "Revenir mardi" --operator CAMILLE
    local row
    row=$(sqlite3 "$DB" "SELECT started_at, duration_min, place, autonomy, age, status, gender, oriented, orientation, procedure_name, note, operator_id FROM help_session WHERE id = 2")
    local themes; themes=$(sqlite3 "$DB" "SELECT group_concat(theme) FROM (SELECT theme FROM help_session_theme WHERE session_id = 1 ORDER BY theme) AS t")
    local dem; dem=$(sqlite3 "$DB" "SELECT group_concat(demarche) FROM (SELECT demarche FROM help_session_demarche WHERE session_id = 2 ORDER BY demarche) AS t")
    [ "$first" = 0 ] && [ "$out1" = 1 ] && [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 2 ] &&
        [ "$row" = "2026-03-02 09:15|45|domicile|autonome|soixante_soixante_neuf|retraite|feminin|1|aide_sociale|Demande APL|Revenir mardi|1" ] &&
        [ "$themes" = "email,sante" ] && [ "$dem" = "justice,logement" ] &&
        [ "$(count "$DB" operator)" = 1 ] && [ "$(count "$DB" site)" = 1 ] &&
        [ "$(count "$DB" "audit WHERE action = 'create' AND entity = 'help_session'")" = 2 ]
    verdict "log records every field and prints the id" $? "row: $row" "themes: $themes" "demarches: $dem"
}

# bad_log NAME EXPECTED-MESSAGE-PART ARGS…: refused with status 2, the field named, nothing written.
bad_log() {
    local name=$1 part=$2
    shift 2
    local before; before=$(count "$DB" help_session)
    run --db "$DB" log "$@"
    [ "$rc" = 2 ] && grep -qF -- "$part" "$TMP/err" && [ "$(count "$DB" help_session)" = "$before" ]
    verdict "log refuses $name" $? "rc=$rc" "stderr: $(cat "$TMP/err")"
}

test_log_refuses_bad_input() {
    bad_log "an unknown theme" '--theme: unknown code "emial"' --theme emial --duration 15
    bad_log "an empty theme list" "--theme" --theme "" --duration 15
    bad_log "a zero duration" "--duration" --theme email --duration 0
    bad_log "a negative duration" "--duration" --theme email --duration -5
    bad_log "a fractional duration" "--duration" --theme email --duration 4.5
    bad_log "a duration over a day" "--duration" --theme email --duration 1441
    bad_log "a word for a duration" "--duration" --theme email --duration quinze
    bad_log "an impossible date" '--at: "2025-02-29 10:00"' --theme email --duration 15 --at "2025-02-29 10:00"
    bad_log "a malformed time" "--at" --theme email --duration 15 --at "2026-03-01 25:00"
    bad_log "a time in the future" "future" --theme email --duration 15 --at "2026-03-14 10:31"
    bad_log "a year typed wrong (1900)" "before 2000" --theme email --duration 15 --at "1900-01-01 10:00"
    bad_log "an unknown place" "--place" --theme email --duration 15 --place ailleurs
    bad_log "an unknown age band" "--age" --theme email --duration 15 --age 60-69
    bad_log "an unknown status" "--status" --theme email --duration 15 --status chomeur
    bad_log "an unknown gender" "--gender" --theme email --duration 15 --gender x
    bad_log "an unknown autonomy" "--autonomy" --theme email --duration 15 --autonomy seul
    bad_log "an unknown material" "--material" --theme email --duration 15 --material fax
    bad_log "an unknown orientation category" "--redirect" --theme email --duration 15 --redirect caf
    bad_log "a démarche without its theme" "démarche" --theme email --demarche logement --duration 15
    bad_log "invalid UTF-8 in a note" "--note: the text is not valid UTF-8" --theme email --duration 15 --note $'caf\xe9'
    bad_log "escape sequences in a note" "--note: control characters" --theme email --duration 15 --note $'a\e[2Jb'
    bad_log "a newline in an operator name" "--operator: control characters" --theme email --duration 15 --operator $'Ann\nBob'
    bad_log "an overlong note" "--note: too long" --theme email --duration 15 --note "$(printf 'x%.0s' $(seq 281))"
    bad_log "a missing theme" "missing option: --theme" --duration 15
    bad_log "a missing duration" "missing option: --duration" --theme email
    bad_log "an unknown option" "unknown option or missing value: --colour" --theme email --duration 15 --colour red
    bad_log "a stray argument" "unexpected argument: extra" --theme email --duration 15 extra
}

test_log_stores_clean_text() {
    # Decomposed "é" is stored composed (NFC); a bidi override is removed; spaces are trimmed.
    run --db "$DB" log --theme email --duration 15 --note $'  Cafe\xcc\x81 \xe2\x80\xaeok  '
    local note; note=$(sqlite3 "$DB" "SELECT note FROM help_session WHERE id = $(cat "$TMP/out")" | od -An -tx1 | tr -d ' \n')
    [ "$rc" = 0 ] && [ "$note" = "$(printf 'Café ok\n' | od -An -tx1 | tr -d ' \n')" ]
    verdict "log stores text NFC, without bidi overrides, trimmed" $? "hex: $note"
}

test_sessions_csv_golden() {
    local db="$TMP/golden.db"
    "$GUICHET" --db "$db" log --theme email --duration 15 --at "2026-03-10 14:00" --note '=HYPERLINK("x")' >/dev/null
    "$GUICHET" --db "$db" log --theme aide_aux_demarches_administratives,email --demarche logement \
        --duration 90 --at "2026-03-11 09:30" --material ordinateur --operator "Léa" --site "Les Tilleuls" \
        --note 'dit "merci", revient' >/dev/null
    run --db "$db" sessions --format csv
    local expected
    expected=$(printf '%s\r\n' \
        'id,started_at,duration_min,themes,demarches,procedure,place,materials,autonomy,age,status,gender,oriented,orientation,operator,site,note,postal_code,commune,insee,already_helped' \
        '1,2026-03-10 14:00,15,email,,,lieu_activite,,,,,,0,,,,"'"'"'=HYPERLINK(""x"")",,,,' \
        '2,2026-03-11 09:30,90,email|aide_aux_demarches_administratives,logement,,lieu_activite,ordinateur,,,,,0,,Léa,Les Tilleuls,"dit ""merci"", revient",,,,')
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = "$expected" ]
    verdict "sessions --format csv: RFC 4180, formulas made inert" $? "$(cat "$TMP/out")"

    run --db "$db" sessions --format json
    /usr/bin/python3 - "$TMP/out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert [r["id"] for r in rows] == [1, 2], rows
assert rows[1]["themes"] == ["email", "aide_aux_demarches_administratives"], rows[1]
assert rows[1]["operator"] == "Léa" and rows[0]["operator"] is None
assert rows[0]["note"] == '=HYPERLINK("x")'
PY
    verdict "sessions --format json is one valid document" $?

    run --db "$db" sessions --from 2026-03-11 --to 2026-03-11 --format csv
    [ "$rc" = 0 ] && [ "$(wc -l <"$TMP/out")" = 2 ] && grep -q '^2,' "$TMP/out"
    verdict "sessions --from/--to filters by day" $? "$(cat "$TMP/out")"

    run --db "$db" sessions
    [ "$rc" = 0 ] && grep -q 'E-mail, Help with administrative' "$TMP/out" &&
        grep -q '11/03/2026 9:30' "$TMP/out"
    verdict "sessions table shows labels and local dates" $? "$(cat "$TMP/out")"

    run --db "$db" sessions --from 2026-02-30
    [ "$rc" = 2 ] && grep -q -- '--from' "$TMP/err"
    verdict "sessions refuses an impossible date" $? "rc=$rc"
    run --db "$db" sessions --from 2026-03-12 --to 2026-03-11
    [ "$rc" = 2 ]
    verdict "sessions refuses --from after --to" $? "rc=$rc"
    run --db "$db" sessions --format xml
    [ "$rc" = 2 ] && grep -q 'xml' "$TMP/err"
    verdict "sessions refuses an unknown format" $? "rc=$rc"
}

test_table_output_is_sanitised() {
    local db="$TMP/hostile.db"
    "$GUICHET" --db "$db" log --theme email --duration 15 --operator "Temp" >/dev/null
    # A name written by another tool, with escape sequences and an invalid byte.
    if on_postgresql; then # its text is valid UTF-8, always
        sqlite3 "$db" "UPDATE operator SET name = 'Eve' || chr(27) || ']0;pwned' || chr(7) || chr(8238) || 'X'"
    else
        sqlite3 "$db" "UPDATE operator SET name = 'Eve' || char(27) || ']0;pwned' || char(7) || cast(x'ff' as text) || char(8238) || 'X'"
    fi
    run --db "$db" sessions
    [ "$rc" = 0 ] && ! grep -q $'\e' "$TMP/out" && ! grep -q $'\a' "$TMP/out" &&
        ! grep -q $'\xe2\x80\xae' "$TMP/out" && grep -q 'Eve' "$TMP/out"
    verdict "sessions table shows hostile names inert" $? "$(od -c "$TMP/out" | head -5)"
}

test_themes_lists_vocabularies() {
    run themes --format csv
    [ "$rc" = 0 ] && [ "$(grep -c '^theme,' "$TMP/out")" = 19 ] &&
        [ "$(grep -c '^demarche,' "$TMP/out")" = 11 ] &&
        grep -q '^orientation,insertion_professionnelle,' "$TMP/out"
    verdict "themes lists every vocabulary with codes" $? "$(head -3 "$TMP/out")"
    LANGUAGE= run themes
    grep -q 'Prendre en main du matériel' "$TMP/out" && grep -q 'Papiers - Élections - Citoyenneté' "$TMP/out" &&
        grep -q 'Autre lieu' "$TMP/out"
    verdict "themes shows the national French labels" $? "$(head -5 "$TMP/out")"
}

test_languages() {
    local d="$TMP/lang.db"
    LANGUAGE= run --db "$d" log --theme nope --duration 15
    grep -q 'code inconnu' "$TMP/err"
    verdict "French when the environment names no language" $? "$(cat "$TMP/err")"
    LANGUAGE= LC_ALL=C run --db "$d" log --theme nope --duration 15
    grep -q 'code inconnu' "$TMP/err"
    verdict "French under LC_ALL=C" $? "$(cat "$TMP/err")"
    LANGUAGE= LANG=fr_FR.UTF-8 run --db "$d" log --theme nope --duration 15
    grep -q 'code inconnu' "$TMP/err"
    verdict "French with LANG=fr_FR.UTF-8 even when that locale is not installed" $? "$(cat "$TMP/err")"
    LANGUAGE= LANG=en_GB.UTF-8 run --db "$d" log --theme nope --duration 15
    grep -q 'unknown code' "$TMP/err"
    verdict "English with LANG=en_GB.UTF-8" $? "$(cat "$TMP/err")"
    LANGUAGE=en LANG=fr_FR.UTF-8 run --db "$d" log --theme nope --duration 15
    grep -q 'unknown code' "$TMP/err"
    verdict "LANGUAGE=en wins over LANG" $? "$(cat "$TMP/err")"
    LANGUAGE= run demo --sessions 1 --db x
    grep -q 'option inconnue' "$TMP/err" && [ "$rc" = 2 ]
    verdict "usage errors are translated" $? "$(cat "$TMP/err")"
}

test_global_options() {
    run --help
    [ "$rc" = 0 ] && grep -q 'log' "$TMP/out" && grep -q 'backup' "$TMP/out"
    verdict "--help lists the commands" $? "rc=$rc"
    run --version
    [ "$rc" = 0 ] && grep -q '^guichet [0-9]' "$TMP/out"
    verdict "--version" $? "$(cat "$TMP/out")"
    run help log
    [ "$rc" = 0 ] && grep -q -- '--duration MINUTES' "$TMP/out"
    verdict "help COMMAND shows its options" $? "$(cat "$TMP/out")"
    run frobnicate
    [ "$rc" = 2 ] && grep -q 'unknown command: frobnicate' "$TMP/err"
    verdict "an unknown command is a usage error" $? "rc=$rc $(cat "$TMP/err")"
    run --dbx x check
    [ "$rc" = 2 ]
    verdict "an unknown global option is a usage error" $? "rc=$rc"
    run --db "" check
    [ "$rc" = 2 ]
    verdict "an empty --db is a usage error" $? "rc=$rc"
}

test_database_location() {
    file_engine_only "the database file's place, mode and journal" || return
    env -u GUICHET_DB HOME="$TMP/h1" XDG_DATA_HOME= "$GUICHET" log --theme email --duration 15 >/dev/null
    local f="$TMP/h1/.local/share/guichet/guichet.db"
    [ -f "$f" ] && [ "$(stat -c %a "$f")" = 600 ] && [ "$(stat -c %a "$(dirname "$f")")" = 700 ]
    verdict "default database under ~/.local/share/guichet, mode 0600" $? "$(ls -la "$TMP/h1/.local/share/guichet" 2>&1)"
    env -u GUICHET_DB HOME="$TMP/h2" XDG_DATA_HOME="$TMP/xdg" "$GUICHET" log --theme email --duration 15 >/dev/null
    [ -f "$TMP/xdg/guichet/guichet.db" ] && [ ! -e "$TMP/h2/.local" ]
    verdict "XDG_DATA_HOME is honoured" $?
    GUICHET_DB="$TMP/env.db" "$GUICHET" log --theme email --duration 15 >/dev/null
    [ -f "$TMP/env.db" ] && [ "$(stat -c %a "$TMP/env.db")" = 600 ]
    verdict "GUICHET_DB names the database" $?
    GUICHET_DB="$TMP/env.db" "$GUICHET" --db "$TMP/flag.db" log --theme email --duration 15 >/dev/null
    [ -f "$TMP/flag.db" ] && [ "$(count "$TMP/env.db" help_session)" = 1 ]
    verdict "--db wins over GUICHET_DB" $?
    local mode; mode=$(sqlite3 "$TMP/env.db" "PRAGMA journal_mode; PRAGMA application_id; PRAGMA user_version" | tr '\n' ' ')
    local migrations; migrations=$(ls "$(dirname "$0")"/../../data/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1) # the highest number
    [ "$mode" = "wal 1196771651 $migrations " ]
    verdict "database in WAL mode with guichet's application id and schema version" $? "$mode"
}

# refused NAME FILE PART: opening FILE fails with status 1, a message, and the file unchanged.
refused() {
    local name=$1 file=$2 part=$3 before after
    before=$(md5sum <"$file")
    run --db "$file" sessions
    after=$(md5sum <"$file")
    [ "$rc" = 1 ] && grep -q -- "$part" "$TMP/err" && [ "$before" = "$after" ]
    verdict "$name" $? "rc=$rc" "stderr: $(cat "$TMP/err")"
}

test_refuses_bad_databases() {
    file_engine_only "files that are not guichet's databases" || return
    local newer="$TMP/newer.db"
    "$GUICHET" --db "$newer" log --theme email --duration 15 >/dev/null
    sqlite3 "$newer" "PRAGMA user_version = 99"
    refused "a database from a newer guichet is refused untouched" "$newer" "newer guichet"
    LANGUAGE= run --db "$newer" sessions
    grep -q 'plus récente' "$TMP/err"
    verdict "the newer-database message is translated" $? "$(cat "$TMP/err")"

    local foreign="$TMP/foreign.db"
    sqlite3 "$foreign" "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soupe')"
    chmod 600 "$foreign"
    refused "another program's SQLite database is refused untouched" "$foreign" "not a guichet database"

    local text="$TMP/notes.txt"
    seq 1 2000 >"$text"
    chmod 600 "$text"
    refused "a file that is not a database is refused untouched" "$text" "not a database at all"

    local corrupt="$TMP/corrupt.db"
    "$GUICHET" --db "$corrupt" demo --sessions 3000 >/dev/null
    dd if=/dev/urandom of="$corrupt" bs=4096 seek=3 count=20 conv=notrunc status=none
    run --db "$corrupt" check
    [ "$rc" = 1 ] && grep -qi 'damaged\|problem' "$TMP/out" "$TMP/err"
    verdict "a corrupt database is reported, without crashing" $? "rc=$rc" "$(head -3 "$TMP/err" "$TMP/out")"

    local ro="$TMP/ro"
    mkdir -p "$ro"
    "$GUICHET" --db "$ro/desk.db" log --theme email --duration 15 >/dev/null
    chmod 400 "$ro/desk.db"
    chmod 755 "$ro"
    local before; before=$(md5sum <"$ro/desk.db")
    if [ "$(id -u)" = 0 ]; then
        chown 65534:65534 "$ro/desk.db"
        setpriv --reuid=65534 --regid=65534 --clear-groups env LANGUAGE=en "$GUICHET" --db "$ro/desk.db" \
            log --theme email --duration 15 >"$TMP/out" 2>"$TMP/err"
    else
        "$GUICHET" --db "$ro/desk.db" log --theme email --duration 15 >"$TMP/out" 2>"$TMP/err"
    fi
    rc=$?
    [ "$rc" = 1 ] && grep -q 'read-only' "$TMP/err" && [ "$before" = "$(md5sum <"$ro/desk.db")" ]
    verdict "a read-only database is refused with a clear message" $? "rc=$rc" "$(cat "$TMP/err")"
}

test_refuses_readable_database() {
    file_engine_only "a database file others can read" || return
    local shared="$TMP/shared.db"
    "$GUICHET" --db "$shared" log --theme email --duration 15 >/dev/null
    chmod 644 "$shared"
    local before; before=$(md5sum <"$shared")
    run --db "$shared" sessions
    [ "$rc" = 1 ] && grep -q "can be read by other users" "$TMP/err" &&
        grep -qF "chmod 600 '$shared'" "$TMP/err" && [ "$before" = "$(md5sum <"$shared")" ] &&
        [ "$(stat -c %a "$shared")" = 644 ]
    verdict "a database others can read is refused untouched, with the command that fixes it" $? \
        "rc=$rc $(cat "$TMP/err")"
    chmod 600 "$shared"
    run --db "$shared" sessions --format csv
    [ "$rc" = 0 ] && grep -q ',email,' "$TMP/out"
    verdict "once made private it opens again" $? "rc=$rc $(cat "$TMP/err")"
}

test_migrates_older_database() {
    file_engine_only "an older SQLite file migrated" || return
    # A real version-1 database: the first migration only, with one session in it.
    local old="$TMP/v1.db"
    sqlite3 "$old" <"$(dirname "$0")/../../data/migrations/001_schema.sql"
    sqlite3 "$old" "PRAGMA user_version = 1; PRAGMA journal_mode = WAL;
        INSERT INTO vocab VALUES ('theme', 'email', 'E-mail', 5);
        INSERT INTO help_session (started_at, duration_min, created_at, updated_at)
            VALUES ('2026-03-01 10:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z');
        INSERT INTO help_session_theme VALUES (1, 'email');" >/dev/null
    chmod 600 "$old"
    local migrations; migrations=$(ls "$(dirname "$0")"/../../data/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1) # the highest number
    run --db "$old" sessions --format csv
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "PRAGMA user_version")" = "$migrations" ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM sqlite_schema WHERE name = 'participant_search'")" = 1 ] &&
        grep -q '^1,2026-03-01 10:00,30,email,' "$TMP/out" && "$GUICHET" --db "$old" check >/dev/null &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM partner WHERE code = 'caf'")" = 1 ]
    verdict "an older database is migrated on open, its data kept" $? "rc=$rc $(cat "$TMP/err")"
}

# A new database is given the migrations' result at once (build/gen/schema.c, generated from
# them): it must be the very database that running every migration makes. One file is made new;
# the other from migration 001 by the sqlite3 shell (version 1), then migrated step by step by
# guichet (002 onwards, each in turn, as any older file is). Both get the shipped partners, the
# policy and the vocabulary at the same fixed time: only the place id prefix, drawn at random for
# each database (migration 014), differs, and is compared by its form.
test_new_database_is_the_migrated_one() {
    file_engine_only "a new SQLite file against one migrated" || return
    local fresh="$TMP/fresh.db" stepwise="$TMP/stepwise.db" other="$TMP/fresh-other.db" f
    sqlite3 "$stepwise" <"$(dirname "$0")/../../data/migrations/001_schema.sql"
    sqlite3 "$stepwise" "PRAGMA user_version = 1" && chmod 600 "$stepwise"
    "$GUICHET" --db "$stepwise" sessions >/dev/null && "$GUICHET" --db "$fresh" sessions >/dev/null &&
        "$GUICHET" --db "$other" sessions >/dev/null
    verdict "a new database and a version-1 one migrated step by step open" $?
    # The whole content (.dump: every object's SQL, every table's rows, the search indexes' own
    # tables and their config included), the objects in the same order (rowid of sqlite_schema:
    # the order SQLite loads them in) and the header's settings.
    for f in "$fresh" "$stepwise"; do
        sqlite3 "$f" .dump | sed -E 's/guichet-[0-9a-f]{8}/guichet-PREFIX/g' >"$f.dump"
        sqlite3 "$f" "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid" >"$f.order"
        for pragma in application_id user_version journal_mode page_size auto_vacuum encoding \
            integrity_check foreign_key_check; do
            printf '%s: %s\n' "$pragma" "$(sqlite3 "$f" "PRAGMA $pragma")"
        done >"$f.pragmas"
    done
    diff "$stepwise.dump" "$fresh.dump" >"$TMP/dump.diff"
    verdict "a new database holds what every migration makes: objects, rows, search indexes" $? \
        "$(head -c 2000 "$TMP/dump.diff")"
    diff "$stepwise.order" "$fresh.order" >"$TMP/order.diff"
    verdict "a new database's objects are in the migrations' order" $? "$(head -c 2000 "$TMP/order.diff")"
    diff "$stepwise.pragmas" "$fresh.pragmas" >"$TMP/pragmas.diff" &&
        grep -qx 'application_id: 1196771651' "$fresh.pragmas" && grep -qx 'journal_mode: wal' "$fresh.pragmas" &&
        grep -qx "user_version: $(sqlite3 "$stepwise" "PRAGMA user_version")" "$fresh.pragmas"
    verdict "a new database has the migrated one's application id, version and settings" $? \
        "$(cat "$TMP/pragmas.diff" "$fresh.pragmas")"
    local prefix prefixes
    prefix="SELECT value FROM setting WHERE key = 'place_id_prefix'"
    prefixes=$(for f in "$fresh" "$other" "$stepwise"; do sqlite3 "$f" "$prefix"; done | sort -u)
    [ "$(grep -cE '^guichet-[0-9a-f]{8}$' <<<"$prefixes")" = 3 ]
    verdict "each new database draws its own place id prefix, as migration 014 does" $? "$prefixes"
    run --db "$fresh" check
    local fresh_rc=$rc
    run --db "$stepwise" check
    [ "$fresh_rc" = 0 ] && [ "$rc" = 0 ]
    verdict "check passes on both" $? "rc=$fresh_rc and $rc: $(cat "$TMP/out" "$TMP/err")"
}

test_check_and_backup() {
    local db="$TMP/b.db"
    "$GUICHET" --db "$db" demo --sessions 500 >/dev/null
    run --db "$db" check
    [ "$rc" = 0 ] && grep -q 'sound' "$TMP/out"
    verdict "check on a sound database" $? "$(cat "$TMP/out" "$TMP/err")"

    if on_postgresql; then # the server checks every reference: only its superuser can skip that
        # the reference broken past the server's checks; the code changed as any write, counted
        sqlite3 "$db" "SET session_replication_role = replica; INSERT INTO help_session_theme VALUES (999999, 'email'); SET session_replication_role = origin; UPDATE help_session SET place = 'lune' WHERE id = 3"
    else
        sqlite3 "$db" "PRAGMA foreign_keys = OFF; INSERT INTO help_session_theme VALUES (999999, 'email'); UPDATE help_session SET place = 'lune' WHERE id = 3"
    fi
    run --db "$db" check
    [ "$rc" = 1 ] && grep -q 'help_session_theme row' "$TMP/out" && grep -q 'unknown place code "lune"' "$TMP/out"
    verdict "check reports broken references and unknown codes" $? "$(cat "$TMP/out")"
    sqlite3 "$db" "DELETE FROM help_session_theme WHERE session_id = 999999; UPDATE help_session SET place = 'autre' WHERE id = 3"

    # Back up while two other desks keep writing.
    local i
    for w in 1 2; do
        ( for i in $(seq 1 40); do "$GUICHET" --db "$db" log --theme email --duration 15 >/dev/null || echo "writer failed" >>"$TMP/writers"; done ) &
    done
    run --db "$db" backup "$TMP/copy.db"
    local backup_rc=$rc
    wait
    # The copy is an SQLite file whatever the engine.
    local copied; copied=$(file_sqlite3 "$TMP/copy.db" "SELECT count(*) FROM help_session")
    [ "$backup_rc" = 0 ] && [ "$(stat -c %a "$TMP/copy.db")" = 600 ] && [ "$copied" -ge 500 ] &&
        [ ! -e "$TMP/writers" ] && [ "$(count "$db" help_session)" = 580 ] &&
        file_guichet --db "$TMP/copy.db" check >/dev/null
    verdict "backup while other desks write: private, consistent copy" $? "rc=$backup_rc copied=$copied"
    run --db "$db" backup "$TMP/copy.db"
    [ "$rc" = 1 ] && grep -q 'already exists' "$TMP/err"
    verdict "backup never overwrites a file" $? "rc=$rc"
    run --db "$db" backup "$TMP/copy2.db" "$TMP/copy3.db"
    [ "$rc" = 2 ] && [ ! -e "$TMP/copy2.db" ]
    verdict "backup with two file names is a usage error" $? "rc=$rc"
}

test_demo() {
    run --db "$TMP/d1.db" demo --sessions 3000 --seed 7
    local n; n=$(count "$TMP/d1.db" help_session)
    local years; years=$(sqlite3 "$TMP/d1.db" "SELECT count(DISTINCT substr(started_at, 1, 4)) FROM help_session")
    local future; future=$(sqlite3 "$TMP/d1.db" "SELECT count(*) FROM help_session WHERE started_at > '2026-03-14 10:30'")
    local sites; sites=$(count "$TMP/d1.db" site)
    [ "$rc" = 0 ] && [ "$n" = 3000 ] && [ "$years" -ge 3 ] && [ "$future" = 0 ] && [ "$sites" = 3 ] &&
        "$GUICHET" --db "$TMP/d1.db" check >/dev/null
    verdict "demo spreads realistic sessions over several years" $? "n=$n years=$years future=$future sites=$sites"
    "$GUICHET" --db "$TMP/d2.db" demo --sessions 3000 --seed 7 >/dev/null
    "$GUICHET" --db "$TMP/d1.db" sessions --format csv >"$TMP/d1.csv"
    "$GUICHET" --db "$TMP/d2.db" sessions --format csv >"$TMP/d2.csv"
    cmp -s "$TMP/d1.csv" "$TMP/d2.csv"
    verdict "demo with the same seed gives the same data" $?
    run --db "$TMP/d3.db" demo --sessions 0
    [ "$rc" = 2 ] && no_database "$TMP/d3.db"
    verdict "demo refuses a count of zero before touching anything" $? "rc=$rc"
}

test_log_records_and_prints_ids
test_log_refuses_bad_input
test_log_stores_clean_text
test_sessions_csv_golden
test_table_output_is_sanitised
test_themes_lists_vocabularies
test_languages
test_global_options
test_database_location
test_refuses_bad_databases
test_refuses_readable_database
test_migrates_older_database
test_new_database_is_the_migrated_one
test_check_and_backup
test_demo
finish
