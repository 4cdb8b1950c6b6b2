/*
 * tests/view/unique.c - what each outlet adds: sentences with a fact no
 * other article of the story has.  On the seeds: China supplying weapons
 * to Russia is only in 000, Witkoff's "five territories" only in 001.
 * Invented two-outlet stories check each rule: numbers by value, names by
 * skeleton, paraphrases and datelines adding nothing, an item shown once.
 */
#include "seeds.h"
#include "test.h"
#include "view/view.h"
#include "core/alloc.h"

#include <limits.h>

/* Sentences of article `article` in v containing needle. */
static int count_with(const kh_view_sentences *v, size_t article, const char *needle)
{
    int n = 0;
    for (size_t i = 0; i < v->n; i++)
        n += v->items[i].article == article && strstr(v->items[i].text, needle) != NULL;
    return n;
}

static kh_rc seeds_unique(kh_view_sentences *v, size_t max_per_article)
{
    seed_story ss;
    char path[PATH_MAX];
    kh_view_model *m = NULL;
    memset(v, 0, sizeof *v);
    if (!seed_story_load(&ss)) {
        seed_story_free(&ss);
        return KH_ERR_IO;
    }
    kh_rc rc =
        kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m, NULL);
    if (rc == KH_OK)
        rc = kh_view_unique(&ss.story, m, max_per_article, v, NULL);
    kh_view_section_model_free(m);
    seed_story_free(&ss);
    return rc;
}

TEST(unique_seeds_china_weapons_only_in_000)
{
    kh_view_sentences v;
    CHECK_INT(seeds_unique(&v, 100), KH_OK);
    int in0 = count_with(&v, 0, "الصين"), in1 = count_with(&v, 1, "الصين");
    kh_view_sentences_clean(&v);
    CHECK_INT(in0, 1);
    CHECK_INT(in1, 0);
}

TEST(unique_seeds_five_territories_only_in_001)
{
    kh_view_sentences v;
    CHECK_INT(seeds_unique(&v, 100), KH_OK);
    int in1 = count_with(&v, 1, "بالأراضي الخمس"), in0 = count_with(&v, 0, "الخمس");
    kh_view_sentences_clean(&v);
    CHECK_INT(in1, 1);
    CHECK_INT(in0, 0);
}

TEST(unique_seeds_shared_names_are_not_new)
{
    /* 000's «the meetings were held in Paris days after Witkoff met Putin»:
     * Paris, Witkoff and Putin are all in 001 too. */
    kh_view_sentences v;
    CHECK_INT(seeds_unique(&v, 100), KH_OK);
    int n = count_with(&v, 0, "عقدت الاجتماعات في باريس");
    size_t total = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 0);
    CHECK(total > 2);
}

TEST(unique_seeds_at_most_five_per_article)
{
    kh_view_sentences v;
    CHECK_INT(seeds_unique(&v, 5), KH_OK);
    int n0 = 0, n1 = 0, ordered = 1;
    for (size_t i = 0; i < v.n; i++) {
        n0 += v.items[i].article == 0;
        n1 += v.items[i].article == 1;
        if (i && (v.items[i].article < v.items[i - 1].article ||
                  (v.items[i].article == v.items[i - 1].article &&
                   v.items[i].pos <= v.items[i - 1].pos)))
            ordered = 0;
    }
    kh_view_sentences_clean(&v);
    CHECK(n0 >= 1 && n0 <= 5);
    CHECK(n1 >= 1 && n1 <= 5);
    CHECK(ordered);
}

/* Two invented reports of one fire: B alone gives the number of injured,
 * A alone names the street; the rest they share. */
static const char *const fire_a[] = {
    "اندلع حريق كبير في مستودع للأخشاب بمدينة جدة صباح اليوم وهرعت فرق الدفاع المدني.",
    "وتمكنت الفرق من السيطرة على الحريق في شارع فلسطين بعد ثلاث ساعات من العمل."};
