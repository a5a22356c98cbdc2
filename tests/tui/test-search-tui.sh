#!/usr/bin/env bash
# End-to-end tests of the desk's one search and of its keys: the same equivalences in the
# history and the partner directory (accents, case, hyphens, apostrophes, word order, prefixes,
# words joined by a hyphen or an apostrophe found as one word),
# filters cleared on leaving for home, Orienter opening a session for a request handled here,
# `?` typed where a text field has the focus and F1 helping everywhere, the too-small notice
# typing nothing, and Esc on the referral form asking before dropping what was typed.
# Usage: tests/tui/test-search-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="one search, keys (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:30" HOME="$TMP/home" # a Tuesday
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

q() { sqlite3 "$DB" "$1"; }

# A desk database: the operator Camille, three sessions whose notes the history searches, and a
# partner in Saint-Étienne.
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" --note "Elle a bien compris" >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 20 --at "2026-03-14 11:00" \
            --note "Rendez-vous à Saint-Étienne" >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 25 --at "2026-03-16 11:00" \
            --note "l’École des parents" >/dev/null &&
        "$GUICHET" --db "$DB" partner add --name "Centre social Jean-Pierre" --commune "Saint-Étienne" \
            --postal-code 42000 >/dev/null
}

# bar_has KEY: the status bar offers KEY (with its label, or alone when room is short).
bar_has() { screen | tail -1 | tr -s ' ' '\n' | grep -qxF -- "$1"; }

# quit_clean WHAT: from home, q leaves with status 0 (under ASan: nothing leaked on the way).
quit_clean() {
    wait_for "guichet: home" && keys q && wait_for "[exit 0]"
    verdict "$1: leaves cleanly with status 0" $? "$(screen)"
}

desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# rows_are ROWS: the history lists exactly the sessions numbered ROWS ("3 2 "), in that order.
rows_are() { [ "$(screen | awk 'NR > 2 && $1 ~ /^[0-9]+$/ {printf "%s ", $1}')" = "$1" ]; }
# shown QUERY ROWS: the history, searched for QUERY (typed in place of the last one), lists
# exactly the sessions ROWS.
shown() {
    keys C-u && { [ -z "$1" ] || keys -l "$1"; } && eventually rows_are "$2"
}

test_history_search() {
    new_db history
    "$GUICHET" --db "$DB" log --theme sante --duration 15 --at "2026-03-16 12:00" \
        --note "Créer son E-mail aujourd’hui" >/dev/null || { not_ok "setup: a fourth session"; return; }
    desk || { not_ok "history search: the desk opens" "$(screen)"; return; }
    keys h && wait_for "History: all days" && keys / &&
        shown "compris bien" "1 " && shown "COMPRIS   bien" "1 " && shown "comp bi" "1 " &&
        shown "ompris" "" && shown "bien mal" ""
    verdict "history: words in any order, each the start of a word, case and spaces ignored" $? "$(screen)"
    shown "saint etienne" "2 " && shown "saint-étienne" "2 " && shown "etienne rendez" "2 " &&
        shown "l ecole" "3 " && shown "l’ecole" "3 " && shown "l'ÉCOLE parents" "3 " &&
        shown "" "4 3 2 1 "
    verdict "history: accents, hyphens and apostrophes ignored" $? "$(screen)"
    # Words joined by a hyphen or an apostrophe are one word too: the theme "E-mail" and the
    # note's "E-mail" are found by "email" as by "e-mail".
    shown "email" "4 3 2 " && shown "e-mail" "4 3 2 " && shown "aujourdhui" "4 " &&
        shown "aujourd'hui" "4 " && shown "rendezvous" "2 " && shown "lecole" "3 " &&
        shown "emailx" "" && shown "" "4 3 2 1 "
    verdict "history: words joined by a hyphen or an apostrophe found as one word; a theme's label too" $? "$(screen)"
    keys Enter && keys F1 && wait_for "Help: keys of this screen" && keys x && wait_for "History: all days"
    verdict "history: F1 helps after a search" $? "$(screen)"
    keys Escape
    quit_clean "history search"
    stop
}

