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
 *
 * With threads > 1 (kh_ingest_set_threads, and a NER model) step 4's entity tagging, two
 * thirds of the CPU time, runs on worker threads (ingest_par.c): an
 * article is dated in arrival order and queued; it (and any bad-record
 * report read after it) is taken back from the window strictly in order
 * and goes through steps 2-6 as above, so stories, ids and counts are the
 * sequential run's.  A store error met while taking back ends the run as
 * before: what is still queued is dropped unread, as the sequential run
 * would never have read it.
 */
#include "ingest/ingest_int.h"
#include "core/alloc.h"
#include "group/group.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- static prototypes ---- */

static int64_t date_article(kh_ingest *in, const kh_article *a);
static int has_text(const kh_article *a);
static kh_rc lock_store(kh_ingest *in, kh_err *err);
static kh_rc new_group(kh_ingest *in, kh_err *err);
static int restore_one(const kh_store_article *row, void *ctx);
static int add_key(const char *key, void *ctx);
static kh_rc find_entities(kh_ingest *in, kh_article *a, kh_entity **ents, size_t *n,
                           const char ***keys, kh_err *err);
static kh_rc store_entities(kh_ingest *in, const kh_entity *ents, size_t n, int64_t rowid,
                            kh_err *err);
static kh_rc place_article(kh_ingest *in, kh_article *a, int64_t ts, const char **keys,
                           size_t n_keys, kh_store_place *place, kh_err *err);
static kh_rc fail_batch(kh_ingest *in, kh_rc rc);
static kh_rc put_article(kh_ingest *in, kh_article *a, const char *input, long line,
                         kh_ingest_slot *slot, kh_err *err);
static void report_now(kh_ingest *in, const kh_err *e, int failed);
static kh_rc queue_article(kh_ingest *in, kh_article *a, const char *input, long line, kh_err *err);
static kh_rc take_back(kh_ingest *in, int how, kh_err *err);
static kh_rc broken_rc(kh_ingest *in, kh_err *err);
static int is_valid(const kh_article *a);

/* take_back's how: the tagged heads only, at least one, or all. */
enum { TAKE_READY, TAKE_ONE, TAKE_ALL };

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
    in->lock_fd = -1;
    if (opts)
        in->opts = *opts;
    if (in->opts.batch <= 0)
        in->opts.batch = KH_INGEST_BATCH;
    kh_err_init(&in->fail_err, NULL);
    /* Every reference the driver writes is to a row it has just written
     * or found in the same transaction (outlet, story, article, entity),
     * so SQLite's own checks of them are switched off for its run: they
     * cost a lookup a row.  kh_ingest_free switches them back on. */
    if (lock_store(in, err) != KH_OK || new_group(in, err) != KH_OK ||
        kh_store_set_ref_checks(s, 0, err) != KH_OK) {
        kh_ingest_free(in);
        return NULL;
    }
    in->checks_off = 1;
    return in;
}

kh_rc kh_ingest_set_threads(kh_ingest *in, int threads, kh_err *err)
{
    if (!in || threads < 1 || threads > KH_INGEST_MAX_THREADS)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "threads must be 1 to %d, not %d",
                          KH_INGEST_MAX_THREADS, threads);
    if (in->pool || in->broken || in->stats.read || in->stats.failed)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "threads are set before the first input");
    /* Without a model there is nothing to share out. */
    if (threads == 1 || !in->opts.ner)
        return KH_OK;
    if (!(in->pool = kh_ingest_pool_new(in->opts.ner, threads, KH_INGEST_WINDOW, err)))
        return err && err->rc ? err->rc : KH_ERR_NOMEM;
    return KH_OK;
}

kh_rc kh_ingest_finish(kh_ingest *in, kh_err *err)
{
    if (in && in->broken)
        return broken_rc(in, err);
    if (in && in->pool) {
        kh_rc rc = take_back(in, TAKE_ALL, err);
        if (rc != KH_OK)
            return rc;
    }
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
    kh_ingest_pool_free(in->pool); /* joins its threads first */
    if (in->open)
        fail_batch(in, KH_OK);
    if (in->checks_off) {
        /* Failing, they stay off: the caller's handle still works. */
        kh_rc rc = kh_store_set_ref_checks(in->store, 1, NULL);
        (void)rc;
    }
    if (in->group)
        kh_group_free(in->group);
    kh_analyse_ner_session_free(in->ner);
    if (in->lock_fd >= 0)
        close(in->lock_fd); /* releases the flock */
    kh_free(in);
}

