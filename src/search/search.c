/*
 * src/search/search.c - the search index of the stored articles and the
 * queries against it.
 *
 * Tables (created here, beside src/store's schema, which does not know
 * them; dropping both rebuilds the index from articles on the next sync):
 *   articles_fts   FTS5(title, body), content='articles', tokenize='khabar',
 *                  rank bm25(3.0, 1.0): a title word weighs three body words
 *   search_state   (key TEXT PRIMARY KEY, value INTEGER): 'articles_fts' is
 *                  the highest article rowid indexed
 *
 * Sync: articles get rowids in commit order (one writer at a time, no
 * deletes), so "rowid > the last indexed" is exactly what is new.  Each
 * batch is one BEGIN IMMEDIATE transaction with the state row, so an index
 * is never half a batch ahead of its state.
 *
 * Queries: the user's words are quoted one by one, so nothing of FTS5's
 * syntax (column filters, NEAR, *, ^) reaches MATCH from outside.
 */
#include "core/alloc.h"
#include "search/search.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

#define SYNC_BATCH 500
#define MAX_WORDS 16 /* words of a query kept */

/* ---- static prototypes ---- */

static kh_rc fail(sqlite3 *db, const char *what, kh_err *err);
static kh_rc exec(sqlite3 *db, const char *sql, const char *what, kh_err *err);
static kh_rc sync_batch(sqlite3 *db, long max, long *n, kh_err *err);
static kh_rc build_match(const char *q, const char *joiner, kh_buf *out, kh_err *err);
static kh_rc build_phrase(const char *q, kh_buf *out, size_t *n_words, kh_err *err);
static const char *next_word(const char **p);
static kh_rc phrase_first(sqlite3 *db, const char *q, size_t limit, kh_search_hits *out,
                          kh_err *err);
static void hit_clean(kh_search_hit *h);
static kh_rc run_query(sqlite3 *db, const char *match, size_t limit, kh_search_hits *out,
                       kh_err *err);
static char *col_dup(sqlite3_stmt *st, int i);

/* ---- public functions ---- */

kh_rc kh_search_open(sqlite3 *db, kh_err *err)
{
    kh_rc rc;
    if (!db)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no database");
    if ((rc = kh_search_register(db, err)) != KH_OK)
        return rc;
    if ((rc = exec(db,
                   "CREATE TABLE IF NOT EXISTS search_state ("
                   " key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
                   "cannot create search_state", err)) != KH_OK)
        return rc;
    sqlite3_stmt *st = NULL;
    int exists = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'", -1, &st,
                           NULL) != SQLITE_OK)
        return fail(db, "cannot read the schema", err);
    exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (exists)
        return KH_OK;
    /* Creating the table and its rank setting together, so that a reader
     * never sees the table with the default rank. */
    if ((rc = exec(db, "BEGIN IMMEDIATE", "cannot begin", err)) != KH_OK)
        return rc;
    if ((rc = exec(db,
                   "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
                   " title, body, content='articles', content_rowid='rowid',"
                   " tokenize='khabar');"
                   "INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(3.0, 1.0)');"
                   "INSERT OR REPLACE INTO search_state(key, value) VALUES('articles_fts', 0);"
                   "COMMIT",
                   "cannot create the search index", err)) != KH_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return KH_OK;
}

kh_rc kh_search_sync(sqlite3 *db, long max, long *n_indexed, kh_err *err)
{
    long total = 0;
    kh_rc rc = KH_OK;
    if (n_indexed)
        *n_indexed = 0;
    if (!db)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no database");
    for (;;) {
        long want = SYNC_BATCH, n = 0;
        if (max > 0 && max - total < want)
            want = max - total;
        if (want <= 0)
            break;
        if ((rc = sync_batch(db, want, &n, err)) != KH_OK)
            break;
        total += n;
        if (n < want)
            break;
    }
    if (n_indexed)
        *n_indexed = total;
    return rc;
}

