/*
 * src/view/section.c - which section a story belongs to: politics, economy,
 * sports, culture, health, technology, society, religion, world, local or
 * misc.
 *
 * Fits: kh_view_section_article() is what the story view and the store
 * call; the page's own section (extraction's breadcrumb or section line)
 * wins when kh_view_section_map() knows it, else the naive Bayes model of
 * section_model.c decides.  Depends on: core, text.
 * Method: section names are matched word by word in match form with the
 * article and the conjunction taken off (so "عربي ودولي", "الاقتصادية",
 * "news/local" all map); the first word that names a label decides.
 * Classification: logistic regression (section_lr.c) over stems of
 * headline (counted twice) and body, or multinomial naive Bayes with
 * sublinear counts when the model has no weights; see docs/view.md.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* Words (match form, without ال / و) that name a section.  Arabic entries
 * are written as kh_text_normalize spells them: ة→ه, أ/إ→ا, ى→ي. */
typedef struct section_word {
    const char *word;
    kh_view_section label;
} section_word;

static const section_word section_words[] = {
    {"سياسه", KH_VIEW_SECTION_POLITICS},      {"سياسي", KH_VIEW_SECTION_POLITICS},
    {"سياسيه", KH_VIEW_SECTION_POLITICS},     {"politics", KH_VIEW_SECTION_POLITICS},
    {"political", KH_VIEW_SECTION_POLITICS},  {"pol", KH_VIEW_SECTION_POLITICS},
    {"اقتصاد", KH_VIEW_SECTION_ECONOMY},      {"اقتصادي", KH_VIEW_SECTION_ECONOMY},
    {"اقتصاديه", KH_VIEW_SECTION_ECONOMY},    {"مال", KH_VIEW_SECTION_ECONOMY},
    {"ماليه", KH_VIEW_SECTION_ECONOMY},       {"اعمال", KH_VIEW_SECTION_ECONOMY},
    {"اسواق", KH_VIEW_SECTION_ECONOMY},       {"بورصه", KH_VIEW_SECTION_ECONOMY},
    {"economy", KH_VIEW_SECTION_ECONOMY},     {"economic", KH_VIEW_SECTION_ECONOMY},
    {"business", KH_VIEW_SECTION_ECONOMY},    {"finance", KH_VIEW_SECTION_ECONOMY},
    {"market", KH_VIEW_SECTION_ECONOMY},      {"markets", KH_VIEW_SECTION_ECONOMY},
    {"رياضه", KH_VIEW_SECTION_SPORTS},        {"رياضي", KH_VIEW_SECTION_SPORTS},
    {"رياضيه", KH_VIEW_SECTION_SPORTS},       {"رياضات", KH_VIEW_SECTION_SPORTS},
    {"ملاعب", KH_VIEW_SECTION_SPORTS},        {"sport", KH_VIEW_SECTION_SPORTS},
    {"sports", KH_VIEW_SECTION_SPORTS},       {"ثقافه", KH_VIEW_SECTION_CULTURE},
    {"ثقافي", KH_VIEW_SECTION_CULTURE},       {"ثقافيه", KH_VIEW_SECTION_CULTURE},
    {"فن", KH_VIEW_SECTION_CULTURE},          {"فنون", KH_VIEW_SECTION_CULTURE},
    {"ادب", KH_VIEW_SECTION_CULTURE},         {"culture", KH_VIEW_SECTION_CULTURE},
    {"arts", KH_VIEW_SECTION_CULTURE},        {"entertainment", KH_VIEW_SECTION_CULTURE},
    {"صحه", KH_VIEW_SECTION_HEALTH},          {"صحي", KH_VIEW_SECTION_HEALTH},
    {"صحيه", KH_VIEW_SECTION_HEALTH},         {"طب", KH_VIEW_SECTION_HEALTH},
    {"health", KH_VIEW_SECTION_HEALTH},       {"تقنيه", KH_VIEW_SECTION_TECHNOLOGY},
    {"تقني", KH_VIEW_SECTION_TECHNOLOGY},     {"تكنولوجيا", KH_VIEW_SECTION_TECHNOLOGY},
    {"علوم", KH_VIEW_SECTION_TECHNOLOGY},     {"technology", KH_VIEW_SECTION_TECHNOLOGY},
    {"tech", KH_VIEW_SECTION_TECHNOLOGY},     {"science", KH_VIEW_SECTION_TECHNOLOGY},
    {"مجتمع", KH_VIEW_SECTION_SOCIETY},       {"اجتماعي", KH_VIEW_SECTION_SOCIETY},
    {"اجتماعيه", KH_VIEW_SECTION_SOCIETY},    {"اسره", KH_VIEW_SECTION_SOCIETY},
    {"مراه", KH_VIEW_SECTION_SOCIETY},        {"society", KH_VIEW_SECTION_SOCIETY},
    {"دين", KH_VIEW_SECTION_RELIGION},        {"ديني", KH_VIEW_SECTION_RELIGION},
    {"دينيه", KH_VIEW_SECTION_RELIGION},      {"اسلاميات", KH_VIEW_SECTION_RELIGION},
    {"religion", KH_VIEW_SECTION_RELIGION},   {"عالم", KH_VIEW_SECTION_WORLD},
    {"دولي", KH_VIEW_SECTION_WORLD},          {"دوليه", KH_VIEW_SECTION_WORLD},
    {"عربي", KH_VIEW_SECTION_WORLD},          {"اوروبا", KH_VIEW_SECTION_WORLD},
    {"امريكا", KH_VIEW_SECTION_WORLD},        {"اسيا", KH_VIEW_SECTION_WORLD},
    {"افريقيا", KH_VIEW_SECTION_WORLD},       {"world", KH_VIEW_SECTION_WORLD},
    {"international", KH_VIEW_SECTION_WORLD}, {"global", KH_VIEW_SECTION_WORLD},
    {"golobal", KH_VIEW_SECTION_WORLD},       {"محليات", KH_VIEW_SECTION_LOCAL},
    {"محلي", KH_VIEW_SECTION_LOCAL},          {"محليه", KH_VIEW_SECTION_LOCAL},
    {"مناطق", KH_VIEW_SECTION_LOCAL},         {"local", KH_VIEW_SECTION_LOCAL},
    {"regions", KH_VIEW_SECTION_LOCAL},       {"منوعات", KH_VIEW_SECTION_MISC},
    {"متفرقات", KH_VIEW_SECTION_MISC},        {"misc", KH_VIEW_SECTION_MISC},
    {"variety", KH_VIEW_SECTION_MISC},
};

