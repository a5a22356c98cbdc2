#!/usr/bin/env bash
# poll_db_count DB N: waits until DB holds N sessions.
poll_db_count() { local i; for ((i = 0; i < 500; i++)); do [ "$(q "$1" "SELECT count(*) FROM help_session")" = "$2" ] && return 0; sleep 0.02; done; return 1; }
# The history does what the person at the desk means: the selection is a session (kept by its
# number across another desk's writes, a session logged meanwhile, filters), every question
# names the session it acts on and survives a resize, a deleted session comes back (u, the
# deleted view, `guichet session restore`) with the report's counts exact, numbers are never
# given twice (also for a database from before), the listing pages through any number of
# sessions, and a session can be logged later with its own date and time.
# Usage: tests/tui/test-history-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="history, undo, numbers, backdating (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=${GUICHET_LOCALEDIR:-}"
MIGRATIONS=$(dirname "$0")/../../data/migrations

q() { sqlite3 "$1" "$2"; }
log() { local db=$1; shift; "$GUICHET" --db "$db" log --operator Camille --site "Médiathèque centrale" "$@"; }
checked() { "$GUICHET" --db "$1" check >/dev/null 2>&1; }

# Sessions 1 to 4, one a day from the 10th, newest first in the history: 4 3 2 1.
seed_four() {
    log "$1" --theme email --duration 20 --at "2026-03-10 09:00" >/dev/null &&
        log "$1" --theme sante --duration 30 --at "2026-03-11 10:00" >/dev/null &&
        log "$1" --theme bureautique --duration 45 --at "2026-03-12 11:00" >/dev/null &&
        log "$1" --theme email,sante --duration 60 --at "2026-03-13 16:00" >/dev/null
}

