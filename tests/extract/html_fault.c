/*
 * tests/extract/html_fault.c - kh_extract_html with the Nth allocation
 * failing (kh_alloc_fail_after; effective in the KH_FAULT_INJECT test
 * build): every failure must come back as KH_ERR_NOMEM with nothing leaked
 * (ASan checks), and the run with no failure must succeed.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "extract/extract.h"
#include "test.h"

/* True in the KH_FAULT_INJECT build, where failures can be injected. */
static int injecting(void)
{
    kh_alloc_fail_after(0);
    void *p = kh_alloc(1);
    kh_alloc_fail_after(-1);
    kh_free(p);
    return p == NULL;
}

static void fault_loop(const char *html, size_t len, int *failed_out, long *n_runs)
{
    for (long n = 0; n < 20000; n++) {
        kh_article *a = kh_article_new();
        if (!a) {
            *failed_out = 1;
            return;
        }
        kh_err err;
        kh_err_init(&err, "fault");
        kh_alloc_fail_after(n);
        kh_rc rc = kh_extract_html(html, len, a, &err);
        kh_alloc_fail_after(-1);
        kh_article_free(a);
        (*n_runs)++;
        if (rc == KH_OK)
            return;
        if (rc != KH_ERR_NOMEM) {
            fprintf(stderr, "  fail after %ld: rc %d (%s)\n", n, (int)rc, err.msg);
            *failed_out = 1;
            return;
        }
    }
    *failed_out = 1; /* never succeeded */
}

TEST(html_fault_news_ar)
{
    kh_buf b;
    kh_err err;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_err_init(&err, "html_news_ar.html");
    CHECK_INT(kh_buf_read_file(&b, "tests/data/extract/html_news_ar.html", &err), KH_OK);
    int failed = 0;
    long runs = 0;
    fault_loop(b.data, b.len, &failed, &runs);
    kh_buf_clean(&b);
    CHECK(!failed);
    /* Each allocation point was made to fail once before the clean run. */
    CHECK(runs > (injecting() ? 20 : 0));
}

TEST(html_fault_latin1)
{
    /* The iconv path, a breadcrumb and JSON-LD with an array. */
    const char *html = "<meta charset=\"windows-1252\"><script type=\"application/ld+json\">"
                       "[{\"@type\":\"Article\",\"headline\":\"Caf\xe9\",\"articleSection\":"
                       "[\"Vie\"]}]</script><div class=\"breadcrumb\"><a>Accueil</a> <a>Vie"
                       "</a></div><article><p>Le caf\xe9 de la place a rouvert, avec une "
                       "terrasse plus grande et un menu nouveau.</p></article>";
    int failed = 0;
    long runs = 0;
    fault_loop(html, strlen(html), &failed, &runs);
    CHECK(!failed);
    CHECK(runs > (injecting() ? 10 : 0));
}

int main(void)
{
    TEST_RUN("extract/html_fault", TEST_CASE(html_fault_news_ar), TEST_CASE(html_fault_latin1));
}
