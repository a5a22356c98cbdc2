#!/usr/bin/env bash
# Smoke test of `make bench`: tests/bench.sh in its quick mode on 2,000 sessions (no callgrind)
# prints every row of its table with a number (the desk's too, driven in tmux, and both engines
# on make check's PostgreSQL cluster), writes every figure to --out, and --compare reads such a
# file back. Timings are never asserted.
# Usage: tests/cli/test-bench.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="make bench, quick${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
BENCH="$(dirname "$0")/../bench.sh"

"$BENCH" --quick --out "$TMP/bench.txt" "$GUICHET" 2000 >"$TMP/table" 2>"$TMP/err"
rc=$?
[ "$rc" = 0 ] && [ ! -s "$TMP/err" ] && head -1 "$TMP/table" | grep -q '^guichet benchmark: 2000 sessions, quick mode$'
verdict "bench.sh --quick runs to the end with nothing on stderr" $? "rc=$rc $(head -c 2000 "$TMP/err")"

missing=
for label in 'demo --sessions 2000' 'sessions --format csv, month' 'sessions --format csv, year' \
    'sessions --format csv, all' 'report --format json, month' 'report --format json, year' \
    'report --format json, all' 'themes (process time)' '--help (process time)' \
    'partner import, 2000 places'; do
    # Label, guichet's time, the sqlite3 shell's time, a ratio and a peak RSS.
    grep -qE "^$(printf '%s' "$label" | sed 's/[][().*+?^$|\\]/\\&/g') +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9] +[1-9][0-9]* kB" "$TMP/table" ||
        missing="$missing [$label]"
done
[ -z "$missing" ] && grep -qE '^  refused on the last row +[0-9]+\.[0-9]{3} s ' "$TMP/table" &&
    grep -qE '^database size +[0-9.]+ MB' "$TMP/table" &&
    grep -qE '^desk: start to first screen +[0-9]+\.[0-9]{3} s ' "$TMP/table" &&
    grep -qE '^desk: keystroke, median of 48 +[0-9]+\.[0-9]{3} s ' "$TMP/table" &&
    grep -qE '^desk: keystroke, worst +[0-9]+\.[0-9]{3} s ' "$TMP/table" && grep -q ' sessions/s$' "$TMP/table" &&
    grep -qE "^desk: another desk's write, median +-?[0-9]+\.[0-9]{3} s .*statistics of a year" "$TMP/table" &&
    grep -qE "^desk: another desk's write, worst +-?[0-9]+\.[0-9]{3} s " "$TMP/table" &&
    grep -qE '^partners search: key, median of 9 +[0-9]+\.[0-9]{3} s ' "$TMP/table" &&
    grep -qE '^partners search: key, worst +[0-9]+\.[0-9]{3} s ' "$TMP/table" &&
    grep -qE '^demo --sessions 300 +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]$' "$TMP/table" &&
    grep -qE '^report --format json, year +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]$' "$TMP/table" &&
    grep -qE '^sessions --format csv, year +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]{3} s +[0-9]+\.[0-9]$' "$TMP/table" &&
    grep -q "^  the year's report: the same on both engines$" "$TMP/table" &&
    ! grep -q 'callgrind' "$TMP/table"
verdict "every row is printed with its figures and ratio; no callgrind in quick mode" $? \
    "missing:$missing" "$(cat "$TMP/table")"

# The sqlite3 shell's side of each report is guichet's own statements, traced (GUICHET_TRACE_SQL):
# the twenty-odd aggregates of a report, not a hand-made copy.
bad=
for p in month year all; do
    n=$(grep -E "^report --format json, $p " "$TMP/table" | grep -oE '[0-9]+ statements$' | cut -d' ' -f1)
    [ "${n:-0}" -ge 20 ] || bad="$bad $p:${n:-none}"
done
[ -z "$bad" ]
verdict "the sqlite3 shell replays the statements guichet ran for each report" $? "$bad" "$(grep '^report' "$TMP/table")"

keys=$(awk '{ print $1 }' "$TMP/bench.txt" | sort | tr '\n' ' ')
want=
for k in demo sessions_month sessions_year sessions_all report_month report_year report_all themes help import; do
    want="$want $k.guichet_s $k.rss_kb $k.sqlite3_s"
done
for k in engine_demo engine_report_year engine_sessions_year; do
    want="$want $k.sqlite_s $k.postgresql_s"
done
want=$(echo "$want database.mb import_refused.guichet_s import_refused.rss_kb desk_start.guichet_s desk_key_median.guichet_s desk_key_worst.guichet_s desk_refresh_median.guichet_s desk_refresh_worst.guichet_s partners_key_median.guichet_s partners_key_worst.guichet_s" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
# Another desk's write is timed from its command's end, which the desk's redraw can come before:
# those figures may be below zero.
not_numbers=$(awk '{ re = $1 ~ /^desk_refresh_/ ? "^-?[0-9]+(\\.[0-9]+)?$" : "^[0-9]+(\\.[0-9]+)?$" } $2 !~ re' "$TMP/bench.txt")
[ "$keys" = "$want" ] && [ -z "$not_numbers" ]
verdict "--out writes every figure as a key and a number" $? "got: $keys" "want: $want" "not numbers: $not_numbers"

# --compare against a copy with every figure doubled: each key reported at -50 %.
awk '{ print $1, $2 * 2 }' "$TMP/bench.txt" >"$TMP/old.txt"
"$BENCH" --quick --compare "$TMP/old.txt" "$GUICHET" 300 >"$TMP/cmp" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q "^change from $TMP/old.txt" "$TMP/cmp" &&
    [ "$(grep -cE '^  [a-z_]+\.(guichet_s|rss_kb|sqlite3_s|mb) ' "$TMP/cmp")" -ge 30 ]
verdict "--compare prints the change of every figure of the older file" $? "rc=$rc $(tail -40 "$TMP/cmp")"
"$BENCH" --quick --compare "$TMP/none.txt" "$GUICHET" 300 >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'cannot read' "$TMP/err"
verdict "--compare with a missing file: exit 2 before any work" $? "rc=$rc $(cat "$TMP/err")"

finish
