#!/usr/bin/env bash
# Personal data (domain.md §6) on the command line: retention settings, purge (dry run and
# real), a person's export and erasure down to the bytes of the database files, and an audit
# log that records who exported or erased what without copying personal data.
# Usage: tests/cli/test-privacy.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="personal data${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DB="$TMP/p.db"

q() { sqlite3 "$DB" "$1"; }
# at TIME ARGS…: guichet as if it were TIME.
at() {
    local now=$1
    shift
    GUICHET_NOW="$now" "$GUICHET" --db "$DB" "$@" >/dev/null 2>"$TMP/setup-err" ||
        { echo "setup failed: guichet $* ($(cat "$TMP/setup-err"))"; return 1; }
}
# in_files TEXT: how many of the database's files (database, log) still hold TEXT's bytes.
in_files() {
    local n=0 f
    for f in "$DB" "$DB-wal"; do
        [ -f "$f" ] && grep -qaF -- "$1" "$f" && n=$((n + 1))
    done
    echo "$n"
}

# Zéphyrine came to a workshop in January 2025 and was sent to the CAF (closed); Anatole came
# then too but has booked a workshop to come; Bertrand has an open referral and a booking.
setup() {
    at "2025-01-10 10:00" workshop add --title "Courriel" --at "2025-01-15 14:00" --duration 90 --capacity 8 &&
        at "2025-01-10 10:05" workshop book 1 --name "Zéphyrine Oublié" --phone "06 11 22 33 44" &&
        at "2025-01-10 10:06" workshop book 1 --name "Anatole Récent" &&
        at "2025-01-15 16:00" workshop attend 1 --present 1,2 &&
        at "2025-01-16 10:00" referral add --request caf --contact-name "Zéphyrine Oublié" \
            --contact-phone "06 11 22 33 44" --consent &&
        at "2025-01-20 10:00" referral update 1 --status abouti &&
        at "2026-03-01 10:00" workshop add --title "Tablette" --at "2026-04-02 10:00" --duration 90 --capacity 8 &&
        at "2026-03-01 10:05" workshop book 2 --name "Anatole Récent" &&
        at "2026-03-01 10:10" referral add --request caf --contact-name "Bertrand Actif" \
            --contact-phone "06 99 88 77 66" --consent &&
        at "2026-03-02 10:00" workshop book 2 --name "Bertrand Actif" --phone "06.99.88.77.66"
}

test_retention() {
    run --db "$DB" retention
    [ "$rc" = 0 ] && grep -q '12 months after their last workshop or appointment' "$TMP/out" &&
        grep -q 'Referral contacts: 3 months' "$TMP/out" && grep -q 'Audit entries: 12 months' "$TMP/out"
    verdict "retention shows the defaults of domain.md §6" $? "$(cat "$TMP/out" "$TMP/err")"
    local bad ok_all=0
    for bad in "--participants 0" "--contacts 121" "--audit douze" "--audit -3"; do
        run --db "$DB" retention $bad
        [ "$rc" = 2 ] || ok_all=1
    done
    [ "$ok_all" = 0 ] && [ "$(q "SELECT count(*) FROM setting WHERE key LIKE 'retention_%'")" = 0 ]
    verdict "retention refuses 0, more than 120, words and negatives; nothing saved" $? "$(cat "$TMP/err")"
    run --db "$DB" retention --audit 24
    [ "$rc" = 0 ] && grep -q 'Audit entries: 24 months' "$TMP/out" &&
        grep -q '12 months after their last workshop or appointment' "$TMP/out"
    verdict "retention changes one setting, keeping the others" $? "$(cat "$TMP/out" "$TMP/err")"
    "$GUICHET" --db "$DB" retention --audit 12 >/dev/null
}

test_purge() {
    local old_audit before
    old_audit=$(q "SELECT count(*) FROM audit WHERE at < '2025-03-17'")
    before=$(q "SELECT count(*) FROM participant WHERE name IS NOT NULL")
    run --db "$DB" purge --dry-run
    [ "$rc" = 0 ] && grep -q 'would be erased' "$TMP/out" && grep -q "^  1 participant's name" "$TMP/out" &&
        grep -q '^  1 referral contact (' "$TMP/out" && grep -q "^  $old_audit audit entries" "$TMP/out" &&
        [ "$old_audit" -gt 0 ] && [ "$(q "SELECT count(*) FROM participant WHERE name IS NOT NULL")" = "$before" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE at < '2025-03-17'")" = "$old_audit" ]
    verdict "purge --dry-run counts what is past retention and changes nothing" $? "$(cat "$TMP/out" "$TMP/err")"

    run --db "$DB" purge
    [ "$rc" = 0 ] &&
        [ "$(q "SELECT CASE WHEN name IS NULL AND phone IS NULL AND erased_at IS NOT NULL THEN 1 ELSE 0 END
               FROM participant WHERE id = 1")" = 1 ] &&
        [ "$(q "SELECT name FROM participant WHERE id = 2")" = "Anatole Récent" ] &&
        [ "$(q "SELECT count(*) FROM registration")" = 4 ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE participant_id = 1 AND state = 'attended'")" = 1 ] &&
        [ "$(q "SELECT CASE WHEN contact_name IS NULL AND contact_phone IS NULL AND consent_at IS NULL THEN 1 ELSE 0 END
               FROM referral WHERE id = 1")" = 1 ] &&
        [ "$(q "SELECT contact_name FROM referral WHERE id = 2")" = "Bertrand Actif" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE at < '2025-03-17'")" = 0 ]
    verdict "purge erases identities and contacts past retention, keeps the rest and the counts" $? \
        "$(cat "$TMP/out" "$TMP/err")"
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'purge' AND detail = 'participants=1 contacts=1 audit=$old_audit expired=0'")" = 1 ]
    verdict "the purge is in the audit log with its counts" $? "$(q "SELECT * FROM audit WHERE action = 'purge'")"
    test_purged_bytes
    run --db "$DB" person find "zéphyrine"
    [ "$rc" = 0 ] && ! grep -q 'Oubli' "$TMP/out"
    verdict "an erased person is no longer found" $? "$(cat "$TMP/out")"
    run --db "$DB" purge
    [ "$rc" = 0 ] && grep -q '^  0 participants' "$TMP/out" && grep -q '^  0 referral contacts' "$TMP/out"
    verdict "a second purge finds nothing more" $? "$(cat "$TMP/out")"
}

