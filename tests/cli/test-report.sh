#!/usr/bin/env bash
# Reports and the activity export on the command line: every figure checked against counts
# computed independently (Python over the raw rows), on generated data and on edge cases
# (empty periods, midnight and month ends, a leap day, the nights of the clock changes).
# Usage: tests/cli/test-report.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="reports${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2028-03-17 10:00" HOME="$TMP/home"
DB="$TMP/r.db"
PY=/usr/bin/python3


# db_target FILE: what the Python checks connect to with db_rows.connect: the file, or on
# PostgreSQL the connection string of the database it stands for.
db_target() {
    if on_postgresql; then pg_target_for "$1"; else printf '%s' "$1"; fi
}
# db_rows.connect(TARGET).execute(SQL, PARAMS): the rows of SQL (its ? given PARAMS), as Python's
# sqlite3 module answers, from a file or (psql, as JSON) from a PostgreSQL database.
cat >"$TMP/db_rows.py" <<'PYEOF'
import json, sqlite3, subprocess
class _Rows:
    def __init__(self, rows): self.rows = rows
    def fetchone(self): return self.rows[0] if self.rows else None
    def fetchall(self): return list(self.rows)
    def __iter__(self): return iter(self.rows)
class _Server:
    def __init__(self, target): self.target = target
    def execute(self, sql, params=()):
        parts = sql.split("?")
        assert len(parts) == len(params) + 1, sql
        text = parts[0]
        for value, rest in zip(params, parts[1:]):
            text += (str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'") + rest
        out = subprocess.run(["psql", self.target, "-XqAt", "-v", "ON_ERROR_STOP=1", "-c",
                              "SELECT coalesce(json_agg(q), '[]') FROM (%s) AS q" % text],
                             check=True, capture_output=True, text=True).stdout
        return _Rows([tuple(r.values()) for r in json.loads(out)])
def connect(target):
    return _Server(target) if "dbname=" in target else sqlite3.connect(target)
PYEOF
export PYTHONPATH="$TMP${PYTHONPATH:+:$PYTHONPATH}"

# check_json FROM TO [SITE]: the JSON report agrees with counts computed from the raw rows.
check_json() {
    local from=$1 to=$2 site=${3:-}
    run --db "$DB" report --from "$from" --to "$to" ${site:+--site "$site"} --format json
    [ "$rc" = 0 ] || return 1
    "$PY" - "$(db_target "$DB")" "$TMP/out" "$from" "$to" "$site" <<'PYEOF'
import json, db_rows, sys, collections, datetime
db, out, frm, to, site = sys.argv[1:6]
r = json.load(open(out))
c = db_rows.connect(db)
end = (datetime.date.fromisoformat(to) + datetime.timedelta(days=1)).isoformat()
site_id = c.execute("SELECT id FROM site WHERE name = ?", (site,)).fetchone() if site else None
rows = [x for x in c.execute("SELECT id, started_at, duration_min, place, oriented, orientation, age, site_id FROM help_session")
        if frm <= x[1] < end and (site_id is None or x[7] == site_id[0])]
ids = {x[0] for x in rows}
def fail(what, got, want):
    print("mismatch", what, "got", got, "want", want); sys.exit(1)
t = r["totals"]
if t["sessions"] != len(rows): fail("sessions", t["sessions"], len(rows))
if t["session_minutes"] != sum(x[2] for x in rows): fail("minutes", t["session_minutes"], sum(x[2] for x in rows))
ws = [w for w in c.execute("SELECT id, starts_at, duration_min, walk_ins, status, site_id FROM workshop")
      if frm <= w[1] < end and w[4] == "held" and (site_id is None or w[5] == site_id[0])]
att = sum(c.execute("SELECT count(*) FROM registration WHERE workshop_id = ? AND state = 'attended'", (w[0],)).fetchone()[0] for w in ws)
walk = sum(w[3] for w in ws)
if t["workshops_held"] != len(ws): fail("workshops", t["workshops_held"], len(ws))
if t["named_participations"] != att or t["anonymous_participations"] != walk: fail("participations", t, (att, walk))
if t["people"] != len(rows) + att + walk: fail("people", t["people"], len(rows) + att + walk)
themes = collections.Counter(th for (sid, th) in c.execute("SELECT session_id, theme FROM help_session_theme") if sid in ids)
got = {e["code"]: e["count"] for e in r["themes"] if e["count"]}
if got != dict(themes): fail("themes", got, dict(themes))
places = collections.Counter(x[3] for x in rows)
got = {e["code"]: e["count"] for e in r["places"] if e["count"]}
if got != dict(places): fail("places", got, dict(places))
ages = collections.Counter(x[6] or "" for x in rows)
got = {e["code"]: e["count"] for e in r["ages"] if e["count"]}
if got != dict(ages): fail("ages", got, dict(ages))
buckets = collections.Counter("lt30" if x[2] < 30 else "30to60" if x[2] < 60 else "60to120" if x[2] < 120 else "120plus" for x in rows)
got = {e["code"]: e["count"] for e in r["durations"] if e["count"]}
if got != dict(buckets): fail("durations", got, dict(buckets))
oriented = collections.Counter("yes" if x[4] else "no" for x in rows)
got = {e["code"]: e["count"] for e in r["oriented"] if e["count"]}
if got != dict(oriented): fail("oriented", got, dict(oriented))
months = collections.Counter(x[1][:7] for x in rows)
got = {m["month"]: m["sessions"] for m in r["months"] if m["sessions"]}
if got != dict(months): fail("months", got, dict(months))
if sum(m["sessions"] for m in r["months"]) != len(rows): fail("month sum", 0, len(rows))
PYEOF
}

test_generated_data() {
    run --db "$DB" demo --sessions 3000 --seed 7
    [ "$rc" = 0 ] || { not_ok "demo data for reports" "$(cat "$TMP/err")"; return; }
    check_json 2027-01-01 2027-12-31
    verdict "a year's report matches counts computed from the rows" $? "$(head -c 600 "$TMP/out")"
    check_json 2026-02-01 2026-02-28
    verdict "a month's report matches counts computed from the rows" $? "$(head -c 600 "$TMP/out")"
    check_json 2025-01-01 2028-03-17
    verdict "the whole range matches counts computed from the rows" $? "$(head -c 600 "$TMP/out")"
    check_json 2027-01-01 2027-12-31 "Médiathèque centrale"
    verdict "--site keeps one site's activities" $? "$(head -c 600 "$TMP/out")"
    # Whole months are read from the per-month counts, the days around them from the per-day ones.
    check_json 2026-02-15 2027-03-10
    verdict "a period of partial months at both ends and whole ones between" $? "$(head -c 600 "$TMP/out")"
    check_json 2027-03-01 2027-03-10 && check_json 2027-03-10 2027-03-31
    verdict "a month's first days, and its last ones" $? "$(head -c 600 "$TMP/out")"
}

# A logged session's counts are summed in memory (src/tally.c) rather than by the triggers: for
# every kind of fact (no operator or site, a residence given by INSEE code, by name or by postal
# code, already helped or not, oriented, several themes, démarches and devices, long and short),
# the per-day and per-month rows equal a recount from the view.
test_logged_counts() {
    local db="$TMP/logged.db" ok=0
    "$GUICHET" --db "$db" demo --sessions 30 --seed 3 >/dev/null || return 1
    "$GUICHET" --db "$db" log --theme email --duration 5 --at "2026-03-10 14:00" >/dev/null &&
    "$GUICHET" --db "$db" log --theme aide_aux_demarches_administratives,email --demarche logement \
        --procedure "Demande APL" --material telephone,tablette --duration 45 --at "2026-03-10 15:00" \
        --operator "Zoé" --site "Annexe" --postal-code 51100 --insee 51454 --already-helped yes \
        --age soixante_dix_plus --gender feminin --status retraite --autonomy autonome >/dev/null &&
    "$GUICHET" --db "$db" log --theme email --duration 90 --at "2026-03-11 09:00" \
        --commune "Reims" --postal-code 51100 --already-helped no --redirect aide_sociale >/dev/null &&
    "$GUICHET" --db "$db" log --theme email --duration 200 --at "2026-04-01 09:00" \
        --postal-code 75011 >/dev/null || ok=1
    local recount
    recount="SELECT dim, day, site_id, operator_id, code, count(*), sum(minutes) FROM session_facts
             GROUP BY 1, 2, 3, 4, 5 EXCEPT SELECT dim, day, site_id, operator_id, code, sessions,
             minutes FROM session_tally WHERE sessions <> 0"
    [ "$ok" = 0 ] && [ -z "$(sqlite3 "$db" "$recount")" ] &&
        [ -z "$(sqlite3 "$db" "SELECT dim, substr(day, 1, 7), site_id, operator_id, code,
            sum(sessions), sum(minutes) FROM session_tally GROUP BY 1, 2, 3, 4, 5
            EXCEPT SELECT dim, month, site_id, operator_id, code, sessions, minutes
            FROM session_tally_month")" ] &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM session_tally WHERE dim = 'commune'
            AND code IN ('51454', '75056')")" = 3 ] &&
        "$GUICHET" --db "$db" check >/dev/null
    verdict "logged sessions of every kind are counted per day and per month as the view says" $? \
        "$(sqlite3 "$db" "$recount" | head -5)"
}

