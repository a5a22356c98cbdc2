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
# A backup is an SQLite file on both engines (of a server's database, a portable copy): read with
# the sqlite3 shell itself, and opened by guichet as the file it is.
copy_sessions() { file_sqlite3 "$1" "SELECT count(*) FROM help_session"; }
# stem DB: what the names of DB's daily copies start with: the file's name without .db; on
# PostgreSQL, the name of the database DB stands for.
stem() {
    if on_postgresql; then pg_target_for "$1" | sed 's/.*dbname=//'; else basename "$1" .db; fi
}

test_rotation() {
    mkdir -p "$DESK"
    "$GUICHET" --db "$DB" demo --sessions 300 >/dev/null
    STEM=$(stem "$DB")
    local copy="$ROTATION/$STEM-2026-03-17.db" what="backup writes today's private copy in a private folder beside the database"
    if on_postgresql; then
        # A server's database has no folder beside it: the rotation's is named once.
        run --db "$DB" backup
        [ "$rc" = 1 ] && grep -q 'name one with guichet backup --dir FOLDER' "$TMP/err" && [ ! -e "$ROTATION" ] &&
            [ ! -s "$TMP/out" ]
        verdict "on a server, the daily backup asks for its folder (--dir) once, and writes nothing" $? \
            "rc=$rc $(cat "$TMP/out" "$TMP/err")"
        run --db "$DB" backup --dir "$ROTATION"
        what="backup --dir writes today's private copy in a private folder"
    else
        run --db "$DB" backup
    fi
    [ "$rc" = 0 ] && [ -f "$copy" ] && [ "$(stat -c %a "$copy")" = 600 ] &&
        [ "$(stat -c %a "$ROTATION")" = 700 ] && grep -qF "$copy" "$TMP/out" &&
        grep -q 'the newest 7 are kept' "$TMP/out" && [ "$(copy_sessions "$copy")" = 300 ] &&
        file_guichet --db "$copy" check >/dev/null
    verdict "$what" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    log_one
    run --db "$DB" backup
    [ "$rc" = 0 ] && [ "$(ls "$ROTATION" | wc -l)" = 1 ] && [ "$(copy_sessions "$copy")" = 301 ]
    verdict "a second backup the same day replaces that day's copy" $? "$(ls "$ROTATION")"

    # --if-due, the desk's daily copy: written only when the day has none.
    local inode; inode=$(stat -c %i "$copy")
    log_one
    run --db "$DB" backup --if-due
    [ "$rc" = 0 ] && [ "$(stat -c %i "$copy")" = "$inode" ] && [ "$(copy_sessions "$copy")" = 301 ] &&
        grep -qF "Today's backup is already written: $copy" "$TMP/out"
    verdict "backup --if-due leaves the day's copy alone and says where it is" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    GUICHET_NOW="2026-03-18 09:00" run --db "$DB" backup --if-due
    [ "$rc" = 0 ] && [ "$(copy_sessions "$ROTATION/$STEM-2026-03-18.db")" = 302 ] &&
        grep -qF "$ROTATION/$STEM-2026-03-18.db" "$TMP/out"
    verdict "backup --if-due writes the copy of a day that has none" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    rm -f "$ROTATION/$STEM-2026-03-18.db"
    # Only a guichet database counts as the day's copy: an empty file is replaced by one, a
    # folder of its name is left alone and the failure names the copy.
    : >"$ROTATION/$STEM-2026-03-18.db"
    GUICHET_NOW="2026-03-18 09:00" run --db "$DB" backup --if-due
    [ "$rc" = 0 ] && [ "$(copy_sessions "$ROTATION/$STEM-2026-03-18.db")" = 302 ] &&
        grep -qF "Backup written to $ROTATION/$STEM-2026-03-18.db" "$TMP/out"
    verdict "backup --if-due takes an empty file of today's name for no copy, and writes it" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    rm -f "$ROTATION/$STEM-2026-03-18.db"
    mkdir "$ROTATION/$STEM-2026-03-18.db"
    GUICHET_NOW="2026-03-18 09:00" run --db "$DB" backup --if-due
    [ "$rc" = 1 ] && [ -d "$ROTATION/$STEM-2026-03-18.db" ] &&
        grep -qF "$ROTATION/$STEM-2026-03-18.db" "$TMP/err" && ! grep -q "already" "$TMP/out"
    verdict "backup --if-due takes a folder of today's name for no copy, and the failure names the copy" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    rmdir "$ROTATION/$STEM-2026-03-18.db"
    ln -s "$DB" "$ROTATION/$STEM-2026-03-18.db"
    GUICHET_NOW="2026-03-18 09:00" run --db "$DB" backup --if-due
    [ "$rc" = 0 ] && [ ! -L "$ROTATION/$STEM-2026-03-18.db" ] && [ "$(copy_sessions "$ROTATION/$STEM-2026-03-18.db")" = 302 ] &&
        grep -qF "Backup written to $ROTATION/$STEM-2026-03-18.db" "$TMP/out"
    verdict "backup --if-due takes a symbolic link of today's name (to the database itself) for no copy" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err"; ls -l "$ROTATION")"
    rm -f "$ROTATION/$STEM-2026-03-18.db"
    run --db "$DB" backup --if-due "$TMP/one.db"
    [ "$rc" = 2 ] && [ ! -e "$TMP/one.db" ] && grep -q -- "--if-due are for the daily rotation" "$TMP/err"
    verdict "backup --if-due FILE is refused (exit 2), nothing written" $? "rc=$rc $(cat "$TMP/err")"

    touch "$ROTATION/notes.txt" "$ROTATION/other-2026-01-01.db" "$ROTATION/$STEM-old.db"
    local day
    for day in 18 19 20 21; do
        GUICHET_NOW="2026-03-$day 19:00" "$GUICHET" --db "$DB" backup --keep 3 >"$TMP/out" 2>"$TMP/err"
    done
    [ "$(cd "$ROTATION" && ls "$STEM"-2026-* | tr '\n' ' ')" = \
        "$STEM-2026-03-19.db $STEM-2026-03-20.db $STEM-2026-03-21.db " ] &&
        grep -q '1 older copy removed' "$TMP/out" &&
        [ -f "$ROTATION/notes.txt" ] && [ -f "$ROTATION/other-2026-01-01.db" ] && [ -f "$ROTATION/$STEM-old.db" ]
    verdict "--keep 3: the three newest copies stay, other files in the folder are left alone" $? \
        "$(ls "$ROTATION")" "$(cat "$TMP/out" "$TMP/err")"
}

