/*
 * src/group/merge.c - merging two stories that one article bridges.
 *
 * Input: two open stories.  Output: one story (into) holding the window
 * members of both; the other is removed from the window.  The caller
 * reports the absorbed id so the store can move its articles.
 *
 * Fits: assign.c calls it when a new article is similar enough to more than
 * one open story; the older story (smaller id) absorbs the others, so ids
 * already published stay valid as long as possible.  Depends on: core.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <string.h>

kh_rc kh_group_merge(kh_group *g, gstory *into, gstory *from, kh_err *err)
{
    if (!into || !from || into == from)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_merge: needs two stories");
    size_t n = into->n_members + from->n_members;
    int64_t *m = kh_alloc((n ? n : 1) * sizeof *m);
    if (!m)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory merging stories");
    /* Both member lists are sorted by serial: merge them sorted. */
    size_t i = 0, j = 0, k = 0;
    while (i < into->n_members || j < from->n_members) {
        if (j >= from->n_members || (i < into->n_members && into->members[i] < from->members[j]))
            m[k++] = into->members[i++];
        else
            m[k++] = from->members[j++];
    }
    for (j = 0; j < from->n_members; j++) {
        gart *a = kh_group_window_get(g, from->members[j]);
        if (a)
            a->story = into;
    }
    kh_free(into->members);
    into->members = m;
    into->n_members = n;
    into->cap_members = n ? n : 1;
    into->n_total += from->n_total;
    if (from->last > into->last)
        into->last = from->last;
    kh_group_window_story_unlink(g, from);
    kh_group_window_story_free(from);
    return KH_OK;
}
