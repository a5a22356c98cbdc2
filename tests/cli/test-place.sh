#!/usr/bin/env bash
# The national place standard "Lieux de médiation numérique" v1.0.2 (domain.md §5): every edit
# normalised to it (command line and import alike), date_maj moved by every change, a SIRET or
# RNA given at the desk, text kept over several lines, import messages with record, line, value
# and form expected; and every export guichet writes here validated by an independent Table
# Schema implementation (npm tableschema, installed by make oracles) reading the standard's own
# schema.json, in one node process; export, import, export gives the same file.
# Usage: tests/cli/test-place.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="place standard${2:+ ($2)}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:00" HOME="$TMP/home"
STANDARD="$ROOT/../shared/standards/mednum"
DB="$TMP/p.db"
q() { sqlite3 "$DB" "$1"; }
EXPORTS=()   # every export written here, validated together at the end

test_normalised_on_the_command_line() {
    run --db "$DB" partner add --name "Médiathèque Croix-Rouge" --address "19 rue Jean-Louis Debar" \
        --postal-code "51 100" --commune Reims --phone "03 26 11 22 33" \
        --email "mediatheque@reims.example, accueil@reims.example" --website "www.reims.example" \
        --siret "434 933 123 00029"
    ID=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(q "SELECT phone || ',' || postal_code || ',' || emails || ',' || website || ',' || pivot || ',' || updated_on FROM partner WHERE id = $ID")" = \
        "+33326112233,51100,mediatheque@reims.example|accueil@reims.example,https://www.reims.example,43493312300029,2026-03-17" ]
    verdict "partner add puts phone, postal code, e-mails, website and SIRET in the standard's form" $? "$(cat "$TMP/err")" "$(q "SELECT * FROM partner WHERE id = ${ID:-0}")"
    GUICHET_NOW="2026-04-02 09:00" run --db "$DB" partner edit "$ID" --phone "03.26.99.88.77"
    [ "$rc" = 0 ] && [ "$(q "SELECT phone || ',' || updated_on FROM partner WHERE id = $ID")" = "+33326998877,2026-04-02" ]
    verdict "partner edit --phone \"03.26.99.88.77\" stores +33326998877 and moves date_maj to today" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$ID" --phone "0590 12 34 56"
    [ "$(q "SELECT phone FROM partner WHERE id = $ID")" = "+590590123456" ]
    verdict "an overseas number gets its own code (0590… → +590 590…)" $? "$(cat "$TMP/err")"
    run --db "$DB" partner add --name "Mairie annexe" --address "Place du Général de Gaulle" \
        --postal-code 97500 --commune Saint-Pierre --phone "41 23 45" --pivot "w975000123"
    [ "$rc" = 0 ] && [ "$(q "SELECT phone || ',' || pivot FROM partner WHERE id = $(cat "$TMP/out")")" = "+508412345,W975000123" ]
    verdict "Saint-Pierre's 6-digit numbers by postal code; an RNA number by --pivot" $? "$(cat "$TMP/err")"
    local before; before=$(q "SELECT group_concat(phone || pivot || updated_on) FROM partner")
    run --db "$DB" partner edit "$ID" --phone "03 26"
    [ "$rc" = 2 ] && grep -qF -- '--phone: "03 26" is not a phone number; expected 10 digits such as 03 26 11 22 33 or +33 3 26 11 22 33' "$TMP/err"
    verdict "a phone that is not one is refused with the form expected" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$ID" --siret "43493312300028"
    [ "$rc" = 2 ] && grep -qF -- '--siret: "43493312300028" is not a valid SIRET: its check digit is wrong' "$TMP/err"
    verdict "a SIRET with a wrong check digit (Luhn) is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$ID" --siret "1234"
    [ "$rc" = 2 ] && grep -qF 'expected 14 digits such as 434 933 123 00029 (SIRET) or W and 9 digits such as W511000123 (RNA)' "$TMP/err"
    verdict "a pivot that is neither SIRET nor RNA is refused with both forms" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$ID" --postal-code "5110"
    [ "$rc" = 2 ] && grep -qF 'expected 5 digits such as 51100' "$TMP/err"
    verdict "a 4-digit postal code is refused with the form expected" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$ID" --phone "+44 20 7946 0958"
    [ "$rc" = 2 ] && grep -qF 'the place standard takes +33 and the overseas codes' "$TMP/err" &&
        [ "$(q "SELECT group_concat(phone || pivot || updated_on) FROM partner")" = "$before" ]
    verdict "a foreign number is refused; refused edits write nothing" $? "$(cat "$TMP/err")"
}