static const char *const section_names[KH_VIEW_SECTION__COUNT] = {
    "politics", "economy",  "sports", "culture", "health", "technology",
    "society",  "religion", "world",  "local",   "misc",
};

static kh_view_section word_label(const char *w, size_t n);

typedef struct nb_doc {
    const kh_view_model *m;
    double score[KH_VIEW_SECTION__COUNT];
    kh_hash counts; /* stem -> count in this document */
    double weight;  /* headline words count twice */
} nb_doc;

static kh_rc count_stem(const char *stem, size_t len, kh_token_kind kind, void *ctx);
static void nb_scores(const kh_view_model *m, const kh_hash *counts, double *score);
static void lr_scores(const kh_view_model *m, const kh_hash *counts, double *score);

const char *kh_view_section_name(kh_view_section s)
{
    if (s < 0 || s >= KH_VIEW_SECTION__COUNT)
        return NULL;
    return section_names[s];
}

kh_view_section kh_view_section_from_name(const char *name)
{
    for (int i = 0; name && i < KH_VIEW_SECTION__COUNT; i++)
        if (strcasecmp(name, section_names[i]) == 0)
            return (kh_view_section)i;
    return KH_VIEW_SECTION_NONE;
}

static kh_view_section word_label(const char *w, size_t n)
{
    /* ال and و+ال in front of an Arabic section word. */
    static const char *const prefixes[] = {"\xd9\x88\xd8\xa7\xd9\x84", "\xd8\xa7\xd9\x84",
                                           "\xd9\x88"};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof section_words / sizeof section_words[0]; i++) {
            const char *sw = section_words[i].word;
            if (strlen(sw) == n && strncasecmp(sw, w, n) == 0)
                return section_words[i].label;
        }
        if (pass == 1)
            break;
        size_t k;
        for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
            size_t pl = strlen(prefixes[k]);
            if (n > pl + 2 && memcmp(w, prefixes[k], pl) == 0) {
                w += pl;
                n -= pl;
                break;
            }
        }
        if (k == sizeof prefixes / sizeof prefixes[0])
            break;
    }
    return KH_VIEW_SECTION_NONE;
}

