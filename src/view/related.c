/*
 * src/view/related.c - stories related to the one being read: they share
 * people, places or terms, but are not the same event.
 *
 * Fits: the store (or whoever holds many stories) computes a profile per
 * story with kh_view_related_terms() and its entity names, finds
 * candidates (shared entity or term, e.g. from its index) and lets
 * kh_view_related_rank() order them; kh_view_story_json() prints the
 * result under "related".  Depends on: core, text (through prep.c).
 * Method: score = 0.5 * entity overlap + 0.5 * term cosine, where entity
 * overlap is |shared| / min(|A|, |B|) over match-form names (so a short
 * story sharing its two names with a long one counts) and the term vectors
 * are the stories' top TF-IDF stems.  A term cosine over
 * KH_VIEW_RELATED_SAME_EVENT means the two stories report the same event:
 * at one time they should have been one story and are left out; days apart
 * they are its earlier or later coverage (the clusterer joins an article
 * only to reports within hours of it) and rank first.  Anything scoring
 * under KH_VIEW_RELATED_MIN is left out.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static kh_rc mark_names(kh_hash *names, const kh_view_profile *p, int side, kh_buf *n,
                        size_t *distinct, size_t *shared);
static kh_rc entity_overlap(const kh_view_profile *a, const kh_view_profile *b, double *out);
static double term_cos(const kh_view_profile *a, const kh_view_profile *b);
static int by_weight(const void *a, const void *b);
static int near_in_time(const kh_view_profile *a, const kh_view_profile *b);
static int by_score(const void *a, const void *b);

void kh_view_terms_free(kh_view_term *terms, size_t n_terms)
{
    for (size_t i = 0; terms && i < n_terms; i++)
        kh_free(terms[i].term);
    kh_free(terms);
}

/* 1 when the two stories' times overlap or come within
 * KH_VIEW_RELATED_NEAR of each other, or either is unknown. */
static int near_in_time(const kh_view_profile *a, const kh_view_profile *b)
{
    if ((a->first_seen == 0 && a->last_seen == 0) || (b->first_seen == 0 && b->last_seen == 0))
        return 1;
    return b->first_seen <= a->last_seen + KH_VIEW_RELATED_NEAR &&
           a->first_seen <= b->last_seen + KH_VIEW_RELATED_NEAR;
}

static int by_weight(const void *a, const void *b)
{
    const kh_view_term *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->term, y->term);
}

kh_rc kh_view_related_terms(const kh_view_story *s, const kh_view_model *m, size_t top_k,
                            kh_view_term **terms, size_t *n_terms, kh_err *err)
{
    kh_view_prep p;
    kh_view_term *all = NULL;
    double *w = NULL;
    *terms = NULL;
    *n_terms = 0;
    kh_rc rc = kh_view_prep_init(&p, s, m, err);
    if (rc != KH_OK)
        return rc;
    if (p.n_terms == 0 || top_k == 0)
        goto done;
    w = kh_calloc(p.n_terms, sizeof *w);
    all = kh_calloc(p.n_terms, sizeof *all);
    if (!w || !all)
        goto nomem;
    /* Headlines say what the story is about: they count twice. */
    for (size_t a = 0; a < p.n_articles; a++) {
        for (size_t i = 0; i < p.doc_vec[a].n; i++)
            w[p.doc_vec[a].ids[i]] += p.doc_vec[a].w[i];
        for (size_t i = 0; i < p.title_vec[a].n; i++)
            w[p.title_vec[a].ids[i]] += p.title_vec[a].w[i];
    }
    size_t n = 0;
    for (size_t t = 0; t < p.n_terms; t++)
        if (w[t] > 0) {
            all[n].term = (char *)p.terms[t]; /* borrowed until copied below */
            all[n++].weight = w[t];
        }
    qsort(all, n, sizeof *all, by_weight);
    if (n > top_k)
        n = top_k;
    double norm = 0;
    for (size_t i = 0; i < n; i++)
        norm += all[i].weight * all[i].weight;
    norm = sqrt(norm);
    for (size_t i = 0; i < n; i++) {
        all[i].term = kh_strdup(all[i].term);
        all[i].weight = norm > 0 ? all[i].weight / norm : 0;
        if (!all[i].term) {
            kh_view_terms_free(all, i);
            all = NULL;
            goto nomem;
        }
    }
    *terms = all;
    *n_terms = n;
    all = NULL;
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "related: out of memory");
done:
    kh_free(all);
    kh_free(w);
    kh_view_prep_clean(&p);
    return rc;
}

