/*
 * tests/group/feature.c - tests src/group/feature.c: the link cosine found
 * by lookups in the placed article's term table (kh_group_feature_link_q)
 * against the merge of two sorted vectors (kh_group_feature_link), which
 * must agree to the bit: the clusterer's choices follow from them.
 */
#include "core/alloc.h"
#include "group/group_int.h"
#include "test.h"

#include <math.h>

/* A small deterministic generator (xorshift64*). */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

/* n distinct ascending term ids below range, weights and norm. */
static void fill(gart *a, gterm *t, float *w, uint32_t n, uint32_t range, uint64_t *seed)
{
    uint32_t id = 0, k = 0;
    double s = 0;
    while (k < n && id < range) {
        if (next(seed) % (range / (n ? n : 1) + 1) == 0 || range - id <= n - k) {
            t[k].id = id;
            t[k].tf = 1;
            w[k] = (float)(next(seed) % 1000) / 97.0f;
            s += (double)w[k] * w[k];
            k++;
        }
        id++;
    }
    a->vec.t = t;
    a->vec.n = k;
    a->w = w;
    a->norm = sqrt(s);
}

TEST(feature_link_lookup_matches_merge)
{
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.idf_path = "";
    kh_err err;
    kh_err_init(&err, NULL);
    kh_group *g = kh_group_new(&o, &err);
    CHECK(g != NULL);
    if (!g)
        return;
    enum { MAXN = 1200 };
    gterm *ta = kh_alloc(MAXN * sizeof *ta), *tb = kh_alloc(MAXN * sizeof *tb);
    float *wa = kh_alloc(MAXN * sizeof *wa), *wb = kh_alloc(MAXN * sizeof *wb);
    uint8_t *mark = kh_alloc(MAXN);
    CHECK(ta && tb && wa && wb && mark);
    uint64_t seed = 0x6B68616272ull;
    /* Sizes from empty to past the first table (256 slots, a quarter full
     * at 64 terms), and back down after it grew. */
    const uint32_t sizes[] = {0, 1, 5, 40, 64, 65, 300, 1100, 3, 60};
    int same = 1, shared_seen = 0;
    for (size_t si = 0; ta && tb && wa && wb && mark && si < sizeof sizes / sizeof sizes[0]; si++) {
        gart a = {0};
        uint32_t range = sizes[si] * 3 + 10;
        fill(&a, ta, wa, sizes[si], range, &seed);
        for (uint32_t i = 0; i < a.vec.n; i++)
            mark[i] = (uint8_t)(next(&seed) & 1);
        CHECK(kh_group_feature_query(g, &a, &err) == KH_OK);
        for (int r = 0; r < 50; r++) {
            gart b = {0};
            uint32_t nb = (uint32_t)(next(&seed) % 200);
            fill(&b, tb, wb, nb, range, &seed);
            if (r == 0) { /* b = a */
                b.vec = a.vec;
                b.w = a.w;
                b.norm = a.norm;
            }
            int n1 = -1, n2 = -2;
            double s1 = kh_group_feature_link(&a, &b, mark, &n1);
            double s2 = kh_group_feature_link_q(g, &a, &b, mark, &n2);
            same &= s1 == s2 && n1 == n2;
            shared_seen |= s1 > 0;
        }
    }
    CHECK(same);
    CHECK(shared_seen);
    kh_free(ta);
    kh_free(tb);
    kh_free(wa);
    kh_free(wb);
    kh_free(mark);
    kh_group_free(g);
}

TEST(feature_query_alloc_failure)
{
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.idf_path = "";
    kh_err err;
    kh_err_init(&err, NULL);
    kh_group *g = kh_group_new(&o, &err);
    CHECK(g != NULL);
    if (!g)
        return;
    enum { N = 2000 };
    gterm *t = kh_alloc(N * sizeof *t);
    float *w = kh_alloc(N * sizeof *w);
    CHECK(t && w);
    if (t && w) {
        gart a = {0};
        uint64_t seed = 7;
        fill(&a, t, w, N, 3 * N, &seed);
        CHECK(a.vec.n == N);
        /* The table must grow for 2,000 terms: that allocation fails. */
        kh_alloc_fail_after(0);
        kh_rc rc = kh_group_feature_query(g, &a, &err);
        kh_alloc_fail_after(-1);
#ifdef KH_FAULT_INJECT
        CHECK(rc == KH_ERR_NOMEM);
#else
        CHECK(rc == KH_OK);
#endif
        CHECK(kh_group_feature_query(g, &a, &err) == KH_OK);
    }
    kh_free(t);
    kh_free(w);
    kh_group_free(g);
}

int main(void)
{
    TEST_RUN("group/feature", TEST_CASE(feature_link_lookup_matches_merge),
             TEST_CASE(feature_query_alloc_failure));
}
