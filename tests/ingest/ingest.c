/*
 * tests/ingest/ingest.c - the pipeline driver (src/ingest/ingest.c):
 * batches, re-ingest, rollback of an unfinished batch, dates, stories and
 * the clusterer's state across runs.
 */
#include "group/group.h"
#include "ingest/ingest.h"
#include "store/store_int.h"
#include "../store/store_test.h"
#include "test.h"

/* Story assignment needs src/group linked in; the cases that test it say
 * so and check nothing without it. */
#pragma weak kh_group_new

static kh_store *open_tmp(char *path, size_t cap, kh_err *err)
{
    kh_err_init(err, NULL);
    if (!tmp_path("k.db", path, cap))
        return NULL;
    return kh_store_open(path, err);
}

static long count(kh_store *s)
{
    long n = -1;
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_store_article_count(s, &n, NULL, &err) != KH_OK)
        return -1;
    return n;
}

static kh_rc feed(kh_ingest *in, const char *id, const char *url, const char *published,
                  const char *title, const char *body, kh_err *err)
{
    kh_article *a = make_article(id, url, "okaz", published, title, body);
    if (!a)
        return KH_ERR_NOMEM;
    return kh_ingest_article(in, a, "test", 1, err);
}

static int join_entities(const char *name, const char *type, long n, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 512 - len, "%s/%s/%ld ", name, type ? type : "-", n);
    return 0;
}

static const char body_rain[] =
    "هطلت أمطار غزيرة على مدينة جدة صباح اليوم وأعلنت الأرصاد الجوية استمرار الحالة "
    "الممطرة حتى مساء الغد مع رياح نشطة وتعليق الدراسة في المدارس";
static const char body_book[] =
    "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة خمسمئة دار نشر من ثلاثين دولة "
    "ويستمر المعرض عشرة أيام مع برنامج ثقافي وندوات وأمسيات شعرية";

TEST(ingest_batches_commit)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest_opts o = {2, NULL, 0, NULL, NULL, NULL};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    for (int i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%d", i);
        CHECK_INT(feed(in, id, NULL, "2015-08-10T10:00:00Z", "عنوان", body_rain, &err), KH_OK);
    }
    CHECK_INT(kh_ingest_stats_get(in)->batches, 2);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->batches, 3);
    CHECK_INT(kh_ingest_stats_get(in)->stored, 5);
    kh_ingest_free(in);
    CHECK_INT(count(s), 5);
    kh_store_close(s);
}

TEST(ingest_free_without_finish_keeps_whole_batches)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest_opts o = {4, NULL, 0, NULL, NULL, NULL};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    for (int i = 0; i < 6; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%d", i);
        CHECK_INT(feed(in, id, NULL, "2015-08-10T10:00:00Z", "عنوان", body_rain, &err), KH_OK);
    }
    /* As if the process stopped here: the open batch of two goes. */
    kh_ingest_free(in);
    CHECK_INT(count(s), 4);
    /* A second run stores the rest and leaves the first four alone. */
    in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    for (int i = 0; i < 6; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%d", i);
        CHECK_INT(feed(in, id, NULL, "2015-08-10T10:00:00Z", "عنوان", body_rain, &err), KH_OK);
    }
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->unchanged, 4);
    CHECK_INT(kh_ingest_stats_get(in)->stored, 2);
    kh_ingest_free(in);
    CHECK_INT(count(s), 6);
    kh_store_close(s);
}

TEST(ingest_reingest_by_id_and_url)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(feed(in, "a1", "http://x/1", "2015-08-10T10:00:00Z", "عنوان", body_rain, &err),
              KH_OK);
    CHECK_INT(feed(in, "a1", NULL, "2015-08-10T10:00:00Z", "عنوان", body_rain, &err), KH_OK);
    CHECK_INT(
        feed(in, "a1-recrawl", "http://x/1", "2015-08-10T10:00:00Z", "عنوان", body_rain, &err),
        KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    CHECK_INT(st->read, 3);
    CHECK_INT(st->stored, 1);
    CHECK_INT(st->unchanged, 2);
    kh_ingest_free(in);
    CHECK_INT(count(s), 1);
    kh_store_close(s);
}

