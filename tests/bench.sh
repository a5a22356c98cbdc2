#!/usr/bin/env bash
# Timings, never pass or fail. Every figure of issue 18's goals beside the sqlite3 shell doing the
# same work on the same schema, then the instruction count of a fixed workload under valgrind's
# callgrind, which does not change with the machine's load: the figure to compare between commits.
#   demo: a demonstration database of SESSIONS sessions (with workshops and referrals in
#     proportion) against the sqlite3 shell inserting as many sessions with one theme row each
#     into the same tables, in one transaction, as guichet does: the triggers off, then the
#     counts per day and per month added by grouped statements;
#   sessions --format csv and report --format json over a month, a year and everything, against
#     the same queries in the sqlite3 shell, with guichet's peak RSS;
#   a trivial command (themes, --help): process time (user + system) against the sqlite3 shell
#     starting and answering SELECT 1;
#   imports of 100,000 place rows against the sqlite3 shell's .import of the same file.
#   the desk in tmux: start to its first screen, and each keystroke's answer (median, worst);
#   both engines on the same data: writing, a year's report and sessions, SQLite and PostgreSQL.
# Writes the figures as "key value" lines to --out FILE; --compare OLD prints, for every key of
# OLD, the change in % (times are noisy on a loaded machine; the instruction counts are not).
# --quick: no callgrind, 2,000 place rows, one run per figure (the smoke test's mode).
# Usage: tests/bench.sh [--quick] [--out FILE] [--compare OLD] GUICHET_BINARY [SESSIONS]
set -u
QUICK=0 OUT= COMPARE=
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1; shift ;;
        --out) OUT=$2; shift 2 ;;
        --compare) COMPARE=$2; shift 2 ;;
        *) break ;;
    esac
done
if [ $# -lt 1 ]; then
    echo "usage: tests/bench.sh [--quick] [--out FILE] [--compare OLD] GUICHET_BINARY [SESSIONS]" >&2
    exit 2
fi
GUICHET=$(realpath "$1")
N=${2:-1000000}
case $N in '' | *[!0-9]*) echo "tests/bench.sh: SESSIONS must be a number: $N" >&2; exit 2 ;; esac
if [ -n "$COMPARE" ] && [ ! -r "$COMPARE" ]; then
    echo "tests/bench.sh: cannot read $COMPARE" >&2
    exit 2
fi
DIR=$(mktemp -d "${TMPDIR:-/tmp}/guichet-bench.XXXXXX")
SOCKET=guichet-bench-$$ # the desk's tmux server
tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$DIR"' EXIT
DB=$DIR/bench.db
export LANGUAGE=en GUICHET_NOW="2026-11-21 18:00"
unset GUICHET_DB
RESULTS=$DIR/results.txt
: >"$RESULTS"
if [ "$QUICK" = 1 ]; then REPEAT=1 PLACES=2000; else REPEAT=3 PLACES=100000; fi

# measure K COMMAND…: runs COMMAND K times, output discarded; W is the shortest wall time and C
# the shortest process time (user + system, in seconds), M the largest peak RSS (kB) of the runs.
measure() {
    local k=$1 i t w c
    shift
    W= C= M=0
    for ((i = 0; i < k; i++)); do
        t=$({ TIMEFORMAT='%3R %3U %3S'; time /usr/bin/time -f %M -o "$DIR/rss" "$@" >/dev/null 2>&1; } 2>&1)
        read -r w c <<<"$(awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1], a[2] + a[3] }')"
        if [ -z "$W" ] || awk -v a="$w" -v b="$W" 'BEGIN { exit !(a < b) }'; then W=$w; fi
        if [ -z "$C" ] || awk -v a="$c" -v b="$C" 'BEGIN { exit !(a < b) }'; then C=$c; fi
        local m
        m=$(tail -1 "$DIR/rss")
        case $m in '' | *[!0-9]*) m=0 ;; esac
        [ "$m" -gt "$M" ] && M=$m
    done
}

