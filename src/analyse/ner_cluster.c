/*
 * src/analyse/ner_cluster.c - word classes learned from unlabelled news,
 * a gazetteer the tagger builds for itself.
 *
 * Input: JSONL(.gz) articles ({"title", "text"}, e.g. SaudiNewsNet).
 * Output: the model's lexicon (kh_ner_model.lex): for each of the most
 * frequent words (match form) a flat distributional class, its path in a
 * class hierarchy (a leading 1, then one bit a level) and how often the
 * word follows a person, place or organisation cue word.
 * Fits: `khabar train ner --unlabeled FILE...` builds it before training;
 * ner_feature.c turns it into features; ner_model.c stores it.
 *
 * Method: ANERcorp has 125k tokens, so most test names are unseen; classes
 * learned from 10M unlabelled tokens generalise from the names it has
 * (Ratinov & Roth 2009 use Brown clusters for this).  Counts of each
 * vocabulary word's left and right neighbours among the NER_CTX most
 * frequent words feed two clusterings:
 * - flat: PPMI weighting, a random projection to NER_DIM dimensions (signs
 *   from a hash of the context), spherical k-means into NER_K_FINE classes;
 * - hierarchy: top-down exchange (exchange_tree), every class split in two
 *   by the likelihood of a class model of the neighbours, as Brown
 *   clustering's merges do bottom-up; its prefixes are classes from 2 to
 *   thousands of words (docs/analyse.md: dev +0.0035 over a second, coarser
 *   k-means, and faster than Brown's agglomeration).
 * The cue counts are bucketed ratios ("follows a title 30% of the time").
 * Depends on: core, text.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "text/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NER_VOCAB 30000 /* words that get a class */
#define NER_CTX 600     /* neighbour words counted, per side */
#define NER_DIM 96
#define NER_K_FINE 256
#define NER_KMEANS_ITERS 12
#define NER_MIN_FREQ 4
#define NER_PATH_DEPTH 15 /* levels of the class hierarchy (the path fits 16 bits) */
#define NER_XCH_ITERS 6   /* exchange passes per split */

typedef struct vocab_entry {
    uint32_t id;
    uint32_t freq;
} vocab_entry;

typedef struct corpus_stream {
    kh_hash ids;    /* owns keys: word -> index into freq (borrows no values) */
    uint32_t *freq; /* owns */
    size_t n_words, cap_words;
    uint32_t *toks; /* owns: the corpus as word ids */
    size_t n_toks, cap_toks;
    const char **word_of; /* owns the array; the strings borrow strings */
    kh_arena strings;     /* owns: one copy of each word */
} corpus_stream;

/* ---- static prototypes ---- */

static kh_rc stream_doc(void *ctx, const char *const *words, size_t n);
static kh_rc stream_push(corpus_stream *s, const char *w, size_t n);
static int cmp_freq(const void *a, const void *b);
static uint64_t rng_next(uint64_t *s);
static void kmeans(const float *vec, size_t n, size_t k, uint64_t seed, uint16_t *assign);
static uint8_t cue_bucket(uint32_t hits, uint32_t freq);
static kh_rc exchange_tree(const uint16_t *counts, size_t n_vocab, uint32_t *idx, uint64_t seed,
                           uint16_t *path);

/* ---- public functions ---- */

