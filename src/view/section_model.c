/*
 * src/view/section_model.c - reads the section model file and answers IDF
 * questions from it.
 *
 * Format (gzip or plain text, written by section_train.c):
 *   khabar-section-model 1
 *   docs N D_0 ... D_10        documents overall, then labelled per class
 *   stem DF C_0 ... C_10       one line per stem: documents using it, and
 *                              its (sublinear) count in each class
 * Classes are in kh_view_section order.  Keeping counts rather than
 * probabilities lets the smoothing change without retraining and gives the
 * IDF that summaries and unique facts need from the same file.
 *
 * Fits: loaded once by the CLI or the store; read-only afterwards.
 * Depends on: core.
 */
#include "view/view_int.h"
#include "core/alloc.h"
#include "core/path.h"
#include "core/lines.h"

#include <math.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ALPHA 0.1 /* additive smoothing of P(stem | class) */
#define MAX_VOCAB (1u << 22)

static kh_rc parse_nums(const char **pp, const char *end, double *vals, size_t n_vals,
                        int signed_ok);

/* Reads n_vals numbers from *pp (advanced past them); counts must not be
 * negative, weights (signed_ok) may. */
static kh_rc parse_nums(const char **pp, const char *end, double *vals, size_t n_vals,
                        int signed_ok)
{
    const char *p = *pp;
    for (size_t i = 0; i < n_vals; i++) {
        char *e;
        while (p < end && *p == ' ')
            p++;
        if (p >= end)
            return KH_ERR_PARSE;
        vals[i] = strtod(p, &e);
        if (e == p || e > end || !isfinite(vals[i]) || (!signed_ok && vals[i] < 0))
            return KH_ERR_PARSE;
        p = e;
    }
    *pp = p;
    return KH_OK;
}

