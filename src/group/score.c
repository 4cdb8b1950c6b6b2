/*
 * src/group/score.c - clustering scores: BCubed and pairwise precision,
 * recall and F1 of a predicted clustering against a gold one.
 *
 * Input: two label arrays over the same items.  Output: kh_group_scores.
 * Fits: `khabar eval stories`, tests/group/eval.c.  Depends on: core.
 *
 * Method: BCubed (Bagga & Baldwin; Amigó et al. 2009) averages over items
 * the share of an item's predicted cluster that is in its gold cluster
 * (precision) and the reverse (recall).  Pairwise counts item pairs put
 * together by both, by prediction only, by gold only.  Both come from the
 * contingency counts of (gold, pred) label pairs, so the cost is n log n.
 */
#include "core/alloc.h"
#include "group/group.h"

#include <stdlib.h>

/* ==== static prototypes ==== */

typedef struct item {
    int64_t gold, pred;
    size_t pred_size; /* size of the item's predicted cluster */
} item;

static int by_gold_pred(const void *a, const void *b);
static int by_pred(const void *a, const void *b);
static double f1(double p, double r);

/* ==== public functions ==== */

kh_rc kh_group_score(const int64_t *gold, const int64_t *pred, size_t n, kh_group_scores *out,
                     kh_err *err)
{
    if (!gold || !pred || !out || n == 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_score: no items to score");
    kh_rc rc = KH_OK;
    item *it = kh_alloc(n * sizeof *it);
    if (!it) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory scoring %zu items", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        it[i].gold = gold[i];
        it[i].pred = pred[i];
    }
    /* Sorted by pred, runs are predicted clusters; sorted by (gold, pred),
     * runs are gold clusters and, inside them, cells of the contingency
     * table. */
    qsort(it, n, sizeof *it, by_pred);
    kh_group_scores s = {0};
    double pred_pairs = 0, gold_pairs = 0, both_pairs = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && it[j].pred == it[i].pred)
            j++;
        for (size_t k = i; k < j; k++)
            it[k].pred_size = j - i;
        s.n_pred++;
        pred_pairs += (double)(j - i) * (double)(j - i - 1) / 2;
        i = j;
    }
    qsort(it, n, sizeof *it, by_gold_pred);
    double bp = 0, br = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && it[j].gold == it[i].gold)
            j++;
        size_t g = j - i;
        s.n_gold++;
        gold_pairs += (double)g * (double)(g - 1) / 2;
        for (size_t k = i; k < j;) {
            size_t m = k;
            while (m < j && it[m].pred == it[k].pred)
                m++;
            size_t cell = m - k, p = it[k].pred_size;
            both_pairs += (double)cell * (double)(cell - 1) / 2;
            bp += (double)cell * cell / (double)p;
            br += (double)cell * cell / (double)g;
            k = m;
        }
        i = j;
    }
    s.n_items = n;
    s.b3_p = bp / (double)n;
    s.b3_r = br / (double)n;
    s.b3_f = f1(s.b3_p, s.b3_r);
    s.pair_p = pred_pairs > 0 ? both_pairs / pred_pairs : 1.0;
    s.pair_r = gold_pairs > 0 ? both_pairs / gold_pairs : 1.0;
    s.pair_f = f1(s.pair_p, s.pair_r);
    *out = s;

done:
    kh_free(it);
    return rc;
}

/* ==== static functions ==== */

static int by_gold_pred(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->gold != y->gold)
        return x->gold < y->gold ? -1 : 1;
    return (x->pred > y->pred) - (x->pred < y->pred);
}

static int by_pred(const void *a, const void *b)
{
    const item *x = a, *y = b;
    return (x->pred > y->pred) - (x->pred < y->pred);
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
