/*
 * tests/group/assign.c - tests src/group/assign.c (with window.c, index.c,
 * merge.c, feature.c): invented stories joining, staying apart, leaving the
 * window, merging, duplicates and restore.
 */
#include "core/alloc.h"
#include "group/group.h"
#include "test.h"

#define DAY 86400
#define T0 1439200000 /* 2015-08-10 */

/* Two reports of one invented event, in different words. */
static const kh_group_doc FIRE1 = {
    "fire-1",
    "outlet-a",
    T0,
    "حريق ضخم في مصنع الورق بمدينة الدمام",
    "اندلع حريق ضخم صباح اليوم في مصنع الورق بالمنطقة الصناعية الثانية في مدينة الدمام "
    "وباشرت فرق الدفاع المدني اخماده بعد ثلاث ساعات ولم تسجل اصابات بين العمال البالغ "
    "عددهم 240 عاملا وقدرت الخسائر الاولية بنحو 12 مليون ريال",
    NULL,
    0,
    0};
static const kh_group_doc FIRE2 = {
    "fire-2",
    "outlet-b",
    T0 + 3600,
    "الدفاع المدني يخمد حريق مصنع الورق في الدمام",
    "تمكنت فرق الدفاع المدني من اخماد الحريق الذي اندلع في مصنع للورق بالمنطقة الصناعية "
    "الثانية بالدمام دون اصابات بين 240 عاملا فيما قدرت الخسائر بحوالي 12 مليون ريال",
    NULL,
    0,
    0};
/* Unrelated events. */
static const kh_group_doc STRIKE = {
    "strike-1",
    "outlet-a",
    T0 + 600,
    "اضراب عمال الموانئ في ميناء جدة الاسلامي",
    "بدا عمال الشحن والتفريغ في ميناء جدة الاسلامي اضرابا مفتوحا للمطالبة بزيادة الاجور "
    "وتحسين ظروف العمل وتكدست مئات الحاويات على الارصفة وقالت ادارة الميناء انها تتفاوض "
    "مع ممثلي النقابة",
    NULL,
    0,
    0};
static const kh_group_doc MATCH = {
    "match-1",
    "outlet-c",
    T0 + 900,
    "الهلال يفوز على النصر بثلاثة اهداف في الدوري",
    "حقق فريق الهلال فوزا كبيرا على منافسه النصر بثلاثة اهداف مقابل هدف في المباراة التي "
    "جمعتهما مساء امس على استاد الملك فهد الدولي ضمن الجولة الخامسة من الدوري",
    NULL,
    0,
    0};
/* Reports both fire and strike: a bridge (both headlines, both leads). */
static const kh_group_doc BRIDGE = {
    "bridge-1",
    "outlet-c",
    T0 + 7200,
    "حريق ضخم في مصنع الورق بمدينة الدمام واضراب عمال الموانئ في ميناء جدة الاسلامي",
    "اندلع حريق ضخم صباح اليوم في مصنع الورق بالمنطقة الصناعية الثانية في مدينة الدمام "
    "وباشرت فرق الدفاع المدني اخماده ولم تسجل اصابات بين 240 عاملا "
    "وبدا عمال الشحن والتفريغ في ميناء جدة الاسلامي اضرابا مفتوحا للمطالبة بزيادة الاجور "
    "وتحسين ظروف العمل وتكدست مئات الحاويات على الارصفة",
    NULL,
    0,
    0};

/* A clusterer that has seen some unrelated news, as one in service has:
 * with two documents in the IDF counts every shared word looks common. */
static kh_group *new_group_with(const kh_group_opts *o)
{
    static const char *const background[] = {
        "افتتح وزير الصحة مستشفى جديدا في مدينة تبوك بسعة 300 سرير",
        "ارتفع مؤشر سوق الاسهم السعودية في تداولات اليوم بدعم من قطاع البنوك",
        "اعلنت الجامعة موعد بدء التسجيل للطلاب المستجدين في البرامج الصيفية",
        "توقعت الارصاد امطارا رعدية على المرتفعات الجنوبية حتى نهاية الاسبوع",
        "وصلت طائرة اغاثة تحمل مواد غذائية وطبية الى مطار عدن الدولي",
        "ناقش مجلس الشورى تقرير وزارة النقل عن مشاريع الطرق في المناطق",
    };
    kh_group *g = kh_group_new(o, NULL);
    for (size_t i = 0; g && i < sizeof background / sizeof background[0]; i++) {
        kh_group_doc d = {"bg", NULL, T0, NULL, background[i], NULL, 0, 0};
        if (kh_group_learn(g, &d, NULL) != KH_OK) {
            kh_group_free(g);
            return NULL;
        }
    }
    return g;
}

static kh_group *new_group(void)
{
    return new_group_with(NULL);
}

