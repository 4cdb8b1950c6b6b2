#!/bin/sh
# tests/e2e/extract.sh - drives `khabar extract` ($BUILD/khabar) on the real
# seeds ($KH_SHARED/seeds), the bundled sample and bad inputs generated
# here: empty, binary, broken UTF-8, English, Chinese, HTML without an
# article, a 50 MB page (must finish quickly) and one over the 64 MiB cap.
# Prints "ok  name" / "FAIL name" and "e2e/extract: N passed, N failed".
# Run from the repository root.
BUILD=${BUILD:-build-san}
KH_SHARED=${KH_SHARED:-$(cd .. && pwd)/shared}
K="$BUILD/khabar"
SEEDS="$KH_SHARED/seeds"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
passed=0
failed=0

ok() { echo "ok   e2e/extract/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL e2e/extract/$1: $2"; failed=$((failed + 1)); }

# check NAME COMMAND...: the command's status must be 0.
check() {
    name=$1
    shift
    if "$@"; then ok "$name"; else fail "$name" "$*"; fi
}

# run ARGS...: runs khabar extract, output in $T/out, errors in $T/err,
# status in $st.
run() {
    "$K" extract "$@" >"$T/out" 2>"$T/err"
    st=$?
}

has() { grep -qF -- "$1" "$T/$2"; }

if [ ! -x "$K" ]; then
    echo "FAIL e2e/extract/binary: $K not built"
    echo "e2e/extract: 0 passed, 1 failed"
    exit 1
fi

# The seeds: title, section and outlet as in their gold files.
run "$SEEDS/000_2dcdea4e522631e9.txt"
check seed_000 test $st -eq 0 -a -s "$T/out"
check seed_000_section has '"section": "العالم"' out
check seed_000_outlet has '"outlet": null' out
check seed_000_lines has '{"n": 1, "role": "breadcrumb"}, {"n": 3, "role": "title"}' out
run "$SEEDS/001_41531be9f591d7eb.txt"
check seed_001_outlet has '"outlet": "خبرين"' out
check seed_001_title has '"title": "قمة باريس لتعزيز دفاعات أوكرانيا ضد روسيا"' out
check seed_001_footer has '{"n": 95, "role": "footer_menu"}]}' out

# --text: the title, a blank line, then paragraphs; stdin with "-".
"$K" extract --text - <"$SEEDS/001_41531be9f591d7eb.txt" >"$T/out" 2>"$T/err"
st=$?
check text_stdin test $st -eq 0 -a "$(sed -n 1p "$T/out")" = "قمة باريس لتعزيز دفاعات أوكرانيا ضد روسيا" \
    -a -z "$(sed -n 2p "$T/out")" -a "$(wc -l <"$T/out")" -eq 15

# The bundled sample (invented outlets).
run examples/sample/pages/ofoq-desal.txt
check sample_ofoq_desal has '"section": "محليات"' out

# A JSON record.
printf '{"title": "افتتاح سوق جديد", "text": "افتتحت البلدية سوقا جديدا.\\nويضم السوق مئة محل."}' >"$T/rec.json"
run "$T/rec.json"
check json_record test $st -eq 0
check json_record_body has '"body": ["افتتحت البلدية سوقا جديدا.", "ويضم السوق مئة محل."]' out

# Usage.
run --help
check help test $st -eq 0
check help_text has 'usage: khabar extract' out
run
check no_argument_usage test $st -eq 2
run --bogus x
check bad_option_usage test $st -eq 2

# Bad inputs: exit 1, a message naming the input, no output.
run "$T/does-not-exist.txt"
check missing_file test $st -eq 1 -a ! -s "$T/out"
check missing_file_message has "khabar: $T/does-not-exist.txt: cannot open" err

: >"$T/empty.txt"
run "$T/empty.txt"
check empty_file test $st -eq 1
check empty_file_message has "khabar: $T/empty.txt: empty input" err

dd if=/dev/urandom of="$T/junk.bin" bs=65536 count=1 2>/dev/null
run "$T/junk.bin"
check binary_junk test $st -eq 1
check binary_junk_message has "khabar: $T/junk.bin: not UTF-8 text" err

printf 'Home World Talks end\nTalks end\nThe talks ended late on Thursday without an agreement, officials said.\n' >"$T/en.txt"
run "$T/en.txt"
check english test $st -eq 1
check english_message has "no Arabic article found" err

printf '巴黎会谈结束\n会谈于周四晚间结束，双方未就下一步达成协议。\n' >"$T/zh.txt"
run "$T/zh.txt"
check chinese test $st -eq 1
check chinese_message has "no Arabic article found" err

printf '<!doctype html><html><body><nav><a href="/">الرئيسية</a></nav></body></html>' >"$T/nav.html"
run "$T/nav.html"
check html_no_article test $st -eq 1 -a -s "$T/err"

# A text dump in windows-1256: not UTF-8, with a hint; the same in HTML
# that declares its charset is decoded.
printf '\316\310\321 \316\310\321 \316\310\321\n' >"$T/cp1256.txt"
run "$T/cp1256.txt"
check legacy_encoding test $st -eq 1
check legacy_encoding_message has "windows-1256" err
run tests/data/extract/cp1256.html
check html_declared_charset has '"title": "افتتاح مكتبة عامة جديدة في الحي القديم"' out

# JSONL is many pages.
printf '{"title": "أ", "text": "ب."}\n{"title": "ج", "text": "د."}\n' >"$T/many.jsonl"
run "$T/many.jsonl"
check jsonl_refused test $st -eq 1
check jsonl_refused_message has "several JSON records" err

# Broken UTF-8 in a good page: extracted, the count on stderr.
printf 'عنوان عن الجسر الجديد\nافتتح المحافظ الجسر الجديد \330 فوق النهر صباح اليوم بحضور السكان.\n' >"$T/broken.txt"
run "$T/broken.txt"
check broken_utf8 test $st -eq 0 -a -s "$T/out"
check broken_utf8_count has "replaced 1 invalid UTF-8 sequence" err

# A 50 MB page: linear, finishes well within the limit.
awk 'BEGIN { print "عنوان صفحة كبيرة جدا";
             p = "وقال المتحدث باسم الوزارة إن العمل في المشروع يسير وفق الجدول الزمني المحدد.";
             for (i = 0; i < 380000; i++) print p }' >"$T/big.txt"
t0=$(date +%s)
run "$T/big.txt"
t1=$(date +%s)
check big_50mb test $st -eq 0 -a $((t1 - t0)) -lt 120
echo "   (50 MB page: $((t1 - t0)) s, $(wc -c <"$T/big.txt") bytes)"
rm -f "$T/big.txt" "$T/out"

# Over the 64 MiB cap: refused, not read whole.
head -c 68157440 /dev/zero | tr '\0' 'a' >"$T/huge.txt"
run "$T/huge.txt"
check over_cap test $st -eq 1
check over_cap_message has "larger than the 64 MiB limit" err
rm -f "$T/huge.txt"

echo "e2e/extract: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
