/*
 * src/group/group.h - the group stage: online story clustering.
 *
 * Input: articles in arrival order (id, outlet, publication time, title and
 * body in display form, optional entity keys).  Output, for each article on
 * arrival: the story it joins (an existing one or a new one), the earlier
 * article it duplicates if any (exact re-crawl or near-duplicate wire copy,
 * src/analyse/dup.c) and the stories it bridged and so merged into its own.
 *
 * State: a kh_group holds, in memory, only the open stories of a time
 * window (by default 3 days since a story's last article) with their term
 * vectors, an inverted index term -> recent articles with bounded postings,
 * and the MinHash index of the same window.  The cost of one assignment
 * does not depend on how many articles the store holds.  After a restart
 * the caller replays the recent stored articles with kh_group_restore().
 *
 * Ownership: the clusterer copies what it keeps from a kh_group_doc; the
 * pointers in a kh_group_result borrow the clusterer and are valid until the
 * next call on it.  A kh_group is not shared between threads.
 *
 * Fits: called by src/ingest after src/analyse, before src/store; also by
 * `khabar eval stories` and `khabar similarity`.
 * Depends on: core, text, analyse.
 * Design notes and evaluation numbers: docs/group.md.
 */
#ifndef KH_GROUP_H
#define KH_GROUP_H

#include "core/err.h"
#include "text/text.h"

#include <stddef.h>
#include <stdint.h>

typedef struct kh_group kh_group; /* opaque: src/group/group_int.h */

/* Settings; zero fields take the defaults (kh_group_opts_init fills them). */
typedef struct kh_group_opts {
    int64_t window;         /* seconds a story stays open after its last article (3 days) */
    int64_t gap;            /* an article joins a story only through members published within
                             * gap seconds of it (18 h), undated ones excepted; < 0: no limit */
    double threshold;       /* similarity an article needs to join a story */
    double dup_threshold;   /* estimated Jaccard of word 3-shingles for a near duplicate (0.7) */
    int64_t first_story_id; /* the id the first new story gets (1) */
    kh_stem_kind stem;      /* stemmer for term vectors */
    double entity_weight;   /* weight of a kh_group_doc entity key; 0: keys ignored (the
                             * default: they lowered pairwise F1, docs/group.md) */
    const char *idf_path;   /* prior document frequencies (models/idf.model, prior.c);
                             * NULL: the default places, "": no prior */
} kh_group_opts;

/* Fills o with the defaults. */
void kh_group_opts_init(kh_group_opts *o);

/* One article as the clusterer sees it.  Every pointer borrows the caller
 * for the duration of the call only. */
typedef struct kh_group_doc {
    const char *id;              /* required, unique */
    const char *outlet;          /* may be NULL */
    int64_t published;           /* unix seconds; arrival order need not be time order */
    const char *title;           /* display form; may be NULL */
    const char *body;            /* display form, paragraphs joined by "\n"; may be NULL */
    const char *const *entities; /* match-form entity keys (src/analyse); may be NULL */
    size_t n_entities;
    int undated; /* 1: published is a stand-in (the article before it): no gap applies */
} kh_group_doc;

/* Where an article went. */
typedef struct kh_group_result {
    int64_t story;         /* the story it joined or started */
    int is_new;            /* 1: it started this story */
    const char *dup_of;    /* borrows the clusterer: earliest copy it duplicates, or NULL */
    double dup_sim;        /* estimated Jaccard with dup_of (1 for an exact copy), 0 if none */
    const int64_t *merges; /* borrows the clusterer: stories absorbed into story, or NULL */
    size_t n_merges;
    double sim; /* similarity that decided the story (0 for a new one) */
} kh_group_result;

/* A new clusterer; opts may be NULL for the defaults.  NULL on failure. */
kh_group *kh_group_new(const kh_group_opts *opts, kh_err *err);
void kh_group_free(kh_group *g);

/* Assigns one article (assign.c).  KH_ERR_ARG when doc or its id is missing. */
kh_rc kh_group_assign(kh_group *g, const kh_group_doc *doc, kh_group_result *res,
                      kh_err *err) KH_WARN_UNUSED;

/* Puts back an article already stored in story_id, to rebuild the state
 * after a restart: replay the articles of the last window in time order.
 * Later new stories get ids above every restored one. */
kh_rc kh_group_restore(kh_group *g, const kh_group_doc *doc, int64_t story_id,
                       kh_err *err) KH_WARN_UNUSED;

/* Counts doc in the IDF statistics only: it joins no story (for priming
 * the clusterer, or for kh_group_pair_similarity). */
kh_rc kh_group_learn(kh_group *g, const kh_group_doc *doc, kh_err *err) KH_WARN_UNUSED;

/* Writes the document frequencies counted so far (kh_group_learn) as a
 * prior table (models/idf.model; prior.c), terms seen in at least min_df
 * documents. */
kh_rc kh_group_prior_write(const kh_group *g, const char *path, unsigned min_df,
                           kh_err *err) KH_WARN_UNUSED;

/* Number of open stories and of articles held in the window (for tests and
 * benchmarks). */
size_t kh_group_n_stories(const kh_group *g);
size_t kh_group_n_articles(const kh_group *g);

/* Similarity in [0, 1] of two texts (title may be NULL) by the measure the
 * clusterer uses, with IDF from the clusterer's documents so far (pair.c).
 * For `khabar similarity`. */
kh_rc kh_group_pair_similarity(kh_group *g, const kh_group_doc *a, const kh_group_doc *b,
                               double *sim, kh_err *err) KH_WARN_UNUSED;

/* ---- evaluation (score.c, replay.c) ---- */

/* Clustering scores of pred against gold over the same n items (labels are
 * any integers; equal labels, same cluster). */
typedef struct kh_group_scores {
    double b3_p, b3_r, b3_f;        /* BCubed precision, recall, F1 */
    double pair_p, pair_r, pair_f;  /* pairwise precision, recall, F1 */
    size_t n_items, n_gold, n_pred; /* items, gold clusters, predicted clusters */
} kh_group_scores;

kh_rc kh_group_score(const int64_t *gold, const int64_t *pred, size_t n, kh_group_scores *out,
                     kh_err *err) KH_WARN_UNUSED;

/* Called for each article of a replayed corpus; res is NULL when the replay
 * only parses.  Returning nonzero stops the replay (KH_DONE). */
typedef int (*kh_group_replay_fn)(const kh_group_doc *doc, const kh_group_result *res, void *ctx);

/* Reads the JSONL(.gz) corpus at path (one article a line: id, outlet,
 * published ISO 8601, title, text) and, when g is not NULL, assigns each
 * article with g, calling fn (may be NULL).  Lines that are not articles
 * are skipped and counted in *n_bad (may be NULL).  Errors name path. */
kh_rc kh_group_replay(kh_group *g, const char *path, kh_group_replay_fn fn, void *ctx,
                      size_t *n_bad, kh_err *err) KH_WARN_UNUSED;

/* Unix seconds of an ISO 8601 time ("2015-08-10T19:02:11+03:00", "Z", or a
 * bare date), or -1. */
int64_t kh_group_replay_time(const char *iso);

#endif
