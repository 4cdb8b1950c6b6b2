/*
 * src/story/related.c - the related stories of a story: candidates
 * from the store, ranked by src/view (shared entities and terms).
 *
 * Candidates: live stories naming the story's most salient entities (the
 * ones its list shows), those naming more of them first and then the
 * nearest in time, within two weeks; and the biggest stories seen within two
 * days of it (so related stories show even when the ingest found no
 * entities); at most MAX_CANDS.  The same event on another day is among
 * them: the clusterer starts a new story after a gap of hours.  A candidate's
 * profile (top terms of at most CAND_ARTICLES articles and their leading
 * paragraphs, entity names) costs a read and a tokenisation, most of a story
 * page, so profiles are kept in a table shared by the workers
 * (kh_story_cache, optional: a one-shot command passes NULL), slot = id modulo its size, valid
 * while the story's article count and last time seen are unchanged.  Hits copy the profile out
 * under the lock, so no worker ever holds a pointer into the table. The view drops the story
 * itself, the same event told twice and the unrelated.
 */
#include "core/alloc.h"
#include "story/story.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_CANDS 16
#define CAND_ARTICLES 3
#define CAND_PARAS 3 /* leading paragraphs: where the news is */
#define TOP_TERMS 30
#define MAX_RELATED 5
#define WINDOW (2 * 86400)
#define NAMED_WINDOW (14 * 86400)
#define NAMED_CANDS 12 /* of MAX_CANDS: by shared entities */
#define NAMED_ENTITIES 6

/* ?1 the story, ?2 its entity ids as a JSON array, ?3 its last time seen,
 * ?4 how many, ?5 how far in time. */
static const char NAMED_SQL[] =
    "SELECT st.id, st.n_articles, st.first_seen, st.last_seen FROM ("
    " SELECT a.story_id AS sid, count(DISTINCT ae.entity) AS shared, max(a.published_ts) AS t"
    " FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
    " WHERE ae.entity IN (SELECT value FROM json_each(?2)) AND a.story_id != ?1"
    " AND a.published_ts BETWEEN ?3 - ?5 AND ?3 + ?5 GROUP BY a.story_id) x"
    " JOIN stories st ON st.id = x.sid WHERE st.merged_into IS NULL"
    " ORDER BY x.shared DESC, abs(x.t - ?3) LIMIT ?4";
static const char BIGGEST_SQL[] =
    "SELECT id, n_articles, first_seen, last_seen FROM stories"
    " WHERE merged_into IS NULL AND id != ?1 AND last_seen BETWEEN ?3 - ?5 AND ?3 + ?5"
    " ORDER BY n_articles DESC, last_seen DESC LIMIT ?4";

/* ---- types ---- */

typedef struct cand {
    int64_t id;
    long n_articles;
    int64_t first_seen, last_seen;
    char idbuf[24];
    kh_story_profile p; /* owns its copies */
} cand;

/* ---- static prototypes ---- */

static kh_rc candidates(kh_store *s, int64_t id, int64_t last_seen, const json_t *ranked, cand *out,
                        size_t *n, kh_err *err);
static kh_rc named_ids(kh_store *s, int64_t id, const json_t *ranked, kh_buf *ids, kh_err *err);
static kh_rc cand_profile(kh_store *s, const kh_view_model *m, kh_story_cache *cache, cand *c,
                          kh_err *err);
static kh_rc profile_of(const kh_view_story *vs, const kh_view_model *m, kh_story_profile *p,
                        kh_err *err);
static kh_rc profile_copy(const kh_story_profile *from, kh_story_profile *to);
static void profile_clean(kh_story_profile *p);

/* ---- public functions ---- */

kh_rc kh_story_cache_init(kh_story_cache *c, kh_err *err)
{
    memset(c, 0, sizeof *c);
    if (!(c->slots = kh_calloc(KH_STORY_CACHE_SLOTS, sizeof *c->slots)))
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (pthread_mutex_init(&c->mu, NULL) != 0) {
        kh_free(c->slots);
        c->slots = NULL;
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a mutex");
    }
    return KH_OK;
}

