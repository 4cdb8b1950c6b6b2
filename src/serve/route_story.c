/*
 * src/serve/route_story.c - GET /api/stories/{id}: everything the story
 * view has: title, section, outlets, articles, entities, summary with
 * outlet attribution, what each outlet adds, related stories, timeline.
 *
 * The store gives the story's rows (serve/story_load.c); src/view computes
 * the headline, section, summary, unique facts and timeline in memory
 * (kh_view_story_json writes that part); serve/related.c ranks related
 * stories.  This file joins them and adds what only the store knows: entity
 * ids (for /api/entities/{id} links), first and last seen, outlets with
 * their counts.  A merged story answers with the story it was folded into
 * ("id" says which, "merged_from" the id asked for).
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_ARTICLES 200 /* a story past this shows its first 200 articles */

void kh_serve_route_story(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    int64_t id;
    kh_err err;
    kh_store_story row;
    kh_serve_story st;
    json_t *o = NULL, *ents = NULL, *related = NULL, *view = NULL;
    kh_buf vb;
    memset(&st, 0, sizeof st);
    kh_buf_init(&vb, KH_CAP_PAGE);
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
    if (rc != KH_OK)
        goto fail;
    int64_t last_seen = row.last_seen;
    if (!(o = kh_serve_query_story_brief(r->store, r->srv->view_model, &row, &err)))
        goto fail;
    if (row.id != id && json_object_set_new(o, "merged_from", json_integer(id)))
        goto nomem;
    id = row.id;
    if (!(ents = json_array()) || !(related = json_array()))
        goto nomem;
    if ((rc = kh_serve_query_story_entities(r->store, id, 12, ents, &err)) != KH_OK)
        goto fail;
    if ((rc = kh_serve_story_load(r->store, id, MAX_ARTICLES, 1, &st, &err)) != KH_OK)
        goto fail;
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    kh_view_story vs = {sid, st.arts, st.n};
    const kh_view_model *m = r->srv->view_model;
    /* Related stories are a help, not the page: a failure there is logged
     * and the page goes out without them. */
    kh_err rerr;
    kh_err_init(&rerr, NULL);
    if (kh_serve_related(r->store, m, &r->srv->profiles, id, last_seen, &vs, related, &rerr) !=
        KH_OK) {
        fprintf(stderr, "khabar serve: related of story %lld: %s\n", (long long)id, rerr.msg);
        json_array_clear(related);
    }
    if ((rc = kh_view_story_json(&vs, m, NULL, 0, &vb, &err)) != KH_OK)
        goto fail;
    json_error_t jerr;
    if (!(view = json_loadb(vb.data ? vb.data : "{}", vb.len ? vb.len : 2, 0, &jerr)))
        goto nomem;
    /* From the view: what it computes.  The store's own fields (ids, counts,
     * times, the section filed at ingest) stay as they are. */
    static const char *const from_view[] = {"summary", "unique_by_outlet", "timeline"};
    for (size_t i = 0; i < sizeof from_view / sizeof from_view[0]; i++) {
        json_t *v = json_object_get(view, from_view[i]);
        if (v && json_object_set(o, from_view[i], v))
            goto nomem;
    }
    json_t *title = json_object_get(view, "title");
    if (json_is_string(title) && json_object_set(o, "headline", title))
        goto nomem;
    json_t *section = json_object_get(view, "section");
    if (json_is_string(section) && json_object_set(o, "section_label", section))
        goto nomem;
    if (json_object_set_new(o, "related", related)) {
        related = NULL;
        goto nomem;
    }
    related = NULL;
    if (json_object_set_new(o, "entities", ents)) {
        ents = NULL;
        goto nomem;
    }
    ents = NULL;
    if (json_object_set(o, "articles", st.list))
        goto nomem;
    kh_serve_reply_json(out, 200, o);
    o = NULL;
    goto done;
nomem:
    kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
fail:
    kh_serve_reply_err(out, &err);
done:
    json_decref(o);
    json_decref(ents);
    json_decref(related);
    json_decref(view);
    kh_serve_story_clean(&st);
    kh_buf_clean(&vb);
}
