/*
 * tests/analyse/ner.c - the NER tagger: tags, CoNLL scoring, corpus
 * reading, training a tiny model, model files, and the shipped model's
 * F1 on the ANERcorp test part.
 */
#include "analyse/analyse.h"
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/hash.h"
#include "test.h"
#include "text/text.h"

#include <unistd.h>

/* Micro-F1 of models/ner.model on anercorp-test.txt, measured 0.7331 with
 * `khabar eval ner` (docs/analyse.md); the floor is that minus 0.01. */
#define SHIPPED_F1_FLOOR 0.723

static const char *shared_path(const char *rel, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", kh_test_shared(), rel);
    return buf;
}

static const char *tmp_file(const char *name, const char *content, char *buf, size_t cap)
{
    snprintf(buf, cap, "/tmp/kh_test_ner_%ld_%s", (long)getpid(), name);
    FILE *f = fopen(buf, "w");
    if (!f)
        return NULL;
    fputs(content, f);
    fclose(f);
    return buf;
}

TEST(tag_names_roundtrip)
{
    for (uint8_t t = 0; t < KH_NER_N_TAGS; t++) {
        const char *s = kh_analyse_ner_tag_name(t);
        CHECK_INT(kh_analyse_ner_tag_parse(s, strlen(s)), t);
    }
    CHECK_INT(kh_analyse_ner_tag_parse("B-PER", 5), 1);
    CHECK_INT(kh_analyse_ner_tag_parse("I-PER", 5), 2);
    CHECK_INT(kh_analyse_ner_tag_parse("X-LOC", 5), -1);
    CHECK_INT(kh_analyse_ner_tag_parse("", 0), -1);
    CHECK(KH_NER_TAG_TYPE(KH_NER_TAG_B(KH_ENTITY_ORG)) == KH_ENTITY_ORG);
    CHECK_STR(kh_analyse_entity_type_name(KH_ENTITY_PLACE), "PLACE");
    CHECK(kh_analyse_entity_type_name(KH_ENTITY_NONE) == NULL);
}

TEST(score_conll_chunks)
{
    /* gold: [PERS 0-2) O [LOC 3] ; pred: [PERS 0-1) [PERS 1] O [LOC 3] */
    uint8_t gold[] = {1, 2, 0, 3};
    uint8_t pred[] = {1, 1, 0, 3};
    kh_ner_score s;
    memset(&s, 0, sizeof s);
    kh_analyse_ner_score_add(&s, gold, pred, 4);
    CHECK_INT(s.tp[0], 1);
    CHECK_INT(s.fp[0], 2);
    CHECK_INT(s.fn[0], 1);
    CHECK_INT(s.tp[KH_ENTITY_PLACE], 1);
    CHECK_INT(s.fn[KH_ENTITY_PERSON], 1);
    /* An I- without its B- starts a chunk, as in conlleval. */
    uint8_t g2[] = {0, 2, 2}, p2[] = {0, 1, 2};
    memset(&s, 0, sizeof s);
    kh_analyse_ner_score_add(&s, g2, p2, 3);
    CHECK_INT(s.tp[0], 1);
    double p, r, f;
    kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
    CHECK(p == 1.0 && r == 1.0 && f == 1.0);
    memset(&s, 0, sizeof s);
    kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
    CHECK(p == 0 && r == 0 && f == 0);
}

TEST(corpus_format_and_sentences)
{
    char path[256];
    CHECK(tmp_file("c1", "علي B-PERS\nقال O\n. O\n\nفي O\nبغداد B-LOC\n O\n", path, sizeof path));
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_corpus_read(path, &c, NULL) == KH_OK);
    CHECK_INT(c.n_tokens, 6); /* the blank line is skipped, the empty token kept */
    CHECK_INT(c.n_sents, 2);
    CHECK_INT(c.sent_start[1], 3);
    CHECK_INT(c.tags[0], 1);
    CHECK_INT(c.tags[4], 3);
    CHECK_STR(c.words[5], "");
    kh_analyse_ner_corpus_clean(&c);
    unlink(path);
}

TEST(corpus_bad_tag_and_empty)
{
    char path[256];
    kh_ner_corpus c;
    kh_err err;
    CHECK(tmp_file("c2", "علي B-PERS\nقال Q-X\n", path, sizeof path));
    kh_err_init(&err, path);
    CHECK(kh_analyse_ner_corpus_read(path, &c, &err) == KH_ERR_PARSE);
    CHECK_INT(err.line, 2);
    CHECK(c.n_tokens == 0 && c.words == NULL);
    CHECK(tmp_file("c3", "\n\n", path, sizeof path));
    CHECK(kh_analyse_ner_corpus_read(path, &c, NULL) == KH_ERR_EMPTY);
    unlink(path);
    CHECK(kh_analyse_ner_corpus_read("/nonexistent/x.txt", &c, NULL) == KH_ERR_IO);
}

