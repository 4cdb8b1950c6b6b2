/*
 * src/extract/extract_int.h - shared by the files of src/extract only.
 *
 * Two things live here: the input checks every extractor runs first and
 * last (extract.c: is this text at all, is the result Arabic), and the
 * line-level half of the text-dump extractor (dump_line.c), which looks at
 * one line on its own and says what kind of line it is.  dump.c then
 * decides each line's role from its kind and its position in the page.
 * Depends on: core, text.
 */
#ifndef KH_EXTRACT_INT_H
#define KH_EXTRACT_INT_H

#include "core/arena.h"
#include "extract/extract.h"

#include <stddef.h>
#include <stdint.h>

/* ---- input checks (extract.c) ---- */

/* Refuses input that cannot hold an article: empty or blank (KH_ERR_EMPTY),
 * binary or not UTF-8 (KH_ERR_UTF8: more than a tenth of the characters
 * are NULs or invalid sequences), or, for a text dump, without a single
 * Arabic letter (KH_ERR_EMPTY).  HTML may be in a charset it declares, so
 * for it only NULs count as junk; HTML and JSON may write Arabic as
 * escapes, so for them the Arabic test is left to
 * kh_extract_check_article.  *n_bad (may be NULL) gets the number of
 * invalid sequences and NULs, which the extractor replaces or drops. */
kh_rc kh_extract_check_text(const char *s, size_t n, kh_input_kind kind, size_t *n_bad,
                            kh_err *err) KH_WARN_UNUSED;

/* Refuses an extracted article that has no body paragraph or whose title and
 * body are not mostly Arabic letters (KH_ERR_EMPTY). */
kh_rc kh_extract_check_article(kh_article *a, kh_err *err) KH_WARN_UNUSED;

/* ---- one line of a text dump (dump_line.c) ---- */

/* What a line is on its own, before its place in the page is considered. */
typedef enum kh_extract_line_kind {
    KH_EXTRACT_LINE_TEXT = 0,       /* prose or heading: its position decides */
    KH_EXTRACT_LINE_COUNTER,        /* only a number: views, comments, likes */
    KH_EXTRACT_LINE_LOADING,        /* "Loading...", "جاري التحميل" */
    KH_EXTRACT_LINE_RELATED_HEADER, /* "أخبار ذات صلة" and the like, alone */
    KH_EXTRACT_LINE_SEE_ALSO,       /* "اقرأ أيضا: <title>" */
    KH_EXTRACT_LINE_SHARE,          /* share buttons: "شارك", "FacebookTwitter" */
    KH_EXTRACT_LINE_LOGO,           /* "<outlet> logo" */
    KH_EXTRACT_LINE_SECTION_LABEL,  /* "التصنيف: <section>" */
    KH_EXTRACT_LINE_MENU,           /* run of concatenated section names */
    KH_EXTRACT_LINE_SECTION_NAME,   /* a bare known section name: "اقتصاد" */
    KH_EXTRACT_LINE_HOME,           /* starts with "Home"/"الرئيسية": a breadcrumb */
    KH_EXTRACT_LINE_CREDIT,         /* a photo caption with its credit */
    KH_EXTRACT_LINE_DATE,           /* a date or time: "الخميس 17 أبريل 2025 - 10:30" */
    KH_EXTRACT_LINE_META            /* byline, source, tags, advertisement label */
} kh_extract_line_kind;

/* How a line ends, after closing quotes and brackets. */
typedef enum kh_extract_line_end {
    KH_EXTRACT_END_NONE = 0, /* a letter or digit: headings, titles */
    KH_EXTRACT_END_PERIOD,   /* . … ! : a finished sentence */
    KH_EXTRACT_END_QUESTION, /* ? ؟ */
    KH_EXTRACT_END_COLON,    /* : */
    KH_EXTRACT_END_OTHER     /* , ، - and other marks */
} kh_extract_line_end;

typedef struct kh_extract_line {
    size_t off, len; /* the raw line in the input */
    size_t n;        /* 1-based line number in the input */
    const char *key; /* borrows the dump's scratch arena: letters and digits of
                        the match form, no spaces; NULL when over 4 KiB */
    size_t key_len;  /* bytes of the key, also when key is NULL */
    uint32_t n_words;
    uint32_t n_stop;      /* how many of the words are stop words */
    uint8_t end;          /* kh_extract_line_end */
    uint8_t kind;         /* kh_extract_line_kind */
    uint8_t role;         /* kh_line_role, decided by dump.c */
    uint8_t prefix_words; /* see-also: words of the prefix before the title */
    uint8_t bullet;       /* starts with a list bullet: an item of the body */
    uint8_t cont;         /* opens like a continuing paragraph: "وقال ..." */
    uint8_t home;         /* is only a home word: "الرئيسية" */
    uint8_t menu_names;   /* known section names making up the whole line, or 0 */
    uint8_t path;         /* path separators (> › ») in the line */
} kh_extract_line;

/* The word lists the line tests use (dump_line_words.c), normalised once
 * per dump so that both sides of every comparison went through the same
 * kh_text_normalize. */
/* One word list, in word form and as keys (word form without spaces). */
typedef struct vocab_list {
    const char **words; /* borrows the vocab arena: word form, single spaces */
    size_t *words_len;
    const char **keys; /* borrows the vocab arena: no spaces */
    size_t *keys_len;
    size_t n;
} vocab_list;

