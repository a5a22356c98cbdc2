#!/usr/bin/env bash
# French as its readers expect it on every screen of the desk (issue 16): each screen, its help
# and its questions, opened at 80×24 in French on a demonstration database with counts in the
# thousands, captured and checked by tests/typography.py (grouped thousands, decimal comma, no
# "-0", no ISO date outside a field where one is typed, no straight apostrophe, the spaces before
# : ; ! ? %, one word for a help session). Labels are checked whole, questions keep their keys,
# the header's date is whole or shortened, never cut; one screen in English keeps English ways.
# tmux's capture keeps U+00A0 and U+202F as they are (checked below), so the spacing rules see
# what the terminal shows.
# Usage: tests/tui/test-typography-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="French typography on every screen (tmux)${2:+ ($2)}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR GUICHET_ASCII
export LANGUAGE=fr GUICHET_NOW="2026-12-02 14:30" HOME="$TMP/home" # a Wednesday
ENV_FR="LANGUAGE=fr GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_EN="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_EXTRA=$ENV_FR
TYPO="python3 $ROOT/tests/typography.py"
CAPTURES=${CAPTURES_DIR:-$TMP/captures} # CAPTURES_DIR keeps them, to look at
mkdir -p "$CAPTURES"
NBSP=$'\xc2\xa0'   # U+00A0: before ":" and in "14 h 30"
NNBSP=$'\xe2\x80\xaf' # U+202F: before ";" "!" "?" "%" and between thousands

# What the screens may show that the rules would take for a fault, and why:
#  - the number of a record (a session, a registration, a person, a referral) is a name, never
#    grouped: "N° 19976" is typed back as it is read (guichet session delete 19976);
#  - a phone number is written as the operator publishes it (3949, 0809 401 401);
#  - a field where a date is typed shows the form to type (2026-12-09), with its label.
ALLOW_IDS=(--allow '(?i)\b(n°|No\.|inscription|fiche|personne|orientation)[ \xa0]\d+' --allow '^[> ]*\d+(?= )')
ALLOW_PHONES=(--allow '\b(?:3\d{3}|0\d{3} \d{3} \d{3})\b')
#  - the key ? in the status bar and the help is a key, not a question mark: two spaces before it.
ALLOW_KEYS=(--allow '(?<=  )\?(?= |$)' --allow '(?<= )\?(?= q$)')

# capture NAME [--allow RE]…: the screen, once it is still, into $CAPTURES/NAME.txt, and its
# typography checked.
capture() {
    local name=$1 file="$CAPTURES/$1.txt"
    shift
    poll still "$file"
    $TYPO text "${ALLOW_IDS[@]}" "${ALLOW_PHONES[@]}" "${ALLOW_KEYS[@]}" "$@" "$file" >"$TMP/typo" 2>&1
    verdict "$name: French typography" $? "$(head -c 1500 "$TMP/typo")" "$(cat "$file")"
}
# still FILE: true when the screen on stdin is the one captured last (then kept in FILE).
still() {
    local now
    now=$(cat)
    if [ -f "$1.last" ] && [ "$now" = "$(cat "$1.last")" ]; then
        printf '%s\n' "$now" >"$1"
        rm -f "$1.last"
        return 0
    fi
    printf '%s\n' "$now" >"$1.last"
    return 1
}

# help_of NAME [--allow RE]…: F1 on the screen shown, every page of its help captured and checked,
# then back.
help_of() {
    local name=$1
    shift
    keys F1 && wait_for "Aide${NBSP}: touches de cet écran" || { not_ok "$name: its help opens" "$(screen)"; return; }
    capture "$name-help" "$@"
    if screen | grep -q "défiler l’aide\|scroll the help"; then
        keys NPage && capture "$name-help-2" "$@"
    fi
    keys Escape && wait_gone "Aide${NBSP}: touches de cet écran"
}

# The header's right side: the date whole in one of its forms, or left out; never cut.
header_ok() {
    local first
    first=$(screen | head -1)
    ! grep -q '…' <<<"$first" &&
        grep -qE "(mercredi 2 décembre 2026|2 décembre 2026|02/12/2026)? ?14${NBSP}h${NBSP}30 *$" <<<"$first"
}

# A desk closing checkpoints its log: sqlite3 waits for it rather than failing at once.
# leave NAME: q at home ends the desk with status 0 (under ASan, no leak and no error either).
leave() {
    keys q && wait_for "[exit 0]"
    verdict "$1: the desk leaves cleanly" $? "$(screen | tail -5)"
}