desk() {
    start 80 24 --db "$1"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# Looking at the newest sessions, a session another desk logs shows at the top, the selection
# staying on the one it was on.
test_newest_shown() {
    local db="$TMP/newest.db"
    seed_four "$db" && desk "$db" && keys h && wait_match '^ *4 +13/03/2026'
    local opened=$?
    log "$db" --theme sante --duration 15 --at "2026-03-14 09:00" >/dev/null
    [ "$opened" = 0 ] && wait_match '^ *5 +14/03/2026' &&
        screen | grep -A1 -E '^ *5 +14/03/2026' | tail -1 | grep -qE '^ *4 +13/03/2026'
    verdict "a session logged at another desk shows above the newest, seen at once" $? "$(screen)"
    stop
}

# Correcting a session changes what was corrected, never who logged it or where (another
# operator, another site): the desk correcting it goes to the audit log.
test_correction_keeps_author() {
    local db="$TMP/author.db"
    log "$db" --theme email --duration 15 --at "2026-03-13 10:00" >/dev/null &&
        "$GUICHET" --db "$db" log --theme sante --duration 30 --at "2026-03-13 11:00" --operator Karim \
            --site "Bibliothèque des Tilleuls" --note "Karim's note" >/dev/null
    desk "$db" || { not_ok "author: the desk opens" "$(screen)"; return; }
    keys h && wait_for "2 sessions" && keys Enter && wait_for "Edit session No. 2" && keys Tab 2 0 Enter &&
        wait_for "Session No. 2 corrected" &&
        [ "$(q "$db" "SELECT s.duration_min || '|' || o.name || '|' || t.name || '|' || s.note FROM help_session s JOIN operator o ON o.id = s.operator_id JOIN site t ON t.id = s.site_id WHERE s.id = 2")" = "20|Karim|Bibliothèque des Tilleuls|Karim's note" ] &&
        [ "$(q "$db" "SELECT o.name FROM audit a JOIN operator o ON o.id = a.operator_id WHERE a.action = 'update' AND a.entity_id = 2")" = Camille ]
    verdict "a correction keeps the session's operator and site; the desk that corrected it is in the audit log" $? \
        "$(q "$db" "SELECT * FROM help_session")" "$(screen)"
    keys q && wait_for "[exit 0]"
}

# The issue's case: h ↓ ↓ Esc, a session logged, h d. The question names the session selected
# (No. 2, with its date, duration and theme), not the one now in its row.
test_selection_identity() {
    local db="$TMP/identity.db"
    seed_four "$db"
    desk "$db" || { not_ok "identity: the desk opens" "$(screen)"; return; }
    keys h && wait_for "4 sessions" && keys Down Down Escape && wait_for "Hello, Camille." &&
        keys n && wait_for "New session" && keys e Enter && wait_for "Session No. 5 saved" &&
        keys h && wait_for "5 sessions" && keys d &&
        wait_for "Delete session No. 2 (11/03/2026 10:00, 30 min, Health)? (y/n)"
    verdict "h ↓ ↓ Esc, a session logged, h d: the question names the session selected" $? "$(screen)"
    keys n && wait_gone "(y/n)"
    # Another desk logs a newer session and changes an older one: the selection stays on No. 2.
    log "$db" --theme email --duration 15 --at "2026-03-14 10:10" >/dev/null && wait_for "6 sessions" &&
        "$GUICHET" --db "$db" session delete 1 >/dev/null && wait_for "5 sessions" &&
        keys d && wait_for "Delete session No. 2 (11/03/2026 10:00, 30 min, Health)? (y/n)"
    verdict "another desk's writes (a session logged, one deleted) leave the selection on its session" $? "$(screen)"
    keys n && wait_gone "(y/n)"
    # The selected session deleted at another desk: its neighbour is selected, and said so.
    "$GUICHET" --db "$db" session delete 2 >/dev/null &&
        wait_for "Session No. 2 is no longer in this list (deleted or changed at another desk):" &&
        wait_for "No. 3 is selected." &&
        keys d && wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)"
    verdict "the selected session deleted elsewhere: its neighbour is selected, and the message says so" $? "$(screen)"
    keys n && wait_gone "(y/n)"
    # Filters keep the selection when it is still listed: one day, then every day again.
    keys '<' && wait_for "History: Friday 13 March 2026" && keys '<' && wait_for "History: Thursday 12 March 2026" &&
        keys a && wait_for "History: all days" && keys d && wait_for "Delete session No. 3 (" && keys n &&
        wait_gone "(y/n)" && [ "$(q "$db" "SELECT count(*) FROM help_session_deleted")" = 2 ]
    verdict "filters keep the selected session; answering n deletes nothing" $? "$(screen)"
    # Deleted elsewhere while the desk was at home: h selects its neighbour, and says so.
    keys Escape && wait_for "Hello, Camille." && "$GUICHET" --db "$db" session delete 3 >/dev/null &&
        keys h && wait_for "Session No. 3 is no longer in this list" && wait_for "No. 4 is selected." &&
        keys d && wait_for "Delete session No. 4 (13/03/2026 16:00, 1 h, E-mail, Health)? (y/n)" && keys n
    verdict "deleted elsewhere while the desk was at home: h selects its neighbour and says so" $? "$(screen)"
    stop
}

# A resize while a question waits draws it again (never the old message, never closed); the
# help stays open through a resize; a later y with no question on the screen deletes nothing.
test_prompts_across_resize() {
    local db="$TMP/resize.db"
    seed_four "$db"
    desk "$db" && keys h && wait_for "4 sessions" && keys Down d &&
        wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)" &&
        tm resize-window -t t -x 100 -y 30 && wait_for "History: all days" &&
        wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)" &&
        tm resize-window -t t -x 60 -y 20 && wait_for "Terminal too small" && wait_for "Delete session No. 3" &&
        tm resize-window -t t -x 80 -y 24 && wait_for "History: all days" &&
        wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)"
    verdict "a question waiting is drawn again after each resize, also on the too-small notice" $? "$(screen)"
    keys n && wait_gone "(y/n)" && tm resize-window -t t -x 90 -y 26 && wait_for "History: all days" &&
        keys y o && ! screen | grep -q "(y/n)" && keys Escape && wait_for "Hello, Camille." &&
        [ "$(q "$db" "SELECT count(*) FROM help_session_deleted")" = 0 ]
    verdict "no question stays armed after a resize: a later y or o deletes nothing" $? "$(screen)"
    keys h && wait_for "4 sessions" && keys '?' && wait_for "Help: keys of this screen" &&
        tm resize-window -t t -x 100 -y 30 && wait_for "Help: keys of this screen" &&
        tm resize-window -t t -x 80 -y 24 && wait_for "Help: keys of this screen" &&
        screen | grep -q "Bring back the session just deleted" && keys x && wait_for "History: all days"
    verdict "the help stays open across resizes, and a key closes it" $? "$(screen)"
    # Another desk's write while the question waits: the question and the list it is about stay
    # (no reload under it), y deletes the session it names, and the reload follows the answer.
    keys d && wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)" &&
        log "$db" --theme email --duration 10 --at "2026-03-14 10:15" >/dev/null &&
        poll_db_count "$db" 5 &&
        wait_for "Delete session No. 3 (12/03/2026 11:00, 45 min, Office software)? (y/n)" && keys y &&
        wait_for "Session No. 3 deleted" && wait_for "14/03/2026 10:15" &&
        [ "$(q "$db" "SELECT session_id FROM help_session_deleted")" = 3 ]
    verdict "another desk's write under a question: the question stays, y deletes the session it names, the list reloads after" $? "$(screen)"
    stop
}

