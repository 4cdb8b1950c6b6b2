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
    kh_serve_pool_put(&r->srv->pool, s);
    char newest_s[32] = "";
    if (newest > 0)
        kh_store_article_time_format(newest, newest_s, sizeof newest_s);
    if (!ok)
        fprintf(stderr, "khabar serve: health: %s\n", err.msg);
    json_t *o = json_pack(
        "{s:s, s:s, s:b, s:i, s:I, s:I, s:o, s:b}", "status", ok ? "ok" : "unavailable", "version",
        kh_version(), "store", ok, "schema", schema, "articles", (json_int_t)n_articles, "stories",
        (json_int_t)n_stories, "newest", newest > 0 ? json_string(newest_s) : json_null(), "writes",
        r->srv->token != NULL);
    kh_serve_reply_json(out, ok ? 200 : 503, o);
}
