#!/usr/bin/env bash
# What the database holds is input too: a backup restored from elsewhere, or a database another
# tool wrote, can hold terminal escapes, BEL, C1 controls, bidi overrides, invalid UTF-8, line
# breaks and 1 MB values in any text column. This suite makes a real guichet database, writes
# such values into every text column of every table with the sqlite3 shell (the columns are
# listed from the schema, not from a list kept here), then runs every command in every output
# format and checks each result: a sane exit (0, or a refusal with a message: never a crash nor a
# sanitizer report), clean text (valid UTF-8, no NUL, ESC, BEL, C1, bidi control), and a
# document its format's parser reads (python3's json and csv, python3-icalendar). It also checks
# that arguments echoed back (report --site, --operator) are cleaned the same way.
# Usage: tests/cli/test-hostile-db.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="hostile database${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
CHECK="$(cd "$(dirname "$0")" && pwd)/check-clean-output.py"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DB="$TMP/hostile.db"
PRISTINE="$TMP/pristine.db"
cd "$TMP" || exit 1

q() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }
setup_step() {
    "$GUICHET" --db "$DB" "$@" >/dev/null 2>"$TMP/setup-err" ||
        { not_ok "setting up: guichet $*" "$(head -c 400 "$TMP/setup-err")"; finish; exit 1; }
}

# ---- a real database, every kind of row present ----------------------------------------------

setup_step demo --sessions 60 --seed 7
setup_step workshop add --title "Tablette" --at "2026-03-24 14:00" --duration 90 --capacity 1 \
    --theme email --level debutant --room "Salle 2" --site "Médiathèque centrale" \
    --facilitator Camille --description "Prendre en main une tablette" --repeat-weeks 3 --every 1
SERIES_FIRST=$(q "SELECT min(id) FROM workshop WHERE title = 'Tablette'")
setup_step workshop book "$SERIES_FIRST" --name "Jeanne Martin" --phone "06 12 34 56 78" --email jeanne@example.org
setup_step workshop book "$SERIES_FIRST" --name "Paul Durand" --phone "06 98 76 54 32"
setup_step workshop book $((SERIES_FIRST + 1)) --name "Jeanne Martin" --phone "06 12 34 56 78"
setup_step workshop book $((SERIES_FIRST + 1)) --name "Léa Petit" --email lea@example.org
setup_step log --theme aide_aux_demarches_administratives,email --duration 30 --place lieu_activite \
    --demarche social_sante --procedure "Prime d'activité" --material telephone \
    --autonomy partiellement_autonome --age 25_39 --status en_emploi --gender feminin \
    --redirect aide_sociale --note "revient lundi" \
    --operator Camille --site "Médiathèque centrale" --at "2026-03-16 11:00"
setup_step partner add --name "Espace social" --typology CCAS --category aide_sociale --address "1 rue Haute" \
    --address-extra "Bâtiment B" --postal-code 51100 --commune Reims --phone "03 26 00 00 00" \
    --email "accueil@example.org" --website "https://example.org" --hours "Mo-Fr 09:00-12:00; PH off" \
    --access "walk_in|phone" --handles "Aides" --notes "Sonner"
PARTNER_LOCAL=$(q "SELECT max(id) FROM partner")
setup_step referral add --request caf --partner "$PARTNER_LOCAL" --contact-name "Jeanne Martin" \
    --contact-phone "06 12 34 56 78" --consent --operator Camille
setup_step retention --participants 12
setup_step referral expire-after 30
setup_step backup --dir "$TMP/backups" --keep 3
chmod 600 "$DB"
cp "$DB" "$PRISTINE"

# ---- hostile values in every text column ------------------------------------------------------

