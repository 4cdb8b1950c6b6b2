/*
 * tests/store/schema.c - opening the store, migrations, transactions and
 * the errors that name the database path (src/store/schema.c).
 */
#include "store/store.h"
#include "store_test.h"
#include "test.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

TEST(open_creates_schema)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(kh_store_schema_version(s), kh_store_schema_latest());
    CHECK(kh_store_schema_latest() >= 2);
    CHECK_STR(kh_store_path(s), path);
    long n = -1;
    CHECK_INT(kh_store_article_count(s, &n, NULL, &err), KH_OK);
    CHECK_INT(n, 0);
    kh_store_close(s);
}

TEST(open_twice_keeps_data)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", "http://x/1", "عنوان", 0, &err), KH_OK);
    kh_store_close(s);
    /* Migrating an up-to-date database is a no-op that keeps the rows. */
    s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(kh_store_schema_version(s), kh_store_schema_latest());
    long n = 0;
    CHECK_INT(kh_store_article_count(s, &n, NULL, &err), KH_OK);
    kh_store_close(s);
    CHECK_INT(n, 1);
}

TEST(open_two_handles)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *a = kh_store_open(path, &err);
    kh_store *b = kh_store_open(path, &err);
    CHECK(a && b);
    CHECK_INT(put_simple(a, "a1", NULL, "عنوان", 0, &err), KH_OK);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(b, "a1", &row, &err), KH_OK);
    CHECK_STR(row.title, "عنوان");
    kh_store_close(a);
    kh_store_close(b);
}

TEST(reader_sees_new_commits)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *w = kh_store_open(path, &err);
    kh_store *r = kh_store_open(path, &err);
    CHECK(w && r);
    CHECK_INT(put_simple(w, "a1", NULL, "الأول", 0, &err), KH_OK);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(r, "a1", &row, &err), KH_OK);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(r, 1, 0, &st, &err), KH_DONE);
    /* A get must not leave the reader inside an old snapshot. */
    CHECK_INT(kh_store_story_add(w, 1, "قصة", NULL, 5, NULL, &err), KH_OK);
    CHECK_INT(put_simple(w, "a2", NULL, "الثاني", 1, &err), KH_OK);
    long n = 0;
    CHECK_INT(kh_store_article_count(r, &n, NULL, &err), KH_OK);
    CHECK_INT(n, 2);
    CHECK_STR(row.title, "الأول"); /* the copied row outlives other calls */
    CHECK_INT(kh_store_story_get(r, 1, 0, &st, &err), KH_OK);
    CHECK_STR(st.title, "قصة");
    kh_store_close(w);
    kh_store_close(r);
}

TEST(open_old_version_migrates)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    kh_store_close(s);
    /* Undo migration 2 by hand, as a database from an older khabar. */
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "DROP TABLE article_entities; DROP TABLE entities; "
                       "PRAGMA user_version=1",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(kh_store_schema_version(s), kh_store_schema_latest());
    CHECK_INT(put_simple(s, "a1", NULL, "عنوان", 0, &err), KH_OK);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "a1", &row, &err), KH_OK);
    int64_t rowid = row.rowid;
    CHECK_INT(kh_store_article_entity(s, rowid, "جدة", "PLACE", "جده", 2, &err), KH_OK);
    kh_store_close(s);
}

TEST(open_newer_version_refused)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA user_version=999", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    kh_store *s = kh_store_open(path, &err);
    CHECK(!s);
    CHECK_INT(err.rc, KH_ERR_DB);
    CHECK(strstr(err.msg, path));
    CHECK(strstr(err.msg, "newer"));
}

TEST(open_missing_folder)
{
    char path[600], missing[700];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("absent", path, sizeof path));
    snprintf(missing, sizeof missing, "%s/k.db", path);
    CHECK(!kh_store_open(missing, &err));
    CHECK_INT(err.rc, KH_ERR_IO);
    CHECK(strstr(err.msg, missing));
    CHECK(strstr(err.msg, "absent"));
}

TEST(open_folder_is_a_file)
{
    char path[600], inside[700];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("plain", path, sizeof path));
    FILE *f = fopen(path, "w");
    CHECK(f);
    fclose(f);
    snprintf(inside, sizeof inside, "%s/k.db", path);
    CHECK(!kh_store_open(inside, &err));
    CHECK_INT(err.rc, KH_ERR_IO);
    CHECK(strstr(err.msg, inside));
    CHECK(strstr(err.msg, "not a folder"));
}

