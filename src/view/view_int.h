/*
 * src/view/view_int.h - what the files of src/view share and nobody else
 * may call: the content-word walk (feature.c), sparse term vectors and a
 * story cut into sentences with their vectors (prep.c), and the section
 * model's layout (section_model.c).
 *
 * A kh_view_prep borrows the story it was built from: every sentence is an
 * offset into one of the story's paragraphs, valid while the story is.
 * Depends on: core, text.
 */
#ifndef KH_VIEW_INT_H
#define KH_VIEW_INT_H

#include "core/hash.h"
#include "text/text.h"
#include "view/view.h"

#include <stdint.h>

/* ---- content words (feature.c) ---- */

#define KH_VIEW_FEAT_NUMBERS 1u /* also pass numbers (as written in match form) */
#define KH_VIEW_STEM_MAX 64     /* longest stem kept, bytes with the NUL */

/* Called with each stem; a non-KH_OK return stops the walk and is returned. */
typedef kh_rc (*kh_view_feature_fn)(const char *stem, size_t len, kh_token_kind kind, void *ctx);

/* Normalises text, walks its tokens and calls fn with the stem of every
 * content word: punctuation, stop words and one-letter tokens are skipped,
 * Latin words are lower-cased by normalisation, numbers only with
 * KH_VIEW_FEAT_NUMBERS. */
kh_rc kh_view_feature_each(kh_stemmer *st, const char *text, size_t n, unsigned flags,
                           kh_view_feature_fn fn, void *ctx) KH_WARN_UNUSED;

/* ---- sparse vectors (prep.c) ---- */

typedef struct kh_view_vec {
    uint32_t *ids; /* owns; ascending */
    double *w;     /* owns; L2-normalised weights */
    size_t n;
} kh_view_vec;

void kh_view_vec_clean(kh_view_vec *v);
double kh_view_vec_cos(const kh_view_vec *a, const kh_view_vec *b);

/* ---- a story cut into sentences (prep.c) ---- */

typedef struct kh_view_prep_sent {
    const char *text; /* borrows a paragraph of the story */
    size_t len;
    size_t article, para, pos; /* pos: sentence number in its article */
    size_t n_words;            /* content words */
    kh_view_vec vec;           /* owns */
} kh_view_prep_sent;

typedef struct kh_view_prep {
    kh_stemmer *stemmer; /* owns */
    kh_hash vocab;       /* stem -> term id; borrows nothing */
    const char **terms;  /* borrows vocab's keys: term id -> stem */
    uint32_t *term_df;   /* owns: articles of the story using the term */
    double *idf;         /* owns: per term id */
    size_t n_terms, cap_terms;
    kh_view_prep_sent *sents; /* owns */
    size_t n_sents, cap_sents;
    size_t n_articles;
    kh_view_vec *title_vec; /* owns, per article */
    kh_view_vec *doc_vec;   /* owns, per article: title + body */
    char **norm;            /* owns, per article: match form of title + body */
} kh_view_prep;

/* Cuts s into sentences and builds TF-IDF vectors (IDF from m, or from the
 * story's articles when m is NULL). */
kh_rc kh_view_prep_init(kh_view_prep *p, const kh_view_story *s, const kh_view_model *m,
                        kh_err *err) KH_WARN_UNUSED;
void kh_view_prep_clean(kh_view_prep *p);
/* Term vector of any text against p's vocabulary (unknown stems dropped). */
kh_rc kh_view_prep_vec(kh_view_prep *p, const char *text, size_t n,
                       kh_view_vec *out) KH_WARN_UNUSED;

/* ---- places (places.c) ---- */

/* Calls fn with the match form of every place of the gazetteer. */
kh_rc kh_view_places_each(kh_rc (*fn)(const char *place, size_t len, void *ctx),
                          void *ctx) KH_WARN_UNUSED;
/* True when match-form w[0..n) occurs in hay as a whole word, optionally
 * behind up to three clitic letters (و ب ل ف ك). */
int kh_view_places_word_in(const char *hay, const char *w, size_t n);

/* ---- fact items for what each outlet adds (fact.c) ---- */

#define KH_VIEW_KEY_MAX 256       /* bytes of one word key */
#define KH_VIEW_KEYS 5            /* keys of one word, at most */
#define KH_VIEW_STATEMENT_WORDS 4 /* content words of a statement, at least */
#define KH_VIEW_SHORT_WORDS 6     /* under this, a statement ends with . ! ? or a quote */
#define KH_VIEW_RUN_ON_WORDS 70   /* over this, sentences run together */

