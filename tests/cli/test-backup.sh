#!/usr/bin/env bash
# Backups and restore on the command line: the daily rotation (names, count kept, remembered
# folder, private files), and a restore that checks the backup first, keeps the database it
# replaces (a copy when sound, the file moved aside when damaged) and migrates an older backup.
# Usage: tests/cli/test-backup.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="backup and restore${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DESK="$TMP/desk"
DB="$DESK/guichet.db"
ROTATION="$DESK/backups"

sessions() { sqlite3 "$1" "SELECT count(*) FROM help_session"; }
log_one() { "$GUICHET" --db "$DB" log --theme email --duration 15 >/dev/null; }
fingerprint() { md5sum <"$1"; }

test_rotation() {
    mkdir -p "$DESK"
    "$GUICHET" --db "$DB" demo --sessions 300 >/dev/null
    run --db "$DB" backup
    local copy="$ROTATION/guichet-2026-03-17.db"
    [ "$rc" = 0 ] && [ -f "$copy" ] && [ "$(stat -c %a "$copy")" = 600 ] &&
        [ "$(stat -c %a "$ROTATION")" = 700 ] && grep -qF "$copy" "$TMP/out" &&
        grep -q 'the newest 7 are kept' "$TMP/out" && [ "$(sessions "$copy")" = 300 ] &&
        "$GUICHET" --db "$copy" check >/dev/null
    verdict "backup writes today's private copy in a private folder beside the database" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    log_one
    run --db "$DB" backup
    [ "$rc" = 0 ] && [ "$(ls "$ROTATION" | wc -l)" = 1 ] && [ "$(sessions "$copy")" = 301 ]
    verdict "a second backup the same day replaces that day's copy" $? "$(ls "$ROTATION")"

    touch "$ROTATION/notes.txt" "$ROTATION/other-2026-01-01.db" "$ROTATION/guichet-old.db"
    local day
    for day in 18 19 20 21; do
        GUICHET_NOW="2026-03-$day 19:00" "$GUICHET" --db "$DB" backup --keep 3 >"$TMP/out" 2>"$TMP/err"
    done
    [ "$(cd "$ROTATION" && ls guichet-2026-* | tr '\n' ' ')" = \
        "guichet-2026-03-19.db guichet-2026-03-20.db guichet-2026-03-21.db " ] &&
        grep -q '1 older copy removed' "$TMP/out" &&
        [ -f "$ROTATION/notes.txt" ] && [ -f "$ROTATION/other-2026-01-01.db" ] && [ -f "$ROTATION/guichet-old.db" ]
    verdict "--keep 3: the three newest copies stay, other files in the folder are left alone" $? \
        "$(ls "$ROTATION")" "$(cat "$TMP/out" "$TMP/err")"
}

test_plan_remembered() {
    (cd "$TMP" && "$GUICHET" --db "$DB" backup --dir elsewhere --keep 2 >"$TMP/out" 2>"$TMP/err")
    GUICHET_NOW="2026-03-22 19:00" run --db "$DB" backup
    GUICHET_NOW="2026-03-23 19:00" run --db "$DB" backup
    [ "$rc" = 0 ] && [ "$(ls "$TMP/elsewhere" | tr '\n' ' ')" = "guichet-2026-03-22.db guichet-2026-03-23.db " ] &&
        grep -qF "$TMP/elsewhere" "$TMP/out" && [ ! -e "$ROTATION/guichet-2026-03-22.db" ]
    verdict "--dir and --keep are remembered, a relative folder as an absolute one" $? \
        "$(ls "$TMP/elsewhere")" "$(cat "$TMP/out" "$TMP/err")"

    local before; before=$(sqlite3 "$DB" "SELECT group_concat(value) FROM setting WHERE key LIKE 'backup_%'")
    local bad all=0
    for bad in "--keep 0" "--keep 400" "--keep deux" "--dir="; do
        run --db "$DB" backup $bad
        [ "$rc" = 2 ] || all=1
    done
    run --db "$DB" backup "$TMP/one.db" --keep 3
    [ "$all" = 0 ] && [ "$rc" = 2 ] && [ ! -e "$TMP/one.db" ] &&
        [ "$before" = "$(sqlite3 "$DB" "SELECT group_concat(value) FROM setting WHERE key LIKE 'backup_%'")" ]
    verdict "bad --keep and --dir values, and --keep with a FILE, are refused; nothing changes" $? \
        "rc=$rc $(cat "$TMP/err")"

    chmod 500 "$TMP/elsewhere"
    local n; n=$(ls "$TMP/elsewhere" | wc -l)
    if [ "$(id -u)" = 0 ]; then
        # root writes anywhere: a folder path through a regular file fails for everyone.
        sqlite3 "$DB" "UPDATE setting SET value = '$TMP/one-file/sub' WHERE key = 'backup_dir'"
        touch "$TMP/one-file"
    fi
    GUICHET_NOW="2026-03-24 19:00" run --db "$DB" backup
    [ "$rc" = 1 ] && grep -q 'cannot create' "$TMP/err" && [ "$(ls "$TMP/elsewhere" | wc -l)" = "$n" ]
    verdict "a folder that cannot be written to gives a clear error" $? "rc=$rc $(cat "$TMP/err")"
    chmod 700 "$TMP/elsewhere"
    sqlite3 "$DB" "UPDATE setting SET value = '$TMP/elsewhere' WHERE key = 'backup_dir'"
}

