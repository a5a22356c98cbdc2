#!/usr/bin/env bash
# A person's erasure as the person would check it (issue 14): one person booked, referred and
# written about in every way the program allows (phone spellings, accents NFC and NFD, capitals,
# a zero-width space, their name and number in a note and a request), backed up, restored, then
# erased. Every file under the database's folder and the backup folder is scanned for the name,
# the phone in any spelling and the e-mail: zero hits, also after restoring the pre-erase backup.
# Then: an erasure while another process holds a read transaction, copies that cannot be cleaned,
# restore copies that rotate, and purge with overdue referrals.
# Usage: tests/cli/test-erasure.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="erasure${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DIR="$TMP/desk"
DB="$DIR/g.db"
ELSEWHERE="$TMP/elsewhere"
mkdir -p "$DIR" "$ELSEWHERE"

q() { sqlite3 "$DB" "$1"; }
g() { "$GUICHET" --db "$DB" "$@" >"$TMP/setup-out" 2>"$TMP/setup-err" ||
    { echo "setup failed: guichet $* ($(cat "$TMP/setup-err"))"; return 1; }; }

NFD_NAME=$(printf 'Zoe\xcc\x81 Martin')
ZW_NAME=$(printf 'Zo\xe2\x80\x8b\xc3\xa9 Martin')
# Every spelling of Zoé Martin's identity that must be gone from every file.
TRACES=("Zoé Martin" "ZOÉ MARTIN" "zoé martin" "$NFD_NAME" "Martin Zoé" "MARTIN Zoé" "zoe martin"
        "Zoe Martin" "martin zoe" "Zoé" "zoe" "0612345678" "06 12 34 56 78" "06.12.34.56.78"
        "+33612345678" "33612345678" "612345678" "zoe.martin@example.org" "Zoe.Martin@Example.ORG")
# traces DIR…: the spellings still found in the files under DIR… (case-insensitive), one per line.
traces() {
    local t
    for t in "${TRACES[@]}"; do
        grep -rlaiF -- "$t" "$@" 2>/dev/null | sed "s|^|$t in |"
    done
}

# How many of the person's words the sessions' search index (migration 016) holds as terms.
index_terms() {
    sqlite3 "$DB" "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, session_search, row);
        SELECT count(*) FROM temp.terms WHERE term IN ('zoe', 'martin', '0612345678')"
}

setup() {
    g workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 &&
        g workshop add --title "Tablette" --at "2026-04-09 14:00" --duration 90 --capacity 1 &&
        g workshop book 1 --name "Zoé Martin" --phone 0612345678 &&
        g workshop book 2 --name "Someone Else" &&
        g workshop book 2 --name "$NFD_NAME" --phone "+33 6 12 34 56 78" --email "Zoe.Martin@Example.ORG" &&
        g referral add --request caf --contact-name "ZOÉ MARTIN" --contact-phone "06.12.34.56.78" --consent &&
        g referral add --request "aider zoé martin pour son dossier" --partner 1 &&
        g log --theme email --duration 15 --note "Rappeler Zoé Martin au 06 12 34 56 78 ou zoe.martin@example.org" &&
        g log --theme email --duration 15 --note "MARTIN Zoé a compris, numéro 0612345678." &&
        g log --theme email --duration 20 --note "Atelier sans nom" &&
        g log --theme aide_aux_demarches_administratives --duration 30 --procedure "CAF de $ZW_NAME" --note "ok"
}

test_one_person() {
    [ "$(q "SELECT count(*) FROM participant WHERE name_fold = 'zoe martin'")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM participant WHERE phone = '+33612345678'")" = 1 ]
    verdict "one person, one record: the spellings of a phone, NFD and capitals find the same person" $? \
        "$(q "SELECT * FROM participant")"
}

test_homonym_stays() {
    local db="$TMP/homonym/g.db"
    mkdir -p "$TMP/homonym"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone "06 99 99 99 99" >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Zoé Martin au 06 99 99 99 99" >/dev/null ||
        { not_ok "setup for homonyms"; return; }
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT phone FROM participant WHERE name IS NOT NULL")" = "+33699999999" ] &&
        [ "$(sqlite3 "$db" "SELECT note FROM help_session")" = "[effacé] au 06 99 99 99 99" ]
    verdict "a homonym with another phone is someone else: their record and number stay" $? \
        "rc=$rc $(cat "$TMP/err") $(sqlite3 "$db" "SELECT * FROM participant; SELECT note FROM help_session")"
}