test_partner_search() {
    new_db partners
    "$GUICHET" --db "$DB" partner add --name "Espace France-Services" --commune Reims >/dev/null ||
        { not_ok "setup: a partner with a joined name"; return; }
    desk || { not_ok "partner search: the desk opens" "$(screen)"; return; }
    local total; total=$(q "SELECT count(*) FROM partner")
    keys p && wait_for "Partner directory" && wait_for "$total partners" && keys / "saint etienne" &&
        wait_for "1 of $total partners" && wait_for "Centre social Jean-Pierre" &&
        keys C-u && keys "pierre 42" && wait_for "1 of $total partners" && wait_for "Centre social Jean-Pierre" &&
        keys C-u && keys "jean-pierre SAINT-ÉTIENNE" && wait_for "1 of $total partners" &&
        keys C-u && keys "pierre lyon" && wait_for "No partner matches." && wait_for "0 of $total partners" &&
        keys C-u && keys "franceservices" && wait_for "1 of $total partners" &&
        wait_for "Espace France-Services" && keys C-u && keys "jeanpierre" && wait_for "1 of $total partners" &&
        wait_for "Centre social Jean-Pierre"
    verdict "partners: the same search (any order, across fields, accents and hyphens ignored, joined words)" $? "$(screen)"
    keys C-u && keys "etienne" && wait_for "1 of $total partners" && keys Enter && keys Enter &&
        wait_match "^Partner No\. [0-9]+" && keys Escape && wait_for "Partner directory" &&
        wait_for "1 of $total partners" && screen | grep -q "Search:    etienne"
    verdict "partners: the filter is kept, and shown with its count, back from a partner's form" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && keys p && wait_for "Partner directory" &&
        wait_for "$total partners" && ! screen | grep -q " of $total" && keys / caf &&
        wait_for "Search:    caf " && ! screen | grep -q "cafcaf" && wait_match "^ Caisse d’allocations"
    verdict "partners: leaving for home clears the filter (a new search never becomes cafcaf)" $? "$(screen)"
    keys Enter && keys / "x" && wait_for "Search:    x " && ! screen | grep -q "Search:    cafx"
    verdict "partners: / again selects the filter, so that typing replaces it" $? "$(screen)"
    keys Escape && wait_for "? Help" && keys Escape
    quit_clean "partner search"
    stop
}

test_handled_here() {
    new_db here
    desk || { not_ok "handled here: the desk opens" "$(screen)"; return; }
    keys o && wait_for "Orient a person" && keys "je veux faire mon CV" &&
        wait_for "CV, recherche d’emploi en ligne  [Handled here]" && wait_for "Mission locale" &&
        keys Enter && wait_for "New session" && screen | grep -q '\[x\] j Employment and job search' &&
        wait_for "Handled here: log the session." && keys Enter && wait_for "Session No. 4 saved" &&
        [ "$(q "SELECT theme FROM help_session_theme WHERE session_id = 4")" = insertion_professionnelle ] &&
        [ "$(q "SELECT count(*) FROM referral")" = 0 ]
    verdict "a request handled here opens a new session with its theme, not a referral" $? "$(screen)"
    keys o && wait_for "Orient a person" && keys "allocs" && wait_for "[Partly here]" && keys Enter &&
        wait_for "Follow up on   27/03/2026" && keys Enter && wait_for "Referral No. 1 recorded" &&
        [ "$(q "SELECT k.code, p.code FROM referral r JOIN request_kind k ON k.id = r.request_kind_id
                JOIN partner p ON p.id = r.partner_id")" = "caf|caf" ]
    verdict "a request partly handled here records the referral, as documented" $? "$(screen)"
    quit_clean "handled here"
    stop
}

