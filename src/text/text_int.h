/*
 * src/text/text_int.h - helpers shared by the files of src/text only.
 *
 * The UTF-8 decoder is here as a static inline function so that the hot
 * loops of normalize.c and tokenize.c decode without a call per code point;
 * kh_text_utf8_next() in utf8.c is the same decoder behind the public name.
 * Character classes used by both the tokenizer and the sentence splitter are
 * here too, so the two agree on what a letter, a digit and a space are.
 * Depends on: core.
 */
#ifndef KH_TEXT_INT_H
#define KH_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[*pos] (*pos < n), strictly: no overlongs, no
 * surrogates, nothing above U+10FFFF, no truncated sequences.  A bad byte
 * gives U+FFFD and advances one byte; returns 1 for valid, -1 for replaced. */
static inline int utf8_decode(const unsigned char *s, size_t n, size_t *pos, uint32_t *cp)
{
    size_t i = *pos;
    unsigned b0 = s[i];
    if (b0 < 0x80) {
        *cp = b0;
        *pos = i + 1;
        return 1;
    }
    size_t left = n - i;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (left >= 2 && (s[i + 1] & 0xC0) == 0x80) {
            *cp = ((b0 & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
            *pos = i + 2;
            return 1;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (left >= 3) {
            unsigned b1 = s[i + 1], b2 = s[i + 2];
            unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80; /* E0 80..9F would be overlong */
            unsigned hi = b0 == 0xED ? 0x9F : 0xBF; /* ED A0..BF are surrogates */
            if (b1 >= lo && b1 <= hi && (b2 & 0xC0) == 0x80) {
                *cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
                *pos = i + 3;
                return 1;
            }
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (left >= 4) {
            unsigned b1 = s[i + 1], b2 = s[i + 2], b3 = s[i + 3];
            unsigned lo = b0 == 0xF0 ? 0x90 : 0x80; /* F0 80..8F would be overlong */
            unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF; /* above F4 8F is past U+10FFFF */
            if (b1 >= lo && b1 <= hi && (b2 & 0xC0) == 0x80 && (b3 & 0xC0) == 0x80) {
                *cp = ((b0 & 0x07u) << 18) | ((b1 & 0x3Fu) << 12) | ((b2 & 0x3Fu) << 6) |
                      (b3 & 0x3Fu);
                *pos = i + 4;
                return 1;
            }
        }
    }
    *cp = 0xFFFDu;
    *pos = i + 1;
    return -1;
}

/* Encodes cp (a valid scalar value) into p, returns the bytes written. */
static inline size_t utf8_encode(uint32_t cp, char *p)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | (cp >> 6));
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (char)(0xE0 | (cp >> 12));
        p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* White space, including NBSP and the Unicode spaces; line breaks too. */
static inline int cp_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Characters nobody sees: zero-width and bidi controls, the BOM, the Arabic
 * letter mark, soft hyphen, C0/C1 controls other than white space. */
static inline int cp_is_invisible(uint32_t cp)
{
    if (cp < 0x20)
        return !(cp >= 0x09 && cp <= 0x0D);
    if (cp < 0xA0)
        return cp == 0x7F || (cp >= 0x80 && cp != 0x85);
    return cp == 0xAD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Arabic letters (base and presentation forms), not marks or digits. */
static inline int cp_is_arabic_letter(uint32_t cp)
{
    if (cp >= 0x0621 && cp <= 0x064A)
        return cp != 0x0640;
    return (cp >= 0x066E && cp <= 0x066F) || (cp >= 0x0671 && cp <= 0x06D3) || cp == 0x06D5 ||
           (cp >= 0x06EE && cp <= 0x06EF) || (cp >= 0x06FA && cp <= 0x06FC) || cp == 0x06FF ||
           (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08C9) ||
           (cp >= 0xFB50 && cp <= 0xFDFB && cp != 0xFD3E && cp != 0xFD3F) ||
           (cp >= 0xFE80 && cp <= 0xFEFC);
}

/* Marks that live inside an Arabic word: harakat, Quranic marks, tatweel. */
static inline int cp_is_arabic_mark(uint32_t cp)
{
    return (cp >= 0x0610 && cp <= 0x061A) || cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) ||
           cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED && cp != 0x06DD && cp != 0x06DE) ||
           (cp >= 0x08CA && cp <= 0x08FF) || (cp >= 0xFE70 && cp <= 0xFE7F);
}

/* ASCII, Arabic-Indic and Eastern Arabic-Indic digits. */
static inline int cp_is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) ||
           (cp >= 0x06F0 && cp <= 0x06F9);
}

#endif
