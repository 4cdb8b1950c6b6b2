/*
 * tests/ingest/ingest_jsonl.c - JSONL files into the store
 * (src/ingest/ingest_jsonl.c): records to articles, bad lines reported
 * with their line and skipped, gzip, a real corpus day.
 */
#include "core/lines.h"
#include "ingest/ingest_int.h"
#include "../store/store_test.h"
#include "test.h"

#include <zlib.h>

typedef struct reports {
    char text[2048];
    int n;
} reports;

static void on_report(const kh_err *e, void *ctx)
{
    reports *r = ctx;
    char msg[512];
    kh_err_format(e, msg, sizeof msg);
    size_t len = strlen(r->text);
    snprintf(r->text + len, sizeof r->text - len, "%s\n", msg);
    r->n++;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

static const char good1[] = "{\"id\": \"g1\", \"url\": \"http://x/1\", \"outlet\": \"okaz\", "
                            "\"published\": \"2015-08-10T10:00:00+03:00\", \"title\": \"أمطار "
                            "غزيرة على جدة\", \"text\": \"هطلت أمطار غزيرة على جدة.\\nوأغلقت "
                            "المدارس.\"}\n";
static const char good2[] = "{\"id\": \"g2\", \"outlet\": \"was\", \"published\": "
                            "\"2015-08-10T11:00:00+03:00\", \"title\": \"افتتاح معرض الكتاب\", "
                            "\"text\": \"افتتح معرض الكتاب في الرياض.\"}\n";
static const char good3[] = "{\"id\": \"g3\", \"outlet\": \"alyaum\", \"title\": \"نتائج "
                            "المباراة\", \"text\": \"فاز الفريق بهدفين.\"}\n";

TEST(jsonl_record_to_article)
{
    kh_article *a = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    const char rec[] = "{\"id\": \" g1 \", \"title\": \" عنوان \", \"section\": \"محليات\", "
                       "\"text\": \"  أول  \\n\\n \\r\\nثان\\n\"}";
    CHECK_INT(kh_ingest_jsonl_record(rec, strlen(rec), &a, &err), KH_OK);
    CHECK_STR(a->id, "g1");
    CHECK_STR(a->title, "عنوان");
    CHECK_STR(a->section, "محليات");
    CHECK(a->url == NULL && a->outlet == NULL && a->published == NULL);
    CHECK_INT(a->body.n, 2);
    CHECK_STR(a->body.items[0], "أول");
    CHECK_STR(a->body.items[1], "ثان");
    CHECK_INT(a->kind, KH_INPUT_JSON);
    kh_article_free(a);
}

TEST(jsonl_record_with_html)
{
    kh_article *a = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    const char rec[] =
        "{\"id\": \"h1\", \"title\": \"عنوان السجل\", \"outlet\": \"okaz\", \"html\": "
        "\"<html><body><article><h1>عنوان الصفحة</h1><p>هطلت أمطار غزيرة على مدينة جدة صباح "
        "اليوم وأعلنت الأرصاد الجوية استمرار الحالة الممطرة حتى مساء الغد مع رياح نشطة.</p>"
        "<p>وقررت إدارة التعليم تعليق الدراسة في جميع مدارس المحافظة حفاظا على سلامة الطلاب "
        "والمعلمين.</p></article></body></html>\"}";
    CHECK_INT(kh_ingest_jsonl_record(rec, strlen(rec), &a, &err), KH_OK);
    CHECK_INT(a->kind, KH_INPUT_HTML);
    CHECK_STR(a->title, "عنوان السجل"); /* the record's own field wins */
    CHECK_STR(a->outlet, "okaz");
    CHECK(a->body.n >= 1);
    CHECK(strstr(kh_article_body_text(a), "تعليق الدراسة"));
    kh_article_free(a);
}

TEST(jsonl_record_missing_fields)
{
    static const struct {
        const char *json, *want;
        kh_rc rc;
    } cases[] = {
        {"{\"title\": \"t\", \"text\": \"x\"}", "no id", KH_ERR_PARSE},
        {"{\"id\": \"  \", \"title\": \"t\", \"text\": \"x\"}", "no id", KH_ERR_PARSE},
        {"{\"id\": \"a\", \"text\": \"x\"}", "no title", KH_ERR_PARSE},
        {"{\"id\": \"a\", \"title\": \"t\"}", "no text", KH_ERR_PARSE},
        {"{\"id\": \"a\", \"title\": \"t\", \"text\": \" \\n \\n\"}", "empty text", KH_ERR_EMPTY},
        {"{\"id\": \"a\", \"title\": \"t\", \"text\": null}", "no text", KH_ERR_PARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kh_article *a = NULL;
        kh_err err;
        kh_err_init(&err, NULL);
        kh_rc rc = kh_ingest_jsonl_record(cases[i].json, strlen(cases[i].json), &a, &err);
        if (rc != cases[i].rc || !strstr(err.msg, cases[i].want)) {
            fprintf(stderr, "  case %zu: rc %d, %s\n", i, rc, err.msg);
            CHECK(0);
        }
        CHECK(a == NULL);
    }
}

TEST(jsonl_bad_lines_skipped_and_counted)
{
    char path[600], db[700];
    CHECK(tmp_path("in.jsonl", path, sizeof path));
    snprintf(db, sizeof db, "%s.db", path);
    char text[4096];
    snprintf(text, sizeof text,
             "%s{\"id\": \"m1\", \"title\": \"t\" \"text\": \"x\"}\n"           /* 2: malformed */
             "\n"                                                               /* 3: blank */
             "%s{\"id\": \"m2\", \"text\": \"نص\"}\n"                           /* 5: no title */
             "{\"id\": \"m3\", \"title\": \"\xd8\xa3\xd8\", \"text\": \"x\"}\n" /* 6: UTF-8 */
             "%s",
             good1, good2, good3);
    CHECK(write_file(path, text));
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    reports r = {"", 0};
    kh_ingest_opts o = {0, NULL, 0, on_report, NULL, &r};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, path, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    CHECK_INT(st->read, 6);
    CHECK_INT(st->stored, 3);
    CHECK_INT(st->skipped, 3);
    CHECK_INT(st->failed, 0);
    CHECK_INT(r.n, 3);
    char want[2048];
    snprintf(want, sizeof want,
             "%s:2: malformed JSON: expected ',' or '}' (column 27)\n"
             "%s:5: record has no title\n"
             "%s:6: record is not valid UTF-8 (column 26)\n",
             path, path, path);
    CHECK_STR(r.text, want);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "g3", &row, &err), KH_OK);
    CHECK_STR(row.outlet, "alyaum");
    CHECK_INT(kh_store_article_get(s, "m2", &row, &err), KH_DONE);
    kh_ingest_free(in);
    kh_store_close(s);
}

