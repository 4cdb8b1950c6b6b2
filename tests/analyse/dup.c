/*
 * tests/analyse/dup.c - tests src/analyse/dup.c: MinHash signatures and the
 * LSH duplicate index, on hand-made variations and on one corpus day.
 */
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "core/hash.h"
#include "core/lines.h"
#include "test.h"
#include "text/text.h"

#include <jansson.h>

/* An invented wire story and an edited reprint of it (three words changed
 * out of about sixty). */
static const char *const WIRE =
    "اعلنت وزارة الزراعة اليوم افتتاح مهرجان التمور السنوي في مدينة بريدة بمشاركة اكثر من "
    "ثلاثمئة مزارع من مختلف مناطق المملكة ويستمر المهرجان عشرة ايام ويتضمن معرضا للمعدات "
    "الزراعية الحديثة وندوات عن طرق الري وحماية النخيل من الافات وقال مدير المهرجان ان "
    "الكميات الواردة في اليوم الاول بلغت خمسة الاف طن من اجود الاصناف وان الاسعار شهدت "
    "استقرارا ملحوظا مقارنة بالعام الماضي";
static const char *const REPRINT =
    "اعلنت وزارة الزراعة امس افتتاح مهرجان التمور السنوي في مدينة بريدة بمشاركة اكثر من "
    "ثلاثمئة مزارع من مختلف مناطق المملكة ويستمر المهرجان عشرة ايام ويتضمن معرضا للمعدات "
    "الزراعية الحديثة وندوات عن طرق الري وحماية النخيل من الافات واوضح مدير المهرجان ان "
    "الكميات الواردة في اليوم الاول بلغت خمسة الاف طن من افضل الاصناف وان الاسعار شهدت "
    "استقرارا ملحوظا مقارنة بالعام الماضي";
static const char *const OTHER =
    "شهدت العاصمة امطارا غزيرة مساء الاحد ادت الى جريان السيول في عدد من الاحياء الشرقية "
    "وباشرت فرق الدفاع المدني اعمالها لسحب المياه من الطرق الرئيسية دون تسجيل اصابات "
    "ودعت الجهات المختصة السكان الى الابتعاد عن مجاري الاودية حتى انتهاء الحالة الجوية "
    "التي يتوقع ان تستمر حتى نهاية الاسبوع مع رياح نشطة وتدني في مدى الرؤية";

static void sign(const char *s, kh_dup_sig *sig)
{
    kh_analyse_dup_hash(s, strlen(s), sig);
}

TEST(dup_hash_exact_copy)
{
    kh_dup_sig a, b;
    sign(WIRE, &a);
    sign(WIRE, &b);
    CHECK(a.exact != 0);
    CHECK(a.exact == b.exact);
    CHECK(a.n_shingles > 50);
    CHECK(kh_analyse_dup_similarity(&a, &b) == 1.0);
}

TEST(dup_hash_edited_reprint)
{
    kh_dup_sig a, b;
    sign(WIRE, &a);
    sign(REPRINT, &b);
    CHECK(a.exact != b.exact);
    double s = kh_analyse_dup_similarity(&a, &b);
    /* 3 changed words spoil at most 9 of ~60 shingles: Jaccard ~0.75-0.85. */
    CHECK(s >= 0.6);
    CHECK(s < 1.0);
}

TEST(dup_hash_different_text)
{
    kh_dup_sig a, b;
    sign(WIRE, &a);
    sign(OTHER, &b);
    CHECK(kh_analyse_dup_similarity(&a, &b) < 0.15);
}

/* Word hashes given by the caller sign as the text does; none given: no
 * shingles, the exact hash only. */
TEST(dup_hash_words_as_text)
{
    kh_dup_sig a, b, c;
    sign(WIRE, &a);
    uint64_t words[256];
    size_t n = 0, pos = 0;
    kh_token tok;
    while (n < 256 && kh_text_tokenize_next(WIRE, strlen(WIRE), &pos, &tok))
        if (tok.kind != KH_TOKEN_PUNCT)
            words[n++] = kh_hash_bytes(WIRE + tok.off, tok.len, 0);
    CHECK(n > 10 && n < 256);
    kh_analyse_dup_hash_words(WIRE, strlen(WIRE), words, n, &b);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    kh_analyse_dup_hash_words(WIRE, strlen(WIRE), NULL, 0, &c);
    CHECK(c.exact == a.exact);
    CHECK_INT(c.n_shingles, 0);
}

TEST(dup_hash_empty_and_short)
{
    kh_dup_sig a, b, c;
    sign("", &a);
    CHECK(a.exact == 0);
    kh_analyse_dup_hash(NULL, 0, &b);
    CHECK(b.exact == 0);
    CHECK(kh_analyse_dup_similarity(&a, &b) == 0.0);
    sign("خبر قصير", &b); /* two words: no shingles */
    sign("خبر قصير", &c);
    CHECK(b.n_shingles == 0);
    CHECK(kh_analyse_dup_similarity(&b, &c) == 1.0);
    sign("خبر اخر", &c);
    CHECK(kh_analyse_dup_similarity(&b, &c) == 0.0);
    CHECK(kh_analyse_dup_similarity(NULL, &c) == 0.0);
}

