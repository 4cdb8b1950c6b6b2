/*
 * tests/analyse/dup_lanes.c - tests the MinHash lanes of src/analyse/dup.c
 * one by one: each lane version the processor has (AVX-512, AVX2) must give
 * the scalar version's minima to the bit.  dup.c's own test only reaches
 * the version chosen at run time, so this one includes the file to call its
 * static functions (the library's copy of dup.c is then not linked in).
 */
#include "analyse/dup.c"
#include "test.h"

/* A block of shingle hashes from a fixed generator, and fresh minima. */
static void fill(uint64_t *sh, size_t n, uint64_t seed)
{
    uint64_t z = seed;
    for (size_t i = 0; i < n; i++) {
        z = z * 6364136223846793005ull + 1442695040888963407ull;
        sh[i] = z ^ (z >> 17);
    }
}

static void seeds_and_minima(uint64_t *seeds, uint64_t *mins)
{
    fill(seeds, KH_DUP_N_HASHES, 7);
    for (int i = 0; i < KH_DUP_N_HASHES; i++)
        mins[i] = UINT32_MAX;
}

/* Runs one version over blocks of n = 0, 1, 3 and 256 shingles (minima
 * carried from block to block, as sign() does) and compares each block's
 * result with the scalar version's. */
static int agrees(void (*fn)(const uint64_t *, const uint64_t *, size_t, uint64_t *))
{
    static const size_t sizes[] = {0, 1, 3, 256, 256};
    uint64_t seeds[KH_DUP_N_HASHES], want[KH_DUP_N_HASHES], got[KH_DUP_N_HASHES], sh[256];
    seeds_and_minima(seeds, want);
    memcpy(got, want, sizeof got);
    for (size_t b = 0; b < sizeof sizes / sizeof sizes[0]; b++) {
        fill(sh, sizes[b], 100 + b);
        min_block_scalar(seeds, sh, sizes[b], want);
        fn(seeds, sh, sizes[b], got);
        if (memcmp(got, want, sizeof got) != 0)
            return 0;
    }
    /* Something moved, and every minimum fits 32 bits. */
    for (int i = 0; i < KH_DUP_N_HASHES; i++)
        if (want[i] >= UINT32_MAX)
            return 0;
    return 1;
}

/* A hash of all ones in every lane must stay all ones (no carry into the
 * upper halves the AVX2 version keeps at zero). */
static int keeps_max(void (*fn)(const uint64_t *, const uint64_t *, size_t, uint64_t *))
{
    uint64_t seeds[KH_DUP_N_HASHES], want[KH_DUP_N_HASHES], got[KH_DUP_N_HASHES];
    seeds_and_minima(seeds, want);
    memcpy(got, want, sizeof got);
    fn(seeds, NULL, 0, got);
    return memcmp(got, want, sizeof got) == 0;
}

TEST(dup_lanes_avx2_as_scalar)
{
#ifdef MINHASH_LANES
    if (!__builtin_cpu_supports("avx2")) {
        fprintf(stderr, "  (no AVX2 here: not run)\n");
        return;
    }
    CHECK(agrees(min_block_avx2));
    CHECK(keeps_max(min_block_avx2));
#endif
}

TEST(dup_lanes_avx512_as_scalar)
{
#ifdef MINHASH_LANES
    if (!__builtin_cpu_supports("avx512dq") || !__builtin_cpu_supports("avx512f")) {
        fprintf(stderr, "  (no AVX-512 here: not run)\n");
        return;
    }
    CHECK(agrees(min_block_avx512));
    CHECK(keeps_max(min_block_avx512));
#endif
}

TEST(dup_lanes_chosen_as_scalar)
{
    CHECK(agrees(min_block));
}

int main(void)
{
    TEST_RUN("analyse/dup_lanes", TEST_CASE(dup_lanes_avx2_as_scalar),
             TEST_CASE(dup_lanes_avx512_as_scalar), TEST_CASE(dup_lanes_chosen_as_scalar));
}
