/*
 * src/view/title.c - the story's headline: the most representative of its
 * articles' headlines, cleaned of the labels outlets put in front of them
 * («عاجل:», «سياسي /», «فيديو |», «خاص -», «بالصور:»).
 *
 * Fits: kh_view_story_json() shows kh_view_title_pick()'s headline after
 * kh_view_title_clean(); kh_view_title_prefix_len() also keeps the wire's
 * section prefix out of the section classifier's features.
 * Depends on: core, text.
 * Method: a leading segment of at most four words ended by / : | - – — ،
 * or enclosed in brackets is a prefix when every word of it is a known
 * label word or a section name (so «ماكرون: ...», a quote, stays).  The
 * representative headline has the highest mean cosine to the other
 * articles' headlines and texts; headlines over 14 content words are
 * scaled down, so a short clear one beats a long one saying the same.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <string.h>
#include <strings.h>

#define MAX_PREFIX_WORDS 4
#define LONG_TITLE 14

/* Match-form words that label a headline rather than say anything. */
static const char *const label_words[] = {
    "عاجل",      "عاجله", "بالفيديو", "فيديو",   "شاهد",  "شاهدوا",       "بالصور",     "صور",
    "صوره",      "خاص",   "حصري",     "حصريا",   "تقرير", "عام",          "انفوجرافيك", "بث",
    "مباشر",     "تحديث", "محدث",     "خبر",     "اخبار", "بالفيديوغراف", "breaking",   "video",
    "exclusive", "watch", "update",   "updated", "live",  "news",
};

static int is_label_word(const char *w, size_t n);
static int segment_is_label(const char *s, size_t n);
static size_t separator_at(const char *s, size_t n, size_t i);

static int is_label_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof label_words / sizeof label_words[0]; i++)
        if (strlen(label_words[i]) == n && strncasecmp(label_words[i], w, n) == 0)
            return 1;
    char tmp[64];
    if (n >= sizeof tmp)
        return 0;
    memcpy(tmp, w, n);
    tmp[n] = 0;
    return kh_view_section_map(tmp) != KH_VIEW_SECTION_NONE;
}

/* True when every word of s[0..n) is a label word (and there are 1-4). */
static int segment_is_label(const char *s, size_t n)
{
    kh_buf norm;
    int words = 0, ok = 1;
    kh_buf_init(&norm, KH_CAP_LINE);
    if (kh_text_normalize(s, n, &norm) != KH_OK || !norm.data) {
        kh_buf_clean(&norm);
        return 0;
    }
    size_t pos = 0;
    kh_token tok;
    while (ok && kh_text_tokenize_next(norm.data, norm.len, &pos, &tok)) {
        if (tok.kind == KH_TOKEN_PUNCT)
            continue;
        words++;
        ok = words <= MAX_PREFIX_WORDS && tok.kind != KH_TOKEN_NUMBER &&
             is_label_word(norm.data + tok.off, tok.len);
    }
    kh_buf_clean(&norm);
    return ok && words > 0;
}

/* The byte length of the separator starting at s[i], or 0. */
static size_t separator_at(const char *s, size_t n, size_t i)
{
    static const char *const seps[] = {
        "/",           ":", "|", "-", "\xe2\x80\x93", "\xe2\x80\x94", "\xd8\x8c" /* ، */,
        "\xef\xbc\x9a" /* ： */};
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t l = strlen(seps[k]);
        if (i + l <= n && memcmp(s + i, seps[k], l) == 0)
            return l;
    }
    return 0;
}

size_t kh_view_title_prefix_len(const char *title, size_t n)
{
    size_t start = 0;
    if (!title)
        return 0;
    for (int round = 0; round < 3; round++) {
        const char *s = title + start;
        size_t m = n - start, cut = 0;
        /* «[عاجل] ...» and «(فيديو) ...» */
        if (m && (s[0] == '[' || s[0] == '(')) {
            const char *close = memchr(s, s[0] == '[' ? ']' : ')', m < 48 ? m : 48);
            if (close && segment_is_label(s + 1, (size_t)(close - s - 1)))
                cut = (size_t)(close - s) + 1;
        }
        for (size_t i = 0; !cut && i < m && i < 64; i++) {
            size_t sl = separator_at(s, m, i);
            if (!sl)
                continue;
            if (i > 0 && segment_is_label(s, i))
                cut = i + sl;
            break;
        }
        if (!cut)
            break;
        while (cut < m && (s[cut] == ' ' || s[cut] == '/' || s[cut] == ':' || s[cut] == '|' ||
                           s[cut] == '-' || s[cut] == ','))
            cut++;
        /* The wire writes «سياسي / ، اقتصادي /»: a lone Arabic comma. */
        if (cut + 2 <= m && memcmp(s + cut, "\xd8\x8c", 2) == 0)
            for (cut += 2; cut < m && s[cut] == ' ';)
                cut++;
        if (cut >= m)
            break; /* the whole headline is labels: keep it */
        start += cut;
    }
    return start;
}

kh_rc kh_view_title_clean(const char *title, const char *outlet, kh_buf *out)
{
    if (!title)
        return KH_OK;
    size_t n = strlen(title), skip = kh_view_title_prefix_len(title, n);
    const char *s = title + skip;
    size_t len = n - skip;
    /* A trailing " - outlet" or " | outlet". */
    if (outlet && *outlet) {
        size_t ol = strlen(outlet);
        for (size_t i = len; i-- > 0;) {
            if (s[i] != '-' && s[i] != '|')
                continue;
            size_t t = i + 1;
            while (t < len && s[t] == ' ')
                t++;
            size_t e = len;
            while (e > t && s[e - 1] == ' ')
                e--;
            if (e - t == ol && strncasecmp(s + t, outlet, ol) == 0) {
                len = i;
                while (len && s[len - 1] == ' ')
                    len--;
            }
            break;
        }
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return kh_buf_append(out, s, len);
}

kh_rc kh_view_title_pick(const kh_view_story *s, long *index, kh_err *err)
{
    kh_view_prep p;
    *index = -1;
    kh_rc rc = kh_view_prep_init(&p, s, NULL, err);
    if (rc != KH_OK)
        return rc;
    double best = -1;
    for (size_t i = 0; i < s->n_articles; i++) {
        const char *t = s->articles[i].title;
        if (!t || !*t)
            continue;
        double sim = 0;
        size_t others = 0;
        for (size_t j = 0; j < s->n_articles; j++) {
            if (j == i)
                continue;
            sim += 0.5 * kh_view_vec_cos(&p.title_vec[i], &p.title_vec[j]) +
                   0.5 * kh_view_vec_cos(&p.title_vec[i], &p.doc_vec[j]);
            others++;
        }
        /* Alone, a headline is judged against its own text. */
        double score = others ? sim / others : kh_view_vec_cos(&p.title_vec[i], &p.doc_vec[i]);
        size_t words = p.title_vec[i].n;
        if (words > LONG_TITLE)
            score *= (double)LONG_TITLE / words;
        if (words < 3)
            score *= 0.7;
        if (score > best + 1e-9) {
            best = score;
            *index = (long)i;
        }
    }
    kh_view_prep_clean(&p);
    return KH_OK;
}
