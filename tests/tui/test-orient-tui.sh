#!/usr/bin/env bash
# End-to-end tests of orientation in the full-screen interface: "Orienter" from home and from
# the session form, the follow-up list, the partner directory and the policy editor, each
# checked in the database afterwards.
# Usage: tests/tui/test-orient-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="orientation screens (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; on_postgresql && pg_drop_suite_databases; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:30" HOME="$TMP/home" # a Tuesday
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

q() { sqlite3 "$DB" "$1"; }

# A desk database: one site, the operator Camille, and opening hours for the CAF.
new_db() {
    DB="$TMP/$1.db"
    "$GUICHET" --db "$DB" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null &&
        "$GUICHET" --db "$DB" partner edit "$(q "SELECT id FROM partner WHERE code = 'caf'")" \
            --hours "Mo-Fr 09:00-12:00,13:30-16:30; PH off" >/dev/null
}

desk() {
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille."
}

test_orient_from_home() {
    new_db home
    desk || { not_ok "orient: the desk opens" "$(screen)"; return; }
    keys o && wait_for "Orient a person" && keys "allocs" &&
        wait_for "Caisse d’allocations familiales (CAF)" && wait_for "Open now, until 12:00" &&
        wait_for "Phone: 3230" && screen | grep -q 'Answer: Partly here'
    verdict "o then a few letters show the decision and the partner's card, open now" $? "$(screen)"
    keys Enter && wait_for "Follow up on   27/03/2026" && keys Enter && wait_for "Referral No. 1 recorded" &&
        [ "$(q "SELECT k.code, r.method, r.status, r.follow_up_on, o.name FROM referral r
                JOIN request_kind k ON k.id = r.request_kind_id JOIN operator o ON o.id = r.operator_id")" = \
          "caf|information|a_suivre|2026-03-27|Camille" ] &&
        [ "$(q "SELECT p.code FROM referral r JOIN partner p ON p.id = r.partner_id")" = caf ]
    verdict "Enter, Enter records the referral (information given, follow-up in 10 days)" $? "$(screen)"
    keys o && wait_for "Orient a person" && keys "chomage" && wait_for "France Travail" &&
        keys Enter && wait_for "Information given" && keys Right && wait_for "Appointment booked" &&
        keys Tab Tab "Mme Diallo" && keys Enter && wait_for "consent" &&
        [ "$(q "SELECT count(*) FROM referral")" = 1 ]
    verdict "a contact without consent is refused where it is typed, nothing written" $? "$(screen)"
    keys Tab "06 12 34 56 78" Tab Space && wait_for "[x]" && keys Enter && wait_for "Referral No. 2 recorded" &&
        [ "$(q "SELECT method, contact_name, contact_phone, CASE WHEN consent_at IS NOT NULL THEN 1 ELSE 0 END FROM referral WHERE id = 2")" = \
          "appointment|Mme Diallo|+33612345678|1" ]
    verdict "the method is chosen with Right; a contact is kept with its consent" $? "$(screen)"
    keys o && wait_for "Orient a person" && keys "xyzzy plugh" && wait_for "No request of the policy matches" &&
        keys Escape && wait_for "Hello, Camille."
    verdict "a request the policy does not know says so; Esc goes back" $? "$(screen)"
    keys o && wait_for "Orient a person" && keys "mot de passe mail" && wait_for "Answer: Handled here" &&
        keys Enter && wait_for "New session" && screen | grep -q '\[x\] e E-mail' && keys Enter &&
        wait_for "Session No. 2 saved" && [ "$(q "SELECT theme FROM help_session_theme WHERE session_id = 2")" = email ]
    verdict "a request handled here opens a new session with its theme" $? "$(screen)"
    stop
}