TEST(ingest_article_without_title_skipped)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(feed(in, "a1", NULL, NULL, NULL, body_rain, &err), KH_OK);
    CHECK_INT(feed(in, "a2", NULL, NULL, "عنوان", "", &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->skipped, 2);
    CHECK_INT(kh_ingest_stats_get(in)->read, 2);
    kh_ingest_free(in);
    CHECK_INT(count(s), 0);
    kh_store_close(s);
}

TEST(ingest_undated_article_takes_previous_date)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(feed(in, "a1", NULL, "2015-08-10T10:00:00Z", "عنوان", body_rain, &err), KH_OK);
    CHECK_INT(feed(in, "a2", NULL, "not a date", "عنوان", body_book, &err), KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_free(in);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "a2", &row, &err), KH_OK);
    CHECK_INT(row.published_ts, kh_store_article_time("2015-08-10T10:00:00Z"));
    CHECK_STR(row.published, "not a date"); /* the text stays as found */
    kh_store_close(s);
}

TEST(ingest_second_writer_refused)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_store *s2 = kh_store_open(path, &err);
    CHECK(s2);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK(kh_ingest_new(s2, NULL, &err) == NULL);
    CHECK_INT(err.rc, KH_ERR_DB);
    CHECK(strstr(err.msg, path));
    CHECK(strstr(err.msg, "another khabar ingest"));
    kh_ingest_free(in);
    /* The lock goes with the first driver. */
    kh_err_init(&err, NULL);
    in = kh_ingest_new(s2, NULL, &err);
    CHECK(in);
    kh_ingest_free(in);
    kh_store_close(s2);
    kh_store_close(s);
}

TEST(ingest_entities_stored)
{
    kh_ner_model *m = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_analyse_ner_load(NULL, &m, &err), KH_OK);
    char path[600];
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest_opts o = {0, m, 0, NULL, NULL, NULL};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(feed(in, "e1", NULL, "2015-08-10T08:00:00Z", "خادم الحرمين يستقبل ولي العهد",
                   "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في الرياض اليوم "
                   "ولي العهد الأمير محمد بن نايف. وقال الملك سلمان إن المملكة ماضية في "
                   "دعم اليمن.",
                   &err),
              KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_free(in);
    kh_analyse_ner_free(m);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "e1", &row, &err), KH_OK);
    char got[512] = "";
    CHECK_INT(kh_store_story_entities(s, row.story_id, 10, join_entities, got, &err), KH_OK);
    /* Which names the tagger finds is src/analyse's business; that what it
     * finds reaches the store, with a type and a count, is ours. */
    CHECK(got[0] != '\0');
    CHECK(strstr(got, "/PERSON/") || strstr(got, "/PLACE/") || strstr(got, "/ORG/") ||
          strstr(got, "/MISC/"));
    kh_store_close(s);
}

TEST(ingest_null_store)
{
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_ingest_new(NULL, NULL, &err) == NULL);
    CHECK_INT(err.rc, KH_ERR_ARG);
    kh_ingest_free(NULL);
    CHECK(kh_ingest_stats_get(NULL) == NULL);
}

