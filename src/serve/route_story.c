/*
 * src/serve/route_story.c - GET /api/stories/{id}: everything the story
 * view has (src/story builds it: title, section, outlets, articles,
 * entities, summary with outlet attribution, what each outlet adds,
 * related stories, timeline).
 *
 * The server's part is the id check, the status codes, the related
 * profiles cache its workers share, and the rendered views it keeps
 * (story_views.c): the story's row is read first, and a view built since
 * its last change is answered as is, or with 304 when the client holds it
 * (ETag, If-None-Match).  A merged story answers with the story it was
 * folded into ("id" says which, "merged_from" the id asked for).
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <string.h>
#include <time.h>

static void not_modified(kh_serve_req *r, kh_serve_resp *out);

void kh_serve_route_story(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    int64_t id;
    kh_err err;
    kh_store_story row;
    json_t *o = NULL;
    if (!kh_serve_param_int(arg, 1, INT64_MAX, &id)) {
        kh_serve_reply_error(out, 400, "story id must be a positive integer");
        return;
    }
    kh_err_init(&err, NULL);
    kh_rc rc = kh_store_story_get(r->store, id, 1, &row, &err);
    if (rc == KH_DONE) {
        kh_serve_reply_error(out, 404, "no story %lld", (long long)id);
        return;
    }
    if (rc != KH_OK) {
        kh_serve_reply_err(out, &err);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    if (kh_serve_views_get(&r->srv->views, &row, id, now, out)) {
        not_modified(r, out);
        return;
    }
    kh_story_cache *cache = r->srv->profiles_ok ? &r->srv->profiles : NULL;
    rc = kh_story_build(r->store, r->srv->view_model, cache, id, &o, &err);
    if (rc == KH_DONE)
        kh_serve_reply_error(out, 404, "no story %lld", (long long)id);
    else if (rc != KH_OK)
        kh_serve_reply_err(out, &err);
    else {
        kh_serve_reply_json(out, 200, o);
        kh_serve_views_put(&r->srv->views, &row, id, now, out);
        not_modified(r, out);
    }
}

/* A client that already holds this very view gets 304 and no body. */
static void not_modified(kh_serve_req *r, kh_serve_resp *out)
{
    /* Kept by the browser but asked again each time: reads may need a token. */
    if (out->status == 200)
        out->cache = "private, no-cache";
    const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
    if (out->status != 200 || !out->etag[0] || !inm || strcmp(inm, out->etag) != 0)
        return;
    kh_free(out->body);
    out->body = NULL;
    out->len = 0;
    out->status = 304;
}