test_desk_places_export() {
    # Made on the command line as the desk would: with a SIRET it is exported, without it is
    # named with what it lacks; an older database's unnormalised phone is exported normalised.
    run --db "$DB" partner add --name "Espace numérique" --address "2 rue de Vesle" --postal-code 51100 \
        --commune Reims
    NOPIVOT=$(cat "$TMP/out")
    q "UPDATE partner SET phone = '03 26 11 22 33' WHERE id = $ID"
    run --db "$DB" partner export
    cp "$TMP/out" "$TMP/desk.csv"; EXPORTS+=("$TMP/desk.csv")
    local placeid; placeid=$(q "SELECT mednum_id FROM partner WHERE id = $ID")
    [ "$rc" = 0 ] && grep -q "^$placeid,43493312300029,Médiathèque Croix-Rouge,Reims,51100,.*,+33326112233,.*,2026-03-17," "$TMP/out" &&
        grep -qF "partner $NOPIVOT (Espace numérique) left out: the standard requires what is missing or not in its form: pivot" "$TMP/err"
    verdict "a place made here exports with its SIRET; one without is named with what it lacks" $? "$(cat "$TMP/out" "$TMP/err")"
    q "UPDATE partner SET phone = '3949' WHERE id = $ID"
    run --db "$DB" partner export
    cp "$TMP/out" "$TMP/short.csv"; EXPORTS+=("$TMP/short.csv")
    /usr/bin/python3 -c 'import csv,sys; r={x["id"]: x for x in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))}[sys.argv[2]]; assert r["telephone"] == "" and r["pivot"] == "43493312300029", r' "$TMP/out" "$placeid" &&
        grep -qF "partner $ID (Médiathèque Croix-Rouge): not in the standard's form, left out of the export: telephone \"3949\"" "$TMP/err"
    verdict "a short number the standard cannot hold is left out and said" $? "$(cat "$TMP/err")"
    # A shipped partner as shipped is only counted; once given a SIRET it is named with the rest.
    local mairie; mairie=$(q "SELECT id FROM partner WHERE code = 'mairie'")
    run --db "$DB" partner export
    ! grep -q "partner $mairie " "$TMP/err" && grep -q '^1[0-9] partners left out' "$TMP/err"
    verdict "shipped partners without an address are counted, not named" $? "$(cat "$TMP/err")"
    run --db "$DB" partner edit "$mairie" --siret "21510454600019"
    run --db "$DB" partner export
    grep -qF "partner $mairie (Mairie) left out: the standard requires what is missing or not in its form: commune, code_postal, adresse" "$TMP/err"
    verdict "a shipped partner given a SIRET but no address is named with what it lacks" $? "$(cat "$TMP/err")"
}

# One place for each code of the standard's phone pattern, typed as people write them there;
# their export goes to the independent validator with the others.
test_every_territory() {
    local db="$TMP/t.db" spec name pc phone want got fails=""
    for spec in "Reims|51100|03 26 11 22 33|+33326112233" "Pointe-à-Pitre|97110|0590 82 12 34|+590590821234"                 "Cayenne|97300|05 94 29 12 34|+594594291234" "Saint-Denis|97400|0262 40 12 34|+262262401234"                 "Mamoudzou|97600|06 39 12 34 56|+262639123456" "Fort-de-France|97200|0596 71 12 34|+596596711234"                 "Nouméa|98800|27 12 34|+687271234" "Papeete|98714|40 41 12 34|+68940411234"                 "Saint-Pierre|97500|41 23 45|+508412345" "Mata-Utu|98600|72 12 34|+681721234"                 "Moroni|97600|+269 773 12 34|+2697731234"; do
        IFS='|' read -r name pc phone want <<<"$spec"
        run --db "$db" partner add --name "Lieu de $name" --address "1 place de la Mairie" --commune "$name"             --postal-code "$pc" --phone "$phone" --siret "21510454600019"
        got=$(sqlite3 "$db" "SELECT phone FROM partner WHERE name = 'Lieu de $name'")
        [ "$rc" = 0 ] && [ "$got" = "$want" ] || fails+="$phone → $got (want $want) $(cat "$TMP/err"); "
    done
    [ -z "$fails" ]
    verdict "every code of the standard's phone pattern, from the way people write numbers there" $? "$fails"
    "$GUICHET" --db "$db" partner export >"$TMP/territories.csv" 2>/dev/null
    EXPORTS+=("$TMP/territories.csv")
}

