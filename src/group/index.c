/*
 * src/group/index.c - the inverted index: term -> the recent articles that
 * contain it, for finding candidate stories without scanning them all.
 *
 * Input: articles of the window (their term vectors, under their arrival
 * serials).  Output: for a new article's vector, the serials of the window
 * articles most similar to it by a partial dot product.
 *
 * Fits: assign.c adds each original article after placing it and asks for
 * candidates before; window.c evicts articles, which makes their postings
 * stale (a serial below g->base_serial): they are skipped when read and
 * dropped when a list is compacted.  Depends on: core.
 *
 * Method: a term's postings are an array, oldest first, of at most post_cap
 * entries; when full, stale entries go first, then the oldest quarter.  So
 * a frequent term remembers only its recent articles and the cost of one
 * query is at most query_terms * post_cap postings, whatever the store
 * holds.  A query uses only the article's query_terms heaviest terms: the
 * rare words that name the event, not the common ones of its genre.
 * Accumulators live beside the window's ring (g->acc, g->acc_epoch, by ring
 * slot, stamped with the search, with each slot's norm), so a query
 * allocates nothing, clears nothing and reads no article.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <math.h>
#include <string.h>

/* ==== static prototypes ==== */

static kh_rc post_append(kh_group *g, gvocab_term *t, int64_t serial, float tf, kh_err *err);

/* ==== public functions ==== */

kh_rc kh_group_index_add(kh_group *g, const gart *a, kh_err *err)
{
    for (uint32_t i = 0; i < a->vec.n; i++) {
        if (i + 4 < a->vec.n) { /* each term's postings are an array of their own */
            const gvocab_term *ahead = &g->terms[a->vec.t[i + 4].id];
            if (ahead->post)
                __builtin_prefetch(&ahead->post[ahead->n_post]);
        }
        kh_rc rc = post_append(g, &g->terms[a->vec.t[i].id], a->serial, a->vec.t[i].tf, err);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
}

size_t kh_group_index_query(kh_group *g, const gvec *v, int64_t *out, size_t cap)
{
    enum { MAXQ = 64 };
    uint32_t q[MAXQ];
    double qw[MAXQ];
    size_t nq = 0, want = g->query_terms < MAXQ ? g->query_terms : MAXQ;

    /* The heaviest terms, by insertion into a short sorted list. */
    for (uint32_t i = 0; i < v->n; i++) {
        double w = kh_group_feature_weight(g, &v->t[i]);
        if (w <= 0 || g->terms[v->t[i].id].n_post == 0)
            continue;
        if (nq == want && w <= qw[nq - 1])
            continue;
        size_t j = nq < want ? nq++ : nq - 1;
        while (j > 0 && qw[j - 1] < w) {
            q[j] = q[j - 1];
            qw[j] = qw[j - 1];
            j--;
        }
        q[j] = i;
        qw[j] = w;
    }

    for (size_t k = 0; k < nq; k++)
        __builtin_prefetch(g->terms[v->t[q[k]].id].post);
    g->epoch++;
    size_t n_touched = 0;
    for (size_t k = 0; k < nq; k++) {
        const gterm *qt = &v->t[q[k]];
        const gvocab_term *t = &g->terms[qt->id];
        /* The posting's weight is its damped count times the term's IDF
         * (and boost), the same for every posting: compute that once. */
        gterm unit = {qt->id, 1.0f};
        double f = qw[k] * kh_group_feature_weight(g, &unit);
        int64_t end = g->base_serial + (int64_t)g->ring_n;
        for (uint32_t p = 0; p < t->n_post; p++) {
            int64_t serial = t->post[p].serial;
            if (serial < g->base_serial || serial >= end)
                continue; /* left the window (stale) */
            size_t slot = kh_group_window_slot(g, serial);
            if (g->acc_epoch[slot] != g->epoch) {
                if (n_touched == g->cap_touched)
                    continue; /* cannot happen: cap_touched covers every posting read */
                g->acc_epoch[slot] = g->epoch;
                g->acc[slot] = 0;
                g->touched[n_touched++] = slot;
            }
            g->acc[slot] += f * t->post[p].tf;
        }
    }

    /* Keep the cap best by acc / |a|, an estimate of the cosine. */
    size_t n_out = 0;
    double best[256];
    if (cap > 256)
        cap = 256;
    size_t mask = g->ring_cap - 1;
    for (size_t i = 0; i < n_touched; i++) {
        size_t slot = g->touched[i];
        double norm = g->rnorm[slot];
        double s = norm > 0 ? g->acc[slot] / norm : 0;
        if (n_out == cap && s <= best[n_out - 1])
            continue;
        size_t j = n_out < cap ? n_out++ : n_out - 1;
        while (j > 0 && best[j - 1] < s) {
            best[j] = best[j - 1];
            out[j] = out[j - 1];
            j--;
        }
        best[j] = s;
        out[j] = g->base_serial + (int64_t)((slot - g->ring_head) & mask);
    }
    return n_out;
}

/* ==== static functions ==== */

static kh_rc post_append(kh_group *g, gvocab_term *t, int64_t serial, float tf, kh_err *err)
{
    if (t->n_post == t->cap_post) {
        /* Drop stale postings, then if still full the oldest quarter. */
        uint32_t keep = 0;
        for (uint32_t i = 0; i < t->n_post; i++)
            if (t->post[i].serial >= g->base_serial)
                t->post[keep++] = t->post[i];
        t->n_post = keep;
        if (t->n_post >= g->post_cap) {
            uint32_t drop = t->n_post / 4 ? t->n_post / 4 : 1;
            memmove(t->post, t->post + drop, (t->n_post - drop) * sizeof t->post[0]);
            t->n_post -= drop;
        }
    }
    if (t->n_post == t->cap_post) {
        uint32_t cap = t->cap_post ? 2 * t->cap_post : 4;
        if (cap > g->post_cap)
            cap = (uint32_t)g->post_cap;
        gpost *p = kh_realloc(t->post, cap * sizeof *p);
        if (!p)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the story index");
        t->post = p;
        t->cap_post = cap;
    }
    t->post[t->n_post].serial = serial;
    t->post[t->n_post].tf = tf;
    t->n_post++;
    return KH_OK;
}
