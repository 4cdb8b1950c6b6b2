/*
 * src/serve/route_entity.c - GET /api/entities/{id}: an entity (person,
 * place, organisation) and its stories over time, oldest first.
 *
 * The id is the store's entity number, as /api/stories/{id} lists it under
 * "entities".
 */
#include "serve/serve_int.h"

void kh_serve_route_entity(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    int64_t id;
    kh_err err;
    json_t *o = NULL;
    if (!kh_serve_param_int(arg, 1, INT64_MAX, &id)) {
        kh_serve_reply_error(out, 400, "entity id must be a positive integer");
        return;
    }
    kh_err_init(&err, NULL);
    kh_rc rc = kh_story_query_entity(r->store, id, &o, &err);
    if (rc == KH_DONE) {
        kh_serve_reply_error(out, 404, "no entity %lld", (long long)id);
        return;
    }
    if (rc != KH_OK) {
        kh_serve_reply_err(out, &err);
        return;
    }
    kh_serve_reply_json(out, 200, o);
}
