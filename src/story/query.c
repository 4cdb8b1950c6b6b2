/*
 * src/story/query.c - the reads about stories and entities that
 * src/store/store.h does not offer: a story's brief (cleaned headline,
 * section label, outlets, top entities) as lists show it; stories filtered
 * by section and entity, a page at a time; a story's entities with their
 * ids; an entity and its stories over time.
 *
 * They run on the caller's connection (store_int.h gives its sqlite3
 * handle) and prepare their statements each time: a few tens of
 * microseconds next to the query itself, and no cache to share.  Columns
 * are those of store/schema.c, schema version 2.  A list headline comes
 * from the articles' headlines only (no bodies): a story list of 25,000
 * stories reads titles, never texts.
 */
#include "core/alloc.h"
#include "core/hash.h"
#include "store/store_int.h"
#include "story/story.h"
#include "text/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HEADLINE_ARTICLES 50 /* headlines compared for a list title */

/* ---- static prototypes ---- */

/* A story's entity with its salience, for ranking. */
typedef struct ranked_entity {
    json_t *o; /* owns a reference */
    double score;
    size_t order; /* as read: most mentioned first */
    long count;   /* mentions in the story */
    char *form;   /* the name's match form when it may fold (fold_names) */
    size_t words; /* words of form */
} ranked_entity;

struct kh_story_df {
    kh_hash by_entity; /* entity id (8 bytes) -> stored articles naming it */
};

static int64_t df_of(const kh_story_df *df, int64_t entity);
static json_t *str_or_null(const char *s);
static int by_salience(const void *a, const void *b);
static kh_rc name_form_of(ranked_entity *r, const char *type, const char *name, int local,
                          kh_err *err);
static int is_joint(const char *w, size_t n);
static size_t fold_names(ranked_entity *all, size_t n);
static int part_of(const ranked_entity *part, const ranked_entity *whole);
static json_t *time_json(int64_t ts);
static kh_rc prepare(kh_store *s, const char *sql, sqlite3_stmt **st, kh_err *err);
static int add_outlet(const char *name, const char *type, long count, void *ctx);

/* ---- public functions ---- */

const char *kh_story_query_label(const kh_view_model *m, const kh_store_story *row)
{
    kh_view_section sec = row->section ? kh_view_section_map(row->section) : KH_VIEW_SECTION_NONE;
    /* The classifier on the title: cheap (a few words), and the best guess
     * without reading the bodies. */
    if (sec == KH_VIEW_SECTION_NONE && m && row->title) {
        kh_err err;
        kh_err_init(&err, NULL);
        if (kh_view_section_classify(m, row->title, "", &sec, NULL, &err) != KH_OK)
            sec = KH_VIEW_SECTION_NONE;
    }
    return kh_view_section_name(sec);
}

kh_rc kh_story_query_headline(kh_store *s, const kh_store_story *row, kh_buf *out, kh_err *err)
{
    kh_story_articles st;
    long pick = 0;
    kh_buf_reset(out);
    kh_rc rc = kh_story_load(s, row->id, HEADLINE_ARTICLES, 0, 0, &st, err);
    if (rc != KH_OK)
        return rc;
    kh_view_story vs = {NULL, st.arts, st.n};
    if (st.n > 1 && (rc = kh_view_title_pick(&vs, &pick, err)) != KH_OK)
        goto done;
    /* No article (a story being written): the stored title as it is. */
    const char *title = st.n && pick >= 0 ? st.arts[pick].title : row->title;
    const char *outlet = st.n && pick >= 0 ? st.arts[pick].outlet : NULL;
    if (title && (rc = kh_view_title_clean(title, outlet, out)) != KH_OK)
        kh_err_set(err, rc, 0, -1, "out of memory");
done:
    kh_story_load_clean(&st);
    return rc;
}

json_t *kh_story_query_brief(kh_store *s, const kh_view_model *m, const kh_store_story *row,
                             long n_entities, kh_err *err)
{
    return kh_story_query_brief_df(s, m, row, n_entities, NULL, err);
}