# d, then u: back under its number, selected; d, t (the deleted view), u. Counts stay exact.
test_undo_and_deleted_view() {
    local db="$TMP/undo.db"
    seed_four "$db"
    log "$db" --theme aide_aux_demarches_administratives,sante --demarche social_sante --procedure "Ameli" \
        --material telephone,ordinateur --age 60_69 --autonomy autonome --note "rappeler lundi" \
        --duration 25 --at "2026-03-14 09:00" >/dev/null
    local before; before=$(q "$db" "SELECT * FROM help_session WHERE id = 5; SELECT theme FROM help_session_theme WHERE session_id = 5 ORDER BY 1; SELECT demarche FROM help_session_demarche WHERE session_id = 5; SELECT material FROM help_session_material WHERE session_id = 5 ORDER BY 1")
    local report; report=$("$GUICHET" --db "$db" report --period month --format csv)
    desk "$db" && keys h && wait_for "5 sessions" && keys d && wait_for "Delete session No. 5 (14/03/2026 9:00, 25 min," &&
        keys y && wait_for "Session No. 5 deleted" && wait_for "4 sessions" && checked "$db" &&
        [ "$("$GUICHET" --db "$db" report --period month --format csv | tr -d '\r' | grep -c '^activities,sessions,.*,4$')" = 1 ]
    verdict "d deletes after the question: out of the list and the report, check clean" $? "$(screen)"
    keys u && wait_for "Session No. 5 restored" && wait_for "5 sessions" && keys d &&
        wait_for "Delete session No. 5 (" && keys n && wait_gone "(y/n)" && checked "$db" &&
        [ "$(q "$db" "SELECT * FROM help_session WHERE id = 5; SELECT theme FROM help_session_theme WHERE session_id = 5 ORDER BY 1; SELECT demarche FROM help_session_demarche WHERE session_id = 5; SELECT material FROM help_session_material WHERE session_id = 5 ORDER BY 1")" = "$before" ] &&
        [ "$("$GUICHET" --db "$db" report --period month --format csv)" = "$report" ]
    verdict "u brings it back exactly (number, every field, themes, démarches, devices), selected; the report as before" $? "$(screen)"
    keys Down Down d && wait_for "Delete session No. 3 (" && keys y && wait_for "Session No. 3 deleted" &&
        keys Escape && wait_for "Hello, Camille." && keys h && wait_for "4 sessions" && keys u &&
        wait_for "Nothing to undo here" && keys t && wait_for "Deleted sessions: all days" && wait_for "1 session" &&
        screen | grep -qE '^ 3 +12/03/2026 11:00' && keys Enter && wait_for "A deleted session is not edited" &&
        keys u && wait_for "Session No. 3 restored" && wait_for "0 sessions" && keys Escape &&
        wait_for "History: all days" && wait_for "5 sessions" && checked "$db"
    verdict "t shows the deleted sessions; u there restores the selected one; Esc goes back" $? "$(screen)"
    local audit; audit=$(q "$db" "SELECT a.action || ' ' || a.entity_id || ' ' || o.name FROM audit a JOIN operator o ON o.id = a.operator_id WHERE a.entity = 'help_session' AND a.action IN ('delete', 'restore') ORDER BY a.id" | tr '\n' ,)
    [ "$audit" = "delete 5 Camille,restore 5 Camille,delete 3 Camille,restore 3 Camille," ]
    verdict "deletions and restores are audited with the operator" $? "audit: $audit"
    stop
}

