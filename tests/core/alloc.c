/*
 * tests/core/alloc.c - tests src/core/alloc.c: the growable-array step
 * kh_grow (doubling, contents kept, a failed step leaving the array whole,
 * overflow refused) and the string copies.
 */
#include "core/alloc.h"
#include "test.h"

#include <stdint.h>

TEST(grow_doubles_and_keeps_contents)
{
    int *a = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++) {
        int *p = kh_grow(a, n, &cap, sizeof *a, 4);
        CHECK(p != NULL);
        a = p;
        a[n++] = i * 7;
    }
    CHECK_INT(cap, 128); /* 4, 8, ..., 128 */
    for (size_t i = 0; i < n; i++)
        CHECK_INT(a[i], (int)i * 7);
    /* Room left: the same array, cap unchanged. */
    CHECK(kh_grow(a, 101, &cap, sizeof *a, 4) == a);
    CHECK_INT(cap, 128);
    kh_free(a);
}

TEST(grow_first_cap_zero_takes_one)
{
    char *a = NULL;
    size_t cap = 0;
    CHECK((a = kh_grow(a, 0, &cap, 1, 0)) != NULL);
    CHECK_INT(cap, 1);
    kh_free(a);
}

TEST(grow_fault_leaves_array)
{
    long *a = NULL;
    size_t cap = 0;
    CHECK((a = kh_grow(a, 0, &cap, sizeof *a, 2)) != NULL);
    a[0] = 11;
    a[1] = 22;
    kh_alloc_fail_after(0);
    long *p = kh_grow(a, 2, &cap, sizeof *a, 2);
    kh_alloc_fail_after(-1);
    CHECK(p == NULL);
    CHECK_INT(cap, 2);
    CHECK(a[0] == 11 && a[1] == 22);
    kh_free(a);
}

TEST(grow_overflow_refused)
{
    char one = 0;
    size_t cap = SIZE_MAX / 2 + 1; /* doubling would wrap */
    CHECK(kh_grow(&one, cap, &cap, 2, 8) == NULL);
    CHECK(cap == SIZE_MAX / 2 + 1);
}

TEST(strndup_copies_and_ends)
{
    char *s = kh_strndup("خبر عاجل", strlen("خبر"));
    CHECK_STR(s, "خبر");
    kh_free(s);
    s = kh_strdup("");
    CHECK_STR(s, "");
    kh_free(s);
}

int main(void)
{
    TEST_RUN("core/alloc", TEST_CASE(grow_doubles_and_keeps_contents),
             TEST_CASE(grow_first_cap_zero_takes_one), TEST_CASE(grow_fault_leaves_array),
             TEST_CASE(grow_overflow_refused), TEST_CASE(strndup_copies_and_ends));
}