json_t *kh_story_query_brief_df(kh_store *s, const kh_view_model *m, const kh_store_story *row,
                                long n_entities, const kh_story_df *df, kh_err *err)
{
    json_t *o = json_object();
    json_t *outlets = json_array();
    json_t *ents = n_entities > 0 ? json_array() : NULL;
    kh_buf head;
    kh_buf_init(&head, KH_CAP_PAGE);
    if (!o || !outlets || (n_entities > 0 && !ents))
        goto nomem;
    if (kh_story_query_headline(s, row, &head, err) != KH_OK)
        goto fail;
    if (json_object_set_new(o, "id", json_integer(row->id)) ||
        json_object_set_new(o, "title", str_or_null(head.len ? head.data : row->title)) ||
        json_object_set_new(o, "section", str_or_null(kh_story_query_label(m, row))) ||
        json_object_set_new(o, "section_page", str_or_null(row->section)) ||
        json_object_set_new(o, "first_seen", time_json(row->first_seen)) ||
        json_object_set_new(o, "last_seen", time_json(row->last_seen)) ||
        json_object_set_new(o, "n_articles", json_integer(row->n_articles)))
        goto nomem;
    if (kh_store_story_outlets(s, row->id, add_outlet, outlets, err) != KH_OK)
        goto fail;
    if (json_object_set_new(o, "outlets", outlets)) {
        outlets = NULL;
        goto nomem;
    }
    outlets = NULL;
    if (ents) {
        if (kh_story_query_entities_df(s, row->id, n_entities, df, ents, err) != KH_OK)
            goto fail;
        if (json_object_set_new(o, "entities", ents)) {
            ents = NULL;
            goto nomem;
        }
        ents = NULL;
    }
    kh_buf_clean(&head);
    return o;
nomem:
    kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
fail:
    json_decref(o);
    json_decref(outlets);
    json_decref(ents);
    kh_buf_clean(&head);
    return NULL;
}

