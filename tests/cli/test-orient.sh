#!/usr/bin/env bash
# Orientation on the command line: the shipped partners and policy, `route` with the synonyms of
# domain.md §4 (with and without accents, in any order, with a typo), and the partner directory.
# Usage: tests/cli/test-orient.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="orientation${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:00" HOME="$TMP/home"   # a Tuesday
DB="$TMP/o.db"
q() { sqlite3 "$DB" "$1"; }

# routes_to WORDS PARTNER-CODE: the best match sends the person to that partner.
routes_to() {
    local words=$1 partner=$2
    run --db "$DB" route --format json $words
    local got
    got=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r[0]["partner"]["code"] if r and r[0]["partner"] else (r[0]["code"] if r else "-"))' "$TMP/out" 2>/dev/null)
    [ "$rc" = 0 ] && [ "$got" = "$partner" ]
    verdict "route \"$words\" sends to $partner" $? "got: $got" "$(head -c 300 "$TMP/out")"
}

test_shipped_defaults() {
    run --db "$DB" partner list --format csv
    [ "$rc" = 0 ] && [ "$(q "SELECT count(*) FROM partner WHERE is_national = 1")" = 8 ] &&
        grep -q ',france_travail,France Travail,insertion_professionnelle,,3949,https://www.francetravail.fr,,1' "$TMP/out" &&
        [ "$(q "SELECT count(*) FROM request_kind WHERE partner_id IS NULL AND answer = 'redirect'")" = 0 ]
    verdict "the national operators and the default policy ship in a new database" $? "$(head -3 "$TMP/out")"
}

test_routing() {
    routes_to "Pôle emploi" france_travail
    routes_to "pole emploi" france_travail
    routes_to "emploi pole" france_travail
    routes_to "le chômage" france_travail
    routes_to "chomage" france_travail
    routes_to "ASSEDIC" france_travail
    routes_to "mon actualisation" france_travail
    routes_to "actualisaton" france_travail
    routes_to "APL" caf
    routes_to "les allocs" caf
    routes_to "RSA" caf
    routes_to "prime d'activité" caf
    routes_to "prime activite" caf
    routes_to "carte vitale perdue" cpam
    routes_to "titre de sejour" prefecture
    routes_to "passeport" ants
    routes_to "ma retraite" carsat
    routes_to "AAH" mdph
    routes_to "déclaration d'impôts" dgfip
    routes_to "ordinateur pas cher" emmaus_connect
    routes_to "creer une adresse mail" email_documents
    run --db "$DB" route la recette du gâteau
    [ "$rc" = 0 ] && grep -q "No request of the policy matches" "$TMP/out"
    verdict "route says when nothing matches" $? "$(cat "$TMP/out")"
    run --db "$DB" route
    [ "$rc" = 2 ]
    verdict "route without words is a usage error" $? "rc=$rc"
    run --db "$DB" route chômage
    [ "$rc" = 0 ] && grep -q '^1\. S’inscrire ou s’actualiser comme demandeur d’emploi' "$TMP/out" &&
        grep -q 'Answer: Partly here' "$TMP/out" && grep -q 'France Travail (partner 2, national)' "$TMP/out" &&
        grep -q 'Phone: 3949' "$TMP/out" && grep -q 'What to bring: Identifiant France Travail, CV' "$TMP/out"
    verdict "route shows the answer, the partner's card and what to bring" $? "$(cat "$TMP/out")"
    LANGUAGE= run --db "$DB" route chômage
    grep -q 'Réponse' "$TMP/out" && grep -q 'En partie ici' "$TMP/out" && grep -q 'Téléphone' "$TMP/out" && grep -q 'À apporter' "$TMP/out" && grep -q 'Téléphoner, Prendre un RDV en ligne' "$TMP/out"
    verdict "route in French" $? "$(cat "$TMP/out")"
}

test_partner_directory() {
    run --db "$DB" partner add --name "CAF de la Marne, accueil de Reims" --typology CAF \
        --category operateur_ou_organisme_en_charge --address "202 rue des Capucins" --postal-code 51100 \
        --commune Reims --phone "+33326000000" --email "accueil@caf51.example|rdv@caf51.example" \
        --hours "Mo-Fr 08:30-12:00,13:30-16:00; PH off" --access "walk_in|phone"
    local id; id=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(q "SELECT commune || ',' || postal_code || ',' || opening_hours FROM partner WHERE id = $id")" = "Reims,51100,Mo-Fr 08:30-12:00,13:30-16:00; PH off" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE entity = 'partner' AND action = 'create' AND entity_id = $id")" = 1 ]
    verdict "partner add records a local branch" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" partner show "$id"
    grep -q 'Hours: Mo-Fr 08:30-12:00,13:30-16:00; PH off (Open now, until 12:00)' "$TMP/out" &&
        grep -q 'How to reach them: Walk in, Phone' "$TMP/out" && grep -q 'Address: 202 rue des Capucins, 51100 Reims' "$TMP/out"
    verdict "partner show says whether it is open now" $? "$(cat "$TMP/out")"
    GUICHET_NOW="2026-03-17 12:30" run --db "$DB" partner show "$id" --format json
    /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert p["open_now"] is False and p["status"] == "Closed; opens today at 13:30", p' "$TMP/out"
    verdict "over lunch it is closed and says when it reopens" $? "$(cat "$TMP/out")"
    GUICHET_NOW="2026-05-01 10:00" run --db "$DB" partner show "$id"
    grep -q '(Closed; opens Monday at 8:30 – Fête du travail)' "$TMP/out"
    verdict "on a public holiday (PH off) it is closed, and says which" $? "$(cat "$TMP/out")"
    run --db "$DB" partner edit "$id" --notes "Sur rendez-vous le jeudi" --phone "+33326111111"
    [ "$rc" = 0 ] && [ "$(q "SELECT phone || ',' || notes || ',' || commune FROM partner WHERE id = $id")" = "+33326111111,Sur rendez-vous le jeudi,Reims" ]
    verdict "partner edit changes only the options given" $? "$(cat "$TMP/err")"
    local before; before=$(q "SELECT count(*) || '/' || coalesce(sum(length(coalesce(notes,''))), 0) FROM partner")
    for bad in "--postal-code 5110" "--typology CAFE" "--category caf" "--hours Mo_9h-12h" \
               "--email not-an-address" "--access fax" "--phone call-me"; do
        run --db "$DB" partner add --name "Essai" $bad
        [ "$rc" = 2 ] && grep -q -- "${bad%% *}" "$TMP/err"
        verdict "partner add refuses $bad" $? "rc=$rc $(cat "$TMP/err")"
    done
    run --db "$DB" partner edit "$id" --postal-code 123
    [ "$rc" = 2 ]
    verdict "partner edit refuses bad input" $? "rc=$rc"
    [ "$(q "SELECT count(*) || '/' || coalesce(sum(length(coalesce(notes,''))), 0) FROM partner")" = "$before" ]
    verdict "refused partner changes write nothing" $?
    run --db "$DB" partner show 999
    [ "$rc" = 2 ] && grep -q "partner 999 does not exist" "$TMP/err"
    verdict "an unknown partner is reported" $? "$(cat "$TMP/err")"
}