# row KEY LABEL GUICHET_S SQLITE_S RSS_KB NOTE: one line of the table, and its figures in RESULTS.
# An empty SQLITE_S or RSS_KB prints as a dash.
row() {
    local key=$1 label=$2 g=$3 s=$4 m=$5 note=$6 ratio=- sq=- rss=-
    if [ -n "$s" ]; then
        sq=$(printf '%.3f s' "$s")
        ratio=$(awk -v g="$g" -v s="$s" 'BEGIN { if (s > 0) printf "%.1f", g / s; else print "-" }')
        echo "$key.sqlite3_s $s" >>"$RESULTS"
    fi
    if [ -n "$m" ]; then
        rss=$(printf '%d kB' "$m")
        echo "$key.rss_kb $m" >>"$RESULTS"
    fi
    echo "$key.guichet_s $g" >>"$RESULTS"
    printf '%-38s %10s %10s %7s %10s  %s\n' "$label" "$(printf '%.3f s' "$g")" "$sq" "$ratio" "$rss" "$note"
}

printf 'guichet benchmark: %d sessions%s\n\n' "$N" "$([ "$QUICK" = 1 ] && echo ', quick mode')"
printf '%-38s %10s %10s %7s %10s  %s\n' "figure" "guichet" "sqlite3" "ratio" "peak RSS" ""

# Writing. The sqlite3 shell's side starts from the same schema (a database of one demonstration
# session, which migrates it and adds a site and an operator), then adds N sessions and one theme
# row each in one transaction with the triggers off, and their counts per day and per month (the
# facts of the view session_facts) by two grouped statements, as store_add_sessions does.
measure 1 "$GUICHET" --db "$DB" demo --sessions "$N" --seed 1
demo_w=$W demo_m=$M
"$GUICHET" --db "$DIR/sqlite.db" demo --sessions 1 --seed 1 >/dev/null 2>&1
cat >"$DIR/insert.sql" <<EOF
.dbconfig enable_trigger off
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -32768;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO help_session (started_at, duration_min, place, site_id, operator_id, autonomy, age,
                          status, gender, oriented, created_at, updated_at)
SELECT strftime('%Y-%m-%d %H:%M', '2023-11-01 09:00', '+' || (i * 7919 % 1116) || ' days',
                '+' || (i * 31 % 540) || ' minutes'),
       5 + i % 55, 'lieu_activite', 1, 1, NULL,
       CASE i % 3 WHEN 0 THEN 'soixante_dix_plus' WHEN 1 THEN 'vingt_cinq_trente_neuf' ELSE NULL END,
       NULL, CASE i % 2 WHEN 0 THEN 'feminin' ELSE 'masculin' END, 0,
       '2026-11-21T17:00:00Z', '2026-11-21T17:00:00Z'
FROM n;
INSERT INTO help_session_theme (session_id, theme)
SELECT id, CASE id % 4 WHEN 0 THEN 'navigation_sur_internet' WHEN 1 THEN 'diagnostic_numerique'
                       WHEN 2 THEN 'prendre_en_main_du_materiel' ELSE 'maintenance_de_materiel' END
FROM help_session WHERE id > 1;
CREATE TEMP TABLE added AS SELECT dim, day, site_id, operator_id, code, count(*) AS sessions,
    sum(minutes) AS minutes FROM session_facts WHERE id > 1 GROUP BY 1, 2, 3, 4, 5;
INSERT INTO session_tally SELECT * FROM added WHERE true
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                              minutes = minutes + excluded.minutes;
INSERT INTO session_tally_month SELECT dim, substr(day, 1, 7), site_id, operator_id, code,
    sum(sessions), sum(minutes) FROM added GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                              minutes = minutes + excluded.minutes;