test_hostile_names() {
    local before; before=$(sqlite3 "$DB" "SELECT group_concat(value) FROM setting WHERE key LIKE 'backup_%'")
    local bad all=0 value
    for value in $'caf\xff\xfe' $'x\e[2J\e]0;pwned\ay' $'  ' "$(head -c 5000 /dev/zero | tr '\0' a)"; do
        run --db "$DB" backup --dir "$value"
        [ "$rc" = 2 ] && [ -s "$TMP/err" ] && ! LC_ALL=C grep -qaE $'\e|\a|\xff' "$TMP/err" || all=1
    done
    [ "$all" = 0 ] &&
        [ "$before" = "$(sqlite3 "$DB" "SELECT group_concat(value) FROM setting WHERE key LIKE 'backup_%'")" ]
    verdict "a --dir with invalid UTF-8, escapes, only blanks or 5,000 characters is refused, shown inert" $? \
        "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" restore $'\e]0;pwned\a\e[31m.db'
    [ "$rc" = 1 ] && grep -q 'cannot read' "$TMP/err" && ! LC_ALL=C grep -qaE $'\e|\a' "$TMP/out" "$TMP/err"
    verdict "a backup name with escape sequences is shown inert" $? "rc=$rc"
}

test_restore_sound() {
    local backup="$TMP/elsewhere/guichet-2026-03-22.db" expected
    expected=$(sessions "$backup")
    log_one
    log_one
    local now; now=$(sessions "$DB")
    local before; before=$(fingerprint "$DB")
    run --db "$DB" restore --dry-run "$backup"
    [ "$rc" = 0 ] && grep -q "$expected help sessions" "$TMP/out" && grep -q 'sound guichet backup' "$TMP/out" &&
        [ "$before" = "$(fingerprint "$DB")" ] && [ "$(ls "$DESK" | grep -c restore)" = 0 ]
    verdict "restore --dry-run checks the backup, says what it holds and writes nothing" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    GUICHET_NOW="2026-03-24 11:30" run --db "$DB" restore "$backup"
    local kept="$DESK/guichet-before-restore-2026-03-24-1130.db"
    [ "$rc" = 0 ] && [ "$(sessions "$DB")" = "$expected" ] && [ -f "$kept" ] &&
        [ "$(sessions "$kept")" = "$now" ] && [ "$(stat -c %a "$kept")" = 600 ] &&
        [ "$(stat -c %a "$DB")" = 600 ] && grep -qF "$kept" "$TMP/out" && grep -q 'restored and sound' "$TMP/out" &&
        [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'restore'")" = 1 ]
    verdict "restore puts the backup in place, keeps the replaced database, and logs it" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    log_one
    [ "$(sessions "$DB")" = $((expected + 1)) ]
    verdict "the restored database takes new sessions" $? "$(sessions "$DB")"

    GUICHET_NOW="2026-03-24 11:30" run --db "$DB" restore "$kept"
    [ "$rc" = 0 ] && [ "$(sessions "$DB")" = "$now" ] && [ -f "$DESK/guichet-before-restore-2026-03-24-1130-2.db" ]
    verdict "a wrong restore is undone by restoring the kept copy, which is never overwritten" $? \
        "rc=$rc $(ls "$DESK")"
}

# refused NAME FILE PATTERN: restoring FILE fails with PATTERN and leaves the database as it was.
refused() {
    local before; before=$(fingerprint "$DB")
    local listing; listing=$(ls "$DESK")
    run --db "$DB" restore "$2"
    [ "$rc" != 0 ] && grep -q "$3" "$TMP/err" && [ "$before" = "$(fingerprint "$DB")" ] &&
        [ "$listing" = "$(ls "$DESK")" ]
    verdict "$1" $? "rc=$rc $(cat "$TMP/err")"
}

