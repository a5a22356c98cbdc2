#!/usr/bin/env bash
# The desk at a network's size (issue 18): the policy form's partner found as it is typed (never
# a list of the whole directory), Home and End in the partner directory (searched or not) and in
# the policy, and the day's backup and purge both failing, both said.
# Usage: tests/tui/test-choice-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="choices and long lists (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

q() { sqlite3 "$DB" "$1"; }

# A desk database with the operator Camille, a partner of its own, and the places Quai 1000 to
# Quai 1999 imported (local partners, listed after the national ones).
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        "$GUICHET" --db "$DB" partner add --name "Épicerie solidaire" --commune Reims >/dev/null || return 1
    {
        echo 'id,pivot,nom,commune,code_postal,adresse,date_maj'
        for i in $(seq 1000 1999); do echo "q-$i,43493312300029,Quai $i,Reims,51100,$i rue de Vesle,2024-01-01"; done
    } >"$TMP/quais.csv"
    "$GUICHET" --db "$DB" partner import "$TMP/quais.csv" >/dev/null
}

desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# thousands N: N as the desk writes a count in English ("1,017").
thousands() { printf '%s' "$1" | sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta'; }

# The selected partner's card: its name, alone on its line, indented by two.
card_is() { wait_match "^  $1 *\$"; }

test_policy_partner_found_by_typing() {
    new_db policy || { not_ok "policy partner: the database" ; return; }
    desk || { not_ok "policy partner: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys l && wait_for "Routing policy" && keys n &&
        wait_for "New request of the policy" && keys "colis" Tab "Colis alimentaire" Tab "colis, repas" &&
        keys Tab Tab && wait_match '^> Partner +\(none\)' && keys e p i && wait_for "Épicerie solidaire" &&
        wait_for "Enter takes it" && keys Enter && wait_match '^> Partner +Épicerie solidaire( ·.*)?$'
    verdict "policy form: letters typed on the partner find it, Enter takes it" $? "$(screen)"
    keys Enter && wait_for "Policy saved." && keys End && wait_match "Redirected  *Épicerie solidaire" &&
        [ "$(q "SELECT p.name FROM request_kind k JOIN partner p ON p.id = k.partner_id WHERE k.code = 'colis'")" = "Épicerie solidaire" ]
    verdict "policy form: the partner found is saved with the request" $? "$(screen)"
    wait_for "Words people use: colis" && keys Enter && wait_for "Edit a request of the policy" &&
        keys Tab Tab Tab && wait_match '^> Partner +Épicerie solidaire( ·.*)?$'
    verdict "policy form: editing shows the request's partner" $? "$(screen)"
    # Words in any order, accents aside, as the directory's search; Down picks the second.
    keys 1 5 && wait_match '^ +Quai 1500( ·.*)?$' && keys 1 2 && wait_match '^> Partner +1512' &&
        wait_match '^ +Quai 1512( ·.*)?$' && keys BSpace BSpace BSpace BSpace "quai 17" && wait_match '^ +Quai 1700( ·.*)?$' &&
        wait_match '^ +Quai 1701( ·.*)?$' && keys Down && keys Escape && wait_gone "Enter takes it" &&
        wait_match '^> Partner +Épicerie solidaire( ·.*)?$'
    verdict "policy form: Esc leaves the search, the former partner kept" $? "$(screen)"
    keys q u a i Space 1 7 0 && wait_match '^ +Quai 1700( ·.*)?$' && keys Down Down Up && keys Enter &&
        wait_match '^> Partner +Quai 1701( ·.*)?$' && keys Enter && wait_for "Policy saved." &&
        [ "$(q "SELECT p.name FROM request_kind k JOIN partner p ON p.id = k.partner_id WHERE k.code = 'colis'")" = "Quai 1701" ]
    verdict "policy form: Down and Up choose among the partners found" $? "$(screen)"
    keys Enter && wait_for "Edit a request of the policy" && keys Tab Tab Tab && wait_match '^> Partner +Quai 1701' &&
        keys Right && wait_for "Enter takes it" && wait_for "Agence nationale" && keys Escape && wait_gone "Enter takes it" &&
        keys DC && wait_match '^> Partner +\(none\)' && keys Up && keys Left && wait_for "Partly here" &&
        keys Enter && wait_for "Policy saved." &&
        [ "$(q "SELECT coalesce(partner_id, 0) FROM request_kind WHERE code = 'colis'")" = 0 ]
    verdict "policy form: Right lists the first partners, Delete leaves none" $? "$(screen)"
    keys Enter && wait_for "Edit a request of the policy" && keys Tab Tab Tab && keys x y z z y &&
        wait_for "Nothing matches." && keys Enter && wait_gone "Nothing matches." &&
        wait_match '^> Partner +\(none\)' && keys F1 && wait_for "send people to no partner" && keys Escape &&
        wait_for "Edit a request of the policy" && keys Escape && wait_for "Routing policy"
    verdict "policy form: a search finding nothing says so, Enter leaves it with nothing taken; the help tells the keys" $? "$(screen)"
    keys Escape && keys Escape && wait_for "Hello, Camille." && keys q && wait_for "[exit 0]"
    verdict "policy form: the desk leaves cleanly" $? "$(screen)"
    stop
}

test_directory_home_end() {
    new_db ends || { not_ok "directory ends: the database"; return; }
    desk || { not_ok "directory ends: the desk opens" "$(screen)"; return; }
    local total; total=$(q "SELECT count(*) FROM partner")
    keys p && wait_for "$(thousands "$total") partners" && keys End && card_is "Quai 1999" && keys Up && card_is "Quai 1998"
    verdict "directory: End goes to the last partner" $? "$(screen)"
    # 150 up from the last page read backwards: the pages before are read as they are needed.
    tm send-keys -t t -N 150 Up && card_is "Quai 1848" && keys PPage && card_is "Quai 1840"
    verdict "directory: after End, Up and PgUp read the pages before" $? "$(screen)"
    "$GUICHET" --db "$DB" partner add --name "Quai 0999" --commune Reims >/dev/null &&
        wait_for "$(thousands $((total + 1))) partners" && keys Home && card_is "Agence nationale des titres sécurisés \(ANTS\)" &&
        keys End && card_is "Quai 1999"
    verdict "directory: Home goes to the first partner, End again to the last" $? "$(screen)"
    keys Up Up Up && card_is "Quai 1996" &&
        "$GUICHET" --db "$DB" partner add --name "Quai 1000b" --commune Reims >/dev/null &&
        wait_for "$(thousands $((total + 2))) partners" && card_is "Quai 1996" && keys Down && card_is "Quai 1997"
    verdict "directory: another desk's partner leaves the selection on its partner after End" $? "$(screen)"
    keys / C-u "quai 1" Enter && wait_for "100+ of $(thousands $((total + 2))) partners" && keys End &&
        card_is "Quai 1999" && keys Home && card_is "Quai 1000" && keys End && card_is "Quai 1999" &&
        tm send-keys -t t -N 199 Up && card_is "Quai 1800" && keys PPage && wait_match "^  Quai 17[0-9][0-9] *\$"
    verdict "directory: Home and End go to the first and last partner the search finds" $? "$(screen)"
    keys / C-u "quai 185 reims" Enter && wait_for "10 of" && keys End && card_is "Quai 1859" && keys Home &&
        card_is "Quai 1850"
    verdict "directory: End with several words of the search" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && keys q && wait_for "[exit 0]"
    verdict "directory: the desk leaves cleanly" $? "$(screen)"
    stop
}

test_policy_list_pages() {
    new_db pages || { not_ok "policy pages: the database"; return; }
    local first last
    first=$(q "SELECT label FROM request_kind ORDER BY position, id LIMIT 1")
    last=$(q "SELECT label FROM request_kind ORDER BY position DESC, id DESC LIMIT 1")
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille." &&
        keys p && wait_for "Partner directory" && keys l && wait_for "Routing policy" &&
        keys End d && wait_for "Remove \"${last:0:30}" && keys n && wait_gone "(y/n)" &&
        keys Home d && wait_for "Remove \"${first:0:30}" && keys n && wait_gone "(y/n)" &&
        keys NPage NPage NPage NPage NPage NPage d && wait_for "Remove \"${last:0:30}" && keys n && wait_gone "(y/n)" &&
        keys PPage PPage PPage PPage PPage PPage d && wait_for "Remove \"${first:0:30}" && keys n && wait_gone "(y/n)"
    verdict "policy: End, Home, PgDn and PgUp move through the requests" $? "$(screen)"
    keys F1 && wait_for "Go to the last row of the list" && keys Escape && wait_for "Routing policy"
    verdict "policy: the help tells Home and End" $? "$(screen)"
    stop
}

# The day's backup and purge start together as other processes; when both fail (a trigger
# added by hand: a schema the backup refuses, an audit entry the purge cannot write), both
# failures are said, not only the last one.
test_backup_and_purge_fail() {
    # A server's database has no day's copy taken by the desk (README, "Backups").
    file_engine_only "the day's backup beside the database failing with the purge" || return
    DB="$TMP/fail.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        q "CREATE TRIGGER no_purge BEFORE INSERT ON audit WHEN NEW.action = 'purge'
           BEGIN SELECT RAISE(ABORT, 'purges refused here'); END;"
    start 100 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter &&
        poll joined_has "Today's backup failed:" && poll joined_has "Today's purge failed:" &&
        poll joined_has "purges refused here"
    verdict "the day's backup and purge both failing: both said" $? "$(screen)"
    keys n && wait_for "New session" && keys e Enter && wait_for "Session No. 2 saved"
    verdict "both failed, the desk goes on" $? "$(screen)"
    stop
}
joined_has() { tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"; }

# The day's backup fails (a file where its folder goes) while the purge erases someone: the
# purge's outcome does not hide the backup's failure, and its counts take their plural.
test_backup_fails_purge_erases() {
    file_engine_only "the day's backup failing for a file where its folder goes" || return
    mkdir -p "$TMP/bf" && DB="$TMP/bf/bf.db" && : >"$TMP/bf/backups"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        GUICHET_NOW="2025-01-10 10:00" "$GUICHET" --db "$DB" workshop add --title Courriel \
            --at "2025-01-15 14:00" --duration 90 --capacity 8 >/dev/null &&
        GUICHET_NOW="2025-01-10 10:00" "$GUICHET" --db "$DB" workshop book 1 \
            --name "Zéphyrine Oublié" --phone "06 11 22 33 44" >/dev/null ||
        { not_ok "backup fails, purge erases: setup"; return; }
    start 120 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && poll joined_has "Today's backup failed:" &&
        poll joined_has "Past retention, erased: 1 participant's details, 0 referral contacts."
    verdict "the day's backup failing and the purge erasing: both said" $? "$(screen)"
    stop
}

test_policy_partner_found_by_typing
test_directory_home_end
test_policy_list_pages
test_backup_and_purge_fail
test_backup_fails_purge_erases
stop
finish
