/*
 * src/store/article.c - writing and reading articles, their outlets and
 * their entity mentions.
 *
 * An article is identified by its id and, when it has one, by its url: a
 * re-crawl under a new id is the same article and is not stored twice
 * (kh_store_article_put answers KH_DONE).  Times are kept twice: the text
 * as the outlet gave it, and unix seconds to sort and window on.
 * Depends on: core (store/store_int.h).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- static prototypes ---- */

static int64_t days_from_civil(long y, unsigned m, unsigned d);
static int read_digits(const char **p, int n, long *out);
static const char *kind_name(kh_input_kind kind);
static void fill_row(sqlite3_stmt *st, kh_store_article *row);
static kh_rc each_row(kh_store *s, sqlite3_stmt *st, kh_store_article_fn fn, void *ctx,
                      kh_err *err);
static kh_rc entity_id(kh_store *s, const char *name, const char *type, const char *key,
                       int64_t *id, kh_err *err);
static sqlite3_stmt *mention_stmt(kh_store *s, size_t k, kh_err *err);

/* Rows of the mention statements, largest first, and their slots. */
static const size_t mention_rows[] = {16, 8, 4, 2, 1};
static const kh_store_slot mention_slots[] = {
    KH_STORE_ARTICLE_ENTITY_ADD16, KH_STORE_ARTICLE_ENTITY_ADD8, KH_STORE_ARTICLE_ENTITY_ADD4,
    KH_STORE_ARTICLE_ENTITY_ADD2, KH_STORE_ARTICLE_ENTITY_ADD};

/* Columns in the order fill_row() reads them. */
#define ARTICLE_COLUMNS                                                                            \
    "rowid, id, url, outlet, published, title, section, teaser, %s, kind, dup_of, dup_sim, "       \
    "published_ts, story_id, ingested_at"

/* ---- public functions ---- */

int64_t kh_store_article_time(const char *iso)
{
    if (!iso)
        return -1;
    const char *p = iso;
    while (*p == ' ')
        p++;
    long y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
    if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) || *p++ != '-' ||
        !read_digits(&p, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    int sign = 0;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi))
            return -1;
        if (*p == ':') {
            p++;
            if (!read_digits(&p, 2, &sec))
                return -1;
            if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++)
                    ;
        }
        if (h > 23 || mi > 59 || sec > 60)
            return -1;
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p++ == '+' ? 1 : -1;
            if (!read_digits(&p, 2, &oh))
                return -1;
            if (*p == ':')
                p++;
            if (*p && !read_digits(&p, 2, &om))
                return -1;
        }
    }
    while (*p == ' ')
        p++;
    if (*p)
        return -1;
    int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
    return t - sign * (oh * 3600 + om * 60);
}

void kh_store_article_time_format(int64_t ts, char *out, size_t cap)
{
    struct tm tm;
    time_t t = (time_t)ts;
    if (!out || cap == 0)
        return;
    /* snprintf, not strftime: glibc's strftime looks up the time zone on
     * every call, and story pages format one time per article. */
    int n = gmtime_r(&t, &tm)
                ? snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
                : -1;
    if (n < 0 || (size_t)n >= cap)
        out[0] = '\0';
}

kh_rc kh_store_article_exists(kh_store *s, const char *id, const char *url, int *found, kh_err *err)
{
    *found = 0;
    sqlite3_stmt *st =
        kh_store_stmt(s, KH_STORE_ARTICLE_EXISTS_ID, "SELECT 1 FROM articles WHERE id = ?", err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        return KH_OK;
    }
    if (rc != SQLITE_DONE)
        return kh_store_fail(s, "cannot look an article up", err);
    if (!url)
        return KH_OK;
    st = kh_store_stmt(s, KH_STORE_ARTICLE_EXISTS_URL, "SELECT 1 FROM articles WHERE url = ?", err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, url);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        *found = 1;
    else if (rc != SQLITE_DONE)
        return kh_store_fail(s, "cannot look an article up", err);
    return KH_OK;
}