/* Bytes of the longest proclitic run (و ب ل ف ك ال and runs) in front of
 * match-form word w that leaves 3+ letters; 0 for none. */
size_t kh_view_fact_strip_clitic(const char *w, size_t n);
/* The keys match-form word w is known by ('w' form, 'w' form without
 * proclitics, 'k' consonant skeleton of 4+ letters, 's' light stem of 3+
 * letters), NUL-terminated in keys; returns how many. */
size_t kh_view_fact_word_keys(kh_stemmer *st, const char *w, size_t n,
                              char keys[KH_VIEW_KEYS][KH_VIEW_KEY_MAX]);
/* The value of number token w (match form) times a multiplier word next
 * (الف, مليون, مليار...; next may be NULL); 0 when w is no number. */
int kh_view_fact_number(const char *w, size_t n, const char *next, size_t next_n, double *v);
/* True for month names, era marks (ه, م) and الموافق, match form. */
int kh_view_fact_date_word(const char *w, size_t n);
/* True when match-form sentence t is a statement, not a dateline, byline
 * or caption. */
int kh_view_fact_statement(const char *t, size_t n);

/* ---- logistic regression for sections (section_lr.c) ---- */

typedef struct kh_view_lr_docs {
    uint32_t *ids; /* owns: feature rows of every page, back to back */
    float *vals;   /* owns: their sublinear counts (weighted by kh_view_lr_fit) */
    size_t n, cap;
    size_t *start;      /* owns: page i is [start[i], start[i + 1]) */
    signed char *label; /* owns: page i's section */
    size_t n_docs, cap_docs;
} kh_view_lr_docs;

kh_rc kh_view_lr_docs_add(kh_view_lr_docs *d, const uint32_t *ids, const float *vals, size_t n,
                          int label) KH_WARN_UNUSED;
void kh_view_lr_docs_clean(kh_view_lr_docs *d);
/* Fits weights w (n_rows x KH_VIEW_SECTION__COUNT, caller's) and bias;
 * rows whose idf is 0 carry no information.  Rescales d's values. */
kh_rc kh_view_lr_fit(kh_view_lr_docs *d, const double *idf, size_t n_rows, float *w,
                     double *bias) KH_WARN_UNUSED;

/* ---- the section model (section_model.c) ---- */

struct kh_view_model {
    kh_hash vocab; /* stem -> index into df/logp */
    size_t n_vocab;
    uint32_t *df; /* owns: training documents using each stem */
    float *logp;  /* owns: n_vocab x KH_VIEW_SECTION__COUNT, log P(stem | class) */
    double prior[KH_VIEW_SECTION__COUNT]; /* log prior; -inf for untrained classes */
    float *w;                             /* owns: logistic regression weights, or NULL */
    double bias[KH_VIEW_SECTION__COUNT];
    size_t n_docs;
    size_t class_docs[KH_VIEW_SECTION__COUNT];
};

/* The "khabar-section-model 1" text format, one stem per line with its
 * document frequency and per-class counts. */
#define KH_VIEW_MODEL_MAGIC "khabar-section-model 1"

/* Strips a wire/outlet prefix ("سياسي /", "عاجل:") from the front of a
 * headline: returns the byte offset where the headline proper starts. */
size_t kh_view_title_prefix_len(const char *title, size_t n);

/* What both story writers (json.c, text.c) compute before writing
 * (parts.c). */
typedef struct kh_view_parts {
    size_t *order;          /* owns: article indexes in time order */
    long pick;              /* the representative headline's article, -1: none */
    kh_buf title;           /* owns: that headline cleaned of prefixes */
    kh_view_section sec;    /* the story's section */
    kh_view_sentences sum;  /* owns: the summary */
    kh_view_sentences uniq; /* owns: what each outlet adds, unique_max per article */
} kh_view_parts;

/* Fills p for story s (m may be NULL); on failure p is cleaned. */
kh_rc kh_view_parts_compute(const kh_view_story *s, const kh_view_model *m, size_t summary_max,
                            size_t unique_max, kh_view_parts *p, kh_err *err) KH_WARN_UNUSED;
void kh_view_parts_clean(kh_view_parts *p);

#endif
