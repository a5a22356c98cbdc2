# Shared by the shell test suites: counting, reporting and running guichet.
# A suite sources this file, calls its tests, then `finish`.
pass=0
fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-test.XXXXXX")
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT

ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }

# not_ok NAME DETAIL…
not_ok() {
    fail=$((fail + 1))
    printf 'FAIL %s\n' "$1"
    shift
    for line in "$@"; do printf '    %s\n' "$line"; done
}

# verdict NAME CONDITION-STATUS DETAIL…: ok when the previous condition held.
verdict() {
    local name=$1 status=$2
    shift 2
    if [ "$status" -eq 0 ]; then ok "$name"; else not_ok "$name" "$@"; fi
}

# Sanitizer and valgrind reports use this exit status, so that they never pass for an expected failure.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1"

# run ARGS…: runs guichet; sets rc, and leaves stdout and stderr in $TMP/out and $TMP/err.
run() {
    "$GUICHET" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ "$rc" -eq 86 ] || grep -q 'Sanitizer\|runtime error:\|^==[0-9]*== ' "$TMP/err"; then
        not_ok "sanitizer clean: guichet $*" "$(head -c 2000 "$TMP/err")"
    fi
}

# eventually CMD…: polls CMD until it succeeds (at most 60 s); its status then.
eventually() {
    local i
    for ((i = 0; i < 3000; i++)); do
        "$@" && return 0
        sleep 0.02
    done
    return 1
}

# start_reader DB: a process holding a read transaction on DB (as another desk in the middle of
# a long report would) until $TMP/release exists; $READER is its pid.
start_reader() {
    rm -f "$TMP/reading" "$TMP/release"
    python3 - "$1" "$TMP" <<'EOF' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM sqlite_schema").fetchone()
open(os.path.join(sys.argv[2], "reading"), "w").close()
while not os.path.exists(os.path.join(sys.argv[2], "release")):
    time.sleep(0.02)
c.execute("COMMIT")
c.close()
EOF
    READER=$!
    eventually test -e "$TMP/reading"
}

finish() {
    if [ -n "${VALGRIND_LOG_DIR:-}" ]; then
        local report
        report=$(cat "$VALGRIND_LOG_DIR"/valgrind.*.log 2>/dev/null | head -c 3000)
        # One (empty) file per process shows that guichet did run under valgrind.
        ls "$VALGRIND_LOG_DIR"/valgrind.*.log >/dev/null 2>&1 && [ -z "$report" ]
        verdict "valgrind: guichet ran under it, with no report" $? "${report:-no log file in $VALGRIND_LOG_DIR}"
    fi
    printf '%s: %d ok, %d failing\n' "$SUITE" "$pass" "$fail"
    [ -n "${RESULTS:-}" ] && echo "$pass $fail" >"$RESULTS"
    [ "$fail" -eq 0 ]
}

# schema_5_database FILE: a database as guichet kept it before migration 006, built from
# migrations 001 to 005 with the sqlite3 shell (later migrations call the store's own SQL
# functions, and need not be runnable twice); mode 0600, user_version 5. Status 1, the failing
# migration named on stderr, when it cannot be built.
schema_5_database() {
    local f
    for f in "$(dirname "${BASH_SOURCE[0]}")"/../data/migrations/00[1-5]_*.sql; do
        sqlite3 "$1" <"$f" || { echo "building schema 5: $f" >&2; return 1; }
    done
    chmod 600 "$1" && sqlite3 "$1" "PRAGMA user_version = 5"
}
