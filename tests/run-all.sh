#!/usr/bin/env bash
# Runs every test suite of guichet and ends with one line "N passed, N failed" counting every
# test of every kind. Expects `make tests` and the sanitizer build (build/asan) to be done: `make
# check` does both first.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS_DIR=$ROOT/build/results
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
export GUICHET_LOCALEDIR=$ROOT/build/locale
total_pass=0
total_fail=0

# The suites run on LANES lanes at once (GUICHET_TEST_JOBS, by default one more than the number
# of cores, at most 3: much of a suite's time is waiting, a tmux screen polled, a server's
# answer; on two cores, two lanes kept the processors 65 % busy, three cut the run by a sixth).
# Each suite's output is kept in a file and printed whole, in the order below, with its time;
# GUICHET_TEST_JOBS=1 runs them one at a time, their output shown as it comes.
LANES=${GUICHET_TEST_JOBS:-$(( $(nproc 2>/dev/null || echo 1) + 1 ))}
[ -z "${GUICHET_TEST_JOBS:-}" ] && [ "$LANES" -gt 3 ] && LANES=3
[[ $LANES =~ ^[1-9][0-9]*$ ]] || { echo "GUICHET_TEST_JOBS must be a whole number of lanes, 1 or more" >&2; exit 2; }
OUTPUT_DIR=$RESULTS_DIR/output
mkdir -p "$OUTPUT_DIR"
NAMES=() COMMANDS=() SETUPS=() ALONE=()

# suite [--alone] NAME COMMAND…: a suite that writes "passed failed" to $RESULTS; a suite that
# dies without writing its counts, or exits non-zero with no failure counted, adds one failure.
# --alone: nothing else runs beside it (the stress suites: writers racing for the database and
# kills at chosen moments, whose timing another suite's load would change). Suites are only
# declared here; run_suites runs them.
suite() {
    local alone=0
    [ "$1" = --alone ] && { alone=1; shift; }
    NAMES+=("$1")
    shift
    COMMANDS+=("$(printf '%q ' "$@")")
    # The sanitizers' options as they are where the suite is declared.
    local setup=""
    [ -n "${ASAN_OPTIONS+set}" ] && setup+="export ASAN_OPTIONS=$(printf %q "$ASAN_OPTIONS"); "
    [ -n "${UBSAN_OPTIONS+set}" ] && setup+="export UBSAN_OPTIONS=$(printf %q "$UBSAN_OPTIONS"); "
    SETUPS+=("$setup")
    ALONE+=("$alone")
}

results_file() { echo "$RESULTS_DIR/$(echo "${NAMES[$1]}" | tr -c 'a-zA-Z0-9\n' '_').txt"; }

# run_one I: runs suite I in this (sub)shell: its heading, its output, its time; its exit status
# to $OUTPUT_DIR/I.status.
run_one() {
    local i=$1 name=${NAMES[$1]} started=$SECONDS status
    echo "== $name"
    (
        eval "${SETUPS[i]}"
        export RESULTS; RESULTS=$(results_file "$i")
        eval "${COMMANDS[i]}"
    )
    status=$?
    echo "   ($name: $((SECONDS - started)) s)"
    echo "$status" >"$OUTPUT_DIR/$i.status"
}

# count I: adds suite I's counts to the totals (its output printed first when it was kept).
count() {
    local i=$1 name=${NAMES[$1]} file status p=0 f=0
    file=$(results_file "$i")
    [ "$LANES" -gt 1 ] && cat "$OUTPUT_DIR/$i.out"
    status=$(cat "$OUTPUT_DIR/$i.status" 2>/dev/null) || status=unknown
    if [ -s "$file" ]; then
        read -r p f <"$file"
    fi
    if [ ! -s "$file" ] || { [ "$status" != 0 ] && [ "$f" -eq 0 ]; }; then
        echo "FAIL $name: the suite ended abnormally (exit status $status)"
        f=$((f + 1))
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}