test_referrals() {
    "$GUICHET" --db "$DB" log --theme aide_aux_demarches_administratives --duration 30 >/dev/null
    local session; session=$(q "SELECT max(id) FROM help_session")
    run --db "$DB" referral add --request "le chomage" --session "$session" --method appointment \
        --contact-name "M. Diallo" --contact-phone "06 11 22 33 44" --consent --operator Camille
    local id=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(q "SELECT k.code || ',' || p.code || ',' || r.method || ',' || r.status || ',' || r.follow_up_on || ',' || r.contact_name || ',' || CASE WHEN r.consent_at IS NOT NULL THEN 1 ELSE 0 END FROM referral r JOIN request_kind k ON k.id = r.request_kind_id JOIN partner p ON p.id = r.partner_id WHERE r.id = $id")" = "emploi,france_travail,appointment,a_suivre,2026-03-27,M. Diallo,1" ] &&
        [ "$(q "SELECT oriented || ',' || orientation FROM help_session WHERE id = $session")" = "1,insertion_professionnelle" ]
    verdict "referral add: request found from the words, partner from the policy, follow-up in 10 days, session oriented" $? "$(cat "$TMP/out" "$TMP/err")"
    local before; before=$(q "SELECT count(*) FROM referral")
    run --db "$DB" referral add --request caf --contact-name "Mme X"
    [ "$rc" = 2 ] && grep -q "only with the person's consent" "$TMP/err"
    verdict "contact details need recorded consent" $? "$(cat "$TMP/err")"
    run --db "$DB" referral add --request "recette du gateau"
    [ "$rc" = 2 ] && grep -q "give --partner" "$TMP/err"
    verdict "a request the policy does not know needs a partner" $? "$(cat "$TMP/err")"
    run --db "$DB" referral add --request caf --partner 999
    [ "$rc" = 2 ] && grep -q "partner 999 does not exist" "$TMP/err"
    verdict "an unknown partner is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" referral add --request caf --session 999
    [ "$rc" = 2 ] && grep -q "session 999 does not exist" "$TMP/err"
    verdict "an unknown session is refused" $? "$(cat "$TMP/err")"
    run --db "$DB" referral add --request caf --follow-up 2026-03-01
    [ "$rc" = 2 ]
    verdict "a follow-up date in the past is refused" $? "rc=$rc"
    [ "$(q "SELECT count(*) FROM referral")" = "$before" ]
    verdict "refused referrals write nothing" $?
    g() { "$GUICHET" --db "$DB" "$@"; }
    local second; second=$(g referral add --request "recette du gateau" --partner 1 --follow-up 2026-04-10)
    GUICHET_NOW="2026-03-28 09:00" run --db "$DB" referral list --due --format csv
    [ "$rc" = 0 ] && [ "$(wc -l <"$TMP/out")" = 2 ] && grep -q "^$id,2026-03-17 10:00,S’inscrire" "$TMP/out"
    verdict "referral list --due shows those to follow up by today" $? "$(cat "$TMP/out")"
    run --db "$DB" referral update "$id" --status abouti
    [ "$rc" = 0 ] && [ "$(q "SELECT status || ',' || CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END FROM referral WHERE id = $id")" = "abouti,1" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE entity = 'referral' AND action = 'update' AND entity_id = $id")" = 1 ]
    verdict "referral update records the outcome, audited" $? "$(cat "$TMP/err")"
    run --db "$DB" referral update "$id" --status fini
    [ "$rc" = 2 ] && grep -q -- "--status" "$TMP/err"
    verdict "an unknown status is refused" $? "$(cat "$TMP/err")"
    GUICHET_NOW="2026-04-17 09:00" run --db "$DB" referral list --status sans_suite --format csv
    [ "$rc" = 0 ] && grep -q "^$second," "$TMP/out" && grep -q "now without outcome" "$TMP/err" &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'expire' AND entity_id = $second")" = 1 ]
    verdict "open referrals past 30 days become sans suite, in the audit log" $? "$(cat "$TMP/out" "$TMP/err")"
    g referral add --request caf >/dev/null
    local third; third=$(q "SELECT max(id) FROM referral")
    GUICHET_NOW="2026-03-17 10:00" g referral expire-after 45 2>/dev/null
    # Day 40: open with a 45-day limit (30 would have closed it); day 49: closed.
    GUICHET_NOW="2026-04-26 09:00" g referral list >/dev/null 2>&1
    [ "$(q "SELECT status FROM referral WHERE id = $third")" = a_suivre ] &&
        GUICHET_NOW="2026-05-05 09:00" g referral list >/dev/null 2>&1 &&
        [ "$(q "SELECT status FROM referral WHERE id = $third")" = sans_suite ]
    verdict "the expiry delay is configurable" $?
}

