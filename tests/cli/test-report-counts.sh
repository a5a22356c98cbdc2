#!/usr/bin/env bash
# The counts reports read (migration 017: attendance_tally, workshop_tally, referral_tally and
# their _month sums; referrals by site since 023) against a slow recount. A seeded random
# history of writes (sessions logged, deleted and restored; workshops planned, booked, unbooked,
# attended, cancelled, reopened, edited by hand, removed; people's communes said and changed,
# people merged and erased; referrals made, closed, moved and their partner removed), then:
# `check` finds the counts exact, every report (periods whole and partial, a site, an operator)
# is byte for byte the one made from counts recomputed from the raw rows by this file's own SQL,
# and each site's figures are those of its rows, counted here. Then `check` finds each count
# table damaged by hand, and GUICHET_TRACE_SQL writes statements the sqlite3 shell runs.
# Usage: tests/cli/test-report-counts.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="report counts${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB GUICHET_TRACE_SQL
export LANGUAGE=en GUICHET_NOW="2026-11-21 18:00" HOME="$TMP/home"
DB="$TMP/counts.db"
RANDOM=18 # the same history on every run

g() { "$GUICHET" --db "$DB" "$@" >/dev/null 2>&1; }
sql() { sqlite3 -cmd "PRAGMA foreign_keys = ON" "$DB" "$@"; } # a server always checks them
# pick QUERY: PICKED, one of the values QUERY gives (one column; empty for none), chosen by
# bash's seeded RANDOM in this shell (a subshell would draw from another seed).
pick() {
    local v
    v=($(sql "SELECT * FROM ($1) AS picked ORDER BY 1"))
    PICKED=
    [ "${#v[@]}" -gt 0 ] && PICKED=${v[RANDOM % ${#v[@]}]}
    return 0
}
THEMES=(email sante bureautique navigation_sur_internet reseaux_sociaux)
COMMUNES=("--postal-code 51100 --commune Reims" "--insee 75056" "--postal-code 51200 --commune Epernay" "")

"$GUICHET" --db "$DB" demo --sessions 600 --seed 7 >/dev/null 2>&1
# The demo's referrals are made with their sessions: each at its session's site.
DEMO_SITES=
[ "$(sql "SELECT count(*) FROM referral r JOIN help_session s ON s.id = r.session_id
          WHERE r.site_id IS NOT DISTINCT FROM s.site_id")" = "$(sql "SELECT count(*) FROM referral")" ] &&
    [ "$(sql "SELECT count(DISTINCT site_id) FROM referral")" = 3 ] ||
    DEMO_SITES="[the demo's referrals are not at their sessions' sites]"
errors=0
for ((step = 0; step < 70; step++)); do
    printf -v day '2026-%02d-%02d' $((RANDOM % 10 + 1)) $((RANDOM % 28 + 1))
    case $((RANDOM % 13)) in
    0 | 1)
        helped=(--already-helped yes --already-helped no)
        g log --theme "${THEMES[RANDOM % 5]}" --duration $((RANDOM % 90 + 5)) --at "$day 10:00" \
            ${COMMUNES[RANDOM % 4]} ${helped[@]:$((RANDOM % 3 * 2)):2} || errors=$((errors + 1)) ;;
    2)
        pick "SELECT id FROM help_session_live"; id=$PICKED
        [ -n "$id" ] && { g session delete "$id" || errors=$((errors + 1)); } ;;
    3)
        pick "SELECT session_id FROM help_session_deleted"; id=$PICKED
        [ -n "$id" ] && { g session restore "$id" || errors=$((errors + 1)); } ;;
    4)
        # A workshop planned, booked (communes said or not), then held with its attendance.
        when="2026-11-$((RANDOM % 5 + 1 + 22)) 14:00"
        GUICHET_NOW="2026-11-22 09:00" "$GUICHET" --db "$DB" workshop add --title "Atelier $step" \
            --at "$when" --duration 90 --capacity 4 --theme "${THEMES[RANDOM % 5]},email" \
            >"$TMP/w" 2>&1 || errors=$((errors + 1))
        w=$(grep -oE '[0-9]+' "$TMP/w" | head -1)
        [ -n "$w" ] || continue
        for ((k = 0; k < 5; k++)); do
            helped=(yes no)
            GUICHET_NOW="2026-11-22 09:00" "$GUICHET" --db "$DB" workshop book "$w" \
                --name "Personne $((RANDOM % 40))" ${COMMUNES[RANDOM % 4]} \
                --already-helped "${helped[RANDOM % 2]}" >/dev/null 2>&1
        done
        regs=($(sql "SELECT id FROM registration WHERE workshop_id = $w AND state = 'booked' ORDER BY id"))
        [ "${#regs[@]}" -gt 1 ] && GUICHET_NOW="2026-11-22 09:00" g workshop unbook "${regs[0]}"
        regs=($(sql "SELECT id FROM registration WHERE workshop_id = $w AND state = 'booked' ORDER BY id"))
        if [ "${#regs[@]}" -gt 0 ] && [ $((RANDOM % 4)) != 0 ]; then
            present=${regs[0]}
            for r in "${regs[@]:1}"; do
                [ $((RANDOM % 3)) = 0 ] && absent="${absent:+$absent,}$r" || present="$present,$r"
            done
            GUICHET_NOW="2026-12-01 09:00" "$GUICHET" --db "$DB" workshop attend "$w" --present "$present" \
                ${absent:+--absent "$absent"} --walk-ins $((RANDOM % 3)) >/dev/null 2>&1 ||
                errors=$((errors + 1))
            unset absent
        elif [ $((RANDOM % 2)) = 0 ]; then
            GUICHET_NOW="2026-11-22 09:00" g workshop cancel "$w" || errors=$((errors + 1))
        fi ;;
    5)
        # Attendance corrected on a held workshop: one present marked absent, another present.
        pick "SELECT id FROM workshop WHERE status = 'held'"; w=$PICKED
        r=$(sql "SELECT group_concat(CAST(id AS TEXT)) FROM registration WHERE workshop_id = ${w:-0} AND state = 'attended'")
        [ -n "$r" ] && GUICHET_NOW="2026-12-01 09:00" g workshop attend "$w" --present "${r#*,}" \
            --absent "${r%%,*}" ;;
    6)
        # A person's commune said again, or taken away, by hand: the triggers follow.
        pick "SELECT participant_id FROM registration WHERE state = 'attended'"; p=$PICKED
        p=${p:-0}
        case $((RANDOM % 3)) in
        0) sql "UPDATE participant SET postal_code = '51100', commune = 'Reims', insee = '51454' WHERE id = $p" ;;
        1) sql "UPDATE participant SET postal_code = NULL, commune = 'Ailleurs', insee = NULL WHERE id = $p" ;;
        2) sql "UPDATE participant SET postal_code = NULL, commune = NULL, insee = NULL WHERE id = $p" ;;
        esac ;;
    7)
        # A held workshop moved by hand to another day, site or facilitator, or no longer held.
        pick "SELECT id FROM workshop WHERE status = 'held'"; w=$PICKED
        w=${w:-0}
        case $((RANDOM % 4)) in
        0) if on_postgresql; then # as SQLite's datetime() writes it, seconds included
               sql "UPDATE workshop SET starts_at = to_char(starts_at::timestamp - interval '40 days',
                   'YYYY-MM-DD HH24:MI:SS') WHERE id = $w"
           else
               sql "UPDATE workshop SET starts_at = datetime(starts_at, '-40 days') WHERE id = $w"
           fi ;;
        1) pick "SELECT id FROM site"; sql "UPDATE workshop SET site_id = $PICKED WHERE id = $w" ;;
        2) pick "SELECT id FROM operator"
           sql "UPDATE workshop SET facilitator_id = $PICKED, walk_ins = walk_ins + 1,
               capacity = capacity + 2 WHERE id = $w" ;;
        3) sql "UPDATE workshop SET status = 'planned' WHERE id = $w" ;;
        esac ;;
    8)
        case $((RANDOM % 3)) in
        0) pick "SELECT id FROM workshop WHERE status = 'held'"; w=$PICKED
           sql "DELETE FROM workshop WHERE id = ${w:-0}" ;; # its registrations and themes go with it
        1) pick "SELECT id FROM workshop WHERE status = 'cancelled'"; w=$PICKED
           [ -n "$w" ] && GUICHET_NOW="2026-11-22 09:00" g workshop reopen "$w" ;;
        2) pick "SELECT workshop_id FROM workshop_theme t JOIN workshop w ON w.id = t.workshop_id WHERE w.status = 'held'"; w=$PICKED
           [ -n "$w" ] && sql "DELETE FROM workshop_theme WHERE workshop_id = $w AND theme =
               (SELECT theme FROM workshop_theme WHERE workshop_id = $w LIMIT 1);
               INSERT INTO workshop_theme VALUES ($w, 'sante') ON CONFLICT DO NOTHING" ;;
        esac ;;
    9)
        pick "SELECT code FROM request_kind"; kind=$PICKED
        pick "SELECT id FROM partner"
        GUICHET_NOW="$day 11:00" g referral add --request "$kind" --partner "$PICKED" ||
            errors=$((errors + 1)) ;;
    10)
        pick "SELECT id FROM referral"; r=$PICKED
        [ -n "$r" ] || continue
        statuses=(abouti sans_suite refuse)
        g referral update "$r" --status "${statuses[RANDOM % 3]}" || errors=$((errors + 1))
        # Moved by hand to another day, no operator, and another site (or none) by its number.
        [ $((RANDOM % 3)) = 0 ] && sql "UPDATE referral SET referred_at = '2026-02-03 10:00', operator_id = NULL,
            site_id = CASE WHEN $r % 2 = 1 THEN (SELECT max(id) FROM site) END WHERE id = $r" ;;
    11)
        case $((RANDOM % 3)) in
        0) pick "SELECT participant_id FROM registration WHERE state = 'attended'"; a=$PICKED
           pick "SELECT p.id FROM participant p WHERE p.id <> ${a:-0} AND NOT EXISTS (SELECT 1 FROM registration x JOIN registration y ON x.workshop_id = y.workshop_id WHERE x.participant_id = p.id AND y.participant_id = ${a:-0})"; b=$PICKED
           [ -n "$a" ] && [ -n "$b" ] && g person merge "$a" "$b" ;;
        1) pick "SELECT participant_id FROM registration WHERE state = 'attended'"; p=$PICKED
           [ -n "$p" ] && g person erase "$p" ;;
        2) pick "SELECT partner_id FROM referral WHERE partner_id IS NOT NULL"; p=$PICKED
           [ -n "$p" ] && sql "DELETE FROM partner WHERE id = $p" ;;
        esac ;;
    12)
        # Rows no command changes so, changed by hand: a registration moved to another workshop,
        # its "already helped" said again, one removed; a theme renamed; a referral removed.
        pick "SELECT g.id FROM registration g JOIN workshop w ON w.id = g.workshop_id
              WHERE g.state IN ('attended', 'absent', 'booked')"; r=$PICKED
        pick "SELECT id FROM workshop WHERE status = 'held'"; w=$PICKED
        case $((RANDOM % 5)) in
        0) [ -n "$r" ] && [ -n "$w" ] && sql "UPDATE registration SET workshop_id = $w WHERE id = $r
               AND NOT EXISTS (SELECT 1 FROM registration x WHERE x.workshop_id = $w
                               AND x.participant_id = registration.participant_id AND x.id <> $r)" ;;
        1) [ -n "$r" ] && sql "UPDATE registration SET already_helped = CASE already_helped WHEN 1 THEN 0
               WHEN 0 THEN NULL ELSE 1 END WHERE id = $r" ;;
        2) [ -n "$r" ] && sql "DELETE FROM registration WHERE id = $r" ;;
        3) [ -n "$w" ] && sql "UPDATE workshop_theme SET theme = 'culture_numerique'
               WHERE workshop_id = $w AND theme = (SELECT min(theme) FROM workshop_theme WHERE workshop_id = $w)
               AND NOT EXISTS (SELECT 1 FROM workshop_theme x WHERE x.workshop_id = $w
                               AND x.theme = 'culture_numerique' AND x.theme <> workshop_theme.theme)" ;;
        4) pick "SELECT id FROM referral"; [ -n "$PICKED" ] && sql "DELETE FROM referral WHERE id = $PICKED" ;;
        esac ;;
    esac