# run_suites: every suite declared, on $LANES lanes; each printed once it and those before it
# are done. A suite declared --alone starts once the lanes are empty, and the next waits for it.
run_suites() {
    local n=${#NAMES[@]} next=0 printed=0 running=0 alone_running=0 pid i
    local -A suite_of=()
    local -a done=()
    if [ "$LANES" = 1 ]; then
        for ((i = 0; i < n; i++)); do run_one "$i" </dev/null; count "$i"; done
        return
    fi
    # Each suite in its own process group (job control), so that an interrupted run stops them all.
    set -m
    trap 'for pid in "${!suite_of[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done; exit 130' INT TERM
    while [ "$printed" -lt "$n" ]; do
        while [ "$next" -lt "$n" ] && [ "$running" -lt "$LANES" ] && [ "$alone_running" = 0 ] &&
            { [ "${ALONE[next]}" = 0 ] || [ "$running" = 0 ]; }; do
            run_one "$next" </dev/null >"$OUTPUT_DIR/$next.out" 2>&1 &
            suite_of[$!]=$next
            running=$((running + 1))
            [ "${ALONE[next]}" = 1 ] && alone_running=1
            next=$((next + 1))
        done
        wait -n -p pid
        i=${suite_of[$pid]}
        unset "suite_of[$pid]"
        done[i]=1
        running=$((running - 1))
        [ "${ALONE[i]}" = 1 ] && alone_running=0
        while [ "$printed" -lt "$n" ] && [ -n "${done[printed]:-}" ]; do
            count "$printed"
            printed=$((printed + 1))
        done
    done
    set +m
    trap - INT TERM
}

# Translations: every msgid translated and nothing fuzzy, and po/guichet.pot up to date.
po_checks() {
    local p=0 f=0 stats
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null po/fr.po 2>&1)
    if echo "$stats" | grep -q 'untranslated\|fuzzy' || ! echo "$stats" | grep -q 'translated message'; then
        echo "FAIL po/fr.po translates every message: $stats"; f=$((f + 1))
    else
        echo "ok   po/fr.po translates every message ($stats)"; p=$((p + 1))
    fi
    if diff <(grep -v '^"POT-Creation-Date' po/guichet.pot) \
            <(grep -v '^"POT-Creation-Date' build/po/guichet.pot) >/dev/null; then
        echo "ok   po/guichet.pot is up to date"; p=$((p + 1))
    else
        echo "FAIL po/guichet.pot is stale: run 'make po'"; f=$((f + 1))
    fi
    echo "$p $f" >"$RESULTS"
}

# make install puts the binary, the catalogue and the man page under DESTDIR and PREFIX, and the
# installed binary finds its French catalogue. Built apart, so that build/ keeps its PREFIX.
install_check() {
    local dest; dest=$(mktemp -d)
    local p=0 f=0
    if make -s -j"$(nproc)" --no-print-directory install BUILD=build/install-test PREFIX="$dest/usr" >/dev/null &&
        make -s -j"$(nproc)" --no-print-directory install BUILD=build/install-test PREFIX=/usr DESTDIR="$dest/stage" >/dev/null &&
        [ -x "$dest/stage/usr/bin/guichet" ] && [ -f "$dest/stage/usr/share/locale/fr/LC_MESSAGES/guichet.mo" ] &&
        [ -f "$dest/stage/usr/share/man/man1/guichet.1" ] &&
        env -u GUICHET_LOCALEDIR LANGUAGE= "$dest/usr/bin/guichet" --help | grep -q 'Commandes' &&
        man -l "$dest/usr/share/man/man1/guichet.1" 2>/dev/null | grep -q 'guichet'; then
        echo "ok   make install: binary, French catalogue and man page"; p=1
    else
        echo "FAIL make install: binary, French catalogue and man page"; f=1
    fi
    rm -rf "$dest"
    echo "$p $f" >"$RESULTS"
}