q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }

# A demonstration database with thousands of sessions (a year of its desk's site over 1,000), a workshop nobody booked yet, a request
# of the policy too long for the question's three lines, and the desk's operator.
setup_db() {
    DB="$TMP/demo.db"
    "$GUICHET" --db "$DB" demo --sessions 12000 --seed 16 >/dev/null 2>&1 &&
        "$GUICHET" --db "$DB" workshop add --title "Atelier encore vide" --at "2026-12-20 10:00" \
            --duration 60 --capacity 8 --site "Médiathèque centrale" >/dev/null &&
        printf 'code,label,keywords,answer\n%s,"%s",%s,here\n' long_request \
            "Demande très longue pour voir la question de suppression, aide à la création d’un compte en ligne, à la récupération d’un mot de passe oublié, à la prise de rendez-vous, au suivi de tout le dossier et à l’envoi des pièces justificatives demandées par l’organisme" \
            "zzlongue" >"$TMP/policy.csv" &&
        "$GUICHET" --db "$DB" policy import "$TMP/policy.csv" >/dev/null || return 1
    # Each site's own line too: the desk, at its operator's site, removes its own lines (a
    # network's line is refused before the question).
    local site
    sed 's/,zzlongue,/,"zzlongue, du site",/' "$TMP/policy.csv" >"$TMP/site-policy.csv"
    while IFS= read -r site; do
        "$GUICHET" --db "$DB" policy import "$TMP/site-policy.csv" --site "$site" >/dev/null || return 1
    done < <("$GUICHET" --db "$DB" site list --format csv | tail -n +2 | cut -d, -f1)
}

desk() {
    ENV_EXTRA=${1:-$ENV_FR}
    start 80 24 --db "$DB"
    if [ "$ENV_EXTRA" = "$ENV_FR" ]; then
        wait_for "Qui est au guichet" && keys Enter && wait_for "Bonjour, Camille."
    else
        wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
    fi
}

test_capture_keeps_spaces() {
    desk || { not_ok "the desk opens" "$(screen)"; return; }
    screen | head -1 | grep -q "14${NBSP}h${NBSP}30" &&
        keys s && wait_for "Statistiques" && wait_match "${NNBSP}%" && keys Escape &&
        wait_for "Bonjour, Camille."
    verdict "tmux's capture keeps U+00A0 and U+202F (the checks see the terminal's spaces)" $? "$(screen | od -c | head -20)"
    stop
}

test_home_and_forms() {
    desk || { not_ok "home: the desk opens" "$(screen)"; return; }
    capture home
    header_ok
    verdict "home: the header's date is whole, in a shorter form when the line is full" $? "$(screen | head -1)"
    help_of home
    keys O && wait_for "Qui est au guichet" && capture operator && help_of operator && keys Escape &&
        wait_for "Bonjour, Camille."
    # The session form, its procedures shown (a), its help with the theme letters.
    keys n && wait_for "Nouvel accompagnement" && keys a && wait_for "Nom de la démarche" &&
        capture session-form
    screen | grep -qE '^  Nom de la démarche( |$)' && ! screen | grep -q 'démarc…'
    verdict "session form: every label whole (Nom de la démarche)" $? "$(screen)"
    screen | grep -q "raccourcis${NBSP}: 1=15 2=30 3=45 4=60 5=90 6=120" &&
        screen | sed -n 2p | grep -q 'Entrée enregistre\.$'
    verdict "session form: the keys' line and the duration presets whole" $? "$(screen)"
    help_of session-form
    keys Escape && wait_for "Abandonner" && capture discard-question &&
        screen | grep -q '(o/n)$' && keys n && wait_gone "(o/n)"
    verdict "a question keeps its keys (o/n)" $? "$(screen)"
    keys Up && wait_for "Données personnelles" &&
        capture session-note
    screen | sed -n 2p | grep -q 'cette note\.$'
    verdict "session form: the personal data warning whole" $? "$(screen)"
    keys Escape && wait_for "Abandonner" && keys o && wait_for "Bonjour, Camille." && leave "forms"
    stop
}