TEST(train_tiny_tag_save_load)
{
    char path[512], mpath[256];
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-train.txt", path, sizeof path),
                                       4000, &c, NULL) == KH_OK);
    CHECK(c.n_tokens >= 4000 && c.n_tokens < 4400);
    kh_ner_train_opts o = {8, 42, 1, 0, NULL, 0, 0, 0.0, 0.0};
    kh_ner_model *m = NULL, *m2 = NULL, *m3 = NULL;
    CHECK(kh_analyse_ner_train(&c, &o, &m, NULL) == KH_OK);
    /* It learned its training data. */
    kh_ner_score s;
    CHECK(kh_analyse_ner_eval(m, &c, &s, NULL) == KH_OK);
    double p, r, f;
    kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
    CHECK(f > 0.9);
    /* One seed, one model. */
    CHECK(kh_analyse_ner_train(&c, &o, &m3, NULL) == KH_OK);
    CHECK_INT(kh_analyse_ner_size(m3), kh_analyse_ner_size(m));
    /* A title cue it has seen: "الرئيس X" tags X as a person. */
    const char *words[] = {"قال", "الرييس", "جورج", "بوش", "في", "واشنطن", "."};
    uint8_t tags[7], tags2[7];
    CHECK(kh_analyse_ner_tag(m, words, 7, tags, NULL) == KH_OK);
    CHECK_INT(tags[0], 0);
    CHECK_INT(tags[4], 0);
    /* Save and load give the same tags. */
    snprintf(mpath, sizeof mpath, "/tmp/kh_test_ner_%ld.model", (long)getpid());
    CHECK(kh_analyse_ner_save(m, mpath, NULL) == KH_OK);
    CHECK(kh_analyse_ner_load(mpath, &m2, NULL) == KH_OK);
    CHECK(kh_analyse_ner_size(m2) > 0);
    CHECK(kh_analyse_ner_size(m2) <= kh_analyse_ner_size(m)); /* tiny weights pruned */
    CHECK(kh_analyse_ner_tag(m2, words, 7, tags2, NULL) == KH_OK);
    CHECK(memcmp(tags, tags2, 7) == 0);
    kh_ner_score s2;
    CHECK(kh_analyse_ner_eval(m2, &c, &s2, NULL) == KH_OK);
    CHECK(s2.tp[0] + 2 >= s.tp[0]);
    unlink(mpath);
    kh_analyse_ner_free(m);
    kh_analyse_ner_free(m2);
    kh_analyse_ner_free(m3);
    kh_analyse_ner_corpus_clean(&c);
}

TEST(tag_empty_and_null)
{
    kh_ner_train_opts o = {1, 1, 1, 0, NULL, 0, 0, 0.0, 0.0};
    kh_ner_corpus c;
    memset(&c, 0, sizeof c);
    kh_ner_model *m = NULL;
    CHECK(kh_analyse_ner_train(&c, &o, &m, NULL) == KH_ERR_EMPTY);
    CHECK(m == NULL);
    uint8_t t[1];
    CHECK(kh_analyse_ner_tag(NULL, NULL, 0, t, NULL) == KH_ERR_ARG);
    kh_analyse_ner_free(NULL);
}

TEST(shift_o_bias_trades_o_for_names)
{
    char path[512];
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-train.txt", path, sizeof path),
                                       3000, &c, NULL) == KH_OK);
    kh_ner_train_opts o = {4, 7, 1, 0, NULL, 0, 1, 0.0, 0.0};
    kh_ner_model *m = NULL, *mb = NULL;
    CHECK(kh_analyse_ner_train(&c, &o, &m, NULL) == KH_OK);
    o.o_bias = 1e4; /* far above any tiny model's weight: O never wins */
    CHECK(kh_analyse_ner_train(&c, &o, &mb, NULL) == KH_OK);
    size_t n = c.n_tokens;
    uint8_t *t0 = kh_alloc(n), *tb = kh_alloc(n), *ts = kh_alloc(n);
    CHECK(t0 && tb && ts);
    const char *const *w = (const char *const *)c.words;
    CHECK(kh_analyse_ner_tag(m, w, n, t0, NULL) == KH_OK);
    CHECK(kh_analyse_ner_tag(mb, w, n, tb, NULL) == KH_OK);
    size_t names0 = 0, namesb = 0;
    for (size_t i = 0; i < n; i++)
        names0 += t0[i] != 0, namesb += tb[i] != 0;
    CHECK(names0 > 0 && names0 < n);
    CHECK_INT(namesb, n);
    /* The training option is the same as shifting the trained model. */
    kh_analyse_ner_shift_o(m, 1e4);
    CHECK(kh_analyse_ner_tag(m, w, n, ts, NULL) == KH_OK);
    CHECK(memcmp(ts, tb, n) == 0);
    /* The other way: O always wins. */
    kh_analyse_ner_shift_o(m, -2e4);
    CHECK(kh_analyse_ner_tag(m, w, n, ts, NULL) == KH_OK);
    size_t names = 0;
    for (size_t i = 0; i < n; i++)
        names += ts[i] != 0;
    CHECK_INT(names, 0);
    kh_analyse_ner_shift_o(NULL, 1.0); /* no model: nothing */
    kh_free(t0);
    kh_free(tb);
    kh_free(ts);
    kh_analyse_ner_free(m);
    kh_analyse_ner_free(mb);
    kh_analyse_ner_corpus_clean(&c);
}

