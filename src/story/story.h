/*
 * src/story/story.h - a story as readers get it, assembled from the store:
 * the stored row (ids, counts, first and last seen, merges), its outlets
 * and entities, and what src/view computes in memory from its articles
 * (cleaned representative headline, section, summary attributed to
 * outlets, what each outlet adds, timeline), plus the related stories.
 *
 * Input: an open store (src/store), the section model (src/view; may be
 * NULL) and, for a long-lived server, a cache of related-story profiles.
 * Output: jansson objects, the same for `khabar story ID --json`, the
 * public kh_story_json() and GET /api/stories/{id}; text for a terminal.
 *
 * Fits: after store and view; called by src/cli, src/serve and
 * src/khabar.c.  Depends on: core, text, store, view, jansson, pthread.
 * Design notes: docs/story.md.
 */
#ifndef KH_STORY_H
#define KH_STORY_H

#include "core/buf.h"
#include "store/store.h"
#include "view/view.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

/* ---- a story's articles as the view takes them (story/load.c) ---- */

typedef struct kh_story_articles {
    kh_view_article *arts; /* owns the array and each paras/entities array */
    size_t n, cap, max;
    char **owned; /* owns every string the articles point to */
    size_t n_owned, cap_owned;
    json_t *list; /* owns: the "articles" array; NULL when not asked */
    int failed;
} kh_story_articles;

/* Reads at most max_articles (0: 200) articles of story id, oldest first,
 * with their entity names; with_body 0 leaves bodies empty and entities
 * out (headlines only, one query); with_list also builds their JSON list
 * [{"id","outlet","title","published","url","section","dup_of"}]. */
kh_rc kh_story_load(kh_store *s, int64_t id, size_t max_articles, int with_body, int with_list,
                    kh_story_articles *out, kh_err *err) KH_WARN_UNUSED;
void kh_story_load_clean(kh_story_articles *st);

/* ---- related stories (story/related.c) ---- */

#define KH_STORY_CACHE_SLOTS 2048

/* A story's profile (top terms, entity names) as related ranking compares
 * it, valid while the story has not changed (same article count and last
 * time seen). */
typedef struct kh_story_profile {
    int64_t id; /* 0: empty slot */
    long n_articles;
    int64_t last_seen;
    char *title;         /* owns */
    kh_view_term *terms; /* owns */
    size_t n_terms;
    char **ents; /* owns the array and each name */
    size_t n_ents;
} kh_story_profile;

/* Profiles of candidate stories kept between calls (a server's workers
 * share one): computing one re-reads and re-tokenises the story, which is
 * most of a story's cost.  Thread-safe. */
typedef struct kh_story_cache {
    pthread_mutex_t mu;
    kh_story_profile *slots; /* owns; KH_STORY_CACHE_SLOTS, by id modulo */
} kh_story_cache;

kh_rc kh_story_cache_init(kh_story_cache *c, kh_err *err) KH_WARN_UNUSED;
void kh_story_cache_clean(kh_story_cache *c);

/* Ranks stories near story id, seen from first_seen to last_seen
 * (sharing its entities, or seen within two days of it) against cur and
 * appends the best to out as [{"id","title","score","last_seen",
 * "same_event"}] (same_event: the same event on another day).  ranked is
 * the story's entities most salient first, as kh_story_query_entities
 * gives them (NULL: read here).  cache may be NULL. */
kh_rc kh_story_related(kh_store *s, const kh_view_model *m, kh_story_cache *cache, int64_t id,
                       int64_t first_seen, int64_t last_seen, const json_t *ranked,
                       const kh_view_story *cur, json_t *out, kh_err *err) KH_WARN_UNUSED;

/* ---- reads about stories and entities (story/query.c) ---- */

/* The story's section as one of the view's labels ("economy"...): the
 * outlet's own section when it maps, else the classifier on the title;
 * NULL when neither says (m may be NULL). */
const char *kh_story_query_label(const kh_view_model *m, const kh_store_story *row);
/* The story's headline from its articles' headlines alone (no bodies
 * read): kh_view_title_pick() over at most 50 of them, cleaned of outlet
 * prefixes, into out (replacing its content). */
kh_rc kh_story_query_headline(kh_store *s, const kh_store_story *row, kh_buf *out,
                              kh_err *err) KH_WARN_UNUSED;
/* A story as lists show it: {"id","title" (cleaned headline),"section"
 * (label),"section_page","first_seen","last_seen","n_articles",
 * "outlets":[{"name","articles"}]}; with n_entities > 0 also its most
 * mentioned "entities":[{"id","name","type","count"}].  New object or NULL. */
json_t *kh_story_query_brief(kh_store *s, const kh_view_model *m, const kh_store_story *row,
                             long n_entities, kh_err *err);
/* The number of stored articles naming each entity, read in one pass: a
 * listing of many stories asks it once instead of once a story and entity
 * (kh_story_list does).  NULL when memory runs out or the read fails. */