STANDARD="$(dirname "$0")/../../../shared/standards/mednum"

test_place_standard() {
    /usr/bin/python3 - "$STANDARD/schema.json" "$(dirname "$0")/../../data/mednum-fields.tsv" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))
ours = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8") if not l.startswith("#")]
theirs = [[f["name"], "1" if f.get("constraints", {}).get("required") else "0", f.get("type", "string"),
           str(f.get("constraints", {}).get("maxLength", 0)), f.get("constraints", {}).get("pattern", "")]
          for f in schema["fields"]]
assert ours == theirs, [(a, b) for a, b in zip(ours, theirs) if a != b][:3]
PY
    verdict "data/mednum-fields.tsv says what the standard's schema.json says" $?
    local db="$TMP/places.db"
    run --db "$db" partner import "$STANDARD/exemple-valide.csv"
    [ "$rc" = 0 ] && grep -q "Partners added: 1; updated: 0." "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT name || ',' || commune || ',' || typology || ',' || category || ',' || access_methods || ',' || pivot || ',' || latitude FROM partner WHERE mednum_id = 'structure-1'")" = "Anonymal,Reims,TIERS_LIEUX|ASSO,mediation_numerique,walk_in|phone,43493312300029,43.52609" ]
    verdict "the standard's own example file imports cleanly" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$db" partner import "$STANDARD/exemple-valide.csv"
    grep -q "Partners added: 0; updated: 1." "$TMP/out" && [ "$(sqlite3 "$db" "SELECT count(*) FROM partner WHERE name = 'Anonymal'")" = 1 ]
    verdict "importing again updates the same partner" $? "$(cat "$TMP/out")"
    "$GUICHET" --db "$db" partner export >"$TMP/export.csv" 2>/dev/null
    "$GUICHET" --db "$TMP/places2.db" partner import "$TMP/export.csv" >/dev/null &&
        "$GUICHET" --db "$TMP/places2.db" partner export >"$TMP/export2.csv" 2>/dev/null &&
        cmp -s "$TMP/export.csv" "$TMP/export2.csv" &&
        /usr/bin/python3 - "$STANDARD/exemple-valide.csv" "$TMP/export.csv" <<'PY'
import csv, sys
original = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
exported = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
assert len(original) == 1 and len(exported) == 1, (len(original), len(exported))
for key, value in original[0].items():
    assert exported[0][key] == value, (key, exported[0][key], value)
PY
    verdict "export then re-import gives the same partners, every field kept" $? "$(head -c 400 "$TMP/export.csv")"

    # A file with three bad lines among good ones: all refused, one message per bad line.
    /usr/bin/python3 - "$STANDARD/exemple-valide.csv" "$TMP/bad.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
fields = list(rows[0].keys())
good = dict(rows[0], id="ok-1", nom="Bon lieu")
postal = dict(rows[0], id="bad-2", code_postal="5110")
phone = dict(rows[0], id="bad-3", telephone="03 26 00 00")
noname = dict(rows[0], id="bad-4", nom="")
services = dict(rows[0], id="bad-5", services="Cours de cuisine")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    for r in (good, postal, phone, noname, services):
        w.writerow(r)
PY
    local before; before=$(sqlite3 "$db" "SELECT count(*) || '/' || coalesce(sum(length(name)), 0) FROM partner")
    run --db "$db" partner import "$TMP/bad.csv"
    [ "$rc" = 2 ] && grep -q '^record 3 (line 3), field code_postal: "5110" is not a postal code; expected 5 digits such as 51100' "$TMP/err" &&
        grep -q '^record 4 (line 4), field telephone: "03 26 00 00" is not a phone number; expected 10 digits such as 03 26 11 22 33' "$TMP/err" &&
        grep -q '^record 5 (line 5), field nom: required, but empty' "$TMP/err" &&
        grep -q '^record 6 (line 6), field services: "Cours de cuisine": not in the form the standard requires; expected one or more of these, separated by |: Aide aux démarches administratives; ' "$TMP/err" &&
        ! grep -q '^record 2' "$TMP/err" && grep -q '4 records are not valid: nothing was imported' "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) || '/' || coalesce(sum(length(name)), 0) FROM partner")" = "$before" ]
    verdict "invalid rows reject the whole import: line, field and why, nothing written" $? "$(cat "$TMP/err")"
    run --db "$db" partner import --dry-run "$TMP/export.csv"
    [ "$rc" = 0 ] && grep -q "Dry run, nothing was written. Partners to add: 0; to update: 1." "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'import'")" = 2 ]
    verdict "--dry-run reports without writing" $? "$(cat "$TMP/out" "$TMP/err")"
    { head -1 "$STANDARD/exemple-valide.csv" | sed 's/$/,couleur/'; } >"$TMP/extra.csv"
    run --db "$db" partner import "$TMP/extra.csv"
    [ "$rc" = 2 ] && grep -q 'field couleur: not a column of the standard' "$TMP/err"
    verdict "an unknown column is refused" $? "$(cat "$TMP/err")"
    printf '%s\n' "$(head -1 "$STANDARD/exemple-valide.csv")" >"$TMP/latin1.csv"
    tail -n +2 "$STANDARD/exemple-valide.csv" | sed $'s/Anonymal/Anonym\xe9al/' >>"$TMP/latin1.csv"
    run --db "$db" partner import "$TMP/latin1.csv"
    [ "$rc" = 2 ] && grep -q 'record 2 (line 2), field nom: not valid UTF-8 text' "$TMP/err"
    verdict "text that is not UTF-8 is refused with its line" $? "$(cat "$TMP/err")"
    run --db "$db" partner import "$TMP/nothing-here.csv"
    [ "$rc" = 1 ] && grep -q 'cannot read' "$TMP/err"
    verdict "a missing file is a clear failure" $? "$(cat "$TMP/err")"
}