/* A name cost (loss-augmented training) makes the model lean to names:
 * on unseen text it tags more name tokens and finds more of the gold
 * names than the plain perceptron trained in the same order, and it still
 * learns its training data. */
TEST(train_name_cost_finds_more_names)
{
    char path[512];
    kh_ner_corpus c, t;
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-train.txt", path, sizeof path),
                                       3000, &c, NULL) == KH_OK);
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-test.txt", path, sizeof path),
                                       3000, &t, NULL) == KH_OK);
    kh_ner_train_opts o = {4, 7, 1, 0, NULL, 0, 1, 0.0, 0.0};
    kh_ner_model *m = NULL, *mc = NULL;
    CHECK(kh_analyse_ner_train(&c, &o, &m, NULL) == KH_OK);
    o.name_cost = 20.0;
    CHECK(kh_analyse_ner_train(&c, &o, &mc, NULL) == KH_OK);
    size_t n = t.n_tokens;
    uint8_t *t0 = kh_alloc(n), *tc = kh_alloc(n);
    CHECK(t0 && tc);
    const char *const *w = (const char *const *)t.words;
    CHECK(kh_analyse_ner_tag(m, w, n, t0, NULL) == KH_OK);
    CHECK(kh_analyse_ner_tag(mc, w, n, tc, NULL) == KH_OK);
    size_t names0 = 0, namesc = 0, hit0 = 0, hitc = 0;
    for (size_t i = 0; i < n; i++) {
        names0 += t0[i] != 0, namesc += tc[i] != 0;
        hit0 += t.tags[i] && t0[i] == t.tags[i];
        hitc += t.tags[i] && tc[i] == t.tags[i];
    }
    CHECK(names0 > 0);
    CHECK(namesc > names0);
    CHECK(hitc > hit0);
    kh_ner_score s;
    CHECK(kh_analyse_ner_eval(mc, &c, &s, NULL) == KH_OK);
    double p, r, f;
    kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
    CHECK(f > 0.8);
    kh_free(t0);
    kh_free(tc);
    kh_analyse_ner_free(m);
    kh_analyse_ner_free(mc);
    kh_analyse_ner_corpus_clean(&c);
    kh_analyse_ner_corpus_clean(&t);
}

TEST(load_bad_files)
{
    char path[256];
    kh_ner_model *m = NULL;
    kh_err err;
    CHECK(tmp_file("m1", "not a model\n", path, sizeof path));
    kh_err_init(&err, path);
    CHECK(kh_analyse_ner_load(path, &m, &err) == KH_ERR_PARSE);
    CHECK_INT(err.line, 1);
    CHECK(m == NULL);
    CHECK(tmp_file("m2", "khabar-ner 1\ntags O\nfeatures 2\n00000000000000ab 1:0.5\n", path,
                   sizeof path));
    CHECK(kh_analyse_ner_load(path, &m, NULL) == KH_ERR_PARSE); /* truncated */
    CHECK(tmp_file("m3", "khabar-ner 1\ntags O\nfeatures 1\n00000000000000ab 12:0.5\n", path,
                   sizeof path));
    CHECK(kh_analyse_ner_load(path, &m, NULL) == KH_ERR_PARSE); /* tag out of range */
    CHECK(tmp_file("m4",
                   "khabar-ner 1\ntags O\nfeatures 1\n00000000000000ab 1:0.5 3:-2\nlexicon 1\n"
                   "كييف\t3\t4\t0\t9\t6\n",
                   path, sizeof path));
    CHECK(kh_analyse_ner_load(path, &m, NULL) == KH_OK);
    CHECK_INT(kh_analyse_ner_size(m), 2);
    kh_analyse_ner_free(m);
    unlink(path);
}