kh_rc kh_story_query_page(kh_store *s, const kh_view_model *m, const char *section,
                          const char *label, int64_t since, int64_t entity, long page,
                          long page_size, json_t *out, long *total, kh_err *err)
{
    static const char *const where =
        " FROM stories s WHERE s.merged_into IS NULL AND s.last_seen >= ?1"
        " AND (?2 IS NULL OR s.section = ?2)"
        " AND (?3 = 0 OR s.id IN (SELECT a.story_id FROM article_entities ae"
        "   JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ?3))";
    char sql[1024];
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    int step;
    int64_t first = (int64_t)(page - 1) * page_size;
    *total = 0;
    if (!label) {
        snprintf(sql, sizeof sql, "SELECT count(*)%s", where);
        if ((rc = prepare(s, sql, &st, err)) != KH_OK)
            goto done;
        sqlite3_bind_int64(st, 1, since);
        kh_store_bind_text(st, 2, section);
        sqlite3_bind_int64(st, 3, entity);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = (long)sqlite3_column_int64(st, 0);
        else {
            rc = kh_store_fail(s, "cannot count stories", err);
            goto done;
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    /* A label is the view's, made per story (the outlet's section mapped,
     * else the classifier on the headline), not stored: every story is
     * labelled to find the page's and count them. */
    snprintf(sql, sizeof sql,
             "SELECT s.id, s.title, s.section, s.first_seen, s.last_seen, s.n_articles%s"
             " ORDER BY s.last_seen DESC, s.id DESC LIMIT ?4 OFFSET ?5",
             where);
    if ((rc = prepare(s, sql, &st, err)) != KH_OK)
        goto done;
    sqlite3_bind_int64(st, 1, since);
    kh_store_bind_text(st, 2, section);
    sqlite3_bind_int64(st, 3, entity);
    sqlite3_bind_int64(st, 4, label ? -1 : page_size);
    sqlite3_bind_int64(st, 5, label ? 0 : first);
    /* Rows are copied out before the outlets query runs on the same
     * connection: the brief needs a second statement. */
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_store_story row = {0};
        row.id = sqlite3_column_int64(st, 0);
        row.title = kh_store_column_text(st, 1);
        row.section = kh_store_column_text(st, 2);
        row.first_seen = sqlite3_column_int64(st, 3);
        row.last_seen = sqlite3_column_int64(st, 4);
        row.n_articles = (long)sqlite3_column_int64(st, 5);
        if (label) {
            const char *l = kh_story_query_label(m, &row);
            if (!l || strcmp(l, label) != 0)
                continue;
            long at = (*total)++;
            if (at < first || at >= first + page_size)
                continue;
        }
        json_t *b = kh_story_query_brief(s, m, &row, 0, err);
        if (!b || json_array_append_new(out, b)) {
            rc = err && err->rc ? err->rc : kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot list stories", err);
done:
    sqlite3_finalize(st);
    return rc;
}

kh_story_df *kh_story_df_load(kh_store *s, kh_err *err)
{
    kh_story_df *df = kh_calloc(1, sizeof *df);
    sqlite3_stmt *st = NULL;
    if (!df) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    kh_hash_init(&df->by_entity, NULL);
    if (prepare(s, "SELECT entity, count(*) FROM article_entities GROUP BY entity", &st, err) !=
        KH_OK)
        goto fail;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t e = sqlite3_column_int64(st, 0);
        kh_hval *v = kh_hash_put(&df->by_entity, (const char *)&e, sizeof e, NULL);
        if (!v) {
            kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto fail;
        }
        v->i = sqlite3_column_int64(st, 1);
    }
    if (step != SQLITE_DONE) {
        kh_store_fail(s, "cannot count the entities' articles", err);
        goto fail;
    }
    sqlite3_finalize(st);
    return df;
fail:
    sqlite3_finalize(st);
    kh_story_df_free(df);
    return NULL;
}

void kh_story_df_free(kh_story_df *df)
{
    if (!df)
        return;
    kh_hash_clean(&df->by_entity);
    kh_free(df);
}

kh_rc kh_story_query_entities(kh_store *s, int64_t id, long limit, json_t *out, kh_err *err)
{
    return kh_story_query_entities_df(s, id, limit, NULL, out, err);
}

kh_rc kh_story_query_entities_df(kh_store *s, int64_t id, long limit, const kh_story_df *df,
                                 json_t *out, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    ranked_entity *all = NULL;
    size_t n = 0, cap = 0;
    kh_rc rc;
    int step;
    /* Every entity of the story with its mentions and the articles naming
     * it here, and the stored articles naming it anywhere (an index range
     * each); the largest article rowid stands for the store's size. */
    /* Without df, each entity's count is an index range of its own. */
    if ((rc = prepare(s,
                      df ? "SELECT e.id, e.name, e.type, sum(ae.count) AS c, count(*), 0,"
                           " (SELECT max(rowid) FROM articles) FROM articles a"
                           " JOIN article_entities ae ON ae.article = a.rowid"
                           " JOIN entities e ON e.id = ae.entity WHERE a.story_id = ?1"
                           " GROUP BY e.id ORDER BY c DESC, e.name"
                         : "SELECT e.id, e.name, e.type, sum(ae.count) AS c, count(*),"
                           " (SELECT count(*) FROM article_entities x WHERE x.entity = e.id),"
                           " (SELECT max(rowid) FROM articles) FROM articles a"
                           " JOIN article_entities ae ON ae.article = a.rowid"
                           " JOIN entities e ON e.id = ae.entity WHERE a.story_id = ?1"
                           " GROUP BY e.id ORDER BY c DESC, e.name",
                      &st, err)) != KH_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ranked_entity *grown = kh_grow(all, n, &cap, sizeof *grown, 32);
        if (!grown) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        all = grown;
        long count = (long)sqlite3_column_int64(st, 3);
        double here = (double)sqlite3_column_int64(st, 4);
        int64_t eid = sqlite3_column_int64(st, 0);
        double n_named = df ? (double)df_of(df, eid) : (double)sqlite3_column_int64(st, 5);
        double total = (double)sqlite3_column_int64(st, 6);
        ranked_entity *r = &all[n];
        r->order = n;
        /* MISC holds currencies, religions and set phrases (ANERcorp tags
         * الله and دولار so): they make a poor face for a story. */
        const char *type = kh_store_column_text(st, 2);
        double weight = type && strcmp(type, "MISC") == 0 ? 0.25 : 1.0;
        r->score = weight * here * log((total + 1.0) / (n_named + 0.5));
        r->o = json_pack("{s:I, s:o, s:o, s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                         "name", str_or_null(kh_store_column_text(st, 1)), "type",
                         str_or_null(kh_store_column_text(st, 2)), "count", (json_int_t)count);
        r->count = count;
        r->form = NULL;
        r->words = 0;
        if (!r->o) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        n++;
        if ((rc = name_form_of(r, type, kh_store_column_text(st, 1), n_named <= here, err)) !=
            KH_OK)
            goto done;
    }
    if (step != SQLITE_DONE) {
        rc = kh_store_fail(s, "cannot read a story's entities", err);
        goto done;
    }
    n = fold_names(all, n);
    if (n > 1)
        qsort(all, n, sizeof *all, by_salience);
    for (size_t i = 0; i < n && (long)i < limit; i++) {
        if (json_array_append(out, all[i].o)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    for (size_t i = 0; i < n; i++) {
        json_decref(all[i].o);
        kh_free(all[i].form);
    }
    kh_free(all);
    sqlite3_finalize(st);
    return rc;
}

kh_rc kh_story_query_entity(kh_store *s, int64_t id, json_t **out, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    json_t *o = NULL, *stories = NULL;
    kh_buf head;
    kh_rc rc;
    int step;
    *out = NULL;
    kh_buf_init(&head, KH_CAP_PAGE);
    if ((rc = prepare(s, "SELECT id, name, type, key FROM entities WHERE id = ?1", &st, err)) !=
        KH_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = KH_DONE;
        goto done;
    }
    if (step != SQLITE_ROW) {
        rc = kh_store_fail(s, "cannot read an entity", err);
        goto done;
    }
    o = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "name",
                  str_or_null(kh_store_column_text(st, 1)), "type",
                  str_or_null(kh_store_column_text(st, 2)));
    stories = json_array();
    if (!o || !stories) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* Its stories over time: oldest first, as a timeline reads. */
    if ((rc = prepare(s,
                      "SELECT s.id, s.title, s.section, s.first_seen, s.last_seen, s.n_articles,"
                      " sum(ae.count) FROM article_entities ae"
                      " JOIN articles a ON a.rowid = ae.article"
                      " JOIN stories s ON s.id = a.story_id"
                      " WHERE ae.entity = ?1 AND s.merged_into IS NULL"
                      " GROUP BY s.id ORDER BY s.first_seen, s.id LIMIT 500",
                      &st, err)) != KH_OK)
        goto done;
    sqlite3_bind_int64(st, 1, id);
    long mentions = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        /* The cleaned headline, as story lists show it (no «عاجل:»). */
        kh_store_story row = {sqlite3_column_int64(st, 0),
                              kh_store_column_text(st, 1),
                              kh_store_column_text(st, 2),
                              sqlite3_column_int64(st, 3),
                              sqlite3_column_int64(st, 4),
                              (long)sqlite3_column_int64(st, 5),
                              0};
        kh_buf_reset(&head);
        if ((rc = kh_story_query_headline(s, &row, &head, err)) != KH_OK)
            goto done;
        json_t *b = json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:I}", "id",
                              (json_int_t)sqlite3_column_int64(st, 0), "title",
                              str_or_null(head.len ? head.data : row.title), "section",
                              str_or_null(kh_store_column_text(st, 2)), "first_seen",
                              time_json(sqlite3_column_int64(st, 3)), "last_seen",
                              time_json(sqlite3_column_int64(st, 4)), "n_articles",
                              (json_int_t)sqlite3_column_int64(st, 5), "mentions",
                              (json_int_t)sqlite3_column_int64(st, 6));
        mentions += (long)sqlite3_column_int64(st, 6);
        if (!b || json_array_append_new(stories, b)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
    if (step != SQLITE_DONE) {
        rc = kh_store_fail(s, "cannot read an entity's stories", err);
        goto done;
    }
    if (json_object_set_new(o, "mentions", json_integer(mentions)) ||
        json_object_set_new(o, "stories", stories)) {
        stories = NULL;
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    stories = NULL;
    *out = o;
    o = NULL;
done:
    sqlite3_finalize(st);
    json_decref(o);
    json_decref(stories);
    kh_buf_clean(&head);
    return rc;
}

kh_rc kh_story_entity_find(kh_store *s, const char *name, long limit, json_t *out, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_buf key;
    kh_rc rc;
    int step;
    kh_buf_init(&key, KH_CAP_LINE);
    /* The name's match form with single spaces, as entity keys are made. */
    if ((rc = kh_text_normalize(name ? name : "", name ? strlen(name) : 0, &key)) != KH_OK) {
        rc = kh_err_set(err, rc, 0, -1, "cannot read the name");
        goto done;
    }
    size_t w = 0;
    for (size_t i = 0; i < key.len; i++)
        if (key.data[i] != ' ' || (w > 0 && key.data[w - 1] != ' '))
            key.data[w++] = key.data[i];
    while (w > 0 && key.data[w - 1] == ' ')
        w--;
    if (w == 0) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "no name to look for");
        goto done;
    }
    key.data[w] = '\0';
    key.len = w;
    /* One scan of the entities (tens of thousands of short rows). */
    if ((rc = prepare(s,
                      "SELECT e.id, e.name, e.type,"
                      " (SELECT count(*) FROM article_entities x WHERE x.entity = e.id) AS n"
                      " FROM entities e WHERE e.key = ?1"
                      " OR instr(' ' || e.key || ' ', ' ' || ?1 || ' ') > 0"
                      " ORDER BY n * (1 + (e.key = ?1)) DESC, e.id LIMIT ?2",
                      &st, err)) != KH_OK)
        goto done;
    sqlite3_bind_text(st, 1, key.data, (int)key.len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : 1);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_pack("{s:I, s:o, s:o, s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                              "name", str_or_null(kh_store_column_text(st, 1)), "type",
                              str_or_null(kh_store_column_text(st, 2)), "articles",
                              (json_int_t)sqlite3_column_int64(st, 3));
        if (!o || json_array_append_new(out, o)) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot look for an entity", err);
done:
    sqlite3_finalize(st);
    kh_buf_clean(&key);
    return rc;
}

/* ---- static functions ---- */

/* For fold_names: the name's match form when it may fold or be folded
 * into.  Entity variants are merged per article when they are written, so
 * a report that names only "الحداد" or "ناصر المنيع" stores that alone even
 * when the story's other reports name "سامر الحداد" or "ناصر بن سليمان
 * المنيع"; and the tagger, seeing a surname without a first name or title,
 * often calls it a place.  So a one-word place or organisation counts
 * too, but only when no other story names it (local): عسير or النصر
 * elsewhere are what they say.  MISC never folds, and a last word after
 * بن, أبو, آل... is another person's name (محمد بن سلمان is not سلمان). */
static kh_rc name_form_of(ranked_entity *r, const char *type, const char *name, int local,
                          kh_err *err)
{
    int person = type && strcmp(type, "PERSON") == 0;
    if (!name || !type || strcmp(type, "MISC") == 0)
        return KH_OK;
    kh_buf m;
    kh_buf_init(&m, 4096);
    if (kh_text_normalize(name, strlen(name), &m) != KH_OK || !m.data) {
        kh_buf_clean(&m);
        return KH_OK; /* an odd name is left unfolded, not an error */
    }
    const char *last = strrchr(m.data, ' ');
    if (last) {
        const char *prev = last;
        while (prev > m.data && prev[-1] != ' ')
            prev--;
        if (!person || is_joint(prev, (size_t)(last - prev))) {
            kh_buf_clean(&m);
            return KH_OK;
        }
    } else if (!person && !local) {
        kh_buf_clean(&m);
        return KH_OK;
    }
    r->words = 1;
    for (const char *p = m.data; *p; p++)
        r->words += *p == ' ';
    r->form = kh_buf_take(&m, NULL);
    kh_buf_clean(&m);
    if (!r->form)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return KH_OK;
}

/* Words that join the parts of a name, in match form. */
static int is_joint(const char *w, size_t n)
{
    static const char *const joints[] = {"بن", "ابن", "بنت", "ابو", "ام", "ال", "عبد", NULL};
    for (size_t i = 0; joints[i]; i++)
        if (strlen(joints[i]) == n && memcmp(joints[i], w, n) == 0)
            return 1;
    return 0;
}

/* 1 when whole, a fuller person's name, holds part: part's one word is
 * whole's last word, or part's two words are whole's first and last
 * (ناصر المنيع of ناصر بن سليمان المنيع). */
static int part_of(const ranked_entity *part, const ranked_entity *whole)
{
    if (!part->form || !whole->form || whole->words <= part->words || part->words > 2)
        return 0;
    const char *pl = strrchr(part->form, ' '), *wl = strrchr(whole->form, ' ');
    pl = pl ? pl + 1 : part->form;
    if (!wl || strcmp(pl, wl + 1) != 0)
        return 0;
    if (part->words == 1)
        return 1;
    size_t pf = strcspn(part->form, " "), wf = strcspn(whole->form, " ");
    return pf == wf && memcmp(part->form, whole->form, pf) == 0;
}

/* Within one story (one event), a short name that is part of exactly one
 * person's fuller name (part_of) is that person: its mentions and salience
 * go to the full name and it leaves the list.  Two fuller names it could
 * be leave it alone.  Returns the entities kept. */
static size_t fold_names(ranked_entity *all, size_t n)
{
    size_t kept = 0;
    /* Two-word parts first: once ناصر المنيع has joined ناصر بن سليمان
     * المنيع, a lone المنيع has one fuller name left to join. */
    for (size_t pass = 0; pass < 2 * n; pass++) {
        size_t i = pass % n, words = pass < n ? 2 : 1;
        ranked_entity *part = &all[i];
        size_t into = n, matches = 0;
        for (size_t j = 0; part->o && part->form && part->words == words && j < n; j++) {
            if (j != i && all[j].o && part_of(part, &all[j])) {
                into = j;
                matches++;
            }
        }
        if (matches != 1)
            continue;
        ranked_entity *full = &all[into];
        full->count += part->count;
        full->score += part->score;
        /* Out of memory here leaves the full name's own count shown; the
         * ranking still has both. */
        (void)json_object_set_new(full->o, "count", json_integer((json_int_t)full->count));
        json_decref(part->o);
        part->o = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (all[i].o) {
            all[kept++] = all[i];
        } else {
            kh_free(all[i].form);
        }
    }
    return kept;
}

static int by_salience(const void *a, const void *b)
{
    const ranked_entity *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static json_t *time_json(int64_t ts)
{
    char buf[32];
    if (ts <= 0)
        return json_null();
    kh_store_article_time_format(ts, buf, sizeof buf);
    return json_string(buf);
}

static kh_rc prepare(kh_store *s, const char *sql, sqlite3_stmt **st, kh_err *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return kh_store_fail(s, "cannot prepare a query", err);
    }
    return KH_OK;
}

static int add_outlet(const char *name, const char *type, long count, void *ctx)
{
    (void)type;
    json_t *o = json_pack("{s:o, s:I}", "name", str_or_null(name), "articles", (json_int_t)count);
    return !o || json_array_append_new((json_t *)ctx, o) != 0;
}

/* Stored articles naming entity (0 when it has none). */
static int64_t df_of(const kh_story_df *df, int64_t entity)
{
    const kh_hval *v = kh_hash_get(&df->by_entity, (const char *)&entity, sizeof entity);
    return v ? v->i : 0;
}
