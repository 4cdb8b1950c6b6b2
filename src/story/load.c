/*
 * src/story/load.c - a story's articles read from the store into the form
 * src/view takes (kh_view_article), for the whole story, for the
 * candidates of its related stories and for headlines of the story list.
 *
 * Rows borrow their statement only while the store's callback runs, so
 * every string is copied; the copies belong to the kh_story_articles and die
 * with kh_story_load_clean().  Bodies are split into paragraphs at line
 * breaks, as ingest joined them.
 */
#include "core/alloc.h"
#include "story/story.h"
#include "store/store_int.h"

#include <string.h>

/* ---- static prototypes ---- */

static int collect(const kh_store_article *row, void *ctx);
static const char *own(kh_story_articles *st, const char *s);
static json_t *str_or_null(const char *s);
static kh_rc attach_entities(kh_store *s, int64_t id, kh_story_articles *st, kh_err *err);

/* ---- public functions ---- */

kh_rc kh_story_load(kh_store *s, int64_t id, size_t max_articles, int with_body, int with_list,
                    kh_story_articles *out, kh_err *err)
{
    memset(out, 0, sizeof *out);
    out->max = max_articles ? max_articles : 200;
    if (with_list && !(out->list = json_array()))
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    kh_rc rc = kh_store_article_each(s, id, with_body, collect, out, err);
    if (rc == KH_OK && out->failed)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (rc == KH_OK && with_body) /* headlines alone need no entities */
        rc = attach_entities(s, id, out, err);
    if (rc != KH_OK)
        kh_story_load_clean(out);
    return rc;
}

void kh_story_load_clean(kh_story_articles *st)
{
    for (size_t i = 0; i < st->n_owned; i++)
        kh_free(st->owned[i]);
    kh_free(st->owned);
    for (size_t i = 0; i < st->n; i++) {
        kh_free((void *)st->arts[i].paras);
        kh_free((void *)st->arts[i].entities);
    }
    kh_free(st->arts);
    json_decref(st->list);
    memset(st, 0, sizeof *st);
}

/* ---- static functions ---- */

static int collect(const kh_store_article *row, void *ctx)
{
    kh_story_articles *st = ctx;
    if (st->n >= st->max)
        return 1;
    kh_view_article *grown = kh_grow(st->arts, st->n, &st->cap, sizeof *grown, 8);
    if (!grown)
        goto fail;
    st->arts = grown;
    kh_view_article *a = &st->arts[st->n];
    memset(a, 0, sizeof *a);
    st->n++; /* counted now so that clean frees its paragraphs */
    a->id = own(st, row->id);
    a->outlet = own(st, row->outlet);
    a->title = own(st, row->title);
    a->section = row->section ? own(st, row->section) : NULL;
    char *body = (char *)own(st, row->body ? row->body : "");
    a->body = body;
    a->published = row->published_ts;
    if (st->failed)
        return 1;
    /* Paragraphs: the body cut at line breaks, in place. */
    size_t n_paras = 1;
    for (const char *p = body; *p; p++)
        n_paras += *p == '\n';
    const char **paras = kh_calloc(n_paras, sizeof *paras);
    if (!paras)
        goto fail;
    size_t k = 0;
    for (char *p = body; p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            paras[k++] = p;
        p = nl ? nl + 1 : NULL;
    }
    a->paras = paras;
    a->n_paras = k;
    if (st->list) {
        char when[32] = "";
        if (row->published_ts > 0)
            kh_store_article_time_format(row->published_ts, when, sizeof when);
        json_t *j =
            json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(row->id), "outlet",
                      str_or_null(row->outlet), "title", str_or_null(row->title), "published",
                      when[0] ? json_string(when) : json_null(), "url", str_or_null(row->url),
                      "section", str_or_null(row->section), "dup_of", str_or_null(row->dup_of));
        if (!j || json_array_append_new(st->list, j))
            goto fail;
    }
    return 0;
fail:
    st->failed = 1;
    return 1;
}

static const char *own(kh_story_articles *st, const char *s)
{
    if (st->failed || !s)
        return NULL;
    char **p = kh_grow(st->owned, st->n_owned, &st->cap_owned, sizeof *p, 32);
    if (!p) {
        st->failed = 1;
        return NULL;
    }
    st->owned = p;
    char *c = kh_strdup(s);
    if (!c) {
        st->failed = 1;
        return NULL;
    }
    st->owned[st->n_owned++] = c;
    return c;
}

static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

/* Each article's entity names (the view counts them per article), from
 * one query over the story's mentions. */
static kh_rc attach_entities(kh_store *s, int64_t id, kh_story_articles *st, kh_err *err)
{
    sqlite3 *db = s->db;
    sqlite3_stmt *q = NULL;
    kh_rc rc = KH_OK;
    int step;
    if (st->n == 0)
        return KH_OK;
    if (sqlite3_prepare_v2(db,
                           "SELECT a.id, e.name FROM articles a"
                           " JOIN article_entities ae ON ae.article = a.rowid"
                           " JOIN entities e ON e.id = ae.entity"
                           " WHERE a.story_id = ?1 ORDER BY a.id, ae.count DESC",
                           -1, &q, NULL) != SQLITE_OK)
        return kh_err_set(err, KH_ERR_DB, 0, -1, "cannot read entities: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(q, 1, id);
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        const char *aid = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        if (!aid || !name)
            continue;
        for (size_t i = 0; i < st->n; i++) {
            kh_view_article *a = &st->arts[i];
            if (!a->id || strcmp(a->id, aid) != 0)
                continue;
            if (a->n_entities >= 64)
                break;
            const char **list = kh_realloc((void *)a->entities, (a->n_entities + 1) * sizeof *list);
            const char *copy = list ? own(st, name) : NULL;
            if (list)
                a->entities = list;
            if (!copy) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
            list[a->n_entities++] = copy;
            break;
        }
    }
    if (step != SQLITE_DONE)
        rc = kh_err_set(err, KH_ERR_DB, 0, -1, "cannot read entities: %s", sqlite3_errmsg(db));
done:
    sqlite3_finalize(q);
    return rc;
}