TEST(load_fault)
{
    char path[256];
    CHECK(tmp_file("m5",
                   "khabar-ner 1\ntags O\nfeatures 2\n00000000000000ab 1:0.5\n0000000000000abc "
                   "2:1\nlexicon 1\nكييف\t3\t4\t0\t9\t6\n",
                   path, sizeof path));
    int ok = 0;
    for (long k = 0; k < 100 && !ok; k++) {
        kh_ner_model *m = NULL;
        kh_alloc_fail_after(k);
        kh_rc rc = kh_analyse_ner_load(path, &m, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM || rc == KH_ERR_IO);
        ok = rc == KH_OK;
        kh_analyse_ner_free(m);
    }
    unlink(path);
    CHECK(ok);
}

TEST(shipped_model_f1_on_anercorp_test)
{
    char path[512];
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    CHECK(kh_analyse_ner_corpus_read(shared_path("eval/anercorp-test.txt", path, sizeof path), &c,
                                     NULL) == KH_OK);
    CHECK_INT(c.n_tokens, 25034);
    kh_ner_score s;
    CHECK(kh_analyse_ner_eval(m, &c, &s, NULL) == KH_OK);
    double p, r, f;
    kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
    printf("  shipped model: micro P %.4f R %.4f F1 %.4f\n", p, r, f);
    CHECK(f >= SHIPPED_F1_FLOOR);
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
}

TEST(shipped_model_save_load_same_tags)
{
    char path[512], mpath[256];
    kh_ner_model *m = NULL, *m2 = NULL;
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    snprintf(mpath, sizeof mpath, "/tmp/kh_test_ner_%ld_shipped.model", (long)getpid());
    CHECK(kh_analyse_ner_save(m, mpath, NULL) == KH_OK);
    CHECK(kh_analyse_ner_load(mpath, &m2, NULL) == KH_OK);
    unlink(mpath);
    CHECK_INT(kh_analyse_ner_size(m2), kh_analyse_ner_size(m));
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-test.txt", path, sizeof path),
                                       3000, &c, NULL) == KH_OK);
    kh_ner_score s1, s2;
    CHECK(kh_analyse_ner_eval(m, &c, &s1, NULL) == KH_OK);
    CHECK(kh_analyse_ner_eval(m2, &c, &s2, NULL) == KH_OK);
    CHECK(memcmp(&s1, &s2, sizeof s1) == 0);
    kh_analyse_ner_free(m);
    kh_analyse_ner_free(m2);
    kh_analyse_ner_corpus_clean(&c);
}

/* The word index (lexicon and cue words keyed by the token's hash) is a
 * shortcut: without it, the string tables must give the very same tags. */
TEST(shipped_model_word_index_same_tags)
{
    char path[512];
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    CHECK(m->ix_keys != NULL);
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-test.txt", path, sizeof path),
                                       5000, &c, NULL) == KH_OK);
    kh_ner_score s1, s2;
    CHECK(kh_analyse_ner_eval(m, &c, &s1, NULL) == KH_OK);
    kh_free(m->ix_keys);
    kh_free(m->ix_vals);
    m->ix_keys = NULL;
    m->ix_vals = NULL;
    CHECK(kh_analyse_ner_eval(m, &c, &s2, NULL) == KH_OK);
    CHECK(s1.tp[0] > 0);
    CHECK(memcmp(&s1, &s2, sizeof s1) == 0);
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
}

/* Tokens of s by ner_split_next, joined by "|". */
static void split_join(const char *s, char *out, size_t cap)
{
    size_t pos = 0, off, len, at = 0;
    out[0] = 0;
    while (ner_split_next(s, strlen(s), &pos, &off, &len))
        at += (size_t)snprintf(out + at, cap - at, "%s%.*s", at ? "|" : "", (int)len, s + off);
}

/* Every mark comes off either end of a word, one at a time; letters that
 * share a mark's first bytes (؎ D8 8E, ‚ E2 80 9A, ¬ C2 AC) do not; the
 * six ASCII white spaces split, other control bytes do not. */