# No CHECK, trigger or index of the schema tests a column against a list of more than two
# constants with IN: SQLite builds a temporary B-tree of such a list every time a write runs it
# (migration 018). Views are read once per query and may.
test_no_long_in_lists() {
    file_engine_only "SQLite's temporary B-tree of an IN list, in its sqlite_schema" || return
    local db="$TMP/inlists.db"
    "$GUICHET" --db "$db" demo --sessions 1 >/dev/null || return 1
    sqlite3 "$db" "SELECT type || ' ' || name || char(31) || replace(sql, char(10), ' ')
                   FROM sqlite_schema WHERE type <> 'view' AND sql IS NOT NULL" >"$TMP/schema"
    "$PY" - "$TMP/schema" >"$TMP/out" <<'PYEOF'
import re, sys
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    name, _, sql = line.partition("\x1f")
    for m in re.finditer(r"\bIN\s*\(([^()]*)\)", sql, re.I):
        items = [i.strip() for i in m.group(1).split(",")]
        if len(items) > 2 and all(re.fullmatch(r"'[^']*'|-?[0-9]+", i) for i in items):
            bad.append(name + ": " + m.group(0))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
    verdict "no write tests a value against more than two constants with IN" $? "$(cat "$TMP/out")"
}

# The per-month counts (migration 015) follow every write, and check compares them.
test_month_counts() {
    local db="$TMP/months.db" ids
    copy_database "$DB" "$db"
    ids=$(sqlite3 "$db" "SELECT id FROM help_session WHERE started_at LIKE '2027-0%' ORDER BY id LIMIT 40")
    for id in $ids; do "$GUICHET" --db "$db" session delete "$id" >/dev/null || return 1; done
    for id in $(echo "$ids" | head -n 10); do "$GUICHET" --db "$db" session restore "$id" >/dev/null || return 1; done
    local live
    live=$(sqlite3 "$db" "SELECT substr(started_at, 1, 7), count(*) FROM help_session s
        WHERE started_at >= '2027-01-01' AND started_at < '2028-01-01'
          AND id NOT IN (SELECT session_id FROM help_session_deleted) GROUP BY 1 ORDER BY 1" | tr '\n' ' ')
    run --db "$db" report --from 2027-01-01 --to 2027-12-31 --format json
    [ "$rc" = 0 ] && [ "$("$PY" -c 'import json, sys
print(" ".join("%s|%d" % (m["month"], m["sessions"]) for m in json.load(open(sys.argv[1]))["months"] if m["sessions"]), end=" ")' "$TMP/out")" = "$live" ] &&
        "$GUICHET" --db "$db" check >/dev/null
    verdict "deleted and restored sessions leave the per-month counts exact" $? "want $live; $(head -c 600 "$TMP/out")"
    # A commune and "already helped" changed afterwards (as an erasure or a correction does) move
    # the counts; a code the table no longer has is named as the period's last session said it.
    sqlite3 "$db" "UPDATE help_session SET insee = '99999', commune = 'Ancien nom', already_helped = 1
                   WHERE id IN (SELECT id FROM help_session WHERE started_at LIKE '2027-05%' ORDER BY started_at LIMIT 4);
                   UPDATE help_session SET insee = '99999', commune = 'Nouveau nom', already_helped = 0
                   WHERE id = (SELECT id FROM help_session WHERE started_at LIKE '2027-06%' ORDER BY started_at LIMIT 1);
                   UPDATE help_session SET insee = '99999', commune = 'Plus tard', already_helped = 0
                   WHERE id = (SELECT id FROM help_session WHERE started_at LIKE '2027-09%' ORDER BY started_at LIMIT 1)"
    run --db "$db" report --from 2027-05-01 --to 2027-08-31 --format json
    [ "$rc" = 0 ] && "$PY" -c 'import json, sys
r = json.load(open(sys.argv[1]))
c = [e for e in r["commune_sessions"] if e["code"] == "99999"]
h = {e["code"]: e["count"] for e in r["already_helped"]}
sys.exit(0 if len(c) == 1 and c[0]["count"] == 5 and c[0]["label"] == "Nouveau nom"
         and h["yes"] >= 4 and sum(e["count"] for e in r["commune_sessions"]) == r["totals"]["sessions"] else 1)' "$TMP/out" &&
        "$GUICHET" --db "$db" check >/dev/null
    verdict "a session's commune and already-helped changed later are counted as they are now" $? "$(head -c 300 "$TMP/out")"
    sqlite3 "$db" "UPDATE session_tally_month SET sessions = sessions + 1
                   WHERE dim = 'place' AND month = (SELECT min(month) FROM session_tally_month WHERE dim = 'place')"
    run --db "$db" check
    [ "$rc" = 1 ] && grep -q "report counts differ from the sessions: place" "$TMP/out" "$TMP/err"
    verdict "check finds per-month counts that differ from the sessions" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# Each workshop's seats, attended and absent (workshop_attendance, migration 015) follow every
# change of its registrations, a workshop's removal included, and check compares them.
test_attendance_counts() {
    local db="$TMP/attendance.db" want fk=
    copy_database "$DB" "$db"
    on_postgresql || fk="PRAGMA foreign_keys = ON;" # a server always checks them
    sqlite3 "$db" "$fk
                   UPDATE registration SET state = 'absent' WHERE id IN (SELECT id FROM registration WHERE state = 'attended' LIMIT 30);
                   UPDATE registration SET state = 'attended' WHERE id IN (SELECT id FROM registration WHERE state = 'excused' LIMIT 5);
                   DELETE FROM registration WHERE id IN (SELECT id FROM registration WHERE state = 'booked' LIMIT 5);
                   DELETE FROM workshop WHERE id IN (SELECT workshop_id FROM registration LIMIT 1)" || return 1
    want=$(sqlite3 "$db" "SELECT count(*) FROM registration g JOIN workshop w ON w.id = g.workshop_id
        WHERE g.state = 'attended' AND w.status = 'held' AND w.starts_at >= '2025-01-01' AND w.starts_at < '2028-03-18'")
    run --db "$db" report --from 2025-01-01 --to 2028-03-17 --format json
    [ "$rc" = 0 ] && [ "$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["totals"]["named_participations"])' "$TMP/out")" = "$want" ] &&
        "$GUICHET" --db "$db" check >/dev/null
    verdict "changed and removed registrations leave each workshop's counts exact" $? "want $want; rc=$rc $(head -c 300 "$TMP/out")"
    sqlite3 "$db" "UPDATE workshop_attendance SET absent = absent + 1 WHERE workshop_id = (SELECT min(workshop_id) FROM workshop_attendance)"
    run --db "$db" check
    [ "$rc" = 1 ] && grep -q "report counts differ from the registrations of workshop" "$TMP/out" "$TMP/err"
    verdict "check finds a workshop's counts that differ from its registrations" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_edge_dates() {
    DB="$TMP/edge.db"
    local at
    for at in "2028-02-29 00:00" "2028-02-29 23:59" "2028-03-01 00:00" "2028-01-31 23:59" \
              "2027-03-28 02:30" "2027-10-31 02:30" "2027-10-31 02:45" "2027-12-31 23:59" "2028-01-01 00:00"; do
        "$GUICHET" --db "$DB" log --theme email --duration 20 --at "$at" --operator Camille >/dev/null || return 1
    done
    check_json 2028-02-29 2028-02-29
    verdict "a leap day, from midnight to 23:59" $? "$(head -c 300 "$TMP/out")"
    check_json 2028-02-01 2028-02-29
    verdict "a month ending on a leap day" $? "$(head -c 300 "$TMP/out")"
    check_json 2027-10-31 2027-10-31
    verdict "the night the clocks go back counts each session once" $? "$(head -c 300 "$TMP/out")"
    run --db "$DB" report --from 2027-12-31 --to 2027-12-31 --format json
    [ "$rc" = 0 ] && /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["totals"]["sessions"] == 1 and r["previous_period"]["from"] == "2027-12-30" and r["year_before"]["from"] == "2026-12-31" else 1)' "$TMP/out"
    verdict "a year-end day: one session, previous day and a year earlier compared" $? "$(head -c 400 "$TMP/out")"
    run --db "$DB" report --from 2028-02-29 --to 2028-02-29 --format json
    /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["year_before"]["from"] == "2027-02-28" and r["totals"]["sessions"] == 2 else 1)' "$TMP/out"
    verdict "a year before a leap day is 28 February" $? "$(head -c 400 "$TMP/out")"
    run --db "$DB" report --from 2020-01-01 --to 2020-12-31 --format json
    [ "$rc" = 0 ] && /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["totals"]["sessions"] == 0 and len(r["months"]) == 12 and all(m["sessions"] == 0 for m in r["months"]) else 1)' "$TMP/out"
    verdict "an empty period reports zeros and every month" $? "$(head -c 400 "$TMP/out")"
    check_json 2020-01-01 2020-12-31
    verdict "an empty period matches the rows" $? ""
    DB="$TMP/r.db"
}

test_workshops_and_referrals() {
    DB="$TMP/w.db"
    GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop add --title "Premiers pas" \
        --at "2028-03-02 14:00" --duration 90 --capacity 4 --theme email --facilitator Camille >/dev/null
    for name in Ana Bob Chloé Dan Eve; do
        GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop book 1 --name "$name" >/dev/null
    done
    GUICHET_NOW="2028-03-02 15:00" "$GUICHET" --db "$DB" workshop attend 1 --present 1,2 --absent 3 \
        --excused 4 --walk-ins 3 >/dev/null
    GUICHET_NOW="2028-03-05 10:00" "$GUICHET" --db "$DB" referral add --request chomage >/dev/null
    GUICHET_NOW="2028-03-06 10:00" "$GUICHET" --db "$DB" referral add --request caf >/dev/null
    "$GUICHET" --db "$DB" referral update 2 --status abouti >/dev/null
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/out" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
ok = (t["workshops_held"] == 1 and t["named_participations"] == 2 and t["anonymous_participations"] == 3
      and t["people"] == 5 and t["workshop_minutes"] == 90 and t["referrals"] == 2)
w = r["workshop_themes"]
ok = ok and w == [{"code": "email", "workshops": 1, "capacity": 4, "seats": 4, "attended": 2, "absent": 1}]
st = {e["code"]: e["count"] for e in r["referrals"]}
ok = ok and st["a_suivre"] == 1 and st["abouti"] == 1
ok = ok and sorted(p["name"] for p in r["referral_partners"]) == ["Caisse d’allocations familiales (CAF)", "France Travail"]
ok = ok and [m["participations"] for m in r["months"]] == [5]
sys.exit(0 if ok else 1)
PYEOF
    verdict "held workshops count once as activities and per participant, with fill and attendance" $? "$(cat "$TMP/out")"
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && grep -q '^  Workshops held  *1 ' "$TMP/out" && grep -q '^  People helped  *5 ' "$TMP/out" &&
        grep -A2 '^Workshops by theme' "$TMP/out" | grep -q '  workshops  fill rate  attendance  no-shows$' &&
        grep -qE '^  E-mail +1 +100% +50% +1$' "$TMP/out" &&
        grep -q '^Report made on Friday 17 March 2028 at 10:00$' "$TMP/out"
    verdict "the text report for elected officials: workshops by theme with fill rate, attendance and no-shows" $? "$(cat "$TMP/out")"
    LANGUAGE= run --db "$DB" report --from 2028-03-01 --to 2028-03-31
    grep -q "Rapport d.*activité" "$TMP/out" && grep -q 'Personnes accompagnées' "$TMP/out"
    verdict "the text report in French" $? "$(head -20 "$TMP/out")"
    run --db "$DB" export activities --from 2028-03-01 --to 2028-03-31 --bom
    [ "$rc" = 0 ] && [ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
        /usr/bin/python3 - "$TMP/out" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
ok = len(rows) == 1 and rows[0]["type_code"] == "collectif" and rows[0]["participants"] == "5"
ok = ok and rows[0]["theme_codes"] == "email" and rows[0]["date"] == "2028-03-02" and rows[0]["duration_min"] == "90"
sys.exit(0 if ok else 1)
PYEOF
    verdict "export activities: a held workshop is one collective activity with its participants" $? "$(cat "$TMP/out")"
    DB="$TMP/r.db"
}

# Nothing is left out for being many: every month of a forty-year period, every one of seventy
# partners (the report used to stop at twenty years and 64 partners, without a word).
test_long_period_many_partners() {
    DB="$TMP/many.db"
    local i id
    # The seventy partners in one import rather than seventy processes (some 40 ms each under
    # ASan); a referral to each, as the desk makes them.
    {
        echo 'id,pivot,nom,commune,code_postal,adresse,date_maj'
        for i in $(seq 1 70); do echo "p-$i,43493312300029,Partenaire $i,Reims,51100,$i rue de Vesle,2024-01-01"; done
    } >"$TMP/many.csv"
    "$GUICHET" --db "$DB" partner import "$TMP/many.csv" >/dev/null
    for id in $(sqlite3 "$DB" "SELECT id FROM partner WHERE substr(mednum_id, 1, 2) = 'p-'
                               AND substr(mednum_id, 3, 1) BETWEEN '0' AND '9' ORDER BY id"); do
        "$GUICHET" --db "$DB" referral add --request caf --partner "$id" >/dev/null
    done
    run --db "$DB" report --from 1990-01-01 --to 2029-12-31 --format json
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/out" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
months = [m["month"] for m in r["months"]]
names = sorted(p["name"] for p in r["referral_partners"])
ok = len(months) == 480 and months[0] == "1990-01" and months[-1] == "2029-12"
ok = ok and names == sorted("Partenaire %d" % i for i in range(1, 71))
ok = ok and r["totals"]["referrals"] == 70
sys.exit(0 if ok else 1)
PYEOF
    verdict "a forty-year report lists all 480 months and all 70 partners" $? "$(head -c 600 "$TMP/out")"
    DB="$TMP/r.db"
}

test_exports_and_formats() {
    run --db "$DB" export activities --from 2027-01-01 --to 2027-12-31
    local rows sessions
    sessions=$(sqlite3 "$DB" "SELECT count(*) FROM help_session WHERE started_at >= '2027-01-01' AND started_at < '2028-01-01'")
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/out" "$sessions" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
want = int(sys.argv[2])
ind = [r for r in rows if r["type_code"] == "individuel"]
ok = len(ind) == want and all(r["date"].startswith("2027") for r in rows)
ok = ok and all(r["theme_codes"] and len(r["theme_codes"].split("|")) == len(r["themes"].split("|")) for r in rows)
ok = ok and [r["date"] + r["time"] for r in rows] == sorted(r["date"] + r["time"] for r in rows)
sys.exit(0 if ok else 1)
PYEOF
    verdict "export activities: one row per session, codes and labels alongside, in date order" $? "$(head -3 "$TMP/out")"
    run --db "$DB" report --from 2027-01-01 --to 2027-12-31 --format csv
    [ "$rc" = 0 ] && head -1 "$TMP/out" | grep -q '^section,code,label,value' &&
        /usr/bin/python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=""))); sys.exit(0 if all(len(r)==4 for r in rows) and any(r[0]=="themes" for r in rows) else 1)' "$TMP/out"
    verdict "report --format csv: one figure per row, four columns" $? "$(head -5 "$TMP/out")"
    run --db "$DB" report --from 2027-01-01 --to 2027-12-31 --format html
    [ "$rc" = 0 ] && grep -q '^<!DOCTYPE html>' "$TMP/out" && ! grep -qi '<script\|<link\|src=\|url(' "$TMP/out" &&
        grep -q 'class="bar"' "$TMP/out"
    verdict "report --format html is one self-contained page with bar charts" $? "$(head -5 "$TMP/out")"
    run --db "$DB" report --from 2027-12-31 --to 2027-01-01
    [ "$rc" = 2 ] && grep -q -- '--from comes after --to' "$TMP/err"
    verdict "a reversed period is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" report --site "Nowhere"
    [ "$rc" = 2 ] && grep -q -- '--site: no site is called "Nowhere" (guichet site list shows them)' "$TMP/err"
    verdict "an unknown site is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" report --period fortnight
    [ "$rc" = 2 ] && grep -q 'unknown period' "$TMP/err"
    verdict "an unknown period is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" report --period quarter --format json
    [ "$rc" = 0 ] && /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["totals"]["from"]=="2028-01-01" and r["totals"]["to"]=="2028-03-31" else 1)' "$TMP/out"
    verdict "--period quarter is the current quarter" $? "$(head -c 200 "$TMP/out")"
}

