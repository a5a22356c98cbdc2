#!/usr/bin/env bash
# The desk on a network's PostgreSQL server (issue 19): it refreshes when another desk writes
# (LISTEN/NOTIFY), and when its connection is lost (the server restarted, the session ended by
# the server's administrator) it connects again by itself: what is typed is saved, nothing said
# as if it were figures.
# Needs the test cluster of tests/pg-cluster.sh (make check starts it): GUICHET_TEST_PG.
# Usage: tests/tui/test-network-tui.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="the desk on a server (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=${GUICHET_LOCALEDIR:-}"

if [ -z "${GUICHET_TEST_PG:-}" ]; then
    not_ok "a test cluster: GUICHET_TEST_PG names it (make check starts one)"
    finish
    exit
fi
ADMIN=$GUICHET_TEST_PG
HOST=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$ADMIN")
NAME="desk_$$"
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql "$ADMIN" -v ON_ERROR_STOP=1 -qAtc "$1"; }
trap 'stop; psql_admin "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
psql_admin "CREATE DATABASE $NAME" >/dev/null
DB="host=$HOST user=postgres dbname=$NAME"

log() { "$GUICHET" --db "$DB" log --operator Camille --site "Médiathèque centrale" "$@"; }
sessions() { psql "$DB" -qAtc "SELECT count(*) FROM help_session"; }
# cut_desk: the server ends the desk's session, as its administrator or a restart would.
cut_desk() {
    psql "$DB" -qAtc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                      WHERE datname = '$NAME' AND pid <> pg_backend_pid()" >/dev/null
}

test_desk_on_server() {
    log --theme email --duration 20 --at "2026-03-10 09:00" >/dev/null &&
        log --theme sante --duration 30 --at "2026-03-11 10:00" >/dev/null || { not_ok "setup"; return; }
    start 80 24 --db "$DB"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille." &&
        keys h && wait_for "2 sessions"
    verdict "the desk opens on the server and lists its sessions" $? "$(screen)"
    log --theme bureautique --duration 45 --at "2026-03-12 11:00" >/dev/null && wait_for "3 sessions"
    verdict "another desk's session shows at once (LISTEN/NOTIFY)" $? "$(screen)"
    cut_desk
    log --theme email --duration 15 --at "2026-03-13 16:00" >/dev/null && wait_for "4 sessions"
    verdict "its connection cut, the desk connects again and shows what was written meanwhile" $? "$(screen)"
    keys Escape && wait_for "Hello, Camille." && keys n && wait_for "New session" && cut_desk &&
        keys e Enter && wait_for "Session No. 5 saved" && [ "$(sessions)" = 5 ]
    verdict "a session typed while the connection was cut is saved, under the next number" $? \
        "sessions: $(sessions)" "$(screen)"
    keys q && wait_for "[exit 0]"
    verdict "the desk ends normally" $? "$(screen)"
}

test_desk_on_server
finish
