/*
 * src/text/text.h - Arabic text analysis: safe UTF-8 decoding,
 * normalisation for matching, tokenising, stemming, stop words and
 * sentence splitting.
 *
 * Two forms of a text travel through khabar: the display form (what the
 * outlet wrote, made valid UTF-8 and stripped of invisible controls) and the
 * match form (kh_text_normalize: one spelling per word, for keys, indexes and
 * comparison only; never shown).  Offsets into either are byte offsets.
 * Depends on: core.
 */
#ifndef KH_TEXT_H
#define KH_TEXT_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 (text/utf8.c) ---- */

#define KH_TEXT_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[*pos], advancing *pos.  Invalid, truncated,
 * overlong and surrogate sequences decode as U+FFFD and advance one byte.
 * Returns 0 at the end, 1 for a valid code point, -1 for a replaced one. */
int kh_text_utf8_next(const char *s, size_t n, size_t *pos, uint32_t *cp);
/* Appends cp to out as UTF-8. */
kh_rc kh_text_utf8_put(kh_buf *out, uint32_t cp) KH_WARN_UNUSED;
/* Appends a valid UTF-8 copy of in to out: bad sequences become U+FFFD, NULs
 * are dropped; *n_bad (may be NULL) gets the number of replaced or dropped
 * sequences. */
kh_rc kh_text_utf8_clean(const char *in, size_t n, kh_buf *out, size_t *n_bad) KH_WARN_UNUSED;

/* ---- normalisation (text/normalize.c) ---- */

/* Appends the match form of in to out: compatibility forms (presentation
 * forms FB50-FDFF, FE70-FEFF) folded, harakat, Quranic marks and tatweel
 * removed, alef variants to ا, ى to ي, ة to ه, ؤ to و, ئ to ي, Persian and
 * Urdu letters to their Arabic counterparts, Arabic-Indic and Eastern digits
 * to ASCII, Arabic punctuation to ASCII, zero-width and bidi controls
 * removed, Latin lower-cased, runs of white space to one space, trimmed.
 * Invalid UTF-8 is replaced as by kh_text_utf8_clean.  in must not point
 * into out (out may move as it grows). */
kh_rc kh_text_normalize(const char *in, size_t n, kh_buf *out) KH_WARN_UNUSED;
/* Appends the display form of in to out: valid UTF-8, presentation forms
 * folded, invisible controls removed, white space runs collapsed, trimmed;
 * letters, hamzas and diacritics kept as written.  A white-space run that
 * holds a line break becomes one "\n" (the sentence splitter needs them);
 * other runs become one space. */
kh_rc kh_text_clean_display(const char *in, size_t n, kh_buf *out) KH_WARN_UNUSED;

/* ---- tokens (text/tokenize.c) ---- */

typedef enum kh_token_kind {
    KH_TOKEN_ARABIC = 1,
    KH_TOKEN_LATIN,
    KH_TOKEN_NUMBER,
    KH_TOKEN_PUNCT /* one punctuation mark: . , ; : ? ! " ( ) and so on */
} kh_token_kind;

typedef struct kh_token {
    size_t off; /* byte offset in the text tokenised */
    size_t len;
    kh_token_kind kind;
} kh_token;

/* Finds the next token of s (normally a match form) at or after *pos.
 * Returns 1 and fills tok, or 0 at the end. */
int kh_text_tokenize_next(const char *s, size_t n, size_t *pos, kh_token *tok);

/* ---- stems (text/stem.c) ---- */

typedef enum kh_stem_kind {
    KH_STEM_LIGHT = 1, /* clitic-aware light stemmer: strips و ال ب ك ل ف prefixes, suffixes */
    KH_STEM_SNOWBALL   /* Snowball's Arabic stemmer (libstemmer) */
} kh_stem_kind;

typedef struct kh_stemmer kh_stemmer; /* not shared between threads */

kh_stemmer *kh_text_stemmer_new(kh_stem_kind kind);
void kh_text_stemmer_free(kh_stemmer *s);
/* Stems one match-form token into out (NUL-terminated, at most out_cap
 * bytes); returns the stem's length.  Tokens that are not Arabic are copied
 * unchanged (cut at out_cap - 1). */
size_t kh_text_stem(kh_stemmer *s, const char *tok, size_t len, char *out, size_t out_cap);

/* ---- stop words (text/stopwords.c) ---- */

/* True when the match-form token is an Arabic (or English) function word. */
int kh_text_is_stopword(const char *tok, size_t len);
/* The stop word table, sorted in byte order (for tests and for tools that
 * want to print it): its size, and entry i or NULL past the end. */
size_t kh_text_stopword_count(void);
const char *kh_text_stopword_at(size_t i);

/* ---- sentences (text/sentence.c) ---- */

/* Finds the next sentence of display text s at or after *pos: ends at . ! ?
 * ؟ ; ؛ or a line break, not inside quotation marks or after a number's
 * decimal point or an abbreviation.  Sets *start and *len (trimmed) and
 * returns 1, or returns 0 at the end. */
int kh_text_sentence_next(const char *s, size_t n, size_t *pos, size_t *start, size_t *len);

#endif
