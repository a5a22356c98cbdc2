#!/usr/bin/env bash
# End-to-end tests of the full-screen interface: the real binary driven in tmux (isolated server,
# fixed sizes, polling the screen), then the database checked.
# Usage: tests/tui/test-tui.sh GUICHET_BINARY
set -u
GUICHET=$(realpath "$1")
SUITE="terminal (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

q() { sqlite3 "$1" "$2"; }

# A database with one site and the operator Camille, as the command line leaves it.
seed_db() {
    "$GUICHET" --db "$1" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null
}

# desk DB: opens the desk on DB, confirms the preselected operator, and waits for home.
desk() {
    start 80 24 --db "$1"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

test_first_run_setup() {
    local db="$TMP/setup.db"
    start 80 24 --db "$db"
    wait_for "Name of the library:" && keys "Médiathèque Jean-Jaurès" Enter "Élodie" Enter &&
        wait_for "Hello, Élodie." && wait_for "Welcome, Élodie."
    local ok1=$?
    [ "$ok1" = 0 ] && [ "$(q "$db" "SELECT name FROM site")" = "Médiathèque Jean-Jaurès" ] &&
        [ "$(q "$db" "SELECT o.name, s.name FROM operator o JOIN site s ON s.id = o.site_id")" = "Élodie|Médiathèque Jean-Jaurès" ]
    verdict "first start asks for the library and the first operator" $? "$(screen)"
    keys q && wait_for "[exit 0]"
    # The next start asks who is at the desk, the last operator preselected: one key confirms.
    start 80 24 --db "$db"
    wait_for "Who is at the desk?" && screen | grep -q '^ *> *Élodie' && keys Enter && wait_for "Hello, Élodie."
    verdict "later starts preselect the last operator (Enter confirms)" $? "$(screen)"
    stop
}

test_daily_backup() {
    local db="$TMP/daily.db" copy="$TMP/backups/daily-2026-03-14.db"
    file_engine_only "the day's backup written beside the database, private" || return
    seed_db "$db"
    desk "$db" || { not_ok "daily backup: the desk opens" "$(screen)"; return; }
    # Written beside the desk by another process, which says when it is done.
    wait_file "$copy" && [ "$(stat -c %a "$copy")" = 600 ] &&
        [ "$(q "$copy" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "the first operator of the day gets today's backup written, private" $? "$(ls -la "$TMP/backups")"
    local inode; inode=$(stat -c %i "$copy")
    keys q && wait_for "[exit 0]" && desk "$db" && [ "$(stat -c %i "$copy")" = "$inode" ]
    verdict "later starts the same day leave that backup alone" $? "$(screen)"
    stop
}

# The day's purge (domain.md §6) runs in another process when the first operator takes the desk:
# the desk shows home meanwhile and says what was erased once it is done; quitting waits for
# it; a purge already run today (a scheduled `guichet purge`) is not run again.
test_daily_purge() {
    local db="$TMP/purge.db" at="2025-01-10 10:00"
    seed_db "$db"
    GUICHET_NOW=$at "$GUICHET" --db "$db" workshop add --title Courriel --at "2025-01-15 14:00" \
        --duration 90 --capacity 8 >/dev/null &&
        GUICHET_NOW=$at "$GUICHET" --db "$db" workshop book 1 --name "Zéphyrine Oublié" \
            --phone "06 11 22 33 44" >/dev/null || { not_ok "daily purge: setup"; return; }
    desk "$db" && wait_for "Past retention, erased: 1 participant's details, 0 referral contacts." &&
        [ "$(q "$db" "SELECT CASE WHEN name IS NULL AND phone IS NULL THEN 1 ELSE 0 END FROM participant")" = 1 ] &&
        [ "$(q "$db" "SELECT value FROM setting WHERE key = 'purge_last_on'")" = 2026-03-14 ] &&
        [ "$(q "$db" "SELECT detail FROM audit WHERE action = 'purge'")" = "participants=1 contacts=0 audit=2 expired=0" ]
    verdict "the first operator of the day gets the day's purge run beside the desk, which says what it erased" $? \
        "$(screen)" "$(q "$db" "SELECT * FROM audit WHERE action = 'purge'")"
    keys q && wait_for "[exit 0]" && desk "$db" && keys h && wait_for "History" && keys q &&
        wait_for "[exit 0]" && [ "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'purge'")" = 1 ]
    verdict "later starts the same day run no other purge" $? "$(screen)"
    local cron="$TMP/purge-cron.db"
    seed_db "$cron"
    "$GUICHET" --db "$cron" purge >/dev/null && desk "$cron" && keys q && wait_for "[exit 0]" &&
        [ "$(q "$cron" "SELECT count(*) FROM audit WHERE action = 'purge'")" = 1 ]
    verdict "a purge run by hand or by a scheduled task is the day's purge: the desk runs none" $? \
        "$(screen)" "$(q "$cron" "SELECT * FROM audit WHERE action = 'purge'")"
    stop
}

test_restore_under_open_desk() {
    local db="$TMP/restored.db"
    file_engine_only "restore of a backup file in place of an open desk's database" || return
    seed_db "$db"
    "$GUICHET" --db "$db" backup "$TMP/restored-backup.db" >/dev/null
    "$GUICHET" --db "$db" log --theme email --duration 15 --site "Médiathèque centrale" >/dev/null
    desk "$db" && wait_for "Whole site: 1 session" && "$GUICHET" --db "$db" restore "$TMP/restored-backup.db" >/dev/null &&
        wait_for "Whole site: 0 sessions" && keys n && wait_for "New session" && keys e Enter &&
        wait_for "Session No. 2 saved" && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 2 ]
    verdict "a desk left open through a restore shows the restored data and goes on saving" $? "$(screen)"
    # A damaged database is moved aside by the restore: the open desk notices and opens the new
    # file, keeping the form being typed, and its next session goes there.
    keys n && wait_for "New session" && keys s
    q "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null # so that the damage is not masked by the log
    dd if=/dev/urandom of="$db" bs=4096 seek=3 count=20 conv=notrunc status=none
    "$GUICHET" --db "$db" restore "$TMP/restored-backup.db" >/dev/null &&
        wait_for "The database was replaced (restored): guichet now uses the new one." &&
        screen | grep -q '\[x\] s Health' && keys Enter && wait_for "Session No. 2 saved" &&
        [ "$(q "$db" "SELECT group_concat(theme) FROM help_session_theme WHERE session_id = 2")" = sante ]
    verdict "a desk left open through the restore of a damaged database moves to the new file" $? "$(screen)"
    # A backup from another desk's database, where number 1 is Dominique: the open desk finds
    # Camille again by name (added back), so that "for you" still counts Camille's sessions.
    local other="$TMP/other-desk.db"
    "$GUICHET" --db "$other" log --theme email --duration 15 --operator Dominique --site Annexe >/dev/null
    "$GUICHET" --db "$other" log --theme email --duration 15 --operator Dominique --site Annexe >/dev/null
    "$GUICHET" --db "$other" backup "$TMP/other-backup.db" >/dev/null
    keys n && wait_for "New session" &&
        "$GUICHET" --db "$db" restore "$TMP/other-backup.db" >/dev/null &&
        poll_db "$db" "SELECT count(*) FROM operator WHERE name = 'Camille'" 1 &&
        keys e Enter && wait_for "Session No. 3 saved: 1 today for you." &&
        [ "$(q "$db" "SELECT o.name FROM help_session s JOIN operator o ON o.id = s.operator_id WHERE s.id = 3")" = Camille ]
    verdict "after a restore the desk's operator is found again by name, not by number" $? "$(screen)"
    stop
}

# poll_db DB SQL VALUE: true once SQL on DB gives VALUE (another process is expected to write).
poll_db() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ $SECONDS -le $deadline ]; do
        [ "$(q "$1" "$2")" = "$3" ] && return 0
        sleep 0.05
    done
    return 1
}

