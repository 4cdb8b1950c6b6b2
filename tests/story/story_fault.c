/*
 * tests/story/story_fault.c - every allocation of a whole story
 * (kh_story_build) and of a list headline (kh_story_query_headline) made
 * to fail in turn, on the sample store: each run ends in KH_OK or
 * KH_ERR_NOMEM, never a crash or a leak (ASan watches).  A no-op count
 * unless built with KH_FAULT_INJECT (make test).  Allocations of jansson
 * and SQLite do not go through kh_alloc and are not failed here.
 */
#include "core/alloc.h"
#include "story_test.h"

#define MAX_RUNS 4000 /* past this, every k-th allocation: the test stays short */

TEST(story_fault_build)
{
    kh_err err;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    int64_t id = 0;
    kh_err_init(&err, NULL);
    CHECK(kh_story_of_article(s, "rafid-1001", &id, &err) == KH_OK);
    json_t *o = NULL;
    kh_alloc_fail_after(100000000);
    CHECK_INT(kh_story_build(s, NULL, NULL, id, &o, &err), KH_OK);
    long total = kh_alloc_count();
    kh_alloc_fail_after(-1);
    json_decref(o);
    long step = total > MAX_RUNS ? total / MAX_RUNS + 1 : 1;
    for (long i = 0; i < total; i += step) {
        o = NULL;
        kh_err_init(&err, NULL);
        kh_alloc_fail_after(i);
        kh_rc rc = kh_story_build(s, NULL, NULL, id, &o, &err);
        kh_alloc_fail_after(-1);
        if ((rc != KH_OK && rc != KH_ERR_NOMEM) || (rc == KH_OK) != (o != NULL)) {
            fprintf(stderr, "  allocation %ld of %ld: rc %d\n", i, total, rc);
            CHECK(0);
        }
        json_decref(o);
    }
    kh_store_close(s);
}

TEST(story_fault_headline)
{
    kh_err err;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    int64_t id = 0;
    kh_store_story row;
    kh_buf b;
    kh_buf_init(&b, 1 << 16);
    kh_err_init(&err, NULL);
    CHECK(kh_story_of_article(s, "rafid-1001", &id, &err) == KH_OK);
    CHECK(kh_store_story_get(s, id, 1, &row, &err) == KH_OK);
    kh_alloc_fail_after(100000000);
    CHECK_INT(kh_story_query_headline(s, &row, &b, &err), KH_OK);
    long total = kh_alloc_count();
    kh_alloc_fail_after(-1);
    for (long i = 0; i < total; i++) {
        kh_err_init(&err, NULL);
        kh_alloc_fail_after(i);
        kh_rc rc = kh_story_query_headline(s, &row, &b, &err);
        kh_alloc_fail_after(-1);
        if (rc != KH_OK && rc != KH_ERR_NOMEM) {
            fprintf(stderr, "  allocation %ld of %ld: rc %d\n", i, total, rc);
            CHECK(0);
        }
    }
    kh_buf_clean(&b);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("story/story_fault", TEST_CASE(story_fault_build), TEST_CASE(story_fault_headline));
}
