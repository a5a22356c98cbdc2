#!/usr/bin/env bash
# The history's search index (migration 016: session_search, session_search_odd) stays exact
# whoever writes: guichet one session at a time (triggers), guichet in bulk (triggers off, one
# grouped statement), the sqlite3 shell, the migration of an older file, a backup brought back;
# and `check` reports an index that differs from the sessions' texts. What the search finds with
# it is compared with session_matches in the unit tests (test_history_index_agrees).
# Migration 022 adds the words joined by hyphens and apostrophes to both (and to the people's
# index), kept exact by every writer too, and builds them again on an older file.
# The same of the partner directory's index (migration 019: partner_search, partner_search_odd):
# an import (triggers off, the added partners indexed in one statement; a partner updated
# indexed again), partners added and edited one by one, the sqlite3 shell, the migration of an
# older file, and `check` (compared with partner_matches in test_partner_index_agrees).
# Usage: tests/cli/test-search.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="history search index${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:00" HOME="$TMP/home"
DB="$TMP/s.db"
q() { sqlite3 "$1" "$2"; }

# On PostgreSQL the indexes are plain tables kept by the same triggers and checked by check (a
# row per session or partner, its texts and joined words); their words are not FTS5's and no
# search reads them (src/store/search.c: session_word_set), so the words an index holds (terms,
# pterms) are asked of SQLite's FTS5 index only. fts_terms_hold CMD…: CMD's verdict on SQLite.
fts_terms_hold() { on_postgresql || "$@"; }
# index_rows INDEX: the table holding one row per document of INDEX.
index_rows() { if on_postgresql; then echo "$1"; else echo "${1}_docsize"; fi; }
# foreign_keys_on: what the sqlite3 shell needs to delete as guichet does (PostgreSQL always checks).
foreign_keys_on() { on_postgresql || echo "PRAGMA foreign_keys = ON;"; }

# terms DB WORD…: how many of the words the index holds as terms (folded, as FTS5 keeps them).
terms() {
    local db=$1 list
    shift
    on_postgresql && return # (fts_terms_hold)
    list=$(printf "'%s'," "$@")
    q "$db" "CREATE VIRTUAL TABLE temp.t USING fts5vocab(main, session_search, row);
             SELECT count(*) FROM temp.t WHERE term IN (${list%,})"
}

# older_file VERSION SRC DST TABLE…: DST as guichet wrote a file of schema VERSION (migrations 1
# to VERSION: check compares its schema with theirs), holding SRC's rows of each TABLE in the
# columns both have (the file's own triggers keep its counts and indexes, as they did then).
older_file() {
    local version=$1 src=$2 dst=$3 m n t cols
    shift 3
    rm -f "$dst" && : >"$dst" && chmod 600 "$dst" || return 1
    for m in "$(dirname "$0")"/../../data/migrations/0*.sql; do
        n=$(basename "$m")
        [ "$((10#${n%%_*}))" -le "$version" ] && sed 's/guichet_[a-z_]*(\([a-z_]*\))/\1/g' "$m"
    done | sqlite3 "$dst" || return 1
    for t in "$@"; do
        cols=$(q "$dst" "ATTACH '$src' AS cur; SELECT group_concat(name, ', ') FROM pragma_table_info('$t')
                         WHERE name IN (SELECT name FROM pragma_table_info('$t', 'cur'))") &&
            q "$dst" "ATTACH '$src' AS cur; INSERT OR REPLACE INTO main.$t ($cols) SELECT $cols FROM cur.$t" ||
            return 1
    done
    q "$dst" "PRAGMA application_id = 1196771651; PRAGMA user_version = $version"
}

# indexed DB: sessions with a typed text, and entries of the index, as "N N".
indexed() {
    q "$1" "SELECT (SELECT count(*) FROM help_session WHERE coalesce(procedure_name, note, commune,
            postal_code) IS NOT NULL) || ' ' || (SELECT count(*) FROM $(index_rows session_search))"
}