TEST(assign_two_reports_join)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    CHECK(r1.is_new == 1);
    CHECK_INT(r1.story, 1);
    CHECK(r1.dup_of == NULL);
    CHECK(kh_group_assign(g, &FIRE2, &r2, NULL) == KH_OK);
    CHECK(r2.is_new == 0);
    CHECK_INT(r2.story, r1.story);
    CHECK(r2.sim >= 0.4);
    CHECK(r2.dup_of == NULL); /* reworded, not a copy */
    CHECK_INT(kh_group_n_stories(g), 1);
    CHECK_INT(kh_group_n_articles(g), 2);
    kh_group_free(g);
}

TEST(assign_unrelated_apart)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2, r3;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &STRIKE, &r2, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &MATCH, &r3, NULL) == KH_OK);
    CHECK(r2.is_new && r3.is_new);
    CHECK(r1.story != r2.story && r2.story != r3.story && r1.story != r3.story);
    CHECK_INT(kh_group_n_stories(g), 3);
    kh_group_free(g);
}

TEST(assign_exact_copy_is_duplicate)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2, r3;
    kh_group_doc copy = FIRE1;
    copy.id = "fire-1-recrawl";
    copy.published = T0 + 60;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &MATCH, &r2, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &copy, &r3, NULL) == KH_OK);
    CHECK_INT(r3.story, r1.story);
    CHECK_STR(r3.dup_of, "fire-1");
    CHECK(r3.dup_sim == 1.0);
    kh_group_free(g);
}

TEST(assign_window_eviction)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2, r3;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    /* Four days later: the fire's story has closed. */
    kh_group_doc later = MATCH;
    later.published = T0 + 4 * DAY;
    CHECK(kh_group_assign(g, &later, &r2, NULL) == KH_OK);
    CHECK_INT(kh_group_n_articles(g), 1);
    CHECK_INT(kh_group_n_stories(g), 1);
    /* The same fire report again starts a new story and is no duplicate:
     * nothing of the old one is left to match. */
    kh_group_doc again = FIRE2;
    again.published = T0 + 4 * DAY + 60;
    CHECK(kh_group_assign(g, &again, &r3, NULL) == KH_OK);
    CHECK(r3.is_new);
    CHECK(r3.story != r1.story);
    CHECK(r3.dup_of == NULL);
    kh_group_free(g);
}

TEST(assign_within_gap_joins)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    kh_group_doc next = FIRE2;
    next.published = T0 + 17 * 3600; /* inside the 18-hour gap */
    CHECK(kh_group_assign(g, &next, &r2, NULL) == KH_OK);
    CHECK_INT(r2.story, r1.story);
    kh_group_free(g);
}

/* Two days later the same report is in the window but past the gap: a new
 * story; an undated one (its time borrowed) still joins. */
TEST(assign_past_gap_new_story)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2, r3;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    kh_group_doc later = FIRE2;
    later.published = T0 + 2 * DAY;
    CHECK(kh_group_assign(g, &later, &r2, NULL) == KH_OK);
    CHECK(r2.is_new);
    CHECK(r2.story != r1.story);
    kh_group_doc undated = FIRE2;
    undated.id = "fire-2-undated";
    undated.published = T0 + 2 * DAY;
    undated.undated = 1;
    CHECK(kh_group_assign(g, &undated, &r3, NULL) == KH_OK);
    CHECK(!r3.is_new);
    kh_group_free(g);
}

/* A wire copy reprinted past the gap is still reported as a copy, but
 * starts its own story; with the gap off it joins the old one. */
TEST(assign_copy_past_gap)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    kh_group_doc copy = FIRE1;
    copy.id = "fire-1-reprint";
    copy.published = T0 + 2 * DAY;
    CHECK(kh_group_assign(g, &copy, &r2, NULL) == KH_OK);
    CHECK(r2.dup_of && strcmp(r2.dup_of, "fire-1") == 0);
    CHECK(r2.story != r1.story);
    kh_group_free(g);

    kh_group_opts o;
    kh_group_opts_init(&o);
    o.gap = -1;
    CHECK((g = new_group_with(&o)) != NULL);
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &copy, &r2, NULL) == KH_OK);
    CHECK_INT(r2.story, r1.story);
    kh_group_free(g);
}

TEST(assign_bridge_merges)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r1, r2, r3, r4;
    CHECK(kh_group_assign(g, &FIRE1, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &STRIKE, &r2, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &MATCH, &r3, NULL) == KH_OK);
    CHECK(r1.story != r2.story);
    CHECK(kh_group_assign(g, &BRIDGE, &r4, NULL) == KH_OK);
    /* The older story absorbs the younger; the match stays apart. */
    CHECK_INT(r4.story, r1.story);
    CHECK_INT(r4.n_merges, 1);
    CHECK_INT(r4.merges[0], r2.story);
    CHECK_INT(kh_group_n_stories(g), 2);
    /* A later fire report lands in the merged story. */
    kh_group_result r5;
    CHECK(kh_group_assign(g, &FIRE2, &r5, NULL) == KH_OK);
    CHECK_INT(r5.story, r1.story);
    kh_group_free(g);
}

