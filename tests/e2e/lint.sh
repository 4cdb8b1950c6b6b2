#!/bin/sh
# tests/e2e/lint.sh - the house style as tests: every C file and header as
# .clang-format writes it, and cppcheck finding nothing in src/ (the
# Makefile's `make lint`, one check each).  scripts/test installs both
# tools when missing; run by hand without them, the checks fail saying so.
E2E_NAME=lint
. tests/e2e/lib/e2e.sh

if command -v clang-format >/dev/null 2>&1; then
    files=$(ls src/*/*.c src/*/*.h include/*.h tests/*.h tests/*/*.c tests/*/*.h \
        bench/*/*.c examples/*.c 2>/dev/null)
    # shellcheck disable=SC2086
    if clang-format --dry-run --Werror $files >"$T/fmt" 2>&1; then
        ok clang_format
    else
        fail clang_format "$(grep -c 'error:' "$T/fmt") places, first: $(grep -m 1 'error:' "$T/fmt")"
    fi
else
    fail clang_format "clang-format is not installed (apt-get install clang-format)"
fi

if command -v cppcheck >/dev/null 2>&1; then
    if cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
        --inline-suppr --suppress=missingIncludeSystem -Iinclude -Isrc src >"$T/cpp" 2>&1; then
        ok cppcheck
    else
        fail cppcheck "$(head -n 3 "$T/cpp")"
    fi
else
    fail cppcheck "cppcheck is not installed (apt-get install cppcheck)"
fi

finish
