/*
 * src/group/group_int.h - what the files of src/group share: the clusterer's
 * state and the functions each file gives the others.
 *
 *   assign.c   kh_group_new/free/assign/restore: one article through dup
 *              lookup, candidate search, scoring, joining or starting
 *   feature.c  an article's term vector: match form, tokens, stems, weights
 *   index.c    the inverted index term -> recent articles (bounded postings)
 *   window.c   the articles and stories of the open window, eviction
 *   merge.c    two stories bridged by one article become one
 *   pair.c     the similarity of two texts, for `khabar similarity`
 *   phrase.c   entity keys and specific phrases, for the entity grey zone
 *
 * Depends on: core, text, analyse.
 */
#ifndef KH_GROUP_INT_H
#define KH_GROUP_INT_H

#include "analyse/analyse.h"
#include "core/buf.h"
#include "core/hash.h"
#include "group/group.h"
#include "text/text.h"

#include <stddef.h>
#include <stdint.h>

/* ==== term vectors (feature.c) ==== */

/* One term of an article: its id in the vocabulary and log(1 + its
 * weighted count) (title words count more than body words). */
typedef struct gterm {
    uint32_t id;
    float tf;
} gterm;

/* Terms sorted by id. */
typedef struct gvec {
    gterm *t; /* owns */
    uint32_t n;
} gvec;

/* A word of a match form (kh_group.tk). */
typedef struct gtok {
    uint32_t off, len;
    uint32_t kind; /* kh_token_kind */
} gtok;

/* A slot of the surface table: the full 64-bit hash of a match form and
 * its term.  The hash stands for the form (no key is kept or compared): two
 * forms would share a term only if they had one 64-bit hash. */
typedef struct gsurf {
    uint64_t h;
    int32_t id;    /* term id; -1: not a term (stop word, one letter); -2: unresolved */
    uint32_t used; /* 1 when the slot holds a form */
} gsurf;

#define GSURF_SLOTS 262144 /* the table's first size; it doubles at half full */

/* One vocabulary entry. */
typedef struct gvocab_term {
    uint32_t df;    /* documents seen with this term */
    uint32_t prior; /* its document frequency in the prior table (prior.c), 0 if absent */
    uint32_t flags; /* GTERM_* */
    /* IDF cache: idf as computed with df_at and n_at; recomputed when df
     * moved or the document count grew by 1/64 (feature.c) */
    float idf;
    uint32_t df_at;
    uint64_t n_at;
    struct gpost *post; /* owns: postings, oldest first (index.c) */
    uint32_t n_post, cap_post;
} gvocab_term;

#define GTERM_NUMBER 1u /* a number token: a date, a sum, a toll */
#define GTERM_TITLE 2u  /* seen in a title at least once (informational) */

/* ==== inverted index (index.c) ==== */

typedef struct gpost {
    int64_t serial; /* article's arrival number */
    float tf;
} gpost;

/* A slot of the placed article's term table (kh_group.q). */
typedef struct gqslot {
    uint32_t stamp; /* kh_group.q_epoch when filled; other values: empty */
    uint32_t id;    /* term id */
    uint32_t idx;   /* its index in the article's vector */
} gqslot;

/* ==== window (window.c) ==== */

typedef struct gstory gstory;

typedef struct gart {
    int64_t serial;    /* arrival number, 0, 1, 2, ... */
    char *id;          /* owns */
    int64_t published; /* unix seconds */
    uint64_t outlet;   /* hash of the outlet name, 0 when none */
    gstory *story;     /* borrows the window's story table */
    gvec vec;          /* owns */
    gvec tvec;         /* owns: the title's terms alone */
    gvec bvec;         /* owns: every term of title and body, log(1 + count): the
                        * whole-text vector of the grey-zone check (assign.c) */
    uint32_t *ent;     /* owns: its entity keys' term ids, ascending (phrase.c) */
    uint64_t *ph;      /* owns: hashes of its specific phrases, distinct (phrase.c) */
    uint32_t n_ent, n_ph;
    float *w;         /* owns: tf-idf weight of each vec term, IDF as at arrival */
    double norm;      /* |w| */
    kh_dup_sig sig;   /* duplicate signature */
    int64_t dup_root; /* serial of the earliest copy, -1 when an original */
    int undated;      /* published is a stand-in: the gap does not apply */
} gart;

