/*
 * src/ingest/ingest.c - the pipeline driver: one article at a time through
 * analysis, story assignment and the store, in batches.
 *
 * The life of an article (kh_ingest_article):
 *   1. date it: published as unix seconds, else the last dated article's
 *      time (arrival order keeps the story window moving), else now;
 *   2. skip it as unchanged when its id or url is stored already, before
 *      any work, so re-ingesting a corpus costs two index lookups a record;
 *   3. open a transaction if none is open (BEGIN IMMEDIATE);
 *   4. let the clusterer place it: story, duplicate-of, merges;
 *   5. write the story row, the merges, the article, its entities;
 *   6. commit every opts.batch articles.
 * Everything of one batch commits together, so after a crash the store
 * holds whole batches; a re-run skips them as unchanged and goes on.  A
 * store error rolls the open batch back and ends the run: the clusterer's
 * memory then holds articles the store lost, so it must not go on.
 */
#include "ingest/ingest_int.h"
#include "core/alloc.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Weak until src/analyse/entity.c lands (written in parallel): without it
 * no entities are stored. */
#pragma weak kh_analyse_entity_find

/* ---- static prototypes ---- */

static int64_t date_article(kh_ingest *in, const kh_article *a);
static int has_text(const kh_article *a);
static kh_rc store_entities(kh_ingest *in, kh_article *a, int64_t rowid, kh_err *err);
static kh_rc place_article(kh_ingest *in, kh_article *a, int64_t ts, kh_store_place *place,
                           kh_err *err);
static kh_rc fail_batch(kh_ingest *in, kh_rc rc);

/* ---- public functions ---- */

kh_ingest *kh_ingest_new(kh_store *s, const kh_ingest_opts *opts, kh_err *err)
{
    if (!s) {
        kh_err_set(err, KH_ERR_ARG, 0, -1, "no store to ingest into");
        return NULL;
    }
    kh_ingest *in = kh_calloc(1, sizeof *in);
    if (!in) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    in->store = s;
    if (opts)
        in->opts = *opts;
    if (in->opts.batch <= 0)
        in->opts.batch = KH_INGEST_BATCH;
    return in;
}

kh_rc kh_ingest_finish(kh_ingest *in, kh_err *err)
{
    if (!in || !in->open)
        return KH_OK;
    kh_rc rc = kh_store_commit(in->store, err);
    if (rc != KH_OK)
        return fail_batch(in, rc);
    in->open = 0;
    in->pending = 0;
    in->stats.batches++;
    return KH_OK;
}

void kh_ingest_free(kh_ingest *in)
{
    if (!in)
        return;
    if (in->open)
        fail_batch(in, KH_OK);
    kh_free(in);
}

kh_rc kh_ingest_path(kh_ingest *in, const char *path, kh_err *err)
{
    if (strcmp(path, "-") == 0)
        return kh_ingest_jsonl(in, path, err);
    struct stat st;
    if (stat(path, &st) != 0) {
        kh_err e;
        kh_err_init(&e, path);
        kh_err_set(&e, KH_ERR_IO, 0, -1, "cannot read: %s", strerror(errno));
        kh_ingest_report(in, &e, 1);
        return KH_OK;
    }
    if (S_ISDIR(st.st_mode))
        return kh_ingest_dir(in, path, err);
    if (kh_ingest_dir_is_jsonl(path))
        return kh_ingest_jsonl(in, path, err);
    return kh_ingest_dir_page(in, path, err);
}