UPDATE session_number SET last = (SELECT max(id) FROM help_session) WHERE id = 1;
COMMIT;
EOF
measure 1 sqlite3 "$DIR/sqlite.db" ".read $DIR/insert.sql"
sq_w=$W
if [ "$(sqlite3 "$DIR/sqlite.db" "SELECT count(*) FROM help_session_theme")" != "$((N + 1))" ]; then
    echo "tests/bench.sh: the sqlite3 shell's inserts failed: $DIR/insert.sql" >&2
    sq_w=
fi
row demo "demo --sessions $N" "$demo_w" "$sq_w" "$demo_m" \
    "$(awk -v n="$N" -v g="$demo_w" -v s="$sq_w" 'BEGIN { printf "%.0f vs %.0f sessions/s", n / (g > 0 ? g : 1e-9), n / (s > 0 ? s : 1e-9) }')"
printf '%-38s %10s\n' "database size" "$(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.1f MB", b / 1048576 }')"
echo "database.mb $(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.1f", b / 1048576 }')" >>"$RESULTS"

for period in "month 2026-10-01 2026-10-31" "year 2025-01-01 2025-12-31" "all 2000-01-01 2099-12-31"; do
    set -- $period
    measure "$REPEAT" "$GUICHET" --db "$DB" sessions --from "$2" --to "$3" --format csv
    g=$W m=$M
    # The same query guichet runs (src/store/internal.h, SESSION_COLUMNS), in the sqlite3 shell.
    measure "$REPEAT" sqlite3 -csv "$DB" "SELECT s.id, s.started_at, s.duration_min, s.place, s.autonomy,
        s.age, s.status, s.gender, s.oriented, s.orientation, s.procedure_name, s.note, o.name, si.name,
        (SELECT group_concat(theme) FROM help_session_theme WHERE session_id = s.id),
        (SELECT group_concat(demarche) FROM help_session_demarche WHERE session_id = s.id),
        (SELECT group_concat(material) FROM help_session_material WHERE session_id = s.id)
        FROM help_session s LEFT JOIN operator o ON o.id = s.operator_id
        LEFT JOIN site si ON si.id = s.site_id
        WHERE s.started_at >= '$2' AND s.started_at < '$3 99' ORDER BY s.started_at, s.id"
    row "sessions_$1" "sessions --format csv, $1" "$g" "$W" "$m" ""
done

