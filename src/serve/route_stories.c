/*
 * src/serve/route_stories.c - GET /api/stories: the live stories, newest
 * first, KH_SERVE_PAGE_SIZE a page.
 *
 * Filters: section (as the store files it, at most 64 bytes), label (one
 * of the view's section labels, as the stories' "section" shows them), since (a
 * date or ISO time: stories last seen at or after it), entity (an entity
 * id: stories that mention it), page (1 to KH_SERVE_MAX_PAGE).  Each one is
 * checked and a bad one is a 400 naming it, never silently ignored.
 */
#include "serve/serve_int.h"

#include <string.h>

void kh_serve_route_stories(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    const char *section = kh_serve_param(r, "section");
    const char *label = kh_serve_param(r, "label");
    const char *since_s = kh_serve_param(r, "since");
    const char *entity_s = kh_serve_param(r, "entity");
    const char *page_s = kh_serve_param(r, "page");
    int64_t since = 0, entity = 0, page = 1;
    long total = 0;
    kh_err err;
    (void)arg;
    if (section && (!*section || strlen(section) > 64 || !kh_serve_param_id_ok(section))) {
        kh_serve_reply_error(out, 400, "bad section");
        return;
    }
    if (label && kh_view_section_from_name(label) == KH_VIEW_SECTION_NONE) {
        kh_serve_reply_error(out, 400, "label must be a section label such as economy");
        return;
    }
    if (label) /* the canonical spelling, as briefs carry it */
        label = kh_view_section_name(kh_view_section_from_name(label));
    if (since_s && *since_s && (since = kh_serve_param_date(since_s)) < 0) {
        kh_serve_reply_error(out, 400, "since must be a date like 2015-08-10");
        return;
    }
    if (entity_s && *entity_s && !kh_serve_param_int(entity_s, 1, INT64_MAX, &entity)) {
        kh_serve_reply_error(out, 400, "entity must be a positive integer");
        return;
    }
    if (page_s && !kh_serve_param_int(page_s, 1, KH_SERVE_MAX_PAGE, &page)) {
        kh_serve_reply_error(out, 400, "page must be an integer from 1 to %d", KH_SERVE_MAX_PAGE);
        return;
    }
    kh_err_init(&err, NULL);
    json_t *list = json_array();
    if (!list) {
        kh_serve_reply_error(out, 503, "out of memory");
        return;
    }
    if (kh_story_query_page(r->store, r->srv->view_model, section, label, since, entity, (long)page,
                            KH_SERVE_PAGE_SIZE, list, &total, &err) != KH_OK) {
        json_decref(list);
        kh_serve_reply_err(out, &err);
        return;
    }
    json_t *o = json_pack("{s:I, s:i, s:I, s:o}", "page", (json_int_t)page, "page_size",
                          KH_SERVE_PAGE_SIZE, "total", (json_int_t)total, "stories", list);
    kh_serve_reply_json(out, 200, o);
}
