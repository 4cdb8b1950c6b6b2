/*
 * src/serve/route_story.c - GET /api/stories/{id}: everything the story
 * view has (src/story builds it: title, section, outlets, articles,
 * entities, summary with outlet attribution, what each outlet adds,
 * related stories, timeline).
 *
 * The server's part is the id check, the status codes and the related
 * profiles cache its workers share.  A merged story answers with the story
 * it was folded into ("id" says which, "merged_from" the id asked for).
 */
#include "serve/serve_int.h"

void kh_serve_route_story(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    int64_t id;
    kh_err err;
    json_t *o = NULL;
    if (!kh_serve_param_int(arg, 1, INT64_MAX, &id)) {
        kh_serve_reply_error(out, 400, "story id must be a positive integer");
        return;
    }
    kh_err_init(&err, NULL);
    kh_story_cache *cache = r->srv->profiles_ok ? &r->srv->profiles : NULL;
    kh_rc rc = kh_story_build(r->store, r->srv->view_model, cache, id, &o, &err);
    if (rc == KH_DONE)
        kh_serve_reply_error(out, 404, "no story %lld", (long long)id);
    else if (rc != KH_OK)
        kh_serve_reply_err(out, &err);
    else
        kh_serve_reply_json(out, 200, o);
}