static const char *const fire_b[] = {
    "اندلع حريق كبير في مستودع للأخشاب بمدينة جدة صباح اليوم وهرعت فرق الدفاع المدني.",
    "وأسفر الحريق عن إصابة 14 عاملا نقلوا إلى المستشفى لتلقي العلاج."};

TEST(unique_number_and_entity_in_one_article)
{
    static const char *const ents_a[] = {"شارع فلسطين", "جدة"};
    static const char *const ents_b[] = {"جدة"};
    kh_view_article a[2] = {{"a", "okaz", 1, "حريق في جدة", NULL, fire_a, 2, NULL, ents_a, 2},
                            {"b", "alyaum", 2, "حريق مستودع", NULL, fire_b, 2, NULL, ents_b, 1}};
    kh_view_story s = {"s", a, 2};
    kh_view_sentences v;
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    int b14 = count_with(&v, 1, "14"), a_street = count_with(&v, 0, "شارع فلسطين");
    int shared = count_with(&v, 0, "اندلع") + count_with(&v, 1, "اندلع");
    kh_view_sentences_clean(&v);
    CHECK_INT(b14, 1);
    CHECK_INT(a_street, 1);
    CHECK_INT(shared, 0);
}

TEST(unique_number_behind_clitic_is_shared)
{
    /* "و16" in one article and "16" in the other are the same number. */
    static const char *const pa[] = {"قتل 37 مسلحا و16 جنديا في هجمات متفرقة شمال البلاد أمس."};
    static const char *const pb[] = {"أسفرت الهجمات المتفرقة عن مقتل 37 مسلحا و 16 جنديا أمس."};
    kh_view_article a[2] = {{"a", "okaz", 1, "هجمات", NULL, pa, 1, NULL, NULL, 0},
                            {"b", "alyaum", 2, "هجمات", NULL, pb, 1, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 2};
    kh_view_sentences v;
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 0);
}

TEST(unique_same_outlet_copy_does_not_hide_facts)
{
    /* okaz twice (a re-crawl) and alyaum: okaz's street is still new, and
     * shown once. */
    kh_view_article a[3] = {{"a", "okaz", 1, "حريق في جدة", NULL, fire_a, 2, NULL, NULL, 0},
                            {"a2", "okaz", 2, "حريق في جدة", NULL, fire_a, 2, NULL, NULL, 0},
                            {"b", "alyaum", 3, "حريق مستودع", NULL, fire_b, 2, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 3};
    kh_view_sentences v;
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    int first = count_with(&v, 0, "ثلاث ساعات"), copy = count_with(&v, 1, "ثلاث ساعات");
    int b14 = count_with(&v, 2, "14");
    kh_view_sentences_clean(&v);
    CHECK_INT(first, 1);
    CHECK_INT(copy, 0);
    CHECK_INT(b14, 1);
}

TEST(unique_same_text_adds_nothing)
{
    kh_view_article a[2] = {{"a", "okaz", 1, "حريق", NULL, fire_a, 2, NULL, NULL, 0},
                            {"b", "alyaum", 2, "حريق", NULL, fire_a, 2, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 2};
    kh_view_sentences v;
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 0);
}

/* A two-article story of okaz (pa) and alyaum (pb), one paragraph each. */
static kh_rc two_unique(const char *const *pa, size_t na, const char *const *ea, size_t nea,
                        const char *const *pb, size_t nb, const char *const *eb, size_t neb,
                        kh_view_sentences *v)
{
    kh_view_article a[2] = {{"a", "okaz", 1, "خبر", NULL, pa, na, NULL, ea, nea},
                            {"b", "alyaum", 2, "خبر", NULL, pb, nb, NULL, eb, neb}};
    kh_view_story s = {"s", a, 2};
    return kh_view_unique(&s, NULL, 5, v, NULL);
}

TEST(unique_number_forms_one_value)
{
    /* 1,500 مليون and ١٫٥ مليار (Arabic-Indic digits, Arabic decimal
     * separator) are one number; 1600 مليون is another. */
    static const char *const pa[] = {
        "أعلنت الشركة أرباحا صافية بلغت 1,500 مليون ريال خلال الربع الثاني."};
    static const char *const pb[] = {"وكشف بيان نشره موقع السوق أن المكاسب وصلت إلى ١٫٥ مليار."};
    static const char *const pc[] = {"وكشف بيان نشره موقع السوق أن المكاسب وصلت إلى 1600 مليون."};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 1, NULL, 0, pb, 1, NULL, 0, &v), KH_OK);
    size_t same = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(two_unique(pa, 1, NULL, 0, pc, 1, NULL, 0, &v), KH_OK);
    int a1500 = count_with(&v, 0, "1,500"), b1600 = count_with(&v, 1, "1600");
    kh_view_sentences_clean(&v);
    CHECK_INT(same, 0);
    CHECK_INT(a1500, 1);
    CHECK_INT(b1600, 1);
}