done
# Two people who attended a held workshop of 2026 said where they live, by hand, whatever the
# history drew: a commune by its INSEE code, another by a name alone.
pick "SELECT DISTINCT g.participant_id FROM registration g JOIN workshop w ON w.id = g.workshop_id
      WHERE g.state = 'attended' AND w.status = 'held' AND w.starts_at >= '2026'"
sql "UPDATE participant SET postal_code = NULL, commune = 'Ailleurs', insee = NULL WHERE id = ${PICKED:-0}"
pick "SELECT DISTINCT g.participant_id FROM registration g JOIN workshop w ON w.id = g.workshop_id
      JOIN participant p ON p.id = g.participant_id WHERE g.state = 'attended'
      AND w.status = 'held' AND w.starts_at >= '2026' AND p.commune IS DISTINCT FROM 'Ailleurs'"
sql "UPDATE participant SET postal_code = '51100', commune = 'Reims', insee = '51454' WHERE id = ${PICKED:-0}"
# And an attended registration moved by hand to another held workshop (its person not there).
sql "UPDATE registration SET workshop_id = (SELECT w.id FROM workshop w WHERE w.status = 'held'
        AND w.id <> registration.workshop_id AND NOT EXISTS (SELECT 1 FROM registration x
        WHERE x.workshop_id = w.id AND x.participant_id = registration.participant_id)
        ORDER BY w.id LIMIT 1)
     WHERE id = (SELECT min(g.id) FROM registration g JOIN workshop w ON w.id = g.workshop_id
                 WHERE g.state = 'attended' AND w.status = 'held')"
