/*
 * tests/search/fts_tokenizer.c - the "khabar" FTS5 tokenizer: spelling
 * variants meet on one token, offsets point into the text as written.
 */
#include "search/search.h"
#include "test.h"

#include <string.h>

typedef struct toks {
    char s[1024]; /* "tok|tok~|..." colocated tokens get a trailing '+' */
    size_t n;
    size_t start[64], end[64];
} toks;

static int collect(const char *tok, size_t len, size_t start, size_t end, int colocated, void *ctx)
{
    toks *t = ctx;
    size_t used = strlen(t->s);
    if (used + len + 3 >= sizeof t->s || t->n >= 64)
        return 1;
    if (used)
        t->s[used++] = '|';
    memcpy(t->s + used, tok, len);
    used += len;
    if (colocated)
        t->s[used++] = '+';
    t->s[used] = '\0';
    t->start[t->n] = start;
    t->end[t->n] = end;
    t->n++;
    return 0;
}

static void run(const char *text, toks *t)
{
    memset(t, 0, sizeof *t);
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_search_tokens(text, strlen(text), collect, t, &err) != KH_OK)
        t->s[0] = '!';
}

TEST(tokens_hamza_alef_forms)
{
    toks a, b;
    run("أوكرانيا", &a);
    run("اوكرانيا", &b);
    CHECK(a.n > 0);
    CHECK_STR(a.s, b.s);
}

TEST(tokens_definite_article_stem)
{
    toks a, b;
    run("البيت", &a);
    run("بيت", &b);
    CHECK_STR(a.s, b.s);
    CHECK_STR(a.s, "بيت"); /* three letters: no skeleton synonym */
}

TEST(tokens_skeleton_long_vowel_variants)
{
    toks a, b;
    run("زيلنسكي", &a);
    run("زيلينسكي", &b);
    CHECK_INT(a.n, 2);
    CHECK_INT(b.n, 2);
    /* The stems differ, the colocated skeletons are the same. */
    CHECK(strcmp(a.s, b.s) != 0);
    const char *ka = strchr(a.s, '|'), *kb = strchr(b.s, '|');
    CHECK(ka && kb);
    CHECK_STR(ka, kb);
    CHECK(ka[1] == '~');
}

TEST(tokens_offsets_point_into_display_text)
{
    /* Harakat and tatweel are in the word as written; the offsets cover
     * them so a snippet highlights what the outlet wrote. */
    const char *text = "قالَ الرئيـــس: نعم";
    toks t;
    run(text, &t);
    CHECK(t.n >= 3);
    CHECK_INT(t.start[0], 0);
    CHECK_INT(t.end[0], strlen("قالَ"));
    size_t second = strlen("قالَ ");
    CHECK_INT(t.start[1], second);
    CHECK_INT(t.end[1], second + strlen("الرئيـــس"));
}

TEST(tokens_punctuation_and_latin_digits)
{
    toks t;
    run("«الفائدة» 5.75% Reuters!", &t);
    CHECK(strstr(t.s, "reuters") != NULL);
    CHECK(strstr(t.s, "5") != NULL);
    CHECK(strstr(t.s, "«") == NULL);
    CHECK(strstr(t.s, "%") == NULL);
}

TEST(tokens_bad_utf8_is_skipped)
{
    toks t;
    run("بيت \xff\xfe كتب", &t);
    CHECK(t.s[0] != '!');
    CHECK(strstr(t.s, "\xff") == NULL);
}

TEST(tokens_empty)
{
    toks t;
    run("", &t);
    CHECK_INT(t.n, 0);
}

TEST(tokens_null)
{
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_search_tokens(NULL, 0, collect, NULL, &err), KH_ERR_ARG);
}

TEST(register_null_db)
{
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_search_register(NULL, &err) != KH_OK);
}

int main(void)
{
    TEST_RUN("search/fts_tokenizer", TEST_CASE(tokens_hamza_alef_forms),
             TEST_CASE(tokens_definite_article_stem),
             TEST_CASE(tokens_skeleton_long_vowel_variants),
             TEST_CASE(tokens_offsets_point_into_display_text),
             TEST_CASE(tokens_punctuation_and_latin_digits), TEST_CASE(tokens_bad_utf8_is_skipped),
             TEST_CASE(tokens_empty), TEST_CASE(tokens_null), TEST_CASE(register_null_db));
}
