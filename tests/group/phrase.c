/*
 * tests/group/phrase.c - tests src/group/phrase.c through the clusterer:
 * the entity grey zone (assign.c) joins two reports of one invented event
 * scoring under the threshold when they share a rare entity key and
 * several specific phrases, and only then.
 */
#include "core/alloc.h"
#include "group/group.h"
#include "test.h"

#define T0 1439200000 /* 2015-08-10 */

/* One invented event told twice: the second report's lead is about the
 * visitors; the names (the hall, the foundation, the library, the
 * calligraphers) come at the end of both. */
#define A_TITLE "افتتاح معرض المخطوطات النادرة في جدة"
#define A_BODY                                                                                                                                                          \
    "افتتحت وزيرة التراث سلوى المنصوري مساء امس معرض المخطوطات النادرة ويضم المعرض ثلاثمئة "   \
    "مخطوطة من القرن الرابع الهجري بينها مصاحف مذهبة ورسائل فلكية وكتب طب نادرة وخرائط بحرية " \
    "رسمها ملاحون قبل ستة قرون ويستمر المعرض اسبوعين ويفتح ابوابه يوميا من الرابعة عصرا حتى "   \
    "منتصف الليل. ويقام المعرض في قاعة المرجان وتشارك فيه مؤسسة الفهري للتراث ومكتبة ابن رشد "  \
    "وجمعية الخطاطين السوريين"
#define B_TITLE "تراثي / كنوز الورق امام الزوار"
#define B_LEAD                                                                                                                                                               \
    "يتوافد الزوار منذ الصباح لمشاهدة المخطوطات والخطوط الملونة والاغلفة الجلدية التي جمعت من "  \
    "مكتبات الشام والعراق والمغرب وتعرض الاجنحة ادوات النساخ. وكانت وزيرة التراث سلوى المنصوري " \
    "قد افتتحت المعرض "
#define B_NAMES                                                                                    \
    "في قاعة المرجان بمشاركة مؤسسة الفهري للتراث ومكتبة ابن رشد وجمعية الخطاطين السوريين"
/* The same sentence with other names: no phrase in common. */
#define B_OTHER "في صالة الياقوت بمشاركة دار القباني للنشر ونادي الشعراء الشباب"

static const char *const KEYS[] = {"سلوي المنصوري", "مؤسسه الفهري"};

/* A clusterer (default options: the prior IDF of models/idf.model) that
 * has seen a little unrelated text. */
static kh_group *new_group(void)
{
    static const char *const background[] = {
        "افتتح وزير الصحة مستشفى جديدا في مدينة تبوك بسعة 300 سرير",
        "ارتفع مؤشر سوق الاسهم السعودية في تداولات اليوم بدعم من قطاع البنوك",
        "اعلنت الجامعة موعد بدء التسجيل للطلاب المستجدين في البرامج الصيفية",
    };
    kh_group *g = kh_group_new(NULL, NULL);
    for (size_t i = 0; g && i < sizeof background / sizeof background[0]; i++) {
        kh_group_doc d = {"bg", NULL, T0, NULL, background[i], NULL, 0, 0};
        if (kh_group_learn(g, &d, NULL) != KH_OK) {
            kh_group_free(g);
            return NULL;
        }
    }
    return g;
}

/* Assigns the two reports (B with body b_body) with the given keys; 1 if
 * they land in one story, 0 if not, -1 on an error.  *sim: the second's. */
static int pair_joins(const char *b_body, const char *const *keys, size_t n_keys, int n_before,
                      double *sim)
{
    kh_group *g = new_group();
    if (!g)
        return -1;
    int out = -1;
    kh_group_result r, r1, r2;
    /* Unrelated articles naming the same people make the keys common. */
    for (int i = 0; i < n_before; i++) {
        kh_group_doc o = {"other",
                          "z",
                          T0,
                          "الهلال يفوز على النصر في الدوري",
                          "حقق فريق الهلال فوزا كبيرا على منافسه النصر بثلاثة اهداف",
                          keys,
                          n_keys,
                          0};
        if (kh_group_assign(g, &o, &r, NULL) != KH_OK)
            goto done;
    }
    kh_group_doc a = {"a", "x", T0, A_TITLE, A_BODY, keys, n_keys, 0};
    kh_group_doc b = {"b", "y", T0 + 3600, B_TITLE, b_body, keys, n_keys, 0};
    if (kh_group_assign(g, &a, &r1, NULL) != KH_OK || kh_group_assign(g, &b, &r2, NULL) != KH_OK)
        goto done;
    *sim = r2.sim;
    out = r2.story == r1.story;
done:
    kh_group_free(g);
    return out;
}

TEST(phrase_entity_grey_joins)
{
    double with = 0, without = 0;
    /* Without keys the reports stay apart, under the threshold but in
     * the zone... */
    CHECK_INT(pair_joins(B_LEAD B_NAMES, NULL, 0, 0, &without), 0);
    CHECK(without >= 0.42 - 0.15 && without < 0.42);
    /* ...with a rare key and the phrases in common, they join at the
     * threshold. */
    CHECK_INT(pair_joins(B_LEAD B_NAMES, KEYS, 2, 0, &with), 1);
    CHECK(with >= 0.42 && with < 0.43);
}

TEST(phrase_entity_without_phrases_apart)
{
    /* The same keys, but the names of several words differ: apart. */
    double sim = 0;
    CHECK_INT(pair_joins(B_LEAD B_OTHER, KEYS, 2, 0, &sim), 0);
    CHECK(sim < 0.42);
}

TEST(phrase_common_entity_apart)
{
    /* Keys already seen in two other articles are not rare among so few
     * documents (at most 2 of them): no join. */
    double sim = 0;
    CHECK_INT(pair_joins(B_LEAD B_NAMES, KEYS, 2, 2, &sim), 0);
    CHECK(sim < 0.42);
}

TEST(phrase_empty_keys)
{
    /* NULL, empty and repeated keys, and a count without an array. */
    const char *odd[] = {NULL, "", "سلوي المنصوري", "سلوي المنصوري"};
    double sim = 0;
    CHECK(pair_joins(B_LEAD B_NAMES, odd, 4, 0, &sim) >= 0);
    kh_group *g = new_group();
    CHECK(g);
    kh_group_doc d = {"n", "x", T0, A_TITLE, A_BODY, NULL, 3, 0};
    kh_group_result r;
    CHECK(kh_group_assign(g, &d, &r, NULL) == KH_OK);
    CHECK(r.is_new == 1);
    kh_group_doc e = {"e", "x", T0, NULL, NULL, KEYS, 2, 0};
    CHECK(kh_group_assign(g, &e, &r, NULL) == KH_OK);
    kh_group_free(g);
}

int main(void)
{
    TEST_RUN("group/phrase", TEST_CASE(phrase_entity_grey_joins),
             TEST_CASE(phrase_entity_without_phrases_apart), TEST_CASE(phrase_common_entity_apart),
             TEST_CASE(phrase_empty_keys));
}
