/*
 * src/group/window.c - the open window: the recent articles (a ring by
 * arrival serial) and the open stories (a hash table by story id).
 *
 * Input: articles placed by assign.c.  Output: lookups by serial and by
 * story id, and eviction of what has left the window.
 *
 * Fits: owned by the kh_group; index.c reads articles by serial, merge.c
 * moves members between stories.  Depends on: core, analyse.
 *
 * Story lifecycle (performed here and in assign.c/merge.c):
 *   new      kh_group_window_story_new()   an article matched no story
 *   open     kh_group_window_join()        each article joining it
 *   merged   kh_group_merge()              an article bridged it to an older one
 *   closed   kh_group_window_evict()       its last article left the window:
 *            `window` seconds older than the newest article seen
 * A closed story is forgotten here; it lives on in the store.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <string.h>

/* ==== static prototypes ==== */

static size_t story_bucket(const kh_group *g, int64_t id);
static kh_rc grow_ring(kh_group *g, kh_err *err);
static kh_rc grow_stories(kh_group *g, kh_err *err);
static void evict_front(kh_group *g);

/* ==== public functions ==== */

kh_rc kh_group_window_add(kh_group *g, gart *a, kh_err *err)
{
    if (g->ring_n == g->ring_cap && grow_ring(g, err) != KH_OK)
        return KH_ERR_NOMEM;
    if (g->ring_n == 0)
        g->base_serial = g->next_serial;
    a->serial = g->next_serial++;
    g->ring[(g->ring_head + g->ring_n) & (g->ring_cap - 1)] = a;
    size_t slot = (g->ring_head + g->ring_n) & (g->ring_cap - 1);
    g->rnorm[slot] = a->norm;
    g->rvec[2 * slot] = a->vec.t;
    g->rvec[2 * slot + 1] = a->w;
    g->ring_n++;
    if (a->published > g->now)
        g->now = a->published;
    return KH_OK;
}

void kh_group_window_evict(kh_group *g)
{
    while (g->ring_n > 0) {
        gart *a = g->ring[g->ring_head];
        if (a->published >= g->now - g->opts.window)
            break;
        evict_front(g);
    }
}

gstory *kh_group_window_story(const kh_group *g, int64_t id)
{
    if (g->n_story_buckets == 0)
        return NULL;
    for (gstory *s = g->stories[story_bucket(g, id)]; s; s = s->next_hash)
        if (s->id == id)
            return s;
    return NULL;
}

gstory *kh_group_window_story_new(kh_group *g, int64_t id, kh_err *err)
{
    if (g->n_stories + 1 > g->n_story_buckets && grow_stories(g, err) != KH_OK)
        return NULL;
    gstory *s = kh_calloc(1, sizeof *s);
    if (!s) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a story");
        return NULL;
    }
    s->id = id;
    size_t b = story_bucket(g, id);
    s->next_hash = g->stories[b];
    g->stories[b] = s;
    g->n_stories++;
    return s;
}

kh_rc kh_group_window_join(kh_group *g, gstory *s, gart *a, kh_err *err)
{
    (void)g;
    if (s->n_members == s->cap_members) {
        size_t cap = s->cap_members ? 2 * s->cap_members : 4;
        int64_t *m = kh_realloc(s->members, cap * sizeof *m);
        if (!m)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a story");
        s->members = m;
        s->cap_members = cap;
    }
    /* Serials only grow, so the members stay sorted. */
    s->members[s->n_members++] = a->serial;
    s->n_total++;
    if (a->published > s->last)
        s->last = a->published;
    a->story = s;
    return KH_OK;
}

void kh_group_window_story_unlink(kh_group *g, gstory *s)
{
    gstory **link = &g->stories[story_bucket(g, s->id)];
    while (*link && *link != s)
        link = &(*link)->next_hash;
    if (*link) {
        *link = s->next_hash;
        g->n_stories--;
    }
}

void kh_group_window_story_free(gstory *s)
{
    if (!s)
        return;
    kh_free(s->members);
    kh_free(s);
}

void kh_group_window_art_free(gart *a)
{
    if (!a)
        return;
    kh_free(a->id);
    kh_free(a->vec.t);
    kh_free(a->tvec.t);
    kh_free(a->bvec.t);
    kh_free(a->w);
    kh_free(a->ph);
    kh_free(a->ent);
    kh_free(a);
}

