/*
 * tests/text/tokenize.c - tests src/text/tokenize.c: Arabic, Latin, number
 * and punctuation tokens on match-form and display-form text, offsets,
 * broken bytes and empty input.
 */
#include "core/lines.h"
#include "text/text.h"
#include "test.h"

#include <jansson.h>

/* Tokenises s and writes "kind:text|kind:text|..." into out; kinds are
 * A (Arabic), L (Latin), N (number), P (punctuation). */
static const char *toks(const char *s, char *out, size_t cap)
{
    size_t pos = 0, o = 0, n = strlen(s);
    kh_token t;
    out[0] = '\0';
    while (kh_text_tokenize_next(s, n, &pos, &t)) {
        static const char kinds[] = "?ALNP";
        int w = snprintf(out + o, cap - o, "%s%c:%.*s", o ? "|" : "", kinds[t.kind], (int)t.len,
                         s + t.off);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
    return out;
}

#define CHECK_TOKS(in, want)                                                                       \
    do {                                                                                           \
        char got_[1024];                                                                           \
        CHECK_STR(toks(in, got_, sizeof got_), want);                                              \
    } while (0)

TEST(tokenize_arabic_words)
{
    CHECK_TOKS("قال الرئيس", "A:قال|A:الرئيس");
}

TEST(tokenize_mixed_match_form)
{
    CHECK_TOKS("وصل ترامب (trump) الي cnn.", "A:وصل|A:ترامب|P:(|L:trump|P:)|A:الي|L:cnn|P:.");
}

TEST(tokenize_numbers)
{
    CHECK_TOKS("3.5 1,000 2015.", "N:3.5|N:1,000|N:2015|P:.");
    CHECK_TOKS("1, 2", "N:1|P:,|N:2");
}

TEST(tokenize_number_into_latin)
{
    CHECK_TOKS("4g f16 covid19", "L:4g|L:f16|L:covid19");
}

TEST(tokenize_display_form_with_marks)
{
    CHECK_TOKS("كَتَبَ الـمدينة ٣٫٥ ۴۵", "A:كَتَبَ|A:الـمدينة|N:٣٫٥|N:۴۵");
}

TEST(tokenize_arabic_punctuation)
{
    CHECK_TOKS("نعم، لا؟ «هنا»", "A:نعم|P:،|A:لا|P:؟|P:«|A:هنا|P:»");
}

TEST(tokenize_presentation_form_is_letter)
{
    CHECK_TOKS("\xEF\xBB\xBB\xEF\xBA\x8D", "A:\xEF\xBB\xBB\xEF\xBA\x8D");
}

TEST(tokenize_skips_invisibles_and_stray_marks)
{
    CHECK_TOKS("\xE2\x80\x8F  \xD9\x8E\xC2\xA0 ب", "A:ب");
}

TEST(tokenize_zwnj_inside_word)
{
    CHECK_TOKS("مي\xE2\x80\x8Cخواهم \xE2\x80\x8Cب", "A:مي\xE2\x80\x8Cخواهم|A:ب");
}

TEST(tokenize_other_scripts_are_latin_kind)
{
    CHECK_TOKS("Москва été", "L:Москва|L:été");
}

TEST(tokenize_offsets)
{
    const char *s = " ab  جد";
    size_t pos = 0;
    kh_token t;
    CHECK(kh_text_tokenize_next(s, strlen(s), &pos, &t));
    CHECK_INT(t.off, 1);
    CHECK_INT(t.len, 2);
    CHECK_INT(t.kind, KH_TOKEN_LATIN);
    CHECK(kh_text_tokenize_next(s, strlen(s), &pos, &t));
    CHECK_INT(t.off, 5);
    CHECK_INT(t.len, 4);
    CHECK_INT(t.kind, KH_TOKEN_ARABIC);
    CHECK(!kh_text_tokenize_next(s, strlen(s), &pos, &t));
    CHECK_INT(pos, strlen(s));
}

TEST(tokenize_bad_bytes)
{
    /* A truncated letter at the end is one punctuation token, not a crash;
     * the scan never runs past n. */
    const char s[] = "ab\xD8";
    size_t pos = 0;
    kh_token t;
    CHECK(kh_text_tokenize_next(s, 3, &pos, &t));
    CHECK_INT(t.len, 2);
    CHECK(kh_text_tokenize_next(s, 3, &pos, &t));
    CHECK_INT(t.kind, KH_TOKEN_PUNCT);
    CHECK_INT(t.off, 2);
    CHECK_INT(t.len, 1);
    CHECK(!kh_text_tokenize_next(s, 3, &pos, &t));
    pos = 0;
    CHECK(kh_text_tokenize_next("1.", 2, &pos, &t)); /* separator at the very end */
    CHECK_INT(t.len, 1);
}

TEST(tokenize_empty_and_null)
{
    size_t pos = 0;
    kh_token t;
    CHECK(!kh_text_tokenize_next("", 0, &pos, &t));
    CHECK(!kh_text_tokenize_next("   ", 3, &pos, &t));
    CHECK(!kh_text_tokenize_next(NULL, 3, &pos, &t));
    CHECK(!kh_text_tokenize_next("a", 1, NULL, &t));
    CHECK(!kh_text_tokenize_next("a", 1, &pos, NULL));
}

TEST(tokenize_random_junk_progresses)
{
    uint32_t x = 1234567u;
    unsigned char in[200];
    for (int round = 0; round < 2000; round++) {
        size_t n = round % 200;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            in[i] = (unsigned char)((x >> 8) % 2 ? 0xD8 + (x & 3) : x & 0xFF);
        }
        size_t pos = 0, last_end = 0, count = 0;
        kh_token t;
        while (kh_text_tokenize_next((const char *)in, n, &pos, &t)) {
            CHECK(t.len > 0 && t.off >= last_end && t.off + t.len <= n);
            last_end = t.off + t.len;
            CHECK(++count <= n);
        }
    }
}