kh_rc kh_store_article_put(kh_store *s, kh_article *a, int64_t published_ts,
                           const kh_store_place *p, int64_t *rowid, kh_err *err)
{
    if (!a || !a->id || !*a->id)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "article has no id");
    if (!a->title || !*a->title)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "article %s has no title", a->id);
    const char *body = kh_article_body_text(a);
    if (!body)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (!*body)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "article %s has no text", a->id);
    /* Two index lookups, saved when the caller made them inside this
     * transaction: no one else can have written the article since. */
    if (!p || !p->checked || !s->in_txn) {
        int found;
        kh_rc rc = kh_store_article_exists(s, a->id, a->url, &found, err);
        if (rc != KH_OK)
            return rc;
        if (found)
            return KH_DONE;
    }
    const char *outlet = a->outlet && *a->outlet ? a->outlet : "unknown";

    sqlite3_stmt *st = kh_store_stmt(
        s, KH_STORE_OUTLET_ADD,
        "INSERT INTO outlets (name, n_articles, first_seen, last_seen) VALUES (?1, 1, ?2, ?2) "
        "ON CONFLICT (name) DO UPDATE SET n_articles = n_articles + 1, "
        "first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2)",
        err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, outlet);
    sqlite3_bind_int64(st, 2, published_ts);
    int sr = sqlite3_step(st);
    sqlite3_reset(st);
    if (sr != SQLITE_DONE)
        return kh_store_fail(s, "cannot store an outlet", err);

    st = kh_store_stmt(s, KH_STORE_ARTICLE_INSERT,
                       "INSERT INTO articles (id, url, outlet, published, published_ts, title, "
                       "section, teaser, body, kind, dup_of, dup_sim, story_id, ingested_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, a->id);
    kh_store_bind_text(st, 2, a->url && *a->url ? a->url : NULL);
    kh_store_bind_text(st, 3, outlet);
    kh_store_bind_text(st, 4, a->published);
    sqlite3_bind_int64(st, 5, published_ts);
    kh_store_bind_text(st, 6, a->title);
    kh_store_bind_text(st, 7, a->section);
    kh_store_bind_text(st, 8, a->teaser);
    kh_store_bind_text(st, 9, body);
    kh_store_bind_text(st, 10, kind_name(a->kind));
    if (p && p->dup_of) {
        kh_store_bind_text(st, 11, p->dup_of);
        sqlite3_bind_double(st, 12, p->dup_sim);
    }
    if (p && p->story_id > 0)
        sqlite3_bind_int64(st, 13, p->story_id);
    sqlite3_bind_int64(st, 14, (int64_t)time(NULL));
    sr = sqlite3_step(st);
    sqlite3_reset(st);
    if (sr != SQLITE_DONE)
        return kh_store_fail(s, "cannot store an article", err);
    if (rowid)
        *rowid = sqlite3_last_insert_rowid(s->db);
    return KH_OK;
}

kh_rc kh_store_article_get(kh_store *s, const char *id, kh_store_article *out, kh_err *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " ARTICLE_COLUMNS " FROM articles WHERE id = ?", "body");
    sqlite3_stmt *st = kh_store_stmt(s, KH_STORE_ARTICLE_GET, sql, err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return KH_DONE;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return kh_store_fail(s, "cannot read an article", err);
    }
    fill_row(st, out);
    int oom = 0;
    kh_store_row_reset(s);
    const char **fields[] = {&out->id,    &out->url,     &out->outlet, &out->published,
                             &out->title, &out->section, &out->teaser, &out->body,
                             &out->kind,  &out->dup_of};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = kh_store_keep(s, *fields[i], &oom);
    sqlite3_reset(st);
    if (oom)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", s->path);
    return KH_OK;
}

kh_rc kh_store_article_each(kh_store *s, int64_t story_id, int with_body, kh_store_article_fn fn,
                            void *ctx, kh_err *err)
{
    char sql[512];
    const char *where = story_id < 0    ? ""
                        : story_id == 0 ? " WHERE story_id IS NULL"
                                        : " WHERE story_id = ?";
    snprintf(sql, sizeof sql, "SELECT " ARTICLE_COLUMNS " FROM articles%s ORDER BY %s",
             with_body ? "body" : "NULL", where, story_id > 0 ? "published_ts, rowid" : "rowid");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_store_fail(s, "cannot prepare a query", err);
    if (story_id > 0)
        sqlite3_bind_int64(st, 1, story_id);
    return each_row(s, st, fn, ctx, err);
}

