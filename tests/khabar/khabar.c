/*
 * tests/khabar/khabar.c - the public interface (src/khabar.c), used as a
 * program linking libkhabar would: only include/khabar.h.  A page to
 * JSON, a store opened, the sample ingested, stories and one story as
 * JSON, and the NULL / empty / unknown cases next to each.
 */
#include "khabar.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh store path in a new temporary folder; db_remove() deletes both
 * (tests/store's helpers are internal, so not used here). */
static int db_path(char *out, size_t cap)
{
    const char *base = getenv("TMPDIR");
    char dir[256];
    snprintf(dir, sizeof dir, "%s/khabar-api-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    snprintf(out, cap, "%s/api.db", dir);
    return 1;
}

static void db_remove(const char *path)
{
    char p[600];
    static const char *const ext[] = {"", "-wal", "-shm", "-journal", ".lock"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        remove(p);
    }
    snprintf(p, sizeof p, "%s", path);
    char *slash = strrchr(p, '/');
    if (slash) {
        *slash = '\0';
        rmdir(p);
    }
}

TEST(extract_text_dump)
{
    static const char page[] = "الرئيسية\nأخبار\n"
                               "افتتاح أكبر محطة لتحلية المياه على الساحل الغربي\n"
                               "افتتحت الحكومة اليوم أكبر محطة لتحلية المياه بالطاقة الشمسية على "
                               "الساحل الغربي بطاقة تبلغ مئتي ألف متر مكعب يوميا، وقال الوزير إن "
                               "المحطة ستغطي حاجة ثلاث مدن من مياه الشرب خلال السنوات المقبلة.\n"
                               "وأضاف أن المشروع كلف نحو ثلاثمئة مليون دولار وشارك فيه مهندسون "
                               "محليون ودوليون على مدى ثلاث سنوات من العمل المتواصل في الموقع.\n";
    kh_err err;
    kh_err_init(&err, "page");
    char *json = NULL;
    CHECK(kh_extract(page, strlen(page), &json, &err) == KH_OK);
    CHECK(json && json[0] == '{');
    CHECK(strstr(json, "\"title\": \"افتتاح أكبر محطة لتحلية المياه") != NULL);
    CHECK(strstr(json, "\"body\": [") != NULL);
    kh_string_free(json);
}

TEST(extract_empty_and_null)
{
    kh_err err;
    kh_err_init(&err, "empty");
    char *json = (char *)"x";
    CHECK(kh_extract("", 0, &json, &err) != KH_OK);
    CHECK(json == NULL);
    CHECK(err.rc != KH_OK);
    kh_err_init(&err, NULL);
    CHECK(kh_extract(NULL, 5, &json, &err) == KH_ERR_ARG);
    CHECK(kh_extract("abc", 3, NULL, &err) == KH_ERR_ARG);
    kh_string_free(NULL);
}

TEST(db_sample_stories)
{
    char path[512];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(db_path(path, sizeof path));
    kh_db *db = kh_db_open(path, &err);
    CHECK(db != NULL);
    kh_ingest_summary sum;
    CHECK(kh_db_ingest(db, "examples/sample", &sum, &err) == KH_OK);
    CHECK_INT(sum.read, 12);
    CHECK_INT(sum.stored, 12);
    CHECK_INT(sum.skipped, 0);
    CHECK(sum.stories >= 4);
    /* Again: nothing new. */
    CHECK(kh_db_ingest(db, "examples/sample", &sum, &err) == KH_OK);
    CHECK_INT(sum.stored, 0);
    CHECK_INT(sum.unchanged, 12);
    char *list = NULL, *story = NULL;
    CHECK(kh_stories_json(db, 2, &list, &err) == KH_OK);
    CHECK(list && list[0] == '[');
    CHECK(strstr(list, "\"n_articles\"") != NULL);
    long long id = 0;
    CHECK(kh_story_of(db, "rafid-1001", &id, &err) == KH_OK);
    CHECK(id > 0);
    CHECK(kh_story_json(db, id, &story, &err) == KH_OK);
    CHECK(strstr(story, "\"unique_by_outlet\": [") != NULL);
    CHECK(strstr(story, "\"title\": \"المركزي يرفع سعر الفائدة") != NULL ||
          strstr(story, "\"title\": \"رفع الفائدة") != NULL);
    CHECK(strstr(story, "\"rafid-1001\"") != NULL);
    kh_string_free(list);
    kh_string_free(story);
    story = (char *)"x";
    CHECK(kh_story_json(db, 999999, &story, &err) == KH_DONE);
    CHECK(story == NULL);
    CHECK(kh_story_of(db, "no-such-article", &id, &err) == KH_DONE);
    CHECK(kh_story_json(db, 0, &story, &err) == KH_ERR_ARG);
    CHECK(kh_story_json(NULL, 1, &story, &err) == KH_ERR_ARG);
    CHECK(kh_stories_json(db, -1, &list, &err) == KH_ERR_ARG);
    CHECK(kh_db_ingest(db, NULL, &sum, &err) == KH_ERR_ARG);
    kh_db_close(db);
    kh_db_close(NULL);
    db_remove(path);
}

TEST(db_ingest_missing_input)
{
    char path[512];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(db_path(path, sizeof path));
    kh_db *db = kh_db_open(path, &err);
    CHECK(db != NULL);
    kh_ingest_summary sum;
    /* An unreadable input is counted, not fatal. */
    CHECK(kh_db_ingest(db, "/nonexistent/khabar/input.jsonl", &sum, &err) == KH_OK);
    CHECK_INT(sum.failed, 1);
    CHECK_INT(sum.stored, 0);
    kh_db_close(db);
    db_remove(path);
}

TEST(db_open_bad_path)
{
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_db_open("/nonexistent/khabar/dir/x.db", &err) == NULL);
    CHECK(err.rc != KH_OK);
}

int main(void)
{
    TEST_RUN("khabar/khabar", TEST_CASE(extract_text_dump), TEST_CASE(extract_empty_and_null),
             TEST_CASE(db_sample_stories), TEST_CASE(db_ingest_missing_input),
             TEST_CASE(db_open_bad_path));
}