# The payloads, chosen by row: escape sequences with BEL; C1 CSI as UTF-8 and as a raw byte; bidi
# override, isolate and mark; invalid bytes; a sequence cut short at the end; overlong encodings
# and a UTF-16 surrogate; a stored CR LF, tab, U+2028 and CSV/iCalendar specials (what follows
# the break starts with BRK, which check-clean-output.py must never see at the start of a line);
# DEL, a formula and a NUL (C strings end there); HTML markup.
P0="char(27)||'[2J'||char(27)||']0;pwned'||char(7)||char(27)||'[31mred'"
P1="CAST(X'C29B' AS TEXT)||'1;31m'||CAST(X'9B' AS TEXT)||'x'"
P2="char(8238)||'evil'||char(8294)||'x'||char(8206)"
P3="'caf'||CAST(X'FFFE' AS TEXT)"
P4="'tr'||CAST(X'E282' AS TEXT)"
P5="'over'||CAST(X'C0AF' AS TEXT)||CAST(X'E080AF' AS TEXT)||CAST(X'EDA080' AS TEXT)"
P6="'a,b\"c;d\\e'||char(13)||char(10)||'BRK'||char(9)||'x'||char(8232)||'y'"
P7="'=HYPERLINK(\"x\")'||char(127)||CAST(X'00' AS TEXT)||'after NUL'"
P8="'<script>alert(1)</script>&amp;'"
payload() { # payload SQL-EXPRESSION-OF-AN-INTEGER
    echo "(CASE abs($1) % 9 WHEN 0 THEN $P0 WHEN 1 THEN $P1 WHEN 2 THEN $P2 WHEN 3 THEN $P3 WHEN 4 THEN $P4 WHEN 5 THEN $P5 WHEN 6 THEN $P6 WHEN 7 THEN $P7 ELSE $P8 END)"
}
# 1 MB: payloads at the start, in the middle and at the end of a million letters.
MEGA="$P0||printf('%.*c', 500000, 'x')||$P3||$P2||printf('%.*c', 500000, 'y')||$P6||$P4"

# Columns left alone, and why:
# - CHECK constraints keep help_session.started_at, registration.state, workshop.status,
#   referral.method and .status, request_kind.answer to their formats and codes: whatever the
#   schema refuses twice (a second round lets a CHECK over two columns, as referral's consent,
#   see the other column set first) is skipped and named in the first test's name; nothing here
#   lists them.
# - setting.key: the names of guichet's own settings; a changed key is only a missing setting.
#   A row with a hostile key and value is added instead.
# - participant_search_* are the full-text index's own tables (its content is written through
#   participant_search, which is hostile); writing them directly damages the index, which is the
#   restore's concern (a damaged database), not this suite's.
# - INTEGER and REAL columns: out of scope (SQLite keeps text there, guichet reads numbers).
# Vocabulary codes (place, theme, category…) have no CHECK: they get hostile values too, as do
# the per-day counts of session_tally.
q "SELECT m.name, p.name, m.sql LIKE '%WITHOUT ROWID%' FROM sqlite_master m, pragma_table_info(m.name) p
   WHERE m.type = 'table' AND m.name NOT LIKE 'participant\_search\_%' ESCAPE '\' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
     AND upper(p.type) IN ('TEXT', '') AND NOT (m.name = 'setting' AND p.name = 'key')" >"$TMP/columns"
NCOLUMNS=$(wc -l <"$TMP/columns")
PAY_ROW=$(payload rowid)
PAY_SELF=$(payload 'unicode("@C@") + length("@C@")')
# One UPDATE per column, each on one line of the script (sqlite3 names the line of an error).
# Without a rowid, the payload follows from the value itself, so that keys stay unique. Else row
# 2 holds 1 MB (in one column of four: every writer meets some) or a payload; odd rows the
# payload alone (made unique by the rowid); even rows the old value followed by the payload (a
# date still parses, a code still looks like one; NULL stays NULL: a person not erased…).
prev="" j=0
while IFS='|' read -r t c w; do
    [ "$t" = "$prev" ] && j=$((j + 1)) || j=0
    prev=$t
    if [ "$w" = 1 ]; then
        value="\"$c\" || ${PAY_SELF//@C@/$c}"
    else
        big=$PAY_ROW
        [ $((j % 4)) = 0 ] && big=$MEGA
        value="CASE WHEN rowid = 2 THEN $big || rowid WHEN rowid % 2 = 1 THEN $PAY_ROW || rowid ELSE \"$c\" || $PAY_ROW END"
    fi
    # Without a rowid, a key may meet one the session triggers already made hostile
    # (session_tally): OR IGNORE keeps those few rows as they are (these tables have no CHECK).
    echo "UPDATE $([ "$w" = 1 ] && echo "OR IGNORE ")\"$t\" SET \"$c\" = $value;"
