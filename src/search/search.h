/*
 * src/search/search.h - full-text search of the stored articles: an FTS5
 * index with khabar's own Arabic tokenizer, BM25 ranking and snippets.
 *
 * Input: an SQLite connection to the store (src/store's articles table).
 * Output: the index articles_fts (external content: the text stays in
 * articles, the index holds only tokens) kept up to date by
 * kh_search_sync(), and ranked hits with a snippet whose matched words are
 * marked.  The tokenizer "khabar" indexes the same match form and light
 * stems as the analysis (src/text), plus a consonant skeleton of each
 * longer word as a colocated synonym, so a query in one spelling finds the
 * others: زيلنسكي finds زيلينسكي, أوكرانيا finds اوكرانيا, البيت finds بيت.
 *
 * Every connection that reads or writes articles_fts must register the
 * tokenizer first (kh_search_register); connections that never touch the
 * index (a plain `khabar ingest`) need not, and the index catches up with
 * their articles on the next sync.
 * Fits: used by src/serve (GET /api/search, POST /api/articles).
 * Depends on: core, text, sqlite3.  Design notes: docs/serve.md.
 */
#ifndef KH_SEARCH_H
#define KH_SEARCH_H

#include "core/err.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* The marks put around matched words in snippets (ASCII STX and ETX: never
 * in stored text, which src/text cleans of controls). */
#define KH_SEARCH_MARK_OPEN '\x02'
#define KH_SEARCH_MARK_CLOSE '\x03'
#define KH_SEARCH_MAX_QUERY 512 /* bytes of a query */

/* ---- the tokenizer (search/fts_tokenizer.c) ---- */

/* Registers the FTS5 tokenizer "khabar" on db. */
kh_rc kh_search_register(sqlite3 *db, kh_err *err) KH_WARN_UNUSED;
/* Calls fn with each token the tokenizer makes of text (query: 1 for the
 * query form), and colocated set for synonyms; offsets into text.  For
 * tests and for explaining a match.  fn returning non-zero stops. */
typedef int (*kh_search_token_fn)(const char *tok, size_t len, size_t start, size_t end,
                                  int colocated, void *ctx);
kh_rc kh_search_tokens(const char *text, size_t len, kh_search_token_fn fn, void *ctx,
                       kh_err *err) KH_WARN_UNUSED;

/* ---- the index and queries (search/search.c) ---- */

/* Registers the tokenizer and creates the index tables when missing. */
kh_rc kh_search_open(sqlite3 *db, kh_err *err) KH_WARN_UNUSED;
/* Indexes the articles stored since the last sync, oldest first, in
 * transactions of a few hundred; at most max (0: all).  *n_indexed (may be
 * NULL) gets how many. */
kh_rc kh_search_sync(sqlite3 *db, long max, long *n_indexed, kh_err *err) KH_WARN_UNUSED;
/* Indexes one article now (for a writer that wants it searchable at once);
 * later syncs skip it. */
kh_rc kh_search_index_article(sqlite3 *db, int64_t rowid, const char *title, const char *body,
                              kh_err *err) KH_WARN_UNUSED;

typedef struct kh_search_hit {
    int64_t rowid;
    char *id;         /* owns */
    char *title;      /* owns */
    char *outlet;     /* owns */
    char *snippet;    /* owns: display text, matches between the marks above */
    int64_t story_id; /* 0: none */
    int64_t published_ts;
    double score; /* BM25, higher is better */
} kh_search_hit;

typedef struct kh_search_hits {
    kh_search_hit *items; /* owns */
    size_t n, cap;
    char *match;  /* owns: the MATCH expression that found them */
    int any_word; /* 1 when no article had every word and the words were OR'ed */
} kh_search_hits;

void kh_search_hits_clean(kh_search_hits *h);
/* Fills the snippet of hits->items[which[k]] for k < n, in one query over
 * the query that found them.  Snippets re-tokenise their article, so they
 * are made only for the hits shown (n at most 100). */
kh_rc kh_search_snippets(sqlite3 *db, kh_search_hits *hits, const size_t *which, size_t n,
                         kh_err *err) KH_WARN_UNUSED;
/* The limit best articles for the words of q (free text: FTS5 syntax is
 * not interpreted; stop words are dropped unless all are), best first.
 * Articles having every word rank alone; when none has, any word counts.
 * KH_ERR_ARG for an empty or over-long query. */
kh_rc kh_search_query(sqlite3 *db, const char *q, size_t limit, kh_search_hits *out,
                      kh_err *err) KH_WARN_UNUSED;

#endif