[ "$errors" = 0 ] && [ "$(sql "SELECT count(*) FROM registration WHERE state = 'attended'")" -gt 100 ] &&
    [ "$(sql "SELECT count(*) FROM audit WHERE action = 'attendance'")" -gt 10 ] &&
    [ "$(sql "SELECT count(*) FROM participant WHERE insee IS NOT NULL")" -gt 0 ] &&
    [ "$(sql "SELECT count(DISTINCT action) FROM audit WHERE entity = 'help_session'
              AND action IN ('delete', 'restore')")" = 2 ]
verdict "a random history of writes: every command succeeded, communes said, sessions deleted and restored" $? \
    "errors=$errors" "$(sql "SELECT action, entity, count(*) FROM audit GROUP BY 1, 2")" \
    "$(sql "SELECT count(*) FROM participant WHERE insee IS NOT NULL") INSEE"

run --db "$DB" check
verdict "check: the counts are exact after the history" "$([ "$rc" = 0 ]; echo $?)" "$(cat "$TMP/out" "$TMP/err")"

# The slow recount: the counts of migration 017 emptied and made again from the raw rows, with
# this file's SQL (not the schema's views), in a copy whose triggers are removed.
copy_database "$DB" "$TMP/slow.db"
if on_postgresql; then
    sqlite3 "$TMP/slow.db" "SELECT 'DROP TRIGGER ' || tgname || ' ON ' || tgrelid::regclass || ';'
        FROM pg_trigger WHERE NOT tgisinternal
        AND (tgname LIKE 'attendance\_%' ESCAPE '\' OR tgname LIKE 'workshop\_tally\_%' ESCAPE '\'
             OR tgname LIKE 'referral\_tally\_%' ESCAPE '\')" >"$TMP/drop.sql"
else
    sqlite3 "$TMP/slow.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger'
        AND (name LIKE 'attendance\_%' ESCAPE '\' OR name LIKE 'workshop\_tally\_%' ESCAPE '\'
             OR name LIKE 'referral\_tally\_%' ESCAPE '\')" >"$TMP/drop.sql"
fi
sqlite3 "$TMP/slow.db" >"$TMP/slow.out" 2>&1 <<EOF
$(cat "$TMP/drop.sql")
DELETE FROM attendance_tally; DELETE FROM attendance_tally_month;
DELETE FROM workshop_tally; DELETE FROM workshop_tally_month;
DELETE FROM referral_tally; DELETE FROM referral_tally_month;
CREATE TEMP TABLE held AS
    SELECT w.id, substr(w.starts_at, 1, 10) AS day, coalesce(w.site_id, 0) AS site,
           coalesce(w.facilitator_id, 0) AS fac, w.duration_min, w.walk_ins, w.capacity,
           (SELECT count(*) FROM registration g WHERE g.workshop_id = w.id
              AND g.state IN ('booked', 'attended', 'absent', 'excused')) AS seats,
           (SELECT count(*) FROM registration g WHERE g.workshop_id = w.id AND g.state = 'attended') AS att,
           (SELECT count(*) FROM registration g WHERE g.workshop_id = w.id AND g.state = 'absent') AS abs
    FROM workshop w WHERE w.status = 'held';
INSERT INTO attendance_tally
    SELECT 'commune', h.day, h.site, h.fac,
           CASE WHEN p.insee IS NOT NULL THEN p.insee
                ELSE '/' || coalesce(p.commune, p.postal_code, '') END, count(*)
    FROM registration g JOIN held h ON h.id = g.workshop_id JOIN participant p ON p.id = g.participant_id
    WHERE g.state = 'attended' GROUP BY 2, 3, 4, 5;
INSERT INTO attendance_tally
    SELECT 'already_helped', h.day, h.site, h.fac,
           CASE g.already_helped WHEN 1 THEN '1' WHEN 0 THEN '0' ELSE '' END, count(*)
    FROM registration g JOIN held h ON h.id = g.workshop_id WHERE g.state = 'attended'
    GROUP BY 2, 3, 4, 5;
INSERT INTO attendance_tally_month
    SELECT dim, substr(day, 1, 7), site_id, facilitator_id, code, sum(people) FROM attendance_tally
    GROUP BY 1, 2, 3, 4, 5;
INSERT INTO workshop_tally
    SELECT 'total', day, site, fac, '', count(*), sum(duration_min), sum(walk_ins), sum(capacity),
           sum(seats), sum(att), sum(abs) FROM held GROUP BY 2, 3, 4;
INSERT INTO workshop_tally
    SELECT 'theme', day, site, fac, t.theme, count(*), sum(duration_min), sum(walk_ins),
           sum(capacity), sum(seats), sum(att), sum(abs)
    FROM held JOIN workshop_theme t ON t.workshop_id = held.id GROUP BY 2, 3, 4, 5;
INSERT INTO workshop_tally_month
    SELECT dim, substr(day, 1, 7), site_id, facilitator_id, code, sum(workshops), sum(minutes),
           sum(walk_ins), sum(capacity), sum(seats), sum(attended), sum(absent)
    FROM workshop_tally GROUP BY 1, 2, 3, 4, 5;
INSERT INTO referral_tally
    SELECT substr(referred_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0), status,
           coalesce(partner_id, 0), count(*) FROM referral GROUP BY 1, 2, 3, 4, 5;
INSERT INTO referral_tally_month
    SELECT substr(day, 1, 7), site_id, operator_id, status, partner_id, sum(referrals)
    FROM referral_tally GROUP BY 1, 2, 3, 4, 5;
EOF
[ ! -s "$TMP/slow.out" ] && [ "$(sqlite3 "$TMP/slow.db" "SELECT count(*) FROM attendance_tally")" -gt 0 ]
verdict "the slow recount is made from the raw rows" $? "$(head -c 2000 "$TMP/slow.out")"

bad=
for period in "2026-01-01 2026-12-31" "2026-11-01 2026-11-30" "2026-02-14 2026-09-03" \
    "2023-11-01 2026-11-21" "2026-11-23 2026-11-29" "2025-01-01 2025-12-31"; do
    set -- $period
    for filter in "" "--site=$(sql "SELECT name FROM site ORDER BY id LIMIT 1")" \
        "--operator=$(sql "SELECT name FROM operator ORDER BY id LIMIT 1 OFFSET 1")"; do
        f=()
        [ -n "$filter" ] && f=("${filter%%=*}" "${filter#*=}")
        "$GUICHET" --db "$DB" report --from "$1" --to "$2" "${f[@]}" --format csv >"$TMP/fast.csv" 2>&1
        "$GUICHET" --db "$TMP/slow.db" report --from "$1" --to "$2" "${f[@]}" --format csv >"$TMP/slow.csv" 2>&1
        cmp -s "$TMP/fast.csv" "$TMP/slow.csv" && grep -q '^activities,workshops' "$TMP/fast.csv" ||
            bad="$bad [$1..$2 $filter: $(diff "$TMP/fast.csv" "$TMP/slow.csv" | head -6 | tr '\n' ' ')]"
    done
done
[ -z "$bad" ]
verdict "every report, periods whole and partial, a site, an operator: the same as from the recount" $? "$bad"
# Each site's report against the raw rows counted here, not through any count table: the
# sessions, held workshops, people who attended them and referrals of the site (a referral's is
# its session's, else its operator's when made: the demo's all have sessions), and the sites'
# figures with those of no site add up to the whole network's.
bad=$DEMO_SITES
# rows FROM TO SITE: the four figures of SITE's rows (0: those of no site), counted here.
rows() {
    local end; end=$(date -d "$2 + 1 day" +%F) # the day after TO
    sql "SELECT (SELECT count(*) FROM help_session_live WHERE coalesce(site_id, 0) = $3
               AND started_at >= '$1' AND started_at < '$end'),
            (SELECT count(*) FROM workshop WHERE status = 'held' AND coalesce(site_id, 0) = $3
               AND starts_at >= '$1' AND starts_at < '$end'),
            (SELECT count(*) FROM registration g JOIN workshop w ON w.id = g.workshop_id
               WHERE g.state = 'attended' AND w.status = 'held' AND coalesce(w.site_id, 0) = $3
               AND w.starts_at >= '$1' AND w.starts_at < '$end'),
            (SELECT count(*) FROM referral WHERE coalesce(site_id, 0) = $3
               AND referred_at >= '$1' AND referred_at < '$end')" | tr '|' ' '
}
# reported FROM TO [--site NAME]: the same four figures in the report.
reported() {
    "$GUICHET" --db "$DB" report --from "$@" --format csv 2>&1 | tr -d '\r' | awk -F, '$1 == "activities" {
        v[$2] = $NF } END { print v["sessions"], v["workshops_held"], v["named_participations"], v["referrals"] }'
}
for period in "2024-01-01 2026-12-31" "2026-03-14 2026-11-30"; do
    set -- $period
    total=($(rows "$1" "$2" 0))
    for site in $(sql "SELECT id FROM site ORDER BY id"); do
        expect=$(rows "$1" "$2" "$site")
        got=$(reported "$1" --to "$2" --site "$(sql "SELECT name FROM site WHERE id = $site")")
        [ "$got" = "$expect" ] || bad="$bad [$1..$2 site $site: report $got, rows $expect]"
        e=($expect)
        [ "${e[3]}" -gt 0 ] || [ "$1" != 2024-01-01 ] || bad="$bad [$1..$2 site $site: no referral]"
        for k in 0 1 2 3; do total[k]=$((total[k] + e[k])); done
    done
    got=$(reported "$1" --to "$2")
    [ "$got" = "${total[*]}" ] || bad="$bad [$1..$2 all: report $got, sites and none ${total[*]}]"