done <"$TMP/columns" >"$TMP/updates.sql"
# hostile_round SQL-FILE: runs it in one transaction; prints the numbers of its failed lines.
hostile_round() {
    { echo "BEGIN;"; cat "$1"; echo "COMMIT;"; } | sqlite3 "$DB" 2>&1 >/dev/null |
        sed -n 's/.*near line \([0-9]*\):.*constraint failed.*/\1/p' | while read -r n; do echo $((n - 1)); done
}
hostile_round "$TMP/updates.sql" >"$TMP/failed1"
: >"$TMP/retry.sql"
while read -r n; do sed -n "${n}p" "$TMP/updates.sql"; done <"$TMP/failed1" >"$TMP/retry.sql"
hostile_round "$TMP/retry.sql" >"$TMP/failed2"
while read -r n; do sed -n "$(sed -n "${n}p" "$TMP/failed1")p" "$TMP/columns"; done <"$TMP/failed2" |
    cut -d'|' -f1,2 | tr '|' . >"$TMP/refused"
q "INSERT INTO setting (key, value) VALUES ($P0, $P3 || $P2)"
chmod 600 "$DB"
CHANGED=$((NCOLUMNS - $(wc -l <"$TMP/refused")))
# At least the text columns of the version 1 schema without a CHECK (about 90).
[ "$CHANGED" -ge 85 ] && [ "$(q "SELECT count(*) FROM partner WHERE length(name) > 1000000")" = 1 ] &&
    [ "$(q "SELECT count(*) FROM help_session WHERE note LIKE '%' || char(27) || '%'")" -gt 0 ]
verdict "hostile values written into $CHANGED of $NCOLUMNS text columns (kept by CHECK: $(tr '\n' ' ' <"$TMP/refused"))" $? \
    "$(cat "$TMP/refused")"

# ---- every command, every format ---------------------------------------------------------------

# clean NAME FORMAT ARGS…: runs guichet ARGS on the hostile database and checks the exit status,
# stdout in FORMAT and stderr as text.
clean() {
    local name=$1 fmt=$2 problems=""
    shift 2
    run --db "$DB" "$@"
    case $rc in
    0) ;;
    1 | 2) [ -s "$TMP/err" ] || [ -s "$TMP/out" ] || problems+="exit $rc without a message; " ;;
    *) problems+="exit $rc: $(head -c 300 "$TMP/err"); " ;;
    esac
    if [ "$rc" = 0 ] && [ "$fmt" != none ] && ! [ -s "$TMP/out" ]; then
        problems+="nothing written; "
    fi
    if [ -s "$TMP/out" ] && [ "$fmt" != none ]; then
        /usr/bin/python3 "$CHECK" "$fmt" "$TMP/out" >"$TMP/why" || problems+="stdout: $(tr '\n' ';' <"$TMP/why") "
    fi
    /usr/bin/python3 "$CHECK" text "$TMP/err" >"$TMP/why" || problems+="stderr: $(tr '\n' ';' <"$TMP/why") "
    [ -z "$problems" ]
    verdict "$name: sane exit, clean $([ "$fmt" = none ] && echo messages || echo "$fmt")" $? "$problems"
}

ALL=(--from 2020-01-01 --to 2027-12-31)
for f in table csv json; do
    clean "sessions --format $f" "$([ $f = table ] && echo text || echo $f)" sessions "${ALL[@]}" --format $f
done
for f in table csv json; do
    clean "themes --format $f" "$([ $f = table ] && echo text || echo $f)" themes --format $f
done
for f in table csv json; do
    clean "workshop list --format $f" "$([ $f = table ] && echo text || echo $f)" workshop list "${ALL[@]}" --format $f
    clean "workshop calls --format $f" "$([ $f = table ] && echo text || echo $f)" workshop calls --days 30 --format $f
    clean "partner list --format $f" "$([ $f = table ] && echo text || echo $f)" partner list --format $f
    clean "referral list --format $f" "$([ $f = table ] && echo text || echo $f)" referral list --format $f
    clean "referral list --due --format $f" "$([ $f = table ] && echo text || echo $f)" referral list --due --format $f
    clean "person find --format $f" "$([ $f = table ] && echo text || echo $f)" person find martin --format $f
done
# Workshops: the first (its title 1 MB), one of the series with bookings, one held.
HELD=$(q "SELECT min(id) FROM workshop WHERE status = 'held'")
for w in 2 "$SERIES_FIRST" "$HELD"; do
    clean "workshop sheet $w --format text" text workshop sheet "$w" --format text
    clean "workshop sheet $w --format csv" csv workshop sheet "$w" --format csv