kh_rc kh_ingest_path(kh_ingest *in, const char *path, kh_err *err)
{
    if (in->broken)
        return broken_rc(in, err);
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
    if (in->broken) {
        kh_article_free(a);
        return broken_rc(in, err);
    }
    if (in->pool)
        return queue_article(in, a, input, line, err);
    return put_article(in, a, input, line, NULL, err);
}

kh_rc kh_ingest_drain(kh_ingest *in, kh_err *err)
{
    if (in->broken)
        return broken_rc(in, err);
    return in->pool ? take_back(in, TAKE_ALL, err) : KH_OK;
}

const kh_ingest_stats *kh_ingest_stats_get(const kh_ingest *in)
{
    return in ? &in->stats : NULL;
}

void kh_ingest_report(kh_ingest *in, const kh_err *e, int failed)
{
    if (in->broken) /* read after the record that failed the run */
        return;
    if (!in->pool) {
        report_now(in, e, failed);
        return;
    }
    /* Queued behind the articles read before it, to keep its place. */
    kh_ingest_slot *s;
    while (!(s = kh_ingest_pool_push(in->pool)))
        if (take_back(in, TAKE_ONE, &in->fail_err) != KH_OK)
            return;
    s->err = *e;
    s->failed = failed;
    kh_ingest_pool_submit(in->pool);
}

/* ---- static functions ---- */

/* Steps 1-6 of one article; slot, when the article comes back from the
 * window, holds its date and entities. */
