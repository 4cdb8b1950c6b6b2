/*
 * tests/group/eval.c - the clusterer over the whole gold day of the corpus
 * (every outlet, 1,700 articles), scored on the 811 gold ids: BCubed and
 * pairwise F1 must stay above floors (the figures measured when the
 * defaults were chosen were over the targets 0.97 / 0.88, which are the
 * floors; docs/group.md).  Also the two seed pages must form one story.
 */
#include "core/buf.h"
#include "core/hash.h"
#include "core/lines.h"
#include "extract/extract.h"
#include "group/group.h"
#include "test.h"

#include <jansson.h>

#define FLOOR_B3_F1 0.97   /* the target; measured 0.9736 */
#define FLOOR_PAIR_F1 0.88 /* the target; measured 0.8858 */

typedef struct run {
    kh_hash gold_ix; /* id -> index */
    kh_hash merged;  /* story -> absorbing story */
    int64_t gold[1024];
    int64_t pred[1024];
    size_t n;
    size_t n_articles;
} run;

static int on_article(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    run *r = ctx;
    r->n_articles++;
    for (size_t i = 0; i < res->n_merges; i++) {
        kh_hval *h = kh_hash_put(&r->merged, (const char *)&res->merges[i], 8, NULL);
        if (!h)
            return 1;
        h->i = res->story;
    }
    kh_hval *h = kh_hash_get(&r->gold_ix, doc->id, strlen(doc->id));
    if (h)
        r->pred[h->i] = res->story;
    return 0;
}

static int read_gold(run *r, const char *path)
{
    kh_hash labels;
    kh_hash_init(&labels, NULL);
    kh_lines *l = kh_lines_open(path, NULL);
    if (!l)
        return -1;
    const char *line;
    size_t len;
    while (kh_lines_next(l, &line, &len, NULL) == KH_OK && r->n < 1024) {
        json_t *o = json_loadb(line, len, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "id"));
        const char *st = json_string_value(json_object_get(o, "story"));
        if (id && st) {
            int added;
            kh_hval *lab = kh_hash_put(&labels, st, strlen(st), &added);
            kh_hval *ix = kh_hash_put(&r->gold_ix, id, strlen(id), NULL);
            if (lab && ix) {
                if (added)
                    lab->i = (int64_t)labels.n_used;
                ix->i = (int64_t)r->n;
                r->gold[r->n] = lab->i;
                r->pred[r->n] = -1 - (int64_t)r->n;
                r->n++;
            }
        }
        json_decref(o);
    }
    kh_lines_close(l);
    kh_hash_clean(&labels);
    return 0;
}

