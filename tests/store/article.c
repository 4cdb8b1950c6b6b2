/*
 * tests/store/article.c - storing and reading articles, re-ingest by id
 * and by url, batches rolled back whole, entity mentions
 * (src/store/article.c).
 */
#include "store/store.h"
#include "store/store_int.h"
#include "store_test.h"
#include "test.h"

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

static int count_rows(const kh_store_article *row, void *ctx)
{
    (void)row;
    (*(long *)ctx)++;
    return 0;
}

static int join_counts(const char *name, const char *type, long n, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "%s/%s/%ld ", name, type ? type : "-", n);
    return 0;
}

TEST(time_iso_forms)
{
    CHECK_INT(kh_store_article_time("2015-08-10T19:02:11+03:00"), 1439222531);
    CHECK_INT(kh_store_article_time("2015-08-10T16:02:11Z"), 1439222531);
    CHECK_INT(kh_store_article_time("2015-08-10T16:02:11"), 1439222531);
    CHECK_INT(kh_store_article_time("2015-08-10 16:02:11.250+0000"), 1439222531);
    CHECK_INT(kh_store_article_time("2015-08-10T12:02:11-04:00"), 1439222531);
    CHECK_INT(kh_store_article_time("2015-08-10"), 1439164800);
    CHECK_INT(kh_store_article_time("2024-02-29T12:30"), 1709209800);
    CHECK_INT(kh_store_article_time("1969-12-31T23:00:00Z"), -3600);
}

TEST(time_bad_forms)
{
    CHECK_INT(kh_store_article_time(NULL), -1);
    CHECK_INT(kh_store_article_time(""), -1);
    CHECK_INT(kh_store_article_time("yesterday"), -1);
    CHECK_INT(kh_store_article_time("2015-13-10"), -1);
    CHECK_INT(kh_store_article_time("2015-08-10T25:00"), -1);
    CHECK_INT(kh_store_article_time("2015-08-10T10:00:00 trailing"), -1);
    CHECK_INT(kh_store_article_time("2015-8-10"), -1);
}

TEST(time_format_utc)
{
    char out[32];
    kh_store_article_time_format(1439222531, out, sizeof out);
    CHECK_STR(out, "2015-08-10T16:02:11Z");
    kh_store_article_time_format(0, out, 4); /* too small: empty, not cut */
    CHECK_STR(out, "");
}

TEST(put_get_roundtrip)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_article *a = make_article("2015-08-10#1", "http://okaz/1", "okaz",
                                 "2015-08-10T19:02:11+03:00", "أمطار على جدة", "الفقرة الأولى");
    CHECK(a);
    CHECK_INT(kh_article_list_add(a, &a->body, "الفقرة الثانية", strlen("الفقرة الثانية")), KH_OK);
    a->section = kh_article_strndup(a, "محليات", strlen("محليات"));
    kh_store_place p = {0, "2015-08-09#7", 0.91, 0};
    int64_t rowid = 0;
    CHECK_INT(kh_store_article_put(s, a, 1439222531, &p, &rowid, &err), KH_OK);
    kh_article_free(a);
    CHECK(rowid > 0);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "2015-08-10#1", &row, &err), KH_OK);
    CHECK_INT(row.rowid, rowid);
    CHECK_STR(row.url, "http://okaz/1");
    CHECK_STR(row.outlet, "okaz");
    CHECK_STR(row.published, "2015-08-10T19:02:11+03:00");
    CHECK_INT(row.published_ts, 1439222531);
    CHECK_STR(row.title, "أمطار على جدة");
    CHECK_STR(row.section, "محليات");
    CHECK(row.teaser == NULL);
    CHECK_STR(row.body, "الفقرة الأولى\nالفقرة الثانية");
    CHECK_STR(row.kind, "json");
    CHECK_STR(row.dup_of, "2015-08-09#7");
    CHECK(row.dup_sim > 0.90 && row.dup_sim < 0.92);
    CHECK_INT(row.story_id, 0);
    CHECK(row.ingested_at > 1600000000);
    CHECK_INT(kh_store_article_get(s, "absent", &row, &err), KH_DONE);
    kh_store_close(s);
}

