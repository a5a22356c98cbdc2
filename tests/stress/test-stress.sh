#!/usr/bin/env bash
# Many desks and crashes: writers at once on one database, and writers killed with SIGKILL at
# random moments. After each, the database passes `guichet check` and every write guichet
# acknowledged (printed its number) is there. make check runs the short version; make stress
# the long one.
# Usage: tests/stress/test-stress.sh GUICHET_BINARY [short|long] [LABEL]
set -u
GUICHET=$(realpath "$1")
SCALE=${2:-short}
SUITE="many desks and crashes${3:+ ($3)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
if [ "$SCALE" = long ]; then
    WRITES=250 ROUNDS=60 DEMO_ROUNDS=8
else
    WRITES=12 ROUNDS=6 DEMO_ROUNDS=2
fi
WRITERS=8

q() { sqlite3 "$1" "$2"; }

# writer DB K N: desk K logs N sessions, each with its own note; every number guichet prints
# (its acknowledgement) goes to $TMP/ack.K with the note; failures to $TMP/fail.K.
writer() {
    local db=$1 k=$2 n=$3 i id
    for ((i = 1; i <= n; i++)); do
        if id=$("$GUICHET" --db "$db" log --theme email --duration 15 --operator "Desk $k" \
            --note "desk $k write $i" 2>>"$TMP/fail.$k"); then
            echo "$id desk $k write $i" >>"$TMP/ack.$k"
        else
            echo "write $i failed" >>"$TMP/fail.$k"
        fi
    done
}

# acked_present DB: every acknowledged write is in the database with its note.
acked_present() {
    local db=$1 missing
    cat "$TMP"/ack.* 2>/dev/null | sort -u >"$TMP/acked"
    q "$db" "SELECT id || ' ' || note FROM help_session" | sort -u >"$TMP/stored"
    missing=$(comm -23 "$TMP/acked" "$TMP/stored" | head -5)
    [ -z "$missing" ] || { echo "missing: $missing"; return 1; }
}

test_many_desks() {
    local db="$TMP/desks.db" k
    rm -f "$TMP"/ack.* "$TMP"/fail.*
    "$GUICHET" --db "$db" sessions >/dev/null # creates it: check only reads
    for ((k = 1; k <= WRITERS; k++)); do writer "$db" "$k" "$WRITES" & done
    wait
    local failures; failures=$(cat "$TMP"/fail.* 2>/dev/null)
    [ -z "$failures" ]
    verdict "$WRITERS desks writing $WRITES sessions each at once: no write refused, no 'locked'" $? \
        "$(echo "$failures" | head -5)"
    [ "$(cat "$TMP"/ack.* | wc -l)" = $((WRITERS * WRITES)) ] &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = $((WRITERS * WRITES)) ] && acked_present "$db" &&
        [ "$(q "$db" "SELECT count(DISTINCT id) FROM help_session")" = $((WRITERS * WRITES)) ]
    verdict "every session of every desk is stored once, with its own note" $? \
        "stored: $(q "$db" "SELECT count(*) FROM help_session")"
    "$GUICHET" --db "$db" check >/dev/null &&
        [ "$(q "$db" "SELECT sum(sessions) FROM session_tally WHERE dim = 'total'")" = $((WRITERS * WRITES)) ]
    verdict "the database is sound and the report's counts agree" $? "$("$GUICHET" --db "$db" check 2>&1)"
}

# kill_writer_after SECONDS: a desk logs sessions until killed with SIGKILL, with guichet itself
# killed in the middle of whatever it was doing.
crash_round() {
    local db=$1 round=$2 delay
    ( set -m; writer "$db" "$round" 100000 ) &
    local pid=$!
    # A random moment is the point of this test: not a wait for a condition.
    delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.05 + (r % 400) / 1000 }')
    sleep "$delay"
    pkill -KILL -f -- "--note desk $round write" 2>/dev/null
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pkill -KILL -f -- "--note desk $round write" 2>/dev/null
    true
}

test_crashes() {
    local db="$TMP/crash.db" round bad=""
    rm -f "$TMP"/ack.* "$TMP"/fail.*
    "$GUICHET" --db "$db" sessions >/dev/null
    for ((round = 1; round <= ROUNDS; round++)); do
        crash_round "$db" "$round"
        if ! "$GUICHET" --db "$db" check >"$TMP/check" 2>&1; then
            bad="round $round: $(cat "$TMP/check")"
            break
        fi
        acked_present "$db" >"$TMP/missing" || { bad="round $round: $(cat "$TMP/missing")"; break; }
    done
    [ -z "$bad" ] && [ "$(cat "$TMP"/ack.* 2>/dev/null | wc -l)" -gt 0 ]
    verdict "a desk killed $ROUNDS times at random moments: sound each time, every acknowledged write kept" $? "$bad"
}

# Bulk writing killed in the middle: each batch of 10,000 sessions is all or nothing.
test_crash_in_bulk() {
    local db="$TMP/bulk.db" round bad="" n
    for ((round = 1; round <= DEMO_ROUNDS; round++)); do
        rm -f "$db" "$db-wal" "$db-shm"
        "$GUICHET" --db "$db" demo --sessions 40000 --seed "$round" >/dev/null 2>&1 &
        local pid=$!
        sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 1 + (r % 300) / 100 }')"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        if ! "$GUICHET" --db "$db" check >"$TMP/check" 2>&1; then
            bad="round $round: $(cat "$TMP/check")"
            break
        fi
        n=$(q "$db" "SELECT count(*) FROM help_session")
        [ $((n % 10000)) = 0 ] || { bad="round $round: $n sessions, not whole batches"; break; }
    done
    [ -z "$bad" ]
    verdict "bulk writing killed $DEMO_ROUNDS times: sound, and whole batches only" $? "$bad"
}

test_many_desks
test_crashes
test_crash_in_bulk
finish
