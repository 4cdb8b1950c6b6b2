/*
 * src/text/tokenize.c - splits a text into Arabic words, Latin words,
 * numbers and punctuation marks.
 *
 * Input is normally a match form (kh_text_normalize), but the tokenizer
 * also works on display text: it accepts harakat, tatweel and Quranic marks
 * inside Arabic words, presentation forms as letters and the three kinds of
 * digits, so offsets found in display text can be shown as they are.
 *
 * Fits: after normalize; its tokens go to stopwords, stem, the entity finder
 * and the duplicate/shingle keys.  Depends on: core, utf8proc.
 *
 * Method: a scanner over code points with no state but *pos.  A token is the
 * longest run of one class: Arabic letters (and the marks inside them);
 * Latin or other-script letters and digits; digits with ',' '.' (or the Arabic
 * separators ٫ ٬) between two digits, so 3.5 and 1,000 stay one number, and a
 * number that runs into Latin letters (4g, 19th) becomes one Latin word.
 * Anything else visible is one punctuation token per code point; white space
 * and invisible controls are skipped.
 */
#include "text/text.h"
#include "text/text_int.h"

#include <utf8proc.h>

/* ---- static prototypes ---- */

static int is_other_letter(uint32_t cp);
static int is_other_mark(uint32_t cp);
static int is_number_sep(uint32_t cp);
static inline uint32_t peek(const unsigned char *s, size_t n, size_t i, size_t *next);
static inline int common_letter_at(const unsigned char *p);

/* ---- public functions ---- */

int kh_text_tokenize_next(const char *str, size_t n, size_t *pos, kh_token *tok)
{
    if (!str || !pos || !tok)
        return 0;
    const unsigned char *s = (const unsigned char *)str;
    size_t i = *pos;
    while (i < n) {
        size_t start = i, next;
        /* The two commonest starts of a match form without the general
         * tests: a plain space, and one of the letters U+0621..U+064A
         * (what the tests below would find for them). */
        if (s[i] == ' ') {
            i++;
            continue;
        }
        uint32_t cp;
        kh_token_kind kind;
        if (i + 1 < n && (s[i] == 0xD8 || s[i] == 0xD9) && (s[i + 1] & 0xC0) == 0x80 &&
            (cp = ((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)) >= 0x0621 && cp <= 0x064A &&
            cp != 0x0640) {
            next = i + 2;
        } else {
            cp = peek(s, n, i, &next);
            if (cp_is_space(cp) || cp_is_invisible(cp) || cp_is_arabic_mark(cp)) {
                i = next; /* a mark with no letter before it is dropped like a space */
                continue;
            }
        }
        i = next;
        if (cp_is_arabic_letter(cp)) {
            kind = KH_TOKEN_ARABIC;
            while (i < n) {
                /* The common letters U+0621..U+064A (tatweel aside), two
                 * bytes each, without the general decoder. */
                while (i + 1 < n && common_letter_at(s + i))
                    i += 2;
                if (i >= n || s[i] < 0x80)
                    break; /* ASCII is neither a letter, a mark nor a joiner of a word */
                cp = peek(s, n, i, &next);
                if (cp == 0x200C || cp == 0x200D) {
                    /* ZWNJ/ZWJ inside a word (Persian spellings) stay in it, as
                     * the match form, which removes them, keeps one word. */
                    size_t after;
                    if (next < n && cp_is_arabic_letter(peek(s, n, next, &after))) {
                        i = next;
                        continue;
                    }
                    break;
                }
                if (!cp_is_arabic_letter(cp) && !cp_is_arabic_mark(cp))
                    break;
                i = next;
            }
        } else if (cp_is_digit(cp)) {
            kind = KH_TOKEN_NUMBER;
            while (i < n) {
                cp = peek(s, n, i, &next);
                if (cp_is_digit(cp)) {
                    i = next;
                    continue;
                }
                size_t after;
                if (is_number_sep(cp) && next < n && cp_is_digit(peek(s, n, next, &after))) {
                    i = after;
                    continue;
                }
                if (cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : is_other_letter(cp))
                    kind = KH_TOKEN_LATIN;
                break;
            }
        } else if (cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : is_other_letter(cp)) {
            kind = KH_TOKEN_LATIN;
        } else {
            kind = KH_TOKEN_PUNCT;
        }
        if (kind == KH_TOKEN_LATIN) {
            while (i < n) {
                cp = peek(s, n, i, &next);
                if (cp < 0x80) {
                    if (!((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') && !(cp >= '0' && cp <= '9'))
                        break;
                } else if (!is_other_letter(cp) && !is_other_mark(cp) && !cp_is_digit(cp)) {
                    break;
                }
                i = next;
            }
        }
        tok->off = start;
        tok->len = i - start;
        tok->kind = kind;
        *pos = i;
        return 1;
    }
    *pos = i;
    return 0;
}

/* ---- static functions ---- */

/* A letter of a script other than Arabic (Latin, Greek, Cyrillic...). */
static int is_other_letter(uint32_t cp)
{
    if (cp_is_arabic_letter(cp) || cp == KH_TEXT_REPLACEMENT)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* A combining mark that is not Arabic (accents left in decomposed text). */
static int is_other_mark(uint32_t cp)
{
    if (cp_is_arabic_mark(cp))
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

static int is_number_sep(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == 0x066B || cp == 0x066C;
}

/* Whether p[0..2) is a letter U+0621..U+064A other than tatweel.  One
 * test of the lead for D8 and D9 (the lead alternates between the two as
 * the letters do, which a branch on each would mispredict). */
static inline int common_letter_at(const unsigned char *p)
{
    if (p[0] - 0xD8u > 1u || (p[1] & 0xC0) != 0x80)
        return 0;
    uint32_t cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    return cp - 0x0621u <= 0x29u && cp != 0x0640;
}

/* The code point at s[i] (i < n) and where the next one starts. */
static inline uint32_t peek(const unsigned char *s, size_t n, size_t i, size_t *next)
{
    uint32_t cp;
    if (s[i] < 0x80) {
        *next = i + 1;
        return s[i];
    }
    *next = i;
    utf8_decode(s, n, next, &cp);
    return cp;
}
