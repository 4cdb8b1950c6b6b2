/*
 * tests/view/summary.c - story summaries: 3 to 5 sentences from several
 * outlets, no two saying the same thing, attributed, in time order; on an
 * invented story and on the seeds' story.
 */
#include "seeds.h"
#include "test.h"
#include "view/view.h"
#include "core/alloc.h"

#include <limits.h>

/* Three outlets on one invented event; the first sentence of each says the
 * same thing in nearly the same words. */
static const char *const p_a[] = {
    "أعلنت وزارة الصحة تسجيل عشر إصابات جديدة بفيروس كورونا في مدينة الرياض خلال يوم واحد.",
    "وقالت الوزارة إن المصابين نقلوا إلى مستشفى الملك فهد لتلقي العلاج اللازم.",
    "ودعت الوزارة المواطنين إلى الالتزام بإجراءات الوقاية وغسل اليدين باستمرار."};
static const char *const p_b[] = {
    "سجلت وزارة الصحة عشر إصابات جديدة بفيروس كورونا في مدينة الرياض خلال يوم واحد.",
    "وأوضح المتحدث باسم الوزارة أن فرق التقصي الوبائي تتابع المخالطين للمصابين في الأحياء.",
    "وأضاف أن المختبرات أجرت أكثر من ألفي فحص خلال الأسبوع الماضي في المنطقة."};
static const char *const p_c[] = {
    "أعلنت وزارة الصحة تسجيل عشر إصابات جديدة بفيروس كورونا في مدينة الرياض خلال يوم واحد.",
    "وأشار مسؤولون في المستشفيات إلى جاهزية غرف العزل وأجهزة التنفس لاستقبال المزيد من الحالات.",
    "ويأتي ذلك بعد أسبوعين من إعلان حالات مماثلة في مدينة جدة."};

static kh_view_article invented[3] = {
    {"a", "okaz", 300, "عشر إصابات جديدة بكورونا في الرياض", NULL, p_a, 3, NULL, NULL, 0},
    {"b", "alyaum", 100, "الصحة: عشر إصابات بكورونا", NULL, p_b, 3, NULL, NULL, 0},
    {"c", "alwatan", 200, "كورونا يعود إلى الرياض", NULL, p_c, 3, NULL, NULL, 0},
};

static int check_summary(const kh_view_story *s, const kh_view_sentences *v, int *outlets)
{
    int seen[8] = {0};
    *outlets = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i].article >= s->n_articles || !v->items[i].text || !*v->items[i].text)
            return 0;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(v->items[i].text, v->items[j].text) == 0)
                return 0;
            /* time order */
            long long ti = s->articles[v->items[i].article].published;
            long long tj = s->articles[v->items[j].article].published;
            if (tj > ti)
                return 0;
        }
        if (v->items[i].article < 8 && !seen[v->items[i].article]++)
            (*outlets)++;
    }
    return 1;
}

TEST(summary_invented_three_outlets)
{
    kh_view_story s = {"s", invented, 3};
    kh_view_sentences v;
    CHECK_INT(kh_view_summary(&s, NULL, 0, &v, NULL), KH_OK);
    int outlets, ok = check_summary(&s, &v, &outlets);
    /* The sentence all three share is in at most once. */
    int lead = 0;
    for (size_t i = 0; i < v.n; i++)
        lead += strstr(v.items[i].text, "عشر إصابات جديدة") != NULL;
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK(ok);
    CHECK(n >= 3 && n <= 5);
    CHECK(outlets >= 2);
    CHECK_INT(lead, 1);
}

TEST(summary_max_sentences)
{
    kh_view_story s = {"s", invented, 3};
    kh_view_sentences v;
    CHECK_INT(kh_view_summary(&s, NULL, 3, &v, NULL), KH_OK);
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 3);
}

TEST(summary_seeds)
{
    seed_story ss;
    int loaded = seed_story_load(&ss);
    if (!loaded)
        seed_story_free(&ss);
    CHECK(loaded);
    char path[PATH_MAX];
    kh_view_model *m = NULL;
    kh_rc rc =
        kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m, NULL);
    kh_view_sentences v = {0};
    if (rc == KH_OK)
        rc = kh_view_summary(&ss.story, m, 0, &v, NULL);
    int outlets = 0, ok = rc == KH_OK && check_summary(&ss.story, &v, &outlets);
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    kh_view_section_model_free(m);
    seed_story_free(&ss);
    CHECK_INT(rc, KH_OK);
    CHECK(ok);
    CHECK(n >= 3 && n <= 5);
    CHECK_INT(outlets, 2);
}