kh_rc kh_store_article_since(kh_store *s, int64_t since, kh_store_article_fn fn, void *ctx,
                             kh_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT " ARTICLE_COLUMNS
             " FROM articles WHERE published_ts >= ? ORDER BY published_ts, rowid",
             "body");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return kh_store_fail(s, "cannot prepare a query", err);
    sqlite3_bind_int64(st, 1, since);
    return each_row(s, st, fn, ctx, err);
}

kh_rc kh_store_article_count(kh_store *s, long *n, int64_t *newest, kh_err *err)
{
    sqlite3_stmt *st =
        kh_store_stmt(s, KH_STORE_ARTICLE_COUNT,
                      "SELECT count(*), coalesce(max(published_ts), 0) FROM articles", err);
    if (!st)
        return KH_ERR_DB;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return kh_store_fail(s, "cannot count articles", err);
    }
    if (n)
        *n = (long)sqlite3_column_int64(st, 0);
    if (newest)
        *newest = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return KH_OK;
}

kh_rc kh_store_article_entity(kh_store *s, int64_t rowid, const char *name, const char *type,
                              const char *key, long count, kh_err *err)
{
    kh_store_mention m = {name, type, key, count};
    return kh_store_article_entities(s, rowid, &m, 1, err);
}

kh_rc kh_store_article_entities(kh_store *s, int64_t rowid, const kh_store_mention *m, size_t n,
                                kh_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!m[i].name || !m[i].key || !*m[i].key)
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "entity without a name or key");
    /* A statement costs more than a row (cursors opened on three b-trees,
     * the halt that closes them), so rows go 16, 8, 4, 2 or 1 at a time.
     * Entities are numbered in m's order, 64 mentions at a time; their rows
     * then go in ascending entity order: every row of the article is at the
     * end of the (article, entity) b-tree, and in that order each goes
     * right after the one before, where the cursor already is. */
    enum { CHUNK = 64 };
    for (size_t from = 0; from < n; from += CHUNK) {
        size_t nc = n - from < CHUNK ? n - from : CHUNK;
        int64_t ids[CHUNK], counts[CHUNK];
        for (size_t i = 0; i < nc; i++) {
            const kh_store_mention *mi = &m[from + i];
            kh_rc r = entity_id(s, mi->name, mi->type, mi->key, &ids[i], err);
            if (r != KH_OK)
                return r;
            /* insertion sort by id: a chunk is short */
            size_t j = i;
            for (; j > 0 && ids[j - 1] > ids[i]; j--)
                ;
            int64_t id = ids[i], count = mi->count;
            memmove(ids + j + 1, ids + j, (i - j) * sizeof ids[0]);
            memmove(counts + j + 1, counts + j, (i - j) * sizeof counts[0]);
            ids[j] = id;
            counts[j] = count;
        }
        for (size_t done = 0; done < nc;) {
            size_t k = 0;
            while (mention_rows[k] > nc - done)
                k++;
            size_t rows = mention_rows[k];
            sqlite3_stmt *st = mention_stmt(s, k, err);
            if (!st)
                return KH_ERR_DB;
            for (size_t i = 0; i < rows; i++) {
                sqlite3_bind_int64(st, (int)(3 * i + 1), rowid);
                sqlite3_bind_int64(st, (int)(3 * i + 2), ids[done + i]);
                sqlite3_bind_int64(st, (int)(3 * i + 3), counts[done + i]);
            }
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                return kh_store_fail(s, "cannot store an entity mention", err);
            done += rows;
        }
    }
    return KH_OK;
}

