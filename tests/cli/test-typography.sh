#!/usr/bin/env bash
# French as its readers expect it (issue 16), on the command line: French by default however
# guichet is run, the catalogue's and the data's typography, the help texts and the messages
# checked mechanically by tests/typography.py, and the English interface kept English.
# Usage: tests/cli/test-typography.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="French typography${2:+ ($2)}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=fr GUICHET_NOW="2026-12-02 14:30" HOME="$TMP/home"
DB="$TMP/t.db"
TYPO="python3 $ROOT/tests/typography.py"

# typography NAME FILE [--allow RE]…: the French of FILE follows the rules.
typography() {
    local name=$1 file=$2
    shift 2
    $TYPO text "$@" "$file" >"$TMP/typo" 2>&1
    verdict "$name" $? "$(head -c 2000 "$TMP/typo")"
}

test_french_by_default() {
    # As a person runs a build they have not installed: no language set, no catalogue named,
    # from another folder, through a link to the binary.
    mkdir -p "$TMP/elsewhere"
    ln -s "$GUICHET" "$TMP/elsewhere/guichet"
    (cd "$TMP/elsewhere" && env -u GUICHET_LOCALEDIR -u LANGUAGE ./guichet --help) >"$TMP/out" 2>&1
    grep -q $'^Commandes\xc2\xa0:' "$TMP/out" && grep -q -- '--db FICHIER' "$TMP/out" &&
        ! grep -q 'FILE' "$TMP/out"
    verdict "an uninstalled build speaks French with no language set, from anywhere" $? \
        "$(head -5 "$TMP/out")"
    (cd "$TMP/elsewhere" && env -u GUICHET_LOCALEDIR LANGUAGE=en ./guichet --help) >"$TMP/out" 2>&1
    grep -q '^Commands:' "$TMP/out"
    verdict "English when asked for" $? "$(head -5 "$TMP/out")"
    (cd "$TMP/elsewhere" && env -u GUICHET_LOCALEDIR -u LANGUAGE LANG=C.UTF-8 ./guichet log --theme x 2>&1) >"$TMP/out"
    grep -q $'^guichet log\xc2\xa0: --theme\xc2\xa0: code inconnu' "$TMP/out"
    verdict "errors are French by default too" $? "$(cat "$TMP/out")"
}

test_help_texts() {
    run --help
    # Every line of the general help fits 80 columns (counted in characters: the help is text).
    [ "$rc" = 0 ] && python3 -c 'import sys; sys.exit(any(len(l) > 80 for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$TMP/out"
    verdict "the general help fits in 80 columns" $? "$(cat "$TMP/out")"
    typography "the general help is written in French typography" "$TMP/out" --allow 'guichet \d+\.\d+'
    : >"$TMP/all-help"
    local c
    for c in $(sed -n 's/^  \([a-z]\+\) .*/\1/p' "$TMP/out"); do
        "$GUICHET" help "$c" >>"$TMP/all-help" 2>&1 || echo "help $c failed" >>"$TMP/all-help"
    done
    ! grep -q 'failed' "$TMP/all-help" && [ "$(grep -c '^Usage' "$TMP/all-help")" -ge 15 ]
    verdict "every command has its help" $? "$(grep failed "$TMP/all-help")"
    # 80 columns, options never split; only a group's list of subcommands (one word) may not fit.
    python3 - "$TMP/all-help" >"$TMP/wide" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if len(line) > 80 and not re.fullmatch(r"Usage\u00a0: guichet [a-z]+ [a-z|-]+ …", line):
        print(line)
    if re.search(r"--$|^\s*[a-z-]+\]", line):
        print("split option:", line)
PY
    [ ! -s "$TMP/wide" ]
    verdict "every command's help fits 80 columns, its options whole" $? "$(cat "$TMP/wide")"
    # Dates typed on the command line are shown as typed: "YYYY-MM-DD" is the form to type.
    typography "every command's help is written in French typography" "$TMP/all-help" \
        --allow '(AAAA-MM-JJ|YYYY-MM-DD)( HH:MM)?' --allow 'RFC \d+' --allow '\b\d{4}-\d\d-\d\d\b'
}

