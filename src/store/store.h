/*
 * src/store/store.h - the SQLite store: articles, stories, outlets and
 * entities, kept in one database file.
 *
 * Input: articles (core/record.h) with the place the pipeline gave them (a
 * story, a duplicate of an earlier article), story updates and merges, and
 * entity mentions.  Output: rows read back for the commands and the server.
 * Writes go inside kh_store_begin()/kh_store_commit(): a batch is stored
 * whole or not at all, so a killed process or a full disk loses nothing
 * already committed.  Rows handed to callbacks borrow the statement: their
 * strings are valid only until the callback returns.  The *_get calls copy
 * their row into the handle: valid until the next *_get on the same handle
 * (no statement stays open between calls, so a long-lived reader always
 * sees the latest commit).  Errors name the database path.
 *
 * Fits: src/ingest writes it; src/cli and src/serve read it.  The schema and
 * the query behind every index are listed at the top of store/schema.c.
 * Design notes: docs/store.md.  Depends on: core.
 */
#ifndef KH_STORE_H
#define KH_STORE_H

#include "core/record.h"

#include <sqlite3.h>
#include <stdint.h>

typedef struct kh_store kh_store;

/* ---- opening and transactions (store/schema.c) ---- */

/* The database to use when none is named: $KHABAR_DB if set, else
 * "khabar.db" in the working folder. */
const char *kh_store_path_default(void);
/* Opens (creating if needed) the database at path and brings its schema to
 * the newest version.  NULL on failure, with a message naming path. */
kh_store *kh_store_open(const char *path, kh_err *err);
/* The same for commands that only read: a missing file is an error naming
 * path, and nothing is created. */
kh_store *kh_store_open_existing(const char *path, kh_err *err);
void kh_store_close(kh_store *s);
/* The path given to kh_store_open(). */
const char *kh_store_path(const kh_store *s);
/* The store's SQLite connection, for a stage that keeps its own tables in
 * the store (src/search's index); the store keeps owning it. */
sqlite3 *kh_store_sqlite(kh_store *s);
/* The schema version (PRAGMA user_version) after migrations. */
int kh_store_schema_version(const kh_store *s);
/* The newest schema version this build knows. */
int kh_store_schema_latest(void);

kh_rc kh_store_begin(kh_store *s, kh_err *err) KH_WARN_UNUSED;
/* Whether SQLite checks the references of this handle's writes (PRAGMA
 * foreign_keys, on after kh_store_open).  A writer whose every reference
 * is to a row it wrote or found in the same transaction (the ingest
 * driver) may turn the checks off: each is one more b-tree lookup per row,
 * two per entity mention.  KH_ERR_ARG inside a transaction, where SQLite
 * would ignore the change. */
kh_rc kh_store_set_ref_checks(kh_store *s, int on, kh_err *err) KH_WARN_UNUSED;
kh_rc kh_store_commit(kh_store *s, kh_err *err) KH_WARN_UNUSED;
/* Undoes everything since kh_store_begin(); a no-op outside a transaction. */
void kh_store_rollback(kh_store *s);

/* ---- articles (store/article.c) ---- */

/* Where the pipeline put an article. */
typedef struct kh_store_place {
    int64_t story_id;   /* 0: no story */
    const char *dup_of; /* borrows the caller; id of the earlier copy, NULL: none */
    double dup_sim;     /* similarity to dup_of, 0 when none */
    int checked;        /* 1: the caller found neither the id nor the url with
                         * kh_store_article_exists() inside the open transaction,
                         * so kh_store_article_put() need not look again */
} kh_store_place;

/* One article row.  Strings borrow the statement (see the top comment). */
typedef struct kh_store_article {
    int64_t rowid;
    const char *id, *url, *outlet, *published, *title, *section, *teaser, *body;
    const char *kind; /* "json", "text" or "html" */
    const char *dup_of;
    double dup_sim;
    int64_t published_ts; /* unix seconds */
    int64_t story_id;     /* 0: none */
    int64_t ingested_at;  /* unix seconds */
} kh_store_article;

typedef int (*kh_store_article_fn)(const kh_store_article *row, void *ctx);

/* Unix seconds of an ISO 8601 date ("2015-08-10", "2015-08-10T19:02:11",
 * with "Z" or "+03:00"), or -1 when iso is not one. */
int64_t kh_store_article_time(const char *iso);
/* Writes ts as "2015-08-10T16:02:11Z" into out (cap >= 21 bytes). */
void kh_store_article_time_format(int64_t ts, char *out, size_t cap);
/* Sets *found to 1 when an article with this id, or this url (when url is
 * not NULL), is stored. */
kh_rc kh_store_article_exists(kh_store *s, const char *id, const char *url, int *found,
                              kh_err *err) KH_WARN_UNUSED;
/* Stores a; a->id, a->title and a body are required, a->outlet defaults to
 * "unknown".  published_ts is the time to file it under (unix seconds).
 * Returns KH_OK (rowid in *rowid, may be NULL), or KH_DONE when an article
 * with the same id or url is already stored (nothing written). */
kh_rc kh_store_article_put(kh_store *s, kh_article *a, int64_t published_ts,
                           const kh_store_place *p, int64_t *rowid, kh_err *err) KH_WARN_UNUSED;
