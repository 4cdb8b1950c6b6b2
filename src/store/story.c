/*
 * src/store/story.c - stories: counting articles in, merging, listing.
 *
 * Story ids are the clusterer's numbers (src/group), not the database's: the
 * store only records them, so the same id means the same story in memory
 * and on disk.  A story row is created by its first article and widened
 * (n_articles, first_seen, last_seen) by each next one.  When the clusterer
 * finds that two stories are one, kh_store_story_merge() moves the younger
 * one's articles and leaves a row with merged_into set, so an old link to
 * it still leads somewhere.  Live stories are those with merged_into NULL;
 * their n_articles add up to the articles that have a story.
 * Depends on: core (store/store_int.h).
 */
#include "store/store_int.h"

/* ---- static prototypes ---- */

static void fill_story(sqlite3_stmt *st, kh_store_story *row);
static kh_rc run_update(kh_store *s, const char *sql, int64_t a, int64_t b, kh_err *err);
static kh_rc load_targets(kh_store *s, kh_err *err);
static kh_rc set_target(kh_store *s, int64_t id, int on, kh_err *err);
static int is_target(const kh_store *s, int64_t id);
static kh_rc each_count(kh_store *s, sqlite3_stmt *st, int with_type, kh_store_count_fn fn,
                        void *ctx, kh_err *err);

#define STORY_COLUMNS "id, title, section, first_seen, last_seen, n_articles, merged_into"

/* ---- public functions ---- */

kh_rc kh_store_story_add(kh_store *s, int64_t id, const char *title, const char *section,
                         int64_t seen, int *created, kh_err *err)
{
    if (id <= 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "story id %lld is not positive", (long long)id);
    /* Widen the row if there is one, else insert it: two cheap
     * statements rather than an upsert whose RETURNING (to tell the two
     * apart) fills a temporary table on every call. */
    sqlite3_stmt *st =
        kh_store_stmt(s, KH_STORE_STORY_BUMP,
                      "UPDATE stories SET n_articles = n_articles + 1, "
                      "first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2) "
                      "WHERE id = ?1",
                      err);
    if (!st)
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, seen);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return kh_store_fail(s, "cannot store a story", err);
    int is_new = sqlite3_changes(s->db) == 0;
    if (is_new) {
        st = kh_store_stmt(s, KH_STORE_STORY_ADD,
                           "INSERT INTO stories (id, title, section, first_seen, last_seen, "
                           "n_articles) VALUES (?1, ?2, ?3, ?4, ?4, 1)",
                           err);
        if (!st)
            return KH_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        kh_store_bind_text(st, 2, title && *title ? title : "(untitled)");
        kh_store_bind_text(st, 3, section);
        sqlite3_bind_int64(st, 4, seen);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return kh_store_fail(s, "cannot store a story", err);
    }
    if (created)
        *created = is_new;
    return KH_OK;
}

