/*
 * tests/text/utf8.c - tests src/text/utf8.c: decoding valid and broken
 * sequences, encoding, cleaning (replacement, NUL removal, counting) and a
 * random-bytes loop whose output must always be valid UTF-8.
 */
#include "core/alloc.h"
#include "text/text.h"
#include "test.h"
#include "utf8_check.h"

#include <stdint.h>

static char *clean(const char *in, size_t n, size_t *n_bad)
{
    kh_buf b;
    kh_buf_init(&b, 1 << 20);
    if (kh_text_utf8_clean(in, n, &b, n_bad) != KH_OK)
        return NULL;
    return kh_buf_take(&b, NULL);
}

TEST(utf8_next_arabic_and_ascii)
{
    const char *s = "aخ€😀";
    size_t pos = 0, n = strlen(s);
    uint32_t cp;
    CHECK_INT(kh_text_utf8_next(s, n, &pos, &cp), 1);
    CHECK_INT(cp, 'a');
    CHECK_INT(kh_text_utf8_next(s, n, &pos, &cp), 1);
    CHECK_INT(cp, 0x062E);
    CHECK_INT(kh_text_utf8_next(s, n, &pos, &cp), 1);
    CHECK_INT(cp, 0x20AC);
    CHECK_INT(kh_text_utf8_next(s, n, &pos, &cp), 1);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(pos, n);
    CHECK_INT(kh_text_utf8_next(s, n, &pos, &cp), 0);
}

TEST(utf8_next_truncated_at_end)
{
    const char s[] = {'a', (char)0xD8}; /* first byte of an Arabic letter, cut */
    size_t pos = 1;
    uint32_t cp = 0;
    CHECK_INT(kh_text_utf8_next(s, 2, &pos, &cp), -1);
    CHECK_INT(cp, KH_TEXT_REPLACEMENT);
    CHECK_INT(pos, 2);
    const char t[] = {(char)0xE2, (char)0x82}; /* two of three bytes of € */
    pos = 0;
    CHECK_INT(kh_text_utf8_next(t, 2, &pos, &cp), -1);
    CHECK_INT(pos, 1); /* one byte at a time */
}

TEST(utf8_next_overlong_c0_af)
{
    const char s[] = {(char)0xC0, (char)0xAF}; /* overlong '/' */
    size_t pos = 0;
    uint32_t cp;
    CHECK_INT(kh_text_utf8_next(s, 2, &pos, &cp), -1);
    CHECK_INT(kh_text_utf8_next(s, 2, &pos, &cp), -1);
    CHECK_INT(kh_text_utf8_next(s, 2, &pos, &cp), 0);
    const char t[] = {(char)0xE0, (char)0x80, (char)0xAF}; /* 3-byte overlong */
    pos = 0;
    CHECK_INT(kh_text_utf8_next(t, 3, &pos, &cp), -1);
}

TEST(utf8_next_surrogate_ed_a0_80)
{
    const char s[] = {(char)0xED, (char)0xA0, (char)0x80};
    size_t pos = 0;
    uint32_t cp;
    CHECK_INT(kh_text_utf8_next(s, 3, &pos, &cp), -1);
    CHECK_INT(cp, KH_TEXT_REPLACEMENT);
    const char t[] = {(char)0xED, (char)0x9F, (char)0xBF}; /* U+D7FF is fine */
    pos = 0;
    CHECK_INT(kh_text_utf8_next(t, 3, &pos, &cp), 1);
    CHECK_INT(cp, 0xD7FF);
}

TEST(utf8_next_above_10ffff)
{
    const char s[] = {(char)0xF4, (char)0x90, (char)0x80, (char)0x80};
    size_t pos = 0;
    uint32_t cp;
    CHECK_INT(kh_text_utf8_next(s, 4, &pos, &cp), -1);
}

TEST(utf8_next_null_args)
{
    size_t pos = 0;
    uint32_t cp;
    CHECK_INT(kh_text_utf8_next(NULL, 3, &pos, &cp), 0);
    CHECK_INT(kh_text_utf8_next("abc", 3, NULL, &cp), 0);
    CHECK_INT(kh_text_utf8_next("abc", 0, &pos, &cp), 0);
}

TEST(utf8_put_ranges)
{
    kh_buf b;
    kh_buf_init(&b, 64);
    CHECK(kh_text_utf8_put(&b, 'x') == KH_OK);
    CHECK(kh_text_utf8_put(&b, 0x0627) == KH_OK);
    CHECK(kh_text_utf8_put(&b, 0x20AC) == KH_OK);
    CHECK(kh_text_utf8_put(&b, 0x1F600) == KH_OK);
    CHECK(kh_text_utf8_put(&b, 0xD800) == KH_OK);   /* surrogate: replaced */
    CHECK(kh_text_utf8_put(&b, 0x110000) == KH_OK); /* too big: replaced */
    CHECK_STR(b.data, "xا€😀\xEF\xBF\xBD\xEF\xBF\xBD");
    kh_buf_clean(&b);
}