# Opening hours (issue 17): a place imported with hours guichet does not understand keeps them
# verbatim and stays editable; comments are shown; Alsace-Moselle holidays by the postal code.
test_hours() {
    local db="$TMP/hours.db"
    /usr/bin/python3 - "$STANDARD/exemple-valide.csv" "$TMP/hours.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerow(dict(rows[0], id="odd-1", nom="Lieu aux horaires inconnus",
                    horaires="Mo-Fr sunrise-sunset"))
    w.writerow(dict(rows[0], id="rdv-2", nom="Lieu sur rendez-vous",
                    horaires='Mo-Fr 9:00-12:00, 14:00-17:00 "sur rendez-vous"'))
PY
    run --db "$db" partner import "$TMP/hours.csv"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT opening_hours FROM partner WHERE mednum_id = 'odd-1'")" = "Mo-Fr sunrise-sunset" ]
    verdict "hours: an import keeps hours guichet does not understand, verbatim" $? "$(cat "$TMP/out" "$TMP/err")"
    local odd; odd=$(sqlite3 "$db" "SELECT id FROM partner WHERE mednum_id = 'odd-1'")
    run --db "$db" partner edit "$odd" --phone "+33326111111"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT phone || ',' || opening_hours FROM partner WHERE id = $odd")" = "+33326111111,Mo-Fr sunrise-sunset" ]
    verdict "hours: such a partner stays editable, its hours untouched" $? "$(cat "$TMP/err")"
    run --db "$db" partner show "$odd"
    grep -q 'Hours: Mo-Fr sunrise-sunset (Not understood by guichet; open or closed: unknown)' "$TMP/out"
    verdict "hours: shown verbatim, said not understood, open or closed unknown" $? "$(cat "$TMP/out")"
    run --db "$db" partner show "$odd" --format json
    /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert p["open_now"] is None and p["hours_understood"] is False and p["status"] == "Not understood by guichet; open or closed: unknown" and p["hours_comment"] is None, p' "$TMP/out"
    verdict "hours: JSON says open_now null when the hours are not understood, with status and hours_comment" $? "$(cat "$TMP/out")"
    run --db "$db" partner edit "$odd" --hours "Mo-Fr sunrise-sunset"
    [ "$rc" != 0 ] && grep -q 'sunrise' "$TMP/err"
    verdict "hours: typed anew, hours that are not understood are refused, naming the part" $? "$(cat "$TMP/err")"
    run --db "$db" partner edit "$odd" --hours "du lundi au vendredi 9h-12h"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT opening_hours FROM partner WHERE id = $odd")" = "Mo-Fr 09:00-12:00" ]
    verdict "hours: --hours in French is stored in OpenStreetMap's syntax" $? "$(cat "$TMP/err")"
    local rdv; rdv=$(sqlite3 "$db" "SELECT id FROM partner WHERE mednum_id = 'rdv-2'")
    run --db "$db" partner show "$rdv"
    grep -q 'Open or closed: unknown – sur rendez-vous' "$TMP/out"
    verdict "hours: the comment is shown (sur rendez-vous)" $? "$(cat "$TMP/out")"
    # Good Friday 2027 (26 March): a holiday in Strasbourg (67), not in Reims (51).
    run --db "$db" partner add --name "Médiathèque de Strasbourg" --postal-code 67000 --commune Strasbourg \
        --hours "Mo-Sa 09:00-12:00; PH off"
    local strasbourg; strasbourg=$(cat "$TMP/out")
    run --db "$db" partner add --name "Médiathèque de Reims" --postal-code 51100 --commune Reims \
        --hours "Mo-Sa 09:00-12:00; PH off"
    local reims; reims=$(cat "$TMP/out")
    GUICHET_NOW="2027-03-26 10:00" run --db "$db" partner show "$strasbourg"
    grep -q '(Closed; opens tomorrow at 9:00 – Vendredi saint)' "$TMP/out"
    verdict "hours: Good Friday is a holiday in Alsace-Moselle (67)" $? "$(cat "$TMP/out")"
    GUICHET_NOW="2027-03-26 10:00" run --db "$db" partner show "$reims"
    grep -q '(Open now, until 12:00)' "$TMP/out"
    verdict "hours: Good Friday is not a holiday in Reims (51)" $? "$(cat "$TMP/out")"
    GUICHET_NOW="2026-05-01 10:00" run --db "$db" partner add --name "Rule order" --hours "PH off; Mo-Fr 09:00-17:00"
    local order; order=$(cat "$TMP/out")
    GUICHET_NOW="2026-05-01 10:00" run --db "$db" partner show "$order"
    grep -q '(Open now, until 17:00)' "$TMP/out"
    verdict "hours: the later rule wins (PH off; Mo-Fr 09:00-17:00 is open on a weekday holiday)" $? "$(cat "$TMP/out")"
    # JSON always carries open_now, status, hours_comment and hours_understood.
    run --db "$db" partner add --name "Sans horaires"
    local none; none=$(cat "$TMP/out")
    run --db "$db" partner show "$none" --format json
    /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert all(k in p and p[k] is None for k in ("open_now", "status", "hours_comment", "hours_understood")), p' "$TMP/out"
    verdict "hours: JSON without hours has the four fields, null" $? "$(cat "$TMP/out")"
    # An open end: its comment in the catalogue's language; its start is an opening.
    run --db "$db" partner add --name "Le soir" --hours "Mo-Fr 18:00+"
    local evening; evening=$(cat "$TMP/out")
    GUICHET_NOW="2026-12-02 19:00" LANGUAGE=fr run --db "$db" partner show "$evening" --format json
    /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); c=p["hours_comment"]; assert c and "Closing time" not in c and c == p["status"].split(" \u2013 ")[-1], p' "$TMP/out"
    verdict "hours: the open end's comment is French in French" $? "$(cat "$TMP/out")"
    GUICHET_NOW="2026-12-02 10:00" run --db "$db" partner show "$evening"
    grep -q '(Closed; opens today at 18:00)' "$TMP/out"
    verdict "hours: an open end's start is the next opening" $? "$(cat "$TMP/out")"
    # A seasonal closure: the next opening far away, with its date.
    run --db "$db" partner add --name "Fermé en août" --hours "Mo-Fr 09:00-17:00; Aug off"
    local august; august=$(cat "$TMP/out")
    GUICHET_NOW="2027-07-30 18:00" run --db "$db" partner show "$august"
    grep -q '(Closed; opens on Wednesday 1 September at 9:00)' "$TMP/out"
    verdict "hours: the next opening after a seasonal closure, with its date" $? "$(cat "$TMP/out")"
    # Overseas holidays by the postal code: 20 December in La Réunion (974), not in Reims.
    run --db "$db" partner add --name "Médiathèque de Saint-Denis" --postal-code 97400 \
        --commune Saint-Denis --hours "Mo-Fr 09:00-17:00; PH off"
    local reunion; reunion=$(cat "$TMP/out")
    GUICHET_NOW="2027-12-20 10:00" run --db "$db" partner show "$reunion"
    grep -q '(Closed; opens tomorrow at 9:00 – Abolition de l’esclavage)' "$TMP/out"
    verdict "hours: the abolition of slavery is a holiday in La Réunion (974)" $? "$(cat "$TMP/out")"
    # Refusals name the part in the syntax's terms.
    run --db "$db" partner add --name "Refusé" --hours "Feb 30 off"
    [ "$rc" = 2 ] && grep -q '"Feb 30": day out of range: February has 28 or 29 days' "$TMP/err"
    verdict "hours: Feb 30 is refused as a day out of range" $? "$(cat "$TMP/err")"
    run --db "$db" partner add --name "Refusé" --hours "PH +1 day off"
    [ "$rc" = 2 ] && grep -q '"+1 day": offsets of public holidays are not understood' "$TMP/err"
    verdict "hours: PH +1 day is refused naming the offset" $? "$(cat "$TMP/err")"
    run --db "$db" partner add --name "Refusé" --hours "10:00-12:00/01:00"
    [ "$rc" = 2 ] && grep -q '"/01:00": periods of time are not understood' "$TMP/err"
    verdict "hours: a period without a weekday is refused naming /01:00" $? "$(cat "$TMP/err")"
    run --db "$db" partner add --name "Refusé" --hours '"unclosed'
    [ "$rc" = 2 ] && grep -q 'opening hours ""unclosed": a comment is not closed by "' "$TMP/err"
    verdict "hours: an unclosed comment is refused with the hours around it" $? "$(cat "$TMP/err")"
    LANGUAGE=fr run --db "$db" partner add --name "Refusé" --hours "Apr 31 off"
    [ "$rc" = 2 ] && grep -q 'jour hors limites.*avril a 30 jours' "$TMP/err"
    verdict "hours: a month in a French message is named in French" $? "$(cat "$TMP/err")"
    # A date the year does not have is no day: never 1 March (as opening_hours.js).
    GUICHET_NOW="2027-03-01 11:00" run --db "$db" partner add --name "Bissextile" \
        --hours "2027 Feb 29 10:00-12:00"
    local leap; leap=$(cat "$TMP/out")
    GUICHET_NOW="2027-03-01 11:00" run --db "$db" partner show "$leap"
    [ "$rc" = 0 ] && grep -q 'Hours: 2027 Feb 29 10:00-12:00 (Closed)' "$TMP/out"
    verdict "hours: 2027 Feb 29 is no day, not 1 March" $? "$(cat "$TMP/out")"
    # A next opening a year away gives its year.
    run --db "$db" partner add --name "Noël" --hours "Dec 25 10:00-11:00"
    local xmas; xmas=$(cat "$TMP/out")
    GUICHET_NOW="2026-12-25 11:30" run --db "$db" partner show "$xmas"
    [ "$rc" = 0 ] && grep -q '(Closed; opens on Saturday 25 December 2027 at 10:00)' "$TMP/out"
    verdict "hours: a next opening a year away gives its year" $? "$(cat "$TMP/out")"
}

