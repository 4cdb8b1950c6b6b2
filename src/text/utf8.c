/*
 * src/text/utf8.c - UTF-8 that never trusts its input.
 *
 * Pages arrive in whatever bytes the crawler saw: cut mid-character, with
 * overlong or surrogate encodings, NULs, stray Latin-1.  Everything else in
 * khabar assumes valid UTF-8, so every text passes through here (or through
 * kh_text_normalize, which decodes the same way) first.
 *
 * Fits: the first step of the text stage; used by extract and ingest.
 * Depends on: core.
 *
 * Method: a strict decoder (text_int.h) following the Unicode table of
 * well-formed byte sequences; a bad byte becomes one U+FFFD and decoding
 * resumes at the next byte, so garbage can never swallow valid text after it.
 */
#include "text/text.h"
#include "text/text_int.h"

int kh_text_utf8_next(const char *s, size_t n, size_t *pos, uint32_t *cp)
{
    if (!s || !pos || *pos >= n)
        return 0;
    uint32_t c;
    int r = utf8_decode((const unsigned char *)s, n, pos, &c);
    if (cp)
        *cp = c;
    return r;
}

kh_rc kh_text_utf8_put(kh_buf *out, uint32_t cp)
{
    char tmp[4];
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = KH_TEXT_REPLACEMENT;
    return kh_buf_append(out, tmp, utf8_encode(cp, tmp));
}

kh_rc kh_text_utf8_clean(const char *in, size_t n, kh_buf *out, size_t *n_bad)
{
    static const char repl[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
    size_t bad = 0, run = 0, i = 0;
    kh_rc rc = KH_OK;
    if (n_bad)
        *n_bad = 0;
    if (!out)
        return KH_ERR_ARG;
    if (!in && n)
        return KH_ERR_ARG;
    const unsigned char *s = (const unsigned char *)in;
    /* Valid runs are copied in one append; only bad bytes cost a call. */
    while (i < n) {
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t at = i;
        uint32_t cp;
        int r = utf8_decode(s, n, &i, &cp);
        if (r == 1 && cp != 0)
            continue;
        rc = kh_buf_append(out, in + run, at - run);
        if (rc != KH_OK)
            goto done;
        if (r < 0) {
            rc = kh_buf_append(out, repl, sizeof repl);
            if (rc != KH_OK)
                goto done;
        }
        bad++;
        run = i;
    }
    rc = kh_buf_append(out, in ? in + run : "", n - run);
done:
    if (n_bad)
        *n_bad = bad;
    return rc;
}