test_history() {
    desk || { not_ok "history: the desk opens" "$(screen)"; return; }
    keys h && wait_for "Historique" && wait_match "[0-9]${NNBSP}[0-9]{3} accompagnements" &&
        capture history
    verdict "history: the count grouped by thousands" $? "$(screen | sed -n 2p)"
    help_of history
    # counted once typing ends; a server has no index of the words yet, and says "plus de"
    # (README, "Not on a server yet")
    if on_postgresql; then
        keys / && keys "sante" && wait_for "plus de" && capture history-search &&
            keys Enter && wait_match "plus de [0-9]+ accompagnements *$"
    else
        keys / && keys "sante" && wait_for "plus de" && capture history-search &&
            keys Enter && wait_gone "plus de" && wait_match "[0-9] accompagnements *$"
    fi
    verdict "history: a search counted" $? "$(screen | sed -n 2p)"
    keys d && wait_for "(o/n)" && capture delete-session-question &&
        screen | grep -q '?.*(o/n)$' && keys n && wait_gone "(o/n)"
    verdict "history: the delete question keeps its keys" $? "$(screen)"
    keys Enter && wait_for "Modifier l’accompagnement" && capture session-edit &&
        keys Escape && wait_for "Historique"
    keys t && wait_for "Accompagnements supprimés" && capture history-deleted &&
        keys Escape && wait_for "Historique" && keys Escape && wait_for "Bonjour, Camille." &&
        leave "history"
    stop
}