# The HTML report in headless Chromium (Debian's, installed by make check): the page loads from
# a file with no console error, its DOM holds the tables and bars, and a screenshot is taken.
test_html_in_chromium() {
    # The same page whatever the engine (its figures are checked above on each): rendered and
    # printed once, on SQLite, within make check's ten minutes.
    if on_postgresql; then
        echo "skip the HTML report in headless Chromium (the page's rendering: on SQLite)"
        return
    fi
    LANGUAGE= run --db "$DB" report --from 2027-01-01 --to 2027-12-31 --format html
    cp "$TMP/out" "$TMP/report.html"
    local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
                 --disable-background-networking --disable-component-update --disable-sync
                 --user-data-dir="$TMP/chromium" --enable-logging=stderr --v=0)
    timeout 120 chromium "${flags[@]}" --dump-dom "file://$TMP/report.html" >"$TMP/dom" 2>"$TMP/chromium.err"
    timeout 120 chromium "${flags[@]}" --window-size=1000,1400 --screenshot="$TMP/report.png" \
        "file://$TMP/report.html" >/dev/null 2>>"$TMP/chromium.err"
    grep -q '<h1>Rapport d.*activité</h1>' "$TMP/dom" && [ "$(grep -o 'class="bar"' "$TMP/dom" | wc -l)" -gt 40 ] &&
        ! grep -q 'CONSOLE\|Uncaught\|net::ERR' "$TMP/chromium.err" &&
        [ "$(head -c 8 "$TMP/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
        [ "$(stat -c %s "$TMP/report.png")" -gt 20000 ]
    verdict "the HTML report loads in headless Chromium without errors, and renders" $? \
        "$(grep -i 'console\|error' "$TMP/chromium.err" | grep -v dbus | head -5)"
    # Printed as a council gets it: A4, a year's report on two pages (its sections kept whole).
    timeout 120 chromium "${flags[@]}" --print-to-pdf="$TMP/report.pdf" --no-pdf-header-footer \
        "file://$TMP/report.html" >/dev/null 2>>"$TMP/chromium.err"
    "$PY" - "$TMP/report.pdf" >"$TMP/pdf.txt" <<'PYEOF'
import re, sys
pdf = open(sys.argv[1], "rb").read()
pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
boxes = {tuple(round(float(x)) for x in b.split()) for b in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
print(pages, "pages", boxes)
sys.exit(0 if 1 <= pages <= 2 and boxes == {(0, 0, 595, 842)} else 1)
PYEOF
    verdict "the HTML report prints on A4: a year on two pages" $? "$(cat "$TMP/pdf.txt")"
}

# ---- French as its readers expect it (issue 16) --------------------------------------------------

TYPOGRAPHY="$(dirname "$0")/../typography.py"

# visible FILE.html OUT: the page's text as a reader sees it (tags and style left out, entities
# unescaped), a line per block and a tab after each cell, for tests/typography.py.
visible() {
    "$PY" - "$1" >"$2" <<'PYEOF'
import html.parser, sys
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.hidden = [], 0
    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")
        if tag in ("p", "tr", "h1", "h2", "title", "section", "table", "header", "dt", "dd", "br"):
            self.out.append("\n")
    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")
        if tag in ("td", "th"):
            self.out.append("\t")
    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)
t = Text()
t.feed(open(sys.argv[1], encoding="utf-8").read())
print("".join(t.out))
PYEOF
}