/* Reads the article with this id into *out; KH_DONE when there is none. */
kh_rc kh_store_article_get(kh_store *s, const char *id, kh_store_article *out,
                           kh_err *err) KH_WARN_UNUSED;
/* Calls fn for every article (story_id < 0), or the articles of one story
 * (story_id 0: those without one), in (published_ts, rowid) order; fn
 * returning non-zero stops early.  with_body 0 leaves body NULL (faster). */
kh_rc kh_store_article_each(kh_store *s, int64_t story_id, int with_body, kh_store_article_fn fn,
                            void *ctx, kh_err *err) KH_WARN_UNUSED;
/* Calls fn for the articles filed at or after since (unix seconds), oldest
 * first: what a clusterer needs to rebuild its window on a new run. */
kh_rc kh_store_article_since(kh_store *s, int64_t since, kh_store_article_fn fn, void *ctx,
                             kh_err *err) KH_WARN_UNUSED;
/* Number of articles stored, and the newest published_ts (0 when empty). */
kh_rc kh_store_article_count(kh_store *s, long *n, int64_t *newest, kh_err *err) KH_WARN_UNUSED;
/* Records that the article at rowid mentions an entity count times; the
 * entity is created on first use under its key (a match form). */
kh_rc kh_store_article_entity(kh_store *s, int64_t rowid, const char *name, const char *type,
                              const char *key, long count, kh_err *err) KH_WARN_UNUSED;
/* One mention for kh_store_article_entities (strings borrowed). */
typedef struct kh_store_mention {
    const char *name, *type, *key;
    long count;
} kh_store_mention;
/* kh_store_article_entity for m[0..n) in order (new entities are numbered
 * in that order), with up to 16 rows a statement: an article's mentions
 * cost a statement or two instead of one each.  KH_ERR_ARG, nothing
 * written, when a mention has no name or key. */
kh_rc kh_store_article_entities(kh_store *s, int64_t rowid, const kh_store_mention *m, size_t n,
                                kh_err *err) KH_WARN_UNUSED;
/* Calls fn with the key of each entity the article at rowid mentions, most
 * mentioned first (the order ingest gives the clusterer); key borrows the
 * statement until fn returns.  fn returning non-zero stops early. */
typedef int (*kh_store_key_fn)(const char *key, void *ctx);
kh_rc kh_store_article_keys(kh_store *s, int64_t rowid, kh_store_key_fn fn, void *ctx,
                            kh_err *err) KH_WARN_UNUSED;

/* ---- stories (store/story.c) ---- */

/* One story row.  Strings borrow the statement. */
typedef struct kh_store_story {
    int64_t id;
    const char *title, *section;
    int64_t first_seen, last_seen; /* unix seconds */
    long n_articles;
    int64_t merged_into; /* 0: still its own story */
} kh_store_story;

typedef int (*kh_store_story_fn)(const kh_store_story *row, void *ctx);
/* A named count: an outlet and its articles, an entity and its mentions. */
typedef int (*kh_store_count_fn)(const char *name, const char *type, long count, void *ctx);

/* Counts one more article in story id, creating the story with this title
 * and section when it is new; seen widens first_seen/last_seen.  *created
 * (may be NULL) tells whether the story is new. */
kh_rc kh_store_story_add(kh_store *s, int64_t id, const char *title, const char *section,
                         int64_t seen, int *created, kh_err *err) KH_WARN_UNUSED;
/* Folds story from into story into: its articles move, its counts and times
 * join into's, and it is marked merged_into.  Stories merged earlier into
 * from follow it.  KH_DONE (nothing written) when from is not stored or
 * already merged; KH_ERR_ARG when into is not stored. */
kh_rc kh_store_story_merge(kh_store *s, int64_t from, int64_t into, kh_err *err) KH_WARN_UNUSED;
/* Reads story id into *out (following merges when follow is set); KH_DONE
 * when there is none. */
kh_rc kh_store_story_get(kh_store *s, int64_t id, int follow, kh_store_story *out,
                         kh_err *err) KH_WARN_UNUSED;
/* Calls fn for the live (unmerged) stories last seen at or after since,
 * newest first, at most limit (0: all). */
kh_rc kh_store_story_each(kh_store *s, int64_t since, long limit, kh_store_story_fn fn, void *ctx,
                          kh_err *err) KH_WARN_UNUSED;
/* Calls fn with each outlet of story id and its number of articles, most first. */
kh_rc kh_store_story_outlets(kh_store *s, int64_t id, kh_store_count_fn fn, void *ctx,
                             kh_err *err) KH_WARN_UNUSED;
/* Calls fn with the limit most mentioned entities of story id. */
kh_rc kh_store_story_entities(kh_store *s, int64_t id, long limit, kh_store_count_fn fn, void *ctx,
                              kh_err *err) KH_WARN_UNUSED;
/* The largest story id ever given (0 when none), so a new run goes on
 * numbering after it; and the number of live stories. */
kh_rc kh_store_story_stats(kh_store *s, int64_t *max_id, long *n_live, kh_err *err) KH_WARN_UNUSED;

#endif