test_policy_csv() {
    local db="$TMP/policy.db"
    run --db "$db" policy export "$TMP/policy.csv"
    [ "$rc" = 0 ] && [ "$(head -1 "$TMP/policy.csv")" = $'code,label,keywords,answer,partner,theme,bring,staff_note\r' ] &&
        [ "$(wc -l <"$TMP/policy.csv")" = "$(( $(sqlite3 "$db" "SELECT count(*) FROM request_kind") + 1 ))" ] &&
        grep -q '^emploi,.*,partly,france_travail,' "$TMP/policy.csv"
    verdict "policy export writes one CSV row per request, partners by code" $? "$(head -3 "$TMP/policy.csv")"
    run --db "$db" policy export "$TMP/policy.csv"
    [ "$rc" = 1 ] && grep -q 'exists already' "$TMP/err"
    verdict "policy export never overwrites a file" $? "$(cat "$TMP/err")"
    local before
    before=$(sqlite3 "$db" "SELECT group_concat(code || label || keywords || answer || coalesce(CAST(partner_id AS TEXT), '') || '|') FROM (SELECT * FROM request_kind ORDER BY code) AS t")
    run --db "$db" policy import "$TMP/policy.csv"
    [ "$rc" = 0 ] && grep -q 'Requests added: 0; updated: 15.' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT group_concat(code || label || keywords || answer || coalesce(CAST(partner_id AS TEXT), '') || '|') FROM (SELECT * FROM request_kind ORDER BY code) AS t")" = "$before" ]
    verdict "export then import gives the same policy" $? "$(cat "$TMP/out" "$TMP/err")"
    local local_id
    local_id=$(sqlite3 "$db" "SELECT id FROM partner WHERE code = 'ccas'")
    printf 'label,code,answer,partner,keywords,theme\r\n"Cartes de bus",bus,redirect,%s,"bus, ticket, abonnement transport",\r\nAccès wifi,wifi_acces,here,,"wifi, code wifi",navigation_sur_internet\r\n' \
        "$local_id" >"$TMP/new.csv"
    run --db "$db" policy import --dry-run "$TMP/new.csv"
    [ "$rc" = 0 ] && grep -q 'Dry run, nothing was written. Requests to add: 2; to update: 0.' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM request_kind WHERE code IN ('bus', 'wifi_acces')")" = 0 ]
    verdict "policy import --dry-run reports without writing" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$db" policy import "$TMP/new.csv"
    [ "$rc" = 0 ] && grep -q 'Requests added: 2; updated: 0.' "$TMP/out"
    verdict "policy import adds new requests (columns in any order, partners by number)" $? "$(cat "$TMP/out" "$TMP/err")"
    DB=$db routes_to "abonnement de bus" ccas
    printf 'code,label,answer,partner,theme\r\nok_one,Fine,here,,\r\nno_partner,Sent,redirect,,\r\nno_label,,here,,\r\nodd,Odd,maybe,,\r\nghost,Ghost,redirect,nowhere,\r\nok_one,Again,here,,\r\nbad_theme,T,here,,courriel\r\n"Bad Code",X,here,,\r\n' >"$TMP/bad.csv"
    before=$(sqlite3 "$db" "SELECT count(*) || group_concat(label) FROM request_kind")
    run --db "$db" policy import "$TMP/bad.csv"
    [ "$rc" = 2 ] && grep -q '^line 3, field partner: a request sent elsewhere needs the partner' "$TMP/err" &&
        grep -q '^line 4, field label: ' "$TMP/err" && grep -q '^line 5, field answer: unknown code "maybe"' "$TMP/err" &&
        grep -q '^line 6, field partner: no partner has this code or number' "$TMP/err" &&
        grep -q '^line 7, field code: the same code as line 2' "$TMP/err" &&
        grep -q '^line 8, field theme: unknown code "courriel"' "$TMP/err" && grep -q '^line 9, field code: ' "$TMP/err" &&
        ! grep -q '^line 2' "$TMP/err" && grep -q '7 lines are not valid: nothing was imported' "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) || group_concat(label) FROM request_kind")" = "$before" ]
    verdict "invalid policy lines reject the whole import, one message each" $? "$(cat "$TMP/err")"
    printf 'code,libelle\r\n' >"$TMP/header.csv"
    run --db "$db" policy import "$TMP/header.csv"
    [ "$rc" = 2 ] && grep -q 'field libelle: not a column of the policy file' "$TMP/err" &&
        grep -q 'field answer: required column missing' "$TMP/err"
    verdict "a policy file with a wrong header is refused" $? "$(cat "$TMP/err")"
}

