#!/usr/bin/env bash
# Timings, never pass or fail: a demonstration database of 1,000,000 sessions (with workshops
# and referrals in proportion), then listings and reports over a month, a year and everything,
# compared with the same queries in the sqlite3 shell.
# Usage: tests/bench.sh GUICHET_BINARY [SESSIONS]
set -u
GUICHET=$(realpath "$1")
N=${2:-1000000}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/guichet-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
DB=$DIR/bench.db
export LANGUAGE=en GUICHET_NOW="2026-11-21 18:00"

seconds() { # seconds COMMAND…: wall time of one run, output discarded
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf 'guichet benchmark: %d sessions\n\n' "$N"
t=$(seconds "$GUICHET" --db "$DB" demo --sessions "$N" --seed 1)
printf '%-44s %8.2f s  (%.0f sessions/s)\n' "demo --sessions $N" "$t" "$(awk -v n="$N" -v t="$t" 'BEGIN { print n / t }')"
printf '%-44s %8.1f MB\n' "database size" "$(awk -v b="$(stat -c %s "$DB")" 'BEGIN { print b / 1048576 }')"
echo
printf '%-28s %10s %10s %8s %10s\n' "sessions --format csv" "guichet" "sqlite3" "ratio" "peak RSS"
for period in "month 2026-10-01 2026-10-31" "year 2025-01-01 2025-12-31" "all 2000-01-01 2099-12-31"; do
    set -- $period
    g=$(seconds "$GUICHET" --db "$DB" sessions --from "$2" --to "$3" --format csv)
    # The same query guichet runs (src/store.c, SESSION_COLUMNS), in the sqlite3 shell.
    s=$(seconds sqlite3 -csv "$DB" "SELECT s.id, s.started_at, s.duration_min, s.place, s.autonomy,
        s.age, s.status, s.gender, s.oriented, s.orientation, s.procedure_name, s.note, o.name, si.name,
        (SELECT group_concat(theme) FROM help_session_theme WHERE session_id = s.id),
        (SELECT group_concat(demarche) FROM help_session_demarche WHERE session_id = s.id),
        (SELECT group_concat(material) FROM help_session_material WHERE session_id = s.id)
        FROM help_session s LEFT JOIN operator o ON o.id = s.operator_id
        LEFT JOIN site si ON si.id = s.site_id
        WHERE s.started_at >= '$2' AND s.started_at < '$3 99' ORDER BY s.started_at, s.id")
    m=$(peak_kb "$GUICHET" --db "$DB" sessions --from "$2" --to "$3" --format csv)
    printf '%-28s %9.3fs %9.3fs %8.2f %7d kB\n' "$1" "$g" "$s" "$(awk -v g="$g" -v s="$s" 'BEGIN { print g / s }')" "$m"
done

# The aggregates of `guichet report` (src/store.c, tally_sql; the filter's ?1 ?2 given, no site
# or operator), run in the sqlite3 shell on the same file.
report_sql() {
    local from=$1 to=$2 s w r
    w="FROM workshop w WHERE w.starts_at >= '$from' AND w.starts_at < date('$to', '+1 day')"
    r="FROM referral r WHERE r.referred_at >= '$from' AND r.referred_at < date('$to', '+1 day')"
    local att="(SELECT count(*) FROM registration g WHERE g.workshop_id = w.id AND g.state = 'attended')"
    local period
    for period in "$from $to" "$(date -d "$from -$(( ($(date -d "$to" +%s) - $(date -d "$from" +%s)) / 86400 + 1 )) days" +%F) $(date -d "$from -1 day" +%F)" \
                  "$(date -d "$from -1 year" +%F) $(date -d "$to -1 year" +%F)"; do
        set -- $period
        echo "SELECT sum(sessions), sum(minutes) FROM session_tally WHERE dim = 'total' AND day >= '$1' AND day <= '$2';"
        echo "SELECT count(*), sum(w.duration_min), sum(w.walk_ins), sum($att) FROM workshop w WHERE w.starts_at >= '$1' AND w.starts_at < date('$2', '+1 day') AND w.status = 'held';"
        echo "SELECT count(*) FROM referral r WHERE r.referred_at >= '$1' AND r.referred_at < date('$2', '+1 day');"
    done
    # Session figures come from the per-day counts (data/migrations/004_session_tally.sql).
    local dim
    for dim in theme demarche material place autonomy age status gender oriented orientation duration; do
        echo "SELECT code, sum(sessions) FROM session_tally WHERE dim = '$dim' AND day >= '$from' AND day <= '$to' GROUP BY code HAVING sum(sessions) <> 0;"
    done
    echo "SELECT substr(day, 1, 7), sum(sessions) FROM session_tally WHERE dim = 'total' AND day >= '$from' AND day <= '$to' GROUP BY 1 HAVING sum(sessions) <> 0;"
    echo "SELECT substr(w.starts_at, 1, 7), sum(w.walk_ins + $att) $w AND w.status = 'held' GROUP BY 1;"
    echo "SELECT t.theme, count(*), sum(w.capacity), sum((SELECT count(*) FROM registration g WHERE g.workshop_id = w.id AND g.state IN ('booked', 'attended', 'absent', 'excused'))), sum($att), sum((SELECT count(*) FROM registration g WHERE g.workshop_id = w.id AND g.state = 'absent')) FROM workshop w JOIN workshop_theme t ON t.workshop_id = w.id WHERE w.starts_at >= '$from' AND w.starts_at < date('$to', '+1 day') AND w.status <> 'cancelled' GROUP BY 1;"
    echo "SELECT r.status, count(*) $r GROUP BY 1;"
    echo "SELECT coalesce(p.name, ''), count(*) FROM referral r LEFT JOIN partner p ON p.id = r.partner_id WHERE r.referred_at >= '$from' AND r.referred_at < date('$to', '+1 day') GROUP BY r.partner_id ORDER BY 2 DESC, 1;"
}

echo
printf '%-28s %10s %10s %8s %10s\n' "report --format json" "guichet" "sqlite3" "ratio" "peak RSS"
for period in "month 2026-10-01 2026-10-31" "year 2025-01-01 2025-12-31" "all 2023-11-01 2026-11-21"; do
    set -- $period
    report_sql "$2" "$3" >"$DIR/report.sql"
    g=$(seconds "$GUICHET" --db "$DB" report --from "$2" --to "$3" --format json)
    s=$(seconds sqlite3 "$DB" ".read $DIR/report.sql")
    m=$(peak_kb "$GUICHET" --db "$DB" report --from "$2" --to "$3" --format json)
    printf '%-28s %9.3fs %9.3fs %8.2f %7d kB\n' "$1" "$g" "$s" "$(awk -v g="$g" -v s="$s" 'BEGIN { print g / s }')" "$m"
done

# Imports are linear (issue 13): a file of 100,000 places into a new database, and the same file
# with its last row repeating the first id, which must be refused as fast.
PLACES=100000
{
    echo 'id,pivot,nom,commune,code_postal,adresse,date_maj'
    awk -v n="$PLACES" 'BEGIN { for (i = 1; i <= n; i++)
        printf "lieu-%d,43493312300029,Lieu %d,Reims,51100,%d rue de Vesle,2024-01-01\r\n", i, i, i }'
} >"$DIR/places.csv"
echo
printf '%-44s %8s %10s\n' "partner import (place standard)" "time" "peak RSS"
t=$(seconds "$GUICHET" --db "$DIR/places.db" partner import "$DIR/places.csv")
m=$(peak_kb "$GUICHET" --db "$DIR/places-rss.db" partner import --dry-run "$DIR/places.csv")
printf '%-44s %7.2fs %7d kB\n' "$PLACES places, all added" "$t" "$m"
echo "lieu-1,43493312300029,Lieu 1,Reims,51100,1 rue de Vesle,2024-01-01" >>"$DIR/places.csv"
t=$(seconds "$GUICHET" --db "$DIR/places-refused.db" partner import "$DIR/places.csv")
printf '%-44s %7.2fs\n' "$PLACES places, refused on the last row" "$t"