kh_rc ner_cluster_build(kh_ner_model *m, const char *const *paths, size_t n_paths, uint64_t seed,
                        int verbose, kh_err *err)
{
    kh_rc rc = KH_OK;
    corpus_stream s;
    memset(&s, 0, sizeof s);
    kh_hash_init(&s.ids, NULL);
    kh_arena_init(&s.strings);
    vocab_entry *ve = NULL;
    int32_t *vid = NULL, *cid = NULL; /* word id -> vocab / context index, -1 none */
    uint16_t *counts = NULL;
    uint32_t *cue_hits = NULL;
    float *vec = NULL;
    double *colsum = NULL;
    uint16_t *fine = NULL, *path = NULL;
    uint32_t *idx = NULL;

    rc = ner_unlabeled_each(paths, n_paths, stream_doc, &s, err);
    if (rc != KH_OK)
        goto done;
    if (verbose)
        fprintf(stderr, "ner clusters: %zu tokens, %zu distinct words\n", s.n_toks, s.n_words);

    /* Vocabulary and contexts: the most frequent words. */
    ve = kh_alloc((s.n_words + 1) * sizeof *ve);
    vid = kh_alloc((s.n_words + 1) * sizeof *vid);
    cid = kh_alloc((s.n_words + 1) * sizeof *cid);
    if (!ve || !vid || !cid)
        goto nomem;
    for (size_t i = 0; i < s.n_words; i++) {
        ve[i].id = (uint32_t)i;
        ve[i].freq = s.freq[i];
        vid[i] = cid[i] = -1;
    }
    qsort(ve, s.n_words, sizeof *ve, cmp_freq);
    size_t n_vocab = 0;
    while (n_vocab < s.n_words && n_vocab < NER_VOCAB && ve[n_vocab].freq >= NER_MIN_FREQ) {
        vid[ve[n_vocab].id] = (int32_t)n_vocab;
        n_vocab++;
    }
    for (size_t i = 0; i < s.n_words && i < NER_CTX; i++)
        cid[ve[i].id] = (int32_t)i;
    if (n_vocab < NER_K_FINE) {
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "unlabelled text too small (%zu words)", n_vocab);
        goto done;
    }

    counts = kh_calloc(n_vocab * 2 * NER_CTX, sizeof *counts);
    cue_hits = kh_calloc(n_vocab * 3, sizeof *cue_hits);
    colsum = kh_calloc(2 * NER_CTX, sizeof *colsum);
    vec = kh_calloc(n_vocab * NER_DIM, sizeof *vec);
    fine = kh_alloc(n_vocab * sizeof *fine);
    path = kh_alloc(n_vocab * sizeof *path);
    idx = kh_alloc(n_vocab * sizeof *idx);
    if (!counts || !cue_hits || !colsum || !vec || !fine || !path || !idx)
        goto nomem;
    for (size_t t = 0; t < s.n_toks; t++) {
        int32_t v = vid[s.toks[t]];
        if (v < 0)
            continue;
        uint16_t *row = counts + (size_t)v * 2 * NER_CTX;
        if (t > 0 && cid[s.toks[t - 1]] >= 0 && row[cid[s.toks[t - 1]]] < UINT16_MAX)
            row[cid[s.toks[t - 1]]]++;
        if (t + 1 < s.n_toks && cid[s.toks[t + 1]] >= 0 &&
            row[NER_CTX + cid[s.toks[t + 1]]] < UINT16_MAX)
            row[NER_CTX + cid[s.toks[t + 1]]]++;
        if (t > 0) {
            const char *pw = s.word_of[s.toks[t - 1]];
            int cue = ner_feature_cue(m, pw, strlen(pw));
            if (cue)
                cue_hits[(size_t)v * 3 + (size_t)(cue - 1)]++;
        }
    }
    /* PPMI, projected. */
    double total = 0;
    for (size_t v = 0; v < n_vocab; v++)
        for (size_t c = 0; c < 2 * NER_CTX; c++) {
            colsum[c] += counts[v * 2 * NER_CTX + c];
            total += counts[v * 2 * NER_CTX + c];
        }
    for (size_t v = 0; v < n_vocab; v++) {
        const uint16_t *row = counts + v * 2 * NER_CTX;
        double rs = 0;
        for (size_t c = 0; c < 2 * NER_CTX; c++)
            rs += row[c];
        float *x = vec + v * NER_DIM;
        for (size_t c = 0; c < 2 * NER_CTX && rs > 0; c++) {
            if (!row[c])
                continue;
            double pmi = log((double)row[c] * total / (rs * colsum[c]));
            if (pmi <= 0)
                continue;
            uint64_t h = kh_hash_bytes(&c, sizeof c, 0x70726f6a);
            for (size_t d = 0; d < NER_DIM; d++, h = (h >> 1) | (h << 63)) {
                if (d % 64 == 0 && d)
                    h = kh_hash_bytes(&h, sizeof h, d);
                x[d] += (float)((h & 1) ? pmi : -pmi);
            }
        }
        double norm2 = 0;
        for (size_t d = 0; d < NER_DIM; d++)
            norm2 += (double)x[d] * x[d];
        if (norm2 > 0)
            for (size_t d = 0; d < NER_DIM; d++)
                x[d] = (float)(x[d] / sqrt(norm2));
    }
    kmeans(vec, n_vocab, NER_K_FINE, seed, fine);
    for (size_t i = 0; i < n_vocab; i++)
        idx[i] = (uint32_t)i;
    if (exchange_tree(counts, n_vocab, idx, seed + 2, path) != KH_OK)
        goto nomem;

    for (size_t i = 0; i < n_vocab; i++) {
        const char *w = s.word_of[ve[i].id];
        if (ner_feature_cue(m, w, strlen(w)))
            continue; /* cue words have their own features */
        uint8_t cb = 0;
        for (int c = 0; c < 3; c++)
            cb |= (uint8_t)(cue_bucket(cue_hits[i * 3 + (size_t)c], ve[i].freq) << (2 * c));
        int added;
        kh_hval *hv = kh_hash_put(&m->lex, w, strlen(w), &added);
        if (!hv)
            goto nomem;
        uint8_t lf = 0;
        while (lf < 31 && (ve[i].freq >> (lf + 1)))
            lf++;
        hv->i = ner_lex_pack((uint16_t)(fine[i] + 1), path[i], cb, lf);
    }
    if (verbose)
        fprintf(stderr, "ner clusters: %zu words in %d classes and a %d-level hierarchy\n", n_vocab,
                NER_K_FINE, NER_PATH_DEPTH);
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory while clustering");
done:
    kh_hash_clean(&s.ids);
    kh_arena_clean(&s.strings);
    kh_free(s.freq);
    kh_free(s.toks);
    kh_free(s.word_of);
    kh_free(ve);
    kh_free(vid);
    kh_free(cid);
    kh_free(counts);
    kh_free(cue_hits);
    kh_free(colsum);
    kh_free(vec);
    kh_free(fine);
    kh_free(path);
    kh_free(idx);
    return rc;
}

