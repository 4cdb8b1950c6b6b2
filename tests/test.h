/*
 * tests/test.h - the test harness (after Redis's testhelp.h and lexbor's
 * TEST_BEGIN/TEST_ADD): one executable per tested file, cases named after
 * their input, a last line "suite: N passed, N failed" that tests/run.sh
 * adds up.
 *
 *   TEST(normalize_tatweel) { CHECK(...); CHECK_STR(got, "want"); }
 *   int main(void) { TEST_RUN("text/normalize", normalize_tatweel, ...); }
 *
 * A case stops at its first failed CHECK.  kh_test_shared() gives the path
 * of ../shared (or $KH_SHARED) for real material.
 */
#ifndef KH_TEST_H
#define KH_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kh_test_case {
    const char *name;
    void (*fn)(int *failed);
} kh_test_case;

#define TEST(name) static void name(int *kh_test_failed_)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);             \
            *kh_test_failed_ = 1;                                                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "  %s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
            *kh_test_failed_ = 1;                                                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                   \
            fprintf(stderr, "  %s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,      \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
            *kh_test_failed_ = 1;                                                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static inline const char *kh_test_shared(void)
{
    const char *s = getenv("KH_SHARED");
    return s && *s ? s : "../shared";
}

static inline int kh_test_run(const char *suite, const kh_test_case *cases, size_t n)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        int f = 0;
        cases[i].fn(&f);
        printf("%s %s/%s\n", f ? "FAIL" : "ok  ", suite, cases[i].name);
        fflush(stdout);
        if (f)
            failed++;
        else
            passed++;
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}

#define TEST_CASE(fn)                                                                              \
    {                                                                                              \
#fn, fn                                                                                    \
    }
#define TEST_RUN(suite, ...)                                                                       \
    do {                                                                                           \
        static const kh_test_case cases_[] = {__VA_ARGS__};                                        \
        return kh_test_run(suite, cases_, sizeof cases_ / sizeof cases_[0]);                       \
    } while (0)

#endif
