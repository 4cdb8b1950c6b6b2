/*
 * src/view/json.c - the whole story view as one JSON object, the body of
 * `khabar story ID --json` and of the server's story route.
 *
 * Output keys: id, title (representative, cleaned), section, outlets (in
 * order of first appearance), articles [{id, outlet, published, title,
 * section}], entities (names by number of articles naming them), summary
 * [{sentence, outlet, article}], unique_by_outlet [{outlet, article,
 * sentences}], related [{id, title, score, same_event}], timeline [{published, outlet,
 * article, title}].  Times are ISO 8601 UTC, null when unknown.
 *
 * Fits: called by the CLI / store with a story read from the store and,
 * optionally, the loaded section model and a ranked related list.
 * Depends on: core, text.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SUMMARY_MAX 0 /* 0: 3 to 5 by story size */
#define UNIQUE_MAX 8

typedef struct entity_count {
    const char *name; /* borrows the story */
    size_t articles;
    size_t first;
    size_t last; /* the last article counted */
} entity_count;

/* A writer that remembers its first failure, so the story's many fields are
 * written in a straight line and the result checked once at the end. */
typedef struct writer {
    kh_buf *b;
    kh_rc rc;
} writer;

static void raw(writer *w, const char *s);
static void str(writer *w, const char *s);
static void when(writer *w, long long t);
static void field(writer *w, const char *key, const char *value);
static void outlets(writer *w, const kh_view_story *s, const kh_view_parts *p);
static kh_rc put_str(kh_buf *b, const char *s);
static kh_rc put_entities(kh_buf *b, const kh_view_story *s);
static int by_count(const void *a, const void *b);

static void raw(writer *w, const char *s)
{
    if (w->rc == KH_OK)
        w->rc = kh_buf_appends(w->b, s);
}

static void str(writer *w, const char *s)
{
    if (w->rc == KH_OK)
        w->rc = put_str(w->b, s);
}

/* key is written as given: the separator and quotes are the caller's. */
static void field(writer *w, const char *key, const char *value)
{
    raw(w, key);
    str(w, value);
}

static void when(writer *w, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char iso[32];
    if (t == 0 || !gmtime_r(&tt, &tm) || !strftime(iso, sizeof iso, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm))
        raw(w, "null");
    else
        raw(w, iso);
}

/* Outlets in order of first appearance on the timeline. */
static void outlets(writer *w, const kh_view_story *s, const kh_view_parts *p)
{
    raw(w, ",\"outlets\":[");
    for (size_t k = 0, shown = 0; k < s->n_articles; k++) {
        const char *o = s->articles[p->order[k]].outlet;
        int dup = !o;
        for (size_t j = 0; !dup && j < k; j++) {
            const char *q = s->articles[p->order[j]].outlet;
            dup = q && strcmp(q, o) == 0;
        }
        if (dup)
            continue;
        raw(w, shown++ ? "," : "");
        str(w, o);
    }
    raw(w, "]");
}

static kh_rc put_str(kh_buf *b, const char *s)
{
    if (!s)
        return kh_buf_appends(b, "null");
    kh_rc rc = kh_buf_appendc(b, '"');
    if (rc == KH_OK)
        rc = kh_buf_append_json(b, s, strlen(s));
    if (rc == KH_OK)
        rc = kh_buf_appendc(b, '"');
    return rc;
}