# typography FILE…: tests/typography.py's rules for running French text hold.
typography() {
    "$PY" "$TYPOGRAPHY" text "$@" >"$TMP/typo"
}

# The text report in French: every figure grouped, with decimal commas and U+202F before %; months
# in words; columns aligned by display width, within 80 columns.
test_text_report_in_french() {
    LANGUAGE= run --db "$DB" report --from 2025-01-01 --to 2028-03-17
    cp "$TMP/out" "$TMP/report-fr.txt"
    [ "$rc" = 0 ] && typography "$TMP/report-fr.txt"
    verdict "the French text report passes the typography rules" $? "$(head -20 "$TMP/typo")"
    "$PY" - "$TMP/report-fr.txt" <<'PYEOF'
import re, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.split("\n")
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
ok = re.search(r"\d\u202f\d{3}(?!\d)", text) is not None           # 1 234 grouped
ok = ok and re.search(r"\d,\d\u202f%", text) is not None            # 16,5 %
ok = ok and "Rapport établi le vendredi 17 mars 2028 à 10\u00a0h" in text
ok = ok and "janvier 2026" in text and "décembre 2027" in text and not re.search(r"\b20\d\d-\d\d\b", text)
ok = ok and re.search(r"^ +accompagnements +participations$", text, re.M) is not None
ok = ok and max(width(l) for l in lines) <= 80
# Every row of the breakdowns ends at the same column (counts and shares right-aligned).
start, end = lines.index("Thématiques"), lines.index("Ateliers par thématique")
rows = [l for l in lines[start:end] if l.endswith("%")]
ok = ok and len(rows) > 30 and len({width(l) for l in rows}) == 1
# The activities' figures too.
act = lines[lines.index("Activités") + 2:lines.index("Activités") + 10]
ok = ok and len({width(l) for l in act}) == 1
sys.exit(0 if ok else 1)
PYEOF
    verdict "the French text report: grouped counts, months in words, aligned within 80 columns" $? \
        "$(head -40 "$TMP/report-fr.txt")"
}

