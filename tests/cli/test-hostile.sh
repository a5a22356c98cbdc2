#!/usr/bin/env bash
# Hostile text on every command-line input path: invalid UTF-8, terminal escape sequences, bidi
# overrides, a very long string and an empty one, through every option and file that takes
# text. Each is refused with a message (exit 2) or stored cleaned (exit 0); never a crash, never
# a raw escape or override on the terminal or in the database.
# Usage: tests/cli/test-hostile.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="hostile input${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-03-17 10:00"
DB="$TMP/h.db"

INVALID=$'caf\xff\xfe\xc3'
ESCAPES=$'caf \e[2J\e]0;pwned\a\e[31mred\x9b'
BIDI=$'caf \u202eevil\u2066x'
LONG=$(head -c 100000 /dev/zero | tr '\0' 'a')
EMPTY=""

# Bytes that must never reach a terminal or the database: ESC, BEL, CSI (C1 as UTF-8 or raw),
# the bidi overrides and isolates, and invalid UTF-8.
BAD_BYTES=$'\e|\a|\xc2\x9b|\xe2\x80\xae|\xe2\x81\xa6|\xff|\xfe'
has_bad() { LC_ALL=C grep -qaE "$BAD_BYTES" "$@"; }

# dump_database: every row the database holds, its text as stored: the sqlite3 shell's .dump; on
# PostgreSQL, each row of each table as PostgreSQL writes a row as text (nothing escaped but
# quotes and backslashes, so that a raw control or override shows).
dump_database() {
    if on_postgresql; then
        sqlite3 "$DB" <<'SQL'
SELECT format('SELECT %L, t::text FROM %I AS t', tablename, tablename)
    FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename
\gexec
SQL
    else
        sqlite3 "$DB" .dump
    fi
}

# hostile NAME ARGS…: every hostile input in turn in place of the argument INPUT (and its kind's
# name in place of KIND within other arguments, for files made beforehand).
hostile() {
    local name=$1 kind value problems="" a
    shift
    for kind in INVALID ESCAPES BIDI LONG EMPTY; do
        value=${!kind}
        local args=()
        for a in "$@"; do
            if [ "$a" = INPUT ]; then args+=("$value"); else args+=("${a//KIND/$kind}"); fi
        done
        run --db "$DB" "${args[@]}"
        case $rc in
        0 | 2) ;;
        *) problems+="$kind: exit $rc ($(head -c 200 "$TMP/err")); " ;;
        esac
        [ "$rc" = 2 ] && ! [ -s "$TMP/err" ] && problems+="$kind: refused without a message; "
        has_bad "$TMP/out" "$TMP/err" && problems+="$kind: raw control or override on the terminal; "
    done
    dump_database >"$TMP/dump"
    has_bad "$TMP/dump" && problems+="the database holds a raw control, override or invalid byte; "
    [ -z "$problems" ]
    verdict "$name: refused with a message or stored cleaned" $? "$problems"
}

# policy_file VALUE: a policy CSV whose label is VALUE.
policy_file() {
    printf 'code,label,answer\r\nhostile,"%s",here\r\n' "$1" >"$TMP/policy.csv"
    echo "$TMP/policy.csv"
}

"$GUICHET" --db "$DB" workshop add --title "Atelier" --at "2026-04-01 10:00" --duration 60 \
    --capacity 5 >/dev/null || { not_ok "hostile: setting up" ""; finish; exit; }

hostile "log --note" log --theme email --duration 15 --note INPUT
hostile "log --procedure" log --theme aide_aux_demarches_administratives --duration 15 --procedure INPUT
hostile "log --operator" log --theme email --duration 15 --operator INPUT
hostile "log --site" log --theme email --duration 15 --site INPUT
hostile "log --theme" log --theme INPUT --duration 15
hostile "log --at" log --theme email --duration 15 --at INPUT
hostile "log --duration" log --theme email --duration INPUT
hostile "workshop add --title" workshop add --title INPUT --at "2026-04-01 10:00" --duration 60 --capacity 5
hostile "workshop add --room and --description" workshop add --title T --room INPUT --description INPUT \
    --at "2026-04-01 10:00" --duration 60 --capacity 5
hostile "workshop book --name" workshop book 1 --name INPUT
hostile "workshop book --phone" workshop book 1 --name "Jeanne Martin" --phone INPUT
hostile "partner add --name" partner add --name INPUT
hostile "partner add --handles and --notes" partner add --name P --handles INPUT --notes INPUT
hostile "partner add --hours" partner add --name P --hours INPUT
hostile "referral add --request" referral add --request INPUT --partner 1
hostile "referral add --contact-name" referral add --request caf --contact-name INPUT \
    --contact-phone "06 12 34 56 78" --consent
hostile "route" route INPUT
hostile "person find" person find INPUT
hostile "report --site" report --site INPUT
hostile "sessions --from" sessions --from INPUT
for kind in INVALID ESCAPES BIDI LONG EMPTY; do
    cp "$(policy_file "${!kind}")" "$TMP/policy-$kind.csv"
done
hostile "policy import (a label in the file)" policy import "$TMP/policy-KIND.csv"

# route's words are joined without a fixed buffer (a long request was cut in the middle of a
# character, then called invalid UTF-8), and a refusal is said once, not twice.
run --db "$DB" route "$(printf 'X\xff')"
[ "$rc" = 2 ] && [ "$(grep -c 'not valid UTF-8' "$TMP/err")" = 1 ]
verdict "route: invalid UTF-8 is refused once, exit 2" $? "$(cat "$TMP/err")"
run --db "$DB" route $(for i in $(seq 300); do printf 'é '; done)
[ "$rc" = 2 ] && grep -q 'too long (at most 200 characters)' "$TMP/err" && ! grep -q 'UTF-8' "$TMP/err"
verdict "route: 300 words are too long, not cut into invalid UTF-8" $? "$(cat "$TMP/err")"
finish
