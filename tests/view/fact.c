/*
 * tests/view/fact.c - the pieces of a fact (src/view/fact.c): numbers as
 * Arabic news writes them, date words, statements versus datelines and
 * bylines, and the keys that make two spellings of a word one.
 */
#include "test.h"
#include "view/view_int.h"

#include <math.h>

/* The match form of s, NUL-terminated, in b (caller cleans). */
static const char *norm(kh_buf *b, const char *s)
{
    kh_buf_init(b, KH_CAP_LINE);
    if (kh_text_normalize(s, strlen(s), b) != KH_OK || !b->data)
        return "";
    return b->data;
}

/* The value of number text num followed by word next (may be NULL), or
 * -1 when it is no number. */
static double value(const char *num, const char *next)
{
    kh_buf a, b;
    const char *w = norm(&a, num), *nx = next ? norm(&b, next) : NULL;
    double v = -1;
    if (!kh_view_fact_number(w, strlen(w), nx, nx ? strlen(nx) : 0, &v))
        v = -1;
    kh_buf_clean(&a);
    if (next)
        kh_buf_clean(&b);
    return v;
}

TEST(fact_number_separators)
{
    CHECK(fabs(value("1,095", NULL) - 1095) < 1e-9);
    CHECK(fabs(value("1.234.567", NULL) - 1234567) < 1e-9);
    CHECK(fabs(value("2.5", NULL) - 2.5) < 1e-9);
    CHECK(fabs(value("١٬٥٠٠", NULL) - 1500) < 1e-9);     /* Arabic thousands separator */
    CHECK(fabs(value("١٫٥", NULL) - 1.5) < 1e-9);        /* Arabic decimal separator */
    CHECK(fabs(value("1,36", "مليون") - 1.36e6) < 1e-3); /* a decimal comma */
    CHECK(fabs(value("135,65", NULL) - 135.65) < 1e-9);
}

TEST(fact_number_multiplier)
{
    CHECK(fabs(value("4", "مليارات") - 4e9) < 1);
    CHECK(fabs(value("627", "ألف") - 627000) < 1e-6);
    CHECK(fabs(value("46", "مليون") - 46e6) < 1e-3);
    CHECK(fabs(value("46", "جنيه") - 46) < 1e-9);
    /* الفريق starts like الف but is no multiplier. */
    CHECK(fabs(value("3", "الفريق") - 3) < 1e-9);
}

TEST(fact_number_not_a_number)
{
    double v;
    CHECK(!kh_view_fact_number("", 0, NULL, 0, &v));
    CHECK(!kh_view_fact_number(",", 1, NULL, 0, &v));
}

TEST(fact_date_words)
{
    kh_buf b;
    const char *w = norm(&b, "أغسطس");
    CHECK(kh_view_fact_date_word(w, strlen(w)));
    kh_buf_clean(&b);
    CHECK(kh_view_fact_date_word("شوال", strlen("شوال")));
    CHECK(!kh_view_fact_date_word("شارع", strlen("شارع")));
}

TEST(fact_statement_dateline_byline)
{
    kh_buf b;
    const char *t = norm(&b, "بكين 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس");
    CHECK(!kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    t = norm(&b, "حنان خواسك – عين اليوم");
    CHECK(!kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    /* Short but a sentence: it ends with a full stop. */
    t = norm(&b, "وصل الوفد الكويتي إلى جدة أمس.");
    CHECK(kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    t = norm(&b, "أعلنت وزارة الصحة تسجيل إصابات جديدة بالفيروس في مدينة جدة");
    CHECK(kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    CHECK(!kh_view_fact_statement("", 0));
    /* An outlet's link line and tag line; a sentence that begins like a tag
     * line but ends like a sentence stays. */
    t = norm(&b, "رابط الخبر بصحيفة الوئام: الرئيس اليمني يعلن أبين محافظة محررة خلال ساعات");
    CHECK(!kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    t = norm(&b, "سمات ابها بكالوريوس جامعة الملك خالد");
    CHECK(!kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
    t = norm(&b, "سمات التميز في شخصية الرجل منوعة ومؤثرة وأكبر من أن تحصى.");
    CHECK(kh_view_fact_statement(t, strlen(t)));
    kh_buf_clean(&b);
}

/* True when match forms of a and b share a key of kind k. */
static int share_key(kh_stemmer *st, const char *a, const char *b, char k)
{
    char ka[KH_VIEW_KEYS][KH_VIEW_KEY_MAX], kb[KH_VIEW_KEYS][KH_VIEW_KEY_MAX];
    kh_buf x, y;
    const char *na = norm(&x, a), *nb = norm(&y, b);
    size_t n = kh_view_fact_word_keys(st, na, strlen(na), ka);
    size_t m = kh_view_fact_word_keys(st, nb, strlen(nb), kb);
    int same = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            same |= ka[i][0] == k && strcmp(ka[i], kb[j]) == 0;
    kh_buf_clean(&x);
    kh_buf_clean(&y);
    return same;
}

TEST(fact_word_keys_variants)
{
    kh_stemmer *st = kh_text_stemmer_new(KH_STEM_LIGHT);
    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(share_key(st, "زيلنسكي", "زيلينسكي", 'k'));
    CHECK(share_key(st, "بالأراضي", "الأراضي", 'w'));
    CHECK(share_key(st, "لروسيا", "روسيا", 'w'));
    CHECK(share_key(st, "أوروبا", "الأوروبية", 's'));
    /* Short skeletons never meet: بوتين is not بيتان. */
    CHECK(!share_key(st, "بوتين", "بيتان", 'k'));
    CHECK(!share_key(st, "ماكرون", "بوتين", 'k') && !share_key(st, "ماكرون", "بوتين", 'w'));
    CHECK_INT(kh_view_fact_strip_clitic("ولي", strlen("ولي")), 0);
    kh_text_stemmer_free(st);
}

int main(void)
{
    TEST_RUN("view/fact", TEST_CASE(fact_number_separators), TEST_CASE(fact_number_multiplier),
             TEST_CASE(fact_number_not_a_number), TEST_CASE(fact_date_words),
             TEST_CASE(fact_statement_dateline_byline), TEST_CASE(fact_word_keys_variants));
}
