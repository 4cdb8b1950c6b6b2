/*
 * src/serve/related.c - the related stories of a story page: candidates
 * from the store, ranked by src/view (shared entities and terms).
 *
 * Candidates: live stories mentioning one of the story's entities, and the
 * biggest stories seen within two days of it (so related stories show even
 * when the ingest found no entities); at most MAX_CANDS, each read with at
 * most CAND_ARTICLES articles, which is enough for its top terms.  The view
 * drops the story itself, the same event told twice and the unrelated.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_CANDS 40
#define CAND_ARTICLES 6
#define TOP_TERMS 30
#define MAX_RELATED 5
#define WINDOW (2 * 86400)

typedef struct cand {
    int64_t id;
    char idbuf[24];
    kh_serve_story st;
    kh_view_term *terms; /* owns */
    size_t n_terms;
    const char **ents; /* owns the array; names borrow st */
    size_t n_ents;
} cand;

static kh_rc candidates(kh_store *s, int64_t id, int64_t last_seen, cand *out, size_t *n,
                        kh_err *err);
static kh_rc profile(const kh_view_story *vs, const kh_view_model *m, kh_view_term **terms,
                     size_t *n_terms, const char ***ents, size_t *n_ents, kh_err *err);

kh_rc kh_serve_related(kh_store *s, const kh_view_model *m, int64_t id, int64_t last_seen,
                       const kh_view_story *cur, json_t *out, kh_err *err)
{
    cand *c = kh_calloc(MAX_CANDS, sizeof *c);
    kh_view_profile *profs = kh_calloc(MAX_CANDS, sizeof *profs);
    kh_view_term *cur_terms = NULL;
    const char **cur_ents = NULL;
    size_t n_cur_terms = 0, n_cur_ents = 0, n = 0, n_rel = 0;
    kh_view_related *rel = NULL;
    kh_rc rc;
    if (!c || !profs) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    if ((rc = candidates(s, id, last_seen, c, &n, err)) != KH_OK || n == 0)
        goto done;
    if ((rc = profile(cur, m, &cur_terms, &n_cur_terms, &cur_ents, &n_cur_ents, err)) != KH_OK)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = kh_serve_story_load(s, c[i].id, CAND_ARTICLES, 0, &c[i].st, err)) != KH_OK)
            goto done;
        if (c[i].st.n == 0)
            continue;
        kh_view_story vs = {c[i].idbuf, c[i].st.arts, c[i].st.n};
        if ((rc = profile(&vs, m, &c[i].terms, &c[i].n_terms, &c[i].ents, &c[i].n_ents, err)) !=
            KH_OK)
            goto done;
        profs[k].id = c[i].idbuf;
        profs[k].title = c[i].st.arts[0].title;
        profs[k].entities = c[i].ents;
        profs[k].n_entities = c[i].n_ents;
        profs[k].terms = c[i].terms;
        profs[k].n_terms = c[i].n_terms;
        k++;
    }
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    kh_view_profile me = {idbuf, NULL, cur_ents, n_cur_ents, cur_terms, n_cur_terms};
    if ((rc = kh_view_related_rank(&me, profs, k, MAX_RELATED, &rel, &n_rel, err)) != KH_OK)
        goto done;
    for (size_t i = 0; i < n_rel; i++) {
        long long rid = 0;
        sscanf(rel[i].id, "%lld", &rid);
        /* The story's current title, not its first article's headline. */
        kh_store_story row;
        kh_err e2;
        kh_err_init(&e2, NULL);
        const char *title = rel[i].title;
        if (kh_store_story_get(s, rid, 1, &row, &e2) == KH_OK && row.title)
            title = row.title;
        json_t *t = title ? json_string(title) : NULL;
        json_t *o = json_pack("{s:I, s:o, s:f}", "id", (json_int_t)rid, "title",
                              t ? t : json_null(), "score", rel[i].score);
        if (!o || json_array_append_new(out, o)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    for (size_t i = 0; c && i < MAX_CANDS; i++) {
        kh_serve_story_clean(&c[i].st);
        kh_view_terms_free(c[i].terms, c[i].n_terms);
        kh_free(c[i].ents);
    }
    kh_free(c);
    kh_free(profs);
    kh_view_terms_free(cur_terms, n_cur_terms);
    kh_free(cur_ents);
    kh_free(rel);
    return rc;
}

static kh_rc candidates(kh_store *s, int64_t id, int64_t last_seen, cand *out, size_t *n,
                        kh_err *err)
{
    sqlite3 *db = kh_serve_store_db(s);
    sqlite3_stmt *q = NULL;
    kh_rc rc = KH_OK;
    int step;
    *n = 0;
    if (sqlite3_prepare_v2(
            db,
            "SELECT id FROM stories WHERE merged_into IS NULL AND id != ?1 AND id IN ("
            "  SELECT a.story_id FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
            "  WHERE ae.entity IN (SELECT ae2.entity FROM article_entities ae2"
            "    JOIN articles a2 ON a2.rowid = ae2.article WHERE a2.story_id = ?1)"
            "  LIMIT 400)"
            " UNION SELECT id FROM (SELECT id FROM stories WHERE merged_into IS NULL AND id != ?1"
            "  AND last_seen BETWEEN ?2 AND ?3 ORDER BY n_articles DESC, last_seen DESC LIMIT 20)"
            " LIMIT ?4",
            -1, &q, NULL) != SQLITE_OK)
        return kh_err_set(err, KH_ERR_DB, 0, -1, "cannot find candidates: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, last_seen - WINDOW);
    sqlite3_bind_int64(q, 3, last_seen + WINDOW);
    sqlite3_bind_int64(q, 4, MAX_CANDS);
    while ((step = sqlite3_step(q)) == SQLITE_ROW && *n < MAX_CANDS) {
        out[*n].id = sqlite3_column_int64(q, 0);
        snprintf(out[*n].idbuf, sizeof out[*n].idbuf, "%lld", (long long)out[*n].id);
        (*n)++;
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        rc = kh_err_set(err, KH_ERR_DB, 0, -1, "cannot find candidates: %s", sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return rc;
}

/* Top terms and distinct entity names of a loaded story. */
static kh_rc profile(const kh_view_story *vs, const kh_view_model *m, kh_view_term **terms,
                     size_t *n_terms, const char ***ents, size_t *n_ents, kh_err *err)
{
    size_t total = 0;
    *ents = NULL;
    *n_ents = 0;
    kh_rc rc = kh_view_related_terms(vs, m, TOP_TERMS, terms, n_terms, err);
    if (rc != KH_OK)
        return rc;
    for (size_t i = 0; i < vs->n_articles; i++)
        total += vs->articles[i].n_entities;
    if (total == 0)
        return KH_OK;
    const char **list = kh_calloc(total, sizeof *list);
    if (!list)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    for (size_t i = 0; i < vs->n_articles; i++) {
        for (size_t e = 0; e < vs->articles[i].n_entities; e++) {
            const char *name = vs->articles[i].entities[e];
            size_t j = 0;
            while (j < *n_ents && strcmp(list[j], name) != 0)
                j++;
            if (j == *n_ents)
                list[(*n_ents)++] = name;
        }
    }
    *ents = list;
    return KH_OK;
}
