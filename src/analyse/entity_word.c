/*
 * src/analyse/entity_word.c - the word tests that decide where a name
 * span begins and ends when entity.c turns the tagger's B/I tags into
 * surface forms: joints inside Arabic names (بن، آل، أبو), time words,
 * titles that never end a person's name, adjectives of places named after
 * someone, a clitic glued to an opening quote, invisible characters at a
 * word's edges.
 *
 * Fits: called by entity.c only (entity_int.h); no state, word lists in
 * match form (kh_text_normalize: ا for every alef, ه for ة, ي for ى).
 * Depends on: text.
 */
#include "analyse/entity_int.h"
#include "text/text.h"

#include <stdint.h>
#include <string.h>

/* Words that join the parts of one Arabic name (match forms): a cut never
 * falls next to them. */
int kh_entity_word_joint(const char *w, size_t len)
{
    static const char *const joints[] = {"بن", "ابن", "بنت", "ال", "ابو", "ام", "عبد", "بو", NULL};
    for (size_t i = 0; joints[i]; i++)
        if (strlen(joints[i]) == len && memcmp(joints[i], w, len) == 0)
            return 1;
    return 0;
}

int kh_entity_word_inner_joint(const char *w)
{
    return strcmp(w, "بن") == 0 || strcmp(w, "بنت") == 0 || strcmp(w, "ال") == 0;
}

/* A word that can be part of a name: Arabic letters only, and no stop
 * word. */
int kh_entity_word_name(const char *w)
{
    size_t len = strlen(w);
    if (len < 2 || kh_text_is_stopword(w, len))
        return 0;
    for (const unsigned char *p = (const unsigned char *)w; *p; p += 2)
        if ((p[0] != 0xD8 && p[0] != 0xD9) || !p[1] || (p[0] == 0xD9 && p[1] > 0x8A) ||
            (p[0] == 0xD8 && p[1] < 0xA1))
            return 0;
    return 1;
}

/* Words of the time of day or the day itself, as match forms. */
int kh_entity_word_time(const char *w)
{
    static const char *const words[] = {"صباح",  "مساء", "ظهر", "عصر",  "فجر",   "ليله",
                                        "اليوم", "امس",  "غدا", "الان", "صباحا", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strcmp(words[i], w) == 0)
            return 1;
    return 0;
}

/* A title that comes before a name and is no one's surname: the construct
 * forms (رئيس الهيئة، ولي العهد, never a name's last word; نظيره and زميله,
 * "his counterpart", "his colleague") and a few definite titles.  Titles that are also family names
 * (القاضي، السيد، الشيخ، المهندس، السلطان) are left alone.  Match forms. */
int kh_entity_word_role(const char *w)
{
    static const char *const roles[] = {
        "ولي",     "رييس",     "نايب",  "وزير",   "وزيره",    "مدير",   "مديره",  "مستشار",
        "سفير",    "محافظ",    "قايد",  "د",      "المستشار", "الوزير", "الرييس", "النايب",
        "الدكتور", "الدكتوره", "نظيره", "نظيرته", "زميله",    "زميلته", NULL};
    /* «وولي العهد»: the same after و. */
    const char *bare = strncmp(w, "و", 2) == 0 ? w + 2 : NULL;
    for (size_t i = 0; roles[i]; i++)
        if (strcmp(roles[i], w) == 0 || (bare && strcmp(roles[i], bare) == 0))
            return 1;
    return 0;
}

/* A word's display form without the no-break spaces and direction marks
 * (U+00A0, U+200B-U+200F) that pages leave at its edges: the tokenizer
 * splits at plain spaces only.  Sets *from to the first byte kept and
 * returns the length kept. */
size_t kh_entity_word_trim_invisible(const char *d, size_t dl, const char **from)
{
    for (;;) {
        const unsigned char *u = (const unsigned char *)d;
        if (dl >= 2 && u[0] == 0xC2 && u[1] == 0xA0) {
            d += 2;
            dl -= 2;
        } else if (dl >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8F) {
            d += 3;
            dl -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        const unsigned char *u = (const unsigned char *)d;
        if (dl >= 2 && u[dl - 2] == 0xC2 && u[dl - 1] == 0xA0)
            dl -= 2;
        else if (dl >= 3 && u[dl - 3] == 0xE2 && u[dl - 2] == 0x80 && u[dl - 1] >= 0x8B &&
                 u[dl - 1] <= 0x8F)
            dl -= 3;
        else
            break;
    }
    *from = d;
    return dl;
}

/* Adjectives that follow the name of an airport, a hospital, a university
 * or a city named after a person (مطار ... الدولي، مستشفى ... التخصصي،
 * مدينة ... الطبية، المستشفى الجامعي), never a person's own name. */
int kh_entity_word_facility(const char *w)
{
    static const char *const adjectives[] = {"الدولي", "الدوليه", "التخصصي", "الجامعي",
                                             "الطبيه", "الطبي",   NULL};
    for (size_t i = 0; adjectives[i]; i++)
        if (strcmp(adjectives[i], w) == 0)
            return 1;
    return 0;
}

/* Bytes of display form d[0..dl) and of match form w to skip when the word
 * is a proclitic run (و ف ب ل ك, ال) glued to an opening quote: «لـ«الشرق»
 * is الشرق.  Match forms write every quote mark as '"'; 0 when there is
 * none, or nothing after it. */
size_t kh_entity_word_quote_skip(const char *d, size_t dl, const char *w, size_t *w_skip)
{
    static const char clitic_letters_utf8[] = "وفبلكا";
    const char *q = strchr(w, '"');
    *w_skip = 0;
    if (!q || q == w || (size_t)(q - w) > 6 || !q[1])
        return 0;
    for (const char *p = w; p < q;) {
        if (*p == '(') { /* «لـ(«الشرق» */
            p++;
            continue;
        }
        if (q - p < 2 || !memmem(clitic_letters_utf8, sizeof clitic_letters_utf8 - 1, p, 2))
            return 0;
        p += 2;
    }
    /* The display form's quote: the first byte that is '"', '\'' or the
     * start of « » (C2 AB / C2 BB) or of “ ” „ (E2 80 9C..9E). */
    for (size_t b = 0; b < dl && b < 16; b++) {
        unsigned char c = (unsigned char)d[b];
        size_t qlen = 0;
        if (c == '"' || c == '\'')
            qlen = 1;
        else if (c == 0xC2 && b + 1 < dl &&
                 ((unsigned char)d[b + 1] == 0xAB || (unsigned char)d[b + 1] == 0xBB))
            qlen = 2;
        else if (c == 0xE2 && b + 2 < dl && (unsigned char)d[b + 1] == 0x80 &&
                 (unsigned char)d[b + 2] >= 0x9C && (unsigned char)d[b + 2] <= 0x9E)
            qlen = 3;
        if (qlen) {
            if (b + qlen >= dl)
                return 0;
            *w_skip = (size_t)(q + 1 - w);
            return b + qlen;
        }
    }
    return 0;
}

/* Byte offset after the first `letters` letters of d[0..n) and the marks
 * (harakat, U+064B-U+065F, U+0670) that follow them. */
size_t kh_entity_word_skip_letters(const char *d, size_t n, size_t letters)
{
    size_t pos = 0;
    uint32_t cp;
    while (letters > 0 && kh_text_utf8_next(d, n, &pos, &cp)) {
        letters--;
        size_t save = pos;
        while (kh_text_utf8_next(d, n, &pos, &cp) && ((cp >= 0x64B && cp <= 0x65F) || cp == 0x670))
            save = pos;
        pos = save;
    }
    return pos;
}