# The English report keeps English conventions through the same helpers.
test_report_in_english() {
    run --db "$DB" report --from 2025-01-01 --to 2028-03-17
    [ "$rc" = 0 ] && grep -qE '^  People helped +[0-9]{1,3},[0-9]{3} ' "$TMP/out" &&
        grep -qE ' [0-9]+\.[0-9]%$' "$TMP/out" && ! grep -q $'\xe2\x80\xaf' "$TMP/out" &&
        grep -q '^  January 2026 ' "$TMP/out"
    verdict "the English text report: 1,532 and 60.0%, months in words" $? "$(head -30 "$TMP/out")"
    run --db "$DB" report --from 2025-01-01 --to 2028-03-17 --format html
    [ "$rc" = 0 ] && grep -q '<html lang="en">' "$TMP/out" && grep -qE '>[0-9]{1,3},[0-9]{3}<' "$TMP/out" &&
        grep -qE '>[0-9]+\.[0-9]%<' "$TMP/out" && grep -q 'Report made on Friday 17 March 2028 at 10:00' "$TMP/out" &&
        grep -qE 'Not given: [0-9,]+ \([0-9]+\.[0-9]%\)' "$TMP/out"
    verdict "the English HTML report: lang=\"en\", 1,532 and 60.0%" $? "$(head -c 600 "$TMP/out")"
}

