/*
 * src/serve/route_health.c - GET /api/health: the version, whether the
 * store opens, and how much it holds.
 *
 * Open to everyone (load balancers and the e2e tests ask it first); it says
 * nothing a reader could not learn from the API.  503 when the store cannot
 * be opened or read, so a health check fails when the server cannot serve.
 */
#include "serve/serve_int.h"

#include <stdio.h>

void kh_serve_route_health(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    kh_err err;
    long n_articles = 0, n_stories = 0;
    int64_t newest = 0, max_id = 0;
    (void)arg;
    kh_err_init(&err, NULL);
    kh_store *s = kh_serve_pool_get(&r->srv->pool, &err);
    int ok = s && kh_store_article_count(s, &n_articles, &newest, &err) == KH_OK &&
             kh_store_story_stats(s, &max_id, &n_stories, &err) == KH_OK;
    int schema = s ? kh_store_schema_version(s) : 0;
    /* How far the search index has caught up (the bench waits on it). */
    long long indexed = -1;
    sqlite3_stmt *st = NULL;
    if (ok &&
        sqlite3_prepare_v2(kh_serve_store_db(s),
                           "SELECT value FROM search_state WHERE key = 'articles_fts'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        indexed = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    kh_serve_pool_put(&r->srv->pool, s);
    char newest_s[32] = "";
    if (newest > 0)
        kh_store_article_time_format(newest, newest_s, sizeof newest_s);
    if (!ok)
        fprintf(stderr, "khabar serve: health: %s\n", err.msg);
    json_t *o =
        json_pack("{s:s, s:s, s:b, s:i, s:I, s:I, s:o, s:b, s:I}", "status",
                  ok ? "ok" : "unavailable", "version", kh_version(), "store", ok, "schema", schema,
                  "articles", (json_int_t)n_articles, "stories", (json_int_t)n_stories, "newest",
                  newest > 0 ? json_string(newest_s) : json_null(), "writes", r->srv->token != NULL,
                  "search_indexed_rowid", (json_int_t)indexed);
    kh_serve_reply_json(out, ok ? 200 : 503, o);
}
