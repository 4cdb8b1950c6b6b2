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

/* Fault injection, a no-op unless built with KH_FAULT_INJECT.  The state is
 * thread-local test scaffolding, not program state.
 *   kh_alloc_fail_after(n): calls after the next n succeed fail; -1 disables.
 *   kh_alloc_count(): allocations made since the last kh_alloc_fail_after(). */
void kh_alloc_fail_after(long n);
long kh_alloc_count(void);

#endif
