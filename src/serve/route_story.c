/*
 * src/serve/route_story.c - GET /api/stories/{id}: everything the story
 * view has: title, section, outlets, articles, entities, summary with
 * outlet attribution, what each outlet adds, related stories, timeline.
 *
 * The store gives the story's rows; src/view computes the summary, the
 * unique facts and the timeline in memory (view/json.c writes that part of
 * the object); this file adds what only the store knows: entity ids (for
 * /api/entities/{id} links), first and last seen, outlets with counts, and
 * related stories drawn from stories sharing its entities.  A merged story
 * answers with the story it was folded into ("id" tells which).
 */
#include "core/alloc.h"
#include "serve/serve_int.h"
#include "view/view.h"

#include <string.h>

#define MAX_ARTICLES 200 /* a story past this shows its first 200 articles */

/* ---- types ---- */

/* The story's articles, copied out of the statement for the view. */
typedef struct story_rows {
    kh_view_article *arts; /* owns the array; strings owned below */
    char **owned;          /* owns every string the articles point to */
    size_t n_owned, cap_owned;
    const char **paras; /* owns the array; points into owned bodies */
    size_t n, cap;
    json_t *list; /* the "articles" array of the answer */
    int failed;
} story_rows;

/* ---- static prototypes ---- */

static int collect(const kh_store_article *row, void *ctx);
static const char *own(story_rows *sr, const char *s);
static void rows_clean(story_rows *sr);
static json_t *str_or_null(const char *s);
static kh_rc view_json(const kh_view_story *vs, kh_buf *out, kh_err *err);

/* ---- public functions ---- */

void kh_serve_route_story(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    int64_t id;
    kh_err err;
    kh_store_story row;
    story_rows sr;
    json_t *o = NULL, *ents = NULL;
    kh_buf vb;
    memset(&sr, 0, sizeof sr);
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
    o = kh_serve_query_story_brief(r->store, &row, &err);
    if (!o)
        goto fail;
    if (row.id != id && json_object_set_new(o, "merged_from", json_integer(id)))
        goto nomem;
    id = row.id;
    ents = json_array();
    sr.list = json_array();
    if (!ents || !sr.list)
        goto nomem;
    if ((rc = kh_serve_query_story_entities(r->store, id, 12, ents, &err)) != KH_OK)
        goto fail;
    if ((rc = kh_store_article_each(r->store, id, 1, collect, &sr, &err)) != KH_OK)
        goto fail;
    if (sr.failed)
        goto nomem;
    /* The view's entity lists are names; every article gets the story's. */
    const char **names = kh_calloc(json_array_size(ents) + 1, sizeof *names);
    if (!names)
        goto nomem;
    for (size_t i = 0; i < json_array_size(ents); i++)
        names[i] = json_string_value(json_object_get(json_array_get(ents, i), "name"));
    for (size_t i = 0; i < sr.n; i++) {
        sr.arts[i].entities = names;
        sr.arts[i].n_entities = json_array_size(ents);
    }
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    kh_view_story vs = {sid, sr.arts, sr.n};
    rc = view_json(&vs, &vb, &err);
    kh_free(names);
    if (rc != KH_OK)
        goto fail;
    json_error_t jerr;
    json_t *view = json_loadb(vb.data, vb.len, 0, &jerr);
    if (!view)
        goto nomem;
    /* The view's fields first; the store's own (ids, counts, times) win. */
    static const char *const from_view[] = {"summary", "unique_by_outlet", "related", "timeline",
                                            "section_label"};
    for (size_t i = 0; i < sizeof from_view / sizeof from_view[0]; i++) {
        json_t *v = json_object_get(view, from_view[i]);
        if (v && json_object_set(o, from_view[i], v)) {
            json_decref(view);
            goto nomem;
        }
    }
    json_t *title = json_object_get(view, "title");
    if (json_is_string(title) && json_object_set(o, "headline", title)) {
        json_decref(view);
        goto nomem;
    }
    json_decref(view);
    if (json_object_set_new(o, "entities", ents)) {
        ents = NULL;
        goto nomem;
    }
    ents = NULL;
    if (json_object_set_new(o, "articles", sr.list)) {
        sr.list = NULL;
        goto nomem;
    }
    sr.list = NULL;
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
    json_decref(sr.list);
    rows_clean(&sr);
    kh_buf_clean(&vb);
}

/* ---- static functions ---- */

static int collect(const kh_store_article *row, void *ctx)
{
    story_rows *sr = ctx;
    if (sr->n >= MAX_ARTICLES)
        return 1;
    if (sr->n == sr->cap) {
        size_t cap = sr->cap ? sr->cap * 2 : 8;
        kh_view_article *a = kh_realloc(sr->arts, cap * sizeof *a);
        if (!a)
            goto fail;
        sr->arts = a;
        sr->cap = cap;
    }
    kh_view_article *a = &sr->arts[sr->n];
    memset(a, 0, sizeof *a);
    a->id = own(sr, row->id);
    a->outlet = own(sr, row->outlet);
    a->title = own(sr, row->title);
    a->section = row->section ? own(sr, row->section) : NULL;
    a->body = own(sr, row->body ? row->body : "");
    a->published = row->published_ts;
    if (sr->failed)
        return 1;
    char when[32] = "";
    if (row->published_ts > 0)
        kh_store_article_time_format(row->published_ts, when, sizeof when);
    json_t *j =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(row->id), "outlet",
                  str_or_null(row->outlet), "title", str_or_null(row->title), "published",
                  when[0] ? json_string(when) : json_null(), "url", str_or_null(row->url),
                  "section", str_or_null(row->section), "dup_of", str_or_null(row->dup_of));
    if (!j || json_array_append_new(sr->list, j))
        goto fail;
    sr->n++;
    return 0;
fail:
    sr->failed = 1;
    return 1;
}

static const char *own(story_rows *sr, const char *s)
{
    if (sr->failed || !s)
        return NULL;
    if (sr->n_owned == sr->cap_owned) {
        size_t cap = sr->cap_owned ? sr->cap_owned * 2 : 32;
        char **p = kh_realloc(sr->owned, cap * sizeof *p);
        if (!p) {
            sr->failed = 1;
            return NULL;
        }
        sr->owned = p;
        sr->cap_owned = cap;
    }
    char *c = kh_strdup(s);
    if (!c) {
        sr->failed = 1;
        return NULL;
    }
    sr->owned[sr->n_owned++] = c;
    return c;
}

static void rows_clean(story_rows *sr)
{
    for (size_t i = 0; i < sr->n_owned; i++)
        kh_free(sr->owned[i]);
    kh_free(sr->owned);
    kh_free(sr->arts);
    kh_free(sr->paras);
}

static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

/* The view's part of the answer.  Until view/json.c lands this writes the
 * timeline only (article indices in time order), with empty summary and
 * unique facts: the page shows what there is. */
static kh_rc view_json(const kh_view_story *vs, kh_buf *out, kh_err *err)
{
    kh_rc rc = kh_buf_appends(out, "{\"summary\":[],\"unique_by_outlet\":[],\"related\":[],"
                                   "\"timeline\":[");
    for (size_t i = 0; rc == KH_OK && i < vs->n_articles; i++)
        rc = kh_buf_printf(out, "%s%zu", i ? "," : "", i);
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "]}");
    if (rc != KH_OK)
        return kh_err_set(err, rc, 0, -1, "out of memory");
    return KH_OK;
}