test_help_keys() {
    new_db keys
    desk || { not_ok "keys: the desk opens" "$(screen)"; return; }
    keys o && wait_for "Orient a person" && keys "caf?" && wait_for "Need:     caf?" &&
        bar_has F1 && ! bar_has '?' && ! bar_has q && keys q && wait_for "Need:     caf?q"
    verdict "Orienter: ? and q are typed into the request; the bar offers F1 for help" $? "$(screen)"
    keys F1 && wait_for "Help: keys of this screen" && keys x && wait_for "Need:     caf?q" && bar_has F1
    verdict "Orienter: F1 shows the help and comes back to the words typed" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && bar_has '?' && ! bar_has F1 && keys '?' &&
        wait_for "Help: keys of this screen" && keys x && wait_for "Hello, Camille."
    verdict "home: ? shows the help, and the bar says so" $? "$(screen)"
    # F1 everywhere, each screen and mode reached in turn (Esc is let through before the next
    # letter, which would otherwise read as Alt+letter).
    local failed=""
    f1_on() { wait_for "$1" && keys F1 && wait_for "Help: keys of this screen" && keys x && wait_for "$1" ||
        failed="$failed [$1]"; }
    home() { keys Escape && wait_for "guichet: home"; }
    keys h; f1_on "History: all days"
    keys /; f1_on "F1 Help" # while the search is typed
    keys Escape; wait_for "? Help"; home
    keys n; f1_on "New session"
    keys BTab; f1_on "> Note"
    home; keys o; f1_on "Orient a person"
    keys allocs; wait_for "[Partly here]"; keys Enter; f1_on "Follow up on"
    keys Escape; wait_for "Type a few words"; home
    keys f; f1_on "Referrals to follow up"
    home; keys p; f1_on "Partner directory"
    keys /; f1_on "F1 Help"
    keys Enter; keys n; f1_on "New partner"
    keys Escape; wait_for "Partner directory"; keys l; f1_on "Routing policy"
    keys n; f1_on "New request of the policy"
    keys Escape; wait_for "Routing policy"; keys Escape; wait_for "Partner directory"; home
    keys s; f1_on "Statistics: March 2026"
    home; keys w; f1_on "Workshops: upcoming"
    keys n; f1_on "New workshop"
    keys Escape; wait_for "Workshops: upcoming"; home
    keys O; f1_on "Who is at the desk?"
    [ -z "$failed" ]
    verdict "F1 shows the help on every screen and in every mode, and comes back" $? "failed at:$failed" "$(screen)"
    keys Escape
    quit_clean "keys"
    stop
}

test_too_small() {
    new_db small
    desk || { not_ok "too small: the desk opens" "$(screen)"; return; }
    # The note shown before the resize: a key still queued behind it would be read once the
    # terminal is too small, where no key reaches the form.
    keys n && wait_for "New session" && keys e BTab && wait_for "> Note" && keys "vu" &&
        wait_match "> Note +vu" && tm resize-window -t t -x 40 -y 10 && wait_for "Terminal too small" && keys q &&
        wait_for "Quit and lose the session" && keys n && wait_gone "Quit and lose the session" &&
        keys a z q && wait_for "Quit and lose the session" && keys n &&
        wait_gone "Quit and lose the session" && tm resize-window -t t -x 80 -y 24 &&
        wait_for "New session" && screen | grep -q '^> Note *vu *$' && screen | grep -q '\[x\] e E-mail' &&
        ! screen | grep -q '\[x\] a '
    verdict "too small: q asks before leaving a typed form; no key reaches a hidden field" $? "$(screen)"
    keys Enter && wait_for "Session No. 4 saved" && [ "$(q "SELECT note FROM help_session WHERE id = 4")" = vu ]
    verdict "too small: the form is saved as typed once enlarged" $? "$(screen)"
    keys o && wait_for "Orient a person" && keys "caf" && tm resize-window -t t -x 40 -y 10 &&
        wait_for "Terminal too small" && keys q && wait_for "[exit 0]"
    verdict "too small: q leaves from Orienter rather than typing into its field" $? "$(screen)"
    stop
}