# The normal build is hardened as Debian builds packages: full RELRO, PIE, stack protector and
# _FORTIFY_SOURCE's checked functions, read from the binary itself.
hardening_check() {
    local p=0 f=0 bin=${1:-build/guichet} dyn syms
    dyn=$(readelf -d -l "$bin" 2>/dev/null)
    syms=$(nm -D "$bin" 2>/dev/null)
    check() { if eval "$2"; then echo "ok   hardened build: $1"; p=$((p + 1)); else echo "FAIL hardened build: $1"; f=$((f + 1)); fi; }
    check "full RELRO (GNU_RELRO and BIND_NOW)" 'grep -q GNU_RELRO <<<"$dyn" && grep -q BIND_NOW <<<"$dyn"'
    check "position-independent executable" 'grep -q "Flags:.*PIE" <<<"$dyn"'
    check "stack protector" 'grep -q __stack_chk_fail <<<"$syms"'
    check "_FORTIFY_SOURCE (checked string functions)" 'grep -qE "__(sn?printf|memcpy|strcpy|fprintf|vsnprintf)_chk" <<<"$syms"'
    echo "$p $f" >"$RESULTS"
}

# The terminal (tmux) suites: each one's name, script, and the runs it has: sqlite (the normal,
# hardened build), pg (the same on the test cluster, tests/lib.sh) and asan (the sanitizer
# build); terminal_suites RUN declares that run's, in this order. The screens' typography is
# the catalogue's and the drawing's, the same on either engine: SQLite only, within make check's
# ten minutes.
TERMINAL_SUITES=(
    "terminal tests|test-tui.sh|sqlite pg asan"
    "orientation screens|test-orient-tui.sh|sqlite pg asan"
    "forms in French|test-forms-tui.sh|sqlite pg asan"
    "statistics screen|test-stats-tui.sh|sqlite pg asan"
    "merging records|test-merge-tui.sh|sqlite pg asan"
    "person screen|test-person-tui.sh|sqlite pg asan"
    "one search, keys|test-search-tui.sh|sqlite pg asan"
    "line editor and keys|test-line-edit-tui.sh|sqlite pg asan"
    "workshop screens|test-workshop-tui.sh|sqlite pg asan"
    "history, undo, numbers, backdating|test-history-tui.sh|sqlite pg asan"
    "faults: full disk, read-only medium|test-faults-tui.sh|sqlite asan"
    "French typography on every screen|test-typography-tui.sh|sqlite"
    "choices and long lists|test-choice-tui.sh|sqlite pg asan"
    "agenda|test-agenda-tui.sh|sqlite pg asan"
)
terminal_suites() {
    local run=$1 entry name script runs
    for entry in "${TERMINAL_SUITES[@]}"; do
        IFS='|' read -r name script runs <<<"$entry"
        [[ " $runs " == *" $run "* ]] || continue
        case $run in
        sqlite) suite "$name (tmux)" "tests/tui/$script" build/guichet ;;
        pg) on_pg "$name (tmux)" "tests/tui/$script" build/guichet ;;
        asan) suite "$name (ASan, UBSan)" "tests/tui/$script" build/asan/guichet "ASan, UBSan" ;;
        esac
    done
}

