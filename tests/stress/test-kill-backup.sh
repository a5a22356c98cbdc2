#!/usr/bin/env bash
# Backups and restores killed with SIGKILL at moments spread over their whole run (from just
# after the start to past the end, as measured by a run that is not killed). After each kill
# the database passes `guichet check` and holds, row for row, either the old content or the
# new (compared through sqlite3 .dump), never an empty or partial database; a killed restore
# over a damaged database leaves that file byte for byte, or the restored one. The next backup
# or restore removes the parts the killed ones left.
# Usage: tests/stress/test-kill-backup.sh GUICHET_BINARY [ROUNDS] [LABEL]
set -u
GUICHET=$(realpath "$1")
ROUNDS=${2:-25}
SUITE="kills during backup and restore${3:+ ($3)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"

dump() { sqlite3 "$1" .dump | md5sum | cut -d' ' -f1; }
bytes() { md5sum <"$1" | cut -d' ' -f1; }
# seconds_of COMMAND…: how long COMMAND takes, in seconds (a decimal).
seconds_of() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
# moment K DURATION: the K-th of ROUNDS moments, spread from 2% to 110% of DURATION.
moment() { awk -v k="$1" -v n="$ROUNDS" -v d="$2" 'BEGIN { printf "%.3f", d * (0.02 + 1.08 * k / n) }'; }
# killed_after SECONDS COMMAND…: runs guichet with COMMAND, killed with SIGKILL after SECONDS
# (a moment chosen on purpose: this test is about the moment, not a wait for a condition).
killed_after() {
    local delay=$1
    shift
    "$GUICHET" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
parts_in() { find "$1" -maxdepth 1 -name '*.part*' | wc -l; }

# Two databases of a few MB: the one in place, and the one a backup brings back.
setup() {
    mkdir -p "$TMP/seed"
    "$GUICHET" --db "$TMP/seed/old.db" demo --sessions 2000 --seed 3 >/dev/null
    "$GUICHET" --db "$TMP/seed/new.db" demo --sessions 2000 --seed 5 >/dev/null
    "$GUICHET" --db "$TMP/seed/new.db" backup "$TMP/seed/backup.db" >/dev/null
    OLD=$(dump "$TMP/seed/old.db")
    # Backups are quick to copy: a bigger database (12 MB more, in settings no guichet reads:
    # a table of its own would be a schema backup refuses) makes the copy a good part of their
    # run. The rotation's folder is remembered in it: set first.
    cp "$TMP/seed/old.db" "$TMP/seed/big.db"
    sqlite3 "$TMP/seed/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
        INSERT INTO setting (key, value) SELECT 'test_padding_' || i, hex(randomblob(500000)) FROM n"
    mkdir -p "$TMP/rotation"
    BACKUP_TIME=$(seconds_of "$GUICHET" --db "$TMP/seed/big.db" backup --dir "$TMP/rotation")
    BIG=$(bytes "$TMP/seed/big.db")
    BIG_DUMP=$(dump "$TMP/seed/big.db")
    # What a restore that runs to its end gives (with its audit entry).
    mkdir -p "$TMP/ref"
    cp "$TMP/seed/old.db" "$TMP/ref/guichet.db"
    RESTORE_TIME=$(seconds_of "$GUICHET" --db "$TMP/ref/guichet.db" restore "$TMP/seed/backup.db")
    NEW=$(dump "$TMP/ref/guichet.db")
}

test_restore_killed() {
    local dir="$TMP/restore" db="$TMP/restore/guichet.db" k bad="" olds=0 news=0 sum
    mkdir -p "$dir"
    for ((k = 0; k < ROUNDS; k++)); do
        rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
        cp "$TMP/seed/old.db" "$db"
        killed_after "$(moment "$k" "$RESTORE_TIME")" --db "$db" restore "$TMP/seed/backup.db"
        if ! "$GUICHET" --db "$db" check >"$TMP/check" 2>&1; then
            bad="kill $k: check fails: $(head -3 "$TMP/check")"
            break
        fi
        sum=$(dump "$db")
        case $sum in
        "$OLD") olds=$((olds + 1)) ;;
        "$NEW") news=$((news + 1)) ;;
        *) bad="kill $k: the database is neither the old one nor the restored one"; break ;;
        esac
    done
    [ -z "$bad" ]
    verdict "restore killed $ROUNDS times over a sound database: check passes, the old content or the new each time" $? \
        "$bad (old $olds, new $news, restore takes ${RESTORE_TIME}s)"
    echo "    ($olds times the old database, $news times the restored one)"
    run --db "$db" restore "$TMP/seed/backup.db"
    [ "$rc" = 0 ] && [ "$(parts_in "$dir")" = 0 ] && [ "$(dump "$db")" = "$NEW" ]
    verdict "the next restore completes and removes every part the killed ones left" $? \
        "rc=$rc $(cat "$TMP/err") $(ls "$dir")"
}

