/*
 * tests/analyse/variant.c - spelling variants of names: skeletons, the
 * pairs that must merge and the different people that must not.
 */
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "test.h"

/* Forms for merge tests: display = key (match form is what the caller gives). */
static kh_variant_form form(const char *key, kh_entity_type t, size_t count, size_t doc)
{
    kh_variant_form f;
    memset(&f, 0, sizeof f);
    f.display = key;
    f.key = key;
    f.type = t;
    f.count = count;
    f.doc = doc;
    return f;
}

/* Index of the entity holding display form s, or -1. */
static long entity_of(const kh_entity *e, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < e[i].n_variants; v++)
            if (strcmp(e[i].variants[v], s) == 0)
                return (long)i;
    return -1;
}

TEST(skeleton_zelensky)
{
    char a[64], b[64];
    kh_analyse_variant_skeleton("زيلنسكي", strlen("زيلنسكي"), a, sizeof a);
    kh_analyse_variant_skeleton("زيلينسكي", strlen("زيلينسكي"), b, sizeof b);
    CHECK_STR(a, "زلنسك");
    CHECK_STR(b, "زلنسك");
}

TEST(skeleton_initial_vowel_kept)
{
    char a[64];
    kh_analyse_variant_skeleton("يرماك", strlen("يرماك"), a, sizeof a);
    CHECK_STR(a, "يرمك");
    kh_analyse_variant_skeleton("ييرماك", strlen("ييرماك"), a, sizeof a);
    CHECK_STR(a, "يرمك");
}

TEST(skeleton_empty_and_small_cap)
{
    char a[4];
    CHECK_INT(kh_analyse_variant_skeleton("", 0, a, sizeof a), 0);
    CHECK_STR(a, "");
    /* Cut at the cap, still NUL-terminated and whole characters. */
    size_t n = kh_analyse_variant_skeleton("زيلنسكي", strlen("زيلنسكي"), a, sizeof a);
    CHECK(n == 2);
    CHECK_STR(a, "ز");
}

TEST(same_transliterations)
{
    CHECK(kh_analyse_variant_same("زيلنسكي", "زيلينسكي"));
    CHECK(kh_analyse_variant_same("ييرماك", "يرماك"));
    CHECK(kh_analyse_variant_same("اندري", "اندريه"));
    CHECK(kh_analyse_variant_same("اندري ييرماك", "اندريه يرماك"));
    CHECK(kh_analyse_variant_same("فولوديمير زيلنسكي", "فولوديمير زيلينسكي"));
}

TEST(same_keeps_people_apart)
{
    CHECK(!kh_analyse_variant_same("محمد", "احمد"));
    CHECK(!kh_analyse_variant_same("محمد", "محمود"));
    CHECK(!kh_analyse_variant_same("عمر", "عمرو")); /* Omar and Amr: two names */
    CHECK(!kh_analyse_variant_same("سلمان", "سليمان"));
    CHECK(!kh_analyse_variant_same("حسن", "حسين"));
    CHECK(!kh_analyse_variant_same("اندري ييرماك", "اندري سيبيغا"));
    CHECK(!kh_analyse_variant_same("دونالد ترامب", "ايفانكا ترامب"));
    CHECK(!kh_analyse_variant_same("ترامب", "دونالد ترامب")); /* word counts differ */
    /* The article adds two letters, not two letters of the name. */
    CHECK(!kh_analyse_variant_same("السلمان", "السليمان"));
    CHECK(!kh_analyse_variant_same("الحسن", "الحسني"));
    CHECK(kh_analyse_variant_same("الزيلنسكي", "الزيلينسكي"));
}

TEST(merge_clitics_and_article)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {
        form("روبيو", KH_ENTITY_PERSON, 5, 0), form("وروبيو", KH_ENTITY_PERSON, 1, 0),
        form("الكرملين", KH_ENTITY_ORG, 3, 0), form("كرملين", KH_ENTITY_ORG, 1, 0),
        form("وكرملين", KH_ENTITY_PLACE, 1, 0)};
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 5, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 3);
    CHECK_STR(e[0].name, "روبيو");
    CHECK_INT(e[0].count, 6);
    CHECK_INT(e[0].n_variants, 2);
    CHECK_STR(e[1].name, "الكرملين");
    CHECK_INT(e[1].count, 4);
    CHECK(entity_of(e, n, "وكرملين") == 2); /* another type: not merged by a clitic */
    kh_arena_clean(&a);
}

