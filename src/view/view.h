/*
 * src/view/view.h - the story view: what a reader sees when opening a story.
 *
 * Input: a story as an array of kh_view_article (borrowed from the caller:
 * the store, a test, a JSONL file), each with id, outlet, time, headline,
 * the page's own section when extraction found one, body paragraphs in
 * display form and, optionally, entity names.  Output, computed in memory
 * without touching the store: the story's section (page section mapped to a
 * fixed label set, else a naive Bayes classifier), its representative
 * headline cleaned of outlet prefixes, a 3-5 sentence summary attributed to
 * outlets, what each outlet adds that no other article has, related stories
 * ranked by shared entities and terms, and a timeline.  kh_view_story_json()
 * puts it all in the object `khabar story ID --json` prints.
 *
 * Ownership: inputs are borrowed for the duration of a call; results are
 * owned by the caller and released with the matching *_free / *_clean.
 * Sentences in results are copies (display form), never pointers into the
 * input.  The section model is read-only once loaded and may be shared.
 * Depends on: core, text.  Design notes and figures: docs/view.md.
 */
#ifndef KH_VIEW_H
#define KH_VIEW_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* ---- inputs ---- */

typedef struct kh_view_article {
    const char *id;           /* borrows the caller's, as every field here */
    const char *outlet;       /* may be NULL */
    long long published;      /* unix seconds; 0 when unknown */
    const char *title;        /* display form; may be NULL */
    const char *section;      /* the page's own section name, or NULL */
    const char *const *paras; /* body paragraphs, display form; may be NULL */
    size_t n_paras;
    const char *body;            /* the body as one text, used when n_paras is 0 */
    const char *const *entities; /* entity names (display form); may be NULL */
    size_t n_entities;
} kh_view_article;

typedef struct kh_view_story {
    const char *id;                  /* borrows; may be NULL */
    const kh_view_article *articles; /* borrows */
    size_t n_articles;
} kh_view_story;

/* ---- sections (section.c, section_model.c, section_train.c) ---- */

typedef enum kh_view_section {
    KH_VIEW_SECTION_NONE = -1,
    KH_VIEW_SECTION_POLITICS = 0,
    KH_VIEW_SECTION_ECONOMY,
    KH_VIEW_SECTION_SPORTS,
    KH_VIEW_SECTION_CULTURE,
    KH_VIEW_SECTION_HEALTH,
    KH_VIEW_SECTION_TECHNOLOGY,
    KH_VIEW_SECTION_SOCIETY,
    KH_VIEW_SECTION_RELIGION,
    KH_VIEW_SECTION_WORLD,
    KH_VIEW_SECTION_LOCAL,
    KH_VIEW_SECTION_MISC,
    KH_VIEW_SECTION__COUNT
} kh_view_section;

/* "politics", "economy", ...; NULL for NONE or out of range. */
const char *kh_view_section_name(kh_view_section s);
/* The label named name ("politics"...), or NONE. */
kh_view_section kh_view_section_from_name(const char *name);
/* Maps a section name as outlets write it (Arabic: سياسة، محليات، العالم،
 * أوروبا...; English words of URL paths: Politics, sports, finance...) to a
 * label; NONE when the name is unknown. */
kh_view_section kh_view_section_map(const char *page_section);

/* A trained section classifier plus the corpus document frequencies of its
 * vocabulary, which the summary, unique-facts and related-story code use as
 * IDF.  Read-only after loading; may be shared between threads. */
typedef struct kh_view_model kh_view_model;

kh_rc kh_view_section_model_load(const char *path, kh_view_model **out, kh_err *err) KH_WARN_UNUSED;
void kh_view_section_model_free(kh_view_model *m);
/* Where the shipped model is: $KHABAR_MODELS/section.model, else
 * models/section.model, else next to the running binary (build-x/ or an
 * installed share/khabar/).  Writes into buf and returns it. */
const char *kh_view_section_model_default_path(char *buf, size_t cap);
/* IDF of a stem (match form, stemmed): log(N / (df + 1)); stems outside the
 * vocabulary get the IDF of a stem seen once.  m may be NULL: returns 1. */
double kh_view_section_model_idf(const kh_view_model *m, const char *stem, size_t len);

