/*
 * src/analyse/analyse.h - the analyse stage: named entities and their
 * spelling variants, near duplicates.
 *
 * Input: a kh_article from src/extract (title and body, display form).
 * Output: the article's entities (type, canonical display name, match-form
 * key, variants, count), allocated in the article's arena.  The NER model
 * is loaded once with kh_analyse_ner_load() and shared read-only: tagging
 * never writes to it, so threads may share one model.
 * Depends on: core, text.
 * Design notes and evaluation numbers: docs/analyse.md.
 */
#ifndef KH_ANALYSE_H
#define KH_ANALYSE_H

#include "core/record.h"
#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* ==== named entities: ner*.c, entity.c, variant.c ==== */

/* The four entity types of ANERcorp (PERS, LOC, ORG, MISC). */
typedef enum kh_entity_type {
    KH_ENTITY_NONE = 0,
    KH_ENTITY_PERSON,
    KH_ENTITY_PLACE,
    KH_ENTITY_ORG,
    KH_ENTITY_MISC,
    KH_ENTITY__COUNT
} kh_entity_type;

/* "PERSON", "PLACE", "ORG", "MISC"; NULL for KH_ENTITY_NONE. */
const char *kh_analyse_entity_type_name(kh_entity_type t);

/* BIO tags: O is 0, then B-type = 2*type-1 and I-type = 2*type. */
#define KH_NER_N_TAGS 9
#define KH_NER_TAG_B(type) ((uint8_t)(2 * (type)-1))
#define KH_NER_TAG_I(type) ((uint8_t)(2 * (type)))
#define KH_NER_TAG_TYPE(tag) ((kh_entity_type)(((tag) + 1) / 2))
#define KH_NER_TAG_IS_B(tag) ((tag) % 2 == 1)

/* "O", "B-PERS", "I-PERS", "B-LOC", ... as in ANERcorp; tag must be < 9. */
const char *kh_analyse_ner_tag_name(uint8_t tag);
/* The tag named s[0..n) (ANERcorp spelling; B-PER and I-PER accepted), or -1. */
int kh_analyse_ner_tag_parse(const char *s, size_t n);

typedef struct kh_ner_model kh_ner_model; /* opaque: src/analyse/ner_int.h */

/* A tagged corpus in ANERcorp's format ("token TAG" a line), split into
 * sentences after . ! ? and ؟ tokens (the file has no blank lines). */
typedef struct kh_ner_corpus {
    char **words;   /* owns: match form of each token (may be "") */
    char **display; /* owns: the token as written */
    uint8_t *tags;  /* owns: gold tag of each token */
    size_t n_tokens;
    size_t *sent_start; /* owns: n_sents + 1 offsets into the tokens */
    size_t n_sents;
} kh_ner_corpus;

kh_rc kh_analyse_ner_corpus_read(const char *path, kh_ner_corpus *c, kh_err *err) KH_WARN_UNUSED;
/* Only the first max_tokens tokens (cut at a sentence end); 0 for all. */
kh_rc kh_analyse_ner_corpus_read_n(const char *path, size_t max_tokens, kh_ner_corpus *c,
                                   kh_err *err) KH_WARN_UNUSED;
void kh_analyse_ner_corpus_clean(kh_ner_corpus *c);

typedef struct kh_ner_train_opts {
    int epochs;                   /* passes over the data; 0 means 12 */
    uint64_t seed;                /* shuffling; one seed gives one model */
    int min_count;                /* features seen fewer times are dropped; 0 means 1 */
    int verbose;                  /* prints one line per epoch to stderr */
    const char *const *unlabeled; /* borrows: JSONL(.gz) articles for word classes */
    size_t n_unlabeled;
    int shuffles;     /* perceptrons averaged per model; 0 means 5 */
    double o_bias;    /* taken from the O tag's score at decoding (recall for precision) */
    double name_cost; /* training decodes with this added to every wrong tag of a
                         gold name token (loss-augmented; 0: plain perceptron) */
} kh_ner_train_opts;

/* Takes bias from every token's O score (the bias feature's O weight,
 * ner_feature.c), so the decoder trades precision for recall at no cost;
 * `khabar train ner --o-bias` stores it in the model. */
void kh_analyse_ner_shift_o(kh_ner_model *m, double bias);
/* Trains an averaged perceptron on c (ner_train.c). */
kh_rc kh_analyse_ner_train(const kh_ner_corpus *c, const kh_ner_train_opts *opts,
                           kh_ner_model **out, kh_err *err) KH_WARN_UNUSED;

/* Loads a model written by kh_analyse_ner_save(); path NULL or "" means
 * kh_analyse_ner_default_path().  Errors name the path. */
