#!/bin/sh
# tests/e2e/serve.sh - the HTTP API from outside: ingests examples/sample
# with the built khabar, starts `khabar serve` on a free loopback port
# (port 0, read back from its first line) and checks every endpoint, the
# status codes, the limits and the tokens with curl, including reads while
# a second `khabar ingest` writes to the same store.  Prints "ok  name" /
# "FAIL name" lines and "e2e/serve: N passed, N failed".
# Run from the repository root; BUILD names the build folder (build-san).
BUILD=${BUILD:-build-san}
KH=$BUILD/khabar
passed=0
failed=0
ok() { echo "ok   e2e/serve/$1"; passed=$((passed + 1)); }
bad() { echo "FAIL e2e/serve/$1${2:+: $2}"; failed=$((failed + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1" "$3"; fi; }
finish() {
    echo "e2e/serve: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ ! -x "$KH" ]; then
    bad build "no $KH (run make first)"
    finish
fi
if ! command -v curl >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl) >/dev/null 2>&1
    fi
    command -v curl >/dev/null 2>&1 || { bad curl "curl is missing and cannot be installed"; finish; }
fi

tmp=$(mktemp -d /tmp/khabar-e2e-serve.XXXXXX)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/k.db
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/token"
token=$(cat "$tmp/token")

"$KH" ingest --quiet --db "$db" examples/sample >"$tmp/ingest.log" 2>&1
check ingest_sample '[ $? -eq 0 ]' "$(tail -n 3 "$tmp/ingest.log")"

"$KH" serve --db "$db" --listen 127.0.0.1:0 --web web --token-file "$tmp/token" \
    --threads 4 >"$tmp/out" 2>"$tmp/err" &
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
    bad start "$(cat "$tmp/err")"
    finish
fi
ok start
base=http://127.0.0.1:$port

# get PATH [curl args]: body in $tmp/body, status in $code
get() {
    p=$1
    shift
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' --max-time 20 "$@" "$base$p")
}
has() { grep -q -- "$1" "$tmp/body"; }

# The index catches up within a second or two of the start.
i=0
while [ $i -lt 300 ]; do
    get "/api/search?q=$(printf 'الفائدة' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
    has '"total":[1-9]' && break
    sleep 0.2
    i=$((i + 1))
done

get /api/health
check health '[ "$code" = 200 ] && has "\"store\":true" && has "\"articles\":12" && has "\"writes\":true"' "$code $(cat "$tmp/body")"

get /api/stories
check stories_list '[ "$code" = 200 ] && has "\"total\":" && has "\"outlets\":"' "$code"
sid=$(sed -n 's/.*"stories":\[{"id":\([0-9]*\).*/\1/p' "$tmp/body")
# Story titles are cleaned headlines: the sample stores «اقتصادي / ...»,
# «عاجل: ...» and «رياضي / ...» as first titles.
check stories_titles_clean '! grep -q "\"title\":\"\(عاجل\|اقتصادي /\|رياضي /\)" "$tmp/body" && has "\"title\":\"المركزي يرفع"' "$(head -c 300 "$tmp/body")"
check stories_first_id '[ -n "$sid" ]' "$(head -c 300 "$tmp/body")"

get "/api/stories/$sid"
check story_view '[ "$code" = 200 ] && has "\"articles\":\[{" && has "\"timeline\":" && has "\"summary\":"' "$code $(head -c 300 "$tmp/body")"
aid=$(sed -n 's/.*"articles":\[{"id":"\([^"]*\)".*/\1/p' "$tmp/body")
# The keys of the story view, as `khabar story ID --json` prints them; the
# title is the cleaned headline (the sample's wire and breaking labels gone).
stitle=$(sed -n 's/^{"id":[0-9]*,"title":"\([^"]*\)".*/\1/p' "$tmp/body")
check story_view_keys 'has "\"unique_by_outlet\":" && has "\"related\":" && has "\"entities\":" && has "\"merged_from\":" && has "\"section\":" && ! has "\"headline\":"' "$(head -c 300 "$tmp/body")"
check story_view_title_clean '[ -n "$stitle" ] && ! echo "$stitle" | grep -q "^عاجل\|^اقتصادي /\|^رياضي /"' "'$stitle'"

get "/api/articles/$aid"
check article_get '[ "$code" = 200 ] && has "\"body\":" && has "\"id\":\"$aid\""' "$code $aid"

get "/api/stories?page=1&since=2026-01-01"
check stories_since '[ "$code" = 200 ]' "$code"
get "/api/stories?page=0"
check stories_page_zero_400 '[ "$code" = 400 ] && has "\"error\":"' "$code"
get "/api/stories?since=not-a-date"
check stories_bad_since_400 '[ "$code" = 400 ]' "$code"
# label: the view's section labels, as the stories show them; every story
# of the answer carries it, and the total is the sample's economy stories.
get "/api/stories?label=economy"
n_econ=$(grep -o '"section":"economy"' "$tmp/body" | wc -l)
n_any=$(grep -o '"section":' "$tmp/body" | wc -l)
check stories_label '[ "$code" = 200 ] && [ "$n_econ" -ge 1 ] && [ "$n_econ" = "$n_any" ] && has "\"total\":$n_econ,"' "$code $n_econ/$n_any $(head -c 200 "$tmp/body")"
get "/api/stories?label=nonsense"
check stories_bad_label_400 '[ "$code" = 400 ] && has "\"error\":"' "$code"
get /api/stories/999999
check story_missing_404 '[ "$code" = 404 ] && has "\"error\":"' "$code"
get /api/entities/999999
check entity_missing_404 '[ "$code" = 404 ]' "$code"

# Arabic search: one spelling finds the others; the match is marked.
get "/api/search" --get --data-urlencode "q=الفائده"
check search_taa_marbuta '[ "$code" = 200 ] && has "<mark>" && has "\"total\":[1-9]"' "$code $(head -c 300 "$tmp/body")"
get "/api/search" --get --data-urlencode "q=المحافظ الحداد"
check search_two_words '[ "$code" = 200 ] && has "الحداد" && has "\"any_word\":false"' "$code"
get "/api/search" --get --data-urlencode "q=title:x OR NEAR("
check search_syntax_is_text '[ "$code" = 200 ]' "$code"
get "/api/search"
check search_no_q_400 '[ "$code" = 400 ]' "$code"
long=$(head -c 700 /dev/zero | tr '\0' 'a')
get "/api/search?q=$long"
check search_long_q_414 '[ "$code" = 414 ]' "$code"

# Writes: token rules, size cap, the same rules as khabar ingest.
art='{"id":"e2e-1","outlet":"اختبار","published":"2026-03-05T10:00:00+03:00","title":"زيلينسكي يزور باريس لبحث السلام","text":"وصل الرئيس الأوكراني زيلينسكي إلى باريس اليوم."}'
get /api/articles -X POST --data-binary "$art"
check post_no_token_401 '[ "$code" = 401 ]' "$code"
get /api/articles -X POST -H "Authorization: Bearer wrong-token-wrong-token" --data-binary "$art"
check post_bad_token_403 '[ "$code" = 403 ]' "$code"
get /api/articles -X POST -H "Authorization: Bearer $token" --data-binary "$art"
check post_article_201 '[ "$code" = 201 ] && has "\"stored\":1"' "$code $(cat "$tmp/body")"
get /api/articles -X POST -H "Authorization: Bearer $token" --data-binary "$art"
check post_again_unchanged '[ "$code" = 200 ] && has "\"unchanged\":1"' "$code"
get /api/search --get --data-urlencode "q=زيلنسكي"
check search_spelling_variant '[ "$code" = 200 ] && has "e2e-1"' "$code $(head -c 300 "$tmp/body")"
head -c 1100000 /dev/zero | tr '\0' 'x' >"$tmp/big"
get /api/articles -X POST -H "Authorization: Bearer $token" --data-binary "@$tmp/big"
check post_over_cap_413 '[ "$code" = 413 ]' "$code"
get /api/articles -X DELETE
check delete_405 '[ "$code" = 405 ]' "$code"

# The page and its assets.
get /
check page_rtl '[ "$code" = 200 ] && has "dir=\"rtl\"" && has "lang=\"ar\""' "$code"
ctype=$(curl -s -o /dev/null -w '%{content_type}' "$base/fonts/noto-naskh-arabic-arabic-400-normal.woff2")
check font_served '[ "$ctype" = font/woff2 ]' "$ctype"
get /../../etc/passwd --path-as-is
check no_traversal '[ "$code" = 404 ] && ! has "root:"' "$code"

# A story view read twice is the same, and a client holding it gets 304.
get "/api/stories/$sid" -D "$tmp/hdr"
cp "$tmp/body" "$tmp/view1"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\([^\r]*\).*/\1/p' "$tmp/hdr")
get "/api/stories/$sid"
check story_view_repeat_same '[ "$code" = 200 ] && cmp -s "$tmp/body" "$tmp/view1" && [ -n "$etag" ]' "$code etag '$etag'"
rm -f "$tmp/body"
get "/api/stories/$sid" -H "If-None-Match: $etag"
check story_view_not_modified_304 '[ "$code" = 304 ] && [ ! -s "$tmp/body" ]' "$code"
# Every story is read (and kept by the server) before the second ingest.
get "/api/stories?page=1"
cp "$tmp/body" "$tmp/list0"
ids=$(grep -o '"id":[0-9]*,"title"' "$tmp/body" | grep -o '[0-9]*')
for i in $ids; do get "/api/stories/$i"; done

# Reads while another process ingests into the same store.
tail -n 6 examples/sample/articles.jsonl | sed 's/"id": "/"id": "again-/; s|"url": "https://|"url": "https://again.|' >"$tmp/more.jsonl"
"$KH" ingest --quiet --db "$db" "$tmp/more.jsonl" >"$tmp/ingest2.log" 2>&1 &
ipid=$!
fails=0
n=0
while [ $n -lt 40 ]; do
    c=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/stories?page=1")
    [ "$c" = 200 ] || fails=$((fails + 1))
    n=$((n + 1))
done
wait $ipid
istatus=$?
check reads_during_ingest '[ $fails -eq 0 ] && [ $istatus -eq 0 ]' "$fails failed reads, ingest exit $istatus"

# The kept views follow the store: after the ingest, each story's view
# counts the articles its row counts (the list reads the rows), and some
# story did grow.
get "/api/stories?page=1"
cp "$tmp/body" "$tmp/list1"
# count FILE ID: n_articles of story ID in a list page
count() { grep -o "\"id\":$2,\"title\":[^}]*\"n_articles\":[0-9]*" "$1" | grep -o '[0-9]*$'; }
stale=""
grew=0
for i in $ids; do
    before=$(count "$tmp/list0" "$i")
    after=$(count "$tmp/list1" "$i")
    get "/api/stories/$i"
    have=$(grep -o '"n_articles":[0-9]*' "$tmp/body" | head -n 1 | grep -o '[0-9]*$')
    [ -n "$after" ] && [ "$have" != "$after" ] && stale="$stale $i:$have/$after"
    [ -n "$after" ] && [ -n "$before" ] && [ "$after" -gt "$before" ] && grew=1
done
check story_views_follow_ingest '[ -z "$stale" ] && [ -n "$ids" ] && [ $grew = 1 ]' "stale:$stale; ids: $ids"
get /api/health
check health_after_ingest '[ "$code" = 200 ] && has "\"articles\":19"' "$(cat "$tmp/body")"

kill "$pid"
wait "$pid"
status=$?
pid=""
check stop_clean '[ $status -eq 0 ]' "exit $status: $(tail -n 5 "$tmp/err")"
finish