test_export_everything() {
    run --db "$DB" person export 1
    python3 - "$TMP/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["id"] for p in d["person"]] == ["1"], d["person"]
# Kept as every address is (person_normalise_email): the domain lower-cased, the name as typed.
assert d["person"][0]["email"] == "Zoe.Martin@example.org", d["person"]
assert len(d["registrations"]) == 2, d["registrations"]
assert len(d["referrals"]) == 2, d["referrals"]
notes = sorted((s["note"] or "") + "|" + (s["procedure_name"] or "") for s in d["sessions"])
assert len(notes) == 3 and not any("sans nom" in n for n in notes), notes
EOF
    verdict "person export lists their records, registrations, referrals (in their name or mentioning them) and the sessions whose note or procedure names them" $? \
        "$(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" person export 1 --format csv
    python3 - "$TMP/out" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["section", "record", "field", "value"], rows[0]
sections = {r[0] for r in rows[1:]}
assert {"person", "registrations", "referrals", "sessions", "audit"} <= sections, sections
assert any(r[0] == "sessions" and "06 12 34 56 78" in r[3] for r in rows), rows
EOF
    verdict "person export --format csv: section, record, field, value, every section" $? "$(head -c 2000 "$TMP/out")"
    run --db "$DB" person export 1 --format text
    [ "$rc" = 0 ] && grep -q '^Help sessions mentioning them' "$TMP/out"
    verdict "person export --format text has the sessions" $? "$(cat "$TMP/out" "$TMP/err")"
}

test_erase_everywhere() {
    file_engine_only "a person erased everywhere: database, backups, restore copies, parts, search index" || return
    g backup && g backup "$ELSEWHERE/pre-erase.db" &&
        g restore "$ELSEWHERE/pre-erase.db" || { not_ok "backup and restore for the erasure"; return; }
    # A backup killed in the middle: its part holds the person.
    cp "$DB" "$DIR/backups/g-2026-03-18.db.part999999"
    [ -n "$(traces "$DIR")" ] && ls "$DIR" | grep -q 'before-restore'
    verdict "before the erasure, the person is in the database, a backup, a restore copy and a part" $? "$(ls -R "$DIR")"

    # The history's index of typed texts (migration 016) holds the words of the notes, folded.
    [ "$(index_terms)" = 3 ]
    verdict "before the erasure, the sessions' search index holds the name and the phone" $? "$(index_terms)"

    run --db "$DB" person erase 1
    [ "$rc" = 0 ] && grep -q '^Person 1 erased: 1 record of theirs' "$TMP/out" &&
        grep -q 'contact of 1 referral\.' "$TMP/out" &&
        grep -q 'in 4 notes or procedures' "$TMP/out" &&
        grep -q 'Also erased from 2 copies guichet keeps' "$TMP/out" &&
        grep -q '1 partial copy left by an interrupted backup was removed' "$TMP/out"
    verdict "person erase says what it erased: the record, a contact, four texts, two copies, a part" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    local left
    left=$(traces "$DIR")
    [ -z "$left" ]
    verdict "no file under the database's folder or the backups holds the name (NFC, NFD, any case, either order), the phone in any spelling or the e-mail" $? "$left"

    [ "$(index_terms)" = 0 ] && [ "$(q "INSERT INTO session_search (session_search, rank) VALUES ('integrity-check', 1)" 2>&1)" = "" ]
    verdict "the sessions' search index no longer holds them, and still agrees with the notes" $? "$(index_terms)"

    [ "$(q "SELECT name FROM participant WHERE id = 2")" = "Someone Else" ] &&
        [ "$(q "SELECT count(*) FROM registration WHERE participant_id = 1")" = 2 ] &&
        [ "$(q "SELECT note FROM help_session WHERE id = 1")" = "Rappeler [effacé] au [effacé] ou [effacé]" ] &&
        [ "$(q "SELECT note FROM help_session WHERE id = 2")" = "[effacé] a compris, numéro [effacé]." ] &&
        [ "$(q "SELECT procedure_name FROM help_session WHERE id = 4")" = "CAF de [effacé]" ] &&
        [ "$(q "SELECT need FROM referral WHERE id = 2")" = "aider [effacé] pour son dossier" ]
    verdict "others stay; registrations stay, anonymous; notes keep all but the person" $? \
        "$(q "SELECT id, name FROM participant; SELECT id, note, procedure_name FROM help_session; SELECT id, need FROM referral")"
    [ "$(q "SELECT count(*) FROM erasure WHERE person_id = 1 AND files_at IS NOT NULL")" = 1 ] &&
        [ "$(q "SELECT count(*) FROM erasure_mark")" -ge 5 ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'erase' AND entity_id = 1 AND detail = 'people=1 referrals=1 texts=4'")" = 1 ]
    verdict "the erasure register holds marks, not names, and the erasure is audited" $? "$(q "SELECT * FROM erasure; SELECT * FROM audit WHERE action = 'erase'")"

    run --db "$DB" restore "$ELSEWHERE/pre-erase.db"
    left=$(traces "$DIR")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ "$(q "SELECT count(*) FROM participant WHERE name_fold = 'zoe martin'")" = 0 ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE action = 'erase' AND entity = 'restore'")" = 1 ]
    verdict "restoring the pre-erase backup does not bring the person back" $? \
        "rc=$rc $left $(cat "$TMP/err")"

    run --db "$DB" person erase 1
    [ "$rc" = 0 ] && grep -q 'had been erased before' "$TMP/out"
    verdict "erasing again says it had been done and finishes what was left" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    run --db "$DB" person erase 99
    [ "$rc" = 2 ] && grep -q 'person 99 does not exist' "$TMP/err"
    verdict "an unknown person is refused (exit 2)" $? "rc=$rc $(cat "$TMP/err")"
}