kh_rc kh_store_article_keys(kh_store *s, int64_t rowid, kh_store_key_fn fn, void *ctx, kh_err *err)
{
    sqlite3_stmt *st = kh_store_stmt(s, KH_STORE_ARTICLE_KEYS,
                                     "SELECT e.key FROM article_entities ae"
                                     " JOIN entities e ON e.id = ae.entity"
                                     " WHERE ae.article = ?1 ORDER BY ae.count DESC, e.key",
                                     err);
    if (!st)
        return KH_ERR_DB;
    sqlite3_bind_int64(st, 1, rowid);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (key && fn(key, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return kh_store_fail(s, "cannot read an article's entities", err);
    return KH_OK;
}

/* ---- static functions ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): timegm() without the time zone state. */
static int64_t days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

static int read_digits(const char **p, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

static const char *kind_name(kh_input_kind kind)
{
    switch (kind) {
    case KH_INPUT_TEXT:
        return "text";
    case KH_INPUT_HTML:
        return "html";
    case KH_INPUT_JSON:
        return "json";
    default:
        return "unknown";
    }
}

static void fill_row(sqlite3_stmt *st, kh_store_article *row)
{
    row->rowid = sqlite3_column_int64(st, 0);
    row->id = kh_store_column_text(st, 1);
    row->url = kh_store_column_text(st, 2);
    row->outlet = kh_store_column_text(st, 3);
    row->published = kh_store_column_text(st, 4);
    row->title = kh_store_column_text(st, 5);
    row->section = kh_store_column_text(st, 6);
    row->teaser = kh_store_column_text(st, 7);
    row->body = kh_store_column_text(st, 8);
    row->kind = kh_store_column_text(st, 9);
    row->dup_of = kh_store_column_text(st, 10);
    row->dup_sim = sqlite3_column_double(st, 11);
    row->published_ts = sqlite3_column_int64(st, 12);
    row->story_id = sqlite3_column_int64(st, 13);
    row->ingested_at = sqlite3_column_int64(st, 14);
}

/* Steps st to the end calling fn per row, then finalizes it. */
static kh_rc each_row(kh_store *s, sqlite3_stmt *st, kh_store_article_fn fn, void *ctx, kh_err *err)
{
    kh_rc rc = KH_OK;
    int sr;
    while ((sr = sqlite3_step(st)) == SQLITE_ROW) {
        kh_store_article row;
        fill_row(st, &row);
        if (fn(&row, ctx))
            goto done;
    }
    if (sr != SQLITE_DONE)
        rc = kh_store_fail(s, "cannot read articles", err);
done:
    sqlite3_finalize(st);
    return rc;
}

/* The id of the entity key, added (with name and type) when new.  News
 * names the same people and places all day: the handle's cache answers
 * most keys, and a new key costs an insert (and a lookup when an earlier
 * run stored it). */
static kh_rc entity_id(kh_store *s, const char *name, const char *type, const char *key,
                       int64_t *id, kh_err *err)
{
    size_t key_len = strlen(key);
    kh_hval *known = kh_hash_get(&s->entity_ids, key, key_len);
    if (known) {
        *id = known->i;
        return KH_OK;
    }
    sqlite3_stmt *st = kh_store_stmt(s, KH_STORE_ENTITY_INSERT,
                                     "INSERT INTO entities (key, name, type) VALUES (?, ?, ?) "
                                     "ON CONFLICT (key) DO NOTHING",
                                     err);
    if (!st)
        return KH_ERR_DB;
    kh_store_bind_text(st, 1, key);
    kh_store_bind_text(st, 2, name);
    kh_store_bind_text(st, 3, type ? type : "");
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return kh_store_fail(s, "cannot store an entity", err);
    /* Inserted: its id is the rowid just given (entities.id is the rowid).
     * Not inserted: stored before this handle's time, look it up. */
    if (sqlite3_changes(s->db) == 1) {
        *id = sqlite3_last_insert_rowid(s->db);
    } else {
        st = kh_store_stmt(s, KH_STORE_ENTITY_ID, "SELECT id FROM entities WHERE key = ?", err);
        if (!st)
            return KH_ERR_DB;
        kh_store_bind_text(st, 1, key);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            return kh_store_fail(s, "cannot find an entity", err);
        }
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    int added = 0;
    kh_hval *v = kh_hash_put(&s->entity_ids, key, key_len, &added);
    if (!v)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", s->path);
    v->i = *id;
    return KH_OK;
}

/* The cached statement inserting mention_rows[k] mention rows. */
static sqlite3_stmt *mention_stmt(kh_store *s, size_t k, kh_err *err)
{
    char sql[512] = "";
    if (!s->stmt[mention_slots[k]]) { /* else prepared already: sql is not read */
        size_t len = (size_t)snprintf(
            sql, sizeof sql, "INSERT INTO article_entities (article, entity, count) VALUES ");
        for (size_t i = 0; i < mention_rows[k]; i++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, "%s(?, ?, ?)", i ? ", " : "");
        snprintf(sql + len, sizeof sql - len,
                 " ON CONFLICT (article, entity) DO UPDATE SET count = count + excluded.count");
    }
    return kh_store_stmt(s, mention_slots[k], sql, err);
}