TEST(dup_find_earliest_copy)
{
    kh_dup_index *x = kh_analyse_dup_index_new(NULL);
    CHECK(x);
    kh_dup_sig w, r, o;
    sign(WIRE, &w);
    sign(REPRINT, &r);
    sign(OTHER, &o);
    CHECK(kh_analyse_dup_add(x, 10, &o, NULL) == KH_OK);
    CHECK(kh_analyse_dup_add(x, 11, &w, NULL) == KH_OK);
    CHECK(kh_analyse_dup_add(x, 12, &w, NULL) == KH_OK); /* a re-crawl */
    CHECK_INT(kh_analyse_dup_index_size(x), 3);
    int64_t key = -1;
    double sim = 0;
    CHECK(kh_analyse_dup_find(x, &r, 0.6, &key, &sim) == 1);
    CHECK_INT(key, 11);
    CHECK(sim >= 0.6 && sim < 1.0);
    CHECK(kh_analyse_dup_find(x, &w, 0.7, &key, &sim) == 1);
    CHECK_INT(key, 11);
    CHECK(sim == 1.0);
    /* Nothing like it: no match. */
    kh_dup_sig e;
    sign("نص مختلف تماما عن كل ما سبق في هذا الاختبار الصغير", &e);
    CHECK(kh_analyse_dup_find(x, &e, 0.5, &key, &sim) == 0);
    kh_analyse_dup_index_free(x);
}

TEST(dup_remove_then_find)
{
    kh_dup_index *x = kh_analyse_dup_index_new(NULL);
    CHECK(x);
    kh_dup_sig w;
    sign(WIRE, &w);
    CHECK(kh_analyse_dup_add(x, 1, &w, NULL) == KH_OK);
    CHECK(kh_analyse_dup_add(x, 2, &w, NULL) == KH_OK);
    kh_analyse_dup_remove(x, 1, &w);
    kh_analyse_dup_remove(x, 99, &w); /* absent: ignored */
    CHECK_INT(kh_analyse_dup_index_size(x), 1);
    int64_t key = 0;
    CHECK(kh_analyse_dup_find(x, &w, 0.7, &key, NULL) == 1);
    CHECK_INT(key, 2);
    kh_analyse_dup_remove(x, 2, &w);
    CHECK(kh_analyse_dup_find(x, &w, 0.7, &key, NULL) == 0);
    kh_analyse_dup_index_free(x);
}

TEST(dup_index_null_and_empty)
{
    kh_dup_sig e;
    sign("", &e);
    CHECK(kh_analyse_dup_find(NULL, &e, 0.5, NULL, NULL) == 0);
    kh_dup_index *x = kh_analyse_dup_index_new(NULL);
    CHECK(x);
    CHECK(kh_analyse_dup_add(x, 1, &e, NULL) == KH_OK); /* empty: not added */
    CHECK_INT(kh_analyse_dup_index_size(x), 0);
    CHECK(kh_analyse_dup_add(x, 1, NULL, NULL) == KH_ERR_ARG);
    kh_analyse_dup_index_free(x);
    kh_analyse_dup_index_free(NULL);
}

TEST(dup_index_grows)
{
    /* Many distinct texts force bucket growth; every one is still found. */
    kh_dup_index *x = kh_analyse_dup_index_new(NULL);
    CHECK(x);
    char text[256];
    for (int i = 0; i < 500; i++) {
        snprintf(text, sizeof text, "خبر رقم %d عن حدث رقم %d في يوم %d من شهر %d", i, i * 7,
                 i % 30, i % 12);
        kh_dup_sig s;
        sign(text, &s);
        CHECK(kh_analyse_dup_add(x, i, &s, NULL) == KH_OK);
    }
    for (int i = 0; i < 500; i += 37) {
        snprintf(text, sizeof text, "خبر رقم %d عن حدث رقم %d في يوم %d من شهر %d", i, i * 7,
                 i % 30, i % 12);
        kh_dup_sig s;
        int64_t key = -1;
        sign(text, &s);
        CHECK(kh_analyse_dup_find(x, &s, 0.99, &key, NULL) == 1);
        CHECK_INT(key, i);
    }
    kh_analyse_dup_index_free(x);
}

TEST(dup_index_alloc_failures)
{
    kh_dup_sig w;
    sign(WIRE, &w);
    for (long n = 0; n < 8; n++) {
        kh_alloc_fail_after(n);
        kh_err err;
        kh_err_init(&err, "test");
        kh_dup_index *x = kh_analyse_dup_index_new(&err);
        kh_rc rc = x ? kh_analyse_dup_add(x, 1, &w, &err) : KH_ERR_NOMEM;
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if (rc == KH_ERR_NOMEM) {
            CHECK(err.rc == KH_ERR_NOMEM);
            if (x)
                CHECK_INT(kh_analyse_dup_index_size(x), 0);
        }
        kh_analyse_dup_index_free(x);
    }
}