TEST(put_same_id_unchanged)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", "http://x/1", "الأول", 0, &err), KH_OK);
    CHECK_INT(put_simple(s, "a1", "http://x/other", "عنوان آخر", 0, &err), KH_DONE);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "a1", &row, &err), KH_OK);
    CHECK_STR(row.title, "الأول"); /* the first version stays */
    CHECK_INT(count(s), 1);
    kh_store_close(s);
}

TEST(put_same_url_unchanged)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", "http://x/1", "الأول", 0, &err), KH_OK);
    CHECK_INT(put_simple(s, "recrawl-9", "http://x/1", "الأول", 0, &err), KH_DONE);
    int found = 0;
    CHECK_INT(kh_store_article_exists(s, "recrawl-9", "http://x/1", &found, &err), KH_OK);
    CHECK_INT(found, 1);
    CHECK_INT(kh_store_article_exists(s, "recrawl-9", NULL, &found, &err), KH_OK);
    CHECK_INT(found, 0);
    CHECK_INT(count(s), 1);
    kh_store_close(s);
}

TEST(put_without_url_twice)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    /* No url is not one shared url: both go in. */
    CHECK_INT(put_simple(s, "a1", NULL, "الأول", 0, &err), KH_OK);
    CHECK_INT(put_simple(s, "a2", NULL, "الثاني", 0, &err), KH_OK);
    CHECK_INT(count(s), 2);
    kh_store_close(s);
}

TEST(put_missing_fields)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_article *a = make_article("a1", NULL, NULL, NULL, NULL, "نص");
    CHECK_INT(kh_store_article_put(s, a, 0, NULL, NULL, &err), KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "title"));
    kh_article_free(a);
    kh_err_init(&err, NULL);
    a = make_article("a1", NULL, NULL, NULL, "عنوان", NULL);
    CHECK_INT(kh_store_article_put(s, a, 0, NULL, NULL, &err), KH_ERR_EMPTY);
    CHECK(strstr(err.msg, "text"));
    kh_article_free(a);
    kh_err_init(&err, NULL);
    a = make_article(NULL, NULL, NULL, NULL, "عنوان", "نص");
    CHECK_INT(kh_store_article_put(s, a, 0, NULL, NULL, &err), KH_ERR_ARG);
    kh_article_free(a);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_article_put(s, NULL, 0, NULL, NULL, &err), KH_ERR_ARG);
    CHECK_INT(count(s), 0);
    kh_store_close(s);
}

TEST(put_outlet_defaults_to_unknown)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    kh_article *a = make_article("a1", NULL, NULL, NULL, "عنوان", "نص");
    CHECK_INT(kh_store_article_put(s, a, 0, NULL, NULL, &err), KH_OK);
    kh_article_free(a);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "a1", &row, &err), KH_OK);
    CHECK_STR(row.outlet, "unknown");
    kh_store_close(s);
}

TEST(batch_rollback_leaves_nothing)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "kept", NULL, "قبل", 0, &err), KH_OK);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_story_add(s, 5, "قصة", NULL, 100, NULL, &err), KH_OK);
    CHECK_INT(put_simple(s, "b1", NULL, "واحد", 5, &err), KH_OK);
    CHECK_INT(put_simple(s, "b2", NULL, "اثنان", 5, &err), KH_OK);
    /* A story that does not exist breaks the foreign key: the batch fails
     * half way and is rolled back whole. */
    CHECK_INT(put_simple(s, "b3", NULL, "ثلاثة", 77, &err), KH_ERR_DB);
    CHECK(strstr(err.msg, path));
    kh_store_rollback(s);
    CHECK_INT(count(s), 1);
    kh_store_article row;
    CHECK_INT(kh_store_article_get(s, "b1", &row, &err), KH_DONE);
    kh_store_story st;
    CHECK_INT(kh_store_story_get(s, 5, 0, &st, &err), KH_DONE);
    /* The store is usable after the rollback. */
    kh_err_init(&err, NULL);
    CHECK_INT(put_simple(s, "b1", NULL, "واحد", 0, &err), KH_OK);
    CHECK_INT(count(s), 2);
    kh_store_close(s);
}