test_every_writer() {
    "$GUICHET" --db "$DB" demo --sessions 1500 --seed 3 >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 15 --note "Sa sœur, mairie-annexe" >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 15 --note "Straße, m² et ﬁnances" >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 15 >/dev/null ||
        { not_ok "setup: demo and sessions logged"; return; }
    local n
    n=$(indexed "$DB")
    run --db "$DB" check
    [ "$rc" = 0 ] && [ "${n% *}" = "${n#* }" ] && [ "${n% *}" -gt 2 ] &&
        fts_terms_hold [ "$(terms "$DB" sœur mairie annexe)" = 3 ] &&
        [ "$(q "$DB" "SELECT count(*) FROM session_search_odd")" = 1 ]
    verdict "demo in bulk and sessions logged one by one are indexed; only the text with ß, ² and ﬁ is odd" $? \
        "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"

    # The sqlite3 shell: notes changed, removed, given; sessions deleted outright.
    q "$DB" "UPDATE help_session SET note = 'Rendez-vous CAF' WHERE id % 7 = 0;
             UPDATE help_session SET note = NULL, procedure_name = NULL WHERE id % 11 = 0;
             UPDATE help_session SET commune = 'Saint-Étienne', postal_code = '42000' WHERE id % 13 = 0;
             $(foreign_keys_on) DELETE FROM help_session WHERE id % 17 = 0;" ||
        { not_ok "setup: writes in the sqlite3 shell"; return; }
    n=$(indexed "$DB")
    run --db "$DB" check
    [ "$rc" = 0 ] && [ "${n% *}" = "${n#* }" ] && fts_terms_hold [ "$(terms "$DB" rendez caf saint etienne 42000)" = 5 ]
    verdict "writes in the sqlite3 shell keep the index exact (no application function needed)" $? \
        "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"
}