# The sqlite3 shell runs exactly guichet's statements: those a report ran (GUICHET_TRACE_SQL,
# its values written in), the reads only (the audit entry a report writes is left out).
# reads_of TRACE: the SELECT and WITH statements of TRACE, one per record ending in ";\n".
reads_of() {
    awk 'BEGIN { RS = ";\n" } { s = $0; sub(/^[ \t\n]+/, "", s) }
         toupper(s) ~ /^(SELECT|WITH)[ \t\n(]/ { printf "%s;\n", s }' "$1"
}
for period in "month 2026-10-01 2026-10-31" "year 2025-01-01 2025-12-31" "all 2023-11-01 2026-11-21"; do
    set -- $period
    rm -f "$DIR/report-trace.sql"
    GUICHET_TRACE_SQL=$DIR/report-trace.sql "$GUICHET" --db "$DB" report --from "$2" --to "$3" \
        --format json >/dev/null 2>&1
    reads_of "$DIR/report-trace.sql" >"$DIR/report.sql"
    measure "$REPEAT" "$GUICHET" --db "$DB" report --from "$2" --to "$3" --format json
    g=$W m=$M
    if [ -s "$DIR/report.sql" ]; then
        measure "$REPEAT" sqlite3 "$DB" ".read $DIR/report.sql"
        sq=$W
    else
        echo "tests/bench.sh: no statement traced for report_$1 (GUICHET_TRACE_SQL)" >&2
        sq=
    fi
    row "report_$1" "report --format json, $1" "$g" "$sq" "$m" "$(grep -c '' <"$DIR/report.sql") statements"
done

# A trivial command: process time, against the sqlite3 shell starting and answering one query.
measure "$((REPEAT * 2 - 1))" sqlite3 "$DB" "SELECT 1"
sq_c=$C
measure "$((REPEAT * 2 - 1))" "$GUICHET" --db "$DB" themes
row themes "themes (process time)" "$C" "$sq_c" "$M" ""
measure "$((REPEAT * 2 - 1))" "$GUICHET" --help
row help "--help (process time)" "$C" "$sq_c" "$M" ""

# Imports are linear (issue 13): a file of places into a new database, against the sqlite3
# shell's .import of the same file into a new table; then the same file with its last row
# repeating the first id, which guichet must refuse as fast.
{
    echo 'id,pivot,nom,commune,code_postal,adresse,date_maj'
    awk -v n="$PLACES" 'BEGIN { for (i = 1; i <= n; i++)
        printf "lieu-%d,43493312300029,Lieu %d,Reims,51100,%d rue de Vesle,2024-01-01\r\n", i, i, i }'
} >"$DIR/places.csv"
measure 1 "$GUICHET" --db "$DIR/places.db" partner import "$DIR/places.csv"
g=$W m=$M
measure 1 sqlite3 "$DIR/places-sqlite.db" ".import --csv $DIR/places.csv place"
row import "partner import, $PLACES places" "$g" "$W" "$m" ""
echo "lieu-1,43493312300029,Lieu 1,Reims,51100,1 rue de Vesle,2024-01-01" >>"$DIR/places.csv"
measure 1 "$GUICHET" --db "$DIR/places-refused.db" partner import "$DIR/places.csv"
row import_refused "  refused on the last row" "$W" "" "$M" ""

# The desk in tmux on the demonstration database, timed by the desk itself (GUICHET_TRACE_KEYS:
# "ready" when its answer is drawn and it waits, "key" when a key comes). Start: from just before
# exec to the first screen drawn. Each key is sent once the previous one is answered; its
# latency runs from its arrival to the next "ready". Keys: the operator (home), the statistics
# and their period keys, a theme's sessions searched, home, the session form, the follow-up's
# every referral, the history, moving, and searches typed letter by letter.
TRACE=$DIR/keys.trace
readies() {
    local c
    c=$(grep -c '^ready ' "$TRACE" 2>/dev/null)
    echo "${c:-0}"
}
# await_ready N: true once the trace holds N "ready" lines (at most 30 s).
await_ready() {
    local deadline=$((SECONDS + 30))
    while [ "$(readies)" -lt "$1" ]; do
        [ $SECONDS -gt $deadline ] && return 1
        sleep 0.01
    done
}
desk_ok=0
if command -v tmux >/dev/null; then
    tm -u new-session -d -s b -x 120 -y 40 \
        "env TERM=screen-256color LANG=C.UTF-8 GUICHET_TRACE_KEYS=$(printf %q "$TRACE") sh -c 'date +%s.%N >$(printf %q "$DIR/start"); exec \"\$0\" --db \"\$1\"' $(printf '%q %q' "$GUICHET" "$DB"); exec sleep 600"
    if await_ready 1; then
        desk_ok=1
        n=1
        # The keys up to the year's statistics, then another desk's writes, then the rest.
        DESK_KEYS_STATS="Enter s Left Left y"
        # Then a theme's sessions from the year's statistics, searched; home; the session form
        # new (n) and repeated (r); every referral of the follow-up (f, t) moved through.
        DESK_KEYS_REST="Down Down Enter / c a Escape Escape Escape n Escape r Escape f t Down Down Escape"
        DESK_KEYS_REST+=" h Down Down Down / m a i r Escape Escape"
        # Two words typed, the second short: each word's set kept from key to key (issue 18).
        DESK_KEYS_REST+=" h / f r a n c e Space s e r Escape Escape"
        DESK_KEYS="$DESK_KEYS_STATS $DESK_KEYS_REST"
        send_keys() {
            local k
            for k in "$@"; do
                tm send-keys -t b "$k"
                n=$((n + 1))
                await_ready "$n" || { desk_ok=0; return 1; }
                [ -n "${BENCH_SHOW_DESK:-}" ] && tm capture-pane -p -t b | head -3 >&2
            done
        }
        send_keys $DESK_KEYS_STATS
        # Another process logs a session in the year shown; from the end of that command to
        # the desk's next "refresh" (the statistics reloaded and drawn), three times.
        : >"$DIR/refresh"
        for ((i = 0; i < 3 && desk_ok; i++)); do
            before=$(grep -c '^refresh ' "$TRACE")
            "$GUICHET" --db "$DB" log --theme email --duration 15 --at "2026-06-0$((i + 1)) 10:00" \
                >/dev/null 2>&1
            end=$(date +%s.%N)
            deadline=$((SECONDS + 30))
            while [ "$(grep -c '^refresh ' "$TRACE")" -le "$before" ] && [ $SECONDS -le $deadline ]; do
                sleep 0.005
            done
            awk -v t0="$end" -v skip="$before" '/^refresh / && ++k > skip { printf "%.6f\n", $2 - t0; exit }' \
                "$TRACE" >>"$DIR/refresh"
        done
        [ "$desk_ok" = 1 ] && send_keys $DESK_KEYS_REST
    fi
    tm kill-server 2>/dev/null
