/*
 * src/core/arena.h - a bump allocator for things that die together.
 *
 * Everything derived from one page (its strings, lines, tokens, entity spans)
 * comes from the article's arena and is released in one kh_arena_clean()
 * call; nothing inside is freed piecemeal (lexbor's per-document mraw).
 * Depends on: core/alloc.
 */
#ifndef KH_CORE_ARENA_H
#define KH_CORE_ARENA_H

#include <stddef.h>

typedef struct kh_arena_block kh_arena_block;

typedef struct kh_arena {
    kh_arena_block *head; /* owns the chain of blocks */
    size_t used;          /* bytes used in head */
    size_t total;         /* bytes handed out overall, for accounting */
} kh_arena;

void kh_arena_init(kh_arena *a);
void kh_arena_clean(kh_arena *a); /* frees every block; a can be reused */
/* Returns n bytes aligned for any type, or NULL when memory runs out. */
void *kh_arena_alloc(kh_arena *a, size_t n);
void *kh_arena_calloc(kh_arena *a, size_t n);
char *kh_arena_strndup(kh_arena *a, const char *s, size_t n);
char *kh_arena_strdup(kh_arena *a, const char *s);

#endif