static int by_count(const void *a, const void *b)
{
    const entity_count *x = a, *y = b;
    if (x->articles != y->articles)
        return x->articles > y->articles ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static kh_rc put_entities(kh_buf *b, const kh_view_story *s)
{
    kh_hash seen; /* match form -> index into counts */
    kh_buf norm;
    entity_count *counts = NULL;
    size_t n = 0, total = 0;
    kh_rc rc = KH_OK;

    kh_hash_init(&seen, NULL);
    kh_buf_init(&norm, KH_CAP_LINE);
    for (size_t a = 0; a < s->n_articles; a++)
        total += s->articles[a].entities ? s->articles[a].n_entities : 0;
    if (total) {
        counts = kh_calloc(total, sizeof *counts);
        if (!counts) {
            rc = KH_ERR_NOMEM;
            goto done;
        }
    }
    for (size_t a = 0; a < s->n_articles; a++) {
        const kh_view_article *art = &s->articles[a];
        for (size_t e = 0; art->entities && e < art->n_entities; e++) {
            if (!art->entities[e] || !*art->entities[e])
                continue;
            kh_buf_reset(&norm);
            rc = kh_text_normalize(art->entities[e], strlen(art->entities[e]), &norm);
            if (rc != KH_OK)
                goto done;
            if (!norm.len)
                continue;
            int added = 0;
            kh_hval *v = kh_hash_put(&seen, norm.data, norm.len, &added);
            if (!v) {
                rc = KH_ERR_NOMEM;
                goto done;
            }
            if (added) {
                v->i = (int64_t)n;
                counts[n].name = art->entities[e];
                counts[n].first = n;
                counts[n].articles = 0;
                counts[n].last = (size_t)-1;
                n++;
            }
            /* Count an article once however often it lists the name. */
            if (counts[v->i].last != a) {
                counts[v->i].articles++;
                counts[v->i].last = a;
            }
        }
    }
    if (n)
        qsort(counts, n, sizeof *counts, by_count);
    rc = kh_buf_appendc(b, '[');
    for (size_t i = 0; rc == KH_OK && i < n; i++) {
        if (i)
            rc = kh_buf_appendc(b, ',');
        if (rc == KH_OK)
            rc = put_str(b, counts[i].name);
    }
    if (rc == KH_OK)
        rc = kh_buf_appendc(b, ']');
done:
    kh_free(counts);
    kh_hash_clean(&seen);
    kh_buf_clean(&norm);
    return rc;
}

kh_rc kh_view_story_json(const kh_view_story *s, const kh_view_model *m,
                         const kh_view_related *related, size_t n_related, kh_buf *out, kh_err *err)
{
    kh_view_parts p;
    if (!out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "story view: no output");
    kh_rc rc = kh_view_parts_compute(s, m, SUMMARY_MAX, UNIQUE_MAX, &p, err);
    if (rc != KH_OK)
        return rc;
    writer w = {out, KH_OK};
    field(&w, "{\"id\":", s->id);
    field(&w, ",\"title\":", p.pick >= 0 ? (p.title.data ? p.title.data : "") : NULL);
    field(&w, ",\"section\":", kh_view_section_name(p.sec));
    outlets(&w, s, &p);

    raw(&w, ",\"articles\":[");
    for (size_t i = 0; w.rc == KH_OK && i < s->n_articles; i++) {
        const kh_view_article *a = &s->articles[i];
        kh_view_section as;
        w.rc = kh_view_section_article(m, a, &as, err);
        field(&w, i ? ",{\"id\":" : "{\"id\":", a->id);
        field(&w, ",\"outlet\":", a->outlet);
        raw(&w, ",\"published\":");
        when(&w, a->published);
        field(&w, ",\"title\":", a->title);
        field(&w, ",\"section\":", w.rc == KH_OK ? kh_view_section_name(as) : NULL);
        raw(&w, "}");
    }
    raw(&w, "],\"entities\":");
    if (w.rc == KH_OK)
        w.rc = put_entities(out, s);

    raw(&w, ",\"summary\":[");
    for (size_t i = 0; i < p.sum.n; i++) {
        const kh_view_article *a = &s->articles[p.sum.items[i].article];
        field(&w, i ? ",{\"sentence\":" : "{\"sentence\":", p.sum.items[i].text);
        field(&w, ",\"outlet\":", a->outlet);
        field(&w, ",\"article\":", a->id);
        raw(&w, "}");
    }

    raw(&w, "],\"unique_by_outlet\":[");
    for (size_t i = 0, groups = 0; i < p.uniq.n;) {
        size_t art = p.uniq.items[i].article;
        const kh_view_article *a = &s->articles[art];
        field(&w, groups++ ? ",{\"outlet\":" : "{\"outlet\":", a->outlet);
        field(&w, ",\"article\":", a->id);
        raw(&w, ",\"sentences\":[");
        for (size_t k = 0; i < p.uniq.n && p.uniq.items[i].article == art; i++, k++)
            field(&w, k ? "," : "", p.uniq.items[i].text);
        raw(&w, "]}");
    }

    raw(&w, "],\"related\":[");
    for (size_t i = 0; related && i < n_related; i++) {
        field(&w, i ? ",{\"id\":" : "{\"id\":", related[i].id);
        field(&w, ",\"title\":", related[i].title);
        if (w.rc == KH_OK)
            w.rc = kh_buf_printf(out, ",\"score\":%.3f,\"same_event\":%s}", related[i].score,
                                 related[i].same_event ? "true" : "false");
    }

    /* The timeline shows each headline without the labels outlets put on it
     * («عام / ...»), as the story's own title; "articles" keeps them as
     * stored. */
    kh_buf head;
    kh_buf_init(&head, KH_CAP_PAGE);
    raw(&w, "],\"timeline\":[");
    for (size_t k = 0; k < s->n_articles; k++) {
        const kh_view_article *a = &s->articles[p.order[k]];
        raw(&w, k ? ",{\"published\":" : "{\"published\":");
        when(&w, a->published);
        field(&w, ",\"outlet\":", a->outlet);
        field(&w, ",\"article\":", a->id);
        kh_buf_reset(&head);
        if (w.rc == KH_OK && a->title)
            w.rc = kh_view_title_clean(a->title, a->outlet, &head);
        field(&w, ",\"title\":", a->title ? (head.data ? head.data : "") : NULL);
        raw(&w, "}");
    }
    kh_buf_clean(&head);
    raw(&w, "]}");
    rc = w.rc;
    if (rc != KH_OK)
        kh_err_set(err, rc, 0, -1, "story view: writing JSON failed");
    kh_view_parts_clean(&p);
    return rc;
}