fi
if [ "$desk_ok" = 1 ]; then
    start_s=$(awk -v t0="$(cat "$DIR/start")" '/^ready / { printf "%.6f\n", $2 - t0; exit }' "$TRACE")
    # Latencies sorted: the median and the worst.
    # Each latency with its key, sorted: the median, and the worst with its key.
    awk -v keys="$DESK_KEYS" 'BEGIN { split(keys, name, " ") }
        /^key / { k = $2 } /^ready / && k { printf "%.6f %s\n", $2 - k, name[++n]; k = 0 }' "$TRACE" | sort -g >"$DIR/lat"
    med=$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' "$DIR/lat")
    read -r worst worst_key <<<"$(tail -1 "$DIR/lat")"
    row desk_start "desk: start to first screen" "$start_s" "" "" ""
    row desk_key_median "desk: keystroke, median of $(wc -l <"$DIR/lat")" "$med" "" "" ""
    row desk_key_worst "desk: keystroke, worst" "$worst" "" "" "key $worst_key"
    if [ "$(grep -c '' <"$DIR/refresh")" -gt 0 ]; then
        sort -g "$DIR/refresh" >"$DIR/refresh.sorted"
        row desk_refresh_median "desk: another desk's write, median" \
            "$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' "$DIR/refresh.sorted")" "" "" \
            "statistics of a year shown, from the log command's end"
        row desk_refresh_worst "desk: another desk's write, worst" "$(tail -1 "$DIR/refresh.sorted")" "" "" ""
    fi
else
    echo "desk: not measured (no tmux, or the desk did not answer)"
fi