struct gstory {
    int64_t id;
    int64_t last;     /* published time of its newest article */
    size_t n_total;   /* articles ever assigned */
    int64_t *members; /* owns: serials of its articles still in the window */
    size_t n_members, cap_members;
    gstory *next_hash; /* story table chain */
};

/* ==== the clusterer ==== */

struct kh_group {
    kh_group_opts opts;
    kh_stemmer *stemmer; /* owns */
    kh_hash vocab;       /* stem -> term index; borrows nothing */
    gvocab_term *terms;  /* owns: the vocabulary's terms, by index */
    uint64_t *tslot;     /* owns: by term index, (doc stamp << 32) | scratch slot of the last
                          * feature build that saw the term (feature.c); apart from terms so
                          * that the per-word step reads 8 bytes, not a vocabulary entry */
    size_t n_terms, cap_terms;
    uint64_t n_docs; /* documents counted in df */

    /* window: articles by serial, a ring of a power-of-two size */
    gart **ring; /* owns the articles */
    size_t ring_cap, ring_head, ring_n;
    /* candidate search accumulators by ring slot (index.c): the partial
     * dot product and the search it belongs to; beside the ring, not in
     * the articles, so a posting touches 16 bytes of a small array and not
     * a cache line of a scattered article */
    double *acc;         /* owns: ring_cap entries */
    uint64_t *acc_epoch; /* owns: ring_cap entries, 0: never */
    double *rnorm;       /* owns: ring_cap entries, the norm of each slot's article */
    /* by ring slot, where each article's terms and weights are (borrows the
     * articles): the candidates' vectors can be asked for before their
     * articles arrive (assign.c) */
    const void **rvec;   /* owns: 2 * ring_cap entries, vec.t then w of each slot */
    int64_t base_serial; /* serial of ring[ring_head] */
    int64_t next_serial;
    int64_t now; /* latest published time seen */

    /* stories by id: chained hash table */
    gstory **stories; /* owns the stories */
    size_t n_story_buckets, n_stories;
    int64_t next_story_id;

    kh_dup_index *dups; /* owns */

    /* prior document frequencies of Arabic news (prior.c): stem -> df over
     * prior_n documents; empty when no table was found */
    kh_hash prior;
    double prior_n;

    /* scratch, reused between calls */
    kh_buf match_title, match_body;
    /* their words (punctuation left out), title's first: offsets into
     * their text, lengths, kinds and kh_hash_bytes(word, len, 0), shared by
     * the duplicate signature and the term vector (feature.c) */
    struct gtok *tk;   /* owns */
    uint64_t *tk_hash; /* owns */
    int32_t *tk_id;    /* owns: each word's term (feature.c, add_text) */
    size_t n_tk, n_tk_title, cap_tk;
    uint32_t doc_stamp; /* feature builds so far (feature.c) */
    /* centroid scratch: open addressing, id -> summed weight (feature.c) */
    uint32_t *c_keys, *c_stamp; /* owns */
    uint32_t *c_used;           /* owns: the slots filled this time */
    float *c_vals;              /* owns */
    uint32_t c_epoch;
    gterm *scratch_terms; /* owns */
    float *scratch_cnt;   /* owns: raw occurrences of each scratch slot (whole text) */
    /* (float)log1p(k) for the counts k < 256 (feature.c): a text's
     * counts are small integers, and libm's log1p was 58 instructions */
    float log1p_n[256];
    gterm *sort_tmp; /* owns: the radix sort's second array (feature.c) */
    uint8_t *rare;   /* owns: 1 for each rare term of the article being placed */
    size_t cap_rare;
    /* surface table (feature.c): 64-bit hash of a match form -> term,
     * open addressing, a power of two of slots, at most half full */
    struct gsurf *surf; /* owns */
    size_t cap_surf, n_surf;
    size_t cap_scratch;
    uint64_t epoch;  /* candidate searches so far (index.c) */
    size_t *touched; /* owns: ring slots of this search's candidates */
    size_t cap_touched;
    /* the terms of the article being placed (assign.c), open addressing by
     * term id, stamped so that it is never cleared: slot -> index into its
     * vector; for the link cosines with its candidates (feature.c) */
    struct gqslot *q; /* owns: cap_q slots */
    size_t cap_q;     /* a power of two */
    uint32_t q_epoch;
    int64_t *merges; /* owns: the last result's merges */
    size_t n_merges, cap_merges;
    /* phrase scratch (phrase.c): open addressing of 64-bit phrase hashes,
     * stamped so that it is never cleared */
    uint64_t *ph_keys;  /* owns: cap_ph slots */
    uint32_t *ph_stamp; /* owns: cap_ph slots */
    size_t cap_ph;      /* a power of two */
    uint32_t ph_epoch;