test_plan_remembered() {
    (cd "$TMP" && "$GUICHET" --db "$DB" backup --dir elsewhere --keep 2 >"$TMP/out" 2>"$TMP/err")
    GUICHET_NOW="2026-03-22 19:00" run --db "$DB" backup
    GUICHET_NOW="2026-03-23 19:00" run --db "$DB" backup
    [ "$rc" = 0 ] && [ "$(ls "$TMP/elsewhere" | tr '\n' ' ')" = "$STEM-2026-03-22.db $STEM-2026-03-23.db " ] &&
        grep -qF "$TMP/elsewhere" "$TMP/out" && [ ! -e "$ROTATION/$STEM-2026-03-22.db" ]
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
    file_engine_only "a backup name with escape sequences is shown inert" || return
    run --db "$DB" restore $'\e]0;pwned\a\e[31m.db'
    [ "$rc" = 1 ] && grep -q 'cannot read' "$TMP/err" && ! LC_ALL=C grep -qaE $'\e|\a' "$TMP/out" "$TMP/err"
    verdict "a backup name with escape sequences is shown inert" $? "rc=$rc"
}

test_restore_sound() {
    file_engine_only "restore puts the backup in place, keeps the replaced database; --dry-run; undone" || return
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

# On a server, restore is its operators' (pg_restore): refused at once, a dry run too, nothing written.
test_restore_refused_on_server() {
    on_postgresql || return 0
    local backup="$TMP/elsewhere/$STEM-2026-03-22.db" now listing dry
    now=$(sessions "$DB")
    listing=$(ls "$DESK")
    run --db "$DB" restore --dry-run "$backup"
    dry="$rc $(cat "$TMP/err")"
    run --db "$DB" restore "$backup"
    [ "${dry%% *}" = 1 ] && grep -qF 'pg_restore); nothing was written' <<<"$dry" &&
        [ "$rc" = 1 ] && grep -qF 'pg_restore); nothing was written' "$TMP/err" &&
        [ "$(sessions "$DB")" = "$now" ] && [ "$listing" = "$(ls "$DESK")" ]
    verdict "on a server, restore and restore --dry-run are refused at once, nothing written" $? \
        "dry run: $dry" "restore: rc=$rc $(cat "$TMP/err")"
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
    file_engine_only "what restore refuses: not a database, another program's, newer, damaged, missing, itself; usage; French" || return
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

# A backup whose schema is not the migrations' passes SQLite's own checks: restored as sound, its
# reports would drift from the next write on (found by testers). Each object is named, by restore
# (nothing replaced) as by check; a count table damaged by hand is refused too. A database so
# damaged is not backed up either.
test_restore_schema() {
    file_engine_only "a backup or database with a schema object or count not guichet's: named, not restored, not backed up" || return
    local good="$TMP/elsewhere/guichet-2026-03-23.db" f damage what bad=
    for damage in \
        "dropped:DROP TRIGGER session_tally_insert:the trigger \"session_tally_insert\" is missing" \
        "added:CREATE TRIGGER audit_extra AFTER INSERT ON site BEGIN SELECT 1; END:the trigger \"audit_extra\" is not one guichet creates" \
        "altered:DROP INDEX referral_by_time; CREATE INDEX referral_by_time ON referral(referred_at DESC):the index \"referral_by_time\" differs from the one guichet creates" \
        "counts:UPDATE session_tally SET sessions = sessions + 1 WHERE dim = 'total' AND day = (SELECT max(day) FROM session_tally):report counts differ from the sessions: total"; do
        IFS=: read -r f damage what <<<"$damage"
        cp "$good" "$TMP/schema-$f.db"
        sqlite3 "$TMP/schema-$f.db" "$damage"
        refused "a backup with a $f schema object or count is not restored, and says which" "$TMP/schema-$f.db" \
            "is damaged (its schema or its report counts"
        grep -qF "$what" "$TMP/err" || bad="$bad [$f: restore: $(cat "$TMP/err")]"
        run --db "$DB" restore --dry-run "$TMP/schema-$f.db"
        [ "$rc" = 1 ] && grep -qF "$what" "$TMP/err" || bad="$bad [$f: --dry-run: rc=$rc $(cat "$TMP/err")]"
        run --db "$TMP/schema-$f.db" check
        [ "$rc" = 1 ] && grep -qF "$what" "$TMP/out" || bad="$bad [$f: check: rc=$rc $(cat "$TMP/out")]"
    done
    [ -z "$bad" ]
    verdict "restore, restore --dry-run and check name the trigger, index or count that differs" $? "$bad"
    run --db "$TMP/schema-dropped.db" backup "$TMP/of-dropped.db"
    [ "$rc" = 1 ] && [ ! -e "$TMP/of-dropped.db" ] &&
        grep -qF 'the trigger "session_tally_insert" is missing' "$TMP/err" &&
        [ -z "$(ls "$TMP" | grep 'of-dropped')" ]
    verdict "a database whose trigger was dropped is not backed up" $? "rc=$rc $(cat "$TMP/err")"
}

test_restore_damaged() {
    local db="$TMP/hurt/guichet.db"
    mkdir -p "$TMP/hurt"
    "$GUICHET" --db "$db" demo --sessions 200 >/dev/null
    "$GUICHET" --db "$db" backup "$TMP/hurt-backup.db" >/dev/null
    file_engine_only "a damaged database is moved aside with its log, and the backup restored in its place" || return
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

# A damaged database is not backed up: no damaged copy takes a name, and the rotation keeps the
# good copies instead of pushing them out (they were all replaced by damaged ones, found by a
# tester).
test_no_backup_of_damage() {
    file_engine_only "a damaged database is not backed up, and the rotation keeps the good copies" || return
    local db="$TMP/sick/guichet.db" good
    mkdir -p "$TMP/sick/backups"
    "$GUICHET" --db "$db" demo --sessions 300 >/dev/null
    "$GUICHET" --db "$db" backup "$TMP/sick/backups/guichet-2026-03-10.db" >/dev/null
    good=$(fingerprint "$TMP/sick/backups/guichet-2026-03-10.db")
    printf '\xde\xad\xbe\xef%.0s' $(seq 500) | dd of="$db" bs=1 seek=20000 conv=notrunc status=none
    run --db "$db" backup "$TMP/sick/one.db"
    local one=$rc
    local d
    for d in 15 16 17; do
        GUICHET_NOW="2026-03-$d 20:00" run --db "$db" backup --keep 1
        [ "$rc" = 1 ] || break
    done
    [ "$one" = 1 ] && [ "$rc" = 1 ] && [ ! -e "$TMP/sick/one.db" ] && grep -q "is damaged" "$TMP/err" &&
        [ "$(ls "$TMP/sick/backups")" = guichet-2026-03-10.db ] &&
        [ "$(fingerprint "$TMP/sick/backups/guichet-2026-03-10.db")" = "$good" ]
    verdict "a damaged database is not backed up, and the rotation keeps the good copies" $? \
        "one=$one rc=$rc $(cat "$TMP/err")" "$(ls -la "$TMP/sick" "$TMP/sick/backups")"
}

test_restore_elsewhere() {
    file_engine_only "restore onto a computer without a database; an older backup migrated as it is restored" || return
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
    local migrations; migrations=$(ls "$(dirname "$0")"/../../data/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1) # the highest number
    run --db "$db" restore "$old"
    [ "$rc" = 0 ] && [ "$(sessions "$db")" = 1 ] && [ "$(sqlite3 "$db" "PRAGMA user_version")" = "$migrations" ] &&
        [ "$(sqlite3 "$db" "SELECT sessions FROM session_tally WHERE dim = 'total'")" = 1 ]
    verdict "an older backup is migrated as it is restored" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# no_companions FILE: nothing was created beside FILE.
no_companions() { [ ! -e "$1-wal" ] && [ ! -e "$1-shm" ] && [ ! -e "$1-journal" ]; }

test_foreign_files() {
    file_engine_only "a text file or another program's SQLite database as --db: refused, nothing changed or made" || return
    local dir="$TMP/foreign"
    mkdir -p "$dir"
    local text="$dir/passwd.db" before cmd all=0
    cp /etc/passwd "$text"
    chmod 600 "$text"
    before=$(fingerprint "$text")
    for cmd in "sessions" "log --theme email --duration 15" "check" "backup" "backup $dir/copy.db" \
        "restore $TMP/hurt-backup.db"; do
        # shellcheck disable=SC2086
        run --db "$text" $cmd
        { [ "$rc" = 1 ] && grep -q 'not a database at all' "$TMP/err" && ! grep -q 'restore it' "$TMP/err"; } ||
            { all=1; echo "    $cmd: rc=$rc $(cat "$TMP/err")"; }
    done
    [ "$all" = 0 ] && [ "$before" = "$(fingerprint "$text")" ] && no_companions "$text" &&
        [ "$(ls "$dir")" = passwd.db ]
    verdict "--db on a text file: every command says it is not a database, changes and creates nothing" $? \
        "$(ls -la "$dir")"

    timeout 60 "$GUICHET" --db "$text" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 1 ] && grep -q 'not a database at all' "$TMP/err" && [ "$before" = "$(fingerprint "$text")" ] &&
        no_companions "$text"
    verdict "the desk on a text file says it is not a database and changes nothing" $? "rc=$rc $(cat "$TMP/err")"

    local wal="$dir/notes.db" marked="$dir/marked.db"
    sqlite3 "$wal" "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')" >/dev/null
    sqlite3 "$marked" "PRAGMA application_id = 42; CREATE TABLE t (x)"
    chmod 600 "$wal" "$marked"
    local f ok=0
    for f in "$wal" "$marked"; do
        before=$(fingerprint "$f")
        run --db "$f" sessions
        [ "$rc" = 1 ] && grep -q 'not a guichet database' "$TMP/err" && [ "$before" = "$(fingerprint "$f")" ] &&
            no_companions "$f" || { ok=1; echo "    $f: rc=$rc $(cat "$TMP/err")"; }
        run --db "$f" restore "$TMP/hurt-backup.db"
        [ "$rc" = 1 ] && grep -q 'does not replace it' "$TMP/err" && [ "$before" = "$(fingerprint "$f")" ] &&
            no_companions "$f" || { ok=1; echo "    restore over $f: rc=$rc $(cat "$TMP/err")"; }
    done
    [ "$ok" = 0 ] && [ "$(ls "$dir" | wc -l)" = 3 ]
    verdict "another program's SQLite database (WAL, or with its own mark) is refused: no restore offered, no -wal or -shm made" $? \
        "$(ls "$dir")"
}

test_check_creates_nothing() {
    run --db "$TMP/nowhere/deeper/guichet.db" check
    # On a server, the database it stands for is missing: said as such.
    local missing='there is no database at'
    on_postgresql && missing='has no such database: create it first'
    [ "$rc" = 1 ] && grep -q "$missing" "$TMP/err" && [ ! -e "$TMP/nowhere" ]
    verdict "check on a missing path is a clear error, and creates neither folder nor file" $? \
        "rc=$rc $(cat "$TMP/err")"
    file_engine_only "check on an empty file, or a closed database, writes nothing into it or beside it" || return
    : >"$TMP/empty.db"
    chmod 600 "$TMP/empty.db"
    run --db "$TMP/empty.db" check
    [ "$rc" = 1 ] && grep -q 'holds no database yet' "$TMP/err" && [ ! -s "$TMP/empty.db" ] &&
        no_companions "$TMP/empty.db"
    verdict "check on an empty file says so and writes nothing into it" $? "rc=$rc $(cat "$TMP/err")"
    local before; before=$(fingerprint "$DB")
    no_companions "$DB" && run --db "$DB" check
    [ "$rc" = 0 ] && [ "$before" = "$(fingerprint "$DB")" ] && no_companions "$DB"
    verdict "check on a closed database reads only: no -wal or -shm left beside it" $? \
        "rc=$rc $(ls "$DESK")"
}

test_stale_parts() {
    # A part whose process is gone (a pid that has ended), and one of a live process (this shell).
    local dead; sh -c 'exit 0' & dead=$!; wait "$dead"
    local stale="$ROTATION/$STEM-2026-03-17.db.part$dead" live="$ROTATION/$STEM-2026-03-16.db.part$$"
    local other="$ROTATION/notes.txt.part$dead"
    mkdir -p "$ROTATION"
    sqlite3 "$DB" "UPDATE setting SET value = '$ROTATION' WHERE key = 'backup_dir'"
    # A part is an SQLite file being filled; another program's file named like one is left alone.
    part_content() { printf 'SQLite format 3\0%s' "$1"; }
    part_content "half a copy" >"$stale"; echo x >"$stale-journal"; part_content "being written" >"$live"
    echo y >"$other"
    run --db "$DB" backup
    [ "$rc" = 0 ] && [ ! -e "$stale" ] && [ ! -e "$stale-journal" ] && [ -e "$live" ] && [ -e "$other" ] &&
        ! ls "$ROTATION" | grep -q "part$BASHPID\$"
    verdict "a part left by a killed backup is removed by the next one; a live one and other files stay" $? \
        "$(ls "$ROTATION")"
    rm -f "$live" "$other"

    local copy="$TMP/one-off.db"
    part_content "half a copy" >"$copy.part$dead"
    run --db "$DB" backup "$copy"
    [ "$rc" = 0 ] && [ ! -e "$copy.part$dead" ] && [ -f "$copy" ] && [ "$(ls "$TMP" | grep -c 'one-off.db.part')" = 0 ]
    verdict "backup FILE removes a stale FILE.partPID and leaves no part of its own" $? "$(ls "$TMP")"

    # A killed one-off backup's part, whatever name it was to take, goes with the next backup
    # to that folder (it stayed until a backup to the very same name, found by a tester).
    mkdir -p "$TMP/kb"
    part_content "half of b" >"$TMP/kb/b.db.part$dead"
    run --db "$DB" backup "$TMP/kb/c.db"
    [ "$rc" = 0 ] && [ "$(ls "$TMP/kb")" = c.db ]
    verdict "a killed backup's part is removed by the next backup to that folder, under any name" $? "$(ls "$TMP/kb")"

    file_engine_only "restore removes a part left by a killed restore, and leaves none" || return
    part_content "half a restore" >"$DESK/guichet.db.part$dead"
    GUICHET_NOW="2026-03-17 10:05" run --db "$DB" restore "$copy"
    [ "$rc" = 0 ] && [ ! -e "$DESK/guichet.db.part$dead" ] && [ "$(ls "$DESK" | grep -c '\.part')" = 0 ]
    verdict "restore removes a part left by a killed restore, and leaves none" $? "rc=$rc $(ls "$DESK")"
}

test_page_sizes() {
    file_engine_only "databases with pages of 512, 8192 and 65536 bytes are backed up and restored" || return
    local size db all=0 seed="$TMP/pages-seed.db"
    "$GUICHET" --db "$seed" demo --sessions 100 >/dev/null
    for size in 512 8192 65536; do
        db="$TMP/pages-$size/guichet.db"
        mkdir -p "$(dirname "$db")"
        cp "$seed" "$db"
        sqlite3 "$db" "PRAGMA journal_mode = DELETE; PRAGMA page_size = $size; VACUUM; PRAGMA journal_mode = WAL" >/dev/null
        [ "$(sqlite3 "$db" "PRAGMA page_size")" = "$size" ] || all=1
        # A copy, then a restore of it over the desk's database, whose pages differ.
        "$GUICHET" --db "$db" backup "$db.copy" >"$TMP/out" 2>"$TMP/err" &&
            "$GUICHET" --db "$DB" restore "$db.copy" >>"$TMP/out" 2>>"$TMP/err" &&
            [ "$(sessions "$DB")" = 100 ] && [ "$(sqlite3 "$db.copy" "PRAGMA page_size")" = "$size" ] &&
            "$GUICHET" --db "$db.copy" check >/dev/null || { all=1; echo "    $size: $(cat "$TMP/err")"; }
    done
    [ "$all" = 0 ]
    verdict "databases with pages of 512, 8192 and 65536 bytes are backed up and restored" $?
}

test_full_disk() {
    local mnt="$TMP/small-disk"
    mkdir -p "$mnt"
    if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=256k,mode=700 tmpfs "$mnt" 2>/dev/null; then
        ok "a backup to a full disk names that disk (skipped: mounting a small disk needs root)"
        return
    fi
    run --db "$DB" backup "$mnt/copy.db"
    local one=$rc err1; err1=$(cat "$TMP/err")
    run --db "$DB" backup --dir "$mnt/rotation"
    [ "$one" = 1 ] && grep -qF "$mnt/copy.db" <<<"$err1" && grep -q 'full' <<<"$err1" &&
        ! grep -qF "$DB" <<<"$err1" && [ "$rc" = 1 ] && grep -qF "$mnt/rotation/$STEM-" "$TMP/err" &&
        grep -q 'full' "$TMP/err" && [ -z "$(ls "$mnt/rotation")" ] && [ ! -e "$mnt/copy.db" ] &&
        [ -z "$(ls "$mnt" | grep -v rotation)" ]
    verdict "a backup to a full disk names the destination and leaves no part or journal there" $? \
        "$err1 $(cat "$TMP/err")" "$(ls -R "$mnt")"
    umount "$mnt"
    sqlite3 "$DB" "UPDATE setting SET value = '$ROTATION' WHERE key = 'backup_dir'"
}

# Two desks starting together: the day's copy is written once (the second sees the first's part
# being written), and the day's purge runs once (its day read under the write lock).
test_daily_work_once() {
    local d="$TMP/once" db writer
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" log --theme email --duration 15 >/dev/null || { not_ok "setup for the daily work"; return; }
    if on_postgresql; then
        # A server's daily copies need their folder named once; the day then starts with none.
        "$GUICHET" --db "$db" backup --dir "$d/backups" >/dev/null && rm "$d/backups/"*.db ||
            { not_ok "setup for the daily work: naming the folder"; return; }
    fi
    local copy; copy="$(stem "$db")-2026-03-20.db"
    rm -f "$TMP/hold" "$TMP/hold.held"
    GUICHET_NOW="2026-03-20 09:00" GUICHET_TEST_HOLD_BACKUP="$TMP/hold" "$GUICHET" --db "$db" backup --if-due \
        >/dev/null 2>&1 &
    writer=$!
    eventually test -e "$TMP/hold.held"
    GUICHET_NOW="2026-03-20 09:00" run --db "$db" backup --if-due
    local second=$rc parts
    parts=$(ls "$d/backups" | grep -c '\.part')
    touch "$TMP/hold"
    wait "$writer"
    local first=$?
    [ "$second" = 0 ] && grep -qF "Today's backup is being written by another process: $d/backups/$copy" "$TMP/out" &&
        [ "$parts" = 1 ] && [ "$first" = 0 ] && [ "$(ls "$d/backups")" = "$copy" ]
    verdict "backup --if-due leaves the day's copy to the process already writing it" $? \
        "first=$first second=$second parts=$parts $(cat "$TMP/out" "$TMP/err"; ls "$d/backups")"
    GUICHET_NOW="2026-03-20 09:05" run --db "$db" purge --if-due
    local once=$rc
    GUICHET_NOW="2026-03-20 09:06" run --db "$db" purge --if-due
    [ "$once" = 0 ] && [ "$rc" = 0 ] && grep -q "Today's purge has already run." "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'purge'")" = 1 ]
    verdict "purge --if-due runs once a day" $? "rc=$once/$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" purge --if-due --dry-run
    [ "$rc" = 2 ]
    verdict "purge --if-due --dry-run is refused" $? "rc=$rc $(cat "$TMP/err")"
}

test_restore_checks_text() {
    file_engine_only "restore checks the backup's text (escapes, BEL, invalid UTF-8, bidi), --force, in French" || return
    local src="$TMP/text-src.db" dirty="$TMP/dirty.db" clean="$TMP/clean-lines.db"
    "$GUICHET" --db "$src" demo --sessions 50 >/dev/null
    "$GUICHET" --db "$src" partner import "$(dirname "$0")/../../../shared/standards/mednum/exemple-valide.csv" >/dev/null 2>&1 ||
        sqlite3 "$src" "UPDATE partner SET mednum_extra = 'itinerance' || char(9) || 'oui' || char(10) WHERE id = 1"
    "$GUICHET" --db "$src" backup "$clean" >/dev/null
    run --db "$DB" restore --dry-run "$clean"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$clean" "SELECT count(*) FROM partner WHERE instr(mednum_extra, char(9))")" -ge 1 ]
    verdict "the place standard's extra lines (tabs, line feeds) pass the text check" $? "rc=$rc $(cat "$TMP/err")"

    sqlite3 "$src" "UPDATE participant SET name = 'Eve' || char(27) || '[2J' WHERE id IN (1, 2, 3);
        UPDATE partner SET notes = 'ring' || char(7) WHERE id = 1;
        UPDATE workshop SET title = CAST(X'4361666580FF' AS TEXT) WHERE id = 1;
        UPDATE site SET name = 'Nord' || char(8238) || 'droS' WHERE id = 1"
    "$GUICHET" --db "$src" backup "$dirty" >/dev/null
    local before; before=$(fingerprint "$DB")
    run --db "$DB" restore "$dirty"
    [ "$rc" = 1 ] && grep -q 'participant.name: 3 values' "$TMP/err" && grep -q 'partner.notes: 1 value' "$TMP/err" &&
        grep -q 'workshop.title: 1 value' "$TMP/err" && grep -q 'site.name: 1 value' "$TMP/err" &&
        grep -q -- '--force' "$TMP/err" && grep -q 'Eve' "$TMP/err" &&
        ! LC_ALL=C grep -qaP '\x1b|\x07|\x80|\xff|\xe2\x80\xae' "$TMP/err" && [ "$before" = "$(fingerprint "$DB")" ]
    verdict "restore refuses a backup with escapes, BEL, invalid UTF-8 or a bidi override, listing them inert" $? \
        "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" restore --dry-run "$dirty"
    [ "$rc" = 1 ] && grep -q 'participant.name: 3 values' "$TMP/err" && [ "$before" = "$(fingerprint "$DB")" ]
    verdict "restore --dry-run reports the same text and fails" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$DB" restore --force "$dirty"
    [ "$rc" = 0 ] && grep -q -- '--force' "$TMP/out" && [ "$(sqlite3 "$DB" "SELECT count(*) FROM participant WHERE name LIKE 'Eve%'")" = 3 ]
    verdict "restore --force restores it all the same" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    LANGUAGE=fr run --db "$DB" restore "$dirty"
    grep -q 'participant.name' "$TMP/err" && grep -q 'ne reconnaît pas' "$TMP/err"
    verdict "the refusal is in French" $? "$(cat "$TMP/err")"
    run --db "$DB" restore "$clean"
}

test_rotation
test_plan_remembered
test_hostile_names
test_restore_refused_on_server
test_restore_sound
test_restore_refusals
test_restore_schema
test_restore_damaged
test_no_backup_of_damage
test_restore_elsewhere
test_foreign_files
test_check_creates_nothing
test_stale_parts
test_page_sizes
test_full_disk
test_restore_checks_text
test_daily_work_once
finish