/* Adds the distinct match forms of p's entities to names, marking each with
 * side (1 or 2); *distinct counts p's distinct names, *shared those the
 * other side had already put there. */
static kh_rc mark_names(kh_hash *names, const kh_view_profile *p, int side, kh_buf *n,
                        size_t *distinct, size_t *shared)
{
    for (size_t i = 0; i < p->n_entities; i++) {
        if (!p->entities[i])
            continue;
        kh_buf_reset(n);
        kh_rc rc = kh_text_normalize(p->entities[i], strlen(p->entities[i]), n);
        if (rc != KH_OK)
            return rc;
        if (!n->len)
            continue;
        int added = 0;
        kh_hval *v = kh_hash_put(names, n->data, n->len, &added);
        if (!v)
            return KH_ERR_NOMEM;
        if (added) {
            v->i = side;
            ++*distinct;
        } else if (v->i != side && v->i != 3) {
            v->i = 3;
            ++*distinct;
            ++*shared;
        }
    }
    return KH_OK;
}

static kh_rc entity_overlap(const kh_view_profile *a, const kh_view_profile *b, double *out)
{
    kh_hash names;
    kh_buf n;
    size_t na = 0, nb = 0, shared = 0;
    *out = 0;
    kh_hash_init(&names, NULL);
    kh_buf_init(&n, KH_CAP_LINE);
    kh_rc rc = mark_names(&names, a, 1, &n, &na, &shared);
    if (rc == KH_OK)
        rc = mark_names(&names, b, 2, &n, &nb, &shared);
    size_t mn = na < nb ? na : nb;
    if (rc == KH_OK && mn)
        *out = (double)shared / mn;
    kh_hash_clean(&names);
    kh_buf_clean(&n);
    return rc;
}

static double term_cos(const kh_view_profile *a, const kh_view_profile *b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a->n_terms; i++)
        na += a->terms[i].weight * a->terms[i].weight;
    for (size_t j = 0; j < b->n_terms; j++)
        nb += b->terms[j].weight * b->terms[j].weight;
    /* Profiles hold tens of terms: the quadratic match is cheaper than a
     * table. */
    for (size_t i = 0; i < a->n_terms; i++)
        for (size_t j = 0; j < b->n_terms; j++)
            if (strcmp(a->terms[i].term, b->terms[j].term) == 0)
                dot += a->terms[i].weight * b->terms[j].weight;
    return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

static int by_score(const void *a, const void *b)
{
    const kh_view_related *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

kh_rc kh_view_related_rank(const kh_view_profile *cur, const kh_view_profile *cands, size_t n_cands,
                           size_t max_out, kh_view_related **out, size_t *n_out, kh_err *err)
{
    *out = NULL;
    *n_out = 0;
    if (!cur || (n_cands && !cands))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "related: no story");
    if (n_cands == 0 || max_out == 0)
        return KH_OK;
    kh_view_related *r = kh_calloc(n_cands, sizeof *r);
    if (!r)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "related: out of memory");
    size_t n = 0;
    for (size_t i = 0; i < n_cands; i++) {
        const kh_view_profile *c = &cands[i];
        if (cur->id && c->id && strcmp(cur->id, c->id) == 0)
            continue;
        double ent, cosine = term_cos(cur, c);
        kh_rc rc = entity_overlap(cur, c, &ent);
        if (rc != KH_OK) {
            kh_free(r);
            return kh_err_set(err, rc, 0, -1, "related: out of memory");
        }
        if (cosine > KH_VIEW_RELATED_SAME_EVENT && near_in_time(cur, c))
            continue;
        double score = 0.5 * ent + 0.5 * cosine;
        if (score < KH_VIEW_RELATED_MIN)
            continue;
        r[n].id = c->id;
        r[n].title = c->title;
        r[n].score = score;
        r[n].same_event = cosine > KH_VIEW_RELATED_SAME_EVENT;
        n++;
    }
    qsort(r, n, sizeof *r, by_score);
    if (n > max_out)
        n = max_out;
    if (n == 0) {
        kh_free(r);
        r = NULL;
    }
    *out = r;
    *n_out = n;
    return KH_OK;
}