TEST(batch_commit_survives_reopen)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "a%d", i);
        CHECK_INT(put_simple(s, id, NULL, "عنوان", 0, &err), KH_OK);
    }
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    kh_store_close(s);
    s = kh_store_open(path, &err);
    CHECK(s);
    CHECK_INT(count(s), 50);
    long n = 0;
    CHECK_INT(kh_store_article_each(s, -1, 0, count_rows, &n, &err), KH_OK);
    CHECK_INT(n, 50);
    kh_store_close(s);
}

/* The rowid of the stored article id, or 0. */
static int64_t rowid_of(kh_store *s, const char *id)
{
    kh_store_article row;
    return kh_store_article_get(s, id, &row, NULL) == KH_OK ? row.rowid : 0;
}

/* A new store in a temporary folder holding story 1 and its article a1,
 * whose rowid goes to *rowid; NULL on failure. */
static kh_store *open_with_article(char *path, size_t cap, kh_err *err, int64_t *rowid)
{
    kh_store *s = open_tmp(path, cap, err);
    if (s &&
        (kh_store_story_add(s, 1, "قصة", NULL, 100, NULL, err) != KH_OK ||
         put_simple(s, "a1", NULL, "واحد", 1, err) != KH_OK || (*rowid = rowid_of(s, "a1")) <= 0)) {
        kh_store_close(s);
        s = NULL;
    }
    return s;
}

