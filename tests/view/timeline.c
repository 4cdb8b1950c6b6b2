/*
 * tests/view/timeline.c - articles in time order, unknown times last, ties
 * by id.
 */
#include "test.h"
#include "view/view.h"

TEST(timeline_orders_by_time)
{
    kh_view_article a[4] = {
        {"d", "o1", 300, "t", NULL, NULL, 0, NULL, NULL, 0},
        {"c", "o2", 0, "t", NULL, NULL, 0, NULL, NULL, 0},
        {"b", "o3", 100, "t", NULL, NULL, 0, NULL, NULL, 0},
        {"a", "o4", 300, "t", NULL, NULL, 0, NULL, NULL, 0},
    };
    kh_view_story s = {"s", a, 4};
    size_t order[4];
    CHECK_INT(kh_view_timeline(&s, order, NULL), KH_OK);
    CHECK_INT(order[0], 2);
    CHECK_INT(order[1], 3); /* "a" before "d" at the same time */
    CHECK_INT(order[2], 0);
    CHECK_INT(order[3], 1); /* unknown time last */
}

TEST(timeline_empty_and_null)
{
    kh_view_story s = {"s", NULL, 0};
    size_t order[1];
    CHECK_INT(kh_view_timeline(&s, order, NULL), KH_OK);
    CHECK_INT(kh_view_timeline(NULL, order, NULL), KH_ERR_ARG);
    kh_view_article a[1] = {{"a", "o", 1, "t", NULL, NULL, 0, NULL, NULL, 0}};
    s.articles = a;
    s.n_articles = 1;
    CHECK_INT(kh_view_timeline(&s, NULL, NULL), KH_ERR_ARG);
}

int main(void)
{
    TEST_RUN("view/timeline", TEST_CASE(timeline_orders_by_time),
             TEST_CASE(timeline_empty_and_null));
}
