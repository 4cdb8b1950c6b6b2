/*
 * src/view/timeline.c - a story's articles in the order they appeared.
 *
 * Fits: kh_view_story_json() prints "timeline" from this order.
 * Depends on: core.
 * Method: a stable sort on publication time; articles without a time go
 * last, ties by article id so the order never depends on input order alone.
 */
#include "view/view_int.h"

#include <stdlib.h>
#include <string.h>

static int by_time(const void *a, const void *b, void *ctx);

static int by_time(const void *a, const void *b, void *ctx)
{
    const kh_view_story *s = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    long long ti = s->articles[i].published, tj = s->articles[j].published;
    if ((ti == 0) != (tj == 0))
        return ti == 0 ? 1 : -1;
    if (ti != tj)
        return ti < tj ? -1 : 1;
    const char *x = s->articles[i].id ? s->articles[i].id : "";
    const char *y = s->articles[j].id ? s->articles[j].id : "";
    int c = strcmp(x, y);
    if (c)
        return c;
    return i < j ? -1 : i > j;
}

kh_rc kh_view_timeline(const kh_view_story *s, size_t *order, kh_err *err)
{
    if (!s || (s->n_articles && (!s->articles || !order)))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "timeline: no story");
    for (size_t i = 0; i < s->n_articles; i++)
        order[i] = i;
    if (s->n_articles)
        qsort_r(order, s->n_articles, sizeof *order, by_time, (void *)s);
    return KH_OK;
}
