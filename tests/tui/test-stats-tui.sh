#!/usr/bin/env bash
# End-to-end tests of the statistics screen: figures and comparisons of a month, moving between
# months, a year, chosen dates, bars and sparkline (Unicode and ASCII), the drill-down from a
# theme to its sessions, and another desk's session showing up.
# Usage: tests/tui/test-stats-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="statistics screen (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR GUICHET_ASCII
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:30" HOME="$TMP/home"
BASE_ENV="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
ENV_EXTRA=$BASE_ENV

log() { "$GUICHET" --db "$DB" log --operator Camille --site "Médiathèque centrale" "$@" >/dev/null; }

# March 2026: four sessions (e-mail three times, health twice); February one; March 2025 one.
new_db() {
    DB="$TMP/$1.db"
    log --theme email --duration 30 --at "2026-03-03 10:00" &&
        log --theme email --duration 30 --at "2026-03-03 11:00" &&
        log --theme sante --duration 45 --at "2026-03-03 14:00" &&
        log --theme email,sante --duration 60 --at "2026-03-10 16:00" &&
        log --theme email --duration 20 --at "2026-02-10 10:00" &&
        log --theme sante --duration 20 --at "2025-03-05 10:00"
}

desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

# Bars repeat multibyte characters: regular expressions must count characters, not bytes.
ugrep() { LC_ALL=C.UTF-8 grep "$@"; }

# row TEXT: the screen line that contains TEXT.
row() { screen | grep -F -- "$1" | head -1; }

test_month_figures() {
    new_db month
    desk || { not_ok "stats: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistics: March 2026" &&
        row "Individual sessions" | grep -Eq 'Individual sessions +4 +\+300% +\+300%$' &&
        row "People helped" | grep -Eq ' 4 '
    verdict "s opens this month's figures, compared with February and March 2025" $? "$(screen)"
    row "E-mail" | ugrep -Eq 'E-mail +3 +75\.0% +█{29}$' &&
        row "Health" | ugrep -Eq 'Health +2 +50\.0% +█{19}▍$' &&
        row "Digital skills" | grep -Eq 'assessment +0 +0\.0%$'
    verdict "themes show counts, shares of sessions and bars in proportion" $? "$(screen)"
    row "Sessions over 12 months" | grep -Eq 'April 2025 {11}▁█ March 2026 \(from 1 to 4\)'
    verdict "the sparkline runs over the twelve months to March, lowest and highest said" $? "$(screen)"
    keys Left && wait_for "Statistics: February 2026" &&
        row "Individual sessions" | grep -Eq 'Individual sessions +1 +new +new$'
    verdict "Left shows the month before" $? "$(screen)"
    keys Right Right && wait_for "Statistics: April 2026" &&
        row "Individual sessions" | grep -Eq 'Individual sessions +0 +-100% +=$'
    verdict "Right moves month by month" $? "$(screen)"
    keys y && wait_for "Statistics: year 2026" &&
        row "Individual sessions" | grep -Eq 'Individual sessions +5 ' && keys Left &&
        wait_for "Statistics: year 2025" && row "Individual sessions" | grep -Eq 'Individual sessions +1 '
    verdict "y shows the year, Left the year before" $? "$(screen)"
    keys m && wait_for "Statistics: January 2025" && keys Escape && wait_for "Hello, Camille."
    verdict "m from a past year shows its January; Esc goes home" $? "$(screen)"
    stop
}

test_chosen_dates() {
    new_db dates
    desk || { not_ok "stats: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistics: March 2026" && keys c && wait_for "From (DD/MM/YYYY):" &&
        keys C-u "01/01/2025" Tab C-u "2026-13-01" Enter && wait_for '"2026-13-01" is not a date' &&
        wait_for "From (DD/MM/YYYY):"
    verdict "c asks for dates; a wrong one is refused and kept for correcting" $? "$(screen)"
    keys C-u "31/03/2026" Enter && wait_for "Statistics: 1 January 2025 to 31 March 2026" &&
        row "Individual sessions" | grep -Eq 'Individual sessions +6 '
    verdict "chosen dates show their figures" $? "$(screen)"
    keys c && wait_for "From (DD/MM/YYYY):" && keys C-u "10/03/2026" Tab C-u "2026-03-01" Enter &&
        wait_for "the end must come after the start" && keys Escape && wait_for_gone_prompt &&
        wait_for "Statistics: 1 January 2025 to 31 March 2026"
    verdict "an end before the start is refused; Esc keeps the dates shown" $? "$(screen)"
    stop
}

wait_for_gone_prompt() { wait_gone "From (DD/MM/YYYY):"; }

test_drill_down() {
    new_db drill
    desk || { not_ok "stats: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistics: March 2026" && keys Enter &&
        wait_for "History: Digital skills assessment, 01/03/2026 to 31/03/2026" &&
        wait_for "No session matches." && keys Escape && wait_for "Statistics: March 2026"
    verdict "Enter on a theme without sessions says none matches; Esc comes back" $? "$(screen)"
    for _ in 1 2 3 4 5; do keys Down; done
    wait_for "E-mail" && keys Enter && wait_for "History: E-mail, 01/03/2026 to 31/03/2026" &&
        wait_for "3 sessions" && ! screen | grep -q "10/02/2026"
    verdict "Enter on a theme lists its sessions of the period" $? "$(screen)"
    keys Escape && wait_for "Statistics: March 2026" && keys Escape && wait_for "Hello, Camille." &&
        keys h && wait_for "History: all days" && wait_for "6 sessions"
    verdict "Esc goes back to the statistics; the history from home shows every session again" $? "$(screen)"
    stop
}

test_ascii_and_live() {
    new_db ascii
    ENV_EXTRA="$BASE_ENV GUICHET_ASCII=1"
    desk || { not_ok "stats: the desk opens" "$(screen)"; return; }
    keys s && wait_for "Statistics: March 2026" &&
        row "E-mail" | grep -Eq 'E-mail +3 +75\.0% +#{29}$' && ! screen | grep -q '█' &&
        row "Health" | grep -Eq 'Health +2 +50\.0% +#{19}$' &&
        row "Sessions over 12 months" | grep -Eq 'April 2025 {11}_@ March 2026'
    verdict "GUICHET_ASCII=1 draws bars and sparkline in plain ASCII" $? "$(screen)"
    ENV_EXTRA=$BASE_ENV
    log --theme email --duration 30 --at "2026-03-16 10:00" &&
        wait_match 'Individual sessions +5 ' && row "E-mail" | grep -Eq 'E-mail +4 +80\.0%'
    verdict "a session logged at another desk shows without a key" $? "$(screen)"
    stop
}

test_french() {
    new_db fr
    ENV_EXTRA="LANGUAGE=fr GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    start 80 24 --db "$DB"
    wait_for "Qui est au guichet" && keys Enter && wait_for "Bonjour, Camille." && keys s &&
        wait_for "Statistiques" && wait_for "mars 2026  " && wait_for "Accompagnements individuels" &&
        wait_for "période précédente" && row "Accompagnements sur 12 mois" | grep -q "avril 2025" &&
        screen | grep -q "Gauche Avant"
    verdict "the statistics screen speaks French" $? "$(screen)"
    ENV_EXTRA=$BASE_ENV
    stop
}

test_month_figures
test_chosen_dates
test_drill_down
test_ascii_and_live
test_french
stop
finish