TEST(entity_mentions_add_up)
{
    char path[600];
    kh_err err;
    int64_t rowid;
    kh_store *s = open_with_article(path, sizeof path, &err, &rowid);
    CHECK(s);
    CHECK_INT(kh_store_article_entity(s, rowid, "جدة", "PLACE", "جده", 2, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, rowid, "جدّة", "PLACE", "جده", 1, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, rowid, "الرياض", "PLACE", "الرياض", 1, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, rowid, "x", "PLACE", "", 1, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    char got[256] = "";
    CHECK_INT(kh_store_story_entities(s, 1, 10, join_counts, got, &err), KH_OK);
    /* One entity per key, named as first seen, mentions summed. */
    CHECK_STR(got, "جدة/PLACE/3 الرياض/PLACE/1 ");
    kh_store_close(s);
}

/* place.checked spares put its lookups only inside a transaction: outside
 * one, a stored id is still found (KH_DONE); inside one the caller's word
 * is taken, and a wrong word shows as a constraint error, never as a
 * second row. */
TEST(put_checked_place)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", "http://x/1", "الأول", 0, &err), KH_OK);
    kh_store_place p = {0, NULL, 0, 1};
    kh_article *a = make_article("a1", NULL, "okaz", "2015-08-10T10:00:00+03:00", "ثان", "نص");
    CHECK(a);
    CHECK_INT(kh_store_article_put(s, a, 1439190000, &p, NULL, &err), KH_DONE);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_article_put(s, a, 1439190000, &p, NULL, &err), KH_ERR_DB);
    kh_store_rollback(s);
    kh_article_free(a);
    a = make_article("a2", "http://x/2", "okaz", "2015-08-10T10:00:00+03:00", "ثالث", "نص");
    CHECK(a);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    int64_t rowid = 0;
    CHECK_INT(kh_store_article_put(s, a, 1439190000, &p, &rowid, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    kh_article_free(a);
    CHECK(rowid > 0);
    CHECK_INT(count(s), 2);
    kh_store_close(s);
}

/* Entity ids are remembered by the handle; a rolled-back batch takes its
 * new entities back, and the handle must forget their ids: the next batch
 * gives the same key another id. */
TEST(entity_ids_after_rollback)
{
    char path[600];
    kh_err err;
    int64_t rowid;
    kh_store *s = open_with_article(path, sizeof path, &err, &rowid);
    CHECK(s);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, rowid, "جدة", "PLACE", "جده", 1, &err), KH_OK);
    kh_store_rollback(s);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    /* Another key takes the id the rolled-back one had... */
    CHECK_INT(kh_store_article_entity(s, rowid, "الرياض", "PLACE", "الرياض", 2, &err), KH_OK);
    /* ...and the first key is stored anew, under its own name. */
    CHECK_INT(kh_store_article_entity(s, rowid, "جدة", "PLACE", "جده", 1, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, rowid, "جدة", "PLACE", "جده", 3, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    char got[256] = "";
    CHECK_INT(kh_store_story_entities(s, 1, 10, join_counts, got, &err), KH_OK);
    CHECK_STR(got, "جدة/PLACE/4 الرياض/PLACE/2 ");
    kh_store_close(s);
}

static int join_keys(const char *key, void *ctx)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s ", key);
    return 0;
}

static int stop_at_first(const char *key, void *ctx)
{
    (void)key;
    ++*(int *)ctx;
    return 1;
}

TEST(article_keys_most_mentioned_first)
{
    char path[600];
    kh_err err;
    int64_t a1;
    kh_store *s = open_with_article(path, sizeof path, &err, &a1);
    CHECK(s);
    CHECK_INT(put_simple(s, "a2", NULL, "اثنان", 1, &err), KH_OK);
    int64_t a2 = rowid_of(s, "a2");
    CHECK(a2 > 0);
    CHECK_INT(kh_store_begin(s, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, a1, "جدة", "PLACE", "جده", 1, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, a1, "سامر الحداد", "PERSON", "سامر الحداد", 3, &err),
              KH_OK);
    CHECK_INT(kh_store_article_entity(s, a1, "الرياض", "PLACE", "الرياض", 1, &err), KH_OK);
    CHECK_INT(kh_store_article_entity(s, a2, "مصر", "PLACE", "مصر", 2, &err), KH_OK);
    CHECK_INT(kh_store_commit(s, &err), KH_OK);
    char got[256] = "";
    CHECK_INT(kh_store_article_keys(s, a1, join_keys, got, &err), KH_OK);
    /* Most mentioned first, then by key; nothing of the other article. */
    CHECK_STR(got, "سامر الحداد الرياض جده ");
    int calls = 0;
    CHECK_INT(kh_store_article_keys(s, a1, stop_at_first, &calls, &err), KH_OK);
    CHECK_INT(calls, 1);
    got[0] = '\0';
    CHECK_INT(kh_store_article_keys(s, 999999, join_keys, got, &err), KH_OK);
    CHECK_STR(got, "");
    kh_store_close(s);
}

/* The mention rows and entities of a store as text ("entity id key name
 * type" and "article entity count" lines), read with SQL. */
static void dump_mentions(kh_store *s, char *out, size_t cap)
{
    const char *sql = "SELECT id || ' ' || key || ' ' || name || ' ' || type FROM entities "
                      "UNION ALL SELECT * FROM (SELECT article || ' ' || entity || ' ' || count "
                      "FROM article_entities ORDER BY article, entity)";
    sqlite3_stmt *st = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW && len < cap)
        len += (size_t)snprintf(out + len, cap - len, "%s\n", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* 70 mentions (k7 twice in the first 64, k5 once in each 64) in one call:
 * entities numbered 64 at a time, rows 16 + 16 + 16 + 16, then 4 + 2 a
 * statement in ascending entity order; the same rows and entity ids as one
 * call a mention. */
TEST(entities_many_rows_as_one_by_one)
{
    static char dump[2][8192];
    char keys[70][16];
    kh_store_mention m[70];
    for (int i = 0; i < 70; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i == 30 ? 7 : i == 66 ? 5 : i);
        m[i] = (kh_store_mention){keys[i], i % 2 ? "PLACE" : "PERSON", keys[i], i + 1};
    }
    for (int way = 0; way < 2; way++) {
        char path[600];
        kh_err err;
        kh_store *s = open_tmp(path, sizeof path, &err);
        CHECK(s);
        CHECK_INT(put_simple(s, "a0", NULL, "صفر", 0, &err), KH_OK);
        CHECK_INT(put_simple(s, "a1", NULL, "واحد", 0, &err), KH_OK);
        int64_t a0 = rowid_of(s, "a0"), a1 = rowid_of(s, "a1");
        CHECK(a0 > 0 && a1 > 0);
        CHECK_INT(kh_store_begin(s, &err), KH_OK);
        /* An entity known before the article's, so ids do not start at 1. */
        CHECK_INT(kh_store_article_entity(s, a0, "k3", "PLACE", "k3", 1, &err), KH_OK);
        if (way == 0) {
            CHECK_INT(kh_store_article_entities(s, a1, m, 70, &err), KH_OK);
        } else {
            for (int i = 0; i < 70; i++)
                CHECK_INT(kh_store_article_entity(s, a1, m[i].name, m[i].type, m[i].key, m[i].count,
                                                  &err),
                          KH_OK);
        }
        CHECK_INT(kh_store_article_entities(s, a0, m, 0, &err), KH_OK);
        CHECK_INT(kh_store_commit(s, &err), KH_OK);
        dump_mentions(s, dump[way], sizeof dump[way]);
        kh_store_close(s);
    }
    CHECK(strstr(dump[0], "\n2 k0 k0 PERSON\n")); /* numbered in the given order */
    CHECK(strstr(dump[0], "\n2 8 39\n"));         /* a1 mentions k7 (id 8) 8 + 31 times */
    CHECK(strstr(dump[0], "\n2 6 73\n"));         /* and k5 (id 6) 6 + 67 times */
    CHECK(!strstr(dump[0], "k30") && !strstr(dump[0], "k66"));
    CHECK_STR(dump[0], dump[1]);
}

TEST(entities_bad_mention_writes_nothing)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", NULL, "واحد", 0, &err), KH_OK);
    int64_t a1 = rowid_of(s, "a1");
    kh_store_mention m[3] = {
        {"جدة", "PLACE", "جده", 1}, {"مصر", "PLACE", "مصر", 1}, {"x", "PLACE", "", 1}};
    CHECK_INT(kh_store_article_entities(s, a1, m, 3, &err), KH_ERR_ARG);
    m[2].key = "x";
    m[1].name = NULL;
    CHECK_INT(kh_store_article_entities(s, a1, m, 3, &err), KH_ERR_ARG);
    char got[256];
    dump_mentions(s, got, sizeof got);
    CHECK_STR(got, "");
    kh_store_close(s);
}

