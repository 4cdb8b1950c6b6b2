/*
 * tests/store/story.c - stories: counting articles in, merging, listing
 * (src/store/story.c).
 */
#include "store/store.h"
#include "store_test.h"
#include "test.h"

static kh_store *open_tmp(char *path, size_t cap, kh_err *err)
{
    kh_err_init(err, NULL);
    if (!tmp_path("k.db", path, cap))
        return NULL;
    return kh_store_open(path, err);
}

static int join_counts(const char *name, const char *type, long n, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    (void)type;
    snprintf(out + len, 256 - len, "%s=%ld ", name, n);
    return 0;
}

static int join_ids(const kh_store_story *row, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "s%lld/%ld ", (long long)row->id, row->n_articles);
    return 0;
}

static int join_articles(const kh_store_article *row, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "%s ", row->id);
    return 0;
}

static kh_rc put_in(kh_store *s, const char *id, const char *outlet, int64_t ts, int64_t story,
                    kh_err *err)
{
    kh_article *a = make_article(id, NULL, outlet, NULL, "عنوان", "نص");
    if (!a)
        return KH_ERR_NOMEM;
    kh_store_place p = {story, NULL, 0, 0};
    kh_rc rc = kh_store_story_add(s, story, "عنوان", NULL, ts, NULL, err);
    if (rc == KH_OK)
        rc = kh_store_article_put(s, a, ts, &p, NULL, err);
    kh_article_free(a);
    return rc;
}

TEST(add_creates_then_counts)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    int created = -1;
    CHECK_INT(kh_store_story_add(s, 7, "مؤتمر", "سياسة", 1000, &created, &err), KH_OK);
    CHECK_INT(created, 1);
    CHECK_INT(kh_store_story_add(s, 7, "عنوان آخر", NULL, 500, &created, &err), KH_OK);
    CHECK_INT(created, 0);
    CHECK_INT(kh_store_story_add(s, 7, NULL, NULL, 2000, NULL, &err), KH_OK);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, 7, 0, &st, &err), KH_OK);
    CHECK_STR(st.title, "مؤتمر"); /* the first article names the story */
    CHECK_STR(st.section, "سياسة");
    CHECK_INT(st.n_articles, 3);
    CHECK_INT(st.first_seen, 500);
    CHECK_INT(st.last_seen, 2000);
    CHECK_INT(st.merged_into, 0);
    CHECK_INT(kh_store_story_get(s, 8, 0, &st, &err), KH_DONE);
    CHECK_INT(kh_store_story_add(s, 0, "x", NULL, 1, NULL, &err), KH_ERR_ARG);
    kh_store_close(s);
}

TEST(merge_moves_articles)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_in(s, "a1", "okaz", 100, 1, &err), KH_OK);
    CHECK_INT(put_in(s, "a2", "was", 200, 1, &err), KH_OK);
    CHECK_INT(put_in(s, "b1", "was", 50, 2, &err), KH_OK);
    CHECK_INT(put_in(s, "b2", "alyaum", 300, 2, &err), KH_OK);
    CHECK_INT(put_in(s, "c1", "okaz", 400, 3, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 2, 1, &err), KH_OK);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, 1, 0, &st, &err), KH_OK);
    CHECK_INT(st.n_articles, 4);
    CHECK_INT(st.first_seen, 50);
    CHECK_INT(st.last_seen, 300);
    CHECK_INT(kh_store_story_get(s, 2, 0, &st, &err), KH_OK);
    CHECK_INT(st.merged_into, 1);
    CHECK_INT(st.n_articles, 0);
    CHECK_INT(kh_store_story_get(s, 2, 1, &st, &err), KH_OK);
    CHECK_INT(st.id, 1); /* followed */
    char got[256] = "";
    CHECK_INT(kh_store_article_each(s, 1, 0, join_articles, got, &err), KH_OK);
    CHECK_STR(got, "b1 a1 a2 b2 "); /* time order */
    got[0] = '\0';
    CHECK_INT(kh_store_story_outlets(s, 1, join_counts, got, &err), KH_OK);
    CHECK_STR(got, "was=2 alyaum=1 okaz=1 ");
    got[0] = '\0';
    CHECK_INT(kh_store_story_each(s, 0, 0, join_ids, got, &err), KH_OK);
    CHECK_STR(got, "s3/1 s1/4 "); /* live only, last seen first */
    int64_t max_id = 0;
    long live = 0;
    CHECK_INT(kh_store_story_stats(s, &max_id, &live, &err), KH_OK);
    CHECK_INT(max_id, 3);
    CHECK_INT(live, 2);
    kh_store_close(s);
}