/* A wire dateline opens each report, as agencies write them: many numbers
 * and words the reports share, so it scored high; it is no statement. */
static const char *const p_d1[] = {
    "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
    "أعلنت وزارة الصحة تسجيل عشر إصابات جديدة بفيروس كورونا في مدينة الرياض خلال يوم واحد.",
    "وقالت الوزارة إن المصابين نقلوا إلى مستشفى الملك فهد لتلقي العلاج اللازم."};
static const char *const p_d2[] = {
    "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
    "وأوضح المتحدث باسم الوزارة أن فرق التقصي الوبائي تتابع المخالطين للمصابين في الأحياء."};
static const char *const p_d3[] = {"الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"};

TEST(summary_no_dateline)
{
    kh_view_article dated[2] = {
        {"a", "was", 100, "عشر إصابات جديدة بكورونا في الرياض", NULL, p_d1, 3, NULL, NULL, 0},
        {"b", "okaz", 200, "الصحة: عشر إصابات بكورونا", NULL, p_d2, 2, NULL, NULL, 0},
    };
    kh_view_story s = {"s", dated, 2};
    kh_view_sentences v;
    CHECK_INT(kh_view_summary(&s, NULL, 0, &v, NULL), KH_OK);
    size_t n = v.n, datelines = 0;
    for (size_t i = 0; i < v.n; i++)
        datelines += strstr(v.items[i].text, "الموافق") != NULL;
    kh_view_sentences_clean(&v);
    CHECK(n >= 2);
    CHECK_INT(datelines, 0);
    /* A story of nothing but a dateline still has a summary. */
    kh_view_article bare[1] = {{"c", "was", 100, "خبر", NULL, p_d3, 1, NULL, NULL, 0}};
    kh_view_story only = {"s", bare, 1};
    CHECK_INT(kh_view_summary(&only, NULL, 0, &v, NULL), KH_OK);
    n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 1);
}

TEST(summary_empty_and_null)
{
    kh_view_story s = {"s", NULL, 0};
    kh_view_sentences v;
    CHECK_INT(kh_view_summary(&s, NULL, 0, &v, NULL), KH_OK);
    CHECK_INT(v.n, 0);
    kh_view_sentences_clean(&v);
    CHECK_INT(kh_view_summary(NULL, NULL, 0, &v, NULL), KH_ERR_ARG);
    /* Articles with no usable sentence (too short) give nothing. */
    kh_view_article a[1] = {{"a", "o", 1, "عنوان", NULL, NULL, 0, "نص قصير.", NULL, 0}};
    s.articles = a;
    s.n_articles = 1;
    CHECK_INT(kh_view_summary(&s, NULL, 0, &v, NULL), KH_OK);
    CHECK_INT(v.n, 0);
    kh_view_sentences_clean(&v);
}

TEST(summary_fault)
{
#ifdef KH_FAULT_INJECT
    kh_view_story s = {"s", invented, 3};
    kh_view_sentences v;
    kh_alloc_fail_after(-1);
    kh_alloc_fail_after(1000000);
    CHECK_INT(kh_view_summary(&s, NULL, 0, &v, NULL), KH_OK);
    long n = kh_alloc_count();
    kh_view_sentences_clean(&v);
    CHECK(n > 10);
    for (long i = 0; i < n; i++) {
        kh_alloc_fail_after(i);
        kh_rc rc = kh_view_summary(&s, NULL, 0, &v, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        if (rc != KH_OK)
            CHECK_INT(v.n, 0);
        kh_view_sentences_clean(&v);
    }
#else
    (void)kh_test_failed_;
#endif
}

int main(void)
{
    TEST_RUN("view/summary", TEST_CASE(summary_invented_three_outlets),
             TEST_CASE(summary_max_sentences), TEST_CASE(summary_seeds),
             TEST_CASE(summary_empty_and_null), TEST_CASE(summary_no_dateline),
             TEST_CASE(summary_fault));
}