TEST(split_marks_and_spaces)
{
    static const char *const marks[] = {".", ",", ";", ":", "!", "?", "\"", "'", "(", ")", "[",
                                        "]", "{", "}", "<", ">", "/", "|",  "*", "،", "؛", "؟",
                                        "«", "»", "“", "”", "‘", "’", "…",  "–", "—"};
    char in[64], got[128], want[128];
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        snprintf(in, sizeof in, "%sكلمة%s%s", marks[k], marks[k], marks[k]);
        split_join(in, got, sizeof got);
        snprintf(want, sizeof want, "%s|كلمة|%s|%s", marks[k], marks[k], marks[k]);
        CHECK_STR(got, want);
    }
    split_join("؎كلمة‚ ¬x \x08y\x0e", got, sizeof got);
    CHECK_STR(got, "؎كلمة‚|¬x|\x08y\x0e");
    split_join(" a\tb\nc\vd\fe\rf ", got, sizeof got);
    CHECK_STR(got, "a|b|c|d|e|f");
    split_join("", got, sizeof got);
    CHECK_STR(got, "");
}

/* Tags words[0..n) as one text the plain way: Viterbi over the full
 * feature lists (ner_feature_static, and ner_feature_dyn for every left
 * tag), sentences cut as kh_analyse_ner_tag cuts them, one history.
 * Returns the number of distinct words (seen must be empty at first). */
static size_t plain_tag(const kh_ner_model *m, char *const *words, size_t n, uint8_t *want,
                        kh_hash *seen)
{
    ner_tok *toks = kh_alloc(NER_MAX_SENT * sizeof *toks);
    ner_hist *hist = kh_alloc(sizeof *hist);
    if (!toks || !hist) {
        kh_free(toks);
        kh_free(hist);
        return 0;
    }
    ner_hist_clear(hist);
    uint64_t f[NER_MAX_FEATS + NER_MAX_DYN_FEATS];
    size_t distinct = 0;
    for (size_t s = 0; s < n;) {
        size_t len = 0;
        while (s + len < n && len < NER_MAX_SENT) {
            const char *w = words[s + len];
            ner_feature_prepare(m, w, &toks[len++]);
            int added = 0;
            if (kh_hash_put(seen, w, strlen(w), &added) != NULL)
                distinct += added;
            if (strcmp(w, ".") == 0 || strcmp(w, "!") == 0 || strcmp(w, "?") == 0)
                break;
        }
        float delta[NER_MAX_SENT][KH_NER_N_TAGS];
        uint8_t back[NER_MAX_SENT][KH_NER_N_TAGS];
        const uint16_t *h[NER_MAX_SENT];
        for (size_t i = 0; i < len; i++)
            h[i] = ner_hist_get(hist, ner_hist_key(toks[i].w));
        for (size_t i = 0; i < len; i++) {
            float emit[KH_NER_N_TAGS] = {0};
            size_t nf = ner_feature_static(m, toks, len, i, f);
            for (size_t k = 0; k < nf; k++)
                ner_model_add(m, f[k], emit);
            for (int t = 0; t < KH_NER_N_TAGS; t++)
                delta[i][t] = -1e30f;
            for (uint8_t p = 0; p < (i ? KH_NER_N_TAGS : 1); p++) {
                float score[KH_NER_N_TAGS];
                memcpy(score, emit, sizeof score);
                size_t nd = ner_feature_dyn(toks[i].hw, p, h[i], f);
                for (size_t k = 0; k < nd; k++)
                    ner_model_add(m, f[k], score);
                for (uint8_t t = 0; t < KH_NER_N_TAGS; t++) {
                    float v = (i ? delta[i - 1][p] : 0.0f) + score[t];
                    if (ner_tag_allowed(p, t) && v > delta[i][t]) {
                        delta[i][t] = v;
                        back[i][t] = p;
                    }
                }
            }
        }
        uint8_t t = 0;
        for (uint8_t k = 1; k < KH_NER_N_TAGS; k++)
            if (delta[len - 1][k] > delta[len - 1][t])
                t = k;
        for (size_t i = len; i-- > 0;) {
            want[s + i] = t;
            t = back[i][t];
        }
        for (size_t i = 0; i < len; i++)
            ner_hist_add(hist, ner_hist_key(toks[i].w), want[s + i]);
        s += len;
    }
    kh_free(toks);
    kh_free(hist);
    return distinct;
}

/* The decoder sums cached per-word part scores and left-tag rows
 * (ner_session.c) and cached left-tag tables (ner_dyncache); the plain
 * decoder must choose the same tags.  The first 8,000 test tokens as one
 * text have more distinct words than a one-call session's cache holds
 * (1,024), so words are replaced within the text too. */
