#!/usr/bin/env bash
# guichet and La Coop de la médiation numérique (the national activity report tool): its codes
# and French labels verbatim (against the copy of its enumerations in data/coop/), guichet's
# former age codes still accepted, migration 011 on a database that holds them, and the exports:
# `export activities` with every field, `export coop` in the Coop's "Accompagnements" layout.
# Usage: tests/cli/test-coop.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="the national tool's vocabulary and exports${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2028-03-17 10:00" HOME="$TMP/home"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DB="$TMP/c.db"
PY=/usr/bin/python3

test_vocabulary_is_the_coops() {
    # The codes of data/vocab.tsv, and the French labels guichet shows (its catalogue, read
    # through the binary), are the Coop's for every kind they share.
    LANGUAGE= run --db "$DB" themes --format csv
    [ "$rc" = 0 ] && "$PY" - "$ROOT/data/coop/enumerations.tsv" "$ROOT/data/vocab.tsv" "$TMP/out" <<'PYEOF'
import csv, sys
def tsv(path, n):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]
    return [r[:n] for r in rows]
coop = tsv(sys.argv[1], 3)
ours = tsv(sys.argv[2], 2)
shown = {(r["kind"], r["code"]): r["label"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8", newline=""))}
bad = []
for kind in dict.fromkeys(k for k, _, _ in coop):
    if kind == "yes_no":
        continue
    want = sorted(c for k, c, _ in coop if k == kind)
    have = sorted(c for k, c in ours if k == kind)
    if want != have:
        bad.append("codes of %s: %s, the Coop's %s" % (kind, have, want))
for kind, code, label in coop:
    if kind != "yes_no" and shown.get((kind, code)) != label:
        bad.append("%s %s shown as %r, the Coop writes %r" % (kind, code, shown.get((kind, code)), label))
if len(coop) < 70: bad.append("data/coop/enumerations.tsv holds only %d entries" % len(coop))
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
    verdict "data/vocab.tsv's codes and the French labels are the Coop's, verbatim" $? "$(cat "$TMP/err")"
}

test_both_spellings_accepted() {
    run --db "$DB" log --theme email --duration 15 --at "2028-03-01 09:00" --age 60_69
    local a=$rc
    run --db "$DB" log --theme email --duration 15 --at "2028-03-01 09:30" --age soixante_soixante_neuf
    local b=$rc
    run --db "$DB" log --theme email --duration 15 --at "2028-03-01 10:00" --age 12_17 --status retraite --gender feminin
    local c=$rc
    [ "$a$b$c" = 000 ] &&
        [ "$(sqlite3 "$DB" "SELECT replace(group_concat(age), ',', ' ') FROM (SELECT age FROM help_session ORDER BY id) AS a")" = \
            "soixante_soixante_neuf soixante_soixante_neuf douze_dix_huit" ]
    verdict "--age takes the Coop's codes and guichet's former ones, and stores the Coop's" $? \
        "rc=$a$b$c $(sqlite3 "$DB" "SELECT age FROM help_session")"
    run --db "$DB" log --theme email --duration 15 --age 99_plus
    [ "$rc" = 2 ] && grep -q 'soixante_dix_plus' "$TMP/err" && ! grep -q '70_plus' "$TMP/err"
    verdict "an unknown age code is refused, listing the Coop's codes only" $? "rc=$rc $(cat "$TMP/err")"
}

test_migration_011() {
    # An older database, made by the sqlite3 shell from migrations 001 to 005 (later ones call
    # the store's own SQL functions, and need not be runnable twice), with the age codes of that
    # time: the vocab rows guichet wrote then and four sessions (the per-day counts follow
    # through the triggers of 004). guichet runs 006 onwards, 011 among them.
    file_engine_only "an older SQLite file migrated" || return
    local old="$TMP/old.db"
    schema_5_database "$old" 2>"$TMP/why" || { not_ok "migration 011: building schema 5" "$(cat "$TMP/why")"; return; }
    sqlite3 "$old" "
        INSERT INTO vocab (kind, code, label, position) VALUES
            ('age', 'moins_12', 'Under 12', 0), ('age', '12_17', '12 - 17 years', 1),
            ('age', '18_24', '18 - 24 years', 2), ('age', '25_39', '25 - 39 years', 3),
            ('age', '40_59', '40 - 59 years', 4), ('age', '60_69', '60 - 69 years', 5),
            ('age', '70_plus', '70 and over', 6), ('age', 'non_communique', 'Not given', 7);
        INSERT INTO help_session (started_at, duration_min, age, created_at, updated_at) VALUES
            ('2028-03-01 10:00', 30, 'moins_12', '2028-03-01T09:00:00Z', '2028-03-01T09:00:00Z'),
            ('2028-03-02 10:00', 30, '70_plus', '2028-03-02T09:00:00Z', '2028-03-02T09:00:00Z'),
            ('2028-03-03 10:00', 30, '70_plus', '2028-03-03T09:00:00Z', '2028-03-03T09:00:00Z'),
            ('2028-03-04 11:00', 20, '40_59', '2028-03-04T10:00:00Z', '2028-03-04T10:00:00Z');
        INSERT INTO help_session_theme (session_id, theme)
            SELECT id, CASE id WHEN 4 THEN 'sante' ELSE 'email' END FROM help_session;" ||
        { not_ok "migration 011" "sqlite3 failed"; return; }
    [ "$(sqlite3 "$old" "SELECT sum(sessions) FROM session_tally WHERE dim = 'age' AND code = '70_plus'")" = 2 ] ||
        { not_ok "migration 011" "the old database was not built as expected"; return; }
    # check only reads, and takes the former codes of a file this guichet has not migrated yet.
    run --db "$old" check
    [ "$rc" = 0 ] && [ "$(sqlite3 "$old" "PRAGMA user_version")" = 5 ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM help_session WHERE age = '70_plus'")" = 2 ]
    verdict "check finds nothing wrong in a file older than migration 011, and leaves it as it is" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # Listing the sessions opens the database for writing, which migrates it.
    run --db "$old" sessions --format csv
    local listed=$rc
    grep -q 'soixante_dix_plus' "$TMP/out" && run --db "$old" check
    [ "$listed$rc" = 00 ] && [ "$(sqlite3 "$old" "PRAGMA user_version")" -ge 11 ] &&
        [ "$(sqlite3 "$old" "SELECT group_concat(age, ' ') FROM (SELECT age FROM help_session ORDER BY id)")" = \
            "moins_de_douze soixante_dix_plus soixante_dix_plus quarante_cinquante_neuf" ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM session_tally WHERE dim = 'age' AND code IN ('moins_12', '12_17', '18_24', '25_39', '40_59', '60_69', '70_plus')")" = 0 ] &&
        [ "$(sqlite3 "$old" "SELECT sum(sessions) FROM session_tally WHERE dim = 'age' AND code = 'soixante_dix_plus'")" = 2 ] &&
        [ "$(sqlite3 "$old" "SELECT count(*) FROM vocab WHERE kind = 'age' AND code = 'soixante_soixante_neuf'")" = 1 ]
    verdict "migration 011 rewrites the age codes of sessions, their counts and the vocab table" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(sqlite3 "$old" "SELECT age FROM help_session; SELECT * FROM session_tally WHERE dim = 'age'")"
    run --db "$old" report --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
got = {e["code"]: e["count"] for e in r["ages"] if e["count"]}
sys.exit(0 if got == {"moins_de_douze": 1, "soixante_dix_plus": 2, "quarante_cinquante_neuf": 1} else 1)' "$TMP/out"
    verdict "after migration 011 the report counts the age bands under the Coop's codes" $? "$(head -c 800 "$TMP/out")"
    # In a file this guichet has migrated, a former code is a problem (something wrote it since).
    sqlite3 "$old" "UPDATE help_session SET age = '70_plus' WHERE id = 1"
    run --db "$old" check
    [ "$rc" = 1 ] && grep -q '70_plus' "$TMP/out" "$TMP/err"
    verdict "check names a former code written into a file already migrated" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    sqlite3 "$old" "UPDATE help_session SET age = 'moins_de_douze' WHERE id = 1"
}

# A session with every field, and a held workshop with two named participants (one absent)
# and two walk-ins.
make_activities() {
    DB="$TMP/e.db"
    "$GUICHET" --db "$DB" log --theme aide_aux_demarches_administratives,email --demarche logement \
        --procedure "Demande APL" --duration 30 --at "2028-03-02 09:15" --age 60_69 --status retraite \
        --gender feminin --autonomy partiellement_autonome --material telephone,ordinateur \
        --redirect aide_sociale --note "Revenir, mardi" --operator Camille --site "Médiathèque" \
        --postal-code 51100 --already-helped yes >/dev/null
    "$GUICHET" --db "$DB" log --theme email --duration 15 --at "2028-03-05 16:00" >/dev/null
    GUICHET_NOW="2028-03-01 08:00" "$GUICHET" --db "$DB" workshop add --title "Premiers pas" \
        --at "2028-03-03 14:00" --duration 90 --capacity 8 --level debutant --theme email \
        --site "Médiathèque" --facilitator Camille --room "Salle 2" \
        --description "La souris, le clavier" >/dev/null
    local r1 r2
    r1=$("$GUICHET" --db "$DB" workshop book 1 --name "Alice Martin" --postal-code 51100 | cut -d' ' -f1)
    r2=$("$GUICHET" --db "$DB" workshop book 1 --name "Bruno Petit" | cut -d' ' -f1)
    local r3; r3=$("$GUICHET" --db "$DB" workshop book 1 --name "Chloé Roux" | cut -d' ' -f1)
    "$GUICHET" --db "$DB" workshop attend 1 --present "$r1,$r3" --absent "$r2" --walk-ins 2 >/dev/null
}

test_export_activities() {
    run --db "$DB" export activities --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && "$PY" - "$TMP/out" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
ok = [r["type_code"] for r in rows] == ["individuel", "collectif", "individuel"]
s, w = rows[0], rows[1]
ok = ok and s["number"] == "1" and s["procedure"] == "Demande APL" and s["age_code"] == "soixante_soixante_neuf"
ok = ok and s["age"] == "60 - 69 years" and s["status_code"] == "retraite" and s["gender_code"] == "feminin"
ok = ok and (s["postal_code"], s["commune"], s["insee"], s["already_helped"]) == ("51100", "Reims", "51454", "Yes")
ok = ok and (rows[2]["postal_code"], rows[2]["already_helped"]) == ("", "")
ok = ok and s["note"] == "Revenir, mardi" and s["oriented"] == "Yes" and rows[2]["oriented"] == "No"
ok = ok and s["orientation_code"] == "aide_sociale" and s["demarche_codes"] == "logement"
ok = ok and s["created_at"] == "2028-03-17T09:00:00Z" and s["updated_at"] == "2028-03-17T09:00:00Z"
ok = ok and s["date"] == "2028-03-02" and s["time"] == "09:15"
ok = ok and w["number"] == "1" and w["workshop_title"] == "Premiers pas" and w["level_code"] == "debutant"
ok = ok and w["participants"] == "4" and w["named_participants"] == "2" and w["anonymous_participants"] == "2"
ok = ok and w["oriented"] == "" and w["created_at"] == "2028-03-01T07:00:00Z" and w["operator"] == "Camille"
ok = ok and (w["room"], w["description"], w["capacity"], w["absent"], w["excused"]) == ("Salle 2", "La souris, le clavier", "8", "1", "0")
ok = ok and (s["room"], s["description"], s["capacity"], s["absent"]) == ("", "", "", "")
sys.exit(0 if ok else 1)
PYEOF
    verdict "export activities carries every field: number, title, room, description, capacity, level, procedure, public, note, Yes/No, times" $? "$(cat "$TMP/out" "$TMP/err")"
    LANGUAGE=fr run --db "$DB" export activities --from 2028-03-01 --to 2028-03-31
    [ "$rc" = 0 ] && "$PY" - "$TMP/out" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
s = rows[0]
sys.exit(0 if (s["oriented"], s["already_helped"], rows[2]["oriented"], s["age"]) == ("Oui", "Oui", "Non", "60 - 69 ans") else 1)
PYEOF
    verdict "export activities: Yes/No in the language of the labels (Oui/Non in French)" $? "$(head -3 "$TMP/out")"
    run --db "$DB" export activities --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && "$PY" -c '
import json, sys
rows = json.load(open(sys.argv[1]))
ok = len(rows) == 3 and rows[0]["theme_codes"] == ["email", "aide_aux_demarches_administratives"]
ok = ok and rows[0]["duration_min"] == 30 and rows[0]["number"] == 1 and rows[1]["level"] == "Beginner"
sys.exit(0 if ok else 1)' "$TMP/out"
    verdict "export activities --format json: one document, numbers as numbers, lists as arrays" $? "$(head -c 600 "$TMP/out")"
    run --db "$DB" export activities --format table
    [ "$rc" = 2 ] && [ ! -s "$TMP/out" ]
    verdict "export activities --format table is refused" $? "rc=$rc $(cat "$TMP/err")"
}

test_export_coop() {
    run --db "$DB" export coop --from 2028-03-01 --to 2028-03-31 --bom
    [ "$rc" = 0 ] && "$PY" - "$TMP/out" "$ROOT/data/coop/accompagnements-columns.tsv" <<'PYEOF'
import csv, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
want = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip() and not l.startswith("#")]
bad = []
if not raw.startswith(b"\xef\xbb\xbf"): bad.append("no BOM")
if rows[0] != want: bad.append("headers %r" % rows[0])
if len(want) != 29 or want[0] != "Date" or want[-1] != "ID CRA": bad.append("column file")
d = [dict(zip(rows[0], r)) for r in rows[1:]]
if [r["Type"] for r in d] != ["Accompagnement individuel"] + ["Atelier collectif"] * 4 + ["Accompagnement individuel"]:
    bad.append("types %r" % [r["Type"] for r in d])
else:
    s, w = d[0], d[1:5]
    if [r["Participants"] for r in w] != ["1/4", "2/4", "3/4", "4/4"]: bad.append("participants")
    if [r["Bénéficiaire"] for r in w] != ["Alice Martin", "Chloé Roux", "Bénéficiaire anonyme", "Bénéficiaire anonyme"]:
        bad.append("beneficiaries %r" % [r["Bénéficiaire"] for r in w])
    if {r["ID CRA"] for r in w} != {"collectif-1"} or s["ID CRA"] != "individuel-1": bad.append("ids")
    if s["Tranche d’âge du bénéficiaire"] != "60 - 69 ans" or s["Genre du bénéficiaire"] != "Féminin": bad.append("public")
    if d[5]["Tranche d’âge du bénéficiaire"] != "Non communiqué" or d[5]["Statut du bénéficiaire"] != "Non communiqué ou hétérogène": bad.append("not given")
    if s["Bénéficiaire réorienté"] != "Oui" or d[5]["Bénéficiaire réorienté"] != "Non" or w[0]["Bénéficiaire réorienté"] != "": bad.append("oui/non")
    if s["Structure de redirection"] != "Structure d’aide sociale (maison des solidarités, centre social…)": bad.append("redirection")
    if s["Thématique(s) d’accompagnement"] != "E-mail|Aide aux démarches administratives|Logement": bad.append("themes %r" % s["Thématique(s) d’accompagnement"])
    if s["Matériel numérique utilisé"] != "Ordinateur|Téléphone" or s["Canaux d’accompagnement"] != "Lieu d’activité": bad.append("material, place")
    if s["Niveau d’autonomie (ou de l’atelier)"] != "2/3" or w[0]["Niveau d’autonomie (ou de l’atelier)"] != "1/3": bad.append("stars")
    if s["Date"] != "2028-03-02" or s["Enregistré le"] != "2028-03-17T09:00:00Z" or s["Dernière modification le"] != "": bad.append("dates")
    if s["Notes supplémentaires"] != "Revenir, mardi" or s["Nom de la démarche administrative"] != "Demande APL": bad.append("note, procedure")
    if [r["Notes supplémentaires"] for r in w] != ["La souris, le clavier", "", "", ""]: bad.append("workshop note %r" % [r["Notes supplémentaires"] for r in w])
    if w[0]["Nom de l’atelier"] != "Premiers pas" or w[0]["Durée (min)"] != "90" or w[0]["Nom du lieu"] != "Médiathèque": bad.append("workshop")
    commune = [(r["Commune du bénéficiaire"], r["Code postal du bénéficiaire"], r["Code Insee du bénéficiaire"]) for r in d]
    if commune != [("Reims", "51100", "51454")] * 2 + [("", "", "")] * 4:
        bad.append("commune %r" % commune)
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
    verdict "export coop: the Coop's 29 headers in order, one row per participant, its labels and Oui/Non" $? "$(cat "$TMP/out" "$TMP/err")"
    LANGUAGE= run --db "$DB" export coop --from 2028-03-01 --to 2028-03-31 --format json
    local fr=$TMP/out.fr; cp "$TMP/out" "$fr"
    run --db "$DB" export coop --from 2028-03-01 --to 2028-03-31 --format json
    [ "$rc" = 0 ] && cmp -s "$fr" "$TMP/out" && "$PY" -c '
import json, sys
rows = json.load(open(sys.argv[1]))
sys.exit(0 if len(rows) == 6 and rows[0]["Durée (min)"] == 30 and rows[1]["Type"] == "Atelier collectif" else 1)' "$TMP/out"
    verdict "export coop writes the Coop's French whatever the interface's language; JSON too" $? "$(head -c 600 "$TMP/out")"
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'coop' OR detail LIKE 'coop %'")" -ge 1 ]
    verdict "export coop goes to the audit log" $? "$(sqlite3 "$DB" "SELECT * FROM audit ORDER BY id DESC LIMIT 3")"
}

# A person erased is no longer named by the export; their participation still counts.
test_export_coop_after_erasure() {
    local id
    id=$(sqlite3 "$DB" "SELECT id FROM participant WHERE name = 'Alice Martin'")
    run --db "$DB" person erase "$id"
    local erased=$rc
    run --db "$DB" export coop --from 2028-03-01 --to 2028-03-31
    [ "$erased$rc" = 00 ] && ! grep -q 'Alice' "$TMP/out" && [ "$(grep -c 'Atelier collectif' "$TMP/out")" = 4 ] &&
        grep -q 'Chloé Roux' "$TMP/out"
    verdict "export coop after an erasure: the person is no longer named, their participation stays" $?         "rc=$erased$rc $(cat "$TMP/out" "$TMP/err")"
}

test_vocabulary_is_the_coops
test_both_spellings_accepted
test_migration_011
make_activities
test_export_activities
test_export_coop
test_export_coop_after_erasure
finish