suite "hardened build" hardening_check build/guichet
suite "unit tests" build/tests/unit-tests
suite "unit tests under valgrind" valgrind --quiet --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite build/tests/unit-tests
# Each command-line suite runs on both engines: on SQLite with the sanitizer build (below, "ASan,
# UBSan"), on PostgreSQL with the normal, hardened build ("PostgreSQL"); those without a
# sanitizer run also run here on SQLite with the normal build.
# One command-line suite with guichet under valgrind, within make check's ten minutes; make
# stress runs every command-line and terminal suite so.
suite "personal data tests (valgrind)" tests/cli/test-privacy.sh tests/valgrind.sh valgrind
suite "time zones and the calendar" tests/cli/test-zones.sh build/guichet
# Opening hours against opening_hours.js (npm, make oracles): one node, one guichet process.
suite "opening hours against opening_hours.js" tests/oracle/hours-check.sh build
suite "report counts against a slow recount" tests/cli/test-report-counts.sh build/guichet
suite "history search index" tests/cli/test-search.sh build/guichet
suite "French typography" tests/cli/test-typography.sh build/guichet
suite "PostgreSQL: connecting" tests/cli/test-postgres.sh build/guichet
suite "PostgreSQL schema against SQLite's" tests/cli/test-pg-schema.sh build/guichet
# The server's restart alone (every other suite's connection would go with it); the rest beside.
suite "a network on PostgreSQL: copy-to, desks at once, erasures" env NETWORK_PART=rest tests/cli/test-network.sh build/guichet
suite --alone "a network on PostgreSQL: a server restart" env NETWORK_PART=restart tests/cli/test-network.sh build/guichet
suite "the desk on a server: refreshed, connected again (tmux)" tests/tui/test-network-tui.sh build/guichet
# The command-line suites again with every database on the test cluster (tests/lib.sh:
# GUICHET_TEST_ENGINE=postgresql); a test about what only a database file has, or needing what
# guichet refuses on a server for now, says so and is not counted.
on_pg() {
    local name=$1
    shift
    suite "$name, PostgreSQL" env GUICHET_TEST_ENGINE=postgresql "$@"
}
on_pg "command-line tests" tests/cli/test-cli.sh build/guichet
on_pg "workshop tests" tests/cli/test-workshop.sh build/guichet
on_pg "appointment tests" tests/cli/test-appointment.sh build/guichet
on_pg "time zones and the calendar" tests/cli/test-zones.sh build/guichet
on_pg "orientation tests" tests/cli/test-orient.sh build/guichet
on_pg "place standard tests" tests/cli/test-place.sh build/guichet
on_pg "report tests" tests/cli/test-report.sh build/guichet
on_pg "report counts against a slow recount" tests/cli/test-report-counts.sh build/guichet
on_pg "history search index" tests/cli/test-search.sh build/guichet
on_pg "the national tool's vocabulary and exports" tests/cli/test-coop.sh build/guichet
on_pg "Excel files" tests/cli/test-xlsx.sh build/guichet
on_pg "identity tests" tests/cli/test-identity.sh build/guichet
on_pg "hostile input tests" tests/cli/test-hostile.sh build/guichet
on_pg "import tests" tests/cli/test-import.sh build/guichet
on_pg "French typography" tests/cli/test-typography.sh build/guichet
on_pg "communes of residence" tests/cli/test-commune.sh build/guichet
on_pg "personal data tests" tests/cli/test-privacy.sh build/guichet
on_pg "erasure everywhere" tests/cli/test-erasure.sh build/guichet
on_pg "backup and restore tests" tests/cli/test-backup.sh build/guichet
# The terminal suites on a server too: the desk's screens on PostgreSQL.
terminal_suites pg
suite "manual pages" tests/cli/test-man.sh build/guichet
suite "make bench, quick" tests/cli/test-bench.sh build/guichet
terminal_suites sqlite
suite --alone "many desks and crashes" tests/stress/test-stress.sh build/guichet short
suite --alone "kills during backup and restore" tests/stress/test-kill-backup.sh build/guichet 9
suite "fuzzing (short)" tests/fuzz/run.sh build/fuzz 1
suite "translations" po_checks
suite "install" install_check
export ASAN_OPTIONS="exitcode=86:detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1"
suite "unit tests (ASan, UBSan)" build/asan/tests/unit-tests
suite "command-line tests (ASan, UBSan)" tests/cli/test-cli.sh build/asan/guichet "ASan, UBSan"
suite "workshop tests (ASan, UBSan)" tests/cli/test-workshop.sh build/asan/guichet "ASan, UBSan"
suite "appointment tests (ASan, UBSan)" tests/cli/test-appointment.sh build/asan/guichet "ASan, UBSan"
suite "orientation tests (ASan, UBSan)" tests/cli/test-orient.sh build/asan/guichet "ASan, UBSan"
suite "place standard tests (ASan, UBSan)" tests/cli/test-place.sh build/asan/guichet "ASan, UBSan"
suite "opening hours against opening_hours.js (ASan, UBSan)" tests/oracle/hours-check.sh build/asan
suite "report tests (ASan, UBSan)" tests/cli/test-report.sh build/asan/guichet "ASan, UBSan"
suite "the national tool's vocabulary and exports (ASan, UBSan)" tests/cli/test-coop.sh build/asan/guichet "ASan, UBSan"
suite "Excel files (ASan, UBSan)" tests/cli/test-xlsx.sh build/asan/guichet "ASan, UBSan"
suite "communes of residence (ASan, UBSan)" tests/cli/test-commune.sh build/asan/guichet "ASan, UBSan"
suite "personal data tests (ASan, UBSan)" tests/cli/test-privacy.sh build/asan/guichet "ASan, UBSan"
suite "identity tests (ASan, UBSan)" tests/cli/test-identity.sh build/asan/guichet "ASan, UBSan"
suite "erasure everywhere (ASan, UBSan)" tests/cli/test-erasure.sh build/asan/guichet "ASan, UBSan"
suite "hostile input tests (ASan, UBSan)" tests/cli/test-hostile.sh build/asan/guichet "ASan, UBSan"
# The hostile database suite runs on the sanitizer build only: the same commands and checks,
# and memory errors found as well, within make check's ten minutes.
suite "hostile database tests (ASan, UBSan)" tests/cli/test-hostile-db.sh build/asan/guichet "ASan, UBSan"
suite "import tests (ASan, UBSan)" tests/cli/test-import.sh build/asan/guichet "ASan, UBSan"
suite "backup and restore tests (ASan, UBSan)" tests/cli/test-backup.sh build/asan/guichet "ASan, UBSan"
suite "PostgreSQL: connecting (ASan, UBSan)" tests/cli/test-postgres.sh build/asan/guichet "ASan, UBSan"
suite --alone "kills during backup and restore (ASan, UBSan)" tests/stress/test-kill-backup.sh build/asan/guichet 3 "ASan, UBSan"
terminal_suites asan