TEST(tag_word_cache_matches_plain_decoder)
{
    char path[512];
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-test.txt", path, sizeof path),
                                       8000, &c, NULL) == KH_OK);
    size_t n = c.n_tokens;
    uint8_t *got = kh_alloc(n), *want = kh_alloc(n);
    CHECK(got && want);
    CHECK(kh_analyse_ner_tag(m, (const char *const *)c.words, n, got, NULL) == KH_OK);
    kh_hash seen;
    kh_hash_init(&seen, NULL);
    size_t distinct = plain_tag(m, c.words, n, want, &seen);
    CHECK(distinct > 1024);
    size_t same = 0, names = 0;
    for (size_t i = 0; i < n; i++) {
        same += got[i] == want[i];
        names += want[i] != 0;
    }
    CHECK(names > 500);
    CHECK_INT(same, n);
    kh_hash_clean(&seen);
    kh_free(got);
    kh_free(want);
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
}

/* One session across many texts (pseudo-documents of 20 sentences, each
 * its own history), tagged twice over: the default cache (words found
 * again across texts), a small one (words replaced) and one set of four
 * words (most words scored in scratch entries) all give the plain
 * decoder's tags. */
TEST(session_across_texts_matches_plain_decoder)
{
    char path[512];
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    CHECK(kh_analyse_ner_corpus_read_n(shared_path("eval/anercorp-test.txt", path, sizeof path),
                                       8000, &c, NULL) == KH_OK);
    size_t n = c.n_tokens;
    uint8_t *got = kh_alloc(n), *want = kh_alloc(n);
    CHECK(got && want);
    size_t n_texts = 0;
    for (size_t k = 0; k < c.n_sents; k += NER_DOC_SENTS, n_texts++) {
        size_t e = k + NER_DOC_SENTS < c.n_sents ? k + NER_DOC_SENTS : c.n_sents;
        size_t a = c.sent_start[k], b = c.sent_start[e];
        kh_hash seen;
        kh_hash_init(&seen, NULL);
        plain_tag(m, c.words + a, b - a, want + a, &seen);
        kh_hash_clean(&seen);
    }
    CHECK(n_texts > 10);
    const size_t sizes[] = {0, 256, 4};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        kh_ner_session *s = kh_analyse_ner_session_new(m, sizes[z], NULL);
        CHECK(s);
        for (int round = 0; round < 2; round++) {
            size_t miss_before = s->n_miss;
            memset(got, 0xff, n);
            for (size_t k = 0; k < c.n_sents; k += NER_DOC_SENTS) {
                size_t e = k + NER_DOC_SENTS < c.n_sents ? k + NER_DOC_SENTS : c.n_sents;
                size_t a = c.sent_start[k], b = c.sent_start[e];
                CHECK(kh_analyse_ner_session_tag(s, (const char *const *)c.words + a, b - a,
                                                 got + a, NULL) == KH_OK);
            }
            size_t same = 0;
            for (size_t i = 0; i < n; i++)
                same += got[i] == want[i];
            CHECK_INT(same, n);
            if (sizes[z] == 0 && round == 1)
                CHECK_INT(s->n_miss, miss_before); /* every word known */
        }
        if (sizes[z] == 0) {
            CHECK(s->n_hit > 2 * s->n_miss);
            CHECK_INT(s->n_evict, 0);
        } else {
            CHECK(s->n_evict > 1000);
        }
        if (sizes[z] == 4)
            CHECK(s->n_scratch > n);
        if (sizes[z] == 0)
            CHECK_INT(s->n_scratch, 0);
        kh_analyse_ner_session_free(s);
    }
    kh_free(got);
    kh_free(want);
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
}