/* Classifies a headline and body (display or match form).  The wire's
 * "سياسي /" style prefixes are stripped first.  *margin (may be NULL) gets
 * the log-probability gap to the runner-up. */
kh_rc kh_view_section_classify(const kh_view_model *m, const char *title, const char *body,
                               kh_view_section *out, double *margin, kh_err *err) KH_WARN_UNUSED;
/* The page's own section when it maps, else the classifier's answer (NONE
 * when m is NULL and the page gave none). */
kh_rc kh_view_section_article(const kh_view_model *m, const kh_view_article *a,
                              kh_view_section *out, kh_err *err) KH_WARN_UNUSED;
/* The most frequent article section of the story (ties: the earliest). */
kh_rc kh_view_section_story(const kh_view_model *m, const kh_view_story *s, kh_view_section *out,
                            kh_err *err) KH_WARN_UNUSED;

/* Distant supervision: the label an outlet itself gives an article of the
 * SaudiNewsNet corpus (URL path words, the wire's title prefix,
 * single-section outlets), or NONE. */
kh_view_section kh_view_section_train_label(const char *outlet, const char *url, const char *title);

typedef struct kh_view_section_train_opts {
    const char *corpus_dir; /* folder of YYYY-MM-DD.jsonl.gz files */
    const char *until;      /* last training day "YYYY-MM-DD", inclusive; NULL = all */
    int min_df;             /* stems seen in fewer documents are dropped (>= 1) */
    int clean;              /* second pass without the outlet-labelled pages the
                               first model puts elsewhere */
    int nb_only;            /* naive Bayes counts only, no logistic regression */
} kh_view_section_train_opts;

/* Trains on the corpus and writes the model (gzip text) to out_path.
 * *n_docs (may be NULL) gets the number of labelled training documents. */
kh_rc kh_view_section_train(const kh_view_section_train_opts *o, const char *out_path,
                            size_t *n_docs, kh_err *err) KH_WARN_UNUSED;

typedef struct kh_view_section_eval_result {
    size_t n_docs;        /* labelled held-out documents scored */
    size_t n_skipped_dup; /* held-out documents whose URL or headline was a training day's */
    size_t tp[KH_VIEW_SECTION__COUNT], fp[KH_VIEW_SECTION__COUNT], fn[KH_VIEW_SECTION__COUNT];
    double f1[KH_VIEW_SECTION__COUNT]; /* -1 for labels absent from gold and predictions */
    size_t confusion[KH_VIEW_SECTION__COUNT][KH_VIEW_SECTION__COUNT]; /* [gold][predicted] */
    double macro_f1; /* over labels present in the held-out gold */
    double accuracy;
} kh_view_section_eval_result;

/* Scores m on the labelled documents of days >= test_from, skipping those
 * whose URL or outlet+headline also occurs on an earlier day and those of
 * the comma-separated skip_outlets (may be NULL). */
kh_rc kh_view_section_eval(const kh_view_model *m, const char *corpus_dir, const char *test_from,
                           const char *skip_outlets, kh_view_section_eval_result *r,
                           kh_err *err) KH_WARN_UNUSED;

/* ---- headline (title.c) ---- */

/* Appends title without outlet prefixes («عاجل:», «سياسي /», «فيديو |»...)
 * or a trailing " - outlet" to out (display form kept). */
kh_rc kh_view_title_clean(const char *title, const char *outlet, kh_buf *out) KH_WARN_UNUSED;
/* The index of the most representative headline: highest mean similarity
 * to the other articles' headlines and leads, shorter preferred; -1 when
 * no article has a title. */
kh_rc kh_view_title_pick(const kh_view_story *s, long *index, kh_err *err) KH_WARN_UNUSED;

/* ---- sentences picked from a story (summary.c, unique.c) ---- */

typedef struct kh_view_sentence {
    char *text;     /* owns: display form */
    size_t article; /* index into the story's articles */
    size_t para;    /* paragraph of that article */
    size_t pos;     /* sentence number within the article, from 0 */
    double score;
} kh_view_sentence;

typedef struct kh_view_sentences {
    kh_view_sentence *items; /* owns */
    size_t n;
    size_t cap;
} kh_view_sentences;

void kh_view_sentences_clean(kh_view_sentences *v);