/* A key stored by an earlier handle is not in this one's cache: the
 * insert finds it and the mention gets the stored id, no second entity. */
TEST(entities_key_from_earlier_handle)
{
    char path[600];
    kh_err err;
    kh_store *s = open_tmp(path, sizeof path, &err);
    CHECK(s);
    CHECK_INT(put_simple(s, "a1", NULL, "واحد", 0, &err), KH_OK);
    CHECK_INT(put_simple(s, "a2", NULL, "اثنان", 0, &err), KH_OK);
    int64_t a1 = rowid_of(s, "a1"), a2 = rowid_of(s, "a2");
    kh_store_mention m[2] = {{"جدة", "PLACE", "جده", 2}, {"مصر", "PLACE", "مصر", 1}};
    CHECK_INT(kh_store_article_entities(s, a1, m, 2, &err), KH_OK);
    kh_store_close(s);
    CHECK((s = kh_store_open(path, &err)));
    kh_store_mention m2[2] = {{"الرياض", "PLACE", "الرياض", 1}, {"جدّة", "PLACE", "جده", 4}};
    CHECK_INT(kh_store_article_entities(s, a2, m2, 2, &err), KH_OK);
    char got[512], want[512];
    dump_mentions(s, got, sizeof got);
    snprintf(want, sizeof want,
             "1 جده جدة PLACE\n2 مصر مصر PLACE\n3 الرياض الرياض PLACE\n"
             "%lld 1 2\n%lld 2 1\n%lld 1 4\n%lld 3 1\n",
             (long long)a1, (long long)a1, (long long)a2, (long long)a2);
    CHECK_STR(got, want);
    kh_store_close(s);
}

int main(void)
{
    TEST_RUN(
        "store/article", TEST_CASE(time_iso_forms), TEST_CASE(time_bad_forms),
        TEST_CASE(time_format_utc), TEST_CASE(put_get_roundtrip), TEST_CASE(put_same_id_unchanged),
        TEST_CASE(put_same_url_unchanged), TEST_CASE(put_without_url_twice),
        TEST_CASE(put_missing_fields), TEST_CASE(put_outlet_defaults_to_unknown),
        TEST_CASE(batch_rollback_leaves_nothing), TEST_CASE(batch_commit_survives_reopen),
        TEST_CASE(entity_mentions_add_up), TEST_CASE(entity_ids_after_rollback),
        TEST_CASE(put_checked_place), TEST_CASE(article_keys_most_mentioned_first),
        TEST_CASE(entities_many_rows_as_one_by_one), TEST_CASE(entities_bad_mention_writes_nothing),
        TEST_CASE(entities_key_from_earlier_handle));
}
