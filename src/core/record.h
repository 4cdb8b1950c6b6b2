/*
 * src/core/record.h - the records passed between stages.
 *
 * A kh_article is what extraction makes of a page and what analysis,
 * grouping and the store read.  It owns an arena; every string and array
 * hanging off it lives there and dies with kh_article_free().  Strings are
 * UTF-8, NUL-terminated, and NULL when absent.
 * Depends on: core/arena, core/err.
 */
#ifndef KH_CORE_RECORD_H
#define KH_CORE_RECORD_H

#include "core/arena.h"
#include "core/err.h"

#include <stddef.h>

/* The role of one line of a text dump (the roles of ../shared/README.md). */
typedef enum kh_line_role {
    KH_ROLE_NONE = 0, /* empty line */
    KH_ROLE_TITLE,
    KH_ROLE_BODY,
    KH_ROLE_SUBHEADING,
    KH_ROLE_TEASER,
    KH_ROLE_CAPTION,
    KH_ROLE_CAPTION_DUPLICATE,
    KH_ROLE_SECTION,
    KH_ROLE_BREADCRUMB,
    KH_ROLE_COUNTER,
    KH_ROLE_SHARE,
    KH_ROLE_LOGO,
    KH_ROLE_SEE_ALSO,
    KH_ROLE_RELATED_HEADER,
    KH_ROLE_RELATED_CAPTION,
    KH_ROLE_RELATED_TITLE,
    KH_ROLE_RELATED_TEASER,
    KH_ROLE_RELATED_SECTION,
    KH_ROLE_LOADING,
    KH_ROLE_FOOTER_MENU,
    KH_ROLE__COUNT
} kh_line_role;

/* "title", "body", ... as in the gold files; NULL for KH_ROLE_NONE. */
const char *kh_line_role_name(kh_line_role role);
/* The role named name, or KH_ROLE_NONE. */
kh_line_role kh_line_role_from_name(const char *name);

/* A growable list of strings in an article's arena. */
typedef struct kh_strlist {
    const char **items; /* borrows the article's arena */
    size_t n;
    size_t cap;
} kh_strlist;

typedef struct kh_line {
    size_t n; /* 1-based line number in the input */
    kh_line_role role;
} kh_line;

typedef enum kh_input_kind {
    KH_INPUT_UNKNOWN = 0,
    KH_INPUT_TEXT, /* a text dump of a page */
    KH_INPUT_HTML,
    KH_INPUT_JSON /* an already extracted record */
} kh_input_kind;

typedef struct kh_article {
    kh_arena arena; /* owns every string and array below */
    kh_input_kind kind;
    const char *id;
    const char *url;
    const char *outlet;
    const char *published; /* ISO 8601 as found, or NULL */
    const char *title;
    const char *section;
    const char *teaser;
    kh_strlist captions;
    kh_strlist subheadings;
    kh_strlist body; /* paragraphs, in page order */
    kh_strlist see_also;
    kh_strlist related;
    kh_line *lines; /* text dumps: one per non-empty line; borrows arena */
    size_t n_lines;
    size_t n_bad_utf8; /* bytes replaced while decoding the input */
} kh_article;

/* A new, empty article, or NULL when memory runs out. */
kh_article *kh_article_new(void);
void kh_article_free(kh_article *a);
/* Copies s[0..n) into the article's arena. */
const char *kh_article_strndup(kh_article *a, const char *s, size_t n);
/* Appends a copy of s[0..n) to list. */
kh_rc kh_article_list_add(kh_article *a, kh_strlist *list, const char *s, size_t n) KH_WARN_UNUSED;
/* The body joined by "\n" into the arena, or NULL when memory runs out. */
const char *kh_article_body_text(kh_article *a);

#endif