kh_rc kh_analyse_ner_load(const char *path, kh_ner_model **out, kh_err *err) KH_WARN_UNUSED;
kh_rc kh_analyse_ner_save(const kh_ner_model *m, const char *path, kh_err *err) KH_WARN_UNUSED;
void kh_analyse_ner_free(kh_ner_model *m);
/* Number of (feature, tag) weights the model holds. */
size_t kh_analyse_ner_size(const kh_ner_model *m);
/* The default model file: $KHABAR_MODELS/ner.model if set, else the first
 * that exists of models/ner.model (working directory), <dir of the running
 * program>/../models/ner.model, <that>/../share/khabar/ner.model and
 * KH_MODELS_DIR (default /usr/local/share/khabar)/ner.model.  Writes into
 * buf (NUL-terminated) and returns it. */
const char *kh_analyse_ner_default_path(char *buf, size_t cap);

/* Tags the n match-form tokens words[0..n) (NUL-terminated) into tags[]
 * (one text: one prediction history), with a session of its own. */
kh_rc kh_analyse_ner_tag(const kh_ner_model *m, const char *const *words, size_t n, uint8_t *tags,
                         kh_err *err) KH_WARN_UNUSED;

/* A tagging session: the scores of the words met so far, kept across texts
 * (news vocabulary repeats, so most words then cost one hash probe).  One
 * per run or per thread (not shared between threads); the model is
 * borrowed, stays read-only and must outlive it.  max_words bounds the
 * cache (0: KH_NER_SESSION_WORDS, about 250 bytes a word, allocated as
 * used, plus 324 for the words with left-tag rows).  Tags are the same
 * as without it. */
typedef struct kh_ner_session kh_ner_session; /* opaque: src/analyse/ner_int.h */
#define KH_NER_SESSION_WORDS 65536
kh_ner_session *kh_analyse_ner_session_new(const kh_ner_model *m, size_t max_words, kh_err *err);
void kh_analyse_ner_session_free(kh_ner_session *s);
/* kh_analyse_ner_tag with s's cache. */
kh_rc kh_analyse_ner_session_tag(kh_ner_session *s, const char *const *words, size_t n,
                                 uint8_t *tags, kh_err *err) KH_WARN_UNUSED;

/* Entity-level counts, CoNLL style (exact span and type): index 0 is the
 * micro total, 1..4 the types. */
typedef struct kh_ner_score {
    size_t tp[KH_ENTITY__COUNT], fp[KH_ENTITY__COUNT], fn[KH_ENTITY__COUNT];
} kh_ner_score;

/* Adds the chunks of gold and pred (n tags of one sentence) to s. */
void kh_analyse_ner_score_add(kh_ner_score *s, const uint8_t *gold, const uint8_t *pred, size_t n);
/* Precision, recall and F1 of one row of s (0 when undefined). */
void kh_analyse_ner_score_prf(const kh_ner_score *s, int row, double *p, double *r, double *f);
/* Tags every sentence of c with m and scores it against the gold tags. */
kh_rc kh_analyse_ner_eval(const kh_ner_model *m, const kh_ner_corpus *c, kh_ner_score *s,
                          kh_err *err) KH_WARN_UNUSED;

/* One entity of an article (or of many, after merging). */
typedef struct kh_entity {
    kh_entity_type type;
    const char *name;      /* borrows the arena given: canonical display form */
    const char *key;       /* borrows the arena: match form of the name */
    const char **variants; /* borrows the arena: distinct display forms, most frequent first */
    size_t n_variants;
    size_t count; /* mentions of all variants */
} kh_entity;

/* One surface form as found by the tagger, the input of variant merging. */
typedef struct kh_variant_form {
    const char *display; /* borrows the caller's storage */
    const char *key;     /* borrows: match form (tokens joined by one space) */
    kh_entity_type type;
    size_t count;
    size_t doc;      /* document the form was counted in */
    uint64_t ctx[8]; /* hashes of match-form words next to its mentions */
    size_t n_ctx;
} kh_variant_form;

/* The consonant skeleton of the one-word match form key[0..n): long vowels
 * ا و ي dropped except word-initially, final ه dropped, hamza seats and
 * doubled letters unified.  Writes at most cap-1 bytes and a NUL; returns
 * the length. */
size_t kh_analyse_variant_skeleton(const char *key, size_t n, char *out, size_t cap);
/* True when the match forms a and b (one or more words) may name the same
 * entity by spelling alone (no clitic or context rules). */