TEST(open_readonly_folder)
{
    char path[600], dir[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    CHECK(chmod(dir, 0555) == 0);
    if (access(dir, W_OK) == 0) {
        /* root writes anywhere: use a folder the kernel refuses to all. */
        chmod(dir, 0755);
        snprintf(dir, sizeof dir, "/proc/sys");
        snprintf(path, sizeof path, "/proc/sys/k.db");
        if (access(dir, W_OK) == 0) {
            fprintf(stderr, "  (no read-only folder to test with; checked nothing)\n");
            return;
        }
    }
    kh_store *s = kh_store_open(path, &err);
    chmod(dir, 0755);
    CHECK(!s);
    CHECK_INT(err.rc, KH_ERR_IO);
    CHECK(strstr(err.msg, path));
    CHECK(strstr(err.msg, "not writable"));
}

TEST(open_not_a_database)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("notes.db", path, sizeof path));
    FILE *f = fopen(path, "w");
    CHECK(f);
    fputs("these are notes, not a database, but long enough to have a header of sorts\n", f);
    fclose(f);
    CHECK(!kh_store_open(path, &err));
    CHECK_INT(err.rc, KH_ERR_DB);
    CHECK(strstr(err.msg, path));
    CHECK(strstr(err.msg, "not a database"));
}

TEST(open_null_and_empty_path)
{
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(!kh_store_open(NULL, &err));
    CHECK_INT(err.rc, KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK(!kh_store_open("", &err));
    CHECK_INT(err.rc, KH_ERR_ARG);
    kh_store_close(NULL);
    CHECK(kh_store_path(NULL) == NULL);
}

TEST(begin_twice_and_commit_without_begin)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(kh_store_commit(s, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_begin(s, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    kh_store_rollback(s); /* outside a transaction: nothing happens */
    kh_store_close(s);
}

TEST(close_rolls_back_open_batch)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(put_simple(s, "a1", NULL, "عنوان", 0, &err), KH_OK);
    kh_store_close(s);
    s = kh_store_open(path, &err);
    CHECK(s);
    long n = -1;
    CHECK_INT(kh_store_article_count(s, &n, NULL, &err), KH_OK);
    kh_store_close(s);
    CHECK_INT(n, 0);
}

TEST(path_default_env)
{
    setenv("KHABAR_DB", "/tmp/elsewhere.db", 1);
    CHECK_STR(kh_store_path_default(), "/tmp/elsewhere.db");
    unsetenv("KHABAR_DB");
    CHECK_STR(kh_store_path_default(), "khabar.db");
}

/* A mention of an article that does not exist: refused with the checks
 * on (as after open), written with them off; set only outside a
 * transaction. */
TEST(ref_checks_off_and_on)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("k.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    kh_store_mention m = {"جدة", "PLACE", "جده", 1};
    CHECK_INT(kh_store_article_entities(s, 12345, &m, 1, &err), KH_ERR_DB);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_set_ref_checks(s, 0, &err), KH_ERR_ARG);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_set_ref_checks(s, 0, &err), KH_OK);
    CHECK_INT(kh_store_article_entities(s, 12345, &m, 1, &err), KH_OK);
    CHECK_INT(kh_store_set_ref_checks(s, 1, &err), KH_OK);
    m.key = "مصر";
    CHECK_INT(kh_store_article_entities(s, 12346, &m, 1, &err), KH_ERR_DB);
    CHECK_INT(kh_store_set_ref_checks(NULL, 1, &err), KH_ERR_ARG);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN("store/schema", TEST_CASE(open_creates_schema), TEST_CASE(open_twice_keeps_data),
             TEST_CASE(open_two_handles), TEST_CASE(reader_sees_new_commits),
             TEST_CASE(open_old_version_migrates), TEST_CASE(open_newer_version_refused),
             TEST_CASE(open_missing_folder), TEST_CASE(open_folder_is_a_file),
             TEST_CASE(open_readonly_folder), TEST_CASE(open_not_a_database),
             TEST_CASE(open_null_and_empty_path), TEST_CASE(begin_twice_and_commit_without_begin),
             TEST_CASE(close_rolls_back_open_batch), TEST_CASE(path_default_env),
             TEST_CASE(ref_checks_off_and_on));
}