TEST(restore_then_assign)
{
    kh_group *g = new_group();
    CHECK(g);
    CHECK(kh_group_restore(g, &FIRE1, 41, NULL) == KH_OK);
    CHECK(kh_group_restore(g, &STRIKE, 42, NULL) == KH_OK);
    kh_group_result r1, r2;
    CHECK(kh_group_assign(g, &FIRE2, &r1, NULL) == KH_OK);
    CHECK_INT(r1.story, 41);
    CHECK(kh_group_assign(g, &MATCH, &r2, NULL) == KH_OK);
    CHECK(r2.is_new);
    CHECK_INT(r2.story, 43); /* above every restored id */
    kh_group_free(g);
}

TEST(assign_first_story_id)
{
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.first_story_id = 1000;
    kh_group *g = kh_group_new(&o, NULL);
    CHECK(g);
    kh_group_result r;
    CHECK(kh_group_assign(g, &MATCH, &r, NULL) == KH_OK);
    CHECK_INT(r.story, 1000);
    kh_group_free(g);
}

TEST(assign_null_and_empty)
{
    kh_group *g = new_group();
    CHECK(g);
    kh_group_result r;
    kh_err err;
    kh_err_init(&err, "test");
    CHECK(kh_group_assign(g, NULL, &r, &err) == KH_ERR_ARG);
    CHECK(err.rc == KH_ERR_ARG);
    kh_group_doc noid = FIRE1;
    noid.id = NULL;
    CHECK(kh_group_assign(g, &noid, &r, NULL) == KH_ERR_ARG);
    CHECK(kh_group_assign(NULL, &FIRE1, &r, NULL) == KH_ERR_ARG);
    CHECK(kh_group_restore(g, &FIRE1, 0, NULL) == KH_ERR_ARG);
    /* An article with no text at all still gets a story of its own. */
    kh_group_doc empty = {"empty-1", NULL, T0, NULL, NULL, NULL, 0, 0};
    CHECK(kh_group_assign(g, &empty, &r, NULL) == KH_OK);
    CHECK(r.is_new);
    kh_group_doc empty2 = {"empty-2", NULL, T0, "", "", NULL, 0, 0};
    kh_group_result r2;
    CHECK(kh_group_assign(g, &empty2, &r2, NULL) == KH_OK);
    CHECK(r2.is_new && r2.story != r.story);
    kh_group_free(g);
    kh_group_free(NULL);
}

TEST(assign_entities_count)
{
    /* With an entity weight, shared entity keys count: two short notes
     * naming the same people and nothing else in common join; by default
     * the keys are ignored and they stay apart. */
    const char *ents[] = {"محمد الفلاني", "شركه النور"};
    kh_group_doc a = {"e-1", "x", T0, "توقيع اتفاق", "وقع الطرفان اتفاقا اليوم", ents, 2, 0};
    kh_group_doc b = {"e-2", "y", T0, "شراكة جديدة", "اعلن عن شراكة مثمرة", ents, 2, 0};
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.entity_weight = 10.0;
    kh_group *g = new_group_with(&o);
    CHECK(g);
    kh_group_result r1, r2;
    CHECK(kh_group_assign(g, &a, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &b, &r2, NULL) == KH_OK);
    CHECK_INT(r2.story, r1.story);
    kh_group_free(g);
    /* By default the keys are ignored: the notes share too little. */
    g = new_group();
    CHECK(g);
    kh_group_doc a2 = a, b2 = b;
    a2.id = "e-3";
    b2.id = "e-4";
    CHECK(kh_group_assign(g, &a2, &r1, NULL) == KH_OK);
    CHECK(kh_group_assign(g, &b2, &r2, NULL) == KH_OK);
    CHECK(r2.story != r1.story);
    kh_group_free(g);
}

TEST(pair_similarity_orders)
{
    kh_group *g = new_group();
    CHECK(g);
    CHECK(kh_group_learn(g, &FIRE1, NULL) == KH_OK);
    CHECK(kh_group_learn(g, &STRIKE, NULL) == KH_OK);
    CHECK(kh_group_learn(g, &MATCH, NULL) == KH_OK);
    double same = 0, other = 0;
    CHECK(kh_group_pair_similarity(g, &FIRE1, &FIRE2, &same, NULL) == KH_OK);
    CHECK(kh_group_pair_similarity(g, &FIRE1, &MATCH, &other, NULL) == KH_OK);
    CHECK(same > 0.4 && same <= 1.0);
    CHECK(other >= 0.0 && other < 0.1);
    CHECK(kh_group_pair_similarity(g, NULL, &MATCH, &other, NULL) == KH_ERR_ARG);
    kh_group_free(g);
}

int main(void)
{
    TEST_RUN("group/assign", TEST_CASE(assign_two_reports_join), TEST_CASE(assign_unrelated_apart),
             TEST_CASE(assign_exact_copy_is_duplicate), TEST_CASE(assign_window_eviction),
             TEST_CASE(assign_within_gap_joins), TEST_CASE(assign_past_gap_new_story),
             TEST_CASE(assign_copy_past_gap), TEST_CASE(assign_bridge_merges),
             TEST_CASE(restore_then_assign), TEST_CASE(assign_first_story_id),
             TEST_CASE(assign_null_and_empty), TEST_CASE(assign_entities_count),
             TEST_CASE(pair_similarity_orders));
}
