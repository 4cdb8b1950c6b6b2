/*
 * src/view/json.c - the whole story view as one JSON object, the body of
 * `khabar story ID --json` and of the server's story route.
 *
 * Output keys: id, title (representative, cleaned), section, outlets (in
 * order of first appearance), articles [{id, outlet, published, title,
 * section}], entities (names by number of articles naming them), summary
 * [{sentence, outlet, article}], unique_by_outlet [{outlet, article,
 * sentences}], related [{id, title, score}], timeline [{published, outlet,
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

static kh_rc put_str(kh_buf *b, const char *s);
static kh_rc put_time(kh_buf *b, long long t);
static kh_rc put_entities(kh_buf *b, const kh_view_story *s);
static int by_count(const void *a, const void *b);

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

static kh_rc put_time(kh_buf *b, long long t)
{
    if (t == 0)
        return kh_buf_appends(b, "null");
    time_t tt = (time_t)t;
    struct tm tm;
    char iso[32];
    if (!gmtime_r(&tt, &tm) || !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return kh_buf_appends(b, "null");
    return kh_buf_printf(b, "\"%s\"", iso);
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
    rc = kh_buf_appends(out, "{\"id\":");
    if (rc == KH_OK)
        rc = put_str(out, s->id);
    if (rc == KH_OK)
        rc = kh_buf_appends(out, ",\"title\":");
    if (rc == KH_OK)
        rc = put_str(out, p.pick >= 0 ? (p.title.data ? p.title.data : "") : NULL);
    if (rc == KH_OK)
        rc = kh_buf_appends(out, ",\"section\":");
    if (rc == KH_OK)
        rc = put_str(out, kh_view_section_name(p.sec));
    /* Outlets in order of first appearance on the timeline. */
    if (rc == KH_OK)
        rc = kh_buf_appends(out, ",\"outlets\":[");
    for (size_t k = 0, shown = 0; rc == KH_OK && k < s->n_articles; k++) {
        const char *o = s->articles[p.order[k]].outlet;
        int dup = !o;
        for (size_t j = 0; !dup && j < k; j++) {
            const char *q = s->articles[p.order[j]].outlet;
            dup = q && strcmp(q, o) == 0;
        }
        if (dup)
            continue;
        if (shown++)
            rc = kh_buf_appendc(out, ',');
        if (rc == KH_OK)
            rc = put_str(out, o);
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "],\"articles\":[");
    for (size_t i = 0; rc == KH_OK && i < s->n_articles; i++) {
        const kh_view_article *a = &s->articles[i];
        kh_view_section as;
        rc = kh_view_section_article(m, a, &as, err);
        if (rc == KH_OK && i)
            rc = kh_buf_appendc(out, ',');
        if (rc == KH_OK)
            rc = kh_buf_appends(out, "{\"id\":");
        if (rc == KH_OK)
            rc = put_str(out, a->id);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"outlet\":");
        if (rc == KH_OK)
            rc = put_str(out, a->outlet);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"published\":");
        if (rc == KH_OK)
            rc = put_time(out, a->published);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"title\":");
        if (rc == KH_OK)
            rc = put_str(out, a->title);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"section\":");
        if (rc == KH_OK)
            rc = put_str(out, kh_view_section_name(as));
        if (rc == KH_OK)
            rc = kh_buf_appendc(out, '}');
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "],\"entities\":");
    if (rc == KH_OK)
        rc = put_entities(out, s);
    if (rc == KH_OK)
        rc = kh_buf_appends(out, ",\"summary\":[");
    for (size_t i = 0; rc == KH_OK && i < p.sum.n; i++) {
        const kh_view_article *a = &s->articles[p.sum.items[i].article];
        rc = kh_buf_appends(out, i ? ",{\"sentence\":" : "{\"sentence\":");
        if (rc == KH_OK)
            rc = put_str(out, p.sum.items[i].text);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"outlet\":");
        if (rc == KH_OK)
            rc = put_str(out, a->outlet);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"article\":");
        if (rc == KH_OK)
            rc = put_str(out, a->id);
        if (rc == KH_OK)
            rc = kh_buf_appendc(out, '}');
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "],\"unique_by_outlet\":[");
    for (size_t i = 0, groups = 0; rc == KH_OK && i < p.uniq.n;) {
        size_t art = p.uniq.items[i].article;
        const kh_view_article *a = &s->articles[art];
        rc = kh_buf_appends(out, groups++ ? ",{\"outlet\":" : "{\"outlet\":");
        if (rc == KH_OK)
            rc = put_str(out, a->outlet);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"article\":");
        if (rc == KH_OK)
            rc = put_str(out, a->id);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"sentences\":[");
        for (size_t k = 0; rc == KH_OK && i < p.uniq.n && p.uniq.items[i].article == art;
             i++, k++) {
            if (k)
                rc = kh_buf_appendc(out, ',');
            if (rc == KH_OK)
                rc = put_str(out, p.uniq.items[i].text);
        }
        if (rc == KH_OK)
            rc = kh_buf_appends(out, "]}");
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "],\"related\":[");
    for (size_t i = 0; rc == KH_OK && related && i < n_related; i++) {
        rc = kh_buf_appends(out, i ? ",{\"id\":" : "{\"id\":");
        if (rc == KH_OK)
            rc = put_str(out, related[i].id);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"title\":");
        if (rc == KH_OK)
            rc = put_str(out, related[i].title);
        if (rc == KH_OK)
            rc = kh_buf_printf(out, ",\"score\":%.3f}", related[i].score);
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "],\"timeline\":[");
    for (size_t k = 0; rc == KH_OK && k < s->n_articles; k++) {
        const kh_view_article *a = &s->articles[p.order[k]];
        rc = kh_buf_appends(out, k ? ",{\"published\":" : "{\"published\":");
        if (rc == KH_OK)
            rc = put_time(out, a->published);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"outlet\":");
        if (rc == KH_OK)
            rc = put_str(out, a->outlet);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"article\":");
        if (rc == KH_OK)
            rc = put_str(out, a->id);
        if (rc == KH_OK)
            rc = kh_buf_appends(out, ",\"title\":");
        if (rc == KH_OK)
            rc = put_str(out, a->title);
        if (rc == KH_OK)
            rc = kh_buf_appendc(out, '}');
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "]}");
    if (rc != KH_OK)
        kh_err_set(err, rc, 0, -1, "story view: writing JSON failed");
    kh_view_parts_clean(&p);
    return rc;
}
