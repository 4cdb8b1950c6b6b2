/*
 * tests/view/json.c - the story view object: every key the story command
 * promises, on the seeds' story, parsed back with jansson.
 */
#include "seeds.h"
#include "test.h"
#include "view/view.h"

#include <limits.h>

static json_t *seeds_json(const kh_view_related *rel, size_t n_rel)
{
    seed_story ss;
    char path[PATH_MAX];
    kh_view_model *m = NULL;
    kh_buf out;
    json_t *j = NULL;
    kh_buf_init(&out, KH_CAP_PAGE);
    if (seed_story_load(&ss) &&
        kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                   NULL) == KH_OK &&
        kh_view_story_json(&ss.story, m, rel, n_rel, &out, NULL) == KH_OK)
        j = json_loadb(out.data, out.len, 0, NULL);
    kh_buf_clean(&out);
    kh_view_section_model_free(m);
    seed_story_free(&ss);
    return j;
}

TEST(json_seeds_has_every_key)
{
    kh_view_related rel[1] = {{"s9", "ضربات روسية على كييف", 0.4, 0}};
    json_t *j = seeds_json(rel, 1);
    CHECK(j);
    static const char *const keys[] = {"title",    "section", "outlets",          "articles",
                                       "entities", "summary", "unique_by_outlet", "related",
                                       "timeline"};
    int ok = 1;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ok &= json_object_get(j, keys[i]) != NULL;
    const char *title = json_string_value(json_object_get(j, "title"));
    const char *section = json_string_value(json_object_get(j, "section"));
    json_t *sum = json_object_get(j, "summary"), *uniq = json_object_get(j, "unique_by_outlet");
    json_t *arts = json_object_get(j, "articles"), *tl = json_object_get(j, "timeline");
    json_t *rl = json_object_get(j, "related");
    int sum_ok = json_array_size(sum) >= 3 && json_array_size(sum) <= 5;
    for (size_t i = 0; i < json_array_size(sum); i++) {
        json_t *e = json_array_get(sum, i);
        sum_ok &= json_is_string(json_object_get(e, "sentence")) &&
                  json_is_string(json_object_get(e, "outlet")) &&
                  json_is_string(json_object_get(e, "article"));
    }
    int uniq_ok = json_array_size(uniq) == 2;
    for (size_t i = 0; i < json_array_size(uniq); i++)
        uniq_ok &= json_array_size(json_object_get(json_array_get(uniq, i), "sentences")) > 0;
    int rel_ok = json_array_size(rl) == 1 &&
                 strcmp(json_string_value(json_object_get(json_array_get(rl, 0), "id")), "s9") == 0;
    int sizes = json_array_size(arts) == 2 && json_array_size(tl) == 2 &&
                json_array_size(json_object_get(j, "outlets")) == 2;
    int title_ok = title && *title, section_ok = section && strcmp(section, "world") == 0;
    json_decref(j);
    CHECK(ok);
    CHECK(title_ok);
    /* Both gold sections (العالم, أوروبا) map to world. */
    CHECK(section_ok);
    CHECK(sum_ok);
    CHECK(uniq_ok);
    CHECK(rel_ok);
    CHECK(sizes);
}

TEST(json_empty_story)
{
    kh_view_story s = {NULL, NULL, 0};
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    CHECK_INT(kh_view_story_json(&s, NULL, NULL, 0, &out, NULL), KH_OK);
    json_t *j = json_loadb(out.data, out.len, 0, NULL);
    kh_buf_clean(&out);
    CHECK(j);
    int ok = json_is_null(json_object_get(j, "title")) &&
             json_is_null(json_object_get(j, "section")) &&
             json_array_size(json_object_get(j, "summary")) == 0;
    json_decref(j);
    CHECK(ok);
    CHECK_INT(kh_view_story_json(NULL, NULL, NULL, 0, &out, NULL), KH_ERR_ARG);
}

/* The view of s without a model or related stories, parsed; NULL when it
 * fails. */