kh_rc kh_search_index_article(sqlite3 *db, int64_t rowid, const char *title, const char *body,
                              kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    if (!db || rowid <= 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "bad article to index");
    if (sqlite3_prepare_v2(db, "INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, "cannot prepare indexing", err);
    sqlite3_bind_int64(st, 1, rowid);
    sqlite3_bind_text(st, 2, title ? title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, body ? body : "", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, "cannot index an article", err);
    sqlite3_finalize(st);
    if (rc != KH_OK)
        return rc;
    if (sqlite3_prepare_v2(
            db, "UPDATE search_state SET value = max(value, ?1) WHERE key = 'articles_fts'", -1,
            &st, NULL) != SQLITE_OK)
        return fail(db, "cannot prepare indexing", err);
    sqlite3_bind_int64(st, 1, rowid);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, "cannot record the index state", err);
    sqlite3_finalize(st);
    return rc;
}

void kh_search_hits_clean(kh_search_hits *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        hit_clean(&h->items[i]);
    kh_free(h->items);
    kh_free(h->match);
    memset(h, 0, sizeof *h);
}

kh_rc kh_search_query(sqlite3 *db, const char *q, size_t limit, kh_search_hits *out, kh_err *err)
{
    kh_buf match;
    kh_rc rc;
    memset(out, 0, sizeof *out);
    if (!db || !q)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no query");
    if (strlen(q) > KH_SEARCH_MAX_QUERY)
        return kh_err_set(err, KH_ERR_TOOBIG, 0, -1, "query over %d bytes", KH_SEARCH_MAX_QUERY);
    if (limit == 0 || limit > 1000)
        limit = 1000;
    kh_buf_init(&match, 8 * KH_SEARCH_MAX_QUERY);
    if ((rc = build_match(q, " ", &match, err)) != KH_OK)
        goto done;
    if ((rc = run_query(db, match.data, limit, out, err)) != KH_OK)
        goto done;
    if (out->n > 0) {
        out->match = kh_buf_take(&match, NULL);
        if (out->match)
            rc = phrase_first(db, q, limit, out, err);
        goto done;
    }
    /* No article has every word: any word counts, BM25 still ranks. */
    kh_buf_reset(&match);
    if ((rc = build_match(q, " OR ", &match, err)) != KH_OK)
        goto done;
    if (strstr(match.data, " OR ")) {
        rc = run_query(db, match.data, limit, out, err);
        out->any_word = 1;
        if (rc == KH_OK && out->n > 0)
            out->match = kh_buf_take(&match, NULL);
    }
done:
    kh_buf_clean(&match);
    if (rc == KH_OK && out->n > 0 && !out->match)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if (rc != KH_OK)
        kh_search_hits_clean(out);
    return rc;
}

kh_rc kh_search_snippets(sqlite3 *db, kh_search_hits *hits, const size_t *which, size_t n,
                         kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_buf sql;
    kh_rc rc = KH_OK;
    int step;
    if (!db || !hits || (n && !which) || n > 100 || (n && !hits->match))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "bad snippet request");
    for (size_t k = 0; k < n; k++)
        if (which[k] >= hits->n)
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "no such hit");
    if (n == 0)
        return KH_OK;
    /* One MATCH with the rowids listed: FTS5 reads the terms' doclists
     * once, not once per snippet.  The rowids are integers we hold, so
     * writing them into the SQL is safe. */
    kh_buf_init(&sql, 8192);
    rc = kh_buf_appends(&sql, "SELECT rowid, snippet(articles_fts, -1, char(2), char(3), '…', 24)"
                              " FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid IN (");
    for (size_t k = 0; rc == KH_OK && k < n; k++)
        rc = kh_buf_printf(&sql, "%s%lld", k ? "," : "", (long long)hits->items[which[k]].rowid);
    if (rc == KH_OK)
        rc = kh_buf_appendc(&sql, ')');
    if (rc != KH_OK) {
        rc = kh_err_set(err, rc, 0, -1, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
        rc = fail(db, "cannot prepare snippets", err);
        goto done;
    }
    sqlite3_bind_text(st, 1, hits->match, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rowid = sqlite3_column_int64(st, 0);
        for (size_t k = 0; k < n; k++) {
            kh_search_hit *h = &hits->items[which[k]];
            if (h->rowid != rowid || h->snippet)
                continue;
            if (!(h->snippet = col_dup(st, 1))) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
        }
    }
    if (step != SQLITE_DONE) {
        rc = fail(db, "cannot make snippets", err);
        goto done;
    }
    /* An article changed or gone since the query gets an empty snippet. */
    for (size_t k = 0; k < n; k++) {
        kh_search_hit *h = &hits->items[which[k]];
        if (!h->snippet && !(h->snippet = kh_strdup(""))) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    sqlite3_finalize(st);
    kh_buf_clean(&sql);
    return rc;
}

/* ---- static functions ---- */

static kh_rc fail(sqlite3 *db, const char *what, kh_err *err)
{
    int code = sqlite3_errcode(db);
    return kh_err_set(err, code == SQLITE_NOMEM ? KH_ERR_NOMEM : KH_ERR_DB, 0, -1, "%s: %s", what,
                      sqlite3_errmsg(db));
}

static kh_rc exec(sqlite3 *db, const char *sql, const char *what, kh_err *err)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, what, err);
    return KH_OK;
}

