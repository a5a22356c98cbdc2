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

# check_json FROM TO [SITE]: the JSON report agrees with counts computed from the raw rows.
check_json() {
    local from=$1 to=$2 site=${3:-}
    run --db "$DB" report --from "$from" --to "$to" ${site:+--site "$site"} --format json
    [ "$rc" = 0 ] || return 1
    "$PY" - "$DB" "$TMP/out" "$from" "$to" "$site" <<'PYEOF'
import json, sqlite3, sys, collections, datetime
db, out, frm, to, site = sys.argv[1:6]
r = json.load(open(out))
c = sqlite3.connect(db)
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
ok = ok and sorted(p["name"] for p in r["referral_partners"]) == ["Caisse d'allocations familiales (CAF)", "France Travail"]
ok = ok and [m["participations"] for m in r["months"]] == [5]
sys.exit(0 if ok else 1)
PYEOF
    verdict "held workshops count once as activities and per participant, with fill and attendance" $? "$(cat "$TMP/out")"
    run --db "$DB" report --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && grep -q '^  Workshops held  *1 ' "$TMP/out" && grep -q '^  People helped  *5 ' "$TMP/out" &&
        grep -q 'Email\|E-mail: 1 workshops, filled 100 %, attendance 50 %, 1 no-shows' "$TMP/out"
    verdict "the text report for elected officials" $? "$(cat "$TMP/out")"
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
    for i in $(seq 1 70); do
        id=$("$GUICHET" --db "$DB" partner add --name "Partenaire $i") &&
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
    [ "$rc" = 2 ] && grep -q 'no site has this name' "$TMP/err"
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
}

test_generated_data
test_html_in_chromium
test_edge_dates
test_workshops_and_referrals
test_exports_and_formats
test_long_period_many_partners
finish