test_orient_from_session_form() {
    new_db form
    desk || { not_ok "orient from the form: the desk opens" "$(screen)"; return; }
    keys n && wait_for "New session" && keys a && keys C-o && wait_for "Orient the person of this session" &&
        keys "carte vitale" && wait_for "Assurance Maladie (CPAM)" && keys Enter Enter &&
        wait_for "Referral No. 1 recorded" &&
        [ "$(q "SELECT session_id FROM referral")" = 2 ] &&
        [ "$(q "SELECT oriented, orientation FROM help_session WHERE id = 2")" = "1|$(q "SELECT category FROM partner WHERE code = 'cpam'")" ]
    verdict "Ctrl+O in the session form saves it, then the referral names it and it counts as oriented" $? "$(screen)"
    # Home is awaited between Esc and n: sent together they would read as Alt+n.
    keys n && wait_for "New session" && keys Enter && wait_for "Choose at least one theme" && keys Escape &&
        wait_for "Hello, Camille." && keys n && wait_for "New session" && keys F4 && wait_for "Choose at least one theme" && screen | grep -q "New session" &&
        [ "$(q "SELECT count(*) FROM help_session")" = 2 ]
    verdict "an invalid session is not saved nor oriented: the form stays" $? "$(screen)"
    stop
}

test_follow_up() {
    new_db follow
    local caf; caf=$(q "SELECT id FROM partner WHERE code = 'caf'")
    GUICHET_NOW="2026-03-02 09:00" "$GUICHET" --db "$DB" referral add --request caf --partner "$caf" >/dev/null &&
        GUICHET_NOW="2026-03-02 09:05" "$GUICHET" --db "$DB" referral add --request chomage \
            --follow-up 2026-03-20 >/dev/null &&
        GUICHET_NOW="2026-01-10 09:00" "$GUICHET" --db "$DB" referral add --request ants >/dev/null
    desk || { not_ok "follow-up: the desk opens" "$(screen)"; return; }
    wait_for "1 referral older than the follow-up delay" &&
        [ "$(q "SELECT status FROM referral WHERE id = 3")" = sans_suite ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE entity = 'referral' AND action = 'expire'")" = 1 ]
    verdict "taking the desk expires referrals older than the delay, audited" $? "$(screen)" "$(q "SELECT action, entity FROM audit")"
    wait_for "1 referral to follow up (f)" && screen | grep -q '12/03/2026 .*→ Caisse'
    verdict "home shows the referrals due, first ones listed" $? "$(screen)"
    keys f && wait_for "Referrals to follow up" &&
        screen | grep -A1 'Follow up' | tail -1 | grep -q '! 12/03/2026' &&
        screen | grep -A2 'Follow up' | tail -1 | grep -q '20/03/2026'
    verdict "the follow-up list shows due ones first" $? "$(screen)"
    keys + && wait_for "Referral No. 1: follow up on 24/03/2026." &&
        [ "$(q "SELECT follow_up_on FROM referral WHERE id = 1")" = 2026-03-24 ]
    verdict "+ follows up a week later" $? "$(screen)"
    # The postponed referral stays selected, now below the one due on 20 March.
    keys Up && keys a && wait_for "Referral No. 2: " && [ "$(q "SELECT status, CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END FROM referral WHERE id = 2")" = "abouti|1" ] &&
        [ "$(q "SELECT count(*) FROM audit WHERE entity = 'referral' AND action = 'update'")" -ge 2 ]
    verdict "a records that it worked, audited" $? "$(screen)"
    keys t && wait_for "Referrals" && wait_for "No outcome" && keys Escape && wait_for "Hello, Camille."
    verdict "t shows every referral with its status" $? "$(screen)"
    stop
}