# The partner directory with the places imported above ($PLACES; issue 18: every keystroke of its search
# under 16 ms): home, the directory, a search typed letter by letter, timed as the desk above.
# The import made no operator: a session logged gives the desk one to start with.
PTRACE=$DIR/partners.trace
: >"$PTRACE"
preadies() {
    local c
    c=$(grep -c '^ready ' "$PTRACE" 2>/dev/null)
    echo "${c:-0}"
}
partners_ok=0
if command -v tmux >/dev/null &&
    "$GUICHET" --db "$DIR/places.db" log --theme email --duration 15 --operator Léa --site Bench >/dev/null 2>&1; then
    tm -u new-session -d -s p -x 120 -y 40 \
        "env TERM=screen-256color LANG=C.UTF-8 GUICHET_TRACE_KEYS=$(printf %q "$PTRACE") $(printf %q "$GUICHET") --db $(printf %q "$DIR/places.db"); exec sleep 600"
    PARTNER_KEYS="Enter p / l i e u Space 9 9 9 Escape"
    n=1
    deadline=$((SECONDS + 60))
    while [ "$(preadies)" -lt 1 ] && [ $SECONDS -le $deadline ]; do sleep 0.01; done
    if [ "$(preadies)" -ge 1 ]; then
        partners_ok=1
        for k in $PARTNER_KEYS; do
            tm send-keys -t p "$k"
            n=$((n + 1))
            deadline=$((SECONDS + 60))
            while [ "$(preadies)" -lt "$n" ]; do
                [ $SECONDS -gt $deadline ] && { partners_ok=0; break 2; }
                sleep 0.01
            done
        done
    fi
    tm kill-session -t p 2>/dev/null
fi
if [ "$partners_ok" = 1 ]; then
    # The search's keys only: from "/" to the last letter.
    awk -v keys="$PARTNER_KEYS" 'BEGIN { split(keys, name, " ") }
        /^key / { k = $2 } /^ready / && k { n++; if (n >= 3 && n < 12) printf "%.6f %s\n", $2 - k, name[n]; k = 0 }' \
        "$PTRACE" | sort -g >"$DIR/plat"
    med=$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' "$DIR/plat")
    read -r worst worst_key <<<"$(tail -1 "$DIR/plat")"
    row partners_key_median "partners search: key, median of $(wc -l <"$DIR/plat")" "$med" "" "" ""
    row partners_key_worst "partners search: key, worst" "$worst" "" "" "key $worst_key"
else
    echo "partners: not measured (no tmux, or the desk did not answer)"
fi

# The two engines on the same data: a demonstration database of PG_N sessions (the same seed)
# in an SQLite file and on a PostgreSQL server, then a year's report and a year's sessions read
# from each. The server is the one GUICHET_TEST_PG names (make check's), else a throwaway
# cluster of tests/pg-cluster.sh, stopped at the end.
if [ "$QUICK" = 1 ]; then PG_N=300; else PG_N=$((N < 100000 ? N : 100000)); fi
PG_ADMIN=${GUICHET_TEST_PG:-}
PG_OWN=
# The cluster's folder beside DIR, not in it: DIR is private, and the server runs as postgres.
if [ -z "$PG_ADMIN" ] && PG_ADMIN=$("$(dirname "$0")/pg-cluster.sh" start "$DIR-pg" 2>"$DIR/pg.err"); then
    PG_OWN=$DIR-pg
    trap 'tm kill-server 2>/dev/null; "$(dirname "$0")/pg-cluster.sh" stop "$PG_OWN"; rm -rf "$DIR"' EXIT
