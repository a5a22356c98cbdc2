#!/usr/bin/env bash
# Runs every fuzz harness of FUZZ_BUILD for SECONDS each, from the seed corpus in
# tests/fuzz/corpus (copied: new inputs stay out of the tree). One ok or FAIL per harness; a
# crash leaves its input beside the log and names it.
# Usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [LABEL]
set -u
BUILD=$(realpath "$1")
SECONDS_EACH=$2
SUITE="fuzzing${3:+ ($3)}"
HERE=$(dirname "$0")
. "$HERE/../lib.sh"
export ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
for harness in csv hours dates text search ics import; do
    work="$TMP/$harness"
    mkdir -p "$work/corpus" "$work/crash"
    cp "$HERE/corpus/$harness"/* "$work/corpus/" 2>/dev/null
    # A place file needs room for a header and values past the standard's longest (280).
    max_len=4096
    [ "$harness" = import ] && max_len=16384
    "$BUILD/fuzz_$harness" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 \
        -max_len=$max_len -print_final_stats=1 -artifact_prefix="$work/crash/" "$work/corpus" \
        >"$work/log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
    if [ "$status" = 0 ]; then
        ok "fuzz_$harness: ${runs:-?} inputs in ${SECONDS_EACH}s, no crash, leak or undefined behaviour"
    else
        kept="$BUILD/crash-$harness"
        mkdir -p "$kept" && cp "$work"/crash/* "$kept/" 2>/dev/null
        not_ok "fuzz_$harness (exit $status; inputs kept in $kept)" "$(grep -m5 -E 'ERROR|runtime error|SUMMARY' "$work/log")"
    fi
done
finish