static json_t *story_json(const kh_view_story *s)
{
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    json_t *j = kh_view_story_json(s, NULL, NULL, 0, &out, NULL) == KH_OK
                    ? json_loadb(out.data, out.len, 0, NULL)
                    : NULL;
    kh_buf_clean(&out);
    return j;
}

TEST(json_entities_counted_once_per_article)
{
    static const char *const e1[] = {"بوتين", "بوتين", "ماكرون"};
    static const char *const e2[] = {"ماكرون"};
    kh_view_article a[2] = {{"a", "o1", 1, "t", NULL, NULL, 0, NULL, e1, 3},
                            {"b", "o2", 2, "t", NULL, NULL, 0, NULL, e2, 1}};
    kh_view_story s = {"s", a, 2};
    json_t *j = story_json(&s);
    CHECK(j);
    json_t *e = json_object_get(j, "entities");
    int ok =
        json_array_size(e) == 2 && strcmp(json_string_value(json_array_get(e, 0)), "ماكرون") == 0;
    json_decref(j);
    CHECK(ok);
}

/* The timeline shows headlines without the wire's section label, as the
 * story title does; "articles" keeps them as stored. */
TEST(json_timeline_titles_clean)
{
    kh_view_article a[2] = {
        {"a", "was", 1, "عام / وصول الطائرة السادسة إلى عدن", NULL, NULL, 0, NULL, NULL, 0},
        {"b", "okaz", 2, "وصول الطائرة السادسة", NULL, NULL, 0, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 2};
    json_t *j = story_json(&s);
    CHECK(j);
    json_t *tl = json_object_get(j, "timeline"), *arts = json_object_get(j, "articles");
    const char *t0 = json_string_value(json_object_get(json_array_get(tl, 0), "title"));
    const char *a0 = json_string_value(json_object_get(json_array_get(arts, 0), "title"));
    int ok = t0 && a0 && strcmp(t0, "وصول الطائرة السادسة إلى عدن") == 0 &&
             strcmp(a0, "عام / وصول الطائرة السادسة إلى عدن") == 0;
    json_decref(j);
    CHECK(ok);
}

TEST(json_fault)
{
#ifdef KH_FAULT_INJECT
    static const char *const p1[] = {"أعلنت وزارة الصحة تسجيل عشر إصابات جديدة في مدينة الرياض "
                                     "خلال يوم واحد. ونقل المصابون إلى مستشفى الملك فهد."};
    static const char *const p2[] = {"سجلت وزارة الصحة عشر إصابات جديدة في مدينة الرياض. وأجرت "
                                     "المختبرات أكثر من 2000 فحص خلال الأسبوع الماضي."};
    static const char *const e1[] = {"الرياض"};
    kh_view_article a[2] = {{"a", "o1", 1, "عاجل: إصابات في الرياض", "صحة", p1, 1, NULL, e1, 1},
                            {"b", "o2", 2, "الصحة تسجل إصابات", NULL, p2, 1, NULL, e1, 1}};
    kh_view_story s = {"s", a, 2};
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_alloc_fail_after(1000000);
    CHECK_INT(kh_view_story_json(&s, NULL, NULL, 0, &out, NULL), KH_OK);
    long n = kh_alloc_count();
    kh_buf_clean(&out);
    CHECK(n > 20);
    for (long i = 0; i < n; i++) {
        kh_alloc_fail_after(i);
        kh_rc rc = kh_view_story_json(&s, NULL, NULL, 0, &out, NULL);
        kh_alloc_fail_after(-1);
        kh_buf_clean(&out);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
    }
#else
    (void)kh_test_failed_;
#endif
}

int main(void)
{
    TEST_RUN("view/json", TEST_CASE(json_seeds_has_every_key), TEST_CASE(json_empty_story),
             TEST_CASE(json_entities_counted_once_per_article),
             TEST_CASE(json_timeline_titles_clean), TEST_CASE(json_fault));
}