kh_view_section kh_view_section_map(const char *page_section)
{
    kh_view_section label = KH_VIEW_SECTION_NONE;
    kh_buf norm;
    if (!page_section || !*page_section)
        return label;
    kh_buf_init(&norm, KH_CAP_LINE);
    if (kh_text_normalize(page_section, strlen(page_section), &norm) != KH_OK || !norm.data)
        goto done;
    /* Words are runs of letters: URL paths (news/local) and "عربي ودولي"
     * split alike. */
    size_t pos = 0;
    kh_token tok;
    while (label == KH_VIEW_SECTION_NONE &&
           kh_text_tokenize_next(norm.data, norm.len, &pos, &tok)) {
        if (tok.kind != KH_TOKEN_ARABIC && tok.kind != KH_TOKEN_LATIN)
            continue;
        label = word_label(norm.data + tok.off, tok.len);
    }
done:
    kh_buf_clean(&norm);
    return label;
}

static kh_rc count_stem(const char *stem, size_t len, kh_token_kind kind, void *ctx)
{
    nb_doc *d = ctx;
    (void)kind;
    kh_hval *v = kh_hash_put(&d->counts, stem, len, NULL);
    if (!v)
        return KH_ERR_NOMEM;
    v->d += d->weight;
    return KH_OK;
}

/* Naive Bayes: log prior + sublinear counts x log P(stem | class). */
static void nb_scores(const kh_view_model *m, const kh_hash *counts, double *score)
{
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++)
        score[c] = m->prior[c];
    size_t pos = 0;
    kh_hash_slot *slot;
    while ((slot = kh_hash_next(counts, &pos))) {
        kh_hval *v = kh_hash_get(&m->vocab, slot->key, slot->key_len);
        if (!v)
            continue;
        /* Sublinear counts: a word repeated ten times is not ten votes. */
        double f = 1 + log(slot->val.d);
        const float *lp = m->logp + (size_t)v->i * KH_VIEW_SECTION__COUNT;
        for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++)
            score[c] += f * lp[c];
    }
}

/* Logistic regression: bias + w . x, x the page's (1 + log tf) * idf
 * vector, L2-normalised, as section_lr.c trained it. */
static void lr_scores(const kh_view_model *m, const kh_hash *counts, double *score)
{
    const int K = KH_VIEW_SECTION__COUNT;
    double acc[KH_VIEW_SECTION__COUNT] = {0}, norm = 0;
    size_t pos = 0;
    kh_hash_slot *slot;
    while ((slot = kh_hash_next(counts, &pos))) {
        kh_hval *v = kh_hash_get(&m->vocab, slot->key, slot->key_len);
        if (!v)
            continue;
        double x = (1 + log(slot->val.d)) * log((double)m->n_docs / (m->df[v->i] + 1));
        norm += x * x;
        const float *w = m->w + (size_t)v->i * K;
        for (int c = 0; c < K; c++)
            acc[c] += x * w[c];
    }
    norm = sqrt(norm);
    for (int c = 0; c < K; c++)
        score[c] = m->class_docs[c] ? m->bias[c] + (norm > 0 ? acc[c] / norm : 0) : -INFINITY;
}

