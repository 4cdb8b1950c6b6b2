/*
 * src/view/fact.c - the pieces a fact is made of, for what each outlet adds
 * (unique.c): the keys a word is matched by across articles (match form,
 * without proclitics, consonant skeleton, light stem), the value of a
 * number as written in Arabic news, date words, and whether a sentence is
 * a statement at all (not a dateline, byline or caption).
 *
 * Fits: called by unique.c; the word keys are what makes زيلنسكي and
 * زيلينسكي, بالأراضي and الأراضي, أوروبا and الأوروبية one item.
 * Depends on: core, text, analyse (kh_analyse_variant_skeleton, the
 * skeleton entity variants are merged by).
 */
#include "view/view_int.h"
#include "analyse/analyse.h"

#include <stdlib.h>
#include <string.h>

/* Proclitic runs, longest first (as entity variants strip them). */
static const char *const clitics[] = {"وبال", "وال", "بال", "فال", "كال", "لل", "ال",
                                      "و",    "ب",   "ل",   "ف",   "ك",   NULL};

static size_t cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Bytes of the longest proclitic run in front of w that leaves 3+ letters. */
size_t kh_view_fact_strip_clitic(const char *w, size_t n)
{
    if ((unsigned char)w[0] < 0x80)
        return 0;
    for (size_t i = 0; clitics[i]; i++) {
        size_t cl = strlen(clitics[i]);
        if (n > cl && memcmp(w, clitics[i], cl) == 0 && cp_count(w + cl, n - cl) >= 3)
            return cl;
    }
    return 0;
}

/* The keys a word is known by: 'w' + match form, 'w' + the form without
 * proclitics, 'k' + the consonant skeleton of either when it keeps 4+
 * letters (shorter skeletons collide: بوتين and بيتان), 's' + its light
 * stem when 3+ letters (أوروبا meets الأوروبية).  Returns how many. */
size_t kh_view_fact_word_keys(kh_stemmer *st, const char *w, size_t n,
                              char keys[KH_VIEW_KEYS][KH_VIEW_KEY_MAX])
{
    size_t k = 0, cut = kh_view_fact_strip_clitic(w, n);
    if (n + 2 > KH_VIEW_KEY_MAX)
        n = KH_VIEW_KEY_MAX - 2;
    for (int pass = 0; pass < 2; pass++) {
        const char *f = w + (pass ? cut : 0);
        size_t fl = n - (pass ? cut : 0);
        if (pass && !cut)
            break;
        keys[k][0] = 'w';
        memcpy(keys[k] + 1, f, fl);
        keys[k++][fl + 1] = 0;
        if ((unsigned char)f[0] < 0x80)
            continue;
        char sk[KH_VIEW_KEY_MAX];
        size_t sl = kh_analyse_variant_skeleton(f, fl, sk, sizeof sk - 1);
        if (cp_count(sk, sl) < 4)
            continue;
        keys[k][0] = 'k';
        memcpy(keys[k] + 1, sk, sl + 1);
        k++;
    }
    if ((unsigned char)w[0] >= 0x80) {
        size_t sl = kh_text_stem(st, w, n, keys[k] + 1, KH_VIEW_KEY_MAX - 1);
        if (sl && cp_count(keys[k] + 1, sl) >= 3) {
            keys[k][0] = 's';
            k++;
        }
    }
    return k;
}

/* The value of the number token w (match form: ASCII digits, ',' and '.'),
 * times the multiplier word next (ألف, مليون, مليار and plurals).  A
 * separator followed by exactly three digits groups thousands (1,095;
 * 1.234.567), any other is a decimal point (2.5; 1,36 مليون); a lone dot
 * before three digits stays a decimal point (584.376 is read as written).
 * 0 when w is not a number. */