kh_rc kh_store_story_merge(kh_store *s, int64_t from, int64_t into, kh_err *err)
{
    if (from <= 0 || into <= 0 || from == into)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "cannot merge story %lld into %lld",
                          (long long)from, (long long)into);
    kh_store_story a;
    kh_rc rc = kh_store_story_get(s, from, 0, &a, err);
    if (rc != KH_OK)
        return rc;                              /* KH_DONE: no such story, nothing to move */
    sqlite3_reset(s->stmt[KH_STORE_STORY_GET]); /* releases its read of the row */
    if (a.merged_into)
        return KH_DONE; /* its articles went elsewhere already */
    /* The into row takes from's span and count in one statement, before
     * from's counts are cleared. */
    if ((rc =
             run_update(s,
                        "UPDATE stories SET "
                        "n_articles = n_articles + (SELECT n_articles FROM stories WHERE id = ?1),"
                        "first_seen = min(first_seen, (SELECT first_seen FROM stories WHERE id = "
                        "?1)),"
                        "last_seen = max(last_seen, (SELECT last_seen FROM stories WHERE id = ?1)) "
                        "WHERE id = ?2",
                        from, into, err)) != KH_OK)
        return rc;
    if (sqlite3_changes(s->db) != 1)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: no story %lld to merge into", s->path,
                          (long long)into);
    /* Inside a transaction the targets say whether any story was merged
     * into from before; outside one, another writer may have, so look. */
    if (s->in_txn && !s->targets_known && (rc = load_targets(s, err)) != KH_OK)
        return rc;
    int scan = !s->in_txn || is_target(s, from);
    if ((rc = run_update(s, "UPDATE articles SET story_id = ?2 WHERE story_id = ?1", from, into,
                         err)) != KH_OK ||
        (scan && (rc = run_update(s, "UPDATE stories SET merged_into = ?2 WHERE merged_into = ?1",
                                  from, into, err)) != KH_OK) ||
        (rc = run_update(s, "UPDATE stories SET merged_into = ?2, n_articles = 0 WHERE id = ?1",
                         from, into, err)) != KH_OK)
        return rc;
    if (s->in_txn && ((rc = set_target(s, from, 0, err)) != KH_OK ||
                      (rc = set_target(s, into, 1, err)) != KH_OK))
        return rc;
    return KH_OK;
}

kh_rc kh_store_story_get(kh_store *s, int64_t id, int follow, kh_store_story *out, kh_err *err)
{
    sqlite3_stmt *st = kh_store_stmt(s, KH_STORE_STORY_GET,
                                     "SELECT " STORY_COLUMNS " FROM stories WHERE id = ?", err);
    if (!st)
        return KH_ERR_DB;
    /* Merges form a chain of finite length; the bound guards against a
     * cycle written by hand into the database. */
    for (int hop = 0; hop < 1000; hop++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            sqlite3_reset(st);
            return KH_DONE;
        }
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            return kh_store_fail(s, "cannot read a story", err);
        }
        fill_story(st, out);
        if (!follow || !out->merged_into) {
            int oom = 0;
            kh_store_row_reset(s);
            out->title = kh_store_keep(s, out->title, &oom);
            out->section = kh_store_keep(s, out->section, &oom);
            sqlite3_reset(st);
            if (oom)
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", s->path);
            return KH_OK;
        }
        id = out->merged_into;
    }
    sqlite3_reset(st);
    return kh_err_set(err, KH_ERR_DB, 0, -1, "%s: story merges form a cycle", s->path);
}

kh_rc kh_store_story_each(kh_store *s, int64_t since, long limit, kh_store_story_fn fn, void *ctx,
                          kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT " STORY_COLUMNS " FROM stories "
                           "WHERE merged_into IS NULL AND last_seen >= ? "
                           "ORDER BY last_seen DESC, id DESC LIMIT ?",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_store_fail(s, "cannot prepare a query", err);
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    int sr;
    while ((sr = sqlite3_step(st)) == SQLITE_ROW) {
        kh_store_story row;
        fill_story(st, &row);
        if (fn(&row, ctx))
            goto done;
    }
    if (sr != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot read stories", err);
done:
    sqlite3_finalize(st);
    return rc;
}

kh_rc kh_store_story_outlets(kh_store *s, int64_t id, kh_store_count_fn fn, void *ctx, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT outlet, count(*) AS n FROM articles WHERE story_id = ? "
                           "GROUP BY outlet ORDER BY n DESC, outlet",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_store_fail(s, "cannot prepare a query", err);
    sqlite3_bind_int64(st, 1, id);
    return each_count(s, st, 0, fn, ctx, err);
}

kh_rc kh_store_story_entities(kh_store *s, int64_t id, long limit, kh_store_count_fn fn, void *ctx,
                              kh_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT e.name, sum(ae.count) AS n, e.type FROM articles a "
                           "JOIN article_entities ae ON ae.article = a.rowid "
                           "JOIN entities e ON e.id = ae.entity WHERE a.story_id = ? "
                           "GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?",
                           -1, &st, NULL) != SQLITE_OK)
        return kh_store_fail(s, "cannot prepare a query", err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    return each_count(s, st, 1, fn, ctx, err);
}

