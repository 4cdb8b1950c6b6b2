#!/bin/sh
# bench/serve/load.sh - load test of `khabar serve` over the SaudiNewsNet
# corpus while an ingest writes to the same store.
#
#    INGEST=0 runs the same without the concurrent ingest, for comparison.
# 1. Builds (once, cached in $OUT/base.db) a store of the corpus's first
#    BASE_DAYS days with the release khabar.
# 2. Copies it, starts `khabar serve` on a free loopback port and times the
#    search index catching up with it.
# 3. Starts `khabar ingest` of the remaining days into the same store, and
#    meanwhile runs wrk (loopback only, DURATION seconds each, bounded) on
#    the story list (pages 1-20), single stories (ids from the list) and
#    searches (a rotation of Arabic queries), reporting requests/s and
#    p50/p99 latency of each; then waits for the ingest and reports it.
# Needs wrk (installed from Debian when missing and root).  Usage, from the
# repository root after `make`:
#   sh bench/serve/load.sh            # BUILD=build, DURATION=10, THREADS=4
set -e
BUILD=${BUILD:-build}
KH=$BUILD/khabar
OUT=${OUT:-$BUILD/bench-serve}
CORPUS=${KH_SHARED:-../shared}/corpus/saudinewsnet
DURATION=${DURATION:-10}
THREADS=${THREADS:-4}
CONNS=${CONNS:-16}
BASE_DAYS=${BASE_DAYS:-12}
INGEST=${INGEST:-1} # 0: no concurrent ingest (for comparison)
[ -x "$KH" ] || { echo "load: no $KH (run make first)" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "load: no corpus at $CORPUS" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null 2>&1
    command -v wrk >/dev/null 2>&1 || { echo "load: wrk is missing (apt-get install wrk)" >&2; exit 1; }
fi
mkdir -p "$OUT"
days=$(ls "$CORPUS"/*.jsonl.gz | sort)
base_files=$(echo "$days" | head -n "$BASE_DAYS")
rest_files=$(echo "$days" | tail -n +"$((BASE_DAYS + 1))")
if [ ! -s "$OUT/base.db" ]; then
    echo "load: building the base store ($BASE_DAYS days) ..."
    rm -f "$OUT/base.db" "$OUT/base.db-wal" "$OUT/base.db-shm"
    # shellcheck disable=SC2086
    "$KH" ingest --db "$OUT/base.db" $base_files 2>&1 | grep 'ingest:' || true
fi
rm -f "$OUT/run.db" "$OUT/run.db-wal" "$OUT/run.db-shm"
cp "$OUT/base.db" "$OUT/run.db"

pid=""
ipid=""
cleanup() {
    [ -n "$ipid" ] && kill "$ipid" 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    true
}
trap cleanup EXIT
"$KH" serve --quiet --db "$OUT/run.db" --listen 127.0.0.1:0 --threads "$THREADS" --web web \
    >"$OUT/serve.out" 2>"$OUT/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$OUT/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "load: server did not start: $(cat "$OUT/serve.err")" >&2; exit 1; }
base=http://127.0.0.1:$port

# The search index of the whole base store.
t0=$(date +%s.%N)
for _ in $(seq 1 600); do
    h=$(curl -s "$base/api/health")
    a=$(echo "$h" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
    r=$(echo "$h" | sed -n 's/.*"search_indexed_rowid":\([0-9-]*\).*/\1/p')
    [ -n "$a" ] && [ "$a" = "$r" ] && break
    sleep 0.5
done
t1=$(date +%s.%N)
echo "search index: $r articles in $(echo "$t1 - $t0" | bc | sed 's/^\./0./') s (poll step 0.5 s)"

# Story ids for the story bench: the first pages of the list.
ids=""
for p in 1 2 3 4 5; do
    ids="$ids $(curl -s "$base/api/stories?page=$p" | grep -o '"id":[0-9]*' | grep -o '[0-9]*' | tr '\n' ' ')"
done
ids=$(echo "$ids" | tr ' ' '\n' | grep . | sort -u | head -n 60 | tr '\n' ',' | sed 's/,$//')

cat >"$OUT/stories.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/stories?page=" .. ((n % 20) + 1))
end
LUA
cat >"$OUT/story.lua" <<LUA
local ids = {$ids}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/stories/" .. ids[(n % #ids) + 1])
end
LUA
# Queries, URL-encoded: الرياض, وزير الخارجية, النفط, الهلال, أمطار, جدة,
# الملك سلمان, الحوثيين, التعليم, مستشفى
cat >"$OUT/search.lua" <<'LUA'
local qs = {
  "%D8%A7%D9%84%D8%B1%D9%8A%D8%A7%D8%B6",
  "%D9%88%D8%B2%D9%8A%D8%B1%20%D8%A7%D9%84%D8%AE%D8%A7%D8%B1%D8%AC%D9%8A%D8%A9",
  "%D8%A7%D9%84%D9%86%D9%81%D8%B7",
  "%D8%A7%D9%84%D9%87%D9%84%D8%A7%D9%84",
  "%D8%A3%D9%85%D8%B7%D8%A7%D8%B1",
  "%D8%AC%D8%AF%D8%A9",
  "%D8%A7%D9%84%D9%85%D9%84%D9%83%20%D8%B3%D9%84%D9%85%D8%A7%D9%86",
  "%D8%A7%D9%84%D8%AD%D9%88%D8%AB%D9%8A%D9%8A%D9%86",
  "%D8%A7%D9%84%D8%AA%D8%B9%D9%84%D9%8A%D9%85",
  "%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89",
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?q=" .. qs[(n % #qs) + 1])
end
LUA

# The writer: the remaining days, into the same store, while wrk runs.
: >"$OUT/ingest.log"
if [ "$INGEST" = 1 ]; then
    # shellcheck disable=SC2086
    "$KH" ingest --db "$OUT/run.db" $rest_files >"$OUT/ingest.log" 2>&1 &
    ipid=$!
    sleep 1
else
    sleep 99999 &
    ipid=$! # a stand-in, so the report says "ingest running: no" honestly below
    kill "$ipid"
fi

run() {
    name=$1
    script=$2
    wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$script" "$base" >"$OUT/wrk-$name.txt" 2>&1
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$OUT/wrk-$name.txt")
    p50=$(sed -n 's/^ *50% *\([0-9.]*[a-z]*\).*/\1/p' "$OUT/wrk-$name.txt")
    p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$OUT/wrk-$name.txt")
    errs=$(grep -E 'Non-2xx|Socket errors' "$OUT/wrk-$name.txt" | tr '\n' ' ')
    running=no
    kill -0 "$ipid" 2>/dev/null && running=yes
    printf '%-14s %10s req/s   p50 %-9s p99 %-9s ingest running at end: %s %s\n' \
        "$name" "$rps" "$p50" "$p99" "$running" "$errs"
}
echo "wrk: $CONNS connections, 2 wrk threads, ${DURATION}s each, server --threads $THREADS, loopback"
run story-list "$OUT/stories.lua"
run story "$OUT/story.lua"
run search "$OUT/search.lua"
wait "$ipid" || true
ipid=""
grep 'ingest:' "$OUT/ingest.log" | sed 's/^/concurrent /'
curl -s "$base/api/health" | sed 's/^/health after: /'
echo
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
