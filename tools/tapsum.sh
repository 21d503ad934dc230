#!/usr/bin/env bash
# Sum TAP result lines from the given files; print "N passed, N failed" last.
# Exit status 0 only when nothing failed and something passed.
set -uo pipefail
passed=0 failed=0
for f in "$@"; do
    if [ ! -s "$f" ]; then
        echo "not ok - $f: no results"
        failed=$((failed + 1))
        continue
    fi
    p=$(grep -acE '^ok( |$)' "$f")
    n=$(grep -acE '^not ok( |$)' "$f")
    passed=$((passed + p)) failed=$((failed + n))
done
grep -ahE '^not ok( |$)' "$@" 2>/dev/null | sed 's/^/FAILED: /'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