make_files() {
    /usr/bin/python3 - "$STANDARD/exemple-valide.csv" "$TMP" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
fields = list(rows[0].keys())
def write(name, rows):
    with open(f"{sys.argv[2]}/{name}", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow(r)
base = rows[0]
detail = "Accueil libre le mardi.\r\nAteliers « Premiers pas » le jeudi, sur inscription.\n\n\tSamedi : permanence."
good = [dict(base, id="multi-1", presentation_detail=detail, telephone="03 26 11 22 33",
             courriels="a@reims.example; b@reims.example"),
        dict(base, id="multi-2", presentation_resume="Deux lignes\ncourtes.", telephone="0692 12 34 56",
             code_postal="97400", site_web="www.reunion.example")]
write("multi.csv", good)
bad = [dict(base, id="ok-1", presentation_detail="Une\nprésentation\nsur trois lignes"),
       dict(base, id="bad-2", telephone="03 26"),
       dict(base, id="bad-3", pivot="43493312300028"),
       dict(base, id="bad-4", itinerance="Mobile"),
       dict(base, id="bad-5", code_insee="5145")]
write("bad.csv", bad)
PY
}

test_lines_and_round_trip() {
    make_files
    local db="$TMP/m.db"
    run --db "$db" partner import "$TMP/multi.csv"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT phone || ',' || emails FROM partner WHERE mednum_id = 'multi-1'")" = "+33326112233,a@reims.example|b@reims.example" ] &&
        [ "$(sqlite3 "$db" "SELECT phone || ',' || website FROM partner WHERE mednum_id = 'multi-2'")" = "+262692123456,https://www.reunion.example" ]
    verdict "import normalises as the command line does" $? "$(cat "$TMP/err")"
    local id; id=$(sqlite3 "$db" "SELECT id FROM partner WHERE mednum_id = 'multi-1'")
    run --db "$db" partner show "$id"
    printf '  Presentation:\n    Accueil libre le mardi.\n    Ateliers « Premiers pas » le jeudi, sur inscription.\n\n     Samedi : permanence.\n' >"$TMP/want"
    grep -A4 'Presentation:' "$TMP/out" | cmp -s - "$TMP/want"
    verdict "presentation_detail keeps its lines (CR LF and LF as LF, a tab as a space), shown line by line" $? "$(cat "$TMP/out")"
    "$GUICHET" --db "$db" partner export >"$TMP/x1.csv" 2>/dev/null
    "$GUICHET" --db "$TMP/m2.db" partner import "$TMP/x1.csv" >/dev/null 2>"$TMP/err2" &&
        "$GUICHET" --db "$TMP/m2.db" partner export >"$TMP/x2.csv" 2>/dev/null &&
        cmp -s "$TMP/x1.csv" "$TMP/x2.csv" &&
        /usr/bin/python3 - "$TMP/x1.csv" <<'PY'
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))}
want = "Accueil libre le mardi.\nAteliers « Premiers pas » le jeudi, sur inscription.\n\n Samedi : permanence."
assert rows["multi-1"]["presentation_detail"] == want, repr(rows["multi-1"]["presentation_detail"])
assert rows["multi-2"]["presentation_resume"] == "Deux lignes\ncourtes.", repr(rows["multi-2"]["presentation_resume"])
PY
    verdict "export → import → export gives the same file, line feeds kept in quoted fields" $? "$(cat "$TMP/err2")" "$(head -c 600 "$TMP/x1.csv")"
    EXPORTS+=("$TMP/x1.csv" "$TMP/x2.csv")
    "$GUICHET" --db "$TMP/e.db" partner import "$STANDARD/exemple-valide.csv" >/dev/null 2>&1
    "$GUICHET" --db "$TMP/e.db" partner export >"$TMP/example.csv" 2>/dev/null
    EXPORTS+=("$TMP/example.csv")
}