test_statistics() {
    desk || { not_ok "statistics: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistiques${NBSP}: décembre 2026" && capture stats-month &&
        screen | grep -qE "[0-9],[0-9]${NNBSP}%" && ! screen | grep -qE '[0-9]\.[0-9]'
    verdict "statistics: shares with a decimal comma and U+202F before %" $? "$(screen)"
    help_of stats
    keys y && wait_for "Statistiques${NBSP}: année 2026" && capture stats-year &&
        screen | grep -qE "^ Accompagnements individuels +[0-9]${NNBSP}[0-9]{3} " &&
        screen | grep -qE "(−|\+)[0-9]+${NNBSP}%|0${NNBSP}%"
    verdict "statistics: counts grouped, changes signed with the minus sign" $? "$(screen)"
    ! screen | grep -q 'mois.*…'
    verdict "statistics: the twelve months' line whole" $? "$(screen | grep mois)"
    stats_tables "year 2026"
    keys NPage NPage NPage NPage NPage NPage NPage NPage && capture stats-year-end
    # The partners' names keep their abbreviation when cut.
    ! screen | grep -E '\(…$|[A-Z]…$' | grep -q .
    verdict "statistics: names cut before their abbreviation, never in it" $? "$(screen)"
    keys Left && wait_for "année 2025" && capture stats-last-year
    # Chosen dates typed as the session form takes them (01/09/2026), said as French says a span.
    keys c && wait_for "Du (JJ/MM/AAAA)${NBSP}:" && wait_for "01/01/2025" && capture stats-dates &&
        keys C-u "01/09/2026" Tab C-u "30/09/2026" Enter &&
        wait_for "Statistiques${NBSP}: du 1er au 30 septembre 2026" && capture stats-chosen
    verdict "statistics: chosen dates typed 01/09/2026, titled « du 1er au 30 septembre 2026 »" $? "$(screen | head -3)"
    keys c && wait_for "01/09/2026" && keys C-u "15/09/2026" Tab C-u "2026-10-02" Enter &&
        wait_for "Statistiques${NBSP}: du 15 septembre au 2 octobre 2026"
    verdict "statistics: within a year « du 15 septembre au 2 octobre 2026 » (ISO still read)" $? "$(screen | head -3)"
    keys c && wait_for "15/09/2026" && keys C-u "01/01/2026" Tab C-u "30/06/2027" Enter &&
        wait_for "Statistiques${NBSP}: du 1er janvier 2026 au 30 juin 2027"
    verdict "statistics: across years, both dates in full" $? "$(screen | head -3)"
    keys c && wait_for "01/01/2026" && keys C-u "31/02/2026" Enter &&
        wait_for "«${NBSP}31/02/2026${NBSP}» n’est pas une date comme 14/03/2026" && keys Escape
    verdict "statistics: a date that is none is refused with a French example" $? "$(screen | tail -4)"
    keys m && wait_for "janvier 2026" && keys Enter && wait_for "Historique" && capture stats-theme &&
        keys Escape && wait_for "Statistiques" && keys Escape && wait_for "Bonjour, Camille."
    stop
}

# stats_tables PERIOD: every page of the statistics' tables, from the top: the shares end in one
# column (their decimal commas line up), and "Non renseigné" is a line under its table, not a
# bar. Scrolls down with the arrow key, one page at a time.
stats_tables() {
    local all="$TMP/stats-all.txt" page prev=""
    : >"$all"
    for page in $(seq 12); do
        poll still "$TMP/stats-page" || true
        [ "$(cat "$TMP/stats-page")" = "$prev" ] && break
        prev=$(cat "$TMP/stats-page")
        cat "$TMP/stats-page" >>"$all"
        keys NPage
    done
    python3 - "$all" <<'PY'
import re, sys
ends, bad = set(), 0  # per table: a heading starts the next one
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if re.match(r"^ \S", line):
        bad += len(ends) > 1
        ends = set()
    m = re.match(r"^   \S.*? +[0-9][0-9\u202f]* +([0-9]+,[0-9]\u202f%)", line)
    if m:
        ends.add(m.end(1))
sys.exit(1 if bad or len(ends) > 1 else 0)
PY
    verdict "statistics ($1): the shares right-aligned, their commas in one column" $? "$(grep '%' "$all" | head -30)"
    grep -qE "^   Non renseigné${NBSP}: [0-9][0-9${NNBSP}]* \([0-9]+,[0-9]${NNBSP}%\)$" "$all" &&
        ! grep -E "^   Non renseigné +[0-9]" "$all" | grep -q .
    verdict "statistics ($1): « Non renseigné : N (x %) » under its table, without a bar" $? "$(grep -n 'renseign' "$all")"
}

test_workshops() {
    desk || { not_ok "workshops: the desk opens" "$(screen)"; return; }
    keys w && wait_for "Ateliers${NBSP}: à venir" && capture workshops
    ! screen | sed -n '3,20p' | grep -q '…'
    verdict "workshops: the titles whole" $? "$(screen)"
    help_of workshops
    keys v && wait_for "semaine du" && capture workshops-week && keys Escape && wait_for "à venir"
    keys Enter && wait_for "Atelier n°" && capture workshop
    help_of workshop
    keys b && wait_for "Inscrire${NBSP}: tapez le nom" && keys "Ro" && capture booking
    screen | grep -q 'Échap arrête\.$'
    verdict "booking: its sentence whole, on two lines" $? "$(screen)"
    keys Escape && wait_for "Abandonner" && keys o && wait_gone "Nom${NBSP}:"
    keys u && wait_for "(o/n)" && capture unbook-question && keys n && wait_gone "(o/n)"
    keys x && wait_for "(o/n)" && capture cancel-workshop-question &&
        screen | grep -q '(o/n)$' && keys n && wait_gone "(o/n)"
    verdict "workshop: the cancel question keeps its keys" $? "$(screen)"
    keys e && wait_for "Modifier l’atelier" && capture workshop-form --allow '\b\d{4}-\d\d-\d\d\b'
    keys Escape && wait_for "Atelier n°" && keys Escape && wait_for "à venir"
    keys n && wait_for "Nouvel atelier" && capture workshop-new --allow '\b\d{4}-\d\d-\d\d\b'
    screen | grep -qE '^  Toutes les N semaines +1' && ! screen | grep -q 'semai…'
    verdict "workshop form: every label whole (Toutes les N semaines)" $? "$(screen)"
    help_of workshop-form --allow '\b\d{4}-\d\d-\d\d\b'
    keys Escape && wait_for "à venir"
    # The workshop nobody booked: said as French says it.
    keys Down Down Down Down Down Down Down Down Down Down && keys Enter &&
        wait_for "Atelier encore vide" && wait_for "Aucun inscrit pour l’instant" &&
        capture workshop-empty
    verdict "an empty workshop: « Aucun inscrit »" $? "$(screen)"
    keys Escape && wait_for "à venir" && keys c && wait_for "Liste d’appels" && capture calls
    screen | head -1 | grep -q "Liste d’appels${NBSP}: ateliers jusqu’à demain"
    verdict "call list: « ateliers jusqu’à demain »" $? "$(screen | head -1)"
    help_of calls
    keys + && wait_for "des 2 prochains jours" && capture calls-2
    # Moved far ahead, the call list's title is long: it is shortened, the operator and the time stay.
    local i
    for i in $(seq 30); do keys '>'; done
    wait_for "ateliers à partir du" && wait_match "…  ?Camille · 14${NBSP}h${NBSP}30 *$" && capture calls-far
    verdict "call list moved ahead: the title cut with …, the operator and the time whole" $? "$(screen | head -1)"
    keys Escape && wait_for "à venir" && keys Escape && wait_for "Bonjour, Camille." &&
        leave "workshops"
    stop
}

test_orient_and_follow_up() {
    desk || { not_ok "orient: the desk opens" "$(screen)"; return; }
    keys o && wait_for "Orienter une personne" && keys "chomage" && wait_for "France Travail" &&
        capture orient
    help_of orient
    keys Enter && wait_for "À suivre le" && capture orient-record
    screen | grep -qE '^  À suivre le +12/12/2026'
    verdict "Orienter: the follow-up day shown as the desk writes dates" $? "$(screen)"
    # The day is typed as it is shown (the year may be left out), and stored as a date.
    keys Tab C-u "13/12" Enter &&
        wait_match "Orientation n°${NBSP}[0-9]+ enregistrée${NBSP}: France Travail\. À suivre le 13/12/2026\." &&
        capture orient-recorded &&
        [ "$(q "SELECT follow_up_on FROM referral ORDER BY id DESC LIMIT 1")" = 2026-12-13 ]
    verdict "Orienter: a follow-up day typed 13/12 is recorded, and said as a date" $? "$(screen)"
    keys f && wait_for "Orientations à suivre" && capture follow-up
    help_of follow-up
    keys + && wait_match "à suivre le [0-9]{2}/[0-9]{2}/2026\." && capture follow-up-postponed
    verdict "follow-up: a week later, the day said as a date" $? "$(screen)"
    keys t && wait_for "Statut" && capture follow-up-all && keys Escape && wait_for "Bonjour, Camille."
    stop
}

test_partners_and_policy() {
    desk || { not_ok "partners: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Annuaire des partenaires" && capture partners
    help_of partners
    keys / && keys "caf" && wait_for "Caisse d’allocations" && keys Enter && capture partners-search
    keys Enter && wait_for "Partenaire n°" && capture partner-form
    help_of partner-form
    keys Escape && wait_for "Annuaire des partenaires"
    keys n && wait_for "Nouveau partenaire" && capture partner-new && keys Escape &&
        wait_for "Annuaire des partenaires"
    keys l && wait_for "Politique d’orientation" && capture policy
    help_of policy
    keys Enter && wait_for "Modifier une demande" && capture policy-form
    screen | grep -qE '^  Mots employés par le public +' && ! screen | grep -q 'publ…'
    verdict "policy form: every label whole (Mots employés par le public)" $? "$(screen)"
    help_of policy-form
    keys Escape && wait_for "Politique d’orientation"
    # The request too long for the question line: the question is cut, never its keys.
    keys End && keys Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up &&
        wait_for "Politique d’orientation"
    local i
    for i in $(seq 40); do
        screen | grep -q "zzlongue" && break
        keys Down
        sleep 0.02 # one key at a time: the selection moves as the screen is redrawn
    done
    keys d && wait_for "(o/n)" && capture policy-delete-question
    # The quoted request gives way ("…" inside the quotes); the sentence, its "?" and the keys stay.
    screen | tail -2 | head -1 | grep -q "de la politique${NNBSP}? (o/n)$" &&
        screen | grep -q "…${NBSP}» de la politique"
    verdict "policy: a delete question too long for its lines shortens the quoted request, not the sentence" $? "$(screen)"
    keys n && wait_gone "(o/n)" && keys Escape && wait_for "Annuaire" && keys Escape &&
        wait_for "Bonjour, Camille."
    stop
}

# A partner whose name runs on (about 300 characters, typed whole into the form): the card's
# lines never overwrite one another; the name takes two lines, cut with "…", the hours beside
# the address.
test_partner_long_name() {
    local long="Centre communal d’action sociale de la ville, service de l’accueil des familles, de l’aide aux personnes âgées, du logement d’urgence, de l’instruction des demandes de revenu de solidarité active et de toutes les aides facultatives et de toutes les autres aides du centre d’action sociale de la commune (CCAS)"
    local id
    id=$(q "SELECT id FROM partner WHERE name LIKE '%(CCAS)' LIMIT 1")
    q "UPDATE partner SET name = '$long', opening_hours = 'Mo-Fr 09:00-12:00,14:00-17:00', address = '1 rue de la Mairie' WHERE id = $id"
    desk || { not_ok "partner card: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Annuaire des partenaires" && keys / && keys "ccas" && wait_for "1 sur" &&
        keys Enter && wait_for "Adresse${NBSP}: 1 rue de la Mairie" && capture partner-long-name
    screen | grep -qE "^  Adresse${NBSP}: 1 rue de la Mairie +Ouvert maintenant, jusqu’à 17${NBSP}h *$" &&
        screen | grep -qE "^  Centre communal d’action sociale de la ville, service de l’accueil des *$" &&
        screen | grep -qE "…$" && screen | grep -qE " {2,}lundi${NBSP}: 9${NBSP}h" &&
        ! screen | grep -qE "[a-z’]Ouvert|[a-z’]lundi"
    verdict "partner card: a long name on two lines cut with …, the hours beside, nothing drawn over" $? "$(screen)"
    keys Escape && wait_for "Bonjour, Camille." && leave "partner card"
    stop
}

test_people() {
    local name
    name=$(q "SELECT name FROM participant WHERE name IS NOT NULL ORDER BY id LIMIT 1")
    desk || { not_ok "people: the desk opens" "$(screen)"; return; }
    keys P && wait_for "Personnes" && capture people
    help_of people
    keys "$name" && wait_match "^> +[0-9]+ +$name" && capture people-found && keys Enter &&
        wait_for "Personne n°" && capture person
    keys b && wait_for "à quel atelier" && capture person-book && keys Escape &&
        wait_for "Personne n°"
    keys d && wait_for "(o/n)" && capture erase-question && screen | grep -q '(o/n)$' &&
        keys n && wait_gone "(o/n)"
    verdict "people: the erase question keeps its keys" $? "$(screen)"
    keys Escape && wait_for "Nom${NBSP}:" && keys Escape && wait_for "Bonjour, Camille." &&
        leave "people"
    stop
}

# The agenda: an appointment tomorrow, the screen, its help and the cancel question; the booking
# form (a person found, the free time of a day) and the moving form.
test_agenda() {
    "$GUICHET" --db "$DB" site set "Médiathèque centrale" --hours "" >/dev/null &&
        "$GUICHET" --db "$DB" appointment add --at "$(date -d "${GUICHET_NOW%% *} + 1 day" +%F) 10:00" \
            --duration 30 --operator Camille --site "Médiathèque centrale" --name "Léa Rendez-vous" \
            --phone 0612345678 --request caf >/dev/null ||
        { not_ok "agenda: an appointment is booked" "$(cat "$TMP/err" 2>/dev/null)"; return; }
    desk || { not_ok "agenda: the desk opens" "$(screen)"; return; }
    keys a && wait_for "Léa Rendez-vous" && capture agenda
    help_of agenda
    keys x && wait_for "(o/n)" && capture agenda-cancel-question && screen | grep -q '(o/n)$' &&
        keys n && wait_gone "(o/n)"
    verdict "agenda: the cancel question keeps its keys" $? "$(screen)"
    # booking: the form, a person found, the request, the free time of the slot's day
    keys n && wait_for "Nouveau rendez-vous" && capture appointment-form &&
        keys L é a && wait_for "Nouvelle personne" && capture appointment-person-search &&
        keys Enter && keys Tab Tab Tab Tab Tab Tab Tab && wait_for "Libre le" && capture appointment-slot
    help_of appointment-form
    keys Escape && wait_for "(o/n)" && keys o && wait_for "Léa Rendez-vous"
    # moving: its form
    keys e && wait_for "Déplacer le rendez-vous" && capture appointment-move && keys Escape &&
        wait_for "Léa Rendez-vous"
    verdict "agenda: booking and moving forms open and close" $? "$(screen)"
    keys Escape && wait_for "Bonjour, Camille." && leave "agenda"
    stop
}

# A new desk: its two questions.
test_setup() {
    local db=$DB
    DB="$TMP/new.db"
    start 80 24 --db "$DB"
    wait_for "Bienvenue" && capture setup && help_of setup
    keys Escape && wait_for "(o/n)" && capture setup-question && keys o
    DB=$db
    stop
}

# English keeps English ways: "1,304", "28.0%" (a site's year, at its desk).
test_english() {
    desk "$ENV_EN" || { not_ok "English: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistics: December 2026" && keys y && wait_for "Statistics: year 2026" &&
        screen | grep -qE '^ Individual sessions +[0-9],[0-9]{3} ' && screen | grep -qE '[0-9]\.[0-9]%' &&
        screen | head -1 | grep -qE "(Wednesday 2 December 2026|2 December 2026|02/12/2026) 14:30 *$"
    verdict "English: 1,304 and 28.0% on the statistics, 14:30 in the header" $? "$(screen)"
    stop
}

setup_db || { not_ok "the demonstration database is made" "$(ls -la "$TMP")"; finish; exit 1; }
test_capture_keeps_spaces
test_home_and_forms
test_history
test_statistics
test_workshops
test_orient_and_follow_up
test_partners_and_policy
test_partner_long_name
test_people
test_agenda
test_setup
test_english
finish
