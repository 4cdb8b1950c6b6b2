/*
 * tests/story/story.c - a whole story from the store (src/story/story.c):
 * the keys `khabar story ID --json` promises, the seeds' story with what
 * each outlet adds, merged ids, the story of an article, story ids, and
 * the story list.
 */
#include "story_test.h"

static const char *const story_keys[] = {
    "id",         "title",      "section",   "outlets",    "articles",
    "entities",   "summary",    "timeline",  "related",    "unique_by_outlet",
    "n_articles", "first_seen", "last_seen", "merged_from"};

typedef struct collect_ctx {
    json_t *all;
} collect_ctx;

static int collect(json_t *brief, void *ctx)
{
    return json_array_append_new(((collect_ctx *)ctx)->all, brief) != 0;
}

/* The ids of the live stories of s, most recently seen first, into ids
 * (at most cap); their number, or -1 on failure. */
static long live_ids(kh_store *s, int64_t *ids, long cap)
{
    kh_err err;
    kh_err_init(&err, NULL);
    collect_ctx c = {json_array()};
    kh_story_list_opts o = {.limit = cap};
    long n = -1;
    if (c.all && kh_story_list(s, NULL, &o, collect, &c, &err) == KH_OK) {
        n = (long)json_array_size(c.all);
        for (long i = 0; i < n; i++)
            ids[i] = json_integer_value(json_object_get(json_array_get(c.all, i), "id"));
    }
    json_decref(c.all);
    return n;
}

/* The entry of unique_by_outlet for article id, or NULL. */
static const json_t *unique_of(const json_t *story, const char *id)
{
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(story, "unique_by_outlet"), i, u)
    {
        const char *a = json_string_value(json_object_get(u, "article"));
        if (a && strcmp(a, id) == 0)
            return json_object_get(u, "sentences");
    }
    return NULL;
}

TEST(story_seeds_unique_by_outlet)
{
    char p0[600], p1[600];
    kh_err err;
    kh_err_init(&err, NULL);
    json_t *o = NULL;
    kh_store *s = story_test_seeds(p0, p1, sizeof p0);
    CHECK(s != NULL);
    int64_t id0 = 0, id1 = 0;
    CHECK(kh_story_of_article(s, p0, &id0, &err) == KH_OK);
    CHECK(kh_story_of_article(s, p1, &id1, &err) == KH_OK);
    CHECK(id0 > 0);
    CHECK_INT(id1, id0); /* the clusterer puts the seeds in one story */
    CHECK(kh_story_build(s, NULL, NULL, id0, &o, &err) == KH_OK);
    for (size_t i = 0; i < sizeof story_keys / sizeof story_keys[0]; i++)
        CHECK(json_object_get(o, story_keys[i]) != NULL);
    CHECK_INT(json_integer_value(json_object_get(o, "n_articles")), 2);
    CHECK_INT(json_array_size(json_object_get(o, "articles")), 2);
    CHECK(json_is_null(json_object_get(o, "merged_from")));
    const json_t *u0 = unique_of(o, p0), *u1 = unique_of(o, p1);
    CHECK(u0 && u1);
    /* China supplying weapons to Russia: only in seed 000. */
    CHECK(story_test_has(u0, "الصين"));
    CHECK(!story_test_has(u1, "الصين"));
    /* Witkoff's "five territories": only in seed 001. */
    CHECK(story_test_has(u1, "الأراضي الخمس"));
    CHECK(!story_test_has(u0, "الأراضي الخمس"));
    /* The summary draws on both and names each sentence's article. */
    const json_t *sum = json_object_get(o, "summary");
    CHECK(json_array_size(sum) >= 3 && json_array_size(sum) <= 5);
    size_t i, from0 = 0, from1 = 0;
    json_t *x;
    json_array_foreach(sum, i, x)
    {
        const char *a = json_string_value(json_object_get(x, "article"));
        CHECK(a && json_string_value(json_object_get(x, "outlet")));
        from0 += strcmp(a, p0) == 0;
        from1 += strcmp(a, p1) == 0;
    }
    CHECK(from0 > 0 && from1 > 0);
    CHECK(json_array_size(json_object_get(o, "entities")) > 0);
    json_decref(o);
    kh_store_close(s);
}

