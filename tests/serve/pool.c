/*
 * tests/serve/pool.c - the server's read connections: lent one at a time,
 * opened lazily up to the cap, and never stuck on an old snapshot of the
 * store after a request (the bug the pool's statement reset fixes).
 */
#include "serve/serve_int.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int temp_db(char *dir, size_t cap, char *path, size_t pcap)
{
    snprintf(dir, cap, "/tmp/khabar-pool-test-XXXXXX");
    if (!mkdtemp(dir))
        return 0;
    snprintf(path, pcap, "%s/k.db", dir);
    return 1;
}

static void remove_dir(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  cannot remove %s\n", dir);
}

static int add_article(const char *path, const char *id)
{
    sqlite3 *db = NULL;
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT OR IGNORE INTO outlets(name, first_seen, last_seen) VALUES('o', 0, 0);"
             "INSERT INTO articles(id, outlet, published_ts, title, body, kind, ingested_at)"
             " VALUES('%s', 'o', 0, 't', 'b', 'json', 0)",
             id);
    int ok = sqlite3_open(path, &db) == SQLITE_OK &&
             sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

TEST(pool_sees_new_commits)
{
    char dir[64], path[128];
    CHECK(temp_db(dir, sizeof dir, path, sizeof path));
    kh_serve_pool p;
    kh_err err;
    kh_err_init(&err, NULL);
    long n1 = -1, n2 = -1;
    int64_t newest;
    kh_store_article a;
    CHECK_INT(kh_serve_pool_init(&p, path, 1, &err), KH_OK);
    kh_store *s = kh_serve_pool_get(&p, &err);
    int ok = s && kh_store_article_count(s, &n1, &newest, &err) == KH_OK;
    kh_serve_pool_put(&p, s);
    ok = ok && add_article(path, "a1");
    /* A *_get keeps its statement on the row (its strings borrow it), and
     * with it a read transaction: the pool must end it when the store
     * comes back, or the next request reads the store as it was. */
    s = kh_serve_pool_get(&p, &err);
    ok = ok && s && kh_store_article_get(s, "a1", &a, &err) == KH_OK;
    kh_serve_pool_put(&p, s);
    ok = ok && add_article(path, "a2");
    s = kh_serve_pool_get(&p, &err);
    ok = ok && s && kh_store_article_count(s, &n2, &newest, &err) == KH_OK;
    kh_serve_pool_put(&p, s);
    kh_serve_pool_clean(&p);
    remove_dir(dir);
    CHECK(ok);
    CHECK_INT(n1, 0);
    CHECK_INT(n2, 2);
}

TEST(pool_lends_distinct_stores_up_to_cap)
{
    char dir[64], path[128];
    CHECK(temp_db(dir, sizeof dir, path, sizeof path));
    kh_serve_pool p;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_serve_pool_init(&p, path, 2, &err), KH_OK);
    kh_store *a = kh_serve_pool_get(&p, &err);
    kh_store *b = kh_serve_pool_get(&p, &err);
    int ok = a && b && a != b && p.n_open == 2;
    kh_serve_pool_put(&p, a);
    kh_store *c = kh_serve_pool_get(&p, &err); /* the idle one comes back */
    ok = ok && c == a && p.n_open == 2;
    kh_serve_pool_put(&p, c);
    kh_serve_pool_put(&p, b);
    kh_serve_pool_put(&p, NULL);
    kh_serve_pool_clean(&p);
    remove_dir(dir);
    CHECK(ok);
}

TEST(pool_bad_path_and_args)
{
    kh_serve_pool p;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_serve_pool_init(&p, NULL, 2, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_serve_pool_init(&p, "/tmp/x.db", 0, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_serve_pool_init(&p, "/nonexistent-khabar-dir/k.db", 1, &err), KH_OK);
    kh_store *s = kh_serve_pool_get(&p, &err);
    int ok = s == NULL && err.rc != KH_OK && p.n_open == 0; /* the slot is given back */
    kh_serve_pool_clean(&p);
    kh_serve_pool_clean(NULL);
    CHECK(ok);
}

int main(void)
{
    TEST_RUN("serve/pool", TEST_CASE(pool_sees_new_commits),
             TEST_CASE(pool_lends_distinct_stores_up_to_cap), TEST_CASE(pool_bad_path_and_args));
}
