/*
 * src/story/story.c - one whole story from the store, and the list of
 * stories: what `khabar story`, `khabar stories`, the public kh_story_json()
 * and the server's story routes all print.
 *
 * The store gives the story's row, outlets and entities (story/query.c) and
 * its articles (story/load.c); src/view computes the cleaned headline,
 * section, summary, what each outlet adds and the timeline in memory
 * (kh_view_story_json writes that part, which is read back and merged);
 * story/related.c ranks related stories.  Where both know a field, the
 * store's wins for facts (ids, counts, first and last seen, entity ids) and
 * the view's for what it computes (title, section).  A merged story answers
 * with the story it was folded into ("id" says which, "merged_from" the id
 * asked for).
 */
#include "core/alloc.h"
#include "story/story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARTICLES 200 /* a story past this shows its first 200 articles */
#define MAX_ENTITIES 12

/* ---- types ---- */

#define LIST_DF_FROM 100 /* stories listed from which kh_story_df pays */

typedef struct list_ctx {
    kh_store *s;
    const kh_view_model *m;
    const kh_story_list_opts *o;
    kh_story_list_fn fn;
    void *ctx;
    long n_shown;
    kh_rc rc;
    kh_err *err;
    const kh_story_df *df; /* NULL: each entity's count read when needed */
} list_ctx;

/* ---- static prototypes ---- */

static kh_rc view_part(const kh_view_story *vs, const kh_view_model *m, json_t *o, kh_err *err);
static int list_one(const kh_store_story *row, void *ctx);

/* ---- public functions ---- */

kh_rc kh_story_build(kh_store *s, const kh_view_model *m, kh_story_cache *cache, int64_t id,
                     json_t **out, kh_err *err)
{
    kh_store_story row;
    kh_story_articles st;
    json_t *o = NULL, *related = NULL;
    kh_rc rc;
    memset(&st, 0, sizeof st);
    *out = NULL;
    if ((rc = kh_store_story_get(s, id, 1, &row, err)) != KH_OK)
        return rc;
    /* The row borrows the store's handle until the next story read (related
     * stories make some): what is needed of it is taken now. */
    int64_t sid = row.id, first_seen = row.first_seen, last_seen = row.last_seen;
    if (!(o = kh_story_query_brief(s, m, &row, MAX_ENTITIES, err))) {
        rc = err && err->rc ? err->rc : KH_ERR_NOMEM;
        goto done;
    }
    if (json_object_set_new(o, "merged_from", sid != id ? json_integer(id) : json_null()))
        goto nomem;
    if ((rc = kh_story_load(s, sid, MAX_ARTICLES, 1, 1, &st, err)) != KH_OK)
        goto done;
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)sid);
    kh_view_story vs = {idbuf, st.arts, st.n};
    if ((rc = view_part(&vs, m, o, err)) != KH_OK)
        goto done;
    if (!(related = json_array()))
        goto nomem;
    /* Related stories are a help, not the story: a failure there leaves
     * the list empty. */
    kh_err rerr;
    kh_err_init(&rerr, NULL);
    if (kh_story_related(s, m, cache, sid, first_seen, last_seen, json_object_get(o, "entities"),
                         &vs, related, &rerr) != KH_OK) {
        if (rerr.rc == KH_ERR_NOMEM) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        json_array_clear(related);
    }
    if (json_object_set(o, "related", related) || json_object_set(o, "articles", st.list))
        goto nomem;
    *out = o;
    o = NULL;
    rc = KH_OK;
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
done:
    json_decref(o);
    json_decref(related);
    kh_story_load_clean(&st);
    return rc;
}

kh_rc kh_story_of_article(kh_store *s, const char *article_id, int64_t *story_id, kh_err *err)
{
    kh_store_article a;
    kh_store_story row;
    *story_id = 0;
    if (!article_id || !*article_id)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no article id");
    kh_rc rc = kh_store_article_get(s, article_id, &a, err);
    if (rc != KH_OK)
        return rc;
    if (a.story_id <= 0)
        return KH_DONE;
    int64_t sid = a.story_id;
    /* Articles move on a merge, but a story id kept elsewhere may not:
     * follow it all the same. */
    if ((rc = kh_store_story_get(s, sid, 1, &row, err)) != KH_OK)
        return rc;
    *story_id = row.id;
    return KH_OK;
}

int64_t kh_story_id_parse(const char *arg)
{
    if (!arg)
        return 0;
    const char *p = arg + (arg[0] == 's');
    char *end;
    if (*p < '0' || *p > '9')
        return 0;
    long long id = strtoll(p, &end, 10);
    return *end || id <= 0 ? 0 : (int64_t)id;
}

kh_rc kh_story_list(kh_store *s, const kh_view_model *m, const kh_story_list_opts *o,
                    kh_story_list_fn fn, void *ctx, kh_err *err)
{
    list_ctx c = {s, m, o, fn, ctx, 0, KH_OK, err, NULL};
    /* Entities of many stories: every entity's count read once (one pass
     * over the mentions) instead of once a story. */
    kh_story_df *df = NULL;
    if (o->n_entities > 0 && (o->limit == 0 || o->limit > LIST_DF_FROM) &&
        !(df = kh_story_df_load(s, err)))
        return err && err->rc ? err->rc : KH_ERR_NOMEM;
    c.df = df;
    kh_rc rc = kh_store_story_each(s, o->since, 0, list_one, &c, err);
    kh_story_df_free(df);
    return rc != KH_OK ? rc : c.rc;
}

/* ---- static functions ---- */

/* What the view computes, put into o: title and section (when it found
 * them), summary, unique_by_outlet, timeline. */
static kh_rc view_part(const kh_view_story *vs, const kh_view_model *m, json_t *o, kh_err *err)
{
    kh_buf vb;
    json_t *view = NULL;
    json_error_t jerr;
    kh_rc rc;
    kh_buf_init(&vb, KH_CAP_PAGE);
    if ((rc = kh_view_story_json(vs, m, NULL, 0, &vb, err)) != KH_OK)
        goto done;
    if (!(view = json_loadb(vb.data ? vb.data : "{}", vb.len ? vb.len : 2, 0, &jerr))) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot read the view back: %s", jerr.text);
        goto done;
    }
    static const char *const keys[] = {"title", "section", "summary", "unique_by_outlet",
                                       "timeline"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(view, keys[i]);
        if (!v || json_is_null(v))
            continue; /* the brief's guess stays */
        if (json_object_set(o, keys[i], v)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    json_decref(view);
    kh_buf_clean(&vb);
    return rc;
}

static int list_one(const kh_store_story *row, void *ctx)
{
    list_ctx *c = ctx;
    if (row->n_articles < c->o->min_articles)
        return 0;
    if (c->o->limit && c->n_shown >= c->o->limit)
        return 1;
    if (c->o->label) {
        const char *l = kh_story_query_label(c->m, row);
        if (!l || strcmp(l, c->o->label) != 0)
            return 0;
    }
    json_t *b = kh_story_query_brief_df(c->s, c->m, row, c->o->n_entities, c->df, c->err);
    if (!b) {
        c->rc = c->err && c->err->rc ? c->err->rc : KH_ERR_NOMEM;
        return 1;
    }
    c->n_shown++;
    return c->fn(b, c->ctx);
}