TEST(story_sample_every_story)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    long total = 0;
    int64_t ids[16];
    long n_live = live_ids(s, ids, 16);
    CHECK(n_live >= 4);
    for (long k = 0; k < n_live; k++) {
        int64_t id = ids[k];
        json_t *o = NULL;
        CHECK(kh_story_build(s, NULL, NULL, id, &o, &err) == KH_OK);
        CHECK_INT(json_integer_value(json_object_get(o, "id")), id);
        long n = (long)json_integer_value(json_object_get(o, "n_articles"));
        CHECK_INT(json_array_size(json_object_get(o, "articles")), n);
        CHECK_INT(json_array_size(json_object_get(o, "timeline")), n);
        const char *title = json_string_value(json_object_get(o, "title"));
        CHECK(title && *title);
        /* The wire's prefixes never reach the headline. */
        CHECK(strncmp(title, "اقتصادي /", strlen("اقتصادي /")) != 0);
        CHECK(strncmp(title, "عاجل", strlen("عاجل")) != 0);
        CHECK(strncmp(title, "رياضي /", strlen("رياضي /")) != 0);
        total += n;
        json_decref(o);
    }
    CHECK_INT(total, 12);
    kh_store_close(s);
}

/* One event told on two days five days apart (past the clusterer's gap and
 * the two days of biggest stories): two stories, and each lists the other
 * among its related stories, found by their shared names, with the day it
 * was last seen. */
TEST(story_related_same_event_other_day)
{
    char path[600];
    CHECK(tmp_path("two_days.jsonl", path, sizeof path));
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    static const char *const recs[] = {
        "{\"id\": \"d1-a\", \"outlet\": \"مرصد\", \"published\": \"2026-03-01T08:00:00Z\", "
        "\"title\": \"حريق في مصنع الورق بالدمام\", \"text\": \"اندلع حريق كبير صباح اليوم في "
        "مصنع الورق بالمنطقة الصناعية الثانية في الدمام، وقال المتحدث باسم الدفاع المدني "
        "العقيد سالم الحربي إن الفرق أخمدت الحريق بعد ثلاث ساعات دون إصابات.\"}",
        "{\"id\": \"d1-b\", \"outlet\": \"أفق\", \"published\": \"2026-03-01T09:30:00Z\", "
        "\"title\": \"الدفاع المدني يخمد حريق مصنع الورق في الدمام\", \"text\": \"أخمدت فرق "
        "الدفاع المدني حريقا اندلع في مصنع للورق بالدمام، وأوضح العقيد سالم الحربي أن "
        "الحريق لم يسفر عن إصابات بين العمال.\"}",
        "{\"id\": \"d6-a\", \"outlet\": \"مرصد\", \"published\": \"2026-03-06T08:00:00Z\", "
        "\"title\": \"نتائج التحقيق في حريق مصنع الورق بالدمام\", \"text\": \"أعلن العقيد "
        "سالم الحربي المتحدث باسم الدفاع المدني نتائج التحقيق في حريق مصنع الورق بالدمام، "
        "وقال إن تماسا كهربائيا في المستودع كان سبب الحريق.\"}",
        "{\"id\": \"d6-b\", \"outlet\": \"أفق\", \"published\": \"2026-03-06T08:30:00Z\", "
        "\"title\": \"الهلال يفوز على النصر في الدوري\", \"text\": \"حقق فريق الهلال فوزا "
        "كبيرا على منافسه النصر بثلاثة أهداف مقابل هدف في الجولة الخامسة من الدوري.\"}"};
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++)
        fprintf(f, "%s\n", recs[i]);
    CHECK(fclose(f) == 0);
    const char *paths[] = {path};
    kh_store *s = story_test_store(paths, 1, 1);
    CHECK(s != NULL);
    kh_err err;
    kh_err_init(&err, NULL);
    int64_t first = 0, later = 0;
    CHECK(kh_story_of_article(s, "d1-a", &first, &err) == KH_OK);
    CHECK(kh_story_of_article(s, "d6-a", &later, &err) == KH_OK);
    CHECK(first > 0 && later > 0 && first != later);
    json_t *o = NULL;
    CHECK(kh_story_build(s, NULL, NULL, later, &o, &err) == KH_OK);
    const json_t *rel = json_object_get(o, "related");
    CHECK(json_array_size(rel) >= 1);
    const json_t *r0 = json_array_get(rel, 0);
    CHECK_INT(json_integer_value(json_object_get(r0, "id")), first);
    const char *seen = json_string_value(json_object_get(r0, "last_seen"));
    CHECK(seen && strncmp(seen, "2026-03-01", 10) == 0);
    json_decref(o);
    kh_store_close(s);
}