# A network's sites (migration 024): a library on its own keeps one directory and one policy,
# the network's; once there are two sites, each adds its own partners and its own answers beside
# the network's, sees the network's and its own, never another site's.
test_site_directories() {
    local db="$TMP/sites.db" csv
    run --db "$db" log --theme email --duration 10 --site "Centre"
    run --db "$db" partner add --name "Mairie du centre" --site Centre
    local alone=$(cat "$TMP/out")
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT coalesce(site_id, 0) FROM partner WHERE id = $alone")" = 0 ]
    verdict "a database of one site: a partner added for that site is the network's" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" partner list --site Nulle-part
    [ "$rc" = 2 ] && grep -q 'no site is called "Nulle-part"' "$TMP/err" && [ ! -s "$TMP/out" ]
    verdict "--site naming no site is refused (exit 2), nothing listed" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" sessions --site Centre
    [ "$rc" = 2 ] && grep -q 'unknown option' "$TMP/err"
    verdict "--site is refused by a command it does not scope" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" log --theme email --duration 10 --site "Annexe"
    run --db "$db" partner add --name "Mairie annexe" --commune Reims --site Annexe
    local annexe=$(cat "$TMP/out")
    run --db "$db" partner add --name "Centre social du centre" --site Centre
    local centre=$(cat "$TMP/out")
    [ "$(sqlite3 "$db" "SELECT s.name FROM partner p JOIN site s ON s.id = p.site_id WHERE p.id = $annexe")" = Annexe ] &&
        [ "$(sqlite3 "$db" "SELECT s.name FROM partner p JOIN site s ON s.id = p.site_id WHERE p.id = $centre")" = Centre ]
    verdict "in a network, a partner added with --site belongs to that site" $?
    run --db "$db" partner list --site Annexe --format csv
    csv=$(cat "$TMP/out")
    grep -q "^$annexe,,Mairie annexe," <<<"$csv" && grep -q "^$alone,,Mairie du centre," <<<"$csv" &&
        ! grep -q "^$centre," <<<"$csv" && grep -q ',caf,' <<<"$csv"
    verdict "a site's directory: the network's partners and its own, not another site's" $? "$csv"
    run --db "$db" partner list --format csv
    grep -q "^$annexe," "$TMP/out" && grep -q "^$centre," "$TMP/out"
    verdict "without --site, the directory lists every site's partners" $? "$(cat "$TMP/out")"
    run --db "$db" partner export --site Centre --format csv
    grep -q "^$centre," "$TMP/out" && ! grep -q "^$annexe," "$TMP/out"
    verdict "partner export --site: that site's directory" $? "$(cat "$TMP/out")"
    # A site's own answer to a request replaces the network's for that site only.
    printf 'code,label,keywords,answer,partner,theme,bring\r\ncaf,"CAF, à l’annexe","caf, allocs",redirect,%s,aide_aux_demarches_administratives,Numéro allocataire\r\nfablab,Fablab,"fablab, imprimante 3d",here,,,\r\n' "$annexe" >"$TMP/annexe.csv"
    run --db "$db" policy import "$TMP/annexe.csv" --site Annexe
    [ "$rc" = 0 ] && grep -q 'Requests added: 2; updated: 0.' "$TMP/out"
    verdict "policy import --site adds the site's own lines, the network's kept" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$db" route caf --site Annexe --format json
    local annexe_route=$(cat "$TMP/out")
    run --db "$db" route caf --site Centre --format json
    local centre_route=$(cat "$TMP/out")
    run --db "$db" route caf --format json
    /usr/bin/python3 - "$annexe_route" "$centre_route" "$(cat "$TMP/out")" "$annexe" <<'PYEOF'
