/*
 * src/text/sentence.c - splits display text into sentences.
 *
 * Used where a sentence is the unit: the lead of an article, quotation
 * attribution, snippets for search results.  Works on the display form
 * (kh_text_clean_display), whose line breaks mark paragraphs.
 *
 * Fits: text stage; called by analyse and serve.  Depends on: core.
 *
 * Method: a scan over code points.  A sentence ends at a line break, or
 * after a run of . ! ? ؟ ; ؛ … unless that point is
 *   - inside quotation marks (« » counted as a nesting pair, “ ” and " each
 *     toggled, since outlets type the curly pair in either order), unless
 *     the quotation has run on for more than QUOTE_LONG bytes: an unclosed
 *     quote must not swallow the article;
 *   - a '.' between two digits (3.5), or followed directly by a digit or a
 *     Latin letter (cnn.com), or by an Arabic letter after a Latin one; an
 *     Arabic word or a number, a '.' and an Arabic letter is a stop typed
 *     without its space («المصابين.وقال»: 8% of a day's articles have one);
 *   - a '.' after a one-letter word (د. for doctor, U.S.) or after a common
 *     Latin title (Mr. Dr. Gen.), unless the letter follows a number (2015 م.).
 * A closing quotation mark right after a terminator ends the sentence with
 * it («...انتهى.» then a new sentence).  Closing brackets and quotes after
 * the terminator run stay with the sentence.
 */
#include "text/text.h"
#include "text/text_int.h"

#include <string.h>

#define QUOTE_LONG 600

/* ---- static prototypes ---- */

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *next);
static uint32_t cp_before(const char *s, size_t from, size_t i, size_t *prev);
static int is_terminator(uint32_t cp);
static int is_newline(uint32_t cp);
static int is_closer(uint32_t cp);
static int is_letter(uint32_t cp);
static int period_is_abbrev(const char *s, size_t from, size_t dot);

/* ---- public functions ---- */

int kh_text_sentence_next(const char *s, size_t n, size_t *pos, size_t *start, size_t *len)
{
    if (!s || !pos || !start || !len)
        return 0;
    size_t i = *pos, next;
    /* Skip leading white space and invisibles. */
    while (i < n) {
        uint32_t cp = cp_at(s, n, i, &next);
        if (!cp_is_space(cp) && !cp_is_invisible(cp))
            break;
        i = next;
    }
    if (i >= n) {
        *pos = n;
        return 0;
    }
    size_t st = i, end = n, resume = n;
    int guil = 0, curly = 0, dq = 0;
    size_t q_open = 0;
    uint32_t last_vis = 0; /* last non-space code point */
    while (i < n) {
        uint32_t cp = cp_at(s, n, i, &next);
        if (is_newline(cp)) {
            end = i;
            resume = next;
            break;
        }
        int was_inside = guil || curly || dq;
        int closes = 0;
        if (cp == 0xAB) {
            guil++;
        } else if (cp == 0xBB) {
            closes = guil > 0;
            if (guil > 0)
                guil--;
        } else if (cp == 0x201C || cp == 0x201D) {
            closes = curly;
            curly = !curly;
        } else if (cp == '"') {
            closes = dq;
            dq = !dq;
        }
        int inside = guil || curly || dq;
        if (inside && !was_inside)
            q_open = i;
        if (closes && !inside && is_terminator(last_vis)) {
            end = next; /* «...انتهى.» ends here */
            resume = next;
            break;
        }
        if (is_terminator(cp) && !(inside && i - q_open < QUOTE_LONG)) {
            int ends = 1;
            if (cp == '.') {
                size_t after, before, before2;
                uint32_t nx = next < n ? cp_at(s, n, next, &after) : 0;
                uint32_t pv = cp_before(s, st, i, &before);
                uint32_t pv2 = before > st ? cp_before(s, st, before, &before2) : 0;
                /* «المصابين.وقال»: a stop typed without its space between
                 * Arabic words (of 2+ letters: ق.م. is an abbreviation) or
                 * after a number still ends a sentence. */
                int glued =
                    cp_is_arabic_letter(nx) &&
                    ((cp_is_arabic_letter(pv) && cp_is_arabic_letter(pv2)) || cp_is_digit(pv));
                if (cp_is_digit(nx) || (is_letter(nx) && !glued) || period_is_abbrev(s, st, i))
                    ends = 0;
            }
            if (ends) {
                /* Take the run of terminators and the closers after it. */
                size_t j = next;
                while (j < n) {
                    size_t k;
                    uint32_t c2 = cp_at(s, n, j, &k);
                    if (!is_terminator(c2) && !is_closer(c2))
                        break;
                    j = k;
                }
                end = j;
                resume = j;
                break;
            }
        }
        if (!cp_is_space(cp))
            last_vis = cp;
        i = next;
    }
    /* Trim trailing white space and invisibles. */
    while (end > st) {
        size_t prev;
        uint32_t cp = cp_before(s, st, end, &prev);
        if (!cp_is_space(cp) && !cp_is_invisible(cp))
            break;
        end = prev;
    }
    *pos = resume; /* end > st: the code point at st is visible */
    *start = st;
    *len = end - st;
    return 1;
}

