/*
 * src/view/summary.c - a 3 to 5 sentence summary of a story drawn from all
 * its articles, each sentence attributed to its outlet and article.
 *
 * Fits: kh_view_story_json() puts it under "summary".  Depends on: core,
 * text (through prep.c).
 * Method (centroid + MMR): the story centroid is the sum of its articles'
 * TF-IDF vectors, each normalised and divided by its outlet's number of
 * articles, so every outlet weighs the same whatever its length or
 * re-crawls.  A sentence scores its cosine to the centroid, raised for
 * being early in its article (leads carry the news) and for naming the
 * story's entities, lowered when very short or very long.  Sentences are
 * taken greedily by maximal marginal relevance; one more than REDUNDANT
 * cosine to a taken sentence says the same thing and is never taken.  The
 * result is shown in time order (article time, then position).
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LAMBDA 0.7     /* MMR: relevance against novelty */
#define REDUNDANT 0.35 /* cosine above which two sentences say the same */
#define SHORT_WORDS 6
#define LONG_WORDS 45
#define RUN_ON_WORDS 70 /* longer: sentences run together, not shown */

typedef struct order_ctx {
    const kh_view_story *s;
    const kh_view_prep *p;
} order_ctx;

static kh_rc entity_bonus(const kh_view_story *s, const char *sent, size_t len, double *bonus);
static int by_time(const void *a, const void *b, void *ctx);

void kh_view_sentences_clean(kh_view_sentences *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        kh_free(v->items[i].text);
    kh_free(v->items);
    memset(v, 0, sizeof *v);
}

/* Share of the story's entity names (up to three) that the sentence names. */
static kh_rc entity_bonus(const kh_view_story *s, const char *sent, size_t len, double *bonus)
{
    kh_buf ns, ne;
    kh_rc rc = KH_OK;
    size_t hits = 0;
    *bonus = 0;
    kh_buf_init(&ns, KH_CAP_PAGE);
    kh_buf_init(&ne, KH_CAP_LINE);
    rc = kh_text_normalize(sent, len, &ns);
    for (size_t a = 0; rc == KH_OK && a < s->n_articles && hits < 3; a++)
        for (size_t e = 0; rc == KH_OK && e < s->articles[a].n_entities && hits < 3; e++) {
            const char *name = s->articles[a].entities ? s->articles[a].entities[e] : NULL;
            if (!name || !*name)
                continue;
            kh_buf_reset(&ne);
            rc = kh_text_normalize(name, strlen(name), &ne);
            if (rc == KH_OK && ne.len >= 4 && ns.data && strstr(ns.data, ne.data))
                hits++;
        }
    *bonus = 0.1 * (double)hits / 3;
    kh_buf_clean(&ns);
    kh_buf_clean(&ne);
    return rc;
}

