/*
 * src/group/pair.c - the similarity of two texts by the clusterer's measure.
 *
 * Input: two kh_group_doc (title optional) and a clusterer whose IDF counts
 * (kh_group_learn or earlier assignments) stand for the language's usage.
 * Output: a similarity in [0, 1], the cosine of the two tf-idf term vectors
 * of feature.c.  Neither text is added to the clusterer.
 *
 * Fits: `khabar similarity` (src/cli/cmd_similarity.c).  Depends on: core.
 */
#include "core/alloc.h"
#include "group/group_int.h"

kh_rc kh_group_pair_similarity(kh_group *g, const kh_group_doc *a, const kh_group_doc *b,
                               double *sim, kh_err *err)
{
    if (!g || !a || !b || !sim)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_pair_similarity: missing argument");
    gvec va = {0}, vb = {0};
    /* Whole texts count here: a pair's texts are cut to head and tail,
     * and what they share may be anywhere. */
    double w_rest = g->w_rest;
    g->w_rest = g->w_lead;
    kh_rc rc = kh_group_feature_match(g, a, err);
    if (rc == KH_OK)
        rc = kh_group_feature_build(g, a, 0, &va, NULL, NULL, err);
    if (rc == KH_OK)
        rc = kh_group_feature_match(g, b, err);
    if (rc == KH_OK)
        rc = kh_group_feature_build(g, b, 0, &vb, NULL, NULL, err);
    g->w_rest = w_rest;
    if (rc == KH_OK)
        *sim = kh_group_feature_cosine(g, &va, &vb);
    kh_free(va.t);
    kh_free(vb.t);
    return rc;
}
