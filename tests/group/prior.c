/*
 * tests/group/prior.c - tests src/group/prior.c: the prior IDF table
 * written from learned documents and read back, explicit paths that are
 * missing or not a table, no table at all (""), allocation failures while
 * loading, and what the table is for: on a fresh clusterer, two reports of
 * one event score higher with the shipped models/idf.model than without.
 */
#include "core/alloc.h"
#include "group/group_int.h"
#include "test.h"

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#define T0 1439200000

static const kh_group_doc DOCS[] = {
    {"a", "x", T0, "حريق في مصنع الورق بالدمام",
     "اندلع حريق في مصنع الورق بالدمام واخمده الدفاع المدني دون اصابات", NULL, 0, 0},
    {"b", "y", T0 + 60, "الدفاع المدني يخمد حريق مصنع الورق",
     "اخمد الدفاع المدني حريقا في مصنع الورق بالدمام ولا اصابات", NULL, 0, 0},
    {"c", "x", T0 + 120, "الهلال يفوز على النصر", "فاز الهلال على النصر بثلاثة اهداف", NULL, 0, 0},
};

/* A table of DOCS in a temporary file; path filled, 0 on success. */
static int write_table(char *path, size_t cap, unsigned min_df)
{
    snprintf(path, cap, "/tmp/kh-prior-%ld.model", (long)getpid());
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.idf_path = "";
    kh_group *g = kh_group_new(&o, NULL);
    int ok = g != NULL;
    for (size_t i = 0; ok && i < sizeof DOCS / sizeof DOCS[0]; i++)
        ok = kh_group_learn(g, &DOCS[i], NULL) == KH_OK;
    ok = ok && kh_group_prior_write(g, path, min_df, NULL) == KH_OK;
    kh_group_free(g);
    return ok ? 0 : -1;
}

static kh_group *with_table(const char *path, kh_err *err)
{
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.idf_path = path;
    return kh_group_new(&o, err);
}

TEST(prior_write_then_load)
{
    char path[128];
    CHECK(write_table(path, sizeof path, 2) == 0);
    gzFile f = gzopen(path, "rb");
    CHECK(f);
    char line[128];
    int head = gzgets(f, line, sizeof line) != NULL;
    gzclose(f);
    CHECK(head);
    CHECK_STR(line, "khabar-idf 1 snowball 3\n");
    kh_group *g = with_table(path, NULL);
    unlink(path);
    CHECK(g);
    /* words of two of the three documents: fire, factory, paper, Dammam... */
    int ok = g->prior_n == 3 && g->prior.n_used >= 4;
    size_t pos = 0;
    kh_hash_slot *s;
    while ((s = kh_hash_next(&g->prior, &pos)))
        ok = ok && s->val.i >= 2 && s->val.i <= 3;
    kh_group_free(g);
    CHECK(ok);
}

TEST(prior_missing_explicit_path)
{
    kh_err err;
    kh_err_init(&err, "t");
    kh_group *g = with_table("/nonexistent/idf.model", &err);
    CHECK(!g);
    CHECK_INT(err.rc, KH_ERR_IO);
}

TEST(prior_not_a_table)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/kh-prior-bad-%ld.model", (long)getpid());
    gzFile f = gzopen(path, "wb");
    CHECK(f);
    gzputs(f, "hello\t3\n");
    gzclose(f);
    kh_err err;
    kh_err_init(&err, "t");
    kh_group *g = with_table(path, &err);
    unlink(path);
    CHECK(!g);
    CHECK_INT(err.rc, KH_ERR_PARSE);
}

TEST(prior_empty_path_none)
{
    kh_group *g = with_table("", NULL);
    CHECK(g);
    int none = g->prior_n == 0 && g->prior.n_used == 0;
    kh_group_free(g);
    CHECK(none);
}

TEST(prior_write_null)
{
    CHECK_INT(kh_group_prior_write(NULL, "/tmp/x", 1, NULL), KH_ERR_ARG);
}

/* Every allocation of loading a small table failed in turn. */
TEST(prior_load_fault)
{
    char path[128];
    CHECK(write_table(path, sizeof path, 1) == 0);
    kh_alloc_fail_after(1000000);
    kh_group *g = with_table(path, NULL);
    long n = kh_alloc_count();
    kh_alloc_fail_after(-1);
    kh_group_free(g);
    int ok = g != NULL;
    for (long i = 0; ok && i < n; i++) {
        kh_err err;
        kh_err_init(&err, "t");
        kh_alloc_fail_after(i);
        kh_group *h = with_table(path, &err);
        kh_alloc_fail_after(-1);
        ok = h || err.rc == KH_ERR_NOMEM;
        kh_group_free(h);
    }
    unlink(path);
    CHECK(ok);
}

/* With few documents seen, the online IDF weighs the words two reports
 * share below those they do not; the shipped table fixes that. */
TEST(prior_fresh_clusterer_pair)
{
    double sim[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        kh_group_opts o;
        kh_group_opts_init(&o);
        o.idf_path = k == 0 ? "" : "models/idf.model";
        kh_group *g = kh_group_new(&o, NULL);
        CHECK(g);
        kh_group_result r;
        int ok = kh_group_assign(g, &DOCS[0], &r, NULL) == KH_OK &&
                 kh_group_assign(g, &DOCS[1], &r, NULL) == KH_OK;
        sim[k] = r.sim;
        kh_group_free(g);
        CHECK(ok);
    }
    printf("  second report: %.3f without the prior, %.3f with\n", sim[0], sim[1]);
    CHECK(sim[1] > sim[0] + 0.1);
}

int main(void)
{
    TEST_RUN("group/prior", TEST_CASE(prior_write_then_load),
             TEST_CASE(prior_missing_explicit_path), TEST_CASE(prior_not_a_table),
             TEST_CASE(prior_empty_path_none), TEST_CASE(prior_write_null),
             TEST_CASE(prior_load_fault), TEST_CASE(prior_fresh_clusterer_pair));
}