# The library's time zone on the first start: chosen with the arrows, kept for its site.
test_setup_time_zone() {
    local db="$TMP/setup-zone.db"
    start 80 24 --db "$db"
    wait_for "Name of the library:" && keys "Médiathèque du Port" Tab "Lina" Tab &&
        wait_for "Europe/Paris  (← → to change)" && keys Right Right Right Right &&
        wait_for "Indian/Reunion" && keys Enter && wait_for "Welcome, Lina." &&
        [ "$(q "$db" "SELECT name || '|' || time_zone FROM site")" = "Médiathèque du Port|Indian/Reunion" ]
    verdict "first start: the time zone chosen with the arrows is the site's" $? "$(screen)"
    stop
}

test_setup_refuses_empty_names() {
    local db="$TMP/setup-empty.db"
    start 80 24 --db "$db"
    wait_for "Name of the library:" && keys Enter Enter && wait_for "please fill it in" &&
        [ "$(q "$db" "SELECT count(*) FROM operator")" = 0 ]
    verdict "setup refuses an empty name where it is typed" $? "$(screen)"
    stop
}

test_three_keystrokes() {
    local db="$TMP/three.db"
    seed_db "$db"
    desk "$db" || { not_ok "three keystrokes: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" && keys e && keys Enter && wait_for "Session No. 2 saved: 1 today for you." &&
        wait_for "You: 1 session"
    local shown=$?
    local row; row=$(q "$db" "SELECT s.started_at, s.duration_min, s.place, o.name, si.name, group_concat(t.theme)
        FROM help_session s JOIN operator o ON o.id = s.operator_id JOIN site si ON si.id = s.site_id
        JOIN help_session_theme t ON t.session_id = s.id WHERE s.id = 2
        GROUP BY s.id, s.started_at, s.duration_min, s.place, o.name, si.name")
    [ "$shown" = 0 ] && [ "$row" = "2026-03-14 10:30|45|lieu_activite|Camille|Médiathèque centrale|email" ]
    verdict "n, a theme's letter, Enter: saved with the desk's defaults, back home with the count" $? "row: $row" "$(screen)"
    stop
}

test_full_form() {
    local db="$TMP/full.db"
    seed_db "$db"
    desk "$db" || { not_ok "full form: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" || { not_ok "full form opens" "$(screen)"; return; }
    keys a e Tab BSpace BSpace 2 0 Tab Tab   # themes, duration 20, past the date, to the démarches
    wait_for "Papers - Elections" || { not_ok "démarches appear with their theme" "$(screen)"; return; }
    keys Right Space Tab                      # family & schooling
    keys "Demande de bourse" Tab              # procedure name
    keys Right Tab                            # place: other
    keys Space Right Space Tab                # devices: computer and phone
    keys Right Tab Right Right Tab Right Tab Right Tab   # autonomy, age, status, gender
    keys 51100 Tab n Tab Right Tab            # commune, already helped (no), orientation
    wait_for "Personal data: no health details" || { not_ok "the note shows the personal-data warning" "$(screen)"; return; }
    keys "Rappeler jeudi ?" Enter
    wait_for "Session No. 2 saved"
    local row; row=$(q "$db" "SELECT duration_min, place, autonomy, age, status, gender, oriented, orientation, procedure_name, note FROM help_session WHERE id = 2")
    local sets; sets=$(q "$db" "SELECT (SELECT group_concat(theme) FROM (SELECT theme FROM help_session_theme WHERE session_id = 2 ORDER BY theme) AS t),
        (SELECT group_concat(demarche) FROM help_session_demarche WHERE session_id = 2),
        (SELECT group_concat(material) FROM (SELECT material FROM help_session_material WHERE session_id = 2 ORDER BY material) AS t)")
    [ "$row" = "20|autre|entierement_accompagne|douze_dix_huit|retraite|masculin|1|administration|Demande de bourse|Rappeler jeudi ?" ] &&
        [ "$sets" = "aide_aux_demarches_administratives,email|famille_scolarite|ordinateur,telephone" ] &&
        [ "$(q "$db" "SELECT postal_code, commune, insee, already_helped FROM help_session WHERE id = 2")" = "51100|Reims|51454|0" ]
    verdict "the full form records every field" $? "row: $row" "sets: $sets"
    stop
}

test_refused_where_typed() {
    local db="$TMP/refuse.db"
    seed_db "$db"
    desk "$db" || { not_ok "refusals: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" && keys Tab BSpace BSpace 9 9 9 9 &&
        wait_for "The duration is a whole number of minutes, 1 to 1440." &&
        screen | grep -q 'Duration *999 '
    verdict "a duration over 1440 is refused as it is typed" $? "$(screen)"
    keys BSpace BSpace x && wait_for "The duration is a whole number" && screen | grep -q 'Duration *9 '
    keys Enter && wait_for "Choose at least one theme" && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "saving without a theme is refused with a reason, nothing written" $? "$(screen)"
    # The refusal moved the focus to the themes: tick one, then empty the duration.
    keys e Tab BSpace Enter && wait_for "Duration: \"\" is not a whole number" &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "an empty duration is refused with a reason" $? "$(screen)"
    keys Escape && wait_for "(y/n)" && keys y && wait_for "Hello, Camille." && ! screen | grep -q "not a whole number"
    verdict "discarding the form also clears its refusal from the message line" $? "$(screen)"
    stop
}

test_repeat_and_cancel() {
    local db="$TMP/repeat.db"
    seed_db "$db"
    desk "$db" || { not_ok "repeat: the desk opens" "$(screen)"; return; }
    keys r && wait_for "New session" && screen | grep -q '\[x\] s Health' && screen | grep -q 'Duration *45 ' &&
        keys Enter && wait_for "Session No. 2 saved"
    local themes; themes=$(q "$db" "SELECT theme FROM help_session_theme WHERE session_id = 2")
    [ $? = 0 ] && [ "$themes" = sante ] && [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 2")" = 45 ]
    verdict "r repeats the last session's choices" $? "themes=$themes" "$(screen)"
    keys n && wait_for "New session" && keys b Escape && wait_for "Discard the session being typed? (y/n)" &&
        keys n && wait_gone "(y/n)" && screen | grep -q "New session" &&
        keys Escape && wait_for "(y/n)" && keys y && wait_for "Hello, Camille." &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 2 ]
    verdict "Esc asks before discarding a typed form, and writes nothing" $? "$(screen)"
    keys n && wait_for "New session" && keys Escape && wait_for "Hello, Camille."
    verdict "Esc on an untouched form leaves without asking" $? "$(screen)"
    stop
}

test_history_search_edit_delete() {
    local db="$TMP/history.db"
    seed_db "$db"
    "$GUICHET" --db "$db" log --theme aide_aux_demarches_administratives --procedure "Actualisation Pôle emploi" \
        --duration 30 --at "2026-03-12 11:00" --operator Camille >/dev/null
    "$GUICHET" --db "$db" log --theme bureautique --duration 60 --at "2026-03-11 15:00" --operator Camille >/dev/null
    desk "$db" || { not_ok "history: the desk opens" "$(screen)"; return; }
    keys h && wait_for "History: all days" && wait_for "3 sessions"
    verdict "history lists sessions, newest first" $? "$(screen)"
    keys / p o l e && wait_for "1 session" && screen | grep -q 'Help with administrative' && ! screen | grep -q 'Office software'
    verdict "search as you type ignores accents and capitals (pole finds Pôle)" $? "$(screen)"
    keys BSpace BSpace BSpace BSpace Escape && wait_for "3 sessions"
    keys Down Down Enter && wait_for "Edit session No. 3" && keys 4 Enter && wait_for "Session No. 3 corrected." &&
        [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 3")" = 60 ] ||
        [ "$(q "$db" "SELECT duration_min FROM help_session WHERE id = 3")" = 60 ]
    local audit; audit=$(q "$db" "SELECT a.action, a.entity_id, o.name FROM audit a JOIN operator o ON o.id = a.operator_id WHERE a.action = 'update'")
    [ "$audit" = "update|3|Camille" ]
    verdict "Enter opens a session to edit; the change is saved and audited with the operator" $? "audit: $audit" "$(screen)"
    keys Up && keys d && wait_for "Delete session No. 2 (12/03/2026 11:00, 30 min," && keys y &&
        wait_for "Session No. 2 deleted" && wait_for "2 sessions" &&
        [ "$(q "$db" "SELECT count(*) FROM help_session_deleted WHERE session_id = 2")" = 1 ] &&
        [ "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'delete' AND entity_id = 2 AND operator_id = 1")" = 1 ]
    verdict "d deletes after confirmation, recorded in the audit log" $? "$(screen)"
    keys '<' && wait_for "History: Friday 13 March 2026" && wait_for "1 session" && keys a && wait_for "History: all days"
    verdict "history filters by day" $? "$(screen)"
    stop
}

test_resize_storm() {
    local db="$TMP/resize.db"
    seed_db "$db"
    desk "$db" || { not_ok "resize: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" && keys e
    local size
    for size in "60 20" "20 5" "79 23" "120 40" "20 5" "30 8"; do
        set -- $size
        tm resize-window -t t -x "$1" -y "$2"
        wait_for "Terminal too small" || [ "$1" -ge 80 ] || break
    done
    tm resize-window -t t -x 80 -y 24
    wait_for "New session" && screen | grep -q '\[x\] e E-mail' && keys Enter && wait_for "Session No. 2 saved"
    verdict "resize storms down to 20x5 and back keep the form and its ticks" $? "$(screen)"
    stop
}

test_quit_paths() {
    local db="$TMP/quit.db"
    seed_db "$db"
    desk "$db" && keys q && wait_for "[exit 0]"
    verdict "q on home leaves with status 0" $? "$(screen)"
    desk "$db" && keys n && wait_for "New session" && keys e q && wait_for "Quit and lose the session being typed? (y/n)" &&
        keys n && wait_gone "(y/n)" && keys q && wait_for "(y/n)" && keys y && wait_for "[exit 0]" &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "q in a typed form asks first" $? "$(screen)"
    local sig
    for sig in TERM HUP INT; do
        # The pane's one child is the desk: guichet, or valgrind running it.
        desk "$db" && keys n && wait_for "New session" && keys e &&
            pkill -"$sig" -P "$(tm list-panes -t t -F '#{pane_pid}')" &&
            wait_for "[exit $((128 + $(kill -l "$sig")))]" && ! screen | grep -q "New session" &&
            "$GUICHET" --db "$db" check >/dev/null
        verdict "SIG$sig leaves cleanly: terminal restored, database sound" $? "$(screen)"
    done
    stop
}

test_languages() {
    local db="$TMP/lang.db"
    seed_db "$db"
    ENV_EXTRA="LANGUAGE= GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    start 80 24 --db "$db"
    # French typography puts non-breaking spaces before colons and inside "10 h 30".
    local nb=$'\xc2\xa0' nnb=$'\xe2\x80\xaf' # and narrow ones before ? ; ! %
    wait_for "Qui est au guichet${nnb}?" && keys Enter && wait_for "Bonjour, Camille." &&
        wait_for "samedi 14 mars 2026 10${nb}h${nb}30" && wait_for "Vous${nb}: 0 accompagnement" &&
        keys n && wait_for "Nouvel accompagnement" && wait_for "Aide aux démarches administratives" &&
        keys e Enter && wait_for "Vous${nb}: 1 accompagnement" && [ "$(q "$db" "SELECT count(*) FROM help_session")" = 2 ]
    verdict "French screens by default, with French dates and plurals" $? "$(screen)"
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    desk "$db" && wait_for "Saturday 14 March 2026 10:30" && wait_for "You: 1 session"
    verdict "English screens with LANGUAGE=en" $? "$(screen)"
    stop
}

test_help_and_hostile_names() {
    local db="$TMP/hostile.db"
    seed_db "$db"
    # ESC and U+202E (right-to-left override) typed into the literal: SQL of both engines.
    local esc=$'\x1b' rlo=$'\xe2\x80\xae'
    q "$db" "INSERT INTO operator (name, name_fold, created_at) VALUES ('Zoé${esc}[31mRED${rlo}x', 'zz', '2026-01-01')"
    start 80 24 --db "$db"
    wait_for "Who is at the desk?" && wait_for "Zoé" && ! tm capture-pane -p -e -t t | grep -q $'\e\\[31mRED' &&
        screen | grep -q 'Zoé.*\[31mREDx'
    verdict "names with escape sequences are shown inert" $? "$(tm capture-pane -p -e -t t | grep Zo | od -c | head -3)"
    keys Enter && wait_for "Hello, Camille." && keys '?' && wait_for "Help: keys of this screen" &&
        screen | grep -q 'Log a new help session' && keys x && wait_for "Hello, Camille."
    verdict "? shows the help of the screen from the action table" $? "$(screen)"
    keys n && wait_for "New session" && keys F1 && wait_for "Help: keys of this screen" && screen | grep -q 'e E-mail' &&
        keys x && wait_for "New session"
    verdict "F1 shows the form's help with the theme letters" $? "$(screen)"
    stop
}

test_other_desk_writes() {
    local db="$TMP/shared.db"
    seed_db "$db"
    desk "$db" && wait_for "Whole site: 0 sessions" &&
        "$GUICHET" --db "$db" log --theme email --duration 15 --site "Médiathèque centrale" >/dev/null &&
        wait_for "Whole site: 1 session"
    verdict "home refreshes when another desk writes, without a key" $? "$(screen)"
    stop
}

# Another desk's writes show on each open screen within a second or so, without a key: the
# desk polls SQLite's data version twice a second.
test_other_desk_on_each_screen() {
    local db="$TMP/shared-screens.db"
    seed_workshops "$db"
    desk "$db" && keys h && wait_for "History: all days" && wait_for "1 session" &&
        "$GUICHET" --db "$db" log --theme banque_et_achats_en_ligne --duration 20 --site "Médiathèque centrale" >/dev/null &&
        wait_for "2 sessions" && wait_for "Online banking"
    verdict "the history shows another desk's session without a key" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && keys w && wait_for "Workshops: upcoming" &&
        GUICHET_NOW="2026-03-14 10:31" "$GUICHET" --db "$db" workshop book 2 --name "Jean Martin" >/dev/null &&
        wait_match '14/03/2026 16:00 +Courriel +2 / 8'
    verdict "the workshop list shows another desk's booking without a key" $? "$(screen)"
    keys Enter && wait_for "Workshop No. 2: Courriel" && wait_for "Jean Martin" &&
        GUICHET_NOW="2026-03-14 10:32" "$GUICHET" --db "$db" workshop book 2 --name "Nadia Benali" >/dev/null &&
        wait_for "Nadia Benali"
    verdict "an open workshop shows another desk's booking without a key" $? "$(screen)"
    stop
}

test_no_color() {
    local db="$TMP/colour.db"
    seed_db "$db"
    desk "$db" && keys n && wait_for "New session"
    tm capture-pane -p -e -t t | grep -q $'\e\\[[0-9;]*4[0-7]m'
    local coloured=$?
    stop
    ENV_EXTRA="NO_COLOR=1 LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    desk "$db" && keys n && wait_for "New session" && [ "$coloured" = 0 ] &&
        ! tm capture-pane -p -e -t t | grep -q $'\e\\[[0-9;]*4[0-7]m' && tm capture-pane -p -e -t t | grep -q $'\e\\[[0-9;]*7m'
    verdict "NO_COLOR: no colours, reverse video marks the title and focus" $? "coloured=$coloured"
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    stop
}

# A workshop tomorrow at 14:00 (capacity 2) with Marie booked, planned on the 10th; a person known
# from another workshop, Karim Haddad.
seed_workshops() {
    seed_db "$1"
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$1" workshop add --title "Smartphone : les bases" \
        --at "2026-03-15 14:00" --duration 90 --capacity 2 --theme prendre_en_main_du_materiel >/dev/null
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$1" workshop add --title "Courriel" \
        --at "2026-03-14 16:00" --duration 60 --capacity 8 --theme email >/dev/null
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$1" workshop book 1 --name "Marie Dupont" --phone "06 12 34 56 78" >/dev/null
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$1" workshop book 2 --name "Karim Haddad" --phone "07 88 77 66 55" >/dev/null
}

test_workshops_list_and_home() {
    local db="$TMP/ws.db"
    seed_workshops "$db"
    desk "$db" && wait_for "Today's workshops" && screen | grep -q '16:00 *Courriel *1 / 8'
    verdict "home shows today's workshops with their seats" $? "$(screen)"
    keys w && wait_for "Workshops: upcoming" && screen | grep -q '14/03/2026 16:00 *Courriel *1 / 8' &&
        screen | grep -q '15/03/2026 14:00 *Smartphone : les bases *1 / 2'
    verdict "w lists the upcoming workshops with seats" $? "$(screen)"
    keys v && wait_for "Workshops: week of Monday 9 March 2026" && wait_for "Sunday 15 March 2026" &&
        keys '>' && wait_for "week of Monday 16 March 2026" && keys '<' v && wait_for "Workshops: upcoming"
    verdict "v shows a week view, < and > move by week" $? "$(screen)"
    stop
}

test_booking_with_search() {
    local db="$TMP/book.db"
    seed_workshops "$db"
    desk "$db" && keys w && wait_for "Workshops: upcoming" && keys Down Enter &&
        wait_for "Workshop No. 1: Smartphone : les bases" && keys b && wait_for "Book: type the name" &&
        keys k a r && wait_for "Karim Haddad  07 88 77 66 55" && keys Down Enter &&
        wait_for "Karim Haddad has a seat (registration 3)."
    local ok1=$?
    [ "$ok1" = 0 ] && [ "$(q "$db" "SELECT count(*) FROM participant")" = 2 ] &&
        [ "$(q "$db" "SELECT r.state || ',' || p.phone FROM registration r JOIN participant p ON p.id = r.participant_id WHERE r.id = 3")" = "booked,+33788776655" ]
    verdict "booking offers known people as the name is typed, and books them without a duplicate" $? "$(screen)"
    keys b && wait_for "Book: type the name" && keys "Léa Roux" Tab "06 01 02 03 04" Enter &&
        wait_for "Léa Roux is on the waitlist, position 1 (registration 4)." && screen | grep -q 'Waitlisted (1)'
    verdict "a full workshop puts the next person on the waitlist" $? "$(screen)"
    keys b && wait_for "Book: type the name" && keys "Zoé" Tab "phone?" Enter && wait_for "is not a phone number" &&
        keys Escape && wait_for "Discard what was typed? (y/n)" && keys y && wait_gone "Book: type the name" &&
        [ "$(q "$db" "SELECT count(*) FROM registration")" = 4 ]
    verdict "a bad phone number is refused where it is typed; Esc asks before dropping what was typed" $? "$(screen)"
    keys Up Up Up Up && keys u && wait_for "Cancel the registration of Marie Dupont? (y/n)" && keys y &&
        wait_for "Registration cancelled. Léa Roux now has the seat: call 06 01 02 03 04." &&
        [ "$(q "$db" "SELECT state FROM registration WHERE id = 4")" = booked ]
    verdict "unbooking gives the seat to the first waiting person and says whom to call" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && keys c && wait_for "Call list: workshops of the next 1 day" &&
        screen | grep -q 'Smartphone : les bases *Karim Haddad *07 88 77 66 55' && ! screen | grep -q 'Marie Dupont'
    verdict "the call list shows tomorrow's booked people with phones" $? "$(screen)"
    stop
}

# A long description (900 characters of two bytes each) comes back whole after an edit on the
# desk: the field used to keep only its first 1,023 bytes, and saving stored them.
test_long_text_edited_whole() {
    local db="$TMP/long.db" long
    seed_workshops "$db"
    long=$(python3 -c 'print("é" * 900)')
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$db" workshop edit 1 --description "$long" >/dev/null
    desk "$db" && keys w && wait_for "Workshops: upcoming" && keys Down Enter &&
        wait_for "Workshop No. 1: Smartphone" && keys e && wait_for "Title" && keys End " 2" Enter &&
        wait_for "Workshop saved." &&
        [ "$(q "$db" "SELECT title || '|' || length(description) || '|' || (CASE WHEN description = '$long' THEN 1 ELSE 0 END) FROM workshop WHERE id = 1")" = "Smartphone : les bases 2|900|1" ]
    verdict "a 900-character description comes back whole after an edit on the desk" $? "$(screen)" \
        "$(q "$db" "SELECT title, length(description) FROM workshop WHERE id = 1")"
    stop
}

test_attendance_screen() {
    local db="$TMP/attend.db"
    seed_workshops "$db"
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$db" workshop book 2 --name "Jean Martin" >/dev/null
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='2026-03-14 17:10' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    desk "$db" && keys w && wait_for "Workshops: upcoming" && keys Enter && wait_for "Workshop No. 2: Courriel" &&
        keys a && wait_for "Space: present, absent, excused" && keys Down Space + + + - Enter &&
        wait_for "Attendance saved: 1 present, 2 walk-ins."
    local shown=$?
    [ "$shown" = 0 ] && [ "$(q "$db" "SELECT group_concat(state) FROM (SELECT state FROM registration WHERE workshop_id = 2 ORDER BY id) AS t")" = "attended,absent" ] &&
        [ "$(q "$db" "SELECT status || ',' || walk_ins FROM workshop WHERE id = 2")" = "held,2" ]
    verdict "attendance on one screen: present, absent, walk-ins; the workshop is held" $? "$(screen)"
    keys Escape && wait_for "Workshops: upcoming" && keys Down Enter && wait_for "Workshop No. 1" && keys a &&
        wait_for "Attendance is taken once the workshop has started."
    verdict "attendance waits for the workshop to start" $? "$(screen)"
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    stop
}

# Attendance being taken keeps its marks when another process writes meanwhile (another desk,
# or the day's purge, which ends in its own process just after the desk starts).
test_attendance_kept_through_a_write() {
    local db="$TMP/attend-write.db" trace="$TMP/attend-write.trace" before i
    seed_workshops "$db"
    GUICHET_NOW="2026-03-10 09:00" "$GUICHET" --db "$db" workshop book 2 --name "Jean Martin" >/dev/null
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='2026-03-14 17:10' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR GUICHET_TRACE_KEYS=$trace"
    desk "$db" && keys w && wait_for "Workshops: upcoming" && keys Enter && wait_for "Workshop No. 2: Courriel" &&
        keys a && wait_for "Space: present, absent, excused" && keys Down Space && wait_match 'Jean Martin +Absent'
    local ok=$?
    before=$(grep -c '^refresh ' "$trace")
    GUICHET_NOW="2026-03-14 17:10" "$GUICHET" --db "$db" log --theme email --duration 15 --at "2026-03-14 09:00" >/dev/null
    for ((i = 0; i < 300 && $(grep -c '^refresh ' "$trace") <= before; i++)); do sleep 0.05; done
    [ "$ok" = 0 ] && [ "$(grep -c '^refresh ' "$trace")" -gt "$before" ] && screen | grep -qE 'Jean Martin +Absent' &&
        keys Enter && wait_for "Attendance saved: 1 present" &&
        [ "$(q "$db" "SELECT group_concat(state) FROM (SELECT state FROM registration WHERE workshop_id = 2 ORDER BY id) AS t")" = "attended,absent" ]
    verdict "attendance being taken keeps its marks through another process's write" $? "$(screen)" \
        "$(q "$db" "SELECT id, state FROM registration WHERE workshop_id = 2")"
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    stop
}

test_new_series_and_cancel() {
    local db="$TMP/series.db"
    seed_db "$db"
    desk "$db" && keys w && wait_for "Workshops: upcoming" && keys n && wait_for "New workshop" &&
        keys "Tablette" Tab Tab Tab Tab BSpace 6 Tab Space Tab Right Tab "Salle B" Tab Tab BSpace 3 Tab BSpace 2 Enter &&
        wait_for "Workshop saved: 3 dates."
    local dates; dates=$(q "$db" "SELECT replace(group_concat(starts_at || '/' || capacity || '/' || coalesce(level, '-') || '/' || room), ',', ' ') FROM (SELECT * FROM workshop ORDER BY id) AS t")
    [ "$dates" = "2026-03-21 14:00/6/debutant/Salle B 2026-04-04 14:00/6/debutant/Salle B 2026-04-18 14:00/6/debutant/Salle B" ] &&
        [ "$(q "$db" "SELECT count(DISTINCT series_id) FROM workshop")" = 1 ] &&
        [ "$(q "$db" "SELECT group_concat(theme) FROM workshop_theme WHERE workshop_id = 1")" = diagnostic_numerique ] &&
        [ "$(q "$db" "SELECT o.name FROM workshop w JOIN operator o ON o.id = w.facilitator_id WHERE w.id = 1")" = Camille ]
    verdict "a new workshop as a series of dates every N weeks" $? "dates: $dates" "$(screen)"
    keys x && wait_for "Cancel workshop No." && keys y && wait_for "Also cancel the later dates of its series? (y/n)" &&
        keys y && wait_for "3 workshops cancelled" &&
        [ "$(q "$db" "SELECT group_concat(status) FROM workshop")" = "cancelled,cancelled,cancelled" ]
    verdict "x cancels a workshop and, if asked, the rest of its series" $? "$(screen)"
    stop
}

test_first_run_setup
test_daily_backup
test_daily_purge
test_restore_under_open_desk
test_setup_refuses_empty_names
test_setup_time_zone
test_three_keystrokes
test_full_form
test_refused_where_typed
test_repeat_and_cancel
test_history_search_edit_delete
test_resize_storm
test_quit_paths
test_languages
test_help_and_hostile_names
test_other_desk_writes
test_no_color
test_workshops_list_and_home
test_other_desk_on_each_screen
test_booking_with_search
test_attendance_screen
test_attendance_kept_through_a_write
test_long_text_edited_whole
test_new_series_and_cancel
stop
finish