int kh_view_fact_number(const char *w, size_t n, const char *next, size_t next_n, double *v)
{
    static const struct {
        const char *word;
        double mul;
    } muls[] = {{"الف", 1e3},    {"الفا", 1e3},   {"الاف", 1e3},    {"مليون", 1e6},
                {"مليونا", 1e6}, {"مليوني", 1e6}, {"ملايين", 1e6},  {"مليار", 1e9},
                {"مليارا", 1e9}, {"ملياري", 1e9}, {"مليارات", 1e9}, {"بليون", 1e9}};
    char buf[64];
    size_t k = 0, seps = 0;
    if (n == 0 || n >= sizeof buf)
        return 0;
    for (size_t i = 0; i < n; i++)
        seps += w[i] == ',' || w[i] == '.';
    for (size_t i = 0; i < n; i++) {
        if (w[i] != ',' && w[i] != '.') {
            buf[k++] = w[i];
            continue;
        }
        size_t run = 0;
        while (i + 1 + run < n && w[i + 1 + run] >= '0' && w[i + 1 + run] <= '9')
            run++;
        int thousands = run == 3 && (w[i] == ',' || seps > 1);
        if (!thousands)
            buf[k++] = '.';
    }
    buf[k] = 0;
    char *end;
    *v = strtod(buf, &end);
    if (end == buf)
        return 0;
    for (size_t i = 0; next && i < sizeof muls / sizeof muls[0]; i++)
        if (strlen(muls[i].word) == next_n && memcmp(next, muls[i].word, next_n) == 0) {
            *v *= muls[i].mul;
            break;
        }
    return 1;
}

/* Month names (Gregorian, Levantine, Hijri), the era marks هـ and م, and
 * the dateline's الموافق: a number next to one is part of a date, not a
 * fact of the story (datelines: «بكين 25 شوال 1436 هـ الموافق 10 اغسطس»). */
int kh_view_fact_date_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "يناير",  "فبراير", "مارس",   "ابريل",  "مايو",    "يونيو", "يوليو",  "اغسطس",
        "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر", "كانون",   "شباط",  "اذار",   "نيسان",
        "ايار",   "حزيران", "تموز",   "اب",     "ايلول",   "تشرين", "محرم",   "صفر",
        "ربيع",   "جمادي",  "رجب",    "شعبان",  "رمضان",   "شوال",  "القعده", "الحجه",
        "ذو",     "ذي",     "ه",      "م",      "الموافق", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return 1;
    return 0;
}

/* What outlets append to an article's text and the corpus keeps in it: a
 * link to the story on their site («رابط الخبر بصحيفة الوئام: ...», 1,132
 * articles of the corpus) and a line of tags («سمات القصيم بريدة تمور», with
 * no full stop; a sentence on «سمات» ends like one).  The same in display
 * and match forms. */
static int furniture_line(const char *t, size_t n)
{
    static const char link[] = "رابط ", tags[] = "سمات ";
    while (n && t[0] == ' ') {
        t++;
        n--;
    }
    while (n && t[n - 1] == ' ')
        n--;
    if (n >= sizeof link - 1 && memcmp(t, link, sizeof link - 1) == 0 &&
        memchr(t, ':', n < 64 ? n : 64))
        return 1;
    return n >= sizeof tags - 1 && memcmp(t, tags, sizeof tags - 1) == 0 &&
           !strchr(".!?\")", t[n - 1]);
}

/* A statement has KH_VIEW_STATEMENT_WORDS content words that are not dates or
 * numbers, and when it is short (under KH_VIEW_SHORT_WORDS) it ends like a
 * sentence: fewer words, or a short line without a full stop, is a
 * dateline («بكين 25 شوال 1436 هـ ... واس»), a byline («name – outlet»)
 * or a caption. */
int kh_view_fact_statement(const char *t, size_t n)
{
    size_t pos = 0, words = 0;
    kh_token tok;
    if (furniture_line(t, n))
        return 0;
    while (words < KH_VIEW_SHORT_WORDS && kh_text_tokenize_next(t, n, &pos, &tok))
        words += (tok.kind == KH_TOKEN_ARABIC || tok.kind == KH_TOKEN_LATIN) &&
                 tok.len >= (tok.kind == KH_TOKEN_ARABIC ? 4u : 2u) &&
                 !kh_text_is_stopword(t + tok.off, tok.len) &&
                 !kh_view_fact_date_word(t + tok.off, tok.len);
    if (words >= KH_VIEW_SHORT_WORDS)
        return 1;
    while (n && t[n - 1] == ' ')
        n--;
    return words >= KH_VIEW_STATEMENT_WORDS && n && t[n - 1] && strchr(".!?\")", t[n - 1]);
}