void kh_group_window_clean(kh_group *g)
{
    for (size_t i = 0; i < g->ring_n; i++)
        kh_group_window_art_free(g->ring[(g->ring_head + i) & (g->ring_cap - 1)]);
    kh_free(g->ring);
    kh_free(g->acc);
    kh_free(g->acc_epoch);
    kh_free(g->rnorm);
    kh_free(g->rvec);
    g->rvec = NULL;
    g->ring = NULL;
    g->acc = NULL;
    g->acc_epoch = NULL;
    g->rnorm = NULL;
    g->ring_n = g->ring_cap = g->ring_head = 0;
    for (size_t b = 0; b < g->n_story_buckets; b++) {
        gstory *s = g->stories[b];
        while (s) {
            gstory *next = s->next_hash;
            kh_group_window_story_free(s);
            s = next;
        }
    }
    kh_free(g->stories);
    g->stories = NULL;
    g->n_story_buckets = g->n_stories = 0;
}

/* ==== static functions ==== */

static size_t story_bucket(const kh_group *g, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (g->n_story_buckets - 1);
}

/* Doubles the ring (a power of two, so a slot is a mask, not a division)
 * and its accumulators; their stamps start at 0 (no search yet), which is
 * right since no search is under way while an article is added. */
static kh_rc grow_ring(kh_group *g, kh_err *err)
{
    size_t cap = g->ring_cap ? 2 * g->ring_cap : 1024;
    gart **r = kh_alloc(cap * sizeof *r);
    double *acc = kh_alloc(cap * sizeof *acc);
    uint64_t *ep = kh_calloc(cap, sizeof *ep);
    double *nm = kh_alloc(cap * sizeof *nm);
    const void **rv = kh_alloc(2 * cap * sizeof *rv);
    if (!r || !acc || !ep || !nm || !rv) {
        kh_free(r);
        kh_free(acc);
        kh_free(ep);
        kh_free(nm);
        kh_free(rv);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the story window");
    }
    for (size_t i = 0; i < g->ring_n; i++) {
        r[i] = g->ring[(g->ring_head + i) & (g->ring_cap - 1)];
        size_t from = (g->ring_head + i) & (g->ring_cap - 1);
        nm[i] = g->rnorm[from];
        rv[2 * i] = g->rvec[2 * from];
        rv[2 * i + 1] = g->rvec[2 * from + 1];
    }
    kh_free(g->ring);
    kh_free(g->acc);
    kh_free(g->acc_epoch);
    kh_free(g->rnorm);
    kh_free(g->rvec);
    g->rvec = rv;
    g->acc = acc;
    g->acc_epoch = ep;
    g->rnorm = nm;
    g->ring = r;
    g->ring_cap = cap;
    g->ring_head = 0;
    return KH_OK;
}

static kh_rc grow_stories(kh_group *g, kh_err *err)
{
    size_t n = g->n_story_buckets ? 2 * g->n_story_buckets : 1024;
    gstory **t = kh_calloc(n, sizeof *t);
    if (!t)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the story table");
    gstory **old = g->stories;
    size_t n_old = g->n_story_buckets;
    g->stories = t;
    g->n_story_buckets = n;
    for (size_t b = 0; b < n_old; b++) {
        gstory *s = old[b];
        while (s) {
            gstory *next = s->next_hash;
            size_t nb = story_bucket(g, s->id);
            s->next_hash = t[nb];
            t[nb] = s;
            s = next;
        }
    }
    kh_free(old);
    return KH_OK;
}

/* Removes the oldest article of the ring from its story, the duplicate
 * index and the window; its postings go stale by the serial alone. */
static void evict_front(kh_group *g)
{
    gart *a = g->ring[g->ring_head];
    gstory *s = a->story;
    if (s) {
        for (size_t i = 0; i < s->n_members; i++) {
            if (s->members[i] == a->serial) {
                memmove(s->members + i, s->members + i + 1,
                        (s->n_members - i - 1) * sizeof s->members[0]);
                s->n_members--;
                break;
            }
        }
        if (s->n_members == 0) {
            kh_group_window_story_unlink(g, s);
            kh_group_window_story_free(s);
        }
    }
    kh_analyse_dup_remove(g->dups, a->serial, &a->sig);
    kh_group_window_art_free(a);
    g->ring[g->ring_head] = NULL;
    g->ring_head = (g->ring_head + 1) & (g->ring_cap - 1);
    g->ring_n--;
    g->base_serial++;
}