test_catalogue_and_data() {
    $TYPO po "$ROOT/po/fr.po" >"$TMP/typo" 2>&1
    verdict "the French catalogue follows the rules (spaces, apostrophes, accompagnement)" $? \
        "$(head -c 2000 "$TMP/typo")"
    # The human text of the shipped directory and policy: names, what partners handle, requests,
    # what to bring, notes (keywords are compared folded, where ’ and ' are one).
    python3 - "$ROOT/data/partners.tsv" "$ROOT/data/policy.tsv" >"$TMP/data" <<'PY'
import sys
cols = {sys.argv[1]: [1, 8], sys.argv[2]: [1, 6, 7]}
for path, keep in cols.items():
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        print("\n".join(f[i] for i in keep if i < len(f)))
PY
    typography "the shipped partners and policy are written in French typography" "$TMP/data"
}

test_migration_of_an_old_database() {
    # An older database (schema 5, made by the sqlite3 shell: later migrations need not be
    # runnable twice) with the text migration 010 rewrites; guichet runs 006 onwards.
    file_engine_only "an older SQLite file migrated" || return
    local old="$TMP/old.db"
    schema_5_database "$old" 2>"$TMP/why" || { not_ok "migration 010: building schema 5" "$(cat "$TMP/why")"; return; }
    sqlite3 "$old" "
        INSERT INTO partner (name, name_fold, handles, notes, created_at, updated_at) VALUES
            ('Maison d''Aide', 'maison d''aide',
             'Prime d''activité ; APL', 'Appeler avant : le matin', '2026-01-01T10:00:00Z',
             '2026-01-01T10:00:00Z');
        INSERT INTO request_kind (code, label, keywords, answer, bring, staff_note) VALUES
            ('aide', 'S''inscrire comme demandeur d''aide', 'demandeur d''aide', 'here',
             'CV ; identifiant', '16-25 ans : Mission locale');" ||
        { not_ok "migration 010" "sqlite3 failed"; return; }
    run --db "$old" partner list
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "PRAGMA user_version")" -ge 10 ] &&
        [ "$(sqlite3 "$old" "SELECT name || '|' || handles || '|' || notes FROM partner WHERE name LIKE 'Maison d%Aide'")" = \
            "Maison d’Aide|Prime d’activité ; APL|Appeler avant : le matin" ] &&
        [ "$(sqlite3 "$old" "SELECT label || '|' || keywords || '|' || bring || '|' || staff_note FROM request_kind WHERE code = 'aide'")" = \
            "S’inscrire comme demandeur d’aide|demandeur d'aide|CV ; identifiant|16-25 ans : Mission locale" ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM partner WHERE name LIKE '%''%'")" = 0 ]
    verdict "migration 010 writes the directory's and the policy's text in French typography" $? \
        "rc=$rc $(cat "$TMP/err") $(sqlite3 "$old" "SELECT name, handles, notes FROM partner; SELECT label, bring, staff_note FROM request_kind")"
    # Found as before, however the apostrophe is typed.
    run --db "$old" route "demandeur d'aide"
    [ "$rc" = 0 ] && grep -q 'S’inscrire comme demandeur d’aide' "$TMP/out"
    verdict "a request is still found with a straight apostrophe typed" $? "$(cat "$TMP/out" "$TMP/err")"
}

