#!/usr/bin/env bash
# Faults under the full-screen interface, on real file systems: a disk that fills up while a
# session is being typed (clear message, the form kept as typed, nothing half-written, saved once
# space is freed), a full disk or a read-only medium when the desk starts, and the day's backup
# failing without stopping the desk. The suite runs in its own mount namespace (unshare), where a
# 4 MB tmpfs can fill up and a folder can be mounted read-only without touching the machine.
# Usage: tests/tui/test-faults-tui.sh GUICHET_BINARY [LABEL]
set -u
if [ -z "${GUICHET_FAULTS_NS:-}" ] && unshare --map-root-user --mount true 2>/dev/null; then
    GUICHET_FAULTS_NS=1 exec unshare --map-root-user --mount "$0" "$@"
fi
GUICHET=$(realpath "$1")
SUITE="faults (tmux)${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'stop; umount -q "$TMP"/small "$TMP"/ro 2>/dev/null; rm -rf "$TMP"' EXIT
unset LC_ALL LC_MESSAGES LANG GUICHET_DB NO_COLOR
export LANGUAGE=en GUICHET_NOW="2026-03-14 10:30" HOME="$TMP/home"
ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"

if [ -z "${GUICHET_FAULTS_NS:-}" ]; then
    not_ok "the fault tests need a private mount namespace (unshare --map-root-user --mount)" \
        "unshare refused here: allow unprivileged user namespaces, or run as root"
    finish
    exit
fi

SMALL="$TMP/small"
mkdir -p "$SMALL" "$TMP/ro"
mount -t tmpfs -o size=4m,mode=0755 none "$SMALL"

q() { sqlite3 "$1" "$2"; }
seed_db() {
    "$GUICHET" --db "$1" log --theme sante --duration 45 --at "2026-03-13 16:00" \
        --operator Camille --site "Médiathèque centrale" >/dev/null
}
# fill_disk: takes every free block of the small file system.
fill_disk() { dd if=/dev/zero of="$SMALL/filler" bs=4k 2>/dev/null; [ "$(df --output=avail "$SMALL" | tail -1)" -eq 0 ]; }
free_disk() { rm -f "$SMALL/filler"; }
# joined_has TEXT (screen on input): TEXT is on screen, maybe wrapped across lines.
joined_has() { tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"; }

test_disk_fills_while_typing() {
    local db="$SMALL/desk.db"
    seed_db "$db"
    # The day's backup goes to another disk, and runs beside the desk: the disk fills once it
    # is written.
    q "$db" "INSERT INTO setting (key, value) VALUES ('backup_dir', '$TMP/backups')"
    start 80 24 --db "$db"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Hello, Camille." &&
        wait_file "$TMP/backups/desk-2026-03-14.db" &&
        keys n && wait_for "New session" && keys e Tab BSpace BSpace 3 5 &&
        wait_match 'Duration +35 '
    local typed=$?
    fill_disk
    local filled=$?
    keys Enter
    [ "$typed" = 0 ] && [ "$filled" = 0 ] && poll joined_has "is full: nothing was written; free some space and try again" &&
        screen | grep -q "New session" && screen | grep -q '\[x\] e E-mail' && screen | grep -qE 'Duration +35 ' &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 1 ]
    verdict "a full disk while saving: a clear message, the form kept as typed, nothing written" $? "$(screen)"
    free_disk
    keys Enter
    wait_for "Session No. 2 saved" &&
        [ "$(q "$db" "SELECT s.duration_min || ' ' || t.theme FROM help_session s
            JOIN help_session_theme t ON t.session_id = s.id WHERE s.id = 2")" = "35 email" ] &&
        [ "$(q "$db" "SELECT count(*) FROM help_session")" = 2 ]
    verdict "once space is freed, the same form saves with Enter" $? "$(screen)"
    keys q && wait_for "[exit 0]" && "$GUICHET" --db "$db" check >/dev/null
    verdict "the database is sound after the full disk" $? "$(screen)"
    stop
    rm -rf "${SMALL:?}"/*
}

test_disk_full_at_start() {
    local db="$SMALL/start.db"
    seed_db "$db"
    fill_disk
    start 80 24 --db "$db"
    wait_for "[exit 1]" && screen | grep -q "is full" && screen | grep -qF "$db"
    verdict "a desk started on a full disk says so and stops, without a crash" $? "$(screen)"
    free_disk
    rm -f "$SMALL"/start*
}

test_read_only_medium() {
    seed_db "$TMP/ro/desk.db"
    mount --bind -o ro "$TMP/ro" "$TMP/ro"
    local before; before=$(md5sum <"$TMP/ro/desk.db")
    start 80 24 --db "$TMP/ro/desk.db"
    wait_for "[exit 1]" && screen | grep -q "read-only" && [ "$before" = "$(md5sum <"$TMP/ro/desk.db")" ]
    verdict "a desk started on a read-only medium says so and stops, the file untouched" $? "$(screen)"
    ENV_EXTRA="LANGUAGE=fr GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
    start 80 24 --db "$TMP/ro/desk.db"
    wait_for "[exit 1]" && screen | tr -d "\n" | grep -qE "en lecture ?seule" # the pane wraps at any column
    verdict "the read-only message is in French" $? "$(screen)"
    ENV_EXTRA="LANGUAGE=en GUICHET_NOW='$GUICHET_NOW' GUICHET_LOCALEDIR=$GUICHET_LOCALEDIR"
}

test_backup_fails_desk_goes_on() {
    local db="$TMP/backup-ro.db"
    seed_db "$db"
    # The rotation's folder lies on the read-only medium.
    q "$db" "INSERT INTO setting (key, value) VALUES ('backup_dir', '$TMP/ro/backups')"
    start 80 24 --db "$db"
    wait_for "Who is at the desk?" && keys Enter && wait_for "Today's backup failed" &&
        screen | grep -q "Hello, Camille." && keys n && wait_for "New session" && keys e Enter &&
        wait_for "Session No. 2 saved"
    verdict "the day's backup failing is shown, and the desk goes on" $? "$(screen)"
    stop
}

test_disk_fills_while_typing
test_disk_full_at_start
test_read_only_medium
test_backup_fails_desk_goes_on
finish
