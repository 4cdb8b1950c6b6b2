/*
 * tests/store/schema_fault.c - every allocation of opening the store,
 * storing an article and a story and closing, failed in turn: each failure
 * is a clean KH_ERR_NOMEM (or the call succeeds), never a crash or a leak
 * (ASan).  Needs the test build (-DKH_FAULT_INJECT); elsewhere the loop
 * runs once with nothing failing.
 */
#include "core/alloc.h"
#include "store/store.h"
#include "store_test.h"
#include "test.h"

static kh_rc run_once(const char *path, kh_article *a)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(path, &err);
    if (!s)
        return err.rc;
    kh_store_place p = {1, NULL, 0, 0};
    kh_rc rc = kh_store_begin(s, &err);
    if (rc == KH_OK)
        rc = kh_store_story_add(s, 1, a->title, NULL, 100, NULL, &err);
    if (rc == KH_OK) {
        rc = kh_store_article_put(s, a, 100, &p, NULL, &err);
        rc = rc == KH_DONE ? KH_OK : rc;
    }
    if (rc == KH_OK)
        rc = kh_store_commit(s, &err);
    kh_store_close(s);
    return rc;
}

TEST(schema_fault_open_put_close)
{
    char path[600];
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_alloc_fail_after(-1);
    kh_article *a = make_article("a1", "http://x/1", "okaz", NULL, "عنوان", "نص الخبر");
    CHECK(a);
    kh_alloc_fail_after(-1);
    (void)kh_alloc_count();
    kh_alloc_fail_after(1000000);
    CHECK_INT(run_once(path, a), KH_OK);
    long total = kh_alloc_count();
    kh_alloc_fail_after(-1);
    for (long i = 0; i < total; i++) {
        char fresh[600];
        CHECK(tmp_path("k.db", fresh, sizeof fresh));
        kh_alloc_fail_after(i);
        kh_rc rc = run_once(fresh, a);
        kh_alloc_fail_after(-1);
        if (rc != KH_OK && rc != KH_ERR_NOMEM) {
            fprintf(stderr, "  allocation %ld: rc %d\n", i, rc);
            CHECK(0);
        }
    }
    kh_article_free(a);
}

int main(void)
{
    TEST_RUN("store/schema_fault", TEST_CASE(schema_fault_open_put_close));
}