void kh_story_cache_clean(kh_story_cache *c)
{
    if (!c || !c->slots)
        return;
    for (size_t i = 0; i < KH_STORY_CACHE_SLOTS; i++)
        profile_clean(&c->slots[i]);
    kh_free(c->slots);
    pthread_mutex_destroy(&c->mu);
    memset(c, 0, sizeof *c);
}

kh_rc kh_story_related(kh_store *s, const kh_view_model *m, kh_story_cache *cache, int64_t id,
                       int64_t first_seen, int64_t last_seen, const json_t *ranked,
                       const kh_view_story *cur, json_t *out, kh_err *err)
{
    cand *c = kh_calloc(MAX_CANDS, sizeof *c);
    kh_view_profile *profs = kh_calloc(MAX_CANDS, sizeof *profs);
    kh_story_profile me_p;
    size_t n = 0, n_rel = 0, k = 0;
    kh_view_related *rel = NULL;
    kh_buf head;
    kh_rc rc;
    kh_buf_init(&head, KH_CAP_PAGE);
    memset(&me_p, 0, sizeof me_p);
    if (!c || !profs) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    if ((rc = candidates(s, id, last_seen, ranked, c, &n, err)) != KH_OK || n == 0)
        goto done;
    if ((rc = profile_of(cur, m, &me_p, err)) != KH_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        if ((rc = cand_profile(s, m, cache, &c[i], err)) != KH_OK)
            goto done;
        if (!c[i].p.title)
            continue; /* no articles */
        profs[k].id = c[i].idbuf;
        profs[k].title = c[i].p.title;
        profs[k].entities = (const char *const *)c[i].p.ents;
        profs[k].n_entities = c[i].p.n_ents;
        profs[k].terms = c[i].p.terms;
        profs[k].n_terms = c[i].p.n_terms;
        profs[k].first_seen = c[i].first_seen;
        profs[k].last_seen = c[i].last_seen;
        k++;
    }
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    kh_view_profile me = {.id = idbuf,
                          .entities = (const char *const *)me_p.ents,
                          .n_entities = me_p.n_ents,
                          .terms = me_p.terms,
                          .n_terms = me_p.n_terms,
                          .first_seen = first_seen,
                          .last_seen = last_seen};
    if ((rc = kh_view_related_rank(&me, profs, k, MAX_RELATED, &rel, &n_rel, err)) != KH_OK)
        goto done;
    for (size_t i = 0; i < n_rel; i++) {
        long long rid = 0;
        sscanf(rel[i].id, "%lld", &rid);
        /* The story's headline as lists show it, not its first article's
         * raw one; the latter when that cannot be read. */
        kh_store_story row;
        kh_err e2;
        kh_err_init(&e2, NULL);
        const char *title = rel[i].title;
        kh_buf_reset(&head);
        if (kh_store_story_get(s, rid, 1, &row, &e2) == KH_OK &&
            kh_story_query_headline(s, &row, &head, &e2) == KH_OK && head.len)
            title = head.data;
        json_t *t = title ? json_string(title) : NULL;
        /* When it was last seen: an earlier or later day of the same event
         * reads differently from another story of the same days. */
        int64_t seen = 0;
        for (size_t j = 0; j < n; j++)
            if (strcmp(c[j].idbuf, rel[i].id) == 0)
                seen = c[j].last_seen;
        char when[32] = "";
        if (seen > 0)
            kh_store_article_time_format(seen, when, sizeof when);
        json_t *w = when[0] ? json_string(when) : NULL;
        json_t *o = json_pack("{s:I, s:o, s:f, s:o, s:b}", "id", (json_int_t)rid, "title",
                              t ? t : json_null(), "score", rel[i].score, "last_seen",
                              w ? w : json_null(), "same_event", rel[i].same_event);
        if (!o || json_array_append_new(out, o)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    for (size_t i = 0; c && i < MAX_CANDS; i++)
        profile_clean(&c[i].p);
    kh_free(c);
    kh_free(profs);
    profile_clean(&me_p);
    kh_free(rel);
    kh_buf_clean(&head);
    return rc;
}

/* ---- static functions ---- */

static kh_rc candidates(kh_store *s, int64_t id, int64_t last_seen, const json_t *ranked, cand *out,
                        size_t *n, kh_err *err)
{
    sqlite3 *db = s->db;
    sqlite3_stmt *q = NULL;
    kh_buf ids;
    kh_buf_init(&ids, KH_CAP_LINE);
    kh_rc rc = named_ids(s, id, ranked, &ids, err);
    int step = SQLITE_DONE;
    *n = 0;
    if (rc != KH_OK)
        goto done;
    /* Stories naming more of the story's faces first, then the nearest in
     * time; the biggest stories of its days fill the rest. */
    for (int pass = 0; pass < 2 && *n < MAX_CANDS; pass++) {
        if (pass == 0 && ids.len <= 2)
            continue; /* "[]": no entities */
        if (sqlite3_prepare_v2(db, pass == 0 ? NAMED_SQL : BIGGEST_SQL, -1, &q, NULL) !=
            SQLITE_OK) {
            rc =
                kh_err_set(err, KH_ERR_DB, 0, -1, "cannot find candidates: %s", sqlite3_errmsg(db));
            goto done;
        }
        sqlite3_bind_int64(q, 1, id);
        if (pass == 0)
            sqlite3_bind_text(q, 2, ids.data, (int)ids.len, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, last_seen);
        sqlite3_bind_int64(q, 4, pass == 0 ? NAMED_CANDS : MAX_CANDS);
        sqlite3_bind_int64(q, 5, pass == 0 ? NAMED_WINDOW : WINDOW);
        while (*n < MAX_CANDS && (step = sqlite3_step(q)) == SQLITE_ROW) {
            int64_t cid = sqlite3_column_int64(q, 0);
            size_t j = 0;
            while (j < *n && out[j].id != cid)
                j++;
            if (j < *n)
                continue; /* found by both passes */
            cand *c = &out[*n];
            c->id = cid;
            c->n_articles = (long)sqlite3_column_int64(q, 1);
            c->first_seen = sqlite3_column_int64(q, 2);
            c->last_seen = sqlite3_column_int64(q, 3);
            snprintf(c->idbuf, sizeof c->idbuf, "%lld", (long long)c->id);
            (*n)++;
        }
        if (step != SQLITE_DONE && step != SQLITE_ROW) {
            rc =
                kh_err_set(err, KH_ERR_DB, 0, -1, "cannot find candidates: %s", sqlite3_errmsg(db));
            goto done;
        }
        sqlite3_finalize(q);
        q = NULL;
    }
done:
    sqlite3_finalize(q);
    kh_buf_clean(&ids);
    return rc;
}

/* The ids of the story's most salient entities (those its list shows) as a
 * JSON array, "[]" when it has none: the first of ranked, which the story
 * page has already read, else read here. */
static kh_rc named_ids(kh_store *s, int64_t id, const json_t *ranked, kh_buf *ids, kh_err *err)
{
    json_t *own = NULL;
    kh_rc rc = KH_OK;
    if (!ranked) {
        if (!(own = json_array()))
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        rc = kh_story_query_entities(s, id, NAMED_ENTITIES, own, err);
        ranked = own;
    }
    if (rc == KH_OK)
        rc = kh_buf_appendc(ids, '[');
    for (size_t i = 0; rc == KH_OK && i < json_array_size(ranked) && i < NAMED_ENTITIES; i++)
        rc = kh_buf_printf(
            ids, "%s%lld", i ? "," : "",
            (long long)json_integer_value(json_object_get(json_array_get(ranked, i), "id")));
    if (rc == KH_OK)
        rc = kh_buf_appendc(ids, ']');
    json_decref(own);
    if (rc == KH_ERR_NOMEM)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return rc;
}

/* The candidate's profile into c->p: a copy of the cached one when the
 * story is unchanged, else computed and cached. */
static kh_rc cand_profile(kh_store *s, const kh_view_model *m, kh_story_cache *cache, cand *c,
                          kh_err *err)
{
    kh_story_profile *slot = NULL;
    kh_rc rc = KH_OK;
    if (cache && cache->slots) {
        slot = &cache->slots[(uint64_t)c->id % KH_STORY_CACHE_SLOTS];
        pthread_mutex_lock(&cache->mu);
        int hit = slot->id == c->id && slot->n_articles == c->n_articles &&
                  slot->last_seen == c->last_seen;
        if (hit)
            rc = profile_copy(slot, &c->p);
        pthread_mutex_unlock(&cache->mu);
        if (hit)
            return rc == KH_OK ? KH_OK : kh_err_set(err, rc, 0, -1, "out of memory");
    }
    kh_story_articles st;
    if ((rc = kh_story_load(s, c->id, CAND_ARTICLES, 1, 0, &st, err)) != KH_OK)
        return rc;
    if (st.n > 0) {
        for (size_t a = 0; a < st.n; a++)
            if (st.arts[a].n_paras > CAND_PARAS)
                st.arts[a].n_paras = CAND_PARAS;
        kh_view_story vs = {c->idbuf, st.arts, st.n};
        rc = profile_of(&vs, m, &c->p, err);
        if (rc == KH_OK && !(c->p.title = kh_strdup(st.arts[0].title ? st.arts[0].title : "")))
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    }
    kh_story_load_clean(&st);
    if (rc != KH_OK || !slot || !c->p.title)
        return rc;
    c->p.id = c->id;
    c->p.n_articles = c->n_articles;
    c->p.last_seen = c->last_seen;
    /* Caching is best effort: a failed copy leaves the slot empty. */
    pthread_mutex_lock(&cache->mu);
    profile_clean(slot);
    if (profile_copy(&c->p, slot) != KH_OK)
        profile_clean(slot);
    pthread_mutex_unlock(&cache->mu);
    return KH_OK;
}

/* Top terms and distinct entity names of a loaded story (copies). */
static kh_rc profile_of(const kh_view_story *vs, const kh_view_model *m, kh_story_profile *p,
                        kh_err *err)
{
    size_t total = 0;
    kh_rc rc = kh_view_related_terms(vs, m, TOP_TERMS, &p->terms, &p->n_terms, err);
    if (rc != KH_OK)
        return rc;
    for (size_t i = 0; i < vs->n_articles; i++)
        total += vs->articles[i].n_entities;
    if (total == 0)
        return KH_OK;
    if (!(p->ents = kh_calloc(total, sizeof *p->ents)))
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    for (size_t i = 0; i < vs->n_articles; i++) {
        for (size_t e = 0; e < vs->articles[i].n_entities; e++) {
            const char *name = vs->articles[i].entities[e];
            size_t j = 0;
            while (j < p->n_ents && strcmp(p->ents[j], name) != 0)
                j++;
            if (j < p->n_ents)
                continue;
            if (!(p->ents[p->n_ents] = kh_strdup(name)))
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            p->n_ents++;
        }
    }
    return KH_OK;
}

static kh_rc profile_copy(const kh_story_profile *from, kh_story_profile *to)
{
    memset(to, 0, sizeof *to);
    to->id = from->id;
    to->n_articles = from->n_articles;
    to->last_seen = from->last_seen;
    if (from->title && !(to->title = kh_strdup(from->title)))
        goto fail;
    if (from->n_terms) {
        if (!(to->terms = kh_calloc(from->n_terms, sizeof *to->terms)))
            goto fail;
        for (size_t i = 0; i < from->n_terms; i++) {
            to->terms[i].weight = from->terms[i].weight;
            if (!(to->terms[i].term = kh_strdup(from->terms[i].term)))
                goto fail;
            to->n_terms = i + 1;
        }
    }
    if (from->n_ents) {
        if (!(to->ents = kh_calloc(from->n_ents, sizeof *to->ents)))
            goto fail;
        for (size_t i = 0; i < from->n_ents; i++) {
            if (!(to->ents[i] = kh_strdup(from->ents[i])))
                goto fail;
            to->n_ents = i + 1;
        }
    }
    return KH_OK;
fail:
    profile_clean(to);
    return KH_ERR_NOMEM;
}

static void profile_clean(kh_story_profile *p)
{
    kh_free(p->title);
    /* Terms may be partly filled after a failed copy: free what is there. */
    if (p->terms) {
        for (size_t i = 0; i < p->n_terms; i++)
            kh_free(p->terms[i].term);
        kh_free(p->terms);
    }
    for (size_t i = 0; i < p->n_ents; i++)
        kh_free(p->ents[i]);
    kh_free(p->ents);
    memset(p, 0, sizeof *p);
}
