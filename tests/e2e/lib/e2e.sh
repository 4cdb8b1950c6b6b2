# tests/e2e/lib/e2e.sh - the start every e2e script shares, sourced (not run:
# tests/run.sh runs only tests/e2e/*.sh).  Set E2E_NAME first; this gives
# $BUILD, $KH_SHARED, $K (the khabar binary), a temporary folder $T removed
# at exit, ok NAME / fail NAME WHY that print "ok   e2e/E2E_NAME/NAME" and
# "FAIL e2e/E2E_NAME/NAME: WHY" and count, and finish, which prints the
# summary line tests/run.sh adds up and sets the exit status.
BUILD=${BUILD:-build-san}
KH_SHARED=${KH_SHARED:-$(cd .. && pwd)/shared}
K="$BUILD/khabar"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
passed=0
failed=0
ok() { echo "ok   e2e/$E2E_NAME/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL e2e/$E2E_NAME/$1: $2"; failed=$((failed + 1)); }
finish() {
    echo "e2e/$E2E_NAME: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}