test_import_messages() {
    run --db "$TMP/b.db" partner import "$TMP/bad.csv"
    # The first place's presentation spans three lines: records and lines differ after it.
    [ "$rc" = 2 ] &&
        grep -qF 'record 3 (line 5), field telephone: "03 26" is not a phone number; expected 10 digits such as 03 26 11 22 33' "$TMP/err" &&
        grep -qF 'record 4 (line 6), field pivot: "43493312300028" is not a valid SIRET' "$TMP/err" &&
        grep -qF 'record 5 (line 7), field itinerance: "Mobile": not in the form the standard requires; expected one or more of these, separated by |: Itinérant; Fixe' "$TMP/err" &&
        grep -qF 'record 6 (line 8), field code_insee: "5145": not in the form the standard requires; expected the 5 characters of an INSEE code' "$TMP/err" &&
        grep -q '4 records are not valid: nothing was imported' "$TMP/err" && ! grep -q 'record 2' "$TMP/err"
    verdict "import problems: record and line, field, value and the form expected" $? "$(cat "$TMP/err")"
    LANGUAGE= LANG=fr_FR.UTF-8 run --db "$TMP/b.db" partner import "$TMP/bad.csv"
    grep -qF 'enregistrement 3 (ligne 5), champ telephone' "$TMP/err" &&
        grep -qF 'enregistrement 5 (ligne 7), champ itinerance' "$TMP/err"
    verdict "records and lines in French" $? "$(cat "$TMP/err")"
}

# Issue 17's hostile test: every partner has one place id, stored once (migration 014), that an
# import of its own export recognises and that no imported id takes; ids in an export are unique.
test_place_ids() {
    local db="$TMP/ids.db" id placeid
    run --db "$db" partner add --name "Espace num" --address "1 rue X" --postal-code 51100 \
        --commune Reims --siret W123456789
    id=$(cat "$TMP/out"); placeid=$(sqlite3 "$db" "SELECT mednum_id FROM partner WHERE id = $id")
    [[ "$placeid" =~ ^guichet-[0-9a-f]{8}-$id$ ]]
    verdict "a partner made here gets its place id when added: guichet-, the database's prefix, its number" $? "$placeid"
    "$GUICHET" --db "$db" partner export >"$TMP/r1.csv" 2>/dev/null
    run --db "$db" partner import "$TMP/r1.csv"
    local first; first=$(cat "$TMP/out")
    run --db "$db" partner import "$TMP/r1.csv"
    "$GUICHET" --db "$db" partner export >"$TMP/r2.csv" 2>/dev/null
    EXPORTS+=("$TMP/r2.csv")
    [ "$first" = "Partners added: 0; updated: 1." ] && grep -q "Partners added: 0; updated: 1." "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM partner WHERE name = 'Espace num'")" = 1 ] &&
        [ "$(grep -c "^$placeid," "$TMP/r2.csv")" = 1 ] && cmp -s "$TMP/r1.csv" "$TMP/r2.csv"
    verdict "importing a partner's own export updates that partner: no second one, its id once" $? "$first $(cat "$TMP/out")" "$(cat "$TMP/r2.csv")"
    # Another library's export, with the ids guichet used to make up from the number.
    local other="$TMP/other.db" n
    sed "s/^$placeid,/guichet-18,/" "$TMP/r1.csv" >"$TMP/r18.csv"
    run --db "$other" partner import "$TMP/r18.csv"
    n=$(sqlite3 "$other" "SELECT max(id) + 1 FROM partner")
    sqlite3 "$other" "UPDATE partner SET mednum_id = 'guichet-$n' WHERE mednum_id = 'guichet-18'"
    run --db "$other" partner add --name "Bibliothèque" --address "2 rue Y" --postal-code 51100 \
        --commune Reims --siret W123456780
    [ "$(cat "$TMP/out")" = "$n" ]
    local ok=$?
    # And an imported place holding the very id the next partner would get: it takes another.
    local prefix; prefix=$(sqlite3 "$other" "SELECT value FROM setting WHERE key = 'place_id_prefix'")
    sqlite3 "$other" "UPDATE partner SET mednum_id = '$prefix-$((n + 1))' WHERE mednum_id = 'guichet-$n'"
    run --db "$other" partner add --name "Médiathèque" --address "3 rue Z" --postal-code 51100 \
        --commune Reims --siret W123456781
    "$GUICHET" --db "$other" partner export >"$TMP/r3.csv" 2>/dev/null
    EXPORTS+=("$TMP/r3.csv")
    [ "$ok" = 0 ] && [ "$(cut -d, -f1 "$TMP/r3.csv" | sort | uniq -d)" = "" ] &&
        [ "$(sed 1d "$TMP/r3.csv" | wc -l)" = 3 ] &&
        [ "$(sqlite3 "$other" "SELECT count(*) FROM partner WHERE mednum_id IS NULL")" = 0 ]
    verdict "ids imported from elsewhere never clash with the ids of partners made here" $? "$(cat "$TMP/r3.csv")"
    [ "$(sqlite3 "$db" "SELECT count(DISTINCT value) FROM setting WHERE key = 'place_id_prefix'")" = 1 ] &&
        [ "$(sqlite3 "$db" "SELECT value FROM setting WHERE key = 'place_id_prefix'")" != "$prefix" ]
    verdict "each database draws its own prefix" $?
    # The orientation category is not in the standard: re-importing keeps it.
    run --db "$db" partner edit "$id" --category mediation_numerique
    run --db "$db" partner import "$TMP/r1.csv"
    [ "$(sqlite3 "$db" "SELECT category FROM partner WHERE id = $id")" = mediation_numerique ]
    verdict "re-importing a partner's export keeps what the standard does not carry (category)" $? "$(cat "$TMP/err")"
}

