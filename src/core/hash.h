/*
 * src/core/hash.h - a hash table from byte-string keys to one machine word.
 *
 * Used for vocabularies, stop words, feature weights and inverted indexes.
 * The table copies its keys into its own arena; values are a union of a
 * pointer and an integer.  If free_val is given the table owns pointer
 * values and frees them in kh_hash_clean(); otherwise it borrows them.
 * Open addressing with linear probing, xxHash3 hashes, grows at 70% load.
 * Depends on: core/alloc, core/arena, core/err.
 */
#ifndef KH_CORE_HASH_H
#define KH_CORE_HASH_H

#include "core/arena.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

typedef union kh_hval {
    void *ptr;
    int64_t i;
    double d;
} kh_hval;

typedef struct kh_hash_slot {
    const char *key; /* borrows the table's arena; NULL when empty */
    uint32_t key_len;
    uint32_t hash32;
    kh_hval val;
} kh_hash_slot;

typedef struct kh_hash {
    kh_hash_slot *slots; /* owns */
    size_t n_slots;      /* a power of two, or 0 */
    size_t n_used;
    kh_arena keys; /* owns the key bytes */
    void (*free_val)(void *);
} kh_hash;

void kh_hash_init(kh_hash *h, void (*free_val)(void *));
void kh_hash_clean(kh_hash *h);
/* The value of key, or NULL if absent. */
kh_hval *kh_hash_get(const kh_hash *h, const char *key, size_t key_len);
/* The value of key, inserted as zero if absent (*added tells which; may be
 * NULL).  Returns NULL only when memory runs out.  The pointer is valid until
 * the next insertion. */
kh_hval *kh_hash_put(kh_hash *h, const char *key, size_t key_len, int *added);
/* kh_hash_put with hv = kh_hash_bytes(key, key_len, 0) already computed by
 * the caller (who keeps it, e.g. for a cache in front of the table). */
kh_hval *kh_hash_put_hashed(kh_hash *h, const char *key, size_t key_len, uint64_t hv, int *added);
/* Iterates: start with *pos = 0; returns NULL at the end. */
kh_hash_slot *kh_hash_next(const kh_hash *h, size_t *pos);

uint64_t kh_hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
