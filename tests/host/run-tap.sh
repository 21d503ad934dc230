#!/bin/sh
# tests/host/run-tap.sh - run host test binaries, collect their TAP output.
#
# Usage: run-tap.sh OUT.tap BINARY...
# Runs every binary (none stops the others) with cmocka's TAP output, UBSan
# set to halt on the first error and a 300 s timeout; appends its stdout to
# OUT.tap (stderr as "# " comment lines) and echoes each section as it
# finishes. A binary that exits non-zero without printing a "not ok" line, or
# prints fewer results than its plan (a crash, a sanitizer abort, a timeout),
# gets a synthetic "not ok - <binary>: ..." line so the summing harness
# counts it.
# Exits 1 if any binary failed, 0 otherwise.

out=$1
shift
: >"$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

for bin in "$@"; do
    name=$(basename "$bin")
    sec=$tmp/section
    echo "# $name" >"$sec"
    status=0
    CMOCKA_MESSAGE_OUTPUT=TAP \
    ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        timeout 300 "$bin" >"$tmp/out" 2>"$tmp/err" || status=$?
    cat "$tmp/out" >>"$sec"
    sed 's/^/# /' "$tmp/err" >>"$sec"
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$tmp/out" | head -n 1)
    results=$(grep -c -E '^(not )?ok( |$)' "$tmp/out")
    notok=$(grep -c -E '^not ok( |$)' "$tmp/out")
    if [ "$status" -ne 0 ] && [ "$notok" -eq 0 ]; then
        echo "not ok - $name: exited with status $status" >>"$sec"
    elif [ -z "$plan" ] || [ "$results" -lt "$plan" ]; then
        echo "not ok - $name: crashed after $results of ${plan:-?} results" >>"$sec"
    fi
    if [ "$status" -ne 0 ] || [ -z "$plan" ] || [ "$results" -lt "$plan" ]; then
        failed=1
    fi
    cat "$sec" >>"$out"
    cat "$sec"
done

pass=$(grep -c -E '^ok( |$)' "$out")
fail=$(grep -c -E '^not ok( |$)' "$out")
echo "host tests: $pass passed, $fail failed (TAP in $out)"
[ "$failed" -eq 0 ] && [ "$fail" -eq 0 ]
