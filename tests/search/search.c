/*
 * tests/search/search.c - the search index over an articles table: sync,
 * queries in one spelling finding the others, ranking, snippets, and
 * queries that try FTS5 syntax.
 */
#include "core/alloc.h"
#include "search/search.h"
#include "test.h"

#include <string.h>

static const char *const docs[][2] = {
    {"زيلينسكي يصل إلى باريس", "وصل الرئيس الأوكراني زيلينسكي إلى العاصمة الفرنسية."},
    {"محادثات حول اوكرانيا", "تستضيف باريس محادثات حول الحرب في اوكرانيا اليوم."},
    {"ترميم بيت تاريخي", "بدأت أعمال ترميم بيت تاريخي في المدينة القديمة."},
    {"المركزي يرفع الفائدة", "رفع البنك المركزي سعر الفائدة ربع نقطة."},
};
#define N_DOCS (sizeof docs / sizeof docs[0])

static sqlite3 *open_db(size_t n)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return NULL;
    /* The columns of src/store's articles that search reads. */
    sqlite3_exec(db,
                 "CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT, outlet TEXT,"
                 " title TEXT, body TEXT, story_id INTEGER, published_ts INTEGER DEFAULT 0)",
                 NULL, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(
            db, "INSERT INTO articles(id, outlet, title, body) VALUES('a' || ?3, 'o', ?1, ?2)", -1,
            &st, NULL);
        sqlite3_bind_text(st, 1, docs[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, docs[i][1], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return db;
}

/* The rowid of the best hit for q, 0 when none, -1 on error. */
static long long best(sqlite3 *db, const char *q)
{
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_search_query(db, q, 10, &h, &err) != KH_OK)
        return -1;
    long long r = h.n ? h.items[0].rowid : 0;
    kh_search_hits_clean(&h);
    return r;
}

static sqlite3 *indexed(void)
{
    sqlite3 *db = open_db(N_DOCS);
    kh_err err;
    kh_err_init(&err, NULL);
    long n = 0;
    if (!db || kh_search_open(db, &err) != KH_OK || kh_search_sync(db, 0, &n, &err) != KH_OK ||
        n != (long)N_DOCS) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

TEST(query_name_without_long_vowel)
{
    sqlite3 *db = indexed();
    CHECK(db);
    long long r = best(db, "زيلنسكي");
    sqlite3_close(db);
    CHECK_INT(r, 1);
}

TEST(query_hamza_spelling)
{
    sqlite3 *db = indexed();
    CHECK(db);
    long long r = best(db, "أوكرانيا");
    sqlite3_close(db);
    CHECK_INT(r, 2);
}

TEST(query_definite_article)
{
    sqlite3 *db = indexed();
    CHECK(db);
    long long r = best(db, "البيت");
    sqlite3_close(db);
    CHECK_INT(r, 3);
}

TEST(query_no_match)
{
    sqlite3 *db = indexed();
    CHECK(db);
    long long r = best(db, "كرة القدم");
    sqlite3_close(db);
    CHECK_INT(r, 0);
}

TEST(query_all_words_before_any)
{
    sqlite3 *db = indexed();
    CHECK(db);
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    /* Only doc 4 has both words: it alone answers, without the OR pass. */
    CHECK_INT(kh_search_query(db, "البنك الفائدة", 10, &h, &err), KH_OK);
    int ok = h.n == 1 && h.items[0].rowid == 4 && !h.any_word;
    kh_search_hits_clean(&h);
    /* No doc has both: any word counts. */
    CHECK_INT(kh_search_query(db, "الفائدة بيت", 10, &h, &err), KH_OK);
    ok = ok && h.n == 2 && h.any_word;
    kh_search_hits_clean(&h);
    sqlite3_close(db);
    CHECK(ok);
}

TEST(query_snippet_marks_match)
{
    sqlite3 *db = indexed();
    CHECK(db);
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_search_query(db, "باريس", 10, &h, &err), KH_OK);
    /* Snippets are made on demand, for the hits shown. */
    static const char want[] = "\x02باريس\x03";
    int ok = h.n == 2 && h.items[0].snippet == NULL && h.items[0].score > 0 &&
             kh_search_snippets(db, &h, (const size_t[]){0}, 1, &err) == KH_OK &&
             h.items[0].snippet && strstr(h.items[0].snippet, want) != NULL &&
             h.items[1].snippet == NULL;
    kh_err_init(&err, NULL);
    ok = ok && kh_search_snippets(db, &h, (const size_t[]){2}, 1, &err) == KH_ERR_ARG;
    /* Both at once; the one already made is kept. */
    kh_err_init(&err, NULL);
    ok = ok && kh_search_snippets(db, &h, (const size_t[]){0, 1}, 2, &err) == KH_OK &&
         h.items[1].snippet && strstr(h.items[1].snippet, want) != NULL;
    kh_search_hits_clean(&h);
    sqlite3_close(db);
    CHECK(ok);
}

TEST(query_title_weighs_more)
{
    sqlite3 *db = indexed();
    CHECK(db);
    /* باريس is in doc 1's title and doc 2's body. */
    long long r = best(db, "باريس");
    sqlite3_close(db);
    CHECK_INT(r, 1);
}

/* Words typed together find first the article where they stand together:
 * the second article has every word in its title (worth three body words)
 * but as parts of other names. */
TEST(query_phrase_first)
{
    sqlite3 *db = indexed();
    CHECK(db);
    CHECK(sqlite3_exec(db,
                       "INSERT INTO articles(id, outlet, title, body) VALUES"
                       " ('p1', 'o', 'وصول الطائرة السادسة',"
                       "  'هبطت الطائرة في مطار الملك عبدالعزيز بجدة مساء أمس.'),"
                       " ('p2', 'o', 'الملك يفتتح مطار الأمير عبدالعزيز بن مساعد',"
                       "  'افتتح الملك المطار الجديد، وقال مدير مطار عبدالعزيز إن الملك أثنى.')",
                       NULL, NULL, NULL) == SQLITE_OK);
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_search_sync(db, 0, NULL, &err) == KH_OK);
    kh_search_hits h;
    CHECK(kh_search_query(db, "مطار الملك عبدالعزيز", 10, &h, &err) == KH_OK);
    CHECK_INT(h.n, 2);
    CHECK(strcmp(h.items[0].id, "p1") == 0 && strcmp(h.items[1].id, "p2") == 0);
    CHECK(!h.any_word && h.match && !strstr(h.match, "مطار الملك")); /* all-words, for snippets */
    size_t which[2] = {0, 1};
    CHECK(kh_search_snippets(db, &h, which, 2, &err) == KH_OK);
    CHECK(h.items[1].snippet && strchr(h.items[1].snippet, KH_SEARCH_MARK_OPEN));
    kh_search_hits_clean(&h);
    /* The limit holds over both parts. */
    CHECK(kh_search_query(db, "مطار الملك عبدالعزيز", 1, &h, &err) == KH_OK);
    CHECK_INT(h.n, 1);
    CHECK(strcmp(h.items[0].id, "p1") == 0);
    kh_search_hits_clean(&h);
    /* One word: no phrase. */
    CHECK(best(db, "عبدالعزيز") > 0);
    sqlite3_close(db);
}

