#!/bin/sh
# tests/e2e/browser.sh - the web page in headless chromium: builds a store
# from examples/sample with the built khabar, serves it on a free loopback
# port and runs tests/e2e/browser.mjs (playwright-core driving Debian's
# chromium).  Installs what is missing: chromium (apt, as root) and
# playwright-core (npm, into $BUILD/e2e-node, never into the tree).
# Screenshots land in $BUILD/e2e-browser/ (home, story, search, entity,
# home-phone).  Prints "ok  name"/"FAIL name" lines and
# "e2e/browser: N passed, N failed".  Run from the repository root.
BUILD=${BUILD:-build-san}
KH=$BUILD/khabar
node_dir=$BUILD/e2e-node
shots=$BUILD/e2e-browser
say_skip() {
    # Without the tools there is nothing to run; CI must have them.
    echo "skip e2e/browser: $1"
    if [ "${CI:-}" = true ]; then
        echo "FAIL e2e/browser/tools: $1"
        echo "e2e/browser: 0 passed, 1 failed"
        exit 1
    fi
    echo "e2e/browser: 0 passed, 0 failed"
    exit 0
}
[ -x "$KH" ] || say_skip "no $KH (run make first)"

as_root() { [ "$(id -u)" -eq 0 ]; }
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    as_root || say_skip "chromium, node or npm missing and not root to install them"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nodejs npm) \
        >/dev/null 2>&1 || say_skip "apt-get install chromium nodejs npm failed"
fi
if [ ! -f "$node_dir/node_modules/playwright-core/package.json" ]; then
    mkdir -p "$node_dir"
    npm install --silent --no-audit --no-fund --prefix "$node_dir" playwright-core >/dev/null 2>&1 ||
        say_skip "npm install playwright-core failed"
fi
# An .mjs resolves packages next to itself: run a copy from the node folder.
cp tests/e2e/browser.mjs "$node_dir/browser.mjs"

tmp=$(mktemp -d /tmp/khabar-e2e-browser.XXXXXX)
pid=""
pid2=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    [ -n "$pid2" ] && kill "$pid2" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
# With entities when the NER model is there (the entity page is then
# checked too); without them otherwise.
if ! "$KH" ingest --quiet --entities --db "$tmp/k.db" examples/sample >"$tmp/ingest.log" 2>&1; then
    echo "note: ingest --entities failed ($(tail -n 1 "$tmp/ingest.log")); ingesting without entities"
    rm -f "$tmp/k.db" "$tmp/k.db-wal" "$tmp/k.db-shm"
fi
if [ ! -s "$tmp/k.db" ] && ! "$KH" ingest --quiet --db "$tmp/k.db" examples/sample >"$tmp/ingest.log" 2>&1; then
    echo "FAIL e2e/browser/ingest_sample: $(tail -n 3 "$tmp/ingest.log")"
    echo "e2e/browser: 0 passed, 1 failed"
    exit 1
fi
"$KH" serve --quiet --db "$tmp/k.db" --listen 127.0.0.1:0 --web web >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
i=0
while [ $i -lt 600 ]; do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out" 2>/dev/null)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
if [ -z "$port" ]; then
    echo "FAIL e2e/browser/start: $(cat "$tmp/err")"
    echo "e2e/browser: 0 passed, 1 failed"
    exit 1
fi
# Wait for the search index to hold the sample (it syncs every second).
i=0
while [ $i -lt 300 ]; do
    curl -s "http://127.0.0.1:$port/api/health" | grep -q '"articles":[1-9]' &&
        curl -s -G --data-urlencode "q=الفائدة" "http://127.0.0.1:$port/api/search" | grep -q '"total":[1-9]' && break
    sleep 0.2
    i=$((i + 1))
done
# A second server over the same store that wants a read token: the page
# must ask for it and then read.
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/read-token"
"$KH" serve --quiet --db "$tmp/k.db" --listen 127.0.0.1:0 --web web \
    --read-token-file "$tmp/read-token" >"$tmp/out2" 2>"$tmp/err2" &
pid2=$!
port2=""
i=0
while [ $i -lt 600 ]; do
    port2=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out2" 2>/dev/null)
    [ -n "$port2" ] && break
    sleep 0.1
    i=$((i + 1))
done
mkdir -p "$shots"
timeout 300 node "$node_dir/browser.mjs" "http://127.0.0.1:$port" "$shots" \
    "http://127.0.0.1:$port2" "$(cat "$tmp/read-token")"
status=$?
kill "$pid" "$pid2" 2>/dev/null
wait "$pid" 2>/dev/null
wait "$pid2" 2>/dev/null
pid=""
echo "screenshots: $shots"
exit $status