TEST(jsonl_gzip_file)
{
    char path[600], db[700];
    CHECK(tmp_path("in.jsonl.gz", path, sizeof path));
    snprintf(db, sizeof db, "%s.db", path);
    gzFile gz = gzopen(path, "wb");
    CHECK(gz);
    CHECK(gzputs(gz, good1) > 0 && gzputs(gz, good2) > 0);
    CHECK(gzclose(gz) == Z_OK);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, path, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->stored, 2);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "g1", &row, &err), KH_OK);
    CHECK_STR(row.body, "هطلت أمطار غزيرة على جدة.\nوأغلقت المدارس.");
    CHECK_INT(row.published_ts, kh_store_article_time("2015-08-10T07:00:00Z"));
    kh_ingest_free(in);
    kh_store_close(s);
}

TEST(jsonl_missing_file_fails_input)
{
    char path[600], db[700];
    CHECK(tmp_path("absent.jsonl", path, sizeof path));
    snprintf(db, sizeof db, "%s.db", path);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    reports r = {"", 0};
    kh_ingest_opts o = {0, NULL, 0, on_report, NULL, &r};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, path, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->failed, 1);
    CHECK(strstr(r.text, path));
    kh_ingest_free(in);
    kh_store_close(s);
}

/* Every line of a real corpus day is read, stored or reported, and the
 * store holds exactly the stored ones; a second run changes nothing. */
TEST(jsonl_corpus_day)
{
    char day[512], db[600];
    snprintf(day, sizeof day, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    CHECK(tmp_path("day.db", db, sizeof db));
    kh_err err;
    kh_err_init(&err, NULL);
    kh_lines *l = kh_lines_open(day, &err);
    CHECK(l);
    long n_lines = 0;
    const char *line;
    size_t len;
    while (kh_lines_next(l, &line, &len, &err) == KH_OK)
        n_lines++;
    kh_lines_close(l);
    CHECK(n_lines > 1000);
    kh_store *s = kh_store_open(db, &err);
    CHECK(s);
    reports r = {"", 0};
    kh_ingest_opts o = {0, NULL, 1, NULL, NULL, &r}; /* counting only: no clustering */
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, day, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_stats st = *kh_ingest_stats_get(in);
    kh_ingest_free(in);
    CHECK_INT(st.read, n_lines);
    CHECK_INT(st.stored + st.unchanged + st.skipped, n_lines);
    CHECK(st.stored > n_lines * 9 / 10); /* the day's records are mostly usable */
    long n = 0;
    CHECK_INT(kh_store_article_count(s, &n, NULL, &err), KH_OK);
    CHECK_INT(n, st.stored);
    in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_path(in, day, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->stored, 0);
    CHECK_INT(kh_ingest_stats_get(in)->unchanged, st.stored + st.unchanged);
    kh_ingest_free(in);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("ingest/ingest_jsonl", TEST_CASE(jsonl_record_to_article),
             TEST_CASE(jsonl_record_with_html), TEST_CASE(jsonl_record_missing_fields),
             TEST_CASE(jsonl_bad_lines_skipped_and_counted), TEST_CASE(jsonl_gzip_file),
             TEST_CASE(jsonl_missing_file_fails_input), TEST_CASE(jsonl_corpus_day));
}
