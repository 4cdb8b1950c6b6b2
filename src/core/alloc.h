/*
 * src/core/alloc.h - the one door through which khabar allocates.
 *
 * Every allocation goes through kh_alloc()/kh_calloc()/kh_realloc() so that a
 * test build (-DKH_FAULT_INJECT) can make the Nth call fail and check that
 * each caller returns KH_ERR_NOMEM cleanly (SQLite's faultsim, curl -t).
 * Memory from SQLite, jansson or gumbo is theirs and is not counted.
 * Depends on: nothing.
 */
#ifndef KH_CORE_ALLOC_H
#define KH_CORE_ALLOC_H

#include <stddef.h>

void *kh_alloc(size_t n);
void *kh_calloc(size_t count, size_t size);
void *kh_realloc(void *p, size_t n);
void kh_free(void *p);
char *kh_strndup(const char *s, size_t n);
char *kh_strdup(const char *s);

/* Room for element n of a growable array of size-byte elements with *cap
 * allocated: items itself while n < *cap, else items moved to twice *cap
 * (first_cap when empty) with *cap updated, or NULL when memory runs out
 * or the size would overflow (items then untouched).  The one place the
 * doubling is written:
 *     if (!(p = kh_grow(a->items, a->n, &a->cap, sizeof *a->items, 16)))
 *         return KH_ERR_NOMEM;
 *     a->items = p; */
void *kh_grow(void *items, size_t n, size_t *cap, size_t size, size_t first_cap);

/* Fault injection, a no-op unless built with KH_FAULT_INJECT.  The state is
 * thread-local test scaffolding, not program state.
 *   kh_alloc_fail_after(n): calls after the next n succeed fail; -1 disables.
 *   kh_alloc_count(): allocations made since the last kh_alloc_fail_after(). */
void kh_alloc_fail_after(long n);
long kh_alloc_count(void);

#endif