static kh_rc sync_batch(sqlite3 *db, long max, long *n, kh_err *err)
{
    sqlite3_stmt *sel = NULL, *ins = NULL, *upd = NULL;
    kh_rc rc;
    int step;
    int64_t last = 0;
    *n = 0;
    if ((rc = exec(db, "BEGIN IMMEDIATE", "cannot begin indexing", err)) != KH_OK)
        return rc;
    if (sqlite3_prepare_v2(db,
                           "SELECT rowid, title, body FROM articles WHERE rowid >"
                           " (SELECT value FROM search_state WHERE key = 'articles_fts')"
                           " ORDER BY rowid LIMIT ?1",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE search_state SET value = ?1 WHERE key = 'articles_fts'", -1,
                           &upd, NULL) != SQLITE_OK) {
        rc = fail(db, "cannot prepare indexing", err);
        goto done;
    }
    sqlite3_bind_int64(sel, 1, max);
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        last = sqlite3_column_int64(sel, 0);
        sqlite3_bind_int64(ins, 1, last);
        sqlite3_bind_value(ins, 2, sqlite3_column_value(sel, 1));
        sqlite3_bind_value(ins, 3, sqlite3_column_value(sel, 2));
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = fail(db, "cannot index an article", err);
            goto done;
        }
        sqlite3_reset(ins);
        (*n)++;
    }
    if (step != SQLITE_DONE) {
        rc = fail(db, "cannot read articles to index", err);
        goto done;
    }
    if (*n > 0) {
        sqlite3_bind_int64(upd, 1, last);
        if (sqlite3_step(upd) != SQLITE_DONE) {
            rc = fail(db, "cannot record the index state", err);
            goto done;
        }
    }
done:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    if (rc == KH_OK)
        rc = exec(db, "COMMIT", "cannot commit indexing", err);
    if (rc != KH_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        *n = 0;
    }
    return rc;
}

/* Each word of q (runs of non-space), stripped of '"', in double quotes,
 * joined by joiner; stop words dropped unless every word is one. */
static kh_rc build_match(const char *q, const char *joiner, kh_buf *out, kh_err *err)
{
    kh_buf norm;
    kh_rc rc = KH_OK;
    size_t n_words = 0, n_stop = 0;
    const char *starts[MAX_WORDS];
    size_t lens[MAX_WORDS];
    int stop[MAX_WORDS];
    kh_buf_init(&norm, KH_SEARCH_MAX_QUERY * 4);
    const char *s, *p = q;
    while (n_words < MAX_WORDS && (s = next_word(&p)) != NULL) {
        kh_buf_reset(&norm);
        if ((rc = kh_text_normalize(s, (size_t)(p - s), &norm)) != KH_OK) {
            rc = kh_err_set(err, rc, 0, -1, "cannot read the query");
            goto done;
        }
        /* A word that is only punctuation adds nothing and would make an
         * empty phrase. */
        size_t pos = 0;
        kh_token tok;
        int has_token = 0;
        while (kh_text_tokenize_next(norm.data ? norm.data : "", norm.len, &pos, &tok))
            if (tok.kind != KH_TOKEN_PUNCT)
                has_token = 1;
        if (!has_token)
            continue;
        starts[n_words] = s;
        lens[n_words] = (size_t)(p - s);
        stop[n_words] = kh_text_is_stopword(norm.data, norm.len);
        n_stop += (size_t)stop[n_words];
        n_words++;
    }
    if (n_words == 0) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "the query has no words");
        goto done;
    }
    int first = 1;
    for (size_t i = 0; i < n_words; i++) {
        if (stop[i] && n_stop < n_words)
            continue;
        if ((!first && (rc = kh_buf_appends(out, joiner)) != KH_OK) ||
            (rc = kh_buf_appendc(out, '"')) != KH_OK ||
            (rc = kh_buf_append(out, starts[i], lens[i])) != KH_OK ||
            (rc = kh_buf_appendc(out, '"')) != KH_OK) {
            kh_buf_init(out, 8 * KH_SEARCH_MAX_QUERY);
            rc = kh_err_set(err, rc, 0, -1, "out of memory");
            goto done;
        }
        first = 0;
    }
done:
    kh_buf_clean(&norm);
    return rc;
}

/* The next word of a query at *p (white space and '"' separate words, so
 * no FTS5 syntax gets through), *p moved past it; NULL at the end. */