TEST(merge_chain_follows)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_in(s, "a1", "okaz", 100, 1, &err), KH_OK);
    CHECK_INT(put_in(s, "b1", "okaz", 100, 2, &err), KH_OK);
    CHECK_INT(put_in(s, "c1", "okaz", 100, 3, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 3, 2, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 2, 1, &err), KH_OK);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, 3, 0, &st, &err), KH_OK);
    CHECK_INT(st.merged_into, 1); /* re-pointed, not left on 2 */
    CHECK_INT(kh_store_story_get(s, 1, 0, &st, &err), KH_OK);
    CHECK_INT(st.n_articles, 3);
    /* Merging what is gone or merged changes nothing. */
    CHECK_INT(kh_store_story_merge(s, 3, 1, &err), KH_DONE);
    CHECK_INT(kh_store_story_merge(s, 99, 1, &err), KH_DONE);
    CHECK_INT(kh_store_story_merge(s, 1, 99, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_story_merge(s, 1, 1, &err), KH_ERR_ARG);
    kh_store_close(s);
}

TEST(each_since_and_limit)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_in(s, "a1", "okaz", 100, 1, &err), KH_OK);
    CHECK_INT(put_in(s, "b1", "okaz", 200, 2, &err), KH_OK);
    CHECK_INT(put_in(s, "c1", "okaz", 300, 3, &err), KH_OK);
    char got[256] = "";
    CHECK_INT(kh_store_story_each(s, 200, 0, join_ids, got, &err), KH_OK);
    CHECK_STR(got, "s3/1 s2/1 ");
    got[0] = '\0';
    CHECK_INT(kh_store_story_each(s, 0, 1, join_ids, got, &err), KH_OK);
    CHECK_STR(got, "s3/1 ");
    got[0] = '\0';
    CHECK_INT(kh_store_article_each(s, 0, 0, join_articles, got, &err), KH_OK);
    CHECK_STR(got, ""); /* every article has a story */
    kh_store_close(s);
}

TEST(stats_empty_store)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    int64_t max_id = -1;
    long live = -1;
    CHECK_INT(kh_store_story_stats(s, &max_id, &live, &err), KH_OK);
    CHECK_INT(max_id, 0);
    CHECK_INT(live, 0);
    kh_store_close(s);
}

static int64_t merged_into(kh_store *s, int64_t id)
{
    kh_store_story st;
    return kh_store_story_get(s, id, 0, &st, NULL) == KH_OK ? st.merged_into : -1;
}

/* Merges inside batches: a batch knows which stories others were merged
 * into (read at its first merge) and re-points them only then; what
 * another handle merged between two batches is seen by the next one, and
 * a rolled-back batch's merges are forgotten. */
TEST(merge_chain_in_batches)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    for (int64_t i = 1; i <= 10; i++) {
        char id[32];
        snprintf(id, sizeof id, "a%lld", (long long)i);
        CHECK_INT(put_in(s, id, "okaz", 100, i, &err), KH_OK);
    }
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 3, 2, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 5, 4, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 2, 1, &err), KH_OK); /* 2 was a target: 3 follows */
    CHECK_INT(kh_store_story_merge(s, 4, 1, &err), KH_OK); /* and 5 */
    CHECK_INT(kh_store_story_merge(s, 6, 1, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    for (int64_t i = 2; i <= 6; i++)
        CHECK_INT(merged_into(s, i), 1);
    /* Another handle merges 8 into 9 between two batches of this one. */
    kh_store *o = kh_store_open(path, &err);
    CHECK(o);
    CHECK_INT(kh_store_story_merge(o, 8, 9, &err), KH_OK);
    kh_store_close(o);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 9, 10, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 1, 7, &err), KH_OK);
    kh_store_rollback(s);
    CHECK_INT(merged_into(s, 8), 9);
    CHECK_INT(merged_into(s, 1), 0);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 9, 10, &err), KH_OK);
    CHECK_INT(kh_store_story_merge(s, 1, 7, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    CHECK_INT(merged_into(s, 8), 10);
    for (int64_t i = 1; i <= 6; i++)
        CHECK_INT(merged_into(s, i), 7);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, 7, 0, &st, &err), KH_OK);
    CHECK_INT(st.n_articles, 7);
    CHECK_INT(kh_store_story_get(s, 10, 0, &st, &err), KH_OK);
    CHECK_INT(st.n_articles, 3);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("store/story", TEST_CASE(add_creates_then_counts), TEST_CASE(merge_moves_articles),
             TEST_CASE(merge_chain_follows), TEST_CASE(merge_chain_in_batches),
             TEST_CASE(each_since_and_limit), TEST_CASE(stats_empty_store));
}