kh_rc kh_store_story_stats(kh_store *s, int64_t *max_id, long *n_live, kh_err *err)
{
    sqlite3_stmt *st =
        kh_store_stmt(s, KH_STORE_STORY_STATS,
                      "SELECT coalesce(max(id), 0), "
                      "(SELECT count(*) FROM stories WHERE merged_into IS NULL) FROM stories",
                      err);
    if (!st)
        return KH_ERR_DB;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return kh_store_fail(s, "cannot count stories", err);
    }
    if (max_id)
        *max_id = sqlite3_column_int64(st, 0);
    if (n_live)
        *n_live = (long)sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return KH_OK;
}

/* ---- static functions ---- */

static void fill_story(sqlite3_stmt *st, kh_store_story *row)
{
    row->id = sqlite3_column_int64(st, 0);
    row->title = kh_store_column_text(st, 1);
    row->section = kh_store_column_text(st, 2);
    row->first_seen = sqlite3_column_int64(st, 3);
    row->last_seen = sqlite3_column_int64(st, 4);
    row->n_articles = (long)sqlite3_column_int64(st, 5);
    row->merged_into = sqlite3_column_int64(st, 6);
}

static kh_rc run_update(kh_store *s, const char *sql, int64_t a, int64_t b, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = kh_store_fail(s, "cannot prepare a query", err);
        goto done;
    }
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot merge stories", err);
done:
    sqlite3_finalize(st);
    return rc;
}

void kh_store_story_forget_targets(kh_store *s)
{
    kh_hash_clean(&s->merge_targets);
    s->targets_known = 0;
}

/* The stories some story is merged into, read once a transaction. */
static kh_rc load_targets(kh_store *s, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    int sr;
    kh_store_story_forget_targets(s);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT DISTINCT merged_into FROM stories WHERE merged_into IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = kh_store_fail(s, "cannot prepare a query", err);
        goto done;
    }
    while ((sr = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = set_target(s, sqlite3_column_int64(st, 0), 1, err)) != KH_OK)
            goto done;
    if (sr != SQLITE_DONE) {
        rc = kh_store_fail(s, "cannot read merged stories", err);
        goto done;
    }
    s->targets_known = 1;
done:
    sqlite3_finalize(st);
    if (rc != KH_OK)
        kh_store_story_forget_targets(s);
    return rc;
}

static kh_rc set_target(kh_store *s, int64_t id, int on, kh_err *err)
{
    kh_hval *v = kh_hash_put(&s->merge_targets, (const char *)&id, sizeof id, NULL);
    if (!v) {
        kh_store_story_forget_targets(s); /* incomplete: not to be trusted */
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", s->path);
    }
    v->i = on;
    return KH_OK;
}

static int is_target(const kh_store *s, int64_t id)
{
    const kh_hval *v = kh_hash_get(&s->merge_targets, (const char *)&id, sizeof id);
    return v && v->i;
}

/* Rows of (name, count[, type]); finalizes st. */
static kh_rc each_count(kh_store *s, sqlite3_stmt *st, int with_type, kh_store_count_fn fn,
                        void *ctx, kh_err *err)
{
    kh_rc rc = KH_OK;
    int sr;
    while ((sr = sqlite3_step(st)) == SQLITE_ROW) {
        const char *type = with_type ? kh_store_column_text(st, 2) : NULL;
        if (fn(kh_store_column_text(st, 0), type, (long)sqlite3_column_int64(st, 1), ctx))
            goto done;
    }
    if (sr != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot read counts", err);
done:
    sqlite3_finalize(st);
    return rc;
}