kh_rc kh_view_section_model_load(const char *path, kh_view_model **out, kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_lines *l = NULL;
    kh_view_model *m = NULL;
    double *counts = NULL; /* n_vocab x K while reading */
    double tokens[KH_VIEW_SECTION__COUNT] = {0};
    size_t cap = 0;
    const int K = KH_VIEW_SECTION__COUNT;

    *out = NULL;
    kh_err local;
    if (!err) {
        /* The line reader tells out-of-memory from I/O only through err. */
        kh_err_init(&local, path);
        err = &local;
    }
    l = kh_lines_open(path, err);
    if (!l)
        return err->rc ? err->rc : KH_ERR_IO;
    m = kh_calloc(1, sizeof *m);
    if (!m) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    kh_hash_init(&m->vocab, NULL);
    const char *line;
    size_t len;
    int seen_docs = 0, has_lr = 0;
    while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
        long ln = kh_lines_number(l);
        double vals[1 + KH_VIEW_SECTION__COUNT];
        if (ln == 1) {
            if (len != strlen(KH_VIEW_MODEL_MAGIC) || memcmp(line, KH_VIEW_MODEL_MAGIC, len)) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, 0, "not a khabar section model");
                goto done;
            }
            continue;
        }
        const char *sp = memchr(line, ' ', len);
        if (!sp || sp == line) {
            rc = kh_err_set(err, KH_ERR_PARSE, ln, 0, "expected 'stem df counts...'");
            goto done;
        }
        size_t klen = (size_t)(sp - line);
        const char *p = sp, *end = line + len;
        if (seen_docs && klen == 5 && memcmp(line, "#bias", 5) == 0) {
            /* Logistic regression weights follow on every stem line. */
            if (parse_nums(&p, end, vals, 1 + K, 1) != KH_OK) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, (long)klen, "bad biases");
                goto done;
            }
            for (int c = 0; c < K; c++)
                m->bias[c] = vals[1 + c];
            has_lr = 1;
            continue;
        }
        if (parse_nums(&p, end, vals, 1 + K, 0) != KH_OK) {
            rc = kh_err_set(err, KH_ERR_PARSE, ln, (long)klen, "bad counts");
            goto done;
        }
        if (!seen_docs) {
            if (klen != 4 || memcmp(line, "docs", 4) != 0) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, 0, "expected the 'docs' line");
                goto done;
            }
            m->n_docs = (size_t)vals[0];
            for (int c = 0; c < K; c++)
                m->class_docs[c] = (size_t)vals[1 + c];
            seen_docs = 1;
            continue;
        }
        if (m->n_vocab == cap) {
            if (cap >= MAX_VOCAB) {
                rc = kh_err_set(err, KH_ERR_TOOBIG, ln, 0, "more than %u stems", MAX_VOCAB);
                goto done;
            }
            size_t ncap = cap ? cap * 2 : 4096;
            double *nc = kh_realloc(counts, ncap * K * sizeof *nc);
            uint32_t *ndf = nc ? kh_realloc(m->df, ncap * sizeof *ndf) : NULL;
            if (nc)
                counts = nc;
            if (ndf)
                m->df = ndf;
            float *nw = ndf && has_lr ? kh_realloc(m->w, ncap * K * sizeof *nw) : NULL;
            if (nw)
                m->w = nw;
            if (!nc || !ndf || (has_lr && !nw)) {
                rc = kh_err_set(err, KH_ERR_NOMEM, ln, 0, "out of memory");
                goto done;
            }
            cap = ncap;
        }
        int added = 0;
        kh_hval *v = kh_hash_put(&m->vocab, line, klen, &added);
        if (!v) {
            rc = kh_err_set(err, KH_ERR_NOMEM, ln, 0, "out of memory");
            goto done;
        }
        if (!added) {
            rc = kh_err_set(err, KH_ERR_PARSE, ln, 0, "stem listed twice");
            goto done;
        }
        v->i = (int64_t)m->n_vocab;
        m->df[m->n_vocab] = (uint32_t)vals[0];
        if (has_lr) {
            double wv[KH_VIEW_SECTION__COUNT];
            if (parse_nums(&p, end, wv, K, 1) != KH_OK) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, (long)klen, "bad weights");
                goto done;
            }
            for (int c = 0; c < K; c++)
                m->w[m->n_vocab * K + c] = (float)wv[c];
        }
        for (int c = 0; c < K; c++) {
            counts[m->n_vocab * K + c] = vals[1 + c];
            tokens[c] += vals[1 + c];
        }
        m->n_vocab++;
    }
    if (rc != KH_DONE)
        goto done;
    rc = KH_OK;
    if (!seen_docs || m->n_vocab == 0) {
        rc = kh_err_set(err, KH_ERR_EMPTY, kh_lines_number(l), 0, "model has no vocabulary");
        goto done;
    }
    m->logp = kh_alloc(m->n_vocab * K * sizeof *m->logp);
    if (!m->logp) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    int n_trained = 0;
    for (int c = 0; c < K; c++)
        n_trained += m->class_docs[c] > 0;
    for (int c = 0; c < K; c++) {
        /* A uniform prior over the trained labels: the corpus is heavy with
         * economy (a whole economic daily) and that should not make every
         * doubtful article economic (measured: same accuracy, better
         * macro-F1 than the empirical prior; docs/view.md). */
        m->prior[c] = m->class_docs[c] ? -log((double)n_trained) : -INFINITY;
        double denom = tokens[c] + ALPHA * (double)m->n_vocab;
        for (size_t w = 0; w < m->n_vocab; w++)
            m->logp[w * K + c] = (float)log((counts[w * K + c] + ALPHA) / denom);
    }
done:
    kh_free(counts);
    kh_lines_close(l);
    if (rc != KH_OK) {
        kh_view_section_model_free(m);
        m = NULL;
    }
    *out = m;
    return rc;
}

void kh_view_section_model_free(kh_view_model *m)
{
    if (!m)
        return;
    kh_hash_clean(&m->vocab);
    kh_free(m->df);
    kh_free(m->logp);
    kh_free(m->w);
    kh_free(m);
}

double kh_view_section_model_idf(const kh_view_model *m, const char *stem, size_t len)
{
    if (!m || m->n_docs == 0)
        return 1;
    kh_hval *v = kh_hash_get(&m->vocab, stem, len);
    /* Stems under the training cut-off were seen at most a couple of times. */
    double df = v ? m->df[v->i] : 1;
    double idf = log((double)m->n_docs / (df + 1));
    return idf > 0.1 ? idf : 0.1;
}

const char *kh_view_section_model_default_path(char *buf, size_t cap)
{
    return kh_path_model("section.model", buf, cap);
}