typedef struct kh_story_df kh_story_df;
kh_story_df *kh_story_df_load(kh_store *s, kh_err *err);
void kh_story_df_free(kh_story_df *df);
/* kh_story_query_brief with the entities' document frequencies from df
 * (NULL: read from the store for each entity). */
json_t *kh_story_query_brief_df(kh_store *s, const kh_view_model *m, const kh_store_story *row,
                                long n_entities, const kh_story_df *df, kh_err *err);
/* The stories of one page (page_size a page), newest first, filtered by
 * the stored section (NULL: any), the view's label, as the briefs show it
 * (kh_story_query_label; NULL: any), since (unix s) and entity (0: any);
 * briefs appended to out, the number matching in *total. */
kh_rc kh_story_query_page(kh_store *s, const kh_view_model *m, const char *section,
                          const char *label, int64_t since, int64_t entity, long page,
                          long page_size, json_t *out, long *total, kh_err *err) KH_WARN_UNUSED;
/* The limit most salient entities of story id: [{"id","name","type","count"}],
 * count its mentions in the story.  Salience is a x ln((N + 1) / (df + 0.5)):
 * a the story's articles naming the entity, df the stored articles naming
 * it, N all of them.  What most of the story's articles name leads, and a
 * name every other article has too (the country itself) sinks below the
 * story's own; MISC names (currencies, religions, الله in set phrases)
 * weigh a quarter. */
kh_rc kh_story_query_entities(kh_store *s, int64_t id, long limit, json_t *out,
                              kh_err *err) KH_WARN_UNUSED;
/* The same with df (kh_story_df_load; NULL: each read from the store). */
kh_rc kh_story_query_entities_df(kh_store *s, int64_t id, long limit, const kh_story_df *df,
                                 json_t *out, kh_err *err) KH_WARN_UNUSED;
/* Entity id with its stories over time into *out; KH_DONE when none. */
kh_rc kh_story_query_entity(kh_store *s, int64_t id, json_t **out, kh_err *err) KH_WARN_UNUSED;
/* The stored entities called name, at most limit, appended to out as
 * [{"id","name","type","articles"}]: those whose key is the name's match
 * form or holds it as whole words (الحداد finds سامر الحداد), most articles
 * first, an exact key counting twice (a surname tagged once alone does not
 * hide the person).  KH_ERR_ARG for an empty name. */
kh_rc kh_story_entity_find(kh_store *s, const char *name, long limit, json_t *out,
                           kh_err *err) KH_WARN_UNUSED;

/* ---- the whole story (story/story.c) ---- */

/* Story id (a merged one is followed) as one object: id, title (the view's
 * cleaned representative headline), section (label), section_page,
 * first_seen, last_seen, n_articles, merged_from (the id asked for when it
 * was merged, else null), outlets, entities, summary, unique_by_outlet,
 * related, timeline, articles (at most 200).  KH_DONE when there is no such
 * story.  m and cache may be NULL. */
kh_rc kh_story_build(kh_store *s, const kh_view_model *m, kh_story_cache *cache, int64_t id,
                     json_t **out, kh_err *err) KH_WARN_UNUSED;
/* The story holding article_id (following merges); KH_DONE when the
 * article is not stored or has no story. */
kh_rc kh_story_of_article(kh_store *s, const char *article_id, int64_t *story_id,
                          kh_err *err) KH_WARN_UNUSED;
/* "s123" or "123" as a story id; 0 when arg is not one. */
int64_t kh_story_id_parse(const char *arg);

typedef struct kh_story_list_opts {
    int64_t since;     /* unix seconds: stories last seen at or after */
    long min_articles; /* 0: all */
    long limit;        /* 0: all */
    long n_entities;   /* top entities per story (0: none) */
    const char *label; /* only stories of this section label (kh_story_query_label); NULL: all */
} kh_story_list_opts;

typedef int (*kh_story_list_fn)(json_t *brief, void *ctx);

/* Calls fn with the brief of each live story, most recently seen first
 * (the brief is the callee's to decref); fn returning non-zero stops. */
kh_rc kh_story_list(kh_store *s, const kh_view_model *m, const kh_story_list_opts *o,
                    kh_story_list_fn fn, void *ctx, kh_err *err) KH_WARN_UNUSED;

/* ---- as text (story/text.c) ---- */

/* Appends a story object of kh_story_build() as text for a terminal:
 * title, section, outlets, first and last seen, summary with outlets, what
 * each outlet adds, entities, timeline, related. */
kh_rc kh_story_text(const json_t *story, kh_buf *out) KH_WARN_UNUSED;
/* Appends a brief of kh_story_list() as a block of text. */
kh_rc kh_story_text_brief(const json_t *brief, kh_buf *out) KH_WARN_UNUSED;

#endif
