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

# ---- the same suites on PostgreSQL ----------------------------------------------------------
# With GUICHET_TEST_ENGINE=postgresql (and GUICHET_TEST_PG, the test cluster's maintenance
# database: tests/pg-cluster.sh), every database file a suite names stands for a database of its
# own on the cluster: guichet is run through a wrapper that writes each --db FILE (and
# GUICHET_DB) as that database's connection string, and sqlite3 FILE SQL runs SQL there with
# psql, its rows printed as the sqlite3 shell prints them. A file that does not exist stands for
# a new, empty database: the suites' own ways of starting afresh (a new name, rm -f) then hold.
# The file itself is only the database's marker. Tests of what only a file has (its mode, its
# copies beside it, SQLite's own pragmas) say so with file_engine_only.
if [ "${GUICHET_TEST_ENGINE:-sqlite}" = postgresql ]; then
    if [ -z "${GUICHET_TEST_PG:-}" ]; then
        echo "GUICHET_TEST_ENGINE=postgresql needs GUICHET_TEST_PG (tests/pg-cluster.sh)" >&2
        exit 1
    fi
    export GUICHET_TEST_PG GUICHET_REAL="$GUICHET"
    SUITE="$SUITE, PostgreSQL"
    # Each suite's databases are dropped when it ends.
    PG_SUITE_TAG="t$$"
    trap 'pg_drop_suite_databases; rm -rf "$TMP"' EXIT
    # The shell by its path: a suite may run guichet with a PATH of its own (a fake lp).
    # guichet sees that PATH; the wrapper's own tools (psql…) come from the suite's.
    printf '#!%s\nguichet_path=$PATH\nPATH=%q\n' "$BASH" "$PATH" >"$TMP/guichet-pg"
    cat >>"$TMP/guichet-pg" <<'WRAP'
. "$(dirname "$0")/pg-map.sh"
# Only guichet's own options, before the command: a --db after it is the command's unknown
# option, given as it is.
args=()
while [ $# -gt 0 ]; do
    case $1 in
    --db) [ $# -ge 2 ] || break; args+=("$1" "$(pg_target_for "$2")"); shift 2 ;;
    --db=*) args+=("--db=$(pg_target_for "${1#--db=}")"); shift ;;
    -*) args+=("$1"); shift ;;
    *) break ;;
    esac
done
args+=("$@")
[ -n "${GUICHET_DB:-}" ] && export GUICHET_DB="$(pg_target_for "$GUICHET_DB")"
PATH=$guichet_path exec "$GUICHET_REAL" "${args[@]}"
WRAP
    cat >"$TMP/pg-map.sh" <<MAP
PG_SUITE_TAG=$PG_SUITE_TAG
MAP
    cat >>"$TMP/pg-map.sh" <<'MAP'
# pg_target_for FILE: the connection string of the database FILE stands for, created empty
# when FILE does not exist (FILE then made, as its marker); a server's string is left alone.
pg_target_for() {
    local file=$1
    case $file in
    '' | postgres:* | postgresql:* | *=*) printf '%s' "$file"; return ;;
    esac
    local abs; abs=$(realpath -m -- "$file")
    local name; name="${PG_SUITE_TAG}_$(printf '%s' "$abs" | md5sum | cut -c1-16)"
    if [ ! -e "$abs" ] && [ -d "$(dirname "$abs")" ]; then
        PGOPTIONS="-c client_min_messages=warning" psql "$GUICHET_TEST_PG" -XqAt -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null &&
            (umask 077; : >"$abs")
    fi
    printf '%s dbname=%s' "$(sed 's/dbname=[^ ]*//' <<<"$GUICHET_TEST_PG")" "$name"
}
MAP
    chmod 755 "$TMP/guichet-pg"
    . "$TMP/pg-map.sh"
    GUICHET="$TMP/guichet-pg"
    # sqlite3 [-cmd X]… FILE [SQL]: SQL (or standard input) run on FILE's database.
    sqlite3() {
        while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
            case $1 in -cmd | -separator) shift 2 ;; *) shift ;; esac
        done
        local target; target=$(pg_target_for "$1")
        shift
        if [ $# -gt 0 ]; then
            psql "$target" -XqAt -F'|' -v ON_ERROR_STOP=1 -c "$1"
        else
            psql "$target" -XqAt -F'|' -v ON_ERROR_STOP=1 -f -
        fi
    }
    pg_drop_suite_databases() {
        local name
        for name in $(psql "$GUICHET_TEST_PG" -XqAt -c \
            "SELECT datname FROM pg_database WHERE datname LIKE '${PG_SUITE_TAG}\\_%'"); do
            psql "$GUICHET_TEST_PG" -XqAt -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
        done
    }
fi

# on_postgresql: whether the suite runs on PostgreSQL (for SQL that must differ, as the store's).
on_postgresql() { [ "${GUICHET_TEST_ENGINE:-sqlite}" = postgresql ]; }

# no_database FILE: nothing was made of FILE: no file on SQLite; on PostgreSQL, no table in the
# database it stands for.
no_database() {
    if on_postgresql; then
        [ "$(sqlite3 "$1" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")" = 0 ]
    else
        [ ! -e "$1" ]
    fi
}

# file_engine_only NAME: true on SQLite; on PostgreSQL, says that the test NAME is about what
# only a database file has (its mode, the copies beside it, SQLite's pragmas) and is not run
# there (neither passed nor failed): the caller returns.
file_engine_only() {
    [ "${GUICHET_TEST_ENGINE:-sqlite}" != postgresql ] && return 0
    printf 'skip %s (a database file\xe2\x80\x99s)\n' "$1"
    return 1
}

# file_guichet ARGS… and file_sqlite3 FILE SQL: guichet and the sqlite3 shell on an SQLite file
# itself, never through the PostgreSQL shim: a backup of any database is such a file.
file_guichet() { "${GUICHET_REAL:-$GUICHET}" "$@"; }
file_sqlite3() { command sqlite3 "$@"; }

# copy_database FROM TO: a copy of FROM's database as TO, for a test to damage or change: the file
# copied, or on PostgreSQL the server's own copy (CREATE DATABASE … TEMPLATE; test-network.sh
# tests guichet's copy-to itself).
copy_database() {
    if on_postgresql; then
        local from to
        from=$(pg_target_for "$1") && rm -f "$2" && to=$(pg_target_for "$2") || return 1
        psql "$GUICHET_TEST_PG" -XqAt -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS ${to##*dbname=} WITH (FORCE)" \
            -c "CREATE DATABASE ${to##*dbname=} TEMPLATE ${from##*dbname=}" >/dev/null
    else
        cp "$1" "$2"
    fi
}