# The command line: session delete and restore, sessions --deleted, and numbers never reused.
test_numbers_command_line() {
    local db="$TMP/numbers.db"
    seed_four "$db"
    run --db "$db" session delete 4
    local deleted=$rc
    run --db "$db" log --theme email --duration 15
    [ "$deleted" = 0 ] && [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 5 ] &&
        [ "$(q "$db" "SELECT count(*) FROM help_session WHERE id = 4")" = 1 ] && checked "$db"
    verdict "deleting the newest session and logging another gives a new number (5, not 4)" $? "$(cat "$TMP/out" "$TMP/err")"
    run --db "$db" sessions --deleted --format csv
    grep -q '^4,2026-03-13 16:00,60,email|sante,' "$TMP/out" && [ "$(wc -l <"$TMP/out")" = 2 ] &&
        run --db "$db" sessions --format csv && ! grep -q '^4,' "$TMP/out"
    verdict "sessions --deleted lists the deleted sessions; sessions leaves them out" $? "$(cat "$TMP/out")"
    run --db "$db" session restore 4
    [ "$rc" = 0 ] && grep -q "Session 4 restored" "$TMP/out" && checked "$db" &&
        run --db "$db" session restore 4 && [ "$rc" = 2 ] && grep -q "not among the deleted sessions" "$TMP/err" &&
        run --db "$db" session delete 99 && [ "$rc" = 2 ] && grep -q "session 99 does not exist" "$TMP/err" &&
        run --db "$db" session delete 4x && [ "$rc" = 2 ]
    verdict "session restore brings it back; restoring twice, deleting what is not there: exit 2" $? "$(cat "$TMP/out" "$TMP/err")"
    # The referral naming a session keeps it through delete and restore; a deleted one is not named.
    run --db "$db" referral add --request caf --session 4 && run --db "$db" session delete 4 &&
        run --db "$db" referral add --request caf --session 4
    local refused=$rc
    run --db "$db" session restore 4
    [ "$refused" = 2 ] && [ "$(q "$db" "SELECT group_concat(CAST(session_id AS TEXT)) FROM referral")" = 4 ] && checked "$db"
    verdict "a referral keeps its session through delete and restore; a deleted session takes no referral" $? "$(cat "$TMP/err")"
}

# A deleted session is still held, so that a person's export shows it and their erasure reaches
# its note; restored later, it comes back erased.
test_deleted_session_and_privacy() {
    local db="$TMP/privacy.db"
    "$GUICHET" --db "$db" workshop add --title "Courriel" --at "2026-04-02 14:00" --duration 90 --capacity 8 >/dev/null &&
        "$GUICHET" --db "$db" workshop book 1 --name "Zoé Martin" --phone 0612345678 >/dev/null &&
        log "$db" --theme email --duration 15 --at "2026-03-13 10:00" --note "Rappeler Zoé Martin" >/dev/null &&
        "$GUICHET" --db "$db" session delete 1 >/dev/null
    run --db "$db" person export 1 --format csv
    local exported=$rc
    grep -q "Rappeler Zoé Martin" "$TMP/out" && [ "$exported" = 0 ] &&
        run --db "$db" person erase 1 && [ "$rc" = 0 ] &&
        [ "$(q "$db" "SELECT note FROM help_session WHERE id = 1")" = "Rappeler [effacé]" ] &&
        run --db "$db" session restore 1 && run --db "$db" sessions --format csv &&
        grep -q "Rappeler \[effacé\]" "$TMP/out" && checked "$db"
    verdict "a deleted session's note is in the person's export and erasure; restored, it stays erased" $? \
        "$(cat "$TMP/out" "$TMP/err")"
}

