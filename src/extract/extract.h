/*
 * src/extract/extract.h - from a page to an article.
 *
 * Input: the bytes of one page, a text dump (one block per line, page
 * furniture included) or HTML.  Output: a kh_article (core/record.h) with
 * title, section, outlet, date, teaser, captions, subheadings, body
 * paragraphs, see-also and related titles; for text dumps also the role of
 * every non-empty line.  The caller owns the article; everything extracted
 * lives in its arena.  Bad input gets a KH_ERR_* and a message; a page that
 * parses but has no article gets KH_ERR_EMPTY.
 * Depends on: core, text.
 */
#ifndef KH_EXTRACT_H
#define KH_EXTRACT_H

#include "core/record.h"
#include "core/buf.h"

#include <stddef.h>

/* Guesses what buf holds: HTML, a JSON record, or a text dump. */
kh_input_kind kh_extract_detect(const char *buf, size_t len);

/* Extracts from a text dump (extract/dump.c). */
kh_rc kh_extract_dump(const char *text, size_t len, kh_article *out, kh_err *err) KH_WARN_UNUSED;

/* Extracts from HTML (extract/html.c). */
kh_rc kh_extract_html(const char *html, size_t len, kh_article *out, kh_err *err) KH_WARN_UNUSED;

/* Detects the kind and runs the right extractor (extract/extract.c). */
kh_rc kh_extract_page(const char *buf, size_t len, kh_article *out, kh_err *err) KH_WARN_UNUSED;

/* Appends the article as the JSON object of `khabar extract`:
 * {"title","section","outlet","published","teaser","captions","subheadings",
 *  "body","see_also","related","lines":[{"n","role"}]} (lines for dumps). */
kh_rc kh_extract_json(const kh_article *a, kh_buf *out) KH_WARN_UNUSED;

#endif