kh_rc kh_ingest_article(kh_ingest *in, kh_article *a, const char *input, long line, kh_err *err)
{
    kh_rc rc = KH_OK;
    in->stats.read++;
    if (!a->id || !*a->id || !a->title || !*a->title || !has_text(a)) {
        kh_err e;
        kh_err_init(&e, input);
        kh_err_set(&e, KH_ERR_EMPTY, line, -1, "article has no %s",
                   !a->id || !*a->id         ? "id"
                   : !a->title || !*a->title ? "title"
                                             : "text");
        in->stats.read--; /* kh_ingest_report counts it */
        kh_ingest_report(in, &e, 0);
        goto done;
    }
    int64_t ts = date_article(in, a);
    int found;
    if ((rc = kh_store_article_exists(in->store, a->id, a->url, &found, err)) != KH_OK)
        goto done;
    if (found) {
        in->stats.unchanged++;
        goto done;
    }
    if (!in->open) {
        if ((rc = kh_store_begin(in->store, err)) != KH_OK)
            goto done;
        in->open = 1;
        in->at_begin = in->stats;
    }
    kh_store_place place = {0};
    int64_t rowid = 0;
    if ((rc = place_article(in, a, ts, &place, err)) != KH_OK)
        goto fail;
    rc = kh_store_article_put(in->store, a, ts, &place, &rowid, err);
    if (rc == KH_DONE) { /* exists() said no a moment ago: cannot happen */
        in->stats.unchanged++;
        rc = KH_OK;
        goto done;
    }
    if (rc != KH_OK || (rc = store_entities(in, a, rowid, err)) != KH_OK)
        goto fail;
    in->pending++;
    in->stats.stored++;
    if (place.dup_of)
        in->stats.duplicates++;
    if (in->pending >= in->opts.batch) {
        if ((rc = kh_store_commit(in->store, err)) != KH_OK)
            goto fail;
        in->open = 0;
        in->pending = 0;
        in->stats.batches++;
    }
    goto done;
fail:
    fail_batch(in, rc);
done:
    if (in->opts.progress && rc == KH_OK)
        in->opts.progress(&in->stats, input, in->opts.ctx);
    kh_article_free(a);
    return rc;
}

const kh_ingest_stats *kh_ingest_stats_get(const kh_ingest *in)
{
    return in ? &in->stats : NULL;
}

void kh_ingest_report(kh_ingest *in, const kh_err *e, int failed)
{
    if (failed) {
        in->stats.failed++;
    } else {
        in->stats.read++;
        in->stats.skipped++;
    }
    if (in->opts.report)
        in->opts.report(e, in->opts.ctx);
}

/* ---- static functions ---- */

static int64_t date_article(kh_ingest *in, const kh_article *a)
{
    int64_t ts = kh_store_article_time(a->published);
    if (ts >= 0) {
        in->last_ts = ts;
        return ts;
    }
    return in->last_ts ? in->last_ts : (int64_t)time(NULL);
}

static int has_text(const kh_article *a)
{
    for (size_t i = 0; i < a->body.n; i++)
        if (a->body.items[i] && a->body.items[i][0])
            return 1;
    return 0;
}

static kh_rc store_entities(kh_ingest *in, kh_article *a, int64_t rowid, kh_err *err)
{
    if (!in->opts.ner || !kh_analyse_entity_find)
        return KH_OK;
    kh_entity *ents = NULL;
    size_t n = 0;
    kh_rc rc = kh_analyse_entity_find(in->opts.ner, a, &ents, &n, err);
    for (size_t i = 0; rc == KH_OK && i < n; i++)
        rc = kh_store_article_entity(in->store, rowid, ents[i].name,
                                     kh_analyse_entity_type_name(ents[i].type), ents[i].key,
                                     (long)ents[i].count, err);
    return rc;
}

/* Story assignment.  Until src/group lands every article is stored
 * without a story (story_id NULL). */
static kh_rc place_article(kh_ingest *in, kh_article *a, int64_t ts, kh_store_place *place,
                           kh_err *err)
{
    (void)in;
    (void)a;
    (void)ts;
    (void)err;
    place->story_id = 0;
    return KH_OK;
}

/* Rolls the open batch back and uncounts what it wrote. */
static kh_rc fail_batch(kh_ingest *in, kh_rc rc)
{
    kh_store_rollback(in->store);
    in->stats.stored = in->at_begin.stored;
    in->stats.duplicates = in->at_begin.duplicates;
    in->stats.stories = in->at_begin.stories;
    in->stats.merges = in->at_begin.merges;
    in->open = 0;
    in->pending = 0;
    return rc;
}