TEST(query_fts_syntax_is_text)
{
    sqlite3 *db = indexed();
    CHECK(db);
    static const char *const qs[] = {"title:باريس", "NEAR(باريس", "\"باريس", "باريس*",
                                     "باريس OR",    "^باريس",     "- باريس", "AND"};
    int ok = 1;
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
        if (best(db, qs[i]) < 0)
            ok = 0;
    sqlite3_close(db);
    CHECK(ok);
}

TEST(query_empty_and_over_cap)
{
    sqlite3 *db = indexed();
    CHECK(db);
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    kh_rc a = kh_search_query(db, "", 10, &h, &err);
    kh_err_init(&err, NULL);
    kh_rc b = kh_search_query(db, " ، . ", 10, &h, &err);
    char big[KH_SEARCH_MAX_QUERY + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    kh_err_init(&err, NULL);
    kh_rc c = kh_search_query(db, big, 10, &h, &err);
    kh_err_init(&err, NULL);
    kh_rc d = kh_search_query(db, NULL, 10, &h, &err);
    sqlite3_close(db);
    CHECK_INT(a, KH_ERR_ARG);
    CHECK_INT(b, KH_ERR_ARG);
    CHECK_INT(c, KH_ERR_TOOBIG);
    CHECK_INT(d, KH_ERR_ARG);
}

TEST(sync_incremental)
{
    sqlite3 *db = open_db(2);
    CHECK(db);
    kh_err err;
    kh_err_init(&err, NULL);
    long n1 = -1, n2 = -1, n3 = -1;
    int ok = kh_search_open(db, &err) == KH_OK && kh_search_sync(db, 0, &n1, &err) == KH_OK;
    /* Two more stored later: only they are indexed; then nothing. */
    sqlite3_exec(db,
                 "INSERT INTO articles(title, body) VALUES('ترميم بيت', 'نص');"
                 "INSERT INTO articles(title, body) VALUES('عنوان', 'نص آخر')",
                 NULL, NULL, NULL);
    ok = ok && kh_search_sync(db, 0, &n2, &err) == KH_OK &&
         kh_search_sync(db, 0, &n3, &err) == KH_OK;
    long long r = best(db, "ترميم");
    sqlite3_close(db);
    CHECK(ok);
    CHECK_INT(n1, 2);
    CHECK_INT(n2, 2);
    CHECK_INT(n3, 0);
    CHECK_INT(r, 3);
}

TEST(sync_max_bounds_a_round)
{
    sqlite3 *db = open_db(N_DOCS);
    CHECK(db);
    kh_err err;
    kh_err_init(&err, NULL);
    long n1 = -1, n2 = -1;
    int ok = kh_search_open(db, &err) == KH_OK && kh_search_sync(db, 3, &n1, &err) == KH_OK &&
             kh_search_sync(db, 3, &n2, &err) == KH_OK;
    sqlite3_close(db);
    CHECK(ok);
    CHECK_INT(n1, 3);
    CHECK_INT(n2, (long)N_DOCS - 3);
}

TEST(open_twice_keeps_index)
{
    sqlite3 *db = indexed();
    CHECK(db);
    kh_err err;
    kh_err_init(&err, NULL);
    long n = -1;
    int ok = kh_search_open(db, &err) == KH_OK && kh_search_sync(db, 0, &n, &err) == KH_OK;
    long long r = best(db, "باريس");
    sqlite3_close(db);
    CHECK(ok);
    CHECK_INT(n, 0);
    CHECK_INT(r, 1);
}

TEST(index_article_then_sync_skips_it)
{
    sqlite3 *db = open_db(0);
    CHECK(db);
    kh_err err;
    kh_err_init(&err, NULL);
    long n = -1;
    int ok = kh_search_open(db, &err) == KH_OK;
    sqlite3_exec(db, "INSERT INTO articles(title, body) VALUES('قمة الرياض', 'نص')", NULL, NULL,
                 NULL);
    ok = ok && kh_search_index_article(db, 1, "قمة الرياض", "نص", &err) == KH_OK &&
         kh_search_sync(db, 0, &n, &err) == KH_OK;
    long long r = best(db, "الرياض");
    sqlite3_close(db);
    CHECK(ok);
    CHECK_INT(n, 0);
    CHECK_INT(r, 1);
}

TEST(search_without_index)
{
    sqlite3 *db = open_db(1);
    CHECK(db);
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    kh_rc rc = kh_search_query(db, "بيت", 10, &h, &err);
    sqlite3_close(db);
    CHECK_INT(rc, KH_ERR_DB);
    CHECK_INT(h.n, 0);
}

int main(void)
{
    TEST_RUN("search/search", TEST_CASE(query_name_without_long_vowel),
             TEST_CASE(query_hamza_spelling), TEST_CASE(query_definite_article),
             TEST_CASE(query_no_match), TEST_CASE(query_all_words_before_any),
             TEST_CASE(query_snippet_marks_match), TEST_CASE(query_title_weighs_more),
             TEST_CASE(query_phrase_first), TEST_CASE(query_fts_syntax_is_text),
             TEST_CASE(query_empty_and_over_cap), TEST_CASE(sync_incremental),
             TEST_CASE(sync_max_bounds_a_round), TEST_CASE(open_twice_keeps_index),
             TEST_CASE(index_article_then_sync_skips_it), TEST_CASE(search_without_index));
}