/* ---- static functions ---- */

static kh_rc stream_doc(void *ctx, const char *const *words, size_t n)
{
    kh_rc rc = KH_OK;
    for (size_t i = 0; i < n && rc == KH_OK; i++)
        rc = stream_push(ctx, words[i], strlen(words[i]));
    return rc;
}

static kh_rc stream_push(corpus_stream *s, const char *w, size_t n)
{
    int added;
    kh_hval *hv = kh_hash_put(&s->ids, w, n, &added);
    if (!hv)
        return KH_ERR_NOMEM;
    if (added) {
        if (s->n_words == s->cap_words) {
            size_t nc = s->cap_words ? s->cap_words * 2 : 65536;
            uint32_t *f = kh_realloc(s->freq, nc * sizeof *f);
            if (!f)
                return KH_ERR_NOMEM;
            s->freq = f;
            const char **wo = kh_realloc(s->word_of, nc * sizeof *wo);
            if (!wo)
                return KH_ERR_NOMEM;
            s->word_of = wo;
            s->cap_words = nc;
        }
        const char *copy = kh_arena_strndup(&s->strings, w, n);
        if (!copy)
            return KH_ERR_NOMEM;
        hv->i = (int64_t)s->n_words;
        s->freq[s->n_words] = 0;
        s->word_of[s->n_words] = copy;
        s->n_words++;
    }
    uint32_t id = (uint32_t)hv->i;
    s->freq[id]++;
    if (s->n_toks == s->cap_toks) {
        size_t nc = s->cap_toks ? s->cap_toks * 2 : (1 << 20);
        uint32_t *t = kh_realloc(s->toks, nc * sizeof *t);
        if (!t)
            return KH_ERR_NOMEM;
        s->toks = t;
        s->cap_toks = nc;
    }
    s->toks[s->n_toks++] = id;
    return KH_OK;
}