done
[ -z "$bad" ]
verdict "each site's report: sessions, held workshops, attendance and referrals as its rows; the sites add up" $? "$bad"

# The year's report: people by commune (an INSEE code, a name), workshops by theme, partners.
"$GUICHET" --db "$DB" report --from 2026-01-01 --to 2026-12-31 --format csv >"$TMP/year.csv" 2>&1
grep -q '^commune_participants,51454,' "$TMP/year.csv" && grep -q '^commune_participants,,Ailleurs,' "$TMP/year.csv" &&
    grep -q '^workshop_seats,sante,' "$TMP/year.csv" && grep -q '^referral_partners,' "$TMP/year.csv" &&
    grep -q '^already_helped,yes,' "$TMP/year.csv"
verdict "the reports compared hold participants by commune, workshops by theme and partners" $? \
    "$(grep -E '^(commune_participants|workshop_seats|referral_partners|already_helped)' "$TMP/year.csv")"

# Each count table damaged by hand (a day's row, or a month's alone): check says so, exit 1.
damaged=
for t in "attendance_tally:people:workshop attendance" "attendance_tally_month:people:workshop attendance" \
    "workshop_tally:seats:held workshops" "workshop_tally_month:walk_ins:held workshops" \
    "referral_tally:referrals:referrals" "referral_tally_month:referrals:referrals"; do
    IFS=: read -r table column what <<<"$t"
    copy_database "$DB" "$TMP/damaged.db"
    key=$(case $table in *_month) echo month ;; *) echo day ;; esac)
    sqlite3 "$TMP/damaged.db" "UPDATE $table SET $column = $column + 1
        WHERE $key = (SELECT max($key) FROM $table WHERE $key < '2026-11')"
    run --db "$TMP/damaged.db" check
    [ "$rc" = 1 ] && grep -q "report counts differ from the $what" "$TMP/out" "$TMP/err" ||
        damaged="$damaged [$table: rc=$rc $(head -c 300 "$TMP/out")]"