TEST(session_null_empty_and_fault)
{
    kh_err err;
    kh_err_init(&err, "session");
    CHECK(kh_analyse_ner_session_new(NULL, 0, &err) == NULL);
    CHECK(err.rc == KH_ERR_ARG);
    uint8_t t[2];
    const char *w[2] = {"كييف", "."};
    CHECK(kh_analyse_ner_session_tag(NULL, w, 2, t, NULL) == KH_ERR_ARG);
    kh_analyse_ner_session_free(NULL);
    kh_ner_model *m = NULL;
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    kh_ner_session *s = kh_analyse_ner_session_new(m, 1, NULL);
    CHECK(s);
    CHECK(kh_analyse_ner_session_tag(s, NULL, 0, NULL, NULL) == KH_OK);
    CHECK(kh_analyse_ner_session_tag(s, NULL, 2, t, NULL) == KH_ERR_ARG);
    CHECK(kh_analyse_ner_session_tag(s, w, 2, t, NULL) == KH_OK);
    CHECK_INT(t[1], 0);
    kh_analyse_ner_session_free(s);
    int ok = 0;
    for (long k = 0; k < 20 && !ok; k++) {
        kh_alloc_fail_after(k);
        s = kh_analyse_ner_session_new(m, 64, NULL);
        kh_rc rc = kh_analyse_ner_tag(m, w, 2, t, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        ok = s != NULL && rc == KH_OK;
        kh_analyse_ner_session_free(s);
    }
    CHECK(ok);
    kh_analyse_ner_free(m);
}

/* Checks ner_split_self against ner_split_next and kh_text_normalize over
 * text[0..n): the same tokens, and a token said to be its own match form
 * normalises to its own bytes.  Adds to the counts of tokens and of self
 * tokens; 0 at the first disagreement. */
static int split_self_agrees(const kh_ner_model *m, const char *text, size_t n, size_t *n_tok,
                             size_t *n_self)
{
    size_t p1 = 0, p2 = 0, o1, o2, l1, l2;
    int self, ok = 1;
    kh_buf b;
    kh_buf_init(&b, SIZE_MAX);
    for (;;) {
        int r1 = ner_split_next(text, n, &p1, &o1, &l1);
        int r2 = ner_split_self(m, text, n, &p2, &o2, &l2, &self);
        if (r1 != r2 || p1 != p2) {
            ok = 0;
            break;
        }
        if (!r1)
            break;
        if (o1 != o2 || l1 != l2) {
            ok = 0;
            break;
        }
        (*n_tok)++;
        if (!self)
            continue;
        (*n_self)++;
        kh_buf_reset(&b);
        if (kh_text_normalize(text + o2, l2, &b) != KH_OK || b.len != l2 ||
            memcmp(b.data, text + o2, l2) != 0) {
            ok = 0;
            break;
        }
    }
    kh_buf_clean(&b);
    return ok;
}

/* The test part of ANERcorp as running text (a mark glued to the word
 * before it, so that marks come off token ends) and a line of the
 * characters that normalising changes (hamza alefs, ta marbuta, alef
 * maqsura, harakat, tatweel, upper case, Arabic-Indic digits, guillemets,
 * a no-break space, presentation forms): the same tokens as
 * ner_split_next, every self token its own match form, and most tokens of
 * Arabic text found to be self. */
TEST(split_self_tokens_are_their_match_form)
{
    char path[512];
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    kh_buf text;
    kh_buf_init(&text, SIZE_MAX);
    CHECK(kh_analyse_ner_load(NULL, &m, NULL) == KH_OK);
    CHECK(kh_analyse_ner_corpus_read(shared_path("eval/anercorp-test.txt", path, sizeof path), &c,
                                     NULL) == KH_OK);
    for (size_t i = 0; i < c.n_tokens; i++) {
        const char *d = c.display[i];
        size_t dl = strlen(d);
        size_t pos = 0, off, len;
        int mark = ner_split_next(d, dl, &pos, &off, &len) && off == 0 && len == dl && dl <= 3 &&
                   (unsigned char)d[0] < 0xD9 && !((unsigned char)d[0] >= '0' && d[0] <= '9');
        CHECK((i == 0 || mark || kh_buf_appendc(&text, ' ') == KH_OK) &&
              kh_buf_append(&text, d, dl) == KH_OK);
    }
    size_t n_tok = 0, n_self = 0;
    CHECK(split_self_agrees(m, text.data, text.len, &n_tok, &n_self));
    CHECK(n_tok > 20000);
    CHECK(n_self * 2 > n_tok);
    static const char odd[] = "أحمد إلى آمنة مدرسة مستشفى عَرَبِيّ كـتـاب ABC Abc ٣٤ «قال» "
                              "\xc2\xa0كلمة\xc2\xa0 ﻻ ﺍﻟﻌﺮﺑﻴﺔ x\x7fy é É ß ‘هنا’ …؛ ؟ .";
    size_t t0 = n_tok, s0 = n_self;
    CHECK(split_self_agrees(m, odd, sizeof odd - 1, &n_tok, &n_self));
    CHECK(n_tok - t0 >= 20);
    CHECK(n_self - s0 >= 2 && n_self - s0 < n_tok - t0);
    kh_buf_clean(&text);
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
}

/* Strings of self characters (ASCII and two-byte ones, in random order
 * and length) normalise to themselves, and a string with one character
 * that is not self is not taken for one. */
TEST(self_form_random_strings)
{
    kh_ner_model *m = ner_model_new(1024);
    CHECK(m);
    unsigned selfs[2048], others[2048];
    size_t ns = 0, no = 0;
    for (unsigned cp = 1; cp < 0x800; cp++) {
        char c[2];
        size_t n = cp < 0x80 ? 1 : 2;
        c[0] = (char)(n == 1 ? cp : 0xC0 | cp >> 6);
        c[1] = (char)(0x80 | (cp & 0x3F));
        if (ner_self_form(m, c, n))
            selfs[ns++] = cp;
        else
            others[no++] = cp;
    }
    CHECK(ns > 100 && no > 100);
    kh_buf b;
    kh_buf_init(&b, SIZE_MAX);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int k = 0; k < 20000; k++) {
        char s[32];
        size_t n = 0, len = 1 + (size_t)(k % 12);
        int bad = k % 5 == 0;
        size_t bad_at = bad ? (size_t)(x % len) : len;
        for (size_t i = 0; i < len; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            unsigned cp = i == bad_at ? others[(x >> 33) % no] : selfs[(x >> 33) % ns];
            if (cp < 0x80) {
                s[n++] = (char)cp;
            } else {
                s[n++] = (char)(0xC0 | cp >> 6);
                s[n++] = (char)(0x80 | (cp & 0x3F));
            }
        }
        CHECK(ner_self_form(m, s, n) == !bad);
        if (bad)
            continue;
        kh_buf_reset(&b);
        CHECK(kh_text_normalize(s, n, &b) == KH_OK);
        CHECK(b.len == n && memcmp(b.data, s, n) == 0);
    }
    CHECK(!ner_self_form(m, "", 0));
    CHECK(!ner_self_form(m, "\xd8", 1));     /* a lead byte cut short */
    CHECK(!ner_self_form(m, "\xa7\xd8", 2)); /* the bytes of ا the wrong way */
    kh_buf_clean(&b);
    kh_analyse_ner_free(m);
}