int kh_analyse_variant_same(const char *a, const char *b);
/* Groups forms[0..n) into entities (union-find over the rules of
 * src/analyse/variant.c and docs/analyse.md); *out / *n_out get the
 * entities, allocated in arena (strings copied there), sorted by count
 * (descending).  Forms may come from several documents (field doc). */
kh_rc kh_analyse_variant_merge(const kh_variant_form *forms, size_t n, kh_arena *arena,
                               kh_entity **out, size_t *n_out, kh_err *err) KH_WARN_UNUSED;

/* Tags the article's title and body and returns its merged entities in the
 * article's arena (*out may be NULL when *n_out is 0). */
kh_rc kh_analyse_entity_find(const kh_ner_model *m, kh_article *a, kh_entity **out, size_t *n_out,
                             kh_err *err) KH_WARN_UNUSED;
/* The same with session s (its model): the way for many articles. */
kh_rc kh_analyse_entity_find_with(kh_ner_session *s, kh_article *a, kh_entity **out, size_t *n_out,
                                  kh_err *err) KH_WARN_UNUSED;
/* Appends the surface forms found in one text (display form) to *forms
 * (a kh_alloc'ed array the caller frees along with forms' strings, which
 * live in arena), each with document number doc. */
kh_rc kh_analyse_entity_forms(const kh_ner_model *m, const char *text, size_t len, size_t doc,
                              kh_arena *arena, kh_variant_form **forms, size_t *n_forms,
                              kh_err *err) KH_WARN_UNUSED;
/* The same with session s. */
kh_rc kh_analyse_entity_forms_with(kh_ner_session *s, const char *text, size_t len, size_t doc,
                                   kh_arena *arena, kh_variant_form **forms, size_t *n_forms,
                                   kh_err *err) KH_WARN_UNUSED;
/* Appends entities as JSON [{"name","type","variants":[...],"count"}]. */
kh_rc kh_analyse_entity_json(const kh_entity *e, size_t n, kh_buf *out) KH_WARN_UNUSED;

/* ==== end of named entities ==== */

/* ==== near duplicates: dup.c ==== */

#define KH_DUP_N_HASHES 64 /* MinHash functions */
#define KH_DUP_N_BANDS 16  /* LSH bands of KH_DUP_N_HASHES / KH_DUP_N_BANDS rows */

/* The duplicate signature of one text. */
typedef struct kh_dup_sig {
    uint64_t exact;                /* hash of the whole match form; 0 for an empty text */
    uint32_t min[KH_DUP_N_HASHES]; /* MinHash of word 3-shingles */
    uint32_t n_shingles;           /* 0: too short, matched on the exact hash only */
} kh_dup_sig;

/* Signs the match-form text match[0..n) (kh_text_normalize).  Never fails. */
void kh_analyse_dup_hash(const char *match, size_t n, kh_dup_sig *sig);
/* The same with the word hashes (kh_hash_bytes(word, len, 0) of each
 * non-punctuation token of match, in order) given by a caller that has them. */
void kh_analyse_dup_hash_words(const char *match, size_t n, const uint64_t *words, size_t n_words,
                               kh_dup_sig *sig);
/* Estimated Jaccard similarity of the two texts' shingle sets: 1 for equal
 * texts, 0 when either is empty. */
double kh_analyse_dup_similarity(const kh_dup_sig *a, const kh_dup_sig *b);

/* An LSH index of signatures, each under the caller's int64 key (for
 * src/group: the arrival number, so a smaller key is an earlier article). */
typedef struct kh_dup_index kh_dup_index;

kh_dup_index *kh_analyse_dup_index_new(kh_err *err);
void kh_analyse_dup_index_free(kh_dup_index *x);
/* Number of signatures held. */
size_t kh_analyse_dup_index_size(const kh_dup_index *x);
/* Adds sig under key (a copy is kept).  Empty texts are not added. */
kh_rc kh_analyse_dup_add(kh_dup_index *x, int64_t key, const kh_dup_sig *sig,
                         kh_err *err) KH_WARN_UNUSED;
/* Removes what kh_analyse_dup_add(x, key, sig) added; absent keys are ignored. */
void kh_analyse_dup_remove(kh_dup_index *x, int64_t key, const kh_dup_sig *sig);
/* Finds the entry with the smallest key whose similarity to sig is at least
 * min_sim; returns 1 and sets *key and *sim (each may be NULL), or 0.  Costs
 * the size of sig's 17 buckets, not the size of the index. */
int kh_analyse_dup_find(const kh_dup_index *x, const kh_dup_sig *sig, double min_sim, int64_t *key,
                        double *sim);

/* ==== end of near duplicates ==== */

#endif
