/*
 * tests/view/title.c - headline cleaning (outlet and wire prefixes, a
 * trailing outlet name) and the choice of a story's representative
 * headline.
 */
#include "test.h"
#include "view/view.h"

static char cleaned[1024];

static const char *clean(const char *t, const char *outlet)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_LINE);
    cleaned[0] = 0;
    if (kh_view_title_clean(t, outlet, &b) == KH_OK && b.data)
        snprintf(cleaned, sizeof cleaned, "%s", b.data);
    kh_buf_clean(&b);
    return cleaned;
}

TEST(clean_wire_prefixes)
{
    CHECK_STR(clean("سياسي / خادم الحرمين يستقبل رئيس الوزراء", NULL),
              "خادم الحرمين يستقبل رئيس الوزراء");
    CHECK_STR(clean("اقتصادي / ، ارتفاع أسعار النفط", NULL), "ارتفاع أسعار النفط");
    CHECK_STR(clean("عام / أمير المنطقة يدشن المشروع", NULL), "أمير المنطقة يدشن المشروع");
}

TEST(clean_outlet_labels)
{
    CHECK_STR(clean("عاجل: زلزال يضرب المدينة", NULL), "زلزال يضرب المدينة");
    CHECK_STR(clean("بالفيديو: لحظة سقوط الرافعة", NULL), "لحظة سقوط الرافعة");
    CHECK_STR(clean("شاهد: احتفالات العيد", NULL), "احتفالات العيد");
    CHECK_STR(clean("خاص - الوزير يكشف الخطة", NULL), "الوزير يكشف الخطة");
    CHECK_STR(clean("فيديو | هدف رائع في المباراة", NULL), "هدف رائع في المباراة");
    CHECK_STR(clean("عاجل | بالفيديو: انفجار في الميناء", NULL), "انفجار في الميناء");
    CHECK_STR(clean("[عاجل] انقطاع الكهرباء", NULL), "انقطاع الكهرباء");
}

TEST(clean_keeps_speaker_and_hyphen)
{
    /* A speaker before a colon is content, not a label. */
    CHECK_STR(clean("ماكرون: نريد سلاما دائما", NULL), "ماكرون: نريد سلاما دائما");
    CHECK_STR(clean("مكالمة ترامب-بوتين تثير القلق", NULL), "مكالمة ترامب-بوتين تثير القلق");
    /* A headline that is nothing but a label stays as it is. */
    CHECK_STR(clean("عاجل", NULL), "عاجل");
}

TEST(clean_trailing_outlet)
{
    CHECK_STR(clean("الهلال يفوز بالكأس - alwatan", "alwatan"), "الهلال يفوز بالكأس");
    CHECK_STR(clean("الهلال يفوز بالكأس - alwatan", "okaz"), "الهلال يفوز بالكأس - alwatan");
}

TEST(clean_null_and_empty)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_LINE);
    CHECK_INT(kh_view_title_clean(NULL, NULL, &b), KH_OK);
    CHECK_INT(b.len, 0);
    kh_buf_clean(&b);
    CHECK_STR(clean("", NULL), "");
}

TEST(pick_central_headline)
{
    static const char *const p1[] = {"التقى وزير الخارجية السعودي نظيره الفرنسي في باريس لبحث "
                                     "الأزمة اليمنية والعلاقات الثنائية بين البلدين."};
    static const char *const p2[] = {"بحث وزير الخارجية مع نظيره الفرنسي في باريس الأزمة "
                                     "اليمنية وسبل تعزيز العلاقات الثنائية."};
    static const char *const p3[] = {"عقد وزير الخارجية السعودي في العاصمة الفرنسية باريس "
                                     "مباحثات مع نظيره تناولت الأزمة اليمنية."};
    kh_view_article a[3] = {
        {"a", "o1", 1, "عاجل: وزير الخارجية يبحث مع نظيره الفرنسي الأزمة اليمنية في باريس", NULL,
         p1, 1, NULL, NULL, 0},
        {"b", "o2", 2, "صور من الحدث", NULL, p2, 1, NULL, NULL, 0},
        {"c", "o3", 3,
         "في لقاء مطول استمر ساعات بحضور عدد من المسؤولين والمستشارين والسفراء وزير الخارجية "
         "السعودي يعقد مباحثات موسعة مع نظيره تناولت ملفات عديدة بينها الأزمة اليمنية والعلاقات "
         "والتعاون الاقتصادي والثقافي",
         NULL, p3, 1, NULL, NULL, 0},
    };
    kh_view_story s = {"s", a, 3};
    long idx = -2;
    CHECK_INT(kh_view_title_pick(&s, &idx, NULL), KH_OK);
    CHECK_INT(idx, 0);
}

TEST(pick_no_titles_and_empty)
{
    kh_view_article a[1] = {{"a", "o1", 1, NULL, NULL, NULL, 0, "نص", NULL, 0}};
    kh_view_story s = {"s", a, 1};
    long idx = 5;
    CHECK_INT(kh_view_title_pick(&s, &idx, NULL), KH_OK);
    CHECK_INT(idx, -1);
    s.n_articles = 0;
    CHECK_INT(kh_view_title_pick(&s, &idx, NULL), KH_OK);
    CHECK_INT(idx, -1);
    CHECK_INT(kh_view_title_pick(NULL, &idx, NULL), KH_ERR_ARG);
}

int main(void)
{
    TEST_RUN("view/title", TEST_CASE(clean_wire_prefixes), TEST_CASE(clean_outlet_labels),
             TEST_CASE(clean_keeps_speaker_and_hyphen), TEST_CASE(clean_trailing_outlet),
             TEST_CASE(clean_null_and_empty), TEST_CASE(pick_central_headline),
             TEST_CASE(pick_no_titles_and_empty));
}