# html_sections FILE: every section the CSV and JSON carry is in the HTML report, French figures,
# the production date, print rules for A4; "not given" apart from the bars.
html_sections() {
    "$PY" - "$1" <<'PYEOF'
import html.parser, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
class Sections(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections, self.current, self.cell, self.row, self.in_head = {}, None, None, None, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.current = self.sections.setdefault(a.get("id"), {"head": [], "rows": [], "notes": [], "bars": []})
        elif self.current is not None:
            if tag == "thead":
                self.in_head = True
            elif tag == "tr":
                self.row = []
            elif tag in ("td", "th", "p", "h2"):
                self.cell = ""
            elif tag == "span" and "style" in a:
                self.current["bars"].append(float(re.search(r"width:([\d.]+)%", a["style"]).group(1)))
    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell)
        elif tag == "p":
            self.current["notes"].append(self.cell)
        elif tag == "thead":
            self.in_head = False
        elif tag == "tr":
            (self.current["head"] if self.in_head else self.current["rows"]).append(self.row)
            self.row = None
        elif tag == "section":
            self.current = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
p = Sections()
p.feed(page)
s = p.sections
faults = []
def check(cond, what):
    if not cond:
        faults.append(what)
want = ["activities", "months", "themes", "demarches", "durations", "places", "materials", "autonomy",
        "ages", "statuses", "genders", "oriented", "orientations", "referrals", "workshop_themes",
        "referral_partners"]
for key in want:
    check(key in s, "section " + key)
check('<html lang="fr">' in page, "lang fr")
check(re.search(r"@page\s*\{[^}]*size:\s*A4", page), "@page A4")
check(re.search(r"section\s*\{[^}]*break-inside:\s*avoid", page), "sections not split")
check("Rapport établi le vendredi 17 mars 2028 à 10\u00a0h" in page, "production date")
if all(k in s for k in want):
    w = s["workshop_themes"]
    check(w["head"] and w["head"][0][1:] == ["ateliers", "places", "places prises", "remplissage",
                                             "présents", "présence", "absents"], "workshop titles %r" % w["head"])
    check(w["rows"] and all(r[4].endswith("\u202f%") and r[6].endswith("\u202f%") for r in w["rows"]), "workshop rates")
    check(s["referral_partners"]["rows"], "partners")
    check([r[0] for r in s["referrals"]["rows"]] == ["À suivre", "Abouti", "Sans suite", "Refusé"], "outcomes")
    months = [r[0] for r in s["months"]["rows"]]
    check(months and all(re.fullmatch(r"[a-zéû]+ 20\d\d", m) for m in months), "months %r" % months[:3])
    # Not given: a line under the chart, never a bar; the bars scale to the largest given value.
    for key in ("ages", "statuses", "genders", "autonomy"):
        check(not any(r[0].lower() == "non renseigné" for r in s[key]["rows"]), key + ": no bar for not given")
        check(any(re.fullmatch(r"Non renseigné\u00a0: [\d\u202f]+ \(\d+,\d\u202f%\)", n) for n in s[key]["notes"]),
              key + ": not given apart %r" % s[key]["notes"])
        check(max(s[key]["bars"]) == 100.0, key + ": bars scaled to the largest given value")
for f in faults:
    print(f)
sys.exit(1 if faults else 0)
PYEOF
}

test_html_report_sections() {
    LANGUAGE= run --db "$DB" report --from 2027-01-01 --to 2027-12-31 --format html
    cp "$TMP/out" "$TMP/year.html"
    [ "$rc" = 0 ] && html_sections "$TMP/year.html" >"$TMP/why"
    verdict "the HTML report has every section of the CSV and JSON, its date, A4 print rules; not given apart" $? \
        "$(cat "$TMP/why")"
    visible "$TMP/year.html" "$TMP/year.txt"
    typography "$TMP/year.txt" && grep -q $'[0-9]\xe2\x80\xaf[0-9][0-9][0-9]' "$TMP/year.txt"
    verdict "the French HTML report's text passes the typography rules, counts grouped" $? "$(head -20 "$TMP/typo")"
    # One workshop, two referrals: the figures themselves, as an elected official reads them.
    LANGUAGE= run --db "$TMP/w.db" report --from 2028-03-01 --to 2028-03-31 --format html
    visible "$TMP/out" "$TMP/small.txt"
    [ "$rc" = 0 ] && grep -q $'^E-mail\t1\t4\t4\t100\xe2\x80\xaf%\t2\t50\xe2\x80\xaf%\t1\t$' "$TMP/small.txt" &&
        grep -q $'^France Travail\t1\t50,0\xe2\x80\xaf%\t\t$' "$TMP/small.txt" &&
        grep -q $'^Caisse d’allocations familiales (CAF)\t1\t50,0\xe2\x80\xaf%\t\t$' "$TMP/small.txt" &&
        grep -q $'^Abouti\t1\t50,0\xe2\x80\xaf%\t\t$' "$TMP/small.txt" && grep -q $'^mars 2028\t0\t5\t\t$' "$TMP/small.txt" &&
        typography "$TMP/small.txt"
    verdict "the HTML report: workshops by theme (fill rate, attendance, no-shows), referrals by partner and outcome" $? \
        "$(cat "$TMP/typo" "$TMP/small.txt" | head -60)"
}