# A database from before version 8, where the newest sessions were deleted: the audit log
# remembers their numbers (a batch of five from No. 1, then No. 7 alone), and they stay used.
test_numbers_after_migration() {
    local old="$TMP/v1.db"
    # A server's database is made at the schema's last version: only a file can be this old.
    file_engine_only "an SQLite file of version 1, migrated" || return
    sqlite3 "$old" <"$MIGRATIONS/001_schema.sql"
    sqlite3 "$old" "PRAGMA user_version = 1; PRAGMA journal_mode = WAL;
        INSERT INTO vocab VALUES ('theme', 'email', 'E-mail', 5);
        INSERT INTO help_session (id, started_at, duration_min, created_at, updated_at) VALUES
            (1, '2026-03-01 10:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'),
            (2, '2026-03-01 11:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'),
            (3, '2026-03-01 12:00', 30, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z');
        INSERT INTO help_session_theme VALUES (1, 'email'), (2, 'email'), (3, 'email');
        INSERT INTO audit (at, action, entity, entity_id, detail) VALUES
            ('2026-03-01T10:00:00Z', 'create', 'help_session', 1, '5'),
            ('2026-03-02T10:00:00Z', 'delete', 'help_session', 4, NULL),
            ('2026-03-02T10:00:00Z', 'delete', 'help_session', 5, NULL),
            ('2026-03-03T10:00:00Z', 'create', 'help_session', 7, NULL),
            ('2026-03-03T10:05:00Z', 'delete', 'help_session', 7, NULL);" >/dev/null
    chmod 600 "$old"
    run --db "$old" log --theme email --duration 15
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 8 ] && [ "$(q "$old" "SELECT last FROM session_number")" = 8 ] && checked "$old"
    verdict "after the migration, numbers deleted before it (found in the audit log) are not given again" $? "$(cat "$TMP/out" "$TMP/err")"
}

# The desk: the newest deleted, the next session logged on the desk takes a new number.
test_numbers_desk() {
    local db="$TMP/numbers-desk.db"
    seed_four "$db"
    desk "$db" && keys h && wait_for "4 sessions" && keys d && wait_for "Delete session No. 4 (" && keys y &&
        wait_for "Session No. 4 deleted" && keys Escape && wait_for "Hello, Camille." && keys n &&
        wait_for "New session" && keys e Enter && wait_for "Session No. 5 saved" &&
        [ "$(q "$db" "SELECT count(*) FROM audit WHERE entity = 'help_session' AND entity_id = 4")" = 2 ]
    verdict "the newest deleted at the desk, the next session saved there takes No. 5" $? "$(screen)"
    stop
}

# More than 500 sessions: the count says them all, and paging reaches the oldest and comes back.
test_paging() {
    local db="$TMP/paging.db"
    "$GUICHET" --db "$db" demo --sessions 1300 --seed 7 >/dev/null 2>&1
    log "$db" --theme email --duration 15 --at "2026-03-14 10:00" >/dev/null
    local n; n=$(q "$db" "SELECT count(*) FROM help_session")
    local oldest; oldest=$(q "$db" "SELECT id FROM help_session ORDER BY started_at, id LIMIT 1")
    local newest; newest=$(q "$db" "SELECT id FROM help_session ORDER BY started_at DESC, id DESC LIMIT 1")
    # Counts are grouped by thousands, as English writes them: "1,301 sessions".
    grouped() { printf '%s' "$1" | sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta'; }
    desk "$db" && keys h && wait_for "$(grouped "$n") sessions" && screen | grep -qE "^ $newest +14/03/2026 "
    verdict "the history counts every session ($n), not the first 500" $? "$(screen)"
    local downs; downs=$(printf 'NPage %.0s' $(seq 1 $((n / 19 + 5))))
    # shellcheck disable=SC2086
    keys $downs && wait_match "^ $oldest +[0-9/]+ " && keys d &&
        wait_for "Delete session No. $oldest (" && keys n && wait_gone "(y/n)"
    verdict "PgDn pages down to the oldest session, past the 500th" $? "$(screen)"
    # Another desk writes while the selection is on the oldest: it stays there.
    log "$db" --theme sante --duration 15 --at "2026-03-14 10:20" >/dev/null &&
        wait_for "$(grouped $((n + 1))) sessions" && keys d && wait_for "Delete session No. $oldest (" && keys n && wait_gone "(y/n)"
    verdict "far down the listing, another desk's write leaves the selection on its session" $? "$(screen)"
    local ups; ups=$(printf 'PPage %.0s' $(seq 1 $((n / 19 + 5))))
    # shellcheck disable=SC2086
    newest=$(q "$db" "SELECT id FROM help_session ORDER BY started_at DESC, id DESC LIMIT 1")
    keys $ups && wait_match "^ $newest +14/03/2026 " && keys d && wait_for "Delete session No. $newest (" && keys n
    verdict "PgUp pages back up to the newest" $? "$(screen)"
    stop
}

# Logged later: the form's date and time, typed over; a future time refused; the most used
# duration still the default.
test_backdating() {
    local db="$TMP/backdate.db"
    log "$db" --theme email --duration 45 --at "2026-03-13 09:00" >/dev/null
    log "$db" --theme email --duration 45 --at "2026-03-13 10:00" >/dev/null
    log "$db" --theme sante --duration 20 --at "2026-03-13 11:00" >/dev/null
    desk "$db" && keys n && wait_for "New session" && wait_for "14/03/2026 10:30" &&
        screen | grep -qE "Duration +45 " && keys e Tab Tab && keys "13/03/2026 16:45" Enter &&
        wait_for "Session No. 4 saved on Friday 13 March 2026." &&
        [ "$(q "$db" "SELECT started_at || ' ' || duration_min FROM help_session WHERE id = 4")" = "2026-03-13 16:45 45" ]
    verdict "a session logged later keeps the date and time typed, and the most used duration" $? "$(screen)"
    keys n && wait_for "New session" && keys s Tab Tab && keys "14/03/2026 11:00" Enter &&
        wait_for "14/03/2026 11:00 is in the future (it is 14/03/2026 10:30 now)" &&
        keys C-u "12/03 9h" Enter && wait_for "Session No. 5 saved on Thursday 12 March 2026." &&
        [ "$(q "$db" "SELECT started_at FROM help_session WHERE id = 5")" = "2026-03-12 09:00" ]
    verdict "a future time is refused with a clear message; 12/03 9h is the 12th at 9:00" $? "$(screen)"
    keys n && wait_for "New session" && keys s Tab Tab && keys "31/02/2026 10:00" Enter &&
        wait_for 'Date and time: "31/02/2026 10:00" is not a date and time like 14/03/2026 10:30' &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 5 ] && keys C-u "14/03/2026 10:05" Enter &&
        wait_for "Session No. 6 saved: " && keys h && wait_for "6 sessions" && keys Enter &&
        wait_for "Edit session No. 6" && wait_for "14/03/2026 10:05"
    verdict "an impossible date is refused, naming the field; editing shows the session's own time" $? "$(screen)"
    stop
}