/* ---- static functions ---- */

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *next)
{
    uint32_t cp;
    *next = i;
    utf8_decode((const unsigned char *)s, n, next, &cp);
    return cp;
}

/* The code point that ends just before byte i (from <= its start), and
 * where it starts; 0 at from. */
static uint32_t cp_before(const char *s, size_t from, size_t i, size_t *prev)
{
    if (i <= from) {
        *prev = from;
        return 0;
    }
    size_t j = i - 1;
    while (j > from && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    size_t k = j;
    uint32_t cp;
    utf8_decode((const unsigned char *)s, i, &k, &cp);
    if (k != i) { /* not a whole character: step back one byte */
        j = i - 1;
        cp = KH_TEXT_REPLACEMENT;
    }
    *prev = j;
    return cp;
}

static int is_terminator(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == 0x061F || cp == 0x061B ||
           cp == 0x06D4 || cp == 0x2026;
}

static int is_newline(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static int is_closer(uint32_t cp)
{
    return cp == ')' || cp == ']' || cp == 0xBB || cp == 0x201D || cp == '"' || cp == '\'';
}

static int is_letter(uint32_t cp)
{
    return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || cp_is_arabic_letter(cp);
}

/* True when the '.' at dot closes an abbreviation: a one-letter word (with
 * tatweel allowed, as in هـ.) not after a number, or a Latin title. */
static int period_is_abbrev(const char *s, size_t from, size_t dot)
{
    static const char *const titles[] = {"mr",  "mrs", "ms",  "dr",  "prof", "st", "jr",
                                         "sr",  "vs",  "etc", "inc", "ltd",  "co", "gen",
                                         "col", "lt",  "gov", "sen", "rep",  "no", NULL};
    size_t i = dot, prev;
    uint32_t cp = cp_before(s, from, i, &prev);
    while (cp == 0x0640) { /* tatweel */
        i = prev;
        cp = cp_before(s, from, i, &prev);
    }
    if (!is_letter(cp))
        return 0;
    size_t word_end = i, word_start = prev, n_letters = 0;
    while (is_letter(cp) || cp_is_arabic_mark(cp)) {
        n_letters += is_letter(cp);
        word_start = prev;
        cp = cp_before(s, from, word_start, &prev);
    }
    if (n_letters == 1) {
        /* What came before the letter: a number means a unit or era (م). */
        size_t p2 = word_start;
        uint32_t c2 = cp_before(s, from, p2, &prev);
        while (c2 && cp_is_space(c2)) {
            p2 = prev;
            c2 = cp_before(s, from, p2, &prev);
        }
        return !cp_is_digit(c2);
    }
    if (word_end - word_start > 4)
        return 0;
    char low[5];
    size_t k = 0;
    for (size_t j = word_start; j < word_end; j++) {
        unsigned char c = (unsigned char)s[j];
        if (c >= 0x80)
            return 0;
        low[k++] = (char)(c | 0x20);
    }
    low[k] = '\0';
    for (size_t t = 0; titles[t]; t++)
        if (strcmp(low, titles[t]) == 0)
            return 1;
    return 0;
}