test_referral_form_esc() {
    new_db esc
    desk || { not_ok "referral form: the desk opens" "$(screen)"; return; }
    keys o && wait_for "Orient a person" && keys "allocs" && wait_for "[Partly here]" && keys Enter &&
        wait_for "Follow up on" && keys Escape && wait_for "Type a few words" && ! screen | grep -q "(y/n)"
    verdict "referral form: Esc with nothing typed goes back to the requests at once" $? "$(screen)"
    keys Enter && wait_for "Follow up on" && keys Tab Tab && wait_for "> Contact name" &&
        keys "Mme Diallo" Tab "06 12 34 56 78" && keys Escape && wait_for "Discard what was typed? (y/n)" &&
        keys n && wait_gone "(y/n)" && screen | grep -q "Mme Diallo" && screen | grep -q "06 12 34 56 78" &&
        keys Escape && wait_for "(y/n)" && keys y && wait_for "Type a few words" &&
        [ "$(q "SELECT count(*) FROM referral")" = 0 ]
    verdict "referral form: Esc with a typed name and phone asks first, and keeps them on no" $? "$(screen)"
    keys Enter && wait_for "Follow up on" && keys Tab Tab "Mme Diallo" && keys Tab && keys q &&
        wait_for "> Contact phone  q" && keys C-u && keys Tab && wait_for "> Consent given" && keys q &&
        wait_for "Quit and lose what was typed? (y/n)" && keys n && wait_gone "(y/n)" && screen | grep -q "Mme Diallo"
    verdict "referral form: q is typed in a text field, and asks before quitting elsewhere" $? "$(screen)"
    keys Escape && wait_for "(y/n)" && keys y && wait_for "Type a few words" && keys Escape
    quit_clean "referral form"
    stop
}

# The directory is read a page at a time (100 partners, the next as the selection nears the
# end): the count says "100+" until the last page is read, the selection (its card under the
# list, indented by two) goes on past a page, and stays on its partner when another desk adds
# one before it.
test_partner_pages() {
    new_db pages
    {
        echo 'id,pivot,nom,commune,code_postal,adresse,date_maj'
        for i in $(seq 1000 1249); do echo "q-$i,43493312300029,Quai $i,Reims,51100,$i rue de Vesle,2024-01-01"; done
    } >"$TMP/quais.csv"
    "$GUICHET" --db "$DB" partner import "$TMP/quais.csv" >/dev/null || { not_ok "partner pages: import"; return; }
    desk || { not_ok "partner pages: the desk opens" "$(screen)"; return; }
    local total; total=$(q "SELECT count(*) FROM partner")
    keys p && wait_for "$total partners" && keys / quai && wait_for "100+ of $total partners" &&
        keys Enter && keys $(printf 'Down %.0s' $(seq 130)) && wait_match "^  Quai 1130 *$" &&
        wait_for "200+ of $total partners"
    verdict "partners: the list goes on past a page, the count says more until the last one" $? "$(screen)"
    "$GUICHET" --db "$DB" partner add --name "Quai 0999" --commune Reims >/dev/null &&
        wait_for "200+ of $((total + 1)) partners" && wait_match "^  Quai 1130 *$" &&
        keys Down && wait_match "^  Quai 1131 *$"
    verdict "partners: another desk's partner, listed before, leaves the selection on its partner" $? "$(screen)"
    keys $(printf 'Down %.0s' $(seq 130)) && wait_for "251 of $((total + 1)) partners" && wait_match "^  Quai 1249 *$"
    verdict "partners: the last page read, the count is exact" $? "$(screen)"
    keys Escape
    quit_clean "partner pages"
    stop
}

test_history_search
test_partner_search
test_partner_pages
test_handled_here
test_help_keys
test_too_small
test_referral_form_esc
stop
finish