test_messages() {
    "$GUICHET" --db "$DB" demo --sessions 1500 >/dev/null 2>&1
    run --db "$DB" check
    cat "$TMP/out" "$TMP/err" >"$TMP/check"
    typography "check speaks French typography" "$TMP/check"
    run --db "$DB" route "carte d'identité perdue"
    typography "route's answer is written in French typography" "$TMP/out" --allow '\+?\d[\d ]{3,}'
    run --db "$DB" log --theme email --duration 20 --at "2026-13-01 10:00"
    cat "$TMP/err" >"$TMP/msg"
    run --db "$DB" workshop add --title "Atelier" --at "2026-12-10 14:00" --duration 90 --capacity 0
    cat "$TMP/err" >>"$TMP/msg"
    run --db "$DB" referral list --due
    cat "$TMP/out" "$TMP/err" >>"$TMP/msg"
    typography "errors and listings are written in French typography" "$TMP/msg" \
        --allow '\b\d{4}-\d\d-\d\d( \d\d:\d\d)?\b' --allow '"[^"]*"|«[^»]*»'
    # Counts grouped, plurals and the first of a month, a message about a field of a file.
    run --db "$DB" demo --sessions 1200
    grep -q $'^1\xe2\x80\xaf200 accompagnements de démonstration ajoutés' "$TMP/out"
    verdict "demo says how many it added, grouped" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" log --theme email --duration 0
    grep -q $'de 1 à 1\xe2\x80\xaf440' "$TMP/err"
    verdict "a duration out of range names the range, grouped" $? "$(cat "$TMP/err")"
    run --db "$DB" purge --dry-run
    grep -q '^Seraient effacés' "$TMP/out" && grep -q '^  0 contact d’orientation (' "$TMP/out"
    verdict "purge speaks French plurals" $? "$(cat "$TMP/out")"
    # A copy restored in place of the database: a file's (a server's database is never a restore's target).
    if file_engine_only "restoring a copy in place of the database file"; then
        run --db "$DB" backup "$TMP/copy.db"
        run --db "$DB" restore "$TMP/copy.db" --dry-run
        grep -q 'le dernier le [a-z]* [0-9]' "$TMP/out" && ! grep -q '20[0-9][0-9]-[0-9][0-9]-' "$TMP/out"
        verdict "restore names the last session's day in words" $? "$(cat "$TMP/out")"
    fi
    "$GUICHET" --db "$DB" policy export >"$TMP/policy.csv"
    sed -i '2s/,here,/,maybe,/' "$TMP/policy.csv"
    run --db "$DB" policy import "$TMP/policy.csv"
    grep -q $'champ answer\xc2\xa0: code inconnu' "$TMP/err" && ! grep -q $'\xc2\xa0\xc2\xa0' "$TMP/err"
    verdict "an imported file's field is named once, with one space before the colon" $? "$(cat "$TMP/err")"
    run --db "$DB" partner add --name X --hours nimporte
    grep -q $'^guichet partner add\xc2\xa0: --hours\xc2\xa0: ' "$TMP/err"
    verdict "an option's problem: a no-break space before each colon" $? "$(cat "$TMP/err")"
    awk 'BEGIN { print "id,pivot,nom,commune,code_postal,adresse,date_maj"; for (i = 1; i <= 1200; i++)
        printf "lieu-%d,43493312300029,Lieu %d,Reims,51100,%d rue de Vesle,2024-01-01\n", i, i, i }' >"$TMP/places.csv"
    run --db "$DB" partner import "$TMP/places.csv" --dry-run
    grep -q $'ajouter\xc2\xa0: 1\xe2\x80\xaf200\xe2\x80\xaf; ' "$TMP/out"
    verdict "partner import's counts are grouped (a network's file holds 100,000 places)" $? "$(cat "$TMP/out" "$TMP/err")"
    LANGUAGE=en run --db "$DB" log --theme nope --duration 20
    grep -q "unknown" "$TMP/err" && ! grep -q $'\xc2\xa0\|\xe2\x80\xaf' "$TMP/err"
    verdict "the English interface keeps English spacing" $? "$(cat "$TMP/err")"
}

test_system_errors() {
    # A database under a regular file, and a report's output: the system says ENOTDIR, which
    # glibc's French (libc-l10n) writes "N'est pas un dossier"; guichet quotes it in French
    # typography, in English as is. On PostgreSQL, --db names a server's database, never a path:
    # the report's output alone.
    : >"$TMP/plain"
    : >"$TMP/msg"
    local n=1
    if file_engine_only "a database file under a regular file"; then
        run --db "$TMP/plain/x.db" log --theme email --duration 20
        cat "$TMP/err" >"$TMP/msg"
        n=2
    fi
    run --db "$DB" report --format csv --output "$TMP/plain/r.csv"
    cat "$TMP/err" >>"$TMP/msg"
    ! grep -q "'" "$TMP/msg" && [ "$(grep -c $'\xc2\xa0: ' "$TMP/msg")" = "$n" ] &&
        { grep -q 'Not a directory' "$TMP/msg" || [ "$(grep -c 'N’est pas un dossier$' "$TMP/msg")" = "$n" ]; }
    verdict "a system error quoted in French: typographic apostrophe" $? "$(cat "$TMP/msg")"
    typography "a system error quoted in French follows the rules" "$TMP/msg" --allow '/[^ ]*'
    LANGUAGE=en run --db "$DB" report --format csv --output "$TMP/plain/r.csv"
    cat "$TMP/err" >"$TMP/msg"
    if ! on_postgresql; then
        LANGUAGE=en run --db "$TMP/plain/x.db" log --theme email --duration 20
        cat "$TMP/err" >>"$TMP/msg"
    fi
    [ "$(grep -c ': Not a directory$' "$TMP/msg")" = "$n" ]
    verdict "in English, the system's own words" $? "$(cat "$TMP/msg")"
}

test_french_by_default
test_system_errors
test_help_texts
test_catalogue_and_data
test_migration_of_an_old_database
test_messages
finish