TEST(unique_name_spelling_variants_shared)
{
    /* زيلنسكي / زيلينسكي: one person; ماكرون is A's alone. */
    static const char *const pa[] = {
        "التقى الرئيس زيلنسكي وفدا من المشرعين في العاصمة لبحث الدعم العسكري.",
        "واتصل ماكرون هاتفيا بالوفد بعد انتهاء المحادثات الطويلة."};
    static const char *const ea[] = {"زيلنسكي", "ماكرون"};
    static const char *const pb[] = {
        "وأكد زيلينسكي في خطاب مسائي أن بلاده ستواصل القتال حتى النهاية."};
    static const char *const eb[] = {"زيلينسكي"};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 2, ea, 2, pb, 1, eb, 1, &v), KH_OK);
    int zel = count_with(&v, 0, "زيلنسكي") + count_with(&v, 1, "زيلينسكي");
    int mac = count_with(&v, 0, "ماكرون");
    kh_view_sentences_clean(&v);
    CHECK_INT(zel, 0);
    CHECK_INT(mac, 1);
}

TEST(unique_first_name_alone_not_shared)
{
    /* B's «علي» is not A's «علي الأحمدي»; B's «ماكرون» is A's «إيمانويل
     * ماكرون». */
    static const char *const pa[] = {
        "وقال علي الأحمدي الناطق باسم اللجنة إن العمل مستمر في الموقع.",
        "واتصل إيمانويل ماكرون بالمسؤولين هاتفيا بعد انتهاء الزيارة."};
    static const char *const ea[] = {"علي الأحمدي", "إيمانويل ماكرون"};
    static const char *const pb[] = {
        "واستقبل علي رئيس البلدية المشاركين في الحفل الختامي للمهرجان.",
        "وأشاد ماكرون في كلمة مسجلة بتنظيم المهرجان السنوي."};
    static const char *const eb[] = {"علي", "ماكرون"};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 2, ea, 2, pb, 2, eb, 2, &v), KH_OK);
    int ali = count_with(&v, 0, "الأحمدي"), mac = count_with(&v, 0, "ماكرون");
    kh_view_sentences_clean(&v);
    CHECK_INT(ali, 1);
    CHECK_INT(mac, 0);
}

TEST(unique_paraphrase_adds_nothing)
{
    /* B repeats A's sentence with a number A lacks: the same statement,
     * not listed; B's other sentence has a number of its own. */
    static const char *const pa[] = {
        "أعلنت وزارة الصحة تسجيل إصابات جديدة بالفيروس في مدينة جدة مساء اليوم."};
    static const char *const pb[] = {
        "أعلنت وزارة الصحة مساء اليوم تسجيل 25 إصابة جديدة بالفيروس في مدينة جدة.",
        "ونقل المصابون إلى المستشفى لتلقي العلاج بعد 12 ساعة من الانتظار."};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 1, NULL, 0, pb, 2, NULL, 0, &v), KH_OK);
    int p25 = count_with(&v, 1, "25"), p12 = count_with(&v, 1, "12 ساعة");
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(p25, 0);
    CHECK_INT(p12, 1);
    CHECK_INT(n, 1);
}