# A network's follow-up (issue 18): every referral, read a page at a time around the selection;
# moving through 230 of them, past pages read and let go both ways, acts on the referral shown.
test_follow_up_pages() {
    new_db pages
    local caf; caf=$(q "SELECT id FROM partner WHERE code = 'caf'")
    # The i-th day after the first of January, as the store keeps dates (YYYY-MM-DD).
    local day="date('2026-01-01', '+' || i || ' days')"
    on_postgresql && day="to_char(DATE '2026-01-01' + i, 'YYYY-MM-DD')"
    q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 230)
       INSERT INTO referral (referred_at, partner_id, need, status, follow_up_on, closed_at,
                             created_at, updated_at)
       SELECT '2026-03-16 10:00', $caf, 'Need ' || i, 'abouti',
              CASE WHEN i > 220 THEN NULL ELSE $day END,
              '2026-03-16T09:00:00Z', '2026-03-16T09:00:00Z', '2026-03-16T09:00:00Z' FROM n"
    desk || { not_ok "follow-up pages: the desk opens" "$(screen)"; return; }
    local downs=() ups=() i
    for ((i = 1; i < 230; i++)); do downs+=(Down); ups+=(Up); done
    keys f && wait_for "Referrals to follow up" && keys t && wait_for "Need 1 " &&
        keys "${downs[@]}" && wait_for "Need 230" && keys s && wait_for "Referral No. " &&
        [ "$(q "SELECT status FROM referral WHERE need = 'Need 230'")" = sans_suite ] &&
        [ "$(q "SELECT count(*) FROM referral WHERE status = 'sans_suite'")" = 1 ] &&
        keys "${ups[@]}" && wait_for "Need 1 " && keys r && wait_for "Referral No. 1: " &&
        [ "$(q "SELECT status FROM referral WHERE need = 'Need 1'")" = refuse ] &&
        keys Down Down Down && keys s && wait_for "Referral No. 4: " &&
        [ "$(q "SELECT status FROM referral WHERE need = 'Need 4'")" = sans_suite ]
    verdict "the list of every referral moves through pages both ways and acts on the one shown" $? \
        "$(screen)" "$(q "SELECT id, need, status FROM referral WHERE status <> 'abouti'")"
    stop
}