done
clean "workshop ics" ics workshop ics "${ALL[@]}"
for p in 1 2 "$PARTNER_LOCAL"; do
    clean "partner show $p --format text" text partner show "$p" --format text
    clean "partner show $p --format json" json partner show "$p" --format json
done
clean "partner export --format csv" csv partner export --format csv
clean "partner export --format json" json partner export --format json
clean "partner export --format mednum" csv partner export --format mednum
for words in "caf" "france travail" "carte grise"; do
    clean "route $words --format text" text route $words --format text
    clean "route $words --format json" json route $words --format json
done
for f in text csv json html; do
    clean "report --format $f" $f report "${ALL[@]}" --format $f
done
clean "report --format csv --bom" csv report "${ALL[@]}" --format csv --bom
clean "export activities" csv export activities "${ALL[@]}"
clean "export activities --bom" csv export activities "${ALL[@]}" --bom
clean "export activities --format json" json export activities "${ALL[@]}" --format json
for f in csv json; do
    clean "export coop --format $f" $f export coop "${ALL[@]}" --format $f
done
clean "policy export" csv policy export
clean "policy export FILE (stderr)" none policy export "$TMP/policy.csv"
/usr/bin/python3 "$CHECK" csv "$TMP/policy.csv" >"$TMP/why"
verdict "policy export FILE: the file is clean CSV" $? "$(cat "$TMP/why")"
for p in 1 2 3; do
    clean "person export $p --format json" json person export "$p" --format json
    clean "person export $p --format text" text person export "$p" --format text
done
clean "check" text check
clean "retention" text retention
clean "purge --dry-run" text purge --dry-run
cp "$DB" "$TMP/copy.db" && chmod 600 "$TMP/copy.db"
clean "restore --dry-run of a hostile copy" text restore "$TMP/copy.db" --dry-run
clean "backup FILE" text backup "$TMP/one-copy.db"
clean "backup (the rotation, its folder from the database)" text backup
clean "help" text help
# Commands that write, and print what they changed.
BOOKED=$(q "SELECT id FROM registration WHERE workshop_id = $SERIES_FIRST AND state = 'booked'")
clean "workshop unbook (whom to call, from the database)" text workshop unbook "$BOOKED"
grep -q 'now has a seat' "$TMP/out"
verdict "workshop unbook: the person promoted was named (the path above was taken)" $? "$(cat "$TMP/out")"
clean "workshop edit --capacity (whom to call)" text workshop edit $((SERIES_FIRST + 1)) --capacity 3
grep -q 'now has a seat' "$TMP/out"
verdict "workshop edit --capacity: the person promoted was named (the path above was taken)" $? "$(cat "$TMP/out")"
clean "log into the hostile database" text log --theme email --duration 15 --site "Médiathèque centrale"
clean "referral update" text referral update 1 --status abouti
clean "person erase" text person erase 3
clean "sessions --format csv after writing" csv sessions "${ALL[@]}" --format csv

# ---- arguments echoed back ---------------------------------------------------------------------

# The site and operator are found however they are typed (case, accents, and control characters,
# which text_fold takes for spaces); the report prints them as typed, and must print them clean.
SITE=$'M\xc3\xa9diath\xc3\xa8que\a\e\xc2\x9bcentrale\e\a'
OPERATOR=$'\xc2\x9b\ecamille\a'
for f in text html; do
    run --db "$PRISTINE" report "${ALL[@]}" --site "$SITE" --operator "$OPERATOR" --format $f
    /usr/bin/python3 "$CHECK" $f "$TMP/out" >"$TMP/why" && [ "$rc" = 0 ] && grep -qi 'diath.*centrale' "$TMP/out"
    verdict "report --site and --operator as typed, escapes included: echoed cleaned ($f)" $? \
        "exit $rc; $(cat "$TMP/why" "$TMP/err")"
done
run --db "$PRISTINE" policy export $'pol\e[2Jicy\xff.csv'
/usr/bin/python3 "$CHECK" text "$TMP/err" >"$TMP/why" && [ "$rc" = 0 ] && grep -q 'written to' "$TMP/err"
verdict "policy export FILE: the file name is echoed cleaned" $? "exit $rc; $(cat "$TMP/why" "$TMP/err")"

finish
