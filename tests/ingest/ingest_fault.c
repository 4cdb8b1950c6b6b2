/*
 * tests/ingest/ingest_fault.c - every allocation of ingesting a small
 * JSONL file (record parsing, articles, the driver), failed in turn: a
 * clean KH_ERR_NOMEM from the driver or success, never a record wrongly
 * counted as bad, a crash or a leak (ASan).  Stories are off: the
 * clusterer's own faults are tested in tests/group.  Needs the test build
 * (-DKH_FAULT_INJECT).
 */
#include "core/alloc.h"
#include "ingest/ingest_int.h"
#include "../store/store_test.h"
#include "test.h"

static const char records[] =
    "{\"id\": \"g1\", \"url\": \"http://x/1\", \"outlet\": \"okaz\", \"published\": "
    "\"2015-08-10T10:00:00+03:00\", \"title\": \"أمطار غزيرة\", \"text\": \"سطر أول\\nسطر "
    "\\u0627\"}\n"
    "{\"id\": 2, \"title\": \"معرض الكتاب\", \"html\": null, \"text\": \"افتتح المعرض.\", "
    "\"extra\": [1, {\"a\": \"b\"}]}\n";

static kh_rc run_once(const char *db, const char *input, long *skipped)
{
    kh_err err;
    kh_err_init(&err, NULL);
    kh_ingest *in = NULL;
    kh_store *s = kh_store_open(db, &err);
    kh_rc rc = s ? KH_OK : err.rc;
    kh_ingest_opts o = {0, NULL, 1, NULL, NULL, NULL};
    if (rc == KH_OK && !(in = kh_ingest_new(s, &o, &err)))
        rc = err.rc;
    if (rc == KH_OK)
        rc = kh_ingest_path(in, input, &err);
    if (rc == KH_OK)
        rc = kh_ingest_finish(in, &err);
    if (in)
        *skipped = kh_ingest_stats_get(in)->skipped;
    kh_ingest_free(in);
    kh_store_close(s);
    return rc;
}

TEST(ingest_fault_jsonl_file)
{
    char input[600];
    CHECK(tmp_path("in.jsonl", input, sizeof input));
    FILE *f = fopen(input, "w");
    CHECK(f);
    fputs(records, f);
    fclose(f);
    char db[600];
    CHECK(tmp_path("k.db", db, sizeof db));
    long skipped = 0;
    kh_alloc_fail_after(1000000);
    CHECK_INT(run_once(db, input, &skipped), KH_OK);
    long total = kh_alloc_count();
    kh_alloc_fail_after(-1);
    CHECK_INT(skipped, 0);
    for (long i = 0; i < total; i++) {
        CHECK(tmp_path("k.db", db, sizeof db));
        skipped = 0;
        kh_alloc_fail_after(i);
        kh_rc rc = run_once(db, input, &skipped);
        kh_alloc_fail_after(-1);
        if ((rc != KH_OK && rc != KH_ERR_NOMEM) || skipped != 0) {
            fprintf(stderr, "  allocation %ld: rc %d, %ld skipped\n", i, rc, skipped);
            CHECK(0);
        }
    }
}

int main(void)
{
    TEST_RUN("ingest/ingest_fault", TEST_CASE(ingest_fault_jsonl_file));
}