test_erase_while_reading() {
    file_engine_only "an erasure held back by another process's reading" || return
    local db2="$TMP/reader/r.db"
    mkdir -p "$TMP/reader"
    "$GUICHET" --db "$db2" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db2" workshop book 1 --name "Zoé Martin" --phone 0612345678 --email zoe.martin@example.org >/dev/null &&
        "$GUICHET" --db "$db2" workshop book 1 --name "Yves Lent" --phone 0611111111 >/dev/null ||
        { not_ok "setup for erasing while reading"; return; }
    start_reader "$db2"
    "$GUICHET" --db "$db2" person erase 1 --wait 1 >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 3 ] && ! grep -q 'erased:' "$TMP/out" && grep -q 'not completely erased yet' "$TMP/out" &&
        grep -q 'another desk is still reading' "$TMP/err" &&
        [ "$(sqlite3 "$db2" "SELECT count(*) FROM erasure WHERE files_at IS NULL")" = 1 ]
    verdict "an erasure held back by another process's reading says so, exit 3, never 'erased'" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    "$GUICHET" --db "$db2" check >"$TMP/out" 2>&1
    rc=$?
    [ "$rc" = 3 ] && grep -q 'erasure of person 1 is not finished' "$TMP/out" &&
        grep -q 'The database is sound, but 1 erasure is not finished' "$TMP/out" && ! grep -q 'restore it' "$TMP/out"
    verdict "check reports an erasure that is not finished as work left, not damage (exit 3)" $? "rc=$rc $(cat "$TMP/out")"
    touch "$TMP/release"
    wait "$READER"
    # The reader gone, its last connection folded the log in: the files hold no one any more.
    "$GUICHET" --db "$db2" check >"$TMP/out" 2>&1
    rc=$?
    [ "$rc" = 0 ] && ! grep -q 'not finished' "$TMP/out" &&
        [ "$(sqlite3 "$db2" "SELECT count(*) FROM erasure WHERE files_at IS NULL")" = 1 ]
    verdict "once the log is folded in, check no longer says the erasure's files are unfinished" $? \
        "rc=$rc $(cat "$TMP/out"; ls -la "$(dirname "$db2")")"
    "$GUICHET" --db "$db2" workshop list >/dev/null 2>&1
    local left
    left=$(traces "$TMP/reader")
    [ -z "$left" ] && [ "$(sqlite3 "$db2" "SELECT count(*) FROM erasure WHERE files_at IS NULL")" = 0 ] &&
        [ "$(sqlite3 "$db2" "SELECT count(*) FROM audit WHERE action = 'erase' AND detail = 'files'")" = 1 ]
    local finished=$?
    "$GUICHET" --db "$db2" check >/dev/null 2>&1 || { left="$left; check still reports it"; finished=1; }
    [ "$finished" = 0 ]
    verdict "once the reader is gone, the next command finishes the erasure in the files and audits it" $? \
        "$left $(sqlite3 "$db2" "SELECT * FROM erasure; SELECT * FROM audit")"

    # The reader stops while the erasure waits: then it completes.
    start_reader "$db2"
    "$GUICHET" --db "$db2" person erase 2 --wait 600 >"$TMP/out" 2>"$TMP/err" &
    local eraser=$!
    eventually grep -q "Waiting for another desk" "$TMP/err"
    touch "$TMP/release"
    wait "$READER"
    wait "$eraser"
    rc=$?
    [ "$rc" = 0 ] && grep -q '^Person 2 erased' "$TMP/out" && ! grep -rqaF 'Yves' "$TMP/reader" &&
        ! grep -rqaF '0611111111' "$TMP/reader" && ! grep -rqaF '+33611111111' "$TMP/reader"
    verdict "an erasure that waited for a reader to finish completes, with a progress line meanwhile" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_copy_that_cannot_be_cleaned() {
    file_engine_only "a kept copy that cannot be cleaned is named" || return
    local d="$TMP/bad"
    mkdir -p "$d"
    "$GUICHET" --db "$d/g.db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$d/g.db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null ||
        { not_ok "setup for a damaged copy"; return; }
    printf 'not a database, but Zoé Martin 0612345678\n' >"$d/g-damaged-2026-03-01-1000.db"
    run --db "$d/g.db" person erase 1
    [ "$rc" = 3 ] && grep -q 'not completely erased yet' "$TMP/out" &&
        grep -q "g-damaged-2026-03-01-1000.db" "$TMP/err" && grep -q 'still holds them' "$TMP/err"
    verdict "a kept copy that cannot be cleaned is named, and the erasure is not called done (exit 3)" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_restore_copies_rotate() {
    file_engine_only "the copies restores keep rotate like backups (the newest --keep stay)" || return
    local d="$TMP/rot" i
    mkdir -p "$d"
    "$GUICHET" --db "$d/g.db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$d/g.db" backup --keep 2 >/dev/null &&
        "$GUICHET" --db "$d/g.db" backup "$ELSEWHERE/rot.db" >/dev/null || { not_ok "setup for rotation"; return; }
    for i in 1 2 3 4; do
        GUICHET_NOW="2026-03-1$i 10:00" "$GUICHET" --db "$d/g.db" restore "$ELSEWHERE/rot.db" >/dev/null 2>&1
    done
    [ "$(ls "$d" | grep -c 'before-restore')" = 2 ] && ls "$d" | grep -q 'g-before-restore-2026-03-14'
    verdict "the copies restores keep rotate like backups (the newest --keep stay)" $? "$(ls "$d")"
}

test_purge_overdue_referrals() {
    local d="$TMP/purge" db
    db="$d/g.db"
    mkdir -p "$d"
    GUICHET_NOW="2025-01-16 10:00" "$GUICHET" --db "$db" referral add --request caf --contact-name "Zoé Martin" \
        --contact-phone 0612345678 --consent >/dev/null &&
        GUICHET_NOW="2026-07-16 10:00" "$GUICHET" --db "$db" retention --contacts 1 >/dev/null ||
        { not_ok "setup for purge"; return; }
    GUICHET_NOW="2026-07-16 10:00" "$GUICHET" --db "$db" purge --dry-run >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 0 ] && grep -q '1 open referral past its follow-up would be closed first' "$TMP/out" &&
        grep -q '1 referral contact (1 month after' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT status || '|' || contact_name FROM referral")" = "a_suivre|Zoé Martin" ]
    verdict "purge --dry-run counts the overdue referral and its contact, changes nothing" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    GUICHET_NOW="2026-07-16 10:00" "$GUICHET" --db "$db" purge >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 0 ] &&
        [ "$(sqlite3 "$db" "SELECT status || '|' || closed_at || '|' || coalesce(contact_name, '-') || coalesce(contact_phone, '-') FROM referral")" = "sans_suite|2025-02-15T00:00:00Z|--" ] &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'expire' AND entity_id = 1")" = 1 ] &&
        { on_postgresql || ! grep -qaF 'Zoé' "$db"; } # on a server, no file to hold it
    verdict "purge closes an overdue referral as of the day it became overdue, then erases its contact" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(sqlite3 "$db" "SELECT * FROM referral")"
}

