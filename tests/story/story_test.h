/*
 * tests/story/story_test.h - a small store for the story tests, built the
 * way `khabar ingest` builds one: the bundled sample (examples/sample,
 * twelve pages and records, six stories) or the two seed pages of
 * ../shared/seeds, with the NER model when it loads (entities then come as
 * `khabar ingest --entities` gives them).  Shared by the programs of
 * tests/story, so everything is static.
 */
#ifndef KH_TESTS_STORY_TEST_H
#define KH_TESTS_STORY_TEST_H

#include "../store/store_test.h"
#include "analyse/analyse.h"
#include "ingest/ingest.h"
#include "story/story.h"
#include "test.h"

#define SEED_000 "000_2dcdea4e522631e9.txt"
#define SEED_001 "001_41531be9f591d7eb.txt"

/* Opens a new store in a temporary folder and ingests each of paths into
 * it (entities with the NER model when with_ner and it loads).  NULL on
 * failure. */
static inline kh_store *story_test_store(const char *const *paths, size_t n, int with_ner)
{
    char db[600];
    kh_err err;
    kh_err_init(&err, NULL);
    kh_ner_model *ner = NULL;
    kh_ingest *in = NULL;
    kh_store *s = NULL;
    kh_rc rc = KH_ERR_IO;
    if (!tmp_path("story.db", db, sizeof db) || !(s = kh_store_open(db, &err)))
        goto done;
    if (with_ner && kh_analyse_ner_load(NULL, &ner, &err) != KH_OK)
        ner = NULL;
    kh_ingest_opts o = {0, ner, 0, NULL, NULL, NULL};
    if (!(in = kh_ingest_new(s, &o, &err)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if ((rc = kh_ingest_path(in, paths[i], &err)) != KH_OK)
            goto done;
    rc = kh_ingest_finish(in, &err);
done:
    if (rc != KH_OK)
        fprintf(stderr, "  story_test_store: %s\n", err.msg);
    kh_ingest_free(in);
    kh_analyse_ner_free(ner);
    if (rc != KH_OK) {
        kh_store_close(s);
        return NULL;
    }
    return s;
}

/* The store of the bundled sample (run from the repository root). */
static inline kh_store *story_test_sample(void)
{
    const char *paths[] = {"examples/sample"};
    return story_test_store(paths, 1, 0);
}

/* The store of the two seed pages; path_000 and path_001 get their article
 * ids (their paths). */
static inline kh_store *story_test_seeds(char *path_000, char *path_001, size_t cap)
{
    snprintf(path_000, cap, "%s/seeds/%s", kh_test_shared(), SEED_000);
    snprintf(path_001, cap, "%s/seeds/%s", kh_test_shared(), SEED_001);
    const char *paths[] = {path_000, path_001};
    return story_test_store(paths, 2, 1);
}

/* 1 when the array of strings (or of objects with a "sentence") has one
 * containing needle. */
static inline int story_test_has(const json_t *list, const char *needle)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *s = json_is_string(x) ? json_string_value(x)
                                          : json_string_value(json_object_get(x, "sentence"));
        if (s && strstr(s, needle))
            return 1;
    }
    return 0;
}

#endif