done
# A day's referrals moved to another site (migration 023), their number right.
copy_database "$DB" "$TMP/damaged.db"
sqlite3 "$TMP/damaged.db" "UPDATE referral_tally SET site_id = 99
    WHERE day = (SELECT max(day) FROM referral_tally WHERE day < '2026-11' AND referrals > 0)"
run --db "$TMP/damaged.db" check
[ "$rc" = 1 ] && grep -q "report counts differ from the referrals" "$TMP/out" "$TMP/err" ||
    damaged="$damaged [referral_tally.site_id: rc=$rc $(head -c 300 "$TMP/out")]"
[ -z "$damaged" ]
verdict "check finds each count table of migrations 017 and 023 damaged by hand, a referral's site too" $? "$damaged"

# The sessions' per-day counts (recounted by groups in memory, not sorted): a count row gone, one
# too many, one wrong; each named.
copy_database "$DB" "$TMP/damaged.db"
sqlite3 "$TMP/damaged.db" "DELETE FROM session_tally WHERE dim = 'age' AND day = (SELECT min(day) FROM session_tally);
    INSERT INTO session_tally VALUES ('place', '1999-01-01', 0, 0, 'domicile', 1, 30);
    UPDATE session_tally SET minutes = minutes + 1 WHERE dim = 'total' AND day = (SELECT max(day) FROM session_tally);"