TEST(merge_last_name_joins_full_name)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {
        form("ماكرون", KH_ENTITY_PERSON, 6, 0), form("ايمانويل ماكرون", KH_ENTITY_PERSON, 1, 0),
        form("ترامب", KH_ENTITY_PERSON, 3, 0), form("دونالد ترامب", KH_ENTITY_PERSON, 1, 0),
        form("ايفانكا ترامب", KH_ENTITY_PERSON, 1, 0)};
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 5, &a, &e, &n, NULL) == KH_OK);
    CHECK(entity_of(e, n, "ماكرون") == entity_of(e, n, "ايمانويل ماكرون"));
    CHECK_STR(e[entity_of(e, n, "ماكرون")].name, "ماكرون"); /* most frequent form */
    /* Two Trumps: the bare surname joins neither. */
    CHECK(entity_of(e, n, "دونالد ترامب") != entity_of(e, n, "ايفانكا ترامب"));
    CHECK(entity_of(e, n, "ترامب") != entity_of(e, n, "دونالد ترامب"));
    CHECK_INT(n, 4);
    kh_arena_clean(&a);
}

/* A person's article is part of a family name (الفيصل, المنصور), while a
 * place's or an organisation's is not (الكرملين = كرملين, in
 * merge_clitics_and_article); و still goes (والفيصل = الفيصل). */
TEST(merge_family_name_keeps_article)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {
        form("فيصل", KH_ENTITY_PERSON, 4, 0),    form("الفيصل", KH_ENTITY_PERSON, 3, 0),
        form("والفيصل", KH_ENTITY_PERSON, 1, 0), form("السلمان", KH_ENTITY_PERSON, 1, 0),
        form("سلمان", KH_ENTITY_PERSON, 2, 0),   form("السليمان", KH_ENTITY_PERSON, 1, 0)};
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 6, &a, &e, &n, NULL) == KH_OK);
    CHECK(entity_of(e, n, "فيصل") != entity_of(e, n, "الفيصل"));
    CHECK(entity_of(e, n, "والفيصل") == entity_of(e, n, "الفيصل"));
    CHECK(entity_of(e, n, "سلمان") != entity_of(e, n, "السليمان"));
    CHECK(entity_of(e, n, "السلمان") != entity_of(e, n, "السليمان"));
    CHECK_INT(n, 5);
    kh_arena_clean(&a);
}

/* فيصل بن فهد ends with his father's name, أبو مازن with his son's, آل
 * سعود with the family's: the bare names are other people; ماكرون still
 * joins إيمانويل ماكرون. */
TEST(merge_bare_name_not_a_relative)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {
        form("فهد", KH_ENTITY_PERSON, 3, 0),    form("فيصل بن فهد", KH_ENTITY_PERSON, 1, 0),
        form("مازن", KH_ENTITY_PERSON, 2, 0),   form("ابو مازن", KH_ENTITY_PERSON, 1, 0),
        form("سعود", KH_ENTITY_PERSON, 2, 0),   form("محمد ال سعود", KH_ENTITY_PERSON, 1, 0),
        form("ماكرون", KH_ENTITY_PERSON, 2, 0), form("ايمانويل ماكرون", KH_ENTITY_PERSON, 1, 0)};
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 8, &a, &e, &n, NULL) == KH_OK);
    CHECK(entity_of(e, n, "فهد") != entity_of(e, n, "فيصل بن فهد"));
    CHECK(entity_of(e, n, "مازن") != entity_of(e, n, "ابو مازن"));
    CHECK(entity_of(e, n, "سعود") != entity_of(e, n, "محمد ال سعود"));
    CHECK(entity_of(e, n, "ماكرون") == entity_of(e, n, "ايمانويل ماكرون"));
    CHECK_INT(n, 7);
    kh_arena_clean(&a);
}

