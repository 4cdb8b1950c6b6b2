/*
 * src/core/alloc.c - counted allocation with optional fault injection.
 *
 * See alloc.h.  In release builds these are thin wrappers over malloc.
 */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef KH_FAULT_INJECT
static _Thread_local long fail_after = -1;
static _Thread_local long n_calls;

static int should_fail(void)
{
    n_calls++;
    if (fail_after < 0)
        return 0;
    if (fail_after == 0)
        return 1;
    fail_after--;
    return 0;
}

void kh_alloc_fail_after(long n)
{
    fail_after = n;
    n_calls = 0;
}

long kh_alloc_count(void)
{
    return n_calls;
}
#else
static int should_fail(void)
{
    return 0;
}

void kh_alloc_fail_after(long n)
{
    (void)n;
}

long kh_alloc_count(void)
{
    return 0;
}
#endif

void *kh_alloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *kh_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *kh_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void kh_free(void *p)
{
    free(p);
}

void *kh_grow(void *items, size_t n, size_t *cap, size_t size, size_t first_cap)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : (first_cap ? first_cap : 1);
    if (ncap <= n)
        ncap = n + 1;
    if (size && ncap > SIZE_MAX / size)
        return NULL;
    void *p = kh_realloc(items, ncap * size);
    if (p)
        *cap = ncap;
    return p;
}

char *kh_strndup(const char *s, size_t n)
{
    char *d = kh_alloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *kh_strdup(const char *s)
{
    return kh_strndup(s, strlen(s));
}
