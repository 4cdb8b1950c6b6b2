/*
 * src/core/hash.c - open-addressing hash table with byte-string keys.
 *
 * See hash.h.  Deletion is not supported: khabar's tables only grow and are
 * dropped whole, which keeps probing simple (no tombstones).
 */
#include "core/hash.h"
#include "core/alloc.h"

#include <string.h>
/* xxHash compiled in (the header's XXH_INLINE_ALL): the same function as
 * the shared library's, without a call through the PLT, and with its paths
 * for short inputs (a word is 2-20 bytes) inlined into kh_hash_bytes. */
#define XXH_INLINE_ALL
#include <xxhash.h>

static kh_rc resize(kh_hash *h, size_t n_slots);

void kh_hash_init(kh_hash *h, void (*free_val)(void *))
{
    h->slots = NULL;
    h->n_slots = 0;
    h->n_used = 0;
    kh_arena_init(&h->keys);
    h->free_val = free_val;
}

void kh_hash_clean(kh_hash *h)
{
    if (h->free_val) {
        for (size_t i = 0; i < h->n_slots; i++)
            if (h->slots[i].key)
                h->free_val(h->slots[i].val.ptr);
    }
    kh_free(h->slots);
    kh_arena_clean(&h->keys);
    kh_hash_init(h, h->free_val);
}

uint64_t kh_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(p, n, seed);
}

kh_hval *kh_hash_get(const kh_hash *h, const char *key, size_t key_len)
{
    if (h->n_slots == 0)
        return NULL;
    uint64_t hv = kh_hash_bytes(key, key_len, 0);
    size_t mask = h->n_slots - 1;
    for (size_t i = hv & mask;; i = (i + 1) & mask) {
        kh_hash_slot *s = &h->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash32 == (uint32_t)hv && s->key_len == key_len && memcmp(s->key, key, key_len) == 0)
            return &s->val;
    }
}

kh_hval *kh_hash_put(kh_hash *h, const char *key, size_t key_len, int *added)
{
    return kh_hash_put_hashed(h, key, key_len, kh_hash_bytes(key, key_len, 0), added);
}

kh_hval *kh_hash_put_hashed(kh_hash *h, const char *key, size_t key_len, uint64_t hv, int *added)
{
    if (added)
        *added = 0;
    if (key_len > UINT32_MAX)
        return NULL;
    if ((h->n_used + 1) * 10 > h->n_slots * 7 &&
        resize(h, h->n_slots ? h->n_slots * 2 : 16) != KH_OK)
        return NULL;
    size_t mask = h->n_slots - 1;
    size_t i = hv & mask;
    for (;; i = (i + 1) & mask) {
        kh_hash_slot *s = &h->slots[i];
        if (!s->key)
            break;
        if (s->hash32 == (uint32_t)hv && s->key_len == key_len && memcmp(s->key, key, key_len) == 0)
            return &s->val;
    }
    char *copy = kh_arena_strndup(&h->keys, key, key_len);
    if (!copy)
        return NULL;
    kh_hash_slot *s = &h->slots[i];
    s->key = copy;
    s->key_len = (uint32_t)key_len;
    s->hash32 = (uint32_t)hv;
    s->val.i = 0;
    h->n_used++;
    if (added)
        *added = 1;
    return &s->val;
}

kh_hash_slot *kh_hash_next(const kh_hash *h, size_t *pos)
{
    while (*pos < h->n_slots) {
        kh_hash_slot *s = &h->slots[(*pos)++];
        if (s->key)
            return s;
    }
    return NULL;
}

static kh_rc resize(kh_hash *h, size_t n_slots)
{
    kh_hash_slot *slots = kh_calloc(n_slots, sizeof *slots);
    if (!slots)
        return KH_ERR_NOMEM;
    size_t mask = n_slots - 1;
    for (size_t j = 0; j < h->n_slots; j++) {
        kh_hash_slot *old = &h->slots[j];
        if (!old->key)
            continue;
        uint64_t hv = kh_hash_bytes(old->key, old->key_len, 0);
        size_t i = hv & mask;
        while (slots[i].key)
            i = (i + 1) & mask;
        slots[i] = *old;
    }
    kh_free(h->slots);
    h->slots = slots;
    h->n_slots = n_slots;
    return KH_OK;
}
