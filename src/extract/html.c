/*
 * src/extract/html.c - from an HTML page to an article.
 *
 * Placeholder so that kh_extract_page links; the readability-style
 * extractor replaces it.
 * Depends on: core, text.
 */
#include "extract/extract.h"

kh_rc kh_extract_html(const char *html, size_t len, kh_article *out, kh_err *err)
{
    if (!html || !out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract_html: NULL argument");
    (void)len;
    return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "no article found in the HTML");
}