static const char *next_word(const char **p)
{
    const char *c = *p;
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '"')
        c++;
    const char *start = c;
    while (*c && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r' && *c != '"')
        c++;
    *p = c;
    return c > start ? start : NULL;
}

/* The query's words as one FTS5 phrase ("w1 w2 w3": adjacent, in order;
 * stop words kept, since they sit between the others in the text). */
static kh_rc build_phrase(const char *q, kh_buf *out, size_t *n_words, kh_err *err)
{
    kh_rc rc = kh_buf_appendc(out, '"');
    *n_words = 0;
    const char *s, *p = q;
    while (rc == KH_OK && *n_words < MAX_WORDS && (s = next_word(&p)) != NULL) {
        if (*n_words)
            rc = kh_buf_appendc(out, ' ');
        if (rc == KH_OK)
            rc = kh_buf_append(out, s, (size_t)(p - s));
        (*n_words)++;
    }
    if (rc == KH_OK)
        rc = kh_buf_appendc(out, '"');
    return rc == KH_OK ? KH_OK : kh_err_set(err, rc, 0, -1, "out of memory");
}

/* A query of several words finds, among the articles that have them all,
 * first those where they stand together as typed («مطار الملك عبدالعزيز»
 * before an article naming another airport and another king), in BM25
 * order within each part.  out holds the all-words hits; the articles with
 * the phrase go first, the others follow in their order, at most limit.
 * out->match stays the all-words expression, which every hit matches (the
 * snippets use it). */
static kh_rc phrase_first(sqlite3 *db, const char *q, size_t limit, kh_search_hits *out,
                          kh_err *err)
{
    kh_buf phrase;
    kh_search_hits ph = {0};
    kh_search_hit *merged = NULL;
    size_t n_words = 0;
    kh_rc rc;
    kh_buf_init(&phrase, 8 * KH_SEARCH_MAX_QUERY);
    if ((rc = build_phrase(q, &phrase, &n_words, err)) != KH_OK || n_words < 2)
        goto done;
    if ((rc = run_query(db, phrase.data, limit, &ph, err)) != KH_OK || ph.n == 0)
        goto done;
    merged = kh_calloc(limit, sizeof *merged);
    if (!merged) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    size_t n = 0;
    for (size_t i = 0; i < ph.n && n < limit; i++) {
        merged[n++] = ph.items[i];
        memset(&ph.items[i], 0, sizeof ph.items[i]); /* moved */
    }
    for (size_t i = 0; i < out->n; i++) {
        int taken = n >= limit;
        for (size_t k = 0; !taken && k < ph.n; k++)
            taken = merged[k].rowid == out->items[i].rowid;
        if (taken) {
            hit_clean(&out->items[i]);
        } else {
            merged[n++] = out->items[i];
        }
    }
    kh_free(out->items);
    out->items = merged;
    out->n = n;
    out->cap = limit;
    merged = NULL;
done:
    kh_free(merged);
    kh_search_hits_clean(&ph);
    kh_buf_clean(&phrase);
    return rc;
}

static void hit_clean(kh_search_hit *h)
{
    kh_free(h->id);
    kh_free(h->title);
    kh_free(h->outlet);
    kh_free(h->snippet);
}

static kh_rc run_query(sqlite3 *db, const char *match, size_t limit, kh_search_hits *out,
                       kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    int step;
    if (sqlite3_prepare_v2(db,
                           "SELECT a.rowid, a.id, a.title, a.outlet, a.story_id, a.published_ts,"
                           " f.rank FROM (SELECT rowid, rank"
                           "  FROM articles_fts WHERE articles_fts MATCH ?1"
                           "  ORDER BY rank LIMIT ?2) f"
                           " JOIN articles a ON a.rowid = f.rowid ORDER BY f.rank",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, "cannot prepare the search", err);
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        kh_search_hit *items = kh_grow(out->items, out->n, &out->cap, sizeof *items, 16);
        if (!items) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        out->items = items;
        kh_search_hit *h = &out->items[out->n];
        memset(h, 0, sizeof *h);
        out->n++;
        h->rowid = sqlite3_column_int64(st, 0);
        h->id = col_dup(st, 1);
        h->title = col_dup(st, 2);
        h->outlet = col_dup(st, 3);
        h->story_id = sqlite3_column_int64(st, 4);
        h->published_ts = sqlite3_column_int64(st, 5);
        h->score = -sqlite3_column_double(st, 6); /* FTS5's bm25 is negative: lower is better */
        if (!h->id || !h->title || !h->outlet) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        rc = fail(db, "cannot search", err);
done:
    sqlite3_finalize(st);
    return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return kh_strdup(s ? s : "");
}