static int by_time(const void *a, const void *b, void *ctx)
{
    const order_ctx *o = ctx;
    const kh_view_sentence *x = a, *y = b;
    long long tx = o->s->articles[x->article].published, ty = o->s->articles[y->article].published;
    if (tx != ty)
        return tx < ty ? -1 : 1;
    if (x->article != y->article)
        return x->article < y->article ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

kh_rc kh_view_summary(const kh_view_story *s, const kh_view_model *m, size_t max_sentences,
                      kh_view_sentences *out, kh_err *err)
{
    kh_view_prep p;
    kh_rc rc;
    double *centroid = NULL, *score = NULL;
    char *statement = NULL;
    size_t *picked = NULL;
    size_t n_picked = 0;

    memset(out, 0, sizeof *out);
    rc = kh_view_prep_init(&p, s, m, err);
    if (rc != KH_OK)
        return rc;
    if (p.n_sents == 0)
        goto done;
    size_t target = max_sentences;
    if (!target)
        target = 3 + (size_t)(s->n_articles > 1) + (size_t)(s->n_articles > 3);
    if (target > 5)
        target = 5;
    centroid = kh_calloc(p.n_terms ? p.n_terms : 1, sizeof *centroid);
    score = kh_calloc(p.n_sents, sizeof *score);
    statement = kh_calloc(p.n_sents, 1);
    picked = kh_calloc(target, sizeof *picked);
    if (!centroid || !score || !statement || !picked)
        goto nomem;
    for (size_t a = 0; a < p.n_articles; a++) {
        /* Each outlet weighs the same: its re-crawls and updates share its
         * one vote. */
        size_t same = 0;
        const char *o = s->articles[a].outlet;
        for (size_t b = 0; b < p.n_articles; b++)
            same += b == a || (o && s->articles[b].outlet && strcmp(o, s->articles[b].outlet) == 0);
        for (size_t i = 0; i < p.doc_vec[a].n; i++)
            centroid[p.doc_vec[a].ids[i]] += p.doc_vec[a].w[i] / (double)same;
    }
    double cnorm = 0;
    for (size_t t = 0; t < p.n_terms; t++)
        cnorm += centroid[t] * centroid[t];
    cnorm = sqrt(cnorm);
    for (size_t i = 0; i < p.n_sents; i++) {
        const kh_view_prep_sent *st = &p.sents[i];
        double dot = 0, bonus;
        for (size_t k = 0; k < st->vec.n; k++)
            dot += st->vec.w[k] * centroid[st->vec.ids[k]];
        score[i] = cnorm > 0 ? dot / cnorm : 0;
        score[i] *= 1 + 0.5 / (1 + (double)st->pos);
        if (st->n_words < SHORT_WORDS || st->n_words > LONG_WORDS)
            score[i] *= 0.8;
        rc = entity_bonus(s, st->text, st->len, &bonus);
        if (rc != KH_OK)
            goto fail;
        score[i] += bonus;
    }
    /* Datelines («جدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس», 11% of
     * the sentences picked on 2015-08-10 before), bylines, captions and tag
     * lines are no statements: they are picked only from a story that has
     * nothing else. */
    int any_statement = 0;
    kh_buf norm; /* the test reads match forms, as unique.c gives it */
    kh_buf_init(&norm, KH_CAP_PAGE);
    for (size_t i = 0; i < p.n_sents; i++) {
        kh_buf_reset(&norm);
        if ((rc = kh_text_normalize(p.sents[i].text, p.sents[i].len, &norm)) != KH_OK) {
            kh_buf_clean(&norm);
            goto fail;
        }
        statement[i] = (char)(norm.data && kh_view_fact_statement(norm.data, norm.len));
        any_statement |= statement[i];
    }
    kh_buf_clean(&norm);
    while (n_picked < target) {
        long best = -1;
        double best_v = -1e9;
        for (size_t i = 0; i < p.n_sents; i++) {
            double maxsim = 0;
            int taken = 0;
            for (size_t k = 0; k < n_picked; k++) {
                if (picked[k] == i)
                    taken = 1;
                double c = kh_view_vec_cos(&p.sents[i].vec, &p.sents[picked[k]].vec);
                if (c > maxsim)
                    maxsim = c;
            }
            if (taken || maxsim > REDUNDANT || p.sents[i].n_words > RUN_ON_WORDS ||
                (any_statement && !statement[i]))
                continue;
            double v = LAMBDA * score[i] - (1 - LAMBDA) * maxsim;
            if (v > best_v) {
                best_v = v;
                best = (long)i;
            }
        }
        if (best < 0)
            break;
        picked[n_picked++] = (size_t)best;
    }
    out->items = kh_calloc(n_picked ? n_picked : 1, sizeof *out->items);
    if (!out->items)
        goto nomem;
    out->cap = n_picked;
    for (size_t k = 0; k < n_picked; k++) {
        const kh_view_prep_sent *st = &p.sents[picked[k]];
        kh_view_sentence *o = &out->items[out->n];
        o->text = kh_strndup(st->text, st->len);
        if (!o->text)
            goto nomem;
        o->article = st->article;
        o->para = st->para;
        o->pos = st->pos;
        o->score = score[picked[k]];
        out->n++;
    }
    order_ctx oc = {s, &p};
    qsort_r(out->items, out->n, sizeof *out->items, by_time, &oc);
    goto done;
nomem:
    rc = KH_ERR_NOMEM;
fail:
    kh_err_set(err, rc, 0, -1, "summary: failed");
    kh_view_sentences_clean(out);
done:
    kh_free(centroid);
    kh_free(score);
    kh_free(statement);
    kh_free(picked);
    kh_view_prep_clean(&p);
    return rc;
}
