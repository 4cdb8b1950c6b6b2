/*
 * src/analyse/ner_train.c - training the NER tagger: an averaged
 * structured perceptron with first-order Viterbi decoding.
 *
 * Input: a tagged corpus (ANERcorp train part).  Output: a kh_ner_model
 * holding the averaged weights, ready to save (ner_model.c).
 * Fits: `khabar train ner` (src/cli/cmd_train.c); the tests train a tiny
 * model the same way.
 *
 * Method (Collins 2002): every epoch visits pseudo-documents of sentences
 * in an order shuffled by a seeded PRNG (state on the stack, so one seed
 * gives one model); each sentence is decoded with the current weights
 * (ner_viterbi, history from the predicted tags of earlier sentences), and
 * where the best path differs from the gold one, the gold path's features
 * go up by one and the predicted path's down by one (static features where
 * the token's tag differs, left-tag features where the tag or its left tag
 * differs).  With a name cost the decoding is loss-augmented (Taskar
 * et al. 2004, as in the structured SVM and cost-sensitive perceptrons):
 * on tokens inside a gold name, every other tag gets name_cost added to
 * its score, so a name must win by that margin or the weights move; O
 * tokens cost nothing.  The model then leans to names: recall for a
 * little precision, and a better F1 on dev than the same lean bought
 * with an O bias at decoding (docs/analyse.md).  Averaging uses Daume's
 * trick (w - u/steps), so an update costs O(features), not O(model).
 * Static features are computed once for the whole corpus; features seen
 * fewer than min_count times are dropped.  Each model is the mean of
 * NER_SEEDS such perceptrons trained with different shuffles
 * (train_bagged).
 * Depends on: core, text.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

#define NER_SEEDS 5 /* perceptrons averaged per model (train_bagged) */
/* Taken from model A's O scores while it tags the unlabelled news for the
 * self-gazetteer: more names found there, and model B learns how far to
 * trust them (dev +0.009 at 15, +0.002 at 30; docs/analyse.md). */
#define NER_GAZ_O_BIAS 15.0

/* ---- static prototypes ---- */

static kh_rc train_bagged(const kh_ner_corpus *c, const kh_ner_train_opts *opts, kh_ner_model *m,
                          kh_err *err);
static kh_rc train_weights(const kh_ner_corpus *c, const kh_ner_train_opts *opts, kh_ner_model *m,
                           kh_err *err);
static uint64_t rng_next(uint64_t *s);
static void update(kh_ner_model *m, const uint64_t *f, size_t nf, uint8_t tag, float delta,
                   double step, int *oom);
static void add_row(const kh_ner_model *m, uint64_t key, float *score);

/* ---- public functions ---- */

