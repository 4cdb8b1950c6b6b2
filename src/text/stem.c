/*
 * src/text/stem.c - stems of match-form Arabic tokens, two ways.
 *
 * Clustering compares words, and Arabic glues conjunctions, prepositions,
 * the article and pronouns onto them: والرئيس، للرئيس، رئيسها are all the
 * president.  A stem removes those clitics so the three count as one word.
 *
 * Fits: called by analyse and group on tokens from kh_text_tokenize_next
 * over a match form (after the stop word check).  Depends on: core,
 * libstemmer.
 *
 * Method.  KH_STEM_LIGHT is khabar's own light stemmer in the spirit of
 * Larkey's light10: it removes clitics and inflectional endings only, never
 * infixes, and never leaves fewer than 2 (after the article) or 3 letters:
 *   1. the article with what may precede it: وبال فبال وكال ولل فلل وال بال
 *      كال فال لل ال;
 *   2. else the conjunction و when at least three letters follow and the word
 *      does not begin a common noun whose first letter is a radical و
 *      (وزير، وكالة، واشنطن...); ف ب ك ل alone are too often radicals
 *      (فرنسا، بريطانيا، كوريا، لبنان) to strip without a lexicon;
 *   3. one object or possessive pronoun: هما ها هم هن, or كم كن نا when four
 *      letters remain, then a ت left by ة before the pronoun (مدينتها);
 *   4. one plural or dual ending: تين تان ات ون ين ان;
 *   5. one nisba, feminine or accusative ending: يه ه يا ي ا, and after it
 *      once more ين ان ون, so that فلسطين، فلسطيني، فلسطينيون and فلسطينية
 *      meet, روسيا meets روسي, امريكا meets امريكي and عاما meets عام.
 * Words ending in الله are left whole (عبدالله).
 * Single ك and ني are not stripped (بنك، ملك، الثاني).  KH_STEM_SNOWBALL is
 * libstemmer's "arabic" algorithm, which also normalises and removes more
 * (وروبيو becomes روب); which clusters better is measured by the group stage,
 * see docs/text.md.
 */
#include "core/alloc.h"
#include "text/text.h"
#include "text/text_int.h"

#include <libstemmer.h>
#include <string.h>

/* ---- types ---- */

#define MAX_BYTES 128 /* longer tokens are not words; they are copied */

struct kh_stemmer {
    kh_stem_kind kind;
    struct sb_stemmer *sb; /* owns; NULL for KH_STEM_LIGHT */
};

/* A word being stemmed: bytes [off, off + len) of buf.  Every letter of a
 * match-form Arabic word is two bytes (U+0600-U+07FF), so affixes are
 * compared as bytes and lengths in letters are len / 2. */
/* An affix with its byte length, so matching needs no strlen. */
typedef struct affix {
    const char *s;
    size_t len;
} affix;
#define AFFIX(lit)                                                                                 \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

typedef struct word {
    const char *buf; /* borrows the token */
    size_t off, len;
} word;

/* ---- static prototypes ---- */

static int is_arabic_word(const char *tok, size_t len);
static size_t ends_with(const word *w, const affix *a, size_t min_rest);
static size_t starts_with(const word *w, const affix *a);
static int same_bytes(const char *a, const char *b, size_t n);
static int strip_one(word *w, const affix *list, size_t min_rest);
static void light_stem(word *w);
static size_t copy_out(const char *s, size_t len, char *out, size_t out_cap);

/* ---- tables ---- */

static const affix article_prefixes[] = {AFFIX("وبال"), AFFIX("فبال"), AFFIX("وكال"), AFFIX("ولل"),
                                         AFFIX("فلل"),  AFFIX("وال"),  AFFIX("بال"),  AFFIX("كال"),
                                         AFFIX("فال"),  AFFIX("لل"),   AFFIX("ال"),   {NULL, 0}};

/* Words that begin with a radical و (match form, compared as prefixes). */
static const affix waw_words[] = {
    AFFIX("واجه"), AFFIX("واحد"), AFFIX("وادي"), AFFIX("وارد"), AFFIX("واشنطن"), AFFIX("واضح"),
    AFFIX("واقع"), AFFIX("والد"), AFFIX("والي"), AFFIX("وثيق"), AFFIX("وجه"),    AFFIX("وجود"),
    AFFIX("وحد"),  AFFIX("وحش"),  AFFIX("وداع"), AFFIX("ورش"),  AFFIX("ورق"),    AFFIX("وراء"),
    AFFIX("وزار"), AFFIX("وزرا"), AFFIX("وزير"), AFFIX("وسط"),  AFFIX("وسيل"),   AFFIX("وصف"),
    AFFIX("وصل"),  AFFIX("وصول"), AFFIX("وضع"),  AFFIX("وطن"),  AFFIX("وظيف"),   AFFIX("وعد"),
    AFFIX("وفا"),  AFFIX("وفد"),  AFFIX("وفق"),  AFFIX("وقت"),  AFFIX("وقع"),    AFFIX("وقف"),
    AFFIX("وقود"), AFFIX("وكال"), AFFIX("وكيل"), AFFIX("ولاي"), AFFIX("ولد"),    AFFIX("ولي"),
    {NULL, 0}};

static const affix pronouns3[] = {
    AFFIX("هما"), AFFIX("ها"), AFFIX("هم"), AFFIX("هن"), {NULL, 0}}; /* 3 letters remain */
static const affix pronouns4[] = {
    AFFIX("كم"), AFFIX("كن"), AFFIX("نا"), {NULL, 0}}; /* 4 letters remain */
static const affix plurals[] = {AFFIX("تين"), AFFIX("تان"), AFFIX("ات"), AFFIX("ون"),
                                AFFIX("ين"),  AFFIX("ان"),  {NULL, 0}};
