#!/bin/sh
# tests/e2e/examples.sh - runs the programs of examples/ ($BUILD/examples/*,
# built against include/khabar.h alone) on the bundled sample and the seeds,
# and checks what they print.  A non-zero exit is a failure.
# Prints "ok  name" / "FAIL name" and "e2e/examples: N passed, N failed".
# Run from the repository root.
E2E_NAME=examples
. tests/e2e/lib/e2e.sh
EX="$BUILD/examples"

# 1. every built example runs on the sample without failing
for x in "$EX"/*; do
    [ -x "$x" ] || continue
    name=$(basename "$x")
    case $name in
    extract) "$x" examples/sample/pages/ofoq-desal.txt >"$T/$name.out" 2>"$T/$name.err" ;;
    stories) "$x" "$T/$name.db" examples/sample >"$T/$name.out" 2>"$T/$name.err" ;;
    *) "$x" examples/sample >"$T/$name.out" 2>"$T/$name.err" ;;
    esac
    st=$?
    if [ "$st" = 0 ] && [ -s "$T/$name.out" ]; then
        ok "${name}_runs"
    else
        fail "${name}_runs" "exit $st: $(head -c 300 "$T/$name.err")"
    fi
done

# 2. extract: the page's headline and section, and an error on an empty page
if [ -x "$EX/extract" ]; then
    if grep -q '"title": "افتتاح أكبر محطة لتحلية المياه' "$T/extract.out" &&
        grep -q '"section": "محليات"' "$T/extract.out"; then
        ok extract_sample_fields
    else
        fail extract_sample_fields "$(head -c 300 "$T/extract.out")"
    fi
    if ! "$EX/extract" /dev/null >"$T/empty.out" 2>"$T/empty.err" && [ -s "$T/empty.err" ]; then
        ok extract_empty_page_fails
    else
        fail extract_empty_page_fails "$(cat "$T/empty.out")"
    fi
fi

# 3. stories: the sample's 12 pages and records in 6 stories; the story shown
#    carries the view's keys; the seeds form one story with both outlets
if [ -x "$EX/stories" ]; then
    n=$(grep -c '^  "n_articles": ' "$T/stories.out")
    if grep -q "12 read, 12 stored, 6 stories" "$T/stories.err" && [ "$n" -ge 6 ] &&
        grep -q '^ "unique_by_outlet": ' "$T/stories.out" && grep -q '^ "summary": ' "$T/stories.out"; then
        ok stories_sample
    else
        fail stories_sample "$n stories: $(head -c 300 "$T/stories.err")"
    fi
    if [ -d "$KH_SHARED/seeds" ]; then
        mkdir -p "$T/seeds"
        cp "$KH_SHARED"/seeds/*.txt "$T/seeds/"
        if "$EX/stories" "$T/seeds.db" "$T/seeds" >"$T/seeds.out" 2>"$T/seeds.err" &&
            grep -q "2 read, 2 stored, 1 stories" "$T/seeds.err" &&
            grep -q '^ "n_articles": 2' "$T/seeds.out"; then
            ok stories_seeds_one_story
        else
            fail stories_seeds_one_story "$(head -c 300 "$T/seeds.err")"
        fi
    fi
fi

finish