static kh_rc put_article(kh_ingest *in, kh_article *a, const char *input, long line,
                         kh_ingest_slot *slot, kh_err *err)
{
    kh_rc rc = KH_OK;
    in->stats.read++;
    if (!is_valid(a)) {
        kh_err e;
        kh_err_init(&e, input);
        kh_err_set(&e, KH_ERR_EMPTY, line, -1, "article has no %s",
                   !a->id || !*a->id         ? "id"
                   : !a->title || !*a->title ? "title"
                                             : "text");
        in->stats.read--; /* report_now counts it */
        report_now(in, &e, 0);
        goto done;
    }
    int64_t ts = slot ? slot->ts : date_article(in, a);
    int found;
    /* Inside the batch's transaction the answer holds until the article is
     * written, and the store need not ask again (place.checked). */
    int checked_in_txn = in->open;
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
    place.checked = checked_in_txn;
    int64_t rowid = 0;
    kh_entity *ents = NULL;
    const char **keys = NULL;
    size_t n_ents = 0;
    if (slot && slot->tagged) {
        ents = slot->ents;
        n_ents = slot->n_ents;
        keys = slot->keys;
        if ((rc = slot->rc) != KH_OK) {
            kh_err_set(err, rc, slot->err.line, slot->err.offset, "%s", slot->err.msg);
            goto fail;
        }
    } else if ((rc = find_entities(in, a, &ents, &n_ents, &keys, err)) != KH_OK) {
        goto fail;
    }
    if ((rc = place_article(in, a, ts, keys, n_ents, &place, err)) != KH_OK)
        goto fail;
    rc = kh_store_article_put(in->store, a, ts, &place, &rowid, err);
    if (rc == KH_DONE) { /* exists() said no a moment ago: cannot happen */
        in->stats.unchanged++;
        rc = KH_OK;
        goto done;
    }
    if (rc != KH_OK || (rc = store_entities(in, ents, n_ents, rowid, err)) != KH_OK)
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

/* Counts a bad record or unreadable input and tells opts.report. */
static void report_now(kh_ingest *in, const kh_err *e, int failed)
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

/* Dates the article in arrival order (the fallback date is the last dated
 * article's, and ingest_dir.c reads last_ts as it reads) and queues it,
 * to be tagged unless it is invalid or stored already; then takes back
 * what is ready. */
static kh_rc queue_article(kh_ingest *in, kh_article *a, const char *input, long line, kh_err *err)
{
    kh_ingest_slot *s;
    kh_rc rc;
    while (!(s = kh_ingest_pool_push(in->pool)))
        if ((rc = take_back(in, TAKE_ONE, err)) != KH_OK) {
            kh_article_free(a);
            return rc;
        }
    s->a = a;
    s->line = line;
    if (input && !(s->input = kh_article_strndup(a, input, strlen(input)))) {
        kh_article_free(a);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    }
    if (is_valid(a)) {
        s->ts = date_article(in, a);
        /* Stored already: the answer cannot change before it is taken
         * back (the store only grows in a run), so skip the tagging that
         * a re-run would waste.  On an error tag anyway: take_back asks
         * again and reports it in its place. */
        int found = 0;
        kh_err e;
        kh_err_init(&e, NULL);
        if (kh_store_article_exists(in->store, a->id, a->url, &found, &e) != KH_OK)
            found = 0;
        s->tag = !found;
    }
    kh_ingest_pool_submit(in->pool);
    return take_back(in, TAKE_READY, err);
}

/* Takes slots back from the window's head in order and puts them through
 * as the sequential run would.  A failure ends the run: the window is
 * dropped (its threads joined) and every later call returns the error. */
static kh_rc take_back(kh_ingest *in, int how, kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_ingest_slot *s;
    while (rc == KH_OK && (s = kh_ingest_pool_head(in->pool, how != TAKE_READY))) {
        if (how == TAKE_ONE)
            how = TAKE_READY;
        if (s->a) {
            kh_article *a = s->a;
            s->a = NULL; /* put_article takes it; the slot's fields live in its arena */
            rc = put_article(in, a, s->input, s->line, s, err);
        } else {
            report_now(in, &s->err, s->failed);
        }
        kh_ingest_pool_pop(in->pool);
    }
    if (rc != KH_OK) {
        in->broken = 1;
        if (err && err != &in->fail_err)
            in->fail_err = *err;
        else if (!err)
            kh_err_set(&in->fail_err, rc, 0, -1, "%s", kh_rc_str(rc));
        kh_ingest_pool_free(in->pool);
        in->pool = NULL;
    }
    return rc;
}

/* The error that ended the run, given again to a later call. */
static kh_rc broken_rc(kh_ingest *in, kh_err *err)
{
    kh_rc rc = in->fail_err.rc != KH_OK ? in->fail_err.rc : KH_ERR_DB;
    if (err && err != &in->fail_err && err->rc == KH_OK)
        kh_err_set(err, rc, in->fail_err.line, in->fail_err.offset, "%s", in->fail_err.msg);
    return rc;
}

static int is_valid(const kh_article *a)
{
    return a->id && *a->id && a->title && *a->title && has_text(a);
}

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

/* One ingest at a time per database: two would each run a clusterer and
 * give different stories the same number.  SQLite locks with fcntl, so an
 * flock on the same file does not disturb it; the lock dies with the
 * process, even under kill -9.  A database with no file (":memory:") has
 * no one to share it with. */
static kh_rc lock_store(kh_ingest *in, kh_err *err)
{
    const char *path = kh_store_path(in->store);
    in->lock_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (in->lock_fd < 0)
        return KH_OK;
    if (flock(in->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(in->lock_fd);
        in->lock_fd = -1;
        if (e == EWOULDBLOCK)
            return kh_err_set(err, KH_ERR_DB, 0, -1,
                              "%s: another khabar ingest is writing to this database", path);
        return kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot lock: %s", path, strerror(e));
    }
    return KH_OK;
}

/* A clusterer numbering new stories after the store's, and fed the
 * stored articles of its last window so that a new run on an existing
 * store goes on where the previous one stopped. */
static kh_rc new_group(kh_ingest *in, kh_err *err)
{
    kh_group_opts o;
    int64_t max_id = 0, newest = 0;
    long n = 0;
    kh_rc rc;
    if (in->opts.no_stories)
        return KH_OK;
    kh_group_opts_init(&o);
    if ((rc = kh_store_story_stats(in->store, &max_id, NULL, err)) != KH_OK ||
        (rc = kh_store_article_count(in->store, &n, &newest, err)) != KH_OK)
        return rc;
    o.first_story_id = max_id + 1;
    if (!(in->group = kh_group_new(&o, err)))
        return err && err->rc ? err->rc : KH_ERR_NOMEM;
    if (n == 0)
        return KH_OK;
    in->last_ts = newest;
    in->restore_rc = KH_OK;
    in->restore_err = err;
    rc = kh_store_article_since(in->store, newest - o.window, restore_one, in, err);
    return rc != KH_OK ? rc : in->restore_rc;
}

/* An article's entity keys read back for the clusterer's window. */
typedef struct restore_keys {
    kh_arena arena;
    const char **keys; /* in arena */
    size_t n, cap;
    kh_rc rc;
} restore_keys;

static int add_key(const char *key, void *ctx)
{
    restore_keys *k = ctx;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 16;
        const char **grown = kh_arena_alloc(&k->arena, cap * sizeof *grown);
        if (!grown) {
            k->rc = KH_ERR_NOMEM;
            return 1;
        }
        if (k->n)
            memcpy(grown, k->keys, k->n * sizeof *grown);
        k->keys = grown;
        k->cap = cap;
    }
    if (!(k->keys[k->n] = kh_arena_strndup(&k->arena, key, strlen(key)))) {
        k->rc = KH_ERR_NOMEM;
        return 1;
    }
    k->n++;
    return 0;
}

static int restore_one(const kh_store_article *row, void *ctx)
{
    kh_ingest *in = ctx;
    if (row->story_id <= 0)
        return 0;
    /* The keys the article was placed with, so that a run that starts
     * from a store decides as one that had seen these articles itself. */
    restore_keys k = {.rc = KH_OK};
    kh_arena_init(&k.arena);
    if (in->opts.ner &&
        (in->restore_rc =
             kh_store_article_keys(in->store, row->rowid, add_key, &k, in->restore_err)) == KH_OK &&
        k.rc != KH_OK)
        in->restore_rc = kh_err_set(in->restore_err, k.rc, 0, -1, "out of memory");
    if (in->restore_rc == KH_OK) {
        kh_group_doc doc = {.id = row->id,
                            .outlet = row->outlet,
                            .published = row->published_ts,
                            .title = row->title,
                            .body = row->body,
                            .entities = k.keys,
                            .n_entities = k.n,
                            .undated = kh_store_article_time(row->published) < 0};
        in->restore_rc = kh_group_restore(in->group, &doc, row->story_id, in->restore_err);
        in->stats.restored++;
    }
    kh_arena_clean(&k.arena);
    return in->restore_rc != KH_OK;
}

/* The article's entities (when a NER model was given) and their keys, all
 * in the article's arena. */
static kh_rc find_entities(kh_ingest *in, kh_article *a, kh_entity **ents, size_t *n,
                           const char ***keys, kh_err *err)
{
    if (!in->opts.ner)
        return KH_OK;
    /* One session for the run: its word cache outlives the article. */
    if (!in->ner && !(in->ner = kh_analyse_ner_session_new(in->opts.ner, 0, err)))
        return err ? err->rc : KH_ERR_NOMEM;
    return kh_ingest_tag(in->ner, a, ents, n, keys, err);
}

static kh_rc store_entities(kh_ingest *in, const kh_entity *ents, size_t n, int64_t rowid,
                            kh_err *err)
{
    kh_rc rc = KH_OK;
    /* Handed over 64 at a time: the store writes many rows a statement. */
    kh_store_mention m[64];
    for (size_t i = 0; rc == KH_OK && i < n;) {
        size_t k = 0;
        for (; k < 64 && i < n; k++, i++)
            m[k] = (kh_store_mention){ents[i].name, kh_analyse_entity_type_name(ents[i].type),
                                      ents[i].key, (long)ents[i].count};
        rc = kh_store_article_entities(in->store, rowid, m, k, err);
    }
    return rc;
}

/* Asks the clusterer for the article's story, then writes the story row
 * and the merges it reports, so the article's row can refer to them. */
static kh_rc place_article(kh_ingest *in, kh_article *a, int64_t ts, const char **keys,
                           size_t n_keys, kh_store_place *place, kh_err *err)
{
    if (!in->group)
        return KH_OK;
    const char *body = kh_article_body_text(a);
    if (!body)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    /* An article without a date of its own borrowed ts (date_article). */
    kh_group_doc doc = {.id = a->id,
                        .outlet = a->outlet,
                        .published = ts,
                        .title = a->title,
                        .body = body,
                        .entities = keys,
                        .n_entities = n_keys,
                        .undated = kh_store_article_time(a->published) < 0};
    kh_group_result res;
    int created = 0;
    kh_rc rc = kh_group_assign(in->group, &doc, &res, err);
    if (rc != KH_OK)
        return rc;
    if ((rc = kh_store_story_add(in->store, res.story, a->title, a->section, ts, &created, err)) !=
        KH_OK)
        return rc;
    in->stats.stories += created;
    for (size_t i = 0; i < res.n_merges; i++) {
        rc = kh_store_story_merge(in->store, res.merges[i], res.story, err);
        if (rc == KH_DONE) /* gone from the store already: nothing to move */
            continue;
        if (rc != KH_OK)
            return rc;
        in->stats.merges++;
    }
    place->story_id = res.story;
    place->dup_of = res.dup_of;
    place->dup_sim = res.dup_sim;
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
