#!/bin/sh
# tests/e2e/entity.sh - drives `khabar entity` ($BUILD/khabar) over a store
# of the bundled sample ingested with entities: a surname finds the
# person, the id form gives the same entity, --json carries the API's
# keys with cleaned headlines, and bad uses fail with a message.
# Prints "ok  name" / "FAIL name" and "e2e/entity: N passed, N failed".
# Run from the repository root.
E2E_NAME=entity
. tests/e2e/lib/e2e.sh

"$K" ingest -q --entities --db "$T/k.db" examples/sample 2>"$T/err"

# 1. the governor's surname finds him, with the rate story on his timeline
"$K" entity --db "$T/k.db" الحداد >"$T/out" 2>"$T/err"
st=$?
if [ $st = 0 ] && head -n 1 "$T/out" | grep -q "^سامر الحداد  (PERSON, e[0-9]*)" &&
    grep -q "الفائدة" "$T/out"; then
    ok surname_finds_person
else
    fail surname_finds_person "exit $st: $(cat "$T/out" "$T/err")"
fi

# 2. --json by id: the same entity, the API's keys, no wire label in titles
eid=$(head -n 1 "$T/out" | sed -n 's/.*(PERSON, e\([0-9]*\)).*/\1/p')
"$K" entity --db "$T/k.db" --json "e$eid" >"$T/json" 2>"$T/err"
st=$?
if [ $st = 0 ] && [ -n "$eid" ] && grep -q "\"id\": $eid," "$T/json" &&
    grep -q '"name": "سامر الحداد"' "$T/json" && grep -q '"mentions": [1-9]' "$T/json" &&
    grep -q '"stories": \[' "$T/json" && grep -q '"n_articles": [1-9]' "$T/json" &&
    ! grep -q '"title": "\(عاجل\|اقتصادي /\)' "$T/json"; then
    ok json_by_id
else
    fail json_by_id "exit $st, id '$eid': $(cat "$T/json" "$T/err")"
fi

# 3. written with alef maqsura for the final ya and two spaces, the
# organisation is found
"$K" entity --db "$T/k.db" "البنك  المركزى" >"$T/out" 2>"$T/err"
if [ $? = 0 ] && grep -q "^البنك المركزي" "$T/out"; then
    ok organisation_found
else
    fail organisation_found "$(cat "$T/out" "$T/err")"
fi

# 4. bad uses: unknown name and id (1), no name (2), missing store (1)
"$K" entity --db "$T/k.db" زززززز >/dev/null 2>"$T/e1"
s1=$?
"$K" entity --db "$T/k.db" e999999 >/dev/null 2>"$T/e2"
s2=$?
"$K" entity --db "$T/k.db" >/dev/null 2>&1
s3=$?
"$K" entity --db "$T/none.db" x >/dev/null 2>"$T/e4"
s4=$?
if [ $s1 = 1 ] && grep -q "no entity named 'زززززز'" "$T/e1" && [ $s2 = 1 ] &&
    grep -q "no entity 999999" "$T/e2" && [ $s3 = 2 ] && [ $s4 = 1 ] &&
    grep -q "none.db: no such database" "$T/e4" && [ ! -e "$T/none.db" ]; then
    ok bad_uses
else
    fail bad_uses "exits $s1 $s2 $s3 $s4: $(cat "$T/e1" "$T/e2" "$T/e4")"
fi

finish
