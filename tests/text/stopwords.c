/*
 * tests/text/stopwords.c - tests src/text/stopwords.c: common function
 * words are found in their match form, content words are not, and the
 * table is sorted (bsearch depends on it) and already in match form.
 */
#include "core/alloc.h"
#include "text/text.h"
#include "test.h"

static int is_stop(const char *w)
{
    return kh_text_is_stopword(w, strlen(w));
}

TEST(stopwords_arabic_function_words)
{
    const char *words[] = {"في",  "من",  "علي", "الي", "عن", "ان",    "كان", "التي", "الذي",
                           "هذا", "هذه", "ذلك", "تلك", "مع", "بين",   "قد",  "لم",   "لن",
                           "ما",  "لا",  "و",   "ثم",  "او", "هولاء", "حتي"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!is_stop(words[i]))
            fprintf(stderr, "  missing: %s\n", words[i]);
        CHECK(is_stop(words[i]));
    }
}

TEST(stopwords_verbs_of_saying)
{
    CHECK(is_stop("قال"));
    CHECK(is_stop("وقال"));
    CHECK(is_stop("اضاف"));
    CHECK(is_stop("واكد"));
}

TEST(stopwords_english)
{
    CHECK(is_stop("the"));
    CHECK(is_stop("of"));
    CHECK(is_stop("said"));
    CHECK(!is_stop("The")); /* match form is lower case */
}

TEST(stopwords_content_words)
{
    CHECK(!is_stop("الرياض"));
    CHECK(!is_stop("وزير"));
    CHECK(!is_stop("زيلينسكي"));
    CHECK(!is_stop("president"));
    CHECK(!is_stop("فيه_"));
    CHECK(!is_stop("فيها ")); /* length matters: no prefix matches */
}

TEST(stopwords_unnormalized_forms_not_found)
{
    /* Callers must normalise first: the table holds only the match form. */
    CHECK(!is_stop("إلى"));
    CHECK(!is_stop("على"));
    CHECK(is_stop("الي"));
}

TEST(stopwords_empty_and_null)
{
    CHECK(!kh_text_is_stopword(NULL, 3));
    CHECK(!kh_text_is_stopword("في", 0));
    CHECK(!is_stop(""));
}

TEST(stopwords_table_sorted_and_normalized)
{
    size_t n = kh_text_stopword_count();
    CHECK(n >= 150 && n <= 400);
    CHECK(kh_text_stopword_at(n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const char *w = kh_text_stopword_at(i);
        CHECK(w != NULL && *w);
        if (i > 0 && strcmp(kh_text_stopword_at(i - 1), w) >= 0)
            fprintf(stderr, "  out of order: %s\n", w);
        CHECK(i == 0 || strcmp(kh_text_stopword_at(i - 1), w) < 0);
        kh_buf b;
        kh_buf_init(&b, 256);
        CHECK(kh_text_normalize(w, strlen(w), &b) == KH_OK);
        if (strcmp(b.data, w) != 0)
            fprintf(stderr, "  not in match form: %s\n", w);
        int same = strcmp(b.data, w) == 0;
        kh_buf_clean(&b);
        CHECK(same);
        CHECK(is_stop(w));
    }
}

int main(void)
{
    TEST_RUN("text/stopwords", TEST_CASE(stopwords_arabic_function_words),
             TEST_CASE(stopwords_verbs_of_saying), TEST_CASE(stopwords_english),
             TEST_CASE(stopwords_content_words), TEST_CASE(stopwords_unnormalized_forms_not_found),
             TEST_CASE(stopwords_empty_and_null), TEST_CASE(stopwords_table_sorted_and_normalized));
}