/* max_sentences (0: 3 to 5 by story size, at most 5) sentences from all the
 * story's articles (fewer when it has fewer usable ones): central across
 * outlets, early in their article, covering entities, no two saying the
 * same thing; in time order.  m may be NULL (IDF then comes from the story
 * alone). */
kh_rc kh_view_summary(const kh_view_story *s, const kh_view_model *m, size_t max_sentences,
                      kh_view_sentences *out, kh_err *err) KH_WARN_UNUSED;

/* Sentences of each article carrying a fact (number, Latin word, quoted
 * span, entity name, place, rare name-like word) that no other outlet's
 * article in the story has; the most fact-laden max_per_article (0: 3) per
 * article, shown in article order; a sentence an earlier article of the
 * same outlet gave is not repeated.  A one-article story adds nothing. */
kh_rc kh_view_unique(const kh_view_story *s, const kh_view_model *m, size_t max_per_article,
                     kh_view_sentences *out, kh_err *err) KH_WARN_UNUSED;

/* ---- related stories (related.c) ---- */

typedef struct kh_view_term {
    char *term; /* owns: stem, match form */
    double weight;
} kh_view_term;

/* What is compared between stories: entity names and weighted top terms. */
typedef struct kh_view_profile {
    const char *id;              /* borrows */
    const char *title;           /* borrows */
    const char *const *entities; /* borrows */
    size_t n_entities;
    const kh_view_term *terms; /* borrows */
    size_t n_terms;
    int64_t first_seen, last_seen; /* unix seconds; both 0: unknown */
} kh_view_profile;

/* The story's top_k stems by TF-IDF (titles counted twice), weights L2
 * normalised, into *terms (owned; free with kh_view_terms_free). */
kh_rc kh_view_related_terms(const kh_view_story *s, const kh_view_model *m, size_t top_k,
                            kh_view_term **terms, size_t *n_terms, kh_err *err) KH_WARN_UNUSED;
void kh_view_terms_free(kh_view_term *terms, size_t n_terms);

typedef struct kh_view_related {
    const char *id;    /* borrows the candidate's */
    const char *title; /* borrows the candidate's */
    double score;
    int same_event; /* the same event on another day: its earlier or later coverage */
} kh_view_related;

#define KH_VIEW_RELATED_MIN 0.12         /* below: not related */
#define KH_VIEW_RELATED_SAME_EVENT 0.6   /* term cosine above: the same event... */
#define KH_VIEW_RELATED_NEAR (18 * 3600) /* ...when their times come this close */

/* Ranks candidates by shared entities and terms with cur, dropping the
 * story itself (same id), the same event told twice at one time and the
 * unrelated; best first, at most max_out.  A story of the same event on
 * another day (the clusterer starts a new story after its gap) is kept:
 * it is the earlier or later coverage.  *out is owned (kh_free). */
kh_rc kh_view_related_rank(const kh_view_profile *cur, const kh_view_profile *cands, size_t n_cands,
                           size_t max_out, kh_view_related **out, size_t *n_out,
                           kh_err *err) KH_WARN_UNUSED;

/* ---- timeline (timeline.c) ---- */

/* Writes the article indices in time order (unknown times last, then by
 * id) into order[0..n_articles). */
kh_rc kh_view_timeline(const kh_view_story *s, size_t *order, kh_err *err) KH_WARN_UNUSED;

/* ---- all of it as JSON (json.c) ---- */

/* Appends the story view object: {"id","title","section","outlets",
 * "articles","entities","summary":[{"sentence","outlet","article"}],
 * "unique_by_outlet":[{"outlet","article","sentences":[]}],
 * "related":[{"id","title","score"}],"timeline":[...]}.  m and related may
 * be NULL / 0. */
kh_rc kh_view_story_json(const kh_view_story *s, const kh_view_model *m,
                         const kh_view_related *related, size_t n_related, kh_buf *out,
                         kh_err *err) KH_WARN_UNUSED;

/* Appends the same view as text for a terminal (view/text.c): headline,
 * section and outlets, summary, what each outlet adds (3 a page), related,
 * timeline. */
kh_rc kh_view_story_text(const kh_view_story *s, const kh_view_model *m,
                         const kh_view_related *related, size_t n_related, kh_buf *out,
                         kh_err *err) KH_WARN_UNUSED;

#endif
