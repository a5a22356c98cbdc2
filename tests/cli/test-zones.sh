#!/usr/bin/env bash
# Time zones and the calendar (issue 17): each site's zone, whatever the process's TZ. Stored
# times and exports are the same under TZ=Europe/Paris, UTC and America/New_York; "now" is the
# site's wall clock (Paris, or La Réunion); the iCalendar export around both clock changes of
# 2027 gives the UTC instants RFC 5545 asks (checked with python-icalendar and with ical.js, one
# process each for all files), with an ORGANIZER (RFC 5546).
# Usage: tests/cli/test-zones.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="zones${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home"
q() { sqlite3 "$1" "$2"; }

# The 2027 clock changes in Paris, 90-minute workshops: start|expected DTSTART|expected DTEND.
CASES="2027-03-28 01:30|20270328T003000Z|20270328T020000Z
2027-03-28 02:00|20270328T010000Z|20270328T023000Z
2027-03-28 02:30|20270328T013000Z|20270328T030000Z
2027-03-28 03:00|20270328T010000Z|20270328T023000Z
2027-10-31 01:30|20271030T233000Z|20271031T010000Z
2027-10-31 02:00|20271031T000000Z|20271031T013000Z
2027-10-31 02:30|20271031T003000Z|20271031T020000Z
2027-10-31 03:00|20271031T020000Z|20271031T033000Z"

