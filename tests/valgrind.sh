#!/bin/sh
# guichet under valgrind, for the command-line and terminal suites: any memory error or definite
# leak makes the command exit with 86, the status the suites treat as a sanitizer report. With
# VALGRIND_LOG_DIR set, reports go to a file per process there instead, which the suite's finish
# checks: a full-screen desk's report would otherwise only flash on its terminal.
guichet="$(dirname "$(realpath "$0")")/../build/guichet"
log=--log-fd=2
[ -n "${VALGRIND_LOG_DIR:-}" ] && log="--log-file=$VALGRIND_LOG_DIR/valgrind.%p.log"
exec valgrind --quiet --error-exitcode=86 --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite "$log" "$guichet" "$@"
