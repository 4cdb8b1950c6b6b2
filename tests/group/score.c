/*
 * tests/group/score.c - tests src/group/score.c on clusterings small enough
 * to score by hand.
 */
#include "group/group.h"
#include "test.h"

#include <math.h>

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

TEST(score_perfect)
{
    int64_t gold[] = {1, 1, 2, 3, 3, 3};
    int64_t pred[] = {7, 7, 8, 9, 9, 9};
    kh_group_scores s;
    CHECK(kh_group_score(gold, pred, 6, &s, NULL) == KH_OK);
    CHECK(NEAR(s.b3_f, 1.0) && NEAR(s.pair_f, 1.0));
    CHECK_INT(s.n_gold, 3);
    CHECK_INT(s.n_pred, 3);
}

TEST(score_all_singletons)
{
    /* gold {a,b} {c}; pred all apart: BCubed P 1, R (1/2+1/2+1)/3; no
     * predicted pairs: pairwise P is 1 by convention, R 0. */
    int64_t gold[] = {1, 1, 2};
    int64_t pred[] = {1, 2, 3};
    kh_group_scores s;
    CHECK(kh_group_score(gold, pred, 3, &s, NULL) == KH_OK);
    CHECK(NEAR(s.b3_p, 1.0));
    CHECK(NEAR(s.b3_r, 2.0 / 3.0));
    CHECK(NEAR(s.pair_p, 1.0));
    CHECK(NEAR(s.pair_r, 0.0));
    CHECK(NEAR(s.pair_f, 0.0));
}

TEST(score_one_big_cluster)
{
    /* gold {a,b} {c,d}; pred all together: BCubed P 1/2, R 1; pairs: 6
     * predicted, 2 gold, 2 both. */
    int64_t gold[] = {1, 1, 2, 2};
    int64_t pred[] = {5, 5, 5, 5};
    kh_group_scores s;
    CHECK(kh_group_score(gold, pred, 4, &s, NULL) == KH_OK);
    CHECK(NEAR(s.b3_p, 0.5));
    CHECK(NEAR(s.b3_r, 1.0));
    CHECK(NEAR(s.pair_p, 2.0 / 6.0));
    CHECK(NEAR(s.pair_r, 1.0));
    CHECK(NEAR(s.pair_f, 0.5));
}

TEST(score_mixed)
{
    /* gold {0,1,2} {3}; pred {0,1} {2,3}.  BCubed P: 1,1,1/2,1/2 -> 3/4;
     * R: 2/3,2/3,1/3,1 -> 2/3.  Pairs: pred 2, gold 3, both 1. */
    int64_t gold[] = {1, 1, 1, 2};
    int64_t pred[] = {1, 1, 2, 2};
    kh_group_scores s;
    CHECK(kh_group_score(gold, pred, 4, &s, NULL) == KH_OK);
    CHECK(NEAR(s.b3_p, 0.75));
    CHECK(NEAR(s.b3_r, 2.0 / 3.0));
    CHECK(NEAR(s.pair_p, 0.5));
    CHECK(NEAR(s.pair_r, 1.0 / 3.0));
}

TEST(score_null_and_empty)
{
    int64_t one[] = {1};
    kh_group_scores s;
    CHECK(kh_group_score(NULL, one, 1, &s, NULL) == KH_ERR_ARG);
    CHECK(kh_group_score(one, one, 0, &s, NULL) == KH_ERR_ARG);
    CHECK(kh_group_score(one, one, 1, &s, NULL) == KH_OK);
    CHECK(NEAR(s.b3_f, 1.0));
}

int main(void)
{
    TEST_RUN("group/score", TEST_CASE(score_perfect), TEST_CASE(score_all_singletons),
             TEST_CASE(score_one_big_cluster), TEST_CASE(score_mixed),
             TEST_CASE(score_null_and_empty));
}
