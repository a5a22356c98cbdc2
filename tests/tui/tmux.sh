# Drives guichet in an isolated tmux server: fixed sizes, keys sent with send-keys, and the
# screen read with capture-pane, polled until a condition holds (never fixed sleeps).
SOCKET="guichet-test-$$"
POLL_TIMEOUT=${POLL_TIMEOUT:-15}

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

# start WIDTH HEIGHT ARGS…: runs guichet ARGS… in a fresh session; when guichet ends, the pane
# shows "[exit N]" and stays open so that the status can be read.
start() {
    local w=$1 h=$2
    shift 2
    stop
    local cmd
    cmd=$(printf '%q ' "$GUICHET" "$@")
    tm -u new-session -d -s t -x "$w" -y "$h" \
        "env TERM=screen-256color LANG=C.UTF-8 $ENV_EXTRA $cmd; echo \"[exit \$?]\"; exec sleep 600"
}

screen() { tm capture-pane -p -t t 2>/dev/null; }

keys() { tm send-keys -t t "$@"; }

# poll TEST…: true once the command TEST… (given the screen on its input) succeeds; false after
# POLL_TIMEOUT seconds.
poll() {
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while [ $SECONDS -le $deadline ]; do
        screen | "$@" && return 0
        sleep 0.05
    done
    return 1
}

# wait_for TEXT: true once TEXT is on screen.
wait_for() { poll grep -qF -- "$1"; }

# wait_flat TEXT: true once TEXT is on screen, its lines joined with one space and their
# trailing spaces dropped (a long message wraps between words).
wait_flat() { poll flat_has "$1"; }
flat_has() { sed 's/ *$//' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"; }

# wait_file PATH: true once PATH exists (written by another process than the desk's).
wait_file() { poll file_exists "$1"; }
file_exists() { cat >/dev/null; [ -e "$1" ]; }

# wait_match REGEX: true once a line of the screen matches the extended regular expression.
wait_match() { poll grep -qE -- "$1"; }

# wait_gone TEXT: true once TEXT has left the screen.
wait_gone() { poll not_on_screen "$1"; }
not_on_screen() { ! grep -qF -- "$1"; }

# stop: ends the server and waits until it is gone, so that the next start gets a fresh one.
stop() {
    tm kill-server 2>/dev/null
    local deadline=$((SECONDS + POLL_TIMEOUT))
    while tm list-sessions >/dev/null 2>&1 && [ $SECONDS -le $deadline ]; do sleep 0.05; done
    true
}
