/*
 * src/core/arena.c - bump allocation in a chain of blocks.
 *
 * Blocks are 64 KiB, or larger for a single big request.  Alignment is that
 * of max_align_t.
 */
#include "core/arena.h"
#include "core/alloc.h"

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)64 << 10)

struct kh_arena_block {
    kh_arena_block *next;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

void kh_arena_init(kh_arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void kh_arena_clean(kh_arena *a)
{
    kh_arena_block *b = a->head;
    while (b) {
        kh_arena_block *next = b->next;
        kh_free(b);
        b = next;
    }
    kh_arena_init(a);
}

void *kh_arena_alloc(kh_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    size_t off = (a->used + align - 1) & ~(align - 1);
    if (!a->head || off > a->head->size || n > a->head->size - off) {
        size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
        kh_arena_block *b = kh_alloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->next = a->head;
        a->head = b;
        off = 0;
    }
    a->used = off + n;
    a->total += n;
    return a->head->data + off;
}

void *kh_arena_calloc(kh_arena *a, size_t n)
{
    void *p = kh_arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *kh_arena_strndup(kh_arena *a, const char *s, size_t n)
{
    char *d = kh_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *kh_arena_strdup(kh_arena *a, const char *s)
{
    return kh_arena_strndup(a, s, strlen(s));
}