# A throwaway PostgreSQL cluster for the suites that use a server (tests/pg-cluster.sh, a Unix
# socket only), stopped at the end whatever happens; GUICHET_TEST_PG names its maintenance
# database. A cluster that cannot start is a failure, and those suites then say so.
PG_CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/guichet-pg.XXXXXX")
trap 'tests/pg-cluster.sh stop "$PG_CLUSTER"' EXIT
if GUICHET_TEST_PG=$(tests/pg-cluster.sh start "$PG_CLUSTER"); then
    export GUICHET_TEST_PG
else
    echo "FAIL the PostgreSQL test cluster starts (tests/pg-cluster.sh)"
    total_fail=$((total_fail + 1))
    unset GUICHET_TEST_PG
fi

# The suites that run alone first, while nothing else runs (each one later would wait for the
# other lane to empty), then the longest, so that no long suite is left running alone at the end;
# the rest in the order declared.
run_first() {
    local -a names=() commands=() setups=() alone=() taken=()
    local want i
    for want in "$@"; do
        for i in "${!NAMES[@]}"; do
            if [ "${NAMES[i]}" = "$want" ] && [ -z "${taken[i]:-}" ]; then
                names+=("${NAMES[i]}") commands+=("${COMMANDS[i]}") setups+=("${SETUPS[i]}") alone+=("${ALONE[i]}")
                taken[i]=1
            fi
        done
    done
    for i in "${!NAMES[@]}"; do
        [ -n "${taken[i]:-}" ] && continue
        names+=("${NAMES[i]}") commands+=("${COMMANDS[i]}") setups+=("${SETUPS[i]}") alone+=("${ALONE[i]}")
    done
    NAMES=("${names[@]}") COMMANDS=("${commands[@]}") SETUPS=("${setups[@]}") ALONE=("${alone[@]}")
}
alone_suites=()
for i in "${!NAMES[@]}"; do [ "${ALONE[i]}" = 1 ] && alone_suites+=("${NAMES[i]}"); done
run_first "${alone_suites[@]}" "personal data tests (valgrind)" "report tests, PostgreSQL" \
    "hostile database tests (ASan, UBSan)" "report counts against a slow recount, PostgreSQL" \
    "report tests (ASan, UBSan)" "unit tests under valgrind" \
    "French typography on every screen (tmux)" "a network on PostgreSQL: copy-to, desks at once, erasures" \
    "install"

started=$SECONDS
run_suites
echo "   (every suite: $((SECONDS - started)) s, $LANES at a time)"
echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
