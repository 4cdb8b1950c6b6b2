/*
 * src/view/section_lr.c - multinomial logistic regression for sections,
 * fitted by stochastic gradient descent on the labelled corpus pages.
 *
 * Fits: section_train.c collects each labelled page's stems (sublinear
 * counts) with kh_view_lr_docs_add() during its counting pass, then calls
 * kh_view_lr_fit(); the weights go into the model file next to the naive
 * Bayes counts, and section.c scores with them when present.
 * Depends on: core.
 * Method: features are (1 + log tf) * idf, L2-normalised per page (the
 * same at prediction); softmax over the trained labels; each page's
 * gradient is weighted by N / (K * n_label) so small sections count as
 * much as economy (the analogue of the classifier's uniform prior); the
 * step is 0.5 / (1 + epoch) over EPOCHS shuffled passes, with an L2 decay
 * on the weights a page touches.  Deterministic: a fixed-seed shuffle.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <string.h>

#define EPOCHS 8
#define L2 1e-5

kh_rc kh_view_lr_docs_add(kh_view_lr_docs *d, const uint32_t *ids, const float *vals, size_t n,
                          int label)
{
    if (d->n + n > d->cap) {
        size_t cap = d->cap ? d->cap : 1 << 16;
        while (cap < d->n + n)
            cap *= 2;
        uint32_t *ni = kh_realloc(d->ids, cap * sizeof *ni);
        if (!ni)
            return KH_ERR_NOMEM;
        d->ids = ni;
        float *nv = kh_realloc(d->vals, cap * sizeof *nv);
        if (!nv)
            return KH_ERR_NOMEM;
        d->vals = nv;
        d->cap = cap;
    }
    if (d->n_docs + 2 > d->cap_docs) {
        size_t cap = d->cap_docs ? d->cap_docs * 2 : 1024;
        size_t *ns = kh_realloc(d->start, cap * sizeof *ns);
        if (!ns)
            return KH_ERR_NOMEM;
        d->start = ns;
        signed char *nl = kh_realloc(d->label, cap * sizeof *nl);
        if (!nl)
            return KH_ERR_NOMEM;
        d->label = nl;
        d->cap_docs = cap;
    }
    memcpy(d->ids + d->n, ids, n * sizeof *ids);
    memcpy(d->vals + d->n, vals, n * sizeof *vals);
    d->start[d->n_docs] = d->n;
    d->label[d->n_docs] = (signed char)label;
    d->n += n;
    d->n_docs++;
    d->start[d->n_docs] = d->n;
    return KH_OK;
}

void kh_view_lr_docs_clean(kh_view_lr_docs *d)
{
    kh_free(d->ids);
    kh_free(d->vals);
    kh_free(d->start);
    kh_free(d->label);
    memset(d, 0, sizeof *d);
}

kh_rc kh_view_lr_fit(kh_view_lr_docs *d, const double *idf, size_t n_rows, float *w, double *bias)
{
    const int K = KH_VIEW_SECTION__COUNT;
    size_t n_label[KH_VIEW_SECTION__COUNT] = {0};
    double cw[KH_VIEW_SECTION__COUNT];
    size_t *order = NULL;

    memset(w, 0, n_rows * K * sizeof *w);
    for (int c = 0; c < K; c++)
        bias[c] = 0;
    if (d->n_docs == 0)
        return KH_OK;
    order = kh_alloc(d->n_docs * sizeof *order);
    if (!order)
        return KH_ERR_NOMEM;
    /* Weigh by IDF and normalise each page once. */
    for (size_t i = 0; i < d->n_docs; i++) {
        double norm = 0;
        for (size_t k = d->start[i]; k < d->start[i + 1]; k++) {
            d->vals[k] = (float)(d->vals[k] * idf[d->ids[k]]);
            norm += (double)d->vals[k] * d->vals[k];
        }
        norm = sqrt(norm);
        for (size_t k = d->start[i]; k < d->start[i + 1] && norm > 0; k++)
            d->vals[k] = (float)(d->vals[k] / norm);
        n_label[d->label[i]]++;
        order[i] = i;
    }
    int n_trained = 0;
    for (int c = 0; c < K; c++)
        n_trained += n_label[c] > 0;
    for (int c = 0; c < K; c++)
        cw[c] = n_label[c] ? (double)d->n_docs / ((double)n_trained * n_label[c]) : 0;
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
        double lr = 0.5 / (1 + epoch);
        for (size_t i = d->n_docs; i > 1; i--) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            size_t j = (size_t)(seed >> 33) % i, tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t o = 0; o < d->n_docs; o++) {
            size_t i = order[o];
            double s[KH_VIEW_SECTION__COUNT], mx = -INFINITY, z = 0;
            for (int c = 0; c < K; c++) {
                if (!n_label[c]) {
                    s[c] = -INFINITY;
                    continue;
                }
                s[c] = bias[c];
                for (size_t k = d->start[i]; k < d->start[i + 1]; k++)
                    s[c] += (double)d->vals[k] * w[(size_t)d->ids[k] * K + c];
                if (s[c] > mx)
                    mx = s[c];
            }
            for (int c = 0; c < K; c++) {
                s[c] = n_label[c] ? exp(s[c] - mx) : 0;
                z += s[c];
            }
            double scale = lr * cw[d->label[i]];
            for (int c = 0; c < K; c++) {
                if (!n_label[c])
                    continue;
                double g = s[c] / z - (c == d->label[i]);
                bias[c] -= scale * g;
                for (size_t k = d->start[i]; k < d->start[i + 1]; k++) {
                    float *wp = &w[(size_t)d->ids[k] * K + c];
                    *wp -= (float)(scale * g * d->vals[k] + lr * L2 * *wp);
                }
            }
        }
    }
    kh_free(order);
    return KH_OK;
}