static const affix nisbas[] = {AFFIX("يه"), AFFIX("ه"), AFFIX("يا"),
                               AFFIX("ي"),  AFFIX("ا"), {NULL, 0}};
static const affix plurals_after_nisba[] = {AFFIX("ين"), AFFIX("ان"), AFFIX("ون"), {NULL, 0}};

/* ---- public functions ---- */

kh_stemmer *kh_text_stemmer_new(kh_stem_kind kind)
{
    if (kind != KH_STEM_LIGHT && kind != KH_STEM_SNOWBALL)
        return NULL;
    kh_stemmer *s = kh_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    if (kind == KH_STEM_SNOWBALL) {
        s->sb = sb_stemmer_new("arabic", "UTF_8");
        if (!s->sb) {
            kh_free(s);
            return NULL;
        }
    }
    return s;
}

void kh_text_stemmer_free(kh_stemmer *s)
{
    if (!s)
        return;
    if (s->sb)
        sb_stemmer_delete(s->sb);
    kh_free(s);
}

size_t kh_text_stem(kh_stemmer *s, const char *tok, size_t len, char *out, size_t out_cap)
{
    if (!out || out_cap == 0)
        return 0;
    if (!s || !tok) {
        out[0] = '\0';
        return 0;
    }
    if (!is_arabic_word(tok, len))
        return copy_out(tok, len, out, out_cap);
    if (s->kind == KH_STEM_SNOWBALL) {
        const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)tok, (int)len);
        if (!r) /* out of memory inside libstemmer: the token is its own stem */
            return copy_out(tok, len, out, out_cap);
        return copy_out((const char *)r, (size_t)sb_stemmer_length(s->sb), out, out_cap);
    }
    word w = {tok, 0, len};
    light_stem(&w);
    return copy_out(tok + w.off, w.len, out, out_cap);
}

/* ---- static functions ---- */

/* True when tok is made only of two-byte Arabic letters (a match-form
 * Arabic word) and is not too long to be one. */
static int is_arabic_word(const char *tok, size_t len)
{
    if (len == 0 || len > MAX_BYTES || len % 2)
        return 0;
    const unsigned char *t = (const unsigned char *)tok;
    for (size_t i = 0; i < len; i += 2) {
        if (t[i] < 0xD8 || t[i] > 0xDD || (t[i + 1] & 0xC0) != 0x80)
            return 0;
        uint32_t cp = ((t[i] & 0x1Fu) << 6) | (t[i + 1] & 0x3Fu);
        if (!cp_is_arabic_letter(cp))
            return 0;
    }
    return 1;
}

/* The byte length of suffix when w ends with it and at least min_rest
 * letters stay; else 0. */
static size_t ends_with(const word *w, const affix *a, size_t min_rest)
{
    const char *end = w->buf + w->off + w->len;
    if (w->len < a->len + 2 * min_rest || end[-1] != a->s[a->len - 1])
        return 0; /* the last byte tells most Arabic letters apart: a cheap reject */
    return same_bytes(w->buf + w->off + w->len - a->len, a->s, a->len) ? a->len : 0;
}

/* The byte length of prefix when w begins with it; else 0. */
static size_t starts_with(const word *w, const affix *a)
{
    if (w->len < a->len || w->buf[w->off + 1] != a->s[1])
        return 0;
    return same_bytes(w->buf + w->off, a->s, a->len) ? a->len : 0;
}

/* Affixes are 2-8 bytes: a loop beats a call to memcmp. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Removes the first suffix of list that fits; returns 1 if one did. */
static int strip_one(word *w, const affix *list, size_t min_rest)
{
    for (size_t i = 0; list[i].s; i++) {
        size_t k = ends_with(w, &list[i], min_rest);
        if (k) {
            w->len -= k;
            return 1;
        }
    }
    return 0;
}

static void light_stem(word *w)
{
    /* الله is not ال + له, and its ه is not a suffix (عبدالله، بالله). */
    if (w->len >= 8 && memcmp(w->buf + w->off + w->len - 8, "الله", 8) == 0)
        return;
    int had_article = 0;
    for (size_t i = 0; article_prefixes[i].s; i++) {
        size_t k = starts_with(w, &article_prefixes[i]);
        /* The bare article may leave 2 letters (الحج); longer prefixes 3. */
        if (k && w->len >= k + (k == 4 ? 4 : 6)) {
            w->off += k;
            w->len -= k;
            had_article = 1;
            break;
        }
    }
    if (!had_article && w->len >= 8 && memcmp(w->buf + w->off, "و", 2) == 0) {
        int radical = 0;
        for (size_t i = 0; waw_words[i].s && !radical; i++)
            radical = starts_with(w, &waw_words[i]) != 0;
        if (!radical) {
            w->off += 2;
            w->len -= 2;
        }
    }
    if (strip_one(w, pronouns3, 3) || strip_one(w, pronouns4, 4)) {
        /* ة is written ت before a pronoun (مدينتها); ات is a plural. */
        static const affix ta = AFFIX("ت"), alef_ta = AFFIX("ات");
        if (ends_with(w, &ta, 3) && !ends_with(w, &alef_ta, 2))
            w->len -= 2;
    }
    strip_one(w, plurals, 3);
    if (strip_one(w, nisbas, 3))
        strip_one(w, plurals_after_nisba, 3);
}

/* Copies len bytes of s into out, cut at a character boundary so that it
 * fits with its NUL; returns the bytes copied. */
static size_t copy_out(const char *s, size_t len, char *out, size_t out_cap)
{
    if (len >= out_cap) {
        len = out_cap - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return len;
}