/* The lists of a vocabulary. */
enum {
    V_SHARE,
    V_MENU,
    V_HOME,
    V_LOADING,
    V_RELATED,
    V_SEE_ALSO,
    V_LABEL,
    V_LOGO,
    V_AGENCY,
    V_PHOTO,
    V_FOOTER,
    V_MONTH,
    V_DATE_WORD,
    V_BYLINE,
    V_AD,
    V_TAGS,
    V_COMMENTS,
    V_CONT,
    V__COUNT
};

typedef struct kh_extract_vocab {
    kh_arena arena; /* owns every string and array of lists */
    vocab_list lists[V__COUNT];
} kh_extract_vocab;

/* True when l holds the key k (dump_line.c). */
int kh_extract_dump_line_has_key(const vocab_list *l, const char *k, size_t k_len);
/* True when word form w is a date line (dump_line_date.c). */
int kh_extract_dump_line_is_date(const kh_extract_vocab *v, const char *w, size_t w_len);
/* The number (1-12) of item i of the V_MONTH list. */
int kh_extract_dump_line_month(size_t i);
/* True for letters, marks and digits, which make words. */
int kh_extract_dump_line_is_word(uint32_t cp);
/* Appends the word form of match form s: words of letters and digits
 * separated by one space, ASCII lower-cased, punctuation gone. */
kh_rc kh_extract_dump_line_word_form(const char *s, size_t n, kh_buf *out) KH_WARN_UNUSED;

kh_extract_vocab *kh_extract_dump_line_vocab_new(void);
void kh_extract_dump_line_vocab_free(kh_extract_vocab *v);

/* Fills line's words, stop words, ending, key and kind from the display form
 * disp and the match form m of one non-empty line.  The key is copied into
 * scratch.  Returns KH_ERR_NOMEM when scratch cannot grow. */
kh_rc kh_extract_dump_line_scan(const kh_extract_vocab *v, const char *disp, size_t disp_len,
                                const char *m, size_t m_len, kh_arena *scratch,
                                kh_extract_line *line) KH_WARN_UNUSED;

/* True when key is a known section name (one item of the menu list). */
int kh_extract_dump_line_is_section(const kh_extract_vocab *v, const char *key, size_t key_len);

/* True when keys a and b are the same text but for a few characters (at
 * least 90% of the longer one shared as a common prefix plus suffix). */
int kh_extract_dump_line_near_dup(const char *a, size_t a_len, const char *b, size_t b_len);

/* Appends to out the part of display form disp after its first n_words
 * words and the punctuation that follows them ("شاهد أيضا: X" -> "X"). */
kh_rc kh_extract_dump_line_after_words(const char *disp, size_t disp_len, size_t n_words,
                                       kh_buf *out) KH_WARN_UNUSED;

/* Appends to out the display text of words first..last-1 (0-based; last
 * may be SIZE_MAX), trimmed of spaces and path separators. */
kh_rc kh_extract_dump_line_words(const char *disp, size_t disp_len, size_t first, size_t last,
                                 kh_buf *out) KH_WARN_UNUSED;

/* Appends to out the value of "label: value" (the text after the first
 * colon), trimmed. */
kh_rc kh_extract_dump_line_after_colon(const char *disp, size_t disp_len,
                                       kh_buf *out) KH_WARN_UNUSED;

/* Appends to out the date of a DATE line with match form m as ISO 8601
 * ("2025-04-17" or "2025-04-17T10:30"); appends nothing when the line has
 * no full Gregorian date. */
kh_rc kh_extract_dump_line_date(const kh_extract_vocab *v, const char *m, size_t m_len,
                                kh_buf *out) KH_WARN_UNUSED;

/* Appends to out the outlet named by a logo line: the display form without
 * the word "logo"/"شعار", without harakat and tatweel. */
kh_rc kh_extract_dump_line_outlet(const char *disp, size_t disp_len, kh_buf *out) KH_WARN_UNUSED;

/* ---- a text dump being read (dump.c decides the roles, dump_fill.c
 * turns them into the article) ---- */

#define KH_EXTRACT_NONE SIZE_MAX /* no such line */

typedef struct kh_extract_dump_page {
    const char *text; /* borrows the caller's input */
    size_t len;
    kh_extract_line *lines; /* owns: the non-empty lines */
    size_t n, cap;
    kh_arena scratch;    /* owns the lines' keys */
    kh_extract_vocab *v; /* owns */
    kh_buf d, m;         /* scratch: display and match form of one line */
    size_t title, crumb; /* line indexes or NONE */
} kh_extract_dump_page;

/* The page's section (label line, breadcrumb or section line near the
 * title) into a->section; its match form into key. */
kh_rc kh_extract_dump_fill_section(kh_extract_dump_page *p, kh_article *a,
                                   kh_buf *key) KH_WARN_UNUSED;
/* The first date line before line end into a->published (ISO 8601). */
kh_rc kh_extract_dump_fill_published(kh_extract_dump_page *p, kh_article *a,
                                     size_t end) KH_WARN_UNUSED;
/* Title, outlet, teaser, captions, subheadings, body, see-also, related and
 * the line roles from the decided roles into a. */
kh_rc kh_extract_dump_fill(kh_extract_dump_page *p, kh_article *a) KH_WARN_UNUSED;

#endif
