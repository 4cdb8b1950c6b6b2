/*
 * tests/group/assign_fault.c - allocation failures in the clusterer
 * (assign.c and the files it drives): count the allocations of a small
 * run, then fail each in turn.  Pass: every call returns KH_OK or
 * KH_ERR_NOMEM, and nothing leaks (ASan).  Needs the test build
 * (-DKH_FAULT_INJECT, `make test`); elsewhere it counts nothing.
 */
#include "core/alloc.h"
#include "group/group.h"
#include "test.h"

#define T0 1439200000

/* Entity keys: the phrases and keys of phrase.c allocate too. */
static const char *const KEYS[] = {"الدمام", "الدفاع المدني"};

static const kh_group_doc DOCS[] = {
    {"a", "x", T0, "حريق في مصنع الورق بالدمام",
     "اندلع حريق في مصنع الورق بالدمام واخمده الدفاع المدني دون اصابات", KEYS, 2, 0},
    {"b", "y", T0 + 60, "الدفاع المدني يخمد حريق مصنع الورق",
     "اخمد الدفاع المدني حريقا في مصنع الورق بالدمام ولا اصابات", KEYS, 2, 0},
    {"c", "x", T0 + 120, "الهلال يفوز على النصر", "فاز الهلال على النصر بثلاثة اهداف", NULL, 0, 0},
    {"d", "z", T0 + 180, "حريق في مصنع الورق بالدمام",
     "اندلع حريق في مصنع الورق بالدمام واخمده الدفاع المدني دون اصابات", NULL, 0, 0},
    {"e", "z", T0 + 5 * 86400, "امطار على جدة", "هطلت امطار غزيرة على جدة مساء امس", NULL, 0, 0},
};

/* One run; returns the first failure code, or KH_OK. */
static kh_rc run(void)
{
    kh_err err;
    kh_err_init(&err, "fault");
    kh_group *g = kh_group_new(NULL, &err);
    if (!g)
        return err.rc;
    kh_rc rc = kh_group_restore(g, &DOCS[0], 7, &err);
    for (size_t i = 1; rc == KH_OK && i < sizeof DOCS / sizeof DOCS[0]; i++) {
        kh_group_result r;
        rc = kh_group_assign(g, &DOCS[i], &r, &err);
    }
    double sim;
    if (rc == KH_OK)
        rc = kh_group_pair_similarity(g, &DOCS[0], &DOCS[1], &sim, &err);
    kh_group_free(g);
    return rc;
}

TEST(assign_fault_every_allocation)
{
    kh_alloc_fail_after(-1);
    CHECK(run() == KH_OK);
    kh_alloc_fail_after(1000000);
    CHECK(run() == KH_OK);
    long n = kh_alloc_count();
    kh_alloc_fail_after(-1);
#ifdef KH_FAULT_INJECT
    CHECK(n > 10);
#endif
    for (long i = 0; i < n; i++) {
        kh_alloc_fail_after(i);
        kh_rc rc = run();
        kh_alloc_fail_after(-1);
        if (rc != KH_OK && rc != KH_ERR_NOMEM)
            fprintf(stderr, "  allocation %ld: rc %d\n", i, (int)rc);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
    }
}

int main(void)
{
    TEST_RUN("group/assign_fault", TEST_CASE(assign_fault_every_allocation));
}
