/*
 * bench/extract/extract.c - throughput of the extract stage on real news.
 *
 * SaudiNewsNet's articles are already extracted, so each one is laid out
 * again as the two kinds of page khabar reads, with the same furniture a
 * scraped page carries (a logo line, a breadcrumb, a counter, a share row,
 * a "see also" line, a related block and a footer menu):
 *   dump   a text dump, one block a line, extracted by kh_extract_dump
 *   html   an HTML page (header/nav, article with <p>s, aside, footer),
 *          extracted by kh_extract_html (gumbo parse + block scoring)
 * Pages are built in memory first; only the extraction is timed, on one
 * core (thread CPU time).  MB/s are page bytes per CPU second.
 *
 *   build/bench/extract/extract [CORPUS_DIR [MAX_FILES]]
 * CORPUS_DIR defaults to $KH_SHARED/corpus/saudinewsnet (KH_SHARED to
 * ../shared); MAX_FILES (default 3) days are read.  Figures: docs/extract.md.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/lines.h"
#include "core/record.h"
#include "extract/extract.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct pages {
    kh_buf bytes; /* owns: every page, back to back */
    size_t *off;  /* owns: start of page i; off[n] = bytes.len */
    size_t n, cap;
} pages;

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int end_page(pages *p)
{
    if (p->n + 2 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        size_t *off = kh_realloc(p->off, cap * sizeof *off);
        if (!off)
            return -1;
        if (!p->off)
            off[0] = 0;
        p->off = off;
        p->cap = cap;
    }
    p->off[++p->n] = p->bytes.len;
    return 0;
}

/* Appends the article as a text dump with furniture around it. */
static kh_rc add_dump(kh_buf *b, const char *outlet, const char *title, const char *text)
{
    kh_rc rc = kh_buf_printf(b,
                             "%s logo\n\nالرئيسية محليات %s\n\n%s\n\n1520\n"
                             "شارك الخبر:\nFacebookTwitterWhatsApp\n\n",
                             outlet, title, title);
    const char *p = text;
    int para = 0;
    while (rc == KH_OK && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 1) {
            rc = kh_buf_append(b, p, n);
            if (rc == KH_OK)
                rc = kh_buf_appends(b, "\n\n");
            if (rc == KH_OK && ++para == 2)
                rc = kh_buf_appends(b, "اقرأ أيضاً: افتتاح معرض الكتاب الدولي في دورته الجديدة\n\n");
        }
        p += n + (nl ? 1 : 0);
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(b, "أخبار ذات صلة\nLoading...\nأمطار غزيرة على المنطقة الشرقية\n"
                               "محليات\nالرئيسيةمحلياتاقتصادرياضةثقافةمنوعات\n");
    return rc;
}

/* Appends the article as an HTML page. */
static kh_rc add_html(kh_buf *b, const char *outlet, const char *title, const char *text)
{
    kh_rc rc = kh_buf_printf(b,
                             "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head>"
                             "<meta charset=\"utf-8\"><title>%s | %s</title>"
                             "<meta property=\"og:site_name\" content=\"%s\"></head><body>"
                             "<header><nav><a href=\"/\">الرئيسية</a> <a href=\"/l\">محليات</a> "
                             "<a href=\"/s\">رياضة</a></nav></header><main><article>"
                             "<h1>%s</h1><div class=\"share\"><a>فيسبوك</a> <a>تويتر</a></div>",
                             title, outlet, outlet, title);
    const char *p = text;
    while (rc == KH_OK && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 1) {
            rc = kh_buf_appends(b, "<p>");
            if (rc == KH_OK)
                rc = kh_buf_append(b, p, n);
            if (rc == KH_OK)
                rc = kh_buf_appends(b, "</p>\n");
        }
        p += n + (nl ? 1 : 0);
    }
    if (rc == KH_OK)
        rc = kh_buf_appends(b, "</article><aside class=\"related\"><h3>أخبار ذات صلة</h3><ul>"
                               "<li><a href=\"/1\">أمطار غزيرة على المنطقة الشرقية</a></li>"
                               "</ul></aside></main><footer>جميع الحقوق محفوظة</footer>"
                               "</body></html>");
    return rc;
}

static int load(const char *dir, long max_files, pages *dumps, pages *htmls)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench: cannot open %s\n", dir);
        return -1;
    }
    char *names[64];
    size_t n_names = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n_names < 64)
        if (strstr(e->d_name, ".jsonl.gz"))
            names[n_names++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n_names, sizeof *names, cmp_str);
    int status = 0;
    for (size_t i = 0; i < n_names && status == 0; i++) {
        if (max_files > 0 && (long)i >= max_files)
            break;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        kh_err err;
        kh_err_init(&err, path);
        kh_lines *l = kh_lines_open(path, &err);
        if (!l) {
            status = -1;
            break;
        }
        const char *line;
        size_t len;
        while (status == 0 && kh_lines_next(l, &line, &len, &err) == KH_OK) {
            json_t *o = json_loadb(line, len, 0, NULL);
            const char *title = json_string_value(json_object_get(o, "title"));
            const char *text = json_string_value(json_object_get(o, "text"));
            const char *outlet = json_string_value(json_object_get(o, "outlet"));
            if (title && text && outlet && strlen(text) > 200) {
                if (add_dump(&dumps->bytes, outlet, title, text) != KH_OK || end_page(dumps) != 0 ||
                    add_html(&htmls->bytes, outlet, title, text) != KH_OK || end_page(htmls) != 0)
                    status = -1;
            }
            json_decref(o);
        }
        kh_lines_close(l);
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    return status;
}

static void run(const char *name, const pages *p, int html)
{
    long ok = 0, failed = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < p->n; i++) {
        kh_article *a = kh_article_new();
        if (!a)
            break;
        const char *page = p->bytes.data + p->off[i];
        size_t len = p->off[i + 1] - p->off[i];
        kh_rc rc = html ? kh_extract_html(page, len, a, NULL) : kh_extract_dump(page, len, a, NULL);
        if (rc == KH_OK && a->body.n > 0)
            ok++;
        else
            failed++;
        kh_article_free(a);
    }
    double cpu = cpu_now() - t0;
    double mb = (double)p->bytes.len / 1e6;
    printf("%-5s %6zu pages %7.1f MB  %6.2f s CPU  %7.1f MB/s  %8.0f pages/s  (%ld with a body, "
           "%ld without)\n",
           name, p->n, mb, cpu, mb / cpu, (double)p->n / cpu, ok, failed);
}

int main(int argc, char **argv)
{
    char dir[1024];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *shared = getenv("KH_SHARED");
        snprintf(dir, sizeof dir, "%s/corpus/saudinewsnet",
                 shared && *shared ? shared : "../shared");
    }
    long max_files = argc > 2 ? atol(argv[2]) : 3;
    pages dumps = {0}, htmls = {0};
    kh_buf_init(&dumps.bytes, (size_t)1 << 31);
    kh_buf_init(&htmls.bytes, (size_t)1 << 31);
    int status = 1;
    if (load(dir, max_files, &dumps, &htmls) == 0 && dumps.n > 0) {
        printf("extract: %zu articles of %s laid out as pages\n", dumps.n, dir);
        run("dump", &dumps, 0);
        run("html", &htmls, 1);
        status = 0;
    }
    kh_buf_clean(&dumps.bytes);
    kh_buf_clean(&htmls.bytes);
    kh_free(dumps.off);
    kh_free(htmls.off);
    return status;
}