import json, sys
annexe, centre, network = (json.loads(a)[0] for a in sys.argv[1:4])
assert annexe["answer"] == "redirect" and annexe["partner"]["id"] == int(sys.argv[4]), annexe
assert centre["answer"] == "partly" and centre["partner"]["code"] == "caf", centre
assert network == centre, (network, centre)
PYEOF
    verdict "route: a site's own answer for that site, the network's for the others and without --site" $?
    run --db "$db" route imprimante 3d --site Centre
    local centre_rc=$rc centre_out=$(cat "$TMP/out")
    run --db "$db" route imprimante 3d --site Annexe
    [ "$rc" = 0 ] && grep -q '^1. Fablab' "$TMP/out" && ! grep -q 'Fablab' <<<"$centre_out"
    verdict "a site's own request is that site's only" $? "$centre_rc $centre_out $(cat "$TMP/out")"
    run --db "$db" policy export --site Annexe
    local site_lines=$(grep -c . "$TMP/out")
    grep -q '^caf,"CAF, à l’annexe"' "$TMP/out" && ! grep -q '^caf,"RSA' "$TMP/out"
    local own=$?
    run --db "$db" policy export
    [ "$own" = 0 ] && [ "$site_lines" = $(($(grep -c . "$TMP/out") + 1)) ] &&
        grep -q '^caf,"RSA' "$TMP/out" && ! grep -q '^fablab,' "$TMP/out"
    verdict "policy export --site: the site's policy whole (its lines in the network's place); without, the network's" $? \
        "$site_lines $(head -c 600 "$TMP/out")"
    run --db "$db" policy import "$TMP/annexe.csv" --site Annexe
    [ "$rc" = 0 ] && grep -q 'Requests added: 0; updated: 2.' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM request_kind WHERE code = 'caf'")" = 2 ]
    verdict "importing a site's policy again updates its own lines" $? "$(cat "$TMP/out" "$TMP/err")"
    # A site's export of its policy imported again changes nothing: the network's lines stay
    # the network's, its own are updated.
    run --db "$db" policy export --site Annexe
    cp "$TMP/out" "$TMP/annexe-all.csv"
    run --db "$db" policy import "$TMP/annexe-all.csv" --site Annexe
    [ "$rc" = 0 ] && grep -q 'Requests added: 0; updated: 2.' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM request_kind WHERE site_id IS NOT NULL")" = 2 ]
    verdict "policy export --site, imported again with --site: the same policy, no line copied" $? "$(cat "$TMP/out" "$TMP/err")"
    # The network's policy names the network's partners; a site's, those and its own.
    printf 'code,label,answer,partner\r\nfuite,Fuite,redirect,%s\r\n' "$annexe" >"$TMP/leak.csv"
    run --db "$db" policy import "$TMP/leak.csv"
    [ "$rc" = 2 ] && grep -q "partner $annexe is in one site's directory" "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM request_kind WHERE code = 'fuite'")" = 0 ]
    verdict "the network's policy cannot name a site's partner" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" policy import "$TMP/leak.csv" --site Centre
    [ "$rc" = 2 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM request_kind WHERE code = 'fuite'")" = 0 ]
    verdict "a site's policy cannot name another site's partner" $? "rc=$rc $(cat "$TMP/err")"
    # An import changes its own directory's places only.
    run --db "$db" partner edit "$annexe" --address "1 rue de la Gare" --postal-code 51100 --siret 35600000000048
    run --db "$db" partner export --site Annexe
    sed 's/Mairie annexe/Piratée/' "$TMP/out" >"$TMP/annexe-places.csv"
    local before=$(sqlite3 "$db" "SELECT name FROM partner WHERE id = $annexe")
    run --db "$db" partner import "$TMP/annexe-places.csv" --site Centre
    [ "$rc" = 2 ] && grep -q 'is already in the directory of the site Annexe' "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT name FROM partner WHERE id = $annexe")" = "$before" ]
    verdict "partner import --site cannot change another site's places" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" partner import "$TMP/annexe-places.csv"
    [ "$rc" = 2 ] && grep -q 'is already in the directory of the site Annexe' "$TMP/err"
    verdict "the network's import cannot change a site's places either" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" partner import "$TMP/annexe-places.csv" --site Annexe
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT name FROM partner WHERE id = $annexe")" = "Piratée" ]
    verdict "a site's import updates its own places" $? "rc=$rc $(cat "$TMP/err")"
    # A referral is made at a site: its session's or its operator's, with that site's policy
    # and partners.
    local annexe_session
    annexe_session=$(sqlite3 "$db" "SELECT id FROM help_session WHERE site_id = (SELECT id FROM site WHERE name = 'Annexe') LIMIT 1")
    run --db "$db" referral add --request caf --session "$annexe_session"
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT partner_id FROM referral WHERE id = $(cat "$TMP/out")")" = "$annexe" ]
    verdict "referral add at a site's session follows that site's own answer" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" referral add --request fablab --session "$annexe_session" --partner "$annexe"
    [ "$rc" = 0 ]
    verdict "referral add finds a site's own request by its code" $? "rc=$rc $(cat "$TMP/err")"
    local before_refs=$(sqlite3 "$db" "SELECT count(*) FROM referral")
    run --db "$db" referral add --request caf --session "$annexe_session" --partner "$centre"
    [ "$rc" = 2 ] && grep -q "partner $centre is in another site's directory" "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM referral")" = "$before_refs" ]
    verdict "referral add refuses another site's partner, nothing written" $? "rc=$rc $(cat "$TMP/err")"
    # --site: once, not empty; no site is called "all".
    run --db "$db" route caf --site Annexe --site Centre
    [ "$rc" = 2 ] && grep -q -- '--site is given twice' "$TMP/err"
    verdict "--site given twice is refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" partner list --site ""
    [ "$rc" = 2 ] && grep -q -- '--site needs the name of a site' "$TMP/err"
    verdict "--site empty is refused" $? "rc=$rc $(cat "$TMP/err")"
    run --db "$db" log --theme email --duration 5 --site All
    [ "$rc" = 2 ] && grep -q 'a site cannot be called "All"' "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM site")" = 2 ]
    verdict "no site can be called \"all\", whatever its case" $? "rc=$rc $(cat "$TMP/err")"
    # The people a site's desk finds: booked at its workshops, or at one of no site, or nowhere;
    # the contacts of its referrals and of those of no site.
    local w1 w2 w3 s1
    w1=$("$GUICHET" --db "$db" workshop add --title "Courriel" --at "2027-05-03 10:00" --duration 60 --capacity 5 --site Centre) &&
        w2=$("$GUICHET" --db "$db" workshop add --title "Tablette" --at "2027-05-04 10:00" --duration 60 --capacity 5 --site Annexe) &&
        w3=$("$GUICHET" --db "$db" workshop add --title "Réseau" --at "2027-05-05 10:00" --duration 60 --capacity 5) &&
        "$GUICHET" --db "$db" workshop book "$w1" --name "Paul Trouvé" >/dev/null &&
        "$GUICHET" --db "$db" workshop book "$w2" --name "Paula Trouvé" >/dev/null &&
        "$GUICHET" --db "$db" workshop book "$w3" --name "Pierre Trouvé" >/dev/null &&
        s1=$("$GUICHET" --db "$db" log --theme email --duration 10 --site Annexe) &&
        "$GUICHET" --db "$db" referral add --request caf --session "$s1" --contact-name "Annie Trouvé" --contact-phone 0611223344 --consent >/dev/null 2>"$TMP/err" ||
        not_ok "setup of people at two sites" "$(cat "$TMP/err")"
    run --db "$db" person find trouve --site Centre --format csv
    local centre_found=$(cut -d, -f2 "$TMP/out" | sort | tr '\n' ' ')
    run --db "$db" person find trouve --site Annexe --format csv
    local annexe_found=$(cut -d, -f2 "$TMP/out" | sort | tr '\n' ' ')
    run --db "$db" person find trouve --format csv
    local all_found=$(cut -d, -f2 "$TMP/out" | sort | tr '\n' ' ')
    [ "$centre_found" = "Paul Trouvé Pierre Trouvé name " ] &&
        [ "$annexe_found" = "Annie Trouvé Paula Trouvé Pierre Trouvé name " ] &&
        [ "$all_found" = "Annie Trouvé Paul Trouvé Paula Trouvé Pierre Trouvé name " ]
    verdict "a site's desk finds its own people and contacts and the network's, never another site's" $? \
        "centre: $centre_found; annexe: $annexe_found; all: $all_found"
    run --db "$db" check
    verdict "check passes on a network's directories and policies" $? "$(cat "$TMP/out" "$TMP/err")"
}