test_key_apart() {
    file_engine_only "the erasure key is a private file beside the database" || return
    local key="$DB-erasure-key" hex
    [ -f "$key" ] && [ "$(stat -c %a "$key")" = 600 ] || { not_ok "the erasure key is a private file beside the database" "$(ls -l "$DIR")"; return; }
    hex=$(head -c 64 "$key")
    [ "$(q "SELECT count(*) FROM setting WHERE value = '$hex'")" = 0 ] && ! grep -rqaF -- "$hex" "$DIR"/*.db "$DIR/backups"
    verdict "the erasure key is a private file beside the database, in no database or backup: a copy alone cannot be searched for whom it erased" $? "$(ls -l "$DIR")"
}

test_old_backup_folder() {
    file_engine_only "the copies in a backup folder used before --dir moved it are cleaned too" || return
    local d="$TMP/moved" db
    db="$d/g.db"
    mkdir -p "$d"
    GUICHET_NOW="2026-03-16 10:00" "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        GUICHET_NOW="2026-03-16 10:00" "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        GUICHET_NOW="2026-03-16 10:00" "$GUICHET" --db "$db" backup >/dev/null &&
        "$GUICHET" --db "$db" backup --dir "$d/elsewhere" >/dev/null || { not_ok "setup for a moved backup folder"; return; }
    run --db "$db" person erase 1
    local left
    left=$(traces "$d")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ -f "$d/backups/g-2026-03-16.db" ]
    verdict "the copies in a backup folder used before --dir moved it are cleaned too" $? "rc=$rc $left $(cat "$TMP/out" "$TMP/err")"
}

test_glued_mentions() {
    local d="$TMP/glued" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Tél.06 12 34 56 78, appeler Zoé.Martin.Merci" >/dev/null ||
        { not_ok "setup for glued mentions"; return; }
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT note FROM help_session")" = "Tél.[effacé], appeler [effacé].Merci" ]
    verdict "a phone glued to 'Tél.' and a name glued to full stops are found and erased" $? \
        "rc=$rc $(sqlite3 "$db" "SELECT note FROM help_session")"
}

test_surname_first() {
    local d="$TMP/surname" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Odile Perrin-Gaud" --email o@example.org >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Yvon Le Goff" >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "RDV Perrin-Gaud Odile demain, vu Le Goff Yvon" >/dev/null &&
        "$GUICHET" --db "$db" log --theme aide_aux_demarches_administratives --duration 15 --procedure "Perrin-Gaud Odile CAF" >/dev/null ||
        { not_ok "setup for names written surname first"; return; }
    run --db "$db" person export 1
    local listed=$rc
    grep -q "RDV Perrin-Gaud Odile demain" "$TMP/out" && grep -q "Perrin-Gaud Odile CAF" "$TMP/out"
    local found=$?
    "$GUICHET" --db "$db" person erase 2 >/dev/null
    run --db "$db" person erase 1
    [ "$listed" = 0 ] && [ "$found" = 0 ] && [ "$rc" = 0 ] &&
        [ "$(sqlite3 "$db" "SELECT coalesce(note, '') || '|' || coalesce(procedure_name, '') FROM help_session ORDER BY id")" = $'RDV [effacé] demain, vu [effacé]|\n|[effacé] CAF' ]
    verdict "a name written surname first, the surname hyphenated or of two words, is exported and erased" $? \
        "rc=$rc $(sqlite3 "$db" "SELECT note, procedure_name FROM help_session")"
}

test_came_back() {
    file_engine_only "someone who came back after their erasure is not erased again by a restore" || return
    local d="$TMP/back" db
    db="$d/g.db"
    mkdir -p "$d"
    GUICHET_NOW="2026-03-10 10:00" "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        GUICHET_NOW="2026-03-10 10:00" "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        GUICHET_NOW="2026-03-11 10:00" "$GUICHET" --db "$db" person erase 1 >/dev/null &&
        GUICHET_NOW="2026-03-12 10:00" "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        GUICHET_NOW="2026-03-12 10:00" "$GUICHET" --db "$db" log --theme email --duration 15 --note "Zoé Martin est revenue" >/dev/null &&
        GUICHET_NOW="2026-03-12 10:00" "$GUICHET" --db "$db" backup "$ELSEWHERE/back.db" >/dev/null ||
        { not_ok "setup for a person who came back"; return; }
    GUICHET_NOW="2026-03-13 10:00" "$GUICHET" --db "$db" restore "$ELSEWHERE/back.db" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT name FROM participant WHERE id = 2")" = "Zoé Martin" ] &&
        [ "$(sqlite3 "$db" "SELECT note FROM help_session")" = "Zoé Martin est revenue" ]
    verdict "someone who came back after their erasure, with new consent, is not erased again by a restore" $? \
        "rc=$rc $(cat "$TMP/err") $(sqlite3 "$db" "SELECT * FROM participant; SELECT note FROM help_session")"
}

test_family_phone() {
    local d="$TMP/family" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Paul Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" referral add --request caf --contact-name "Paul Martin" --contact-phone 0612345678 --consent >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Paul Martin rappeler au 0612345678" >/dev/null ||
        { not_ok "setup for a family's phone"; return; }
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && grep -q "also another person's" "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT contact_name || '|' || contact_phone FROM referral")" = "Paul Martin|+33612345678" ] &&
        [ "$(sqlite3 "$db" "SELECT note FROM help_session")" = "Paul Martin rappeler au 0612345678" ] &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM participant WHERE name IS NOT NULL")" = 1 ]
    verdict "a phone the family shares stays another person's: Paul's referral and note are untouched" $? \
        "rc=$rc $(cat "$TMP/out") $(sqlite3 "$db" "SELECT * FROM referral; SELECT note FROM help_session")"
}

test_seats_released() {
    local d="$TMP/seats" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 1 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Jean Dupont" --phone 0611111111 >/dev/null ||
        { not_ok "setup for seats"; return; }
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && grep -q "1 seat or waitlist place of theirs in a planned workshop was cancelled" "$TMP/out" &&
        grep -q "Jean Dupont) now has a seat: call 06 11 11 11 11" "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT state FROM registration ORDER BY id")" = $'cancelled\nbooked' ]
    verdict "an erased person's seat goes to the first person waiting, who is to be called" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(sqlite3 "$db" "SELECT * FROM registration")"
}

test_copy_resumed() {
    file_engine_only "a backup another process holds open is named; the next purge cleans it" || return
    local d="$TMP/resume" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" backup >/dev/null || { not_ok "setup for a copy held open"; return; }
    start_reader "$d/backups/g-2026-03-17.db"
    run --db "$db" person erase 1 --wait 1
    local held=$rc
    touch "$TMP/release"
    wait "$READER"
    [ "$held" = 3 ] && grep -q "g-2026-03-17.db" "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE copies_at IS NULL")" = 1 ]
    verdict "a backup another process holds open is named, the erasure not called done, and remembered" $? \
        "rc=$held $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" purge
    local left
    left=$(traces "$d")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE copies_at IS NULL")" = 0 ]
    verdict "the next purge cleans the copy the erasure could not" $? "rc=$rc $left $(cat "$TMP/err")"
}

# start_backup_being_written DB DIR NAME: a backup process as guichet's (issue 18's testers
# raced one): its copy of DB, taken now, written as DIR/NAME.partPID and locked, takes the name
# NAME once $TMP/backup-go exists; $WRITER is its pid.
start_backup_being_written() {
    rm -f "$TMP/backup-locked" "$TMP/backup-go"
    bash -c 'part="$1/$2.part$$"; cp "$0" "$part" && exec 9<"$part" && flock -x 9 &&
        touch "$3/backup-locked" && while [ ! -e "$3/backup-go" ]; do sleep 0.02; done &&
        mv "$part" "$1/$2"' "$1" "$2" "$3" "$TMP" &
    WRITER=$!
    eventually test -e "$TMP/backup-locked"
}

test_backup_being_written() {
    file_engine_only "an erasure and a backup being written" || return
    local d="$TMP/racing" db left
    db="$d/g.db"
    mkdir -p "$d/backups"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Zoé Martin au 0612345678" >/dev/null ||
        { not_ok "setup for a backup being written"; return; }
    start_backup_being_written "$db" "$d/backups" g-2026-03-17.db
    "$GUICHET" --db "$db" person erase 1 --wait 30 >"$TMP/out" 2>"$TMP/err" &
    local eraser=$!
    eventually grep -q "Waiting for the backup being written to end" "$TMP/err"
    local waited=$?
    touch "$TMP/backup-go"
    wait "$WRITER"
    wait "$eraser"
    rc=$?
    left=$(traces "$d")
    [ "$waited" = 0 ] && [ "$rc" = 0 ] && [ -f "$d/backups/g-2026-03-17.db" ] && [ -z "$left" ] &&
        grep -q "Also erased from 1 copy" "$TMP/out"
    verdict "an erasure waits for a backup being written, then cleans the copy it took before" $? \
        "waited=$waited rc=$rc $left $(cat "$TMP/out" "$TMP/err"; ls "$d/backups")"

    "$GUICHET" --db "$db" workshop book 1 --name "Paul Durand" --phone 0622222222 >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Paul Durand au 0622222222" >/dev/null ||
        { not_ok "setup for a backup that outlasts the wait"; return; }
    start_backup_being_written "$db" "$d/backups" g-2026-03-16.db
    run --db "$db" person erase 2 --wait 0
    local held=$rc
    touch "$TMP/backup-go"
    wait "$WRITER"
    [ "$held" = 3 ] && grep -q "g-2026-03-16.db: a backup is still writing this copy" "$TMP/err" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE copies_at IS NULL")" = 1 ] &&
        grep -qaF "Paul Durand" "$d/backups/g-2026-03-16.db"
    verdict "a backup still written after the wait is named, and the erasure not called done (exit 3)" $? \
        "rc=$held $(cat "$TMP/out" "$TMP/err")"
    run --db "$db" backup
    left=$(grep -rlaiF -e "Paul Durand" -e "0622222222" "$d")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE copies_at IS NULL")" = 0 ]
    verdict "the next backup cleans the copy that was still being written" $? "rc=$rc $left $(cat "$TMP/err")"
}

# A real backup held between taking its copy and naming it (GUICHET_TEST_HOLD_BACKUP), while the
# person is erased: the copy, taken before, never takes its name with them.
test_backup_held() {
    file_engine_only "a backup held while a person is erased" || return
    local d="$TMP/held" db left backup
    db="$d/g.db"
    mkdir -p "$d" "$TMP/far"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Paul Durand" --phone 0622222222 >/dev/null ||
        { not_ok "setup for a backup held"; return; }
    rm -f "$TMP/hold" "$TMP/hold.held"
    GUICHET_TEST_HOLD_BACKUP="$TMP/hold" "$GUICHET" --db "$db" backup "$TMP/far/copy.db" >/dev/null 2>"$TMP/berr" &
    backup=$!
    eventually test -e "$TMP/hold.held"
    run --db "$db" person erase 1 --wait 0
    touch "$TMP/hold"
    wait "$backup"
    local brc=$?
    left=$(grep -laiF -e "Zoé Martin" -e "0612345678" "$TMP/far/copy.db")
    [ "$rc" = 0 ] && [ "$brc" = 0 ] && [ -z "$left" ] && grep -qaF "Paul Durand" "$TMP/far/copy.db"
    verdict "a backup anywhere, taken before an erasure and named after it, does not hold the person erased meanwhile" $? \
        "erase rc=$rc backup rc=$brc $left $(cat "$TMP/out" "$TMP/err" "$TMP/berr")"

    rm -f "$TMP/hold" "$TMP/hold.held"
    GUICHET_TEST_HOLD_BACKUP="$TMP/hold" "$GUICHET" --db "$db" backup >/dev/null 2>"$TMP/berr" &
    backup=$!
    eventually test -e "$TMP/hold.held"
    run --db "$db" person erase 2 --wait 0
    local held=$rc
    touch "$TMP/hold"
    wait "$backup"
    brc=$?
    left=$(grep -rlaiF -e "Paul Durand" -e "0622222222" "$d")
    [ "$held" = 3 ] && grep -q "g-2026-03-17.db: a backup is still writing this copy; it is cleaned when that backup ends" "$TMP/err" &&
        [ "$brc" = 0 ] && [ -z "$left" ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE copies_at IS NULL")" = 0 ]
    verdict "the daily backup an erasure could not wait for cleans itself, as the erasure said" $? \
        "erase rc=$held backup rc=$brc $left $(cat "$TMP/err" "$TMP/berr")"
}

test_through_a_link() {
    file_engine_only "a database reached through a link: erased through either name" || return
    local d="$TMP/link" left
    mkdir -p "$d/other"
    ln -s ../g.db "$d/other/g.db"
    "$GUICHET" --db "$d/g.db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$d/other/g.db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$d/other/g.db" backup >/dev/null ||
        { not_ok "setup for a database reached through a link"; return; }
    run --db "$d/g.db" person erase 1 --wait 0
    left=$(traces "$d")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ -f "$d/backups/g-2026-03-17.db" ] && [ ! -e "$d/other/backups" ] &&
        [ ! -e "$d/other/g.db-erasure-key" ]
    verdict "a database reached through a link keeps its backups beside its real path: erased through either name, none is left (--wait 0 accepted)" $? \
        "rc=$rc $left $(cat "$TMP/out" "$TMP/err"; ls -R "$d")"
}

test_restore_copies_same_minute() {
    file_engine_only "restore copies of the same minute rotate oldest first (-3 is the newest)" || return
    local d="$TMP/minute" i
    mkdir -p "$d"
    "$GUICHET" --db "$d/g.db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$d/g.db" backup --keep 1 >/dev/null &&
        "$GUICHET" --db "$d/g.db" backup "$ELSEWHERE/minute.db" >/dev/null || { not_ok "setup for restores in one minute"; return; }
    for i in 1 2 3; do
        "$GUICHET" --db "$d/g.db" restore "$ELSEWHERE/minute.db" >/dev/null 2>&1
    done
    [ "$(ls "$d" | grep -c 'before-restore')" = 1 ] && ls "$d" | grep -q 'before-restore-2026-03-17-1000-3.db'
    verdict "restore copies of the same minute rotate oldest first (-3 is the newest)" $? "$(ls "$d")"
}

test_known_by_referral() {
    local d="$TMP/contact" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" referral add --request caf --contact-name "Léa Durand" --contact-phone 0655555555 --consent >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Léa Durand rappelée au 06 55 55 55 55" >/dev/null ||
        { not_ok "setup for a person known by a referral"; return; }
    run --db "$db" person find lea --format csv
    [ "$rc" = 0 ] && grep -q '^,Léa Durand,06 55 55 55 55,,1' "$TMP/out"
    verdict "person find lists a person known only as a referral's contact, with the referral's number" $? "$(cat "$TMP/out" "$TMP/err")"
    test_known_by_referral_export "$db"
    test_known_by_referral_erase "$db" "$d"
}

# test_known_by_referral_export DB: Léa Durand, known only as a referral's contact, exported.
test_known_by_referral_export() {
    local db=$1
    run --db "$db" person export 1 --referral
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["referrals"][0]["contact_name"] == "Léa Durand" and len(d["sessions"]) == 1' "$TMP/out"
    verdict "person export --referral lists their referral and the session that names them" $? "$(cat "$TMP/out" "$TMP/err")"
}

# test_known_by_referral_erase DB DIR: Léa Durand, known only as a referral's contact, erased.
test_known_by_referral_erase() {
    local db=$1 d=$2
    run --db "$db" person erase 1 --referral
    local left
    left=$(grep -rlaiF -e "Léa" -e "655555555" -e "55 55 55 55" "$d")
    [ "$rc" = 0 ] && grep -q 'The contact of referral 1 erased' "$TMP/out" && [ -z "$left" ]
    verdict "person erase --referral erases them everywhere" $? "rc=$rc $left $(cat "$TMP/out" "$TMP/err")"
}

test_desk_files() {
    file_engine_only "the desk's printouts naming the person and the exports of their data go" || return
    local d="$TMP/deskfiles" db
    db="$d/g.db"
    mkdir -p "$d/printouts"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null ||
        { not_ok "setup for the desk's files"; return; }
    "$GUICHET" --db "$db" workshop sheet 1 --format html >"$d/printouts/sheet-1-2026-03-17-1000.html" &&
        printf '<p>Yves Lent</p>\n' >"$d/printouts/calls-2026-03-17-1000.html" &&
        printf '{"person": [{"name": "Zoé Martin", "phone": "+33612345678"}]}\n' >"$d/guichet-person-1-2026-03-17.json" &&
        printf '{}\n' >"$d/guichet-person-2-2026-03-17.json" &&
        printf '{"person": [{"name": "Yves Autre", "phone": "+33699999999"}]}\n' >"$d/guichet-person-1-2026-03-16.json" &&
        mkdir -p "$HOME" && cp "$d/printouts/sheet-1-2026-03-17-1000.html" "$HOME/sheet-1-2026-03-17-1001.html"
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && grep -q '3 files the desk wrote' "$TMP/out" && [ ! -e "$d/printouts/sheet-1-2026-03-17-1000.html" ] &&
        [ ! -e "$HOME/sheet-1-2026-03-17-1001.html" ] &&
        [ -e "$d/printouts/calls-2026-03-17-1000.html" ] && [ ! -e "$d/guichet-person-1-2026-03-17.json" ] &&
        [ -e "$d/guichet-person-2-2026-03-17.json" ] && [ -e "$d/guichet-person-1-2026-03-16.json" ]
    verdict "the desk's printouts naming the person and the exports of their data go; others stay (another database's person 1 too)" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(ls -R "$d")"
}

test_key_lost() {
    file_engine_only "without its key file, a restore still erases the erased people by number" || return
    local d="$TMP/keylost" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" backup "$ELSEWHERE/keylost.db" >/dev/null &&
        "$GUICHET" --db "$db" person erase 1 >/dev/null && rm "$db-erasure-key" ||
        { not_ok "setup for a lost key"; return; }
    run --db "$db" restore "$ELSEWHERE/keylost.db"
    [ "$rc" = 0 ] && grep -q 'erasure key beside the database (DB-erasure-key) is missing' "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT count(*) FROM participant WHERE name IS NOT NULL")" = 0 ]
    verdict "without its key file, a restore still erases the erased people by number, and warns" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err") $(sqlite3 "$db" "SELECT * FROM participant")"
}

test_restore_keeps_folders() {
    file_engine_only "a restore keeps this installation's backup folders, and erase cleans them all" || return
    local d="$TMP/folders" db
    db="$d/db/g.db"
    mkdir -p "$d/db"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" backup >/dev/null &&
        (cd "$d/db" && "$GUICHET" --db g.db backup --dir ../bk2 >/dev/null) &&
        "$GUICHET" --db "$db" restore "$d/db/backups/g-2026-03-17.db" >/dev/null ||
        { not_ok "setup for folders across a restore"; return; }
    run --db "$db" person erase 1
    local left
    left=$(traces "$d")
    [ "$rc" = 0 ] && [ -z "$left" ] && [ -f "$d/bk2/g-2026-03-17.db" ] &&
        [ "$(sqlite3 "$db" "SELECT value FROM setting WHERE key = 'backup_dir'")" = "$d/db/../bk2" ]
    verdict "a restore keeps this installation's backup folders (absolute), and erase cleans them all" $? \
        "rc=$rc $left $(sqlite3 "$db" "SELECT * FROM setting WHERE key LIKE 'backup%'")"
}

test_name_variants() {
    local d="$TMP/variants" db
    db="$d/g.db"
    mkdir -p "$d"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Anne Martin" --phone 0612345678 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "A" --phone 0677777777 >/dev/null &&
        "$GUICHET" --db "$db" referral add --request caf --contact-name "Anne MARTIN-DURAND" --contact-phone 0612345678 --consent >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "dossier d’Anne-Martin, rappeler au 06 12 34 56 78" >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "Il a un souci, a revoir" >/dev/null ||
        { not_ok "setup for name variants"; return; }
    run --db "$db" person erase 1
    [ "$rc" = 0 ] && ! grep -q "also another person's" "$TMP/out" &&
        [ "$(sqlite3 "$db" "SELECT coalesce(contact_name, '-') FROM referral")" = "-" ] &&
        [ "$(sqlite3 "$db" "SELECT note FROM help_session WHERE id = 1")" = "dossier d’[effacé], rappeler au [effacé]" ]
    verdict "the same person under a variant of her name (married name, hyphen, elision) is her" $? \
        "rc=$rc $(cat "$TMP/out") $(sqlite3 "$db" "SELECT * FROM referral; SELECT note FROM help_session")"
    run --db "$db" person erase 2
    [ "$rc" = 0 ] && [ "$(sqlite3 "$db" "SELECT note FROM help_session WHERE id = 2")" = "Il a un souci, a revoir" ]
    verdict "a one-word name is not looked for in notes (it would erase everybody's words)" $? \
        "rc=$rc $(sqlite3 "$db" "SELECT note FROM help_session")"
}

setup || { not_ok "setup"; finish; exit; }
test_one_person
test_homonym_stays
test_export_everything
test_erase_everywhere
test_key_apart
test_erase_while_reading
test_copy_that_cannot_be_cleaned
test_old_backup_folder
test_glued_mentions
test_surname_first
test_came_back
test_family_phone
test_seats_released
test_copy_resumed
test_backup_being_written
test_backup_held
test_through_a_link
test_restore_copies_same_minute
test_known_by_referral
test_desk_files
test_key_lost
test_restore_keeps_folders
test_name_variants
test_restore_copies_rotate
test_purge_overdue_referrals
finish