first=$(sqlite3 "$DB" "SELECT min(day) FROM session_tally"); last=$(sqlite3 "$DB" "SELECT max(day) FROM session_tally")
run --db "$TMP/damaged.db" check
[ "$rc" = 1 ] && grep -q "report counts differ from the sessions: age \".*\" on $first" "$TMP/out" &&
    grep -qF 'report counts differ from the sessions: place "domicile" on 1999-01-01' "$TMP/out" &&
    grep -qF "report counts differ from the sessions: total \"\" on $last" "$TMP/out"
verdict "check names a sessions' count row gone, added or wrong" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"

# A trigger keeping the counts dropped, or altered, in the sqlite3 shell: the counts are still
# right, and would drift from the next write on; check names it at once.
copy_database "$DB" "$TMP/damaged.db"
if on_postgresql; then # the same: a trigger gone, another that does nothing
    sqlite3 "$TMP/damaged.db" "DROP TRIGGER attendance_registration_insert ON registration;
        DROP TRIGGER referral_tally_insert ON referral;
        CREATE TRIGGER referral_tally_insert AFTER INSERT ON referral
            FOR EACH ROW WHEN (false) EXECUTE FUNCTION referral_tally_insert_fn();"
else
    sqlite3 "$TMP/damaged.db" "DROP TRIGGER attendance_registration_insert;
        DROP TRIGGER referral_tally_insert;
        CREATE TRIGGER referral_tally_insert AFTER INSERT ON referral BEGIN SELECT 1; END;"