# calendar_under TZ: plans the eight workshops at "Médiathèque A" (an e-mail set) and one at a
# site without e-mail, in a database of its own, with TZ set; writes $TMP/TZ.ics and $TMP/TZ.txt
# (the stored times and stamps).
calendar_under() {
    local tz=$1 db="$TMP/cal-${1//\//_}.db" start
    export GUICHET_NOW="2027-03-01 10:00"
    TZ=$tz "$GUICHET" --db "$db" site set "Médiathèque A" --email " Accueil@Example.ORG" >/dev/null || return 1
    while IFS='|' read -r start _ _; do
        TZ=$tz "$GUICHET" --db "$db" workshop add --title "Atelier $start" --at "$start" --duration 90 \
            --capacity 8 --site "Médiathèque A" >/dev/null || return 1
    done <<<"$CASES"
    TZ=$tz "$GUICHET" --db "$db" workshop add --title "Sans adresse" --at "2027-06-01 10:00" --duration 60 \
        --capacity 8 --site "Annexe, l'autre" >/dev/null || return 1
    TZ=$tz "$GUICHET" --db "$db" log --theme email --duration 15 --site "Médiathèque A" >/dev/null || return 1
    TZ=$tz "$GUICHET" --db "$db" workshop ics --from 2027-01-01 --to 2027-12-31 >"$TMP/${tz//\//_}.ics" || return 1
    grep -v '^UID:' "$TMP/${tz//\//_}.ics" >"$TMP/${tz//\//_}.cmp" # UIDs are random
    q "$db" "SELECT starts_at, created_at, updated_at FROM workshop ORDER BY id;
             SELECT started_at, created_at FROM help_session" >"$TMP/${tz//\//_}.txt"
    unset GUICHET_NOW
}

test_same_whatever_tz() {
    local tz ok=0
    for tz in Europe/Paris UTC America/New_York; do
        calendar_under "$tz" || { not_ok "planning under TZ=$tz" "$(ls "$TMP")"; return; }
    done
    cmp -s "$TMP/Europe_Paris.cmp" "$TMP/UTC.cmp" && cmp -s "$TMP/Europe_Paris.cmp" "$TMP/America_New_York.cmp" &&
        cmp -s "$TMP/Europe_Paris.txt" "$TMP/UTC.txt" && cmp -s "$TMP/Europe_Paris.txt" "$TMP/America_New_York.txt" || ok=1
    verdict "TZ=UTC and TZ=America/New_York store and export what TZ=Europe/Paris does" $ok \
        "$(diff "$TMP/Europe_Paris.txt" "$TMP/UTC.txt")" "$(diff "$TMP/Europe_Paris.cmp" "$TMP/UTC.cmp" | head -20)"
    # GUICHET_NOW is the site's wall clock: 10:00 in Paris on 1 March is 09:00 UTC.
    [ "$(sed -n 1p "$TMP/UTC.txt")" = "2027-03-28 01:30|2027-03-01T09:00:00Z|2027-03-01T09:00:00Z" ] &&
        [ "$(tail -n 1 "$TMP/UTC.txt")" = "2027-03-01 10:00|2027-03-01T09:00:00Z" ]
    verdict "under TZ=UTC, a session logged at 10:00 Paris time is stored at 10:00, stamped 09:00Z" $? "$(cat "$TMP/UTC.txt")"
}

test_python_icalendar() {
    echo "$CASES" >"$TMP/cases.txt"
    /usr/bin/python3 - "$TMP/cases.txt" "$TMP/UTC.ics" "$TMP/America_New_York.ics" <<'PY'
import sys, datetime
from icalendar import Calendar
utc = datetime.timezone.utc
def instant(text):
    return datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=utc)
cases = [l.split("|") for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
for path in sys.argv[2:]:
    cal = Calendar.from_ical(open(path, "rb").read())
    assert str(cal["METHOD"]) == "PUBLISH"
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(cases) + 1, len(events)
    for start, dtstart, dtend in cases:
        e = events["Atelier " + start]
        assert e.decoded("DTSTART") == instant(dtstart), (start, e.decoded("DTSTART"), dtstart)
        assert e.decoded("DTEND") == instant(dtend), (start, e.decoded("DTEND"), dtend)
        org = e["ORGANIZER"]
        assert str(org) == "mailto:Accueil@example.org", str(org)
        assert org.params["CN"] == "Médiathèque A", org.params
    other = events["Sans adresse"]
    assert str(other["ORGANIZER"]) == "mailto:no-reply@guichet.invalid", str(other["ORGANIZER"])
    assert other["ORGANIZER"].params["CN"] == "Annexe, l'autre", other["ORGANIZER"].params
    assert other.decoded("DTSTART") == instant("20270601T080000Z")
PY
    verdict "python-icalendar: UTC instants across both clock changes, ORGANIZER with CN" $? "$(head -c 800 "$TMP/UTC.ics")"
}

test_icaljs() {
    local modules="$ROOT/build/oracle/node_modules"
    if [ ! -d "$modules/ical.js" ]; then
        not_ok "ical.js is installed (make oracles)" "$modules"
        return
    fi
    echo "$CASES" >"$TMP/cases.txt"
    # One node process for every file.
    NODE_PATH="$modules" node - "$TMP/cases.txt" "$TMP/Europe_Paris.ics" "$TMP/UTC.ics" "$TMP/America_New_York.ics" <<'JS'
const fs = require("fs");
const ICAL = require("ical.js");
const [cases, ...files] = process.argv.slice(2);
const rows = fs.readFileSync(cases, "utf8").trim().split("\n").map((l) => l.split("|"));
const iso = (t) => t.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6.000Z");
let failures = 0;
for (const file of files) {
  const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  if (cal.getFirstPropertyValue("method") !== "PUBLISH") { console.log(file, "no METHOD:PUBLISH"); failures++; }
  const events = new Map(cal.getAllSubcomponents("vevent").map((v) => [v.getFirstPropertyValue("summary"), v]));
  for (const [start, dtstart, dtend] of rows) {
    const v = events.get("Atelier " + start);
    const e = v && new ICAL.Event(v);
    const got = e && [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()];
    const org = v && v.getFirstProperty("organizer");
    if (!e || got[0] !== iso(dtstart) || got[1] !== iso(dtend) || e.duration.toSeconds() !== 5400 ||
        !org || org.getFirstValue() !== "mailto:Accueil@example.org" || org.getParameter("cn") !== "Médiathèque A") {
      console.log(file, start, got, org && org.toICALString());
      failures++;
    }
  }
}
process.exit(failures ? 1 : 0);
JS
    verdict "ical.js: the same instants, 90 minutes each, ORGANIZER with CN, in every file" $?
}

# log_now DB TZ [SITE]: logs a session without GUICHET_NOW under TZ; prints its stored minute.
log_now() {
    local db=$1 tz=$2 site=${3:-}
    TZ=$tz "$GUICHET" --db "$db" log --theme email --duration 10 ${site:+--site "$site"} >"$TMP/id" || return 1
    q "$db" "SELECT substr(started_at, 12, 5) FROM help_session WHERE id = $(cat "$TMP/id")"
}

test_real_clock() {
    local db="$TMP/now.db" before after got
    # A fixed point, not a timing: the minute read before and after brackets the stored one.
    before=$(TZ=Europe/Paris date +%H:%M)
    got=$(log_now "$db" UTC)
    after=$(TZ=Europe/Paris date +%H:%M)
    [ -n "$got" ] && { [ "$got" = "$before" ] || [ "$got" = "$after" ]; }
    verdict "without GUICHET_NOW, under TZ=UTC, the session is stored at Paris's minute" $? "stored $got, Paris $before..$after"
    "$GUICHET" --db "$db" site set "Médiathèque du Port" --zone Indian/Reunion >"$TMP/out" 2>&1 &&
        grep -qF "Médiathèque du Port: Indian/Reunion, no e-mail" "$TMP/out" || { not_ok "site set --zone" "$(cat "$TMP/out")"; return; }
    before=$(TZ=Indian/Reunion date +%H:%M)
    got=$(log_now "$db" America/New_York "Médiathèque du Port")
    after=$(TZ=Indian/Reunion date +%H:%M)
    [ -n "$got" ] && { [ "$got" = "$before" ] || [ "$got" = "$after" ]; }
    verdict "a site in Indian/Reunion stores its own now, under TZ=America/New_York" $? "stored $got, Réunion $before..$after"
}

# A partner open this hour in Paris is open now for a desk whose process is in New York (six hours
# behind): the answer takes the site's clock. Hours from Paris's clock, read before and after.
test_open_now() {
    local db="$TMP/hours.db" h next id before after
    for _ in 1 2; do # a second try when the hour turned in between
        h=$(TZ=Europe/Paris date +%H)
        printf -v next '%02d' $((10#$h + 1))
        id=$("$GUICHET" --db "$db" partner add --name "Maison $h" --hours "Mo-Su $h:00-$next:00") || break
        TZ=America/New_York "$GUICHET" --db "$db" partner show "$id" --format json >"$TMP/out"
        [ "$h" = "$(TZ=Europe/Paris date +%H)" ] && break
    done
    grep -qF '"open_now": true' "$TMP/out"
    verdict "under TZ=America/New_York, a partner open this hour in Paris is open now" $? "Mo-Su $h:00-$next:00 $(cat "$TMP/out")"
}

test_reunion_fixed_clock() {
    local db="$TMP/run.db"
    export GUICHET_NOW="2027-03-28 02:30"
    "$GUICHET" --db "$db" site set "Saint-Denis" --zone Indian/Reunion >/dev/null &&
        TZ=UTC "$GUICHET" --db "$db" log --theme email --duration 10 >/dev/null &&
        TZ=UTC "$GUICHET" --db "$db" workshop add --title R --at "2027-03-28 10:00" --duration 60 --capacity 4 \
            --site "Saint-Denis" >/dev/null &&
        TZ=UTC "$GUICHET" --db "$db" site set "Saint-Pierre" --email pierre@example.org >/dev/null
    local status=$?
    TZ=UTC "$GUICHET" --db "$db" workshop ics --from 2027-03-01 >"$TMP/run.ics"
    [ "$status" = 0 ] &&
        [ "$(q "$db" "SELECT started_at || '|' || created_at FROM help_session")" = "2027-03-28 02:30|2027-03-27T22:30:00Z" ] &&
        grep -q '^DTSTART:20270328T060000Z' "$TMP/run.ics" &&
        [ "$(q "$db" "SELECT group_concat(name || '=' || time_zone) FROM (SELECT name, time_zone FROM site ORDER BY id) AS t")" = "Saint-Denis=Indian/Reunion,Saint-Pierre=Indian/Reunion" ]
    verdict "La Réunion: GUICHET_NOW is its wall clock, its workshops are exported from +04:00, a new site takes the first site's zone" $? \
        "$(q "$db" "SELECT * FROM help_session; SELECT * FROM site")" "$(grep DTSTART "$TMP/run.ics")"
    unset GUICHET_NOW
}

test_site_set_refusals() {
    local db="$TMP/set.db"
    "$GUICHET" --db "$db" site set Centre --zone Europe/Paris >/dev/null
    "$GUICHET" --db "$db" site set Centre --zone Europe/Berlin >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    [ "$rc" = 2 ] && grep -qF "unknown time zone: Europe/Berlin; one of: Europe/Paris, America/Guadeloupe" "$TMP/err" &&
        grep -qF "Pacific/Wallis" "$TMP/err"
    verdict "site set refuses a zone it does not offer, and lists those it does" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$db" site set Centre --email "accueil at example" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 2 ] && grep -qF -- "--email" "$TMP/err" && [ "$(q "$db" "SELECT coalesce(email, '-') FROM site")" = "-" ]
    verdict "site set refuses an address that is not one" $? "rc=$rc $(cat "$TMP/err")"
    "$GUICHET" --db "$db" site set Centre --email a@example.org >/dev/null &&
        "$GUICHET" --db "$db" site set Centre --email "" >/dev/null &&
        "$GUICHET" --db "$db" site set Centre --zone America/Cayenne >/dev/null &&
        "$GUICHET" --db "$db" site list --format csv >"$TMP/out"
    [ "$(tr -d '\r' <"$TMP/out")" = "name,time_zone,email,opening_hours
Centre,America/Cayenne,," ]
    verdict "site set --email \"\" takes the address away; site list shows zone, e-mail and hours" $? "$(cat "$TMP/out")"
}

# An address written into the database by other hands is not copied into the calendar as it is.
test_hostile_email() {
    local db="$TMP/cal-UTC.db" crlf=$'\r\n'
    # The carriage return and line feed written as they are inside the literal (char(13, 10) is SQLite's).
    q "$db" "UPDATE site SET email = 'x@example.org${crlf}X-EVIL:1' WHERE name = 'Médiathèque A'"
    "$GUICHET" --db "$db" workshop ics --from 2027-01-01 --to 2027-12-31 >"$TMP/evil.ics"
    [ "$(q "$db" "SELECT length(email) FROM site WHERE name = 'Médiathèque A'")" = 23 ] &&
        ! grep -qa 'X-EVIL' "$TMP/evil.ics" && [ "$(grep -c 'ORGANIZER;CN=Médiathèque A:mailto:no-reply@guichet.invalid' "$TMP/evil.ics")" = 8 ]
    verdict "a stored e-mail with a line break is not written; the no-reply address stands in" $? "$(grep -a ORGANIZER "$TMP/evil.ics" | head -3)"
}

# A fixed clock that cannot be read is refused before anything runs (exit 2, GUICHET_NOW named),
# never replaced by the real clock: by a command that writes, one that reads, and the desk.
test_bad_fixed_clock() {
    local db="$TMP/badnow.db" v rc bad=""
    "$GUICHET" --db "$db" partner add --name "Maison" --hours "Mo-Fr 09:00-17:00" >/dev/null ||
        { not_ok "partner add" ""; return; }
    for v in "2027-02-29 10:00" "next tuesday" "garbage" "2027-03-28 24:00" "2027-03-28 10:60" \
        "2027-03-28" " 2027-03-28 10:00" "2026-12-02T10:00"; do
        GUICHET_NOW="$v" "$GUICHET" --db "$db" log --theme email --duration 15 >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && grep -qF "GUICHET_NOW: \"$v\" is not a date and time" "$TMP/err" ||
            bad+="log [$v] rc=$rc $(cat "$TMP/out" "$TMP/err"); "
        GUICHET_NOW="$v" "$GUICHET" --db "$db" partner show 1 >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && grep -qF "GUICHET_NOW" "$TMP/err" ||
            bad+="partner show [$v] rc=$rc $(cat "$TMP/out" "$TMP/err"); "
    done
    [ -z "$bad" ] && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 0 ]
    verdict "an unreadable GUICHET_NOW is refused (exit 2) by log and partner show; nothing is stored" $? "$bad"
    # The desk says so and stops before its screen (the safety timeout is not an assertion).
    GUICHET_NOW="garbage" TERM=xterm timeout 10 "$GUICHET" --db "$db" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && grep -qF 'GUICHET_NOW: "garbage" is not a date and time' "$TMP/err"
    verdict "the desk refuses an unreadable GUICHET_NOW before its screen" $? "rc=$rc $(head -c 300 "$TMP/out") $(cat "$TMP/err")"
    # A time the site's zone skips (the clocks go forward at 02:00 in Paris on 28 March 2027) is
    # refused once the zone is known, by commands and the desk; La Réunion's has it
    # (test_reunion_fixed_clock), and the autumn's hour that happens twice is a time.
    bad=""
    for cmd in "log --theme email --duration 15" "partner show 1"; do
        # shellcheck disable=SC2086
        GUICHET_NOW="2027-03-28 02:30" "$GUICHET" --db "$db" $cmd >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] &&
            grep -qF 'GUICHET_NOW: "2027-03-28 02:30" does not exist in Europe/Paris: the clocks go forward over it' "$TMP/err" ||
            bad+="$cmd rc=$rc $(cat "$TMP/out" "$TMP/err"); "
    done
    [ -z "$bad" ] && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 0 ]
    verdict "a GUICHET_NOW the site's zone skips is refused (exit 2), saying so; nothing is stored" $? "$bad"
    GUICHET_NOW="2027-03-28 02:30" TERM=xterm timeout 10 "$GUICHET" --db "$db" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && grep -qF 'does not exist in Europe/Paris' "$TMP/err"
    verdict "the desk refuses a GUICHET_NOW its site's zone skips before its screen" $? "rc=$rc $(head -c 300 "$TMP/out") $(cat "$TMP/err")"
    GUICHET_NOW="2027-10-31 02:30" "$GUICHET" --db "$db" log --theme email --duration 15 >/dev/null &&
        [ "$(q "$db" "SELECT group_concat(started_at) FROM help_session")" = "2027-10-31 02:30" ]
    verdict "a GUICHET_NOW in the autumn's hour that happens twice is a time" $?
    q "$db" "DELETE FROM help_session"
    # Empty is unset: the real clock, as documented.
    GUICHET_NOW="" "$GUICHET" --db "$db" log --theme email --duration 15 >/dev/null
    verdict "an empty GUICHET_NOW is the real clock" $?
}

# Site names into the ORGANIZER's CN, a parameter value, written per RFC 6868 ("^" as "^^", '"' as
# "^'"; quoted when holding ":;,"). ical.js implements RFC 6868: the CN it reads is the name.
# python-icalendar 4 (Debian's 4.0.3) does not: the CN it reads is the raw parameter value, with
# the escapes; checked here as being exactly the RFC 6868 encoding of the name, and decoding back
# to the name (the decoding done by this test, not by python-icalendar). A workshop without a site
# takes the first site's name and e-mail with its zone.
test_hostile_site_names() {
    local db="$TMP/names.db" i=0 n long
    long=$(printf 'Médiathèque ^n "x" ; : , %.0s' 1 2 3 4) && long=${long:0:80}
    : >"$TMP/names.tsv"
    for n in "Salle ^n ^^ ^' fin" 'Le "Grand" Salon' "A;B" "Mairie: annexe" "Un, deux" "^" "^^^" \
        "Émile-Zola — Île ^" "$long"; do
        i=$((i + 1))
        "$GUICHET" --db "$db" site set "$n" --email "s$i@example.org" >/dev/null &&
            "$GUICHET" --db "$db" workshop add --title "W$i" --at "2027-06-01 10:00" --duration 60 \
                --capacity 3 --site "$n" >/dev/null || { not_ok "site and workshop for [$n]" ""; return; }
        printf 'W%s\t%s\ts%s@example.org\n' "$i" "$n" "$i" >>"$TMP/names.tsv"
    done
    # Longer than the command line takes, written by other hands: folded inside its quotes.
    long=$(printf 'Île ^^ "é" ;:, %.0s' $(seq 60))
    q "$db" "UPDATE site SET name = '${long//\'/\'\'}' WHERE name = 'Un, deux'"
    sed -i "s/^W5\tUn, deux\t/W5\t$(printf '%s' "$long" | sed 's/[&/\]/\\&/g')\t/" "$TMP/names.tsv"
    "$GUICHET" --db "$db" workshop add --title "W0" --at "2027-06-02 10:00" --duration 60 --capacity 3 >/dev/null
    printf "W0\tSalle ^n ^^ ^' fin\ts1@example.org\n" >>"$TMP/names.tsv"
    "$GUICHET" --db "$db" workshop ics --from 2027-01-01 --to 2027-12-31 >"$TMP/names.ics"
    grep -qF "ORGANIZER;CN=Salle ^^n ^^^^ ^^' fin:mailto:s1@example.org" "$TMP/names.ics" &&
        grep -qF "ORGANIZER;CN=Le ^'Grand^' Salon:mailto:s2@example.org" "$TMP/names.ics" &&
        grep -qF 'ORGANIZER;CN="A;B":mailto:s3@example.org' "$TMP/names.ics"
    verdict "site names are written as RFC 6868 parameter values" $? "$(grep -A1 ORGANIZER "$TMP/names.ics" | head -12)"
    # python-icalendar 4 unquotes parameter values but predates RFC 6868: the raw value it gives
    # must be the name's RFC 6868 encoding, and this test's decoding of it the name.
    /usr/bin/python3 - "$TMP/names.tsv" "$TMP/names.ics" <<'PY'
import re, sys
from icalendar import Calendar
def encode6868(v):
    return v.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
def rfc6868(v):
    return re.sub(r"\^([n^'])", lambda m: {"n": "\n", "^": "^", "'": '"'}[m.group(1)], v)
want = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(open(sys.argv[2], "rb").read()).walk("VEVENT")}
assert len(events) == len(want), len(events)
for summary, name, mail in want:
    org = events[summary]["ORGANIZER"]
    raw = org.params["CN"]
    assert raw == encode6868(name) and rfc6868(raw) == name and str(org) == "mailto:" + mail, (summary, org.params, str(org), name)
PY
    verdict "python-icalendar (no RFC 6868) reads each CN as the name's RFC 6868 encoding, which decodes to the name; the site-less workshop's the first site's" $? \
        "$(grep -A1 ORGANIZER "$TMP/names.ics" | head -24)"
    local modules="$ROOT/build/oracle/node_modules"
    [ -d "$modules/ical.js" ] || { not_ok "ical.js is installed (make oracles)" "$modules"; return; }
    NODE_PATH="$modules" node - "$TMP/names.tsv" "$TMP/names.ics" <<'JS'
const fs = require("fs");
const ICAL = require("ical.js");
const want = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => l.split("\t"));
const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[3], "utf8")));
const events = new Map(cal.getAllSubcomponents("vevent").map((v) => [v.getFirstPropertyValue("summary"), v]));
let failures = events.size === want.length ? 0 : 1;
for (const [summary, name, mail] of want) {
  const org = events.get(summary) && events.get(summary).getFirstProperty("organizer");
  if (!org || org.getParameter("cn") !== name || org.getFirstValue() !== "mailto:" + mail) {
    console.log(summary, JSON.stringify(name), org && JSON.stringify(org.getParameter("cn")), org && org.getFirstValue());
    failures++;
  }
}
process.exit(failures ? 1 : 0);
JS
    verdict "ical.js (RFC 6868) reads every hostile site name back exactly as the CN, the site-less workshop's the first site's" $?
}

test_same_whatever_tz
test_python_icalendar
test_icaljs
test_hostile_email
test_real_clock
test_open_now
test_reunion_fixed_clock
test_site_set_refusals
test_bad_fixed_clock
test_hostile_site_names
finish