TEST(story_unknown_id)
{
    kh_err err;
    kh_err_init(&err, NULL);
    json_t *o = NULL;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    CHECK(kh_story_build(s, NULL, NULL, 999999, &o, &err) == KH_DONE);
    CHECK(o == NULL);
    kh_store_close(s);
}

TEST(story_merged_id_follows)
{
    kh_err err;
    kh_err_init(&err, NULL);
    json_t *o = NULL;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    int64_t ids[2];
    CHECK(live_ids(s, ids, 2) == 2);
    CHECK(kh_store_begin(s, &err) == KH_OK);
    CHECK(kh_store_story_merge(s, ids[0], ids[1], &err) == KH_OK);
    CHECK(kh_store_commit(s, &err) == KH_OK);
    CHECK(kh_story_build(s, NULL, NULL, ids[0], &o, &err) == KH_OK);
    CHECK_INT(json_integer_value(json_object_get(o, "id")), ids[1]);
    CHECK_INT(json_integer_value(json_object_get(o, "merged_from")), ids[0]);
    json_decref(o);
    kh_store_close(s);
}

TEST(story_of_article_sample)
{
    kh_err err;
    kh_err_init(&err, NULL);
    int64_t a = 0, b = 0;
    kh_store *s = story_test_sample();
    CHECK(s != NULL);
    /* The wire's rate story and the breaking-news copy are one story. */
    CHECK(kh_story_of_article(s, "rafid-1001", &a, &err) == KH_OK);
    CHECK(kh_story_of_article(s, "naba-77", &b, &err) == KH_OK);
    CHECK(a > 0);
    CHECK_INT(b, a);
    CHECK(kh_story_of_article(s, "no-such-article", &a, &err) == KH_DONE);
    CHECK_INT(a, 0);
    CHECK(kh_story_of_article(s, "", &a, &err) == KH_ERR_ARG);
    CHECK(kh_story_of_article(s, NULL, &a, &err) == KH_ERR_ARG);
    kh_store_close(s);
}

TEST(story_id_parse_forms)
{
    CHECK_INT(kh_story_id_parse("s12"), 12);
    CHECK_INT(kh_story_id_parse("12"), 12);
    CHECK_INT(kh_story_id_parse("s"), 0);
    CHECK_INT(kh_story_id_parse(""), 0);
    CHECK_INT(kh_story_id_parse("0"), 0);
    CHECK_INT(kh_story_id_parse("-3"), 0);
    CHECK_INT(kh_story_id_parse("s-3"), 0);
    CHECK_INT(kh_story_id_parse("12x"), 0);
    CHECK_INT(kh_story_id_parse(NULL), 0);
}

TEST(story_list_sample)
{
    kh_err err;
    kh_err_init(&err, NULL);
    collect_ctx c = {json_array()};
    kh_store *s = story_test_sample();
    CHECK(s != NULL && c.all);
    kh_story_list_opts o = {.n_entities = 5};
    CHECK(kh_story_list(s, NULL, &o, collect, &c, &err) == KH_OK);
    CHECK(json_array_size(c.all) >= 4);
    size_t i;
    json_t *b;
    long sum = 0;
    json_array_foreach(c.all, i, b)
    {
        sum += (long)json_integer_value(json_object_get(b, "n_articles"));
        const char *t = json_string_value(json_object_get(b, "title"));
        CHECK(t && strncmp(t, "عاجل", strlen("عاجل")) != 0 && !strstr(t, " / "));
        CHECK(json_is_array(json_object_get(b, "outlets")));
        CHECK(json_is_array(json_object_get(b, "entities")));
    }
    CHECK_INT(sum, 12);
    json_array_clear(c.all);
    kh_story_list_opts few = {.min_articles = 3, .limit = 2}; /* at least 3 articles, at most 2 */
    CHECK(kh_story_list(s, NULL, &few, collect, &c, &err) == KH_OK);
    CHECK(json_array_size(c.all) >= 1 && json_array_size(c.all) <= 2);
    json_array_foreach(c.all, i, b)
    {
        CHECK(json_integer_value(json_object_get(b, "n_articles")) >= 3);
        CHECK(json_object_get(b, "entities") == NULL);
    }
    json_decref(c.all);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("story/story", TEST_CASE(story_seeds_unique_by_outlet),
             TEST_CASE(story_sample_every_story), TEST_CASE(story_unknown_id),
             TEST_CASE(story_related_same_event_other_day), TEST_CASE(story_merged_id_follows),
             TEST_CASE(story_of_article_sample), TEST_CASE(story_id_parse_forms),
             TEST_CASE(story_list_sample));
}