static int cmp_freq(const void *a, const void *b)
{
    const vocab_entry *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq > y->freq ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Spherical k-means over unit vectors; centroids start at k distinct
 * seeded picks among the words.  Scratch memory failing leaves every word
 * in class 0 (the features then carry no information, nothing breaks). */
static void kmeans(const float *vec, size_t n, size_t k, uint64_t seed, uint16_t *assign)
{
    float *cent = kh_alloc(k * NER_DIM * sizeof *cent);
    float *sum = kh_alloc(k * NER_DIM * sizeof *sum);
    memset(assign, 0, n * sizeof *assign);
    if (!cent || !sum)
        goto done;
    for (size_t c = 0; c < k; c++) {
        size_t pick = (size_t)(rng_next(&seed) % n);
        memcpy(cent + c * NER_DIM, vec + pick * NER_DIM, NER_DIM * sizeof *cent);
    }
    for (int it = 0; it < NER_KMEANS_ITERS; it++) {
        for (size_t i = 0; i < n; i++) {
            const float *x = vec + i * NER_DIM;
            float best = -2;
            for (size_t c = 0; c < k; c++) {
                const float *y = cent + c * NER_DIM;
                float dot = 0;
                for (size_t d = 0; d < NER_DIM; d++)
                    dot += x[d] * y[d];
                if (dot > best) {
                    best = dot;
                    assign[i] = (uint16_t)c;
                }
            }
        }
        memset(sum, 0, k * NER_DIM * sizeof *sum);
        for (size_t i = 0; i < n; i++)
            for (size_t d = 0; d < NER_DIM; d++)
                sum[assign[i] * NER_DIM + d] += vec[i * NER_DIM + d];
        for (size_t c = 0; c < k; c++) {
            double norm2 = 0;
            for (size_t d = 0; d < NER_DIM; d++)
                norm2 += (double)sum[c * NER_DIM + d] * sum[c * NER_DIM + d];
            if (norm2 <= 0)
                continue; /* an empty class keeps its centroid */
            for (size_t d = 0; d < NER_DIM; d++)
                cent[c * NER_DIM + d] = (float)(sum[c * NER_DIM + d] / sqrt(norm2));
        }
    }
done:
    kh_free(cent);
    kh_free(sum);
}

/* x ln x, from a table for small counts. */
static double xlogx(const double *tab, double x)
{
    if (x < 65536)
        return tab[(size_t)x];
    return x * log(x);
}

/* Top-down Brown-style hierarchy: every class of a level is split in two
 * by the exchange algorithm (Martin et al. 1998; Uszkoreit & Brants
 * 2008), maximising the likelihood of a class model of the neighbours:
 * sum over contexts x and classes c of N(x,c) ln N(x,c) - N(c) ln N(c),
 * left and right neighbours each (contexts: the NER_CTX most frequent
 * words per side, counts as in ner_cluster_build).  A word moves to the
 * other half when that raises the likelihood.  Each split looks only at
 * its own words, so memory stays two rows of contexts. */
static kh_rc exchange_tree(const uint16_t *counts, size_t n_vocab, uint32_t *idx, uint64_t seed,
                           uint16_t *path)
{
    kh_rc rc = KH_OK;
    const size_t nc = 2 * NER_CTX;
    double *tab = kh_alloc(65536 * sizeof *tab);
    size_t *off = kh_alloc((n_vocab + 1) * sizeof *off);
    uint16_t *cx = NULL, *cn = NULL;
    double *cnt = kh_alloc(2 * nc * sizeof *cnt);
    double(*wtot)[2] = kh_alloc(n_vocab * sizeof *wtot);
    uint8_t *side = kh_alloc(n_vocab);
    if (!tab || !off || !cnt || !wtot || !side)
        goto nomem;
    tab[0] = 0;
    for (size_t i = 1; i < 65536; i++)
        tab[i] = (double)i * log((double)i);
    size_t nnz = 0;
    for (size_t v = 0; v < n_vocab; v++) {
        off[v] = nnz;
        wtot[v][0] = wtot[v][1] = 0;
        for (size_t c = 0; c < nc; c++)
            if (counts[v * nc + c]) {
                nnz++;
                wtot[v][c >= NER_CTX] += counts[v * nc + c];
            }
    }
    off[n_vocab] = nnz;
    cx = kh_alloc((nnz + 1) * sizeof *cx);
    cn = kh_alloc((nnz + 1) * sizeof *cn);
    if (!cx || !cn)
        goto nomem;
    for (size_t v = 0, k = 0; v < n_vocab; v++)
        for (size_t c = 0; c < nc; c++)
            if (counts[v * nc + c]) {
                cx[k] = (uint16_t)c;
                cn[k++] = counts[v * nc + c];
            }
    for (size_t i = 0; i < n_vocab; i++)
        path[i] = 1;
    /* idx holds the words grouped by path: each level splits every group. */
    for (unsigned depth = 0; depth < NER_PATH_DEPTH; depth++) {
        for (size_t g0 = 0; g0 < n_vocab;) {
            size_t g1 = g0 + 1;
            while (g1 < n_vocab && path[idx[g1]] == path[idx[g0]])
                g1++;
            size_t n = g1 - g0;
            if (n < 4) {
                for (size_t i = g0; i < g1; i++)
                    path[idx[i]] = (uint16_t)(path[idx[i]] << 1);
                g0 = g1;
                continue;
            }
            double tot[2][2] = {{0, 0}, {0, 0}}; /* [half][side of context] */
            size_t nh[2] = {0, 0};
            memset(cnt, 0, 2 * nc * sizeof *cnt);
            for (size_t i = g0; i < g1; i++) {
                uint32_t v = idx[i];
                uint8_t h = (uint8_t)(rng_next(&seed) & 1);
                side[v] = h;
                nh[h]++;
                tot[h][0] += wtot[v][0];
                tot[h][1] += wtot[v][1];
                for (size_t k = off[v]; k < off[v + 1]; k++)
                    cnt[h * nc + cx[k]] += cn[k];
            }
            for (int it = 0; it < NER_XCH_ITERS; it++) {
                size_t moved = 0;
                for (size_t i = g0; i < g1; i++) {
                    uint32_t v = idx[i];
                    int a = side[v], b = 1 - a;
                    if (nh[a] <= 1)
                        continue;
                    double d = 0;
                    for (size_t k = off[v]; k < off[v + 1]; k++) {
                        double x = cn[k], ca = cnt[a * nc + cx[k]], cb = cnt[b * nc + cx[k]];
                        d += xlogx(tab, ca - x) - xlogx(tab, ca) + xlogx(tab, cb + x) -
                             xlogx(tab, cb);
                    }
                    for (int sd = 0; sd < 2; sd++) {
                        double x = wtot[v][sd];
                        d -= xlogx(tab, tot[a][sd] - x) - xlogx(tab, tot[a][sd]) +
                             xlogx(tab, tot[b][sd] + x) - xlogx(tab, tot[b][sd]);
                    }
                    if (d <= 1e-9)
                        continue;
                    side[v] = (uint8_t)b;
                    nh[a]--, nh[b]++;
                    for (int sd = 0; sd < 2; sd++) {
                        tot[a][sd] -= wtot[v][sd];
                        tot[b][sd] += wtot[v][sd];
                    }
                    for (size_t k = off[v]; k < off[v + 1]; k++) {
                        cnt[a * nc + cx[k]] -= cn[k];
                        cnt[b * nc + cx[k]] += cn[k];
                    }
                    moved++;
                }
                if (!moved)
                    break;
            }
            /* Half 0 first, so each half is again a run of idx. */
            size_t lo = g0, hi = g1;
            while (lo < hi) {
                if (side[idx[lo]] == 0) {
                    lo++;
                } else {
                    uint32_t t = idx[lo];
                    idx[lo] = idx[--hi];
                    idx[hi] = t;
                }
            }
            for (size_t i = g0; i < g1; i++)
                path[idx[i]] = (uint16_t)(path[idx[i]] << 1 | side[idx[i]]);
            g0 = g1;
        }
    }
    goto done;
nomem:
    rc = KH_ERR_NOMEM;
done:
    kh_free(tab);
    kh_free(off);
    kh_free(cx);
    kh_free(cn);
    kh_free(cnt);
    kh_free(wtot);
    kh_free(side);
    return rc;
}

/* 0: never or rarely after the cue, 1: >= 2%, 2: >= 10%, 3: >= 30%. */
static uint8_t cue_bucket(uint32_t hits, uint32_t freq)
{
    if (hits < 2 || freq == 0)
        return 0;
    double r = (double)hits / freq;
    return r >= 0.3 ? 3 : r >= 0.1 ? 2 : r >= 0.02 ? 1 : 0;
}
