/*
 * tests/ingest/ingest_dir.c - folders and single pages
 * (src/ingest/ingest_dir.c): recursive, sorted, only known kinds, page
 * ids and outlets.
 */
#include "ingest/ingest_int.h"
#include "../store/store_test.h"
#include "test.h"

#include <sys/stat.h>
#include <zlib.h>

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

static int join_ids(const kh_store_article *row, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 1024 - len, "%s|", row->id);
    return 0;
}

static void on_report(const kh_err *e, void *ctx)
{
    (void)e;
    (*(int *)ctx)++;
}

#define REC(id, title)                                                                             \
    "{\"id\": \"" id "\", \"outlet\": \"okaz\", \"published\": \"2015-08-10T10:00:00Z\", "         \
    "\"title\": \"" title "\", \"text\": \"نص الخبر الأول.\\nنص ثان.\"}\n"

static const char page[] = "صحيفة الميدان\n"
                           "ارتفاع أسعار الذهب في الأسواق المحلية\n"
                           "ارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة اثنين في المئة "
                           "مدفوعة بزيادة الطلب قبل موسم الأعراس، وقال تجار إن الإقبال كبير.\n"
                           "وتوقع محللون أن تستمر الأسعار في الصعود خلال الأسابيع المقبلة مع "
                           "تراجع الدولار وارتفاع الطلب العالمي على المعدن الأصفر.\n";

TEST(dir_is_jsonl_names)
{
    CHECK(kh_ingest_dir_is_jsonl("a.jsonl"));
    CHECK(kh_ingest_dir_is_jsonl("dir/2015-08-10.jsonl.gz"));
    CHECK(kh_ingest_dir_is_jsonl("x.NDJSON"));
    CHECK(!kh_ingest_dir_is_jsonl("page.txt"));
    CHECK(!kh_ingest_dir_is_jsonl("seed.gold.json"));
    CHECK(!kh_ingest_dir_is_jsonl(""));
}

TEST(dir_recursive_sorted_known_kinds)
{
    char root[600], p[800];
    CHECK(tmp_path("in", root, sizeof root));
    CHECK(mkdir(root, 0755) == 0);
    snprintf(p, sizeof p, "%s/sub", root);
    CHECK(mkdir(p, 0755) == 0);
    snprintf(p, sizeof p, "%s/maydan", root);
    CHECK(mkdir(p, 0755) == 0);
    snprintf(p, sizeof p, "%s/b.jsonl", root);
    CHECK(write_file(p, REC("b1", "عنوان ب")));
    snprintf(p, sizeof p, "%s/a.jsonl.gz", root);
    gzFile gz = gzopen(p, "wb");
    CHECK(gz);
    CHECK(gzputs(gz, REC("a1", "عنوان أ") REC("a2", "عنوان أ٢")) > 0);
    CHECK(gzclose(gz) == Z_OK);
    snprintf(p, sizeof p, "%s/sub/c.jsonl", root);
    CHECK(write_file(p, REC("c1", "عنوان ج")));
    snprintf(p, sizeof p, "%s/sub/seed.gold.json", root);
    CHECK(write_file(p, REC("gold", "لا يقرأ")));
    snprintf(p, sizeof p, "%s/.hidden.jsonl", root);
    CHECK(write_file(p, REC("hidden", "لا يقرأ")));
    snprintf(p, sizeof p, "%s/notes.md", root);
    CHECK(write_file(p, "not an input\n"));
    snprintf(p, sizeof p, "%s/maydan/gold.txt", root);
    CHECK(write_file(p, page));

    char db[700];
    snprintf(db, sizeof db, "%s.db", root);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    int reports = 0;
    kh_ingest_opts o = {0, NULL, 0, on_report, NULL, &reports};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, root, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(reports, 0);
    CHECK_INT(kh_ingest_stats_get(in)->stored, 5);
    kh_ingest_free(in);
    char got[1024] = "", want[1024];
    CHECK_INT(kh_store_article_each(s, -1, 0, join_ids, got, &err), KH_OK);
    snprintf(want, sizeof want, "a1|a2|b1|%s/maydan/gold.txt|c1|", root);
    CHECK_STR(got, want);
    snprintf(p, sizeof p, "%s/maydan/gold.txt", root);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, p, &row, &err), KH_OK);
    CHECK_STR(row.kind, "text");
    CHECK(row.title && *row.title); /* which line is the title is src/extract's call */
    CHECK(row.outlet && *row.outlet);
    /* No date in the page: the previous article's, not the file's time. */
    CHECK_INT(row.published_ts, kh_store_article_time("2015-08-10T10:00:00Z"));
    CHECK(row.published == NULL);
    kh_store_close(s);
}

TEST(dir_page_outlet_from_folder)
{
    char root[600], p[800];
    CHECK(tmp_path("outlet-x", root, sizeof root));
    CHECK(mkdir(root, 0755) == 0);
    snprintf(p, sizeof p, "%s/page.txt", root);
    /* No logo line: extraction has no outlet to offer. */
    CHECK(write_file(p, strchr(page, '\n') + 1));
    char db[700];
    snprintf(db, sizeof db, "%s.db", root);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, p, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_free(in);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, p, &row, &err), KH_OK);
    CHECK_STR(row.outlet, "outlet-x");
    CHECK(row.published_ts > 1600000000); /* first of its run, undated: the file's time */
    kh_store_close(s);
}

TEST(dir_missing_and_empty)
{
    char root[600], p[800];
    CHECK(tmp_path("empty", root, sizeof root));
    CHECK(mkdir(root, 0755) == 0);
    char db[700];
    snprintf(db, sizeof db, "%s.db", root);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    int reports = 0;
    kh_ingest_opts o = {0, NULL, 0, on_report, NULL, &reports};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, root, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->read, 0);
    snprintf(p, sizeof p, "%s/absent", root);
    CHECK_INT(kh_ingest_path(in, p, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->failed, 1);
    CHECK_INT(reports, 1);
    kh_ingest_free(in);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("ingest/ingest_dir", TEST_CASE(dir_is_jsonl_names),
             TEST_CASE(dir_recursive_sorted_known_kinds), TEST_CASE(dir_page_outlet_from_folder),
             TEST_CASE(dir_missing_and_empty));
}
