/*
 * tests/view/related.c - story terms and the ranking of related stories:
 * shared entities and terms rank higher, the same event and unrelated
 * stories are left out.
 */
#include "test.h"
#include "view/view.h"
#include "core/alloc.h"

#include <math.h>

static const kh_view_term t_cur[] = {
    {"اوكرانيا", 0.6}, {"روسيا", 0.5}, {"باريس", 0.4}, {"مفاوض", 0.3}, {"سلام", 0.3}};
static const kh_view_term t_same[] = {
    {"اوكرانيا", 0.6}, {"روسيا", 0.5}, {"باريس", 0.4}, {"مفاوض", 0.3}, {"سلام", 0.25}};
static const kh_view_term t_rel[] = {
    {"روسيا", 0.5}, {"اوكرانيا", 0.3}, {"قصف", 0.6}, {"كييف", 0.5}};
static const kh_view_term t_weak[] = {{"باريس", 0.3}, {"معرض", 0.7}, {"فن", 0.6}};
static const kh_view_term t_none[] = {{"هلال", 0.7}, {"دوري", 0.7}};
static const char *const e_cur[] = {"زيلينسكي", "بوتين", "ماكرون"};
static const char *const e_rel[] = {"زيلينسكي", "بوتين"};
static const char *const e_none[] = {"الهلال"};

TEST(rank_related_stories)
{
    kh_view_profile cur = {"s0", "قمة باريس", e_cur, 3, t_cur, 5, 0, 0};
    kh_view_profile c[5] = {
        {"s1", "نفس الخبر", e_cur, 3, t_same, 5, 0, 0},    /* the same event */
        {"s2", "قصف كييف", e_rel, 2, t_rel, 4, 0, 0},      /* shares names and terms */
        {"s3", "معرض في باريس", NULL, 0, t_weak, 3, 0, 0}, /* one weak term */
        {"s4", "الهلال يفوز", e_none, 1, t_none, 2, 0, 0}, /* nothing */
        {"s0", "قمة باريس", e_cur, 3, t_cur, 5, 0, 0},     /* itself */
    };
    kh_view_related *r = NULL;
    size_t n = 0;
    CHECK_INT(kh_view_related_rank(&cur, c, 5, 10, &r, &n, NULL), KH_OK);
    int ok = n == 1 && strcmp(r[0].id, "s2") == 0 && r[0].score > KH_VIEW_RELATED_MIN &&
             r[0].score <= 1 && strcmp(r[0].title, "قصف كييف") == 0;
    kh_free(r);
    CHECK(ok);
}

/* The same event on another day is the story's earlier coverage (the
 * clusterer starts a new story after its gap): kept, and first; at the
 * same time it is the event told twice, left out. */
TEST(rank_same_event_other_day_kept)
{
    const int64_t day = 86400, t0 = 1700000000;
    kh_view_profile cur = {"s0",  "قمة باريس", e_cur,        3,
                           t_cur, 5,           t0 + 2 * day, t0 + 2 * day + 3600};
    kh_view_profile c[2] = {
        {"before", "قمة باريس امس", e_cur, 3, t_same, 5, t0, t0 + 7200},
        {"s2", "قصف كييف", e_rel, 2, t_rel, 4, t0 + day, t0 + day},
    };
    kh_view_related *r = NULL;
    size_t n = 0;
    CHECK_INT(kh_view_related_rank(&cur, c, 2, 10, &r, &n, NULL), KH_OK);
    int ok = n == 2 && strcmp(r[0].id, "before") == 0 && strcmp(r[1].id, "s2") == 0 &&
             r[0].same_event && !r[1].same_event;
    kh_free(r);
    CHECK(ok);
    c[0].first_seen = t0 + 2 * day - 5 * 3600; /* overlaps: told twice */
    c[0].last_seen = t0 + 2 * day;
    CHECK_INT(kh_view_related_rank(&cur, c, 2, 10, &r, &n, NULL), KH_OK);
    ok = n == 1 && strcmp(r[0].id, "s2") == 0;
    kh_free(r);
    CHECK(ok);
}

