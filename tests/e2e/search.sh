#!/bin/sh
# tests/e2e/search.sh - drives `khabar search` ($BUILD/khabar) over a store
# of the bundled sample: one spelling finds the others, the matched words
# are marked, --json lines carry every key, --limit holds, the index
# catches up with articles ingested after a search, and bad uses fail
# with a message naming what was wrong.
# Prints "ok  name" / "FAIL name" and "e2e/search: N passed, N failed".
# Run from the repository root.
E2E_NAME=search
. tests/e2e/lib/e2e.sh

"$K" ingest -q --db "$T/k.db" examples/sample/articles.jsonl 2>"$T/err"

# 1. ta marbuta written as ha finds the rate-rise articles, marked
"$K" search --db "$T/k.db" الفائده >"$T/out" 2>"$T/err"
st=$?
n=$(grep -c '«الفائدة»' "$T/out")
if [ $st = 0 ] && [ "$n" -ge 3 ] && ! grep -q "$(printf '\002')" "$T/out"; then
    ok text_respelled_marked
else
    fail text_respelled_marked "exit $st, $n marked: $(head -c 400 "$T/out") $(cat "$T/err")"
fi

# 2. --json: one object a line with every key, best score first, at most --limit
"$K" search --db "$T/k.db" --json --limit 2 الفائدة >"$T/json" 2>"$T/err"
keys_ok=1
while IFS= read -r line; do
    for k in id story title outlet published score snippet; do
        echo "$line" | grep -q "\"$k\":" || keys_ok=0
    done
done <"$T/json"
scores=$(grep -o '"score":[0-9.]*' "$T/json" | cut -d: -f2)
sorted=$(echo "$scores" | sort -rg)
if [ "$(wc -l <"$T/json")" = 2 ] && [ $keys_ok = 1 ] && [ "$scores" = "$sorted" ]; then
    ok json_keys_limit_order
else
    fail json_keys_limit_order "$(cat "$T/json" "$T/err")"
fi

# 3. no match: a message, status 0
"$K" search --db "$T/k.db" زززززز >"$T/out" 2>&1
if [ $? = 0 ] && grep -q "no article matches" "$T/out"; then
    ok no_match_message
else
    fail no_match_message "$(cat "$T/out")"
fi

# 4. an article ingested after a search is found by the next one
"$K" search --db "$T/k.db" مرصد >"$T/out" 2>&1
before=$(grep -c '^s[0-9]' "$T/out")
printf '%s\n' '{"id": "e2e-obs", "outlet": "اختبار", "published": "2026-03-06T10:00:00+03:00", "title": "افتتاح مرصد فلكي جديد في الصحراء", "text": "افتتحت الجامعة اليوم مرصداً فلكياً جديداً في الصحراء لرصد النجوم."}' >"$T/new.jsonl"
"$K" ingest -q --db "$T/k.db" "$T/new.jsonl" 2>>"$T/err"
"$K" search --db "$T/k.db" مرصد >"$T/out" 2>&1
after=$(grep -c '^s[0-9]' "$T/out")
if [ "$before" = 0 ] && [ "$after" = 1 ]; then
    ok index_follows_ingest
else
    fail index_follows_ingest "before $before, after $after: $(cat "$T/out")"
fi

# 5. bad uses
"$K" search --db "$T/missing.db" x >/dev/null 2>"$T/err"
st1=$?
"$K" search --db "$T/k.db" >/dev/null 2>&1
st2=$?
"$K" search --db "$T/k.db" --limit 0 x >/dev/null 2>&1
st3=$?
long=$(head -c 700 /dev/zero | tr '\0' 'a')
"$K" search --db "$T/k.db" "$long" >/dev/null 2>"$T/err2"
st4=$?
if [ $st1 = 1 ] && grep -q "missing.db: no such database" "$T/err" && [ ! -e "$T/missing.db" ] &&
    [ $st2 = 2 ] && [ $st3 = 2 ] && [ $st4 = 2 ] && grep -q "over 512 bytes" "$T/err2"; then
    ok bad_uses
else
    fail bad_uses "exits $st1 $st2 $st3 $st4: $(cat "$T/err" "$T/err2")"
fi

finish
