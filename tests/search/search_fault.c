/*
 * tests/search/search_fault.c - every kh_alloc of the tokenizer, a query
 * and its snippets failing in turn: a clean error (KH_ERR_NOMEM, or
 * KH_ERR_DB when the failure surfaced inside SQLite's call of the
 * tokenizer), never a crash or a leak (ASan).  A no-op loop unless built
 * with KH_FAULT_INJECT (the sanitizer build).
 */
#include "core/alloc.h"
#include "search/search.h"
#include "test.h"

#include <string.h>

static int count_tok(const char *tok, size_t len, size_t start, size_t end, int colocated,
                     void *ctx)
{
    (void)tok;
    (void)len;
    (void)start;
    (void)end;
    (void)colocated;
    (*(int *)ctx)++;
    return 0;
}

TEST(tokens_fault)
{
    const char *text = "زيلينسكي يصل إلى باريس لبحث السلام في أوكرانيا";
    for (long k = 0; k < 200; k++) {
        int n = 0;
        kh_err err;
        kh_err_init(&err, NULL);
        kh_alloc_fail_after(k);
        kh_rc rc = kh_search_tokens(text, strlen(text), count_tok, &n, &err);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if (rc == KH_OK && n >= 8)
            return; /* got through every allocation */
    }
    CHECK(0);
}

TEST(query_and_snippets_fault)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    sqlite3_exec(db,
                 "CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT, outlet TEXT,"
                 " title TEXT, body TEXT, story_id INTEGER, published_ts INTEGER DEFAULT 0);"
                 "INSERT INTO articles(id, outlet, title, body) VALUES"
                 " ('a', 'o', 'زيلينسكي في باريس', 'وصل الرئيس إلى باريس اليوم'),"
                 " ('b', 'o', 'محادثات باريس', 'تستضيف باريس محادثات السلام')",
                 NULL, NULL, NULL);
    kh_err err;
    kh_err_init(&err, NULL);
    int ok = kh_search_open(db, &err) == KH_OK && kh_search_sync(db, 0, NULL, &err) == KH_OK;
    int done = 0;
    for (long k = 0; ok && !done && k < 400; k++) {
        kh_search_hits h;
        kh_err_init(&err, NULL);
        kh_alloc_fail_after(k);
        kh_rc rc = kh_search_query(db, "باريس زيلنسكي", 10, &h, &err);
        if (rc == KH_OK) {
            size_t which[2] = {0, 1};
            rc = kh_search_snippets(db, &h, which, h.n < 2 ? h.n : 2, &err);
            done = rc == KH_OK && h.n >= 1 && h.items[0].snippet;
        }
        kh_alloc_fail_after(-1);
        if (rc != KH_OK && rc != KH_ERR_NOMEM && rc != KH_ERR_DB)
            ok = 0;
        kh_search_hits_clean(&h);
    }
    sqlite3_close(db);
    CHECK(ok);
    CHECK(done);
}

int main(void)
{
    TEST_RUN("search/search_fault", TEST_CASE(tokens_fault), TEST_CASE(query_and_snippets_fault));
}
