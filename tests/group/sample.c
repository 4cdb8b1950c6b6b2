/*
 * tests/group/sample.c - the bundled sample (examples/sample: 6 JSONL
 * articles and 6 pages of 4 invented outlets about 5 events) clustered the
 * way `khabar ingest` sees it: the JSONL records as they are, the pages
 * through kh_extract_page.  With 12 documents the online IDF alone says
 * little (every word is rare, and the words two reports share weigh less
 * than the rest); the prior IDF (models/idf.model) must give the rate
 * rise, the match, the desalination plant and the vaccination as one story
 * each, and no story may mix two events.  The book fair's two reports
 * (titles "انطلاق الدورة الخامسة عشرة لمهرجان الكتاب" and "مهرجان الكتاب يفتح
 * أبوابه") score 0.275 and stay apart today (docs/group.md, weak): the
 * test accepts them split or joined.
 */
#include "core/buf.h"
#include "core/lines.h"
#include "extract/extract.h"
#include "group/group.h"
#include "test.h"

#include <jansson.h>

#define N_DOCS 12

/* The events of the sample, by document id (file name for pages). */
static const struct {
    const char *id;
    int event;
} truth[N_DOCS] = {
    {"rafid-1001", 1},       {"ofoq-2201", 1},         {"naba-77", 1},
    {"maydan-rates.txt", 1}, {"rafid-1002", 2},        {"maydan-510", 2},
    {"naba-match.html", 2},  {"naba-81", 3},           {"rafid-book.html", 3},
    {"ofoq-desal.txt", 4},   {"maydan-desal.html", 4}, {"ofoq-health.txt", 5},
};

static const char *const pages[] = {"maydan-desal.html", "maydan-rates.txt", "naba-match.html",
                                    "ofoq-desal.txt",    "ofoq-health.txt",  "rafid-book.html"};

static int event_of(const char *id)
{
    for (size_t i = 0; i < N_DOCS; i++)
        if (strcmp(truth[i].id, id) == 0)
            return truth[i].event;
    return 0;
}

typedef struct got {
    int event[N_DOCS];
    int64_t story[N_DOCS];
    size_t n;
} got;

static int take(kh_group *g, got *r, const kh_group_doc *d)
{
    kh_group_result res;
    if (r->n >= N_DOCS || kh_group_assign(g, d, &res, NULL) != KH_OK)
        return -1;
    /* merges re-label earlier documents */
    for (size_t m = 0; m < res.n_merges; m++)
        for (size_t i = 0; i < r->n; i++)
            if (r->story[i] == res.merges[m])
                r->story[i] = res.story;
    printf("  %-20s story %lld (sim %.3f)\n", d->id, (long long)res.story, res.sim);
    r->event[r->n] = event_of(d->id);
    r->story[r->n++] = res.story;
    return 0;
}

static int feed_jsonl(kh_group *g, got *r, const char *path)
{
    kh_lines *l = kh_lines_open(path, NULL);
    if (!l)
        return -1;
    const char *line;
    size_t len;
    int rc = 0;
    while (rc == 0 && kh_lines_next(l, &line, &len, NULL) == KH_OK) {
        json_t *o = json_loadb(line, len, 0, NULL);
        const char *pub = json_string_value(json_object_get(o, "published"));
        kh_group_doc d = {json_string_value(json_object_get(o, "id")),
                          json_string_value(json_object_get(o, "outlet")),
                          pub ? kh_group_replay_time(pub) : 0,
                          json_string_value(json_object_get(o, "title")),
                          json_string_value(json_object_get(o, "text")),
                          NULL,
                          0,
                          !pub};
        rc = d.id ? take(g, r, &d) : -1;
        json_decref(o);
    }
    kh_lines_close(l);
    return rc;
}

static int feed_page(kh_group *g, got *r, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_article *a = kh_article_new();
    int rc = -1;
    if (a && kh_buf_read_file(&b, path, NULL) == KH_OK &&
        kh_extract_page(b.data, b.len, a, NULL) == KH_OK) {
        int64_t t = a->published ? kh_group_replay_time(a->published) : -1;
        kh_group_doc d = {name, a->outlet, t > 0 ? t : 0, a->title, kh_article_body_text(a),
                          NULL, 0,         t <= 0};
        rc = take(g, r, &d);
    }
    kh_article_free(a);
    kh_buf_clean(&b);
    return rc;
}

/* Same event <=> same story over every pair, except that the pairs of
 * event skip are only required to be apart from the other events. */
static int partition_ok(const got *r, int skip)
{
    int ok = 1;
    for (size_t i = 0; i < r->n; i++)
        for (size_t j = i + 1; j < r->n; j++) {
            int same_event = r->event[i] == r->event[j];
            if (same_event && r->event[i] == skip)
                continue;
            if (same_event != (r->story[i] == r->story[j])) {
                printf("  wrong pair: %zu %zu\n", i, j);
                ok = 0;
            }
        }
    return ok;
}

/* Stories over the n documents. */
static size_t n_stories(const got *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        size_t j = 0;
        while (j < i && r->story[j] != r->story[i])
            j++;
        k += j == i;
    }
    return k;
}

TEST(sample_five_events)
{
    const char *dir = "examples/sample";
    kh_group *g = kh_group_new(NULL, NULL);
    CHECK(g);
    got r = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/articles.jsonl", dir);
    int ok = feed_jsonl(g, &r, path) == 0;
    snprintf(path, sizeof path, "%s/pages", dir);
    for (size_t i = 0; ok && i < sizeof pages / sizeof pages[0]; i++)
        ok = feed_page(g, &r, path, pages[i]) == 0;
    kh_group_free(g);
    CHECK(ok);
    CHECK_INT(r.n, N_DOCS);
    for (size_t i = 0; i < r.n; i++)
        CHECK(r.event[i] > 0);
    CHECK(partition_ok(&r, 3));
    /* 5 is right; 6 is the known miss (the book fair split in two), which
     * a better clusterer may mend without this test failing. */
    CHECK(n_stories(&r) == 5 || n_stories(&r) == 6);
}

int main(void)
{
    TEST_RUN("group/sample", TEST_CASE(sample_five_events));
}