test_restore_killed_over_damage() {
    local dir="$TMP/damaged" db="$TMP/damaged/guichet.db" k bad="" olds=0 news=0 broken
    mkdir -p "$dir"
    cp "$TMP/seed/old.db" "$TMP/seed/broken.db"
    dd if=/dev/urandom of="$TMP/seed/broken.db" bs=4096 seek=5 count=40 conv=notrunc status=none
    broken=$(bytes "$TMP/seed/broken.db")
    for ((k = 0; k < ROUNDS; k++)); do
        rm -f "$dir"/*
        cp "$TMP/seed/broken.db" "$db"
        killed_after "$(moment "$k" "$RESTORE_TIME")" --db "$db" restore "$TMP/seed/backup.db"
        if "$GUICHET" --db "$db" check >"$TMP/check" 2>&1; then
            [ "$(dump "$db")" = "$NEW" ] || { bad="kill $k: check passes on something not restored"; break; }
            news=$((news + 1))
        else
            [ "$(bytes "$db")" = "$broken" ] || { bad="kill $k: check fails and the damaged file changed: $(head -2 "$TMP/check")"; break; }
            olds=$((olds + 1))
        fi
    done
    [ -z "$bad" ]
    verdict "restore killed $ROUNDS times over a damaged database: the damaged file untouched, or the restored one" $? \
        "$bad (damaged $olds, restored $news)"
    echo "    ($olds times the damaged file, $news times the restored one)"
}

test_backup_killed() {
    local db="$TMP/seed/big.db" dir="$TMP/rotation" copy="$TMP/rotation/big-2026-03-17.db" k
    local bad="" written=0 none=0 parts=0
    for ((k = 0; k < ROUNDS; k++)); do
        [ $((k % 2)) = 0 ] && rm -f "$copy" # half the rounds replace today's copy, half make it
        killed_after "$(moment "$k" "$BACKUP_TIME")" --db "$db" backup
        if ! "$GUICHET" --db "$db" check >"$TMP/check" 2>&1 || [ "$(bytes "$db")" != "$BIG" ]; then
            bad="kill $k: the database changed or fails check: $(head -3 "$TMP/check")"
            break
        fi
        if [ -e "$copy" ]; then
            "$GUICHET" --db "$copy" check >/dev/null 2>&1 && [ "$(dump "$copy")" = "$BIG_DUMP" ] ||
                { bad="kill $k: today's copy is there but incomplete"; break; }
            written=$((written + 1))
        else
            none=$((none + 1))
        fi
        [ "$(parts_in "$dir")" = 0 ] || parts=$((parts + 1))
    done
    [ -z "$bad" ]
    verdict "backup killed $ROUNDS times: the database unchanged and sound, today's copy absent or complete" $? \
        "$bad (copy complete $written, absent $none, backup takes ${BACKUP_TIME}s)"
    echo "    ($written times a complete copy, $none times none; a part left behind after $parts kills)"
    run --db "$db" backup
    [ "$rc" = 0 ] && [ "$(parts_in "$dir")" = 0 ] && [ "$(dump "$copy")" = "$BIG_DUMP" ]
    verdict "the next backup removes every part the killed ones left" $? "rc=$rc $(ls "$dir")"
}

setup
test_restore_killed
test_restore_killed_over_damage
test_backup_killed
finish