# One strict check of e-mail addresses (person_validate_email): partners' courriels, a site's
# --email, a booking's --email.
test_email_addresses() {
    local db="$TMP/mail.db" e fails=""
    "$GUICHET" --db "$db" partner list >/dev/null 2>&1
    for e in 'mailto:a@b.fr' 'a@b.fr:x' 'a@b' '"a"@b.fr' 'a@b.fr?subject=x' 'a@-.fr' 'a..b@c.fr' \
             '.a@c.fr' 'a@c.fr.' 'a@b_c.fr' 'a@1.2' 'a@@b.fr'; do
        run --db "$db" partner add --name "P" --email "$e"
        [ "$rc" = 2 ] && grep -qF -- "--email: \"$e\" is not an e-mail address" "$TMP/err" || fails+="partner $e; "
        run --db "$db" partner add --name "P" --email "ok@b.fr|$e"
        [ "$rc" = 2 ] || fails+="partner ok@b.fr|$e; "
        run --db "$db" site set Main --email "$e"
        [ "$rc" = 2 ] && grep -qF -- "--email: \"$e\" is not an e-mail address" "$TMP/err" || fails+="site $e; "
    done
    [ -z "$fails" ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM partner WHERE name = 'P'")" = 0 ] &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM site WHERE email IS NOT NULL")" = 0 ]
    verdict "partner add --email and site set --email refuse what is not an address (scheme, port, query, quotes, bad domain)" $? "$fails"
    run --db "$db" partner add --name "Q" --email "Jean.Dupont+x@mairie-reims.fr; o'brien@b.c-d.fr"
    local ok=$?
    run --db "$db" site set Main --email "accueil@bib.reims.fr"
    [ "$ok" = 0 ] && [ "$rc" = 0 ] &&
        [ "$(sqlite3 "$db" "SELECT emails FROM partner WHERE name = 'Q'")" = "Jean.Dupont+x@mairie-reims.fr|o'brien@b.c-d.fr" ]
    verdict "addresses of dot-atoms at a domain are accepted, several separated" $? "$(cat "$TMP/err")"
    run --db "$db" workshop add --title "Courriel" --at "2026-03-20 14:00" --duration 60 --capacity 5
    run --db "$db" workshop book 1 --name "Zoé Martin" --email "mailto:zoe@b.fr"
    [ "$rc" = 2 ] && grep -qF -- '--email: "mailto:zoe@b.fr" is not an e-mail address' "$TMP/err"
    verdict "a booking's --email has the same check" $? "$(cat "$TMP/err")"
    make_files
    sed 's/a@reims.example; b@reims.example/mailto:a@reims.example/' "$TMP/multi.csv" >"$TMP/mailto.csv"
    run --db "$db" partner import "$TMP/mailto.csv"
    [ "$rc" = 2 ] && grep -qF 'field courriels: "mailto:a@reims.example" is not an e-mail address' "$TMP/err"
    verdict "partner import refuses the same addresses" $? "$(cat "$TMP/err")"

    # One normalisation of every address (person_normalise_email): the domain lower-cased, the
    # local part as typed (RFC 5321 §2.4), for a partner, a site and a booking alike.
    local mixed='A.B@Sub.Example.CO.UK' kept='A.B@sub.example.co.uk' pid
    run --db "$db" partner add --name "Casse" --email "$mixed|x@Mairie.FR" --phone 0326000000 \
        --address "1 rue X" --postal-code 51100 --commune Reims --pivot 43493312300029
    pid=$(cat "$TMP/out")
    run --db "$db" site set Main --email "$mixed"
    run --db "$db" workshop book 1 --name "Zoé Martin" --email "$mixed"
    run --db "$db" partner export
    [ "$(sqlite3 "$db" "SELECT emails FROM partner WHERE id = $pid")" = "$kept|x@mairie.fr" ] &&
        [ "$(sqlite3 "$db" "SELECT email FROM site WHERE name = 'Main'")" = "$kept" ] &&
        [ "$(sqlite3 "$db" "SELECT email FROM participant WHERE name = 'Zoé Martin'")" = "$kept" ] &&
        grep -qF ",$kept|x@mairie.fr," "$TMP/out"
    verdict "partner add, site set and workshop book keep $mixed alike: $kept (and so does the export)" $? \
        "$(sqlite3 "$db" "SELECT emails FROM partner WHERE id = $pid; SELECT email FROM site; SELECT email FROM participant") $(grep Casse "$TMP/out")"
    run --db "$db" workshop book 1 --name "Zoé Martin" --email "a.b@SUB.example.co.uk"
    [ "$rc" = 2 ] && grep -qF "is already registered for this workshop (registration 1)" "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM participant")" = 1 ]
    verdict "the same address in another case is the same person" $? "$(cat "$TMP/err")"
    # A domain with accents: refused, telling the form to type (guichet has no IDNA library).
    local idn='jean@médiathèque.fr' hint='write the domain without accents, in its xn-- form (médiathèque.fr is xn--mdiathque-53af.fr)'
    fails=""
    run --db "$db" partner add --name "P" --email "$idn"
    [ "$rc" = 2 ] && grep -qF -- "--email: \"$idn\": $hint" "$TMP/err" || fails+="partner: $(cat "$TMP/err"); "
    run --db "$db" site set Main --email "$idn"
    [ "$rc" = 2 ] && grep -qF -- "--email: \"$idn\": $hint" "$TMP/err" || fails+="site: $(cat "$TMP/err"); "
    run --db "$db" workshop book 1 --name "Léa" --email "$idn"
    [ "$rc" = 2 ] && grep -qF -- "--email: \"$idn\": $hint" "$TMP/err" || fails+="book: $(cat "$TMP/err"); "
    sed "s/a@reims.example; b@reims.example/$idn/" "$TMP/multi.csv" >"$TMP/idn.csv"
    run --db "$db" partner import "$TMP/idn.csv"
    [ "$rc" = 2 ] && grep -qF "field courriels: \"$idn\": $hint" "$TMP/err" || fails+="import: $(cat "$TMP/err"); "
    run --db "$db" partner add --name "P" --email "jean@xn--mdiathque-53af.fr"
    [ "$rc" = 0 ] || fails+="xn--: $(cat "$TMP/err")"
    [ -z "$fails" ]
    verdict "an address at a domain with accents is refused, saying to write its xn-- form; that form is taken" $? "$fails"
    # Read to a person: the phone the French way, the e-mails separated by ", ".
    run --db "$db" partner show "$pid"
    grep -qx "  Phone: 03 26 00 00 00" "$TMP/out" && grep -qx "  E-mail: $kept, x@mairie.fr" "$TMP/out"
    verdict "partner show: the phone as 03 26 00 00 00, the e-mails separated by commas" $? "$(cat "$TMP/out")"
}