TEST(unique_dateline_and_byline_not_facts)
{
    static const char *const pa[] = {
        "الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس", "حنان خواسك – عين اليوم",
        "افتتح أمير المنطقة معرض الكتاب السنوي بحضور عدد من المسؤولين."};
    static const char *const pb[] = {
        "افتتح أمير المنطقة معرض الكتاب السنوي بحضور عدد من المسؤولين."};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 3, NULL, 0, pb, 1, NULL, 0, &v), KH_OK);
    size_t n = v.n;
    kh_view_sentences_clean(&v);
    CHECK_INT(n, 0);
}

TEST(unique_item_shown_once)
{
    /* A names الكويت twice and nothing else new: once is enough. */
    static const char *const pa[] = {"وصل الوفد إلى الكويت صباح أمس في زيارة رسمية قصيرة للتشاور.",
                                     "وغادر الوفد الكويت بعد ظهر اليوم متجها إلى بلاده."};
    static const char *const pb[] = {"بحث الوفد الزائر ملفات التعاون المشترك مع المسؤولين."};
    kh_view_sentences v;
    CHECK_INT(two_unique(pa, 2, NULL, 0, pb, 1, NULL, 0, &v), KH_OK);
    int kw = count_with(&v, 0, "الكويت");
    kh_view_sentences_clean(&v);
    CHECK_INT(kw, 1);
}

TEST(unique_single_article_and_null)
{
    kh_view_article a[1] = {{"a", "okaz", 1, "حريق", NULL, fire_b, 2, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 1};
    kh_view_sentences v;
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    CHECK_INT(v.n, 0);
    kh_view_sentences_clean(&v);
    CHECK_INT(kh_view_unique(NULL, NULL, 3, &v, NULL), KH_ERR_ARG);
}

TEST(unique_fault)
{
#ifdef KH_FAULT_INJECT
    kh_view_article a[2] = {{"a", "okaz", 1, "حريق في جدة", NULL, fire_a, 2, NULL, NULL, 0},
                            {"b", "alyaum", 2, "حريق مستودع", NULL, fire_b, 2, NULL, NULL, 0}};
    kh_view_story s = {"s", a, 2};
    kh_view_sentences v;
    kh_alloc_fail_after(1000000);
    CHECK_INT(kh_view_unique(&s, NULL, 3, &v, NULL), KH_OK);
    long n = kh_alloc_count();
    kh_view_sentences_clean(&v);
    CHECK(n > 10);
    for (long i = 0; i < n; i++) {
        kh_alloc_fail_after(i);
        kh_rc rc = kh_view_unique(&s, NULL, 3, &v, NULL);
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        kh_view_sentences_clean(&v);
    }
#else
    (void)kh_test_failed_;
#endif
}

int main(void)
{
    TEST_RUN("view/unique", TEST_CASE(unique_seeds_china_weapons_only_in_000),
             TEST_CASE(unique_seeds_five_territories_only_in_001),
             TEST_CASE(unique_seeds_shared_names_are_not_new),
             TEST_CASE(unique_seeds_at_most_five_per_article),
             TEST_CASE(unique_number_and_entity_in_one_article),
             TEST_CASE(unique_number_behind_clitic_is_shared),
             TEST_CASE(unique_same_outlet_copy_does_not_hide_facts),
             TEST_CASE(unique_same_text_adds_nothing), TEST_CASE(unique_number_forms_one_value),
             TEST_CASE(unique_name_spelling_variants_shared),
             TEST_CASE(unique_first_name_alone_not_shared),
             TEST_CASE(unique_paraphrase_adds_nothing),
             TEST_CASE(unique_dateline_and_byline_not_facts), TEST_CASE(unique_item_shown_once),
             TEST_CASE(unique_single_article_and_null), TEST_CASE(unique_fault));
}
