/*
 * src/khabar.c - implements include/khabar.h: the public entry points, each
 * running the stages in pipeline order (text, extract, analyse, group,
 * store, view, story).  Read it top to bottom to follow an article through
 * khabar: a page is extracted, an ingest stores it with its story, a story
 * is assembled back from the store.
 *
 * The public calls hand out strings; they are copied into kh_alloc memory
 * so that one kh_string_free() releases any of them.
 */
#include "khabar.h"
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "story/story.h"
#include "view/view.h"

#include <stdlib.h>
#include <string.h>

/* An open store and, once a story is asked for, the section model the
 * story view uses (sections and IDF). */
struct kh_db {
    kh_store *store;     /* owns */
    kh_view_model *view; /* owns; NULL until first needed or when missing */
    int view_tried;
    kh_ner_model *ner; /* owns; NULL until the first ingest or when missing */
    int ner_tried;
};

typedef struct add_ctx {
    json_t *list;
    int failed;
} add_ctx;

/* ---- static prototypes ---- */

static const kh_view_model *view_model(kh_db *db);
static const kh_ner_model *ner_model(kh_db *db);
static kh_rc json_out(json_t *o, size_t flags, char **json, kh_err *err);
static int add_brief(json_t *brief, void *ctx);

/* ---- the version ---- */

const char *kh_version(void)
{
    return KH_VERSION;
}

/* ---- a page to an article: extract ---- */

kh_rc kh_extract(const char *buf, size_t len, char **json, kh_err *err)
{
    kh_buf out;
    kh_rc rc;
    if (!json || (!buf && len))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract: no page or no place for the result");
    *json = NULL;
    kh_buf_init(&out, KH_CAP_PAGE * 4);
    kh_article *a = kh_article_new();
    if (!a) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    /* Detects text dump or HTML and runs the right extractor. */
    if ((rc = kh_extract_page(buf ? buf : "", len, a, err)) != KH_OK)
        goto done;
    if ((rc = kh_extract_json(a, &out)) != KH_OK) {
        kh_err_set(err, rc, 0, -1, "cannot write the article as JSON");
        goto done;
    }
    *json = kh_buf_take(&out, NULL);
    if (!*json)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
done:
    kh_article_free(a);
    kh_buf_clean(&out);
    return rc;
}

/* ---- the store: open, ingest ---- */

kh_db *kh_db_open(const char *path, kh_err *err)
{
    kh_db *db = kh_calloc(1, sizeof *db);
    if (!db) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    /* Creates the file and brings its schema up to date. */
    if (!(db->store = kh_store_open(path ? path : kh_store_path_default(), err))) {
        kh_free(db);
        return NULL;
    }
    return db;
}

void kh_db_close(kh_db *db)
{
    if (!db)
        return;
    kh_store_close(db->store);
    kh_view_section_model_free(db->view);
    kh_analyse_ner_free(db->ner);
    kh_free(db);
}

kh_rc kh_db_ingest(kh_db *db, const char *path, kh_ingest_summary *sum, kh_err *err)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (!db || !path)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_db_ingest: no store or no path");
    /* The driver restores the clusterer's recent stories from the store,
     * then extracts, analyses, groups and stores each article, a batch per
     * transaction.  Entities as `khabar ingest` finds them, when the NER
     * model is installed. */
    kh_ingest_opts opts = {0};
    opts.ner = ner_model(db);
    kh_ingest *in = kh_ingest_new(db->store, &opts, err);
    if (!in)
        return err && err->rc ? err->rc : KH_ERR_NOMEM;
    kh_rc rc = kh_ingest_path(in, path, err);
    if (rc == KH_OK)
        rc = kh_ingest_finish(in, err);
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    if (sum) {
        sum->read = st->read;
        sum->stored = st->stored;
        sum->unchanged = st->unchanged;
        sum->duplicates = st->duplicates;
        sum->skipped = st->skipped;
        sum->failed = st->failed;
        sum->stories = st->stories;
    }
    kh_ingest_free(in);
    return rc;
}

/* ---- stories back from the store ---- */

kh_rc kh_story_json(kh_db *db, long long id, char **json, kh_err *err)
{
    json_t *o = NULL;
    if (!json)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_story_json: no place for the result");
    *json = NULL;
    if (!db || id <= 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_story_json: no store or bad id %lld", id);
    /* The store's rows joined with the view: headline, section, summary,
     * what each outlet adds, timeline, related stories. */
    kh_rc rc = kh_story_build(db->store, view_model(db), NULL, id, &o, err);
    if (rc != KH_OK)
        return rc;
    return json_out(o, JSON_INDENT(1), json, err);
}

kh_rc kh_story_of(kh_db *db, const char *article_id, long long *id, kh_err *err)
{
    int64_t sid = 0;
    if (!db || !id)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_story_of: no store or no place for the id");
    kh_rc rc = kh_story_of_article(db->store, article_id, &sid, err);
    *id = (long long)sid;
    return rc;
}

kh_rc kh_stories_json(kh_db *db, long limit, char **json, kh_err *err)
{
    if (!json)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_stories_json: no place for the result");
    *json = NULL;
    if (!db || limit < 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_stories_json: no store or bad limit");
    json_t *list = json_array();
    if (!list)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    /* Headlines from titles alone: a long list never reads the texts. */
    kh_story_list_opts o = {.limit = limit, .n_entities = 5};
    add_ctx c = {list, 0};
    kh_rc rc = kh_story_list(db->store, view_model(db), &o, add_brief, &c, err);
    if (rc == KH_OK && c.failed)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (rc != KH_OK) {
        json_decref(list);
        return rc;
    }
    return json_out(list, JSON_INDENT(1), json, err);
}

void kh_string_free(char *s)
{
    kh_free(s);
}

/* ---- static functions ---- */

/* The shipped section model, loaded on first use; NULL when missing (the
 * view then works without IDF, sections from the pages only). */
static const kh_ner_model *ner_model(kh_db *db)
{
    if (!db->ner_tried) {
        db->ner_tried = 1;
        if (kh_analyse_ner_load(NULL, &db->ner, NULL) != KH_OK)
            db->ner = NULL;
    }
    return db->ner;
}

static const kh_view_model *view_model(kh_db *db)
{
    if (!db->view_tried) {
        char path[4096];
        kh_err err;
        kh_err_init(&err, NULL);
        db->view_tried = 1;
        if (kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path),
                                       &db->view, &err) != KH_OK)
            db->view = NULL;
    }
    return db->view;
}

/* o as text in a kh_alloc copy; takes o. */
static kh_rc json_out(json_t *o, size_t flags, char **json, kh_err *err)
{
    char *text = json_dumps(o, flags | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (text)
        *json = kh_strdup(text);
    free(text);
    if (!*json)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return KH_OK;
}

static int add_brief(json_t *brief, void *ctx)
{
    add_ctx *c = ctx;
    c->failed = json_array_append_new(c->list, brief) != 0;
    return c->failed;
}
