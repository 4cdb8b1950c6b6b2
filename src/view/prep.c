/*
 * src/view/prep.c - a story cut into sentences, each with a TF-IDF vector
 * over one story-wide vocabulary of stems; also one vector per headline and
 * per article.  Summary, unique facts and headline choice all start here.
 *
 * Fits: built by summary.c, unique.c, title.c and related.c from a
 * kh_view_story; borrows the story's paragraphs.  Depends on: core, text.
 * Method: weights are (1 + log tf) * idf, L2-normalised, so cosine is a dot
 * product.  IDF comes from the corpus counts in the section model when one
 * is given (a story of two articles says little about which words are
 * rare), else from the story's own articles.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Sentences shorter than this many content words are captions, datelines or
 * fragments, not statements. */
#define MIN_WORDS 4

typedef struct vec_build {
    kh_view_prep *p;
    uint32_t *ids; /* owns until handed to a vector */
    size_t n, cap;
    int add; /* add unknown stems to the vocabulary */
} vec_build;

static kh_rc term_id(kh_view_prep *p, const char *stem, size_t len, int add, int64_t *id);
static kh_rc collect(const char *stem, size_t len, kh_token_kind kind, void *ctx);
static kh_rc build_vec(vec_build *b, const char *text, size_t n);
static kh_rc finish_vec(vec_build *b, const kh_view_prep *p, kh_view_vec *out);
static int cmp_u32(const void *a, const void *b);
static kh_rc add_sentences(kh_view_prep *p, size_t article, size_t para, const char *text,
                           size_t *pos_in_article, vec_build *b);

void kh_view_vec_clean(kh_view_vec *v)
{
    if (!v)
        return;
    kh_free(v->ids);
    kh_free(v->w);
    v->ids = NULL;
    v->w = NULL;
    v->n = 0;
}

double kh_view_vec_cos(const kh_view_vec *a, const kh_view_vec *b)
{
    double dot = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] == b->ids[j])
            dot += a->w[i++] * b->w[j++];
        else if (a->ids[i] < b->ids[j])
            i++;
        else
            j++;
    }
    return dot;
}

static kh_rc term_id(kh_view_prep *p, const char *stem, size_t len, int add, int64_t *id)
{
    if (!add) {
        kh_hval *v = kh_hash_get(&p->vocab, stem, len);
        *id = v ? v->i : -1;
        return KH_OK;
    }
    int added = 0;
    kh_hval *v = kh_hash_put(&p->vocab, stem, len, &added);
    if (!v)
        return KH_ERR_NOMEM;
    if (!added) {
        *id = v->i;
        return KH_OK;
    }
    if (p->n_terms == p->cap_terms) {
        size_t cap = p->cap_terms ? p->cap_terms * 2 : 256;
        const char **t = kh_realloc(p->terms, cap * sizeof *t);
        if (!t)
            return KH_ERR_NOMEM;
        p->terms = t;
        uint32_t *df = kh_realloc(p->term_df, cap * sizeof *df);
        if (!df)
            return KH_ERR_NOMEM;
        p->term_df = df;
        p->cap_terms = cap;
    }
    /* The key now lives in the table's arena, which never moves; the value
     * sits inside its slot. */
    const kh_hash_slot *slot =
        (const kh_hash_slot *)(const void *)((char *)v - offsetof(kh_hash_slot, val));
    const char *key = slot->key;
    v->i = (int64_t)p->n_terms;
    p->terms[p->n_terms] = key;
    p->term_df[p->n_terms] = 0;
    *id = (int64_t)p->n_terms++;
    return KH_OK;
}

static kh_rc collect(const char *stem, size_t len, kh_token_kind kind, void *ctx)
{
    vec_build *b = ctx;
    int64_t id;
    (void)kind;
    kh_rc rc = term_id(b->p, stem, len, b->add, &id);
    if (rc != KH_OK || id < 0)
        return rc;
    uint32_t *ids = kh_grow(b->ids, b->n, &b->cap, sizeof *ids, 64);
    if (!ids)
        return KH_ERR_NOMEM;
    b->ids = ids;
    b->ids[b->n++] = (uint32_t)id;
    return KH_OK;
}