# The bytes of the database file and its log, after the purge.
test_purged_bytes() {
    file_engine_only "the erased name and phone are in neither the database file nor its log" || return
    [ "$(in_files "Zéphyrine")" = 0 ] && [ "$(in_files "zephyrine")" = 0 ] && [ "$(in_files "06 11 22 33 44")" = 0 ] &&
        [ "$(in_files "Anatole")" != 0 ]
    verdict "the erased name and phone are in neither the database file nor its log" $? \
        "name: $(in_files "Zéphyrine"), folded: $(in_files zephyrine), phone: $(in_files "06 11 22 33 44")"
}

test_person_find() {
    run --db "$DB" person find "anatole rec"
    [ "$rc" = 0 ] && grep -Eq '^ +2 +Anatole Récent' "$TMP/out"
    verdict "person find by the start of words, accents ignored" $? "$(cat "$TMP/out" "$TMP/err")"
}

test_person_export() {
    run --db "$DB" person export 2
    [ "$rc" = 0 ] && /usr/bin/python3 - "$TMP/out" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["person"][0]["name"] == "Anatole Récent", r["person"]
titles = sorted(g["title"] for g in r["registrations"])
assert titles == ["Courriel", "Tablette"], titles
assert any(a["action"] == "book" and a["entity"] == "registration" for a in r["audit"]), r["audit"]
PYEOF
    verdict "person export gives identity, registrations and audit entries as JSON" $? "$(head -c 800 "$TMP/out")"
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'participant' AND entity_id = 2")" = 1 ]
    verdict "the export is recorded in the audit log" $? "$(q "SELECT * FROM audit WHERE action = 'export'")"
    run --db "$DB" person export 3 --format text
    [ "$rc" = 0 ] && grep -q '^Workshop registrations' "$TMP/out" && grep -q '^Referrals' "$TMP/out" &&
        grep -q 'contact_name: Bertrand Actif' "$TMP/out"
    verdict "the text export lists the referrals made in the person's name or with their phone" $? "$(cat "$TMP/out")"
    run --db "$DB" person export 99
    [ "$rc" = 2 ] && grep -q 'person 99 does not exist' "$TMP/err"
    verdict "an unknown person is refused" $? "rc=$rc $(cat "$TMP/err")"
}

test_person_erase() {
    run --db "$DB" person erase 3
    [ "$rc" = 0 ] && grep -q 'contact of 1 referral\.' "$TMP/out" &&
        ! grep -q "Also erased from" "$TMP/out" &&
        [ "$(q "SELECT CASE WHEN name IS NULL AND phone IS NULL THEN 1 ELSE 0 END FROM participant WHERE id = 3")" = 1 ] &&
        [ "$(q "SELECT CASE WHEN contact_name IS NULL AND contact_phone IS NULL THEN 1 ELSE 0 END
                   FROM referral WHERE id = 2")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE participant_id = 3")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'erase' AND entity_id = 3 AND detail = 'people=1 referrals=1 texts=0'")" = 1 ]
    verdict "person erase removes identity and referral contact, keeps the registration, audits it" $? \
        "$(cat "$TMP/out" "$TMP/err")"
    [ "$(in_files "Bertrand")" = 0 ] && [ "$(in_files "bertrand")" = 0 ] && [ "$(in_files "06 99 88 77 66")" = 0 ] &&
        [ "$(in_files "06.99.88.77.66")" = 0 ]
    verdict "the erased person's name and phones are nowhere in the files" $? \
        "Bertrand: $(in_files Bertrand), folded: $(in_files bertrand)"
    "$GUICHET" --db "$DB" check >/dev/null
    verdict "the database is sound after erasing" $? "$("$GUICHET" --db "$DB" check 2>&1)"
    run --db "$DB" person erase 42
    [ "$rc" = 2 ] && grep -q 'person 42 does not exist' "$TMP/err"
    verdict "erasing an unknown person is refused" $? "rc=$rc $(cat "$TMP/err")"
}

# Refused as a command line, before any database: on both engines.
test_person_erase_not_a_number() {
    run --db "$DB" person erase abc
    [ "$rc" = 2 ]
    verdict "a person number that is not a number is refused" $? "rc=$rc $(cat "$TMP/err")"
}

test_audit_has_no_personal_data() {
    run --db "$DB" report --format json
    run --db "$DB" export activities
    [ "$(q "SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'report' AND detail = 'report 2026-03-01..2026-03-31'")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'activities'")" = 1 ]
    verdict "reports and activity exports are recorded in the audit log" $? "$(q "SELECT * FROM audit WHERE action = 'export'")"
    ! q "SELECT * FROM audit" | grep -qi 'anatole\|zéphyrine\|bertrand\|06 '
    verdict "the audit log holds no name or phone" $? "$(q "SELECT * FROM audit")"
}

setup || { not_ok "personal data: setting up" "$(cat "$TMP/setup-err")"; finish; exit; }
test_retention
test_purge
test_person_find
test_person_export
test_person_erase
test_person_erase_not_a_number
test_audit_has_no_personal_data
finish
