#!/usr/bin/env bash
# End-to-end tests of the full-screen interface, driven in tmux, then checked in the database.
# Usage: tests/tui/test-tui.sh GUICHET_BINARY
set -u
GUICHET=$(realpath "$1")
SUITE="terminal (tmux)"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=$LANGUAGE GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

test_opens_and_quits() {
    start 80 24 --db "$TMP/a.db"
    wait_for "Press q to leave" && keys q && wait_for "[exit 0]"
    verdict "the screen opens and q leaves with status 0" $? "$(screen)"
}

test_opens_and_quits
stop
finish