fi
run --db "$TMP/damaged.db" check
[ "$rc" = 1 ] && grep -qF 'the trigger "attendance_registration_insert" is missing' "$TMP/out" &&
    grep -qF 'the trigger "referral_tally_insert" differs from the one guichet creates' "$TMP/out" &&
    grep -q '^The database has 2 problems' "$TMP/out"
verdict "check names a count trigger dropped or altered by hand" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"

# GUICHET_TRACE_SQL: the statements of a report, values written in, which the shell runs (SQLite's
# own trace of a file's statements, for the sqlite3 shell).
if file_engine_only "GUICHET_TRACE_SQL, SQLite's statement trace replayed by the sqlite3 shell"; then
    GUICHET_TRACE_SQL="$TMP/trace.sql" "$GUICHET" --db "$DB" report --from 2026-01-01 --to 2026-12-31 \
        --format json >"$TMP/json" 2>&1
    awk 'BEGIN { RS = ";\n" } /^SELECT/ { printf "%s;\n", $0 }' "$TMP/trace.sql" >"$TMP/reads.sql"
    grep -q "FROM attendance_tally_month WHERE dim = 'commune' AND month >= '2026-01' AND month <= '2026-12'" \
        "$TMP/reads.sql" && grep -q "^INSERT INTO audit" "$TMP/trace.sql" && ! grep -q '?[0-9]' "$TMP/reads.sql" &&
        [ "$(grep -c '' <"$TMP/reads.sql")" -ge 20 ] &&
        sqlite3 "$DB" ".read $TMP/reads.sql" >"$TMP/replayed" 2>&1 && [ -s "$TMP/replayed" ] &&
        ! grep -qi 'error' "$TMP/replayed"
    verdict "GUICHET_TRACE_SQL writes each statement with its values; the sqlite3 shell runs them" $? \
        "$(head -c 1500 "$TMP/trace.sql")" "$(head -c 500 "$TMP/replayed")"
fi

# A participant's INSEE code the site's table no longer has keeps the name said last for it
# (store_commune_said): the counts hold codes, the name is asked for then.
printf '75001\t75056\tParis\n' >"$TMP/communes.tsv"
"$GUICHET" --db "$DB" commune import "$TMP/communes.tsv" >/dev/null 2>&1
run --db "$DB" report --from 2026-01-01 --to 2026-12-31 --format csv
[ "$rc" = 0 ] && grep -q '^commune_participants,51454,Reims,' "$TMP/out" &&
    grep -q '^commune_participants,75056,Paris,' "$TMP/out"
verdict "a participant's INSEE code no longer in the table keeps the name said last" $? \
    "$(grep '^commune_participants' "$TMP/out")"

finish