TEST(merge_distinct_contexts_stay_apart)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {
        form("زيلنسكي", KH_ENTITY_PERSON, 3, 0), form("زيلينسكي", KH_ENTITY_PERSON, 2, 0),
        form("زيلنسكي", KH_ENTITY_PERSON, 3, 1), form("زيلينسكي", KH_ENTITY_PERSON, 2, 1)};
    f[0].ctx[0] = 11, f[0].n_ctx = 1;
    f[1].ctx[0] = 22, f[1].n_ctx = 1; /* doc 0: no neighbour shared */
    f[2].ctx[0] = 33, f[2].n_ctx = 1;
    f[3].ctx[0] = 33, f[3].n_ctx = 1; /* doc 1: a shared neighbour */
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 2, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 2);
    CHECK(kh_analyse_variant_merge(f + 2, 2, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 1);
    CHECK_INT(e[0].count, 5);
    /* Once rare, the second form merges whatever its neighbours. */
    f[1].count = 1;
    CHECK(kh_analyse_variant_merge(f, 2, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 1);
    kh_arena_clean(&a);
}

TEST(merge_same_key_other_type)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_variant_form f[] = {form("بوتين", KH_ENTITY_PERSON, 4, 0),
                           form("بوتين", KH_ENTITY_PLACE, 1, 0)};
    kh_entity *e;
    size_t n;
    CHECK(kh_analyse_variant_merge(f, 2, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 1);
    CHECK(e[0].type == KH_ENTITY_PERSON);
    CHECK_INT(e[0].n_variants, 1);
    CHECK_INT(e[0].count, 5);
    kh_arena_clean(&a);
}

TEST(merge_empty)
{
    kh_arena a;
    kh_arena_init(&a);
    kh_entity *e = (kh_entity *)1;
    size_t n = 7;
    CHECK(kh_analyse_variant_merge(NULL, 0, &a, &e, &n, NULL) == KH_OK);
    CHECK_INT(n, 0);
    CHECK(e == NULL);
    kh_arena_clean(&a);
}

TEST(merge_fault)
{
    kh_variant_form f[] = {form("زيلنسكي", KH_ENTITY_PERSON, 3, 0),
                           form("زيلينسكي", KH_ENTITY_PERSON, 1, 0),
                           form("روبيو", KH_ENTITY_PERSON, 2, 0)};
    int failed_once = 0;
    for (long k = 0; k < 200; k++) {
        kh_arena a;
        kh_arena_init(&a);
        kh_entity *e;
        size_t n;
        kh_err err;
        kh_err_init(&err, "fault");
        kh_alloc_fail_after(k);
        kh_rc rc = kh_analyse_variant_merge(f, 3, &a, &e, &n, &err);
        kh_alloc_fail_after(-1);
        kh_arena_clean(&a);
        if (rc == KH_OK) {
            CHECK_INT(n, 2);
            break;
        }
        CHECK(rc == KH_ERR_NOMEM);
        failed_once = 1;
    }
#ifdef KH_FAULT_INJECT
    CHECK(failed_once);
#else
    (void)failed_once;
#endif
}

/* Long two-word names (light keys cut at 256 bytes), each word's skeleton
 * kept in its form and compared with every other form's: the second words
 * of the first two differ by a long vowel only (same skeleton), the third
 * form's by three letters: two entities, as kh_analyse_variant_same says. */
TEST(merge_long_two_word_names)
{
    static const char *const letters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س",
                                          "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل"};
    char w1[512] = "", w2[512] = "", w2a[512] = "", w2b[512] = "";
    for (int i = 0; i < 66; i++) {
        strcat(w1, letters[i % 22]);
        strcat(w2, letters[(i + 5) % 22]);
        strcat(w2a, letters[(i + 5) % 22]);
        strcat(w2b, letters[(i + (i >= 10 && i < 13 ? 6 : 5)) % 22]);
        if (i == 30)
            strcat(w2a, "ا");
    }
    char k1[1100], k2[1100], k3[1100];
    snprintf(k1, sizeof k1, "%s %s", w1, w2);
    snprintf(k2, sizeof k2, "%s %s", w1, w2a);
    snprintf(k3, sizeof k3, "%s %s", w1, w2b);
    CHECK(kh_analyse_variant_same(k1, k2));
    CHECK(!kh_analyse_variant_same(k1, k3));
    kh_variant_form f[] = {form(k1, KH_ENTITY_PERSON, 2, 0), form(k2, KH_ENTITY_PERSON, 1, 0),
                           form(k3, KH_ENTITY_PERSON, 1, 0)};
    kh_arena a;
    kh_arena_init(&a);
    kh_entity *e;
    size_t n;
    CHECK_INT(kh_analyse_variant_merge(f, 3, &a, &e, &n, NULL), KH_OK);
    CHECK_INT(n, 2);
    CHECK_INT(entity_of(e, n, k1), entity_of(e, n, k2));
    CHECK(entity_of(e, n, k3) != entity_of(e, n, k1));
    kh_arena_clean(&a);
}

int main(void)
{
    TEST_RUN("analyse/variant", TEST_CASE(skeleton_zelensky),
             TEST_CASE(skeleton_initial_vowel_kept), TEST_CASE(skeleton_empty_and_small_cap),
             TEST_CASE(same_transliterations), TEST_CASE(same_keeps_people_apart),
             TEST_CASE(merge_clitics_and_article), TEST_CASE(merge_last_name_joins_full_name),
             TEST_CASE(merge_family_name_keeps_article), TEST_CASE(merge_bare_name_not_a_relative),
             TEST_CASE(merge_distinct_contexts_stay_apart), TEST_CASE(merge_same_key_other_type),
             TEST_CASE(merge_empty), TEST_CASE(merge_fault), TEST_CASE(merge_long_two_word_names));
}