test_damage_reported() {
    local db="$TMP/damaged.db"
    copy_database "$DB" "$db"
    if on_postgresql; then # a row per session: its texts changed
        q "$db" "UPDATE session_search SET note = 'mot fantôme' WHERE rowid = (SELECT min(rowid) FROM session_search)"
    else
        q "$db" "INSERT INTO session_search (rowid, note) VALUES (1, 'mot fantôme')"
    fi
    run --db "$db" check
    [ "$rc" = 1 ] && grep -q "the history's search index differs from the sessions' texts" "$TMP/out" "$TMP/err"
    verdict "check reports an index that differs from the texts" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    copy_database "$DB" "$db"
    q "$db" "DELETE FROM session_search_odd"
    run --db "$db" check
    [ "$rc" = 1 ] && grep -q "the history's search index differs from session [0-9]" "$TMP/out" "$TMP/err"
    verdict "check reports a session with characters the index cannot vouch for, not listed" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # The index exact today, a trigger keeping it gone: check names it.
    copy_database "$DB" "$db"
    if on_postgresql; then
        q "$db" "DROP TRIGGER session_search_update_in ON help_session; DROP TRIGGER partner_search_delete ON partner"
    else
        q "$db" "DROP TRIGGER session_search_update_in; DROP TRIGGER partner_search_delete"
    fi
    run --db "$db" check
    [ "$rc" = 1 ] && grep -qF 'the trigger "session_search_update_in" is missing' "$TMP/out" &&
        grep -qF 'the trigger "partner_search_delete" is missing' "$TMP/out"
    verdict "check names a search index's trigger that was dropped" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    # The people's index, kept by guichet itself: a row lost, a row wrong, a row of nobody.
    copy_database "$DB" "$db"
    q "$db" "DELETE FROM participant_search WHERE rowid = (SELECT min(id) FROM participant WHERE erased_at IS NULL);
             UPDATE participant_search SET name_folded = 'zzz' WHERE rowid = (SELECT max(id) FROM participant WHERE erased_at IS NULL);
             INSERT INTO participant_search (rowid, name_folded) VALUES (999999, 'personne')"
    run --db "$db" check
    [ "$rc" = 1 ] && [ "$(grep -c "the people's search index differs from person [0-9]" "$TMP/out")" = 3 ]
    verdict "check reports the people's index differing from their names (a row lost, wrong, of nobody)" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    file_engine_only "a backup file restored in the database file's place" || return
    run --db "$TMP/restored.db" restore "$db" --dry-run
    [ "$rc" = 1 ] && grep -q "the people's search index differs" "$TMP/out" "$TMP/err"
    verdict "restore refuses a backup whose people's index is damaged" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_backup_restore() {
    file_engine_only "a backup file restored in the database file's place" || return
    local other="$TMP/other.db"
    run --db "$DB" backup "$TMP/copy.db"
    [ "$rc" = 0 ] || { not_ok "backup" "$(cat "$TMP/err")"; return; }
    "$GUICHET" --db "$other" log --theme email --duration 15 --note "autre base" >/dev/null
    run --db "$other" restore "$TMP/copy.db"
    local n
    n=$(indexed "$other")
    [ "$rc" = 0 ] && "$GUICHET" --db "$other" check >/dev/null && [ "${n% *}" = "${n#* }" ] &&
        [ "$(terms "$other" rendez autre)" = 1 ]
    verdict "a backup brought back keeps its index, right for its own sessions" $? "rc=$rc indexed=$n $(cat "$TMP/err")"
}

# A file of schema 15 (before the index): the migration indexes its sessions as they are.
test_migration_fills() {
    file_engine_only "an older SQLite file migrated" || return
    local db="$TMP/old.db" m n
    # A file of schema 15 as guichet wrote it (check compares its schema with the migrations'):
    # migrations 1 to 15, whose functions only rewrite rows (none here), then two sessions, one
    # with a character the index cannot vouch for.
    : >"$db" && chmod 600 "$db"
    for m in "$(dirname "$0")"/../../data/migrations/0*.sql; do
        n=$(basename "$m")
        [ "$((10#${n%%_*}))" -le 15 ] && sed 's/guichet_[a-z_]*(\([a-z_]*\))/\1/g' "$m"
    done | sqlite3 "$db" &&
    q "$db" "PRAGMA application_id = 1196771651; PRAGMA user_version = 15;
             INSERT INTO help_session (started_at, duration_min, created_at, updated_at) VALUES
                 ('2026-03-01 10:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'),
                 ('2026-03-02 10:00', 30, '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z');
             INSERT INTO help_session_theme VALUES (1, 'email'), (2, 'email');
             UPDATE help_session SET note = 'Écrit avant la migration, cœur' WHERE id = 2;
             UPDATE help_session SET note = 'Un bureau de 12 m²' WHERE id = 1;" ||
        { not_ok "setup: a schema-15 file"; return; }
    "$GUICHET" --db "$db" sessions --format csv >/dev/null # opened to write: migrated
    run --db "$db" check
    [ "$rc" = 0 ] && [ "$(q "$db" "PRAGMA user_version")" -ge 16 ] &&
        [ "$(terms "$db" ecrit avant cœur)" = 3 ] && [ "$(q "$db" "SELECT count(*) FROM session_search_odd")" = 1 ]
    verdict "the migration indexes the sessions of an older file" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# pindexed DB: partners, and entries of the directory's index, as "N N".
pindexed() {
    q "$1" "SELECT (SELECT count(*) FROM partner) || ' ' || (SELECT count(*) FROM $(index_rows partner_search))"
}

# pterms DB WORD…: how many of the words the directory's index holds as terms.
pterms() {
    local db=$1 list
    shift
    on_postgresql && return # (fts_terms_hold)
    list=$(printf "'%s'," "$@")
    q "$db" "CREATE VIRTUAL TABLE temp.t USING fts5vocab(main, partner_search, row);
             SELECT count(*) FROM temp.t WHERE term IN (${list%,})"
}

test_partner_index() {
    local db="$TMP/p.db" csv="$TMP/places.csv"
    printf '%s\r\n' 'id,pivot,nom,commune,code_postal,adresse,date_maj' \
        'p-1,43493312300029,Médiathèque Œuvre,Saint-Étienne,42000,1 rue A,2024-01-01' \
        'p-2,43493312300029,Maison m² 12,L’Haÿ-les-Roses,94240,2 rue B,2024-01-01' \
        'p-3,43493312300029,Espace Straße,Reims,51100,3 rue C,2024-01-01' >"$csv"
    run --db "$db" partner import "$csv"
    local n
    n=$(pindexed "$db")
    [ "$rc" = 0 ] && "$GUICHET" --db "$db" check >/dev/null && [ "${n% *}" = "${n#* }" ] &&
        fts_terms_hold [ "$(pterms "$db" mediatheque œuvre saint etienne 42000 l hay les roses)" = 9 ] &&
        [ "$(q "$db" "SELECT count(*) FROM partner_search_odd")" = 2 ]
    verdict "an import indexes the partners it adds; those with ² and ß are odd" $? \
        "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"

    # Imported again with other names (an update, the triggers off), added and edited one by one.
    sed -i 's/Médiathèque Œuvre/Bibliothèque Cœur/; s/Maison m² 12/Maison douze/' "$csv"
    "$GUICHET" --db "$db" partner import "$csv" >/dev/null &&
        "$GUICHET" --db "$db" partner add --name "Tiers-lieu Fabrique" --commune Épernay >/dev/null &&
        "$GUICHET" --db "$db" partner edit 1 --handles "RSA, prime d’activité" >/dev/null ||
        { not_ok "setup: import again, add, edit"; return; }
    n=$(pindexed "$db")
    run --db "$db" check
    [ "$rc" = 0 ] && [ "${n% *}" = "${n#* }" ] && fts_terms_hold [ "$(pterms "$db" mediatheque maison)" = 1 ] &&
        fts_terms_hold [ "$(pterms "$db" bibliotheque cœur douze tiers lieu fabrique epernay rsa prime)" = 9 ] &&
        [ "$(q "$db" "SELECT count(*) FROM partner_search_odd")" = 1 ]
    verdict "an import over known partners, and partners added and edited, keep the index exact" $? \
        "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"

    q "$db" "UPDATE partner SET commune = 'Châlons' WHERE commune = 'Reims';
             $(foreign_keys_on) DELETE FROM partner WHERE name LIKE 'Maison%';" ||
        { not_ok "setup: writes in the sqlite3 shell"; return; }
    n=$(pindexed "$db")
    run --db "$db" check
    [ "$rc" = 0 ] && [ "${n% *}" = "${n#* }" ] && fts_terms_hold [ "$(pterms "$db" chalons reims douze)" = 1 ]
    verdict "writes in the sqlite3 shell keep the directory's index exact" $? \
        "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"

    local bad="$TMP/pdamaged.db"
    copy_database "$db" "$bad"
    if on_postgresql; then # a row per partner: its texts changed
        q "$bad" "UPDATE partner_search SET name = 'mot fantôme' WHERE rowid = 1"
    else
        q "$bad" "INSERT INTO partner_search (rowid, name) VALUES (1, 'mot fantôme')"
    fi
    run --db "$bad" check
    [ "$rc" = 1 ] && grep -q "the partner directory's search index differs from the partners' texts" "$TMP/out" "$TMP/err"
    verdict "check reports a directory index that differs from the partners" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    copy_database "$db" "$bad"
    q "$bad" "DELETE FROM partner_search_odd"
    run --db "$bad" check
    [ "$rc" = 1 ] && grep -q "the partner directory's search index differs from partner [0-9]" "$TMP/out" "$TMP/err"
    verdict "check reports a partner with characters the index cannot vouch for, not listed" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    # A file of schema 18 (before the index): the migration indexes its partners as they are.
    file_engine_only "an older SQLite file migrated" || return
    local old="$TMP/pold.db"
    older_file 18 "$db" "$old" vocab partner &&
        q "$old" "UPDATE partner SET name = 'Écrit avant, m²' WHERE id = 1" || { not_ok "setup: a schema-18 file"; return; }
    "$GUICHET" --db "$old" partner list --format csv >/dev/null # opened to write: migrated
    n=$(pindexed "$old")
    run --db "$old" check
    [ "$rc" = 0 ] && [ "$(q "$old" "PRAGMA user_version")" -ge 19 ] && [ "${n% *}" = "${n#* }" ] &&
        [ "$(pterms "$old" ecrit avant)" = 2 ] && [ "$(q "$old" "SELECT count(*) FROM partner_search_odd")" = 2 ]
    verdict "the migration indexes the partners of an older file" $? "rc=$rc indexed=$n $(cat "$TMP/out" "$TMP/err")"
}

# Words joined by a hyphen or an apostrophe are indexed as one word too (migration 022's joined
# column), whoever writes; the people's index and the referral contacts' search likewise.
test_joined_words() {
    local db="$TMP/j.db" csv="$TMP/jplaces.csv"
    "$GUICHET" --db "$db" log --theme email --duration 15 --note "Créer son E-mail aujourd’hui" >/dev/null &&
        "$GUICHET" --db "$db" log --theme aide_aux_demarches_administratives --duration 15 \
            --procedure "Rendez‑vous France-Services" >/dev/null &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --note "email, e - mail" >/dev/null ||
        { not_ok "setup: sessions with joined words"; return; }
    run --db "$db" check
    [ "$rc" = 0 ] && fts_terms_hold [ "$(terms "$db" email aujourdhui rendezvous franceservices e mail)" = 6 ] &&
        fts_terms_hold [ "$(terms "$db" emailemail)" = 0 ]
    verdict "the history's index holds words joined by - ‑ ’ as one word too, nothing across a spaced hyphen" $? \
        "rc=$rc $(cat "$TMP/out" "$TMP/err")"
    q "$db" "UPDATE help_session SET note = 'Porte-monnaie' WHERE id = 1;
             UPDATE help_session SET note = 'd''abord' WHERE id = 3;" ||
        { not_ok "setup: writes in the sqlite3 shell"; return; }
    run --db "$db" check
    [ "$rc" = 0 ] && fts_terms_hold [ "$(terms "$db" portemonnaie dabord)" = 2 ] && fts_terms_hold [ "$(terms "$db" aujourdhui)" = 0 ]
    verdict "the sqlite3 shell's writes keep the joined words exact" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    printf '%s\r\n' 'id,pivot,nom,commune,code_postal,adresse,date_maj' \
        'j-1,43493312300029,Espace France-Services,L’Haÿ-les-Roses,94240,1 rue A,2024-01-01' >"$csv"
    "$GUICHET" --db "$db" partner import "$csv" >/dev/null &&
        "$GUICHET" --db "$db" partner add --name "Tiers-lieu d’Épernay" --handles "e-mail" >/dev/null ||
        { not_ok "setup: partners with joined words"; return; }
    run --db "$db" check
    [ "$rc" = 0 ] && fts_terms_hold [ "$(pterms "$db" franceservices lhaylesroses tierslieu depernay email)" = 5 ]
    verdict "the directory's index holds joined words, imported or added" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"

    local w
    w=$("$GUICHET" --db "$db" workshop add --title Courriel --at "2026-03-20 14:00" --duration 60 \
        --capacity 5) &&
        "$GUICHET" --db "$db" workshop book "$w" --name "Marie-Claire N’Diaye" >/dev/null &&
        "$GUICHET" --db "$db" referral add --request caf --contact-name "Jean-Luc D’Arc" \
            --contact-phone 0612345678 --consent >/dev/null ||
        { not_ok "setup: a person and a referral's contact"; return; }
    local found=0 q
    for q in marieclaire "n'diaye" "marie-cl diaye" jeanluc "d'arc jean"; do
        run --db "$db" person find "$q" --format csv
        [ "$rc" = 0 ] && [ "$(grep -c -e "Marie-Claire N’Diaye" -e "Jean-Luc D’Arc" "$TMP/out")" = 1 ] &&
            found=$((found + 1))
    done
    run --db "$db" person find "clairemarie" --format csv
    [ "$found" = 5 ] && [ "$rc" = 0 ] && [ "$(wc -l <"$TMP/out")" = 1 ]
    verdict "person find: a name's joined words, typed either way, for people and referral contacts" $? \
        "found=$found rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

# A file of schema 21 (the indexes of migrations 016 and 019, without joined words): migration
# 022 builds both again, and the people's index takes the names' joined words.
test_migration_joins() {
    file_engine_only "an older SQLite file migrated" || return
    local db="$TMP/j.db" old="$TMP/jold.db"
    older_file 21 "$db" "$old" vocab site operator partner request_kind workshop workshop_theme participant \
        registration help_session help_session_theme help_session_demarche help_session_material referral \
        session_number participant_search &&
        q "$old" "UPDATE help_session SET note = 'Avant-hier' WHERE id = 2;
                  UPDATE participant_search SET name_folded = 'marie-claire n''diaye'" &&
        [ "$(terms "$old" portemonnaie avanthier)" = 0 ] || { not_ok "setup: a schema-21 file"; return; }
    run --db "$old" person find marieclaire
    run --db "$old" check
    [ "$rc" = 0 ] && [ "$(q "$old" "PRAGMA user_version")" -ge 22 ] &&
        [ "$(terms "$old" portemonnaie dabord avanthier rendezvous)" = 4 ] &&
        [ "$(pterms "$old" franceservices lhaylesroses)" = 2 ] &&
        [ "$(q "$old" "SELECT count(*) FROM participant_search WHERE name_folded = 'marie-claire n''diaye marieclaire ndiaye'")" = 1 ]
    verdict "migration 022 builds the indexes again with the joined words" $? "rc=$rc $(cat "$TMP/out" "$TMP/err")"
}

test_every_writer
test_joined_words
test_migration_joins
test_damage_reported
test_backup_restore
test_migration_fills
test_partner_index
finish
