#!/usr/bin/env bash
# End-to-end tests of forms that speak French rather than codes: a letter jumps through a choice
# list, the partner form ticks typology and ways to reach them in lists (saved as codes), opening
# hours typed in French are stored in OpenStreetMap's syntax and shown back so, and the partner's
# card shows the week's hours day by day. Each checked on screen and in the database.
# Usage: tests/tui/test-forms-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="forms in French (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:30" HOME="$TMP/home" # a Tuesday
ENV_EN="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_FR="LANGUAGE=fr GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_EXTRA=$ENV_EN

NBSP=$'\xc2\xa0' # U+00A0, the no-break space French puts before a colon and in "9 h 30"

q() { sqlite3 "$DB" "$1"; }
# db_is QUERY EXPECTED: true once QUERY gives EXPECTED (the save lands after the key is sent).
db_is() { eventually query_gives "$1" "$2"; }
query_gives() { [ "$(q "$1")" = "$2" ]; }

# A desk database: one site and the operator Camille.
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null
}

# desk [fr]: opens the desk on $DB (in French with fr), confirms Camille, waits for home.
desk() {
    if [ "${1:-}" = fr ]; then
        ENV_EXTRA=$ENV_FR
        start 80 24 --db "$DB"
        wait_for "Qui est au guichet" && keys Enter && wait_for "Bonjour, Camille."
    else
        ENV_EXTRA=$ENV_EN
        start 80 24 --db "$DB"
        wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
    fi
}

# The value shown on the focused line of a form ("> Label   < value >").
focused_is() { poll grep -qE -- "^> .*< $1 >"; }

