/*
 * src/serve/story_views.c - the story views the server keeps rendered, so
 * that a story read many times between two of its updates is built once.
 *
 * Building a story's view re-reads and re-analyses every article of it
 * (tens of milliseconds for a story of 25 articles), while a story changes
 * only when an article joins it or a merge folds another story into it;
 * both change its row (the id it resolves to, n_articles, last_seen).  A
 * kept view is used while that stamp is unchanged and it is younger than
 * KH_SERVE_VIEW_TTL seconds: its related stories come from the rest of the
 * store and may grow stale.  Slots are direct-mapped by the id asked for and
 * bodies over KH_SERVE_VIEW_MAX_BODY are not kept, so memory stays bounded
 * (KH_SERVE_VIEW_SLOTS x the cap at worst, a few MB in practice).
 * Fits: route_story.c asks it first; the server (http.c) owns it.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <stdio.h>
#include <string.h>
#include <xxhash.h>

static kh_serve_view *slot_of(kh_serve_views *v, int64_t id);
static int same_stamp(const kh_serve_view *e, const kh_store_story *row, int64_t id);

kh_rc kh_serve_views_init(kh_serve_views *v, kh_err *err)
{
    v->slots = kh_calloc(KH_SERVE_VIEW_SLOTS, sizeof *v->slots);
    if (!v->slots)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (pthread_mutex_init(&v->mu, NULL) != 0) {
        kh_free(v->slots);
        v->slots = NULL;
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a mutex");
    }
    return KH_OK;
}

void kh_serve_views_clean(kh_serve_views *v)
{
    if (!v->slots)
        return;
    for (size_t i = 0; i < KH_SERVE_VIEW_SLOTS; i++)
        kh_free(v->slots[i].body);
    kh_free(v->slots);
    v->slots = NULL;
    pthread_mutex_destroy(&v->mu);
}

int kh_serve_views_get(kh_serve_views *v, const kh_store_story *row, int64_t id, int64_t now,
                       kh_serve_resp *out)
{
    int found = 0;
    pthread_mutex_lock(&v->mu);
    const kh_serve_view *e = slot_of(v, id);
    if (e->body && same_stamp(e, row, id) && now - e->built < KH_SERVE_VIEW_TTL &&
        now >= e->built) {
        char *copy = kh_alloc(e->len + 1);
        if (copy) {
            memcpy(copy, e->body, e->len + 1);
            kh_free(out->body);
            out->body = copy;
            out->len = e->len;
            out->status = 200;
            out->type = "application/json; charset=utf-8";
            snprintf(out->etag, sizeof out->etag, "\"%016llx\"", (unsigned long long)e->tag);
            found = 1;
        }
    }
    pthread_mutex_unlock(&v->mu);
    return found;
}

void kh_serve_views_put(kh_serve_views *v, const kh_store_story *row, int64_t id, int64_t now,
                        kh_serve_resp *out)
{
    if (out->status != 200 || !out->body)
        return;
    uint64_t tag = XXH3_64bits(out->body, out->len);
    snprintf(out->etag, sizeof out->etag, "\"%016llx\"", (unsigned long long)tag);
    if (out->len > KH_SERVE_VIEW_MAX_BODY)
        return;
    /* Copied outside the lock; a failed copy only means no reuse. */
    char *copy = kh_alloc(out->len + 1);
    if (!copy)
        return;
    memcpy(copy, out->body, out->len);
    copy[out->len] = '\0';
    pthread_mutex_lock(&v->mu);
    kh_serve_view *e = slot_of(v, id);
    char *old = e->body;
    e->id = id;
    e->resolved = row->id;
    e->n_articles = row->n_articles;
    e->last_seen = row->last_seen;
    e->built = now;
    e->body = copy;
    e->len = out->len;
    e->tag = tag;
    pthread_mutex_unlock(&v->mu);
    kh_free(old);
}

static kh_serve_view *slot_of(kh_serve_views *v, int64_t id)
{
    return &v->slots[(uint64_t)id % KH_SERVE_VIEW_SLOTS];
}

static int same_stamp(const kh_serve_view *e, const kh_store_story *row, int64_t id)
{
    return e->id == id && e->resolved == row->id && e->n_articles == row->n_articles &&
           e->last_seen == row->last_seen;
}
