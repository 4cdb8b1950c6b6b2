#!/bin/sh
# tests/run.sh - runs every test program under $BUILD/tests (unit tests per
# module, tests/e2e/*.sh against the built khabar) and ends with the line CI
# reads: "N passed, N failed".  A program that crashes or prints no summary
# counts as one failure.  Run from the repository root.
BUILD=${BUILD:-build-san}
KH_SHARED=${KH_SHARED:-$(cd .. && pwd)/shared}
export KH_SHARED BUILD
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
passed=0
failed=0
log=$(mktemp)
# KH_TEST_FILTER=text runs only the programs whose path contains "text".
for t in $(find "$BUILD/tests" -type f -perm -u+x | sort) $(ls tests/e2e/*.sh 2>/dev/null); do
    case $t in *"${KH_TEST_FILTER:-}"*) ;; *) continue ;; esac
    case $t in
    *.sh) sh "$t" >"$log" 2>&1 ;;
    *) "$t" >"$log" 2>&1 ;;
    esac
    status=$?
    grep -E '^(ok|FAIL)' "$log"
    summary=$(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "FAIL $t: no summary (exit $status)"
        tail -n 20 "$log"
        failed=$((failed + 1))
        continue
    fi
    p=$(echo "$summary" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$summary" | sed -E 's/.*, ([0-9]+) failed$/\1/')
    if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
        grep -vE '^(ok|FAIL)' "$log" | tail -n 30
        [ "$f" -eq 0 ] && f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