    /* tunables (defaults in assign.c, see docs/group.md) */
    double w_title, w_lead, w_rest, w_entity, num_boost;
    size_t lead_words, query_terms, max_candidates, post_cap;
    size_t lead_fade;           /* words after the lead whose weight falls to w_rest */
    size_t df_words;            /* body content words read at all (for df); the rest is skipped */
    double same_outlet_penalty; /* subtracted from a link within one outlet and day */
    double rare_boost;          /* added to a link per shared rare term (at most 3) */
    double rare_share;          /* a term in at most this share of documents is rare */
    double same_title;          /* same outlet: a title cosine this high links (0: off) */
    double centroid;            /* story score: max(best link, centroid * this), 0: off */
    double centroid_min;        /* ... computed only when the best link reaches this */
    double merge_margin;        /* a bridge must clear threshold + margin on both sides */
    double grey;                /* a story scoring in [threshold - grey, threshold) ... */
    double body_threshold;      /* ... joins if a member's whole-text cosine reaches this */
    int body_rare;              /* ... and shares this many rare terms */
    double ent_grey;            /* a story scoring in [threshold - ent_grey, threshold)
                                 * joins if a member shares a rare entity key ... */
    double ent_rare;            /* ... (in at most this share of the documents seen) ... */
    int ent_phrases;            /* ... and this many specific phrases (phrase.c) */
    double phrase_rare;         /* a phrase is specific when one word is in at most this
                                 * share of documents ... */
    double phrase_common;       /* ... and neither in more than this share */
    double prior_docs;          /* the prior counts as this many documents at first ... */
    double prior_fade;          /* ... fading linearly to none after this many seen */
};

/* The term of an entity key: "@" + key, cut to fit out (256 bytes); its
 * length.  feature.c (keys as weighted terms) and phrase.c (the grey zone)
 * must name a key the same way. */
size_t kh_group_feature_entity_term(const char *key, char out[256]);
/* ---- feature.c ---- */
/* Fills the match forms g->match_title / g->match_body of doc and their
 * words g->tk / g->tk_hash. */
kh_rc kh_group_feature_match(kh_group *g, const kh_group_doc *doc, kh_err *err) KH_WARN_UNUSED;
/* Builds doc's term vector into *out (kh_alloc'ed) from the match forms
 * kh_group_feature_match() left, and when not NULL the title's own vector
 * into *title and the whole text's into *body.  If learn, counts the
 * document in df.  On failure the caller frees what was set. */
kh_rc kh_group_feature_build(kh_group *g, const kh_group_doc *doc, int learn, gvec *out,
                             gvec *title, gvec *body, kh_err *err) KH_WARN_UNUSED;
/* Document frequency of term id and the document count, the prior table
 * blended in while few documents have been seen (prior.c). */
double kh_group_feature_df(const kh_group *g, uint32_t id);
/* The id of term key[0..len), added to the vocabulary if new. */
kh_rc kh_group_feature_term(kh_group *g, const char *key, size_t len, uint32_t *id,
                            kh_err *err) KH_WARN_UNUSED;
double kh_group_feature_ndocs(const kh_group *g);
/* The IDF of term id with the documents counted so far. */
double kh_group_feature_idf(const kh_group *g, uint32_t id);
/* The tf-idf weight of one term. */
double kh_group_feature_weight(const kh_group *g, const gterm *t);
/* Fills a->w and a->norm from the current IDF. */
kh_rc kh_group_feature_weigh(kh_group *g, gart *a, kh_err *err) KH_WARN_UNUSED;
/* Cosine of two weighed articles (their stored weights). */
double kh_group_feature_cosine_w(const gart *a, const gart *b);
/* kh_group_feature_cosine_w, and in *n_marked the number of shared terms
 * whose mark (one byte per term of a) is 1. */
double kh_group_feature_link(const gart *a, const gart *b, const uint8_t *mark, int *n_marked);
/* Files the terms of a (the article being placed) in g's term table for
 * kh_group_feature_link_q. */