TEST(rank_orders_by_score_and_caps)
{
    static const char *const e1[] = {"زيلينسكي", "بوتين", "ماكرون"};
    static const char *const e2[] = {"ماكرون"};
    kh_view_profile cur = {"s0", "x", e_cur, 3, t_cur, 5, 0, 0};
    kh_view_profile c[2] = {
        {"weak", "w", e2, 1, t_none, 2, 0, 0},
        {"strong", "s", e1, 3, t_rel, 4, 0, 0},
    };
    kh_view_related *r = NULL;
    size_t n = 0;
    CHECK_INT(kh_view_related_rank(&cur, c, 2, 10, &r, &n, NULL), KH_OK);
    int ok = n == 2 && strcmp(r[0].id, "strong") == 0 && r[0].score >= r[1].score;
    kh_free(r);
    CHECK(ok);
    CHECK_INT(kh_view_related_rank(&cur, c, 2, 1, &r, &n, NULL), KH_OK);
    ok = n == 1 && strcmp(r[0].id, "strong") == 0;
    kh_free(r);
    CHECK(ok);
}

TEST(rank_empty_and_null)
{
    kh_view_profile cur = {"s0", "x", NULL, 0, NULL, 0, 0, 0};
    kh_view_related *r = (kh_view_related *)1;
    size_t n = 7;
    CHECK_INT(kh_view_related_rank(&cur, NULL, 0, 10, &r, &n, NULL), KH_OK);
    CHECK(r == NULL);
    CHECK_INT(n, 0);
    CHECK_INT(kh_view_related_rank(NULL, NULL, 0, 10, &r, &n, NULL), KH_ERR_ARG);
}

TEST(terms_of_invented_story)
{
    static const char *const p1[] = {"أعلن نادي الهلال التعاقد مع المهاجم البرازيلي لمدة ثلاثة "
                                     "مواسم بعد مفاوضات طويلة مع ناديه."};
    static const char *const p2[] = {"أكد الهلال أن المهاجم البرازيلي سيصل إلى الرياض الأسبوع "
                                     "المقبل للانضمام إلى معسكر الفريق."};
    kh_view_article a[2] = {
        {"a", "o1", 1, "الهلال يتعاقد مع مهاجم برازيلي", NULL, p1, 1, NULL, NULL, 0},
        {"b", "o2", 2, "مهاجم الهلال الجديد يصل الأسبوع المقبل", NULL, p2, 1, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 2};
    kh_view_term *t = NULL;
    size_t n = 0;
    CHECK_INT(kh_view_related_terms(&s, NULL, 5, &t, &n, NULL), KH_OK);
    double norm = 0;
    int has_club = 0, sorted = 1;
    for (size_t i = 0; i < n; i++) {
        norm += t[i].weight * t[i].weight;
        has_club |= strcmp(t[i].term, "هلال") == 0 || strcmp(t[i].term, "الهلال") == 0;
        if (i && t[i].weight > t[i - 1].weight)
            sorted = 0;
    }
    kh_view_terms_free(t, n);
    CHECK_INT(n, 5);
    CHECK(fabs(norm - 1) < 1e-6);
    CHECK(has_club);
    CHECK(sorted);
}

TEST(terms_empty_story)
{
    kh_view_story s = {"s", NULL, 0};
    kh_view_term *t = NULL;
    size_t n = 3;
    CHECK_INT(kh_view_related_terms(&s, NULL, 5, &t, &n, NULL), KH_OK);
    CHECK(t == NULL);
    CHECK_INT(n, 0);
}

TEST(terms_fault)
{
#ifdef KH_FAULT_INJECT
    static const char *const p1[] = {"أعلن نادي الهلال التعاقد مع المهاجم البرازيلي لمدة ثلاثة "
                                     "مواسم بعد مفاوضات طويلة مع ناديه."};
    kh_view_article a[1] = {{"a", "o1", 1, "الهلال يتعاقد", NULL, p1, 1, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 1};
    kh_view_term *t = NULL;
    size_t n = 0;
    kh_alloc_fail_after(1000000);
    CHECK_INT(kh_view_related_terms(&s, NULL, 5, &t, &n, NULL), KH_OK);
    long count = kh_alloc_count();
    kh_view_terms_free(t, n);
    CHECK(count > 5);
    for (long i = 0; i < count; i++) {
        kh_alloc_fail_after(i);
        kh_rc rc = kh_view_related_terms(&s, NULL, 5, &t, &n, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if (rc != KH_OK)
            CHECK(t == NULL);
        kh_view_terms_free(t, n);
    }
#else
    (void)kh_test_failed_;
#endif
}

int main(void)
{
    TEST_RUN("view/related", TEST_CASE(rank_related_stories),
             TEST_CASE(rank_same_event_other_day_kept), TEST_CASE(rank_orders_by_score_and_caps),
             TEST_CASE(rank_empty_and_null), TEST_CASE(terms_of_invented_story),
             TEST_CASE(terms_empty_story), TEST_CASE(terms_fault));
}
