#!/bin/sh
# guichet under valgrind, for the command-line suites: any memory error or definite leak makes
# the command exit with 86, the status the suites treat as a sanitizer report.
exec valgrind --quiet --error-exitcode=86 --leak-check=full --errors-for-leak-kinds=definite \
    --track-fds=no "$(dirname "$(realpath "$0")")/../build/guichet" "$@"