kh_rc kh_group_feature_query(kh_group *g, const gart *a, kh_err *err) KH_WARN_UNUSED;
/* kh_group_feature_link(a, b, ...) for the a last given to
 * kh_group_feature_query: the same sums in the same order (ascending
 * shared term ids), found by lookups of b's terms instead of a merge. */
double kh_group_feature_link_q(const kh_group *g, const gart *a, const gart *b, const uint8_t *mark,
                               int *n_marked);
/* Cosine of a with the centroid of the unit vectors of m[0..n_m). */
double kh_group_feature_centroid_cosine(kh_group *g, const gart *a, const gart *const *m,
                                        size_t n_m);
/* Cosine of a and b under the current IDF, with the boosts of docs/group.md. */
double kh_group_feature_cosine(const kh_group *g, const gvec *a, const gvec *b);

/* ---- phrase.c ---- */
/* Sets a->ent from doc's entity keys (counting them in df) and a->ph from
 * the words g->tk_id of the text just built (kh_group_feature_build):
 * pairs of adjacent content words one of which is rare and neither
 * common.  Both stay empty when doc has no keys or ent_grey is 0. */
kh_rc kh_group_phrase_build(kh_group *g, const kh_group_doc *doc, gart *a,
                            kh_err *err) KH_WARN_UNUSED;
/* Files a's phrases in g's phrase table for kh_group_phrase_shared. */
kh_rc kh_group_phrase_query(kh_group *g, const gart *a, kh_err *err) KH_WARN_UNUSED;
/* The number of b's phrases among those last filed, at most cap. */
int kh_group_phrase_shared(const kh_group *g, const gart *b, int cap);
/* 1 when a and b share an entity key seen in at most ent_rare of the
 * documents (at least 2). */
int kh_group_phrase_rare_entity(const kh_group *g, const gart *a, const gart *b);
/* Frees the phrase table. */
void kh_group_phrase_clean(kh_group *g);

/* ---- prior.c ---- */
/* Loads the prior table at path (NULL: the default places; "": none).  A
 * missing default table is not an error: the prior stays empty. */
kh_rc kh_group_prior_load(kh_group *g, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Sets t->prior from the table for the new term key[0..len). */
void kh_group_prior_attach(const kh_group *g, gvocab_term *t, const char *key, size_t len);

/* ---- index.c ---- */
/* Files the article's terms under its serial. */
kh_rc kh_group_index_add(kh_group *g, const gart *a, kh_err *err) KH_WARN_UNUSED;
/* The candidate articles of v: up to cap serials with the highest partial
 * dot products, in *out (caller's array), their count returned. */
size_t kh_group_index_query(kh_group *g, const gvec *v, int64_t *out, size_t cap);

/* ---- window.c ---- */
/* The ring slot of serial, which must be in the window. */
static inline size_t kh_group_window_slot(const kh_group *g, int64_t serial)
{
    return (g->ring_head + (size_t)(serial - g->base_serial)) & (g->ring_cap - 1);
}
/* The article of serial, or NULL when it left the window (or is not in
 * it yet).  Inline: the candidate search calls it once per posting. */
static inline gart *kh_group_window_get(const kh_group *g, int64_t serial)
{
    if (serial < g->base_serial || serial >= g->base_serial + (int64_t)g->ring_n)
        return NULL;
    return g->ring[kh_group_window_slot(g, serial)];
}
/* Takes a (owned from now on) into the window as the next serial. */
kh_rc kh_group_window_add(kh_group *g, gart *a, kh_err *err) KH_WARN_UNUSED;
/* Drops articles older than now - window, and stories left without any. */
void kh_group_window_evict(kh_group *g);
gstory *kh_group_window_story(const kh_group *g, int64_t id);
/* A new story with id (registered in the table), or NULL. */
gstory *kh_group_window_story_new(kh_group *g, int64_t id, kh_err *err);
/* Adds a's serial to s's members and points a at s. */
kh_rc kh_group_window_join(kh_group *g, gstory *s, gart *a, kh_err *err) KH_WARN_UNUSED;
void kh_group_window_story_unlink(kh_group *g, gstory *s);
void kh_group_window_story_free(gstory *s);
void kh_group_window_art_free(gart *a);
void kh_group_window_clean(kh_group *g);

/* ---- merge.c ---- */
/* Moves every member of from into into, removes from.  Never fails once
 * into has room: *grows first, then moves. */
kh_rc kh_group_merge(kh_group *g, gstory *into, gstory *from, kh_err *err) KH_WARN_UNUSED;

#endif