# The printed sheets: the attendance sheet's title with its long date, times as 14 h 30.
test_sheets_in_french() {
    LANGUAGE= run --db "$TMP/w.db" workshop sheet 1
    cp "$TMP/out" "$TMP/sheet.txt"
    [ "$rc" = 0 ] && grep -q $'jeudi 2 mars 2028, de 14\xc2\xa0h à 15\xc2\xa0h\xc2\xa030' "$TMP/sheet.txt" && typography "$TMP/sheet.txt"
    verdict "the attendance sheet in French passes the typography rules" $? "$(cat "$TMP/typo" "$TMP/sheet.txt")"
    LANGUAGE= run --db "$TMP/w.db" workshop sheet 1 --format html
    visible "$TMP/out" "$TMP/sheet-html.txt"
    [ "$rc" = 0 ] && grep -q $'<title>Feuille d’émargement\xc2\xa0: Premiers pas, jeudi 2 mars 2028</title>' "$TMP/out" &&
        grep -q '<html lang="fr">' "$TMP/out" && typography "$TMP/sheet-html.txt"
    verdict "the printed attendance sheet: its long date in the title, French typography" $? \
        "$(cat "$TMP/typo"; grep '<title>' "$TMP/out")"
}

# Workshops by theme counts held workshops only, as "Workshops held" does: a planned workshop of
# the same theme in the period (seats booked, nobody present yet) is left out (issue 16: December
# showed 7 workshops at 0 % attendance beside one held). Figures against the raw rows.
test_workshop_themes_held_only() {
    DB="$TMP/held.db"
    local n
    GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" log --theme email --duration 20 --at "2028-03-01 08:30" \
        --operator Camille --site "Médiathèque centrale" >/dev/null
    for n in 1 2; do
        GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop add --title "E-mail $n" --at "2028-03-0$((n * 4)) 14:00" \
            --duration 60 --capacity $((n * 5)) --theme email,bureautique --site "Médiathèque centrale" >/dev/null
    done
    GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop add --title "Annulé" --at "2028-03-10 14:00" \
        --duration 60 --capacity 3 --theme email >/dev/null
    for n in Ana Bob Chloé; do
        GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop book 1 --name "$n" >/dev/null
        GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop book 2 --name "$n" >/dev/null
    done
    GUICHET_NOW="2028-03-01 09:00" "$GUICHET" --db "$DB" workshop cancel 3 >/dev/null
    local regs; regs=$(sqlite3 "$DB" "SELECT group_concat(CAST(id AS TEXT)) FROM
        (SELECT id FROM registration WHERE workshop_id = 1 ORDER BY id) AS r")
    GUICHET_NOW="2028-03-04 15:00" "$GUICHET" --db "$DB" workshop attend 1 --present "${regs%,*}" --absent "${regs##*,}" \
        --walk-ins 2 >/dev/null
    # Workshop 2 (8 March) is past on 17 March but was never held: still planned, not counted.
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && "$PY" - "$(db_target "$DB")" "$TMP/out" <<'PYEOF'
import json, db_rows, sys, collections
db, out = sys.argv[1:3]
r = json.load(open(out))
c = db_rows.connect(db)
want = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
states = lambda w, s: c.execute("SELECT count(*) FROM registration WHERE workshop_id = ? AND state IN (%s)"
                                % ",".join("?" * len(s)), (w, *s)).fetchone()[0]
statuses = collections.Counter(s for (s,) in c.execute("SELECT status FROM workshop"))
assert statuses == {"held": 1, "planned": 1, "cancelled": 1}, statuses
for wid, cap in c.execute("SELECT id, capacity FROM workshop WHERE status = 'held' AND starts_at >= '2028-03-01' AND starts_at < '2028-04-01'").fetchall():
    for (theme,) in c.execute("SELECT theme FROM workshop_theme WHERE workshop_id = ?", (wid,)).fetchall():
        v = want[theme]
        v[0] += 1; v[1] += cap
        v[2] += states(wid, ("booked", "attended", "absent", "excused"))
        v[3] += states(wid, ("attended",)); v[4] += states(wid, ("absent",))
got = {w["code"]: [w["workshops"], w["capacity"], w["seats"], w["attended"], w["absent"]] for w in r["workshop_themes"]}
if got != dict(want) or got["email"] != [1, 5, 3, 2, 1] or r["totals"]["workshops_held"] != 1:
    print("got", got, "want", dict(want), r["totals"]); sys.exit(1)
PYEOF
    verdict "workshops by theme count held workshops only, not planned or cancelled ones (JSON against the rows)" $? \
        "$(grep -o '"workshop_themes.*' "$TMP/out")"
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31 --format csv
    tr -d '\r' <"$TMP/out" >"$TMP/held.csv"
    [ "$rc" = 0 ] && grep -qx 'workshop_count,email,E-mail,1' "$TMP/held.csv" &&
        grep -qx 'workshop_capacity,email,E-mail,5' "$TMP/held.csv" && grep -qx 'workshop_seats,email,E-mail,3' "$TMP/held.csv"
    verdict "workshops by theme in CSV: held workshops only" $? "$(grep workshop_ "$TMP/held.csv")"
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && grep -qE '^  E-mail +1 +60% +67% +1$' "$TMP/out" && grep -qE '^  Office software +1 +60% +67% +1$' "$TMP/out" &&
        grep -qE '^  Workshops held +1 ' "$TMP/out"
    verdict "workshops by theme in the text report agree with workshops held" $? "$(sed -n '/^Workshops by theme/,/^$/p' "$TMP/out")"
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31 --format html
    visible "$TMP/out" "$TMP/held.txt"
    [ "$rc" = 0 ] && grep -q $'^E-mail\t1\t5\t3\t60%\t2\t67%\t1\t$' "$TMP/held.txt"
    verdict "workshops by theme in the HTML report: held workshops only" $? "$(grep -A4 'Workshops by theme' "$TMP/held.txt")"
}

# Whom and when a report is for: the library the database knows (the site named at first start,
# or the one asked for) in the header and the page's title; one day as one day; a period not over
# yet said so and compared over its elapsed days; an empty section says "nothing to report".
test_report_header() {
    local db="$TMP/held.db"
    run --db "$db" report --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && [ "$(sed -n 2p "$TMP/out")" = "Médiathèque centrale" ] &&
        [ "$(sed -n 3p "$TMP/out")" = "From Wednesday 1 March 2028 to Friday 31 March 2028" ] &&
        sed -n 4,5p "$TMP/out" | tr '\n' ' ' | grep -q '^Period in progress: figures as of Friday 17 March 2028, compared with the same days' &&
        grep -A1 '^Administrative procedures$' "$TMP/out" | grep -qx '  nothing to report' && ! grep -qw none "$TMP/out"
    verdict "the text report names the library, says the period is in progress, 'nothing to report'" $? "$(head -8 "$TMP/out")"
    run --db "$db" report --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && "$PY" - "$TMP/out" <<'PYEOF'
import json, sys, datetime
r = json.load(open(sys.argv[1]))
d = datetime.date.fromisoformat
p, y = r["previous_period"], r["year_before"]
elapsed = d("2028-03-17") - d("2028-03-01")
ok = p["to"] == (d(p["from"]) + elapsed).isoformat() and d(p["from"]) == d("2028-03-01") - datetime.timedelta(days=31)
ok = ok and y["from"] == "2027-03-01" and y["to"] == "2027-03-17"
sys.exit(0 if ok else 1)
PYEOF
    verdict "a period in progress is compared with the same elapsed days before" $? "$(head -4 "$TMP/out")"
    run --db "$db" report --from 2028-03-04 --to 2028-03-04
    [ "$rc" = 0 ] && [ "$(sed -n 3p "$TMP/out")" = "On Saturday 4 March 2028" ] && ! grep -q 'in progress' "$TMP/out"
    verdict "a one-day report reads 'On Saturday 4 March 2028'" $? "$(head -5 "$TMP/out")"
    run --db "$db" report --period day
    [ "$rc" = 0 ] && [ "$(sed -n 3p "$TMP/out")" = "On Friday 17 March 2028" ] &&
        [ "$(sed -n 4p "$TMP/out")" = "Day in progress: figures at 10:00." ]
    verdict "today's report says the day is in progress" $? "$(head -5 "$TMP/out")"
    run --db "$db" report --from 2027-01-01 --to 2027-12-31
    [ "$rc" = 0 ] && ! grep -q 'in progress' "$TMP/out"
    verdict "a period that is over says nothing of progress" $? "$(head -5 "$TMP/out")"
    LANGUAGE= run --db "$db" report --from 2028-03-01 --to 2028-03-31 --format html
    [ "$rc" = 0 ] && grep -q '<title>Rapport d’activité — Médiathèque centrale — mars 2028</title>' "$TMP/out" &&
        grep -q '<p class="library">Médiathèque centrale</p>' "$TMP/out" && grep -q '<p class="progress">' "$TMP/out"
    verdict "the HTML report's title names the library and the month" $? "$(grep -E '<title>|<p' "$TMP/out" | head -5)"
    LANGUAGE= run --db "$db" report --from 2028-03-02 --to 2028-03-20 --format html
    [ "$rc" = 0 ] && grep -q '<title>Rapport d’activité — Médiathèque centrale — Du jeudi 2 mars 2028 au lundi 20 mars 2028</title>' "$TMP/out"
    verdict "the HTML report's title carries any other period whole" $? "$(grep '<title>' "$TMP/out")"
    # A network: the site named first, and how many others; --site names its own.
    "$GUICHET" --db "$db" log --theme email --duration 20 --at "2028-03-02 10:00" --operator Léa --site "Annexe" >/dev/null
    run --db "$db" report --from 2028-03-01 --to 2028-03-31 --format html
    [ "$rc" = 0 ] && grep -q '<title>Activity report — Médiathèque centrale and 1 other site — March 2028</title>' "$TMP/out"
    verdict "a network's report names the first library and counts the other sites" $? "$(grep '<title>' "$TMP/out")"
    run --db "$db" report --from 2028-03-01 --to 2028-03-31 --site annexe
    [ "$rc" = 0 ] && [ "$(sed -n 2p "$TMP/out")" = "Annexe" ]
    verdict "--site: the report names that site as the database spells it" $? "$(head -4 "$TMP/out")"
}

# A network's report (no --site, or --site all) breaks its people helped down by site: each
# site's count is the people figure of that site's own report, and they add up to the network's.
# A report of one site, or of a library on its own, has no such section.
test_sites_breakdown() {
    local from=2027-01-01 to=2027-12-31 site count people sum=0 bad=""
    run --db "$DB" report --from $from --to $to --site all --format csv
    grep '^sites,' "$TMP/out" >"$TMP/sites.csv"
    people=$(sed -n 's/^activities,people,[^,]*,//p' "$TMP/out" | tr -d '\r')
    [ "$rc" = 0 ] && [ "$(wc -l <"$TMP/sites.csv")" -ge 3 ] || bad="no sites section: $(head -c 300 "$TMP/out")"
    while IFS=, read -r _ _ site count; do
        count=${count%$'\r'}
        sum=$((sum + count))
        "$GUICHET" --db "$DB" report --from $from --to $to --site "$site" --format csv >"$TMP/one.csv" 2>&1
        [ "$(sed -n 's/^activities,people,[^,]*,//p' "$TMP/one.csv" | tr -d '\r')" = "$count" ] ||
            bad="$bad $site: $count in the network's report, $(grep '^activities,people' "$TMP/one.csv") in its own"
        ! grep -q '^sites,' "$TMP/one.csv" || bad="$bad $site's own report has a sites section"
    done <"$TMP/sites.csv"
    [ -z "$bad" ] && [ "$sum" = "$people" ]
    verdict "report --site all: people helped by site, each its own report's figure, adding up to the network's" $? \
        "$bad sum=$sum people=$people $(cat "$TMP/sites.csv")"
    run --db "$DB" report --from $from --to $to --format json
    /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["sites"]; sys.exit(not (len(s) >= 3 and all(e["label"] for e in s) and sum(e["count"] for e in s) == r["totals"]["people"]))' "$TMP/out" 2>/dev/null
    verdict "the JSON report of a network has its sites, anonymous counts adding up to its people" $? "$(head -c 400 "$TMP/out")"
    local one="$TMP/one-site.db"
    "$GUICHET" --db "$one" log --theme email --duration 10 --site "Seule" >/dev/null
    run --db "$one" report --format csv
    [ "$rc" = 0 ] && ! grep -q '^sites,' "$TMP/out" && ! grep -q 'by site' "$TMP/out"
    verdict "a library on its own has no breakdown by site" $? "$(head -c 300 "$TMP/out")"
}

test_generated_data
test_sites_breakdown
test_logged_counts
test_no_long_in_lists
test_month_counts
test_attendance_counts
test_html_in_chromium
test_edge_dates
test_workshops_and_referrals
test_text_report_in_french
test_report_in_english
test_html_report_sections
test_sheets_in_french
test_workshop_themes_held_only
test_report_header
test_exports_and_formats
test_long_period_many_partners
finish
