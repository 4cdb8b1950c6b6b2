/*
 * tests/core/hash.c - tests src/core/hash.c and src/core/arena.c: insert,
 * look up, grow, iterate, owned values, and failing allocations.
 */
#include "core/alloc.h"
#include "core/hash.h"
#include "test.h"

#include <stdio.h>

TEST(hash_put_get_grow)
{
    kh_hash h;
    kh_hash_init(&h, NULL);
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "مفتاح%d", i);
        int added;
        kh_hval *v = kh_hash_put(&h, key, (size_t)n, &added);
        CHECK(v != NULL && added);
        v->i = i;
    }
    CHECK_INT(h.n_used, 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "مفتاح%d", i);
        kh_hval *v = kh_hash_get(&h, key, (size_t)n);
        CHECK(v != NULL);
        CHECK_INT(v->i, i);
    }
    CHECK(kh_hash_get(&h, "absent", 6) == NULL);
    int added = 1;
    CHECK(kh_hash_put(&h, "مفتاح7", strlen("مفتاح7"), &added)->i == 7);
    CHECK(!added);
    size_t pos = 0, seen = 0;
    while (kh_hash_next(&h, &pos))
        seen++;
    CHECK_INT(seen, 5000);
    kh_hash_clean(&h);
}

TEST(hash_empty_get)
{
    kh_hash h;
    kh_hash_init(&h, NULL);
    CHECK(kh_hash_get(&h, "", 0) == NULL);
    kh_hash_clean(&h);
}

TEST(hash_owns_values)
{
    kh_hash h;
    kh_hash_init(&h, kh_free);
    kh_hval *v = kh_hash_put(&h, "a", 1, NULL);
    CHECK(v);
    v->ptr = kh_strdup("value");
    CHECK(v->ptr);
    kh_hash_clean(&h); /* ASan reports a leak if the value is not freed */
}

TEST(arena_alignment_and_big)
{
    kh_arena a;
    kh_arena_init(&a);
    char *s = kh_arena_strdup(&a, "x");
    CHECK_STR(s, "x");
    double *d = kh_arena_alloc(&a, sizeof *d);
    CHECK(d && ((size_t)d % _Alignof(double)) == 0);
    char *big = kh_arena_calloc(&a, 1 << 20);
    CHECK(big && big[12345] == 0);
    kh_arena_clean(&a);
}

TEST(hash_fault)
{
    for (long k = 0; k < 40; k++) {
        kh_hash h;
        kh_hash_init(&h, NULL);
        kh_alloc_fail_after(k);
        int ok = 1;
        char key[16];
        for (int i = 0; i < 100 && ok; i++) {
            int n = snprintf(key, sizeof key, "k%d", i);
            ok = kh_hash_put(&h, key, (size_t)n, NULL) != NULL;
        }
        kh_alloc_fail_after(-1);
        if (ok)
            CHECK_INT(h.n_used, 100);
        kh_hash_clean(&h);
    }
}

int main(void)
{
    TEST_RUN("core/hash", TEST_CASE(hash_put_get_grow), TEST_CASE(hash_empty_get),
             TEST_CASE(hash_owns_values), TEST_CASE(arena_alignment_and_big),
             TEST_CASE(hash_fault));
}