kh_rc kh_analyse_ner_train(const kh_ner_corpus *c, const kh_ner_train_opts *opts,
                           kh_ner_model **out, kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_ner_model *m = NULL, *m2 = NULL;
    *out = NULL;
    if (!c || c->n_tokens == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "no training data");
    m = ner_model_new(1 << 20);
    if (!m)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    int unl = opts && opts->n_unlabeled;
    if (unl && (rc = ner_cluster_build(m, opts->unlabeled, opts->n_unlabeled, opts->seed,
                                       opts->verbose, err)) != KH_OK)
        goto done;
    if ((rc = train_bagged(c, opts, m, err)) != KH_OK)
        goto done;
    if (unl) {
        /* Model A tags the unlabelled text (with an O bias: more
         * recall); model B learns with what A found.  B starts from zero
         * weights and keeps A's lexicon. */
        kh_analyse_ner_shift_o(m, NER_GAZ_O_BIAS);
        if ((rc = ner_gazetteer_build(m, opts->unlabeled, opts->n_unlabeled, opts->verbose, err)) !=
            KH_OK)
            goto done;
        m2 = ner_model_new(1 << 20);
        if (!m2) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        kh_hash_clean(&m2->lex);
        m2->lex = m->lex;
        kh_hash_init(&m->lex, NULL);
        if ((rc = train_bagged(c, opts, m2, err)) != KH_OK)
            goto done;
        kh_analyse_ner_free(m);
        m = m2;
        m2 = NULL;
    }
    if (opts && opts->o_bias != 0.0)
        kh_analyse_ner_shift_o(m, opts->o_bias);
    if (ner_feature_index(m) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    *out = m;
    m = NULL;
done:
    kh_analyse_ner_free(m);
    kh_analyse_ner_free(m2);
    return rc;
}

/* ---- static functions ---- */

/* NER_SEEDS perceptrons trained with different shuffles, their averaged
 * weights averaged again into m (which holds the lexicon they all use):
 * a perceptron's result depends on the visiting order, and the mean of
 * a few orders is steadier than any one of them. */
static kh_rc train_bagged(const kh_ner_corpus *c, const kh_ner_train_opts *opts, kh_ner_model *m,
                          kh_err *err)
{
    kh_ner_train_opts o;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    uint64_t base = o.seed;
    int n_seeds = o.shuffles > 0 ? o.shuffles : NER_SEEDS;
    for (int j = 0; j < n_seeds; j++) {
        kh_ner_model *mj = ner_model_new(1 << 20);
        if (!mj)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        kh_hash_clean(&mj->lex);
        mj->lex = m->lex; /* borrowed for the features, handed back below */
        o.seed = base + (uint64_t)j * 0x9e3779b97f4a7c15ull;
        kh_rc rc = train_weights(c, &o, mj, err);
        kh_hash_init(&mj->lex, NULL);
        for (size_t i = 0; rc == KH_OK && i < mj->n_slots; i++) {
            if (!mj->keys[i])
                continue;
            long s = ner_model_put(m, mj->keys[i]);
            if (s < 0) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                break;
            }
            for (int t = 0; t < KH_NER_N_TAGS; t++)
                m->w[(size_t)s * KH_NER_N_TAGS + t] +=
                    mj->w[i * KH_NER_N_TAGS + t] / (float)n_seeds;
        }
        kh_analyse_ner_free(mj);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
}

static kh_rc train_weights(const kh_ner_corpus *c, const kh_ner_train_opts *opts, kh_ner_model *m,
                           kh_err *err)
{
    kh_rc rc = KH_OK;
    int epochs = opts && opts->epochs > 0 ? opts->epochs : 12;
    int min_count = opts && opts->min_count > 0 ? opts->min_count : 1;
    uint64_t seed = opts ? opts->seed : 0;
    float name_cost = opts ? (float)opts->name_cost : 0.0f;
    kh_ner_model *counts = NULL;
    uint64_t *feats = NULL;
    uint8_t *n_feats = NULL;
    size_t *order = NULL;
    ner_hist *hist = NULL;
    ner_tok *toks = NULL;
    uint64_t *hw = NULL; /* each token's word hash, for the tag-history features */
    float stat[NER_MAX_SENT][KH_NER_N_TAGS];
    uint64_t hk[NER_MAX_SENT];
    const uint16_t *hh[NER_MAX_SENT];
    uint8_t pred[NER_MAX_SENT];
    ner_dyncache dc;
    feats = kh_alloc(c->n_tokens * NER_MAX_FEATS * sizeof *feats);
    n_feats = kh_alloc(c->n_tokens);
    order = kh_alloc(c->n_sents * sizeof *order);
    hist = kh_alloc(sizeof *hist);
    counts = min_count > 1 ? ner_model_new(1 << 20) : NULL;
    if (!feats || !n_feats || !order || !hist || (min_count > 1 && !counts) ||
        ner_model_train_init(m) != KH_OK)
        goto nomem;

    size_t max_len = 1;
    for (size_t k = 0; k < c->n_sents; k++)
        if (c->sent_start[k + 1] - c->sent_start[k] > max_len)
            max_len = c->sent_start[k + 1] - c->sent_start[k];
    toks = kh_alloc(max_len * sizeof *toks);
    hw = kh_alloc(c->n_tokens * sizeof *hw);
    if (!toks || !hw)
        goto nomem;
    for (size_t k = 0; k < c->n_sents; k++) {
        size_t a = c->sent_start[k], b = c->sent_start[k + 1];
        for (size_t i = a; i < b; i++) {
            ner_feature_prepare(m, c->words[i], &toks[i - a]);
            hw[i] = toks[i - a].hw;
        }
        for (size_t i = a; i < b; i++) {
            n_feats[i] =
                (uint8_t)ner_feature_static(m, toks, b - a, i - a, feats + i * NER_MAX_FEATS);
            for (size_t j = 0; counts && j < n_feats[i]; j++) {
                long s = ner_model_put(counts, feats[i * NER_MAX_FEATS + j]);
                if (s < 0)
                    goto nomem;
                counts->w[(size_t)s * KH_NER_N_TAGS] += 1.0f;
            }
        }
    }
    if (counts) {
        /* Drop rare features from every token's list, keeping the order. */
        for (size_t i = 0; i < c->n_tokens; i++) {
            uint64_t *f = feats + i * NER_MAX_FEATS;
            size_t kept = 0;
            for (size_t j = 0; j < n_feats[i]; j++) {
                const float *r = ner_model_row(counts, f[j]);
                if (r && r[0] >= (float)min_count)
                    f[kept++] = f[j];
            }
            n_feats[i] = (uint8_t)kept;
        }
        kh_analyse_ner_free(counts);
        counts = NULL;
    }

    /* Shuffled unit: a pseudo-document of NER_DOC_SENTS sentences, whose
     * sentences are visited in order with one prediction history. */
    size_t n_docs = (c->n_sents + NER_DOC_SENTS - 1) / NER_DOC_SENTS;
    for (size_t k = 0; k < n_docs; k++)
        order[k] = k;
    double step = 1;
    int oom = 0;
    for (int e = 0; e < epochs; e++) {
        for (size_t k = n_docs; k > 1; k--) {
            size_t j = (size_t)(rng_next(&seed) % k);
            size_t t = order[k - 1];
            order[k - 1] = order[j];
            order[j] = t;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < n_docs * NER_DOC_SENTS; k++) {
            size_t sent = order[k / NER_DOC_SENTS] * NER_DOC_SENTS + k % NER_DOC_SENTS;
            if (k % NER_DOC_SENTS == 0)
                ner_hist_clear(hist);
            if (sent >= c->n_sents)
                continue;
            size_t a = c->sent_start[sent], b = c->sent_start[sent + 1];
            size_t len = b - a;
            for (size_t i = a; i < b; i++) {
                float *score = stat[i - a];
                memset(score, 0, sizeof stat[0]);
                const uint64_t *f = feats + i * NER_MAX_FEATS;
                for (size_t j = 0; j < n_feats[i]; j++)
                    add_row(m, f[j], score);
                hk[i - a] = ner_hist_key(c->words[i]);
                hh[i - a] = ner_hist_get(hist, hk[i - a]);
                /* Loss-augmented decoding: on a name token every other
                 * tag scores name_cost more, so the update also fires
                 * where gold wins by less than that margin. */
                for (int t = 0; c->tags[i] && name_cost != 0.0f && t < KH_NER_N_TAGS; t++)
                    if (t != c->tags[i])
                        score[t] += name_cost;
            }
            ner_dyncache_clear(&dc); /* the weights changed */
            ner_viterbi(m, &dc, (const float(*)[KH_NER_N_TAGS])stat, hw + a, hh, NULL, len, pred);
            /* Structured update: the gold path's features up, the
             * predicted path's down, where the two differ. */
            for (size_t i = 0; i < len; i++) {
                uint8_t gold = c->tags[a + i], gp = i ? c->tags[a + i - 1] : 0;
                uint8_t pp = i ? pred[i - 1] : 0;
                if (gold != pred[i]) {
                    wrong++;
                    const uint64_t *f = feats + (a + i) * NER_MAX_FEATS;
                    update(m, f, n_feats[a + i], gold, 1.0f, step, &oom);
                    update(m, f, n_feats[a + i], pred[i], -1.0f, step, &oom);
                }
                if (gold != pred[i] || gp != pp) {
                    uint64_t dyn[NER_MAX_DYN_FEATS];
                    size_t nd = ner_feature_dyn(hw[a + i], gp, hh[i], dyn);
                    update(m, dyn, nd, gold, 1.0f, step, &oom);
                    nd = ner_feature_dyn(hw[a + i], pp, hh[i], dyn);
                    update(m, dyn, nd, pred[i], -1.0f, step, &oom);
                }
                if (oom)
                    goto nomem;
            }
            for (size_t i = 0; i < len; i++)
                ner_hist_add(hist, hk[i], pred[i]);
            step += (double)len;
        }
        if (opts && opts->verbose)
            fprintf(stderr, "ner train: epoch %d: %zu of %zu tokens wrong, %zu features\n", e + 1,
                    wrong, c->n_tokens, m->n_used);
    }
    /* Averaged weights: w - u / steps. */
    for (size_t i = 0; i < m->n_slots * KH_NER_N_TAGS; i++)
        m->w[i] = (float)((double)m->w[i] - m->u[i] / step);
    kh_free(m->u);
    m->u = NULL;
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory while training");
done:
    kh_free(feats);
    kh_free(n_feats);
    kh_free(order);
    kh_free(hist);
    kh_free(toks);
    kh_free(hw);
    kh_analyse_ner_free(counts);
    return rc;
}

/* splitmix64: the state is the caller's, so training has no global state. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void update(kh_ner_model *m, const uint64_t *f, size_t nf, uint8_t tag, float delta,
                   double step, int *oom)
{
    for (size_t j = 0; j < nf; j++) {
        long s = ner_model_put(m, f[j]);
        if (s < 0) {
            *oom = 1;
            return;
        }
        size_t base = (size_t)s * KH_NER_N_TAGS;
        m->w[base + tag] += delta;
        m->u[base + tag] += delta * step;
    }
}

static void add_row(const kh_ner_model *m, uint64_t key, float *score)
{
    const float *r = ner_model_row(m, key);
    if (r)
        for (int t = 0; t < KH_NER_N_TAGS; t++)
            score[t] += r[t];
}