TEST(eval_corpus_day)
{
    run *r = calloc(1, sizeof *r);
    CHECK(r);
    kh_hash_init(&r->gold_ix, NULL);
    kh_hash_init(&r->merged, NULL);
    char gold[512], corpus[512];
    snprintf(gold, sizeof gold, "%s/eval/stories-2015-08-10.jsonl", kh_test_shared());
    snprintf(corpus, sizeof corpus, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    int ok = read_gold(r, gold) == 0 && r->n == 811;
    kh_group *g = ok ? kh_group_new(NULL, NULL) : NULL;
    ok = g && kh_group_replay(g, corpus, on_article, r, NULL, NULL) == KH_OK;
    kh_group_scores s = {0};
    if (ok) {
        for (size_t i = 0; i < r->n; i++) {
            kh_hval *h;
            while (r->pred[i] >= 0 && (h = kh_hash_get(&r->merged, (const char *)&r->pred[i], 8)))
                r->pred[i] = h->i;
        }
        ok = kh_group_score(r->gold, r->pred, r->n, &s, NULL) == KH_OK;
    }
    size_t n_articles = r->n_articles;
    kh_group_free(g);
    kh_hash_clean(&r->gold_ix);
    kh_hash_clean(&r->merged);
    free(r);
    CHECK(ok);
    printf("  %zu articles; bcubed f1 %.4f, pairwise f1 %.4f\n", n_articles, s.b3_f, s.pair_f);
    CHECK_INT(n_articles, 1700);
    CHECK(s.b3_f >= FLOOR_B3_F1);
    CHECK(s.pair_f >= FLOOR_PAIR_F1);
}

/* The two seed pages (two outlets, one story), extracted from their text
 * dumps.  The clusterer's lead-only measure leaves them in two stories
 * (docs/group.md, "weak"): what is checked is that, by the whole-text pair
 * measure, they are closer to each other than the first seed is to any
 * article of the gold day. */
typedef struct seed_ctx {
    kh_group *g;
    const kh_group_doc *seed;
    double best;
    int failed;
} seed_ctx;

static int seed_vs_corpus(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    seed_ctx *c = ctx;
    double s = 0;
    (void)res;
    if (kh_group_pair_similarity(c->g, c->seed, doc, &s, NULL) != KH_OK)
        c->failed = 1;
    if (s > c->best)
        c->best = s;
    return c->failed;
}

TEST(eval_seeds_closest)
{
    static const char *const seeds[] = {"000_2dcdea4e522631e9.txt", "001_41531be9f591d7eb.txt"};
    char corpus[512];
    snprintf(corpus, sizeof corpus, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    kh_group *g = kh_group_new(NULL, NULL);
    CHECK(g);
    int ok = kh_group_replay(g, corpus, NULL, NULL, NULL, NULL) == KH_OK;
    kh_article *a[2] = {NULL, NULL};
    kh_group_doc d[2];
    for (int i = 0; ok && i < 2; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/seeds/%s", kh_test_shared(), seeds[i]);
        kh_buf b;
        kh_buf_init(&b, KH_CAP_PAGE);
        a[i] = kh_article_new();
        ok = a[i] && kh_buf_read_file(&b, path, NULL) == KH_OK &&
             kh_extract_dump(b.data, b.len, a[i], NULL) == KH_OK;
        kh_group_doc di = {
            seeds[i], NULL, 0, ok ? a[i]->title : NULL, ok ? kh_article_body_text(a[i]) : NULL,
            NULL,     0,    0};
        d[i] = di;
        ok = ok && d[i].body;
        kh_buf_clean(&b);
    }
    double pair = 0;
    seed_ctx c = {g, &d[0], 0, 0};
    if (ok)
        ok = kh_group_pair_similarity(g, &d[0], &d[1], &pair, NULL) == KH_OK &&
             kh_group_replay(NULL, corpus, seed_vs_corpus, &c, NULL, NULL) == KH_OK && !c.failed;
    kh_article_free(a[0]);
    kh_article_free(a[1]);
    kh_group_free(g);
    CHECK(ok);
    printf("  seeds: %.3f to each other, at most %.3f to a corpus article\n", pair, c.best);
    CHECK(pair > c.best);
}

/* The seeds are two outlets' reports of one event (one machine-translated,
 * titles and leads rewritten): assigned after the gold day, as pages
 * without dates, they must form one story, and a story of their own. */
TEST(eval_seeds_one_story)
{
    static const char *const seeds[] = {"000_2dcdea4e522631e9.txt", "001_41531be9f591d7eb.txt"};
    char corpus[512];
    snprintf(corpus, sizeof corpus, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    kh_group *g = kh_group_new(NULL, NULL);
    CHECK(g);
    int ok = kh_group_replay(g, corpus, NULL, NULL, NULL, NULL) == KH_OK;
    kh_group_result res[2];
    int64_t max_story = 0;
    for (int i = 0; ok && i < 2; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/seeds/%s", kh_test_shared(), seeds[i]);
        kh_buf b;
        kh_buf_init(&b, KH_CAP_PAGE);
        kh_article *a = kh_article_new();
        ok = a && kh_buf_read_file(&b, path, NULL) == KH_OK &&
             kh_extract_dump(b.data, b.len, a, NULL) == KH_OK;
        if (ok) {
            kh_group_doc d = {seeds[i], NULL, 0, a->title, kh_article_body_text(a), NULL, 0, 0};
            ok = d.body && kh_group_assign(g, &d, &res[i], NULL) == KH_OK;
        }
        if (ok && i == 0)
            max_story = res[0].story;
        kh_article_free(a);
        kh_buf_clean(&b);
    }
    kh_group_free(g);
    CHECK(ok);
    printf("  seeds: stories %lld, %lld (second joins with %.3f)\n", (long long)res[0].story,
           (long long)res[1].story, res[1].sim);
    CHECK(res[0].is_new);
    CHECK_INT(res[1].story, max_story);
    CHECK(!res[1].is_new);
}

int main(void)
{
    TEST_RUN("group/eval", TEST_CASE(eval_corpus_day), TEST_CASE(eval_seeds_closest),
             TEST_CASE(eval_seeds_one_story));
}