# Migration 024 makes request_kind again (codes unique per site): on an older file, the
# referrals keep their request, the lines their numbers and order.
test_site_directories_migration() {
    file_engine_only "the migration of an older SQLite file" || return
    local old="$TMP/v1.db"
    sqlite3 "$old" <"$(dirname "$0")/../../data/migrations/001_schema.sql"
    sqlite3 "$old" "PRAGMA user_version = 1; INSERT INTO request_kind (id, code, label, answer, position)
        VALUES (7, 'ecrivain', 'Écrivain public', 'here', 3);
        INSERT INTO referral (referred_at, request_kind_id, method, status, created_at, updated_at)
        VALUES ('2026-03-01 10:00', 7, 'information', 'a_suivre', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z')"
    chmod 600 "$old"
    run --db "$old" referral list --format csv
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "SELECT request_kind_id FROM referral")" = 7 ] &&
        [ "$(sqlite3 "$old" "SELECT code || position || coalesce(site_id, '-') FROM request_kind WHERE id = 7")" = "ecrivain3-" ] &&
        [ "$(sqlite3 "$old" "PRAGMA foreign_keys; PRAGMA foreign_key_check")" = 0 ] &&
        "$GUICHET" --db "$old" check >/dev/null
    verdict "migration 024 keeps every referral's request and each line's number and place" $? \
        "rc=$rc $(sqlite3 "$old" "SELECT * FROM referral; SELECT id, code, site_id FROM request_kind WHERE id = 7") $(cat "$TMP/err")"
}

test_shipped_defaults
test_policy_csv
test_place_standard
test_routing
test_partner_directory
test_referrals
test_hours
test_site_directories
test_site_directories_migration
finish