fi
PG_NAME="bench_$$"
if [ -n "$PG_ADMIN" ] && psql "$PG_ADMIN" -qAtXc "CREATE DATABASE $PG_NAME" >/dev/null 2>&1; then
    PG_DB="$(sed 's/dbname=[^ ]*//' <<<"$PG_ADMIN") dbname=$PG_NAME"
    echo
    printf '%-38s %10s %10s %7s\n' "engines, $PG_N sessions" "SQLite" "PostgreSQL" "ratio"
    # engine_row KEY LABEL SQLITE_S PG_S: one line of the engines' table, and its figures.
    engine_row() {
        echo "$1.sqlite_s $3" >>"$RESULTS"
        echo "$1.postgresql_s $4" >>"$RESULTS"
        printf '%-38s %10s %10s %7s\n' "$2" "$(printf '%.3f s' "$3")" "$(printf '%.3f s' "$4")" \
            "$(awk -v a="$4" -v b="$3" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')"
    }
    measure 1 "$GUICHET" --db "$DIR/engine.db" demo --sessions "$PG_N" --seed 1
    lite=$W
    measure 1 "$GUICHET" --db "$PG_DB" demo --sessions "$PG_N" --seed 1
    engine_row engine_demo "demo --sessions $PG_N" "$lite" "$W"
    measure "$REPEAT" "$GUICHET" --db "$DIR/engine.db" report --from 2025-01-01 --to 2025-12-31 --format json
    lite=$W
    measure "$REPEAT" "$GUICHET" --db "$PG_DB" report --from 2025-01-01 --to 2025-12-31 --format json
    engine_row engine_report_year "report --format json, year" "$lite" "$W"
    measure "$REPEAT" "$GUICHET" --db "$DIR/engine.db" sessions --from 2025-01-01 --to 2025-12-31 --format csv
    lite=$W
    measure "$REPEAT" "$GUICHET" --db "$PG_DB" sessions --from 2025-01-01 --to 2025-12-31 --format csv
    engine_row engine_sessions_year "sessions --format csv, year" "$lite" "$W"
    # The same figures from both: the reports compared (the made-on line apart).
    "$GUICHET" --db "$DIR/engine.db" report --from 2025-01-01 --to 2025-12-31 --format csv >"$DIR/r.lite" 2>&1
    "$GUICHET" --db "$PG_DB" report --from 2025-01-01 --to 2025-12-31 --format csv >"$DIR/r.pg" 2>&1
    if cmp -s "$DIR/r.lite" "$DIR/r.pg"; then
        echo "  the year's report: the same on both engines"
    else
        echo "  the year's report differs between the engines: $DIR/r.lite $DIR/r.pg" >&2
    fi
    psql "$PG_ADMIN" -qAtXc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1
else
    echo
    echo "engines: not measured (no PostgreSQL server: $(tail -n 3 "$DIR/pg.err" 2>/dev/null))"
    [ -z "${GUICHET_TEST_PG:-}" ] && "$(dirname "$0")/pg-cluster.sh" stop "$DIR-pg" 2>/dev/null
fi

# Instruction counts of a fixed workload, the same on every machine and under any load: a new
# database of 2,000 demonstration sessions, a year's report, a month's sessions as CSV.
if [ "$QUICK" = 0 ]; then
    ir() { # ir NAME COMMAND…: the instruction count of COMMAND under callgrind
        valgrind --tool=callgrind --callgrind-out-file="$DIR/callgrind.$1" "${@:2}" >/dev/null 2>&1
        awk '/^summary:/ { print $2 }' "$DIR/callgrind.$1"
    }
    CG=$DIR/callgrind.db
    i1=$(ir demo "$GUICHET" --db "$CG" demo --sessions 2000 --seed 1)
    i2=$(ir report "$GUICHET" --db "$CG" report --from 2025-01-01 --to 2025-12-31 --format json)
    i3=$(ir sessions "$GUICHET" --db "$CG" sessions --from 2026-10-01 --to 2026-10-31 --format csv)
    { echo "ir.demo ${i1:-0}"; echo "ir.report ${i2:-0}"; echo "ir.sessions ${i3:-0}"; } >>"$RESULTS"
    echo
    printf 'instructions (callgrind Ir): demo --sessions 2000 %s, report year %s, sessions month %s\n' \
        "${i1:-?}" "${i2:-?}" "${i3:-?}"
fi

if [ -n "$OUT" ]; then
    mkdir -p "$(dirname "$OUT")" && cp "$RESULTS" "$OUT"
fi
if [ -n "$COMPARE" ]; then
    echo
    echo "change from $COMPARE (negative is faster or smaller):"
    awk 'NR == FNR { old[$1] = $2; next }
         $1 in old { change = old[$1] > 0 ? ($2 - old[$1]) * 100 / old[$1] : 0
                     printf "  %-32s %14s %14s %+9.3f %%\n", $1, old[$1], $2, change }' "$COMPARE" "$RESULTS"
fi