test_partner_directory() {
    new_db partners
    desk || { not_ok "partners: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys / "travail" && wait_for "France Travail" &&
        wait_gone "Assurance Maladie" && keys Enter && wait_for "France Travail" && wait_for "Phone: 3949"
    verdict "the directory filters as words are typed and shows the card" $? "$(screen)"
    keys Enter && wait_for "Partner No. " && keys Tab Tab Tab Tab Tab "75O01" && keys Enter &&
        wait_for '"75O01" is not a postal code; expected 5 digits such as 51100' && [ "$(q "SELECT count(*) FROM partner WHERE code = 'france_travail' AND postal_code IS NULL")" = 1 ]
    verdict "an invalid postal code is refused, the form kept" $? "$(screen)"
    keys BSpace BSpace BSpace "001" Tab "Paris" Enter && wait_for "saved." &&
        [ "$(q "SELECT postal_code, commune FROM partner WHERE code = 'france_travail'")" = "75001|Paris" ]
    verdict "a partner is edited in the directory" $? "$(screen)"
    keys n && wait_for "New partner" && keys "Espace France Services Nord" Tab Tab Right &&
        for _ in 1 2 3 4 5 6 7 8; do keys Tab; done && keys "Tu 09:00-12:00" Enter && wait_for "saved." &&
        [ "$(q "SELECT opening_hours, CASE WHEN category IS NOT NULL THEN 1 ELSE 0 END FROM partner WHERE name = 'Espace France Services Nord'")" = "Tu 09:00-12:00|1" ]
    verdict "a new partner with opening hours and a category" $? "$(screen)"
    # The SIRET field, last of the form: a wrong check digit is said as it is typed and the
    # place is not saved; corrected, it is stored, the phone in the standard's form.
    keys n && wait_for "New partner" && keys "Médiathèque Jean Falala" &&
        for _ in 1 2 3 4 5 6 7; do keys Tab; done && keys "03 26 35 68 00" &&
        for _ in 1 2 3 4 5 6 7; do keys Tab; done && wait_for "SIRET (14 digits)" &&
        keys "215 104 546 00017" Enter && wait_for "is not a valid SIRET" &&
        [ "$(q "SELECT count(*) FROM partner WHERE name = 'Médiathèque Jean Falala'")" = 0 ]
    verdict "the form's SIRET field refuses a wrong check digit, with the form expected" $? "$(screen)"
    keys BSpace 9 Enter && wait_for "saved." &&
        [ "$(q "SELECT pivot || ',' || phone || ',' || updated_on FROM partner WHERE name = 'Médiathèque Jean Falala'")" = "21510454600019,+33326356800,2026-03-17" ]
    verdict "a place made on the desk keeps its SIRET, phone +33…, date_maj today" $? "$(screen)" "$(q "SELECT pivot, phone, updated_on FROM partner WHERE name = 'Médiathèque Jean Falala'")"
    stop
}

# The card is read to a person: the phone the French way, the e-mails separated by ", " (stored
# +33… and joined by "|", the place standard's forms).
test_partner_card_contact() {
    new_db card
    "$GUICHET" --db "$DB" partner add --name "Zéphyrine Lieu" --phone 0326000000 \
        --email "a@b.fr|C.D@Mairie.FR" >/dev/null
    desk || { not_ok "card: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys / "zephyrine" && wait_for "1 of 17 partners" &&
        keys Enter && wait_for "Phone: 03 26 00 00 00" && wait_for "E-mail: a@b.fr, C.D@mairie.fr" &&
        ! screen | grep -qF "+33326000000"
    verdict "the partner's card and the directory show the phone as 03 26 00 00 00, the card the e-mails separated by commas" $? "$(screen)"
    stop
}

# A département's directory: 2,100 imported places, every one listed (the list stopped at 2,000
# without a word).
test_large_directory() {
    new_db large
    /usr/bin/python3 - "$(dirname "$0")/../../../shared/standards/mednum/exemple-valide.csv" \
        "$TMP/places.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
header, model = rows[0], rows[1]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(1, 2101):
        row = list(model)
        row[header.index("id")] = "lieu-%04d" % i
        row[header.index("nom")] = "Zz lieu %04d" % i
        if i == 2100:  # a presentation over two lines, shown so on the card
            row[header.index("presentation_detail")] = "Ligne un du lieu.\nLigne deux du lieu."
        w.writerow(row)
PYEOF
    "$GUICHET" --db "$DB" partner import "$TMP/places.csv" >/dev/null
    desk || { not_ok "large directory: the desk opens" "$(screen)"; return; }
    # 2,200 keys: under ASan on a busy machine they take longer than one wait's usual limit.
    keys p && wait_for "Partner directory" && tm send-keys -t t -N 2200 Down &&
        POLL_TIMEOUT=120 wait_for "Zz lieu 2100"
    verdict "the directory lists all of 2,100 imported places" $? "$(screen)"
    # A taller terminal, so that the card reaches its presentation.
    tm resize-window -t t -x 80 -y 48 && wait_for "Presentation:" &&
        screen | grep -q '^ *Ligne un du lieu\. *$' &&
        screen | grep -q '^ *Ligne deux du lieu\. *$'
    verdict "the card shows a multi-line presentation line by line" $? "$(screen)"
    # 48 rows tall now: about 20 partners a page, 106 pages of 2,116.
    keys Escape && wait_for "Hello, Camille." && keys p && wait_for "Partner directory" &&
        tm send-keys -t t -N 150 NPage && wait_for "Zz lieu 2100" &&
        tm send-keys -t t -N 150 PPage && wait_for "Agence nationale"
    verdict "PgDn crosses the directory a page at a time to its end, PgUp back to its top" $? "$(screen)"
    stop
}

test_policy_editor() {
    new_db policy
    desk || { not_ok "policy: the desk opens" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys l && wait_for "Routing policy" && keys n &&
        wait_for "New request of the policy" && keys "bus" Tab "Cartes de bus" Tab "abonnement, ticket de bus" &&
        keys Enter && wait_for "needs the partner" && [ "$(q "SELECT count(*) FROM request_kind WHERE code = 'bus'")" = 0 ]
    verdict "a request sent elsewhere without a partner is refused" $? "$(screen)"
    screen | grep -q '^> Partner' && keys Right && wait_match "^ +Agence" && keys Enter &&
        wait_match "^> Partner +Agence" && keys Enter && wait_for "Policy saved." &&
        screen | grep -q "Redirected  *Assurance Maladie (CPAM)" &&
        [ "$(q "SELECT label, answer, p.code FROM request_kind k JOIN partner p ON p.id = k.partner_id WHERE k.code = 'bus'")" = "Cartes de bus|redirect|ants" ]
    verdict "a new request is added to the policy with its partner; rows name their partners" $? "$(screen)"
    keys Escape Escape && wait_for "Hello, Camille." && keys o && wait_for "Orient a person" &&
        keys "ticket de bus" && wait_for "Cartes de bus" && keys Escape && wait_for "Hello, Camille."
    verdict "Orienter finds the new request at once" $? "$(screen)"
    keys p && wait_for "Partner directory" && keys l && wait_for "Routing policy" &&
        for _ in $(seq 20); do keys Down; done && wait_for "Words people use: abonnement" && keys d && wait_for 'Remove "Cartes de bus" from the policy?' &&
        keys y && wait_for "Request removed" && [ "$(q "SELECT count(*) FROM request_kind WHERE code = 'bus'")" = 0 ]
    verdict "d removes a request after confirmation" $? "$(screen)"
    stop
}

# A network's desk works on its own site's directory and policy (migration 024): Dominique, at
# the Annexe, sees the network's partners and the Annexe's, not the Centre's; the Annexe's own
# answer for the CAF is Orienter's there; the policy screen says it is the site's own, and the
# network's lines cannot be removed from a site's desk.
test_site_desk() {
    DB="$TMP/sites.db"
    "$GUICHET" --db "$DB" log --theme email --duration 10 --operator Camille --site Centre >/dev/null &&
        "$GUICHET" --db "$DB" log --theme email --duration 10 --operator Dominique --site Annexe >/dev/null &&
        "$GUICHET" --db "$DB" partner add --name "Mairie annexe" --site Annexe >/dev/null &&
        "$GUICHET" --db "$DB" partner add --name "Maison du centre" --site Centre >/dev/null ||
        { not_ok "sites: the database is made"; return; }
    printf 'code,label,keywords,answer,partner,theme\r\ncaf,"CAF, à la mairie annexe","caf, allocs",redirect,%s,aide_aux_demarches_administratives\r\n' \
        "$(q "SELECT id FROM partner WHERE name = 'Mairie annexe'")" >"$TMP/annexe.csv"
    "$GUICHET" --db "$DB" policy import "$TMP/annexe.csv" --site Annexe >/dev/null
    "$GUICHET" --db "$DB" workshop add --title "Atelier du centre" --at "2026-03-20 14:00" --duration 60 \
        --capacity 6 --site Centre >/dev/null &&
        "$GUICHET" --db "$DB" workshop add --title "Atelier de l'annexe" --at "2026-03-21 14:00" \
            --duration 60 --capacity 6 --site Annexe >/dev/null
    # People booked at each site's workshop: the Annexe's desk finds its own only.
    "$GUICHET" --db "$DB" workshop book 1 --name "Paul Centre" >/dev/null &&
        "$GUICHET" --db "$DB" workshop book 2 --name "Paula Annexe" >/dev/null
    # A referral made at the Annexe with its own answer for the CAF.
    q "UPDATE operator SET site_id = (SELECT id FROM site WHERE name = 'Annexe') WHERE name = 'Dominique'"
    "$GUICHET" --db "$DB" referral add --request caf --operator Dominique >/dev/null
    # A referral made at the Centre, with a contact: not the Annexe's to see.
    "$GUICHET" --db "$DB" referral add --request carte_vitale --operator Camille --follow-up 2026-03-17 \
        --contact-name "Marie Secret" --contact-phone 0611223344 --consent >/dev/null
    # Dominique's usual site is the Annexe, and Dominique the desk's last operator.
    q "UPDATE operator SET site_id = (SELECT id FROM site WHERE name = 'Annexe') WHERE name = 'Dominique';
       INSERT INTO setting (key, value) SELECT 'last_operator', id FROM operator WHERE name = 'Dominique'
       ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Dominique." ||
        { not_ok "sites: the desk opens at the Annexe" "$(screen)"; return; }
    keys p && wait_for "Partner directory" && keys / "mairie annexe" && wait_for "Mairie annexe" &&
        keys C-u "maison du centre" && wait_for "No partner matches." && ! screen | grep -q "Maison du centre"
    verdict "a site's desk: its own partners and the network's, not another site's" $? "$(screen)"
    keys Escape Escape && wait_for "Hello, Dominique." && keys o && wait_for "Orient a person" &&
        keys "allocs" && wait_for "CAF, à la mairie annexe" && wait_for "Mairie annexe"
    verdict "Orienter at a site: its own answer in the network's place" $? "$(screen)"
    local network=$(q "SELECT count(*) FROM request_kind WHERE site_id IS NULL")
    keys Escape && wait_for "Hello, Dominique." && keys p && wait_for "Partner directory" && keys l &&
        wait_for "Routing policy" && keys Down Down Down Down && wait_for "Words people use: caf, allocs" &&
        wait_for "This site's own answer" && keys Up && wait_gone "Words people use: caf, allocs" &&
        ! screen | grep -q "This site's own answer" &&
        keys d && wait_for "is the network's" && ! screen | grep -q "(y/n)" &&
        [ "$(q "SELECT count(*) FROM request_kind WHERE site_id IS NULL")" = "$network" ]
    verdict "the policy screen marks the site's own line; the network's cannot be removed there" $? "$(screen)"
    keys Down && wait_for "Words people use: caf, allocs" && keys d && wait_for "(y/n)" && keys y &&
        wait_for "This site's own answer removed" && wait_for "RSA, prime d" &&
        [ "$(q "SELECT count(*) FROM request_kind WHERE site_id IS NOT NULL")" = 0 ] &&
        [ "$(q "SELECT k.code || CASE WHEN k.site_id IS NULL THEN 1 ELSE 0 END FROM referral r JOIN request_kind k ON k.id = r.request_kind_id WHERE r.operator_id = (SELECT id FROM operator WHERE name = 'Dominique')")" = caf1 ]
    verdict "removing the site's own answer brings the network's line back; its referrals keep the request" $? \
        "$(screen)" "$(q "SELECT id, request_kind_id FROM referral")"
    keys Escape Escape && wait_for "Hello, Dominique." && keys f && wait_for "Referrals to follow up" &&
        keys t && wait_for "Referrals" && ! screen | grep -q "Marie Secret" &&
        [ "$(q "SELECT count(*) FROM referral WHERE contact_name = 'Marie Secret'")" = 1 ]
    verdict "a site's desk does not list another site's referrals and their contacts" $? "$(screen)"
    keys Escape Escape && wait_for "Hello, Dominique." && keys w && wait_for "Atelier de l'annexe" &&
        ! screen | grep -q "Atelier du centre"
    verdict "a site's desk lists its own site's workshops" $? "$(screen)"
    keys Escape && wait_for "Hello, Dominique." && keys P && wait_for "Name:" && keys paul &&
        wait_for "Paula Annexe" && ! screen | grep -q "Paul Centre"
    verdict "a site's desk finds the people booked at its workshops, not another site's" $? "$(screen)"
    keys Escape && wait_for "Hello, Dominique." && keys s && wait_for "Statistics" &&
        wait_match "^ Individual sessions +1 " && [ "$(q "SELECT count(*) FROM help_session")" = 2 ]
    verdict "a site's desk shows its own site's figures" $? "$(screen)"
    stop
}

test_orient_from_home
test_orient_from_session_form
test_follow_up
test_follow_up_pages
test_partner_directory
test_partner_card_contact
test_policy_editor
test_large_directory
test_site_desk
stop
finish