# La Poste: its head office passes Luhn's check; its other establishments add up to a multiple of 5.
test_la_poste() {
    local db="$TMP/poste.db" s fails=""
    for s in 35600000000048 35600000049837 "356 000 000"; do
        run --db "$db" partner add --name "La Poste $s" --siret "$s"
        [ "$rc" = 0 ] || fails+="$s refused: $(cat "$TMP/err"); "
    done
    for s in 35600000000049 35600000049838; do
        run --db "$db" partner add --name "La Poste $s" --siret "$s"
        [ "$rc" = 2 ] && grep -qF 'its check digit is wrong' "$TMP/err" || fails+="$s accepted; "
    done
    [ -z "$fails" ]
    verdict "La Poste's SIRET passes by either rule (head office 35600000000048 by Luhn's); others are checked" $? "$fails"
}

# Websites are separated by | only, as schema.json's site_web says: a comma may be in an address.
test_websites() {
    local db="$TMP/web.db"
    run --db "$db" partner add --name W --website 'http://b.fr/x?y=1,2|www.c.fr/a;b'
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT website FROM partner WHERE name = 'W'")" = 'http://b.fr/x?y=1,2|https://www.c.fr/a;b' ]
    verdict "a comma or a semicolon inside a website address is kept; | separates them" $? "$(cat "$TMP/err")"
    run --db "$db" partner add --name W2 --website 'a.fr, b.fr'
    [ "$rc" = 2 ] && grep -qF 'several separated by |' "$TMP/err"
    verdict "websites separated by a comma are refused, saying | separates them" $? "$(cat "$TMP/err")"
}