# A session whose commune the site's list no longer holds is corrected like any other: the
# commune, untouched, is kept as saved.
test_correction_keeps_commune_gone() {
    local db="$TMP/gone.db"
    printf '51999\t51999\tVieille-Commune\n' >"$TMP/gone.tsv"
    "$GUICHET" --db "$db" commune import "$TMP/gone.tsv" >/dev/null &&
        log "$db" --theme email --duration 15 --at "2026-03-13 10:00" --postal-code 51999 >/dev/null &&
        "$GUICHET" --db "$db" commune reset >/dev/null
    desk "$db" || { not_ok "commune gone: the desk opens" "$(screen)"; return; }
    keys h && wait_for "1 session" && keys Enter && wait_for "Edit session No. 1" &&
        wait_for "kept as saved" && keys Tab 2 0 Enter && wait_for "Session No. 1 corrected" &&
        [ "$(q "$db" "SELECT duration_min || '|' || postal_code || '|' || commune || '|' || insee FROM help_session")" = "20|51999|Vieille-Commune|51999" ]
    verdict "a session whose commune left the table is corrected, its commune kept as saved" $? \
        "$(q "$db" "SELECT * FROM help_session")" "$(screen)"
    keys q && wait_for "[exit 0]"
}

# A message belongs to the screen that said it: the operator screen's prompt is not shown on the
# form opened afterwards.
test_message_left_behind() {
    local db="$TMP/message.db"
    log "$db" --theme email --duration 15 --at "2026-03-13 10:00" >/dev/null
    desk "$db" || { not_ok "message: the desk opens" "$(screen)"; return; }
    keys O && wait_for "New operator:" && keys Down Enter && wait_for "Type the new operator's first name." &&
        keys Up Enter && wait_for "Hello, Camille." && wait_gone "Type the new operator's first name." &&
        keys h && wait_for "1 session" && keys Enter && wait_for "Edit session No. 1" &&
        screen | not_on_screen "Type the new operator's first name."
    verdict "a message is left behind with its screen" $? "$(screen)"
    keys Escape && wait_for "1 session" && keys Escape && wait_for "Hello, Camille." && keys q && wait_for "[exit 0]"
}

test_selection_identity
test_newest_shown
test_correction_keeps_author
test_message_left_behind
test_correction_keeps_commune_gone
test_prompts_across_resize
test_undo_and_deleted_view
test_numbers_command_line
test_deleted_session_and_privacy
test_numbers_after_migration
test_numbers_desk
test_paging
test_backdating
stop
finish