TEST(utf8_clean_valid_unchanged)
{
    const char *s = "خبر عاجل: news 2015";
    size_t bad = 99;
    char *o = clean(s, strlen(s), &bad);
    CHECK_STR(o, s);
    CHECK_INT(bad, 0);
    kh_free(o);
}

TEST(utf8_clean_nul_dropped)
{
    const char s[] = {'a', 0, 'b', 0};
    size_t bad;
    char *o = clean(s, 4, &bad);
    CHECK_STR(o, "ab");
    CHECK_INT(bad, 2);
    kh_free(o);
}

TEST(utf8_clean_five_byte_junk)
{
    /* An old 5-byte form: five bad bytes, five replacements, text kept. */
    const char s[] = "x\xF8\x88\x80\x80\x80y";
    size_t bad;
    char *o = clean(s, sizeof s - 1, &bad);
    CHECK_STR(o, "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy");
    CHECK_INT(bad, 5);
    kh_free(o);
}

TEST(utf8_clean_truncated_arabic_at_end)
{
    const char s[] = "سلام\xD9";
    size_t bad;
    char *o = clean(s, sizeof s - 1, &bad);
    CHECK_STR(o, "سلام\xEF\xBF\xBD");
    CHECK_INT(bad, 1);
    kh_free(o);
}

TEST(utf8_clean_empty_and_null)
{
    size_t bad = 7;
    char *o = clean("", 0, &bad);
    CHECK_STR(o, "");
    CHECK_INT(bad, 0);
    kh_free(o);
    kh_buf b;
    kh_buf_init(&b, 16);
    CHECK(kh_text_utf8_clean(NULL, 3, &b, NULL) == KH_ERR_ARG);
    CHECK(kh_text_utf8_clean("a", 1, NULL, NULL) == KH_ERR_ARG);
}

TEST(utf8_clean_over_cap)
{
    kh_buf b;
    kh_buf_init(&b, 4);
    CHECK(kh_text_utf8_clean("abcdefgh", 8, &b, NULL) == KH_ERR_TOOBIG);
    CHECK(b.data == NULL);
}

TEST(utf8_clean_random_junk)
{
    /* Fixed-seed xorshift: the loop is the same on every run. */
    uint32_t x = 2463534242u;
    unsigned char in[257];
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + round % 256;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* Bias towards bytes of Arabic letters and continuation bytes. */
            unsigned v = x & 0xFF;
            in[i] = (unsigned char)((x >> 8) % 3 == 0 ? 0xD8 + (v & 3) : v);
        }
        size_t bad;
        kh_buf b;
        kh_buf_init(&b, 1 << 16);
        CHECK(kh_text_utf8_clean((const char *)in, n, &b, &bad) == KH_OK);
        CHECK(valid_utf8((const unsigned char *)b.data, b.len));
        CHECK(strlen(b.data) == b.len); /* no NUL inside */
        kh_buf_clean(&b);
    }
}

TEST(utf8_clean_fault)
{
    const char s[] = "abc\xFF\xC0xyz";
    for (long k = 0; k < 8; k++) {
        kh_buf b;
        kh_buf_init(&b, 1024);
        kh_alloc_fail_after(k);
        kh_rc rc = kh_text_utf8_clean(s, sizeof s - 1, &b, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if (rc == KH_OK)
            CHECK_STR(b.data, "abc\xEF\xBF\xBD\xEF\xBF\xBDxyz");
        else
            CHECK(b.data == NULL);
        kh_buf_clean(&b);
    }
}

int main(void)
{
    TEST_RUN("text/utf8", TEST_CASE(utf8_next_arabic_and_ascii),
             TEST_CASE(utf8_next_truncated_at_end), TEST_CASE(utf8_next_overlong_c0_af),
             TEST_CASE(utf8_next_surrogate_ed_a0_80), TEST_CASE(utf8_next_above_10ffff),
             TEST_CASE(utf8_next_null_args), TEST_CASE(utf8_put_ranges),
             TEST_CASE(utf8_clean_valid_unchanged), TEST_CASE(utf8_clean_nul_dropped),
             TEST_CASE(utf8_clean_five_byte_junk), TEST_CASE(utf8_clean_truncated_arabic_at_end),
             TEST_CASE(utf8_clean_empty_and_null), TEST_CASE(utf8_clean_over_cap),
             TEST_CASE(utf8_clean_random_junk), TEST_CASE(utf8_clean_fault));
}