/* A sealed table answers as the keys do: every key put finds its own
 * row, other keys none, also where a probe run wraps past the last slot
 * (a small table, 2/3 full, 20 keys whose home is one of the last four
 * slots). */
TEST(model_row_sealed_matches_keys)
{
    kh_ner_model *m = ner_model_new(1024);
    CHECK(m);
    uint64_t x = 0x2545F4914F6CDD1Dull, keys[700];
    size_t mask = m->n_slots - 1, n_put = 0;
    for (size_t k = 0; k < 700; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        keys[k] = x | 1;
        if (k % 35 == 0) { /* home in the last 4 slots: their runs wrap */
            uint64_t home = (uint64_t)(mask - k % 4);
            keys[k] = (x & ~(uint64_t)mask) | ((home ^ (x >> 29)) & mask);
        }
        long slot = ner_model_put(m, keys[k]);
        CHECK(slot >= 0);
        m->w[(size_t)slot * KH_NER_N_TAGS] = (float)(k + 1);
    }
    CHECK(m->n_slots == 1024);
    CHECK(ner_model_seal(m) == KH_OK);
    size_t wraps = 0;
    for (size_t k = 0; k < 700; k++) {
        const float *r = ner_model_row(m, keys[k]);
        CHECK(r && r[0] == (float)(k + 1));
        size_t home = (size_t)(keys[k] ^ (keys[k] >> 29)) & mask;
        wraps += ner_model_slot(m, keys[k]) < home;
        n_put++;
    }
    CHECK(wraps > 0);
    uint32_t *fp = m->fp;
    for (int k = 0; k < 100000; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        m->fp = fp;
        const float *sealed = ner_model_row(m, x);
        m->fp = NULL;
        CHECK(sealed == ner_model_row(m, x));
    }
    m->fp = fp;
    CHECK_INT(n_put, 700);
    kh_analyse_ner_free(m);
}

int main(void)
{
    TEST_RUN(
        "analyse/ner", TEST_CASE(tag_names_roundtrip), TEST_CASE(score_conll_chunks),
        TEST_CASE(corpus_format_and_sentences), TEST_CASE(corpus_bad_tag_and_empty),
        TEST_CASE(train_tiny_tag_save_load), TEST_CASE(tag_empty_and_null),
        TEST_CASE(shift_o_bias_trades_o_for_names), TEST_CASE(train_name_cost_finds_more_names),
        TEST_CASE(load_bad_files), TEST_CASE(load_fault),
        TEST_CASE(shipped_model_f1_on_anercorp_test), TEST_CASE(shipped_model_save_load_same_tags),
        TEST_CASE(shipped_model_word_index_same_tags), TEST_CASE(split_marks_and_spaces),
        TEST_CASE(tag_word_cache_matches_plain_decoder),
        TEST_CASE(session_across_texts_matches_plain_decoder),
        TEST_CASE(session_null_empty_and_fault), TEST_CASE(split_self_tokens_are_their_match_form),
        TEST_CASE(self_form_random_strings), TEST_CASE(model_row_sealed_matches_keys));
}