static kh_rc build_vec(vec_build *b, const char *text, size_t n)
{
    b->n = 0;
    return kh_view_feature_each(b->p->stemmer, text, n, KH_VIEW_FEAT_NUMBERS, collect, b);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Turns the collected ids into a weighted vector; with p->idf NULL the
 * weights are raw term frequencies (fixed up once IDF is known). */
static kh_rc finish_vec(vec_build *b, const kh_view_prep *p, kh_view_vec *out)
{
    out->ids = NULL;
    out->w = NULL;
    out->n = 0;
    if (b->n == 0)
        return KH_OK;
    qsort(b->ids, b->n, sizeof *b->ids, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++)
        if (i == 0 || b->ids[i] != b->ids[i - 1])
            k++;
    out->ids = kh_alloc(k * sizeof *out->ids);
    out->w = kh_alloc(k * sizeof *out->w);
    if (!out->ids || !out->w) {
        kh_view_vec_clean(out);
        return KH_ERR_NOMEM;
    }
    for (size_t i = 0; i < b->n; i++) {
        if (i > 0 && b->ids[i] == b->ids[i - 1]) {
            out->w[out->n - 1] += 1;
            continue;
        }
        out->ids[out->n] = b->ids[i];
        out->w[out->n++] = 1;
    }
    if (p->idf) {
        double norm = 0;
        for (size_t i = 0; i < out->n; i++) {
            out->w[i] = (1 + log(out->w[i])) * p->idf[out->ids[i]];
            norm += out->w[i] * out->w[i];
        }
        norm = sqrt(norm);
        for (size_t i = 0; i < out->n && norm > 0; i++)
            out->w[i] /= norm;
    }
    return KH_OK;
}

static kh_rc add_sentences(kh_view_prep *p, size_t article, size_t para, const char *text,
                           size_t *pos_in_article, vec_build *b)
{
    size_t n = strlen(text), pos = 0, start, len;
    while (kh_text_sentence_next(text, n, &pos, &start, &len)) {
        kh_rc rc = build_vec(b, text + start, len);
        if (rc != KH_OK)
            return rc;
        if (b->n < MIN_WORDS)
            continue;
        kh_view_prep_sent *grown = kh_grow(p->sents, p->n_sents, &p->cap_sents, sizeof *grown, 64);
        if (!grown)
            return KH_ERR_NOMEM;
        p->sents = grown;
        kh_view_prep_sent *s = &p->sents[p->n_sents];
        s->text = text + start;
        s->len = len;
        s->article = article;
        s->para = para;
        s->pos = (*pos_in_article)++;
        s->n_words = b->n;
        rc = finish_vec(b, p, &s->vec);
        if (rc != KH_OK)
            return rc;
        p->n_sents++;
    }
    return KH_OK;
}

/* Re-weights a raw-count vector once IDF is known. */
static void weigh(kh_view_vec *v, const double *idf)
{
    double norm = 0;
    for (size_t i = 0; i < v->n; i++) {
        v->w[i] = (1 + log(v->w[i])) * idf[v->ids[i]];
        norm += v->w[i] * v->w[i];
    }
    norm = sqrt(norm);
    for (size_t i = 0; i < v->n && norm > 0; i++)
        v->w[i] /= norm;
}

kh_rc kh_view_prep_init(kh_view_prep *p, const kh_view_story *s, const kh_view_model *m,
                        kh_err *err)
{
    kh_rc rc = KH_OK;
    vec_build b = {NULL, NULL, 0, 0, 1};
    kh_buf text;

    memset(p, 0, sizeof *p);
    b.p = p;
    kh_hash_init(&p->vocab, NULL);
    kh_buf_init(&text, KH_CAP_PAGE);
    if (!s || (s->n_articles && !s->articles))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "view: no story");
    p->stemmer = kh_text_stemmer_new(KH_STEM_LIGHT);
    p->n_articles = s->n_articles;
    if (!p->stemmer)
        goto nomem;
    if (s->n_articles) {
        p->title_vec = kh_calloc(s->n_articles, sizeof *p->title_vec);
        p->doc_vec = kh_calloc(s->n_articles, sizeof *p->doc_vec);
        p->norm = kh_calloc(s->n_articles, sizeof *p->norm);
        if (!p->title_vec || !p->doc_vec || !p->norm)
            goto nomem;
    }
    for (size_t a = 0; a < s->n_articles; a++) {
        const kh_view_article *art = &s->articles[a];
        size_t pos_in_article = 0;
        kh_buf_reset(&text);
        if (art->title) {
            size_t tl = strlen(art->title), skip = kh_view_title_prefix_len(art->title, tl);
            rc = build_vec(&b, art->title + skip, tl - skip);
            if (rc == KH_OK)
                rc = finish_vec(&b, p, &p->title_vec[a]);
            if (rc == KH_OK)
                rc = kh_buf_appends(&text, art->title + skip);
            if (rc == KH_OK)
                rc = kh_buf_appendc(&text, '\n');
            if (rc != KH_OK)
                goto fail;
        }
        if (art->n_paras && art->paras) {
            for (size_t i = 0; i < art->n_paras; i++) {
                if (!art->paras[i])
                    continue;
                rc = add_sentences(p, a, i, art->paras[i], &pos_in_article, &b);
                if (rc == KH_OK)
                    rc = kh_buf_appends(&text, art->paras[i]);
                if (rc == KH_OK)
                    rc = kh_buf_appendc(&text, '\n');
                if (rc != KH_OK)
                    goto fail;
            }
        } else if (art->body) {
            rc = add_sentences(p, a, 0, art->body, &pos_in_article, &b);
            if (rc == KH_OK)
                rc = kh_buf_appends(&text, art->body);
            if (rc != KH_OK)
                goto fail;
        }
        rc = build_vec(&b, text.data ? text.data : "", text.len);
        if (rc == KH_OK)
            rc = finish_vec(&b, p, &p->doc_vec[a]);
        if (rc != KH_OK)
            goto fail;
        for (size_t i = 0; i < p->doc_vec[a].n; i++)
            p->term_df[p->doc_vec[a].ids[i]]++;
        kh_buf norm;
        kh_buf_init(&norm, KH_CAP_PAGE);
        rc = kh_text_normalize(text.data ? text.data : "", text.len, &norm);
        if (rc == KH_OK)
            p->norm[a] = kh_buf_take(&norm, NULL);
        kh_buf_clean(&norm);
        if (rc != KH_OK)
            goto fail;
        if (!p->norm[a])
            goto nomem;
    }
    /* Title terms are in the vocabulary but not always in the body's
     * document vector; count them too. */
    for (size_t a = 0; a < s->n_articles; a++)
        for (size_t i = 0; i < p->title_vec[a].n; i++) {
            uint32_t id = p->title_vec[a].ids[i];
            if (p->term_df[id] == 0)
                p->term_df[id] = 1;
        }
    if (p->n_terms) {
        p->idf = kh_alloc(p->n_terms * sizeof *p->idf);
        if (!p->idf)
            goto nomem;
    }
    for (size_t t = 0; t < p->n_terms; t++) {
        if (m)
            p->idf[t] = kh_view_section_model_idf(m, p->terms[t], strlen(p->terms[t]));
        else
            p->idf[t] = log((double)(s->n_articles + 1) / p->term_df[t]) + 1;
    }
    for (size_t a = 0; a < s->n_articles; a++) {
        weigh(&p->title_vec[a], p->idf);
        weigh(&p->doc_vec[a], p->idf);
    }
    for (size_t i = 0; i < p->n_sents; i++)
        weigh(&p->sents[i].vec, p->idf);
    goto done;
nomem:
    rc = KH_ERR_NOMEM;
fail:
    kh_err_set(err, rc, 0, -1, "view: preparing the story failed");
    kh_view_prep_clean(p);
done:
    kh_free(b.ids);
    kh_buf_clean(&text);
    return rc;
}

kh_rc kh_view_prep_vec(kh_view_prep *p, const char *text, size_t n, kh_view_vec *out)
{
    vec_build b = {p, NULL, 0, 0, 0};
    kh_rc rc = build_vec(&b, text, n);
    if (rc == KH_OK)
        rc = finish_vec(&b, p, out);
    kh_free(b.ids);
    return rc;
}

void kh_view_prep_clean(kh_view_prep *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sents; i++)
        kh_view_vec_clean(&p->sents[i].vec);
    for (size_t a = 0; a < p->n_articles; a++) {
        if (p->title_vec)
            kh_view_vec_clean(&p->title_vec[a]);
        if (p->doc_vec)
            kh_view_vec_clean(&p->doc_vec[a]);
        if (p->norm)
            kh_free(p->norm[a]);
    }
    kh_free(p->title_vec);
    kh_free(p->doc_vec);
    kh_free(p->norm);
    kh_free(p->sents);
    kh_free(p->terms);
    kh_free(p->term_df);
    kh_free(p->idf);
    kh_hash_clean(&p->vocab);
    if (p->stemmer)
        kh_text_stemmer_free(p->stemmer);
    memset(p, 0, sizeof *p);
}