test_restore_refusals() {
    printf 'not a database at all\n' >"$TMP/text.db"
    refused "a file that is not a database is not restored" "$TMP/text.db" "not a guichet backup"
    sqlite3 "$TMP/foreign.db" "CREATE TABLE recipes (name TEXT)"
    refused "another program's database is not restored" "$TMP/foreign.db" "not a guichet backup"
    cp "$TMP/elsewhere/guichet-2026-03-23.db" "$TMP/newer.db"
    sqlite3 "$TMP/newer.db" "PRAGMA user_version = 99"
    refused "a backup from a newer guichet is not restored" "$TMP/newer.db" "newer guichet"
    cp "$TMP/elsewhere/guichet-2026-03-23.db" "$TMP/broken.db"
    dd if=/dev/urandom of="$TMP/broken.db" bs=4096 seek=4 count=30 conv=notrunc status=none
    refused "a damaged backup is not restored" "$TMP/broken.db" "damaged"
    refused "a missing file is not restored" "$TMP/missing.db" "cannot read"
    refused "the database itself is not restored over itself" "$DB" "the database itself"
    run --db "$DB" restore
    [ "$rc" = 2 ]
    verdict "restore without a file is a usage error" $? "rc=$rc"
    LANGUAGE=fr run --db "$DB" restore "$TMP/text.db"
    grep -q 'n’est pas une sauvegarde de guichet' "$TMP/err"
    verdict "restore's messages are in French" $? "$(cat "$TMP/err")"
}

test_restore_damaged() {
    local db="$TMP/hurt/guichet.db"
    mkdir -p "$TMP/hurt"
    "$GUICHET" --db "$db" demo --sessions 200 >/dev/null
    "$GUICHET" --db "$db" backup "$TMP/hurt-backup.db" >/dev/null
    "$GUICHET" --db "$db" log --theme email --duration 15 >/dev/null
    dd if=/dev/urandom of="$db" bs=4096 seek=3 count=20 conv=notrunc status=none
    printf 'stale log' >"$db-wal"
    local damaged; damaged=$(fingerprint "$db")
    run --db "$db" restore "$TMP/hurt-backup.db"
    local aside="$TMP/hurt/guichet-damaged-2026-03-17-1000.db"
    [ "$rc" = 0 ] && [ "$(sessions "$db")" = 200 ] && [ "$damaged" = "$(fingerprint "$aside")" ] &&
        [ "$(cat "$aside-wal")" = "stale log" ] && [ "$(stat -c %a "$db")" = 600 ] &&
        "$GUICHET" --db "$db" check >/dev/null
    verdict "a damaged database is moved aside with its log, and the backup restored in its place" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")" "$(ls -la "$TMP/hurt")"
}

test_restore_elsewhere() {
    # A new computer: no database yet, a backup brought on a USB key.
    local db="$TMP/new-computer/data/guichet.db"
    run --db "$db" restore "$TMP/hurt-backup.db"
    [ "$rc" = 0 ] && [ "$(sessions "$db")" = 200 ] && [ "$(stat -c %a "$db")" = 600 ] &&
        [ "$(ls "$TMP/new-computer/data" | grep -c restore)" = 0 ]
    verdict "restore onto a computer without a database creates it, private" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    # A version-1 backup: the first migration only, with one session in it.
    local old="$TMP/v1.db"
    sqlite3 "$old" <"$(dirname "$0")/../../data/migrations/001_schema.sql"
    sqlite3 "$old" "PRAGMA user_version = 1;
        INSERT INTO help_session (started_at, duration_min, created_at, updated_at)
            VALUES ('2026-03-01 10:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z');
        INSERT INTO help_session_theme VALUES (1, 'email');" >/dev/null
    local migrations; migrations=$(ls "$(dirname "$0")"/../../data/migrations/*.sql | wc -l)
    run --db "$db" restore "$old"
    [ "$rc" = 0 ] && [ "$(sessions "$db")" = 1 ] && [ "$(sqlite3 "$db" "PRAGMA user_version")" = "$migrations" ] &&
        [ "$(sqlite3 "$db" "SELECT sessions FROM session_tally WHERE dim = 'total'")" = 1 ]
    verdict "an older backup is migrated as it is restored" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_rotation
test_plan_remembered
test_hostile_names
test_restore_sound
test_restore_refusals
test_restore_damaged
test_restore_elsewhere
finish