TEST(ingest_stories_assigned_and_restored)
{
    if (!kh_group_new) {
        fprintf(stderr, "  (src/group not linked: story assignment not tested)\n");
        return;
    }
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(feed(in, "r1", NULL, "2015-08-10T08:00:00Z", "أمطار غزيرة على جدة", body_rain, &err),
              KH_OK);
    CHECK_INT(
        feed(in, "b1", NULL, "2015-08-10T09:00:00Z", "افتتاح معرض الرياض للكتاب", body_book, &err),
        KH_OK);
    CHECK_INT(feed(in, "r2", NULL, "2015-08-10T10:00:00Z", "أمطار غزيرة على جدة", body_rain, &err),
              KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    CHECK_INT(kh_ingest_stats_get(in)->stories, 2);
    kh_ingest_free(in);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "r1", &row, &err), KH_OK);
    int64_t rain = row.story_id;
    CHECK_INT(kh_store_article_get(s, "b1", &row, &err), KH_OK);
    int64_t book = row.story_id;
    CHECK_INT(kh_store_article_get(s, "r2", &row, &err), KH_OK);
    CHECK(rain > 0 && book > 0 && rain != book);
    CHECK_INT(row.story_id, rain);
    CHECK_STR(row.dup_of, "r1"); /* the same text again is a copy */
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, rain, 0, &st, &err), KH_OK);
    CHECK_INT(st.n_articles, 2);
    /* A new run rebuilds the window from the store: the rain story goes
     * on, and a new story is numbered after every stored one. */
    in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_stats_get(in)->restored, 3);
    CHECK_INT(feed(in, "r3", NULL, "2015-08-10T12:00:00Z", "أمطار غزيرة على جدة", body_rain, &err),
              KH_OK);
    CHECK_INT(feed(in, "x1", NULL, "2015-08-10T12:30:00Z", "نتائج الدوري",
                   "فاز الهلال على النصر بثلاثة أهداف مقابل هدف في مباراة الدوري مساء أمس", &err),
              KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_free(in);
    CHECK_INT(kh_store_article_get(s, "r3", &row, &err), KH_OK);
    CHECK_INT(row.story_id, rain);
    CHECK_INT(kh_store_article_get(s, "x1", &row, &err), KH_OK);
    CHECK(row.story_id > (rain > book ? rain : book));
    kh_store_close(s);
}

/* One row of SQL as an integer (-1 on error). */
static long sql_long(kh_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The driver writes with SQLite's reference checks off (every reference
 * is to a row it has just written or found); what it wrote passes them
 * afterwards, and freeing the driver turns them back on. */
TEST(ingest_references_hold_checks_restored)
{
    kh_ner_model *m = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_analyse_ner_load(NULL, &m, &err), KH_OK);
    char path[600];
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(sql_long(s, "PRAGMA foreign_keys"), 1);
    kh_ingest_opts o = {0, m, 0, NULL, NULL, NULL};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(sql_long(s, "PRAGMA foreign_keys"), 0);
    CHECK_INT(feed(in, "r1", NULL, "2015-08-10T08:00:00Z", "أمطار غزيرة على جدة", body_rain, &err),
              KH_OK);
    CHECK_INT(
        feed(in, "b1", NULL, "2015-08-10T09:00:00Z", "افتتاح معرض الرياض للكتاب", body_book, &err),
        KH_OK);
    CHECK_INT(feed(in, "r2", "http://x/r2", "2015-08-10T10:00:00Z", "أمطار غزيرة على جدة",
                   body_rain, &err),
              KH_OK);
    CHECK_INT(kh_ingest_finish(in, &err), KH_OK);
    kh_ingest_free(in);
    kh_analyse_ner_free(m);
    CHECK_INT(sql_long(s, "PRAGMA foreign_keys"), 1);
    CHECK(sql_long(s, "SELECT count(*) FROM article_entities") > 0);
    CHECK_INT(sql_long(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("ingest/ingest", TEST_CASE(ingest_batches_commit),
             TEST_CASE(ingest_references_hold_checks_restored),
             TEST_CASE(ingest_free_without_finish_keeps_whole_batches),
             TEST_CASE(ingest_reingest_by_id_and_url),
             TEST_CASE(ingest_article_without_title_skipped),
             TEST_CASE(ingest_undated_article_takes_previous_date),
             TEST_CASE(ingest_second_writer_refused), TEST_CASE(ingest_entities_stored),
             TEST_CASE(ingest_null_store), TEST_CASE(ingest_stories_assigned_and_restored));
}