/* One corpus day: re-crawls and wire reprints exist, but most articles are
 * originals. */
TEST(dup_corpus_day)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    kh_lines *l = kh_lines_open(path, NULL);
    CHECK(l);
    kh_dup_index *x = kh_analyse_dup_index_new(NULL);
    CHECK(x);
    kh_buf match;
    kh_buf_init(&match, KH_CAP_PAGE);
    const char *line;
    size_t len, n = 0, n_exact = 0, n_near = 0;
    while (kh_lines_next(l, &line, &len, NULL) == KH_OK) {
        json_t *o = json_loadb(line, len, 0, NULL);
        const char *text = o ? json_string_value(json_object_get(o, "text")) : NULL;
        if (text) {
            kh_buf_reset(&match);
            if (kh_text_normalize(text, strlen(text), &match) == KH_OK) {
                kh_dup_sig s;
                int64_t key;
                double sim;
                kh_analyse_dup_hash(match.data, match.len, &s);
                if (kh_analyse_dup_find(x, &s, 0.7, &key, &sim)) {
                    if (sim == 1.0)
                        n_exact++;
                    else
                        n_near++;
                }
                if (kh_analyse_dup_add(x, (int64_t)n, &s, NULL) != KH_OK)
                    n_exact = 100000;
                n++;
            }
        }
        json_decref(o);
    }
    kh_buf_clean(&match);
    kh_lines_close(l);
    kh_analyse_dup_index_free(x);
    printf("  %zu articles: %zu exact copies, %zu near duplicates\n", n, n_exact, n_near);
    CHECK_INT(n, 1700);
    /* Plausible: some of each, far from all. */
    CHECK(n_exact >= 20 && n_exact <= 400);
    CHECK(n_near >= 50 && n_near <= 500);
}

/* The minima as the method states them, one function at a time: the
 * signature (computed on 8 or 4 lanes where the processor allows) must be
 * the same to the bit, across more than one block of 256 shingles. */
static void reference_sign(const char *text, uint32_t min[KH_DUP_N_HASHES], uint32_t *n_sh)
{
    const uint64_t mul = 0x9E3779B97F4A7C15ull;
    uint64_t seeds[KH_DUP_N_HASHES], s = 0x243F6A8885A308D3ull;
    for (int i = 0; i < KH_DUP_N_HASHES; i++) {
        s += mul;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        seeds[i] = z ^ (z >> 31);
        min[i] = UINT32_MAX;
    }
    uint64_t win[3] = {0, 0, 0};
    size_t pos = 0, n_seen = 0, n = strlen(text);
    kh_token tok;
    *n_sh = 0;
    while (kh_text_tokenize_next(text, n, &pos, &tok)) {
        if (tok.kind == KH_TOKEN_PUNCT)
            continue;
        win[0] = win[1];
        win[1] = win[2];
        win[2] = kh_hash_bytes(text + tok.off, tok.len, 0);
        if (++n_seen < 3)
            continue;
        uint64_t sh = kh_hash_bytes(win, sizeof win, 0x7368696e676c65ull);
        (*n_sh)++;
        for (int i = 0; i < KH_DUP_N_HASHES; i++) {
            uint64_t v = (sh ^ seeds[i]) * mul;
            uint32_t h = (uint32_t)((v ^ (v >> 29)) >> 32);
            if (h < min[i])
                min[i] = h;
        }
    }
}

TEST(dup_hash_reference_minima)
{
    /* WIRE, REPRINT and OTHER ten times over: about 1,500 words. */
    static char text[65536];
    size_t len = 0;
    for (int r = 0; r < 10 && len < sizeof text; r++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s %s %s ", WIRE, REPRINT, OTHER);
    CHECK(len < sizeof text - 1);
    uint32_t min[KH_DUP_N_HASHES], n_sh;
    reference_sign(text, min, &n_sh);
    kh_dup_sig sig;
    sign(text, &sig);
    CHECK(n_sh > 600);
    CHECK(sig.n_shingles == n_sh);
    CHECK(memcmp(sig.min, min, sizeof min) == 0);
    reference_sign(WIRE, min, &n_sh);
    sign(WIRE, &sig);
    CHECK(sig.n_shingles == n_sh);
    CHECK(memcmp(sig.min, min, sizeof min) == 0);
}

int main(void)
{
    TEST_RUN("analyse/dup", TEST_CASE(dup_hash_exact_copy), TEST_CASE(dup_hash_edited_reprint),
             TEST_CASE(dup_hash_different_text), TEST_CASE(dup_hash_words_as_text),
             TEST_CASE(dup_hash_empty_and_short), TEST_CASE(dup_find_earliest_copy),
             TEST_CASE(dup_remove_then_find), TEST_CASE(dup_index_null_and_empty),
             TEST_CASE(dup_index_grows), TEST_CASE(dup_index_alloc_failures),
             TEST_CASE(dup_corpus_day), TEST_CASE(dup_hash_reference_minima));
}
