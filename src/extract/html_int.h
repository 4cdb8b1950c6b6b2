/*
 * src/extract/html_int.h - shared by the HTML extractor's files only.
 *
 * kh_extract_html (html.c) makes the page valid UTF-8 (html_charset.c),
 * parses it with gumbo, reads the metadata (html_meta.c: <meta>, JSON-LD,
 * <title>, <time>, breadcrumbs), then finds the article body
 * (html_score.c: paragraphs, block scores, the winning container, with the
 * class/id and text hints of html_hint.c) and fills the kh_article.
 * Depends on: core, text, gumbo, jansson.
 */
#ifndef KH_EXTRACT_HTML_INT_H
#define KH_EXTRACT_HTML_INT_H

#include "extract/extract.h"

#include <gumbo.h>

/* What the page says about itself.  Strings are NULL when absent; each
 * either borrows the gumbo output (valid until gumbo_destroy_output) or
 * lives in the article's arena, as marked. */
typedef struct kh_html_meta {
    const char *title_tag;    /* arena: text of <title> */
    const char *og_title;     /* borrows gumbo: og:title or twitter:title */
    const char *og_site;      /* borrows gumbo: og:site_name */
    const char *og_desc;      /* borrows gumbo: og:description */
    const char *description;  /* borrows gumbo: <meta name=description> */
    const char *app_name;     /* borrows gumbo: application-name */
    const char *pub_article;  /* borrows gumbo: article:published_time */
    const char *pub_meta;     /* borrows gumbo: date, pubdate, DC.date... */
    const char *pub_time;     /* borrows gumbo: <time datetime>, itemprop */
    const char *section_meta; /* borrows gumbo: article:section */
    const char *ld_headline;  /* arena: JSON-LD headline */
    const char *ld_body;      /* arena: JSON-LD articleBody */
    const char *ld_date;      /* arena: JSON-LD datePublished */
    const char *ld_publisher; /* arena: JSON-LD publisher.name */
    const char *ld_section;   /* arena: JSON-LD articleSection */
    const char *ld_desc;      /* arena: JSON-LD description */
    const char *crumb_last;   /* arena: last breadcrumb item */
    const char *crumb_prev;   /* arena: the item before it */
} kh_html_meta;

/* What the body search found besides the paragraphs it added to the
 * article. */
typedef struct kh_html_body {
    const char *h1; /* arena: first <h1> in or next to the content, or NULL */
    size_t n_chars; /* characters of body text emitted */
    size_t n_paras; /* body paragraphs emitted */
} kh_html_body;

/* A visitor of kh_extract_html_walk: called entering every node
 * (leaving == 0) and leaving every element it descended into (leaving == 1).
 * Returns what to do with the node's children. */
enum { KH_HTML_DESCEND = 0, KH_HTML_SKIP = 1, KH_HTML_STOP = 2 };
typedef int (*kh_html_visit)(const GumboNode *node, int leaving, void *ctx);

/* Walks the tree under root in document order with a heap stack (no C
 * recursion, so nesting depth is harmless).  Returns KH_OK, KH_DONE when a
 * visitor said KH_HTML_STOP, or KH_ERR_NOMEM. (html.c) */
kh_rc kh_extract_html_walk(const GumboNode *root, kh_html_visit visit, void *ctx,
                           kh_err *err) KH_WARN_UNUSED;

/* Makes in[0..n) valid UTF-8 in out: valid UTF-8 is copied; otherwise the
 * charset declared in a <meta> (latin-1 read as windows-1252) is decoded
 * with iconv, and without one bad bytes become U+FFFD.  *n_bad counts
 * replaced bytes. (html_charset.c) */
kh_rc kh_extract_html_charset(const char *in, size_t n, kh_buf *out, size_t *n_bad,
                              kh_err *err) KH_WARN_UNUSED;

/* Reads metadata from the whole tree into m; JSON-LD and title strings are
 * copied into a's arena. (html_meta.c) */
kh_rc kh_extract_html_meta(const GumboNode *root, kh_article *a, kh_html_meta *m,
                           kh_err *err) KH_WARN_UNUSED;

/* Finds the article body and appends its paragraphs, subheadings and
 * captions to a. (html_score.c) */
kh_rc kh_extract_html_score(const GumboNode *root, kh_article *a, kh_html_body *body,
                            kh_err *err) KH_WARN_UNUSED;

/* Appends the display form of s[0..n) to a fresh copy in a's arena; NULL
 * when it is empty (*rc stays KH_OK) or memory runs out (*rc set). */
const char *kh_extract_html_clean(kh_article *a, const char *s, size_t n, kh_rc *rc);

/* Class and id of an element against the hint lists: +25 for content
 * words, -25 for furniture (both when both). (html_hint.c) */
int kh_extract_html_hint_weight(const GumboElement *el);
/* True when class or id names furniture and nothing that may be content:
 * the first pass does not walk such blocks. (html_hint.c) */
int kh_extract_html_hint_unlikely(const GumboElement *el);
/* True for a <p> whose class names a caption or a photo credit. */
int kh_extract_html_hint_caption(const GumboElement *el);
/* True when the line t[0..n) (not NUL-terminated) is furniture text:
 * share, copyright, read also, tags... (html_hint.c) */
int kh_extract_html_hint_furniture(const char *t, size_t n);
/* True when the short line t[0..n) is a photo credit or a caption ending
 * in one ("Foto: ...", "... © AFP"). (html_hint.c) */
int kh_extract_html_hint_credit(const char *t, size_t n);
/* True for tags that end a paragraph (p, div, li, h1-h6, td...). */
int kh_extract_html_hint_block(GumboTag t);
/* True for nav, aside, header, footer, noscript: walked, but furniture
 * unless one holds most of the page. */
int kh_extract_html_hint_furn_tag(GumboTag t);
/* True for elements never walked for text: scripts, form controls, hidden
 * elements, ARIA navigation roles, and with strip the unlikely blocks. */
int kh_extract_html_hint_skipped(const GumboElement *el, int strip);

#endif