# French hours on import are read as partner add reads them; what is not read is kept verbatim.
test_hours_on_import() {
    make_files
    /usr/bin/python3 - "$TMP/multi.csv" "$TMP/hours.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[0]["horaires"] = "du lundi au vendredi 9h-12h"
rows[1]["horaires"] = "le premier mardi du mois, sur rendez-vous"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
PY
    local db="$TMP/hours.db"
    run --db "$db" partner import "$TMP/hours.csv"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT opening_hours FROM partner WHERE mednum_id = 'multi-1'")" = "Mo-Fr 09:00-12:00" ] &&
        [ "$(sqlite3 "$db" "SELECT opening_hours FROM partner WHERE mednum_id = 'multi-2'")" = "le premier mardi du mois, sur rendez-vous" ]
    verdict "partner import reads French hours as partner add --hours does, keeps the others verbatim" $? "$(cat "$TMP/err")" "$(sqlite3 "$db" "SELECT mednum_id, opening_hours FROM partner WHERE mednum_id LIKE 'multi-%'")"
}

test_independent_validator() {
    local node_path="$ROOT/build/oracle/node_modules"
    if [ ! -d "$node_path/tableschema" ]; then
        not_ok "tableschema is installed (make oracles)" "$node_path/tableschema is missing"
        return
    fi
    # A file the standard refuses, so that the validator is seen to refuse: the check is real.
    /usr/bin/python3 - "$STANDARD/exemple-valide.csv" "$TMP/refused.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerow(dict(rows[0], telephone="03 26 11 22 33"))
PY
    NODE_PATH="$node_path" node "$ROOT/tests/oracle/validate-mednum.js" "$STANDARD/schema.json" \
        "${EXPORTS[@]}" "$TMP/refused.csv" >"$TMP/validated" 2>&1
    local n_ok; n_ok=$(grep -c ': ok [1-9][0-9]* rows$' "$TMP/validated")
    [ "$n_ok" = "${#EXPORTS[@]}" ] && grep -q 'refused.csv: row 2: .*"telephone"' "$TMP/validated"
    verdict "tableschema finds every export (${#EXPORTS[@]} files) valid under the standard's schema.json, and refuses an unnormalised phone" $? "$(cat "$TMP/validated")"
}

test_normalised_on_the_command_line
test_desk_places_export
test_every_territory
test_lines_and_round_trip
test_import_messages
test_place_ids
test_email_addresses
test_la_poste
test_websites
test_hours_on_import
test_independent_validator
finish
