/*
 * src/view/feature.c - the content words of a text, stemmed: the one
 * featuriser behind section classification, sentence vectors, headline
 * similarity and story terms, so that all of them agree on what a word is.
 *
 * Fits: called by section.c, section_train.c and prep.c.  Depends on: text.
 * Method: match form (kh_text_normalize), tokens, stop words and one-letter
 * tokens dropped, Arabic stemmed with the light stemmer (clitics and
 * suffixes off, so الاقتصادية and اقتصادي meet).
 */
#include "view/view_int.h"

#include <string.h>

kh_rc kh_view_feature_each(kh_stemmer *st, const char *text, size_t n, unsigned flags,
                           kh_view_feature_fn fn, void *ctx)
{
    kh_buf norm;
    kh_rc rc = KH_OK;
    char stem[KH_VIEW_STEM_MAX];

    kh_buf_init(&norm, KH_CAP_PAGE);
    if (!text || n == 0)
        goto done;
    rc = kh_text_normalize(text, n, &norm);
    if (rc != KH_OK)
        goto done;
    size_t pos = 0;
    kh_token tok;
    while (kh_text_tokenize_next(norm.data, norm.len, &pos, &tok)) {
        const char *w = norm.data + tok.off;
        if (tok.kind == KH_TOKEN_PUNCT)
            continue;
        if (tok.kind == KH_TOKEN_NUMBER) {
            if (!(flags & KH_VIEW_FEAT_NUMBERS) || tok.len >= sizeof stem)
                continue;
            rc = fn(w, tok.len, tok.kind, ctx);
            if (rc != KH_OK)
                goto done;
            continue;
        }
        /* One Arabic letter is two bytes, one Latin letter one. */
        if (tok.len < (tok.kind == KH_TOKEN_ARABIC ? 4u : 2u))
            continue;
        if (kh_text_is_stopword(w, tok.len))
            continue;
        size_t len = kh_text_stem(st, w, tok.len, stem, sizeof stem);
        if (len == 0)
            continue;
        rc = fn(stem, len, tok.kind, ctx);
        if (rc != KH_OK)
            goto done;
    }
done:
    kh_buf_clean(&norm);
    return rc;
}