static size_t count_arabic(const char *s, size_t n)
{
    size_t pos = 0, c = 0;
    kh_token t;
    while (kh_text_tokenize_next(s, n, &pos, &t))
        c += t.kind == KH_TOKEN_ARABIC;
    return c;
}

/* Real news (the first day of SaudiNewsNet, 2,972 articles): the display form and
 * the match form of an article have the same number of Arabic words, so a
 * word found in one can be located in the other by its index. */
TEST(tokenize_corpus_display_and_match_agree)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/saudinewsnet/2015-07-21.jsonl.gz", kh_test_shared());
    kh_lines *l = kh_lines_open(path, NULL);
    CHECK(l != NULL);
    const char *line;
    size_t len, n_art = 0, n_diff = 0;
    kh_buf m, d;
    kh_buf_init(&m, KH_CAP_PAGE);
    kh_buf_init(&d, KH_CAP_PAGE);
    while (kh_lines_next(l, &line, &len, NULL) == KH_OK) {
        json_t *j = json_loadb(line, len, 0, NULL);
        const char *text = j ? json_string_value(json_object_get(j, "text")) : NULL;
        if (text) {
            kh_buf_reset(&m);
            kh_buf_reset(&d);
            if (kh_text_normalize(text, strlen(text), &m) != KH_OK ||
                kh_text_clean_display(text, strlen(text), &d) != KH_OK)
                n_diff++;
            else if (count_arabic(m.data, m.len) != count_arabic(d.data, d.len))
                n_diff++;
            n_art++;
        }
        json_decref(j);
    }
    kh_lines_close(l);
    kh_buf_clean(&m);
    kh_buf_clean(&d);
    CHECK_INT(n_diff, 0);
    CHECK(n_art > 1000);
}

int main(void)
{
    TEST_RUN("text/tokenize", TEST_CASE(tokenize_arabic_words),
             TEST_CASE(tokenize_mixed_match_form), TEST_CASE(tokenize_numbers),
             TEST_CASE(tokenize_number_into_latin), TEST_CASE(tokenize_display_form_with_marks),
             TEST_CASE(tokenize_arabic_punctuation),
             TEST_CASE(tokenize_presentation_form_is_letter),
             TEST_CASE(tokenize_skips_invisibles_and_stray_marks),
             TEST_CASE(tokenize_zwnj_inside_word), TEST_CASE(tokenize_other_scripts_are_latin_kind),
             TEST_CASE(tokenize_offsets), TEST_CASE(tokenize_bad_bytes),
             TEST_CASE(tokenize_empty_and_null), TEST_CASE(tokenize_random_junk_progresses),
             TEST_CASE(tokenize_corpus_display_and_match_agree));
}