kh_rc kh_view_section_classify(const kh_view_model *m, const char *title, const char *body,
                               kh_view_section *out, double *margin, kh_err *err)
{
    kh_rc rc = KH_OK;
    nb_doc d;
    kh_stemmer *st = NULL;

    memset(&d, 0, sizeof d);
    kh_hash_init(&d.counts, NULL);
    *out = KH_VIEW_SECTION_NONE;
    if (margin)
        *margin = 0;
    if (!m) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "section: no model");
        goto done;
    }
    st = kh_text_stemmer_new(KH_STEM_LIGHT);
    if (!st) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "section: out of memory");
        goto done;
    }
    if (title) {
        size_t n = strlen(title), skip = kh_view_title_prefix_len(title, n);
        d.weight = 2;
        rc = kh_view_feature_each(st, title + skip, n - skip, 0, count_stem, &d);
    }
    if (rc == KH_OK && body) {
        d.weight = 1;
        rc = kh_view_feature_each(st, body, strlen(body), 0, count_stem, &d);
    }
    if (rc != KH_OK) {
        kh_err_set(err, rc, 0, -1, "section: reading the text failed");
        goto done;
    }
    if (m->w)
        lr_scores(m, &d.counts, d.score);
    else
        nb_scores(m, &d.counts, d.score);
    int best = -1, second = -1;
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++) {
        if (isinf(d.score[c]))
            continue;
        if (best < 0 || d.score[c] > d.score[best]) {
            second = best;
            best = c;
        } else if (second < 0 || d.score[c] > d.score[second])
            second = c;
    }
    *out = (kh_view_section)best;
    if (margin && best >= 0 && second >= 0)
        *margin = d.score[best] - d.score[second];
done:
    if (st)
        kh_text_stemmer_free(st);
    kh_hash_clean(&d.counts);
    return rc;
}

kh_rc kh_view_section_article(const kh_view_model *m, const kh_view_article *a,
                              kh_view_section *out, kh_err *err)
{
    *out = KH_VIEW_SECTION_NONE;
    if (!a)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "section: no article");
    kh_view_section s = kh_view_section_map(a->section);
    if (s != KH_VIEW_SECTION_NONE || !m) {
        *out = s;
        return KH_OK;
    }
    if (a->n_paras == 0 || !a->paras)
        return kh_view_section_classify(m, a->title, a->body, out, NULL, err);
    kh_buf body;
    kh_rc rc = KH_OK;
    kh_buf_init(&body, KH_CAP_PAGE);
    for (size_t i = 0; i < a->n_paras && rc == KH_OK; i++)
        if (a->paras[i]) {
            rc = kh_buf_appends(&body, a->paras[i]);
            if (rc == KH_OK)
                rc = kh_buf_appendc(&body, '\n');
        }
    if (rc == KH_OK)
        rc = kh_view_section_classify(m, a->title, body.data ? body.data : "", out, NULL, err);
    else
        kh_err_set(err, rc, 0, -1, "section: article body too large");
    kh_buf_clean(&body);
    return rc;
}

kh_rc kh_view_section_story(const kh_view_model *m, const kh_view_story *s, kh_view_section *out,
                            kh_err *err)
{
    size_t votes[KH_VIEW_SECTION__COUNT] = {0};
    int first[KH_VIEW_SECTION__COUNT];
    *out = KH_VIEW_SECTION_NONE;
    if (!s || (s->n_articles && !s->articles))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "section: no story");
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++)
        first[c] = -1;
    for (size_t i = 0; i < s->n_articles; i++) {
        kh_view_section sec;
        kh_rc rc = kh_view_section_article(m, &s->articles[i], &sec, err);
        if (rc != KH_OK)
            return rc;
        if (sec == KH_VIEW_SECTION_NONE)
            continue;
        if (votes[sec]++ == 0)
            first[sec] = (int)i;
    }
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++) {
        if (!votes[c])
            continue;
        if (*out == KH_VIEW_SECTION_NONE || votes[c] > votes[*out] ||
            (votes[c] == votes[*out] && first[c] < first[*out]))
            *out = (kh_view_section)c;
    }
    return KH_OK;
}