test_jump_by_letter() {
    new_db jump
    "$GUICHET" --db "$DB" partner add --name "Épicerie solidaire" >/dev/null
    desk || { not_ok "jump: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys l && wait_for "Routing policy" && keys n &&
        wait_for "New request of the policy" && keys Tab Tab Tab && focused_is "Redirected" &&
        keys p && focused_is "Partly here" && keys h && focused_is "Handled here" &&
        keys r && focused_is "Redirected"
    verdict "a letter on a choice list jumps to the value starting with it" $? "$(screen)"
    # The partner is no list of the whole directory: letters find it (accents and case ignored).
    keys Tab && wait_match "^> Partner +\(none\)" && keys e && wait_match "^ +Emmaüs Connect" &&
        keys P I && wait_match "^ +Épicerie solidaire" && wait_gone "Emmaüs Connect" && keys Enter &&
        wait_match "^> Partner +Épicerie solidaire"
    verdict "the partner is found by its letters (accents, case ignored)" $? "$(screen)"
    keys Tab && keys o && focused_is "Office software" && keys o && focused_is "Online banking and shopping" &&
        keys o && focused_is "Online safety" && keys x && wait_for 'No value starts with "x".' &&
        focused_is "Online safety"
    verdict "no value with the letter: said, the value kept" $? "$(screen)"
    keys Escape && wait_for "Discard what was typed?" && keys y && wait_for "Routing policy"
    verdict "letters on a choice list count as typed (Esc asks)" $? "$(screen)"
    stop
}

test_partner_lists() {
    new_db lists
    desk || { not_ok "lists: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys n && wait_for "New partner" &&
        keys "Maison France Services Nord" Tab && wait_for "Space ticks or unticks" &&
        focused_is "\[ \] Family allowance office \(CAF\)" && keys f && focused_is "\[ \] France Travail" &&
        keys f && focused_is "\[ \] Farmers' social security \(MSA\)" && keys f &&
        focused_is "\[ \] France Services" && keys Space && focused_is "\[x\] France Services" &&
        keys m Space && focused_is "\[x\] Mission locale" && wait_for "Ticked: Mission locale, France Services"
    verdict "typology: a letter finds the value, Space ticks it, the ticked ones are listed" $? "$(screen)"
    keys Tab && wait_match "^  Typology +< Mission locale, France Services >" && keys a &&
        focused_is "Administration \(town hall, prefecture…\)" && keys a &&
        focused_is "Administrative help organisation \(France Services…\)"
    verdict "the list left shows what is ticked; the category jumps by letter too" $? "$(screen)"
    for _ in $(seq 9); do keys Tab; done
    focused_is "\[ \] Walk in" && keys Space p Space o && focused_is "\[ \] Online appointment" &&
        wait_for "Ticked: Walk in, Phone" && keys Enter &&
        db_is "SELECT typology, category, access_methods FROM partner WHERE name = 'Maison France Services Nord'" \
          "ML|MSAP|aide_aux_demarches_administratives|walk_in|phone" && wait_for "Partner directory"
    verdict "typology and ways to reach them are saved as the standard's codes" $? "$(screen)" \
        "$(q "SELECT typology, category, access_methods FROM partner WHERE name = 'Maison France Services Nord'")"
    # Editing: the values ticked come back ticked; unticking one saves the rest.
    keys / "nord" && wait_for "1 of" && keys Enter && wait_for "/ Search" && keys Enter &&
        wait_for "Tab moves between fields" && keys Tab &&
        focused_is "\[x\] Mission locale" && keys Space && wait_for "Ticked: France Services" &&
        keys Enter && db_is "SELECT typology FROM partner WHERE name = 'Maison France Services Nord'" MSAP &&
        wait_for "Partner directory"
    verdict "editing: ticked values come back ticked; Space unticks" $? "$(screen)"
    # A code the vocabulary does not know (a file from elsewhere) is shown, kept when untouched,
    # and can be unticked.
    q "UPDATE partner SET typology = 'CAF|XYZ' WHERE code = 'caf'"
    local caf; caf=$(q "SELECT id FROM partner WHERE code = 'caf'")
    # Hours guichet does not understand (imported so): shown verbatim, said so.
    q "UPDATE partner SET opening_hours = 'Mo-Fr sunrise-sunset' WHERE code = 'france_travail'"
    keys / && keys C-u "allocations" && wait_for "2 of" && keys Enter && wait_for "/ Search" &&
        keys Enter && wait_for "Tab moves between fields" &&
        wait_match "^  Typology +< Family allowance office \(CAF\), XYZ >" && keys Enter &&
        wait_for 'Typology: unknown code "XYZ"' && [ "$(q "SELECT typology FROM partner WHERE code = 'caf'")" = "CAF|XYZ" ]
    verdict "an unknown code is shown and never dropped unseen (saving names it)" $? "$(screen)"
    # The refusal put the focus on the typology.
    screen | grep -qE "^> Typology" && keys X && focused_is "\[x\] XYZ" && keys Space Enter &&
        db_is "SELECT typology FROM partner WHERE code = 'caf'" CAF
    verdict "the unknown code unticked, the partner saves" $? "$(screen)"
    stop
}

test_french_hours() {
    new_db hours
    desk || { not_ok "hours: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys n && wait_for "New partner" && keys "Mairie annexe"
    for _ in $(seq 10); do keys Tab; done
    wait_for "In French or as OpenStreetMap writes them" &&
        keys "du lundi au vendredi 9h-12h, 14h-17h" &&
        wait_for "Will be stored as: Mo-Fr 09:00-12:00,14:00-17:00" && keys Tab &&
        wait_match "^  Opening hours +Mo-Fr 09:00-12:00,14:00-17:00 *$" &&
        wait_for "Opening hours will be stored as: Mo-Fr 09:00-12:00,14:00-17:00"
    verdict "French hours are shown back in OpenStreetMap's syntax when the field is left" $? "$(screen)"
    keys Enter &&
        db_is "SELECT opening_hours FROM partner WHERE name = 'Mairie annexe'" "Mo-Fr 09:00-12:00,14:00-17:00" &&
        wait_for "Partner directory"
    verdict "and stored so" $? "$(screen)"
    # Typed straight into the save, without leaving the field.
    keys n && wait_for "New partner" && keys "Mairie du centre"
    for _ in $(seq 10); do keys Tab; done
    keys "mardi et jeudi 14h à 18h, fermé le dimanche" Enter &&
        db_is "SELECT opening_hours FROM partner WHERE name = 'Mairie du centre'" "Tu,Th 14:00-18:00; Su off" &&
        wait_for "Partner directory"
    verdict "French hours saved with Enter are stored in OpenStreetMap's syntax" $? "$(screen)"
    # What is not understood is refused, quoted, and nothing is written.
    keys n && wait_for "New partner" && keys "Mairie du nord"
    for _ in $(seq 10); do keys Tab; done
    keys "lundi 9h-12h sur rendez-vous" && wait_for '"sur rendez-vous" was not understood' &&
        keys Enter && wait_for '"sur rendez-vous" was not understood' &&
        [ "$(q "SELECT count(*) FROM partner WHERE name = 'Mairie du nord'")" = 0 ] &&
        screen | grep -q '^> Opening hours'
    verdict "hours not understood are refused with what was not understood, nothing saved" $? "$(screen)"
    # OpenStreetMap typed as such stays exactly as it is.
    keys C-u "Mo-Sa 10:00-18:00; PH off" Tab && wait_for "Mo-Sa 10:00-18:00; PH off" && keys Enter &&
        db_is "SELECT opening_hours FROM partner WHERE name = 'Mairie du nord'" "Mo-Sa 10:00-18:00; PH off"
    verdict "OpenStreetMap's syntax typed as such is stored as it is" $? "$(screen)"
    stop
}

test_card_week() {
    new_db card
    local caf; caf=$(q "SELECT id FROM partner WHERE code = 'caf'")
    # Hours guichet does not understand (imported so): shown verbatim, said so.
    q "UPDATE partner SET opening_hours = 'Mo-Fr sunrise-sunset' WHERE code = 'france_travail'"
    "$GUICHET" --db "$DB" partner edit "$caf" --hours "Mo-Fr 09:00-12:00,14:00-17:00; We 09:30-12:00; PH off" >/dev/null
    desk || { not_ok "card: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys / "allocations" && wait_for "2 of" && keys Enter &&
        wait_for "/ Search" && wait_for "Open now, until 12:00" && wait_for "Monday: 9:00–12:00, 14:00–17:00" &&
        wait_for "Wednesday: 9:30–12:00" && wait_for "Sunday: closed"
    verdict "the partner's card shows the coming week's hours, one line per day" $? "$(screen)"
    keys Down && wait_for "Mo-Fr sunrise-sunset" && wait_for "Not understood by guichet; open or closed:"
    verdict "hours not understood are shown as they are, open or closed unknown" $? "$(screen)"
    # Such a partner stays editable: its hours, left as they are, are kept verbatim.
    keys Enter && wait_for "Partner No." && keys Tab "x" Enter && wait_for "saved." &&
        db_is "SELECT opening_hours FROM partner WHERE code = 'france_travail'" "Mo-Fr sunrise-sunset"
    verdict "a partner with hours not understood is edited and saved, its hours kept" $? "$(screen)"
    keys / C-u "allocations" Enter && wait_for "2 of"
    keys Escape && wait_for "Hello, Camille." && keys o && wait_for "Orient a person" && keys "allocs" &&
        wait_for "Open now, until 12:00" && wait_for "Tuesday: 9:00–12:00, 14:00–17:00"
    verdict "Orienter's card shows the week too" $? "$(screen)"
    stop
    desk fr || { not_ok "card: the desk opens in French" "$(screen)"; return; }
    # French typography: a no-break space before the colon and in "9 h 30", a spaced en dash.
    keys p && wait_for "Annuaire des partenaires" && keys / "allocations" && wait_for "2 sur" && keys Enter &&
        wait_for "lundi${NBSP}: 9${NBSP}h – 12${NBSP}h, 14${NBSP}h – 17${NBSP}h" &&
        wait_for "mercredi${NBSP}: 9${NBSP}h${NBSP}30 – 12${NBSP}h" && wait_for "Ouvert maintenant, jusqu’à 12${NBSP}h"
    verdict "in French: lundi : 9 h – 12 h, 14 h – 17 h" $? "$(screen)"
    # A letter typed with its accent finds the label without one, as shown in French.
    keys Escape Escape && wait_for "Bonjour, Camille." && keys p && wait_for "Annuaire des partenaires" &&
        keys n && wait_for "Nouveau partenaire" && keys Tab && keys é &&
        focused_is "\[ \] Espace public numérique \(EPN\)" && keys Space m &&
        focused_is "\[ \] Mutualité sociale agricole \(MSA\)"
    verdict "in French: é jumps to Espace public numérique, m on to Mutualité (round the list)" $? "$(screen)"
    stop
}

# The session form's commune of residence: a postal code offers its communes (PgDn goes through
# them), a name is found without its accents, Ctrl+R gives back the last one of the desk, and
# "already helped" is one key; each checked in the database.
test_commune() {
    new_db commune
    "$GUICHET" --db "$DB" log --theme sante --duration 30 --at "2026-03-14 10:00" \
        --operator Camille --site "Médiathèque centrale" --postal-code 51100 >/dev/null
    desk || { not_ok "commune: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" && keys s C-r && wait_for "51100 Reims" &&
        poll grep -qE "^> Commune" && keys Enter && wait_for "saved"
    db_is "SELECT postal_code, commune, insee FROM help_session ORDER BY id DESC LIMIT 1" "51100|Reims|51454"
    verdict "Ctrl+R fills the commune with the desk's last one; saved with its INSEE code" $? "$(screen)"
    keys n && wait_for "New session" && keys s && keys Tab Tab Tab Tab Tab Tab Tab Tab Tab &&
        poll grep -qE "^> Commune" && keys 01000 && wait_for "Bourg-en-Bresse (1/2, PgDn: next)" &&
        keys NPage && wait_for "Saint-Denis-lès-Bourg (2/2" && keys Tab &&
        poll grep -qE "^> Already helped +< Not given >" && keys y &&
        poll grep -qE "^> Already helped +< Yes >" && keys Enter && wait_for "saved"
    db_is "SELECT postal_code, insee, already_helped FROM help_session ORDER BY id DESC LIMIT 1" "01000|01344|1"
    verdict "a postal code offers its communes, PgDn chooses; y says already helped" $? "$(screen)"
    keys n && wait_for "New session" && keys s && keys Tab Tab Tab Tab Tab Tab Tab Tab Tab &&
        keys epernay && wait_for "→ 51200 Épernay" && keys Enter && wait_for "saved"
    db_is "SELECT commune FROM help_session ORDER BY id DESC LIMIT 1" "Épernay"
    verdict "a commune's name typed without accents finds it" $? "$(screen)"
    keys n && wait_for "New session" && keys s && keys Tab Tab Tab Tab Tab Tab Tab Tab Tab &&
        keys zzz && wait_for "not in the table of communes" && keys Enter &&
        wait_for 'Commune: "zzz" is not in the table of communes'
    db_is "SELECT count(*) FROM help_session" "5"
    verdict "a commune not in the table is refused, nothing saved" $? "$(screen)"
    stop
}

# An open end is its start on its day, no hours made up for the night after (2026-03-17 is a
# Tuesday).
test_card_open_end() {
    new_db openend
    local caf; caf=$(q "SELECT id FROM partner WHERE code = 'caf'")
    "$GUICHET" --db "$DB" partner edit "$caf" --hours "We 18:00+; Fr 09:00-12:00" >/dev/null
    desk || { not_ok "open end: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys / "allocations" && wait_for "2 of" && keys Enter &&
        wait_for "Wednesday: 18:00, closing time not given" && wait_for "Thursday: closed" &&
        wait_for "Friday: 9:00–12:00"
    verdict "the card shows an open end as its start, the next day closed" $? "$(screen)"
    stop
}

test_commune
test_jump_by_letter
test_partner_lists
test_french_hours
test_card_week
test_card_open_end
stop
finish
